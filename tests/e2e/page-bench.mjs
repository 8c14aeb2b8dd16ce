// Page benchmark (not a test): start-up beside a static page (plain and under slow-4G), the longest
// main-thread task while a 10 MB log is pasted, and paste-to-painted times, in headless Chromium.
// Run by scripts/bench.sh on the release build; prints figures only.
import { createServer } from 'node:http';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serveDist, launch, openPage } from './harness.mjs';
import { writeBigHar } from './bighar.mjs';

// `node page-bench.mjs trace` runs only the big-HAR part; `paste` only the 10 MB paste and the
// same log opened as a file, thrice each;
// `startup` only the start-up figures; `tools` only the big pastes into the Error and Policy boxes.
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
/**
 * Pastes `text` into `selector` as a paste event (a tool box holds a paste over 64 KiB out of the
 * textarea); { handled, painted, shown, longest } in ms, `longest` the longest task until a
 * second after the box shows the held paste.
 */
async function pasteEventTime(page, selector, text) {
  // Handed over first: a 10 MB argument is a long task of the harness's own.
  await page.evaluate((t) => { window.__text = t; }, text);
  return page.evaluate(async (selector) => {
    const text = window.__text;
    const tasks = [];
    const seen = new PerformanceObserver((l) => tasks.push(...l.getEntries().map((e) => e.duration)));
    seen.observe({ type: 'longtask' });
    const data = new DataTransfer();
    data.setData('text/plain', text);
    const start = performance.now();
    document.querySelector(selector).dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    const handled = performance.now() - start;
    await new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok)));
    const painted = performance.now() - start;
    // Until the box shows the held paste (its id moves to that line), and a second more.
    while (document.querySelector(selector)?.tagName !== 'P') await new Promise((ok) => setTimeout(ok, 50));
    const shown = performance.now() - start;
    await new Promise((ok) => setTimeout(ok, 1000));
    seen.disconnect();
    return { handled, painted, shown, longest: Math.max(0, ...tasks) };
  }, selector);
}
const fmtEvent = ({ handled, painted, shown, longest }) => `paste event ${handled.toFixed(0)} ms, first paint after ${painted.toFixed(0)} ms, shown as held after ${shown.toFixed(0)} ms, longest task ${longest.toFixed(0)} ms`;
const fmt = ({ handled, painted }) => `analysed and rendered in ${handled.toFixed(0)} ms, painted after ${painted.toFixed(0)} ms`;

/** A static page of about the front door's weight: header, a paste box, footer; no script. */
const STATIC_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Static</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head><body>
<header><h1>Static page</h1><p>The same paste box as the front door, in plain HTML.</p></header>
<main><label for="case-paste">Paste anything about the case</label>
<textarea id="case-paste" rows="4"></textarea></main><footer><p>No script.</p></footer></body></html>`;

async function serveStatic() {
  const server = createServer((_, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(STATIC_PAGE));
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  return { url: `http://127.0.0.1:${server.address().port}/`, close: () => new Promise((ok) => server.close(ok)) };
}

// A phone's processor: DevTools' CPU throttling, 4× slower. The module is LZMA-packed, so its
// decoding (JavaScript) is the start-up's part that grows most on a slow processor.
const SLOW_CPU = 4;

// Chromium DevTools' "slow 4G" as issue #14 states it: 1.6 Mbps down, 150 ms round trip.
const SLOW_4G = { offline: false, latency: 150, downloadThroughput: 1.6e6 / 8, uploadThroughput: 750e3 / 8 };

/**
 * Milliseconds from navigation start until the paste box can take a paste — it exists with its
 * listeners on (for GuestLens, the static front door's, from crates/web/early.js) and has been
 * painted (first contentful paint) — and, for GuestLens, until the app has started (its tab list
 * exists) and a paste is analysed at once; cold cache, optionally throttled through the DevTools
 * protocol: `throttle` true for slow 4G, 'cpu' for a processor SLOW_CPU times slower.
 */
