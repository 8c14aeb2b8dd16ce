// Page benchmark (not a test): first render, and paste-to-painted times for big inputs, in headless Chromium.
// Run by scripts/bench.sh on the release build; prints figures only.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serveDist, launch, openPage } from './harness.mjs';
import { writeBigHar } from './bighar.mjs';

// `node page-bench.mjs trace` runs only the big-HAR part.
const only = process.argv[2];

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

/**
 * Opens a ~100 MB generated HAR through the front door's file input, then downloads its
 * sanitized copy; prints the time to analyse, the time to sanitize and the longest task
 * (PerformanceObserver 'longtask') during each.
 */
async function bigTrace(browser, site) {
  const dir = await mkdtemp(join(tmpdir(), 'guestlens-bench-'));
  try {
    const path = join(dir, 'bench-100mb.har');
    const har = writeBigHar(path, 100 * 1024 * 1024);
    const { page, context } = await openPage(browser, site);
    await page.evaluate(() => {
      window.benchLong = [];
      new PerformanceObserver((l) => { for (const e of l.getEntries()) window.benchLong.push(e.duration); }).observe({ type: 'longtask' });
      document.querySelector('#case-files').addEventListener('change', () => { window.benchStart = performance.now(); }, { capture: true });
      new MutationObserver(() => {
        if (!window.benchRead && document.querySelector('#panel-case section.trace')) window.benchRead = performance.now();
        if (!window.benchClean && document.querySelector('#panel-case .sanitize-summary')) window.benchClean = performance.now();
      }).observe(document.body, { childList: true, subtree: true });
    });
    await page.locator('#case-files').setInputFiles(path);
    await page.locator('#panel-case section.trace').waitFor({ timeout: 600_000 });
    const read = await page.evaluate(() => {
      const out = { ms: window.benchRead - window.benchStart, longest: Math.max(0, ...window.benchLong), tasks: window.benchLong.length, all: window.benchLong.map(Math.round).join(" ") };
      window.benchLong = [];
      return out;
    });
    const steps = await page.locator('#panel-case .trace-summary').innerText();
    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 600_000 }),
      page.evaluate(() => { window.benchCleanStart = performance.now(); document.querySelector('#trace-sanitize').click(); }),
    ]);
    await page.locator('#panel-case .sanitize-summary').waitFor();
    const clean = await page.evaluate(() => ({ ms: window.benchClean - window.benchCleanStart, longest: Math.max(0, ...window.benchLong), tasks: window.benchLong.length, all: window.benchLong.map(Math.round).join(" ") }));
    if (process.env.BENCH_TASKS) console.log(`long tasks: read ${read.all}; sanitize ${clean.all}`);
    await download.delete();
    await context.close();
    const mb = (har.bytes / 1048576).toFixed(1);
    const rate = (ms) => (har.bytes / 1048576 / (ms / 1000)).toFixed(0);
    console.log(`trace, ${mb} MB HAR (${har.entries} entries) opened as a file: analysed in ${(read.ms / 1000).toFixed(2)} s (${rate(read.ms)} MB/s), longest task ${read.longest.toFixed(0)} ms (${read.tasks} over 50 ms); ${steps.slice(0, 80)}`);
    console.log(`trace, the same HAR sanitized to a download: ${(clean.ms / 1000).toFixed(2)} s (${rate(clean.ms)} MB/s), longest task ${clean.longest.toFixed(0)} ms (${clean.tasks} over 50 ms)`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const site = await serveDist();
const browser = await launch();
try {
  all: {
  if (only === 'trace') {
    await bigTrace(browser, site);
    break all;
  }
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

  await bigTrace(browser, site);
  }
} finally {
  await browser.close();
  await site.close();
}
