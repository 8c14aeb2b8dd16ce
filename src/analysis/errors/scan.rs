//! Finds every code, label and known-wording cue in a text in one linear pass.
//!
//! A multi-pattern skip search (Wu–Manber): a table over 3-byte blocks says how far the
//! window may jump; only blocks that end a pattern's first `M` bytes stop it. Patterns are
//! matched ASCII-case-insensitively and with every digit folded to `0`, so `aadsts0000`
//! finds `AADSTS50020`, `aaDSTS7000215` or `tenantAADSTS53003`.
use std::sync::OnceLock;

/// What a hit starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    /// `AADSTS` followed by digits.
    Code,
    /// `Error Code:`, `errorCode`, `error_codes`: a number, a list, or an `error` value follows.
    CodeLabel,
    /// `Trace ID`, `Request Id`, `trace_id`.
    Trace,
    Correlation,
    Timestamp,
    /// The `error` key of JSON, a Python dict or a redirect URL.
    ErrorKey,
    ErrorUri,
    AppName,
    AppId,
    /// A sign-in host; the path segment after it names the authority.
    Authority,
    /// Wording of an invitation-time error (they carry no AADSTS code).
    Invite(Cue),
}

/// Words that point at one of the invitation-time errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cue {
    ProxyAddress,
    AlreadyExists,
    EmailVerified,
    CrossTenant,
    CrossCloudWorker,
    ExtensionsApp,
    InvitesNotAllowed,
}

impl Anchor {
    /// Anchors that can start a failure; the rest only add to one nearby.
    pub fn is_primary(self) -> bool {
        matches!(
            self,
            Anchor::Code | Anchor::CodeLabel | Anchor::Trace | Anchor::Invite(_)
        )
    }
}

/// One pattern hit: `start..end` in the scanned text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    pub start: usize,
    pub end: usize,
    pub anchor: Anchor,
}

/// Lowercase, digits as `0`; every pattern needs at least `M` bytes.
const PATTERNS: &[(&str, Anchor)] = &[
    ("aadsts0000", Anchor::Code),
    ("error code", Anchor::CodeLabel),
    ("errorcode", Anchor::CodeLabel),
    ("error_code", Anchor::CodeLabel),
    ("error-code", Anchor::CodeLabel),
    ("fehlercode", Anchor::CodeLabel),
    ("trace id", Anchor::Trace),
    ("trace_id", Anchor::Trace),
    ("trace-id", Anchor::Trace),
    ("traceid", Anchor::Trace),
    ("request id", Anchor::Trace),
    ("request_id", Anchor::Trace),
    ("request-id", Anchor::Trace),
    ("requestid", Anchor::Trace),
    ("anforderungs-id", Anchor::Trace),
    ("correlation", Anchor::Correlation),
    ("korrelations", Anchor::Correlation),
    ("corr\u{e9}lation", Anchor::Correlation),
    ("timestamp", Anchor::Timestamp),
    ("zeitstempel", Anchor::Timestamp),
    ("horodatage", Anchor::Timestamp),
    ("\"error\"", Anchor::ErrorKey),
    ("'error'", Anchor::ErrorKey),
    ("?error=", Anchor::ErrorKey),
    ("&error=", Anchor::ErrorKey),
    ("#error=", Anchor::ErrorKey),
    ("error_uri", Anchor::ErrorUri),
    ("app name", Anchor::AppName),
    ("app id:", Anchor::AppId),
    ("login.microsoftonline.", Anchor::Authority),
    ("login.partner.microsoftonline.", Anchor::Authority),
    ("login.windows.net", Anchor::Authority),
    ("proxyaddress", Anchor::Invite(Cue::ProxyAddress)),
    ("already exist", Anchor::Invite(Cue::AlreadyExists)),
    ("email verified", Anchor::Invite(Cue::EmailVerified)),
    ("emailverified", Anchor::Invite(Cue::EmailVerified)),
    ("email-verified", Anchor::Invite(Cue::EmailVerified)),
    ("cross-tenant access", Anchor::Invite(Cue::CrossTenant)),
    ("cross tenant access", Anchor::Invite(Cue::CrossTenant)),
    ("cross cloud worker", Anchor::Invite(Cue::CrossCloudWorker)),
    ("aad-extensions-app", Anchor::Invite(Cue::ExtensionsApp)),
    (
        "not allowed to invite",
        Anchor::Invite(Cue::InvitesNotAllowed),
    ),
    (
        "invitations not allowed",
        Anchor::Invite(Cue::InvitesNotAllowed),
    ),
    (
        "invitations are disabled",
        Anchor::Invite(Cue::InvitesNotAllowed),
    ),
];

/// Window length: the shortest pattern.
const M: usize = 7;
/// Block length hashed for the skip table.
const B: usize = 3;
const TABLE_BITS: usize = 15;

/// ASCII lowercase with digits folded to `0`; other bytes unchanged.
pub const fn fold(b: u8) -> u8 {
    match b {
        b'A'..=b'Z' => b + 32,
        b'0'..=b'9' => b'0',
        _ => b,
    }
}

