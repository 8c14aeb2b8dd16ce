//! Built-in Microsoft Entra roles by template ID, so a token's `wids` claim reads as names.
//! The list lives in `data/roles.toml`; build.rs checks it.
use super::Source;

// `ROLES` (template ID, name) and `ROLE_SOURCES`, compiled by build.rs from data/roles.toml.
include!(concat!(env!("OUT_DIR"), "/roles.rs"));

/// The name of a built-in role from its template ID (any case); `None` for one not listed.
pub fn name(template_id: &str) -> Option<&'static str> {
    let id = template_id.trim().to_ascii_lowercase();
    ROLES.iter().find(|(i, _)| *i == id).map(|(_, n)| *n)
}

/// The page the template IDs were checked against.
pub fn sources() -> &'static [Source] {
    ROLE_SOURCES
}

/// The guest access levels a tenant's authorization policy chooses from (`guestUserRoleId`),
/// which a guest's `wids` carries: (template ID, how Microsoft's page names the level).
const ACCESS_LEVELS: [(&str, &str); 3] = [
    (
        "a0b1b346-4d3e-4e8b-98f8-753987be4970",
        "guest access level \"same as member users\"",
    ),
    (
        "10dae51f-b6af-4016-8d66-8c2a99b929b3",
        "guest access level \"limited access\" (the default)",
    ),
    (
        "2af84b1e-32c8-42b7-82bc-daa82404023b",
        "guest access level \"restricted access\"",
    ),
];

/// Where the access levels' IDs are listed.
pub const ACCESS_LEVEL_SOURCE: Source = Source {
    title: "Restrict guest access permissions in Microsoft Entra ID",
    url: "https://learn.microsoft.com/en-us/entra/identity/users/users-restrict-guest-permissions",
    checked: "2026-11-26",
};

/// The guest access level a template ID stands for (any case); `None` for another ID.
pub fn access_level(template_id: &str) -> Option<&'static str> {
    let id = template_id.trim().to_ascii_lowercase();
    ACCESS_LEVELS
        .iter()
        .find(|(i, _)| *i == id)
        .map(|(_, n)| *n)
}

#[cfg(test)]
mod tests {
    #[test]
    fn names() {
        assert_eq!(
            super::name("62E90394-69F5-4237-9190-012177145e10"),
            Some("Global Administrator")
        );
        assert_eq!(super::name("b79fbf4d-3ef9-4689-8143-76b194e85509"), None);
        assert!(!super::sources().is_empty());
        assert_eq!(
            super::access_level("10DAE51F-b6af-4016-8d66-8c2a99b929b3"),
            Some("guest access level \"limited access\" (the default)")
        );
        assert_eq!(
            super::access_level("62e90394-69f5-4237-9190-012177145e10"),
            None
        );
    }
}
