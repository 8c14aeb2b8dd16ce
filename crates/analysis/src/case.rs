//! The case: one guest, one failure, many pastes. Joins what each source found, keeping where every fact came from.
//!
//! Nothing is merged silently. A fact carries the sources (and the claim or failure inside
//! them) it was read from; two different values for one role are a conflict that the user
//! settles, and until then no command is filled with either. Home and resource tenant are roles,
//! not conflicts, and one person has one object ID per tenant. Samples stay apart unless asked for.
use std::collections::HashMap;

use serde::Serialize;

use crate::errors::{self, Failure};
use crate::findings::{self, Findings};
use crate::policy::inbound::{self, Inbound};
use crate::text::is_guid;
use crate::token::{AccountKind, TokenReport};

pub mod request;
pub mod trace;

/// One pasted text or opened file, as the user gave it.
#[derive(Debug, Clone, Copy)]
pub struct SourceInput<'a> {
    pub name: &'a str,
    pub text: &'a str,
    /// A built-in sample: kept out of the case unless the user asks for it.
    pub sample: bool,
    /// A HAR already read chunk by chunk (the page reads big files so, never holding their
    /// text): joined exactly as the same HAR given as `text`, which is then not read.
    pub trace: Option<&'a crate::trace::Trace>,
}

impl<'a> SourceInput<'a> {
    /// A source given as text, not a sample.
    pub fn plain(name: &'a str, text: &'a str) -> Self {
        SourceInput {
            name,
            text,
            sample: false,
            trace: None,
        }
    }
}

/// What one source held, once analysed.
#[derive(Debug, Clone)]
pub struct Analysed<'a> {
    pub id: u32,
    pub name: &'a str,
    pub sample: bool,
    /// Every token found: one for a pasted token, several for a trace.
    pub tokens: Vec<TokenAt<'a>>,
    pub failures: &'a [Failure],
    /// The source's text when it holds a cross-tenant access policy.
    pub policy: Option<&'a str>,
    /// The source is a HAR trace.
    pub trace: bool,
    /// A trace's authorize and token requests that name a tenant in their URL: (entry, tenant).
    pub url_tenants: Vec<(usize, &'a str)>,
    /// Calls to an API that refused the trace's token (401 or 403).
    pub refused_calls: usize,
    /// The source's sign-in log export, when it is one (its failures are the failed sign-ins,
    /// in the same order).
    pub sign_ins: Option<&'a crate::signins::SignIns>,
    /// The source is a sign-in request's URL from the address bar.
    pub request: Option<&'a request::SignInRequest>,
}

/// A token of a source, with the trace entry it was found in (none for a pasted token).
#[derive(Debug, Clone, Copy)]
pub struct TokenAt<'a> {
    pub token: &'a TokenReport,
    pub hop: Option<usize>,
}

/// What kinds of material a source turned out to hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SourceKind {
    Token,
    Error,
    Policy,
    /// A HAR sign-in trace.
    Trace,
    /// A sign-in log export (admin center JSON or CSV, Graph, the signin-logs recipe).
    SignIns,
    /// A sign-in request's URL from the address bar.
    Request,
}

impl SourceKind {
    pub fn label(self) -> &'static str {
        match self {
            SourceKind::Token => "token",
            SourceKind::Error => "error",
            SourceKind::Policy => "policy",
            SourceKind::Trace => "trace",
            SourceKind::SignIns => "sign-in log",
            SourceKind::Request => "sign-in request",
        }
    }
}

/// A source as the report lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Source {
    pub id: u32,
    pub name: String,
    pub sample: bool,
    pub kinds: Vec<SourceKind>,
}

/// The facts a case is made of. Each is a role: one value expected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FactField {
    /// The address the guest was invited with (or signs in with).
    GuestAddress,
    Upn,
    /// The guest's object in the resource tenant.
    ObjectId,
    HomeTenant,
    ResourceTenant,
    AppId,
    CorrelationId,
}

impl FactField {
    pub const ALL: [FactField; 7] = [
        FactField::GuestAddress,
        FactField::Upn,
        FactField::ObjectId,
        FactField::HomeTenant,
        FactField::ResourceTenant,
        FactField::AppId,
        FactField::CorrelationId,
    ];

    /// Its name in a case file (the serialized form).
    pub fn key(self) -> &'static str {
        match self {
            FactField::GuestAddress => "guest_address",
            FactField::Upn => "upn",
            FactField::ObjectId => "object_id",
            FactField::HomeTenant => "home_tenant",
            FactField::ResourceTenant => "resource_tenant",
            FactField::AppId => "app_id",
            FactField::CorrelationId => "correlation_id",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            FactField::GuestAddress => "Guest address",
            FactField::Upn => "User principal name",
            FactField::ObjectId => "Object ID in the resource tenant",
            FactField::HomeTenant => "Home tenant",
            FactField::ResourceTenant => "Resource tenant",
            FactField::AppId => "App ID",
            FactField::CorrelationId => "Correlation ID",
        }
    }
}

/// Where inside a source a value was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Place {
    /// A token claim, by name.
    Claim(&'static str),
    /// A failure, by its position in the source's failure list.
    Failure(usize),
    /// The tenant an app's sign-in request was sent to (`/{tenant}/oauth2/…` of a trace).
    UrlTenant,
    /// A parameter of a pasted sign-in request's URL (`client_id`, `login_hint`).
    UrlParam(&'static str),
}

/// A value and every place it was read from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fact {
    pub value: String,
    pub sources: Vec<Origin>,
}

/// One place a value came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct Origin {
    pub source: u32,
    pub place: Place,
    /// The trace entry the value was read in, for a trace source.
    pub hop: Option<usize>,
}

/// Two or more values for one role; the user picks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Conflict {
    pub field: FactField,
    pub values: Vec<Fact>,
}

/// A failure of the case, with the IDs it was written with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CaseFailure {
    pub source: u32,
    /// Position in that source's failure list.
    pub index: usize,
    /// The trace entry it was read from, for a trace source.
    pub hop: Option<usize>,
    pub codes: Vec<u32>,
    pub correlation_id: Option<String>,
    pub trace_id: Option<String>,
    pub timestamp: Option<String>,
}

/// A policy source read against the case's home tenant and app.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PolicyFit {
    pub source: u32,
    pub home_tenant: String,
    pub inbound: Inbound,
}

