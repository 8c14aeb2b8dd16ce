//! The shell: the case (the front door) and its detail views behind tabs with #anchors; one workspace feeds them all.
use std::rc::Rc;

use yew::prelude::*;

use super::{Shared, browser, part, readings};
use super::{
    case_view::CaseView,
    commands_tab::CommandsTab,
    compare_sources::CompareSources,
    error_tab::ErrorTab,
    lesson_view::{lesson_view, use_lesson},
    policy_tab::PolicyTab,
    token_tab::TokenTab,
    trace_view::TraceView,
};
use crate::widgets::file_drop::MAX_FILE_BYTES;
use crate::widgets::fixed;
use crate::widgets::har_open::OpenedTrace;
use crate::widgets::paste_box::HELD_BYTES;
use crate::widgets::source_list::SourceItem;
use guestlens_analysis::case::{CaseFile, FactField, SourceInput, SourceKind};
use guestlens_analysis::commands::Inputs;
use guestlens_analysis::errors::ErrorReport;
use guestlens_analysis::findings::Origin;
use guestlens_analysis::token::samples;
use guestlens_analysis::trace::Trace;
use guestlens_analysis::workspace::{Action, Workspace};
use guestlens_analysis::{Reading, Report, lesson, token};

/// The views, in tab order: the case first, then the detail of each tool, then the lesson.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    Case,
    Token,
    Error,
    Policy,
    Commands,
    Learn,
}

impl Tab {
    pub const ALL: [Tab; 6] = [
        Tab::Case,
        Tab::Token,
        Tab::Error,
        Tab::Policy,
        Tab::Commands,
        Tab::Learn,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Tab::Case => "case",
            Tab::Token => "token",
            Tab::Error => "error",
            Tab::Policy => "policy",
            Tab::Commands => "commands",
            Tab::Learn => "lesson",
        }
    }

    fn label(self) -> &'static str {
        match self {
            Tab::Case => "Case",
            Tab::Token => "Token",
            Tab::Error => "Error",
            Tab::Policy => "Policy",
            Tab::Commands => "Commands",
            Tab::Learn => "Learn",
        }
    }

    /// The view a hash names; `#lesson-3` is the lesson's third step; anything else the case.
    fn from_hash(hash: &str) -> Tab {
        if lesson::from_hash(hash).is_some() {
            return Tab::Learn;
        }
        Tab::ALL
            .into_iter()
            .find(|t| t.id() == hash)
            .unwrap_or(Tab::Case)
    }

    fn step(self, by: isize) -> Tab {
        let n = Tab::ALL.len() as isize;
        let i = Tab::ALL.iter().position(|t| *t == self).unwrap_or(0) as isize;
        Tab::ALL
            .get((i + by).rem_euclid(n) as usize)
            .copied()
            .unwrap_or(Tab::Case)
    }
}

/// The file a HAR source was read from, found by its trace.
fn file_of(files: &[(Rc<Trace>, web_sys::File)], trace: &Rc<Trace>) -> Option<web_sys::File> {
    files
        .iter()
        .find(|(k, _)| Rc::ptr_eq(k, trace))
        .map(|(_, f)| f.clone())
}

/// The workspace in a Yew reducer; every transition is `Workspace::apply`, tested natively.
#[derive(Default, PartialEq)]
struct CaseState(Workspace);

impl Reducible for CaseState {
    type Action = Action;
    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        Rc::new(CaseState(self.0.apply(action)))
    }
}

/// Names of the tool boxes when they join the case as sources.
const TOKEN_BOX: &str = "Token view";
const ERROR_BOX: &str = "Error view";
const POLICY_BOX: &str = "Policy view";

