//! Quoting for OData literals, URLs, PowerShell and POSIX shell: no input may break out.
//!
//! The recipes layer these: a value becomes an OData literal first; that text then goes into a
//! PowerShell single-quoted string, or is percent-encoded into a URL that in turn goes into a
//! POSIX shell argument. The rules are those of entra-facts section f.
use std::fmt::{self, Write};

/// PowerShell's tokenizer ends a single-quoted string at any of these, not only at U+0027.
pub const PS_SINGLE_QUOTES: [char; 5] = ['\'', '\u{2018}', '\u{2019}', '\u{201A}', '\u{201B}'];
/// PowerShell's tokenizer ends a double-quoted string at any of these.
pub const PS_DOUBLE_QUOTES: [char; 4] = ['"', '\u{201C}', '\u{201D}', '\u{201E}'];

/// A character that no quoting carries safely onto a command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Refused {
    pub ch: char,
    /// 1-based position, counted in characters.
    pub position: usize,
}

impl fmt::Display for Refused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} at position {} can't be put into a command safely",
            describe(self.ch),
            self.position
        )
    }
}

/// Characters refused besides controls, with the name messages give them: every Unicode
/// format (Cf) character as of Unicode 15.1, line and paragraph separators, and characters
/// that draw nothing and pass for text (fillers, joiners, variation selectors). A table of
/// ranges rather than a Unicode crate keeps the page small; first match names the character.
const INVISIBLE: [(char, char, &str); 37] = [
    ('\u{00AD}', '\u{00AD}', "soft hyphen"),
    ('\u{034F}', '\u{034F}', "combining grapheme joiner"),
    ('\u{0600}', '\u{0605}', "Arabic number sign"),
    ('\u{061C}', '\u{061C}', "bidirectional mark"),
    ('\u{06DD}', '\u{06DD}', "Arabic end of ayah"),
    ('\u{070F}', '\u{070F}', "Syriac abbreviation mark"),
    ('\u{0890}', '\u{0891}', "Arabic currency mark above"),
    ('\u{08E2}', '\u{08E2}', "Arabic disputed end of ayah"),
    ('\u{115F}', '\u{1160}', "Hangul filler"),
    ('\u{17B4}', '\u{17B5}', "Khmer inherent vowel"),
    ('\u{180B}', '\u{180D}', "variation selector"),
    ('\u{180E}', '\u{180E}', "Mongolian vowel separator"),
    ('\u{180F}', '\u{180F}', "variation selector"),
    ('\u{200B}', '\u{200B}', "zero width space"),
    ('\u{200C}', '\u{200C}', "zero width non-joiner"),
    ('\u{200D}', '\u{200D}', "zero width joiner"),
    ('\u{200E}', '\u{200F}', "bidirectional mark"),
    ('\u{2028}', '\u{2028}', "line separator"),
    ('\u{2029}', '\u{2029}', "paragraph separator"),
    ('\u{202A}', '\u{202E}', "bidirectional override"),
    ('\u{2060}', '\u{2060}', "word joiner"),
    ('\u{2061}', '\u{2064}', "invisible operator"),
    ('\u{2066}', '\u{2069}', "bidirectional override"),
    ('\u{206A}', '\u{206F}', "deprecated format character"),
    ('\u{2800}', '\u{2800}', "braille blank"),
    ('\u{3164}', '\u{3164}', "Hangul filler"),
    ('\u{FE00}', '\u{FE0F}', "variation selector"),
    ('\u{FEFF}', '\u{FEFF}', "byte order mark"),
    ('\u{FFA0}', '\u{FFA0}', "Hangul filler"),
    ('\u{FFF9}', '\u{FFFB}', "interlinear annotation"),
    ('\u{110BD}', '\u{110BD}', "Kaithi number sign"),
    ('\u{110CD}', '\u{110CD}', "Kaithi number sign"),
    (
        '\u{13430}',
        '\u{1343F}',
        "Egyptian hieroglyph format control",
    ),
    ('\u{1BCA0}', '\u{1BCA3}', "shorthand format control"),
    ('\u{1D173}', '\u{1D17A}', "musical format control"),
    ('\u{E0000}', '\u{E007F}', "invisible tag character"),
    ('\u{E0100}', '\u{E01EF}', "variation selector"),
];

