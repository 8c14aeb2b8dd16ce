//! `guestlens`: the page's analysis on the command line, for people (a readable report) and for
//! scripts (`--json`).
//!
//! ```text
//! guestlens analyze FILE [--json] [--now UNIX_SECONDS]    FILE may be - for standard input
//! guestlens commands RECIPE [--FIELD VALUE …] [--json]    the flags come from commands::Field
//! guestlens sanitize IN.har [-o OUT.har] [--report[=FILE]] [--mask-identities] [--drop-response-bodies]
//! guestlens compare A B [--json] [--now UNIX_SECONDS]
//! guestlens handoff FILE... [--include-personal] [--now UNIX_SECONDS]
//! ```
//!
//! Exit status (also printed by `--help`, from [`exit::EXIT_STATUS_HELP`]):
//! - 0 success, also when the reader closes the pipe early (`| head`);
//! - 1 the input could not be read (also: a damaged HAR to sanitize, a file without a token to compare);
//! - 2 usage error (clap's own, or a value a recipe refuses);
//! - 3 the input is larger than the cap ([`input::CAP`], 1 GiB);
//! - 4 the output could not be written (a full disk).
//!
//! Nothing panics on a closed pipe or a full disk: output goes through [`output`], messages to
//! standard error through writes whose failure is ignored.
mod args;
mod exit;
mod input;
mod output;
mod readable;

use std::process::ExitCode;

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::Parser;
use guestlens_analysis::case::{Choices, SourceInput};
use guestlens_analysis::commands::{render, to_text};
use guestlens_analysis::{Report, handoff, token, trace};

use args::{AnalyzeArgs, Cli, Cmd, CommandsArgs, CompareArgs, HandoffArgs, SanitizeArgs};
use exit::Failure;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // Help and version land here too (status 0); a failed print has no one to tell.
            let _ = e.print();
            return ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2));
        }
    };
    let result = match cli.command {
        Cmd::Analyze(a) => analyze(&a),
        Cmd::Commands(c) => commands(&c),
        Cmd::Sanitize(s) => sanitize(&s),
        Cmd::Compare(c) => compare(&c),
        Cmd::Handoff(h) => handoff(&h),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => failure.report(),
    }
}

/// Reads every file (or standard input, once) as one source of a case, and analyses them.
fn case_of(files: &[PathBuf], now: Option<i64>) -> Result<Report, Failure> {
    if files.iter().filter(|f| f.as_os_str() == "-").count() > 1 {
        return Err(Failure::Usage(
            "standard input (-) can be read only once".into(),
        ));
    }
    let mut texts = Vec::with_capacity(files.len());
    for file in files {
        texts.push((display_name(file), read_text(file)?));
    }
    let sources: Vec<SourceInput> = texts
        .iter()
        .map(|(name, text)| SourceInput::plain(name, text))
        .collect();
    Ok(guestlens_analysis::analyze_sources(
        &sources,
        &Choices::default(),
        clock(now),
    ))
}

/// The file's own name, not its path: reports get handed on, directories stay private.
fn display_name(file: &Path) -> String {
    match file.file_name() {
        _ if file.as_os_str() == "-" => "standard input".to_owned(),
        Some(n) => n.to_string_lossy().into_owned(),
        None => file.display().to_string(),
    }
}

/// A file's text under the cap. Pasted logs carry stray bytes: analysing what can be read
/// beats refusing the input.
fn read_text(file: &Path) -> Result<String, Failure> {
    let bytes = input::read(file, input::cap())?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// `--now`, or the clock.
fn clock(now: Option<i64>) -> i64 {
    now.unwrap_or_else(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
    })
}

fn analyze(a: &AnalyzeArgs) -> Result<(), Failure> {
    let report = case_of(&a.files, a.now)?;
    output::to_stdout(|w| {
        if a.json {
            // The same bytes as `serde_json::to_string_pretty` and a newline: the golden format.
            serde_json::to_writer_pretty(&mut *w, &report)?;
            writeln!(w)
        } else {
            readable::write(w, &report)
        }
    })
}

