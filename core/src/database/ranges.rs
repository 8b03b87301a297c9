//! The `#`-range table: patterns grouped by wildcard count, each group sorted by first number.
//!
//! A lookup tries each group (at most 14, usually one or two): the candidate pattern for a
//! number is its digits with the last `w` zeroed, found by binary search.

use super::DatabaseError;
use super::format::{u32_at, u64_at};
use super::tables::Classes;
use crate::number::{E164, Pattern};
use crate::verdict::Action;

/// The table header: group count `u32`, range count `u32`.
const TABLE_HEADER: usize = 8;
/// A group record: `wildcards u8, has_allow u8, 0 u16, start u32, count u32, 0 u32`.
const GROUP_RECORD: usize = 16;
/// A range record: `first u64, class u32, 0 u32`.
const RANGE_RECORD: usize = 16;
/// Most wildcard groups: a pattern has at most 15 digits and at least one fixed digit.
pub(crate) const MAX_GROUPS: usize = 14;

/// One wildcard group.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Group {
    pub wildcards: u8,
    /// Whether any range of the group allows (lookups must then always consult it).
    pub has_allow: bool,
    start: u32,
    count: u32,
}

/// Encodes ranges sorted by (wildcards, first) with their class ids.
pub(crate) fn encode(ranges: &[(Pattern, u32)], classes: &[super::tables::Class]) -> Vec<u8> {
    let mut groups: Vec<Group> = Vec::new();
    for (i, (p, class)) in ranges.iter().enumerate() {
        let allow = classes[*class as usize].action == Action::Allow;
        match groups.last_mut() {
            Some(g) if g.wildcards == p.wildcards() => {
                g.count += 1;
                g.has_allow |= allow;
            }
            _ => groups.push(Group { wildcards: p.wildcards(), has_allow: allow, start: i as u32, count: 1 }),
        }
    }
    let mut out = Vec::with_capacity(TABLE_HEADER + groups.len() * GROUP_RECORD + ranges.len() * RANGE_RECORD);
    out.extend_from_slice(&(groups.len() as u32).to_le_bytes());
    out.extend_from_slice(&(ranges.len() as u32).to_le_bytes());
    for g in &groups {
        out.extend_from_slice(&[g.wildcards, u8::from(g.has_allow), 0, 0]);
        out.extend_from_slice(&g.start.to_le_bytes());
        out.extend_from_slice(&g.count.to_le_bytes());
        out.extend_from_slice(&[0; 4]);
    }
    for (p, class) in ranges {
        out.extend_from_slice(&p.first().as_u64().to_le_bytes());
        out.extend_from_slice(&class.to_le_bytes());
        out.extend_from_slice(&[0; 4]);
    }
    out
}

/// The range table: group descriptors decoded at open, records read in place.
#[derive(Debug, Clone, Default)]
pub(crate) struct RangeTable {
    pub groups: Vec<Group>,
    pub count: u32,
}

impl RangeTable {
    /// Reads the group descriptors and checks sizes (O(groups)).
    pub(crate) fn parse(b: &[u8]) -> Result<Self, DatabaseError> {
        let bad = Err(DatabaseError::Malformed("range table"));
        let (Some(gc), Some(count)) = (u32_at(b, 0), u32_at(b, 4)) else { return bad };
        let gc = gc as usize;
        let records = (TABLE_HEADER + gc * GROUP_RECORD) as u64;
        if gc > MAX_GROUPS || b.len() as u64 != records + u64::from(count) * RANGE_RECORD as u64 {
            return bad;
        }
        let mut groups = Vec::with_capacity(gc);
        let mut next = 0u32;
        for i in 0..gc {
            let at = TABLE_HEADER + i * GROUP_RECORD;
            let g = Group {
                wildcards: b[at],
                has_allow: b[at + 1] == 1,
                start: u32_at(b, at + 4).unwrap_or(u32::MAX),
                count: u32_at(b, at + 8).unwrap_or(0),
            };
            let ordered = groups.last().is_none_or(|p: &Group| p.wildcards < g.wildcards);
            let reserved = b[at + 1] > 1 || b[at + 2..at + 4] != [0, 0] || u32_at(b, at + 12) != Some(0);
            if !ordered || reserved || g.wildcards == 0 || g.start != next || g.count == 0 {
                return bad;
            }
            next = g.start.saturating_add(g.count);
            groups.push(g);
        }
        if next != count {
            return bad;
        }
        Ok(Self { groups, count })
    }

    /// Byte offset of range record `i` (global index).
    #[inline]
    fn record_at(&self, i: u32) -> Option<usize> {
        let records = (TABLE_HEADER + self.groups.len() * GROUP_RECORD) as u64;
        usize::try_from(records + u64::from(i) * RANGE_RECORD as u64).ok()
    }

    /// The `(first, class)` of range `i` (global index).
    #[inline]
    pub(crate) fn record(&self, b: &[u8], i: u32) -> Option<(u64, u32)> {
        let at = self.record_at(i)?;
        Some((u64_at(b, at)?, u32_at(b, at.checked_add(8)?)?))
    }

    /// The matching range of `g` for `number`: `(pattern, class)`.
    #[inline]
    pub(crate) fn find(&self, b: &[u8], g: &Group, number: E164) -> Option<(Pattern, u32)> {
        let key = Pattern::key_for(number, g.wildcards)?;
        let first = key.first().as_u64();
        let (mut lo, mut len) = (g.start, g.count);
        while len > 1 {
            let half = len / 2;
            if self.record(b, lo + half)?.0 <= first {
                lo += half;
            }
            len -= half;
        }
        let (f, class) = self.record(b, lo)?;
        (len == 1 && f == first).then_some((key, class))
    }

    /// The range of group `g` at position `pos` within it, as `(pattern, class)`.
    pub(crate) fn at(&self, b: &[u8], g: &Group, pos: u32) -> Option<(Pattern, u32)> {
        if pos >= g.count {
            return None;
        }
        let (first, class) = self.record(b, g.start + pos)?;
        Some((Pattern::key_for(E164::from_u64(first)?, g.wildcards)?, class))
    }

    /// Every record a canonical pattern, ascending, with a valid class; `has_allow` exact.
    pub(crate) fn validate(&self, b: &[u8], classes: &Classes<'_>) -> Result<(), DatabaseError> {
        let bad = Err(DatabaseError::Malformed("range records"));
        for g in &self.groups {
            let (mut prev, mut allow) = (None, false);
            for pos in 0..g.count {
                let Some((first, class)) = self.record(b, g.start + pos) else { return bad };
                let Some((p, _)) = self.at(b, g, pos) else { return bad };
                let Some(c) = classes.get(class) else { return bad };
                let reserved = self.record_at(g.start + pos).and_then(|at| u32_at(b, at + 12));
                if p.first().as_u64() != first || prev.is_some_and(|q| q >= first) || reserved != Some(0) {
                    return bad;
                }
                (prev, allow) = (Some(first), allow | (c.action == Action::Allow));
            }
            if allow != g.has_allow {
                return bad;
            }
        }
        Ok(())
    }
}
