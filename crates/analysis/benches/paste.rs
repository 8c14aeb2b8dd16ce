//! Benchmark of one big pasted log through the case: prints figures, asserts nothing.
//!
//! Builds the page bench's 10 MB log (an AADSTS50020 failure every 400 lines, a different guest
//! in each) and times `analyze_sources` and its pieces — the token search, the errors, the
//! trace, sign-in and policy sniffers, the hand-off Markdown — best of a few runs, so a change
//! that brings back per-character or quadratic work shows here before it shows in the page.
use std::{
    hint::black_box,
    time::{Duration, Instant},
};

use guestlens_analysis::{
    analyze_read, analyze_sources, case, errors, handoff, policy, read_text, signins, token,
};

const TARGET_BYTES: usize = 10 * 1024 * 1024;
const RUNS: usize = 5;
const NOW: i64 = 1_714_558_830;

/// The same shape as `bigLog` in tests/e2e/page-bench.mjs (fixed IDs instead of random ones).
fn big_log() -> String {
    let mut out = String::with_capacity(TARGET_BYTES + 512);
    let mut i: u64 = 0;
    while out.len() < TARGET_BYTES {
        if i % 400 == 17 {
            out.push_str(&format!(
                "2024-05-01 10:{:02}:00Z ERROR MsalServiceException: AADSTS50020: User account 'u{i}@partner.example' from identity provider 'live.com' does not exist in tenant 'Contoso' and cannot access the application 'app{i}'. Trace ID: {:08x}-0000-4000-8000-{:012x} Correlation ID: {:08x}-1111-4000-8000-{:012x} Timestamp: 2024-05-01 10:20:30Z",
                i % 60, i, i, i, i
            ));
        } else {
            out.push_str(&format!(
                "2024-05-01 10:20:{:02}Z INFO request {i} served in {} ms for tenant contoso.example path /api/orders/{i}",
                i % 60,
                i % 97
            ));
        }
        out.push('\n');
        i += 1;
    }
    out
}

fn best<T>(label: &str, mut f: impl FnMut() -> T) -> T {
    let mut fastest = Duration::MAX;
    let mut last = None;
    for _ in 0..RUNS {
        let start = Instant::now();
        let out = black_box(f());
        fastest = fastest.min(start.elapsed());
        last = Some(out);
    }
    println!("{label:<44} {:>9.2} ms", fastest.as_secs_f64() * 1000.0);
    match last {
        Some(v) => v,
        None => f(),
    }
}

fn main() {
    let log = big_log();
    println!(
        "paste: {:.1} MB log, best of {RUNS} runs",
        log.len() as f64 / 1_048_576.0
    );
    let input = case::SourceInput::plain("Paste 1", &log);
    best("token::find_and_analyze", || {
        token::find_and_analyze(&log, NOW).note
    });
    let found = best("errors::analyze", || errors::analyze(&log).failures.len());
    best("case::trace::analyse (HAR sniff)", || {
        case::trace::analyse(&log, 1, NOW).is_some()
    });
    best("signins::read (export sniff)", || {
        signins::read(&log).is_some()
    });
    best("policy::looks_like_policy", || {
        policy::looks_like_policy(&log)
    });
    let report = best("analyze_sources (all of the above, joined)", || {
        analyze_sources(&[input], &case::Choices::default(), NOW)
    });
    // The page reads a paste once, a task before it joins the case: the two halves.
    let reading = best("read_text (the part the page keeps)", || read_text(&log));
    best("analyze_read (the case, its text read before)", || {
        analyze_read(
            &[input],
            &[reading.as_ref()],
            &case::Choices::default(),
            NOW,
        )
    });
    let md = best("handoff::markdown (masked)", || {
        handoff::markdown(&report, handoff::Options::default())
    });
    println!(
        "{found} failures in the log, {} in the case; a {} byte hand-off",
        report.errors.len(),
        md.len()
    );
}
