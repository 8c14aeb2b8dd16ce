//! A sign-in request's URL pasted from the address bar (`…/{tenant}/oauth2/v2.0/authorize?client_id=…`): the tenant, app and account it names.
//!
//! Entra shows its error page at the request's own address, so the address bar after a failure
//! is often this URL with no error in it. It names where the app sent the guest (the tenant in
//! its path), which app (`client_id`) and, often, who (`login_hint`).
use crate::trace::hosts::{self, Cloud};

/// What a pasted sign-in request names. Only a request to an Entra sign-in host is read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignInRequest {
    /// The host, lower case (it names the cloud).
    pub host: String,
    /// The tenant in the path, unless it is `common`, `organizations` or `consumers`.
    pub tenant: Option<String>,
    pub client_id: Option<String>,
    pub login_hint: Option<String>,
}

/// The longest paste read as one URL: an address bar's worth.
const MAX_URL: usize = 8192;

/// The request a paste is, when the whole paste is one URL of an Entra sign-in request
/// (`/oauth2/authorize`, `/oauth2/v2.0/authorize`, `/saml2`, `/wsfed`).
pub fn read(text: &str) -> Option<SignInRequest> {
    let url = text.trim();
    if url.len() > MAX_URL || url.contains(char::is_whitespace) {
        return None;
    }
    let rest = url.strip_prefix("https://")?;
    let (base, query) = rest.split_once('?').unwrap_or((rest, ""));
    let (host, path) = base.split_once('/')?;
    let host = host.to_ascii_lowercase();
    // Personal accounts' hosts name no tenant of anyone's.
    if !matches!(
        hosts::cloud_of(&host),
        Some(Cloud::Global | Cloud::UsGov | Cloud::China)
    ) {
        return None;
    }
    let path = path.split('#').next().unwrap_or(path);
    let mut segments = path.split('/');
    let first = segments.next().unwrap_or_default();
    let lower = path.to_ascii_lowercase();
    let is_request = [
        "/oauth2/authorize",
        "/oauth2/v2.0/authorize",
        "/saml2",
        "/wsfed",
    ]
    .iter()
    .any(|p| lower.ends_with(p));
    if !is_request {
        return None;
    }
    let tenant = Some(first)
        .filter(|t| {
            !t.is_empty()
                && !matches!(
                    t.to_ascii_lowercase().as_str(),
                    "common" | "organizations" | "consumers"
                )
                && t.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.'))
        })
        .map(str::to_owned);
    let query = query.split('#').next().unwrap_or(query);
    Some(SignInRequest {
        host,
        tenant,
        client_id: param(query, "client_id").filter(|v| crate::text::is_guid(v)),
        login_hint: param(query, "login_hint")
            .filter(|v| v.contains('@') && !v.contains(char::is_whitespace)),
    })
}

/// A query parameter's value, percent-decoded as the trace reader decodes one (`+` a space).
fn param(query: &str, name: &str) -> Option<String> {
    let raw = query.split('&').find_map(|p| {
        p.split_once('=')
            .filter(|(k, _)| *k == name)
            .map(|(_, v)| v)
    })?;
    Some(crate::trace::decode::percent_decode(raw, true)).filter(|v| !v.is_empty())
}

#[cfg(test)]
mod tests {
    use super::read;

    #[test]
    fn an_authorize_url_names_its_tenant_app_and_account() {
        let r = read("https://login.microsoftonline.com/3c1d8f2a-6b4e-4f0a-9d7c-2e5b8a1f4c6d/oauth2/v2.0/authorize?client_id=1fec8e78-bce4-4aaf-ab1b-5451cc387264&response_type=code&login_hint=ann%40fabrikam.example&scope=openid").expect("a request");
        assert_eq!(
            r.tenant.as_deref(),
            Some("3c1d8f2a-6b4e-4f0a-9d7c-2e5b8a1f4c6d")
        );
        assert_eq!(
            r.client_id.as_deref(),
            Some("1fec8e78-bce4-4aaf-ab1b-5451cc387264")
        );
        assert_eq!(r.login_hint.as_deref(), Some("ann@fabrikam.example"));
        // /common names no tenant; another host, another path or text around it is no request.
        let common = read("https://login.microsoftonline.com/common/oauth2/authorize?client_id=x")
            .expect("a request");
        assert_eq!(common.tenant, None);
        assert_eq!(common.client_id, None);
        for no in [
            "https://login.live.com/oauth20_authorize.srf?client_id=1",
            "https://app.contoso.example/3c1d/oauth2/v2.0/authorize",
            "https://login.microsoftonline.com/3c1d/oauth2/v2.0/token",
            "see https://login.microsoftonline.com/x/oauth2/v2.0/authorize",
        ] {
            assert_eq!(read(no), None, "{no}");
        }
    }
}
