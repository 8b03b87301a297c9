//! Opening the compiled databases (feeds) a command is given: memory-mapped, each with the full
//! check against the pinned keys, before anything is screened or exported. One database per
//! feed, as in a screener: of two versions of one feed the newer is used (the first of equal
//! versions), and the unused file is named on stderr.

use std::path::PathBuf;

use ringfence_core::{Database, Screener};

use crate::args::DatabaseArgs;
use crate::db::{keys::read_key, map::map};

/// Databases that passed the full check, with the keys they were checked against.
#[derive(Clone, Default)]
pub struct Verified {
    /// The pinned public keys (`--pubkey`).
    pub keys: Vec<[u8; 32]>,
    /// The databases, in the order given, the newest of each feed only.
    pub databases: Vec<Database>,
}

/// Opens each of `paths` with the full check (framing, checksum, pinned key, signature,
/// structure) against the keys of `args.pubkeys`, reporting each feed on stderr, and keeps the
/// newest database of each feed ([`newest_per_feed`]). The first file that cannot be read or
/// fails the check is an error naming it; no paths is no work.
pub fn open_verified(paths: &[PathBuf], args: &DatabaseArgs) -> Result<Verified, String> {
    if paths.is_empty() {
        return Ok(Verified::default());
    }
    if args.pubkeys.is_empty() {
        return Err("databases need --pubkey PUBLIC_FILE (the feed's public key) to be verified".into());
    }
    let keys = args.pubkeys.iter().map(|p| read_key(p)).collect::<Result<Vec<_>, _>>()?;
    let databases = paths
        .iter()
        .map(|path| {
            let name = path.display().to_string();
            let bytes = map(path).map_err(|e| format!("cannot open {name}: {e}"))?;
            let db = Database::open(bytes, &keys, None).map_err(|e| format!("{name}: rejected: {e}"))?;
            let info = db.info();
            let m = &info.metadata;
            eprintln!(
                "{name}: feed {} version {} ({} numbers, {} ranges)",
                m.feed, m.version, info.exact_count, info.range_count
            );
            Ok((name, db))
        })
        .collect::<Result<_, String>>()?;
    Ok(Verified { keys, databases: newest_per_feed(databases) })
}

/// `dbs` (file name, database) with only the newest of each feed, in the order of first
/// appearance; each database left out is named on stderr.
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

/// Installs the databases of `--db` in `screener`, each after the full check
/// ([`open_verified`]: the newest of each feed), pinning each feed to the `--pubkey` key that
/// signed it; the first that fails is an error and nothing more is installed.
pub fn install(screener: &Screener, args: &DatabaseArgs) -> Result<(), String> {
    for db in open_verified(&args.dbs, args)?.databases {
        let feed = db.metadata().feed.clone();
        screener.pin_feed(&feed, vec![db.signer()]).map_err(|e| format!("feed {feed}: {e}"))?;
        // Fully checked just above: the screener re-opens the same bytes in O(1).
        screener.load_installed_database(Checked(db)).map_err(|e| format!("feed {feed}: rejected: {e}"))?;
    }
    Ok(())
}

/// The bytes of a database that passed [`open_verified`], for [`Screener::load_installed_database`].
struct Checked(Database);

impl AsRef<[u8]> for Checked {
    fn as_ref(&self) -> &[u8] {
        self.0.as_bytes()
    }
}
