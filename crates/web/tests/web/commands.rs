//! Component tests of the Commands tab: filled in from what the Error and Token tools found,
//! edited by hand, validated per field, and quoted so hostile values stay inside their strings.
use guestlens_analysis::token::samples;
use guestlens_analysis::{errors, findings, token};
use guestlens_web::browser;
use guestlens_web::commands_tab::{CommandsTab, CommandsTabProps};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::wasm_bindgen_test;
use web_sys::{Element, HtmlInputElement};

use super::{Rig, click, query, text, type_into};

const ERROR_50020: &str = "AADSTS50020: User account 'ann@partner.example' from identity provider 'live.com' does not exist in tenant 'Contoso' and cannot access the application '00000003-0000-0000-c000-000000000000'(Graph) in that tenant.";

fn value(root: &Element, selector: &str) -> String {
    query(root, selector)
        .dyn_into::<HtmlInputElement>()
        .unwrap()
        .value()
}

fn checked(root: &Element, selector: &str) -> bool {
    query(root, selector)
        .dyn_into::<HtmlInputElement>()
        .unwrap()
        .checked()
}

/// The text of every command box in a recipe card, joined.
fn commands_of(root: &Element, id: &str) -> String {
    let boxes = root
        .query_selector_all(&format!("#recipe-{id} pre code"))
        .unwrap();
    (0..boxes.length())
        .map(|i| boxes.get(i).unwrap().text_content().unwrap_or_default())
        .collect::<Vec<_>>()
        .join("\n")
}

/// The Commands tab given what the Error tool finds in the 50020 message (and no token),
/// as the page hands it over.
async fn after_50020() -> Rig<CommandsTab> {
    let report = errors::analyze(ERROR_50020);
    assert_eq!(report.failures.len(), 1, "{}", report.summary);
    Rig::<CommandsTab>::mount(CommandsTabProps {
        findings: findings::collect(None, &report.failures),
        ..Default::default()
    })
    .await
}

#[wasm_bindgen_test]
async fn error_50020_fills_the_address_into_the_suggested_search() {
    let rig = after_50020().await;
    let root = rig.root();
    assert_eq!(value(root, "#cmd-email"), "ann@partner.example");
    // "Contoso" is a display name, which no command can connect to.
    assert_eq!(value(root, "#cmd-tenant"), "");
    assert_eq!(value(root, "#cmd-code"), "50020");

    // The recipes the 50020 guidance names, in its order, then signin-logs for the failure.
    let cards = root.query_selector_all(".recipe").unwrap();
    let ids: Vec<String> = (0..cards.length())
        .map(|i| cards.get(i).unwrap().dyn_into::<Element>().unwrap().id())
        .collect();
    assert_eq!(
        ids,
        [
            "recipe-find-address",
            "recipe-guest-state",
            "recipe-resend-invite",
            "recipe-reset-redemption",
            "recipe-remove-object",
            "recipe-app-access",
            "recipe-signin-logs"
        ]
    );
    let first = query(root, ".recipe");
    let head = query(&first, ".recipe-head").text_content().unwrap();
    assert!(head.contains("suggested"), "{head}");
    assert!(head.contains("read-only"), "{head}");
    let first_pick = query(root, ".cmd-picker input");
    assert_eq!(first_pick.id(), "pick-find-address");
    assert!(checked(root, "#pick-find-address"));
    assert!(!checked(root, "#pick-list-guests"));

    let ps = commands_of(root, "find-address");
    assert!(
        ps.contains("proxyAddresses/any(p:p eq ''smtp:ann@partner.example'')"),
        "{ps}"
    );
    assert!(ps.contains("'mail eq ''ann@partner.example'''"), "{ps}");
    assert!(ps.contains("Connect-MgGraph -Scopes 'User.Read.All', 'OrgContact.Read.All'"));
    // Where, as whom and what it changes.
    let card = query(root, "#recipe-find-address").text_content().unwrap();
    assert!(card.contains("The resource tenant"), "{card}");
    assert!(card.contains("Directory Readers"), "{card}");
    assert!(card.contains("Read-only."), "{card}");
    // The guest is known, and so is a failure: those recipes are suggested too.
    assert!(query(root, "#recipe-guest-state").is_object());
    assert!(query(root, "#recipe-signin-logs").is_object());
    assert!(text(root).contains("Filled in from the case."));
}

