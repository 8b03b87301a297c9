//! Building a database: collect entries (from lists or code), resolve duplicates, encode the
//! canonical file and sign it.
//!
//! The encoding is canonical: the same entries and metadata always give the same bytes (labels
//! sorted, classes sorted, index parameters derived from the numbers). Deltas rely on it.

use std::collections::HashMap;
use std::sync::Arc;

use super::format::{self, PerSection, Section};
use super::score::score_level;
use super::tables::{Class, encode_classes, encode_labels, sort_key};
use super::{DatabaseError, Metadata, bits, index, ranges};
use crate::number::Pattern;
use crate::verdict::{Action, Category};

/// Longest label, in characters.
pub const MAX_LABEL_CHARS: usize = 100;
/// Longest feed name, in characters.
pub const MAX_FEED_NAME_CHARS: usize = 100;
/// Most exact-number entries in one database.
pub const MAX_EXACT: usize = 1 << 31;
/// Most `#`-range entries in one database.
pub const MAX_RANGES: usize = 1 << 20;

/// One entry to add: a pattern and what the feed says about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The exact number or `#` range.
    pub pattern: Pattern,
    /// What to do with matching calls.
    pub action: Action,
    /// What kind of caller it is.
    pub category: Category,
    /// A short label (at most [`MAX_LABEL_CHARS`], no control characters).
    pub label: Option<String>,
    /// How strongly the feed reports it (≥ 0, higher: more reported; 0 when unknown), stored
    /// as a monotonic one-byte level ([`score_level`]).
    pub score: u64,
}

/// The result of [`DatabaseBuilder::build`].
#[derive(Debug, Clone)]
pub struct BuildOutput {
    /// The signed database file.
    pub bytes: Vec<u8>,
    /// Exact-number entries written.
    pub exact: u64,
    /// Range entries written.
    pub ranges: u64,
    /// Entries dropped because the same pattern was added more than once (see [`DatabaseBuilder`]).
    pub duplicates: u64,
    /// The file's checksum.
    pub checksum: [u8; 32],
}

/// Collects entries and writes a signed database.
///
/// A pattern added more than once keeps one entry: an allow entry wins, else the strongest
/// action (block, silence, label), and among equals the first added.
#[derive(Debug, Clone)]
pub struct DatabaseBuilder {
    meta: Metadata,
    exact: Vec<(u64, u32)>,
    ranges: Vec<(Pattern, u32)>,
    classes: Vec<Class>,
    class_ids: HashMap<Class, u32>,
    labels: Vec<Arc<str>>,
    label_ids: HashMap<Arc<str>, u32>,
}

/// Checks a label: trimmed, at most [`MAX_LABEL_CHARS`], no control characters; empty is none.
pub(crate) fn check_label(label: &str) -> Result<Option<&str>, DatabaseError> {
    match label.trim() {
        "" => Ok(None),
        l if l.chars().count() > MAX_LABEL_CHARS => {
            Err(DatabaseError::LimitExceeded { what: "label length", limit: MAX_LABEL_CHARS as u64 })
        }
        l if l.chars().any(char::is_control) => Err(DatabaseError::InvalidText("label has control characters")),
        l => Ok(Some(l)),
    }
}

/// Checks a feed name: at most [`MAX_FEED_NAME_CHARS`], no control characters.
pub(crate) fn check_feed_name(feed: &str) -> Result<(), DatabaseError> {
    if feed.chars().count() > MAX_FEED_NAME_CHARS {
        return Err(DatabaseError::LimitExceeded { what: "feed name length", limit: MAX_FEED_NAME_CHARS as u64 });
    }
    if feed.chars().any(char::is_control) {
        return Err(DatabaseError::InvalidText("feed name has control characters"));
    }
    Ok(())
}

/// Order of precedence among entries for the same pattern (lower wins).
fn duplicate_rank(a: Action) -> u8 {
    match a {
        Action::Allow => 0,
        Action::Block => 1,
        Action::Silence => 2,
        Action::Label => 3,
    }
}

