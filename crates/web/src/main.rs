//! The page entry: mounts the app into the page's `#app` element.
#[cfg(target_arch = "wasm32")]
fn main() {
    guestlens_web::mount();
}

// Native builds of this bin exist only so `cargo build` works everywhere; the CLI is `guestlens`.
#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!(
        "guestlens-web is the page; build it with trunk. The command-line tool is `guestlens`."
    );
}
