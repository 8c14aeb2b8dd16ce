//! A HAR trace as a source of the case: the error and token tools run over the trace's pieces, each result keeping the hop (entry) it came from.
//!
//! The trace tool only cuts the HAR into hops and pieces; this joining step reads them. A token
//! found in a trace is never kept whole: its `raw` text and its parts are emptied, so neither the
//! readable report nor the JSON can hand on a live credential. Its decoded claims stay.
use serde::Serialize;

use crate::errors::{self, Failure};
use crate::token::{self, TokenReport};
use crate::trace::{self, Hop, Noise, Piece, PieceKind, Trace, TraceError};

/// The largest HAR read as a trace: the CLI's input cap. Bigger texts are read as plain text.
const MAX_TRACE: usize = 1 << 30;

/// What a trace source holds, as the report shows it.
#[derive(Debug, Clone, Serialize)]
pub struct TraceReport {
    /// The case source the trace is.
    pub source: u32,
    /// Entries in `log.entries`.
    pub entries: usize,
    /// The identity hops, in order.
    pub hops: Vec<Hop>,
    /// Entries folded away as noise, by kind.
    pub noise: Noise,
    pub noise_total: usize,
    /// Tokens found in the trace, decoded (never with their raw text).
    pub tokens: Vec<TraceToken>,
    /// Why the HAR could not be read as a trace (then it was read as plain text).
    pub problem: Option<String>,
}

impl TraceReport {
    /// The tenant in the URL of each app's authorize or token request to Entra (not to
    /// Microsoft accounts' hosts): (entry, tenant).
    pub fn url_tenants(&self) -> Vec<(usize, &str)> {
        let mut out = Vec::new();
        for h in &self.hops {
            let app_request = matches!(h.kind, trace::HopKind::Authorize | trace::HopKind::Token);
            let entra = h.cloud.is_some_and(|c| c != trace::hosts::Cloud::Consumer);
            if let Some(tenant) = h.tenant.as_deref().filter(|_| app_request && entra) {
                out.push((h.entry, tenant));
            }
        }
        out
    }

    /// The token a step carried: found there first, or sent again with it.
    pub fn token_at(&self, entry: usize) -> Option<&TraceToken> {
        self.tokens
            .iter()
            .find(|k| k.hop == entry || k.also_at.contains(&entry))
    }

    /// The well-known API a step called (by its host), when the token it carried was issued for
    /// another: an API refuses such a token whatever else it holds.
    pub fn sent_to_another_api(&self, h: &Hop) -> Option<&'static str> {
        let api = crate::entra::apps::api_at(&h.host)?;
        let aud = self.token_at(h.entry)?.token.audience.as_deref()?;
        (!crate::entra::apps::is_audience_of(api, aud)).then_some(api.name)
    }

    /// The API calls that refused the token and were not made to work later (`Hop::refused`).
    pub fn refused_calls(&self) -> usize {
        self.hops.iter().filter(|h| h.refused()).count()
    }
}

/// Which value of a piece a token was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TokenField {
    IdToken,
    AccessToken,
    /// The credential of an `Authorization: Bearer` header.
    Bearer,
}

impl TokenField {
    pub fn label(self) -> &'static str {
        match self {
            TokenField::IdToken => "id_token",
            TokenField::AccessToken => "access_token",
            TokenField::Bearer => "Bearer credential",
        }
    }
}

/// A token found in a trace, with where.
#[derive(Debug, Clone, Serialize)]
pub struct TraceToken {
    /// The entry (index in `log.entries`) it was found in.
    pub hop: usize,
    pub piece: PieceKind,
    pub field: TokenField,
    /// The decoded token; `raw` is empty and `parts` are dropped.
    pub token: TokenReport,
    /// Later entries that carried the same token (sent as a Bearer credential, say).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub also_at: Vec<usize>,
}

/// A trace read for the case: the report part and the failures found in it.
#[derive(Debug, Clone)]
pub struct FromTrace {
    pub report: TraceReport,
    /// Every distinct failure, each with its `hop` and `source`.
    pub failures: Vec<Failure>,
}

/// A cheap test before parsing: a JSON object with a `"log": {` member that names `entries`.
pub fn looks_like_har(text: &str) -> bool {
    text.trim_start_matches('\u{feff}')
        .trim_start()
        .starts_with('{')
        && text.len() <= MAX_TRACE
        && text.contains("\"entries\"")
        && text.match_indices("\"log\"").any(|(at, key)| {
            let rest = text.get(at + key.len()..).unwrap_or("").trim_start();
            rest.strip_prefix(':')
                .is_some_and(|r| r.trim_start().starts_with('{'))
        })
}

/// Whether the first bytes of a file open a HAR: `{` then a `"log"` member holding an object
/// (after a byte-order mark and white space). Used to pick the chunked reader for a big file
/// whatever its name; the reader still says when the rest is not a HAR.
pub fn sniff_har(head: &[u8]) -> bool {
    let rest = head.strip_prefix(b"\xef\xbb\xbf").unwrap_or(head);
    let skip = |b: &[u8]| -> usize { b.iter().take_while(|c| c.is_ascii_whitespace()).count() };
    let mut at = skip(rest);
    for want in [&b"{"[..], b"\"log\"", b":", b"{"] {
        let Some(tail) = rest.get(at..) else {
            return false;
        };
        if !tail.starts_with(want) {
            return false;
        }
        at += want.len();
        at += rest.get(at..).map_or(0, skip);
    }
    true
}

