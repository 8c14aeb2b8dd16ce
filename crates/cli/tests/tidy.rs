//! Keeps the project's invariants true: a pure analysis core, a `//!` line atop every module, lean page code.
use std::fs;
use std::path::{Path, PathBuf};

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap_or_else(|e| panic!("reading {}: {e}", dir.display())) {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The workspace root: this test lives in `crates/cli`.
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn files_under(dir: &str) -> Vec<PathBuf> {
    let mut out = Vec::new();
    rust_files(&root().join(dir), &mut out);
    assert!(!out.is_empty(), "no Rust files under {dir}");
    out
}

/// Code lines only: `//` comments are dropped so prose may name what the code must not use.
fn code_of(text: &str) -> String {
    text.lines()
        .map(|l| l.split("//").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn analysis_is_pure() {
    const FORBIDDEN: &[&str] = &[
        "yew",
        "web_sys",
        "js_sys",
        "gloo",
        "wasm_bindgen",
        "SystemTime",
        "Instant::now",
        "Date::now",
        "std::fs",
        "std::net",
        "std::process",
        "std::env",
        "std::io",
    ];
    let mut offences = Vec::new();
    for file in files_under("crates/analysis/src") {
        let code = code_of(&fs::read_to_string(&file).unwrap());
        for word in FORBIDDEN {
            let hit = code.match_indices(word).any(|(i, _)| {
                // Whole identifiers only: `gloo` must not match inside `igloo`.
                let before = code[..i].chars().next_back();
                !before.is_some_and(|c| c.is_alphanumeric() || c == '_')
            });
            if hit {
                offences.push(format!("{} uses {word}", file.display()));
            }
        }
    }
    assert!(
        offences.is_empty(),
        "crates/analysis/src must stay pure:\n{}",
        offences.join("\n")
    );
}

#[test]
fn every_module_says_what_it_is_for() {
    let mut missing = Vec::new();
    for dir in ["crates"] {
        for file in files_under(dir) {
            let text = fs::read_to_string(&file).unwrap();
            let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
            if !first.starts_with("//!") || first.trim() == "//!" {
                missing.push(file.display().to_string());
            }
        }
    }
    assert!(
        missing.is_empty(),
        "files without a leading //! line:\n{}",
        missing.join("\n")
    );
}

#[test]
fn the_page_loads_nothing_from_elsewhere() {
    let html = fs::read_to_string(root().join("index.html")).unwrap();
    assert!(
        html.contains("connect-src 'none'"),
        "the CSP must forbid every connection"
    );
    for attr in ["src=\"http", "href=\"http", "src=\"//", "href=\"//"] {
        assert!(
            !html.contains(attr),
            "index.html references a remote resource ({attr}…)"
        );
    }
    let css = fs::read_to_string(root().join("style/app.css")).unwrap();
    assert!(
        !css.contains("url(http") && !css.contains("@import"),
        "the stylesheet loads something"
    );
}

#[test]
fn page_code_stays_lean() {
    // Each of these pulls kilobytes into the wasm for little: Debug formatting brings the
    // Unicode printable tables, float formatting brings Grisu/Dragon, the standard float parser
    // 11 KB of power-of-five tables (serde_json reads numbers too), and every sort call site its
    // own copy of the standard sort (`text::sort_by` shares one); Unicode letter tests bring
    // Unicode tables (`text::is_wordish` stands in).
    const FORBIDDEN: &[&str] = &[
        ":?}",
        ":#?}",
        "{:.",
        "<f64>",
        "<f32>",
        "is_alphanumeric()",
        "is_alphabetic()",
        "char::is_alphanumeric",
        ".sort(",
        ".sort_by",
        ".sort_unstable",
    ];
    let mut offences = Vec::new();
    let mut page = files_under("crates/analysis/src");
    page.extend(files_under("crates/web/src"));
    for file in page {
        let text = fs::read_to_string(&file).unwrap();
        // Unit tests are not in the page either.
        let page_part = text.split("#[cfg(test)]").next().unwrap_or("");
        let mut code = code_of(page_part);
        if file.ends_with("crates/analysis/src/text.rs") {
            code = code.replace("order.sort_by(", "the shared instance("); // the one allowed
        }
        for word in FORBIDDEN {
            if code.contains(word) {
                offences.push(format!("{} uses {word}", file.display()));
            }
        }
    }
    assert!(
        offences.is_empty(),
        "page code that costs kilobytes of wasm:\n{}",
        offences.join("\n")
    );
}
