//! Component tests of the Error tab: cards, IDs, highlights, guidance, and the card cap.
use std::rc::Rc;

use guestlens_analysis::errors::{self, Highlight};
use guestlens_web::Shared;
use guestlens_web::error_tab::{CARDS_PER_TASK, ErrorTab, ErrorTabProps, MAX_CARDS};
use guestlens_web::widgets::highlighted_text::passage;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::wasm_bindgen_test;
use web_sys::Element;
use yew::Callback;

use super::{Rig, query, text, type_into};

const PAGE: &str = "Sign in
Sorry, but we're having trouble signing you in.

AADSTS50020: User account 'ann@partner.example' from identity provider 'live.com' does not exist in tenant 'Contoso' and cannot access the application '2793995e-0a7d-40d7-bd35-6968ba142197'(My Apps) in that tenant. The account needs to be added as an external user in the tenant first. Sign out and sign in again with a different Azure Active Directory user account.

Troubleshooting details
If you contact your administrator, send this info to them.
Request Id: 0c8b7a31-8b20-4c4d-9a57-7f0b2e3d1a00
Correlation Id: 5f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0
Timestamp: 2024-05-01T10:20:30Z
Message: AADSTS50020: User account 'ann@partner.example' from identity provider 'live.com' does not exist in tenant 'Contoso' and cannot access the application '2793995e-0a7d-40d7-bd35-6968ba142197'(My Apps) in that tenant.
";

const REDIRECT: &str = "https://app.fabrikam.example/signin-oidc?error=consent_required&error_description=AADSTS65001%3A+The+user+or+administrator+has+not+consented+to+use+the+application+with+ID+%2711112222-3333-4444-5555-666677778888%27+named+%27Fabrikam+Portal%27.+Send+an+interactive+authorization+request+for+this+user+and+resource.%0D%0ATrace+ID%3A+2a3b4c5d-6e7f-4081-9293-a4b5c6d7e8f9%0D%0ACorrelation+ID%3A+9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a%0D%0ATimestamp%3A+2024-05-02+08%3A09%3A10Z&state=12345";

/// The Error tab's props for `text`, with the analysis the page derives from it.
fn error_tab(text: String, on_input: Callback<String>) -> ErrorTabProps {
    let report = errors::analyze(&text);
    ErrorTabProps {
        text: Shared(Rc::from(text)),
        on_input,
        report: Shared(Rc::new(report)),
        origin: guestlens_analysis::findings::Origin::OwnBox,
        set_aside: Rc::from([]),
    }
}

/// The Error tab, mounted empty, with `pasted` typed into its box.
async fn paste(pasted: &str) -> Rig<ErrorTab> {
    let rig = Rig::<ErrorTab>::controlled(error_tab).await;
    type_into(rig.root(), "#error-input", pasted).await;
    rig
}

fn all_text(root: &Element, selector: &str) -> Vec<String> {
    let list = root.query_selector_all(selector).unwrap();
    (0..list.length())
        .filter_map(|i| list.get(i)?.text_content())
        .collect()
}

/// The copy buttons' accessible names.
fn copy_labels(root: &Element) -> Vec<String> {
    let list = root.query_selector_all("button.copy").unwrap();
    (0..list.length())
        .filter_map(|i| {
            list.get(i)?
                .dyn_into::<Element>()
                .ok()?
                .get_attribute("aria-label")
        })
        .collect()
}

#[wasm_bindgen_test]
async fn empty_box_explains_what_to_paste() {
    let rig = Rig::<ErrorTab>::controlled(error_tab).await;
    let root = rig.root();
    assert_eq!(
        query(root, ".summary").get_attribute("role").as_deref(),
        Some("status")
    );
    let intro = query(root, ".intro").text_content().unwrap();
    for what in [
        "error page",
        "JSON",
        "redirect URL",
        "MSAL",
        "PowerShell",
        "log",
    ] {
        assert!(intro.contains(what), "intro lacks {what}: {intro}");
    }
    assert!(root.query_selector(".failure").unwrap().is_none());
    // A saved log or a browser's HAR export can be opened instead of pasted.
    let file = query(root, "#error-file");
    assert_eq!(file.get_attribute("type").as_deref(), Some("file"));
    assert!(file.get_attribute("accept").unwrap().contains(".har"));
    assert!(query(root, "label[for=error-file]").is_object());
}

