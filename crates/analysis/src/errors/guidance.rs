//! Our guidance for guests, per code and per invitation-time error: what it means for a guest,
//! who must act, the steps, the Commands recipes, and how sure we are.
//!
//! Written in our own words from `entra-facts.md` (sections g, g.2, d, h). Where the facts mark
//! a point as unofficial, inferred or unverified, the entry says so in `verified`/`caveat`.
use serde::Serialize;

/// Who has to do something.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Actor {
    Guest,
    HomeAdmin,
    ResourceAdmin,
    Developer,
    NetworkAdmin,
}

impl Actor {
    /// Stable lowercase id used in reports.
    pub fn id(self) -> &'static str {
        match self {
            Actor::Guest => "guest",
            Actor::HomeAdmin => "home_admin",
            Actor::ResourceAdmin => "resource_admin",
            Actor::Developer => "developer",
            Actor::NetworkAdmin => "network_admin",
        }
    }
}

/// The Commands tool's recipe ids: the only ones guidance may name.
pub use crate::entra::RECIPE_IDS as RECIPES;

/// One guidance entry (static data).
pub struct Entry {
    pub meaning: &'static str,
    pub steps: &'static [(Actor, &'static str)],
    pub recipes: &'static [&'static str],
    /// False when the meaning rests on unofficial sources or inference only.
    pub verified: bool,
    pub caveat: Option<&'static str>,
    /// The AADSTS50020 decision checklist applies.
    pub checklist: bool,
}

impl Entry {
    /// Actors in the order the steps first name them.
    pub fn actors(&self) -> Vec<&'static str> {
        let mut out = Vec::new();
        for (a, _) in self.steps {
            if !out.contains(&a.id()) {
                out.push(a.id());
            }
        }
        out
    }
}

/// What the report shows for a failure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Guidance {
    pub meaning: String,
    pub steps: Vec<Step>,
    pub verified: bool,
    pub caveat: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Step {
    pub actor: String,
    pub text: String,
}

impl From<&Entry> for Guidance {
    fn from(e: &Entry) -> Self {
        Guidance {
            meaning: e.meaning.to_owned(),
            steps: e
                .steps
                .iter()
                .map(|(a, t)| Step {
                    actor: a.id().to_owned(),
                    text: (*t).to_owned(),
                })
                .collect(),
            verified: e.verified,
            caveat: e.caveat.map(str::to_owned),
        }
    }
}

use Actor::{Developer as D, Guest as G, HomeAdmin as H, NetworkAdmin as N, ResourceAdmin as R};

const NOT_A_MEMBER_STEPS: &[(Actor, &str)] = &[
    (
        G,
        "Sign out everywhere (or use a private window) and sign in again with exactly the account the invitation was sent to.",
    ),
    (
        R,
        "Look for a guest object with this address in your organisation; if there is none, invite the person (again).",
    ),
    (
        R,
        "If the invitation is still pending, resend it or send the direct redemption link from the invitation.",
    ),
    (
        R,
        "If the guest accepted long ago and their home account was later deleted and created again (the guest object is older than the home account), reset the guest's redemption status so they can redeem with the new account.",
    ),
    (
        R,
        "If the app requires user assignment, assign the guest or a group that contains it.",
    ),
    (
        D,
        "If the app is registered as single-tenant in another organisation, or signs people in through /common, make it accept accounts from other organisations or send guests to the resource organisation's own authority; do not use the password (ROPC) flow with personal accounts.",
    ),
];
const NOT_A_MEMBER_RECIPES: &[&str] = &[
    "find-address",
    "guest-state",
    "resend-invite",
    "reset-redemption",
    "remove-object",
    "signin-logs",
];

const NOT_A_MEMBER: Entry = Entry {
    meaning: "You signed in fine at your own identity provider, but the organisation you are trying to reach has no guest account that matches the account you used. Either a different account was used than the one invited, or the guest account there is missing, not yet redeemed, or out of date.",
    steps: NOT_A_MEMBER_STEPS,
    recipes: NOT_A_MEMBER_RECIPES,
    verified: true,
    caveat: None,
    checklist: true,
};

