//! Component tests of the case widgets, mounted with reports the core makes from realistic
//! sources: the summary, the front door, the source cards, the hand-off and the case view.
use std::cell::RefCell;
use std::rc::Rc;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use guestlens_analysis::case::{Choices, FactField, SourceInput, SourceKind};
use guestlens_analysis::workspace::Action;
use guestlens_analysis::{Report, analyze_sources};
use guestlens_web::Shared;
use guestlens_web::browser;
use guestlens_web::case_view::{CaseView, CaseViewProps};
use guestlens_web::commands_tab::{CommandsTab, CommandsTabProps};
use guestlens_web::widgets::case_summary::{CaseSummary, CaseSummaryProps};
use guestlens_web::widgets::file_drop::MAX_FILE_BYTES;
use guestlens_web::widgets::front_door::{FrontDoor, FrontDoorProps};
use guestlens_web::widgets::gauge::grouped;
use guestlens_web::widgets::handoff_panel::{HandoffPanel, HandoffPanelProps};
use guestlens_web::widgets::source_list::{SourceItem, SourceList, SourceListProps};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::wasm_bindgen_test;
use web_sys::{Element, HtmlInputElement};
use yew::Callback;

use super::{Rig, click, paste_on, query, text, type_into};

const ERROR: &str = include_str!("../../../analysis/tests/golden/inputs/error-page-50020.txt");
const ANN: &str = "ann.lee@partner.example";
const HOME: &str = "9e8d7c6b-5a4f-4e3d-9c2b-1a0f9e8d7c6b";
const RESOURCE: &str = "0b5d2c1e-7f3a-4c9b-8e6d-2a1f3b4c5d6e";
const CORRELATION: &str = "c0ffee00-1234-4abc-9def-0123456789ab";
const REQUEST: &str = "7d2c1a3e-4b5f-4c6d-9e8f-0a1b2c3d4e5f";
const APP: &str = "1fec8e78-bce4-4aaf-ab1b-5451cc387264";

/// An unsigned token with these claims, times around now (the page checks expiry).
fn jwt(email: &str, oid: &str) -> String {
    let now = browser::now();
    let head = URL_SAFE_NO_PAD.encode(r#"{"typ":"JWT","alg":"RS256"}"#);
    let claims = serde_json::json!({
        "aud": "00000003-0000-0000-c000-000000000000",
        "iss": format!("https://sts.windows.net/{RESOURCE}/"),
        "idp": format!("https://sts.windows.net/{HOME}/"),
        "tid": RESOURCE, "oid": oid, "ver": "1.0",
        "upn": format!("{}#EXT#@contoso.onmicrosoft.com", email.replace('@', "_")),
        "email": email, "appid": APP,
        "iat": now - 60, "nbf": now - 60, "exp": now + 3600,
    });
    let body = URL_SAFE_NO_PAD.encode(claims.to_string());
    format!("{head}.{body}.c2lnbmF0dXJl")
}

/// The report the page makes of these named sources.
fn report(sources: &[(&str, &str)]) -> Shared<Report> {
    let inputs: Vec<SourceInput> = sources
        .iter()
        .map(|(name, text)| SourceInput::plain(name, text))
        .collect();
    Shared(Rc::new(analyze_sources(
        &inputs,
        &Choices::default(),
        browser::now(),
    )))
}

/// What a recording callback was given, in order.
type Seen<T> = Rc<RefCell<Vec<T>>>;

/// A callback that records what it is given.
fn recorder<T: 'static>() -> (Callback<T>, Seen<T>) {
    let seen = Rc::new(RefCell::new(Vec::new()));
    let into = Rc::clone(&seen);
    (Callback::from(move |v| into.borrow_mut().push(v)), seen)
}

/// A partner entry for `tenant` whose `setting` (b2bCollaborationInbound or ...Outbound) blocks
/// all users and allows all applications, as Graph returns one.
fn users_blocked_partner(tenant: &str, setting: &str) -> String {
    format!(
        r#"{{"tenantId":"{tenant}","{setting}":{{
          "usersAndGroups":{{"accessType":"blocked","targets":[{{"target":"AllUsers","targetType":"user"}}]}},
          "applications":{{"accessType":"allowed","targets":[{{"target":"AllApplications","targetType":"application"}}]}}}}}}"#
    )
}

fn summary_props(report: Shared<Report>) -> (CaseSummaryProps, Seen<(FactField, String)>) {
    let (on_pick, picks) = recorder();
    let props = CaseSummaryProps {
        report,
        picked: Vec::new(),
        on_pick,
        on_unpick: Callback::noop(),
    };
    (props, picks)
}

// --- The Commands field: where each value came from ------------------------------------