#[wasm_bindgen_test]
async fn error_page_gives_one_card_with_ids_highlights_and_guidance() {
    let rig = paste(PAGE).await;
    let root = rig.root();
    assert_eq!(
        root.query_selector_all(".failure").unwrap().length(),
        1,
        "{}",
        text(root)
    );
    let summary = query(root, ".summary").text_content().unwrap();
    assert_eq!(summary, "1 failure: AADSTS50020 (UserUnauthorized)");

    let card = query(root, ".failure");
    let head = query(&card, "h3").text_content().unwrap();
    assert!(
        head.contains("AADSTS50020") && head.contains("UserUnauthorized"),
        "{head}"
    );
    let lookup = query(&card, "a.lookup");
    assert_eq!(
        lookup.get_attribute("href").as_deref(),
        Some("https://login.microsoftonline.com/error?code=50020")
    );
    assert_eq!(
        lookup.get_attribute("rel").as_deref(),
        Some("noopener noreferrer")
    );
    assert_eq!(lookup.get_attribute("target").as_deref(), Some("_blank"));

    let facts = all_text(&card, ".facts").concat();
    for v in [
        "0c8b7a31-8b20-4c4d-9a57-7f0b2e3d1a00",
        "5f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0",
        "2024-05-01T10:20:30Z",
        "ann@partner.example",
        "live.com",
        "Contoso",
        "My Apps (2793995e-0a7d-40d7-bd35-6968ba142197)",
    ] {
        assert!(facts.contains(v), "facts lack {v}: {facts}");
    }
    assert_eq!(
        copy_labels(&card),
        ["Copy request ID", "Copy correlation ID", "Copy timestamp"]
    );

    // The message as pasted, with the values read from it marked.
    let marks = all_text(&card, ".passage mark");
    assert!(
        marks.iter().any(|m| m == "ann@partner.example"),
        "{marks:?}"
    );
    assert!(marks.iter().any(|m| m == "live.com"), "{marks:?}");
    assert!(
        query(&card, ".passage")
            .text_content()
            .unwrap()
            .starts_with("AADSTS50020: User account")
    );

    assert_eq!(
        all_text(&card, ".actors li"),
        ["Guest", "Resource-tenant admin", "App developer"]
    );
    let steps = all_text(&card, "ol.steps li");
    assert!(steps.len() >= 3, "{steps:?}");
    assert!(steps[0].starts_with("Guest: Sign out"), "{steps:?}");
    let checklist = all_text(&card, "ol.checklist li");
    assert_eq!(checklist.len(), 8, "{checklist:?}");
    assert!(
        checklist[0].contains("personal Microsoft account (live.com)"),
        "{checklist:?}"
    );
    assert!(query(&card, "details.fix").has_attribute("open"));
    let commands = query(&card, ".to-commands");
    assert_eq!(
        commands.text_content().unwrap(),
        "Commands for this fix are ready in the Commands tab."
    );
    assert_eq!(
        query(&commands, "a").get_attribute("href").as_deref(),
        Some("#commands")
    );
}

