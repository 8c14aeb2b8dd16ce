//! Tests of the quote analysis: each literal, read back by its language's own rules (the real
//! shell for POSIX; test-side readers for PowerShell and OData), yields the input and ends
//! exactly where it should.
use std::process::Command;

use guestlens_analysis::quote::{self, Refused, odata, ps_double, ps_single, sh, sh_single, url};
use proptest::prelude::*;

// The quote families as entra-facts f.3 lists them (PowerShell's CharTraits.cs), written out
// here again so a mistake in the library's own tables cannot hide itself.
const SQ: [char; 5] = ['\'', '\u{2018}', '\u{2019}', '\u{201A}', '\u{201B}'];
const DQ: [char; 4] = ['"', '\u{201C}', '\u{201D}', '\u{201E}'];

/// Values every dialect must carry intact.
pub(crate) const HOSTILE: &[&str] = &[
    "",
    "plain",
    "O'Brien",
    "O\u{2019}Brien",
    "\u{2018}left\u{2019}",
    "\u{201A}low\u{201B}",
    "'",
    "''",
    "'''",
    "\u{2019}\u{2019}\u{2019}",
    "'\u{2019}\u{2018}\u{201A}\u{201B}",
    "a''b",
    "\"",
    "\u{201C}q\u{201D}",
    "\u{201E}q\u{201C}",
    "\"\"",
    "$x",
    "$(whoami)",
    "${env:PATH}",
    "$'",
    "'$",
    "`",
    "``",
    "`$x",
    "`'",
    "'`",
    "a`",
    "#comment",
    "a#EXT#@b",
    "a & b",
    "a+b",
    "100%",
    "%27",
    "%2527",
    "?x=1&y=2",
    "a/b\\c",
    "a b",
    "  lead and trail  ",
    "'; Remove-MgUser -UserId x; '",
    "\u{2019}; Remove-MgUser -UserId x; \u{2019}",
    "\"; $(Remove-MgUser x); \"",
    "'\\''",
    "$(rm -rf ~)",
    "`touch pwned`",
    "\\",
    "\\'",
    "a\\\"b",
    "!!",
    "!$",
    "~root",
    "*",
    "[a]",
    "{a,b}",
    ";|<>()",
    "é",
    "日本語",
    "😀",
    "a\u{A0}b",
    "x'\u{2019}\u{2018}\u{201A}\u{201B}\"\u{201C}\u{201D}\u{201E}$`#&+%?/ y",
];

/// Values no command line may carry; the character that must be named and its position.
const REFUSED: &[(&str, char, usize)] = &[
    ("\n", '\n', 1),
    ("a\nb", '\n', 2),
    ("ab\r", '\r', 3),
    ("\0", '\0', 1),
    ("x\u{0}y", '\0', 2),
    ("\t", '\t', 1),
    ("\u{1B}[31m", '\u{1B}', 1),
    ("del\u{7F}", '\u{7F}', 4),
    ("nel\u{85}", '\u{85}', 4),
    ("a\u{2028}b", '\u{2028}', 2),
    ("a\u{2029}b", '\u{2029}', 2),
    ("abc\u{202E}fed", '\u{202E}', 4),
    ("\u{2066}x\u{2069}", '\u{2066}', 1),
    ("\u{200F}", '\u{200F}', 1),
    ("\u{FEFF}bom", '\u{FEFF}', 1),
    ("zw\u{200B}sp", '\u{200B}', 3),
    ("tag\u{E0041}", '\u{E0041}', 4),
    ("é\n", '\n', 2),
];

/// Unicode 15.1's format (Cf) characters, from its UnicodeData.txt, plus the line and
/// paragraph separators and the blank look-alikes (fillers, joiners, variation selectors).
const INVISIBLE: &[(u32, u32)] = &[
    (0x00AD, 0x00AD),
    (0x034F, 0x034F),
    (0x0600, 0x0605),
    (0x061C, 0x061C),
    (0x06DD, 0x06DD),
    (0x070F, 0x070F),
    (0x0890, 0x0891),
    (0x08E2, 0x08E2),
    (0x115F, 0x1160),
    (0x17B4, 0x17B5),
    (0x180B, 0x180F),
    (0x200B, 0x200F),
    (0x2028, 0x202E),
    (0x2060, 0x2064),
    (0x2066, 0x206F),
    (0x2800, 0x2800),
    (0x3164, 0x3164),
    (0xFE00, 0xFE0F),
    (0xFEFF, 0xFEFF),
    (0xFFA0, 0xFFA0),
    (0xFFF9, 0xFFFB),
    (0x110BD, 0x110BD),
    (0x110CD, 0x110CD),
    (0x13430, 0x1343F),
    (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A),
    (0xE0000, 0xE007F),
    (0xE0100, 0xE01EF),
];

