//! Token inspector: finds a token in any pasted text, decodes it and explains it for guests.
pub use crate::entra::apps;
pub mod claims;
pub mod compare;
mod decode;
mod find;
mod guest;
pub use guest::{cloud_of as cloud_of_host, ext_upn_address};
pub mod samples;
pub mod signature;

use std::fmt::Write as _;

use serde::Serialize;
use serde_json::{Map, Value};

use super::text::{iso_utc, relative};
use crate::diagnostic::Diagnostic;

/// The personal Microsoft account (consumer) tenant.
pub use crate::entra::MSA_TENANT;
/// How much clock skew resources commonly tolerate, in seconds.
pub const CLOCK_SKEW: i64 = 300;

/// What kind of thing the pasted token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TokenKind {
    /// A signed JWT: header.payload.signature.
    Jws,
    /// An encrypted JWT (five parts); only its header is readable.
    Jwe,
    /// Not a JWT: only the API it is for can read it.
    Opaque,
    /// An authorization code from a redirect URL: exchanged for tokens, not a token itself.
    AuthorizationCode,
    /// Looked like a JWT but a part could not be decoded.
    Malformed,
}

impl TokenKind {
    pub const fn label(self) -> &'static str {
        match self {
            TokenKind::Jws => "signed JWT",
            TokenKind::Jwe => "encrypted JWT",
            TokenKind::Opaque => "opaque token",
            TokenKind::AuthorizationCode => "authorization code",
            TokenKind::Malformed => "malformed JWT",
        }
    }
}

/// Which dot-separated part of a token a piece of text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PartName {
    Header,
    Payload,
    Signature,
    /// The whole of an opaque token.
    Opaque,
    /// A part of a malformed token whose role can't be told.
    Unknown,
    EncryptedKey,
    Iv,
    Ciphertext,
    Tag,
}

impl PartName {
    /// The id as the JSON report spells it (also the page's CSS class suffix).
    pub const fn id(self) -> &'static str {
        match self {
            PartName::Header => "header",
            PartName::Payload => "payload",
            PartName::Signature => "signature",
            PartName::Opaque => "opaque",
            PartName::Unknown => "unknown",
            PartName::EncryptedKey => "encrypted_key",
            PartName::Iv => "iv",
            PartName::Ciphertext => "ciphertext",
            PartName::Tag => "tag",
        }
    }

    /// The part's name for people.
    pub const fn label(self) -> &'static str {
        match self {
            PartName::Header => "header",
            PartName::Payload => "payload",
            PartName::Signature => "signature",
            PartName::Opaque => "opaque token",
            PartName::Unknown => "unknown part",
            PartName::EncryptedKey => "encrypted key",
            PartName::Iv => "initialization vector",
            PartName::Ciphertext => "ciphertext",
            PartName::Tag => "authentication tag",
        }
    }
}

/// One dot-separated part of the raw token, for colour-coded display.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Part {
    pub name: PartName,
    pub text: String,
}

/// Whether a token is an access token or an ID token.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TokenType {
    Access,
    Id,
}

impl TokenType {
    pub const fn label(self) -> &'static str {
        match self {
            TokenType::Access => "access token",
            TokenType::Id => "ID token",
        }
    }
}

/// Who authenticated a guest, as read from `idp`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum IdpKind {
    /// Another Microsoft Entra tenant (the guest's home tenant).
    Entra,
    /// The personal Microsoft account service.
    MicrosoftAccount,
    Google,
    Facebook,
    /// Email one-time passcode (`mail`).
    EmailOtp,
    /// Any other identity provider: SAML/WS-Fed federation.
    Federation,
}

impl IdpKind {
    pub const fn label(self) -> &'static str {
        match self {
            IdpKind::Entra => "another Microsoft Entra tenant",
            IdpKind::MicrosoftAccount => "personal Microsoft account",
            IdpKind::Google => "Google account",
            IdpKind::Facebook => "Facebook account",
            IdpKind::EmailOtp => "email one-time passcode",
            IdpKind::Federation => "SAML/WS-Fed identity provider",
        }
    }
}

/// The Microsoft cloud an issuer belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Cloud {
    Global,
    Usgov,
    China,
}

impl Cloud {
    pub const fn label(self) -> &'static str {
        match self {
            Cloud::Global => "global (commercial)",
            Cloud::Usgov => "US Government",
            Cloud::China => "China (21Vianet)",
        }
    }
}

