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
fn issuer_parts(iss: &str) -> Option<(&str, &str, bool)> {
    let rest = iss.strip_prefix("https://")?;
    let (host, path) = rest.split_once('/')?;
    let mut segs = path.split('/').filter(|s| !s.is_empty());
    let tenant = segs.next()?;
    let v2 = segs.next() == Some("v2.0");
    Some((host, tenant, v2))
}

fn cloud_of(host: &str) -> Option<Cloud> {
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
            r.diagnostics.push(Diagnostic::warning(format!(
                "The issuer names tenant {tenant} but tid is {tid}. Entra always makes them equal, so a validator will reject it."
            )));
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
    if let Some(i) = &iss {
        evidence.push(ev(EvidenceClaim::Iss, i, "Who issued the token."));
    }

    let idp = r.idp.clone().filter(|i| Some(i) != iss.as_ref());
    let headline;
    r.account_kind = AccountKind::Unknown;
    if tid.as_deref() == Some(MSA_TENANT) {
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
                 {} holds only a guest object (oid) linked to it. The resource tenant's Conditional Access applies; MFA \
                 happens in the resource tenant unless its cross-tenant inbound trust accepts the home tenant's MFA.",
                home.as_deref().unwrap_or("?"),
                tid.as_deref().unwrap_or("?")
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
    if let Some(email) = &r.email {
        evidence.push(ev(
            EvidenceClaim::Email,
            email,
            "The address the guest is known by. Mutable: never use it to authorize.",
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