/// Guidance by code. Codes that share an entry are listed together.
const BY_CODE: &[(&[u32], Entry)] = &[
    (&[50020], NOT_A_MEMBER),
    (
        &[16000],
        Entry {
            meaning: "Same situation as AADSTS50020: the account you signed in with is not a member or guest of the organisation the app belongs to. It is common when a personal Microsoft account opens an admin portal without having a directory of its own.",
            ..NOT_A_MEMBER
        },
    ),
    (
        &[500211],
        Entry {
            verified: false,
            caveat: Some(
                "Not in Microsoft's error reference. Its name and the reading \"same as AADSTS50020\" come from an unofficial copy of Microsoft support notes.",
            ),
            ..NOT_A_MEMBER
        },
    ),
    (
        &[90072],
        Entry {
            meaning: "Logged in your home organisation's sign-in logs when the account has no guest object in the organisation it tried to reach, so that organisation's MFA requirement could not be met. The organisation you were going to logs the same event as AADSTS50020.",
            steps: &[
                (
                    R,
                    "Treat it as AADSTS50020: check that a guest object exists for the address, invite the person, or reset redemption if the home account was re-created.",
                ),
                (
                    H,
                    "Use your own sign-in logs to find the time and the target organisation, and pass them on; for synchronised users also check that the source anchor (ImmutableID) did not change.",
                ),
            ],
            recipes: &[
                "find-address",
                "guest-state",
                "reset-redemption",
                "signin-logs",
            ],
            verified: true,
            caveat: Some(
                "The link to a changed source anchor for synchronised users comes from an unofficial source.",
            ),
            checklist: true,
        },
    ),
    (
        &[16003],
        Entry {
            meaning: "The account used for single sign-on was not found in the resource organisation, so there is probably no guest account for it there.",
            steps: &[
                (G, "Make sure you use the account that was invited."),
                (
                    R,
                    "Check that a guest object exists for this address and invite the person if it does not.",
                ),
            ],
            recipes: &["find-address", "guest-state"],
            verified: false,
            caveat: Some(
                "Our reference gives only the symbolic name SsoUserAccountNotFoundInResourceTenant; this reading is inferred from it.",
            ),
            checklist: true,
        },
    ),
    (
        &[50034],
        Entry {
            meaning: "The sign-in name is not in the directory the app sent you to: a typo, the wrong organisation, or you were never invited there.",
            steps: &[
                (G, "Check the spelling and which account you typed."),
                (
                    D,
                    "Check that the app sends guests to the right organisation (authority).",
                ),
                (
                    R,
                    "If this person should have access, invite them as a guest.",
                ),
            ],
            recipes: &["find-address", "list-guests"],
            verified: true,
            caveat: None,
            checklist: false,
        },
    ),
    (
        &[90071],
        Entry {
            meaning: "You are a B2B direct connect user (for example in a Teams shared channel). The host organisation does not accept MFA done in your home organisation, and direct connect users cannot do MFA in the host organisation, so you are blocked.",
            steps: &[(
                R,
                "The host organisation's admin accepts inbound MFA from your organisation (inbound trust, isMfaAccepted) in its cross-tenant access settings, for your organisation or by default.",
            )],
            recipes: &["xtap-read"],
            verified: true,
            caveat: Some(
                "This code is not in Microsoft's error reference; the meaning comes from Microsoft's B2B troubleshooting article.",
            ),
            checklist: false,
        },
    ),
    (
        &[65001],
        Entry {
            meaning: "Nobody has consented to this app and these permissions in the organisation that issues the token. For a guest that is the resource organisation, and guests usually cannot consent on its behalf.",
            steps: &[
                (
                    R,
                    "Grant admin consent for the app in the resource organisation.",
                ),
                (
                    D,
                    "Ask only for the permissions the app needs, and request more incrementally.",
                ),
            ],
            recipes: &["signin-logs"],
            verified: true,
            caveat: None,
            checklist: false,
        },
    ),
    (
        &[65004],
        Entry {
            meaning: "The consent prompt was cancelled or declined.",
            steps: &[
                (
                    G,
                    "Try again and accept the consent prompt if you trust the app.",
                ),
                (
                    R,
                    "Or grant consent for the organisation in advance so guests are not asked.",
                ),
            ],
            recipes: &[],
            verified: true,
            caveat: None,
            checklist: false,
        },
    ),
    (
        &[65005],
        Entry {
            meaning: "Usually the app asks for a resource that is not in its list of required permissions (or a SAML identifier is wrong). For guests there is a special case: your home organisation is an unmanaged (self-service) Entra tenant with no admin, and the app does not support that.",
            steps: &[
                (D, "Fix the app's required permissions or its identifier."),
                (
                    H,
                    "If your home organisation is unmanaged, someone takes it over as admin by proving ownership of the domain in DNS, and then manages it.",
                ),
            ],
            recipes: &[],
            verified: true,
            caveat: None,
            checklist: false,
        },
    ),
    (
        &[90094],
        Entry {
            meaning: "The app needs an administrator's consent in the organisation that issues the token (for a guest, the resource organisation).",
            steps: &[(
                R,
                "Grant admin consent, or handle the request through the admin consent workflow.",
            )],
            recipes: &[],
            verified: true,
            caveat: None,
            checklist: false,
        },
    ),
    (
        &[900432, 900382],
        Entry {
            meaning: "An app using a secret or certificate asked for a token across clouds (for example registered in the commercial cloud, asking for a tenant in US Government). That is not supported, by design.",
            steps: &[
                (
                    D,
                    "Use the sign-in authority of the tenant's own cloud (such as login.microsoftonline.us) and an app registration that exists in that cloud.",
                ),
                (
                    R,
                    "Guests from another cloud can sign in interactively once both organisations have enabled each other's cloud in their Microsoft cloud settings.",
                ),
            ],
            recipes: &["xtap-read"],
            verified: true,
            caveat: None,
            checklist: false,
        },
    ),
    (
        &[1000104],
        Entry {
            meaning: "A cross-cloud guest sign-in: the identity's home organisation does not allow sign-ins into the cloud the resource lives in.",
            steps: &[(
                H,
                "In cross-tenant access settings, enable the other Microsoft cloud and add the partner organisation by its tenant ID (domain lookup does not work across clouds).",
            )],
            recipes: &["xtap-read"],
            verified: false,
            caveat: Some(
                "Our reference gives only the symbolic name XCB2BResourceCloudNotAllowedOnIdentityTenant; this reading is inferred from it.",
            ),
            checklist: false,
        },
    ),
    (
        &[53003],
        Entry {
            meaning: "A Conditional Access policy blocked the sign-in. For guests this is usually a policy in the resource organisation aimed at guests or external users, or a block on the app or location.",
            steps: &[
                (
                    G,
                    "You cannot fix this yourself; send the Request and Correlation IDs of this error to the organisation you are visiting.",
                ),
                (
                    R,
                    "Open the failed sign-in in your sign-in logs, read its Conditional Access tab, and adjust the policy's scope or exclusions for guests.",
                ),
            ],
            recipes: &["signin-logs"],
            verified: true,
            caveat: None,
            checklist: false,
        },
    ),
    (
        &[53000],
        Entry {
            meaning: "Conditional Access requires a compliant device. A guest's device cannot enrol in the resource organisation's device management, so compliance only counts if the resource organisation trusts your home organisation's device claims.",
            steps: &[
                (
                    R,
                    "Trust compliant (and hybrid-joined) devices from the partner in the inbound trust settings, or exclude guests from the device policy.",
                ),
                (H, "The device must be compliant in the home organisation."),
            ],
            recipes: &["xtap-read", "signin-logs"],
            verified: true,
            caveat: None,
            checklist: false,
        },
    ),
    (
        &[530003],
        Entry {
            meaning: "Conditional Access requires a managed device; the same situation as AADSTS53000 for guests.",
            steps: &[
                (
                    R,
                    "Trust device claims from the partner in the inbound trust settings, or exclude guests from the device policy.",
                ),
                (
                    H,
                    "The device must be managed and compliant in the home organisation.",
                ),
            ],
            recipes: &["xtap-read", "signin-logs"],
            verified: false,
            caveat: Some("Not in Microsoft's error reference; the meaning is community-reported."),
            checklist: false,
        },
    ),
    (
        &[50076],
        Entry {
            meaning: "Multi-factor authentication is required. Unless the resource organisation trusts MFA from your home organisation, you do the MFA in the resource organisation.",
            steps: &[
                (G, "Complete the MFA prompt."),
                (
                    R,
                    "Consider accepting inbound MFA from the partner (inbound trust, isMfaAccepted) so guests use their home MFA.",
                ),
            ],
            recipes: &["xtap-read"],
            verified: true,
            caveat: None,
            checklist: false,
        },
    ),
    (
        &[50079],
        Entry {
            meaning: "You must register MFA methods first. Without MFA trust a guest registers them in the resource organisation, separately from home.",
            steps: &[
                (G, "Register your security info when prompted."),
                (
                    R,
                    "Enable inbound MFA trust to avoid a second registration; to reset a guest's methods, reset them on the guest object.",
                ),
            ],
            recipes: &["xtap-read"],
            verified: true,
            caveat: None,
            checklist: false,
        },
    ),
    (
        &[50158],
        Entry {
            meaning: "An extra challenge (Terms of Use, a third-party MFA or custom control) has not been completed yet. It is a step, not a failure on its own.",
            steps: &[
                (G, "Complete the Terms of Use or other challenge."),
                (
                    R,
                    "Check Terms of Use and custom-control policies that target guests; custom controls do not work together with cross-tenant trust.",
                ),
            ],
            recipes: &["signin-logs"],
            verified: true,
            caveat: None,
            checklist: false,
        },
    ),
    (
        &[50177],
        Entry {
            meaning: "Pass-through users (for example a service provider's staff) cannot complete external challenges such as Terms of Use.",
            steps: &[(
                R,
                "Exclude service-provider or pass-through users (or the app) from Terms of Use and custom-control policies.",
            )],
            recipes: &["signin-logs"],
            verified: true,
            caveat: Some(
                "That this code can show a \"user does not exist\" message comes from an unofficial source.",
            ),
            checklist: false,
        },
    ),
    (
        &[50178],
        Entry {
            meaning: "Pass-through users (for example a service provider's staff) cannot be given Conditional Access session controls.",
            steps: &[(
                R,
                "Exclude service-provider or pass-through users from policies with session controls.",
            )],
            recipes: &["signin-logs"],
            verified: true,
            caveat: None,
            checklist: false,
        },
    ),
    (
        &[500212],
        Entry {
            meaning: "Your home organisation's outbound cross-tenant access settings do not let you (or this app) reach the resource organisation.",
            steps: &[(
                H,
                "Allow the user or group and the app outbound, in the default settings or in a partner entry for the resource organisation.",
            )],
            recipes: &["xtap-read"],
            verified: true,
            caveat: None,
            checklist: false,
        },
    ),
    (
        &[500213],
        Entry {
            meaning: "The resource organisation's inbound cross-tenant access settings do not let you (or this app) in.",
            steps: &[(
                R,
                "Allow inbound B2B collaboration for the users or groups and the applications, for the partner or by default.",
            )],
            recipes: &["xtap-read"],
            verified: true,
            caveat: None,
            checklist: false,
        },
    ),
    (
        &[500021],
        Entry {
            meaning: "Tenant restrictions on the network or device you are using (set by your own organisation) do not allow access to that organisation.",
            steps: &[(
                N,
                "Your network or device admin adds the resource organisation to the tenant restrictions allow list.",
            )],
            recipes: &[],
            verified: true,
            caveat: Some(
                "The symbolic name NotAllowedTenantRestrictedTenant comes from an unofficial source; Microsoft's reference lists the code without a name.",
            ),
            checklist: false,
        },
    ),
    (
        &[5000211],
        Entry {
            meaning: "Tenant restrictions v2 on your device or network block access to that organisation.",
            steps: &[(
                N,
                "Your organisation's admin allows the resource organisation in the tenant restrictions v2 policy (part of cross-tenant access settings).",
            )],
            recipes: &["xtap-read"],
            verified: false,
            caveat: Some(
                "Not in Microsoft's error reference; name and meaning come from an unofficial source.",
            ),
            checklist: false,
        },
    ),
    (
        &[500022],
        Entry {
            meaning: "Access to the organisation was refused. Microsoft's reference lists this code next to AADSTS500021 (tenant restrictions) without a name; we have no confirmed description.",
            steps: &[(
                N,
                "Check whether tenant restrictions apply on your network or device, and use Microsoft's lookup page for the current text.",
            )],
            recipes: &[],
            verified: false,
            caveat: Some("Meaning not confirmed: our reference has no description for this code."),
            checklist: false,
        },
    ),
    (
        &[500133],
        Entry {
            meaning: "An app passed on an expired (or wrong) token as the user assertion, for example in an on-behalf-of request.",
            steps: &[(
                D,
                "Get a fresh token before the on-behalf-of call and check for clock skew.",
            )],
            recipes: &[],
            verified: true,
            caveat: None,
            checklist: false,
        },
    ),
    (
        &[7000218],
        Entry {
            meaning: "The app's token request carries no client secret or client assertion, which its registration requires.",
            steps: &[(
                D,
                "Send the app's credentials; if it is meant to be a public client, enable public client flows in its registration.",
            )],
            recipes: &[],
            verified: true,
            caveat: Some("Enabling public client flows as the fix is our inference."),
            checklist: false,
        },
    ),
    (
        &[7000215],
        Entry {
            meaning: "The app sent an invalid client secret — often the secret's ID instead of its value, or an expired secret.",
            steps: &[(
                D,
                "Use the secret's value (not its ID), and create a new secret if it expired.",
            )],
            recipes: &[],
            verified: true,
            caveat: Some("The fix is our inference from the message."),
            checklist: false,
        },
    ),
    (
        &[900144],
        Entry {
            meaning: "The app's request lacks a required parameter (the message names it).",
            steps: &[(D, "Add the missing parameter to the request.")],
            recipes: &[],
            verified: true,
            caveat: None,
            checklist: false,
        },
    ),
    (
        &[700016],
        Entry {
            meaning: "The app's ID was not found in the organisation the request went to: the app is not installed or consented there, the client ID is wrong, or — typical for guests — the request went to the resource organisation while the app is a single-tenant app of another organisation.",
            steps: &[
                (
                    D,
                    "Check the client ID and the authority; make the app multi-tenant if people from other organisations must use it.",
                ),
                (
                    R,
                    "Install or consent to the app in your organisation, which creates its service principal.",
                ),
            ],
            recipes: &["signin-logs"],
            verified: true,
            caveat: None,
            checklist: false,
        },
    ),
    (
        &[50105],
        Entry {
            meaning: "The app requires users to be assigned to it, and your guest account is not (directly or through a group).",
            steps: &[(
                R,
                "Assign the guest, or a group that contains it, to the enterprise app — or turn off the assignment requirement.",
            )],
            recipes: &["guest-state", "signin-logs"],
            verified: true,
            caveat: None,
            checklist: false,
        },
    ),
    (
        &[50058],
        Entry {
            meaning: "The app tried to sign you in silently but there was no usable session. That is expected when you are not signed in.",
            steps: &[(D, "Fall back to an interactive sign-in.")],
            recipes: &[],
            verified: true,
            caveat: None,
            checklist: false,
        },
    ),
    (
        &[50011],
        Entry {
            meaning: "The redirect URI in the request does not match one registered for the app.",
            steps: &[(
                D,
                "Register the exact redirect URI (scheme, host, path and trailing slash) on the app.",
            )],
            recipes: &[],
            verified: true,
            caveat: None,
            checklist: false,
        },
    ),
    (
        &[90015],
        Entry {
            meaning: "The sign-in request's URL is too long.",
            steps: &[(
                D,
                "Shorten the request, for example fewer scopes or a smaller state value.",
            )],
            recipes: &[],
            verified: true,
            caveat: Some("The ways to shorten it are our inference."),
            checklist: false,
        },
    ),
    (
        &[130500],
        Entry {
            meaning: "Microsoft does not document this code and we could not confirm what it means.",
            steps: &[],
            recipes: &["signin-logs"],
            verified: false,
            caveat: Some("Meaning unknown; check Microsoft's lookup page for the current text."),
            checklist: false,
        },
    ),
    (
        &[1000031],
        Entry {
            meaning: "The app cannot be accessed right now and you are told to contact an administrator. Microsoft does not document the cause; possibly the app is disabled or blocked.",
            steps: &[
                (
                    G,
                    "Contact the organisation that owns the app and pass on the Request and Correlation IDs of this error.",
                ),
                (
                    R,
                    "Check that the app's enterprise application (service principal) is enabled and not blocked.",
                ),
            ],
            recipes: &["signin-logs"],
            verified: false,
            caveat: Some("The cause is not documented; \"disabled or blocked\" is a guess."),
            checklist: false,
        },
    ),
];

