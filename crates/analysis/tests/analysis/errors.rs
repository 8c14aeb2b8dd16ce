//! Tests of the errors analysis: a table of realistic pastes with exact expected values, the
//! JSON shape, guidance and checklist, and property tests (no panics, linear growth).
use guestlens_analysis::errors::{Failure, IdStatus, analyze, catalog, guidance};
use proptest::prelude::*;

/// What one failure must read as. Every field is compared exactly; `None` means null.
#[derive(Clone, Copy)]
struct Exp {
    codes: &'static [u32],
    kind: &'static str,
    trace: Option<&'static str>,
    corr: Option<&'static str>,
    ts: Option<&'static str>,
    error: Option<&'static str>,
    user: Option<&'static str>,
    idp: Option<&'static str>,
    tenant: Option<&'static str>,
    app_id: Option<&'static str>,
    app_name: Option<&'static str>,
    error_uri: Option<&'static str>,
    resource: Option<&'static str>,
    redirect_uri: Option<&'static str>,
    authority: Option<&'static str>,
    masked: &'static [&'static str],
    /// The message must start with this (messages are long; the start pins where it begins).
    message: Option<&'static str>,
}

const E: Exp = Exp {
    codes: &[],
    kind: "aadsts",
    trace: None,
    corr: None,
    ts: None,
    error: None,
    user: None,
    idp: None,
    tenant: None,
    app_id: None,
    app_name: None,
    error_uri: None,
    resource: None,
    redirect_uri: None,
    authority: None,
    masked: &[],
    message: None,
};

fn check(name: &str, input: &str, want: &[Exp]) {
    let r = analyze(input);
    let got: Vec<String> = r
        .failures
        .iter()
        .map(|f| format!("{:?} {:?}", f.codes, f.trace_id))
        .collect();
    assert_eq!(r.failures.len(), want.len(), "{name}: failures {got:?}");
    for (i, (f, w)) in r.failures.iter().zip(want).enumerate() {
        let at = format!("{name} #{i}");
        assert_eq!(f.codes, w.codes, "{at} codes");
        assert_eq!(f.kind.id(), w.kind, "{at} kind");
        let fields: [(&str, &Option<String>, Option<&str>); 14] = [
            ("trace_id", &f.trace_id, w.trace),
            ("correlation_id", &f.correlation_id, w.corr),
            ("timestamp", &f.timestamp, w.ts),
            ("error", &f.error, w.error),
            ("user", &f.user, w.user),
            ("idp", &f.idp, w.idp),
            ("tenant", &f.tenant, w.tenant),
            ("app_id", &f.app_id, w.app_id),
            ("app_name", &f.app_name, w.app_name),
            ("error_uri", &f.error_uri, w.error_uri),
            ("resource", &f.resource, w.resource),
            ("redirect_uri", &f.redirect_uri, w.redirect_uri),
            ("authority", &f.authority, w.authority),
            (
                "name",
                &f.name,
                f.codes
                    .first()
                    .and_then(|&c| catalog::name(c))
                    .or(f.name.as_deref()),
            ),
        ];
        for (field, got, want) in fields {
            assert_eq!(got.as_deref(), want, "{at} {field}");
        }
        let masked: Vec<&str> = f.masked.iter().map(|m| m.id()).collect();
        assert_eq!(masked, w.masked, "{at} masked");
        if let Some(m) = w.message {
            let msg = f.message.as_deref().unwrap_or("");
            assert!(
                msg.starts_with(m),
                "{at} message {msg:?} should start with {m:?}"
            );
        }
        // Every highlight lies in the input, on character boundaries.
        for h in &f.highlights {
            assert!(input.get(h.start..h.end).is_some(), "{at} highlight {h:?}");
        }
    }
}

// IDs used across samples (random, not from any real tenant).
const T1: &str = "4f2d9a61-8c3e-4b7a-9d15-2e6f0c8b7a31";
const C1: &str = "b7e3c2d4-1a5f-4e69-8b20-9c4d7e1f3a62";
const T2: &str = "0c9b8a7d-6e5f-4a3b-8c2d-1e0f9a8b7c6d";
const C2: &str = "5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d";
const T3: &str = "9e8d7c6b-5a49-4837-a261-50f4e3d2c1b0";
const C3: &str = "1b2c3d4e-5f60-4718-9a2b-3c4d5e6f7a8b";
const APP: &str = "a1f4c3e2-7b6d-4c5e-9f8a-1b2c3d4e5f60";
const GRAPH: &str = "00000003-0000-0000-c000-000000000000";
const ARM: &str = "797f4846-ba00-4fd7-ba43-dac1f8f63013";
const TENANT_ID: &str = "8e2f4c1a-3b5d-4e6f-a7b8-c9d0e1f2a3b4";

const UNAUTHORIZED: Exp = Exp {
    codes: &[50020],
    user: Some("bob@fabrikam.com"),
    idp: Some("live.com"),
    tenant: Some("Contoso Ltd"),
    app_id: Some(APP),
    app_name: Some("Contoso Expenses"),
    message: Some("User account 'bob@fabrikam.com' from identity provider 'live.com'"),
    ..E
};

// ---------------------------------------------------------------------------------------
// Sign-in error page text and HTML

#[test]
fn error_page_text() {
    let t = "Sign in\nSorry, but we're having trouble signing you in.\n\nAADSTS50020: User account 'bob@fabrikam.com' from identity provider 'live.com' does not exist in tenant 'Contoso Ltd' and cannot access the application 'a1f4c3e2-7b6d-4c5e-9f8a-1b2c3d4e5f60'(Contoso Expenses) in that tenant. Sign out and sign in again with a different Microsoft Entra user account.\n\nTroubleshooting details\nIf you contact your administrator, send this info to them.\nCopy info to clipboard\n\nRequest Id: 4f2d9a61-8c3e-4b7a-9d15-2e6f0c8b7a31\nCorrelation Id: b7e3c2d4-1a5f-4e69-8b20-9c4d7e1f3a62\nTimestamp: 2024-05-01T10:20:30.412Z\nMessage: AADSTS50020: User account 'bob@fabrikam.com' from identity provider 'live.com' does not exist in tenant 'Contoso Ltd' and cannot access the application 'a1f4c3e2-7b6d-4c5e-9f8a-1b2c3d4e5f60'(Contoso Expenses) in that tenant. Sign out and sign in again with a different Microsoft Entra user account.\n\nAdvanced diagnostics: Enable\n";
    check(
        "error page",
        t,
        &[Exp {
            trace: Some(T1),
            corr: Some(C1),
            ts: Some("2024-05-01T10:20:30Z"),
            ..UNAUTHORIZED
        }],
    );
}

#[test]
fn error_page_conditional_access_block() {
    let t = "You cannot access this right now\nYour sign-in was successful but does not meet the criteria to access this resource. For example, you might be signing in from a browser, app, or location that is restricted by your admin.\n\nMore details\nError Code: 53003\nRequest Id: 0c9b8a7d-6e5f-4a3b-8c2d-1e0f9a8b7c6d\nCorrelation Id: 5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d\nTimestamp: 2024-06-12T08:01:02.000Z\nApp name: Contoso Portal\nApp id: a1f4c3e2-7b6d-4c5e-9f8a-1b2c3d4e5f60\nIP address: 203.0.113.7\nDevice platform: Windows 10\nDevice state: Unregistered\n";
    check(
        "CA block page",
        t,
        &[Exp {
            codes: &[53003],
            trace: Some(T2),
            corr: Some(C2),
            ts: Some("2024-06-12T08:01:02Z"),
            app_id: Some(APP),
            app_name: Some("Contoso Portal"),
            ..E
        }],
    );
}

#[test]
fn error_page_html() {
    let t = r#"<div id="debugDetails"><div><span class="bold">Request Id:</span> <span>4f2d9a61-8c3e-4b7a-9d15-2e6f0c8b7a31</span></div><div><span class="bold">Correlation Id:</span> <span>b7e3c2d4-1a5f-4e69-8b20-9c4d7e1f3a62</span></div><div><span class="bold">Timestamp:</span> <span>2024-05-01T10:20:30.412Z</span></div><div><span class="bold">Message:</span> <span>AADSTS50020: User account &#39;bob@fabrikam.com&#39; from identity provider &#39;live.com&#39; does not exist in tenant &#39;Contoso Ltd&#39; and cannot access the application &#39;a1f4c3e2-7b6d-4c5e-9f8a-1b2c3d4e5f60&#39;(Contoso Expenses) in that tenant.</span></div></div>"#;
    check(
        "page HTML",
        t,
        &[Exp {
            trace: Some(T1),
            corr: Some(C1),
            ts: Some("2024-05-01T10:20:30Z"),
            ..UNAUTHORIZED
        }],
    );
    let r = analyze(t);
    let f = r.failures.first().cloned().unwrap_or_default();
    // IDs are plain in the HTML, so they highlight; the escaped user value does not map cleanly.
    let kinds: Vec<&str> = f.highlights.iter().map(|h| h.kind.id()).collect();
    assert!(
        kinds.contains(&"trace_id") && kinds.contains(&"correlation_id"),
        "{kinds:?}"
    );
    for h in &f.highlights {
        if h.kind.id() == "trace_id" {
            assert_eq!(t.get(h.start..h.end), Some(T1));
        }
    }
}

#[test]
fn error_page_html_entities_quot_amp() {
    let t = "<p>AADSTS50011: The redirect URI &quot;https://app.contoso.com/auth?x=1&amp;y=2&quot; specified in the request does not match the redirect URIs configured for the application &quot;a1f4c3e2-7b6d-4c5e-9f8a-1b2c3d4e5f60&quot;. Make sure the redirect URI sent in the request matches one added to your application in the Azure portal.</p><p>Trace ID: 9e8d7c6b-5a49-4837-a261-50f4e3d2c1b0<br>Correlation ID: 1b2c3d4e-5f60-4718-9a2b-3c4d5e6f7a8b<br>Timestamp: 2024-07-03 14:05:06Z</p>";
    check(
        "HTML quot/amp",
        t,
        &[Exp {
            codes: &[50011],
            trace: Some(T3),
            corr: Some(C3),
            ts: Some("2024-07-03T14:05:06Z"),
            app_id: Some(APP),
            redirect_uri: Some("https://app.contoso.com/auth?x=1&y=2"),
            message: Some("The redirect URI \"https://app.contoso.com/auth?x=1&y=2\""),
            ..E
        }],
    );
}

#[test]
fn error_page_localized_labels_and_prose() {
    let t = "Hallo Team, beim Anmelden bekomme ich diese Meldung, könnt ihr helfen?\n\nAnmelden\nLeider können wir Sie nicht anmelden.\nAADSTS50020: User account 'bob@fabrikam.com' from identity provider 'live.com' does not exist in tenant 'Contoso Ltd' and cannot access the application 'a1f4c3e2-7b6d-4c5e-9f8a-1b2c3d4e5f60'(Contoso Expenses) in that tenant.\nProblembehandlungsdetails\nAnforderungs-ID: 4f2d9a61-8c3e-4b7a-9d15-2e6f0c8b7a31\nKorrelations-ID: b7e3c2d4-1a5f-4e69-8b20-9c4d7e1f3a62\nZeitstempel: 2024-05-01T10:20:30.412Z\n\nDanke und viele Grüße, Jörg\n";
    check(
        "German page",
        t,
        &[Exp {
            trace: Some(T1),
            corr: Some(C1),
            ts: Some("2024-05-01T10:20:30Z"),
            ..UNAUTHORIZED
        }],
    );
}

#[test]
fn french_correlation_label() {
    let t = "Bonjour, voici l’erreur :\nAADSTS53003: Access has been blocked by Conditional Access policies. The access policy does not allow token issuance.\nID de corrélation : 5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d\nHorodatage : 2024-06-12T08:01:02Z\nMerci d’avance !";
    check(
        "French labels",
        t,
        &[Exp {
            codes: &[53003],
            corr: Some(C2),
            ts: Some("2024-06-12T08:01:02Z"),
            message: Some("Access has been blocked by Conditional Access policies."),
            ..E
        }],
    );
}

#[test]
fn curly_quotes_and_missing_quotes() {
    let curly = "AADSTS50020: User account ‘bob@fabrikam.com’ from identity provider “live.com” does not exist in tenant ‘Contoso Ltd’ and cannot access the application ‘a1f4c3e2-7b6d-4c5e-9f8a-1b2c3d4e5f60'(Contoso Expenses) in that tenant.\nTrace ID: 4f2d9a61-8c3e-4b7a-9d15-2e6f0c8b7a31";
    check(
        "curly quotes",
        curly,
        &[Exp {
            trace: Some(T1),
            message: Some("User account ‘bob@fabrikam.com’"),
            ..UNAUTHORIZED
        }],
    );
    let bare = "AADSTS50020: User account bob@fabrikam.com from identity provider live.com does not exist in tenant Contoso Ltd and cannot access the application a1f4c3e2-7b6d-4c5e-9f8a-1b2c3d4e5f60(Contoso Expenses) in that tenant.";
    check(
        "no quotes",
        bare,
        &[Exp {
            message: Some("User account bob@fabrikam.com"),
            ..UNAUTHORIZED
        }],
    );
}

