//! Keeps the project's invariants true: a pure analysis core in layers, a `//!` line atop every module, lean page code.
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
    // Unicode tables (`text::is_wordish` stands in). A computed `class={...}` or `classes!`
    // brings Yew's `Classes` set back (see crates/web/src/widgets.rs: write `CLASS={...}`).
    const FORBIDDEN: &[&str] = &[
        "classes!(",
        " class={",
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

/// The analysis crate's layers, lowest first: a module may use modules of a lower layer, and of
/// its own layer only where `same_layer` says so. ARCHITECTURE.md's layer list states the same
/// order; change both together.
const LAYERS: &[Layer] = &[
    Layer {
        name: "leaf",
        modules: &["diagnostic", "entra", "text", "quote", "base64"],
        same_layer: true,
    },
    // The tools know nothing of each other: token knows nothing of errors.
    Layer {
        name: "tools",
        modules: &["token", "errors", "policy", "trace", "signins"],
        same_layer: false,
    },
    Layer {
        name: "joining",
        modules: &["findings", "case", "workspace", "lesson"],
        same_layer: true,
    },
    Layer {
        name: "output",
        modules: &["commands", "handoff", "report"],
        same_layer: true,
    },
];

/// Imports that break the layers today, each to be removed by the change that fixes it. An entry
/// that no longer occurs fails the test too, so this list can only shrink.
const KNOWN_OFFENCES: &[(&str, &str)] = &[];

struct Layer {
    name: &'static str,
    modules: &'static [&'static str],
    same_layer: bool,
}

fn layer_of(module: &str) -> Option<(usize, &'static Layer)> {
    LAYERS
        .iter()
        .enumerate()
        .find(|(_, l)| l.modules.contains(&module))
}

/// The first path segment after each `crate::` and `super::` in `code`, resolved to a top-level
/// module of the analysis crate. `depth` is how deep the file's module sits below the crate root
/// (1 for `token.rs`, 2 for `token/guest.rs`); `mod tests` after `#[cfg(test)]` adds one.
/// Names the crate root re-exports (`crate::Diagnostic`) are mapped through `root_items`.
fn references(
    code: &str,
    own: &str,
    depth: usize,
    root_items: &[(String, String)],
) -> Vec<(String, String)> {
    let (main, tests) = code.split_once("#[cfg(test)]").unwrap_or((code, ""));
    let mut out = Vec::new();
    for (part, depth) in [(main, depth), (tests, depth + 1)] {
        // Where a path starts: `crate::` or `super::` not preceded by an identifier, `$` or `::`.
        let mut starts: Vec<usize> = ["crate::", "super::"]
            .iter()
            .flat_map(|p| part.match_indices(p).map(|(i, _)| i))
            .filter(|&i| {
                !part[..i]
                    .chars()
                    .next_back()
                    .is_some_and(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '$' | ':'))
            })
            .collect();
        starts.sort_unstable();
        for i in starts {
            let at = &part[i..];
            let (mut up, mut path) = match at.strip_prefix("crate::") {
                Some(p) => (depth, p),
                None => (0, at),
            };
            while let Some(p) = path.strip_prefix("super::") {
                up += 1;
                path = p;
            }
            let path = path.trim_start();
            // From the file's module, `up` steps up: at the root the next segment is a
            // top-level module; anywhere below it we are still inside `own`.
            let items: Vec<String> = if let Some(group) = path.strip_prefix('{') {
                group_items(group)
                    .iter()
                    .map(|s| first_segment(s.trim()))
                    .collect()
            } else {
                vec![first_segment(path)]
            };
            for item in items {
                if item.is_empty() || item == "*" || item == "self" {
                    continue;
                }
                let target = if up < depth {
                    own.to_owned()
                } else {
                    root_items
                        .iter()
                        .find(|(name, _)| *name == item)
                        .map_or(item.clone(), |(_, module)| module.clone())
                };
                out.push((target, path.lines().next().unwrap_or("").to_owned()));
            }
        }
    }
    out
}

/// The items of a `{a::{B, C}, d}` use group (its opening brace already taken), split at the
/// commas of its own level.
fn group_items(group: &str) -> Vec<&str> {
    let mut items = Vec::new();
    let (mut depth, mut from) = (0, 0);
    for (i, c) in group.char_indices() {
        match c {
            '{' => depth += 1,
            '}' if depth == 0 => {
                items.push(&group[from..i]);
                return items;
            }
            '}' => depth -= 1,
            ',' if depth == 0 => {
                items.push(&group[from..i]);
                from = i + 1;
            }
            _ => {}
        }
    }
    items.push(&group[from..]);
    items
}

