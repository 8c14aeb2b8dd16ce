//! Small text helpers shared by the analyzers: GUIDs, line and column positions, sorting, reading JSON.

use std::cmp::Ordering;

pub(crate) mod json_reader;

/// `n` with thousands separators: 25,600.
pub fn grouped(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// True for a GUID in its usual 8-4-4-4-12 hex form.
pub fn is_guid(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 36
        && b.iter().enumerate().all(|(i, &c)| match i {
            8 | 13 | 18 | 23 => c == b'-',
            _ => c.is_ascii_hexdigit(),
        })
}

/// The byte a `%XX` escape at `i` stands for, if `b[i..]` starts with one.
pub fn percent_escape_at(b: &[u8], i: usize) -> Option<u8> {
    if b.get(i) != Some(&b'%') {
        return None;
    }
    let hex = |c: u8| (c as char).to_digit(16).map(|d| d as u8);
    Some(hex(*b.get(i + 1)?)? << 4 | hex(*b.get(i + 2)?)?)
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut end = offset.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let before = &text[..end];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

/// ISO 8601 UTC form of Unix seconds, e.g. `2024-05-01T10:20:30Z`; None outside years 1..=9999.
pub fn iso_utc(secs: i64) -> Option<String> {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    if !(1..=9999).contains(&y) {
        return None;
    }
    Some(format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    ))
}

/// Days since 1970-01-01 for a civil date (proleptic Gregorian).
pub fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (i64::from(m) + 9) % 12;
    let doy = (153 * mp + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, u32, u32) {
    // Howard Hinnant's well-known algorithm, restated.
    let z = z.saturating_add(719_468);
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// A short human age such as "in 45 min" or "3 days ago".
pub fn relative(delta_secs: i64) -> String {
    let a = delta_secs.unsigned_abs();
    let amount = if a < 60 {
        format!("{a} s")
    } else if a < 3600 {
        format!("{} min", a / 60)
    } else if a < 172_800 {
        format!("{} h {} min", a / 3600, a % 3600 / 60)
    } else {
        format!("{} days", a / 86_400)
    };
    if delta_secs >= 0 {
        format!("in {amount}")
    } else {
        format!("{amount} ago")
    }
}

/// A letter or digit in any script, near enough to tell words from punctuation in messages:
/// ASCII letters and digits, and non-ASCII characters outside the common punctuation and symbol
/// blocks. (`char::is_alphanumeric` would bring several KB of Unicode tables into the page.)
pub fn is_wordish(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || !(c.is_ascii()
            || c.is_whitespace()
            || matches!(
                c,
                '\u{80}'..='\u{BF}'
                    | '\u{D7}'
                    | '\u{F7}'
                    | '\u{2000}'..='\u{2BFF}'
                    | '\u{3000}'..='\u{303F}'
                    | '\u{FE30}'..='\u{FE4F}'
                    | '\u{FEFF}'
                    | '\u{FF00}'..='\u{FF0F}'
                    | '\u{FFF0}'..='\u{FFFF}'
            ))
}

/// Whether `hay` holds `needle` (given in lower case) in any ASCII case, without a lower-cased
/// copy of `hay`.
pub fn contains_ci(hay: &str, needle: &str) -> bool {
    needle.is_empty() || find_ci(hay.as_bytes(), needle.as_bytes(), 0).is_some()
}

/// First position at or after `from` where `needle` (lowercase ASCII) occurs, ignoring case.
pub fn find_ci(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    let first = *needle.first()?;
    let last_start = hay.len().checked_sub(needle.len())?;
    (from..=last_start).find(|&i| {
        hay.get(i).is_some_and(|&b| b.to_ascii_lowercase() == first)
            && hay
                .get(i..i + needle.len())
                .is_some_and(|w| w.eq_ignore_ascii_case(needle))
    })
}

/// Why JSON text could not be read: a byte offset and a message in plain words.
pub use json_reader::ParseError as JsonError;

/// Reads JSON text as one value, by serde_json's rules and with the values it gives, through
/// our own reader in its strict mode: serde_json's deserializer, its number parser and serde's
/// visitors stay out of the page. Typed reads take what they need from the value.
pub fn json(text: &str) -> Result<serde_json::Value, JsonError> {
    json_reader::strict(text)
}

/// The first JSON value at the start of `text`, whatever follows it (a field of a script's
/// object literal).
pub fn json_first(text: &str) -> Option<serde_json::Value> {
    json_reader::strict_first(text)
}

/// serde's "invalid type" message for a value where `expected` was wanted (typed reads of
/// JSON say what is wrong as serde's derive did).
pub fn invalid_type(v: &serde_json::Value, expected: &str) -> String {
    use serde_json::Value as V;
    let found = match v {
        V::Null => "null".to_owned(),
        V::Bool(b) => format!("boolean `{b}`"),
        V::Number(n) if n.is_f64() => format!("floating point `{n}`"),
        V::Number(n) => format!("integer `{n}`"),
        V::String(s) => format!("string \"{s}\""),
        V::Array(_) => "sequence".to_owned(),
        V::Object(_) => "map".to_owned(),
    };
    format!("invalid type: {found}, expected {expected}")
}

/// Stable sort with one copy of the standard sort for the whole program.
///
/// Every `sort_by` call site in Rust carries its own instance of the standard sort, several
/// kilobytes of wasm each; here the order and the swaps that make it are worked out once, on
/// indices, and only the loop of swaps is per type.
pub fn sort_by<T>(v: &mut [T], cmp: impl Fn(&T, &T) -> Ordering) {
    let items: &[T] = v;
    let swaps = sorting_swaps(items.len(), &|a, b| match (items.get(a), items.get(b)) {
        (Some(x), Some(y)) => cmp(x, y),
        _ => Ordering::Equal,
    });
    for (a, b) in swaps {
        // Both below the length: `sorting_swaps` makes them from `0..len`.
        v.swap(a, b);
    }
}

/// The swaps, in order, that rearrange `len` items into the order of a stable sort by `cmp`
/// (which compares items by index).
#[inline(never)]
fn sorting_swaps(len: usize, cmp: &dyn Fn(usize, usize) -> Ordering) -> Vec<(usize, usize)> {
    let mut swaps = Vec::new();
    if len < 2 {
        return swaps;
    }
    let mut order: Vec<usize> = (0..len).collect();
    order.sort_by(|&a, &b| cmp(a, b));
    // `at[p]`: the item (by first index) now at place p; `pos[i]`: where item i now is.
    let mut at: Vec<usize> = (0..len).collect();
    let mut pos = at.clone();
    for (p, &want) in order.iter().enumerate() {
        // Places before p hold their final items, so `want` is at p or after it.
        let (Some(&q), Some(&here)) = (pos.get(want), at.get(p)) else {
            continue;
        };
        if q == p {
            continue;
        }
        swaps.push((p, q));
        if let Some(s) = at.get_mut(q) {
            *s = here;
        }
        if let Some(s) = at.get_mut(p) {
            *s = want;
        }
        if let Some(s) = pos.get_mut(here) {
            *s = q;
        }
        if let Some(s) = pos.get_mut(want) {
            *s = p;
        }
    }
    swaps
}

/// `hay.find(pat)`, searched 64 KiB at a time. A browser runs a long wasm call to its end in
/// the baseline compiler's code and uses optimised code only from a later call, so one search
/// over a 10 MB paste ran at a fraction of the speed of the same search in pieces.
pub fn find_in_pieces(hay: &str, pat: &str) -> Option<usize> {
    find_pieces(hay, pat, 64 * 1024)
}

fn find_pieces(hay: &str, pat: &str, piece: usize) -> Option<usize> {
    let forward = |mut i: usize| {
        while i < hay.len() && !hay.is_char_boundary(i) {
            i += 1;
        }
        i.min(hay.len())
    };
    let mut start: usize = 0;
    loop {
        // A match starting before `next` lies wholly inside `start..end`.
        let next = forward(start.saturating_add(piece.max(1)));
        let end = forward(next.saturating_add(pat.len().saturating_sub(1)));
        // `contains` first: on x86_64 it has a vector fast path that `find` lacks.
        let part = hay.get(start..end).filter(|p| p.contains(pat));
        if let Some(at) = part.and_then(|p| p.find(pat)) {
            return Some(start + at);
        }
        if end >= hay.len() {
            return None;
        }
        start = next;
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn contains_ci_matches_a_lower_cased_search() {
        let hay = "{\"CreatedDateTime\": 1, \"é\": \"createdDATEtime\"}";
        for needle in [
            "createddatetime",
            "\"createddatetime\"",
            "é\"",
            "{",
            "",
            "x",
        ] {
            assert_eq!(
                super::contains_ci(hay, needle),
                hay.to_ascii_lowercase().contains(needle),
                "{needle}"
            );
        }
        assert!(!super::contains_ci("created", "createddatetime"));
    }

    #[test]
    fn ci_find() {
        assert_eq!(super::find_ci(b"abc DEF", b"def", 0), Some(4));
        assert_eq!(super::find_ci(b"abc", b"abcd", 0), None);
        assert!(super::contains_ci("Already EXISTS", "already exists"));
    }

    #[test]
    fn finding_in_pieces_finds_what_find_finds() {
        let hay = "ab é cd → x:y ab\u{1F600}:: end :".repeat(7);
        for pat in [
            "ab",
            " :",
            ":",
            "é c",
            "\u{1F600}:",
            "end :",
            "zz",
            "→ x:y ab",
            "",
        ] {
            for piece in [1, 2, 3, 5, 7, 64, 1000] {
                for from in 0..hay.len() {
                    let Some(h) = hay.get(from..) else { continue };
                    assert_eq!(
                        super::find_pieces(h, pat, piece),
                        h.find(pat),
                        "{pat:?} in pieces of {piece} from {from}"
                    );
                }
            }
        }
    }

    use super::*;

    #[test]
    fn guid_shape() {
        assert!(is_guid("9188040d-6c67-4c5b-b112-36a304b66dad"));
        assert!(!is_guid("9188040d-6c67-4c5b-b112-36a304b66da"));
        assert!(!is_guid("9188040d_6c67-4c5b-b112-36a304b66dad"));
    }

    #[test]
    fn positions() {
        assert_eq!(line_col("ab\ncd", 4), (2, 2));
        assert_eq!(line_col("é\nx", 1), (1, 1));
    }

    #[test]
    fn dates() {
        assert_eq!(iso_utc(0).as_deref(), Some("1970-01-01T00:00:00Z"));
        assert_eq!(
            iso_utc(1_714_558_830).as_deref(),
            Some("2024-05-01T10:20:30Z")
        );
        assert_eq!(
            iso_utc(951_782_400).as_deref(),
            Some("2000-02-29T00:00:00Z")
        );
        assert_eq!(days_from_civil(2024, 5, 1) * 86_400 + 37_230, 1_714_558_830);
        assert_eq!(iso_utc(i64::MAX), None);
        assert_eq!(relative(-90), "1 min ago");
        assert_eq!(relative(3 * 86_400), "in 3 days");
    }

    #[test]
    fn wordish() {
        for c in ['a', 'Z', '7', 'é', 'ж', '中', 'ا'] {
            assert!(is_wordish(c), "{c}");
        }
        for c in [
            '_', '-', ' ', '\u{a0}', '“', '’', '…', '—', '。', '\u{feff}', '\u{3000}', '×',
        ] {
            assert!(!is_wordish(c), "{c}");
        }
    }

    #[test]
    fn sort_is_stable() {
        let mut v = vec![(2, 'a'), (1, 'b'), (2, 'c'), (0, 'd'), (1, 'e')];
        sort_by(&mut v, |a, b| a.0.cmp(&b.0));
        assert_eq!(v, [(0, 'd'), (1, 'b'), (1, 'e'), (2, 'a'), (2, 'c')]);
        let mut empty: Vec<u8> = Vec::new();
        sort_by(&mut empty, u8::cmp);
        assert!(empty.is_empty());
    }

    #[test]
    fn sort_matches_the_standard_stable_sort() {
        let mut seed = 7u32;
        for len in 0..60 {
            for _ in 0..20 {
                let v: Vec<(u32, usize)> = (0..len)
                    .map(|i| {
                        seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                        ((seed >> 16) % (len as u32 / 3 + 1), i)
                    })
                    .collect();
                let mut ours = v.clone();
                sort_by(&mut ours, |a, b| a.0.cmp(&b.0));
                let mut std = v;
                std.sort_by_key(|a| a.0);
                assert_eq!(ours, std);
            }
        }
    }
}
