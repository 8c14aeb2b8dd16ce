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

/// The element of the page with `id`.
fn by_id(id: &str) -> Option<web_sys::Element> {
    web_sys::window()?.document()?.get_element_by_id(id)
}

/// The HTML element of the page with `id`.
fn html_by_id(id: &str) -> Option<web_sys::HtmlElement> {
    by_id(id)?.dyn_into().ok()
}

/// Empties the element with `id` (its static placeholder) and returns it.
pub fn take_root(id: &str) -> Option<web_sys::Element> {
    let root = by_id(id)?;
    root.set_inner_html("");
    Some(root)
}

/// What the visitor gave the static front door before the app started (see crates/web/early.js).
#[derive(Default)]
pub struct Early {
    /// Left with the browser until read, as a paste event's text is (`Pasted`).
    pub pastes: Vec<Pasted>,
    pub files: Vec<web_sys::File>,
    pub sample: bool,
    /// Text typed into the static box.
    pub typed: String,
    /// The static box had the keyboard focus.
    pub focused: bool,
}

thread_local! {
    static EARLY: std::cell::RefCell<Option<Early>> = const { std::cell::RefCell::new(None) };
}

/// Reads what the static front door kept (before the app replaces it) and tells early.js to stop
/// keeping; the front door takes it with `take_early` when it first shows.
pub fn keep_early() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let Ok(kept) = js_sys::Reflect::get(&window, &"guestlensEarly".into()) else {
        return;
    };
    if !kept.is_object() {
        return;
    }
    let _ = js_sys::Reflect::set(&kept, &"taken".into(), &true.into());
    let list = |key: &str| {
        js_sys::Reflect::get(&kept, &key.into())
            .ok()
            .and_then(|v| v.dyn_into::<js_sys::Array>().ok())
            .map(|a| a.iter().collect::<Vec<_>>())
            .unwrap_or_default()
    };
    let document = window.document();
    let static_box = document
        .as_ref()
        .and_then(|d| d.get_element_by_id("case-paste"))
        .and_then(|e| e.dyn_into::<web_sys::HtmlTextAreaElement>().ok());
    let early = Early {
        pastes: list("pastes")
            .into_iter()
            .filter_map(|v| v.dyn_into::<js_sys::JsString>().ok())
            .map(Pasted)
            .collect(),
        files: list("files")
            .into_iter()
            .filter_map(|v| v.dyn_into::<web_sys::File>().ok())
            .collect(),
        sample: js_sys::Reflect::get(&kept, &"sample".into())
            .ok()
            .and_then(|v| v.as_bool())
            .unwrap_or(false),
        typed: static_box.as_ref().map(|b| b.value()).unwrap_or_default(),
        focused: document
            .and_then(|d| d.active_element())
            .is_some_and(|e| e.id() == "case-paste"),
    };
    EARLY.with(|e| *e.borrow_mut() = Some(early));
}

/// What the static front door kept, once.
pub fn take_early() -> Option<Early> {
    EARLY.with(|e| e.borrow_mut().take())
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
    with_hash(hash, false);
}

/// Opens a view with a history entry of its own (a tab name only), so Back returns to the view
/// before instead of leaving the page and the case with it.
pub fn push_hash(hash: &str) {
    with_hash(hash, true);
}

