//! A button that copies a text to the clipboard and says whether it worked.
use yew::prelude::*;

use crate::browser;

#[derive(Properties, PartialEq)]
pub struct CopyButtonProps {
    pub text: AttrValue,
    /// What is copied, for screen readers: "Copy trace ID".
    #[prop_or(AttrValue::Static("Copy"))]
    pub label: AttrValue,
}

#[component]
pub fn CopyButton(props: &CopyButtonProps) -> Html {
    // None: idle; Some(true): copied; Some(false): the browser refused.
    let state = use_state(|| None::<bool>);
    let onclick = {
        let state = state.clone();
        let text = props.text.to_string();
        Callback::from(move |_| {
            let state = state.clone();
            let text = text.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let ok = browser::copy(text).await;
                state.set(Some(ok));
                let state = state.clone();
                gloo::timers::callback::Timeout::new(1800, move || state.set(None)).forget();
            });
        })
    };
    let shown = match *state {
        None => "Copy",
        Some(true) => "Copied",
        Some(false) => "Copy failed",
    };
    html! {
        <button type="button" class="copy" aria-label={props.label.clone()} {onclick}>
            { shown }
            <span class="visually-hidden" aria-live="polite">{ if state.is_some() { shown } else { "" } }</span>
        </button>
    }
}
