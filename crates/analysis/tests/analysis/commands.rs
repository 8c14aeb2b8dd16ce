//! Tests of the commands analysis: snapshots of every recipe in every dialect, validation,
//! hostile values end to end (PowerShell read back, az run in a real shell), and the CLI.
use std::path::PathBuf;
use std::process::Command;

use guestlens_analysis::commands::{
    Inputs, Recipe, RecipeId, Side, combined_script, recipes_for, render, to_text,
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
        cloud: Some("global".into()),
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
        object_tenant: Some(TENANT.into()),
        codes: vec![50020, 90072],
        recipes: vec!["find-address".into(), "reset-redemption".into()],
        cloud: None,
        ..Findings::default()
    }
}

/// An address that is valid, invitable, and full of quote characters.
const HOSTILE_EMAIL: &str = "o'brien\u{2019}s.\u{2018}x\u{201A}\u{201B}'@contoso.com";

#[test]
fn snapshots_of_every_recipe() {
    let mut failures = Vec::new();
    for id in RecipeId::ALL.map(RecipeId::id) {
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
    for id in RecipeId::ALL.map(RecipeId::id) {
        let r = ok(id, &sample());
        assert_eq!(r.id.id(), id);
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
    for id in RecipeId::ALL.map(RecipeId::id) {
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
    for id in RecipeId::ALL.map(RecipeId::id) {
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
    for id in RecipeId::ALL.map(RecipeId::id) {
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
    let ids: Vec<String> = recipes_for(&f)
        .into_iter()
        .map(|r| r.id.id().to_owned())
        .collect();
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
    let reset = recipes
        .iter()
        .find(|r| r.id == RecipeId::ResetRedemption)
        .unwrap();
    assert_eq!(reset.problems[0].field, "object_id");
    assert!(reset.problems[0].missing && reset.powershell.is_empty());
    assert!(
        recipes
            .iter()
            .find(|r| r.id == RecipeId::GuestState)
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
    // Nor is the object ID then: which tenant it belongs to can't be checked.
    assert_eq!(Inputs::from_findings(&named).object_id, None);
    for r in recipes_for(&named) {
        if r.id == RecipeId::ResetRedemption {
            assert_eq!(r.problems[0].field, "object_id");
        } else {
            assert!(r.problems.is_empty(), "{}", r.id.id());
        }
    }
    // Recipe values come from the findings, the first code included.
    let logs = recipes
        .iter()
        .find(|r| r.id == RecipeId::SigninLogs)
        .unwrap();
    assert!(logs.powershell.contains("status/errorCode eq 50020"));
}

#[test]
fn combined_script_comments_out_every_change() {
    let recipes: Vec<Recipe> = RecipeId::ALL
        .iter()
        .map(|r| ok(r.id(), &sample()))
        .collect();
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
        cloud in any_input(),
    ) {
        let inputs = Inputs {
            email, upn, object_id, tenant, home_tenant, app_id, correlation_id, code, days, cloud,
        };
        for id in RecipeId::ALL.map(RecipeId::id) {
            match render(id, &inputs) {
                Ok(r) => {
                    for text in [&r.powershell, &r.az, &r.az_powershell] {
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

// ---- Outputs that could mislead an admin (issue 11) ----

#[test]
fn reset_redemption_asks_for_user_readwrite_all() {
    let r = ok("reset-redemption", &sample());
    // Microsoft: User.ReadWrite.All is the minimum to reset (invitation-post.md).
    assert_eq!(r.permissions, ["User.ReadWrite.All"]);
    assert!(
        r.powershell
            .contains("Connect-MgGraph -Scopes 'User.ReadWrite.All' -TenantId")
    );
    assert!(!r.powershell.contains("User.Invite.All"));
    // It names the object it acts on and the tenant.
    assert!(r.changes.contains("guest object in the resource tenant"));
    assert!(
        r.notes
            .iter()
            .any(|n| n.contains("not an ID from the guest's home tenant"))
    );
}

#[test]
fn deleting_and_restoring_users_ask_for_user_deleterestore_all() {
    for id in ["remove-object", "restore-deleted"] {
        let r = ok(id, &sample());
        assert!(
            r.permissions.contains(&"User.DeleteRestore.All".to_owned()),
            "{id}"
        );
        assert!(
            !r.permissions.contains(&"User.ReadWrite.All".to_owned()),
            "{id}"
        );
        assert!(!r.caveats.iter().any(|c| c.contains("UNVERIFIED")), "{id}");
    }
}

#[test]
fn restore_app_restores_an_application_with_application_permissions() {
    let r = ok("restore-app", &sample());
    assert_eq!(r.id, RecipeId::RestoreApp);
    assert_eq!(r.permissions, ["Application.ReadWrite.All"]);
    assert_eq!(r.role, "Cloud Application Administrator");
    assert!(r.writes);
    assert!(r.rest.url.starts_with(
        "https://graph.microsoft.com/v1.0/directory/deletedItems/microsoft.graph.application?$filter=appId%20eq%20%27"
    ));
    assert!(r.rest.url.contains(APP));
    assert_eq!(r.rest_steps[0].method, "POST");
    assert!(r.rest_steps[0].url.ends_with("/restore"));
    let want = format!("Get-MgDirectoryDeletedItemAsApplication -Filter 'appId eq ''{APP}'''");
    assert!(r.powershell.contains(&want), "{}", r.powershell);
    assert!(
        r.powershell
            .contains("Restore-MgDirectoryDeletedItem -DirectoryObjectId $_.Id -WhatIf")
    );
    // The guest's object ID plays no part; the app ID is needed.
    let no_app = Inputs {
        app_id: None,
        ..sample()
    };
    let p = render("restore-app", &no_app).unwrap_err();
    assert_eq!((p[0].field.as_str(), p[0].missing), ("app_id", true));
    // restore-deleted says where applications go.
    let users = ok("restore-deleted", &sample());
    assert!(users.notes.iter().any(|n| n.contains("restore-app")));
}

#[test]
fn list_guests_counts_every_kind_of_sign_in() {
    let r = ok("list-guests", &sample());
    for dialect in [&r.powershell, &r.az] {
        for field in [
            "LastSignInDateTime",
            "LastNonInteractiveSignInDateTime",
            "LastSuccessfulSignInDateTime",
        ] {
            assert!(
                dialect.to_lowercase().contains(&field.to_lowercase()),
                "{field} missing from\n{dialect}"
            );
        }
    }
    // No server-side filter on the interactive date alone any more.
    assert!(!r.az.contains("lastSignInDateTime%20le"));
    assert!(r.permissions.contains(&"AuditLog.Read.All".to_owned()));
    assert!(r.notes.iter().any(|n| n.contains("P1 or P2")));
    assert!(r.notes.iter().any(|n| n.contains("non-interactively")));
}

/// The filters a PowerShell script hands to `-Filter`, read back from their literals.
fn sdk_filters(ps: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (i, _) in ps.match_indices("-Filter '") {
        let (v, _) = read_ps_single(&ps[i + "-Filter ".len()..]).unwrap();
        out.push(v);
    }
    out
}

/// Every `Invoke-MgGraphRequest -Uri`'s $filter, as the service decodes it.
fn invoked_filters(ps: &str) -> Vec<String> {
    let mut out = Vec::new();
    let head = "Invoke-MgGraphRequest -Method GET -Uri ";
    for (i, _) in ps.match_indices(head) {
        let (url, _) = read_ps_single(&ps[i + head.len()..]).unwrap();
        let (_, query) = url.split_once('?').unwrap();
        for pair in query.split('&') {
            if let Some(v) = pair.strip_prefix("$filter=") {
                out.push(url_decode(v).unwrap());
            }
        }
    }
    out
}

#[test]
fn filters_reach_the_service_as_written_despite_the_sdk_decoding() {
    for email in [
        "ann+guests@contoso.com",
        "a%27)or(x@contoso.com",
        "x%2B@contoso.com",
    ] {
        let inputs = Inputs {
            email: Some(email.into()),
            object_id: None,
            upn: None,
            ..sample()
        };
        // (The invitation recipes refuse + and %: the invitation API does not take them.)
        for id in ["find-address", "guest-state", "signin-logs"] {
            let r = ok(id, &inputs);
            // No -Filter carries a character the SDK would decode.
            for f in sdk_filters(&r.powershell) {
                assert!(!f.contains(['+', '%']), "{id}: -Filter {f}");
            }
            // The address still reaches the service exactly, as an OData literal.
            let sent = invoked_filters(&r.powershell);
            assert!(
                !sent.is_empty(),
                "{id}: no Invoke-MgGraphRequest for {email}"
            );
            for f in &sent {
                let lit = f.find('\'').map(|at| &f[at..]).unwrap();
                let (v, _) = read_odata(lit).unwrap();
                let ext = email.replace('@', "_");
                assert!(v.contains(email) || v.contains(&ext), "{id}: {f}");
            }
            // The same filters as the REST form.
            let rest: Vec<String> = std::iter::once(&r.rest)
                .chain(&r.rest_steps)
                .filter_map(|c| c.url.split_once("$filter=").map(|(_, q)| q.to_owned()))
                .map(|q| url_decode(q.split('&').next().unwrap()).unwrap())
                .collect();
            for f in &sent {
                assert!(rest.contains(f), "{id}: {f} not in the REST form");
            }
            assert!(
                r.notes.iter().any(|n| n.contains("Invoke-MgGraphRequest")),
                "{id}"
            );
        }
    }
    // A hostile %27 that is a valid address shape reaches the service as %27, not a quote.
    let hostile = Inputs {
        email: Some("a%27or%27@contoso.com".into()),
        ..sample()
    };
    let r = ok("find-address", &hostile);
    assert!(sdk_filters(&r.powershell).iter().all(|f| !f.contains('%')));
    assert!(r.powershell.contains("a%2527or%2527%40contoso.com"));
    // Plain addresses keep the cmdlets.
    let r = ok("find-address", &sample());
    assert!(!r.powershell.contains("Invoke-MgGraphRequest"));
    assert!(r.powershell.contains("Get-MgUser -Filter $_"));
}

#[test]
fn invisible_characters_are_refused_in_every_field() {
    use guestlens_analysis::commands::{Field, check};
    for c in [
        '\u{00AD}', '\u{200C}', '\u{200D}', '\u{2061}', '\u{180E}', '\u{034F}', '\u{3164}',
    ] {
        for field in Field::ALL {
            let mut inputs = sample();
            let good = field.raw(&inputs).unwrap().to_owned();
            *field.slot(&mut inputs) = Some(format!("{}{c}{}", &good[..1], &good[1..]));
            let problems = check(&inputs);
            assert_eq!(problems.len(), 1, "{}: {problems:?}", field.key());
            let want = format!("U+{:04X} (", c as u32);
            assert!(
                problems[0].message.contains(&want),
                "{}",
                problems[0].message
            );
            assert!(
                !problems[0].message.contains("(character)"),
                "{}",
                problems[0].message
            );
        }
    }
}

#[test]
fn a_found_object_id_is_never_the_target_of_a_removal() {
    use guestlens_analysis::commands::inputs_for;
    // The findings' object ID is the guest's own (the token's oid).
    let f = Findings {
        recipes: vec![
            "remove-object".into(),
            "restore-deleted".into(),
            "reset-redemption".into(),
        ],
        ..sample_findings()
    };
    let recipes = recipes_for(&f);
    for r in &recipes {
        let text = format!("{}{}{}", r.powershell, r.az, r.rest.url);
        match r.id {
            RecipeId::RemoveObject | RecipeId::RestoreDeleted => {
                assert!(
                    !text.contains(OBJECT_ID),
                    "{} takes the guest's own",
                    r.id.id()
                );
                assert_eq!(r.problems[0].field, "object_id");
                assert!(r.problems[0].missing);
            }
            RecipeId::ResetRedemption | RecipeId::GuestState => {
                assert!(r.problems.is_empty(), "{}", r.id.id());
                assert!(r.powershell.contains(OBJECT_ID), "{}", r.id.id());
            }
            _ => {}
        }
    }
    let remove = recipes
        .iter()
        .find(|r| r.id == RecipeId::RemoveObject)
        .unwrap();
    assert!(remove.problems[0].message.contains("never the guest's own"));

    // A typed object ID is used, and the text names it and says why it is suggested.
    let other = "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee";
    let found = Inputs::from_findings(&f);
    let typed = Inputs {
        object_id: Some(other.into()),
        ..found.clone()
    };
    let r = render(
        "remove-object",
        &inputs_for(RecipeId::RemoveObject, &typed, &found),
    )
    .unwrap();
    assert!(r.changes.contains(other));
    assert!(r.powershell.contains(&format!("# Acts on object {other}")));
    assert!(
        r.notes
            .iter()
            .any(|n| n.starts_with("Suggested when another user or contact"))
    );
    // The found one is dropped for removal, kept for the guest's own recipes.
    assert_eq!(
        inputs_for(RecipeId::RemoveObject, &found, &found).object_id,
        None
    );
    assert_eq!(
        inputs_for(RecipeId::GuestState, &found, &found)
            .object_id
            .as_deref(),
        Some(OBJECT_ID)
    );
}

#[test]
fn aadsts90072_is_looked_up_in_the_home_tenant_by_address() {
    // 90072 is logged in the guest's home tenant; the resource tenant logs 50020.
    let mut i = sample();
    i.code = Some("90072".into());
    let r = ok("signin-logs", &i);
    assert_eq!(r.tenant, Side::Home);
    assert!(
        r.powershell.contains(&format!("-TenantId '{HOME}'")),
        "{}",
        r.powershell
    );
    assert!(!r.powershell.contains(TENANT), "{}", r.powershell);
    // The guest object's ID and #EXT# name belong to the resource tenant: not used at home.
    assert!(!r.powershell.contains(OBJECT_ID) && !r.powershell.contains("EXT"));
    assert!(
        r.powershell
            .contains(&format!("userPrincipalName eq ''{EMAIL}''"))
    );
    assert!(r.notes.iter().any(|n| n.contains("AADSTS50020")));
    // Every other code is looked up where the guest signs in, by the guest object's ID.
    let r = ok("signin-logs", &sample());
    assert_eq!(r.tenant, Side::Resource);
    assert!(r.powershell.contains(&format!("-TenantId '{TENANT}'")));
    assert!(r.powershell.contains(OBJECT_ID));
}

#[test]
fn the_apps_own_settings_answer_the_checklists_app_questions() {
    // Sign-in logs cannot show an app's audience or its assignment rule; app-access reads them.
    let f = guestlens_analysis::errors::guidance::Facts {
        user: Some(EMAIL),
        user_masked: false,
        idp: Some("live.com"),
        tenant: None,
        authority: Some("common"),
    };
    let items = guestlens_analysis::errors::guidance::checklist(&f);
    for id in [
        "single_tenant_via_common",
        "personal_account_work_app",
        "assignment_required",
    ] {
        let item = items.iter().find(|i| i.id == id).expect(id);
        assert_eq!(item.recipe.as_deref(), Some("app-access"), "{id}");
    }
    let r = ok("app-access", &sample());
    for read in [
        "signInAudience",
        "appRoleAssignmentRequired",
        "appOwnerOrganizationId",
    ] {
        assert!(r.rest.url.contains(read), "{read}");
    }
    assert!(r.rest.url.contains(APP));
    assert!(
        r.rest_steps[0]
            .url
            .contains(&format!("users/{OBJECT_ID}/appRoleAssignments"))
    );
    assert!(!r.writes);
    // Without the app there is nothing to read; without the guest, only the app is read.
    let mut i = sample();
    i.app_id = None;
    assert_eq!(render("app-access", &i).unwrap_err()[0].field, "app_id");
    i = sample();
    i.object_id = None;
    let r = ok("app-access", &i);
    assert!(r.rest_steps.is_empty());
    assert!(!r.powershell.contains("AppRoleAssignment -UserId"));
    // The least scope for what is read: the service principal alone, or the assignments too.
    assert_eq!(r.permissions, ["Application.Read.All"]);
    assert_eq!(
        ok("app-access", &sample()).permissions,
        ["Directory.Read.All"]
    );
    assert_eq!(r.role, "Directory Readers");
    // AADSTS65001: the tenant-wide consent address for this tenant and app, with who may use it.
    assert!(!r.notes.iter().any(|n| n.contains("adminconsent")));
    i.code = Some("65001".into());
    let r = ok("app-access", &i);
    let consent = r
        .notes
        .iter()
        .find(|n| n.contains("adminconsent"))
        .expect("a consent note");
    assert!(
        consent.contains(&format!(
            "https://login.microsoftonline.com/{TENANT}/adminconsent?client_id={APP}"
        )),
        "{consent}"
    );
    assert!(
        consent.contains("Privileged Role Administrator"),
        "{consent}"
    );
}

#[test]
fn documented_roles_and_filters_carry_no_doubt_mark() {
    // entra-facts' corrections: Microsoft documents these, so the caveats cite and do not doubt.
    for (id, topic, url) in [
        (
            "find-address",
            "filtered by proxyAddresses",
            "graph/api/resources/orgcontact",
        ),
        (
            "xtap-read",
            "Security Reader",
            "graph/api/crosstenantaccesspolicy-get",
        ),
        (
            "authorization-policy",
            "Privileged Role",
            "graph/api/authorizationpolicy-update",
        ),
    ] {
        let r = ok(id, &sample());
        let caveat = r.caveats.iter().find(|c| c.contains(topic)).expect(id);
        for mark in ["[UNVERIFIED]", "[unofficial]", "[inference]"] {
            assert!(!caveat.contains(mark), "{id}: {caveat}");
        }
        assert!(r.sources.iter().any(|s| s.url.contains(url)), "{id}");
    }
}

#[test]
fn no_recipe_connects_to_the_personal_account_tenant() {
    // A personal-account guest's token names Microsoft's consumer tenant as "home".
    let msa = "9188040D-6C67-4C5B-B112-36A304B66DAD";
    let mut i = sample();
    i.home_tenant = Some(msa.into());
    for (id, code) in [
        ("first-party-sps", "50020"),
        ("xtap-read", "500213"),
        ("xtap-read", "500212"),
    ] {
        i.code = Some(code.into());
        let p = render(id, &i).expect_err(id);
        assert_eq!(p[0].field, "home_tenant", "{id}");
        assert!(
            p[0].message.contains("personal accounts"),
            "{id}: {}",
            p[0].message
        );
    }
    let p = render("xtap-read", &{
        let mut x = i.clone();
        x.code = Some("500213".into());
        x
    })
    .unwrap_err();
    assert!(
        p[0].message.contains("not personal accounts"),
        "{}",
        p[0].message
    );
    // A personal account's 90072 is looked up in the resource tenant, as the 50020 it logs there.
    i.code = Some("90072".into());
    let logs = ok("signin-logs", &i);
    assert_eq!(logs.tenant, Side::Resource);
    assert!(
        logs.powershell.contains("status/errorCode eq 50020"),
        "{}",
        logs.powershell
    );
    assert!(!logs.powershell.to_lowercase().contains(&msa.to_lowercase()));
    // The resource tenant's sign-in log says nothing of a home tenant log a personal account lacks.
    i.code = Some("50020".into());
    let logs = ok("signin-logs", &i);
    assert!(
        !logs.notes.iter().any(|n| n.contains("home tenant logs")),
        "{:?}",
        logs.notes
    );
    assert!(
        ok("signin-logs", &sample())
            .notes
            .iter()
            .any(|n| n.contains("home tenant logs"))
    );
    // Recipes in the resource tenant do not care where the guest comes from.
    i.code = Some("50020".into());
    for id in ["signin-logs", "guest-state", "find-address"] {
        let r = ok(id, &i);
        assert!(
            !r.powershell.to_lowercase().contains(&msa.to_lowercase()),
            "{id}"
        );
    }
}

#[test]
fn an_object_id_is_only_used_in_the_tenant_that_issued_it() {
    use guestlens_analysis::commands::inputs_for;
    // The token came from the home tenant: its oid names nothing in the resource tenant.
    let from_home = Findings {
        object_tenant: Some(HOME.into()),
        ..sample_findings()
    };
    assert_eq!(Inputs::from_findings(&from_home).object_id, None);
    // Unknown issuer: not used either.
    let unknown = Findings {
        object_tenant: None,
        ..sample_findings()
    };
    assert_eq!(Inputs::from_findings(&unknown).object_id, None);
    // Issued by the resource tenant: used, whatever the case of the tenant ID.
    let here = Findings {
        object_tenant: Some(TENANT.to_uppercase()),
        ..sample_findings()
    };
    let found = Inputs::from_findings(&here);
    assert_eq!(found.object_id.as_deref(), Some(OBJECT_ID));
    // The tenant changed by hand: the found object ID no longer goes with it.
    let moved = Inputs {
        tenant: Some(HOME.into()),
        ..found.clone()
    };
    assert_eq!(
        inputs_for(RecipeId::GuestState, &moved, &found).object_id,
        None
    );
    // Findings from a real token carry the issuer with the object ID.
    for s in guestlens_analysis::token::samples::SAMPLES {
        let Some(t) = guestlens_analysis::token::samples::token(s.id, 1_764_000_000) else {
            continue;
        };
        let f = guestlens_analysis::analyze(&t, 1_764_000_000).findings;
        if f.object_id.is_some() {
            assert!(f.object_tenant.is_some(), "{}", s.id);
        }
    }
}

// ---- The form's state (commands::form) ----

mod form {
    use guestlens_analysis::commands::form::{Action, Form};
    use guestlens_analysis::commands::{Field, RecipeId};
    use guestlens_analysis::findings::Findings;

    use super::{EMAIL, OBJECT_ID, TENANT, sample_findings};

    #[test]
    fn a_typed_value_survives_a_later_paste_and_the_found_one_stays_reachable() {
        let form = Form::new(&sample_findings());
        assert_eq!(form.value(Field::Email), EMAIL);
        let form = form.reduce(Action::Edit(Field::Email, "bea@contoso.com".into()));
        assert_eq!(form.value(Field::Email), "bea@contoso.com");
        assert_eq!(form.hidden_found(Field::Email), Some(EMAIL));
        // Another paste finds another address: the hand edit stays, the found one changes.
        let next = Findings {
            email: Some("cy@contoso.com".into()),
            ..sample_findings()
        };
        let form = form.reduce(Action::Findings(Box::new(next)));
        assert_eq!(form.value(Field::Email), "bea@contoso.com");
        assert_eq!(form.hidden_found(Field::Email), Some("cy@contoso.com"));
        assert_eq!(form.inputs().email.as_deref(), Some("bea@contoso.com"));
        // "Use found value" brings it back, and then pastes fill it again.
        let form = form.reduce(Action::UseFound(Field::Email));
        assert_eq!(form.value(Field::Email), "cy@contoso.com");
        assert_eq!(form.hidden_found(Field::Email), None);
        let form = form.reduce(Action::Findings(Box::new(sample_findings())));
        assert_eq!(form.value(Field::Email), EMAIL);
    }

    #[test]
    fn the_guests_own_object_id_typed_by_hand_is_never_removed() {
        // The walkthrough's case: the found ID was refused, then typed again by hand (in
        // capitals, with a space) — remove-object must still refuse it; other recipes take it.
        let form = Form::new(&sample_findings())
            .reduce(Action::Toggle(RecipeId::RemoveObject))
            .reduce(Action::Toggle(RecipeId::RestoreDeleted))
            .reduce(Action::Edit(
                Field::ObjectId,
                format!(" {} ", OBJECT_ID.to_uppercase()),
            ));
        let recipes = form.recipes();
        let remove = recipes
            .iter()
            .find(|r| r.id == RecipeId::RemoveObject)
            .unwrap();
        let text = format!("{}{}{}", remove.powershell, remove.az, remove.changes).to_lowercase();
        assert!(!text.contains(OBJECT_ID), "{text}");
        assert_eq!(remove.problems[0].field, "object_id");
        assert!(remove.problems[0].message.contains("guest's own"));
        let restore = recipes
            .iter()
            .find(|r| r.id == RecipeId::RestoreDeleted)
            .unwrap();
        assert!(restore.problems.is_empty(), "{:?}", restore.problems);
        assert!(
            form.script()
                .to_lowercase()
                .matches("remove-mguser")
                .count()
                == 0
        );
        // Another object typed by hand is removed as before.
        let other = "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee";
        let form = form.reduce(Action::Edit(Field::ObjectId, other.into()));
        let remove = form
            .recipes()
            .into_iter()
            .find(|r| r.id == RecipeId::RemoveObject)
            .unwrap();
        assert!(remove.problems.is_empty());
        assert!(
            remove
                .powershell
                .contains(&format!("Remove-MgUser -UserId '{other}'"))
        );
    }

    #[test]
    fn clearing_by_hand_is_an_edit_too() {
        let form = Form::new(&sample_findings()).reduce(Action::Edit(Field::Email, String::new()));
        assert_eq!(form.value(Field::Email), "");
        assert_eq!(form.inputs().email, None);
        assert_eq!(form.hidden_found(Field::Email), Some(EMAIL));
        let form = form.reduce(Action::Findings(Box::new(sample_findings())));
        assert_eq!(form.inputs().email, None);
    }

    #[test]
    fn recipes_follow_the_findings_until_ticked_by_hand() {
        let form = Form::new(&sample_findings());
        let suggested = [
            RecipeId::FindAddress,
            RecipeId::ResetRedemption,
            RecipeId::GuestState,
            RecipeId::SigninLogs,
        ];
        assert_eq!(form.chosen(), suggested);
        assert_eq!(&form.order()[..4], suggested);
        assert_eq!(form.order().len(), RecipeId::ALL.len());
        let form = form
            .reduce(Action::Toggle(RecipeId::GuestState))
            .reduce(Action::Toggle(RecipeId::ListGuests));
        assert_eq!(
            form.chosen(),
            [
                RecipeId::FindAddress,
                RecipeId::ResetRedemption,
                RecipeId::SigninLogs,
                RecipeId::ListGuests
            ]
        );
        let ids: Vec<RecipeId> = form.recipes().iter().map(|r| r.id).collect();
        assert_eq!(ids, form.chosen());
        // Nothing known: find-address alone.
        assert_eq!(
            Form::new(&Findings::default()).chosen(),
            [RecipeId::FindAddress]
        );
    }

    #[test]
    fn the_guest_object_id_reaches_only_the_guest_recipes_unless_typed() {
        let form = Form::new(&sample_findings()).reduce(Action::Toggle(RecipeId::RemoveObject));
        let remove = form
            .recipes()
            .into_iter()
            .find(|r| r.id == RecipeId::RemoveObject)
            .unwrap();
        assert_eq!(remove.problems[0].field, "object_id");
        assert!(
            remove.problems[0]
                .message
                .contains("found in the token: it is the guest's own"),
            "{}",
            remove.problems[0].message
        );
        let reset = form
            .recipes()
            .into_iter()
            .find(|r| r.id == RecipeId::ResetRedemption)
            .unwrap();
        assert!(reset.powershell.contains(OBJECT_ID));
        // Typed by hand, the same ID is still the guest's own: a removal never takes it (see
        // the_guests_own_object_id_typed_by_hand_is_never_removed), the guest's recipes do.
        let form = form.reduce(Action::Edit(Field::ObjectId, OBJECT_ID.into()));
        let recipes = form.recipes();
        let remove = recipes
            .iter()
            .find(|r| r.id == RecipeId::RemoveObject)
            .unwrap();
        assert_eq!(remove.problems[0].field, "object_id");
        assert!(!remove.powershell.contains(OBJECT_ID));
        let reset = recipes
            .iter()
            .find(|r| r.id == RecipeId::ResetRedemption)
            .unwrap();
        assert!(reset.powershell.contains(OBJECT_ID));
        assert_eq!(form.value(Field::Tenant), TENANT);
    }

    #[test]
    fn problems_and_script_follow_the_values() {
        let form = Form::new(&sample_findings()).reduce(Action::Edit(Field::AppId, "nope".into()));
        let problems = form.problems();
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].field, Field::AppId.key());
        assert!(form.script().contains("==== find-address:"));
    }
}

#[test]
fn every_recipe_has_its_own_file_and_takes_title_and_side_from_its_id() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src/commands/recipes");
    for id in RecipeId::ALL {
        let file = dir.join(format!("{}.rs", id.id().replace('-', "_")));
        let text = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{file:?}: {e}"));
        // Its first line says what it is, and a Why line says what it is for.
        assert!(text.starts_with(&format!("//! {}: ", id.id())), "{file:?}");
        assert!(text.contains("//! Why: "), "{file:?}");
        let r = ok(id.id(), &sample());
        assert_eq!(r.title, id.title());
        let side = if id.runs_at_home() {
            Side::Home
        } else {
            Side::Resource
        };
        assert_eq!(r.tenant, side, "{}", id.id());
    }
}

// ---- Every cloud, every shell, and sources (issue 11, Deliver 2 and 7) ----

#[test]
fn every_recipe_cites_https_sources_and_carries_them_in_json() {
    use guestlens_analysis::commands::sources_of;
    for id in RecipeId::ALL {
        let r = ok(id.id(), &sample());
        assert!(!r.sources.is_empty(), "{}", id.id());
        assert_eq!(r.sources, sources_of(id), "{}", id.id());
        for s in &r.sources {
            assert!(
                s.url.starts_with("https://learn.microsoft.com/"),
                "{}: {}",
                id.id(),
                s.url
            );
            assert!(!s.url.contains(['"', '<', '>', ' ', '\'']), "{}", s.url);
            assert!(!s.title.is_empty() && s.checked.len() == 10, "{}", id.id());
        }
        let v = serde_json::to_value(&r).unwrap();
        assert_eq!(v["sources"][0]["url"], r.sources[0].url);
        assert!(v["sources"][0]["checked"].is_string());
        // A blocked recipe still says where it comes from.
        let blocked = guestlens_analysis::commands::render_or_blocked(
            id,
            &Inputs {
                email: Some("no address".into()),
                object_id: Some("nope".into()),
                app_id: Some("nope".into()),
                correlation_id: Some("nope".into()),
                ..Inputs::default()
            },
        );
        assert_eq!(blocked.sources, sources_of(id), "{}", id.id());
    }
    // The permissions the changed facts rest on have their page.
    let reset = ok("reset-redemption", &sample());
    assert!(
        reset
            .sources
            .iter()
            .any(|s| s.url.ends_with("/reset-redemption-status"))
    );
    let restore = ok("restore-app", &sample());
    assert!(
        restore
            .sources
            .iter()
            .any(|s| s.url.contains("directory-deleteditems-restore"))
    );
}

#[test]
fn each_cloud_has_its_graph_host_environment_and_az_cloud() {
    use guestlens_analysis::commands::Cloud;
    // Get-MgEnvironment's built-in list and Microsoft Graph national cloud deployments.
    let want = [
        ("global", "https://graph.microsoft.com", None, None),
        (
            "usgov",
            "https://graph.microsoft.us",
            Some("USGov"),
            Some("AzureUSGovernment"),
        ),
        (
            "usgovdod",
            "https://dod-graph.microsoft.us",
            Some("USGovDoD"),
            Some("AzureUSGovernment"),
        ),
        (
            "china",
            "https://microsoftgraph.chinacloudapi.cn",
            Some("China"),
            Some("AzureChinaCloud"),
        ),
    ];
    for (key, host, env, az_cloud) in want {
        let inputs = Inputs {
            cloud: Some(key.to_uppercase()),
            ..sample()
        };
        for id in RecipeId::ALL {
            let r = ok(id.id(), &inputs);
            assert_eq!(r.cloud.key(), key);
            let calls: Vec<&str> = std::iter::once(&r.rest)
                .chain(&r.rest_steps)
                .map(|c| c.url.as_str())
                .collect();
            for u in &calls {
                assert!(u.starts_with(&format!("{host}/")), "{}: {u}", id.id());
            }
            let connect = r
                .powershell
                .lines()
                .find(|l| l.starts_with("Connect-MgGraph"))
                .unwrap();
            match env {
                Some(e) => assert!(
                    connect.starts_with(&format!("Connect-MgGraph -Environment {e} -Scopes")),
                    "{connect}"
                ),
                None => assert!(!connect.contains("-Environment"), "{connect}"),
            }
            for script in [&r.az, &r.az_powershell] {
                let set = script.lines().position(|l| l.starts_with("az cloud set"));
                let login = script
                    .lines()
                    .position(|l| l.starts_with("az login"))
                    .unwrap();
                match az_cloud {
                    Some(n) => {
                        assert!(
                            script.contains(&format!("\naz cloud set --name {n}\n")),
                            "{}",
                            id.id()
                        );
                        assert!(set.unwrap() < login, "cloud set comes before login");
                    }
                    None => assert_eq!(set, None),
                }
                // No other cloud's Graph host anywhere.
                for other in Cloud::ALL.map(Cloud::graph).iter().filter(|h| **h != host) {
                    assert!(
                        !script.contains(&format!("{other}/")),
                        "{}: {other}",
                        id.id()
                    );
                }
            }
            // az rest cannot derive the DoD audience: it is named.
            let rests = r.az.lines().filter(|l| l.contains("az rest ")).count();
            let named = r.az.matches(&format!("--resource {host}")).count();
            assert_eq!(
                named,
                if key == "usgovdod" { rests } else { 0 },
                "{}",
                id.id()
            );
            if key != "global" {
                assert!(
                    r.sources
                        .iter()
                        .any(|s| s.url.ends_with("/graph/deployments"))
                );
                assert!(r.notes.iter().any(|n| n.contains(host)), "{}", id.id());
            }
        }
    }
    assert_eq!(Cloud::parse("AzureChinaCloud"), Some(Cloud::China));
    assert_eq!(Cloud::parse("USGovDoD"), Some(Cloud::Usgovdod));
    assert_eq!(Cloud::parse("AzureUSGovernment"), Some(Cloud::Usgov));
    let bad = Inputs {
        cloud: Some("mars".into()),
        ..sample()
    };
    let err = render("guest-state", &bad).unwrap_err();
    assert_eq!(err[0].field, "cloud");
}

#[test]
fn the_cloud_comes_from_the_findings() {
    use guestlens_analysis::token::Cloud as TokenCloud;
    let f = Findings {
        cloud: Some(TokenCloud::Usgov),
        ..sample_findings()
    };
    assert_eq!(Inputs::from_findings(&f).cloud.as_deref(), Some("usgov"));
    for r in recipes_for(&f) {
        assert_eq!(r.cloud.key(), "usgov");
        // L4 is a guess from the token: the notes say how to pick L5.
        assert!(r.problems.is_empty() || r.powershell.is_empty());
        if r.problems.is_empty() {
            assert!(
                r.notes.iter().any(|n| n.contains("usgovdod")),
                "{}",
                r.id.id()
            );
        }
    }
    assert_eq!(Inputs::from_findings(&sample_findings()).cloud, None);
}

/// Runs an az script in dash with `az` printing its arguments (to fd 3, so `id=$(az …)` is
/// recorded too) and returns each call's arguments after az's @file expansion.
fn posix_az_calls(script: &str) -> Vec<Vec<String>> {
    let uncommented: String = script
        .lines()
        .map(|l| match l.strip_prefix("# ") {
            Some(rest) if rest.starts_with("az ") || rest.contains("=$(az ") => rest.to_owned(),
            _ => l.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("\n");
    let dir = std::env::temp_dir().join(format!("guestlens-az-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let full = format!(
        "exec 3>&1 1>/dev/null\naz() {{ printf '%s\\036' \"$@\" >&3; printf '\\035' >&3; }}\n{uncommented}\n"
    );
    let out = Command::new("sh")
        .current_dir(&dir)
        .arg("-c")
        .arg(&full)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let text = String::from_utf8(out.stdout).unwrap();
    let mut read = |p: &str| std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{p}: {e}"));
    text.split('\u{1D}')
        .filter(|c| !c.is_empty())
        .filter(|c| !c.starts_with("cloud\u{1E}") && !c.starts_with("login\u{1E}"))
        .map(|call| {
            call.split('\u{1E}')
                .filter(|a| !a.is_empty())
                .map(|a| super::quote::az_expand(a, &mut read))
                .collect()
        })
        .collect()
}

/// Reads an az script written for PowerShell the way Windows would run it (see the model in
/// quote.rs): each argument as PowerShell evaluates it, the command line in Legacy and
/// Standard mode (which must agree), cmd.exe (which must find nothing to act on), the C
/// runtime's split and az's @file expansion. Returns each call's arguments.
fn pwsh_az_calls(script: &str) -> Vec<Vec<String>> {
    use super::quote::{az_expand, cmd_reads_plainly, legacy_arg, msvcrt_argv, standard_arg};
    let mut calls = Vec::new();
    for line in script.lines() {
        let line = line.strip_prefix("# ").unwrap_or(line);
        let line = line.strip_prefix("$id = ").unwrap_or(line);
        let line = line
            .split(" | Set-Content -Encoding utf8 -LiteralPath ")
            .next()
            .unwrap();
        let Some(mut rest) = line.strip_prefix("az ") else {
            continue;
        };
        if rest.starts_with("cloud set") || rest.starts_with("login ") {
            continue;
        }
        let mut files: Vec<String> = Vec::new();
        let mut args: Vec<String> = Vec::new();
        while !rest.is_empty() {
            let (arg, after) = if let Some(inner) = rest.strip_prefix("(AzArgFile ") {
                let (v, after) = read_ps_single(inner).unwrap();
                files.push(v);
                let after = after.strip_prefix(')').expect("AzArgFile call closes");
                (
                    format!(r"@C:\Users\ann\AppData\Local\Temp\tmp{}.tmp", files.len()),
                    after,
                )
            } else if rest.starts_with('\'') {
                read_ps_single(rest).unwrap()
            } else if let Some(inner) = rest.strip_prefix('"') {
                // Only our "…$id…" form: the variable is empty, as in the POSIX run.
                let (v, after) = inner.split_once('"').unwrap();
                assert!(!v.contains('`'), "{v}");
                (v.replace("$id", ""), after)
            } else {
                let end = rest.find(' ').unwrap_or(rest.len());
                let word = &rest[..end];
                assert!(
                    word.bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b"._:/=-".contains(&b)),
                    "bare word {word}"
                );
                (word.to_owned(), &rest[end..])
            };
            args.push(arg);
            rest = after.strip_prefix(' ').unwrap_or(after);
        }
        let legacy: Vec<String> = args.iter().map(|a| legacy_arg(a)).collect();
        let standard: Vec<String> = args.iter().map(|a| standard_arg(a)).collect();
        assert_eq!(legacy, standard, "{line}");
        let cmdline = format!("az {}", legacy.join(" "));
        cmd_reads_plainly(&cmdline).unwrap();
        let argv = msvcrt_argv(&cmdline);
        let mut read = |p: &str| {
            let n: usize = p
                .trim_start_matches(r"C:\Users\ann\AppData\Local\Temp\tmp")
                .trim_end_matches(".tmp")
                .parse()
                .unwrap_or_else(|_| panic!("az reads {p}, which the script did not write"));
            files[n - 1].clone()
        };
        calls.push(argv[1..].iter().map(|a| az_expand(a, &mut read)).collect());
    }
    calls
}

#[test]
fn both_az_dialects_hand_az_the_same_arguments_whatever_the_values() {
    let mut emails: Vec<String> = super::quote::HOSTILE
        .iter()
        .filter(|v| {
            !v.contains(char::is_whitespace)
                && !v.contains('@')
                && !v.starts_with('-')
                && !v.is_empty()
        })
        .map(|v| format!("{v}@contoso.com"))
        .collect();
    emails.extend([
        HOSTILE_EMAIL.to_owned(),
        "a=@contoso.com".to_owned(),
        "x%PATH%y@contoso.com".to_owned(),
        "a!b!@contoso.com".to_owned(),
        "a^&b|c@contoso.com".to_owned(),
        "ann+guests@contoso.com".to_owned(),
    ]);
    let mut checked = 0;
    for cloud in ["global", "usgovdod"] {
        for email in &emails {
            let inputs = Inputs {
                email: Some(email.clone()),
                cloud: Some(cloud.into()),
                ..sample()
            };
            for id in RecipeId::ALL {
                let Ok(r) = render(id.id(), &inputs) else {
                    continue;
                };
                let posix = posix_az_calls(&r.az);
                let pwsh = pwsh_az_calls(&r.az_powershell);
                assert!(!posix.is_empty(), "{}", id.id());
                assert_eq!(pwsh, posix, "{} {email:?}", id.id());
                checked += 1;
            }
        }
    }
    assert!(checked > 100, "{checked}");
    // The values reach az as typed: the find-address filter holds the address.
    let r = ok(
        "find-address",
        &Inputs {
            email: Some(HOSTILE_EMAIL.into()),
            ..sample()
        },
    );
    let calls = pwsh_az_calls(&r.az_powershell);
    assert_eq!(
        calls[0][4],
        format!("mail eq {}", quote::odata(HOSTILE_EMAIL))
    );
    // A value az would read as a file name goes through a file in both shells.
    let r = ok(
        "find-address",
        &Inputs {
            email: Some("a=@contoso.com".into()),
            ..sample()
        },
    );
    assert!(
        r.az.contains("\"$(azfile 'mail eq '\\''a=@contoso.com'\\''')\""),
        "{}",
        r.az
    );
    assert!(
        r.az_powershell
            .contains("--filter (AzArgFile 'mail eq ''a=@contoso.com''')")
    );
    // Plain values stay readable on the command line.
    let r = ok("find-address", &sample());
    assert!(
        r.az_powershell
            .contains("az ad user list --filter 'mail eq ''alex@contoso.com'''")
    );
}

#[test]
fn resend_invite_names_each_clouds_sender_and_no_tenantless_redemption_link() {
    for (cloud, sender) in [
        ("global", "Invites@microsoft.com"),
        ("usgov", "invites@azuread.us"),
        ("usgovdod", "invites@azuread.us"),
        ("china", "Invites@oe.21vianet.com"),
    ] {
        let r = ok(
            "resend-invite",
            &Inputs {
                cloud: Some(cloud.into()),
                ..sample()
            },
        );
        let notes = r.notes.join("\n");
        assert!(
            notes.contains(&format!("allow {sender}.")),
            "{cloud}: {notes}"
        );
        assert_eq!(
            notes.matches("allow ").count(),
            1,
            "{cloud}: one sender only: {notes}"
        );
    }
    // Without the resource tenant, plain My Apps would sign the guest in at home.
    let r = ok(
        "resend-invite",
        &Inputs {
            tenant: None,
            ..sample()
        },
    );
    let notes = r.notes.join("\n");
    assert!(
        !notes.contains("open https://myapps.microsoft.com and sign in"),
        "{notes}"
    );
    assert!(notes.contains("?tenantid=<your tenant ID>"), "{notes}");
    assert!(notes.contains("Sign in to an organization"), "{notes}");
}

#[test]
fn every_connection_a_recipe_writes_names_its_cloud_even_commented() {
    for id in guestlens_analysis::commands::RECIPE_IDS {
        let Ok(r) = render(
            id,
            &Inputs {
                cloud: Some("china".into()),
                ..sample()
            },
        ) else {
            continue;
        };
        for line in r
            .powershell
            .lines()
            .filter(|l| l.contains("Connect-MgGraph"))
        {
            assert!(line.contains("-Environment China"), "{id}: {line}");
        }
    }
    // The home tenant's change is connected to the home tenant, not under the resource's.
    let r = ok("authorization-policy", &sample());
    let ps = r.powershell;
    let home_connect = ps
        .find(&format!("-TenantId '{HOME}'"))
        .expect("a connection to the home tenant");
    let change = ps
        .find("-AllowEmailVerifiedUsersToJoinOrganization")
        .expect("the home tenant's change");
    assert!(home_connect < change);
    assert!(
        ps.get(home_connect..change)
            .is_some_and(|between| !between.contains(TENANT)),
        "{ps}"
    );
}

#[test]
fn a_national_cloud_gets_no_global_portal_or_sign_in_address() {
    for cloud in ["usgov", "usgovdod", "china"] {
        let inputs = Inputs {
            cloud: Some(cloud.into()),
            code: Some("700016".into()),
            ..sample()
        };
        let r = ok("resend-invite", &inputs);
        let all = format!(
            "{}\n{:?}\n{:?}\n{}",
            r.powershell, r.notes, r.rest_steps, r.az
        );
        assert!(!all.contains("myapps.microsoft.com"), "{cloud}: {all}");
        let r = ok("app-access", &inputs);
        assert!(
            r.notes
                .iter()
                .all(|n| !n.contains("login.microsoftonline.com")),
            "{cloud}: {:?}",
            r.notes
        );
    }
}

#[test]
fn only_the_documented_cross_cloud_worker_is_re_enabled() {
    // Approval Management's role in B2B is not documented: listed, never turned back on.
    let r = ok("first-party-sps", &sample());
    assert!(
        r.rest_steps.iter().all(|c| c.method != "PATCH"),
        "{:?}",
        r.rest_steps
    );
    let update = r
        .powershell
        .lines()
        .find(|l| l.contains("Update-MgServicePrincipal"))
        .expect("a re-enable step");
    assert!(
        update.contains("$_.DisplayName -eq 'Microsoft B2B Cross Cloud Worker'"),
        "{update}"
    );
    for az in [&r.az, &r.az_powershell] {
        assert!(
            !az.lines()
                .any(|l| l.contains("patch") && l.contains("65d91a3d")),
            "{az}"
        );
    }
}

#[test]
fn a_personal_accounts_consumer_tenant_is_never_connected_to_as_a_home() {
    let personal = Inputs {
        home_tenant: Some("9188040d-6c67-4c5b-b112-36a304b66dad".into()),
        ..sample()
    };
    let r = ok("authorization-policy", &personal);
    assert!(!r.powershell.contains("9188040d"), "{}", r.powershell);
    assert!(!r.powershell.contains("home tenant"), "{}", r.powershell);
    assert!(
        !r.powershell
            .contains("AllowEmailVerifiedUsersToJoinOrganization:$true"),
        "{}",
        r.powershell
    );
    assert!(
        r.rest_steps.iter().all(|c| c.method != "PATCH"),
        "{:?}",
        r.rest_steps
    );
    assert!(
        r.notes
            .iter()
            .any(|n| n.contains("personal Microsoft account")),
        "{:?}",
        r.notes
    );
}

#[test]
fn a_home_tenant_recipe_in_a_national_cloud_says_the_home_may_be_elsewhere() {
    let china = Inputs {
        cloud: Some("china".into()),
        ..sample()
    };
    let home = ok("first-party-sps", &china);
    assert!(
        home.caveats
            .iter()
            .any(|c| c.contains("runs in the guest's home tenant")
                && c.contains("another Microsoft cloud")),
        "{:?}",
        home.caveats
    );
    // A resource-tenant recipe, or the global cloud, needs no such word.
    let here = ok("guest-state", &china);
    assert!(
        !here
            .caveats
            .iter()
            .any(|c| c.contains("guest's home tenant"))
    );
    let global = ok("first-party-sps", &sample());
    assert!(
        !global
            .caveats
            .iter()
            .any(|c| c.contains("another Microsoft cloud"))
    );
}
