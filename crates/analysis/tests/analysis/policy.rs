//! Tests of the policy analysis: Graph response shapes, exact byte counts, findings and the
//! bytes they free, malformed and odd inputs, and inputs that must never panic.
//!
//! Fixtures under `policy/` follow the documented Graph schema; the beta `definition` layout
//! is not documented, so the definitions built here are synthetic. Expected sizes are
//! computed independently with serde_json, never with the code under test.
use guestlens_analysis::policy::{
    FindingKind, LIMIT, ObjectKind, PartKind, PolicyReport, Provenance, analyze, looks_like_policy,
};
use guestlens_analysis::text::grouped;
use proptest::prelude::*;
use serde_json::{Value, json};

const V1: &str = include_str!("policy/v1_policy.json");
const PARTNERS: &str = include_str!("policy/partners.json");
const PARTNER: &str = include_str!("policy/partner.json");
const DEFAULT: &str = include_str!("policy/default.json");

const G1: &str = "6f0a1c2e-1111-4d6e-9a7b-0c1d2e3f4a01";
const G2: &str = "6f0a1c2e-2222-4d6e-9a7b-0c1d2e3f4a02";

/// Compact size, as serde_json writes it.
fn compact(v: &Value) -> usize {
    serde_json::to_string(v).map(|s| s.len()).unwrap_or(0)
}

/// Compact size once escaped inside a JSON string (as parts of `definition` sit).
fn nested(v: &Value) -> usize {
    let inner = serde_json::to_string(v).unwrap_or_default();
    compact(&Value::String(inner)) - 2
}

fn parse(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or(Value::Null)
}

fn finding(r: &PolicyReport, kind: FindingKind) -> &guestlens_analysis::policy::Finding {
    r.findings
        .iter()
        .find(|f| f.kind == kind)
        .unwrap_or_else(|| panic!("no {} finding in {:#?}", kind.id(), r.findings))
}

fn group(id: &str) -> Value {
    json!({"Target": id, "TargetType": "group"})
}

/// A synthetic definition document (layout invented: Microsoft doesn't document it).
fn definition(partners: &[Value]) -> Value {
    json!({"CrossTenantAccessPolicy": {
        "Version": 1,
        "LastModified": "2024-05-01T10:00:00Z",
        "Partners": partners,
    }})
}

/// A beta base object response holding `def`, as Graph Explorer shows it.
fn beta_response(def: &Value, pretty: bool) -> String {
    let outer = json!({
        "@odata.context": "https://graph.microsoft.com/beta/$metadata#policies/crossTenantAccessPolicy/$entity",
        "id": "e3b0c442-98fc-4c14-9afb-f4c8996fb924",
        "deletedDateTime": null,
        "description": null,
        "displayName": "CrossTenantAccessPolicy",
        "definition": [serde_json::to_string(def).unwrap_or_default()],
        "isOrganizationDefault": true,
        "allowedCloudEndpoints": [],
    });
    if pretty {
        serde_json::to_string_pretty(&outer).unwrap_or_default()
    } else {
        serde_json::to_string(&outer).unwrap_or_default()
    }
}

fn outbound_partner(tenant: &str, groups: &[&str]) -> Value {
    let targets: Vec<Value> = groups.iter().map(|g| group(g)).collect();
    json!({
        "TenantId": tenant,
        "B2BCollaborationOutbound": {"UsersAndGroups": {"AccessType": "allowed", "Targets": targets}},
    })
}

fn null_partner(tenant: &str) -> Value {
    json!({
        "TenantId": tenant,
        "B2BCollaborationInbound": null,
        "B2BCollaborationOutbound": null,
        "InboundTrust": null,
    })
}

#[test]
fn beta_policy_with_definition() {
    let a = outbound_partner("aaaaaaaa-0000-4000-8000-00000000000a", &[G1, G2]);
    let b = outbound_partner("bbbbbbbb-0000-4000-8000-00000000000b", &[G1, G2]);
    let c = null_partner("cccccccc-0000-4000-8000-00000000000c");
    let def = definition(&[a.clone(), b, c.clone()]);
    let text = beta_response(&def, true);
    assert!(looks_like_policy(&text));
    let r = analyze(&text);

    assert_eq!(r.object_kind, ObjectKind::BetaPolicy);
    assert!(r.valid_json && r.json_error.is_none() && r.tolerated.is_empty());
    assert!(!r.partial && r.partial_warning.is_none());
    assert_eq!(r.bytes_as_pasted, text.len());
    assert_eq!(r.microsoft_procedure_bytes, text.len());
    assert_eq!(r.bytes_compact, Some(compact(&parse(&text))));
    assert_eq!(r.limit, 25_600);
    assert_eq!(r.measured_bytes, text.len());
    assert_eq!(r.remaining, 25_600 - text.len() as i64);
    assert!(!r.over_limit);

    assert_eq!(r.partners, 3);
    assert!(r.partner_rows.iter().all(|p| p.in_definition));
    let row_a = r
        .partner_rows
        .iter()
        .find(|p| p.tenant_id.starts_with("aaaaaaaa"))
        .unwrap_or_else(|| panic!("no row for a"));
    assert_eq!(row_a.bytes, nested(&a));
    assert_eq!(row_a.targets, 2);
    assert_eq!(
        row_a.path,
        "definition[0] > CrossTenantAccessPolicy.Partners[0]"
    );

    // The definition string as it sits in the response.
    let def_string = Value::String(serde_json::to_string(&def).unwrap_or_default());
    let def_item = r
        .breakdown
        .iter()
        .find(|i| i.kind == PartKind::Definition)
        .unwrap_or_else(|| panic!("no definition item"));
    assert_eq!(def_item.path, "definition[0]");
    assert_eq!(def_item.bytes, compact(&def_string));
    // Biggest first.
    assert!(r.breakdown.windows(2).all(|w| w[0].bytes >= w[1].bytes));

    // Deleting c frees its entry and one comma.
    let f = finding(&r, FindingKind::NullPartner);
    assert_eq!(f.bytes_freed, nested(&c) + 1);
    assert_eq!(f.tenant_ids, vec!["cccccccc-0000-4000-8000-00000000000c"]);
    // G1 and G2 in both lists: each list loses two elements and a comma, gains one group.
    let f = finding(&r, FindingKind::RepeatedTargets);
    assert_eq!(f.bytes_freed, 2 * (nested(&group(G1)) + 1));
    assert_eq!(f.paths.len(), 2);
    assert!(r.read_commands.contains(&row_a.tenant_id) || r.read_commands.contains("bbbbbbbb"));
}

