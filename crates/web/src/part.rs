//! The split between the first load and the analysis part, loaded the first time the page has something to read.
//!
//! The release build moves every function that only `gated` reaches into a second module
//! (scripts/wasm_parts.py), fetched as a script of the page's own the first time the visitor
//! pastes, types, opens a file or a view that needs it. Code in the part runs only below a
//! function of `gated`, and each of those takes a `Ready`, which only `ready()` gives once the
//! part has arrived: no call can land on a function that is not there yet. The build refuses a
//! module where a function of `gated` is missing (inlined into its caller), or where code other
//! than the page's calls one (an optimiser's merge; scripts/wasm_parts.py).
use std::cell::{Cell, RefCell};

use yew::prelude::*;

use crate::browser;
use crate::widgets::fixed;

/// Proof that the analysis part has arrived.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Ready(());

/// Where the part is.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum State {
    Waiting,
    Loading,
    Ready,
    /// The part could not be loaded: the page says why and what still works.
    Failed,
}

thread_local! {
    /// A build that was not split (debug: the component tests) has nothing to wait for.
    static STATE: Cell<State> = Cell::new(if browser::part_loader().is_some() || !cfg!(debug_assertions) {
        State::Waiting
    } else {
        State::Ready
    });
    /// Called on every change of state (the App renders again).
    static ON_CHANGE: RefCell<Option<Callback<()>>> = const { RefCell::new(None) };
    /// Why the part could not be loaded, as the browser said it.
    static WHY: RefCell<String> = const { RefCell::new(String::new()) };
}

pub fn state() -> State {
    STATE.with(Cell::get)
}

pub fn ready() -> Option<Ready> {
    (state() == State::Ready).then_some(Ready(()))
}

/// The App's callback for a change of the part's state.
pub fn on_change(f: impl Fn() + 'static) {
    ON_CHANGE.with(|c| *c.borrow_mut() = Some(Callback::from(move |()| f())));
}

/// `ready()`, and if the part is not there yet, starts loading it (once).
pub fn need() -> Option<Ready> {
    if state() == State::Waiting {
        request();
    }
    ready()
}

/// The visitor's use of the page (`kind`: the event's type) asks for the part; after a failure,
/// only a click, paste or drop asks again, not each key or focus.
pub fn on_use(kind: &str) {
    if state() == State::Failed && !matches!(kind, "pointerdown" | "paste" | "dragenter") {
        return;
    }
    request();
}

/// Starts loading the part, once; after a failure, again (the listeners of the visitor's next
/// action call this, renders only `need`, so a part that cannot come is not asked for in a loop).
pub fn request() {
    if matches!(state(), State::Loading | State::Ready) {
        return;
    }
    set(State::Loading);
    wasm_bindgen_futures::spawn_local(async {
        let now = match browser::load_part().await {
            Ok(()) => State::Ready,
            Err(why) => {
                WHY.with(|w| *w.borrow_mut() = why);
                State::Failed
            }
        };
        set(now);
    });
}

/// The new state, told to the App (every change: a retry goes from Failed to Loading and back).
fn set(now: State) {
    STATE.with(|s| s.set(now));
    // Cloned out first: the App's callback may render, and a render may read the state again.
    let told = ON_CHANGE.with(|c| c.borrow().clone());
    if let Some(f) = told {
        f.emit(());
    }
}

/// Waits for the part (loading it if needed); `None` if it could not be loaded.
pub async fn wait() -> Option<Ready> {
    wait_unless(|| false).await
}

/// `wait`, given up (`None`) as soon as `stop()` says so, between two ticks.
pub async fn wait_unless(stop: impl Fn() -> bool) -> Option<Ready> {
    request();
    while state() == State::Loading {
        if stop() {
            return None;
        }
        browser::next_tick().await;
    }
    ready()
}

