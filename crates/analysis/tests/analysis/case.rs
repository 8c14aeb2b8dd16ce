//! The case model on mixed sources: people, tenants, samples and choices.
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use guestlens_analysis::case::{self, Analysed, Choices, FactField, Place, Unknown};
use guestlens_analysis::commands::Field;
use guestlens_analysis::commands::form::{Action, Form, Provenance};
use guestlens_analysis::errors::{self, Failure};
use guestlens_analysis::token::{self, TokenReport, samples};
use serde_json::{Value, json};

const NOW: i64 = 1_764_000_000;
const HOME: &str = "9e8d7c6b-5a4f-4e3d-9c2b-1a0f9e8d7c6b";
const RESOURCE: &str = "0b5d2c1e-7f3a-4c9b-8e6d-2a1f3b4c5d6e";
const OID_HOME: &str = "11111111-2222-4333-8444-555555555555";
const OID_RESOURCE: &str = "66666666-7777-4888-9999-aaaaaaaaaaaa";

const ANN_50020: &str = "AADSTS50020: User account 'ann.lee@partner.example' from identity provider \
'https://sts.windows.net/9e8d7c6b-5a4f-4e3d-9c2b-1a0f9e8d7c6b/' does not exist in tenant \
'0b5d2c1e-7f3a-4c9b-8e6d-2a1f3b4c5d6e' and cannot access the application \
'1fec8e78-bce4-4aaf-ab1b-5451cc387264'(Expenses) in that tenant.\n\
Trace ID: 7d2c1a3e-4b5f-4c6d-9e8f-0a1b2c3d4e5f\n\
Correlation ID: c0ffee00-1234-4abc-9def-0123456789ab\n\
Timestamp: 2026-11-24 09:14:07Z\n";

fn jwt(claims: Value) -> String {
    let head = URL_SAFE_NO_PAD.encode(json!({"typ": "JWT", "alg": "RS256"}).to_string());
    let body = URL_SAFE_NO_PAD.encode(claims.to_string());
    format!("{head}.{body}.c2ln")
}

fn token_of(text: &str) -> TokenReport {
    token::find_and_analyze(text, NOW)
        .report
        .expect("the test token decodes")
}

/// Ann's token from her own tenant (a member there).
fn ann_home() -> TokenReport {
    token_of(&ann_home_jwt())
}

/// Ann's token as a guest in the resource tenant.
fn ann_guest() -> TokenReport {
    token_of(&jwt(json!({
        "aud": "00000003-0000-0000-c000-000000000000",
        "iss": format!("https://sts.windows.net/{RESOURCE}/"),
        "idp": format!("https://sts.windows.net/{HOME}/"),
        "tid": RESOURCE, "oid": OID_RESOURCE, "ver": "1.0",
        "unique_name": "ann.lee@partner.example",
        "upn": "ann.lee_partner.example#EXT#@contoso.onmicrosoft.com",
        "email": "ann.lee@partner.example",
        "appid": "1fec8e78-bce4-4aaf-ab1b-5451cc387264",
        "iat": NOW - 60, "nbf": NOW - 60, "exp": NOW + 3600,
    })))
}

fn sample_guest() -> TokenReport {
    token_of(&samples::token("guest-entra-v1", NOW).expect("sample"))
}

fn source<'a>(id: u32, token: Option<&'a TokenReport>, failures: &'a [Failure]) -> Analysed<'a> {
    Analysed {
        id,
        name: "paste",
        sample: false,
        tokens: token
            .into_iter()
            .map(|token| case::TokenAt { token, hop: None })
            .collect(),
        failures,
        policy: None,
        trace: false,
        url_tenants: Vec::new(),
        refused_calls: 0,
        sign_ins: None,
        request: None,
    }
}

fn values(c: &case::Case, field: FactField) -> Vec<String> {
    c.conflicts
        .iter()
        .find(|x| x.field == field)
        .map(|x| x.values.iter().map(|v| v.value.clone()).collect())
        .unwrap_or_default()
}

#[test]
fn a_sample_stays_apart_from_a_real_error() {
    let failures = errors::analyze(ANN_50020).failures;
    let sample = sample_guest();
    let sources = [
        Analysed {
            sample: true,
            ..source(1, Some(&sample), &[])
        },
        source(2, None, &failures),
    ];
    let c = case::join(&sources, &Choices::default());
    assert_eq!(c.samples_set_aside, vec![1]);
    assert!(c.conflicts.is_empty(), "{:?}", c.conflicts);
    assert_eq!(
        c.value(FactField::GuestAddress),
        Some("ann.lee@partner.example")
    );
    let f = case::findings(&c, &sources, &Choices::default());
    assert_eq!(f.email.as_deref(), Some("ann.lee@partner.example"));
    assert_eq!(
        f.object_id, None,
        "the sample's oid must not reach a command"
    );
    assert_eq!(f.home_tenant.as_deref(), Some(HOME));
}

#[test]
fn a_token_of_another_person_is_a_conflict_and_fills_nothing() {
    let failures = errors::analyze(ANN_50020).failures;
    let sam = sample_guest();
    let sources = [source(1, None, &failures), source(2, Some(&sam), &[])];
    let c = case::join(&sources, &Choices::default());
    assert_eq!(
        values(&c, FactField::GuestAddress),
        ["ann.lee@partner.example", "sam.guest@contoso.example"]
    );
    let conflict = &c.conflicts[0];
    assert_eq!(conflict.values[0].sources[0].source, 1);
    assert_eq!(conflict.values[0].sources[0].place, Place::Failure(0));
    assert_eq!(conflict.values[1].sources[0].place, Place::Claim("email"));
    assert!(c.unknowns.contains(&Unknown::Subject));
    // Who is the one question: each person's tenants and apps wait for the answer.
    assert_eq!(c.conflicts.len(), 1, "{:?}", c.conflicts);
    assert_eq!(c.value(FactField::HomeTenant), None);
    let f = case::findings(&c, &sources, &Choices::default());
    assert_eq!((f.email, f.object_id, f.upn), (None, None, None));
}

#[test]
fn picking_the_person_drops_the_other_persons_facts() {
    let failures = errors::analyze(ANN_50020).failures;
    let sam = sample_guest();
    let sources = [source(1, None, &failures), source(2, Some(&sam), &[])];
    let choices = Choices {
        picked: vec![(FactField::GuestAddress, "ANN.LEE@partner.example".into())],
        ..Choices::default()
    };
    let c = case::join(&sources, &choices);
    assert!(c.conflicts.is_empty(), "{:?}", c.conflicts);
    assert_eq!(
        c.value(FactField::GuestAddress),
        Some("ann.lee@partner.example")
    );
    assert_eq!(
        c.value(FactField::HomeTenant),
        Some(HOME),
        "ann's home, not sam's"
    );
    assert_eq!(
        c.value(FactField::ObjectId),
        None,
        "sam's object is not ann's"
    );
    assert_eq!(c.value(FactField::Upn), None);
}

#[test]
fn home_and_resource_tokens_of_one_guest_are_roles_not_conflicts() {
    let failures = errors::analyze(ANN_50020).failures;
    let (home, guest) = (ann_home(), ann_guest());
    let sources = [
        source(1, Some(&home), &[]),
        source(2, Some(&guest), &[]),
        source(3, None, &failures),
    ];
    let c = case::join(&sources, &Choices::default());
    assert!(c.conflicts.is_empty(), "{:?}", c.conflicts);
    assert_eq!(c.value(FactField::HomeTenant), Some(HOME));
    assert_eq!(c.value(FactField::ResourceTenant), Some(RESOURCE));
    // One object per tenant: only the resource tenant's object serves commands there.
    assert_eq!(c.value(FactField::ObjectId), Some(OID_RESOURCE));
    assert_eq!(
        c.value(FactField::Upn),
        Some("ann.lee_partner.example#EXT#@contoso.onmicrosoft.com")
    );
    let home_fact = c
        .subject
        .iter()
        .find(|(f, _)| *f == FactField::HomeTenant)
        .map(|(_, fact)| fact.sources.len());
    assert_eq!(
        home_fact,
        Some(3),
        "the home token, the guest token's idp and the error"
    );
}

