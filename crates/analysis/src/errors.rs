//! Error analyzer: pulls every AADSTS failure, its IDs and message values out of pasted text.
//!
//! Pipeline, linear in the input: one pass over the whole text finds codes, code labels,
//! correlation labels and invitation wording (`scan`); hits closer than `GAP` bytes form
//! clusters; each cluster, with a few lines around it, becomes a chunk that is decoded (HTML,
//! JSON escapes, percent-encoding), scanned for every label and read field by field
//! (`extract`); failures seen twice (same trace ID, or the same message without IDs) are
//! merged; then the catalogue, guidance and checklist are attached.
use std::collections::HashMap;
use std::fmt::Write as _;

use serde::Serialize;

use crate::text;

pub mod catalog;
mod decode;
mod extract;
pub mod guidance;
pub mod localized;
mod scan;
mod templates;
mod timestamp;

use catalog::CodeInfo;
use extract::Msg;
use guidance::{CheckItem, Guidance, InviteKind};

/// Hits further apart than this belong to different clusters.
const GAP: usize = 1500;
/// How far a chunk may reach around its hits, in bytes and in whole lines.
const REACH_BACK: usize = 512;
const REACH_FORWARD: usize = 1024;
const REACH_LINES: usize = 8;
const BACK_LINES: usize = 3;
/// Highlights kept per failure (a failure repeated thousands of times needs only the first).
const MAX_HIGHLIGHTS: usize = 256;
/// Distinct failure labels the summary lists before "and N more".
const SUMMARY_ITEMS: usize = 6;

/// A failure's codes as one line ("AADSTS50020, AADSTS50105"); empty when it has none.
pub fn codes_line(codes: &[u32]) -> String {
    let mut line = String::new();
    for c in codes {
        if !line.is_empty() {
            line.push_str(", ");
        }
        let _ = write!(line, "AADSTS{c}");
    }
    line
}

/// One distinct sign-in failure.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Failure {
    pub codes: Vec<u32>,
    pub name: Option<String>,
    pub trace_id: Option<String>,
    pub correlation_id: Option<String>,
    pub timestamp: Option<String>,
    pub error: Option<String>,
    pub message: Option<String>,
    pub error_uri: Option<String>,
    pub user: Option<String>,
    pub idp: Option<String>,
    pub tenant: Option<String>,
    pub app_id: Option<String>,
    pub app_name: Option<String>,
    pub actors: Vec<guidance::Actor>,
    /// Commands-tool recipe ids the guidance calls for.
    pub recipes: Vec<String>,
    pub kind: FailureKind,
    /// Microsoft's lookup page for the first code.
    pub lookup_url: Option<String>,
    /// Name and provenance of every code.
    pub code_info: Vec<CodeInfo>,
    pub resource: Option<String>,
    pub resource_name: Option<String>,
    pub redirect_uri: Option<String>,
    /// The authority path segment the request used (`common`, `organizations`, a tenant).
    pub authority: Option<String>,
    /// The sign-in host of that authority (`login.microsoftonline.us`): it names the cloud.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sign_in_host: Option<String>,
    /// Fields whose values were hidden before pasting (kept as found).
    pub masked: Vec<Field>,
    pub guidance: Option<Guidance>,
    /// The AADSTS50020 decision checklist, for codes where it applies.
    pub checklist: Vec<CheckItem>,
    /// Byte spans of extracted values in the original input (only spans that read the same
    /// there as in the decoded text).
    pub highlights: Vec<Highlight>,
    /// The case source this failure was read from (1 for a single paste).
    pub source: u32,
    /// The trace entry (index in the HAR's `log.entries`) it was read from; null outside traces.
    pub hop: Option<usize>,
    /// How many times the failure is printed in the paste (an exception chain, a log line
    /// repeating it, retries without IDs); at least 1.
    pub occurrences: u32,
    /// Whether IDs to quote to support came with the failure.
    pub ids: IdStatus,
    /// A sign-in log row of the tenant's own member that crossed no tenant boundary
    /// (`userType` member, `crossTenantAccessType` none): never a candidate for the case's guest.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub within_tenant: bool,
}

/// Whether a failure carries IDs an administrator or support can look up.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum IdStatus {
    /// A trace (request) or correlation ID as Microsoft wrote it.
    Found,
    /// Only IDs that were hidden, zeroed or left as placeholders before pasting.
    Hidden,
    /// No trace, request or correlation ID came with the failure.
    #[default]
    None,
}

