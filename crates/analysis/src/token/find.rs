//! Finds the token inside whatever was pasted: a bare JWT, a header, a URL, a JSON response.

use serde_json::Value;

use crate::text::{find_in_pieces, percent_escape_at};

/// A token cut out of the pasted text, with where it came from.
#[derive(Debug, Clone)]
pub struct Located {
    pub token: String,
    /// Where it was found, for the reader: "bare token", "Authorization header", …
    pub source: String,
    /// An authorization code is not a token; say so rather than decode it.
    pub is_code: bool,
    /// Other things the finder noticed (another token after this one, …).
    pub notes: Vec<String>,
}

const NOT_FOUND: &str = "No token found. GuestLens looks for a JWT (three dot-separated parts, \
the first starting with eyJ), an encrypted JWT (five parts), a Bearer or Authorization header, \
a URL with access_token=, id_token= or code=, and a JSON token response.";

/// Cuts the most likely token out of `input`, or says why there is none.
pub fn locate(input: &str) -> Result<Located, String> {
    let mut stage = 0;
    loop {
        if let Some(done) = locate_stage(input, stage) {
            return done;
        }
        stage += 1;
    }
}

/// Stage `stage` of `locate` (from 0, each a pass or two over the text): its result, or `None`
/// to go on to the next stage. The last stage always gives a result.
pub fn locate_stage(input: &str, stage: u8) -> Option<Result<Located, String>> {
    let s = trim_wrapping(input);
    match stage {
        0 => {
            if s.is_empty() {
                return Some(Err("Nothing pasted yet: paste a token, a Bearer header, a redirect URL or a token response.".into()));
            }
            from_json(s)
                .or_else(|| from_url(s, &["access_token", "id_token"]))
                .map(Ok)
        }
        1 => whole_word(s).or_else(|| scan_jwt(s)).map(Ok),
        _ => Some(
            from_url(s, &["code"])
                .map(|mut found| {
                    found.is_code = true;
                    found
                })
                .or_else(|| opaque(s))
                .ok_or_else(|| NOT_FOUND.into()),
        ),
    }
}

/// Strips whitespace and one layer of matching quotes people copy along.
fn trim_wrapping(input: &str) -> &str {
    let s = input.trim();
    for (open, close) in [('"', '"'), ('\'', '\''), ('`', '`'), ('“', '”'), ('‘', '’')] {
        if let Some(inner) = s.strip_prefix(open).and_then(|r| r.strip_suffix(close)) {
            return inner.trim();
        }
    }
    s
}

/// The non-empty token fields of a JSON token response, in the order looked for (at most two).
fn response_fields(s: &str) -> Option<Vec<(&'static str, String)>> {
    // Each key read below ends in `token"`, unless written with a \u escape: without either,
    // no field can match, and a 2 MB policy is not parsed here for nothing (90 ms in the page).
    if !s.starts_with('{') || !(s.contains("token\"") || s.contains("\\u")) {
        return None;
    }
    let value: Value = crate::text::json(s).ok()?;
    let obj = value.as_object()?;
    let mut found = Vec::new();
    for k in ["access_token", "id_token", "token"] {
        let Some(v) = obj.get(k).and_then(Value::as_str) else {
            continue;
        };
        if !v.is_empty() && found.len() < 2 {
            found.push((k, v.trim().to_owned()));
        }
    }
    Some(found)
}

fn from_json(s: &str) -> Option<Located> {
    let mut fields = response_fields(s)?.into_iter();
    let (key, token) = fields.next()?;
    // The next one is read by the case too (`second_in_response`); the tool shows one.
    let notes = fields
        .next()
        .map(|(k, _)| {
            format!("The response also holds {k}: the case reads it too; paste it alone to inspect it here.")
        })
        .into_iter()
        .collect();
    Some(Located {
        token,
        source: format!("the {key} field of a JSON token response"),
        is_code: false,
        notes,
    })
}

/// The second token of a JSON token response (an id_token beside the access_token), with its
/// field's name: the token tool shows the first, the case reads both.
pub fn second_in_response(input: &str) -> Option<(&'static str, String)> {
    response_fields(trim_wrapping(input))?.into_iter().nth(1)
}

/// Looks for `name=value` after `?`, `#` or `&` and percent-decodes the value.
fn from_url(s: &str, names: &[&str]) -> Option<Located> {
    for name in names {
        let pat = format!("{name}=");
        let mut from = 0;
        while let Some(rel) = s.get(from..).and_then(|r| find_in_pieces(r, &pat)) {
            let at = from + rel;
            from = at + pat.len();
            let prev = s[..at].chars().next_back();
            if !matches!(prev, Some('?' | '#' | '&')) {
                continue;
            }
            let rest = &s[at + pat.len()..];
            let end = rest
                .find(['&', '#', ' ', '\n', '\r', '\t', '"', '\''])
                .unwrap_or(rest.len());
            let value = percent_decode(&rest[..end]);
            if value.is_empty()
                || (*name == "code" && is_error_lookup(s.get(..at).unwrap_or(""), &value))
            {
                continue;
            }
            let part = if s[..at].contains('#') {
                "fragment"
            } else {
                "query"
            };
            return Some(Located {
                token: value,
                source: format!("the {name} parameter of a redirect URL ({part})"),
                is_code: false,
                notes: Vec::new(),
            });
        }
    }
    None
}

