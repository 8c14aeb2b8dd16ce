// The start-up's unpacker: crates/unpack (LZMA, then the code's streams joined back), as the
// build embeds it in dist's start-up script, driven by crates/web/unpack.js, against Python's
// lzma and scripts/wasm_streams.py, the encoders the build packs the module with. Every byte
// comes back, in slices; a hand-made module with every kind of immediate the splitter knows and
// the page's own module come back whole; a damaged stream is refused rather than handed on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFile, readdir } from 'node:fs/promises';
import { inflateRawSync } from 'node:zlib';

const DIST = new URL('../../dist/', import.meta.url);
const START_NAME = (await readdir(DIST)).find((f) => f.endsWith('_bg.wasm.js'));
assert.ok(START_NAME, 'dist/ holds the start-up script (run the release build first)');
const START = await readFile(new URL(START_NAME, DIST), 'utf8');
const UNPACKER_BASE64 = START.match(/const packedUnpacker = "([A-Za-z0-9+/=]+)"/)[1];
const UNPACKER = Uint8Array.from(atob(UNPACKER_BASE64), (c) => c.charCodeAt(0));
const DRIVER = await readFile(new URL('../../crates/web/unpack.js', import.meta.url), 'utf8');
const unpackModule = new Function(`${DRIVER}\nreturn unpackModule;`)();
const SCRIPTS = new URL('../../scripts/', import.meta.url).pathname;

/** Raw LZMA1 as csp_boot.py writes it (preset 9e), with the given literal and position bits. */
function pack(data, lc, lp, pb) {
  const script = `import lzma, sys
f = [{"id": lzma.FILTER_LZMA1, "preset": 9 | lzma.PRESET_EXTREME, "lc": ${lc}, "lp": ${lp}, "pb": ${pb}, "dict_size": 1 << 22}]
sys.stdout.buffer.write(lzma.compress(sys.stdin.buffer.read(), format=lzma.FORMAT_RAW, filters=f))`;
  const run = spawnSync('python3', ['-c', script], { input: data, maxBuffer: 1 << 26 });
  assert.equal(run.status, 0, String(run.stderr));
  return new Uint8Array(run.stdout);
}

