//! Tests of the cli analysis.