impl PolicyFit {
    /// The step the pasted policy calls for before any error's own steps, when its inbound
    /// side keeps the guest out (or may): who acts, and what to do with which list, with the
    /// JSON paths it rests on. Only the lists that block are named.
    pub fn step(&self) -> Option<(errors::guidance::Actor, String)> {
        use inbound::Access;
        use std::fmt::Write as _;
        let i = &self.inbound;
        let home = &self.home_tenant;
        // What each list that does not simply allow asks for, and where it is.
        let (mut asks, mut paths) = (Vec::new(), Vec::new());
        for (rule, allow, who, users) in [
            (&i.users, "allow their users", "this guest", true),
            (&i.applications, "allow this app", "this app", false),
        ] {
            let ask = match rule.access {
                Access::Blocked => allow.to_owned(),
                Access::OnlyListed => format!("check that {who} is on the list"),
                Access::AllButListed => format!("check that {who} is not on the list"),
                Access::Allowed | Access::Unknown => continue,
            };
            asks.push(ask);
            paths.push(rule.path.as_str());
            // The users and groups listed are objects of the partner's directory, not ours
            // (Microsoft's B2B settings page: IDs obtained from the partner organisation).
            let listing = matches!(rule.access, Access::OnlyListed | Access::AllButListed);
            if users && listing && !rule.listed.is_empty() {
                let mut ids = String::new();
                for (n, id) in rule.listed.iter().take(3).enumerate() {
                    if n > 0 {
                        ids.push_str(", ");
                    }
                    ids.push_str(id);
                }
                if rule.listed.len() > 3 {
                    let _ = write!(ids, " and {} more", rule.listed.len() - 3);
                }
                if let Some(last) = asks.last_mut() {
                    let _ = write!(
                        last,
                        " ({ids}: user or group object IDs in {home}'s own directory, not yours, so its admin can say whether the guest is one of them or in one of the groups)"
                    );
                }
            }
        }
        let (asks, paths) = (asks.join(", and "), paths.join(", "));
        let text = match i.collaboration {
            Access::Blocked => format!(
                "Your cross-tenant access settings block inbound B2B collaboration for guests from {home} with this app: {asks} (in the partner's entry, or in the default when it has none), then let the guest sign in or redeem the invitation again. Evidence: {paths}."
            ),
            Access::OnlyListed | Access::AllButListed => format!(
                "Inbound B2B collaboration for guests from {home} depends on who is listed: {asks}. Evidence: {paths}."
            ),
            Access::Allowed | Access::Unknown => return None,
        };
        Some((errors::guidance::Actor::ResourceAdmin, text))
    }
}

/// AADSTS500212: the guest's home tenant blocked the way out (outbound).
const OUTBOUND_BLOCK: u32 = 500_212;

impl Case {
    /// The pasted policy's step (`PolicyFit::step`), unless a failure says the home tenant's
    /// outbound settings blocked the sign-in: a pasted policy is read as the resource tenant's
    /// inbound side, which is then not the one at fault.
    pub fn policy_step(&self) -> Option<(errors::guidance::Actor, String)> {
        let outbound = self
            .failures
            .iter()
            .any(|f| f.codes.contains(&OUTBOUND_BLOCK));
        if outbound {
            return None;
        }
        self.policy.as_ref()?.step()
    }

    /// A pasted policy not yet read for the guest, with what its default says: only while no
    /// policy is read for them and none is the home tenant's own.
    pub fn unread_policy(&self) -> Option<&(u32, Inbound)> {
        self.policy_default
            .as_ref()
            .filter(|_| self.policy.is_none() && self.home_policy.is_none())
    }

    /// True when every failure of the case is in Microsoft's own tenant: no organisation's
    /// admin can act there (`Unknown::MicrosoftTenant`).
    pub fn in_microsofts_tenant(&self) -> bool {
        self.unknowns.contains(&Unknown::MicrosoftTenant)
    }

    /// True when `actor` exists in this case: a personal account has no home admin.
    pub fn can_act(&self, actor: errors::guidance::Actor) -> bool {
        actor != errors::guidance::Actor::HomeAdmin || !self.personal_account()
    }

    /// True when the guest's home tenant is the personal-account tenant: there is no home
    /// organisation and no home admin.
    pub fn personal_account(&self) -> bool {
        self.value(FactField::HomeTenant)
            .is_some_and(crate::entra::is_personal_tenant)
    }
}

/// What the case still lacks, and how to get it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Unknown {
    /// No failure yet: the error text is the starting point.
    Failure,
    /// No sign-in failure, but a trace shows an API refusing the token it was given.
    ApiRefused,
    /// The failures are in Microsoft's own tenant, not an organisation's: nothing to invite into.
    MicrosoftTenant,
    /// Two pastes of the policy hold different entries for the guest's home tenant.
    PolicyEntries,
    /// No token: the guest's home tenant and object are guesses from the error.
    Token,
    /// No one to act on until the user picks who the case is about.
    Subject,
}

impl Unknown {
    /// How to get what is missing, in one sentence.
    pub fn how(self) -> &'static str {
        match self {
            Unknown::Failure => {
                "Ask the guest for the sign-in error page (the text under \"Troubleshooting details\"), or a screenshot of it."
            }
            Unknown::ApiRefused => {
                "The trace holds no sign-in failure, but an API refused the token it was sent (a 401 or 403, marked in the trace's steps): look at that token's audience, tenant and expiry, at the permissions the call needs, or (for a claims challenge) at Conditional Access, rather than for a sign-in error."
            }
            Unknown::MicrosoftTenant => {
                "The sign-in went to Microsoft's own tenant (\"Microsoft Services\"), not to an organisation's: no invitation or guest object of yours is involved, so no command is suggested (if the app is yours, see its developer step: it sent the account there). A personal account that opens the Entra admin center is connected to it by default, with no directory linked (Microsoft's AADSTS50020 article): sign in with a work or school account, or create a directory first."
            }
            Unknown::PolicyEntries => {
                "Two pasted policies hold different entries for the guest's home tenant (two snapshots, before and after a change?): remove the one that is not current, so the policy can be read for this guest."
            }
            Unknown::Token => {
                "If the guest can sign in anywhere in your tenant, paste a token from that session: it names their object here and shows how they sign in."
            }
            Unknown::Subject => {
                "The sources name more than one person: pick the guest this case is about before using any command."
            }
        }
    }
}

/// Choices the user made; the page keeps them, the core only reads them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Choices {
    /// The value the user picked for a conflicting field.
    pub picked: Vec<(FactField, String)>,
    /// Use sample sources as if they were real.
    pub include_samples: bool,
}

impl Choices {
    fn picked(&self, field: FactField) -> Option<&str> {
        self.picked
            .iter()
            .rev()
            .find(|(f, _)| *f == field)
            .map(|(_, v)| v.as_str())
    }
}

/// The joined view of every source.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Case {
    /// Settled facts: one value each (found without disagreement, or picked by the user);
    /// serialised as an object, field → fact.
    #[serde(serialize_with = "as_map")]
    pub subject: Vec<(FactField, Fact)>,
    pub conflicts: Vec<Conflict>,
    pub failures: Vec<CaseFailure>,
    /// Failures that repeat one of `failures` (the same error pasted twice): (source, index in
    /// the source's failures). Neither the case's again nor set aside.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub repeats: Vec<(u32, usize)>,
    /// Sample sources kept out of the case.
    pub samples_set_aside: Vec<u32>,
    /// What a pasted cross-tenant access policy means for this guest's home tenant and app.
    pub policy: Option<PolicyFit>,
    /// A pasted policy that is the guest's home tenant's own (it has an entry for the resource
    /// tenant, none for the home tenant): not read as the resource tenant's inbound side.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub home_policy: Option<u32>,
    /// A pasted policy not yet read for the guest (their home tenant is not known), with what
    /// its default alone says for organisations without an entry of their own.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub policy_default: Option<(u32, Inbound)>,
    pub unknowns: Vec<Unknown>,
}

