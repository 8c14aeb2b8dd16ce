//! Tests of the token inspector on realistic tokens built here.
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use guestlens_analysis::Severity;
use guestlens_analysis::token::{
    AccountKind, Cloud, EvidenceClaim, IdpKind, TokenKind, TokenReport, TokenType, Validity,
    find_and_analyze, samples,
};
use proptest::prelude::*;
use serde_json::{Value, json};

const NOW: i64 = 1_750_000_000;
const RESOURCE: &str = "aaaabbbb-0000-cccc-1111-dddd2222eeee";
const HOME: &str = "bbbbcccc-1111-dddd-2222-eeee3333ffff";

fn sample(id: &str) -> String {
    samples::token(id, NOW).expect("sample exists")
}

fn jwt(header: Value, payload: Value) -> String {
    let enc = |v: &Value| URL_SAFE_NO_PAD.encode(v.to_string());
    format!(
        "{}.{}.{}",
        enc(&header),
        enc(&payload),
        URL_SAFE_NO_PAD.encode([7u8; 256])
    )
}

fn report(input: &str) -> TokenReport {
    let found = find_and_analyze(input, NOW);
    found
        .report
        .unwrap_or_else(|| panic!("no token found: {:?}", found.note))
}

fn messages(r: &TokenReport, severity: Severity) -> Vec<String> {
    r.diagnostics
        .iter()
        .filter(|d| d.severity == severity)
        .map(|d| d.message.clone())
        .collect()
}

fn v2(extra: Value) -> String {
    let mut claims = json!({
        "aud": "api://orders", "iss": format!("https://login.microsoftonline.com/{RESOURCE}/v2.0"),
        "iat": NOW - 60, "nbf": NOW - 60, "exp": NOW + 3600, "tid": RESOURCE, "oid": "o1", "ver": "2.0", "scp": "x"
    });
    for (k, v) in extra.as_object().unwrap() {
        claims[k] = v.clone();
    }
    jwt(json!({"typ": "JWT", "alg": "RS256", "kid": "k"}), claims)
}

#[test]
fn guest_from_entra_tenant() {
    let r = report(&sample("guest-entra-v1"));
    assert_eq!(r.kind, TokenKind::Jws);
    assert_eq!(r.account_kind, AccountKind::Guest);
    assert_eq!(r.idp_kind, Some(IdpKind::Entra));
    assert_eq!(r.version.as_deref(), Some("1.0"));
    assert_eq!(r.cloud, Some(Cloud::Global));
    assert_eq!(r.tenant_id.as_deref(), Some(RESOURCE));
    assert_eq!(r.home_tenant_id.as_deref(), Some(HOME));
    assert_eq!(r.upn_original.as_deref(), Some("sam.guest@contoso.example"));
    assert_eq!(r.email.as_deref(), Some("sam.guest@contoso.example"));
    assert_eq!(r.validity, Validity::Valid);
    assert_eq!(r.token_type, Some(TokenType::Access));
    assert_eq!(r.signature_len, Some(256));
    assert!(
        r.verdict
            .as_ref()
            .unwrap()
            .headline
            .contains("another Microsoft Entra tenant")
    );
    // The teaching sample calls Microsoft Graph, so it raises no warning.
    assert_eq!(r.audience_name.as_deref(), Some("Microsoft Graph"));
    assert!(
        messages(&r, Severity::Warning).is_empty(),
        "{:?}",
        r.diagnostics
    );
    // An Azure AD Graph audience is named and flagged as retired.
    let old = report(&v2(json!({"aud": "https://graph.windows.net"})));
    assert!(
        old.audience_name
            .as_deref()
            .unwrap()
            .contains("Azure AD Graph")
    );
    assert!(
        messages(&old, Severity::Warning)
            .iter()
            .any(|m| m.contains("retired"))
    );
    assert!(
        messages(&r, Severity::Error).is_empty(),
        "{:?}",
        r.diagnostics
    );
}

#[test]
fn personal_account_guest_and_otp_guest() {
    let msa = report(&sample("guest-msa"));
    assert_eq!(
        (msa.account_kind, msa.idp_kind),
        (AccountKind::Guest, Some(IdpKind::MicrosoftAccount))
    );
    assert_eq!(
        msa.home_tenant_id.as_deref(),
        Some("9188040d-6c67-4c5b-b112-36a304b66dad")
    );
    assert_eq!(msa.email.as_deref(), Some("kim.personal@outlook.example"));
    let altsecid = msa
        .claim_rows
        .iter()
        .find(|c| c.name == "altsecid")
        .unwrap();
    assert_eq!(
        altsecid.doc,
        guestlens_analysis::token::claims::Doc::SampleOnly
    );

    let otp = report(&sample("guest-otp"));
    assert_eq!(
        (otp.account_kind, otp.idp_kind),
        (AccountKind::Guest, Some(IdpKind::EmailOtp))
    );
    assert_eq!(otp.version.as_deref(), Some("2.0"));
    let idp = otp
        .verdict
        .unwrap()
        .evidence
        .into_iter()
        .find(|e| e.claim == EvidenceClaim::Idp)
        .unwrap();
    assert!(
        idp.reading.contains("not documented"),
        "OTP idp in tokens is unverified: {}",
        idp.reading
    );
}

#[test]
fn member_and_personal_account() {
    let m = report(&sample("member-v2"));
    assert_eq!(m.account_kind, AccountKind::Member);
    assert_eq!(m.idp_kind, None);
    assert_eq!(m.home_tenant_id, None);
    assert_eq!(m.version.as_deref(), Some("2.0"));

    let personal = report(&v2(json!({
        "tid": "9188040d-6c67-4c5b-b112-36a304b66dad",
        "iss": "https://login.microsoftonline.com/9188040d-6c67-4c5b-b112-36a304b66dad/v2.0"
    })));
    assert_eq!(personal.account_kind, AccountKind::Personal);
}

