//! GuestLens: explains Entra ID B2B guest sign-in problems from pasted tokens, errors and policies.
pub mod analysis;
#[cfg(target_arch = "wasm32")]
pub mod ui;
