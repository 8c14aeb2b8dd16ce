//! The `guestlens` contract: the report's JSON shape, the readable report, standard input,
//! exit statuses, the input cap, and output that fails (closed pipe, full disk) without a panic.
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
    // The teaching samples call Microsoft Graph, so they raise no retired-audience warning.
    assert_eq!(t["audience_name"], "Microsoft Graph");
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
    let (code, out, _) = run(
        &["analyze", file.to_str().unwrap(), "--now", "0", "--json"],
        "",
    );
    assert_eq!(code, 0);
    assert!(out.contains("\"account_kind\": \"member\""));
    // 1: the input could not be read.
    let (code, out, err) = run(&["analyze", dir.join("missing.txt").to_str().unwrap()], "");
    assert_eq!(code, 1);
    assert!(out.is_empty());
    assert!(
        err.starts_with("guestlens: reading ") && err.contains("missing.txt"),
        "{err}"
    );
    // 2: usage errors, with clap's usage line.
    let (code, _, err) = run(&["frobnicate"], "");
    assert_eq!(code, 2);
    assert!(err.contains("Usage: guestlens"), "{err}");
    let (code, _, err) = run(&["analyze", "-", "--now", "soon"], "");
    assert_eq!(code, 2);
    assert!(err.contains("'soon'") && err.contains("--now"), "{err}");
    let (code, _, _) = run(&["analyze"], "");
    assert_eq!(code, 2);
    // Bytes that are not UTF-8 are read, not refused.
    let (code, out, _) = run(&["analyze", "-", "--json"], b"\xff\xfe AADSTS50058 \xc3(");
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

    assert_eq!(bad.status.code(), Some(2));

    for args in [
        &["commands", "no-such-recipe"][..],
        &["commands", "guest-state", "--bogus", "x"],
        &["commands", "guest-state", "--email"],
        &["commands"],
    ] {
        let o = run(args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(o.stdout.is_empty(), "{args:?}");
        assert!(!o.stderr.is_empty(), "{args:?}");
    }
    let unknown = run(&["commands", "no-such-recipe"]);
    let err = String::from_utf8(unknown.stderr).unwrap();
    assert!(
        err.contains("possible values") && err.contains("signin-logs"),
        "{err}"
    );
    let eq = run(&["commands", "find-address", "--email=alex@contoso.com"]);
    assert!(eq.status.success());
    // A value that starts with '-' reaches the recipe's own check instead of being read as a flag.
    let dash = run(&["commands", "find-address", "--email=-x@contoso.com"]);
    assert_eq!(dash.status.code(), Some(2));
    let err = String::from_utf8(dash.stderr).unwrap();
    assert!(err.contains("must not start with '-'"), "{err}");
}

/// The error page and token of `one_paste_with_a_token_and_an_error_feeds_both`.
fn error_and_token() -> (String, String) {
    let token = samples::token("guest-msa", NOW).unwrap();
    let text = format!(
        "AADSTS50020: User account 'kim.personal@outlook.example' from identity provider 'live.com' does not exist in tenant 'Fabrikam' and cannot access the application 'ffffaaaa-5555-bbbb-6666-cccc7777dddd'.\nTrace ID: 0a1b2c3d-0000-4000-8000-000000000001\nCorrelation ID: 0a1b2c3d-0000-4000-8000-000000000002\nTimestamp: 2025-06-15 15:00:00Z\nToken we had: {token}"
    );
    (text, token)
}

#[test]
fn the_default_report_is_for_people() {
    let (text, token) = error_and_token();
    let (code, out, err) = run(&["analyze", "-", "--now", &NOW.to_string()], &text);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("GuestLens report\n"), "{out}");
    for expected in [
        // The token's verdict and key claims.
        "Verdict: Guest with a personal Microsoft account",
        "Identity provider: live.com (personal Microsoft account)",
        // The failure: code, name, IDs and who does what.
        "1. AADSTS50020 UserUnauthorized",
        "Correlation ID: 0a1b2c3d-0000-4000-8000-000000000002",
        "Trace ID: 0a1b2c3d-0000-4000-8000-000000000001",
        "Meaning: ",
        "  - Guest: ",
        "  - Resource-tenant admin: ",
        // The suggested commands, by id and title.
        "== Suggested commands ==",
    ] {
        assert!(out.contains(expected), "missing {expected:?} in:\n{out}");
    }
    assert!(
        out.lines()
            .any(|l| l.starts_with("  find-address ") && l.ends_with(" Who holds this address?")),
        "{out}"
    );
    // A secret stays out of a report people copy into tickets.
    assert!(!out.contains(&token));
    assert!(serde_json::from_str::<Value>(&out).is_err());
}