#[test]
fn v1_policy_is_partial() {
    assert!(looks_like_policy(V1));
    let r = analyze(V1);
    assert_eq!(r.object_kind, ObjectKind::V1Policy);
    assert_eq!(r.bytes_as_pasted, 191);
    assert_eq!(r.bytes_compact, Some(171));
    assert_eq!(r.remaining, 25_600 - 191);
    assert_eq!(r.percent, 0.7);
    assert!(r.partial);
    assert!(r.partial_warning.is_some_and(|w| w.contains("definition")));
    assert_eq!(r.partners, 0);
    assert!(r.findings.is_empty());
}

#[test]
fn partners_list_findings() {
    assert!(looks_like_policy(PARTNERS));
    let r = analyze(PARTNERS);
    let v = parse(PARTNERS);
    assert_eq!(r.object_kind, ObjectKind::Partners);
    assert_eq!(r.bytes_as_pasted, 3497);
    assert_eq!(r.bytes_compact, Some(compact(&v)));
    assert_eq!(r.partners, 3);
    assert!(r.partial);
    let first = &v["value"][0];
    let f = finding(&r, FindingKind::NullPartner);
    assert_eq!(f.bytes_freed, compact(first) + 1);
    assert_eq!(f.paths, vec!["value[0]"]);
    let dup = &v["value"][1]["b2bCollaborationOutbound"]["usersAndGroups"]["targets"][2];
    let f = finding(&r, FindingKind::DuplicateTargets);
    assert_eq!(f.bytes_freed, compact(dup) + 1);
    assert_eq!(
        f.paths,
        vec!["value[1].b2bCollaborationOutbound.usersAndGroups.targets"]
    );
    // Partner rows carry their share of the compact total.
    let row = r
        .partner_rows
        .iter()
        .find(|p| p.tenant_id.starts_with("1111"))
        .unwrap_or_else(|| panic!("no row"));
    assert!(row.inherits_all);
    assert_eq!(row.bytes, compact(first));
    let total = compact(&v) as f64;
    assert_eq!(
        row.share,
        (compact(first) as f64 * 1000.0 / total).round() / 10.0
    );
    // Sections summed over partners.
    let section = r
        .breakdown
        .iter()
        .find(|i| i.path == "partners[*].b2bCollaborationOutbound")
        .unwrap_or_else(|| panic!("no section total"));
    let expected: usize = (0..3)
        .map(|i| {
            compact(&json!({"b2bCollaborationOutbound": v["value"][i]["b2bCollaborationOutbound"]}))
                - 2
        })
        .sum();
    assert_eq!(section.bytes, expected);
}

#[test]
fn single_partner() {
    assert!(looks_like_policy(PARTNER));
    let r = analyze(PARTNER);
    assert_eq!(r.object_kind, ObjectKind::Partner);
    assert_eq!(r.bytes_as_pasted, 570);
    assert_eq!(r.bytes_compact, Some(570));
    assert_eq!(r.partners, 1);
    assert_eq!(
        r.partner_rows[0].tenant_id,
        "44444444-aaaa-4bbb-8ccc-000000000004"
    );
    assert!(!r.partner_rows[0].inherits_all);
    assert!(r.findings.is_empty(), "{:#?}", r.findings);
    assert!(
        r.breakdown
            .iter()
            .any(|i| i.path == "inboundTrust" && i.kind == PartKind::Section)
    );
    assert!(
        r.read_commands
            .contains("-CrossTenantAccessPolicyConfigurationPartnerTenantId '44444444-aaaa-4bbb-8ccc-000000000004'")
    );
}

#[test]
fn default_sample_with_trailing_comma() {
    // Microsoft's published sample has a comma before a closing brace.
    assert!(looks_like_policy(DEFAULT));
    let r = analyze(DEFAULT);
    assert_eq!(r.object_kind, ObjectKind::Default);
    assert!(!r.valid_json);
    assert!(r.json_error.is_none());
    assert_eq!(r.tolerated.len(), 1);
    assert_eq!(r.tolerated[0].count, 1);
    assert_eq!((r.tolerated[0].line, r.tolerated[0].column), (8, 49));
    assert!(r.tolerated[0].what.contains("comma"));
    let strict = DEFAULT.replacen("false,\n  },", "false\n  },", 1);
    assert_eq!(r.bytes_compact, Some(compact(&parse(&strict))));
    assert_eq!(r.bytes_as_pasted, 1996);
    assert!(r.partial);
}

fn default_value() -> Value {
    parse(&DEFAULT.replacen("false,\n  },", "false\n  },", 1))
}

#[test]
fn values_equal_to_default() {
    let mut def = default_value();
    if let Some(m) = def.as_object_mut() {
        m.remove("@odata.context");
    }
    let p5 = json!({
        "tenantId": "55555555-aaaa-4bbb-8ccc-000000000005",
        "inboundTrust": def["inboundTrust"],
        "b2bDirectConnectInbound": {
            "usersAndGroups": {"accessType": "allowed", "targets": [{"target": "AllUsers", "targetType": "user"}]},
            "applications": {"accessType": "allowed", "targets": [{"target": "AllApplications", "targetType": "application"}]}
        }
    });
    let p6 = json!({
        "tenantId": "66666666-aaaa-4bbb-8ccc-000000000006",
        "b2bCollaborationInbound": def["b2bCollaborationInbound"],
        "b2bCollaborationOutbound": null
    });
    let base = json!({
        "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#policies/crossTenantAccessPolicy(default(),partners())/$entity",
        "displayName": "CrossTenantAccessPolicy",
        "allowedCloudEndpoints": [],
        "default": def,
        "partners": [p5, p6.clone()],
    });
    let text = serde_json::to_string_pretty(&base).unwrap_or_default();
    let r = analyze(&text);
    assert_eq!(r.object_kind, ObjectKind::V1Policy);
    assert_eq!(r.partners, 2);
    let f = finding(&r, FindingKind::EqualsDefault);
    assert_eq!(f.bytes_freed, compact(&def["inboundTrust"]) - 4);
    assert_eq!(f.paths, vec!["partners[0].inboundTrust"]);
    let f = finding(&r, FindingKind::PartnerSameAsDefault);
    assert_eq!(f.bytes_freed, compact(&p6) + 1);
    assert_eq!(f.tenant_ids, vec!["66666666-aaaa-4bbb-8ccc-000000000006"]);
    assert_cloud_check(&f.message);
    assert!(
        r.breakdown
            .iter()
            .any(|i| i.path == "default.b2bCollaborationInbound")
    );

    // The same, pasted as two responses one after another: default, then the partners.
    let list = json!({"value": [base["partners"][0], p6]});
    let two = format!(
        "{DEFAULT}\n{}",
        serde_json::to_string_pretty(&list).unwrap_or_default()
    );
    let r = analyze(&two);
    assert_eq!(r.documents, 2);
    assert_eq!(r.object_kind, ObjectKind::Partners);
    assert!(r.tolerated.iter().any(|t| t.what.contains("more than one")));
    assert_eq!(
        finding(&r, FindingKind::PartnerSameAsDefault).bytes_freed,
        compact(&list["value"][1]) + 1
    );
    assert_eq!(
        finding(&r, FindingKind::EqualsDefault).paths,
        vec!["document 2 > value[0].inboundTrust"]
    );
}

