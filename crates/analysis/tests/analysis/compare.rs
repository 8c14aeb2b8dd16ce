//! Tests of `token::compare`, the teaching samples and the lesson built from them.
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use guestlens_analysis::Severity;
use guestlens_analysis::lesson;
use guestlens_analysis::token::compare::{
    Bearing, Comparison, EvidenceKind, Person, Relation, Row, Weight, compare,
};
use guestlens_analysis::token::{TokenKind, TokenReport, find_and_analyze, samples};
use proptest::prelude::*;
use serde_json::{Value, json};

const NOW: i64 = 1_750_000_000;
const RESOURCE: &str = "aaaabbbb-0000-cccc-1111-dddd2222eeee";
const HOME: &str = "bbbbcccc-1111-dddd-2222-eeee3333ffff";

fn report(id: &str) -> TokenReport {
    let token = samples::token(id, NOW).expect("sample exists");
    find_and_analyze(&token, NOW)
        .report
        .expect("sample is a token")
}

fn pair(a: &str, b: &str) -> Comparison {
    compare(&report(a), &report(b))
}

fn row<'a>(c: &'a Comparison, claim: &str) -> &'a Row {
    c.rows
        .iter()
        .find(|r| r.claim == claim)
        .unwrap_or_else(|| panic!("no {claim} row"))
}

fn has(c: &Comparison, kind: EvidenceKind, bearing: Bearing) -> bool {
    c.evidence
        .iter()
        .any(|e| e.kind == kind && e.bearing == bearing)
}

/// A sample's claims with some replaced, re-encoded as a token.
fn edited(id: &str, changes: Value) -> TokenReport {
    let token = samples::token(id, NOW).unwrap();
    let payload = token.split('.').nth(1).unwrap();
    let mut claims: Value =
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).unwrap()).unwrap();
    for (k, v) in changes.as_object().unwrap() {
        claims[k] = v.clone();
    }
    let mut parts: Vec<String> = token.split('.').map(str::to_owned).collect();
    parts[1] = URL_SAFE_NO_PAD.encode(claims.to_string());
    find_and_analyze(&parts.join("."), NOW).report.unwrap()
}

#[test]
fn member_and_guest_are_different_people() {
    let c = pair("member-v2", "guest-entra-v2");
    assert_eq!(c.person, Person::Different, "{}", c.sentence);
    assert!(c.sentence.starts_with("Different people"), "{}", c.sentence);
    assert!(has(&c, EvidenceKind::TwoObjects, Bearing::Separates));
    assert!(has(&c, EvidenceKind::IdentityProvider, Bearing::Separates));
    // Same tenant, same API: tid is the same for member and guest; idp is the guest's alone.
    assert_eq!(row(&c, "tid").relation, Relation::Same);
    assert_eq!(row(&c, "tid").explanation, None);
    let idp = row(&c, "idp");
    assert_eq!(idp.relation, Relation::OnlyB);
    assert_eq!(idp.a, None);
    let why = idp.explanation.as_deref().unwrap();
    assert!(
        why.contains("Only B has idp") && why.contains(HOME),
        "{why}"
    );
    let acct = row(&c, "acct");
    assert_eq!(
        (acct.a.as_deref(), acct.b.as_deref()),
        (Some("0"), Some("1"))
    );
    assert!(acct.explanation.as_deref().unwrap().contains("1 a guest"));
    let oid = row(&c, "oid").explanation.as_deref().unwrap();
    assert!(oid.contains("Two objects in one tenant"), "{oid}");
}