impl Case {
    /// The settled value of a field, if any.
    pub fn value(&self, field: FactField) -> Option<&str> {
        self.subject
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, fact)| fact.value.as_str())
    }

    /// True when `field` has values that disagree and the user has not picked one.
    pub fn in_conflict(&self, field: FactField) -> bool {
        self.conflicts.iter().any(|c| c.field == field)
    }
}

fn as_map<S: serde::Serializer>(pairs: &[(FactField, Fact)], s: S) -> Result<S::Ok, S::Error> {
    s.collect_map(pairs.iter().map(|(k, v)| (k, v)))
}

/// Kinds found in one analysed source.
pub fn kinds(a: &Analysed) -> Vec<SourceKind> {
    let mut out = Vec::new();
    if a.trace {
        out.push(SourceKind::Trace);
    }
    if a.sign_ins.is_some() {
        out.push(SourceKind::SignIns);
    }
    if !a.tokens.is_empty() {
        out.push(SourceKind::Token);
    }
    if !a.failures.is_empty() {
        out.push(SourceKind::Error);
    }
    if a.policy.is_some() {
        out.push(SourceKind::Policy);
    }
    if a.request.is_some() {
        out.push(SourceKind::Request);
    }
    out
}

/// Gathers candidate values per field, in order of first appearance.
#[derive(Default)]
struct Gather {
    values: Vec<(FactField, Fact)>,
    /// Where each field's normalised value is in `values`, and the origins each already has:
    /// a log naming thousands of guests would otherwise be compared pair by pair. Keyed by the
    /// field's digit, then the value: a string key, a hash table type the page has anyway.
    index: HashMap<String, usize>,
    /// `seen_key`s: a string key too, the same hash table type.
    seen: HashMap<String, usize>,
}

/// Value `i` read at `o`, as one string: numbers first, the claim name (ours, static) last.
fn seen_key(i: usize, o: &Origin) -> String {
    let hop = o.hop.map_or(String::new(), |h| h.to_string());
    match o.place {
        Place::Claim(name) => format!("{i},{},{hop},c{name}", o.source),
        Place::Failure(n) => format!("{i},{},{hop},f{n}", o.source),
        Place::UrlTenant => format!("{i},{},{hop},u", o.source),
        Place::UrlParam(p) => format!("{i},{},{hop},p{p}", o.source),
    }
}

impl Gather {
    fn add(&mut self, field: FactField, value: Option<&str>, origin: Origin) {
        let Some(v) = value.map(str::trim).filter(|v| !v.is_empty()) else {
            return;
        };
        let mut key = normalise(v);
        key.insert(0, char::from(b'0' + field as u8));
        if let Some(&i) = self.index.get(&key) {
            if self.seen.insert(seen_key(i, &origin), 0).is_none()
                && let Some((_, fact)) = self.values.get_mut(i)
            {
                fact.sources.push(origin);
            }
            return;
        }
        let i = self.values.len();
        self.index.insert(key, i);
        self.seen.insert(seen_key(i, &origin), 0);
        self.values.push((
            field,
            Fact {
                value: v.to_owned(),
                sources: vec![origin],
            },
        ));
    }
}

/// Every fact is an address, a domain or a GUID: they compare without case.
fn normalise(v: &str) -> String {
    v.to_ascii_lowercase()
}

/// True for a tenant named as people read it ("Contoso Ltd"), neither an ID nor a domain.
pub fn is_display_name(v: &str) -> bool {
    !v.trim().is_empty() && tenant_id_or_domain(v).is_none()
}

/// A tenant as commands can use it: a GUID or a domain, not a display name ("Contoso Ltd").
fn tenant_id_or_domain(v: &str) -> Option<&str> {
    let v = v.trim();
    let domain = v.contains('.')
        && !v.contains(' ')
        && v.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-'));
    (is_guid(v) || domain).then_some(v)
}

/// The home tenant an identity provider names (`entra::classify_idp`): an Entra issuer's tenant,
/// or the personal-account tenant for `live.com`; none for other providers.
fn tenant_of_issuer(idp: &str) -> Option<String> {
    match crate::entra::classify_idp(idp) {
        crate::entra::Idp::Entra(t) => Some(t),
        crate::entra::Idp::PersonalAccount => Some(crate::entra::MSA_TENANT.to_owned()),
        _ => None,
    }
}

/// True when `tenant` is the domain of `address` (the guest's own organisation's domain).
pub(crate) fn is_domain_of(address: Option<&str>, tenant: &str) -> bool {
    address
        .and_then(|a| a.rsplit_once('@'))
        .is_some_and(|(_, d)| d.eq_ignore_ascii_case(tenant))
}

/// The address a failure names, when it is one (masked or hidden values are not).
fn failure_address(f: &Failure) -> Option<std::borrow::Cow<'_, str>> {
    if f.masked.contains(&errors::Field::User) {
        return None;
    }
    let user = f.user.as_deref()?.trim();
    let usable =
        user.contains('@') && !user.contains('*') && !user.contains('{') && !user.contains(' ');
    if !usable {
        return None;
    }
    // A guest's UPN in the resource tenant (`ann.lee_partner.example#EXT#@contoso…`, as 50105
    // names them) is made from their address: the person is the same.
    if user.contains("#EXT#") {
        return crate::token::ext_upn_address(user).map(std::borrow::Cow::Owned);
    }
    // Borrowed: this runs three times per failure of a log of thousands.
    Some(std::borrow::Cow::Borrowed(user))
}

/// The address a token's person goes by: email, the address inside a `#EXT#` UPN, or the UPN.
fn token_address(t: &TokenReport) -> Option<(&str, &'static str)> {
    if let Some(e) = t.email.as_deref() {
        // The claim the address really came from: the report's `email` is filled from
        // several (see `token::analyze_token`).
        let said = |name: &str| {
            t.claims
                .as_ref()
                .and_then(|c| c.get(name))
                .and_then(|v| v.as_str())
                == Some(e)
        };
        let claim = if said("email") {
            "email"
        } else if said("preferred_username") {
            "preferred_username"
        } else if t.upn_original.as_deref() == Some(e) {
            "upn"
        } else {
            "unique_name"
        };
        return Some((e, claim));
    }
    if let Some(u) = t.upn_original.as_deref() {
        return Some((u, "upn"));
    }
    t.upn
        .as_deref()
        .filter(|u| !u.contains("#EXT#"))
        .map(|u| (u, "upn"))
}

/// The address of the person a token is about: its own, or for a token that names none (an
/// access token often does not), the one a token of the same response names (the same request
/// of a trace) or a token of the same object (oid and tenant).
fn person_of<'a>(s: &Analysed<'a>, at: &TokenAt<'a>) -> Option<&'a str> {
    if let Some((a, _)) = token_address(at.token) {
        return Some(a);
    }
    let t = at.token;
    for o in &s.tokens {
        let same_hop = at.hop.is_some() && o.hop == at.hop;
        let same_object = t.object_id.is_some()
            && o.token.object_id == t.object_id
            && o.token.tenant_id == t.tenant_id;
        if (same_hop || same_object)
            && let Some((a, _)) = token_address(o.token)
        {
            return Some(a);
        }
    }
    None
}