#[test]
fn powershell_output_with_capitalised_keys() {
    let text = r#"[
    {
        "TenantId":  "77777777-aaaa-4bbb-8ccc-000000000007",
        "B2BCollaborationInbound":  null,
        "B2BCollaborationOutbound":  null,
        "B2BDirectConnectInbound":  null,
        "B2BDirectConnectOutbound":  null,
        "InboundTrust":  null,
        "IsServiceProvider":  null,
        "AdditionalProperties":  {}
    },
    {
        "TenantId":  "88888888-aaaa-4bbb-8ccc-000000000008",
        "InboundTrust":  { "IsMfaAccepted":  true },
        "AdditionalProperties":  {}
    }
]"#;
    assert!(looks_like_policy(text));
    let r = analyze(text);
    assert_eq!(r.object_kind, ObjectKind::Partners);
    let v = parse(text);
    assert_eq!(
        finding(&r, FindingKind::NullPartner).bytes_freed,
        compact(&v[0]) + 1
    );
    assert_eq!(finding(&r, FindingKind::NullPartner).paths, vec!["[0]"]);
}

#[test]
fn four_hundred_partners_over_the_limit() {
    let shared = [G1, G2, "6f0a1c2e-3333-4d6e-9a7b-0c1d2e3f4a03"];
    let mut partners = Vec::new();
    let mut nulls = Vec::new();
    for i in 0..400u32 {
        let tenant = format!("{i:08x}-0000-4000-8000-000000000000");
        if i.is_multiple_of(8) {
            let p = null_partner(&tenant);
            nulls.push(p.clone());
            partners.push(p);
        } else {
            let own = format!("{i:08x}-ffff-4000-8000-000000000000");
            partners.push(outbound_partner(
                &tenant,
                &[shared[0], shared[1], shared[2], &own],
            ));
        }
    }
    let def = definition(&partners);
    let text = beta_response(&def, false);
    assert!(text.len() > 60_000, "{}", text.len());
    let r = analyze(&text);
    assert_eq!(r.object_kind, ObjectKind::BetaPolicy);
    assert_eq!(r.bytes_as_pasted, text.len());
    assert_eq!(r.bytes_compact, Some(text.len()));
    assert!(r.over_limit);
    assert_eq!(r.remaining, LIMIT as i64 - text.len() as i64);
    assert!(r.remaining < 0);
    assert_eq!(
        r.percent,
        (text.len() as f64 * 1000.0 / 25_600.0).round() / 10.0
    );
    assert_eq!(r.partners, 400);
    assert_eq!(r.partner_rows.len(), 400);
    assert!(r.partner_rows.windows(2).all(|w| w[0].bytes >= w[1].bytes));
    assert_eq!(r.breakdown.len(), 200);
    assert!(r.breakdown_omitted > 0);
    assert!(r.diagnostics.iter().any(|d| {
        d.message.contains(&format!(
            "{} bytes over the 25,600-byte limit",
            grouped(text.len() - 25_600)
        ))
    }));
    // 50 null partners out of 400: their entries and 50 commas.
    let f = finding(&r, FindingKind::NullPartner);
    assert_eq!(f.bytes_freed, nulls.iter().map(nested).sum::<usize>() + 50);
    assert!(f.message.starts_with("50 partners"));
    // Three shared groups in 350 lists: 3 elements and 2 commas become 1 element.
    let f = finding(&r, FindingKind::RepeatedTargets);
    assert_eq!(f.bytes_freed, 350 * (2 * nested(&group(G1)) + 2));
    assert!(f.message.contains("350 partners"));
}

#[test]
fn malformed_inputs_give_positions() {
    let missing_brace =
        "{\n  \"displayName\": \"CrossTenantAccessPolicy\",\n  \"definition\": []\n";
    let r = analyze(missing_brace);
    let e = r.json_error.clone().unwrap_or_else(|| panic!("no error"));
    assert_eq!((e.line, e.column), (4, 1));
    assert!(
        e.message.contains("object opened at line 1, column 1"),
        "{}",
        e.message
    );
    assert!(!r.valid_json && r.bytes_compact.is_none());
    assert_eq!(r.bytes_as_pasted, missing_brace.len());
    assert!(r.partial);

    let bad_token = "{\n  \"isServiceDefault\": ture\n}";
    let e = analyze(bad_token)
        .json_error
        .unwrap_or_else(|| panic!("no error"));
    assert_eq!((e.line, e.column), (2, 23));
    assert!(e.message.contains("the word 'ture'"), "{}", e.message);

    let missing_comma = "{\n  \"tenantId\": \"x\"\n  \"inboundTrust\": null\n}";
    let e = analyze(missing_comma)
        .json_error
        .unwrap_or_else(|| panic!("no error"));
    assert_eq!((e.line, e.column), (3, 3));
    assert!(e.message.contains("',' or '}'"), "{}", e.message);
    assert!(e.message.contains("\"tenantId\""), "{}", e.message);

    let cut = PARTNERS.get(..1000).unwrap_or("");
    let e = analyze(cut)
        .json_error
        .unwrap_or_else(|| panic!("no error"));
    let line = cut.matches('\n').count() + 1;
    let column = cut.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    assert_eq!((e.line, e.column), (line, column));
    assert!(e.message.contains("cut off"), "{}", e.message);

    let windows_path = r#"{"path": "C:\policyobject.txt"}"#;
    let e = analyze(windows_path)
        .json_error
        .unwrap_or_else(|| panic!("no error"));
    assert_eq!((e.line, e.column), (1, 13));
    assert!(e.message.contains("Unknown escape \\p"), "{}", e.message);

    let extra_brace = "{\"isServiceDefault\": true}}";
    let e = analyze(extra_brace)
        .json_error
        .unwrap_or_else(|| panic!("no error"));
    assert_eq!((e.line, e.column), (1, 27));
    assert!(e.message.contains("Extra text"), "{}", e.message);
}

