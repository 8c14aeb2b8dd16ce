// The delivery issue's byte budgets, on the release build, as scripts/bench.sh counts them
// (`gzip -9` per file): the first load (everything but the analysis part and the offline edition)
// at most 262,144 bytes, the first load and the part together under 330,000. A feature that would
// go over fails here with the figures, not in a later measurement.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { distPath } from './harness.mjs';

const FIRST_LOAD = 262_144;
const TOGETHER = 330_000;

const gzipped = (name) => execFileSync('gzip', ['-9c', distPath(name)], { maxBuffer: 1 << 26 }).length;

test('the first load and the analysis part stay within the delivery budgets', () => {
  const files = readdirSync(distPath('.')).filter((f) => !f.endsWith('.sha256') && f !== 'guestlens-offline.html');
  const parts = files.filter((f) => /^guestlens-part-[0-9a-f]{16}\.js$/.test(f));
  assert.equal(parts.length, 1, `one analysis part in dist/: ${parts}`);
  const sizes = Object.fromEntries(files.map((f) => [f, gzipped(f)]));
  const first = files.filter((f) => f !== parts[0]).reduce((n, f) => n + sizes[f], 0);
  const together = first + sizes[parts[0]];
  const said = JSON.stringify(sizes);
  assert.ok(first <= FIRST_LOAD, `first load ${first} bytes gzip -9, over ${FIRST_LOAD}: ${said}`);
  assert.ok(together < TOGETHER, `first load and part ${together} bytes gzip -9, not under ${TOGETHER}: ${said}`);
});
