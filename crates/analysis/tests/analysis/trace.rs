//! Native tests of the sign-in trace: reading HAR files (whole and in chunks), the flow, failure and token pieces, sanitizing.
use base64::Engine;
use guestlens_analysis::trace::{
    self, HopKind, Options, PieceKind, Reader, RemovalKind, Sanitizer, TraceError, hosts::Cloud,
};
use proptest::prelude::*;
use serde_json::{Value, json};

const CROSS_TENANT: &[u8] = include_bytes!("../fixtures/har/cross-tenant-50020.har");
const PERSONAL: &[u8] = include_bytes!("../fixtures/har/personal-account.har");
const FORM_POST: &[u8] = include_bytes!("../fixtures/har/form-post-token-error.har");

const RES: &str = "6f1b2c3d-0000-4000-8000-00000000c0de";
const APP: &str = "11111111-2222-4333-8444-555555555555";
const CORR: &str = "c0c0c0c0-1111-4222-8333-444444444444";
const REQ: &str = "aaaa0000-bbbb-4ccc-8ddd-eeeeffff0001";

fn text(b: &[u8]) -> &str {
    std::str::from_utf8(b).unwrap()
}

/// Every base64 response body of a sanitized HAR, decoded (secrets could hide there).
fn decoded_bodies(har: &[u8]) -> String {
    let v: Value = serde_json::from_slice(har).unwrap();
    let mut out = String::new();
    for e in v["log"]["entries"].as_array().unwrap() {
        let c = &e["response"]["content"];
        if c["encoding"] == "base64" {
            let b = base64::engine::general_purpose::STANDARD
                .decode(c["text"].as_str().unwrap())
                .unwrap();
            out.push_str(&String::from_utf8_lossy(&b));
            out.push('\n');
        }
    }
    out
}

fn assert_gone(har: &[u8], secrets: &[&str]) {
    let all = format!("{}\n{}", text(har), decoded_bodies(har));
    for s in secrets {
        assert!(!all.contains(s), "secret {s:?} survived sanitizing");
    }
}

fn assert_kept(har: &[u8], kept: &[&str]) {
    for k in kept {
        assert!(text(har).contains(k), "{k:?} should be kept");
    }
}

fn entries(har: &[u8]) -> usize {
    let v: Value = serde_json::from_slice(har).expect("sanitized HAR is valid JSON");
    v["log"]["entries"].as_array().unwrap().len()
}

#[test]
fn cross_tenant_guest_fails_with_50020_on_the_error_page() {
    let t = trace::read(CROSS_TENANT).unwrap();
    assert_eq!(t.entries, 7);
    let kinds: Vec<HopKind> = t.hops.iter().map(|h| h.kind).collect();
    assert_eq!(
        kinds,
        [
            HopKind::Authorize,
            HopKind::GetCredentialType,
            HopKind::Login
        ]
    );
    let a = &t.hops[0];
    assert_eq!(a.tenant.as_deref(), Some(RES));
    assert_eq!(a.client_id.as_deref(), Some(APP));
    assert_eq!(a.response_type.as_deref(), Some("code id_token"));
    assert_eq!(a.response_mode.as_deref(), Some("form_post"));
    assert_eq!(a.prompt.as_deref(), Some("select_account"));
    assert_eq!(a.login_hint.as_deref(), Some("a***@partner.example"));
    assert_eq!(a.cloud, Some(Cloud::Global));
    assert_eq!(
        a.redirect_uri.as_deref(),
        Some("https://app.contoso.example/signin-oidc")
    );
    assert_eq!(a.request_id.as_deref(), Some(REQ));
    assert_eq!(a.client_request_id.as_deref(), Some(CORR));
    assert_eq!(t.noise.scripts, 1);
    assert_eq!(t.noise.images, 1);
    assert_eq!(t.noise.fonts, 1);
    assert_eq!(t.noise.telemetry, 1);
    assert_eq!(t.noise.total(), 4);
    // The failure sits in the login hop's $Config, not in the sign-in page's (iErrorCode 0).
    let configs: Vec<_> = t
        .pieces
        .iter()
        .filter(|p| p.kind == PieceKind::ConfigObject)
        .collect();
    assert_eq!(configs.len(), 2);
    let failed = configs[1];
    assert_eq!(failed.entry, 6);
    let v: Value = serde_json::from_str(&failed.text).unwrap();
    assert_eq!(v["iErrorCode"], 50020);
    assert!(
        v["strServiceExceptionMessage"]
            .as_str()
            .unwrap()
            .starts_with("AADSTS50020:")
    );
    assert_eq!(v["correlationId"], CORR);
    assert_eq!(v["sessionId"], REQ);
    // The page's flow token and canary never reach a piece.
    assert!(!failed.text.contains("FAKEflowtoken"));
    assert!(!failed.text.contains("FAKEcanary"));
    // Debug never shows a piece's text.
    assert!(!format!("{failed:?}").contains("AADSTS"));
}

#[test]
fn cross_tenant_trace_sanitizes_and_still_reads() {
    let (out, removals) = trace::sanitize(CROSS_TENANT, Options::default()).unwrap();
    assert_eq!(entries(&out), 7);
    assert_gone(
        &out,
        &[
            "FAKEflowtokenvalue0003",
            "FAKEcanaryVALUE0004",
            "FAKEctx0005",
            "Correct",
            "Horse",
            "FAKE-estsauth",
            "FAKE-persistent",
            "FAKE-buid",
            "esctx-session",
            "STATEfake0001",
            "NONCEfake0002",
            "FAKEapicanary0006",
        ],
    );
    assert_kept(
        &out,
        &[
            CORR,
            REQ,
            RES,
            APP,
            "AADSTS50020",
            "ESTSAUTH",
            "login.microsoftonline.com",
        ],
    );
    let has = |kind: RemovalKind, name: &str| {
        removals
            .iter()
            .any(|r| r.kind == kind && r.name.eq_ignore_ascii_case(name))
    };
    assert!(has(RemovalKind::Password, "passwd"));
    assert!(has(RemovalKind::Session, "PPFT"));
    assert!(has(RemovalKind::Session, "flowToken"));
    assert!(has(RemovalKind::Session, "canary"));
    assert!(has(RemovalKind::Session, "ctx"));
    assert!(has(RemovalKind::Session, "hpgrequestid"));
    assert!(has(RemovalKind::Cookie, "cookie"));
    assert!(has(RemovalKind::Cookie, "set-cookie"));
    assert!(has(RemovalKind::Cookie, "ESTSAUTH"));
    assert!(
        removals
            .iter()
            .all(|r| r.entry.is_some_and(|e| e < 7) || r.entry.is_none())
    );
    // The sanitized copy is itself a trace GuestLens (and DevTools) can open.
    let again = trace::read(&out).unwrap();
    assert_eq!(again.hops.len(), 3);
    let config = again
        .pieces
        .iter()
        .find(|p| p.kind == PieceKind::ConfigObject && p.entry == 6)
        .unwrap();
    assert!(config.text.contains("50020"));
    assert!(config.text.contains(CORR));
}

