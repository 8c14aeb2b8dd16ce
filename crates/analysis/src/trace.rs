//! Sign-in traces (HAR 1.2 files): read the identity flow, find where failures and tokens sit, sanitize a copy.
//!
//! A tool of the analysis crate: it uses only the leaf modules. It does not decode tokens or
//! read AADSTS codes itself; it hands out [`Piece`]s (text with their hop) for the joining layer
//! to run the error and token analysers over.
//!
//! Memory stays bounded: the bytes are scanned in chunks ([`scan::Scanner`]), and only one
//! entry at a time is parsed. Both [`Reader`] and [`Sanitizer`] take chunks, so the page can
//! feed a file slice by slice and show progress.
pub(crate) mod decode;
mod flow;
mod har;
pub mod hosts;
pub mod keep;
mod sanitize;
pub mod scan;

use std::fmt;

pub use flow::{
    Hop, HopKind, Noise, NoiseKind, Piece, PieceKind, Reader, Refusal, Trace, read, refusal,
};
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

/// A captured span (an entry or a `log` member that starts at `at`) read as one JSON value;
/// an error is placed in the file.
fn span_json(at: scan::Pos, span: &[u8]) -> Result<serde_json::Value, TraceError> {
    let (text, e) = match std::str::from_utf8(span) {
        Ok(text) => match crate::text::json(text) {
            Ok(v) => return Ok(v),
            Err(e) => (text, e),
        },
        Err(bad) => {
            let ok = span.get(..bad.valid_up_to()).unwrap_or_default();
            let text = std::str::from_utf8(ok).unwrap_or_default();
            let e = crate::text::JsonError {
                offset: text.len(),
                message: "bytes that are not UTF-8 text".to_owned(),
            };
            return Err(span_error(at, text, &e));
        }
    };
    if e.offset >= text.len() {
        return Err(TraceError::Truncated {
            offset: at.offset + span.len() as u64,
        });
    }
    Err(span_error(at, text, &e))
}

/// The position of a reading error inside a span that starts at `at`.
fn span_error(at: scan::Pos, text: &str, e: &crate::text::JsonError) -> TraceError {
    let (el, ec) = e.line_col(text);
    let (el, ec) = (el as u64, ec as u64);
    let (line, column) = if el <= 1 {
        (at.line, at.column + ec.saturating_sub(1))
    } else {
        (at.line + el - 1, ec)
    };
    TraceError::Malformed {
        offset: at.offset + e.offset as u64,
        line,
        column,
        what: format!("valid JSON in entry ({})", e.message),
    }
}
