//! The core's JSON reader. Forgiving for pasted Graph responses (the policy tool): exact error
//! positions, and the extras people paste (comments, trailing commas, a byte order mark)
//! skipped and reported.
//!
//! Hand-written rather than serde_json because we need byte offsets and plain-word messages
//! for errors, and must accept what strict parsers refuse. It never recurses: nesting is kept
//! on an explicit stack and capped at the same depth serde_json allows.
//!
//! Its strict mode ([`strict`]) is every other JSON read in the core: it refuses what
//! serde_json refuses and gives the same values, so serde_json's deserializer stays out of
//! the page (its `Value` and writer remain).
use serde_json::{Map, Value};

use super::{is_wordish, line_col};

/// Deepest nesting accepted when forgiving.
pub const MAX_DEPTH: usize = 128;

/// Deepest nesting the strict mode accepts: serde_json's limit (it refuses the 128th level).
pub const STRICT_DEPTH: usize = 127;

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
    let mut r = Reader::new(text, false);
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

/// Reads `text` as exactly one JSON document, refusing what serde_json refuses: comments,
/// trailing commas, a byte order mark, lone surrogates, text after the document, numbers out
/// of range. Numbers come out as serde_json makes them.
pub fn strict(text: &str) -> Result<Value, ParseError> {
    strict_with(text, false)
}

/// `strict`, and an object that names a member twice is refused (serde_json keeps the last):
/// for a file only GuestLens writes, where a repeated name means a hand edit went wrong.
pub fn strict_unique(text: &str) -> Result<Value, ParseError> {
    strict_with(text, true)
}

fn strict_with(text: &str, unique: bool) -> Result<Value, ParseError> {
    let mut r = Reader::new(text, true);
    r.unique = unique;
    let v = r.value()?;
    r.skip_ws()?;
    if r.peek().is_some() {
        return Err(r.err(format!(
            "Extra text after the end of the JSON document: found {}. Expected nothing more.",
            r.found()
        )));
    }
    Ok(v)
}

/// The first JSON value at the start of `text` (after spaces), strictly read, whatever
/// follows it; a number or word must end at a delimiter.
pub fn strict_first(text: &str) -> Option<Value> {
    let mut r = Reader::new(text, true);
    let v = r.value().ok()?;
    let open = matches!(v, Value::Number(_) | Value::Bool(_) | Value::Null);
    match r.peek() {
        Some(c)
            if open
                && !matches!(
                    c,
                    b' ' | b'\t' | b'\n' | b'\r' | b'"' | b'[' | b']' | b'{' | b'}' | b',' | b':'
                ) =>
        {
            None
        }
        _ => Some(v),
    }
}

impl ParseError {
    /// The 1-based line and column (in characters) of the error in `text`.
    pub fn line_col(&self, text: &str) -> (usize, usize) {
        line_col(text, self.offset)
    }
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
    /// serde_json's rules: no extras at all.
    strict: bool,
    /// A member name repeated in one object is an error.
    unique: bool,
}

