//! The LZMA decoder natively, against Python's lzma (the encoder the build uses): every byte
//! back when decoded in steps, and a truncated or nonsensical stream refused, never a panic.

use std::io::Write;
use std::process::{Command, Stdio};

use guestlens_unpack::lzma::Lzma;

fn pack(data: &[u8], lc: u32, lp: u32, pb: u32) -> Vec<u8> {
    let script = format!(
        "import lzma, sys\nf = [{{'id': lzma.FILTER_LZMA1, 'preset': 9 | lzma.PRESET_EXTREME, 'lc': {lc}, 'lp': {lp}, 'pb': {pb}, 'dict_size': 1 << 22}}]\nsys.stdout.buffer.write(lzma.compress(sys.stdin.buffer.read(), format=lzma.FORMAT_RAW, filters=f))"
    );
    let mut child = Command::new("python3")
        .args(["-c", &script])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("python3 runs (the build needs it too)");
    let mut stdin = child.stdin.take().expect("stdin");
    let input = data.to_vec();
    let writer = std::thread::spawn(move || stdin.write_all(&input));
    let output = child.wait_with_output().expect("python3 finishes");
    writer.join().expect("writer").expect("written");
    assert!(output.status.success());
    output.stdout
}

fn unpack(
    packed: &[u8],
    size: usize,
    settings: (u32, u32, u32),
    step: usize,
) -> Result<(Vec<u8>, usize), &'static str> {
    let mut decoder = Lzma::EMPTY;
    decoder
        .start(packed, settings.0, settings.1, settings.2)
        .map_err(|e| e.0)?;
    let mut out = vec![0; size];
    let mut calls = 0;
    loop {
        calls += 1;
        let until = decoder.pos + step;
        if decoder.run(packed, &mut out, until).map_err(|e| e.0)? {
            return Ok((out, calls));
        }
    }
}

fn sample() -> Vec<u8> {
    let text = include_str!("../src/lzma.rs").as_bytes();
    let mut data: Vec<u8> = text.iter().copied().cycle().take(400_000).collect();
    let mut x: u32 = 7;
    for _ in 0..50_000 {
        x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
        data.push((x >> 24) as u8);
    }
    data
}

#[test]
fn decodes_in_steps_for_every_setting() {
    let data = sample();
    for settings in [(2, 0, 0), (4, 0, 0), (3, 0, 2), (0, 2, 2), (1, 1, 1)] {
        let packed = pack(&data, settings.0, settings.1, settings.2);
        let (out, calls) = unpack(&packed, data.len(), settings, 1 << 16).expect("decodes");
        assert!(out == data, "bytes differ for {settings:?}");
        assert!(
            calls > 5,
            "{calls} calls for {} bytes in 64 KiB steps",
            data.len()
        );
    }
}

#[test]
fn refuses_a_truncated_or_nonsensical_stream() {
    let data = sample();
    let packed = pack(&data, 2, 0, 0);
    let half = packed.get(..packed.len() / 2).expect("half");
    // Past its end the input reads as zeros, which soon make a distance out of range, or run
    // out; either way the stream is refused.
    let truncated = unpack(half, data.len(), (2, 0, 0), 1 << 18);
    assert!(
        matches!(
            truncated,
            Err("LZMA stream too short" | "LZMA distance out of range")
        ),
        "{:?}",
        truncated.map(|(out, _)| out.len())
    );
    assert_eq!(
        unpack(&packed, data.len(), (4, 1, 0), 1 << 18),
        Err("LZMA settings out of range")
    );
}

#[test]
fn noise_never_panics() {
    // LZMA has no check of its own, so noise may decode into garbage: the joiner and the
    // browser's validation catch that. What matters here is that the decoder never panics.
    let mut refused = 0;
    for seed in 0..40u32 {
        let noise: Vec<u8> = (0..3_000u32)
            .map(|i| (i.wrapping_add(seed).wrapping_mul(2_654_435_761) >> 13) as u8)
            .collect();
        if unpack(&noise, 50_000, (2, 0, 0), 1 << 12).is_err() {
            refused += 1;
        }
    }
    assert!(refused > 0, "no noise refused at all");
}
