// Screenshots for a person to look at (not a test): the case view empty, filled, in conflict; desktop and phone, light and dark.
import { readFile } from 'node:fs/promises';
import { serveDist, launch, openPage, paste } from './harness.mjs';

const out = process.argv[2] ?? '/tmp/shots';
const ERROR = await readFile(new URL('../../crates/analysis/tests/golden/inputs/error-page-50020.txt', import.meta.url), 'utf8');
const site = await serveDist();
const browser = await launch();
for (const [name, viewport, scheme] of [['desktop-light', { width: 1280, height: 900 }, 'light'], ['desktop-dark', { width: 1280, height: 900 }, 'dark'], ['phone-light', { width: 390, height: 844 }, 'light'], ['phone-dark', { width: 390, height: 844 }, 'dark']]) {
  const { page, context, audit } = await openPage(browser, site);
  await page.setViewportSize(viewport);
  await page.emulateMedia({ colorScheme: scheme });
  await page.screenshot({ path: `${out}/${name}-empty.png`, fullPage: true });
  await paste(page, ERROR);
  await page.locator('.case-summary').waitFor();
  await page.screenshot({ path: `${out}/${name}-error.png`, fullPage: true });
  await page.locator('#tab-token').click();
  await page.getByRole('button', { name: 'Guest from another Entra tenant (v1)' }).click();
  const token = (await page.locator('#token-input').inputValue()).replace(/\.[^.]+$/, '.c2ln');
  await page.locator('#token-input').fill('');
  await page.locator('#tab-case').click();
  await paste(page, token);
  await page.locator('fieldset.conflict').first().waitFor();
  await page.screenshot({ path: `${out}/${name}-conflict.png`, fullPage: true });
  await page.locator('#tab-commands').click();
  await page.screenshot({ path: `${out}/${name}-commands.png`, fullPage: false });
  const { foreign, problems } = audit();
  console.log(name, 'foreign', foreign.length, 'problems', problems);
  await context.close();
}
await browser.close(); await site.close();
