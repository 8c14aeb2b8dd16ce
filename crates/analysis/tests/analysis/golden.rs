//! Golden reports: `analyze --json --now NOW` for every input under `tests/golden/inputs` and
//! every sample token must stay byte-for-byte the same. `GOLDEN_UPDATE=1` rewrites them (review
//! the diff: a change must be on purpose).
use std::path::{Path, PathBuf};

use guestlens_analysis::case::{Choices, SourceInput};
use guestlens_analysis::token::samples;
use guestlens_analysis::{Reading, analyze_read, analyze_sources, read_text};

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
        let source = SourceInput::plain(&name, &text);
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

/// A case read beforehand with `read_text` (as the page reads a paste a task before it joins the
/// case) gives the very report `analyze_sources` gives, at any `now`: the clock and each source's
/// place are applied after the reading. Every golden input, a sign-in log export and a HAR, in
/// one case.
#[test]
fn texts_read_beforehand_give_the_same_report() {
    let mut texts = cases();
    texts.push(("sign-ins.json".into(), crate::signins::admin_center_json()));
    texts.push((
        "trace.har".into(),
        include_str!("../fixtures/har/cross-tenant-50020.har").into(),
    ));
    let inputs: Vec<SourceInput> = texts
        .iter()
        .map(|(name, text)| SourceInput::plain(name, text))
        .collect();
    let readings: Vec<Option<Reading>> = texts.iter().map(|(_, t)| read_text(t)).collect();
    // Only the HAR is read each time.
    assert_eq!(readings.iter().filter(|r| r.is_none()).count(), 1);
    let kept: Vec<Option<&Reading>> = readings.iter().map(Option::as_ref).collect();
    // Ten years later every token has expired: the kept reading must not keep the old clock.
    for now in [NOW, NOW + 10 * 365 * 86_400] {
        let want = analyze_sources(&inputs, &Choices::default(), now);
        let got = analyze_read(&inputs, &kept, &Choices::default(), now);
        assert_eq!(
            serde_json::to_string(&got).expect("report serialises"),
            serde_json::to_string(&want).expect("report serialises"),
        );
        // The sources after the first keep their own ids when read alone, too.
        for (i, input) in inputs.iter().enumerate().skip(1) {
            let alone = analyze_read(&[*input], &kept[i..=i], &Choices::default(), now);
            let want = analyze_sources(&[*input], &Choices::default(), now);
            assert_eq!(
                serde_json::to_string(&alone).expect("report serialises"),
                serde_json::to_string(&want).expect("report serialises"),
            );
        }
    }
}

/// The page's tool boxes show a kept reading's failures, token and policy: they must be what the
/// tools give when they read the text themselves.
#[test]
fn a_readings_failures_token_and_policy_are_the_tools_own() {
    let now = 1_700_000_000;
    let mut policies = 0;
    for (name, text) in cases() {
        let Some(reading) = read_text(&text) else {
            continue;
        };
        let Some(failures) = reading.failures() else {
            continue;
        };
        let own = guestlens_analysis::errors::analyze(&text);
        assert_eq!(
            format!("{failures:?}"),
            format!("{:?}", own.failures),
            "{name}: failures"
        );
        let search = reading
            .token_search()
            .expect("a plain reading has a search");
        let (kept, own) = (
            guestlens_analysis::token::found(search, now),
            guestlens_analysis::token::find_and_analyze(&text, now),
        );
        assert_eq!(kept.note, own.note, "{name}: token note");
        assert_eq!(
            serde_json::to_string(&kept.report).expect("report serialises"),
            serde_json::to_string(&own.report).expect("report serialises"),
            "{name}: token"
        );
        if let Some(kept) = reading.policy() {
            policies += 1;
            assert_eq!(
                serde_json::to_string(kept).expect("report serialises"),
                serde_json::to_string(&guestlens_analysis::policy::analyze(&text))
                    .expect("report serialises"),
                "{name}: policy"
            );
        }
    }
    assert!(
        policies >= 3,
        "only {policies} golden inputs read as a policy"
    );
}
