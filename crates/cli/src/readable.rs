//! The `analyze` report for people: the token's verdict and key claims, each failure with its
//! IDs, meaning and steps, the policy budget, and the suggested commands. `--json` is for tools.
//!
//! Values come from pasted text, so every one is printed through [`plain`]: a log line must
//! not be able to move the cursor or recolour the terminal. The raw token is never printed.
use std::io::{self, Write};

use guestlens_analysis::case::trace::TraceReport;
use guestlens_analysis::case::{Fact, Place};
use guestlens_analysis::errors::Failure;
use guestlens_analysis::policy::PolicyReport;
use guestlens_analysis::token::compare::Comparison;
use guestlens_analysis::token::{TokenKind, TokenReport};
use guestlens_analysis::{Diagnostic, Report};
use serde::Serialize;

type Out<'a> = &'a mut dyn Write;

/// Writes the whole report.
pub fn write(w: Out, r: &Report) -> io::Result<()> {
    writeln!(w, "GuestLens report")?;
    match &r.token {
        Some(t) => token(w, t)?,
        // Where GuestLens looked for a token matters only when it found nothing at all.
        None if r.errors.is_empty()
            && r.policy.is_none()
            && r.trace.is_none()
            && r.sign_ins.is_none() =>
        {
            heading(w, "Nothing recognised")?;
            if let Some(note) = &r.token_note {
                writeln!(w, "{}", plain(note))?;
            }
        }
        None => {}
    }
    if let Some(t) = &r.trace {
        trace(w, r, t)?;
    }
    if let Some(s) = &r.sign_ins {
        heading(w, "Sign-in log")?;
        writeln!(
            w,
            "{}: {} failed sign-ins (listed under Sign-in errors), {} successful (not listed)",
            s.format.label(),
            s.failures.len() + s.more_failures,
            s.successes
        )?;
        for d in &s.diagnostics {
            writeln!(w, "{}: {}", d.severity.label(), plain(&d.message))?;
        }
    }
    if !r.errors.is_empty() {
        heading(w, "Sign-in errors")?;
        writeln!(w, "{}", plain(&r.error_summary))?;
        for (i, f) in r.errors.iter().enumerate() {
            failure(w, i + 1, f)?;
        }
    }
    if let Some(p) = &r.policy {
        policy(w, p)?;
    }
    case(w, r)?;
    if !r.commands.is_empty() {
        heading(w, "Suggested commands")?;
        let width = r
            .commands
            .iter()
            .map(|c| c.id.id().len())
            .max()
            .unwrap_or(0);
        for c in &r.commands {
            writeln!(w, "  {:width$}  {}", c.id.id(), plain(&c.title))?;
            for p in &c.problems {
                writeln!(w, "  {:width$}    not yet: {}", "", plain(&p.message))?;
            }
        }
        writeln!(
            w,
            "Print one with: guestlens commands RECIPE [--FIELD VALUE …] (see guestlens commands --help)"
        )?;
    }
    Ok(())
}

