//! A labelled paste box that reports every edit; the text itself stays in the parent's state.
use std::rc::Rc;

use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

use super::fixed;
use super::gauge::grouped;
use crate::{Shared, browser};

/// Above this size a paste is held, not laid out: Chromium needs about 0.7 s per megabyte to lay
/// out a textarea, so a big paste would freeze the page for seconds (README, "In the page").
pub const HELD_BYTES: usize = 64 * 1024;

#[derive(Properties, PartialEq)]
pub struct PasteBoxProps {
    pub id: AttrValue,
    pub label: AttrValue,
    pub hint: AttrValue,
    /// The text, compared by allocation: a held paste may be megabytes, and comparing it on
    /// every render of the view held the main thread for tens of milliseconds.
    pub value: Shared<str>,
    pub on_input: Callback<String>,
    #[prop_or(8)]
    pub rows: u32,
}

#[component]
pub fn PasteBox(props: &PasteBoxProps) -> Html {
    let oninput = props
        .on_input
        .reform(|e: InputEvent| e.target_unchecked_into::<HtmlTextAreaElement>().value());
    // A big paste goes to the parent's state and never reaches the textarea. It is copied into
    // the module in slices, a task each (`Pasted::text`), so the paste event stays short.
    let copying = use_state_eq(|| false);
    let onpaste = {
        let (on_input, copying) = (props.on_input.clone(), copying.clone());
        Callback::from(move |e: Event| {
            let Some(pasted) = browser::pasted(&e) else {
                return;
            };
            if pasted.units() <= HELD_BYTES {
                // Small enough to copy now: held only when its UTF-8 is over the limit.
                let text = pasted.now();
                if text.len() > HELD_BYTES {
                    e.prevent_default();
                    on_input.emit(text);
                }
                return;
            }
            e.prevent_default();
            copying.set(true);
            let (on_input, copying) = (on_input.clone(), copying.clone());
            wasm_bindgen_futures::spawn_local(async move {
                if let Some(Ok(text)) = pasted.text(usize::MAX).await {
                    on_input.emit(text);
                }
                copying.set(false);
            });
        })
    };
    let clear = props.on_input.reform(|_: MouseEvent| String::new());
    let hint_id = format!("{}-hint", props.id);
    let held = props.value.len() > HELD_BYTES;
    html! {
        <div class="paste">
            <div class="paste-head">
                if held {
                    <strong>{ &props.label }</strong>
                } else {
                    <label for={props.id.clone()}>{ &props.label }</label>
                }
                if !props.value.is_empty() {
                    <button type="button" class="quiet" onclick={clear}>{ "Clear" }</button>
                }
            </div>
            if held {
                <p class="paste-held" id={props.id.clone()}>
                    { format!("{} bytes pasted and analysed below. The text is not shown in a box: laying out that much would freeze the page. Clear it to paste or type something else.", grouped(props.value.len())) }
                </p>
            } else {
                <textarea id={props.id.clone()} rows={props.rows.to_string()} spellcheck="false" autocomplete="off"
                    autocapitalize="off" aria-describedby={hint_id.clone()} value={AttrValue::from(Rc::clone(&props.value.0))} {oninput} {onpaste} />
            }
            if *copying {
                // Constant markup written here, never input (see `widgets::fixed`).
                { fixed(r##"<p class="notice" role="status">Reading the paste…</p>"##) }
            }
            <p class="hint" id={hint_id}>{ &props.hint }</p>
        </div>
    }
}
