//! The hand-off report: one Markdown text for a ticket or the other tenant's admin, personal data masked by default.
//!
//! What support needs is never masked: correlation, request and trace IDs, timestamps, codes,
//! tenant and app IDs. Addresses and UPNs are masked (`a***@partner.example`) unless the user
//! asks to include them; commands then carry placeholders such as `<guest-address>`, so they
//! still run once filled in. Tokens are never included.
use std::fmt::Write as _;

use crate::case::{FactField, Place};
use crate::report::Report;

/// What the user chose for the hand-off.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Options {
    /// Include addresses and UPNs as they are (off by default).
    pub include_personal: bool,
}

/// Placeholder a masked value becomes inside commands.
const ADDRESS: &str = "<guest-address>";
const UPN: &str = "<guest-upn>";
/// The address as a guest UPN spells it before `#EXT#` (`ann_partner.example`).
const UPN_PREFIX: &str = "<guest-address-as-upn-prefix>";

/// `ann.lee@partner.example` → `a***@partner.example`; a UPN keeps its tenant domain only.
pub fn mask(value: &str) -> String {
    match value.rsplit_once('@') {
        Some((local, domain)) => {
            let first = local.chars().next().filter(|c| *c != '#').unwrap_or('*');
            format!("{first}***@{domain}")
        }
        None => "***".to_owned(),
    }
}

