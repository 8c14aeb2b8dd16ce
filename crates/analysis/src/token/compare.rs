//! Two tokens side by side: claims aligned by name, differences explained in guest terms, and
//! whether the two belong to the same person, with the evidence that links or separates them.
//!
//! Reads only the decoded claims (and `kind`), so it stays independent of how the single-token
//! report words its verdict.
use serde::Serialize;
use serde_json::{Map, Value};

use super::{MSA_TENANT, TokenKind, TokenReport, claims, guest::ext_upn_address};
use crate::text::is_guid;

/// How one claim compares between token A and token B.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Relation {
    Same,
    Differs,
    OnlyA,
    OnlyB,
}

impl Relation {
    pub fn label(self) -> &'static str {
        match self {
            Relation::Same => "same",
            Relation::Differs => "differs",
            Relation::OnlyA => "only in A",
            Relation::OnlyB => "only in B",
        }
    }
}

/// The answer to "are these the same person?".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Person {
    /// Strong evidence links them and nothing strong separates them.
    Same,
    /// Only soft evidence (address, UPN) links them.
    LikelySame,
    /// The evidence separates them and nothing links them.
    Different,
    /// Evidence points both ways: a re-invited guest or one person with two accounts.
    Mixed,
    /// Nothing to go on (a token's claims can't be read, or they share nothing telling).
    Unknown,
}

impl Person {
    pub fn label(self) -> &'static str {
        match self {
            Person::Same => "Same person",
            Person::LikelySame => "Probably the same person",
            Person::Different => "Different people",
            Person::Mixed => "Mixed evidence",
            Person::Unknown => "Can't tell",
        }
    }
}

/// What a piece of evidence is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EvidenceKind {
    /// Same tenant and same `oid`.
    SameObject,
    /// Same tenant, different `oid`: two accounts.
    TwoObjects,
    /// Different tenants, different `oid`: expected for one guest, proves nothing.
    ObjectPerTenant,
    /// Who authenticated the account: `idp`, or the issuing tenant when there is none.
    IdentityProvider,
    /// `altsecid` / `puid`: the outside account's ID (undocumented).
    AltSecId,
    /// The `email` claim, or an address matching the other token's sign-in name.
    Email,
    /// A `#EXT#` UPN and the address it was made from.
    GuestUpn,
    /// The same sign-in name (upn, unique_name or preferred_username) in both tokens.
    SignInName,
}

impl EvidenceKind {
    pub fn label(self) -> &'static str {
        match self {
            EvidenceKind::SameObject => "Same object",
            EvidenceKind::TwoObjects => "Two objects in one tenant",
            EvidenceKind::ObjectPerTenant => "Object IDs per tenant",
            EvidenceKind::IdentityProvider => "Identity provider and home tenant",
            EvidenceKind::AltSecId => "altsecid / puid",
            EvidenceKind::Email => "Email address",
            EvidenceKind::GuestUpn => "#EXT# UPN",
            EvidenceKind::SignInName => "Sign-in name",
        }
    }
}

/// Which way a piece of evidence points.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Bearing {
    Links,
    Separates,
    /// Worth saying, but it points neither way.
    Neutral,
}

impl Bearing {
    pub fn label(self) -> &'static str {
        match self {
            Bearing::Links => "links them",
            Bearing::Separates => "separates them",
            Bearing::Neutral => "proves nothing alone",
        }
    }
}

/// How much a piece of evidence counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Weight {
    /// An identifier Entra keeps stable for the account.
    Strong,
    /// An address or name: telling, but mutable.
    Soft,
    /// Consistent with either answer.
    Weak,
}

impl Weight {
    pub fn label(self) -> &'static str {
        match self {
            Weight::Strong => "strong",
            Weight::Soft => "soft",
            Weight::Weak => "weak",
        }
    }
}

/// One piece of evidence about whether A and B are the same person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Clue {
    pub kind: EvidenceKind,
    pub bearing: Bearing,
    pub weight: Weight,
    /// A sentence naming the values.
    pub text: String,
}

