//! The Policy tool: how much of the cross-tenant access policy's 25,600 bytes is used, and by what.
use yew::prelude::*;

use super::widgets::paste_box::PasteBox;

#[derive(Properties, PartialEq)]
pub struct PolicyTabProps {
    pub text: String,
    pub on_input: Callback<String>,
}

#[component]
pub fn PolicyTab(props: &PolicyTabProps) -> Html {
    html! {
        <>
            <h2 class="tool-title">{ "Policy budget" }</h2>
            <PasteBox id="policy-input" label="Cross-tenant access policy JSON"
                hint="Paste the response of GET /beta/policies/crossTenantAccessPolicy."
                value={props.text.clone()} on_input={props.on_input.clone()} />
            <p class="notice">{ "Coming soon: the byte budget and what can be freed." }</p>
        </>
    }
}
