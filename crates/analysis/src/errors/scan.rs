//! Finds every code, label and known-wording cue in a text in one linear pass.
//!
//! A sampled q-gram filter: the text is read as consecutive 4-byte blocks (case folded by
//! setting bit 5), each block's hash is looked up in an 8 KB bitset, and only the few blocks
//! that can belong to a pattern are verified. Every pattern is at least 7 bytes long and
//! registers the four 4-grams starting at its first four bytes, so whichever block boundary
//! an occurrence straddles, one of its blocks is one of those 4-grams. The blocks don't
//! depend on each other, so the loop runs at memory speed. Patterns are matched ASCII-case-
//! insensitively with every digit folded to `0`: `aadsts0000` finds `AADSTS50020`,
//! `aaDSTS7000215` or `tenantAADSTS53003`.
use std::sync::OnceLock;

use crate::text;

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
    /// `Signed in as:` in a sign-in page's troubleshooting details: the account used.
    SignedInAs,
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
    /// Anchors the whole-text pass looks for: they can start a failure (a correlation label
    /// stands for an error page's details block). The other labels are read only near them,
    /// which keeps common words such as "error", "request" and "time" out of the hot loop.
    pub fn is_primary(self) -> bool {
        matches!(
            self,
            Anchor::Code | Anchor::CodeLabel | Anchor::Correlation | Anchor::Invite(_)
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

/// Lowercase, digits as `0`; every pattern needs at least 7 bytes.
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
    // Entra prints "Request Id" on the error page; `request-id` is the Graph and
    // `x-ms-request-id` header. Plain `request_id=` in application logs is not ours.
    ("request id", Anchor::Trace),
    ("request-id", Anchor::Trace),
    ("anforderungs-id", Anchor::Trace),
    // The French page's troubleshooting block.
    ("id de la demande", Anchor::Trace),
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
    ("nom de l'application", Anchor::AppName),
    ("nom de l\u{2019}application", Anchor::AppName),
    ("id de l'application", Anchor::AppId),
    ("id de l\u{2019}application", Anchor::AppId),
    ("signed in as", Anchor::SignedInAs),
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

/// Block length; every pattern is at least `BLOCK + 3` bytes, so its first four 4-grams exist.
const BLOCK: usize = 4;

/// ASCII lowercase with digits folded to `0`; other bytes unchanged.
pub const fn fold(b: u8) -> u8 {
    match b {
        b'A'..=b'Z' => b + 32,
        b'0'..=b'9' => b'0',
        _ => b,
    }
}

/// Hash of a 4-byte block after setting bit 5 of every byte (ASCII letters to lowercase; other
/// bytes may collide, which only costs a verification).
fn gram_hash(block: [u8; 4]) -> usize {
    let w = u32::from_le_bytes(block) | 0x2020_2020;
    (w.wrapping_mul(0x9E37_79B1) >> 16) as usize
}

/// Where a pattern's four registered 4-grams start: later for patterns that open with a
/// common word ("time…", "alre…"), so ordinary text flags fewer blocks.
fn gram_offset(pattern: &str) -> usize {
    match pattern {
        "timestamp" | "correlation" | "errorcode" => 2,
        "error code" | "error_code" | "error-code" | "fehlercode" => 3,
        "already exist" | "email verified" | "cross cloud worker" => 4,
        _ => 0,
    }
}

struct Matcher {
    /// One bit per 4-gram hash that a pattern registered (65536 bits).
    bits: Box<[u64; 1024]>,
    /// Registered hashes, sorted; `grams` holds (pattern index, offset) at the same index.
    hashes: Vec<u16>,
    grams: Vec<(u16, u16)>,
    /// `hashes[buckets[h >> 4]..buckets[(h >> 4) + 1]]` are the hashes with those top bits.
    buckets: Vec<u16>,
    /// Folded pattern bytes and the anchor.
    patterns: Vec<(Vec<u8>, Anchor)>,
}

/// The matcher for all patterns, or for the primary ones only.
fn matcher(primary_only: bool) -> &'static Matcher {
    static ALL: OnceLock<Matcher> = OnceLock::new();
    static PRIMARY: OnceLock<Matcher> = OnceLock::new();
    if primary_only {
        PRIMARY.get_or_init(|| build(true))
    } else {
        ALL.get_or_init(|| build(false))
    }
}

fn build(primary_only: bool) -> Matcher {
    let mut bits = Box::new([0u64; 1024]);
    let mut grams: Vec<(usize, usize, usize)> = Vec::new();
    let mut patterns = Vec::with_capacity(PATTERNS.len());
    let chosen = PATTERNS
        .iter()
        .filter(|(_, a)| !primary_only || a.is_primary());
    for (pi, &(text, anchor)) in chosen.enumerate() {
        let p: Vec<u8> = text.bytes().map(fold).collect();
        let first = gram_offset(text);
        for j in first..first + BLOCK {
            let Some(g) = p.get(j..j + BLOCK) else {
                continue;
            };
            // A `0` in a pattern stands for any digit.
            let digits = g.iter().filter(|&&c| c == b'0').count() as u32;
            for v in 0..10u32.pow(digits) {
                let mut block = [0u8; 4];
                let mut rest = v;
                for (slot, &c) in block.iter_mut().zip(g) {
                    *slot = if c == b'0' {
                        let d = (rest % 10) as u8;
                        rest /= 10;
                        b'0' + d
                    } else {
                        c
                    };
                }
                let h = gram_hash(block);
                if let Some(w) = bits.get_mut(h >> 6) {
                    *w |= 1 << (h & 63);
                }
                grams.push((h, pi, j));
            }
        }
        patterns.push((p, anchor));
    }
    text::sort_by(&mut grams, Ord::cmp);
    grams.dedup();
    let buckets = (0..=(1usize << 12))
        .map(|b| grams.partition_point(|g| g.0 >> 4 < b) as u16)
        .collect();
    Matcher {
        bits,
        hashes: grams.iter().map(|g| g.0 as u16).collect(),
        grams: grams.iter().map(|g| (g.1 as u16, g.2 as u16)).collect(),
        buckets,
        patterns,
    }
}

/// Every pattern hit in `text`, ordered by start, with the ID labels a terminal wrapped.
pub fn scan(text: &[u8]) -> Vec<Hit> {
    let mut hits = scan_with(matcher(false), text);
    let wrapped = wrapped_labels(text);
    if !wrapped.is_empty() {
        hits.extend(wrapped);
        // Stable: hits of one start keep the matcher's order.
        crate::text::sort_by(&mut hits, |a, b| a.start.cmp(&b.start));
    }
    hits
}

/// ID labels that a console's hard wrap cuts in two ("Correlati\non ID", "Trace\nID").
const WRAPPABLE: &[(&str, Anchor)] = &[
    ("correlation", Anchor::Correlation),
    ("trace id", Anchor::Trace),
    ("request id", Anchor::Trace),
    ("timestamp", Anchor::Timestamp),
];

/// Labels split by a line break: inside a word, or at the space between two words. Linear:
/// each line break checks a few bytes on either side.
fn wrapped_labels(text: &[u8]) -> Vec<Hit> {
    let mut out = Vec::new();
    for (n, _) in text.iter().enumerate().filter(|(_, c)| **c == b'\n') {
        // The break is `\n` or `\r\n`; the line before ends at `k`.
        let k = if n > 0 && text.get(n - 1) == Some(&b'\r') {
            n - 1
        } else {
            n
        };
        let next = n + 1;
        // Only a break between a letter (or a space) and a letter can cut a label.
        let before = k.checked_sub(1).and_then(|i| text.get(i));
        if !before.is_some_and(|c| c.is_ascii_alphabetic() || *c == b' ')
            || !text.get(next).is_some_and(u8::is_ascii_alphabetic)
        {
            continue;
        }
        for &(label, anchor) in WRAPPABLE {
            let l = label.as_bytes();
            for s in 1..l.len() {
                let (head, tail) = l.split_at(s);
                // The break either cuts a word or stands for the space between two.
                let tail = match tail.split_first() {
                    Some((b' ', rest)) if !head.ends_with(b" ") => rest,
                    _ => tail,
                };
                let Some(start) = k.checked_sub(head.len()) else {
                    continue;
                };
                if tail.first() == Some(&b' ') || tail.is_empty() {
                    continue;
                }
                if matches_at(text, start, head) && matches_at(text, next, tail) {
                    out.push(Hit {
                        start,
                        end: next + tail.len(),
                        anchor,
                    });
                }
            }
        }
    }
    out
}

/// The hits of primary anchors only (the whole-text pass).
pub fn scan_primary(text: &[u8]) -> Vec<Hit> {
    scan_with(matcher(true), text)
}

/// `scan_primary` over `text[from..]` up to about `budget` bytes, adding to `hits`; where to
/// go on from, or `None` when the text is done. Steps from 0 give `scan_primary`'s hits.
pub fn scan_primary_from(
    text: &[u8],
    from: usize,
    budget: usize,
    hits: &mut Vec<Hit>,
) -> Option<usize> {
    scan_from(matcher(true), text, from, budget, hits)
}

/// Bytes scanned per call (whole block pairs). A browser runs a long wasm call to its end in
/// the baseline compiler's code and switches to optimised code only at a later call: 10 MB in
/// one call ran at about half speed on a first paste.
const PIECE: usize = 64 * 1024;

/// Linear: each block is hashed once, and a flagged block verifies a bounded number of
/// (pattern, offset) pairs of bounded length.
fn scan_with(m: &Matcher, text: &[u8]) -> Vec<Hit> {
    let mut hits = Vec::new();
    let mut at = Some(0);
    while let Some(from) = at {
        at = scan_from(m, text, from, usize::MAX, &mut hits);
    }
    hits
}

/// The scan of `text[from..]` up to about `budget` bytes, in pieces of `PIECE`; where to go on
/// from, or `None` once the last block pair and the tail are done.
fn scan_from(
    m: &Matcher,
    text: &[u8],
    from: usize,
    budget: usize,
    hits: &mut Vec<Hit>,
) -> Option<usize> {
    let whole = text.len() - text.len() % (2 * BLOCK);
    // Whole block pairs from the start, so the blocks are the ones one pass would hash.
    let stop = whole.min(from.saturating_add(budget.max(PIECE)) / PIECE * PIECE);
    let mut at = from;
    while at < stop {
        let end = (at + PIECE).min(stop);
        scan_pairs(m, text, at, end, hits);
        at = end;
    }
    if at < whole {
        return Some(at);
    }
    if let Some(&[a, b, c, d, ..]) = text.get(whole..) {
        let h = gram_hash([a, b, c, d]);
        if flagged(m, h) {
            verify(m, text, whole, h, hits);
        }
    }
    None
}

fn flagged(m: &Matcher, h: usize) -> bool {
    m.bits
        .get((h >> 6) & 1023)
        .is_some_and(|w| w >> (h & 63) & 1 != 0)
}

/// The block pairs of `text[from..to]` (`from` and `to` whole pairs from the start).
#[inline(never)]
fn scan_pairs(m: &Matcher, text: &[u8], from: usize, to: usize, hits: &mut Vec<Hit>) {
    let Some(part) = text.get(from..to) else {
        return;
    };
    // Two blocks per step: one 8-byte load, both hashes, one branch in the common case.
    for (k, pair) in part.chunks_exact(2 * BLOCK).enumerate() {
        let &[a, b, c, d, e, f, g, h] = pair else {
            continue;
        };
        let (lo, hi) = (gram_hash([a, b, c, d]), gram_hash([e, f, g, h]));
        let (flo, fhi) = (flagged(m, lo), flagged(m, hi));
        if flo | fhi {
            let at = from + k * 2 * BLOCK;
            if flo {
                verify(m, text, at, lo, hits);
            }
            if fhi {
                verify(m, text, at + BLOCK, hi, hits);
            }
        }
    }
}

/// Checks the patterns whose registered 4-gram has hash `h` against the block at `at`.
fn verify(m: &Matcher, text: &[u8], at: usize, h: usize, hits: &mut Vec<Hit>) {
    let first = hits.len();
    let bucket = |b: usize| m.buckets.get(b).map_or(0, |&s| usize::from(s));
    for i in bucket(h >> 4)..bucket((h >> 4) + 1) {
        if m.hashes.get(i).is_none_or(|&x| usize::from(x) != h) {
            continue;
        }
        let Some(&(pi, j)) = m.grams.get(i) else {
            break;
        };
        let Some((p, anchor)) = m.patterns.get(usize::from(pi)) else {
            continue;
        };
        let Some(start) = at.checked_sub(usize::from(j)) else {
            continue;
        };
        if matches_at(text, start, p) {
            hits.push(Hit {
                start,
                end: start + p.len(),
                anchor: *anchor,
            });
        }
    }
    // Hits of one block start within the few bytes before it: keep them ordered.
    // They are few, so an insertion sort (stable, and no extra copy of the standard sort).
    for i in first + 1..hits.len() {
        let mut j = i;
        while j > first
            && hits
                .get(j - 1)
                .zip(hits.get(j))
                .is_some_and(|(a, b)| a.start > b.start)
        {
            hits.swap(j - 1, j);
            j -= 1;
        }
    }
}

fn matches_at(text: &[u8], start: usize, folded: &[u8]) -> bool {
    text.get(start..start + folded.len())
        .is_some_and(|w| w.iter().zip(folded).all(|(&t, &p)| fold(t) == p))
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_primary_scan_in_steps_finds_what_one_pass_finds() {
        let line =
            "x AADSTS50020 error code: 7 Correlation ID: 11111111-0000-4000-8000-000000000000\n";
        for n in [0, 1, 3, 2000, 3001] {
            let text = format!("{}tail AADSTS65001", line.repeat(n));
            for budget in [1, PIECE, 3 * PIECE + 5] {
                let mut hits = Vec::new();
                let mut at = Some(0);
                while let Some(from) = at {
                    at = scan_primary_from(text.as_bytes(), from, budget, &mut hits);
                }
                assert_eq!(
                    hits,
                    scan_primary(text.as_bytes()),
                    "{n} lines, budget {budget}"
                );
            }
        }
    }

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
    fn every_offset_is_found() {
        for pad in 0..8 {
            let t = format!("{}Trace ID: x", "-".repeat(pad));
            assert_eq!(kinds(&t), vec![(pad, Anchor::Trace)], "pad {pad}");
        }
        assert!(
            PATTERNS
                .iter()
                .all(|(p, _)| p.len() >= gram_offset(p) + BLOCK + 3)
        );
        for (p, a) in PATTERNS {
            for pad in 0..4 {
                let t = format!("{}{p}", "x".repeat(pad)).replace('0', "5");
                assert!(kinds(&t).contains(&(pad, *a)), "{p} at {pad}");
            }
        }
    }

    #[test]
    fn primary_pass_skips_secondary_labels() {
        let t = "Request Id: a Correlation Id: b Timestamp: c AADSTS50020";
        let k: Vec<Anchor> = scan_primary(t.as_bytes())
            .into_iter()
            .map(|h| h.anchor)
            .collect();
        assert_eq!(k, vec![Anchor::Correlation, Anchor::Code]);
    }
}
