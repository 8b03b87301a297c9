//! One database per feed, as in a screener: when `screen` or `export` is given two versions of
//! one feed, the newer is used (the first of equal versions) and the other is named on stderr.

use ringfence_core::Database;

/// `dbs` (name, database) with only the newest of each feed, in the order of first appearance.
pub fn newest_per_feed(dbs: Vec<(String, Database)>) -> Vec<Database> {
    let mut kept: Vec<(String, Database)> = Vec::new();
    for (name, db) in dbs {
        let Some(slot) = kept.iter_mut().find(|(_, k)| k.metadata().feed == db.metadata().feed) else {
            kept.push((name, db));
            continue;
        };
        let dropped = match db.metadata().version > slot.1.metadata().version {
            true => std::mem::replace(slot, (name, db)).0,
            false => name,
        };
        let (used, feed) = (&slot.0, &slot.1.metadata().feed);
        eprintln!("{dropped}: not used: {used} holds a newer or the same version of feed {feed}");
    }
    kept.into_iter().map(|(_, db)| db).collect()
}

/// The bytes of a database that passed the full check, to install in a screener without
/// mapping or hashing the file again ([`ringfence_core::Screener::load_installed_database`]).
pub struct Opened(pub Database);

impl AsRef<[u8]> for Opened {
    fn as_ref(&self) -> &[u8] {
        self.0.as_bytes()
    }
}
