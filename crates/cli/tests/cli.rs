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

const HARS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../analysis/tests/fixtures/har"
);

fn har(name: &str) -> String {
    format!("{HARS}/{name}")
}

fn scratch(what: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("guestlens-{what}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn analyze_reads_a_har_as_a_trace() {
    let (code, out, err) = run(
        &[
            "analyze",
            &har("cross-tenant-50020.har"),
            "--json",
            "--now",
            &NOW.to_string(),
        ],
        "",
    );
    assert_eq!(code, 0, "stderr: {err}");
    let r: Value = serde_json::from_str(&out).unwrap();
    let f = &r["errors"][0];
    assert_eq!(f["codes"], serde_json::json!([50020]));
    assert_eq!(f["correlation_id"], "c0c0c0c0-1111-4222-8333-444444444444");
    assert_eq!(f["trace_id"], "aaaa0000-bbbb-4ccc-8ddd-eeeeffff0001");
    assert_eq!(f["timestamp"], "2024-05-01T10:20:31Z");
    assert_eq!(f["hop"], 6);
    assert_eq!(f["source"], 1);
    let t = &r["trace"];
    assert_eq!(t["entries"], 7);
    assert_eq!(t["hops"].as_array().unwrap().len(), 3);
    assert_eq!(t["hops"][0]["kind"], "authorize");
    assert_eq!(t["hops"][2]["entry"], 6);
    assert_eq!(t["noise_total"], 4);
    assert_eq!(
        r["sources"][0]["kinds"],
        serde_json::json!(["trace", "error"])
    );

    // The readable report shows the hops, and a trace token is never printed whole.
    let (code, out, _) = run(
        &[
            "analyze",
            &har("form-post-token-error.har"),
            "--now",
            &NOW.to_string(),
        ],
        "",
    );
    assert_eq!(code, 0);
    assert!(out.contains("== Sign-in trace =="), "{out}");
    assert!(out.contains("[token]"));
    assert!(out.contains("In the trace at entry 3"));
    assert!(out.contains("entry 1: id_token"));
    assert!(!out.contains("eyJ"), "a raw token was printed");
    let (_, json, _) = run(
        &["analyze", &har("form-post-token-error.har"), "--json"],
        "",
    );
    assert!(!json.contains("eyJ"), "a raw token reached the JSON");
}

#[test]
fn sanitize_writes_a_valid_har_without_the_planted_secrets() {
    let (code, out, err) = run(
        &["sanitize", &har("form-post-token-error.har"), "--report"],
        "",
    );
    assert_eq!(code, 0, "stderr: {err}");
    let clean: Value = serde_json::from_str(&out).expect("the sanitized HAR is JSON");
    assert_eq!(clean["log"]["entries"].as_array().unwrap().len(), 5);
    for secret in [
        "FAKEauthcode0019",
        "eyJ0eXAiOiJKV1Qi",
        "FAKErefresh0021",
        "FAKEverifier0022",
    ] {
        assert!(!out.contains(secret), "{secret} survived");
        assert!(!err.contains(secret), "{secret} is in the report");
    }
    assert!(
        out.contains("c0c0c0c0-1111-4222-8333-444444444444"),
        "IDs are kept"
    );
    // The report on standard error: kinds, places and entries, never a value.
    let removed: Value = serde_json::from_str(&err).expect("the report is JSON");
    let removed = removed.as_array().unwrap();
    assert!(
        removed
            .iter()
            .any(|r| r["kind"] == "code" && r["entry"] == 1)
    );
    assert!(removed.iter().all(|r| r.get("value").is_none()));

    // Standard input in, a file out, the report to a file; nothing on stdout.
    let dir = scratch("sanitize");
    let (out_path, rep_path) = (dir.join("clean.har"), dir.join("removed.json"));
    let bytes = std::fs::read(har("cross-tenant-50020.har")).unwrap();
    let (code, out, err) = run(
        &[
            "sanitize",
            "-",
            "-o",
            out_path.to_str().unwrap(),
            &format!("--report={}", rep_path.display()),
            "--mask-identities",
            "--drop-response-bodies",
        ],
        &bytes,
    );
    assert_eq!((code, out.as_str(), err.as_str()), (0, "", ""));
    let clean = std::fs::read_to_string(&out_path).unwrap();
    let v: Value = serde_json::from_str(&clean).unwrap();
    assert_eq!(v["log"]["entries"].as_array().unwrap().len(), 7);
    assert!(!clean.contains("alex@partner.example"), "identities masked");
    assert!(!clean.contains("FAKEflowtoken"));
    let removed: Value =
        serde_json::from_str(&std::fs::read_to_string(&rep_path).unwrap()).unwrap();
    assert!(
        removed
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["kind"] == "email")
    );

    // A damaged HAR: status 1, where it broke, and no half-written file.
    let cut = &bytes[..bytes.len() / 2];
    let broken = dir.join("broken.har");
    let (code, _, err) = run(&["sanitize", "-", "-o", broken.to_str().unwrap()], cut);
    assert_eq!(code, 1);
    assert!(
        err.contains("cut short") || err.contains("damaged"),
        "{err}"
    );
    assert!(!broken.exists());
    assert!(!dir.join("broken.har.partial").exists());
    let (code, _, err) = run(&["sanitize", "-"], "not a har");
    assert_eq!(code, 1);
    assert!(err.contains("not a HAR"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn sanitize_refuses_an_input_over_the_cap_while_streaming() {
    let bytes = std::fs::read(har("personal-account.har")).unwrap();
    let (code, _, err) = run_capped(100, &["sanitize", "-"], &bytes);
    assert_eq!(code, 3, "{err}");
}

fn sample_file(dir: &std::path::Path, id: &str) -> String {
    let path = dir.join(format!("{id}.txt"));
    std::fs::write(&path, samples::token(id, NOW).unwrap()).unwrap();
    path.to_string_lossy().into_owned()
}

#[test]
fn compare_says_the_home_and_resource_tokens_are_one_person() {
    let dir = scratch("compare");
    let home = sample_file(&dir, "guest-entra-home");
    let resource = sample_file(&dir, "guest-entra-v1");
    let now = NOW.to_string();
    let (code, out, err) = run(&["compare", &home, &resource, "--json", "--now", &now], "");
    assert_eq!(code, 0, "stderr: {err}");
    let c: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(c["person"], "same");
    assert!(
        c["rows"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["claim"] == "tid" && r["relation"] == "differs")
    );
    let (code, out, _) = run(&["compare", &home, &resource, "--now", &now], "");
    assert_eq!(code, 0);
    assert!(out.contains("Same person: "), "{out}");
    assert!(out.contains("== Evidence =="));
    assert!(out.contains("== Claims =="));
    assert!(out.contains("tid"));
    let raw = samples::token("guest-entra-home", NOW).unwrap();
    assert!(!out.contains(&raw[..40]), "a raw token was printed");
    // One side from standard input works; a file without a token is a read failure.
    let token = samples::token("guest-entra-v2", NOW).unwrap();
    let (code, _, _) = run(&["compare", &home, "-", "--json"], token);
    assert_eq!(code, 0);
    let (code, out, err) = run(&["compare", &home, "-"], "AADSTS50020 only an error here");
    assert_eq!(code, 1);
    assert!(out.is_empty());
    assert!(err.contains("standard input holds no token"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn handoff_prints_the_masked_markdown_of_the_case() {
    let dir = scratch("handoff");
    let path = dir.join("error.txt");
    std::fs::write(
        &path,
        "AADSTS50020: User account 'ann.lee@partner.example' from identity provider \
         'https://sts.windows.net/9a8b7c6d-0000-4000-8000-00000000beef/' does not exist in tenant \
         'Contoso'.\nCorrelation ID: 12121212-3434-4565-8787-909090909090",
    )
    .unwrap();
    let file = path.to_str().unwrap();
    let (code, out, err) = run(&["handoff", file], "");
    assert_eq!(code, 0, "stderr: {err}");
    assert!(out.starts_with("# Guest sign-in case"), "{out}");
    assert!(
        out.contains("12121212-3434-4565-8787-909090909090"),
        "IDs are never masked"
    );
    assert!(out.contains("a***@partner.example"));
    assert!(!out.contains("ann.lee@partner.example"));
    let (code, out, _) = run(&["handoff", file, "--include-personal"], "");
    assert_eq!(code, 0);
    assert!(out.contains("ann.lee@partner.example"));
    // A trace is a source too: its failure reaches the hand-off.
    let (code, out, _) = run(&["handoff", &har("cross-tenant-50020.har")], "");
    assert_eq!(code, 0);
    assert!(out.contains("50020"));
    assert!(out.contains("c0c0c0c0-1111-4222-8333-444444444444"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_sign_in_log_csv_gives_its_failures_and_counts() {
    let csv = "\"Date (UTC)\",\"Request ID\",\"Correlation ID\",\"Username\",\"Application ID \",\"Resource tenant ID\",\"Home tenant ID\",\"Status\",\"Sign-in error code\",\"Failure reason\"\n\
        2026-11-24T09:15:02Z,d4d4d4d4-0000-4000-8000-000000000011,e5e5e5e5-0000-4000-8000-000000000011,ann.lee@partner.example,c3c3c3c3-0000-4000-8000-000000000003,b2b2b2b2-0000-4000-8000-000000000002,a1a1a1a1-0000-4000-8000-000000000001,Failure,50020,\"No account, in this tenant\"\n\
        2026-11-24T10:02:10Z,d4d4d4d4-0000-4000-8000-000000000033,e5e5e5e5-0000-4000-8000-000000000033,ann.lee@partner.example,c3c3c3c3-0000-4000-8000-000000000003,b2b2b2b2-0000-4000-8000-000000000002,a1a1a1a1-0000-4000-8000-000000000001,Success,0,\n";
    let r = analyze(csv);
    assert_eq!(r["sources"][0]["kinds"][0], "sign_ins");
    assert_eq!(r["sign_ins"]["format"], "csv");
    assert_eq!(r["sign_ins"]["successes"], 1);
    assert_eq!(r["errors"].as_array().map(Vec::len), Some(1));
    assert_eq!(
        r["errors"][0]["trace_id"],
        "d4d4d4d4-0000-4000-8000-000000000011"
    );
    assert_eq!(r["errors"][0]["message"], "No account, in this tenant");
    let (code, out, _) = run(&["analyze", "-", "--now", &NOW.to_string()], csv);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("sign-in log CSV download: 1 failed sign-ins"),
        "{out}"
    );
    assert!(out.contains("AADSTS50020"), "{out}");
}
