//! Sign-in log exports: the admin center's JSON and CSV downloads, Graph's `value` page, the recipe's PowerShell list, damaged files, and the case they join.
use guestlens_analysis::case::{FactField, Place, SourceKind};
use guestlens_analysis::signins::{self, Format};
use guestlens_analysis::{Report, Severity};

const NOW: i64 = 1_764_100_000;
const HOME: &str = "a1a1a1a1-0000-4000-8000-000000000001";
const RESOURCE: &str = "b2b2b2b2-0000-4000-8000-000000000002";
const APP: &str = "c3c3c3c3-0000-4000-8000-000000000003";
const REQ1: &str = "d4d4d4d4-0000-4000-8000-000000000011";
const CORR1: &str = "e5e5e5e5-0000-4000-8000-000000000011";
const REQ2: &str = "d4d4d4d4-0000-4000-8000-000000000022";
const CORR2: &str = "e5e5e5e5-0000-4000-8000-000000000022";
const GUEST: &str = "ann.lee@partner.example";

/// One sign-in object as the admin center's download writes it (trimmed to what matters,
/// plus a few fields the reader must pass over).
fn sign_in(req: &str, corr: &str, when: &str, code: u32, reason: &str) -> String {
    format!(
        r#"{{
    "id": "{req}",
    "createdDateTime": "{when}",
    "userDisplayName": "Ann Lee",
    "userPrincipalName": "{GUEST}",
    "userId": "f6f6f6f6-0000-4000-8000-000000000006",
    "appId": "{APP}",
    "appDisplayName": "Contoso Expenses",
    "ipAddress": "203.0.113.7",
    "clientAppUsed": "Browser",
    "correlationId": "{corr}",
    "conditionalAccessStatus": "notApplied",
    "isInteractive": true,
    "status": {{ "errorCode": {code}, "failureReason": "{reason}", "additionalDetails": null }},
    "location": {{ "city": "Oslo", "countryOrRegion": "NO" }},
    "crossTenantAccessType": "b2bCollaboration",
    "homeTenantId": "{HOME}",
    "resourceTenantId": "{RESOURCE}",
    "userType": "guest"
  }}"#
    )
}

pub(crate) fn admin_center_json() -> String {
    let a = sign_in(
        REQ1,
        CORR1,
        "2026-11-24T09:15:02Z",
        50020,
        "User account from identity provider does not exist in tenant and cannot access the application.",
    );
    let b = sign_in(
        REQ2,
        CORR2,
        "2026-11-24T09:40:47Z",
        53003,
        "Access has been blocked by Conditional Access policies.",
    );
    let ok = sign_in(
        "d4d4d4d4-0000-4000-8000-000000000033",
        "e5e5e5e5-0000-4000-8000-000000000033",
        "2026-11-24T10:02:10Z",
        0,
        "Other.",
    );
    format!("[\n  {a},\n  {b},\n  {ok}\n]\n")
}

fn run(sources: &[(&str, &str)]) -> Report {
    crate::analyze_named(sources, NOW)
}

#[test]
fn the_admin_center_json_lists_failures_and_counts_successes() {
    let s = signins::read(&admin_center_json()).expect("recognised");
    assert_eq!(s.format, Format::JsonArray);
    assert_eq!(s.successes, 1);
    assert_eq!(s.failures.len(), 2);
    assert!(s.diagnostics.is_empty(), "{:?}", s.diagnostics);
    let a = &s.failures[0];
    assert_eq!(a.error_code, Some(50020));
    assert_eq!(a.request_id.as_deref(), Some(REQ1));
    assert_eq!(a.correlation_id.as_deref(), Some(CORR1));
    assert_eq!(a.created.as_deref(), Some("2026-11-24T09:15:02Z"));
    assert_eq!(a.upn.as_deref(), Some(GUEST));
    assert_eq!(a.app_id.as_deref(), Some(APP));
    assert_eq!(a.app_name.as_deref(), Some("Contoso Expenses"));
    assert_eq!(a.home_tenant_id.as_deref(), Some(HOME));
    assert_eq!(a.resource_tenant_id.as_deref(), Some(RESOURCE));
    assert_eq!(
        a.cross_tenant_access_type.as_deref(),
        Some("b2bCollaboration")
    );
    assert_eq!(a.user_type.as_deref(), Some("guest"));
    assert_eq!(a.at, 1);
    let b = &s.failures[1];
    assert_eq!(b.error_code, Some(53003));
    assert_eq!(b.request_id.as_deref(), Some(REQ2));
    assert_eq!(b.correlation_id.as_deref(), Some(CORR2));
    assert_eq!(
        b.failure_reason.as_deref(),
        Some("Access has been blocked by Conditional Access policies.")
    );
}

