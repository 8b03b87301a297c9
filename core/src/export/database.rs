//! Compiled databases as export sources: their entries, read in place in ascending order.

use std::sync::Arc;

use super::stream::{Batch, Fill, Skip};
use super::{EntrySource, EntryStream, ExportEntry};
use crate::database::{Database, RawEntries, RawEntry};
use crate::precedence::{Origin, entry_rank};
use crate::verdict::{Action, Category};

/// Classes whose decoded form (with a shared label) a stream keeps, direct-mapped by id: a
/// database has few classes (one per distinct action, category and label), and the cache
/// bounds memory when it has many.
const CLASS_CACHE: usize = 256;

/// Entries decoded per batch (at most).
const BATCH: usize = 64;

/// A class as an export needs it.
#[derive(Clone)]
struct Decoded {
    id: u32,
    action: Action,
    category: Category,
    label: Option<Arc<str>>,
    score: u8,
}

/// A database's entries as export entries, decoded in batches straight from the file.
struct DatabaseStream {
    raw: RawEntries,
    db: Database,
    /// Whether to resolve labels (the blocking export does not show them).
    labels: bool,
    classes: Vec<Option<Decoded>>,
    /// The entry read but not yet passed on: one entry of look-ahead tells whether it overlaps
    /// the next one.
    held: Option<RawEntry>,
    /// The largest `last` of the entries passed on (or left out) so far.
    reach: u64,
}

impl DatabaseStream {
    fn new(db: Database, labels: bool) -> Self {
        Self { raw: db.clone().raw_entries(), db, labels, classes: Vec::new(), held: None, reach: 0 }
    }
}

/// Class `id` of `db`, decoded once while it stays in `cache`.
#[inline]
fn class<'c>(db: &Database, cache: &'c mut [Option<Decoded>], labels: bool, id: u32) -> Option<&'c Decoded> {
    let slot = cache.get_mut(id as usize % CLASS_CACHE)?;
    if slot.as_ref().is_none_or(|c| c.id != id) {
        let (action, category, label) = db.class_info(id)?;
        let label = if labels { label.and_then(|l| db.label(l)).map(Arc::from) } else { None };
        *slot = Some(Decoded { id, action, category, label, score: db.class_score(id)? });
    }
    slot.as_ref()
}

impl Fill for DatabaseStream {
    fn fill(&mut self, out: &mut Batch<ExportEntry>, max: usize, skip: Option<Skip>) -> bool {
        if self.classes.is_empty() {
            self.classes = vec![None; CLASS_CACHE];
        }
        let (db, cache, labels) = (&self.db, self.classes.as_mut_slice(), self.labels);
        let (held, reach) = (&mut self.held, &mut self.reach);
        let mut unreadable = false;
        // Passes on the held entry `e`, now that the next one is known to start at `next`.
        let mut pass = |e: RawEntry, next: u64| {
            let (Some(c), Some(size)) = (class(db, cache, labels, e.class), e.size()) else {
                unreadable = true; // never after a full open
                return;
            };
            let last = e.first + (size - 1);
            let alone = e.first > *reach && next > last;
            *reach = (*reach).max(last);
            if alone && skip.is_some_and(|s| s.actions & (1 << c.action as u8) != 0 && e.first > s.after) {
                return;
            }
            if !unreadable {
                out.push(ExportEntry {
                    first: e.first,
                    last,
                    rank: entry_rank(Origin::Feed, c.action, e.wildcards),
                    action: c.action,
                    category: c.category,
                    label: c.label.clone(),
                    score: c.score,
                });
            }
        };
        let more = self.raw.for_each(max.min(BATCH), |e| {
            if let Some(h) = held.replace(e) {
                pass(h, e.first);
            }
        });
        if !more && let Some(h) = held.take() {
            pass(h, u64::MAX);
        }
        more && !unreadable
    }
}

