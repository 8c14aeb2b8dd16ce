//! Golden reports: `analyze --json --now NOW` for every input under `tests/golden/inputs` and
//! every sample token must stay byte-for-byte the same. `GOLDEN_UPDATE=1` rewrites them (review
//! the diff: a change must be on purpose).
use std::path::{Path, PathBuf};

use guestlens_analysis::analyze_sources;
use guestlens_analysis::case::{Choices, SourceInput};
use guestlens_analysis::token::samples;

const NOW: i64 = 1_764_000_000;

fn golden_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden")
}

/// Every golden case as (name, input text).
fn cases() -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut files: Vec<_> = std::fs::read_dir(golden_dir().join("inputs"))
        .expect("tests/golden/inputs exists")
        .map(|e| e.expect("readable entry").path())
        .collect();
    files.sort();
    for path in files {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(&path).expect("golden input is UTF-8");
        out.push((name, text));
    }
    for s in samples::SAMPLES {
        let token = samples::token(s.id, NOW).expect("every sample builds");
        out.push((format!("sample-{}", s.id), token));
    }
    out
}

#[test]
fn reports_match_their_golden_files() {
    let update = std::env::var_os("GOLDEN_UPDATE").is_some();
    let mut failed = Vec::new();
    for (name, text) in cases() {
        // Named as the CLI names a file it reads, so `guestlens analyze FILE --json` prints this.
        let source = SourceInput {
            name: &name,
            text: &text,
            sample: false,
            trace: None,
        };
        let report = analyze_sources(&[source], &Choices::default(), NOW);
        let json = serde_json::to_string_pretty(&report).expect("report serialises");
        let path = golden_dir().join(format!("{name}.json"));
        if update {
            std::fs::write(&path, format!("{json}\n")).expect("golden written");
            continue;
        }
        let want = std::fs::read_to_string(&path).unwrap_or_default();
        if want.trim_end() != json {
            failed.push(name);
        }
    }
    assert!(
        failed.is_empty(),
        "reports differ from their golden files (GOLDEN_UPDATE=1 rewrites them): {failed:?}"
    );
}