/// Guidance for a code, if we have any.
pub fn for_code(code: u32) -> Option<&'static Entry> {
    BY_CODE
        .iter()
        .find(|(codes, _)| codes.contains(&code))
        .map(|(_, e)| e)
}

/// Every code we have guidance for.
pub fn codes() -> impl Iterator<Item = u32> {
    BY_CODE.iter().flat_map(|(codes, _)| codes.iter().copied())
}

/// Invitation-time errors recognised from their wording (they have no AADSTS code).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InviteKind {
    ProxyAddressConflict,
    UserAlreadyExists,
    EmailVerifiedBlocked,
    CrossTenantBlocked,
    OwnCrossTenantBlocked,
    CrossCloudWorkerDisabled,
    InvitesNotAllowed,
    ExtensionsAppMissing,
}

impl InviteKind {
    /// Stable id used as the failure's `kind`.
    pub fn id(self) -> &'static str {
        match self {
            InviteKind::ProxyAddressConflict => "invite_proxy_address_conflict",
            InviteKind::UserAlreadyExists => "invite_user_already_exists",
            InviteKind::EmailVerifiedBlocked => "invite_email_verified_blocked",
            InviteKind::CrossTenantBlocked => "invite_blocked_by_cross_tenant_settings",
            InviteKind::OwnCrossTenantBlocked => "invite_blocked_by_own_cross_tenant_settings",
            InviteKind::CrossCloudWorkerDisabled => "invite_b2b_cross_cloud_worker_disabled",
            InviteKind::InvitesNotAllowed => "invite_not_allowed",
            InviteKind::ExtensionsAppMissing => "invite_extensions_app_missing",
        }
    }

    /// Short name for the summary and the failure's `name`.
    pub fn name(self) -> &'static str {
        match self {
            InviteKind::ProxyAddressConflict => {
                "Invitation: address already used as a proxyAddress"
            }
            InviteKind::UserAlreadyExists => "Invitation: user already exists",
            InviteKind::EmailVerifiedBlocked => "Invitation: email-verified users not allowed",
            InviteKind::CrossTenantBlocked => "Invitation blocked by cross-tenant access settings",
            InviteKind::OwnCrossTenantBlocked => {
                "Invitation blocked by your cross-tenant access settings"
            }
            InviteKind::CrossCloudWorkerDisabled => "Invitation: B2B Cross Cloud Worker disabled",
            InviteKind::InvitesNotAllowed => "Invitation: not allowed to invite",
            InviteKind::ExtensionsAppMissing => "Sign-up: aad-extensions-app missing",
        }
    }

    pub fn entry(self) -> &'static Entry {
        match self {
            InviteKind::ProxyAddressConflict => &PROXY_CONFLICT,
            InviteKind::UserAlreadyExists => &ALREADY_EXISTS,
            InviteKind::EmailVerifiedBlocked => &EMAIL_VERIFIED,
            InviteKind::CrossTenantBlocked => &XTAP_BOTH,
            InviteKind::OwnCrossTenantBlocked => &XTAP_OWN,
            InviteKind::CrossCloudWorkerDisabled => &CROSS_CLOUD_WORKER,
            InviteKind::InvitesNotAllowed => &NOT_ALLOWED,
            InviteKind::ExtensionsAppMissing => &EXTENSIONS_APP,
        }
    }
}

