//! The front door: one place to paste or drop anything about a case; each paste or file becomes a source.
use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::rc::Rc;

use guestlens_analysis::workspace::Action;
use web_sys::{DragEvent, File, FileList, HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

use super::file_drop::{MAX_FILE_BYTES, too_big};
use super::fixed;
use super::gauge::grouped;
use super::har_open::{self, MAX_HAR_BYTES, OpenedTrace, Outcome, Progress, har_progress};
use crate::{browser, part, readings};

/// Largest paste taken: a paste is analysed in one go, so a bigger text belongs in a file (a
/// HAR file is read piece by piece, up to `MAX_HAR_BYTES`).
pub const MAX_PASTE_BYTES: usize = 16 * 1024 * 1024;

#[derive(Properties, PartialEq)]
pub struct FrontDoorProps {
    pub dispatch: Callback<Action>,
    /// Adds the built-in sample case (labelled as samples).
    pub on_sample: Callback<()>,
    /// A HAR file read piece by piece joins the case through this (the page keeps the file
    /// for the sanitized copy).
    pub on_trace: Callback<OpenedTrace>,
}

/// What the read loop needs of the front door.
#[derive(Clone)]
struct Files {
    dispatch: Callback<Action>,
    on_trace: Callback<OpenedTrace>,
    problems: UseStateHandle<Vec<String>>,
    note: UseStateHandle<Option<String>>,
    reading: UseStateHandle<Option<(AttrValue, Progress)>>,
    /// The running read's cancel flag; each selection gets a new one.
    cancel: Rc<RefCell<Rc<Cell<bool>>>>,
    /// A selection is being read: another one waits for it to end.
    busy: Rc<RefCell<bool>>,
}

#[component]
pub fn FrontDoor(props: &FrontDoorProps) -> Html {
    let typed = use_state(String::new);
    let part_state = use_context::<part::State>();
    let dragging = use_state_eq(|| false);
    let problems = use_state(Vec::<String>::new);
    let note = use_state(|| None::<String>);
    let reading = use_state(|| None::<(AttrValue, Progress)>);
    let cancel = use_mut_ref(|| Rc::new(Cell::new(false)));
    let busy = use_mut_ref(|| false);
    {
        // A read still going when the front door goes away stops.
        let cancel = cancel.clone();
        use_effect_with((), move |_| move || cancel.borrow().set(true));
    }
    let files = Files {
        dispatch: props.dispatch.clone(),
        on_trace: props.on_trace.clone(),
        problems: problems.clone(),
        note: note.clone(),
        reading: reading.clone(),
        cancel: cancel.clone(),
        busy,
    };

    // A paste never reaches the box: the browser would lay out megabytes of text first.
    // A big paste is several short tasks, not one long one: the paste event only takes the
    // text from the browser; the copy into the module, the reading of the text and the case's
    // join and render each come a task later. "Reading the paste…" shows meanwhile.
    let pasting = use_state_eq(|| false);
    // Pastes waiting to be read, in order, and whether a reader is running: they join the case
    // in the order they were pasted.
    let pastes = use_mut_ref(|| (VecDeque::<browser::Pasted>::new(), false));
    let reader = Reader {
        dispatch: props.dispatch.clone(),
        problems: problems.clone(),
        pasting: pasting.clone(),
        pastes,
    };
    let onpaste = {
        let reader = reader.clone();
        Callback::from(move |e: Event| {
            if let Some(pasted) = browser::pasted(&e) {
                e.prevent_default();
                queue(pasted, &reader);
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
        let (typed, dispatch, problems) = (typed.clone(), props.dispatch.clone(), problems.clone());
        Callback::from(move |_: MouseEvent| {
            if typed.len() > MAX_PASTE_BYTES {
                problems.set(vec![too_big_paste(typed.len())]);
                return;
            }
            dispatch.emit(Action::Add {
                name: None,
                text: Rc::from(typed.as_str()),
                sample: false,
            });
            typed.set(String::new());
        })
    };
    // A callback, not a closure: its read loop is written once, not at each of its three callers.
    let read_files = {
        let files = files.clone();
        Callback::from(move |found: Vec<File>| {
            if *files.busy.borrow() {
                files.problems.set(vec![
                    "A file is still being read: wait for it, or cancel it, then open the next."
                        .to_owned(),
                ]);
                return;
            }
            files.problems.set(Vec::new());
            files.note.set(None);
            *files.busy.borrow_mut() = true;
            let flag = Rc::new(Cell::new(false));
            *files.cancel.borrow_mut() = Rc::clone(&flag);
            let files = files.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let mut said = Vec::new();
                for file in found {
                    if flag.get() {
                        break;
                    }
                    open_one(file, &files, &flag, &mut said).await;
                }
                files.reading.set(None);
                *files.busy.borrow_mut() = false;
                files.problems.set(said);
            });
        })
    };
    let onchange = {
        let read_files = read_files.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            if let Some(files) = input.files() {
                read_files.emit(listed(&files));
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
        let (dragging, read_files) = (dragging.clone(), read_files.clone());
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            dragging.set(false);
            if let Some(files) = e.data_transfer().and_then(|d| d.files()) {
                read_files.emit(listed(&files));
            }
        })
    };
    let on_cancel = {
        let cancel = cancel.clone();
        Callback::from(move |_: MouseEvent| cancel.borrow().set(true))
    };
    let sample = props.on_sample.reform(|_: MouseEvent| ());
    {
        // What was given to the static front door before the app started joins the case now.
        let (typed, reader) = (typed.clone(), reader.clone());
        let (on_sample, read_files) = (props.on_sample.clone(), read_files.clone());
        use_effect_with((), move |_| {
            if let Some(early) = browser::take_early() {
                if !early.typed.is_empty() {
                    typed.set(early.typed);
                }
                for pasted in early.pastes {
                    queue(pasted, &reader);
                }
                if !early.files.is_empty() {
                    read_files.emit(early.files);
                }
                if early.sample {
                    on_sample.emit(());
                }
                if early.focused {
                    browser::focus("case-paste");
                }
            }
        });
    }

    html! {
        <div CLASS={if *dragging { "front-door dragging" } else { "front-door" }} {ondragover} {ondragleave} {ondrop}>
            // Constant markup written here, never input (see `widgets::fixed`).
            { fixed(concat!(
                r#"<label for="case-paste" class="front-label">Paste anything about the case</label>"#,
                r#"<p class="hint" id="case-paste-hint">An error page or its text, a redirect URL, a token-endpoint response, a log, a token, a cross-tenant access policy, a sign-in log export, a browser trace (HAR). Each paste or file becomes a source below; add as many as you have. Nothing leaves this page.</p>"#,
            )) }
            <textarea id="case-paste" rows="4" spellcheck="false" autocomplete="off" autocapitalize="off"
                aria-describedby="case-paste-hint case-caps" placeholder="Paste here (Ctrl+V), or drop files"
                value={(*typed).clone()} {onpaste} {oninput} />
            <div class="front-actions">
                if !typed.trim().is_empty() {
                    <button type="button" id="case-add" onclick={add_typed}>{ "Add as a source" }</button>
                }
                <span class="file-open">
                    <input type="file" id="case-files" class="visually-hidden" multiple=true {onchange}
                        accept=".txt,.log,.json,.har,.html,.htm,.csv,.md,text/*,application/json" />
                    // Constant markup written here, never input (see `widgets::fixed`).
                    { fixed(r##"<label for="case-files" class="button">Open files…</label>"##) }
                </span>
                <button type="button" class="quiet" id="case-sample" onclick={sample}>{ "Try a sample case" }</button>
            </div>
            <p class="hint" id="case-caps">{ caps() }</p>
            if *pasting {
                // Constant markup written here, never input (see `widgets::fixed`).
                { fixed(r##"<p class="notice" role="status" id="case-pasting">Reading the paste…</p>"##) }
            }
            if let Some((name, progress)) = &*reading {
                { har_progress(name, *progress, on_cancel) }
            }
            if let Some(n) = &*note {
                <p class="notice" role="status">{ n }</p>
            }
            if !problems.is_empty() {
                <div class="notice error" role="alert">
                    { for problems.iter().map(|p| html! { <p>{ p }</p> }) }
                </div>
            }
            // The analysis part on its way or refused, said where the visitor is looking.
            if matches!(part_state, Some(part::State::Loading | part::State::Failed)) {
                { part::waiting() }
            }
        </div>
    }
}

/// What the paste reader needs of the front door.
#[derive(Clone)]
struct Reader {
    dispatch: Callback<Action>,
    problems: UseStateHandle<Vec<String>>,
    pasting: UseStateHandle<bool>,
    /// The pastes waiting, in order, and whether a reader runs.
    pastes: Rc<RefCell<(VecDeque<browser::Pasted>, bool)>>,
}

/// Queues a paste to be read, and starts the reader if none runs.
fn queue(pasted: browser::Pasted, reader: &Reader) {
    reader.problems.set(Vec::new());
    reader.pasting.set(true);
    let start = {
        let mut p = reader.pastes.borrow_mut();
        p.0.push_back(pasted);
        !std::mem::replace(&mut p.1, true)
    };
    if start {
        wasm_bindgen_futures::spawn_local(read_pastes(reader.clone()));
    }
}

/// Reads the waiting pastes one after another, each in short tasks: the copy into the module,
/// then the reading of the text, then (in the task that joins it to the case) the render.
async fn read_pastes(reader: Reader) {
    let Reader {
        dispatch,
        problems,
        pasting,
        pastes,
    } = reader;
    loop {
        let next = pastes.borrow_mut().0.pop_front();
        let Some(pasted) = next else { break };
        let text = match pasted.text(MAX_PASTE_BYTES).await {
            Some(Ok(text)) => Rc::<str>::from(text),
            Some(Err(bytes)) => {
                problems.set(vec![too_big_paste(bytes)]);
                continue;
            }
            None => {
                problems.set(vec![
                    "The paste could not be read. Nothing was added.".to_owned(),
                ]);
                continue;
            }
        };
        readings::read(&text).await;
        // The notice goes in the render that shows the new source, never before it.
        if pastes.borrow().0.is_empty() {
            pasting.set(false);
        }
        dispatch.emit(Action::Add {
            name: None,
            text,
            sample: false,
        });
    }
    pastes.borrow_mut().1 = false;
    pasting.set(false);
}

/// The files of a chosen or dropped list.
fn listed(list: &FileList) -> Vec<File> {
    (0..list.length()).filter_map(|i| list.get(i)).collect()
}

/// The size limits, as the page states them (index.html's static front door repeats them).
fn caps() -> String {
    format!(
        "Limits: a HAR trace file up to {} MiB (read in pieces, with progress; you can cancel); any other file up to {} MiB; a paste up to {} MiB.",
        MAX_HAR_BYTES >> 20,
        MAX_FILE_BYTES >> 20,
        MAX_PASTE_BYTES >> 20
    )
}

fn too_big_paste(len: usize) -> String {
    format!(
        "The paste is {} bytes; a paste can be up to {} bytes. Nothing was added. Save it as a file and open that: a HAR file can be up to {} MiB.",
        grouped(len),
        grouped(MAX_PASTE_BYTES),
        MAX_HAR_BYTES >> 20
    )
}

/// Reads one file into a source named after it, or says why not: a HAR piece by piece into a
/// trace, anything else whole as text.
async fn open_one(file: File, files: &Files, cancel: &Cell<bool>, said: &mut Vec<String>) {
    let size = browser::file_size(&file);
    let name = file.name();
    if har_open::is_har(&file).await {
        if size > MAX_HAR_BYTES {
            said.push(too_big(&name, size, "HAR files", MAX_HAR_BYTES));
            return;
        }
        let label = AttrValue::from(name.clone());
        files.reading.set(Some((
            label.clone(),
            Progress {
                done: 0,
                total: size,
                entries: 0,
            },
        )));
        let reading = files.reading.clone();
        let outcome = har_open::read(&file, cancel, move |p| {
            reading.set(Some((label.clone(), p)));
        })
        .await;
        files.reading.set(None);
        match outcome {
            Outcome::Read(trace) => {
                files.on_trace.emit(OpenedTrace {
                    name,
                    trace: Rc::new(trace),
                    bytes: size as usize,
                    file,
                });
                return;
            }
            Outcome::Cancelled => {
                files.note.set(Some(format!(
                    "Reading {name} was cancelled. Nothing was added; the case is as it was."
                )));
                return;
            }
            // JSON that is not a HAR after all, or a damaged HAR: read as text below when it is
            // small enough, so the failures in it still count and the case says what is wrong.
            Outcome::NotHar(_) | Outcome::Failed(_) if size <= MAX_FILE_BYTES => {}
            Outcome::NotHar(why) | Outcome::Failed(why) => {
                said.push(format!("{name}: {why} Nothing was added."));
                return;
            }
        }
    }
    if size > MAX_FILE_BYTES {
        said.push(too_big(
            &name,
            size,
            "files other than HAR traces",
            MAX_FILE_BYTES,
        ));
        return;
    }
    // Like a paste: copied into the module and read in short tasks, then joined to the case.
    // The size was checked above, so no cap applies to the copy.
    let text = match browser::file_text(file).await {
        Some(held) => held.text(usize::MAX).await.and_then(Result::ok),
        None => None,
    };
    let Some(text) = text else {
        said.push(format!(
            "{name} could not be read as text. Nothing was added."
        ));
        return;
    };
    let text = Rc::<str>::from(text);
    readings::read(&text).await;
    files.dispatch.emit(Action::Add {
        name: Some(name),
        text,
        sample: false,
    });
}
