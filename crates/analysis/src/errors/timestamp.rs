//! Reads the timestamp forms sign-in errors and tools print and normalizes them to ISO 8601 UTC.
//!
//! Accepted: `2024-05-01T10:20:30Z`, `2024-05-01 10:20:30.1234567Z`, `…+02:00`, no zone (taken
//! as UTC), `5/1/2024 10:20:30 AM` (month first unless the first number can't be a month) and
//! `01.05.2024 10:20:30`. One line break inside (terminal wrapping) is tolerated.
use crate::text::{days_from_civil, iso_utc};

/// The normalized timestamp and the end of what was read (byte offset into `t`).
pub fn parse(t: &[u8], at: usize) -> Option<(String, usize)> {
    let (chars, len, pos) = gather(t, at);
    let mut p = Cursor {
        s: chars.get(..len).unwrap_or(&[]),
        i: 0,
    };
    let first = p.number(1, 4)?;
    let (y, mo, d) = if p.s.get(p.i) == Some(&b'-') && first.1 == 4 {
        p.i += 1;
        let mo = p.number(2, 2)?.0;
        p.eat(b'-')?;
        (first.0, mo, p.number(2, 2)?.0)
    } else if matches!(p.s.get(p.i), Some(b'/' | b'.')) && first.1 <= 2 {
        let sep = *p.s.get(p.i)?;
        p.i += 1;
        let second = p.number(1, 2)?.0;
        p.eat(sep)?;
        let y = p.number(4, 4)?.0;
        if sep == b'.' || (first.0 > 12 && second <= 12) {
            (y, second, first.0)
        } else {
            (y, first.0, second)
        }
    } else {
        return None;
    };
    if !matches!(p.s.get(p.i), Some(b'T' | b't' | b' ')) {
        return None;
    }
    p.i += 1;
    let mut h = p.number(1, 2)?.0;
    p.eat(b':')?;
    let mi = p.number(2, 2)?.0;
    let mut s = 0;
    if p.s.get(p.i) == Some(&b':') {
        p.i += 1;
        s = p.number(2, 2)?.0.min(59);
    }
    if matches!(p.s.get(p.i), Some(b'.' | b',')) && p.s.get(p.i + 1).is_some_and(u8::is_ascii_digit)
    {
        p.i += 1;
        while p.s.get(p.i).is_some_and(u8::is_ascii_digit) {
            p.i += 1;
        }
    }
    let mut offset_min: i64 = 0;
    let save = p.i;
    // Optional " AM"/" PM" and zone, each possibly after one space.
    if p.s.get(p.i) == Some(&b' ') {
        p.i += 1;
    }
    let ampm = p.word(&[b"am", b"pm"]);
    match ampm {
        Some(0) if (1..=12).contains(&h) => h %= 12,
        Some(1) if (1..=12).contains(&h) => h = h % 12 + 12,
        Some(_) => return None,
        None => p.i = save,
    }
    let save = p.i;
    if ampm.is_some() && p.s.get(p.i) == Some(&b' ') {
        p.i += 1;
    }
    match p.s.get(p.i) {
        Some(b'Z' | b'z') => p.i += 1,
        Some(&sign @ (b'+' | b'-')) => {
            p.i += 1;
            match p.number(2, 2) {
                Some((oh, _)) => {
                    if p.s.get(p.i) == Some(&b':') {
                        p.i += 1;
                    }
                    let om = p.number(2, 2).map_or(0, |n| n.0);
                    let total = i64::from(oh) * 60 + i64::from(om);
                    offset_min = if sign == b'+' { total } else { -total };
                }
                // Not an offset (`10:20:30 AM ---> …`).
                None => p.i = save,
            }
        }
        _ => {
            if p.s.get(p.i) == Some(&b' ') {
                p.i += 1;
            }
            if p.word(&[b"utc", b"gmt"]).is_none() {
                p.i = save;
            }
        }
    }
    if !(1..=12).contains(&mo) || d == 0 || d > days_in_month(y, mo) || h > 23 || mi > 59 {
        return None;
    }
    let secs = days_from_civil(i64::from(y), mo, d) * 86_400
        + i64::from(h) * 3600
        + i64::from(mi) * 60
        + i64::from(s)
        - offset_min * 60;
    let end = pos.get(p.i.checked_sub(1)?).map(|&e| e + 1)?;
    // A timestamp glued to more digits or letters is something else.
    if t.get(end).is_some_and(u8::is_ascii_alphanumeric) {
        return None;
    }
    Some((iso_utc(secs)?, end))
}

/// Up to `GATHER` bytes from `at` (and where each came from), skipping one line break and
/// the indentation after it.
const GATHER: usize = 48;