/// What kind of account signed in, as the verdict reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum AccountKind {
    /// A personal Microsoft account in the consumer tenant.
    Personal,
    Member,
    Guest,
    /// An app-only token (client credentials): no user signed in.
    App,
    Unknown,
}

impl AccountKind {
    /// The id as the JSON report spells it (also the page's CSS class suffix).
    pub const fn id(self) -> &'static str {
        match self {
            AccountKind::Personal => "personal",
            AccountKind::Member => "member",
            AccountKind::Guest => "guest",
            AccountKind::App => "app",
            AccountKind::Unknown => "unknown",
        }
    }

    pub const fn label(self) -> &'static str {
        match self {
            AccountKind::Personal => "personal Microsoft account",
            AccountKind::Member => "member",
            AccountKind::Guest => "guest",
            AccountKind::App => "app-only (no user)",
            AccountKind::Unknown => "unknown",
        }
    }
}

/// Whether the token's lifetime covers `now`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Validity {
    Valid,
    Expired,
    NotYetValid,
    /// No `exp` claim, or nothing decoded.
    Unknown,
}

impl Validity {
    pub const fn label(self) -> &'static str {
        match self {
            Validity::Valid => "valid now",
            Validity::Expired => "expired",
            Validity::NotYetValid => "not valid yet",
            Validity::Unknown => "validity unknown",
        }
    }
}

/// One row of the claims table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClaimRow {
    pub name: String,
    /// The value as shown: strings bare, everything else as compact JSON.
    pub value: String,
    pub meaning: String,
    pub doc: claims::Doc,
    /// Pages that document the claim (empty for claims not in our catalogue).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<claims::Source>,
    /// For time claims: ISO 8601 UTC and age relative to `now`.
    pub time: Option<String>,
    pub relative: Option<String>,
}

/// Which claim a piece of the verdict's evidence comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum EvidenceClaim {
    Ver,
    Tid,
    Iss,
    Idp,
    Acct,
    Upn,
    /// The address read back from a `#EXT#` name (in `upn`, `unique_name` or `preferred_username`).
    #[serde(rename = "UPN")]
    ExtAddress,
    Email,
    #[serde(rename = "preferred_username")]
    PreferredUsername,
    Oid,
}

impl EvidenceClaim {
    /// The claim as the evidence table shows it.
    pub const fn label(self) -> &'static str {
        match self {
            EvidenceClaim::Ver => "ver",
            EvidenceClaim::Tid => "tid",
            EvidenceClaim::Iss => "iss",
            EvidenceClaim::Idp => "idp",
            EvidenceClaim::Acct => "acct",
            EvidenceClaim::Upn => "upn",
            EvidenceClaim::ExtAddress => "UPN",
            EvidenceClaim::Email => "email",
            EvidenceClaim::PreferredUsername => "preferred_username",
            EvidenceClaim::Oid => "oid",
        }
    }
}

/// A fact from the token and how we read it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Evidence {
    pub claim: EvidenceClaim,
    pub value: String,
    pub reading: String,
}

/// The guest verdict: who this account is and what that means for sign-in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Verdict {
    pub headline: String,
    pub evidence: Vec<Evidence>,
    pub meaning: Vec<String>,
}

/// Everything the inspector says about one token.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TokenReport {
    pub kind: TokenKind,
    pub source: String,
    /// Null when it can't be told.
    pub token_type: Option<TokenType>,
    pub raw: String,
    pub parts: Vec<Part>,
    pub header: Option<Value>,
    pub claims: Option<Value>,
    pub signature_len: Option<usize>,
    pub version: Option<String>,
    pub issuer: Option<String>,
    pub tenant_id: Option<String>,
    pub audience: Option<String>,
    pub audience_name: Option<String>,
    pub idp: Option<String>,
    /// Null when `idp` is absent.
    pub idp_kind: Option<IdpKind>,
    pub home_tenant_id: Option<String>,
    pub cloud: Option<Cloud>,
    pub account_kind: AccountKind,
    pub expires_at: Option<String>,
    pub issued_at: Option<String>,
    pub not_before: Option<String>,
    /// At `now`.
    pub validity: Validity,
    pub email: Option<String>,
    pub upn: Option<String>,
    /// The address a `#EXT#` UPN was made from.
    pub upn_original: Option<String>,
    pub object_id: Option<String>,
    pub app_id: Option<String>,
    pub app_name: Option<String>,
    pub scopes: Vec<String>,
    pub roles: Vec<String>,
    /// Graph-style header nonce: only the API itself can check the signature.
    pub header_nonce: bool,
    pub claim_rows: Vec<ClaimRow>,
    pub verdict: Option<Verdict>,
    pub diagnostics: Vec<Diagnostic>,
}