#[test]
fn masked_values() {
    let t = "Sorry, but we’re having trouble signing you in.\nAADSTS50020: User account '[email\u{a0}protected]' from identity provider 'https://sts.windows.net/8e2f4c1a-3b5d-4e6f-a7b8-c9d0e1f2a3b4/' does not exist in tenant 'xxxx' and cannot access the application 'a1f4c3e2-7b6d-4c5e-9f8a-1b2c3d4e5f60'(Contoso Expenses) in that tenant.\nRequest Id: 4f2d9a61-8c3e-4b7a-9d15-2e6f0c8b7a31\nCorrelation Id: b7e3c2d4-1a5f-4e69-8b20-9c4d7e1f3a62\nTimestamp: 2024-05-01T10:20:30Z\n";
    check(
        "masked",
        t,
        &[Exp {
            trace: Some(T1),
            corr: Some(C1),
            ts: Some("2024-05-01T10:20:30Z"),
            user: Some("[email\u{a0}protected]"),
            idp: Some("https://sts.windows.net/8e2f4c1a-3b5d-4e6f-a7b8-c9d0e1f2a3b4/"),
            tenant: Some("xxxx"),
            masked: &["user", "tenant"],
            message: Some("User account '[email"),
            ..UNAUTHORIZED
        }],
    );
    let f = analyze(t).failures.first().cloned().unwrap_or_default();
    let home = f.checklist.iter().find(|c| c.id == "wrong_account");
    let hint = home.and_then(|c| c.suggestion.clone()).unwrap_or_default();
    assert!(hint.contains(TENANT_ID), "{hint}");
}

#[test]
fn masked_cloudflare_html() {
    let t = "<p>AADSTS50034: The user account <a href=\"/cdn-cgi/l/email-protection\" class=\"__cf_email__\" data-cfemail=\"5f3d30\">[email&#160;protected]</a> does not exist in the contoso.com directory. To sign into this application, the account must be added to the directory.</p><p>Trace ID: 0c9b8a7d-6e5f-4a3b-8c2d-1e0f9a8b7c6d</p>";
    check(
        "cloudflare masked",
        t,
        &[Exp {
            codes: &[50034],
            trace: Some(T2),
            user: Some("[email protected]"),
            tenant: Some("contoso.com"),
            masked: &["user"],
            ..E
        }],
    );
}

// ---------------------------------------------------------------------------------------
// Token endpoint JSON

const MFA: Exp = Exp {
    codes: &[50076],
    error: Some("interaction_required"),
    resource: Some(ARM),
    trace: Some(T1),
    corr: Some(C1),
    ts: Some("2024-05-01T10:20:30Z"),
    error_uri: Some("https://login.microsoftonline.com/error?code=50076"),
    message: Some("Due to a configuration change made by your administrator"),
    ..E
};

#[test]
fn json_pretty() {
    let t = r#"{
  "error": "interaction_required",
  "error_description": "AADSTS50076: Due to a configuration change made by your administrator, or because you moved to a new location, you must use multi-factor authentication to access '797f4846-ba00-4fd7-ba43-dac1f8f63013'. Trace ID: 4f2d9a61-8c3e-4b7a-9d15-2e6f0c8b7a31 Correlation ID: b7e3c2d4-1a5f-4e69-8b20-9c4d7e1f3a62 Timestamp: 2024-05-01 10:20:30Z",
  "error_codes": [
    50076
  ],
  "timestamp": "2024-05-01 10:20:30Z",
  "trace_id": "4f2d9a61-8c3e-4b7a-9d15-2e6f0c8b7a31",
  "correlation_id": "b7e3c2d4-1a5f-4e69-8b20-9c4d7e1f3a62",
  "error_uri": "https://login.microsoftonline.com/error?code=50076",
  "suberror": "basic_action"
}"#;
    check("JSON pretty", t, &[MFA]);
    let f = analyze(t).failures.first().cloned().unwrap_or_default();
    assert_eq!(
        f.resource_name.as_deref(),
        Some("Windows Azure Service Management API (Azure Resource Manager)")
    );
}

#[test]
fn json_minified() {
    let t = r#"{"error":"invalid_client","error_description":"AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app 'a1f4c3e2-7b6d-4c5e-9f8a-1b2c3d4e5f60'.\r\nTrace ID: 0c9b8a7d-6e5f-4a3b-8c2d-1e0f9a8b7c6d\r\nCorrelation ID: 5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d\r\nTimestamp: 2024-06-12 08:01:02Z","error_codes":[7000215],"timestamp":"2024-06-12 08:01:02Z","trace_id":"0c9b8a7d-6e5f-4a3b-8c2d-1e0f9a8b7c6d","correlation_id":"5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d","error_uri":"https://login.microsoftonline.com/error?code=7000215"}"#;
    check(
        "JSON minified",
        t,
        &[Exp {
            codes: &[7000215],
            error: Some("invalid_client"),
            app_id: Some(APP),
            trace: Some(T2),
            corr: Some(C2),
            ts: Some("2024-06-12T08:01:02Z"),
            error_uri: Some("https://login.microsoftonline.com/error?code=7000215"),
            message: Some("Invalid client secret provided."),
            ..E
        }],
    );
}

#[test]
fn json_with_unicode_escaped_quotes() {
    // What the token endpoint actually sends: apostrophes as \u0027, line breaks as \r\n.
    let t = r#"{"error":"invalid_request","error_description":"AADSTS50020: User account \u0027bob@fabrikam.com\u0027 from identity provider \u0027live.com\u0027 does not exist in tenant \u0027Contoso Ltd\u0027 and cannot access the application \u0027a1f4c3e2-7b6d-4c5e-9f8a-1b2c3d4e5f60\u0027(Contoso Expenses) in that tenant.\r\nTrace ID: 4f2d9a61-8c3e-4b7a-9d15-2e6f0c8b7a31\r\nCorrelation ID: b7e3c2d4-1a5f-4e69-8b20-9c4d7e1f3a62\r\nTimestamp: 2024-05-01 10:20:30Z","error_codes":[50020],"timestamp":"2024-05-01 10:20:30Z","trace_id":"4f2d9a61-8c3e-4b7a-9d15-2e6f0c8b7a31","correlation_id":"b7e3c2d4-1a5f-4e69-8b20-9c4d7e1f3a62","error_uri":"https://login.microsoftonline.com/error?code=50020"}"#;
    check(
        "JSON \\u0027",
        t,
        &[Exp {
            error: Some("invalid_request"),
            trace: Some(T1),
            corr: Some(C1),
            ts: Some("2024-05-01T10:20:30Z"),
            error_uri: Some("https://login.microsoftonline.com/error?code=50020"),
            ..UNAUTHORIZED
        }],
    );
}

#[test]
fn json_broken() {
    // Unquoted values, a literal line break inside the string, a missing closing brace.
    let t = "{\"error\": interaction_required, \"error_description\": \"AADSTS50076: Due to a configuration change made by your administrator, or because you moved to a new location, you must use multi-factor authentication to access '797f4846-ba00-4fd7-ba43-dac1f8f63013'.\nTrace ID: 4f2d9a61-8c3e-4b7a-9d15-2e6f0c8b7a31\nCorrelation ID: b7e3c2d4-1a5f-4e69-8b20-9c4d7e1f3a62\nTimestamp: 2024-05-01 10:20:30Z\", \"error_codes\": [50076], \"timestamp\": 2024-05-01 10:20:30Z, \"trace_id\": 4f2d9a61-8c3e-4b7a-9d15-2e6f0c8b7a31, \"correlation_id\": \"b7e3c2d4-1a5f-4e69-8b20-9c4d7e1f3a62\", \"error_uri\": \"https://login.microsoftonline.com/error?code=50076\"";
    check("JSON broken", t, &[MFA]);
}

#[test]
fn json_escaped_inside_a_log_string() {
    // A JSON body stored as a string in another JSON log record: \" and \\r\\n as text.
    let t = r#"{"level":"error","msg":"token request failed","body":"{\"error\":\"invalid_grant\",\"error_description\":\"AADSTS500133: Assertion is not within its valid time range. Ensure that the access token is not expired before using it for user assertion, or request a new token.\\r\\nTrace ID: 9e8d7c6b-5a49-4837-a261-50f4e3d2c1b0\\r\\nCorrelation ID: 1b2c3d4e-5f60-4718-9a2b-3c4d5e6f7a8b\\r\\nTimestamp: 2024-07-03 14:05:06Z\",\"error_codes\":[500133],\"timestamp\":\"2024-07-03 14:05:06Z\",\"trace_id\":\"9e8d7c6b-5a49-4837-a261-50f4e3d2c1b0\",\"correlation_id\":\"1b2c3d4e-5f60-4718-9a2b-3c4d5e6f7a8b\"}"}"#;
    check(
        "escaped JSON",
        t,
        &[Exp {
            codes: &[500133],
            error: Some("invalid_grant"),
            trace: Some(T3),
            corr: Some(C3),
            ts: Some("2024-07-03T14:05:06Z"),
            message: Some("Assertion is not within its valid time range."),
            ..E
        }],
    );
}

// ---------------------------------------------------------------------------------------
// Redirect URLs

const CONSENT_DECLINED: Exp = Exp {
    codes: &[65004],
    error: Some("access_denied"),
    trace: Some(T2),
    corr: Some(C2),
    ts: Some("2024-06-12T08:01:02Z"),
    message: Some("User declined to consent to access the app."),
    ..E
};

#[test]
fn redirect_url_encoded_upper() {
    let t = "https://app.contoso.com/signin-oidc?error=access_denied&error_description=AADSTS65004%3A+User+declined+to+consent+to+access+the+app.%0D%0ATrace+ID%3A+0c9b8a7d-6e5f-4a3b-8c2d-1e0f9a8b7c6d%0D%0ACorrelation+ID%3A+5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d%0D%0ATimestamp%3A+2024-06-12+08%3A01%3A02Z&state=12345";
    check("URL upper", t, &[CONSENT_DECLINED]);
}

#[test]
fn redirect_url_encoded_lower_with_uri() {
    let t = "https://localhost:5001/#error=access_denied&error_description=AADSTS65004%3a%20User%20declined%20to%20consent%20to%20access%20the%20app.%0d%0aTrace%20ID%3a%200c9b8a7d-6e5f-4a3b-8c2d-1e0f9a8b7c6d%0d%0aCorrelation%20ID%3a%205a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d%0d%0aTimestamp%3a%202024-06-12%2008%3a01%3a02Z&error_uri=https%3a%2f%2flogin.microsoftonline.com%2ferror%3fcode%3d65004&state=abc";
    check(
        "URL lower",
        t,
        &[Exp {
            error_uri: Some("https://login.microsoftonline.com/error?code=65004"),
            ..CONSENT_DECLINED
        }],
    );
}

#[test]
fn redirect_url_double_encoded() {
    let t = "https://login.contoso.com/return?next=https%3A%2F%2Fapp.contoso.com%2Fcb%3Ferror%3Daccess_denied%26error_description%3DAADSTS65004%253A%2BUser%2Bdeclined%2Bto%2Bconsent%2Bto%2Baccess%2Bthe%2Bapp.%250D%250ATrace%2BID%253A%2B0c9b8a7d-6e5f-4a3b-8c2d-1e0f9a8b7c6d%250D%250ACorrelation%2BID%253A%2B5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d%250D%250ATimestamp%253A%2B2024-06-12%2B08%253A01%253A02Z";
    check("URL double", t, &[CONSENT_DECLINED]);
}

#[test]
fn redirect_url_already_decoded() {
    let t = "https://app.contoso.com/signin-oidc?error=access_denied&error_description=AADSTS65004: User declined to consent to access the app.\nTrace ID: 0c9b8a7d-6e5f-4a3b-8c2d-1e0f9a8b7c6d\nCorrelation ID: 5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d\nTimestamp: 2024-06-12 08:01:02Z&state=12345";
    check("URL decoded", t, &[CONSENT_DECLINED]);
}

