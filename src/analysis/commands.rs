//! Commands: Graph PowerShell, Graph REST and Azure CLI recipes, filled in and safely quoted.
use serde::Serialize;

use super::findings::Findings;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Recipe {
    pub id: String,
}

pub fn recipes_for(_findings: &Findings) -> Vec<Recipe> {
    Vec::new()
}
