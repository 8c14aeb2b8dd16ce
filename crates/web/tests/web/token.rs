//! Component tests of the Token tab and its signature check, each mounted on its own.
use std::rc::Rc;

use guestlens_analysis::token::{self, samples};
use guestlens_web::token_tab::{TokenTab, TokenTabProps};
use guestlens_web::widgets::signature_check::{SignatureCheck, SignatureCheckProps};
use guestlens_web::{Shared, browser};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::wasm_bindgen_test;
use web_sys::{HtmlElement, HtmlTextAreaElement};
use yew::Callback;

use super::{Rig, query, text, type_into};

/// The Token tab's props for `text`, with the analysis the page derives from it.
fn token_tab(text: String, on_input: Callback<String>) -> TokenTabProps {
    let found = token::find_and_analyze(&text, browser::now());
    TokenTabProps {
        text: Shared(Rc::from(text)),
        on_input,
        found: Shared(Rc::new(found)),
        trace: None,
        trace_name: Default::default(),
    }
}

/// The Token tab, empty, with its text held as the page holds it.
async fn mount() -> Rig<TokenTab> {
    Rig::<TokenTab>::controlled(token_tab).await
}

#[wasm_bindgen_test]
async fn guest_token_shows_verdict_and_home_tenant() {
    let rig = mount().await;
    let root = rig.root();
    let token = samples::token("guest-entra-v1", (js_sys::Date::now() / 1000.0) as i64).unwrap();
    type_into(
        root,
        "#token-input",
        &format!("Authorization: Bearer {token}"),
    )
    .await;
    let verdict = query(root, ".verdict").text_content().unwrap();
    assert!(
        verdict.contains("Guest from another Microsoft Entra tenant"),
        "{verdict}"
    );
    assert!(
        verdict.contains("bbbbcccc-1111-dddd-2222-eeee3333ffff"),
        "home tenant missing: {verdict}"
    );
    assert!(
        verdict.contains("sam.guest@contoso.example"),
        "#EXT# not decoded: {verdict}"
    );
    assert!(text(root).contains("Found in an Authorization header"));
    // Every claim gets a row, and the three parts are colour-coded.
    assert!(
        root.query_selector_all(".claims tbody tr")
            .unwrap()
            .length()
            >= 15
    );
    assert_eq!(root.query_selector_all(".raw .part").unwrap().length(), 3);
    // A signed token gets the offline signature check.
    assert!(query(root, ".sigcheck #sig-keys").is_object());
}

#[wasm_bindgen_test]
async fn garbage_gives_a_clear_message_not_a_blank_page() {
    let rig = mount().await;
    let root = rig.root();
    type_into(root, "#token-input", "hello, this is not a token").await;
    let alert = query(root, "[role=alert]").text_content().unwrap();
    assert!(alert.starts_with("No token found"), "{alert}");

    type_into(
        root,
        "#token-input",
        "eyJhbGciOiJSUzI1NiJ9.eyJ0aWQiOi%%%.c2ln",
    )
    .await;
    let problems = query(root, ".diagnostics").text_content().unwrap();
    assert!(problems.contains("payload"), "{problems}");
    assert!(problems.contains("not base64url"), "{problems}");
}

#[wasm_bindgen_test]
async fn sample_button_loads_a_token() {
    let rig = mount().await;
    let root = rig.root();
    let button: HtmlElement = root
        .query_selector_all(".sample")
        .unwrap()
        .get(2)
        .unwrap()
        .dyn_into()
        .unwrap();
    button.click();
    yew::scheduler::flush().await;
    let area: HtmlTextAreaElement = query(root, "#token-input").dyn_into().unwrap();
    assert!(area.value().starts_with("eyJ"));
    assert!(
        query(root, ".verdict h2")
            .text_content()
            .unwrap()
            .contains("personal Microsoft account")
    );
}