/// Joins the analysed sources into one case.
///
/// First the person: every address the sources name. One address (or the user's pick) settles
/// who the case is about; the other facts are then read only from sources that name that person
/// or no one, so a second person's tenant, object or UPN never fills the case.
pub fn join(sources: &[Analysed], choices: &Choices) -> Case {
    let mut case = Case::default();
    let use_samples = uses_samples(sources, choices);
    let mut real: Vec<&Analysed> = Vec::new();
    for s in sources {
        if !s.sample || use_samples {
            real.push(s);
        } else {
            case.samples_set_aside.push(s.id);
        }
    }

    let mut people = Gather::default();
    for s in &real {
        for (i, f) in s.failures.iter().enumerate() {
            // A sign-in log also lists the tenant's own members: never the guest. Their failures
            // name someone else than the guest, so they are set aside like another person's.
            if f.within_tenant {
                continue;
            }
            people.add(
                FactField::GuestAddress,
                failure_address(f).as_deref(),
                failure_at(s, i),
            );
        }
        for t in &s.tokens {
            if let Some((address, claim)) = token_address(t.token) {
                people.add(
                    FactField::GuestAddress,
                    Some(address),
                    claim_at(s, t, claim),
                );
            }
        }
        if let Some(r) = s.request {
            people.add(
                FactField::GuestAddress,
                r.login_hint.as_deref(),
                param_at(s, "login_hint"),
            );
        }
    }
    let people: Vec<Fact> = people.values.into_iter().map(|(_, f)| f).collect();
    settle(&mut case, FactField::GuestAddress, people, choices);
    let person = case.value(FactField::GuestAddress).map(normalise);
    let person_settled = !case.in_conflict(FactField::GuestAddress);
    // A source speaks of the case's person when it names them or names no one. While two
    // people are named, what each of their sources says waits: the one conflict to settle is who.
    let about_person = |address: Option<&str>| match (address, &person) {
        (Some(a), Some(p)) => normalise(a) == *p,
        // Two people named and none chosen: each one's facts wait.
        (Some(_), None) => false,
        (None, _) => true,
    };

    // Which sign-in: once one correlation ID is settled (the only one named, or the user's
    // pick), a failure with another one is another sign-in and stays out of the case.
    let mut ids = Gather::default();
    for s in &real {
        for (i, f) in s.failures.iter().enumerate() {
            if about_person(failure_address(f).as_deref()) {
                ids.add(
                    FactField::CorrelationId,
                    quotable_correlation(f),
                    failure_at(s, i),
                );
            }
        }
    }
    let ids: Vec<Fact> = ids.values.into_iter().map(|(_, f)| f).collect();
    settle(&mut case, FactField::CorrelationId, ids, choices);
    let sign_in = case.value(FactField::CorrelationId).map(normalise);
    let same_sign_in = |f: &Failure| match (quotable_correlation(f), &sign_in) {
        (Some(c), Some(x)) => normalise(c) == *x,
        _ => true,
    };

    let mut g = Gather::default();
    let mut tokens_seen = false;
    // The app a token was issued to: the case's app only when no failure names one. The page asks
    // for a token from any session in the tenant, so its app is often not the failing one.
    // Each with the tenant that issued its token: an app ID is valid in that tenant only.
    let mut token_apps: Vec<(&str, Origin, Option<&str>)> = Vec::new();
    // The failures pushed so far, by their codes, person and IDs (a string-keyed map, the hash
    // table type the page has anyway): the same failure pasted twice is pushed once.
    let mut repeats: HashMap<String, usize> = HashMap::new();
    // Some(true) when every failure of the case is in Microsoft's own tenant.
    let mut microsoft_only: Option<bool> = None;
    // Per-tenant values (object ID, UPN): (field, value, issuing tenant, origin).
    let mut per_tenant: Vec<(FactField, String, Option<String>, Origin)> = Vec::new();
    for s in &real {
        for (i, f) in s.failures.iter().enumerate() {
            // While two people are named and none is chosen, every failure is listed; once one
            // is settled, only those that name them (or no one) and belong to the settled sign-in.
            let who = failure_address(f);
            if (person_settled && !about_person(who.as_deref())) || !same_sign_in(f) {
                continue;
            }
            let at = failure_at(s, i);
            let in_microsofts = f
                .tenant
                .as_deref()
                .is_some_and(crate::entra::is_microsoft_services);
            microsoft_only = Some(microsoft_only.unwrap_or(true) && in_microsofts);
            // The same failure pasted twice (the case box and the Error view, say) is one: the
            // same codes with the same trace ID (one per request) or correlation ID and time.
            // Looked up by key, not pair by pair: a sign-in log holds thousands of failures. The
            // trace ID is one per request; only without it do the correlation ID and time
            // (shared by every request of a sign-in) stand for the failure.
            let mut key = String::new();
            for c in &f.codes {
                key.push_str(&c.to_string());
                key.push(',');
            }
            key.push_str(who.as_deref().unwrap_or(""));
            let key = match (&f.trace_id, &f.correlation_id, &f.timestamp) {
                (Some(t), _, _) => Some(format!("{key}|t|{t}")),
                (None, Some(c), Some(ts)) => Some(format!("{key}|c|{c}|{ts}")),
                _ => None,
            };
            let seen = key.is_some_and(|k| repeats.insert(k, 0).is_some());
            if seen {
                case.repeats.push((s.id, i));
            } else {
                case.failures.push(CaseFailure {
                    source: s.id,
                    index: i,
                    hop: f.hop,
                    codes: f.codes.clone(),
                    correlation_id: f.correlation_id.clone(),
                    trace_id: f.trace_id.clone(),
                    timestamp: f.timestamp.clone(),
                });
            }
            if !about_person(who.as_deref()) {
                continue;
            }
            // A directory named by the guest's own address domain ("… does not exist in the
            // partner.example directory", AADSTS50034) is their home one, never ours.
            let tenant = f
                .tenant
                .as_deref()
                .and_then(tenant_id_or_domain)
                .filter(|t| {
                    !is_domain_of(who.as_deref(), t) && !crate::entra::is_microsoft_services(t)
                });
            g.add(FactField::ResourceTenant, tenant, at);
            let home = f.idp.as_deref().and_then(tenant_of_issuer);
            g.add(FactField::HomeTenant, home.as_deref(), at);
            g.add(
                FactField::AppId,
                f.app_id.as_deref().filter(|a| is_guid(a)),
                at,
            );
        }
        for at in &s.tokens {
            let t = at.token;
            let claim_at = |s: &Analysed, claim: &'static str| claim_at(s, at, claim);
            // An app-only token is about no person: nothing in it is the guest's.
            if t.account_kind == AccountKind::App {
                continue;
            }
            tokens_seen = true;
            let address = person_of(s, at);
            if !about_person(address) {
                continue;
            }
            // An object is aimed at only when its token names the case's person, or when no source
            // names anyone (a lone token): a token without an address could be anyone's.
            let names_person = match (address, &person) {
                (Some(a), Some(p)) => normalise(a) == *p,
                (None, None) => true,
                _ => false,
            };
            // A guest's token names two tenants (tid is where they signed in, idp their home);
            // a member's token is from their own tenant, which for a guest case is the home one.
            // When the token cannot tell, it names no tenant role.
            match t.account_kind {
                AccountKind::Guest => {
                    g.add(
                        FactField::ResourceTenant,
                        t.tenant_id.as_deref(),
                        claim_at(s, "tid"),
                    );
                    g.add(
                        FactField::HomeTenant,
                        t.home_tenant_id.as_deref(),
                        claim_at(s, "idp"),
                    );
                }
                AccountKind::Member | AccountKind::Personal => {
                    g.add(
                        FactField::HomeTenant,
                        t.tenant_id.as_deref(),
                        claim_at(s, "tid"),
                    );
                }
                AccountKind::App | AccountKind::Unknown => {}
            }
            // An ID token names its app in `aud` (token.rs), a v1 access token in appid, a v2
            // one in azp: the place names the claim the token holds.
            let has = |k: &str| t.claims.as_ref().is_some_and(|c| c.get(k).is_some());
            let app_claim = if t.token_type == Some(crate::token::TokenType::Id) {
                "aud"
            } else if has("appid") || !has("azp") {
                "appid"
            } else {
                "azp"
            };
            if let Some(app) = t.app_id.as_deref() {
                token_apps.push((app, claim_at(s, app_claim), t.tenant_id.as_deref()));
            }
            for (field, value, name) in [
                (FactField::ObjectId, &t.object_id, "oid"),
                (FactField::Upn, &t.upn, "upn"),
            ] {
                if let Some(v) = value.as_ref().filter(|_| names_person) {
                    per_tenant.push((field, v.clone(), t.tenant_id.clone(), claim_at(s, name)));
                }
            }
        }
    }

    // A pasted sign-in request names the failing app as a failure does, and its tenant as a
    // trace's request does (below). It is about its login_hint's person, or no one.
    let mut url_tenants: Vec<(u32, Option<usize>, &str)> = Vec::new();
    for s in &real {
        if let Some(r) = s.request.filter(|r| about_person(r.login_hint.as_deref())) {
            g.add(
                FactField::AppId,
                r.client_id.as_deref(),
                param_at(s, "client_id"),
            );
            if let Some(t) = r.tenant.as_deref() {
                url_tenants.push((s.id, None, t));
            }
        }
        for (entry, tenant) in &s.url_tenants {
            url_tenants.push((s.id, Some(*entry), tenant));
        }
    }

    // The tenant an app sent its sign-in request to is the one the guest signs in to, unless it
    // is their home tenant (a trace may also hold a sign-in at home) or the personal-account one.
    // A URL names no person: while two people are named, it waits with their facts.
    for &(source, hop, tenant) in url_tenants.iter().filter(|_| person_settled) {
        let home = g.values.iter().any(|(f, fact)| {
            *f == FactField::HomeTenant && fact.value.eq_ignore_ascii_case(tenant)
        });
        // A request sent to the guest's own domain (`/partner.example/oauth2/…`) is a
        // sign-in at home, not where they are a guest.
        let own_domain = is_domain_of(person.as_deref(), tenant);
        if home || own_domain || crate::entra::is_personal_tenant(tenant) {
            continue;
        }
        let at = Origin {
            source,
            place: Place::UrlTenant,
            hop,
        };
        g.add(FactField::ResourceTenant, tenant_id_or_domain(tenant), at);
    }

    for field in [
        FactField::HomeTenant,
        FactField::ResourceTenant,
        FactField::AppId,
    ] {
        // A token's app counts only when no failure names one, and only from a token the
        // settled resource tenant issued (any token's while none is known): a token from
        // another tenant's session names an app of that tenant.
        if field == FactField::AppId && !g.values.iter().any(|(f, _)| *f == FactField::AppId) {
            // A tenant settled as a domain cannot be compared with a token's `tid` (an ID).
            let resource = case
                .value(FactField::ResourceTenant)
                .filter(|r| is_guid(r))
                .map(normalise);
            let waits = case.in_conflict(FactField::ResourceTenant);
            for (app, at, tenant) in &token_apps {
                let here = match &resource {
                    Some(r) => tenant.map(normalise).as_ref() == Some(r),
                    None => !waits,
                };
                if here {
                    g.add(FactField::AppId, Some(app), *at);
                }
            }
        }
        let mut values = Vec::new();
        for (f, fact) in &g.values {
            if *f == field {
                values.push(fact.clone());
            }
        }
        settle(&mut case, field, values, choices);
    }

    // An object ID or UPN is valid only in the tenant that issued it: keep those from the
    // settled resource tenant (one person has one object there), once the person is settled.
    let resource = case.value(FactField::ResourceTenant).map(normalise);
    for field in [FactField::Upn, FactField::ObjectId] {
        let mut here = Gather::default();
        for (f, value, tenant, origin) in &per_tenant {
            let same_tenant = resource.is_some() && tenant.as_deref().map(normalise) == resource;
            if *f == field && same_tenant && person_settled {
                here.add(field, Some(value), *origin);
            }
        }
        let values = here.values.into_iter().map(|(_, f)| f).collect();
        settle(&mut case, field, values, choices);
    }
    crate::text::sort_by(&mut case.subject, |a, b| a.0.cmp(&b.0));

    // The first policy source that speaks of the settled home tenant. Cross-tenant settings
    // govern Entra organisations, so a personal account's consumer tenant is not looked up.
    let home = case.value(FactField::HomeTenant).map(str::to_owned);
    let home_known = home.is_some();
    if let Some(home) = home.filter(|h| !crate::entra::is_personal_tenant(h)) {
        let app = case.value(FactField::AppId).map(str::to_owned);
        let resource = case.value(FactField::ResourceTenant).map(str::to_owned);
        // Every pasted part of our policy is read together: a partner entry overrides the
        // default, which may have come in another paste.
        let mut ours: Vec<inbound::Pasted> = Vec::new();
        let mut first: Option<u32> = None;
        let mut with_partner: Option<u32> = None;
        let mut entries: Vec<Option<serde_json::Value>> = Vec::new();
        let mut entries_differ = false;
        for s in &real {
            // Each paste read once, then asked about the home and the resource tenant.
            let Some(pasted) = s.policy.and_then(inbound::Pasted::read) else {
                continue;
            };
            let entry = pasted.partner(&home).cloned();
            let names_home = entry.is_some();
            // No entry for the home tenant but one for the resource tenant: the home tenant's
            // own policy, whose outbound side is what can block (500212). Read again only then.
            let home_own = !names_home
                && resource
                    .as_deref()
                    .is_some_and(|r| pasted.partner(r).is_some());
            if home_own {
                case.home_policy.get_or_insert(s.id);
                continue;
            }
            ours.push(pasted);
            first.get_or_insert(s.id);
            if names_home {
                with_partner.get_or_insert(s.id);
                if entries.iter().any(|e| *e != entry) {
                    entries_differ = true;
                }
                entries.push(entry);
            }
        }
        // Which of two different entries is current, no paste says: read neither.
        if entries_differ {
            case.unknowns.push(Unknown::PolicyEntries);
        } else if let (Some(source), Some(inbound)) = (
            with_partner.or(first),
            inbound::evaluate_pasted(ours, &home, app.as_deref()),
        ) {
            case.policy = Some(PolicyFit {
                source,
                home_tenant: home.clone(),
                inbound,
            });
        }
    } else if !home_known {
        // Whom the policy lets in waits for the home tenant; its default speaks already for
        // every organisation without an entry of its own (no partner matches an empty ID).
        let mut pasted = Vec::new();
        let mut first = None;
        for s in &real {
            if let Some(p) = s.policy.and_then(inbound::Pasted::read) {
                first.get_or_insert(s.id);
                pasted.push(p);
            }
        }
        let app = case.value(FactField::AppId);
        case.policy_default = first.zip(
            inbound::evaluate_pasted(pasted, "", app)
                .filter(|i| i.collaboration != inbound::Access::Unknown),
        );
    }
    if microsoft_only == Some(true) {
        case.unknowns.push(Unknown::MicrosoftTenant);
    }
    if case.failures.is_empty() {
        let refused = real.iter().any(|s| s.refused_calls > 0);
        case.unknowns.push(if refused {
            Unknown::ApiRefused
        } else {
            Unknown::Failure
        });
    }
    if !tokens_seen && microsoft_only != Some(true) {
        case.unknowns.push(Unknown::Token);
    }
    if !person_settled {
        case.unknowns.push(Unknown::Subject);
    }
    case
}

