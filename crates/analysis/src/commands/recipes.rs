//! The recipes themselves: one builder per id, each writing PowerShell, REST and Azure CLI.
//!
//! Builders get validated values and still pass every one through `quote`: OData literal
//! first, then a PowerShell single-quoted string, or a percent-encoded URL and then a shell word.
//! Cmdlets, parameters, scopes and roles follow entra-facts sections b–f; where those say
//! [UNVERIFIED], [unofficial] or [inference], the recipe's caveats say so too.
use serde_json::{Value, json};

use super::{Ctx, Field, InputProblem, Recipe, RestCall, Side};
use crate::entra::RecipeId;
use crate::quote::{self, odata};
use crate::text::is_guid;

type Out = Result<(), Vec<InputProblem>>;

const GRAPH: &str = "https://graph.microsoft.com";

/// What a builder fills in; `finish` adds the connect lines and headers around it.
pub(super) struct Body {
    pub side: Side,
    pub role: &'static str,
    pub scopes: Vec<&'static str>,
    pub writes: bool,
    pub changes: String,
    pub ps: Vec<String>,
    pub rest: Vec<RestCall>,
    pub az: Vec<String>,
    pub caveats: Vec<String>,
    pub notes: Vec<String>,
}

impl Body {
    pub fn new(side: Side) -> Self {
        Body {
            side,
            role: "",
            scopes: Vec::new(),
            writes: false,
            changes: "Read-only.".into(),
            ps: Vec::new(),
            rest: Vec::new(),
            az: Vec::new(),
            caveats: Vec::new(),
            notes: Vec::new(),
        }
    }

    fn ps(&mut self, line: impl Into<String>) {
        self.ps.push(line.into());
    }
    fn az(&mut self, line: impl Into<String>) {
        self.az.push(line.into());
    }
    fn caveat(&mut self, s: &str) {
        self.caveats.push(s.to_owned());
    }
    fn note(&mut self, s: impl Into<String>) {
        self.notes.push(s.into());
    }
}

fn refused(r: quote::Refused) -> Vec<InputProblem> {
    vec![InputProblem {
        field: "recipe".into(),
        missing: false,
        message: r.to_string(),
    }]
}

/// A PowerShell single-quoted string.
fn ps(s: &str) -> Result<String, Vec<InputProblem>> {
    quote::ps_single(s).map_err(refused)
}

/// One POSIX shell word.
fn sh(s: &str) -> Result<String, Vec<InputProblem>> {
    quote::sh(s).map_err(refused)
}

/// Our own property names as a PowerShell list; they are plain ASCII words.
fn names(items: &[&str]) -> String {
    let quoted: Vec<String> = items.iter().map(|i| format!("'{i}'")).collect();
    quoted.join(", ")
}

fn need<'a>(v: &'a Option<String>, f: Field, why: &str) -> Result<&'a str, Vec<InputProblem>> {
    v.as_deref().ok_or_else(|| vec![f.missing(why)])
}

/// `https://graph.microsoft.com/{version}/{path}?k=v&…`, every value percent-encoded; `path`
/// must already be encoded.
fn graph_url(version: &str, path: &str, query: &[(&str, &str)]) -> String {
    let mut u = format!("{GRAPH}/{version}/{path}");
    for (i, (k, v)) in query.iter().enumerate() {
        u.push(if i == 0 { '?' } else { '&' });
        u.push_str(k);
        u.push('=');
        u.push_str(&quote::url(v));
    }
    u
}

fn call(label: &str, method: &str, url: String) -> RestCall {
    RestCall {
        label: label.to_owned(),
        method: method.to_owned(),
        url,
        ..RestCall::default()
    }
}

/// An advanced query: `$count=true` in the URL plus this header (entra-facts b).
fn eventual(mut c: RestCall) -> RestCall {
    c.headers
        .push(("ConsistencyLevel".into(), "eventual".into()));
    c
}

fn with_body(mut c: RestCall, body: Value) -> RestCall {
    c.headers
        .push(("Content-Type".into(), "application/json".into()));
    c.body = Some(body);
    c
}

/// The same call for `az rest`.
fn az_rest(c: &RestCall) -> Result<String, Vec<InputProblem>> {
    let mut line = format!(
        "az rest --method {} --url {}",
        c.method.to_ascii_lowercase(),
        sh(&c.url)?
    );
    for (k, v) in &c.headers {
        line.push_str(&format!(" --headers {}", sh(&format!("{k}={v}"))?));
    }
    if let Some(body) = &c.body {
        line.push_str(&format!(" --body {}", sh(&body.to_string())?));
    }
    Ok(line)
}

/// True when Graph PowerShell's `-Filter` would not carry `filter` as written. The SDK's list
/// cmdlets unescape the -Filter text before they percent-encode it: src/readme.graph.md in
/// microsoftgraph/msgraph-sdk-powershell (read at 0055570a) rewrites every generated
/// Get*_List cmdlet to pass `this.UnescapeString(Filter)` ("Unescape -Filter values before
/// escaping"), and issue #1339 shows the result: `+` sent as a space. So a `+` or a `%`
/// sequence (`%27` becomes a quote) in a value would change the filter.
pub(super) fn sdk_decodes(filter: &str) -> bool {
    filter.contains(['%', '+'])
}

