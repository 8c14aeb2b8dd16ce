//! Fixed facts about Entra ID that every tool may use: recipe ids, well-known tenants, sign-in hosts and the identity-provider classifier.
pub mod apps;
pub mod roles;
use serde::Serialize;

/// A recipe of the Commands tool. Guidance names recipes by this type, so a typo is a compile error.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RecipeId {
    /// The default: the first recipe to offer when nothing else is known.
    #[default]
    FindAddress,
    GuestState,
    ResendInvite,
    ResetRedemption,
    RemoveObject,
    RestoreDeleted,
    RestoreApp,
    ListGuests,
    XtapRead,
    FirstPartySps,
    AuthorizationPolicy,
    AppAccess,
    SigninLogs,
}

impl RecipeId {
    /// Every recipe, in the order the Commands tool lists them.
    pub const ALL: [RecipeId; 13] = [
        RecipeId::FindAddress,
        RecipeId::GuestState,
        RecipeId::ResendInvite,
        RecipeId::ResetRedemption,
        RecipeId::RemoveObject,
        RecipeId::RestoreDeleted,
        RecipeId::RestoreApp,
        RecipeId::ListGuests,
        RecipeId::XtapRead,
        RecipeId::FirstPartySps,
        RecipeId::AuthorizationPolicy,
        RecipeId::AppAccess,
        RecipeId::SigninLogs,
    ];

    /// The id as the CLI, the JSON report and the page's anchors spell it.
    pub const fn id(self) -> &'static str {
        match self {
            RecipeId::FindAddress => "find-address",
            RecipeId::GuestState => "guest-state",
            RecipeId::ResendInvite => "resend-invite",
            RecipeId::ResetRedemption => "reset-redemption",
            RecipeId::RemoveObject => "remove-object",
            RecipeId::RestoreDeleted => "restore-deleted",
            RecipeId::RestoreApp => "restore-app",
            RecipeId::ListGuests => "list-guests",
            RecipeId::XtapRead => "xtap-read",
            RecipeId::FirstPartySps => "first-party-sps",
            RecipeId::AuthorizationPolicy => "authorization-policy",
            RecipeId::AppAccess => "app-access",
            RecipeId::SigninLogs => "signin-logs",
        }
    }

    /// What the recipe is for, as its heading says.
    pub const fn title(self) -> &'static str {
        match self {
            RecipeId::FindAddress => "Who holds this address?",
            RecipeId::GuestState => "Guest account state",
            RecipeId::ResendInvite => "Resend the invitation",
            RecipeId::ResetRedemption => "Reset the guest's redemption",
            RecipeId::RemoveObject => "Remove a conflicting user or contact",
            RecipeId::RestoreDeleted => "Restore a deleted user",
            RecipeId::RestoreApp => "Restore a deleted application",
            RecipeId::ListGuests => "List guests, pending guests and inactive guests",
            RecipeId::XtapRead => "Read the cross-tenant access policy",
            RecipeId::FirstPartySps => "Disabled Microsoft service principals that break B2B",
            RecipeId::AuthorizationPolicy => "Who may invite, and what guests may do",
            RecipeId::AppAccess => "Who may sign in to this app, and is the guest assigned?",
            RecipeId::SigninLogs => "Sign-in logs for this failure",
        }
    }

    /// True when the recipe runs in the guest's home tenant; false for the resource tenant
    /// (xtap-read moves to the home tenant for AADSTS500212, which its builder decides).
    pub const fn runs_at_home(self) -> bool {
        matches!(self, RecipeId::FirstPartySps)
    }

    /// True when an object ID found in a token may be filled in: the recipe reads or fixes
    /// the guest object itself. Removing and restoring act on an object the user picks
    /// (a conflicting user or contact, a deleted user), never on the guest's own.
    pub const fn takes_found_object(self) -> bool {
        matches!(
            self,
            RecipeId::GuestState
                | RecipeId::ResetRedemption
                | RecipeId::SigninLogs
                | RecipeId::AppAccess
        )
    }

    /// True when the recipe deletes the object it is given: the guest's own object ID is
    /// refused even when typed by hand (restoring the guest's own deleted object stays allowed).
    pub const fn deletes_picked_object(self) -> bool {
        matches!(self, RecipeId::RemoveObject)
    }

    /// The recipe with this id, if any.
    pub fn parse(id: &str) -> Option<RecipeId> {
        RecipeId::ALL.into_iter().find(|r| r.id() == id)
    }
}

/// Every recipe id, in the order the Commands tool lists them.
// Indexing is fine here: `i` stays below the one length both arrays share, and a const block
// cannot call `get`; an out-of-range index would fail the build, not a run.
#[allow(clippy::indexing_slicing)]
pub const RECIPE_IDS: [&str; RecipeId::ALL.len()] = {
    let mut out = [""; RecipeId::ALL.len()];
    let mut i = 0;
    while i < RecipeId::ALL.len() {
        out[i] = RecipeId::ALL[i].id();
        i += 1;
    }
    out
};

// ---- Well-known tenants and identity providers (kept apart from the RecipeId block above) ----

/// The tenant of personal Microsoft accounts (consumer accounts, live.com).
pub const MSA_TENANT: &str = "9188040d-6c67-4c5b-b112-36a304b66dad";

/// True for the tenant of personal Microsoft accounts, in any letter case: it is no
/// organisation, so it has no admin and no cross-tenant settings.
pub fn is_personal_tenant(tenant: &str) -> bool {
    tenant.eq_ignore_ascii_case(MSA_TENANT)
}

