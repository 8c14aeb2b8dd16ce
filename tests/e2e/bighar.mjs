// Writes a big, realistic sign-in HAR to disk for the journeys and the page benchmark: the shapes
// of the cross-tenant fixture's failing sign-in (AADSTS50020 at the password post) amid thousands
// of noisy entries (scripts, images, fonts, telemetry, the app's API calls), with secrets planted
// in the noise. Nothing is committed: each run writes its own file into a temp dir.
import { openSync, writeSync, closeSync } from 'node:fs';
import { readFileSync } from 'node:fs';

const FIXTURE = JSON.parse(readFileSync(new URL('../../crates/analysis/tests/fixtures/har/cross-tenant-50020.har', import.meta.url), 'utf8'));

/** Secrets planted in the noise and on the failing request: none may survive sanitizing. */
export const PLANTED = {
  header: 'PLANTEDbigheader-51c2e0d4-do-not-keep',
  cookie: 'PLANTEDbigcookie-9a8b7c6d-do-not-keep',
  query: 'PLANTEDbigquery-0f1e2d3c-do-not-keep',
  refresh: 'eyJhbGciOiJIUzI1NiJ9.PLANTEDbigrefresh.c2ln',
};
/** What support needs, kept by the sanitizer. */
export const KEPT = {
  trace: 'aaaa0000-bbbb-4ccc-8ddd-eeeeffff0001',
  correlation: 'c0c0c0c0-1111-4222-8333-444444444444',
};

// A deterministic filler: the same file on every run, bodies that do not compress to nothing.
let seed = 0x2545f491;
function rnd() {
  seed ^= seed << 13; seed ^= seed >>> 17; seed ^= seed << 5;
  return (seed >>> 0) / 4294967296;
}
const ALPHA = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
function b64(n) {
  let s = '';
  for (let i = 0; i < n; i++) s += ALPHA[(rnd() * 64) | 0];
  return s;
}
const SCRIPT_LINE = 'function t(a,b){var c=a||{};return c.k=b,c.v=(c.v||0)+1,c}\n';

function time(i) {
  const ms = 1714558830000 + i * 37;
  return new Date(ms).toISOString();
}

