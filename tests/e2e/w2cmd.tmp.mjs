import { serveDist, launch, openPage, paste } from './harness.mjs';
import { writeFile, readFile } from 'node:fs/promises';
const site = await serveDist(); const browser = await launch();
const { page, context } = await openPage(browser, site);
await page.setViewportSize({ width: 1280, height: 900 });
for (const f of (process.env.FILES ?? '').split(',').filter(Boolean)) { await paste(page, await readFile(f, 'utf8')); await page.waitForTimeout(400); }
await page.locator('#tab-commands').click(); await page.waitForTimeout(300);
const vals = JSON.parse(process.env.VALS ?? '{}');
for (const [k, v] of Object.entries(vals)) { await page.locator('#cmd-' + k).fill(v); }
for (const cb of await page.locator('#panel-commands .cmd-picker input[type=checkbox]').all()) if (!(await cb.isChecked())) await cb.check();
let txt = '';
for (const d of (process.env.DIALECTS ?? 'PowerShell').split(',')) {
  await page.getByRole('radio', { name: d, exact: true }).check(); await page.waitForTimeout(300);
  txt += `\n\n######## ${d}\n` + await page.locator('#panel-commands').innerText();
}
await writeFile(`/tmp/walk2/${process.env.NAME}.txt`, txt.replace(/\n\n+/g, '\n'));
await page.screenshot({ path: `/tmp/walk2/${process.env.NAME}.png`, fullPage: true });
await context.close(); await browser.close(); await site.close();
