//! The page: thin Yew components over the analysis core.
#![cfg(target_arch = "wasm32")]
pub mod app;
pub mod browser;
pub mod case_view;
pub mod commands_tab;
pub mod compare_sources;
pub mod compare_view;
pub mod error_tab;
pub mod lesson_view;
pub mod part;
pub mod policy_tab;
pub mod readings;
pub mod token_tab;
pub mod trace_view;
pub mod widgets;

use std::rc::Rc;

/// Shares a derived value with child components; equal when it is the same allocation,
/// so a re-render only happens when the analysis was recomputed.
#[derive(Debug)]
pub struct Shared<T: ?Sized>(pub Rc<T>);

impl<T: ?Sized> Clone for Shared<T> {
    fn clone(&self) -> Self {
        Self(Rc::clone(&self.0))
    }
}

impl<T: ?Sized> PartialEq for Shared<T> {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// A text shared by allocation: equal only to itself, so a megabyte text is never compared.
impl From<String> for Shared<str> {
    fn from(text: String) -> Self {
        Self(Rc::from(text))
    }
}

impl<T: ?Sized> std::ops::Deref for Shared<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

/// Replaces the static placeholder in `#app` (the early front door) with the app, keeping
/// what was given to it.
pub fn mount() {
    browser::keep_early();
    if let Some(root) = browser::take_root("app") {
        yew::Renderer::<app::App>::with_root(root).render();
    }
}
