//! Tests of the commands analysis: snapshots of every recipe in every dialect, validation,
//! hostile values end to end (PowerShell read back, az run in a real shell), and the CLI.
use std::path::PathBuf;
use std::process::Command;

use guestlens_analysis::commands::{
    Inputs, RECIPE_IDS, Recipe, Side, combined_script, recipes_for, render, to_text,
};
use guestlens_analysis::findings::Findings;
use guestlens_analysis::quote;
use proptest::prelude::*;

use super::quote::{read_odata, read_ps_single, url_decode};

const EMAIL: &str = "alex@contoso.com";
const UPN: &str = "alex_contoso.com#EXT#@fabrikam.onmicrosoft.com";
const OBJECT_ID: &str = "4f1e2c7a-9b3d-4e5f-8a6b-1c2d3e4f5a6b";
const TENANT: &str = "0b5d2c1e-7f3a-4c9b-8e6d-2a1f3b4c5d6e";
const HOME: &str = "9e8d7c6b-5a4f-4e3d-9c2b-1a0f9e8d7c6b";
const APP: &str = "1fec8e78-bce4-4aaf-ab1b-5451cc387264";
const CORRELATION: &str = "c0ffee00-1234-4abc-9def-0123456789ab";

fn sample() -> Inputs {
    Inputs {
        email: Some(EMAIL.into()),
        upn: Some(UPN.into()),
        object_id: Some(OBJECT_ID.into()),
        tenant: Some(TENANT.into()),
        home_tenant: Some(HOME.into()),
        app_id: Some(APP.into()),
        correlation_id: Some(CORRELATION.into()),
        code: Some("50020".into()),
        days: Some("90".into()),
    }
}

fn ok(id: &str, inputs: &Inputs) -> Recipe {
    render(id, inputs).unwrap_or_else(|p| panic!("{id}: {p:?}"))
}

fn snapshot_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/analysis/snapshots")
}

/// A short line diff: each differing line as `-expected` / `+actual`.
fn diff(expected: &str, actual: &str) -> String {
    let (e, a): (Vec<&str>, Vec<&str>) = (expected.lines().collect(), actual.lines().collect());
    let mut out = String::new();
    let mut shown = 0;
    for i in 0..e.len().max(a.len()) {
        let (x, y) = (e.get(i), a.get(i));
        if x != y && shown < 12 {
            shown += 1;
            out.push_str(&format!("  line {}:\n", i + 1));
            if let Some(x) = x {
                out.push_str(&format!("  -{x}\n"));
            }
            if let Some(y) = y {
                out.push_str(&format!("  +{y}\n"));
            }
        }
    }
    out
}

fn check_snapshot(name: &str, actual: &str, failures: &mut Vec<String>) {
    let path = snapshot_dir().join(name);
    if std::env::var("UPDATE_SNAPSHOTS").as_deref() == Ok("1") {
        std::fs::create_dir_all(snapshot_dir()).unwrap();
        std::fs::write(&path, actual).unwrap();
        return;
    }
    match std::fs::read_to_string(&path) {
        Ok(expected) if expected == actual => {}
        Ok(expected) => failures.push(format!(
            "{name} differs from its snapshot (UPDATE_SNAPSHOTS=1 rewrites it):\n{}",
            diff(&expected, actual)
        )),
        Err(e) => failures.push(format!("{name}: {e} (UPDATE_SNAPSHOTS=1 writes it)")),
    }
}

fn sample_findings() -> Findings {
    Findings {
        email: Some(EMAIL.into()),
        upn: Some(UPN.into()),
        object_id: Some(OBJECT_ID.into()),
        resource_tenant: Some(TENANT.into()),
        home_tenant: Some(HOME.into()),
        app_id: Some(APP.into()),
        correlation_id: Some(CORRELATION.into()),
        codes: vec![50020, 90072],
        recipes: vec!["find-address".into(), "reset-redemption".into()],
    }
}

