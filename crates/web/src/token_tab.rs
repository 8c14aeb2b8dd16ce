//! The Token tool: paste anything holding a token, see who the account is and what every claim means.
use yew::prelude::*;

use super::Shared;
use super::browser;
use super::widgets::{
    claims_table::claims_table, diagnostics::diagnostics, fixed, paste_box::PasteBox,
    raw_token::raw_token, signature_check::SignatureCheck, verdict_card::verdict_card,
};
use guestlens_analysis::Report;
use guestlens_analysis::case::trace::{TraceReport, TraceToken};
use guestlens_analysis::token::{Found, TokenKind, samples};

#[derive(Properties, PartialEq)]
pub struct TokenTabProps {
    /// The box's text, shared with the App (compared by allocation: it may be megabytes).
    pub text: Shared<str>,
    pub on_input: Callback<String>,
    pub found: Shared<Found>,
    /// The case's report: the tokens of its sign-in trace are listed as sources.
    #[prop_or_default]
    pub trace: Option<Shared<Report>>,
    /// The name of the trace's source.
    #[prop_or_default]
    pub trace_name: AttrValue,
}

#[component]
pub fn TokenTab(props: &TokenTabProps) -> Html {
    let found = &props.found;
    let body = match (&found.report, &found.note) {
        (Some(r), _) => {
            let pretty = |v: &Option<serde_json::Value>| {
                // `{:#}`: serde_json's pretty form through Display, one serializer copy less.
                v.as_ref().map(|v| format!("{v:#}")).unwrap_or_default()
            };
            html! {
                <div class="results" aria-live="polite">
                    <p class="found">{ "Found in " }{ &r.source }{ "." }</p>
                    { verdict_card(found) }
                    { diagnostics(&r.diagnostics) }
                    if !r.parts.is_empty() {
                        // Constant markup written here, never input (see `widgets::fixed`).
                        { fixed("<h3>Raw token</h3>") }
                        { raw_token(&r.parts) }
                    }
                    if r.header.is_some() || r.claims.is_some() {
                        <div class="json-pair">
                            // Constant markup written here, never input (see `widgets::fixed`).
                            <div>{ fixed("<h3>Header</h3>") }<pre class="json" tabindex="0" aria-label="Header, decoded">{ pretty(&r.header) }</pre></div>
                            if r.claims.is_some() {
                                // Constant markup written here, never input (see `widgets::fixed`).
                                <div>{ fixed("<h3>Payload</h3>") }<pre class="json" tabindex="0" aria-label="Payload, decoded">{ pretty(&r.claims) }</pre></div>
                            }
                        </div>
                    }
                    if let Some(n) = r.signature_len {
                        <p class="meta">{ format!("Signature: {n} bytes") }
                            if r.kind == TokenKind::Jws && n == 256 { { " (the size of an RSA-2048 signature, as Entra uses)" } }
                        </p>
                    }
                    if !r.claim_rows.is_empty() { { claims_table(&r.claim_rows) } }
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
            // Constant markup written here, never input (see `widgets::fixed`).
            { fixed(r#"<h2 class="tool-title">Token inspector</h2>"#) }
            <PasteBox id="token-input" label="Token, header, redirect URL or token response"
                hint="A JWT, Bearer …, Authorization: …, a URL with #access_token= or id_token=, or a JSON token response. Decoded in this page only."
                value={props.text.clone()} on_input={props.on_input.clone()} rows={6} />
            <div class="samples" role="group" aria-label="Synthetic sample tokens">
                // Constant markup written here, never input (see `widgets::fixed`).
                { fixed(r#"<span class="samples-label">Synthetic samples (made up, not real tokens):</span>"#) }
                { for samples::SAMPLES.iter().map(|s| html! {
                    <button type="button" class="sample" title={s.teaches} onclick={load(s.id)}>{ s.label }</button>
                }) }
            </div>
            { body }
            if let Some(t) = props.trace.as_ref().and_then(|r| r.trace.as_ref()) {
                { trace_tokens(t, &props.trace_name) }
            }
        </>
    }
}

/// The tokens found in the case's sign-in trace, each a source with its request: decoded
/// claims only. The core empties a trace token's text, so there is none to show here.
fn trace_tokens(t: &TraceReport, name: &AttrValue) -> Html {
    if t.tokens.is_empty() {
        return html! {};
    }
    let one = |k: &TraceToken| {
        let r = &k.token;
        let what = r.token_type.map_or(r.kind.label(), |t| t.label());
        let aud = r.audience_name.clone().or_else(|| r.audience.clone());
        html! {
            <li class="trace-token" data-hop={k.hop.to_string()}>
                <details>
                    <summary>
                        <code>{ k.field.label() }</code>{ format!(" · {what} · request {} of the trace", k.hop + 1) }
                        if let Some(aud) = aud { { format!(" · for {aud}") } }
                        if let Some(exp) = &r.expires_at { { format!(" · expires {exp}") } }
                    </summary>
                    // A link inside the summary would nest one control in another.
                    <p class="meta">{ "Found in " }{ &r.source }{ " of " }
                        <a href={format!("#trace-hop-{}", k.hop)}>{ format!("request {} of the trace", k.hop + 1) }</a>{ "." }</p>
                    { diagnostics(&r.diagnostics) }
                    if !r.claim_rows.is_empty() { { claims_table(&r.claim_rows) } }
                </details>
            </li>
        }
    };
    html! {
        <section class="trace-token-list" aria-labelledby="trace-tokens-in-token-view">
            <h3 id="trace-tokens-in-token-view">{ "Tokens in the sign-in trace" }<span class="trace-name">{ " · " }{ name.clone() }</span></h3>
            // Constant markup written here, never input (see `widgets::fixed`).
            { fixed(r#"<p class="hint">Each token the trace carries, decoded in this page, with the request it rode on. The token text itself is not kept: share only the sanitized copy of the trace.</p>"#) }
            <ul class="trace-token-items">{ for t.tokens.iter().map(one) }</ul>
        </section>
    }
}

fn intro() -> Html {
    // Constant markup written here, never input (see `widgets::fixed`).
    fixed(concat!(
        r#"<div class="intro"><h3>How a guest's token differs</h3>"#,
        "<p>A guest signs in at home but gets a token from the organization that invited them. Three claims tell the story:</p><ul>",
        "<li><code>tid</code> is the resource tenant — the one the guest signed in to, not their own.</li>",
        "<li><code>idp</code> is who actually checked the password: the guest's home tenant (https://sts.windows.net/{home tenant}/), live.com for a personal Microsoft account, mail for a one-time passcode, or a federated provider. Members have no idp.</li>",
        "<li><code>oid</code> is the guest object in the resource tenant; the same person has another oid at home.</li></ul>",
        "<p>A guest's UPN in the resource tenant looks like name_domain#EXT#@tenant.onmicrosoft.com; acct (when the app asks for it) is 1 for guests. Try a sample above.</p></div>",
    ))
}
