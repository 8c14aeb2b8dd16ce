//! What a pasted cross-tenant access policy means for one guest's home tenant and app: inbound B2B collaboration and trust.
//!
//! Reads the default configuration and partner configurations from whatever was pasted (one
//! object, a `/partners` list, several documents one after another). A partner's setting that
//! is null inherits the default's; a default that was not pasted is said to be unknown rather
//! than assumed. Every verdict names the JSON path it rests on.
use serde::Serialize;
use serde_json::Value;

use super::json;

/// Whether B2B collaboration lets these users, or this app, in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Access {
    Allowed,
    Blocked,
    /// Allowed only for listed users or groups; whether the guest is among them is not known here.
    OnlyListed,
    /// Blocked only for listed users or groups.
    AllButListed,
    /// The setting is inherited from a default configuration that was not pasted.
    Unknown,
}

impl Access {
    pub fn label(self) -> &'static str {
        match self {
            Access::Allowed => "allowed",
            Access::Blocked => "blocked",
            Access::OnlyListed => "allowed only for the users or groups listed",
            Access::AllButListed => "blocked for the users or groups listed, allowed for others",
            Access::Unknown => "inherited from the default settings, which were not pasted",
        }
    }
}

/// One verdict and the JSON path it rests on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Rule {
    pub access: Access,
    pub path: String,
    /// The targets named one by one (object IDs in the partner's directory for users and
    /// groups, app IDs for applications); empty when the rule names everyone.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub listed: Vec<String>,
}

/// Whether the resource tenant accepts a claim the home tenant makes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Trust {
    /// None when inherited from a default that was not pasted.
    pub accepted: Option<bool>,
    pub path: String,
}

/// Which configuration applies to the home tenant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Applies {
    /// The partner configuration for this home tenant.
    Partner,
    /// No partner configuration for it was pasted: the default configuration applies.
    Default,
}

/// Inbound settings for one home tenant and (when known) one app.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Inbound {
    pub applies: Applies,
    /// Overall, for this guest and app: allowed, blocked, or depends on group membership.
    pub collaboration: Access,
    pub users: Rule,
    pub applications: Rule,
    pub mfa: Trust,
    pub compliant_device: Trust,
    pub hybrid_joined_device: Trust,
    /// True when the pasted text held no partner list: another partner entry may still exist.
    pub partners_unseen: bool,
}

impl Inbound {
    /// Whether home MFA trust matters: only once the guest is let in.
    pub fn mfa_matters(&self) -> bool {
        self.collaboration != Access::Blocked
    }
}

/// The configurations found in the pasted text.
struct Found {
    default: Option<Value>,
    partners: Vec<Value>,
    saw_partner_list: bool,
}

fn gather(text: &str) -> Option<Found> {
    let parsed = json::parse(text).ok()?;
    let mut found = Found {
        default: None,
        partners: Vec::new(),
        saw_partner_list: false,
    };
    for doc in parsed.docs {
        let items: Vec<Value> = match doc.get("value").and_then(Value::as_array) {
            Some(list) => {
                found.saw_partner_list = true;
                list.clone()
            }
            None => vec![doc],
        };
        for mut item in items {
            // A base policy read with `$expand=default,partners` carries both inside it.
            if let Some(Value::Array(list)) = item.get_mut("partners").map(Value::take) {
                found.partners.extend(list);
            }
            if let Some(d) = item
                .get_mut("default")
                .map(Value::take)
                .filter(Value::is_object)
            {
                found.default = Some(d);
            }
            if item.get("tenantId").and_then(Value::as_str).is_some() {
                found.partners.push(item);
            } else if item.get("isServiceDefault").is_some()
                || item.get("b2bCollaborationInbound").is_some()
            {
                found.default = Some(item);
            }
        }
    }
    (found.default.is_some() || !found.partners.is_empty()).then_some(found)
}

/// The partner entry for `tenant` among `partners`.
fn partner_in<'a>(partners: &'a [Value], tenant: &str) -> Option<&'a Value> {
    partners.iter().find(|p| {
        p.get("tenantId")
            .and_then(Value::as_str)
            .is_some_and(|t| t.eq_ignore_ascii_case(tenant))
    })
}

/// A pasted policy's configurations, read once: the case asks several questions of each paste.
pub struct Pasted(Found);

impl Pasted {
    /// None when the text holds no default or partner configuration.
    pub fn read(text: &str) -> Option<Self> {
        gather(text).map(Pasted)
    }

    /// The pasted partner entry for `tenant`.
    pub fn partner(&self, tenant: &str) -> Option<&Value> {
        partner_in(&self.0.partners, tenant)
    }
}

