//! Policy budget: how much of the 25,600-byte cross-tenant access policy is used, and by what.
//!
//! Reads a pasted Graph or PowerShell response leniently (see `json`), measures it as pasted
//! and compact, breaks it down by partner, section and target list (the beta `definition`
//! strings are read as documents of their own) and lists changes that free bytes.
pub mod inbound;
use crate::text::json_reader as json;
mod size;
mod texts;
mod walk;

use serde::Serialize;
use serde_json::{Map, Value};

use self::size::Place;
use self::walk::{Walker, get_ci, partner_tenant};
use crate::diagnostic::{Diagnostic, Topic};
use crate::text::{self, line_col};

pub use self::texts::{
    DEPRECATED_DEFINITION, MEASURE_SCRIPT, Note, PROCEDURE_NOTE, Provenance, STORAGE_NOTES,
    notes_text, read_commands,
};

/// The policy object limit: 25 KB as Microsoft's procedure computes it (1024 × 25).
pub const LIMIT: usize = 25 * 1024;
/// Breakdown rows kept, biggest first.
pub const BREAKDOWN_CAP: usize = 200;
/// Findings kept, biggest first.
pub const FINDINGS_CAP: usize = 100;

/// What the pasted JSON is.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ObjectKind {
    /// The beta base object, with `definition`: what Microsoft's procedure measures.
    BetaPolicy,
    /// The base object without `definition`, as v1.0 returns it.
    V1Policy,
    /// A list of partner configurations (`/partners`).
    Partners,
    /// One partner configuration.
    Partner,
    /// The default configuration.
    Default,
    #[default]
    Unknown,
}

impl ObjectKind {
    pub const fn label(self) -> &'static str {
        match self {
            ObjectKind::BetaPolicy => "beta base policy object",
            ObjectKind::V1Policy => "base policy object without its definition",
            ObjectKind::Partners => "list of partner configurations",
            ObjectKind::Partner => "one partner configuration",
            ObjectKind::Default => "default settings",
            ObjectKind::Unknown => "not a cross-tenant access policy response",
        }
    }
}

/// Where and why the text is not JSON.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct JsonError {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    pub message: String,
}

/// Something that is not JSON but was read anyway: what, how often, and where first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Tolerance {
    pub what: String,
    pub count: usize,
    pub line: usize,
    pub column: usize,
}

/// What a breakdown row is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PartKind {
    /// One partner tenant's entry.
    Partner,
    /// A settings section (`b2bCollaborationInbound`…), or one section summed over partners.
    Section,
    /// A list of users, groups or apps.
    Targets,
    /// One of the beta `definition` strings.
    Definition,
    /// Any other property.
    Property,
}

impl PartKind {
    pub const fn label(self) -> &'static str {
        match self {
            PartKind::Partner => "partner",
            PartKind::Section => "section",
            PartKind::Targets => "target list",
            PartKind::Definition => "definition string",
            PartKind::Property => "property",
        }
    }
}

/// One part of the policy and its compact size.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BreakdownItem {
    pub path: String,
    pub bytes: usize,
    /// Percent of `bytes_compact`.
    pub share: f64,
    pub kind: PartKind,
    pub tenant_id: Option<String>,
}

/// One partner tenant's entry.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PartnerRow {
    pub tenant_id: String,
    pub path: String,
    pub bytes: usize,
    /// Percent of `bytes_compact`.
    pub share: f64,
    /// Every setting null: the entry inherits the default for everything.
    pub inherits_all: bool,
    /// Targets (users, groups, apps) listed in the entry.
    pub targets: usize,
    /// Found inside the beta `definition` (sizes as escaped there).
    pub in_definition: bool,
}

/// What kind of change a finding proposes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FindingKind {
    /// Partner entries holding nothing but a tenant ID.
    EmptyPartner,
    /// Partner entries with every setting null.
    NullPartner,
    /// Partner entries that only repeat the default settings.
    PartnerSameAsDefault,
    /// A partner section identical to the default.
    EqualsDefault,
    /// The same target listed twice in one list.
    DuplicateTargets,
    /// The same value listed twice in one list.
    DuplicateValues,
    /// The same IDs listed by several partners: one group could stand for them.
    RepeatedTargets,
}

impl FindingKind {
    /// The id as the JSON report spells it.
    pub const fn id(self) -> &'static str {
        match self {
            FindingKind::EmptyPartner => "empty_partner",
            FindingKind::NullPartner => "null_partner",
            FindingKind::PartnerSameAsDefault => "partner_same_as_default",
            FindingKind::EqualsDefault => "equals_default",
            FindingKind::DuplicateTargets => "duplicate_targets",
            FindingKind::DuplicateValues => "duplicate_values",
            FindingKind::RepeatedTargets => "repeated_targets",
        }
    }

    pub const fn label(self) -> &'static str {
        match self {
            FindingKind::EmptyPartner => "empty partner entry",
            FindingKind::NullPartner => "partner that inherits everything",
            FindingKind::PartnerSameAsDefault => "partner identical to the default",
            FindingKind::EqualsDefault => "section identical to the default",
            FindingKind::DuplicateTargets => "duplicate targets",
            FindingKind::DuplicateValues => "duplicate values",
            FindingKind::RepeatedTargets => "targets repeated across partners",
        }
    }
}

