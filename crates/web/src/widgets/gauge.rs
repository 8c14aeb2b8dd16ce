//! One byte count against a limit: a labelled `<meter>` with used, left and percent.
//!
//! A meter rather than a styled bar: the page's CSP blocks `style` attributes.
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct GaugeProps {
    pub id: AttrValue,
    pub label: AttrValue,
    /// None when the count is unknown.
    pub used: Option<usize>,
    pub limit: usize,
    /// What the count is, or why it is unknown.
    pub note: AttrValue,
}

#[component]
pub fn Gauge(props: &GaugeProps) -> Html {
    let limit = props.limit;
    let Some(used) = props.used else {
        return html! {
            <div class="gauge unknown">
                <div class="gauge-head"><span class="gauge-label">{ &props.label }</span><span>{ "unknown" }</span></div>
                <p class="gauge-note">{ &props.note }</p>
            </div>
        };
    };
    let over = used > limit;
    let left = if over {
        format!("over by {}", grouped(used - limit))
    } else {
        format!("{} left", grouped(limit - used))
    };
    html! {
        <div class={classes!("gauge", over.then_some("over"))}>
            <div class="gauge-head">
                <label for={props.id.clone()}>{ &props.label }</label>
                <span class="gauge-figures">
                    <strong>{ grouped(used) }</strong>{ " of " }{ grouped(limit) }{ " bytes · " }
                    <strong>{ percent(used, limit) }{ "%" }</strong>{ " · " }{ left }
                </span>
            </div>
            // Amber from 80 %, red from 90 % (where the core warns "close to the limit").
            <meter id={props.id.clone()} min="0" max={limit.to_string()} low={(limit / 10 * 8).to_string()}
                high={(limit / 10 * 9).to_string()} optimum="0" value={used.to_string()}>
                { percent(used, limit) }{ "%" }
            </meter>
            <p class="gauge-note">{ &props.note }</p>
        </div>
    }
}

/// `n` with thousands separators: 25,600.
pub fn grouped(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `part` as a percentage of `of`, one decimal, rounded half up; integer maths keeps float
/// formatting out of the binary. "0.0" when `of` is 0.
pub fn percent(part: usize, of: usize) -> String {
    if of == 0 {
        return "0.0".into();
    }
    let tenths = (part as u64 * 1000 + of as u64 / 2) / of as u64;
    format!("{}.{}", tenths / 10, tenths % 10)
}