/// Streams the HAR through the sanitizer: memory holds one chunk and the entry being cleaned.
fn sanitize(s: &SanitizeArgs) -> Result<(), Failure> {
    let mut input = input::open(&s.input, input::cap())?;
    let options = trace::Options {
        mask_identities: s.mask_identities,
        drop_response_bodies: s.drop_response_bodies,
    };
    let mut sanitizer = Some(trace::Sanitizer::new(options));
    let mut removals = Vec::new();
    // A failure of the input or the HAR, kept apart from the write errors `write_to` reports.
    let mut failed: Option<Failure> = None;
    let mut body = |w: &mut dyn Write| -> std::io::Result<()> {
        let mut buf = vec![0u8; 1 << 16];
        let Some(mut san) = sanitizer.take() else {
            return Ok(());
        };
        let stop = |f: Failure, failed: &mut Option<Failure>| {
            *failed = Some(f);
            std::io::Error::other("stopped")
        };
        loop {
            let chunk = input.next(&mut buf).map_err(|f| stop(f, &mut failed))?;
            if chunk.is_empty() {
                break;
            }
            let out = san
                .feed(chunk)
                .map_err(|e| stop(har_failure(&input.name, &e), &mut failed))?;
            w.write_all(&out)?;
        }
        let (tail, list) = san
            .finish()
            .map_err(|e| stop(har_failure(&input.name, &e), &mut failed))?;
        w.write_all(&tail)?;
        removals = list;
        Ok(())
    };
    let written = match &s.output {
        None => output::to_stdout(&mut body),
        Some(path) => write_file(path, &mut body),
    };
    if let Some(f) = failed {
        return Err(f);
    }
    written?;
    let Some(report) = &s.report else {
        return Ok(());
    };
    let list = |w: &mut dyn Write| {
        serde_json::to_writer_pretty(&mut *w, &removals)?;
        writeln!(w)
    };
    if report.as_os_str() == "-" {
        output::write_to(std::io::stderr().lock(), "standard error", list)
    } else {
        write_file(report, list)
    }
}

fn har_failure(name: &str, e: &trace::TraceError) -> Failure {
    Failure::Read(format!("reading {name}: {e}"))
}

/// Writes a file through a temporary sibling renamed at the end, so a failed run leaves no
/// half-written file under the name asked for.
fn write_file(
    path: &Path,
    body: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<(), Failure> {
    let name = path.display().to_string();
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".partial");
    let tmp = PathBuf::from(tmp);
    let file =
        std::fs::File::create(&tmp).map_err(|e| Failure::Write(format!("writing {name}: {e}")))?;
    let result = output::write_to(file, &name, body).and_then(|()| {
        std::fs::rename(&tmp, path).map_err(|e| Failure::Write(format!("writing {name}: {e}")))
    });
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

fn compare(c: &CompareArgs) -> Result<(), Failure> {
    if c.a.as_os_str() == "-" && c.b.as_os_str() == "-" {
        return Err(Failure::Usage(
            "standard input (-) can be read only once".into(),
        ));
    }
    let now = clock(c.now);
    let mut tokens = Vec::with_capacity(2);
    for file in [&c.a, &c.b] {
        let text = read_text(file)?;
        let found = token::find_and_analyze(&text, now);
        let Some(report) = found.report else {
            let why = found.note.unwrap_or_default();
            return Err(Failure::Read(format!(
                "{} holds no token: {why}",
                display_name(file)
            )));
        };
        tokens.push(report);
    }
    let (Some(a), Some(b)) = (tokens.first(), tokens.get(1)) else {
        return Err(Failure::Read("two tokens are needed".into()));
    };
    let comparison = token::compare::compare(a, b);
    output::to_stdout(|w| {
        if c.json {
            serde_json::to_writer_pretty(&mut *w, &comparison)?;
            writeln!(w)
        } else {
            readable::comparison(w, &comparison, &display_name(&c.a), &display_name(&c.b))
        }
    })
}

fn handoff(h: &HandoffArgs) -> Result<(), Failure> {
    let report = case_of(&h.files, h.now)?;
    let text = handoff::markdown(
        &report,
        handoff::Options {
            include_personal: h.include_personal,
        },
    );
    output::to_stdout(|w| {
        w.write_all(text.as_bytes())?;
        if !text.ends_with('\n') {
            writeln!(w)?;
        }
        Ok(())
    })
}

fn commands(c: &CommandsArgs) -> Result<(), Failure> {
    let id = c.recipe.id();
    let recipe = render(id, &c.fields.0).map_err(|problems| {
        let lines: Vec<String> = problems.iter().map(|p| p.message.clone()).collect();
        Failure::Usage(format!("cannot write {id}:\n{}", lines.join("\n")))
    })?;
    output::to_stdout(|w| {
        if c.json {
            serde_json::to_writer_pretty(&mut *w, &recipe)?;
            writeln!(w)
        } else {
            writeln!(w, "{}", to_text(&recipe))
        }
    })
}
