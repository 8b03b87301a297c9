//! Line-based lists (CSV, text) read a piece at a time: a caller reads a large file in blocks
//! of whole rows ([`LineParser::whole_rows`]: whole lines, and in a CSV list no quoted line
//! break cut) and parses the blocks in any order, on any threads ([`LineParser`] is `Sync`),
//! then adds the entries in file order, so memory follows the block size, not the file size.
//! Rows, line numbers and reasons are exactly those of [`read_list`](super::read_list).

use super::csv::Columns;
use super::records::{record_ends, whole_records};
use super::{Entry, ImportOptions, ImportReport, ListFormat, Rows, text};
use crate::error::RingfenceError;

/// Parses blocks of whole lines of one CSV or text list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineParser {
    columns: Option<Columns>,
    opts: ImportOptions,
}

/// The rows of one block of lines.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParsedLines {
    /// The block's valid entries, in file order.
    pub entries: Vec<Entry>,
    /// Its accepted count and rejected rows (line numbers in the whole file).
    pub report: ImportReport,
}

impl LineParser {
    /// A parser for a list in `format` (CSV or text), given `head`, the start of the list in
    /// whole rows including its first non-blank one when it has one. Returns the parser and
    /// the byte offset in `head` where the rows start (past the header line of a CSV list).
    /// JSON and plist lists are not line-based: `InvalidList`.
    pub fn start(format: ListFormat, head: &str, opts: &ImportOptions) -> Result<(Self, usize), RingfenceError> {
        let (columns, at) = match format {
            ListFormat::Csv => Columns::from_head(head).map(|(c, at)| (Some(c), at))?,
            ListFormat::Text => (None, 0),
            ListFormat::Json | ListFormat::Plist => {
                return Err(RingfenceError::InvalidList("not a line-based list format"));
            }
        };
        Ok((Self { columns, opts: *opts }, at))
    }

    /// Parses `block` (whole rows from where [`start`](Self::start) said the rows start, or
    /// later), preceded by `lines_before` lines of the file.
    pub fn parse(&self, block: &str, lines_before: usize) -> ParsedLines {
        let mut rows = Rows::default();
        match &self.columns {
            Some(columns) => columns.read(block, lines_before, &self.opts, &mut rows, &mut |_| {}),
            None => text::read(block, lines_before, &self.opts, &mut rows, &mut |_| {}),
        }
        let entries = std::mem::take(&mut rows.entries).into_iter().map(|(_, e)| e).collect();
        ParsedLines { entries, report: rows.finish() }
    }

    /// The length of the longest prefix of `bytes` (the start of a list, or of a block that
    /// starts at a row) made of whole rows of a `format` list: up to a line end, and in a CSV
    /// list not inside a quoted field. 0 when there is none.
    pub fn whole_rows(format: ListFormat, bytes: &[u8]) -> usize {
        match format {
            ListFormat::Csv => whole_records(bytes),
            _ => bytes.iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1),
        }
    }

    /// `block` (whole rows) cut into pieces of whole rows of at least `size` bytes (but the
    /// last), to parse on several threads.
    pub fn pieces<'b>(&self, block: &'b str, size: usize) -> Vec<&'b str> {
        let ends = match self.columns {
            Some(_) => record_ends(block.as_bytes(), size.max(1)),
            None => {
                let (bytes, step) = (block.as_bytes(), size.max(1));
                let (mut ends, mut at) = (Vec::new(), 0);
                while let Some(i) = bytes.get(at + step - 1..).and_then(|t| t.iter().position(|b| *b == b'\n')) {
                    at += step + i;
                    ends.push(at);
                }
                ends
            }
        };
        let mut pieces = Vec::with_capacity(ends.len() + 1);
        let mut start = 0;
        for end in ends.into_iter().chain([block.len()]) {
            if end > start {
                pieces.push(&block[start..end]);
                start = end;
            }
        }
        pieces
    }
}

#[cfg(test)]
mod tests {
    use super::super::read_list;
    use super::*;

    /// Every split of a list into blocks gives the rows, line numbers and reasons of a whole read.
    #[test]
    fn blocks_read_like_the_whole_list() {
        let csv = "\n\u{FEFF}number,category,label\n+41446681800,scam,Fake bank\n\n044 668 18 01,,\nnope,spam,x\n\
                   +4121560####,robocall,\n+41446681802,martian,\n\"+41 44 668 18 03\",spam,\"a, b\"\n";
        let txt = "# list\n+902127053327\n\n0212 705 53 28\nnot a number\n+90212705####\n";
        let opts = ImportOptions { region: "CH".parse().ok(), ..ImportOptions::default() };
        for (format, text) in [(ListFormat::Csv, csv), (ListFormat::Text, txt)] {
            let (whole, report) = read_list(format, text, &opts).unwrap();
            assert!(!report.rejected.is_empty() && report.accepted >= 3, "{format:?}");
            let (parser, at) = LineParser::start(format, text, &opts).unwrap();
            let body = &text[at..];
            let ends: Vec<usize> = body.match_indices('\n').map(|(i, _)| i + 1).collect();
            for (split, end) in ends.iter().enumerate() {
                let (a, b) = body.split_at(*end);
                let before = text[..at].matches('\n').count();
                let (first, second) = (parser.parse(a, before), parser.parse(b, before + a.matches('\n').count()));
                let entries: Vec<Entry> = first.entries.iter().chain(&second.entries).cloned().collect();
                let rejected: Vec<_> = first.report.rejected.iter().chain(&second.report.rejected).cloned().collect();
                assert_eq!(entries, whole, "{format:?} split {split}");
                assert_eq!(rejected, report.rejected, "{format:?} split {split}");
                assert_eq!(first.report.accepted + second.report.accepted, report.accepted);
            }
        }
    }

    #[test]
    fn a_csv_needs_a_header_and_json_is_not_line_based() {
        let opts = ImportOptions::default();
        assert!(LineParser::start(ListFormat::Csv, "\n  \n", &opts).is_err());
        assert!(LineParser::start(ListFormat::Csv, "label\nx\n", &opts).is_err());
        assert!(LineParser::start(ListFormat::Json, "[]", &opts).is_err());
        assert_eq!(LineParser::start(ListFormat::Text, "", &opts).map(|(_, at)| at), Ok(0));
    }
}
