//! The Commands tool: the PowerShell, REST and Azure CLI each fix needs, filled in from the other tools.
use yew::prelude::*;

use crate::analysis::findings::Findings;

#[derive(Properties, PartialEq)]
pub struct CommandsTabProps {
    pub findings: Findings,
}

#[component]
pub fn CommandsTab(props: &CommandsTabProps) -> Html {
    html! {
        <>
            <h2 class="tool-title">{ "Commands" }</h2>
            <p class="notice">{ "Coming soon: ready-to-run, safely quoted commands." }</p>
            if let Some(e) = &props.findings.email { <p>{ "Address found: " }<code>{ e }</code></p> }
        </>
    }
}