/// Reads `text` as the HAR of source `source`. `None` when it is not a HAR at all; a HAR that
/// is damaged or cut short gives a report whose `problem` says where, and no hops.
pub fn analyse(text: &str, source: u32, now: i64) -> Option<FromTrace> {
    if !looks_like_har(text) {
        return None;
    }
    match trace::read(text.as_bytes()) {
        Ok(t) => Some(joined(&t, source, now)),
        Err(TraceError::NotHar { .. }) => None,
        Err(e) => Some(FromTrace {
            report: TraceReport {
                source,
                entries: 0,
                hops: Vec::new(),
                noise: Noise::default(),
                noise_total: 0,
                tokens: Vec::new(),
                problem: Some(e.to_string()),
            },
            failures: Vec::new(),
        }),
    }
}

/// Joins a trace already read (from text here, or chunk by chunk by the page) as source
/// `source`: the one place a trace's pieces become failures and tokens.
pub fn joined(t: &Trace, source: u32, now: i64) -> FromTrace {
    let mut failures: Vec<Failure> = Vec::new();
    let mut tokens: Vec<TraceToken> = Vec::new();
    let mut raws: Vec<String> = Vec::new();
    for piece in &t.pieces {
        let (has_failures, has_tokens) = reads(piece.kind);
        if has_failures {
            let hop = t.hops.iter().find(|h| h.entry == piece.entry);
            for mut f in errors::analyze(&piece.text).failures {
                f.source = source;
                f.hop = Some(piece.entry);
                // Spans point into the piece, not into the file the user gave.
                f.highlights.clear();
                if let Some(h) = hop.filter(|h| h.cloud.is_some()) {
                    // An Entra response's own IDs belong to the failure it carries.
                    if f.trace_id.is_none() {
                        f.trace_id = h.request_id.clone();
                    }
                    if f.correlation_id.is_none() {
                        f.correlation_id = h.client_request_id.clone();
                    }
                }
                if !failures.iter().any(|g| same_failure(g, &f)) {
                    failures.push(f);
                }
            }
        }
        if has_tokens {
            for (field, value) in token_values(piece) {
                if let Some(at) = raws.iter().position(|r| *r == value) {
                    // Only a request that carries the token sends it again; the same token in a
                    // later response (an id_token returned twice) is not sent by that request.
                    let sent = matches!(
                        piece.kind,
                        PieceKind::AuthorizationHeader | PieceKind::FormPostBody
                    );
                    if let Some(t) = tokens.get_mut(at)
                        && sent
                        && t.hop != piece.entry
                        && !t.also_at.contains(&piece.entry)
                    {
                        t.also_at.push(piece.entry);
                    }
                    continue;
                }
                let where_ = format!(
                    "{} in {} (entry {})",
                    field.label(),
                    piece.kind.label(),
                    piece.entry
                );
                let mut report = token::analyze_token(&value, &where_, false, now);
                report.raw.clear();
                report.parts.clear();
                raws.push(value);
                tokens.push(TraceToken {
                    hop: piece.entry,
                    piece: piece.kind,
                    field,
                    token: report,
                    also_at: Vec::new(),
                });
            }
        }
    }
    FromTrace {
        report: TraceReport {
            source,
            entries: t.entries,
            noise_total: t.noise.total(),
            noise: t.noise,
            hops: t.hops.clone(),
            tokens,
            problem: None,
        },
        failures,
    }
}

/// Which tools read a kind of piece: (errors, tokens).
fn reads(kind: PieceKind) -> (bool, bool) {
    match kind {
        PieceKind::ErrorRedirect
        | PieceKind::ErrorFragment
        | PieceKind::ErrorBody
        | PieceKind::ConfigObject => (true, false),
        PieceKind::TokenEndpointBody | PieceKind::FormPostBody => (true, true),
        PieceKind::Fragment | PieceKind::AuthorizationHeader => (false, true),
    }
}

/// One failure seen in two pieces (the redirect's Location, then the request it led to) is one.
fn same_failure(a: &Failure, b: &Failure) -> bool {
    let ids = |f: &Failure| {
        (
            f.trace_id.clone(),
            f.correlation_id.clone(),
            f.timestamp.clone(),
        )
    };
    let (ia, ib) = (ids(a), ids(b));
    let has_ids = ia.0.is_some() || ia.1.is_some() || ia.2.is_some();
    a.codes == b.codes
        && a.kind == b.kind
        && if has_ids {
            ia == ib
        } else {
            a.message == b.message
        }
}

/// The token values of a piece: JSON fields of a token response, `name=value` lines or pairs of
/// a form post or fragment, or the whole of a Bearer credential.
fn token_values(piece: &Piece) -> Vec<(TokenField, String)> {
    let fields = [
        ("id_token", TokenField::IdToken),
        ("access_token", TokenField::AccessToken),
    ];
    let text = piece.text.trim();
    let mut out = Vec::new();
    match piece.kind {
        PieceKind::AuthorizationHeader => push_value(&mut out, TokenField::Bearer, text),
        PieceKind::TokenEndpointBody => {
            let Ok(v) = crate::text::json(text) else {
                return out;
            };
            for (name, field) in fields {
                if let Some(s) = v.get(name).and_then(|s| s.as_str()) {
                    push_value(&mut out, field, s);
                }
            }
        }
        PieceKind::FormPostBody | PieceKind::Fragment => {
            for pair in text.split(['\n', '&']) {
                let Some((name, value)) = pair.split_once('=') else {
                    continue;
                };
                if let Some((_, field)) = fields.iter().find(|(n, _)| *n == name.trim()) {
                    push_value(&mut out, *field, value);
                }
            }
        }
        _ => {}
    }
    out
}

fn push_value(out: &mut Vec<(TokenField, String)>, field: TokenField, value: &str) {
    let value = value.trim();
    if !value.is_empty() {
        out.push((field, value.to_owned()));
    }
}