/// Microsoft's own services tenant: the owner (`appOwnerOrganizationId`) of most of its
/// first-party apps, as Microsoft's "verify first-party apps" article shows it (some, such as
/// Graph's command-line tools, are owned by Microsoft's corporate tenant, 72f988bf-…).
pub const MICROSOFT_SERVICES_TENANT: &str = "f8cdef31-a31e-4b4a-93e4-5f571e91255a";

/// Microsoft's article on AADSTS50020: a personal account that signs in where it has no directory
/// lands in the Microsoft Services tenant, which has none linked.
pub const MICROSOFT_SERVICES_SOURCE: Source = Source {
    title: "Error AADSTS50020 - User account from identity provider does not exist in tenant",
    url: "https://learn.microsoft.com/en-us/troubleshoot/entra/entra-id/app-integration/error-code-aadsts50020-user-account-identity-provider-does-not-exist",
    checked: "2026-11-26",
};

/// True for Microsoft's own services tenant, by ID or by the name sign-in errors give it
/// ("does not exist in tenant 'Microsoft Services'"; Microsoft's AADSTS50020 article says a
/// personal account is connected to it by default): no customer admin can invite anyone into it
/// or change its settings.
pub fn is_microsoft_services(tenant: &str) -> bool {
    let t = tenant.trim();
    t.eq_ignore_ascii_case(MICROSOFT_SERVICES_TENANT)
        || t.eq_ignore_ascii_case("Microsoft Services")
}

/// Entra's sign-in and token hosts, in every cloud.
const LOGIN_HOSTS: [&str; 7] = [
    "login.microsoftonline.com",
    "sts.windows.net",
    "login.windows.net",
    "login.microsoftonline.us",
    "login.partner.microsoftonline.cn",
    "sts.chinacloudapi.cn",
    "login.chinacloudapi.cn",
];

/// Who authenticated a user, read from an `idp` claim or the identity provider an error names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Idp {
    /// A personal Microsoft account (`live.com`, or the consumer tenant).
    PersonalAccount,
    Google,
    Facebook,
    /// Email one-time passcode (`mail`).
    EmailOtp,
    /// An Entra organisation: its tenant ID, lower-case.
    Entra(String),
    /// Anything else: SAML/WS-Fed federation or a provider we do not recognise.
    Federation,
}

/// The one classifier of identity providers, shared by the token and error tools.
/// Accepts `live.com`, `google.com`, `facebook.com`, `mail`, an Entra issuer URL
/// (`https://sts.windows.net/<tenant>/`, any cloud) or a bare tenant GUID.
pub fn classify_idp(idp: &str) -> Idp {
    let lower = idp.trim().to_ascii_lowercase();
    match lower.as_str() {
        "live.com" | "microsoftaccount" => return Idp::PersonalAccount,
        "google.com" => return Idp::Google,
        "facebook.com" => return Idp::Facebook,
        "mail" => return Idp::EmailOtp,
        _ => {}
    }
    let tenant = match lower.strip_prefix("https://") {
        Some(rest) => rest.split_once('/').and_then(|(host, path)| {
            let first = path.split('/').find(|s| !s.is_empty())?;
            LOGIN_HOSTS.contains(&host).then_some(first)
        }),
        None => Some(lower.as_str()),
    };
    match tenant.filter(|t| crate::text::is_guid(t)) {
        Some(MSA_TENANT) => Idp::PersonalAccount,
        Some(t) => Idp::Entra(t.to_owned()),
        None => Idp::Federation,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_and_serialise_as_spelled() {
        for r in RecipeId::ALL {
            assert_eq!(RecipeId::parse(r.id()), Some(r));
            assert_eq!(
                serde_json::to_string(&r).unwrap(),
                format!("\"{}\"", r.id())
            );
        }
        assert_eq!(RecipeId::parse("no-such"), None);
    }

    #[test]
    fn idps_are_classified_once_for_every_tool() {
        let t = "72f988bf-86f1-41af-91ab-2d7cd011db47";
        let cases = [
            ("live.com", Idp::PersonalAccount),
            ("MicrosoftAccount", Idp::PersonalAccount),
            (
                "https://sts.windows.net/9188040d-6c67-4c5b-b112-36a304b66dad/",
                Idp::PersonalAccount,
            ),
            ("google.com", Idp::Google),
            ("facebook.com", Idp::Facebook),
            ("mail", Idp::EmailOtp),
            (
                "https://sts.windows.net/72F988BF-86F1-41AF-91AB-2D7CD011DB47/",
                Idp::Entra(t.to_owned()),
            ),
            (
                "https://login.microsoftonline.us/72f988bf-86f1-41af-91ab-2d7cd011db47/v2.0",
                Idp::Entra(t.to_owned()),
            ),
            (t, Idp::Entra(t.to_owned())),
            // A GUID on a host that is not Entra's proves nothing.
            (
                "https://evil.example/72f988bf-86f1-41af-91ab-2d7cd011db47/",
                Idp::Federation,
            ),
            (
                "https://adfs.contoso.com/adfs/services/trust",
                Idp::Federation,
            ),
            ("", Idp::Federation),
        ];
        for (idp, want) in cases {
            assert_eq!(classify_idp(idp), want, "{idp}");
        }
    }
}

/// A page that states what a catalogue entry relies on, and when we last checked it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Source {
    pub title: &'static str,
    /// Always https; comes from a compiled table, never from pasted text.
    pub url: &'static str,
    /// `YYYY-MM-DD`.
    pub checked: &'static str,
}
