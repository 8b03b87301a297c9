//! The compiled databases (feeds) a screener consults.
//!
//! Each feed (by its metadata name) has at most one installed database. Installing replaces
//! the feed's database in one step: screening threads that already hold the old snapshot
//! finish with it, the next call sees the new one. A file that fails any check changes nothing.
//! Which keys may sign which feed: [`FeedKeys`]; installing: `install.rs`.

use crate::database::{Database, DatabaseError, DbMatch, FeedKeys, Trust};
use crate::number::E164;
use crate::precedence::combine_feeds;

/// Most databases a screener holds at once.
pub const MAX_DATABASES: usize = 16;

/// Most public keys pinned for one feed.
pub const MAX_TRUSTED_KEYS: usize = crate::database::MAX_KEYS_PER_FEED;

/// An immutable set of installed databases, one per feed name, in installation order.
#[derive(Debug, Clone, Default)]
pub(crate) struct Feeds {
    pub(crate) dbs: Vec<Database>,
}

impl Feeds {
    /// The entry deciding `number` across all feeds, combined by [`combine_feeds`].
    pub(crate) fn lookup(&self, number: E164) -> Option<DbMatch<'_>> {
        let answers = self.dbs.iter().enumerate().filter_map(|(i, db)| Some((i, db.lookup(number)?)));
        combine_feeds(answers, |(i, m)| (*i, m.action)).map(|(_, m)| m)
    }

    /// The installed database of `feed`, if any.
    pub(crate) fn get(&self, feed: &str) -> Option<&Database> {
        self.dbs.iter().find(|d| d.metadata().feed == feed)
    }

    /// A copy with `db` in its feed's slot (replacing it) or appended.
    pub(crate) fn with(&self, db: Database) -> Result<Self, DatabaseError> {
        let mut dbs = self.dbs.clone();
        match dbs.iter().position(|d| d.metadata().feed == db.metadata().feed) {
            Some(i) => dbs[i] = db,
            None if dbs.len() >= MAX_DATABASES => {
                return Err(DatabaseError::LimitExceeded { what: "installed databases", limit: MAX_DATABASES as u64 });
            }
            None => dbs.push(db),
        }
        Ok(Self { dbs })
    }

    /// A copy without `feed`; `None` if it was not installed.
    pub(crate) fn without(&self, feed: &str) -> Option<Self> {
        let dbs: Vec<_> = self.dbs.iter().filter(|d| d.metadata().feed != feed).cloned().collect();
        (dbs.len() != self.dbs.len()).then_some(Self { dbs })
    }

    /// A copy keeping only databases whose signer is pinned for their feed in `keys`.
    pub(crate) fn trusted_by(&self, keys: &FeedKeys) -> Self {
        let dbs = self.dbs.iter().filter(|d| keys.check(&d.metadata().feed, &d.signer()).is_ok());
        Self { dbs: dbs.cloned().collect() }
    }
}
