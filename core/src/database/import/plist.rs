//! Apple property lists of number dicts (the Begone format), XML or binary (as iOS exports
//! them), read by the `plist` crate's event readers: an array of dicts with `number`/`pattern`
//! and `title`/`label` strings (plus optional `action`, `category`). Nested collections are
//! skipped by counting depth, never by recursion. A row is reported by the line its `<dict>`
//! is on (XML) or by its 1-based position in the array (binary, which has no lines).

use std::cell::Cell;
use std::io::{self, BufRead, Cursor, Read};

use plist::stream::{BinaryReader, Event, OwnedEvent, XmlReader};

use super::{ImportOptions, RawRow, Rows};
use crate::error::RingfenceError;

const MALFORMED_XML: RingfenceError = RingfenceError::InvalidList("malformed XML property list");
const MALFORMED_BINARY: RingfenceError = RingfenceError::InvalidList("malformed binary property list");
const NOT_AN_ARRAY: RingfenceError = RingfenceError::InvalidList("a property list of number dicts must be an array");

/// The events of one property list, and where the last one ended.
struct Events<'a> {
    events: Box<dyn Iterator<Item = Result<OwnedEvent, plist::Error>> + 'a>,
    /// The byte offset just past the last event (XML), counting lines up to it.
    xml: Option<(&'a [u8], &'a Cell<usize>)>,
    /// Lines before `counted` (XML).
    lines: usize,
    counted: usize,
    malformed: RingfenceError,
}

impl Events<'_> {
    /// The next event; `None` at the end; an error on a malformed document.
    fn next(&mut self) -> Result<Option<OwnedEvent>, RingfenceError> {
        self.events.next().transpose().map_err(|_| self.malformed.clone())
    }

    /// The next event, which the document must have.
    fn expect(&mut self) -> Result<OwnedEvent, RingfenceError> {
        self.next()?.ok_or_else(|| self.malformed.clone())
    }

    /// Where the last event is: its line (XML), else `index`, the element's position.
    fn line(&mut self, index: usize) -> usize {
        let Some((bytes, pos)) = self.xml else { return index };
        let end = pos.get().min(bytes.len());
        self.lines += bytes[self.counted.min(end)..end].iter().filter(|b| **b == b'\n').count();
        self.counted = self.counted.max(end);
        self.lines + 1
    }

    /// Skips the rest of a collection whose start was just read.
    fn skip_collection(&mut self) -> Result<(), RingfenceError> {
        let mut depth = 1usize;
        while depth > 0 {
            match self.expect()? {
                Event::StartArray(_) | Event::StartDictionary(_) => depth += 1,
                Event::EndCollection => depth -= 1,
                _ => {}
            }
        }
        Ok(())
    }
}

/// The bytes of an XML document, read by the XML reader, which consumes exactly up to the end
/// of each tag it reads: `pos` then tells where the last event ended.
struct Counting<'a> {
    bytes: &'a [u8],
    pos: &'a Cell<usize>,
}

impl Read for Counting<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.fill_buf()?.read(buf)?;
        self.consume(n);
        Ok(n)
    }
}

impl BufRead for Counting<'_> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        Ok(self.bytes.get(self.pos.get()..).unwrap_or_default())
    }

    fn consume(&mut self, amt: usize) {
        self.pos.set(self.pos.get() + amt);
    }
}

/// Reads the property list into `rows`.
pub(super) fn read(
    bytes: &[u8],
    opts: &ImportOptions,
    rows: &mut Rows,
    progress: &mut dyn FnMut(usize),
) -> Result<(), RingfenceError> {
    let pos = Cell::new(0);
    let mut events = if bytes.starts_with(b"bplist") {
        let events = Box::new(BinaryReader::new(Cursor::new(bytes)));
        Events { events, xml: None, lines: 0, counted: 0, malformed: MALFORMED_BINARY }
    } else {
        let events = Box::new(XmlReader::new(Counting { bytes, pos: &pos }));
        Events { events, xml: Some((bytes, &pos)), lines: 0, counted: 0, malformed: MALFORMED_XML }
    };
    if !matches!(events.next()?, Some(Event::StartArray(_))) {
        return Err(NOT_AN_ARRAY);
    }
    let mut index = 0usize;
    loop {
        let event = events.expect()?;
        index += 1;
        let line = events.line(index);
        match event {
            Event::EndCollection => break,
            Event::StartDictionary(_) => read_dict(&mut events, line, opts, rows)?,
            Event::StartArray(_) => {
                events.skip_collection()?;
                rows.reject(line, "not a dict");
            }
            _ => rows.reject(line, "not a dict"),
        }
        if index.is_multiple_of(4096) {
            progress(pos.get());
        }
    }
    match events.next()? {
        None => Ok(()),
        Some(_) => Err(events.malformed),
    }
}

/// Reads one dict (its start already read) as a row.
fn read_dict(
    events: &mut Events<'_>,
    line: usize,
    opts: &ImportOptions,
    rows: &mut Rows,
) -> Result<(), RingfenceError> {
    let (mut fields, mut bad) = ([None, None, None, None], false);
    loop {
        let key = match events.expect()? {
            Event::EndCollection => break,
            Event::String(key) => key,
            _ => return Err(events.malformed.clone()),
        };
        let slot = match key.trim().to_ascii_lowercase().as_str() {
            "number" | "pattern" => Some(0),
            "action" => Some(1),
            "category" => Some(2),
            "title" | "label" => Some(3),
            _ => None,
        };
        let value = match events.expect()? {
            Event::String(s) => Some(s.into_owned()),
            Event::Integer(i) => Some(i.to_string()),
            Event::Real(r) => Some(r.to_string()),
            Event::Date(d) => Some(d.to_xml_format()),
            Event::StartArray(_) | Event::StartDictionary(_) => {
                events.skip_collection()?;
                None
            }
            Event::EndCollection => return Err(events.malformed.clone()),
            _ => None,
        };
        match (slot, value) {
            (Some(2), Some(v)) if v.trim().bytes().all(|b| b.is_ascii_digit()) => {} // Begone's numeric category
            (Some(i), Some(v)) => fields[i] = Some(v),
            (Some(_), None) => bad = true,
            (None, _) => {}
        }
    }
    if bad {
        rows.reject(line, "fields must be strings");
        return Ok(());
    }
    let [pattern, action, category, label] = &fields;
    let row = RawRow {
        pattern: pattern.as_deref(),
        action: action.as_deref(),
        category: category.as_deref(),
        label: label.as_deref(),
    };
    rows.push(line, &row, opts);
    Ok(())
}

#[cfg(test)]
#[path = "plist_tests.rs"]
mod tests;
