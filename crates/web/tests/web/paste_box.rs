//! The tool views' paste box: a big paste is held out of the textarea, a small one is typed text.
use guestlens_web::widgets::paste_box::{HELD_BYTES, PasteBox, PasteBoxProps};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::wasm_bindgen_test;
use yew::prelude::*;

use super::{Rig, click, paste_on, query, text, type_into};

fn props(value: String, on_input: Callback<String>) -> PasteBoxProps {
    PasteBoxProps {
        id: "box".into(),
        label: "Error text".into(),
        hint: "Anything.".into(),
        value: value.into(),
        on_input,
        rows: 4,
    }
}

#[wasm_bindgen_test]
async fn a_big_paste_is_held_out_of_the_box_and_clear_brings_the_box_back() {
    let rig = Rig::<PasteBox>::controlled(props).await;
    let root = rig.root();
    let big = "AADSTS50020 line of a long log\n".repeat(HELD_BYTES / 20);
    assert!(big.len() > HELD_BYTES);
    assert!(
        paste_on(&query(root, "textarea#box"), &big),
        "the big paste must not reach the textarea"
    );
    yew::scheduler::flush().await;
    // The text is copied in slices, a task each, with a notice meanwhile.
    assert_eq!(text(&query(root, "[role=status]")), "Reading the paste…");
    for _ in 0..100 {
        if root.query_selector(".paste-held").unwrap().is_some() {
            break;
        }
        gloo::timers::future::TimeoutFuture::new(10).await;
    }
    assert!(
        root.query_selector("textarea").unwrap().is_none(),
        "no textarea lays out the big text"
    );
    assert!(
        root.query_selector("[role=status]").unwrap().is_none(),
        "the notice goes once the paste is in"
    );
    let held = text(&query(root, "#box.paste-held"));
    assert!(
        held.contains(&guestlens_web::widgets::gauge::grouped(big.len())),
        "{held}"
    );

    click(root, "button").await;
    let area: web_sys::HtmlTextAreaElement = query(root, "textarea#box").dyn_into().unwrap();
    assert_eq!(area.value(), "");
}

#[wasm_bindgen_test]
async fn a_small_paste_is_left_to_the_textarea() {
    let rig = Rig::<PasteBox>::controlled(props).await;
    let root = rig.root();
    assert!(
        !paste_on(&query(root, "textarea#box"), "AADSTS50020"),
        "a small paste is the browser's to insert"
    );
    type_into(root, "#box", "AADSTS50020").await;
    assert!(root.query_selector(".paste-held").unwrap().is_none());
}
