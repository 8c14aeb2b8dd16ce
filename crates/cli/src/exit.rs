//! Why a run failed, as the exit status scripts test and the one line people read on stderr.
use std::io::Write;
use std::process::ExitCode;

/// The exit statuses, as `--help` prints them after the subcommands. Keep in step with
/// [`Failure::code`] and the crate docs in `main.rs`.
pub const EXIT_STATUS_HELP: &str = "\
Exit status:
  0  success (also when the reader closes the pipe early, as `| head` does)
  1  the input could not be read (missing file, no permission, a damaged HAR,
     no token to compare, …)
  2  usage error: unknown subcommand or option, or a value the recipe refuses
  3  the input is larger than the size cap (1 GiB)
  4  the output could not be written (disk full, …)";

/// A run that could not finish; the message is one line for standard error.
#[derive(Debug, PartialEq, Eq)]
pub enum Failure {
    /// 1: the file or standard input could not be read.
    Read(String),
    /// 2: arguments clap accepted but the analysis refused (a recipe's field checks).
    Usage(String),
    /// 3: the input is over the cap; nothing was analysed.
    TooBig(String),
    /// 4: standard output failed for a reason other than a closed pipe.
    Write(String),
}

impl Failure {
    pub fn code(&self) -> u8 {
        match self {
            Failure::Read(_) => 1,
            Failure::Usage(_) => 2,
            Failure::TooBig(_) => 3,
            Failure::Write(_) => 4,
        }
    }

    fn message(&self) -> &str {
        match self {
            Failure::Read(m) | Failure::Usage(m) | Failure::TooBig(m) | Failure::Write(m) => m,
        }
    }

    /// Says why on standard error and gives the status to exit with.
    pub fn report(&self) -> ExitCode {
        // If stderr is gone too there is no one left to tell; the status still says it.
        let _ = writeln!(std::io::stderr().lock(), "guestlens: {}", self.message());
        ExitCode::from(self.code())
    }
}