#[test]
fn a_members_object_in_another_tenant_never_fills_the_resource_object() {
    let failures = errors::analyze(ANN_50020).failures;
    let home = ann_home();
    let sources = [source(1, Some(&home), &[]), source(2, None, &failures)];
    let c = case::join(&sources, &Choices::default());
    assert_eq!(c.value(FactField::ResourceTenant), Some(RESOURCE));
    assert_eq!(
        c.value(FactField::ObjectId),
        None,
        "{OID_HOME} belongs to the home tenant"
    );
}

#[test]
fn two_failures_keep_their_own_ids_and_their_correlation_ids_conflict() {
    let second = ANN_50020
        .replace(
            "c0ffee00-1234-4abc-9def-0123456789ab",
            "d1e2f3a4-5b6c-4d7e-8f90-a1b2c3d4e5f6",
        )
        .replace(
            "7d2c1a3e-4b5f-4c6d-9e8f-0a1b2c3d4e5f",
            "e2f3a4b5-6c7d-4e8f-90a1-b2c3d4e5f6a7",
        );
    let (a, b) = (
        errors::analyze(ANN_50020).failures,
        errors::analyze(&second).failures,
    );
    let sources = [source(1, None, &a), source(2, None, &b)];
    let c = case::join(&sources, &Choices::default());
    let ids: Vec<_> = c
        .failures
        .iter()
        .map(|f| (f.source, f.correlation_id.clone().unwrap_or_default()))
        .collect();
    assert_eq!(
        ids,
        [
            (1, "c0ffee00-1234-4abc-9def-0123456789ab".to_owned()),
            (2, "d1e2f3a4-5b6c-4d7e-8f90-a1b2c3d4e5f6".to_owned())
        ]
    );
    assert_eq!(values(&c, FactField::CorrelationId).len(), 2);
    let f = case::findings(&c, &sources, &Choices::default());
    assert_eq!(
        f.correlation_id, None,
        "no command gets one of two IDs silently"
    );
    assert_eq!(f.email.as_deref(), Some("ann.lee@partner.example"));
}

#[test]
fn a_chosen_correlation_id_narrows_the_case_to_that_sign_in() {
    // Two sign-ins of one guest: a 50020 and a 53003 (the walkthrough's two-errors case).
    let other = "AADSTS53003: Access has been blocked by Conditional Access policies.\n\
Correlation ID: 8293a4b5-1111-4222-8333-944455556666\nTimestamp: 2026-11-24 10:00:00Z\n";
    let (a, b) = (
        errors::analyze(ANN_50020).failures,
        errors::analyze(other).failures,
    );
    let sources = [source(1, None, &a), source(2, None, &b)];
    for (pick, code, source) in [
        ("8293A4B5-1111-4222-8333-944455556666", 53003, 2),
        ("c0ffee00-1234-4abc-9def-0123456789ab", 50020, 1),
    ] {
        let choices = Choices {
            picked: vec![(FactField::CorrelationId, pick.into())],
            ..Choices::default()
        };
        let c = case::join(&sources, &choices);
        assert!(c.conflicts.is_empty(), "{:?}", c.conflicts);
        let kept: Vec<u32> = c.failures.iter().map(|f| f.source).collect();
        assert_eq!(kept, [source], "only the chosen sign-in stays");
        let f = case::findings(&c, &sources, &choices);
        assert_eq!(f.codes, [code], "the codes are the chosen sign-in's");
        assert_eq!(
            f.correlation_id.as_deref().map(str::to_ascii_lowercase),
            Some(pick.to_ascii_lowercase())
        );
    }
    // Unchosen, both stay and neither ID reaches a command.
    let c = case::join(&sources, &Choices::default());
    assert_eq!(c.failures.len(), 2);
}

#[test]
fn choosing_a_person_leaves_the_other_persons_failures_out() {
    let bo = ANN_50020
        .replace("ann.lee@partner.example", "bo.chan@other.example")
        .replace(
            "c0ffee00-1234-4abc-9def-0123456789ab",
            "d1e2f3a4-5b6c-4d7e-8f90-a1b2c3d4e5f6",
        );
    let (a, b) = (
        errors::analyze(ANN_50020).failures,
        errors::analyze(&bo).failures,
    );
    let sources = [source(1, None, &a), source(2, None, &b)];
    let c = case::join(&sources, &Choices::default());
    assert_eq!(c.failures.len(), 2, "undecided: both listed");
    let choices = Choices {
        picked: vec![(FactField::GuestAddress, "bo.chan@other.example".into())],
        ..Choices::default()
    };
    let c = case::join(&sources, &choices);
    let kept: Vec<u32> = c.failures.iter().map(|f| f.source).collect();
    assert_eq!(kept, [2]);
    assert_eq!(
        c.value(FactField::CorrelationId),
        Some("d1e2f3a4-5b6c-4d7e-8f90-a1b2c3d4e5f6"),
        "bo's sign-in, not ann's"
    );
}

#[test]
fn a_set_aside_sample_never_reaches_the_summary_or_the_hand_off() {
    use guestlens_analysis::case::SourceInput;
    use guestlens_analysis::handoff::{self, Options};
    let mut inputs: Vec<(String, String)> = samples::case(NOW)
        .into_iter()
        .map(|(n, t)| (n.to_owned(), t))
        .collect();
    inputs.push(("Paste 1".into(), ANN_50020.into()));
    let given: Vec<SourceInput> = inputs
        .iter()
        .enumerate()
        .map(|(i, (name, text))| SourceInput {
            sample: i + 1 < inputs.len(),
            ..SourceInput::plain(name, text)
        })
        .collect();
    let r = guestlens_analysis::analyze_sources(&given, &Choices::default(), NOW);
    assert!(!r.case.samples_set_aside.is_empty());
    assert!(
        r.errors.len() > 1,
        "the Error tool still lists the sample's failure"
    );
    let failures = r.case_failures();
    assert_eq!(failures.len(), 1);
    assert_eq!(
        failures[0].correlation_id.as_deref(),
        Some("c0ffee00-1234-4abc-9def-0123456789ab")
    );
    assert!(r.case_token().is_none(), "the sample's token is set aside");
    let md = handoff::markdown(&r, Options::default());
    let sample_ids: Vec<&str> = r
        .errors
        .iter()
        .filter(|f| r.case.samples_set_aside.contains(&f.source))
        .filter_map(|f| f.correlation_id.as_deref())
        .collect();
    assert!(!sample_ids.is_empty());
    for id in sample_ids {
        assert!(
            !md.contains(id),
            "the sample's correlation ID {id} is in the hand-off"
        );
    }
    assert!(!md.contains("**Account:**"), "{md}");
    assert!(md.contains("c0ffee00-1234-4abc-9def-0123456789ab"));
    // Asked for, the samples are the case again.
    let with = Choices {
        include_samples: true,
        ..Choices::default()
    };
    let r = guestlens_analysis::analyze_sources(&given, &with, NOW);
    assert_eq!(r.case_failures().len(), r.errors.len());
    // The sample's person and Ann are two people: no token speaks for the case until one is
    // chosen, and then only the token that names them.
    assert!(r.case.in_conflict(FactField::GuestAddress));
    assert!(r.case_token().is_none());
    let people = r
        .case
        .conflicts
        .iter()
        .find(|c| c.field == FactField::GuestAddress);
    let sample_guest = people
        .and_then(|c| {
            c.values
                .iter()
                .find(|v| v.value != "ann.lee@partner.example")
        })
        .map(|v| v.value.clone())
        .expect("the sample names its guest");
    let chosen = |who: &str| Choices {
        include_samples: true,
        picked: vec![(FactField::GuestAddress, who.to_owned())],
    };
    let r = guestlens_analysis::analyze_sources(&given, &chosen(&sample_guest), NOW);
    assert!(r.case_token().is_some());
    let r = guestlens_analysis::analyze_sources(&given, &chosen("ann.lee@partner.example"), NOW);
    assert!(
        r.case_token().is_none(),
        "the sample's token does not name Ann"
    );
}

#[test]
fn an_empty_case_says_what_to_get() {
    let c = case::join(&[], &Choices::default());
    assert_eq!(c.unknowns, [Unknown::Failure, Unknown::Token]);
    assert!(Unknown::Failure.how().contains("error page"));
}

