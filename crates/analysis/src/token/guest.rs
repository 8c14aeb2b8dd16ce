//! The guest verdict: version, cloud, home vs resource tenant, and what that means for sign-in.
use serde_json::{Map, Value};

use super::{
    AccountKind, Cloud, Evidence, EvidenceClaim, IdpKind, MSA_TENANT, TokenReport, TokenType,
    Verdict,
};
use crate::diagnostic::Diagnostic;
use crate::text::is_guid;

/// The address a guest UPN was made from: `alice_contoso.com#EXT#@fabrikam.onmicrosoft.com` → `alice@contoso.com`.
/// Also reads the `_EXT_` form and `live.com#alice@outlook.com` display names.
pub fn ext_upn_address(upn: &str) -> Option<String> {
    let local = upn
        .find("#EXT#")
        .or_else(|| upn.find("_EXT_@"))
        .map(|i| &upn[..i]);
    if let Some(local) = local {
        // The domain cannot hold an underscore, so the last one stands for the @.
        let (name, domain) = local.rsplit_once('_')?;
        if name.is_empty() || domain.is_empty() {
            return None;
        }
        return Some(format!("{name}@{domain}"));
    }
    None
}

/// Host and tenant of an Entra issuer URL: `https://sts.windows.net/{tid}/` or `https://login…/{tid}/v2.0`.
pub fn issuer_parts(iss: &str) -> Option<(&str, &str, bool)> {
    let rest = iss.strip_prefix("https://")?;
    let (host, path) = rest.split_once('/')?;
    let mut segs = path.split('/').filter(|s| !s.is_empty());
    let tenant = segs.next()?;
    let v2 = segs.next() == Some("v2.0");
    Some((host, tenant, v2))
}

/// The Microsoft cloud of a sign-in or token-issuer host (`token::cloud_of_host`).
pub fn cloud_of(host: &str) -> Option<Cloud> {
    match host.to_ascii_lowercase().as_str() {
        "login.microsoftonline.com" | "sts.windows.net" | "login.windows.net" => {
            Some(Cloud::Global)
        }
        "login.microsoftonline.us" => Some(Cloud::Usgov),
        "login.partner.microsoftonline.cn" | "sts.chinacloudapi.cn" | "login.chinacloudapi.cn" => {
            Some(Cloud::China)
        }
        _ => None,
    }
}

/// Microsoft's pre-production (PPE) sign-in hosts: Entra itself, but not a customer cloud.
pub fn is_ppe_host(host: &str) -> bool {
    matches!(
        host.to_ascii_lowercase().as_str(),
        "sts.windows-ppe.net" | "login.windows-ppe.net"
    )
}

/// True when the issuer is Microsoft Entra itself (any cloud, the closed German cloud, or PPE),
/// whose rules for signing and claims then apply.
pub fn is_entra_issuer(r: &TokenReport) -> bool {
    r.cloud.is_some()
        || r.issuer
            .as_deref()
            .and_then(issuer_parts)
            .is_some_and(|(host, _, _)| {
                is_ppe_host(host) || host.to_ascii_lowercase().ends_with(".microsoftonline.de")
            })
}

/// The tenant an Entra issuer URL names, when it is a GUID.
fn issuer_tenant(r: &TokenReport) -> Option<String> {
    let (_, tenant, _) = r.issuer.as_deref().and_then(issuer_parts)?;
    is_guid(tenant).then(|| tenant.to_ascii_lowercase())
}

