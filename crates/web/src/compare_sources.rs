//! "Compare two tokens": any two token sources of the case, picked by name, in the compare view.
use std::rc::Rc;

use yew::prelude::*;

use crate::compare_view::CompareView;
use crate::widgets::fixed;
use crate::{Shared, browser};
use guestlens_analysis::token::TokenReport;

#[derive(Properties, PartialEq)]
pub struct CompareSourcesProps {
    /// The case's sources that hold a token: name and text, in case order.
    pub sources: Rc<[(AttrValue, Rc<str>)]>,
}

/// The chosen index of a `<select>`: its value is the option's position.
fn picked(e: &Event) -> Option<usize> {
    let target = e.target()?;
    let value = js_sys::Reflect::get(&target, &"value".into()).ok()?;
    value.as_string()?.parse().ok()
}

/// The token report of one source's text, built once per text.
#[hook]
fn use_report(text: Option<Rc<str>>) -> Option<Shared<TokenReport>> {
    let r = use_memo(text, |t| {
        let t = t.as_deref()?;
        let found = crate::part::gated::find_token(crate::part::need()?, t, browser::now());
        found.report.map(|r| Shared(Rc::new(r)))
    });
    (*r).clone()
}

#[component]
pub fn CompareSources(props: &CompareSourcesProps) -> Html {
    let chosen = use_state(|| (0usize, 1usize));
    let n = props.sources.len();
    // Sources can go away; a pick past the end falls back to the first two.
    let (a, b) = if chosen.0 < n && chosen.1 < n {
        *chosen
    } else {
        (0, 1)
    };
    let text = |i: usize| props.sources.get(i).map(|(_, t)| Rc::clone(t));
    let name = |i: usize| {
        props
            .sources
            .get(i)
            .map_or_else(AttrValue::default, |(n, _)| n.clone())
    };
    let report_a = use_report(text(a));
    let report_b = use_report(text(b));
    if n < 2 {
        return html! {};
    }
    let select = |side: &'static str, current: usize| {
        let chosen = chosen.clone();
        let onchange = Callback::from(move |e: Event| {
            if let Some(i) = picked(&e) {
                let (a, b) = *chosen;
                chosen.set(if side == "a" { (i, b) } else { (a, i) });
            }
        });
        let id = format!("compare-src-{side}");
        html! {
            <label for={id.clone()}>
                { if side == "a" { "Token A " } else { "Token B " } }
                <select id={id} {onchange}>
                    { for props.sources.iter().enumerate().map(|(i, (name, _))| html! {
                        <option value={i.to_string()} selected={i == current}>{ name.clone() }</option>
                    }) }
                </select>
            </label>
        }
    };
    html! {
        <section class="compare-sources" aria-labelledby="compare-sources-title">
            // Constant markup written here, never input (see `widgets::fixed`).
            { fixed(concat!(
                r#"<h3 id="compare-sources-title">Compare two tokens</h3>"#,
                r#"<p class="hint">Pick two sources of the case that hold a token; their claims are put side by side.</p>"#,
            )) }
            <div class="compare-pick">{ select("a", a) }{ " " }{ select("b", b) }</div>
            if let (Some(ra), Some(rb)) = (report_a, report_b) {
                <CompareView a={ra} b={rb} a_label={AttrValue::from(format!("A: {}", name(a)))}
                    b_label={AttrValue::from(format!("B: {}", name(b)))} id="compare-sources" />
            }
        </section>
    }
}