#[test]
fn a_graph_page_is_read_from_its_value() {
    let one = sign_in(REQ1, CORR1, "2026-11-24T09:15:02Z", 50020, "No account.");
    let text = format!(
        r#"{{"@odata.context":"https://graph.microsoft.com/beta/$metadata#auditLogs/signIns","value":[{one}],"@odata.nextLink":"https://graph.microsoft.com/beta/auditLogs/signIns?$skiptoken=x"}}"#
    );
    let s = signins::read(&text).expect("recognised");
    assert_eq!(s.format, Format::GraphValue);
    assert_eq!(s.failures.len(), 1);
    assert_eq!(s.failures[0].request_id.as_deref(), Some(REQ1));
    // An empty page is still a sign-in response, with nothing in it.
    let empty = signins::read(
        r#"{"@odata.context":"https://graph.microsoft.com/v1.0/$metadata#auditLogs/signIns","value":[]}"#,
    )
    .expect("an empty page");
    assert_eq!((empty.failures.len(), empty.successes), (0, 0));
}

#[test]
fn the_recipes_powershell_list_is_read() {
    // `Format-List` wraps the long reason onto an indented line.
    let text = format!(
        "\nCreatedDateTime       : 11/24/2026 9:15:02 AM\nCorrelationId         : {CORR1}\nUserPrincipalName     : {GUEST}\nAppDisplayName        : Contoso Expenses\nAppId                 : {APP}\nErrorCode             : 50020\nReason                : User account does not exist in tenant\n                        and cannot access the application.\nCrossTenantAccessType : b2bCollaboration\nHomeTenantId          : {HOME}\nHomeTenantName        :\nResourceTenantId      : {RESOURCE}\nUserType              : guest\nIsTenantRestricted    : False\n\nCreatedDateTime       : 11/24/2026 10:02:10 AM\nCorrelationId         : {CORR2}\nUserPrincipalName     : {GUEST}\nErrorCode             : 0\n\n"
    );
    let s = signins::read(&text).expect("recognised");
    assert_eq!(s.format, Format::PowerShellList);
    assert_eq!((s.failures.len(), s.successes), (1, 1));
    let f = &s.failures[0];
    assert_eq!(f.error_code, Some(50020));
    assert_eq!(f.correlation_id.as_deref(), Some(CORR1));
    assert_eq!(
        f.failure_reason.as_deref(),
        Some("User account does not exist in tenant and cannot access the application.")
    );
    assert_eq!(f.home_tenant_id.as_deref(), Some(HOME));
}

