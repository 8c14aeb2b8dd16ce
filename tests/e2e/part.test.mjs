// The analysis part (crates/web/src/part.rs, scripts/wasm_parts.py): the first load does not
// fetch it; the first use does, once, and the paste it waited for is read; a part that cannot be
// loaded leaves the page working and says so, with no error thrown in the page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { serveDist, launch, openPage, paste, assertClean, distPath, holdBack } from './harness.mjs';

const ERROR_PAGE = "AADSTS50020: User account 'kim@fabrikam.example' from identity provider 'live.com' does not exist in tenant 'Contoso' and cannot access the application. Trace ID: 0b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9 Correlation ID: 1a2b3c4d-5e6f-4a0b-9c8d-7e6f5a4b3c2d Timestamp: 2026-11-20 10:00:00Z";
const PART = (await readdir(distPath(''))).find((f) => /^guestlens-part-[0-9a-f]{16}\.js$/.test(f));
const isPart = (u) => new URL(u).pathname.endsWith(`/${PART}`);

let site; let browser;
before(async () => { site = await serveDist(); browser = await launch(); });
after(async () => { await browser?.close(); await site?.close(); });

test('the release build writes the analysis part as a file of its own', () => {
  assert.ok(PART, 'dist/ holds guestlens-part-<hash>.js');
});

test('the first load does not fetch the analysis part; the first paste does, once, and is read', async () => {
  const { page, context, audit } = await openPage(browser, site);
  // The app has started; left alone, the page asks for nothing more.
  await page.waitForTimeout(700);
  assert.deepEqual(audit().requests.filter(isPart), [], 'the part was fetched before any use');
  await paste(page, ERROR_PAGE);
  await page.locator('.case-sources .source-kinds').first().waitFor();
  assert.match(await page.locator('#panel-case').innerText(), /kim@fabrikam\.example/);
  await page.locator('#case-paste').click();
  await paste(page, ERROR_PAGE.replace('kim@', 'lee@'));
  await page.locator('.case-sources li').nth(1).waitFor();
  assert.equal(audit().requests.filter(isPart).length, 1, 'the part is fetched once');
  assertClean(audit);
  await context.close();
});

test('a view that needs the analysis asks for the part when it is opened', async () => {
  const { page, context, audit } = await openPage(browser, site, { hash: '#lesson' });
  await page.locator('.lesson .lesson-steps').waitFor();
  assert.equal(audit().requests.filter(isPart).length, 1);
  assertClean(audit);
  await context.close();
});

test('when the part cannot be loaded, the page says so, keeps what was given and tries again', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  let blocked = true;
  await page.route((u) => isPart(u.href), (route) => (blocked ? route.fulfill({ status: 404, body: '' }) : route.continue()));
  await page.goto(site.url);
  await page.waitForSelector('[role=tablist] [role=tab]');
  await paste(page, ERROR_PAGE);
  const alert = page.locator('#panel-case [role=alert]');
  await alert.waitFor();
  assert.match(await alert.innerText(), /could not be loaded, so what you gave is kept but not read yet/);
  assert.match(await alert.innerText(), /Nothing you gave has left the page/);
  // What was given is listed, not dropped.
  assert.equal(await page.locator('.case-sources li').count(), 1);
  // The shell still works: another view opens and says the same instead of going blank.
  await page.click('#tab-policy');
  // The click asked again (and failed again).
  await page.locator('#panel-policy [role=alert]').waitFor();
  assert.match(await page.locator('#panel-policy').innerText(), /could not be loaded/);
  await page.click('#tab-case');
  // The network is back: the next action asks again, and the kept paste is read.
  blocked = false;
  await page.locator('#case-paste').click();
  await page.locator('.case-sources .source-kinds').first().waitFor();
  assert.match(await page.locator('#panel-case').innerText(), /kim@fabrikam\.example/);
  assert.equal(await alert.count(), 0);
  assert.deepEqual(errors, [], 'no error was thrown in the page');
  await context.close();
});

test('a box the visitor is typing in keeps its element and its text when the part arrives', async () => {
  const boxes = [['#case', '#case-paste'], ['#token', '#token-input'], ['#error', '#error-input'],
    ['#policy', '#policy-input'], ['#commands', '#cmd-email']];
  for (const [hash, box] of boxes) {
    const context = await browser.newContext();
    const page = await context.newPage();
    const release = await holdBack(page, (u) => isPart(u.href));
    await page.goto(site.url + hash);
    await page.waitForSelector('[role=tablist] [role=tab]');
    await page.locator(box).click();
    await page.locator(box).pressSequentially('abc');
    await page.locator(box).evaluate((el) => { el.dataset.mark = 'kept'; });
    release();
    await page.waitForFunction(() => !document.querySelector('[role=status].notice')?.textContent.includes('Loading the analysis'));
    await page.waitForTimeout(200);
    assert.equal(await page.locator(box).getAttribute('data-mark'), 'kept', `${box}: the element was replaced`);
    assert.equal(await page.locator(box).inputValue(), 'abc', `${box}: the typed text was lost`);
    await context.close();
  }
});
