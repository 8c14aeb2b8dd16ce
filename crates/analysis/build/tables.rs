//! Reads and validates the data tables (claims, apps, guidance) and writes them as Rust source.
//!
//! Shared by `build.rs` (which writes the output into `OUT_DIR`) and the native test
//! `tests/analysis/tables.rs` (which feeds it broken snippets). No I/O here: every function takes
//! the file's name and text and returns the generated code or the errors, each as `FILE:LINE: …`.
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::ops::Range;

use serde::Deserialize;
use toml::Spanned;

/// Who acts in a guidance step: (data id, `Actor` variant). The enum in `errors/guidance.rs`
/// must have exactly these variants, or the generated code does not compile.
pub const ACTORS: &[(&str, &str)] = &[
    ("guest", "Guest"),
    ("home_admin", "HomeAdmin"),
    ("resource_admin", "ResourceAdmin"),
    ("developer", "Developer"),
    ("network_admin", "NetworkAdmin"),
];

/// Invitation-time errors: (data kind, `InviteKind` variant). Each needs exactly one entry.
pub const INVITES: &[(&str, &str)] = &[
    ("invite_proxy_address_conflict", "ProxyAddressConflict"),
    ("invite_user_already_exists", "UserAlreadyExists"),
    ("invite_email_verified_blocked", "EmailVerifiedBlocked"),
    (
        "invite_blocked_by_cross_tenant_settings",
        "CrossTenantBlocked",
    ),
    (
        "invite_blocked_by_own_cross_tenant_settings",
        "OwnCrossTenantBlocked",
    ),
    (
        "invite_b2b_cross_cloud_worker_disabled",
        "CrossCloudWorkerDisabled",
    ),
    ("invite_not_allowed", "InvitesNotAllowed"),
    ("invite_extensions_app_missing", "ExtensionsAppMissing"),
];

/// Questions of the AADSTS50020 checklist: (data id, `CheckId` variant). The code fills in a
/// suggestion per question, so each id must be one the code knows.
pub const CHECKS: &[(&str, &str)] = &[
    ("wrong_account", "WrongAccount"),
    ("never_invited", "NeverInvited"),
    ("invitation_pending", "InvitationPending"),
    ("proxy_address_missing", "ProxyAddressMissing"),
    ("home_account_recreated", "HomeAccountRecreated"),
    ("single_tenant_via_common", "SingleTenantViaCommon"),
    ("personal_account_work_app", "PersonalAccountWorkApp"),
    ("assignment_required", "AssignmentRequired"),
];

/// Collected problems, each already formatted as `FILE:LINE: message`.
pub type Errors = Vec<String>;

/// `(id, variant)` of every `RecipeId`, read from the enum's declaration in `src/entra.rs`.
/// The enum serialises as kebab-case, so the id follows from the variant's name.
pub fn recipe_ids(entra_rs: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let Some(start) = entra_rs.find("pub enum RecipeId {") else {
        return out;
    };
    let body = &entra_rs[start + "pub enum RecipeId {".len()..];
    for line in body.lines() {
        let line = line.trim();
        if line.starts_with('}') {
            break;
        }
        if line.is_empty() || line.starts_with("//") || line.starts_with('#') {
            continue;
        }
        let variant = line.trim_end_matches(',').trim();
        if !variant.is_empty() && variant.chars().all(|c| c.is_ascii_alphanumeric()) {
            out.push((kebab(variant), variant.to_owned()));
        }
    }
    out
}

