//! Component tests in headless Chromium: one component per test, mounted by a rig with chosen props.
//!
//! Whole-app journeys (tab switching, the hash, one tool feeding another) are end-to-end tests
//! in `tests/e2e`, on the release build.
#![cfg(target_arch = "wasm32")]

mod case;
mod commands;
mod compare;
mod error;
mod paste_box;
mod policy;
mod rig;
mod token;
mod trace;

use std::cell::RefCell;
use std::rc::{Rc, Weak};

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, HtmlInputElement, HtmlTextAreaElement};
use yew::html::BaseComponent;
use yew::{AppHandle, Callback};

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

type Slot<C> = Rc<RefCell<Option<AppHandle<C>>>>;

/// One component mounted into a fresh element of its own. Dropping the rig destroys the
/// component (its effects clean up) and removes the element, so no test sees another's DOM,
/// ids or listeners.
pub struct Rig<C: BaseComponent> {
    root: Element,
    app: Slot<C>,
    /// For a controlled component, the callback that feeds its input back as new props; held
    /// here so the callback itself only needs a weak reference.
    _echo: Option<Rc<RefCell<Option<Callback<String>>>>>,
}

impl<C: BaseComponent> Rig<C> {
    /// Mounts `C` with `props` and waits for the first render.
    pub async fn mount(props: C::Properties) -> Self {
        let root = fresh_element();
        let app = yew::Renderer::<C>::with_root_and_props(root.clone(), props).render();
        yew::scheduler::flush().await;
        Rig {
            root,
            app: Rc::new(RefCell::new(Some(app))),
            _echo: None,
        }
    }

    /// Mounts a controlled component (one whose text lives in its parent) as its parent would
    /// hold it: `props(text, on_input)` builds the props for `text`, starting empty, and every
    /// text the component reports through `on_input` re-renders it with `props` of that text.
    pub async fn controlled(
        props: impl Fn(String, Callback<String>) -> C::Properties + 'static,
    ) -> Self {
        let props = Rc::new(props);
        let echo: Rc<RefCell<Option<Callback<String>>>> = Rc::new(RefCell::new(None));
        let app: Slot<C> = Rc::new(RefCell::new(None));
        let on_input = {
            let (echo, app, props) = (Rc::downgrade(&echo), Rc::downgrade(&app), Rc::clone(&props));
            Callback::from(move |text: String| {
                // Late input (a file read finishing) after the rig is gone has nowhere to go.
                let (Some(echo), Some(app)) = (Weak::upgrade(&echo), Weak::upgrade(&app)) else {
                    return;
                };
                let on_input = echo.borrow().clone().unwrap();
                if let Some(app) = app.borrow_mut().as_mut() {
                    app.update(props(text, on_input));
                }
            })
        };
        *echo.borrow_mut() = Some(on_input.clone());
        let root = fresh_element();
        let handle =
            yew::Renderer::<C>::with_root_and_props(root.clone(), props(String::new(), on_input))
                .render();
        *app.borrow_mut() = Some(handle);
        yew::scheduler::flush().await;
        Rig {
            root,
            app,
            _echo: Some(echo),
        }
    }

    /// Re-renders the component with new props, as a parent would.
    pub async fn update(&self, props: C::Properties) {
        if let Some(app) = self.app.borrow_mut().as_mut() {
            app.update(props);
        }
        yew::scheduler::flush().await;
    }

    /// Destroys the component and waits for it, then removes the element (as dropping does,
    /// but observable: the component's DOM and effects are gone when this returns).
    pub async fn unmount(self) {
        if let Some(app) = self.app.borrow_mut().take() {
            app.destroy();
        }
        yew::scheduler::flush().await;
        // Drop removes the element.
    }

    /// The element the component is mounted in.
    pub fn root(&self) -> &Element {
        &self.root
    }
}

impl<C: BaseComponent> Drop for Rig<C> {
    fn drop(&mut self) {
        if let Some(app) = self.app.borrow_mut().take() {
            app.destroy();
        }
        self.root.remove();
    }
}

fn fresh_element() -> Element {
    let document = web_sys::window().unwrap().document().unwrap();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    root
}

/// The first element matching `selector`; panics with the selector when there is none.
pub fn query(root: &Element, selector: &str) -> Element {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no element matches {selector}"))
}

/// Dispatches a browser-like paste of `pasted` on `target`; whether the page cancelled it
/// (took the text itself instead of letting the browser insert it).
pub fn paste_on(target: &Element, pasted: &str) -> bool {
    let data = web_sys::DataTransfer::new().unwrap();
    data.set_data("text/plain", pasted).unwrap();
    let init = web_sys::ClipboardEventInit::new();
    init.set_bubbles(true);
    init.set_cancelable(true);
    init.set_clipboard_data(Some(&data));
    let event = web_sys::ClipboardEvent::new_with_event_init_dict("paste", &init).unwrap();
    target.dispatch_event(&event).unwrap();
    event.default_prevented()
}

pub fn text(root: &Element) -> String {
    root.text_content().unwrap_or_default()
}

/// Types into a textarea or input the way a browser does: set the value, then a bubbling
/// input event (Yew listens on the root, so a non-bubbling event would never reach it).
pub async fn type_into(root: &Element, selector: &str, text: &str) {
    let field = query(root, selector);
    if let Some(area) = field.dyn_ref::<HtmlTextAreaElement>() {
        area.set_value(text);
    } else {
        field.dyn_ref::<HtmlInputElement>().unwrap().set_value(text);
    }
    let init = web_sys::InputEventInit::new();
    init.set_bubbles(true);
    let event = web_sys::InputEvent::new_with_event_init_dict("input", &init).unwrap();
    field.dispatch_event(&event).unwrap();
    yew::scheduler::flush().await;
}

/// Clicks the first element matching `selector`, as a user would.
pub async fn click(root: &Element, selector: &str) {
    let el: HtmlElement = query(root, selector).dyn_into().unwrap();
    el.click();
    yew::scheduler::flush().await;
}
