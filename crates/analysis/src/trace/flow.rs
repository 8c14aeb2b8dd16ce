//! The identity flow of a trace: hops (sign-in requests) in order, noise folded, and the pieces of text where failures and tokens sit.
use serde::Serialize;

use super::decode::{self, split_url};
use super::har;
use super::hosts::{self, Cloud};
use super::keep;
use super::scan::{Event, Scanner};
use super::{TraceError, span_json};
use crate::text::is_guid;

/// What kind of identity step a hop is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum HopKind {
    /// `/oauth2/authorize`, `/oauth2/v2.0/authorize`, or Microsoft accounts' `oauth20_authorize.srf`.
    Authorize,
    /// `/oauth2/token` or `/oauth2/v2.0/token`.
    Token,
    /// Home realm discovery: `GetCredentialType`.
    GetCredentialType,
    /// The password form post (`/login`, `/common/login`, `ppsecure/post.srf`).
    Login,
    /// "Stay signed in?" (`/kmsi`).
    Kmsi,
    /// Multifactor authentication (`/SAS/` endpoints).
    Mfa,
    /// A SAML request or response (to or from Entra or an app).
    Saml,
    /// A WS-Federation sign-in (`wa=wsignin1.0`).
    WsFed,
    /// Another identity provider receiving a SAML or WS-Fed request.
    FederatedIdp,
    /// The app's redirect URI receiving the result.
    RedirectUri,
    /// Any other request to a sign-in host (discovery, pages, logout).
    SignInOther,
    /// A call to an API (not a sign-in host) that sent a Bearer token and was refused with 401
    /// or 403: the sign-in worked, the token did not.
    ApiCall,
}

/// What a refused API call means and where to look, by status: advice on the page, so cited.
pub struct Refusal {
    pub meaning: &'static str,
    pub next: &'static str,
    pub sources: &'static [crate::entra::Source],
}

const GRAPH_ERRORS: &[crate::entra::Source] = &[
    crate::entra::Source {
        title: "Microsoft Graph error responses and resource types (HTTP status codes)",
        url: "https://learn.microsoft.com/en-us/graph/errors",
        checked: "2026-11-26",
    },
    crate::entra::Source {
        title: "Access token claims reference (aud: an API must reject a token not meant for it)",
        url: "https://learn.microsoft.com/en-us/entra/identity-platform/access-token-claims-reference",
        checked: "2026-11-26",
    },
];

const CLAIMS_CHALLENGE: &[crate::entra::Source] = &[crate::entra::Source {
    title: "Claims challenges, claims requests and client capabilities",
    url: "https://learn.microsoft.com/en-us/entra/identity-platform/claims-challenge",
    checked: "2026-11-26",
}];

/// The meaning of a refused call (its status, 401 or 403, and its error) and the next place
/// to look.
pub fn refusal(status: i64, error: Option<&str>) -> Refusal {
    if error == Some("insufficient_claims") {
        Refusal {
            meaning: "A claims challenge: the token is no longer enough for this API, because a Conditional Access policy (an authentication context, say) asks for more than it proves, or access was revoked (continuous access evaluation).",
            next: "The app must drop the token and send the user to sign in again with the claims the challenge asks for; then the user meets the policy (for example MFA). If that keeps failing, the resource tenant's sign-in logs show which Conditional Access policy applies to this user and app.",
            sources: CLAIMS_CHALLENGE,
        }
    } else if status == 403 {
        Refusal {
            meaning: "403 Forbidden: the API accepted who signed in but denies them this resource: not enough permission, or no licence it needs.",
            next: "Check what the token sent with this request allows (its roles and scp claims, with the trace's tokens) against the permission this call needs, and the user's licence.",
            sources: GRAPH_ERRORS,
        }
    } else {
        Refusal {
            meaning: "401 Unauthorized: the API did not accept the token sent: it was missing or not valid for this resource.",
            next: "Compare the token sent with this request (with the trace's tokens) with what this API expects: which API it was issued for (aud), which tenant issued it (tid) and whether it had expired (exp). The sign-in steps above it did not fail.",
            sources: GRAPH_ERRORS,
        }
    }
}