#[test]
fn comments_and_trailing_commas_are_tolerated() {
    let text = "// saved from Graph Explorer\n{\n  \"displayName\": \"CrossTenantAccessPolicy\", /* name */\n  \"allowedCloudEndpoints\": [\"microsoftonline.us\",],\n}\n";
    assert!(looks_like_policy(text));
    let r = analyze(text);
    assert!(!r.valid_json);
    assert!(r.json_error.is_none());
    let whats: Vec<&str> = r.tolerated.iter().map(|t| t.what.as_str()).collect();
    assert_eq!(whats.len(), 3, "{whats:?}");
    assert!(whats[0].starts_with("//") && whats[1].starts_with("/*"));
    let comma = &r.tolerated[2];
    assert_eq!((comma.count, comma.line, comma.column), (2, 4, 49));
    let strict = json!({"displayName": "CrossTenantAccessPolicy", "allowedCloudEndpoints": ["microsoftonline.us"]});
    assert_eq!(r.bytes_compact, Some(compact(&strict)));
    assert_eq!(r.bytes_as_pasted, text.len());
    assert!(
        r.diagnostics
            .iter()
            .any(|d| d.message.starts_with("Read anyway"))
    );
}

#[test]
fn unicode_is_counted_in_bytes() {
    let text = "{\"displayName\":\"CrossTenantAccessPolicy\",\"description\":\"Société 日本 😀 \\u00e9\",\"allowedCloudEndpoints\":[]}";
    let r = analyze(text);
    assert_eq!(r.bytes_as_pasted, text.len());
    assert!(text.len() > text.chars().count());
    // The \u00e9 escape (6 bytes) is written back as é (2 bytes).
    assert_eq!(r.bytes_compact, Some(compact(&parse(text))));
    assert_eq!(r.bytes_compact, Some(text.len() - 4));
    // Columns count characters, not bytes.
    let e = analyze("{\"d\":\"日本\" x}")
        .json_error
        .unwrap_or_else(|| panic!("no error"));
    assert_eq!((e.line, e.column), (1, 11));
    // A byte order mark counts as pasted, is skipped when read.
    let bom = format!("\u{feff}{V1}");
    let r = analyze(&bom);
    assert_eq!(r.bytes_as_pasted, 194);
    assert_eq!(r.bytes_compact, Some(171));
    assert_eq!(r.microsoft_snippet_bytes, 191 - 5 + 4);
}

#[test]
fn empty_input() {
    for text in ["", "  \n\t", "\u{feff}"] {
        assert!(!looks_like_policy(text));
        let r = analyze(text);
        assert_eq!(r.bytes_as_pasted, text.len());
        assert_eq!(r.bytes_compact, None);
        assert_eq!(r.remaining, 25_600 - text.len() as i64);
        assert_eq!(r.object_kind, ObjectKind::Unknown);
        let e = r.json_error.unwrap_or_else(|| panic!("no error"));
        assert!(e.message.contains("empty"), "{}", e.message);
    }
    assert_eq!(
        analyze("").json_error.map(|e| (e.line, e.column)),
        Some((1, 1))
    );
}

#[test]
fn not_a_policy() {
    let error = r#"{"error":{"code":"Authorization_RequestDenied","message":"Insufficient privileges to read crossTenantAccessPolicy.","innerError":{"date":"2024-05-01T10:00:00","request-id":"0d1e2f3a-0000-4000-8000-000000000000"}}}"#;
    let token = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJodHRwczovL2dyYXBoLm1pY3Jvc29mdC5jb20ifQ.c2ln";
    let sign_in = "AADSTS50020: User account 'x@contoso.com' from identity provider does not exist in tenant. b2bCollaboration";
    for text in [error, token, sign_in, "{\"value\": [1, 2, 3]}", "[]", "42"] {
        assert!(!looks_like_policy(text), "{text}");
    }
    let r = analyze(error);
    assert_eq!(r.object_kind, ObjectKind::Unknown);
    assert!(r.valid_json && r.partial && r.partners == 0);
    assert!(analyze(token).json_error.is_some());
}

#[test]
fn whole_report_serializes_with_the_issue_names() {
    let r = analyze(PARTNERS);
    let v = serde_json::to_value(&r).unwrap_or(Value::Null);
    for key in [
        "bytes_as_pasted",
        "bytes_compact",
        "limit",
        "remaining",
        "valid_json",
        "json_error",
        "object_kind",
        "partners",
        "breakdown",
        "findings",
        "percent",
        "measured_bytes",
        "microsoft_procedure_bytes",
        "measured_object",
        "partial",
        "partner_rows",
        "diagnostics",
        "storage_note",
        "measure_script",
        "read_commands",
    ] {
        assert!(v.get(key).is_some(), "missing {key}");
    }
    assert_eq!(v["object_kind"], "partners");
    assert!(v["breakdown"][0]["path"].is_string() && v["breakdown"][0]["bytes"].is_u64());
    assert!(v["findings"][0]["message"].is_string() && v["findings"][0]["bytes_freed"].is_u64());
}

