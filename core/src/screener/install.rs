//! Installing feeds: keys pinned per feed, the version floor, the feed store, size caps.
//!
//! Every install runs under one lock (the [`Custody`]): the checks, the floor update and the
//! swap are one step. Order, cheapest first: size cap, framing, signer pinned for the file's
//! feed, signature, then the O(size) checks, then the floor: the same signer as the installed
//! database (or as the floor remembers) and no version below it. On any error the installed
//! databases, their files and the floor stay as they were.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::feeds::Feeds;
use super::store::{RefusedFile, Store, StoreReport};
use super::{Screener, lock, read, write};
use crate::database::{
    Database, DatabaseError, DatabaseInfo, FLOOR_FILE, FeedKeys, FileBytes, Limits, MapFile, Trust, VersionFloor,
    apply_with,
};
use crate::error::RingfenceError;

/// What installs change, guarded by one lock: the version floor and the feed store.
#[derive(Debug, Default)]
pub(crate) struct Custody {
    floor: VersionFloor,
    store: Option<Store>,
}

/// `Ok` when `db` may replace what is installed for its feed: the same signer as the installed
/// database and the floor (`SignerChanged`), a version not below either (`Downgrade`).
fn admit(feeds: &Feeds, floor: &VersionFloor, db: &Database) -> Result<(), DatabaseError> {
    let (m, signer) = (db.metadata(), db.signer());
    if let Some(installed) = feeds.get(&m.feed) {
        if installed.signer() != signer {
            return Err(DatabaseError::SignerChanged);
        }
        if m.version < installed.metadata().version {
            return Err(DatabaseError::Downgrade { installed: installed.metadata().version, offered: m.version });
        }
    }
    floor.check(&m.feed, m.version, &signer)
}

/// How a database arrives, and how much of it to check.
enum Source {
    /// Downloaded bytes: the full check.
    Download(FileBytes),
    /// A file the app kept from an earlier install: the O(1) check.
    Installed(FileBytes),
    /// A file at an app path: copied in (with a store) or read, then the full check.
    Path(PathBuf),
    /// The result of a delta (already checked in memory): written, then the full check.
    Delta(Vec<u8>, u64),
}