impl IdStatus {
    /// What the page says about the IDs.
    pub const fn label(self) -> &'static str {
        match self {
            IdStatus::Found => "Give the IDs above to the administrator.",
            IdStatus::Hidden => {
                "The IDs were hidden before pasting; ask for the original error text."
            }
            IdStatus::None => "No IDs came with this failure.",
        }
    }
}

/// What kind of failure a `Failure` is.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum FailureKind {
    /// A failure with an AADSTS code (serialised `aadsts`).
    #[default]
    Aadsts,
    /// An invitation-time error recognised from its wording (serialised as the invite kind's id,
    /// `invite_…`).
    Invite(InviteKind),
    /// A block of IDs without a code (serialised `trace_only`).
    TraceOnly,
}

impl FailureKind {
    /// The id as the JSON report spells it.
    pub fn id(self) -> &'static str {
        match self {
            FailureKind::Aadsts => "aadsts",
            FailureKind::Invite(k) => k.id(),
            FailureKind::TraceOnly => "trace_only",
        }
    }

    /// The kind in words.
    pub fn label(self) -> &'static str {
        match self {
            FailureKind::Aadsts => "sign-in error with an AADSTS code",
            FailureKind::Invite(k) => k.name(),
            FailureKind::TraceOnly => "IDs without an error code",
        }
    }
}

impl Serialize for FailureKind {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.id())
    }
}

/// A value the analyzer reads from a failure: what a highlight shows and what can be masked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    Code,
    TraceId,
    CorrelationId,
    Timestamp,
    Error,
    ErrorUri,
    Message,
    User,
    Idp,
    Tenant,
    AppId,
    AppName,
    Resource,
    ResourceName,
    RedirectUri,
    Authority,
}

impl Field {
    /// Every field.
    pub const ALL: [Field; 16] = [
        Field::Code,
        Field::TraceId,
        Field::CorrelationId,
        Field::Timestamp,
        Field::Error,
        Field::ErrorUri,
        Field::Message,
        Field::User,
        Field::Idp,
        Field::Tenant,
        Field::AppId,
        Field::AppName,
        Field::Resource,
        Field::ResourceName,
        Field::RedirectUri,
        Field::Authority,
    ];

    /// The id as the JSON report spells it.
    pub const fn id(self) -> &'static str {
        match self {
            Field::Code => "code",
            Field::TraceId => "trace_id",
            Field::CorrelationId => "correlation_id",
            Field::Timestamp => "timestamp",
            Field::Error => "error",
            Field::ErrorUri => "error_uri",
            Field::Message => "message",
            Field::User => "user",
            Field::Idp => "idp",
            Field::Tenant => "tenant",
            Field::AppId => "app_id",
            Field::AppName => "app_name",
            Field::Resource => "resource",
            Field::ResourceName => "resource_name",
            Field::RedirectUri => "redirect_uri",
            Field::Authority => "authority",
        }
    }

    /// The field with this id, if any.
    pub fn parse(id: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.id() == id)
    }

    /// The field in words, as a mark's title or a row's label.
    pub const fn label(self) -> &'static str {
        match self {
            Field::Code => "error code",
            Field::TraceId => "trace ID",
            Field::CorrelationId => "correlation ID",
            Field::Timestamp => "timestamp",
            Field::Error => "OAuth error",
            Field::ErrorUri => "error URI",
            Field::Message => "message",
            Field::User => "user",
            Field::Idp => "identity provider",
            Field::Tenant => "tenant",
            Field::AppId => "app ID",
            Field::AppName => "app name",
            Field::Resource => "resource",
            Field::ResourceName => "resource name",
            Field::RedirectUri => "redirect URI",
            Field::Authority => "authority",
        }
    }

    /// True for the values read out of a message (user, tenant, app…), false for the message
    /// itself, the IDs and the time around it.
    pub const fn is_message_value(self) -> bool {
        match self {
            Field::Code
            | Field::Error
            | Field::User
            | Field::Idp
            | Field::Tenant
            | Field::AppId
            | Field::AppName
            | Field::Resource
            | Field::ResourceName
            | Field::RedirectUri => true,
            Field::TraceId
            | Field::CorrelationId
            | Field::Timestamp
            | Field::ErrorUri
            | Field::Message
            | Field::Authority => false,
        }
    }
}