fn field_from(root: &Element, key: &str) -> String {
    query(root, &format!("#cmd-{key}-from"))
        .text_content()
        .unwrap_or_default()
}

#[wasm_bindgen_test]
async fn each_filled_commands_field_shows_its_source_beside_it() {
    let token = jwt(ANN, "66666666-7777-4888-9999-aaaaaaaaaaaa");
    let r = report(&[("error.txt", ERROR), ("Paste 2", &token)]);
    let rig = Rig::<CommandsTab>::mount(CommandsTabProps {
        findings: r.findings.clone(),
        ..Default::default()
    })
    .await;
    let root = rig.root();
    assert_eq!(
        field_from(root, "email"),
        "from error.txt · failure 1; Paste 2 · claim email"
    );
    assert_eq!(field_from(root, "object_id"), "from Paste 2 · claim oid");
    assert_eq!(
        field_from(root, "correlation_id"),
        "from error.txt · failure 1"
    );
    // The field's description names its source for screen readers too.
    let described = query(root, "#cmd-email")
        .get_attribute("aria-describedby")
        .unwrap();
    assert!(described.contains("cmd-email-from"), "{described}");
    // Nothing found, nothing said.
    assert!(root.query_selector("#cmd-days-from").unwrap().is_none());

    // A hand edit says so, and the way back restores the found value and its source.
    type_into(root, "#cmd-email", "bo@partner.example").await;
    let typed = field_from(root, "email");
    assert!(typed.starts_with("typed by you"), "{typed}");
    assert!(typed.contains(ANN), "{typed}");
    click(root, "#cmd-email-from button").await;
    let input: HtmlInputElement = query(root, "#cmd-email").dyn_into().unwrap();
    assert_eq!(input.value(), ANN);
    assert_eq!(
        field_from(root, "email"),
        "from error.txt · failure 1; Paste 2 · claim email"
    );
}

#[wasm_bindgen_test]
async fn a_commands_field_blocked_by_a_conflict_says_so() {
    let bo = jwt(
        "bo.chan@elsewhere.example",
        "66666666-7777-4888-9999-aaaaaaaaaaaa",
    );
    let r = report(&[("error.txt", ERROR), ("bo.jwt", &bo)]);
    assert!(!r.case.conflicts.is_empty());
    let rig = Rig::<CommandsTab>::mount(CommandsTabProps {
        findings: r.findings.clone(),
        ..Default::default()
    })
    .await;
    let root = rig.root();
    let email: HtmlInputElement = query(root, "#cmd-email").dyn_into().unwrap();
    assert_eq!(email.value(), "");
    let blocked = query(root, "#cmd-email-from");
    assert!(blocked.class_list().contains("blocked"));
    let said = blocked.text_content().unwrap();
    assert!(said.contains("Blocked"), "{said}");
    assert!(said.contains("disagree"), "{said}");
    // To the case's heading: the choice to make comes right after it.
    assert_eq!(
        query(&blocked, "a").get_attribute("href").as_deref(),
        Some("#case-title")
    );
}

// --- The case summary ------------------------------------------------------------------

#[wasm_bindgen_test]
async fn the_summary_names_the_guest_the_home_tenant_and_the_ids_to_quote() {
    let (props, _) = summary_props(report(&[("error.txt", ERROR)]));
    let rig = Rig::<CaseSummary>::mount(props).await;
    let root = rig.root();
    let facts = query(root, ".facts").text_content().unwrap();
    assert!(facts.contains(ANN), "{facts}");
    assert!(facts.contains(HOME), "{facts}");
    assert!(facts.contains("from error.txt, failure 1"), "{facts}");
    assert!(facts.contains("AADSTS50020"), "{facts}");
    // The display name is shown, but said to be no use to a command.
    assert!(facts.contains("Contoso Ltd"), "{facts}");
    assert!(facts.contains("display name"), "{facts}");
    let ids = query(root, ".ids").text_content().unwrap();
    assert!(ids.contains(CORRELATION), "{ids}");
    assert!(ids.contains(REQUEST), "{ids}");
    // With no token, the summary says how to get one.
    let unknown = query(root, ".unknowns").text_content().unwrap();
    assert!(unknown.contains("paste a token"), "{unknown}");
    assert!(root.query_selector("fieldset.conflict").unwrap().is_none());
}

