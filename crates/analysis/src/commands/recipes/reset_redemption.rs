//! reset-redemption: reset the guest object's redemption in the resource tenant, keeping its ID and access.
//! Why: when the guest must sign in with another account or identity provider, or the home account was
//! deleted and made again, the old redemption points at an account that no longer matches.
use super::*;

/// The pages this recipe's permissions, role and calls rest on.
pub(in crate::commands) const SOURCES: &[Source] = &[
    src(
        "Reset redemption status for a guest user",
        "https://learn.microsoft.com/en-us/entra/external-id/reset-redemption-status",
    ),
    src(
        "New-EntraInvitation (Microsoft Entra PowerShell)",
        "https://learn.microsoft.com/en-us/powershell/module/microsoft.entra/new-entrainvitation",
    ),
];

/// The fields this recipe reads; only these are checked for it.
pub(in crate::commands) const USES: &[Field] = &[Field::ObjectId, Field::Email, Field::Tenant];

pub(in crate::commands) fn build(c: &Ctx, b: &mut Body) -> Out {
    let graph = c.cloud.graph();
    let id = need(
        &c.object_id,
        Field::ObjectId,
        "the guest object's ID in the resource tenant (guest-state shows it)",
    );
    let e = need(
        &c.email,
        Field::Email,
        "the address the guest will redeem with (current or new)",
    );
    let (id, e) = match (id, e) {
        (Ok(id), Ok(e)) => (id, e),
        (id, e) => {
            let mut problems = id.err().unwrap_or_default();
            problems.extend(e.err().unwrap_or_default());
            return Err(problems);
        }
    };
    let redirect = redirect_url(c);
    if c.cloud != Cloud::Global {
        b.caveat("[UNVERIFIED] The redirect URL is global My Apps; in a national cloud, use that cloud's My Apps address instead.");
    }
    b.role = "Helpdesk Administrator";
    // Microsoft: User.ReadWrite.All is the minimum to reset redemption (User.Invite.All only
    // invites). [microsoft-graph-docs-contrib api-reference/v1.0/api/invitation-post.md;
    // entra-docs docs/external-id/reset-redemption-status.md]
    b.scopes = vec!["User.ReadWrite.All"];
    b.writes = true;
    b.changes = "Acts on the guest object in the resource tenant (the object ID given). Resets the guest's redemption: the guest must accept a new invitation, and the account that redeems it becomes the sign-in. Keeps the object ID, group memberships, app assignments and the UPN.".into();
    let props = [
        "id",
        "userPrincipalName",
        "userType",
        "externalUserState",
        "mail",
        "otherMails",
        "identities",
        "createdDateTime",
    ];
    b.ps("# Check first: the guest object, how it signs in now and its addresses");
    b.ps(format!(
        "$user = Get-MgUser -UserId {} -Property {}",
        ps(id)?,
        names(&props)
    ));
    b.ps("$user | Format-List Id, UserPrincipalName, UserType, ExternalUserState, Mail, OtherMails, CreatedDateTime");
    b.ps("$user.Identities | Format-Table SignInType, Issuer, IssuerAssignedId");
    let check = call(
        "Check: the guest object",
        "GET",
        graph_url(
            c,
            "v1.0",
            &format!("users/{}", quote::url(id)),
            &[("$select", &props.join(","))],
        ),
    );
    b.az(az_rest(&check));
    b.rest.push(check);
    b.ps("# Reset the redemption and send a new invitation");
    b.ps(format!(
        "$invitation = New-MgInvitation -InvitedUserEmailAddress {} -InviteRedirectUrl {} -InvitedUser @{{ Id = {} }} -ResetRedemption -SendInvitationMessage -WhatIf",
        ps(e)?,
        ps(&redirect)?,
        ps(id)?
    ));
    b.ps("$invitation.InviteRedeemUrl");
    let post = with_body(
        call(
            "Reset the redemption",
            "POST",
            format!("{graph}/v1.0/invitations"),
        ),
        json!({
            "invitedUserEmailAddress": e,
            "inviteRedirectUrl": redirect,
            "sendInvitationMessage": true,
            "resetRedemption": true,
            "invitedUser": { "id": id },
        }),
    );
    b.az(az_rest(&post).off());
    b.rest.push(post);
    b.note("To move the guest to a new address, first put it in mail (Update-MgUser -UserId … -Mail …) or otherMails, then reset with that address.");
    b.note("Use it when the guest must sign in with another account or identity provider, or when the home account was deleted and made again.");
    b.note("Acts on the guest object in the resource tenant: the object ID must be the guest's there, as guest-state or the guest's own token for this tenant shows it, not an ID from the guest's home tenant.");
    b.caveat("Calls made as an application (not as a signed-in admin) cannot reset a guest that holds a directory role.");
    Ok(())
}