fn with_hash(hash: &str, entry: bool) {
    if let Some(w) = web_sys::window()
        && let Ok(history) = w.history()
    {
        let (url, none) = (format!("#{hash}"), wasm_bindgen::JsValue::NULL);
        let _ = if entry {
            history.push_state_with_url(&none, "", Some(&url))
        } else {
            history.replace_state_with_url(&none, "", Some(&url))
        };
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

/// Copies `text` for the copy button clicked (`widgets::copy_button`), then says how it went on
/// that button for 1.8 s: "Copied" or "Copy failed" as its text and in its polite live region,
/// then "Copy" and silence again.
pub fn copy_from(e: &web_sys::Event, text: String) {
    let Some(button) = e
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .and_then(|el| el.closest("button").ok().flatten())
    else {
        return;
    };
    wasm_bindgen_futures::spawn_local(async move {
        let shown = if copy(text).await {
            "Copied"
        } else {
            "Copy failed"
        };
        say_copied(&button, shown, shown);
        gloo::timers::callback::Timeout::new(1800, move || say_copied(&button, "Copy", ""))
            .forget();
    });
}

/// The copy button's text and its live region's, written on the text nodes Yew made (the
/// button's first child, and the only child of its last, the region; Yew makes a text node even
/// for an empty text).
fn say_copied(button: &web_sys::Element, text: &str, live: &str) {
    if let Some(node) = button.first_child() {
        node.set_node_value(Some(text));
    }
    if let Some(node) = button.last_child().and_then(|region| region.first_child()) {
        node.set_node_value(Some(live));
    }
}

/// Moves keyboard focus to the element with `id`.
pub fn focus(id: &str) {
    if let Some(el) = html_by_id(id) {
        let _ = el.focus();
    }
}

/// Scrolls the element with this id into view, if there is one.
pub fn scroll_to(id: &str) {
    if let Some(el) = by_id(id) {
        el.scroll_into_view();
    }
}

/// Scrolls the element with `id` to the top of the window when its top is above it (a link at
/// the foot of one view opening another); nothing moves when it is in sight.
pub fn reveal_top(id: &str) {
    let scrolled = web_sys::window().and_then(|w| w.scroll_y().ok());
    if let (Some(el), Some(y)) = (html_by_id(id), scrolled)
        && y > f64::from(el.offset_top())
    {
        el.scroll_into_view();
    }
}

/// Scrolls the row that holds the element with `id` sideways, only as far as needed to show
/// it whole (a tab past the edge of a phone's tab row); nothing else moves.
pub fn reveal_in_row(id: &str) {
    let Some(el) = html_by_id(id) else { return };
    let Some(row) = el
        .parent_element()
        .and_then(|p| p.dyn_into::<web_sys::HtmlElement>().ok())
    else {
        return;
    };
    // Both offsets are from the same offset parent (the row is not positioned).
    let (x, w) = (el.offset_left() - row.offset_left(), el.offset_width());
    let (left, width) = (row.scroll_left(), row.client_width());
    if x < left {
        row.set_scroll_left(x);
    } else if x + w > left + width {
        row.set_scroll_left(x + w - width);
    }
}

/// Records how long the first render took after navigation, for the benchmark script.
pub fn mark_first_render() {
    if let Some(body) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.body())
    {
        let _ = body.set_attribute("data-first-render-ms", &tenths(since_navigation_ms()));
    }
}

/// Milliseconds with one decimal, without float formatting (which would add ~10 KB of wasm).
fn tenths(ms: f64) -> String {
    let t = (ms * 10.0).round() as i64;
    format!("{}.{}", t / 10, t % 10)
}

/// The text of a chosen or dropped file, read as UTF-8; None when the browser can't read it.
pub async fn read_file(file: web_sys::File) -> Option<String> {
    wasm_bindgen_futures::JsFuture::from(file.text())
        .await
        .ok()?
        .as_string()
}

/// The text of a chosen or dropped file as the browser holds it, to be copied into the module in
/// slices (`Pasted::text`); None when the browser can't read it.
pub async fn file_text(file: web_sys::File) -> Option<Pasted> {
    wasm_bindgen_futures::JsFuture::from(file.text())
        .await
        .ok()?
        .dyn_into::<js_sys::JsString>()
        .ok()
        .map(Pasted)
}

/// Whether the static front door kept anything for the app (a paste, a file, the sample).
pub fn early_kept() -> bool {
    EARLY.with(|e| {
        e.borrow().as_ref().is_some_and(|e| {
            !e.pastes.is_empty() || !e.files.is_empty() || e.sample || !e.typed.is_empty()
        })
    })
}

/// Calls `f` with the event's type on each use of the page (a pointer, a key, a focus, a paste
/// or a drop); the listeners go when the result is dropped.
pub fn on_first_use(f: fn(&str)) -> Vec<gloo::events::EventListener> {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return Vec::new();
    };
    ["pointerdown", "keydown", "focusin", "paste", "dragenter"]
        .into_iter()
        .map(|kind| gloo::events::EventListener::new(&document, kind, move |_| f(kind)))
        .collect()
}

/// The start-up script's loader of the analysis part, `guestlensPart` (scripts/csp_boot.py); a
/// debug build is not split (the component tests) and has none.
pub fn part_loader() -> Option<js_sys::Function> {
    web_sys::window()
        .and_then(|w| js_sys::Reflect::get(&w, &"guestlensPart".into()).ok())
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
}

/// Loads the analysis part with the start-up script's loader.
pub async fn load_part() -> Result<(), String> {
    let load = part_loader().ok_or("the start-up script has no guestlensPart()")?;
    let promise = load
        .call0(&wasm_bindgen::JsValue::UNDEFINED)
        .ok()
        .and_then(|p| p.dyn_into::<js_sys::Promise>().ok())
        .ok_or("guestlensPart() gave no promise")?;
    wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .map(|_| ())
        .map_err(|e| {
            e.as_string()
                .or_else(|| js_sys::Error::from(e).message().as_string())
                .unwrap_or_default()
        })
}

