//! The page entry: mounts the app.
fn main() {}
