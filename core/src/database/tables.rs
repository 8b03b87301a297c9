//! The label table (UTF-8 strings), the class table (action, category, label id, score
//! level), and the one-byte action and category codes the file stores (fixed by the format).
//!
//! Every entry points at a class; classes are few (one per distinct action, category, label
//! and score level), so an entry costs only `ceil(log2(classes))` bits for all four. A feed
//! without scores has level 0 everywhere: its classes, and so its file, are as they were
//! before scores existed.

use super::DatabaseError;
use super::format::u32_at;
use crate::verdict::{Action, Category};

/// Both tables start with `count u32, 0 u32`.
const TABLE_HEADER: usize = 8;
/// A label table offset (`u32`): `count + 1` of them follow the header, then the text.
const LABEL_OFFSET: usize = 4;
/// A class record: `action u8, category u8, score u8, 0 u8, label u32`.
const CLASS_RECORD: usize = 8;
/// "No label" in a class record.
const NO_LABEL: u32 = u32::MAX;

/// What an entry says: action, category, label id and score level ([`super::score`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct Class {
    pub action: Action,
    pub category: Category,
    pub label: Option<u32>,
    pub score: u8,
}

/// Encodes the label table: count, reserved, `count + 1` offsets, then the UTF-8 bytes.
pub(crate) fn encode_labels(labels: &[&str]) -> Vec<u8> {
    let mut out = Vec::new();
    out.extend_from_slice(&(labels.len() as u32).to_le_bytes());
    out.extend_from_slice(&[0; 4]);
    let mut at = 0u32;
    out.extend_from_slice(&at.to_le_bytes());
    for l in labels {
        at += l.len() as u32;
        out.extend_from_slice(&at.to_le_bytes());
    }
    labels.iter().for_each(|l| out.extend_from_slice(l.as_bytes()));
    out
}

/// Encodes the class table: count, reserved, then 8-byte records.
pub(crate) fn encode_classes(classes: &[Class]) -> Vec<u8> {
    let mut out = Vec::with_capacity(TABLE_HEADER + classes.len() * CLASS_RECORD);
    out.extend_from_slice(&(classes.len() as u32).to_le_bytes());
    out.extend_from_slice(&[0; 4]);
    for c in classes {
        out.extend_from_slice(&[action_code(c.action), category_code(c.category), c.score, 0]);
        out.extend_from_slice(&c.label.unwrap_or(NO_LABEL).to_le_bytes());
    }
    out
}

/// The label table read in place.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Labels<'a> {
    pub bytes: &'a [u8],
    /// Number of labels.
    pub count: u32,
}

impl<'a> Labels<'a> {
    /// A table with no labels.
    pub(crate) const EMPTY: Labels<'static> = Labels { bytes: &[], count: 0 };

    /// Checks the count against the section length (O(1)).
    pub(crate) fn parse(bytes: &'a [u8]) -> Result<Self, DatabaseError> {
        let count = u32_at(bytes, 0).ok_or(DatabaseError::Malformed("label table"))?;
        if (u64::from(count) + 1) * LABEL_OFFSET as u64 + TABLE_HEADER as u64 > bytes.len() as u64 {
            return Err(DatabaseError::Malformed("label table"));
        }
        let text_at = Self::text_at(count);
        let total = u32_at(bytes, text_at - LABEL_OFFSET).ok_or(DatabaseError::Malformed("label table"))?;
        if u32_at(bytes, 4) != Some(0) || text_at + total as usize != bytes.len() {
            return Err(DatabaseError::Malformed("label table"));
        }
        Ok(Self { bytes, count })
    }

    /// Where the text starts in a table of `count` labels (after the header and offsets).
    fn text_at(count: u32) -> usize {
        TABLE_HEADER + (count as usize + 1) * LABEL_OFFSET
    }

