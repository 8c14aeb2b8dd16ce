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

use yew::{AttrValue, Html};

/// Markup that never changes, written once as text and parsed by the browser: far fewer bytes
/// of code than building the same elements with `html!`. The text is NOT escaped, so it takes
/// only `&'static str` literals written in this crate, never anything derived from input.
#[inline(never)]
pub fn fixed(markup: &'static str) -> Html {
    Html::from_html_unchecked(AttrValue::Static(markup))
}
