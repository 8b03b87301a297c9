//! Reading number lists into entries, normalizing every number with the phone-number code
//! (national formats read in the import's region).
//!
//! Formats ([`ListFormat`], chosen from the file extension):
//! - **CSV** (`.csv`): a header row is required; columns `pattern` (or `number`, `phonenumber`,
//!   `phone`), optional `action`, `category`, `label` (or `name`, `title`, `description`),
//!   `score` (an integer ≥ 0, higher: more reported; 0 when absent).
//! - **Text** (`.txt`): one number or `#` pattern per line; blank lines and lines starting
//!   with `#` are skipped.
//! - **JSON** (`.json`): an array of objects with the same fields as the CSV columns.
//! - **Plist** (`.plist`): an Apple property list, XML or binary (as iOS exports them), an
//!   array of dicts with `number` (or `pattern`) and `title` (or `label`), as used by the
//!   Begone blocker; other keys (such as Begone's numeric `category` and `addNational`) are
//!   ignored.
//!
//! Missing actions and categories take the import's defaults ([`ImportOptions`]). A category
//! Ringfence does not know (`business`, `charity`…) is kept as [`Category::Other`], its name
//! becoming the label when the row has none, and reported as a warning. A bad row is reported
//! with its 1-based line number and a reason (never the row's text), and skipped; only an
//! unusable file as a whole (no header, malformed JSON/plist, too large) is an error.

pub(crate) mod csv;
pub(crate) mod json;
mod lines;
mod plist;
pub(crate) mod records;
mod text;

use std::path::Path;

pub use lines::{LineParser, ParsedLines};
pub use records::MAX_CSV_COLUMNS;

use super::builder::{DatabaseBuilder, Entry, check_label};
use crate::error::RingfenceError;
use crate::number::{Pattern, RegionCode};
use crate::verdict::{Action, Category};

/// Largest list accepted by the database importers, in bytes.
pub const MAX_IMPORT_BYTES: usize = 1 << 30;

/// Names of a list's pattern column (CSV header, JSON key), in any case.
pub(crate) const PATTERN_NAMES: [&str; 5] = ["pattern", "number", "phonenumber", "phone_number", "phone"];
/// Names of a list's label column.
pub(crate) const LABEL_NAMES: [&str; 4] = ["label", "name", "title", "description"];

/// A rejected row, or (in [`ImportReport::warnings`]) a row read with an assumption.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct RowError {
    /// 1-based line number in the file (the header is line 1) where the row starts; in a
    /// binary property list, which has no lines, the row's 1-based position in its array.
    pub line: u32,
    /// Why it was rejected, or what was assumed (never contains the row's number).
    pub reason: String,
}

/// The outcome of reading a list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct ImportReport {
    /// Rows turned into entries.
    pub accepted: u32,
    /// Rows rejected, with reasons.
    pub rejected: Vec<RowError>,
    /// Rows (or header columns) read with an assumption, e.g. an unknown category kept as
    /// `other`, or a row with fewer fields than the header; they are counted in `accepted`.
    pub warnings: Vec<RowError>,
}

/// A list file format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListFormat {
    /// CSV with a header row.
    Csv,
    /// One number or pattern per line.
    Text,
    /// A JSON array of objects.
    Json,
    /// An Apple property list, XML or binary (Begone).
    Plist,
}

impl ListFormat {
    /// The format for a file name's extension (`.csv`, `.txt`, `.json`, `.plist`; any case).
    pub fn from_path(path: &Path) -> Option<Self> {
        match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
            "csv" => Some(Self::Csv),
            "txt" => Some(Self::Text),
            "json" => Some(Self::Json),
            "plist" => Some(Self::Plist),
            _ => None,
        }
    }
}

/// How to read one list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImportOptions {
    /// Region for national-format numbers (`None`: only international formats parse).
    pub region: Option<RegionCode>,
    /// Action of rows that name none.
    pub action: Action,
    /// Category of rows that name none.
    pub category: Category,
}

impl Default for ImportOptions {
    /// No region; block; spam.
    fn default() -> Self {
        Self { region: None, action: Action::Block, category: Category::Spam }
    }
}

