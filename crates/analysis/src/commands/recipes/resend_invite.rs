//! resend-invite: invite the address again, after checking who holds it.
//! Why: an invitation that never arrived or expired is the most common reason a guest cannot redeem.
use super::*;

/// The pages this recipe's permissions, role and calls rest on.
pub(in crate::commands) const SOURCES: &[Source] = &[
    src(
        "Create invitation",
        "https://learn.microsoft.com/en-us/graph/api/invitation-post?view=graph-rest-1.0",
    ),
    src(
        "B2B Invitation Redemption",
        "https://learn.microsoft.com/en-us/entra/external-id/redemption-experience",
    ),
    src(
        "Troubleshooting B2B collaboration",
        "https://learn.microsoft.com/en-us/entra/external-id/troubleshoot",
    ),
];

/// The fields this recipe reads; only these are checked for it.
pub(in crate::commands) const USES: &[Field] = &[Field::Email, Field::Tenant];

pub(in crate::commands) fn build(c: &Ctx, b: &mut Body) -> Out {
    let graph = c.cloud.graph();
    let e = need(&c.email, Field::Email, "the address to invite")?;
    let redirect = redirect_url(c);
    if c.cloud != Cloud::Global {
        b.caveat("Fill in the redirect URL: our sources give My Apps' address for the global cloud only, so for this cloud use your app's address or the cloud's own My Apps address.");
    }
    b.role = "Guest Inviter";
    b.scopes = vec!["User.Read.All", "User.Invite.All"];
    b.writes = true;
    b.changes =
        "Sends a new invitation email; if no guest holds the address yet, it creates one.".into();
    invite_check(c, b, e)?;
    b.ps("# Invite again; the answer carries the redemption link");
    b.ps(format!(
        "$invitation = New-MgInvitation -InvitedUserEmailAddress {} -InviteRedirectUrl {} -SendInvitationMessage -WhatIf",
        ps(e)?,
        ps(&redirect)?
    ));
    b.ps("$invitation.InviteRedeemUrl");
    let post = with_body(
        call("Invite again", "POST", format!("{graph}/v1.0/invitations")),
        json!({
            "invitedUserEmailAddress": e,
            "inviteRedirectUrl": redirect,
            "sendInvitationMessage": true,
        }),
    );
    b.az(az_rest(&post).off());
    b.rest.push(post);
    b.caveat("[inference] For a guest still in PendingAcceptance, inviting the same address again reaches the existing guest object rather than creating a second one.");
    if c.cloud != Cloud::Global {
        b.note("The guest can also redeem without the email through a link that names your tenant, or through the invitation's redemption link printed above. An address that is an alias needs the invitation link.");
    } else if c.tenant.is_some() {
        b.note(format!(
            "The guest can also redeem without the email: open {redirect} and sign in with the invited address. An address that is an alias needs the invitation link."
        ));
    } else {
        // Without the tenant in it, My Apps signs the guest in to their own organisation.
        b.note("The guest can also redeem without the email, through a link that names your tenant (https://myapps.microsoft.com/?tenantid=<your tenant ID>, or the invitation's redemption link printed above), or by choosing \"Sign in to an organization\" in the sign-in options. An address that is an alias needs the invitation link.");
    }
    // Troubleshooting B2B collaboration names each cloud's sender.
    let sender = match c.cloud {
        Cloud::Global => "Invites@microsoft.com",
        Cloud::Usgov | Cloud::Usgovdod => "invites@azuread.us",
        Cloud::China => "Invites@oe.21vianet.com",
    };
    b.note(format!(
        "No email arriving is often spam filtering: allow {sender}."
    ));
    Ok(())
}
