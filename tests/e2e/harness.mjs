// Shared rig for the journeys: serves dist/ under a sub-path (as GitHub Pages does),
// launches Debian's Chromium, and records every request and CSP violation the page makes.
import { createServer } from 'node:http';
import { gzipSync } from 'node:zlib';
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

export const BASE_PATH = '/guestlens/';
// GUESTLENS_DIST lets parallel builds test their own output; the default is the project's dist/.
const DIST = process.env.GUESTLENS_DIST ?? fileURLToPath(new URL('../../dist/', import.meta.url));
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.wasm': 'application/wasm' };

/**
 * Starts a static server for dist/ on a free loopback port; resolves to { url, close }. With
 * `gzip`, it compresses (gzip -9) for clients that accept it, as GitHub Pages does.
 */
export async function serveDist({ gzip = false } = {}) {
  if (!existsSync(join(DIST, 'index.html'))) throw new Error('dist/index.html is missing: build with trunk first');
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (!path.startsWith(BASE_PATH)) { res.writeHead(404).end(); return; }
    const rel = normalize(path.slice(BASE_PATH.length) || 'index.html');
    if (rel.startsWith('..')) { res.writeHead(403).end(); return; }
    try {
      const body = await readFile(join(DIST, rel));
      const type = { 'content-type': TYPES[extname(rel)] ?? 'application/octet-stream' };
      if (gzip && /\bgzip\b/.test(req.headers['accept-encoding'] ?? '')) {
        res.writeHead(200, { ...type, 'content-encoding': 'gzip' }).end(gzipSync(body, { level: 9 }));
      } else res.writeHead(200, type).end(body);
    } catch { res.writeHead(404).end(); }
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address();
  return { url: `http://127.0.0.1:${port}${BASE_PATH}`, close: () => new Promise((ok) => server.close(ok)) };
}

/** Holds back `page`'s requests that `match` (a route's URL pattern) until the returned function is called. */
export async function holdBack(page, match) {
  let release;
  const held = new Promise((ok) => { release = ok; });
  await page.route(match, async (route) => { await held; await route.continue(); });
  return release;
}

/** Launches headless Chromium with the flags that work on these machines. */
export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/**
 * Records every request `page` makes, and its page errors, console errors and CSP violations
 * (reported to the console by an init script); call before navigating.
 */
export async function watch(page) {
  const requests = [];
  const problems = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console error: ${m.text()}`); });
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  return { requests, problems };
}

/** Pastes `text` into `selector` as a browser does: a paste event carrying clipboard data. */
export async function paste(page, text, selector = '#case-paste') {
  await page.locator(selector).evaluate((el, t) => {
    const data = new DataTransfer();
    data.setData('text/plain', t);
    el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, text);
}

/** Fails when the page asked for anything but its own files, or logged an error or CSP violation. */
export function assertClean(audit) {
  const { foreign, problems } = audit();
  assert.deepEqual(foreign, [], 'the page asked for something other than its own files');
  assert.deepEqual(problems, [], 'errors or CSP violations on the page');
}

/**
 * Opens the page and records what it asks the network for. `audit()` returns the requests that
 * are not same-origin static files of the page, plus CSP violations and page errors.
 */
export async function openPage(browser, site, { hash = '', permissions = [] } = {}) {
  const context = await browser.newContext({ permissions });
  const page = await context.newPage();
  const { requests, problems } = await watch(page);
  await page.goto(site.url + hash);
  await page.waitForSelector('[role=tablist] [role=tab]');
  const audit = () => {
    const foreign = requests.filter((u) => {
      const url = new URL(u);
      if (url.protocol === 'data:') return false;
      if (url.origin !== new URL(site.url).origin || !url.pathname.startsWith(BASE_PATH)) return true;
      const file = url.pathname.slice(BASE_PATH.length) || 'index.html';
      return !existsSync(join(DIST, file));
    });
    return { foreign, problems: [...problems], requests: [...requests] };
  };
  return { page, context, audit };
}

// axe-core's source, read once. It is evaluated in the page through the DevTools protocol,
// which the page's CSP does not govern: a <script> tag with it inline would be refused by
// `script-src 'self'`, and loading it by URL would add a request the audit would flag.
let axeSource;

/**
 * Runs axe-core on the page as it is now and returns its violations (every impact), each as
 * one line: rule, impact, help and the target selectors.
 */
export async function axeViolations(page) {
  axeSource ??= await readFile(fileURLToPath(import.meta.resolve('axe-core/axe.min.js')), 'utf8');
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')),
    }));
  });
  return violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.targets.join(', ')}`);
}

/**
 * Resolves once the analysis part (crates/web/src/part.rs) has arrived and no view says it is
 * loading it. A view opened by its hash asks for the part at once; its arrival re-renders the
 * views, which sets each paste box to the text the app holds.
 */
export async function analysisReady(page) {
  await page.evaluate(() => window.guestlensPart?.());
  await page.waitForFunction(() => ![...document.querySelectorAll('[role=status]')]
    .some((e) => e.offsetParent && e.textContent.includes('Loading the analysis')));
}

/** The path of a file the build wrote to dist/ (or GUESTLENS_DIST). */
export function distPath(name) {
  return join(DIST, name);
}