/// Which count `measured_bytes` is.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MeasuredBasis {
    /// The text exactly as pasted, as Microsoft's procedure counts the saved response.
    #[default]
    AsPasted,
}

impl MeasuredBasis {
    pub const fn label(self) -> &'static str {
        match self {
            MeasuredBasis::AsPasted => "as pasted",
        }
    }
}

/// A change that frees bytes, and exactly how many.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub kind: FindingKind,
    pub message: String,
    /// Compact bytes removed by the change, where the value sits (escaped inside `definition`).
    pub bytes_freed: usize,
    pub paths: Vec<String>,
    pub tenant_ids: Vec<String>,
}

/// How the pasted response was shaped, and what that shape leaves out of the count.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Shape {
    /// The object came inside a `value` member (`{"value": {…}}`), as Graph's documentation
    /// shows the base policy and the beta default.
    pub wrapped_in_value: bool,
    /// The properties a `$select` asked for, read from `@odata.context` (empty without one).
    pub selected: Vec<String>,
    /// Properties every full response of this kind carries that the paste lacks: their bytes
    /// are not in the count.
    pub left_out: Vec<String>,
}

/// Properties Graph returns in every partner configuration (documented resource and list/get
/// examples, microsoft-graph-docs-contrib crossTenantAccessPolicyConfigurationPartner).
const PARTNER_CORE: &[&str] = &[
    "tenantId",
    "inboundTrust",
    "automaticUserConsentSettings",
    "b2bCollaborationInbound",
    "b2bCollaborationOutbound",
    "b2bDirectConnectInbound",
    "b2bDirectConnectOutbound",
];

/// Properties Graph returns in the default configuration (crossTenantAccessPolicyConfigurationDefault).
const DEFAULT_CORE: &[&str] = &[
    "isServiceDefault",
    "inboundTrust",
    "b2bCollaborationInbound",
    "b2bCollaborationOutbound",
    "b2bDirectConnectInbound",
    "b2bDirectConnectOutbound",
];

/// Properties of the v1.0 base object (crossTenantAccessPolicy).
const BASE_CORE: &[&str] = &["displayName", "allowedCloudEndpoints"];

/// The policy budget of one pasted text.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct PolicyReport {
    /// UTF-8 bytes of the text exactly as pasted.
    pub bytes_as_pasted: usize,
    /// UTF-8 bytes of the same JSON re-serialized compact; null when it could not be read.
    pub bytes_compact: Option<usize>,
    pub limit: usize,
    /// The count compared with the limit.
    pub measured_bytes: usize,
    /// Which count `measured_bytes` is.
    pub measured_basis: MeasuredBasis,
    /// `limit - measured_bytes`; negative when over.
    pub remaining: i64,
    /// `limit - bytes_compact`, when known.
    pub remaining_compact: Option<i64>,
    /// `measured_bytes` as a percentage of the limit, one decimal.
    pub percent: f64,
    pub over_limit: bool,
    /// What Microsoft's procedure reports when the paste is the saved response file.
    pub microsoft_procedure_bytes: usize,
    /// What Microsoft's sample script would print for this text (lines joined by spaces).
    pub microsoft_snippet_bytes: usize,
    pub microsoft_procedure_note: &'static str,
    /// True only for strict JSON; `tolerated` lists what was read anyway.
    pub valid_json: bool,
    pub json_error: Option<JsonError>,
    pub tolerated: Vec<Tolerance>,
    /// JSON documents read (several when responses were pasted one after another).
    pub documents: usize,
    pub object_kind: ObjectKind,
    /// One sentence: what the pasted object is and what its size measures.
    pub measured_object: &'static str,
    /// True unless the text is the whole beta base object.
    pub partial: bool,
    /// The response's shape: a `value` wrapper, a `$select`, what the shape leaves out.
    pub shape: Shape,
    pub partial_warning: Option<&'static str>,
    /// Partner entries found.
    pub partners: usize,
    /// Every partner entry, biggest first.
    pub partner_rows: Vec<PartnerRow>,
    /// Partners, sections, target lists and definition strings, biggest first (they nest).
    pub breakdown: Vec<BreakdownItem>,
    /// Breakdown rows left out after the first `BREAKDOWN_CAP`.
    pub breakdown_omitted: usize,
    /// Changes that free bytes, biggest first; they may overlap.
    pub findings: Vec<Finding>,
    pub findings_omitted: usize,
    /// What the object-limit error means, each part with its provenance (in JSON, one text
    /// with a `[mark] ` before each part, as it has always been).
    #[serde(serialize_with = "as_notes_text")]
    pub storage_note: &'static [Note],
    /// PowerShell that measures the saved response the same way.
    pub measure_script: &'static str,
    /// Graph PowerShell that reads the policy and a partner.
    pub read_commands: String,
    pub diagnostics: Vec<Diagnostic>,
}

