//! Undoes the wrappings pasted errors arrive in: HTML tags and entities, JSON and Python string
//! escapes, percent-encoding (once or more), keeping a map back to the original byte offsets.
//!
//! Each pass copies untouched runs in bulk and records every replacement as an edit, so a
//! position in the decoded text maps back to the pasted text. Callers check that a mapped span
//! reads the same in both texts before they highlight it.

use crate::text::percent_escape_at;

/// One replacement: `dec..dec+dec_len` in the output came from `orig..orig+orig_len`.
#[derive(Debug, Clone, Copy)]
struct Edit {
    dec: usize,
    dec_len: usize,
    orig: usize,
    orig_len: usize,
}

/// Output offsets of one pass back to its input offsets.
#[derive(Debug, Clone, Default)]
struct OffsetMap {
    edits: Vec<Edit>,
}

impl OffsetMap {
    /// Input offset of a span's start: after any deletion that sits exactly at `d`.
    fn to_input(&self, d: usize) -> usize {
        self.map(d, |e| e.dec <= d)
    }

    /// Input offset of a span's end: before any deletion that sits exactly at `d`.
    fn to_input_end(&self, d: usize) -> usize {
        self.map(d, |e| e.dec < d)
    }

    /// Maps through the last edit that `before` accepts; inside a replacement only its start maps.
    fn map(&self, d: usize, before: impl Fn(&Edit) -> bool) -> usize {
        let k = self.edits.partition_point(before);
        let Some(e) = k.checked_sub(1).and_then(|k| self.edits.get(k)) else {
            return d;
        };
        if d < e.dec + e.dec_len {
            e.orig
        } else {
            e.orig + e.orig_len + (d - e.dec - e.dec_len)
        }
    }
}

/// Decoded text plus the chain of maps back to the input.
#[derive(Debug, Clone, Default)]
pub struct Decoded {
    pub text: String,
    maps: Vec<OffsetMap>,
}

impl Decoded {
    /// Offset in the original text of a span start in the decoded text.
    pub fn to_original(&self, d: usize) -> usize {
        self.maps.iter().rev().fold(d, |o, m| m.to_input(o))
    }

    /// Offset in the original text of a span end in the decoded text.
    pub fn to_original_end(&self, d: usize) -> usize {
        self.maps.iter().rev().fold(d, |o, m| m.to_input_end(o))
    }
}

/// Applies every pass the text needs; plain text comes back unchanged with no maps.
pub fn decode(input: &str) -> Decoded {
    let mut d = Decoded {
        text: input.to_owned(),
        maps: Vec::new(),
    };
    let bytes = input.as_bytes();
    if bytes.contains(&b'&') || (bytes.contains(&b'<') && looks_like_html(input)) {
        apply(&mut d, html);
    }
    // Escapes can be nested (a JSON body inside a JSON string, a URL inside a URL).
    for _ in 0..3 {
        let before = d.maps.len();
        if d.text.as_bytes().contains(&b'\\') {
            apply(&mut d, json_escapes);
        }
        if has_percent_escape(d.text.as_bytes()) {
            apply(&mut d, percent);
        }
        if d.maps.len() == before {
            break;
        }
    }
    d
}

fn apply(d: &mut Decoded, pass: fn(&str) -> Option<(String, OffsetMap)>) {
    if let Some((text, map)) = pass(&d.text) {
        d.text = text;
        d.maps.push(map);
    }
}

/// Output under construction.
struct Builder<'a> {
    input: &'a str,
    out: String,
    map: OffsetMap,
    /// Input offset up to which everything has been copied or replaced.
    done: usize,
}

impl<'a> Builder<'a> {
    fn new(input: &'a str) -> Self {
        Self {
            input,
            out: String::with_capacity(input.len()),
            map: OffsetMap::default(),
            done: 0,
        }
    }

