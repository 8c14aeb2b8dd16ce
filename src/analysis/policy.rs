//! Policy budget: how much of the 25,600-byte cross-tenant access policy is used, and by what.
use serde::Serialize;

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct PolicyReport {
    pub bytes_as_pasted: usize,
}

pub fn looks_like_policy(_text: &str) -> bool {
    false
}

pub fn analyze(text: &str) -> PolicyReport {
    PolicyReport {
        bytes_as_pasted: text.len(),
    }
}
