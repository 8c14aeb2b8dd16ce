// Journey: from a pasted AADSTS50020 error to the address search commands on the clipboard,
// on the release build served from a sub-path, with the request audit.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launch, openPage } from './harness.mjs';

const ERROR = "AADSTS50020: User account 'ann@partner.example' from identity provider 'live.com' does not exist in tenant 'Contoso' and cannot access the application '00000003-0000-0000-c000-000000000000'(Graph) in that tenant.";
const CLIPBOARD = ['clipboard-read', 'clipboard-write'];

let site, browser;
before(async () => { site = await serveDist(); browser = await launch(); });
after(async () => { await browser?.close(); await site?.close(); });

/** Clicks a copy button, waits until it says so, and returns what the clipboard holds. */
async function copy(page, button) {
  await button.click();
  await button.filter({ hasText: 'Copied' }).waitFor();
  return page.evaluate(() => navigator.clipboard.readText());
}

test('a pasted AADSTS50020 error becomes the proxyAddresses search, copied with the address in it', async () => {
  const { page, context, audit } = await openPage(browser, site, { hash: '#error', permissions: CLIPBOARD });
  await page.locator('#error-input').fill(ERROR);
  await page.getByRole('tab', { name: 'Commands' }).click();
  assert.equal(new URL(page.url()).hash, '#commands');

  assert.equal(await page.getByLabel('Email address').inputValue(), 'ann@partner.example');
  const card = page.locator('#recipe-find-address');
  assert.match(await card.locator('.recipe-head').innerText(), /suggested/);
  assert.equal(await page.locator('#panel-commands .recipe').first().getAttribute('id'), 'recipe-find-address');

  const clip = await copy(page, card.getByRole('button', { name: /^Copy PowerShell/ }));
  assert.ok(clip.includes('ann@partner.example'), clip);
  assert.ok(clip.includes("proxyAddresses/any(p:p eq ''smtp:ann@partner.example'')"), clip);
  assert.equal(clip, await card.locator('pre code').textContent(), 'the clipboard differs from what is shown');

  // The whole diagnosis: read-only steps as they are, the invitation commented out.
  const all = await copy(page, page.getByRole('button', { name: 'Copy the whole diagnosis as one PowerShell script' }));
  assert.ok(all.includes('# ==== find-address:'), all);
  assert.ok(all.includes('proxyAddresses/any'), all);
  assert.match(all, /^# \$invitation = New-MgInvitation -InvitedUserEmailAddress 'ann@partner\.example' .* -WhatIf$/m);

  const { foreign, problems } = audit();
  assert.deepEqual(foreign, [], 'the page asked for something other than its own files');
  assert.deepEqual(problems, [], 'errors or CSP violations on the page');
  await context.close();
});

test('a guest token fills the object ID and both tenants, and the guest-state commands use them', async () => {
  const { page, context, audit } = await openPage(browser, site, { hash: '#token' });
  await page.getByRole('button', { name: 'Guest from another Entra tenant (v1)' }).click();
  await page.locator('.verdict').waitFor();
  await page.getByRole('tab', { name: 'Commands' }).click();

  const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
  const oid = await page.getByLabel('Object ID').inputValue();
  const tenant = await page.getByLabel('Resource tenant', { exact: true }).inputValue();
  assert.match(oid, guid);
  assert.match(tenant, guid);
  assert.equal(await page.locator('#cmd-home_tenant').inputValue(), 'bbbbcccc-1111-dddd-2222-eeee3333ffff');
  const state = page.locator('#recipe-guest-state');
  assert.match(await state.locator('.recipe-head').innerText(), /suggested/);
  const ps = await state.locator('pre code').first().textContent();
  assert.ok(ps.includes(`Get-MgUser -UserId '${oid}'`), ps);
  assert.ok(ps.includes(`-TenantId '${tenant}'`), ps);

  const { foreign, problems } = audit();
  assert.deepEqual(foreign, []);
  assert.deepEqual(problems, []);
  await context.close();
});

test('fields and dialects work from the keyboard; a bad object ID is explained, not used', async () => {
  const { page, context, audit } = await openPage(browser, site, { hash: '#commands' });
  assert.match(await page.locator('#panel-commands').innerText(), /fill in from the case: paste an error page/);
  assert.equal(await page.locator('#panel-commands .cmd-picker input[type=checkbox]').count(), 13);

  await page.getByLabel('Email address').fill('bob@fabrikam.example');
  const objectId = page.getByLabel('Object ID');
  await objectId.fill('not-a-guid');
  assert.equal(await objectId.getAttribute('aria-invalid'), 'true');
  const errorId = (await objectId.getAttribute('aria-describedby')).split(' ')[0];
  assert.match(await page.locator(`#${errorId}`).innerText(), /not a GUID/);

  await page.locator('#pick-guest-state').check();
  const state = page.locator('#recipe-guest-state');
  assert.match(await state.innerText(), /No commands yet/);
  assert.equal(await state.locator('pre').count(), 0);
  await objectId.fill('4a1b2c3d-0000-4e5f-8a9b-0c1d2e3f4a5b');
  assert.match(await state.locator('pre code').textContent(), /Get-MgUser -UserId '4a1b2c3d-0000-4e5f-8a9b-0c1d2e3f4a5b'/);

  // Radio group: arrow keys move the choice, as everywhere.
  await page.getByRole('radio', { name: 'PowerShell', exact: true }).focus();
  await page.keyboard.press('ArrowRight');
  assert.ok(await page.getByRole('radio', { name: 'Graph REST' }).isChecked());
  assert.match(await state.locator('pre code').first().textContent(), /^GET https:\/\/graph\.microsoft\.com\/v1\.0\/users\/4a1b2c3d/);

  const { foreign, problems } = audit();
  assert.deepEqual(foreign, []);
  assert.deepEqual(problems, []);
  await context.close();
});