/// The same GET through `Invoke-MgGraphRequest`, whose URL we percent-encode ourselves; the
/// `.value` list as objects, like a Get-Mg cmdlet's. It returns the first page only.
fn ps_invoke(c: &RestCall) -> Result<String, Vec<InputProblem>> {
    let mut line = format!(
        "(Invoke-MgGraphRequest -Method GET -Uri {} -OutputType PSObject",
        ps(&c.url)?
    );
    if !c.headers.is_empty() {
        let pairs = c
            .headers
            .iter()
            .map(|(k, v)| Ok(format!("{k} = {}", ps(v)?)))
            .collect::<Result<Vec<_>, Vec<InputProblem>>>()?;
        line.push_str(&format!(" -Headers @{{ {} }}", pairs.join("; ")));
    }
    line.push_str(").value");
    Ok(line)
}

const DECODED_NOTE: &str = "The address holds + or %, which Graph PowerShell's -Filter would decode (+ becomes a space), so the PowerShell form sends the REST URL with Invoke-MgGraphRequest instead; it returns the first page of results.";

/// Where the guest lands after redeeming: the resource tenant's My Apps when it is known.
fn redirect_url(c: &Ctx) -> String {
    match c.tenant.as_deref() {
        Some(t) if is_guid(t) => {
            format!("https://myapps.microsoft.com/?tenantid={}", quote::url(t))
        }
        Some(t) => format!("https://myapps.microsoft.com/{}", quote::url(t)),
        None => "https://myapps.microsoft.com".into(),
    }
}

pub(super) fn find_address(c: &Ctx, b: &mut Body) -> Out {
    let e = need(&c.email, Field::Email, "the address to look for")?;
    // The UPN Entra gives a guest invited with this address: @ becomes _, then #EXT#@domain.
    let ext = format!("{}#EXT#@", e.replace('@', "_"));
    let user_filters = [
        (
            "Users whose mail is the address",
            format!("mail eq {}", odata(e)),
        ),
        (
            "Users with the address in otherMails",
            format!("otherMails/any(m:m eq {})", odata(e)),
        ),
        (
            "Users with it as a secondary proxy address (smtp:)",
            format!("proxyAddresses/any(p:p eq {})", odata(&format!("smtp:{e}"))),
        ),
        (
            "Users with it as the primary proxy address (SMTP:)",
            format!("proxyAddresses/any(p:p eq {})", odata(&format!("SMTP:{e}"))),
        ),
        (
            "Users whose UPN is the address",
            format!("userPrincipalName eq {}", odata(e)),
        ),
        (
            "Guests whose UPN was made from the address (#EXT#)",
            format!("startsWith(userPrincipalName,{})", odata(&ext)),
        ),
    ];
    let contact_filters = [
        (
            "Org contacts whose mail is the address",
            format!("mail eq {}", odata(e)),
        ),
        (
            "Org contacts with it as a secondary proxy address (smtp:)",
            format!("proxyAddresses/any(p:p eq {})", odata(&format!("smtp:{e}"))),
        ),
        (
            "Org contacts with it as the primary proxy address (SMTP:)",
            format!("proxyAddresses/any(p:p eq {})", odata(&format!("SMTP:{e}"))),
        ),
    ];
    let user_props = [
        "id",
        "displayName",
        "userPrincipalName",
        "userType",
        "mail",
        "otherMails",
        "proxyAddresses",
        "creationType",
        "externalUserState",
    ];
    let contact_props = ["id", "displayName", "mail", "proxyAddresses"];
    b.role = "Directory Readers";
    b.scopes = vec!["User.Read.All", "OrgContact.Read.All"];

    let user_select = user_props.join(",");
    let contact_select = contact_props.join(",");
    let user_calls: Vec<RestCall> = user_filters
        .iter()
        .map(|(label, f)| {
            call(
                label,
                "GET",
                graph_url(
                    "v1.0",
                    "users",
                    &[("$filter", f), ("$select", &user_select)],
                ),
            )
        })
        .collect();
    let contact_calls: Vec<RestCall> = contact_filters
        .iter()
        .map(|(label, f)| {
            eventual(call(
                label,
                "GET",
                graph_url(
                    "v1.0",
                    "contacts",
                    &[
                        ("$filter", f),
                        ("$count", "true"),
                        ("$select", &contact_select),
                    ],
                ),
            ))
        })
        .collect();
    let decodes = sdk_decodes(e);
    b.ps("# Every user that holds the address in any form, each listed once");
    if decodes {
        b.ps("$users = @(");
        for c in &user_calls {
            b.ps(format!("    {}", ps_invoke(c)?));
        }
        b.ps(") | Sort-Object Id -Unique");
    } else {
        b.ps(format!("$props = {}", names(&user_props)));
        b.ps("$userFilters = @(");
        for (_, f) in &user_filters {
            b.ps(format!("    {}", ps(f)?));
        }
        b.ps(")");
        b.ps("$users = $userFilters | ForEach-Object { Get-MgUser -Filter $_ -Property $props -All } | Sort-Object Id -Unique");
    }
    b.ps("$users | Format-List Id, DisplayName, UserPrincipalName, UserType, Mail, OtherMails, ProxyAddresses, CreationType, ExternalUserState");
    b.ps("# Org contacts that hold it (contacts block invitations to the same address)");
    if decodes {
        b.ps("$contacts = @(");
        for c in &contact_calls {
            b.ps(format!("    {}", ps_invoke(c)?));
        }
        b.ps(") | Sort-Object Id -Unique");
    } else {
        b.ps("$contactFilters = @(");
        for (_, f) in &contact_filters {
            b.ps(format!("    {}", ps(f)?));
        }
        b.ps(")");
        b.ps(format!(
            "$contacts = $contactFilters | ForEach-Object {{ Get-MgContact -Filter $_ -ConsistencyLevel eventual -CountVariable n -All -Property {} }} | Sort-Object Id -Unique",
            names(&contact_props)
        ));
    }
    b.ps("$contacts | Format-List Id, DisplayName, Mail, ProxyAddresses");

    for (_, f) in &user_filters {
        b.az(format!("az ad user list --filter {}", sh(f)?));
    }
    for c in &contact_calls {
        b.az(az_rest(c)?);
    }
    b.rest.extend(user_calls);
    b.rest.extend(contact_calls);
    if decodes {
        b.note(DECODED_NOTE);
    }
    b.caveat("[inference] Graph compares proxyAddresses without regard to case, so the smtp: and SMTP: searches may find the same entry; both are asked in case it does not.");
    b.caveat("[unofficial] Filtering org contacts by proxyAddresses with ConsistencyLevel: eventual follows community scripts, not Microsoft's reference; that OrgContact.Read.All is enough is [UNVERIFIED].");
    b.note("A group can hold the address too; if nothing turns up here, check groups in the Microsoft 365 admin center.");
    b.note("The #EXT# search matches whatever domain of this tenant follows the @.");
    b.note("az ad user list shows default properties only; the REST form returns proxyAddresses and otherMails as well.");
    Ok(())
}