fn invisible(c: char) -> Option<&'static str> {
    INVISIBLE
        .iter()
        .find(|(lo, hi, _)| (*lo..=*hi).contains(&c))
        .map(|(_, _, name)| *name)
}

/// `U+000A (line feed)`: how messages name a character.
pub fn describe(c: char) -> String {
    let name = match c {
        '\0' => "NUL",
        '\t' => "tab",
        '\n' => "line feed",
        '\r' => "carriage return",
        '\u{1B}' => "escape",
        '\u{7F}' => "delete",
        '\u{85}' => "next line",
        _ if c.is_control() => "control character",
        _ => invisible(c).unwrap_or("character"),
    };
    format!("U+{:04X} ({name})", c as u32)
}

/// Line breaks end a command; other controls, bidi overrides and invisible characters make
/// the text on screen differ from what runs. None of them belongs in an address or an id.
pub fn is_refused(c: char) -> bool {
    c.is_control() || invisible(c).is_some()
}

/// `s` between `quote` characters with line breaks, backslashes, the quote and every refused
/// character escaped, so a message shows exactly what was pasted. (`{:?}` would do it too, but
/// it brings the standard library's Unicode tables into the page.)
pub fn shown(s: &str, quote: char) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push(quote);
    for c in s.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\\' => out.push_str("\\\\"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if is_refused(c) => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}

/// The first character of `s` that may not appear in a command line, if any.
pub fn check(s: &str) -> Result<(), Refused> {
    match s.chars().enumerate().find(|&(_, c)| is_refused(c)) {
        Some((i, ch)) => Err(Refused {
            ch,
            position: i + 1,
        }),
        None => Ok(()),
    }
}

/// An OData string literal: `'…'` with every U+0027 doubled (the only character OData treats
/// specially). Any text can be represented; the command-line layers refuse what they must.
pub fn odata(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

/// Percent-encodes every UTF-8 byte except RFC 3986 unreserved characters.
pub fn url(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 3);
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            // Writing to a String cannot fail.
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// A PowerShell single-quoted (verbatim) string; each quote-family character is doubled.
pub fn ps_single(s: &str) -> Result<String, Refused> {
    check(s)?;
    let mut out = String::with_capacity(s.len() + 2);
    out.push('\'');
    for c in s.chars() {
        if PS_SINGLE_QUOTES.contains(&c) {
            out.push(c);
        }
        out.push(c);
    }
    out.push('\'');
    Ok(out)
}

/// A PowerShell double-quoted string with `` ` ``, `$` and the double-quote family escaped by a
/// backtick, so nothing expands. Recipes prefer [`ps_single`]; this is for callers that can't.
pub fn ps_double(s: &str) -> Result<String, Refused> {
    check(s)?;
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        if c == '`' || c == '$' || PS_DOUBLE_QUOTES.contains(&c) {
            out.push('`');
        }
        out.push(c);
    }
    out.push('"');
    Ok(out)
}

/// A POSIX shell single-quoted word: `'…'`, each `'` written as `'\''`.
pub fn sh_single(s: &str) -> Result<String, Refused> {
    check(s)?;
    Ok(format!("'{}'", s.replace('\'', r"'\''")))
}

/// One POSIX shell word, as readable as is safe: bare when every character is inert, in double
/// quotes when the text has `'` but nothing double quotes would act on (`$`, `` ` ``, `"`, `\`,
/// and bash's history `!`), otherwise single-quoted.
pub fn sh(s: &str) -> Result<String, Refused> {
    check(s)?;
    let inert = |b: u8| b.is_ascii_alphanumeric() || b"@%+=:,./_-".contains(&b);
    if !s.is_empty() && s.bytes().all(inert) {
        return Ok(s.to_owned());
    }
    if s.contains('\'') && !s.contains(['$', '`', '"', '\\', '!']) {
        return Ok(format!("\"{s}\""));
    }
    sh_single(s)
}

/// Characters cmd.exe acts on outside double quotes. `(` and `)` count too: az.cmd expands its
/// arguments (`%*`) inside a parenthesised IF block, where an unquoted `)` ends the block.
pub const CMD_SPECIAL: [char; 7] = ['&', '|', '<', '>', '^', '(', ')'];

