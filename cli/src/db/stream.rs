//! Reading a CSV or text list in blocks of whole rows (whole lines, and no quoted line break of
//! a CSV list cut), parsing each block on every core while the previous block's entries go into
//! the builder: memory follows the block size, not the file size, and rows reach the builder in
//! file order (duplicates resolve as in a whole read).

use std::io::{self, Read};

use rayon::prelude::*;
use ringfence_core::database::import::{ImportOptions, LineParser, ListFormat, ParsedLines};

/// Bytes read at a time (then cut at the last line end).
pub const BLOCK: usize = 4 << 20;
/// Bytes of a block one task parses.
const PIECE: usize = 64 << 10;

/// Reads a source in blocks of whole rows.
#[derive(Debug)]
pub struct BlockReader<R> {
    src: R,
    carry: Vec<u8>,
    at_end: bool,
    block: usize,
    format: ListFormat,
}

impl<R: Read> BlockReader<R> {
    /// A reader of `src`, a `format` list, in blocks of about `block` bytes.
    pub fn new(src: R, block: usize, format: ListFormat) -> Self {
        Self { src, carry: Vec::new(), at_end: false, block: block.max(1), format }
    }

    /// The next block: whole rows (the last row of the source may lack its line end), at
    /// least `block` bytes unless the source ends first; empty at the end.
    pub fn next_block(&mut self) -> io::Result<Vec<u8>> {
        let mut buf = std::mem::take(&mut self.carry);
        loop {
            if !self.at_end && (&mut self.src).take(self.block as u64).read_to_end(&mut buf)? == 0 {
                self.at_end = true;
            }
            if self.at_end {
                return Ok(buf);
            }
            let end = if buf.len() >= self.block { LineParser::whole_rows(self.format, &buf) } else { 0 };
            if end > 0 {
                self.carry = buf.split_off(end);
                return Ok(buf);
            }
        }
    }

    /// The next block as text.
    pub fn next_text(&mut self) -> io::Result<String> {
        String::from_utf8(self.next_block()?)
            .map_err(|_| io::Error::new(io::ErrorKind::InvalidData, "stream did not contain valid UTF-8"))
    }
}

/// The first lines of a list, up to and including its first non-blank line (or all of it), as
/// [`LineParser::start`] needs them; the rest of the first block comes back with them.
pub fn head<R: Read>(reader: &mut BlockReader<R>) -> io::Result<String> {
    let mut head = reader.next_text()?;
    loop {
        if head.lines().any(|l| !l.trim().is_empty()) {
            return Ok(head);
        }
        let more = reader.next_text()?;
        if more.is_empty() {
            return Ok(head);
        }
        head.push_str(&more);
    }
}

/// A block parsed: its pieces in order, and how many lines it holds.
pub struct Parsed {
    /// The pieces' rows, line numbers already counted from the start of the file.
    pub pieces: Vec<ParsedLines>,
    /// Line ends in the block.
    pub lines: usize,
}

/// Parses `block` (preceded by `lines_before` lines of the file) in pieces on every core.
pub fn parse_block(parser: &LineParser, block: &str, lines_before: usize) -> Parsed {
    let pieces = parser.pieces(block, PIECE);
    let parsed: Vec<(ParsedLines, usize)> =
        pieces.par_iter().map(|p| (parser.parse(p, 0), p.bytes().filter(|b| *b == b'\n').count())).collect();
    let mut lines = lines_before;
    let pieces = parsed
        .into_iter()
        .map(|(mut p, n)| {
            let offset = u32::try_from(lines).unwrap_or(u32::MAX);
            let rows = p.report.rejected.iter_mut().chain(&mut p.report.warnings);
            rows.for_each(|r| r.line = r.line.saturating_add(offset));
            lines += n;
            p
        })
        .collect();
    Parsed { pieces, lines: lines - lines_before }
}

