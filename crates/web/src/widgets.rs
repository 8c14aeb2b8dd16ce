//! Building blocks shared by the tabs.
pub mod claims_table;
pub mod command_field;
pub mod copy_button;
pub mod diagnostics;
pub mod failure_card;
pub mod file_drop;
pub mod gauge;
pub mod highlighted_text;
pub mod paste_box;
pub mod raw_token;
pub mod recipe_card;
pub mod script_block;
pub mod signature_check;
pub mod verdict_card;