#[test]
fn idp_kinds_and_external_member() {
    let cases = [
        (
            json!({"idp": "google.com"}),
            AccountKind::Guest,
            IdpKind::Google,
        ),
        (
            json!({"idp": "facebook.com"}),
            AccountKind::Guest,
            IdpKind::Facebook,
        ),
        (
            json!({"idp": "https://adfs.partner.example/adfs/services/trust"}),
            AccountKind::Guest,
            IdpKind::Federation,
        ),
        (
            json!({"idp": format!("https://login.microsoftonline.com/{HOME}/v2.0")}),
            AccountKind::Guest,
            IdpKind::Entra,
        ),
        (
            json!({"idp": format!("https://sts.windows.net/{HOME}/"), "acct": 0}),
            AccountKind::Member,
            IdpKind::Entra,
        ),
    ];
    for (extra, kind, idp_kind) in cases {
        let r = report(&v2(extra.clone()));
        assert_eq!(
            (r.account_kind, r.idp_kind),
            (kind, Some(idp_kind)),
            "{extra}"
        );
    }
    let ext = report(&v2(
        json!({"idp": format!("https://sts.windows.net/{HOME}/"), "acct": 0}),
    ));
    let verdict = ext.verdict.unwrap();
    assert!(verdict.headline.contains("External member"));
    let meaning = verdict.meaning.join(" ");
    assert!(
        meaning.contains("holds only an external member's object"),
        "{meaning}"
    );
    assert!(!meaning.contains("guest object"), "{meaning}");
    let local = report(&v2(json!({"acct": 1})));
    assert_eq!(local.account_kind, AccountKind::Guest);
    assert!(local.verdict.unwrap().headline.starts_with("Local guest"));
}

#[test]
fn clouds_from_issuer() {
    let us = report(&v2(
        json!({"iss": format!("https://login.microsoftonline.us/{RESOURCE}/v2.0")}),
    ));
    assert_eq!(us.cloud, Some(Cloud::Usgov));
    let cn = report(&v2(
        json!({"iss": format!("https://login.partner.microsoftonline.cn/{RESOURCE}/v2.0")}),
    ));
    assert_eq!(cn.cloud, Some(Cloud::China));
    let cn1 = report(&v2(
        json!({"iss": format!("https://sts.chinacloudapi.cn/{RESOURCE}/"), "ver": "1.0"}),
    ));
    assert_eq!(
        (cn1.cloud, cn1.version.as_deref()),
        (Some(Cloud::China), Some("1.0"))
    );
    let b2c = report(&v2(json!({"iss": "https://contoso.b2clogin.com/x/v2.0/"})));
    assert_eq!(b2c.cloud, None);
}

#[test]
fn version_from_issuer_when_ver_missing_and_mismatch_warned() {
    let mut claims = json!({"iss": format!("https://sts.windows.net/{RESOURCE}/"), "tid": RESOURCE, "exp": NOW + 60});
    let r = report(&jwt(json!({"alg": "RS256"}), claims.clone()));
    assert_eq!(r.version.as_deref(), Some("1.0"));
    claims["ver"] = json!("2.0");
    let r = report(&jwt(json!({"alg": "RS256"}), claims));
    assert!(
        messages(&r, Severity::Warning)
            .iter()
            .any(|m| m.contains("ver says 2.0"))
    );
    let wrong_tid = report(&v2(json!({"tid": HOME})));
    assert!(
        messages(&wrong_tid, Severity::Warning)
            .iter()
            .any(|m| m.contains("validator will reject"))
    );
}

#[test]
fn graph_token_nonce_is_explained_not_failed() {
    let r = report(&sample("graph-nonce"));
    assert!(r.header_nonce);
    assert_eq!(r.audience_name.as_deref(), Some("Microsoft Graph"));
    assert!(
        messages(&r, Severity::Info)
            .iter()
            .any(|m| m.contains("no one but Graph can check the signature"))
    );
    assert!(messages(&r, Severity::Error).is_empty());
    let undocumented = r.claim_rows.iter().find(|c| c.name == "xms_tcdt").unwrap();
    assert!(undocumented.meaning.contains("does not document"));
}

#[test]
fn encrypted_and_opaque_tokens_are_explained() {
    let jwe = report(&sample("encrypted"));
    assert_eq!(jwe.kind, TokenKind::Jwe);
    assert_eq!(jwe.parts.len(), 5);
    assert_eq!(jwe.header.as_ref().unwrap()["enc"], "A256GCM");
    assert!(messages(&jwe, Severity::Info)[0].contains("encrypted"));

    let opaque =
        report("Bearer EwBwA8l6BAAUbDba3x2OMJElkF7gJ4z/VbCPEz0AAbk9eVcSample/Opaque+Token==");
    assert_eq!(opaque.kind, TokenKind::Opaque);
    assert_eq!(opaque.source, "a Bearer value");
    assert!(messages(&opaque, Severity::Info)[0].contains("opaque"));
    // One word only: a second word, even far down a long text, makes it no opaque token.
    let long_text = format!(
        "Bearer EwBwA8l6BAAUbDba3x2OMJElkF7gJ4z/VbCPEz0AAbk9eVcSample/Opaque+Token==\n{}tail",
        " ".repeat(4096)
    );
    let found = guestlens_analysis::token::find_and_analyze(&long_text, NOW);
    assert!(found.report.is_none(), "a second word far down");
    let alone = guestlens_analysis::token::find_and_analyze(
        "Bearer EwBwA8l6BAAUbDba3x2OMJElkF7gJ4z/VbCPEz0AAbk9eVcSample/Opaque+Token==  \n ",
        NOW,
    );
    assert!(alone.report.is_some(), "trailing blanks are no second word");
}

