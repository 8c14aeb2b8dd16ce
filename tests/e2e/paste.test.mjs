// A big paste into the front door: the views nobody opened are not built, the hand-off is
// written only when opened, and a conflict naming many guests folds; nothing is lost.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launch, openPage, paste, assertClean } from './harness.mjs';

let site, browser;
before(async () => { site = await serveDist(); browser = await launch(); });
after(async () => { await browser?.close(); await site?.close(); });

/** A log naming `n` guests, each with their own AADSTS50020 failure and IDs. */
function manyGuests(n) {
  const hex = (i) => i.toString(16).padStart(12, '0');
  return Array.from({ length: n }, (_, i) => `2024-05-01 10:20:30Z ERROR AADSTS50020: User account 'g${i}@partner.example' from identity provider 'live.com' does not exist in tenant 'Contoso'. Trace ID: 00000000-0000-4000-8000-${hex(i)} Correlation ID: 11111111-0000-4000-8000-${hex(i)}`).join('\n');
}

test('a paste builds the Case view only; the other views, the hand-off and folded values come when asked', async () => {
  const { page, context, audit } = await openPage(browser, site);
  await paste(page, manyGuests(30));
  await page.locator('.case-sources .source').waitFor();
  // Not opened yet: the Error view's cards and the hand-off's text do not exist.
  assert.equal(await page.locator('#panel-error .failure').count(), 0);
  assert.equal(await page.locator('.handoff-text').count(), 0);
  const guests = page.locator('fieldset.conflict', { hasText: 'Guest address' });
  assert.equal(await guests.locator('li').count(), 12);
  assert.match(await guests.innerText(), /18 more values/);

  await page.locator('.handoff summary').click();
  const handoff = await page.locator('.handoff-text').innerText();
  assert.match(handoff, /g\*\*\*@partner\.example/);
  assert.doesNotMatch(handoff, /g29@partner\.example/, 'masked by default');

  await guests.getByRole('button', { name: 'Show all 30' }).click();
  assert.equal(await guests.locator('li').count(), 30);

  await page.locator('#tab-error').click();
  await page.locator('#panel-error .failure').first().waitFor();
  assert.equal(await page.locator('#panel-error .failure').count(), 30);
  // Kept once built: back to the case and again to the errors, the cards are there at once.
  await page.locator('#tab-case').click();
  assert.equal(await page.locator('#panel-error .failure').count(), 30);
  const { foreign, problems } = audit();
  assert.deepEqual(foreign, []);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a big paste says it is being read until its source card shows, then the notice goes', async () => {
  const { page, context, audit } = await openPage(browser, site);
  const filler = Array.from({ length: 40_000 }, (_, i) => `2024-05-01 10:20:30Z INFO request ${i} served for tenant contoso.example path /api/orders/${i}`).join('\n');
  await paste(page, `${manyGuests(3)}\n${filler}`);
  // The text is copied and read a slice per task: meanwhile the front door says so.
  assert.equal(await page.locator('#case-pasting').textContent(), 'Reading the paste…');
  await page.locator('.case-sources .source').waitFor();
  // Gone in the same render that shows the source.
  assert.equal(await page.locator('#case-pasting').count(), 0);
  assert.match(await page.locator('.case-sources .source').innerText(), /Paste 1/);
  assertClean(audit);
  await context.close();
});
