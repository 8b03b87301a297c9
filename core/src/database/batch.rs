//! Many lookups per call ([`Database::lookup_many`]): the exact-number index is read for a
//! group of numbers at a time, stage by stage, so that their memory accesses overlap.

use super::format::Section;
use super::{Database, DbMatch};
use crate::number::E164;

impl Database {
    /// [`lookup`](Self::lookup) for each of `numbers` (in any order; ascending order also reads
    /// the file's pages in order): `out` is cleared, then gets one answer per number, in order.
    /// Faster per number than one call at a time when there are dozens or more.
    pub fn lookup_many<'a>(&'a self, numbers: &[E164], out: &mut Vec<Option<DbMatch<'a>>>) {
        out.clear();
        let values: Vec<u64> = numbers.iter().map(|n| n.as_u64()).collect();
        let mut exact = vec![None; values.len()];
        self.index().find_many(&values, &mut exact);
        out.extend(numbers.iter().zip(exact).map(|(n, i)| self.decide(*n, i)));
    }

    /// How many of `numbers` are listed (any entry, any action): the batched
    /// [`lookup`](Self::lookup)`.is_some()`, without building the answers.
    pub fn count_listed(&self, numbers: &[E164]) -> usize {
        let values: Vec<u64> = numbers.iter().map(|n| n.as_u64()).collect();
        let mut exact = vec![None; values.len()];
        let b = self.as_bytes();
        let (index, classes) = (self.index_in(b), self.classes_in(b));
        index.find_many(&values, &mut exact);
        let table = self.inner.header.section(b, Section::Ranges);
        let groups = &self.inner.ranges.groups;
        let in_range = |n: E164| {
            groups.iter().any(|g| self.inner.ranges.find(table, g, n).is_some_and(|(_, c)| classes.get(c).is_some()))
        };
        let listed = |(n, i): (&E164, Option<u64>)| {
            i.is_some_and(|i| classes.get(index.class_of(i)).is_some()) || (!groups.is_empty() && in_range(*n))
        };
        numbers.iter().zip(exact).filter(|e| listed(*e)).count()
    }
}

#[cfg(test)]
mod tests {
    use crate::database::{Database, DatabaseBuilder, public_key};
    use crate::number::{E164, Pattern};
    use crate::verdict::{Action, Category};

    #[test]
    fn answers_like_one_lookup_at_a_time() {
        let mut b = DatabaseBuilder::new("t", 1).unwrap();
        let block = b.class(Action::Block, Category::Spam, Some("x")).unwrap();
        let allow = b.class(Action::Allow, Category::Spam, None).unwrap();
        let mut x = 9u64;
        let mut queries = Vec::new();
        for i in 0..40_000u64 {
            x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            let n = E164::from_u64(41_000_000_000 + (x >> 30) % 900_000_000).unwrap();
            if i % 2 == 0 {
                b.push(Pattern::exact(n), if i % 10 == 0 { allow } else { block }).unwrap();
            }
            queries.push(n);
            queries.push(E164::from_u64(n.as_u64() + 1).unwrap());
        }
        b.push(Pattern::parse("+4144668####", None).unwrap(), block).unwrap();
        b.push(Pattern::parse("+41446681###", None).unwrap(), allow).unwrap();
        queries.extend((0..3000).map(|i| E164::from_u64(41_446_680_000 + i * 7).unwrap()));
        let secret = [3u8; 32];
        let db = Database::open(b.build(&secret).unwrap().bytes, &[public_key(&secret)], None).unwrap();
        let mut out = vec![None];
        db.lookup_many(&queries, &mut out);
        let one: Vec<_> = queries.iter().map(|q| db.lookup(*q)).collect();
        assert_eq!(out, one);
        assert!(one.iter().filter(|m| m.is_some()).count() > 20_000);
        assert_eq!(db.count_listed(&queries), one.iter().filter(|m| m.is_some()).count());
        let mut sorted = queries.clone();
        sorted.sort();
        db.lookup_many(&sorted, &mut out);
        assert_eq!(out, sorted.iter().map(|q| db.lookup(*q)).collect::<Vec<_>>());
    }
}
