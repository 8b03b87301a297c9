//! Report files in CSV: a header naming the columns (any order, other columns ignored), then one
//! report per line. Fields may be double-quoted (`""` is a quote). Lines end with LF, CRLF, or
//! (a file whose header ends so) a lone CR; a UTF-8 BOM before the header is skipped. Read in
//! blocks of lines, each block normalised on every core; memory stays bounded whatever the file
//! holds (a line is held only up to [`MAX_LINE_BYTES`]).

use std::borrow::Cow;
use std::io::BufRead;
use std::path::Path;

use crate::intake::{BATCH_ROWS, Intake};
use crate::report::{COLUMNS, RowProblem};
use crate::{PublisherError, columns};

/// Most fields in one row (header included); a row with more is malformed.
pub const MAX_FIELDS: usize = 64;

/// Longest line, in bytes: a longer row is rejected without being held; a longer header
/// refuses the file.
pub const MAX_LINE_BYTES: usize = 1 << 20;

/// Bytes of lines held at once (at most [`BATCH_ROWS`] lines), normalised as one block.
const BLOCK_BYTES: usize = 64 << 20;

/// The first bytes of a Parquet file.
const PARQUET_MAGIC: &[u8] = b"PAR1";

/// The fields of one CSV line, or `None` when its quotes do not close or it has too many.
pub fn split(line: &str) -> Option<Vec<Cow<'_, str>>> {
    let mut fields = Vec::new();
    let mut rest = line;
    loop {
        if fields.len() == MAX_FIELDS {
            return None;
        }
        if let Some(quoted) = rest.strip_prefix('"') {
            let mut value = String::new();
            let mut tail = quoted;
            loop {
                let end = tail.find('"')?;
                value.push_str(&tail[..end]);
                tail = &tail[end + 1..];
                match tail.strip_prefix('"') {
                    Some(t) => (value.push('"'), tail = t).1,
                    None => break,
                }
            }
            fields.push(Cow::Owned(value));
            match tail.strip_prefix(',') {
                Some(t) => rest = t,
                None if tail.trim().is_empty() => return Some(fields),
                None => return None,
            }
        } else {
            match rest.find(',') {
                Some(i) => (fields.push(Cow::Borrowed(&rest[..i])), rest = &rest[i + 1..]).1,
                None => return Some((fields.push(Cow::Borrowed(rest)), fields).1),
            }
        }
    }
}

/// One physical line: its bytes without the line end, or `None` when it is longer than
/// [`MAX_LINE_BYTES`] (its bytes were skipped, not held).
type Line = Option<Vec<u8>>;

/// The lines of a file: each ends at LF (a CR before it dropped), or at CR in a file whose first
/// line ends with a lone CR (old Mac exports).
struct Lines<R> {
    reader: R,
    end: u8,
}

impl<R: BufRead> Lines<R> {
    fn new(mut reader: R) -> std::io::Result<Self> {
        let buf = reader.fill_buf()?;
        let end = match buf.iter().position(|b| matches!(b, b'\r' | b'\n')) {
            Some(i) if buf[i] == b'\r' && buf.get(i + 1).is_some_and(|b| *b != b'\n') => b'\r',
            _ => b'\n',
        };
        Ok(Self { reader, end })
    }

    /// The next line, `None` at the end of the file.
    fn next_line(&mut self) -> std::io::Result<Option<Line>> {
        let (mut line, mut any) = (Some(Vec::new()), false);
        loop {
            let buf = self.reader.fill_buf()?;
            if buf.is_empty() {
                break;
            }
            any = true;
            let found = buf.iter().position(|b| *b == self.end);
            let chunk = &buf[..found.unwrap_or(buf.len())];
            if let Some(l) = &mut line {
                match l.len() + chunk.len() > MAX_LINE_BYTES {
                    true => line = None,
                    false => l.extend_from_slice(chunk),
                }
            }
            let used = found.map_or(buf.len(), |i| i + 1);
            self.reader.consume(used);
            if found.is_some() {
                break;
            }
        }
        if let Some(l) = &mut line
            && self.end == b'\n'
            && l.last() == Some(&b'\r')
        {
            l.pop();
        }
        Ok(any.then_some(line))
    }
}

