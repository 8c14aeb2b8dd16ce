//! The hand-off report: masked by default, IDs kept, commands runnable with placeholders.

use guestlens_analysis::handoff::{self, Options, mask};
use guestlens_analysis::token::samples;

const NOW: i64 = 1_764_000_000;
const ERROR: &str = include_str!("../golden/inputs/error-page-50020.txt");

fn report(sources: &[(&str, &str)]) -> guestlens_analysis::Report {
    crate::analyze_named(sources, NOW)
}

#[test]
fn masks_addresses_but_never_ids() {
    let r = report(&[("error.txt", ERROR)]);
    let md = handoff::markdown(&r, Options::default());
    assert!(!md.contains("ann.lee@partner.example"), "{md}");
    assert!(md.contains("a***@partner.example"), "{md}");
    for id in [
        "c0ffee00-1234-4abc-9def-0123456789ab",
        "7d2c1a3e-4b5f-4c6d-9e8f-0a1b2c3d4e5f",
        "2026-11-24T09:14:07Z",
        "AADSTS50020",
    ] {
        assert!(md.contains(id), "{id} must stay for support:\n{md}");
    }
    assert!(md.contains("from error.txt"));
    // Commands stay runnable: the address becomes a placeholder, not a mask.
    let commands = md
        .split("## Commands")
        .nth(1)
        .and_then(|c| c.split("## Message").next())
        .expect("commands");
    assert!(commands.contains("<guest-address>"), "{commands}");
    for leak in ["a***", "ann.lee", "ann.lee_partner.example"] {
        assert!(
            !commands.contains(leak),
            "{leak} inside a command:\n{commands}"
        );
    }
}

#[test]
fn includes_personal_data_only_when_asked() {
    let r = report(&[("error.txt", ERROR)]);
    let md = handoff::markdown(
        &r,
        Options {
            include_personal: true,
        },
    );
    assert!(md.contains("ann.lee@partner.example"));
    assert!(!md.contains("<guest-address>"));
}

#[test]
fn the_guest_gets_a_plain_message_when_a_step_is_theirs() {
    let r = report(&[("error.txt", ERROR)]);
    let md = handoff::markdown(&r, Options::default());
    let message = md
        .split("## Message for the guest")
        .nth(1)
        .expect("a guest message");
    // A masked address is of no use to the person it is sent to: it is left out.
    assert!(!message.contains("a***@partner.example"), "{message}");
    assert!(message.contains("(AADSTS50020)"), "{message}");
    assert!(message.contains("private window"), "{message}");
    assert!(message.contains("invitation email"), "{message}");
    let md = handoff::markdown(
        &r,
        Options {
            include_personal: true,
        },
    );
    let message = md.split("## Message for the guest").nth(1).unwrap_or("");
    assert!(
        message.contains("The account you signed in with: ann.lee@partner.example"),
        "{message}"
    );
}

#[test]
fn the_guest_message_asks_what_each_errors_guidance_asks_of_the_guest() {
    // Blocked by the guest's own organisation's outbound settings: signing in again is no help.
    let outbound = "AADSTS500212: The user is not allowed to access this resource. Their home tenant's cross-tenant access policy blocks outbound access.\nCorrelation ID: c0ffee00-1234-4abc-9def-0123456789ab\nTimestamp: 2026-11-24 09:14:07Z";
    let md = handoff::markdown(&report(&[("error.txt", outbound)]), Options::default());
    let message = md
        .split("## Message for the guest")
        .nth(1)
        .expect("a guest message");
    assert!(message.contains("your own IT admin"), "{message}");
    for wrong in ["sign out", "Sign out", "invitation email", "myapps"] {
        assert!(!message.contains(wrong), "{wrong} in:\n{message}");
    }
    // Conditional Access: nothing the guest can change.
    let ca = "AADSTS53003: Access has been blocked by Conditional Access policies. The access policy does not allow token issuance.\nCorrelation ID: c0ffee00-1234-4abc-9def-0123456789ab";
    let md = handoff::markdown(&report(&[("error.txt", ca)]), Options::default());
    let message = md.split("## Message for the guest").nth(1).unwrap_or("");
    // Its only guest step asks to send us the error's IDs, which we already have.
    assert!(
        message.contains("nothing you need to do for now"),
        "{message}"
    );
    assert!(!message.contains("send the correlation ID"), "{message}");
    assert!(!message.contains("Sign out"), "{message}");
}