#[test]
fn the_same_guest_at_home_and_in_the_resource_tenant_is_one_person() {
    let c = pair("guest-entra-home", "guest-entra-v1");
    assert_eq!(c.person, Person::Same, "{}", c.sentence);
    assert!(c.sentence.starts_with("The same person"), "{}", c.sentence);
    assert!(
        c.sentence.contains("one object in each tenant"),
        "{}",
        c.sentence
    );
    // The object IDs differ, and that is said to prove nothing.
    let oid = row(&c, "oid");
    assert_eq!(oid.relation, Relation::Differs);
    assert!(
        oid.explanation
            .as_deref()
            .unwrap()
            .contains("prove nothing alone")
    );
    assert!(has(&c, EvidenceKind::ObjectPerTenant, Bearing::Neutral));
    for kind in [
        EvidenceKind::AltSecId,
        EvidenceKind::GuestUpn,
        EvidenceKind::IdentityProvider,
        EvidenceKind::Email,
    ] {
        assert!(has(&c, kind, Bearing::Links), "{kind:?}: {:?}", c.evidence);
    }
    assert!(
        c.evidence.iter().all(|e| e.bearing != Bearing::Separates),
        "{:?}",
        c.evidence
    );
    let upn = c
        .evidence
        .iter()
        .find(|e| e.kind == EvidenceKind::GuestUpn)
        .unwrap();
    assert!(
        upn.text
            .contains("sam.guest_contoso.example#EXT#@fabrikam.onmicrosoft.com")
            && upn.text.contains("A's own address"),
        "{}",
        upn.text
    );
    let tid = row(&c, "tid").explanation.as_deref().unwrap();
    assert!(tid.starts_with("A comes from the home tenant"), "{tid}");
    let iss = row(&c, "iss").explanation.as_deref().unwrap();
    assert!(iss.contains("Issued by different tenants"), "{iss}");
    assert!(!iss.contains("forms differ"), "both are v1: {iss}");
    assert!(
        row(&c, "upn")
            .explanation
            .as_deref()
            .unwrap()
            .contains("#EXT#")
    );
    assert_eq!(row(&c, "puid").relation, Relation::OnlyA);
    assert_eq!(row(&c, "altsecid").relation, Relation::OnlyB);
    assert!(
        row(&c, "altsecid")
            .explanation
            .as_deref()
            .unwrap()
            .contains("carries A's puid")
    );
}

#[test]
fn home_and_resource_without_the_undocumented_ids_is_only_probably_the_same() {
    let home = edited("guest-entra-home", json!({"puid": null}));
    let guest = edited("guest-entra-v1", json!({"altsecid": null}));
    let c = compare(&home, &guest);
    // A null claim is still a claim, but not an ID: only the address and UPN link them.
    assert_eq!(c.person, Person::LikelySame, "{}", c.sentence);
    assert!(c.sentence.starts_with("Probably the same person"));
}

#[test]
fn two_different_guests_are_different_people() {
    let c = pair("guest-entra-v1", "guest-msa");
    assert_eq!(c.person, Person::Different, "{}", c.sentence);
    assert!(has(&c, EvidenceKind::TwoObjects, Bearing::Separates));
    assert!(has(&c, EvidenceKind::AltSecId, Bearing::Separates));
    assert!(has(&c, EvidenceKind::Email, Bearing::Separates));
    assert!(
        c.evidence.iter().all(|e| e.bearing != Bearing::Links),
        "{:?}",
        c.evidence
    );
    let un = row(&c, "unique_name").explanation.as_deref().unwrap();
    assert!(un.contains("personal Microsoft account"), "{un}");
}

#[test]
fn personal_account_guest_and_passcode_guest() {
    let c = pair("guest-msa", "guest-otp");
    assert_eq!(c.person, Person::Different, "{}", c.sentence);
    let idp = c
        .evidence
        .iter()
        .find(|e| e.kind == EvidenceKind::IdentityProvider)
        .unwrap();
    assert_eq!(
        (idp.bearing, idp.weight),
        (Bearing::Separates, Weight::Strong)
    );
    assert!(
        idp.text.contains("live.com") && idp.text.contains("one-time passcode"),
        "{}",
        idp.text
    );
    let why = row(&c, "idp").explanation.as_deref().unwrap();
    assert!(why.starts_with("Different identity providers"), "{why}");
}