#[wasm_bindgen_test]
async fn a_tenant_id_only_a_token_gives_is_to_be_checked_against_the_errors_name() {
    // The error names "Contoso Ltd"; the ID comes from the guest's token alone.
    let token = jwt(ANN, "66666666-7777-4888-9999-aaaaaaaaaaaa");
    let (props, _) = summary_props(report(&[("error.txt", ERROR), ("Paste 2", &token)]));
    let rig = Rig::<CaseSummary>::mount(props).await;
    let note = text(&query(rig.root(), "#tenant-unconfirmed"));
    assert!(note.contains("\"Contoso Ltd\""), "{note}");
    assert!(note.contains("check that the ID is theirs"), "{note}");
    // The error alone gives no ID, so there is nothing to check.
    let (props, _) = summary_props(report(&[("error.txt", ERROR)]));
    let rig = Rig::<CaseSummary>::mount(props).await;
    assert!(
        rig.root()
            .query_selector("#tenant-unconfirmed")
            .unwrap()
            .is_none()
    );
}

#[wasm_bindgen_test]
async fn a_policy_alone_says_what_its_default_does_and_what_it_waits_for() {
    let default = r#"{"isServiceDefault":false,"b2bCollaborationInbound":{
      "usersAndGroups":{"accessType":"blocked","targets":[{"target":"AllUsers","targetType":"user"}]},
      "applications":{"accessType":"blocked","targets":[{"target":"AllApplications","targetType":"application"}]}}}"#;
    let (props, _) = summary_props(report(&[("default.json", default)]));
    let rig = Rig::<CaseSummary>::mount(props).await;
    let said = text(&query(rig.root(), "#policy-default"));
    assert!(
        said.starts_with("default.json is read for this guest once their home tenant is known"),
        "{said}"
    );
    assert!(
        said.contains("inbound B2B collaboration is blocked"),
        "{said}"
    );
}

#[wasm_bindgen_test]
async fn microsofts_own_tenant_is_said_to_be_no_organisations() {
    // AADSTS16000 for a personal account opening the Azure portal without a directory.
    let e = "AADSTS16000: User account 'sam.guest@outlook.example' from identity provider 'live.com' does not exist in tenant 'Microsoft Services' and cannot access the application 'c44b4083-3bb0-49c1-b47d-974e53cbdf3c'(ADIbizaUX) in that tenant.";
    let (props, _) = summary_props(report(&[("error.txt", e)]));
    let rig = Rig::<CaseSummary>::mount(props).await;
    let root = rig.root();
    let facts = query(root, ".facts").text_content().unwrap();
    assert!(
        facts.contains("Microsoft's own tenant, not an organisation's"),
        "{facts}"
    );
    assert!(!facts.contains("commands need the tenant ID"), "{facts}");
    let unknown = query(root, ".unknowns").text_content().unwrap();
    assert!(unknown.contains("no command is suggested"), "{unknown}");
    assert!(!unknown.contains("paste a token"), "{unknown}");
}

#[wasm_bindgen_test]
async fn how_the_guest_signs_in_says_which_paste_and_claims_it_rests_on() {
    let token = jwt(ANN, "66666666-7777-4888-9999-aaaaaaaaaaaa");
    let (props, _) = summary_props(report(&[("error.txt", ERROR), ("ann.jwt", &token)]));
    let rig = Rig::<CaseSummary>::mount(props).await;
    let root = rig.root();
    let dts = root.query_selector_all(".facts dt").unwrap();
    let row = (0..dts.length())
        .filter_map(|i| dts.get(i))
        .find(|dt| dt.text_content().as_deref() == Some("How they sign in"))
        .and_then(|dt| dt.next_sibling())
        .and_then(|dd| dd.text_content())
        .expect("a How they sign in row");
    assert!(row.contains("from ann.jwt, claims "), "{row}");
    assert!(row.contains("idp"), "{row}");
}

#[wasm_bindgen_test]
async fn two_tokens_of_one_trace_are_told_apart_by_their_request() {
    let har = include_str!("../../../analysis/tests/fixtures/har/form-post-token-error.har");
    let (props, _) = summary_props(report(&[("signin.har", har)]));
    let rig = Rig::<CaseSummary>::mount(props).await;
    let facts = query(rig.root(), ".facts").text_content().unwrap();
    assert!(
        facts.contains(
            "from signin.har, request 2 of the trace, claim tid; signin.har, request 3 of the trace, claim tid"
        ),
        "{facts}"
    );
}

#[wasm_bindgen_test]
async fn a_policy_that_blocks_the_guest_leads_the_next_step() {
    let policy = users_blocked_partner(HOME, "b2bCollaborationInbound");
    let (props, _) = summary_props(report(&[("error.txt", ERROR), ("xtap.json", &policy)]));
    let rig = Rig::<CaseSummary>::mount(props).await;
    let first = query(rig.root(), "ol.steps li").text_content().unwrap();
    assert!(
        first.starts_with("Resource-tenant admin: Your cross-tenant access settings block"),
        "{first}"
    );
    assert!(first.contains(HOME), "{first}");
    // The error's own steps follow it.
    let steps = rig
        .root()
        .query_selector_all("ol.steps li")
        .unwrap()
        .length();
    assert!(steps > 1, "{steps}");
    // While the guest is kept out, whether home MFA is trusted is beside the point.
    let facts = query(rig.root(), ".facts").text_content().unwrap();
    assert!(
        facts.contains("Inbound B2B collaboration for guests from this home tenant: blocked."),
        "{facts}"
    );
    assert!(!facts.contains("MFA done at home"), "{facts}");
}