fn should_refuse(c: char) -> bool {
    let n = c as u32;
    c.is_control() || INVISIBLE.iter().any(|&(lo, hi)| (lo..=hi).contains(&n))
}

#[test]
fn every_invisible_character_is_refused_and_named() {
    let named = [
        ('\u{00AD}', "soft hyphen"),
        ('\u{200C}', "zero width non-joiner"),
        ('\u{200D}', "zero width joiner"),
        ('\u{2061}', "invisible operator"),
        ('\u{180E}', "Mongolian vowel separator"),
        ('\u{034F}', "combining grapheme joiner"),
        ('\u{3164}', "Hangul filler"),
        ('\u{115F}', "Hangul filler"),
        ('\u{1160}', "Hangul filler"),
        ('\u{FFA0}', "Hangul filler"),
        ('\u{2800}', "braille blank"),
        ('\u{FE0F}', "variation selector"),
    ];
    for (c, name) in named {
        let e = quote::check(&format!("ab{c}")).unwrap_err();
        assert_eq!((e.ch, e.position), (c, 3));
        let want = format!("U+{:04X} ({name})", c as u32);
        assert!(e.to_string().contains(&want), "{e} lacks {want}");
    }
    for &(lo, hi) in INVISIBLE {
        for n in lo..=hi {
            let c = char::from_u32(n).unwrap();
            assert!(quote::is_refused(c), "U+{n:04X} passes");
            assert!(
                !quote::describe(c).ends_with("(character)"),
                "U+{n:04X} unnamed"
            );
        }
    }
    // Visible neighbours still pass.
    for c in [
        'a', 'é', '\u{2010}', '\u{3163}', '\u{FF9F}', '\u{2801}', '\u{2065}',
    ] {
        assert!(quote::check(&c.to_string()).is_ok(), "U+{:04X}", c as u32);
    }
}

fn first_refused(s: &str) -> Option<Refused> {
    s.chars()
        .enumerate()
        .find(|&(_, c)| should_refuse(c))
        .map(|(i, ch)| Refused {
            ch,
            position: i + 1,
        })
}

/// An OData string literal at the start of `s` (only U+0027, doubled): (value, rest).
pub(crate) fn read_odata(s: &str) -> Result<(String, &str), String> {
    let mut it = s.char_indices().peekable();
    if it.next().map(|(_, c)| c) != Some('\'') {
        return Err(format!("{s:?} does not start with '"));
    }
    let mut out = String::new();
    while let Some((i, c)) = it.next() {
        if c == '\'' {
            if it.peek().map(|&(_, n)| n) == Some('\'') {
                it.next();
                out.push('\'');
            } else {
                return Ok((out, &s[i + 1..]));
            }
        } else {
            out.push(c);
        }
    }
    Err(format!("{s:?}: unterminated OData literal"))
}

/// A PowerShell single-quoted string at the start of `s`, as the tokenizer reads it: any
/// single-quote-family character ends it unless another one follows, which then stands for
/// itself; nothing else is special. Returns (value, rest).
pub(crate) fn read_ps_single(s: &str) -> Result<(String, &str), String> {
    let mut it = s.char_indices().peekable();
    match it.next() {
        Some((_, c)) if SQ.contains(&c) => {}
        _ => return Err(format!("{s:?} does not start with a single quote")),
    }
    let mut out = String::new();
    while let Some((i, c)) = it.next() {
        if SQ.contains(&c) {
            match it.peek() {
                Some(&(_, n)) if SQ.contains(&n) => {
                    it.next();
                    out.push(n);
                }
                _ => return Ok((out, &s[i + c.len_utf8()..])),
            }
        } else {
            out.push(c);
        }
    }
    Err(format!("{s:?}: unterminated single-quoted string"))
}

