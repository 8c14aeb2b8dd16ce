// Journeys through the case (the front door) on the release build, each with the request audit.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { serveDist, launch, openPage, paste, assertClean } from './harness.mjs';

let site, browser;
before(async () => { site = await serveDist(); browser = await launch(); });
after(async () => { await browser?.close(); await site?.close(); });

const ERROR = await readFile(new URL('../../crates/analysis/tests/golden/inputs/error-page-50020.txt', import.meta.url), 'utf8');
const ANN = 'ann.lee@partner.example';
const ANN_CORRELATION = 'c0ffee00-1234-4abc-9def-0123456789ab';


/** Another person's token, pasted as real data: the sample cast's Sam, generated in the page. */
async function samsToken(page) {
  await page.locator('#tab-token').click();
  await page.getByRole('button', { name: 'Guest from another Entra tenant (v1)' }).click();
  const token = await page.locator('#token-input').inputValue();
  await page.locator('#token-input').fill('');
  await page.locator('#tab-case').click();
  // Re-signed with other filler, so the page cannot tell it is a sample: it stands for a real token.
  return token.replace(/\.[^.]+$/, '.c2lnbmF0dXJl');
}


test('the page opens on the case; a pasted error becomes a source and the case says who, where and what', async () => {
  const { page, context, audit } = await openPage(browser, site);
  assert.equal(await page.locator('[aria-selected=true]').innerText(), 'Case');
  await paste(page, ERROR);
  // The paste never lands in the box: it is a source card.
  assert.equal(await page.locator('#case-paste').inputValue(), '');
  const card = page.locator('.case-sources .source');
  await card.first().waitFor(); // the source is added in the task after the paste event
  assert.equal(await card.count(), 1);
  assert.match(await card.innerText(), /Paste 1[\s\S]*error/);
  const summary = page.locator('.case-summary');
  assert.match(await summary.innerText(), new RegExp(ANN.replace('.', '\\.')));
  assert.match(await summary.innerText(), /AADSTS50020/);
  assert.match(await summary.innerText(), new RegExp(ANN_CORRELATION));
  assert.match(await summary.innerText(), /failure 1/, 'each fact names where it came from');
  await card.getByRole('button', { name: 'Remove Paste 1' }).click();
  assert.equal(await page.locator('.case-sources .source').count(), 0);
  assertClean(audit);
  await context.close();
});

test('Back returns to the view before, never out of the page with the case', async () => {
  const { page, context, audit } = await openPage(browser, site);
  await paste(page, ERROR);
  await page.locator('.case-sources .source').first().waitFor();
  const shown = () => page.locator('[role=tab][aria-selected=true]').innerText();
  await page.locator('#tab-token').click();
  await page.locator('#tab-error').click();
  await page.locator('#tab-error').click(); // the view shown again: no entry of its own
  assert.equal(await shown(), 'Error');
  await page.goBack();
  await page.waitForFunction(() => location.hash === '#token');
  assert.equal(await shown(), 'Token');
  await page.goBack();
  await page.waitForFunction(() => location.hash === '' || location.hash === '#case');
  assert.equal(await shown(), 'Case');
  // Still the same page, with the case it held.
  assert.equal(await page.locator('.case-sources .source').count(), 1);
  await page.goForward();
  await page.waitForFunction(() => location.hash === '#token');
  assert.equal(await shown(), 'Token');
  assertClean(audit);
  await context.close();
});

test('a link at the foot of the case opens its view at the top, on a phone too', async () => {
  const { page, context, audit } = await openPage(browser, site);
  await page.setViewportSize({ width: 390, height: 844 });
  await paste(page, ERROR);
  const link = page.locator('.to-commands').getByRole('link', { name: 'Commands for this case' });
  await link.scrollIntoViewIfNeeded();
  assert.ok(await page.evaluate(() => scrollY > 800), 'the link is far down the case');
  await link.click();
  await page.waitForFunction(() => document.querySelector('[role=tab][aria-selected=true]')?.id === 'tab-commands');
  await page.waitForFunction(() => {
    const top = document.getElementById('panel').getBoundingClientRect().top;
    return top > -2 && top < 200;
  });
  assertClean(audit);
  await context.close();
});

