//! The case at a glance: who, where, what failed with the IDs to quote, the next step and who acts, conflicts to settle, what is still unknown.
use std::fmt::Write as _;

use guestlens_analysis::Report;
use guestlens_analysis::case::{Fact, FactField, place_words};
use yew::prelude::*;

use super::copy_button::copy_button;
use super::fixed;
use crate::Shared;

#[derive(Properties, PartialEq)]
pub struct CaseSummaryProps {
    pub report: Shared<Report>,
    /// Fields the user settled by hand (they can take the choice back).
    pub picked: Vec<FactField>,
    pub on_pick: Callback<(FactField, String)>,
    pub on_unpick: Callback<FactField>,
}

/// "error.txt, failure 1; token.txt, claim tid".
pub fn origin(r: &Report, fact: &Fact) -> String {
    // Written straight into one text, not gathered in a `Vec` and joined.
    let mut out = String::new();
    for o in &fact.sources {
        let name = r
            .sources
            .iter()
            .find(|s| s.id == o.source)
            .map_or("a source", |s| s.name.as_str());
        if !out.is_empty() {
            out.push_str("; ");
        }
        // The core's words, so a trace's tokens are told apart by their request.
        let _ = write!(out, "{name}, {}", place_words(o, None));
    }
    out
}

/// Values of one conflict listed before the rest fold behind a button: a big log can name
/// hundreds of guests, and listing them all cost a long task on every paste.
pub const SHOWN_VALUES: usize = 12;