/// A PowerShell double-quoted string at the start of `s`: backtick escapes (with PowerShell's
/// special letters), an unescaped `$` that would expand is an error, a doubled double-quote
/// character stands for itself. Returns (value, rest).
fn read_ps_double(s: &str) -> Result<(String, &str), String> {
    let mut it = s.char_indices().peekable();
    match it.next() {
        Some((_, c)) if DQ.contains(&c) => {}
        _ => return Err(format!("{s:?} does not start with a double quote")),
    }
    let mut out = String::new();
    while let Some((i, c)) = it.next() {
        match c {
            '`' => {
                let (_, n) = it.next().ok_or("backtick at the end")?;
                out.push(match n {
                    '0' => '\0',
                    'a' => '\u{7}',
                    'b' => '\u{8}',
                    'e' => '\u{1B}',
                    'f' => '\u{C}',
                    'n' => '\n',
                    'r' => '\r',
                    't' => '\t',
                    'v' => '\u{B}',
                    'u' => return Err("`u escape".into()),
                    other => other,
                });
            }
            '$' => match it.peek() {
                Some(&(_, n)) if n.is_alphanumeric() || "_({?^:$".contains(n) => {
                    return Err(format!("{s:?}: $ at byte {i} would expand"));
                }
                _ => out.push('$'),
            },
            c if DQ.contains(&c) => match it.peek() {
                Some(&(_, n)) if DQ.contains(&n) => {
                    it.next();
                    out.push(n);
                }
                _ => return Ok((out, &s[i + c.len_utf8()..])),
            },
            c => out.push(c),
        }
    }
    Err(format!("{s:?}: unterminated double-quoted string"))
}

/// Percent-decoding that insists the encoded form holds only unreserved bytes and `%XX`.
pub(crate) fn url_decode(s: &str) -> Result<String, String> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'%' => {
                let hex = s.get(i + 1..i + 3).ok_or("short %")?;
                if !hex
                    .bytes()
                    .all(|h| h.is_ascii_digit() || (b'A'..=b'F').contains(&h))
                {
                    return Err(format!("bad escape %{hex}"));
                }
                out.push(u8::from_str_radix(hex, 16).map_err(|e| e.to_string())?);
                i += 3;
            }
            c if c.is_ascii_alphanumeric() || b"-._~".contains(&c) => {
                out.push(c);
                i += 1;
            }
            c => return Err(format!("raw byte {c:#04x} left in {s:?}")),
        }
    }
    String::from_utf8(out).map_err(|e| e.to_string())
}

/// Shells to read words with: dash (/bin/sh) always, bash when present.
fn shells() -> Vec<(&'static str, &'static str)> {
    let mut v = vec![("sh", "C")];
    if Command::new("bash").arg("-c").arg(":").status().is_ok() {
        v.push(("bash", "C"));
        v.push(("bash", "C.UTF-8"));
    }
    v
}

/// Runs `printf '%s\036' WORD…` in a real shell and returns what each word became.
pub(crate) fn shell_words(shell: &str, locale: &str, words: &[String]) -> Vec<String> {
    let script = format!("printf '%s\\036' {}", words.join(" "));
    let out = Command::new(shell)
        .env("LC_ALL", locale)
        .arg("-c")
        .arg(&script)
        .output()
        .expect("run the shell");
    assert!(
        out.status.success(),
        "{shell} failed on {script:?}: {out:?}"
    );
    let text = String::from_utf8(out.stdout).expect("UTF-8 from the shell");
    let mut parts: Vec<String> = text.split('\u{1E}').map(str::to_owned).collect();
    assert_eq!(
        parts.pop().as_deref(),
        Some(""),
        "output ends with a separator"
    );
    parts
}

#[test]
fn corpus_is_large_enough() {
    assert!(HOSTILE.len() >= 30);
    assert!(HOSTILE.iter().all(|v| quote::check(v).is_ok()));
}

#[test]
fn odata_round_trip() {
    for v in HOSTILE {
        let lit = odata(v);
        assert_eq!(read_odata(&lit), Ok((v.to_string(), "")), "{lit}");
    }
}

#[test]
fn odata_doubles_only_the_ascii_apostrophe() {
    assert_eq!(odata("O'Brien"), "'O''Brien'");
    assert_eq!(odata("O\u{2019}Brien"), "'O\u{2019}Brien'");
}

