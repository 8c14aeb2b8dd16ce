//! The one report type that the page renders and the CLI prints as JSON.
use serde::Serialize;

pub use crate::diagnostic::{Diagnostic, Severity};

use super::{
    case::{Case, Source, trace::TraceReport},
    commands::Recipe,
    errors::Failure,
    findings::Findings,
    policy::PolicyReport,
    token::TokenReport,
};

/// Everything GuestLens found in one pasted text; `default()` is the page's report before it
/// has anything to read.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Report {
    /// The decoded token, or null when none was found (`token_note` says why).
    pub token: Option<TokenReport>,
    pub token_note: Option<String>,
    /// Every distinct sign-in failure, in order of appearance.
    pub errors: Vec<Failure>,
    pub error_summary: String,
    /// The policy budget, when the text looks like a cross-tenant access policy.
    pub policy: Option<PolicyReport>,
    /// The first HAR source read as a sign-in trace: its hops, noise and decoded tokens (never
    /// a raw token); null when no source is a HAR.
    pub trace: Option<TraceReport>,
    /// The values the Commands tool is filled in with.
    pub findings: Findings,
    /// The recipes the findings call for.
    pub commands: Vec<Recipe>,
    /// Every source analysed, in the order given.
    pub sources: Vec<Source>,
    /// The sources joined: settled facts with their sources, conflicts, failures, unknowns.
    pub case: Case,
    /// The first sign-in log export read: its format, counts and what could not be read (its
    /// failed sign-ins are in `errors`). Left out of the JSON when no source is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sign_ins: Option<crate::signins::SignIns>,
    /// The source `token` was read from (not in the JSON: the case's sources say it).
    #[serde(skip)]
    pub token_source: Option<u32>,
}

impl Report {
    /// The failures the case is about, as the tools read them: without set-aside samples, and
    /// once a person or a correlation ID is settled, only theirs (`case.failures`). The case's
    /// summary and hand-off speak of these; the Error tool lists every failure.
    pub fn case_failures(&self) -> Vec<&Failure> {
        // One pass: `errors` holds each source's failures in a row, in source order, and
        // `case.failures` keeps that order (a search per failure was quadratic for a big log).
        let mut wanted = self.case.failures.iter().peekable();
        let mut out = Vec::new();
        let (mut source, mut index) = (None, 0);
        for f in &self.errors {
            if source == Some(f.source) {
                index += 1;
            } else {
                (source, index) = (Some(f.source), 0);
            }
            if wanted
                .next_if(|c| c.source == f.source && c.index == index)
                .is_some()
            {
                out.push(f);
            }
        }
        out
    }

    /// Where in `errors` the failures left out of the case are, because they are another
    /// person's or another sign-in's (samples set aside are not counted): the page says so
    /// rather than drop them.
    pub fn set_aside_indices(&self) -> Vec<usize> {
        // `case_failures` is a subsequence of `errors` in order: one pass, as there.
        let mut kept = self.case_failures().into_iter().peekable();
        let mut out = Vec::new();
        // `errors` holds each source's failures together, in order: a failure's place in its
        // source (to know a repeat of one already in the case) counts from where its run starts.
        let mut run = (None, 0);
        for (i, f) in self.errors.iter().enumerate() {
            if run.0 != Some(f.source) {
                run = (Some(f.source), i);
            }
            let n = i - run.1;
            if kept.next_if(|k| std::ptr::eq(*k, f)).is_none()
                && !self.case.samples_set_aside.contains(&f.source)
                && !self.case.repeats.contains(&(f.source, n))
            {
                out.push(i);
            }
        }
        out
    }

    /// The failures at `set_aside_indices`.
    pub fn failures_set_aside(&self) -> Vec<&Failure> {
        let mut out = Vec::new();
        for i in self.set_aside_indices() {
            out.extend(self.errors.get(i));
        }
        out
    }

    /// The resource tenant's display name as the case's first failure that names one gives
    /// it: shown when its ID is not known, said to be of no use to a command.
    pub fn resource_tenant_name(&self) -> Option<&str> {
        self.case_failures().into_iter().find_map(|f| {
            f.tenant
                .as_deref()
                .filter(|t| crate::case::is_display_name(t))
        })
    }