const PROXY_CONFLICT: Entry = Entry {
    meaning: "Another object in the inviting organisation — a user, a group or a Microsoft 365 contact — already has this address as one of its proxy addresses, so the guest cannot get it.",
    steps: &[
        (
            R,
            "Find the object that holds the address (users, contacts and groups).",
        ),
        (
            R,
            "Delete that object or change its address; proxyAddresses cannot be edited through Graph, so change it in Exchange or the Microsoft 365 admin center.",
        ),
        (R, "Invite the guest again."),
    ],
    recipes: &["find-address", "remove-object", "resend-invite"],
    verified: true,
    caveat: None,
    checklist: false,
};
const ALREADY_EXISTS: Entry = Entry {
    meaning: "An object with this address already exists in the inviting organisation (a member or a guest). For an external person the address is added to the existing guest; a local user should simply sign in with their own account.",
    steps: &[
        (R, "Use the existing object instead of a new invitation."),
        (
            R,
            "If that guest must redeem with a different identity, reset its redemption status.",
        ),
    ],
    recipes: &["find-address", "guest-state", "reset-redemption"],
    verified: true,
    caveat: Some("The exact wording of this error is not confirmed."),
    checklist: false,
};
const EMAIL_VERIFIED: Entry = Entry {
    meaning: "The invited person's organisation uses Entra ID but has no account for them, and it does not allow accounts to be created by email verification (self-service sign-up).",
    steps: &[
        (
            H,
            "The invitee's admin allows email-verified users to join (allowEmailVerifiedUsersToJoinOrganization in the authorization policy).",
        ),
        (
            R,
            "Or the inviting organisation enables email one-time passcode, so no such account is needed.",
        ),
    ],
    recipes: &["authorization-policy"],
    verified: true,
    caveat: Some("Email one-time passcode as the alternative is our inference."),
    checklist: false,
};
const XTAP_BOTH: Entry = Entry {
    meaning: "B2B collaboration between the two organisations is possible, but cross-tenant access settings on one or both sides block this invitation.",
    steps: &[
        (
            R,
            "Check your inbound cross-tenant access settings for the invitee's organisation (or the defaults).",
        ),
        (
            H,
            "The invitee's admin checks their outbound settings; for an organisation in another Microsoft cloud, both sides enable that cloud in Microsoft cloud settings.",
        ),
    ],
    recipes: &["xtap-read"],
    verified: true,
    caveat: None,
    checklist: false,
};
const XTAP_OWN: Entry = Entry {
    meaning: "Only the inviting organisation's own cross-tenant access settings block this invitation (a missing or blocking configuration).",
    steps: &[(
        R,
        "Review your cross-tenant access settings for the invitee's organisation and the defaults.",
    )],
    recipes: &["xtap-read"],
    verified: true,
    caveat: None,
    checklist: false,
};
const CROSS_CLOUD_WORKER: Entry = Entry {
    meaning: "The first-party app \"Microsoft B2B Cross Cloud Worker\" has been disabled in the invited person's home organisation.",
    steps: &[(
        H,
        "Find \"Microsoft B2B Cross Cloud Worker\" among the enterprise applications and enable it again.",
    )],
    recipes: &["first-party-sps"],
    verified: true,
    caveat: Some("The app's ID is not confirmed; look it up by its display name."),
    checklist: false,
};
const NOT_ALLOWED: Entry = Entry {
    meaning: "The person inviting is not allowed to invite guests under the organisation's external collaboration settings (allowInvitesFrom).",
    steps: &[(
        R,
        "Give the inviter the Guest Inviter role or widen allowInvitesFrom; changes can take 15 to 60 minutes to apply.",
    )],
    recipes: &["authorization-policy"],
    verified: true,
    caveat: Some("Recognised from its wording; the exact messages vary."),
    checklist: false,
};
const EXTENSIONS_APP: Entry = Entry {
    meaning: "The app that stores self-service sign-up data (aad-extensions-app) was deleted.",
    steps: &[(
        R,
        "Restore it from deleted items; this is possible for 30 days after deletion.",
    )],
    recipes: &["restore-deleted"],
    verified: true,
    caveat: None,
    checklist: false,
};

