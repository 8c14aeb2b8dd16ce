//! What every tool says about its input: a severity and one sentence for people.
use serde::Serialize;

/// How much a diagnostic matters to the reader.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    /// The severity as people read it next to a message.
    pub const fn label(self) -> &'static str {
        match self {
            Severity::Info => "Note",
            Severity::Warning => "Warning",
            Severity::Error => "Problem",
        }
    }
}

/// What a diagnostic is about, when its report shows that subject in a field of its own too,
/// so a page can list the diagnostic once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Topic {
    /// Where and why the input is not JSON (the policy report's `json_error`).
    JsonSyntax,
}

/// One sentence about the input, for people: what was found or what was wrong and where.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    pub message: String,
    /// Not in JSON: the JSON has the subject's own field to match on.
    #[serde(skip)]
    pub topic: Option<Topic>,
}

impl Diagnostic {
    pub fn info(message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Info,
            message: message.into(),
            topic: None,
        }
    }
    pub fn warning(message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Warning,
            message: message.into(),
            topic: None,
        }
    }
    pub fn error(message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            message: message.into(),
            topic: None,
        }
    }

    /// The same diagnostic, marked as being about `topic`.
    pub fn about(mut self, topic: Topic) -> Self {
        self.topic = Some(topic);
        self
    }
}