pub(super) fn guest_state(c: &Ctx, b: &mut Body) -> Out {
    let props = [
        "id",
        "displayName",
        "userPrincipalName",
        "userType",
        "accountEnabled",
        "externalUserState",
        "externalUserStateChangeDateTime",
        "creationType",
        "identities",
        "mail",
        "otherMails",
        "proxyAddresses",
        "createdDateTime",
    ];
    let select = props.join(",");
    let by_filter = |what: &str, f: String| -> Result<(String, RestCall), Vec<InputProblem>> {
        let rest = call(
            &format!("The guest by {what}"),
            "GET",
            graph_url("v1.0", "users", &[("$filter", &f), ("$select", &select)]),
        );
        let get = if sdk_decodes(&f) {
            format!("$user = {}", ps_invoke(&rest)?)
        } else {
            format!(
                "$user = Get-MgUser -Filter {} -Property $props -All",
                ps(&f)?
            )
        };
        Ok((get, rest))
    };
    let (get, rest) = if let Some(id) = &c.object_id {
        (
            format!("$user = Get-MgUser -UserId {} -Property $props", ps(id)?),
            call(
                "The guest by object ID",
                "GET",
                graph_url(
                    "v1.0",
                    &format!("users/{}", quote::url(id)),
                    &[("$select", &select)],
                ),
            ),
        )
    } else if let Some(upn) = &c.upn {
        by_filter("UPN", format!("userPrincipalName eq {}", odata(upn)))?
    } else if let Some(e) = &c.email {
        by_filter("mail address", format!("mail eq {}", odata(e)))?
    } else {
        return Err(vec![Field::ObjectId.missing(
            "the guest's object ID, UPN or email address (any one of them)",
        )]);
    };
    b.role = "Directory Readers";
    b.scopes = vec!["User.Read.All"];
    b.ps(format!("$props = {}", names(&props)));
    b.ps(get);
    b.ps("$user | Format-List Id, DisplayName, UserPrincipalName, UserType, AccountEnabled, ExternalUserState, ExternalUserStateChangeDateTime, CreationType, Mail, OtherMails, ProxyAddresses, CreatedDateTime");
    b.ps("$user.Identities | Format-Table SignInType, Issuer, IssuerAssignedId");
    b.az(az_rest(&rest)?);
    b.rest.push(rest);
    b.note("externalUserState PendingAcceptance: the invitation has not been redeemed yet; Accepted: it has.");
    b.note("Before redemption the identities issuer is this tenant's own domain; afterwards it names where the guest signs in (ExternalAzureAD, MicrosoftAccount, google.com, mail for one-time passcode, …).");
    b.note("If the guest's home account was deleted and made again after this guest was created (compare createdDateTime), the old guest no longer matches it: use reset-redemption.");
    b.note(
        "creationType Invitation: invited guest; EmailVerified: a self-service (viral) sign-up.",
    );
    if c.object_id.is_none() {
        b.note("Searching by mail finds the guest only if mail holds the address; find-address searches every place it can be.");
        if c.upn.iter().chain(&c.email).any(|v| sdk_decodes(v)) {
            b.note(DECODED_NOTE);
        }
    }
    Ok(())
}