#[test]
fn scripts_and_notes() {
    let r = analyze(V1);
    let s = r.measure_script;
    assert!(s.contains("Get-Content -LiteralPath $path -Raw"));
    assert!(s.contains("[System.Text.Encoding]::UTF8.GetByteCount($text)"));
    assert!(!s.contains("};") && !s.contains('“'));
    // Braces balance, so the if/else parses.
    assert_eq!(s.matches('{').count(), s.matches('}').count());
    let c = &r.read_commands;
    assert!(c.contains("Connect-MgGraph -Scopes Policy.Read.All"));
    assert!(c.contains("Get-MgBetaPolicyCrossTenantAccessPolicy"));
    assert!(c.contains("Get-MgPolicyCrossTenantAccessPolicyPartner -CrossTenantAccessPolicyConfigurationPartnerTenantId '<partner-tenant-id>'"));
    let n = r.storage_note;
    let marks: Vec<Provenance> = n.iter().map(|p| p.provenance).collect();
    assert_eq!(
        marks,
        [
            Provenance::MicrosoftArticle,
            Provenance::Unverified,
            Provenance::Inference
        ]
    );
    assert!(n.iter().any(|p| p.text.contains("25,600")));
    // No part carries a mark of its own in its prose: the provenance is the mark.
    assert!(n.iter().all(|p| !p.text.starts_with('[')));
    // The JSON keeps its one text with bracketed marks.
    let v = serde_json::to_value(&r).unwrap_or_default();
    let text = v["storage_note"].as_str().unwrap_or_default();
    assert!(text.starts_with("[Microsoft troubleshooting article] The error"));
    assert!(
        text.contains("\n[UNVERIFIED] Since 2023") && text.contains("\n[inference] How to tell")
    );
}

/// Inputs built to make a careless analysis quadratic or memory-hungry; each must finish.
#[test]
fn hostile_shapes_stay_linear() {
    // A partner and a default with 20,000 properties each, named in different case.
    let mut partner = serde_json::Map::new();
    let mut default = serde_json::Map::new();
    partner.insert(
        "tenantId".into(),
        json!("99999999-aaaa-4bbb-8ccc-000000000009"),
    );
    partner.insert("inboundTrust".into(), json!({"isMfaAccepted": true}));
    default.insert("isServiceDefault".into(), json!(true));
    for i in 0..20_000 {
        partner.insert(format!("k{i}"), json!(i));
        default.insert(format!("K{i}"), json!(i));
    }
    let text = format!(
        "{}\n{}",
        Value::Object(default),
        json!({"value": [Value::Object(partner)]})
    );
    let r = analyze(&text);
    assert_eq!(r.partners, 1);
    assert_eq!(r.bytes_compact, Some(text.len() - 1));

    // Two partners listing the same 20,000 users.
    let ids: Vec<Value> = (0..20_000u32)
        .map(|i| json!({"target": format!("{i:08x}-0000-4000-8000-000000000000"), "targetType": "user"}))
        .collect();
    let p = |t: &str| json!({"tenantId": t, "b2bCollaborationOutbound": {"usersAndGroups": {"accessType": "allowed", "targets": ids}}});
    let list = json!({"value": [p("aaaaaaaa-0000-4000-8000-00000000000a"), p("bbbbbbbb-0000-4000-8000-00000000000b")]});
    let r = analyze(&list.to_string());
    let f = finding(&r, FindingKind::RepeatedTargets);
    let one = compact(&ids[0]);
    let replacement =
        compact(&json!({"target": "00000000-0000-0000-0000-000000000000", "targetType": "group"}));
    assert_eq!(replacement, one + 1);
    assert_eq!(f.bytes_freed, 2 * (20_000 * one + 19_999 - replacement));

    // A very long property name above thousands of target lists: stored paths stay short.
    let long = "x".repeat(100_000);
    let lists: Vec<Value> = (0..5_000).map(|_| json!({"targets": [1]})).collect();
    let r = analyze(&json!({ long: lists, "isServiceDefault": true }).to_string());
    assert!(r.breakdown.iter().all(|i| i.path.len() <= 240));
}

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<String>().prop_map(Value::String),
        "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-8[0-9a-f]{3}-[0-9a-f]{12}".prop_map(Value::String),
    ];
    leaf.prop_recursive(6, 64, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec(
                (
                    prop_oneof![
                        Just("tenantId".to_string()),
                        Just("targets".to_string()),
                        Just("b2bCollaborationOutbound".to_string()),
                        Just("definition".to_string()),
                        Just("isServiceDefault".to_string()),
                        "[a-zA-Z@.]{1,12}",
                    ],
                    inner
                ),
                0..6
            )
            .prop_map(|kv| Value::Object(kv.into_iter().collect())),
        ]
    })
}

fn samples() -> Vec<String> {
    let def = definition(&[
        outbound_partner("aaaaaaaa-0000-4000-8000-00000000000a", &[G1, G2]),
        null_partner("cccccccc-0000-4000-8000-00000000000c"),
    ]);
    vec![
        V1.to_string(),
        PARTNERS.to_string(),
        PARTNER.to_string(),
        DEFAULT.to_string(),
        beta_response(&def, true),
    ]
}

proptest! {
    #[test]
    fn arbitrary_text_never_panics(text in any::<String>()) {
        let r = analyze(&text);
        prop_assert_eq!(r.bytes_as_pasted, text.len());
        let _ = looks_like_policy(&text);
    }

    #[test]
    fn mutated_samples_never_panic(
        which in 0usize..5,
        at in any::<prop::sample::Index>(),
        len in 0usize..40,
        insert in "[\\[\\]{}\",:/*\\\\a-z0-9 \n\u{e9}\u{1F600}]{0,8}",
    ) {
        let sample = samples().swap_remove(which);
        let mut chars: Vec<char> = sample.chars().collect();
        let i = at.index(chars.len() + 1);
        let end = (i + len).min(chars.len());
        chars.splice(i..end, insert.chars());
        let text: String = chars.into_iter().collect();
        let r = analyze(&text);
        prop_assert_eq!(r.bytes_as_pasted, text.len());
        prop_assert_eq!(r.json_error.is_none(), r.bytes_compact.is_some());
        let _ = looks_like_policy(&text);
    }

    #[test]
    fn deep_nesting_never_panics(depth in 0usize..3000, object in any::<bool>(), close in any::<bool>()) {
        let (open, shut) = if object { ("{\"tenantId\":", "}") } else { ("[", "]") };
        let mut text = open.repeat(depth);
        text.push('1');
        if close {
            text.push_str(&shut.repeat(depth));
        }
        let r = analyze(&text);
        prop_assert_eq!(r.bytes_as_pasted, text.len());
        // Unclosed nesting is an error, except at depth 0 where the text is just `1`.
        if (close || depth == 0) && depth <= 128 {
            prop_assert_eq!(r.bytes_compact, Some(text.len()));
        } else {
            prop_assert!(r.json_error.is_some());
        }
    }

    #[test]
    fn compact_size_matches_serde(v in json_value(), pretty in any::<bool>()) {
        let text = if pretty {
            serde_json::to_string_pretty(&v).unwrap_or_default()
        } else {
            serde_json::to_string(&v).unwrap_or_default()
        };
        let r = analyze(&text);
        prop_assert!(r.valid_json);
        prop_assert_eq!(r.bytes_compact, Some(compact(&v)));
        prop_assert_eq!(r.remaining, 25_600 - text.len() as i64);
    }
}

