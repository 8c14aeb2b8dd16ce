//! Optional signature check against pasted keys, entirely offline (WebCrypto does the maths).
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

use super::fixed;
use crate::{Shared, browser};
use guestlens_analysis::token::{Found, signature};

#[derive(Properties, PartialEq)]
pub struct SignatureCheckProps {
    pub found: Shared<Found>,
}

/// The outcome shown under the button.
#[derive(Clone, PartialEq)]
enum Outcome {
    Idle,
    Checking,
    Valid(String),
    Invalid(String),
    Problem(String),
}

#[component]
pub fn SignatureCheck(props: &SignatureCheckProps) -> Html {
    let keys = use_state(String::new);
    let outcome = use_state(|| Outcome::Idle);
    let Some(report) = props.found.report.as_ref() else {
        return html! {};
    };
    let oninput = {
        let keys = keys.clone();
        Callback::from(move |e: InputEvent| {
            keys.set(e.target_unchecked_into::<HtmlTextAreaElement>().value())
        })
    };
    let onclick = {
        let keys = keys.clone();
        let outcome = outcome.clone();
        let found = props.found.clone();
        Callback::from(move |_| {
            let Some(r) = found.report.as_ref() else {
                return;
            };
            // A token report exists only once the analysis part has arrived.
            let Some(ready) = crate::part::ready() else {
                return;
            };
            match crate::part::gated::signature_plan(ready, r, &keys) {
                Err(msg) => outcome.set(Outcome::Problem(msg)),
                Ok(plan) => {
                    outcome.set(Outcome::Checking);
                    let outcome = outcome.clone();
                    wasm_bindgen_futures::spawn_local(async move {
                        let caution = plan
                            .caution
                            .clone()
                            .map(|c| format!(" {c}"))
                            .unwrap_or_default();
                        outcome.set(match browser::verify(&plan).await {
                            Ok(true) => Outcome::Valid(format!("The signature is valid for {}.", plan.key_label)),
                            Ok(false) => Outcome::Invalid(format!(
                                "The signature does not match {}: the token was altered, or it was signed by another key.{caution}",
                                plan.key_label
                            )),
                            Err(e) => Outcome::Problem(signature::check_failed(&e)),
                        });
                    });
                }
            }
        })
    };
    let result = match &*outcome {
        Outcome::Idle => html! {},
        // Constant markup written here, never input (see `widgets::fixed`).
        Outcome::Checking => fixed(r##"<p role="status">Checking…</p>"##),
        Outcome::Valid(m) => {
            // Constant markup written here, never input (see `widgets::fixed`).
            html! { <p class="diag info" role="status">{ fixed(r##"<strong>Valid: </strong>"##) }{ m }</p> }
        }
        Outcome::Invalid(m) => {
            // Constant markup written here, never input (see `widgets::fixed`).
            html! { <p class="diag warning" role="status">{ fixed(r##"<strong>Not valid: </strong>"##) }{ m }</p> }
        }
        Outcome::Problem(m) => html! { <p class="diag error" role="alert">{ m }</p> },
    };
    html! {
        <details class="sigcheck">
            // Constant markup written here, never input (see `widgets::fixed`).
            { fixed("<summary>Check the signature offline</summary>") }
            <p class="hint">
                { "Paste the issuer's keys: the JWKS document, one JWK, or a PEM public key or certificate. This page fetches nothing; " }
                if let Some(url) = signature::keys_url(report) {
                    { "open " }<a href={url.clone()} target="_blank" rel="noopener noreferrer">{ url }</a>{ " yourself and paste what it shows." }
                } else {
                    { signature::no_keys_url_reason(report) }
                }
            </p>
            if report.header_nonce {
                // Constant markup written here, never input (see `widgets::fixed`).
                { fixed(r#"<p class="diag info">Graph tokens (header nonce) fail any check outside Graph, even when genuine.</p>"#) }
            }
            // Constant markup written here, never input (see `widgets::fixed`).
            { fixed(r#"<label for="sig-keys">Keys</label>"#) }
            <textarea id="sig-keys" rows="4" spellcheck="false" value={(*keys).clone()} {oninput} />
            <button type="button" {onclick}>{ "Check signature" }</button>
            { result }
        </details>
    }
}
