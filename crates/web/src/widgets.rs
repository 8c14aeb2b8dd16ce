//! Building blocks shared by the tabs.
pub mod case_summary;
pub mod claims_table;
pub mod command_field;
pub mod copy_button;
pub mod diagnostics;
pub mod failure_card;
pub mod file_drop;
pub mod front_door;
pub mod gauge;
pub mod handoff_panel;
pub mod har_open;
pub mod highlighted_text;
pub mod paste_box;
pub mod raw_token;
pub mod recipe_card;
pub mod script_block;
pub mod signature_check;
pub mod source_links;
pub mod source_list;
pub mod verdict_card;

use yew::{AttrValue, Html, html};

// A class chosen at run time is written `CLASS={...}`, not `class={...}`: `html!` sends a
// computed `class` through Yew's `Classes` set (split into words, hashed, joined again), code the
// page never needs, since each of its class strings is whole. Any other attribute name is set
// as written, and the DOM lower-cases an attribute name on an HTML element, so the page gets
// the same `class` attribute (about 0.8 KB gzip less). Constant classes stay `class="..."`.

/// Markup that never changes, written once as text and parsed by the browser: far fewer bytes
/// of code than building the same elements with `html!`. The text is NOT escaped, so it takes
/// only `&'static str` literals written in this crate, never anything derived from input.
#[inline(never)]
pub fn fixed(markup: &'static str) -> Html {
    Html::from_html_unchecked(AttrValue::Static(markup))
}

/// One row of a `<dl>` holding a value as code, with what follows it (a copy button, a badge):
/// one copy of the markup for the verdict's facts, the failure cards' values and IDs and the
/// trace's steps.
#[inline(never)]
pub fn code_row(label: &str, value: &str, after: Html) -> Html {
    html! { <div><dt>{ label }</dt><dd><code>{ value }</code>{ after }</dd></div> }
}
