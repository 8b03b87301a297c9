//! Incremental plans: the difference of two ascending streams, streamed.

use std::iter::Peekable;

/// Items of `a` that are not in `b`; both ascending by `key` with unique keys. An item whose
/// key is in both but which differs (e.g. a changed label) counts as not in `b`.
pub fn difference<T: PartialEq, K: Ord>(
    a: impl Iterator<Item = T>,
    b: impl Iterator<Item = T>,
    key: impl Fn(&T) -> K,
) -> impl Iterator<Item = T> {
    let mut b: Peekable<_> = b.peekable();
    a.filter(move |x| {
        let k = key(x);
        while b.next_if(|y| key(y) < k).is_some() {}
        b.peek().is_none_or(|y| key(y) != k || y != x)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn difference_of_sorted_streams() {
        let a = [1, 3, 5, 7, 9];
        let b = [2, 3, 4, 9, 10];
        assert_eq!(difference(a.into_iter(), b.into_iter(), |x| *x).collect::<Vec<_>>(), [1, 5, 7]);
        let old = [(1, "a"), (2, "b"), (4, "d")];
        let new = [(1, "a"), (2, "B"), (3, "c")];
        let removed: Vec<_> = difference(old.into_iter(), new.into_iter(), |e| e.0).collect();
        assert_eq!(removed, [(2, "b"), (4, "d")], "relabelled and gone");
    }
}
