//! Sign-in traces (HAR 1.2 files): read the identity flow, find where failures and tokens sit, sanitize a copy.
//!
//! A tool of the analysis crate: it uses only the leaf modules. It does not decode tokens or
//! read AADSTS codes itself; it hands out [`Piece`]s (text with their hop) for the joining layer
//! to run the error and token analysers over.
//!
//! Memory stays bounded: the bytes are scanned in chunks ([`scan::Scanner`]), and only one
//! entry at a time is parsed. Both [`Reader`] and [`Sanitizer`] take chunks, so the page can
//! feed a file slice by slice and show progress.
mod decode;
mod flow;
mod har;
pub mod hosts;
pub mod keep;
mod sanitize;
pub mod scan;

use std::fmt;

pub use flow::{Hop, HopKind, Noise, NoiseKind, Piece, PieceKind, Reader, Trace, read};
pub use sanitize::{Options, Place, Removal, RemovalKind, Sanitizer, sanitize};

/// Why a trace could not be read. Positions are byte offsets from the start of the file, and
/// 1-based line and column (in characters).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TraceError {
    /// The input is JSON-ish but not a HAR: `missing` names what is not there.
    NotHar { missing: &'static str },
    /// The input ends before the HAR does.
    Truncated { offset: u64 },
    /// The input is not valid JSON at this position; `what` says what was expected.
    Malformed {
        offset: u64,
        line: u64,
        column: u64,
        what: String,
    },
}

impl fmt::Display for TraceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TraceError::NotHar { missing } => {
                write!(f, "This is not a HAR file: it has no {missing}.")
            }
            TraceError::Truncated { offset } => write!(
                f,
                "The HAR file is cut short: it ends at byte {offset} before the entries are closed."
            ),
            TraceError::Malformed {
                offset,
                line,
                column,
                what,
            } => write!(
                f,
                "The HAR file is damaged at byte {offset} (line {line}, column {column}): expected {what}."
            ),
        }
    }
}

/// The position of a serde_json error inside a captured span that starts at `at`.
fn span_error(at: scan::Pos, span: &[u8], e: &serde_json::Error) -> TraceError {
    let (el, ec) = (e.line() as u64, e.column() as u64);
    if e.is_eof() {
        return TraceError::Truncated {
            offset: at.offset + span.len() as u64,
        };
    }
    let mut line = 1u64;
    let mut offset = 0u64;
    for (i, &b) in span.iter().enumerate() {
        if line == el {
            offset = i as u64 + ec.saturating_sub(1);
            break;
        }
        if b == b'\n' {
            line += 1;
        }
    }
    let (line, column) = if el <= 1 {
        (at.line, at.column + ec.saturating_sub(1))
    } else {
        (at.line + el - 1, ec)
    };
    let what = e.to_string();
    // serde_json appends " at line L column C"; the position is given on its own.
    let what = what
        .split(" at line ")
        .next()
        .unwrap_or("valid JSON")
        .to_owned();
    TraceError::Malformed {
        offset: at.offset + offset,
        line,
        column,
        what: format!("valid JSON in entry ({what})"),
    }
}