impl DatabaseBuilder {
    /// A builder for feed `feed` at `version`, created now.
    pub fn new(feed: &str, version: u64) -> Result<Self, DatabaseError> {
        check_feed_name(feed)?;
        let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
        let meta = Metadata { feed: feed.to_owned(), version, created_unix: now };
        Ok(Self {
            meta,
            exact: Vec::new(),
            ranges: Vec::new(),
            classes: Vec::new(),
            class_ids: HashMap::new(),
            labels: Vec::new(),
            label_ids: HashMap::new(),
        })
    }

    /// Sets the creation time (seconds since the Unix epoch), e.g. for reproducible builds.
    pub fn created_at(&mut self, unix_secs: u64) {
        self.meta.created_unix = unix_secs;
    }

    /// The metadata the file will carry.
    pub fn metadata(&self) -> &Metadata {
        &self.meta
    }

    /// Interns what an entry says; returns an id for [`push`](Self::push).
    pub fn class(&mut self, action: Action, category: Category, label: Option<&str>) -> Result<u32, DatabaseError> {
        self.scored_class(action, category, label, 0)
    }

    /// [`class`](Self::class) with a score level (from [`score_level`]).
    pub fn scored_class(
        &mut self,
        action: Action,
        category: Category,
        label: Option<&str>,
        score: u8,
    ) -> Result<u32, DatabaseError> {
        let label = match label.map(check_label).transpose()?.flatten() {
            None => None,
            Some(l) => Some(match self.label_ids.get(l) {
                Some(id) => *id,
                None => {
                    let id = self.labels.len() as u32;
                    let l: Arc<str> = Arc::from(l);
                    self.labels.push(l.clone());
                    self.label_ids.insert(l, id);
                    id
                }
            }),
        };
        let class = Class { action, category, label, score };
        Ok(*self.class_ids.entry(class).or_insert_with(|| {
            self.classes.push(class);
            self.classes.len() as u32 - 1
        }))
    }

    /// Adds `pattern` with a class id from [`class`](Self::class).
    pub fn push(&mut self, pattern: Pattern, class: u32) -> Result<(), DatabaseError> {
        if class as usize >= self.classes.len() {
            return Err(DatabaseError::InvalidText("unknown class id"));
        }
        if pattern.wildcards() == 0 {
            if self.exact.len() >= MAX_EXACT {
                return Err(DatabaseError::LimitExceeded { what: "exact entries", limit: MAX_EXACT as u64 });
            }
            self.exact.push((pattern.first().as_u64(), class));
        } else {
            if self.ranges.len() >= MAX_RANGES {
                return Err(DatabaseError::LimitExceeded { what: "range entries", limit: MAX_RANGES as u64 });
            }
            self.ranges.push((pattern, class));
        }
        Ok(())
    }

    /// Adds one entry (label validated, score stored as its level).
    pub fn add(&mut self, entry: &Entry) -> Result<(), DatabaseError> {
        let class =
            self.scored_class(entry.action, entry.category, entry.label.as_deref(), score_level(entry.score))?;
        self.push(entry.pattern, class)
    }

    /// A point to [`rollback`](Self::rollback) to.
    pub(crate) fn mark(&self) -> (usize, usize) {
        (self.exact.len(), self.ranges.len())
    }

    /// Forgets entries added after `mark` (interned classes stay; unused ones are not written).
    pub(crate) fn rollback(&mut self, mark: (usize, usize)) {
        self.exact.truncate(mark.0);
        self.ranges.truncate(mark.1);
    }

    /// Entries added so far (duplicates included).
    pub fn len(&self) -> usize {
        self.exact.len() + self.ranges.len()
    }

    /// Whether nothing was added.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Writes the file and signs it with the ed25519 secret key (32-byte seed) `secret`.
    pub fn build(self, secret: &[u8; 32]) -> Result<BuildOutput, DatabaseError> {
        let key = format::public_key(secret);
        self.build_signed_by(&key, |sum| format::sign(secret, sum))
    }