/// 5-bit class of a byte for the block hash; collisions only cost a verification.
const fn class(b: u8) -> u8 {
    match fold(b) {
        c @ b'a'..=b'z' => c - b'a' + 1,
        b'0' => 27,
        b' ' | b'\t' => 28,
        b'_' => 29,
        b'-' | b'.' => 30,
        b'"' | b'\'' | b'?' | b'&' | b'#' | b'=' | b':' => 31,
        _ => 0,
    }
}

struct Matcher {
    class: [u8; 256],
    shift: Vec<u8>,
    /// Folded pattern bytes, the anchor, and the block index that ends its first `M` bytes.
    patterns: Vec<(Vec<u8>, Anchor, usize)>,
}

fn block(class: &[u8; 256], a: u8, b: u8, c: u8) -> usize {
    let ca = usize::from(class[usize::from(a)]);
    let cb = usize::from(class[usize::from(b)]);
    let cc = usize::from(class[usize::from(c)]);
    (ca << 10) | (cb << 5) | cc
}

fn matcher() -> &'static Matcher {
    static MATCHER: OnceLock<Matcher> = OnceLock::new();
    MATCHER.get_or_init(|| {
        let mut class_table = [0u8; 256];
        for (b, slot) in class_table.iter_mut().enumerate() {
            *slot = class(b as u8);
        }
        let mut shift = vec![(M - B + 1) as u8; 1 << TABLE_BITS];
        let mut patterns = Vec::with_capacity(PATTERNS.len());
        for &(text, anchor) in PATTERNS {
            let p: Vec<u8> = text.bytes().map(fold).collect();
            let mut last = 0;
            for j in B - 1..M.min(p.len()) {
                let (Some(&a), Some(&b), Some(&c)) = (p.get(j - 2), p.get(j - 1), p.get(j)) else {
                    continue;
                };
                let idx = block(&class_table, a, b, c);
                if let Some(s) = shift.get_mut(idx) {
                    *s = (*s).min((M - 1 - j) as u8);
                }
                last = idx;
            }
            patterns.push((p, anchor, last));
        }
        Matcher {
            class: class_table,
            shift,
            patterns,
        }
    })
}

/// Every pattern hit in `text`, ordered by start. Linear: each window is hashed once and a
/// stop verifies at most every pattern, each of bounded length.
pub fn scan(text: &[u8]) -> Vec<Hit> {
    let m = matcher();
    let mut hits = Vec::new();
    let n = text.len();
    let mut i = M - 1;
    while i < n {
        let (Some(&a), Some(&b), Some(&c)) = (text.get(i - 2), text.get(i - 1), text.get(i)) else {
            break;
        };
        let idx = block(&m.class, a, b, c);
        let s = usize::from(m.shift.get(idx).copied().unwrap_or(1));
        if s > 0 {
            i += s;
            continue;
        }
        let start = i + 1 - M;
        for (p, anchor, last) in &m.patterns {
            if *last == idx && matches_at(text, start, p) {
                hits.push(Hit {
                    start,
                    end: start + p.len(),
                    anchor: *anchor,
                });
            }
        }
        i += 1;
    }
    hits
}

fn matches_at(text: &[u8], start: usize, folded: &[u8]) -> bool {
    text.get(start..start + folded.len())
        .is_some_and(|w| w.iter().zip(folded).all(|(&t, &p)| fold(t) == p))
}

/// True when `hay` contains `needle` (lowercase ASCII) ignoring ASCII case.
pub fn contains_ci(hay: &str, needle: &str) -> bool {
    find_ci(hay.as_bytes(), needle.as_bytes(), 0).is_some()
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

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(t: &str) -> Vec<(usize, Anchor)> {
        scan(t.as_bytes())
            .into_iter()
            .map(|h| (h.start, h.anchor))
            .collect()
    }

    #[test]
    fn finds_codes_in_any_case_and_glued() {
        assert_eq!(kinds("x aaDSTS50020: y"), vec![(2, Anchor::Code)]);
        assert_eq!(kinds("tenantAADSTS53003"), vec![(6, Anchor::Code)]);
        assert_eq!(kinds("AADSTS123"), vec![]);
        assert_eq!(kinds("AADSTS"), vec![]);
    }

    #[test]
    fn finds_labels() {
        let t = "Request Id: a\nCorrelation Id: b\nTimestamp: c\n\"error\":1 Error Code: 5";
        let k: Vec<Anchor> = kinds(t).into_iter().map(|(_, a)| a).collect();
        assert_eq!(
            k,
            vec![
                Anchor::Trace,
                Anchor::Correlation,
                Anchor::Timestamp,
                Anchor::ErrorKey,
                Anchor::CodeLabel
            ]
        );
    }

    #[test]
    fn non_ascii_and_short_inputs() {
        assert_eq!(kinds(""), vec![]);
        assert_eq!(kinds("é"), vec![]);
        assert_eq!(
            kinds("ID de corrélation : x"),
            vec![(6, Anchor::Correlation)]
        );
    }

    #[test]
    fn ci_find() {
        assert_eq!(find_ci(b"abc DEF", b"def", 0), Some(4));
        assert_eq!(find_ci(b"abc", b"abcd", 0), None);
        assert!(contains_ci("Already EXISTS", "already exists"));
    }
}
