// Journeys through a sign-in trace (HAR) on the release build: open it into the case, see the failure
// at its step, download the sanitized copy, and the request audit.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serveDist, launch, openPage, paste, assertClean } from './harness.mjs';
import { writeBigHar, PLANTED as BIG_PLANTED, KEPT } from './bighar.mjs';

let site, browser;
before(async () => { site = await serveDist(); browser = await launch(); });
after(async () => { await browser?.close(); await site?.close(); });

const FIXTURE = await readFile(new URL('../../crates/analysis/tests/fixtures/har/cross-tenant-50020.har', import.meta.url), 'utf8');
const TRACE_ID = 'aaaa0000-bbbb-4ccc-8ddd-eeeeffff0001';
const CORRELATION = 'c0c0c0c0-1111-4222-8333-444444444444';
// Planted on the failing request: a header not on the keep list and a refresh-token credential.
const PLANTED = 'PLANTEDsecret-7f3e9a1b-do-not-keep';
const PLANTED_RT = 'eyJhbGciOiJIUzI1NiJ9.PLANTEDrefreshcredential.c2ln';

/** The fixture with the planted secrets; the same entries. */
function planted() {
  const har = JSON.parse(FIXTURE);
  const login = har.log.entries[6];
  login.request.headers.push({ name: 'x-planted', value: PLANTED });
  login.request.headers.push({ name: 'x-ms-RefreshTokenCredential', value: PLANTED_RT });
  return JSON.stringify(har, null, 2);
}



test('an opened HAR shows its steps with the failure at its step, and downloads a sanitized copy', async () => {
  const { page, context, audit } = await openPage(browser, site);
  const text = planted();
  await page.locator('#case-files').setInputFiles({ name: 'cross-tenant-50020.har', mimeType: 'application/json', buffer: Buffer.from(text) });
  const view = page.locator('#panel-case section.trace');
  await view.waitFor();
  assert.match(await view.locator('h3').innerText(), /Sign-in trace[\s\S]*cross-tenant-50020\.har/);

  // The steps, in order; the failure sits at the password step (entry 6), with its IDs.
  const steps = view.locator('ol.trace-hops > li.hop');
  assert.equal(await steps.count(), 3);
  assert.match(await steps.nth(0).innerText(), /Authorize[\s\S]*login\.microsoftonline\.com\/6f1b2c3d-0000-4000-8000-00000000c0de\/oauth2\/v2\.0\/authorize/);
  assert.match(await steps.nth(0).innerText(), /a\*\*\*@partner\.example/);
  const failed = view.locator('li.hop.failed');
  assert.equal(await failed.count(), 1);
  assert.equal(await failed.getAttribute('id'), 'trace-hop-6');
  const failure = failed.locator('.trace-failure');
  assert.match(await failure.innerText(), /AADSTS50020/);
  assert.match(await failure.innerText(), new RegExp(TRACE_ID));
  assert.match(await failure.innerText(), new RegExp(CORRELATION));
  assert.equal(await view.locator('.trace-failure').count(), 1, 'the failure is shown at its step only');
  assert.match(await view.locator('details.trace-noise summary').innerText(), /^4 requests hidden \(scripts, images, fonts, telemetry and the like\)$/);
  assert.ok(!(await view.innerText()).includes(PLANTED), 'the view never shows a header value it does not need');

  // The keep list is on the page.
  await view.locator('details.keep-lists summary').click();
  assert.match(await view.locator('details.keep-lists').innerText(), /x-ms-request-id/);

  // The sanitized copy: a Blob download, nothing sent.
  await view.getByLabel('Mask email addresses and display names').check();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    view.getByRole('button', { name: 'Download sanitized copy' }).click(),
  ]);
  assert.equal(download.suggestedFilename(), 'cross-tenant-50020-sanitized.har');
  const saved = await readFile(await download.path(), 'utf8');
  const har = JSON.parse(saved);
  assert.equal(har.log.entries.length, JSON.parse(text).log.entries.length, 'the same entries');
  for (const secret of [PLANTED, PLANTED_RT, 'PLANTEDrefreshcredential', 'Correct Horse', 'Correct%20Horse',
    'FAKE-estsauth-cookie-value-0001', 'FAKEcanaryVALUE0004', 'alex@partner.example', 'alex%40partner.example']) {
    assert.ok(!saved.includes(secret), `${secret} survived sanitizing`);
  }
  assert.ok(saved.includes(CORRELATION), 'the correlation ID is kept');
  assert.ok(saved.includes(TRACE_ID), 'the request ID is kept');
  assert.ok(saved.includes('[removed:'), 'removed values are marked');

  // The summary counts kinds and places, never values.
  const summary = view.locator('.sanitize-summary');
  await summary.waitFor();
  const said = await summary.innerText();
  assert.match(said, /cross-tenant-50020-sanitized\.har/);
  assert.match(said, /Passwords/);
  assert.match(said, /Request headers/);
  assert.ok(!said.includes(PLANTED) && !said.includes('Correct Horse'));
  assertClean(audit);
  await context.close();
});

