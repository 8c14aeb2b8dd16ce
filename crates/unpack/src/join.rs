//! Puts the module's code back together from the streams `scripts/wasm_streams.py` splits it
//! into, a few functions at a time, refusing anything that does not add up.
//!
//! The payload is the sections before the code, the sections after it, then the streams in
//! `STREAMS` order; the layout gives the module's length, the two parts' lengths, the function
//! count, the code section's length, then each stream's length.

use crate::Damaged;

/// How many streams `wasm_streams.py`'s STREAMS lists; the layout holds 5 numbers before them.
pub const STREAMS: usize = 22;
pub const LAYOUT: usize = 5 + STREAMS;

const OP: usize = 0;
const LOCALS: usize = 1;
const BLOCK: usize = 2;
const LABEL: usize = 3;
const CALL: usize = 4;
const MISC: usize = 5;
const LOCAL: usize = 6;
const GLOBAL: usize = 9;
const I64: usize = 10;
const FLOAT: usize = 11;
const I32: usize = 12;
const OFFSET: usize = 17;

/// The joiner's state between two calls.
pub struct Join {
    at: [usize; STREAMS],
    end: [usize; STREAMS],
    head: usize,
    tail: usize,
    count: usize,
    code_len: usize,
    code_start: usize,
    functions: usize,
    /// How much of the module is written.
    pub pos: usize,
}

fn write_uint(out: &mut [u8], at: &mut usize, mut v: usize) -> Result<(), Damaged> {
    loop {
        let byte = (v & 0x7f) as u8;
        v >>= 7;
        let slot = out
            .get_mut(*at)
            .ok_or(Damaged("the code is longer than the module"))?;
        *slot = if v > 0 { byte | 0x80 } else { byte };
        *at += 1;
        if v == 0 {
            return Ok(());
        }
    }
}

fn uint_len(v: usize) -> usize {
    let mut n = 1;
    let mut v = v >> 7;
    while v > 0 {
        n += 1;
        v >>= 7;
    }
    n
}

impl Join {
    /// A joiner not yet started: all zeros, so a `static` of it costs no bytes in the module.
    pub const EMPTY: Join = Join {
        at: [0; STREAMS],
        end: [0; STREAMS],
        head: 0,
        tail: 0,
        count: 0,
        code_len: 0,
        code_start: 0,
        functions: 0,
        pos: 0,
    };

    /// Checks the layout against the payload and writes the part before the code.
    pub fn start(
        &mut self,
        payload: &[u8],
        layout: &[u32; LAYOUT],
        out: &mut [u8],
    ) -> Result<(), Damaged> {
        let [size, head, tail, count, code_len, ..] = layout.map(|v| v as usize);
        if out.len() != size {
            return Err(Damaged("the output is not the module's length"));
        }
        let join = self;
        *join = Join {
            head,
            tail,
            count,
            code_len,
            ..Join::EMPTY
        };
        let mut next = head
            .checked_add(tail)
            .ok_or(Damaged("layout out of range"))?;
        for (s, &length) in layout.iter().skip(5).enumerate() {
            join.at[s] = next;
            next = next
                .checked_add(length as usize)
                .ok_or(Damaged("layout out of range"))?;
            join.end[s] = next;
        }
        if next != payload.len() || head > size {
            return Err(Damaged("streams and payload differ in length"));
        }
        let head_in = payload.get(..head).ok_or(Damaged("layout out of range"))?;
        out.get_mut(..head)
            .ok_or(Damaged("layout out of range"))?
            .copy_from_slice(head_in);
        join.pos = head;
        let slot = out
            .get_mut(join.pos)
            .ok_or(Damaged("the code is longer than the module"))?;
        *slot = 10;
        join.pos += 1;
        write_uint(out, &mut join.pos, code_len)?;
        join.code_start = join.pos;
        write_uint(out, &mut join.pos, count)?;
        Ok(())
    }

    /// Copies `width` bytes, or a LEB128 number (width 0), from stream `s` to `out` at `o`;
    /// returns the number's value (or the first byte's).
    fn take(
        &mut self,
        payload: &[u8],
        out: &mut [u8],
        o: &mut usize,
        s: usize,
        width: usize,
    ) -> Result<usize, Damaged> {
        let ran_out = Damaged("a code stream ran out");
        let (mut i, end) = (self.at[s], self.end[s]);
        let mut value = 0usize;
        let mut shift = 0u32;
        loop {
            if i >= end {
                return Err(ran_out);
            }
            let b = *payload.get(i).ok_or(ran_out)?;
            *out.get_mut(*o)
                .ok_or(Damaged("the code is longer than the module"))? = b;
            *o += 1;
            i += 1;
            if width == 0 {
                if shift < usize::BITS {
                    value |= usize::from(b & 0x7f) << shift;
                }
                shift += 7;
                if b & 0x80 == 0 {
                    break;
                }
            } else {
                if i - self.at[s] == 1 {
                    value = usize::from(b);
                }
                if i - self.at[s] == width {
                    break;
                }
            }
        }
        self.at[s] = i;
        Ok(value)
    }

    fn op(&mut self, payload: &[u8]) -> Result<u8, Damaged> {
        if self.at[OP] >= self.end[OP] {
            return Err(Damaged("the opcodes ran out"));
        }
        let op = *payload
            .get(self.at[OP])
            .ok_or(Damaged("the opcodes ran out"))?;
        self.at[OP] += 1;
        Ok(op)
    }

