//! Component tests of the trace view: the identity steps, the failure at its step, noise, the problem message, and the sanitized copy run in slices.
use std::rc::Rc;

use guestlens_analysis::Report;
use guestlens_analysis::analyze_sources;
use guestlens_analysis::case::{Choices, SourceInput};
use guestlens_web::trace_view::{SLICE_BYTES, TraceView, TraceViewProps};
use guestlens_web::{Shared, browser};
use wasm_bindgen_test::wasm_bindgen_test;
use web_sys::Element;

use super::{Rig, click, query, text};

const CROSS_TENANT: &str =
    include_str!("../../../analysis/tests/fixtures/har/cross-tenant-50020.har");
const NAME: &str = "cross-tenant-50020.har";

fn report_of(har: &str) -> Report {
    let inputs = [SourceInput::plain(NAME, har)];
    analyze_sources(&inputs, &Choices::default(), browser::now())
}

fn props(har: &str) -> TraceViewProps {
    TraceViewProps {
        report: Shared(Rc::new(report_of(har))),
        text: Some(Rc::from(har)),
        file: None,
        name: NAME.into(),
    }
}

fn all(root: &Element, selector: &str) -> Vec<Element> {
    let list = root.query_selector_all(selector).unwrap();
    (0..list.length())
        .filter_map(|i| wasm_bindgen::JsCast::dyn_into(list.get(i)?).ok())
        .collect()
}

/// Waits (up to about 20 s) until `selector` matches, as the slice loop runs on timers.
async fn wait_for(root: &Element, selector: &str) -> Element {
    for _ in 0..1000 {
        if let Some(el) = root.query_selector(selector).unwrap() {
            return el;
        }
        gloo::timers::future::TimeoutFuture::new(20).await;
        yew::scheduler::flush().await;
    }
    panic!("{selector} never appeared");
}

#[wasm_bindgen_test]
async fn the_steps_are_listed_in_order_with_what_support_reads() {
    let rig = Rig::<TraceView>::mount(props(CROSS_TENANT)).await;
    let root = rig.root();
    let hops = all(root, "ol.trace-hops > li.hop");
    let entries: Vec<String> = hops
        .iter()
        .map(|h| h.get_attribute("data-entry").unwrap())
        .collect();
    assert_eq!(entries, ["0", "4", "6"], "the identity steps, in order");

    let first = text(&hops[0]);
    assert!(first.contains("10:20:30.000"), "{first}");
    assert!(first.contains("Authorize"), "{first}");
    assert!(first.contains("GET"), "{first}");
    assert!(
        first.contains(
            "login.microsoftonline.com/6f1b2c3d-0000-4000-8000-00000000c0de/oauth2/v2.0/authorize"
        ),
        "{first}"
    );
    assert_eq!(
        query(&hops[0], ".hop-status").text_content().unwrap(),
        "200"
    );
    for want in [
        "6f1b2c3d-0000-4000-8000-00000000c0de",
        "11111111-2222-4333-8444-555555555555",
        "code id_token",
        "form_post",
        "select_account",
        "a***@partner.example",
        "https://app.contoso.example/signin-oidc",
    ] {
        assert!(first.contains(want), "{want} missing from {first}");
    }
    // The login hint is shown masked (the error message itself may name the account).
    assert!(!text(&query(&hops[0], ".hop-details")).contains("alex@"));
    assert!(!text(root).contains("STATEfake"), "no state value is shown");
    assert!(text(&hops[1]).contains("GetCredentialType"));
    assert!(text(&hops[2]).contains("Password sign-in"));

    // The four folded requests, each kind counted.
    let noise = query(root, "details.trace-noise");
    assert_eq!(
        query(&noise, "summary").text_content().unwrap(),
        "4 requests hidden (scripts, images, fonts, telemetry and the like)"
    );
    let kinds: Vec<String> = all(&noise, "li")
        .iter()
        .map(|l| l.text_content().unwrap())
        .collect();
    assert_eq!(
        kinds,
        ["1 script", "1 image", "1 font", "1 telemetry request"]
    );
    assert!(
        text(&query(root, ".trace-summary")).starts_with("7 requests: 3 identity steps, 4 hidden")
    );
}

#[wasm_bindgen_test]
async fn the_failure_is_shown_at_its_step_with_its_ids() {
    let rig = Rig::<TraceView>::mount(props(CROSS_TENANT)).await;
    let root = rig.root();
    let failed = all(root, "li.hop.failed");
    assert_eq!(failed.len(), 1, "one step failed");
    assert_eq!(failed[0].id(), "trace-hop-6");
    let block = query(&failed[0], ".trace-failure");
    let says = text(&block);
    assert!(says.contains("AADSTS50020"), "{says}");
    assert!(
        says.contains("aaaa0000-bbbb-4ccc-8ddd-eeeeffff0001"),
        "trace ID: {says}"
    );
    assert!(
        says.contains("c0c0c0c0-1111-4222-8333-444444444444"),
        "correlation ID: {says}"
    );
    assert!(says.contains("2024-05-01T10:20:31Z"), "timestamp: {says}");
    assert_eq!(all(root, ".trace-failure").len(), 1, "only at its step");
    assert!(text(&query(root, "#trace-hop-6 .hop-head")).contains("failed here"));
    assert!(root.query_selector(".trace-elsewhere").unwrap().is_none());
}