/// A span of the original input and the field it shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Highlight {
    pub start: usize,
    pub end: usize,
    pub kind: Field,
}

/// All failures in a text plus a one-line summary.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ErrorReport {
    pub failures: Vec<Failure>,
    pub summary: String,
}

/// A failure while it is being assembled: the read values plus original-text highlights.
struct Found {
    msg: Msg,
    highlights: Vec<Highlight>,
}

/// Every distinct failure in `text`, in order of appearance, with a one-line summary. Never
/// panics; text without any failure gives an empty list and says so in the summary.
pub fn analyze(text: &str) -> ErrorReport {
    analyze_scanned(text, &scan_text(text))
}

/// The whole-text pass of `analyze`: where the failures may be. A page reading a big paste
/// yields between this and `analyze_scanned`.
#[derive(Debug, Clone)]
pub struct Scanned(Vec<scan::Hit>);

pub fn scan_text(text: &str) -> Scanned {
    Scanned(scan::scan_primary(text.as_bytes()))
}

/// `scan_text` about `budget` bytes at a time: `step` until it gives the result.
#[derive(Debug, Clone, Default)]
pub struct Scanning {
    at: usize,
    hits: Vec<scan::Hit>,
}

impl Scanning {
    /// Scans on through `text` (the same text each time); `Some` once it is all scanned.
    pub fn step(&mut self, text: &str, budget: usize) -> Option<Scanned> {
        match scan::scan_primary_from(text.as_bytes(), self.at, budget, &mut self.hits) {
            Some(at) => {
                self.at = at;
                None
            }
            None => Some(Scanned(std::mem::take(&mut self.hits))),
        }
    }
}

/// `analyze` after its whole-text pass (`scanned` is `scan_text` of this `text`).
pub fn analyze_scanned(text: &str, scanned: &Scanned) -> ErrorReport {
    let mut reading = Extracting::default();
    loop {
        if let Some(report) = reading.step(text, scanned, usize::MAX) {
            return report;
        }
    }
}

/// `analyze_scanned` a number of clusters of hits at a time: `step` until it gives the report.
#[derive(Default)]
pub struct Extracting {
    clusters: Option<Vec<(usize, usize)>>,
    k: usize,
    prev_end: usize,
    found: Vec<Found>,
    by_trace: HashMap<String, usize>,
    by_message: HashMap<String, usize>,
}

impl Extracting {
    /// Reads up to `count` more clusters of `scanned` (the same `text` and `scanned` each
    /// time); the report once every cluster is read.
    pub fn step(&mut self, text: &str, scanned: &Scanned, count: usize) -> Option<ErrorReport> {
        let hits = &scanned.0;
        let clusters = self.clusters.get_or_insert_with(|| clusters(hits));
        let stop = self.k.saturating_add(count.max(1)).min(clusters.len());
        while self.k < stop {
            let k = self.k;
            self.k += 1;
            let Some(&(first, last)) = clusters.get(k) else {
                continue;
            };
            let (Some(a), Some(z)) = (hits.get(first), hits.get(last)) else {
                continue;
            };
            let next_start = clusters
                .get(k + 1)
                .and_then(|&(f, _)| hits.get(f))
                .map_or(text.len(), |h| chunk_start(text, h.start));
            let start = chunk_start(text, a.start).max(self.prev_end);
            let end = chunk_end(text, z.end).min(next_start).max(start);
            self.prev_end = end;
            let Some(chunk) = text.get(start..end) else {
                continue;
            };
            let decoded = decode::decode(chunk);
            let chunk_hits = scan::scan(decoded.text.as_bytes());
            for msg in extract::messages(&decoded.text, &chunk_hits) {
                let mut highlights = Vec::new();
                for &(s, e, kind) in &msg.marks {
                    let os = start + decoded.to_original(s);
                    let oe = start + decoded.to_original_end(e);
                    if text.get(os..oe).is_some() && text.get(os..oe) == decoded.text.get(s..e) {
                        highlights.push(Highlight {
                            start: os,
                            end: oe,
                            kind,
                        });
                    }
                }
                add(
                    &mut self.found,
                    &mut self.by_trace,
                    &mut self.by_message,
                    Found { msg, highlights },
                );
            }
        }
        if self.k < clusters.len() {
            return None;
        }
        let failures: Vec<Failure> = std::mem::take(&mut self.found)
            .into_iter()
            .map(failure)
            .collect();
        let summary = summary(&failures);
        Some(ErrorReport { failures, summary })
    }
}