/// The read-only check before an invitation: who holds the address now, and have they redeemed.
fn invite_check(b: &mut Body, e: &str) -> Out {
    let f = format!("mail eq {}", odata(e));
    let props = [
        "id",
        "userPrincipalName",
        "userType",
        "externalUserState",
        "externalUserStateChangeDateTime",
    ];
    let check = call(
        "Check: the guest that has this address",
        "GET",
        graph_url(
            "v1.0",
            "users",
            &[("$filter", &f), ("$select", &props.join(","))],
        ),
    );
    let list = if sdk_decodes(&f) {
        b.note(DECODED_NOTE);
        ps_invoke(&check)?
    } else {
        format!(
            "Get-MgUser -Filter {} -Property {} -All",
            ps(&f)?,
            names(&props)
        )
    };
    b.ps("# Check first: the guest that has this address now, and whether it has redeemed");
    b.ps(format!(
        "{list} | Format-List Id, UserPrincipalName, UserType, ExternalUserState, ExternalUserStateChangeDateTime"
    ));
    b.az(az_rest(&check)?);
    b.rest.push(check);
    Ok(())
}

pub(super) fn resend_invite(c: &Ctx, b: &mut Body) -> Out {
    let e = need(&c.email, Field::Email, "the address to invite")?;
    let redirect = redirect_url(c);
    b.role = "Guest Inviter";
    b.scopes = vec!["User.Read.All", "User.Invite.All"];
    b.writes = true;
    b.changes =
        "Sends a new invitation email; if no guest holds the address yet, it creates one.".into();
    invite_check(b, e)?;
    b.ps("# Invite again; the answer carries the redemption link");
    b.ps(format!(
        "$invitation = New-MgInvitation -InvitedUserEmailAddress {} -InviteRedirectUrl {} -SendInvitationMessage -WhatIf",
        ps(e)?,
        ps(&redirect)?
    ));
    b.ps("$invitation.InviteRedeemUrl");
    let post = with_body(
        call("Invite again", "POST", format!("{GRAPH}/v1.0/invitations")),
        json!({
            "invitedUserEmailAddress": e,
            "inviteRedirectUrl": redirect,
            "sendInvitationMessage": true,
        }),
    );
    b.az(format!("# {}", az_rest(&post)?));
    b.rest.push(post);
    b.caveat("[inference] For a guest still in PendingAcceptance, inviting the same address again reaches the existing guest object rather than creating a second one.");
    b.note(format!(
        "The guest can also redeem without the email: open {redirect} and sign in with the invited address. An address that is an alias needs the invitation link."
    ));
    b.note("No email arriving is often spam filtering: allow Invites@microsoft.com.");
    Ok(())
}

pub(super) fn reset_redemption(c: &Ctx, b: &mut Body) -> Out {
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
            return Err([id.err(), e.err()]
                .into_iter()
                .flatten()
                .flatten()
                .collect());
        }
    };
    let redirect = redirect_url(c);
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
            "v1.0",
            &format!("users/{}", quote::url(id)),
            &[("$select", &props.join(","))],
        ),
    );
    b.az(az_rest(&check)?);
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
            format!("{GRAPH}/v1.0/invitations"),
        ),
        json!({
            "invitedUserEmailAddress": e,
            "inviteRedirectUrl": redirect,
            "sendInvitationMessage": true,
            "resetRedemption": true,
            "invitedUser": { "id": id },
        }),
    );
    b.az(format!("# {}", az_rest(&post)?));
    b.rest.push(post);
    b.note("To move the guest to a new address, first put it in mail (Update-MgUser -UserId … -Mail …) or otherMails, then reset with that address.");
    b.note("Use it when the guest must sign in with another account or identity provider, or when the home account was deleted and made again.");
    b.note("Acts on the guest object in the resource tenant: the object ID must be the guest's there, as guest-state or the guest's own token for this tenant shows it, not an ID from the guest's home tenant.");
    b.caveat("Calls made as an application (not as a signed-in admin) cannot reset a guest that holds a directory role.");
    Ok(())
}

pub(super) fn remove_object(c: &Ctx, b: &mut Body) -> Out {
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
        format!("{GRAPH}/v1.0/directoryObjects/{path}"),
    );
    b.az(az_rest(&check)?);
    b.rest.push(check);
    b.rest.push(call(
        "Delete the user",
        "DELETE",
        format!("{GRAPH}/v1.0/users/{path}"),
    ));
    b.az(format!("# az ad user delete --id {}", sh(id)?));
    b.note("Suggested when another user or contact already holds the guest's address, so the invitation cannot reach or create the guest (find-address shows which). Compare the object's addresses with the guest's before deleting.");
    b.note("User.DeleteRestore.All is Microsoft's least privileged permission to delete and restore users; User.ReadWrite.All also works.");
    b.caveat("Org contacts are read-only in Microsoft Graph (Microsoft's orgContact reference). Remove-MailContact comes from the Exchange Online PowerShell module and its -Identity takes the contact's address.");
    b.note("A user synced from on-premises (onPremisesSyncEnabled) comes back at the next sync: delete it on-premises instead.");
    Ok(())
}

