// Page benchmark (not a test): first render, and paste-to-painted times for big inputs, in headless Chromium.
// Run by scripts/bench.sh on the release build; prints figures only.
import { serveDist, launch, openPage } from './harness.mjs';

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** A ~`bytes` log with an AADSTS failure every ~400 lines, like the native errors benchmark. */
function bigLog(bytes) {
  const lines = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const line = i % 400 === 17
      ? `2024-05-01 10:${String(i % 60).padStart(2, '0')}:00Z ERROR MsalServiceException: AADSTS50020: User account 'u${i}@partner.example' from identity provider 'live.com' does not exist in tenant 'Contoso' and cannot access the application 'app${i}'. Trace ID: ${crypto.randomUUID()} Correlation ID: ${crypto.randomUUID()} Timestamp: 2024-05-01 10:20:30Z`
      : `2024-05-01 10:20:${String(i % 60).padStart(2, '0')}Z INFO request ${i} served in ${i % 97} ms for tenant contoso.example path /api/orders/${i}`;
    lines.push(line);
    size += line.length + 1;
  }
  return lines.join('\n');
}

/** A ~`bytes` partners list: each partner allows a few groups inbound. */
function bigPolicy(bytes) {
  const partners = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const hex = i.toString(16).padStart(12, '0');
    const p = {
      tenantId: `00000000-0000-4000-8000-${hex}`, isServiceProvider: null, inboundTrust: null,
      b2bCollaborationInbound: { usersAndGroups: { accessType: 'allowed', targets: [0, 1, 2].map((g) => ({ target: `1111111${g}-0000-4000-8000-${hex}`, targetType: 'group' })) }, applications: { accessType: 'allowed', targets: [{ target: 'AllApplications', targetType: 'application' }] } },
      b2bCollaborationOutbound: null, b2bDirectConnectInbound: null, b2bDirectConnectOutbound: null,
    };
    partners.push(p);
    size += JSON.stringify(p, null, 2).length + 4;
  }
  return JSON.stringify({ '@odata.context': 'https://graph.microsoft.com/beta/$metadata#policies/crossTenantAccessPolicy/partners', value: partners }, null, 2);
}

/**
 * Pastes `text` into `selector`. Returns { handled, painted } in ms: `handled` ends when the input
 * event returns (Yew analyses and updates the DOM inside it), `painted` after two animation frames.
 * With `selector` null it measures a bare textarea outside the app: the browser's own share.
 */
async function pasteTime(page, selector, text) {
  return page.evaluate(async ([selector, text]) => {
    const area = selector ? document.querySelector(selector) : document.body.appendChild(document.createElement('textarea'));
    const start = performance.now();
    area.value = text;
    area.dispatchEvent(new InputEvent('input', { bubbles: true }));
    const handled = performance.now() - start;
    await new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok)));
    const painted = performance.now() - start;
    if (!selector) area.remove();
    return { handled, painted };
  }, [selector, text]);
}
const fmt = ({ handled, painted }) => `analysed and rendered in ${handled.toFixed(0)} ms, painted after ${painted.toFixed(0)} ms`;

const site = await serveDist();
const browser = await launch();
try {
  const firsts = [];
  for (let i = 0; i < 5; i++) {
    const { page, context } = await openPage(browser, site);
    await page.waitForSelector('body[data-first-render-ms]');
    firsts.push(Number(await page.getAttribute('body', 'data-first-render-ms')));
    await context.close();
  }
  console.log(`first render after navigation: median ${median(firsts).toFixed(0)} ms (runs: ${firsts.map((x) => x.toFixed(0)).join(', ')})`);

  const { page } = await openPage(browser, site);
  const token = await page.evaluate(() => document.querySelector('.sample') && true);
  if (token) {
    await page.getByRole('button', { name: 'Guest from another Entra tenant (v1)' }).click();
    const text = await page.inputValue('#token-input');
    const t = [];
    for (let i = 0; i < 5; i++) t.push((await pasteTime(page, '#token-input', i % 2 ? text : `Bearer ${text}`)).painted);
    console.log(`token pasted to verdict painted: median ${median(t).toFixed(1)} ms`);
  }

  await page.click('#tab-error');
  const log = bigLog(10 * 1024 * 1024);
  const bareLog = await pasteTime(page, null, log);
  const e = await pasteTime(page, '#error-input', log);
  const summary = await page.locator('#panel-error .summary').innerText().catch(() => '?');
  console.log(`error tab, ${(log.length / 1048576).toFixed(1)} MB log: ${fmt(e)} (a bare textarea alone: ${fmt(bareLog)}); ${summary.slice(0, 60)}`);

  await page.click('#tab-policy');
  const policy = bigPolicy(2 * 1024 * 1024);
  const bareP = await pasteTime(page, null, policy);
  const p = await pasteTime(page, '#policy-input', policy);
  console.log(`policy tab, ${(policy.length / 1048576).toFixed(1)} MB policy: ${fmt(p)} (a bare textarea alone: ${fmt(bareP)})`);
} finally {
  await browser.close();
  await site.close();
}
