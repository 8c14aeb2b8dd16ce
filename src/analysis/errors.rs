//! Error analyzer: pulls every AADSTS failure, its IDs and message values out of pasted text.
use serde::Serialize;

/// One distinct sign-in failure.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Failure {
    pub codes: Vec<u32>,
    pub name: Option<String>,
    pub trace_id: Option<String>,
    pub correlation_id: Option<String>,
    pub timestamp: Option<String>,
    pub error: Option<String>,
    pub message: Option<String>,
    pub error_uri: Option<String>,
    pub user: Option<String>,
    pub idp: Option<String>,
    pub tenant: Option<String>,
    pub app_id: Option<String>,
    pub app_name: Option<String>,
    pub actors: Vec<String>,
    /// Commands-tool recipe ids the guidance calls for.
    pub recipes: Vec<String>,
}

/// All failures in a text plus a one-line summary.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ErrorReport {
    pub failures: Vec<Failure>,
    pub summary: String,
}

pub fn analyze(_text: &str) -> ErrorReport {
    ErrorReport::default()
}