/// One claim, aligned across the two tokens.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Row {
    pub claim: String,
    /// As shown: strings bare, everything else as compact JSON.
    pub a: Option<String>,
    pub b: Option<String>,
    pub relation: Relation,
    /// True for the claims that tell a guest's story (tid, idp, oid, upn, acct…).
    pub guest: bool,
    /// What the difference means in guest terms; None when the values are the same.
    pub explanation: Option<String>,
}

/// Everything `compare` says about two tokens.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Comparison {
    pub person: Person,
    /// One sentence: same person or not, and why.
    pub sentence: String,
    pub evidence: Vec<Clue>,
    pub rows: Vec<Row>,
}

/// The claims shown first, in teaching order: identity, then the account, then the app.
const ORDER: &[&str] = &[
    "iss",
    "tid",
    "idp",
    "oid",
    "sub",
    "upn",
    "unique_name",
    "preferred_username",
    "email",
    "name",
    "acct",
    "altsecid",
    "puid",
    "amr",
    "acr",
    "aud",
    "appid",
    "azp",
    "app_displayname",
    "appidacr",
    "azpacr",
    "ver",
    "scp",
    "roles",
];

/// Claims whose differences tell a guest's story.
const GUEST_CLAIMS: &[&str] = &[
    "iss",
    "tid",
    "idp",
    "oid",
    "upn",
    "unique_name",
    "preferred_username",
    "email",
    "acct",
    "altsecid",
    "puid",
    "amr",
    "aud",
    "ver",
];

/// Time claims go last, in this order; other time claims after them.
const TIMES: &[&str] = &["iat", "nbf", "exp", "auth_time"];

/// Who authenticated an account.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Provider {
    /// An Entra tenant: the guest's home tenant, or the issuer for a member.
    Tenant(String),
    Msa,
    Mail,
    /// Anything else `idp` names (social or federated), lower-cased.
    Other(String),
}

impl Provider {
    fn describe(&self) -> String {
        match self {
            Provider::Tenant(t) => format!("the Entra tenant {t}"),
            Provider::Msa => "a personal Microsoft account (live.com)".to_owned(),
            Provider::Mail => "an email one-time passcode (mail)".to_owned(),
            Provider::Other(s) => format!("{s}, a federated or social identity provider"),
        }
    }
}

/// What one token says about its account.
struct Who<'a> {
    claims: Option<&'a Map<String, Value>>,
    tid: Option<String>,
    oid: Option<String>,
    /// `idp` when it differs from `iss`: the account comes from elsewhere.
    idp: Option<&'a str>,
    provider: Option<Provider>,
    altsecid: Option<&'a str>,
    puid: Option<&'a str>,
    email: Option<String>,
    /// Addresses the account signs in as (upn, unique_name, preferred_username), lower-cased.
    names: Vec<String>,
    /// The `#EXT#` UPN and the address it was made from.
    ext: Option<(&'a str, String)>,
}

fn text<'a>(c: Option<&'a Map<String, Value>>, name: &str) -> Option<&'a str> {
    c?.get(name)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

/// The tenant in an Entra issuer URL, and whether it has the v2 form.
fn issuer_tenant(url: &str) -> Option<(String, bool)> {
    let rest = url.strip_prefix("https://")?;
    let (_, path) = rest.split_once('/')?;
    let mut segs = path.split('/').filter(|s| !s.is_empty());
    let tenant = segs.next().filter(|t| is_guid(t))?;
    Some((tenant.to_ascii_lowercase(), segs.next() == Some("v2.0")))
}

fn provider_of_idp(idp: &str) -> Provider {
    match idp.to_ascii_lowercase().as_str() {
        "live.com" => Provider::Msa,
        "mail" => Provider::Mail,
        lower => match issuer_tenant(idp) {
            Some((t, _)) if t == MSA_TENANT => Provider::Msa,
            Some((t, _)) => Provider::Tenant(t),
            None => Provider::Other(lower.to_owned()),
        },
    }
}