/// One question of the AADSTS50020 decision checklist.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CheckItem {
    pub id: String,
    pub check: String,
    /// What the extracted values suggest for this question, if anything.
    pub suggestion: Option<String>,
    /// The recipe that answers the question.
    pub recipe: Option<String>,
}

/// What the checklist reads from a failure.
pub struct Facts<'a> {
    pub user: Option<&'a str>,
    pub user_masked: bool,
    pub idp: Option<&'a str>,
    pub tenant: Option<&'a str>,
    pub authority: Option<&'a str>,
}

const MSA_TENANT: &str = crate::token::MSA_TENANT;

/// The AADSTS50020 checklist, with hints from what was extracted.
pub fn checklist(f: &Facts) -> Vec<CheckItem> {
    let idp = f.idp.map(str::to_ascii_lowercase);
    let personal = idp
        .as_deref()
        .is_some_and(|i| i == "live.com" || i.contains(MSA_TENANT) || i == "microsoftaccount");
    let social = idp
        .as_deref()
        .filter(|i| matches!(*i, "google.com" | "facebook.com" | "mail"));
    let home_tenant = idp.as_deref().and_then(|i| {
        i.split(['/', ':'])
            .find(|p| crate::text::is_guid(p) && *p != MSA_TENANT)
            .map(str::to_owned)
    });
    let tenant = f.tenant.unwrap_or("the resource organisation");
    let who = match (f.user, f.user_masked) {
        (Some(_), true) => None,
        (u, _) => u,
    };

    let wrong_account = if personal {
        Some(format!(
            "A personal Microsoft account (live.com) was used against {tenant}. If the invitation went to a work or school address, the guest picked the wrong account."
        ))
    } else if let Some(h) = home_tenant {
        Some(format!(
            "The account came from the Entra organisation {h}; check that this is the organisation whose address was invited."
        ))
    } else if let Some(s) = social {
        Some(format!(
            "The account was authenticated by {s}; check that this matches how the guest redeemed the invitation."
        ))
    } else if f.user_masked {
        Some("The user's address was masked before pasting; ask for the exact address that was used.".to_owned())
    } else {
        None
    };
    let search =
        who.map(|u| format!("Search {tenant} for {u} in mail, otherMails and proxyAddresses."));
    let proxy = who.map(|u| format!("If the guest object has no proxyAddresses, look for a contact or another user that holds {u}; remove or change it, then resend the invitation."));
    let authority = f.authority.filter(|a| matches!(*a, "common" | "organizations")).map(|a| {
        format!("The request went through /{a}. A single-tenant app registered in another organisation cannot find guests that way.")
    });
    let personal_app = personal.then(|| {
        "A personal account was used; an app that accepts only work or school accounts rejects it.".to_owned()
    });

    let item = |id: &str, check: &str, suggestion: Option<String>, recipe: &str| CheckItem {
        id: id.to_owned(),
        check: check.to_owned(),
        suggestion,
        recipe: Some(recipe.to_owned()),
    };
    vec![
        item(
            "wrong_account",
            "Did the guest sign in with the account (and identity provider) the invitation was sent to?",
            wrong_account,
            "find-address",
        ),
        item(
            "never_invited",
            "Is there a guest object for this address in the resource organisation at all?",
            search,
            "find-address",
        ),
        item(
            "invitation_pending",
            "Is the guest's invitation still pending (PendingAcceptance) or already accepted?",
            None,
            "guest-state",
        ),
        item(
            "proxy_address_missing",
            "Does the guest object carry the address in proxyAddresses, or does a contact or another user hold it?",
            proxy,
            "find-address",
        ),
        item(
            "home_account_recreated",
            "Was the guest's home account deleted and created again after the invitation was accepted (guest object older than the home account)? Then reset redemption.",
            None,
            "guest-state",
        ),
        item(
            "single_tenant_via_common",
            "Is the app single-tenant in another organisation while sign-in goes through /common or /organizations?",
            authority,
            "signin-logs",
        ),
        item(
            "personal_account_work_app",
            "Is a personal Microsoft account being used on an app that accepts only work or school accounts?",
            personal_app,
            "signin-logs",
        ),
        item(
            "assignment_required",
            "Does the app require user assignment, and is the guest (or one of its groups) assigned?",
            None,
            "signin-logs",
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn required_codes_have_guidance() {
        let required = [
            50020, 90072, 500211, 5000211, 16000, 16003, 50034, 90071, 65001, 65004, 65005, 90094,
            900432, 900382, 1000104, 53003, 53000, 530003, 50076, 50079, 50158, 50177, 50178,
            500212, 500213, 500021, 500022, 500133, 7000218, 7000215, 900144, 700016, 50105, 50058,
            50011, 130500, 1000031,
        ];
        for c in required {
            assert!(for_code(c).is_some(), "no guidance for {c}");
        }
    }

    #[test]
    fn recipes_and_codes_are_known() {
        let kinds = [
            InviteKind::ProxyAddressConflict,
            InviteKind::UserAlreadyExists,
            InviteKind::EmailVerifiedBlocked,
            InviteKind::CrossTenantBlocked,
            InviteKind::OwnCrossTenantBlocked,
            InviteKind::CrossCloudWorkerDisabled,
            InviteKind::InvitesNotAllowed,
            InviteKind::ExtensionsAppMissing,
        ];
        let entries = BY_CODE
            .iter()
            .map(|(_, e)| e)
            .chain(kinds.iter().map(|k| k.entry()));
        for e in entries {
            for r in e.recipes {
                assert!(RECIPES.contains(r), "unknown recipe {r}");
            }
            assert!(!e.verified || e.meaning.len() > 20);
        }
        let mut seen = std::collections::HashSet::new();
        assert!(codes().all(|c| seen.insert(c)), "a code has two entries");
        let f = Facts {
            user: None,
            user_masked: false,
            idp: None,
            tenant: None,
            authority: None,
        };
        for item in checklist(&f) {
            assert!(item.recipe.as_deref().is_some_and(|r| RECIPES.contains(&r)));
        }
    }

    #[test]
    fn checklist_reads_values() {
        let f = Facts {
            user: Some("bob@fabrikam.com"),
            user_masked: false,
            idp: Some("live.com"),
            tenant: Some("Contoso"),
            authority: Some("common"),
        };
        let c = checklist(&f);
        assert!(c.iter().all(|i| {
            i.id != "wrong_account"
                || i.suggestion
                    .as_deref()
                    .is_some_and(|s| s.contains("live.com"))
        }));
        let hinted: Vec<&str> = c
            .iter()
            .filter(|i| i.suggestion.is_some())
            .map(|i| i.id.as_str())
            .collect();
        assert_eq!(
            hinted,
            [
                "wrong_account",
                "never_invited",
                "proxy_address_missing",
                "single_tenant_via_common",
                "personal_account_work_app"
            ]
        );
    }
}