test('a case with a HAR opened as a file saves the HAR and opens to the same failure', async () => {
  const { page, context, audit } = await openPage(browser, site);
  await page.locator('#case-files').setInputFiles({ name: 'cross-tenant-50020.har', mimeType: 'application/json', buffer: Buffer.from(FIXTURE) });
  await page.locator('#panel-case section.trace li.hop.failed').waitFor();
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#case-save').click()]);
  // Read before the context closes: its downloads go with it.
  const file = await readFile(await download.path(), 'utf8');
  const saved = JSON.parse(file);
  assert.deepEqual(saved.sources.map((s) => s.name), ['cross-tenant-50020.har']);
  assert.equal(saved.sources[0].text, FIXTURE, 'the HAR is saved as it was opened');
  assertClean(audit);
  await context.close();

  const again = await openPage(browser, site);
  await again.page.locator('#case-open').setInputFiles({ name: 'guestlens-case.json', mimeType: 'application/json', buffer: Buffer.from(file) });
  const failed = again.page.locator('#panel-case section.trace li.hop.failed');
  await failed.waitFor();
  assert.equal(await failed.getAttribute('id'), 'trace-hop-6');
  assert.match(await failed.locator('.trace-failure').innerText(), new RegExp(CORRELATION));
  assertClean(again.audit);
  await again.context.close();
});