/// Personal values of the report, each with its masked form and its placeholder.
fn personal(r: &Report) -> Vec<(String, String, &'static str)> {
    let mut out: Vec<(String, String, &'static str)> = Vec::new();
    let mut add = |v: Option<&str>, placeholder: &'static str| {
        if let Some(v) = v.map(str::trim).filter(|v| !v.is_empty())
            && !out.iter().any(|(have, _, _)| have == v)
        {
            out.push((v.to_owned(), mask(v), placeholder));
        }
    };
    // UPNs first: a guest UPN contains the address in another spelling, never the reverse.
    add(r.findings.upn.as_deref(), UPN);
    add(r.findings.email.as_deref(), ADDRESS);
    for (_, fact) in &r.case.subject {
        add(
            Some(fact.value.as_str()).filter(|v| v.contains('@')),
            ADDRESS,
        );
    }
    for c in &r.case.conflicts {
        for v in &c.values {
            add(Some(v.value.as_str()).filter(|v| v.contains('@')), ADDRESS);
        }
    }
    for f in &r.errors {
        add(f.user.as_deref().filter(|u| u.contains('@')), ADDRESS);
    }
    if let Some(t) = &r.token {
        add(t.upn.as_deref(), UPN);
        add(t.email.as_deref(), ADDRESS);
        add(t.upn_original.as_deref(), ADDRESS);
    }
    // A guest UPN spells the address with `_` for `@`; recipes search for that prefix.
    let prefixes: Vec<(String, String, &'static str)> = out
        .iter()
        .filter(|(_, _, p)| *p == ADDRESS)
        .map(|(v, _, _)| {
            let prefix = v.replacen('@', "_", 1);
            let masked = mask(v).replacen('@', "_", 1);
            (prefix, masked, UPN_PREFIX)
        })
        .collect();
    out.extend(prefixes);
    // Longest first, so a value inside another is replaced after it.
    crate::text::sort_by(&mut out, |a, b| b.0.len().cmp(&a.0.len()));
    out
}

/// Masks (or keeps) personal values in free text.
struct Masker {
    values: Vec<(String, String, &'static str)>,
    on: bool,
}

impl Masker {
    fn text(&self, s: &str) -> String {
        self.replace(s, false)
    }

    fn command(&self, s: &str) -> String {
        self.replace(s, true)
    }

    fn replace(&self, s: &str, command: bool) -> String {
        if !self.on {
            return s.to_owned();
        }
        let mut out = s.to_owned();
        for (value, masked, placeholder) in &self.values {
            let with = if command {
                *placeholder
            } else {
                masked.as_str()
            };
            out = out.replace(value.as_str(), with);
            // Commands carry values percent-encoded in URLs and with quotes doubled.
            let encoded = crate::quote::url(value);
            if encoded != *value {
                out = out.replace(encoded.as_str(), with);
            }
            let doubled = value.replace('\'', "''");
            if doubled != *value {
                out = out.replace(doubled.as_str(), with);
            }
        }
        out
    }
}

fn source_name(r: &Report, id: u32) -> String {
    r.sources
        .iter()
        .find(|s| s.id == id)
        .map_or_else(|| format!("source {id}"), |s| s.name.clone())
}

/// Writes the hand-off report.
pub fn markdown(r: &Report, opts: Options) -> String {
    let m = Masker {
        values: personal(r),
        on: !opts.include_personal,
    };
    let mut out = String::with_capacity(4096);
    let _ = writeln!(out, "# Guest sign-in case");
    if m.on {
        let _ = writeln!(
            out,
            "\n_Addresses are masked; commands use placeholders such as `{ADDRESS}`._"
        );
    }

    let _ = writeln!(out, "\n## Summary\n");
    let field = |f: FactField| r.case.value(f);
    let mut summary_line = |label: &str, value: Option<&str>, personal: bool| {
        let shown = match value {
            Some(v) if personal => m.text(v),
            Some(v) => v.to_owned(),
            None => "unknown".to_owned(),
        };
        let _ = writeln!(out, "- **{label}:** {shown}");
    };
    summary_line("Guest", field(FactField::GuestAddress), true);
    summary_line("Home tenant", field(FactField::HomeTenant), false);
    summary_line("Resource tenant", field(FactField::ResourceTenant), false);
    summary_line("App", field(FactField::AppId), false);
    if let Some(t) = &r.token
        && let Some(v) = &t.verdict
    {
        let _ = writeln!(out, "- **Account:** {}", m.text(&v.headline));
    }
    for c in &r.case.conflicts {
        let values: Vec<String> = c.values.iter().map(|v| m.text(&v.value)).collect();
        let _ = writeln!(
            out,
            "- **Not settled — {}:** the sources disagree ({}); commands wait until one is chosen.",
            c.field.label(),
            values.join(" / ")
        );
    }

    if let Some(fit) = &r.case.policy {
        let i = &fit.inbound;
        let _ = writeln!(
            out,
            "- **Cross-tenant access policy ({}):** inbound B2B collaboration for guests from `{}` is {} (`{}`, `{}`); MFA from their home tenant is {} (`{}`).",
            source_name(r, fit.source),
            fit.home_tenant,
            i.collaboration.label(),
            i.users.path,
            i.applications.path,
            match i.mfa.accepted {
                Some(true) => "accepted",
                Some(false) => "not accepted",
                None => "inherited from settings not pasted",
            },
            i.mfa.path
        );
    }

    if !r.errors.is_empty() {
        let _ = writeln!(out, "\n## Failures\n");
        for (i, f) in r.errors.iter().enumerate() {
            let codes: Vec<String> = f.codes.iter().map(|c| format!("AADSTS{c}")).collect();
            let name = f
                .name
                .as_deref()
                .map(|n| format!(" ({n})"))
                .unwrap_or_default();
            let title = if codes.is_empty() {
                "a failure without a code".to_owned()
            } else {
                codes.join(", ")
            };
            let _ = writeln!(
                out,
                "{}. **{title}**{name} — from {}",
                i + 1,
                source_name(r, f.source)
            );
            let ids = [
                ("Correlation ID", &f.correlation_id),
                ("Request/Trace ID", &f.trace_id),
                ("Timestamp", &f.timestamp),
            ];
            if ids.iter().all(|(_, v)| v.is_none()) {
                let _ = writeln!(
                    out,
                    "   - No IDs came with this failure: ask for the error page's \"Troubleshooting details\"."
                );
            }
            for (label, v) in ids {
                if let Some(v) = v {
                    let _ = writeln!(out, "   - {label}: `{v}`");
                }
            }
            if let Some(msg) = &f.message {
                let _ = writeln!(out, "   - Message: {}", m.text(msg));
            }
        }
    }

    let steps = next_steps(r);
    if !steps.is_empty() {
        let _ = writeln!(out, "\n## Next steps\n");
        for (actor, text) in &steps {
            let _ = writeln!(out, "- **{actor}:** {}", m.text(text));
        }
    }

    let usable: Vec<_> = r
        .commands
        .iter()
        .filter(|c| c.problems.is_empty())
        .collect();
    if !usable.is_empty() {
        let _ = writeln!(out, "\n## Commands\n");
        for c in usable {
            let _ = writeln!(
                out,
                "### {} (`{}`)\n\nRun in {}.\n\n```powershell\n{}\n```\n",
                c.title,
                c.id.id(),
                c.tenant_id.as_deref().unwrap_or("the tenant named above"),
                m.command(c.powershell.trim_end())
            );
        }
    }

    if steps.iter().any(|(actor, _)| *actor == "Guest") {
        let _ = writeln!(out, "\n## Message for the guest\n");
        let _ = writeln!(out, "{}", guest_message(r, &m));
    }

    let _ = writeln!(out, "\n## Where each fact came from\n");
    for (f, fact) in &r.case.subject {
        let places: Vec<String> = fact
            .sources
            .iter()
            .map(|o| {
                let at = match o.place {
                    Place::Claim(c) => format!("claim `{c}`"),
                    Place::Failure(i) => format!("failure {}", i + 1),
                };
                format!("{} ({at})", source_name(r, o.source))
            })
            .collect();
        let _ = writeln!(out, "- {}: {}", f.label(), places.join(", "));
    }
    let _ = writeln!(
        out,
        "\n_Written by GuestLens in the browser; nothing was sent anywhere. No token is included._"
    );
    out
}

/// Every step of every failure's guidance, in order, without repeats, with who acts.
fn next_steps(r: &Report) -> Vec<(&'static str, String)> {
    let mut out: Vec<(&'static str, String)> = Vec::new();
    for f in &r.errors {
        let Some(g) = &f.guidance else { continue };
        for s in &g.steps {
            let step = (s.actor.label(), s.text.clone());
            if !out.contains(&step) {
                out.push(step);
            }
        }
    }
    out
}

/// A short message in plain words for the guest.
fn guest_message(r: &Report, m: &Masker) -> String {
    let address = r.case.value(FactField::GuestAddress).map_or_else(
        || "the address the invitation was sent to".to_owned(),
        |a| m.text(a),
    );
    let mut msg = format!(
        "Hello,\n\nyour sign-in to our organisation did not work. Please sign out of every Microsoft account in your browser (or open a private window), then sign in with exactly this account: {address}.\n"
    );
    // Only a GUID or a domain goes into a link: never free text from a paste.
    let tenant = r.case.value(FactField::ResourceTenant);
    let link = match tenant {
        Some(t) if crate::text::is_guid(t) => {
            Some(format!("https://myapps.microsoft.com/?tenantid={t}"))
        }
        Some(t)
            if t.contains('.')
                && t.chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-')) =>
        {
            Some(format!("https://myapps.microsoft.com/{t}"))
        }
        _ => None,
    };
    if let Some(link) = link {
        let _ = write!(
            msg,
            "\nUse this link, which opens our organisation directly: {link}\n"
        );
    }
    msg.push_str(
        "\nIf you have an invitation email from us that you have not accepted yet, open it and accept it first. If it still fails, send us a screenshot of the error page including the \"Troubleshooting details\".\n",
    );
    msg
}