/// What a view shows while it waits for the part, or when it could not be loaded.
pub fn waiting() -> Html {
    if state() == State::Failed {
        let why = WHY.with(|w| w.borrow().clone());
        html! {
            <p class="notice error" role="alert">
                { "The rest of GuestLens (its analysis, a file of this site's own) could not be loaded, so what you gave is kept but not read yet. GuestLens asks for it again at your next click or paste; reloading the page would drop what you gave. Without a network, use the offline edition (the link at the foot of the page). Nothing you gave has left the page." }
                <span class="why">{ " The browser said: " }{ why }</span>
            </p>
        }
    } else {
        // Constant markup written here, never input (see `widgets::fixed`).
        fixed(r#"<p class="notice" role="status">Loading the analysis…</p>"#)
    }
}

/// The part's entry points. Each is kept whole by the build (no inlining into its caller), so
/// what it alone reaches can move to the part.
pub mod gated {
    use guestlens_analysis::case::{Choices, SourceInput};
    use guestlens_analysis::commands::form::Form;
    use guestlens_analysis::commands::{InputProblem, Recipe, RecipeId};
    use guestlens_analysis::errors::{ErrorReport, Failure};
    use guestlens_analysis::policy::PolicyReport;
    use guestlens_analysis::token::compare::Comparison;
    use guestlens_analysis::token::signature::Plan;
    use guestlens_analysis::token::{Found, Search, TokenReport};
    use guestlens_analysis::{Reader, Reading, Report, trace};
    use yew::Html;

    use super::Ready;
    use crate::lesson_view::{LessonState, lesson_body};
    use crate::widgets::recipe_card::{Dialect, recipe_card};

    #[inline(never)]
    pub fn analyze_read(
        _: Ready,
        inputs: &[SourceInput],
        kept: &[Option<&Reading>],
        choices: &Choices,
        now: i64,
    ) -> Report {
        guestlens_analysis::analyze_read(inputs, kept, choices, now)
    }

    #[inline(never)]
    pub fn read_text(_: Ready, text: &str) -> Option<Reading> {
        guestlens_analysis::read_text(text)
    }

    #[inline(never)]
    pub fn reader(_: Ready, text: &str) -> Option<Reader> {
        Reader::new(text)
    }

    #[inline(never)]
    pub fn reader_step(_: Ready, reader: &mut Reader, text: &str) -> Option<Reading> {
        reader.step(text)
    }

    #[inline(never)]
    pub fn token_found(_: Ready, search: &Search, now: i64) -> Found {
        guestlens_analysis::token::found(search, now)
    }

    #[inline(never)]
    pub fn find_token(_: Ready, text: &str, now: i64) -> Found {
        guestlens_analysis::token::find_and_analyze(text, now)
    }

    #[inline(never)]
    pub fn errors(_: Ready, failures: &[Failure]) -> ErrorReport {
        ErrorReport {
            failures: failures.to_vec(),
            summary: guestlens_analysis::errors::summary(failures),
        }
    }

    #[inline(never)]
    pub fn analyze_errors(_: Ready, text: &str) -> ErrorReport {
        guestlens_analysis::errors::analyze(text)
    }

    #[inline(never)]
    pub fn analyze_policy(_: Ready, text: &str) -> PolicyReport {
        guestlens_analysis::policy::analyze(text)
    }

    #[inline(never)]
    pub fn compare(_: Ready, a: &TokenReport, b: &TokenReport) -> Comparison {
        guestlens_analysis::token::compare::compare(a, b)
    }

    #[inline(never)]
    pub fn recipes(_: Ready, form: &Form) -> (Vec<Recipe>, String, Vec<InputProblem>) {
        let recipes = form.recipes();
        let script = guestlens_analysis::commands::combined_script(&recipes);
        (recipes, script, form.problems())
    }

    #[inline(never)]
    pub fn recipe_cards(
        _: Ready,
        recipes: &[Recipe],
        suggested: &[RecipeId],
        dialect: Dialect,
    ) -> Html {
        recipes
            .iter()
            .map(|r| recipe_card(r, suggested.contains(&r.id), dialect))
            .collect()
    }

    #[inline(never)]
    pub fn lesson(
        _: Ready,
        state: &LessonState,
        step: usize,
        on_step: &yew::Callback<usize>,
    ) -> Html {
        lesson_body(state, step, on_step)
    }

    #[inline(never)]
    pub fn signature_plan(_: Ready, report: &TokenReport, keys: &str) -> Result<Plan, String> {
        guestlens_analysis::token::signature::plan(report, keys)
    }

    #[inline(never)]
    pub fn trace_reader(_: Ready) -> trace::Reader {
        trace::Reader::new()
    }

    #[inline(never)]
    pub fn trace_feed(
        _: Ready,
        reader: &mut trace::Reader,
        bytes: &[u8],
    ) -> Result<usize, trace::TraceError> {
        reader.feed(bytes)
    }

    #[inline(never)]
    pub fn trace_finish(
        _: Ready,
        reader: trace::Reader,
    ) -> Result<trace::Trace, trace::TraceError> {
        reader.finish()
    }

    #[inline(never)]
    pub fn sanitizer(_: Ready, options: trace::Options) -> trace::Sanitizer {
        trace::Sanitizer::new(options)
    }

    #[inline(never)]
    pub fn sanitize_feed(
        _: Ready,
        sanitizer: &mut trace::Sanitizer,
        bytes: &[u8],
    ) -> Result<Vec<u8>, trace::TraceError> {
        sanitizer.feed(bytes)
    }

    /// The sanitized copy's tail and what was removed.
    #[inline(never)]
    pub fn sanitize_finish(
        _: Ready,
        sanitizer: trace::Sanitizer,
    ) -> Result<(Vec<u8>, Vec<trace::Removal>), trace::TraceError> {
        sanitizer.finish()
    }

    #[inline(never)]
    pub fn handoff(_: Ready, report: &Report, include_personal: bool) -> String {
        guestlens_analysis::handoff::markdown(
            report,
            guestlens_analysis::handoff::Options { include_personal },
        )
    }
}
