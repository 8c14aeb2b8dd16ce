//! Benchmark of the sign-in trace; prints figures.
//!
//! Builds a ~100 MB HAR in memory (sign-in hops with pages, forms, tokens and cookies among
//! scripts, images and telemetry), then reports the best of a few runs of reading the flow and
//! of sanitizing, whole and in 1 MB chunks as the page feeds them. Figures only; nothing here
//! asserts on time.
use std::{
    hint::black_box,
    time::{Duration, Instant},
};

use guestlens_analysis::trace::{self, Options, Reader, Sanitizer};
use serde_json::json;

const TARGET_BYTES: usize = 100 * 1024 * 1024;
const RUNS: usize = 3;

fn entry(i: usize) -> serde_json::Value {
    let t = format!("2024-05-01T10:{:02}:{:02}.000Z", i / 60 % 60, i % 60);
    let headers = json!([
        {"name": "user-agent", "value": "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36"},
        {"name": "cookie", "value": format!("ESTSAUTH=1.AXoAFAKE{i:08}; buid=0.AXoAFAKE{i:08}")},
        {"name": "accept-language", "value": "en-GB,en;q=0.9"}
    ]);
    let res_headers = json!([
        {"name": "x-ms-request-id", "value": format!("aaaa0000-bbbb-4ccc-8ddd-{i:012}")},
        {"name": "client-request-id", "value": "c0c0c0c0-1111-4222-8333-444444444444"},
        {"name": "content-type", "value": "text/html; charset=utf-8"}
    ]);
    match i % 20 {
        0 => json!({"startedDateTime": t, "time": 120.5, "_resourceType": "document",
            "request": {"method": "GET", "url": format!("https://login.microsoftonline.com/contoso.example/oauth2/v2.0/authorize?client_id=11111111-2222-4333-8444-555555555555&response_type=code&redirect_uri=https%3A%2F%2Fapp.contoso.example%2Fcb&state=FAKE{i}&nonce=FAKE{i}"), "headers": headers},
            "response": {"status": 200, "headers": res_headers, "content": {"mimeType": "text/html", "text": format!("<html><script>$Config={{\"sFT\":\"{}\",\"correlationId\":\"c0c0c0c0-1111-4222-8333-444444444444\",\"iErrorCode\":50020,\"strServiceExceptionMessage\":\"AADSTS50020: User account does not exist in tenant.\"}};</script>{}</html>", "AQAB".repeat(200), "<div>page</div>".repeat(300))}}}),
        1 => json!({"startedDateTime": t, "time": 80, "_resourceType": "document",
            "request": {"method": "POST", "url": "https://login.microsoftonline.com/contoso.example/login", "headers": headers,
                "postData": {"mimeType": "application/x-www-form-urlencoded", "text": format!("login=alex%40partner.example&passwd=FAKE{i}&PPFT={}&canary=FAKE&ctx=FAKE", "AQAB".repeat(100))}},
            "response": {"status": 302, "headers": res_headers, "content": {"mimeType": "", "text": ""}, "redirectURL": format!("https://app.contoso.example/cb?code=0.AXoAFAKE{i}&state=FAKE")}}),
        2 => json!({"startedDateTime": t, "time": 40, "_resourceType": "fetch",
            "request": {"method": "POST", "url": "https://login.microsoftonline.com/contoso.example/oauth2/v2.0/token", "headers": headers,
                "postData": {"mimeType": "application/x-www-form-urlencoded", "text": "grant_type=authorization_code&code=0.AXoAFAKE&code_verifier=FAKE"}},
            "response": {"status": 400, "headers": res_headers, "content": {"mimeType": "application/json", "text": "{\"error\":\"invalid_grant\",\"error_description\":\"AADSTS54005: Code already redeemed.\",\"error_codes\":[54005],\"correlation_id\":\"c0c0c0c0-1111-4222-8333-444444444444\"}"}}}),
        n if n % 3 == 0 => {
            json!({"startedDateTime": t, "time": 3.25, "_resourceType": "script", "_initiator": {"type": "parser", "url": "https://login.microsoftonline.com/", "lineNumber": 3},
            "request": {"method": "GET", "url": format!("https://aadcdn.msftauth.net/js/bundle{i}.js"), "headers": headers},
            "response": {"status": 200, "headers": res_headers, "content": {"mimeType": "application/javascript", "text": "function f(a){return a+1}\n".repeat(400)}}})
        }
        n if n % 3 == 1 => json!({"startedDateTime": t, "time": 2, "_resourceType": "image",
            "request": {"method": "GET", "url": format!("https://aadcdn.msftauth.net/img/{i}.png"), "headers": headers},
            "response": {"status": 200, "headers": res_headers, "content": {"mimeType": "image/png", "encoding": "base64", "text": "iVBORw0KGgoAAAANSUhEUgAA".repeat(200)}}}),
        _ => json!({"startedDateTime": t, "time": 1, "_resourceType": "ping",
            "request": {"method": "POST", "url": "https://browser.events.data.microsoft.com/OneCollector/1.0/", "headers": headers,
                "postData": {"mimeType": "application/json", "text": "{\"evt\":\"x\",\"data\":{\"n\":1}}"}},
            "response": {"status": 204, "headers": res_headers, "content": {"mimeType": "", "text": ""}}}),
    }
}

fn build() -> Vec<u8> {
    let mut out = b"{\"log\":{\"version\":\"1.2\",\"creator\":{\"name\":\"WebInspector\",\"version\":\"537.36\"},\"entries\":[\n".to_vec();
    let mut i = 0;
    while out.len() < TARGET_BYTES {
        if i > 0 {
            out.extend_from_slice(b",\n");
        }
        serde_json::to_writer_pretty(&mut out, &entry(i)).expect("serialise an entry");
        i += 1;
    }
    out.extend_from_slice(b"\n]}}\n");
    out
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
    let har = build();
    let bytes = har.len();
    let (read, t) = best(|| trace::read(&har).expect("bench HAR reads"));
    let (read_chunks, _) = best(|| {
        let mut r = Reader::new();
        for c in har.chunks(1 << 20) {
            r.feed(c).expect("bench HAR reads");
        }
        r.finish().expect("bench HAR reads").entries
    });
    let (san, (out, removals)) =
        best(|| trace::sanitize(&har, Options::default()).expect("bench HAR sanitizes"));
    let (san_chunks, _) = best(|| {
        let mut s = Sanitizer::new(Options::default());
        let mut n = 0;
        for c in har.chunks(1 << 20) {
            n += s.feed(c).expect("bench HAR sanitizes").len();
        }
        n + s.finish().expect("bench HAR sanitizes").0.len()
    });
    println!(
        "trace on {:.1} MB HAR ({} entries, {} hops, {} folded; sanitized to {:.1} MB, {} removals)",
        bytes as f64 / 1048576.0,
        t.entries,
        t.hops.len(),
        t.noise.total(),
        out.len() as f64 / 1048576.0,
        removals.len()
    );
    for (name, d) in [
        ("read flow, whole      ", read),
        ("read flow, 1 MB chunks", read_chunks),
        ("sanitize, whole       ", san),
        ("sanitize, 1 MB chunks ", san_chunks),
    ] {
        println!(
            "  {name}: {:>9.2} ms  {:>8.1} MB/s",
            d.as_secs_f64() * 1e3,
            mb_s(bytes, d)
        );
    }
}
