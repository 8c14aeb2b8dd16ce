//! restore-deleted: list deleted users and restore one within its 30 days.
//! Why: a guest (or the object an app needs) deleted by mistake comes back with its ID, memberships and
//! addresses, which re-inviting would not give.
use super::*;

/// The pages this recipe's permissions, role and calls rest on.
pub(in crate::commands) const SOURCES: &[Source] = &[
    src(
        "Restore deleted item (directory object)",
        "https://learn.microsoft.com/en-us/graph/api/directory-deleteditems-restore?view=graph-rest-1.0",
    ),
    src(
        "What's new in Microsoft Graph",
        "https://learn.microsoft.com/en-us/graph/whats-new-overview",
    ),
];

/// The fields this recipe reads; only these are checked for it.
pub(in crate::commands) const USES: &[Field] = &[Field::ObjectId, Field::Tenant];

pub(in crate::commands) fn build(c: &Ctx, b: &mut Body) -> Out {
    let graph = c.cloud.graph();
    let id = need(
        &c.object_id,
        Field::ObjectId,
        "the deleted user's object ID (the first command of this recipe lists them)",
    )?;
    b.role = "User Administrator";
    // Listing deleted users needs a read permission; restoring, User.DeleteRestore.All (the
    // least privileged, microsoft-graph-docs-contrib directory-deleteditems-restore.md).
    b.scopes = vec!["User.Read.All", "User.DeleteRestore.All"];
    b.writes = true;
    b.changes = format!(
        "Restores deleted user {id}, the one you picked from the list, with its object ID, memberships and addresses."
    );
    let path = quote::url(id);
    b.ps("# Check first: deleted users (kept for 30 days), then the one to restore");
    b.ps("Get-MgDirectoryDeletedItemAsUser -All | Format-Table Id, DisplayName, UserPrincipalName, Mail, DeletedDateTime");
    b.ps(format!(
        "Get-MgDirectoryDeletedItem -DirectoryObjectId {} | Format-List Id, DeletedDateTime, AdditionalProperties",
        ps(id)?
    ));
    b.ps(format!(
        "Restore-MgDirectoryDeletedItem -DirectoryObjectId {} -WhatIf",
        ps(id)?
    ));
    let list = call(
        "Check: deleted users",
        "GET",
        graph_url(
            c,
            "v1.0",
            "directory/deletedItems/microsoft.graph.user",
            &[(
                "$select",
                "id,displayName,userPrincipalName,mail,deletedDateTime",
            )],
        ),
    );
    let one = call(
        "Check: the deleted object",
        "GET",
        format!("{graph}/v1.0/directory/deletedItems/{path}"),
    );
    let restore = call(
        "Restore it",
        "POST",
        format!("{graph}/v1.0/directory/deletedItems/{path}/restore"),
    );
    b.az(az_rest(&list));
    b.az(az_rest(&one));
    b.az(az_rest(&restore).off());
    b.rest.extend([list, one, restore]);
    b.note("Only deleted users: to restore a deleted application, use restore-app.");
    b.note("User.DeleteRestore.All is Microsoft's least privileged permission to restore users; User.ReadWrite.All also works.");
    b.note("Restoring fails while an active object holds the same UPN or address; find-address shows which.");
    b.note("After 30 days a deleted user is gone for good.");
    Ok(())
}
