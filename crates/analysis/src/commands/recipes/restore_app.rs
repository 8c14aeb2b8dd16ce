//! restore-app: find a deleted application by its app ID and restore it.
//! Why: errors such as the one about the tenant's aad-extensions-app mean an application the service needs
//! was deleted; restore-deleted covers users only, and applications need other permissions and roles.
use super::*;

/// The pages this recipe's permissions, role and calls rest on.
pub(in crate::commands) const SOURCES: &[Source] = &[src(
    "Restore deleted item (directory object)",
    "https://learn.microsoft.com/en-us/graph/api/directory-deleteditems-restore?view=graph-rest-1.0",
)];

/// The fields this recipe reads; only these are checked for it.
pub(in crate::commands) const USES: &[Field] = &[Field::AppId, Field::Tenant];

/// Restores a deleted application (such as the tenant's aad-extensions-app) found by its app
/// ID. Applications need application permissions and roles, unlike users: Graph's restore
/// reference names Application.ReadWrite.All and the Application, Cloud Application or Hybrid
/// Identity Administrator role (microsoft-graph-docs-contrib directory-deleteditems-restore.md).
pub(in crate::commands) fn build(c: &Ctx, b: &mut Body) -> Out {
    let graph = c.cloud.graph();
    let app = need(
        &c.app_id,
        Field::AppId,
        "the deleted application's app (client) ID",
    )?;
    b.role = "Cloud Application Administrator";
    b.scopes = vec!["Application.ReadWrite.All"];
    b.writes = true;
    b.changes = format!(
        "Restores the deleted application with app ID {app}, with its object ID and its settings as they were; nothing else."
    );
    let f = format!("appId eq {}", odata(app));
    let props = ["id", "appId", "displayName", "deletedDateTime"];
    let list = call(
        "Check: the deleted application with this app ID",
        "GET",
        graph_url(
            c,
            "v1.0",
            "directory/deletedItems/microsoft.graph.application",
            &[("$filter", &f), ("$select", &props.join(","))],
        ),
    );
    b.ps("# Check first: the deleted application with this app ID (deleted objects are kept for 30 days)");
    b.ps(format!(
        "$app = Get-MgDirectoryDeletedItemAsApplication -Filter {} -Property {} -All",
        ps(&f)?,
        names(&props)
    ));
    b.ps("$app | Format-List Id, AppId, DisplayName, DeletedDateTime");
    b.ps("# Restore it by its object ID (not the app ID)");
    b.ps(
        "$app | ForEach-Object { Restore-MgDirectoryDeletedItem -DirectoryObjectId $_.Id -WhatIf }",
    );
    b.az(az_rest(&list));
    b.az(az_rest(&list)
        .query("value[0].id")
        .arg("-o")
        .arg("tsv")
        .set("id"));
    b.az(AzCmd::new(&["rest", "--method", "post", "--url"])
        .var(
            format!("{graph}/v1.0/directory/deletedItems/"),
            "id",
            "/restore",
        )
        .off());
    b.rest.push(list);
    b.rest.push(call(
        "Restore it: POST to the id the check returned, in place of {id}",
        "POST",
        format!("{graph}/v1.0/directory/deletedItems/{{id}}/restore"),
    ));
    b.note("Application Administrator and Hybrid Identity Administrator may restore applications as well; User Administrator may not.");
    b.note("Nothing listed means the application is not in the deleted items: gone for good after 30 days, or never deleted.");
    b.caveat("[inference] An application's service principal is a separate object: if it was deleted too, it is listed under directory/deletedItems/microsoft.graph.servicePrincipal and restored the same way.");
    Ok(())
}
