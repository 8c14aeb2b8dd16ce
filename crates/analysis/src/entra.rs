//! Fixed facts about Entra ID that every tool may use: recipe ids (and, as the layers fill in, well-known tenants, apps and cloud hosts).
use serde::Serialize;

/// A recipe of the Commands tool. Guidance names recipes by this type, so a typo is a compile error.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RecipeId {
    FindAddress,
    GuestState,
    ResendInvite,
    ResetRedemption,
    RemoveObject,
    RestoreDeleted,
    ListGuests,
    XtapRead,
    FirstPartySps,
    AuthorizationPolicy,
    SigninLogs,
}

impl RecipeId {
    /// Every recipe, in the order the Commands tool lists them.
    pub const ALL: [RecipeId; 11] = [
        RecipeId::FindAddress,
        RecipeId::GuestState,
        RecipeId::ResendInvite,
        RecipeId::ResetRedemption,
        RecipeId::RemoveObject,
        RecipeId::RestoreDeleted,
        RecipeId::ListGuests,
        RecipeId::XtapRead,
        RecipeId::FirstPartySps,
        RecipeId::AuthorizationPolicy,
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
            RecipeId::ListGuests => "list-guests",
            RecipeId::XtapRead => "xtap-read",
            RecipeId::FirstPartySps => "first-party-sps",
            RecipeId::AuthorizationPolicy => "authorization-policy",
            RecipeId::SigninLogs => "signin-logs",
        }
    }

    /// The recipe with this id, if any.
    pub fn parse(id: &str) -> Option<RecipeId> {
        RecipeId::ALL.into_iter().find(|r| r.id() == id)
    }
}

/// Every recipe id, in the order the Commands tool lists them.
pub const RECIPE_IDS: [&str; 11] = {
    let mut out = [""; 11];
    let mut i = 0;
    while i < RecipeId::ALL.len() {
        out[i] = RecipeId::ALL[i].id();
        i += 1;
    }
    out
};

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
}
