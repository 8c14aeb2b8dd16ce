//! The claim catalogue: what each claim means, written for people debugging guest sign-in.

/// How well a claim is documented, so the page can say how far to trust our reading.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Doc {
    /// In Microsoft's claims references.
    Documented,
    /// Seen in Microsoft's own sample tokens but not described by them.
    SampleOnly,
    /// Opaque on purpose: Microsoft says to ignore it.
    Internal,
    /// Not in our catalogue.
    Undocumented,
}

/// One catalogue row: name, meaning, documentation status, and whether the value is Unix time.
pub struct ClaimInfo {
    pub name: &'static str,
    pub meaning: &'static str,
    pub doc: Doc,
    pub time: bool,
}

const fn c(name: &'static str, meaning: &'static str, doc: Doc) -> ClaimInfo {
    ClaimInfo {
        name,
        meaning,
        doc,
        time: false,
    }
}
const fn t(name: &'static str, meaning: &'static str) -> ClaimInfo {
    ClaimInfo {
        name,
        meaning,
        doc: Doc::Documented,
        time: true,
    }
}

use Doc::{Documented as D, Internal as I, SampleOnly as S};

/// Sorted by name for binary search.
pub static CLAIMS: &[ClaimInfo] = &[
    c(
        "_claim_names",
        "Group overage: the user is in more groups than fit in the token. Points to _claim_sources; read the groups from Microsoft Graph instead.",
        D,
    ),
    c(
        "_claim_sources",
        "Group overage: where the missing groups could be fetched. An Azure AD Graph (graph.windows.net) endpoint here is retired: call Microsoft Graph's memberOf instead.",
        D,
    ),
    c(
        "acct",
        "Account status in the tenant that issued the token: 0 = member, 1 = guest. Only present when the app asks for it as an optional claim.",
        D,
    ),
    c(
        "acr",
        "v1 only. Authentication context class: \"0\" means the sign-in did not meet ISO/IEC 29115 requirements, \"1\" means it did.",
        D,
    ),
    c(
        "acrs",
        "Conditional Access authentication contexts (step-up) that the sign-in satisfied.",
        D,
    ),
    c(
        "aio",
        "Opaque value Microsoft uses internally. Ignore it.",
        I,
    ),
    c(
        "altsecid",
        "Alternative security ID of an account from elsewhere. In Microsoft's sample guest tokens it looks like 5::<id> (work or school) or 1:live.com:<id> (personal account). Not described in the claims reference.",
        S,
    ),
    c(
        "amr",
        "How the user proved who they are: pwd, rsa, otp, fed, wia, mfa, ngcmfa, wiaormfa or none.",
        D,
    ),
    c(
        "app_displayname",
        "Display name of the client app. Not part of the documented claim set; treat it as informational.",
        S,
    ),
    c(
        "appid",
        "v1: the client app that asked for the token (its application ID).",
        D,
    ),
    c(
        "appidacr",
        "v1: how the client app authenticated: 0 public client, 1 client secret, 2 certificate.",
        D,
    ),
    c(
        "aud",
        "Audience: the API this token is for. In v2 tokens it is the API's application ID; in v1 it may be the App ID URI.",
        D,
    ),
    c("auth_time", "When the user last entered credentials.", D),
    c(
        "azp",
        "v2: the client app that asked for the token (its application ID).",
        D,
    ),
    c(
        "azpacr",
        "v2: how the client app authenticated: 0 public client, 1 client secret, 2 certificate.",
        D,
    ),
    c(
        "c_hash",
        "Hash of the authorization code, for hybrid flows.",
        D,
    ),
    c("ctry", "Country or region of the user (optional claim).", D),
    c(
        "deviceid",
        "Device ID of a registered device (optional claim).",
        D,
    ),
    c(
        "e_exp",
        "Seen in Microsoft's sample guest tokens; undocumented.",
        S,
    ),
    c(
        "email",
        "Email address. Sent by default for guests that have one; for members only on request. It can be changed by users and is not verified: never grant access based on it.",
        D,
    ),
    t(
        "exp",
        "Expires at. Resources reject the token after this time (with a few minutes of clock-skew tolerance).",
    ),
    c("family_name", "Surname (optional in v2).", D),
    c("given_name", "Given name (optional in v2).", D),
    c(
        "groups",
        "Object IDs of groups the user belongs to, as configured by the app's groupMembershipClaims. Missing groups mean overage: see _claim_names.",
        D,
    ),
    c(
        "hasgroups",
        "Implicit flow: the user has groups but they did not fit. Read them from Microsoft Graph.",
        D,
    ),
    t(
        "iat",
        "Issued at: when authentication for this token happened.",
    ),
    c(
        "idp",
        "Identity provider that authenticated the user. When it differs from iss, the user signed in somewhere else: a guest's home tenant, a personal Microsoft account, or another provider.",
        D,
    ),
    c(
        "idtyp",
        "Token type hint (optional claim): app for app-only tokens.",
        D,
    ),
    c(
        "in_corp",
        "Signals the sign-in came from the corporate network (optional claim).",
        D,
    ),
    c("ipaddr", "IP address the user authenticated from (v1).", D),
    c(
        "iss",
        "Issuer: the security token service and tenant that issued the token. Its form shows the token version and the cloud.",
        D,
    ),
    c(
        "login_hint",
        "Opaque sign-in hint. It points at the home tenant, so for guests the request must also name the resource tenant.",
        D,
    ),
    c("name", "Display name of the user. For display only.", D),
    t("nbf", "Not before: the token is not valid until this time."),
    c("nickname", "Nickname (optional claim).", D),
    c(
        "nonce",
        "The nonce the client sent with the sign-in request; the client checks it to stop replay (ID tokens).",
        D,
    ),
    c(
        "oid",
        "Object ID of the user in the tenant that issued the token. For a guest this is the guest object in the resource tenant, not the account at home.",
        D,
    ),
    c(
        "onprem_sid",
        "On-premises security identifier of a synced user (v1, optional in v2).",
        D,
    ),
    c(
        "platf",
        "Seen in Microsoft's sample guest tokens (device platform); undocumented.",
        S,
    ),
    c(
        "preferred_username",
        "v2: the user's sign-in name as a display hint. Mutable; never use it to authorize.",
        D,
    ),
    c(
        "puid",
        "Seen in Microsoft's sample guest tokens; undocumented.",
        S,
    ),
    c(
        "pwd_exp",
        "Seconds until the password expires (optional claim).",
        D,
    ),
    c(
        "pwd_url",
        "Where the user can change their password (optional claim).",
        D,
    ),
    c(
        "rh",
        "Opaque value Microsoft uses to revalidate tokens. Ignore it.",
        I,
    ),
    c(
        "roles",
        "App roles: application permissions for app-only tokens, or the user's app-role assignments for user tokens.",
        D,
    ),
    c(
        "scp",
        "Delegated scopes the client may use for the signed-in user, separated by spaces.",
        D,
    ),
    c("sid", "Session ID of the user's sign-in session.", D),
    c(
        "sub",
        "Subject: the user, as seen by this one app. Differs between apps, so it cannot link a user across apps.",
        D,
    ),
    c("tenant_ctry", "Country of the tenant (optional claim).", D),
    c(
        "tenant_region_scope",
        "Region of the tenant (optional claim).",
        D,
    ),
    c(
        "tid",
        "Tenant the user signed in to. For a guest that is the resource tenant that invited them, not their home tenant. 9188040d-6c67-4c5b-b112-36a304b66dad is the personal Microsoft account tenant.",
        D,
    ),
    c(
        "unique_name",
        "v1: a human-readable name for the user, for display only. A personal account guest shows as live.com#address.",
        D,
    ),
    c(
        "upn",
        "User principal name (v1, or optional claim). A guest's own UPN in the resource tenant has the form name_domain#EXT#@tenant. Display only.",
        D,
    ),
    c(
        "uti",
        "Unique token identifier, like jti. Useful to find the token in logs.",
        D,
    ),
    c(
        "ver",
        "Token version: 1.0 or 2.0. The API's manifest setting accessTokenAcceptedVersion decides it, not the endpoint the client called.",
        D,
    ),
    c(
        "verified_primary_email",
        "The user's primary verified email (optional claim).",
        D,
    ),
    c(
        "verified_secondary_email",
        "The user's secondary verified emails (optional claim).",
        D,
    ),
    c(
        "wids",
        "Directory role template IDs the user holds in the tenant, for example Global Administrator.",
        D,
    ),
    c(
        "xms_cc",
        "Client capabilities: cp1 means the client can answer claims challenges (needed for continuous access evaluation).",
        D,
    ),
    c(
        "xms_edov",
        "Email domain owner verified: whether the email's domain is verified by its owner.",
        D,
    ),
    c(
        "xms_pdl",
        "Preferred data location of a user in a multi-geo tenant.",
        D,
    ),
    c(
        "xms_pl",
        "User's preferred language. For guests it comes from the home tenant.",
        D,
    ),
    c("xms_tpl", "Preferred language of the resource tenant.", D),
];

/// Catalogue entry for a claim name.
pub fn lookup(name: &str) -> Option<&'static ClaimInfo> {
    CLAIMS
        .binary_search_by(|c| c.name.cmp(name))
        .ok()
        .map(|i| &CLAIMS[i])
}

#[cfg(test)]
mod tests {
    #[test]
    fn sorted_and_unique() {
        assert!(super::CLAIMS.windows(2).all(|w| w[0].name < w[1].name));
    }
}
