//! The guided lesson "How a guest token works": static steps, each a pair of sample tokens to
//! compare, the claims to look at, and a few plain sentences.
use crate::token::compare::{Comparison, compare};
use crate::token::{TokenReport, analyze_token, samples};

/// The lesson's title, as shown and printed.
pub const TITLE: &str = "How a guest token works";

/// Said once, above the steps.
pub const INTRO: &str = "Five pairs of made-up sample tokens, one cast throughout: Fabrikam invites guests, \
Avery is a Fabrikam member, and Sam, Kim and Lee are guests who sign in three different ways. Each step puts \
two tokens side by side and marks the claims that tell the story.";

/// One step: two samples side by side.
pub struct Step {
    /// The anchor, `lesson-N` (N from 1), so `#lesson-3` links to the third step.
    pub id: &'static str,
    pub title: &'static str,
    /// Sample ids (see `token::samples`) shown as A and B.
    pub a: &'static str,
    pub b: &'static str,
    /// Claims to point at, in the order to read them.
    pub mark: &'static [&'static str],
    /// Two or three sentences, one per entry.
    pub text: &'static [&'static str],
}

pub static STEPS: &[Step] = &[
    Step {
        id: "lesson-1",
        title: "A member and a guest from another Entra tenant",
        a: "member-v2",
        b: "guest-entra-v2",
        mark: &["tid", "idp", "acct", "oid", "email"],
        text: &[
            "Avery works at Fabrikam; Sam works at Contoso and was invited to Fabrikam, so both tokens come from \
             Fabrikam with the same tid: tid is the tenant someone signed in to, not where they come from.",
            "Only Sam's token has idp, naming Contoso, the home tenant that checked her password, and acct is 1 \
             (guest) instead of 0 (member).",
            "Entra adds Sam's email because she is a guest; Avery's would need the app to ask for it.",
        ],
    },
    Step {
        id: "lesson-2",
        title: "The same guest at home and in the resource tenant",
        a: "guest-entra-home",
        b: "guest-entra-v1",
        mark: &[
            "iss", "tid", "idp", "oid", "upn", "acct", "altsecid", "puid",
        ],
        text: &[
            "Sam's token from her own tenant Contoso and her token from Fabrikam differ in issuer, tenant and object \
             ID: she has a user object at home and a guest object in Fabrikam, so different object IDs across \
             tenants never mean different people by themselves.",
            "They are tied together by idp (Fabrikam's token names Contoso), by the #EXT# UPN made from her \
             address, and by altsecid, which carries her home account's puid.",
            "An app that signs Sam in through /common or /organizations gets the home token; to reach Fabrikam as a \
             guest, it must name Fabrikam's tenant.",
        ],
    },
    Step {
        id: "lesson-3",
        title: "A guest with a personal Microsoft account",
        a: "guest-entra-v1",
        b: "guest-msa",
        mark: &["idp", "altsecid", "unique_name", "upn", "oid"],
        text: &[
            "Kim was invited with a personal Microsoft account: her token says idp live.com, altsecid 1:live.com: \
             instead of 5::, and unique_name live.com#address.",
            "No organization stands behind a personal account, so there is no home admin to call: Kim manages the \
             account herself and Fabrikam decides the rest.",
        ],
    },
    Step {
        id: "lesson-4",
        title: "A guest with an email one-time passcode",
        a: "guest-entra-v2",
        b: "guest-otp",
        mark: &["idp", "oid", "email", "preferred_username"],
        text: &[
            "Lee's address has no Microsoft account behind it, so Fabrikam emails a one-time code at each sign-in \
             and idp reads mail (documented on the guest's user object; in tokens it is widely seen but not \
             documented).",
            "If codes stop working, check that Fabrikam still has email one-time passcode turned on and that Lee \
             uses a link that names Fabrikam's tenant, not /common.",
        ],
    },
    Step {
        id: "lesson-5",
        title: "v1 and v2 tokens of the same guest",
        a: "guest-entra-v1",
        b: "guest-entra-v2",
        mark: &[
            "iss",
            "ver",
            "aud",
            "oid",
            "upn",
            "preferred_username",
            "amr",
        ],
        text: &[
            "Both tokens are Sam's, from Fabrikam, with the same object ID: Microsoft Graph takes v1 tokens and the \
             Orders API v2, because the API's manifest chooses the version, not the person or the app.",
            "A v1 issuer is https://sts.windows.net/{tenant}/ and a v2 issuer ends in /v2.0; v1 tokens carry upn, \
             unique_name and amr, v2 tokens preferred_username, and the client is appid in v1 but azp in v2.",
        ],
    },
];

/// The step a location hash points at: `#lesson-3` (or `lesson-3`) → index 2.
pub fn from_hash(hash: &str) -> Option<usize> {
    let id = hash.strip_prefix('#').unwrap_or(hash);
    STEPS.iter().position(|s| s.id == id)
}

/// A step ready to show: its two sample reports and their comparison.
pub struct Shown {
    pub step: &'static Step,
    pub a: TokenReport,
    pub b: TokenReport,
    pub comparison: Comparison,
}

/// Builds step `index` (from 0) with sample times around `now`; None past the last step.
pub fn show(index: usize, now: i64) -> Option<Shown> {
    let step = STEPS.get(index)?;
    let report = |id: &str| {
        let token = samples::token(id, now)?;
        Some(analyze_token(&token, "a built-in sample", false, now))
    };
    let (a, b) = (report(step.a)?, report(step.b)?);
    let comparison = compare(&a, &b);
    Some(Shown {
        step,
        a,
        b,
        comparison,
    })
}