#[test]
fn never_carries_a_token() {
    let token = samples::token("guest-entra-v1", NOW).unwrap();
    let r = report(&[("token.txt", &token), ("error.txt", ERROR)]);
    for include_personal in [false, true] {
        let md = handoff::markdown(&r, Options { include_personal });
        let payload = token.split('.').nth(1).unwrap();
        assert!(!md.contains(payload), "a token part leaked");
    }
    // Two people: the report says so instead of picking one.
    let md = handoff::markdown(&r, Options::default());
    assert!(md.contains("Not settled — Guest address"), "{md}");
    assert!(md.contains("s***@contoso.example"), "{md}");
    let line = md.lines().find(|l| l.contains("Not settled")).unwrap_or("");
    assert_eq!(
        line,
        "- **Not settled — Guest address:** the sources disagree (s***@contoso.example / a***@partner.example); commands wait until one is chosen."
    );
    let failure = md.lines().find(|l| l.starts_with("1. **")).unwrap_or("");
    assert_eq!(
        failure,
        "1. **AADSTS50020** (UserUnauthorized) — from error.txt"
    );
}

#[test]
fn a_failure_without_ids_says_so() {
    let r = report(&[(
        "log.txt",
        "AADSTS50058: A silent sign-in request was sent but no user is signed in.",
    )]);
    let md = handoff::markdown(&r, Options::default());
    assert!(md.contains("No IDs came with this failure"), "{md}");
}

#[test]
fn masks_keep_the_domain() {
    assert_eq!(mask("ann.lee@partner.example"), "a***@partner.example");
    assert_eq!(
        mask("ann.lee_partner.example#EXT#@contoso.onmicrosoft.com"),
        "a***@contoso.onmicrosoft.com"
    );
    assert_eq!(mask("no-at-sign"), "***");
}

#[test]
fn a_blocking_policy_is_the_first_next_step() {
    let home = "9e8d7c6b-5a4f-4e3d-9c2b-1a0f9e8d7c6b";
    let policy = crate::users_blocked_partner(home, "b2bCollaborationInbound");
    let md = handoff::markdown(
        &report(&[("error.txt", ERROR), ("xtap.json", &policy)]),
        Options::default(),
    );
    let steps = md.split("## Next steps").nth(1).expect("next steps");
    let first = steps.lines().find(|l| l.starts_with("- ")).unwrap();
    assert!(
        first.starts_with("- **Resource-tenant admin:** Your cross-tenant access settings block"),
        "{first}"
    );
    // Signing in again cannot help the guest while our own settings keep them out.
    let message = md
        .split("## Message for the guest")
        .nth(1)
        .unwrap_or_default();
    assert!(!message.contains("sign out"), "{message}");
    assert!(message.contains("nothing you need to do yet"), "{message}");
    // The resource tenant is named as the error names it, said to be no ID.
    assert!(
        md.contains("- **Resource tenant:** Contoso Ltd (a display name from the error: its ID is not known)"),
        "{md}"
    );
    // While the guest is blocked, whether home MFA is trusted is beside the point.
    assert!(md.contains("is blocked (`"), "{md}");
    assert!(!md.contains("MFA from their home tenant"), "{md}");
    // Without the policy, the error's own steps lead.
    let md = handoff::markdown(&report(&[("error.txt", ERROR)]), Options::default());
    assert!(!md.contains("cross-tenant access settings block"), "{md}");
}

#[test]
fn a_personal_account_has_no_home_admin_and_commands_say_where_they_run() {
    let error = "AADSTS90072: User account 'noah.k@personal-mail.example' from identity provider 'https://sts.windows.net/9188040d-6c67-4c5b-b112-36a304b66dad/' does not exist in tenant 'Woodgrove Bank' and cannot access the application '2a7c9e4f-1b3d-4e5f-8a6b-7c8d9e0f1a2b'(Woodgrove Claims Portal) in that tenant.\nCorrelation Id: 9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c62\n";
    // A policy pasted with it is not read for the consumer tenant: it governs organisations.
    let policy = r#"{"isServiceDefault":false,"b2bCollaborationInbound":{"usersAndGroups":{"accessType":"blocked","targets":[{"target":"AllUsers","targetType":"user"}]},"applications":{"accessType":"allowed","targets":[{"target":"AllApplications","targetType":"application"}]}}}"#;
    let r = report(&[("msa.txt", error), ("policy.json", policy)]);
    assert!(r.case.personal_account());
    assert!(r.case.policy.is_none());
    let md = handoff::markdown(&r, Options::default());
    assert!(
        md.contains("- **Home tenant:** none: a personal Microsoft account"),
        "{md}"
    );
    let steps = md.split("## Next steps").nth(1).expect("next steps");
    let steps = steps.split("\n## ").next().unwrap_or_default();
    assert!(!steps.contains("Home-tenant admin"), "{steps}");
    assert!(steps.contains("Resource-tenant admin"), "{steps}");
    // Without the resource tenant's ID, a command says which tenant by the error's name for it.
    assert!(
        md.contains("Run in the resource tenant (Woodgrove Bank; its ID is not known)."),
        "{md}"
    );
    assert!(!md.contains("the tenant named above"), "{md}");
}