#[test]
fn the_subject_serialises_as_an_object_of_facts() {
    let failures = errors::analyze(ANN_50020).failures;
    let c = case::join(&[source(1, None, &failures)], &Choices::default());
    let v = serde_json::to_value(&c).unwrap();
    assert_eq!(
        v["subject"]["guest_address"]["value"],
        "ann.lee@partner.example"
    );
    assert_eq!(v["subject"]["guest_address"]["sources"][0]["source"], 1);
    assert_eq!(
        v["subject"]["guest_address"]["sources"][0]["place"]["failure"],
        0
    );
}

#[test]
fn a_token_that_names_no_one_never_aims_a_command_at_its_object() {
    let failures = errors::analyze(ANN_50020).failures;
    let anonymous = token_of(&jwt(json!({
        "aud": "00000003-0000-0000-c000-000000000000",
        "iss": format!("https://sts.windows.net/{RESOURCE}/"),
        "idp": format!("https://sts.windows.net/{HOME}/"),
        "tid": RESOURCE, "oid": OID_RESOURCE, "ver": "1.0",
        "iat": NOW - 60, "nbf": NOW - 60, "exp": NOW + 3600,
    })));
    let sources = [source(1, None, &failures), source(2, Some(&anonymous), &[])];
    let c = case::join(&sources, &Choices::default());
    assert_eq!(
        c.value(FactField::GuestAddress),
        Some("ann.lee@partner.example")
    );
    assert_eq!(
        c.value(FactField::ObjectId),
        None,
        "the token may be someone else's"
    );
    // Alone, the same token is the case: its object is the subject's.
    let alone = case::join(&[source(1, Some(&anonymous), &[])], &Choices::default());
    assert_eq!(alone.value(FactField::ObjectId), Some(OID_RESOURCE));
}

#[test]
fn a_saved_case_is_written_as_serde_writes_the_struct() {
    use guestlens_analysis::case::{CaseFile, SourceInput};
    let sources = [
        SourceInput::plain("error \"1\".txt", "line\n\ttab \u{1} é 😀 \\ </script>"),
        SourceInput {
            name: "Sample: guest",
            text: "eyJ…",
            sample: true,
            trace: None,
        },
    ];
    let every_pick = Choices {
        picked: FactField::ALL
            .iter()
            .map(|f| (*f, format!("{} \"v\"", f.label())))
            .collect(),
        include_samples: true,
    };
    for (sources, choices) in [
        (&sources[..], every_pick),
        (&sources[..1], Choices::default()),
        (&[][..], Choices::default()),
    ] {
        let file = CaseFile::new(sources, &choices);
        let serde = serde_json::to_string_pretty(&file).expect("serde writes it");
        assert_eq!(file.to_json(), serde);
    }
    // With values typed into the Commands view too.
    let typed = guestlens_analysis::commands::Inputs {
        tenant: Some("contoso.example \"x\"".into()),
        days: Some(String::new()),
        ..Default::default()
    };
    let file = CaseFile::new(&sources, &Choices::default()).with_typed(typed.to_saved());
    assert_eq!(
        file.to_json(),
        serde_json::to_string_pretty(&file).expect("serde writes it")
    );
}

#[test]
fn values_typed_into_the_commands_view_are_saved_with_the_case_and_read_back() {
    use guestlens_analysis::case::{CaseFile, Choices, SourceInput};
    use guestlens_analysis::commands::Inputs;
    let typed = Inputs {
        tenant: Some("contoso.example".into()),
        object_id: Some("0b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9".into()),
        // Cleared by hand: the found value stays hidden after the file is opened again.
        email: Some(String::new()),
        ..Default::default()
    };
    let sources = [SourceInput::plain("error.txt", ANN_50020)];
    let text = CaseFile::new(&sources, &Choices::default())
        .with_typed(typed.to_saved())
        .to_json();
    let back = CaseFile::parse(&text).expect("reads back");
    assert_eq!(Inputs::from_saved(&back.typed), typed);
    // Older files have no typed values; a field this build does not know (a newer one's) is
    // passed over, the others still taken.
    let old = r#"{"guestlens_case": 1, "sources": []}"#;
    assert!(CaseFile::parse(old).expect("reads").typed.is_empty());
    let newer = r#"{"guestlens_case": 1, "sources": [], "typed": [{"field": "badge", "value": "x"}, {"field": "tenant", "value": "contoso.example"}]}"#;
    let read = Inputs::from_saved(&CaseFile::parse(newer).expect("reads").typed);
    assert_eq!(
        read,
        Inputs {
            tenant: Some("contoso.example".into()),
            ..Default::default()
        }
    );
    // A typed value that is not a string is damage, said as for the other members.
    let odd = r#"{"guestlens_case": 1, "sources": [], "typed": [{"field": "tenant", "value": 5}]}"#;
    assert_eq!(
        CaseFile::parse(odd).err().as_deref(),
        Some("This case file is damaged: invalid type: integer `5`, expected a string.")
    );
}

#[test]
fn a_saved_case_reads_back_with_its_choices() {
    use guestlens_analysis::case::{CaseFile, SourceInput};
    let sources = [
        SourceInput::plain("error.txt", ANN_50020),
        SourceInput {
            name: "Sample: guest",
            text: "eyJ…",
            sample: true,
            trace: None,
        },
    ];
    let choices = Choices {
        picked: vec![(FactField::GuestAddress, "ann.lee@partner.example".into())],
        include_samples: false,
    };
    let file = CaseFile::new(&sources, &choices);
    let back = CaseFile::parse(&file.to_json()).expect("reads back");
    assert_eq!(back, file);
    assert_eq!(back.choices(), choices);
    assert!(back.sources[1].sample);

    let broken = CaseFile::parse("{\"guestlens_case\": 1,\n \"sources\": [").unwrap_err();
    assert!(broken.contains("line 2"), "{broken}");
    let other = CaseFile::parse("{\"partners\": []}").unwrap_err();
    assert!(other.contains("not a GuestLens case file"), "{other}");
    let newer = CaseFile::parse("{\"guestlens_case\": 9, \"sources\": []}").unwrap_err();
    assert!(newer.contains("newer GuestLens"), "{newer}");
    // A value out of place is named, without where (the JSON itself is whole).
    let wrong = CaseFile::parse("{\"guestlens_case\": 1,\n \"sources\": [{\"name\": \"a\"}]}");
    assert_eq!(
        wrong,
        Err("This case file is damaged: missing field `text`.".to_owned())
    );
    let typed = CaseFile::parse("{\"guestlens_case\": 1, \"sources\": [], \"include_samples\": 1}");
    assert_eq!(
        typed,
        Err("This case file is damaged: invalid type: integer `1`, expected a boolean.".to_owned())
    );
    // A name given twice (a hand edit gone wrong) is refused at its place, not read as its last
    // value, at the top and inside a source alike.
    for (text, line) in [
        (
            "{\"guestlens_case\": 1, \"sources\": [],\n \"sources\": []}",
            2,
        ),
        (
            "{\"guestlens_case\": 1,\n \"sources\": [{\"name\": \"a\", \"text\": \"x\",\n \"text\": \"y\"}]}",
            3,
        ),
    ] {
        let twice = CaseFile::parse(text).unwrap_err();
        assert!(twice.contains("duplicate field `"), "{twice}");
        assert!(twice.contains(&format!("line {line}")), "{twice}");
    }
}