impl<'a> Reader<'a> {
    fn new(text: &'a str, strict: bool) -> Self {
        Reader {
            text,
            b: text.as_bytes(),
            pos: 0,
            extras: Vec::new(),
            strict,
            unique: false,
        }
    }

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
                _ if self.strict => return Ok(()),
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
                    let max = if self.strict { STRICT_DEPTH } else { MAX_DEPTH };
                    if stack.len() >= max {
                        return Err(self.err(format!(
                            "More than {max} levels of nested objects and arrays: a Graph response is never this deep, so this can't be read."
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
                                if self.strict || self.peek() != Some(b']') {
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
                        if self.unique && map.contains_key(&name) {
                            return Err(self.err(format!(
                                "duplicate field `{}` in the object opened at {}",
                                short(&name),
                                self.where_(open)
                            )));
                        }
                        map.insert(name, done);
                        self.pos += 1;
                        if next == Some(b',') {
                            let comma = self.pos - 1;
                            self.skip_ws()?;
                            if !self.strict && self.peek() == Some(b'}') {
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
            self.pos += plain_run(self.b.get(run_start..).unwrap_or_default());
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
                    None if self.strict => {
                        self.pos = at;
                        return Err(self.err(
                            "A \\u escape holding half a surrogate pair inside a string: it is not text.".to_string(),
                        ));
                    }
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
        match number(s.as_bytes()) {
            Some(n) => Ok(n),
            None => {
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

/// A JSON number (already checked to be one) as the `Value` serde_json makes of it, or None
/// where serde_json refuses it as out of range. Its steps are serde_json's (without
/// `float_roundtrip`): integers exactly; otherwise up to 19 significant digits, the rest
/// dropped, scaled by one multiply or divide by a power of ten. Written out because
/// serde_json's number reader only comes with its whole deserializer, and the standard
/// library's f64 parser brings about 10 KB of tables.
pub fn number(s: &[u8]) -> Option<Value> {
    let (positive, digits) = match s.split_first() {
        Some((b'-', rest)) => (false, rest),
        _ => (true, s),
    };
    let mut sig: u64 = 0;
    // Powers of ten the dropped or fraction digits add to the significand's scale.
    let mut exp: i32 = 0;
    let mut float = false;
    let mut full = false;
    let mut i = 0;
    while let Some(&c @ b'0'..=b'9') = digits.get(i) {
        let d = u64::from(c - b'0');
        if full || overflows(sig, d) {
            // serde_json: digits past u64 make the number a float and only scale it.
            full = true;
            float = true;
            exp += 1;
        } else {
            sig = sig * 10 + d;
        }
        i += 1;
    }
    if digits.get(i) == Some(&b'.') {
        float = true;
        i += 1;
        let mut dropping = false;
        while let Some(&c @ b'0'..=b'9') = digits.get(i) {
            let d = u64::from(c - b'0');
            if dropping || overflows(sig, d) {
                dropping = true;
            } else {
                sig = sig * 10 + d;
                exp -= 1;
            }
            i += 1;
        }
    }
    if let Some(b'e' | b'E') = digits.get(i) {
        float = true;
        i += 1;
        let up = match digits.get(i) {
            Some(b'-') => {
                i += 1;
                false
            }
            Some(b'+') => {
                i += 1;
                true
            }
            _ => true,
        };
        let mut e: i32 = 0;
        while let Some(&c @ b'0'..=b'9') = digits.get(i) {
            let d = i32::from(c - b'0');
            if e >= i32::MAX / 10 && (e > i32::MAX / 10 || d > i32::MAX % 10) {
                // An exponent past i32: zero, or out of range upwards.
                if sig != 0 && up {
                    return None;
                }
                return Some(Value::from(if positive { 0.0 } else { -0.0 }));
            }
            e = e * 10 + d;
            i += 1;
        }
        exp = if up {
            exp.saturating_add(e)
        } else {
            exp.saturating_sub(e)
        };
    }
    if !float {
        if positive {
            return Some(Value::from(sig));
        }
        let neg = (sig as i64).wrapping_neg();
        // -0 and integers below i64::MIN are floats, as serde_json has them.
        return Some(if neg >= 0 {
            Value::from(-(sig as f64))
        } else {
            Value::from(neg)
        });
    }
    let mut f = sig as f64;
    loop {
        let n = exp.unsigned_abs();
        if n <= 308 {
            if exp >= 0 {
                f *= pow10(n);
                if f.is_infinite() {
                    return None;
                }
            } else {
                f /= pow10(n);
            }
            break;
        }
        if f == 0.0 {
            break;
        }
        if exp >= 0 {
            return None;
        }
        f /= pow10(308);
        exp += 308;
    }
    Some(Value::from(if positive { f } else { -f }))
}

/// Whether `sig * 10 + d` would pass u64::MAX (serde_json's test, kept to match its cut-off).
fn overflows(sig: u64, d: u64) -> bool {
    sig >= u64::MAX / 10 && (sig > u64::MAX / 10 || d > u64::MAX % 10)
}

/// 10^n as the nearest f64 (what the literal `1eN` is), for n up to 308. Up to 10^22 the
/// product is exact; above, 5^n is built as a big integer and rounded to 53 bits, half to
/// even: a few hundred bytes of code instead of a 2.5 KB table.
fn pow10(n: u32) -> f64 {
    if n <= 22 {
        let mut p = 1.0;
        for _ in 0..n {
            p *= 10.0;
        }
        return p;
    }
    // 5^n, little-endian 32-bit limbs.
    let mut limbs: Vec<u32> = vec![1];
    for _ in 0..n {
        let mut carry = 0u64;
        for l in &mut limbs {
            let v = u64::from(*l) * 5 + carry;
            *l = v as u32;
            carry = v >> 32;
        }
        if carry > 0 {
            limbs.push(carry as u32);
        }
    }
    let bit = |k: usize| limbs.get(k / 32).is_some_and(|l| (l >> (k % 32)) & 1 == 1);
    let top = limbs.last().map_or(0, |l| 32 - l.leading_zeros() as usize);
    let len = (limbs.len() - 1) * 32 + top;
    // 5^23 already has 54 bits, so `len` > 53 here.
    let mut m: u64 = 0;
    for k in (len - 53..len).rev() {
        m = m << 1 | u64::from(bit(k));
    }
    let half = bit(len - 54);
    let rest = (0..len - 54).any(bit);
    let mut scale = (len - 53) as u64 + u64::from(n);
    if half && (rest || m & 1 == 1) {
        m += 1;
        if m == 1 << 53 {
            m >>= 1;
            scale += 1;
        }
    }
    // m · 2^scale, with 2^52 <= m < 2^53: a normal f64 (10^308 is below f64::MAX).
    f64::from_bits(((scale + 52 + 1023) << 52) | (m & ((1 << 52) - 1)))
}

/// How many bytes at the start of `rest` need no care inside a string (no quote, backslash
/// or control byte). Eight bytes at a time: long HAR bodies are read here.
fn plain_run(rest: &[u8]) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // High bit of each byte that is zero (or, past a zero byte, possibly another): a hint only.
    let zero = |x: u64| x.wrapping_sub(ONES) & !x & HIGH;
    let mut n = 0;
    for chunk in rest.chunks_exact(8) {
        let Ok(bytes) = <[u8; 8]>::try_from(chunk) else {
            break;
        };
        let w = u64::from_le_bytes(bytes);
        if zero(w ^ (ONES * u64::from(b'"')))
            | zero(w ^ (ONES * u64::from(b'\\')))
            | (w.wrapping_sub(ONES * 0x20) & !w & HIGH)
            != 0
        {
            break;
        }
        n += 8;
    }
    let tail = rest.get(n..).unwrap_or_default();
    n + tail
        .iter()
        .position(|&c| c == b'"' || c == b'\\' || c < 0x20)
        .unwrap_or(tail.len())
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