/// What kind of folded request a noise entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum NoiseKind {
    Script,
    Style,
    Image,
    Font,
    Telemetry,
    Other,
}

/// How many entries of each noise kind were folded away.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Noise {
    pub scripts: usize,
    pub styles: usize,
    pub images: usize,
    pub fonts: usize,
    pub telemetry: usize,
    pub other: usize,
}

impl Noise {
    fn add(&mut self, kind: NoiseKind) {
        let slot = match kind {
            NoiseKind::Script => &mut self.scripts,
            NoiseKind::Style => &mut self.styles,
            NoiseKind::Image => &mut self.images,
            NoiseKind::Font => &mut self.fonts,
            NoiseKind::Telemetry => &mut self.telemetry,
            NoiseKind::Other => &mut self.other,
        };
        *slot += 1;
    }

    /// All folded entries.
    pub fn total(&self) -> usize {
        self.scripts + self.styles + self.images + self.fonts + self.telemetry + self.other
    }
}

/// One identity step of the sign-in. Values that could identify a person are masked; no
/// secret is ever kept here (URLs are cut to scheme, host and path).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Hop {
    /// Index of the entry in `log.entries`.
    pub entry: usize,
    pub kind: HopKind,
    /// `startedDateTime` as the browser wrote it.
    pub started: String,
    /// Total time in milliseconds (-1 when the browser did not say).
    pub time_ms: i64,
    pub method: String,
    pub host: String,
    pub path: String,
    pub status: i64,
    pub cloud: Option<Cloud>,
    /// The tenant in the path: a GUID, a domain, or `common`/`organizations`/`consumers`.
    pub tenant: Option<String>,
    pub client_id: Option<String>,
    pub response_type: Option<String>,
    pub response_mode: Option<String>,
    pub prompt: Option<String>,
    /// Masked: `a***@partner.example`.
    pub login_hint: Option<String>,
    pub domain_hint: Option<String>,
    /// Scheme, host and path of the `redirect_uri` parameter.
    pub redirect_uri: Option<String>,
    /// Scheme, host and path of where the response redirected (Location or `redirectURL`).
    pub redirected_to: Option<String>,
    /// `x-ms-request-id` of the response (Entra's request or trace ID).
    pub request_id: Option<String>,
    /// `client-request-id` (the correlation ID a client sent, echoed back).
    pub client_request_id: Option<String>,
    /// The `error` parameter or body field when the hop carries one.
    pub error: Option<String>,
    /// A refused API call's message (JSON `error.message` or the `error_description` of
    /// `WWW-Authenticate`), addresses masked, at most 300 characters.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// For a refused API call: the later entry where the same call succeeded (a retry, say with
    /// a new token), so it was not what failed in the end.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recovered: Option<usize>,
}

impl Hop {
    /// An API call that refused its token and was not made to work by a later retry: what
    /// the trace, the case and the hand-off count as refused.
    pub fn refused(&self) -> bool {
        self.kind == HopKind::ApiCall && self.recovered.is_none()
    }
}

/// Where in a hop a piece of text was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PieceKind {
    /// `error`, `error_description`, `error_codes`… from a redirect's query (decoded, one per line).
    ErrorRedirect,
    /// The same from a URL fragment.
    ErrorFragment,
    /// The JSON body of a token endpoint response (tokens or an error).
    TokenEndpointBody,
    /// Another JSON error body from a sign-in host.
    ErrorBody,
    /// The kept fields of an error page's `$Config` object, as JSON.
    ConfigObject,
    /// A form_post body to the redirect URI (`id_token=`, `code=`, `access_token=`, `SAMLResponse=`), decoded.
    FormPostBody,
    /// A URL fragment carrying tokens (`#id_token=…`), decoded.
    Fragment,
    /// The credential of an `Authorization: Bearer` header.
    AuthorizationHeader,
}