/** The LZMA stage alone, through the unpacker's exports: the decoded bytes and the step count. */
async function unlzma(packed, size, lc, lp, pb) {
  const { instance } = await WebAssembly.instantiate(inflateRawSync(UNPACKER), {});
  const u = instance.exports;
  const at = u.prepare(packed.length, size, 0);
  new Uint8Array(u.memory.buffer, at, packed.length).set(packed);
  let steps = 1;
  for (let until = 1 << 18; ; until += 1 << 18, steps++) {
    const result = u.unlzma(lc, lp, pb, until, size, packed.length);
    if (result < 0) {
      throw new Error(`damaged: ${new TextDecoder().decode(new Uint8Array(u.memory.buffer, u.damage_at(), u.damage_len()))}`);
    }
    if (result === 1) break;
  }
  return { out: new Uint8Array(u.memory.buffer, at + packed.length, size).slice(), steps };
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

const TEXT = new TextEncoder().encode(DRIVER);
const INPUTS = {
  'one byte': new Uint8Array([0x61]),
  'long runs (matches and repeats)': new Uint8Array(300_000).map((_, i) => (i % 7919 < 5000 ? 0 : i % 251)),
  'noise (literals)': noise(70_000, 7),
  'text with distant repeats': new Uint8Array(Array.from({ length: 40 }, () => [...TEXT]).flat()),
  'text and noise, past the 256 KiB step twice': new Uint8Array([
    ...Array.from({ length: 200 }, () => [...TEXT]).flat(),
    ...noise(200_000, 11),
  ]),
};

for (const [name, data] of Object.entries(INPUTS)) {
  test(`the unpacker's LZMA gives back ${name} (${data.length} bytes) for every literal/position setting`, async () => {
    for (const [lc, lp, pb] of [[2, 0, 0], [4, 0, 0], [3, 0, 2], [0, 2, 2], [1, 1, 1]]) {
      const { out, steps } = await unlzma(pack(data, lc, lp, pb), data.length, lc, lp, pb);
      assert.ok(Buffer.from(out).equals(Buffer.from(data)), `bytes differ (lc ${lc} lp ${lp} pb ${pb})`);
      if (data.length > 1 << 19) assert.ok(steps > 2, `a big output takes more than two steps (${steps})`);
    }
  });
}

test("the unpacker's LZMA refuses a truncated stream instead of handing on a broken module", async () => {
  const data = new Uint8Array(Array.from({ length: 20 }, () => [...TEXT]).flat());
  const packed = pack(data, 2, 0, 0);
  await assert.rejects(unlzma(packed.subarray(0, packed.length >> 1), data.length, 2, 0, 0), /damaged/);
});

/** wasm_streams.split in Python: the payload and its layout. */
function split(module) {
  const run = splitRun(module);
  assert.equal(run.status, 0, String(run.stderr));
  const newline = run.stdout.indexOf(10);
  return { layout: JSON.parse(run.stdout.subarray(0, newline)), payload: new Uint8Array(run.stdout.subarray(newline + 1)) };
}

function splitRun(module) {
  const script = `import sys, json
sys.path.insert(0, ${JSON.stringify(SCRIPTS)})
import wasm_streams
payload, layout = wasm_streams.split(sys.stdin.buffer.read())
sys.stdout.buffer.write(json.dumps(layout).encode() + b"\\n" + payload)`;
  return spawnSync('python3', ['-c', script], { input: module, maxBuffer: 1 << 26 });
}

/** The whole unpacking, as the page does it: the payload packed with LZMA (lc 2), then
 * unpack.js with the embedded unpacker; the module's slices joined. */
async function join(payload, layout) {
  const slices = [];
  const packed = pack(payload, 2, 0, 0);
  await unpackModule(UNPACKER_BASE64, Buffer.from(packed).toString('base64'), layout, 2, 0, 0, (slice) => slices.push(slice));
  const out = new Uint8Array(layout[0]);
  let at = 0;
  for (const slice of slices) {
    out.set(slice, at);
    at += slice.length;
  }
  assert.equal(at, layout[0], `slices cover ${at} of ${layout[0]} bytes`);
  return { out, slices: slices.length };
}

const uleb = (v) => {
  const out = [];
  do {
    let b = v % 128;
    v = Math.floor(v / 128);
    if (v) b |= 128;
    out.push(b);
  } while (v);
  return out;
};
const sleb = (v) => {
  const out = [];
  for (;;) {
    const b = v & 127;
    v >>= 7;
    if ((v === 0 && !(b & 64)) || (v === -1 && b & 64)) return [...out, b];
    out.push(b | 128);
  }
};
const section = (id, bytes) => [id, ...uleb(bytes.length), ...bytes];
const f32 = (x) => [...new Uint8Array(new Float32Array([x]).buffer)];
const f64 = (x) => [...new Uint8Array(new Float64Array([x]).buffer)];
const i32 = (v) => [0x41, ...sleb(v)];
const load = (op, align, offset) => [0x20, 0, op, align, ...uleb(offset), 0x1a];

/** One function (i32) -> i32 using every immediate kind wasm_streams.py splits out, in a module
 * with a table, a memory, a global, a declared function reference and a passive data segment. */
function handMade(extraFunctions) {
  const body = [
    // locals: 3 i32, 1 i64, 200 f64 (a two-byte count)
    3, 3, 0x7f, 1, 0x7e, ...uleb(200), 0x7c,
    // i32 constants of 1 to 5 bytes
    ...i32(5), ...i32(300), ...i32(70000), ...i32(1 << 24), ...i32(-1000000000),
    0x1a, 0x1a, 0x1a, 0x1a, 0x1a,
    // loads with offsets of 1 to 5 bytes, a store
    ...load(0x28, 2, 3), ...load(0x2d, 0, 200), ...load(0x29, 3, 70000), ...load(0x28, 2, 20000000),
    ...load(0x28, 2, 0xfffffff0),
    0x20, 0, ...i32(1), 0x36, 2, 5,
    // blocks (a value type and none), br_table, br_if, br, if/else
    0x02, 0x7f, ...i32(1), 0x0b, 0x1a,
    0x03, 0x40, 0x01, 0x0b,
    0x02, 0x40, 0x20, 0, 0x0e, 2, 0, 0, 0, 0x0b,
    0x02, 0x40, 0x20, 0, 0x0d, 0, 0x0c, 0, 0x0b,
    0x20, 0, 0x04, 0x40, 0x01, 0x05, 0x01, 0x0b,
    // i64, f32, f64 constants; globals; local.tee and local.set
    0x42, ...sleb(123456789), 0x1a, 0x43, ...f32(1.5), 0x1a, 0x44, ...f64(2.5), 0x1a,
    0x23, 0, 0x24, 0, 0x20, 0, 0x22, 1, 0x21, 2,
    // memory.size, memory.grow, memory.copy, memory.fill, memory.init, data.drop, trunc_sat
    0x3f, 0, 0x1a, ...i32(1), 0x40, 0, 0x1a,
    ...i32(0), ...i32(0), ...i32(0), 0xfc, 10, 0, 0,
    ...i32(0), ...i32(0), ...i32(0), 0xfc, 11, 0,
    ...i32(0), ...i32(0), ...i32(0), 0xfc, 8, 0, 0,
    0xfc, 9, 0,
    0x43, ...f32(1), 0xfc, 0, 0x1a,
    // ref.null, ref.is_null, ref.func, call, call_indirect, select
    0xd0, 0x70, 0xd1, 0x1a, 0xd2, 0, 0x1a,
    0x20, 0, 0x10, 0, 0x1a,
    ...i32(7), ...i32(0), 0x11, 0, 0, 0x1a,
    ...i32(1), ...i32(2), 0x20, 0, 0x1b, 0x1a,
    0x20, 0, 0x0b,
  ];
  // Small functions after it, so the joiner's 128 KiB pauses are crossed.
  const small = [0, 0x20, 0, ...i32(100000), 0x6a, 0x0b];
  const bodies = [body, ...Array.from({ length: extraFunctions }, () => small)];
  const code = [...uleb(bodies.length), ...bodies.flatMap((b) => [...uleb(b.length), ...b])];
  return new Uint8Array([
    0, 0x61, 0x73, 0x6d, 1, 0, 0, 0,
    ...section(1, [1, 0x60, 1, 0x7f, 1, 0x7f]),
    ...section(3, [...uleb(bodies.length), ...bodies.map(() => 0)]),
    ...section(4, [1, 0x70, 0, 1]),
    ...section(5, [1, 0, 1]),
    ...section(6, [1, 0x7f, 1, ...i32(0), 0x0b]),
    ...section(9, [1, 3, 0, 1, 0]),
    ...section(12, [1]),
    ...section(10, code),
    ...section(11, [1, 1, 2, 0x68, 0x69]),
  ]);
}

test('the splitter refuses an instruction it does not know, so the build stops instead of shipping a broken module', () => {
  // A one-function module whose body holds `bytes` before its end.
  const withBody = (bytes) => {
    const body = [0, ...bytes, 0x0b];
    return new Uint8Array([
      0, 0x61, 0x73, 0x6d, 1, 0, 0, 0,
      ...section(1, [1, 0x60, 0, 0]),
      ...section(3, [1, 0]),
      ...section(10, [1, ...uleb(body.length), ...body]),
    ]);
  };
  assert.equal(splitRun(withBody([0x01])).status, 0, 'a nop splits');
  // v128.const (SIMD), and ref.eq, whose byte the splitter uses for 2-byte i32 constants.
  for (const [bytes, code] of [[[0xfd, 0x0c, ...new Array(16).fill(0)], '0xFD'], [[0xd3], '0xD3']]) {
    const run = splitRun(withBody(bytes));
    assert.notEqual(run.status, 0, `instruction ${code} is refused`);
    assert.match(String(run.stderr), new RegExp(`instruction ${code} at byte`));
  }
});

test('short import and closure names: the module and the glue renamed together, or the build stops', () => {
  const text = (t) => [...uleb(t.length), ...new TextEncoder().encode(t)];
  const IMPORT = '__wbg_createElement_0123456789abcdef';
  const CLOSURE = 'wasm_bindgen__convert__closures_____invoke__h0123456789abcdef';
  const body = [0, 0x0b];
  const module = new Uint8Array([
    0, 0x61, 0x73, 0x6d, 1, 0, 0, 0,
    ...section(1, [1, 0x60, 0, 0]),
    ...section(2, [1, ...text('./x_bg.js'), ...text(IMPORT), 0, 0]),
    ...section(3, [1, 0]),
    ...section(5, [1, 0, 1]),
    ...section(7, [2, ...text(CLOSURE), 0, 1, ...text('memory'), 2, 0]),
    ...section(10, [1, ...uleb(body.length), ...body]),
  ]);
  const glue = `const import0 = {\n${IMPORT}: function() {\n},\n};\n`
    + `function ${CLOSURE}() {\nwasm.${CLOSURE}();\n}\nconst imports = { "./x_bg.js": import0 };\n`;
  const rename = (g) => spawnSync('python3', ['-c', `import sys, json
sys.path.insert(0, ${JSON.stringify(SCRIPTS)})
import wasm_names
module, glue = wasm_names.rename(sys.stdin.buffer.read(), json.loads(sys.argv[1]))
sys.stdout.buffer.write(json.dumps([list(module), glue]).encode())`, JSON.stringify(g)], { input: module });
  assert.ok(WebAssembly.validate(module), 'the hand-made module is valid wasm');
  const run = rename(glue);
  assert.equal(run.status, 0, String(run.stderr));
  const [renamed, newGlue] = JSON.parse(run.stdout);
  const bytes = Buffer.from(renamed).toString('latin1');
  assert.ok(!bytes.includes(IMPORT) && !bytes.includes(CLOSURE), 'the long names are gone from the module');
  assert.ok(bytes.includes('\x01w\x01a\x00'), 'the import is w.a');
  assert.ok(bytes.includes('\x02$a\x00'), 'the closure export is $a');
  assert.equal(newGlue, 'const import0 = {\na: function() {\n},\n};\n'
    + 'function $a() {\nwasm.$a();\n}\nconst imports = { "w": import0 };\n');
  const broken = rename(glue.replace(`${IMPORT}: function`, `${IMPORT}_other: function`));
  assert.notEqual(broken.status, 0, 'a glue that does not define the import is refused');
  assert.match(String(broken.stderr), /does not define import/);
});

test('the hand-made module is valid wasm, so the test is about the joiner', () => {
  assert.ok(WebAssembly.validate(handMade(0)));
  assert.ok(WebAssembly.validate(handMade(20000)));
});

test('the unpacker gives back a module with every kind of immediate, byte for byte', async () => {
  const module = handMade(0);
  const { payload, layout } = split(module);
  assert.notDeepEqual(payload.subarray(0, module.length), module, 'the code was split');
  const { out } = await join(payload, layout);
  assert.deepEqual(out, module);
});

test('the unpacker hands a large module on in several slices, in order', async () => {
  const module = handMade(20000);
  const { payload, layout } = split(module);
  const { out, slices } = await join(payload, layout);
  assert.deepEqual(out, module);
  assert.ok(slices >= 2, `${slices} slice(s) for ${module.length} bytes`);
});

test('the unpacker refuses a damaged payload instead of handing on a broken module', async () => {
  const { payload, layout } = split(handMade(0));
  const cases = {
    'a byte short': [payload.subarray(0, payload.length - 1), layout],
    'a stream one byte shorter, the next one longer': [payload, layout.map((v, i) => (i === 5 ? v - 1 : i === 6 ? v + 1 : v))],
    'a wrong code length': [payload, layout.map((v, i) => (i === 4 ? v + 1 : v))],
    'a code length far too short (a body bigger than the section)': [payload, layout.map((v, i) => (i === 4 ? 1 : v))],
    'the first opcode changed to an end': [payload.map((b, i) => (i === layout[1] + layout[2] ? 0x0b : b)), layout],
  };
  for (const [name, [bytes, numbers]] of Object.entries(cases)) {
    await assert.rejects(join(bytes, numbers), /damaged|slices cover/, name);
  }
});

test("the page's own module, unpacked as the start-up does, is valid wasm and splits back into its stream", async () => {
  const literal = START.match(/const packed = "([A-Za-z0-9+/=]+)"/)[1];
  const call = START.match(/unpackModule\(\w+, \w+, (\[[\d, ]+\]), (\d), (\d), (\d),/);
  assert.ok(call, 'the start-up calls unpackModule with the layout and LZMA settings');
  const [layout, lc, lp, pb] = [JSON.parse(call[1]), ...call.slice(2).map(Number)];
  const length = layout[1] + layout[2] + layout.slice(5).reduce((a, b) => a + b, 0);
  const packed = Uint8Array.from(atob(literal), (c) => c.charCodeAt(0));
  const slices = [];
  await unpackModule(UNPACKER_BASE64, literal, layout, lc, lp, pb, (slice) => slices.push(slice));
  const out = new Uint8Array(Buffer.concat(slices));
  assert.equal(out.length, layout[0]);
  assert.ok(slices.length > 2, `the module comes in slices (${slices.length})`);
  assert.ok(WebAssembly.validate(out), 'the unpacked module is valid wasm');
  const again = split(out);
  assert.deepEqual(again.layout, layout);
  const script = `import lzma, sys
f = [{"id": lzma.FILTER_LZMA1, "preset": 9 | lzma.PRESET_EXTREME, "lc": ${lc}, "lp": ${lp}, "pb": ${pb}, "dict_size": 1 << 22}]
d = lzma.LZMADecompressor(format=lzma.FORMAT_RAW, filters=f)
sys.stdout.buffer.write(d.decompress(sys.stdin.buffer.read(), max_length=${length}))`;
  const run = spawnSync('python3', ['-c', script], { input: packed, maxBuffer: 1 << 26 });
  assert.equal(run.status, 0, String(run.stderr));
  assert.ok(Buffer.from(again.payload).equals(run.stdout), "the module splits back into the stream's payload");
});

test("the analysis part's file goes on with the start-up's stream, and the unpacker refuses to guess past a piece", async () => {
  const literal = START.match(/const packed = "([A-Za-z0-9+/=]+)"/)[1];
  const call = START.match(/unpackModule\(\w+, \w+, (\[[\d, ]+\]), (\d), (\d), (\d),\s*\(slice\) => c\.enqueue\(slice\), (\[[\d, ]+\])\)/);
  assert.ok(call, 'the start-up keeps room for the rest of the stream');
  const [layout, lc, lp, pb, more] = [JSON.parse(call[1]), ...call.slice(2, 5).map(Number), JSON.parse(call[5])];
  const partName = (await readdir(DIST)).find((f) => /^guestlens-part-[0-9a-f]{16}\.js$/.test(f));
  const part = await readFile(new URL(partName, DIST), 'utf8');
  const rest = part.match(/export const packed = "([A-Za-z0-9+/=]+)"/)[1];
  const partLayout = JSON.parse(part.match(/export const layout = (\[[\d, ]+\])/)[1]);
  assert.equal(atob(rest).length, more[0], "the room kept is the rest's length");
  assert.equal(partLayout[0], more[2], "and the part module's");
  const first = [];
  const goOn = await unpackModule(UNPACKER_BASE64, literal, layout, lc, lp, pb, (s) => first.push(s), more);
  assert.ok(WebAssembly.validate(new Uint8Array(Buffer.concat(first))), 'the module comes back first');
  const second = [];
  await goOn(rest, partLayout, (s) => second.push(s));
  const out = new Uint8Array(Buffer.concat(second));
  assert.equal(out.length, partLayout[0]);
  assert.ok(WebAssembly.validate(out), 'the part, decoded with the module as its dictionary, is valid wasm');
  assert.deepEqual(split(out).layout, partLayout);

  // A rest longer than the room kept for it is refused, not written over the payload.
  const noRoom = await unpackModule(UNPACKER_BASE64, literal, layout, lc, lp, pb, () => {});
  await assert.rejects(noRoom(rest, partLayout, () => {}), /more stream than room for it/);

  // The start-up's piece cut short: its module needs bytes that are not there, and the
  // unpacker says so instead of decoding zeros into it.
  const short = Buffer.from(atob(literal).slice(0, -40), 'latin1').toString('base64');
  await assert.rejects(unpackModule(UNPACKER_BASE64, short, layout, lc, lp, pb, () => {}, more),
    /the embedded module is damaged \(LZMA stream too short\)/);
});

test('the start-up refuses a damaged LZMA stream with its reason', async () => {
  const { payload, layout } = split(handMade(0));
  const packed = pack(payload, 2, 0, 0);
  await assert.rejects(unpackModule(UNPACKER_BASE64, Buffer.from(packed.subarray(0, packed.length >> 1)).toString('base64'), layout, 2, 0, 0, () => {}),
    /the embedded module is damaged \(/);
});