/// The result of looking for a token: a report, or a note saying why there is none.
#[derive(Default)]
pub struct Found {
    pub report: Option<TokenReport>,
    pub note: Option<String>,
}

/// The other token of a JSON token response whose first `found` explains (an id_token beside
/// the access_token), explained as of `now`; the case reads it too.
pub fn second_of_response(input: &str, found: &Found, now: i64) -> Option<TokenReport> {
    // Only a token response holds a second token this way: nothing else is parsed again.
    let first = found.report.as_ref()?;
    if !first.source.ends_with("JSON token response") {
        return None;
    }
    let (key, token) = find::second_in_response(input)?;
    let source = format!("the {key} field of a JSON token response");
    Some(analyze_token(&token, &source, false, now))
}

/// Finds a token in `input` and explains it as of `now` (Unix seconds).
pub fn find_and_analyze(input: &str, now: i64) -> Found {
    explain(find::locate(input), now)
}

/// Where the token in a text is (or why there is none), found without the clock: the slow half
/// of `find_and_analyze` on a big text, so it can be kept and explained again as of a later `now`.
#[derive(Debug, Clone)]
pub struct Search(Result<find::Located, String>);

/// Looks for the token in `input`.
pub fn search(input: &str) -> Search {
    Search(find::locate(input))
}

/// `search` a stage at a time (each a pass or two over the text), for a page that yields
/// between them.
#[derive(Debug, Clone, Default)]
pub struct Searching(u8);

impl Searching {
    /// The next stage over `input` (the same text each time); `Some` once the search is done.
    pub fn step(&mut self, input: &str) -> Option<Search> {
        let done = find::locate_stage(input, self.0).map(Search);
        self.0 = self.0.saturating_add(1);
        done
    }
}

/// The token `search` found, explained as of `now`: the same as `find_and_analyze` on its text.
pub fn found(search: &Search, now: i64) -> Found {
    explain(search.0.clone(), now)
}

fn explain(located: Result<find::Located, String>, now: i64) -> Found {
    match located {
        Ok(loc) => {
            let mut report = analyze_token(&loc.token, &loc.source, loc.is_code, now);
            report
                .diagnostics
                .extend(loc.notes.into_iter().map(Diagnostic::info));
            Found {
                report: Some(report),
                note: None,
            }
        }
        Err(why) => Found {
            report: None,
            note: Some(why),
        },
    }
}

fn empty(kind: TokenKind, raw: &str, source: &str) -> TokenReport {
    TokenReport {
        kind,
        source: source.to_owned(),
        token_type: None,
        raw: raw.to_owned(),
        parts: Vec::new(),
        header: None,
        claims: None,
        signature_len: None,
        version: None,
        issuer: None,
        tenant_id: None,
        audience: None,
        audience_name: None,
        idp: None,
        idp_kind: None,
        home_tenant_id: None,
        cloud: None,
        account_kind: AccountKind::Unknown,
        expires_at: None,
        issued_at: None,
        not_before: None,
        validity: Validity::Unknown,
        email: None,
        upn: None,
        upn_original: None,
        object_id: None,
        app_id: None,
        app_name: None,
        scopes: Vec::new(),
        roles: Vec::new(),
        header_nonce: false,
        claim_rows: Vec::new(),
        verdict: None,
        diagnostics: Vec::new(),
    }
}