fn as_notes_text<S: serde::Serializer>(notes: &&[Note], s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&notes_text(notes))
}

impl PolicyReport {
    /// The diagnostics a page lists next to the report's own fields: all but the one that
    /// repeats `json_error`.
    pub fn listed_diagnostics(&self) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        for d in &self.diagnostics {
            if self.json_error.is_none() || d.topic != Some(Topic::JsonSyntax) {
                out.push(d.clone());
            }
        }
        out
    }
}

/// Marker words, lower case; a text with none of them is not read at all.
const MARKERS: &[&str] = &[
    "b2bcollaboration",
    "b2bdirectconnect",
    "crosstenantaccesspolicy",
    "isservicedefault",
    "inboundtrust",
    "tenantrestrictions",
    "automaticuserconsentsettings",
    // Shapes cut down by $select, or PowerShell's Select-Object, may hold only these.
    "tenantid",
    "identitysynchronization",
    "isserviceprovider",
    "allowedcloudendpoints",
];

/// True when the text reads as JSON shaped like a cross-tenant access policy response.
pub fn looks_like_policy(text: &str) -> bool {
    might_be_policy(text) && parse_policy(text).is_some()
}

/// The policy in `text` when it reads as one, parsed once: `looks_like_policy` then `analyze`.
pub fn read(text: &str) -> Option<PolicyReport> {
    if !might_be_policy(text) {
        return None;
    }
    parse_policy(text).map(|p| analyze_parsed(text, &p))
}

/// The cheap half of `looks_like_policy`: an object and a policy's property name somewhere.
pub fn might_be_policy(text: &str) -> bool {
    // Every policy shape is an object: a text without `{` (most logs) is ruled out by one
    // memchr pass, before the lower-cased copy and the marker searches.
    if !text.contains('{') {
        return false;
    }
    let lower = text.to_ascii_lowercase();
    MARKERS.iter().any(|m| lower.contains(m))
}

/// A text parsed as JSON whose documents include a policy shape, ready for `analyze_parsed`.
pub struct Parsed {
    json: json::Parsed,
    /// The beta `definition` strings read ahead (`read_definitions`), by their address.
    definitions: Option<Definitions>,
}

/// Definition strings parsed ahead of the walk, each by the address of its text.
pub type Definitions = Vec<(usize, json::Read)>;

impl Parsed {
    /// True until `read_definitions` has run.
    pub fn definitions_pending(&self) -> bool {
        self.definitions.is_none()
    }

    /// Parses the beta `definition` strings of the top-level objects (each a JSON document
    /// of its own, as large as the policy), so a page can give them a task of their own
    /// between the parse and the measure. Any the walk meets elsewhere it parses itself.
    /// Gives back how many strings were read.
    pub fn read_definitions(&mut self) -> usize {
        let mut out = Definitions::new();
        for doc in &self.json.docs {
            let objects = [Some(doc), unwrapped(doc)];
            for m in objects.into_iter().flatten().filter_map(Value::as_object) {
                let Some(v) = get_ci(m, "definition") else {
                    continue;
                };
                for (_, s) in walk::definition_strings(v) {
                    let at = s.as_ptr() as usize;
                    if !out.iter().any(|(a, _)| *a == at) {
                        out.push((at, json::parse(s)));
                    }
                }
            }
        }
        let n = out.len();
        self.definitions = Some(out);
        n
    }
}

/// The costly half of `looks_like_policy`: the text parsed, when it is JSON shaped like a policy.
/// Kept apart so a page can parse in one task and measure in the next.
pub fn parse_policy(text: &str) -> Option<Parsed> {
    json::parse(text)
        .ok()
        .filter(|p| p.docs.iter().any(|d| classify(d) != ObjectKind::Unknown))
        .map(|json| Parsed {
            json,
            definitions: None,
        })
}

fn context(m: &Map<String, Value>) -> String {
    get_ci(m, "@odata.context")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_ascii_lowercase()
}

/// The `@odata.type` annotation, lower case ("" when absent).
fn odata_type(m: &Map<String, Value>) -> String {
    get_ci(m, "@odata.type")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_ascii_lowercase()
}

fn mentions_policy(v: &Value) -> bool {
    match v {
        Value::String(s) => s.to_ascii_lowercase().contains("crosstenantaccesspolicy"),
        Value::Array(a) => a.iter().any(mentions_policy),
        _ => false,
    }
}