#[wasm_bindgen_test]
async fn guest_token_fills_object_id_and_tenants() {
    let token = samples::token("guest-entra-v1", browser::now()).unwrap();
    let found = token::find_and_analyze(&token, browser::now());
    assert!(found.report.is_some(), "{:?}", found.note);
    let rig = Rig::<CommandsTab>::mount(CommandsTabProps {
        findings: findings::collect(found.report.as_ref(), &[]),
        ..Default::default()
    })
    .await;
    let root = rig.root();

    let oid = value(root, "#cmd-object_id");
    let tid = value(root, "#cmd-tenant");
    assert_eq!(oid.len(), 36, "object ID not filled in: {oid:?}");
    assert_eq!(tid.len(), 36, "resource tenant not filled in: {tid:?}");
    assert_eq!(
        value(root, "#cmd-home_tenant"),
        "bbbbcccc-1111-dddd-2222-eeee3333ffff"
    );
    let ps = commands_of(root, "guest-state");
    assert!(ps.contains(&format!("Get-MgUser -UserId '{oid}'")), "{ps}");
    assert!(ps.contains(&format!("-TenantId '{tid}'")), "{ps}");
    assert!(
        query(root, "#recipe-guest-state .recipe-head")
            .text_content()
            .unwrap()
            .contains("suggested")
    );
}

#[wasm_bindgen_test]
async fn invalid_object_id_is_explained_and_blocks_guest_state() {
    let rig = after_50020().await;
    let root = rig.root();
    assert!(commands_of(root, "guest-state").contains("mail eq ''ann@partner.example''"));

    type_into(root, "#cmd-object_id", "1234-not-a-guid").await;
    let input = query(root, "#cmd-object_id");
    assert_eq!(input.get_attribute("aria-invalid").as_deref(), Some("true"));
    let described = input.get_attribute("aria-describedby").unwrap();
    let error_id = described.split(' ').next().unwrap();
    let message = query(root, &format!("#{error_id}")).text_content().unwrap();
    assert!(message.contains("\"1234-not-a-guid\""), "{message}");
    assert!(message.contains("not a GUID"), "{message}");

    // No command by that object ID, nor falling back to the address behind the user's back.
    assert_eq!(commands_of(root, "guest-state"), "");
    let card = query(root, "#recipe-guest-state").text_content().unwrap();
    assert!(card.contains("No commands yet"), "{card}");
    assert!(card.contains("not a GUID"), "{card}");
    // Its button to the field is named after it: a screen reader lists several "Edit" buttons.
    assert_eq!(
        query(root, "#recipe-guest-state .notice.blocked button")
            .text_content()
            .as_deref(),
        Some("Edit Object ID")
    );
    // A recipe that does not use the object ID keeps its commands.
    assert!(commands_of(root, "find-address").contains("ann@partner.example"));

    let oid = "4a1b2c3d-0000-4e5f-8a9b-0c1d2e3f4a5b";
    type_into(root, "#cmd-object_id", oid).await;
    assert_eq!(
        query(root, "#cmd-object_id")
            .get_attribute("aria-invalid")
            .as_deref(),
        Some("false")
    );
    assert!(
        root.query_selector("#cmd-object_id-error")
            .unwrap()
            .is_none()
    );
    assert!(commands_of(root, "guest-state").contains(&format!("Get-MgUser -UserId '{oid}'")));
}

#[wasm_bindgen_test]
async fn hostile_address_keeps_its_quotes_doubled() {
    let rig = after_50020().await;
    let root = rig.root();
    type_into(root, "#cmd-email", "o'brien\u{2019}$x@x.example").await;
    assert_eq!(
        query(root, "#cmd-email")
            .get_attribute("aria-invalid")
            .as_deref(),
        Some("false")
    );
    let ps = commands_of(root, "find-address");
    // OData doubles ' once; PowerShell then doubles every quote of its family, ’ included.
    assert!(
        ps.contains("'mail eq ''o''''brien\u{2019}\u{2019}$x@x.example'''"),
        "{ps}"
    );
    assert!(!ps.contains("o'brien"), "an undoubled quote: {ps}");

    // The same value in a POSIX shell word.
    click(root, ".cmd-dialects label:nth-of-type(3) input").await;
    let az = commands_of(root, "find-address");
    assert!(
        az.contains(r"--filter 'mail eq '\''o'\'''\''brien’$x@x.example'\'''"),
        "{az}"
    );

    // The invitation API refuses '$': the (suggested) invite card says so and writes nothing.
    assert!(checked(root, "#pick-resend-invite"));
    assert_eq!(commands_of(root, "resend-invite"), "");
    let card = query(root, "#recipe-resend-invite").text_content().unwrap();
    assert!(card.contains("does not accept '$'"), "{card}");
}

