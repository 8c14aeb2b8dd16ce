//! A HAR file as a source of the case: failures with their hop, tokens decoded but never kept whole, the `trace` object.
use guestlens_analysis::case::trace::{TokenField, looks_like_har};
use guestlens_analysis::case::{Choices, FactField, Place, SourceInput, SourceKind};
use guestlens_analysis::trace::{HopKind, PieceKind};
use guestlens_analysis::{Report, analyze_sources};

const CROSS_TENANT: &str = include_str!("../fixtures/har/cross-tenant-50020.har");
const PERSONAL: &str = include_str!("../fixtures/har/personal-account.har");
const FORM_POST: &str = include_str!("../fixtures/har/form-post-token-error.har");

const NOW: i64 = 1_714_560_000;
const CORR: &str = "c0c0c0c0-1111-4222-8333-444444444444";
const REQ: &str = "aaaa0000-bbbb-4ccc-8ddd-eeeeffff0001";
const APP: &str = "11111111-2222-4333-8444-555555555555";

fn run(sources: &[(&str, &str)]) -> Report {
    crate::analyze_named(sources, NOW)
}

#[test]
fn the_cross_tenant_failure_keeps_its_hop_and_ids() {
    let r = run(&[("trace.har", CROSS_TENANT)]);
    assert_eq!(r.errors.len(), 1, "{:?}", r.errors);
    let f = &r.errors[0];
    assert_eq!(f.codes, [50020]);
    assert_eq!(f.hop, Some(6));
    assert_eq!(f.source, 1);
    assert_eq!(f.correlation_id.as_deref(), Some(CORR));
    assert_eq!(f.trace_id.as_deref(), Some(REQ));
    assert_eq!(f.timestamp.as_deref(), Some("2024-05-01T10:20:31Z"));
    assert!(
        f.highlights.is_empty(),
        "spans of a piece are not spans of the file"
    );
    let t = r.trace.as_ref().expect("a trace object");
    assert_eq!(t.source, 1);
    assert_eq!(t.entries, 7);
    assert_eq!(t.noise_total, 4);
    assert_eq!(t.problem, None);
    let kinds: Vec<HopKind> = t.hops.iter().map(|h| h.kind).collect();
    assert_eq!(
        kinds,
        [
            HopKind::Authorize,
            HopKind::GetCredentialType,
            HopKind::Login
        ]
    );
    assert_eq!(r.sources[0].kinds, [SourceKind::Trace, SourceKind::Error]);
    // The case's failure and the facts read from it say which hop.
    assert_eq!(r.case.failures.len(), 1);
    assert_eq!(r.case.failures[0].hop, Some(6));
    let guest = r
        .case
        .subject
        .iter()
        .find(|(f, _)| *f == FactField::GuestAddress)
        .map(|(_, fact)| fact)
        .expect("the guest is named by the error page");
    assert_eq!(guest.value, "alex@partner.example");
    assert_eq!(guest.sources[0].hop, Some(6));
    assert_eq!(guest.sources[0].place, Place::Failure(0));
    assert_eq!(r.case.value(FactField::AppId), Some(APP));
    assert_eq!(r.case.value(FactField::CorrelationId), Some(CORR));
}

#[test]
fn a_failure_seen_in_a_redirect_and_its_target_is_one() {
    let r = run(&[("msa.har", PERSONAL)]);
    assert_eq!(r.errors.len(), 1, "{:?}", r.errors);
    let f = &r.errors[0];
    assert_eq!(f.codes, [50020]);
    assert_eq!(f.hop, Some(3));
    assert_eq!(f.correlation_id.as_deref(), Some(CORR));
    assert_eq!(f.user.as_deref(), Some("sam.guest@outlook.example"));
    let t = r.trace.as_ref().unwrap();
    assert!(t.hops.iter().any(|h| h.host == "login.live.com"));
    assert!(t.tokens.is_empty());
}

