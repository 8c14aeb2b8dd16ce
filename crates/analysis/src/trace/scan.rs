//! A resumable, string-aware scanner that cuts a HAR's bytes into `log` members and entries.
//!
//! Only three levels are walked here (the root object, `log`, `log.entries`); every value
//! below them is captured as a byte span with a small bracket matcher and handed out whole,
//! so memory stays bounded by the largest single entry, never the whole file.
use super::TraceError;

/// Where the scanner is in the file: a byte offset and its 1-based line and column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Pos {
    pub offset: u64,
    pub line: u64,
    pub column: u64,
}

/// A piece of the HAR's structure, in file order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// A member of `log` other than `entries`, or (with `root` true) a top-level member other than `log`.
    Member {
        root: bool,
        key: String,
        value: Vec<u8>,
        at: Pos,
    },
    /// `log.entries` opens.
    EntriesStart,
    /// One element of `log.entries`.
    Entry {
        index: usize,
        value: Vec<u8>,
        at: Pos,
    },
    /// `log.entries` closes.
    EntriesEnd,
}

/// Which of the three walked containers a level is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Level {
    Root,
    Log,
    Entries,
}

/// What the walked level expects next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Want {
    /// After `{`: a key or `}`; after `[`: a value or `]`.
    FirstOrEnd,
    Key,
    Colon,
    Value,
    CommaOrEnd,
}

/// A value being captured byte by byte.
#[derive(Debug)]
struct Capture {
    buf: Vec<u8>,
    at: Pos,
    depth: usize,
    in_str: bool,
    esc: bool,
    /// A number or literal: ends at the first delimiter, which is not part of it.
    scalar: bool,
}

/// The resumable scanner: feed it chunks, collect events, then `finish`.
#[derive(Debug)]
pub struct Scanner {
    pos: Pos,
    levels: Vec<(Level, Want)>,
    key: Option<Vec<u8>>,
    key_esc: bool,
    last_key: String,
    capture: Option<Capture>,
    started: bool,
    done: bool,
    seen_log: bool,
    seen_entries: bool,
    entries: usize,
    error: Option<TraceError>,
}

impl Default for Scanner {
    fn default() -> Self {
        Self::new()
    }
}

fn is_ws(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r')
}

impl Scanner {
    pub fn new() -> Self {
        Scanner {
            pos: Pos {
                offset: 0,
                line: 1,
                column: 1,
            },
            levels: Vec::new(),
            key: None,
            key_esc: false,
            last_key: String::new(),
            capture: None,
            started: false,
            done: false,
            seen_log: false,
            seen_entries: false,
            entries: 0,
            error: None,
        }
    }

    /// Bytes consumed so far.
    pub fn offset(&self) -> u64 {
        self.pos.offset
    }

    /// Entries handed out so far.
    pub fn entries(&self) -> usize {
        self.entries
    }

    fn malformed(&self, what: &str) -> TraceError {
        TraceError::Malformed {
            offset: self.pos.offset,
            line: self.pos.line,
            column: self.pos.column,
            what: what.to_owned(),
        }
    }

    /// Scans one chunk; events complete in it are appended to `out`.
    pub fn feed(&mut self, chunk: &[u8], out: &mut Vec<Event>) -> Result<(), TraceError> {
        if let Some(e) = &self.error {
            return Err(e.clone());
        }
        for &b in chunk {
            if let Err(e) = self.byte(b, out) {
                self.error = Some(e.clone());
                return Err(e);
            }
            self.pos.offset += 1;
            if b == b'\n' {
                self.pos.line += 1;
                self.pos.column = 1;
            } else if b & 0xC0 != 0x80 {
                // Columns count characters: UTF-8 continuation bytes do not move them.
                self.pos.column += 1;
            }
        }
        Ok(())
    }

    /// Ends the input: errors if the HAR is cut short or lacks `log.entries`.
    pub fn finish(&mut self, out: &mut Vec<Event>) -> Result<(), TraceError> {
        if let Some(e) = &self.error {
            return Err(e.clone());
        }
        if !self.started {
            return Err(TraceError::NotHar {
                missing: "a JSON object (the input is empty)",
            });
        }
        if !self.done {
            return Err(TraceError::Truncated {
                offset: self.pos.offset,
            });
        }
        if !self.seen_log {
            return Err(self.not_har("log"));
        }
        if !self.seen_entries {
            return Err(self.not_har("log.entries"));
        }
        let _ = out;
        Ok(())
    }

    fn not_har(&self, missing: &'static str) -> TraceError {
        TraceError::NotHar { missing }
    }