test('a move along the tab row with keys is one history entry, and the view shown none', async () => {
  const { page, context, audit } = await openPage(browser, site);
  const shown = () => page.locator('[role=tab][aria-selected=true]').innerText();
  await page.locator('#tab-case').click(); // the view shown: no entry
  await page.locator('#tab-case').focus();
  // A key at a time: the page renders after each (as token.test.mjs's tab test does).
  for (const name of ['Token', 'Error', 'Policy', 'Commands', 'Learn']) {
    await page.keyboard.press('ArrowRight');
    await page.waitForFunction((n) => document.querySelector('[role=tab][aria-selected=true]')?.textContent === n, name);
  }
  await page.goBack();
  await page.waitForFunction(() => location.hash === '' || location.hash === '#case');
  assert.equal(await shown(), 'Case', 'one Back undoes the whole move');
  // Past the first view, Back leaves the page (the entry before is the blank one it opened from).
  await page.goBack();
  await page.waitForFunction(() => !location.pathname.includes('guestlens'));
  assertClean(audit);
  await context.close();
});

test('an error, then a token of another person: the conflict is shown and the recipes wait for a choice', async () => {
  const { page, context, audit } = await openPage(browser, site);
  const sam = await samsToken(page);
  await paste(page, ERROR);
  await paste(page, sam);
  const conflict = page.locator('fieldset.conflict');
  await conflict.waitFor();
  assert.match(await conflict.innerText(), /Guest address/);
  assert.match(await conflict.innerText(), /ann\.lee@partner\.example/);
  assert.match(await conflict.innerText(), /sam\.guest@contoso\.example/);

  await page.locator('#tab-commands').click();
  assert.match(await page.locator('#panel-commands .notice.warn').innerText(), /disagree/);
  assert.equal(await page.getByLabel('Email address').inputValue(), '', 'no person is filled in while two are named');
  assert.match(await page.locator('#cmd-email-from').innerText(), /Blocked[\s\S]*disagree/, 'the field says why it is empty');
  assert.equal(await page.getByLabel('Object ID').inputValue(), '');

  // The notice's link opens the case where the choice is, on a phone too.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.locator('#panel-commands .notice.warn').getByRole('link', { name: 'Choose in the Case view' }).click();
  await page.waitForFunction(() => document.querySelector('[role=tab][aria-selected=true]')?.id === 'tab-case');
  await page.waitForFunction(() => {
    const r = document.getElementById('case-title')?.getBoundingClientRect();
    return r && r.top > -2 && r.top < innerHeight / 2;
  });
  assert.match(await page.locator('.case-summary').innerText(), /choose above/);
  await page.setViewportSize({ width: 1280, height: 720 });

  await page.locator('#tab-case').click();
  await conflict.locator('li', { hasText: ANN }).getByRole('button', { name: `Use this one for ${ANN}`, exact: true }).click();
  assert.equal(await page.locator('fieldset.conflict').count(), 0);
  await page.locator('#tab-commands').click();
  assert.equal(await page.getByLabel('Email address').inputValue(), ANN);
  assert.equal(await page.locator('#cmd-email-from').innerText(), 'from Paste 1 · failure 1', 'the field names its source');
  assert.equal(await page.getByLabel('Object ID').inputValue(), '', "Sam's object is never aimed at for Ann");
  assertClean(audit);
  await context.close();
});

test('a sample case stays apart once a real error is pasted', async () => {
  const { page, context, audit } = await openPage(browser, site);
  await page.locator('#case-sample').click();
  const cards = page.locator('.case-sources .source');
  await cards.first().waitFor();
  assert.equal(await cards.count(), 2);
  assert.match(await page.locator('.case-summary').innerText(), /sam\.guest@contoso\.example/);
  await paste(page, ERROR);
  // The pasted source is added in the task after the paste event: wait for its card.
  await cards.nth(2).waitFor();
  assert.equal(await cards.count(), 3);
  assert.equal(await page.locator('.case-sources .source.set-aside').count(), 2);
  const summary = await page.locator('.case-summary').innerText();
  assert.match(summary, /ann\.lee@partner\.example/);
  assert.doesNotMatch(summary, /sam\.guest/);
  assert.equal(await page.locator('fieldset.conflict').count(), 0);
  assertClean(audit);
  await context.close();
});

