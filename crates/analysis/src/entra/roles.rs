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
    }
}
