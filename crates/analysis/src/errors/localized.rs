//! Localized sign-in error messages: which codes and languages we checked, against what.
//!
//! Extraction never depends on this table: values are read by shape and position
//! (`templates::extract_by_shape`), so a language missing here still yields them. The table
//! records, per code and language, the words that mark the localized message and whether
//! that wording was verified against a public source (Microsoft's localized troubleshooting
//! article quoting the message); tests build a message from each entry and check every
//! value comes back. Entries with `verified: false` could not be checked: their words are
//! empty and only the shape reading applies.

/// A language of the sign-in pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    De,
    Fr,
    Es,
    Pt,
    It,
    Nl,
    Ja,
}

impl Lang {
    pub const ALL: [Lang; 7] = [
        Lang::De,
        Lang::Fr,
        Lang::Es,
        Lang::Pt,
        Lang::It,
        Lang::Nl,
        Lang::Ja,
    ];

    /// The BCP 47 tag.
    pub const fn tag(self) -> &'static str {
        match self {
            Lang::De => "de",
            Lang::Fr => "fr",
            Lang::Es => "es",
            Lang::Pt => "pt",
            Lang::It => "it",
            Lang::Nl => "nl",
            Lang::Ja => "ja",
        }
    }
}

/// A value slot of a message, in the order the language writes them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    User,
    Idp,
    Tenant,
    /// The app ID with its name in parentheses.
    App,
}

/// One code in one language.
#[derive(Debug, Clone, Copy)]
pub struct Template {
    pub code: u32,
    pub lang: Lang,
    /// Words of the localized message, in order; slot `k` follows word `k`.
    pub words: &'static [&'static str],
    pub slots: &'static [Slot],
    /// The wording was checked against `source`.
    pub verified: bool,
    pub source: Option<&'static str>,
}

const LEARN_50020: &str = "troubleshoot/entra/entra-id/app-integration/error-code-aadsts50020-user-account-identity-provider-does-not-exist";

use Slot::{App, Idp, Tenant, User};

/// The user-unauthorized message (50020 for the guest, 90072 in the home tenant's log): the
/// localized articles quote both. Checked 2025 on learn.microsoft.com/{de-de,fr-fr,es-es,
/// nl-nl,ja-jp}/ + `LEARN_50020`; pt-br and it-it not found in the sources searched.
const UNAUTHORIZED: &[(Lang, &[&str], &[Slot], bool)] = &[
    (
        Lang::De,
        &[
            "Benutzerkonto",
            "Identitätsanbieter",
            "Mandanten",
            "Anwendung",
        ],
        &[User, Idp, Tenant, App],
        true,
    ),
    (
        Lang::Fr,
        &[
            "compte d’utilisateur",
            "fournisseur d’identité",
            "locataire",
            "l’application",
        ],
        &[User, Idp, Tenant, App],
        true,
    ),
    (
        Lang::Es,
        &[
            "cuenta de usuario",
            "proveedor de identidades",
            "inquilino",
            "aplicación",
        ],
        &[User, Idp, Tenant, App],
        true,
    ),
    (
        Lang::Nl,
        &["Gebruikersaccount", "id-provider", "tenant", "toepassing"],
        &[User, Idp, Tenant, App],
        true,
    ),
    // Japanese names the provider before the account.
    (
        Lang::Ja,
        &[
            "ID プロバイダー",
            "のユーザー アカウント",
            "はテナント",
            "アプリケーション",
        ],
        &[Idp, User, Tenant, App],
        true,
    ),
    (Lang::Pt, &[], &[User, Idp, Tenant, App], false),
    (Lang::It, &[], &[User, Idp, Tenant, App], false),
];

/// Every entry: the verified user-unauthorized wordings for 50020 and 90072, and the other
/// main guest codes (500211, 50034, 53003) in every language, not verified (no public
/// source quoting their localized message was found).
pub fn templates() -> Vec<Template> {
    let mut out = Vec::new();
    for code in [50020, 90072] {
        for &(lang, words, slots, verified) in UNAUTHORIZED {
            out.push(Template {
                code,
                lang,
                words,
                slots,
                verified,
                source: verified.then_some(LEARN_50020),
            });
        }
    }
    for (code, slots) in [
        (500211, &[User, Tenant][..]),
        (50034, &[User, Tenant][..]),
        (53003, &[][..]),
    ] {
        for lang in Lang::ALL {
            out.push(Template {
                code,
                lang,
                words: &[],
                slots,
                verified: false,
                source: None,
            });
        }
    }
    out
}