#[test]
fn a_pasted_policy_is_read_for_the_guests_home_tenant_and_app() {
    use guestlens_analysis::policy::inbound::Access;
    let failures = errors::analyze(ANN_50020).failures;
    let policy = crate::users_blocked_partner(HOME, "b2bCollaborationInbound");
    let sources = [
        source(1, None, &failures),
        Analysed {
            policy: Some(&policy),
            ..source(2, None, &[])
        },
    ];
    let c = case::join(&sources, &Choices::default());
    let fit = c
        .policy
        .clone()
        .expect("the policy is read against the case");
    assert_eq!(fit.source, 2);
    assert_eq!(fit.home_tenant, HOME);
    assert_eq!(fit.inbound.collaboration, Access::Blocked);
    assert_eq!(
        fit.inbound.users.path,
        format!("partners[tenantId={HOME}].b2bCollaborationInbound.usersAndGroups")
    );
    // The block is the first thing the resource admin must change, with the paths it rests on.
    let (actor, step) = fit.step().expect("a blocking policy calls for a step");
    assert_eq!(actor.id(), "resource_admin");
    assert!(step.contains("block inbound B2B collaboration"), "{step}");
    assert!(
        step.contains(HOME) && step.contains(&fit.inbound.users.path),
        "{step}"
    );
    // Only the list that blocks is named: this policy allows every application.
    assert!(
        !step.contains("allow this app") && !step.contains(&fit.inbound.applications.path),
        "{step}"
    );
    // A list of users, with the app blocked: the app is to be allowed, the guest's place on
    // the list checked, never "allow their users" (that would open the door to everyone).
    let mut listed = fit.clone();
    listed.inbound.users.access = Access::OnlyListed;
    listed.inbound.applications.access = Access::Blocked;
    let (_, step) = listed.step().expect("still blocked for this app");
    assert!(
        step.contains("check that this guest is on the list"),
        "{step}"
    );
    assert!(
        step.contains("allow this app") && !step.contains("allow their users"),
        "{step}"
    );
    let mut open = fit.clone();
    open.inbound.collaboration = Access::Allowed;
    assert_eq!(open.step(), None);
    // A failure that blames the home tenant's outbound settings (500212) calls for no inbound step.
    assert!(c.policy_step().is_some());
    let outbound = errors::analyze(
        "AADSTS500212: The user is not allowed to access the target tenant 'Contoso' because of an outbound cross-tenant access policy of the user's home tenant.\nCorrelation Id: 77665544-3322-4111-8000-aabbccddeeff\n",
    )
    .failures;
    let sources = [
        source(1, None, &failures),
        source(3, None, &outbound),
        Analysed {
            policy: Some(&policy),
            ..source(2, None, &[])
        },
    ];
    let c5 = case::join(&sources, &Choices::default());
    assert!(c5.policy.is_some(), "the policy is still read and shown");
    assert_eq!(c5.policy_step(), None);
    // Without a settled home tenant there is nothing to read the policy against.
    let alone = case::join(&sources[1..], &Choices::default());
    assert!(alone.policy.is_none());
}

#[test]
fn a_home_tenants_own_policy_is_not_read_as_the_resource_tenants() {
    // An entry for the resource tenant (0b5d…), none for the home tenant: this is the home
    // tenant's policy (its outbound side blocks), not ours to read for inbound.
    let failures = errors::analyze(ANN_50020).failures;
    let resource = "0b5d2c1e-7f3a-4c9b-8e6d-2a1f3b4c5d6e";
    let theirs = crate::users_blocked_partner(resource, "b2bCollaborationOutbound");
    let sources = [
        source(1, None, &failures),
        Analysed {
            policy: Some(&theirs),
            ..source(2, None, &[])
        },
    ];
    let c = case::join(&sources, &Choices::default());
    assert_eq!(c.value(FactField::ResourceTenant), Some(resource));
    assert_eq!(c.policy, None);
    assert_eq!(c.home_policy, Some(2));
    assert_eq!(c.policy_step(), None);
}

#[test]
fn hidden_ids_and_masked_users_are_shown_but_never_become_facts() {
    let text = "AADSTS50020: User account 'xxxxxx@outlook.com' from identity provider 'live.com' does not exist in tenant 'Contoso'.\nTrace ID: <redacted>\nCorrelation ID: 00000000-0000-0000-0000-000000000000\nTimestamp: 2026-11-24 09:14:07Z\n";
    let failures = errors::analyze(text).failures;
    assert_eq!(failures.len(), 1);
    assert!(
        failures[0].correlation_id.is_some(),
        "the tool still shows what was pasted"
    );
    let c = case::join(&[source(1, None, &failures)], &Choices::default());
    assert_eq!(c.value(FactField::CorrelationId), None, "{:?}", c.subject);
    assert_eq!(
        c.value(FactField::GuestAddress),
        None,
        "a masked address is nobody's"
    );
}

/// The Commands form's field provenance, labelled as the page shows it.
fn places(form: &Form, field: Field) -> Vec<String> {
    match form.provenance(field) {
        Provenance::Found(at) => at.iter().map(|a| a.label()).collect(),
        other => panic!("{field:?} is not found but {other:?}"),
    }
}

/// Ann's token from her own tenant (a member there), as pasted.
fn ann_home_jwt() -> String {
    jwt(json!({
        "aud": "00000003-0000-0000-c000-000000000000",
        "iss": format!("https://sts.windows.net/{HOME}/"),
        "tid": HOME, "oid": OID_HOME, "ver": "1.0",
        "upn": "ann.lee@partner.example",
        "appid": "1fec8e78-bce4-4aaf-ab1b-5451cc387264",
        "iat": NOW - 60, "nbf": NOW - 60, "exp": NOW + 3600,
    }))
}

fn ann_guest_jwt() -> String {
    jwt(json!({
        "aud": "00000003-0000-0000-c000-000000000000",
        "iss": format!("https://sts.windows.net/{RESOURCE}/"),
        "idp": format!("https://sts.windows.net/{HOME}/"),
        "tid": RESOURCE, "oid": OID_RESOURCE, "ver": "1.0",
        "upn": "ann.lee_partner.example#EXT#@contoso.onmicrosoft.com",
        "email": "ann.lee@partner.example",
        "appid": "1fec8e78-bce4-4aaf-ab1b-5451cc387264",
        "iat": NOW - 60, "nbf": NOW - 60, "exp": NOW + 3600,
    }))
}

#[test]
fn each_filled_command_field_names_its_source_and_place() {
    let token = ann_guest_jwt();
    let r = crate::analyze_named(&[("error.txt", ANN_50020), ("Paste 2", &token)], NOW);
    assert!(r.case.conflicts.is_empty(), "{:?}", r.case.conflicts);
    let form = Form::new(&r.findings);
    assert_eq!(
        places(&form, Field::Email),
        ["error.txt · failure 1", "Paste 2 · claim email"]
    );
    assert_eq!(
        places(&form, Field::Tenant),
        ["error.txt · failure 1", "Paste 2 · claim tid"]
    );
    assert_eq!(
        places(&form, Field::HomeTenant),
        ["error.txt · failure 1", "Paste 2 · claim idp"]
    );
    // The object ID is the token's alone: errors never carry one.
    assert_eq!(places(&form, Field::ObjectId), ["Paste 2 · claim oid"]);
    assert_eq!(
        places(&form, Field::CorrelationId),
        ["error.txt · failure 1"]
    );
    assert_eq!(places(&form, Field::Code), ["error.txt · failure 1"]);
    assert_eq!(places(&form, Field::Cloud), ["Paste 2 · claim iss"]);
    assert_eq!(form.provenance(Field::Days), Provenance::Empty);

    // A hand edit says so and keeps the way back to the found value; the same value typed is
    // the found one.
    let typed = form
        .clone()
        .reduce(Action::Edit(Field::Email, "bo@partner.example".into()));
    assert_eq!(
        typed.provenance(Field::Email),
        Provenance::Typed {
            found: Some("ann.lee@partner.example".into())
        }
    );
    let cleared = form.clone().reduce(Action::Edit(Field::Days, "30".into()));
    assert_eq!(
        cleared.provenance(Field::Days),
        Provenance::Typed { found: None }
    );
    let back = typed.reduce(Action::UseFound(Field::Email));
    assert_eq!(places(&back, Field::Email).len(), 2);
    let same = form.reduce(Action::Edit(
        Field::Email,
        " ann.lee@partner.example".into(),
    ));
    assert_eq!(places(&same, Field::Email).len(), 2);
}