/// How a PowerShell script hands one value to `az`, which on Windows is az.cmd, run by cmd.exe.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PsNative {
    /// Safe on the command line: the PowerShell word to write (bare or single-quoted).
    Inline(String),
    /// Must not be on the command line: the PowerShell single-quoted literal of the value, for a
    /// script to write to a file that az then reads with its `@file` convention.
    File(String),
}

/// Chooses how PowerShell passes `s` to az so that it arrives intact in Windows PowerShell 5.1,
/// PowerShell 7.0-7.2 and 7.3+ in every `$PSNativeCommandArgumentPassing` mode.
///
/// Windows PowerShell and `Legacy` mode put an argument in double quotes when it holds
/// whitespace and never escape a `"` inside it; `Standard` mode escapes it as `\"`; 7.3's
/// default `Windows` mode is `Legacy` for .cmd files such as az.cmd. With no `"` in the value,
/// and no `\` before the closing quote, every mode writes the same command line. cmd.exe then
/// reads that line again: it acts on [`CMD_SPECIAL`] outside quotes, expands `%name%`
/// everywhere, and `!name!` when delayed expansion is on. So a value goes on the command line
/// only without `"`, `%` and `!`, and with whitespace (which makes PowerShell quote it) or no
/// cmd special character; anything else goes through a file, az's own documented way round
/// (azure-cli doc/quoting-issues-with-powershell.md). Values az itself would take for a file
/// name ([`az_reads_file`]) go through a file too, since az does not expand a file's content.
pub fn ps_native(s: &str) -> Result<PsNative, Refused> {
    check(s)?;
    let spaced = s.chars().any(char::is_whitespace);
    let needs_file = s.is_empty()
        || s.contains(['"', '%', '!'])
        || (spaced && s.ends_with('\\'))
        || (!spaced && s.contains(CMD_SPECIAL))
        || az_reads_file(s);
    if needs_file {
        return ps_single(s).map(PsNative::File);
    }
    let word = |b: u8| b.is_ascii_alphanumeric() || b"._:/=-".contains(&b);
    let bare = match s.as_bytes().first() {
        Some(b) if b.is_ascii_alphabetic() => s.bytes().all(word),
        // Our own flags: PowerShell passes `--name` and `-o` as written.
        Some(b'-') => s
            .trim_start_matches('-')
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b == b'-'),
        _ => false,
    };
    if bare {
        Ok(PsNative::Inline(s.to_owned()))
    } else {
        ps_single(s).map(PsNative::Inline)
    }
}

/// True when the Azure CLI would replace the argument with a file's content: it splits each
/// argument at its first `=` and loads the part after it (or the whole argument, without an
/// `=`) when that starts with `@` and something follows (`_expand_file_prefixed_files` in
/// azure-cli's src/azure-cli-core/azure/cli/core/commands/__init__.py; `@-` reads stdin).
pub fn az_reads_file(s: &str) -> bool {
    let tail = s.split_once('=').map_or(s, |(_, after)| after);
    tail.len() > 1 && tail.starts_with('@')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shown_spells_out_what_hides() {
        assert_eq!(shown("a\"b\\c", '"'), r#""a\"b\\c""#);
        assert_eq!(shown("x\u{202E}y\n", '"'), r#""x\u{202e}y\n""#);
        assert_eq!(shown("'", '\''), r"'\''");
        assert_eq!(shown("é", '"'), "\"é\"");
    }

    #[test]
    fn examples_from_the_facts() {
        assert_eq!(odata("O'Brien@x.com"), "'O''Brien@x.com'");
        let filter = format!("mail eq {}", odata("O'Brien@x.com"));
        assert_eq!(
            ps_single(&filter).unwrap(),
            "'mail eq ''O''''Brien@x.com'''"
        );
        assert_eq!(url("#EXT#"), "%23EXT%23");
        assert_eq!(sh_single("it's").unwrap(), r"'it'\''s'");
    }

    #[test]
    fn refusal_names_the_character() {
        let e = check("ab\ncd").unwrap_err();
        assert_eq!((e.ch, e.position), ('\n', 3));
        assert!(e.to_string().contains("U+000A (line feed) at position 3"));
    }

    #[test]
    fn invisible_table_is_sorted_and_disjoint() {
        for pair in INVISIBLE.windows(2) {
            if let [(lo, hi, _), (next, _, _)] = pair {
                assert!(lo <= hi && hi < next, "{lo:?}..{hi:?} then {next:?}");
            }
        }
    }
}
