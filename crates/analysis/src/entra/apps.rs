//! Well-known Microsoft application IDs, so audiences and clients read as names.
//! The list lives in `data/apps.toml`; build.rs checks it.

/// A well-known Microsoft application.
pub struct App {
    /// Application ID, lower-case.
    pub id: &'static str,
    /// The name Microsoft lists it under.
    pub name: &'static str,
    /// Its typical v1 audience URI, if it has one.
    pub uri: Option<&'static str>,
}

// `APPS`, compiled by build.rs from data/apps.toml (ids and URIs unique).
include!(concat!(env!("OUT_DIR"), "/apps.rs"));

/// Name of a well-known app from its ID or its v1 audience URI (trailing slash ignored).
pub fn name(id_or_uri: &str) -> Option<&'static str> {
    let key = id_or_uri.trim().trim_end_matches('/');
    let key_lower = key.to_ascii_lowercase();
    APPS.iter()
        .find(|a| a.id == key_lower || a.uri.is_some_and(|u| u.eq_ignore_ascii_case(key)))
        .map(|a| a.name)
        .or_else(|| {
            // SharePoint and the older management host have per-tenant or alternate URIs.
            let host = key_lower.strip_prefix("https://")?;
            if host.ends_with(".sharepoint.com") || host.contains(".sharepoint.com/") {
                Some("Office 365 SharePoint Online")
            } else if host == "management.core.windows.net" {
                Some("Windows Azure Service Management API (Azure Resource Manager)")
            } else {
                None
            }
        })
}

/// The well-known API a request to `host` calls (by its audience URI's host), if any.
pub fn api_at(host: &str) -> Option<&'static App> {
    APPS.iter().find(|a| {
        a.uri
            .and_then(|u| u.strip_prefix("https://"))
            .is_some_and(|h| h.trim_end_matches('/').eq_ignore_ascii_case(host))
    })
}

/// Whether a token's `aud` names `app` (its ID, or its audience URI with or without a slash).
pub fn is_audience_of(app: &App, aud: &str) -> bool {
    let aud = aud.trim().trim_end_matches('/');
    aud.eq_ignore_ascii_case(app.id) || app.uri.is_some_and(|u| u.eq_ignore_ascii_case(aud))
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_api_a_host_serves() {
        let graph = super::api_at("graph.microsoft.com").unwrap();
        assert_eq!(graph.name, "Microsoft Graph");
        assert!(super::is_audience_of(graph, "https://graph.microsoft.com/"));
        assert!(super::is_audience_of(
            graph,
            "00000003-0000-0000-c000-000000000000"
        ));
        assert!(!super::is_audience_of(
            graph,
            "11111111-2222-4333-8444-555555555555"
        ));
        assert!(super::api_at("api.contoso.example").is_none());
    }

    #[test]
    fn names() {
        assert_eq!(
            super::name("https://graph.microsoft.com/"),
            Some("Microsoft Graph")
        );
        assert_eq!(
            super::name("00000003-0000-0000-C000-000000000000"),
            Some("Microsoft Graph")
        );
        assert_eq!(
            super::name("https://contoso.sharepoint.com"),
            Some("Office 365 SharePoint Online")
        );
        assert_eq!(super::name("api://mine"), None);
        assert_eq!(super::name(""), None);
        assert_eq!(
            super::name("04b07795-8ddb-461a-bbee-02f9e1bf7b46"),
            Some("Microsoft Azure CLI")
        );
    }
}
