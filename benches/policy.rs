//! Benchmark of the policy analysis; prints figures.
fn main() {}
