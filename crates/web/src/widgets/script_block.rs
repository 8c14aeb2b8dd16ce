//! A titled, copyable block of commands or script.
use yew::prelude::*;

use super::copy_button::CopyButton;

#[derive(Properties, PartialEq)]
pub struct ScriptBlockProps {
    pub id: AttrValue,
    pub title: AttrValue,
    pub text: AttrValue,
}

#[component]
pub fn ScriptBlock(props: &ScriptBlockProps) -> Html {
    let title_id = format!("{}-title", props.id);
    html! {
        <div class="script">
            <div class="script-head">
                <h4 id={title_id.clone()}>{ &props.title }</h4>
                <CopyButton text={props.text.clone()} label={format!("Copy {}", props.title)} />
            </div>
            // Focusable so a keyboard can scroll long lines.
            <pre class="code" id={props.id.clone()} tabindex="0" aria-labelledby={title_id}>{ &props.text }</pre>
        </div>
    }
}