/// An address that is valid, invitable, and full of quote characters.
const HOSTILE_EMAIL: &str = "o'brien\u{2019}s.\u{2018}x\u{201A}\u{201B}'@contoso.com";

#[test]
fn snapshots_of_every_recipe() {
    let mut failures = Vec::new();
    for id in RECIPE_IDS {
        check_snapshot(
            &format!("{id}.txt"),
            &to_text(&ok(id, &sample())),
            &mut failures,
        );
    }
    // Quoting as the reader sees it, on an address full of quotes and shell characters.
    let hostile = Inputs {
        email: Some("o'brien\u{2019}s$x`#&+%?\"@contoso.com".into()),
        ..sample()
    };
    check_snapshot(
        "find-address-hostile.txt",
        &to_text(&ok("find-address", &hostile)),
        &mut failures,
    );
    // AADSTS500212: the outbound block is read in the home tenant.
    let outbound = Inputs {
        code: Some("AADSTS500212".into()),
        ..sample()
    };
    check_snapshot(
        "xtap-read-home.txt",
        &to_text(&ok("xtap-read", &outbound)),
        &mut failures,
    );
    // Nothing but an object ID: no tenant to connect to.
    let bare = Inputs {
        object_id: Some(OBJECT_ID.into()),
        ..Inputs::default()
    };
    check_snapshot(
        "guest-state-no-tenant.txt",
        &to_text(&ok("guest-state", &bare)),
        &mut failures,
    );
    // One recipe blocked (no object ID), one with a change to comment out.
    let mut findings = sample_findings();
    findings.object_id = None;
    findings.recipes.push("resend-invite".into());
    check_snapshot(
        "combined.ps1",
        &combined_script(&recipes_for(&findings)),
        &mut failures,
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_id_renders_and_unknown_ids_do_not() {
    for id in RECIPE_IDS {
        let r = ok(id, &sample());
        assert_eq!(r.id, *id);
        assert!(!r.title.is_empty() && !r.role.is_empty() && !r.permissions.is_empty());
        assert!(!r.powershell.is_empty() && !r.az.is_empty() && !r.rest.url.is_empty());
    }
    let err = render("nope", &sample()).unwrap_err();
    assert_eq!(err[0].field, "recipe");
    assert!(err[0].message.contains("find-address"));
}

#[test]
fn each_recipe_names_its_tenant() {
    let home = ["first-party-sps"];
    for id in RECIPE_IDS {
        let r = ok(id, &sample());
        let want = if home.contains(&id) {
            Side::Home
        } else {
            Side::Resource
        };
        assert_eq!(r.tenant, want, "{id}");
        let tid = if want == Side::Home { HOME } else { TENANT };
        assert!(r.powershell.contains(&format!("-TenantId '{tid}'")), "{id}");
        assert!(r.az.contains(&format!("az login --tenant {tid}")), "{id}");
    }
    let outbound = Inputs {
        code: Some("500212".into()),
        ..sample()
    };
    let r = ok("xtap-read", &outbound);
    assert_eq!(r.tenant, Side::Home);
    assert!(r.powershell.contains(&format!("-TenantId '{HOME}'")));
    assert!(
        r.powershell
            .contains(&format!("PartnerTenantId '{TENANT}'"))
    );
}

#[test]
fn powershell_uses_sdk_v2_and_checks_before_it_changes() {
    for id in RECIPE_IDS {
        let r = ok(id, &sample());
        assert!(!r.powershell.contains("Select-MgProfile"), "{id}");
        let code: Vec<&str> = r
            .powershell
            .lines()
            .filter(|l| !l.trim_start().starts_with('#'))
            .collect();
        let first_change = code.iter().position(|l| l.contains("-WhatIf"));
        assert_eq!(r.writes, first_change.is_some(), "{id}: writes flag");
        if let Some(i) = first_change {
            // Connect-MgGraph, then at least one read before the first change.
            assert!(i >= 2, "{id}: no read-only check before {}", code[i]);
            assert!(r.changes != "Read-only.", "{id}");
            // Changing az commands are commented out.
            for l in r.az.lines() {
                assert!(
                    !(l.starts_with("az ")
                        && (l.contains("--method post")
                            || l.contains("--method patch")
                            || l.contains("--method delete")
                            || l.contains(" delete "))),
                    "{id}: {l}"
                );
            }
        }
        for l in &code {
            let changes = ["New-Mg", "Update-Mg", "Remove-Mg", "Restore-Mg"]
                .iter()
                .any(|c| l.contains(c));
            assert!(!changes || l.contains("-WhatIf"), "{id}: {l}");
        }
    }
}

#[test]
fn rest_urls_are_percent_encoded() {
    for id in RECIPE_IDS {
        let r = ok(id, &sample());
        for c in std::iter::once(&r.rest).chain(&r.rest_steps) {
            let Some((_, query)) = c.url.split_once('?') else {
                continue;
            };
            for pair in query.split('&') {
                let (k, v) = pair.split_once('=').unwrap();
                assert!(k.starts_with('$'), "{id}: {k}");
                url_decode(v).unwrap_or_else(|e| panic!("{id}: {v}: {e}"));
            }
            let advanced = c.url.contains("$count=true");
            assert_eq!(
                advanced,
                c.headers
                    .contains(&("ConsistencyLevel".into(), "eventual".into())),
                "{id}: {}",
                c.url
            );
        }
    }
}

#[test]
fn invalid_values_block_only_the_recipes_that_use_them() {
    let bad_id = Inputs {
        object_id: Some("4f1e2c7a-9b3d-4e5f-8a6b".into()),
        ..sample()
    };
    let err = render("reset-redemption", &bad_id).unwrap_err();
    assert_eq!(err.len(), 1);
    assert_eq!(err[0].field, "object_id");
    assert!(!err[0].missing);
    assert!(err[0].message.contains("Object ID") && err[0].message.contains("not a GUID"));
    // find-address does not use the object ID.
    assert!(render("find-address", &bad_id).is_ok());

    let newline = Inputs {
        email: Some("alex@contoso.com\nRemove-MgUser".into()),
        ..sample()
    };
    let err = render("find-address", &newline).unwrap_err();
    assert!(
        err[0].message.contains("U+000A (line feed) at position 17"),
        "{}",
        err[0].message
    );

    let plus = Inputs {
        email: Some("alex+b2b@contoso.com".into()),
        ..sample()
    };
    let err = render("resend-invite", &plus).unwrap_err();
    assert!(err[0].message.contains("'+'"), "{}", err[0].message);
    assert!(render("find-address", &plus).is_ok());

    let domain_partner = Inputs {
        home_tenant: Some("contoso.com".into()),
        ..sample()
    };
    assert_eq!(
        render("xtap-read", &domain_partner).unwrap_err()[0].field,
        "home_tenant"
    );
    // A domain is fine where it only picks the tenant to connect to.
    let domain_tenant = Inputs {
        tenant: Some("Fabrikam.onmicrosoft.com".into()),
        ..sample()
    };
    let r = ok("guest-state", &domain_tenant);
    assert!(
        r.powershell
            .contains("-TenantId 'fabrikam.onmicrosoft.com'")
    );

    for (field, inputs) in [
        (
            "code",
            Inputs {
                code: Some("500 21".into()),
                ..sample()
            },
        ),
        (
            "days",
            Inputs {
                days: Some("0".into()),
                ..sample()
            },
        ),
        (
            "tenant",
            Inputs {
                tenant: Some("not a tenant".into()),
                ..sample()
            },
        ),
        (
            "email",
            Inputs {
                email: Some("two@@contoso.com".into()),
                ..sample()
            },
        ),
        (
            "email",
            Inputs {
                email: Some("-x@contoso.com".into()),
                ..sample()
            },
        ),
    ] {
        let id = match field {
            "code" => "signin-logs",
            "days" => "list-guests",
            _ => "find-address",
        };
        let err = render(id, &inputs).unwrap_err();
        assert_eq!(err[0].field, field, "{id}: {err:?}");
    }
}

#[test]
fn missing_values_are_named() {
    let err = render("reset-redemption", &Inputs::default()).unwrap_err();
    let fields: Vec<&str> = err.iter().map(|p| p.field.as_str()).collect();
    assert_eq!(fields, ["object_id", "email"]);
    assert!(err.iter().all(|p| p.missing));
    let err = render("guest-state", &Inputs::default()).unwrap_err();
    assert!(err[0].message.contains("object ID, UPN or email"));
    // Recipes that need nothing still render with empty inputs.
    for id in [
        "list-guests",
        "xtap-read",
        "first-party-sps",
        "authorization-policy",
    ] {
        let r = ok(id, &Inputs::default());
        assert!(r.powershell.contains("Add -TenantId"), "{id}");
        assert!(r.az.contains("# az login --tenant <tenant ID>"), "{id}");
    }
}

#[test]
fn values_are_normalised() {
    let r = ok(
        "signin-logs",
        &Inputs {
            correlation_id: Some(" {C0FFEE00-1234-4ABC-9DEF-0123456789AB} ".into()),
            code: Some("aadsts50020".into()),
            ..Inputs::default()
        },
    );
    assert!(
        r.powershell
            .contains(&format!("correlationId eq ''{CORRELATION}''"))
    );
    assert!(r.powershell.contains("status/errorCode eq 50020'"));
}

#[test]
fn recipes_for_follows_the_findings() {
    let mut f = sample_findings();
    f.recipes.push("no-such-recipe".into());
    f.recipes.push("find-address".into());
    let ids: Vec<String> = recipes_for(&f).into_iter().map(|r| r.id).collect();
    assert_eq!(
        ids,
        [
            "find-address",
            "reset-redemption",
            "guest-state",
            "signin-logs"
        ]
    );

    f.object_id = None;
    let recipes = recipes_for(&f);
    let reset = recipes.iter().find(|r| r.id == "reset-redemption").unwrap();
    assert_eq!(reset.problems[0].field, "object_id");
    assert!(reset.problems[0].missing && reset.powershell.is_empty());
    assert!(
        recipes
            .iter()
            .find(|r| r.id == "guest-state")
            .unwrap()
            .problems
            .is_empty()
    );

    assert!(recipes_for(&Findings::default()).is_empty());
    // A tenant named by display name in an error is not carried into the commands.
    let named = Findings {
        resource_tenant: Some("Contoso".into()),
        ..sample_findings()
    };
    assert_eq!(Inputs::from_findings(&named).tenant, None);
    assert!(recipes_for(&named).iter().all(|r| r.problems.is_empty()));
    // Recipe values come from the findings, the first code included.
    let logs = recipes.iter().find(|r| r.id == "signin-logs").unwrap();
    assert!(logs.powershell.contains("status/errorCode eq 50020"));
}

#[test]
fn combined_script_comments_out_every_change() {
    let recipes: Vec<Recipe> = RECIPE_IDS.iter().map(|id| ok(id, &sample())).collect();
    let script = combined_script(&recipes);
    for l in script.lines() {
        if !l.starts_with('#') {
            assert!(!l.contains("-WhatIf"), "{l}");
        }
    }
    assert!(script.contains("# $invitation = New-MgInvitation"));
    assert!(script.contains("\nGet-MgPolicyCrossTenantAccessPolicyDefault"));
    // Each tenant/scope combination connects once in a row, not once per recipe.
    let connects = script
        .lines()
        .filter(|l| l.starts_with("Connect-MgGraph"))
        .count();
    assert!(connects <= recipes.len());
    // Problems become comments, and a hostile message can't end its comment line.
    let blocked = recipes_for(&Findings {
        email: Some("x\u{2028}Remove-MgUser@contoso.com".into()),
        recipes: vec!["find-address".into()],
        ..Findings::default()
    });
    let script = combined_script(&blocked);
    assert!(script.contains("# Left out, because:"));
    assert!(!script.contains('\u{2028}'));
    assert!(script.lines().all(|l| l.is_empty() || l.starts_with('#')));
}

/// The PowerShell `-Filter` arrays, read back with the tokenizer rules, hold exactly the
/// OData filters, and their literals hold exactly the address.
#[test]
fn hostile_address_survives_powershell() {
    let inputs = Inputs {
        email: Some(HOSTILE_EMAIL.into()),
        ..sample()
    };
    let r = ok("find-address", &inputs);
    let mut seen = 0;
    for line in r.powershell.lines() {
        let Some(lit) = line.strip_prefix("    ") else {
            continue;
        };
        let (filter, rest) = read_ps_single(lit).unwrap();
        assert_eq!(rest, "", "{line}");
        let start = filter.find('\'').unwrap();
        let (value, after) = read_odata(&filter[start..]).unwrap();
        assert!(after.is_empty() || after == ")", "{filter}");
        let addr = value
            .trim_start_matches("smtp:")
            .trim_start_matches("SMTP:");
        let ext = format!("{}#EXT#@", HOSTILE_EMAIL.replace('@', "_"));
        assert!(addr == HOSTILE_EMAIL || addr == ext, "{addr}");
        seen += 1;
    }
    assert_eq!(seen, 9);

    let r = ok("reset-redemption", &inputs);
    let line = r
        .powershell
        .lines()
        .find(|l| l.contains("New-MgInvitation"))
        .unwrap();
    let at = line.find("-InvitedUserEmailAddress ").unwrap() + "-InvitedUserEmailAddress ".len();
    let (value, rest) = read_ps_single(&line[at..]).unwrap();
    assert_eq!(value, HOSTILE_EMAIL);
    assert!(rest.starts_with(" -InviteRedirectUrl 'https://myapps.microsoft.com/"));
}

/// Runs an az script in a real shell with `az` replaced by a function that prints its
/// arguments: every line, commented-out changes included, must reach az intact.
fn az_arguments(script: &str) -> Vec<Vec<String>> {
    let uncommented: String = script
        .lines()
        .map(|l| {
            l.strip_prefix("# az ")
                .map_or(l.to_owned(), |rest| format!("az {rest}"))
        })
        .collect::<Vec<_>>()
        .join("\n");
    let full = format!("az() {{ printf '%s\\036' \"$@\"; printf '\\035'; }}\n{uncommented}\n");
    let out = Command::new("sh").arg("-c").arg(&full).output().unwrap();
    assert!(out.status.success(), "{out:?}");
    let text = String::from_utf8(out.stdout).unwrap();
    text.split('\u{1D}')
        .filter(|c| !c.is_empty())
        .map(|call| {
            call.split('\u{1E}')
                .filter(|a| !a.is_empty())
                .map(str::to_owned)
                .collect()
        })
        .collect()
}

fn arg_after<'a>(call: &'a [String], flag: &str) -> Option<&'a str> {
    let i = call.iter().position(|a| a == flag)?;
    call.get(i + 1).map(String::as_str)
}