impl PieceKind {
    /// Where the piece sits, in words ("a token endpoint response").
    pub fn label(self) -> &'static str {
        match self {
            PieceKind::ErrorRedirect => "an error redirect",
            PieceKind::ErrorFragment => "an error fragment",
            PieceKind::TokenEndpointBody => "a token endpoint response",
            PieceKind::ErrorBody => "an error response",
            PieceKind::ConfigObject => "an error page",
            PieceKind::FormPostBody => "the form_post to the redirect URI",
            PieceKind::Fragment => "a URL fragment",
            PieceKind::AuthorizationHeader => "an Authorization header",
        }
    }
}

/// Text where a failure or a token may sit, with the entry it came from. The joining layer
/// runs the error and token analysers over it. `Debug` shows only the length: a piece may
/// hold a whole token.
#[derive(Clone, PartialEq, Eq)]
pub struct Piece {
    pub entry: usize,
    pub kind: PieceKind,
    pub text: String,
}

impl std::fmt::Debug for Piece {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Piece")
            .field("entry", &self.entry)
            .field("kind", &self.kind)
            .field("text", &format_args!("<{} bytes>", self.text.len()))
            .finish()
    }
}

/// What a whole trace holds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Trace {
    /// Entries read.
    pub entries: usize,
    pub hops: Vec<Hop>,
    pub pieces: Vec<Piece>,
    pub noise: Noise,
}

/// Reads a trace chunk by chunk: `feed` as the bytes arrive, then `finish`.
#[derive(Debug, Default)]
pub struct Reader {
    scanner: Scanner,
    events: Vec<Event>,
    trace: Trace,
    /// (host, path) of every `redirect_uri` seen so far.
    redirects: Vec<(String, String)>,
    /// "host path" of every call with a Bearer token that succeeded, with its last entry: a
    /// refused call followed by one of these was retried and worked.
    succeeded: std::collections::HashMap<String, usize>,
}

/// Reads a whole trace held in memory.
pub fn read(har: &[u8]) -> Result<Trace, TraceError> {
    let mut r = Reader::new();
    r.feed(har)?;
    r.finish()
}

impl Reader {
    pub fn new() -> Self {
        Self::default()
    }

    /// Bytes consumed so far (for progress).
    pub fn bytes_read(&self) -> u64 {
        self.scanner.offset()
    }

    /// Hops found so far.
    pub fn hops(&self) -> &[Hop] {
        &self.trace.hops
    }

    /// Reads one chunk; returns how many entries were completed in it.
    pub fn feed(&mut self, chunk: &[u8]) -> Result<usize, TraceError> {
        self.scanner.feed(chunk, &mut self.events)?;
        self.drain()
    }

    /// Ends the input and hands out the trace.
    pub fn finish(mut self) -> Result<Trace, TraceError> {
        self.scanner.finish(&mut self.events)?;
        self.drain()?;
        for h in &mut self.trace.hops {
            if h.kind == HopKind::ApiCall
                && let Some(&ok) = self.succeeded.get(&format!("{} {}", h.host, h.path))
                && ok > h.entry
            {
                h.recovered = Some(ok);
            }
        }
        Ok(self.trace)
    }

    fn drain(&mut self) -> Result<usize, TraceError> {
        let mut n = 0;
        for event in std::mem::take(&mut self.events) {
            if let Event::Entry { index, value, at } = event {
                let entry = har::Entry::read(span_json(at, &value)?).map_err(|what| {
                    TraceError::Malformed {
                        offset: at.offset,
                        line: at.line,
                        column: at.column,
                        what: format!("a HAR entry ({what})"),
                    }
                })?;
                self.entry(index, &entry);
                self.trace.entries = index + 1;
                n += 1;
            }
        }
        Ok(n)
    }

