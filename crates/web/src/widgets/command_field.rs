//! One labelled input of the Commands tool, with its hint, why a value is wrong, and the found
//! value when a hand edit hides it.
use web_sys::HtmlInputElement;
use yew::prelude::*;

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
/// here worth a component's lifecycle. `error` says why the value can't be used; `found` is the
/// value the other tools found when the typed one differs, with `use_found` to go back to it.
pub fn command_field(
    field: Field,
    value: String,
    error: Option<AttrValue>,
    found: Option<AttrValue>,
    on_input: Callback<String>,
    use_found: Callback<()>,
) -> Html {
    let oninput =
        on_input.reform(|e: InputEvent| e.target_unchecked_into::<HtmlInputElement>().value());
    let id = format!("cmd-{}", field.key());
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    // The error is read first, so a screen reader says what is wrong before what is expected.
    let described = match error {
        Some(_) => format!("{error_id} {hint_id}"),
        None => hint_id.clone(),
    };
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
        <div class={classes!("field", error.is_some().then_some("invalid"))}>
            <label for={id.clone()}>{ field.label() }</label>
            { control }
            if let Some(e) = error {
                <p class="field-error" id={error_id}><strong>{ "Can't use this: " }</strong>{ e }</p>
            }
            if let Some(v) = found {
                <p class="hint found-value" id={format!("{id}-found")}>
                    { "Found: " }<code>{ v }</code>{ " " }
                    <button type="button" class="quiet" onclick={use_found.reform(|_| ())}>{ "Use found value" }</button>
                </p>
            }
            <p class="hint" id={hint_id}>{ field.hint() }</p>
        </div>
    }
}
