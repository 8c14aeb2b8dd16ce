//! A labelled paste box that reports every edit; the text itself stays in the parent's state.
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct PasteBoxProps {
    pub id: AttrValue,
    pub label: AttrValue,
    pub hint: AttrValue,
    pub value: AttrValue,
    pub on_input: Callback<String>,
    #[prop_or(8)]
    pub rows: u32,
}

#[component]
pub fn PasteBox(props: &PasteBoxProps) -> Html {
    let oninput = props
        .on_input
        .reform(|e: InputEvent| e.target_unchecked_into::<HtmlTextAreaElement>().value());
    let clear = props.on_input.reform(|_: MouseEvent| String::new());
    let hint_id = format!("{}-hint", props.id);
    html! {
        <div class="paste">
            <div class="paste-head">
                <label for={props.id.clone()}>{ &props.label }</label>
                if !props.value.is_empty() {
                    <button type="button" class="quiet" onclick={clear}>{ "Clear" }</button>
                }
            </div>
            <textarea id={props.id.clone()} rows={props.rows.to_string()} spellcheck="false" autocomplete="off"
                autocapitalize="off" aria-describedby={hint_id.clone()} value={props.value.clone()} {oninput} />
            <p class="hint" id={hint_id}>{ &props.hint }</p>
        </div>
    }
}
