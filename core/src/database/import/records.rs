//! CSV records, read by csv-core (the csv crate's own parser): RFC 4180 quoting (a quoted
//! field may hold commas, doubled quotes and line breaks), LF, CRLF or CR line ends, a UTF-8
//! BOM skipped, blank lines skipped. csv-core is used directly, rather than through the csv
//! crate's reader, so that a record over [`MAX_CSV_COLUMNS`] fields is skipped without storing
//! its fields (the csv crate would hold all of them first).

use csv_core::{ReadRecordResult, Reader};

/// Most fields in one CSV row (header included): a row with more is rejected ("too many
/// columns") without storing them, so a row of millions of commas costs no memory.
pub const MAX_CSV_COLUMNS: usize = 64;

/// Why a record could not be read (never contains the record's text).
pub(crate) const TOO_MANY_COLUMNS: &str = "too many columns";
/// A record opens a quote that the text never closes.
pub(crate) const UNBALANCED_QUOTES: &str = "unbalanced quotes";

/// One record: its first line and its fields.
#[derive(Debug)]
pub(crate) struct Record<'r> {
    /// The 1-based physical line the record starts on (line ends counted from the start of
    /// the text, plus the reader's `lines_before`).
    pub line: usize,
    /// The byte offset in the text just past the record.
    pub end: usize,
    /// The fields, or why the record is unreadable ([`TOO_MANY_COLUMNS`], [`UNBALANCED_QUOTES`]).
    pub fields: Result<Fields<'r>, &'static str>,
}

/// The fields of one record (quotes removed, white space kept).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Fields<'r> {
    text: &'r str,
    ends: &'r [usize],
}

impl<'r> Fields<'r> {
    /// How many fields.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Field `i`.
    pub fn get(&self, i: usize) -> Option<&'r str> {
        let end = *self.ends.get(i)?;
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        self.text.get(start..end)
    }

    /// Every field, in order.
    pub fn iter(&self) -> impl Iterator<Item = &'r str> + '_ {
        (0..self.len()).filter_map(|i| self.get(i))
    }
}

/// Where a record's fields are in [`Records`]' buffers: (text length, field count).
type Stored = (usize, usize);

/// Reads the records of a text (or of a block of whole records of one).
#[derive(Debug)]
pub(crate) struct Records<'a> {
    text: &'a [u8],
    pos: usize,
    /// Line ends before `pos`, plus the lines before the text.
    lines: usize,
    reader: Reader,
    out: Vec<u8>,
    ends: Vec<usize>,
}

impl<'a> Records<'a> {
    /// A reader of `text`, which starts at a record's start after `lines_before` lines.
    pub fn new(text: &'a str, lines_before: usize) -> Self {
        Self {
            text: text.as_bytes(),
            pos: 0,
            lines: lines_before,
            reader: Reader::new(),
            out: vec![0; 1024],
            ends: vec![0; MAX_CSV_COLUMNS],
        }
    }

