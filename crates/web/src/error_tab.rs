//! The Error tool: paste any sign-in error, see every failure, who must act and how to fix it.
use std::cell::Cell;
use std::rc::Rc;

use yew::prelude::*;

use super::Shared;
use super::browser;
use super::widgets::failure_card::{FailureCard, title};
use super::widgets::file_drop::{file_drop, use_file_drop};
use super::widgets::fixed;
use super::widgets::highlighted_text::passage;
use super::widgets::paste_box::PasteBox;
use guestlens_analysis::errors::ErrorReport;
use guestlens_analysis::findings::Origin;

/// Cards rendered at most: a 10 MB log may hold thousands of failures, and the page must stay
/// responsive; the summary still counts them all.
pub const MAX_CARDS: usize = 50;

/// Cards added per task: a card is about 125 elements, and building fifty at once held the main
/// thread for 130-260 ms; ten at a time keep each task short, the first ten shown at once.
pub const CARDS_PER_TASK: usize = 10;

#[derive(Properties, PartialEq)]
pub struct ErrorTabProps {
    /// The box's text, shared with the App (compared by allocation: it may be megabytes).
    pub text: Shared<str>,
    pub on_input: Callback<String>,
    pub report: Shared<ErrorReport>,
    /// Which box `report` was read from: the App reads the Token box too when this one holds
    /// no failure.
    #[prop_or(Origin::OwnBox)]
    pub origin: Origin,
    /// The failures (by index) the case set aside as another person's or sign-in's.
    #[prop_or_default]
    pub set_aside: Rc<[usize]>,
}

#[component]
pub fn ErrorTab(props: &ErrorTabProps) -> Html {
    let drop = use_file_drop();
    let failures = &props.report.failures;
    let empty = props.text.trim().is_empty();
    let own = props.origin == Origin::OwnBox;
    let summary = if empty && failures.is_empty() {
        ""
    } else {
        props.report.summary.as_str()
    };
    // How many cards of this report are built; a new report starts again at the first ten.
    let grown = use_state(|| (props.report.clone(), CARDS_PER_TASK));
    let built = if grown.0 == props.report {
        grown.1
    } else {
        CARDS_PER_TASK
    };
    {
        let grown = grown.clone();
        use_effect_with(props.report.clone(), move |report| {
            let live = Rc::new(Cell::new(true));
            let total = report.failures.len().min(MAX_CARDS);
            let (alive, report) = (Rc::clone(&live), report.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let mut n = CARDS_PER_TASK;
                while n < total {
                    browser::next_tick().await;
                    if !alive.get() {
                        return;
                    }
                    n += CARDS_PER_TASK;
                    grown.set((report.clone(), n));
                }
            });
            move || live.set(false)
        });
    }
    // Guidance is unfolded once per kind of failure; repeats start folded, and so does a failure
    // the case set aside (another person's: its advice is not for this guest).
    let mut seen: Vec<String> = Vec::new();
    let cards = failures.iter().take(MAX_CARDS.min(built)).enumerate().map(|(i, f)| {
        let set_aside = props.set_aside.contains(&i);
        let key = title(f);
        let open = !set_aside && !seen.contains(&key);
        if open {
            seen.push(key);
        }
        // Spans point into the text they were read from; only this box's text is at hand.
        let passage = if own {
            passage(&props.text, &f.highlights).map(|(t, m)| (AttrValue::from(t), m))
        } else {
            None
        };
        html! { <li><FailureCard report={props.report.clone()} index={i} {passage} {open} {set_aside} /></li> }
    });
    let more = failures.len().saturating_sub(MAX_CARDS);
    html! {
        <>
            // Constant markup written here, never input (see `widgets::fixed`).
            { fixed(r#"<h2 class="tool-title">Error analyzer</h2>"#) }
            { file_drop("error-file", ".txt,.log,.json,.har,.html,.htm", &props.on_input, &drop, html! {
                <PasteBox id="error-input" label="Error text, page, JSON, URL or log"
                    hint="Paste the sign-in error page, a token endpoint error, a redirect URL or a log, or open a log or HAR file. Analysed in this page only."
                    value={props.text.clone()} on_input={props.on_input.clone()} />
            }) }
            <p class="summary" role="status">{ summary }</p>
            if empty && failures.is_empty() {
                { intro() }
            } else if failures.is_empty() {
                // Constant markup written here, never input (see `widgets::fixed`).
                { fixed(r#"<p class="hint">GuestLens looks for AADSTS codes, Request, Trace and Correlation IDs, and invitation errors. If you pasted a token, the Token tab explains it.</p>"#) }
            } else {
                if !own {
                    // Constant markup written here, never input (see `widgets::fixed`).
                    { fixed(r#"<p class="found">Found in another source of this case (the Case view lists them).</p>"#) }
                }
                <ol class="failures">{ for cards }</ol>
                if more > 0 {
                    <p class="more">{ more }{ if more == 1 { " more failure" } else { " more failures" } }
                        { format!(" not shown; the first {MAX_CARDS} are above.") }</p>
                }
            }
        </>
    }
}

fn intro() -> Html {
    // Constant markup written here, never input (see `widgets::fixed`).
    fixed(concat!(
        r#"<div class="intro"><h3>What you can paste</h3><ul>"#,
        "<li>The text or HTML of a Microsoft sign-in error page (\"Sorry, but we're having trouble signing you in\", with its Request ID and Correlation ID)</li>",
        "<li>A token endpoint error: the JSON with error, error_description, error_codes, trace_id and correlation_id</li>",
        "<li>The redirect URL an app landed on with ?error=…&amp;error_description=…</li>",
        "<li>Output of MSAL, Microsoft Graph PowerShell or az, or any log with AADSTS codes</li></ul>",
        "<p>Each failure gets a card: what it means for a guest, who must act, the fix steps, and the IDs to hand to an administrator.</p></div>",
    ))
}