    /// Copies input up to `at`, then puts `with` in place of `at..at+len`.
    fn replace(&mut self, at: usize, len: usize, with: &str) {
        if let Some(s) = self.input.get(self.done..at) {
            self.out.push_str(s);
        }
        self.map.edits.push(Edit {
            dec: self.out.len(),
            dec_len: with.len(),
            orig: at,
            orig_len: len,
        });
        self.out.push_str(with);
        self.done = at + len;
    }

    fn finish(mut self) -> Option<(String, OffsetMap)> {
        if self.map.edits.is_empty() {
            return None;
        }
        if let Some(s) = self.input.get(self.done..) {
            self.out.push_str(s);
        }
        Some((self.out, self.map))
    }
}

/// A closing tag or one of the common opening tags anywhere in the text.
fn looks_like_html(s: &str) -> bool {
    const OPENERS: &[&str] = &["/", "br", "div", "span", "p>", "td", "!doctype", "html"];
    let b = s.as_bytes();
    b.iter().enumerate().any(|(i, &c)| {
        c == b'<'
            && OPENERS.iter().any(|t| {
                b.get(i + 1..i + 1 + t.len())
                    .is_some_and(|w| w.eq_ignore_ascii_case(t.as_bytes()))
            })
    })
}

const BLOCK_TAGS: &[&str] = &[
    "br",
    "p",
    "div",
    "tr",
    "li",
    "ul",
    "ol",
    "table",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "pre",
    "section",
    "header",
    "footer",
    "body",
    "html",
    "head",
    "title",
    "form",
    "tbody",
    "thead",
    "dl",
    "dt",
    "dd",
    "blockquote",
    "script",
    "style",
    "main",
    "article",
    "nav",
];
const SPACE_TAGS: &[&str] = &["td", "th"];
const INLINE_TAGS: &[&str] = &[
    "span", "b", "i", "a", "strong", "em", "code", "font", "small", "label", "u", "s", "sup",
    "sub", "img", "meta", "link", "input", "button", "abbr", "kbd", "samp", "var", "mark",
    "noscript", "bdi", "bdo", "time", "wbr", "tt",
];

/// Entities everywhere; tags only when the text looks like HTML, and only known tag names
/// (so `<organization>` in a message stays).
fn html(input: &str) -> Option<(String, OffsetMap)> {
    let tags = looks_like_html(input);
    let b = input.as_bytes();
    let mut out = Builder::new(input);
    let mut comments = CommentEnds {
        pos: 0,
        found: None,
    };
    let mut i = 0;
    while let Some(off) = b
        .get(i..)
        .and_then(|r| r.iter().position(|&c| c == b'&' || (tags && c == b'<')))
    {
        i += off;
        let consumed = if b.get(i) == Some(&b'&') {
            entity(b, i).map(|(ch, len)| {
                let mut buf = [0u8; 4];
                out.replace(i, len, ch.encode_utf8(&mut buf));
                len
            })
        } else {
            tag(b, i, &mut comments).map(|(with, len)| {
                out.replace(i, len, with);
                len
            })
        };
        i += consumed.unwrap_or(1);
    }
    out.finish()
}

/// `&name;`, `&#nn;` or `&#xhh;` at `i`: the character and the entity's length.
fn entity(b: &[u8], i: usize) -> Option<(char, usize)> {
    let end = (i + 1..(i + 12).min(b.len())).find(|&k| b.get(k) == Some(&b';'))?;
    let body = std::str::from_utf8(b.get(i + 1..end)?).ok()?;
    let ch = if let Some(num) = body.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse().ok()?,
        };
        match char::from_u32(code)? {
            '\u{a0}' => ' ',
            c => c,
        }
    } else {
        match body {
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            "apos" => '\'',
            "nbsp" => ' ',
            "lsquo" => '\u{2018}',
            "rsquo" => '\u{2019}',
            "ldquo" => '\u{201c}',
            "rdquo" => '\u{201d}',
            "ndash" => '\u{2013}',
            "mdash" => '\u{2014}',
            "hellip" => '\u{2026}',
            _ => return None,
        }
    };
    Some((ch, end + 1 - i))
}

