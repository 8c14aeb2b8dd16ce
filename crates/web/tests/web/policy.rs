//! Component tests of the Policy tab: the byte gauge, where the bytes go, findings, JSON
//! errors and a 2 MB paste. Expected figures are computed here from the text, not by the core.
use std::rc::Rc;

use guestlens_web::Shared;
use guestlens_web::policy_tab::{PolicyTab, PolicyTabProps};
use serde_json::{Value, json};
use wasm_bindgen_test::wasm_bindgen_test;
use web_sys::Element;

use super::{Rig, query, text, type_into};

const LIMIT: usize = 25_600;
const G1: &str = "6f0a1c2e-1111-4d6e-9a7b-0c1d2e3f4a01";
const G2: &str = "6f0a1c2e-2222-4d6e-9a7b-0c1d2e3f4a02";
const NULL_TENANT: &str = "11111111-aaaa-4bbb-8ccc-000000000001";
const BIG_TENANT: &str = "22222222-aaaa-4bbb-8ccc-000000000002";

/// 12345 → "12,345", written independently of the page's helper.
fn sep(n: usize) -> String {
    if n < 1000 {
        n.to_string()
    } else {
        format!("{},{:03}", sep(n / 1000), n % 1000)
    }
}

fn group(id: &str) -> Value {
    json!({"target": id, "targetType": "group"})
}

/// A pretty-printed partners list: one partner that inherits everything, one listing G1 twice.
fn partners_list() -> (String, Value) {
    let v = json!({
        "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#policies/crossTenantAccessPolicy/partners",
        "value": [
            {"tenantId": NULL_TENANT, "inboundTrust": null, "b2bCollaborationInbound": null, "b2bCollaborationOutbound": null},
            {"tenantId": BIG_TENANT, "inboundTrust": null, "b2bCollaborationInbound": null,
             "b2bCollaborationOutbound": {"usersAndGroups": {"accessType": "allowed",
                "targets": [group(G1), group(G2), group(G1)]}}},
        ]
    });
    (serde_json::to_string_pretty(&v).unwrap(), v)
}

/// The Policy tab, empty, with its text held as the page holds it (it analyses the text itself).
async fn mount() -> Rig<PolicyTab> {
    Rig::<PolicyTab>::controlled(|text, on_input| PolicyTabProps {
        text: Shared(Rc::from(text)),
        on_input,
        found: None,
    })
    .await
}

#[wasm_bindgen_test]
async fn with_its_box_empty_the_tab_shows_the_policy_the_case_found() {
    let (pretty, _) = partners_list();
    let found = guestlens_analysis::policy::analyze(&pretty);
    let rig = Rig::<PolicyTab>::mount(PolicyTabProps {
        text: Shared(Rc::from("")),
        on_input: yew::Callback::noop(),
        found: Some(Shared(Rc::new(Some(found)))),
    })
    .await;
    let root = rig.root();
    assert!(
        text(&query(root, ".found")).contains("Found in another source of this case"),
        "{}",
        text(root)
    );
    assert_eq!(
        attr(root, "#policy-meter", "value"),
        pretty.len().to_string()
    );
    // The case found nothing: the tab explains what to paste.
    let rig = Rig::<PolicyTab>::mount(PolicyTabProps {
        text: Shared(Rc::from("")),
        on_input: yew::Callback::noop(),
        found: Some(Shared(Rc::new(None))),
    })
    .await;
    assert!(rig.root().query_selector(".found").unwrap().is_none());
    assert!(
        rig.root()
            .query_selector(".policy-intro")
            .unwrap()
            .is_some()
    );
}

fn attr(root: &Element, selector: &str, name: &str) -> String {
    query(root, selector)
        .get_attribute(name)
        .unwrap_or_default()
}

#[wasm_bindgen_test]
async fn empty_box_says_what_to_paste_and_offers_a_file() {
    let rig = mount().await;
    let root = rig.root();
    let intro = query(root, ".intro").text_content().unwrap();
    assert!(
        intro.contains("GET https://graph.microsoft.com/beta/policies/crossTenantAccessPolicy"),
        "{intro}"
    );
    assert!(intro.contains("object limit"), "{intro}");
    assert_eq!(attr(root, "#policy-file", "type"), "file");
    assert_eq!(attr(root, "#policy-file", "accept"), ".json,.txt");
    assert!(query(root, "label[for=policy-file]").is_object());
    // The scripts are there before anything is pasted: they are how to get the JSON.
    assert!(
        query(root, "#policy-read")
            .text_content()
            .unwrap()
            .contains("Connect-MgGraph")
    );
    assert!(root.query_selector("meter").unwrap().is_none());
}