#[wasm_bindgen_test]
async fn redirect_url_is_decoded() {
    let rig = paste(REDIRECT).await;
    let root = rig.root();
    assert_eq!(
        root.query_selector_all(".failure").unwrap().length(),
        1,
        "{}",
        text(root)
    );
    let card = query(root, ".failure");
    assert!(
        query(&card, "h3")
            .text_content()
            .unwrap()
            .contains("AADSTS65001")
    );
    // Percent-encoding gone: spaces and quotes, not + and %27.
    let message = query(&card, ".passage").text_content().unwrap();
    assert!(
        message.starts_with("The user or administrator has not consented to use the application with ID '11112222-3333-4444-5555-666677778888' named 'Fabrikam Portal'."),
        "{message}"
    );
    assert!(
        !message.contains('+') && !message.contains('%'),
        "{message}"
    );
    let facts = all_text(&card, ".facts").concat();
    for v in [
        "consent_required",
        "2a3b4c5d-6e7f-4081-9293-a4b5c6d7e8f9",
        "9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a",
        "Fabrikam Portal (11112222-3333-4444-5555-666677778888)",
    ] {
        assert!(facts.contains(v), "facts lack {v}: {facts}");
    }
}

#[wasm_bindgen_test]
async fn plain_text_says_nothing_was_found() {
    let rig = paste("The meeting moved to Thursday; bring the quarterly numbers.").await;
    let root = rig.root();
    let summary = query(root, ".summary").text_content().unwrap();
    assert!(summary.starts_with("No AADSTS code"), "{summary}");
    assert!(root.query_selector(".failure").unwrap().is_none());
    assert!(root.query_selector(".intro").unwrap().is_none());
}

#[wasm_bindgen_test]
async fn log_with_three_failures_gives_three_cards_in_order() {
    let log = "2024-05-01 10:00:01 ERROR sign-in failed: AADSTS53003: Access has been blocked by Conditional Access policies. The access policy does not allow token issuance. Trace ID: 11111111-aaaa-4bbb-8ccc-000000000001 Correlation ID: 22222222-aaaa-4bbb-8ccc-000000000001
2024-05-01 10:05:02 INFO retrying
2024-05-01 10:10:03 ERROR sign-in failed: AADSTS50076: Due to a configuration change made by your administrator, or because you moved to a new location, you must use multi-factor authentication to access '00000003-0000-0000-c000-000000000000'. Trace ID: 11111111-aaaa-4bbb-8ccc-000000000002 Correlation ID: 22222222-aaaa-4bbb-8ccc-000000000002
2024-05-01 10:15:04 ERROR sign-in failed: AADSTS700016: Application with identifier '33334444-5555-6666-7777-888899990000' was not found in the directory 'Fabrikam'. Trace ID: 11111111-aaaa-4bbb-8ccc-000000000003 Correlation ID: 22222222-aaaa-4bbb-8ccc-000000000003
";
    let rig = paste(log).await;
    let root = rig.root();
    let heads = all_text(root, ".failure h3");
    assert_eq!(heads.len(), 3, "{heads:?}");
    for (head, code) in heads
        .iter()
        .zip(["AADSTS53003", "AADSTS50076", "AADSTS700016"])
    {
        assert!(head.contains(code), "{heads:?}");
    }
    let summary = query(root, ".summary").text_content().unwrap();
    assert!(summary.starts_with("3 failures: AADSTS53003"), "{summary}");
    // Each card carries its own correlation ID, in order.
    let cards = all_text(root, ".failure");
    for (i, f) in cards.iter().enumerate() {
        assert!(
            f.contains(&format!("22222222-aaaa-4bbb-8ccc-00000000000{}", i + 1)),
            "{f}"
        );
    }
    // The resource is named, not only given as an ID.
    assert!(cards[1].contains("Microsoft Graph"), "{}", cards[1]);
}

#[wasm_bindgen_test]
async fn unverified_meaning_is_marked() {
    let rig = paste("AADSTS500211: The user account does not exist in the tenant. Trace ID: 11111111-aaaa-4bbb-8ccc-000000000009").await;
    let root = rig.root();
    let caveat = query(root, ".failure .caveat").text_content().unwrap();
    assert!(caveat.contains("Unverified"), "{caveat}");
    assert!(text(root).contains("not in Microsoft's error reference"));
}