async function startup(browser, url, throttle) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  if (throttle === 'cpu') await cdp.send('Emulation.setCPUThrottlingRate', { rate: SLOW_CPU });
  else if (throttle) await cdp.send('Network.emulateNetworkConditions', SLOW_4G);
  await page.addInitScript(() => {
    const seen = () => {
      if (window.__box === undefined && document.getElementById('case-paste')) window.__box = performance.now();
      if (window.__app === undefined && document.querySelector('[role=tablist]')) window.__app = performance.now();
      return window.__app !== undefined;
    };
    new MutationObserver((_, o) => seen() && o.disconnect()).observe(document, { childList: true, subtree: true });
  });
  // Nothing of the harness runs in the page before its first paint: waitForFunction injects
  // Playwright's script into the page, a task of ~15 ms that would land in a page's first paint
  // if it comes later than ~50 ms (and after a faster page's). The browser's own lifecycle event
  // says when the page has painted, without running anything in it.
  await cdp.send('Page.enable');
  await cdp.send('Page.setLifecycleEventsEnabled', { enabled: true });
  const painted = new Promise((ok) => cdp.on('Page.lifecycleEvent', (e) => e.name === 'firstContentfulPaint' && ok()));
  await page.goto(url, { waitUntil: 'commit' });
  await painted;
  await page.waitForFunction(() => window.__box !== undefined
    && performance.getEntriesByName('first-contentful-paint').length > 0, null, { timeout: 60_000 });
  let read = NaN;
  if (url.includes('/guestlens/')) {
    await page.waitForFunction(() => window.__app !== undefined, null, { timeout: 60_000 });
    // The first paste once the app has started: its analysis needs the analysis part, fetched
    // then (crates/web/src/part.rs). Timed from the paste to its source in the case's list.
    read = await page.evaluate(async (text) => {
      const box = document.getElementById('case-paste');
      const data = new DataTransfer();
      data.setData('text/plain', text);
      const t0 = performance.now();
      box.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
      while (!document.querySelector('.case-sources .source-kinds')) await new Promise((r) => setTimeout(r, 5));
      return performance.now() - t0;
    }, "AADSTS50020: User account 'kim@fabrikam.example' from identity provider 'live.com' does not exist in tenant 'Contoso'. Trace ID: 0b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9 Correlation ID: 1a2b3c4d-5e6f-4a0b-9c8d-7e6f5a4b3c2d");
  }
  const { box, app, fcp } = await page.evaluate(() => ({
    box: window.__box, app: window.__app ?? NaN,
    fcp: performance.getEntriesByName('first-contentful-paint')[0].startTime,
  }));
  await context.close();
  return { ready: Math.max(box, fcp), app, fcp, read };
}

/** Median start-up of GuestLens and the static page, alternated so both see the same machine load. */
async function compareStartup(browser, site, plain, throttle, runs) {
  const ours = []; const theirs = [];
  // One untimed pair first: the browser's first contexts pay for warming its own caches.
  await startup(browser, site.url, throttle);
  await startup(browser, plain.url, throttle);
  for (let i = 0; i < runs; i++) {
    ours.push(await startup(browser, site.url, throttle));
    theirs.push(await startup(browser, plain.url, throttle));
  }
  const m = (xs, k) => median(xs.map((x) => x[k]));
  const label = throttle === 'cpu' ? `CPU ${SLOW_CPU}× slower` : throttle ? 'slow 4G (1.6 Mbps, 150 ms RTT)' : 'no throttling';
  console.log(`start-up, ${label}, median of ${runs}: front door shown and accepting a paste at ${m(ours, 'ready').toFixed(0)} ms; `
    + `app started at ${m(ours, 'app').toFixed(0)} ms; `
    + `a paste then read (analysis part fetched on that first use) in ${m(ours, 'read').toFixed(0)} ms; `
    + `static page's paste box at ${m(theirs, 'ready').toFixed(0)} ms; ratio ${(m(ours, 'ready') / m(theirs, 'ready')).toFixed(2)}`);
  const each = (xs) => xs.map((x) => x.ready.toFixed(0)).join(', ');
  console.log(`  each run: front door ${each(ours)} ms; static page ${each(theirs)} ms`);
}