/// Decodes and explains one token string.
pub fn analyze_token(token: &str, source: &str, is_code: bool, now: i64) -> TokenReport {
    if is_code {
        let mut r = empty(TokenKind::AuthorizationCode, token, source);
        r.diagnostics.push(Diagnostic::info(
            "This is an authorization code, not a token. The app exchanges it once at the token \
             endpoint for an access token and an ID token; it cannot be decoded. Paste the token \
             response (or the access_token / id_token value) to inspect the tokens.",
        ));
        return r;
    }
    let pieces: Vec<&str> = token.split('.').collect();
    match pieces.as_slice() {
        &[h, p, sig] => decode_jws(token, source, [h, p, sig], now),
        &[h, k, iv, c, t] => decode_jwe(token, source, [h, k, iv, c, t]),
        [_] => {
            let mut r = empty(TokenKind::Opaque, token, source);
            r.parts.push(Part {
                name: PartName::Opaque,
                text: token.to_owned(),
            });
            r.diagnostics.push(Diagnostic::info(
                "This token is opaque: it is not a JWT, so only the API it was issued for can read it. \
                 Access tokens for personal Microsoft accounts (consumer services) are like this, and \
                 refresh tokens always are. Nothing is wrong with it; clients should treat every access \
                 token as opaque anyway.",
            ));
            r
        }
        _ => {
            let n = pieces.len();
            let mut r = empty(TokenKind::Malformed, token, source);
            r.parts = pieces
                .iter()
                .enumerate()
                .map(|(i, p)| Part {
                    name: if i == 0 {
                        PartName::Header
                    } else {
                        PartName::Unknown
                    },
                    text: (*p).to_owned(),
                })
                .collect();
            r.diagnostics.push(Diagnostic::error(format!(
                "The token has {n} dot-separated parts; a signed JWT has 3 and an encrypted one 5. \
                 Part of it may have been lost or added while copying."
            )));
            r
        }
    }
}

fn decode_jwe(token: &str, source: &str, pieces: [&str; 5]) -> TokenReport {
    let mut r = empty(TokenKind::Jwe, token, source);
    let names = [
        PartName::Header,
        PartName::EncryptedKey,
        PartName::Iv,
        PartName::Ciphertext,
        PartName::Tag,
    ];
    r.parts = pieces
        .iter()
        .zip(names)
        .map(|(p, name)| Part {
            name,
            text: (*p).to_owned(),
        })
        .collect();
    let [header, ..] = pieces;
    match decode::json_part(header, "header") {
        Ok(h) => r.header = Some(h),
        Err(e) => r.diagnostics.push(Diagnostic::error(e)),
    }
    let enc = r
        .header
        .as_ref()
        .and_then(|h| h.get("enc"))
        .and_then(Value::as_str)
        .unwrap_or("?");
    let alg = r
        .header
        .as_ref()
        .and_then(|h| h.get("alg"))
        .and_then(Value::as_str)
        .unwrap_or("?");
    r.diagnostics.push(Diagnostic::info(format!(
        "This token is encrypted (JWE: key algorithm {alg}, content encryption {enc}). Only the app \
         holding the private key can read its claims, which is the point of token encryption. It is \
         not broken; ask the app's developer to log the decrypted claims if you need them."
    )));
    r
}

fn decode_jws(token: &str, source: &str, pieces: [&str; 3], now: i64) -> TokenReport {
    let mut r = empty(TokenKind::Jws, token, source);
    let [head, body, sig] = pieces;
    r.parts = vec![
        Part {
            name: PartName::Header,
            text: head.to_owned(),
        },
        Part {
            name: PartName::Payload,
            text: body.to_owned(),
        },
        Part {
            name: PartName::Signature,
            text: sig.to_owned(),
        },
    ];
    let header = decode::json_part(head, "header");
    let payload = decode::json_part(body, "payload");
    for warn in decode::alphabet_notes(&pieces) {
        r.diagnostics.push(Diagnostic::warning(warn));
    }
    match decode::bytes_part(sig, "signature") {
        Ok(sig) => r.signature_len = Some(sig.len()),
        Err(e) => r.diagnostics.push(Diagnostic::error(e)),
    }
    let (header, payload) = match (header, payload) {
        (Ok(h), Ok(p)) => (h, p),
        (h, p) => {
            r.kind = TokenKind::Malformed;
            for res in [&h, &p] {
                if let Err(e) = res {
                    r.diagnostics.push(Diagnostic::error(e.clone()));
                }
            }
            r.header = h.ok();
            r.claims = p.ok();
            return r;
        }
    };
    if let Some(hm) = header.as_object() {
        explain_header(&mut r, hm);
    }
    if let Some(claims) = payload.as_object() {
        explain_claims(&mut r, claims, now);
        let alg = header.get("alg").and_then(Value::as_str);
        guest::entra_checks(&mut r, alg);
    }
    r.header = Some(header);
    r.claims = Some(payload);
    r
}