#[test]
fn powershell_json_with_pascal_case_names_is_read() {
    // `ConvertTo-Json` of SDK objects (a nested Status) and of the recipe's selection (flat
    // ErrorCode and Reason); a lone object is written without an array.
    let sdk = format!(
        r#"[{{"Id":"{REQ1}","CreatedDateTime":"2026-11-24T09:15:02Z","CorrelationId":"{CORR1}","UserPrincipalName":"{GUEST}","Status":{{"ErrorCode":50020,"FailureReason":"No account.","AdditionalDetails":null}},"HomeTenantId":"{HOME}","ResourceTenantId":"{RESOURCE}"}}]"#
    );
    let s = signins::read(&sdk).expect("recognised");
    assert_eq!(s.failures.len(), 1);
    assert_eq!(s.failures[0].request_id.as_deref(), Some(REQ1));
    assert_eq!(s.failures[0].error_code, Some(50020));
    assert_eq!(s.failures[0].failure_reason.as_deref(), Some("No account."));
    let selected = format!(
        r#"{{"CreatedDateTime":"2026-11-24T09:40:47Z","CorrelationId":"{CORR2}","UserPrincipalName":"{GUEST}","ErrorCode":53003,"Reason":"Blocked by Conditional Access.","HomeTenantId":"{HOME}"}}"#
    );
    let s = signins::read(&selected).expect("recognised");
    assert_eq!(s.format, Format::JsonArray);
    assert_eq!(s.failures.len(), 1);
    assert_eq!(s.failures[0].error_code, Some(53003));
    assert_eq!(
        s.failures[0].failure_reason.as_deref(),
        Some("Blocked by Conditional Access.")
    );
}

const CSV_HEADER: &str = "\u{feff}\"Date (UTC)\",\"Request ID\",\"User agent\",\"Correlation ID\",\"User ID\",\"User\",\"Username\",\"User type\",\"Cross tenant access type\",\"Application\",\"Application ID \",\"Resource tenant ID\",\"Home tenant ID\",\"Status\",\"Sign-in error code\",\"Failure reason\"";

#[test]
fn the_csv_download_with_quoted_commas_is_read() {
    let text = format!(
        "{CSV_HEADER}\r\n\
         2026-11-24T09:15:02Z,{REQ1},\"Mozilla/5.0 (Windows NT 10.0; Win64; x64), like Gecko\",{CORR1},f6f6f6f6-0000-4000-8000-000000000006,\"Lee, Ann\",{GUEST},Guest,B2B collaboration,\"Expenses, Travel \"\"EU\"\"\",{APP},{RESOURCE},{HOME},Failure,50020,\"User account does not exist in tenant, and cannot access the application.\"\r\n\
         2026-11-24T10:02:10Z,d4d4d4d4-0000-4000-8000-000000000033,Mozilla/5.0,e5e5e5e5-0000-4000-8000-000000000033,f6f6f6f6-0000-4000-8000-000000000006,\"Lee, Ann\",{GUEST},Guest,B2B collaboration,Expenses,{APP},{RESOURCE},{HOME},Success,0,Other.\r\n"
    );
    let s = signins::read(&text).expect("recognised");
    assert_eq!(s.format, Format::Csv);
    assert!(s.diagnostics.is_empty(), "{:?}", s.diagnostics);
    assert_eq!((s.failures.len(), s.successes), (1, 1));
    let f = &s.failures[0];
    assert_eq!(f.at, 2);
    assert_eq!(f.request_id.as_deref(), Some(REQ1));
    assert_eq!(f.correlation_id.as_deref(), Some(CORR1));
    assert_eq!(f.upn.as_deref(), Some(GUEST));
    // "Application ID " is padded in real downloads; "Application" is the name, not the ID.
    assert_eq!(f.app_id.as_deref(), Some(APP));
    assert_eq!(f.app_name.as_deref(), Some("Expenses, Travel \"EU\""));
    assert_eq!(f.error_code, Some(50020));
    assert_eq!(
        f.failure_reason.as_deref(),
        Some("User account does not exist in tenant, and cannot access the application.")
    );
    assert_eq!(f.home_tenant_id.as_deref(), Some(HOME));
    assert_eq!(f.resource_tenant_id.as_deref(), Some(RESOURCE));
    assert_eq!(
        f.cross_tenant_access_type.as_deref(),
        Some("B2B collaboration")
    );
}