#[test]
fn a_field_the_sources_disagree_on_is_blocked_not_found() {
    let bo = jwt(json!({
        "aud": "00000003-0000-0000-c000-000000000000",
        "iss": format!("https://sts.windows.net/{RESOURCE}/"),
        "idp": format!("https://sts.windows.net/{HOME}/"),
        "tid": RESOURCE, "oid": OID_RESOURCE, "ver": "1.0",
        "email": "bo.chan@elsewhere.example",
        "iat": NOW - 60, "nbf": NOW - 60, "exp": NOW + 3600,
    }));
    let r = crate::analyze_named(&[("error.txt", ANN_50020), ("bo.jwt", &bo)], NOW);
    let form = Form::new(&r.findings);
    assert_eq!(form.provenance(Field::Email), Provenance::Conflict);
    assert_eq!(form.value(Field::Email), "");
    // Typing a value settles the field for the commands: it is the user's now.
    let typed = form
        .clone()
        .reduce(Action::Edit(Field::Email, "ann.lee@partner.example".into()));
    assert_eq!(
        typed.provenance(Field::Email),
        Provenance::Typed { found: None }
    );
    // The failure's facts wait for the person; its code is still found, with its place.
    assert_eq!(form.provenance(Field::CorrelationId), Provenance::Empty);
    assert_eq!(places(&form, Field::Code), ["error.txt · failure 1"]);
}

#[test]
fn a_sign_in_export_row_is_named_by_its_line() {
    let csv = format!(
        "\"Date (UTC)\",\"Request ID\",\"Correlation ID\",\"Username\",\"Application ID \",\"Resource tenant ID\",\"Home tenant ID\",\"Status\",\"Sign-in error code\",\"Failure reason\"\r\n\
         2026-11-24T08:00:00Z,aaaaaaaa-0000-4000-8000-000000000001,bbbbbbbb-0000-4000-8000-000000000001,ann.lee@partner.example,1fec8e78-bce4-4aaf-ab1b-5451cc387264,{RESOURCE},{HOME},Success,0,Other.\r\n\
         2026-11-24T09:15:02Z,aaaaaaaa-0000-4000-8000-000000000002,c0ffee00-1234-4abc-9def-0123456789ab,ann.lee@partner.example,1fec8e78-bce4-4aaf-ab1b-5451cc387264,{RESOURCE},{HOME},Failure,50020,User account does not exist in tenant.\r\n"
    );
    let r = crate::analyze_named(&[("signins.csv", &csv)], NOW);
    let form = Form::new(&r.findings);
    assert_eq!(
        places(&form, Field::CorrelationId),
        ["signins.csv · line 3"]
    );
    assert_eq!(places(&form, Field::Email), ["signins.csv · line 3"]);
}

#[test]
fn a_token_response_gives_the_case_its_id_token_too() {
    use guestlens_analysis::case::SourceInput;
    // An access token for an API of the app's own names no one; the id_token beside it does.
    let resource = "0b5d2c1e-7f3a-4c9b-8e6d-2a1f3b4c5d6e";
    let oid = "4f1e2c7a-9b3d-4e5f-8a6b-1c2d3e4f5a6b";
    let common = json!({
        "iss": format!("https://login.microsoftonline.com/{resource}/v2.0"),
        "idp": format!("https://sts.windows.net/{HOME}/"),
        "tid": resource, "oid": oid, "ver": "2.0",
        "iat": NOW - 60, "nbf": NOW - 60, "exp": NOW + 3600,
    });
    let with = |extra: Value| {
        let mut c = common.clone();
        if let (Some(c), Some(e)) = (c.as_object_mut(), extra.as_object()) {
            c.extend(e.clone());
        }
        jwt(c)
    };
    let access = with(
        json!({"aud": "api://expenses", "azp": "1fec8e78-bce4-4aaf-ab1b-5451cc387264", "scp": "Read"}),
    );
    let id = with(
        json!({"aud": "1fec8e78-bce4-4aaf-ab1b-5451cc387264", "email": "ann.lee@partner.example"}),
    );
    let response =
        json!({"token_type": "Bearer", "access_token": access, "id_token": id}).to_string();
    let r = guestlens_analysis::analyze_sources(
        &[SourceInput::plain("response.json", &response)],
        &Choices::default(),
        NOW,
    );
    // The Token tool shows the access token, and says the case read the other one too.
    let t = r.token.as_ref().expect("the access token");
    assert!(t.source.contains("access_token"), "{}", t.source);
    assert!(
        t.diagnostics
            .iter()
            .any(|d| d.message.contains("the case reads it too")),
        "{:?}",
        t.diagnostics
    );
    assert_eq!(
        r.case.value(FactField::GuestAddress),
        Some("ann.lee@partner.example")
    );
    assert_eq!(r.case.value(FactField::HomeTenant), Some(HOME));
    assert_eq!(r.case.value(FactField::ObjectId), Some(oid));
    // The app: from the access token's azp and the ID token's aud, which agree.
    assert_eq!(
        r.case.value(FactField::AppId),
        Some("1fec8e78-bce4-4aaf-ab1b-5451cc387264")
    );
    let id_alone = guestlens_analysis::analyze_sources(
        &[SourceInput::plain("id.txt", &id)],
        &Choices::default(),
        NOW,
    );
    let app = id_alone
        .case
        .subject
        .iter()
        .find(|(f, _)| *f == FactField::AppId);
    let places: Vec<Place> = app
        .map(|(_, f)| f.sources.iter().map(|o| o.place).collect())
        .unwrap_or_default();
    assert_eq!(
        places,
        [Place::Claim("aud")],
        "an ID token names its app in aud"
    );
}

#[test]
fn the_failing_apps_id_wins_over_the_app_a_token_was_issued_to() {
    // The page asks for a token from any session in the tenant (here Graph Explorer's), so its
    // app is not a second case: the failure's app is the case's, with no conflict to settle.
    let explorer = token_of(&jwt(json!({
        "aud": "00000003-0000-0000-c000-000000000000",
        "iss": format!("https://sts.windows.net/{RESOURCE}/"),
        "idp": format!("https://sts.windows.net/{HOME}/"),
        "tid": RESOURCE, "oid": OID_RESOURCE, "ver": "1.0",
        "email": "ann.lee@partner.example",
        "appid": "de8bc8b5-d9f9-48b1-a8ad-b748da725064",
        "iat": NOW - 60, "nbf": NOW - 60, "exp": NOW + 3600,
    })));
    let failures = errors::analyze(ANN_50020).failures;
    let c = case::join(
        &[source(1, Some(&explorer), &[]), source(2, None, &failures)],
        &Choices::default(),
    );
    assert!(!c.in_conflict(FactField::AppId), "{:?}", c.conflicts);
    assert_eq!(
        c.value(FactField::AppId),
        Some("1fec8e78-bce4-4aaf-ab1b-5451cc387264")
    );
    // With no failure, the token's app is all there is.
    let c = case::join(&[source(1, Some(&explorer), &[])], &Choices::default());
    assert_eq!(
        c.value(FactField::AppId),
        Some("de8bc8b5-d9f9-48b1-a8ad-b748da725064")
    );
}

#[test]
fn a_partner_entry_pasted_after_the_default_decides_the_case() {
    // Two pastes of the resource tenant's policy: the default allows everyone, the partner entry
    // for Ann's home tenant blocks its users. The entry rules, in either order.
    let default = r#"{"isServiceDefault":true,"inboundTrust":{"isMfaAccepted":true},
      "b2bCollaborationInbound":{"usersAndGroups":{"accessType":"allowed","targets":[{"target":"AllUsers","targetType":"user"}]},
      "applications":{"accessType":"allowed","targets":[{"target":"AllApplications","targetType":"application"}]}}}"#;
    let partner = format!(
        r#"{{"value":[{}]}}"#,
        crate::users_blocked_partner(HOME, "b2bCollaborationInbound")
    );
    for order in [[default, partner.as_str()], [partner.as_str(), default]] {
        let r = crate::analyze_named(
            &[
                ("error.txt", ANN_50020),
                ("a.json", order[0]),
                ("b.json", order[1]),
            ],
            NOW,
        );
        let fit = r.case.policy.as_ref().expect("a policy reading");
        assert_eq!(
            fit.inbound.collaboration,
            guestlens_analysis::policy::inbound::Access::Blocked,
            "{order:?}"
        );
        let name = r
            .sources
            .iter()
            .find(|s| s.id == fit.source)
            .map(|s| s.name.clone());
        let partner_paste = if order[0] == default {
            "b.json"
        } else {
            "a.json"
        };
        assert_eq!(
            name.as_deref(),
            Some(partner_paste),
            "the reading is cited to the paste with the partner entry"
        );
        // The partner's trust is null: the default's, pasted apart, is the one that holds.
        assert_eq!(fit.inbound.mfa.accepted, Some(true), "{order:?}");
    }
}

