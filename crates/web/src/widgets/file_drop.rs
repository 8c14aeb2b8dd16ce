//! A paste box's drop zone and "Open file…" button: a local file is read into the box, never sent.
use std::cell::RefCell;
use std::rc::Rc;

use web_sys::{DragEvent, File, HtmlInputElement};
use yew::prelude::*;

use super::fixed;
use super::gauge::grouped;
use crate::browser;

/// Largest file read: a 10 MB log still paints in a few seconds, and a policy object is at most
/// 25,600 bytes; anything bigger is almost certainly the wrong file and would freeze the tab.
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// Why a file over its cap was not read: its size, what opens up to which size.
pub fn too_big(name: &str, size: u64, what: &str, cap: u64) -> String {
    format!(
        "{name} is {} bytes; GuestLens opens {what} up to {} bytes. Nothing was read.",
        grouped(size as usize),
        grouped(cap as usize)
    )
}

/// The drop zone's state, kept by the view that shows it: a component of its own would only
/// add Yew's lifecycle code for it.
pub struct DropState {
    /// Entered minus left: child elements fire their own enter and leave events.
    depth: Rc<RefCell<i32>>,
    dragging: UseStateHandle<bool>,
    problem: UseStateHandle<Option<String>>,
}

#[hook]
pub fn use_file_drop() -> DropState {
    DropState {
        depth: use_mut_ref(|| 0i32),
        dragging: use_state_eq(|| false),
        problem: use_state_eq(|| None::<String>),
    }
}

/// The box (`children`) in its drop zone, with the "Open file…" button: a file read here is
/// handed to `on_input`. `id` is the file input's; its label is the visible button.
#[inline(never)]
pub fn file_drop(
    id: &'static str,
    accept: &'static str,
    on_input: &Callback<String>,
    state: &DropState,
    children: Html,
) -> Html {
    let DropState {
        depth,
        dragging,
        problem,
    } = state;
    let read = {
        let on_input = on_input.clone();
        let problem = problem.clone();
        move |file: File| {
            let size = file.size() as u64;
            if size > MAX_FILE_BYTES {
                problem.set(Some(too_big(&file.name(), size, "files", MAX_FILE_BYTES)));
                return;
            }
            let on_input = on_input.clone();
            let problem = problem.clone();
            wasm_bindgen_futures::spawn_local(async move {
                match browser::read_file(file.clone()).await {
                    Some(text) => {
                        problem.set(None);
                        on_input.emit(text);
                    }
                    None => problem.set(Some(format!(
                        "{} could not be read as text. Nothing was changed.",
                        file.name()
                    ))),
                }
            });
        }
    };
    let onchange = {
        let read = read.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            if let Some(file) = input.files().and_then(|f| f.get(0)) {
                read(file);
            }
            // Cleared so choosing the same file again still fires a change.
            input.set_value("");
        })
    };
    let ondragenter = {
        let (depth, dragging) = (depth.clone(), dragging.clone());
        Callback::from(move |_: DragEvent| {
            *depth.borrow_mut() += 1;
            dragging.set(true);
        })
    };
    let ondragleave = {
        let (depth, dragging) = (depth.clone(), dragging.clone());
        Callback::from(move |_: DragEvent| {
            let mut d = depth.borrow_mut();
            *d = (*d - 1).max(0);
            if *d == 0 {
                dragging.set(false);
            }
        })
    };
    // Without this the browser would open a dropped file in the tab instead of handing it over.
    let ondragover = Callback::from(|e: DragEvent| e.prevent_default());
    let ondrop = {
        let (depth, dragging) = (depth.clone(), dragging.clone());
        Callback::from(move |e: DragEvent| {
            *depth.borrow_mut() = 0;
            dragging.set(false);
            // Dropped text (not a file) is left to the browser, which inserts it as a paste.
            if let Some(file) = e
                .data_transfer()
                .and_then(|d| d.files())
                .and_then(|f| f.get(0))
            {
                e.prevent_default();
                read(file);
            }
        })
    };
    // Typing or pasting into the box makes an old "could not open" notice stale.
    let oninput = {
        let problem = problem.clone();
        Callback::from(move |_: InputEvent| problem.set(None))
    };
    html! {
        <div CLASS={if **dragging { "drop dragging" } else { "drop" }}
            {ondragenter} {ondragleave} {ondragover} {ondrop} {oninput}>
            { children }
            <div class="file-open">
                <input type="file" {id} class="visually-hidden" {accept} {onchange} />
                <label for={id} class="button">{ "Open file…" }</label>
                // Constant markup written here, never input (see `widgets::fixed`).
                { fixed(r#"<span class="drop-hint"> or drop one on the box; it is read here, never sent.</span>"#) }
            </div>
            if let Some(p) = &**problem {
                <p class="notice error file-problem" role="alert">{ p }</p>
            }
        </div>
    }
}