pub fn version_and_cloud(r: &mut TokenReport, ver: Option<&str>) {
    let parsed = r.issuer.as_deref().and_then(issuer_parts);
    let from_issuer = parsed.map(|(host, _, v2)| {
        if v2 {
            "2.0"
        } else if host.starts_with("sts.") {
            "1.0"
        } else {
            "?"
        }
    });
    r.version = match (ver, from_issuer) {
        (Some(v), Some(i)) if i != "?" && v != i => {
            r.diagnostics.push(Diagnostic::warning(format!(
                "ver says {v} but the issuer has the v{i} form; a token from Entra would agree."
            )));
            Some(v.to_owned())
        }
        (Some(v), _) => Some(v.to_owned()),
        (None, Some(i)) if i != "?" => Some(i.to_owned()),
        _ => None,
    };
    if let Some((host, tenant, _)) = parsed {
        r.cloud = cloud_of(host);
        if host.ends_with(".de") {
            r.diagnostics.push(Diagnostic::warning(
                "The issuer is in Microsoft Cloud Germany, which closed in October 2021: this is a legacy token.",
            ));
        } else if is_ppe_host(host) {
            // login.windows-ppe.net is the authority Microsoft's own libraries and tools use for
            // their pre-production ("dogfood") environment (e.g. MSAL's known cloud hosts).
            r.diagnostics.push(Diagnostic::warning(format!(
                "The issuer host {host} is Microsoft's pre-production (PPE) environment, where Microsoft tests \
                 Entra before it ships: not B2C and not a customer cloud. Production tenants and apps don't trust \
                 it, so this token only works in a Microsoft test setup; if a customer app got it, the app is \
                 configured with a PPE authority by mistake."
            )));
        } else if r.cloud.is_none() {
            r.diagnostics.push(Diagnostic::info(format!(
                "The issuer host {host} is not a Microsoft Entra sign-in host (global, US Government or China). \
                 This may be an Azure AD B2C, External ID or third-party token."
            )));
        }
        if host == "sts.windows.net" {
            r.diagnostics.push(Diagnostic::info(
                "v1 issuers use sts.windows.net in both the global and the US Government cloud, so the cloud is a best guess.",
            ));
        }
        if let Some(tid) = r.tenant_id.as_deref()
            && is_guid(tenant)
            && !tenant.eq_ignore_ascii_case(tid)
        {
            let msg = if tenant.eq_ignore_ascii_case(MSA_TENANT) {
                format!(
                    "The issuer is the personal Microsoft account tenant ({MSA_TENANT}) but tid is {tid}: the token \
                     describes a personal Microsoft account (outlook.com, hotmail.com, live.com…) signing in to the \
                     organization {tid} as a guest. Entra normally names the same tenant in iss and tid, so a \
                     validator that checks them against each other will reject it."
                )
            } else {
                format!(
                    "The issuer names tenant {tenant} but tid is {tid}. Entra always makes them equal, so a validator will reject it."
                )
            };
            r.diagnostics.push(Diagnostic::warning(msg));
        }
    } else if let Some(iss) = r.issuer.as_deref() {
        r.diagnostics.push(Diagnostic::info(format!(
            "The issuer {iss} is not in the form Microsoft Entra uses."
        )));
    }
}

/// Reads `idp` (through the shared classifier): its kind and, for Entra tenants, the home tenant ID.
fn read_idp(idp: &str) -> (IdpKind, Option<String>) {
    use crate::entra::Idp;
    match crate::entra::classify_idp(idp) {
        Idp::PersonalAccount => (IdpKind::MicrosoftAccount, Some(MSA_TENANT.to_owned())),
        Idp::Google => (IdpKind::Google, None),
        Idp::Facebook => (IdpKind::Facebook, None),
        Idp::EmailOtp => (IdpKind::EmailOtp, None),
        Idp::Entra(tenant) => (IdpKind::Entra, Some(tenant)),
        Idp::Federation => (IdpKind::Federation, None),
    }
}

fn ev(claim: EvidenceClaim, value: &str, reading: impl Into<String>) -> Evidence {
    Evidence {
        claim,
        value: value.to_owned(),
        reading: reading.into(),
    }
}