/// A failure's correlation ID as a command may quote it: a hidden or placeholder ID is shown
/// by the tools but never quoted.
fn quotable_correlation(f: &Failure) -> Option<&str> {
    f.correlation_id
        .as_deref()
        .filter(|_| !f.masked.contains(&errors::Field::CorrelationId))
        .filter(|c| is_guid(c))
}

/// Samples join the case when the user asks, or when there is nothing else: a case made only
/// of samples is a demonstration, and an empty page would teach nothing.
fn uses_samples(sources: &[Analysed], choices: &Choices) -> bool {
    choices.include_samples || sources.iter().all(|s| s.sample)
}

fn failure_at(s: &Analysed, index: usize) -> Origin {
    Origin {
        source: s.id,
        place: Place::Failure(index),
        hop: s.failures.get(index).and_then(|f| f.hop),
    }
}

fn param_at(s: &Analysed, param: &'static str) -> Origin {
    Origin {
        source: s.id,
        place: Place::UrlParam(param),
        hop: None,
    }
}

fn claim_at(s: &Analysed, t: &TokenAt, claim: &'static str) -> Origin {
    Origin {
        source: s.id,
        place: Place::Claim(claim),
        hop: t.hop,
    }
}

fn settle(case: &mut Case, field: FactField, values: Vec<Fact>, choices: &Choices) {
    match values.len() {
        0 => {}
        1 => {
            if let Some(v) = values.into_iter().next() {
                case.subject.push((field, v));
            }
        }
        _ => {
            let picked = choices.picked(field).and_then(|p| {
                values
                    .iter()
                    .find(|v| v.value.eq_ignore_ascii_case(p))
                    .cloned()
            });
            match picked {
                Some(v) => case.subject.push((field, v)),
                None => case.conflicts.push(Conflict { field, values }),
            }
        }
    }
}

