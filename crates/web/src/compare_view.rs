//! Two tokens side by side: whether they are the same person, the evidence, and every claim aligned.
use yew::prelude::*;

use crate::Shared;
use crate::widgets::fixed;
use guestlens_analysis::token::TokenReport;
use guestlens_analysis::token::compare::{Bearing, Person, Relation};

#[derive(Properties, PartialEq)]
pub struct CompareViewProps {
    pub a: Shared<TokenReport>,
    pub b: Shared<TokenReport>,
    /// Column headings: what A and B are ("A: Member (v2)").
    #[prop_or(AttrValue::Static("Token A"))]
    pub a_label: AttrValue,
    #[prop_or(AttrValue::Static("Token B"))]
    pub b_label: AttrValue,
    /// Claims to point at (the lesson's), marked in the table.
    #[prop_or_default]
    pub mark: &'static [&'static str],
    /// Prefix for element ids, unique on the page.
    #[prop_or(AttrValue::Static("compare"))]
    pub id: AttrValue,
}

fn person_class(p: Person) -> &'static str {
    match p {
        Person::Same => "person person-same",
        Person::LikelySame => "person person-likely",
        Person::Different => "person person-different",
        Person::Mixed => "person person-mixed",
        Person::Unknown => "person person-unknown",
    }
}

/// A claim's group: its relation, and whether the lesson points at it.
fn relation_class(r: Relation, marked: bool) -> &'static str {
    match (r, marked) {
        (Relation::Same, false) => "claim-group rel-same",
        (Relation::Same, true) => "claim-group rel-same marked",
        (Relation::Differs, false) => "claim-group rel-differs",
        (Relation::Differs, true) => "claim-group rel-differs marked",
        (Relation::OnlyA, false) => "claim-group rel-only rel-only-a",
        (Relation::OnlyA, true) => "claim-group rel-only rel-only-a marked",
        (Relation::OnlyB, false) => "claim-group rel-only rel-only-b",
        (Relation::OnlyB, true) => "claim-group rel-only rel-only-b marked",
    }
}

fn bearing_class(b: Bearing) -> &'static str {
    match b {
        Bearing::Links => "clue links",
        Bearing::Separates => "clue separates",
        Bearing::Neutral => "clue neutral",
    }
}

fn cell(value: &Option<String>) -> Html {
    match value {
        Some(v) => html! { <td class="value"><code>{ v }</code></td> },
        None => {
            // Constant markup written here, never input (see `widgets::fixed`).
            html! { <td class="value absent">{ fixed(r#"<span aria-hidden="true">—</span><span class="visually-hidden">absent</span>"#) }</td> }
        }
    }
}

#[component]
pub fn CompareView(props: &CompareViewProps) -> Html {
    // Two token reports exist only once the analysis part has arrived.
    let c = use_memo((props.a.clone(), props.b.clone()), |(a, b)| {
        crate::part::need().map(|r| crate::part::gated::compare(r, a, b))
    });
    let Some(c) = c.as_ref() else {
        return crate::part::waiting();
    };
    let id = &props.id;
    let title_id = format!("{id}-person");
    html! {
        <section class="compare" aria-labelledby={title_id.clone()}>
            <div CLASS={person_class(c.person)}>
                <h4 id={title_id}>{ c.person.label() }</h4>
                <p class="person-sentence">{ &c.sentence }</p>
                if !c.evidence.is_empty() {
                    <ul class="clues" aria-label="Evidence">
                        { for c.evidence.iter().map(|e| html! {
                            <li CLASS={bearing_class(e.bearing)}>
                                <span class="bearing">{ e.bearing.label() }</span>
                                <span class="badge">{ e.weight.label() }</span>{ " " }
                                <strong>{ e.kind.label() }</strong>{ ": " }{ &e.text }
                            </li>
                        }) }
                    </ul>
                }
            </div>
            <div class="table-wrap">
                <table class="compare-table">
                    <caption>
                        // Constant markup written here, never input (see `widgets::fixed`).
                        { fixed(r#"Claims side by side<span class="caption-note"> — what differs is marked, and explained under its row</span>"#) }
                    </caption>
                    <colgroup><col class="col-claim" /><col class="col-a" /><col class="col-b" /><col class="col-rel" /></colgroup>
                    <thead>
                        <tr>
                            <th scope="col">{ "Claim" }</th>
                            <th scope="col">{ props.a_label.clone() }</th>
                            <th scope="col">{ props.b_label.clone() }</th>
                            <th scope="col">{ "Compared" }</th>
                        </tr>
                    </thead>
                    { for c.rows.iter().map(|r| {
                        let marked = props.mark.contains(&r.claim.as_str());
                        // One tbody per claim keeps a row and its explanation together (and unbroken in print).
                        html! {
                            <tbody CLASS={relation_class(r.relation, marked)}>
                                <tr>
                                    <th scope="row">
                                        <code>{ &r.claim }</code>
                                        // Constant markup written here, never input (see `widgets::fixed`).
                                        if marked { { " " }{ fixed(r##"<span class="badge mark">look here</span>"##) } }
                                    </th>
                                    { cell(&r.a) }
                                    { cell(&r.b) }
                                    <td class="relation">{ r.relation.label() }</td>
                                </tr>
                                if let Some(why) = &r.explanation {
                                    <tr class="why">
                                        <td colspan="4">
                                            <span class="visually-hidden">{ "What this means for " }{ &r.claim }{ ": " }</span>
                                            { why }
                                        </td>
                                    </tr>
                                }
                            </tbody>
                        }
                    }) }
                </table>
            </div>
        </section>
    }
}
