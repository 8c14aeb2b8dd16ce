//! The fixed texts of the policy budget: the storage note, the measuring script, the read
//! commands and what each kind of pasted object does or does not measure.
//!
//! Sources: Microsoft's B2B troubleshooting article (the error, the 25 KB limit and the
//! measuring steps) and the Graph and Graph PowerShell references; marks say what is not from
//! them. Written in our own words.
use serde::Serialize;

use super::ObjectKind;
use crate::text::is_guid;

/// Where a sentence of ours comes from, so the reader can weigh it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Provenance {
    /// Microsoft's B2B troubleshooting article.
    MicrosoftArticle,
    /// Said in public but not confirmed by Microsoft's documentation.
    Unverified,
    /// Our reasoning from documented facts.
    Inference,
}

impl Provenance {
    /// The mark as people see it (and as the JSON text has always bracketed it).
    pub const fn label(self) -> &'static str {
        match self {
            Provenance::MicrosoftArticle => "Microsoft troubleshooting article",
            Provenance::Unverified => "UNVERIFIED",
            Provenance::Inference => "inference",
        }
    }
}

/// One part of a note, with where it comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Note {
    pub provenance: Provenance,
    pub text: &'static str,
}

/// What the "object limit" error means, and how to tell whether a tenant still has the limit.
pub const STORAGE_NOTES: &[Note] = &[
    Note {
        provenance: Provenance::MicrosoftArticle,
        text: "The error \"Failure to update policy due to object limit\" \
while saving cross-tenant access settings means the policy object has reached its 25 KB limit \
(25 × 1024 = 25,600 bytes). Microsoft says it is working on a higher limit, and measures the size \
by saving the whole response of GET https://graph.microsoft.com/beta/policies/crosstenantaccesspolicy \
and counting its UTF-8 bytes.",
    },
    Note {
        provenance: Provenance::Unverified,
        text: "Since 2023, tenants whose policy has been moved to a newer storage model are said \
to no longer have this limit. The Microsoft article we checked does not say so, and there is no \
documented way to see which storage a tenant uses.",
    },
    Note {
        provenance: Provenance::Inference,
        text: "How to tell in practice: if saving works even though the measured size is above \
25,600 bytes, the limit no longer applies to your tenant. If saving fails with this error, it does, \
and the changes listed under findings are the way to get back under it. How the service counts \
bytes is not documented, so treat every figure here as an estimate.",
    },
];

/// Notes as one text, a `[mark] ` before each and a line break between them: the JSON
/// report's form.
pub fn notes_text(notes: &[Note]) -> String {
    let mut out = String::new();
    for (i, n) in notes.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push('[');
        out.push_str(n.provenance.label());
        out.push_str("] ");
        out.push_str(n.text);
    }
    out
}

/// How the as-pasted count relates to Microsoft's procedure.
pub const PROCEDURE_NOTE: &str = "\
Microsoft's procedure counts the UTF-8 bytes of the whole beta response as saved in a file. \
When the pasted text is that saved file, unchanged, its as-pasted size is what the procedure \
reports. Microsoft's own sample script reads the file as separate lines, which PowerShell joins \
with spaces, so it can print a slightly different number (microsoft_snippet_bytes: each line break \
counted as one space, the byte order mark left out) [inference]; it also has a ';' before 'else', \
which PowerShell rejects. Use measure_script instead. \
The procedure relies on the beta definition property, which Microsoft's Graph reference marks \
deprecated (\"Do not use\"): it still counts today, but beta may change or drop it without notice, \
and then a saved response no longer shows what fills the policy object.";

/// Said when a pasted object carries the deprecated `definition`.
pub const DEPRECATED_DEFINITION: &str = "The measurement rests on the beta definition property, \
which Microsoft marks deprecated (\"Do not use\"; Graph reference, tenantRelationshipAccessPolicyBase). \
It is what Microsoft's own 25 KB procedure measures, so it is read here; if beta stops returning it, \
this size no longer reflects the policy object.";

