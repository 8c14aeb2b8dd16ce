//! A titled, copyable block of commands or script.
use yew::prelude::*;

use super::copy_button::copy_button;

/// A plain function, not a component: one copy of the markup and no lifecycle code of its own.
#[inline(never)]
pub fn script_block(id: &'static str, title: &'static str, text: AttrValue) -> Html {
    let title_id = format!("{id}-title");
    html! {
        <div class="script">
            <div class="script-head">
                <h4 id={title_id.clone()}>{ title }</h4>
                { copy_button(text.clone(), format!("Copy {title}").into()) }
            </div>
            // Focusable so a keyboard can scroll long lines.
            <pre class="code" {id} tabindex="0" aria-labelledby={title_id}>{ text }</pre>
        </div>
    }
}