#[test]
fn trace_tokens_join_the_case_but_never_whole() {
    let r = run(&[("flow.har", FORM_POST)]);
    let f = &r.errors[0];
    assert_eq!(r.errors.len(), 1, "{:?}", r.errors);
    assert_eq!(f.codes, [54005]);
    assert_eq!(f.hop, Some(3));
    assert_eq!(f.error.as_deref(), Some("invalid_grant"));
    assert_eq!(f.correlation_id.as_deref(), Some(CORR));
    let t = r.trace.as_ref().unwrap();
    let found: Vec<(usize, PieceKind, TokenField)> =
        t.tokens.iter().map(|t| (t.hop, t.piece, t.field)).collect();
    // The Bearer header of entry 4 carries the access token of entry 2: one token, first seen.
    assert_eq!(
        found,
        [
            (1, PieceKind::FormPostBody, TokenField::IdToken),
            (2, PieceKind::TokenEndpointBody, TokenField::AccessToken),
        ]
    );
    for tok in &t.tokens {
        assert!(tok.token.raw.is_empty());
        assert!(tok.token.parts.is_empty());
        assert!(tok.token.claims.is_some(), "decoded");
    }
    // The pasted-token field stays for pasted tokens.
    assert!(r.token.is_none());
    assert_eq!(
        r.sources[0].kinds,
        [SourceKind::Trace, SourceKind::Token, SourceKind::Error]
    );
    let guest = r
        .case
        .subject
        .iter()
        .find(|(f, _)| *f == FactField::GuestAddress)
        .map(|(_, fact)| fact)
        .unwrap();
    assert_eq!(guest.value, "alex@partner.example");
    assert_eq!(guest.sources[0].hop, Some(1));
    assert_eq!(
        guest.sources[0].place,
        Place::Claim("preferred_username"),
        "the claim the address was read from"
    );
    // Nothing of a raw token reaches the JSON: no JWT segment, no signature.
    let json = serde_json::to_string(&r).unwrap();
    assert!(!json.contains("eyJ"), "a raw token segment leaked");
    assert!(!json.contains("ZmFrZS1zaWduYXR1cmU"), "a signature leaked");
    assert!(!json.contains("FAKErefresh0021"));
}

#[test]
fn a_trace_and_a_pasted_error_of_another_person_conflict() {
    let other = "AADSTS50020: User account 'kim@elsewhere.example' from identity provider \
                 'https://sts.windows.net/9a8b7c6d-0000-4000-8000-00000000beef/' does not exist \
                 in tenant 'Contoso'.\nCorrelation ID: 12121212-3434-4565-8787-909090909090";
    let r = run(&[("trace.har", CROSS_TENANT), ("paste", other)]);
    assert!(r.case.in_conflict(FactField::GuestAddress));
    assert_eq!(r.errors.len(), 2);
    assert_eq!(r.errors[0].hop, Some(6));
    assert_eq!(r.errors[1].hop, None);
    assert_eq!(r.errors[1].source, 2);
    assert_eq!(r.trace.as_ref().unwrap().source, 1);
}

#[test]
fn a_damaged_har_says_where_and_is_read_as_text() {
    let cut = &CROSS_TENANT[..CROSS_TENANT.len() - 40];
    let r = run(&[("cut.har", cut)]);
    let t = r
        .trace
        .as_ref()
        .expect("the trace object says what is wrong");
    let problem = t.problem.as_deref().unwrap();
    assert!(problem.contains("cut short"), "{problem}");
    assert!(t.hops.is_empty());
    assert!(!r.sources[0].kinds.contains(&SourceKind::Trace));
    // The text itself is still read: the error page's code is found without a hop.
    assert!(
        r.errors
            .iter()
            .any(|f| f.codes.contains(&50020) && f.hop.is_none())
    );
}

#[test]
fn only_har_shaped_json_is_read_as_a_trace() {
    assert!(looks_like_har(CROSS_TENANT));
    assert!(looks_like_har("\u{feff} {\"log\" : {\"entries\": []}}"));
    assert!(!looks_like_har("{\"log\": \"text\", \"entries\": []}"));
    assert!(!looks_like_har("AADSTS50020 \"log\": { \"entries\""));
    let r = run(&[("policy.json", "{\"log\": \"x\", \"entries\": []}")]);
    assert!(r.trace.is_none());
    // A HAR with no entries is still a trace, with nothing in it.
    let r = run(&[(
        "empty.har",
        "{\"log\": {\"version\": \"1.2\", \"entries\": []}}",
    )]);
    let t = r.trace.as_ref().unwrap();
    assert_eq!(
        (t.entries, t.hops.len(), t.problem.as_deref()),
        (0, 0, None)
    );
    assert!(r.errors.is_empty());
}