#[component]
pub fn CaseSummary(props: &CaseSummaryProps) -> Html {
    // Conflicts the user asked to see whole.
    let unfolded = use_state(Vec::<FactField>::new);
    let r = &*props.report;
    let c = &r.case;
    // The failures the case is about: samples set aside and other people's sign-ins left out.
    let failures = r.case_failures();
    let fact = |field: FactField, label: &'static str| {
        let settled = c.subject.iter().find(|(f, _)| *f == field);
        let conflict = c.in_conflict(field);
        let value = match (settled, conflict) {
            (Some((_, fact)), _) => {
                let unpick = props.picked.contains(&field).then(|| {
                    let on_unpick = props.on_unpick.clone();
                    html! {
                        <button type="button" class="quiet" onclick={Callback::from(move |_: MouseEvent| on_unpick.emit(field))}>
                            { "Chosen by you · change" }
                        </button>
                    }
                });
                html! {
                    <>
                        if field == FactField::HomeTenant && c.personal_account() {
                            // Constant markup written here, never input (see `widgets::fixed`).
                            { fixed("<strong>None: a personal Microsoft account</strong> (no home organisation, no home admin) ") }
                        }
                        <code>{ &fact.value }</code>
                        <span class="from">{ format!(" from {}", origin(r, fact)) }</span>
                        { unpick.unwrap_or_default() }
                        // Nothing ties this ID to the organisation the error names.
                        if let Some(name) = r.resource_tenant_unconfirmed().filter(|_| field == FactField::ResourceTenant) {
                            <p class="notice" id="tenant-unconfirmed">
                                { format!("The error names the organisation \"{name}\", and nothing pasted ties this ID to that name (it came from a token or a sign-in URL): check that the ID is theirs before running a command. ") }
                                // Constant markup written here, never input (see `widgets::fixed`).
                                { fixed(r##"Microsoft Graph's <a href="https://learn.microsoft.com/en-us/graph/api/tenantrelationship-findtenantinformationbytenantid" rel="noopener noreferrer" target="_blank">findTenantInformationByTenantId</a> gives a tenant ID's display name (global cloud; permission CrossTenantInformation.ReadBasic.All)."##) }
                            </p>
                        }
                    </>
                }
            }
            (None, true) => {
                // Constant markup written here, never input (see `widgets::fixed`).
                fixed(r##"<span class="badge bad">the sources disagree: choose above</span>"##)
            }
            // While two people are named, their other facts wait (see `case::join`): not unknown.
            (None, false)
                if field != FactField::GuestAddress && c.in_conflict(FactField::GuestAddress) =>
            {
                // Constant markup written here, never input (see `widgets::fixed`).
                fixed(r##"<span class="muted">waits until you choose the guest above</span>"##)
            }
            // An error names the resource tenant by display name, which no command can use.
            (None, false) if field == FactField::ResourceTenant => {
                match r.resource_tenant_name() {
                    // Microsoft's own tenant is no organisation anyone here administers.
                    Some(name) if c.in_microsofts_tenant() => html! {
                        <><code>{ name }</code>
                        // Constant markup written here, never input (see `widgets::fixed`).
                        { fixed(r##"<span class="from"> (Microsoft's own tenant, not an organisation's: see below)</span>"##) }</>
                    },
                    Some(name) => html! {
                        <><code>{ name }</code>
                        // Constant markup written here, never input (see `widgets::fixed`).
                        { fixed(r##"<span class="from"> (a display name from the error: commands need the tenant ID or a verified domain)</span>"##) }</>
                    },
                    // Constant markup written here, never input (see `widgets::fixed`).
                    None => fixed(r##"<span class="muted">unknown</span>"##),
                }
            }
            // Constant markup written here, never input (see `widgets::fixed`).
            (None, false) => fixed(r##"<span class="muted">unknown</span>"##),
        };
        html! { <><dt>{ label }</dt><dd>{ value }</dd></> }
    };

    let first = failures.first().copied();
    let what = first.map(|f| {
        let mut title = guestlens_analysis::errors::codes_line(&f.codes);
        if title.is_empty() {
            title.push_str("A failure without a code");
        }
        let more = (failures.len() > 1).then(|| format!(" (and {} more)", failures.len() - 1));
        // The IDs present, gathered in a loop (a `filter_map` brings an iterator's code per use).
        let mut ids: Vec<Html> = Vec::new();
        for (label, v) in [("Correlation ID", &f.correlation_id), ("Trace ID", &f.trace_id), ("Timestamp", &f.timestamp)] {
            if let Some(v) = v {
                ids.push(html! {
                    <li>{ format!("{label}: ") }<code>{ v }</code>{ " " }{ copy_button(v.clone().into(), format!("Copy {label}").into()) }</li>
                });
            }
        }
        let none = ids.is_empty();
        html! {
            <>
                // Constant markup written here, never input (see `widgets::fixed`).
                { fixed("<dt>What failed</dt>") }
                <dd>
                    <strong>{ title }</strong>
                    { f.name.as_deref().map(|n| format!(" {n}")).unwrap_or_default() }
                    { more.unwrap_or_default() }
                    if none {
                        // Constant markup written here, never input (see `widgets::fixed`).
                        { fixed(r#"<p class="muted">No IDs came with this failure: ask for the error page's "Troubleshooting details" to quote to support.</p>"#) }
                    } else {
                        <ul class="ids">
                            { for ids }
                        </ul>
                    }
                </dd>
            </>
        }
    });
    // Failures of another person or sign-in are said to be set aside, never silently dropped.
    let set_aside = r.set_aside_line().map(|said| {
        let aside = r.failures_set_aside();
        // A sign-in log of the tenant's own members only: nothing in it is about a guest.
        let members_only = c.failures.is_empty() && aside.iter().all(|f| f.within_tenant);
        html! {
            <>
                // Constant markup written here, never input (see `widgets::fixed`).
                { fixed("<dt>Set aside</dt>") }
                <dd>
                    { format!("Another person's or another sign-in's failures: {said}. ") }
                    if members_only {
                        // Constant markup written here, never input (see `widgets::fixed`).
                        { fixed("Every failed sign-in here is a member's of the tenant, none a guest's: export the guest's own sign-ins (the signin-logs recipe in Commands, or the admin center's sign-in logs filtered by the guest's address) and add them.") }
                    } else if aside.iter().any(|f| !f.within_tenant) {
                        // Not for the tenant's own members: they are no one's other account.
                        // Constant markup written here, never input (see `widgets::fixed`).
                        { fixed("If that address is this guest's other account, the guest signed in with the wrong one: ask them to sign in with the invited address.") }
                    }
                </dd>
            </>
        }
    });
    let guidance = first.and_then(|f| f.guidance.as_ref());
    // A policy that keeps the guest out is the first step: the error's own steps wait for it.
    let policy_step = c.policy_step();
    let meaning = guidance.map(|g| {
        html! {
            <>
                // Constant markup written here, never input (see `widgets::fixed`).
                { fixed("<dt>What it means</dt>") }
                <dd>{ &g.meaning }</dd>
            </>
        }
    });
    let next = (guidance.is_some() || policy_step.is_some()).then(|| {
        let steps = guidance.map(|g| g.steps.as_slice()).unwrap_or_default();
        let mut shown = Vec::new();
        for s in steps {
            if c.can_act(s.actor) && shown.len() < 3 {
                shown.push(s);
            }
        }
        html! {
            <>
                // Constant markup written here, never input (see `widgets::fixed`).
                { fixed("<dt>Next step</dt>") }
                <dd>
                    <ol class="steps">
                        { for policy_step.iter().map(|(actor, text)| html! {
                            <li class="policy-step"><strong>{ format!("{}: ", actor.label()) }</strong>{ text }</li>
                        }) }
                        { for shown.iter().map(|s| html! {
                            <li><strong>{ format!("{}: ", s.actor.label()) }</strong>{ &s.text }</li>
                        }) }
                    </ol>
                    if guidance.is_some() {
                        // Constant markup written here, never input (see `widgets::fixed`).
                        { fixed(r##"<a href="#error">All steps and the checklist in the Error view</a>"##) }
                    }
                </dd>
            </>
        }
    });
    // The token's verdict speaks for the case only when the token does (`Report::case_token`).
    let account = r
        .case_token()
        .and_then(|t| t.verdict.as_ref())
        .zip(r.account_line())
        .map(|(v, line)| {
            // Where the verdict comes from, as every other row says: the paste and its claims.
            let mut from = String::from(" from ");
            let source = r
                .token_source
                .and_then(|id| r.sources.iter().find(|s| s.id == id));
            from.push_str(source.map_or("the token", |s| s.name.as_str()));
            for (i, e) in v.evidence.iter().enumerate() {
                from.push_str(if i == 0 { ", claims " } else { ", " });
                from.push_str(e.claim.label());
            }
            html! {
                <>
                    // Constant markup written here, never input (see `widgets::fixed`).
                    { fixed(r##"<dt>How they sign in</dt>"##) }
                    <dd>{ line }<span class="from">{ from }</span></dd>
                </>
            }
        });
    // A home tenant's own policy is not read as ours: say whose it is and where to look.
    let home_policy = c.home_policy.filter(|_| c.policy.is_none()).map(|id| {
        let name = r.sources.iter().find(|s| s.id == id).map_or("A pasted policy", |s| s.name.as_str());
        html! {
            <>
                // Constant markup written here, never input (see `widgets::fixed`).
                { fixed("<dt>Cross-tenant access</dt>") }
                <dd>
                    { format!("{name} has an entry for the resource tenant and none for the guest's home tenant: it is the home tenant's own policy. ") }
                    // Constant markup written here, never input (see `widgets::fixed`).
                    { fixed("Its outbound settings can block the guest (AADSTS500212); the Policy view lists its entries.") }
                </dd>
            </>
        }
    });
    // A policy not read for the guest yet: what to add, and what its default says meanwhile.
    let default_policy = c.unread_policy().map(|(id, i)| {
            let name = r.sources.iter().find(|s| s.id == *id).map_or("A pasted policy", |s| s.name.as_str());
            html! {
                <>
                    // Constant markup written here, never input (see `widgets::fixed`).
                    { fixed("<dt>Cross-tenant access</dt>") }
                    <dd id="policy-default">
                        { format!("{name} is read for this guest once their home tenant is known (from an error that names their identity provider, or from their token). Meanwhile: for organisations without an entry of their own, inbound B2B collaboration is {}. ", i.collaboration.label()) }
                        <span class="from">{ format!("Evidence: {} and {}.", i.users.path, i.applications.path) }</span>
                    </dd>
                </>
            }
        });
    let policy = c.policy.as_ref().map(|fit| {
        let i = &fit.inbound;
        html! {
            <>
                // Constant markup written here, never input (see `widgets::fixed`).
                { fixed("<dt>Cross-tenant access</dt>") }
                <dd>
                    { format!("Inbound B2B collaboration for guests from this home tenant: {}. ", i.collaboration.label()) }
                    <span class="from">{ format!("Evidence: {} and {}.", i.users.path, i.applications.path) }</span>
                    // Whether home MFA is trusted matters only once the guest is let in.
                    if i.mfa_matters() {
                        { match i.mfa.accepted {
                            Some(true) => " MFA done at home is trusted.",
                            Some(false) => " MFA done at home is not trusted: the guest does MFA in your tenant.",
                            None => "",
                        } }
                    }
                </dd>
            </>
        }
    });

    html! {
        <section class="case-summary" aria-labelledby="case-title">
            // Constant markup written here, never input (see `widgets::fixed`).
            { fixed(r##"<h3 id="case-title">The case</h3>"##) }
            { for c.conflicts.iter().map(|conflict| {
                let field = conflict.field;
                let whole = unfolded.contains(&field);
                let hidden = if whole { 0 } else { conflict.values.len().saturating_sub(SHOWN_VALUES) };
                let unfold = {
                    let unfolded = unfolded.clone();
                    Callback::from(move |_: MouseEvent| {
                        let mut all = (*unfolded).clone();
                        all.push(field);
                        unfolded.set(all);
                    })
                };
                html! {
                    <fieldset class="conflict">
                        <legend>{ format!("{}: the sources disagree. Which one is this case about?", conflict.field.label()) }</legend>
                        // Constant markup written here, never input (see `widgets::fixed`).
                        { fixed(r#"<p class="hint">No command uses this value until you choose. Different people, tenants or apps usually mean a paste belongs to another case: remove it above.</p>"#) }
                        <ul>
                            { for conflict.values.iter().take(conflict.values.len() - hidden).map(|v| {
                                let on_pick = props.on_pick.clone();
                                let value = v.value.clone();
                                html! {
                                    <li>
                                        <code>{ &v.value }</code>
                                        <span class="from">{ format!(" from {}", origin(r, v)) }</span>
                                        // Named after its value, the visible words first: each conflict lists several.
                                        <button type="button" onclick={Callback::from(move |_: MouseEvent| on_pick.emit((field, value.clone())))}>
                                            { "Use this one" }<span class="visually-hidden">{ format!(" for {}", v.value) }</span>
                                        </button>
                                    </li>
                                }
                            }) }
                        </ul>
                        if hidden > 0 {
                            <p class="more">{ format!("{hidden} more values. ") }
                                <button type="button" class="quiet" onclick={unfold}>{ format!("Show all {}", conflict.values.len()) }</button></p>
                        }
                    </fieldset>
                }
            }) }
            <dl class="facts">
                { fact(FactField::GuestAddress, "Guest") }
                { fact(FactField::HomeTenant, "Home tenant") }
                { account.unwrap_or_default() }
                { fact(FactField::ResourceTenant, "Resource tenant") }
                { fact(FactField::AppId, "App") }
                { what.unwrap_or_default() }
                { set_aside.unwrap_or_default() }
                { meaning.unwrap_or_default() }
                { next.unwrap_or_default() }
                { policy.unwrap_or_default() }
                { home_policy.unwrap_or_default() }
                { default_policy.unwrap_or_default() }
            </dl>
            if !c.unknowns.is_empty() {
                <div class="unknowns">
                    // Constant markup written here, never input (see `widgets::fixed`).
                    { fixed("<h4>Still unknown</h4>") }
                    <ul>{ for c.unknowns.iter().map(|u| html! { <li>{ u.how() }</li> }) }</ul>
                </div>
            }
        </section>
    }
}