/// Runs of primary hits less than `GAP` apart: (first, last) hit indices.
fn clusters(hits: &[scan::Hit]) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = Vec::new();
    for (i, h) in hits.iter().enumerate() {
        match out.last_mut() {
            Some((_, last)) if hits.get(*last).is_some_and(|l| h.start <= l.end + GAP) => *last = i,
            _ => out.push((i, i)),
        }
    }
    out
}

/// Start of the chunk around a hit: its line, plus up to `BACK_LINES` earlier lines (a JSON
/// `"error"` key above its description) that don't start a new log record.
fn chunk_start(text: &str, at: usize) -> usize {
    let b = text.as_bytes();
    let floor = floor_boundary(text, at.saturating_sub(REACH_BACK));
    let line_of = |pos: usize| {
        b.get(floor..pos)
            .and_then(|w| w.iter().rposition(|&c| c == b'\n'))
            .map_or(floor, |p| floor + p + 1)
    };
    let mut start = line_of(at);
    for _ in 0..BACK_LINES {
        if start <= floor {
            break;
        }
        let prev = line_of(start - 1);
        if starts_record(b, prev) {
            break;
        }
        start = prev;
    }
    start
}

/// End of the chunk: the last hit's line plus up to `REACH_LINES` more lines (wrapped IDs, the
/// rest of a pretty-printed JSON body), stopping before a new log record.
fn chunk_end(text: &str, at: usize) -> usize {
    let b = text.as_bytes();
    let limit = floor_boundary(text, at.saturating_add(REACH_FORWARD).min(b.len()));
    let next_line = |pos: usize| {
        b.get(pos..limit)
            .and_then(|w| w.iter().position(|&c| c == b'\n'))
            .map(|p| pos + p + 1)
    };
    let Some(mut end) = next_line(at) else {
        return limit;
    };
    for _ in 0..REACH_LINES {
        if starts_record(b, end) {
            break;
        }
        match next_line(end) {
            Some(e) => end = e,
            None => return limit,
        }
    }
    end
}

/// A line that opens with a date or time (optionally in `[`) starts a new log record. (A
/// line that merely starts with a digit may be the wrapped rest of an ID.)
fn starts_record(b: &[u8], line: usize) -> bool {
    let at = if b.get(line) == Some(&b'[') {
        line + 1
    } else {
        line
    };
    let digits = b.get(at..).map_or(0, |r| {
        r.iter().take(5).take_while(|c| c.is_ascii_digit()).count()
    });
    let after = b.get(at + digits).copied();
    let then_digit = b.get(at + digits + 1).is_some_and(u8::is_ascii_digit);
    match (digits, after) {
        (4, Some(b'-')) => then_digit,
        (1 | 2, Some(b'/' | b'.')) => then_digit,
        (2, Some(b':')) => then_digit,
        _ => false,
    }
}