#[test]
fn authorize_url_names_the_authority() {
    let t = "GET https://login.microsoftonline.com/common/oauth2/v2.0/authorize?client_id=a1f4c3e2-7b6d-4c5e-9f8a-1b2c3d4e5f60&response_type=code\n302 -> https://app.contoso.com/cb?error=invalid_request&error_description=AADSTS50020%3a+User+account+%27bob%40fabrikam.com%27+from+identity+provider+%27live.com%27+does+not+exist+in+tenant+%27Contoso+Ltd%27+and+cannot+access+the+application+%27a1f4c3e2-7b6d-4c5e-9f8a-1b2c3d4e5f60%27(Contoso+Expenses)+in+that+tenant.%0d%0aTrace+ID%3a+4f2d9a61-8c3e-4b7a-9d15-2e6f0c8b7a31%0d%0aCorrelation+ID%3a+b7e3c2d4-1a5f-4e69-8b20-9c4d7e1f3a62%0d%0aTimestamp%3a+2024-05-01+10%3a20%3a30Z";
    check(
        "authorize URL",
        t,
        &[Exp {
            error: Some("invalid_request"),
            trace: Some(T1),
            corr: Some(C1),
            ts: Some("2024-05-01T10:20:30Z"),
            authority: Some("common"),
            ..UNAUTHORIZED
        }],
    );
    let f = analyze(t).failures.first().cloned().unwrap_or_default();
    let item = f
        .checklist
        .iter()
        .find(|c| c.id == "single_tenant_via_common");
    assert!(
        item.and_then(|c| c.suggestion.as_deref())
            .is_some_and(|s| s.contains("/common"))
    );
}

// ---------------------------------------------------------------------------------------
// MSAL, ADAL, PowerShell, Azure CLI

#[test]
fn msal_dotnet_with_response_body() {
    let t = "Microsoft.Identity.Client.MsalUiRequiredException: AADSTS50076: Due to a configuration change made by your administrator, or because you moved to a new location, you must use multi-factor authentication to access '797f4846-ba00-4fd7-ba43-dac1f8f63013'. Trace ID: 4f2d9a61-8c3e-4b7a-9d15-2e6f0c8b7a31 Correlation ID: b7e3c2d4-1a5f-4e69-8b20-9c4d7e1f3a62 Timestamp: 2024-05-01 10:20:30Z\n   at Microsoft.Identity.Client.Internal.Requests.RequestBase.HandleTokenRefreshError(MsalServiceException e, MsalAccessTokenCacheItem cachedAccessTokenItem)\n   at Microsoft.Identity.Client.Internal.Requests.Silent.SilentRequest.ExecuteAsync(CancellationToken cancellationToken)\n\tErrorCode: invalid_grant\n\tStatusCode: 400\n\tResponseBody: {\"error\":\"invalid_grant\",\"error_description\":\"AADSTS50076: Due to a configuration change made by your administrator, or because you moved to a new location, you must use multi-factor authentication to access '797f4846-ba00-4fd7-ba43-dac1f8f63013'. Trace ID: 4f2d9a61-8c3e-4b7a-9d15-2e6f0c8b7a31 Correlation ID: b7e3c2d4-1a5f-4e69-8b20-9c4d7e1f3a62 Timestamp: 2024-05-01 10:20:30Z\",\"error_codes\":[50076],\"timestamp\":\"2024-05-01 10:20:30Z\",\"trace_id\":\"4f2d9a61-8c3e-4b7a-9d15-2e6f0c8b7a31\",\"correlation_id\":\"b7e3c2d4-1a5f-4e69-8b20-9c4d7e1f3a62\",\"error_uri\":\"https://login.microsoftonline.com/error?code=50076\",\"suberror\":\"basic_action\"}\n\tHeaders: Cache-Control: no-store, no-cache\n";
    check(
        "MSAL.NET",
        t,
        &[Exp {
            error: Some("invalid_grant"),
            ..MFA
        }],
    );
}

#[test]
fn msal_dotnet_exception_chain_counts_once() {
    let msg = "AADSTS700016: Application with identifier 'a1f4c3e2-7b6d-4c5e-9f8a-1b2c3d4e5f60' was not found in the directory 'Fabrikam'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant. Trace ID: 9e8d7c6b-5a49-4837-a261-50f4e3d2c1b0 Correlation ID: 1b2c3d4e-5f60-4718-9a2b-3c4d5e6f7a8b Timestamp: 2024-07-03 14:05:06Z";
    let frames = "   at Microsoft.Identity.Client.OAuth2.OAuth2Client.ThrowServerException(HttpResponse response, RequestContext requestContext)\n".repeat(40);
    let t = format!(
        "System.AggregateException: One or more errors occurred. (Microsoft.Identity.Client.MsalServiceException: {msg})\n ---> Microsoft.Identity.Client.MsalServiceException: {msg}\n{frames}   --- End of inner exception stack trace ---\n{frames}---> (Inner Exception #0) Microsoft.Identity.Client.MsalServiceException: {msg}\n{frames}"
    );
    check(
        "MSAL.NET chain",
        &t,
        &[Exp {
            codes: &[700016],
            trace: Some(T3),
            corr: Some(C3),
            ts: Some("2024-07-03T14:05:06Z"),
            app_id: Some(APP),
            tenant: Some("Fabrikam"),
            message: Some("Application with identifier"),
            ..E
        }],
    );
}

#[test]
fn msal_java() {
    let t = "com.microsoft.aad.msal4j.MsalServiceException: AADSTS700016: Application with identifier 'a1f4c3e2-7b6d-4c5e-9f8a-1b2c3d4e5f60' was not found in the directory 'Fabrikam'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant. Trace ID: 9e8d7c6b-5a49-4837-a261-50f4e3d2c1b0 Correlation ID: 1b2c3d4e-5f60-4718-9a2b-3c4d5e6f7a8b Timestamp: 2024-07-03 14:05:06Z\n\tat com.microsoft.aad.msal4j.MsalServiceExceptionFactory.fromHttpResponse(MsalServiceExceptionFactory.java:45)\n\tat com.microsoft.aad.msal4j.TokenRequestExecutor.createAuthenticationResultFromOauthHttpResponse(TokenRequestExecutor.java:107)\n\tat java.base/java.util.concurrent.CompletableFuture$AsyncSupply.run(CompletableFuture.java:1768)\n";
    check(
        "MSAL Java",
        t,
        &[Exp {
            codes: &[700016],
            trace: Some(T3),
            corr: Some(C3),
            ts: Some("2024-07-03T14:05:06Z"),
            app_id: Some(APP),
            tenant: Some("Fabrikam"),
            ..E
        }],
    );
}

#[test]
fn msal_browser() {
    let t = "Uncaught (in promise) InteractionRequiredAuthError: interaction_required: AADSTS50058: A silent sign-in request was sent but no user is signed in.\r\nTrace ID: 0c9b8a7d-6e5f-4a3b-8c2d-1e0f9a8b7c6d\r\nCorrelation ID: 5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d\r\nTimestamp: 2024-06-12 08:01:02Z\n    at InteractionRequiredAuthError.createError (InteractionRequiredAuthError.ts:93:16)\n    at SilentIframeClient.acquireToken (SilentIframeClient.ts:120:19)";
    check(
        "msal-browser",
        t,
        &[Exp {
            codes: &[50058],
            error: Some("interaction_required"),
            trace: Some(T2),
            corr: Some(C2),
            ts: Some("2024-06-12T08:01:02Z"),
            message: Some("A silent sign-in request was sent but no user is signed in."),
            ..E
        }],
    );
}

#[test]
fn msal_node() {
    let t = "ServerError: invalid_grant: 50076 - [2024-05-01 10:20:30Z]: AADSTS50076: Due to a configuration change made by your administrator, or because you moved to a new location, you must use multi-factor authentication to access '797f4846-ba00-4fd7-ba43-dac1f8f63013'. Trace ID: 4f2d9a61-8c3e-4b7a-9d15-2e6f0c8b7a31 Correlation ID: b7e3c2d4-1a5f-4e69-8b20-9c4d7e1f3a62 Timestamp: 2024-05-01 10:20:30Z - Correlation ID: b7e3c2d4-1a5f-4e69-8b20-9c4d7e1f3a62 - Trace ID: 4f2d9a61-8c3e-4b7a-9d15-2e6f0c8b7a31\n    at ResponseHandler.validateTokenResponse (node_modules/@azure/msal-common/dist/response/ResponseHandler.mjs:79:33)";
    check(
        "msal-node",
        t,
        &[Exp {
            error: Some("invalid_grant"),
            error_uri: None,
            ..MFA
        }],
    );
}

#[test]
fn msal_python_dict() {
    let t = "{'error': 'invalid_client', 'error_description': \"AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app 'a1f4c3e2-7b6d-4c5e-9f8a-1b2c3d4e5f60'.\\r\\nTrace ID: 0c9b8a7d-6e5f-4a3b-8c2d-1e0f9a8b7c6d\\r\\nCorrelation ID: 5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d\\r\\nTimestamp: 2024-06-12 08:01:02Z\", 'error_codes': [7000215], 'timestamp': '2024-06-12 08:01:02Z', 'trace_id': '0c9b8a7d-6e5f-4a3b-8c2d-1e0f9a8b7c6d', 'correlation_id': '5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d', 'error_uri': 'https://login.microsoftonline.com/error?code=7000215'}";
    check(
        "MSAL Python",
        t,
        &[Exp {
            codes: &[7000215],
            error: Some("invalid_client"),
            app_id: Some(APP),
            trace: Some(T2),
            corr: Some(C2),
            ts: Some("2024-06-12T08:01:02Z"),
            error_uri: Some("https://login.microsoftonline.com/error?code=7000215"),
            message: Some("Invalid client secret provided."),
            ..E
        }],
    );
}

#[test]
fn msal_python_missing_secret() {
    let t = "msal.application: Token request failed\n{\n  \"error\": \"invalid_client\",\n  \"error_description\": \"AADSTS7000218: The request body must contain the following parameter: 'client_assertion' or 'client_secret'. Trace ID: 9e8d7c6b-5a49-4837-a261-50f4e3d2c1b0 Correlation ID: 1b2c3d4e-5f60-4718-9a2b-3c4d5e6f7a8b Timestamp: 2024-07-03 14:05:06Z\",\n  \"error_codes\": [7000218]\n}";
    check(
        "MSAL Python 7000218",
        t,
        &[Exp {
            codes: &[7000218],
            error: Some("invalid_client"),
            trace: Some(T3),
            corr: Some(C3),
            ts: Some("2024-07-03T14:05:06Z"),
            message: Some(
                "The request body must contain the following parameter: 'client_assertion'",
            ),
            ..E
        }],
    );
}

#[test]
fn adal_dotnet() {
    let t = "Microsoft.IdentityModel.Clients.ActiveDirectory.AdalServiceException: AADSTS65001: The user or administrator has not consented to use the application with ID 'a1f4c3e2-7b6d-4c5e-9f8a-1b2c3d4e5f60' named 'Contoso Expenses'. Send an interactive authorization request for this user and resource.\r\nTrace ID: 4f2d9a61-8c3e-4b7a-9d15-2e6f0c8b7a31\r\nCorrelation ID: b7e3c2d4-1a5f-4e69-8b20-9c4d7e1f3a62\r\nTimestamp: 5/1/2024 10:20:30 AM ---> System.Net.WebException: The remote server returned an error: (400) Bad Request.\r\n   at System.Net.HttpWebRequest.GetResponse()";
    check(
        "ADAL",
        t,
        &[Exp {
            codes: &[65001],
            trace: Some(T1),
            corr: Some(C1),
            ts: Some("2024-05-01T10:20:30Z"),
            app_id: Some(APP),
            app_name: Some("Contoso Expenses"),
            message: Some("The user or administrator has not consented"),
            ..E
        }],
    );
}

#[test]
fn powershell_connect_mggraph() {
    let t = "PS C:\\> Connect-MgGraph -TenantId contoso.onmicrosoft.com -Scopes User.Read.All\nConnect-MgGraph: InteractiveBrowserCredential authentication failed: AADSTS50020: User account 'bob@fabrikam.com' from identity provider 'live.com' does not exist in tenant 'Contoso Ltd' and cannot access the application '14d82eec-204b-4c2f-b7e8-296a70dab67e'(Microsoft Graph Command Line Tools) in that tenant. The account needs to be added as an external user in the tenant first. Trace ID: 4f2d9a61-8c3e-4b7a-9d15-2e6f0c8b7a31 Correlation ID: b7e3c2d4-1a5f-4e69-8b20-9c4d7e1f3a62 Timestamp: 2024-05-01 10:20:30Z\n";
    check(
        "Connect-MgGraph",
        t,
        &[Exp {
            trace: Some(T1),
            corr: Some(C1),
            ts: Some("2024-05-01T10:20:30Z"),
            app_id: Some("14d82eec-204b-4c2f-b7e8-296a70dab67e"),
            app_name: Some("Microsoft Graph Command Line Tools"),
            ..UNAUTHORIZED
        }],
    );
}