#[test]
fn a_directory_named_by_the_guests_own_domain_is_not_the_resource_tenant() {
    let own = "AADSTS50034: The user account ann.lee@partner.example does not exist in the partner.example directory. To sign into this application, the account must be added to the directory.";
    let r = crate::analyze_named(&[("error.txt", own)], NOW);
    assert_eq!(r.case.value(FactField::ResourceTenant), None);
    // Another organisation's directory is the resource tenant, as before.
    let theirs = own.replace(
        "in the partner.example directory",
        "in the contoso.example directory",
    );
    let r = crate::analyze_named(&[("error.txt", &theirs)], NOW);
    assert_eq!(
        r.case.value(FactField::ResourceTenant),
        Some("contoso.example")
    );
}

#[test]
fn a_guests_ext_upn_in_an_error_names_the_guest() {
    // 50105 names the guest by their UPN in the resource tenant. Pasted with a member's token
    // (the helpdesk's own), the two people must be told apart, not the member taken for the guest.
    let e50105 = "AADSTS50105: Your administrator has configured the application Expenses ('1fec8e78-bce4-4aaf-ab1b-5451cc387264') to block users unless they are specifically granted ('assigned') access to the application. The signed in user 'ann.lee_partner.example#EXT#@contoso.onmicrosoft.com' is blocked because they are not a direct member of a group with access, nor had access directly assigned by an administrator.";
    let failures = errors::analyze(e50105).failures;
    assert_eq!(failures.len(), 1);
    let c = case::join(&[source(1, None, &failures)], &Choices::default());
    assert_eq!(
        c.value(FactField::GuestAddress),
        Some("ann.lee@partner.example")
    );
    let helpdesk = token_of(&jwt(json!({
        "aud": "00000003-0000-0000-c000-000000000000",
        "iss": format!("https://sts.windows.net/{RESOURCE}/"),
        "tid": RESOURCE, "oid": OID_HOME, "ver": "1.0", "acct": 0,
        "upn": "helpdesk@contoso.onmicrosoft.com",
        "iat": NOW - 60, "nbf": NOW - 60, "exp": NOW + 3600,
    })));
    let c = case::join(
        &[source(1, Some(&helpdesk), &[]), source(2, None, &failures)],
        &Choices::default(),
    );
    assert!(c.in_conflict(FactField::GuestAddress), "{:?}", c.subject);
    assert_ne!(
        c.value(FactField::GuestAddress),
        Some("helpdesk@contoso.onmicrosoft.com")
    );
}

#[test]
fn a_failure_in_microsofts_own_tenant_suggests_no_command() {
    // A personal account opening the Azure portal without a directory of its own (AADSTS16000):
    // the tenant named is Microsoft's own, where no customer admin invites anyone.
    let e = "AADSTS16000: User account 'sam.guest@outlook.example' from identity provider 'live.com' does not exist in tenant 'Microsoft Services' and cannot access the application 'c44b4083-3bb0-49c1-b47d-974e53cbdf3c'(ADIbizaUX) in that tenant. The account needs to be added as an external user in the tenant first.";
    let r = crate::analyze_named(&[("error.txt", e)], NOW);
    assert!(
        r.case.unknowns.contains(&Unknown::MicrosoftTenant),
        "{:?}",
        r.case.unknowns
    );
    assert!(!r.case.unknowns.contains(&Unknown::Token));
    assert!(
        r.commands.is_empty(),
        "{:?}",
        r.commands.iter().map(|c| c.id).collect::<Vec<_>>()
    );
    assert_eq!(r.case.value(FactField::ResourceTenant), None);
    let f = &r.errors[0];
    assert!(f.checklist.is_empty(), "{:?}", f.checklist);
    assert!(f.recipes.is_empty(), "{:?}", f.recipes);
    let g = f.guidance.as_ref().expect("guidance");
    assert!(
        g.steps
            .iter()
            .all(|s| s.actor != errors::guidance::Actor::ResourceAdmin),
        "{:?}",
        g.steps
    );
    assert!(
        g.caveat
            .as_deref()
            .is_some_and(|c| c.contains("Microsoft's own"))
    );
    // The caveat's claim is cited: Microsoft's AADSTS50020 article says where a personal
    // account lands.
    assert!(
        g.sources
            .iter()
            .any(|s| s.url == guestlens_analysis::entra::MICROSOFT_SERVICES_SOURCE.url),
        "{:?}",
        g.sources
    );
    // Also where the code's own guidance does not cite it (AADSTS50034 naming the directory by ID).
    let lost = "AADSTS50034: The user account sam.guest@outlook.example does not exist in the f8cdef31-a31e-4b4a-93e4-5f571e91255a directory. To sign into this application, the account must be added to the directory.";
    let r = crate::analyze_named(&[("error.txt", lost)], NOW);
    let g = r.errors[0].guidance.as_ref().expect("guidance");
    assert!(
        g.sources
            .iter()
            .any(|s| s.url == guestlens_analysis::entra::MICROSOFT_SERVICES_SOURCE.url),
        "{:?}",
        g.sources
    );
    // By ID too.
    let by_id = e.replace(
        "'Microsoft Services'",
        "'f8cdef31-a31e-4b4a-93e4-5f571e91255a'",
    );
    let r = crate::analyze_named(&[("error.txt", &by_id)], NOW);
    assert!(r.commands.is_empty());
    assert_eq!(r.case.value(FactField::ResourceTenant), None);
    // Another organisation's name still gets the commands.
    let theirs = e.replace("'Microsoft Services'", "'Contoso Ltd'");
    let r = crate::analyze_named(&[("error.txt", &theirs)], NOW);
    assert!(!r.commands.is_empty());
    assert!(!r.case.unknowns.contains(&Unknown::MicrosoftTenant));
}

#[test]
fn one_failure_pasted_twice_is_one_failure_of_the_case() {
    let a = errors::analyze(ANN_50020).failures;
    let b = errors::analyze(ANN_50020).failures;
    let c = case::join(
        &[source(1, None, &a), source(2, None, &b)],
        &Choices::default(),
    );
    assert_eq!(c.failures.len(), 1, "{:?}", c.failures);
    // Both pastes stay cited for the facts it gave.
    let app = c
        .subject
        .iter()
        .find(|(f, _)| *f == FactField::AppId)
        .map(|(_, fact)| fact.sources.len());
    assert_eq!(app, Some(2));
    // Another sign-in of the same guest (another trace ID and correlation ID) stays apart.
    let again = ANN_50020
        .replace(
            "7d2c1a3e-4b5f-4c6d-9e8f-0a1b2c3d4e5f",
            "8e3d2b4f-5c6a-4d7e-8f9a-1b2c3d4e5f60",
        )
        .replace(
            "c0ffee00-1234-4abc-9def-0123456789ab",
            "c0ffee00-1234-4abc-9def-0123456789ac",
        );
    let b = errors::analyze(&again).failures;
    let c = case::join(
        &[source(1, None, &a), source(2, None, &b)],
        &Choices::default(),
    );
    assert_eq!(c.failures.len(), 2);
}

#[test]
fn a_repeated_failure_is_not_said_to_be_set_aside() {
    let r = crate::analyze_named(&[("a.txt", ANN_50020), ("b.txt", ANN_50020)], NOW);
    assert_eq!(r.case.failures.len(), 1);
    assert_eq!(r.case.repeats, [(2, 0)]);
    assert!(r.failures_set_aside().is_empty());
    assert_eq!(r.set_aside_line(), None);
    // Two requests of one sign-in (one correlation ID and second, two trace IDs) stay two.
    let other_request = ANN_50020.replace(
        "7d2c1a3e-4b5f-4c6d-9e8f-0a1b2c3d4e5f",
        "8e3d2b4f-5c6a-4d7e-8f9a-1b2c3d4e5f60",
    );
    let r = crate::analyze_named(&[("a.txt", ANN_50020), ("b.txt", &other_request)], NOW);
    assert_eq!(r.case.failures.len(), 2);
}

