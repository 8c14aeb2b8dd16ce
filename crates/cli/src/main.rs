//! The native command-line entry: prints GuestLens's analysis as JSON for tests and scripts.
mod commands_cmd;

use std::io::Read;
use std::process::ExitCode;

const USAGE: &str = "usage:
  guestlens analyze FILE [--json] [--now UNIX_SECONDS]   (FILE may be - for standard input)
  guestlens commands RECIPE [--email E] [--upn U] [--object-id ID] [--tenant T] [--app-id ID]
                            [--correlation-id ID] [--code N] [--days N] [--json]";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("analyze") => analyze(&args[1..]),
        Some("commands") => commands_cmd::run(&args[1..]),
        Some("-h" | "--help" | "help") => Ok(USAGE.to_owned()),
        _ => Err(USAGE.to_owned()),
    };
    match result {
        Ok(out) => {
            println!("{out}");
            ExitCode::SUCCESS
        }
        Err(msg) => {
            eprintln!("guestlens: {msg}");
            ExitCode::from(2)
        }
    }
}

fn analyze(args: &[String]) -> Result<String, String> {
    let mut file = None;
    let mut now = None;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--json" => {}
            "--now" => {
                let v = it.next().ok_or("--now needs a value")?;
                now = Some(
                    v.parse::<i64>()
                        .map_err(|_| format!("--now: not a number: {v}"))?,
                );
            }
            _ if file.is_none() => file = Some(a.clone()),
            _ => return Err(format!("unexpected argument: {a}\n{USAGE}")),
        }
    }
    let file = file.ok_or_else(|| format!("analyze needs a FILE\n{USAGE}"))?;
    let bytes = if file == "-" {
        let mut buf = Vec::new();
        std::io::stdin()
            .read_to_end(&mut buf)
            .map_err(|e| format!("reading standard input: {e}"))?;
        buf
    } else {
        std::fs::read(&file).map_err(|e| format!("reading {file}: {e}"))?
    };
    // Pasted text may carry stray bytes; analyse what can be read rather than refuse.
    let text = String::from_utf8_lossy(&bytes);
    let now = now.unwrap_or_else(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64)
    });
    let report = guestlens_analysis::analyze(&text, now);
    serde_json::to_string_pretty(&report).map_err(|e| format!("writing JSON: {e}"))
}