#[test]
fn v1_and_v2_of_the_same_guest() {
    let c = pair("guest-entra-v1", "guest-entra-v2");
    assert_eq!(c.person, Person::Same, "{}", c.sentence);
    assert!(has(&c, EvidenceKind::SameObject, Bearing::Links));
    assert!(!has(&c, EvidenceKind::ObjectPerTenant, Bearing::Neutral));
    assert_eq!(row(&c, "oid").relation, Relation::Same);
    let iss = row(&c, "iss").explanation.as_deref().unwrap();
    assert!(
        iss.starts_with("Same tenant, two issuer forms")
            && iss.contains(&format!("https://sts.windows.net/{RESOURCE}/")),
        "{iss}"
    );
    assert!(
        row(&c, "ver")
            .explanation
            .as_deref()
            .unwrap()
            .contains("chosen by the API")
    );
    assert!(
        row(&c, "aud")
            .explanation
            .as_deref()
            .unwrap()
            .contains("App ID URI")
    );
    assert_eq!(row(&c, "amr").relation, Relation::OnlyA);
    assert_eq!(row(&c, "preferred_username").relation, Relation::OnlyB);
}

#[test]
fn a_guest_invited_again_is_mixed_evidence() {
    // Same address and home, but a new guest object in the same tenant.
    let again = edited(
        "guest-entra-v2",
        json!({"oid": "99998888-aaaa-7777-bbbb-6666cccc5555"}),
    );
    let c = compare(&report("guest-entra-v2"), &again);
    assert_eq!(c.person, Person::Mixed, "{}", c.sentence);
    assert!(c.sentence.contains("invited again"), "{}", c.sentence);
    // And one who redeemed with a passcode instead of her work account: different accounts.
    let otp = edited("guest-entra-v2", json!({"idp": "mail"}));
    let c = compare(&report("guest-entra-v2"), &otp);
    assert!(has(&c, EvidenceKind::IdentityProvider, Bearing::Separates));
    assert_eq!(c.person, Person::Mixed, "{}", c.sentence);
}

#[test]
fn unreadable_tokens_cannot_tell() {
    let c = pair("encrypted", "guest-entra-v1");
    assert_eq!(c.person, Person::Unknown);
    assert!(
        c.sentence.contains("token A is encrypted"),
        "{}",
        c.sentence
    );
    assert!(c.evidence.is_empty());
    assert!(c.rows.iter().all(|r| r.relation == Relation::OnlyB));
}

#[test]
fn verdicts_are_symmetric_and_every_guest_difference_is_explained() {
    let ids: Vec<&str> = samples::SAMPLES.iter().map(|s| s.id).collect();
    for a in &ids {
        for b in &ids {
            let (ab, ba) = (pair(a, b), pair(b, a));
            assert_eq!(ab.person, ba.person, "{a} vs {b}");
            assert_eq!(ab.rows.len(), ba.rows.len(), "{a} vs {b}");
            for r in &ab.rows {
                let readable = *a != "encrypted" && *b != "encrypted";
                if readable && r.guest && r.relation != Relation::Same {
                    assert!(
                        r.explanation.is_some(),
                        "{a} vs {b}: {} unexplained",
                        r.claim
                    );
                }
                if r.relation == Relation::Same {
                    assert_eq!(r.explanation, None);
                }
            }
            if a == b && *a != "encrypted" {
                assert_eq!(ab.person, Person::Same, "{a} with itself");
            }
        }
    }
}

#[test]
fn rows_are_the_union_in_teaching_order_with_times_last() {
    let (a, b) = (report("guest-entra-home"), report("guest-entra-v2"));
    let c = compare(&a, &b);
    let names: Vec<&str> = c.rows.iter().map(|r| r.claim.as_str()).collect();
    assert_eq!(&names[..4], ["iss", "tid", "idp", "oid"]);
    assert_eq!(&names[names.len() - 3..], ["iat", "nbf", "exp"]);
    for claims in [&a.claims, &b.claims] {
        for k in claims.as_ref().unwrap().as_object().unwrap().keys() {
            assert_eq!(
                names.iter().filter(|n| *n == k).count(),
                1,
                "{k} once: {names:?}"
            );
        }
    }
    let pos = |n: &str| names.iter().position(|x| *x == n).unwrap();
    assert!(pos("upn") < pos("email") && pos("email") < pos("acct"));
    assert!(pos("acct") < pos("aud") && pos("aud") < pos("ver"));
    assert!(pos("ver") < pos("scp") && pos("scp") < pos("uti"));
}