#[test]
fn the_readable_report_shows_the_policy_budget_and_says_when_nothing_was_found() {
    let policy = r#"{"@odata.context":"https://graph.microsoft.com/beta/$metadata#policies/crossTenantAccessPolicy/partners","value":[{"tenantId":"11111111-0000-4000-8000-000000000001","b2bCollaborationInbound":null}]}"#;
    let (code, out, _) = run(&["analyze", "-"], policy);
    assert_eq!(code, 0);
    assert!(out.contains("== Cross-tenant access policy =="), "{out}");
    let budget = format!("Size: {} of 25600 bytes", policy.len());
    assert!(out.contains(&budget), "{out}");
    assert!(out.contains("bytes left"), "{out}");

    let (code, out, _) = run(&["analyze", "-"], "just some words");
    assert_eq!(code, 0);
    assert!(out.contains("== Nothing recognised =="), "{out}");
    assert!(out.contains("No token found"), "{out}");
}

#[test]
fn pasted_terminal_escapes_are_not_passed_to_the_terminal() {
    let text = "AADSTS50058: Silent sign-in failed \u{1b}]0;owned\u{7}\u{1b}[2J.\nCorrelation ID: 0a1b2c3d-0000-4000-8000-000000000009";
    let (code, out, _) = run(&["analyze", "-"], text);
    assert_eq!(code, 0);
    assert!(out.contains("AADSTS50058"), "{out}");
    assert!(!out.contains('\u{1b}') && !out.contains('\u{7}'), "{out}");
}

#[test]
fn help_version_and_exit_statuses() {
    let (code, out, _) = run(&["--help"], "");
    assert_eq!(code, 0);
    for line in [
        "Usage: guestlens <COMMAND>",
        "analyze",
        "commands",
        "Exit status:",
        "  0  success",
        "  1  the input could not be read",
        "  2  usage error",
        "  3  the input is larger than the size cap",
        "  4  the output could not be written",
    ] {
        assert!(out.contains(line), "missing {line:?} in:\n{out}");
    }
    // The statuses come after the list of subcommands.
    assert!(out.find("Commands:") < out.find("Exit status:"));
    let (code, out, _) = run(&["--version"], "");
    assert_eq!(code, 0);
    assert_eq!(out, format!("guestlens {}\n", env!("CARGO_PKG_VERSION")));
    let (code, out, _) = run(&["commands", "--help"], "");
    assert_eq!(code, 0);
    assert!(out.contains("--object-id <OBJECT-ID>"), "{out}");
    let (code, out, _) = run(&["analyze", "--help"], "");
    assert_eq!(code, 0);
    assert!(
        out.contains("--now <UNIX_SECONDS>") && out.contains("1 GiB"),
        "{out}"
    );
}

/// Runs the CLI with the input cap lowered to `cap` bytes.
fn run_capped(cap: u64, args: &[&str], stdin: &[u8]) -> (i32, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_guestlens"))
        .args(args)
        .env("GUESTLENS_TEST_INPUT_CAP", cap.to_string())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The CLI may stop reading at cap + 1 bytes and close its end; that is the point.
    let _ = child.stdin.take().unwrap().write_all(stdin);
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into(),
        String::from_utf8_lossy(&out.stderr).into(),
    )
}