fn first_segment(path: &str) -> String {
    path.chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '*')
        .collect()
}

#[test]
fn analysis_layers_only_import_downwards() {
    let src = root().join("crates/analysis/src");
    let lib = fs::read_to_string(src.join("lib.rs")).unwrap();
    // Top-level modules and the names the root re-exports (`pub use diagnostic::{Diagnostic, …}`).
    let mut modules = Vec::new();
    let mut root_items = Vec::new();
    for line in code_of(&lib).lines().map(str::trim) {
        if let Some(m) = line
            .strip_prefix("pub mod ")
            .or_else(|| line.strip_prefix("mod "))
        {
            modules.push(m.trim_end_matches(';').trim().to_owned());
        } else if let Some(u) = line.strip_prefix("pub use ") {
            let (module, names) = u.split_once("::").unwrap_or((u, ""));
            let names = names.trim_end_matches(';').trim_matches(['{', '}']);
            for name in names.split(',').map(str::trim).filter(|n| !n.is_empty()) {
                root_items.push((name.to_owned(), module.to_owned()));
            }
        }
    }
    for m in &modules {
        assert!(
            layer_of(m).is_some(),
            "module {m} is in no layer: add it to LAYERS here and to ARCHITECTURE.md"
        );
    }
    for layer in LAYERS {
        for m in layer.modules {
            assert!(
                modules.iter().any(|x| x == m),
                "LAYERS names {m}, which lib.rs does not declare"
            );
        }
    }

    let mut offences = Vec::new();
    let mut seen_known = Vec::new();
    let mut edges: Vec<(String, String)> = Vec::new();
    for file in files_under("crates/analysis/src") {
        let rel = file.strip_prefix(&src).unwrap().with_extension("");
        let parts: Vec<String> = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        if parts == ["lib"] {
            continue; // the crate root runs every tool (`analyze`); it sits above every layer
        }
        let own = parts[0].clone();
        let (own_rank, own_layer) = layer_of(&own)
            .unwrap_or_else(|| panic!("{} is in no module of LAYERS", file.display()));
        let code = code_of(&fs::read_to_string(&file).unwrap());
        let shown = format!("crates/analysis/src/{}.rs", rel.display());
        for (target, path) in references(&code, &own, parts.len(), &root_items) {
            if target == own {
                continue;
            }
            let Some((rank, _)) = layer_of(&target) else {
                offences.push(format!(
                    "{shown}: `{path}` names {target}, which is no module of LAYERS"
                ));
                continue;
            };
            if !edges.contains(&(own.clone(), target.clone())) {
                edges.push((own.clone(), target.clone()));
            }
            let upward = rank > own_rank || (rank == own_rank && !own_layer.same_layer);
            if !upward {
                continue;
            }
            if KNOWN_OFFENCES.contains(&(own.as_str(), target.as_str())) {
                if !seen_known.contains(&(own.clone(), target.clone())) {
                    seen_known.push((own.clone(), target.clone()));
                }
                continue;
            }
            offences.push(format!(
                "{shown}: {own} ({}) uses {target} ({}) via `{path}`",
                own_layer.name, LAYERS[rank].name
            ));
        }
    }
    for (from, to) in KNOWN_OFFENCES {
        if !seen_known.contains(&((*from).to_owned(), (*to).to_owned())) {
            offences.push(format!(
                "KNOWN_OFFENCES lists {from} → {to}, which no longer occurs: remove the entry"
            ));
        }
    }
    // Same-layer imports are allowed in some layers; they must still not form a cycle.
    for (from, to) in &edges {
        if reaches(&edges, to, from, &mut Vec::new()) {
            offences.push(format!("{from} and {to} import each other (a cycle)"));
        }
    }
    assert!(
        offences.is_empty(),
        "imports that run up the analysis layers ({}):\n{}",
        LAYERS
            .iter()
            .map(|l| format!("{}: {}", l.name, l.modules.join(", ")))
            .collect::<Vec<_>>()
            .join(" → "),
        offences.join("\n")
    );
}

/// Whether `to` is reachable from `from` over `edges`.
fn reaches(edges: &[(String, String)], from: &str, to: &str, seen: &mut Vec<String>) -> bool {
    if from == to {
        return true;
    }
    if seen.iter().any(|s| s == from) {
        return false;
    }
    seen.push(from.to_owned());
    edges
        .iter()
        .filter(|(a, _)| a == from)
        .any(|(_, b)| reaches(edges, b, to, seen))
}