#[test]
fn two_different_entries_for_the_home_tenant_are_not_read_by_paste_order() {
    let blocked = format!(
        r#"{{"value":[{}]}}"#,
        crate::users_blocked_partner(HOME, "b2bCollaborationInbound")
    );
    let allowed = blocked.replace(r#""accessType":"blocked""#, r#""accessType":"allowed""#);
    assert_ne!(blocked, allowed);
    for order in [
        [blocked.as_str(), allowed.as_str()],
        [allowed.as_str(), blocked.as_str()],
    ] {
        let r = crate::analyze_named(
            &[
                ("error.txt", ANN_50020),
                ("a.json", order[0]),
                ("b.json", order[1]),
            ],
            NOW,
        );
        assert!(r.case.policy.is_none(), "read by paste order");
        assert!(r.case.unknowns.contains(&Unknown::PolicyEntries));
    }
    // The same entry pasted twice is one reading.
    let r = crate::analyze_named(
        &[
            ("error.txt", ANN_50020),
            ("a.json", &blocked),
            ("b.json", &blocked),
        ],
        NOW,
    );
    assert!(r.case.policy.is_some());
    assert!(!r.case.unknowns.contains(&Unknown::PolicyEntries));
}

#[test]
fn a_tenant_id_from_a_token_is_not_tied_to_the_name_the_error_gives() {
    // The error names the organisation by display name; only the guest's token gives an ID.
    let named = ANN_50020.replace(RESOURCE, "Contoso Ltd");
    let token = ann_guest_jwt();
    let r = crate::analyze_named(&[("error.txt", &named), ("token.txt", &token)], NOW);
    assert_eq!(r.case.value(FactField::ResourceTenant), Some(RESOURCE));
    assert_eq!(r.resource_tenant_unconfirmed(), Some("Contoso Ltd"));
    let md = guestlens_analysis::handoff::markdown(&r, Default::default());
    assert!(
        md.contains(&format!(
            "**Resource tenant:** {RESOURCE} (from a token or sign-in URL, while the error names the organisation \"Contoso Ltd\""
        )),
        "{md}"
    );
    // An error that gives the ID itself ties them: nothing to check.
    let r = crate::analyze_named(&[("error.txt", ANN_50020), ("token.txt", &token)], NOW);
    assert_eq!(r.resource_tenant_unconfirmed(), None);
    // A token alone names no organisation to compare with.
    let r = crate::analyze_named(&[("token.txt", &token)], NOW);
    assert_eq!(r.resource_tenant_unconfirmed(), None);
}

#[test]
fn a_tokens_app_counts_only_in_the_tenant_that_issued_the_token() {
    // A 50034 in one tenant names no app; the guest's token is from a session in another.
    let other = "3f2a9c4e-8b1d-4e6f-a0c2-7d5e9b1a3c8f";
    let e = format!(
        "AADSTS50034: The user account ann.lee@partner.example does not exist in the {other} directory.\nCorrelation ID: 4b5c6d7e-8f9a-4b1c-8d2e-3f4a5b6c7d8e\n"
    );
    let failures = errors::analyze(&e).failures;
    let token = ann_guest();
    let sources = [source(1, None, &failures), source(2, Some(&token), &[])];
    let c = case::join(&sources, &Choices::default());
    assert!(
        c.in_conflict(FactField::ResourceTenant),
        "{:?}",
        c.conflicts
    );
    // While the tenant is not chosen, the token's app waits with it.
    assert_eq!(c.value(FactField::AppId), None);
    let pick = |tenant: &str| Choices {
        picked: vec![(FactField::ResourceTenant, tenant.into())],
        ..Choices::default()
    };
    let c = case::join(&sources, &pick(other));
    assert_eq!(c.value(FactField::ResourceTenant), Some(other));
    assert_eq!(
        c.value(FactField::AppId),
        None,
        "an app of the other tenant's token"
    );
    let c = case::join(&sources, &pick(RESOURCE));
    assert_eq!(
        c.value(FactField::AppId),
        Some("1fec8e78-bce4-4aaf-ab1b-5451cc387264")
    );
    // A lone token still gives its app.
    let c = case::join(&[source(2, Some(&token), &[])], &Choices::default());
    assert_eq!(
        c.value(FactField::AppId),
        Some("1fec8e78-bce4-4aaf-ab1b-5451cc387264")
    );
}

#[test]
fn an_inbound_list_of_groups_is_named_as_the_partners_objects() {
    // Only one group of the partner is let in: the group is an object of their directory.
    let group = "0c4d5e6f-1a2b-4c3d-8e9f-0a1b2c3d4e5f";
    let policy = format!(
        r#"{{"tenantId":"{HOME}","b2bCollaborationInbound":{{
          "usersAndGroups":{{"accessType":"allowed","targets":[{{"target":"{group}","targetType":"group"}}]}},
          "applications":{{"accessType":"allowed","targets":[{{"target":"AllApplications","targetType":"application"}}]}}}}}}"#
    );
    let failures = errors::analyze(ANN_50020).failures;
    let sources = [
        source(1, None, &failures),
        Analysed {
            policy: Some(&policy),
            ..source(2, None, &[])
        },
    ];
    let c = case::join(&sources, &Choices::default());
    let fit = c.policy.as_ref().expect("the policy is read");
    assert_eq!(fit.inbound.users.listed, [group]);
    let (_, step) = fit.step().expect("a step");
    assert!(
        step.contains("check that this guest is on the list"),
        "{step}"
    );
    assert!(
        step.contains(&format!(
            "({group}: user or group object IDs in {HOME}'s own directory, not yours"
        )),
        "{step}"
    );
}

#[test]
fn a_policy_pasted_before_the_home_tenant_is_known_says_what_its_default_does() {
    // The default blocks inbound B2B collaboration for everyone; no error or token yet.
    let default = r#"{"@odata.context":"https://graph.microsoft.com/v1.0/$metadata#policies/crossTenantAccessPolicy/default/$entity","isServiceDefault":false,
      "b2bCollaborationInbound":{"usersAndGroups":{"accessType":"blocked","targets":[{"target":"AllUsers","targetType":"user"}]},
        "applications":{"accessType":"blocked","targets":[{"target":"AllApplications","targetType":"application"}]}}}"#;
    let r = crate::analyze_named(&[("default.json", default)], NOW);
    let (id, inbound) = r.case.policy_default.as_ref().expect("the default is read");
    assert_eq!(*id, 1);
    assert_eq!(
        inbound.collaboration,
        guestlens_analysis::policy::inbound::Access::Blocked
    );
    let md = guestlens_analysis::handoff::markdown(&r, Default::default());
    assert!(
        md.contains("not read for this guest until their home tenant is known; for organisations without an entry of their own, inbound B2B collaboration is blocked"),
        "{md}"
    );
    // Once the error names the home tenant, the policy is read for the guest instead.
    let r = crate::analyze_named(&[("default.json", default), ("error.txt", ANN_50020)], NOW);
    assert!(r.case.policy.is_some());
    assert!(r.case.policy_default.is_none());
}

#[test]
fn how_the_guest_signs_in_is_read_from_the_resource_tenants_token_whatever_the_order() {
    let home = ann_home_jwt();
    let guest = ann_guest_jwt();
    for pastes in [[&home, &guest], [&guest, &home]] {
        let r = crate::analyze_named(
            &[
                ("error.txt", ANN_50020),
                ("Paste 1", pastes[0]),
                ("Paste 2", pastes[1]),
            ],
            NOW,
        );
        let t = r.case_token().expect("a token speaks for the case");
        assert_eq!(t.account_kind, token::AccountKind::Guest);
        assert_eq!(t.tenant_id.as_deref(), Some(RESOURCE));
    }
}