#[test]
fn a_sample_trace_stays_apart() {
    // Alone, a sample is a demonstration; beside real material it is kept apart.
    let sample = SourceInput {
        name: "sample.har",
        text: CROSS_TENANT,
        sample: true,
        trace: None,
    };
    let alone = analyze_sources(&[sample], &Choices::default(), NOW);
    assert!(alone.case.samples_set_aside.is_empty());
    assert!(!alone.case.subject.is_empty());
    let real = SourceInput::plain(
        "note.txt",
        "AADSTS53003: Access has been blocked by Conditional Access policies.",
    );
    let r = analyze_sources(&[sample, real], &Choices::default(), NOW);
    assert_eq!(r.case.samples_set_aside, [1]);
    assert!(r.case.subject.is_empty(), "{:?}", r.case.subject);
    assert_eq!(
        r.errors.len(),
        2,
        "the tools still show the sample's failure"
    );
}

/// A HAR read chunk by chunk (as the page reads a big file) and the same HAR given as text
/// make the same report: one joining path.
#[test]
fn a_trace_read_in_chunks_joins_like_the_same_har_as_text() {
    use guestlens_analysis::trace::Reader;
    for (name, har) in [
        ("cross.har", CROSS_TENANT),
        ("personal.har", PERSONAL),
        ("form-post.har", FORM_POST),
    ] {
        let mut reader = Reader::new();
        for chunk in har.as_bytes().chunks(997) {
            reader.feed(chunk).expect("a good HAR reads");
        }
        let trace = reader.finish().expect("a good HAR ends");
        let as_text = SourceInput::plain(name, har);
        let as_read = SourceInput {
            name,
            text: "",
            sample: false,
            trace: Some(&trace),
        };
        let note = SourceInput::plain(
            "note.txt",
            "AADSTS50020 Correlation ID: c0c0c0c0-1111-4222-8333-444444444444",
        );
        let a = analyze_sources(&[note, as_text], &Choices::default(), NOW);
        let b = analyze_sources(&[note, as_read], &Choices::default(), NOW);
        let (ja, jb) = (
            serde_json::to_string(&a).expect("serialise"),
            serde_json::to_string(&b).expect("serialise"),
        );
        assert!(
            a.trace.as_ref().is_some_and(|t| !t.hops.is_empty()),
            "{name}"
        );
        assert_eq!(ja, jb, "{name}: the read trace joins differently");
    }
}

#[test]
fn the_first_bytes_tell_a_har_from_other_json() {
    use guestlens_analysis::case::trace::sniff_har;
    for (name, har) in [
        ("cross", CROSS_TENANT),
        ("personal", PERSONAL),
        ("form", FORM_POST),
    ] {
        assert!(sniff_har(&har.as_bytes()[..64]), "{name}");
    }
    assert!(sniff_har(b"\xef\xbb\xbf {\"log\":{\"version\":\"1.2\""));
    assert!(sniff_har(b"{\r\n  \"log\" : {"));
    assert!(!sniff_har(b"{\"value\":[{\"log\":{}}]}"));
    assert!(!sniff_har(b"{\"log\":\"text\"}"));
    assert!(!sniff_har(b"AADSTS50020 {\"log\":{"));
    assert!(!sniff_har(b"{\"lo"));
    assert!(!sniff_har(b""));
}

#[test]
fn an_access_token_without_an_address_is_its_responses_person() {
    // Request 1: Liam's token response (an id_token with his address, an access token without
    // one); request 2: Noah's bearer token. The address-less token is Liam's, not no one's.
    const TWO: &str = include_str!("../fixtures/har/two-people.har");
    let given = [SourceInput::plain("two.har", TWO)];
    let r = analyze_sources(&given, &Choices::default(), NOW);
    assert!(r.case.in_conflict(FactField::GuestAddress));
    assert_eq!(
        r.case.value(FactField::HomeTenant),
        None,
        "no fact is settled while two people are named"
    );
    let noah = Choices {
        picked: vec![(
            FactField::GuestAddress,
            "noah.k@personal-mail.example".to_owned(),
        )],
        ..Choices::default()
    };
    let r = analyze_sources(&given, &noah, NOW);
    assert!(
        !r.case.in_conflict(FactField::HomeTenant),
        "Liam's home tenant is offered for Noah: {:?}",
        r.case.conflicts
    );
    assert_ne!(
        r.case.value(FactField::HomeTenant),
        Some("5b9c3e1a-2f4d-4a8b-9c7e-6d5f4e3a2b1c")
    );
}

