//! The guest verdict with its evidence: who the account is and what that means for sign-in.
use yew::prelude::*;

use super::{code_row, fixed};
use guestlens_analysis::token::Found;

/// A plain function, not a component: no lifecycle code of its own.
pub fn verdict_card(found: &Found) -> Html {
    let Some(r) = found.report.as_ref() else {
        return html! {};
    };
    let Some(v) = &r.verdict else { return html! {} };
    // The facts present, in one loop over a table of them (not a call site each).
    let mut facts: Vec<Html> = Vec::new();
    for (label, value) in [
        ("Account", Some(r.account_kind.label())),
        ("Token", r.token_type.map(|t| t.label())),
        ("Version", r.version.as_deref()),
        ("Cloud", r.cloud.map(|c| c.label())),
        ("Resource tenant (tid)", r.tenant_id.as_deref()),
        ("Home tenant (from idp)", r.home_tenant_id.as_deref()),
        (
            "Signed in as",
            r.upn_original.as_deref().or(r.email.as_deref()),
        ),
        (
            "Audience",
            r.audience_name.as_deref().or(r.audience.as_deref()),
        ),
        ("Client app", r.app_name.as_deref().or(r.app_id.as_deref())),
        ("Expires", r.expires_at.as_deref()),
        ("Status", Some(r.validity.label())),
    ] {
        if let Some(v) = value {
            facts.push(code_row(label, v, Html::default()));
        }
    }
    html! {
        <section CLASS={format!("verdict kind-{}", r.account_kind.id())} aria-labelledby="verdict-title">
            <h2 id="verdict-title">{ &v.headline }</h2>
            <dl class="facts">{ for facts }</dl>
            { for v.meaning.iter().map(|m| html! { <p>{ m }</p> }) }
            if !r.scopes.is_empty() || !r.roles.is_empty() {
                <p class="perms">
                    if !r.scopes.is_empty() { <span>{ "Delegated scopes (scp): " }{ r.scopes.join(", ") }{ ". " }</span> }
                    if !r.roles.is_empty() { <span>{ "App roles (roles): " }{ r.roles.join(", ") }{ "." }</span> }
                </p>
            }
            <details>
                // Constant markup written here, never input (see `widgets::fixed`).
                { fixed("<summary>Evidence</summary>") }
                <table class="evidence">
                    <tbody>
                        { for v.evidence.iter().map(|e| html! {
                            <tr><th scope="row"><code>{ e.claim.label() }</code></th><td><code>{ &e.value }</code></td><td>{ &e.reading }</td></tr>
                        }) }
                    </tbody>
                </table>
            </details>
        </section>
    }
}
