//! Reading an input (a file or standard input) under a size cap, so a huge file is refused
//! before it is read whole.
use std::ffi::OsStr;
use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

use crate::exit::Failure;

/// The largest input read: 1 GiB, so that large browser traces (HAR files) fit.
pub const CAP: u64 = 1 << 30;

/// Lowers the cap for tests, which must not write a gigabyte to prove the refusal. It can only
/// lower the cap, never raise it.
const CAP_ENV: &str = "GUESTLENS_TEST_INPUT_CAP";

/// The cap in force: [`CAP`], or a smaller one from the test variable.
pub fn cap() -> u64 {
    std::env::var(CAP_ENV)
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
        .map_or(CAP, |v| v.min(CAP))
}

/// Reads `path`, or standard input for `-`, refusing anything over `cap` bytes.
pub fn read(path: &Path, cap: u64) -> Result<Vec<u8>, Failure> {
    if path.as_os_str() == OsStr::new("-") {
        return read_capped(io::stdin().lock(), cap, 0, "standard input");
    }
    let name = path.display().to_string();
    let file = File::open(path).map_err(|e| Failure::Read(format!("reading {name}: {e}")))?;
    // A regular file's size is known: refuse it without reading a byte. Pipes and devices
    // report 0 here and are caught by the counted read below.
    let size = file.metadata().map_or(0, |m| m.len());
    if size > cap {
        return Err(too_big(&name, cap));
    }
    read_capped(file, cap, size, &name)
}

/// Opens `path`, or standard input for `-`, to be read in chunks: a regular file over `cap` is
/// refused before a byte is read; [`Chunks`] refuses any other input once it passes the cap.
pub fn open(path: &Path, cap: u64) -> Result<Chunks, Failure> {
    if path.as_os_str() == OsStr::new("-") {
        return Ok(Chunks {
            reader: Box::new(io::stdin().lock()),
            name: "standard input".to_owned(),
            cap,
            read: 0,
        });
    }
    let name = path.display().to_string();
    let file = File::open(path).map_err(|e| Failure::Read(format!("reading {name}: {e}")))?;
    if file.metadata().map_or(0, |m| m.len()) > cap {
        return Err(too_big(&name, cap));
    }
    Ok(Chunks {
        reader: Box::new(file),
        name,
        cap,
        read: 0,
    })
}

/// An input read a chunk at a time, under the cap.
pub struct Chunks {
    reader: Box<dyn Read>,
    pub name: String,
    cap: u64,
    read: u64,
}

impl Chunks {
    /// Fills `buf` with the next bytes; an empty slice at the end.
    pub fn next<'b>(&mut self, buf: &'b mut [u8]) -> Result<&'b [u8], Failure> {
        let n = loop {
            match self.reader.read(buf) {
                Ok(n) => break n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(Failure::Read(format!("reading {}: {e}", self.name))),
            }
        };
        self.read = self.read.saturating_add(n as u64);
        if self.read > self.cap {
            return Err(too_big(&self.name, self.cap));
        }
        Ok(buf.get(..n).unwrap_or_default())
    }
}

/// Reads at most `cap + 1` bytes: one more than allowed is enough to know the input is too big.
fn read_capped(
    reader: impl Read,
    cap: u64,
    size_hint: u64,
    name: &str,
) -> Result<Vec<u8>, Failure> {
    let mut bytes = Vec::new();
    // One allocation for a file of known size, instead of doubling up to twice its size.
    let _ = bytes.try_reserve_exact(usize::try_from(size_hint).unwrap_or(0));
    reader
        .take(cap.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| Failure::Read(format!("reading {name}: {e}")))?;
    if u64::try_from(bytes.len()).map_or(true, |n| n > cap) {
        return Err(too_big(name, cap));
    }
    Ok(bytes)
}

fn too_big(name: &str, cap: u64) -> Failure {
    Failure::TooBig(format!(
        "{name} is larger than the input cap of {}; nothing was analysed",
        human(cap)
    ))
}

/// A byte count in the largest binary unit that divides it, with the exact count beside it.
fn human(bytes: u64) -> String {
    for (shift, unit) in [(30, "GiB"), (20, "MiB"), (10, "KiB")] {
        if bytes >= 1 << shift && bytes.is_multiple_of(1 << shift) {
            return format!("{} {unit} ({bytes} bytes)", bytes >> shift);
        }
    }
    format!("{bytes} bytes")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_up_to_the_cap_and_refuses_one_byte_more() {
        let ok = read_capped(&b"12345"[..], 5, 0, "x").unwrap();
        assert_eq!(ok, b"12345");
        let err = read_capped(&b"123456"[..], 5, 0, "pasted.log").unwrap_err();
        assert_eq!(
            err,
            Failure::TooBig(
                "pasted.log is larger than the input cap of 5 bytes; nothing was analysed".into()
            )
        );
    }

    #[test]
    fn never_reads_past_cap_plus_one() {
        // An endless input ends after cap + 1 bytes instead of filling memory.
        let err = read_capped(io::repeat(b'a'), 1024, 0, "endless").unwrap_err();
        assert_eq!(err.code(), 3);
    }

    #[test]
    fn chunks_stop_at_the_cap() {
        let mut c = Chunks {
            reader: Box::new(io::repeat(b'a')),
            name: "endless".into(),
            cap: 10,
            read: 0,
        };
        let mut buf = [0u8; 4];
        assert_eq!(c.next(&mut buf).unwrap(), b"aaaa");
        assert_eq!(c.next(&mut buf).unwrap(), b"aaaa");
        assert_eq!(c.next(&mut buf).unwrap_err().code(), 3);
    }

    #[test]
    fn the_cap_reads_well() {
        assert_eq!(human(CAP), "1 GiB (1073741824 bytes)");
        // The help states the cap in words; it must say the same as the constant.
        assert!(crate::exit::EXIT_STATUS_HELP.contains("size cap (1 GiB)"));
        assert_eq!(human(512 << 20), "512 MiB (536870912 bytes)");
        assert_eq!(human(1000), "1000 bytes");
    }
}