#[test]
fn hostile_address_survives_the_shell() {
    let email = "o'brien\u{2019}s$x`#&+%?\"\\!@contoso.com";
    let inputs = Inputs {
        email: Some(email.into()),
        ..sample()
    };
    let calls = az_arguments(&ok("find-address", &inputs).az);
    let filters: Vec<&str> = calls
        .iter()
        .filter_map(|c| arg_after(c, "--filter"))
        .collect();
    assert_eq!(filters[0], format!("mail eq {}", quote::odata(email)));
    assert_eq!(filters.len(), 6);
    let urls: Vec<&str> = calls.iter().filter_map(|c| arg_after(c, "--url")).collect();
    assert_eq!(urls.len(), 3);
    for u in urls {
        let f = u
            .split_once("$filter=")
            .unwrap()
            .1
            .split('&')
            .next()
            .unwrap();
        assert!(
            url_decode(f).unwrap().contains(&quote::odata(email)[1..]),
            "{u}"
        );
    }

    let email = "o'brien\u{2019}s.x@contoso.com";
    let inputs = Inputs {
        email: Some(email.into()),
        ..sample()
    };
    for id in ["resend-invite", "reset-redemption"] {
        let calls = az_arguments(&ok(id, &inputs).az);
        let body = calls.iter().find_map(|c| arg_after(c, "--body")).unwrap();
        let json: serde_json::Value = serde_json::from_str(body).unwrap();
        assert_eq!(json["invitedUserEmailAddress"], email, "{id}");
    }
}

