// Journey: the Token inspector on the release build, served from a sub-path, with the request audit.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launch, openPage } from './harness.mjs';

let site, browser;
before(async () => { site = await serveDist(); browser = await launch(); });
after(async () => { await browser?.close(); await site?.close(); });

test('paste a guest sample, see the verdict and home tenant; garbage gives a clear error', async () => {
  const { page, context, audit } = await openPage(browser, site, { hash: '#token' });
  assert.equal(await page.title(), 'GuestLens — Entra ID guest sign-in troubleshooter');
  await page.getByRole('button', { name: 'Guest from another Entra tenant (v1)' }).click();
  const verdict = page.locator('.verdict');
  await verdict.waitFor();
  assert.match(await verdict.locator('h2').innerText(), /Guest from another Microsoft Entra tenant/);
  assert.match(await verdict.innerText(), /bbbbcccc-1111-dddd-2222-eeee3333ffff/);

  const box = page.locator('#token-input');
  await box.fill('not a token at all, just words');
  assert.match(await page.getByRole('alert').innerText(), /^No token found/);
  await box.fill('eyJhbGciOiJSUzI1NiJ9.eyJ0aWQiOiJ4.');
  assert.match(await page.locator('#panel-token .diagnostics').innerText(), /payload/);

  const { foreign, problems } = audit();
  assert.deepEqual(foreign, [], 'the page asked for something other than its own files');
  assert.deepEqual(problems, [], 'errors or CSP violations on the page');
  await context.close();
});

/** Presses `key` on the focused tab and waits until `name` is the selected tab: the page
 * re-renders after each key, so a second press must wait for the first. */
async function step(page, key, name) {
  await page.keyboard.press(key);
  await page.waitForFunction(
    (n) => document.querySelector('[aria-selected=true]')?.textContent === n, name, { timeout: 5000 },
  ).catch(() => assert.fail(`after ${key} the selected tab is not ${name}`));
}

test('tabs switch by keyboard and keep their #anchor', async () => {
  const { page, context, audit } = await openPage(browser, site, { hash: '#policy' });
  assert.equal(await page.locator('[aria-selected=true]').innerText(), 'Policy');
  await page.locator('#tab-policy').focus();
  await step(page, 'ArrowRight', 'Commands');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'tab-commands');
  assert.equal(new URL(page.url()).hash, '#commands');
  // Past the last view is the first again (the case), and each step shows that view's panel.
  await step(page, 'ArrowRight', 'Learn');
  await step(page, 'ArrowRight', 'Case');
  assert.ok(await page.locator('#case-paste').isVisible());
  await step(page, 'ArrowRight', 'Token');
  await step(page, 'ArrowRight', 'Error');
  assert.ok(await page.locator('#error-input').isVisible());
  assert.ok(!(await page.locator('#token-input').isVisible()));
  await step(page, 'ArrowLeft', 'Token');
  await step(page, 'ArrowLeft', 'Case');
  await step(page, 'ArrowLeft', 'Learn');
  await step(page, 'Home', 'Case');
  await step(page, 'ArrowRight', 'Token');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'token-input');
  assert.deepEqual(audit().foreign, []);
  assert.deepEqual(audit().problems, []);
  await context.close();
});

test('on a phone the chosen tab is scrolled into the tab row, by link and by key', async () => {
  const { page, context } = await openPage(browser, site, { hash: '#case' });
  await page.setViewportSize({ width: 390, height: 800 });
  await page.goto(site.url + '#commands');
  await page.waitForSelector('#tab-commands[aria-selected=true]');
  // Whole inside the row's visible box, not cut at its edge.
  const inRow = (id) => page.evaluate((id) => {
    const tab = document.getElementById(id).getBoundingClientRect();
    const row = document.querySelector('[role=tablist]').getBoundingClientRect();
    return tab.left >= row.left - 0.5 && tab.right <= row.right + 0.5;
  }, id);
  await page.waitForFunction(() => document.querySelector('[role=tablist]').scrollLeft > 0);
  assert.ok(await inRow('tab-commands'), 'the Commands tab is cut off at the row\'s edge');
  await page.locator('#tab-commands').focus();
  await step(page, 'Home', 'Case');
  assert.ok(await inRow('tab-case'), 'the Case tab is cut off after Home');
  await context.close();
});

test('nothing pasted is stored or put in the URL', async () => {
  const { page, context } = await openPage(browser, site, { hash: '#token' });
  await page.getByRole('button', { name: 'Email one-time passcode guest' }).click();
  await page.locator('.verdict').waitFor();
  const stored = await page.evaluate(() => ({
    local: localStorage.length, session: sessionStorage.length, cookies: document.cookie, url: location.href,
  }));
  assert.deepEqual({ ...stored, url: undefined }, { local: 0, session: 0, cookies: '', url: undefined });
  assert.ok(!stored.url.includes('eyJ'), 'token leaked into the URL');
  await context.close();
});

test('the Content-Security-Policy blocks connections even if code tried one', async () => {
  const { page, context } = await openPage(browser, site);
  const outcome = await page.evaluate(async () => {
    const tried = {};
    try { await fetch('./index.html'); tried.sameOrigin = 'allowed'; } catch { tried.sameOrigin = 'blocked'; }
    try { await fetch('https://example.invalid/x'); tried.remote = 'allowed'; } catch { tried.remote = 'blocked'; }
    return tried;
  });
  // connect-src 'none' forbids even the page's own origin: nothing pasted could be sent anywhere.
  assert.deepEqual(outcome, { sameOrigin: 'blocked', remote: 'blocked' });
  await context.close();
});