    fn entry(&mut self, index: usize, e: &har::Entry) {
        // A bearer token may ride on any request, identity hop or not.
        let mut bearer = false;
        for h in &e.request.headers {
            if !h.name.eq_ignore_ascii_case("authorization") {
                continue;
            }
            if let Some((scheme, cred)) = h.value.trim().split_once(' ')
                && scheme.eq_ignore_ascii_case("bearer")
                && !cred.trim().is_empty()
            {
                bearer = true;
                self.trace.pieces.push(Piece {
                    entry: index,
                    kind: PieceKind::AuthorizationHeader,
                    text: cred.trim().to_owned(),
                });
            }
        }
        let url = split_url(&e.request.url);
        let (host, path) = decode::host_and_path(url.base);
        let path_lc = path.to_ascii_lowercase();
        // An API's path may name someone (`/users/ann@…`): masked as a login hint is, in the
        // hop and in the key a retry is matched by.
        // Borrowed unless it has an address: no copy per entry of a large trace.
        let shown_path: std::borrow::Cow<str> = decode::mask_emails_in(&path).map_or(
            std::borrow::Cow::Borrowed(path.as_str()),
            std::borrow::Cow::Owned,
        );
        if bearer && (200..300).contains(&e.response.status) {
            self.succeeded.insert(format!("{host} {shown_path}"), index);
        }
        let cloud = hosts::cloud_of(&host);
        let form = e
            .request
            .post_data
            .as_ref()
            .filter(|p| {
                p.mime_type.contains("x-www-form-urlencoded")
                    || (p.mime_type.is_empty() && p.text.contains('='))
            })
            .map(|p| p.text.as_str())
            .unwrap_or("");
        let query = url.query.unwrap_or("");
        let get = |name: &str| decode::param(query, name).or_else(|| decode::param(form, name));
        let has = |name: &str| get(name).is_some();
        if let Some(uri) = get("redirect_uri") {
            let uri = decode::percent_decode_all(&uri, false);
            let (h, p) = decode::host_and_path(split_url(&uri).base);
            if !h.is_empty() && !self.redirects.iter().any(|r| r.0 == h && r.1 == p) {
                self.redirects.push((h, p));
            }
        }
        let fragment_params = url.fragment.filter(|f| f.contains('=')).unwrap_or("");
        let carries_result = ["code", "id_token", "access_token", "error", "SAMLResponse"]
            .iter()
            .any(|n| has(n) || decode::param(fragment_params, n).is_some());
        let to_redirect_uri = self
            .redirects
            .iter()
            .any(|(h, p)| *h == host && (p.eq_ignore_ascii_case(&path) || carries_result));
        let saml = has("SAMLRequest") || has("SAMLResponse");
        let wsfed = get("wa").is_some_and(|w| w.starts_with("wsignin"));
        let kind = if let Some(cloud) = cloud {
            Some(
                if (path_lc.contains("/oauth2/") && path_lc.ends_with("/authorize"))
                    || path_lc.ends_with("_authorize.srf")
                {
                    HopKind::Authorize
                } else if path_lc.contains("/oauth2/") && path_lc.ends_with("/token") {
                    HopKind::Token
                } else if path_lc.contains("getcredentialtype") {
                    HopKind::GetCredentialType
                } else if path_lc.ends_with("/kmsi") {
                    HopKind::Kmsi
                } else if path_lc.contains("/sas/") {
                    HopKind::Mfa
                } else if saml || path_lc.contains("/saml2") {
                    HopKind::Saml
                } else if wsfed || path_lc.contains("/wsfed") {
                    HopKind::WsFed
                } else if path_lc.ends_with("/login")
                    || path_lc.ends_with("/post.srf")
                    || (cloud == Cloud::Consumer && path_lc.ends_with(".srf"))
                {
                    HopKind::Login
                } else if hosts::TELEMETRY_PATHS.iter().any(|t| path_lc.contains(t)) {
                    self.trace.noise.add(NoiseKind::Telemetry);
                    return;
                } else if let Some(n) = static_noise(e) {
                    self.trace.noise.add(n);
                    return;
                } else {
                    HopKind::SignInOther
                },
            )
        } else if hosts::host_in(&host, hosts::TELEMETRY_HOSTS) {
            None
        } else if bearer && matches!(e.response.status, 401 | 403) && refusal_said(e) {
            Some(HopKind::ApiCall)
        } else if to_redirect_uri {
            Some(HopKind::RedirectUri)
        } else if has("SAMLRequest") || wsfed {
            Some(HopKind::FederatedIdp)
        } else if has("SAMLResponse") {
            Some(HopKind::Saml)
        } else {
            None
        };
        let Some(kind) = kind else {
            let n = if hosts::host_in(&host, hosts::TELEMETRY_HOSTS) {
                NoiseKind::Telemetry
            } else {
                static_noise(e).unwrap_or(NoiseKind::Other)
            };
            self.trace.noise.add(n);
            return;
        };
        let header = |list: &[har::NameValue], name: &str| {
            list.iter()
                .find(|h| h.name.eq_ignore_ascii_case(name))
                .map(|h| h.value.clone())
        };
        let location = header(&e.response.headers, "location")
            .or_else(|| Some(e.response.redirect_url.clone()).filter(|s| !s.is_empty()));
        let redirected_to = location.as_deref().map(|l| {
            let base = split_url(l).base;
            if base.contains("://") || base.starts_with('/') {
                base.to_owned()
            } else {
                String::new()
            }
        });
        let mut error = get("error").or_else(|| decode::param(fragment_params, "error"));
        let mut message = None;
        if kind == HopKind::ApiCall {
            let challenge = header(&e.response.headers, "www-authenticate").unwrap_or_default();
            let body = response_text(e);
            let said = crate::text::json(&body).ok();
            let said = said.as_ref().and_then(|v| v.get("error"));
            // A claims challenge (`insufficient_claims`) is said in the challenge; the body may
            // call it an invalid token.
            let challenged = auth_param(&challenge, "error");
            error = challenged
                .clone()
                .filter(|e| e == "insufficient_claims")
                .or_else(|| {
                    said.and_then(|v| v.get("code"))
                        .and_then(|c| c.as_str())
                        .map(str::to_owned)
                })
                .or(challenged);
            message = said
                .and_then(|v| v.get("message"))
                .and_then(|c| c.as_str())
                .map(str::to_owned)
                .or_else(|| auth_param(&challenge, "error_description"))
                .map(|m| {
                    // A message may echo the token or another secret: token-shaped runs go.
                    let m = decode::scrub(&m).unwrap_or(m);
                    let m = decode::mask_emails_in(&m).unwrap_or(m);
                    let mut cut: String = m.chars().take(300).collect();
                    if cut.len() < m.len() {
                        cut.push('…');
                    }
                    cut
                });
        }
        self.pieces(index, e, kind, &url, location.as_deref(), form, &mut error);
        let redirect_uri = get("redirect_uri").map(|u| {
            let u = decode::percent_decode_all(&u, false);
            split_url(&u).base.to_owned()
        });
        self.trace.hops.push(Hop {
            entry: index,
            kind,
            started: e.started.clone(),
            time_ms: e.time,
            method: e.request.method.clone(),
            tenant: cloud.and_then(|_| tenant_of(&path)),
            host,
            path: shown_path.into_owned(),
            status: e.response.status,
            cloud,
            client_id: get("client_id").filter(|c| c.len() <= 128),
            response_type: get("response_type"),
            response_mode: get("response_mode"),
            prompt: get("prompt"),
            login_hint: get("login_hint")
                .or_else(|| get("username"))
                .map(|h| decode::mask_email(&h)),
            domain_hint: get("domain_hint").or_else(|| get("whr")),
            redirect_uri,
            redirected_to: redirected_to.filter(|r| !r.is_empty()),
            request_id: header(&e.response.headers, "x-ms-request-id")
                .or_else(|| header(&e.response.headers, "request-id")),
            client_request_id: header(&e.response.headers, "client-request-id")
                .or_else(|| header(&e.request.headers, "client-request-id")),
            error,
            message,
            recovered: None,
        });
    }

