//! authorization-policy: who may invite, whether email-verified users may join, and what guests may see.
//! Why: invitations blocked by the tenant's own settings look like guest problems.
use super::*;

/// The pages this recipe's permissions, role and calls rest on.
pub(in crate::commands) const SOURCES: &[Source] = &[
    src(
        "Update authorizationpolicy",
        "https://learn.microsoft.com/en-us/graph/api/authorizationpolicy-update?view=graph-rest-1.0",
    ),
    src(
        "B2B Invitation Redemption",
        "https://learn.microsoft.com/en-us/entra/external-id/redemption-experience",
    ),
];

/// The fields this recipe reads; only these are checked for it.
pub(in crate::commands) const USES: &[Field] = &[Field::Tenant, Field::HomeTenant];

/// How long a change takes to apply.
const APPLY_DELAY: &str = "Changes to who may invite can take 15 to 60 minutes to apply.";

/// Who may change the policy, as the update reference says.
const UPDATE_NEEDS: &str = "Changing the policy on a user's behalf needs Privileged Role Administrator and Policy.ReadWrite.Authorization, as Microsoft's update reference says.";

pub(in crate::commands) fn build(c: &Ctx, b: &mut Body) -> Out {
    let graph = c.cloud.graph();
    b.role = "Global Reader";
    b.scopes = vec!["Policy.Read.All"];
    b.changes = "Read-only as written; the commented examples change tenant-wide settings.".into();
    b.ps("Get-MgPolicyAuthorizationPolicy | Format-List AllowInvitesFrom, AllowEmailVerifiedUsersToJoinOrganization, GuestUserRoleId");
    b.ps("# GuestUserRoleId: a0b1b346-4d3e-4e8b-98f8-753987be4970 User (like members), 10dae51f-b6af-4016-8d66-8c2a99b929b3 Guest User,");
    b.ps("# 2af84b1e-32c8-42b7-82bc-daa82404023b Restricted Guest User.");
    b.ps("# To change a setting, connect with Policy.ReadWrite.Authorization and choose the value, for example:");
    // The commented connections name the cloud as the live one does, and each its own tenant.
    let env = match c.cloud {
        Cloud::Global => String::new(),
        other => format!(" -Environment {}", other.environment()),
    };
    let connect = |tenant: Option<&str>, placeholder: &str| -> Result<String, Vec<InputProblem>> {
        let at = match tenant {
            Some(t) => ps(t)?,
            None => placeholder.to_owned(),
        };
        Ok(format!(
            "# Connect-MgGraph{env} -Scopes 'Policy.ReadWrite.Authorization' -TenantId {at}"
        ))
    };
    b.ps(connect(c.tenant.as_deref(), "'<resource tenant>'")?);
    b.ps("# Who may invite: none, adminsAndGuestInviters, adminsGuestInvitersAndAllMembers or everyone");
    b.ps("# Update-MgPolicyAuthorizationPolicy -AllowInvitesFrom 'adminsGuestInvitersAndAllMembers' -WhatIf");
    b.ps("# What guests may see in the directory:");
    b.ps("# Update-MgPolicyAuthorizationPolicy -GuestUserRoleId '10dae51f-b6af-4016-8d66-8c2a99b929b3' -WhatIf");
    // A personal account's "home tenant" is Microsoft's consumer one: no admin connects there.
    let personal = c.home_tenant.as_deref().is_some_and(is_personal_tenant);
    if !personal {
        b.ps("# In the invitee's home tenant (its admin connects there), when its users have no account to redeem with:");
        b.ps(connect(c.home_tenant.as_deref(), "'<home tenant>'")?);
        b.ps("# Update-MgPolicyAuthorizationPolicy -AllowEmailVerifiedUsersToJoinOrganization:$true -WhatIf");
    }
    let url = format!("{graph}/v1.0/policies/authorizationPolicy");
    let get = call("The authorization policy", "GET", url.clone());
    b.az(az_rest(&get).query("{allowInvitesFrom:allowInvitesFrom, allowEmailVerifiedUsersToJoinOrganization:allowEmailVerifiedUsersToJoinOrganization, guestUserRoleId:guestUserRoleId}"));
    b.rest.push(get);
    if personal {
        b.note("The guest has a personal Microsoft account: there is no home organisation whose policy anyone changes, so only this tenant's settings apply.");
        b.note(APPLY_DELAY);
        b.caveat(UPDATE_NEEDS);
        return Ok(());
    }
    let patch = with_body(
        call(
            "Example change, in the invitee's home tenant: let email-verified users join",
            "PATCH",
            url,
        ),
        json!({ "allowEmailVerifiedUsersToJoinOrganization": true }),
    );
    b.az_note("Example change (needs Policy.ReadWrite.Authorization):");
    b.az(az_rest(&patch).off());
    b.rest.push(patch);
    b.note("allowInvitesFrom and guestUserRoleId matter in the resource tenant; allowEmailVerifiedUsersToJoinOrganization matters in the invitee's home tenant, so run that change there.");
    b.note(APPLY_DELAY);
    b.note("Instead of allowing email-verified users, the resource tenant can turn on email one-time passcode so no such account is needed.");
    b.caveat(UPDATE_NEEDS);
    Ok(())
}
