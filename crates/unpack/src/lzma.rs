//! A raw LZMA1 decoder (range coder, adaptive bit models, literals, matches and repeats) that
//! stops and resumes between symbols, so each call decodes about as much as it is asked to.
//!
//! Written from the format's description. The stream has no end marker: it stops at the known
//! size. Reading past the input yields zeros, and is reported as damage once the output is full.

use crate::Damaged;

const IS_MATCH: usize = 0;
const IS_REP: usize = 192;
const IS_REP_G0: usize = 204;
const IS_REP_G1: usize = 216;
const IS_REP_G2: usize = 228;
const IS_REP0_LONG: usize = 240;
const POS_SLOT: usize = 432;
const SPEC_POS: usize = 688;
const ALIGN: usize = 802;
const LEN: usize = 818;
const REP_LEN: usize = LEN + 514;
const LITERAL: usize = REP_LEN + 514;
/// Literal coders for lc + lp up to 4, the most this decoder takes.
const MODELS: usize = LITERAL + (0x300 << 4);

/// The decoder's whole state between two calls.
pub struct Lzma {
    probs: [u16; MODELS],
    lc: u32,
    lp_mask: usize,
    pb_mask: usize,
    range: u32,
    code: u32,
    /// The next input byte to read.
    pub at: usize,
    state: usize,
    reps: [usize; 4],
    /// How much output is decoded.
    pub pos: usize,
}

impl Lzma {
    /// A decoder not yet started: all zeros, so a `static` of it costs no bytes in the module.
    pub const EMPTY: Lzma = Lzma {
        probs: [0; MODELS],
        lc: 0,
        lp_mask: 0,
        pb_mask: 0,
        range: 0,
        code: 0,
        at: 0,
        state: 0,
        reps: [0; 4],
        pos: 0,
    };

    /// Starts decoding `src` with the given literal context, literal position and position bits.
    pub fn start(&mut self, src: &[u8], lc: u32, lp: u32, pb: u32) -> Result<(), Damaged> {
        if lc + lp > 4 || pb > 4 {
            return Err(Damaged("LZMA settings out of range"));
        }
        let mut code = 0u32;
        for i in 1..5 {
            code = (code << 8) | u32::from(src.get(i).copied().unwrap_or(0));
        }
        // Field by field: a whole new value would be a 28 KB constant copied in.
        self.probs.fill(1024);
        self.lc = lc;
        self.lp_mask = (1 << lp) - 1;
        self.pb_mask = (1 << pb) - 1;
        self.range = u32::MAX;
        self.code = code;
        self.at = 5;
        self.state = 0;
        self.reps = [0; 4];
        self.pos = 0;
        Ok(())
    }

    fn bit(&mut self, src: &[u8], i: usize) -> u32 {
        let Some(p) = self.probs.get_mut(i) else {
            return 0;
        };
        let bound = (self.range >> 11) * u32::from(*p);
        let b = if self.code < bound {
            self.range = bound;
            *p += (2048 - *p) >> 5;
            0
        } else {
            self.range -= bound;
            self.code -= bound;
            *p -= *p >> 5;
            1
        };
        self.refill(src);
        b
    }

    fn refill(&mut self, src: &[u8]) {
        if self.range < 0x100_0000 {
            self.range <<= 8;
            self.code = (self.code << 8) | u32::from(src.get(self.at).copied().unwrap_or(0));
            self.at += 1;
        }
    }

    fn tree(&mut self, src: &[u8], base: usize, bits: u32) -> usize {
        let mut m = 1;
        for _ in 0..bits {
            m = (m << 1) | self.bit(src, base + m) as usize;
        }
        m - (1 << bits)
    }

    fn reverse(&mut self, src: &[u8], base: usize, bits: u32) -> usize {
        let (mut m, mut v) = (1, 0);
        for i in 0..bits {
            let b = self.bit(src, base + m) as usize;
            m = (m << 1) | b;
            v |= b << i;
        }
        v
    }

    fn direct(&mut self, src: &[u8], bits: u32) -> usize {
        let mut v = 0;
        for _ in 0..bits {
            self.range >>= 1;
            let b = if self.code >= self.range {
                self.code -= self.range;
                1
            } else {
                0
            };
            v = (v << 1) | b;
            self.refill(src);
        }
        v
    }

    /// Lengths: choice, choice 2, 16 low and 16 mid trees of 3 bits, one high tree of 8 bits.
    fn length(&mut self, src: &[u8], base: usize, pos_state: usize) -> usize {
        if self.bit(src, base) == 0 {
            return self.tree(src, base + 2 + pos_state * 8, 3);
        }
        if self.bit(src, base + 1) == 0 {
            return 8 + self.tree(src, base + 130 + pos_state * 8, 3);
        }
        16 + self.tree(src, base + 258, 8)
    }

