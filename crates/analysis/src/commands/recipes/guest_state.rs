//! guest-state: the guest object's state (redeemed or pending, identities, addresses, creation).
//! Why: most guest sign-in failures come down to what this object says; read it before changing anything.
use super::*;

/// The pages this recipe's permissions, role and calls rest on.
pub(in crate::commands) const SOURCES: &[Source] = &[
    src(
        "B2B Invitation Redemption",
        "https://learn.microsoft.com/en-us/entra/external-id/redemption-experience",
    ),
    src(
        "Reset redemption status for a guest user",
        "https://learn.microsoft.com/en-us/entra/external-id/reset-redemption-status",
    ),
];

/// The fields this recipe reads; only these are checked for it.
pub(in crate::commands) const USES: &[Field] =
    &[Field::ObjectId, Field::Upn, Field::Email, Field::Tenant];

pub(in crate::commands) fn build(c: &Ctx, b: &mut Body) -> Out {
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
            graph_url(c, "v1.0", "users", &[("$filter", &f), ("$select", &select)]),
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
                    c,
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
    b.az(az_rest(&rest));
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