#[test]
fn inputs_over_the_cap_are_refused_by_name_and_size() {
    let at_cap = b"AADSTS50058 xyz";
    let cap = at_cap.len() as u64;
    let (code, out, err) = run_capped(cap, &["analyze", "-", "--json"], at_cap);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("50058"));

    let (code, out, err) = run_capped(cap, &["analyze", "-"], b"AADSTS50058 xyz!");
    assert_eq!(code, 3);
    assert!(out.is_empty());
    assert_eq!(
        err,
        format!(
            "guestlens: standard input is larger than the input cap of {cap} bytes; nothing was analysed\n"
        )
    );

    // A file is refused by its size, and a stream far over the cap is not read to its end.
    let dir = std::env::temp_dir().join(format!("guestlens-cap-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("big.har");
    std::fs::write(&file, vec![b'x'; 4096]).unwrap();
    let (code, _, err) = run_capped(1024, &["analyze", file.to_str().unwrap()], b"");
    assert_eq!(code, 3);
    assert!(
        err.contains("big.har") && err.contains("1 KiB (1024 bytes)"),
        "{err}"
    );
    let (code, _, err) = run_capped(1024, &["analyze", "-"], &vec![b'x'; 8 << 20]);
    assert_eq!(code, 3, "{err}");
    std::fs::remove_dir_all(&dir).ok();

    // The variable only lowers the cap.
    let (code, _, err) = run_capped(u64::MAX, &["analyze", "-"], at_cap);
    assert_eq!(code, 0, "{err}");
}

#[test]
fn a_closed_pipe_ends_the_run_quietly() {
    let (text, _) = error_and_token();
    for json in [false, true] {
        let mut args = vec!["analyze", "-"];
        if json {
            args.push("--json");
        }
        let mut child = Command::new(env!("CARGO_BIN_EXE_guestlens"))
            .args(&args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // The reader is gone before the first byte is written, as with `| head -0`.
        drop(child.stdout.take());
        child
            .stdin
            .take()
            .unwrap()
            .write_all(text.as_bytes())
            .unwrap();
        let out = child.wait_with_output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!err.contains("panicked"), "{err}");
        assert!(err.is_empty(), "{err}");
        assert_eq!(out.status.code(), Some(0));
    }
}

#[test]
fn a_reader_that_stops_after_one_line_is_no_error() {
    use std::io::{BufRead, BufReader};
    // Enough failures that the report is far larger than a pipe's buffer.
    let text: String = (0..400)
        .map(|i| {
            format!(
                "AADSTS50034: The user account does not exist in the directory.\nTrace ID: 0a1b2c3d-0000-4000-8000-{i:012}\nCorrelation ID: 1a1b2c3d-0000-4000-8000-{i:012}\n{}\n",
                "-".repeat(1600)
            )
        })
        .collect();
    let mut child = Command::new(env!("CARGO_BIN_EXE_guestlens"))
        .args(["analyze", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(text.as_bytes())
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    assert_eq!(first, "GuestLens report\n");
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.is_empty(), "{err}");
    assert_eq!(out.status.code(), Some(0));
}

#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_is_a_write_error() {
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_guestlens"))
        .args(["analyze", "-", "--json"])
        .stdin(Stdio::piped())
        .stdout(full)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"AADSTS50058")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(4), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(
        err.starts_with("guestlens: writing standard output: ") && err.lines().count() == 1,
        "{err}"
    );
    assert!(err.contains("No space left on device"), "{err}");
}

#[test]
fn json_output_is_the_golden_report_byte_for_byte() {
    // The analysis crate's golden reports, made with its `NOW`; the CLI must print exactly them.
    let golden = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../analysis/tests/golden");
    let mut checked = 0;
    for entry in std::fs::read_dir(golden.join("inputs")).unwrap() {
        let input = entry.unwrap().path();
        let name = input.file_name().unwrap().to_str().unwrap().to_owned();
        let out = Command::new(env!("CARGO_BIN_EXE_guestlens"))
            .args([
                "analyze",
                input.to_str().unwrap(),
                "--json",
                "--now",
                "1764000000",
            ])
            .output()
            .unwrap();
        assert!(out.status.success(), "{name}");
        let want = std::fs::read(golden.join(format!("{name}.json"))).unwrap();
        assert!(
            out.stdout == want,
            "{name}: the CLI's JSON differs from the golden report"
        );
        checked += 1;
    }
    assert!(checked > 0);
}

#[test]
fn several_files_make_one_case_with_their_sources() {
    let dir = std::env::temp_dir().join(format!("guestlens-case-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let golden =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../analysis/tests/golden/inputs");
    let error = golden.join("error-page-50020.txt");
    let token = dir.join("sam-token.txt");
    std::fs::write(&token, samples::token("guest-entra-v1", NOW).unwrap()).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_guestlens"))
        .args([
            "analyze",
            error.to_str().unwrap(),
            token.to_str().unwrap(),
            "--json",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["sources"][0]["name"], "error-page-50020.txt");
    assert_eq!(v["sources"][1]["name"], "sam-token.txt");
    assert_eq!(v["sources"][1]["kinds"][0], "token");
    assert_eq!(v["errors"][0]["source"], 1);
    // Ann's error and Sam's token: two people, so nothing is filled and the user must pick.
    let conflict = &v["case"]["conflicts"][0];
    assert_eq!(conflict["field"], "guest_address");
    assert_eq!(conflict["values"][0]["value"], "ann.lee@partner.example");
    assert_eq!(conflict["values"][1]["value"], "sam.guest@contoso.example");
    assert_eq!(v["findings"]["email"], Value::Null);
    assert_eq!(v["findings"]["object_id"], Value::Null);

    let twice = Command::new(env!("CARGO_BIN_EXE_guestlens"))
        .args(["analyze", "-", "-"])
        .output()
        .unwrap();
    assert_eq!(twice.status.code(), Some(2));
    std::fs::remove_dir_all(&dir).ok();
}