/// Reads a CSV or text list from `src` in blocks of about `block` bytes, parsing on every core, and passes each
/// block's rows to `sink` in file order (while the next block is parsed). `progress` gets the
/// bytes read so far.
pub fn read_lines<R: Read>(
    src: R,
    block: usize,
    format: ListFormat,
    opts: &ImportOptions,
    progress: &(dyn Fn(u64) + Sync),
    sink: &mut (dyn FnMut(Parsed) -> Result<(), String> + Send),
) -> Result<(), String> {
    let mut reader = BlockReader::new(src, block, format);
    let head = head(&mut reader).map_err(|e| format!("cannot read: {e}"))?;
    let (parser, at) = LineParser::start(format, &head, opts).map_err(|e| e.to_string())?;
    let (mut read, mut lines) = (head.len() as u64, head[..at].matches('\n').count());
    let mut block = head[at..].to_owned();
    let mut pending: Option<Parsed> = None;
    loop {
        let (parsed, sunk) =
            rayon::join(|| parse_block(&parser, &block, lines), || pending.take().map_or(Ok(()), &mut *sink));
        sunk?;
        progress(read);
        if block.is_empty() {
            return Ok(());
        }
        lines += parsed.lines;
        pending = Some(parsed);
        block = reader.next_text().map_err(|e| format!("cannot read: {e}"))?;
        read += block.len() as u64;
    }
}

#[cfg(test)]
mod tests {
    use ringfence_core::database::{Entry, RowError};

    use super::*;

    #[test]
    fn blocks_are_whole_lines_and_cover_the_source() {
        let text: String = (0..5000).map(|i| format!("+4144668{i:04}\n")).collect::<String>() + "last";
        let mut r = BlockReader::new(text.as_bytes(), 1000, ListFormat::Text);
        let mut all = Vec::new();
        loop {
            let b = r.next_block().unwrap();
            if b.is_empty() {
                break;
            }
            assert!(b.ends_with(b"\n") || b.ends_with(b"last"));
            all.extend(b);
        }
        assert_eq!(all, text.as_bytes());
    }

    /// The entries and rejected rows of a CSV list read in blocks of about `block` bytes.
    fn streamed(text: &str, block: usize, opts: &ImportOptions) -> (Vec<Entry>, Vec<RowError>) {
        let (mut entries, mut rejected) = (Vec::new(), Vec::new());
        let mut sink = |p: Parsed| {
            for piece in p.pieces {
                entries.extend(piece.entries);
                rejected.extend(piece.report.rejected);
            }
            Ok(())
        };
        read_lines(text.as_bytes(), block, ListFormat::Csv, opts, &|_| {}, &mut sink).unwrap();
        (entries, rejected)
    }

    #[test]
    fn rows_and_line_numbers_match_a_whole_read() {
        let mut text = String::from("\n\nnumber,label\n");
        for i in 0..40_000 {
            text.push_str(&match i % 1000 {
                7 => "bad number,x\n".to_owned(),
                8 => "\n".to_owned(),
                _ => format!("+4144668{:04},l{}\n", i % 10_000, i % 3),
            });
        }
        let opts = ImportOptions::default();
        let (whole, report) = ringfence_core::database::import::read_list(ListFormat::Csv, &text, &opts).unwrap();
        let (entries, rejected) = streamed(&text, 1000, &opts);
        assert_eq!(entries, whole);
        assert_eq!(rejected, report.rejected);
        assert_eq!(rejected.len(), 40);
    }

    #[test]
    fn blocks_never_cut_a_quoted_line_break() {
        let mut text = String::from("number,label\r\n");
        for i in 0..20_000 {
            text.push_str(&match i % 100 {
                7 => format!("+4144668{:04},\"two\r\nlines, {i}\"\r\n", i % 10_000),
                8 => format!("\"+4144668{:04}\",\"say \"\"hi\"\"\"\r\n", i % 10_000),
                _ => format!("+4144668{:04},l{}\r\n", i % 10_000, i % 3),
            });
        }
        let opts = ImportOptions::default();
        let (whole, report) = ringfence_core::database::import::read_list(ListFormat::Csv, &text, &opts).unwrap();
        assert_eq!(report.rejected.len(), 200, "a label with a line break is rejected, by its first line");
        assert_eq!(report.rejected[0].line, 9);
        for block in [7, 1000, BLOCK] {
            let (entries, rejected) = streamed(&text, block, &opts);
            assert_eq!(entries, whole, "block {block}");
            assert_eq!(rejected, report.rejected, "block {block}");
        }
    }
}
