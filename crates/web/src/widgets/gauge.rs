//! One byte count against a limit: a labelled `<meter>` with used, left and percent.
//!
//! A meter rather than a styled bar: the page's CSP blocks `style` attributes.
use yew::prelude::*;

use super::fixed;

/// `used` is None when the count is unknown; `note` says what the count is, or why it is
/// unknown. A plain function, not a component: one copy of the markup and no lifecycle code.
#[inline(never)]
pub fn gauge(
    id: &'static str,
    label: &'static str,
    used: Option<usize>,
    limit: usize,
    note: &'static str,
) -> Html {
    let Some(used) = used else {
        return html! {
            <div class="gauge unknown">
                // Constant markup written here, never input (see `widgets::fixed`).
                <div class="gauge-head"><span class="gauge-label">{ label }</span>{ fixed(r##"<span>unknown</span>"##) }</div>
                <p class="gauge-note">{ note }</p>
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
        <div CLASS={if over { "gauge over" } else { "gauge" }}>
            <div class="gauge-head">
                <label for={id}>{ label }</label>
                <span class="gauge-figures">
                    <strong>{ grouped(used) }</strong>{ " of " }{ grouped(limit) }{ " bytes · " }
                    <strong>{ percent(used, limit) }{ "%" }</strong>{ " · " }{ left }
                </span>
            </div>
            // Amber from 80 %, red from 90 % (where the core warns "close to the limit").
            <meter id={id} min="0" max={limit.to_string()} low={(limit / 10 * 8).to_string()}
                high={(limit / 10 * 9).to_string()} optimum="0" value={used.to_string()}>
                { percent(used, limit) }{ "%" }
            </meter>
            <p class="gauge-note">{ note }</p>
        </div>
    }
}

pub use guestlens_analysis::text::grouped;

/// `part` as a percentage of `of`, one decimal, rounded half up; integer maths keeps float
/// formatting out of the binary. "0.0" when `of` is 0.
pub fn percent(part: usize, of: usize) -> String {
    if of == 0 {
        return "0.0".into();
    }
    let tenths = (part as u64 * 1000 + of as u64 / 2) / of as u64;
    format!("{}.{}", tenths / 10, tenths % 10)
}
