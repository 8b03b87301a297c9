//! Which keys may sign which feed: trust is pinned per feed name, so a key can publish only
//! the feeds it is pinned for (a feed's key cannot replace another feed by naming itself so).

use std::collections::BTreeMap;

use super::DatabaseError;
use super::builder::check_feed_name;

/// Most keys pinned for one feed (e.g. the current key and the next, during a rotation).
pub const MAX_KEYS_PER_FEED: usize = 16;
/// Most feeds with pinned keys.
pub const MAX_PINNED_FEEDS: usize = 64;

/// Who may sign what: checked by [`Database::open`](super::Database::open) (and the delta
/// checks) before the signature and before any work that grows with the file.
pub trait Trust {
    /// Whether `signer` is pinned for any feed (checked first, before the metadata is read).
    fn knows(&self, signer: &[u8; 32]) -> bool;

    /// `Ok` when `signer` may sign feed `feed`; [`UnknownKey`](DatabaseError::UnknownKey) when
    /// it is pinned for no feed, [`KeyNotPinnedForFeed`](DatabaseError::KeyNotPinnedForFeed)
    /// when it is pinned for other feeds only.
    fn check(&self, _feed: &str, signer: &[u8; 32]) -> Result<(), DatabaseError> {
        match self.knows(signer) {
            true => Ok(()),
            false => Err(DatabaseError::UnknownKey),
        }
    }
}

/// A plain list of keys trusts each of them for **every** feed name: for tools working on one
/// feed's own files (`ringfence verify`, `patch`). A screener pins keys per feed ([`FeedKeys`]).
impl Trust for [[u8; 32]] {
    fn knows(&self, signer: &[u8; 32]) -> bool {
        self.contains(signer)
    }
}

impl<const N: usize> Trust for [[u8; 32]; N] {
    fn knows(&self, signer: &[u8; 32]) -> bool {
        self.contains(signer)
    }
}

impl Trust for Vec<[u8; 32]> {
    fn knows(&self, signer: &[u8; 32]) -> bool {
        self.contains(signer)
    }
}

/// Keys pinned per feed name: feed name → up to [`MAX_KEYS_PER_FEED`] ed25519 public keys.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FeedKeys {
    feeds: BTreeMap<String, Vec<[u8; 32]>>,
}

impl FeedKeys {
    /// No feed pinned: every database is refused.
    pub fn new() -> Self {
        Self::default()
    }

    /// Pins `keys` for `feed`, replacing its previous keys (duplicates are kept once); no keys
    /// unpins the feed. Refuses an invalid feed name (`InvalidText`, `LimitExceeded`), a key
    /// that is not an ed25519 public key (`InvalidKey`), and more than [`MAX_KEYS_PER_FEED`]
    /// keys or [`MAX_PINNED_FEEDS`] feeds (`LimitExceeded`); on error nothing changes.
    pub fn pin(&mut self, feed: &str, mut keys: Vec<[u8; 32]>) -> Result<(), DatabaseError> {
        check_feed_name(feed)?;
        keys.sort_unstable();
        keys.dedup();
        if keys.len() > MAX_KEYS_PER_FEED {
            return Err(DatabaseError::LimitExceeded { what: "keys per feed", limit: MAX_KEYS_PER_FEED as u64 });
        }
        if keys.iter().any(|k| ed25519_dalek::VerifyingKey::from_bytes(k).is_err()) {
            return Err(DatabaseError::InvalidKey("not an ed25519 public key"));
        }
        if keys.is_empty() {
            self.feeds.remove(feed);
            return Ok(());
        }
        if !self.feeds.contains_key(feed) && self.feeds.len() >= MAX_PINNED_FEEDS {
            return Err(DatabaseError::LimitExceeded { what: "pinned feeds", limit: MAX_PINNED_FEEDS as u64 });
        }
        self.feeds.insert(feed.to_owned(), keys);
        Ok(())
    }

    /// The keys pinned for `feed` (empty when none).
    pub fn keys(&self, feed: &str) -> &[[u8; 32]] {
        self.feeds.get(feed).map_or(&[], Vec::as_slice)
    }

    /// Every pinned feed with its keys, by feed name.
    pub fn feeds(&self) -> impl Iterator<Item = (&str, &[[u8; 32]])> {
        self.feeds.iter().map(|(f, k)| (f.as_str(), k.as_slice()))
    }

    /// Number of pinned feeds.
    pub fn len(&self) -> usize {
        self.feeds.len()
    }

    /// Whether no feed is pinned.
    pub fn is_empty(&self) -> bool {
        self.feeds.is_empty()
    }
}

impl Trust for FeedKeys {
    fn knows(&self, signer: &[u8; 32]) -> bool {
        self.feeds.values().any(|k| k.contains(signer))
    }

    fn check(&self, feed: &str, signer: &[u8; 32]) -> Result<(), DatabaseError> {
        match (self.keys(feed).contains(signer), self.knows(signer)) {
            (true, _) => Ok(()),
            (false, true) => Err(DatabaseError::KeyNotPinnedForFeed),
            (false, false) => Err(DatabaseError::UnknownKey),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::database::public_key;

    #[test]
    fn a_key_is_trusted_only_for_its_feeds() {
        let (a, b) = (public_key(&[1; 32]), public_key(&[2; 32]));
        let mut keys = FeedKeys::new();
        keys.pin("a", vec![a, a]).unwrap();
        keys.pin("b", vec![b]).unwrap();
        assert_eq!(keys.keys("a"), &[a]);
        assert_eq!(keys.check("a", &a), Ok(()));
        assert_eq!(keys.check("b", &a), Err(DatabaseError::KeyNotPinnedForFeed));
        assert_eq!(keys.check("c", &a), Err(DatabaseError::KeyNotPinnedForFeed));
        assert_eq!(keys.check("a", &public_key(&[3; 32])), Err(DatabaseError::UnknownKey));
        keys.pin("a", vec![]).unwrap();
        assert_eq!(keys.check("a", &a), Err(DatabaseError::UnknownKey));
        assert_eq!(keys.len(), 1);
    }

    #[test]
    fn bad_pins_change_nothing() {
        let mut keys = FeedKeys::new();
        let a = public_key(&[1; 32]);
        assert!(keys.pin("bad\nname", vec![a]).is_err());
        assert!(keys.pin("a", (1..=17u8).map(|i| public_key(&[i; 32])).collect()).is_err());
        assert!(keys.is_empty());
        for i in 0..MAX_PINNED_FEEDS {
            keys.pin(&format!("f{i}"), vec![a]).unwrap();
        }
        assert!(matches!(keys.pin("one-more", vec![a]), Err(DatabaseError::LimitExceeded { .. })));
        assert_eq!(keys.len(), MAX_PINNED_FEEDS);
    }
}