test('a token of the trace is in the Token view, and its request link opens the case at that step', async () => {
  const { page, context, audit } = await openPage(browser, site);
  const har = await readFile(new URL('../../crates/analysis/tests/fixtures/har/form-post-token-error.har', import.meta.url));
  await page.locator('#case-files').setInputFiles({ name: 'form-post.har', mimeType: 'application/json', buffer: har });
  await page.locator('#panel-case section.trace').waitFor();
  await page.locator('#tab-token').click();
  const token = page.locator('#panel-token li.trace-token').first();
  await token.locator('summary').click();
  const link = token.locator('p.meta a');
  const target = await link.getAttribute('href');
  assert.match(target, /^#trace-hop-\d+$/);
  await link.click();
  await page.locator('#panel-case').waitFor({ state: 'visible' });
  await page.waitForFunction((sel) => {
    const r = document.querySelector(sel)?.getBoundingClientRect();
    return r && r.top >= 0 && r.top < innerHeight;
  }, target, { timeout: 5000 });
  assertClean(audit);
  await context.close();
});

test('a pasted HAR that is cut short says why, and shows no steps', async () => {
  const { page, context, audit } = await openPage(browser, site);
  await paste(page, FIXTURE.slice(0, Math.floor(FIXTURE.length / 2)));
  const problem = page.locator('#panel-case section.trace .trace-problem');
  await problem.waitFor();
  assert.match(await problem.innerText(), /cut short|damaged/);
  assert.equal(await page.locator('#panel-case ol.trace-hops').count(), 0);
  assert.equal(await page.locator('#panel-case #trace-sanitize').count(), 0);
  assertClean(audit);
  await context.close();
});

// A HAR over the 16 MiB cap of other files, generated for the run (never committed).
const BIG_DIR = await mkdtemp(join(tmpdir(), 'guestlens-bighar-'));
const BIG_PATH = join(BIG_DIR, 'big-sign-in.har');
const BIG = writeBigHar(BIG_PATH, 36 * 1024 * 1024);
after(async () => { await rm(BIG_DIR, { recursive: true, force: true }); });

test('a 36 MB HAR opened as a file is read in pieces with progress, shows the failure at its step, and sanitizes to a download', async () => {
  assert.ok(BIG.bytes > 16 * 1024 * 1024, 'the file is over the cap of other files');
  const { page, context, audit } = await openPage(browser, site);
  assert.match(await page.locator('#case-caps').innerText(), /HAR trace file up to 256 MiB[\s\S]*other file up to 16 MiB[\s\S]*paste up to 16 MiB/);
  await page.locator('#case-files').setInputFiles(BIG_PATH);
  // Progress: bytes of the total and requests so far, while the file is read.
  const progress = page.locator('.har-progress');
  await progress.waitFor();
  assert.match(await progress.innerText(), /Reading big-sign-in\.har[\s\S]*of [\d,]+ bytes, [\d,]+ requests? so far/);
  const view = page.locator('#panel-case section.trace');
  await view.waitFor({ timeout: 120_000 });
  await progress.waitFor({ state: 'detached' });
  assert.match(await view.locator('.trace-summary').innerText(), new RegExp(`^${BIG.entries.toLocaleString('en-US')} requests: 3 identity steps`));
  const failed = view.locator('li.hop.failed');
  assert.equal(await failed.count(), 1);
  assert.equal(await failed.getAttribute('id'), `trace-hop-${BIG.failAt}`);
  assert.match(await failed.locator('.trace-failure').innerText(), new RegExp(`AADSTS50020[\\s\\S]*${KEPT.trace}[\\s\\S]*${KEPT.correlation}`));
  const source = page.locator('#panel-case ul.case-sources li.source');
  assert.equal(await source.count(), 1);
  assert.match(await source.innerText(), new RegExp(`big-sign-in\\.har[\\s\\S]*trace[\\s\\S]*${BIG.bytes.toLocaleString('en-US')} bytes`));

  // The sanitized copy, read again from the file piece by piece.
  const [download] = await Promise.all([
    page.waitForEvent('download', { timeout: 180_000 }),
    view.getByRole('button', { name: 'Download sanitized copy' }).click(),
  ]);
  assert.equal(download.suggestedFilename(), 'big-sign-in-sanitized.har');
  const saved = await readFile(await download.path(), 'utf8');
  const har = JSON.parse(saved);
  assert.equal(har.log.entries.length, BIG.entries, 'the same entries');
  for (const secret of [...Object.values(BIG_PLANTED), 'PLANTEDbigrefresh', 'Correct Horse', 'Correct%20Horse',
    'FAKE-estsauth-cookie-value-0001', 'FAKEcanaryVALUE0004']) {
    assert.ok(!saved.includes(secret), `${secret} survived sanitizing`);
  }
  assert.ok(saved.includes(KEPT.correlation) && saved.includes(KEPT.trace), 'the IDs support needs are kept');
  await view.locator('.sanitize-summary').waitFor();
  assert.match(await view.locator('.sanitize-summary').innerText(), /big-sign-in-sanitized\.har/);
  assertClean(audit);
  await context.close();
});

test('Cancel while a big HAR is read leaves the case as it was, with no trace source', async () => {
  const { page, context, audit } = await openPage(browser, site);
  await paste(page, 'AADSTS53003: Access has been blocked by Conditional Access policies.');
  const sources = page.locator('#panel-case ul.case-sources li.source');
  await sources.first().waitFor();
  assert.equal(await sources.count(), 1);
  // A slower CPU, so the read is surely still going when Cancel is pressed.
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 6 });
  await page.locator('#case-files').setInputFiles(BIG_PATH);
  await page.locator('.har-progress').waitFor();
  await page.locator('#har-cancel').click();
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
  const note = page.locator('#panel-case .front-door p.notice[role=status]');
  await note.waitFor();
  assert.match(await note.innerText(), /Reading big-sign-in\.har was cancelled\. Nothing was added/);
  assert.equal(await page.locator('.har-progress').count(), 0, 'the progress bar is gone');
  assert.equal(await sources.count(), 1, 'no trace source was added');
  assert.doesNotMatch(await sources.innerText(), /big-sign-in/);
  assert.equal(await page.locator('#panel-case section.trace').count(), 0);
  assertClean(audit);
  await context.close();
});

test('a HAR file that is cut short says so with the byte where it ends, and is read as text', async () => {
  const { page, context, audit } = await openPage(browser, site);
  // Cut inside the last entry's timings, after the failing response: an export stopped short.
  const cut = FIXTURE.slice(0, FIXTURE.lastIndexOf('"timings"'));
  assert.ok(cut.includes('AADSTS50020'), 'the cut keeps the failing response');
  await page.locator('#case-files').setInputFiles({ name: 'cut.har', mimeType: 'application/json', buffer: Buffer.from(cut) });
  const problem = page.locator('#panel-case section.trace .trace-problem');
  await problem.waitFor();
  assert.match(await problem.innerText(), /cut short[\s\S]*byte \d+/);
  assert.equal(await page.locator('#panel-case ol.trace-hops').count(), 0, 'no steps from a damaged trace');
  assert.equal(await page.locator('#panel-case ul.case-sources li.source').count(), 1);
  assert.match(await page.locator('.case-summary').innerText(), /AADSTS50020/, 'its failure still joins the case');
  assertClean(audit);
  await context.close();
});
