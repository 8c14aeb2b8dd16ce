//! `guestlens`: the page's analysis on the command line, for people (a readable report) and for
//! scripts (`--json`).
//!
//! ```text
//! guestlens analyze FILE [--json] [--now UNIX_SECONDS]    FILE may be - for standard input
//! guestlens commands RECIPE [--FIELD VALUE …] [--json]    the flags come from commands::Field
//! ```
//!
//! Exit status (also printed by `--help`, from [`exit::EXIT_STATUS_HELP`]):
//! - 0 success, also when the reader closes the pipe early (`| head`);
//! - 1 the input could not be read;
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

use clap::Parser;
use guestlens_analysis::case::{Choices, SourceInput};
use guestlens_analysis::commands::{render, to_text};

use args::{AnalyzeArgs, Cli, Cmd, CommandsArgs};
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
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => failure.report(),
    }
}

fn analyze(a: &AnalyzeArgs) -> Result<(), Failure> {
    if a.files.iter().filter(|f| f.as_os_str() == "-").count() > 1 {
        return Err(Failure::Usage(
            "standard input (-) can be read only once".into(),
        ));
    }
    let mut texts = Vec::with_capacity(a.files.len());
    for file in &a.files {
        let bytes = input::read(file, input::cap())?;
        // Pasted logs carry stray bytes: analysing what can be read beats refusing the input.
        let text = String::from_utf8_lossy(&bytes).into_owned();
        // The file's own name, not its path: reports get handed on, directories stay private.
        let name = match file.file_name() {
            _ if file.as_os_str() == "-" => "standard input".to_owned(),
            Some(n) => n.to_string_lossy().into_owned(),
            None => file.display().to_string(),
        };
        texts.push((name, text));
    }
    let now = a.now.unwrap_or_else(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
    });
    let sources: Vec<SourceInput> = texts
        .iter()
        .map(|(name, text)| SourceInput {
            name,
            text,
            sample: false,
        })
        .collect();
    let report = guestlens_analysis::analyze_sources(&sources, &Choices::default(), now);
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