#[wasm_bindgen_test]
async fn a_personal_account_is_said_to_have_no_home_organisation_or_admin() {
    let error = "AADSTS90072: User account 'noah.k@personal-mail.example' from identity provider 'https://sts.windows.net/9188040d-6c67-4c5b-b112-36a304b66dad/' does not exist in tenant 'Woodgrove Bank' and cannot access the application '2a7c9e4f-1b3d-4e5f-8a6b-7c8d9e0f1a2b'(Woodgrove Claims Portal) in that tenant.\nCorrelation Id: 9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c62\n";
    let (props, _) = summary_props(report(&[("msa.txt", error)]));
    let rig = Rig::<CaseSummary>::mount(props).await;
    let facts = query(rig.root(), ".facts").text_content().unwrap();
    assert!(
        facts.contains("None: a personal Microsoft account"),
        "{facts}"
    );
    let steps = query(rig.root(), "ol.steps").text_content().unwrap();
    assert!(!steps.contains("Home-tenant admin"), "{steps}");
    assert!(steps.contains("Resource-tenant admin"), "{steps}");
}

#[wasm_bindgen_test]
async fn another_persons_failure_is_shown_as_set_aside_once_the_guest_is_chosen() {
    let other = ERROR
        .replace(ANN, "bo.chan@elsewhere.example")
        .replace(CORRELATION, "d1e2f3a4-5b6c-4d7e-8f90-a1b2c3d4e5f6");
    let inputs = [
        SourceInput::plain("ann.txt", ERROR),
        SourceInput::plain("bo.txt", &other),
    ];
    let ann = Choices {
        picked: vec![(FactField::GuestAddress, ANN.to_owned())],
        ..Choices::default()
    };
    let r = Shared(Rc::new(analyze_sources(&inputs, &ann, browser::now())));
    let (props, _) = summary_props(r);
    let rig = Rig::<CaseSummary>::mount(props).await;
    let facts = query(rig.root(), ".facts").text_content().unwrap();
    assert!(facts.contains("Set aside"), "{facts}");
    assert!(
        facts.contains("AADSTS50020 for bo.chan@elsewhere.example"),
        "{facts}"
    );
}

#[wasm_bindgen_test]
async fn a_sign_in_log_of_members_only_says_to_export_the_guests_sign_ins() {
    let member = |upn: &str, code: u32| {
        format!(
            r#"{{"id": "d4d4d4d4-0000-4000-8000-0000000000{code}", "createdDateTime": "2026-11-24T09:20:11Z",
            "userPrincipalName": "{upn}", "correlationId": "e5e5e5e5-0000-4000-8000-0000000000{code}",
            "status": {{"errorCode": {code}, "failureReason": "x"}}, "crossTenantAccessType": "none",
            "homeTenantId": "{RESOURCE}", "resourceTenantId": "{RESOURCE}", "userType": "member"}}"#
        )
    };
    let log = format!(
        "[{}, {}]",
        member("kim.berg@contoso.example", 50126),
        member("ola.nord@contoso.example", 50053)
    );
    let (props, _) = summary_props(report(&[("SignIns.json", &log)]));
    let rig = Rig::<CaseSummary>::mount(props).await;
    let facts = query(rig.root(), ".facts").text_content().unwrap();
    assert!(
        facts.contains("a member of the tenant, not a guest"),
        "{facts}"
    );
    assert!(
        facts.contains("Every failed sign-in here is a member's of the tenant"),
        "{facts}"
    );
    assert!(!facts.contains("this guest's other account"), "{facts}");
}

#[wasm_bindgen_test]
async fn a_home_tenants_own_policy_is_said_to_be_theirs() {
    let token = jwt(ANN, "66666666-7777-4888-9999-aaaaaaaaaaaa");
    let theirs = users_blocked_partner(RESOURCE, "b2bCollaborationOutbound");
    let (props, _) = summary_props(report(&[
        ("error.txt", ERROR),
        ("ann.jwt", &token),
        ("theirs.json", &theirs),
    ]));
    let rig = Rig::<CaseSummary>::mount(props).await;
    let facts = query(rig.root(), ".facts").text_content().unwrap();
    assert!(
        facts.contains("theirs.json has an entry for the resource tenant"),
        "{facts}"
    );
    assert!(facts.contains("home tenant's own policy"), "{facts}");
    assert!(
        !facts.contains("Inbound B2B collaboration for guests"),
        "{facts}"
    );
}

