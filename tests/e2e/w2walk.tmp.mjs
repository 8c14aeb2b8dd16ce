import { serveDist, launch, openPage, paste } from './harness.mjs';
import { writeFile, readFile } from 'node:fs/promises';
const out = '/tmp/walk2';
const [name, ...files] = process.argv.slice(2);
const site = await serveDist();
const browser = await launch();
const { page, context, audit } = await openPage(browser, site);
page.on('dialog', d => { console.log('DIALOG', d.message()); d.dismiss(); });
await page.setViewportSize({ width: 1280, height: 900 });
await page.emulateMedia({ colorScheme: process.env.SCHEME ?? 'light' });
if (process.env.SAMPLE) { await page.locator('#case-sample').click(); await page.waitForTimeout(500); }
for (const f of files) {
  const t = await readFile(f, 'utf8');
  await paste(page, t);
  await page.waitForTimeout(400);
}
if (process.env.CHOOSE) for (const c of process.env.CHOOSE.split('|')) { await page.locator('#tab-case').click(); await page.locator('fieldset.conflict li', { hasText: c }).first().getByRole('button', { name: 'Use this one' }).click(); await page.waitForTimeout(300); }
let txt = '';
await page.locator('#tab-case').click(); await page.waitForTimeout(300);
txt += `===== CASE =====\n` + await page.locator('#panel-case').innerText();
const det = page.locator('#panel-case details', { hasText: 'Hand-off report' });
if (await det.count()) { await det.first().locator('summary').click(); await page.waitForTimeout(300); txt += '\n\n===== HANDOFF =====\n' + await det.first().innerText(); }
await page.screenshot({ path: `${out}/${name}-case.png`, fullPage: true });
await page.locator('#tab-commands').click(); await page.waitForTimeout(300);
if (process.env.ALL) {
  for (const cb of await page.locator('#panel-commands .cmd-picker input[type=checkbox]').all()) if (!(await cb.isChecked())) await cb.check();
  await page.waitForTimeout(300);
}
txt += `\n\n===== COMMANDS =====\n` + await page.locator('#panel-commands').innerText();
await page.screenshot({ path: `${out}/${name}-commands.png`, fullPage: true });
for (const tab of (process.env.TABS ?? '').split(',').filter(Boolean)) {
  await page.locator('#tab-' + tab).click(); await page.waitForTimeout(300);
  txt += `\n\n===== ${tab} =====\n` + await page.locator('#panel-' + tab).innerText();
  await page.screenshot({ path: `${out}/${name}-${tab}.png`, fullPage: true });
}
await writeFile(`${out}/${name}.txt`, txt);
console.log('problems', audit().problems);
await context.close(); await browser.close(); await site.close();