/// A PowerShell script that counts what Microsoft's procedure counts, correctly.
pub const MEASURE_SCRIPT: &str = r#"# Size of the cross-tenant access policy object, against the 25,600-byte limit.
# First save the whole response of
#   GET https://graph.microsoft.com/beta/policies/crosstenantaccesspolicy
# to a file (Graph Explorer, or Invoke-MgGraphRequest -OutputFilePath; see the read commands).
$path  = 'C:\policyobject.txt'
$limit = 25 * 1024
# -Raw reads the file as one string, so its line breaks are counted as saved.
$text = Get-Content -LiteralPath $path -Raw -Encoding UTF8
if ($null -eq $text) { $text = '' }
$size = [System.Text.Encoding]::UTF8.GetByteCount($text)
Write-Host "Policy object: $size bytes of $limit"
Write-Host "Remaining: $($limit - $size) bytes"
if ($size -le $limit) {
    Write-Host 'Within the limit'
} else {
    Write-Host 'Over the limit'
}
"#;

const PLACEHOLDER: &str = "<partner-tenant-id>";

/// Graph PowerShell commands that read the policy, the default and one partner.
/// `partner` is used only when it is a GUID, so nothing else reaches the command line.
pub fn read_commands(partner: Option<&str>) -> String {
    let tenant = partner.filter(|t| is_guid(t)).unwrap_or(PLACEHOLDER);
    format!(
        r#"# Reading needs only Policy.Read.All.
Connect-MgGraph -Scopes Policy.Read.All

# Save the beta base object, with its definition, for the measuring script.
Invoke-MgGraphRequest -Method GET -Uri 'https://graph.microsoft.com/beta/policies/crossTenantAccessPolicy' -OutputFilePath 'C:\policyobject.txt'

# The same object in PowerShell (module Microsoft.Graph.Beta.Identity.SignIns).
Get-MgBetaPolicyCrossTenantAccessPolicy | Format-List

# The default settings, and the tenant IDs of all partners (module Microsoft.Graph.Identity.SignIns).
Get-MgPolicyCrossTenantAccessPolicyDefault | ConvertTo-Json -Depth 10
Get-MgPolicyCrossTenantAccessPolicyPartner -All | Select-Object TenantId

# One partner, with its cross-tenant sync settings.
Get-MgPolicyCrossTenantAccessPolicyPartner -CrossTenantAccessPolicyConfigurationPartnerTenantId '{tenant}' -ExpandProperty identitySynchronization | ConvertTo-Json -Depth 10
"#
    )
}

/// What the pasted object measures, and the warning when it is only part of the policy.
pub fn measured_object(kind: ObjectKind, read: bool) -> (&'static str, Option<&'static str>) {
    if !read {
        return (
            "The text could not be read as JSON, so only its size as pasted is known.",
            Some(
                "Only the as-pasted size is known: fix the JSON error, or paste the whole beta response, to see what uses the space.",
            ),
        );
    }
    match kind {
        ObjectKind::BetaPolicy => (
            "The beta base policy object with its definition: the object Microsoft's procedure measures.",
            None,
        ),
        ObjectKind::V1Policy => (
            "A base policy object without its definition (as v1.0 returns it): it holds only the name and cloud settings.",
            Some(
                "Partial count: without the definition this size says almost nothing about the 25,600-byte budget. Read the beta endpoint instead.",
            ),
        ),
        ObjectKind::Partners => (
            "The list of partner configurations: the part of the policy that grows with every partner.",
            Some(
                "Partial count: the list leaves out the base object and the default settings, and is formatted differently from the beta definition, so the total is an estimate of the partners' share only.",
            ),
        ),
        ObjectKind::Partner => (
            "One partner configuration: its size is this partner's share of the policy.",
            Some("Partial count: one partner is only part of the policy object."),
        ),
        ObjectKind::Default => (
            "The default settings: they apply to every organization not listed as a partner.",
            Some("Partial count: the default settings are only part of the policy object."),
        ),
        ObjectKind::Unknown => (
            "JSON that doesn't look like a cross-tenant access policy response.",
            Some(
                "This is not a cross-tenant access policy response, so its size is not the policy's size.",
            ),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partner_id_only_when_guid() {
        let id = "9188040d-6c67-4c5b-b112-36a304b66dad";
        assert!(read_commands(Some(id)).contains(id));
        assert!(read_commands(Some("x'; Remove-Item *")).contains(PLACEHOLDER));
    }

    #[test]
    fn script_avoids_the_sample_mistakes() {
        assert!(MEASURE_SCRIPT.contains("-Raw"));
        assert!(!MEASURE_SCRIPT.contains("};"));
        assert!(!MEASURE_SCRIPT.contains('“'));
    }
}