#[test]
fn damaged_exports_say_where() {
    // JSON cut off in the second entry.
    let json = admin_center_json();
    let cut = &json[..json.len() / 2];
    let s = signins::read(cut).expect("still an export");
    assert!(s.failures.is_empty());
    let d = &s.diagnostics[0];
    assert_eq!(d.severity, Severity::Error);
    assert!(d.message.contains("line "), "{}", d.message);
    assert!(d.message.contains("column "), "{}", d.message);

    // Cut where a character straddles the look-ahead window's end: still recognised.
    let mut long = format!(
        "[{{\"createdDateTime\":\"2026-11-24T09:15:02Z\",\"correlationId\":\"{CORR1}\",\"appDisplayName\":\""
    );
    while long.len() < 64 * 1024 - 1 {
        long.push('x');
    }
    long.push_str("ééé");
    let s = signins::read(&long).expect("still an export");
    assert_eq!(s.diagnostics[0].severity, Severity::Error);

    // CSV: a short row, a bad code, and a quote never closed.
    let text = format!(
        "{CSV_HEADER}\n\
         2026-11-24T09:15:02Z,{REQ1},Mozilla/5.0\n\
         2026-11-24T09:16:02Z,{REQ2},Mozilla/5.0,{CORR2},x,Ann,{GUEST},Guest,none,Expenses,{APP},{RESOURCE},{HOME},Failure,5oo20,Bad\n\
         2026-11-24T09:17:02Z,{REQ2},\"Mozilla/5.0,{CORR2},x,Ann,{GUEST},Guest,none,Expenses,{APP},{RESOURCE},{HOME},Failure,50020,Bad\n"
    );
    let s = signins::read(&text).expect("recognised");
    assert!(s.failures.is_empty(), "{:?}", s.failures);
    let messages: Vec<&str> = s.diagnostics.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(messages.len(), 3, "{messages:?}");
    assert!(
        messages[0].starts_with("Line 2 has 3 columns"),
        "{messages:?}"
    );
    assert!(
        messages[1].starts_with("Line 3, column \"Sign-in error code\""),
        "{messages:?}"
    );
    assert!(messages[2].contains("opened on line 4"), "{messages:?}");
}

#[test]
fn other_text_is_not_an_export() {
    for text in [
        "Request Id: d4d4d4d4-0000-4000-8000-000000000011 Correlation Id: e5e5e5e5-0000-4000-8000-000000000011 AADSTS50020",
        r#"{"error":"invalid_grant","error_codes":[50020],"correlation_id":"e5e5e5e5-0000-4000-8000-000000000011"}"#,
        r#"[{"id":"1","displayName":"x"}]"#,
        "",
    ] {
        assert!(signins::read(text).is_none(), "{text}");
    }
}

#[test]
fn failures_beyond_the_cap_are_counted() {
    let n = signins::MAX_ROWS + 3;
    let one = sign_in(REQ1, CORR1, "2026-11-24T09:15:02Z", 50020, "x");
    let text = format!("[{}]", vec![one; n].join(","));
    let s = signins::read(&text).expect("recognised");
    assert_eq!(s.failures.len(), signins::MAX_ROWS);
    assert_eq!(s.more_failures, 3);
    assert_eq!(s.diagnostics.len(), 1);
}