/** The start-up figures: plain, slow 4G, slow processor. */
async function startupFigures(browser, site, plain) {
  await compareStartup(browser, site, plain, false, 11);
  await compareStartup(browser, site, plain, true, 3);
  await compareStartup(browser, site, plain, 'cpu', 3);
}

/** Starts recording the page's long tasks (Long Tasks API); `longTasks` reads their durations. */
async function watchLongTasks(page) {
  await page.evaluate(() => {
    window.__tasks = [];
    new PerformanceObserver((list) => window.__tasks.push(...list.getEntries().map((e) => e.duration))).observe({ type: 'longtask' });
  });
}
const longTasks = (page) => page.evaluate(() => window.__tasks);

/** Starts a sampling CPU profile of the page. */
async function startProfile(context, page) {
  const cdp = await context.newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  return cdp;
}

/** Prints the longest task of `tasks` (those over 50 ms), `extra` after it, and the CPU split `where`. */
function reportTasks(what, tasks, where, extra = '') {
  const longest = Math.max(0, ...tasks);
  console.log(`${what}: longest main-thread task ${longest.toFixed(0)} ms`
    + ` (${tasks.length} tasks over 50 ms: ${tasks.map((x) => x.toFixed(0)).join(', ')})${extra}`
    + (longest > 100 ? ' — OVER the 100 ms budget' : ''));
  console.log(`  where the main thread spent it (CPU profile, ms): ${Object.entries(where).map(([k, v]) => `${k} ${v.toFixed(0)}`).join(', ')}`);
}

/** Waits for the source card and a quiet second, then closes the page: its long tasks and the CPU split. */
async function settle(page, context, cdp) {
  await page.waitForSelector('.source', { timeout: 120_000 });
  await page.waitForTimeout(1000);
  const tasks = await longTasks(page);
  const { profile } = await cdp.send('Profiler.stop');
  await context.close();
  return { tasks, where: profileShares(profile) };
}

/**
 * Pastes a 10 MB log into the front door and reports the longest main-thread task (Long Tasks
 * API) until the source is listed and the page has been idle for a second, and how long the
 * paste event itself took to return.
 */
async function longestTaskOnPaste(browser, site, log = bigLog(10 * 1024 * 1024), what = 'log') {
  const { page, context } = await openPage(browser, site);
  await watchLongTasks(page);
  // Handed over first: a big argument is a long task of the harness's own.
  await page.evaluate((t) => { window.__log = t; }, log);
  // A sampling CPU profile of the same stretch says where the time goes: the module's code
  // (unnamed wasm functions), the JavaScript glue (string copies across the boundary), or the
  // browser itself (style, layout, paint: "(program)").
  const cdp = await startProfile(context, page);
  const handled = await page.locator('#case-paste').evaluate((el) => {
    const data = new DataTransfer();
    data.setData('text/plain', window.__log);
    const start = performance.now();
    el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    return performance.now() - start;
  });
  const { tasks, where } = await settle(page, context, cdp);
  reportTasks(`paste of a ${(log.length / 1048576).toFixed(1)} MB ${what} into the front door`, tasks, where,
    `; the paste event returned after ${handled.toFixed(0)} ms`);
}

/** Opens the same 10 MB log as a file through the front door's file input; the longest task. */
async function longestTaskOnFile(browser, site) {
  const { page, context } = await openPage(browser, site);
  await watchLongTasks(page);
  const log = bigLog(10 * 1024 * 1024);
  // Given by path: a buffer would be turned into a File by script inside the page, a long task
  // of Playwright's own.
  const dir = await mkdtemp(join(tmpdir(), 'guestlens-log-'));
  const path = join(dir, 'signin.log');
  await writeFile(path, log);
  const cdp = await startProfile(context, page);
  await page.locator('#case-files').setInputFiles(path);
  const { tasks, where } = await settle(page, context, cdp);
  await rm(dir, { recursive: true, force: true });
  reportTasks(`the same ${(log.length / 1048576).toFixed(1)} MB log opened as a file`, tasks, where);
}