/// Who and what the case is about, where each fact came from, and what must be settled first.
fn case(w: Out, r: &Report) -> io::Result<()> {
    let c = &r.case;
    let many = r.sources.len() > 1;
    if c.subject.is_empty() && c.conflicts.is_empty() && !many {
        return Ok(());
    }
    heading(w, "Case")?;
    let name = |id: u32| {
        r.sources
            .iter()
            .find(|s| s.id == id)
            .map_or_else(|| format!("source {id}"), |s| s.name.clone())
    };
    let from = |fact: &Fact| {
        let places: Vec<String> = fact
            .sources
            .iter()
            .map(|o| {
                let at = match o.place {
                    Place::Claim(c) => format!("claim {c}"),
                    Place::Failure(i) => format!("failure {}", i + 1),
                    Place::UrlTenant => "the tenant in its URL".to_owned(),
                    Place::UrlParam(p) => format!("{p} in the sign-in URL"),
                };
                match o.hop {
                    Some(hop) => format!("{}, entry {hop}, {at}", name(o.source)),
                    None => format!("{}, {at}", name(o.source)),
                }
            })
            .collect();
        places.join("; ")
    };
    if many {
        for s in &r.sources {
            let kinds: Vec<&str> = s.kinds.iter().map(|k| k.label()).collect();
            let found = if kinds.is_empty() {
                "nothing recognised".to_owned()
            } else {
                kinds.join(", ")
            };
            let sample = if s.sample { " (sample)" } else { "" };
            writeln!(w, "Source {}: {}{sample}: {found}", s.id, plain(&s.name))?;
        }
    }
    for (field, fact) in &c.subject {
        writeln!(
            w,
            "{}: {}  [{}]",
            field.label(),
            plain(&fact.value),
            plain(&from(fact))
        )?;
    }
    for conflict in &c.conflicts {
        writeln!(
            w,
            "CONFLICT, {}: the sources disagree; no command uses it until one is chosen:",
            conflict.field.label()
        )?;
        for v in &conflict.values {
            writeln!(w, "  {}  [{}]", plain(&v.value), plain(&from(v)))?;
        }
    }
    if let Some(fit) = &c.policy {
        let i = &fit.inbound;
        writeln!(
            w,
            "Policy ({}), for guests from {}: B2B collaboration {}",
            plain(&name(fit.source)),
            fit.home_tenant,
            i.collaboration.label()
        )?;
        for rule in [&i.users, &i.applications] {
            writeln!(w, "  {}: {}", rule.path, rule.access.label())?;
        }
        let yes_no = |t: Option<bool>| match t {
            Some(true) => "accepted",
            Some(false) => "not accepted",
            None => "inherited, not pasted",
        };
        writeln!(
            w,
            "  MFA from the home tenant: {}  [{}]",
            yes_no(i.mfa.accepted),
            i.mfa.path
        )?;
    }
    for u in &c.unknowns {
        writeln!(w, "Still unknown: {}", u.how())?;
    }
    Ok(())
}

/// The trace's identity hops in order, the folded noise, and the tokens it carried (decoded
/// claims only: a trace token's raw text is not even in the report).
fn trace(w: Out, r: &Report, t: &TraceReport) -> io::Result<()> {
    heading(w, "Sign-in trace")?;
    let name = r
        .sources
        .iter()
        .find(|s| s.id == t.source)
        .map_or_else(|| format!("source {}", t.source), |s| plain(&s.name));
    if let Some(problem) = &t.problem {
        writeln!(w, "{name}: {}", plain(problem))?;
        return writeln!(w, "It was read as plain text instead.");
    }
    let n = &t.noise;
    writeln!(
        w,
        "{name}: {} entries, {} identity hops, {} folded away ({} scripts, {} styles, {} images, {} fonts, {} telemetry, {} other)",
        t.entries,
        t.hops.len(),
        t.noise_total,
        n.scripts,
        n.styles,
        n.images,
        n.fonts,
        n.telemetry,
        n.other
    )?;
    for h in &t.hops {
        writeln!(
            w,
            "\n#{} {} {} {}{} → {} [{}]",
            h.entry,
            plain(&h.started),
            plain(&h.method),
            plain(&h.host),
            plain(&h.path),
            h.status,
            tag(&h.kind)
        )?;
        let indent = "   ";
        for (label, value) in [
            ("Tenant", &h.tenant),
            ("Client ID", &h.client_id),
            ("Response type", &h.response_type),
            ("Response mode", &h.response_mode),
            ("Prompt", &h.prompt),
            ("Login hint", &h.login_hint),
            ("Domain hint", &h.domain_hint),
            ("Redirect URI", &h.redirect_uri),
            ("Redirected to", &h.redirected_to),
            ("Request ID", &h.request_id),
            ("Client request ID", &h.client_request_id),
            ("Error", &h.error),
            ("Message", &h.message),
        ] {
            if let Some(v) = value {
                writeln!(w, "{indent}{label}: {}", plain(v))?;
            }
        }
        if let Some(ok) = h.recovered {
            writeln!(
                w,
                "{indent}Then: the same call succeeded at entry {ok} (retried)"
            )?;
        }
        if h.refused() {
            let why = guestlens_analysis::trace::refusal(h.status, h.error.as_deref());
            writeln!(w, "{indent}Refused: {}", why.meaning)?;
            writeln!(w, "{indent}Next: {}", why.next)?;
            for s in why.sources {
                writeln!(w, "{indent}Source: {} <{}>", s.title, s.url)?;
            }
        }
    }
    if !t.tokens.is_empty() {
        writeln!(w, "\nTokens in the trace (decoded; never printed whole):")?;
        for tok in &t.tokens {
            let k = &tok.token;
            let kind = k.token_type.map_or("token", |t| t.label());
            writeln!(
                w,
                "  entry {}: {}, {} ({})",
                tok.hop,
                tok.field.label(),
                kind,
                k.account_kind.label()
            )?;
            for e in &tok.also_at {
                writeln!(w, "    Sent again with: entry {e}")?;
            }
            for (label, value) in [
                ("Tenant", &k.tenant_id),
                ("Home tenant", &k.home_tenant_id),
                ("Email", &k.email),
                ("UPN", &k.upn),
                ("Object ID", &k.object_id),
                ("App ID", &k.app_id),
                ("Audience", &k.audience),
                ("Expires", &k.expires_at),
            ] {
                if let Some(v) = value {
                    writeln!(w, "    {label}: {}", plain(v))?;
                }
            }
        }
    }
    Ok(())
}

