//! Byte sizes of JSON values in compact form, either on their own or escaped inside a JSON
//! string (as the parts of the beta `definition` sit in the response).
//!
//! Computed without serializing, so a 2 MB policy is measured without building copies.
//! The compact form is serde_json's (the same as JavaScript's `JSON.stringify`) for the values
//! a policy holds: only `"`, `\` and control characters are escaped.
use std::fmt::Write;

use serde_json::Value;

/// Where a value sits: in the document itself, or inside a JSON string of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    Plain,
    InString,
}

/// UTF-8 bytes of `v` in compact JSON, as it costs at `place`.
pub fn size(v: &Value, place: Place) -> usize {
    match v {
        Value::Null | Value::Bool(true) => 4,
        Value::Bool(false) => 5,
        Value::Number(n) => {
            let mut c = Counter(0);
            let _ = write!(c, "{n}");
            c.0
        }
        Value::String(s) => string_size(s, place),
        Value::Array(items) => {
            2 + items.iter().map(|i| size(i, place)).sum::<usize>() + items.len().saturating_sub(1)
        }
        Value::Object(map) => {
            2 + map
                .iter()
                .map(|(k, v)| string_size(k, place) + 1 + size(v, place))
                .sum::<usize>()
                + map.len().saturating_sub(1)
        }
    }
}

/// Bytes of a JSON string literal holding `s`, quotes included.
pub fn string_size(s: &str, place: Place) -> usize {
    let nested = place == Place::InString;
    let quote = if nested { 2 } else { 1 };
    // One test per byte for the usual case; the few that need an escape add what it costs
    // (a beta definition, a whole policy inside one string, has a `"` every few bytes).
    let mut extra = 0;
    for b in s.bytes() {
        if b >= 0x20 && b != b'"' && b != b'\\' {
            continue;
        }
        extra += match (b, nested) {
            (b'"' | b'\\', false) => 1,
            (b'"' | b'\\', true) => 3,
            (0x08 | 0x0c | b'\n' | b'\r' | b'\t', false) => 1,
            (0x08 | 0x0c | b'\n' | b'\r' | b'\t', true) => 2,
            (_, false) => 5,
            (_, true) => 6,
        };
    }
    2 * quote + s.len() + extra
}

struct Counter(usize);

impl Write for Counter {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.0 += s.len();
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn serde_len(v: &Value) -> usize {
        serde_json::to_string(v).map(|s| s.len()).unwrap_or(0)
    }

    #[test]
    fn matches_serde_plain_and_nested() {
        let v = json!({
            "a": [1, -2, 3.25, 1e30, true, false, null],
            "é\"\\": "tab\there\nctl\u{1}\u{7f}😀",
            "o": {"x": {}, "y": []}
        });
        assert_eq!(size(&v, Place::Plain), serde_len(&v));
        let as_string = Value::String(serde_json::to_string(&v).unwrap_or_default());
        assert_eq!(size(&v, Place::InString), serde_len(&as_string) - 2);
        assert_eq!(
            string_size("k", Place::Plain) + 1 + size(&v, Place::Plain),
            serde_len(&json!({"k": v})) - 2
        );
    }
}
