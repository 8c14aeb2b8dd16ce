//! The front door: one place to paste or drop anything about a case; each paste or file becomes a source.
use std::rc::Rc;

use guestlens_analysis::workspace::Action;
use web_sys::{DragEvent, File, FileList, HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

use super::file_drop::MAX_FILE_BYTES;
use super::gauge::grouped;
use crate::browser;

#[derive(Properties, PartialEq)]
pub struct FrontDoorProps {
    pub dispatch: Callback<Action>,
    /// Adds the built-in sample case (labelled as samples).
    pub on_sample: Callback<()>,
}

#[component]
pub fn FrontDoor(props: &FrontDoorProps) -> Html {
    let typed = use_state(String::new);
    let dragging = use_state_eq(|| false);
    let problems = use_state(Vec::<String>::new);

    // A paste never reaches the box: the browser would lay out megabytes of text first.
    let onpaste = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |e: Event| {
            if let Some(text) = browser::pasted_text(&e) {
                e.prevent_default();
                dispatch.emit(Action::Add {
                    name: None,
                    text: Rc::from(text),
                    sample: false,
                });
            }
        })
    };
    let oninput = {
        let typed = typed.clone();
        Callback::from(move |e: InputEvent| {
            typed.set(e.target_unchecked_into::<HtmlTextAreaElement>().value());
        })
    };
    let add_typed = {
        let (typed, dispatch) = (typed.clone(), props.dispatch.clone());
        Callback::from(move |_: MouseEvent| {
            dispatch.emit(Action::Add {
                name: None,
                text: Rc::from(typed.as_str()),
                sample: false,
            });
            typed.set(String::new());
        })
    };
    let read_files = {
        let (dispatch, problems) = (props.dispatch.clone(), problems.clone());
        move |files: FileList| {
            let mut found = Vec::new();
            for i in 0..files.length() {
                if let Some(f) = files.get(i) {
                    found.push(f);
                }
            }
            problems.set(Vec::new());
            for file in found {
                read_one(file, dispatch.clone(), problems.clone());
            }
        }
    };
    let onchange = {
        let read_files = read_files.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            if let Some(files) = input.files() {
                read_files(files);
            }
            input.set_value("");
        })
    };
    let ondragover = {
        let dragging = dragging.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            dragging.set(true);
        })
    };
    let ondragleave = {
        let dragging = dragging.clone();
        Callback::from(move |_: DragEvent| dragging.set(false))
    };
    let ondrop = {
        let dragging = dragging.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            dragging.set(false);
            if let Some(files) = e.data_transfer().and_then(|d| d.files()) {
                read_files(files);
            }
        })
    };
    let sample = props.on_sample.reform(|_: MouseEvent| ());

    html! {
        <div class={classes!("front-door", dragging.then_some("dragging"))} {ondragover} {ondragleave} {ondrop}>
            <label for="case-paste" class="front-label">{ "Paste anything about the case" }</label>
            <p class="hint" id="case-paste-hint">
                { "An error page or its text, a redirect URL, a token-endpoint response, a log, a token, a cross-tenant access policy, a sign-in log export. Each paste becomes a source below; paste as many as you have. Nothing leaves this page." }
            </p>
            <textarea id="case-paste" rows="4" spellcheck="false" autocomplete="off" autocapitalize="off"
                aria-describedby="case-paste-hint" placeholder="Paste here (Ctrl+V), or drop files"
                value={(*typed).clone()} {onpaste} {oninput} />
            <div class="front-actions">
                if !typed.trim().is_empty() {
                    <button type="button" id="case-add" onclick={add_typed}>{ "Add as a source" }</button>
                }
                <span class="file-open">
                    <input type="file" id="case-files" class="visually-hidden" multiple=true {onchange}
                        accept=".txt,.log,.json,.har,.html,.htm,.csv,.md,text/*,application/json" />
                    <label for="case-files" class="button">{ "Open files…" }</label>
                </span>
                <button type="button" class="quiet" id="case-sample" onclick={sample}>{ "Try a sample case" }</button>
            </div>
            if !problems.is_empty() {
                <div class="notice error" role="alert">
                    { for problems.iter().map(|p| html! { <p>{ p }</p> }) }
                </div>
            }
        </div>
    }
}

/// Reads one file into a source named after it, or says why not.
fn read_one(file: File, dispatch: Callback<Action>, problems: UseStateHandle<Vec<String>>) {
    let size = file.size() as u64;
    let name = file.name();
    if size > MAX_FILE_BYTES {
        let mut p = (*problems).clone();
        p.push(format!(
            "{name} is {} bytes; GuestLens opens files up to {} bytes here. Nothing was read.",
            grouped(size as usize),
            grouped(MAX_FILE_BYTES as usize)
        ));
        problems.set(p);
        return;
    }
    wasm_bindgen_futures::spawn_local(async move {
        match browser::read_file(file).await {
            Some(text) => dispatch.emit(Action::Add {
                name: Some(name),
                text: Rc::from(text),
                sample: false,
            }),
            None => {
                let mut p = (*problems).clone();
                p.push(format!(
                    "{name} could not be read as text. Nothing was added."
                ));
                problems.set(p);
            }
        }
    });
}