/// `guestlens compare`: the verdict and its sentence, the evidence, then the claims side by side.
pub fn comparison(w: Out, c: &Comparison, a: &str, b: &str) -> io::Result<()> {
    writeln!(w, "GuestLens token comparison")?;
    writeln!(w, "A: {}\nB: {}", plain(a), plain(b))?;
    writeln!(w, "\n{}: {}", c.person.label(), plain(&c.sentence))?;
    if !c.evidence.is_empty() {
        heading(w, "Evidence")?;
        for e in &c.evidence {
            writeln!(
                w,
                "- {} ({}, {}): {}",
                e.kind.label(),
                e.bearing.label(),
                e.weight.label(),
                plain(&e.text)
            )?;
        }
    }
    heading(w, "Claims")?;
    let width = c.rows.iter().map(|r| r.claim.len()).max().unwrap_or(0);
    for r in &c.rows {
        let side = |v: &Option<String>| v.as_deref().map_or_else(|| "-".to_owned(), plain);
        writeln!(
            w,
            "{:width$}  {}: A {} | B {}",
            plain(&r.claim),
            r.relation.label(),
            side(&r.a),
            side(&r.b)
        )?;
        if let Some(e) = &r.explanation {
            writeln!(w, "{:width$}  → {}", "", plain(e))?;
        }
    }
    Ok(())
}

fn heading(w: Out, title: &str) -> io::Result<()> {
    writeln!(w, "\n== {title} ==")
}

/// `Label: value` when there is a value.
fn field(w: Out, label: &str, value: Option<&str>) -> io::Result<()> {
    match value {
        Some(v) => writeln!(w, "{label}: {}", plain(v)),
        None => Ok(()),
    }
}