    fn distance(&mut self, src: &[u8], len: usize) -> usize {
        let slot = self.tree(src, POS_SLOT + len.min(3) * 64, 6);
        if slot < 4 {
            return slot;
        }
        let bits = (slot as u32 >> 1) - 1;
        let d = (2 | (slot & 1)) << bits;
        if slot < 14 {
            return d + self.reverse(src, SPEC_POS + d - slot - 1, bits);
        }
        d + (self.direct(src, bits - 4) << 4) + self.reverse(src, ALIGN - 1, 4)
    }

    /// Decodes into `out` until at least `until` bytes (or all of `out`) are done; returns
    /// whether `out` is full. A match may run past `until`, never past `out`.
    pub fn run(&mut self, src: &[u8], out: &mut [u8], until: usize) -> Result<bool, Damaged> {
        let size = out.len();
        let until = until.min(size);
        while self.pos < until {
            let pos = self.pos;
            let pos_state = pos & self.pb_mask;
            let state = self.state;
            if self.bit(src, IS_MATCH + (state << 4) + pos_state) == 0 {
                let prev = if pos > 0 {
                    out.get(pos - 1).copied().unwrap_or(0)
                } else {
                    0
                };
                let base = LITERAL
                    + 0x300
                        * (((pos & self.lp_mask) << self.lc)
                            + (usize::from(prev) >> (8 - self.lc)));
                let mut m = 1usize;
                if state >= 7 {
                    // After a match the byte at the match distance steers the first bits' models.
                    let back = pos.wrapping_sub(self.reps[0].saturating_add(1));
                    let mut matched = usize::from(out.get(back).copied().unwrap_or(0));
                    while m < 0x100 {
                        let mb = (matched >> 7) & 1;
                        matched <<= 1;
                        let b = self.bit(src, base + ((1 + mb) << 8) + m) as usize;
                        m = (m << 1) | b;
                        if b != mb {
                            break;
                        }
                    }
                }
                while m < 0x100 {
                    m = (m << 1) | self.bit(src, base + m) as usize;
                }
                if let Some(slot) = out.get_mut(pos) {
                    *slot = m as u8;
                }
                self.pos += 1;
                self.state = if state < 4 {
                    0
                } else if state < 10 {
                    state - 3
                } else {
                    state - 6
                };
                continue;
            }
            let len;
            if self.bit(src, IS_REP + state) == 0 {
                self.reps = [0, self.reps[0], self.reps[1], self.reps[2]];
                len = self.length(src, LEN, pos_state);
                self.state = if state < 7 { 7 } else { 10 };
                self.reps[0] = self.distance(src, len);
            } else {
                if self.bit(src, IS_REP_G0 + state) == 0 {
                    if self.bit(src, IS_REP0_LONG + (state << 4) + pos_state) == 0 {
                        self.state = if state < 7 { 9 } else { 11 };
                        self.copy(out, 1)?;
                        continue;
                    }
                } else {
                    let d;
                    if self.bit(src, IS_REP_G1 + state) == 0 {
                        d = self.reps[1];
                    } else {
                        if self.bit(src, IS_REP_G2 + state) == 0 {
                            d = self.reps[2];
                        } else {
                            d = self.reps[3];
                            self.reps[3] = self.reps[2];
                        }
                        self.reps[2] = self.reps[1];
                    }
                    self.reps[1] = self.reps[0];
                    self.reps[0] = d;
                }
                len = self.length(src, REP_LEN, pos_state);
                self.state = if state < 7 { 8 } else { 11 };
            }
            self.copy(out, len + 2)?;
        }
        if self.pos < size {
            return Ok(false);
        }
        if self.at > src.len() {
            return Err(Damaged("LZMA stream too short"));
        }
        Ok(true)
    }

    /// Copies `len` bytes from the last match distance back, stopping at the end of `out`.
    fn copy(&mut self, out: &mut [u8], len: usize) -> Result<(), Damaged> {
        let distance = self.reps[0].saturating_add(1);
        if distance > self.pos {
            return Err(Damaged("LZMA distance out of range"));
        }
        let end = (self.pos + len).min(out.len());
        for i in self.pos..end {
            // Byte by byte: a match may overlap what it copies (a run).
            let b = out.get(i - distance).copied().unwrap_or(0);
            if let Some(slot) = out.get_mut(i) {
                *slot = b;
            }
        }
        self.pos = end;
        Ok(())
    }
}
