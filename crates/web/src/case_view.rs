//! The case view, the page's front door: paste or open anything, see the sources, the case, what to settle and the hand-off.
use guestlens_analysis::Report;
use guestlens_analysis::case::{CaseFile, FactField, SourceKind};
use guestlens_analysis::workspace::Action;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::widgets::case_summary::CaseSummary;
use crate::widgets::diagnostics::diagnostics;
use crate::widgets::fixed;
use crate::widgets::front_door::FrontDoor;
use crate::widgets::handoff_panel::HandoffPanel;
use crate::widgets::source_list::{SourceItem, SourceList};
use crate::{Shared, browser};

#[derive(Properties, PartialEq)]
pub struct CaseViewProps {
    pub report: Shared<Report>,
    pub items: Vec<SourceItem>,
    pub picked: Vec<FactField>,
    pub dispatch: Callback<Action>,
    pub on_sample: Callback<()>,
    /// Saves the workspace as a case file.
    pub on_save: Callback<()>,
    /// A HAR file read piece by piece joins the case.
    pub on_trace: Callback<crate::widgets::har_open::OpenedTrace>,
}

#[component]
pub fn CaseView(props: &CaseViewProps) -> Html {
    let open_problem = use_state_eq(|| None::<String>);
    let on_open = {
        let (dispatch, open_problem) = (props.dispatch.clone(), open_problem.clone());
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let Some(file) = input.files().and_then(|f| f.get(0)) else {
                return;
            };
            input.set_value("");
            let (dispatch, open_problem) = (dispatch.clone(), open_problem.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let name = file.name();
                let read = browser::read_file(file).await;
                match read.as_deref().map(CaseFile::parse) {
                    Some(Ok(case)) => {
                        open_problem.set(None);
                        dispatch.emit(Action::Load(case));
                    }
                    Some(Err(why)) => open_problem.set(Some(format!("{name}: {why}"))),
                    None => open_problem.set(Some(format!("{name} could not be read as text."))),
                }
            });
        })
    };
    let on_remove = props.dispatch.reform(Action::Remove);
    let on_pick = props.dispatch.reform(|(f, v)| Action::Pick(f, v));
    let on_unpick = props.dispatch.reform(Action::Unpick);
    let has_sources = !props.items.is_empty();
    // Sources listed but not read yet (the analysis part on its way): no case to show yet.
    let read = !props.report.sources.is_empty();
    let set_aside = !props.report.case.samples_set_aside.is_empty();
    let include_samples = props.dispatch.reform(|e: Event| {
        Action::IncludeSamples(e.target_unchecked_into::<HtmlInputElement>().checked())
    });
    // A damaged sign-in log export says what could not be read and where, next to the sources.
    let sign_in_problems = props
        .report
        .sign_ins
        .as_ref()
        .filter(|s| !s.diagnostics.is_empty())
        .map(|s| {
            let r = &props.report;
            let name = r
                .sources
                .iter()
                .find(|x| x.kinds.contains(&SourceKind::SignIns))
                .map_or("The sign-in log export", |x| x.name.as_str());
            html! {
                <section class="source-problems" aria-labelledby="sign-in-problems">
                    <h3 id="sign-in-problems">{ format!("{name}: what could not be read") }</h3>
                    <p class="hint">{ format!("Read as a {}: {} failed sign-ins found, {} successful ones counted.",
                        s.format.label(), s.failures.len() + s.more_failures, s.successes) }</p>
                    { diagnostics(&s.diagnostics) }
                </section>
            }
        });
    let save = props.on_save.reform(|_: MouseEvent| ());
    let clear = props.dispatch.reform(|_: MouseEvent| Action::Clear);

    html! {
        <>
            // Constant markup written here, never input (see `widgets::fixed`).
            { fixed(r##"<h2 class="tool-title">Your case</h2>"##) }
            <FrontDoor dispatch={props.dispatch.clone()} on_sample={props.on_sample.clone()} on_trace={props.on_trace.clone()} />
            <SourceList items={props.items.clone()} {on_remove} />
            { sign_in_problems.unwrap_or_default() }
            if set_aside {
                <p class="notice">
                    <label>
                        <input type="checkbox" id="case-include-samples" onchange={include_samples} />
                        { " Use the samples as if they were real data (they are kept apart now)" }
                    </label>
                </p>
            }
            if read {
                <CaseSummary report={props.report.clone()} picked={props.picked.clone()} {on_pick} {on_unpick} />
                // Constant markup written here, never input (see `widgets::fixed`).
                { fixed(r##"<p class="to-commands"><a href="#commands">Commands for this case</a> · <a href="#error">Error details</a> · <a href="#token">Token details</a></p>"##) }
                <HandoffPanel report={props.report.clone()} />
            } else if !has_sources {
                // Constant markup written here, never input (see `widgets::fixed`).
                { fixed(r#"<div class="intro"><p>Start with what the guest sees: the sign-in error page (the text, or the "Troubleshooting details"), the address bar after the failure, or a log line. Add a token, the cross-tenant access policy or a sign-in log export as you get them. GuestLens joins them into one case and says who must act.</p></div>"#) }
            }
            <div class="case-files">
                if has_sources {
                    <button type="button" id="case-save" onclick={save}>{ "Save case…" }</button>
                }
                <span class="file-open">
                    <input type="file" id="case-open" class="visually-hidden" accept=".json,application/json" onchange={on_open} />
                    // Constant markup written here, never input (see `widgets::fixed`).
                    { fixed(r##"<label for="case-open" class="button">Open a saved case…</label>"##) }
                </span>
                if has_sources {
                    <button type="button" class="quiet" onclick={clear}>{ "Start a new case" }</button>
                }
                <span class="hint">{ format!("A saved case is a file on your computer; this page stores nothing. It holds everything pasted as it was, tokens and a HAR's secrets included, your choices and what you typed into Commands: keep it like a password, and share the hand-off or the trace's sanitized copy instead. A HAR file is saved in it up to {} MiB; a bigger one is not: open it again after the case.", crate::widgets::file_drop::MAX_FILE_BYTES >> 20) }</span>
            </div>
            if let Some(p) = &*open_problem {
                <p class="notice error" role="alert">{ p }</p>
            }
        </>
    }
}