pub fn verdict(r: &mut TokenReport, c: &Map<String, Value>) {
    let mut evidence = Vec::new();
    let mut meaning = Vec::new();
    let tid = r.tenant_id.clone();
    let iss = r.issuer.clone();
    let acct = c
        .get("acct")
        .and_then(|v| v.as_i64().or_else(|| v.as_str()?.parse().ok()));

    if let Some(v) = &r.version {
        // Access tokens take the API's version; ID tokens the endpoint's (entra-docs
        // identity-platform access-tokens.md and id-tokens.md).
        let why = match r.token_type {
            Some(TokenType::Access) => {
                "for an access token the API's app registration chooses it (accessTokenAcceptedVersion in its manifest), not the endpoint the client called"
            }
            Some(TokenType::Id) => {
                "for an ID token the endpoint the app signed in at chooses it (the v1.0 or the /v2.0 endpoint)"
            }
            None => {
                "an access token's version is chosen by the API's manifest (accessTokenAcceptedVersion), an ID token's by the endpoint the app signed in at"
            }
        };
        evidence.push(ev(EvidenceClaim::Ver, v, format!("A v{v} token: {why}.")));
    }
    if let Some(t) = &tid {
        let reading = if t == MSA_TENANT {
            "The personal Microsoft account tenant: a consumer account signing in to consumer services."
        } else {
            "The tenant the user signed in to — for a guest, the resource tenant that invited them."
        };
        evidence.push(ev(EvidenceClaim::Tid, t, reading));
    }
    let iss_tenant = issuer_tenant(r);
    let msa_issuer = iss_tenant.as_deref() == Some(MSA_TENANT);
    if let Some(i) = &iss {
        let reading = if msa_issuer && tid.as_deref().is_some_and(|t| t != MSA_TENANT) {
            "Who issued the token: the personal Microsoft account tenant, so the account itself is a Microsoft account, not an organization's."
        } else {
            "Who issued the token."
        };
        evidence.push(ev(EvidenceClaim::Iss, i, reading));
    }

    let idp = r.idp.clone().filter(|i| Some(i) != iss.as_ref());
    let headline;
    r.account_kind = AccountKind::Unknown;
    // idtyp = app marks an app-only token (claims.toml, idtyp); without it, app roles and no
    // delegated scope or user name point the same way.
    let user_named = ["upn", "unique_name", "preferred_username", "email", "name"]
        .iter()
        .any(|k| c.contains_key(*k));
    let idtyp_app = c.get("idtyp").and_then(Value::as_str) == Some("app");
    // An app-only token carries `roles` only when the app was granted application permissions;
    // without them, its object ID is its own subject (as Microsoft.Identity.Web tells one).
    let oid_is_sub = c.get("oid").and_then(Value::as_str).is_some()
        && c.get("oid").and_then(Value::as_str) == c.get("sub").and_then(Value::as_str);
    let looks_app =
        (c.contains_key("roles") || oid_is_sub) && !c.contains_key("scp") && !user_named;
    if idtyp_app || (looks_app && r.token_type == Some(TokenType::Access)) {
        r.account_kind = AccountKind::App;
        headline = "An app-only token: no person signed in".to_owned();
        meaning.push(if idtyp_app {
            "idtyp is app: the app got this token for itself (client credentials), so no user, guest or member, is involved. Its roles are application permissions.".to_owned()
        } else {
            "[inference] No delegated scope and no user name, with app roles or an object ID equal to the subject: the app got this token for itself (client credentials), so no user, guest or member, is involved.".to_owned()
        });
        r.verdict = Some(Verdict {
            headline,
            evidence,
            meaning,
        });
        return;
    }
    if tid.as_deref() == Some(MSA_TENANT) || (tid.is_none() && msa_issuer) {
        r.account_kind = AccountKind::Personal;
        headline = "Personal Microsoft account (not a guest)".to_owned();
        meaning.push(
            "The token was issued by the consumer tenant, so this account is not using any organization's \
             directory. To reach an organization's app as a guest, the app must sign the user in to that \
             organization's tenant (a tenant-specific or /organizations authority), where the account must be invited."
                .to_owned(),
        );
    } else if let Some(idp) = idp.as_deref() {
        let (kind, home) = read_idp(idp);
        r.idp_kind = Some(kind);
        r.home_tenant_id = home.clone();
        r.account_kind = if acct == Some(0) {
            AccountKind::Member
        } else {
            AccountKind::Guest
        };
        let who = match kind {
            IdpKind::Entra => "from another Microsoft Entra tenant",
            IdpKind::MicrosoftAccount => "with a personal Microsoft account",
            IdpKind::Google => "with a Google account",
            IdpKind::Facebook => "with a Facebook account",
            IdpKind::EmailOtp => "with an email one-time passcode",
            IdpKind::Federation => "from a SAML/WS-Fed identity provider",
        };
        headline = if acct == Some(0) {
            format!("External member {who} (B2B collaboration member)")
        } else {
            format!("Guest {who}")
        };
        let reading = match kind {
            IdpKind::Entra => format!(
                "Authenticated by another Entra tenant: {} is the guest's home tenant.",
                home.as_deref().unwrap_or("?")
            ),
            IdpKind::MicrosoftAccount => "Authenticated by the personal Microsoft account service (live.com).".to_owned(),
            IdpKind::EmailOtp => "Authenticated by an email one-time passcode. (Microsoft documents mail as an identity issuer on the user object; the same value in tokens is commonly seen but not documented.)".to_owned(),
            IdpKind::Google | IdpKind::Facebook => format!("Authenticated by {idp}. (Documented on the user object's identities; the token value is commonly seen but not documented.)"),
            IdpKind::Federation => "Authenticated by a federated identity provider the resource tenant trusts.".to_owned(),
        };
        evidence.push(ev(EvidenceClaim::Idp, idp, reading));
        match kind {
            IdpKind::Entra => meaning.push(format!(
                "The password, MFA registration and account lifecycle live in the home tenant {}. The resource tenant \
                 {} holds only {} object (oid) linked to it. The resource tenant's Conditional Access applies; MFA \
                 happens in the resource tenant unless its cross-tenant inbound trust accepts the home tenant's MFA.",
                home.as_deref().unwrap_or("?"),
                tid.as_deref().unwrap_or("?"),
                // acct 0: an external member (userType Member), not a guest, though it signs in the same way.
                if acct == Some(0) { "an external member's" } else { "a guest" }
            )),
            IdpKind::MicrosoftAccount => meaning.push(
                "A personal account has no home organization: there is no home admin to call. The person manages \
                 the account at account.microsoft.com; the resource tenant decides everything else."
                    .to_owned(),
            ),
            IdpKind::EmailOtp => meaning.push(
                "No account was needed: each sign-in sends a code to the address. If codes stop working, check that \
                 the resource tenant still has email one-time passcode enabled."
                    .to_owned(),
            ),
            IdpKind::Google | IdpKind::Facebook | IdpKind::Federation => meaning.push(
                "The identity provider outside Entra authenticates the person; the resource tenant's guest object links \
                 to it. Password and MFA problems belong to that provider."
                    .to_owned(),
            ),
        }
        if home.is_some() && home.as_deref() == tid.as_deref() && kind == IdpKind::Entra {
            r.diagnostics.push(Diagnostic::warning(
                "idp names the same tenant as tid: this is not really a cross-tenant sign-in.",
            ));
        }
    } else if msa_issuer {
        // Issued in the consumer tenant, yet tid names an organization (checked above: tid is
        // neither absent nor the consumer tenant).
        r.idp_kind = Some(IdpKind::MicrosoftAccount);
        r.home_tenant_id = Some(MSA_TENANT.to_owned());
        r.account_kind = AccountKind::Guest;
        headline = "Guest with a personal Microsoft account".to_owned();
        meaning.push(format!(
            "The issuer is the personal Microsoft account tenant, while tid names the organization {}: a Microsoft \
             account (outlook.com, hotmail.com, live.com…) signed in to that organization as a guest. A personal \
             account has no home organization and no home admin; the person manages it at account.microsoft.com, \
             and the organization {} decides everything else (invitation, Conditional Access, access to the app).",
            tid.as_deref().unwrap_or("?"),
            tid.as_deref().unwrap_or("?")
        ));
    } else if let Some(orig) = r.upn_original.clone() {
        // Only invited (external) accounts get a #EXT# user name, so no idp does not make a member.
        let member = acct == Some(0);
        r.account_kind = if member {
            AccountKind::Member
        } else {
            AccountKind::Guest
        };
        headline = if member {
            "External member (a #EXT# user name, B2B collaboration member)".to_owned()
        } else {
            "Guest (a #EXT# user name)".to_owned()
        };
        meaning.push(format!(
            "The user name has the #EXT# form Entra gives only to accounts invited from outside the tenant, made \
             from {orig}: this is an external user, not one of the tenant's own members. The token has no idp \
             claim, so it doesn't say who authenticated the person (their home organization, a Microsoft account \
             or a one-time passcode)."
        ));
        if tid.is_none() {
            meaning.push(
                "The token also has no tid, so it doesn't say which tenant the guest signed in to: the domain after \
                 #EXT#@ is the inviting (resource) tenant's. Entra access tokens always carry tid, so this token was \
                 cut down, made by another issuer, or is an ID token requested without the profile scope."
                    .to_owned(),
            );
        }
    } else if acct == Some(1) {
        r.account_kind = AccountKind::Guest;
        headline = "Local guest (authenticated by this tenant)".to_owned();
        meaning.push(
            "acct says guest, but the account signs in to this tenant directly: a guest with local credentials, or \
             an internal user whose userType was set to Guest."
                .to_owned(),
        );
    } else if tid.is_some() || iss.is_some() {
        r.account_kind = AccountKind::Member;
        headline = "Member of the tenant (not a guest)".to_owned();
        meaning.push(
            "No idp claim, so the issuer authenticated the user itself: a normal member account. If this user should \
             reach another organization's app, they must be invited there; their token for that app would name the \
             other tenant in tid and this one in idp."
                .to_owned(),
        );
    } else {
        headline = "Can't tell the account type: the token has neither tid nor iss".to_owned();
    }
    if let Some(a) = acct {
        let reading = match a {
            0 => "acct = 0: the user object is a member (userType Member) in this tenant.",
            1 => "acct = 1: the user object is a guest (userType Guest) in this tenant.",
            _ => "An acct value Entra does not document.",
        };
        evidence.push(ev(EvidenceClaim::Acct, &a.to_string(), reading));
    } else if r.account_kind == AccountKind::Guest {
        evidence.push(ev(
            EvidenceClaim::Acct,
            "(absent)",
            "The app did not ask for acct, so userType is inferred from idp.",
        ));
    }
    if let (Some(upn), Some(orig)) = (
        c.get("upn").and_then(Value::as_str),
        r.upn_original.as_deref(),
    ) {
        evidence.push(ev(
            EvidenceClaim::Upn,
            upn,
            format!("A guest UPN in the resource tenant, made from {orig}."),
        ));
    } else if let Some(orig) = r.upn_original.as_deref() {
        evidence.push(ev(
            EvidenceClaim::ExtAddress,
            orig,
            "Read back from a #EXT# name.",
        ));
    }
    // The row names the claim the address really came from; one read back from a #EXT# name
    // is shown above already.
    let who = if r.account_kind == AccountKind::Guest {
        "the guest"
    } else {
        "the account"
    };
    let preferred = c
        .get("preferred_username")
        .and_then(Value::as_str)
        .filter(|p| p.contains('@') && !p.contains("#EXT#"));
    if let Some(email) = c.get("email").and_then(Value::as_str) {
        evidence.push(ev(
            EvidenceClaim::Email,
            email,
            format!("The address {who} is known by. Mutable: never use it to authorize."),
        ));
    } else if let Some(name) = preferred {
        evidence.push(ev(
            EvidenceClaim::PreferredUsername,
            name,
            format!("The name {who} signs in with, usually an address. Mutable: never use it to authorize."),
        ));
    }
    if let Some(oid) = &r.object_id {
        let reading = if r.account_kind == AccountKind::Guest {
            "The guest object in the resource tenant (not the account at home)."
        } else {
            "The user object in the issuing tenant."
        };
        evidence.push(ev(EvidenceClaim::Oid, oid, reading));
    }
    r.verdict = Some(Verdict {
        headline,
        evidence,
        meaning,
    });
}

