//! Component tests of the compare view: the person sentence on top, differing claims marked
//! and explained under their rows; and the page's pick of two token sources to compare.
use std::rc::Rc;

use guestlens_analysis::token::{self, TokenReport, samples};
use guestlens_web::Shared;
use guestlens_web::compare_sources::{CompareSources, CompareSourcesProps};
use guestlens_web::compare_view::{CompareView, CompareViewProps};
use wasm_bindgen_test::wasm_bindgen_test;
use web_sys::Element;
use yew::AttrValue;

use super::{Rig, query, text};

/// A fixed time the samples are built around, so expiry never changes what is shown.
const NOW: i64 = 1_750_000_000;

fn report(id: &str) -> Shared<TokenReport> {
    let token = samples::token(id, NOW).unwrap();
    Shared(Rc::new(
        token::find_and_analyze(&token, NOW).report.unwrap(),
    ))
}

async fn mount(a: &str, b: &str) -> Rig<CompareView> {
    Rig::<CompareView>::mount(CompareViewProps {
        a: report(a),
        b: report(b),
        a_label: "A: first".into(),
        b_label: "B: second".into(),
        mark: &["oid"],
        id: "cmp".into(),
    })
    .await
}

/// The row group of `claim`; panics when the table has none.
fn group(root: &Element, claim: &str) -> Element {
    let groups = root.query_selector_all("tbody.claim-group").unwrap();
    (0..groups.length())
        .filter_map(|i| groups.item(i))
        .filter_map(|n| wasm_bindgen::JsCast::dyn_into::<Element>(n).ok())
        .find(|g| query(g, "th code").text_content().as_deref() == Some(claim))
        .unwrap_or_else(|| panic!("no row for {claim}"))
}

/// The explanation shown under `claim`'s row, if any.
fn why(root: &Element, claim: &str) -> Option<String> {
    group(root, claim)
        .query_selector("tr.why")
        .unwrap()
        .map(|r| text(&r))
}

#[wasm_bindgen_test]
async fn home_and_resource_tokens_of_one_guest_are_the_same_person() {
    let rig = mount("guest-entra-home", "guest-entra-v1").await;
    let root = rig.root();
    let person = query(root, ".person");
    assert!(
        person.class_list().contains("person-same"),
        "{}",
        text(&person)
    );
    assert_eq!(text(&query(root, "#cmp-person")), "Same person");
    let sentence = text(&query(root, ".person-sentence"));
    assert!(sentence.starts_with("The same person"), "{sentence}");
    assert!(
        query(root, "section.compare")
            .get_attribute("aria-labelledby")
            .as_deref()
            == Some("cmp-person")
    );
    // The claims that differ between home and resource are highlighted, each with its reason.
    for claim in ["iss", "tid", "oid", "upn"] {
        let g = group(root, claim);
        assert!(
            g.class_list().contains("rel-differs"),
            "{claim} not marked as differing"
        );
        let why = why(root, claim).unwrap_or_else(|| panic!("{claim} has no explanation"));
        assert!(
            why.contains(&format!("What this means for {claim}")),
            "{why}"
        );
    }
    assert!(why(root, "oid").unwrap().contains("prove nothing alone"));
    assert!(
        why(root, "tid")
            .unwrap()
            .contains("A comes from the home tenant")
    );
    assert!(why(root, "upn").unwrap().contains("#EXT#"));
    // A claim only one side has says so, and is explained too.
    assert!(group(root, "altsecid").class_list().contains("rel-only-b"));
    assert!(why(root, "altsecid").unwrap().contains("carries A's puid"));
    // Claims that are the same have no explanation row.
    let same = root.query_selector_all("tbody.rel-same").unwrap();
    assert!(same.length() > 0);
    assert_eq!(
        root.query_selector_all("tbody.rel-same tr.why")
            .unwrap()
            .length(),
        0
    );
    // The marked claim points the reader at it; the headings carry the labels.
    assert!(group(root, "oid").class_list().contains("marked"));
    assert!(text(&query(root, "thead")).contains("A: first"));
    assert!(text(&query(root, "thead")).contains("B: second"));
    // The evidence names what links them, and nothing separates them.
    let clues = text(&query(root, ".clues"));
    assert!(clues.contains("altsecid / puid"), "{clues}");
    assert!(root.query_selector(".clue.links").unwrap().is_some());
    assert!(
        root.query_selector(".clue.separates").unwrap().is_none(),
        "{clues}"
    );
}