    /// Joins functions until at least `until` bytes of the module are written; returns whether
    /// the module is complete (the part after the code written too).
    pub fn run(&mut self, payload: &[u8], out: &mut [u8], until: usize) -> Result<bool, Damaged> {
        while self.functions < self.count && self.pos < until {
            self.function(payload, out)?;
            self.functions += 1;
        }
        if self.functions < self.count {
            return Ok(false);
        }
        if self.at != self.end {
            return Err(Damaged("a code stream has bytes left"));
        }
        let size = out.len();
        if self.pos - self.code_start != self.code_len || self.pos + self.tail != size {
            return Err(Damaged("the code does not fit its length"));
        }
        let tail = payload
            .get(self.head..self.head + self.tail)
            .ok_or(Damaged("layout out of range"))?;
        out.get_mut(self.pos..)
            .ok_or(Damaged("layout out of range"))?
            .copy_from_slice(tail);
        self.pos = size;
        Ok(true)
    }

    /// One function body: joined a few bytes on (room for its size, which is never longer than
    /// the section's), then moved back behind its size once that is known. The room is taken
    /// from what the part after the code will fill.
    fn function(&mut self, payload: &[u8], out: &mut [u8]) -> Result<(), Damaged> {
        let start = self.pos + uint_len(self.code_len);
        let mut o = start;
        let groups = self.take(payload, out, &mut o, LOCALS, 0)?;
        for _ in 0..groups {
            self.take(payload, out, &mut o, LOCALS, 0)?;
            self.take(payload, out, &mut o, LOCALS, 1)?;
        }
        let mut depth = 1usize;
        while depth > 0 {
            let op = self.op(payload)?;
            // i32.const, its length told by the opcode: 0x41 for one byte, 0xd3..0xd6 for 2..5.
            let i32_len = match op {
                0x41 => 1,
                0xd3..=0xd6 => usize::from(op - 0xd1),
                _ => 0,
            };
            let put = if i32_len > 0 { 0x41 } else { op };
            *out.get_mut(o)
                .ok_or(Damaged("the code is longer than the module"))? = put;
            o += 1;
            if i32_len > 0 {
                self.take(payload, out, &mut o, I32 + i32_len - 1, i32_len)?;
                continue;
            }
            match op {
                0x0b => depth -= 1,
                0x02..=0x04 => {
                    self.take(payload, out, &mut o, BLOCK, 0)?;
                    depth += 1;
                }
                0x0c | 0x0d => {
                    self.take(payload, out, &mut o, LABEL, 0)?;
                }
                0x0e => {
                    let targets = self.take(payload, out, &mut o, LABEL, 0)?;
                    for _ in 0..=targets {
                        self.take(payload, out, &mut o, LABEL, 0)?;
                    }
                }
                0x10 | 0xd2 => {
                    self.take(payload, out, &mut o, CALL, 0)?;
                }
                0x11 => {
                    self.take(payload, out, &mut o, MISC, 0)?;
                    self.take(payload, out, &mut o, MISC, 0)?;
                }
                0x20..=0x22 => {
                    self.take(payload, out, &mut o, LOCAL + usize::from(op - 0x20), 0)?;
                }
                0x23..=0x26 => {
                    self.take(payload, out, &mut o, GLOBAL, 0)?;
                }
                0x28..=0x3e => {
                    // The alignment, with the offset's length in its high bits.
                    let packed = self.op(payload)?;
                    *out.get_mut(o)
                        .ok_or(Damaged("the code is longer than the module"))? = packed & 15;
                    o += 1;
                    let width = usize::from(packed >> 4) + 1;
                    if width > 5 {
                        return Err(Damaged("an offset longer than 5 bytes"));
                    }
                    self.take(payload, out, &mut o, OFFSET + width - 1, width)?;
                }
                0x3f | 0x40 | 0xd0 => {
                    self.take(payload, out, &mut o, MISC, 1)?;
                }
                0x42 => {
                    self.take(payload, out, &mut o, I64, 0)?;
                }
                0x43 => {
                    self.take(payload, out, &mut o, FLOAT, 4)?;
                }
                0x44 => {
                    self.take(payload, out, &mut o, FLOAT, 8)?;
                }
                0xfc => {
                    let sub = self.take(payload, out, &mut o, OP, 0)?;
                    // memory.init, data.drop, table.init .. table.fill: indices; then the
                    // reserved bytes of memory.init, memory.copy and memory.fill.
                    let indices = match sub {
                        8 | 9 | 13 | 15 | 16 | 17 => 1,
                        12 | 14 => 2,
                        _ => 0,
                    };
                    for _ in 0..indices {
                        self.take(payload, out, &mut o, MISC, 0)?;
                    }
                    let reserved = match sub {
                        8 | 11 => 1,
                        10 => 2,
                        _ => 0,
                    };
                    if reserved > 0 {
                        self.take(payload, out, &mut o, MISC, reserved)?;
                    }
                }
                _ => {}
            }
        }
        let len = o - start;
        // A body longer than the section says the layout is damaged; its size would not fit
        // the room left in front of it.
        if uint_len(len) > start - self.pos {
            return Err(Damaged("a function is longer than the code section"));
        }
        write_uint(out, &mut self.pos, len)?;
        out.copy_within(start..o, self.pos);
        self.pos += len;
        Ok(())
    }
}