    /// How the guest signs in, as the case's token says, in words: a home-tenant member token
    /// is said to be one (read beside the resource tenant, "a member of the tenant" would say
    /// the guest belongs there).
    pub fn account_line(&self) -> Option<String> {
        let t = self.case_token()?;
        let v = t.verdict.as_ref()?;
        let home = self.case.value(crate::case::FactField::HomeTenant);
        let at_home = t.account_kind == crate::token::AccountKind::Member
            && home.is_some_and(|h| {
                t.tenant_id
                    .as_deref()
                    .is_some_and(|x| x.eq_ignore_ascii_case(h))
            });
        Some(match (at_home, home) {
            (true, Some(h)) => format!(
                "A member of their home tenant {h}: this token is from a sign-in at home, not a guest token"
            ),
            _ => v.headline.clone(),
        })
    }

    /// The organisation the case's failures name by display name, when the resource tenant's ID
    /// came only from elsewhere (a token's `tid`, a sign-in URL): nothing ties that ID to the
    /// name, and a token from another organisation's session would aim every command at the
    /// wrong tenant, so the reader is asked to check.
    pub fn resource_tenant_unconfirmed(&self) -> Option<&str> {
        let (_, fact) = self
            .case
            .subject
            .iter()
            .find(|(f, _)| *f == crate::case::FactField::ResourceTenant)?;
        let from_failure = fact
            .sources
            .iter()
            .any(|o| matches!(o.place, crate::case::Place::Failure(_)));
        if from_failure {
            return None;
        }
        self.case_failures().into_iter().find_map(|f| {
            f.tenant.as_deref().filter(|t| {
                crate::case::is_display_name(t) && !crate::entra::is_microsoft_services(t)
            })
        })
    }

    /// The set-aside failures in a line, "AADSTS50020 for bo@…; AADSTS50034", or none while
    /// two people are named (then every failure is the case's) or nothing is set aside.
    pub fn set_aside_line(&self) -> Option<String> {
        self.set_aside_in(None)
    }

    /// The same for a reader in another organisation: an address is named only when it shares
    /// the guest's domain (their other account, perhaps); other people are only counted.
    pub fn set_aside_line_for(&self, guest_domain: &str) -> Option<String> {
        self.set_aside_in(Some(guest_domain))
    }

    fn set_aside_in(&self, domain: Option<&str>) -> Option<String> {
        use std::fmt::Write as _;
        if self.case.in_conflict(crate::case::FactField::GuestAddress) {
            return None;
        }
        let mut said = String::new();
        let mut others = 0;
        for f in self.failures_set_aside() {
            let shown = f
                .user
                .as_deref()
                .filter(|u| domain.is_none_or(|d| crate::case::is_domain_of(Some(u), d)));
            if f.user.is_some() && shown.is_none() {
                others += 1;
                continue;
            }
            if !said.is_empty() {
                said.push_str("; ");
            }
            said.push_str(&crate::errors::codes_line(&f.codes));
            if let Some(u) = shown {
                let _ = write!(said, " for {u}");
                if f.within_tenant {
                    said.push_str(" (a member of the tenant, not a guest)");
                }
            }
        }
        if others > 0 {
            if !said.is_empty() {
                said.push_str("; ");
            }
            let _ = write!(
                said,
                "{others} {} of other people",
                if others == 1 { "failure" } else { "failures" }
            );
        }
        (!said.is_empty()).then_some(said)
    }

    /// `token` when it speaks for the case: its source is in the case (not a sample set
    /// aside), and it names the case's guest. While two people are named, no token does; when
    /// no source names anyone, the token is the case. The summary and the hand-off both use this.
    pub fn case_token(&self) -> Option<&TokenReport> {
        use crate::case::FactField;
        let source = self.token_source?;
        if self.case.samples_set_aside.contains(&source)
            || self.case.in_conflict(FactField::GuestAddress)
        {
            return None;
        }
        let t = self.token.as_ref()?;
        let Some(guest) = self.case.value(FactField::GuestAddress) else {
            return Some(t);
        };
        let named = [&t.email, &t.upn_original, &t.upn];
        named
            .iter()
            .any(|n| n.as_deref().is_some_and(|n| n.eq_ignore_ascii_case(guest)))
            .then_some(t)
    }
}
