//! Reading number lists into entries, normalizing every number with the phone-number code
//! (national formats read in the import's region).
//!
//! Formats ([`ListFormat`], chosen from the file extension):
//! - **CSV** (`.csv`): a header row is required; columns `pattern` (or `number`, `phonenumber`,
//!   `phone`), optional `action`, `category`, `label` (or `name`, `title`, `description`).
//! - **Text** (`.txt`): one number or `#` pattern per line; blank lines and lines starting
//!   with `#` are skipped.
//! - **JSON** (`.json`): an array of objects with the same fields as the CSV columns.
//! - **Plist** (`.plist`): an Apple XML property list, an array of dicts with `number` (or
//!   `pattern`) and `title` (or `label`), as used by the Begone blocker; other keys (such as
//!   Begone's numeric `category` and `addNational`) are ignored.
//!
//! Missing actions and categories take the import's defaults ([`ImportOptions`]). A bad row is
//! reported with its 1-based line number and a reason (never the row's text), and skipped; only
//! an unusable file as a whole (no header, malformed JSON/XML, too large) is an error.

mod csv;
mod json;
mod lines;
mod plist;
mod text;

use std::path::Path;

pub use csv::MAX_CSV_COLUMNS;
pub(crate) use csv::{RULES_SCHEMA, read_csv};
pub use lines::{LineParser, ParsedLines};

use super::builder::{DatabaseBuilder, Entry, check_label};
use crate::error::RingfenceError;
use crate::number::{Pattern, RegionCode};
use crate::verdict::{Action, Category};

/// Largest list accepted by the database importers, in bytes.
pub const MAX_IMPORT_BYTES: usize = 1 << 30;

/// A rejected row.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct RowError {
    /// 1-based line number in the file (the header is line 1).
    pub line: u32,
    /// Why it was rejected (never contains the row's number).
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
    /// An Apple XML property list (Begone).
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

/// Reads a list: the valid entries, and a report of accepted and rejected rows.
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
    if text.len() > MAX_IMPORT_BYTES {
        return Err(RingfenceError::LimitExceeded { what: "list size in bytes", limit: MAX_IMPORT_BYTES as u64 });
    }
    let mut rows = Rows::default();
    match format {
        ListFormat::Csv => read_csv(text, opts, &csv::FEED_SCHEMA, &mut rows, progress)?,
        ListFormat::Text => text::read(text, 0, opts, &mut rows, progress),
        ListFormat::Json => json::read(text, opts, &mut rows, progress)?,
        ListFormat::Plist => plist::read(text, opts, &mut rows, progress)?,
    }
    progress(text.len());
    Ok((rows.entries.into_iter().map(|(_, e)| e).collect(), rows.report))
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
}

impl Rows {
    /// Records a rejected row.
    pub(crate) fn reject(&mut self, line: usize, reason: &str) {
        let line = u32::try_from(line).unwrap_or(u32::MAX);
        self.report.rejected.push(RowError { line, reason: reason.to_owned() });
    }

    /// Validates and records one row: action, category, pattern, then label are checked.
    pub(crate) fn push(&mut self, line: usize, row: &RawRow<'_>, opts: &ImportOptions) {
        match entry(row, opts) {
            Ok(e) => {
                self.entries.push((u32::try_from(line).unwrap_or(u32::MAX), e));
                self.report.accepted += 1;
            }
            Err(reason) => self.reject(line, reason),
        }
    }
}

fn entry(row: &RawRow<'_>, opts: &ImportOptions) -> Result<Entry, &'static str> {
    let action = match row.action.map(str::trim).filter(|a| !a.is_empty()) {
        None => opts.action,
        Some(a) => Action::from_code(&a.to_ascii_lowercase()).ok_or("unknown action")?,
    };
    let category = match row.category.map(str::trim).filter(|c| !c.is_empty()) {
        None => opts.category,
        Some(c) => Category::from_code(&c.to_ascii_lowercase()).ok_or("unknown category")?,
    };
    let text = row.pattern.ok_or("missing number")?;
    let pattern = Pattern::parse(text, opts.region).map_err(|_| "invalid number or pattern")?;
    let label = check_label(row.label.unwrap_or("")).map_err(|_| "invalid label")?.map(str::to_owned);
    Ok(Entry { pattern, action, category, label })
}
