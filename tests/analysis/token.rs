//! Tests of the token inspector on realistic tokens built here.
use guestlens::analysis::token::{TokenKind, analyze_token, find_and_analyze, samples};
use proptest::prelude::*;

const NOW: i64 = 1_750_000_000;

fn sample(id: &str) -> String {
    samples::token(id, NOW).expect("sample exists")
}

#[test]
fn guest_from_entra_tenant() {
    let r = find_and_analyze(&sample("guest-entra-v1"), NOW)
        .report
        .unwrap();
    assert_eq!(r.kind, TokenKind::Jws);
    assert_eq!(r.account_kind, "guest");
    assert_eq!(r.idp_kind, Some("entra"));
    assert_eq!(r.version.as_deref(), Some("1.0"));
    assert_eq!(r.cloud, Some("global"));
    assert_eq!(
        r.tenant_id.as_deref(),
        Some("aaaabbbb-0000-cccc-1111-dddd2222eeee")
    );
    assert_eq!(
        r.home_tenant_id.as_deref(),
        Some("bbbbcccc-1111-dddd-2222-eeee3333ffff")
    );
    assert_eq!(r.upn_original.as_deref(), Some("sam.guest@contoso.example"));
    assert_eq!(r.validity, "valid");
    assert!(
        r.verdict
            .unwrap()
            .headline
            .contains("another Microsoft Entra tenant")
    );
    assert_eq!(r.signature_len, Some(256));
}
