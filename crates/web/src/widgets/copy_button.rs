//! A button that copies a text to the clipboard and says whether it worked.
use yew::prelude::*;

use crate::browser;

/// A plain function, not a component: what the button says after a click ("Copied", "Copy
/// failed") is written on its own nodes by `browser::copy_from` for 1.8 s, so the button keeps
/// no state and needs no lifecycle code of its own. Its markup here never changes, so a render
/// in between leaves those words alone.
#[inline(never)]
pub fn copy_button(text: AttrValue, label: AttrValue) -> Html {
    let onclick = Callback::from(move |e: MouseEvent| browser::copy_from(&e, text.to_string()));
    html! {
        <button type="button" class="copy" aria-label={label} {onclick}>
            { "Copy" }
            <span class="visually-hidden" aria-live="polite">{ "" }</span>
        </button>
    }
}