/// A database's entries (exact numbers and `#` ranges merged) sorted by first number, then
/// fewer wildcards first, as a feed's entries ([`entry_rank`] of [`Origin::Feed`]). The stream
/// holds a handle
/// on the database and reads it in place: O(1) memory, plus a bounded cache of decoded
/// classes that shares each label's `Arc<str>` between the entries using it.
impl EntrySource for Database {
    fn entries(self: Arc<Self>) -> EntryStream {
        EntryStream::from_fill(DatabaseStream::new(Database::clone(&self), true))
    }

    fn unlabelled_entries(self: Arc<Self>) -> EntryStream {
        EntryStream::from_fill(DatabaseStream::new(Database::clone(&self), false))
    }

    fn feed(&self) -> Option<(&str, u64)> {
        Some((&self.metadata().feed, self.metadata().version))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::database::{DatabaseBuilder, public_key};
    use crate::export::ExportSet;
    use crate::i18n::Language;
    use crate::number::Pattern;

    fn pattern(text: &str) -> Pattern {
        Pattern::parse(text, None).unwrap()
    }

    #[test]
    fn entries_are_intervals_with_feed_ranks_and_shared_labels() {
        let secret = [9u8; 32];
        let mut b = DatabaseBuilder::new("t", 1).unwrap();
        let spam = b.class(Action::Block, Category::Spam, Some("Spam")).unwrap();
        let ok = b.class(Action::Allow, Category::None, None).unwrap();
        b.push(pattern("+4121560##"), spam).unwrap();
        b.push(pattern("+412156012"), ok).unwrap();
        b.push(pattern("+412156013"), spam).unwrap();
        let db = Database::open(b.build(&secret).unwrap().bytes, &[public_key(&secret)], None).unwrap();
        let entries: Vec<ExportEntry> = Arc::new(db.clone()).entries().collect();
        let spans: Vec<_> = entries.iter().map(|e| (e.first, e.last, e.rank, e.action)).collect();
        assert_eq!(
            spans,
            [
                (412156000, 412156099, entry_rank(Origin::Feed, Action::Block, 2), Action::Block),
                (412156012, 412156012, entry_rank(Origin::Feed, Action::Allow, 0), Action::Allow),
                (412156013, 412156013, entry_rank(Origin::Feed, Action::Block, 0), Action::Block),
            ]
        );
        let (a, b) = (entries[0].label.as_ref().unwrap(), entries[2].label.as_ref().unwrap());
        assert!(Arc::ptr_eq(a, b), "one allocation per label");
        let unlabelled: Vec<ExportEntry> = Arc::new(db.clone()).unlabelled_entries().collect();
        assert_eq!(unlabelled.len(), 3);
        assert!(
            unlabelled.iter().zip(&entries).all(|(u, e)| u.label.is_none() && (u.first, u.last) == (e.first, e.last))
        );
        let export = ExportSet::new(vec![Arc::new(db)], Language::En);
        let block: Vec<u64> = export.blocking().collect();
        assert_eq!(block.len(), 99);
        assert!(!block.contains(&412156012));
    }

    #[test]
    fn a_database_with_more_classes_than_the_cache_decodes_every_one() {
        let secret = [9u8; 32];
        let mut b = DatabaseBuilder::new("t", 1).unwrap();
        let n = (CLASS_CACHE * 2 + 3) as u64;
        for i in 0..n {
            let class = b.class(Action::Label, Category::Spam, Some(&format!("L{i}"))).unwrap();
            b.push(Pattern::exact(crate::number::E164::from_u64(41_215_600_000 + i).unwrap()), class).unwrap();
            // The same labels again, further on: cache misses and hits.
            b.push(Pattern::exact(crate::number::E164::from_u64(41_215_700_000 + i).unwrap()), class).unwrap();
        }
        let db = Database::open(b.build(&secret).unwrap().bytes, &[public_key(&secret)], None).unwrap();
        let via_export: Vec<(u64, Option<String>)> =
            Arc::new(db.clone()).entries().map(|e| (e.first, e.label.map(|l| l.to_string()))).collect();
        let direct: Vec<(u64, Option<String>)> =
            db.entries().map(|e| (e.pattern.first().as_u64(), e.label.map(str::to_owned))).collect();
        assert_eq!(via_export, direct);
        assert_eq!(direct.len() as u64, 2 * n);
    }

    #[test]
    fn leaving_out_unwanted_lone_entries_changes_nothing() {
        use crate::export::sweep::{ALL_ACTIONS, Sweep, actions};
        use crate::number::E164;
        // Exact numbers of every action, some inside ranges, some next to each other, across
        // several batches.
        let secret = [9u8; 32];
        let mut b = DatabaseBuilder::new("t", 1).unwrap();
        let classes: Vec<u32> = ALL_ACTIONS.iter().map(|a| b.class(*a, Category::Spam, Some("L")).unwrap()).collect();
        let mut x = 12345u64;
        for i in 0..2_000u64 {
            x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            let n = 41_215_600_000 + (x >> 33) % 20_000;
            let w = if i % 50 == 0 { 2 } else { 0 };
            let p = Pattern::key_for(E164::from_u64(n).unwrap(), w).unwrap();
            b.push(p, classes[(x >> 20) as usize % 4]).unwrap();
        }
        let db = Database::open(b.build(&secret).unwrap().bytes, &[public_key(&secret)], None).unwrap();
        let everything = || Sweep::new(vec![Arc::new(db.clone()).entries()], actions(&ALL_ACTIONS));
        let export = ExportSet::new(vec![Arc::new(db.clone())], Language::En);
        let want: Vec<u64> =
            everything().filter(|s| s.action == Action::Block).flat_map(|s| s.first..=s.last).collect();
        assert_eq!(export.blocking().collect::<Vec<_>>(), want);
        let want: Vec<u64> = everything()
            .filter(|s| matches!(s.action, Action::Label | Action::Silence))
            .flat_map(|s| s.first..=s.last)
            .collect();
        assert_eq!(export.identification().map(|e| e.0).collect::<Vec<_>>(), want);
        assert!(want.len() > 500);
    }

    #[test]
    fn entries_are_left_out_only_past_the_other_feeds() {
        // Feed A labels a range; feed B — the last stream left once A's only entry is taken —
        // blocks and allows numbers inside it, read after that (more than a batch of them).
        let secret = [9u8; 32];
        // Two feeds (one database per feed: two files of one feed would export only one).
        let build = |feed: &str, f: &dyn Fn(&mut DatabaseBuilder)| {
            let mut b = DatabaseBuilder::new(feed, 1).unwrap();
            f(&mut b);
            Database::open(b.build(&secret).unwrap().bytes, &[public_key(&secret)], None).unwrap()
        };
        let a = build("a", &|b| {
            let label = b.class(Action::Label, Category::Spam, Some("A")).unwrap();
            b.push(pattern("+412156####"), label).unwrap();
        });
        let b = build("b", &|b| {
            let block = b.class(Action::Block, Category::Spam, None).unwrap();
            let allow = b.class(Action::Allow, Category::None, None).unwrap();
            for i in 0..(3 * BATCH as u64) {
                b.push(Pattern::exact(crate::number::E164::from_u64(4_121_560_000 + i * 7).unwrap()), block).unwrap();
            }
            b.push(pattern("+4121569000"), allow).unwrap();
            b.push(pattern("+4121569500"), block).unwrap();
        });
        let export = ExportSet::new(vec![Arc::new(a), Arc::new(b)], Language::En);
        let ident: Vec<u64> = export.identification().map(|e| e.0).collect();
        assert_eq!(ident.len(), 10_000 - 3 * BATCH - 2, "B's blocks are the strongest, B's allow wins");
        assert!(!ident.contains(&4_121_569_000) && !ident.contains(&4_121_569_500) && !ident.contains(&4_121_560_777));
        let block: Vec<u64> = export.blocking().collect();
        assert_eq!(block.len(), 3 * BATCH + 1);
    }
}
