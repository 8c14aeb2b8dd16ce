//! The pure core: turns pasted text into plain, render-ready reports.
//!
//! Invariants (kept by `tests/tidy.rs`): nothing here touches the browser or the UI crates,
//! nothing reads a clock (callers pass `now` as Unix seconds), nothing does I/O, and no input
//! panics: bad input becomes a diagnostic in the report.
pub mod case;
pub mod commands;
pub mod diagnostic;
pub mod entra;
pub mod errors;
pub mod findings;
pub mod policy;
pub mod quote;
pub mod report;
pub mod text;
pub mod token;

pub use diagnostic::{Diagnostic, Severity};
pub use report::Report;

/// Runs every tool over one pasted text, as the CLI's `analyze` does.
pub fn analyze(input: &str, now: i64) -> Report {
    let token = token::find_and_analyze(input, now);
    let errors = errors::analyze(input);
    let policy = policy::looks_like_policy(input).then(|| policy::analyze(input));
    let findings = findings::collect(token.report.as_ref(), &errors.failures);
    let commands = commands::recipes_for(&findings);
    Report {
        token: token.report,
        token_note: token.note,
        errors: errors.failures,
        error_summary: errors.summary,
        policy,
        findings,
        commands,
    }
}