fn floor_boundary(text: &str, mut at: usize) -> usize {
    at = at.min(text.len());
    while at > 0 && !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// Merges a failure into one already found (same trace ID, or same message without a
/// conflicting ID) or appends it.
fn add(
    found: &mut Vec<Found>,
    by_trace: &mut HashMap<String, usize>,
    by_message: &mut HashMap<String, usize>,
    new: Found,
) {
    let key = message_key(&new.msg);
    let target = match &new.msg.trace {
        Some(t) => by_trace.get(t).copied(),
        None => by_message.get(&key).copied().filter(|&i| {
            found
                .get(i)
                .is_some_and(|f| extract::compatible(&f.msg, &new.msg))
        }),
    };
    let index = match target.and_then(|i| found.get_mut(i).map(|f| (i, f))) {
        Some((i, f)) => {
            f.msg.absorb(new.msg);
            f.highlights.extend(new.highlights);
            i
        }
        None => {
            found.push(new);
            found.len() - 1
        }
    };
    if let Some(f) = found.get(index) {
        if let Some(t) = &f.msg.trace {
            by_trace.entry(t.clone()).or_insert(index);
        }
        by_message.insert(key, index);
    }
}

/// Codes, invitation kind and the message without spacing: equal keys are one failure
/// repeated (when no ID says otherwise).
fn message_key(m: &Msg) -> String {
    let mut codes = m.codes.clone();
    text::sort_by(&mut codes, u32::cmp);
    let mut key = String::with_capacity(256);
    for c in codes {
        key.push_str(&c.to_string());
        key.push(',');
    }
    key.push('|');
    key.push_str(m.invite.map_or("", |k| k.id()));
    key.push('|');
    let message = m.message.as_deref().unwrap_or("");
    // Up to 200 characters of the message, spacing left out.
    let mut kept = 0;
    for c in message.chars() {
        if kept == 200 {
            break;
        }
        if !c.is_whitespace() {
            key.push(c);
            kept += 1;
        }
    }
    key
}

/// The code a home organisation's sign-in log gives a sign-in that another tenant logs as 50020.
const HOME_LOG_CODE: u32 = 90_072;

/// AADSTS90072 for a personal Microsoft account, which has no home organisation or log.
const PERSONAL_90072: &str = "AADSTS90072 is the code a home organisation's sign-in log gives; a personal Microsoft account has no home organisation, so read it as AADSTS50020: the account has no guest object in the organisation it tried to reach, or signed in at the wrong place.";

/// The developer's step when an app that is not Microsoft's sent an account to Microsoft's own
/// tenant (AADSTS50020 article, causes 2 and 3).
const APP_SENT_TO_MICROSOFT: &str = "If this app is yours, it sent the account to Microsoft's own tenant. For invited guests, sign them in at your tenant's own authority (https://login.microsoftonline.com/<your tenant ID or domain>). For personal accounts without an invitation, the app's supported account types (signInAudience) must include them, with the matching /common or /consumers authority.";

/// What the catalogue and guidance say about a failure's codes (or its invitation wording):
/// actors, recipes, the guidance itself, and the AADSTS50020 checklist where it applies.
struct Advice {
    actors: Vec<guidance::Actor>,
    recipes: Vec<String>,
    guidance: Option<Guidance>,
    checklist: Vec<CheckItem>,
}

fn advice(
    codes: &[u32],
    invite: Option<InviteKind>,
    facts: &guidance::Facts,
    app_id: Option<&str>,
) -> Advice {
    let mut entries: Vec<&guidance::Entry> = Vec::new();
    for &c in codes {
        entries.extend(guidance::for_code(c));
    }
    entries.extend(invite.map(guidance::InviteKind::entry));
    let mut actors: Vec<guidance::Actor> = Vec::new();
    let mut recipes: Vec<String> = Vec::new();
    for e in &entries {
        for a in e.actors() {
            if !actors.contains(&a) {
                actors.push(a);
            }
        }
        for r in e.recipes {
            if !recipes.iter().any(|x| x == r.id()) {
                recipes.push(r.id().to_owned());
            }
        }
    }
    let checklist = if entries.iter().any(|e| e.checklist) {
        guidance::checklist(facts)
    } else {
        Vec::new()
    };
    let mut guidance = entries.first().map(|e| Guidance::from(*e));
    // A personal Microsoft account has no home organisation, so no home admin to act.
    let personal =
        facts.idp.map(crate::entra::classify_idp) == Some(crate::entra::Idp::PersonalAccount);
    if personal {
        actors.retain(|a| *a != guidance::Actor::HomeAdmin);
        if let Some(g) = &mut guidance {
            g.steps.retain(|s| s.actor != guidance::Actor::HomeAdmin);
            // 90072 is what a home organisation's log says; a personal account has none.
            if codes.first() == Some(&HOME_LOG_CODE) {
                g.meaning = PERSONAL_90072.to_owned();
            }
        }
    }
    // Microsoft's own tenant has no admin of the user's to invite or fix anything there.
    if facts
        .tenant
        .is_some_and(crate::entra::is_microsoft_services)
    {
        actors.retain(|a| *a != guidance::Actor::ResourceAdmin);
        recipes.clear();
        if let Some(g) = &mut guidance {
            g.steps
                .retain(|s| s.actor != guidance::Actor::ResourceAdmin);
            g.caveat = Some("The tenant named is Microsoft's own (\"Microsoft Services\"), not an organisation's: no admin can invite the user into it. A personal account that signs in to the Entra admin center is connected to it by default, with no directory linked (Microsoft's AADSTS50020 article): sign in with a work or school account, or create a directory first.".to_owned());
            let source = crate::entra::MICROSOFT_SERVICES_SOURCE;
            if !g.sources.iter().any(|s| s.url == source.url) {
                g.sources.push(source);
            }
            // An app outside our catalogue of Microsoft's apps (it may still be Microsoft's: the
            // step says "if this app is yours") sent the account there: its owner can change
            // where it signs people in (the article's causes 2 and 3). Unless the code's
            // guidance already has a developer's step.
            let uncatalogued = app_id.is_some_and(|a| crate::entra::apps::name(a).is_none());
            let has_developer = g
                .steps
                .iter()
                .any(|s| s.actor == guidance::Actor::Developer);
            if uncatalogued && !has_developer {
                g.steps.push(guidance::Step {
                    actor: guidance::Actor::Developer,
                    text: APP_SENT_TO_MICROSOFT.to_owned(),
                });
                if !actors.contains(&guidance::Actor::Developer) {
                    actors.push(guidance::Actor::Developer);
                }
            }
        }
    }
    Advice {
        actors,
        recipes,
        guidance,
        checklist,
    }
}

/// Completes a failure read elsewhere (a sign-in log row) from its codes and values: name,
/// kind, catalogue entries, actors, recipes, guidance, checklist and whether IDs came with it,
/// the same way as for a failure read from an error text.
pub fn complete(mut f: Failure) -> Failure {
    let a = advice(
        &f.codes,
        None,
        &guidance::Facts {
            user: f.user.as_deref(),
            user_masked: false,
            idp: f.idp.as_deref(),
            tenant: f.tenant.as_deref(),
            authority: f.authority.as_deref(),
        },
        f.app_id.as_deref(),
    );
    let first = f.codes.first().copied();
    f.kind = if first.is_some() {
        FailureKind::Aadsts
    } else {
        FailureKind::TraceOnly
    };
    f.name = first.and_then(catalog::name).map(str::to_owned);
    f.lookup_url = first.map(catalog::lookup_url);
    f.code_info = f.codes.iter().map(|&c| catalog::info(c)).collect();
    f.ids = if f.trace_id.is_some() || f.correlation_id.is_some() {
        IdStatus::Found
    } else {
        IdStatus::None
    };
    f.occurrences = f.occurrences.max(1);
    f.actors = a.actors;
    f.recipes = a.recipes;
    f.guidance = a.guidance;
    f.checklist = a.checklist;
    f
}

fn failure(f: Found) -> Failure {
    let m = f.msg;
    let Advice {
        actors,
        recipes,
        guidance,
        checklist,
    } = advice(
        &m.codes,
        m.invite,
        &guidance::Facts {
            user: m.user.as_deref(),
            user_masked: m.masked.contains(&Field::User),
            idp: m.idp.as_deref(),
            tenant: m.tenant.as_deref(),
            authority: m.authority.as_deref(),
        },
        m.app_id.as_deref(),
    );
    let mut highlights = f.highlights;
    text::sort_by(&mut highlights, |a, b| {
        // By the kind's id, so equal spans keep the order the JSON has always had.
        (a.start, a.end, a.kind.id()).cmp(&(b.start, b.end, b.kind.id()))
    });
    highlights.dedup();
    highlights.truncate(MAX_HIGHLIGHTS);
    // Well-known Microsoft resources are named even when the message gives only the ID.
    let resource_name = m.resource_name.or_else(|| {
        m.resource
            .as_deref()
            .and_then(crate::entra::apps::name)
            .map(str::to_owned)
    });
    let first = m.codes.first().copied();
    let kind = match (first, m.invite) {
        (Some(_), _) => FailureKind::Aadsts,
        (None, Some(k)) => FailureKind::Invite(k),
        (None, None) => FailureKind::TraceOnly,
    };
    let name = match (first, m.invite) {
        (Some(c), _) => catalog::name(c).map(str::to_owned),
        (None, Some(k)) => Some(k.name().to_owned()),
        (None, None) => None,
    };
    let usable = |v: &Option<String>, f: Field| v.is_some() && !m.masked.contains(&f);
    let ids = if usable(&m.trace, Field::TraceId) || usable(&m.correlation, Field::CorrelationId) {
        IdStatus::Found
    } else if m.trace.is_some() || m.correlation.is_some() {
        IdStatus::Hidden
    } else {
        IdStatus::None
    };
    Failure {
        name,
        occurrences: m.repeats.saturating_add(1),
        ids,
        trace_id: m.trace,
        correlation_id: m.correlation,
        timestamp: m.timestamp.or(m.near_time).or(m.line_time),
        error: m.error,
        message: m.message,
        error_uri: m.error_uri,
        user: m.user,
        idp: m.idp,
        tenant: m.tenant,
        app_id: m.app_id,
        app_name: m.app_name,
        actors,
        recipes,
        kind,
        lookup_url: first.map(catalog::lookup_url),
        code_info: m.codes.iter().map(|&c| catalog::info(c)).collect(),
        codes: m.codes,
        resource: m.resource,
        resource_name,
        redirect_uri: m.redirect_uri,
        authority: m.authority,
        sign_in_host: m.sign_in_host,
        masked: m.masked,
        guidance,
        checklist,
        highlights,
        source: 1,
        hop: None,
        within_tenant: false,
    }
}

/// One line for the top of the tab, e.g.
/// `2 failures: AADSTS50020 (UserUnauthorized), AADSTS53003 (BlockedByConditionalAccess)`.
pub fn summary(failures: &[Failure]) -> String {
    if failures.is_empty() {
        return "No AADSTS code, trace ID or known error wording found.".to_owned();
    }
    // Labels in order of first appearance, with counts.
    let mut labels: Vec<(String, usize)> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    for f in failures {
        let label = match (f.codes.first(), &f.name) {
            (Some(c), Some(n)) => format!("AADSTS{c} ({n})"),
            (Some(c), None) => format!("AADSTS{c}"),
            (None, Some(n)) => n.clone(),
            (None, None) => "failure without a code".to_owned(),
        };
        match index.get(&label).and_then(|&i| labels.get_mut(i)) {
            Some((_, n)) => *n += 1,
            None => {
                index.insert(label.clone(), labels.len());
                labels.push((label, 1));
            }
        }
    }
    let n = failures.len();
    let mut parts: Vec<String> = labels
        .iter()
        .take(SUMMARY_ITEMS)
        .map(|(l, k)| {
            if *k > 1 {
                format!("{l} ×{k}")
            } else {
                l.clone()
            }
        })
        .collect();
    if labels.len() > SUMMARY_ITEMS {
        parts.push(format!("and {} more", labels.len() - SUMMARY_ITEMS));
    }
    let noun = if n == 1 { "failure" } else { "failures" };
    format!("{n} {noun}: {}", parts.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_and_plain_text() {
        let r = analyze("");
        assert!(r.failures.is_empty());
        assert_eq!(
            r.summary,
            "No AADSTS code, trace ID or known error wording found."
        );
        assert!(
            analyze("just a log line with an error in it")
                .failures
                .is_empty()
        );
    }

    #[test]
    fn summary_counts_and_names() {
        let t = "AADSTS50020: a Trace ID: 11111111-1111-1111-1111-111111111111\nAADSTS53003: b Trace ID: 22222222-1111-1111-1111-111111111111\n";
        assert_eq!(
            analyze(t).summary,
            "2 failures: AADSTS50020 (UserUnauthorized), AADSTS53003 (BlockedByConditionalAccess)"
        );
    }

    #[test]
    fn record_starts() {
        let yes = [
            "2024-05-01 10:20",
            "[2024-05-01T1",
            "5/1/2024 10",
            "01.05.2024",
            "10:20:30 INFO",
        ];
        let no = ["0c8b7a31", "8b20-9c4d", "0:30Z", "   at X", "404 Not", "{"];
        for s in yes {
            assert!(starts_record(s.as_bytes(), 0), "{s}");
        }
        for s in no {
            assert!(!starts_record(s.as_bytes(), 0), "{s}");
        }
    }

    #[test]
    fn highlights_point_at_the_input() {
        let t = "x\nAADSTS50020: User account 'a@b.com' from identity provider 'live.com' does not exist.\nTrace ID: 11111111-1111-1111-1111-111111111111\n";
        let r = analyze(t);
        let f = r.failures.first().cloned().unwrap_or_default();
        for h in &f.highlights {
            assert!(t.get(h.start..h.end).is_some(), "{h:?}");
        }
        let user = f.highlights.iter().find(|h| h.kind == Field::User);
        assert_eq!(user.and_then(|h| t.get(h.start..h.end)), Some("a@b.com"));
    }
}
