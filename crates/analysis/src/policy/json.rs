//! A forgiving JSON reader for pasted Graph responses: exact error positions, and the
//! extras people paste (comments, trailing commas, a byte order mark) skipped and reported.
//!
//! Hand-written rather than serde_json because we need byte offsets and plain-word messages
//! for errors, and must accept what strict parsers refuse. It never recurses: nesting is kept
//! on an explicit stack and capped at the same depth serde_json allows.
use serde_json::{Map, Value};

use crate::text::{is_wordish, line_col};

/// Deepest nesting accepted; serde_json stops at the same depth.
pub const MAX_DEPTH: usize = 128;

/// Something that is not strict JSON but was read anyway.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Extra {
    LineComment,
    BlockComment,
    TrailingComma,
    ByteOrderMark,
    OddSpace,
    AnotherDocument,
    LoneSurrogate,
}

impl Extra {
    pub fn describe(self) -> &'static str {
        match self {
            Extra::LineComment => "// comments (not JSON; skipped)",
            Extra::BlockComment => "/* */ comments (not JSON; skipped)",
            Extra::TrailingComma => "a comma before a closing bracket (not JSON; skipped)",
            Extra::ByteOrderMark => {
                "a byte order mark (skipped when reading, but its 3 bytes count as pasted)"
            }
            Extra::OddSpace => {
                "non-breaking spaces or stray byte order marks between values (read as spaces)"
            }
            Extra::AnotherDocument => {
                "more than one JSON document, one after another (each one read)"
            }
            Extra::LoneSurrogate => "a \\u escape holding half a surrogate pair (read as U+FFFD)",
        }
    }
}

/// One kind of extra: where it first occurs (byte offset) and how often.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExtraSeen {
    pub extra: Extra,
    pub first: usize,
    pub count: usize,
}

#[derive(Debug, Clone)]
pub struct Parsed {
    pub docs: Vec<Value>,
    pub extras: Vec<ExtraSeen>,
}

/// Why the text can't be read: a byte offset into it and a message in plain words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    pub offset: usize,
    pub message: String,
}

/// What `parse` gives back.
pub type Read = Result<Parsed, ParseError>;

/// Reads every JSON document in `text`, tolerating the extras listed in [`Extra`].
pub fn parse(text: &str) -> Result<Parsed, ParseError> {
    let mut r = Reader {
        text,
        b: text.as_bytes(),
        pos: 0,
        extras: Vec::new(),
    };
    let mut docs = Vec::new();
    let mut last_end = 0;
    loop {
        r.skip_ws()?;
        let Some(c) = r.peek() else { break };
        if !docs.is_empty() {
            if c == b'{' || c == b'[' {
                r.note(Extra::AnotherDocument, r.pos);
            } else {
                let (l, col) = line_col(text, last_end);
                return Err(r.err(format!(
                    "Extra text after the end of the JSON document (it ended at line {l}, column {col}): found {}. Expected nothing more; is there one closing bracket too many?",
                    r.found()
                )));
            }
        }
        docs.push(r.value()?);
        last_end = r.pos;
    }
    if docs.is_empty() {
        let message = if text
            .trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}')
            .is_empty()
        {
            "The text is empty: expected a JSON object, such as the saved Graph response."
        } else {
            "There are only comments here: expected a JSON object, such as the saved Graph response."
        };
        return Err(ParseError {
            offset: text.len(),
            message: message.to_string(),
        });
    }
    Ok(Parsed {
        docs,
        extras: r.extras,
    })
}

enum Frame {
    Arr {
        items: Vec<Value>,
        open: usize,
    },
    Obj {
        map: Map<String, Value>,
        key: String,
        open: usize,
    },
}

struct Reader<'a> {
    text: &'a str,
    b: &'a [u8],
    pos: usize,
    extras: Vec<ExtraSeen>,
}

