//! One labelled input of the Commands tool, with its hint and, when the value is wrong, why.
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// What an input is for; `key` is the `Inputs` field (and `InputProblem::field`) it edits.
pub struct FieldSpec {
    pub key: &'static str,
    pub label: &'static str,
    pub hint: &'static str,
    /// "email", "numeric" or "text": which keyboard a phone shows.
    pub mode: &'static str,
}

/// A plain function rather than a component: the parent holds the value, so there is no state
/// here worth a component's lifecycle. `error` says why the value can't be used.
pub fn command_field(
    spec: &FieldSpec,
    value: String,
    error: Option<AttrValue>,
    on_input: Callback<String>,
) -> Html {
    let oninput =
        on_input.reform(|e: InputEvent| e.target_unchecked_into::<HtmlInputElement>().value());
    let id = format!("cmd-{}", spec.key);
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    // The error is read first, so a screen reader says what is wrong before what is expected.
    let described = match error {
        Some(_) => format!("{error_id} {hint_id}"),
        None => hint_id.clone(),
    };
    html! {
        <div class={classes!("field", error.is_some().then_some("invalid"))}>
            <label for={id.clone()}>{ spec.label }</label>
            <input {id} type="text" {value} inputmode={spec.mode}
                autocomplete="off" autocapitalize="off" spellcheck="false"
                aria-invalid={error.is_some().to_string()} aria-describedby={described} {oninput} />
            if let Some(e) = error {
                <p class="field-error" id={error_id}><strong>{ "Can't use this: " }</strong>{ e }</p>
            }
            <p class="hint" id={hint_id}>{ spec.hint }</p>
        </div>
    }
}
