// The start-up's LZMA decoder (crates/web/unlzma.js) against Python's lzma, the encoder
// scripts/csp_boot.py packs the module with: every byte back, in slices that cover the output
// once and in order, and a damaged stream refused rather than decoded into a broken module.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';

const SOURCE = await readFile(new URL('../../crates/web/unlzma.js', import.meta.url), 'utf8');
const unlzma = new Function(`${SOURCE}\nreturn unlzma;`)();

/** Raw LZMA1 as csp_boot.py writes it (preset 9e), with the given literal and position bits. */
function pack(data, lc, lp, pb) {
  const script = `import lzma, sys
f = [{"id": lzma.FILTER_LZMA1, "preset": 9 | lzma.PRESET_EXTREME, "lc": ${lc}, "lp": ${lp}, "pb": ${pb}, "dict_size": 1 << 22}]
sys.stdout.buffer.write(lzma.compress(sys.stdin.buffer.read(), format=lzma.FORMAT_RAW, filters=f))`;
  const run = spawnSync('python3', ['-c', script], { input: data, maxBuffer: 1 << 26 });
  assert.equal(run.status, 0, String(run.stderr));
  return new Uint8Array(run.stdout);
}

async function unpack(packed, size, lc, lp, pb) {
  const slices = [];
  await unlzma(packed, size, lc, lp, pb, (slice) => slices.push(slice));
  return slices;
}

// A pseudo-random generator with a fixed seed, so a failure can be replayed.
function noise(length, seed) {
  const bytes = new Uint8Array(length);
  let x = seed;
  for (let i = 0; i < length; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    bytes[i] = x >>> 24;
  }
  return bytes;
}

const INPUTS = {
  'one byte': new Uint8Array([0x61]),
  'long runs (matches and repeats)': new Uint8Array(300_000).map((_, i) => (i % 7919 < 5000 ? 0 : i % 251)),
  'noise (literals)': noise(70_000, 7),
  'text with distant repeats': new TextEncoder().encode(SOURCE.repeat(40)),
  'the decoder embedded in itself, past the 256 KiB slice twice': new Uint8Array([
    ...new TextEncoder().encode(SOURCE.repeat(60)),
    ...noise(200_000, 11),
  ]),
};

for (const [name, data] of Object.entries(INPUTS)) {
  test(`unlzma gives back ${name} (${data.length} bytes) for every literal/position setting`, async () => {
    for (const [lc, lp, pb] of [[4, 0, 0], [3, 0, 2], [0, 2, 2], [1, 1, 1]]) {
      const slices = await unpack(pack(data, lc, lp, pb), data.length, lc, lp, pb);
      const out = new Uint8Array(data.length);
      let at = 0;
      for (const slice of slices) {
        out.set(slice, at);
        at += slice.length;
      }
      assert.equal(at, data.length, `slices cover ${at} of ${data.length} bytes (lc ${lc} lp ${lp} pb ${pb})`);
      assert.ok(Buffer.from(out).equals(Buffer.from(data)), `bytes differ (lc ${lc} lp ${lp} pb ${pb})`);
      if (data.length > 1 << 18) assert.ok(slices.length > 1, 'a big output comes in more than one slice');
    }
  });
}

test('unlzma refuses a truncated stream instead of handing on a broken module', async () => {
  const data = new TextEncoder().encode(SOURCE.repeat(20));
  const packed = pack(data, 4, 0, 0);
  await assert.rejects(unpack(packed.subarray(0, packed.length >> 1), data.length, 4, 0, 0), /damaged/);
});