#[test]
fn powershell_connect_azaccount_wrapped() {
    // Windows PowerShell 5.1 error record, hard-wrapped at 100 columns by the console.
    let t = "Connect-AzAccount : AADSTS50020: User account 'bob@fabrikam.com' from identity provider 'live.c\nom' does not exist in tenant 'Contoso Ltd' and cannot access the application 'a1f4c3e2-7b6d-4c5e-9f8a-1\nb2c3d4e5f60'(Contoso Expenses) in that tenant. Trace ID: 4f2d9a61-8c3e-4b7a-9d15-2e6f0c8b7a31 Correlati\non ID: b7e3c2d4-1a5f-4e69-8b20-9c4d7e1f3a62 Timestamp: 2024-05-01 10:20:30Z\nAt line:1 char:1\n+ Connect-AzAccount -Tenant 8e2f4c1a-3b5d-4e6f-a7b8-c9d0e1f2a3b4\n+ ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~\n    + CategoryInfo          : CloseError: (:) [Connect-AzAccount], AuthenticationFailedException\n    + FullyQualifiedErrorId : Microsoft.Azure.Commands.Profile.ConnectAzureRmAccountCommand\n";
    // The wrap cuts "Correlation" in two; the label is read across the break.
    check(
        "Connect-AzAccount wrapped",
        t,
        &[Exp {
            trace: Some(T1),
            corr: Some(C1),
            ts: Some("2024-05-01T10:20:30Z"),
            ..UNAUTHORIZED
        }],
    );
}

#[test]
fn id_labels_wrapped_by_a_console_keep_their_ids() {
    // `az login` output copied from an 80-column terminal that wraps at spaces: the break
    // falls between "Correlation" and "ID", between "Trace" and "ID", or after the label.
    // (A timestamp alone on the line after its label still reads as a new log record.)
    let word_wrapped = "AADSTS50020: User account 'bob@fabrikam.com' from identity provider\n'live.com' does not exist in tenant 'Contoso Ltd' and cannot access the\napplication 'a1f4c3e2-7b6d-4c5e-9f8a-1b2c3d4e5f60'(Contoso Expenses) in that\ntenant. Trace ID: 4f2d9a61-8c3e-4b7a-9d15-2e6f0c8b7a31 Correlation\nID: b7e3c2d4-1a5f-4e69-8b20-9c4d7e1f3a62 Timestamp: 2024-05-01 10:20:30Z\n";
    let trace_wrapped = "AADSTS50020: User account 'bob@fabrikam.com' from identity provider\r\n'live.com' does not exist in tenant 'Contoso Ltd' and cannot access the\r\napplication 'a1f4c3e2-7b6d-4c5e-9f8a-1b2c3d4e5f60'(Contoso Expenses) in that tenant. Trace\r\nID: 4f2d9a61-8c3e-4b7a-9d15-2e6f0c8b7a31 Correlation ID:\r\nb7e3c2d4-1a5f-4e69-8b20-9c4d7e1f3a62\r\nTimestamp: 2024-05-01 10:20:30Z\r\n";
    // Cut inside the words at a fixed column (Windows console), twice.
    let hard_wrapped = "AADSTS50020: User account 'bob@fabrikam.com' from identity provider 'live.com' does not e\nxist in tenant 'Contoso Ltd' and cannot access the application 'a1f4c3e2-7b6d-4c5e-9f8a-1b2c\n3d4e5f60'(Contoso Expenses) in that tenant. Tra\nce ID: 4f2d9a61-8c3e-4b7a-9d15-2e6f0c8b7a31 Correlation I\nD: b7e3c2d4-1a5f-4e69-8b20-9c4d7e1f3a62 Timestamp: 2024-05-01 10:20:30Z\n";
    for (name, t) in [
        ("wrapped at Correlation|ID", word_wrapped),
        (
            "wrapped at Trace|ID and after the labels (CRLF)",
            trace_wrapped,
        ),
        ("cut inside Trace and ID", hard_wrapped),
    ] {
        let f = analyze(t).failures;
        assert_eq!(f.len(), 1, "{name}: {f:?}");
        let f = &f[0];
        assert_eq!(f.codes, [50020], "{name}");
        assert_eq!(f.user.as_deref(), Some("bob@fabrikam.com"), "{name}");
        assert_eq!(f.trace_id.as_deref(), Some(T1), "{name}");
        assert_eq!(f.correlation_id.as_deref(), Some(C1), "{name}");
        assert_eq!(
            f.timestamp.as_deref(),
            Some("2024-05-01T10:20:30Z"),
            "{name}"
        );
        assert_eq!(f.ids, IdStatus::Found, "{name}");
    }
}

#[test]
fn a_line_break_near_a_label_word_is_not_a_label() {
    // "correlation" ends a line and the next starts with "identity": no ID is read from it.
    let t = "AADSTS50020: User account 'bob@fabrikam.com' from identity provider 'live.com' does not exist in tenant 'Contoso Ltd' and cannot access the application 'a1f4c3e2-7b6d-4c5e-9f8a-1b2c3d4e5f60'(Contoso Expenses) in that tenant.\nSee the correlation\nidentity b7e3c2d4-1a5f-4e69-8b20-9c4d7e1f3a62 in the logs.\n";
    let f = analyze(t).failures;
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].correlation_id, None, "{:?}", f[0].correlation_id);
}

#[test]
fn azure_cli_login() {
    let t = "$ az login --tenant 8e2f4c1a-3b5d-4e6f-a7b8-c9d0e1f2a3b4\nAADSTS50076: Due to a configuration change made by your administrator, or because you moved to a new location, you must use multi-factor authentication to access '797f4846-ba00-4fd7-ba43-dac1f8f63013'. Trace ID: 4f2d9a61-8c3e-4b7a-9d15-2e6f0c8b7a31 Correlation ID: b7e3c2d4-1a5f-4e69-8b20-9c4d7e1f3a62 Timestamp: 2024-05-01 10:20:30Z\nInteractive authentication is needed. Please run:\naz login --scope https://management.core.windows.net//.default\n";
    check(
        "az login",
        t,
        &[Exp {
            error: None,
            error_uri: None,
            ..MFA
        }],
    );
}

#[test]
fn azure_cli_http_error() {
    let t = "ERROR: Get Token request returned http error: 400 and server response: {\"error\":\"invalid_grant\",\"error_description\":\"AADSTS500212: The user is not allowed to access the target tenant because of cross-tenant access policy of the user's home tenant. Trace ID: 0c9b8a7d-6e5f-4a3b-8c2d-1e0f9a8b7c6d Correlation ID: 5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d Timestamp: 2024-06-12 08:01:02Z\",\"error_codes\":[500212],\"timestamp\":\"2024-06-12 08:01:02Z\",\"trace_id\":\"0c9b8a7d-6e5f-4a3b-8c2d-1e0f9a8b7c6d\",\"correlation_id\":\"5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d\",\"error_uri\":\"https://login.microsoftonline.com/error?code=500212\"}";
    check(
        "az http error",
        t,
        &[Exp {
            codes: &[500212],
            error: Some("invalid_grant"),
            trace: Some(T2),
            corr: Some(C2),
            ts: Some("2024-06-12T08:01:02Z"),
            error_uri: Some("https://login.microsoftonline.com/error?code=500212"),
            message: Some("The user is not allowed to access the target tenant"),
            ..E
        }],
    );
}

// ---------------------------------------------------------------------------------------
// Logs

#[test]
fn log_with_several_failures() {
    let t = "2024-05-01 10:20:29.870 INFO  [web-3] GET /reports 302\n2024-05-01 10:20:30.112 ERROR [web-3] Sign-in failed: AADSTS50020: User account 'bob@fabrikam.com' from identity provider 'live.com' does not exist in tenant 'Contoso Ltd' and cannot access the application 'a1f4c3e2-7b6d-4c5e-9f8a-1b2c3d4e5f60'(Contoso Expenses) in that tenant. Trace ID: 4f2d9a61-8c3e-4b7a-9d15-2e6f0c8b7a31 Correlation ID: b7e3c2d4-1a5f-4e69-8b20-9c4d7e1f3a62 Timestamp: 2024-05-01 10:20:30Z\n2024-05-01 10:20:31.004 INFO  [web-1] GET /health 200\n2024-05-01 10:21:02.551 ERROR [web-2] Sign-in failed: AADSTS53003: Access has been blocked by Conditional Access policies. The access policy does not allow token issuance. Trace ID: 0c9b8a7d-6e5f-4a3b-8c2d-1e0f9a8b7c6d Correlation ID: 5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d Timestamp: 2024-05-01 10:21:02Z\n2024-05-01 10:22:10.020 WARN  [web-2] Sign-in failed: AADSTS50058: A silent sign-in request was sent but no user is signed in.\n";
    check(
        "multi log",
        t,
        &[
            Exp {
                trace: Some(T1),
                corr: Some(C1),
                ts: Some("2024-05-01T10:20:30Z"),
                ..UNAUTHORIZED
            },
            Exp {
                codes: &[53003],
                trace: Some(T2),
                corr: Some(C2),
                ts: Some("2024-05-01T10:21:02Z"),
                message: Some("Access has been blocked"),
                ..E
            },
            // No labelled timestamp: the log line's own time is used.
            Exp {
                codes: &[50058],
                ts: Some("2024-05-01T10:22:10Z"),
                message: Some("A silent sign-in"),
                ..E
            },
        ],
    );
    assert_eq!(
        analyze(t).summary,
        "3 failures: AADSTS50020 (UserUnauthorized), AADSTS53003 (BlockedByConditionalAccess), AADSTS50058 (UserInformationNotProvided)"
    );
}

#[test]
fn same_code_different_traces_are_different_failures() {
    let t = "[2024-05-01T10:20:30Z] AADSTS50105: Your administrator has configured the application Payroll ('a1f4c3e2-7b6d-4c5e-9f8a-1b2c3d4e5f60') to block users unless they are specifically granted ('assigned') access to the application. The signed in user 'bob@fabrikam.com' is blocked because they are not a direct member of a group with access, nor had access directly assigned by an administrator. Trace ID: 4f2d9a61-8c3e-4b7a-9d15-2e6f0c8b7a31\n[2024-05-01T10:25:00Z] AADSTS50105: Your administrator has configured the application Payroll ('a1f4c3e2-7b6d-4c5e-9f8a-1b2c3d4e5f60') to block users unless they are specifically granted ('assigned') access to the application. The signed in user 'bob@fabrikam.com' is blocked because they are not a direct member of a group with access, nor had access directly assigned by an administrator. Trace ID: 0c9b8a7d-6e5f-4a3b-8c2d-1e0f9a8b7c6d\n";
    let a = Exp {
        codes: &[50105],
        user: Some("bob@fabrikam.com"),
        app_id: Some(APP),
        app_name: Some("Payroll"),
        ..E
    };
    check(
        "same code twice",
        t,
        &[
            Exp {
                trace: Some(T1),
                ts: Some("2024-05-01T10:20:30Z"),
                ..a
            },
            Exp {
                trace: Some(T2),
                ts: Some("2024-05-01T10:25:00Z"),
                ..a
            },
        ],
    );
    assert_eq!(
        analyze(t).summary,
        "2 failures: AADSTS50105 (EntitlementGrantsNotFound) ×2"
    );
}

#[test]
fn repeated_without_ids_counts_once() {
    let line = "AADSTS90094: The grant requires admin permission.\n";
    let t = format!("{line}retrying...\n{line}retrying...\n{line}");
    check(
        "repeat no ids",
        &t,
        &[Exp {
            codes: &[90094],
            message: Some("The grant requires admin permission."),
            ..E
        }],
    );
}

#[test]
fn same_trace_far_apart_counts_once() {
    let filler = "2024-05-01 10:20:31 DEBUG cache refresh ok\n".repeat(200);
    let t = format!(
        "AADSTS53003: Access has been blocked by Conditional Access policies. Trace ID: {T2} Correlation ID: {C2}\n{filler}Inner: AADSTS53003: Access has been blocked by Conditional Access policies. Trace ID: {T2} Correlation ID: {C2} Timestamp: 2024-06-12 08:01:02Z\n"
    );
    check(
        "far apart",
        &t,
        &[Exp {
            codes: &[53003],
            trace: Some(T2),
            corr: Some(C2),
            ts: Some("2024-06-12T08:01:02Z"),
            ..E
        }],
    );
}

#[test]
fn wrapped_ids_and_timestamp() {
    let t = "AADSTS50079: Due to a configuration change made by your administrator, or because you moved to a new location, you must enroll in multi-factor authentication to access '00000003-0000-0000-c000-000000000000'.\nTrace ID: 4f2d9a61-8c3e-4b7a-9d15-2e6f\n0c8b7a31\nCorrelation ID: b7e3c2d4-1a5f-4e69-\n8b20-9c4d7e1f3a62\nTimestamp: 2024-05-01 10:2\n0:30Z\n";
    check(
        "wrapped",
        t,
        &[Exp {
            codes: &[50079],
            trace: Some(T1),
            corr: Some(C1),
            ts: Some("2024-05-01T10:20:30Z"),
            resource: Some(GRAPH),
            message: Some("Due to a configuration change"),
            ..E
        }],
    );
}