#[wasm_bindgen_test]
async fn a_conflict_is_shown_blocks_the_person_and_the_choice_is_reported() {
    let bo = jwt(
        "bo.chan@elsewhere.example",
        "66666666-7777-4888-9999-aaaaaaaaaaaa",
    );
    let (props, picks) = summary_props(report(&[("error.txt", ERROR), ("bo.jwt", &bo)]));
    let rig = Rig::<CaseSummary>::mount(props).await;
    let root = rig.root();
    let conflict = query(root, "fieldset.conflict");
    let said = conflict.text_content().unwrap();
    assert!(said.contains("Guest address"), "{said}");
    assert!(said.contains(ANN), "{said}");
    assert!(said.contains("bo.chan@elsewhere.example"), "{said}");
    assert!(said.contains("No command uses this value"), "{said}");
    // The guest is not settled while two people are named.
    let guest = query(root, ".facts dd").text_content().unwrap();
    assert!(guest.contains("disagree"), "{guest}");
    assert!(!guest.contains(ANN), "{guest}");
    // The other facts wait for that choice: not called unknown.
    let facts = query(root, ".facts").text_content().unwrap();
    assert!(
        facts.contains("waits until you choose the guest"),
        "{facts}"
    );
    assert!(!facts.contains("unknown"), "{facts}");
    // Choosing Bo reports Bo, not the first value.
    let buttons = conflict.query_selector_all("button").unwrap();
    assert_eq!(buttons.length(), 2);
    buttons
        .get(1)
        .unwrap()
        .dyn_into::<web_sys::HtmlElement>()
        .unwrap()
        .click();
    yew::scheduler::flush().await;
    assert_eq!(
        *picks.borrow(),
        [(
            FactField::GuestAddress,
            "bo.chan@elsewhere.example".to_owned()
        )]
    );
}

#[wasm_bindgen_test]
async fn a_conflict_with_many_values_folds_the_rest_and_shows_them_on_request() {
    use guestlens_web::widgets::case_summary::SHOWN_VALUES;
    // A log naming 20 different guests: 20 values for the guest address.
    let log: String = (0..20)
        .map(|i| format!("AADSTS50020: User account 'g{i}@partner.example' from identity provider 'live.com' does not exist in tenant 'Contoso'.\n"))
        .collect();
    let (props, picks) = summary_props(report(&[("big.log", &log)]));
    let rig = Rig::<CaseSummary>::mount(props).await;
    let root = rig.root();
    let guests = || {
        let all = root.query_selector_all("fieldset.conflict").unwrap();
        (0..all.length())
            .filter_map(|i| all.get(i)?.dyn_into::<Element>().ok())
            .find(|f| f.text_content().unwrap().contains("Guest address"))
            .unwrap()
    };
    let listed = |f: &Element| f.query_selector_all("li").unwrap().length() as usize;
    assert_eq!(listed(&guests()), SHOWN_VALUES);
    let said = guests().text_content().unwrap();
    assert!(said.contains("8 more values"), "{said}");
    assert!(!said.contains("g19@partner.example"), "{said}");
    let unfold: web_sys::HtmlElement = guests()
        .query_selector("p.more button")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    unfold.click();
    yew::scheduler::flush().await;
    assert_eq!(listed(&guests()), 20);
    assert!(guests().query_selector("p.more").unwrap().is_none());
    // A value that was folded can be chosen.
    let last: web_sys::HtmlElement = guests()
        .query_selector("li:last-child button")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    last.click();
    yew::scheduler::flush().await;
    assert_eq!(
        *picks.borrow(),
        [(FactField::GuestAddress, "g19@partner.example".to_owned())]
    );
}

// --- The source cards ------------------------------------------------------------------

