//! find-address: every user and org contact in the resource tenant that holds an address, in any
//! form (mail, otherMails, proxyAddresses, UPN, the #EXT# UPN made from it).
//! Why: an object that already holds the guest's address stops the invitation or its
//! redemption, and which one it is is rarely obvious.
use super::*;

/// The pages this recipe's permissions, role and calls rest on.
pub(in crate::commands) const SOURCES: &[Source] = &[
    src(
        "Troubleshooting B2B collaboration",
        "https://learn.microsoft.com/en-us/entra/external-id/troubleshoot",
    ),
    src(
        "B2B Invitation Redemption",
        "https://learn.microsoft.com/en-us/entra/external-id/redemption-experience",
    ),
    src_on(
        "orgContact resource type (proxyAddresses filter, ConsistencyLevel)",
        "https://learn.microsoft.com/en-us/graph/api/resources/orgcontact",
        CHECKED_AGAIN,
    ),
    src_on(
        "List orgContacts (permissions)",
        "https://learn.microsoft.com/en-us/graph/api/orgcontact-list",
        CHECKED_AGAIN,
    ),
];

/// The fields this recipe reads; only these are checked for it.
pub(in crate::commands) const USES: &[Field] = &[Field::Email, Field::Tenant];

pub(in crate::commands) fn build(c: &Ctx, b: &mut Body) -> Out {
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
                    c,
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
                    c,
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
        b.az(AzCmd::new(&["ad", "user", "list", "--filter", f]));
    }
    for c in &contact_calls {
        b.az(az_rest(c));
    }
    b.rest.extend(user_calls);
    b.rest.extend(contact_calls);
    if decodes {
        b.note(DECODED_NOTE);
    }
    b.caveat("[inference] Graph compares proxyAddresses without regard to case, so the smtp: and SMTP: searches may find the same entry; both are asked in case it does not.");
    b.caveat("Org contacts are filtered by proxyAddresses with ConsistencyLevel: eventual and $count, as Microsoft's orgContact reference asks; OrgContact.Read.All is the least permission its list call names.");
    b.note("A group can hold the address too; if nothing turns up here, check groups in the Microsoft 365 admin center.");
    b.note("The #EXT# search matches whatever domain of this tenant follows the @.");
    b.note("az ad user list shows default properties only; the REST form returns proxyAddresses and otherMails as well.");
    Ok(())
}