/// The next `-->` at or after a position, for positions met in increasing order: each byte
/// is searched once however many `<!--` there are.
struct CommentEnds {
    pos: usize,
    found: Option<usize>,
}

impl CommentEnds {
    fn next(&mut self, b: &[u8], from: usize) -> Option<usize> {
        if let Some(p) = self.found.filter(|&p| p >= from) {
            return Some(p);
        }
        let start = from.max(self.pos);
        self.found = b
            .get(start..)
            .and_then(|r| r.windows(3).position(|w| w == b"-->"))
            .map(|p| start + p);
        self.pos = self.found.map_or(b.len(), |p| p + 1);
        self.found
    }
}

/// A known tag or a comment at `i`: what replaces it and its length.
fn tag(b: &[u8], i: usize, comments: &mut CommentEnds) -> Option<(&'static str, usize)> {
    if b.get(i..i + 4) == Some(b"<!--") {
        let end = comments.next(b, i + 4).filter(|&e| e < i + 4096)?;
        return Some(("", end + 3 - i));
    }
    let limit = (i + 1024).min(b.len());
    let close = (i + 1..limit).find(|&k| matches!(b.get(k), Some(b'>' | b'<')))?;
    if b.get(close) != Some(&b'>') {
        return None;
    }
    let mut k = i + 1;
    if matches!(b.get(k), Some(b'/' | b'!')) {
        k += 1;
    }
    let name_end = (k..close)
        .find(|&j| !b.get(j).is_some_and(u8::is_ascii_alphanumeric))
        .unwrap_or(close);
    let name = std::str::from_utf8(b.get(k..name_end)?)
        .ok()?
        .to_ascii_lowercase();
    let with = if name == "doctype" || BLOCK_TAGS.contains(&name.as_str()) {
        "\n"
    } else if SPACE_TAGS.contains(&name.as_str()) {
        " "
    } else if INLINE_TAGS.contains(&name.as_str()) {
        ""
    } else {
        return None;
    };
    Some((with, close + 1 - i))
}

/// JSON (and Python repr) backslash escapes; unknown escapes stay as they are.
fn json_escapes(input: &str) -> Option<(String, OffsetMap)> {
    let b = input.as_bytes();
    let mut out = Builder::new(input);
    let mut i = 0;
    while let Some(off) = b.get(i..).and_then(|r| r.iter().position(|&c| c == b'\\')) {
        i += off;
        let simple = match b.get(i + 1) {
            Some(b'"') => Some("\""),
            Some(b'\\') => Some("\\"),
            Some(b'/') => Some("/"),
            Some(b'\'') => Some("'"),
            Some(b'n') => Some("\n"),
            Some(b'r') => Some("\r"),
            Some(b't') => Some("\t"),
            _ => None,
        };
        if let Some(with) = simple {
            out.replace(i, 2, with);
            i += 2;
        } else if let Some((ch, len)) = unicode_escape(b, i) {
            let mut buf = [0u8; 4];
            out.replace(i, len, ch.encode_utf8(&mut buf));
            i += len;
        } else {
            i += 1;
        }
    }
    out.finish()
}

/// `\uXXXX`, joining a surrogate pair; a lone surrogate becomes U+FFFD.
fn unicode_escape(b: &[u8], i: usize) -> Option<(char, usize)> {
    let hex4 = |at: usize| -> Option<u32> {
        if b.get(at) != Some(&b'\\') || !matches!(b.get(at + 1), Some(b'u' | b'U')) {
            return None;
        }
        let h = std::str::from_utf8(b.get(at + 2..at + 6)?).ok()?;
        u32::from_str_radix(h, 16).ok()
    };
    let hi = hex4(i)?;
    if (0xD800..0xDC00).contains(&hi)
        && let Some(lo) = hex4(i + 6).filter(|lo| (0xDC00..0xE000).contains(lo))
    {
        let c = 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00);
        return Some((char::from_u32(c).unwrap_or('\u{fffd}'), 12));
    }
    Some((char::from_u32(hi).unwrap_or('\u{fffd}'), 6))
}