#[test]
fn another_persons_token_from_another_cloud_never_moves_the_commands_there() {
    let usgov = |who: &str| {
        token_of(&jwt(json!({
            "aud": "00000003-0000-0000-c000-000000000000",
            "iss": format!("https://login.microsoftonline.us/{RESOURCE}/v2.0"),
            "idp": format!("https://login.microsoftonline.us/{HOME}/v2.0"),
            "tid": RESOURCE, "oid": OID_RESOURCE, "ver": "2.0",
            "preferred_username": who, "email": who,
            "azp": "1fec8e78-bce4-4aaf-ab1b-5451cc387264", "scp": "User.Read",
            "iat": NOW - 60, "nbf": NOW - 60, "exp": NOW + 3600,
        })))
    };
    let failures = errors::analyze(ANN_50020).failures;
    let gus = usgov("gus@agency.example");
    let sources = [source(1, None, &failures), source(2, Some(&gus), &[])];
    // Two people: no cloud until one is chosen.
    let c = case::join(&sources, &Choices::default());
    assert_eq!(
        case::findings(&c, &sources, &Choices::default()).cloud,
        None
    );
    // Ann chosen: Gus's US Government token says nothing about Ann's cloud.
    let ann = Choices {
        picked: vec![(FactField::GuestAddress, "ann.lee@partner.example".into())],
        ..Choices::default()
    };
    let c = case::join(&sources, &ann);
    assert_eq!(case::findings(&c, &sources, &ann).cloud, None);
    // Ann's own US Government token does set it.
    let anns = usgov("ann.lee@partner.example");
    let sources = [source(1, None, &failures), source(2, Some(&anns), &[])];
    let c = case::join(&sources, &Choices::default());
    assert!(
        case::findings(&c, &sources, &Choices::default())
            .cloud
            .is_some()
    );
}

#[test]
fn the_hand_off_never_calls_a_tenant_id_a_display_name_nor_a_home_token_a_member_here() {
    // Two people, the tenant an ID: it waits with the person, and is no "display name".
    let bo = ANN_50020.replace("ann.lee@partner.example", "bo.chan@elsewhere.example");
    let r = crate::analyze_named(&[("ann.txt", ANN_50020), ("bo.txt", &bo)], NOW);
    assert_eq!(r.resource_tenant_name(), None);
    let md = guestlens_analysis::handoff::markdown(&r, Default::default());
    assert!(!md.contains("a display name"), "{md}");
    // A home-tenant member token beside the error is said to be a sign-in at home.
    let home = ann_home_jwt();
    let r = crate::analyze_named(&[("error.txt", ANN_50020), ("home.txt", &home)], NOW);
    let line = r.account_line().expect("an account line");
    assert!(
        line.starts_with(&format!("A member of their home tenant {HOME}")),
        "{line}"
    );
    let md = guestlens_analysis::handoff::markdown(&r, Default::default());
    assert!(!md.contains("Member of the tenant (not a guest)"), "{md}");
}

#[test]
fn an_errors_sign_in_host_names_the_cloud_and_its_idp_does_not() {
    // The authorize URL on the 21Vianet host: the sign-in happened in the China cloud.
    let china = "https://login.partner.microsoftonline.cn/7e6d5c4b-3a2f-4e1d-8c0b-9a8f7e6d5c4b/oauth2/v2.0/authorize?client_id=1fec8e78-bce4-4aaf-ab1b-5451cc387264\n\nAADSTS50020: User account 'li@partner.example' from identity provider 'https://sts.chinacloudapi.cn/2b3c4d5e-6f70-4a81-9b2c-3d4e5f607182/' does not exist in tenant 'Contoso China' and cannot access the application '1fec8e78-bce4-4aaf-ab1b-5451cc387264'(Contoso Expenses) in that tenant.\nCorrelation Id: 77778888-aaaa-4abc-9def-0123456789ab\n";
    let r = crate::analyze_named(&[("error.txt", china)], NOW);
    assert_eq!(
        r.findings.cloud,
        Some(guestlens_analysis::token::Cloud::China)
    );
    // A guest from a US Government home signing in to a global tenant: the idp is their home
    // cloud, not where the commands run.
    let home_elsewhere = ANN_50020.replace(
        "https://sts.windows.net/9e8d7c6b-5a4f-4e3d-9c2b-1a0f9e8d7c6b/",
        "https://login.microsoftonline.us/9e8d7c6b-5a4f-4e3d-9c2b-1a0f9e8d7c6b/",
    );
    let r = crate::analyze_named(&[("error.txt", &home_elsewhere)], NOW);
    assert_eq!(r.findings.cloud, None);
}

#[test]
fn two_clouds_in_the_sources_hold_every_command_until_one_is_chosen() {
    // Ann's error was on the China cloud's sign-in host; her token says US Government.
    let china = format!(
        "https://login.partner.microsoftonline.cn/{RESOURCE}/oauth2/v2.0/authorize?client_id=1fec8e78-bce4-4aaf-ab1b-5451cc387264\n\n{ANN_50020}"
    );
    let token = jwt(json!({
        "aud": "00000003-0000-0000-c000-000000000000",
        "iss": format!("https://login.microsoftonline.us/{RESOURCE}/v2.0"),
        "idp": format!("https://login.microsoftonline.us/{HOME}/v2.0"),
        "tid": RESOURCE, "oid": OID_RESOURCE, "ver": "2.0",
        "preferred_username": "ann.lee@partner.example", "email": "ann.lee@partner.example",
        "azp": "1fec8e78-bce4-4aaf-ab1b-5451cc387264", "scp": "User.Read",
        "iat": NOW - 60, "nbf": NOW - 60, "exp": NOW + 3600,
    }));
    let r = crate::analyze_named(&[("error.txt", &china), ("token.txt", &token)], NOW);
    assert_eq!(r.findings.cloud, None);
    assert!(!r.commands.is_empty());
    for c in &r.commands {
        assert!(c.powershell.is_empty(), "{}: {}", c.id.id(), c.powershell);
        assert!(
            c.problems.iter().any(|p| p.field == "cloud"),
            "{:?}",
            c.problems
        );
    }
    // The Commands form: the field says the sources disagree; a cloud typed by hand writes them.
    let form = Form::new(&r.findings);
    assert_eq!(form.provenance(Field::Cloud), Provenance::Conflict);
    assert!(form.recipes().iter().all(|c| c.powershell.is_empty()));
    let form = form.reduce(Action::Edit(Field::Cloud, "china".into()));
    assert!(
        form.recipes()
            .iter()
            .any(|c| c.powershell.contains("-Environment China"))
    );
}

#[test]
fn the_address_bar_of_a_failed_sign_in_gives_the_tenant_app_and_guest() {
    let url = "https://login.microsoftonline.com/0b5d2c1e-7f3a-4c9b-8e6d-2a1f3b4c5d6e/oauth2/v2.0/authorize?client_id=1fec8e78-bce4-4aaf-ab1b-5451cc387264&response_type=code&login_hint=ann.lee%40partner.example&scope=openid";
    let outbound = "AADSTS500212: The user is not allowed to access this resource.\nCorrelation ID: c0ffee00-1234-4abc-9def-0123456789ab\n";
    let r = crate::analyze_named(&[("url.txt", url), ("error.txt", outbound)], NOW);
    assert_eq!(r.sources[0].kinds, [case::SourceKind::Request]);
    assert_eq!(
        r.case.value(FactField::GuestAddress),
        Some("ann.lee@partner.example")
    );
    assert_eq!(r.case.value(FactField::ResourceTenant), Some(RESOURCE));
    assert_eq!(
        r.case.value(FactField::AppId),
        Some("1fec8e78-bce4-4aaf-ab1b-5451cc387264")
    );
    let from = r
        .case
        .subject
        .iter()
        .find(|(f, _)| *f == FactField::AppId)
        .map(|(_, fact)| fact.sources[0].place);
    assert_eq!(from, Some(Place::UrlParam("client_id")));
    // Another person's request waits with them, and a /common request names no tenant.
    let bo = url.replace("ann.lee%40partner.example", "bo%40elsewhere.example");
    let r = crate::analyze_named(&[("url.txt", &bo), ("error.txt", ANN_50020)], NOW);
    assert!(r.case.in_conflict(FactField::GuestAddress));
    let common = url.replace(RESOURCE, "common");
    let r = crate::analyze_named(&[("url.txt", &common)], NOW);
    assert_eq!(r.case.value(FactField::ResourceTenant), None);
}