fn explain_header(r: &mut TokenReport, h: &Map<String, Value>) {
    r.header_nonce = h.contains_key("nonce");
    match h.get("alg").and_then(Value::as_str) {
        Some("none") => r.diagnostics.push(Diagnostic::warning(
            "The header says alg \"none\": the token is unsigned. Microsoft Entra never issues unsigned tokens, \
             so this one was made or altered elsewhere.",
        )),
        None => r.diagnostics.push(Diagnostic::warning("The header has no alg: a JWT must name its signature algorithm.")),
        Some(_) => {}
    }
    if r.signature_len == Some(0) && h.get("alg").and_then(Value::as_str) != Some("none") {
        r.diagnostics.push(Diagnostic::warning(
            "The signature part is empty: the token was cut off, or its signature removed.",
        ));
    }
}

fn str_claim<'a>(c: &'a Map<String, Value>, name: &str) -> Option<&'a str> {
    c.get(name)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

fn num_claim(c: &Map<String, Value>, name: &str) -> Option<i64> {
    let v = c.get(name)?;
    v.as_i64()
        .or_else(|| v.as_f64().filter(|f| f.is_finite()).map(|f| f as i64))
        .or_else(|| v.as_str()?.trim().parse().ok())
}

fn list_claim(c: &Map<String, Value>, name: &str) -> Vec<String> {
    match c.get(name) {
        Some(Value::String(s)) => {
            let mut out = Vec::new();
            for w in s.split_whitespace() {
                out.push(w.to_owned());
            }
            out
        }
        Some(Value::Array(a)) => {
            let mut out = Vec::new();
            for s in a.iter().filter_map(Value::as_str) {
                out.push(s.to_owned());
            }
            out
        }
        _ => Vec::new(),
    }
}