/** Milliseconds of a CPU profile by kind: wasm, JavaScript (by function), browser, GC; idle left out. */
function profileShares(profile) {
  const kind = new Map();
  for (const n of profile.nodes) {
    const f = n.callFrame;
    let k;
    if (f.url.includes('wasm') && (f.url.startsWith('wasm://') || /^(\$|wasm-function)/.test(f.functionName))) k = 'wasm';
    else if (f.functionName.startsWith('(')) k = f.functionName;
    else if (f.url) k = `js ${f.functionName || '(anonymous)'}`;
    else k = `browser ${f.functionName}`;
    kind.set(n.id, k);
  }
  const out = {};
  profile.samples.forEach((id, i) => {
    const k = kind.get(id);
    if (k !== '(idle)') out[k] = (out[k] ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000;
  });
  return Object.fromEntries(Object.entries(out).filter(([, v]) => v >= 5).sort((a, b) => b[1] - a[1]));
}

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

/** A 10 MB log pasted into the Error view's box and a 2 MB policy into the Policy view's and the front door. */
async function toolPastes(browser, site) {
  await longestTaskOnPaste(browser, site, bigPolicy(2 * 1024 * 1024), 'policy');
  const { page, context } = await openPage(browser, site);
  await page.click('#tab-error');
  const log = bigLog(10 * 1024 * 1024);
  // The box first: the bare textarea's layout and its collection would spill into it.
  const e = await pasteEventTime(page, '#error-input', log);
  const bareLog = await pasteTime(page, null, log);
  const summary = await page.locator('#panel-error .summary').innerText().catch(() => '?');
  console.log(`error tab, ${(log.length / 1048576).toFixed(1)} MB log: ${fmtEvent(e)} (typed into a bare textarea instead: ${fmt(bareLog)}); ${summary.slice(0, 60)}`);

  await page.click('#tab-policy');
  const policy = bigPolicy(2 * 1024 * 1024);
  const p = await pasteEventTime(page, '#policy-input', policy);
  const bareP = await pasteTime(page, null, policy);
  console.log(`policy tab, ${(policy.length / 1048576).toFixed(1)} MB policy: ${fmtEvent(p)} (typed into a bare textarea instead: ${fmt(bareP)})`);

  await context.close();
}

// Served gzip-compressed, as GitHub Pages serves it, so the throttled figures count what is sent.
const site = await serveDist({ gzip: true });
const plain = await serveStatic();
const browser = await launch();
try {
  if (only === 'trace') {
    await bigTrace(browser, site);
  } else if (only === 'startup') {
    await startupFigures(browser, site, plain);
  } else if (only === 'tools') {
    await toolPastes(browser, site);
  } else if (only === 'paste') {
    for (let i = 0; i < 3; i++) await longestTaskOnPaste(browser, site);
    for (let i = 0; i < 3; i++) await longestTaskOnFile(browser, site);
  } else {
  await startupFigures(browser, site, plain);
  await longestTaskOnPaste(browser, site);
  await longestTaskOnFile(browser, site);

  const firsts = [];
  for (let i = 0; i < 5; i++) {
    const { page, context } = await openPage(browser, site);
    await page.waitForSelector('body[data-first-render-ms]');
    firsts.push(Number(await page.getAttribute('body', 'data-first-render-ms')));
    await context.close();
  }
  console.log(`first render after navigation: median ${median(firsts).toFixed(0)} ms (runs: ${firsts.map((x) => x.toFixed(0)).join(', ')})`);

  const { page, context } = await openPage(browser, site);
  await page.click('#tab-token');
  await page.getByRole('button', { name: 'Guest from another Entra tenant (v1)' }).click();
  const text = await page.inputValue('#token-input');
  const t = [];
  for (let i = 0; i < 5; i++) t.push((await pasteTime(page, '#token-input', i % 2 ? text : `Bearer ${text}`)).painted);
  console.log(`token pasted to verdict painted: median ${median(t).toFixed(1)} ms`);

  await context.close();
  await toolPastes(browser, site);

  await bigTrace(browser, site);
  }
} finally {
  await browser.close();
  await site.close();
  await plain.close();
}
