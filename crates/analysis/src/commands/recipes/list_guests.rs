//! list-guests: every guest, those who have not redeemed, and those with no sign-in for a while.
//! Why: an overview of the tenant's guests, and the inactive ones to review, counting every kind of sign-in.
use super::*;

/// The pages this recipe's permissions, role and calls rest on.
pub(in crate::commands) const SOURCES: &[Source] = &[src(
    "How to manage inactive user accounts",
    "https://learn.microsoft.com/en-us/entra/identity/monitoring-health/howto-manage-inactive-user-accounts",
)];

/// The fields this recipe reads; only these are checked for it.
pub(in crate::commands) const USES: &[Field] = &[Field::Days, Field::Tenant];

pub(in crate::commands) fn build(c: &Ctx, b: &mut Body) -> Out {
    let days = c.days;
    b.role = "Reports Reader";
    b.scopes = vec!["User.Read.All", "AuditLog.Read.All"];
    let props = [
        "id",
        "displayName",
        "userPrincipalName",
        "mail",
        "externalUserState",
        "createdDateTime",
    ];
    let guests = "userType eq 'Guest'";
    let pending = "externalUserState eq 'PendingAcceptance'";
    b.ps(format!("$props = {}", names(&props)));
    b.ps("# All guests");
    b.ps(format!(
        "Get-MgUser -Filter {} -Property $props -All | Format-Table DisplayName, UserPrincipalName, Mail, ExternalUserState, CreatedDateTime",
        ps(guests)?
    ));
    b.ps("# Guests who have not redeemed their invitation yet");
    b.ps(format!(
        "Get-MgUser -Filter {} -Property $props -All | Format-Table DisplayName, UserPrincipalName, Mail, CreatedDateTime",
        ps(pending)?
    ));
    // lastSignInDateTime counts interactive attempts only (failures too): guests who work
    // through Teams and other apps sign in non-interactively, so all three dates count
    // (entra-docs docs/identity/monitoring-health/howto-manage-inactive-user-accounts.md).
    b.ps(format!(
        "# Guests with no sign-in of any kind for {days} days, or none ever: the latest of the interactive,"
    ));
    b.ps("# non-interactive and successful sign-in dates counts (sign-in activity needs Entra ID P1 or P2)");
    b.ps(format!(
        "$cutoff = (Get-Date).ToUniversalTime().AddDays(-{days})"
    ));
    b.ps(format!(
        "Get-MgUser -Filter {} -Property 'id', 'displayName', 'userPrincipalName', 'signInActivity' -All |",
        ps(guests)?
    ));
    b.ps("    Select-Object DisplayName, UserPrincipalName, @{ n = 'LastActivity'; e = { $s = $_.SignInActivity; @($s.LastSignInDateTime, $s.LastNonInteractiveSignInDateTime, $s.LastSuccessfulSignInDateTime) | Where-Object { $_ } | Sort-Object -Descending | Select-Object -First 1 } } |");
    b.ps("    Where-Object { -not $_.LastActivity -or $_.LastActivity -lt $cutoff } |");
    b.ps("    Format-Table DisplayName, UserPrincipalName, LastActivity");

    let select = props.join(",");
    b.rest.push(call(
        "All guests",
        "GET",
        graph_url(
            c,
            "v1.0",
            "users",
            &[("$filter", guests), ("$select", &select)],
        ),
    ));
    b.rest.push(call(
        "Guests who have not redeemed yet",
        "GET",
        graph_url(
            c,
            "v1.0",
            "users",
            &[("$filter", pending), ("$select", &select)],
        ),
    ));
    b.rest.push(call(
        &format!("Guests with their sign-in activity: keep those whose lastSignInDateTime, lastNonInteractiveSignInDateTime and lastSuccessfulSignInDateTime are all empty or older than {days} days"),
        "GET",
        graph_url(
            c,
            "v1.0",
            "users",
            &[
                ("$filter", guests),
                ("$select", "id,displayName,userPrincipalName,signInActivity"),
                ("$top", "999"),
            ],
        ),
    ));
    b.az(AzCmd::new(&["ad", "user", "list", "--filter", guests]));
    b.az(AzCmd::new(&["ad", "user", "list", "--filter", pending]));
    let activity = graph_url(
        c,
        "v1.0",
        "users",
        &[
            ("$filter", guests),
            ("$select", "id,displayName,userPrincipalName,signInActivity"),
            ("$top", "999"),
        ],
    );
    b.az_glue(
        format!("# Guests with their three sign-in dates; inactive: all three empty or older than {days} days (GNU date, else BSD date)"),
        format!("# Guests with their three sign-in dates; inactive: all three empty or older than {days} days"),
    );
    b.az_glue(
        format!("cutoff=$(date -u -d '{days} days ago' +%Y-%m-%dT%H:%M:%SZ 2>/dev/null || date -u -v-{days}d +%Y-%m-%dT%H:%M:%SZ); echo \"Inactive: every date below empty or before $cutoff\""),
        format!("$cutoff = (Get-Date).ToUniversalTime().AddDays(-{days}).ToString('yyyy-MM-ddTHH:mm:ssZ'); \"Inactive: every date below empty or before $cutoff\""),
    );
    let get = AzCmd::new(&["rest", "--method", "get", "--url", &activity]);
    b.az(get.query("value[].{upn:userPrincipalName, interactive:signInActivity.lastSignInDateTime, nonInteractive:signInActivity.lastNonInteractiveSignInDateTime, successful:signInActivity.lastSuccessfulSignInDateTime}").arg("-o").arg("table"));
    b.az_note("Guests that never signed in, in any way");
    b.az(AzCmd::new(&["rest", "--method", "get", "--url", &activity]).query("value[?!signInActivity.lastSignInDateTime && !signInActivity.lastNonInteractiveSignInDateTime && !signInActivity.lastSuccessfulSignInDateTime]"));
    b.note("Reading signInActivity needs AuditLog.Read.All and an Entra ID P1 or P2 licence (Microsoft's guide to inactive accounts); without them only that step fails.");
    b.note("lastSignInDateTime is the last interactive attempt, failed ones included; guests who use Teams or other apps sign in non-interactively, so the latest of the three dates decides.");
    b.note("az rest returns one page (up to 999 users here); follow @odata.nextLink for more. The PowerShell form pages with -All.");
    b.note("The dates are compared after the query: a filter on one signInActivity date would miss guests active by another, and such filters cannot be combined with other properties.");
    Ok(())
}
