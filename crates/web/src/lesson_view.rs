//! The guided lesson "How a guest token works": one step on screen, every step in print.
use std::cell::RefCell;
use std::rc::Rc;

use yew::prelude::*;

use crate::compare_view::CompareView;
use crate::widgets::fixed;
use crate::{Shared, browser};
use guestlens_analysis::lesson::{self, STEPS, Step};
use guestlens_analysis::token::{TokenReport, analyze_token, samples};

/// A step's two sample reports, built once per page.
struct Built {
    step: &'static Step,
    a: Shared<TokenReport>,
    b: Shared<TokenReport>,
}

fn build(now: i64) -> Vec<Built> {
    let report = |id: &str| {
        let token = samples::token(id, now).unwrap_or_default();
        Shared(Rc::new(analyze_token(
            &token,
            "a built-in sample",
            false,
            now,
        )))
    };
    STEPS
        .iter()
        .map(|step| Built {
            step,
            a: report(step.a),
            b: report(step.b),
        })
        .collect()
}

fn label(side: &str, id: &str) -> AttrValue {
    let name = samples::find(id).map_or(id, |s| s.label);
    AttrValue::from(format!("{side}: {name}"))
}

/// The lesson's state, kept by the App that shows it: a component of its own would only add
/// Yew's lifecycle code for it.
pub struct LessonState {
    /// The steps' sample reports, built the first time the lesson is shown.
    built: Rc<RefCell<Option<Rc<Vec<Built>>>>>,
}

/// `step` is the step asked for; `shown` whether the lesson has been shown yet (it is built when
/// first shown, then kept).
#[hook]
pub fn use_lesson(step: usize, shown: bool) -> LessonState {
    let current = step.min(STEPS.len().saturating_sub(1));
    // After a step change (not on first show), move focus to the new step's heading so a
    // screen reader announces it and the keyboard continues from there.
    let shown_once = use_mut_ref(|| false);
    use_effect_with((current, shown), move |&(i, shown)| {
        if !shown {
            return;
        }
        if *shown_once.borrow()
            && let Some(s) = STEPS.get(i)
        {
            browser::focus(&format!("{}-title", s.id));
        }
        *shown_once.borrow_mut() = true;
    });
    LessonState {
        built: use_mut_ref(|| None),
    }
}

/// The lesson at `step` (from 0; past the end shows the last). `on_step` asks for another step
/// (from 0); the App also puts `#lesson-N` in the hash. The lesson is in the analysis part.
pub fn lesson_view(state: &LessonState, step: usize, on_step: &Callback<usize>) -> Html {
    match crate::part::need() {
        Some(ready) => crate::part::gated::lesson(ready, state, step, on_step),
        None => html! {
            <article class="lesson" aria-labelledby="lesson-title">
                <h2 id="lesson-title" class="tool-title">{ lesson::TITLE }</h2>
                <p class="lesson-intro">{ lesson::INTRO }</p>
                { crate::part::waiting() }
            </article>
        },
    }
}

/// `lesson_view` once the part has arrived.
pub fn lesson_body(state: &LessonState, step: usize, on_step: &Callback<usize>) -> Html {
    let built = Rc::clone(
        state
            .built
            .borrow_mut()
            .get_or_insert_with(|| Rc::new(build(browser::now()))),
    );
    let last = STEPS.len().saturating_sub(1);
    let current = step.min(last);

    let go = |to: usize| {
        let on_step = on_step.clone();
        Callback::from(move |e: MouseEvent| {
            e.prevent_default();
            on_step.emit(to);
        })
    };
    let n = STEPS.len();
    html! {
        <article class="lesson" aria-labelledby="lesson-title">
            <h2 id="lesson-title" class="tool-title">{ lesson::TITLE }</h2>
            <p class="lesson-intro">{ lesson::INTRO }</p>
            // Constant markup written here, never input (see `widgets::fixed`).
            { fixed(r#"<p class="sample-note">Every token in this lesson is a made-up sample: the tenants, people and IDs are fabricated, and nothing is signed.</p>"#) }
            <dl class="cast" aria-label="The cast">
                { for samples::CAST.iter().map(|r| html! {
                    <div><dt>{ r.name }</dt><dd>{ r.about }</dd></div>
                }) }
            </dl>
            <nav class="lesson-steps" aria-label="Lesson steps">
                <ol>
                    { for STEPS.iter().enumerate().map(|(i, s)| html! {
                        <li>
                            <a href={format!("#{}", s.id)} onclick={go(i)}
                               aria-current={(i == current).then_some("step")}>{ s.title }</a>
                        </li>
                    }) }
                </ol>
            </nav>
            { for built.iter().enumerate().map(|(i, b)| {
                let s = b.step;
                let title_id = format!("{}-title", s.id);
                html! {
                    <section id={s.id} CLASS={if i == current { "lesson-step current" } else { "lesson-step" }}
                        aria-labelledby={title_id.clone()}>
                        <h3 id={title_id} tabindex="-1">
                            <span class="step-no">{ format!("Step {} of {n}: ", i + 1) }</span>{ s.title }
                        </h3>
                        { for s.text.iter().map(|t| html! { <p>{ *t }</p> }) }
                        <p class="marks">
                            { "Look at: " }
                            { for s.mark.iter().enumerate().map(|(k, m)| html! {
                                <>{ if k > 0 { ", " } else { "" } }<code>{ *m }</code></>
                            }) }
                        </p>
                        <CompareView a={b.a.clone()} b={b.b.clone()} a_label={label("A", s.a)}
                            b_label={label("B", s.b)} mark={s.mark} id={AttrValue::from(format!("{}-compare", s.id))} />
                    </section>
                }
            }) }
            <div class="lesson-nav">
                <button type="button" class="lesson-prev" disabled={current == 0}
                    onclick={go(current.saturating_sub(1))}>{ "Previous" }</button>
                <span class="lesson-pos">{ format!("Step {} of {n}", current + 1) }</span>
                <button type="button" class="lesson-next" disabled={current >= last}
                    onclick={go((current + 1).min(last))}>{ "Next" }</button>
            </div>
        </article>
    }
}
