//! Tests of the errors analysis.
