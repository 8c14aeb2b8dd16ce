//! Opening a HAR file piece by piece: the chunked read into the trace reader, its progress bar and Cancel, and the caps.
use std::cell::Cell;
use std::rc::Rc;

use guestlens_analysis::case::trace::sniff_har;
use guestlens_analysis::trace::{Trace, TraceError};

use crate::part::gated as part;
use web_sys::File;
use yew::prelude::*;

use super::gauge::grouped;
use crate::browser;

/// Largest HAR opened: it is read piece by piece and never held whole.
pub const MAX_HAR_BYTES: u64 = 256 * 1024 * 1024;
/// Bytes read and parsed between two yields to the browser: a 256 KiB slice stays well under
/// the 100 ms that a click or a key may wait. (1 MiB slices came near it on a busy machine; with
/// each entry read into a whole JSON value, a 512 KiB slice near the sign-in took 70–94 ms.)
pub const CHUNK_BYTES: u64 = 1 << 18;
/// Bytes looked at to tell a HAR from other JSON when the name does not say.
const HEAD_BYTES: u64 = 256;

/// A HAR file read into a trace, ready to join the case.
#[derive(Clone)]
pub struct OpenedTrace {
    pub name: String,
    pub trace: Rc<Trace>,
    pub bytes: usize,
    /// The file itself: the sanitized copy reads it again, piece by piece.
    pub file: File,
}

/// Where a read is.
#[derive(Clone, Copy, PartialEq, Eq, Default)]
pub struct Progress {
    pub done: u64,
    pub total: u64,
    pub entries: usize,
}

/// How a read ended.
pub enum Outcome {
    Read(Trace),
    Cancelled,
    /// Not a HAR after all (the caller may read it as text).
    NotHar(String),
    Failed(String),
}

/// Whether `file` is a HAR: by its name, else by its first bytes.
pub async fn is_har(file: &File) -> bool {
    if file.name().to_ascii_lowercase().ends_with(".har") {
        return true;
    }
    let end = HEAD_BYTES.min(browser::file_size(file));
    browser::read_slice(file, 0, end)
        .await
        .is_some_and(|head| sniff_har(&head))
}

/// Reads `file` chunk by chunk into the trace reader, reporting progress after every chunk and
/// yielding to the browser so input, painting and Cancel get their turn. Memory holds one
/// chunk and the reader's small state, never the file's text.
pub async fn read(file: &File, cancel: &Cell<bool>, progress: impl Fn(Progress)) -> Outcome {
    // The trace reader is in the analysis part; Cancel works while it comes.
    let Some(ready) = crate::part::wait_unless(|| cancel.get()).await else {
        return if cancel.get() {
            Outcome::Cancelled
        } else {
            Outcome::Failed("the rest of GuestLens (its analysis) could not be loaded".to_owned())
        };
    };
    let total = browser::file_size(file);
    let mut reader = part::trace_reader(ready);
    let mut at = 0u64;
    let mut entries = 0usize;
    while at < total {
        if cancel.get() {
            return Outcome::Cancelled;
        }
        let end = total.min(at + CHUNK_BYTES);
        let Some(bytes) = browser::read_slice(file, at, end).await else {
            return Outcome::Failed(
                "the browser could not read it (was it moved or changed?)".to_owned(),
            );
        };
        if cancel.get() {
            return Outcome::Cancelled;
        }
        match part::trace_feed(ready, &mut reader, &bytes) {
            Ok(n) => entries += n,
            Err(e @ TraceError::NotHar { .. }) => return Outcome::NotHar(e.to_string()),
            Err(e) => return Outcome::Failed(e.to_string()),
        }
        at = end;
        progress(Progress {
            done: at,
            total,
            entries,
        });
        browser::next_tick().await;
    }
    if cancel.get() {
        return Outcome::Cancelled;
    }
    match part::trace_finish(ready, reader) {
        Ok(t) => Outcome::Read(t),
        Err(e @ TraceError::NotHar { .. }) => Outcome::NotHar(e.to_string()),
        Err(e) => Outcome::Failed(e.to_string()),
    }
}

/// Whole percent of `done` in `total` (integers only: the page does no float formatting).
pub fn percent(done: u64, total: u64) -> u64 {
    done.saturating_mul(100).checked_div(total).unwrap_or(100)
}

/// The bar shown while a HAR file is read: bytes of total, entries so far, and Cancel. A plain
/// function, not a component: no lifecycle code of its own.
pub fn har_progress(name: &str, p: Progress, on_cancel: Callback<MouseEvent>) -> Html {
    let pct = percent(p.done, p.total);
    html! {
        <div class="har-progress" role="status">
            <label for="har-progress">{ format!("Reading {name}") }</label>
            <progress id="har-progress" max="100" value={pct.to_string()} />
            <span class="har-progress-text">{ format!("{pct}%: {} of {} bytes, {} {} so far",
                grouped(p.done as usize), grouped(p.total as usize), grouped(p.entries),
                if p.entries == 1 { "request" } else { "requests" }) }</span>
            <button type="button" id="har-cancel" onclick={on_cancel}>{ "Cancel" }</button>
        </div>
    }
}