    #[allow(clippy::too_many_arguments)]
    fn pieces(
        &mut self,
        entry: usize,
        e: &har::Entry,
        kind: HopKind,
        url: &decode::UrlParts<'_>,
        location: Option<&str>,
        form: &str,
        error: &mut Option<String>,
    ) {
        let mut push = |kind: PieceKind, text: String| {
            if !text.trim().is_empty() {
                self.trace.pieces.push(Piece { entry, kind, text });
            }
        };
        // Error and token places in the request URL and in where it redirected.
        let mut urls = vec![*url];
        if let Some(l) = location {
            urls.push(split_url(l));
        }
        for u in &urls {
            if let Some(q) = u.query
                && let Some(t) = error_params(q)
            {
                push(PieceKind::ErrorRedirect, t);
            }
            if let Some(f) = u.fragment.filter(|f| f.contains('=')) {
                if let Some(t) = error_params(f) {
                    push(PieceKind::ErrorFragment, t);
                }
                if ["id_token", "access_token", "code"]
                    .iter()
                    .any(|n| decode::param(f, n).is_some())
                {
                    push(PieceKind::Fragment, decode::percent_decode(f, true));
                }
            }
        }
        if (kind == HopKind::RedirectUri || kind == HopKind::Saml)
            && ["id_token", "access_token", "code", "SAMLResponse", "error"]
                .iter()
                .any(|n| decode::param(form, n).is_some())
        {
            // One `name=value` line per field, written straight into the text.
            let mut lines = String::new();
            for (i, (n, v)) in decode::params(form).enumerate() {
                if i > 0 {
                    lines.push('\n');
                }
                lines.push_str(&decode::percent_decode(n, true));
                lines.push('=');
                lines.push_str(&decode::percent_decode(v.unwrap_or(""), true));
            }
            push(PieceKind::FormPostBody, lines);
        }
        let body = response_text(e);
        let mime = e.response.content.mime_type.to_ascii_lowercase();
        let trimmed = body.trim_start();
        if mime.contains("json") || trimmed.starts_with('{') {
            if kind == HopKind::Token {
                if error.is_none() {
                    *error = json_error(&body);
                }
                push(PieceKind::TokenEndpointBody, body);
            } else if let Some(err) = json_error(&body) {
                if error.is_none() {
                    *error = Some(err);
                }
                push(PieceKind::ErrorBody, body);
            }
        } else if (mime.contains("html") || trimmed.starts_with('<'))
            && let Some(config) = decode::config_object(&body)
            && let Some(kept) = decode::config_kept(config, keep::CONFIG_FIELDS)
        {
            push(PieceKind::ConfigObject, kept);
        }
    }
}