#[test]
fn masking_hides_addresses_and_names() {
    let plain = trace::sanitize(CROSS_TENANT, Options::default()).unwrap().0;
    assert!(text(&plain).contains("alex@partner.example"));
    let opts = Options {
        mask_identities: true,
        drop_response_bodies: false,
    };
    let (out, removals) = trace::sanitize(CROSS_TENANT, opts).unwrap();
    assert!(!text(&out).contains("alex@partner.example"));
    assert!(!text(&out).contains("alex%40partner.example"));
    assert!(text(&out).contains("a***@partner.example"));
    assert!(removals.iter().any(|r| r.kind == RemovalKind::Email));
    let (out, _) = trace::sanitize(FORM_POST, opts).unwrap();
    assert!(!text(&out).contains("Alex Guest"));
}

#[test]
fn dropping_response_bodies() {
    let opts = Options {
        mask_identities: false,
        drop_response_bodies: true,
    };
    let (out, _) = trace::sanitize(CROSS_TENANT, opts).unwrap();
    assert!(!text(&out).contains("AADSTS50020"));
    assert!(!text(&out).contains("IfExistsResult"));
    assert_kept(&out, &[CORR, REQ]);
}

#[test]
fn personal_account_guest_passes_login_live_com() {
    let t = trace::read(PERSONAL).unwrap();
    let live: Vec<_> = t
        .hops
        .iter()
        .filter(|h| h.cloud == Some(Cloud::Consumer))
        .collect();
    assert_eq!(live.len(), 2);
    assert_eq!(live[0].host, "login.live.com");
    assert_eq!(live[0].kind, HopKind::Authorize);
    assert_eq!(live[1].kind, HopKind::Login);
    let first = &t.hops[0];
    assert_eq!(first.kind, HopKind::Authorize);
    assert_eq!(first.tenant.as_deref(), Some("contoso.example"));
    assert_eq!(first.domain_hint.as_deref(), Some("consumers"));
    assert_eq!(first.response_mode.as_deref(), Some("fragment"));
    assert_eq!(
        first.redirected_to.as_deref(),
        Some("https://login.live.com/oauth20_authorize.srf")
    );
    // The error comes back in the fragment of the redirect to the SPA.
    let frag = t
        .pieces
        .iter()
        .find(|p| p.kind == PieceKind::ErrorFragment)
        .unwrap();
    assert_eq!(frag.entry, 3);
    assert!(frag.text.contains("AADSTS50020"));
    assert!(frag.text.contains(&format!("correlation_id={CORR}")));
    let spa = t
        .hops
        .iter()
        .find(|h| h.kind == HopKind::RedirectUri)
        .unwrap();
    assert_eq!(spa.host, "spa.contoso.example");
    assert_eq!(t.noise.scripts, 1);

    let (out, _) = trace::sanitize(PERSONAL, Options::default()).unwrap();
    assert_eq!(entries(&out), 6);
    assert_gone(
        &out,
        &[
            "Tr0ub4dor",
            "FAKEppft0012",
            "FAKEmsacode0011",
            "FAKEmsaauth0015",
            "FAKEmspauth0014",
            "FAKEmsastate0009",
            "FAKEnonce0008",
            "eyJpZCI6IkZBS0UtU1RBVEUifQ",
        ],
    );
    assert_kept(&out, &[CORR, REQ, "AADSTS50020", "login.live.com"]);
}

#[test]
fn form_post_then_token_endpoint_error() {
    let t = trace::read(FORM_POST).unwrap();
    let form = t
        .pieces
        .iter()
        .find(|p| p.kind == PieceKind::FormPostBody)
        .unwrap();
    assert_eq!(form.entry, 1);
    assert!(form.text.contains("id_token=eyJ"));
    let bodies: Vec<_> = t
        .pieces
        .iter()
        .filter(|p| p.kind == PieceKind::TokenEndpointBody)
        .collect();
    assert_eq!(bodies.len(), 2);
    assert!(
        bodies[0].text.contains("\"access_token\""),
        "base64 body decoded"
    );
    assert!(bodies[1].text.contains("AADSTS54005"));
    let token_hops: Vec<_> = t.hops.iter().filter(|h| h.kind == HopKind::Token).collect();
    assert_eq!(token_hops[1].error.as_deref(), Some("invalid_grant"));
    assert_eq!(token_hops[1].status, 400);
    assert!(
        t.pieces
            .iter()
            .any(|p| p.kind == PieceKind::AuthorizationHeader
                && p.entry == 4
                && p.text.starts_with("eyJ"))
    );
    let cb = t
        .hops
        .iter()
        .find(|h| h.kind == HopKind::RedirectUri)
        .unwrap();
    assert_eq!(cb.method, "POST");

    let (out, removals) = trace::sanitize(FORM_POST, Options::default()).unwrap();
    assert_gone(
        &out,
        &[
            "FAKEauthcode0019",
            "eyJ0eXAiOiJKV1Qi",
            "FAKErefresh0021",
            "FAKEverifier0022",
            "CfDJ8FAKEappcookie0023",
            "FAKErtcred0024",
            "STATEfake0020",
            "FAKEnonce0018",
            "ZmFrZS1zaWduYXR1cmU",
        ],
    );
    assert_kept(&out, &["AADSTS54005", "54005", CORR, REQ, "invalid_grant"]);
    // The base64 token response stays base64 and keeps its harmless fields.
    assert!(decoded_bodies(&out).contains("\"expires_in\":4523"));
    for kind in [
        RemovalKind::Code,
        RemovalKind::Token,
        RemovalKind::CodeVerifier,
        RemovalKind::Authorization,
        RemovalKind::Session,
    ] {
        assert!(removals.iter().any(|r| r.kind == kind), "{kind:?}");
    }
}