#[wasm_bindgen_test]
async fn without_findings_every_recipe_works_from_typed_values() {
    let rig = Rig::<CommandsTab>::mount(CommandsTabProps {
        findings: findings::collect(None, &[]),
        ..Default::default()
    })
    .await;
    let root = rig.root();
    assert!(text(root).contains("The fields fill in from the case: paste an error page"));
    assert_eq!(
        root.query_selector_all(".cmd-picker input[type=checkbox]")
            .unwrap()
            .length() as usize,
        guestlens_analysis::entra::RecipeId::ALL.len(),
        "one checkbox per recipe"
    );
    assert!(!text(root).contains("suggested"));
    let card = query(root, "#recipe-find-address").text_content().unwrap();
    assert!(card.contains("Email address is needed"), "{card}");

    type_into(root, "#cmd-email", "bob@fabrikam.example").await;
    type_into(root, "#cmd-tenant", "contoso.onmicrosoft.com").await;
    let ps = commands_of(root, "find-address");
    assert!(ps.contains("-TenantId 'contoso.onmicrosoft.com'"), "{ps}");

    // REST: one box per call, each with method, URL and headers.
    click(root, ".cmd-dialects label:nth-of-type(2) input").await;
    let boxes = root
        .query_selector_all("#recipe-find-address pre code")
        .unwrap();
    assert_eq!(boxes.length(), 9);
    let rest = commands_of(root, "find-address");
    assert!(
        rest.contains("GET https://graph.microsoft.com/v1.0/contacts?$filter="),
        "{rest}"
    );
    assert!(rest.contains("ConsistencyLevel: eventual"), "{rest}");

    // A recipe that writes says so, and shows the check-first note.
    click(root, "#pick-reset-redemption").await;
    type_into(
        root,
        "#cmd-object_id",
        "4a1b2c3d-0000-4e5f-8a9b-0c1d2e3f4a5b",
    )
    .await;
    let card = query(root, "#recipe-reset-redemption")
        .text_content()
        .unwrap();
    assert!(card.contains("changes something"), "{card}");
    assert!(card.contains("Run the checks first"), "{card}");
    assert!(card.contains("Helpdesk Administrator"), "{card}");
    let body = commands_of(root, "reset-redemption");
    assert!(body.contains("\"resetRedemption\": true"), "{body}");

    // Unticking removes the card.
    click(root, "#pick-find-address").await;
    assert!(
        root.query_selector("#recipe-find-address")
            .unwrap()
            .is_none()
    );
}

#[wasm_bindgen_test]
async fn no_command_wraps_at_a_hyphen_and_the_text_is_unchanged() {
    let rig = after_50020().await;
    let root = rig.root();
    let kept = root
        .query_selector_all("#recipe-find-address pre .nw")
        .unwrap();
    let words: Vec<String> = (0..kept.length())
        .map(|i| kept.get(i).unwrap().text_content().unwrap_or_default())
        .collect();
    assert!(words.iter().any(|w| w == "Connect-MgGraph"), "{words:?}");
    assert!(words.iter().any(|w| w == "-Scopes"), "{words:?}");
    assert!(
        words.iter().all(|w| w.contains('-') && w.len() <= 24),
        "{words:?}"
    );
    // In every card, every hyphen sits in such a span: none is a place to wrap.
    let count = |selector: &str| -> usize {
        let found = root.query_selector_all(selector).unwrap();
        (0..found.length())
            .map(|i| {
                found
                    .get(i)
                    .unwrap()
                    .text_content()
                    .unwrap_or_default()
                    .matches('-')
                    .count()
            })
            .sum()
    };
    let hyphens = count(".recipe pre code");
    assert!(hyphens > 50, "{hyphens}");
    assert_eq!(count(".recipe pre code .nw"), hyphens);
    // The spans only style: the box reads (and copies) as the command itself.
    let ps = commands_of(root, "find-address");
    assert!(
        ps.contains("Connect-MgGraph -Scopes 'User.Read.All', 'OrgContact.Read.All'"),
        "{ps}"
    );
}

#[wasm_bindgen_test]
async fn a_saved_cases_typed_values_fill_the_form_and_each_edit_is_reported() {
    use guestlens_analysis::commands::Inputs;
    use std::cell::RefCell;
    use std::rc::Rc;
    let reported = Rc::new(RefCell::new(Inputs::default()));
    let seen = Rc::clone(&reported);
    let report = errors::analyze(ERROR_50020);
    let rig = Rig::<CommandsTab>::mount(CommandsTabProps {
        findings: findings::collect(None, &report.failures),
        restored: Inputs {
            tenant: Some("contoso.example".into()),
            ..Default::default()
        }
        .to_saved(),
        opened: 1,
        on_typed: yew::Callback::from(move |t| *seen.borrow_mut() = t),
    })
    .await;
    let root = rig.root();
    assert_eq!(value(root, "#cmd-tenant"), "contoso.example");
    // A found value the file did not touch stays the found one.
    assert_eq!(value(root, "#cmd-email"), "ann@partner.example");
    type_into(root, "#cmd-days", "30").await;
    let now = reported.borrow().clone();
    assert_eq!(now.days.as_deref(), Some("30"));
    assert_eq!(now.tenant.as_deref(), Some("contoso.example"));
    assert_eq!(now.email, None, "nothing typed there");
}