#[wasm_bindgen_test]
async fn source_cards_show_kinds_and_remove_fires_with_the_sources_id() {
    let (on_remove, removed) = recorder();
    let items = vec![
        SourceItem {
            id: Some(7),
            name: "error.txt".into(),
            kinds: vec![SourceKind::Error],
            sample: false,
            set_aside: false,
            bytes: 1234,
            read: true,
        },
        SourceItem {
            id: Some(9),
            name: "Sample token".into(),
            kinds: vec![SourceKind::Token, SourceKind::Error],
            sample: true,
            set_aside: true,
            bytes: 10,
            read: true,
        },
        SourceItem {
            id: None,
            name: "Token view".into(),
            kinds: Vec::new(),
            sample: false,
            set_aside: false,
            bytes: 3,
            read: true,
        },
        SourceItem {
            id: Some(11),
            name: "Paste 2".into(),
            kinds: Vec::new(),
            sample: false,
            set_aside: false,
            bytes: 5,
            read: false,
        },
    ];
    let rig = Rig::<SourceList>::mount(SourceListProps { items, on_remove }).await;
    let root = rig.root();
    let cards = root.query_selector_all(".source").unwrap();
    assert_eq!(cards.length(), 4);
    let card = |i| cards.get(i).unwrap().dyn_into::<Element>().unwrap();
    assert_eq!(
        query(&card(0), ".source-kinds").text_content().unwrap(),
        "error"
    );
    assert_eq!(
        query(&card(1), ".source-kinds").text_content().unwrap(),
        "token, error"
    );
    assert!(text(&card(1)).contains("sample"));
    assert!(card(1).class_list().contains("set-aside"));
    assert!(text(&card(1)).contains("kept apart"));
    assert!(text(&card(0)).contains("1,234 bytes"), "{}", text(&card(0)));
    assert_eq!(
        query(&card(2), ".source-kinds").text_content().unwrap(),
        "nothing recognised"
    );
    // A tool view's box is not the workspace's to remove.
    assert!(card(2).query_selector("button").unwrap().is_none());
    // A source the analysis has not read yet (its part still on the way) says so, and claims
    // no kinds: "nothing recognised" would be a wrong verdict.
    assert!(card(3).query_selector(".source-kinds").unwrap().is_none());
    assert!(
        text(&card(3)).contains("not read yet"),
        "{}",
        text(&card(3))
    );

    let remove = query(&card(1), "button.remove");
    assert_eq!(
        remove.get_attribute("aria-label").as_deref(),
        Some("Remove Sample token")
    );
    remove.dyn_into::<web_sys::HtmlElement>().unwrap().click();
    yew::scheduler::flush().await;
    assert_eq!(*removed.borrow(), [9]);
}

// --- The hand-off ----------------------------------------------------------------------

#[wasm_bindgen_test]
async fn the_handoff_masks_personal_data_until_the_switch_includes_it() {
    let rig = Rig::<HandoffPanel>::mount(HandoffPanelProps {
        report: report(&[("error.txt", ERROR)]),
    })
    .await;
    let root = rig.root();
    // Closed, the panel writes no report at all (a big case would pay for it on every paste).
    assert!(root.query_selector(".handoff-text").unwrap().is_none());
    click(root, ".handoff summary").await;
    for _ in 0..50 {
        if root.query_selector(".handoff-text").unwrap().is_some() {
            break;
        }
        gloo::timers::future::TimeoutFuture::new(10).await;
        yew::scheduler::flush().await;
    }
    let preview = || query(root, ".handoff-text").text_content().unwrap();
    let masked = preview();
    assert!(!masked.contains(ANN), "{masked}");
    assert!(masked.contains("a***@partner.example"), "{masked}");
    assert!(masked.contains("<guest-address>"), "{masked}");
    // Support needs the IDs: never masked.
    assert!(masked.contains(CORRELATION), "{masked}");
    assert!(masked.contains(HOME), "{masked}");
    let switch: HtmlInputElement = query(root, "#handoff-personal").dyn_into().unwrap();
    assert!(!switch.checked());

    click(root, "#handoff-personal").await;
    let open = preview();
    assert!(open.contains(ANN), "{open}");
    assert!(!open.contains("a***@partner.example"), "{open}");
    assert!(open.contains(CORRELATION), "{open}");
}

// --- The front door --------------------------------------------------------------------

fn front_door() -> (FrontDoorProps, Seen<Action>, Seen<()>) {
    let (dispatch, actions) = recorder();
    let (on_sample, samples) = recorder();
    (
        FrontDoorProps {
            dispatch,
            on_sample,
            on_trace: Callback::noop(),
        },
        actions,
        samples,
    )
}

fn added(a: &Action) -> (Option<String>, String, bool) {
    match a {
        Action::Add { name, text, sample } => (name.clone(), text.to_string(), *sample),
        other => panic!("not an Add: {other:?}"),
    }
}