#[wasm_bindgen_test]
async fn partners_list_shows_bytes_top_consumer_and_findings() {
    let rig = mount().await;
    let root = rig.root();
    let (pasted, v) = partners_list();
    let compact = serde_json::to_string(&v).unwrap().len();
    type_into(root, "#policy-input", &pasted).await;

    assert_eq!(
        attr(root, "#policy-meter", "value"),
        pasted.len().to_string()
    );
    assert_eq!(attr(root, "#policy-meter", "max"), "25600");
    assert_eq!(
        attr(root, "#policy-meter-compact", "value"),
        compact.to_string()
    );
    let gauges = query(root, ".gauges").text_content().unwrap();
    let tenths = (pasted.len() * 1000 + LIMIT / 2) / LIMIT;
    for expected in [
        format!("{} of 25,600 bytes", sep(pasted.len())),
        format!("{}.{}%", tenths / 10, tenths % 10),
        format!("{} left", sep(LIMIT - pasted.len())),
        format!("{} of 25,600 bytes", sep(compact)),
    ] {
        assert!(gauges.contains(&expected), "{expected} not in {gauges}");
    }
    assert!(text(root).contains(&format!(
        "reports {} bytes when this text is that saved file",
        sep(pasted.len())
    )));
    // Not the beta object: the partial-count warning says so.
    assert!(
        query(root, ".notice.warn")
            .text_content()
            .unwrap()
            .starts_with("Partial count")
    );

    // The partner listing targets is the top consumer.
    let top = query(root, ".partners tbody tr");
    let big = serde_json::to_string(&v["value"][1]).unwrap().len();
    assert_eq!(query(&top, "th").text_content().unwrap(), BIG_TENANT);
    assert_eq!(query(&top, "td").text_content().unwrap(), sep(big));
    assert!(
        query(root, ".partners caption")
            .text_content()
            .unwrap()
            .contains("(2)")
    );

    // Removing the repeated G1 frees its object and one comma; the null partner can go whole.
    let findings = query(root, ".findings").text_content().unwrap();
    let repeat = serde_json::to_string(&group(G1)).unwrap().len() + 1;
    assert!(
        findings.contains(&format!("{repeat} bytes1 target is listed twice")),
        "{findings}"
    );
    let null = serde_json::to_string(&v["value"][0]).unwrap().len() + 1;
    assert!(findings.contains(&format!("{null} bytes1 partner has every setting null")));
    assert!(findings.contains(NULL_TENANT));
    assert!(root.query_selector("[role=alert]").unwrap().is_none());
}

#[wasm_bindgen_test]
async fn broken_json_names_line_and_column_and_keeps_the_byte_count() {
    let rig = mount().await;
    let root = rig.root();
    // The comma after the first partner is missing: line 4, column 5.
    let broken = "{\n  \"value\": [\n    {\"tenantId\": \"a\"}\n    {\"tenantId\": \"b\"}\n  ]\n}";
    type_into(root, "#policy-input", broken).await;
    let alert = query(root, "[role=alert]").text_content().unwrap();
    assert!(alert.contains("line 4, column 5"), "{alert}");
    assert!(alert.contains("Expected ',' or ']'"), "{alert}");
    assert_eq!(
        attr(root, "#policy-meter", "value"),
        broken.len().to_string()
    );
    assert!(
        root.query_selector("#policy-meter-compact")
            .unwrap()
            .is_none()
    );
    assert!(
        query(root, ".gauge.unknown")
            .text_content()
            .unwrap()
            .contains("unknown")
    );
    // Said once, in the alert, not again among the diagnostics.
    let listed = root
        .query_selector(".diagnostics")
        .unwrap()
        .and_then(|d| d.text_content())
        .unwrap_or_default();
    assert!(!listed.contains("column 5"), "{listed}");

    // Fixed, the alert goes away.
    type_into(
        root,
        "#policy-input",
        &broken.replace("}\n    {", "},\n    {"),
    )
    .await;
    assert!(root.query_selector("[role=alert]").unwrap().is_none());
}

/// A beta policy of about 2 MB: thousands of partners inside the definition string.
fn big_beta_policy() -> String {
    let partners: Vec<Value> = (0..9000u32)
        .map(|i| {
            let id = format!("{i:08x}-0000-4000-8000-000000000abc");
            json!({"TenantId": id, "B2BCollaborationOutbound": {"UsersAndGroups": {"AccessType": "allowed",
                "Targets": [group(G1), group(G2), group(&format!("{i:08x}-0000-4000-8000-000000000003"))]}}})
        })
        .collect();
    let def = json!({"CrossTenantAccessPolicy": {"Version": 1, "Partners": partners}});
    serde_json::to_string(&json!({
        "@odata.context": "https://graph.microsoft.com/beta/$metadata#policies/crossTenantAccessPolicy/$entity",
        "displayName": "CrossTenantAccessPolicy",
        "definition": [serde_json::to_string(&def).unwrap()],
    }))
    .unwrap()
}

#[wasm_bindgen_test]
async fn two_megabytes_render_with_capped_tables() {
    let rig = mount().await;
    let root = rig.root();
    let big = big_beta_policy();
    assert!(big.len() > 2_000_000, "{}", big.len());
    type_into(root, "#policy-input", &big).await;
    assert_eq!(attr(root, "#policy-meter", "value"), big.len().to_string());
    assert!(
        query(root, ".gauge.over")
            .text_content()
            .unwrap()
            .contains(&format!("over by {}", sep(big.len() - LIMIT)))
    );
    assert_eq!(
        root.query_selector_all(".partners tbody tr")
            .unwrap()
            .length(),
        10
    );
    let more = query(root, ".partners tfoot").text_content().unwrap();
    assert!(more.starts_with("8,990 more partners"), "{more}");
    assert!(query(root, ".findings li.finding").is_object());
}