    /// The next record that is not blank (a line of white space is skipped like an empty one).
    pub fn next_record(&mut self) -> Option<Record<'_>> {
        let (line, end, fields) = loop {
            let (line, end, fields) = self.read()?;
            match fields {
                Ok((len, 1)) if self.str_of(len).trim().is_empty() => {}
                _ => break (line, end, fields),
            }
        };
        let fields = fields.map(|(len, n)| Fields { text: self.str_of(len), ends: &self.ends[..n] });
        Some(Record { line, end, fields })
    }

    fn str_of(&self, len: usize) -> &str {
        // Fields are the text's bytes between ASCII delimiters, less ASCII quotes: UTF-8.
        std::str::from_utf8(&self.out[..len]).unwrap_or("")
    }

    /// Reads one record: its line, end, and (output length, field count) or the reason.
    fn read(&mut self) -> Option<(usize, usize, Result<Stored, &'static str>)> {
        let rest = &self.text[self.pos..];
        let start = self.pos + rest.iter().position(|b| !matches!(b, b'\r' | b'\n')).unwrap_or(rest.len());
        self.lines += count_lines(&self.text[self.pos..start]);
        let line = self.lines + 1;
        let (mut nout, mut nends, mut too_many, mut at_eof) = (0, 0, false, false);
        loop {
            let input = &self.text[self.pos..];
            at_eof = at_eof || input.is_empty();
            let (res, nin, out, ends) = self.reader.read_record(input, &mut self.out[nout..], &mut self.ends[nends..]);
            self.pos += nin;
            (nout, nends) = (nout + out, nends + ends);
            match res {
                ReadRecordResult::InputEmpty => {}
                ReadRecordResult::OutputFull if too_many => nout = 0,
                ReadRecordResult::OutputFull => self.out.resize(self.out.len() * 2, 0),
                ReadRecordResult::OutputEndsFull => (too_many, nout, nends) = (true, 0, 0),
                ReadRecordResult::Record => break,
                ReadRecordResult::End => return None,
            }
        }
        if at_eof && !closes(&self.text[start..self.pos]) {
            // A quote that never closes: the record's first line is rejected and reading goes
            // on from the next line, as a line-based reader would, so the rest is not lost.
            let rest = &self.text[start..];
            self.pos = start + rest.iter().position(|b| *b == b'\n').map_or(rest.len(), |i| i + 1);
            self.lines += count_lines(&self.text[start..self.pos]);
            self.reader = Reader::new();
            return Some((line, self.pos, Err(UNBALANCED_QUOTES)));
        }
        self.lines += count_lines(&self.text[start..self.pos]);
        let fields = if too_many { Err(TOO_MANY_COLUMNS) } else { Ok((nout, nends)) };
        Some((line, self.pos, fields))
    }
}

/// Whether `record` (a record's bytes) ends outside a quoted field: a line end after it ends it.
fn closes(record: &[u8]) -> bool {
    let mut reader = Reader::new();
    let (mut out, mut ends) = ([0; 256], [0; 8]);
    for mut input in [record, b"\n"] {
        while !input.is_empty() {
            let (res, nin, _, _) = reader.read_record(input, &mut out, &mut ends);
            input = &input[nin..];
            if res == ReadRecordResult::Record {
                return true;
            }
        }
    }
    false
}

/// Line ends (`\n`) in `bytes`.
fn count_lines(bytes: &[u8]) -> usize {
    bytes.iter().filter(|b| **b == b'\n').count()
}

/// The length of the longest prefix of `bytes` (which starts at a record's start) that ends
/// just past a record's line end: where a block of whole records may be cut. 0 when none.
pub(crate) fn whole_records(bytes: &[u8]) -> usize {
    record_ends(bytes, usize::MAX).last().copied().unwrap_or(0)
}

/// The offsets just past the line ends of the records of `bytes` (which starts at a record's
/// start), one at least every `step` bytes, and the last one.
pub(crate) fn record_ends(bytes: &[u8], step: usize) -> Vec<usize> {
    let mut reader = Reader::new();
    let (mut out, mut ends) = ([0; 4096], [0; 64]);
    let (mut pos, mut cuts, mut last) = (0, Vec::new(), None);
    loop {
        let (res, nin, _, _) = reader.read_record(&bytes[pos..], &mut out, &mut ends);
        pos += nin;
        match res {
            ReadRecordResult::Record => {
                // csv-core ends a record at its line end's first byte: take a CRLF's LF too.
                let end = if bytes[..pos].ends_with(b"\r") && bytes.get(pos) == Some(&b'\n') { pos + 1 } else { pos };
                last = Some(end);
                if end - cuts.last().copied().unwrap_or(0) >= step {
                    cuts.push(end);
                    last = None;
                }
            }
            ReadRecordResult::OutputFull | ReadRecordResult::OutputEndsFull => {}
            ReadRecordResult::InputEmpty | ReadRecordResult::End => break,
        }
    }
    cuts.extend(last);
    cuts
}

#[cfg(test)]
#[path = "records_tests.rs"]
mod tests;