/// Reads a list: the valid entries, and a report of accepted and rejected rows. A binary
/// property list is not text: read it with [`read_list_bytes`].
pub fn read_list(
    format: ListFormat,
    text: &str,
    opts: &ImportOptions,
) -> Result<(Vec<Entry>, ImportReport), RingfenceError> {
    read_list_with_progress(format, text, opts, &mut |_| {})
}

/// [`read_list`], calling `progress` with the bytes read so far every few thousand rows.
pub fn read_list_with_progress(
    format: ListFormat,
    text: &str,
    opts: &ImportOptions,
    progress: &mut dyn FnMut(usize),
) -> Result<(Vec<Entry>, ImportReport), RingfenceError> {
    read_list_bytes_with_progress(format, text.as_bytes(), opts, progress)
}

/// [`read_list`] of a file's bytes: a property list may be binary; other formats must be
/// UTF-8 text (`InvalidList` otherwise).
pub fn read_list_bytes(
    format: ListFormat,
    bytes: &[u8],
    opts: &ImportOptions,
) -> Result<(Vec<Entry>, ImportReport), RingfenceError> {
    read_list_bytes_with_progress(format, bytes, opts, &mut |_| {})
}

/// [`read_list_bytes`], calling `progress` with the bytes read so far every few thousand rows.
pub fn read_list_bytes_with_progress(
    format: ListFormat,
    bytes: &[u8],
    opts: &ImportOptions,
    progress: &mut dyn FnMut(usize),
) -> Result<(Vec<Entry>, ImportReport), RingfenceError> {
    if bytes.len() > MAX_IMPORT_BYTES {
        return Err(RingfenceError::LimitExceeded { what: "list size in bytes", limit: MAX_IMPORT_BYTES as u64 });
    }
    let mut rows = Rows::default();
    let text = || std::str::from_utf8(bytes).map_err(|_| RingfenceError::InvalidList("list is not UTF-8 text"));
    match format {
        ListFormat::Csv => csv::read_csv(text()?, opts, &mut rows, progress)?,
        ListFormat::Text => text::read(text()?, 0, opts, &mut rows, progress),
        ListFormat::Json => json::read(text()?, opts, &mut rows, progress)?,
        ListFormat::Plist => plist::read(bytes, opts, &mut rows, progress)?,
    }
    progress(bytes.len());
    let entries = std::mem::take(&mut rows.entries).into_iter().map(|(_, e)| e).collect();
    Ok((entries, rows.finish()))
}

impl DatabaseBuilder {
    /// Reads a list and adds its entries. With `strict`, a list with any rejected row adds
    /// nothing and fails with `InvalidList`; otherwise bad rows are only reported.
    pub fn import(
        &mut self,
        format: ListFormat,
        text: &str,
        opts: &ImportOptions,
        strict: bool,
    ) -> Result<ImportReport, RingfenceError> {
        let (entries, report) = read_list(format, text, opts)?;
        if strict && !report.rejected.is_empty() {
            return Err(RingfenceError::InvalidList("rows rejected in strict mode"));
        }
        let mark = self.mark();
        for e in &entries {
            if let Err(err) = self.add(e) {
                self.rollback(mark);
                return Err(err.into());
            }
        }
        Ok(report)
    }
}

/// Rows being collected, with their line numbers.
#[derive(Debug, Default)]
pub(crate) struct Rows {
    pub entries: Vec<(u32, Entry)>,
    pub report: ImportReport,
}

/// The fields of one row, as text.
#[derive(Debug, Default)]
pub(crate) struct RawRow<'a> {
    pub pattern: Option<&'a str>,
    pub action: Option<&'a str>,
    pub category: Option<&'a str>,
    pub label: Option<&'a str>,
    pub score: Option<&'a str>,
}

impl Rows {
    /// Records a rejected row.
    pub(crate) fn reject(&mut self, line: usize, reason: &str) {
        self.report.rejected.push(RowError { line: line_u32(line), reason: reason.to_owned() });
    }

