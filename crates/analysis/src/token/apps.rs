//! Well-known Microsoft application IDs, so audiences and clients read as names.

/// (application ID, name as Microsoft lists it, typical v1 audience URI if any).
pub static APPS: &[(&str, &str, &str)] = &[
    (
        "00000002-0000-0000-c000-000000000000",
        "Windows Azure Active Directory (Azure AD Graph, retired)",
        "https://graph.windows.net",
    ),
    (
        "00000002-0000-0ff1-ce00-000000000000",
        "Office 365 Exchange Online",
        "https://outlook.office365.com",
    ),
    (
        "00000003-0000-0000-c000-000000000000",
        "Microsoft Graph",
        "https://graph.microsoft.com",
    ),
    (
        "00000003-0000-0ff1-ce00-000000000000",
        "Office 365 SharePoint Online",
        "",
    ),
    (
        "0000000c-0000-0000-c000-000000000000",
        "Microsoft App Access Panel",
        "",
    ),
    (
        "00000012-0000-0000-c000-000000000000",
        "Azure Rights Management",
        "",
    ),
    (
        "04b07795-8ddb-461a-bbee-02f9e1bf7b46",
        "Microsoft Azure CLI",
        "",
    ),
    ("19db86c3-b2b9-44cc-b339-36da233a3be2", "My Signins", ""),
    (
        "1fec8e78-bce4-4aaf-ab1b-5451cc387264",
        "Microsoft Teams",
        "",
    ),
    (
        "29d9ed98-a469-4536-ade2-f981bc1d605e",
        "Microsoft Authentication Broker",
        "",
    ),
    (
        "38049638-cc2c-4cde-abe4-4479d721ed44",
        "Microsoft Approval Management",
        "",
    ),
    (
        "4660504c-45b3-4674-a709-71951a6b0763",
        "Microsoft Invitation Acceptance Portal",
        "",
    ),
    (
        "65d91a3d-ab74-42e6-8a2f-0add61688c74",
        "Microsoft Approval Management",
        "",
    ),
    (
        "797f4846-ba00-4fd7-ba43-dac1f8f63013",
        "Windows Azure Service Management API (Azure Resource Manager)",
        "https://management.azure.com",
    ),
    ("8c59ead7-d703-4a27-9e55-c96a0054c8d2", "My Profile", ""),
    ("c44b4083-3bb0-49c1-b47d-974e53cbdf3c", "Azure Portal", ""),
    (
        "d3590ed6-52b3-4102-aeff-aad2292ab01c",
        "Microsoft Office",
        "",
    ),
];

/// Name of a well-known app from its ID or its v1 audience URI (trailing slash ignored).
pub fn name(id_or_uri: &str) -> Option<&'static str> {
    let key = id_or_uri.trim().trim_end_matches('/');
    let key_lower = key.to_ascii_lowercase();
    APPS.iter()
        .find(|(id, _, uri)| *id == key_lower || (!uri.is_empty() && uri.eq_ignore_ascii_case(key)))
        .map(|(_, name, _)| *name)
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

#[cfg(test)]
mod tests {
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
    }
}
