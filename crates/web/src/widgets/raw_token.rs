//! The raw token with its dot-separated parts colour-coded and named.
use yew::prelude::*;

use guestlens_analysis::token::Part;

/// A plain function, not a component: no lifecycle code of its own.
pub fn raw_token(parts: &[Part]) -> Html {
    let last = parts.len().saturating_sub(1);
    html! {
        <>
            // Scrolls when the token is long: focusable so the keyboard can scroll it too.
            <pre class="raw" tabindex="0" aria-label="The token, part by part">
                { for parts.iter().enumerate().map(|(i, p)| html! {
                    <>
                        <span class={classes!("part", format!("part-{}", p.name.id()))} title={p.name.label()}>{ &p.text }</span>
                        if i < last { <span class="dot">{ "." }</span> }
                    </>
                }) }
            </pre>
            <p class="legend">
                { for parts.iter().map(|p| html! {
                    <span class={classes!("key", format!("part-{}", p.name.id()))}>
                        { p.name.label() }{ " · " }{ p.text.len() }{ " chars" }
                    </span>
                }) }
            </p>
        </>
    }
}