/// The single object inside a `{"value": …}` wrapper, as Graph's documentation shows the base
/// policy and the beta default (`{"value": {…}}`), or a one-item collection holding a
/// non-partner object. A list of partners stays a list.
pub fn unwrapped(v: &Value) -> Option<&Value> {
    let m = v.as_object()?;
    let mut real = m.iter().filter(|(k, _)| !k.starts_with('@'));
    let (key, inner) = real.next()?;
    if real.next().is_some() || !key.eq_ignore_ascii_case("value") {
        return None;
    }
    match inner {
        Value::Object(_) => Some(inner),
        Value::Array(items) => match items.as_slice() {
            [one] if one.as_object().is_some_and(|o| partner_tenant(o).is_none()) => Some(one),
            _ => None,
        },
        _ => None,
    }
}

/// What one top-level document is.
pub fn classify(v: &Value) -> ObjectKind {
    match v {
        Value::Object(m) => {
            let outer = context(m);
            if let Some(Value::Object(inner)) = unwrapped(v) {
                let kind = classify_object(inner, &outer);
                if kind != ObjectKind::Unknown {
                    return kind;
                }
            }
            classify_object(m, &outer)
        }
        Value::Array(items) => {
            if items
                .iter()
                .any(|i| i.as_object().is_some_and(|o| partner_tenant(o).is_some()))
            {
                ObjectKind::Partners
            } else {
                ObjectKind::Unknown
            }
        }
        _ => ObjectKind::Unknown,
    }
}

/// Classifies one object; `outer` is the wrapper's `@odata.context` when it sits in `value`.
fn classify_object(m: &Map<String, Value>, outer: &str) -> ObjectKind {
    let own = context(m);
    let ctx = if own.is_empty() { outer } else { own.as_str() };
    let ty = odata_type(m);
    let display = get_ci(m, "displayName");
    let named = display.is_some_and(mentions_policy);
    let typed_default = ty.contains("crosstenantaccesspolicyconfigurationdefault");
    let typed_partner = ty.contains("crosstenantaccesspolicyconfigurationpartner");
    let typed_base = ty.ends_with(".crosstenantaccesspolicy");
    if let Some(def) = get_ci(m, "definition")
        && (ctx.contains("crosstenantaccesspolicy") || named || typed_base || mentions_policy(def))
        && !typed_default
        && !typed_partner
    {
        return ObjectKind::BetaPolicy;
    }
    if let Some(Value::Array(items)) = get_ci(m, "value") {
        let shaped = items
            .iter()
            .any(|i| i.as_object().is_some_and(|o| partner_tenant(o).is_some()));
        if shaped || ctx.contains("crosstenantaccesspolicy/partners") {
            return ObjectKind::Partners;
        }
    }
    if get_ci(m, "isServiceDefault").is_some()
        || typed_default
        || ctx.contains("crosstenantaccesspolicy/default")
    {
        return ObjectKind::Default;
    }
    if partner_tenant(m).is_some() || (typed_partner && get_ci(m, "tenantId").is_some()) {
        return ObjectKind::Partner;
    }
    if ctx.contains("crosstenantaccesspolicy")
        || named
        || typed_base
        || get_ci(m, "allowedCloudEndpoints").is_some()
    {
        return ObjectKind::V1Policy;
    }
    ObjectKind::Unknown
}

fn rank(k: ObjectKind) -> u8 {
    match k {
        ObjectKind::BetaPolicy => 0,
        ObjectKind::V1Policy => 1,
        ObjectKind::Partners => 2,
        ObjectKind::Partner => 3,
        ObjectKind::Default => 4,
        ObjectKind::Unknown => 5,
    }
}

/// Percent with one decimal; 0 when `of` is 0.
fn percent(part: usize, of: usize) -> f64 {
    if of == 0 {
        return 0.0;
    }
    (part as f64 * 1000.0 / of as f64).round() / 10.0
}

