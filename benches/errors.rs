//! Benchmark of the errors analysis; prints figures.
fn main() {}