#[test]
fn odd_case_prefix_and_glued() {
    let t = "see aaDSTS90072: User account 'bob@fabrikam.com' from identity provider 'https://sts.windows.net/8e2f4c1a-3b5d-4e6f-a7b8-c9d0e1f2a3b4/' does not exist in tenant 'Contoso Ltd' and cannot access the application 'a1f4c3e2-7b6d-4c5e-9f8a-1b2c3d4e5f60'(Contoso Expenses) in that tenant.\ncopied from the portal:Sign-in blocked for tenantAADSTS53003: Access has been blocked by Conditional Access policies.";
    check(
        "odd case",
        t,
        &[
            Exp {
                codes: &[90072],
                idp: Some("https://sts.windows.net/8e2f4c1a-3b5d-4e6f-a7b8-c9d0e1f2a3b4/"),
                message: Some(
                    "User account 'bob@fabrikam.com' from identity provider 'https://sts",
                ),
                ..UNAUTHORIZED
            },
            Exp {
                codes: &[53003],
                message: Some("Access has been blocked"),
                ..E
            },
        ],
    );
}

#[test]
fn error_code_lines_without_prefix() {
    let t = "Sign-in details (copied from the Entra admin center)\nRequest ID: 9e8d7c6b-5a49-4837-a261-50f4e3d2c1b0\nCorrelation ID: 1b2c3d4e-5f60-4718-9a2b-3c4d5e6f7a8b\nAuthentication requirement: Multifactor authentication\nStatus: Failure\nSign-in error code: 500121\nFailure reason: Authentication failed during strong authentication request.\n";
    check(
        "Error code line",
        t,
        &[Exp {
            codes: &[500121],
            trace: Some(T3),
            corr: Some(C3),
            ..E
        }],
    );
    let sc = "Error Code: 50058\nError code 404 is not ours, nor is errorcode 0x80070005.";
    check(
        "bare codes",
        sc,
        &[Exp {
            codes: &[50058],
            ..E
        }],
    );
}

#[test]
fn sign_in_log_json_export() {
    let t = r#"[{"id":"66ea54eb-6301-4ee5-be62-ff5a759b8100","createdDateTime":"2024-05-01T10:20:30Z","userPrincipalName":"bob_fabrikam.com#EXT#@contoso.onmicrosoft.com","appId":"a1f4c3e2-7b6d-4c5e-9f8a-1b2c3d4e5f60","correlationId":"b7e3c2d4-1a5f-4e69-8b20-9c4d7e1f3a62","status":{"errorCode":50105,"failureReason":"The signed in user is not assigned to a role for the application."}}]"#;
    check(
        "sign-in log JSON",
        t,
        &[Exp {
            codes: &[50105],
            corr: Some(C1),
            ..E
        }],
    );
}

// ---------------------------------------------------------------------------------------
// Other templated messages

#[test]
fn templates_of_other_codes() {
    check(
        "650052",
        "AADSTS650052: The app is trying to access a service '00000003-0000-0000-c000-000000000000'(Microsoft Graph) that your organization '8e2f4c1a-3b5d-4e6f-a7b8-c9d0e1f2a3b4' lacks a service principal for. Contact your IT Admin to review the configuration of your service subscriptions.",
        &[Exp {
            codes: &[650052],
            resource: Some(GRAPH),
            tenant: Some(TENANT_ID),
            ..E
        }],
    );
    check(
        "65005 resource",
        "AADSTS65005: Invalid resource. The client has requested access to a resource which is not listed in the requested permissions in the client's application registration. Client app ID: a1f4c3e2-7b6d-4c5e-9f8a-1b2c3d4e5f60(Contoso Expenses). Resource value from request: https://graph.microsoft.com. Resource app ID: 00000003-0000-0000-c000-000000000000.",
        &[Exp {
            codes: &[65005],
            app_id: Some(APP),
            app_name: Some("Contoso Expenses"),
            resource: Some("https://graph.microsoft.com"),
            ..E
        }],
    );
    check(
        "16000",
        "AADSTS16000: User account '{EmailHidden}' from identity provider 'live.com' does not exist in tenant 'Microsoft Services' and cannot access the application '797f4846-ba00-4fd7-ba43-dac1f8f63013'(Windows Azure Service Management API) in that tenant.",
        &[Exp {
            codes: &[16000],
            user: Some("{EmailHidden}"),
            idp: Some("live.com"),
            tenant: Some("Microsoft Services"),
            app_id: Some(ARM),
            app_name: Some("Windows Azure Service Management API"),
            masked: &["user"],
            ..E
        }],
    );
    check(
        "500211",
        "AADSTS500211: User account 'bob@fabrikam.com' from identity provider 'live.com' does not exist in tenant 'Contoso Ltd' and cannot access the application 'a1f4c3e2-7b6d-4c5e-9f8a-1b2c3d4e5f60'(Contoso Expenses) in that tenant.",
        &[Exp {
            codes: &[500211],
            ..UNAUTHORIZED
        }],
    );
    check(
        "900432",
        "AADSTS900432: Confidential Client is not supported in Cross Cloud request. Trace ID: 0c9b8a7d-6e5f-4a3b-8c2d-1e0f9a8b7c6d",
        &[Exp {
            codes: &[900432],
            trace: Some(T2),
            message: Some("Confidential Client"),
            ..E
        }],
    );
    check(
        "500021",
        "AADSTS500021: Access to 'fabrikam.com' tenant is denied.",
        &[Exp {
            codes: &[500021],
            tenant: Some("fabrikam.com"),
            ..E
        }],
    );
    check(
        "90071",
        "The organization you're trying to reach needs to update their settings to let you sign in.\nAADSTS90071: An admin from Contoso Ltd must update their access settings to accept inbound multifactor authentication.",
        &[Exp {
            codes: &[90071],
            tenant: Some("Contoso Ltd"),
            ..E
        }],
    );
    check(
        "1000031",
        "AADSTS1000031: Application Contoso Expenses cannot be accessed at this time. Contact your administrator.",
        &[Exp {
            codes: &[1000031],
            app_name: Some("Contoso Expenses"),
            ..E
        }],
    );
    check(
        "130500 unknown",
        "Error: AADSTS130500: Authentication failed.",
        &[Exp {
            codes: &[130500],
            message: Some("Authentication failed."),
            ..E
        }],
    );
}

// ---------------------------------------------------------------------------------------
// Invitation-time errors (no code)

#[test]
fn invitation_errors() {
    let proxy = "New-MgInvitation_Create: Another object with the same value for property proxyAddresses already exists.\n\nStatus: 400 (BadRequest)\nErrorCode: Request_BadRequest\nDate: 2024-05-01T10:20:30\n\nHeaders:\nrequest-id                    : 0c9b8a7d-6e5f-4a3b-8c2d-1e0f9a8b7c6d\nclient-request-id             : 5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d\n";
    check(
        "proxy conflict",
        proxy,
        &[Exp {
            kind: "invite_proxy_address_conflict",
            error: Some("Request_BadRequest"),
            trace: Some(T2),
            corr: Some(C2),
            message: Some("New-MgInvitation_Create: Another object"),
            ..E
        }],
    );
    let cases: &[(&str, &str)] = &[
        (
            "Invite failed: the invited user already exists in this directory as a member.",
            "invite_user_already_exists",
        ),
        (
            "The invited user's organization doesn't allow email verified users to be created, so this invitation can't be sent.",
            "invite_email_verified_blocked",
        ),
        (
            "This invitation is blocked by cross-tenant access settings. Admins in both your organization and the invited user's organization must allow it.",
            "invite_blocked_by_cross_tenant_settings",
        ),
        (
            "This invitation is blocked by cross-tenant access settings in your organization. Your administrator must configure them to allow this invitation.",
            "invite_blocked_by_own_cross_tenant_settings",
        ),
        (
            "The action can't be completed because the Microsoft B2B Cross Cloud Worker application is disabled in the invited user's tenant.",
            "invite_b2b_cross_cloud_worker_disabled",
        ),
    ];
    for (text, kind) in cases {
        check(
            kind,
            text,
            &[Exp {
                kind,
                message: Some(text),
                ..E
            }],
        );
        let f = analyze(text).failures.first().cloned().unwrap_or_default();
        assert!(
            f.guidance.is_some() && !f.actors.is_empty() && !f.recipes.is_empty(),
            "{kind}"
        );
        if *kind == "invite_extensions_app_missing" {
            // restore-deleted lists deleted users only: the app needs restore-app.
            assert_eq!(f.recipes, ["restore-app"], "{kind}");
        }
    }
    let f = analyze(cases[4].0)
        .failures
        .first()
        .cloned()
        .unwrap_or_default();
    // The invitee's admin enables the app; the inviter can only ask and invite again.
    assert_eq!(
        f.actors,
        [guidance::Actor::HomeAdmin, guidance::Actor::ResourceAdmin]
    );
    assert_eq!(f.recipes, ["first-party-sps"]);
    assert!(
        f.name
            .as_deref()
            .is_some_and(|n| n.contains("Cross Cloud Worker"))
    );
}

#[test]
fn trace_only_block_and_nothing() {
    let t = "Request Id: 9e8d7c6b-5a49-4837-a261-50f4e3d2c1b0\nCorrelation Id: 1b2c3d4e-5f60-4718-9a2b-3c4d5e6f7a8b\nTimestamp: 2024-07-03T14:05:06.000Z\n";
    check(
        "trace only",
        t,
        &[Exp {
            kind: "trace_only",
            trace: Some(T3),
            corr: Some(C3),
            ts: Some("2024-07-03T14:05:06Z"),
            ..E
        }],
    );
    check(
        "nothing",
        "GET /index.html 200 request_id=17 error=none\nAll good.",
        &[],
    );
    check(
        "lone request id",
        "request_id: 9e8d7c6b-5a49-4837-a261-50f4e3d2c1b0 served in 3 ms",
        &[],
    );
}

// ---------------------------------------------------------------------------------------
// Report shape, guidance, checklist

#[test]
fn json_shape_of_a_failure() {
    let t = "AADSTS50020: User account 'bob@fabrikam.com' from identity provider 'live.com' does not exist in tenant 'Contoso Ltd' and cannot access the application 'a1f4c3e2-7b6d-4c5e-9f8a-1b2c3d4e5f60'(Contoso Expenses) in that tenant.\nTrace ID: 4f2d9a61-8c3e-4b7a-9d15-2e6f0c8b7a31\n";
    let r = analyze(t);
    let v = serde_json::to_value(&r).unwrap_or_default();
    let f = &v["failures"][0];
    for key in [
        "codes",
        "name",
        "trace_id",
        "correlation_id",
        "timestamp",
        "error",
        "message",
        "error_uri",
        "user",
        "idp",
        "tenant",
        "app_id",
        "app_name",
        "actors",
        "recipes",
        "lookup_url",
        "guidance",
        "checklist",
        "highlights",
        "masked",
        "kind",
    ] {
        assert!(f.get(key).is_some(), "missing {key}");
    }
    assert_eq!(f["codes"], serde_json::json!([50020]));
    assert_eq!(f["name"], "UserUnauthorized");
    assert!(f["correlation_id"].is_null() && f["timestamp"].is_null() && f["error_uri"].is_null());
    assert_eq!(
        f["lookup_url"],
        "https://login.microsoftonline.com/error?code=50020"
    );
    assert_eq!(
        f["actors"],
        serde_json::json!(["guest", "resource_admin", "developer"])
    );
    assert_eq!(f["guidance"]["verified"], true);
    assert_eq!(f["checklist"].as_array().map(Vec::len), Some(8));
    assert_eq!(v["summary"], "1 failure: AADSTS50020 (UserUnauthorized)");
}