/// A large trace of a SAML sign-in through a federated IdP, buried in noise.
fn noisy_saml(entries: usize) -> Vec<u8> {
    let saml_response = base64::engine::general_purpose::STANDARD.encode(
        "<samlp:Response xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\"><Assertion>FAKEassertion0030</Assertion></samlp:Response>",
    );
    let saml_request = "fZJNT8MwDIbvSPyHKvc1H2VsitpJE1wmwQUQB25R4m6V2iSKXcS%2FJ2sHEhduvvz4tR%2FbLFR7NAFAKEsamlrequest0031";
    let mut list = Vec::new();
    for i in 0..entries {
        let t = format!("2024-05-01T09:{:02}:{:02}.000Z", i / 60 % 60, i % 60);
        let e = match i % 50 {
            10 => json!({"startedDateTime": t, "time": 80,
                "request": {"method": "GET", "url": format!("https://adfs.partner.example/adfs/ls/?SAMLRequest={saml_request}&RelayState=FAKErelay0032"), "headers": [{"name": "Cookie", "value": "MSISAuth=FAKEmsis0033"}]},
                "response": {"status": 200, "headers": [], "content": {"mimeType": "text/html", "text": "<html>sign in</html>"}}}),
            20 => json!({"startedDateTime": t, "time": 95,
                "request": {"method": "POST", "url": format!("https://login.microsoftonline.com/login.srf?client-request-id={CORR}"),
                    "headers": [{"name": "Content-Type", "value": "application/x-www-form-urlencoded"}],
                    "postData": {"mimeType": "application/x-www-form-urlencoded", "text": format!("SAMLResponse={}&RelayState=FAKErelay0032", urlenc(&saml_response)),
                        "params": [{"name": "SAMLResponse", "value": saml_response}]}},
                "response": {"status": 302, "headers": [{"name": "x-ms-request-id", "value": REQ}], "content": {"mimeType": "", "text": ""}, "redirectURL": "https://app.contoso.example/"}}),
            n if n % 3 == 0 => json!({"startedDateTime": t, "time": 3.5, "_resourceType": "script",
                "request": {"method": "GET", "url": format!("https://cdn.example/js/app{i}.js"), "headers": []},
                "response": {"status": 200, "headers": [], "content": {"mimeType": "application/javascript", "text": "var x = 1;".repeat(20)}}}),
            n if n % 3 == 1 => json!({"startedDateTime": t, "time": 1,
                "request": {"method": "GET", "url": format!("https://cdn.example/img/{i}.png"), "headers": []},
                "response": {"status": 200, "headers": [], "content": {"mimeType": "image/png", "text": "iVBORw0KGgo=", "encoding": "base64"}}}),
            _ => json!({"startedDateTime": t, "time": 2,
                "request": {"method": "POST", "url": "https://browser.events.data.microsoft.com/OneCollector/1.0/", "headers": []},
                "response": {"status": 204, "headers": [], "content": {"mimeType": "", "text": ""}}}),
        };
        list.push(e);
    }
    serde_json::to_vec_pretty(&json!({"log": {"version": "1.2", "creator": {"name": "Safari", "version": "17.4"}, "entries": list}})).unwrap()
}