#[test]
fn recipe_json_has_the_agreed_fields() {
    let v = serde_json::to_value(ok("guest-state", &sample())).unwrap();
    for key in [
        "id",
        "title",
        "tenant",
        "powershell",
        "rest",
        "rest_steps",
        "az",
        "role",
        "permissions",
        "changes",
        "caveats",
        "notes",
        "problems",
    ] {
        assert!(v.get(key).is_some(), "{key}");
    }
    assert_eq!(v["tenant"], "resource");
    for key in ["method", "url", "headers", "body"] {
        assert!(v["rest"].get(key).is_some(), "rest.{key}");
    }
}

fn any_input() -> impl Strategy<Value = Option<String>> {
    let hostile = prop::collection::vec(
        prop_oneof![
            3 => prop::sample::select(vec![
                '\'', '\u{2019}', '\u{2018}', '"', '\u{201C}', '$', '`', '#', '&', '+', '%', '?',
                '/', ' ', '@', '.', '-', '{', '}', '\n', '\0', '\u{202E}', 'a', '0', 'f',
            ]),
            1 => any::<char>(),
        ],
        0..40,
    )
    .prop_map(String::from_iter);
    let near_valid = prop::sample::select(vec![
        EMAIL.to_owned(),
        UPN.to_owned(),
        OBJECT_ID.to_owned(),
        TENANT.to_owned(),
        "50020".to_owned(),
        "500212".to_owned(),
        "30".to_owned(),
        "contoso.com".to_owned(),
    ]);
    prop::option::of(prop_oneof![hostile, near_valid, any::<String>()])
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn render_never_panics_and_never_leaks(
        email in any_input(), upn in any_input(), object_id in any_input(),
        tenant in any_input(), home_tenant in any_input(), app_id in any_input(),
        correlation_id in any_input(), code in any_input(), days in any_input(),
    ) {
        let inputs = Inputs {
            email, upn, object_id, tenant, home_tenant, app_id, correlation_id, code, days,
        };
        for id in RECIPE_IDS {
            match render(id, &inputs) {
                Ok(r) => {
                    for text in [&r.powershell, &r.az] {
                        for line in text.lines() {
                            prop_assert!(quote::check(line).is_ok(), "{}: {:?}", id, line);
                        }
                    }
                    prop_assert!(serde_json::to_string(&r).is_ok());
                    let _ = combined_script(std::slice::from_ref(&r));
                }
                Err(problems) => {
                    prop_assert!(!problems.is_empty());
                    for p in &problems {
                        prop_assert!(quote::check(&p.message).is_ok(), "{:?}", p.message);
                    }
                }
            }
        }
    }
}

#[test]
fn check_reports_each_bad_field_once_and_ignores_empty_ones() {
    use guestlens_analysis::commands::{Inputs, check};
    let inputs = Inputs {
        object_id: Some("not-a-guid".into()),
        app_id: Some("  ".into()),
        email: Some("ann@partner.example".into()),
        ..Inputs::default()
    };
    let problems = check(&inputs);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0].field, "object_id");
    assert!(problems[0].message.contains("not a GUID"));
    assert!(check(&Inputs::default()).is_empty());
}
