//! The `guestlens analyze` contract: the report's JSON shape, standard input, and errors.
use std::io::Write;
use std::process::{Command, Stdio};

use guestlens_analysis::token::samples;
use serde_json::Value;

const NOW: i64 = 1_750_000_000;

fn run(args: &[&str], stdin: impl AsRef<[u8]>) -> (i32, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_guestlens"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the CLI starts");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_ref())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into(),
        String::from_utf8_lossy(&out.stderr).into(),
    )
}

fn analyze(stdin: &str) -> Value {
    let (code, out, err) = run(
        &["analyze", "-", "--json", "--now", &NOW.to_string()],
        stdin,
    );
    assert_eq!(code, 0, "stderr: {err}");
    serde_json::from_str(&out).expect("valid JSON")
}

#[test]
fn token_report_has_the_promised_fields() {
    let token = samples::token("guest-entra-v1", NOW).unwrap();
    let r = analyze(&format!("Authorization: Bearer {token}"));
    let t = &r["token"];
    for field in [
        "header",
        "claims",
        "version",
        "issuer",
        "tenant_id",
        "audience",
        "audience_name",
        "idp",
        "home_tenant_id",
        "cloud",
        "account_kind",
        "expires_at",
        "diagnostics",
    ] {
        assert!(t.get(field).is_some(), "token.{field} missing");
    }
    assert!(t["header"].is_object() && t["claims"].is_object());
    assert_eq!(t["version"], "1.0");
    assert_eq!(t["cloud"], "global");
    assert_eq!(t["account_kind"], "guest");
    assert_eq!(t["home_tenant_id"], "bbbbcccc-1111-dddd-2222-eeee3333ffff");
    assert_eq!(
        t["audience_name"],
        "Windows Azure Active Directory (Azure AD Graph, retired)"
    );
    assert_eq!(t["expires_at"], "2025-06-15T16:06:40Z");
    assert!(
        t["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .all(|d| d["severity"].is_string() && d["message"].is_string())
    );
    assert_eq!(r["token_note"], Value::Null);
    // The claims keep the token's own order.
    let first_claim = t["claims"]
        .as_object()
        .unwrap()
        .keys()
        .next()
        .unwrap()
        .clone();
    assert_eq!(first_claim, "aud");
}

#[test]
fn no_token_means_null_and_a_reason() {
    let r = analyze("just some words");
    assert_eq!(r["token"], Value::Null);
    assert!(
        r["token_note"]
            .as_str()
            .unwrap()
            .starts_with("No token found")
    );
    assert_eq!(r["errors"], serde_json::json!([]));
    assert_eq!(r["policy"], Value::Null);
}

#[test]
fn one_paste_with_a_token_and_an_error_feeds_both() {
    let token = samples::token("guest-msa", NOW).unwrap();
    let text = format!(
        "AADSTS50020: User account 'kim.personal@outlook.example' from identity provider 'live.com' does not exist in tenant 'Fabrikam' and cannot access the application 'ffffaaaa-5555-bbbb-6666-cccc7777dddd'.\nTrace ID: 0a1b2c3d-0000-4000-8000-000000000001\nCorrelation ID: 0a1b2c3d-0000-4000-8000-000000000002\nToken we had: {token}"
    );
    let r = analyze(&text);
    assert_eq!(r["token"]["idp_kind"], "microsoft_account");
    assert_eq!(r["errors"][0]["codes"], serde_json::json!([50020]));
    assert_eq!(
        r["errors"][0]["correlation_id"],
        "0a1b2c3d-0000-4000-8000-000000000002"
    );
    assert_eq!(r["findings"]["email"], "kim.personal@outlook.example");
    assert_eq!(
        r["findings"]["correlation_id"],
        "0a1b2c3d-0000-4000-8000-000000000002"
    );
    let recipes: Vec<&str> = r["commands"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert!(recipes.contains(&"find-address"), "{recipes:?}");
}

#[test]
fn a_policy_paste_gets_a_policy_report() {
    let policy = r#"{"@odata.context":"https://graph.microsoft.com/beta/$metadata#policies/crossTenantAccessPolicy/partners","value":[{"tenantId":"11111111-0000-4000-8000-000000000001","b2bCollaborationInbound":null}]}"#;
    let r = analyze(policy);
    assert_eq!(r["policy"]["bytes_as_pasted"], policy.len());
    assert_eq!(r["policy"]["object_kind"], "partners");
    assert_eq!(r["token"], Value::Null);
}

#[test]
fn files_and_usage_errors() {
    let dir = std::env::temp_dir().join(format!("guestlens-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("token.txt");
    std::fs::write(&file, samples::token("member-v2", NOW).unwrap()).unwrap();
    let (code, out, _) = run(&["analyze", file.to_str().unwrap(), "--now", "0"], "");
    assert_eq!(code, 0);
    assert!(out.contains("\"account_kind\": \"member\""));
    let (code, _, err) = run(&["analyze", dir.join("missing.txt").to_str().unwrap()], "");
    assert_eq!(code, 2);
    assert!(err.contains("missing.txt"), "{err}");
    let (code, _, err) = run(&["frobnicate"], "");
    assert_eq!(code, 2);
    assert!(err.contains("usage:"));
    let (code, _, err) = run(&["analyze", "-", "--now", "soon"], "");
    assert_eq!(code, 2);
    assert!(err.contains("--now: not a number"));
    // Bytes that are not UTF-8 are read, not refused.
    let (code, out, _) = run(&["analyze", "-"], b"\xff\xfe AADSTS50058 \xc3(");
    assert_eq!(code, 0, "{out}");
    let r: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(r["errors"][0]["codes"], serde_json::json!([50058]));
    std::fs::remove_dir_all(&dir).ok();
}

const OBJECT_ID: &str = "4f1e2c7a-9b3d-4e5f-8a6b-1c2d3e4f5a6b";
const TENANT: &str = "0b5d2c1e-7f3a-4c9b-8e6d-2a1f3b4c5d6e";

#[test]
fn cli_prints_text_json_and_refuses_bad_values() {
    let bin = env!("CARGO_BIN_EXE_guestlens");
    let run = |args: &[&str]| Command::new(bin).args(args).output().unwrap();

    let text = run(&[
        "commands",
        "guest-state",
        "--object-id",
        OBJECT_ID,
        "--tenant",
        TENANT,
    ]);
    assert!(text.status.success(), "{text:?}");
    let out = String::from_utf8(text.stdout).unwrap();
    for label in ["--- PowerShell", "--- Graph REST ---", "--- Azure CLI"] {
        assert!(out.contains(label), "{label}");
    }
    assert!(out.contains(&format!("Get-MgUser -UserId '{OBJECT_ID}'")));

    let json = run(&[
        "commands",
        "guest-state",
        "--object-id",
        OBJECT_ID,
        "--json",
    ]);
    assert!(json.status.success());
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(v["id"], "guest-state");
    assert_eq!(v["rest"]["method"], "GET");

    let bad = run(&["commands", "guest-state", "--object-id", "not-a-guid"]);
    assert!(!bad.status.success());
    assert!(bad.stdout.is_empty());
    let err = String::from_utf8(bad.stderr).unwrap();
    assert!(
        err.contains("Object ID \"not-a-guid\": not a GUID"),
        "{err}"
    );

    for args in [
        &["commands", "no-such-recipe"][..],
        &["commands", "guest-state", "--bogus", "x"],
        &["commands", "guest-state", "--email"],
        &["commands"],
    ] {
        let o = run(args);
        assert!(!o.status.success(), "{args:?}");
        assert!(!o.stderr.is_empty(), "{args:?}");
    }
    let eq = run(&["commands", "find-address", "--email=alex@contoso.com"]);
    assert!(eq.status.success());
}