#[test]
fn guidance_and_recipes() {
    let one = |t: &str| analyze(t).failures.first().cloned().unwrap_or_default();
    let f = one("AADSTS500211: x");
    assert_eq!(f.guidance.as_ref().map(|g| g.verified), Some(false));
    assert!(
        f.guidance
            .as_ref()
            .and_then(|g| g.caveat.as_deref())
            .is_some()
    );
    assert!(!f.checklist.is_empty());
    let f = one("AADSTS130500: x");
    assert_eq!(f.guidance.as_ref().map(|g| g.verified), Some(false));
    assert_eq!(f.code_info.first().map(|c| c.in_reference), Some(false));
    let f = one("AADSTS500213: blocked");
    assert_eq!(
        (f.actors.clone(), f.recipes.clone()),
        (
            vec![guidance::Actor::Guest, guidance::Actor::ResourceAdmin],
            vec!["xtap-read".to_owned()]
        )
    );
    let f = one("AADSTS500021: Access to 'x' tenant is denied.");
    assert_eq!(
        f.actors,
        [guidance::Actor::NetworkAdmin, guidance::Actor::Guest]
    );
    assert_eq!(f.code_info.first().map(|c| c.name_unofficial), Some(true));
    let f = one("AADSTS53003: blocked");
    assert!(f.checklist.is_empty());
    // A code without guidance still gets its name and lookup link.
    let f = one(
        "AADSTS50125: Sign-in was interrupted because of a password reset or password registration entry.",
    );
    assert_eq!(f.name.as_deref(), catalog::name(50125));
    assert!(f.name.is_some());
    assert_eq!(
        f.lookup_url.as_deref(),
        Some("https://login.microsoftonline.com/error?code=50125")
    );
    assert!(f.guidance.is_none() && f.actors.is_empty());
    // Every recipe any failure can name is one the Commands tool knows.
    for c in guidance::codes() {
        let f = one(&format!("AADSTS{c}: x"));
        assert_eq!(f.codes, [c]);
        assert!(
            f.recipes
                .iter()
                .all(|r| guidance::RECIPES.contains(&r.as_str())),
            "{c}"
        );
        // Each step's actor is one of the failure's actors.
        let steps = f.guidance.as_ref().map_or(&[][..], |g| g.steps.as_slice());
        assert!(steps.iter().all(|s| f.actors.contains(&s.actor)), "{c}");
    }
}

#[test]
fn checklist_for_personal_account() {
    let t = "AADSTS50020: User account 'bob@outlook.com' from identity provider 'live.com' does not exist in tenant 'Contoso Ltd' and cannot access the application 'a1f4c3e2-7b6d-4c5e-9f8a-1b2c3d4e5f60'(Contoso Expenses) in that tenant.";
    let f = analyze(t).failures.first().cloned().unwrap_or_default();
    let ids: Vec<&str> = f.checklist.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "wrong_account",
            "never_invited",
            "invitation_pending",
            "proxy_address_missing",
            "home_account_recreated",
            "single_tenant_via_common",
            "personal_account_work_app",
            "assignment_required"
        ]
    );
    let hint = |id: &str| {
        f.checklist
            .iter()
            .find(|c| c.id == id)
            .and_then(|c| c.suggestion.clone())
    };
    assert!(
        hint("wrong_account")
            .is_some_and(|s| s.contains("personal Microsoft account") && s.contains("Contoso Ltd"))
    );
    assert!(hint("never_invited").is_some_and(|s| s.contains("bob@outlook.com")));
    assert!(hint("personal_account_work_app").is_some());
    assert!(hint("single_tenant_via_common").is_none());
    assert_eq!(
        f.checklist
            .iter()
            .find(|c| c.id == "invitation_pending")
            .and_then(|c| c.recipe.as_deref()),
        Some("guest-state")
    );
}

#[test]
fn highlights_map_to_values() {
    let t = "2024-05-01 10:20:30 ERROR AADSTS50020: User account 'bob@fabrikam.com' from identity provider 'live.com' does not exist in tenant 'Contoso Ltd' and cannot access the application 'a1f4c3e2-7b6d-4c5e-9f8a-1b2c3d4e5f60'(Contoso Expenses) in that tenant. Trace ID: 4f2d9a61-8c3e-4b7a-9d15-2e6f0c8b7a31";
    let f: Failure = analyze(t).failures.first().cloned().unwrap_or_default();
    let at = |k: &str| {
        f.highlights
            .iter()
            .find(|h| h.kind.id() == k)
            .and_then(|h| t.get(h.start..h.end))
    };
    assert_eq!(at("code"), Some("AADSTS50020"));
    assert_eq!(at("user"), Some("bob@fabrikam.com"));
    assert_eq!(at("idp"), Some("live.com"));
    assert_eq!(at("tenant"), Some("Contoso Ltd"));
    assert_eq!(at("app_id"), Some(APP));
    assert_eq!(at("app_name"), Some("Contoso Expenses"));
    assert_eq!(at("trace_id"), Some(T1));
}

// ---------------------------------------------------------------------------------------
// Properties

/// Samples whose failures all carry a trace ID, for the growth property.
fn traced_samples() -> Vec<String> {
    vec![
        format!(
            "AADSTS50020: User account 'bob@fabrikam.com' from identity provider 'live.com' does not exist in tenant 'Contoso Ltd'. Trace ID: {T1} Correlation ID: {C1} Timestamp: 2024-05-01 10:20:30Z\n"
        ),
        format!(
            "{{\"error\":\"invalid_client\",\"error_description\":\"AADSTS7000215: Invalid client secret provided.\\r\\nTrace ID: {T2}\\r\\nCorrelation ID: {C2}\",\"error_codes\":[7000215],\"trace_id\":\"{T2}\"}}\n"
        ),
        format!(
            "https://app/cb?error=access_denied&error_description=AADSTS65004%3A+User+declined.%0D%0ATrace+ID%3A+{T3}%0D%0ACorrelation+ID%3A+{C3}&state=1\n"
        ),
        format!(
            "Request Id: {T1}\nCorrelation Id: {C1}\nTimestamp: 2024-05-01T10:20:30Z\nMessage: AADSTS53003: Access has been blocked by Conditional Access policies.\n\n"
        ),
        format!(
            "<p>AADSTS50034: The user account &#39;x@y.com&#39; does not exist.<br>Trace ID: {T2}</p>\n"
        ),
    ]
}

/// Pieces of the forms the analyzer reads, to be thrown together in any order.
const SOUP: &[&str] = &[
    "AADSTS",
    "aadsts5002",
    "50020",
    "7000215",
    ": ",
    "Trace ID: ",
    "Request Id:",
    "Correlation ID: ",
    "correlation_id\":\"",
    "Timestamp: ",
    "2024-05-01 10:2",
    "0:30Z",
    "5/1/2024 10:20:30 AM",
    "4f2d9a61-8c3e-",
    "4b7a-9d15-2e6f0c8b7a31",
    "\n",
    "\r\n",
    "\\r\\n",
    "\\u0027",
    "\\\"",
    "%3A",
    "%0D%0A",
    "%25",
    "+",
    "&#39;",
    "&amp;",
    "&#x2019;",
    "<br>",
    "</span>",
    "<!--",
    "-->",
    "'",
    "’",
    "“",
    "\"",
    "error=",
    "&error_description=",
    "\"error_codes\":[",
    "50076, ",
    "]",
    "Error Code: ",
    "User account ",
    "from identity provider ",
    "does not exist in tenant ",
    "the application ",
    "(App)",
    "[email protected]",
    "xxxx",
    "é",
    "\u{0}",
    "proxyAddresses already exists",
    "This invitation is blocked by cross-tenant access settings",
    " ",
    "login.microsoftonline.com/common/",
    "ErrorCode: invalid_grant",
    "interaction_required: ",
];