#[component]
pub fn App() -> Html {
    let tab = use_state(|| Tab::from_hash(&browser::hash()));
    let step = use_state(|| lesson::from_hash(&browser::hash()).unwrap_or(0));
    // Whether the history entry shown was made by moving along the tab row with keys.
    let by_keys = use_mut_ref(|| false);
    let case = use_reducer(CaseState::default);
    // The tool boxes' texts, each held once; a big one is read (in tasks) before it is set, and
    // its reading is kept by allocation, as a pasted source's is.
    let token_text = use_state(|| Rc::<str>::from(""));
    let error_text = use_state(|| Rc::<str>::from(""));
    let policy_text = use_state(|| Rc::<str>::from(""));
    // Files of the HAR sources read piece by piece, by their trace: the sanitized copy reads
    // the file again instead of keeping its text.
    let har_files = use_mut_ref(Vec::<(Rc<Trace>, web_sys::File)>::new);
    // The analysis part (crates/web/src/part.rs) arrives on first use. Its state is read where
    // it is kept, on every render; a change renders the App again. It is shared with the views
    // that wait for it, and every memo below that reads with it is keyed on it.
    let rerender = use_force_update();
    {
        let tab = tab.clone();
        use_effect_with((), move |_| {
            part::on_change(move || rerender.force_update());
            // What the static front door kept, or a view other than the case, needs it now.
            if browser::early_kept() || *tab != Tab::Case {
                part::request();
            }
            let listeners = browser::on_first_use(part::on_use);
            move || drop(listeners)
        });
    }

    {
        let (tab, step, by_keys) = (tab.clone(), step.clone(), by_keys.clone());
        use_effect_with((), move |_| {
            browser::mark_first_render();
            let listener = browser::on_hash_change(move || {
                *by_keys.borrow_mut() = false;
                let hash = browser::hash();
                if let Some(s) = lesson::from_hash(&hash) {
                    step.set(s);
                }
                let to = Tab::from_hash(&hash);
                tab.set(to);
                // A link to a place inside a view (a trace step) opens its view first: the
                // browser's own jump happened while the view was hidden, so scroll once shown.
                // A link to a view from the foot of another opens it at its top.
                if lesson::from_hash(&hash).is_none() {
                    wasm_bindgen_futures::spawn_local(async move {
                        browser::next_tick().await;
                        if to.id() == hash {
                            browser::reveal_top("panel");
                        } else {
                            browser::scroll_to(&hash);
                        }
                    });
                }
            });
            move || drop(listener)
        });
    }

    // On a phone the tab row scrolls: keep the chosen tab in sight, opened by a link or a key.
    use_effect_with(*tab, |t| browser::reveal_in_row(&format!("tab-{}", t.id())));

    // A paste into the Error box that also holds a token feeds the Token tool, and the reverse.
    // Each analysis is keyed on the one text it reads, so typing in one box never re-runs the
    // other box's analysis; the cross-feed below only chooses between results.
    let ps = part::state();
    let token_of_token = use_memo((Shared(Rc::clone(&token_text)), ps), |(t, _)| {
        token_of(&t.0)
    });
    let token_of_error = use_memo((Shared(Rc::clone(&error_text)), ps), |(e, _)| {
        token_of(&e.0)
    });
    let errors_of_error = use_memo((Shared(Rc::clone(&error_text)), ps), |(e, _)| {
        errors_of(&e.0)
    });
    let errors_of_token = use_memo((Shared(Rc::clone(&token_text)), ps), |(t, _)| {
        errors_of(&t.0)
    });

    // The case: every source of the workspace, then each tool box that holds text.
    let report = use_memo(
        (
            case.0.clone(),
            Shared(Rc::clone(&token_text)),
            Shared(Rc::clone(&error_text)),
            Shared(Rc::clone(&policy_text)),
            ps,
        ),
        |(w, token_text, error_text, policy_text, _)| {
            let empty = w.sources.is_empty()
                && [token_text, error_text, policy_text]
                    .iter()
                    .all(|t| t.trim().is_empty());
            // Nothing to read needs no part; something to read waits for it.
            let ready = if empty { part::ready() } else { part::need() };
            let Some(ready) = ready else {
                return Report::default();
            };
            let mut inputs: Vec<SourceInput> = w.inputs();
            // Each text is read once (a paste before it joins the case): a change to the case
            // only joins the readings again.
            let mut read: Vec<Option<Rc<Reading>>> = w
                .sources
                .iter()
                .map(|s| s.trace.is_none().then(|| readings::of(&s.text)).flatten())
                .collect();
            let boxes = [
                (TOKEN_BOX, &token_text.0),
                (ERROR_BOX, &error_text.0),
                (POLICY_BOX, &policy_text.0),
            ];
            for (name, text) in boxes {
                if !text.trim().is_empty() {
                    inputs.push(SourceInput {
                        name,
                        text,
                        sample: samples::holds_sample(text),
                        trace: None,
                    });
                    read.push(readings::of(text));
                }
            }
            let kept: Vec<Option<&Reading>> = read.iter().map(Option::as_deref).collect();
            part::gated::analyze_read(ready, &inputs, &kept, &w.choices, browser::now())
        },
    );

    // A tool view shows its own box; with an empty box, what the case found elsewhere.
    let case_token = use_memo(Shared(report.clone()), |r| token::Found {
        report: r.token.clone(),
        note: r.token_note.clone(),
    });
    let case_policy = use_memo(Shared(report.clone()), |r| r.policy.clone());
    let case_errors = use_memo(Shared(report.clone()), |r| ErrorReport {
        failures: r.errors.clone(),
        summary: r.error_summary.clone(),
    });
    // Own box first, then the other tool box, then the rest of the case.
    let token_found = if token_of_token.report.is_some() {
        token_of_token
    } else if token_of_error.report.is_some() {
        token_of_error
    } else {
        case_token
    };
    // Which of the case's failures are another person's or sign-in's, by their place in it.
    let set_aside = use_memo(Shared(report.clone()), |r| {
        Rc::<[usize]>::from(r.set_aside_indices())
    });
    let none_aside: Rc<[usize]> = Rc::from([]);
    let (error_report, error_origin, error_aside) = if !errors_of_error.failures.is_empty() {
        (errors_of_error, Origin::OwnBox, none_aside)
    } else if !errors_of_token.failures.is_empty() {
        (errors_of_token, Origin::OtherBox, none_aside)
    } else if !case_errors.failures.is_empty() {
        (case_errors, Origin::OtherBox, Rc::clone(&*set_aside))
    } else {
        (errors_of_error, Origin::OwnBox, none_aside)
    };

    // The workspace's sources first, in order (report ids are positions), then the tool boxes
    // the report reads as sources. Until the analysis part has read them, the workspace's are
    // listed as given, without kinds.
    let read = !report.sources.is_empty();
    let items: Vec<SourceItem> = case
        .0
        .sources
        .iter()
        .enumerate()
        .map(|(i, w)| {
            let s = report.sources.get(i);
            SourceItem {
                id: Some(w.id),
                name: w.name.clone(),
                kinds: s.map(|s| s.kinds.clone()).unwrap_or_default(),
                sample: w.sample,
                set_aside: s.is_some_and(|s| report.case.samples_set_aside.contains(&s.id)),
                bytes: w
                    .bytes
                    .max(box_len(&w.name, &token_text, &error_text, &policy_text)),
                read,
            }
        })
        .chain(
            report
                .sources
                .iter()
                .skip(case.0.sources.len())
                .map(|s| SourceItem {
                    id: None,
                    name: s.name.clone(),
                    kinds: s.kinds.clone(),
                    sample: s.sample,
                    set_aside: report.case.samples_set_aside.contains(&s.id),
                    bytes: box_len(&s.name, &token_text, &error_text, &policy_text),
                    read,
                }),
        )
        .collect();
    let picked: Vec<FactField> = case.0.choices.picked.iter().map(|(f, _)| *f).collect();

    let dispatch = {
        let case = case.clone();
        Callback::from(move |a: Action| case.dispatch(a))
    };
    let on_sample = {
        let case = case.clone();
        Callback::from(move |_: ()| {
            for (name, text) in samples::case(browser::now()) {
                case.dispatch(Action::Add {
                    name: Some(name.to_owned()),
                    text: Rc::from(text),
                    sample: true,
                });
            }
        })
    };
    let on_trace = {
        let (case, har_files) = (case.clone(), har_files.clone());
        Callback::from(move |o: OpenedTrace| {
            let mut kept = har_files.borrow_mut();
            // Files of sources removed since are let go.
            kept.retain(|(t, _)| Rc::strong_count(t) > 1);
            kept.push((Rc::clone(&o.trace), o.file));
            case.dispatch(Action::AddTrace {
                name: o.name,
                trace: o.trace,
                bytes: o.bytes,
            });
        })
    };
    // What is typed into the Commands view, for a saved case (the view's own state holds it).
    let typed = use_mut_ref(Inputs::default);
    let on_typed = {
        let typed = typed.clone();
        use_callback((), move |t: Inputs, _| *typed.borrow_mut() = t)
    };
    let on_save = {
        let (case, har_files, typed) = (case.clone(), har_files.clone(), typed.clone());
        Callback::from(move |_: ()| {
            // A HAR opened as a file has no text in the workspace: up to the file cap its text is
            // read again for the case file, so the saved case opens to the same analysis.
            let work = case.0.clone();
            let typed = typed.borrow().clone();
            let files: Vec<(Rc<Trace>, web_sys::File)> = har_files.borrow().clone();
            wasm_bindgen_futures::spawn_local(async move {
                let mut owned: Vec<(String, String, bool)> = Vec::new();
                for s in &work.sources {
                    let text = match &s.trace {
                        None => s.text.to_string(),
                        Some(t) => match file_of(&files, t) {
                            Some(f) if browser::file_size(&f) <= MAX_FILE_BYTES => {
                                match browser::read_file(f).await {
                                    Some(text) => text,
                                    None => continue,
                                }
                            }
                            _ => continue,
                        },
                    };
                    owned.push((s.name.clone(), text, s.sample));
                }
                let inputs: Vec<SourceInput> = owned
                    .iter()
                    .map(|(name, text, sample)| SourceInput {
                        name,
                        text,
                        sample: *sample,
                        trace: None,
                    })
                    .collect();
                let json = CaseFile::new(&inputs, &work.choices)
                    .with_typed(typed.to_saved())
                    .to_json();
                browser::download("guestlens-case.json", "application/json", &json);
            });
        })
    };
    // Another view gets its own history entry, so Back returns to the view before; choosing
    // the view shown adds none. Moving along the tab row with keys makes one entry for the whole
    // move, not one per key: the first key's entry is replaced by the next.
    let go = {
        let (tab, by_keys) = (tab.clone(), by_keys.clone());
        move |t: Tab, keys: bool| {
            if Tab::from_hash(&browser::hash()) != t {
                if keys && *by_keys.borrow() {
                    browser::set_hash(t.id());
                } else {
                    browser::push_hash(t.id());
                }
            }
            *by_keys.borrow_mut() = keys;
            tab.set(t);
        }
    };
    let select = {
        let go = go.clone();
        Callback::from(move |t: Tab| go(t, false))
    };
    let on_step = {
        let step = step.clone();
        Callback::from(move |s: usize| {
            if let Some(st) = lesson::STEPS.get(s) {
                browser::set_hash(st.id);
            }
            step.set(s);
        })
    };
    let onkeydown = {
        let tab = tab.clone();
        Callback::from(move |e: KeyboardEvent| {
            // The tab the key was pressed on, not the state this callback was made with: a
            // second key can arrive before the first one's render (a view is built when first shown).
            let on = e
                .target_dyn_into::<web_sys::Element>()
                .and_then(|el| {
                    Tab::ALL
                        .into_iter()
                        .find(|t| el.id() == format!("tab-{}", t.id()))
                })
                .unwrap_or(*tab);
            let next = match e.key().as_str() {
                "ArrowRight" => on.step(1),
                "ArrowLeft" => on.step(-1),
                "Home" => Tab::Case,
                "End" => Tab::Learn,
                _ => return,
            };
            e.prevent_default();
            go(next, true);
            browser::focus(&format!("tab-{}", next.id()));
        })
    };
    // A big box text (a paste held out of the textarea) is read in tasks before it is set, so
    // the render that shows it only joins kept readings.
    let set = |s: &UseStateHandle<Rc<str>>| {
        let s = s.clone();
        Callback::from(move |v: String| {
            let text = Rc::<str>::from(v);
            if text.len() <= HELD_BYTES {
                s.set(text);
                return;
            }
            let s = s.clone();
            wasm_bindgen_futures::spawn_local(async move {
                readings::read(&text).await;
                s.set(text);
            });
        })
    };

    // Every panel stays mounted (hidden when inactive) so each tool keeps what was typed in it.
    // A panel is built when first shown and then kept, with its state: a big paste in the Case
    // view no longer builds the Error, Token and Commands views nobody has opened yet.
    let shown = use_mut_ref(Vec::<Tab>::new);
    if !shown.borrow().contains(&*tab) {
        shown.borrow_mut().push(*tab);
    }
    let lesson_shown = shown.borrow().contains(&Tab::Learn);
    let lesson = use_lesson(*step, lesson_shown);
    let panel = |t: Tab, body: Html| {
        let built = shown.borrow().contains(&t);
        html! {
            <section class="panel" id={format!("panel-{}", t.id())} role="tabpanel"
                aria-labelledby={format!("tab-{}", t.id())} hidden={*tab != t}>
                if built { { body } }
            </section>
        }
    };
    // The fields in conflict, written straight into one text (no `Vec` and `join`).
    let mut conflicts = String::new();
    for c in &report.case.conflicts {
        if !conflicts.is_empty() {
            conflicts.push_str(", ");
        }
        conflicts.push_str(c.field.label());
    }
    // The trace view gets the first HAR source's text or file (for sanitizing) and name.
    let trace_src = report
        .trace
        .as_ref()
        .and_then(|t| report.sources.iter().position(|s| s.id == t.source))
        .and_then(|i| {
            let w = case.0.sources.get(i)?;
            let file = w
                .trace
                .as_ref()
                .and_then(|t| file_of(&har_files.borrow(), t));
            let text = w.trace.is_none().then(|| w.text.clone());
            Some((text, file, report.sources.get(i)?.name.clone()))
        });
    // The workspace's sources that hold a token, for "Compare two tokens".
    let mut token_sources: Vec<(AttrValue, Rc<str>)> = Vec::new();
    for (s, w) in report.sources.iter().zip(case.0.sources.iter()) {
        if s.kinds.contains(&SourceKind::Token) && !w.text.is_empty() {
            token_sources.push((AttrValue::from(s.name.clone()), Rc::clone(&w.text)));
        }
    }
    let token_sources: Rc<[(AttrValue, Rc<str>)]> = token_sources.into();
    let (trace_text, trace_file, trace_name) = match trace_src {
        Some((t, f, n)) => (t, f, AttrValue::from(n)),
        None => (None, None, AttrValue::default()),
    };

    // The analysis part on its way (asked for by a first use) or failed to come: said in the
    // tool views the App fills, below their boxes so nothing moves under the visitor's caret
    // (the case's front door says it in its own status lines).
    let pending = matches!(ps, part::State::Loading | part::State::Failed);
    html! {
        <ContextProvider<part::State> context={ps}>
            <div class="tabs" role="tablist" aria-label="Views" {onkeydown}>
                { for Tab::ALL.into_iter().map(|t| {
                    let selected = *tab == t;
                    let onclick = {
                        let select = select.clone();
                        Callback::from(move |e: MouseEvent| {
                            e.prevent_default();
                            select.emit(t);
                        })
                    };
                    html! {
                        <a class="tab" role="tab" id={format!("tab-{}", t.id())} href={format!("#{}", t.id())}
                           aria-selected={selected.to_string()} aria-controls={format!("panel-{}", t.id())}
                           tabindex={if selected { "0" } else { "-1" }}
                           {onclick}>
                            { t.label() }
                        </a>
                    }
                }) }
            </div>
            <div id="panel">
                { panel(Tab::Case, html! {
                    <>
                        <CaseView report={Shared(report.clone())} {items} {picked} dispatch={dispatch.clone()} {on_sample} {on_save} {on_trace} />
                        <TraceView report={Shared(report.clone())} text={trace_text} file={trace_file} name={trace_name.clone()} />
                    </>
                }) }
                { panel(Tab::Token, html! {
                    <>
                        <TokenTab text={Shared(Rc::clone(&token_text))} on_input={set(&token_text)} found={Shared(Rc::clone(&token_found))}
                            trace={Some(Shared(report.clone()))} trace_name={trace_name} />
                        if pending { { part::waiting() } }
                        <CompareSources sources={token_sources} />
                    </>
                }) }
                { panel(Tab::Error, html! {
                    <>
                        <ErrorTab text={Shared(Rc::clone(&error_text))} on_input={set(&error_text)} report={Shared(Rc::clone(&error_report))} origin={error_origin} set_aside={error_aside.clone()} />
                        if pending { { part::waiting() } }
                    </>
                }) }
                { panel(Tab::Policy, html! { <PolicyTab text={Shared(Rc::clone(&policy_text))} on_input={set(&policy_text)} found={Shared(Rc::clone(&case_policy))} /> }) }
                { panel(Tab::Commands, html! {
                    <>
                        if !conflicts.is_empty() {
                            <div class="notice warn" role="status">
                                <p>{ "The sources of this case disagree, so commands that need these values wait for your choice: " }
                                    { conflicts }
                                    // Constant markup written here, never input (see `widgets::fixed`).
                                    { ". " }{ fixed(r##"<a href="#case-title">Choose in the Case view</a>"##) }</p>
                            </div>
                        }
                        <CommandsTab findings={report.findings.clone()} restored={case.0.restored.clone()}
                            opened={case.0.opened} on_typed={on_typed.clone()} />
                    </>
                }) }
                { panel(Tab::Learn, if lesson_shown { lesson_view(&lesson, *step, &on_step) } else { Html::default() }) }
            </div>
        </ContextProvider<part::State>>
    }
}

/// The token a box holds, from its kept reading when there is one; nothing until the part has
/// arrived (a box with text asks for it).
fn token_of(text: &Rc<str>) -> token::Found {
    let Some(ready) = (!text.trim().is_empty()).then(part::need).flatten() else {
        return token::Found::default();
    };
    match readings::of(text)
        .as_deref()
        .and_then(Reading::token_search)
    {
        Some(search) => part::gated::token_found(ready, search, browser::now()),
        None => part::gated::find_token(ready, text, browser::now()),
    }
}

/// The failures a box holds, from its kept reading when there is one.
fn errors_of(text: &Rc<str>) -> ErrorReport {
    let Some(ready) = (!text.trim().is_empty()).then(part::need).flatten() else {
        return ErrorReport::default();
    };
    match readings::of(text).as_deref().and_then(Reading::failures) {
        Some(failures) => part::gated::errors(ready, failures),
        None => part::gated::analyze_errors(ready, text),
    }
}

/// The size of a tool box that joined the case under `name`.
fn box_len(name: &str, token: &str, error: &str, policy: &str) -> usize {
    match name {
        TOKEN_BOX => token.len(),
        ERROR_BOX => error.len(),
        POLICY_BOX => policy.len(),
        _ => 0,
    }
}