/// Checks only Microsoft Entra's own tokens must pass: how they are signed and that they name a tenant.
pub fn entra_checks(r: &mut TokenReport, alg: Option<&str>) {
    if !is_entra_issuer(r) {
        return;
    }
    // HS256/384/512: a key shared with the app. Entra signs with its published asymmetric keys
    // (RS256), so anyone holding a shared secret could have made this token.
    if let Some(alg) =
        alg.filter(|a| a.len() > 2 && a.get(..2).is_some_and(|p| p.eq_ignore_ascii_case("HS")))
    {
        r.diagnostics.push(Diagnostic::warning(format!(
            "The header says alg {alg}: a signature made with a shared secret. Microsoft Entra never signs user \
             tokens that way; it signs with its own published keys (RS256), which anyone can check and no app \
             holds. This token claims an Entra issuer but was made elsewhere: by the app itself, a test tool or \
             someone forging it. Don't trust it; get a real token from Entra."
        )));
    }
    if r.tenant_id.is_none() {
        let from_issuer = issuer_tenant(r);
        let named = from_issuer
            .as_deref()
            .map(|t| format!(" The issuer names tenant {t}, which tid would normally repeat."))
            .unwrap_or_default();
        if r.token_type == Some(TokenType::Id) {
            r.diagnostics.push(Diagnostic::info(format!(
                "No tid claim: an Entra ID token carries tid only when the app asks for the profile scope (v2.0), so \
                 the token can't say which tenant the user signed in to.{named} Ask for the profile scope, or read \
                 the tenant from the access token."
            )));
        } else {
            r.diagnostics.push(Diagnostic::warning(format!(
                "No tid claim, though the issuer is Microsoft Entra: Entra puts the tenant the user signed in to in \
                 every access token, so this one was cut down or made elsewhere. Without tid neither an API nor this \
                 page can tell the resource tenant from the guest's home.{named}"
            )));
        }
    }
}
