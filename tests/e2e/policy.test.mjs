// Journey: the Policy budget on the release build: gauge, top consumers, findings, JSON errors,
// opening and dropping a file, with the request audit; prints the time a 2 MB paste takes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launch, openPage } from './harness.mjs';

const LIMIT = 25600;
const G1 = '6f0a1c2e-1111-4d6e-9a7b-0c1d2e3f4a01';
const G2 = '6f0a1c2e-2222-4d6e-9a7b-0c1d2e3f4a02';
const NULL_TENANT = '11111111-aaaa-4bbb-8ccc-000000000001';
const BIG_TENANT = '22222222-aaaa-4bbb-8ccc-000000000002';
const group = (id) => ({ target: id, targetType: 'group' });
const sep = (n) => n.toLocaleString('en-US');

/** A pretty partners list: one partner inheriting everything, one listing G1 twice. */
function partnersList() {
  return JSON.stringify({
    '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#policies/crossTenantAccessPolicy/partners',
    value: [
      { tenantId: NULL_TENANT, inboundTrust: null, b2bCollaborationInbound: null, b2bCollaborationOutbound: null },
      { tenantId: BIG_TENANT, inboundTrust: null, b2bCollaborationInbound: null,
        b2bCollaborationOutbound: { usersAndGroups: { accessType: 'allowed', targets: [group(G1), group(G2), group(G1)] } } },
    ],
  }, null, 2);
}

/** A beta policy of about `bytes`, its partners inside the definition string. */
function betaPolicy(bytes) {
  const partners = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const id = i.toString(16).padStart(8, '0');
    const p = { TenantId: `${id}-0000-4000-8000-000000000abc`, B2BCollaborationOutbound: { UsersAndGroups: {
      AccessType: 'allowed', Targets: [G1, G2, `${id}-0000-4000-8000-000000000003`].map((t) => ({ Target: t, TargetType: 'group' })) } } };
    partners.push(p);
    size += JSON.stringify(JSON.stringify(p)).length;
  }
  return JSON.stringify({
    '@odata.context': 'https://graph.microsoft.com/beta/$metadata#policies/crossTenantAccessPolicy/$entity',
    displayName: 'CrossTenantAccessPolicy',
    definition: [JSON.stringify({ CrossTenantAccessPolicy: { Version: 1, Partners: partners } })],
  });
}

let site, browser;
before(async () => { site = await serveDist(); browser = await launch(); });
after(async () => { await browser?.close(); await site?.close(); });

test('paste a policy: gauge, top consumers and findings; broken JSON names line and column', async () => {
  const { page, context, audit } = await openPage(browser, site, { hash: '#policy' });
  assert.match(await page.locator('#panel-policy .intro').innerText(), /beta\/policies\/crossTenantAccessPolicy/);

  const text = partnersList();
  const bytes = Buffer.byteLength(text);
  const compact = Buffer.byteLength(JSON.stringify(JSON.parse(text)));
  const box = page.locator('#policy-input');
  await box.fill(text);
  const meter = page.getByRole('meter', { name: 'As pasted' });
  await meter.waitFor();
  assert.equal(await meter.getAttribute('value'), String(bytes));
  assert.equal(await page.locator('#policy-meter-compact').getAttribute('value'), String(compact));
  const gauges = await page.locator('#panel-policy .gauges').innerText();
  assert.match(gauges, new RegExp(`${sep(bytes)} of 25,600 bytes`));
  assert.match(gauges, new RegExp(`${sep(LIMIT - bytes)} left`));
  assert.match(await page.locator('#panel-policy .notice.warn').innerText(), /^Partial count/);

  const top = page.locator('#panel-policy .partners tbody tr').first();
  assert.equal(await top.locator('th').innerText(), BIG_TENANT);
  assert.equal(await top.locator('td').first().innerText(), sep(Buffer.byteLength(JSON.stringify(JSON.parse(text).value[1]))));
  const findings = await page.locator('#panel-policy .findings').innerText();
  const repeat = Buffer.byteLength(JSON.stringify(group(G1))) + 1;
  assert.match(findings, new RegExp(`${repeat} bytes\\s*1 target is listed twice`));
  assert.match(findings, /1 partner has every setting null/);
  assert.equal(await page.getByRole('alert').count(), 0);

  const broken = '{\n  "value": [\n    {"tenantId": "a"}\n    {"tenantId": "b"}\n  ]\n}';
  await box.fill(broken);
  const alert = await page.getByRole('alert').innerText();
  assert.match(alert, /line 4, column 5/);
  assert.match(alert, /Expected ',' or '\]'/);
  assert.equal(await meter.getAttribute('value'), String(Buffer.byteLength(broken)));

  const { foreign, problems } = audit();
  assert.deepEqual(foreign, [], 'the page asked for something other than its own files');
  assert.deepEqual(problems, [], 'errors or CSP violations on the page');
  await context.close();
});

