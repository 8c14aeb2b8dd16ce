//! Benchmark of the errors analysis; prints figures.
//!
//! Writes a ~10 MB application log with scattered sign-in failures (plain MSAL text, JSON
//! bodies, redirect URLs, error-page blocks) to the temp dir, then reports the best of a few
//! runs of `errors::analyze` (in memory, and with reading the file) next to `grep -c AADSTS`
//! on the same file. Figures only; nothing here asserts on time.
use std::{
    fs,
    hint::black_box,
    process::Command,
    time::{Duration, Instant},
};

use guestlens_analysis::errors;

const TARGET_BYTES: usize = 10 * 1024 * 1024;
const RUNS: usize = 15;
/// One failure per this many ordinary lines, on average.
const FAILURE_EVERY: u64 = 400;

/// xorshift64*: deterministic, dependency-free noise.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn guid(&mut self) -> String {
        let a = self.next();
        let b = self.next();
        format!(
            "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
            a >> 32,
            (a >> 16) & 0xffff,
            a & 0xfff,
            0x8000 | (b >> 48 & 0x3fff),
            b & 0xffff_ffff_ffff
        )
    }
}

const WORDS: &[&str] = &[
    "request",
    "completed",
    "cache",
    "refresh",
    "token",
    "user",
    "session",
    "connection",
    "pool",
    "worker",
    "started",
    "finished",
    "retry",
    "timeout",
    "queue",
    "message",
    "handler",
    "latency",
    "bytes",
    "sent",
    "error",
    "warning",
    "config",
    "loaded",
    "tenant",
    "graph",
    "call",
    "ok",
    "id",
    "status",
];
const CODES: &[u32] = &[
    50020, 53003, 50076, 50079, 65001, 700016, 7000215, 50105, 500212, 90072,
];

fn noise_line(r: &mut Rng, clock: u64) -> String {
    let level = ["INFO ", "DEBUG", "INFO ", "WARN ", "ERROR"][r.below(5) as usize];
    let mut line = format!(
        "2024-05-01 {:02}:{:02}:{:02}.{:03} {level} [worker-{}] ",
        clock / 3600 % 24,
        clock / 60 % 60,
        clock % 60,
        r.below(1000),
        r.below(16)
    );
    for _ in 0..(6 + r.below(12)) {
        line.push_str(WORDS[r.below(WORDS.len() as u64) as usize]);
        line.push(' ');
    }
    match r.below(6) {
        0 => line.push_str(&format!(
            "request_id={} elapsed={}ms",
            r.guid(),
            r.below(900)
        )),
        1 => line.push_str(&format!("GET /api/items/{} 200", r.below(100_000))),
        _ => {}
    }
    line.push('\n');
    line
}

fn failure_text(r: &mut Rng, clock: u64) -> String {
    let code = CODES[r.below(CODES.len() as u64) as usize];
    let (trace, corr) = (r.guid(), r.guid());
    let ts = format!(
        "2024-05-01 {:02}:{:02}:{:02}Z",
        clock / 3600 % 24,
        clock / 60 % 60,
        clock % 60
    );
    let msg = "User account 'guest@fabrikam.com' from identity provider 'live.com' does not exist in tenant 'Contoso'.";
    match r.below(4) {
        0 => format!(
            "2024-05-01 00:00:00.000 ERROR [auth] AADSTS{code}: {msg} Trace ID: {trace} Correlation ID: {corr} Timestamp: {ts}\n"
        ),
        1 => format!(
            "2024-05-01 00:00:00.000 ERROR [auth] body={{\"error\":\"invalid_grant\",\"error_description\":\"AADSTS{code}: {msg}\\r\\nTrace ID: {trace}\\r\\nCorrelation ID: {corr}\\r\\nTimestamp: {ts}\",\"error_codes\":[{code}],\"trace_id\":\"{trace}\",\"correlation_id\":\"{corr}\"}}\n"
        ),
        2 => format!(
            "2024-05-01 00:00:00.000 WARN  [web] redirect https://app.contoso.com/cb?error=access_denied&error_description=AADSTS{code}%3A+Sign-in+failed.%0D%0ATrace+ID%3A+{trace}%0D%0ACorrelation+ID%3A+{corr}&state=1\n"
        ),
        _ => format!(
            "Request Id: {trace}\nCorrelation Id: {corr}\nTimestamp: {ts}\nMessage: AADSTS{code}: {msg}\n"
        ),
    }
}

fn build_log() -> (String, usize) {
    let mut r = Rng(0x9E37_79B9_7F4A_7C15);
    let mut out = String::with_capacity(TARGET_BYTES + 4096);
    let mut failures = 0;
    let mut clock = 0;
    while out.len() < TARGET_BYTES {
        clock += r.below(3);
        if r.below(FAILURE_EVERY) == 0 {
            out.push_str(&failure_text(&mut r, clock));
            failures += 1;
        } else {
            out.push_str(&noise_line(&mut r, clock));
        }
    }
    (out, failures)
}

fn best<T>(mut f: impl FnMut() -> T) -> (Duration, T) {
    let mut best = Duration::MAX;
    let mut last = None;
    for _ in 0..RUNS {
        let t = Instant::now();
        let v = black_box(f());
        best = best.min(t.elapsed());
        last = Some(v);
    }
    (best, last.expect("RUNS > 0"))
}

fn mb_s(bytes: usize, d: Duration) -> f64 {
    bytes as f64 / (1024.0 * 1024.0) / d.as_secs_f64()
}

fn main() {
    let (log, inserted) = build_log();
    let path =
        std::env::temp_dir().join(format!("guestlens-errors-bench-{}.log", std::process::id()));
    fs::write(&path, &log).expect("write the bench log");
    let bytes = log.len();

    let (in_memory, report) = best(|| errors::analyze(&log));
    let (with_read, _) = best(|| {
        let text = fs::read_to_string(&path).expect("read the bench log");
        errors::analyze(&text).failures.len()
    });
    let (grep, grep_out) = best(|| {
        Command::new("grep")
            .arg("-c")
            .arg("AADSTS")
            .arg(&path)
            .output()
    });

    println!(
        "errors::analyze on {:.1} MB log ({} failures inserted, {} found)",
        bytes as f64 / 1048576.0,
        inserted,
        report.failures.len()
    );
    println!(
        "  analyze, in memory : {:>8.2} ms  {:>8.1} MB/s",
        in_memory.as_secs_f64() * 1e3,
        mb_s(bytes, in_memory)
    );
    println!(
        "  read file + analyze: {:>8.2} ms  {:>8.1} MB/s",
        with_read.as_secs_f64() * 1e3,
        mb_s(bytes, with_read)
    );
    match grep_out {
        Ok(o) if o.status.success() || o.status.code() == Some(1) => {
            println!(
                "  grep -c AADSTS     : {:>8.2} ms  {:>8.1} MB/s  (count {}; process start included)",
                grep.as_secs_f64() * 1e3,
                mb_s(bytes, grep),
                String::from_utf8_lossy(&o.stdout).trim()
            );
            println!(
                "  ratio to grep      : {:.2}x in memory, {:.2}x with file read (target: within 3x)",
                in_memory.as_secs_f64() / grep.as_secs_f64(),
                with_read.as_secs_f64() / grep.as_secs_f64()
            );
        }
        _ => println!("  grep not available; no comparison"),
    }
    let _ = fs::remove_file(&path);
}