/// `error`-family parameters of a query or fragment, decoded, one `name=value` per line.
fn error_params(s: &str) -> Option<String> {
    decode::param(s, "error")?;
    let names = [
        "error",
        "error_subcode",
        "error_description",
        "error_codes",
        "error_uri",
        "timestamp",
        "trace_id",
        "correlation_id",
        "suberror",
    ];
    // One `name=value` line each, written straight into the text.
    let mut out = String::new();
    for n in names {
        if let Some(v) = decode::param(s, n) {
            if !out.is_empty() {
                out.push('\n');
            }
            out.push_str(n);
            out.push('=');
            out.push_str(&v);
        }
    }
    Some(out)
}

/// Whether a 401/403 says it is about the token, as an API does: a `WWW-Authenticate`
/// challenge or a JSON `error`. A firewall's or CDN's HTML page is neither.
fn refusal_said(e: &har::Entry) -> bool {
    e.response
        .headers
        .iter()
        .any(|h| h.name.eq_ignore_ascii_case("www-authenticate"))
        || json_error(&response_text(e)).is_some()
}

/// A quoted parameter of a `WWW-Authenticate` challenge: `error="invalid_token"`.
fn auth_param(challenge: &str, name: &str) -> Option<String> {
    let mut rest = challenge;
    while let Some(at) = rest.find(name) {
        let before = rest.get(..at).unwrap_or("");
        let after = rest.get(at + name.len()..).unwrap_or("");
        rest = after;
        if !(before.is_empty() || before.ends_with([' ', ','])) {
            continue;
        }
        if let Some(v) = after.trim_start().strip_prefix('=') {
            let v = v.trim_start();
            return Some(match v.strip_prefix('"') {
                Some(q) => q.split('"').next().unwrap_or("").to_owned(),
                None => v.split([',', ' ']).next().unwrap_or("").to_owned(),
            })
            .filter(|v| !v.is_empty());
        }
    }
    None
}