/// Every variant of the policy vocabulary serialises to the string the JSON report has always used.
#[test]
fn vocabulary_serialises_as_before() {
    use guestlens_analysis::policy::MeasuredBasis;
    for (k, want) in [
        (FindingKind::EmptyPartner, "empty_partner"),
        (FindingKind::NullPartner, "null_partner"),
        (FindingKind::PartnerSameAsDefault, "partner_same_as_default"),
        (FindingKind::EqualsDefault, "equals_default"),
        (FindingKind::DuplicateTargets, "duplicate_targets"),
        (FindingKind::DuplicateValues, "duplicate_values"),
        (FindingKind::RepeatedTargets, "repeated_targets"),
    ] {
        assert_eq!(json!(k), want);
        assert_eq!(k.id(), want, "id() and serde agree");
    }
    for (k, want) in [
        (PartKind::Partner, "partner"),
        (PartKind::Section, "section"),
        (PartKind::Targets, "targets"),
        (PartKind::Definition, "definition"),
        (PartKind::Property, "property"),
    ] {
        assert_eq!(json!(k), want);
    }
    assert_eq!(json!(MeasuredBasis::AsPasted), "as_pasted");
}

/// The JSON error is listed once: in its own field, not again among the listed diagnostics.
#[test]
fn json_error_is_not_listed_twice() {
    let r = analyze("{\"crossTenantAccessPolicy\": [1, 2,, ]}");
    let e = r.json_error.as_ref().map(|e| e.message.clone());
    assert!(e.is_some(), "{:#?}", r.diagnostics);
    let e = e.unwrap_or_default();
    assert!(r.diagnostics.iter().any(|d| d.message.ends_with(&e)));
    assert!(
        !r.listed_diagnostics()
            .iter()
            .any(|d| d.message.ends_with(&e))
    );
    // Without a JSON error every diagnostic is listed.
    let ok = analyze(V1);
    assert_eq!(ok.listed_diagnostics(), ok.diagnostics);
}

/// A partner deletion is never called free: the message says to rule out another Microsoft
/// cloud first, where a partner is reachable only while it is listed (entra-docs
/// `docs/external-id/cross-cloud-settings.md`; entra-facts.md, corrections).
fn assert_cloud_check(message: &str) {
    for free in ["changes nothing", "nothing changes"] {
        assert!(!message.contains(free), "called free: {message}");
    }
    for needed in [
        "another Microsoft cloud",
        "allowedCloudEndpoints",
        "blocked unless they are listed",
        "cuts the partner off",
    ] {
        assert!(message.contains(needed), "no {needed:?} in: {message}");
    }
    // The check comes before the reassurance.
    let check = message.find("First check").unwrap_or(usize::MAX);
    let same = message.find("keeps the same behaviour").unwrap_or(0);
    assert!(check < same, "{message}");
}

#[test]
fn empty_and_null_partner_deletions_are_not_called_free() {
    let text = json!({"value": [
        {"tenantId": "11111111-aaaa-4bbb-8ccc-000000000001"},
        {"tenantId": "22222222-aaaa-4bbb-8ccc-000000000002", "inboundTrust": null,
         "b2bCollaborationInbound": null, "b2bCollaborationOutbound": null,
         "b2bDirectConnectInbound": null, "b2bDirectConnectOutbound": null},
        {"tenantId": "33333333-aaaa-4bbb-8ccc-000000000003",
         "inboundTrust": {"isMfaAccepted": true}}
    ]})
    .to_string();
    let r = analyze(&text);
    let empty = finding(&r, FindingKind::EmptyPartner);
    assert_eq!(empty.tenant_ids, ["11111111-aaaa-4bbb-8ccc-000000000001"]);
    assert_cloud_check(&empty.message);
    let null = finding(&r, FindingKind::NullPartner);
    assert_eq!(null.tenant_ids, ["22222222-aaaa-4bbb-8ccc-000000000002"]);
    assert_cloud_check(&null.message);
    assert!(null.message.contains("identitySynchronization"));
}

/// The report says that the measurement rests on the deprecated beta `definition` (issue 11
/// item 7; Graph reference tenantRelationshipAccessPolicyBase: "Deprecated. Do not use.").
#[test]
fn deprecated_definition_is_said() {
    let def = json!({"tenantId": "11111111-aaaa-4bbb-8ccc-000000000001"});
    let beta = json!({
        "@odata.context": "https://graph.microsoft.com/beta/$metadata#policies/crossTenantAccessPolicy/$entity",
        "displayName": "CrossTenantAccessPolicy",
        "definition": [def.to_string()],
    })
    .to_string();
    let r = analyze(&beta);
    assert_eq!(r.object_kind, ObjectKind::BetaPolicy);
    assert!(
        r.diagnostics
            .iter()
            .any(|d| d.message.contains("definition") && d.message.contains("deprecated")),
        "{:#?}",
        r.diagnostics
    );
    // Every policy report carries it in the procedure note, whatever was pasted.
    for text in [beta.as_str(), V1, "not json"] {
        let n = analyze(text).microsoft_procedure_note;
        assert!(
            n.contains("definition property") && n.contains("deprecated"),
            "{n}"
        );
    }
    // A v1.0 object has no definition: no diagnostic about it.
    assert!(
        !analyze(V1)
            .diagnostics
            .iter()
            .any(|d| d.message.contains("deprecated"))
    );
}

/// Every documented response shape of the cross-tenant access policy APIs is recognised, and
/// the report says what a partial shape leaves out (issue 11, item 6). Shapes follow the
/// list/get examples of microsoft-graph-docs-contrib (crossTenantAccessPolicy,
/// crossTenantAccessPolicyConfigurationDefault, crossTenantAccessPolicyConfigurationPartner,
/// v1.0 and beta); IDs and values are our own.
mod shapes {
    use super::*;