#[test]
fn labels_are_distinct_and_json_uses_snake_case() {
    let relations = [
        Relation::Same,
        Relation::Differs,
        Relation::OnlyA,
        Relation::OnlyB,
    ]
    .map(Relation::label);
    let people = [
        Person::Same,
        Person::LikelySame,
        Person::Different,
        Person::Mixed,
        Person::Unknown,
    ]
    .map(Person::label);
    for labels in [&relations[..], &people[..]] {
        for (i, l) in labels.iter().enumerate() {
            assert!(!l.is_empty() && !labels[i + 1..].contains(l), "{l}");
        }
    }
    let json = serde_json::to_value(pair("guest-entra-home", "guest-entra-v1")).unwrap();
    assert_eq!(json["person"], "same");
    assert_eq!(json["rows"][0]["claim"], "iss");
    assert_eq!(json["rows"][2]["relation"], "only_b");
    assert!(json["sentence"].is_string());
}

#[test]
fn samples_teach_without_warnings_and_keep_one_cast() {
    for s in samples::SAMPLES {
        let r = report(s.id);
        let loud: Vec<&str> = r
            .diagnostics
            .iter()
            .filter(|d| d.severity != Severity::Info)
            .map(|d| d.message.as_str())
            .collect();
        assert!(loud.is_empty(), "{}: {loud:?}", s.id);
        assert!(!s.label.is_empty() && !s.teaches.is_empty());
        if r.kind != TokenKind::Jws {
            continue;
        }
        // Everyone signs in to Fabrikam except Sam at home.
        let tid = if s.id == "guest-entra-home" {
            HOME
        } else {
            RESOURCE
        };
        assert_eq!(r.tenant_id.as_deref(), Some(tid), "{}", s.id);
        assert!(
            r.audience_name.as_deref()
                != Some("Windows Azure Active Directory (Azure AD Graph, retired)")
        );
    }
    // One object per person per tenant: Sam's two Fabrikam tokens share one, everyone else differs.
    let oid = |id| report(id).object_id.unwrap();
    assert_eq!(oid("guest-entra-v1"), oid("guest-entra-v2"));
    assert_eq!(oid("member-v2"), oid("graph-nonce"));
    let distinct = [
        "member-v2",
        "guest-entra-v1",
        "guest-msa",
        "guest-otp",
        "guest-entra-home",
    ]
    .map(oid);
    for (i, o) in distinct.iter().enumerate() {
        assert!(!distinct[i + 1..].contains(o), "{o} reused");
    }
    let ids: Vec<&str> = samples::SAMPLES.iter().map(|s| s.id).collect();
    for (i, id) in ids.iter().enumerate() {
        assert!(!ids[i + 1..].contains(id), "{id} twice");
        assert!(samples::find(id).is_some());
    }
    assert!(samples::find("nope").is_none());
    assert!(samples::token("nope", NOW).is_none());
}

#[test]
fn lesson_steps_are_well_formed() {
    assert!((5..=6).contains(&lesson::STEPS.len()));
    for (i, step) in lesson::STEPS.iter().enumerate() {
        assert_eq!(step.id, format!("lesson-{}", i + 1));
        assert_eq!(lesson::from_hash(&format!("#{}", step.id)), Some(i));
        assert!((2..=3).contains(&step.text.len()), "{}", step.id);
        assert!(samples::find(step.a).is_some() && samples::find(step.b).is_some());
        let shown = lesson::show(i, NOW).expect("step builds");
        assert_eq!(shown.step.id, step.id);
        for r in [&shown.a, &shown.b] {
            assert_eq!(r.kind, TokenKind::Jws, "{}", step.id);
            assert!(r.diagnostics.iter().all(|d| d.severity == Severity::Info));
        }
        assert_ne!(shown.comparison.person, Person::Unknown, "{}", step.id);
        assert!(!step.mark.is_empty());
        for claim in step.mark {
            let row = row(&shown.comparison, claim);
            assert!(row.a.is_some() || row.b.is_some(), "{}: {claim}", step.id);
        }
    }
    assert!(lesson::show(lesson::STEPS.len(), NOW).is_none());
    for bad in ["", "#", "#lesson-0", "#lesson-99", "#token", "lesson-1x"] {
        assert_eq!(lesson::from_hash(bad), None, "{bad}");
    }
    assert_eq!(lesson::from_hash("lesson-2"), Some(1));
}