    /// Label `id`; `None` when out of range or not UTF-8 (checked by [`validate`](Self::validate)).
    pub(crate) fn get(&self, id: u32) -> Option<&'a str> {
        let at = usize::try_from(u64::from(id) * LABEL_OFFSET as u64 + TABLE_HEADER as u64).ok()?;
        let (start, end) = (u32_at(self.bytes, at)? as usize, u32_at(self.bytes, at + LABEL_OFFSET)? as usize);
        let text = Self::text_at(self.count);
        std::str::from_utf8(self.bytes.get(text.checked_add(start)?..text.checked_add(end)?)?).ok()
    }

    /// Every label present, valid UTF-8, in strictly ascending order (the canonical form).
    pub(crate) fn validate(&self) -> Result<(), DatabaseError> {
        let mut prev: Option<&str> = None;
        for id in 0..self.count {
            let label = self.get(id).ok_or(DatabaseError::Malformed("label text"))?;
            if prev.is_some_and(|p| p >= label) {
                return Err(DatabaseError::Malformed("label order"));
            }
            prev = Some(label);
        }
        Ok(())
    }
}

/// The class table read in place.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Classes<'a> {
    pub bytes: &'a [u8],
    /// Number of classes.
    pub count: u32,
}

impl<'a> Classes<'a> {
    /// Checks the count against the section length (O(1)).
    pub(crate) fn parse(bytes: &'a [u8]) -> Result<Self, DatabaseError> {
        let count = u32_at(bytes, 0).ok_or(DatabaseError::Malformed("class table"))?;
        if u32_at(bytes, 4) != Some(0)
            || bytes.len() as u64 != TABLE_HEADER as u64 + u64::from(count) * CLASS_RECORD as u64
        {
            return Err(DatabaseError::Malformed("class table"));
        }
        Ok(Self { bytes, count })
    }

    /// Class `id`, `None` if out of range or undecodable.
    #[inline]
    pub(crate) fn get(&self, id: u32) -> Option<Class> {
        let at = usize::try_from(u64::from(id) * CLASS_RECORD as u64 + TABLE_HEADER as u64).ok()?;
        let rec = self.bytes.get(at..at.checked_add(CLASS_RECORD)?)?;
        let label = u32_at(rec, 4)?;
        Some(Class {
            action: action_from(rec[0])?,
            category: category_from(rec[1])?,
            label: (label != NO_LABEL).then_some(label),
            score: rec[2],
        })
    }

    /// Every class decodable, pointing at an existing label, in canonical (sorted, unique) order.
    pub(crate) fn validate(&self, labels: u32) -> Result<(), DatabaseError> {
        let mut prev = None;
        for id in 0..self.count {
            let c = self.get(id).ok_or(DatabaseError::Malformed("class record"))?;
            let at = TABLE_HEADER + id as usize * CLASS_RECORD;
            if self.bytes[at + 3] != 0 || c.label.is_some_and(|l| l >= labels) {
                return Err(DatabaseError::Malformed("class record"));
            }
            let key = sort_key(&c);
            if prev.is_some_and(|p| p >= key) {
                return Err(DatabaseError::Malformed("class order"));
            }
            prev = Some(key);
        }
        Ok(())
    }
}

/// The canonical order of classes: action code, category code, label (none first), then
/// score level (so files without scores keep their order).
pub(crate) fn sort_key(c: &Class) -> (u8, u8, u64, u8) {
    (action_code(c.action), category_code(c.category), c.label.map_or(0, |l| u64::from(l) + 1), c.score)
}

/// The stable one-byte code of an action in the file.
pub(crate) fn action_code(a: Action) -> u8 {
    match a {
        Action::Allow => 0,
        Action::Label => 1,
        Action::Silence => 2,
        Action::Block => 3,
    }
}

/// Inverse of [`action_code`].
pub(crate) fn action_from(code: u8) -> Option<Action> {
    [Action::Allow, Action::Label, Action::Silence, Action::Block].into_iter().find(|a| action_code(*a) == code)
}

/// The stable one-byte code of a category in the file.
pub(crate) fn category_code(c: Category) -> u8 {
    match c {
        Category::None => 0,
        Category::Emergency => 1,
        Category::UserList => 2,
        Category::Spam => 3,
        Category::Scam => 4,
        Category::Telemarketing => 5,
        Category::Robocall => 6,
        Category::Impersonation => 7,
        Category::Wangiri => 8,
        Category::PremiumRate => 9,
        Category::Spoofed => 10,
        Category::Suspicious => 11,
        Category::Other => 12,
        Category::Satellite => 13,
        Category::InternationalNetwork => 14,
    }
}

/// Inverse of [`category_code`] (derived from it, so the two cannot disagree).
pub(crate) fn category_from(code: u8) -> Option<Category> {
    Category::ALL.into_iter().find(|c| category_code(*c) == code)
}