impl Reader<'_> {
    fn peek(&self) -> Option<u8> {
        self.b.get(self.pos).copied()
    }

    fn at(&self, i: usize) -> Option<u8> {
        self.b.get(i).copied()
    }

    fn note(&mut self, extra: Extra, at: usize) {
        match self.extras.iter_mut().find(|e| e.extra == extra) {
            Some(e) => e.count += 1,
            None => self.extras.push(ExtraSeen {
                extra,
                first: at,
                count: 1,
            }),
        }
    }

    fn err(&self, message: String) -> ParseError {
        ParseError {
            offset: self.pos.min(self.text.len()),
            message,
        }
    }

    fn where_(&self, offset: usize) -> String {
        let (l, c) = line_col(self.text, offset);
        format!("line {l}, column {c}")
    }

    /// What sits at the current position, for messages.
    fn found(&self) -> String {
        let rest = self.text.get(self.pos..).unwrap_or("");
        match rest.chars().next() {
            None => "the end of the text".to_string(),
            Some('\n' | '\r') => "a line break".to_string(),
            Some(c) if is_wordish(c) || c == '_' => {
                let word: String = rest
                    .chars()
                    .take_while(|&c| is_wordish(c) || c == '_' || c == '-')
                    .take(24)
                    .collect();
                format!("the word '{word}'")
            }
            Some(c) => format!("'{c}'"),
        }
    }

    fn skip_ws(&mut self) -> Result<(), ParseError> {
        loop {
            match self.peek() {
                Some(b' ' | b'\t' | b'\n' | b'\r') => self.pos += 1,
                Some(b'/') => match self.at(self.pos + 1) {
                    Some(b'/') => {
                        self.note(Extra::LineComment, self.pos);
                        self.pos += 2;
                        while let Some(c) = self.peek() {
                            if c == b'\n' || c == b'\r' {
                                break;
                            }
                            self.pos += 1;
                        }
                    }
                    Some(b'*') => {
                        let start = self.pos;
                        self.note(Extra::BlockComment, start);
                        let close = self.text.get(start + 2..).and_then(|rest| rest.find("*/"));
                        match close {
                            Some(i) => self.pos = start + 2 + i + 2,
                            None => {
                                self.pos = self.text.len();
                                return Err(self.err(format!(
                                    "The comment that starts at {} is never closed: expected */ before the end of the text.",
                                    self.where_(start)
                                )));
                            }
                        }
                    }
                    _ => return Ok(()),
                },
                // U+00A0 (no-break space), pasted from web pages and chat.
                Some(0xC2) if self.at(self.pos + 1) == Some(0xA0) => {
                    self.note(Extra::OddSpace, self.pos);
                    self.pos += 2;
                }
                // U+FEFF: a byte order mark at the start, or one left inside by concatenation.
                Some(0xEF)
                    if self.at(self.pos + 1) == Some(0xBB)
                        && self.at(self.pos + 2) == Some(0xBF) =>
                {
                    let kind = if self.pos == 0 {
                        Extra::ByteOrderMark
                    } else {
                        Extra::OddSpace
                    };
                    self.note(kind, self.pos);
                    self.pos += 3;
                }
                _ => return Ok(()),
            }
        }
    }

    fn value(&mut self) -> Result<Value, ParseError> {
        let mut stack: Vec<Frame> = Vec::new();
        'value: loop {
            self.skip_ws()?;
            let mut done = match self.peek() {
                None => return Err(self.eof_in(&stack, "a value")),
                Some(open @ (b'{' | b'[')) => {
                    if stack.len() >= MAX_DEPTH {
                        return Err(self.err(format!(
                            "More than {MAX_DEPTH} levels of nested objects and arrays: a Graph response is never this deep, so this can't be read."
                        )));
                    }
                    let at = self.pos;
                    self.pos += 1;
                    self.skip_ws()?;
                    if open == b'{' {
                        if self.peek() == Some(b'}') {
                            self.pos += 1;
                            Value::Object(Map::new())
                        } else {
                            let key = self.key(at)?;
                            stack.push(Frame::Obj {
                                map: Map::new(),
                                key,
                                open: at,
                            });
                            continue 'value;
                        }
                    } else if self.peek() == Some(b']') {
                        self.pos += 1;
                        Value::Array(Vec::new())
                    } else {
                        stack.push(Frame::Arr {
                            items: Vec::new(),
                            open: at,
                        });
                        continue 'value;
                    }
                }
                Some(b'"') => Value::String(self.string()?),
                Some(b'-' | b'0'..=b'9') => self.number()?,
                Some(_) => self.literal()?,
            };
            // Hand the finished value to its container, closing containers as they end.
            loop {
                let Some(top) = stack.last_mut() else {
                    return Ok(done);
                };
                match top {
                    Frame::Arr { items, open } => {
                        let open = *open;
                        items.push(done);
                        self.skip_ws()?;
                        match self.peek() {
                            Some(b',') => {
                                let comma = self.pos;
                                self.pos += 1;
                                self.skip_ws()?;
                                if self.peek() != Some(b']') {
                                    continue 'value;
                                }
                                self.note(Extra::TrailingComma, comma);
                                self.pos += 1;
                            }
                            Some(b']') => self.pos += 1,
                            None => {
                                return Err(self.err(format!(
                                    "The text ends inside the array opened at {}: expected ',' and another item, or ']' to close it. Was the text cut off?",
                                    self.where_(open)
                                )));
                            }
                            Some(_) => {
                                return Err(self.err(format!(
                                    "Expected ',' or ']' after an item of the array opened at {}, but found {}. A comma may be missing.",
                                    self.where_(open),
                                    self.found()
                                )));
                            }
                        }
                    }
                    Frame::Obj { map, key, open } => {
                        let open = *open;
                        let name = std::mem::take(key);
                        self.skip_ws()?;
                        let next = self.peek();
                        if !matches!(next, Some(b',' | b'}')) {
                            let problem = match next {
                                None => format!(
                                    "The text ends inside the object opened at {}: expected ',' and another property, or '}}' to close it. Was the text cut off?",
                                    self.where_(open)
                                ),
                                Some(_) => format!(
                                    "Expected ',' or '}}' after the value of \"{}\" (in the object opened at {}), but found {}. A comma may be missing.",
                                    short(&name),
                                    self.where_(open),
                                    self.found()
                                ),
                            };
                            return Err(self.err(problem));
                        }
                        map.insert(name, done);
                        self.pos += 1;
                        if next == Some(b',') {
                            let comma = self.pos - 1;
                            self.skip_ws()?;
                            if self.peek() == Some(b'}') {
                                self.note(Extra::TrailingComma, comma);
                                self.pos += 1;
                            } else {
                                let k = self.key(open)?;
                                if let Some(Frame::Obj { key, .. }) = stack.last_mut() {
                                    *key = k;
                                }
                                continue 'value;
                            }
                        }
                    }
                }
                done = match stack.pop() {
                    Some(Frame::Arr { items, .. }) => Value::Array(items),
                    Some(Frame::Obj { map, .. }) => Value::Object(map),
                    None => return Err(self.err("Internal reader error.".to_string())),
                };
            }
        }
    }

    /// Message for the end of the text where `wanted` was expected.
    fn eof_in(&self, stack: &[Frame], wanted: &str) -> ParseError {
        let mut message = format!("The text ends where {wanted} was expected.");
        if let Some(frame) = stack.last() {
            let (what, open, close) = match frame {
                Frame::Arr { open, .. } => ("array", *open, ']'),
                Frame::Obj { open, .. } => ("object", *open, '}'),
            };
            message = format!(
                "The text ends where {wanted} was expected; the {what} opened at {} is not closed with '{close}'. Was the text cut off?",
                self.where_(open)
            );
        }
        self.err(message)
    }

    /// A property name and its colon.
    fn key(&mut self, open: usize) -> Result<String, ParseError> {
        match self.peek() {
            Some(b'"') => {}
            None => {
                return Err(self.err(format!(
                    "The text ends inside the object opened at {}: expected a property name in double quotes, or '}}'. Was the text cut off?",
                    self.where_(open)
                )));
            }
            Some(b'\'') => {
                return Err(self.err(
                    "Property names need double quotes (\"name\"); single quotes are not JSON."
                        .to_string(),
                ));
            }
            Some(_) => {
                return Err(self.err(format!(
                    "Expected a property name in double quotes, but found {}.",
                    self.found()
                )));
            }
        }
        let key = self.string()?;
        self.skip_ws()?;
        if self.peek() != Some(b':') {
            return Err(self.err(format!(
                "Expected ':' after the property name \"{}\", but found {}.",
                short(&key),
                self.found()
            )));
        }
        self.pos += 1;
        Ok(key)
    }

    fn string(&mut self) -> Result<String, ParseError> {
        let start = self.pos;
        self.pos += 1;
        let mut out = String::new();
        loop {
            let run_start = self.pos;
            while let Some(c) = self.peek() {
                if c == b'"' || c == b'\\' || c < 0x20 {
                    break;
                }
                self.pos += 1;
            }
            // The run stops at an ASCII byte or the end, so both ends are char boundaries.
            out.push_str(self.text.get(run_start..self.pos).unwrap_or(""));
            match self.peek() {
                None => {
                    return Err(self.err(format!(
                        "The text ends inside the string that starts at {}: expected a closing \". Was the text cut off?",
                        self.where_(start)
                    )));
                }
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(out);
                }
                Some(b'\\') => self.escape(&mut out)?,
                Some(c) => {
                    let what = match c {
                        b'\n' | b'\r' => format!(
                            "A line break inside the string that starts at {}: a JSON string must stay on one line (write \\n for a line break). Is its closing \" missing?",
                            self.where_(start)
                        ),
                        b'\t' => format!(
                            "A tab character inside the string that starts at {}: write it as \\t.",
                            self.where_(start)
                        ),
                        _ => format!(
                            "The control character U+{c:04X} inside the string that starts at {}: write it as \\u{c:04x}.",
                            self.where_(start)
                        ),
                    };
                    return Err(self.err(what));
                }
            }
        }
    }

    fn escape(&mut self, out: &mut String) -> Result<(), ParseError> {
        let at = self.pos;
        let c = self.at(at + 1);
        self.pos += 2;
        let plain = match c {
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'/') => '/',
            Some(b'b') => '\u{8}',
            Some(b'f') => '\u{c}',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(b'u') => {
                let unit = self.hex4(at)?;
                let ch = if (0xD800..0xDC00).contains(&unit) {
                    let low = if self.peek() == Some(b'\\') && self.at(self.pos + 1) == Some(b'u') {
                        let save = self.pos;
                        self.pos += 2;
                        let low = self.hex4(save)?;
                        if (0xDC00..0xE000).contains(&low) {
                            Some(low)
                        } else {
                            self.pos = save;
                            None
                        }
                    } else {
                        None
                    };
                    match low {
                        Some(low) => {
                            char::from_u32(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00))
                        }
                        None => None,
                    }
                } else {
                    char::from_u32(unit)
                };
                match ch {
                    Some(ch) => ch,
                    None => {
                        self.note(Extra::LoneSurrogate, at);
                        '\u{fffd}'
                    }
                }
            }
            None => {
                self.pos = self.text.len();
                return Err(self.err(
                    "The text ends right after a backslash inside a string. Was the text cut off?"
                        .to_string(),
                ));
            }
            Some(_) => {
                self.pos = at;
                let shown: String = self.text.get(at..).unwrap_or("").chars().take(2).collect();
                return Err(self.err(format!(
                    "Unknown escape {shown} inside a string: in JSON a backslash must be followed by \" \\ / b f n r t or u and four hex digits. A Windows path needs each backslash doubled (C:\\\\folder)."
                )));
            }
        };
        out.push(plain);
        Ok(())
    }

    /// Four hex digits after `\u` (the reader sits just past the `u`).
    fn hex4(&mut self, escape_at: usize) -> Result<u32, ParseError> {
        let mut unit = 0u32;
        for _ in 0..4 {
            let d = self.peek().and_then(|c| (c as char).to_digit(16));
            match d {
                Some(d) => {
                    unit = unit * 16 + d;
                    self.pos += 1;
                }
                None => {
                    self.pos = escape_at;
                    return Err(self.err(
                        "\\u inside a string must be followed by exactly four hex digits (0-9, a-f).".to_string(),
                    ));
                }
            }
        }
        Ok(unit)
    }

    fn digits(&mut self) -> usize {
        let start = self.pos;
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.pos += 1;
        }
        self.pos - start
    }

    fn number(&mut self) -> Result<Value, ParseError> {
        let start = self.pos;
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        match self.peek() {
            Some(b'0') => {
                self.pos += 1;
                if matches!(self.peek(), Some(b'0'..=b'9')) {
                    return Err(self.err(
                        "A number can't start with 0 followed by more digits (write 7, not 07)."
                            .to_string(),
                    ));
                }
            }
            Some(b'1'..=b'9') => {
                self.digits();
            }
            _ => {
                return Err(self.err(format!(
                    "Expected a digit after '-', but found {}.",
                    self.found()
                )));
            }
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            if self.digits() == 0 {
                return Err(self.err(format!(
                    "Expected a digit after the decimal point, but found {}.",
                    self.found()
                )));
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.pos += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            if self.digits() == 0 {
                return Err(self.err(format!(
                    "Expected a digit in the exponent, but found {}.",
                    self.found()
                )));
            }
        }
        let s = self.text.get(start..self.pos).unwrap_or("0");
        // serde_json's own number reader: the standard library's f64 parser would add ~10 KB
        // of tables to the page. Read as a JSON value through `text::json`, not `Number`'s
        // FromStr, whose string reader would be a second copy of serde_json's number parser.
        match crate::text::json::<Value>(s) {
            Ok(n @ Value::Number(_)) => Ok(n),
            _ => {
                self.pos = start;
                Err(self.err(format!("The number {} is too large to read.", short(s))))
            }
        }
    }

    fn literal(&mut self) -> Result<Value, ParseError> {
        let start = self.pos;
        while matches!(
            self.peek(),
            Some(b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'_')
        ) {
            self.pos += 1;
        }
        let word = self.text.get(start..self.pos).unwrap_or("");
        let value = match word {
            "true" => Some(Value::Bool(true)),
            "false" => Some(Value::Bool(false)),
            "null" => Some(Value::Null),
            _ => None,
        };
        if let Some(v) = value {
            return Ok(v);
        }
        self.pos = start;
        let expected = "Expected a value: a string in double quotes, a number, true, false, null, an object {…} or an array […]";
        let hint = match word {
            "True" | "False" | "TRUE" | "FALSE" | "Null" | "NULL" | "None" => {
                " JSON writes true, false and null in lower case."
            }
            "undefined" | "NaN" | "Infinity" => " JSON has no such value.",
            "" if self.peek() == Some(b'\'') => {
                " Strings need double quotes; single quotes are not JSON."
            }
            "" if matches!(self.peek(), Some(b'}' | b']' | b',')) => " A value may be missing.",
            _ => "",
        };
        Err(self.err(format!("{expected}, but found {}.{hint}", self.found())))
    }
}