#[test]
fn url_round_trip_leaves_nothing_raw() {
    for v in HOSTILE.iter().chain(REFUSED.iter().map(|r| &r.0)) {
        let enc = url(v);
        assert_eq!(url_decode(&enc).as_deref(), Ok(*v), "{enc}");
        for bad in ["#", "&", "+", "'", " ", "?", "/", "$", "\""] {
            assert!(!enc.contains(bad), "{enc} holds {bad}");
        }
    }
    assert_eq!(url("a#EXT#@b c"), "a%23EXT%23%40b%20c");
}

#[test]
fn ps_single_round_trip() {
    for v in HOSTILE {
        let lit = ps_single(v).unwrap();
        assert_eq!(read_ps_single(&lit), Ok((v.to_string(), "")), "{lit}");
        // Followed by more code, the literal still ends where it should.
        let line = format!("{lit} -Property id");
        assert_eq!(
            read_ps_single(&line),
            Ok((v.to_string(), " -Property id")),
            "{line}"
        );
    }
}

#[test]
fn ps_double_round_trip() {
    for v in HOSTILE {
        let lit = ps_double(v).unwrap();
        let line = format!("{lit}; 'next'");
        assert_eq!(
            read_ps_double(&line),
            Ok((v.to_string(), "; 'next'")),
            "{lit}"
        );
    }
}

#[test]
fn readers_catch_broken_quoting() {
    // A typographic quote left single ends the string early: the readers must see that.
    assert_eq!(
        read_ps_single("'O\u{2019}Brien'"),
        Ok(("O".into(), "Brien'"))
    );
    assert!(read_ps_double("\"$(whoami)\"").is_err());
    assert_eq!(read_odata("'a'b'"), Ok(("a".into(), "b'")));
    assert!(url_decode("a b").is_err());
}

#[test]
fn odata_inside_powershell_round_trip() {
    for v in HOSTILE {
        let filter = format!("mail eq {}", odata(v));
        let lit = ps_single(&filter).unwrap();
        let (read, rest) = read_ps_single(&lit).unwrap();
        assert_eq!((read.as_str(), rest), (filter.as_str(), ""));
        let literal = read.strip_prefix("mail eq ").unwrap();
        assert_eq!(read_odata(literal), Ok((v.to_string(), "")), "{lit}");
    }
}

#[test]
fn posix_words_round_trip_in_real_shells() {
    let values: Vec<&str> = HOSTILE.to_vec();
    for quoting in [sh, sh_single] {
        let words: Vec<String> = values.iter().map(|v| quoting(v).unwrap()).collect();
        for (shell, locale) in shells() {
            assert_eq!(
                shell_words(shell, locale, &words),
                values,
                "{shell} {locale}"
            );
        }
    }
}

#[test]
fn url_inside_posix_word_round_trip() {
    let words: Vec<String> = HOSTILE
        .iter()
        .map(|v| {
            sh(&format!(
                "https://graph.microsoft.com/v1.0/users?$filter={}",
                url(v)
            ))
            .unwrap()
        })
        .collect();
    for (shell, locale) in shells() {
        for (got, v) in shell_words(shell, locale, &words).iter().zip(HOSTILE) {
            let enc = got
                .strip_prefix("https://graph.microsoft.com/v1.0/users?$filter=")
                .unwrap();
            assert_eq!(url_decode(enc).as_deref(), Ok(*v));
        }
    }
}

#[test]
fn sh_picks_a_readable_form() {
    assert_eq!(
        sh("4f1e2c7a-9b3d-4e5f-8a6b-1c2d3e4f5a6b").unwrap(),
        "4f1e2c7a-9b3d-4e5f-8a6b-1c2d3e4f5a6b"
    );
    assert_eq!(sh("mail eq 'a@b.c'").unwrap(), "\"mail eq 'a@b.c'\"");
    assert_eq!(sh("$filter").unwrap(), "'$filter'");
    assert_eq!(sh("it's $x").unwrap(), r"'it'\''s $x'");
    assert_eq!(sh("").unwrap(), "''");
}