#[test]
fn lesson_steps_say_what_the_comparison_finds() {
    let person = |i| lesson::show(i, NOW).unwrap().comparison.person;
    assert_eq!(
        (0..lesson::STEPS.len()).map(person).collect::<Vec<_>>(),
        [
            Person::Different,
            Person::Same,
            Person::Different,
            Person::Different,
            Person::Same
        ]
    );
}

proptest! {
    #[test]
    fn compare_never_panics(s in ".{0,300}", claims in proptest::collection::hash_map("[a-z]{1,4}", ".{0,12}", 0..8)) {
        let guest = report("guest-entra-v1");
        if let Some(r) = find_and_analyze(&s, NOW).report {
            let _ = compare(&r, &guest);
            let _ = compare(&guest, &r);
        }
        let odd = edited("guest-entra-home", serde_json::to_value(&claims).unwrap());
        let c = compare(&odd, &guest);
        prop_assert!(!c.sentence.is_empty());
    }
}

/// A token with exactly these claims (an unsigned test token).
fn token_of(claims: Value) -> TokenReport {
    let head = URL_SAFE_NO_PAD.encode(json!({"typ": "JWT", "alg": "RS256"}).to_string());
    let body = URL_SAFE_NO_PAD.encode(claims.to_string());
    find_and_analyze(&format!("{head}.{body}.c2ln"), NOW)
        .report
        .unwrap()
}

#[test]
fn a_home_token_and_a_guest_token_with_one_sign_in_name_probably_are_one_person() {
    // Real v2 guest tokens carry no altsecid or puid: the name and the home tenant link them.
    let home = token_of(json!({
        "aud": "00000003-0000-0000-c000-000000000000",
        "iss": format!("https://sts.windows.net/{HOME}/"), "tid": HOME, "ver": "1.0",
        "oid": "11111111-2222-4333-8444-555555555555", "upn": "alex@fabrikam.example",
        "appid": "1fec8e78-bce4-4aaf-ab1b-5451cc387264", "scp": "User.Read",
        "iat": NOW - 60, "nbf": NOW - 60, "exp": NOW + 3600,
    }));
    // A v2 guest token of the resource tenant for a guest from HOME, signed in as `name`.
    let guest_as = |name: &str| {
        token_of(json!({
            "aud": "00000003-0000-0000-c000-000000000000",
            "iss": format!("https://login.microsoftonline.com/{RESOURCE}/v2.0"), "tid": RESOURCE,
            "idp": format!("https://sts.windows.net/{HOME}/"), "ver": "2.0",
            "oid": "66666666-7777-4888-9999-aaaaaaaaaaaa", "preferred_username": name,
            "azp": "1fec8e78-bce4-4aaf-ab1b-5451cc387264", "scp": "User.Read",
            "iat": NOW - 60, "nbf": NOW - 60, "exp": NOW + 3600,
        }))
    };
    let guest = guest_as("alex@fabrikam.example");
    let c = compare(&home, &guest);
    assert_eq!(c.person, Person::LikelySame, "{}", c.sentence);
    assert!(has(&c, EvidenceKind::SignInName, Bearing::Links));
    assert!(
        c.sentence.contains("the same sign-in name"),
        "{}",
        c.sentence
    );
    // Another name at the same home tenant is no link.
    let other = guest_as("sam@fabrikam.example");
    assert!(!has(
        &compare(&home, &other),
        EvidenceKind::SignInName,
        Bearing::Links
    ));
}