/// True when a `code=` parameter is an error number, not an authorization code: the URL is
/// Microsoft's error lookup page (`https://login.microsoftonline.com/error?code=70002`, the
/// `error_uri` of a token-endpoint error), or the value is only digits, which no
/// authorization code is.
fn is_error_lookup(before: &str, value: &str) -> bool {
    if value.bytes().all(|b| b.is_ascii_digit()) {
        return true;
    }
    // The URL this parameter belongs to: back to the last space, quote or bracket.
    let start = before
        .char_indices()
        .rev()
        .find(|(_, c)| c.is_whitespace() || matches!(c, '"' | '\'' | '(' | '<' | '[' | ','))
        .map_or(0, |(i, c)| i + c.len_utf8());
    let url = before.get(start..).unwrap_or("");
    let path = url.split(['?', '#']).next().unwrap_or(url);
    path.trim_end_matches('/')
        .to_ascii_lowercase()
        .ends_with("/error")
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if let Some(v) = percent_escape_at(b, i) {
            out.push(v);
            i += 3;
            continue;
        }
        let Some(&byte) = b.get(i) else { break };
        out.push(if byte == b'+' { b' ' } else { byte });
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Removes an `Authorization:` and a `Bearer` prefix, in any case.
fn strip_auth_prefix(s: &str) -> (&str, &'static str) {
    let mut rest = s;
    let mut source = "a bare token";
    if rest
        .get(..14)
        .is_some_and(|p| p.eq_ignore_ascii_case("authorization:"))
    {
        rest = rest[14..].trim_start();
        source = "an Authorization header";
    }
    if rest
        .get(..7)
        .is_some_and(|p| p.eq_ignore_ascii_case("bearer "))
    {
        rest = rest[7..].trim_start();
        if source == "a bare token" {
            source = "a Bearer value";
        }
    }
    (rest, source)
}

/// A single word starting `eyJ` is taken whole, damage included, so decoding can say what is wrong where.
fn whole_word(s: &str) -> Option<Located> {
    let (rest, source) = strip_auth_prefix(s);
    if !rest.starts_with("eyJ") || rest.contains(char::is_whitespace) {
        return None;
    }
    Some(Located {
        token: rest.to_owned(),
        source: source.into(),
        is_code: false,
        notes: Vec::new(),
    })
}

fn is_token_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '=' | '+' | '/')
}

/// Finds JWT-shaped runs (starting `eyJ`, i.e. base64url of `{"`) and takes the first one.
fn scan_jwt(s: &str) -> Option<Located> {
    let mut found: Vec<(usize, &str)> = Vec::new();
    let mut from = 0;
    while let Some(rel) = s.get(from..).and_then(|r| find_in_pieces(r, "eyJ")) {
        let start = from + rel;
        let run_len = s[start..]
            .find(|c: char| !is_token_char(c))
            .unwrap_or(s.len() - start);
        let run = s[start..start + run_len].trim_end_matches('.');
        from = start + run_len.max(3);
        // Keep runs that start a token, not ones in the middle of another word.
        let glued = s[..start]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_ascii_alphanumeric() || c == '.');
        if !glued && run.contains('.') {
            found.push((start, run));
        }
    }
    let &(start, token) = found.first()?;
    let before = s[..start].trim_end();
    let lower = before.to_ascii_lowercase();
    let source = if lower.ends_with("bearer") {
        if lower.contains("authorization") {
            "an Authorization header"
        } else {
            "a Bearer value"
        }
    } else if before.is_empty() && s[start + token.len()..].trim().is_empty() {
        "a bare token"
    } else {
        "the pasted text"
    };
    let mut notes = Vec::new();
    if found.len() > 1 {
        notes.push(format!(
            "The text holds {} tokens; this is the first. Paste another alone to inspect it.",
            found.len()
        ));
    }
    Some(Located {
        token: token.to_owned(),
        source: source.into(),
        is_code: false,
        notes,
    })
}

/// A single long run without spaces after an optional Bearer prefix: an opaque token.
fn opaque(s: &str) -> Option<Located> {
    let (rest, source) = strip_auth_prefix(s);
    let source = if source == "a bare token" {
        "a bare value"
    } else {
        source
    };
    let candidate = rest.split_whitespace().next()?;
    let long_enough = candidate.len() >= 32;
    // Only whether a second word exists: counting every word of a 10 MB log cost most of the
    // token search.
    let only_one = rest.split_whitespace().nth(1).is_none();
    if long_enough
        && only_one
        && candidate
            .chars()
            .all(|c| is_token_char(c) || c == '!' || c == '*' || c == '$')
    {
        return Some(Located {
            token: candidate.to_owned(),
            source: source.into(),
            is_code: false,
            notes: Vec::new(),
        });
    }
    None
}