#[test]
fn an_export_joins_the_case_with_each_failure_keeping_its_ids() {
    let json = admin_center_json();
    let r = run(&[("InteractiveSignIns.json", &json)]);
    assert_eq!(r.sources[0].kinds, [SourceKind::SignIns, SourceKind::Error]);
    assert_eq!(r.errors.len(), 2, "{:?}", r.errors);
    let (a, b) = (&r.errors[0], &r.errors[1]);
    assert_eq!(a.codes, [50020]);
    assert_eq!(a.trace_id.as_deref(), Some(REQ1));
    assert_eq!(a.correlation_id.as_deref(), Some(CORR1));
    assert_eq!(a.timestamp.as_deref(), Some("2026-11-24T09:15:02Z"));
    assert!(a.guidance.is_some(), "50020 has guidance");
    assert!(!a.actors.is_empty());
    assert_eq!(b.codes, [53003]);
    assert_eq!(b.trace_id.as_deref(), Some(REQ2));
    assert_eq!(b.correlation_id.as_deref(), Some(CORR2));
    assert!(r.errors.iter().all(|f| f.source == 1));
    assert_eq!(r.case.failures.len(), 2);
    assert_eq!(r.case.failures[1].correlation_id.as_deref(), Some(CORR2));

    let fact = |field: FactField| {
        r.case
            .subject
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, fact)| fact.clone())
            .unwrap_or_else(|| panic!("{field:?} settled: {:?}", r.case))
    };
    let guest = fact(FactField::GuestAddress);
    assert_eq!(guest.value, GUEST);
    let home = fact(FactField::HomeTenant);
    assert_eq!(home.value, HOME);
    let resource = fact(FactField::ResourceTenant);
    assert_eq!(resource.value, RESOURCE);
    // Home and resource tenant are roles, not a conflict; each names both failures.
    for f in [&home, &resource] {
        let places: Vec<(u32, Place)> = f.sources.iter().map(|o| (o.source, o.place)).collect();
        assert_eq!(places, [(1, Place::Failure(0)), (1, Place::Failure(1))]);
    }
    assert!(!r.case.in_conflict(FactField::HomeTenant));
    assert!(!r.case.in_conflict(FactField::ResourceTenant));
    // Two sign-ins, two correlation IDs: a choice for the user, never one picked silently.
    assert!(r.case.in_conflict(FactField::CorrelationId));
    let json_report = serde_json::to_value(&r).expect("serialises");
    assert_eq!(json_report["sources"][0]["kinds"][0], "sign_ins");
    assert_eq!(json_report["sign_ins"]["successes"], 1);
}

#[test]
fn an_export_next_to_an_error_text_shares_the_guest() {
    let json = admin_center_json();
    let error = format!(
        "AADSTS50020: User account '{GUEST}' from identity provider 'https://sts.windows.net/{HOME}/' does not exist in tenant 'Contoso' and cannot access the application '{APP}'.\nTrace ID: {REQ1}\nCorrelation ID: {CORR1}\nTimestamp: 2026-11-24 09:15:02Z"
    );
    let r = run(&[("error.txt", &error), ("signins.json", &json)]);
    assert_eq!(r.sources[0].kinds, [SourceKind::Error]);
    assert_eq!(r.sources[1].kinds, [SourceKind::SignIns, SourceKind::Error]);
    assert_eq!(r.errors.len(), 3);
    assert_eq!(r.case.value(FactField::GuestAddress), Some(GUEST));
    assert_eq!(r.case.value(FactField::HomeTenant), Some(HOME));
    let home = r
        .case
        .subject
        .iter()
        .find(|(f, _)| *f == FactField::HomeTenant)
        .map(|(_, fact)| fact.sources.iter().map(|o| o.source).collect::<Vec<_>>());
    assert_eq!(home, Some(vec![1, 2, 2]));
}

/// A row of the tenant's own member (`userType` member, `crossTenantAccessType` none), as the
/// admin center's JSON download writes one.
fn member_sign_in(upn: &str, req: &str, corr: &str, access: &str) -> String {
    format!(
        r#"{{
    "id": "{req}",
    "createdDateTime": "2026-11-24T09:20:11Z",
    "userPrincipalName": "{upn}",
    "userId": "f7f7f7f7-0000-4000-8000-000000000007",
    "appId": "{APP}",
    "appDisplayName": "Contoso Expenses",
    "correlationId": "{corr}",
    "status": {{ "errorCode": 50126, "failureReason": "Error validating credentials due to invalid username or password." }},
    "crossTenantAccessType": "{access}",
    "homeTenantId": "{RESOURCE}",
    "resourceTenantId": "{RESOURCE}",
    "userType": "member"
  }}"#
    )
}