pub(super) fn restore_deleted(c: &Ctx, b: &mut Body) -> Out {
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
        format!("{GRAPH}/v1.0/directory/deletedItems/{path}"),
    );
    let restore = call(
        "Restore it",
        "POST",
        format!("{GRAPH}/v1.0/directory/deletedItems/{path}/restore"),
    );
    b.az(az_rest(&list)?);
    b.az(az_rest(&one)?);
    b.az(format!("# {}", az_rest(&restore)?));
    b.rest.extend([list, one, restore]);
    b.note("Only deleted users: to restore a deleted application, use restore-app.");
    b.note("User.DeleteRestore.All is Microsoft's least privileged permission to restore users; User.ReadWrite.All also works.");
    b.note("Restoring fails while an active object holds the same UPN or address; find-address shows which.");
    b.note("After 30 days a deleted user is gone for good.");
    Ok(())
}

/// Restores a deleted application (such as the tenant's b2b-extensions-app) found by its app
/// ID. Applications need application permissions and roles, unlike users: Graph's restore
/// reference names Application.ReadWrite.All and the Application, Cloud Application or Hybrid
/// Identity Administrator role (microsoft-graph-docs-contrib directory-deleteditems-restore.md).
pub(super) fn restore_app(c: &Ctx, b: &mut Body) -> Out {
    let app = need(
        &c.app_id,
        Field::AppId,
        "the deleted application's app (client) ID",
    )?;
    b.role = "Cloud Application Administrator";
    b.scopes = vec!["Application.ReadWrite.All"];
    b.writes = true;
    b.changes = format!(
        "Restores the deleted application with app ID {app}, with its object ID, credentials and settings; nothing else."
    );
    let f = format!("appId eq {}", odata(app));
    let props = ["id", "appId", "displayName", "deletedDateTime"];
    let list = call(
        "Check: the deleted application with this app ID",
        "GET",
        graph_url(
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
    b.az(az_rest(&list)?);
    b.az(format!(
        "id=$({} --query 'value[0].id' -o tsv)",
        az_rest(&list)?
    ));
    b.az(format!(
        "# az rest --method post --url \"{GRAPH}/v1.0/directory/deletedItems/$id/restore\""
    ));
    b.rest.push(list);
    b.rest.push(call(
        "Restore it: POST to the id the check returned, in place of {id}",
        "POST",
        format!("{GRAPH}/v1.0/directory/deletedItems/{{id}}/restore"),
    ));
    b.note("Application Administrator and Hybrid Identity Administrator may restore applications as well; User Administrator may not.");
    b.note("Nothing listed means the application is not in the deleted items: gone for good after 30 days, or never deleted.");
    b.caveat("[inference] An application's service principal is a separate object: if it was deleted too, it is listed under directory/deletedItems/microsoft.graph.servicePrincipal and restored the same way.");
    Ok(())
}

pub(super) fn list_guests(c: &Ctx, b: &mut Body) -> Out {
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
            "v1.0",
            "users",
            &[("$filter", guests), ("$select", &select)],
        ),
    ));
    b.rest.push(call(
        "Guests who have not redeemed yet",
        "GET",
        graph_url(
            "v1.0",
            "users",
            &[("$filter", pending), ("$select", &select)],
        ),
    ));
    b.rest.push(call(
        &format!("Guests with their sign-in activity: keep those whose lastSignInDateTime, lastNonInteractiveSignInDateTime and lastSuccessfulSignInDateTime are all empty or older than {days} days"),
        "GET",
        graph_url(
            "v1.0",
            "users",
            &[
                ("$filter", guests),
                ("$select", "id,displayName,userPrincipalName,signInActivity"),
                ("$top", "999"),
            ],
        ),
    ));
    b.az(format!("az ad user list --filter {}", sh(guests)?));
    b.az(format!("az ad user list --filter {}", sh(pending)?));
    let activity = graph_url(
        "v1.0",
        "users",
        &[
            ("$filter", guests),
            ("$select", "id,displayName,userPrincipalName,signInActivity"),
            ("$top", "999"),
        ],
    );
    b.az(format!(
        "# Guests with their three sign-in dates; inactive: all three empty or older than {days} days (GNU date, else BSD date)"
    ));
    b.az(format!(
        "cutoff=$(date -u -d '{days} days ago' +%Y-%m-%dT%H:%M:%SZ 2>/dev/null || date -u -v-{days}d +%Y-%m-%dT%H:%M:%SZ); echo \"Inactive: every date below empty or before $cutoff\""
    ));
    b.az(format!(
        "az rest --method get --url {} --query {} -o table",
        sh(&activity)?,
        sh("value[].{upn:userPrincipalName, interactive:signInActivity.lastSignInDateTime, nonInteractive:signInActivity.lastNonInteractiveSignInDateTime, successful:signInActivity.lastSuccessfulSignInDateTime}")?
    ));
    b.az("# Guests that never signed in, in any way");
    b.az(format!(
        "az rest --method get --url {} --query {}",
        sh(&activity)?,
        sh("value[?!signInActivity.lastSignInDateTime && !signInActivity.lastNonInteractiveSignInDateTime && !signInActivity.lastSuccessfulSignInDateTime]")?
    ));
    b.note("Reading signInActivity needs AuditLog.Read.All and an Entra ID P1 or P2 licence (Microsoft's guide to inactive accounts); without them only that step fails.");
    b.note("lastSignInDateTime is the last interactive attempt, failed ones included; guests who use Teams or other apps sign in non-interactively, so the latest of the three dates decides.");
    b.note("az rest returns one page (up to 999 users here); follow @odata.nextLink for more. The PowerShell form pages with -All.");
    b.note("The dates are compared after the query: a filter on one signInActivity date would miss guests active by another, and such filters cannot be combined with other properties.");
    Ok(())
}