    fn recognised(text: &str) -> PolicyReport {
        assert!(looks_like_policy(text), "not recognised: {text}");
        assert!(
            guestlens_analysis::analyze(text, 1_750_000_000)
                .policy
                .is_some(),
            "the report has no policy for {text}"
        );
        analyze(text)
    }

    fn warnings(r: &PolicyReport) -> Vec<String> {
        r.diagnostics
            .iter()
            .filter(|d| d.severity == guestlens_analysis::Severity::Warning)
            .map(|d| d.message.clone())
            .collect()
    }

    fn sync(tenant: &str) -> Value {
        json!({"tenantId": tenant, "displayName": "Fabrikam", "userSyncInbound": {"isSyncAllowed": true}})
    }

    #[test]
    fn partner_list_with_select_is_partial_and_says_what_was_dropped() {
        let text = json!({
            "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#policies/crossTenantAccessPolicy/partners(tenantId,identitySynchronization())",
            "value": [
                {"tenantId": G1, "identitySynchronization": sync(G1)},
                {"tenantId": G2, "identitySynchronization": sync(G2)}
            ]
        })
        .to_string();
        let r = recognised(&text);
        assert_eq!(r.object_kind, ObjectKind::Partners);
        assert_eq!(r.partners, 2);
        assert_eq!(r.shape.selected, ["tenantId", "identitySynchronization"]);
        assert!(
            r.shape
                .left_out
                .contains(&"b2bCollaborationInbound".to_owned())
        );
        assert!(!r.shape.left_out.contains(&"tenantId".to_owned()));
        assert!(r.partial);
        let w = warnings(&r);
        assert!(
            w.iter().any(|m| m.starts_with(
                "$select (tenantId, identitySynchronization) dropped these properties: inboundTrust"
            ) && m.contains("the measurement is partial")),
            "{w:?}"
        );
    }

    #[test]
    fn expanded_navigation_properties_are_not_a_select() {
        // `$expand=default,partners` writes `(default(),partners())` in the context: nothing was
        // selected away, so no property is said to be dropped by $select.
        let text = json!({
            "@odata.context": "https://graph.microsoft.com/beta/$metadata#policies/crossTenantAccessPolicy(default(),partners())",
            "displayName": "CrossTenantAccessPolicy",
            "allowedCloudEndpoints": [],
            "default": {"isServiceDefault": true},
            "partners": [{"tenantId": G1}]
        })
        .to_string();
        let r = recognised(&text);
        assert!(r.shape.selected.is_empty(), "{:?}", r.shape.selected);
        assert!(
            !warnings(&r).iter().any(|m| m.starts_with("$select")),
            "{:?}",
            r.diagnostics
        );
    }

