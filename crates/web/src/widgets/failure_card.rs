//! One sign-in failure: its code, IDs to hand over, the values read from it, and who fixes what.
use yew::prelude::*;

use super::source_links::source_links;

use super::copy_button::copy_button;
use super::highlighted_text::{Mark, highlighted_text};
use super::{code_row, fixed};
use crate::Shared;
use guestlens_analysis::errors::{ErrorReport, Failure, IdStatus};

#[derive(Properties, PartialEq)]
pub struct FailureCardProps {
    /// The whole report (compared by pointer, so cards re-render only on a new analysis).
    pub report: Shared<ErrorReport>,
    pub index: usize,
    /// The message as pasted with its values marked, when the core could map it back.
    pub passage: Option<(AttrValue, Vec<Mark>)>,
    /// Whether the guidance starts unfolded (folded for repeats of a failure shown above).
    pub open: bool,
    /// The case set this failure aside: another person's or another sign-in's.
    #[prop_or_default]
    pub set_aside: bool,
}

/// The card's heading: `AADSTS50020`, or the invitation error's name, or what it lacks.
pub fn title(f: &Failure) -> String {
    match (f.codes.first(), &f.name) {
        (Some(c), _) => format!("AADSTS{c}"),
        (None, Some(n)) => n.clone(),
        (None, None) => "IDs without an error code".to_owned(),
    }
}

/// The IDs support staff ask for, each a `<dl>` row with its own labelled copy button; shared
/// with the trace view's failure at its step.
pub fn id_rows(f: &Failure) -> Vec<Html> {
    let mut rows = Vec::new();
    for (label, what, v) in [
        ("Request (trace) ID", "request ID", &f.trace_id),
        ("Correlation ID", "correlation ID", &f.correlation_id),
        ("Timestamp", "timestamp", &f.timestamp),
    ] {
        if let Some(v) = v {
            rows.push(code_row(
                label,
                v,
                copy_button(v.clone().into(), format!("Copy {what}").into()),
            ));
        }
    }
    rows
}

