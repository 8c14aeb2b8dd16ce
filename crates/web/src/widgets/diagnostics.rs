//! A list of diagnostics, most severe first, each marked by icon and word (not colour alone).
use yew::prelude::*;

use guestlens_analysis::{Diagnostic, Severity};

/// A plain function, not a component: one copy of the markup and no lifecycle code of its own.
#[inline(never)]
pub fn diagnostics(items: &[Diagnostic]) -> Html {
    if items.is_empty() {
        return html! {};
    }
    let rank = |s: Severity| match s {
        Severity::Error => 0,
        Severity::Warning => 1,
        Severity::Info => 2,
    };
    let mut items: Vec<&Diagnostic> = items.iter().collect();
    guestlens_analysis::text::sort_by(&mut items, |a, b| rank(a.severity).cmp(&rank(b.severity)));
    html! {
        <ul class="diagnostics">
            { for items.into_iter().map(|d| {
                let class = match d.severity {
                    Severity::Error => "diag error",
                    Severity::Warning => "diag warning",
                    Severity::Info => "diag info",
                };
                html! { <li CLASS={class}><strong>{ d.severity.label() }{ ": " }</strong>{ &d.message }</li> }
            }) }
        </ul>
    }
}
