//! Benchmark of the policy analysis; prints figures.
//!
//! Builds a synthetic beta policy response of about 2 MB (its definition holding thousands
//! of partner entries) and a pretty-printed partners list of similar size, then prints the
//! best of several runs of `looks_like_policy` and `analyze`. No assertions on time.
use std::hint::black_box;
use std::time::{Duration, Instant};

use guestlens_analysis::policy::{analyze, analyze_parsed, looks_like_policy, parse_policy};
use serde_json::{Value, json};

const TARGET_BYTES: usize = 2 * 1024 * 1024;
const RUNS: usize = 5;

fn guid(a: u32, b: u32) -> String {
    format!("{a:08x}-{:04x}-4000-8000-{b:012x}", a & 0xffff)
}

fn partner(i: u32, pascal: bool) -> Value {
    let tenant = guid(i, 0xabc);
    // Every fifth partner inherits everything; the rest list shared and own groups.
    if i.is_multiple_of(5) {
        return if pascal {
            json!({"TenantId": tenant, "B2BCollaborationInbound": null, "B2BCollaborationOutbound": null, "InboundTrust": null})
        } else {
            json!({"tenantId": tenant, "b2bCollaborationInbound": null, "b2bCollaborationOutbound": null, "inboundTrust": null})
        };
    }
    let groups = [guid(1, 1), guid(2, 2), guid(i, 3), guid(i, 4)];
    let targets: Vec<Value> = groups
        .iter()
        .map(|g| {
            if pascal {
                json!({"Target": g, "TargetType": "group"})
            } else {
                json!({"target": g, "targetType": "group"})
            }
        })
        .collect();
    if pascal {
        json!({"TenantId": tenant, "B2BCollaborationOutbound": {"UsersAndGroups": {"AccessType": "allowed", "Targets": targets}}})
    } else {
        json!({"tenantId": tenant, "b2bCollaborationOutbound": {"usersAndGroups": {"accessType": "allowed", "targets": targets}}})
    }
}

fn beta_policy(partners: u32) -> String {
    let list: Vec<Value> = (0..partners).map(|i| partner(i, true)).collect();
    let def = json!({"CrossTenantAccessPolicy": {"Version": 1, "Partners": list}});
    let outer = json!({
        "@odata.context": "https://graph.microsoft.com/beta/$metadata#policies/crossTenantAccessPolicy/$entity",
        "displayName": "CrossTenantAccessPolicy",
        "definition": [serde_json::to_string(&def).unwrap_or_default()],
        "allowedCloudEndpoints": [],
    });
    serde_json::to_string(&outer).unwrap_or_default()
}

fn partners_list(partners: u32) -> String {
    let list: Vec<Value> = (0..partners).map(|i| partner(i, false)).collect();
    let outer = json!({
        "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#policies/crossTenantAccessPolicy/partners",
        "value": list,
    });
    serde_json::to_string_pretty(&outer).unwrap_or_default()
}

/// The shape `tests/e2e/page-bench.mjs` pastes: every partner with inbound groups and apps
/// and four inherited sections, pretty-printed.
fn page_bench_list(partners: u32) -> String {
    let list: Vec<Value> = (0..partners)
        .map(|i| {
            let hex = format!("{i:012x}");
            let groups: Vec<Value> = (0..3)
                .map(|g| json!({"target": format!("1111111{g}-0000-4000-8000-{hex}"), "targetType": "group"}))
                .collect();
            json!({
                "tenantId": format!("00000000-0000-4000-8000-{hex}"),
                "isServiceProvider": null, "inboundTrust": null,
                "b2bCollaborationInbound": {
                    "usersAndGroups": {"accessType": "allowed", "targets": groups},
                    "applications": {"accessType": "allowed", "targets": [{"target": "AllApplications", "targetType": "application"}]}
                },
                "b2bCollaborationOutbound": null, "b2bDirectConnectInbound": null, "b2bDirectConnectOutbound": null
            })
        })
        .collect();
    let outer = json!({
        "@odata.context": "https://graph.microsoft.com/beta/$metadata#policies/crossTenantAccessPolicy/partners",
        "value": list,
    });
    serde_json::to_string_pretty(&outer).unwrap_or_default()
}

/// Grows the partner count until the text reaches the target size.
fn sized(make: fn(u32) -> String) -> (String, u32) {
    let probe = make(100).len();
    let n = (TARGET_BYTES * 100 / probe.max(1)) as u32;
    (make(n), n)
}

fn best<T>(mut f: impl FnMut() -> T) -> Duration {
    (0..RUNS)
        .map(|_| {
            let start = Instant::now();
            black_box(f());
            start.elapsed()
        })
        .min()
        .unwrap_or_default()
}

fn report(name: &str, text: &str, partners: u32) {
    let r = analyze(text);
    let detect = best(|| looks_like_policy(black_box(text)));
    let full = best(|| analyze(black_box(text)));
    // The page parses in one task and measures in the next: each step's time is a task's length.
    let parse = best(|| parse_policy(black_box(text)));
    let measure = parse_policy(text).map(|p| best(|| analyze_parsed(black_box(text), &p)));
    let mb = text.len() as f64 / (1024.0 * 1024.0);
    println!(
        "{name}: {} bytes ({mb:.2} MB), {partners} partners generated, {} found, {} findings",
        text.len(),
        r.partners,
        r.findings.len()
    );
    println!(
        "  looks_like_policy: {:.1} ms   analyze: {:.1} ms ({:.1} MB/s)   best of {RUNS}",
        detect.as_secs_f64() * 1e3,
        full.as_secs_f64() * 1e3,
        mb / full.as_secs_f64().max(1e-9)
    );
    println!(
        "  in the page's steps: parse_policy {:.1} ms, analyze_parsed {:.1} ms (the walk and the report's second half, a step each)",
        parse.as_secs_f64() * 1e3,
        measure.unwrap_or_default().as_secs_f64() * 1e3
    );
}

fn main() {
    let (beta, n) = sized(beta_policy);
    report("beta policy, minified", &beta, n);
    let (list, n) = sized(partners_list);
    report("partners list, pretty", &list, n);
    let (list, n) = sized(page_bench_list);
    report("partners list as the page bench pastes it", &list, n);
}
