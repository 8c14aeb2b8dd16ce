//! signin-logs: the sign-in log entries for this failure, by correlation ID, error code or guest.
//! Why: the log says which tenants were involved and why the sign-in failed, beyond the error page.
use super::*;

/// The pages this recipe's permissions, role and calls rest on.
pub(in crate::commands) const SOURCES: &[Source] = &[
    src(
        "Troubleshooting sign-in problems with Conditional Access",
        "https://learn.microsoft.com/en-us/entra/identity/conditional-access/troubleshoot-conditional-access",
    ),
    src(
        "Microsoft Entra authentication & authorization error codes",
        "https://learn.microsoft.com/en-us/entra/identity-platform/reference-error-codes",
    ),
    src_on(
        "signIn resource type (Microsoft Graph)",
        "https://learn.microsoft.com/en-us/graph/api/resources/signin",
        "2026-11-26",
    ),
];

/// The fields this recipe reads; only these are checked for it.
pub(in crate::commands) const USES: &[Field] = &[
    Field::CorrelationId,
    Field::Code,
    Field::ObjectId,
    Field::Email,
    Field::Upn,
    Field::AppId,
    Field::Tenant,
    Field::HomeTenant,
];

/// AADSTS90072 is written to the guest's home tenant's log; the resource tenant logs the same
/// sign-in as AADSTS50020 (entra-facts, error table).
const LOGGED_AT_HOME: u32 = 90_072;
const LOGGED_AT_RESOURCE: u32 = 50_020;

pub(in crate::commands) fn build(c: &Ctx, b: &mut Body) -> Out {
    // A personal account has no home log anyone can read: its 90072 is looked up where the
    // resource tenant logs the same sign-in, as 50020.
    let personal_home = c.home_tenant.as_deref().is_some_and(is_personal_tenant);
    let at_home = c.code == Some(LOGGED_AT_HOME) && !personal_home;
    let code = match c.code {
        Some(LOGGED_AT_HOME) if personal_home => Some(LOGGED_AT_RESOURCE),
        other => other,
    };
    if at_home {
        home_org(c, NO_HOME_ADMIN)?;
        b.side = Side::Home;
    }
    let mut queries: Vec<(String, String, bool)> = Vec::new();
    if let Some(id) = &c.correlation_id {
        queries.push((
            "By correlation ID".into(),
            format!("correlationId eq {}", odata(id)),
            false,
        ));
    }
    if let Some(code) = code {
        let mut f = format!("status/errorCode eq {code}");
        if let Some(app) = &c.app_id {
            f.push_str(&format!(" and appId eq {}", odata(app)));
        }
        queries.push((format!("By error code {code}"), f, false));
    }
    // At home the guest object's ID and its #EXT# name mean nothing: only the address does.
    let (object_id, upn) = if at_home {
        (&None, &None)
    } else {
        (&c.object_id, &c.upn)
    };
    let user = match (object_id, &c.email, upn) {
        (Some(id), _, _) => Some(format!("userId eq {}", odata(id))),
        (None, Some(e), _) => Some(format!("userPrincipalName eq {}", odata(e))),
        (None, None, Some(u)) => Some(format!("userPrincipalName eq {}", odata(u))),
        _ => None,
    };
    if let Some(f) = user {
        queries.push(("This guest's recent sign-ins that failed".into(), f, true));
    }
    if queries.is_empty() {
        return Err(vec![Field::CorrelationId.missing(
            "a correlation ID, an error code, or the guest's object ID or address (any one)",
        )]);
    }
    b.role = "Reports Reader";
    b.scopes = vec!["AuditLog.Read.All"];
    b.ps("# Needs the beta module for the cross-tenant fields: Install-Module Microsoft.Graph.Beta -Scope CurrentUser");
    b.ps("$fields = 'CreatedDateTime', 'CorrelationId', 'UserPrincipalName', 'AppDisplayName', 'AppId',");
    b.ps("    @{ n = 'ErrorCode'; e = { $_.Status.ErrorCode } }, @{ n = 'Reason'; e = { $_.Status.FailureReason } },");
    b.ps("    'CrossTenantAccessType', 'HomeTenantId', 'HomeTenantName', 'ResourceTenantId', 'UserType', 'IsTenantRestricted'");
    for (label, f, failures_only) in &queries {
        b.ps(format!("# {label}"));
        let only = if *failures_only {
            " | Where-Object { $_.Status.ErrorCode -ne 0 }"
        } else {
            ""
        };
        let mut get = call(
            label,
            "GET",
            graph_url(
                c,
                "beta",
                "auditLogs/signIns",
                &[("$filter", f), ("$top", "50")],
            ),
        );
        let list = if sdk_decodes(f) {
            ps_invoke(&get)?
        } else {
            format!("Get-MgBetaAuditLogSignIn -Filter {} -Top 50", ps(f)?)
        };
        b.ps(format!("{list}{only} | Select-Object -Property $fields"));
        if *failures_only {
            get.label
                .push_str(" (keep those whose status.errorCode is not 0)");
        }
        b.az(az_rest(&get));
        b.rest.push(get);
    }
    if at_home {
        b.note("AADSTS90072 is written to the guest's home tenant's log, so these queries run there. The resource tenant logs the same sign-in as AADSTS50020: its admin can run the correlation ID query too.");
        if c.email.is_some() {
            b.note("At home the account's sign-in name is often, not always, the address the guest was invited with: if the address finds nothing, the correlation ID query still does.");
        }
    } else if personal_home && c.code == Some(LOGGED_AT_HOME) {
        b.note("A personal Microsoft account has no home organisation whose log anyone can read: AADSTS90072 is looked up here as the AADSTS50020 this tenant logs for the same sign-in.");
    } else if !personal_home {
        // A personal account has no home tenant log anyone can read.
        b.note("The guest's home tenant logs the same sign-in too, often as AADSTS90072: run the correlation ID query there as well.");
    }
    b.note("Fields to read: crossTenantAccessType, homeTenantId and resourceTenantId say which organizations were involved; status.errorCode and failureReason say why it failed; isTenantRestricted points at tenant restrictions.");
    b.caveat("Reading sign-in logs through Graph needs an Entra ID P1 or P2 licence (Microsoft's signIn resource page).");
    b.caveat("The cross-tenant fields (crossTenantAccessType, homeTenantId, homeTenantName, resourceTenantId, userType, isTenantRestricted) come from the beta endpoint, which can change; whether v1.0 has them now is [UNVERIFIED].");
    if queries.iter().any(|(_, f, _)| sdk_decodes(f)) {
        b.note(DECODED_NOTE);
    }
    if !at_home && object_id.is_none() && (c.email.is_some() || upn.is_some()) {
        b.caveat("[inference] For guests the sign-in log usually shows the home account's name, not the #EXT# UPN; the object ID (userId) is the surer filter.");
    }
    Ok(())
}
