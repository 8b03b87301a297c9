//! Opening the compiled databases (feeds) a command is given: memory-mapped, each with the full
//! check against the pinned keys, before anything is screened or exported.

use std::path::PathBuf;

use ringfence_core::{Database, Screener};

use crate::args::DatabaseArgs;
use crate::db::{keys::read_key, map::map};

/// Databases that passed the full check, with the keys they were checked against.
#[derive(Clone, Default)]
pub struct Verified {
    /// The pinned public keys (`--pubkey`).
    pub keys: Vec<[u8; 32]>,
    /// The databases, in the order given.
    pub databases: Vec<Database>,
}

/// Opens each of `paths` with the full check (framing, checksum, pinned key, signature,
/// structure) against the keys of `args.pubkeys`, reporting each feed on stderr. The first file
/// that cannot be read or fails the check is an error naming it; no paths is no work.
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
            let name = path.display();
            let bytes = map(path).map_err(|e| format!("cannot open {name}: {e}"))?;
            let db = Database::open(bytes, &keys, None).map_err(|e| format!("{name}: rejected: {e}"))?;
            let info = db.info();
            let m = &info.metadata;
            eprintln!(
                "{name}: feed {} version {} ({} numbers, {} ranges)",
                m.feed, m.version, info.exact_count, info.range_count
            );
            Ok(db)
        })
        .collect::<Result<_, String>>()?;
    Ok(Verified { keys, databases })
}

/// Pins the keys in `screener` and installs the databases of `--db`, each after the full check
/// ([`open_verified`]); the first that fails is an error and nothing more is installed.
pub fn install(screener: &Screener, args: &DatabaseArgs) -> Result<(), String> {
    let verified = open_verified(&args.dbs, args)?;
    if verified.databases.is_empty() {
        return Ok(());
    }
    screener.set_trusted_keys(verified.keys).map_err(|e| e.to_string())?;
    for (path, db) in args.dbs.iter().zip(verified.databases) {
        // Fully checked just above: the screener re-opens the same bytes in O(1).
        screener.load_installed_database(Checked(db)).map_err(|e| format!("{}: rejected: {e}", path.display()))?;
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
