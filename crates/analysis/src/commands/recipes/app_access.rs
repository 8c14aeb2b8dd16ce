//! app-access: the app's service principal here (who may sign in, who registered it, whether
//! assignment is required) and, given the guest, the guest's assignments to it.
//! Why: three of the AADSTS50020 checklist's questions, and AADSTS50105 and 50194, are answered
//! by the app's own settings, which no sign-in log shows.
use super::*;

/// The pages this recipe's permissions, role and calls rest on.
pub(in crate::commands) const SOURCES: &[Source] = &[
    src_on(
        "National clouds (sign-in endpoints)",
        "https://learn.microsoft.com/en-us/entra/identity-platform/authentication-national-cloud",
        "2026-11-26",
    ),
    src_on(
        "servicePrincipal resource type (appOwnerOrganizationId, appRoleAssignmentRequired, signInAudience)",
        "https://learn.microsoft.com/en-us/graph/api/resources/serviceprincipal",
        CHECKED_AGAIN,
    ),
    src_on(
        "Grant tenant-wide admin consent to an application",
        "https://learn.microsoft.com/en-us/entra/identity/enterprise-apps/grant-admin-consent",
        CHECKED_AGAIN,
    ),
    src_on(
        "List appRoleAssignments granted to a user",
        "https://learn.microsoft.com/en-us/graph/api/user-list-approleassignments",
        CHECKED_AGAIN,
    ),
    src(
        "Error AADSTS50020 - User account from identity provider does not exist in tenant",
        "https://learn.microsoft.com/en-us/troubleshoot/entra/entra-id/app-integration/error-code-aadsts50020-user-account-identity-provider-does-not-exist",
    ),
];

/// The fields this recipe reads; only these are checked for it.
pub(in crate::commands) const USES: &[Field] =
    &[Field::AppId, Field::ObjectId, Field::Tenant, Field::Code];

/// AADSTS65001 and 90094: the app waits for consent in this tenant.
const NEEDS_CONSENT: [u32; 2] = [65_001, 90_094];

pub(in crate::commands) fn build(c: &Ctx, b: &mut Body) -> Out {
    let app = need(
        &c.app_id,
        Field::AppId,
        "the app's client ID (appid or azp in a token, client_id in the sign-in address)",
    )?;
    let props = [
        "id",
        "appId",
        "displayName",
        "appOwnerOrganizationId",
        "signInAudience",
        "appRoleAssignmentRequired",
        "accountEnabled",
    ];
    let select = props.join(",");
    let filter = format!("appId eq {}", odata(app));
    b.role = "Directory Readers";
    // Reading the service principal alone needs Application.Read.All. The guest's assignments
    // too: Directory.Read.All, read-only, where Microsoft's table names AppRoleAssignment.ReadWrite.All
    // as the least privileged delegated one; a write scope for a read is the worse choice.
    b.scopes = vec![if c.object_id.is_some() {
        "Directory.Read.All"
    } else {
        "Application.Read.All"
    }];
    b.caveat("[inference] Directory Readers is taken to be enough to read a service principal's properties shown here; Microsoft lists it for reading a user's app role assignments, and Global Reader can read both.");
    b.ps(format!("$props = {}", names(&props)));
    b.ps(format!(
        "$sp = Get-MgServicePrincipal -Filter {} -Property $props",
        ps(&filter)?
    ));
    b.ps("$sp | Format-List DisplayName, AppId, AppOwnerOrganizationId, SignInAudience, AppRoleAssignmentRequired, AccountEnabled, Id");
    let sp = call(
        "The app's service principal in this tenant",
        "GET",
        graph_url(
            c,
            "v1.0",
            "servicePrincipals",
            &[("$filter", &filter), ("$select", &select)],
        ),
    );
    b.az(az_rest(&sp));
    b.rest.push(sp);
    if let Some(id) = &c.object_id {
        b.ps("# The guest's assignments to this app, its own and those of groups it is a direct member of");
        b.ps(format!(
            "Get-MgUserAppRoleAssignment -UserId {} -All | Where-Object {{ $_.ResourceId -eq $sp.Id }} | Format-Table PrincipalDisplayName, PrincipalType, AppRoleId, CreatedDateTime",
            ps(id)?
        ));
        let mut assigned = call(
            "The guest's app role assignments",
            "GET",
            graph_url(
                c,
                "v1.0",
                &format!("users/{}/appRoleAssignments", quote::url(id)),
                &[],
            ),
        );
        b.az(az_rest(&assigned));
        assigned
            .label
            .push_str(" (keep those whose resourceId is the service principal's id)");
        b.rest.push(assigned);
    } else {
        b.note(
            "Fill in the guest's object ID to list the guest's assignments to this app as well.",
        );
    }
    b.note("No service principal found: the app is not set up in this tenant (no enterprise application for it), so nobody can sign in to it here yet. Check the app ID first.");
    // The national clouds' sign-in hosts: Microsoft's national cloud authentication page.
    let login = match c.cloud {
        Cloud::Global => "login.microsoftonline.com",
        Cloud::Usgov | Cloud::Usgovdod => "login.microsoftonline.us",
        Cloud::China => "login.partner.microsoftonline.cn",
    };
    b.note(format!("signInAudience AzureADMyOrg: the app takes accounts of the organisation that registered it (appOwnerOrganizationId) only. Outsiders get in as guests of that organisation, through its own sign-in address (https://{login}/<its tenant ID>), not through /common or /organizations."));
    b.note("signInAudience AzureADMultipleOrgs accepts work or school accounts of any organisation; AzureADandPersonalMicrosoftAccount and PersonalMicrosoftAccount accept personal Microsoft accounts as well.");
    if c.code.is_some_and(|code| NEEDS_CONSENT.contains(&code)) {
        // Only the global cloud's sign-in host is written: the others are not in our sources.
        let url = match c.cloud {
            Cloud::Global => format!(
                "https://login.microsoftonline.com/{}/adminconsent?client_id={}",
                c.tenant
                    .as_deref()
                    .map_or_else(|| "<tenant-id>".to_owned(), quote::url),
                quote::url(app)
            ),
            _ => "the adminconsent address for this tenant and app (see the consent source)"
                .to_owned(),
        };
        b.note(format!("The app waits for consent here. After reviewing the permissions it asks for, an admin grants consent for the whole organisation at {url}. Privileged Role Administrator may grant any permission; Cloud Application Administrator and Application Administrator any but Microsoft Graph application permissions."));
    }
    b.note("appRoleAssignmentRequired True: only users and groups assigned to the app get a token. If the guest's list has no entry for this service principal, assign the guest or a group it is a direct member of.");
    Ok(())
}