/// The guest's own failed sign-in, beside which the member rows are read.
fn guest_50020() -> String {
    sign_in(
        REQ1,
        CORR1,
        "2026-11-24T09:15:02Z",
        50020,
        "User account does not exist in tenant.",
    )
}

#[test]
fn the_tenants_own_members_in_a_log_are_never_offered_as_the_guest() {
    let guest = guest_50020();
    let member = member_sign_in(
        "kim.berg@contoso.example",
        "d4d4d4d4-0000-4000-8000-000000000044",
        "e5e5e5e5-0000-4000-8000-000000000044",
        "none",
    );
    let r = run(&[("signins.json", &format!("[{guest},{member}]"))]);
    assert_eq!(r.errors.len(), 2);
    assert!(r.errors[1].within_tenant && !r.errors[0].within_tenant);
    // One guest, no choice between the guest and the employee.
    assert!(
        !r.case.in_conflict(FactField::GuestAddress),
        "{:?}",
        r.case.conflicts
    );
    assert_eq!(r.case.value(FactField::GuestAddress), Some(GUEST));
    assert_eq!(r.case.failures.len(), 1);
    assert_eq!(r.case.value(FactField::CorrelationId), Some(CORR1));
    assert_eq!(
        r.set_aside_line().as_deref(),
        Some("AADSTS50126 for kim.berg@contoso.example (a member of the tenant, not a guest)")
    );

    // A log of members only: no guest to name, and nothing of theirs fills the case.
    let r = run(&[("signins.json", &format!("[{member}]"))]);
    assert_eq!(r.case.value(FactField::GuestAddress), None);
    assert!(r.case.conflicts.is_empty(), "{:?}", r.case.conflicts);
    assert!(r.case.failures.is_empty());
    assert_eq!(r.case.value(FactField::ResourceTenant), None);
}

#[test]
fn a_member_who_crossed_from_another_tenant_is_still_a_candidate() {
    // Cross-tenant synchronisation makes B2B users members: their sign-in still crosses tenants.
    let guest = guest_50020();
    let synced = member_sign_in(
        "ola.nord@partner.example",
        "d4d4d4d4-0000-4000-8000-000000000055",
        "e5e5e5e5-0000-4000-8000-000000000055",
        "b2bCollaboration",
    );
    let r = run(&[("signins.json", &format!("[{guest},{synced}]"))]);
    assert!(!r.errors[1].within_tenant);
    assert!(
        r.case.in_conflict(FactField::GuestAddress),
        "two people, a choice for the user"
    );
}

#[test]
fn the_csv_downloads_member_rows_are_read_as_within_the_tenant() {
    let text = format!(
        "{CSV_HEADER}\r\n\
         2026-11-24T09:15:02Z,{REQ1},Mozilla/5.0,{CORR1},f6f6f6f6-0000-4000-8000-000000000006,Ann Lee,{GUEST},Guest,B2B collaboration,Expenses,{APP},{RESOURCE},{HOME},Failure,50020,Not in tenant.\r\n\
         2026-11-24T09:20:11Z,{REQ2},Mozilla/5.0,{CORR2},f7f7f7f7-0000-4000-8000-000000000007,Kim Berg,kim.berg@contoso.example,Member,None,Expenses,{APP},{RESOURCE},{RESOURCE},Failure,50126,Invalid username or password.\r\n"
    );
    let s = signins::read(&text).expect("recognised");
    assert_eq!(
        s.failures
            .iter()
            .map(|f| f.within_tenant())
            .collect::<Vec<_>>(),
        [false, true]
    );
    let r = run(&[("signins.csv", &text)]);
    assert_eq!(r.case.value(FactField::GuestAddress), Some(GUEST));
}
