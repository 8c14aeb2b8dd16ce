//! Writing results: through one locked, buffered writer, where a closed pipe ends the run
//! quietly and any other write error (a full disk) becomes a message instead of a panic.
use std::io::{self, BufWriter, Write};

use crate::exit::Failure;

/// Runs `body` against buffered standard output and flushes it.
pub fn to_stdout(body: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> Result<(), Failure> {
    write_to(io::stdout().lock(), "standard output", body)
}

/// Runs `body` against `sink` (named `name` in messages) through a buffer and flushes it: a
/// full disk often shows only at the flush, so the flush counts as part of the write.
pub fn write_to(
    sink: impl Write,
    name: &str,
    body: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<(), Failure> {
    let mut out = BufWriter::new(sink);
    let result = body(&mut out).and_then(|()| out.flush());
    match result {
        Ok(()) => Ok(()),
        // The reader stopped reading (`| head`): what it wanted it has, so this is no failure.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {
            // Nothing left to say; drop the buffer without another write that would fail again.
            let _ = out.into_parts();
            Ok(())
        }
        Err(e) => {
            let _ = out.into_parts();
            Err(Failure::Write(format!("writing {name}: {e}")))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A sink that fails every write with one error kind.
    struct Failing(io::ErrorKind);

    impl Write for Failing {
        fn write(&mut self, _: &[u8]) -> io::Result<usize> {
            Err(io::Error::from(self.0))
        }
        fn flush(&mut self) -> io::Result<()> {
            Err(io::Error::from(self.0))
        }
    }

    #[test]
    fn a_closed_pipe_is_quiet_and_a_full_disk_is_a_write_failure() {
        let say = |w: &mut dyn Write| writeln!(w, "hello");
        assert_eq!(
            write_to(Failing(io::ErrorKind::BrokenPipe), "out", say),
            Ok(())
        );
        let full = write_to(Failing(io::ErrorKind::StorageFull), "out", say).unwrap_err();
        assert_eq!(full.code(), 4);
        assert!(matches!(&full, Failure::Write(m) if m.starts_with("writing out: ")));
        let mut buf = Vec::new();
        assert_eq!(write_to(&mut buf, "out", say), Ok(()));
        assert_eq!(buf, b"hello\n");
    }
}