/// Runs the offline check with `keys` for `token` and returns what it says.
async fn check_signature(token: &str, keys: &str) -> String {
    let found = token::find_and_analyze(token, browser::now());
    let rig = Rig::<SignatureCheck>::mount(SignatureCheckProps {
        found: Shared(Rc::new(found)),
    })
    .await;
    let root = rig.root();
    assert!(
        root.query_selector("#sig-keys").unwrap().is_some(),
        "no signature check for: {}",
        text(root)
    );
    type_into(root, "#sig-keys", keys).await;
    let button: HtmlElement = query(root, ".sigcheck button").dyn_into().unwrap();
    button.click();
    // WebCrypto answers asynchronously: wait until the status is final.
    for _ in 0..100 {
        gloo::timers::future::TimeoutFuture::new(20).await;
        yew::scheduler::flush().await;
        let status = query(root, ".sigcheck").text_content().unwrap();
        if !status.contains("Checking…")
            && (status.contains("Valid:")
                || status.contains("Not valid:")
                || root
                    .query_selector(".sigcheck [role=alert]")
                    .unwrap()
                    .is_some())
        {
            return status;
        }
    }
    panic!("the signature check never finished");
}

#[wasm_bindgen_test]
async fn signature_check_with_webcrypto() {
    let token = include_str!("../../../analysis/tests/fixtures/signature/token.txt").trim();
    let jwks = include_str!("../../../analysis/tests/fixtures/signature/jwks.json");
    let cert = include_str!("../../../analysis/tests/fixtures/signature/cert.pem");
    assert!(
        check_signature(token, jwks)
            .await
            .contains("The signature is valid for the key with kid guestlens-test-key")
    );
    assert!(
        check_signature(token, cert)
            .await
            .contains("The signature is valid for the pasted PEM key")
    );
    // Change one claim: same key, same signature, different payload.
    let (head, rest) = token.split_once('.').unwrap();
    let (payload, sig) = rest.split_once('.').unwrap();
    use base64::Engine as _;
    let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let claims = String::from_utf8(b64.decode(payload).unwrap()).unwrap();
    assert!(claims.contains("Test.Read"));
    let tampered = format!(
        "{head}.{}.{sig}",
        b64.encode(claims.replace("Test.Read", "Test.Write"))
    );
    assert!(
        check_signature(&tampered, jwks)
            .await
            .contains("Not valid: The signature does not match")
    );
}

/// A trace's tokens show in the Token view as sources, each with its request, decoded; the
/// token text appears nowhere in the view.
#[wasm_bindgen_test]
async fn a_trace_token_shows_with_its_hop_and_never_its_text() {
    use guestlens_analysis::analyze_sources;
    use guestlens_analysis::case::{Choices, SourceInput};
    const FORM_POST: &str =
        include_str!("../../../analysis/tests/fixtures/har/form-post-token-error.har");
    let report = analyze_sources(
        &[SourceInput::plain("flow.har", FORM_POST)],
        &Choices::default(),
        browser::now(),
    );
    // The id_token of the form_post, as the fixture carries it (URL-encoded form field).
    let har: serde_json::Value = serde_json::from_str(FORM_POST).unwrap();
    let form = har["log"]["entries"][1]["request"]["postData"]["text"]
        .as_str()
        .unwrap()
        .to_owned();
    let id_token = form
        .split('&')
        .find_map(|p| p.strip_prefix("id_token="))
        .unwrap()
        .to_owned();
    let signing_input: String = id_token.split('.').take(2).collect::<Vec<_>>().join(".");
    let rig = Rig::<TokenTab>::mount(TokenTabProps {
        text: Shared(Rc::from("")),
        on_input: Callback::noop(),
        found: Shared(Rc::new(token::find_and_analyze("", browser::now()))),
        trace: Some(Shared(Rc::new(report))),
        trace_name: "flow.har".into(),
    })
    .await;
    let root = rig.root();
    let heading = text(&query(root, "#trace-tokens-in-token-view"));
    assert!(heading.contains("flow.har"), "{heading}");
    let items = root.query_selector_all("li.trace-token").unwrap();
    assert_eq!(items.length(), 2);
    let first: web_sys::Element = items.get(0).unwrap().dyn_into().unwrap();
    assert_eq!(first.get_attribute("data-hop").as_deref(), Some("1"));
    let said = text(&first);
    assert!(said.contains("id_token"), "{said}");
    assert!(said.contains("request 2 of the trace"), "{said}");
    assert_eq!(
        query(&first, "a").get_attribute("href").as_deref(),
        Some("#trace-hop-1")
    );
    // The decoded claims, through the claims table.
    let claims = text(&query(&first, "table.claims"));
    assert!(claims.contains("tid"), "{claims}");
    let html = root.inner_html();
    assert!(
        id_token.len() > 40 && !html.contains(&id_token),
        "the raw token is shown"
    );
    assert!(
        !html.contains(&signing_input),
        "the token's header and payload text is shown"
    );
}
