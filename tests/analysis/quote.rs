//! Tests of the quote analysis.
