//! Standard output that notices when its reader has gone away.
//!
//! Rust ignores `SIGPIPE`, so a write to a closed pipe (`ringfence export … | head -1`) is an
//! `EPIPE` error. Like other Unix tools, the command then stops writing and ends quietly with
//! success: [`Output::reader_gone`] tells `main` that the error was that, not a failure.

use std::io::{self, ErrorKind, Write};

/// A writer that remembers whether a write failed because the reader closed the pipe.
#[derive(Debug)]
pub struct Output<W> {
    inner: W,
    reader_gone: bool,
}

impl<W: Write> Output<W> {
    /// Wraps `inner`.
    pub fn new(inner: W) -> Self {
        Self { inner, reader_gone: false }
    }

    /// Whether a write or flush failed with a broken pipe: whoever read the output stopped
    /// reading, which ends the command without an error.
    pub fn reader_gone(&self) -> bool {
        self.reader_gone
    }

    fn note<T>(&mut self, result: io::Result<T>) -> io::Result<T> {
        if let Err(e) = &result {
            self.reader_gone |= e.kind() == ErrorKind::BrokenPipe;
        }
        result
    }
}

impl<W: Write> Write for Output<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let result = self.inner.write(buf);
        self.note(result)
    }

    fn flush(&mut self) -> io::Result<()> {
        let result = self.inner.flush();
        self.note(result)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Closed(ErrorKind);

    impl Write for Closed {
        fn write(&mut self, _: &[u8]) -> io::Result<usize> {
            Err(self.0.into())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_broken_pipe_is_noted_and_other_errors_are_not() {
        let mut out = Output::new(Closed(ErrorKind::BrokenPipe));
        assert!(!out.reader_gone());
        assert!(writeln!(out, "x").is_err());
        assert!(out.reader_gone());

        let mut out = Output::new(Closed(ErrorKind::StorageFull));
        assert!(writeln!(out, "x").is_err());
        assert!(!out.reader_gone(), "a full disk is an error, not a closed reader");

        let mut out = Output::new(Vec::new());
        writeln!(out, "x").unwrap();
        assert!(!out.reader_gone());
        assert_eq!(out.inner, b"x\n");
    }
}