/// A name shortened for messages.
fn short(s: &str) -> String {
    if s.chars().count() <= 40 {
        s.to_string()
    } else {
        let head: String = s.chars().take(40).collect();
        format!("{head}…")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(text: &str) -> (usize, usize, String) {
        match parse(text) {
            Ok(_) => panic!("expected an error for {text:?}"),
            Err(e) => {
                let (l, c) = line_col(text, e.offset);
                (l, c, e.message)
            }
        }
    }

    #[test]
    fn same_values_as_serde() {
        let text = r#"{"a":[1,-2,3.5,1e3,true,false,null,"x\u00e9\ud83d\ude00\n"],"b":{},"c":[]}"#;
        let ours = parse(text).map(|p| p.docs).unwrap_or_default();
        let theirs: Value = serde_json::from_str(text).unwrap_or(Value::Null);
        assert_eq!(ours, vec![theirs]);
    }

    #[test]
    fn numbers_of_every_kind() {
        let text = "[0, -0, 18446744073709551615, -9223372036854775808, 18446744073709551616, 2.5e-3, 1E2]";
        let ours = parse(text).map(|p| p.docs).unwrap_or_default();
        let theirs: Value = serde_json::from_str(text).unwrap_or(Value::Null);
        assert_eq!(ours, vec![theirs]);
        let (line, column, message) = err("{\"a\": 1e999}");
        assert_eq!((line, column), (1, 7));
        assert_eq!(message, "The number 1e999 is too large to read.");
    }

    #[test]
    fn extras_are_noted() {
        let text = "\u{feff}{ // hi\n \"a\": [1, 2,], /* x */ \"b\": 1,\n}";
        let p = parse(text).unwrap_or_else(|e| panic!("{e:?}"));
        let kinds: Vec<Extra> = p.extras.iter().map(|e| e.extra).collect();
        assert_eq!(
            kinds,
            vec![
                Extra::ByteOrderMark,
                Extra::LineComment,
                Extra::TrailingComma,
                Extra::BlockComment
            ]
        );
        assert_eq!(p.extras[2].count, 2);
    }

    #[test]
    fn missing_comma_position() {
        let (l, c, m) = err("{\n  \"a\": 1\n  \"b\": 2\n}");
        assert_eq!((l, c), (3, 3));
        assert!(m.contains("after the value of \"a\""), "{m}");
    }

    #[test]
    fn truncated() {
        let (l, c, m) = err("{\"a\": [1, 2");
        assert_eq!((l, c), (1, 12));
        assert!(m.contains("array opened at line 1, column 7"), "{m}");
        let (_, _, m) = err("{\"a\": \"xy");
        assert!(
            m.contains("inside the string that starts at line 1, column 7"),
            "{m}"
        );
    }

    #[test]
    fn depth_is_capped() {
        let deep = "[".repeat(MAX_DEPTH + 1);
        let (_, c, m) = err(&deep);
        assert_eq!(c, MAX_DEPTH + 1);
        assert!(m.contains("levels"), "{m}");
        let ok = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert!(parse(&ok).is_ok());
    }

    #[test]
    fn lone_surrogate_becomes_replacement() {
        let p = parse(r#"["\ud800x"]"#).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(p.docs[0], serde_json::json!(["\u{fffd}x"]));
        assert_eq!(p.extras[0].extra, Extra::LoneSurrogate);
    }
}