#[test]
fn a_trace_whose_api_call_was_refused_asks_about_the_token_not_for_an_error_page() {
    const API_REFUSED: &str = include_str!("../fixtures/har/api-refused.har");
    let r = run(&[("api.har", API_REFUSED)]);
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    assert!(
        r.case
            .unknowns
            .contains(&guestlens_analysis::case::Unknown::ApiRefused),
        "{:?}",
        r.case.unknowns
    );
    assert!(
        !r.case
            .unknowns
            .contains(&guestlens_analysis::case::Unknown::Failure)
    );
    // The same case without the refused calls still asks for the error page.
    let r = run(&[("trace.har", CROSS_TENANT)]);
    assert!(
        !r.case
            .unknowns
            .contains(&guestlens_analysis::case::Unknown::ApiRefused)
    );
}

#[test]
fn the_tenant_a_sign_in_was_sent_to_is_the_resource_tenant() {
    // The 50020 page names the home tenant only; the authorize request's URL names where the
    // guest was signing in, which the commands need ("run in the resource tenant").
    let r = run(&[("trace.har", CROSS_TENANT)]);
    let fact = r
        .case
        .subject
        .iter()
        .find(|(f, _)| *f == FactField::ResourceTenant)
        .map(|(_, fact)| fact)
        .expect("a resource tenant");
    assert_eq!(fact.value, "6f1b2c3d-0000-4000-8000-00000000c0de");
    assert_eq!(fact.sources[0].place, Place::UrlTenant);
    assert_eq!(fact.sources[0].hop, Some(0));
    assert_eq!(
        guestlens_analysis::case::place_words(&fact.sources[0], None),
        "request 1 of the trace, the tenant in its URL"
    );
    // A personal account's trace: the app's request names the resource tenant by domain; the
    // hops to Microsoft accounts' hosts name no resource tenant.
    let r = run(&[("msa.har", PERSONAL)]);
    let resource: Vec<&str> = r
        .case
        .subject
        .iter()
        .filter(|(f, _)| *f == FactField::ResourceTenant)
        .map(|(_, fact)| fact.value.as_str())
        .collect();
    assert_eq!(resource, ["contoso.example"]);
}

#[test]
fn a_sign_in_sent_to_the_guests_own_domain_is_not_the_resource_tenant() {
    // The same trace, its authorize request sent to /partner.example/ (Alex's own domain).
    let home = CROSS_TENANT.replace(
        "login.microsoftonline.com/6f1b2c3d-0000-4000-8000-00000000c0de/oauth2/v2.0/authorize",
        "login.microsoftonline.com/partner.example/oauth2/v2.0/authorize",
    );
    assert_ne!(home, CROSS_TENANT);
    let r = run(&[("trace.har", &home)]);
    assert_eq!(
        r.case.value(FactField::GuestAddress),
        Some("alex@partner.example")
    );
    assert!(!r.case.in_conflict(FactField::ResourceTenant));
    assert_ne!(
        r.case.value(FactField::ResourceTenant),
        Some("partner.example")
    );
}

#[test]
fn a_token_returned_again_is_not_said_to_be_sent_again() {
    // The id_token posted to the app at request 1 comes back in the token response at request 2:
    // no request sent it again. An access token sent in an Authorization header would be.
    let r = run(&[("trace.har", FORM_POST)]);
    let t = r.trace.as_ref().expect("a trace");
    let id = t
        .tokens
        .iter()
        .find(|k| k.token.token_type == Some(guestlens_analysis::token::TokenType::Id))
        .expect("the id_token");
    assert_eq!(id.hop, 1);
    assert!(id.also_at.is_empty(), "{:?}", id.also_at);
}
