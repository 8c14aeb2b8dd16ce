//! The hand-off report: one Markdown text for a ticket or the other tenant's admin, personal data masked by default.
//!
//! What support needs is never masked: correlation, request and trace IDs, timestamps, codes,
//! tenant and app IDs. Addresses and UPNs are masked (`a***@partner.example`) unless the user
//! asks to include them; commands then carry placeholders such as `<guest-address>`, so they
//! still run once filled in. Tokens are never included.
use std::fmt::Write as _;

use crate::case::{FactField, place_words};
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
    let mut prefixes: Vec<(String, String, &'static str)> = Vec::new();
    for (v, _, p) in &out {
        if *p == ADDRESS {
            let prefix = v.replacen('@', "_", 1);
            let masked = mask(v).replacen('@', "_", 1);
            prefixes.push((prefix, masked, UPN_PREFIX));
        }
    }
    out.extend(prefixes);
    // Longest first, so a value inside another is replaced after it.
    crate::text::sort_by(&mut out, |a, b| b.0.len().cmp(&a.0.len()));
    out
}

/// Masks (or keeps) personal values in free text.
struct Masker {
    /// Values and their spellings with what they become in prose, then in commands.
    text: Patterns,
    commands: Patterns,
    on: bool,
}

impl Masker {
    fn new(values: &[(String, String, &'static str)], on: bool) -> Self {
        Masker {
            text: Patterns::new(values, false),
            commands: Patterns::new(values, true),
            on,
        }
    }

    fn text(&self, s: &str) -> String {
        self.replace(s, &self.text)
    }

    fn command(&self, s: &str) -> String {
        self.replace(s, &self.commands)
    }

    fn replace(&self, s: &str, patterns: &Patterns) -> String {
        if !self.on {
            return s.to_owned();
        }
        patterns.replace_all(s)
    }
}

/// Texts to replace, in the order they win where several start at one place (longest value
/// first), indexed by their first byte.
struct Patterns {
    list: Vec<(String, String)>,
    by_first: Vec<Vec<usize>>,
}

impl Patterns {
    /// Each value and its spellings in commands (percent-encoded in URLs, quotes doubled), with
    /// its masked form, or in commands its placeholder.
    fn new(values: &[(String, String, &'static str)], command: bool) -> Self {
        let mut list: Vec<(String, String)> = Vec::new();
        for (value, masked, placeholder) in values {
            let with = if command { *placeholder } else { masked };
            // Every spelling a recipe can give a value: as typed or as an OData literal (quotes
            // doubled), each as it is, percent-encoded, inside PowerShell single quotes
            // (doubled again) or inside POSIX single quotes ('\'').
            let odata = value.replace('\'', "''");
            let mut spellings: Vec<String> = Vec::new();
            for base in [value.as_str(), odata.as_str()] {
                for spelling in [
                    base.to_owned(),
                    crate::quote::url(base),
                    base.replace('\'', "''"),
                    base.replace('\'', "'\\''"),
                ] {
                    if !spellings.contains(&spelling) {
                        spellings.push(spelling);
                    }
                }
            }
            for spelling in spellings {
                list.push((spelling, with.to_owned()));
            }
        }
        // Where two spellings start at one place, the longer wins (`a''b` before `a'b`).
        crate::text::sort_by(&mut list, |a, b| b.0.len().cmp(&a.0.len()));
        list.retain(|(p, _)| !p.is_empty());
        let mut by_first: Vec<Vec<usize>> = vec![Vec::new(); 256];
        for (i, (p, _)) in list.iter().enumerate() {
            if let Some(slot) = p
                .as_bytes()
                .first()
                .and_then(|b| by_first.get_mut(usize::from(*b)))
            {
                slot.push(i);
            }
        }
        Patterns { list, by_first }
    }

    /// Replaces every occurrence in one left-to-right pass. It used to take one `replace` over
    /// the text per pattern: with a big log's hundreds of guests, hundreds of passes over each
    /// piece. The result is the same as long as no replacement spells a value and no two values
    /// overlap without one containing the other (`tests` below checks it against the passes).
    fn replace_all(&self, s: &str) -> String {
        let b = s.as_bytes();
        let mut out = String::with_capacity(s.len());
        let mut copied = 0;
        let mut at = 0;
        while let Some(c) = b.get(at) {
            let hit = self.by_first.get(usize::from(*c)).and_then(|list| {
                list.iter()
                    .filter_map(|&i| self.list.get(i))
                    .find(|(p, _)| b.get(at..at + p.len()) == Some(p.as_bytes()))
            });
            match hit {
                // A pattern is whole UTF-8 text, so it starts and ends on character boundaries.
                Some((p, with)) => {
                    out.push_str(s.get(copied..at).unwrap_or_default());
                    out.push_str(with);
                    at += p.len();
                    copied = at;
                }
                None => at += 1,
            }
        }
        out.push_str(s.get(copied..).unwrap_or_default());
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
    let m = Masker::new(&personal(r), !opts.include_personal);
    // The failures the case is about, found once for every section that speaks of them.
    let failures = r.case_failures();
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
    // A personal account's "home tenant" is Microsoft's consumer tenant: no one to call there.
    let personal_home = r.case.personal_account().then(|| {
        format!(
            "none: a personal Microsoft account (`{}`), so there is no home organisation or home admin",
            crate::entra::MSA_TENANT
        )
    });
    summary_line(
        "Home tenant",
        personal_home.as_deref().or(field(FactField::HomeTenant)),
        false,
    );
    // Without its ID, the name the error gave it, said to be no use to a command.
    let named = r.resource_tenant_name();
    let microsofts = r.case.in_microsofts_tenant();
    let resource_named = named.map(|n| {
        if microsofts {
            format!(
                "{} (Microsoft's own tenant, not an organisation's)",
                m.text(n)
            )
        } else {
            format!(
                "{} (a display name from the error: its ID is not known)",
                m.text(n)
            )
        }
    });
    // An ID from a token or URL while the error names the organisation: said to be checked.
    let unconfirmed = field(FactField::ResourceTenant)
        .zip(r.resource_tenant_unconfirmed())
        .map(|(id, name)| {
            format!(
                "{id} (from a token or sign-in URL, while the error names the organisation \"{}\": check that this ID is theirs before running a command)",
                m.text(name)
            )
        });
    summary_line(
        "Resource tenant",
        unconfirmed
            .as_deref()
            .or(field(FactField::ResourceTenant))
            .or(resource_named.as_deref()),
        false,
    );
    summary_line("App", field(FactField::AppId), false);
    if let Some(line) = r.account_line() {
        let _ = writeln!(out, "- **Account:** {}", m.text(&line));
    }
    for c in &r.case.conflicts {
        let mut values = String::new();
        for (i, v) in c.values.iter().enumerate() {
            if i > 0 {
                values.push_str(" / ");
            }
            values.push_str(&m.text(&v.value));
        }
        let _ = writeln!(
            out,
            "- **Not settled — {}:** the sources disagree ({values}); commands wait until one is chosen.",
            c.field.label(),
        );
    }

    if let Some(fit) = &r.case.policy {
        let i = &fit.inbound;
        // Whether home MFA is trusted matters only once the guest is let in.
        let mfa = if !i.mfa_matters() {
            String::new()
        } else {
            format!(
                "; MFA from their home tenant is {} (`{}`)",
                match i.mfa.accepted {
                    Some(true) => "accepted",
                    Some(false) => "not accepted",
                    None => "inherited from settings not pasted",
                },
                i.mfa.path
            )
        };
        let _ = writeln!(
            out,
            "- **Cross-tenant access policy ({}):** inbound B2B collaboration for guests from `{}` is {} (`{}`, `{}`){mfa}.",
            source_name(r, fit.source),
            fit.home_tenant,
            i.collaboration.label(),
            i.users.path,
            i.applications.path,
        );
    }

    if let Some(id) = r.case.home_policy.filter(|_| r.case.policy.is_none()) {
        let _ = writeln!(
            out,
            "- **Cross-tenant access policy ({}):** it has an entry for the resource tenant and none for the guest's home tenant, so it is the home tenant's own; its outbound settings can block the guest (AADSTS500212).",
            source_name(r, id)
        );
    }

    if let Some((id, i)) = r.case.unread_policy() {
        let _ = writeln!(
            out,
            "- **Cross-tenant access policy ({}):** not read for this guest until their home tenant is known; for organisations without an entry of their own, inbound B2B collaboration is {} (`{}`, `{}`).",
            source_name(r, *id),
            i.collaboration.label(),
            i.users.path,
            i.applications.path,
        );
    }

    if !failures.is_empty() {
        let _ = writeln!(out, "\n## Failures\n");
        for (i, f) in failures.iter().enumerate() {
            let mut title = crate::errors::codes_line(&f.codes);
            if title.is_empty() {
                title = "a failure without a code".to_owned();
            }
            let name = f
                .name
                .as_deref()
                .map(|n| format!(" ({n})"))
                .unwrap_or_default();
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

    // API calls that refused the trace's token: what an API's support asks for (its request ID).
    if let Some(t) = &r.trace {
        let mut n = 0;
        for h in t.hops.iter().filter(|h| h.refused()) {
            if n == 0 {
                let _ = writeln!(out, "\n## API calls that refused the token\n");
            }
            n += 1;
            // The trace masked any address in the path; the guest's own values go as elsewhere.
            let call = m.text(&format!("{} {}{}", h.method, h.host, h.path));
            let _ = writeln!(
                out,
                "{n}. **{call}** → {}{} — request {} of {}",
                h.status,
                h.error
                    .as_deref()
                    .map(|e| format!(" `{e}`"))
                    .unwrap_or_default(),
                h.entry + 1,
                source_name(r, t.source)
            );
            if let Some(msg) = &h.message {
                let _ = writeln!(out, "   - Message: {}", m.text(msg));
            }
            for (label, v) in [
                ("Request ID", &h.request_id),
                ("client-request-id", &h.client_request_id),
            ] {
                if let Some(v) = v {
                    let _ = writeln!(out, "   - {label}: `{v}`");
                }
            }
            let _ = writeln!(
                out,
                "   - {}",
                crate::trace::refusal(h.status, h.error.as_deref()).meaning
            );
        }
    }

    // For another organisation's reader: other people are counted, not named.
    let domain = r
        .case
        .value(FactField::GuestAddress)
        .and_then(|a| a.rsplit_once('@'))
        .map_or("", |(_, d)| d);
    if let Some(said) = r.set_aside_line_for(domain) {
        let _ = writeln!(
            out,
            "\n_Set aside as another person's or another sign-in's: {}. If that address is this guest's other account, the guest signed in with the wrong one._",
            m.text(&said)
        );
    }

    let steps = next_steps(r, &failures);
    if !steps.is_empty() {
        let _ = writeln!(out, "\n## Next steps\n");
        for (actor, text) in &steps {
            let _ = writeln!(out, "- **{actor}:** {}", m.text(text));
        }
    }

    let mut usable = Vec::new();
    for c in &r.commands {
        if c.problems.is_empty() {
            usable.push(c);
        }
    }
    if !usable.is_empty() {
        let _ = writeln!(out, "\n## Commands\n");
        for c in usable {
            let side = match c.tenant {
                crate::commands::Side::Resource => "the resource tenant",
                crate::commands::Side::Home => "the guest's home tenant",
            };
            let place = match (&c.tenant_id, named, c.tenant) {
                (Some(id), _, _) => format!("{side}, `{id}`"),
                (None, Some(name), crate::commands::Side::Resource) => {
                    format!("{side} ({}; its ID is not known)", m.text(name))
                }
                (None, _, _) => format!("{side} (its ID is not known)"),
            };
            let _ = writeln!(
                out,
                "### {} (`{}`)\n\nRun in {place}.\n\n```powershell\n{}\n```\n",
                c.title,
                c.id.id(),
                m.command(c.powershell.trim_end())
            );
        }
    }

    if microsofts {
        let _ = writeln!(out, "\n_{}_", crate::case::Unknown::MicrosoftTenant.how());
    }

    // No message about "our organisation" when the sign-in was to Microsoft's own tenant.
    if !microsofts && steps.iter().any(|(actor, _)| *actor == "Guest") {
        let _ = writeln!(out, "\n## Message for the guest\n");
        let _ = writeln!(out, "{}", guest_message(r, &m, &failures, &steps));
    }

    let _ = writeln!(out, "\n## Where each fact came from\n");
    for (f, fact) in &r.case.subject {
        let places: Vec<String> = fact
            .sources
            .iter()
            .map(|o| format!("{} ({})", source_name(r, o.source), place_words(o, None)))
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
fn next_steps(r: &Report, failures: &[&crate::errors::Failure]) -> Vec<(&'static str, String)> {
    let mut out: Vec<(&'static str, String)> = Vec::new();
    // A policy that keeps the guest out comes first: no other step helps until it lets them in.
    if let Some((actor, text)) = r.case.policy_step() {
        out.push((actor.label(), text));
    }
    for f in failures {
        let Some(g) = &f.guidance else { continue };
        for s in &g.steps {
            if !r.case.can_act(s.actor) {
                continue;
            }
            let step = (s.actor.label(), s.text.clone());
            if !out.contains(&step) {
                out.push(step);
            }
        }
    }
    out
}

/// A short message in plain words for the guest: what the guidance of their failures asks of
/// them. The account and a link into our organisation only where signing in with another
/// account is a cause (the failures with a checklist: AADSTS50020 and its kin); the address only
/// unmasked, since a masked one is of no use to the person it is sent to.
fn guest_message(
    r: &Report,
    m: &Masker,
    failures: &[&crate::errors::Failure],
    steps: &[(&'static str, String)],
) -> String {
    // Our own settings keep the guest out: signing in again cannot help until we change them.
    let blocked = r
        .case
        .policy
        .as_ref()
        .is_some_and(|p| p.inbound.collaboration == crate::policy::inbound::Access::Blocked);
    if blocked && r.case.policy_step().is_some() {
        return "Hello,\n\nyour sign-in to our organisation did not work because of a setting on our side that we are changing now. There is nothing you need to do yet: we will let you know when to try again.\n".to_owned();
    }
    let mut codes = Vec::new();
    for f in failures {
        for c in &f.codes {
            if !codes.contains(c) {
                codes.push(*c);
            }
        }
    }
    let mut msg = String::from("Hello,\n\nyour sign-in to our organisation did not work");
    let line = crate::errors::codes_line(&codes);
    if !line.is_empty() {
        let _ = write!(msg, " ({line})");
    }
    // A step asking the guest to send the error to us is already done: we have it.
    let guest = crate::errors::guidance::Actor::Guest.label();
    let mut asks = Vec::new();
    for (actor, text) in steps {
        let to_us =
            text.contains("organisation you are visiting") || text.contains("host organisation");
        if *actor == guest && !to_us {
            asks.push(m.text(text));
        }
    }
    if asks.is_empty() {
        msg.push_str(". There is nothing you need to do for now: we have the error's details and are looking into it.\n");
    } else {
        msg.push_str(". What to do on your side:\n\n");
        for a in &asks {
            let _ = writeln!(msg, "- {a}");
        }
    }
    let wrong_account = failures.iter().any(|f| !f.checklist.is_empty());
    if wrong_account {
        // The address the failure names is the one used, which may not be the invited one.
        if let Some(a) = r.case.value(FactField::GuestAddress).filter(|_| !m.on) {
            let _ = writeln!(msg, "\nThe account you signed in with: {a}");
        }
        // Only a GUID or a domain goes into a link: never free text from a paste.
        let link = match r.case.value(FactField::ResourceTenant) {
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
            let _ = writeln!(
                msg,
                "\nUse this link, which opens our organisation directly: {link}"
            );
        }
        msg.push_str("\nIf you have an invitation email from us that you have not accepted yet, open it and accept it first.\n");
    }
    msg.push_str("\nIf it still fails, send us a screenshot of the error page including the \"Troubleshooting details\".\n");
    msg
}

#[cfg(test)]
mod tests {
    use super::{Masker, mask};

    /// The masking as it was: one `replace` over the whole text per value and spelling.
    fn passes(values: &[(String, String, &'static str)], s: &str, command: bool) -> String {
        let mut out = s.to_owned();
        for (value, masked, placeholder) in values {
            let with = if command {
                *placeholder
            } else {
                masked.as_str()
            };
            out = out.replace(value.as_str(), with);
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

    #[test]
    fn one_pass_masks_as_the_passes_did() {
        let mut values: Vec<(String, String, &'static str)> = [
            (
                "ann.lee_partner.example#EXT#@contoso.onmicrosoft.com",
                "<guest-upn>",
            ),
            ("o'brien@partner.example", "<guest-address>"),
            ("ann.lee@partner.example", "<guest-address>"),
            ("ann.lee_partner.example", "<guest-address-as-upn-prefix>"),
            ("bo+x@ex.example", "<guest-address>"),
            ("é@ünï.example", "<guest-address>"),
        ]
        .into_iter()
        .map(|(v, p)| (v.to_owned(), mask(v), p))
        .collect();
        crate::text::sort_by(&mut values, |a, b| b.0.len().cmp(&a.0.len()));
        let texts = [
            "",
            "nothing personal here",
            "ann.lee@partner.example signed in as ann.lee_partner.example#EXT#@contoso.onmicrosoft.com",
            "Get-MgUser -Filter \"mail eq 'o''brien@partner.example'\" then o'brien@partner.example",
            "https://x.example/?login_hint=bo%2Bx%40ex.example&u=ann.lee%40partner.example end",
            "é@ünï.example and ann.lee@partner.exampleann.lee@partner.example, twice glued",
            "ann.lee_partner.example prefix alone; ann.lee@partner.examples",
        ];
        let m = Masker::new(&values, true);
        for t in texts {
            assert_eq!(m.text(t), passes(&values, t, false), "prose: {t}");
            assert_eq!(m.command(t), passes(&values, t, true), "command: {t}");
        }
        // Something was masked at all, in prose and in commands.
        let t = texts.get(2).copied().unwrap_or_default();
        assert!(m.text(t).starts_with("a***@partner.example signed in as"));
        assert!(
            m.command(t)
                .starts_with("<guest-address> signed in as <guest-upn>")
        );
        // Including personal data keeps the text as it is.
        assert_eq!(Masker::new(&values, false).text(t), t);
    }
}