fn urlenc(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

#[test]
fn large_noisy_saml_trace() {
    let har = noisy_saml(5000);
    let t = trace::read(&har).unwrap();
    assert_eq!(t.entries, 5000);
    let idp = t
        .hops
        .iter()
        .filter(|h| h.kind == HopKind::FederatedIdp)
        .count();
    let saml = t.hops.iter().filter(|h| h.kind == HopKind::Saml).count();
    assert_eq!((idp, saml), (100, 100));
    assert_eq!(t.hops.len(), 200);
    assert_eq!(t.noise.total(), 4800);
    assert!(t.noise.telemetry > 0 && t.noise.scripts > 0 && t.noise.images > 0);
    // Fed in uneven chunks, the reader sees exactly the same.
    let mut r = Reader::new();
    let mut n = 0;
    for chunk in har.chunks(4093) {
        n += r.feed(chunk).unwrap();
    }
    assert_eq!(r.bytes_read(), har.len() as u64);
    let chunked = r.finish().unwrap();
    assert_eq!(n, 5000);
    assert_eq!(chunked, t);

    let (out, _) = trace::sanitize(&har, Options::default()).unwrap();
    assert_eq!(entries(&out), 5000);
    assert_gone(
        &out,
        &[
            "FAKEassertion0030",
            "FAKEsamlrequest0031",
            "FAKErelay0032",
            "FAKEmsis0033",
            "PEFzc2VydGlvbj",
        ],
    );
    assert_kept(&out, &[CORR, REQ, "adfs.partner.example"]);
    // Chunked sanitizing writes the same bytes.
    let mut s = Sanitizer::new(Options::default());
    let mut chunked = Vec::new();
    for chunk in har.chunks(1000) {
        chunked.extend(s.feed(chunk).unwrap());
    }
    let (tail, _) = s.finish().unwrap();
    chunked.extend(tail);
    assert_eq!(chunked, out);
}

#[test]
fn byte_by_byte_equals_whole() {
    let whole = trace::read(FORM_POST).unwrap();
    let mut r = Reader::new();
    for b in FORM_POST {
        r.feed(std::slice::from_ref(b)).unwrap();
    }
    assert_eq!(r.finish().unwrap(), whole);
}

#[test]
fn clear_errors() {
    let err = |b: &[u8]| trace::read(b).unwrap_err();
    assert_eq!(err(b"{\"foo\": 1}"), TraceError::NotHar { missing: "log" });
    assert_eq!(
        err(b"{\"log\": {\"version\": \"1.2\"}}"),
        TraceError::NotHar {
            missing: "log.entries"
        }
    );
    assert!(matches!(err(b"[1, 2]"), TraceError::NotHar { .. }));
    assert!(matches!(err(b"Request Id: abc"), TraceError::NotHar { .. }));
    assert!(matches!(err(b""), TraceError::NotHar { .. }));
    // Cut in the middle of an entry: truncated, at the end of what was given.
    let half = &CROSS_TENANT[..CROSS_TENANT.len() / 2];
    assert_eq!(
        err(half),
        TraceError::Truncated {
            offset: half.len() as u64
        }
    );
    assert!(err(half).to_string().contains("cut short"));
    // A damaged entry: the position points at the damage.
    let good = text(PERSONAL);
    let at = good.find("\"httpVersion\"").unwrap();
    let bad = format!(
        "{}\"httpVersion\" 12{}",
        &good[..at],
        &good[at + "\"httpVersion\":".len()..]
    );
    match err(bad.as_bytes()) {
        TraceError::Malformed {
            offset,
            line,
            column,
            ..
        } => {
            let before = &bad[..at];
            let want_line = before.matches('\n').count() as u64 + 1;
            assert_eq!(line, want_line);
            let col = before.rsplit('\n').next().unwrap().len() as u64 + 1;
            assert!(
                column >= col && column <= col + 16,
                "column {column} near {col}"
            );
            assert!(
                offset >= at as u64 && offset <= at as u64 + 16,
                "offset {offset} near {at}"
            );
        }
        other => panic!("{other:?}"),
    }
    // Damage between entries (in the walked structure).
    let second = good.match_indices("\"_initiator\"").nth(1).unwrap().0;
    let open = good[..second].rfind('{').unwrap();
    let bad = format!("{}x {}", &good[..open], &good[open..]);
    match err(bad.as_bytes()) {
        TraceError::Malformed { offset, .. } => assert_eq!(offset, open as u64),
        other => panic!("{other:?}"),
    }
    // Sanitizing reports the same errors.
    assert_eq!(
        trace::sanitize(half, Options::default()).unwrap_err(),
        TraceError::Truncated {
            offset: half.len() as u64
        }
    );
    // A byte-order mark and trailing whitespace are fine.
    let mut bom = vec![0xEF, 0xBB, 0xBF];
    bom.extend_from_slice(PERSONAL);
    bom.extend_from_slice(b"\n\n");
    assert_eq!(trace::read(&bom).unwrap().entries, 6);
}

#[test]
fn other_log_members_are_kept_or_removed() {
    let har = br#"{"extra":"FAKEtop0040","log":{"version":"1.2","creator":{"name":"Firefox","version":"125.0"},"comment":"FAKEcomment0041","pages":[{"id":"page_1","title":"https://app.example/cb?code=FAKEcode0042","startedDateTime":"2024-05-01T00:00:00Z","pageTimings":{"onLoad":5}}],"entries":[]}}"#;
    let (out, removals) = trace::sanitize(har, Options::default()).unwrap();
    assert_gone(&out, &["FAKEtop0040", "FAKEcomment0041", "FAKEcode0042"]);
    assert_kept(
        &out,
        &[
            "Firefox",
            "page_1",
            "https://app.example/cb?code=[removed:code]",
        ],
    );
    assert!(removals.iter().all(|r| r.entry.is_none()));
    assert_eq!(entries(&out), 0);
}

// ---- Property tests -------------------------------------------------------------------

#[derive(Debug, Clone, Copy)]
enum Spot {
    Header,
    Authorization,
    CookieHeader,
    CookieList,
    Query,
    NestedRedirect,
    FormField,
    FormParams,
    Fragment,
    LocationFragment,
    JsonBody,
    Base64Body,
    HtmlBody,
    Referer,
    Initiator,
}

#[derive(Debug, Clone, Copy)]
enum Enc {
    Raw,
    Pct1,
    Pct2,
    Json,
    Html,
    Base64,
}

fn encode(s: &str, enc: Enc) -> String {
    match enc {
        Enc::Raw => s.to_owned(),
        Enc::Pct1 => urlenc(s),
        Enc::Pct2 => urlenc(&urlenc(s)),
        Enc::Json => {
            // The secret inside a JSON text that is itself a value: quotes escaped, `/` as `\/`.
            let inner = serde_json::to_string(&json!({"t": s})).unwrap();
            inner.replace('/', "\\/")
        }
        Enc::Html => s
            .chars()
            .map(|c| match c {
                '&' => "&amp;".to_owned(),
                '<' => "&lt;".to_owned(),
                '"' => "&quot;".to_owned(),
                c if c.is_ascii_alphanumeric() => c.to_string(),
                c => format!("&#x{:X};", c as u32),
            })
            .collect(),
        Enc::Base64 => base64::engine::general_purpose::STANDARD.encode(s),
    }
}

fn planted(spot: Spot, name: &str, v: &str) -> Value {
    let mut req_headers = vec![json!({"name": "client-request-id", "value": CORR})];
    let mut url =
        format!("https://login.microsoftonline.com/{RES}/oauth2/v2.0/authorize?client_id={APP}");
    let mut cookies = json!([]);
    let mut post = Value::Null;
    let mut content = json!({"mimeType": "application/json", "text": format!("{{\"error\":\"invalid_grant\",\"error_codes\":[50020],\"correlation_id\":\"{CORR}\"}}")});
    let mut initiator = json!({"type": "other"});
    let mut res_headers = vec![json!({"name": "x-ms-request-id", "value": REQ})];
    match spot {
        Spot::Header => req_headers.push(json!({"name": name, "value": v})),
        Spot::Authorization => {
            req_headers.push(json!({"name": "Authorization", "value": format!("Bearer {v}")}))
        }
        Spot::CookieHeader => {
            req_headers.push(json!({"name": "Cookie", "value": format!("ESTSAUTH={v}; other=1")}))
        }
        Spot::CookieList => cookies = json!([{"name": "ESTSAUTH", "value": v, "httpOnly": true}]),
        Spot::Query => url.push_str(&format!("&{name}={v}")),
        Spot::NestedRedirect => url.push_str(&format!(
            "&redirect_uri={}",
            urlenc(&format!("https://app.example/cb?{name}={v}"))
        )),
        Spot::FormField => {
            post = json!({"mimeType": "application/x-www-form-urlencoded", "text": format!("client_id={APP}&{name}={v}")})
        }
        Spot::FormParams => {
            post = json!({"mimeType": "application/x-www-form-urlencoded", "params": [{"name": name, "value": v}]})
        }
        Spot::Fragment => url.push_str(&format!("#{name}={v}&state=1")),
        Spot::LocationFragment => res_headers
            .push(json!({"name": "Location", "value": format!("https://app.example/#{name}={v}")})),
        Spot::JsonBody => {
            content = json!({"mimeType": "application/json", "text": serde_json::to_string(&json!({"correlation_id": CORR, "error_codes": [50020], name: v, "nested": {"list": [v]}})).unwrap()})
        }
        Spot::Base64Body => {
            content = json!({"mimeType": "application/json", "encoding": "base64", "text": base64::engine::general_purpose::STANDARD.encode(format!("{{\"correlation_id\":\"{CORR}\",\"{name}\":\"{}\"}}", v.replace('\\', "\\\\").replace('"', "\\\"")))})
        }
        Spot::HtmlBody => {
            content = json!({"mimeType": "text/html", "text": format!("<html><script>$Config={{\"correlationId\":\"{CORR}\",\"sFT\":\"{}\",\"iErrorCode\":50020}};</script><input name=\"{name}\" value=\"{v}\"></html>", v.replace('\\', "\\\\").replace('"', "\\\""))})
        }
        Spot::Referer => req_headers.push(
            json!({"name": "Referer", "value": format!("https://app.example/start?{name}={v}")}),
        ),
        Spot::Initiator => {
            initiator = json!({"type": "script", "url": format!("https://app.example/x.js?{name}={v}"), "stack": {"callFrames": [{"functionName": "f", "url": format!("https://app.example/y#{name}={v}"), "lineNumber": 1}]}})
        }
    }
    let mut request =
        json!({"method": "POST", "url": url, "headers": req_headers, "cookies": cookies});
    if !post.is_null() {
        request["postData"] = post;
    }
    json!({"log": {"version": "1.2", "entries": [{
        "startedDateTime": "2024-05-01T10:20:30.000Z", "time": 12.5, "_initiator": initiator,
        "request": request,
        "response": {"status": 400, "headers": res_headers, "cookies": [], "content": content},
        "timings": {"wait": 10.5}
    }]}})
}

fn spot() -> impl Strategy<Value = Spot> {
    prop::sample::select(vec![
        Spot::Header,
        Spot::Authorization,
        Spot::CookieHeader,
        Spot::CookieList,
        Spot::Query,
        Spot::NestedRedirect,
        Spot::FormField,
        Spot::FormParams,
        Spot::Fragment,
        Spot::LocationFragment,
        Spot::JsonBody,
        Spot::Base64Body,
        Spot::HtmlBody,
        Spot::Referer,
        Spot::Initiator,
    ])
}

fn enc() -> impl Strategy<Value = Enc> {
    prop::sample::select(vec![
        Enc::Raw,
        Enc::Pct1,
        Enc::Pct2,
        Enc::Json,
        Enc::Html,
        Enc::Base64,
    ])
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn planted_secret_never_survives(
        core in "[A-Za-z0-9]{20,40}",
        tail in prop::sample::select(vec!["", "+/=", "&<>\"'", "%2F", " é"]),
        spot in spot(),
        enc in enc(),
        name in prop::sample::select(vec!["x_custom", "code", "passwd", "id_token", "data", "X-Custom-Auth", "client_assertion", "SAMLResponse", "sessionid", "rt", "credentials", "ver"]),
    ) {
        let secret = format!("Sq{core}{tail}");
        let value = encode(&secret, enc);
        let har = serde_json::to_vec(&planted(spot, name, &value)).unwrap();
        let (out, removals) = trace::sanitize(&har, Options::default()).unwrap();
        let all = format!("{}\n{}", text(&out), decoded_bodies(&out));
        let core_marked = format!("Sq{core}");
        prop_assert!(!all.contains(&core_marked), "secret survived at {:?} {:?}:\n{}", spot, enc, all);
        prop_assert!(!all.contains(&value), "encoded secret survived at {:?} {:?}", spot, enc);
        prop_assert!(!removals.is_empty());
        prop_assert!(all.contains(CORR), "correlation id lost at {:?}", spot);
        prop_assert!(all.contains(REQ));
        prop_assert!(all.contains(APP));
        prop_assert_eq!(entries(&out), 1);
        // The copy reads again.
        prop_assert!(trace::read(&out).is_ok());
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        let _ = trace::read(&bytes);
        let _ = trace::sanitize(&bytes, Options::default());
    }

    #[test]
    fn damaged_traces_never_panic(cut in 0usize..25_000, flips in prop::collection::vec((0usize..25_000, any::<u8>()), 0..6)) {
        let mut b = FORM_POST.to_vec();
        for (at, v) in flips {
            let at = at % b.len();
            b[at] = v;
        }
        b.truncate(cut.min(b.len()));
        let _ = trace::read(&b);
        if let Ok((out, _)) = trace::sanitize(&b, Options::default()) {
            prop_assert!(serde_json::from_slice::<Value>(&out).is_ok());
        }
    }

    #[test]
    fn json_like_input_never_panics(s in r#"[\[\]{}",:a-z0-9 \\]{0,200}"#) {
        let wrapped = format!("{{\"log\":{{\"entries\":[{s}]}}}}");
        let _ = trace::read(wrapped.as_bytes());
        if let Ok((out, _)) = trace::sanitize(wrapped.as_bytes(), Options::default()) {
            prop_assert!(serde_json::from_slice::<Value>(&out).is_ok());
        }
    }
}

#[test]
fn url_parameters_keep_their_order_and_separators() {
    let har = br#"{"log":{"version":"1.2","creator":{"name":"t","version":"1"},"entries":[{"startedDateTime":"2024-05-01T00:00:00Z","time":1,"request":{"method":"GET","url":"https://login.microsoftonline.com/common/oauth2/v2.0/authorize?client_id=11111111-1111-1111-1111-111111111111&flag&state=FAKEstate0050&&%zz=1&response_mode=form_post&code=FAKEcode0051","httpVersion":"HTTP/1.1","headers":[],"queryString":[],"cookies":[],"headersSize":-1,"bodySize":0},"response":{"status":200,"statusText":"OK","httpVersion":"HTTP/1.1","headers":[],"cookies":[],"content":{"size":0,"mimeType":"text/html","text":""},"redirectURL":"","headersSize":-1,"bodySize":0},"cache":{},"timings":{"send":0,"wait":1,"receive":0}}]}}"#;
    let (out, _) = trace::sanitize(har, Options::default()).unwrap();
    let text = String::from_utf8(out).unwrap();
    let url = text
        .split("\"url\":\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .unwrap_or_default()
        .to_owned();
    assert_eq!(
        url,
        "https://login.microsoftonline.com/common/oauth2/v2.0/authorize?client_id=11111111-1111-1111-1111-111111111111&[removed:field]&state=[removed:session]&[removed:field]&response_mode=form_post&code=[removed:code]"
    );
}

const API_REFUSED: &[u8] = include_bytes!("../fixtures/har/api-refused.har");

#[test]
fn an_api_call_refusing_the_token_is_a_step_not_noise() {
    // A sign-in that worked, then Graph refusing the token: 401 (a token for the app itself)
    // and 403 (not enough permission). Before, both were folded into "other" noise and the trace
    // said no failure.
    let t = trace::read(API_REFUSED).unwrap();
    let kinds: Vec<HopKind> = t.hops.iter().map(|h| h.kind).collect();
    assert_eq!(kinds, [HopKind::Token, HopKind::ApiCall, HopKind::ApiCall]);
    let (me, users) = (&t.hops[1], &t.hops[2]);
    assert_eq!((me.status, users.status), (401, 403));
    assert_eq!(me.path, "/v1.0/me", "no query string kept");
    assert_eq!(me.error.as_deref(), Some("InvalidAuthenticationToken"));
    assert_eq!(
        me.message.as_deref(),
        Some("Access token validation failure. Invalid audience.")
    );
    assert_eq!(
        me.request_id.as_deref(),
        Some("2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d6e"),
        "Graph's request-id header"
    );
    assert_eq!(users.error.as_deref(), Some("Authorization_RequestDenied"));
    assert_eq!(t.noise.other, 1, "a 404 with a token is not a refusal");
    assert!(trace::refusal(401, None).meaning.starts_with("401"));
    assert!(trace::refusal(403, None).meaning.starts_with("403"));
    assert!(
        trace::refusal(401, Some("insufficient_claims"))
            .meaning
            .starts_with("A claims challenge")
    );
    assert!(
        trace::refusal(403, None)
            .sources
            .iter()
            .all(|s| s.url.starts_with("https://learn.microsoft.com/"))
    );
}

/// One entry: `url` with `headers` on the request, answered `status` with `challenge` and `body`.
fn one_entry(url: &str, headers: Value, status: i64, challenge: &str, body: &str) -> Vec<u8> {
    serde_json::to_vec(&json!({"log": {"version": "1.2", "entries": [{
        "startedDateTime": "2026-11-25T09:00:00.000Z", "time": 5,
        "request": {"method": "GET", "url": url, "headers": headers},
        "response": {"status": status, "headers": [{"name": "WWW-Authenticate", "value": challenge}],
            "content": {"mimeType": "application/json", "text": body}, "redirectURL": ""}
    }]}}))
    .unwrap()
}

#[test]
fn a_refusal_said_only_in_the_challenge_is_read_from_it_and_addresses_are_masked() {
    let bearer = json!([{"name": "Authorization", "value": "bearer eyJhbGciOiJub25lIn0.e30."}]);
    let har = one_entry(
        "https://api.contoso.example/orders",
        bearer.clone(),
        401,
        r#"Bearer realm="api", error="invalid_token", error_description="The token for liam.obrien@partner.example expired""#,
        "",
    );
    let t = trace::read(&har).unwrap();
    assert_eq!(t.hops.len(), 1);
    let h = &t.hops[0];
    assert_eq!(h.kind, HopKind::ApiCall);
    assert_eq!(h.error.as_deref(), Some("invalid_token"));
    let said = h.message.as_deref().unwrap();
    assert!(said.contains("l***@partner.example"), "{said}");
    assert!(!said.contains("liam.obrien"), "{said}");

    // Without a token sent, a 401 is the app's own business: noise, as before.
    let har = one_entry(
        "https://api.contoso.example/orders",
        json!([]),
        401,
        "Bearer",
        "",
    );
    let t = trace::read(&har).unwrap();
    assert!(t.hops.is_empty());
    assert_eq!(t.noise.other, 1);
}

#[test]
fn a_sanitized_refusal_keeps_the_apis_error_and_ids_but_no_token() {
    let (out, _) = trace::sanitize(API_REFUSED, Options::default()).unwrap();
    let t: Value = serde_json::from_slice(API_REFUSED).unwrap();
    let mut tokens = Vec::new();
    for e in t["log"]["entries"].as_array().unwrap() {
        for h in e["request"]["headers"].as_array().unwrap() {
            if h["name"] == "authorization" {
                tokens.push(h["value"].as_str().unwrap()[7..].to_owned());
            }
        }
    }
    assert_eq!(tokens.len(), 3);
    let secrets: Vec<&str> = tokens.iter().map(String::as_str).collect();
    assert_gone(&out, &secrets);
    assert_gone(&out, &["FAKEcode0001", "FAKEverifier0002"]);
    // An API's message may echo anything: it goes, as every free text not on the list does.
    assert_gone(
        &out,
        &["Access token validation failure. Invalid audience."],
    );
    assert_kept(
        &out,
        &[
            r#"\"code\":\"InvalidAuthenticationToken\""#,
            "Authorization_RequestDenied",
            r#"\"request-id\":\"3c4d5e6f-7a8b-4c9d-8e1f-2a3b4c5d6e7f\""#,
            r#"authorization_uri=\"https://login.microsoftonline.com/common/oauth2/authorize\""#,
        ],
    );
    // A form's `code` (an authorization code) still goes: the exception is an error object's.
    assert!(!text(&out).contains("code=FAKE"));
}

#[test]
fn an_error_code_is_kept_only_when_it_is_a_response_s_name() {
    // A password, a key or a token can sit where an error code would: in a request's body, in a
    // response's `error.code` with digits or punctuation, or in a message.
    let har = serde_json::to_vec(&json!({"log": {"version": "1.2", "entries": [{
        "startedDateTime": "2026-11-25T09:00:00.000Z", "time": 5,
        "request": {"method": "POST", "url": "https://api.contoso.example/login", "headers": [],
            "postData": {"mimeType": "application/json",
                "text": "{\"password\":\"Tr0ub4dor&3-fake\",\"error\":{\"code\":\"Trombone\",\"message\":\"retry with Tr0ub4dor&3-fake\"}}"}},
        "response": {"status": 401, "headers": [],
            "content": {"mimeType": "application/json",
                "text": "{\"error\":{\"code\":\"Summer2024!fake\",\"message\":\"key 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef client_secret=abc~Short8Secret\"}}"},
            "redirectURL": ""}
    }]}}))
    .unwrap();
    let (out, _) = trace::sanitize(&har, Options::default()).unwrap();
    assert_gone(
        &out,
        &[
            "Tr0ub4dor&3-fake",
            "Trombone",
            "Summer2024!fake",
            "0123456789abcdef0123456789abcdef",
            "abc~Short8Secret",
        ],
    );
}

#[test]
fn a_refused_calls_message_never_carries_the_token_it_echoes() {
    let jwt = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJhcGk6Ly9vcmRlcnMiLCJ0aWQiOiJ4In0.c2lnbmF0dXJlLWZha2UtMDAwMQ";
    let har = one_entry(
        "https://api.contoso.example/orders",
        json!([{"name": "Authorization", "value": format!("Bearer {jwt}")}]),
        401,
        "Bearer",
        &format!(
            r#"{{"error":{{"code":"InvalidToken","message":"Token {jwt} is not valid here"}}}}"#
        ),
    );
    let t = trace::read(&har).unwrap();
    let said = t.hops[0].message.as_deref().unwrap();
    assert!(!said.contains("eyJ0eXAi"), "{said}");
    assert!(said.contains("is not valid here"), "{said}");
}

#[test]
fn a_claims_challenge_is_read_from_the_challenge_not_the_body() {
    // Graph answers a Conditional Access or revocation challenge with 401, InvalidAuthenticationToken
    // in the body and insufficient_claims in WWW-Authenticate: the challenge says what it is.
    let har = one_entry(
        "https://graph.microsoft.com/v1.0/me",
        json!([{"name": "Authorization", "value": "Bearer eyJhbGciOiJub25lIn0.e30."}]),
        401,
        r#"Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", error="insufficient_claims", claims="eyJhY2Nlc3NfdG9rZW4iOnsibmJmIjp7ImVzc2VudGlhbCI6dHJ1ZX19fQ==""#,
        r#"{"error":{"code":"InvalidAuthenticationToken","message":"Continuous access evaluation resulted in challenge"}}"#,
    );
    let t = trace::read(&har).unwrap();
    assert_eq!(t.hops[0].error.as_deref(), Some("insufficient_claims"));
    let why = trace::refusal(t.hops[0].status, t.hops[0].error.as_deref());
    assert!(
        why.sources
            .iter()
            .any(|s| s.url.ends_with("/claims-challenge"))
    );
}

#[test]
fn a_refusal_retried_with_success_or_said_by_a_firewall_is_not_the_failure() {
    let bearer = json!([{"name": "Authorization", "value": "Bearer eyJhbGciOiJub25lIn0.e30."}]);
    // A firewall's HTML 403: no challenge, no JSON error. Noise, as before.
    let waf = one_entry(
        "https://api.partner.example/v1/items",
        bearer.clone(),
        403,
        "",
        "<html><body>Access denied by the firewall</body></html>",
    );
    let mut v: Value = serde_json::from_slice(&waf).unwrap();
    v["log"]["entries"][0]["response"]["headers"] = json!([]);
    v["log"]["entries"][0]["response"]["content"]["mimeType"] = json!("text/html");
    let t = trace::read(&serde_json::to_vec(&v).unwrap()).unwrap();
    assert!(t.hops.is_empty(), "{:?}", t.hops);

    // A 401 for an expired token, then the same call with a new token answered 200.
    let first = one_entry(
        "https://graph.microsoft.com/v1.0/me",
        bearer.clone(),
        401,
        r#"Bearer error="invalid_token""#,
        r#"{"error":{"code":"InvalidAuthenticationToken","message":"Lifetime validation failed, the token is expired."}}"#,
    );
    let mut v: Value = serde_json::from_slice(&first).unwrap();
    let mut retry = v["log"]["entries"][0].clone();
    retry["response"]["status"] = json!(200);
    retry["response"]["headers"] = json!([]);
    retry["response"]["content"]["text"] = json!(r#"{"displayName":"Alex"}"#);
    v["log"]["entries"].as_array_mut().unwrap().push(retry);
    let t = trace::read(&serde_json::to_vec(&v).unwrap()).unwrap();
    assert_eq!(t.hops.len(), 1);
    assert_eq!(t.hops[0].kind, HopKind::ApiCall);
    assert_eq!(t.hops[0].recovered, Some(1));
}

#[test]
fn entra_answer_names_keep_nothing_off_sign_in_hosts_and_only_their_shape_on_them() {
    let entry = |url: &str, post: Value, content: Value| {
        json!({"startedDateTime": "2026-11-25T09:00:00.000Z", "time": 5,
            "request": {"method": "POST", "url": url, "headers": [], "postData": post},
            "response": {"status": 200, "headers": [], "content": content, "redirectURL": ""}})
    };
    let json_body = |v: Value| json!({"mimeType": "application/json", "text": v.to_string()});
    let sid = "3f6c1a2b-4d5e-4f60-8a7b-9c0d1e2f3a4b";
    let har = serde_json::to_vec(&json!({"log": {"version": "1.2", "entries": [
        // A site's own session, password and refresh value under Entra's short names.
        entry(
            "https://api.contoso.example/me?sessionid=7d1c2f0e9b8a4c3d5e6f7a8b9c0d1e2f&rt=deadbeef0038b",
            json_body(json!({"credentials": "alex:hunter2-0037"})),
            json!({"mimeType": "application/json", "encoding": "base64",
                "text": base64::engine::general_purpose::STANDARD.encode(r#"{"sessionId":"deadbeef0060"}"#)}),
        ),
        // On a sign-in host, values not in the shape Entra gives these fields.
        entry(
            "https://login.microsoftonline.com/common/oauth2/v2.0/token",
            json!({"mimeType": "application/x-www-form-urlencoded", "text": "grant_type=authorization_code"}),
            json_body(json!({"sessionid": "deadbeef0015", "credentials": "alex:pw-deadbeef0012", "rt": "deadbeef0038", "ver": "x9"})),
        ),
        // Entra's own answer: a GUID session, a time, server codes and a version stay.
        entry(
            "https://login.microsoftonline.com/common/GetCredentialType",
            json!({"mimeType": "application/json", "text": "{}"}),
            json_body(json!({"sessionId": sid, "serverDetails": {"rt": "2026-11-25T09:00:00", "dc": "NCUS", "ri": "BL02EPF0001BC48", "ver": {"v": ["1", "0"]}},
                "Credentials": {"PrefCredential": 1, "HasPassword": true}, "IfExistsResult": 0})),
        ),
    ]}}))
    .unwrap();
    let (out, _) = trace::sanitize(&har, Options::default()).unwrap();
    assert_gone(
        &out,
        &[
            "7d1c2f0e9b8a4c3d5e6f7a8b9c0d1e2f",
            "deadbeef0038",
            "hunter2",
            "deadbeef0060",
            "deadbeef0015",
            "deadbeef0012",
            "x9",
        ],
    );
    assert_kept(
        &out,
        &[
            sid,
            "2026-11-25T09:00:00",
            "NCUS",
            "BL02EPF0001BC48",
            "HasPassword",
        ],
    );
}

/// A HAR entry for `url` with an empty 200 answer: only the URL is there to sanitize.
fn empty_entry(method: &str, url: &str) -> Value {
    json!({"startedDateTime": "2026-11-25T09:00:00.000Z", "time": 5,
        "request": {"method": method, "url": url, "headers": []},
        "response": {"status": 200, "headers": [], "content": {"mimeType": "text/plain", "text": ""}, "redirectURL": ""}})
}

#[test]
fn a_short_opaque_fragment_goes_and_an_anchor_stays() {
    let entry = |url: &str| empty_entry("GET", url);
    let har = serde_json::to_vec(&json!({"log": {"version": "1.2", "entries": [
        entry("https://app.contoso.example/start#ZGVhZGJlZWYwMDIw"),
        entry("https://app.contoso.example/mail#/inbox"),
        entry("https://app.contoso.example/help#top"),
    ]}}))
    .unwrap();
    let (out, _) = trace::sanitize(&har, Options::default()).unwrap();
    assert_gone(&out, &["ZGVhZGJlZWYwMDIw"]);
    assert_kept(&out, &["#/inbox", "#top"]);
}

#[test]
fn entra_answer_names_in_an_apps_url_or_a_disguised_host_keep_nothing() {
    let sid = "3f6c1a2b-4d5e-4f60-8a7b-9c0d1e2f3a4b";
    let entry = |url: String, headers: Value, body: Value| {
        json!({"startedDateTime": "2026-11-25T09:00:00.000Z", "time": 5,
            "request": {"method": "GET", "url": url, "headers": headers},
            "response": {"status": 302, "headers": [{"name": "Location", "value": format!("https://app.contoso.example/cb?sessionid={sid}&ri=AppRef99")}],
                "content": {"mimeType": "application/json", "text": body.to_string()}, "redirectURL": ""}})
    };
    let redirect = urlenc(&format!(
        "https://app.contoso.example/cb?sessionid={sid}&slc=AppKey123"
    ));
    let har = serde_json::to_vec(&json!({"log": {"version": "1.2", "entries": [
        // A sign-in request: its Referer, Location and redirect_uri point at the app.
        entry(
            format!("https://login.microsoftonline.com/common/oauth2/v2.0/authorize?client_id={APP}&redirect_uri={redirect}"),
            json!([{"name": "Referer", "value": format!("https://app.contoso.example/page?sessionid={sid}&v=12")}]),
            json!({}),
        ),
        // A host that only starts like a sign-in host (user info before the real one).
        entry(
            "https://login.microsoftonline.com:x@api.contoso.example/config".to_owned(),
            json!([]),
            json!({"strMainMessage": "site-secret-message", "slc": "SiteKey77"}),
        ),
        // On a sign-in host, an object's name never keeps text.
        entry(
            "https://login.microsoftonline.com/common/GetCredentialType".to_owned(),
            json!([]),
            json!({"serverDetails": "hunter2xyz", "EstsProperties": "opaque-blob-77", "IfExistsResult": "0"}),
        ),
        // Fragments with separators that still hide an opaque value.
        entry("https://app.contoso.example/x#tok-ZGVhZGJlZWYwMDIwZGVh".to_owned(), json!([]), json!({})),
        entry("https://app.contoso.example/y#deadbeef00201".to_owned(), json!([]), json!({})),
    ]}}))
    .unwrap();
    let (out, _) = trace::sanitize(&har, Options::default()).unwrap();
    assert_gone(
        &out,
        &[
            sid,
            "AppRef99",
            "AppKey123",
            "site-secret-message",
            "SiteKey77",
            "hunter2xyz",
            "opaque-blob-77",
            "ZGVhZGJlZWYwMDIwZGVh",
            "deadbeef00201",
        ],
    );
    // Entra's own request keeps what support needs.
    assert_kept(&out, &[APP, r#"\"IfExistsResult\":\"0\""#]);
}

#[test]
fn a_short_random_path_segment_goes_and_words_ids_and_policy_names_stay() {
    let entry = |url: &str| empty_entry("POST", url);
    // Made-up secrets in the shapes webhooks use: a 24-character one, and 32 hex digits.
    let har = serde_json::to_vec(&json!({"log": {"version": "1.2", "entries": [
        entry("https://hooks.chat.example/services/T04QZ7K2M/B06RX3N8P/vTqGp3K8zXw2LmN9rYb5HcQd"),
        entry("https://contoso.webhook.example/IncomingWebhook/9f3b2c7d1e8a4f60b5c2d9e7a1f3b8c4/0b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9"),
        entry("https://app.contoso.example/Account/ExternalLoginCallback"),
        entry("https://contoso.sharepoint.example/sites/Contoso2024Marketing"),
        entry("https://login.contoso.example/tfp/contoso.example/B2C_1A_SignUpOrSignIn/oauth2/v2.0/authorize"),
    ]}}))
    .unwrap();
    let (out, _) = trace::sanitize(&har, Options::default()).unwrap();
    assert_gone(
        &out,
        &[
            "vTqGp3K8zXw2LmN9rYb5HcQd",
            "9f3b2c7d1e8a4f60b5c2d9e7a1f3b8c4",
        ],
    );
    assert_kept(
        &out,
        &[
            "/services/T04QZ7K2M/B06RX3N8P/",
            "0b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9",
            "/Account/ExternalLoginCallback",
            "/sites/Contoso2024Marketing",
            "/B2C_1A_SignUpOrSignIn/oauth2/v2.0/authorize",
        ],
    );
}