/// What the Commands tool may be filled with: only settled facts, never a conflicting or
/// sample value. Codes and recipes come from the case's real failures.
pub fn findings(case: &Case, sources: &[Analysed], choices: &Choices) -> Findings {
    let use_samples = uses_samples(sources, choices);
    // Borrowed, not cloned: a failure is a large struct, and a trace may hold hundreds.
    let failures: Vec<&Failure> = case_failures(case, sources).map(|(f, _)| f).collect();
    let mut f = findings::collect(None, failures);
    let get = |field| case.value(field).map(str::to_owned);
    let address = get(FactField::GuestAddress);
    // A token's UPN may be the address itself (members) or a #EXT# guest UPN.
    f.email = address.filter(|a| !a.contains("#EXT#"));
    f.upn = get(FactField::Upn);
    f.object_id = get(FactField::ObjectId);
    f.resource_tenant = get(FactField::ResourceTenant);
    // The case keeps an object ID only from the resource tenant's token.
    f.object_tenant = f.object_id.as_ref().and(f.resource_tenant.clone());
    f.home_tenant = get(FactField::HomeTenant);
    f.app_id = get(FactField::AppId);
    f.correlation_id = get(FactField::CorrelationId);
    // The cloud the commands connect to: the one every piece of the person's evidence names
    // (`cloud_evidence`), read once for the value and for where it came from.
    let evidence = cloud_evidence(case, sources, use_samples);
    let (mut cloud, mut one_cloud) = (None, true);
    for (c, _) in &evidence {
        match cloud {
            None => cloud = Some(*c),
            Some(first) => one_cloud &= *c == first,
        }
    }
    f.cloud = cloud.filter(|_| one_cloud);
    // Two clouds: commands wait for the Cloud field (`commands::clouds_differ_problem`).
    if cloud.is_some() && !one_cloud {
        f.blocked.push(crate::findings::Value::Cloud);
    }
    // The failures' own recipes are already dropped there (errors::advice); the suggestions
    // made from what is known are not.
    f.no_commands = case.in_microsofts_tenant();
    provenance(&mut f, case, sources);
    if f.cloud.is_some() {
        let at = evidence.into_iter().map(|(_, at)| at).collect();
        f.from.push((crate::findings::Value::Cloud, at));
    }
    f
}