#[test]
fn token_is_found_in_every_wrapping() {
    let t = sample("member-v2");
    let cases = [
        (t.clone(), "a bare token"),
        (format!("  \"{t}\"\n"), "a bare token"),
        (format!("Bearer {t}"), "a Bearer value"),
        (
            format!("authorization: bearer {t}"),
            "an Authorization header",
        ),
        (
            format!("GET /api HTTP/1.1\nHost: x\nAuthorization: Bearer {t}\nAccept: */*"),
            "an Authorization header",
        ),
        (
            format!("https://app.example/cb#access_token={t}&token_type=Bearer&expires_in=3599"),
            "the access_token parameter of a redirect URL (fragment)",
        ),
        (
            format!("https://app.example/cb?id_token={t}&state=1"),
            "the id_token parameter of a redirect URL (query)",
        ),
        (
            format!("{{\"token_type\":\"Bearer\",\"access_token\":\"{t}\",\"id_token\":\"{t}\"}}"),
            "the access_token field of a JSON token response",
        ),
        // A key spelt with an escape is still the key: the finder's shortcut (no `token"` in
        // the text, so no JSON parse) must not skip it.
        (
            format!("{{\"token_type\":\"Bearer\",\"access_t\\u006fken\":\"{t}\"}}"),
            "the access_token field of a JSON token response",
        ),
        (format!("log line: token={t} end"), "the pasted text"),
    ];
    for (input, source) in cases {
        let r = report(&input);
        assert_eq!(r.source, source, "for {input:.60}");
        assert_eq!(r.raw, t, "for {input:.60}");
        assert_eq!(r.account_kind, AccountKind::Member);
    }
    let json = report(&format!(
        "{{\"access_token\":\"{t}\",\"id_token\":\"{t}\"}}"
    ));
    assert!(
        json.diagnostics
            .iter()
            .any(|d| d.message.contains("also holds id_token"))
    );
}

#[test]
fn authorization_code_is_not_decoded() {
    let r =
        report("https://app.example/cb?code=0.AAAA-sample-code-value&state=xyz&session_state=abc");
    assert_eq!(r.kind, TokenKind::AuthorizationCode);
    assert_eq!(r.raw, "0.AAAA-sample-code-value");
    assert!(r.diagnostics[0].message.contains("not a token"));
}

#[test]
fn times_and_clock_skew() {
    let expired = report(&v2(json!({"exp": NOW - 3600})));
    assert_eq!(expired.validity, Validity::Expired);
    assert!(messages(&expired, Severity::Error)[0].starts_with("Expired 1 h 0 min ago"));
    let skew = report(&v2(json!({"exp": NOW - 120})));
    assert_eq!(skew.validity, Validity::Expired);
    assert!(
        messages(&skew, Severity::Warning)
            .iter()
            .any(|m| m.contains("clock skew"))
    );
    let future = report(&v2(json!({"nbf": NOW + 7200})));
    assert_eq!(future.validity, Validity::NotYetValid);
    let exp_row = skew.claim_rows.iter().find(|c| c.name == "exp").unwrap();
    assert_eq!(exp_row.time.as_deref(), Some("2025-06-15T15:04:40Z"));
    assert_eq!(exp_row.relative.as_deref(), Some("2 min ago"));
    assert_eq!(skew.expires_at.as_deref(), Some("2025-06-15T15:04:40Z"));
}