/** One noise entry; `i` picks its kind and size (1–24 KB bodies, as real pages have). */
function noise(i) {
  const headers = [
    { name: 'user-agent', value: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36' },
    { name: 'accept-language', value: 'en-GB,en;q=0.9' },
    { name: 'cookie', value: `ai_session=FAKE${i}; x-planted=${PLANTED.cookie}` },
  ];
  const resHeaders = [
    { name: 'content-type', value: 'text/plain' },
    { name: 'x-ms-request-id', value: `aaaa0000-bbbb-4ccc-8ddd-${String(i).padStart(12, '0')}` },
  ];
  const base = { startedDateTime: time(i), time: 3 + (i % 40), cache: {}, timings: { send: 0, wait: 2, receive: 1 } };
  const size = 1024 + ((rnd() * 23 * 1024) | 0);
  switch (i % 6) {
    case 0: case 1:
      return { ...base, _resourceType: 'script', _initiator: { type: 'parser', url: 'https://app.contoso.example/', lineNumber: 3 },
        request: { method: 'GET', url: `https://aadcdn.msftauth.net/shared/1.0/content/js/chunk_${i}.js`, httpVersion: 'h2', headers, queryString: [], cookies: [], headersSize: -1, bodySize: 0 },
        response: { status: 200, statusText: '', httpVersion: 'h2', headers: resHeaders, cookies: [], content: { size, mimeType: 'application/javascript', text: SCRIPT_LINE.repeat(Math.ceil(size / SCRIPT_LINE.length)) }, redirectURL: '', headersSize: -1, bodySize: size } };
    case 2:
      return { ...base, _resourceType: 'image',
        request: { method: 'GET', url: `https://app.contoso.example/img/tile_${i}.png`, httpVersion: 'h2', headers, queryString: [], cookies: [], headersSize: -1, bodySize: 0 },
        response: { status: 200, statusText: '', httpVersion: 'h2', headers: resHeaders, cookies: [], content: { size, mimeType: 'image/png', encoding: 'base64', text: b64(size) }, redirectURL: '', headersSize: -1, bodySize: size } };
    case 3:
      return { ...base, _resourceType: 'ping',
        request: { method: 'POST', url: 'https://browser.events.data.microsoft.com/OneCollector/1.0/', httpVersion: 'h2', headers, queryString: [], cookies: [], headersSize: -1, bodySize: 60,
          postData: { mimeType: 'application/json', text: JSON.stringify({ name: 'pageView', n: i, data: b64(200) }) } },
        response: { status: 204, statusText: '', httpVersion: 'h2', headers: resHeaders, cookies: [], content: { size: 0, mimeType: '', text: '' }, redirectURL: '', headersSize: -1, bodySize: 0 } };
    case 4:
      return { ...base, _resourceType: 'font',
        request: { method: 'GET', url: `https://aadcdn.msftauth.net/shared/1.0/content/fonts/segoe_${i}.woff2`, httpVersion: 'h2', headers, queryString: [], cookies: [], headersSize: -1, bodySize: 0 },
        response: { status: 200, statusText: '', httpVersion: 'h2', headers: resHeaders, cookies: [], content: { size, mimeType: 'font/woff2', encoding: 'base64', text: b64(size) }, redirectURL: '', headersSize: -1, bodySize: size } };
    default:
      return { ...base, _resourceType: 'fetch',
        request: { method: 'GET', url: `https://app.contoso.example/api/orders?page=${i}&sig=${PLANTED.query}`, httpVersion: 'h2', headers, queryString: [], cookies: [], headersSize: -1, bodySize: 0 },
        response: { status: 200, statusText: '', httpVersion: 'h2', headers: [...resHeaders.slice(1), { name: 'content-type', value: 'application/json' }], cookies: [], content: { size, mimeType: 'application/json', text: JSON.stringify({ page: i, items: b64(size) }) }, redirectURL: '', headersSize: -1, bodySize: size } };
  }
}

/**
 * Writes a HAR of about `bytes` to `path`: noise up to `signInAt` (a fraction of the size), the
 * fixture's sign-in (its failure on the password post), noise to the end. Returns
 * { bytes, entries, failAt } with `failAt` the failing entry's index.
 */
export function writeBigHar(path, bytes, { signInAt = 0.5 } = {}) {
  seed = 0x2545f491;
  const fd = openSync(path, 'w');
  let written = 0;
  let batch = [];
  let batchLen = 0;
  const put = (s) => {
    batch.push(s); batchLen += s.length;
    if (batchLen > 4 << 20) { written += writeSync(fd, batch.join('')); batch = []; batchLen = 0; }
  };
  const head = { version: '1.2', creator: { name: 'WebInspector', version: '537.36' }, pages: FIXTURE.log.pages };
  put(`{\n  "log": ${JSON.stringify(head, null, 2).replace(/\n\}$/, ',')}\n  "entries": [\n`);
  const signIn = FIXTURE.log.entries.map((e) => structuredClone(e));
  const login = signIn[6];
  login.request.headers.push({ name: 'x-planted', value: PLANTED.header });
  login.request.headers.push({ name: 'x-ms-RefreshTokenCredential', value: PLANTED.refresh });
  let i = 0;
  let failAt = -1;
  let size = 0;
  const entry = (e) => {
    const s = (i ? ',\n' : '') + JSON.stringify(e, null, 2);
    put(s);
    size += s.length;
    i += 1;
  };
  while (size < bytes * signInAt) entry(noise(i));
  for (const [k, e] of signIn.entries()) {
    if (k === 6) failAt = i;
    entry({ ...e, startedDateTime: time(i) });
  }
  while (size < bytes - 64) entry(noise(i));
  put('\n  ]\n}}\n');
  written += writeSync(fd, batch.join(''));
  closeSync(fd);
  return { bytes: written, entries: i, failAt };
}
