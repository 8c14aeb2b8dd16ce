//! Tests of the policy analysis.