impl<'a> Who<'a> {
    fn of(r: &'a TokenReport) -> Self {
        let c = match r.kind {
            TokenKind::Jws => r.claims.as_ref().and_then(Value::as_object),
            _ => None,
        };
        let lower = |s: &str| s.to_ascii_lowercase();
        let tid = text(c, "tid").map(lower);
        let iss = text(c, "iss");
        let idp = text(c, "idp").filter(|i| Some(*i) != iss);
        let provider = match (idp, &tid) {
            (Some(i), _) => Some(provider_of_idp(i)),
            (None, Some(t)) if t == MSA_TENANT => Some(Provider::Msa),
            (None, Some(t)) => Some(Provider::Tenant(t.clone())),
            (None, None) => None,
        };
        let mut names = Vec::new();
        let mut ext = None;
        for claim in ["upn", "unique_name", "preferred_username"] {
            let Some(v) = text(c, claim) else { continue };
            if let Some(addr) = ext_upn_address(v) {
                if ext.is_none() {
                    ext = Some((v, lower(&addr)));
                }
                continue;
            }
            // `live.com#kim@outlook.example`: the address after the provider.
            let addr = v.rsplit_once('#').map_or(v, |(_, a)| a);
            let addr = lower(addr);
            if addr.contains('@') && !names.contains(&addr) {
                names.push(addr);
            }
        }
        Who {
            claims: c,
            oid: text(c, "oid").map(lower),
            tid,
            idp,
            provider,
            altsecid: text(c, "altsecid"),
            puid: text(c, "puid"),
            email: text(c, "email").map(lower),
            names,
            ext,
        }
    }

    fn value(&self, claim: &str) -> Option<&'a Value> {
        self.claims?.get(claim)
    }
}