fn token(w: Out, t: &TokenReport) -> io::Result<()> {
    heading(w, "Token")?;
    let kind = match t.kind {
        TokenKind::Jws => "signed JWT",
        TokenKind::Jwe => "encrypted JWT (only its header is readable)",
        TokenKind::Opaque => "opaque token (only the API it is for can read it)",
        TokenKind::AuthorizationCode => "authorization code (exchanged for tokens; not a token)",
        TokenKind::Malformed => "malformed JWT",
    };
    let mut what = kind.to_owned();
    if let Some(tt) = &t.token_type {
        what = format!("{} token, {what}", tt.label());
    }
    if let Some(v) = &t.version {
        what.push_str(&format!(", v{}", plain(v)));
    }
    writeln!(w, "Found: {what} in {}", plain(&t.source))?;
    if let Some(v) = &t.verdict {
        writeln!(w, "Verdict: {}", plain(&v.headline))?;
        for e in &v.evidence {
            writeln!(
                w,
                "  {} = {}: {}",
                e.claim.label(),
                plain(&e.value),
                plain(&e.reading)
            )?;
        }
        for m in &v.meaning {
            writeln!(w, "  → {}", plain(m))?;
        }
    }
    let validity = t.validity.label();
    match &t.expires_at {
        Some(exp) => writeln!(w, "Validity: {validity}, expires {}", plain(exp))?,
        None => writeln!(w, "Validity: {validity}")?,
    }
    writeln!(w, "Account: {}", t.account_kind.label())?;
    field(w, "Issuer", t.issuer.as_deref())?;
    field(w, "Tenant", t.tenant_id.as_deref())?;
    field(w, "Home tenant", t.home_tenant_id.as_deref())?;
    if let Some(idp) = &t.idp {
        let kind = t.idp_kind.as_ref().map(|k| format!(" ({})", k.label()));
        writeln!(
            w,
            "Identity provider: {}{}",
            plain(idp),
            kind.unwrap_or_default()
        )?;
    }
    field(w, "Email", t.email.as_deref())?;
    field(w, "UPN", t.upn.as_deref())?;
    field(w, "Object ID", t.object_id.as_deref())?;
    named(
        w,
        "Audience",
        t.audience.as_deref(),
        t.audience_name.as_deref(),
    )?;
    named(w, "App ID", t.app_id.as_deref(), t.app_name.as_deref())?;
    list(w, "Scopes", &t.scopes)?;
    list(w, "Roles", &t.roles)?;
    diagnostics(w, &t.diagnostics)
}

/// `Label: value (name)`, the name when known.
fn named(w: Out, label: &str, value: Option<&str>, name: Option<&str>) -> io::Result<()> {
    match (value, name) {
        (Some(v), Some(n)) => writeln!(w, "{label}: {} ({})", plain(v), plain(n)),
        (v, _) => field(w, label, v),
    }
}

fn list(w: Out, label: &str, items: &[String]) -> io::Result<()> {
    if items.is_empty() {
        return Ok(());
    }
    let items: Vec<String> = items.iter().map(|s| plain(s)).collect();
    writeln!(w, "{label}: {}", items.join(", "))
}

fn diagnostics(w: Out, ds: &[Diagnostic]) -> io::Result<()> {
    if ds.is_empty() {
        return Ok(());
    }
    writeln!(w, "Notes:")?;
    for d in ds {
        writeln!(w, "  [{}] {}", d.severity.label(), plain(&d.message))?;
    }
    Ok(())
}

fn failure(w: Out, n: usize, f: &Failure) -> io::Result<()> {
    let codes: Vec<String> = f.codes.iter().map(|c| format!("AADSTS{c}")).collect();
    let title = match (codes.is_empty(), &f.name) {
        (false, Some(name)) => format!("{} {}", codes.join(", "), plain(name)),
        (false, None) => codes.join(", "),
        (true, Some(name)) => plain(name),
        (true, None) => f.kind.label().to_owned(),
    };
    writeln!(w, "\n{n}. {title}")?;
    let indent = "   ";
    if let Some(hop) = f.hop {
        writeln!(w, "{indent}In the trace at entry {hop}")?;
    }
    for (label, value) in [
        ("Correlation ID", &f.correlation_id),
        ("Trace ID", &f.trace_id),
        ("Timestamp", &f.timestamp),
        ("Error", &f.error),
        ("Message", &f.message),
        ("User", &f.user),
        ("Identity provider", &f.idp),
        ("Tenant", &f.tenant),
        ("Authority", &f.authority),
        ("Redirect URI", &f.redirect_uri),
    ] {
        if let Some(v) = value {
            writeln!(w, "{indent}{label}: {}", plain(v))?;
        }
    }
    for (label, id, name) in [
        ("App", &f.app_id, &f.app_name),
        ("Resource", &f.resource, &f.resource_name),
    ] {
        match (id, name) {
            (Some(id), Some(name)) => {
                writeln!(w, "{indent}{label}: {} ({})", plain(id), plain(name))?
            }
            (Some(v), None) | (None, Some(v)) => writeln!(w, "{indent}{label}: {}", plain(v))?,
            (None, None) => {}
        }
    }
    if !f.masked.is_empty() {
        let masked: Vec<String> = f.masked.iter().map(tag).collect();
        writeln!(w, "{indent}Hidden before pasting: {}", masked.join(", "))?;
    }
    if let Some(g) = &f.guidance {
        writeln!(w, "{indent}Meaning: {}", plain(&g.meaning))?;
        if !g.verified {
            writeln!(w, "{indent}(Not confirmed by Microsoft's documentation.)")?;
        }
        if let Some(c) = &g.caveat {
            writeln!(w, "{indent}Caveat: {}", plain(c))?;
        }
        if !g.steps.is_empty() {
            writeln!(w, "{indent}Steps:")?;
            for s in &g.steps {
                writeln!(w, "{indent}  - {}: {}", s.actor.label(), plain(&s.text))?;
            }
        }
    }
    if !f.checklist.is_empty() {
        writeln!(w, "{indent}Checklist:")?;
        for c in &f.checklist {
            writeln!(w, "{indent}  - {}", plain(&c.check))?;
            if let Some(s) = &c.suggestion {
                writeln!(w, "{indent}    {}", plain(s))?;
            }
            if let Some(r) = &c.recipe {
                writeln!(
                    w,
                    "{indent}    answered by: guestlens commands {}",
                    plain(r)
                )?;
            }
        }
    }
    if let Some(url) = &f.lookup_url {
        writeln!(w, "{indent}Look up: {}", plain(url))?;
    }
    Ok(())
}