    fn byte(&mut self, b: u8, out: &mut Vec<Event>) -> Result<(), TraceError> {
        if let Some(c) = &mut self.capture {
            if c.scalar {
                if is_ws(b) || matches!(b, b',' | b'}' | b']') {
                    self.end_capture(out);
                    return self.structural(b, out);
                }
                c.buf.push(b);
                return Ok(());
            }
            c.buf.push(b);
            if c.in_str {
                if c.esc {
                    c.esc = false;
                } else if b == b'\\' {
                    c.esc = true;
                } else if b == b'"' {
                    c.in_str = false;
                    if c.depth == 0 {
                        self.end_capture(out);
                    }
                }
                return Ok(());
            }
            match b {
                b'"' => c.in_str = true,
                b'{' | b'[' => c.depth += 1,
                b'}' | b']' => {
                    c.depth = c.depth.saturating_sub(1);
                    if c.depth == 0 {
                        self.end_capture(out);
                    }
                }
                _ => {}
            }
            return Ok(());
        }
        if let Some(k) = &mut self.key {
            if self.key_esc {
                self.key_esc = false;
            } else if b == b'\\' {
                self.key_esc = true;
            } else if b == b'"' {
                let mut quoted = Vec::with_capacity(k.len() + 2);
                quoted.push(b'"');
                quoted.extend_from_slice(k);
                quoted.push(b'"');
                self.key = None;
                self.last_key = match std::str::from_utf8(&quoted).map(crate::text::json) {
                    Ok(Ok(serde_json::Value::String(s))) => s,
                    _ => return Err(self.malformed("a key that is not a valid JSON string")),
                };
                self.set_want(Want::Colon);
                return Ok(());
            }
            // Keys at these levels are short; a runaway one is not a HAR.
            if k.len() > 4096 {
                return Err(self.malformed("a key longer than 4 KB"));
            }
            k.push(b);
            return Ok(());
        }
        self.structural(b, out)
    }

    fn set_want(&mut self, want: Want) {
        if let Some(top) = self.levels.last_mut() {
            top.1 = want;
        }
    }

    fn end_capture(&mut self, out: &mut Vec<Event>) {
        let Some(c) = self.capture.take() else {
            return;
        };
        match self.levels.last().map(|l| l.0) {
            Some(Level::Entries) => {
                out.push(Event::Entry {
                    index: self.entries,
                    value: c.buf,
                    at: c.at,
                });
                self.entries += 1;
            }
            Some(level) => out.push(Event::Member {
                root: level == Level::Root,
                key: std::mem::take(&mut self.last_key),
                value: c.buf,
                at: c.at,
            }),
            None => {}
        }
        self.set_want(Want::CommaOrEnd);
    }

    fn start_capture(&mut self, b: u8) {
        let (depth, in_str, scalar) = match b {
            b'{' | b'[' => (1, false, false),
            b'"' => (0, true, false),
            _ => (0, false, true),
        };
        self.capture = Some(Capture {
            buf: vec![b],
            at: self.pos,
            depth,
            in_str,
            esc: false,
            scalar,
        });
    }

    fn structural(&mut self, b: u8, out: &mut Vec<Event>) -> Result<(), TraceError> {
        if is_ws(b) {
            return Ok(());
        }
        if self.done {
            return Err(self.malformed("text after the end of the HAR"));
        }
        let Some(&(level, want)) = self.levels.last() else {
            // Before the root: a byte-order mark is allowed, then `{`.
            if !self.started && matches!(b, 0xEF | 0xBB | 0xBF) && self.pos.offset < 3 {
                return Ok(());
            }
            if b != b'{' {
                return Err(TraceError::NotHar {
                    missing: "a JSON object at the start",
                });
            }
            self.started = true;
            self.levels.push((Level::Root, Want::FirstOrEnd));
            return Ok(());
        };
        let is_array = level == Level::Entries;
        match want {
            Want::FirstOrEnd | Want::CommaOrEnd
                if (b == b'}' && !is_array) || (b == b']' && is_array) =>
            {
                self.levels.pop();
                if level == Level::Entries {
                    out.push(Event::EntriesEnd);
                }
                if self.levels.is_empty() {
                    self.done = true;
                } else {
                    self.set_want(Want::CommaOrEnd);
                }
                Ok(())
            }
            Want::CommaOrEnd if b == b',' => {
                self.set_want(if is_array { Want::Value } else { Want::Key });
                Ok(())
            }
            Want::FirstOrEnd | Want::Key if !is_array && b == b'"' => {
                self.key = Some(Vec::new());
                Ok(())
            }
            Want::Colon if b == b':' => {
                self.set_want(Want::Value);
                Ok(())
            }
            Want::FirstOrEnd | Want::Value if is_array || want == Want::Value => {
                if matches!(b, b',' | b':' | b'}' | b']') {
                    return Err(self.malformed("a value"));
                }
                if level == Level::Root && self.last_key == "log" {
                    if b != b'{' {
                        return Err(self.malformed("`log` to be an object"));
                    }
                    self.seen_log = true;
                    self.levels.push((Level::Log, Want::FirstOrEnd));
                    return Ok(());
                }
                if level == Level::Log && self.last_key == "entries" {
                    if b != b'[' {
                        return Err(self.malformed("`log.entries` to be an array"));
                    }
                    self.seen_entries = true;
                    self.levels.push((Level::Entries, Want::FirstOrEnd));
                    out.push(Event::EntriesStart);
                    return Ok(());
                }
                if is_array && b != b'{' {
                    return Err(self.malformed("an entry object"));
                }
                self.start_capture(b);
                Ok(())
            }
            Want::FirstOrEnd | Want::Key => Err(self.malformed("a key in quotes")),
            Want::Colon => Err(self.malformed("`:`")),
            Want::CommaOrEnd => {
                Err(self.malformed(if is_array { "`,` or `]`" } else { "`,` or `}`" }))
            }
            Want::Value => Err(self.malformed("a value")),
        }
    }
}
