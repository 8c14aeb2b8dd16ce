//! Component tests in headless Chromium: the real App, driven by bubbling DOM events.
#![cfg(target_arch = "wasm32")]

mod commands;
mod error;
mod policy;
mod token;

use guestlens_web::app::App;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlTextAreaElement};

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

/// Mounts a fresh App in its own element and returns that element.
pub async fn mount() -> Element {
    // Start on the default tab whatever an earlier test left in the URL.
    let window = web_sys::window().unwrap();
    window
        .history()
        .unwrap()
        .replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some("#"))
        .unwrap();
    let document = window.document().unwrap();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<App>::with_root(root.clone()).render();
    yew::scheduler::flush().await;
    root
}

/// The first element matching `selector`; panics with the selector when there is none.
pub fn query(root: &Element, selector: &str) -> Element {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no element matches {selector}"))
}

/// Types into a textarea the way a browser does: set the value, then a bubbling input event
/// (Yew listens on the root, so a non-bubbling event would never reach it).
pub async fn type_into(root: &Element, selector: &str, text: &str) {
    let area: HtmlTextAreaElement = query(root, selector).dyn_into().unwrap();
    area.set_value(text);
    let init = web_sys::InputEventInit::new();
    init.set_bubbles(true);
    let event = web_sys::InputEvent::new_with_event_init_dict("input", &init).unwrap();
    area.dispatch_event(&event).unwrap();
    yew::scheduler::flush().await;
}

/// Opens a tab by clicking it, as a user would.
pub async fn open_tab(root: &Element, id: &str) {
    let tab: web_sys::HtmlElement = query(root, &format!("#tab-{id}")).dyn_into().unwrap();
    tab.click();
    yew::scheduler::flush().await;
}

pub fn text(root: &Element) -> String {
    root.text_content().unwrap_or_default()
}

/// The panel of tab `id`: every panel stays mounted, so queries for shared classes belong inside one.
pub fn panel(root: &Element, id: &str) -> Element {
    query(root, &format!("#panel-{id}"))
}