pub(super) fn xtap_read(c: &Ctx, b: &mut Body) -> Out {
    // AADSTS500212 is the home tenant's outbound block; everything else is read on the
    // resource side, with the home tenant as the partner.
    let home = c.code == Some(500_212);
    let (partner, partner_field) = if home {
        b.side = Side::Home;
        (&c.tenant, Field::Tenant)
    } else {
        (&c.home_tenant, Field::HomeTenant)
    };
    if let Some(p) = partner.as_deref().filter(|p| !is_guid(p)) {
        return Err(vec![partner_field.invalid(
            p,
            "cross-tenant settings name a partner by its tenant ID (a GUID); a domain name can't be used here",
        )]);
    }
    b.role = "Security Reader";
    b.scopes = vec!["Policy.Read.All"];
    let base = format!("{GRAPH}/v1.0/policies/crossTenantAccessPolicy");
    let whole = format!("{GRAPH}/beta/policies/crossTenantAccessPolicy");
    b.ps("# The default settings, which apply to every organization without an entry of its own");
    b.ps("Get-MgPolicyCrossTenantAccessPolicyDefault | ConvertTo-Json -Depth 10");
    let defaults = call("The default settings", "GET", format!("{base}/default"));
    b.az(az_rest(&defaults)?);
    b.rest.push(defaults);
    if let Some(p) = partner {
        b.ps("# The partner's own entry; \"not found\" means it has none and the default applies");
        b.ps(format!(
            "Get-MgPolicyCrossTenantAccessPolicyPartner -CrossTenantAccessPolicyConfigurationPartnerTenantId {} | ConvertTo-Json -Depth 10",
            ps(p)?
        ));
        let entry = call(
            "The partner's entry",
            "GET",
            format!("{base}/partners/{}", quote::url(p)),
        );
        b.az(az_rest(&entry)?);
        b.rest.push(entry);
    } else {
        b.note(format!(
            "Fill in the {} to read its partner entry as well.",
            if home {
                "resource tenant's ID"
            } else {
                "home tenant's ID"
            }
        ));
    }
    b.ps(
        "# Measure: save the whole policy from the beta endpoint, as Microsoft's size check does,",
    );
    b.ps("# then paste the file into GuestLens's Policy tab for the budget (the limit is 25,600 bytes)");
    b.ps(format!(
        "Invoke-MgGraphRequest -Method GET -Uri {} -OutputFilePath 'xtap-policy.json'",
        ps(&whole)?
    ));
    b.ps("(Get-Item 'xtap-policy.json').Length");
    let measure = call("The whole policy, to measure", "GET", whole);
    b.az(format!("{} > xtap-policy.json", az_rest(&measure)?));
    b.az("wc -c < xtap-policy.json");
    b.rest.push(measure);
    if home {
        b.note("AADSTS500212 means the guest's home tenant blocks the way out: read its outbound settings here, with the resource tenant as the partner.");
    } else {
        b.note("Read on the resource side: inbound settings decide whether the guest gets in (AADSTS500213). The home tenant's outbound settings can block too (AADSTS500212).");
    }
    b.note("Anything a partner entry leaves empty (null) is taken from the default.");
    b.note("Service defaults: B2B collaboration allowed both ways; B2B direct connect blocked both ways.");
    b.caveat("[inference] Security Reader (or Global Reader) is assumed to be enough to read; the docs name Security Administrator for changing these settings.");
    b.caveat("The beta endpoint is used only to measure, because only there does the response hold the whole policy definition; what the service itself counts is not documented.");
    b.caveat("az prints JSON re-indented, so its file is larger than the raw response; the Policy tab shows both the minified and the pasted size.");
    Ok(())
}

const APPROVAL_MANAGEMENT: [&str; 2] = [
    "65d91a3d-ab74-42e6-8a2f-0add61688c74",
    "38049638-cc2c-4cde-abe4-4479d721ed44",
];
const CROSS_CLOUD_WORKER: &str = "Microsoft B2B Cross Cloud Worker";

