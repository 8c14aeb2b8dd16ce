//! Tests of the rig itself: a mounted component is gone, DOM, effects and all, once its rig is.
use std::cell::Cell;
use std::rc::Rc;

use guestlens_web::widgets::paste_box::{PasteBox, PasteBoxProps};
use wasm_bindgen_test::wasm_bindgen_test;
use yew::prelude::*;

use super::{Rig, click, query, type_into};

#[derive(Properties, PartialEq)]
struct ProbeProps {
    /// Set when the component's effect is cleaned up, which happens when it is destroyed.
    cleaned: Rc<Cell<bool>>,
}

#[component]
fn Probe(props: &ProbeProps) -> Html {
    let cleaned = Rc::clone(&props.cleaned);
    use_effect_with((), move |_| move || cleaned.set(true));
    html! { <p id="probe">{ "mounted" }</p> }
}

#[wasm_bindgen_test]
async fn unmounting_destroys_the_component_and_removes_its_element() {
    let cleaned = Rc::new(Cell::new(false));
    let rig = Rig::<Probe>::mount(ProbeProps {
        cleaned: Rc::clone(&cleaned),
    })
    .await;
    let root = rig.root().clone();
    assert!(root.is_connected());
    assert_eq!(query(&root, "#probe").text_content().unwrap(), "mounted");
    assert!(!cleaned.get());

    rig.unmount().await;
    assert!(cleaned.get(), "the component's effect was not cleaned up");
    assert!(
        !root.is_connected(),
        "the rig's element is still in the page"
    );
    assert_eq!(root.child_element_count(), 0, "the component's DOM is left");
}

#[wasm_bindgen_test]
async fn dropping_the_rig_removes_its_element_at_once() {
    let root = {
        let rig = Rig::<Probe>::mount(ProbeProps {
            cleaned: Rc::new(Cell::new(false)),
        })
        .await;
        rig.root().clone()
    };
    assert!(!root.is_connected());
    let document = web_sys::window().unwrap().document().unwrap();
    assert!(document.get_element_by_id("probe").is_none());
}

fn paste_box(text: String, on_input: Callback<String>) -> PasteBoxProps {
    PasteBoxProps {
        id: "box".into(),
        label: "Box".into(),
        hint: "Anything.".into(),
        value: text.into(),
        on_input,
        rows: 4,
    }
}

#[wasm_bindgen_test]
async fn a_controlled_component_gets_its_input_back_as_props() {
    let rig = Rig::<PasteBox>::controlled(paste_box).await;
    let root = rig.root();
    // The Clear button shows only for a non-empty value, i.e. once the typed text came back.
    assert!(root.query_selector("button").unwrap().is_none());
    type_into(root, "#box", "hello").await;
    assert_eq!(query(root, "button").text_content().unwrap(), "Clear");
    // Clear reports an empty text, which comes back as an empty box without the button.
    click(root, "button").await;
    let area: web_sys::HtmlTextAreaElement =
        wasm_bindgen::JsCast::dyn_into(query(root, "#box")).unwrap();
    assert_eq!(area.value(), "");
    assert!(root.query_selector("button").unwrap().is_none());

    // A second rig with the same ids is a separate world.
    let other = Rig::<PasteBox>::controlled(paste_box).await;
    assert!(other.root().query_selector("button").unwrap().is_none());
    type_into(root, "#box", "again").await;
    assert!(other.root().query_selector("button").unwrap().is_none());
    assert!(query(root, "button").is_object());
}