    #[test]
    fn cut_down_lists_without_a_context_are_still_partners() {
        // The documentation's example response carries no @odata.context.
        let docs =
            json!({"value": [{"tenantId": G1, "identitySynchronization": sync(G1)}]}).to_string();
        let r = recognised(&docs);
        assert_eq!((r.object_kind, r.partners), (ObjectKind::Partners, 1));
        assert!(r.shape.selected.is_empty());
        assert!(
            warnings(&r)
                .iter()
                .any(|m| m.starts_with("Missing here") && m.contains("inboundTrust")),
            "{:?}",
            r.diagnostics
        );
        // PowerShell: Get-MgPolicyCrossTenantAccessPolicyPartner -All | Select-Object TenantId | ConvertTo-Json
        let ps = json!([{"TenantId": G1}, {"TenantId": G2}]).to_string();
        let r = recognised(&ps);
        assert_eq!((r.object_kind, r.partners), (ObjectKind::Partners, 2));
        assert!(r.partial && !r.shape.left_out.is_empty());
        // A list of non-GUID tenantIds is not taken for partners.
        assert!(!looks_like_policy(r#"{"value":[{"tenantId":"contoso"}]}"#));
        // A full list is not called partial for its shape.
        let full = recognised(PARTNERS);
        assert!(full.shape.left_out.is_empty(), "{:?}", full.shape);
    }

    #[test]
    fn base_object_in_every_documented_shape() {
        // v1.0 without definition, wrapped in value as the get example shows it.
        let v1 = json!({"value": {"@odata.type": "#microsoft.graph.crossTenantAccessPolicy", "displayName": "CrossTenantAccessPolicy", "allowedCloudEndpoints": []}}).to_string();
        let r = recognised(&v1);
        assert_eq!(r.object_kind, ObjectKind::V1Policy);
        assert!(r.shape.wrapped_in_value && r.partial);
        assert!(r.partial_warning.is_some_and(|w| w.contains("definition")));
        // Beta, with definition, wrapped and typed but not named.
        let beta = json!({"value": {"@odata.type": "#Microsoft.DirectoryServices.crossTenantAccessPolicy", "id": G1, "displayName": "Policy", "definition": ["{\"x\":1}"]}}).to_string();
        let r = recognised(&beta);
        assert_eq!(r.object_kind, ObjectKind::BetaPolicy);
        assert!(r.shape.wrapped_in_value && !r.partial, "{:?}", r.shape);
        assert!(
            r.diagnostics
                .iter()
                .any(|d| d.message.contains("wrapped in a value member")),
            "{:?}",
            r.diagnostics
        );
        // The v1.0 get example's own form: a definition string in the wrapper.
        let v1_def = json!({"value": {"@odata.type": "#microsoft.graph.crossTenantAccessPolicy", "displayName": "CrossTenantAccessPolicy", "definition": "Cross tenant access policy"}}).to_string();
        assert_eq!(recognised(&v1_def).object_kind, ObjectKind::BetaPolicy);
        // $select on the base object.
        let sel = json!({"@odata.context": "https://graph.microsoft.com/v1.0/$metadata#policies/crossTenantAccessPolicy(displayName)", "displayName": "CrossTenantAccessPolicy"}).to_string();
        let r = recognised(&sel);
        assert_eq!(r.object_kind, ObjectKind::V1Policy);
        assert_eq!(r.shape.left_out, ["allowedCloudEndpoints"]);
    }

    #[test]
    fn default_object_wrapped_or_selected() {
        let settings = json!({"usersAndGroups": {"accessType": "allowed", "targets": [{"target": "AllUsers", "targetType": "user"}]}});
        let body = json!({
            "@odata.type": "#Microsoft.DirectoryServices.crossTenantAccessPolicyConfigurationDefault",
            "inboundTrust": {"isMfaAccepted": false},
            "b2bCollaborationOutbound": settings, "b2bCollaborationInbound": settings,
            "b2bDirectConnectOutbound": settings, "b2bDirectConnectInbound": settings,
            "isServiceDefault": true
        });
        for text in [
            json!({"value": body}).to_string(),
            json!({"value": [body]}).to_string(),
        ] {
            let r = recognised(&text);
            assert_eq!(r.object_kind, ObjectKind::Default, "{text}");
            assert!(
                r.shape.wrapped_in_value && r.shape.left_out.is_empty(),
                "{:?}",
                r.shape
            );
            // Read inside the wrapper: its sections are broken down as the default's.
            assert!(
                r.breakdown.iter().any(
                    |b| b.path.contains("b2bCollaborationInbound") && !b.path.contains("value")
                ),
                "{:?}",
                r.breakdown
            );
        }
        // Typed only (no isServiceDefault, no context) is still the default.
        let typed = json!({"@odata.type": "#microsoft.graph.crossTenantAccessPolicyConfigurationDefault", "inboundTrust": null}).to_string();
        assert_eq!(recognised(&typed).object_kind, ObjectKind::Default);
        let sel = json!({"@odata.context": "https://graph.microsoft.com/v1.0/$metadata#policies/crossTenantAccessPolicy/default(b2bCollaborationInbound)/$entity", "b2bCollaborationInbound": settings}).to_string();
        let r = recognised(&sel);
        assert_eq!(r.object_kind, ObjectKind::Default);
        assert!(r.shape.left_out.contains(&"isServiceDefault".to_owned()) && r.partial);
    }

    #[test]
    fn one_partner_selected_or_typed() {
        let sel = json!({"@odata.context": "https://graph.microsoft.com/beta/$metadata#policies/crossTenantAccessPolicy/partners(tenantId,inboundTrust)/$entity", "tenantId": G1, "inboundTrust": null}).to_string();
        let r = recognised(&sel);
        assert_eq!((r.object_kind, r.partners), (ObjectKind::Partner, 1));
        assert_eq!(r.shape.selected, ["tenantId", "inboundTrust"]);
        assert!(
            r.shape
                .left_out
                .contains(&"b2bDirectConnectInbound".to_owned())
        );
        let typed = json!({"@odata.type": "#Microsoft.DirectoryServices.crossTenantAccessPolicyConfigurationPartner", "tenantId": G2, "isServiceProvider": true}).to_string();
        assert_eq!(recognised(&typed).object_kind, ObjectKind::Partner);
        // A one-partner list stays a list.
        let one = json!({"value": [{"tenantId": G1, "inboundTrust": null}]}).to_string();
        assert_eq!(recognised(&one).object_kind, ObjectKind::Partners);
    }
}

/// The page reads a policy in steps, the beta definitions ahead of the walk: the report must
/// be the one `analyze` gives, for one definition, two, one that is not JSON, and one that is
/// a bare string rather than a list.
#[test]
fn definitions_read_ahead_give_the_same_report() {
    let a = outbound_partner(G1, &[G2]);
    let def = definition(&[a.clone(), null_partner(G2)]);
    let texts = [
        beta_response(&def, false),
        beta_response(&def, true),
        json!({"displayName": "CrossTenantAccessPolicy",
            "definition": [def.to_string(), definition(std::slice::from_ref(&a)).to_string()]})
        .to_string(),
        json!({"displayName": "CrossTenantAccessPolicy", "definition": ["{\"Cross\": [1,"]})
            .to_string(),
        json!({"displayName": "CrossTenantAccessPolicy", "definition": def.to_string()})
            .to_string(),
        json!({"value": [{"displayName": "CrossTenantAccessPolicy", "definition": [def.to_string()]}]})
            .to_string(),
    ];
    let mut ahead = 0;
    for (text, strings) in texts.iter().zip([1, 1, 2, 1, 1, 1]) {
        let mut parsed = guestlens_analysis::policy::parse_policy(text).expect("reads as a policy");
        assert!(parsed.definitions_pending());
        assert_eq!(parsed.read_definitions(), strings, "{text}");
        assert!(!parsed.definitions_pending());
        let stepped = guestlens_analysis::policy::analyze_parsed(text, &parsed);
        assert_eq!(
            serde_json::to_string(&stepped).expect("serialises"),
            serde_json::to_string(&analyze(text)).expect("serialises"),
            "{text}"
        );
        ahead += stepped.partner_rows.len();
        let kept = guestlens_analysis::read_text(text).expect("not a HAR");
        assert_eq!(
            serde_json::to_string(kept.policy().expect("a policy reading")).expect("serialises"),
            serde_json::to_string(&stepped).expect("serialises"),
        );
    }
    // The definitions were walked (their partners found), not only sized.
    assert!(ahead >= 8, "{ahead} partner rows");
}

#[test]
fn with_another_cloud_enabled_no_partner_deletion_is_offered_without_saying_so() {
    let policy = |clouds: &str| {
        format!(
            r#"{{"id":"crossTenantAccessPolicy","displayName":"CrossTenantAccessPolicy","allowedCloudEndpoints":[{clouds}],"partners":[{{"tenantId":"11111111-2222-4333-8444-555555555555"}},{{"tenantId":"22222222-2222-4333-8444-555555555555","b2bCollaborationInbound":{{"usersAndGroups":{{"accessType":"blocked","targets":[{{"target":"AllUsers","targetType":"user"}}]}}}}}}]}}"#
        )
    };
    let empty_partner = |text: &str| {
        analyze(text)
            .findings
            .into_iter()
            .find(|f| f.kind == FindingKind::EmptyPartner)
            .expect("the partner with only a tenant ID")
            .message
    };
    let us = empty_partner(&policy(r#""microsoftonline.us""#));
    assert!(
        us.starts_with("This policy enables another Microsoft cloud (microsoftonline.us)"),
        "{us}"
    );
    let own = empty_partner(&policy(""));
    assert!(!own.contains("This policy enables"), "{own}");
}
