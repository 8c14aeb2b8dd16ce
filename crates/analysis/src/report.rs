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

/// Everything GuestLens found in one pasted text.
#[derive(Debug, Clone, Serialize)]
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
}