#[test]
fn another_persons_failure_is_said_to_be_set_aside_not_dropped() {
    let other = ERROR
        .replace("ann.lee@partner.example", "bo.chan@elsewhere.example")
        .replace(
            "c0ffee00-1234-4abc-9def-0123456789ab",
            "d1e2f3a4-5b6c-4d7e-8f90-a1b2c3d4e5f6",
        );
    let given = [
        guestlens_analysis::case::SourceInput::plain("ann.txt", ERROR),
        guestlens_analysis::case::SourceInput::plain("bo.txt", &other),
    ];
    let ann = guestlens_analysis::case::Choices {
        picked: vec![(
            guestlens_analysis::case::FactField::GuestAddress,
            "ann.lee@partner.example".to_owned(),
        )],
        ..Default::default()
    };
    let r = guestlens_analysis::analyze_sources(&given, &ann, NOW);
    assert_eq!(r.case_failures().len(), 1);
    let aside = r.failures_set_aside();
    assert_eq!(aside.len(), 1);
    assert_eq!(aside[0].user.as_deref(), Some("bo.chan@elsewhere.example"));
    // The other tenant's admin reads this: another organisation's people are counted, never
    // named, even with addresses included.
    for include_personal in [false, true] {
        let md = handoff::markdown(&r, Options { include_personal });
        assert!(
            md.contains(
                "_Set aside as another person's or another sign-in's: 1 failure of other people."
            ),
            "{md}"
        );
        assert!(!md.contains("elsewhere.example"), "{md}");
    }
    // An address at the guest's own domain may be their other account: it is named.
    let same_domain = other.replace("bo.chan@elsewhere.example", "ann.l@partner.example");
    let given = [
        guestlens_analysis::case::SourceInput::plain("ann.txt", ERROR),
        guestlens_analysis::case::SourceInput::plain("ann2.txt", &same_domain),
    ];
    let r = guestlens_analysis::analyze_sources(&given, &ann, NOW);
    let md = handoff::markdown(&r, Options::default());
    assert!(
        md.contains("_Set aside as another person's or another sign-in's: AADSTS50020 for a***@partner.example."),
        "{md}"
    );
    // Nothing is set aside while the person is not chosen: every failure is listed.
    let r = guestlens_analysis::analyze_sources(&given, &Default::default(), NOW);
    assert!(r.failures_set_aside().is_empty());
}

#[test]
fn an_address_with_a_quote_and_a_plus_is_masked_in_every_spelling() {
    // OData doubles the quote, a URL encodes it and the `+`, PowerShell and POSIX quote it
    // again: no spelling of it may survive masking, in prose or in a command.
    let error = ERROR.replace(
        "ann.lee@partner.example",
        "liam.o'brien+ext@partner.example",
    );
    let md = handoff::markdown(&report(&[("error.txt", &error)]), Options::default());
    assert!(
        md.contains("find-address"),
        "the recipes are in the hand-off"
    );
    for leak in ["brien", "o%27", "o''", "ext%40", "+ext"] {
        assert!(!md.contains(leak), "{leak} leaks:\n{md}");
    }
    assert!(md.contains("<guest-address>"), "{md}");
}

#[test]
fn refused_api_calls_carry_their_request_ids_with_addresses_in_paths_masked() {
    const API: &str = include_str!("../fixtures/har/api-refused.har");
    // The same trace with Graph's user path naming someone else.
    let named = API.replace("/v1.0/users?$top=5", "/v1.0/users/noah.k@other.example");
    let r = report(&[("api.har", &named)]);
    let md = handoff::markdown(&r, Options::default());
    let part = md
        .split("## API calls that refused the token")
        .nth(1)
        .and_then(|p| p.split("\n## ").next())
        .expect("a section for the refused calls");
    for want in [
        "**GET graph.microsoft.com/v1.0/me** → 401 `InvalidAuthenticationToken` — request 2 of api.har",
        "Request ID: `2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d6e`",
        "Access token validation failure. Invalid audience.",
        "**GET graph.microsoft.com/v1.0/users/n***@other.example** → 403",
    ] {
        assert!(part.contains(want), "{want:?} not in:\n{part}");
    }
    assert!(!md.contains("noah.k"), "{md}");
    let plain = handoff::markdown(
        &r,
        Options {
            include_personal: true,
        },
    );
    // The trace keeps a path's address masked whatever the hand-off's option.
    assert!(plain.contains("/v1.0/users/n***@other.example"), "{plain}");
}

#[test]
fn a_sign_in_to_microsofts_own_tenant_is_not_written_up_as_ours() {
    let e = "AADSTS16000: User account 'sam.guest@outlook.example' from identity provider 'live.com' does not exist in tenant 'Microsoft Services' and cannot access the application 'c44b4083-3bb0-49c1-b47d-974e53cbdf3c'(ADIbizaUX) in that tenant.";
    let md = handoff::markdown(&report(&[("error.txt", e)]), Options::default());
    assert!(
        md.contains("**Resource tenant:** Microsoft Services (Microsoft's own tenant, not an organisation's)"),
        "{md}"
    );
    assert!(md.contains("no command is suggested"), "{md}");
    assert!(!md.contains("## Message for the guest"), "{md}");
    assert!(!md.contains("## Commands"), "{md}");
}
