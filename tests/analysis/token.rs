//! Tests of the token analysis.
