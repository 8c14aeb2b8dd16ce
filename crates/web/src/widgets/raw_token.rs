//! The raw token with its dot-separated parts colour-coded and named.
use guestlens_analysis::token::{Part, PartName};
use yew::prelude::*;

use super::fixed;

/// The CSS class naming a part's colour (`part-` and the part's id), as a constant.
fn colour(name: PartName) -> &'static str {
    match name {
        PartName::Header => "part-header",
        PartName::Payload => "part-payload",
        PartName::Signature => "part-signature",
        PartName::Opaque => "part-opaque",
        PartName::Unknown => "part-unknown",
        PartName::EncryptedKey => "part-encrypted_key",
        PartName::Iv => "part-iv",
        PartName::Ciphertext => "part-ciphertext",
        PartName::Tag => "part-tag",
    }
}

/// A plain function, not a component: no lifecycle code of its own.
pub fn raw_token(parts: &[Part]) -> Html {
    let last = parts.len().saturating_sub(1);
    html! {
        <>
            // Scrolls when the token is long: focusable so the keyboard can scroll it too.
            <pre class="raw" tabindex="0" aria-label="The token, part by part">
                { for parts.iter().enumerate().map(|(i, p)| html! {
                    <>
                        <span CLASS={format!("part {}", colour(p.name))} title={p.name.label()}>{ &p.text }</span>
                        // Constant markup written here, never input (see `widgets::fixed`).
                        if i < last { { fixed(r##"<span class="dot">.</span>"##) } }
                    </>
                }) }
            </pre>
            <p class="legend">
                { for parts.iter().map(|p| html! {
                    <span CLASS={format!("key {}", colour(p.name))}>
                        { p.name.label() }{ " · " }{ p.text.len() }{ " chars" }
                    </span>
                }) }
            </p>
        </>
    }
}