fn signed(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// What Microsoft's sample prints: `Get-Content` splits lines (dropping the byte order mark
/// and line breaks) and the array is joined with single spaces [inference].
pub fn snippet_bytes(text: &str) -> usize {
    let t = text.strip_prefix('\u{feff}').unwrap_or(text);
    if t.is_empty() {
        return 0;
    }
    let b = t.as_bytes();
    let (mut breaks, mut break_bytes, mut i) = (0usize, 0usize, 0usize);
    while let Some(&c) = b.get(i) {
        if c == b'\r' && b.get(i + 1) == Some(&b'\n') {
            breaks += 1;
            break_bytes += 2;
            i += 2;
        } else if c == b'\r' || c == b'\n' {
            breaks += 1;
            break_bytes += 1;
            i += 1;
        } else {
            i += 1;
        }
    }
    // A break at the very end ends the last line; it does not start a new one.
    let ends_with_break = t.ends_with('\n') || t.ends_with('\r');
    let lines = breaks + usize::from(!ends_with_break);
    t.len() - break_bytes + lines.saturating_sub(1)
}

/// Measures and breaks down one pasted text. Never fails: problems become diagnostics.
pub fn analyze(text: &str) -> PolicyReport {
    report(text, json::parse(text).as_ref(), &[])
}

/// `analyze` of the text `parsed` was parsed from, without parsing it again.
pub fn analyze_parsed(text: &str, parsed: &Parsed) -> PolicyReport {
    finish_walked(walk_parsed(text, parsed))
}

/// The first half of `analyze_parsed`: the walk over the parsed tree. What it leaves owns its
/// data, so a page can finish the report (`finish_walked`) in a task of its own.
pub fn walk_parsed(text: &str, parsed: &Parsed) -> Walked {
    let definitions = parsed.definitions.as_deref().unwrap_or_default();
    begin(text, Ok(&parsed.json), definitions)
}

/// A policy walked, its report not yet finished: see `walk_parsed`.
pub struct Walked {
    r: PolicyReport,
    /// Whether the text was read as JSON (false: a syntax error, reported as such).
    read: bool,
    walk: Option<WalkOut>,
}

/// What the walk found, owned.
struct WalkOut {
    total: usize,
    rows: Vec<walk::Row>,
    items: Vec<walk::Item>,
    findings: Vec<Finding>,
    diagnostics: Vec<Diagnostic>,
    section_totals: Vec<(String, usize, usize)>,
    partner_shaped: usize,
    definitions_read: usize,
    kinds: Vec<ObjectKind>,
    paged: bool,
    /// The other Microsoft clouds the pasted policy enables (`allowedCloudEndpoints`).
    clouds: Vec<String>,
}

fn report(
    text: &str,
    parsed: Result<&json::Parsed, &json::ParseError>,
    definitions: &[(usize, json::Read)],
) -> PolicyReport {
    finish_walked(begin(text, parsed, definitions))
}

fn begin(
    text: &str,
    parsed: Result<&json::Parsed, &json::ParseError>,
    definitions: &[(usize, json::Read)],
) -> Walked {
    let mut r = PolicyReport {
        bytes_as_pasted: text.len(),
        limit: LIMIT,
        measured_bytes: text.len(),
        measured_basis: MeasuredBasis::AsPasted,
        microsoft_procedure_bytes: text.len(),
        microsoft_snippet_bytes: snippet_bytes(text),
        microsoft_procedure_note: PROCEDURE_NOTE,
        storage_note: STORAGE_NOTES,
        measure_script: MEASURE_SCRIPT,
        ..PolicyReport::default()
    };
    let mut walk = None;
    let read = match parsed {
        Ok(parsed) => {
            walk = Some(fill_walk(&mut r, text, parsed, definitions));
            true
        }
        Err(e) => {
            let (line, column) = line_col(text, e.offset);
            r.diagnostics.push(
                Diagnostic::error(format!(
                    "Not readable as JSON at line {line}, column {column}: {}",
                    e.message
                ))
                .about(Topic::JsonSyntax),
            );
            r.json_error = Some(JsonError {
                line,
                column,
                message: e.message.clone(),
            });
            false
        }
    };
    Walked { r, read, walk }
}

/// The second half of `analyze_parsed`: the rows sorted, the breakdown, the findings and the
/// budget's figures.
pub fn finish_walked(walked: Walked) -> PolicyReport {
    let Walked { mut r, read, walk } = walked;
    if let Some(walk) = walk {
        fill_rest(&mut r, walk);
    }
    if r.read_commands.is_empty() {
        r.read_commands = read_commands(None);
    }
    r.remaining = signed(LIMIT) - signed(r.measured_bytes);
    r.remaining_compact = r.bytes_compact.map(|c| signed(LIMIT) - signed(c));
    r.percent = percent(r.measured_bytes, LIMIT);
    r.over_limit = r.measured_bytes > LIMIT;
    let (sentence, warning) = texts::measured_object(r.object_kind, read);
    r.measured_object = sentence;
    r.partial_warning = warning;
    r.partial = warning.is_some() || !r.shape.left_out.is_empty();
    budget_diagnostics(&mut r);
    r
}

fn fill_walk(
    r: &mut PolicyReport,
    text: &str,
    parsed: &json::Parsed,
    definitions: &[(usize, json::Read)],
) -> WalkOut {
    let docs = &parsed.docs;
    r.documents = docs.len();
    r.valid_json = parsed
        .extras
        .iter()
        .all(|e| e.extra == json::Extra::LoneSurrogate);
    r.tolerated = parsed
        .extras
        .iter()
        .map(|e| {
            let (line, column) = line_col(text, e.first);
            Tolerance {
                what: e.extra.describe().to_string(),
                count: e.count,
                line,
                column,
            }
        })
        .collect();
    for t in &r.tolerated {
        r.diagnostics.push(Diagnostic::info(format!(
            "Read anyway: {} ({}×, first at line {}, column {}).",
            t.what, t.count, t.line, t.column
        )));
    }

    let kinds: Vec<ObjectKind> = docs.iter().map(classify).collect();
    r.object_kind = kinds
        .iter()
        .copied()
        .min_by_key(|k| rank(*k))
        .unwrap_or_default();

    // Objects read inside a `value` wrapper are walked and compared as themselves.
    let inner: Vec<&Value> = docs
        .iter()
        .zip(&kinds)
        .map(|(d, k)| match unwrapped(d) {
            // `classify` judged the inner object first (with the wrapper's context).
            Some(i) if *k != ObjectKind::Unknown => i,
            _ => d,
        })
        .collect();
    r.shape = shape(docs, &inner, &kinds);
    shape_diagnostics(r);

    // The default settings, when pasted alone or expanded into the base object.
    let default = inner.iter().zip(&kinds).find_map(|(d, k)| {
        let m = d.as_object()?;
        if *k == ObjectKind::Default {
            Some(m)
        } else {
            get_ci(m, "default").and_then(Value::as_object)
        }
    });

    let mut walker = Walker::new(default, definitions);
    let mut total = 0;
    for (i, (doc, whole)) in inner.iter().zip(docs).enumerate() {
        let prefix = if docs.len() > 1 {
            format!("document {} > ", i + 1)
        } else {
            String::new()
        };
        let walked = walker.document(doc, &prefix);
        // The walk sized what it walked; a `value` wrapper around it is sized here.
        total += if std::ptr::eq(*doc, whole) {
            walked
        } else {
            size::size(whole, Place::Plain)
        };
    }
    walker.finish();
    r.bytes_compact = Some(total);
    let mut clouds: Vec<String> = Vec::new();
    for d in &inner {
        let listed = d
            .as_object()
            .and_then(|m| get_ci(m, "allowedCloudEndpoints"))
            .and_then(Value::as_array);
        for c in listed.into_iter().flatten().filter_map(Value::as_str) {
            clouds.push(c.to_owned());
        }
    }
    let paged = docs.iter().any(|d| {
        d.as_object()
            .is_some_and(|m| get_ci(m, "@odata.nextLink").is_some())
    });
    WalkOut {
        total,
        rows: walker.rows,
        items: walker.items,
        findings: walker.findings,
        diagnostics: walker.diagnostics,
        section_totals: walker.section_totals,
        partner_shaped: walker.partner_shaped,
        definitions_read: walker.definitions_read,
        kinds,
        paged,
        clouds,
    }
}

fn fill_rest(r: &mut PolicyReport, mut walker: WalkOut) {
    let total = walker.total;
    let share = |b: usize| percent(b, total);
    // Moved, not cloned: a 2 MB policy has thousands of rows and findings.
    let mut rows: Vec<PartnerRow> = std::mem::take(&mut walker.rows)
        .into_iter()
        .map(|w| PartnerRow {
            tenant_id: w.tenant_id,
            path: w.path,
            bytes: w.bytes,
            share: share(w.bytes),
            inherits_all: w.inherits_all,
            targets: w.targets,
            in_definition: w.in_definition,
        })
        .collect();
    text::sort_by(&mut rows, |a, b| {
        b.bytes.cmp(&a.bytes).then_with(|| a.path.cmp(&b.path))
    });
    r.partners = rows.len();

    // Sorted by reference and cut to its cap before anything is copied.
    let sections: Vec<String> = if walker.partner_shaped >= 2 {
        walker
            .section_totals
            .iter()
            .map(|(name, _, _)| format!("partners[*].{name}"))
            .collect()
    } else {
        Vec::new()
    };
    // The partners, the other items and the sections, pushed in turn.
    let mut parts: Vec<(&str, usize, PartKind, Option<&str>)> = Vec::new();
    for p in &rows {
        parts.push((
            p.path.as_str(),
            p.bytes,
            PartKind::Partner,
            Some(p.tenant_id.as_str()),
        ));
    }
    for i in &walker.items {
        parts.push((i.path.as_str(), i.bytes, i.kind, i.tenant_id.as_deref()));
    }
    for (path, (_, bytes, _)) in sections.iter().zip(&walker.section_totals) {
        parts.push((path.as_str(), *bytes, PartKind::Section, None));
    }
    text::sort_by(&mut parts, |a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
    r.breakdown_omitted = parts.len().saturating_sub(BREAKDOWN_CAP);
    parts.truncate(BREAKDOWN_CAP);
    r.breakdown = parts
        .into_iter()
        .map(|(path, bytes, kind, tenant_id)| BreakdownItem {
            path: path.to_string(),
            bytes,
            share: share(bytes),
            kind,
            tenant_id: tenant_id.map(str::to_string),
        })
        .collect();

    let mut findings: Vec<Finding> = std::mem::take(&mut walker.findings);
    // With another cloud enabled, an entry may be what lets a partner there in: said first
    // (entra-docs cross-cloud-settings.md; the facts file's corrections).
    if !walker.clouds.is_empty() {
        let enabled = walker.clouds.join(", ");
        for f in &mut findings {
            if matches!(
                f.kind,
                FindingKind::EmptyPartner
                    | FindingKind::NullPartner
                    | FindingKind::PartnerSameAsDefault
            ) {
                f.message = format!(
                    "This policy enables another Microsoft cloud ({enabled}): an entry for an organization there is what lets it in, so find out each tenant's cloud before deleting anything. {}",
                    f.message
                );
            }
        }
    }
    text::sort_by(&mut findings, |a, b| {
        b.bytes_freed
            .cmp(&a.bytes_freed)
            // By id, so equal sizes keep the order the JSON has always had.
            .then_with(|| a.kind.id().cmp(b.kind.id()))
    });
    r.findings_omitted = findings.len().saturating_sub(FINDINGS_CAP);
    findings.truncate(FINDINGS_CAP);
    r.findings = findings;

    r.read_commands = read_commands(rows.first().map(|p| p.tenant_id.as_str()));
    r.partner_rows = rows;

    r.diagnostics.append(&mut walker.diagnostics);
    if r.object_kind == ObjectKind::BetaPolicy {
        r.diagnostics.push(Diagnostic::info(DEPRECATED_DEFINITION));
    }
    if r.object_kind == ObjectKind::BetaPolicy && walker.definitions_read > 0 {
        let inside = r.partner_rows.iter().filter(|p| p.in_definition).count();
        r.diagnostics.push(Diagnostic::info(if inside > 0 {
            "[inference] Partner entries inside the definition were recognised by the tenant IDs they name; Microsoft doesn't document the definition's layout."
        } else {
            "No partner entries were recognised inside the definition (Microsoft doesn't document its layout); its size still counts in full."
        }));
    }
    if walker.paged {
        r.diagnostics.push(Diagnostic::warning(
            "This is one page of a longer list (@odata.nextLink): read every page (Get-MgPolicyCrossTenantAccessPolicyPartner -All) to see all partners.",
        ));
    }
    if walker.kinds.contains(&ObjectKind::Unknown) && r.object_kind != ObjectKind::Unknown {
        r.diagnostics.push(Diagnostic::info(
            "Part of the pasted JSON is not a cross-tenant access policy response; it is counted but not broken down.",
        ));
    }
}

/// The `$select` list of an `@odata.context` (`…/partners(tenantId,identitySynchronization())`).
fn selected(ctx: &str) -> Vec<String> {
    let Some((_, fragment)) = ctx.split_once('#') else {
        return Vec::new();
    };
    let Some((_, list)) = fragment.split_once('(') else {
        return Vec::new();
    };
    // Up to the parenthesis that closes the list; nested ones belong to $expand-ed items.
    let mut depth = 0usize;
    let mut end = list.len();
    for (i, c) in list.char_indices() {
        match c {
            '(' => depth += 1,
            ')' if depth == 0 => {
                end = i;
                break;
            }
            ')' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    let list = list.get(..end).unwrap_or("");
    let mut out = Vec::new();
    let (mut depth, mut item) = (0usize, String::new());
    // `name()` or `name(…)` is an expanded navigation property, not a property kept by $select:
    // a list of expansions only (`crossTenantAccessPolicy(default(),partners())`) selects nothing
    // away; one plain name among them (`partners(tenantId,identitySynchronization())`) does.
    let mut expanded = false;
    let mut plain = false;
    for c in list.chars().chain([',']) {
        match c {
            '(' => {
                expanded |= depth == 0;
                depth += 1;
            }
            ')' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => {
                let name = item.trim();
                if !name.is_empty() && name.len() <= 64 && out.len() < 64 {
                    plain |= !expanded;
                    out.push(name.to_owned());
                }
                item.clear();
                expanded = false;
            }
            _ if depth == 0 => item.push(c),
            _ => {}
        }
    }
    if !plain {
        out.clear();
    }
    out
}

/// What the pasted shape is and which of the documented properties it lacks.
fn shape(docs: &[Value], inner: &[&Value], kinds: &[ObjectKind]) -> Shape {
    let mut out = Shape::default();
    for ((doc, obj), kind) in docs.iter().zip(inner).zip(kinds) {
        if *kind == ObjectKind::Unknown {
            continue;
        }
        out.wrapped_in_value |= !std::ptr::eq(*obj, doc);
        // The first non-empty `@odata.context` of the document or the object inside it.
        let mut ctx = "";
        for v in [doc, *obj] {
            if let Some(c) = v
                .as_object()
                .and_then(|m| get_ci(m, "@odata.context"))
                .and_then(Value::as_str)
                && !c.is_empty()
            {
                ctx = c;
                break;
            }
        }
        let sel = selected(ctx);
        let core = match kind {
            ObjectKind::Partners | ObjectKind::Partner => PARTNER_CORE,
            ObjectKind::Default => DEFAULT_CORE,
            ObjectKind::V1Policy => BASE_CORE,
            ObjectKind::BetaPolicy | ObjectKind::Unknown => &[],
        };
        let items = match (kind, obj) {
            (ObjectKind::Partners, Value::Array(items)) => Some(items),
            (ObjectKind::Partners, Value::Object(m)) => {
                get_ci(m, "value").and_then(Value::as_array)
            }
            _ => None,
        };
        let mut objects: Vec<&Map<String, Value>> = Vec::new();
        match (kind, obj) {
            (ObjectKind::Partners, _) => {
                if let Some(items) = items {
                    for i in items {
                        objects.extend(i.as_object());
                    }
                }
            }
            (_, Value::Object(m)) => objects.push(m),
            _ => {}
        }
        for name in core {
            let unselected = !sel.is_empty() && !sel.iter().any(|s| s.eq_ignore_ascii_case(name));
            let missing = objects.iter().any(|m| get_ci(m, name).is_none());
            if (unselected || missing) && !out.left_out.iter().any(|l| l == name) {
                out.left_out.push((*name).to_owned());
            }
        }
        for s in sel {
            if !out.selected.contains(&s) {
                out.selected.push(s);
            }
        }
    }
    out
}

/// Says what the shape means for the count.
fn shape_diagnostics(r: &mut PolicyReport) {
    if r.shape.wrapped_in_value {
        r.diagnostics.push(Diagnostic::info(
            "The object came wrapped in a value member (a collection-style response, as some of Graph's \
             documentation examples show it). It was read inside the wrapper; the wrapper's few bytes are \
             counted with it.",
        ));
    }
    if r.shape.left_out.is_empty() {
        return;
    }
    let left = r.shape.left_out.join(", ");
    r.diagnostics.push(Diagnostic::warning(if r.shape.selected.is_empty() {
        format!(
            "Missing here, though every full response carries them: {left}. The response was cut down \
             ($select, Select-Object, or by hand), so the measurement is partial: the bytes of these \
             properties are not in the count. Read it again without selecting properties to measure it whole."
        )
    } else {
        format!(
            "$select ({}) dropped these properties: {left}, so the measurement is partial: their bytes are \
             not in the count. Read it again without $select to measure the whole object.",
            r.shape.selected.join(", ")
        )
    }));
}

fn budget_diagnostics(r: &mut PolicyReport) {
    use crate::text::grouped;
    let pasted = r.bytes_as_pasted;
    if let Some(compact) = r.bytes_compact {
        let extra = pasted.saturating_sub(compact);
        if extra > 0 && extra.saturating_mul(20) > pasted {
            r.diagnostics.push(Diagnostic::info(format!(
                "{} of the {} bytes are indentation, line breaks, comments or other formatting: compact, the same JSON is {} bytes. Microsoft's procedure counts the saved file as it is; which of the two the service counts is not documented.",
                grouped(extra),
                grouped(pasted),
                grouped(compact)
            )));
        }
    }
    if r.partial {
        return;
    }
    if r.over_limit {
        let over = r.measured_bytes - LIMIT;
        let mut m = format!(
            "{} bytes over the {}-byte limit (as pasted): saving changes fails with \"object limit\" unless your tenant no longer has the limit.",
            grouped(over),
            grouped(LIMIT)
        );
        if r.bytes_compact.is_some_and(|c| c <= LIMIT) {
            m.push_str(" Compact, the object fits; the difference is formatting.");
        }
        r.diagnostics.push(Diagnostic::error(m));
    } else if r.measured_bytes.saturating_mul(10) >= LIMIT * 9 {
        r.diagnostics.push(Diagnostic::warning(format!(
            "Close to the limit: {} bytes left of {}.",
            grouped(LIMIT.saturating_sub(r.measured_bytes)),
            grouped(LIMIT)
        )));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippet_joins_lines_with_spaces() {
        assert_eq!(snippet_bytes(""), 0);
        assert_eq!(snippet_bytes("{}"), 2);
        assert_eq!(snippet_bytes("{\r\n}\r\n"), 3);
        assert_eq!(snippet_bytes("\u{feff}a\nb\n\nc"), 6);
    }

    #[test]
    fn kinds() {
        let k = |s: &str| classify(&serde_json::from_str(s).unwrap_or(Value::Null));
        assert_eq!(k(r#"{"isServiceDefault":true}"#), ObjectKind::Default);
        assert_eq!(k(r#"{"error":{"code":"x"}}"#), ObjectKind::Unknown);
        assert_eq!(
            k(r#"[{"tenantId":"a","inboundTrust":null}]"#),
            ObjectKind::Partners
        );
        assert_eq!(
            k(r#"{"displayName":"CrossTenantAccessPolicy"}"#),
            ObjectKind::V1Policy
        );
    }
}
