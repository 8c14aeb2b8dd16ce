//! Fixed facts about Entra ID that every tool may use: recipe ids (and, as the layers fill in, well-known tenants, apps and cloud hosts).

/// Every recipe the Commands tool has, in the order it lists them; guidance may name only these.
pub const RECIPE_IDS: &[&str] = &[
    "find-address",
    "guest-state",
    "resend-invite",
    "reset-redemption",
    "remove-object",
    "restore-deleted",
    "list-guests",
    "xtap-read",
    "first-party-sps",
    "authorization-policy",
    "signin-logs",
];
