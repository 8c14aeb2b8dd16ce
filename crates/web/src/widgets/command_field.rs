//! One labelled input of the Commands tool, with its hint, why a value is wrong, and where its
//! value came from: a source and place, "typed by you" (with the way back), or a conflict.
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::fixed;
use guestlens_analysis::commands::form::Provenance;
use guestlens_analysis::commands::{Cloud, Field};

/// Which keyboard a phone shows for the field.
fn input_mode(field: Field) -> &'static str {
    match field {
        Field::Email | Field::Upn => "email",
        Field::Days => "numeric",
        _ => "text",
    }
}

/// A plain function rather than a component: the parent holds the value, so there is no state
/// here worth a component's lifecycle. `error` says why the value can't be used; `from` says
/// where the value came from, with `use_found` to go back from a hand edit to the found value.
pub fn command_field(
    field: Field,
    value: String,
    error: Option<AttrValue>,
    from: Provenance,
    on_input: Callback<String>,
    use_found: Callback<()>,
) -> Html {
    let oninput =
        on_input.reform(|e: InputEvent| e.target_unchecked_into::<HtmlInputElement>().value());
    let id = format!("cmd-{}", field.key());
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let from_id = format!("{id}-from");
    // The error is read first, so a screen reader says what is wrong before where the value
    // came from and what is expected.
    let mut described = match error {
        Some(_) => format!("{error_id} "),
        None => String::new(),
    };
    if from != Provenance::Empty {
        described.push_str(&from_id);
        described.push(' ');
    }
    described.push_str(&hint_id);
    // The cloud is one of four keys: the browser offers them as the field's suggestions.
    let list = (field == Field::Cloud).then(|| format!("{id}-options"));
    let options = match &list {
        Some(list_id) => html! {
            <datalist id={list_id.clone()}>
                { for Cloud::ALL.iter().map(|c| html! { <option value={c.key()} label={c.label()} /> }) }
            </datalist>
        },
        None => html! {},
    };
    let control = html! {
        <>
            <input id={id.clone()} type="text" {value} inputmode={input_mode(field)} list={list}
                autocomplete="off" autocapitalize="off" spellcheck="false"
                aria-invalid={error.is_some().to_string()} aria-describedby={described} {oninput} />
            { options }
        </>
    };
    html! {
        <div CLASS={if error.is_some() { "field invalid" } else { "field" }}>
            <label for={id.clone()}>{ field.label() }</label>
            { control }
            if let Some(e) = error {
                // Constant markup written here, never input (see `widgets::fixed`).
                <p class="field-error" id={error_id}>{ fixed(r##"<strong>Can't use this: </strong>"##) }{ e }</p>
            }
            { source_line(from, from_id, use_found) }
            <p class="hint" id={hint_id}>{ field.hint() }</p>
        </div>
    }
}

/// The line beside a field that says where its value came from.
fn source_line(from: Provenance, id: String, use_found: Callback<()>) -> Html {
    match from {
        Provenance::Empty => Html::default(),
        Provenance::Found(at) if at.is_empty() => {
            html! { <p class="hint field-from" {id}>{ "Found in the case" }</p> }
        }
        Provenance::Found(at) => {
            let mut from = String::from("from ");
            for (i, a) in at.iter().enumerate() {
                if i > 0 {
                    from.push_str("; ");
                }
                from.push_str(&a.label());
            }
            html! { <p class="hint field-from" {id}>{ from }</p> }
        }
        Provenance::Typed { found: None } => {
            html! { <p class="hint field-from typed" {id}>{ "typed by you" }</p> }
        }
        Provenance::Typed { found: Some(v) } => html! {
            <p class="hint field-from typed found-value" {id}>
                { "typed by you · found: " }<code>{ v }</code>{ " " }
                <button type="button" class="quiet" onclick={use_found.reform(|_| ())}>{ "Use found value" }</button>
            </p>
        },
        Provenance::Conflict => html! {
            <p class="hint field-from blocked" {id}>
                // Constant markup written here, never input (see `widgets::fixed`).
                { fixed(r##"<strong>Blocked: </strong>the sources disagree on this value. <a href="#case-title">Choose one in the Case view</a>, or type it."##) }
            </p>
        },
    }
}
