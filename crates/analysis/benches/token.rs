//! Benchmark of the token inspector: native decode-and-explain time per token; prints figures.
use std::hint::black_box;
use std::time::Instant;

use guestlens_analysis::token::{find_and_analyze, samples};

const NOW: i64 = 1_750_000_000;

fn main() {
    println!("token: decode and explain, native, best of 5 rounds");
    for s in samples::SAMPLES {
        let token = samples::token(s.id, NOW).unwrap_or_default();
        let pasted = format!("Authorization: Bearer {token}");
        let iterations = 20_000;
        let best = (0..5)
            .map(|_| {
                let start = Instant::now();
                for _ in 0..iterations {
                    black_box(find_and_analyze(black_box(&pasted), NOW));
                }
                start.elapsed().as_secs_f64() / f64::from(iterations)
            })
            .fold(f64::INFINITY, f64::min);
        println!("  {:<42} {:>7.1} µs per token", s.label, best * 1e6);
    }
}