fn display(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn explain_claims(r: &mut TokenReport, c: &Map<String, Value>, now: i64) {
    r.issuer = str_claim(c, "iss").map(str::to_owned);
    r.tenant_id = str_claim(c, "tid").map(str::to_owned);
    r.object_id = str_claim(c, "oid").map(str::to_owned);
    r.idp = str_claim(c, "idp").map(str::to_owned);
    r.audience = match c.get("aud") {
        Some(Value::Array(a)) => a.first().and_then(Value::as_str).map(str::to_owned),
        Some(v) => v.as_str().map(str::to_owned),
        None => None,
    };
    r.audience_name = r
        .audience
        .as_deref()
        .and_then(apps::name)
        .map(str::to_owned);
    r.app_id = str_claim(c, "appid")
        .or_else(|| str_claim(c, "azp"))
        .map(str::to_owned);
    r.app_name = r.app_id.as_deref().and_then(apps::name).map(str::to_owned);
    r.scopes = list_claim(c, "scp");
    r.roles = list_claim(c, "roles");
    r.upn = str_claim(c, "upn").map(str::to_owned);
    r.upn_original = [
        r.upn.as_deref(),
        str_claim(c, "unique_name"),
        str_claim(c, "preferred_username"),
    ]
    .into_iter()
    .find_map(|v| v.and_then(guest::ext_upn_address));
    r.email = str_claim(c, "email")
        .map(str::to_owned)
        .or_else(|| {
            str_claim(c, "preferred_username")
                .filter(|p| p.contains('@') && !p.contains("#EXT#"))
                .map(str::to_owned)
        })
        .or_else(|| r.upn_original.clone())
        .or_else(|| {
            str_claim(c, "unique_name")
                .and_then(|u| u.split_once('#'))
                .map(|(_, a)| a.to_owned())
                .filter(|a| a.contains('@'))
        });

    // `roles` is in both kinds (app roles reach ID tokens too), so the claims only one kind
    // carries decide first: scp, appid, azp, idtyp for an access token; nonce and the hashes
    // of the code and the access token for an ID token (claims.toml).
    let has = |keys: &[&str]| keys.iter().any(|k| c.contains_key(*k));
    r.token_type = if has(&["scp", "appid", "azp", "idtyp"]) {
        Some(TokenType::Access)
    } else if has(&["nonce", "c_hash", "at_hash"]) {
        Some(TokenType::Id)
    } else if has(&["roles"]) {
        Some(TokenType::Access)
    } else if r.audience.as_deref().is_some_and(super::text::is_guid) {
        Some(TokenType::Id)
    } else {
        None
    };

    // An ID token is for the client app itself: its `aud` is the app's ID (claims.toml, aud).
    if r.token_type == Some(TokenType::Id) && r.app_id.is_none() {
        r.app_id = r.audience.clone().filter(|a| super::text::is_guid(a));
        r.app_name = r.app_id.as_deref().and_then(apps::name).map(str::to_owned);
    }

    guest::version_and_cloud(r, str_claim(c, "ver"));
    guest::verdict(r, c);
    explain_times(r, c, now);
    explain_audience(r);
    let guest = r.account_kind == AccountKind::Guest;
    for (name, value) in c {
        r.claim_rows.push(claim_row(name, value, now, guest));
    }
}

fn claim_row(name: &str, value: &Value, now: i64, guest: bool) -> ClaimRow {
    let info = claims::lookup(name);
    let (meaning, doc) = match info {
        Some(i) => (i.meaning.to_owned(), i.doc),
        None if name.starts_with("xms_") => (
            "An xms_ claim that Microsoft does not document: internal to Microsoft, do not rely on it.".to_owned(),
            claims::Doc::Undocumented,
        ),
        None => (
            "Not in Microsoft's claims references: an app-specific, custom or newer claim.".to_owned(),
            claims::Doc::Undocumented,
        ),
    };
    let secs = info.filter(|i| i.time).and_then(|_| value.as_i64());
    let mut meaning = meaning;
    let mut sources = info.map(|i| i.sources.to_vec()).unwrap_or_default();
    if name == "wids"
        && let Some(ids) = value.as_array()
    {
        name_roles(ids, &mut meaning, &mut sources, guest);
    }
    ClaimRow {
        name: name.to_owned(),
        value: display(value),
        meaning,
        doc,
        sources,
        time: secs.and_then(iso_utc),
        relative: secs.map(|s| relative(s.saturating_sub(now))),
    }
}

/// Adds the names of a `wids` claim's roles to its meaning: "Here: Global Administrator; 1 role
/// not in GuestLens's list." The list's source joins the row's.
fn name_roles(ids: &[Value], meaning: &mut String, sources: &mut Vec<claims::Source>, guest: bool) {
    if !ids.iter().any(Value::is_string) {
        return;
    }
    let mut named = String::new();
    let mut others = 0;
    let mut level = false;
    for id in ids.iter().filter_map(Value::as_str) {
        // The guest access levels are the guest's own (the page lists them as guestUserRoleId
        // values); in a member's token the same IDs are not read as a level.
        let n = crate::entra::roles::name(id).or_else(|| {
            let l = crate::entra::roles::access_level(id).filter(|_| guest);
            level |= l.is_some();
            l
        });
        match n {
            Some(n) => {
                named.push_str(if named.is_empty() { " Here: " } else { ", " });
                named.push_str(n);
            }
            None => others += 1,
        }
    }
    if level {
        sources.push(crate::entra::roles::ACCESS_LEVEL_SOURCE);
    }
    if others == 0 {
        named.push('.');
    } else {
        named.push_str(if named.is_empty() { " Here:" } else { ";" });
        let _ = write!(
            named,
            " {others} {} not among the built-in roles GuestLens names (look the template ID up in the roles list).",
            if others == 1 { "ID" } else { "IDs" }
        );
    }
    meaning.push_str(&named);
    sources.extend_from_slice(crate::entra::roles::sources());
}

fn explain_times(r: &mut TokenReport, c: &Map<String, Value>, now: i64) {
    let exp = num_claim(c, "exp");
    let nbf = num_claim(c, "nbf");
    let iat = num_claim(c, "iat");
    r.expires_at = exp.and_then(iso_utc);
    r.not_before = nbf.and_then(iso_utc);
    r.issued_at = iat.and_then(iso_utc);
    r.validity = Validity::Valid;
    if let Some(exp) = exp {
        let late = now.saturating_sub(exp);
        if late > CLOCK_SKEW {
            r.validity = Validity::Expired;
            r.diagnostics.push(Diagnostic::error(format!(
                "Expired {} ({}). A resource will refuse it: get a new token.",
                relative(late.saturating_neg()),
                r.expires_at.as_deref().unwrap_or("?")
            )));
        } else if late > 0 {
            r.validity = Validity::Expired;
            r.diagnostics.push(Diagnostic::warning(format!(
                "Expired {} — within the {}-minute clock skew many resources tolerate, but renew it.",
                relative(late.saturating_neg()),
                CLOCK_SKEW / 60
            )));
        }
    } else {
        r.validity = Validity::Unknown;
        r.diagnostics.push(Diagnostic::warning(
            "No exp claim: Microsoft Entra tokens always carry one.",
        ));
    }
    if let Some(nbf) = nbf {
        let early = nbf.saturating_sub(now);
        if early > CLOCK_SKEW {
            r.validity = Validity::NotYetValid;
            r.diagnostics.push(Diagnostic::error(format!(
                "Not valid yet: it starts {}. Check this computer's clock, or the clock of whatever made the token.",
                relative(early)
            )));
        } else if early > 0 {
            r.diagnostics.push(Diagnostic::info(format!(
                "Becomes valid {}: within normal clock skew, so resources will accept it.",
                relative(early)
            )));
        }
    }
    if let (Some(iat), Some(exp)) = (iat, exp) {
        lifetime_note(r, exp.saturating_sub(iat));
    }
}

/// A note when the lifetime is beyond what Entra issues by default, in the terms of the token's
/// type (entra-docs configurable-token-lifetimes.md: access tokens 60–90 minutes, up to 28 hours
/// for CAE-capable clients; ID tokens one hour; a lifetime policy allows 10 minutes to one day).
fn lifetime_note(r: &mut TokenReport, secs: i64) {
    const HOUR: i64 = 3600;
    const DAY: i64 = 24 * HOUR;
    let shown = if secs % HOUR == 0 || secs >= 10 * HOUR {
        format!("{} hours", secs / HOUR)
    } else {
        format!("{} minutes", secs / 60)
    };
    let note = match r.token_type {
        Some(TokenType::Id) if secs > DAY => format!(
            "Lifetime is {shown}: longer than Entra gives any ID token. ID tokens live one hour by default and a \
             token lifetime policy can set at most one day, so this token's times were set by something else."
        ),
        Some(TokenType::Id) if secs > HOUR + CLOCK_SKEW => format!(
            "Lifetime is {shown}. Entra ID tokens live one hour by default; a longer one means a token lifetime \
             policy applies to this app. Apps often end their own session when the ID token expires, so this \
             decides how often the user signs in again to the app."
        ),
        Some(TokenType::Access) if secs > 28 * HOUR => format!(
            "Lifetime is {shown}: longer than Entra gives any access token (60–90 minutes by default, up to 28 \
             hours for clients that support continuous access evaluation, one day at most by policy)."
        ),
        Some(TokenType::Access) if secs > DAY => format!(
            "Lifetime is {shown}. Entra access tokens live 60–90 minutes by default; one this long is a \
             continuous access evaluation (CAE) token, which the API may revoke early when something changes \
             (the account is disabled, the location changes)."
        ),
        None if secs > DAY => format!(
            "Lifetime is {shown}. Entra access tokens live 60–90 minutes by default (up to 28 hours with \
             continuous access evaluation) and ID tokens one hour, unless a token lifetime policy says otherwise."
        ),
        _ => return,
    };
    r.diagnostics.push(Diagnostic::info(note));
}

fn explain_audience(r: &mut TokenReport) {
    let graph = r.audience_name.as_deref() == Some("Microsoft Graph");
    if r.header_nonce {
        r.diagnostics.push(Diagnostic::info(
            "The header carries a nonce. Microsoft Graph (and some other Microsoft APIs) sign such tokens over a \
             transformed nonce, so no one but Graph can check the signature: a \"bad signature\" from a JWT library \
             is expected here, not a fault. Your own API should never receive a Graph token — request a token for \
             your API's scope instead.",
        ));
    } else if graph {
        r.diagnostics.push(Diagnostic::info(
            "This token is for Microsoft Graph. Microsoft-owned APIs use their own token formats and rules; only \
             Graph validates it.",
        ));
    }
    if r.audience_name
        .as_deref()
        .is_some_and(|n| n.starts_with("Windows Azure Active Directory"))
    {
        r.diagnostics.push(Diagnostic::warning(
            "The audience is Azure AD Graph (graph.windows.net), which Microsoft has retired: move the app to Microsoft Graph.",
        ));
    }
    if r.token_type == Some(TokenType::Access) && r.scopes.is_empty() && r.roles.is_empty() {
        r.diagnostics.push(Diagnostic::info(
            "No scp and no roles: the token grants no permission to the API beyond signing in.",
        ));
    }
}
