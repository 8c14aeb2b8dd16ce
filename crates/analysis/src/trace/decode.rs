//! Small decoders for trace text: URLs and their parameters, percent and HTML escapes, token shapes, masks.
use crate::text::percent_escape_at;

/// A URL cut into its parts; `base` is everything before `?` or `#`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UrlParts<'a> {
    pub base: &'a str,
    pub query: Option<&'a str>,
    pub fragment: Option<&'a str>,
}

pub fn split_url(url: &str) -> UrlParts<'_> {
    let (rest, fragment) = match url.split_once('#') {
        Some((r, f)) => (r, Some(f)),
        None => (url, None),
    };
    let (base, query) = match rest.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (rest, None),
    };
    UrlParts {
        base,
        query,
        fragment,
    }
}

/// Host (lower case, without port or user info) and path of an absolute URL's base.
pub fn host_and_path(base: &str) -> (String, String) {
    let (authority, path) = authority_and_path(base);
    (host_in(authority), path.to_owned())
}

/// Host (lower case, without port or user info) of an absolute URL's base.
pub fn host_of(base: &str) -> String {
    host_in(authority_and_path(base).0)
}

fn authority_and_path(base: &str) -> (&str, &str) {
    let after = base.split_once("://").map_or(base, |(_, a)| a);
    match after.find('/') {
        Some(i) => after.split_at(i),
        None => (after, "/"),
    }
}

fn host_in(authority: &str) -> String {
    let host = authority.rsplit('@').next().unwrap_or(authority);
    let host = match host.rfind(':') {
        Some(i) if !host.ends_with(']') => host.get(..i).unwrap_or(host),
        _ => host,
    };
    host.to_ascii_lowercase()
}

/// Percent-decodes once; `plus` turns `+` into a space (forms and queries). Invalid UTF-8 is replaced.
pub fn percent_decode(s: &str, plus: bool) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while let Some(&c) = b.get(i) {
        if let Some(v) = percent_escape_at(b, i) {
            out.push(v);
            i += 3;
        } else {
            out.push(if plus && c == b'+' { b' ' } else { c });
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Percent-decodes until nothing changes (at most three rounds: values are seen encoded twice).
pub fn percent_decode_all(s: &str, plus: bool) -> String {
    let mut cur = percent_decode(s, plus);
    for _ in 0..2 {
        let next = percent_decode(&cur, false);
        if next == cur {
            break;
        }
        cur = next;
    }
    cur
}

/// Percent-encodes everything but unreserved characters.
pub fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for &b in s.as_bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(char::from(
                HEX.get(usize::from(b >> 4)).copied().unwrap_or(b'0'),
            ));
            out.push(char::from(
                HEX.get(usize::from(b & 15)).copied().unwrap_or(b'0'),
            ));
        }
    }
    out
}

const HEX: &[u8; 16] = b"0123456789ABCDEF";

/// `name=value` pairs of a query, fragment or form body, raw (still encoded); a pair without `=` has no value.
pub fn params(s: &str) -> impl Iterator<Item = (&str, Option<&str>)> {
    s.split('&')
        .filter(|p| !p.is_empty())
        .map(|p| match p.split_once('=') {
            Some((n, v)) => (n, Some(v)),
            None => (p, None),
        })
}

/// The decoded value of parameter `name` (first match, case-insensitive) in a query or form body.
pub fn param(s: &str, name: &str) -> Option<String> {
    params(s)
        .find(|(n, _)| percent_decode(n, true).eq_ignore_ascii_case(name))
        .map(|(_, v)| percent_decode(v.unwrap_or(""), true))
}

/// Undoes the common HTML character references (`&amp;`, `&quot;`, `&#39;`, `&#x2F;`…).
pub fn html_unescape(s: &str) -> String {
    if !s.contains('&') {
        return s.to_owned();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(rest.get(..i).unwrap_or(""));
        let tail = rest.get(i..).unwrap_or("");
        let end = tail.find(';').filter(|&e| e <= 10);
        let decoded = end.and_then(|e| {
            let name = tail.get(1..e)?;
            let ch = match name {
                "amp" => '&',
                "lt" => '<',
                "gt" => '>',
                "quot" => '"',
                "apos" => '\'',
                n if n.starts_with("#x") || n.starts_with("#X") => {
                    char::from_u32(u32::from_str_radix(n.get(2..)?, 16).ok()?)?
                }
                n if n.starts_with('#') => char::from_u32(n.get(1..)?.parse().ok()?)?,
                _ => return None,
            };
            Some((ch, e + 1))
        });
        match decoded {
            Some((ch, len)) => {
                out.push(ch);
                rest = tail.get(len..).unwrap_or("");
            }
            None => {
                out.push('&');
                rest = tail.get(1..).unwrap_or("");
            }
        }
    }
    out.push_str(rest);
    out
}

fn token_char(c: u8) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.' | b'+' | b'/' | b'=' | b'%' | b'~')
}

/// True for text shaped like a token or other opaque secret: a JWT (`eyJ…` with dots), or a
/// run of 32+ base64 characters mixing upper case, lower case and digits (IDs, GUIDs and
/// words do not mix all three at that length).
pub fn looks_opaque(piece: &str) -> bool {
    let b = piece.as_bytes();
    if piece.starts_with("eyJ") && b.len() > 20 {
        return true;
    }
    b.len() >= 32
        && b.iter().any(u8::is_ascii_uppercase)
        && b.iter().any(u8::is_ascii_lowercase)
        && b.iter().any(u8::is_ascii_digit)
}