/// Evaluates the pasted policy for a guest from `home_tenant` using `app_id`. None when the
/// text holds no default or partner configuration.
pub fn evaluate(text: &str, home_tenant: &str, app_id: Option<&str>) -> Option<Inbound> {
    evaluate_all(&[text], home_tenant, app_id)
}

/// The same over several pastes of one tenant's policy (the default in one, the partners in
/// another): partner entries from all, the default from the first that has one.
pub fn evaluate_all(texts: &[&str], home_tenant: &str, app_id: Option<&str>) -> Option<Inbound> {
    let mut pasted = Vec::new();
    for text in texts {
        pasted.extend(Pasted::read(text));
    }
    evaluate_pasted(pasted, home_tenant, app_id)
}

/// The same over pastes already read.
pub fn evaluate_pasted(
    pasted: Vec<Pasted>,
    home_tenant: &str,
    app_id: Option<&str>,
) -> Option<Inbound> {
    let mut found: Option<Found> = None;
    for Pasted(more) in pasted {
        match &mut found {
            None => found = Some(more),
            Some(f) => {
                f.partners.extend(more.partners);
                f.saw_partner_list |= more.saw_partner_list;
                if f.default.is_none() {
                    f.default = more.default;
                }
            }
        }
    }
    let found = found?;
    let partner = partner_in(&found.partners, home_tenant);
    let (applies, own, own_path) = match partner {
        Some(p) => (
            Applies::Partner,
            Some(p),
            format!("partners[tenantId={home_tenant}]"),
        ),
        None => (Applies::Default, None, "default".to_owned()),
    };
    // A setting: the partner's own when set, else the default's.
    let setting = |key: &str| -> (Option<&Value>, String) {
        if let Some(v) = own.and_then(|p| p.get(key)).filter(|v| !v.is_null()) {
            return (Some(v), format!("{own_path}.{key}"));
        }
        let d = found.default.as_ref().and_then(|d| d.get(key));
        (d.filter(|v| !v.is_null()), format!("default.{key}"))
    };

    let (collab, collab_path) = setting("b2bCollaborationInbound");
    let users = rule(collab, &collab_path, "usersAndGroups", None);
    let applications = rule(collab, &collab_path, "applications", app_id);
    let collaboration = match (users.access, applications.access) {
        (Access::Blocked, _) | (_, Access::Blocked) => Access::Blocked,
        (Access::Allowed, Access::Allowed) => Access::Allowed,
        (Access::Unknown, _) | (_, Access::Unknown) => Access::Unknown,
        (Access::AllButListed, _) | (_, Access::AllButListed) => Access::AllButListed,
        _ => Access::OnlyListed,
    };

    let (trust, trust_path) = setting("inboundTrust");
    let flag = |key: &str| Trust {
        accepted: trust.and_then(|t| t.get(key)).and_then(Value::as_bool),
        path: format!("{trust_path}.{key}"),
    };
    Some(Inbound {
        applies,
        collaboration,
        users,
        applications,
        mfa: flag("isMfaAccepted"),
        compliant_device: flag("isCompliantDeviceAccepted"),
        hybrid_joined_device: flag("isHybridAzureADJoinedDeviceAccepted"),
        partners_unseen: partner.is_none() && !found.saw_partner_list,
    })
}

/// One half of a B2B setting (`usersAndGroups` or `applications`). `listed` is the value to look
/// for among specific targets (the app ID); users and groups cannot be checked from here.
fn rule(setting: Option<&Value>, path: &str, key: &str, listed: Option<&str>) -> Rule {
    let path = format!("{path}.{key}");
    let Some(part) = setting.and_then(|s| s.get(key)) else {
        return Rule {
            access: Access::Unknown,
            path,
            listed: Vec::new(),
        };
    };
    let blocked = part.get("accessType").and_then(Value::as_str) == Some("blocked");
    let mut targets: Vec<&str> = Vec::new();
    if let Some(list) = part.get("targets").and_then(Value::as_array) {
        for x in list {
            if let Some(t) = x.get("target").and_then(Value::as_str) {
                targets.push(t);
            }
        }
    }
    let everyone = targets
        .iter()
        .any(|t| matches!(*t, "AllUsers" | "AllApplications"));
    let is_listed = listed.map(|l| targets.iter().any(|t| t.eq_ignore_ascii_case(l)));
    let access = match (everyone, blocked, is_listed) {
        (true, false, _) => Access::Allowed,
        (true, true, _) => Access::Blocked,
        (false, false, Some(true)) | (false, true, Some(false)) => Access::Allowed,
        (false, false, Some(false)) | (false, true, Some(true)) => Access::Blocked,
        (false, false, None) => Access::OnlyListed,
        (false, true, None) => Access::AllButListed,
    };
    let listed = if everyone {
        Vec::new()
    } else {
        targets.into_iter().map(str::to_owned).collect()
    };
    Rule {
        access,
        path,
        listed,
    }
}