fn policy(w: Out, p: &PolicyReport) -> io::Result<()> {
    heading(w, "Cross-tenant access policy")?;
    writeln!(w, "{}", plain(p.measured_object))?;
    let state = if p.over_limit {
        format!("OVER the limit by {} bytes", p.remaining.unsigned_abs())
    } else {
        format!("{} bytes left", p.remaining)
    };
    writeln!(
        w,
        "Size: {} of {} bytes ({:.1}%, counted {}): {state}",
        p.measured_bytes,
        p.limit,
        p.percent,
        p.measured_basis.label()
    )?;
    if let (Some(compact), Some(left)) = (p.bytes_compact, p.remaining_compact) {
        writeln!(w, "Compact JSON: {compact} bytes ({left} left)")?;
    }
    if let Some(warning) = &p.partial_warning {
        writeln!(w, "{}", plain(warning))?;
    }
    if p.partners > 0 {
        writeln!(w, "Partners: {}", p.partners)?;
    }
    if let Some(e) = &p.json_error {
        writeln!(
            w,
            "Not JSON at line {}, column {}: {}",
            e.line,
            e.column,
            plain(&e.message)
        )?;
    }
    if !p.findings.is_empty() {
        writeln!(w, "Ways to free bytes:")?;
        for f in &p.findings {
            writeln!(w, "  - {} ({} bytes)", plain(&f.message), f.bytes_freed)?;
        }
        if p.findings_omitted > 0 {
            writeln!(w, "  … and {} more (see --json)", p.findings_omitted)?;
        }
    }
    diagnostics(w, &p.diagnostics)
}

/// The JSON spelling of a value from a fixed set (`home_admin`), read with spaces. Generic over
/// `Serialize` so it reads an enum and a plain string alike.
fn tag<T: Serialize + ?Sized>(v: &T) -> String {
    match serde_json::to_value(v) {
        Ok(serde_json::Value::String(s)) => plain(&s.replace('_', " ")),
        _ => String::new(),
    }
}

/// `s` with control characters (terminal escapes, line breaks inside a value) spelled out.
fn plain(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_control() || guestlens_analysis::quote::is_refused(c) {
            out.push_str(&format!("\\u{{{:04x}}}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_escapes_in_pasted_values_are_spelled_out() {
        assert_eq!(plain("a\u{1b}[31mb\nc"), "a\\u{001b}[31mb\\u{000a}c");
        assert_eq!(plain("ann@contoso.com"), "ann@contoso.com");
        assert_eq!(tag("home_admin"), "home admin");
    }
}