/// The case's failures as the sources hold them, each with where it was read.
fn case_failures<'a>(
    case: &'a Case,
    sources: &'a [Analysed],
) -> impl Iterator<Item = (&'a Failure, Origin)> + 'a {
    case.failures.iter().filter_map(move |c| {
        let s = sources.iter().find(|s| s.id == c.source)?;
        Some((s.failures.get(c.index)?, failure_at(s, c.index)))
    })
}

/// Fills in where each found value was read, and which values wait for the user's choice.
fn provenance(f: &mut Findings, case: &Case, sources: &[Analysed]) {
    use crate::findings::Value;
    let facts = [
        (Value::Email, FactField::GuestAddress, f.email.is_some()),
        (Value::Upn, FactField::Upn, f.upn.is_some()),
        (Value::ObjectId, FactField::ObjectId, f.object_id.is_some()),
        (
            Value::ResourceTenant,
            FactField::ResourceTenant,
            f.resource_tenant.is_some(),
        ),
        (
            Value::HomeTenant,
            FactField::HomeTenant,
            f.home_tenant.is_some(),
        ),
        (Value::AppId, FactField::AppId, f.app_id.is_some()),
        (
            Value::CorrelationId,
            FactField::CorrelationId,
            f.correlation_id.is_some(),
        ),
    ];
    for (field, fact, filled) in facts {
        if case.in_conflict(fact) {
            f.blocked.push(field);
            continue;
        }
        let found = case.subject.iter().find(|(x, _)| *x == fact);
        if let Some((_, fact)) = found.filter(|_| filled) {
            let at = fact.sources.iter().map(|o| found_at(sources, o)).collect();
            f.from.push((field, at));
        }
    }
    // The code is the first one of the first failure that has one (as `findings::collect` reads it).
    let coded =
        case_failures(case, sources).find_map(|(f, at)| (!f.codes.is_empty()).then_some(at));
    if let Some(o) = coded {
        f.from.push((Value::Code, vec![found_at(sources, &o)]));
    }
}

/// The clouds the case's person's material names, each with where: the issuer of their tokens,
/// the sign-in host of the case's failures and of a pasted sign-in request (never an identity
/// provider's, which names the guest's home cloud). Another guest's token from another cloud
/// must not move every command there, so nothing counts while two people are named; an app-only
/// token names no one and sets nothing.
fn cloud_evidence(
    case: &Case,
    sources: &[Analysed],
    use_samples: bool,
) -> Vec<(crate::token::Cloud, crate::findings::FoundAt)> {
    let mut out = Vec::new();
    if case.in_conflict(FactField::GuestAddress) {
        return out;
    }
    let person = case.value(FactField::GuestAddress).map(normalise);
    // A token or request that names someone counts only when it is the case's person.
    let theirs = |who: Option<&str>, named_needed: bool| match (who, &person) {
        (Some(a), Some(p)) => normalise(a) == *p,
        (None, Some(_)) => !named_needed,
        (_, None) => true,
    };
    for s in sources.iter().filter(|s| !s.sample || use_samples) {
        for t in &s.tokens {
            let Some(c) = t.token.cloud else { continue };
            if t.token.account_kind != AccountKind::App && theirs(person_of(s, t), true) {
                out.push((c, found_at(sources, &claim_at(s, t, "iss"))));
            }
        }
        if let Some(r) = s.request
            && let Some(c) = crate::token::cloud_of_host(&r.host)
            && theirs(r.login_hint.as_deref(), false)
        {
            let at = crate::findings::FoundAt {
                source: s.name.to_owned(),
                place: "its host".to_owned(),
            };
            out.push((c, at));
        }
    }
    for (fl, o) in case_failures(case, sources) {
        if let Some(c) = fl
            .sign_in_host
            .as_deref()
            .and_then(crate::token::cloud_of_host)
        {
            out.push((c, found_at(sources, &o)));
        }
    }
    out
}

/// Where `o` is, in words: the source's name and the place in it.
fn found_at(sources: &[Analysed], o: &Origin) -> crate::findings::FoundAt {
    let s = sources.iter().find(|s| s.id == o.source);
    let source = s.map_or_else(|| format!("source {}", o.source), |s| s.name.to_owned());
    // A sign-in log export's failures are its rows: the line (CSV) or entry they are on.
    let row = match o.place {
        Place::Failure(i) => s
            .and_then(|s| s.sign_ins)
            .and_then(|x| Some((x.format, x.failures.get(i)?.at))),
        Place::Claim(_) | Place::UrlTenant | Place::UrlParam(_) => None,
    };
    let place = place_words(o, row);
    crate::findings::FoundAt { source, place }
}

/// The place in its source `o` names, in words: "claim tid", "failure 2", "request 3 of the
/// trace, claim oid", or a sign-in log's "line 4" when `row` gives its format and row.
pub fn place_words(o: &Origin, row: Option<(crate::signins::Format, usize)>) -> String {
    let trace = o.hop.map(|h| format!("request {} of the trace", h + 1));
    match (o.place, trace) {
        (Place::Claim(c), Some(t)) => format!("{t}, claim {c}"),
        (Place::Claim(c), None) => format!("claim {c}"),
        (Place::UrlTenant, Some(t)) => format!("{t}, the tenant in its URL"),
        (Place::UrlTenant, None) => "the tenant in a sign-in URL".to_owned(),
        (Place::UrlParam(p), Some(t)) => format!("{t}, {p} in its URL"),
        (Place::UrlParam(p), None) => format!("{p} in the sign-in URL"),
        // A trace's failures are known by the request they were read in.
        (Place::Failure(_), Some(t)) => t,
        (Place::Failure(i), None) => match row {
            Some((crate::signins::Format::Csv, at)) => format!("line {at}"),
            Some((_, at)) => format!("entry {at}"),
            None => format!("failure {}", i + 1),
        },
    }
}

/// A saved case: its sources as given and the user's choices. The page writes it to a file the
/// user downloads and reads it back from a file the user opens; it stores nothing itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CaseFile {
    /// Format marker and version, so an unrelated JSON file is refused clearly.
    pub guestlens_case: u32,
    pub sources: Vec<SavedSource>,
    #[serde(default)]
    pub picked: Vec<SavedPick>,
    #[serde(default)]
    pub include_samples: bool,
    /// What was typed into the Commands view's fields, field by field (absent in older files).
    #[serde(default)]
    pub typed: Vec<SavedTyped>,
}

/// A value typed into a Commands field, by the field's key (`tenant`, `object_id`, …); an empty
/// value is a field cleared by hand. `commands::Inputs` reads and writes these (the case file
/// knows nothing of the commands, a layer above it); a key it does not know is passed over.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SavedTyped {
    pub field: String,
    pub value: String,
}

/// One source in a saved case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SavedSource {
    pub name: String,
    pub text: String,
    #[serde(default)]
    pub sample: bool,
}

/// One choice in a saved case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SavedPick {
    pub field: FactField,
    pub value: String,
}

/// The version this build writes and reads.
pub const CASE_FILE_VERSION: u32 = 1;

impl CaseFile {
    /// A case file for these sources and choices.
    pub fn new(sources: &[SourceInput], choices: &Choices) -> Self {
        let mut saved = Vec::new();
        for s in sources {
            // A trace read from a file has no text to save; the user adds the file again.
            if s.trace.is_none() {
                saved.push(SavedSource {
                    name: s.name.to_owned(),
                    text: s.text.to_owned(),
                    sample: s.sample,
                });
            }
        }
        CaseFile {
            guestlens_case: CASE_FILE_VERSION,
            sources: saved,
            picked: choices
                .picked
                .iter()
                .map(|(field, value)| SavedPick {
                    field: *field,
                    value: value.clone(),
                })
                .collect(),
            include_samples: choices.include_samples,
            typed: Vec::new(),
        }
    }

    /// The same file with what was typed into the Commands view (`commands::Inputs::to_saved`).
    pub fn with_typed(mut self, typed: Vec<SavedTyped>) -> Self {
        self.typed = typed;
        self
    }