fn has_percent_escape(b: &[u8]) -> bool {
    b.iter()
        .enumerate()
        .any(|(i, &c)| c == b'%' && percent_escape_at(b, i).is_some())
}

/// Percent-decodes each whitespace-separated token that has an escape; there a `+` is a space
/// (pasted URLs are form-encoded, and a literal `+` arrives as `%2B`).
fn percent(input: &str) -> Option<(String, OffsetMap)> {
    let b = input.as_bytes();
    let mut out = Builder::new(input);
    let mut i = 0;
    while i < b.len() {
        let start = i;
        let end = b
            .get(start..)
            .and_then(|r| r.iter().position(u8::is_ascii_whitespace))
            .map_or(b.len(), |p| start + p);
        i = end + 1;
        let Some(token) = b.get(start..end) else {
            break;
        };
        if !has_percent_escape(token) {
            continue;
        }
        let mut edits: Vec<(usize, usize, u8)> = Vec::new();
        let mut k = 0;
        while let Some(&c) = token.get(k) {
            if let Some(v) = percent_escape_at(token, k) {
                edits.push((start + k, 3, v));
                k += 3;
            } else {
                if c == b'+' {
                    edits.push((start + k, 1, b' '));
                }
                k += 1;
            }
        }
        if edits.iter().all(|e| e.2.is_ascii()) {
            // One map entry per escape, so the text between escapes keeps exact offsets.
            for (at, len, v) in edits {
                let mut buf = [0u8; 4];
                out.replace(at, len, char::from(v).encode_utf8(&mut buf));
            }
        } else {
            // Escapes spell multi-byte characters (or invalid UTF-8): the token maps as a whole.
            let mut bytes = Vec::with_capacity(token.len());
            let mut k = 0;
            while let Some(&c) = token.get(k) {
                match percent_escape_at(token, k) {
                    Some(v) => {
                        bytes.push(v);
                        k += 3;
                    }
                    None => {
                        bytes.push(if c == b'+' { b' ' } else { c });
                        k += 1;
                    }
                }
            }
            out.replace(start, end - start, &String::from_utf8_lossy(&bytes));
        }
    }
    out.finish()
}

#[cfg(test)]
mod tests {
    use super::decode;

    #[test]
    fn entities_and_tags() {
        let d = decode("<div>User &#39;a&#39; &amp; <b>b</b></div>");
        assert_eq!(d.text, "\nUser 'a' & b\n");
        let t = "<organization> stays &bogus; too";
        assert_eq!(decode(t).text, t);
    }

    #[test]
    fn json_and_percent() {
        assert_eq!(decode(r#"a\"b\r\nc\u00e9"#).text, "a\"b\r\nc\u{e9}");
        assert_eq!(
            decode("error=x&d=AADSTS1%3A+User%0D%0A").text,
            "error=x&d=AADSTS1: User\r\n"
        );
        assert_eq!(decode("d%3DAADSTS1%253A%2BUser").text, "d=AADSTS1: User");
        assert_eq!(decode("100% done").text, "100% done");
        assert_eq!(decode("caf%C3%A9").text, "caf\u{e9}");
        assert_eq!(decode("bad%FF").text, "bad\u{fffd}");
    }

    #[test]
    fn maps_back() {
        let src = "x=%27abc%27 then <b>def</b> &amp; ghi";
        let d = decode(src);
        assert_eq!(d.text, "x='abc' then def & ghi");
        let p = d.text.find("abc").unwrap_or(0);
        assert_eq!(d.to_original(p), src.find("abc").unwrap_or(0));
        let g = d.text.find("ghi").unwrap_or(0);
        assert_eq!(d.to_original(g), src.find("ghi").unwrap_or(0));
        // "def" sits between two deleted tags: its span maps inside them.
        let f = d.text.find("def").unwrap_or(0);
        let (s, e) = (d.to_original(f), d.to_original_end(f + 3));
        assert_eq!(src.get(s..e), Some("def"));
        let plain = decode("nothing to do");
        assert_eq!(plain.to_original(5), 5);
    }
}