fn kebab(camel: &str) -> String {
    let mut out = String::new();
    for (i, c) in camel.chars().enumerate() {
        if c.is_ascii_uppercase() {
            if i > 0 {
                out.push('-');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// Line (1-based) of a byte offset.
fn line_of(text: &str, offset: usize) -> usize {
    text.get(..offset)
        .map_or(0, |t| t.bytes().filter(|&b| b == b'\n').count())
        + 1
}

/// One file being checked: its name and text, and the errors found so far.
struct Check<'a> {
    file: &'a str,
    text: &'a str,
    errors: Errors,
}

impl Check<'_> {
    fn err(&mut self, span: Range<usize>, msg: impl std::fmt::Display) {
        let line = line_of(self.text, span.start);
        self.errors.push(format!("{}:{line}: {msg}", self.file));
    }

    fn parse<T: for<'de> Deserialize<'de>>(&mut self) -> Option<T> {
        match toml::from_str(self.text) {
            Ok(v) => Some(v),
            Err(e) => {
                let span = e.span().unwrap_or(0..0);
                let msg = e.message().to_owned();
                self.err(span, msg);
                None
            }
        }
    }

    fn text_field(&mut self, s: &Spanned<String>, what: &str) {
        if s.get_ref().trim().is_empty() {
            self.err(s.span(), format!("{what} is empty"));
        }
    }

    /// An `id` that must be a lower-case GUID listed once in `seen`; `what` names the entry.
    fn unique_guid<'d>(
        &mut self,
        seen: &mut BTreeSet<&'d str>,
        id: &'d Spanned<String>,
        what: &str,
    ) {
        if !is_lower_guid(id.get_ref()) {
            self.err(id.span(), "id is not a lower-case GUID");
        }
        if !seen.insert(id.get_ref().as_str()) {
            self.err(
                id.span(),
                format!("{what} {:?} is listed twice", id.get_ref()),
            );
        }
    }

    fn finish(self, code: String) -> Result<String, Errors> {
        if self.errors.is_empty() {
            Ok(code)
        } else {
            Err(self.errors)
        }
    }
}

// ---------------------------------------------------------------- claims

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ClaimsFile {
    #[serde(default)]
    claim: Vec<Spanned<Claim>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Claim {
    name: Spanned<String>,
    meaning: Spanned<String>,
    doc: Spanned<String>,
    #[serde(default)]
    time: bool,
    #[serde(default)]
    sources: Option<Spanned<Vec<Spanned<Source>>>>,
}

/// `data/claims.toml` → `pub static CLAIMS: &[ClaimInfo]`, sorted by name for binary search.
pub fn claims(file: &str, text: &str) -> Result<String, Errors> {
    let mut c = Check {
        file,
        text,
        errors: Vec::new(),
    };
    let Some(data) = c.parse::<ClaimsFile>() else {
        return c.finish(String::new());
    };
    let mut sorted: BTreeMap<&str, &Claim> = BTreeMap::new();
    for claim in &data.claim {
        let cl = claim.get_ref();
        c.text_field(&cl.name, "name");
        c.text_field(&cl.meaning, "meaning");
        let doc = cl.doc.get_ref().as_str();
        if !matches!(
            doc,
            "documented" | "sample_only" | "internal" | "undocumented"
        ) {
            c.err(
                cl.doc.span(),
                format!("doc {doc:?} is not documented, sample_only, internal or undocumented"),
            );
        }
        check_sources(&mut c, claim.span(), &cl.sources);
        if sorted.insert(cl.name.get_ref(), cl).is_some() {
            c.err(
                cl.name.span(),
                format!("claim {:?} is listed twice", cl.name.get_ref()),
            );
        }
    }
    let mut out = String::from(
        "/// Sorted by name for binary search (build.rs sorts them).\npub static CLAIMS: &[ClaimInfo] = &[\n",
    );
    for (name, cl) in sorted {
        let doc = match cl.doc.get_ref().as_str() {
            "sample_only" => "SampleOnly",
            "internal" => "Internal",
            "undocumented" => "Undocumented",
            _ => "Documented",
        };
        let _ = write!(
            out,
            "    ClaimInfo {{ name: {name:?}, meaning: {:?}, doc: Doc::{doc}, time: {}, sources: ",
            cl.meaning.get_ref(),
            cl.time
        );
        write_sources(&mut out, &cl.sources);
        out.push_str(" },\n");
    }
    out.push_str("];\n");
    c.finish(out)
}

// ---------------------------------------------------------------- apps

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AppsFile {
    #[serde(default)]
    app: Vec<Spanned<App>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct App {
    id: Spanned<String>,
    name: Spanned<String>,
    uri: Option<Spanned<String>>,
}

fn is_lower_guid(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 36
        && b.iter().enumerate().all(|(i, &c)| match i {
            8 | 13 | 18 | 23 => c == b'-',
            _ => c.is_ascii_digit() || (b'a'..=b'f').contains(&c),
        })
}

/// `data/apps.toml` → `pub static APPS: &[App]`, in file order, ids and URIs unique.
pub fn apps(file: &str, text: &str) -> Result<String, Errors> {
    let mut c = Check {
        file,
        text,
        errors: Vec::new(),
    };
    let Some(data) = c.parse::<AppsFile>() else {
        return c.finish(String::new());
    };
    let mut ids = BTreeSet::new();
    let mut uris = BTreeSet::new();
    let mut out = String::from("pub static APPS: &[App] = &[\n");
    for app in &data.app {
        let a = app.get_ref();
        c.text_field(&a.name, "name");
        c.unique_guid(&mut ids, &a.id, "app");
        if let Some(u) = &a.uri {
            if !is_https_url(u.get_ref()) {
                c.err(u.span(), "uri is not an https URL");
            }
            if !uris.insert(u.get_ref().to_ascii_lowercase()) {
                c.err(u.span(), format!("uri {:?} is listed twice", u.get_ref()));
            }
        }
        let _ = writeln!(
            out,
            "    App {{ id: {:?}, name: {:?}, uri: {:?} }},",
            a.id.get_ref(),
            a.name.get_ref(),
            a.uri.as_ref().map(|u| u.get_ref())
        );
    }
    out.push_str("];\n");
    c.finish(out)
}

// ---------------------------------------------------------------- roles

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RolesFile {
    sources: Option<Spanned<Vec<Spanned<Source>>>>,
    #[serde(default)]
    role: Vec<Spanned<Role>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Role {
    id: Spanned<String>,
    name: Spanned<String>,
}

/// Checks `data/roles.toml` (template IDs lower-case GUIDs, each once; names given; the list
/// cited) and writes `ROLES` and `ROLE_SOURCES`.
pub fn roles(file: &str, text: &str) -> Result<String, Errors> {
    let mut c = Check {
        file,
        text,
        errors: Vec::new(),
    };
    let Some(data) = c.parse::<RolesFile>() else {
        return c.finish(String::new());
    };
    check_sources(&mut c, 0..0, &data.sources);
    let mut ids = BTreeSet::new();
    let mut out = String::from("pub static ROLES: &[(&str, &str)] = &[\n");
    for role in &data.role {
        let r = role.get_ref();
        c.text_field(&r.name, "name");
        c.unique_guid(&mut ids, &r.id, "role");
        let _ = writeln!(out, "    ({:?}, {:?}),", r.id.get_ref(), r.name.get_ref());
    }
    out.push_str("];\npub static ROLE_SOURCES: &[Source] = ");
    write_sources(&mut out, &data.sources);
    out.push_str(";\n");
    c.finish(out)
}

// ---------------------------------------------------------------- guidance

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct GuidanceFile {
    #[serde(default)]
    code: Vec<Spanned<Entry>>,
    #[serde(default)]
    invite: Vec<Spanned<Entry>>,
    #[serde(default)]
    check: Vec<Spanned<CheckQuestion>>,
}

/// One guidance entry as written in the data; `codes` for `[[code]]`, `kind` for `[[invite]]`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    codes: Option<Spanned<Vec<Spanned<u32>>>>,
    kind: Option<Spanned<String>>,
    meaning: Spanned<String>,
    verified: bool,
    caveat: Option<Spanned<String>>,
    #[serde(default)]
    checklist: bool,
    recipes: Vec<Spanned<String>>,
    steps: Vec<Spanned<Step>>,
    #[serde(default)]
    sources: Option<Spanned<Vec<Spanned<Source>>>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Step {
    actor: Spanned<String>,
    text: Spanned<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Source {
    title: Spanned<String>,
    url: Spanned<String>,
    checked: Spanned<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CheckQuestion {
    id: Spanned<String>,
    question: Spanned<String>,
    recipe: Spanned<String>,
}

/// An https URL with a host and nothing that could break out of an attribute or a string.
pub fn is_https_url(u: &str) -> bool {
    let Some(rest) = u.strip_prefix("https://") else {
        return false;
    };
    let host = rest.split('/').next().unwrap_or("");
    !host.is_empty()
        && host.contains('.')
        && u.chars()
            .all(|c| c.is_ascii_graphic() && !matches!(c, '"' | '\'' | '<' | '>' | '\\' | '`'))
}

/// `YYYY-MM-DD` with a month 01–12 and a day 01–31.
pub fn is_date(d: &str) -> bool {
    let b = d.as_bytes();
    let digits = |r: Range<usize>| {
        b.get(r.clone())
            .filter(|s| s.iter().all(u8::is_ascii_digit))
            .and_then(|_| d.get(r)?.parse::<u32>().ok())
    };
    b.len() == 10
        && b.get(4) == Some(&b'-')
        && b.get(7) == Some(&b'-')
        && digits(0..4).is_some_and(|y| y >= 2000)
        && digits(5..7).is_some_and(|m| (1..=12).contains(&m))
        && digits(8..10).is_some_and(|d| (1..=31).contains(&d))
}

/// What `guidance()` produces: the generated code and how many entries it holds.
pub struct GuidanceOut {
    pub code: String,
    /// Read by the table tests, not by build.rs.
    #[allow(dead_code)]
    pub entries: usize,
}

/// `data/guidance.toml` → `GUIDANCE` (entries in file order), `BY_CODE` (code → entry, sorted),
/// one static per invitation kind, and `CHECKS` (the 50020 checklist's questions).
pub fn guidance(
    file: &str,
    text: &str,
    recipes: &[(String, String)],
) -> Result<GuidanceOut, Errors> {
    let mut c = Check {
        file,
        text,
        errors: Vec::new(),
    };
    let Some(data) = c.parse::<GuidanceFile>() else {
        return Err(c.errors);
    };
    let mut out = String::new();
    let mut by_code: BTreeMap<u32, usize> = BTreeMap::new();

    out.push_str("pub(super) static GUIDANCE: &[Entry] = &[\n");
    for (i, e) in data.code.iter().enumerate() {
        let span = e.span();
        let e = e.get_ref();
        match &e.codes {
            None => c.err(span.clone(), "a [[code]] entry needs `codes`"),
            Some(codes) if codes.get_ref().is_empty() => c.err(codes.span(), "`codes` is empty"),
            Some(codes) => {
                for code in codes.get_ref() {
                    if by_code.insert(*code.get_ref(), i).is_some() {
                        c.err(
                            code.span(),
                            format!("code {} has two entries", code.get_ref()),
                        );
                    }
                }
            }
        }
        if let Some(k) = &e.kind {
            c.err(k.span(), "`kind` belongs to [[invite]] entries");
        }
        out.push_str("    ");
        entry(&mut c, span, e, recipes, &mut out);
        out.push_str(",\n");
    }
    out.push_str("];\n\n");

    out.push_str("pub(super) static BY_CODE: &[(u32, usize)] = &[\n");
    for (code, i) in &by_code {
        let _ = writeln!(out, "    ({code}, {i}),");
    }
    out.push_str("];\n\n");

    let mut seen = BTreeSet::new();
    for e in &data.invite {
        let span = e.span();
        let e = e.get_ref();
        if e.codes.is_some() {
            c.err(span.clone(), "`codes` belongs to [[code]] entries");
        }
        let Some(kind) = &e.kind else {
            c.err(span, "an [[invite]] entry needs `kind`");
            continue;
        };
        let Some((_, variant)) = INVITES.iter().find(|(k, _)| k == kind.get_ref()) else {
            c.err(
                kind.span(),
                format!("unknown invitation kind {:?}", kind.get_ref()),
            );
            continue;
        };
        if !seen.insert(*variant) {
            c.err(
                kind.span(),
                format!("invitation kind {:?} has two entries", kind.get_ref()),
            );
        }
        let _ = write!(
            out,
            "static INVITE_{}: Entry = ",
            variant.to_ascii_uppercase()
        );
        entry(&mut c, span, e, recipes, &mut out);
        out.push_str(";\n");
    }
    for (kind, variant) in INVITES {
        if !seen.contains(variant) {
            c.err(0..0, format!("no [[invite]] entry for kind {kind:?}"));
        }
    }
    out.push_str("\nimpl InviteKind {\n    /// Our guidance for this invitation error.\n    pub fn entry(self) -> &'static Entry {\n        match self {\n");
    for (_, variant) in INVITES {
        let _ = writeln!(
            out,
            "            InviteKind::{variant} => &INVITE_{},",
            variant.to_ascii_uppercase()
        );
    }
    out.push_str("        }\n    }\n}\n\n");

    let mut seen = BTreeSet::new();
    out.push_str("pub(super) static CHECKS: &[Check] = &[\n");
    for q in &data.check {
        let q = q.get_ref();
        c.text_field(&q.question, "question");
        let recipe = recipe_variant(&mut c, &q.recipe, recipes);
        let Some((_, variant)) = CHECKS.iter().find(|(id, _)| id == q.id.get_ref()) else {
            c.err(
                q.id.span(),
                format!(
                    "unknown checklist question {:?} (the code fills in a suggestion per known id)",
                    q.id.get_ref()
                ),
            );
            continue;
        };
        if !seen.insert(*variant) {
            c.err(
                q.id.span(),
                format!("checklist question {:?} is listed twice", q.id.get_ref()),
            );
        }
        let _ = writeln!(
            out,
            "    Check {{ id: CheckId::{variant}, question: {:?}, recipe: RecipeId::{} }},",
            q.question.get_ref(),
            recipe.unwrap_or("FindAddress")
        );
    }
    out.push_str("];\n");

    if c.errors.is_empty() {
        Ok(GuidanceOut {
            code: out,
            entries: data.code.len() + data.invite.len(),
        })
    } else {
        Err(c.errors)
    }
}

fn recipe_variant<'r>(
    c: &mut Check,
    id: &Spanned<String>,
    recipes: &'r [(String, String)],
) -> Option<&'r str> {
    let found = recipes
        .iter()
        .find(|(r, _)| r == id.get_ref())
        .map(|(_, v)| v.as_str());
    if found.is_none() {
        c.err(
            id.span(),
            format!(
                "unknown recipe {:?} (not a RecipeId in src/entra.rs)",
                id.get_ref()
            ),
        );
    }
    found
}

/// Fewest steps an entry may have: the issue asks for at least two, each naming who acts.
pub const MIN_STEPS: usize = 2;

/// Every source must be a titled https page with a check date, and there must be at least one:
/// an entry nobody can check is a build error, not a warning.
fn check_sources(
    c: &mut Check,
    span: Range<usize>,
    sources: &Option<Spanned<Vec<Spanned<Source>>>>,
) {
    let list = sources.as_ref().map_or(&[][..], |s| s.get_ref());
    if list.is_empty() {
        c.err(
            sources.as_ref().map_or(span, |s| s.span()),
            "no sources: cite at least one page that states this",
        );
    }
    for s in list {
        let s = s.get_ref();
        c.text_field(&s.title, "source title");
        if !is_https_url(s.url.get_ref()) {
            c.err(
                s.url.span(),
                format!("source url {:?} is not an https URL", s.url.get_ref()),
            );
        }
        if !is_date(s.checked.get_ref()) {
            c.err(
                s.checked.span(),
                format!("checked {:?} is not a YYYY-MM-DD date", s.checked.get_ref()),
            );
        }
    }
}

/// Writes `&[Source { … }, …]`.
fn write_sources(out: &mut String, sources: &Option<Spanned<Vec<Spanned<Source>>>>) {
    out.push_str("&[");
    for s in sources.as_ref().map_or(&[][..], |s| s.get_ref()) {
        let s = s.get_ref();
        let _ = write!(
            out,
            "Source {{ title: {:?}, url: {:?}, checked: {:?} }}, ",
            s.title.get_ref(),
            s.url.get_ref(),
            s.checked.get_ref()
        );
    }
    out.push(']');
}

/// Checks one entry and writes it as an `Entry { … }` literal.
fn entry(
    c: &mut Check,
    span: Range<usize>,
    e: &Entry,
    recipes: &[(String, String)],
    out: &mut String,
) {
    c.text_field(&e.meaning, "meaning");
    if let Some(cav) = &e.caveat {
        c.text_field(cav, "caveat");
    }
    let mut rs = Vec::new();
    for r in &e.recipes {
        if let Some(v) = recipe_variant(c, r, recipes) {
            if rs.contains(&v) {
                c.err(
                    r.span(),
                    format!("recipe {:?} is listed twice", r.get_ref()),
                );
            }
            rs.push(v);
        }
    }
    if e.steps.len() < MIN_STEPS {
        c.err(
            span.clone(),
            format!(
                "{} step(s): an entry needs at least {MIN_STEPS}, each naming who acts",
                e.steps.len()
            ),
        );
    }
    let mut steps = Vec::new();
    for s in &e.steps {
        let s = s.get_ref();
        c.text_field(&s.text, "step text");
        match ACTORS.iter().find(|(id, _)| id == s.actor.get_ref()) {
            Some((_, v)) => steps.push((*v, s.text.get_ref().as_str())),
            None => c.err(
                s.actor.span(),
                format!(
                    "unknown actor {:?} (one of {})",
                    s.actor.get_ref(),
                    ACTORS
                        .iter()
                        .map(|(id, _)| *id)
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ),
        }
    }
    check_sources(c, span, &e.sources);

    let _ = write!(
        out,
        "Entry {{ meaning: {:?}, verified: {}, caveat: {:?}, checklist: {}, recipes: &[",
        e.meaning.get_ref(),
        e.verified,
        e.caveat.as_ref().map(|c| c.get_ref()),
        e.checklist
    );
    for r in &rs {
        let _ = write!(out, "RecipeId::{r}, ");
    }
    out.push_str("], steps: &[");
    for (a, t) in steps {
        let _ = write!(out, "(Actor::{a}, {t:?}), ");
    }
    out.push_str("], sources: ");
    write_sources(out, &e.sources);
    out.push_str(" }");
}
