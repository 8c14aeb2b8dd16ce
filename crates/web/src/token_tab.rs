//! The Token tool: paste anything holding a token, see who the account is and what every claim means.
use yew::prelude::*;

use super::Shared;
use super::browser;
use super::widgets::{
    claims_table::ClaimsTable, diagnostics::Diagnostics, paste_box::PasteBox, raw_token::RawToken,
    signature_check::SignatureCheck, verdict_card::VerdictCard,
};
use guestlens_analysis::token::{Found, TokenKind, samples};

#[derive(Properties, PartialEq)]
pub struct TokenTabProps {
    pub text: String,
    pub on_input: Callback<String>,
    pub found: Shared<Found>,
}

#[component]
pub fn TokenTab(props: &TokenTabProps) -> Html {
    let found = &props.found;
    let body = match (&found.report, &found.note) {
        (Some(r), _) => {
            let pretty = |v: &Option<serde_json::Value>| {
                v.as_ref()
                    .and_then(|v| serde_json::to_string_pretty(v).ok())
                    .unwrap_or_default()
            };
            html! {
                <div class="results" aria-live="polite">
                    <p class="found">{ "Found in " }{ &r.source }{ "." }</p>
                    <VerdictCard found={found.clone()} />
                    <Diagnostics items={r.diagnostics.clone()} />
                    if !r.parts.is_empty() {
                        <h3>{ "Raw token" }</h3>
                        <RawToken parts={r.parts.clone()} />
                    }
                    if r.header.is_some() || r.claims.is_some() {
                        <div class="json-pair">
                            <div><h3>{ "Header" }</h3><pre class="json" tabindex="0" aria-label="Header, decoded">{ pretty(&r.header) }</pre></div>
                            if r.claims.is_some() {
                                <div><h3>{ "Payload" }</h3><pre class="json" tabindex="0" aria-label="Payload, decoded">{ pretty(&r.claims) }</pre></div>
                            }
                        </div>
                    }
                    if let Some(n) = r.signature_len {
                        <p class="meta">{ format!("Signature: {n} bytes") }
                            if r.kind == TokenKind::Jws && n == 256 { { " (the size of an RSA-2048 signature, as Entra uses)" } }
                        </p>
                    }
                    if !r.claim_rows.is_empty() { <ClaimsTable rows={r.claim_rows.clone()} /> }
                    if r.kind == TokenKind::Jws { <SignatureCheck found={found.clone()} /> }
                </div>
            }
        }
        (None, Some(note)) if !props.text.trim().is_empty() => html! {
            <p class="notice error" role="alert">{ note }</p>
        },
        _ => intro(),
    };
    let load = |id: &'static str| {
        let on_input = props.on_input.clone();
        Callback::from(move |_| {
            if let Some(t) = samples::token(id, browser::now()) {
                on_input.emit(t);
            }
        })
    };
    html! {
        <>
            <h2 class="tool-title">{ "Token inspector" }</h2>
            <PasteBox id="token-input" label="Token, header, redirect URL or token response"
                hint="A JWT, Bearer …, Authorization: …, a URL with #access_token= or id_token=, or a JSON token response. Decoded in this page only."
                value={props.text.clone()} on_input={props.on_input.clone()} rows={6} />
            <div class="samples" role="group" aria-label="Synthetic sample tokens">
                <span class="samples-label">{ "Synthetic samples (made up, not real tokens):" }</span>
                { for samples::SAMPLES.iter().map(|s| html! {
                    <button type="button" class="sample" title={s.teaches} onclick={load(s.id)}>{ s.label }</button>
                }) }
            </div>
            { body }
        </>
    }
}

fn intro() -> Html {
    html! {
        <div class="intro">
            <h3>{ "How a guest's token differs" }</h3>
            <p>{ "A guest signs in at home but gets a token from the organization that invited them. Three claims tell the story:" }</p>
            <ul>
                <li><code>{ "tid" }</code>{ " is the resource tenant — the one the guest signed in to, not their own." }</li>
                <li><code>{ "idp" }</code>{ " is who actually checked the password: the guest's home tenant (https://sts.windows.net/{home tenant}/), live.com for a personal Microsoft account, mail for a one-time passcode, or a federated provider. Members have no idp." }</li>
                <li><code>{ "oid" }</code>{ " is the guest object in the resource tenant; the same person has another oid at home." }</li>
            </ul>
            <p>{ "A guest's UPN in the resource tenant looks like name_domain#EXT#@tenant.onmicrosoft.com; acct (when the app asks for it) is 1 for guests. Try a sample above." }</p>
        </div>
    }
}
