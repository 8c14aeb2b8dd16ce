//! Benchmark of the token analysis; prints figures.
fn main() {}
