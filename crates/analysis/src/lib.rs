//! The pure core: turns pasted text into plain, render-ready reports.
//!
//! Invariants (kept by `tests/tidy.rs`): nothing here touches the browser or the UI crates,
//! nothing reads a clock (callers pass `now` as Unix seconds), nothing does I/O, and no input
//! panics: bad input becomes a diagnostic in the report.
// No input may panic the core: the compiler rules out the usual ways (unit tests may use them).
// A local `allow` needs a comment that proves the case.
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::indexing_slicing,
        clippy::panic
    )
)]
pub mod base64;
pub mod case;
pub mod commands;
pub mod diagnostic;
pub mod entra;
pub mod errors;
pub mod findings;
pub mod handoff;
pub mod lesson;
pub mod policy;
pub mod quote;
pub mod report;
pub mod signins;
pub mod text;
pub mod token;
pub mod trace;
pub mod workspace;

pub use diagnostic::{Diagnostic, Severity};
pub use report::Report;

/// Runs every tool over one pasted text, as the CLI's `analyze` does for one file.
pub fn analyze(input: &str, now: i64) -> Report {
    let one = case::SourceInput {
        name: "Paste 1",
        text: input,
        sample: false,
        trace: None,
    };
    analyze_sources(&[one], &case::Choices::default(), now)
}

/// Runs every tool over each source and joins them into one case. The single-source fields
/// (`token`, `policy`, `trace`) show the first source that has one; `errors` lists every failure
/// with its source (and, from a trace, its hop); findings and commands come from the case, never
/// from a conflicting value. A HAR source is read as a trace: its failures and tokens come from
/// the trace's pieces, and its tokens are never kept whole.
pub fn analyze_sources(inputs: &[case::SourceInput], choices: &case::Choices, now: i64) -> Report {
    struct One {
        token: token::Found,
        errors: Vec<errors::Failure>,
        policy: Option<policy::PolicyReport>,
        trace: Option<case::trace::TraceReport>,
        sign_ins: Option<signins::SignIns>,
    }
    let ones: Vec<One> = inputs
        .iter()
        .zip(1u32..)
        .map(|(input, id)| {
            let from_trace = match input.trace {
                Some(t) => Some(case::trace::joined(t, id, now)),
                None => case::trace::analyse(input.text, id, now),
            };
            let read = match from_trace {
                None => signins::read(input.text),
                Some(_) => None,
            };
            match from_trace {
                Some(t) if t.report.problem.is_none() => One {
                    token: token::Found {
                        report: None,
                        note: None,
                    },
                    errors: t.failures,
                    policy: None,
                    trace: Some(t.report),
                    sign_ins: None,
                },
                // A sign-in log export: its failed sign-ins are the failures, nothing else is read.
                None if read.is_some() => One {
                    token: token::Found {
                        report: None,
                        note: None,
                    },
                    errors: read
                        .iter()
                        .flat_map(|s| &s.failures)
                        .map(|row| sign_in_failure(row, id))
                        .collect(),
                    policy: None,
                    trace: None,
                    sign_ins: read,
                },
                // Not a trace, or a damaged one: read as plain text (a damaged one says why).
                other => {
                    let mut errors = errors::analyze(input.text).failures;
                    for f in &mut errors {
                        f.source = id;
                    }
                    One {
                        token: token::find_and_analyze(input.text, now),
                        errors,
                        policy: policy::looks_like_policy(input.text)
                            .then(|| policy::analyze(input.text)),
                        trace: other.map(|t| t.report),
                        sign_ins: None,
                    }
                }
            }
        })
        .collect();
    let analysed: Vec<case::Analysed> = inputs
        .iter()
        .zip(&ones)
        .zip(1u32..)
        .map(|((input, one), id)| {
            let pasted = one
                .token
                .report
                .iter()
                .map(|token| case::TokenAt { token, hop: None });
            let traced = one.trace.iter().flat_map(|t| {
                t.tokens.iter().map(|t| case::TokenAt {
                    token: &t.token,
                    hop: Some(t.hop),
                })
            });
            case::Analysed {
                id,
                name: input.name,
                sample: input.sample,
                tokens: pasted.chain(traced).collect(),
                failures: &one.errors,
                policy: one.policy.is_some().then_some(input.text),
                trace: one.trace.as_ref().is_some_and(|t| t.problem.is_none()),
                sign_ins: one.sign_ins.as_ref(),
            }
        })
        .collect();
    let joined = case::join(&analysed, choices);
    let findings = case::findings(&joined, &analysed, choices);
    let commands = commands::recipes_for(&findings);
    let sources = analysed
        .iter()
        .map(|a| case::Source {
            id: a.id,
            name: a.name.to_owned(),
            sample: a.sample,
            kinds: case::kinds(a),
        })
        .collect();
    let mut token = None;
    let mut token_note = None;
    let mut policy = None;
    let mut trace = None;
    let mut sign_ins = None;
    let mut failures = Vec::new();
    for one in ones {
        if token.is_none() {
            token = one.token.report;
            if token_note.is_none() {
                token_note = one.token.note;
            }
        }
        if policy.is_none() {
            policy = one.policy;
        }
        if trace.is_none() {
            trace = one.trace;
        }
        if sign_ins.is_none() {
            sign_ins = one.sign_ins;
        }
        failures.extend(one.errors);
    }
    if token.is_some() {
        token_note = None;
    }
    Report {
        token,
        token_note,
        error_summary: errors::summary(&failures),
        errors: failures,
        policy,
        trace,
        findings,
        commands,
        sources,
        case: joined,
        sign_ins,
    }
}

/// A failed sign-in from a log export as a failure of the case: its own request and correlation
/// IDs, the guest's UPN, the resource tenant, and the home tenant as an Entra issuer (the form
/// `case` reads home tenants in).
fn sign_in_failure(row: &signins::SignInRow, source: u32) -> errors::Failure {
    let home = row
        .home_tenant_id
        .as_deref()
        .filter(|t| text::is_guid(t))
        .map(|t| format!("https://sts.windows.net/{t}/"));
    errors::complete(errors::Failure {
        codes: row.error_code.filter(|&c| c != 0).into_iter().collect(),
        trace_id: row.request_id.clone(),
        correlation_id: row.correlation_id.clone(),
        timestamp: row.created.clone(),
        message: row.failure_reason.clone(),
        user: row.upn.clone(),
        idp: home,
        tenant: row.resource_tenant_id.clone(),
        app_id: row.app_id.clone(),
        app_name: row.app_name.clone(),
        source,
        ..errors::Failure::default()
    })
}