fn gather(t: &[u8], at: usize) -> ([u8; GATHER], usize, [usize; GATHER]) {
    let mut chars = [0; GATHER];
    let mut len = 0;
    let mut pos = [0; GATHER];
    let mut i = at;
    let mut wrapped = false;
    while let (Some(slot), Some(c)) = (pos.get_mut(len), chars.get_mut(len)) {
        let Some(&b) = t.get(i) else { break };
        if (b == b'\r' || b == b'\n') && !wrapped && len > 0 {
            wrapped = true;
            i += 1;
            while matches!(t.get(i), Some(b'\n' | b' ' | b'\t')) && i < at + 64 {
                i += 1;
            }
            continue;
        }
        *c = b;
        *slot = i;
        len += 1;
        i += 1;
    }
    (chars, len, pos)
}

struct Cursor<'a> {
    s: &'a [u8],
    i: usize,
}

impl Cursor<'_> {
    /// A run of `min..=max` digits: its value and length.
    fn number(&mut self, min: usize, max: usize) -> Option<(u32, usize)> {
        let start = self.i;
        let mut v: u32 = 0;
        while self.i - start < max {
            match self.s.get(self.i) {
                Some(&c) if c.is_ascii_digit() => {
                    v = v * 10 + u32::from(c - b'0');
                    self.i += 1;
                }
                _ => break,
            }
        }
        let len = self.i - start;
        if len < min || self.s.get(self.i).is_some_and(u8::is_ascii_digit) {
            return None;
        }
        Some((v, len))
    }

    fn eat(&mut self, c: u8) -> Option<()> {
        (self.s.get(self.i) == Some(&c)).then(|| self.i += 1)
    }

    /// Index of the (lowercase) whole word found here, ignoring case.
    fn word(&mut self, words: &[&[u8]]) -> Option<usize> {
        let k = words.iter().position(|w| {
            self.s
                .get(self.i..self.i + w.len())
                .is_some_and(|s| s.eq_ignore_ascii_case(w))
                && !self
                    .s
                    .get(self.i + w.len())
                    .is_some_and(u8::is_ascii_alphanumeric)
        })?;
        self.i += words.get(k).map_or(0, |w| w.len());
        Some(k)
    }
}

fn days_in_month(y: u32, m: u32) -> u32 {
    match m {
        2 if (y.is_multiple_of(4) && !y.is_multiple_of(100)) || y.is_multiple_of(400) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::parse;

    fn norm(s: &str) -> Option<String> {
        parse(s.as_bytes(), 0).map(|(v, _)| v)
    }

    #[test]
    fn forms() {
        let want = Some("2024-05-01T10:20:30Z".to_owned());
        assert_eq!(norm("2024-05-01T10:20:30Z"), want);
        assert_eq!(norm("2024-05-01 10:20:30Z"), want);
        assert_eq!(norm("2024-05-01T10:20:30.1234567Z"), want);
        assert_eq!(norm("2024-05-01 10:20:30"), want);
        assert_eq!(norm("2024-05-01T12:20:30+02:00"), want);
        assert_eq!(norm("5/1/2024 10:20:30 AM"), want);
        assert_eq!(norm("5/1/2024 10:20:30 AM UTC"), want);
        assert_eq!(
            norm("13/5/2024 10:20:30 PM").as_deref(),
            Some("2024-05-13T22:20:30Z")
        );
        assert_eq!(norm("01.05.2024 10:20:30"), want);
        assert_eq!(norm("2024-05-01T10:2\n0:30Z"), want);
        assert_eq!(
            norm("5/1/2024 12:05:00 AM").as_deref(),
            Some("2024-05-01T00:05:00Z")
        );
        assert_eq!(norm("5/1/2024 10:20:30 AM ---> next"), want);
        assert_eq!(
            norm("2024-05-01T00:20:30+01:00").as_deref(),
            Some("2024-04-30T23:20:30Z")
        );
    }

    #[test]
    fn rejects() {
        assert_eq!(norm("2024-02-30 10:20:30Z"), None);
        assert_eq!(norm("2024-05-01"), None);
        assert_eq!(norm("1714558830"), None);
        assert_eq!(norm("2024-05-01 25:00:00"), None);
        assert_eq!(norm("2024-05-01 10:20:30abc"), None);
        assert_eq!(norm("5/1/2024 13:00 PM"), None);
        assert_eq!(
            norm("2024-05-01 10:20:30 America").as_deref(),
            Some("2024-05-01T10:20:30Z")
        );
    }

    #[test]
    fn end_offset() {
        let t = b"Timestamp: 2024-05-01 10:20:30Z rest";
        assert_eq!(parse(t, 11).map(|(_, e)| e), Some(31));
        let t = b"2024-05-01 10:20:30Z\nnext line";
        assert_eq!(parse(t, 0).map(|(_, e)| e), Some(20));
    }
}