test('a chosen or dropped file fills the box', async () => {
  const { page, context, audit } = await openPage(browser, site, { hash: '#policy' });
  const text = partnersList();
  await page.locator('#policy-file').setInputFiles({ name: 'policy.json', mimeType: 'application/json', buffer: Buffer.from(text) });
  await page.waitForFunction((n) => document.querySelector('#policy-meter')?.getAttribute('value') === String(n), Buffer.byteLength(text));
  assert.equal(await page.locator('#policy-input').inputValue(), text);

  const broken = '{"value": [1 2]}';
  await page.evaluate((t) => {
    const data = new DataTransfer();
    data.items.add(new File([t], 'broken.json', { type: 'application/json' }));
    document.querySelector('#policy-input').dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
  }, broken);
  await page.getByRole('alert').waitFor();
  assert.equal(await page.locator('#policy-input').inputValue(), broken);
  assert.match(await page.getByRole('alert').innerText(), /line 1, column 14/);

  const { foreign, problems } = audit();
  assert.deepEqual(foreign, []);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a 2 MB policy renders (time printed for the README)', async () => {
  const { page, context, audit } = await openPage(browser, site, { hash: '#policy' });
  const big = betaPolicy(2 * 1024 * 1024);
  const bytes = Buffer.byteLength(big);
  // In the page: from the input event to the results in the DOM, and painted (two frames later;
  // this includes Chromium laying out 2 MB of text in the box).
  const inPage = await page.evaluate((text) => new Promise((done) => {
    const box = document.querySelector('#policy-input');
    const start = performance.now();
    box.value = text;
    box.dispatchEvent(new Event('input', { bubbles: true }));
    const check = () => {
      if (document.querySelector('#policy-meter')?.getAttribute('value') === String(text.length)) {
        const shown = performance.now() - start;
        requestAnimationFrame(() => requestAnimationFrame(() => done({ shown, painted: performance.now() - start })));
      } else {
        requestAnimationFrame(check);
      }
    };
    check();
  }), big);
  // A paste this big is held out of the box (a line with its size); Clear brings the box back.
  assert.match(await page.locator('#policy-input.paste-held').innerText(), new RegExp(`^${sep(bytes)} bytes pasted`));
  await page.locator('#panel-policy').getByRole('button', { name: 'Clear' }).click();
  await page.locator('#panel-policy .intro').waitFor();
  // From Playwright's fill (which includes sending 2 MB to the browser) to the top table shown.
  const start = performance.now();
  await page.locator('#policy-input').fill(big);
  await page.locator('#panel-policy .partners tbody tr').first().waitFor();
  const filled = performance.now() - start;
  console.log(`2 MB policy (${bytes} bytes): input event to results in the DOM ${inPage.shown.toFixed(0)} ms, painted ${inPage.painted.toFixed(0)} ms; Playwright fill to results ${filled.toFixed(0)} ms`);

  assert.match(await page.locator('#panel-policy .gauge.over').first().innerText(), new RegExp(`over by ${sep(bytes - LIMIT)}`));
  assert.equal(await page.locator('#panel-policy .partners tbody tr').count(), 10);
  assert.match(await page.locator('#panel-policy .partners tfoot').innerText(), /more partners/);
  assert.ok(await page.locator('#panel-policy .finding').count() > 0);
  const { foreign, problems } = audit();
  assert.deepEqual(foreign, []);
  assert.deepEqual(problems, []);
  await context.close();
});
