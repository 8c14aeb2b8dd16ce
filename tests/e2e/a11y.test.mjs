// Accessibility: axe-core on every view, empty and filled, in light and dark, at desktop and
// phone width; any violation of any impact fails, named by rule, impact and target selectors.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { serveDist, launch, openPage, analysisReady, axeViolations, paste } from './harness.mjs';

let site, browser;
before(async () => { site = await serveDist(); browser = await launch(); });
after(async () => { await browser?.close(); await site?.close(); });

const input = (path) => readFile(new URL(`../../crates/analysis/tests/${path}`, import.meta.url), 'utf8');
const ERROR = await input('golden/inputs/error-page-50020.txt');
const POLICY = await input('analysis/policy/partners.json');
const HAR = await input('fixtures/har/form-post-token-error.har');
const API_HAR = await input('fixtures/har/api-refused.har');

/** Opens `text` as a HAR file through the front door's file input. */
async function openHar(page, text) {
  await page.locator('#case-files').setInputFiles({ name: 'sign-in.har', mimeType: 'application/json', buffer: Buffer.from(text) });
  await page.locator('#panel-case section.trace').waitFor();
}


// Each state: the view's #anchor, then what fills it (nothing for the empty view), waiting
// until what it fills is on screen.
const STATES = [
  ['case, empty', '', async () => {}],
  // The analysis part held back, then refused: the waiting notice and the failure alert.
  ['case, a paste waiting for the analysis part', '', async (page) => {
    await page.route((u) => u.pathname.includes('/guestlens-part-'), () => new Promise(() => {}));
    await paste(page, ERROR);
    await page.locator('#panel-case [role=status]', { hasText: 'Loading the analysis' }).waitFor();
  }, 'waiting'],
  ['case, the analysis part could not be loaded', '', async (page) => {
    await page.route((u) => u.pathname.includes('/guestlens-part-'), (route) => route.fulfill({ status: 404, body: '' }));
    await paste(page, ERROR);
    await page.locator('#panel-case [role=alert]').waitFor();
  }, 'failed'],
  ['case, a pasted error', '', async (page) => {
    await paste(page, ERROR);
    await page.locator('.case-summary').waitFor();
  }],
  ['case, a HAR opened', '', async (page) => {
    await openHar(page, HAR);
    await page.locator('#panel-case details.keep-lists summary').click();
  }],
  ['case, a HAR whose API calls were refused', '', async (page) => {
    await openHar(page, API_HAR);
    await page.locator('#panel-case .hop.failed .source-links').first().waitFor();
  }],
  ['token, the tokens of a HAR', '', async (page) => {
    await openHar(page, HAR);
    await page.locator('#tab-token').click();
    await page.locator('#panel-token .trace-token-list').waitFor();
  }],
  ['token, empty', '#token', async () => {}],
  ['token, a sample', '#token', async (page) => {
    await page.getByRole('button', { name: 'Guest from another Entra tenant (v1)' }).click();
    await page.locator('.verdict').waitFor();
  }],
  ['error, empty', '#error', async () => {}],
  ['error, an error page', '#error', async (page) => {
    await page.locator('#error-input').fill(ERROR);
    await page.locator('#panel-error .failure').first().waitFor();
  }],
  ['error, a paste held out of the box', '#error', async (page) => {
    await paste(page, ERROR.repeat(Math.ceil(70000 / ERROR.length)), '#error-input');
    await page.locator('#error-input.paste-held').waitFor();
  }],
  ['policy, empty', '#policy', async () => {}],
  ['policy, a policy', '#policy', async (page) => {
    await page.locator('#policy-input').fill(POLICY);
    await page.getByRole('meter', { name: 'As pasted' }).waitFor();
  }],
  ['commands, empty', '#commands', async () => {}],
  ['commands, filled', '#commands', async (page) => {
    await page.getByLabel('Email address').fill('bob@fabrikam.example');
    await page.getByLabel('Object ID').fill('4a1b2c3d-0000-4e5f-8a9b-0c1d2e3f4a5b');
    await page.locator('#pick-guest-state').check();
    await page.locator('#recipe-guest-state pre code').first().waitFor();
  }],
  ['commands, filled from a pasted error', '', async (page) => {
    await paste(page, ERROR);
    await page.locator('.case-summary').waitFor();
    await page.locator('#tab-commands').click();
    await page.locator('#panel-commands .field-from').first().waitFor();
  }],
  ['learn, first step', '#lesson-1', async () => {}],
  ['learn, last step', '#lesson-5', async () => {}],
];

const LOOKS = [
  { colorScheme: 'light', width: 1280, height: 900 },
  { colorScheme: 'dark', width: 1280, height: 900 },
  { colorScheme: 'light', width: 390, height: 844 },
  { colorScheme: 'dark', width: 390, height: 844 },
];

for (const look of LOOKS) {
  test(`no axe violation on any view, ${look.colorScheme} at ${look.width} px`, async () => {
    const found = [];
    for (const [name, hash, fill, part = 'ready'] of STATES) {
      const { page, context, audit } = await openPage(browser, site, { hash });
      await page.setViewportSize({ width: look.width, height: look.height });
      await page.emulateMedia({ colorScheme: look.colorScheme });
      await fill(page);
      // A view opened by its hash asks for the analysis part at once: audit what it shows once
      // the part has arrived (the two states that hold the part back audit the notices).
      if (part === 'ready') await analysisReady(page);
      for (const v of await axeViolations(page)) found.push(`${name}: ${v}`);
      const { foreign, problems } = audit();
      assert.deepEqual(foreign, [], `${name}: the page asked for something other than its own files`);
      // Refusing the part is this state's point: the browser logs the 404, and nothing else.
      const expected = (p) => part === 'failed' && /status of 404/.test(p);
      assert.deepEqual(problems.filter((p) => !expected(p)), [], `${name}: errors or CSP violations on the page`);
      await context.close();
    }
    assert.deepEqual(found, [], `axe violations (${look.colorScheme}, ${look.width} px):\n${found.join('\n')}`);
  });
}

test('the axe check does find a violation', async () => {
  const { page, context } = await openPage(browser, site, { hash: '#token' });
  await page.evaluate(() => {
    const img = document.createElement('img');
    img.src = 'data:image/gif;base64,R0lGODlhAQABAAAAACw=';
    document.querySelector('main').append(img);
  });
  const found = await axeViolations(page);
  assert.ok(found.some((v) => v.startsWith('image-alt (critical)')), found.join('\n'));
  await context.close();
});