/// Makes every GUID in `s` unique to repetition `k` (changes its first 8 hex digits).
fn retrace(s: &str, k: usize) -> String {
    let prefix = format!("{k:08x}");
    [T1, T2, T3].iter().fold(s.to_owned(), |acc, g| {
        acc.replace(g, &format!("{prefix}{}", &g[8..]))
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn never_panics_on_arbitrary_text(s in "\\PC{0,400}") {
        let r = analyze(&s);
        for f in &r.failures {
            for h in &f.highlights {
                prop_assert!(s.get(h.start..h.end).is_some());
            }
        }
    }

    #[test]
    fn never_panics_on_mutated_samples(
        which in 0usize..5,
        edits in proptest::collection::vec((any::<usize>(), 0usize..4, "\\PC{0,3}"), 0..12),
    ) {
        let mut s = traced_samples()[which].clone();
        for (pos, op, ins) in edits {
            let mut at = pos % (s.len() + 1);
            while !s.is_char_boundary(at) { at -= 1; }
            match op {
                0 => s.insert_str(at, &ins),
                1 => { let end = s[at..].chars().next().map_or(at, |c| at + c.len_utf8()); s.replace_range(at..end, ""); }
                2 => s.truncate(at),
                _ => s.insert_str(at, ["\n", "%", "&#", "\\", "'", "\u{2019}", "<b>"][pos % 7]),
            }
        }
        let r = analyze(&s);
        for f in &r.failures {
            for h in &f.highlights {
                prop_assert!(s.get(h.start..h.end).is_some());
            }
        }
    }

    #[test]
    fn never_panics_on_token_soup(picks in proptest::collection::vec(0usize..SOUP.len(), 0..80)) {
        let s: String = picks.iter().filter_map(|&i| SOUP.get(i).copied()).collect();
        let r = analyze(&s);
        prop_assert!(!r.summary.is_empty());
        for f in &r.failures {
            for h in &f.highlights {
                prop_assert!(s.get(h.start..h.end).is_some());
            }
        }
    }

    #[test]
    fn repeated_input_yields_k_times_the_failures(which in 0usize..5, k in 1usize..25) {
        let base = &traced_samples()[which];
        let one = analyze(base).failures.len();
        prop_assert_eq!(one, 1);
        let text: String = (0..k).map(|i| retrace(base, i + 1)).collect();
        prop_assert_eq!(analyze(&text).failures.len(), k * one);
    }
}

/// Every field and failure kind serialises to the string the JSON report has always used, and
/// the ids are distinct.
#[test]
fn vocabulary_serialises_as_before() {
    use guestlens_analysis::errors::{FailureKind, Field};
    let mut seen: Vec<&str> = Vec::new();
    for f in Field::ALL {
        assert_eq!(serde_json::json!(f), f.id());
        assert!(!seen.contains(&f.id()), "{} twice", f.id());
        seen.push(f.id());
    }
    assert_eq!(serde_json::json!(FailureKind::Aadsts), "aadsts");
    assert_eq!(serde_json::json!(FailureKind::TraceOnly), "trace_only");
    assert_eq!(
        serde_json::json!(FailureKind::Invite(
            guidance::InviteKind::ProxyAddressConflict
        )),
        "invite_proxy_address_conflict"
    );
}

// ---------------------------------------------------------------------------------------
// Failures keep their own IDs (issue 10.3)

fn page(code_line: &str, request: &str, corr: &str, ts: &str) -> String {
    format!(
        "Sign in\nSorry, but we're having trouble signing you in.\n\n{code_line}\n\nTroubleshooting details\nIf you contact your administrator, send this info to them.\nCopy info to clipboard\nRequest Id: {request}\nCorrelation Id: {corr}\nTimestamp: {ts}\nMessage: {code_line}\nAdvanced diagnostics: Disable\nIf you plan on getting support for an issue, turn this on and try to reproduce the error.\n"
    )
}

const LINE_50020: &str = "AADSTS50020: User account 'bob@fabrikam.com' from identity provider 'live.com' does not exist in tenant 'Contoso Ltd' and cannot access the application 'a1f4c3e2-7b6d-4c5e-9f8a-1b2c3d4e5f60'(Contoso Expenses) in that tenant. The account needs to be added as an external user in the tenant first. Sign out and sign in again with a different Azure Active Directory user account.";
const LINE_53003: &str = "AADSTS53003: Access has been blocked by Conditional Access policies. The access policy does not allow token issuance.";

#[test]
fn two_error_pages_back_to_back_keep_their_ids() {
    let t = format!(
        "{}{}",
        page(LINE_50020, T1, C1, "2024-05-01T10:20:30.412Z"),
        page(LINE_53003, T2, C2, "2024-05-01T10:25:00.100Z")
    );
    let cap = Exp {
        codes: &[53003],
        trace: Some(T2),
        corr: Some(C2),
        ts: Some("2024-05-01T10:25:00Z"),
        message: Some("Access has been blocked"),
        ..E
    };
    check(
        "two pages",
        &t,
        &[
            Exp {
                trace: Some(T1),
                corr: Some(C1),
                ts: Some("2024-05-01T10:20:30Z"),
                ..UNAUTHORIZED
            },
            cap,
        ],
    );
    // The heading and the "Message:" line of one page are one printing.
    assert!(analyze(&t).failures.iter().all(|f| f.occurrences == 1));
    // A message copied without its IDs, then a page's "copy info" block (IDs above their
    // own `Message:` line): the IDs are the second failure's, and the first has none.
    let t = format!(
        "{LINE_50020}\n\nRequest Id: {T2}\nCorrelation Id: {C2}\nTimestamp: 2024-05-01T10:25:00Z\nMessage: {LINE_53003}\n"
    );
    check("message then copy-info block", &t, &[UNAUTHORIZED, cap]);
    let r = analyze(&t);
    let ids: Vec<IdStatus> = r.failures.iter().map(|f| f.ids).collect();
    assert_eq!(ids, [IdStatus::None, IdStatus::Found]);
}

fn msal_exception(
    class: &str,
    line: &str,
    error: &str,
    trace: &str,
    corr: &str,
    ts: &str,
) -> String {
    let (code, msg) = line.split_once(": ").unwrap_or((line, ""));
    let digits = code.trim_start_matches("AADSTS");
    format!(
        "Microsoft.Identity.Client.{class}: {line} Trace ID: {trace} Correlation ID: {corr} Timestamp: {ts}\n   at Microsoft.Identity.Client.OAuth2.OAuth2Client.ThrowServerException(HttpResponse response, RequestContext requestContext)\n   at Microsoft.Identity.Client.Internal.Requests.RequestBase.RunAsync(CancellationToken cancellationToken)\n\tErrorCode: {error}\n\tStatusCode: 400\n\tResponseBody: {{\"error\":\"{error}\",\"error_description\":\"{code}: {msg} Trace ID: {trace} Correlation ID: {corr} Timestamp: {ts}\",\"error_codes\":[{digits}],\"timestamp\":\"{ts}\",\"trace_id\":\"{trace}\",\"correlation_id\":\"{corr}\"}}\n\tHeaders: Cache-Control: no-store, no-cache\n"
    )
}

#[test]
fn two_msal_exceptions_in_a_log_keep_their_ids() {
    let t = format!(
        "2024-05-01 10:20:30.112 ERROR [web-3] Token acquisition failed\n{}2024-05-01 10:21:02.551 ERROR [web-2] Token acquisition failed\n{}",
        msal_exception(
            "MsalUiRequiredException",
            LINE_53003,
            "invalid_grant",
            T1,
            C1,
            "2024-05-01 10:20:30Z"
        ),
        msal_exception(
            "MsalServiceException",
            "AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app 'a1f4c3e2-7b6d-4c5e-9f8a-1b2c3d4e5f60'.",
            "invalid_client",
            T2,
            C2,
            "2024-05-01 10:21:02Z"
        ),
    );
    check(
        "two MSAL exceptions",
        &t,
        &[
            Exp {
                codes: &[53003],
                trace: Some(T1),
                corr: Some(C1),
                ts: Some("2024-05-01T10:20:30Z"),
                error: Some("invalid_grant"),
                message: Some("Access has been blocked"),
                ..E
            },
            Exp {
                codes: &[7000215],
                trace: Some(T2),
                corr: Some(C2),
                ts: Some("2024-05-01T10:21:02Z"),
                error: Some("invalid_client"),
                app_id: Some(APP),
                message: Some("Invalid client secret provided."),
                ..E
            },
        ],
    );
    // Each is printed twice: the exception's message and its response body.
    let occ: Vec<u32> = analyze(&t).failures.iter().map(|f| f.occurrences).collect();
    assert_eq!(occ, [2, 2]);
}

#[test]
fn one_response_with_two_codes_is_one_failure() {
    let t = format!(
        "{{\"error\":\"invalid_grant\",\"error_description\":\"AADSTS70002: Error validating credentials. AADSTS500133: Assertion is not within its valid time range. Trace ID: {T1} Correlation ID: {C1} Timestamp: 2024-05-01 10:20:30Z\",\"error_codes\":[70002,500133],\"timestamp\":\"2024-05-01 10:20:30Z\",\"trace_id\":\"{T1}\",\"correlation_id\":\"{C1}\",\"error_uri\":\"https://login.microsoftonline.com/error?code=70002\"}}"
    );
    check(
        "two codes, one response",
        &t,
        &[Exp {
            codes: &[70002, 500133],
            error: Some("invalid_grant"),
            trace: Some(T1),
            corr: Some(C1),
            ts: Some("2024-05-01T10:20:30Z"),
            error_uri: Some("https://login.microsoftonline.com/error?code=70002"),
            message: Some(
                "Error validating credentials. AADSTS500133: Assertion is not within its valid time range.",
            ),
            ..E
        }],
    );
    assert_eq!(analyze(&t).failures.first().map(|f| f.occurrences), Some(1));
    // Two responses, each its own object on its own line, stay two.
    let two = "{\"error\":\"invalid_grant\",\"error_description\":\"AADSTS70002: Error validating credentials.\"}\n{\"error\":\"invalid_client\",\"error_description\":\"AADSTS7000215: Invalid client secret provided.\"}\n";
    let r = analyze(two);
    let errs: Vec<(Vec<u32>, Option<&str>)> = r
        .failures
        .iter()
        .map(|f| (f.codes.clone(), f.error.as_deref()))
        .collect();
    assert_eq!(
        errs,
        [
            (vec![70002], Some("invalid_grant")),
            (vec![7000215], Some("invalid_client"))
        ]
    );
}

#[test]
fn repeats_along_an_exception_chain_are_counted() {
    let msg = "AADSTS700016: Application with identifier 'a1f4c3e2-7b6d-4c5e-9f8a-1b2c3d4e5f60' was not found in the directory 'Fabrikam'. Trace ID: 9e8d7c6b-5a49-4837-a261-50f4e3d2c1b0 Correlation ID: 1b2c3d4e-5f60-4718-9a2b-3c4d5e6f7a8b Timestamp: 2024-07-03 14:05:06Z";
    let t = format!(
        "System.AggregateException: One or more errors occurred. (Microsoft.Identity.Client.MsalServiceException: {msg})\n ---> Microsoft.Identity.Client.MsalServiceException: {msg}\n   at X.Y()\n   --- End of inner exception stack trace ---\n---> (Inner Exception #0) Microsoft.Identity.Client.MsalServiceException: {msg}\n2024-07-03 14:05:07 ERROR sign-in failed: {msg}\n"
    );
    let r = analyze(&t);
    assert_eq!(r.failures.len(), 1);
    assert_eq!(r.failures.first().map(|f| f.occurrences), Some(4));
    // Retries without IDs: one failure, three printings.
    let line = "AADSTS90094: The grant requires admin permission.\n";
    let r = analyze(&format!("{line}retrying...\n{line}retrying...\n{line}"));
    assert_eq!(r.failures.len(), 1);
    assert_eq!(r.failures.first().map(|f| f.occurrences), Some(3));
    assert_eq!(r.failures.first().map(|f| f.ids), Some(IdStatus::None));
}

#[test]
fn id_status_serialises() {
    let f = analyze(LINE_53003)
        .failures
        .first()
        .cloned()
        .unwrap_or_default();
    let v = serde_json::to_value(&f).unwrap_or_default();
    assert_eq!(v["ids"], "none");
    assert_eq!(v["occurrences"], 1);
    assert_eq!(IdStatus::None.label(), "No IDs came with this failure.");
    let t = format!("{LINE_53003}\nTrace ID: {T1}\n");
    let f = analyze(&t).failures.first().cloned().unwrap_or_default();
    assert_eq!(serde_json::to_value(f.ids).unwrap_or_default(), "found");
}

// ---------------------------------------------------------------------------------------
// Values stay in their slot (issue 11)

#[test]
fn placeholder_app_ids_stay_app_ids() {
    let forms = [
        "....",
        "<application-id>",
        "App_ID",
        "APPLICATIONID",
        "xxxxxxxx-xxxx-xxxx-xxxx-2c4a80df089f",
        "a1f4c3e2-****-****-****-1b2c3d4e5f60",
        "00000000-0000-0000-0000-000000000000",
    ];
    for id in forms {
        let t = format!(
            "AADSTS50020: User account 'bob@fabrikam.com' from identity provider 'live.com' does not exist in tenant 'Contoso Ltd' and cannot access the application '{id}' in that tenant."
        );
        check(
            id,
            &t,
            &[Exp {
                app_id: Some(id),
                app_name: None,
                masked: &["app_id"],
                ..UNAUTHORIZED
            }],
        );
        // With the name beside it, the name stays the name.
        let t = format!(
            "AADSTS50020: User account 'bob@fabrikam.com' from identity provider 'live.com' does not exist in tenant 'Contoso Ltd' and cannot access the application '{id}'(Contoso Expenses) in that tenant."
        );
        check(
            id,
            &t,
            &[Exp {
                app_id: Some(id),
                masked: &["app_id"],
                ..UNAUTHORIZED
            }],
        );
    }
    // A documentation placeholder for the name is marked too.
    let t = "AADSTS50020: User account '<my-email>@outlook.com' from identity provider 'live.com' does not exist in tenant 'Diretório Padrão' and cannot access the application '<application-id>'(<name-of-the-application>) in that tenant.";
    check(
        "placeholders",
        t,
        &[Exp {
            user: Some("<my-email>@outlook.com"),
            tenant: Some("Diretório Padrão"),
            app_id: Some("<application-id>"),
            app_name: Some("<name-of-the-application>"),
            masked: &["app_id", "app_name"],
            message: Some("User account '<my-email>"),
            ..UNAUTHORIZED
        }],
    );
}

#[test]
fn user_without_opening_quote_or_quotes() {
    let t = "AADSTS50020: User account xxxxxx@outlook.com' from identity provider 'live.com' does not exist in tenant 'xxxxx' and cannot access the application 'xxxxxxxx-xxxx-xxxx-xxxx-2c4a80df089f' in that tenant. The account needs to be added as an external user in the tenant first.";
    check(
        "missing opening quote",
        t,
        &[Exp {
            user: Some("xxxxxx@outlook.com"),
            tenant: Some("xxxxx"),
            app_id: Some("xxxxxxxx-xxxx-xxxx-xxxx-2c4a80df089f"),
            app_name: None,
            masked: &["user", "tenant", "app_id"],
            message: Some("User account xxxxxx@outlook.com'"),
            ..UNAUTHORIZED
        }],
    );
    let t = "AADSTS50034: The user account m******** @(company).id does not exist in the contoso.com directory. To sign into this application, the account must be added to the directory.";
    check(
        "masked without quotes",
        t,
        &[Exp {
            codes: &[50034],
            user: Some("m******** @(company).id"),
            tenant: Some("contoso.com"),
            masked: &["user"],
            ..E
        }],
    );
}

#[test]
fn hidden_ids_after_labels_are_kept_and_marked() {
    type Case<'a> = (&'a str, Option<&'a str>, Option<&'a str>, &'a [&'a str]);
    let cases: [Case; 6] = [
        (
            "Trace ID: <redacted>\nCorrelation ID: 00000000-0000-0000-0000-000000000000",
            Some("<redacted>"),
            Some("00000000-0000-0000-0000-000000000000"),
            &["trace_id", "correlation_id"],
        ),
        (
            "request id: xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx\ncorrelation id: [REDACTED]",
            Some("xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx"),
            Some("[REDACTED]"),
            &["trace_id", "correlation_id"],
        ),
        (
            "Request Id: ****\nCorrelation Id: <correlation-id>",
            Some("****"),
            Some("<correlation-id>"),
            &["trace_id", "correlation_id"],
        ),
        (
            "Trace ID: 4f2d9a61-xxxx-xxxx-xxxx-2e6f0c8b7a31",
            Some("4f2d9a61-xxxx-xxxx-xxxx-2e6f0c8b7a31"),
            None,
            &["trace_id"],
        ),
        // A real GUID next to a hidden one: the IDs still count as found.
        (
            "Trace ID: 4f2d9a61-8c3e-4b7a-9d15-2e6f0c8b7a31\nCorrelation ID: ...",
            Some(T1),
            Some("..."),
            &["correlation_id"],
        ),
        // Prose after a label is not an ID.
        ("Correlation ID is missing from this log.", None, None, &[]),
    ];
    for (ids, trace, corr, masked) in cases {
        let t = format!("{LINE_53003}\n{ids}\n");
        check(
            ids,
            &t,
            &[Exp {
                codes: &[53003],
                trace,
                corr,
                masked,
                ..E
            }],
        );
    }
    let status = |t: &str| {
        analyze(&format!("{LINE_53003}\n{t}\n"))
            .failures
            .first()
            .map(|f| f.ids)
    };
    assert_eq!(status("Trace ID: <redacted>"), Some(IdStatus::Hidden));
    assert_eq!(
        status(&format!("Trace ID: {T1}\nCorrelation ID: ...")),
        Some(IdStatus::Found)
    );
}

#[test]
fn msal_server_error_keeps_its_bracketed_timestamp() {
    let t = "ServerError: invalid_client: 7000218 - [2020-09-25 07:40:47Z]: AADSTS7000218: The request body must contain the following parameter: 'client_assertion' or 'client_secret'.\n    at ServerError.AuthError [as constructor] (node_modules/@azure/msal-common/dist/index.cjs.js:1:1)";
    check(
        "msal-node ServerError",
        t,
        &[Exp {
            codes: &[7000218],
            error: Some("invalid_client"),
            ts: Some("2020-09-25T07:40:47Z"),
            message: Some("The request body must contain"),
            ..E
        }],
    );
    // A bracketed time opening a log line is the record's time, read as before.
    let t = "[2024-05-01T10:20:30Z] AADSTS50058: A silent sign-in request was sent but no user is signed in.\n";
    check(
        "record time",
        t,
        &[Exp {
            codes: &[50058],
            ts: Some("2024-05-01T10:20:30Z"),
            ..E
        }],
    );
}

