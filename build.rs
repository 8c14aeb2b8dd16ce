//! Build script: turns the data tables under data/ into static Rust arrays.
fn main() {
    println!("cargo:rerun-if-changed=build.rs");
}
