//! The claim catalogue: what each claim means, written for people debugging guest sign-in.
//! The entries live in `data/claims.toml`; build.rs checks and sorts them, and refuses a claim
//! without a source.
pub use crate::entra::Source;

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
    /// Described by no Microsoft page (not in our catalogue, or listed there as undocumented).
    Undocumented,
}

/// One catalogue row: name, meaning, documentation status, and whether the value is Unix time.
pub struct ClaimInfo {
    pub name: &'static str,
    pub meaning: &'static str,
    pub doc: Doc,
    pub time: bool,
    /// Where the claim is documented (for an undocumented one, the token format it appears in).
    pub sources: &'static [Source],
}

// `CLAIMS`, compiled by build.rs from data/claims.toml (sorted by name, no duplicates).
include!(concat!(env!("OUT_DIR"), "/claims.rs"));

/// Catalogue entry for a claim name.
pub fn lookup(name: &str) -> Option<&'static ClaimInfo> {
    CLAIMS
        .binary_search_by(|c| c.name.cmp(name))
        .ok()
        .and_then(|i| CLAIMS.get(i))
}

#[cfg(test)]
mod tests {
    #[test]
    fn ver_says_who_chooses_the_version_for_each_token_type() {
        // The manifest decides for access tokens, the endpoint for ID tokens.
        let ver = super::lookup("ver").map_or("", |c| c.meaning);
        assert!(
            ver.contains("access token") && ver.contains("ID token"),
            "{ver}"
        );
    }

    #[test]
    fn sorted_and_unique() {
        assert!(super::CLAIMS.windows(2).all(|w| w[0].name < w[1].name));
        assert!(super::CLAIMS.len() > 60);
    }

    #[test]
    fn lookup_finds_first_last_and_time_claims() {
        for name in ["_claim_names", "xms_tpl", "ver"] {
            assert_eq!(super::lookup(name).map(|c| c.name), Some(name));
        }
        assert!(super::lookup("exp").is_some_and(|c| c.time));
        assert!(super::lookup("aio").is_some_and(|c| c.doc == super::Doc::Internal));
        assert!(super::lookup("nope").is_none());
    }

    #[test]
    fn every_claim_cites_an_https_source() {
        assert!(
            super::CLAIMS.iter().all(|c| !c.sources.is_empty()
                && c.sources.iter().all(|s| s.url.starts_with("https://")))
        );
    }

    #[test]
    fn audit_corrections_are_pinned() {
        let meaning = |n: &str| super::lookup(n).map_or("", |c| c.meaning);
        // No claims reference backs a clock-skew tolerance; it documents early rejection instead.
        assert!(!meaning("exp").contains("clock-skew"));
        assert!(meaning("pwd_exp").contains("iat"));
        assert!(meaning("tenant_ctry").contains("resource tenant"));
        assert!(meaning("upn").contains("include_externally_authenticated_upn"));
        assert!(meaning("aud").contains("ID token"));
        for n in ["deviceid", "app_displayname"] {
            assert!(
                super::lookup(n).is_some_and(|c| c.doc == super::Doc::Undocumented),
                "{n}"
            );
        }
    }
}