#[wasm_bindgen_test]
async fn a_damaged_har_says_why_and_offers_no_copy() {
    // Cut in the middle of the entries: read as a trace with a problem, not as steps.
    let cut = &CROSS_TENANT[..CROSS_TENANT.len() / 2];
    let report = report_of(cut);
    assert!(report.trace.as_ref().unwrap().problem.is_some());
    let rig = Rig::<TraceView>::mount(props(cut)).await;
    let root = rig.root();
    let alert = query(root, ".trace-problem");
    assert_eq!(alert.get_attribute("role").as_deref(), Some("alert"));
    let says = text(&alert);
    assert!(
        says.contains("cut short") || says.contains("damaged"),
        "{says}"
    );
    assert!(root.query_selector("ol.trace-hops").unwrap().is_none());
    assert!(root.query_selector("#trace-sanitize").unwrap().is_none());
}

#[wasm_bindgen_test]
async fn a_case_without_a_trace_shows_nothing() {
    let rig = Rig::<TraceView>::mount(props("AADSTS50020: User account does not exist.")).await;
    assert_eq!(rig.root().child_element_count(), 0);
}

#[wasm_bindgen_test]
async fn the_sanitized_copy_reports_what_was_removed_never_the_values() {
    let rig = Rig::<TraceView>::mount(props(CROSS_TENANT)).await;
    let root = rig.root();
    // The keep list is on the page as the sanitizer has it.
    let keep = text(&query(root, "details.keep-lists"));
    for name in [
        "client_id",
        "x-ms-request-id",
        "strServiceExceptionMessage",
        "startedDateTime",
    ] {
        assert!(keep.contains(name), "{name} missing from the keep list");
    }
    click(root, "#trace-mask-identities").await;
    click(root, "#trace-sanitize").await;
    let summary = wait_for(root, ".sanitize-summary").await;
    let says = text(&summary);
    assert!(says.contains("cross-tenant-50020-sanitized.har"), "{says}");
    for kind in [
        "Passwords",
        "Cookies",
        "Session and anti-forgery values",
        "Email addresses (masked)",
    ] {
        assert!(says.contains(kind), "{kind} missing from {says}");
    }
    for secret in ["Correct Horse", "FAKEcanary", "FAKE-estsauth"] {
        assert!(!text(root).contains(secret), "{secret} is on the page");
    }
}

#[wasm_bindgen_test]
async fn a_large_copy_runs_in_slices_with_progress_and_can_be_cancelled() {
    // Whitespace before the HAR is valid JSON; eight slices of it keep the loop busy.
    let big = format!("{}{CROSS_TENANT}", " ".repeat(8 * SLICE_BYTES));
    let rig = Rig::<TraceView>::mount(TraceViewProps {
        report: Shared(Rc::new(report_of(CROSS_TENANT))),
        text: Some(Rc::from(big.as_str())),
        file: None,
        name: NAME.into(),
    })
    .await;
    let root = rig.root();
    click(root, "#trace-sanitize").await;
    let progress = wait_for(root, "#trace-progress").await;
    assert_eq!(progress.get_attribute("max").as_deref(), Some("100"));
    assert!(
        query(root, "#trace-sanitize").has_attribute("disabled"),
        "one run at a time"
    );
    click(root, "#trace-cancel").await;
    let status = wait_for(root, ".trace-sanitize [role=status]").await;
    assert_eq!(text(&status), "Cancelled. Nothing was downloaded.");
    assert!(root.query_selector(".sanitize-summary").unwrap().is_none());
    assert!(!query(root, "#trace-sanitize").has_attribute("disabled"));
}

const API_REFUSED: &str = include_str!("../../../analysis/tests/fixtures/har/api-refused.har");

#[wasm_bindgen_test]
async fn an_api_call_that_refused_the_token_is_a_failed_step_with_the_token_it_was_sent() {
    let rig = Rig::<TraceView>::mount(props(API_REFUSED)).await;
    let root = rig.root();
    let summary = text(&query(root, ".trace-summary"));
    assert!(
        summary.contains("; no sign-in failure, but 2 calls to an API were refused."),
        "{summary}"
    );
    let me = query(root, "#trace-hop-1");
    assert!(me.class_list().contains("failed"));
    let said = text(&me);
    for want in [
        "API call refused",
        "graph.microsoft.com/v1.0/me",
        "InvalidAuthenticationToken",
        "Access token validation failure. Invalid audience.",
        "401 Unauthorized",
        // The token the call carried was the app's own (its aud is the app's ID), from request 1.
        "Token sent, issued for",
        "11111111-2222-4333-8444-555555555555",
        "the access_token of request 1",
        "Likely cause: the token sent was issued for another API, not for Microsoft Graph, the API this request called.",
    ] {
        assert!(said.contains(want), "{want:?} not in {said}");
    }
    let link = query(&me, ".source-links a");
    assert_eq!(
        link.get_attribute("href").as_deref(),
        Some("https://learn.microsoft.com/en-us/graph/errors")
    );
    let users = text(&query(root, "#trace-hop-2"));
    assert!(users.contains("403 Forbidden"), "{users}");
    // Its token was for Graph: no audience remark, and it was sent with this very request.
    assert!(!users.contains("Likely cause"), "{users}");
    assert!(
        users.contains("the Bearer credential of this request"),
        "{users}"
    );
    assert!(users.contains("Authorization_RequestDenied"), "{users}");
    // The tokens table says whose each token is and where it was sent again.
    let table = text(&query(root, "table.trace-tokens"));
    assert!(table.contains("alex@partner.example"), "{table}");
    assert!(table.contains("sent again with request 2"), "{table}");
    // Request 4 (a 404, folded as noise) has no step to link to: no dead link.
    assert!(table.contains("sent again with request 4"), "{table}");
    for a in all(root, "table.trace-tokens a") {
        let href = a.get_attribute("href").unwrap();
        assert!(
            root.query_selector(&href).unwrap().is_some(),
            "{href} points at nothing"
        );
    }
}