    /// The file's text: `serde_json::to_string_pretty` of this struct, byte for byte (a test
    /// checks), written as a `Value` through its `{:#}` Display, which the page has anyway, so no
    /// pretty serializer is built for these structs.
    pub fn to_json(&self) -> String {
        use serde_json::{Map, Value};
        fn object(pairs: Vec<(&str, Value)>) -> Value {
            Value::Object(
                pairs
                    .into_iter()
                    .map(|(k, v)| (k.to_owned(), v))
                    .collect::<Map<String, Value>>(),
            )
        }
        let sources = self.sources.iter().map(|s| {
            object(vec![
                ("name", Value::String(s.name.clone())),
                ("text", Value::String(s.text.clone())),
                ("sample", Value::Bool(s.sample)),
            ])
        });
        let picked = self.picked.iter().map(|p| {
            object(vec![
                ("field", serde_json::to_value(p.field).unwrap_or_default()),
                ("value", Value::String(p.value.clone())),
            ])
        });
        let typed = self.typed.iter().map(|t| {
            object(vec![
                ("field", Value::String(t.field.clone())),
                ("value", Value::String(t.value.clone())),
            ])
        });
        let file = object(vec![
            ("guestlens_case", Value::from(self.guestlens_case)),
            ("sources", Value::Array(sources.collect())),
            ("picked", Value::Array(picked.collect())),
            ("include_samples", Value::Bool(self.include_samples)),
            ("typed", Value::Array(typed.collect())),
        ]);
        format!("{file:#}")
    }

    /// Reads a saved case; a message says what is wrong and where.
    pub fn parse(text: &str) -> Result<CaseFile, String> {
        // A name given twice is refused, not read as its last value: GuestLens never writes one.
        let probe = crate::text::json_reader::strict_unique(text).map_err(|e| {
            let (line, column) = e.line_col(text);
            format!(
                "This is not a GuestLens case file: the JSON breaks at line {line}, column {column}. {}",
                e.message
            )
        })?;
        match probe
            .get("guestlens_case")
            .and_then(serde_json::Value::as_u64)
        {
            None => {
                return Err(
                    "This JSON is not a GuestLens case file (it has no \"guestlens_case\" marker)."
                        .to_owned(),
                );
            }
            Some(v) if v > u64::from(CASE_FILE_VERSION) => {
                return Err(format!(
                    "This case file was written by a newer GuestLens (format {v}); this page reads format {CASE_FILE_VERSION}."
                ));
            }
            Some(_) => {}
        }
        // What is wrong now is a value: the message names it, without where, in serde's words.
        read_case(&probe).map_err(|what| format!("This case file is damaged: {what}."))
    }

    /// The choices it holds.
    pub fn choices(&self) -> Choices {
        Choices {
            picked: self
                .picked
                .iter()
                .map(|p| (p.field, p.value.clone()))
                .collect(),
            include_samples: self.include_samples,
        }
    }
}

/// A case file from its JSON value, as serde's derive read it: fields in any order, unknown
/// ones ignored, `picked` and the flags optional, messages in serde's words.
fn read_case(v: &serde_json::Value) -> Result<CaseFile, String> {
    let o = object(v, "CaseFile")?;
    let mut file = CaseFile {
        guestlens_case: CASE_FILE_VERSION,
        sources: Vec::new(),
        picked: Vec::new(),
        include_samples: false,
        typed: Vec::new(),
    };
    for (k, v) in o {
        match k.as_str() {
            // Checked by the caller: a whole number no newer than this build's.
            "guestlens_case" => {
                file.guestlens_case = v
                    .as_u64()
                    .and_then(|n| u32::try_from(n).ok())
                    .unwrap_or(CASE_FILE_VERSION);
            }
            "sources" => {
                let mut sources = Vec::new();
                for s in list(v)? {
                    sources.push(read_source(s)?);
                }
                file.sources = sources;
            }
            "picked" => {
                let mut picked = Vec::new();
                for p in list(v)? {
                    picked.push(read_pick(p)?);
                }
                file.picked = picked;
            }
            "include_samples" => file.include_samples = flag(v)?,
            "typed" => {
                let mut typed = Vec::new();
                for t in list(v)? {
                    typed.push(read_typed(t)?);
                }
                file.typed = typed;
            }
            _ => {}
        }
    }
    if !o.contains_key("sources") {
        return Err(missing("sources"));
    }
    Ok(file)
}

fn read_source(v: &serde_json::Value) -> Result<SavedSource, String> {
    let o = object(v, "SavedSource")?;
    let (mut name, mut text, mut sample) = (None, None, false);
    for (k, v) in o {
        match k.as_str() {
            "name" => name = Some(string(v)?),
            "text" => text = Some(string(v)?),
            "sample" => sample = flag(v)?,
            _ => {}
        }
    }
    Ok(SavedSource {
        name: name.ok_or_else(|| missing("name"))?,
        text: text.ok_or_else(|| missing("text"))?,
        sample,
    })
}

fn read_pick(v: &serde_json::Value) -> Result<SavedPick, String> {
    let o = object(v, "SavedPick")?;
    let (mut field, mut value) = (None, None);
    for (k, v) in o {
        match k.as_str() {
            "field" => {
                // serde_json reads an enum from a string (or a one-key object, never written).
                let name = v.as_str().ok_or_else(|| "expected value".to_owned())?;
                field = Some(
                    FactField::ALL
                        .into_iter()
                        .find(|f| f.key() == name)
                        .ok_or_else(|| {
                            let names: Vec<String> = FactField::ALL
                                .iter()
                                .map(|f| format!("`{}`", f.key()))
                                .collect();
                            format!(
                                "unknown variant `{name}`, expected one of {}",
                                names.join(", ")
                            )
                        })?,
                );
            }
            "value" => value = Some(string(v)?),
            _ => {}
        }
    }
    Ok(SavedPick {
        field: field.ok_or_else(|| missing("field"))?,
        value: value.ok_or_else(|| missing("value"))?,
    })
}

fn read_typed(v: &serde_json::Value) -> Result<SavedTyped, String> {
    let o = object(v, "SavedTyped")?;
    let (mut field, mut value) = (None, None);
    for (k, v) in o {
        match k.as_str() {
            "field" => field = Some(string(v)?),
            "value" => value = Some(string(v)?),
            _ => {}
        }
    }
    Ok(SavedTyped {
        field: field.ok_or_else(|| missing("field"))?,
        value: value.ok_or_else(|| missing("value"))?,
    })
}

fn object<'a>(
    v: &'a serde_json::Value,
    name: &str,
) -> Result<&'a serde_json::Map<String, serde_json::Value>, String> {
    v.as_object()
        .ok_or_else(|| crate::text::invalid_type(v, &format!("struct {name}")))
}

fn list(v: &serde_json::Value) -> Result<&Vec<serde_json::Value>, String> {
    v.as_array()
        .ok_or_else(|| crate::text::invalid_type(v, "a sequence"))
}

fn string(v: &serde_json::Value) -> Result<String, String> {
    v.as_str()
        .map(str::to_owned)
        .ok_or_else(|| crate::text::invalid_type(v, "a string"))
}

fn flag(v: &serde_json::Value) -> Result<bool, String> {
    v.as_bool()
        .ok_or_else(|| crate::text::invalid_type(v, "a boolean"))
}

fn missing(field: &str) -> String {
    format!("missing field `{field}`")
}
