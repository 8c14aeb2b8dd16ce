// GuestLens: puts the module's code back together from the streams scripts/wasm_streams.py
// splits it into (each kind of value written apart, so LZMA codes the module 9% smaller).
// `payload` is the decoded LZMA stream; `layout` the numbers the build wrote beside it: the
// module's length, the parts before and after the code section, the function count, the code
// section's length, then each stream's length in wasm_streams.py's STREAMS order. `emit` gets
// the module in order, a slice at a time, so the browser compiles it while the rest is joined.
// Anything that does not add up is refused as damaged rather than handed on.
// Comments go on lines of their own: csp_boot.py drops those lines when it embeds this file.
async function unwasm(payload, layout, emit) {
  const [size, headLen, tailLen, count, codeLen] = layout;
  // Stream numbers, in STREAMS order.
  const OP = 0, LOCALS = 1, BLOCK = 2, LABEL = 3, CALL = 4, MISC = 5, LOCAL = 6, GLOBAL = 9;
  const I64 = 10, FLOAT = 11, I32 = 12, OFFSET = 17;
  const at = [], end = [];
  let next = headLen + tailLen;
  for (let i = 5; i < layout.length; i++) {
    at.push(next);
    next += layout[i];
    end.push(next);
  }
  const damaged = (why) => new Error("the embedded module is damaged (" + why + ")");
  if (next !== payload.length) throw damaged("streams and payload differ in length");
  const out = new Uint8Array(size);
  let o = 0, handed = 0;
  const uint = (v) => {
    while (v > 127) {
      out[o++] = (v & 127) | 128;
      v = Math.floor(v / 128);
    }
    out[o++] = v;
  };
  out.set(payload.subarray(0, headLen));
  o = headLen;
  out[o++] = 10;
  uint(codeLen);
  const codeStart = o;
  uint(count);
  // One body at a time: its size goes in front of it, so it is joined here first.
  const body = new Uint8Array(size);
  let pos = 0;
  // Copies `width` bytes, or a LEB128 number (width 0) and returns its value, from stream s.
  const take = (s, width) => {
    let i = at[s], value = 0;
    if (width) {
      for (const stop = i + width; i < stop; ) body[pos++] = payload[i++];
    } else {
      let b, scale = 1;
      do {
        b = payload[i++];
        body[pos++] = b;
        value += (b & 0x7f) * scale;
        scale *= 128;
      } while (b & 0x80);
    }
    if (i > end[s]) throw damaged("stream " + s + " ran out");
    at[s] = i;
    return value;
  };
  // What follows each opcode, by kind: 0 nothing, 1 end, 2 a block type, 3 a label, 4 a label
  // table, 5 a function, 6 call_indirect's type and table, 7-9 a local (get, set, tee),
  // 10 a global or table, 11 a memory access, 12 one reserved byte, 13 an i64, 14 an f32,
  // 15 an f64, 16 the 0xfc prefix's operations, 17-21 an i32.const of 1 to 5 bytes.
  const KIND = new Uint8Array(256);
  KIND[0x0b] = 1;
  KIND.fill(2, 0x02, 0x05);
  KIND.fill(3, 0x0c, 0x0e);
  KIND[0x0e] = 4;
  KIND[0x10] = KIND[0xd2] = 5;
  KIND[0x11] = 6;
  KIND.fill(7, 0x20, 0x21);
  KIND[0x21] = 8;
  KIND[0x22] = 9;
  KIND.fill(10, 0x23, 0x27);
  KIND.fill(11, 0x28, 0x3f);
  KIND[0x3f] = KIND[0x40] = KIND[0xd0] = 12;
  KIND[0x42] = 13;
  KIND[0x43] = 14;
  KIND[0x44] = 15;
  KIND[0xfc] = 16;
  KIND[0x41] = 17;
  KIND.set([18, 19, 20, 21], 0xd3);
  for (let f = 0; f < count; f++) {
    pos = 0;
    for (let groups = take(LOCALS, 0); groups > 0; groups--) {
      take(LOCALS, 0);
      take(LOCALS, 1);
    }
    for (let depth = 1; depth > 0; ) {
      if (at[OP] >= end[OP]) throw damaged("the opcodes ran out");
      const op = payload[at[OP]++];
      const kind = KIND[op];
      body[pos++] = kind >= 17 ? 0x41 : op;
      switch (kind) {
        case 0:
          break;
        case 1:
          depth--;
          break;
        case 2:
          take(BLOCK, 0);
          depth++;
          break;
        case 3:
          take(LABEL, 0);
          break;
        case 4:
          for (let targets = take(LABEL, 0); targets >= 0; targets--) take(LABEL, 0);
          break;
        case 5:
          take(CALL, 0);
          break;
        case 6:
          take(MISC, 0);
          take(MISC, 0);
          break;
        case 7:
        case 8:
        case 9:
          take(LOCAL + kind - 7, 0);
          break;
        case 10:
          take(GLOBAL, 0);
          break;
        case 11: {
          // The alignment, with the offset's length in its high bits.
          const packed = payload[at[OP]++];
          body[pos++] = packed & 15;
          take(OFFSET + (packed >> 4), (packed >> 4) + 1);
          break;
        }
        case 12:
          take(MISC, 1);
          break;
        case 13:
          take(I64, 0);
          break;
        case 14:
        case 15:
          take(FLOAT, kind === 14 ? 4 : 8);
          break;
        case 16: {
          const sub = take(OP, 0);
          // memory.init, data.drop, table.init .. table.fill: indices; then the reserved bytes
          // of memory.init, memory.copy and memory.fill.
          for (let k = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 2, 1, 2, 1, 1, 1][sub]; k > 0; k--) take(MISC, 0);
          const width = sub === 8 || sub === 11 ? 1 : sub === 10 ? 2 : 0;
          if (width) take(MISC, width);
          break;
        }
        default:
          // i32.const, its length told by the opcode: 0x41 for one byte, 0xd3..0xd6 for 2..5.
          take(I32 + kind - 17, kind - 16);
      }
    }
    uint(pos);
    if (o + pos + tailLen > size) throw damaged("the code is longer than the module");
    out.set(body.subarray(0, pos), o);
    o += pos;
    if (o - handed >= 1 << 17) {
      // A pause every 128 KiB keeps each task short, as unlzma does.
      emit(out.subarray(handed, o));
      handed = o;
      await nextTask();
    }
  }
  for (let s = 0; s < at.length; s++) if (at[s] !== end[s]) throw damaged("stream " + s + " has bytes left");
  if (o - codeStart !== codeLen || o + tailLen !== size) throw damaged("the code does not fit its length");
  out.set(payload.subarray(headLen, headLen + tailLen), o);
  emit(out.subarray(handed, size));
}
