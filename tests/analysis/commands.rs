//! Tests of the commands analysis.