#[test]
fn malformed_parts_say_which_part_and_where() {
    let t = sample("member-v2");
    let mut parts: Vec<String> = t.split('.').map(str::to_owned).collect();
    parts[1].insert(10, '!');
    let r = report(&parts.join("."));
    assert_eq!(r.kind, TokenKind::Malformed);
    let e = messages(&r, Severity::Error);
    assert!(
        e[0].contains("payload") && e[0].contains("'!' at character 11"),
        "{e:?}"
    );

    let bad_json = format!(
        "{}.{}.c2ln",
        URL_SAFE_NO_PAD.encode(r#"{"alg":"RS256"}"#),
        URL_SAFE_NO_PAD.encode(r#"{"tid": 1,,}"#)
    );
    let r = report(&bad_json);
    let e = messages(&r, Severity::Error);
    assert!(
        e[0].contains("not to valid JSON") && e[0].contains("line 1, column 11"),
        "{e:?}"
    );

    let truncated = &t[..t.len() - 300];
    let r = report(truncated);
    assert!(
        r.diagnostics.iter().any(|d| d.severity == Severity::Error),
        "{:?}",
        r.diagnostics
    );

    let two = report("eyJhbGciOiJub25lIn0.eyJ0aWQiOiJ4In0");
    assert!(messages(&two, Severity::Error)[0].contains("2 dot-separated parts"));

    let not_object = format!(
        "{}.{}.",
        URL_SAFE_NO_PAD.encode(r#"{"alg":"none"}"#),
        URL_SAFE_NO_PAD.encode("[1,2]")
    );
    let r = report(&not_object);
    assert!(messages(&r, Severity::Error)[0].contains("not an object"));
}

#[test]
fn unsigned_and_padded_tokens_are_flagged() {
    let t = format!(
        "{}.{}.",
        URL_SAFE_NO_PAD.encode(r#"{"alg":"none"}"#),
        URL_SAFE_NO_PAD.encode(format!(r#"{{"exp":{}}}"#, NOW + 9))
    );
    let r = report(&t);
    assert!(
        messages(&r, Severity::Warning)
            .iter()
            .any(|m| m.contains("unsigned"))
    );
    let padded = base64::engine::general_purpose::STANDARD.encode(r#"{"alg":"RS256","x":"??>"}"#);
    let r = report(&format!("{padded}.{}.c2ln", URL_SAFE_NO_PAD.encode("{}")));
    let w = messages(&r, Severity::Warning);
    assert!(
        w.iter().any(|m| m.contains("padding")) && w.iter().any(|m| m.contains("standard base64")),
        "{w:?}"
    );
}

#[test]
fn no_token_says_why() {
    for input in [
        "",
        "   ",
        "hello world",
        "AADSTS50020: user account does not exist",
    ] {
        let found = find_and_analyze(input, NOW);
        assert!(found.report.is_none(), "{input}");
        assert!(!found.note.unwrap().is_empty());
    }
}

#[test]
fn every_catalogued_claim_in_samples_has_a_meaning() {
    for s in samples::SAMPLES {
        let r = report(&sample(s.id));
        for row in &r.claim_rows {
            assert!(!row.meaning.is_empty(), "{} in {}", row.name, s.id);
        }
    }
}

proptest! {
    #[test]
    fn never_panics_on_any_text(s in ".{0,400}") {
        let _ = find_and_analyze(&s, NOW);
    }

    #[test]
    fn never_panics_on_damaged_tokens(cut in 0usize..2000, insert in any::<char>(), at in 0usize..2000, id in 0usize..6) {
        let mut t = sample(samples::SAMPLES[id].id);
        let at = t.char_indices().map(|(i, _)| i).nth(at % t.chars().count()).unwrap_or(0);
        t.insert(at, insert);
        let cut = t.char_indices().map(|(i, _)| i).nth(cut % t.chars().count()).unwrap_or(0);
        let _ = find_and_analyze(&t[..cut], NOW);
        let _ = find_and_analyze(&t, i64::MAX);
        let _ = find_and_analyze(&t, i64::MIN);
    }

    #[test]
    fn never_panics_on_arbitrary_claims(key in "[a-z_]{1,8}", n in any::<i64>(), f in any::<f64>(), s in ".{0,40}") {
        let claims = json!({ key.clone(): n, "exp": f, "nbf": s, "iat": n, "idp": s, "upn": format!("{s}#EXT#@x"), "iss": s });
        let _ = find_and_analyze(&jwt(json!({"alg": "RS256"}), claims), n);
    }
}

mod signature {
    //! The pure half of the signature check, on a token signed by a test key made for these tests.
    use base64::Engine as _;
    use guestlens_analysis::token::find_and_analyze;
    use guestlens_analysis::token::signature::{KeyData, keys_url, plan, spki_of_certificate};

    const TOKEN: &str = include_str!("../fixtures/signature/token.txt");
    const JWKS: &str = include_str!("../fixtures/signature/jwks.json");
    const CERT: &str = include_str!("../fixtures/signature/cert.pem");
    const PUBLIC: &str = include_str!("../fixtures/signature/public.pem");

    fn report() -> guestlens_analysis::token::TokenReport {
        find_and_analyze(TOKEN, super::NOW).report.unwrap()
    }

    fn der(pem: &str) -> Vec<u8> {
        let body: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
        base64::engine::general_purpose::STANDARD
            .decode(body)
            .unwrap()
    }

    #[test]
    fn picks_the_key_by_kid() {
        let p = plan(&report(), JWKS).unwrap();
        assert_eq!(p.key_label, "the key with kid guestlens-test-key");
        assert_eq!(p.alg.name, "RSASSA-PKCS1-v1_5");
        assert_eq!(p.signature.len(), 256);
        assert_eq!(
            format!("{}.", p.signing_input),
            TOKEN.trim()[..p.signing_input.len() + 1]
        );
        let KeyData::Jwk(jwk) = p.key else {
            panic!("expected a JWK")
        };
        assert_eq!(
            jwk.as_object().unwrap().len(),
            3,
            "only kty, n and e go to WebCrypto: {jwk}"
        );
        assert!(p.caution.is_none());
    }

    #[test]
    fn certificate_and_public_key_give_the_same_spki() {
        let from_cert = plan(&report(), CERT).unwrap().key;
        let from_pem = plan(&report(), PUBLIC).unwrap().key;
        assert_eq!(from_cert, from_pem);
        assert_eq!(from_pem, KeyData::Spki(der(PUBLIC)));
        assert_eq!(spki_of_certificate(&der(CERT)), Some(der(PUBLIC)));
    }

    #[test]
    fn explains_what_is_wrong() {
        let r = report();
        let other_kid = JWKS.replace("guestlens-test-key", "rotated-away");
        let e = plan(&r, &other_kid).unwrap_err();
        assert!(
            e.contains("guestlens-test-key") && e.contains("another-key, rotated-away"),
            "{e}"
        );
        assert!(
            plan(&r, "")
                .unwrap_err()
                .starts_with("Paste the issuer's keys")
        );
        assert!(plan(&r, "{nope").unwrap_err().contains("line 1, column 2"));
        assert!(
            plan(
                &r,
                "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----"
            )
            .unwrap_err()
            .contains("RSA PRIVATE KEY")
        );
        assert_eq!(
            keys_url(&r).as_deref(),
            Some(
                "https://login.microsoftonline.com/aaaabbbb-0000-cccc-1111-dddd2222eeee/discovery/v2.0/keys"
            )
        );
        let graph = find_and_analyze(&super::sample("graph-nonce"), super::NOW)
            .report
            .unwrap();
        let p = plan(
            &graph,
            JWKS.replace("guestlens-test-key", "SAMPLE-KEY").as_str(),
        )
        .unwrap();
        assert!(p.caution.unwrap().contains("expected to fail"));
    }
}

/// Every variant of the token vocabulary serialises to the string the JSON report has always used.
#[test]
fn vocabulary_serialises_as_before() {
    use guestlens_analysis::token::PartName;
    let cases = [
        (json!(TokenType::Access), "access"),
        (json!(TokenType::Id), "id"),
        (json!(IdpKind::Entra), "entra"),
        (json!(IdpKind::MicrosoftAccount), "microsoft_account"),
        (json!(IdpKind::Google), "google"),
        (json!(IdpKind::Facebook), "facebook"),
        (json!(IdpKind::EmailOtp), "email_otp"),
        (json!(IdpKind::Federation), "federation"),
        (json!(Cloud::Global), "global"),
        (json!(Cloud::Usgov), "usgov"),
        (json!(Cloud::China), "china"),
        (json!(AccountKind::Personal), "personal"),
        (json!(AccountKind::Member), "member"),
        (json!(AccountKind::Guest), "guest"),
        (json!(AccountKind::Unknown), "unknown"),
        (json!(Validity::Valid), "valid"),
        (json!(Validity::Expired), "expired"),
        (json!(Validity::NotYetValid), "not_yet_valid"),
        (json!(Validity::Unknown), "unknown"),
        (json!(EvidenceClaim::Ver), "ver"),
        (json!(EvidenceClaim::Tid), "tid"),
        (json!(EvidenceClaim::Iss), "iss"),
        (json!(EvidenceClaim::Idp), "idp"),
        (json!(EvidenceClaim::Acct), "acct"),
        (json!(EvidenceClaim::Upn), "upn"),
        (json!(EvidenceClaim::ExtAddress), "UPN"),
        (json!(EvidenceClaim::Email), "email"),
        (json!(EvidenceClaim::Oid), "oid"),
    ];
    for (v, want) in cases {
        assert_eq!(v, want);
    }
    for (p, want) in [
        (PartName::Header, "header"),
        (PartName::Payload, "payload"),
        (PartName::Signature, "signature"),
        (PartName::Opaque, "opaque"),
        (PartName::Unknown, "unknown"),
        (PartName::EncryptedKey, "encrypted_key"),
        (PartName::Iv, "iv"),
        (PartName::Ciphertext, "ciphertext"),
        (PartName::Tag, "tag"),
    ] {
        assert_eq!(json!(p), want);
        assert_eq!(p.id(), want, "id() and serde agree");
    }
    for a in [
        AccountKind::Personal,
        AccountKind::Member,
        AccountKind::Guest,
        AccountKind::Unknown,
    ] {
        assert_eq!(json!(a), a.id(), "id() and serde agree");
    }
}

/// The `ver` evidence says who chose the version: the API for access tokens, the endpoint for
/// ID tokens (issue 11 item 6; entra-docs id-tokens.md: the version follows the endpoint).
#[test]
fn ver_reading_depends_on_token_type() {
    let reading = |r: &TokenReport| {
        r.verdict
            .as_ref()
            .and_then(|v| v.evidence.iter().find(|e| e.claim == EvidenceClaim::Ver))
            .map(|e| e.reading.clone())
            .unwrap_or_default()
    };
    let access = report(&v2(json!({"scp": "User.Read"})));
    assert_eq!(access.token_type, Some(TokenType::Access));
    let a = reading(&access);
    assert!(a.contains("API") && a.contains("manifest"), "{a}");
    assert!(!a.contains("ID token"), "{a}");

    let id = report(&jwt(
        json!({"alg": "RS256", "typ": "JWT"}),
        json!({
            "aud": RESOURCE, "iss": format!("https://login.microsoftonline.com/{RESOURCE}/v2.0"),
            "tid": RESOURCE, "ver": "2.0", "nonce": "n", "iat": NOW - 60, "nbf": NOW - 60, "exp": NOW + 3600
        }),
    ));
    assert_eq!(id.token_type, Some(TokenType::Id));
    let i = reading(&id);
    assert!(i.contains("endpoint") && !i.contains("manifest"), "{i}");
}

/// Verdicts on inconsistent tokens (issue 11, item 5): each inconsistency is flagged with what it means.
mod verdicts {
    use super::*;

    const MSA: &str = "9188040d-6c67-4c5b-b112-36a304b66dad";

    fn without(token_claims: Value, drop: &[&str]) -> Value {
        let mut c = token_claims;
        for k in drop {
            c.as_object_mut().unwrap().remove(*k);
        }
        c
    }

    fn v2_claims(extra: Value) -> Value {
        let mut claims = json!({
            "aud": "api://orders", "iss": format!("https://login.microsoftonline.com/{RESOURCE}/v2.0"),
            "iat": NOW - 60, "nbf": NOW - 60, "exp": NOW + 3600, "tid": RESOURCE, "oid": "o1", "ver": "2.0", "scp": "x"
        });
        for (k, v) in extra.as_object().unwrap() {
            claims[k] = v.clone();
        }
        claims
    }

    fn rs(claims: Value) -> TokenReport {
        report(&jwt(
            json!({"typ": "JWT", "alg": "RS256", "kid": "k"}),
            claims,
        ))
    }

    fn all(r: &TokenReport) -> String {
        r.diagnostics
            .iter()
            .map(|d| d.message.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn ext_upn_without_tid_is_a_guest_and_says_what_is_missing() {
        let c = without(
            v2_claims(json!({"upn": "alice_contoso.com#EXT#@fabrikam.onmicrosoft.com"})),
            &["tid"],
        );
        let r = rs(c);
        assert_eq!(r.account_kind, AccountKind::Guest);
        let v = r.verdict.clone().unwrap();
        assert!(v.headline.contains("#EXT#"), "{}", v.headline);
        let meaning = v.meaning.join(" ");
        assert!(meaning.contains("alice@contoso.com"), "{meaning}");
        assert!(meaning.contains("no tid"), "{meaning}");
        assert!(meaning.contains("no idp"), "{meaning}");
        // The missing tid is flagged on its own too.
        assert!(
            messages(&r, Severity::Warning)
                .iter()
                .any(|m| m.contains("No tid claim")),
            "{}",
            all(&r)
        );
        // With tid, still a guest (not a member) — and acct 0 makes it an external member.
        let with_tid = rs(v2_claims(
            json!({"upn": "alice_contoso.com#EXT#@fabrikam.onmicrosoft.com"}),
        ));
        assert_eq!(with_tid.account_kind, AccountKind::Guest);
        let ext_member = rs(v2_claims(
            json!({"upn": "alice_contoso.com#EXT#@fabrikam.onmicrosoft.com", "acct": 0}),
        ));
        assert_eq!(ext_member.account_kind, AccountKind::Member);
        assert!(
            ext_member
                .verdict
                .unwrap()
                .headline
                .starts_with("External member")
        );
    }

    #[test]
    fn personal_account_issuer_with_an_organisation_tid_is_a_guest() {
        let r = rs(v2_claims(
            json!({"iss": format!("https://login.microsoftonline.com/{MSA}/v2.0")}),
        ));
        assert_eq!(r.account_kind, AccountKind::Guest);
        assert_eq!(r.idp_kind, Some(IdpKind::MicrosoftAccount));
        assert_eq!(r.home_tenant_id.as_deref(), Some(MSA));
        let v = r.verdict.clone().unwrap();
        assert_eq!(v.headline, "Guest with a personal Microsoft account");
        let meaning = v.meaning.join(" ");
        assert!(
            meaning.contains("signed in to that organization as a guest")
                && meaning.contains(RESOURCE),
            "{meaning}"
        );
        let iss = v
            .evidence
            .iter()
            .find(|e| e.claim == EvidenceClaim::Iss)
            .unwrap();
        assert!(iss.reading.contains("Microsoft account"), "{}", iss.reading);
        let w = messages(&r, Severity::Warning);
        assert!(
            w.iter().any(
                |m| m.contains("personal Microsoft account tenant") && m.contains("as a guest")
            ),
            "{w:?}"
        );
        // The consumer tenant in both is still a personal account, not a guest.
        let personal = rs(v2_claims(
            json!({"tid": MSA, "iss": format!("https://login.microsoftonline.com/{MSA}/v2.0")}),
        ));
        assert_eq!(personal.account_kind, AccountKind::Personal);
        let no_tid = rs(without(
            v2_claims(json!({"iss": format!("https://login.microsoftonline.com/{MSA}/v2.0")})),
            &["tid"],
        ));
        assert_eq!(no_tid.account_kind, AccountKind::Personal);
    }

    #[test]
    fn lifetime_notes_follow_the_token_type() {
        let id = |hours: i64| {
            rs(json!({
                "aud": "00001111-aaaa-2222-bbbb-3333cccc4444", "nonce": "n", "ver": "2.0",
                "iss": format!("https://login.microsoftonline.com/{RESOURCE}/v2.0"), "tid": RESOURCE,
                "iat": NOW - 60, "exp": NOW - 60 + hours * 3600
            }))
        };
        let one = id(1);
        assert_eq!(one.token_type, Some(TokenType::Id));
        assert!(!all(&one).contains("Lifetime"), "{}", all(&one));
        let eight = id(8);
        let note = messages(&eight, Severity::Info)
            .into_iter()
            .find(|m| m.starts_with("Lifetime is 8 hours"))
            .unwrap_or_else(|| panic!("{}", all(&eight)));
        assert!(
            note.contains("ID tokens live one hour") && !note.contains("access tokens"),
            "{note}"
        );
        let too_long = id(48);
        assert!(all(&too_long).contains("longer than Entra gives any ID token"));

        let access = |hours: i64| {
            rs(v2_claims(
                json!({"iat": NOW - 60, "exp": NOW - 60 + hours * 3600}),
            ))
        };
        assert!(!all(&access(8)).contains("Lifetime"));
        let cae = all(&access(26));
        assert!(
            cae.contains("Lifetime is 26 hours") && cae.contains("continuous access evaluation"),
            "{cae}"
        );
        assert!(all(&access(40)).contains("longer than Entra gives any access token"));
    }

    #[test]
    fn symmetric_signature_on_an_entra_issuer_is_flagged() {
        for alg in ["HS256", "HS384", "HS512"] {
            let r = report(&jwt(
                json!({"typ": "JWT", "alg": alg}),
                v2_claims(json!({})),
            ));
            let w = messages(&r, Severity::Warning);
            assert!(
                w.iter().any(|m| m.contains(alg)
                    && m.contains("shared secret")
                    && m.contains("never signs")),
                "{alg}: {w:?}"
            );
        }
        // Not Entra's token: not Entra's rule.
        let other = report(&jwt(
            json!({"alg": "HS256"}),
            v2_claims(json!({"iss": "https://contoso.b2clogin.com/x/v2.0/"})),
        ));
        assert!(!all(&other).contains("shared secret"));
        assert!(!all(&rs(v2_claims(json!({})))).contains("shared secret"));
    }

    #[test]
    fn missing_tid_on_an_entra_token_is_flagged() {
        let r = rs(without(v2_claims(json!({})), &["tid"]));
        let w = messages(&r, Severity::Warning);
        assert!(
            w.iter()
                .any(|m| m.starts_with("No tid claim") && m.contains(RESOURCE)),
            "{w:?}"
        );
        // A v2.0 ID token lacks tid without the profile scope: said, not alarmed.
        let id = rs(json!({
            "aud": "00001111-aaaa-2222-bbbb-3333cccc4444", "nonce": "n", "ver": "2.0",
            "iss": format!("https://login.microsoftonline.com/{RESOURCE}/v2.0"),
            "iat": NOW - 60, "exp": NOW + 3000
        }));
        assert!(
            messages(&id, Severity::Info)
                .iter()
                .any(|m| m.contains("profile scope"))
        );
        assert!(
            !messages(&id, Severity::Warning)
                .iter()
                .any(|m| m.contains("tid"))
        );
        // Not Entra: no Entra rule.
        let b2c = rs(without(
            v2_claims(json!({"iss": "https://contoso.b2clogin.com/x/v2.0/"})),
            &["tid"],
        ));
        assert!(!all(&b2c).contains("No tid claim"));
    }

    #[test]
    fn ppe_issuer_is_microsofts_pre_production_not_b2c() {
        for iss in [
            format!("https://sts.windows-ppe.net/{RESOURCE}/"),
            format!("https://login.windows-ppe.net/{RESOURCE}/v2.0"),
        ] {
            let r = rs(v2_claims(json!({"iss": iss.clone(), "ver": null})));
            let text = all(&r);
            assert!(text.contains("pre-production (PPE)"), "{iss}: {text}");
            assert!(!text.contains("B2C, External ID"), "{iss}: {text}");
            assert_eq!(r.cloud, None);
            // The keys link follows the issuer to PPE.
            assert!(
                guestlens_analysis::token::signature::keys_url(&r)
                    .is_some_and(|u| u.starts_with("https://login.windows-ppe.net/")),
                "{iss}"
            );
        }
    }

    #[test]
    fn undecodable_signature_reads_as_a_sentence() {
        let t = sample("member-v2");
        let (signed, _) = t.rsplit_once('.').unwrap();
        // "AB": two characters, one byte, but B sets bits an encoder leaves zero.
        let r = report(&format!("{signed}.AB"));
        let e = messages(&r, Severity::Error);
        let m = e
            .iter()
            .find(|m| m.starts_with("The signature could not be decoded"))
            .unwrap_or_else(|| panic!("{e:?}"));
        assert!(
            m.contains("last character, 'B'")
                && m.contains("nothing can verify")
                && m.contains("Copy it again"),
            "{m}"
        );
        assert!(
            !m.contains("Invalid last symbol") && !m.contains("offset"),
            "{m}"
        );
    }

    #[test]
    fn error_lookup_url_is_not_an_authorization_code() {
        let text = r#"{"error":"invalid_grant","error_codes":[70002],"error_uri":"https://login.microsoftonline.com/error?code=70002"}"#;
        let found = find_and_analyze(text, NOW);
        assert!(found.report.is_none(), "{:?}", found.report.map(|r| r.kind));
        assert!(
            find_and_analyze(
                "see https://login.microsoftonline.us/error?code=50020 please",
                NOW
            )
            .report
            .is_none()
        );
        // A number alone is never an authorization code, wherever it sits.
        assert!(
            find_and_analyze("https://app.example/cb?code=12345", NOW)
                .report
                .is_none()
        );
        // A real code after an error link is still found.
        let r = report(
            "https://login.microsoftonline.com/error?code=70002 then https://app.example/cb?code=0.AXoA-real-code&state=1",
        );
        assert_eq!(
            (r.kind, r.raw.as_str()),
            (TokenKind::AuthorizationCode, "0.AXoA-real-code")
        );
    }
}

/// The signature-check link is built only from a tenant that is a GUID or a domain name.
mod safe_link {
    use super::*;
    use guestlens_analysis::token::signature::{
        check_failed, is_safe_tenant, keys_url, no_keys_url_reason,
    };

    fn with_tid(tid: &str) -> TokenReport {
        report(&v2(json!({"tid": tid})))
    }

    #[test]
    fn only_guids_and_domain_names_make_a_link() {
        for ok in [
            RESOURCE,
            "contoso.onmicrosoft.com",
            "fabrikam.com",
            "a-b.c-d.example.org",
            "AAAABBBB-0000-CCCC-1111-DDDD2222EEEE",
        ] {
            assert!(is_safe_tenant(ok), "{ok}");
        }
        for bad in [
            "",
            "common",
            "contoso",
            "evil.example/oauth2/v2.0/authorize?client_id=x&redirect_uri=https://evil.example",
            "evil.example?x=1",
            "evil.example#frag",
            "a%2Fb.example",
            "user@evil.example",
            "-bad.example",
            "bad-.example",
            "two..dots.example",
            "trailing.example.",
            "numeric.123",
            "spa ce.example",
            "ünicode.example",
            "x.example\u{200b}",
            &format!("{}.example", "a".repeat(64)),
            &format!("{}.com", "a.".repeat(130)),
        ] {
            assert!(!is_safe_tenant(bad), "{bad:?}");
        }
    }

    #[test]
    fn hostile_tid_gives_no_link_and_a_sentence() {
        let hostile =
            "evil.example/oauth2/v2.0/authorize?client_id=x&redirect_uri=https://evil.example";
        let r = with_tid(hostile);
        assert_eq!(keys_url(&r), None);
        let why = no_keys_url_reason(&r);
        assert!(why.contains("neither a GUID nor a domain name"), "{why}");
        assert!(!why.contains("evil"), "the reason never repeats the value");

        let domain = with_tid("contoso.onmicrosoft.com");
        assert_eq!(
            keys_url(&domain).as_deref(),
            Some("https://login.microsoftonline.com/contoso.onmicrosoft.com/discovery/v2.0/keys")
        );
        let guid = with_tid(RESOURCE);
        assert_eq!(
            keys_url(&guid),
            Some(format!(
                "https://login.microsoftonline.com/{RESOURCE}/discovery/v2.0/keys"
            ))
        );
        let none = rs_without_tid();
        assert_eq!(keys_url(&none), None);
        assert!(no_keys_url_reason(&none).contains("no tid"));
    }

    fn rs_without_tid() -> TokenReport {
        let t = v2(json!({}));
        let (h, rest) = t.split_once('.').unwrap();
        let (p, s) = rest.split_once('.').unwrap();
        let mut claims: Value =
            serde_json::from_slice(&URL_SAFE_NO_PAD.decode(p).unwrap()).unwrap();
        claims.as_object_mut().unwrap().remove("tid");
        report(&format!(
            "{h}.{}.{s}",
            URL_SAFE_NO_PAD.encode(claims.to_string())
        ))
    }

    #[test]
    fn browser_refusal_becomes_a_sentence() {
        let m = check_failed(
            "The key was refused: DataError: Data provided to an operation does not meet requirements",
        );
        assert!(m.starts_with("The check could not run"), "{m}");
        assert!(
            m.contains("\"DataError: Data provided")
                && m.contains("not judged")
                && m.contains("paste the whole document"),
            "{m}"
        );
        assert!(!m.contains("refused: DataError"), "{m}");
        let empty = check_failed("  ");
        assert!(!empty.contains("browser said"), "{empty}");
        let long = check_failed(&"x".repeat(1000));
        assert!(long.len() < 700, "{}", long.len());
    }
}

#[test]
fn an_app_only_token_is_no_person_guest_or_member() {
    let tenant = "0b5d2c1e-7f3a-4c9b-8e6d-2a1f3b4c5d6e";
    let app = |extra: Value| {
        let mut c = json!({
            "aud": "00000003-0000-0000-c000-000000000000",
            "iss": format!("https://login.microsoftonline.com/{tenant}/v2.0"),
            "tid": tenant, "oid": "5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d",
            "sub": "5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d", "ver": "2.0",
            "azp": "1fec8e78-bce4-4aaf-ab1b-5451cc387264", "roles": ["User.Read.All"],
            "iat": NOW - 60, "nbf": NOW - 60, "exp": NOW + 3600,
        });
        if let (Some(c), Some(e)) = (c.as_object_mut(), extra.as_object()) {
            c.extend(e.clone());
        }
        report(&jwt(json!({"typ": "JWT", "alg": "RS256"}), c))
    };
    for r in [app(json!({"idtyp": "app"})), app(json!({}))] {
        assert_eq!(r.account_kind, AccountKind::App);
        let v = r.verdict.expect("a verdict");
        assert!(v.headline.contains("no person"), "{}", v.headline);
        assert!(!v.headline.contains("Member"), "{}", v.headline);
    }
    // A user's token with app roles and a name is still a user's.
    let user = app(json!({"upn": "ann@contoso.example", "scp": "User.Read"}));
    assert_ne!(user.account_kind, AccountKind::App);
    // No application permission granted: no `roles`, its object ID its own subject; an `idp`
    // naming its own tenant makes it no guest either.
    let own_idp = format!("https://sts.windows.net/{tenant}/");
    for idp in [None, Some(own_idp.as_str())] {
        let mut claims = json!({
            "aud": "00000003-0000-0000-c000-000000000000",
            "iss": format!("https://login.microsoftonline.com/{tenant}/v2.0"),
            "tid": tenant, "oid": "5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d",
            "sub": "5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d", "ver": "2.0",
            "azp": "1fec8e78-bce4-4aaf-ab1b-5451cc387264", "azpacr": "2",
            "iat": NOW - 60, "nbf": NOW - 60, "exp": NOW + 3600,
        });
        if let Some(idp) = idp {
            claims["idp"] = json!(idp);
        }
        let r = report(&jwt(json!({"typ": "JWT", "alg": "RS256"}), claims));
        assert_eq!(r.account_kind, AccountKind::App, "{:?}", r.verdict);
    }
    // A user's token without a name claim still has a pairwise subject, not its object ID.
    let r = report(&jwt(
        json!({"typ": "JWT", "alg": "RS256"}),
        json!({
            "aud": "00000003-0000-0000-c000-000000000000",
            "iss": format!("https://login.microsoftonline.com/{tenant}/v2.0"),
            "tid": tenant, "oid": "5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d",
            "sub": "q3Xk9mP2vL8nR4tY7wZ1aB5cD6eF0gH2jK4lM6nP8rS", "ver": "2.0",
            "azp": "1fec8e78-bce4-4aaf-ab1b-5451cc387264",
            "iat": NOW - 60, "nbf": NOW - 60, "exp": NOW + 3600,
        }),
    ));
    assert_ne!(r.account_kind, AccountKind::App);
}

#[test]
fn wids_are_named_when_listed_and_counted_when_not() {
    let r = report(&v2(json!({
        "wids": ["62e90394-69f5-4237-9190-012177145e10", "88D8E3E3-8F55-4A1E-953A-9B9898B8876B", "b79fbf4d-3ef9-4689-8143-76b194e85509"]
    })));
    let row = r.claim_rows.iter().find(|c| c.name == "wids").unwrap();
    assert!(
        row.meaning
            .ends_with(" Here: Global Administrator, Directory Readers; 1 ID not among the built-in roles GuestLens names (look the template ID up in the roles list)."),
        "{}",
        row.meaning
    );
    assert!(row.sources.iter().any(|s| {
        s.url
            .ends_with("/role-based-access-control/permissions-reference")
    }));
    let r = report(&v2(
        json!({ "wids": ["f2ef992c-3afb-46b9-b7cf-a126ee74c451"] }),
    ));
    let row = r.claim_rows.iter().find(|c| c.name == "wids").unwrap();
    assert!(
        row.meaning.ends_with(" Here: Global Reader."),
        "{}",
        row.meaning
    );
    let r = report(&v2(json!({ "wids": [] })));
    let row = r.claim_rows.iter().find(|c| c.name == "wids").unwrap();
    assert!(!row.meaning.contains("Here"), "{}", row.meaning);
    // A guest's own access level, cited to the page that lists the levels.
    let r = report(&v2(json!({
        "wids": ["10dae51f-b6af-4016-8d66-8c2a99b929b3"],
        "idp": "https://sts.windows.net/9e8d7c6b-5a4f-4e3d-9c2b-1a0f9e8d7c6b/",
    })));
    assert_eq!(r.account_kind, AccountKind::Guest);
    let row = r.claim_rows.iter().find(|c| c.name == "wids").unwrap();
    assert!(
        row.meaning
            .ends_with(" Here: guest access level \"limited access\" (the default)."),
        "{}",
        row.meaning
    );
    assert!(
        row.sources
            .iter()
            .any(|s| s.url.ends_with("/users-restrict-guest-permissions"))
    );
    // In a member's token the same ID is not read as a guest's level.
    let r = report(&v2(
        json!({ "wids": ["a0b1b346-4d3e-4e8b-98f8-753987be4970"] }),
    ));
    let row = r.claim_rows.iter().find(|c| c.name == "wids").unwrap();
    assert!(
        !row.meaning.contains("guest access level"),
        "{}",
        row.meaning
    );
}

#[test]
fn home_oid_is_microsofts_not_an_apps_custom_claim() {
    let r = report(&v2(
        json!({ "home_oid": "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d" }),
    ));
    let row = r.claim_rows.iter().find(|c| c.name == "home_oid").unwrap();
    assert!(!row.meaning.contains("app-specific"), "{}", row.meaning);
    assert!(row.meaning.contains("no current page"), "{}", row.meaning);
    assert!(
        row.sources
            .iter()
            .any(|s| s.url.ends_with("/reference-claims-customization"))
    );
}

#[test]
fn an_id_token_with_app_roles_is_still_an_id_token() {
    // App roles reach ID tokens too; nonce and at_hash say which kind this is.
    let tenant = "0b5d2c1e-7f3a-4c9b-8e6d-2a1f3b4c5d6e";
    let app = "1fec8e78-bce4-4aaf-ab1b-5451cc387264";
    let r = report(&jwt(
        json!({"typ": "JWT", "alg": "RS256"}),
        json!({
            "aud": app, "iss": format!("https://login.microsoftonline.com/{tenant}/v2.0"),
            "tid": tenant, "oid": "66666666-7777-4888-9999-aaaaaaaaaaaa",
            "sub": "q3Xk9mP2vL8nR4tY7wZ1aB5cD6eF0gH2jK4lM6nP8rS", "ver": "2.0",
            "preferred_username": "alex@fabrikam.example", "roles": ["Reader"],
            "nonce": "n-0S6_WzA2Mj", "at_hash": "77QmUPtjPfzWtF2AnpK9RQ",
            "iat": NOW - 60, "nbf": NOW - 60, "exp": NOW + 3600,
        }),
    ));
    assert_eq!(r.token_type, Some(guestlens_analysis::token::TokenType::Id));
    assert_eq!(r.app_id.as_deref(), Some(app));
    // at_hash is catalogued, not said to be undocumented.
    assert_eq!(
        guestlens_analysis::token::claims::lookup("at_hash").map(|c| c.doc),
        Some(guestlens_analysis::token::claims::Doc::Documented)
    );
}