#[test]
fn refusals_name_character_and_position() {
    for &(v, ch, position) in REFUSED {
        let want = Err(Refused { ch, position });
        assert_eq!(quote::check(v), want, "{v:?}");
        assert_eq!(ps_single(v), want.map(|()| String::new()));
        assert_eq!(ps_double(v), want.map(|()| String::new()));
        assert_eq!(sh(v), want.map(|()| String::new()));
        assert_eq!(sh_single(v), want.map(|()| String::new()));
        let msg = Refused { ch, position }.to_string();
        assert!(msg.contains(&format!("U+{:04X}", ch as u32)), "{msg}");
        assert!(msg.contains(&format!("position {position}")), "{msg}");
    }
    assert!(
        quote::check("a\nb")
            .unwrap_err()
            .to_string()
            .contains("line feed")
    );
    assert!(quote::check("\0").unwrap_err().to_string().contains("NUL"));
}

/// Strings rich in the characters that matter, plus anything at all.
fn hostile_string() -> impl Strategy<Value = String> {
    let special = prop_oneof![
        Just('\''),
        Just('\u{2018}'),
        Just('\u{2019}'),
        Just('\u{201A}'),
        Just('\u{201B}'),
        Just('"'),
        Just('\u{201C}'),
        Just('\u{201D}'),
        Just('\u{201E}'),
        Just('$'),
        Just('`'),
        Just('#'),
        Just('&'),
        Just('+'),
        Just('%'),
        Just('?'),
        Just('/'),
        Just('\\'),
        Just('!'),
        Just(' '),
        Just('('),
        Just('{'),
        Just('a'),
    ];
    prop::collection::vec(prop_oneof![4 => special, 1 => any::<char>()], 0..24)
        .prop_map(String::from_iter)
}

fn any_string() -> impl Strategy<Value = String> {
    prop_oneof![hostile_string(), any::<String>()]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn prop_odata_round_trip(v in any_string()) {
        let lit = odata(&v);
        prop_assert_eq!(read_odata(&lit), Ok((v.clone(), "")));
    }

    #[test]
    fn prop_url_round_trip(v in any_string()) {
        prop_assert_eq!(url_decode(&url(&v)), Ok(v));
    }

    #[test]
    fn prop_ps_single(v in any_string()) {
        match ps_single(&v) {
            Ok(lit) => {
                prop_assert_eq!(first_refused(&v), None);
                prop_assert_eq!(read_ps_single(&lit), Ok((v.clone(), "")));
                let filter = format!("mail eq {}", odata(&v));
                let outer = ps_single(&filter).unwrap();
                let (read, rest) = read_ps_single(&outer).unwrap();
                prop_assert_eq!((read.as_str(), rest), (filter.as_str(), ""));
            }
            Err(r) => prop_assert_eq!(Some(r), first_refused(&v)),
        }
    }

    #[test]
    fn prop_ps_double(v in any_string()) {
        match ps_double(&v) {
            Ok(lit) => prop_assert_eq!(read_ps_double(&lit), Ok((v.clone(), ""))),
            Err(r) => prop_assert_eq!(Some(r), first_refused(&v)),
        }
    }
}

proptest! {
    // Each case starts the shells, so fewer cases with many values each.
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn prop_posix_words_in_real_shells(values in prop::collection::vec(any_string(), 1..24)) {
        let accepted: Vec<String> = values
            .into_iter()
            .filter(|v| {
                let ok = sh(v).is_ok();
                assert_eq!(ok, first_refused(v).is_none());
                ok
            })
            .collect();
        prop_assume!(!accepted.is_empty());
        for quoting in [sh, sh_single] {
            let words: Vec<String> = accepted.iter().map(|v| quoting(v).unwrap()).collect();
            for (shell, locale) in shells() {
                prop_assert_eq!(&shell_words(shell, locale, &words), &accepted);
            }
        }
    }
}

// ---- PowerShell to az.cmd (quote::ps_native): a test-side model of Windows ----
//
// No PowerShell or Windows runs here, so each layer is modelled from its documentation and
// source: PowerShell's Legacy and Standard native argument passing (about_Parsing; .NET's
// PasteArguments), cmd.exe's reading of the line (metacharacters outside quotes, `%` and `!`
// expansion), the C runtime's argv split, and azure-cli's @file expansion.