#[wasm_bindgen_test]
async fn a_paste_becomes_a_source_without_landing_in_the_box() {
    let (props, actions, samples) = front_door();
    let rig = Rig::<FrontDoor>::mount(props).await;
    let root = rig.root();
    let area = query(root, "#case-paste");
    let cancelled = paste_on(&area, ERROR);
    yew::scheduler::flush().await;
    assert!(cancelled, "the paste must not reach the textarea");
    // The source is added a few tasks later, after the paste event has returned; meanwhile
    // the front door says it is reading.
    assert!(actions.borrow().is_empty());
    assert_eq!(text(&query(root, "#case-pasting")), "Reading the paste…");
    for _ in 0..50 {
        if !actions.borrow().is_empty() {
            break;
        }
        gloo::timers::future::TimeoutFuture::new(10).await;
    }
    assert_eq!(actions.borrow().len(), 1);
    yew::scheduler::flush().await;
    assert!(root.query_selector("#case-pasting").unwrap().is_none());
    assert_eq!(added(&actions.borrow()[0]), (None, ERROR.to_owned(), false));
    let area: web_sys::HtmlTextAreaElement = area.dyn_into().unwrap();
    assert_eq!(area.value(), "");

    // Typed text is added by the button, then the box empties.
    assert!(root.query_selector("#case-add").unwrap().is_none());
    type_into(root, "#case-paste", "AADSTS50105 and nothing else").await;
    click(root, "#case-add").await;
    assert_eq!(
        added(&actions.borrow()[1]),
        (None, "AADSTS50105 and nothing else".to_owned(), false)
    );
    assert_eq!(area.value(), "");

    click(root, "#case-sample").await;
    assert_eq!(samples.borrow().len(), 1);
    assert_eq!(
        actions.borrow().len(),
        2,
        "the sample button adds through its own callback"
    );
}

/// Gives the file input these files and fires its change event, as choosing them does.
async fn choose_files(root: &Element, files: &[web_sys::File]) {
    let data = web_sys::DataTransfer::new().unwrap();
    for f in files {
        data.items().add_with_file(f).unwrap();
    }
    let input: HtmlInputElement = query(root, "#case-files").dyn_into().unwrap();
    input.set_files(data.files().as_ref());
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    let change = web_sys::Event::new_with_event_init_dict("change", &init).unwrap();
    input.dispatch_event(&change).unwrap();
    yew::scheduler::flush().await;
}

#[wasm_bindgen_test]
async fn an_oversized_file_is_refused_with_the_cap_and_a_small_one_is_read() {
    let (props, actions, _) = front_door();
    let rig = Rig::<FrontDoor>::mount(props).await;
    let root = rig.root();
    let big = js_sys::Uint8Array::new_with_length(MAX_FILE_BYTES as u32 + 1);
    let parts = js_sys::Array::of1(&big);
    let big = web_sys::File::new_with_buffer_source_sequence(&parts, "huge.log").unwrap();
    let small = web_sys::File::new_with_str_sequence(
        &js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(ERROR)),
        "error.txt",
    )
    .unwrap();
    choose_files(root, &[big, small]).await;
    // Files are looked at asynchronously (is it a HAR?), so the refusal comes with the reading.
    // The small file is read into a source named after it; the big one never is.
    for _ in 0..50 {
        if !actions.borrow().is_empty() {
            break;
        }
        gloo::timers::future::TimeoutFuture::new(20).await;
    }
    yew::scheduler::flush().await;
    let seen: Vec<_> = actions.borrow().iter().map(added).collect();
    assert_eq!(
        seen,
        [(Some("error.txt".to_owned()), ERROR.to_owned(), false)]
    );
    let alert = query(root, "[role=alert]").text_content().unwrap();
    assert!(alert.contains("huge.log"), "{alert}");
    assert!(
        alert.contains(&grouped(MAX_FILE_BYTES as usize)),
        "the message names the cap: {alert}"
    );
    assert!(alert.contains("Nothing was read"), "{alert}");
}

// --- The case view ---------------------------------------------------------------------

fn items_of(r: &Report) -> Vec<SourceItem> {
    r.sources
        .iter()
        .map(|s| SourceItem {
            id: Some(s.id),
            name: s.name.clone(),
            kinds: s.kinds.clone(),
            sample: s.sample,
            set_aside: r.case.samples_set_aside.contains(&s.id),
            bytes: 100,
            read: true,
        })
        .collect()
}

fn case_view(r: Shared<Report>) -> (CaseViewProps, Seen<Action>) {
    let (dispatch, actions) = recorder();
    let props = CaseViewProps {
        items: items_of(&r),
        report: r,
        picked: Vec::new(),
        dispatch,
        on_sample: Callback::noop(),
        on_save: Callback::noop(),
        on_trace: Callback::noop(),
    };
    (props, actions)
}