    /// Records a warning about a row that is read all the same.
    pub(crate) fn warn(&mut self, line: usize, reason: &str) {
        self.report.warnings.push(RowError { line: line_u32(line), reason: reason.to_owned() });
    }

    /// Validates and records one row: action, category, pattern, then label are checked.
    pub(crate) fn push(&mut self, line: usize, row: &RawRow<'_>, opts: &ImportOptions) {
        match entry(row, opts) {
            Ok((e, warning)) => {
                self.entries.push((line_u32(line), e));
                self.report.accepted += 1;
                if let Some(warning) = warning {
                    self.warn(line, warning);
                }
            }
            Err(reason) => self.reject(line, reason),
        }
    }

    /// The report, rejected rows and warnings in line order.
    pub(crate) fn finish(mut self) -> ImportReport {
        self.report.rejected.sort_by_key(|r| r.line);
        self.report.warnings.sort_by_key(|r| r.line);
        self.report
    }
}

fn line_u32(line: usize) -> u32 {
    u32::try_from(line).unwrap_or(u32::MAX)
}

/// The warning for a category Ringfence does not know, kept as [`Category::Other`].
pub(crate) const UNKNOWN_CATEGORY: &str = "unknown category, kept as other";

/// Validates one row into an entry, with a warning when an assumption was made.
pub(crate) fn entry(row: &RawRow<'_>, opts: &ImportOptions) -> Result<(Entry, Option<&'static str>), &'static str> {
    let (action, category, label, warning) = entry_fields(row, opts)?;
    let text = row.pattern.ok_or("missing number")?;
    let pattern = Pattern::parse(text, opts.region).map_err(|_| "invalid number or pattern")?;
    let score = parse_score(row.score)?;
    Ok((Entry { pattern, action, category, label, score }, warning))
}

/// Names of a feed list's score column.
pub(crate) const SCORE_NAMES: [&str; 1] = ["score"];

/// A row's score: a number ≥ 0 (`12`, or `2.500` rounded to the nearest whole score, halves up;
/// saturating at `u64::MAX`), 0 when absent or empty.
pub(crate) fn parse_score(text: Option<&str>) -> Result<u64, &'static str> {
    let Some(t) = text.map(str::trim).filter(|t| !t.is_empty()) else { return Ok(0) };
    let (whole, fraction) = t.split_once('.').unwrap_or((t, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() || !digits(whole) || !digits(fraction) || (t.contains('.') && fraction.is_empty()) {
        return Err("invalid score");
    }
    // A fraction (`feed aggregate` writes three decimals) rounds to the nearest whole score.
    let up = fraction.bytes().next().is_some_and(|b| b >= b'5');
    Ok(whole.parse::<u64>().unwrap_or(u64::MAX).saturating_add(u64::from(up)))
}

/// A row's action, category and label, and the warning of an unknown category.
pub(crate) type EntryFields = (Action, Category, Option<String>, Option<&'static str>);

/// A row's fields as [`entry`] reads them (everything but the pattern).
pub(crate) fn entry_fields(row: &RawRow<'_>, opts: &ImportOptions) -> Result<EntryFields, &'static str> {
    let action = match row.action.map(str::trim).filter(|a| !a.is_empty()) {
        None => opts.action,
        Some(a) => Action::from_code(&a.to_ascii_lowercase()).ok_or("unknown action")?,
    };
    // An unknown category is kept as `other`, its own name shown as the label when the row
    // has none (so it must be a valid label itself).
    let (category, unknown) = match row.category.map(str::trim).filter(|c| !c.is_empty()) {
        None => (opts.category, None),
        Some(c) => match Category::from_code(&c.to_ascii_lowercase()) {
            Some(category) => (category, None),
            None => (Category::Other, Some(check_label(c).map_err(|_| "unknown category")?.unwrap_or(c))),
        },
    };
    let label = check_label(row.label.unwrap_or("")).map_err(|_| "invalid label")?.or(unknown).map(str::to_owned);
    Ok((action, category, label, unknown.map(|_| UNKNOWN_CATEGORY)))
}
