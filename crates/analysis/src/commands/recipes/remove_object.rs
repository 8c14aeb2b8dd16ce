//! remove-object: delete a conflicting user, or show how to delete a conflicting contact.
//! Why: another object holding the guest's address blocks the invitation. It acts on an object the admin
//! picks from find-address's results, never on the guest being fixed.
use super::*;

/// The pages this recipe's permissions, role and calls rest on.
pub(in crate::commands) const SOURCES: &[Source] = &[
    src(
        "Delete a user",
        "https://learn.microsoft.com/en-us/graph/api/user-delete?view=graph-rest-1.0",
    ),
    src(
        "What's new in Microsoft Graph",
        "https://learn.microsoft.com/en-us/graph/whats-new-overview",
    ),
    src(
        "Troubleshooting B2B collaboration",
        "https://learn.microsoft.com/en-us/entra/external-id/troubleshoot",
    ),
];

/// The fields this recipe reads; only these are checked for it.
pub(in crate::commands) const USES: &[Field] = &[Field::ObjectId, Field::Email, Field::Tenant];

pub(in crate::commands) fn build(c: &Ctx, b: &mut Body) -> Out {
    let graph = c.cloud.graph();
    let id = need(
        &c.object_id,
        Field::ObjectId,
        "the ID of the conflicting user or contact to remove, picked from find-address's results; never the guest's own",
    )?;
    b.role = "User Administrator";
    // User.DeleteRestore.All: Microsoft's least privileged permission to delete and restore
    // users (microsoft-graph-docs-contrib concepts/whats-new-overview.md, December 2024).
    b.scopes = vec!["Directory.Read.All", "User.DeleteRestore.All"];
    b.writes = true;
    b.changes = format!(
        "Deletes object {id}, the one you picked: a user or contact in the resource tenant that holds the guest's address and so blocks the invitation or its redemption. A deleted user can be restored for 30 days (restore-deleted); its sign-ins stop at once."
    );
    let path = quote::url(id);
    b.ps(format!("# Acts on object {id} in the resource tenant: a user or contact that holds the guest's address."));
    b.ps("# Take the ID from find-address's results. Never the guest you are fixing, and never an ID from another tenant.");
    b.ps("# Check first: what kind of object this is and which addresses it holds");
    b.ps(format!(
        "$obj = Get-MgDirectoryObject -DirectoryObjectId {}",
        ps(id)?
    ));
    b.ps("$obj.AdditionalProperties['@odata.type']");
    b.ps("$obj.AdditionalProperties");
    b.ps("# A user (#microsoft.graph.user): delete it");
    b.ps(format!("Remove-MgUser -UserId {} -WhatIf", ps(id)?));
    b.ps("# An org contact (#microsoft.graph.orgContact): Microsoft Graph cannot delete contacts;");
    b.ps("# delete it in Exchange Online (or on-premises, when it is synced from there), for example:");
    b.ps("# Connect-ExchangeOnline");
    let contact = match &c.email {
        Some(e) => ps(e)?,
        None => "'<the contact's address>'".into(),
    };
    b.ps(format!("# Remove-MailContact -Identity {contact} -WhatIf"));
    let check = call(
        "Check: the object and its type",
        "GET",
        format!("{graph}/v1.0/directoryObjects/{path}"),
    );
    b.az(az_rest(&check));
    b.rest.push(check);
    b.rest.push(call(
        "Delete the user",
        "DELETE",
        format!("{graph}/v1.0/users/{path}"),
    ));
    b.az(AzCmd::new(&["ad", "user", "delete", "--id", id]).off());
    b.note("Suggested when another user or contact already holds the guest's address, so the invitation cannot reach or create the guest (find-address shows which). Compare the object's addresses with the guest's before deleting.");
    b.note("User.DeleteRestore.All is Microsoft's least privileged permission to delete and restore users; User.ReadWrite.All also works.");
    b.caveat("Org contacts are read-only in Microsoft Graph (Microsoft's orgContact reference). Remove-MailContact comes from the Exchange Online PowerShell module and its -Identity takes the contact's address.");
    b.note("A user synced from on-premises (onPremisesSyncEnabled) comes back at the next sync: delete it on-premises instead.");
    Ok(())
}
