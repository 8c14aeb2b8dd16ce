// The offline edition: dist/guestlens-offline.html opened from disk (file://) with the network
// off renders, analyses, and asks for nothing but itself; its published SHA-256 is its own.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { launch, distPath, paste, watch } from './harness.mjs';

const FILE = distPath('guestlens-offline.html');
const ERROR = await readFile(new URL('../../crates/analysis/tests/golden/inputs/error-page-50020.txt', import.meta.url), 'utf8');

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('the offline file boots from file:// with the network off, analyses, and asks for nothing else', async () => {
  const url = pathToFileURL(FILE).href;
  const context = await browser.newContext({ offline: true });
  // Anything that does reach the network layer is refused, so a request cannot succeed quietly.
  await context.route('**/*', (route) => (route.request().url() === url ? route.continue() : route.abort()));
  const page = await context.newPage();
  const { requests, problems } = await watch(page);
  await page.goto(url);
  await page.waitForSelector('[role=tablist] [role=tab]');
  assert.equal(await page.locator('[aria-selected=true]').innerText(), 'Case');
  // Styles are there (inline): the tab list is laid out as a flex row, not as bare text.
  assert.equal(await page.locator('[role=tablist]').evaluate((el) => getComputedStyle(el).display), 'flex');

  // A pasted error becomes a source and the case names the failure.
  await paste(page, ERROR);
  assert.match(await page.locator('.case-summary').innerText(), /AADSTS50020/);

  // A built-in sample in the Token view.
  await page.locator('#tab-token').click();
  await page.getByRole('button', { name: 'Guest from another Entra tenant (v1)' }).click();
  assert.match(await page.locator('.verdict h2').innerText(), /Guest from another Microsoft Entra tenant/);

  const foreign = requests.filter((u) => u !== url && !u.startsWith('data:') && !u.startsWith('blob:'));
  assert.deepEqual(foreign, [], 'the offline file asked for something other than itself');
  assert.deepEqual(problems, [], 'errors or CSP violations in the offline file');
  await context.close();
});

test('the offline file is self-contained under a strict policy, and its published SHA-256 is its own', async () => {
  const body = await readFile(FILE);
  const html = body.toString('utf8');
  const csp = html.match(/<meta http-equiv="Content-Security-Policy" content="([^"]*)">/)?.[1] ?? '';
  for (const directive of ["default-src 'none'", "connect-src 'none'", "'wasm-unsafe-eval'"]) {
    assert.ok(csp.includes(directive), `the offline CSP lacks ${directive}: ${csp}`);
  }
  assert.match(csp, /script-src( 'sha256-[A-Za-z0-9+/]+=*')+ 'wasm-unsafe-eval';/, 'scripts are allowed by hash only');
  // One hash per inline script: the early front door's and the start-up's.
  const hashes = csp.match(/script-src[^;]*/)[0].match(/'sha256-/g).length;
  assert.equal(hashes, (html.match(/<script\b/g) ?? []).length, 'a hash for each inline script and no more');
  assert.ok(!csp.includes("'self'") && !csp.includes('unsafe-inline'), csp);
  // Nothing is linked by URL: no src=, and every href is a data: URL or a fragment.
  assert.doesNotMatch(html, /\ssrc="/);
  for (const [, href] of html.matchAll(/\shref="([^"]*)"/g)) assert.match(href, /^(data:|#)/, href);
  assert.doesNotMatch(html, /<base\b/);

  const sum = createHash('sha256').update(body).digest('hex');
  assert.equal(await readFile(distPath('guestlens-offline.html.sha256'), 'utf8'), `${sum}  guestlens-offline.html\n`);
  const index = await readFile(distPath('index.html'), 'utf8');
  const line = index.match(/<p id="offline">(.*?)<\/p>/)?.[1] ?? '';
  assert.match(line, /<a href="guestlens-offline.html" download>Download for offline use<\/a>/);
  assert.ok(line.includes(`<code class="sha">${sum}</code>`), `the page does not publish ${sum}: ${line}`);
});
