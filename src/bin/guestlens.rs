//! The native command-line entry: prints GuestLens's analysis as JSON for tests and scripts.
fn main() {}
