//! xtap-read: the cross-tenant access policy's default and the partner's entry, and its size.
//! Why: B2B blocks such as AADSTS500213 (inbound) and 500212 (outbound) come from these settings.
use super::*;

/// The pages this recipe's permissions, role and calls rest on.
pub(in crate::commands) const SOURCES: &[Source] = &[
    src(
        "Troubleshooting B2B collaboration",
        "https://learn.microsoft.com/en-us/entra/external-id/troubleshoot",
    ),
    src_on(
        "Get crossTenantAccessPolicy (permissions and roles)",
        "https://learn.microsoft.com/en-us/graph/api/crosstenantaccesspolicy-get",
        CHECKED_AGAIN,
    ),
    src(
        "Cross Cloud Settings",
        "https://learn.microsoft.com/en-us/entra/external-id/cross-cloud-settings",
    ),
];

/// The fields this recipe reads; only these are checked for it.
pub(in crate::commands) const USES: &[Field] = &[Field::Tenant, Field::HomeTenant, Field::Code];

pub(in crate::commands) fn build(c: &Ctx, b: &mut Body) -> Out {
    let graph = c.cloud.graph();
    // AADSTS500212 is the home tenant's outbound block; everything else is read on the
    // resource side, with the home tenant as the partner.
    let home = c.code == Some(500_212);
    // Either way the home tenant is read or named: a personal account has no such settings.
    home_org(
        c,
        "cross-tenant access settings govern other Entra organisations, not personal accounts",
    )?;
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
    let base = format!("{graph}/v1.0/policies/crossTenantAccessPolicy");
    let whole = format!("{graph}/beta/policies/crossTenantAccessPolicy");
    b.ps("# The default settings, which apply to every organization without an entry of its own");
    b.ps("Get-MgPolicyCrossTenantAccessPolicyDefault | ConvertTo-Json -Depth 10");
    let defaults = call("The default settings", "GET", format!("{base}/default"));
    b.az(az_rest(&defaults));
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
        b.az(az_rest(&entry));
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
    b.az(az_rest(&measure).save("xtap-policy.json"));
    b.az_glue(
        "wc -c < xtap-policy.json",
        "(Get-Item 'xtap-policy.json').Length",
    );
    b.rest.push(measure);
    if home {
        b.note("AADSTS500212 means the guest's home tenant blocks the way out: read its outbound settings here, with the resource tenant as the partner.");
    } else {
        b.note("Read on the resource side: inbound settings decide whether the guest gets in (AADSTS500213). The home tenant's outbound settings can block too (AADSTS500212).");
    }
    b.note("Anything a partner entry leaves empty (null) is taken from the default.");
    b.note("Service defaults: B2B collaboration allowed both ways; B2B direct connect blocked both ways.");
    b.caveat("Microsoft names Security Reader as enough to read these settings; changing them needs Security Administrator.");
    b.caveat("The beta endpoint is used only to measure, because only there does the response hold the whole policy definition; what the service itself counts is not documented.");
    b.caveat("az prints JSON re-indented, so its file is larger than the raw response; the Policy tab shows both the minified and the pasted size.");
    Ok(())
}