#[wasm_bindgen_test]
async fn many_failures_are_capped_but_all_counted() {
    let total = MAX_CARDS + 7;
    let log: String = (0..total)
        .map(|i| {
            format!(
                "2024-05-01 10:00:{:02} AADSTS53003: Access has been blocked by Conditional Access policies. Trace ID: 11111111-aaaa-4bbb-8ccc-{i:012}\n",
                i % 60
            )
        })
        .collect();
    let rig = paste(&log).await;
    let root = rig.root();
    let cards = || root.query_selector_all(".failure").unwrap().length() as usize;
    // The first cards at once, the rest a few per task up to the cap.
    assert_eq!(cards(), CARDS_PER_TASK);
    for _ in 0..MAX_CARDS {
        guestlens_web::browser::next_tick().await;
        yew::scheduler::flush().await;
    }
    assert_eq!(cards(), MAX_CARDS);
    assert!(
        query(root, ".summary")
            .text_content()
            .unwrap()
            .starts_with(&format!("{total} failures")),
    );
    assert_eq!(
        query(root, ".more").text_content().unwrap(),
        format!("7 more failures not shown; the first {MAX_CARDS} are above.")
    );
    // Guidance is unfolded on the first card only; repeats start folded.
    let details = root.query_selector_all("details.fix[open]").unwrap();
    assert_eq!(details.length(), 1);
}

#[wasm_bindgen_test]
fn odd_spans_never_panic() {
    let h = |start, end, kind: &str| Highlight {
        start,
        end,
        kind: guestlens_analysis::errors::Field::parse(kind).unwrap(),
    };
    let t = "é AADSTS50020: user 'ü@x.example' here";
    let at = |s: &str| t.find(s).unwrap();
    // Inside a character, reversed, out of range: no passage, never a panic.
    assert!(passage(t, &[h(1, 5, "message")]).is_none());
    assert!(passage(t, &[h(9, 2, "message")]).is_none());
    assert!(passage(t, &[h(200, usize::MAX, "message")]).is_none());
    let code = at("AADSTS");
    let user = at("ü@");
    let (text, marks) = passage(
        t,
        &[
            h(code, code + 11, "code"),
            h(at("user"), t.len(), "message"),
            h(user, at("' here"), "user"),
            // Overlapping, inside 'ü', and past the end: dropped.
            h(user + 1, user + 4, "user"),
            h(at("here"), t.len() + 9, "idp"),
        ],
    )
    .unwrap();
    assert_eq!(text, "AADSTS50020: user 'ü@x.example' here");
    let got: Vec<&str> = marks.iter().map(|m| &text[m.start..m.end]).collect();
    assert_eq!(got, ["AADSTS50020", "ü@x.example"]);
}

#[wasm_bindgen_test]
async fn a_failure_the_case_set_aside_says_so_on_its_card() {
    let two = format!(
        "{REDIRECT}\n\nAADSTS50034: The user account bo@elsewhere.example does not exist in the directory.\n"
    );
    let mut props = error_tab(two, Callback::noop());
    assert_eq!(props.report.failures.len(), 2);
    props.set_aside = Rc::from([1]);
    let rig = Rig::<ErrorTab>::mount(props).await;
    let cards = rig.root().query_selector_all("article.failure").unwrap();
    let said = |i: u32| {
        cards
            .get(i)
            .and_then(|c| c.text_content())
            .unwrap_or_default()
    };
    assert!(!said(0).contains("Set aside by the case"), "{}", said(0));
    assert!(said(1).contains("Set aside by the case"), "{}", said(1));
    // Its advice starts folded: it is not about this guest.
    let open = |i: u32| {
        cards
            .get(i)
            .and_then(|c| c.dyn_into::<Element>().ok())
            .and_then(|c| c.query_selector("details.fix").ok().flatten())
            .map(|d| d.has_attribute("open"))
    };
    assert_eq!(open(0), Some(true));
    assert_eq!(open(1), Some(false));
}
