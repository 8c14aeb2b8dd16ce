//! The hand-off report: preview, copy or download the Markdown for a ticket; personal data masked unless the user asks.
use guestlens_analysis::Report;
use yew::prelude::*;

use super::copy_button::copy_button;
use super::fixed;
use crate::{Shared, browser};

#[derive(Properties, PartialEq)]
pub struct HandoffPanelProps {
    pub report: Shared<Report>,
}

#[component]
pub fn HandoffPanel(props: &HandoffPanelProps) -> Html {
    let include_personal = use_state_eq(|| false);
    // The Markdown is written and laid out only while the panel is open: a big log's case
    // would otherwise pay for it on every paste, seen or not.
    let open = use_state_eq(|| false);
    let ontoggle = {
        let open = open.clone();
        Callback::from(move |e: Event| {
            open.set(
                e.target_unchecked_into::<web_sys::Element>()
                    .has_attribute("open"),
            );
        })
    };
    let text = use_memo(
        (props.report.clone(), *include_personal, *open),
        |(r, include_personal, open)| {
            if !*open {
                return String::new();
            }
            // The panel shows only for a case read with the analysis part.
            crate::part::need()
                .map(|ready| crate::part::gated::handoff(ready, r, *include_personal))
                .unwrap_or_default()
        },
    );
    let toggle = {
        let include_personal = include_personal.clone();
        Callback::from(move |_: Event| include_personal.set(!*include_personal))
    };
    let download = {
        let text = text.clone();
        Callback::from(move |_: MouseEvent| {
            browser::download("guestlens-case.md", "text/markdown", &text);
        })
    };
    html! {
        <details class="handoff" {ontoggle}>
            // Constant markup written here, never input (see `widgets::fixed`).
            { fixed(concat!(
                "<summary>Hand-off report for a ticket or the other tenant's admin</summary>",
                r#"<p class="hint">Markdown with the case, the failures and their IDs, the next steps and who acts, and the commands. Correlation, trace and tenant IDs are kept (support needs them); addresses are masked and commands carry placeholders unless you include personal data. No token is ever included.</p>"#,
            )) }
            <div class="handoff-bar">
                <label><input type="checkbox" id="handoff-personal" checked={*include_personal} onchange={toggle} />
                    { " Include addresses and UPNs" }</label>
                if *open {
                    { copy_button((*text).clone().into(), AttrValue::Static("Copy the hand-off report")) }
                    <button type="button" onclick={download}>{ "Download .md" }</button>
                }
            </div>
            if *open {
                <pre class="code handoff-text" tabindex="0" aria-label="Hand-off report preview">{ (*text).clone() }</pre>
            }
        </details>
    }
}