/// Verifies a signature with WebCrypto; Ok(false) means the key does not match the token.
pub async fn verify(plan: &guestlens_analysis::token::signature::Plan) -> Result<bool, String> {
    use guestlens_analysis::token::signature::KeyData;
    use js_sys::{Object, Reflect};
    use wasm_bindgen::JsValue;
    use wasm_bindgen_futures::JsFuture;

    let err = |e: JsValue| {
        e.as_string()
            .or_else(|| js_sys::Error::from(e).message().as_string())
            .unwrap_or_default()
    };
    let subtle = web_sys::window()
        .ok_or("no window")?
        .crypto()
        .map_err(err)?
        .subtle();
    let set = |o: &Object, k: &str, v: &JsValue| {
        let _ = Reflect::set(o, &JsValue::from_str(k), v);
    };
    let import_alg = Object::new();
    set(&import_alg, "name", &plan.alg.name.into());
    set(&import_alg, "hash", &plan.alg.hash.into());
    if let Some(curve) = plan.alg.curve {
        set(&import_alg, "namedCurve", &curve.into());
    }
    let usages = js_sys::Array::of1(&"verify".into());
    let promise = match &plan.key {
        KeyData::Jwk(jwk) => {
            let obj: Object = js_sys::JSON::parse(&jwk.to_string())
                .map_err(err)?
                .unchecked_into();
            subtle.import_key_with_object("jwk", &obj, &import_alg, false, &usages)
        }
        KeyData::Spki(der) => {
            let bytes: Object = js_sys::Uint8Array::from(der.as_slice()).unchecked_into();
            subtle.import_key_with_object("spki", &bytes, &import_alg, false, &usages)
        }
    }
    .map_err(err)?;
    let key: web_sys::CryptoKey = JsFuture::from(promise)
        .await
        .map_err(|e| format!("The key was refused: {}", err(e)))?
        .unchecked_into();
    let verify_alg = Object::new();
    set(&verify_alg, "name", &plan.alg.name.into());
    set(&verify_alg, "hash", &plan.alg.hash.into());
    if let Some(salt) = plan.alg.salt_len {
        set(&verify_alg, "saltLength", &salt.into());
    }
    let promise = subtle
        .verify_with_object_and_u8_array_and_u8_array(
            &verify_alg,
            &key,
            &plan.signature,
            plan.signing_input.as_bytes(),
        )
        .map_err(err)?;
    let result = JsFuture::from(promise).await.map_err(err)?;
    Ok(result.as_bool() == Some(true))
}

/// A paste's (or an opened file's) text as the browser holds it: it comes into the module only when read, a task
/// later, so the paste event itself stays short whatever the size.
pub struct Pasted(js_sys::JsString);

/// The text of a paste event, left with the browser; None when the event carries none.
pub fn pasted(e: &web_sys::Event) -> Option<Pasted> {
    let e: &web_sys::ClipboardEvent = e.dyn_ref()?;
    // `getData` called through the object, so the string stays the browser's:
    // `DataTransfer::get_data` would copy it into the module within the paste event.
    let data = e.clipboard_data()?;
    let get: js_sys::Function = js_sys::Reflect::get(&data, &"getData".into())
        .ok()?
        .dyn_into()
        .ok()?;
    get.call1(&data, &"text/plain".into())
        .ok()?
        .dyn_into()
        .ok()
        .map(Pasted)
}

impl Pasted {
    /// Its length in UTF-16 units; its UTF-8 is at least as many bytes.
    pub fn units(&self) -> usize {
        self.0.length() as usize
    }

    /// The text, copied into the module now: for a small paste, where one copy is quick.
    pub fn now(&self) -> String {
        String::from(&self.0)
    }

