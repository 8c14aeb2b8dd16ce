//! The one report type that the page renders and the CLI prints as JSON.
use serde::Serialize;

use super::{
    commands::Recipe, errors::Failure, findings::Findings, policy::PolicyReport, token::TokenReport,
};

/// How much a diagnostic matters to the reader.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

/// One sentence about the input, for people: what was found or what was wrong and where.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    pub message: String,
}

impl Diagnostic {
    pub fn info(message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Info,
            message: message.into(),
        }
    }
    pub fn warning(message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Warning,
            message: message.into(),
        }
    }
    pub fn error(message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            message: message.into(),
        }
    }
}

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
    /// The values the Commands tool is filled in with.
    pub findings: Findings,
    /// The recipes the findings call for.
    pub commands: Vec<Recipe>,
}
