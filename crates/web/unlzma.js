// GuestLens: decodes the raw LZMA stream the module is embedded as (see scripts/csp_boot.py).
// LZMA codes the module 17% smaller than deflate, and browsers have no LZMA decoder of their own.
// Written from the format's description (range coder, adaptive bit models, literal, match and
// repeat codes); it stops at the module's known size, so no end marker is needed. Comments go on
// lines of their own: csp_boot.py drops those lines and the indentation when it embeds this file.
// `emit` gets each decoded slice as it is done (the bytes before `pos` never change again), so
// the browser compiles the module while the rest is decoded.
async function unlzma(src, size, lc, lp, pb, emit) {
  const out = new Uint8Array(size);
  // Every adaptive bit model starts at one half (1024 of 2048), in one array: offsets below.
  const IS_MATCH = 0, IS_REP = 192, IS_REP_G0 = 204, IS_REP_G1 = 216, IS_REP_G2 = 228;
  const IS_REP0_LONG = 240, POS_SLOT = 432, SPEC_POS = 688, ALIGN = 802, LEN = 818;
  const REP_LEN = LEN + 514, LITERAL = REP_LEN + 514;
  const p = new Uint16Array(LITERAL + (0x300 << (lc + lp))).fill(1024);
  // The range coder's range, code and read position: in a typed array, because closures that
  // write numbers above 2^31 to shared variables box them on every write (twice as slow).
  const rc = new Uint32Array(3);
  rc[0] = 0xffffffff;
  rc[2] = 5;
  for (let i = 1; i < 5; i++) rc[1] = (rc[1] << 8) | src[i];
  const bit = (i) => {
    const bound = (rc[0] >>> 11) * p[i];
    let b;
    if (rc[1] < bound) {
      rc[0] = bound;
      p[i] += (2048 - p[i]) >> 5;
      b = 0;
    } else {
      rc[0] -= bound;
      rc[1] -= bound;
      p[i] -= p[i] >> 5;
      b = 1;
    }
    // The refill is written out here and in `direct`: as a shared helper it cost a tenth of
    // the decoding time.
    if (rc[0] < 0x1000000) {
      rc[0] = (rc[0] << 8) >>> 0;
      rc[1] = ((rc[1] << 8) | src[rc[2]++]) >>> 0;
    }
    return b;
  };
  const tree = (base, bits) => {
    let m = 1;
    for (let i = 0; i < bits; i++) m = (m << 1) | bit(base + m);
    return m - (1 << bits);
  };
  const reverse = (base, bits) => {
    let m = 1, v = 0;
    for (let i = 0; i < bits; i++) {
      const b = bit(base + m);
      m = (m << 1) | b;
      v |= b << i;
    }
    return v;
  };
  const direct = (bits) => {
    let v = 0;
    for (let i = 0; i < bits; i++) {
      rc[0] >>>= 1;
      let b = 0;
      if (rc[1] >= rc[0]) {
        rc[1] -= rc[0];
        b = 1;
      }
      v = (v << 1) | b;
      if (rc[0] < 0x1000000) {
        rc[0] = (rc[0] << 8) >>> 0;
        rc[1] = ((rc[1] << 8) | src[rc[2]++]) >>> 0;
      }
    }
    return v >>> 0;
  };
  // Lengths: choice, choice 2, 16 low and 16 mid trees of 3 bits, one high tree of 8 bits.
  const length = (base, posState) => {
    if (!bit(base)) return tree(base + 2 + posState * 8, 3);
    if (!bit(base + 1)) return 8 + tree(base + 130 + posState * 8, 3);
    return 16 + tree(base + 258, 8);
  };
  const distance = (len) => {
    const slot = tree(POS_SLOT + (len < 3 ? len : 3) * 64, 6);
    if (slot < 4) return slot;
    const bits = (slot >>> 1) - 1;
    let d = ((2 | (slot & 1)) << bits) >>> 0;
    if (slot < 14) return d + reverse(SPEC_POS + d - slot - 1, bits);
    return d + direct(bits - 4) * 16 + reverse(ALIGN - 1, 4);
  };
  const pbMask = (1 << pb) - 1, lpMask = (1 << lp) - 1;
  let state = 0, rep0 = 0, rep1 = 0, rep2 = 0, rep3 = 0, pos = 0, pause = 1 << 18;
  while (pos < size) {
    if (pos >= pause) {
      // A pause every 256 KiB keeps each task short: the front door takes pastes meanwhile.
      emit(out.subarray(pause - (1 << 18), pos));
      pause = pos + (1 << 18);
      await nextTask();
    }
    const posState = pos & pbMask;
    if (!bit(IS_MATCH + (state << 4) + posState)) {
      const prev = pos > 0 ? out[pos - 1] : 0;
      const base = LITERAL + 0x300 * (((pos & lpMask) << lc) + (prev >> (8 - lc)));
      let m = 1;
      if (state >= 7) {
        // After a match the byte at the match distance steers the first bits' models.
        let match = out[pos - rep0 - 1];
        while (m < 0x100) {
          const mb = (match >> 7) & 1;
          match <<= 1;
          const b = bit(base + ((1 + mb) << 8) + m);
          m = (m << 1) | b;
          if (b !== mb) break;
        }
      }
      while (m < 0x100) m = (m << 1) | bit(base + m);
      out[pos++] = m & 0xff;
      state = state < 4 ? 0 : state < 10 ? state - 3 : state - 6;
      continue;
    }
    let len;
    if (!bit(IS_REP + state)) {
      rep3 = rep2;
      rep2 = rep1;
      rep1 = rep0;
      len = length(LEN, posState);
      state = state < 7 ? 7 : 10;
      rep0 = distance(len);
    } else {
      if (!bit(IS_REP_G0 + state)) {
        if (!bit(IS_REP0_LONG + (state << 4) + posState)) {
          state = state < 7 ? 9 : 11;
          out[pos] = out[pos - rep0 - 1];
          pos++;
          continue;
        }
      } else {
        let d;
        if (!bit(IS_REP_G1 + state)) {
          d = rep1;
        } else {
          if (!bit(IS_REP_G2 + state)) {
            d = rep2;
          } else {
            d = rep3;
            rep3 = rep2;
          }
          rep2 = rep1;
        }
        rep1 = rep0;
        rep0 = d;
      }
      len = length(REP_LEN, posState);
      state = state < 7 ? 8 : 11;
    }
    if (rep0 >= pos) throw new Error("the embedded module is damaged (LZMA distance out of range)");
    for (let n = len + 2; n > 0 && pos < size; n--, pos++) out[pos] = out[pos - rep0 - 1];
  }
  if (rc[2] > src.length) throw new Error("the embedded module is damaged (LZMA stream too short)");
  emit(out.subarray(pause - (1 << 18), size));
}

// Resolves in a task of its own, so the browser handles input between two slices of work.
// A message, not a timer: a tab opened in the background runs timers once a second.
function nextTask() {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(0);
  });
}