    /// The text, copied into the module a slice per task by the browser's own UTF-8 encoder
    /// (`encodeInto`); the glue's copy walks the string a character at a time in JavaScript,
    /// and either takes 50–90 ms for 10 MB in one go. `Err` with its size in bytes when it is
    /// over `max` bytes (the rest is counted, not kept). `None` when it cannot be read.
    pub async fn text(self, max: usize) -> Option<Result<String, usize>> {
        const SLICE: u32 = 1 << 20;
        let encoder = web_sys::TextEncoder::new().ok()?;
        let encode_into: js_sys::Function = js_sys::Reflect::get(&encoder, &"encodeInto".into())
            .ok()?
            .dyn_into()
            .ok()?;
        let units = self.0.length();
        let mut out = String::with_capacity(units as usize);
        let mut buf: Vec<u8> = Vec::new();
        let mut from: u32 = 0;
        let mut bytes: usize = 0;
        while from < units {
            next_tick().await;
            let mut to = units.min(from + SLICE);
            // A slice never ends between the two halves of a surrogate pair.
            if to < units && (0xD800..0xDC00).contains(&(self.0.char_code_at(to - 1) as u32)) {
                to -= 1;
            }
            let slice = self.0.slice(from, to);
            // Three bytes a unit at most: one pass always fits.
            buf.clear();
            buf.resize((to - from) as usize * 3, 0);
            let memory: js_sys::WebAssembly::Memory = wasm_bindgen::memory().dyn_into().ok()?;
            let at = buf.as_ptr() as u32;
            let view =
                js_sys::Uint8Array::new(&memory.buffer()).subarray(at, at + buf.len() as u32);
            let done = encode_into.call2(&encoder, &slice, &view).ok()?;
            let written = js_sys::Reflect::get(&done, &"written".into())
                .ok()?
                .as_f64()? as usize;
            bytes += written;
            if bytes > max {
                out = String::new();
            } else {
                // `encodeInto` writes a lone surrogate as U+FFFD, so this is valid UTF-8.
                out.push_str(std::str::from_utf8(buf.get(..written)?).ok()?);
            }
            from = to;
        }
        Some(if bytes > max { Err(bytes) } else { Ok(out) })
    }
}

/// Offers `text` as a file download. A Blob URL made and revoked here: nothing is sent anywhere.
pub fn download(name: &str, mime: &str, text: &str) -> bool {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type(mime);
    web_sys::Blob::new_with_str_sequence_and_options(&parts, &opts)
        .is_ok_and(|blob| offer(name, &blob))
}

/// Clicks a download link to a Blob URL made for `blob`, then revokes the URL.
fn offer(name: &str, blob: &web_sys::Blob) -> bool {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return false;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(blob) else {
        return false;
    };
    let done = document
        .create_element("a")
        .ok()
        .and_then(|a| a.dyn_into::<web_sys::HtmlAnchorElement>().ok())
        .map(|a| {
            a.set_href(&url);
            a.set_download(name);
            a.click();
        })
        .is_some();
    let _ = web_sys::Url::revoke_object_url(&url);
    done
}

/// Bytes gathered for a download, kept in the JavaScript heap slice by slice so the page's
/// own memory never holds the whole file twice.
#[derive(Default)]
pub struct BlobParts {
    parts: js_sys::Array,
    len: usize,
}

impl BlobParts {
    pub fn new() -> Self {
        Self::default()
    }

    /// Copies `bytes` out of the page's memory as the next part.
    pub fn push(&mut self, bytes: &[u8]) {
        if !bytes.is_empty() {
            self.parts.push(&js_sys::Uint8Array::from(bytes));
            self.len += bytes.len();
        }
    }

    /// Bytes gathered so far.
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
}

/// Offers `parts` as one file download, the way `download` does: a Blob URL made and revoked
/// here, nothing sent anywhere.
pub fn download_bytes(name: &str, mime: &str, parts: &BlobParts) -> bool {
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type(mime);
    web_sys::Blob::new_with_u8_array_sequence_and_options(&parts.parts, &opts)
        .is_ok_and(|blob| offer(name, &blob))
}

/// Resolves on the browser's next task (a zero-delay timeout): long work awaits this between
/// slices so input, painting and a Cancel click get their turn.
pub async fn next_tick() {
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        let queued =
            web_sys::window().is_some_and(|w| w.set_timeout_with_callback(&resolve).is_ok());
        if !queued {
            let _ = resolve.call0(&wasm_bindgen::JsValue::NULL);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Bytes `start..end` of a file, read without reading the rest (`Blob.slice` and
/// `arrayBuffer`): a big file is read piece by piece and never held whole. None when the
/// browser cannot read it (the file was moved or changed since it was chosen).
pub async fn read_slice(file: &web_sys::Blob, start: u64, end: u64) -> Option<Vec<u8>> {
    let part = file.slice_with_f64_and_f64(start as f64, end as f64).ok()?;
    let buffer = wasm_bindgen_futures::JsFuture::from(part.array_buffer())
        .await
        .ok()?;
    Some(js_sys::Uint8Array::new(&buffer).to_vec())
}

/// A file's size in bytes.
pub fn file_size(file: &web_sys::Blob) -> u64 {
    file.size() as u64
}