    /// Writes the file for signer `key`, signing its checksum with `sign`.
    pub(crate) fn build_signed_by(
        mut self,
        key: &[u8; 32],
        sign: impl FnOnce(&[u8; 32]) -> [u8; 64],
    ) -> Result<BuildOutput, DatabaseError> {
        let rank = |c: u32| duplicate_rank(self.classes[c as usize].action);
        let before = (self.exact.len() + self.ranges.len()) as u64;
        self.exact.sort_by_key(|(v, _)| *v);
        self.exact.dedup_by(|later, kept| {
            let same = later.0 == kept.0;
            if same && rank(later.1) < rank(kept.1) {
                kept.1 = later.1;
            }
            same
        });
        self.ranges.sort_by_key(|(p, _)| (p.wildcards(), p.first()));
        self.ranges.dedup_by(|later, kept| {
            let same = later.0 == kept.0;
            if same && rank(later.1) < rank(kept.1) {
                kept.1 = later.1;
            }
            same
        });
        let duplicates = before - (self.exact.len() + self.ranges.len()) as u64;
        let remap = self.canonical_classes();
        let (canonical, map) = (&remap.0, &remap.1);
        let values: Vec<u64> = self.exact.iter().map(|e| e.0).collect();
        let ids: Vec<u32> = self.exact.iter().map(|e| map[e.1 as usize]).collect();
        let ranges: Vec<(Pattern, u32)> = self.ranges.iter().map(|(p, c)| (*p, map[*c as usize])).collect();
        let class_bits = bits::width_for(canonical.len().saturating_sub(1) as u64);
        let mut sections = PerSection::default();
        sections[Section::Meta] =
            postcard::to_allocvec(&self.meta).map_err(|_| DatabaseError::Malformed("metadata"))?;
        let labels: Vec<&str> = remap.2.iter().map(|l| &**l).collect();
        sections[Section::Labels] = encode_labels(&labels);
        sections[Section::Classes] = encode_classes(canonical);
        index::encode(&values, &ids, class_bits, &mut sections);
        sections[Section::Ranges] = ranges::encode(&ranges, canonical);
        let mut bytes = format::assemble(&sections);
        let checksum = format::stamp_checksum(&mut bytes, key);
        format::stamp_signature(&mut bytes, &sign(&checksum));
        Ok(BuildOutput { bytes, exact: values.len() as u64, ranges: ranges.len() as u64, duplicates, checksum })
    }

    /// The used classes in canonical order, the builder-id → canonical-id map, and the labels.
    fn canonical_classes(&self) -> (Vec<Class>, Vec<u32>, Vec<Arc<str>>) {
        let mut used = vec![false; self.classes.len()];
        self.exact.iter().map(|e| e.1).chain(self.ranges.iter().map(|r| r.1)).for_each(|c| used[c as usize] = true);
        let mut labels: Vec<Arc<str>> = self
            .classes
            .iter()
            .zip(&used)
            .filter(|(_, u)| **u)
            .filter_map(|(c, _)| c.label)
            .map(|l| self.labels[l as usize].clone())
            .collect();
        labels.sort();
        labels.dedup();
        let label_id = |l: Option<u32>| l.map(|l| labels.binary_search(&self.labels[l as usize]).unwrap_or(0) as u32);
        let mut canonical: Vec<(Class, u32)> = (0..self.classes.len() as u32)
            .filter(|c| used[*c as usize])
            .map(|c| {
                let old = self.classes[c as usize];
                (Class { label: label_id(old.label), ..old }, c)
            })
            .collect();
        canonical.sort_by_key(|(c, _)| sort_key(c));
        let mut map = vec![0u32; self.classes.len()];
        canonical.iter().enumerate().for_each(|(new, (_, old))| map[*old as usize] = new as u32);
        (canonical.into_iter().map(|(c, _)| c).collect(), map, labels)
    }
}