#[wasm_bindgen_test]
async fn the_case_view_shows_sources_summary_and_handoff_and_removes_by_id() {
    let token = jwt(ANN, "66666666-7777-4888-9999-aaaaaaaaaaaa");
    let (props, actions) = case_view(report(&[("error.txt", ERROR), ("Paste 2", &token)]));
    let rig = Rig::<CaseView>::mount(props).await;
    let root = rig.root();
    assert_eq!(
        root.query_selector_all(".case-sources .source")
            .unwrap()
            .length(),
        2
    );
    let summary = query(root, ".case-summary").text_content().unwrap();
    assert!(summary.contains(ANN), "{summary}");
    assert!(
        summary.contains(RESOURCE),
        "the token settles the resource tenant: {summary}"
    );
    assert!(summary.contains("Paste 2, claim tid"), "{summary}");
    assert!(root.query_selector("fieldset.conflict").unwrap().is_none());
    assert!(query(root, ".handoff").is_object());
    assert!(query(root, "#case-save").is_object());
    // No damaged export here: no problems section.
    assert!(root.query_selector(".source-problems").unwrap().is_none());
    click(root, "button[aria-label='Remove Paste 2']").await;
    assert!(matches!(actions.borrow().as_slice(), [Action::Remove(2)]));
}

#[wasm_bindgen_test]
async fn an_empty_case_view_invites_a_paste_and_offers_no_save() {
    let (props, _) = case_view(report(&[]));
    let rig = Rig::<CaseView>::mount(props).await;
    let root = rig.root();
    assert!(query(root, ".intro").is_object());
    assert!(root.query_selector(".case-summary").unwrap().is_none());
    assert!(root.query_selector("#case-save").unwrap().is_none());
    assert!(query(root, "#case-paste").is_object());
}

const CSV_HEADER: &str = "\u{feff}\"Date (UTC)\",\"Request ID\",\"Correlation ID\",\"Username\",\"Application ID \",\"Resource tenant ID\",\"Home tenant ID\",\"Status\",\"Sign-in error code\",\"Failure reason\"";

#[wasm_bindgen_test]
async fn a_damaged_sign_in_export_says_what_was_wrong_and_where() {
    // A row cut short on line 2, a code that is no number on line 3, then a good failure.
    let csv = format!(
        "{CSV_HEADER}\r\n\
         2026-11-24T09:14:00Z,aaaaaaaa-0000-4000-8000-000000000001,bbbbbbbb\r\n\
         2026-11-24T09:14:30Z,aaaaaaaa-0000-4000-8000-000000000002,bbbbbbbb-0000-4000-8000-000000000002,{ANN},{APP},{RESOURCE},{HOME},Failure,5oo20,Bad\r\n\
         2026-11-24T09:15:02Z,aaaaaaaa-0000-4000-8000-000000000003,{CORRELATION},{ANN},{APP},{RESOURCE},{HOME},Failure,50020,User account does not exist in tenant.\r\n"
    );
    let (props, _) = case_view(report(&[("signins.csv", &csv)]));
    let rig = Rig::<CaseView>::mount(props).await;
    let root = rig.root();
    let section = query(root, ".source-problems");
    let head = query(&section, "h3").text_content().unwrap();
    assert!(head.starts_with("signins.csv"), "{head}");
    let said = section.text_content().unwrap();
    assert!(said.contains("sign-in log CSV download"), "{said}");
    assert!(said.contains("1 failed sign-ins found"), "{said}");
    let items = section
        .query_selector_all(".diagnostics li.diag.warning")
        .unwrap();
    assert_eq!(items.length(), 2, "{said}");
    let first = items.get(0).unwrap().text_content().unwrap();
    assert!(first.contains("Line 2 has 3 columns"), "{first}");
    let second = items.get(1).unwrap().text_content().unwrap();
    assert!(second.contains("Line 3"), "{second}");
    assert!(second.contains("5oo20"), "{second}");
    // The good row still joins the case.
    let summary = query(root, ".case-summary").text_content().unwrap();
    assert!(summary.contains(CORRELATION), "{summary}");
}

#[wasm_bindgen_test]
async fn a_broken_json_export_says_where_it_breaks() {
    let json = format!(
        "[{{\"createdDateTime\":\"2026-11-24T09:15:02Z\",\"correlationId\":\"{CORRELATION}\",\"userPrincipalName\":\"{ANN}\",\"status\":{{\"errorCode\":50020"
    );
    let (props, _) = case_view(report(&[("SignIns.json", &json)]));
    let rig = Rig::<CaseView>::mount(props).await;
    let root = rig.root();
    let section = query(root, ".source-problems");
    let problem = query(&section, "li.diag.error").text_content().unwrap();
    assert!(problem.starts_with("Problem: "), "{problem}");
    assert!(problem.contains("line 1, column"), "{problem}");
    assert!(
        query(&section, "h3")
            .text_content()
            .unwrap()
            .starts_with("SignIns.json")
    );
}