test('two errors pasted together keep their own IDs', async () => {
  const { page, context, audit } = await openPage(browser, site);
  const second = ERROR.replaceAll(ANN_CORRELATION, 'd1e2f3a4-5b6c-4d7e-8f90-a1b2c3d4e5f6')
    .replaceAll('7d2c1a3e-4b5f-4c6d-9e8f-0a1b2c3d4e5f', 'e2f3a4b5-6c7d-4e8f-90a1-b2c3d4e5f6a7')
    .replace('AADSTS50020', 'AADSTS50034').replace('AADSTS50020', 'AADSTS50034');
  await paste(page, `${ERROR}\n\n${second}`);
  await page.locator('#tab-error').click();
  const cards = page.locator('#panel-error .failure');
  await cards.first().waitFor();
  assert.equal(await cards.count(), 2);
  const first = await cards.nth(0).innerText();
  const other = await cards.nth(1).innerText();
  assert.match(first, /AADSTS50020/);
  assert.match(first, new RegExp(ANN_CORRELATION));
  assert.doesNotMatch(first, /d1e2f3a4/);
  assert.match(other, /d1e2f3a4-5b6c-4d7e-8f90-a1b2c3d4e5f6/);
  assert.doesNotMatch(other, new RegExp(ANN_CORRELATION));
  assertClean(audit);
  await context.close();
});

test('the hand-off report is masked when copied, and a case saves to a file', async () => {
  const { page, context, audit } = await openPage(browser, site, { permissions: ['clipboard-read', 'clipboard-write'] });
  await paste(page, ERROR);
  await page.locator('.handoff summary').click();
  await page.getByRole('button', { name: 'Copy the hand-off report' }).click();
  await page.getByText('Copied').first().waitFor();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  assert.ok(!copied.includes(ANN), 'the address must be masked by default');
  assert.match(copied, /a\*\*\*@partner\.example/);
  assert.match(copied, new RegExp(ANN_CORRELATION), 'IDs are never masked');
  assert.match(copied, /<guest-address>/, 'commands carry placeholders');

  // A value typed into the Commands view goes into the saved case and comes back with it.
  await page.locator('#tab-commands').click();
  await page.locator('#cmd-tenant').fill('contoso.example');
  await page.locator('#tab-case').click();
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#case-save').click()]);
  const file = await readFile(await download.path(), 'utf8');
  const saved = JSON.parse(file);
  assert.equal(saved.guestlens_case, 1);
  assert.equal(saved.sources.length, 1);
  assert.deepEqual(saved.typed, [{ field: 'tenant', value: 'contoso.example' }]);
  assertClean(audit);
  await context.close();

  const again = await openPage(browser, site);
  await again.page.locator('#case-open').setInputFiles({ name: 'guestlens-case.json', mimeType: 'application/json', buffer: Buffer.from(file) });
  await again.page.locator('.case-sources .source').first().waitFor();
  await again.page.locator('#tab-commands').click();
  await again.page.waitForFunction(() => document.getElementById('cmd-tenant')?.value === 'contoso.example');
  assert.equal(await again.page.locator('#cmd-email').inputValue(), ANN, 'the found values are there too');
  assertClean(again.audit);
  await again.context.close();
});

test('a damaged sign-in log export says on the page what could not be read and where', async () => {
  const { page, context, audit } = await openPage(browser, site);
  const header = '"Date (UTC)","Request ID","Correlation ID","Username","Application ID ","Resource tenant ID","Home tenant ID","Status","Sign-in error code","Failure reason"';
  const csv = [
    header,
    '2026-11-24T09:14:00Z,aaaaaaaa-0000-4000-8000-000000000001,bbbbbbbb',
    `2026-11-24T09:15:02Z,aaaaaaaa-0000-4000-8000-000000000002,${ANN_CORRELATION},${ANN},1fec8e78-bce4-4aaf-ab1b-5451cc387264,0b5d2c1e-7f3a-4c9b-8e6d-2a1f3b4c5d6e,9e8d7c6b-5a4f-4e3d-9c2b-1a0f9e8d7c6b,Failure,50020,User account does not exist in tenant.`,
    '',
  ].join('\r\n');
  await page.locator('#case-files').setInputFiles({ name: 'SignIns.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  const problems = page.locator('.source-problems');
  await problems.waitFor();
  const said = await problems.innerText();
  assert.match(said, /SignIns\.csv/);
  assert.match(said, /Line 2 has 3 columns/);
  assert.match(await page.locator('.case-sources .source').innerText(), /sign-in log/);
  assert.match(await page.locator('.case-summary').innerText(), new RegExp(ANN_CORRELATION), 'the good row still joins the case');
  assertClean(audit);
  await context.close();
});
