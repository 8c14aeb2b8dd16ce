//! Fixed facts about Entra ID that every tool may use: recipe ids (and, as the layers fill in, well-known tenants, apps and cloud hosts).
use serde::Serialize;

/// A recipe of the Commands tool. Guidance names recipes by this type, so a typo is a compile error.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RecipeId {
    /// The default: the first recipe to offer when nothing else is known.
    #[default]
    FindAddress,
    GuestState,
    ResendInvite,
    ResetRedemption,
    RemoveObject,
    RestoreDeleted,
    RestoreApp,
    ListGuests,
    XtapRead,
    FirstPartySps,
    AuthorizationPolicy,
    SigninLogs,
}

impl RecipeId {
    /// Every recipe, in the order the Commands tool lists them.
    pub const ALL: [RecipeId; 12] = [
        RecipeId::FindAddress,
        RecipeId::GuestState,
        RecipeId::ResendInvite,
        RecipeId::ResetRedemption,
        RecipeId::RemoveObject,
        RecipeId::RestoreDeleted,
        RecipeId::RestoreApp,
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
            RecipeId::RestoreApp => "restore-app",
            RecipeId::ListGuests => "list-guests",
            RecipeId::XtapRead => "xtap-read",
            RecipeId::FirstPartySps => "first-party-sps",
            RecipeId::AuthorizationPolicy => "authorization-policy",
            RecipeId::SigninLogs => "signin-logs",
        }
    }

    /// What the recipe is for, as its heading says.
    pub const fn title(self) -> &'static str {
        match self {
            RecipeId::FindAddress => "Who holds this address?",
            RecipeId::GuestState => "Guest account state",
            RecipeId::ResendInvite => "Resend the invitation",
            RecipeId::ResetRedemption => "Reset the guest's redemption",
            RecipeId::RemoveObject => "Remove a conflicting user or contact",
            RecipeId::RestoreDeleted => "Restore a deleted user",
            RecipeId::RestoreApp => "Restore a deleted application",
            RecipeId::ListGuests => "List guests, pending guests and inactive guests",
            RecipeId::XtapRead => "Read the cross-tenant access policy",
            RecipeId::FirstPartySps => "Disabled Microsoft service principals that break B2B",
            RecipeId::AuthorizationPolicy => "Who may invite, and what guests may do",
            RecipeId::SigninLogs => "Sign-in logs for this failure",
        }
    }

    /// True when the recipe runs in the guest's home tenant; false for the resource tenant
    /// (xtap-read moves to the home tenant for AADSTS500212, which its builder decides).
    pub const fn runs_at_home(self) -> bool {
        matches!(self, RecipeId::FirstPartySps)
    }

    /// True when an object ID found in a token may be filled in: the recipe reads or fixes
    /// the guest object itself. Removing and restoring act on an object the user picks
    /// (a conflicting user or contact, a deleted user), never on the guest's own.
    pub const fn takes_found_object(self) -> bool {
        matches!(
            self,
            RecipeId::GuestState | RecipeId::ResetRedemption | RecipeId::SigninLogs
        )
    }

    /// The recipe with this id, if any.
    pub fn parse(id: &str) -> Option<RecipeId> {
        RecipeId::ALL.into_iter().find(|r| r.id() == id)
    }
}

/// Every recipe id, in the order the Commands tool lists them.
pub const RECIPE_IDS: [&str; RecipeId::ALL.len()] = {
    let mut out = [""; RecipeId::ALL.len()];
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
