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
  for (let f = 0; f < count; f++) {
    pos = 0;
    for (let groups = take(LOCALS, 0); groups > 0; groups--) {
      take(LOCALS, 0);
      take(LOCALS, 1);
    }
    for (let depth = 1; depth > 0; ) {
      if (at[OP] >= end[OP]) throw damaged("the opcodes ran out");
      const op = payload[at[OP]++];
      // i32.const, its length told by the opcode: 0x41 for one byte, 0xd3..0xd6 for 2..5.
      const i32 = op === 0x41 ? 1 : op >= 0xd3 && op <= 0xd6 ? op - 0xd1 : 0;
      if (i32) {
        body[pos++] = 0x41;
        take(I32 + i32 - 1, i32);
        continue;
      }
      body[pos++] = op;
      if (op === 0x0b) depth--;
      else if (op >= 0x02 && op <= 0x04) {
        take(BLOCK, 0);
        depth++;
      } else if (op === 0x0c || op === 0x0d) take(LABEL, 0);
      else if (op === 0x0e) {
        for (let targets = take(LABEL, 0); targets >= 0; targets--) take(LABEL, 0);
      } else if (op === 0x10 || op === 0xd2) take(CALL, 0);
      else if (op === 0x11) {
        take(MISC, 0);
        take(MISC, 0);
      } else if (op >= 0x20 && op <= 0x22) take(LOCAL + op - 0x20, 0);
      else if (op >= 0x23 && op <= 0x26) take(GLOBAL, 0);
      else if (op >= 0x28 && op <= 0x3e) {
        // The alignment, with the offset's length in its high bits.
        const packed = payload[at[OP]++];
        body[pos++] = packed & 15;
        const width = (packed >> 4) + 1;
        take(OFFSET + width - 1, width);
      } else if (op === 0x3f || op === 0x40 || op === 0xd0) take(MISC, 1);
      else if (op === 0x42) take(I64, 0);
      else if (op === 0x43 || op === 0x44) take(FLOAT, op === 0x43 ? 4 : 8);
      else if (op === 0xfc) {
        const sub = take(OP, 0);
        // memory.init, data.drop, table.init .. table.fill: indices; then the reserved bytes
        // of memory.init, memory.copy and memory.fill.
        for (let k = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 2, 1, 2, 1, 1, 1][sub]; k > 0; k--) take(MISC, 0);
        const width = sub === 8 || sub === 11 ? 1 : sub === 10 ? 2 : 0;
        if (width) take(MISC, width);
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
