//! The only module that touches browser APIs: clock, location hash, clipboard, root element.
use wasm_bindgen::JsCast as _;

/// Unix seconds now, from the browser's clock.
pub fn now() -> i64 {
    (js_sys::Date::now() / 1000.0) as i64
}

/// Milliseconds since navigation started, for the first-render mark.
pub fn since_navigation_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

/// Empties the element with `id` (its static placeholder) and returns it.
pub fn take_root(id: &str) -> Option<web_sys::Element> {
    let root = web_sys::window()?.document()?.get_element_by_id(id)?;
    root.set_inner_html("");
    Some(root)
}

/// The location hash without `#`.
pub fn hash() -> String {
    web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .map(|h| h.trim_start_matches('#').to_owned())
        .unwrap_or_default()
}

/// Sets the hash (a tab name only: nothing pasted ever goes into the URL).
pub fn set_hash(hash: &str) {
    if let Some(w) = web_sys::window() {
        if let Ok(history) = w.history() {
            let _ = history.replace_state_with_url(
                &wasm_bindgen::JsValue::NULL,
                "",
                Some(&format!("#{hash}")),
            );
        }
    }
}

/// Calls `f` whenever the hash changes (back/forward, a typed link).
pub fn on_hash_change(f: impl Fn() + 'static) -> Option<gloo::events::EventListener> {
    let window = web_sys::window()?;
    Some(gloo::events::EventListener::new(
        &window,
        "hashchange",
        move |_| f(),
    ))
}

/// Copies text to the clipboard; false when the browser refuses (no permission, insecure context).
pub async fn copy(text: String) -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    let clipboard = window.navigator().clipboard();
    wasm_bindgen_futures::JsFuture::from(clipboard.write_text(&text))
        .await
        .is_ok()
}

/// Moves keyboard focus to the element with `id`.
pub fn focus(id: &str) {
    let el = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(el) = el {
        let _ = el.focus();
    }
}

/// Records how long the first render took after navigation, for the benchmark script.
pub fn mark_first_render() {
    if let Some(body) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.body())
    {
        let _ = body.set_attribute(
            "data-first-render-ms",
            &format!("{:.1}", since_navigation_ms()),
        );
    }
}