fn shown(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// "x", "x and y", "x, y and z".
fn join(parts: &[&str]) -> String {
    match parts {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

fn clue(kind: EvidenceKind, bearing: Bearing, weight: Weight, text: String) -> Clue {
    Clue {
        kind,
        bearing,
        weight,
        text,
    }
}

/// The evidence for and against "same person".
fn evidence(a: &Who, b: &Who) -> Vec<Clue> {
    let mut out = Vec::new();
    let same_tenant = a.tid.is_some() && a.tid == b.tid;
    if let (Some(oa), Some(ob)) = (&a.oid, &b.oid) {
        let tenant = a.tid.as_deref().unwrap_or("?");
        if same_tenant && oa == ob {
            out.push(clue(
                EvidenceKind::SameObject,
                Bearing::Links,
                Weight::Strong,
                format!("Both tokens name the same object ({oa}) in the same tenant ({tenant}): one account."),
            ));
        } else if same_tenant {
            out.push(clue(
                EvidenceKind::TwoObjects,
                Bearing::Separates,
                Weight::Strong,
                format!(
                    "Both tokens come from tenant {tenant} but name different objects ({oa} and {ob}): two accounts there."
                ),
            ));
        } else if a.tid.is_some() && b.tid.is_some() {
            out.push(clue(
                EvidenceKind::ObjectPerTenant,
                Bearing::Neutral,
                Weight::Weak,
                "The object IDs differ, but so do the tenants: a guest has one object at home and another in each \
                 tenant that invited them, so this alone says nothing."
                    .to_owned(),
            ));
        }
    }
    if let (Some(pa), Some(pb)) = (&a.provider, &b.provider) {
        let side = |w: &Who, x: &str| match (w.idp, &w.provider) {
            (Some(_), Some(Provider::Tenant(t))) => {
                format!("{x}'s idp names {t} as its home tenant")
            }
            (Some(_), Some(p)) => format!("{x} signed in with {}", p.describe()),
            _ => format!(
                "{x} was authenticated by its own tenant {}",
                w.tid.as_deref().unwrap_or("?")
            ),
        };
        if pa != pb {
            out.push(clue(
                EvidenceKind::IdentityProvider,
                Bearing::Separates,
                Weight::Strong,
                format!(
                    "Different accounts: A was authenticated by {} and B by {}.",
                    pa.describe(),
                    pb.describe()
                ),
            ));
        } else if !same_tenant {
            out.push(clue(
                EvidenceKind::IdentityProvider,
                Bearing::Links,
                Weight::Weak,
                format!(
                    "The same identity provider: {} and {}. Consistent with one person, but many people share it.",
                    side(a, "A"),
                    side(b, "B")
                ),
            ));
        }
    }
    altsecid_clues(a, b, &mut out);
    upn_clues(a, b, &mut out);
    email_clues(a, b, &mut out);
    name_clues(a, b, &mut out);
    out
}

/// The same sign-in name in both tokens (a home token's upn, a guest token's
/// preferred_username), unless an address clue already links them: it links without proving.
fn name_clues(a: &Who, b: &Who, out: &mut Vec<Clue>) {
    let linked = out.iter().any(|c| {
        c.bearing == Bearing::Links
            && matches!(c.kind, EvidenceKind::Email | EvidenceKind::GuestUpn)
    });
    if linked {
        return;
    }
    if let Some(n) = a.names.iter().find(|n| b.names.contains(n)) {
        out.push(clue(
            EvidenceKind::SignInName,
            Bearing::Links,
            Weight::Soft,
            format!("Both sign in as {n}: it links them but proves nothing, since a sign-in name can change and be reused."),
        ));
    }
}

/// `5::<puid>` for a work or school account.
fn puid_in(altsecid: &str) -> Option<&str> {
    altsecid.strip_prefix("5::").filter(|p| !p.is_empty())
}

fn altsecid_clues(a: &Who, b: &Who, out: &mut Vec<Clue>) {
    const CAVEAT: &str =
        " (altsecid and puid are undocumented; this is how Microsoft's sample tokens use them)";
    let mut push = |bearing, text: String| {
        out.push(clue(
            EvidenceKind::AltSecId,
            bearing,
            Weight::Strong,
            format!("{text}{CAVEAT}."),
        ))
    };
    match (a.altsecid, b.altsecid, a.puid, b.puid) {
        (Some(x), Some(y), _, _) if x.eq_ignore_ascii_case(y) => push(
            Bearing::Links,
            format!("Both guests signed in with the same outside account: altsecid {x}"),
        ),
        (Some(x), Some(y), _, _) => push(
            Bearing::Separates,
            format!("The guests signed in with different outside accounts: altsecid {x} and {y}"),
        ),
        (Some(x), None, _, Some(p)) | (None, Some(x), Some(p), _) => {
            let (g, h) = if a.altsecid.is_some() {
                ("A", "B")
            } else {
                ("B", "A")
            };
            if puid_in(x).is_some_and(|q| q.eq_ignore_ascii_case(p)) {
                push(
                    Bearing::Links,
                    format!(
                        "{g}'s altsecid {x} carries {h}'s puid {p}: the guest signed in with {h}'s account"
                    ),
                );
            } else {
                push(
                    Bearing::Separates,
                    format!("{g}'s altsecid {x} does not carry {h}'s puid {p}: another account"),
                );
            }
        }
        (None, None, Some(p), Some(q)) if p.eq_ignore_ascii_case(q) => {
            push(Bearing::Links, format!("The same puid {p}"))
        }
        (None, None, Some(p), Some(q)) => {
            push(Bearing::Separates, format!("Different puids: {p} and {q}"))
        }
        _ => {}
    }
}

fn upn_clues(a: &Who, b: &Who, out: &mut Vec<Clue>) {
    match (&a.ext, &b.ext) {
        (Some((ua, xa)), Some((ub, xb))) => {
            let (bearing, text) = if xa == xb {
                (
                    Bearing::Links,
                    format!("Both #EXT# UPNs ({ua}, {ub}) were made from the same address, {xa}."),
                )
            } else {
                (
                    Bearing::Separates,
                    format!("The #EXT# UPNs were made from different addresses: {xa} and {xb}."),
                )
            };
            out.push(clue(EvidenceKind::GuestUpn, bearing, Weight::Soft, text));
        }
        (Some((upn, addr)), None) | (None, Some((upn, addr))) => {
            let (g, other, h) = if a.ext.is_some() {
                ("A", b, "B")
            } else {
                ("B", a, "A")
            };
            let known = other.names.contains(addr) || other.email.as_ref() == Some(addr);
            if known {
                out.push(clue(
                    EvidenceKind::GuestUpn,
                    Bearing::Links,
                    Weight::Soft,
                    format!("{g}'s UPN {upn} is the guest UPN made from {addr}, which is {h}'s own address."),
                ));
            }
        }
        (None, None) => {}
    }
}

fn email_clues(a: &Who, b: &Who, out: &mut Vec<Clue>) {
    match (&a.email, &b.email) {
        (Some(x), Some(y)) if x == y => out.push(clue(
            EvidenceKind::Email,
            Bearing::Links,
            Weight::Soft,
            format!("The same email address, {x}: it links them but proves nothing, since email can be changed."),
        )),
        (Some(x), Some(y)) => out.push(clue(
            EvidenceKind::Email,
            Bearing::Separates,
            Weight::Soft,
            format!("Different email addresses: {x} and {y}."),
        )),
        (Some(x), None) | (None, Some(x)) => {
            let (g, other, h) = if a.email.is_some() { ("A", b, "B") } else { ("B", a, "A") };
            if other.names.contains(x) {
                out.push(clue(
                    EvidenceKind::Email,
                    Bearing::Links,
                    Weight::Soft,
                    format!("{g}'s email {x} is {h}'s sign-in name. Email can be changed, so it links without proving."),
                ));
            }
        }
        (None, None) => {}
    }
}

/// A short phrase for the summary sentence.
fn phrase(c: &Clue) -> &'static str {
    match (c.kind, c.bearing) {
        (EvidenceKind::SameObject, _) => "the same object in the same tenant",
        (EvidenceKind::TwoObjects, _) => "two different objects in the same tenant",
        (EvidenceKind::ObjectPerTenant, _) => "object IDs that are per tenant",
        (EvidenceKind::IdentityProvider, Bearing::Separates) => "different identity providers",
        (EvidenceKind::IdentityProvider, _) => "the same home tenant",
        (EvidenceKind::AltSecId, Bearing::Separates) => "different altsecid/puid values",
        (EvidenceKind::AltSecId, _) => "matching altsecid and puid",
        (EvidenceKind::GuestUpn, Bearing::Separates) => "#EXT# UPNs made from different addresses",
        (EvidenceKind::GuestUpn, _) => "a #EXT# UPN made from the other's address",
        (EvidenceKind::Email, Bearing::Separates) => "different email addresses",
        (EvidenceKind::Email, _) => "the same email address",
        (EvidenceKind::SignInName, _) => "the same sign-in name",
    }
}

fn phrases(clues: &[Clue], bearing: Bearing, weights: &[Weight]) -> String {
    let mut list: Vec<&str> = Vec::new();
    for c in clues {
        if c.bearing == bearing && weights.contains(&c.weight) {
            list.push(phrase(c));
        }
    }
    join(&list)
}

fn unreadable(r: &TokenReport) -> Option<&'static str> {
    match r.kind {
        TokenKind::Jws if r.claims.as_ref().is_some_and(Value::is_object) => None,
        TokenKind::Jws | TokenKind::Malformed => Some("could not be decoded"),
        TokenKind::Jwe => Some("is encrypted"),
        TokenKind::Opaque => Some("is opaque"),
        TokenKind::AuthorizationCode => Some("is an authorization code, not a token"),
    }
}

fn verdict(a: &TokenReport, b: &TokenReport, clues: &[Clue]) -> (Person, String) {
    let mut why: Vec<String> = Vec::new();
    for (x, r) in [("A", a), ("B", b)] {
        if let Some(w) = unreadable(r) {
            why.push(format!("token {x} {w}"));
        }
    }
    if !why.is_empty() {
        return (
            Person::Unknown,
            format!(
                "Can't tell whether these are the same person: {}, so its claims can't be read.",
                why.join(" and ")
            ),
        );
    }
    let has = |bearing: Bearing, weight: Weight| {
        clues
            .iter()
            .any(|c| c.bearing == bearing && c.weight == weight)
    };
    let (strong_link, strong_sep) = (
        has(Bearing::Links, Weight::Strong),
        has(Bearing::Separates, Weight::Strong),
    );
    let (soft_link, soft_sep) = (
        has(Bearing::Links, Weight::Soft),
        has(Bearing::Separates, Weight::Soft),
    );
    let per_tenant = clues
        .iter()
        .any(|c| c.kind == EvidenceKind::ObjectPerTenant);
    let links_all = phrases(
        clues,
        Bearing::Links,
        &[Weight::Strong, Weight::Soft, Weight::Weak],
    );
    let links_strong = phrases(clues, Bearing::Links, &[Weight::Strong]);
    let seps_all = phrases(clues, Bearing::Separates, &[Weight::Strong, Weight::Soft]);
    let person = match (strong_link, strong_sep) {
        (true, false) => Person::Same,
        (true, true) => Person::Mixed,
        (false, true) if soft_link => Person::Mixed,
        (false, true) => Person::Different,
        (false, false) => match (soft_link, soft_sep) {
            (true, false) => Person::LikelySame,
            (false, true) => Person::Different,
            (true, true) => Person::Mixed,
            (false, false) => Person::Unknown,
        },
    };
    let sentence = match person {
        Person::Same => {
            let also = if per_tenant {
                " — the object IDs differ only because a guest has one object in each tenant"
            } else {
                ""
            };
            let more = phrases(clues, Bearing::Links, &[Weight::Soft, Weight::Weak]);
            let more = if more.is_empty() {
                String::new()
            } else {
                format!(", backed by {more}")
            };
            format!("The same person: {links_strong}{more}{also}.")
        }
        Person::LikelySame => format!(
            "Probably the same person: {links_all} link them, but nothing Entra keeps stable proves it (addresses and names can change)."
        ),
        Person::Different => format!("Different people (different accounts): {seps_all}."),
        Person::Mixed => format!(
            "Mixed evidence, check before deciding: {links_all} link them, but {seps_all} separate them — a guest invited again or one person with two accounts looks like this."
        ),
        Person::Unknown => "Can't tell whether these are the same person: the tokens share nothing that identifies an account.".to_owned(),
    };
    (person, sentence)
}

/// The aligned claim names: teaching order first, then the rest as they appear, times last.
fn claim_names(a: &Who, b: &Who) -> Vec<String> {
    let keys = |w: &Who| -> Vec<String> {
        w.claims
            .map(|c| {
                let mut keys = Vec::new();
                for k in c.keys() {
                    keys.push(k.clone());
                }
                keys
            })
            .unwrap_or_default()
    };
    let (ka, kb) = (keys(a), keys(b));
    // Both lists walked in turn, in loops (a chain's state costs more code).
    let both = [&ka, &kb];
    let present = |n: &str| ka.iter().any(|k| k == n) || kb.iter().any(|k| k == n);
    let is_time = |n: &str| TIMES.contains(&n) || claims::lookup(n).is_some_and(|i| i.time);
    let mut out: Vec<String> = Vec::new();
    for n in ORDER {
        if present(n) {
            out.push((*n).to_owned());
        }
    }
    for list in both {
        for k in list {
            if !is_time(k) && !out.contains(k) {
                out.push(k.clone());
            }
        }
    }
    for t in TIMES {
        if present(t) {
            out.push((*t).to_owned());
        }
    }
    for list in both {
        for k in list {
            if !out.contains(k) {
                out.push(k.clone());
            }
        }
    }
    out
}

/// Compares two token reports: which claims differ and what that means for a guest, and
/// whether they are the same person. Pure; never panics.
pub fn compare(a: &TokenReport, b: &TokenReport) -> Comparison {
    let (wa, wb) = (Who::of(a), Who::of(b));
    let clues = evidence(&wa, &wb);
    let (person, sentence) = verdict(a, b, &clues);
    let rows = claim_names(&wa, &wb)
        .into_iter()
        .map(|name| {
            let (va, vb) = (wa.value(&name), wb.value(&name));
            let relation = match (va, vb) {
                (Some(x), Some(y)) if x == y => Relation::Same,
                (Some(_), Some(_)) => Relation::Differs,
                (Some(_), None) => Relation::OnlyA,
                (None, _) => Relation::OnlyB,
            };
            // Nothing to explain against a token whose claims can't be read.
            let readable = wa.claims.is_some() && wb.claims.is_some();
            let explanation = if relation == Relation::Same || !readable {
                None
            } else {
                explain(&name, relation, &wa, &wb)
            };
            Row {
                guest: GUEST_CLAIMS.contains(&name.as_str()),
                a: va.map(shown),
                b: vb.map(shown),
                claim: name,
                relation,
                explanation,
            }
        })
        .collect();
    Comparison {
        person,
        sentence,
        evidence: clues,
        rows,
    }
}

/// Which token has the claim when only one does: ("A", "B") or ("B", "A").
fn only(relation: Relation) -> (&'static str, &'static str) {
    if relation == Relation::OnlyB {
        ("B", "A")
    } else {
        ("A", "B")
    }
}

/// What a difference in one claim means, in guest terms.
fn explain(name: &str, relation: Relation, a: &Who, b: &Who) -> Option<String> {
    let differs = relation == Relation::Differs;
    let (x, y) = only(relation);
    let s = |w: &Who| w.value(name).map(shown).unwrap_or_default();
    Some(match name {
        "iss" if differs => {
            let (ia, ib) = (issuer_tenant(&s(a)), issuer_tenant(&s(b)));
            match (ia, ib) {
                (Some((ta, va)), Some((tb, vb))) if ta == tb && va != vb => format!(
                    "Same tenant, two issuer forms: https://sts.windows.net/{ta}/ is the v1 form and \
                     https://login.microsoftonline.com/{ta}/v2.0 the v2 form. The token's version decides which."
                ),
                (Some((ta, va)), Some((tb, vb))) if ta != tb => format!(
                    "Issued by different tenants. iss always names the tenant the user signed in to — for a guest \
                     the inviting organization, never the guest's home.{}",
                    if va == vb { "" } else { " The forms differ too: one is v1, the other v2." }
                ),
                _ => "Different issuers: iss names who signed the token.".to_owned(),
            }
        }
        "iss" => format!("Every Entra token names its issuer; {y} has no iss."),
        "tid" if differs => {
            let home_of = |g: &Who, h: &Who| {
                g.idp.is_some() && matches!((&g.provider, &h.tid), (Some(Provider::Tenant(p)), Some(t)) if p == t)
            };
            let lead = if home_of(a, b) {
                "B comes from the home tenant that A's idp names: A is a guest token for an account from B's tenant. "
            } else if home_of(b, a) {
                "A comes from the home tenant that B's idp names: B is a guest token for an account from A's tenant. "
            } else {
                ""
            };
            format!(
                "{lead}tid is the tenant the user signed in to. A guest's token carries the inviting (resource) \
                 tenant here; the guest's own tenant shows only in idp."
            )
        }
        "tid" => format!("Every Entra token names the tenant signed in to; {y} has no tid (a v2 ID token needs the profile scope for it)."),
        "idp" if differs => match (&a.provider, &b.provider) {
            (Some(pa), Some(pb)) if pa != pb => format!(
                "Different identity providers: A by {}, B by {}. These are different accounts, even when the address is the same.",
                pa.describe(),
                pb.describe()
            ),
            _ => "Both name an outside identity provider, written differently.".to_owned(),
        },
        "idp" => {
            let w = if x == "A" { a } else { b };
            let by = w
                .provider
                .as_ref()
                .map_or_else(|| "another provider".to_owned(), Provider::describe);
            format!(
                "Only {x} has idp: {x}'s user was authenticated by {by}, not by the tenant that issued the token — a guest \
                 (or external member). Without idp, as in {y}, the issuing tenant checked the credentials itself."
            )
        }
        "oid" if differs => {
            if a.tid.is_some() && a.tid == b.tid {
                "Two objects in one tenant: two different accounts (or a guest deleted and invited again).".to_owned()
            } else {
                "Object IDs are per tenant: the same person has one object at home and another in each tenant that \
                 invited them. Different oids across tenants prove nothing alone."
                    .to_owned()
            }
        }
        "oid" => format!("Only {x} carries oid, the user's object in the issuing tenant."),
        "sub" => "sub is pairwise: it differs for each app and tenant even for the same user. Compare oid, not sub.".to_owned(),
        "upn" => {
            let ext = |w: &Who| w.value("upn").and_then(Value::as_str).and_then(ext_upn_address);
            match (ext(a), ext(b)) {
                (Some(addr), _) | (_, Some(addr)) => format!(
                    "#EXT# marks a guest's UPN in the resource tenant: the invited address {addr} with @ turned into _, \
                     then #EXT#@ and the resource tenant's domain. At home the same person keeps their own UPN."
                ),
                _ if differs => "Different UPNs: different accounts, or one renamed. Display only.".to_owned(),
                _ => "upn is a v1 claim (or an optional claim); v2 tokens carry preferred_username instead.".to_owned(),
            }
        }
        "unique_name" => {
            if s(a).starts_with("live.com#") || s(b).starts_with("live.com#") {
                "live.com#address in unique_name marks a personal Microsoft account.".to_owned()
            } else if differs {
                "Different display names for the account (v1, display only).".to_owned()
            } else {
                "unique_name is a v1 claim, for display only.".to_owned()
            }
        }
        "preferred_username" if differs => "Different sign-in names. Mutable: display only.".to_owned(),
        "preferred_username" => {
            "preferred_username is a v2 claim (v1 uses upn and unique_name). For a guest it is the sign-in name at home, not the #EXT# UPN."
                .to_owned()
        }
        "email" if differs => "Different addresses. email can be changed and is not verified: it can link two tokens, never prove it, and must never authorize anything.".to_owned(),
        "email" => "Entra adds email by default for guests that have an address; members get it only when the app asks for it.".to_owned(),
        "acct" if differs => "acct 0 means the user object is a member of the issuing tenant, 1 a guest. The same person is a member (0) at home and a guest (1) in a tenant that invited them.".to_owned(),
        "acct" => "acct is an optional claim: present only when the app asks for it. 0 is member, 1 guest.".to_owned(),
        "altsecid" if differs => "Different outside accounts: 5::<id> is a work or school account, 1:live.com:<id> a personal Microsoft account (undocumented; seen in Microsoft's sample tokens).".to_owned(),
        "altsecid" => {
            let w = if x == "A" { a } else { b };
            let o = if x == "A" { b } else { a };
            let carries = matches!((w.altsecid.and_then(puid_in), o.puid), (Some(p), Some(q)) if p.eq_ignore_ascii_case(q));
            format!(
                "altsecid (undocumented) names the outside account a guest signs in with: 5::<id> for work or school, \
                 1:live.com:<id> for a personal Microsoft account. Accounts at home don't have one.{}",
                if carries { format!(" Here it carries {y}'s puid: the same account.") } else { String::new() }
            )
        }
        "puid" => "puid (undocumented) is the account's ID in its home directory; a guest token from another tenant carries it inside altsecid as 5::<puid>.".to_owned(),
        "amr" if differs => format!(
            "How the user proved who they are: {} in A, {} in B. For a guest, MFA is done by the resource tenant unless its cross-tenant inbound trust accepts the home tenant's MFA.",
            s(a),
            s(b)
        ),
        "amr" => "amr is in v1 tokens; v2 access tokens don't carry it.".to_owned(),
        "aud" => "Different APIs. In v2 tokens aud is the API's application ID (a GUID); in v1 it may be the API's App ID URI. Each API's manifest (accessTokenAcceptedVersion) chooses the version of the tokens it gets.".to_owned(),
        "appid" | "azp" | "appidacr" | "azpacr" if !differs => {
            "appid and appidacr are the v1 names, azp and azpacr the v2 names, for the client app and how it authenticated.".to_owned()
        }
        "appid" | "azp" => "Different client apps asked for these tokens.".to_owned(),
        "ver" => "The version is chosen by the API (its accessTokenAcceptedVersion; for ID tokens, by the endpoint). It says nothing about the person: the same guest gets v1 tokens for one API and v2 for another.".to_owned(),
        "scp" | "roles" => "Different permissions: each API defines its own, and each tenant consents separately.".to_owned(),
        "name" => "A display name only: never evidence of who someone is.".to_owned(),
        _ => return None,
    })
}