#[component]
pub fn FailureCard(props: &FailureCardProps) -> Html {
    let Some(f) = props.report.failures.get(props.index) else {
        return html! {};
    };
    let n = props.index + 1;
    let head_id = format!("failure-{n}-title");
    let code_name = f.codes.first().and(f.name.as_deref());
    let first_info = f.code_info.first();

    let ids = id_rows(f);
    let both = |name: &Option<String>, id: &Option<String>| match (name, id) {
        (Some(n), Some(i)) => Some(format!("{n} ({i})")),
        (n, i) => n.clone().or_else(|| i.clone()),
    };
    let mut values: Vec<Html> = Vec::new();
    for (label, v, field) in [
        ("OAuth error", f.error.clone(), "error"),
        ("User", f.user.clone(), "user"),
        ("Identity provider", f.idp.clone(), "idp"),
        ("Tenant", f.tenant.clone(), "tenant"),
        ("App", both(&f.app_name, &f.app_id), "app_id"),
        ("Resource", both(&f.resource_name, &f.resource), "resource"),
        ("Redirect URI", f.redirect_uri.clone(), "redirect_uri"),
        ("Authority", f.authority.clone(), "authority"),
    ] {
        let Some(v) = v else {
            continue;
        };
        let hidden = f.masked.iter().any(|m| m.id() == field);
        let badge = if hidden {
            // Constant markup written here, never input (see `widgets::fixed`).
            fixed(r##"<span class="badge warn">hidden before pasting</span>"##)
        } else {
            Html::default()
        };
        values.push(code_row(label, &v, badge));
    }

    html! {
        <article class="failure" aria-labelledby={head_id.clone()}>
            <div class="failure-head">
                <h3 id={head_id}>
                    <span class="failure-no">{ n }{ ". " }</span>{ title(f) }
                    if let Some(name) = code_name { { " " }<span class="code-name">{ name }</span> }
                </h3>
                if let Some(url) = &f.lookup_url {
                    <a class="lookup" href={url.clone()} target="_blank" rel="noopener noreferrer">
                        { "Microsoft's page for " }{ title(f) }
                    </a>
                }
            </div>
            if props.set_aside && f.within_tenant {
                // Constant markup written here, never input (see `widgets::fixed`).
                { fixed(r##"<p class="notice warn">Set aside by the case: a sign-in of the tenant's own member, not of a guest. Its advice is not about the guest the case is about.</p>"##) }
            } else if props.set_aside {
                // Constant markup written here, never input (see `widgets::fixed`).
                { fixed(r##"<p class="notice warn">Set aside by the case: another person's or another sign-in's failure. Its advice is not about the guest the case is about; <a href="#case-title">change the choice in the Case view</a>.</p>"##) }
            }
            if let Some(info) = first_info {
                // Constant markup written here, never input (see `widgets::fixed`).
                if !info.in_reference { { fixed(r##"<span class="badge warn">not in Microsoft's error reference</span>"##) } }
                // Constant markup written here, never input (see `widgets::fixed`).
                if info.name_unofficial && info.name.is_some() { { fixed(r##"<span class="badge warn">name from an unofficial source</span>"##) } }
            }
            if f.code_info.len() > 1 {
                <p class="also">{ "Also reported: " }
                    { for f.code_info.iter().skip(1).map(|c| html! {
                        <><a href={c.lookup_url.clone()} target="_blank" rel="noopener noreferrer">{ format!("AADSTS{}", c.code) }</a>
                        if let Some(name) = &c.name { { " (" }{ name }{ ")" } }{ " " }</>
                    }) }
                </p>
            }
            if !ids.is_empty() { <dl class="facts ids">{ for ids }</dl> }
            if f.ids != IdStatus::Found { <p class="notice warn">{ f.ids.label() }</p> }
            if f.occurrences > 1 { <p class="muted">{ format!("Printed {} times in this paste (one failure).", f.occurrences) }</p> }
            if !values.is_empty() { <dl class="facts">{ for values }</dl> }
            if let Some((text, marks)) = &props.passage {
                // Constant markup written here, never input (see `widgets::fixed`).
                { fixed("<h4>Message as pasted</h4>") }
                { highlighted_text(text, marks) }
            } else if let Some(m) = &f.message {
                // Constant markup written here, never input (see `widgets::fixed`).
                { fixed("<h4>Message</h4>") }
                <blockquote class="passage" tabindex="0" aria-label="Message">{ m }</blockquote>
            }
            { guidance(f, props.open) }
            if !f.recipes.is_empty() {
                // Constant markup written here, never input (see `widgets::fixed`).
                { fixed(r##"<p class="to-commands">Commands for this fix are ready in the <a href="#commands">Commands tab</a>.</p>"##) }
            }
        </article>
    }
}

/// What it means, who acts, the steps, the sources and the checklist; folded for repeats.
fn guidance(f: &Failure, open: bool) -> Html {
    let Some(g) = &f.guidance else {
        let ids = if f.ids == IdStatus::Found {
            "Give the IDs above to the administrator of the tenant you signed in to."
        } else {
            f.ids.label()
        };
        return html! {
            <p class="hint">{ "GuestLens has no guidance for this failure yet. " }{ ids }</p>
        };
    };
    let caveat = match (g.verified, &g.caveat) {
        (true, None) => None,
        (true, Some(c)) => Some(("Caveat: ", c.as_str())),
        (false, c) => Some((
            "Unverified: ",
            c.as_deref()
                .unwrap_or("this reading rests on unofficial sources or inference."),
        )),
    };
    html! {
        <details class="fix" {open}>
            // Constant markup written here, never input (see `widgets::fixed`).
            { fixed("<summary>What it means and how to fix it</summary><h4>What it means for the guest</h4>") }
            <p>{ &g.meaning }</p>
            if let Some((word, text)) = caveat {
                <p class="caveat"><strong>{ "⚠ " }{ word }</strong>{ text }</p>
            }
            // Constant markup written here, never input (see `widgets::fixed`).
            { fixed("<h4>Who must act</h4>") }
            <ul class="actors">
                { for f.actors.iter().map(|a| html! { <li>{ a.label() }</li> }) }
            </ul>
            // Constant markup written here, never input (see `widgets::fixed`).
            { fixed("<h4>Fix steps</h4>") }
            <ol class="steps">
                { for g.steps.iter().map(|s| html! {
                    <li><strong>{ s.actor.label() }{ ": " }</strong>{ &s.text }</li>
                }) }
            </ol>
            { source_links(&g.sources, None) }
            if !f.checklist.is_empty() {
                // Constant markup written here, never input (see `widgets::fixed`).
                { fixed("<h4>Checklist: why is the account not found?</h4>") }
                <ol class="checklist">
                    { for f.checklist.iter().map(|c| html! {
                        <li>
                            { &c.check }
                            // Constant markup written here, never input (see `widgets::fixed`).
                            if let Some(s) = &c.suggestion { <p class="suggest">{ fixed(r##"<strong>From your paste: </strong>"##) }{ s }</p> }
                            if let Some(r) = &c.recipe { <p class="hint">{ "Check with the " }<code>{ r }</code>{ " command." }</p> }
                        </li>
                    }) }
                </ol>
            }
        </details>
    }
}
