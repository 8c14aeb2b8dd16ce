//! The policy read against one guest: inbound B2B collaboration and trust for a home tenant and app.
use guestlens_analysis::policy::inbound::{Access, Applies, evaluate};

const DEFAULT: &str = include_str!("policy/default.json");
const PARTNER: &str = include_str!("policy/partner.json");
const PARTNER_TENANT: &str = "44444444-aaaa-4bbb-8ccc-000000000004";
const OTHER_TENANT: &str = "9e8d7c6b-5a4f-4e3d-9c2b-1a0f9e8d7c6b";
const APP: &str = "1fec8e78-bce4-4aaf-ab1b-5451cc387264";

#[test]
fn the_default_applies_to_a_tenant_without_a_partner_entry() {
    let r = evaluate(DEFAULT, OTHER_TENANT, Some(APP)).expect("a default configuration");
    assert_eq!(r.applies, Applies::Default);
    assert_eq!(r.collaboration, Access::Allowed);
    assert_eq!(
        r.users.path,
        "default.b2bCollaborationInbound.usersAndGroups"
    );
    assert_eq!(r.mfa.accepted, Some(false));
    assert!(r.partners_unseen, "only the default was pasted");
}

#[test]
fn a_partner_entry_with_null_settings_inherits_the_default() {
    let both = format!("{DEFAULT}\n{PARTNER}");
    let r = evaluate(&both, PARTNER_TENANT, Some(APP)).expect("configurations");
    assert_eq!(r.applies, Applies::Partner);
    // b2bCollaborationInbound is null in the partner entry: the default's setting rules.
    assert_eq!(r.collaboration, Access::Allowed);
    assert_eq!(
        r.applications.path,
        "default.b2bCollaborationInbound.applications"
    );
    // inboundTrust is the partner's own: MFA from the home tenant is accepted.
    assert_eq!(r.mfa.accepted, Some(true));
    assert_eq!(
        r.mfa.path,
        format!("partners[tenantId={PARTNER_TENANT}].inboundTrust.isMfaAccepted")
    );
    // Alone, the partner's inherited setting is unknown, never assumed.
    let alone = evaluate(PARTNER, PARTNER_TENANT, Some(APP)).unwrap();
    assert_eq!(alone.collaboration, Access::Unknown);
}

#[test]
fn listed_apps_and_blocked_users_decide() {
    let partner = format!(
        r#"{{"tenantId":"{PARTNER_TENANT}","b2bCollaborationInbound":{{
          "usersAndGroups":{{"accessType":"allowed","targets":[{{"target":"AllUsers","targetType":"user"}}]}},
          "applications":{{"accessType":"allowed","targets":[{{"target":"{APP}","targetType":"application"}}]}}}},
          "inboundTrust":null}}"#
    );
    let r = evaluate(&partner, PARTNER_TENANT, Some(APP)).unwrap();
    assert_eq!(r.collaboration, Access::Allowed);
    let other_app = "00000003-0000-0000-c000-000000000000";
    let r = evaluate(&partner, PARTNER_TENANT, Some(other_app)).unwrap();
    assert_eq!(
        r.applications.access,
        Access::Blocked,
        "not in the allowed list"
    );
    assert_eq!(r.collaboration, Access::Blocked);
    let r = evaluate(&partner, PARTNER_TENANT, None).unwrap();
    assert_eq!(r.collaboration, Access::OnlyListed);

    let groups = partner
        .replace(
            "\"AllUsers\",\"targetType\":\"user\"",
            "\"aaaaaaaa-0000-4000-8000-000000000001\",\"targetType\":\"group\"",
        )
        .replace(
            "\"allowed\",\"targets\":[{\"target\":\"aaaa",
            "\"blocked\",\"targets\":[{\"target\":\"aaaa",
        );
    let r = evaluate(&groups, PARTNER_TENANT, Some(APP)).unwrap();
    assert_eq!(r.users.access, Access::AllButListed);
}

#[test]
fn a_partners_list_is_read_and_not_policy_text_is_none() {
    let list = format!(r#"{{"value":[{PARTNER}]}}"#);
    let r = evaluate(&list, OTHER_TENANT, None).unwrap();
    assert_eq!(r.applies, Applies::Default);
    assert!(!r.partners_unseen, "the whole list was pasted");
    assert!(evaluate("AADSTS50020: no policy here", OTHER_TENANT, None).is_none());
    assert!(evaluate("{\"value\": []}", OTHER_TENANT, None).is_none());
}

#[test]
fn a_default_and_a_partner_pasted_apart_are_read_together() {
    use guestlens_analysis::policy::inbound::evaluate_all;
    for texts in [[DEFAULT, PARTNER], [PARTNER, DEFAULT]] {
        let r = evaluate_all(&texts, PARTNER_TENANT, Some(APP)).expect("configurations");
        assert_eq!(r.applies, Applies::Partner);
        assert_eq!(
            r.collaboration,
            Access::Allowed,
            "inherited from the other paste"
        );
        assert_eq!(r.mfa.accepted, Some(true), "the partner's own trust");
        assert!(!r.partners_unseen);
    }
}

#[test]
fn a_base_policy_with_default_and_partners_expanded_is_read() {
    let base = format!(
        r#"{{"@odata.context":"https://graph.microsoft.com/beta/$metadata#policies/crossTenantAccessPolicy(default(),partners())",
        "displayName":"CrossTenantAccessPolicy","allowedCloudEndpoints":[],
        "default":{DEFAULT},"partners":[{}]}}"#,
        crate::users_blocked_partner(PARTNER_TENANT, "b2bCollaborationInbound")
    );
    let r = evaluate(&base, PARTNER_TENANT, Some(APP)).expect("a reading");
    assert_eq!(r.applies, Applies::Partner);
    assert_eq!(r.collaboration, Access::Blocked);
    let other = evaluate(&base, OTHER_TENANT, Some(APP)).expect("a reading");
    assert_eq!(other.applies, Applies::Default);
    assert_eq!(other.collaboration, Access::Allowed);
}
