//! first-party-sps: Microsoft service principals that B2B needs, checked; Cross Cloud Worker re-enabled if disabled.
//! Why: a disabled Microsoft B2B Cross Cloud Worker breaks invitations (Microsoft documents it).
//! Approval Management is listed for information only: what it does for B2B is not documented,
//! and re-enabling it would undo a deliberate change on no documented ground.
use super::*;

/// The pages this recipe's permissions, role and calls rest on.
pub(in crate::commands) const SOURCES: &[Source] = &[src(
    "Troubleshooting B2B collaboration",
    "https://learn.microsoft.com/en-us/entra/external-id/troubleshoot",
)];

/// The fields this recipe reads; only these are checked for it.
pub(in crate::commands) const USES: &[Field] = &[Field::HomeTenant];

const APPROVAL_MANAGEMENT: [&str; 2] = [
    "65d91a3d-ab74-42e6-8a2f-0add61688c74",
    "38049638-cc2c-4cde-abe4-4479d721ed44",
];
const CROSS_CLOUD_WORKER: &str = "Microsoft B2B Cross Cloud Worker";

pub(in crate::commands) fn build(c: &Ctx, b: &mut Body) -> Out {
    home_org(c, NO_HOME_ADMIN)?;
    let graph = c.cloud.graph();
    b.role = "Cloud Application Administrator";
    b.scopes = vec!["Application.ReadWrite.All"];
    b.writes = true;
    b.changes = "Re-enables (accountEnabled = true) Microsoft B2B Cross Cloud Worker if it is found disabled; nothing else.".into();
    let props = ["id", "appId", "displayName", "accountEnabled"];
    let mut filters: Vec<(String, String)> = APPROVAL_MANAGEMENT
        .iter()
        .map(|a| {
            (
                format!("Microsoft Approval Management ({a})"),
                format!("appId eq {}", odata(a)),
            )
        })
        .collect();
    filters.push((
        CROSS_CLOUD_WORKER.to_owned(),
        format!("displayName eq {}", odata(CROSS_CLOUD_WORKER)),
    ));
    b.ps("# Check first: are these Microsoft service principals here, and enabled?");
    b.ps(format!("$props = {}", names(&props)));
    b.ps("$sps = @(");
    for (_, f) in &filters {
        b.ps(format!(
            "    Get-MgServicePrincipal -Filter {} -Property $props",
            ps(f)?
        ));
    }
    b.ps(")");
    b.ps("$sps | Format-Table DisplayName, AppId, AccountEnabled, Id");
    b.ps("# Re-enable Microsoft B2B Cross Cloud Worker if it shows AccountEnabled False. Approval Management is");
    b.ps("# listed for information only: what it does for B2B is not documented, so it is not re-enabled here.");
    b.ps(format!(
        "$sps | Where-Object {{ $_.DisplayName -eq {} -and -not $_.AccountEnabled }} | ForEach-Object {{ Update-MgServicePrincipal -ServicePrincipalId $_.Id -AccountEnabled:$true -WhatIf }}",
        ps(CROSS_CLOUD_WORKER)?
    ));
    let select = props.join(",");
    for (label, f) in &filters {
        b.rest.push(call(
            &format!("Check: {label}"),
            "GET",
            graph_url(
                c,
                "v1.0",
                "servicePrincipals",
                &[("$filter", f), ("$select", &select)],
            ),
        ));
    }
    let shape = "{name:displayName, appId:appId, enabled:accountEnabled, id:id}";
    for a in APPROVAL_MANAGEMENT {
        b.az(AzCmd::new(&["ad", "sp", "show", "--id", a]).query(shape));
    }
    b.az(
        AzCmd::new(&["ad", "sp", "list", "--display-name", CROSS_CLOUD_WORKER])
            .query(&format!("[].{shape}")),
    );
    b.az_note("Re-enable Microsoft B2B Cross Cloud Worker if it shows enabled false:");
    b.az(
        AzCmd::new(&["ad", "sp", "list", "--display-name", CROSS_CLOUD_WORKER])
            .query("[0].id")
            .arg("-o")
            .arg("tsv")
            .set("id")
            .off(),
    );
    b.az(AzCmd::new(&["rest", "--method", "patch", "--url"])
        .var(format!("{graph}/v1.0/servicePrincipals/"), "id", "")
        .arg("--headers")
        .arg("Content-Type=application/json")
        .arg("--body")
        .arg(r#"{"accountEnabled":true}"#)
        .off());
    b.note("No result means the service principal is not in the tenant at all, which is not the same as disabled.");
    b.note("To re-enable Microsoft B2B Cross Cloud Worker over REST, PATCH /servicePrincipals/{id} with the id the check returned.");
    b.note("Microsoft documents a disabled Cross Cloud Worker, in the invited user's home tenant, as a cause of failed invitations.");
    b.caveat("[UNVERIFIED] What Microsoft Approval Management does for B2B, and what breaks when it is disabled, is not documented (its two app IDs come from Microsoft's first-party app table): it is listed, not re-enabled. If it was disabled on purpose, leave it so.");
    b.caveat("[UNVERIFIED] The app ID of Microsoft B2B Cross Cloud Worker is not published, so it is found by display name.");
    Ok(())
}