#[wasm_bindgen_test]
async fn a_member_and_a_guest_are_different_people() {
    let rig = mount("member-v2", "guest-entra-v2").await;
    let root = rig.root();
    assert!(
        query(root, ".person")
            .class_list()
            .contains("person-different")
    );
    assert_eq!(text(&query(root, "#cmp-person")), "Different people");
    let sentence = text(&query(root, ".person-sentence"));
    assert!(sentence.starts_with("Different people"), "{sentence}");
    assert!(root.query_selector(".clue.separates").unwrap().is_some());
    // Same tenant: tid is not highlighted; idp only on the guest's side; acct differs.
    assert!(group(root, "tid").class_list().contains("rel-same"));
    assert!(why(root, "tid").is_none());
    assert!(group(root, "idp").class_list().contains("rel-only-b"));
    assert!(why(root, "idp").is_some());
    assert!(group(root, "acct").class_list().contains("rel-differs"));
    assert!(why(root, "acct").unwrap().contains("1 a guest"));
    assert!(
        why(root, "oid")
            .unwrap()
            .contains("Two objects in one tenant")
    );
}

fn sources(ids: &[&str]) -> CompareSourcesProps {
    let list: Vec<(AttrValue, Rc<str>)> = ids
        .iter()
        .map(|id| {
            let token = samples::token(id, NOW).unwrap();
            (AttrValue::from(format!("Source {id}")), Rc::from(token))
        })
        .collect();
    CompareSourcesProps {
        sources: list.into(),
    }
}

/// Picks option `i` of the select `selector` as a user would: set the value, fire a bubbling change.
async fn pick(root: &Element, selector: &str, i: usize) {
    let select = query(root, selector);
    js_sys::Reflect::set(&select, &"value".into(), &i.to_string().into()).unwrap();
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    let event = web_sys::Event::new_with_event_init_dict("change", &init).unwrap();
    select.dispatch_event(&event).unwrap();
    yew::scheduler::flush().await;
}

#[wasm_bindgen_test]
async fn compare_two_sources_starts_with_the_first_two_and_follows_the_picks() {
    let rig =
        Rig::<CompareSources>::mount(sources(&["member-v2", "guest-entra-v2", "guest-entra-v1"]))
            .await;
    let root = rig.root();
    assert_eq!(
        text(&query(root, "#compare-sources-title")),
        "Compare two tokens"
    );
    // The selects show the default pick: the first source as A, the second as B.
    let value = |sel: &str| {
        js_sys::Reflect::get(&query(root, sel), &"value".into())
            .unwrap()
            .as_string()
    };
    assert_eq!(value("#compare-src-a").as_deref(), Some("0"));
    assert_eq!(value("#compare-src-b").as_deref(), Some("1"));
    assert_eq!(
        root.query_selector_all("#compare-src-a option")
            .unwrap()
            .length(),
        3
    );
    let head = text(&query(root, "thead"));
    assert!(
        head.contains("A: Source member-v2") && head.contains("B: Source guest-entra-v2"),
        "{head}"
    );
    assert_eq!(
        text(&query(root, "#compare-sources-person")),
        "Different people"
    );

    // Sam's v1 token against her v2 token: the same person.
    pick(root, "#compare-src-a", 2).await;
    let head = text(&query(root, "thead"));
    assert!(head.contains("A: Source guest-entra-v1"), "{head}");
    assert_eq!(text(&query(root, "#compare-sources-person")), "Same person");
    pick(root, "#compare-src-b", 0).await;
    assert!(text(&query(root, "thead")).contains("B: Source member-v2"));
    assert_eq!(
        text(&query(root, "#compare-sources-person")),
        "Different people"
    );
}

#[wasm_bindgen_test]
async fn compare_two_sources_needs_two() {
    let rig = Rig::<CompareSources>::mount(sources(&["member-v2"])).await;
    assert!(
        rig.root()
            .query_selector(".compare-sources")
            .unwrap()
            .is_none()
    );
}