/// Reads the CSV report file `path` into `intake`. Refused whole only when the header is missing,
/// unreadable, or lacks a required column (or names one twice).
pub fn read(path: &Path, reader: impl BufRead, intake: &mut Intake) -> Result<(), PublisherError> {
    let io = |e| PublisherError::io(path, e);
    let refuse = |reason: &str| PublisherError::not_reports(path, reason);
    let mut lines = Lines::new(reader).map_err(io)?;
    let mut line_no = 0u64;
    let header = loop {
        line_no += 1;
        let bytes = match lines.next_line().map_err(io)? {
            None => return Err(refuse("empty file, header required")),
            Some(None) => return Err(refuse("the header line is longer than 1 MiB")),
            Some(Some(bytes)) => bytes,
        };
        if line_no == 1 && bytes.starts_with(PARQUET_MAGIC) {
            return Err(refuse("a Parquet file: name it .parquet"));
        }
        let text = String::from_utf8(bytes).ok().filter(|t| !t.contains('\0'));
        let text = text.ok_or_else(|| refuse("the header is not UTF-8 text"))?;
        let text = match line_no {
            1 => text.strip_prefix('\u{feff}').map(str::to_owned).unwrap_or(text),
            _ => text,
        };
        if !text.trim().is_empty() {
            break text;
        }
    };
    let header = header.trim_end_matches('\r');
    let names = split(header).ok_or_else(|| match header.matches(',').count() >= MAX_FIELDS {
        true => refuse("more than 64 columns"),
        false => refuse("malformed header (a quote does not close)"),
    })?;
    if names.len() == 1 && header.contains([';', '\t', '|']) {
        return Err(refuse("one column: separate the columns with commas"));
    }
    let at = columns::locate(path, names.iter().map(|n| n.trim().to_ascii_lowercase()))?;
    let width = names.len();
    let (mut block, mut held): (Vec<(u64, Line)>, usize) = (Vec::with_capacity(BATCH_ROWS), 0);
    loop {
        let next = lines.next_line().map_err(io)?;
        let done = next.is_none();
        if let Some(line) = next {
            line_no += 1;
            held += line.as_ref().map_or(0, Vec::len);
            block.push((line_no, line));
        }
        if block.len() == BATCH_ROWS || held >= BLOCK_BYTES || (done && !block.is_empty()) {
            add_block(path, &block, &at, width, intake);
            block.clear();
            held = 0;
        }
        if done {
            return Ok(());
        }
    }
}

/// A row's fields, or why it is rejected.
type Fields<'a> = Result<Vec<Cow<'a, str>>, RowProblem>;

/// The fields of a row of a file whose header has `width` fields, or why it is rejected: a row
/// with more fields than the header, or too few to hold the required columns, is malformed.
fn fields<'a>(line: &'a Line, at: &[Option<usize>; COLUMNS.len()], width: usize) -> Fields<'a> {
    let bytes = line.as_deref().ok_or(RowProblem::TooLong)?;
    let text = std::str::from_utf8(bytes).ok().filter(|t| !t.contains('\0')).ok_or(RowProblem::Malformed)?;
    let fields = split(text.trim_end_matches('\r')).ok_or(RowProblem::Malformed)?;
    match (columns::needed(at)..=width).contains(&fields.len()) {
        true => Ok(fields),
        false => Err(RowProblem::Malformed),
    }
}

/// Splits and normalises one block of lines (blank lines skipped).
fn add_block(
    path: &Path,
    block: &[(u64, Line)],
    at: &[Option<usize>; COLUMNS.len()],
    width: usize,
    intake: &mut Intake,
) {
    let blank = |line: &Line| line.as_deref().is_some_and(|b| b.iter().all(u8::is_ascii_whitespace));
    let split: Vec<(u64, Fields<'_>)> =
        block.iter().filter(|(_, line)| !blank(line)).map(|(n, line)| (*n, fields(line, at, width))).collect();
    let mut rows = Vec::with_capacity(split.len());
    for (line, f) in &split {
        match f {
            Ok(f) => rows.push((*line, columns::raw(at, |i| f.get(i).map_or("", |v| v.as_ref())))),
            Err(problem) => {
                intake.add_rows(path, &rows);
                rows.clear();
                intake.reject(path, *line, *problem);
            }
        }
    }
    intake.add_rows(path, &rows);
}

#[cfg(test)]
mod tests {
    use super::split;

    #[test]
    fn fields_split_with_quotes() {
        let f = split(r#"+41446681800,CH,"scam, bad","say ""hi""",x"#).unwrap();
        assert_eq!(f, ["+41446681800", "CH", "scam, bad", "say \"hi\"", "x"]);
        assert_eq!(split("a,,b").unwrap(), ["a", "", "b"]);
        assert!(split(r#"a,"open"#).is_none());
        assert!(split(&",".repeat(100)).is_none());
    }
}
