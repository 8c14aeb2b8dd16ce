//! The claims table: every claim with its value, meaning and how well it is documented.
use yew::prelude::*;

use guestlens_analysis::token::{ClaimRow, claims::Doc};

use super::fixed;
use super::source_links::source_links;

/// A plain function, not a component: one copy of the markup and no lifecycle code of its own.
#[inline(never)]
pub fn claims_table(rows: &[ClaimRow]) -> Html {
    html! {
        <div class="table-wrap">
            <table class="claims">
                <caption>{ "Claims" }</caption>
                <thead><tr><th scope="col">{ "Claim" }</th><th scope="col">{ "Value" }</th><th scope="col">{ "Meaning" }</th></tr></thead>
                <tbody>
                    { for rows.iter().map(|r| {
                        let badge = match r.doc {
                            Doc::Documented => html! {},
                            // Constant markup written here, never input (see `widgets::fixed`).
                            Doc::SampleOnly => fixed(r#"<span class="badge">seen in samples, undocumented</span>"#),
                            // Constant markup written here, never input (see `widgets::fixed`).
                            Doc::Internal => fixed(r#"<span class="badge">internal</span>"#),
                            // Constant markup written here, never input (see `widgets::fixed`).
                            Doc::Undocumented => fixed(r#"<span class="badge warn">undocumented</span>"#),
                        };
                        html! {
                            <tr>
                                <th scope="row"><code>{ &r.name }</code></th>
                                <td class="value">
                                    <code>{ &r.value }</code>
                                    if let (Some(t), Some(rel)) = (&r.time, &r.relative) {
                                        <div class="time">{ t }{ " (" }{ rel }{ ")" }</div>
                                    }
                                </td>
                                <td>{ &r.meaning }{ " " }{ badge }{ source_links(&r.sources, None) }</td>
                            </tr>
                        }
                    }) }
                </tbody>
            </table>
        </div>
    }
}