impl Screener {
    fn custody(&self) -> std::sync::MutexGuard<'_, Custody> {
        lock(&self.installing)
    }

    /// Pins `keys` for `feed` (replacing its previous keys; no keys unpins it). Only a key
    /// pinned for a feed can publish it: a database or delta naming `feed` and signed by any
    /// other key is refused (`UnknownKey`, `KeyNotPinnedForFeed`). An installed database of
    /// `feed` whose signer is no longer pinned is uninstalled (its file stays in the store).
    /// Pinning a new key does not let it replace the feed's current signer: that takes
    /// [`rotate_feed_key`](Self::rotate_feed_key).
    pub fn pin_feed(&self, feed: &str, keys: Vec<[u8; 32]>) -> Result<(), RingfenceError> {
        let _custody = self.custody();
        let mut trust = FeedKeys::clone(&*read(&self.trust));
        trust.pin(feed, keys)?;
        let kept = read(&self.feeds).trusted_by(&trust);
        write(&self.trust, Arc::new(trust));
        write(&self.feeds, Arc::new(kept));
        Ok(())
    }

    /// The keys pinned for every feed.
    pub fn feed_keys(&self) -> FeedKeys {
        FeedKeys::clone(&*read(&self.trust))
    }

    /// Makes `key` (already pinned for `feed` with [`pin_feed`](Self::pin_feed), else
    /// `KeyNotPinnedForFeed`/`UnknownKey`) the one signer `feed` is accepted from, keeping its
    /// version floor. An installed database of `feed` signed by another key is uninstalled and
    /// its file removed; the next install of `feed` must be signed by `key`. The floor (with
    /// the new signer) is saved before anything else changes.
    pub fn rotate_feed_key(&self, feed: &str, key: [u8; 32]) -> Result<(), RingfenceError> {
        let mut custody = self.custody();
        read(&self.trust).check(feed, &key)?;
        let version = custody.floor.get(feed).map_or(0, |e| e.version);
        let floor = custody.floor.raised(feed, version, key);
        floor.save()?;
        custody.floor = floor;
        let feeds = read(&self.feeds);
        if feeds.get(feed).is_some_and(|db| db.signer() != key)
            && let Some(next) = feeds.without(feed)
        {
            write(&self.feeds, Arc::new(next));
            if let Some(store) = custody.store.as_mut() {
                store.replace(feed, None);
            }
        }
        Ok(())
    }

    /// The version floor of `feed`: the highest version ever installed (kept across restarts
    /// with a store), and its signer.
    pub fn version_floor(&self, feed: &str) -> Option<crate::database::FloorEntry> {
        self.custody().floor.get(feed)
    }

    /// Replaces the size caps (refused, leaving the old ones, if one is zero).
    pub fn set_limits(&self, limits: Limits) -> Result<(), RingfenceError> {
        limits.validate().map_err(RingfenceError::InvalidConfig)?;
        write(&self.limits, limits);
        Ok(())
    }

    /// The size caps in use.
    pub fn limits(&self) -> Limits {
        read(&self.limits)
    }

    /// Uses `dir` (created if missing) as the feed store: reads its version floor (merged with
    /// what this screener installed so far), then loads the newest database file of each feed
    /// in O(1) each (pinned key and signature, no body hash), refusing any below the floor or
    /// with another signer. Pin keys first ([`pin_feed`](Self::pin_feed)). From now on every
    /// install is written to the store (a new file, fully checked, renamed into place) and
    /// mapped with `map`; the floor is saved on every change. Older files of a loaded feed are
    /// removed; refused files are left and reported. Only a failure to save the floor is an
    /// error, and then nothing changes.
    pub fn use_store(&self, dir: &Path, map: MapFile) -> Result<StoreReport, RingfenceError> {
        let mut custody = self.custody();
        let store = Store::open(dir, map)?;
        let (file_floor, floor_was_corrupt) = VersionFloor::open(&dir.join(FLOOR_FILE))?;
        let mut floor = file_floor.merged(&custody.floor);
        let (trust, limits) = (read(&self.trust), read(&self.limits));
        let (mut refused, mut newest) = (Vec::new(), std::collections::BTreeMap::new());
        let mut superseded = Vec::new();
        for path in store.database_files() {
            let opened = store.map_path(&path).and_then(|b| Database::open_signed(b, &*trust, &limits));
            match opened {
                Err(error) => refused.push(RefusedFile { file: Store::name_of(&path), error }),
                Ok(db) => match newest.entry(db.metadata().feed.clone()) {
                    std::collections::btree_map::Entry::Vacant(v) => _ = v.insert((db, path)),
                    std::collections::btree_map::Entry::Occupied(mut o) => {
                        let older = o.get().0.metadata().version > db.metadata().version;
                        superseded.push(if older { path } else { std::mem::replace(o.get_mut(), (db, path)).1 });
                    }
                },
            }
        }
        let (mut feeds, mut store, mut loaded) = (Feeds::clone(&*read(&self.feeds)), store, Vec::new());
        for (feed, (db, path)) in newest {
            match admit(&feeds, &floor, &db).and_then(|()| feeds.with(db.clone())) {
                Err(error) => refused.push(RefusedFile { file: Store::name_of(&path), error }),
                Ok(next) => {
                    feeds = next;
                    floor = floor.raised(&feed, db.metadata().version, db.signer());
                    store.files.insert(feed, path);
                    loaded.push(db.info());
                }
            }
        }
        floor.save()?;
        for path in superseded {
            let _ = std::fs::remove_file(path);
        }
        write(&self.feeds, Arc::new(feeds));
        (custody.floor, custody.store) = (floor, Some(store));
        Ok(StoreReport { loaded, refused, floor_was_corrupt })
    }

    /// Verifies a downloaded database completely (size cap, framing, signer pinned for its
    /// feed, signature, checksum, structure; the same signer as installed; no version below
    /// the installed one or the floor), then swaps it in for its feed in one step and raises
    /// the floor. With a store, the bytes are first written to a new file there, which is what
    /// gets checked and mapped. On any error nothing changes.
    ///
    /// ```
    /// use ringfence_core::database::public_key;
    /// use ringfence_core::{Action, Category, DatabaseBuilder, IncomingCall, Pattern, Screener};
    ///
    /// let secret = [7u8; 32]; // the feed publisher's signing key
    /// let mut builder = DatabaseBuilder::new("community-spam", 1)?;
    /// let spam = builder.class(Action::Block, Category::Scam, Some("Reported scam"))?;
    /// builder.push(Pattern::parse("+41445550000", None)?, spam)?;
    /// let file = builder.build(&secret)?.bytes;
    ///
    /// let screener = Screener::new(Default::default());
    /// screener.pin_feed("community-spam", vec![public_key(&secret)])?; // pinned by the app
    /// let info = screener.install_database(file)?;
    /// assert_eq!((info.metadata.feed.as_str(), info.metadata.version), ("community-spam", 1));
    ///
    /// let call = IncomingCall { number: Some("+41 44 555 00 00".into()), ..Default::default() };
    /// assert_eq!(screener.screen(&call).action, Action::Block);
    /// # Ok::<(), ringfence_core::RingfenceError>(())
    /// ```
    pub fn install_database<B>(&self, bytes: B) -> Result<DatabaseInfo, RingfenceError>
    where
        B: AsRef<[u8]> + Send + Sync + 'static,
    {
        self.install(Source::Download(Box::new(bytes)))
    }

    /// Installs the database file at `path` (see [`install_database`](Self::install_database)).
    /// The library takes its own copy: into a new file of the store (or into memory without
    /// one), so nothing the app later does to `path` (truncating, rewriting, deleting) can
    /// crash or change a running screener. `path` is only read.
    pub fn install_database_file(&self, path: &Path) -> Result<DatabaseInfo, RingfenceError> {
        self.install(Source::Path(path.to_path_buf()))
    }

    /// Re-opens a database this app installed before (e.g. kept in its own storage) in O(1):
    /// size cap, framing, signer pinned for its feed and signature, without re-hashing the
    /// body; the signer and the version floor are checked as for an install, so an older
    /// version is refused across restarts when a store keeps the floor. Prefer
    /// [`use_store`](Self::use_store), which loads the store's files this way.
    pub fn load_installed_database<B>(&self, bytes: B) -> Result<DatabaseInfo, RingfenceError>
    where
        B: AsRef<[u8]> + Send + Sync + 'static,
    {
        self.install(Source::Installed(Box::new(bytes)))
    }

    /// Applies a signed delta to the installed database of `feed` and checks the result as
    /// [`install_database`](Self::install_database) would, without installing it: the
    /// returned file is for an app that keeps its own files. See [`install_delta`](Self::install_delta).
    pub fn apply_delta(&self, feed: &str, delta: &[u8]) -> Result<Vec<u8>, RingfenceError> {
        let custody = self.custody();
        let (db, _) = self.delta_result(&custody, feed, delta)?;
        Ok(db.as_bytes().to_vec())
    }

    /// Applies a signed delta to the installed database of `feed` and installs the result:
    /// the delta is checked before any work (size cap, framing, signer pinned for `feed`,
    /// signature, made for the installed file: `FeedMismatch`, `SignerChanged`,
    /// `DeltaBaseMismatch`, `Downgrade`), the result is rebuilt in memory, written to a new
    /// file of the store, checked there as a full install, and only then renamed into place
    /// and swapped in. Without a store it is installed from memory. On any error the
    /// installed file, the active feed and the floor are unchanged, and no file is left.
    pub fn install_delta(&self, feed: &str, delta: &[u8]) -> Result<DatabaseInfo, RingfenceError> {
        let mut custody = self.custody();
        let (db, base_version) = self.delta_result(&custody, feed, delta)?;
        match custody.store.is_some() {
            true => Ok(self.install_in(&mut custody, Source::Delta(db.as_bytes().to_vec(), base_version))?),
            false => Ok(self.commit(&mut custody, db, None)?),
        }
    }

    /// The fully checked result of `delta` applied to the installed database of `feed`.
    fn delta_result(&self, custody: &Custody, feed: &str, delta: &[u8]) -> Result<(Database, u64), DatabaseError> {
        let feeds = read(&self.feeds);
        let base = feeds.get(feed).ok_or(DatabaseError::DeltaBaseMismatch)?;
        let (trust, limits) = (read(&self.trust), read(&self.limits));
        let bytes = apply_with(base, delta, &*trust, &limits)?;
        let base_version = base.metadata().version;
        let db = Database::open_limited(bytes, &*trust, Some(base_version), &limits)?;
        if db.metadata().feed != feed || db.signer() != base.signer() {
            return Err(DatabaseError::FeedMismatch); // unreachable: both come from the checked header
        }
        admit(&feeds, &custody.floor, &db)?;
        Ok((db, base_version))
    }

    fn install(&self, source: Source) -> Result<DatabaseInfo, RingfenceError> {
        let mut custody = self.custody();
        Ok(self.install_in(&mut custody, source)?)
    }

    /// Opens `source` with the checks it needs; with a store, from a new file written there.
    fn install_in(&self, custody: &mut Custody, source: Source) -> Result<DatabaseInfo, DatabaseError> {
        let (trust, limits) = (read(&self.trust), read(&self.limits));
        let full = |b: FileBytes, v| Database::open_boxed(b, &*trust, v, &limits);
        let Some(store) = custody.store.as_ref() else {
            let db = match source {
                Source::Download(b) => full(b, None)?,
                Source::Installed(b) => Database::open_signed(b, &*trust, &limits)?,
                Source::Path(p) => full(read_capped(&p, limits.max_database_bytes)?, None)?,
                Source::Delta(b, v) => full(Box::new(b), Some(v))?,
            };
            return self.commit(custody, db, None);
        };
        // Cheap checks on what the app gave before writing anything.
        let (tmp, check_full, floor) = match source {
            Source::Download(b) => (store.temp_with(full(b, None)?.as_bytes())?, true, None),
            Source::Installed(b) => {
                let db = Database::open_signed(b, &*trust, &limits)?;
                (store.temp_with(db.as_bytes())?, false, None)
            }
            Source::Path(p) => (store.temp_copy(&p, limits.max_database_bytes)?, true, None),
            Source::Delta(b, v) => (store.temp_with(&b)?, true, Some(v)),
        };
        let mapped = store.map_temp(&tmp)?;
        let db = match check_full {
            true => full(mapped, floor)?,
            false => Database::open_signed(mapped, &*trust, &limits)?,
        };
        let feeds: Arc<Feeds> = read(&self.feeds);
        admit(&feeds, &custody.floor, &db)?;
        let path = store.persist(tmp)?;
        self.commit(custody, db, Some(path.clone())).inspect_err(|_| _ = std::fs::remove_file(&path))
    }

    /// Swaps `db` in for its feed after [`admit`], raising (and saving) the floor first; with
    /// a store, `file` becomes the feed's file and the previous one is removed.
    fn commit(
        &self,
        custody: &mut Custody,
        db: Database,
        file: Option<PathBuf>,
    ) -> Result<DatabaseInfo, DatabaseError> {
        let current = read(&self.feeds);
        admit(&current, &custody.floor, &db)?;
        let next = current.with(db.clone())?;
        let (feed, info) = (db.metadata().feed.clone(), db.info());
        let floor = custody.floor.raised(&feed, db.metadata().version, db.signer());
        if floor != custody.floor {
            floor.save()?;
            custody.floor = floor;
        }
        write(&self.feeds, Arc::new(next));
        if let (Some(store), Some(file)) = (custody.store.as_mut(), file) {
            store.replace(&feed, Some(file));
        }
        Ok(info)
    }

    /// Uninstalls the database of `feed` (and removes its file from the store); whether one
    /// was installed. The version floor is kept: a re-install must not be older.
    pub fn remove_database(&self, feed: &str) -> bool {
        let mut custody = self.custody();
        match read(&self.feeds).without(feed) {
            Some(next) => {
                write(&self.feeds, Arc::new(next));
                if let Some(store) = custody.store.as_mut() {
                    store.replace(feed, None);
                }
                true
            }
            None => false,
        }
    }

    /// The installed databases, in installation order.
    pub fn databases(&self) -> Vec<DatabaseInfo> {
        read(&self.feeds).dbs.iter().map(Database::info).collect()
    }
}

/// The file at `path` read into memory, refused over `max` bytes before it is read.
fn read_capped(path: &Path, max: u64) -> Result<FileBytes, DatabaseError> {
    let file = std::fs::File::open(path)?;
    if file.metadata()?.len() > max {
        return Err(DatabaseError::LimitExceeded { what: "database size in bytes", limit: max });
    }
    Ok(crate::database::read_file(&file)?)
}