/// The command line one argument becomes in Windows PowerShell 5.1 / `Legacy` mode (which
/// 7.3's default `Windows` mode uses for .cmd files such as az.cmd): quoted when it has
/// whitespace, nothing escaped.
pub(crate) fn legacy_arg(a: &str) -> String {
    if a.chars().any(char::is_whitespace) {
        format!("\"{a}\"")
    } else {
        a.to_owned()
    }
}

/// The same in `Standard` mode (ProcessStartInfo.ArgumentList's PasteArguments): quoted when
/// empty or with whitespace or `"`, `"` escaped and backslashes before a quote doubled.
pub(crate) fn standard_arg(a: &str) -> String {
    if !a.is_empty() && !a.contains(|c: char| c.is_whitespace() || c == '"') {
        return a.to_owned();
    }
    let mut out = String::from("\"");
    let mut slashes = 0;
    for c in a.chars() {
        match c {
            '\\' => slashes += 1,
            '"' => {
                out.push_str(&"\\".repeat(slashes * 2 + 1));
                out.push('"');
                slashes = 0;
            }
            c => {
                out.push_str(&"\\".repeat(slashes));
                out.push(c);
                slashes = 0;
            }
        }
    }
    out.push_str(&"\\".repeat(slashes * 2));
    out.push('"');
    out
}

/// cmd.exe reading a command line: Err when it would act on anything in it.
pub(crate) fn cmd_reads_plainly(line: &str) -> Result<(), String> {
    let mut quoted = false;
    for c in line.chars() {
        match c {
            '"' => quoted = !quoted,
            '%' | '!' => return Err(format!("cmd.exe may expand {c} in {line}")),
            c if !quoted && quote::CMD_SPECIAL.contains(&c) => {
                return Err(format!("cmd.exe acts on {c} in {line}"));
            }
            _ => {}
        }
    }
    if quoted {
        return Err(format!("unbalanced quotes in {line}"));
    }
    Ok(())
}

/// The C runtime's split of a command line into argv (the rules Python uses on Windows).
pub(crate) fn msvcrt_argv(line: &str) -> Vec<String> {
    let mut args = Vec::new();
    let mut it = line.chars().peekable();
    loop {
        while matches!(it.peek(), Some(' ' | '\t')) {
            it.next();
        }
        if it.peek().is_none() {
            return args;
        }
        let mut arg = String::new();
        let mut quoted = false;
        while let Some(&c) = it.peek() {
            if !quoted && (c == ' ' || c == '\t') {
                break;
            }
            it.next();
            match c {
                '\\' => {
                    let mut n = 1;
                    while it.peek() == Some(&'\\') {
                        it.next();
                        n += 1;
                    }
                    if it.peek() == Some(&'"') {
                        arg.push_str(&"\\".repeat(n / 2));
                        if n % 2 == 1 {
                            it.next();
                            arg.push('"');
                        }
                    } else {
                        arg.push_str(&"\\".repeat(n));
                    }
                }
                '"' if quoted && it.peek() == Some(&'"') => {
                    it.next();
                    arg.push('"');
                }
                '"' => quoted = !quoted,
                c => arg.push(c),
            }
        }
        args.push(arg);
    }
}

/// azure-cli's `_expand_file_prefix`: the part after the first `=` (or the whole argument)
/// is replaced by the file's content when it starts with `@`. `read` gives a file's content.
pub(crate) fn az_expand(arg: &str, read: &mut dyn FnMut(&str) -> String) -> String {
    let load = |v: &str, read: &mut dyn FnMut(&str) -> String| match v.strip_prefix('@') {
        Some(path) if !path.is_empty() => read(path),
        _ => v.to_owned(),
    };
    match arg.split_once('=') {
        Some((k, v)) => format!("{k}={}", load(v, read)),
        None => load(arg, read),
    }
}