pub(super) fn first_party_sps(_c: &Ctx, b: &mut Body) -> Out {
    b.role = "Cloud Application Administrator";
    b.scopes = vec!["Application.ReadWrite.All"];
    b.writes = true;
    b.changes =
        "Re-enables (accountEnabled = true) the service principals found disabled; nothing else."
            .into();
    let props = ["id", "appId", "displayName", "accountEnabled"];
    let filters: Vec<(String, String)> = APPROVAL_MANAGEMENT
        .iter()
        .map(|a| {
            (
                format!("Microsoft Approval Management ({a})"),
                format!("appId eq {}", odata(a)),
            )
        })
        .chain([(
            CROSS_CLOUD_WORKER.to_owned(),
            format!("displayName eq {}", odata(CROSS_CLOUD_WORKER)),
        )])
        .collect();
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
    b.ps("# Re-enable those that show AccountEnabled False");
    b.ps("$sps | Where-Object { -not $_.AccountEnabled } | ForEach-Object { Update-MgServicePrincipal -ServicePrincipalId $_.Id -AccountEnabled:$true -WhatIf }");
    let select = props.join(",");
    for (label, f) in &filters {
        b.rest.push(call(
            &format!("Check: {label}"),
            "GET",
            graph_url(
                "v1.0",
                "servicePrincipals",
                &[("$filter", f), ("$select", &select)],
            ),
        ));
    }
    let shape = "{name:displayName, appId:appId, enabled:accountEnabled, id:id}";
    for a in APPROVAL_MANAGEMENT {
        b.az(format!(
            "az ad sp show --id {} --query {}",
            sh(a)?,
            sh(shape)?
        ));
    }
    b.az(format!(
        "az ad sp list --display-name {} --query {}",
        sh(CROSS_CLOUD_WORKER)?,
        sh(&format!("[].{shape}"))?
    ));
    b.az("# Re-enable one that shows enabled false:");
    for a in APPROVAL_MANAGEMENT {
        // The appId key form is Graph's documented alternative to the object id.
        let patch = with_body(
            call(
                &format!("Re-enable Microsoft Approval Management ({a})"),
                "PATCH",
                format!("{GRAPH}/v1.0/servicePrincipals(appId='{a}')"),
            ),
            json!({ "accountEnabled": true }),
        );
        b.az(format!("# {}", az_rest(&patch)?));
        b.rest.push(patch);
    }
    b.az(format!(
        "# id=$(az ad sp list --display-name {} --query '[0].id' -o tsv)",
        sh(CROSS_CLOUD_WORKER)?
    ));
    b.az(format!(
        "# az rest --method patch --url \"{GRAPH}/v1.0/servicePrincipals/$id\" --headers Content-Type=application/json --body '{{\"accountEnabled\":true}}'"
    ));
    b.note("No result means the service principal is not in the tenant at all, which is not the same as disabled.");
    b.note("To re-enable Microsoft B2B Cross Cloud Worker over REST, PATCH /servicePrincipals/{id} with the id the check returned.");
    b.note("Microsoft documents a disabled Cross Cloud Worker, in the invited user's home tenant, as a cause of failed invitations.");
    b.caveat("[UNVERIFIED] What Microsoft Approval Management does for B2B, and what breaks when it is disabled, is not documented; its two app IDs come from Microsoft's first-party app table.");
    b.caveat("[UNVERIFIED] The app ID of Microsoft B2B Cross Cloud Worker is not published, so it is found by display name.");
    Ok(())
}

pub(super) fn authorization_policy(c: &Ctx, b: &mut Body) -> Out {
    b.role = "Global Reader";
    b.scopes = vec!["Policy.Read.All"];
    b.changes = "Read-only as written; the commented examples change tenant-wide settings.".into();
    b.ps("Get-MgPolicyAuthorizationPolicy | Format-List AllowInvitesFrom, AllowEmailVerifiedUsersToJoinOrganization, GuestUserRoleId");
    b.ps("# GuestUserRoleId: a0b1b346-4d3e-4e8b-98f8-753987be4970 User (like members), 10dae51f-b6af-4016-8d66-8c2a99b929b3 Guest User,");
    b.ps("# 2af84b1e-32c8-42b7-82bc-daa82404023b Restricted Guest User.");
    b.ps("# To change a setting, connect with Policy.ReadWrite.Authorization and choose the value, for example:");
    let connect = match c.tenant.as_deref() {
        Some(t) => format!(" -TenantId {}", ps(t)?),
        None => String::new(),
    };
    b.ps(format!(
        "# Connect-MgGraph -Scopes 'Policy.ReadWrite.Authorization'{connect}"
    ));
    b.ps("# Who may invite: none, adminsAndGuestInviters, adminsGuestInvitersAndAllMembers or everyone");
    b.ps("# Update-MgPolicyAuthorizationPolicy -AllowInvitesFrom 'adminsGuestInvitersAndAllMembers' -WhatIf");
    b.ps("# In the invitee's home tenant, when its users have no account there to redeem with:");
    b.ps("# Update-MgPolicyAuthorizationPolicy -AllowEmailVerifiedUsersToJoinOrganization:$true -WhatIf");
    b.ps("# What guests may see in the directory:");
    b.ps("# Update-MgPolicyAuthorizationPolicy -GuestUserRoleId '10dae51f-b6af-4016-8d66-8c2a99b929b3' -WhatIf");
    let url = format!("{GRAPH}/v1.0/policies/authorizationPolicy");
    let get = call("The authorization policy", "GET", url.clone());
    b.az(format!(
        "{} --query {}",
        az_rest(&get)?,
        sh("{allowInvitesFrom:allowInvitesFrom, allowEmailVerifiedUsersToJoinOrganization:allowEmailVerifiedUsersToJoinOrganization, guestUserRoleId:guestUserRoleId}")?
    ));
    b.rest.push(get);
    let patch = with_body(
        call(
            "Example change, in the invitee's home tenant: let email-verified users join",
            "PATCH",
            url,
        ),
        json!({ "allowEmailVerifiedUsersToJoinOrganization": true }),
    );
    b.az("# Example change (needs Policy.ReadWrite.Authorization):");
    b.az(format!("# {}", az_rest(&patch)?));
    b.rest.push(patch);
    b.note("allowInvitesFrom and guestUserRoleId matter in the resource tenant; allowEmailVerifiedUsersToJoinOrganization matters in the invitee's home tenant, so run that change there.");
    b.note("Changes to who may invite can take 15 to 60 minutes to apply.");
    b.note("Instead of allowing email-verified users, the resource tenant can turn on email one-time passcode so no such account is needed.");
    b.caveat("[unofficial] Changing the policy is taken to need Privileged Role Administrator; Policy.ReadWrite.Authorization is the only permission that can.");
    Ok(())
}