// ---------------------------------------------------------------------------------------
// Localized messages: values by shape and position

/// A localized message built from a table entry: each word, then its slot's value.
fn localized_message(t: &guestlens_analysis::errors::localized::Template) -> String {
    use guestlens_analysis::errors::localized::Slot;
    let mut m = format!("AADSTS{}:", t.code);
    for (k, slot) in t.slots.iter().enumerate() {
        let word = t.words.get(k).copied().unwrap_or("qwerty zub");
        let value = match slot {
            Slot::User => "„bob@fabrikam.com“".to_owned(),
            Slot::Idp => "'live.com'".to_owned(),
            Slot::Tenant => "«Contoso Ltd»".to_owned(),
            Slot::App => format!("'{APP}'(Contoso Expenses)"),
        };
        m.push_str(&format!(" {word} {value}"));
    }
    m.push_str(" ipsum.");
    m
}

#[test]
fn localized_templates_yield_their_values() {
    use guestlens_analysis::errors::localized::{Slot, templates};
    let all = templates();
    assert!(all.iter().any(|t| t.verified));
    for t in &all {
        // A verified entry names its source; an unverified one has no words to trust.
        assert_eq!(
            t.verified,
            t.source.is_some(),
            "{} {}",
            t.code,
            t.lang.tag()
        );
        assert!(t.verified || t.words.is_empty());
        let msg = localized_message(t);
        let page = format!(
            "{msg}\nAnforderungs-ID: {T1}\nKorrelations-ID: {C1}\nZeitstempel: 2024-05-01T10:20:30Z\n"
        );
        let name = format!("{} {}", t.code, t.lang.tag());
        let has = |s: Slot| t.slots.contains(&s);
        let codes: &'static [u32] = match t.code {
            50020 => &[50020],
            90072 => &[90072],
            500211 => &[500211],
            50034 => &[50034],
            _ => &[53003],
        };
        assert_eq!(codes, [t.code]);
        check(
            &name,
            &page,
            &[Exp {
                codes,
                trace: Some(T1),
                corr: Some(C1),
                ts: Some("2024-05-01T10:20:30Z"),
                user: has(Slot::User).then_some("bob@fabrikam.com"),
                idp: has(Slot::Idp).then_some("live.com"),
                tenant: (has(Slot::Tenant) && (has(Slot::User) || has(Slot::Idp)))
                    .then_some("Contoso Ltd"),
                app_id: has(Slot::App).then_some(APP),
                app_name: has(Slot::App).then_some("Contoso Expenses"),
                ..E
            }],
        );
    }
}

#[test]
fn unknown_language_yields_values_by_shape() {
    // A made-up language, with the provider named first and unfamiliar quotes.
    let t = "AADSTS50020: Vorp 'https://sts.windows.net/8e2f4c1a-3b5d-4e6f-a7b8-c9d0e1f2a3b4/' blix konto „bob@fabrikam.com“ ne zarth «Contoso Ltd» ek ne glim 'a1f4c3e2-7b6d-4c5e-9f8a-1b2c3d4e5f60'(Contoso Expenses).\nRequest Id: 4f2d9a61-8c3e-4b7a-9d15-2e6f0c8b7a31\nTimestamp: 2024-05-01T10:20:30Z\n";
    check(
        "made-up language",
        t,
        &[Exp {
            trace: Some(T1),
            ts: Some("2024-05-01T10:20:30Z"),
            idp: Some("https://sts.windows.net/8e2f4c1a-3b5d-4e6f-a7b8-c9d0e1f2a3b4/"),
            message: Some("Vorp"),
            ..UNAUTHORIZED
        }],
    );
    // Quoted words in an English message that names no person stay out of the slots.
    let t = "AADSTS70011: The provided value for the input parameter 'scope' is not valid. The scope 'foo' does not exist.";
    check(
        "quoted scope",
        t,
        &[Exp {
            codes: &[70011],
            ..E
        }],
    );
}

/// The page reads the places a big log's scan found a few at a time (`Extracting`): in steps of
/// any size it gives `analyze`'s report, duplicates folded across step edges too.
#[test]
fn reading_the_scanned_places_in_steps_gives_the_same_report() {
    use guestlens_analysis::errors::{Extracting, Scanning, scan_text};
    let mut log = String::new();
    for i in 0..150 {
        // Every third failure repeats an earlier one's IDs: it must fold into it.
        let n = if i % 3 == 2 { i - 1 } else { i };
        log.push_str(&format!(
            "2024-05-01 10:20:30Z ERROR AADSTS50020: User account 'g{n}@partner.example' from identity provider 'live.com' does not exist in tenant 'Contoso'. Trace ID: 00000000-0000-4000-8000-{n:012x} Correlation ID: 11111111-0000-4000-8000-{n:012x}\n"
        ));
        for j in 0..30 {
            log.push_str(&format!("2024-05-01 10:20:31Z INFO request {j} served\n"));
        }
    }
    let want = analyze(&log);
    assert_eq!(want.failures.len(), 100);
    for budget in [1, 1000, 1 << 20] {
        let mut scanning = Scanning::default();
        let scanned = loop {
            if let Some(s) = scanning.step(&log, budget) {
                break s;
            }
        };
        assert_eq!(
            format!("{scanned:?}"),
            format!("{:?}", scan_text(&log)),
            "scan in steps of {budget}"
        );
        for count in [1, 7, 50, usize::MAX] {
            let mut reading = Extracting::default();
            let got = loop {
                if let Some(r) = reading.step(&log, &scanned, count) {
                    break r;
                }
            };
            assert_eq!(got, want, "{count} places a step");
        }
    }
}

#[test]
fn a_personal_account_gets_no_home_admin_steps() {
    use guidance::Actor;
    let with_idp = |idp: &str| {
        format!(
            "AADSTS90072: User account 'noah.k@personal-mail.example' from identity provider '{idp}' does not exist in tenant 'Woodgrove Bank' and cannot access the application '2a7c9e4f-1b3d-4e5f-8a6b-7c8d9e0f1a2b'(Woodgrove Claims Portal) in that tenant.\n"
        )
    };
    let home_steps = |text: &str| {
        let f = analyze(text)
            .failures
            .into_iter()
            .next()
            .expect("a failure");
        let g = f.guidance.expect("90072 has guidance");
        (
            g.steps
                .iter()
                .filter(|s| s.actor == Actor::HomeAdmin)
                .count(),
            f.actors.contains(&Actor::HomeAdmin),
        )
    };
    // An organisation's guest: its home admin reads the home log.
    assert_eq!(
        home_steps(&with_idp(
            "https://sts.windows.net/5b9c3e1a-2f4d-4a8b-9c7e-6d5f4e3a2b1c/"
        )),
        (1, true)
    );
    // A personal account (the consumer tenant, or live.com): there is no home admin.
    assert_eq!(
        home_steps(&with_idp(
            "https://sts.windows.net/9188040d-6c67-4c5b-b112-36a304b66dad/"
        )),
        (0, false)
    );
    assert_eq!(home_steps(&with_idp("live.com")), (0, false));
}

#[test]
fn a_personal_accounts_90072_in_microsofts_tenant_reads_as_50020_and_points_at_the_app() {
    // A personal account sent by an organisation's own app to Microsoft's tenant.
    let e = "AADSTS90072: User account 'jordan.miles@outlook.example' from identity provider 'live.com' does not exist in tenant 'Microsoft Services' and cannot access the application '2e9b4c71-5a3d-4f8e-b6c1-0d2a7e9f4b35'(Contoso Partner Portal) in that tenant. The account needs to be added as an external user in the tenant first.";
    let f = &guestlens_analysis::errors::analyze(e).failures[0];
    let g = f.guidance.as_ref().expect("guidance");
    assert!(
        !g.meaning.contains("your home organisation's sign-in logs"),
        "{}",
        g.meaning
    );
    assert!(
        g.meaning.contains("read it as AADSTS50020"),
        "{}",
        g.meaning
    );
    let developer: Vec<&str> = g
        .steps
        .iter()
        .filter(|s| s.actor == guestlens_analysis::errors::guidance::Actor::Developer)
        .map(|s| s.text.as_str())
        .collect();
    assert!(
        developer
            .iter()
            .any(|t| t.contains("sent the account to Microsoft's own tenant")),
        "{developer:?}"
    );
    // The first failure of `text` gets no Microsoft-tenant step.
    let without_step = |text: &str| {
        let f = &guestlens_analysis::errors::analyze(text).failures[0];
        let g = f.guidance.as_ref().expect("guidance");
        assert!(
            g.steps.iter().all(|s| !s
                .text
                .contains("sent the account to Microsoft's own tenant")),
            "{:?}",
            g.steps
        );
    };
    // A code whose guidance has its own developer step (16000) gets no second one.
    without_step(&e.replace("AADSTS90072", "AADSTS16000"));
    // Microsoft's own portal (ADIbizaUX) is no one's to change: no such step.
    without_step(
        &e.replace(
            "2e9b4c71-5a3d-4f8e-b6c1-0d2a7e9f4b35",
            "c44b4083-3bb0-49c1-b47d-974e53cbdf3c",
        )
        .replace("Contoso Partner Portal", "ADIbizaUX"),
    );
}

#[test]
fn the_pages_signed_in_as_line_names_the_account() {
    // Microsoft's error page: a 53003 names the account only in its troubleshooting details.
    let page = "Troubleshooting details\nIf you contact your administrator, send this info to them.\nError Code: 53003\nRequest Id: 55ee66ff-77aa-48bb-89cc-00dd11ee22ff\nCorrelation Id: 66ff77aa-88bb-49cc-90dd-11ee22ff33aa\nTimestamp: 2026-11-25T16:44:09Z\nApp name: Contoso Expenses\nApp id: 1fec8e78-bce4-4aaf-ab1b-5451cc387264\nIP address: 198.51.100.7\nSigned in as: priya.n@fabrikam.example\nMessage: AADSTS53003: Access has been blocked by Conditional Access policies. The access policy does not allow token issuance.";
    let r = guestlens_analysis::errors::analyze(page);
    assert_eq!(r.failures.len(), 1, "{:?}", r.failures);
    let f = &r.failures[0];
    assert_eq!(f.codes, [53003]);
    assert_eq!(f.user.as_deref(), Some("priya.n@fabrikam.example"));
    assert_eq!(
        f.correlation_id.as_deref(),
        Some("66ff77aa-88bb-49cc-90dd-11ee22ff33aa")
    );
    // A hidden or missing account names no one.
    for line in [
        "Signed in as: {EmailHidden}",
        "Signed in as: ",
        "Signed in as: not available",
        "Signed in as: @",
        "Signed in as: priya@",
    ] {
        let r = guestlens_analysis::errors::analyze(
            &page.replace("Signed in as: priya.n@fabrikam.example", line),
        );
        assert_eq!(r.failures[0].user, None, "{line}");
    }
}

#[test]
fn a_signed_in_as_address_ends_before_a_full_stop() {
    let page = "Error Code: 53003\nCorrelation Id: 66ff77aa-88bb-49cc-90dd-11ee22ff33aa\nSigned in as priya.n@fabrikam.example.\nMessage: AADSTS53003: Access has been blocked by Conditional Access policies.";
    let r = guestlens_analysis::errors::analyze(page);
    assert_eq!(
        r.failures[0].user.as_deref(),
        Some("priya.n@fabrikam.example")
    );
}

#[test]
fn the_french_pages_troubleshooting_block_gives_its_ids_and_app() {
    let page = "Détails de résolution des problèmes\nNom de l'application : Contoso Expenses\nID de l’application : 1fec8e78-bce4-4aaf-ab1b-5451cc387264\nID de la demande : 53535353-4b5f-4c6d-9e8f-0a1b2c3d4e5f\nID de corrélation : 53535353-aaaa-4abc-9def-0123456789ab\nHorodatage : 2026-11-24T11:04:07Z\nCode d'erreur : 53003\nMessage : AADSTS53003: L'accès a été bloqué par les stratégies d'accès conditionnel.";
    let r = guestlens_analysis::errors::analyze(page);
    assert_eq!(r.failures.len(), 1, "{:?}", r.failures);
    let f = &r.failures[0];
    assert_eq!(f.codes, [53003]);
    assert_eq!(
        f.trace_id.as_deref(),
        Some("53535353-4b5f-4c6d-9e8f-0a1b2c3d4e5f")
    );
    assert_eq!(
        f.app_id.as_deref(),
        Some("1fec8e78-bce4-4aaf-ab1b-5451cc387264")
    );
    assert_eq!(f.app_name.as_deref(), Some("Contoso Expenses"));
}