/// A URL path segment too short for `looks_opaque` that still reads as random: 16 letters and
/// digits or more, both kinds present, changing between lower case, upper case and digits on
/// average every 2.5 characters or sooner. A webhook's secret (`/services/T0…/B0…/vTqG…`, 24
/// characters) or a dashless hex ID does; words and their CamelCase joins
/// (`ExternalLoginCallback`, `Contoso2024Marketing`), GUIDs (dashes) and B2C policy names
/// (underscores) do not.
pub fn looks_random_segment(seg: &str) -> bool {
    let b = seg.as_bytes();
    if b.len() < 16 || !b.iter().all(u8::is_ascii_alphanumeric) {
        return false;
    }
    let class = |c: &u8| match c {
        b'0'..=b'9' => 0u8,
        b'a'..=b'z' => 1,
        _ => 2,
    };
    if !b.iter().any(u8::is_ascii_digit) || b.iter().all(u8::is_ascii_digit) {
        return false;
    }
    let runs = 1 + b
        .iter()
        .zip(b.iter().skip(1))
        .filter(|(x, y)| class(x) != class(y))
        .count();
    runs * 5 >= b.len() * 2
}

/// Replaces token-shaped runs in a kept value by `[removed:token]`; None when nothing was.
pub fn scrub(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut out = String::new();
    let mut changed = false;
    let mut last = 0;
    let mut i = 0;
    while i < b.len() {
        if b.get(i).copied().is_some_and(token_char) {
            let start = i;
            while b.get(i).copied().is_some_and(token_char) {
                i += 1;
            }
            let run = s.get(start..i).unwrap_or("");
            if run.split('/').any(looks_opaque) {
                out.push_str(s.get(last..start).unwrap_or(""));
                out.push_str("[removed:token]");
                last = i;
                changed = true;
            }
        } else {
            i += 1;
        }
    }
    if !changed {
        return None;
    }
    out.push_str(s.get(last..).unwrap_or(""));
    Some(out)
}

/// `alex@partner.example` → `a***@partner.example`; anything else is masked whole.
pub fn mask_email(s: &str) -> String {
    match s.split_once('@') {
        Some((local, domain)) if !domain.is_empty() => {
            let first: String = local.chars().take(1).collect();
            format!("{first}***@{domain}")
        }
        _ => mask_name(s),
    }
}

/// `Alex Wilber` → `A***`.
pub fn mask_name(s: &str) -> String {
    let first: String = s.trim().chars().take(1).collect();
    format!("{first}***")
}

/// Masks every email address in free text.
pub fn mask_emails_in(s: &str) -> Option<String> {
    if !s.contains('@') {
        return None;
    }
    let is_addr = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | '+');
    let mut out = String::with_capacity(s.len());
    let mut changed = false;
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    let mut i = 0;
    let mut copied = 0;
    while let Some(&(at, c)) = chars.get(i) {
        if c == '@' {
            let mut a = i;
            while a > 0 && chars.get(a - 1).is_some_and(|&(_, p)| is_addr(p)) {
                a -= 1;
            }
            let mut z = i + 1;
            while chars.get(z).is_some_and(|&(_, p)| is_addr(p)) {
                z += 1;
            }
            let start = chars.get(a).map_or(at, |p| p.0);
            let end = chars.get(z).map_or(s.len(), |p| p.0);
            let domain = s.get(at + 1..end).unwrap_or("");
            if a < i && domain.contains('.') && start >= copied {
                out.push_str(s.get(copied..start).unwrap_or(""));
                out.push_str(&mask_email(s.get(start..end).unwrap_or("")));
                copied = end;
                changed = true;
            }
            i = z;
        } else {
            i += 1;
        }
    }
    if !changed {
        return None;
    }
    out.push_str(s.get(copied..).unwrap_or(""));
    Some(out)
}

/// The object literal after `$Config=` in an HTML page, matched with a string-aware bracket counter.
pub fn config_object(html: &str) -> Option<&str> {
    let at = html
        .find("$Config=")
        .map(|i| i + 8)
        .or_else(|| html.find("$Config =").map(|i| i + 9))?;
    let rest = html.get(at..)?;
    let open = rest.find('{')?;
    if rest.get(..open)?.trim() != "" {
        return None;
    }
    let body = rest.get(open..)?;
    let mut depth = 0usize;
    let mut quote: Option<u8> = None;
    let mut esc = false;
    for (i, &c) in body.as_bytes().iter().enumerate() {
        if let Some(q) = quote {
            if esc {
                esc = false;
            } else if c == b'\\' {
                esc = true;
            } else if c == q {
                quote = None;
            }
            continue;
        }
        match c {
            b'"' | b'\'' => quote = Some(c),
            b'{' | b'[' => depth += 1,
            b'}' | b']' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return body.get(..=i);
                }
            }
            _ => {}
        }
    }
    None
}

/// The kept fields of a `$Config` object, as a JSON object text; None when it has none.
pub fn config_kept(config: &str, keep: &[&str]) -> Option<String> {
    let mut out = serde_json::Map::new();
    for key in keep {
        let needle = format!("\"{key}\":");
        let Some(i) = config.find(&needle) else {
            continue;
        };
        let rest = config.get(i + needle.len()..).unwrap_or("");
        if let Some(v) = crate::text::json_first(rest) {
            out.insert((*key).to_owned(), v);
        }
    }
    if out.is_empty() {
        return None;
    }
    // Display, not `to_string`: the same compact JSON, one serializer copy in the page.
    Some(serde_json::Value::Object(out).to_string())
}