pub(super) fn signin_logs(c: &Ctx, b: &mut Body) -> Out {
    let mut queries: Vec<(String, String, bool)> = Vec::new();
    if let Some(id) = &c.correlation_id {
        queries.push((
            "By correlation ID".into(),
            format!("correlationId eq {}", odata(id)),
            false,
        ));
    }
    if let Some(code) = c.code {
        let mut f = format!("status/errorCode eq {code}");
        if let Some(app) = &c.app_id {
            f.push_str(&format!(" and appId eq {}", odata(app)));
        }
        queries.push((format!("By error code {code}"), f, false));
    }
    let user = match (&c.object_id, &c.email, &c.upn) {
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
        b.az(az_rest(&get)?);
        b.rest.push(get);
    }
    b.note("The guest's home tenant logs the same sign-in too, often as AADSTS90072: run the correlation ID query there as well.");
    b.note("Fields to read: crossTenantAccessType, homeTenantId and resourceTenantId say which organizations were involved; status.errorCode and failureReason say why it failed; isTenantRestricted points at tenant restrictions.");
    b.caveat("[UNVERIFIED] Reading sign-in logs through Graph needs an Entra ID P1 or P2 licence.");
    b.caveat("The cross-tenant fields (crossTenantAccessType, homeTenantId, homeTenantName, resourceTenantId, userType, isTenantRestricted) come from the beta endpoint, which can change; whether v1.0 has them now is [UNVERIFIED].");
    if queries.iter().any(|(_, f, _)| sdk_decodes(f)) {
        b.note(DECODED_NOTE);
    }
    if c.object_id.is_none() && (c.email.is_some() || c.upn.is_some()) {
        b.caveat("[inference] For guests the sign-in log usually shows the home account's name, not the #EXT# UPN; the object ID (userId) is the surer filter.");
    }
    Ok(())
}

/// Puts the header, connect and login lines around a builder's output.
pub(super) fn finish(
    recipe: RecipeId,
    tenant_id: Option<String>,
    b: Body,
) -> Result<Recipe, Vec<InputProblem>> {
    let (id, title) = (recipe.id(), recipe.title());
    let place = b.side.describe();
    let mut pwsh = vec![
        format!("# {title} (GuestLens recipe {id})"),
        format!("# Run in {place}, as {} or higher.", b.role),
    ];
    if b.writes {
        pwsh.push(format!("# {}", b.changes));
        pwsh.push("# Commands that change something carry -WhatIf, which only shows what they would do: run the checks, then remove -WhatIf.".into());
    } else {
        pwsh.push("# Read-only.".into());
    }
    let scopes = b
        .scopes
        .iter()
        .map(|s| ps(s))
        .collect::<Result<Vec<_>, _>>()?
        .join(", ");
    match &tenant_id {
        Some(t) => pwsh.push(format!(
            "Connect-MgGraph -Scopes {scopes} -TenantId {}",
            ps(t)?
        )),
        None => {
            pwsh.push("# Add -TenantId with the tenant's ID or domain, so this surely runs in the right tenant.".into());
            pwsh.push(format!("Connect-MgGraph -Scopes {scopes}"));
        }
    }
    pwsh.extend(b.ps);

    let mut az = vec![
        format!("# {title} (GuestLens recipe {id}), for a POSIX shell"),
        format!("# Run in {place}."),
    ];
    match &tenant_id {
        Some(t) => az.push(format!(
            "az login --tenant {} --allow-no-subscriptions",
            sh(t)?
        )),
        None => az.push("# az login --tenant <tenant ID> --allow-no-subscriptions".into()),
    }
    if b.az.iter().any(|l| l.starts_with("# az ")) {
        az.push("# Commands that change something are commented out: run the checks, then remove the '# '.".into());
    }
    az.extend(b.az);

    let mut calls = b.rest.into_iter();
    Ok(Recipe {
        id: recipe,
        title: title.to_owned(),
        tenant: b.side,
        tenant_id,
        role: b.role.to_owned(),
        permissions: b.scopes.iter().map(|s| (*s).to_owned()).collect(),
        writes: b.writes,
        changes: b.changes,
        powershell: pwsh.join("\n") + "\n",
        rest: calls.next().unwrap_or_default(),
        rest_steps: calls.collect(),
        az: az.join("\n") + "\n",
        caveats: b.caveats,
        notes: b.notes,
        problems: Vec::new(),
    })
}