/// One value through every Windows layer as `ps_native` writes it; what az ends up with.
fn through_windows(v: &str) -> Result<String, String> {
    let (arg, file) = match quote::ps_native(v).map_err(|r| r.to_string())? {
        quote::PsNative::Inline(w) if w.starts_with('\'') => {
            let (read, rest) = read_ps_single(&w)?;
            assert_eq!(rest, "");
            (read, None)
        }
        quote::PsNative::Inline(w) => (w, None),
        quote::PsNative::File(lit) => {
            let (read, rest) = read_ps_single(&lit)?;
            assert_eq!(rest, "");
            (
                r"@C:\Users\ann\AppData\Local\Temp\tmp1A2B.tmp".to_owned(),
                Some(read),
            )
        }
    };
    let (legacy, standard) = (legacy_arg(&arg), standard_arg(&arg));
    if legacy != standard {
        return Err(format!("modes differ: {legacy} / {standard}"));
    }
    let line = format!("az {legacy} --debug");
    cmd_reads_plainly(&line)?;
    let argv = msvcrt_argv(&line);
    let [az, got, debug] = argv.as_slice() else {
        return Err(format!("{line} splits into {argv:?}"));
    };
    assert_eq!((az.as_str(), debug.as_str()), ("az", "--debug"));
    let mut read = |path: &str| {
        assert_eq!(path, r"C:\Users\ann\AppData\Local\Temp\tmp1A2B.tmp");
        file.clone()
            .expect("az reads only the file the script wrote")
    };
    Ok(az_expand(got, &mut read))
}

#[test]
fn ps_native_values_reach_az_intact_in_every_mode() {
    let extra = [
        "https://graph.microsoft.com/v1.0/users?$filter=mail%20eq%20%27a%27&$select=id",
        "value[?!a && !b]",
        "{\"accountEnabled\":true}",
        "a=@b.com",
        "@file",
        "@-",
        "x=@-",
        "trail\\",
        "sp ace\\",
        "(x)",
        "a^b",
        "a|b",
        "<a>",
        "1.50",
        "1e5",
        "-x",
        "a,b",
        "@(1)",
    ];
    for v in HOSTILE.iter().chain(&extra) {
        assert_eq!(through_windows(v).as_deref(), Ok(*v), "{v:?}");
    }
    // Readable where it is safe.
    let inline = |v: &str| match quote::ps_native(v).unwrap() {
        quote::PsNative::Inline(w) => w,
        quote::PsNative::File(l) => panic!("{v} goes through a file: {l}"),
    };
    assert_eq!(inline("--method"), "--method");
    assert_eq!(
        inline("ConsistencyLevel=eventual"),
        "ConsistencyLevel=eventual"
    );
    assert_eq!(inline("mail eq 'a&b@x.com'"), "'mail eq ''a&b@x.com'''");
    assert_eq!(
        inline("0b5d2c1e-7f3a-4c9b-8e6d-2a1f3b4c5d6e"),
        "'0b5d2c1e-7f3a-4c9b-8e6d-2a1f3b4c5d6e'"
    );
    assert!(matches!(
        quote::ps_native("a&b").unwrap(),
        quote::PsNative::File(_)
    ));
}

#[test]
fn the_windows_model_catches_what_breaks() {
    // The azure-cli quoting guide's examples: & without spaces, and JSON's quotes.
    assert!(cmd_reads_plainly("az a&b").is_err());
    assert!(cmd_reads_plainly("az \"a&b \"").is_ok());
    assert_ne!(legacy_arg("{\"k\": 1}"), standard_arg("{\"k\": 1}"));
    // Legacy's line for JSON loses its quotes, as the azure-cli guide shows.
    assert_eq!(msvcrt_argv(r#"az "{"k": 1}""#), ["az", "{k: 1}"]);
    assert_eq!(
        msvcrt_argv(r#"a "b c" d\"e "f\\" g"#),
        ["a", "b c", "d\"e", "f\\", "g"]
    );
    assert!(cmd_reads_plainly("az %PATH%").is_err());
    assert!(cmd_reads_plainly("az \"x)\"").is_ok() && cmd_reads_plainly("az x)").is_err());
    let mut none = |_: &str| -> String { panic!("no file") };
    assert_eq!(az_expand("k=v", &mut none), "k=v");
    let mut file = |p: &str| format!("<{p}>");
    assert_eq!(az_expand("mail eq 'a=@b'", &mut file), "mail eq 'a=<b'>");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn prop_ps_native_through_windows(v in any_string()) {
        match quote::ps_native(&v) {
            Ok(_) => prop_assert_eq!(through_windows(&v), Ok(v.clone())),
            Err(r) => prop_assert_eq!(Some(r), first_refused(&v)),
        }
    }
}