/// The `error` field of a JSON body, if it has one.
fn json_error(body: &str) -> Option<String> {
    let v: serde_json::Value = crate::text::json(body).ok()?;
    match v.get("error")? {
        serde_json::Value::String(s) => Some(s.clone()),
        serde_json::Value::Object(o) => o.get("code").and_then(|c| c.as_str()).map(str::to_owned),
        _ => None,
    }
}

/// The response body as text: base64 bodies decoded when they hold UTF-8.
fn response_text(e: &har::Entry) -> String {
    let c = &e.response.content;
    if c.encoding.eq_ignore_ascii_case("base64") {
        let mut compact = String::new();
        for ch in c.text.chars() {
            if !ch.is_whitespace() {
                compact.push(ch);
            }
        }
        crate::base64::decode(compact, crate::base64::Alphabet::Standard)
            .ok()
            .and_then(|b| String::from_utf8(b).ok())
            .unwrap_or_default()
    } else if c.encoding.is_empty() {
        c.text.clone()
    } else {
        String::new()
    }
}

/// Noise by resource type (Chrome, Edge) or by MIME type and file name (Firefox, Safari).
fn static_noise(e: &har::Entry) -> Option<NoiseKind> {
    let rt = e.resource_type.to_ascii_lowercase();
    let mime = e.response.content.mime_type.to_ascii_lowercase();
    let path = split_url(&e.request.url).base.to_ascii_lowercase();
    if rt == "script" || mime.contains("javascript") || path.ends_with(".js") {
        Some(NoiseKind::Script)
    } else if rt == "stylesheet" || mime.contains("text/css") || path.ends_with(".css") {
        Some(NoiseKind::Style)
    } else if rt == "image" || mime.starts_with("image/") {
        Some(NoiseKind::Image)
    } else if rt == "font"
        || mime.starts_with("font/")
        || path.ends_with(".woff2")
        || path.ends_with(".woff")
    {
        Some(NoiseKind::Font)
    } else if rt == "ping" || rt == "beacon" {
        Some(NoiseKind::Telemetry)
    } else {
        None
    }
}

/// The tenant segment of a sign-in path: a GUID, a domain, or a well-known alias.
fn tenant_of(path: &str) -> Option<String> {
    let first = path.trim_start_matches('/').split('/').next()?;
    let lc = first.to_ascii_lowercase();
    let alias = matches!(lc.as_str(), "common" | "organizations" | "consumers");
    let domain = lc.contains('.')
        && !lc.ends_with(".srf")
        && lc
            .split('.')
            .all(|l| !l.is_empty() && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'));
    (alias || is_guid(first) || domain).then(|| first.to_owned())
}

#[cfg(test)]
mod tests {
    use super::error_params;

    #[test]
    fn error_lines_in_their_fixed_order_one_per_line() {
        let q = "state=x&error_description=AADSTS50020%3A+no&trace_id=t1&error=access_denied&foo=1";
        assert_eq!(
            error_params(q).as_deref(),
            Some("error=access_denied\nerror_description=AADSTS50020: no\ntrace_id=t1")
        );
        assert_eq!(error_params("code=abc&state=x"), None);
        assert_eq!(error_params("error=x").as_deref(), Some("error=x"));
    }
}
