//! The Error tool: paste any sign-in error, see every failure, who must act and how to fix it.
use yew::prelude::*;

use super::Shared;
use super::widgets::paste_box::PasteBox;
use crate::analysis::errors::ErrorReport;

#[derive(Properties, PartialEq)]
pub struct ErrorTabProps {
    pub text: String,
    pub on_input: Callback<String>,
    pub report: Shared<ErrorReport>,
}

#[component]
pub fn ErrorTab(props: &ErrorTabProps) -> Html {
    html! {
        <>
            <h2 class="tool-title">{ "Error analyzer" }</h2>
            <PasteBox id="error-input" label="Error text, page, JSON, URL or log"
                hint="Paste the sign-in error page, a token endpoint error, a redirect URL or a log."
                value={props.text.clone()} on_input={props.on_input.clone()} />
            <p class="summary">{ &props.report.summary }</p>
        </>
    }
}
