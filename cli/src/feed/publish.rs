//! `ringfence feed publish`: an aggregate list → `DIR/NAME-N.rfdb` (signed), the signed delta
//! `DIR/NAME-OLD-to-N.rfdelta` from `--previous` when given, and `DIR/manifest.json`, the small
//! file apps poll (core's `FeedManifest`, docs/feed-manifest.md). The list must be clean: a rejected row writes nothing.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::Args;
use ringfence_core::database::import::ImportOptions;
use ringfence_core::database::{
    Database, DatabaseBuilder, FeedDelta, FeedFile, FeedManifest, diff, public_key, to_hex, write_database_file,
};

use crate::db::build::add_list;
use crate::db::keys::read_key;
use crate::db::map::map;

/// What `feed publish` was asked.
#[derive(Debug, Clone, Args)]
pub struct PublishOptions {
    /// The aggregate list (`ringfence feed aggregate --out`).
    #[arg(long, value_name = "LIST.csv")]
    pub list: PathBuf,
    /// The feed's secret key file.
    #[arg(long, value_name = "SECRET")]
    pub key: PathBuf,
    /// The feed's name.
    #[arg(long, value_name = "NAME")]
    pub feed: String,
    /// The new version (greater than --previous's).
    #[arg(long, value_name = "N")]
    pub version: u64,
    /// The directory to write into.
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// The version apps have now: a delta from it is written too. Verified against the key.
    #[arg(long, value_name = "OLD.rfdb")]
    pub previous: Option<PathBuf>,
}

/// Builds the database from the list, signed with `secret`.
fn build(o: &PublishOptions, secret: &[u8; 32], err: &mut (impl Write + Send)) -> Result<Vec<u8>, String> {
    let mut builder = DatabaseBuilder::new(&o.feed, o.version).map_err(|e| e.to_string())?;
    let (_, rejected) = add_list(&o.list, &ImportOptions::default(), &mut builder, err)?;
    if rejected > 0 {
        return Err(format!("{}: {rejected} rows rejected: nothing written", o.list.display()));
    }
    Ok(builder.build(secret).map_err(|e| e.to_string())?.bytes)
}

/// The previous version, fully verified against the feed's key, of the same feed and older.
fn previous(o: &PublishOptions, path: &Path, signer: [u8; 32]) -> Result<Database, String> {
    let bytes = map(path).map_err(|e| format!("cannot open {}: {e}", path.display()))?;
    let old = Database::open(bytes, &[signer], None).map_err(|e| format!("{}: {e}", path.display()))?;
    let m = old.metadata();
    if m.feed != o.feed {
        return Err(format!("{}: feed {} is not feed {}", path.display(), m.feed, o.feed));
    }
    if m.version >= o.version {
        return Err(format!("{}: version {} is not older than {}", path.display(), m.version, o.version));
    }
    Ok(old)
}

/// Publishes; the manifest's text goes to `out` too, row errors to `err`. Nothing is written
/// unless the manifest is one apps read (e.g. a feed name that is not URL-safe is refused).
pub fn run(o: &PublishOptions, out: &mut impl Write, err: &mut (impl Write + Send)) -> Result<(), String> {
    let secret = read_key(&o.key)?;
    let signer = public_key(&secret);
    let old = o.previous.as_deref().map(|p| previous(o, p, signer)).transpose()?;
    let bytes = build(o, &secret, err)?;
    let new = Database::open(bytes, &[signer], None).map_err(|e| e.to_string())?;
    let db_name = format!("{}-{}.rfdb", o.feed, o.version);
    let delta = match &old {
        Some(old) => {
            let from = old.metadata().version;
            let bytes = diff(old, &new, &secret).map_err(|e| e.to_string())?;
            Some((format!("{}-{from}-to-{}.rfdelta", o.feed, o.version), from, bytes))
        }
        None => None,
    };
    let manifest = FeedManifest {
        feed: o.feed.clone(),
        version: o.version,
        signer: to_hex(&signer),
        entries: new.exact_count() + new.range_count(),
        database: FeedFile::of(&db_name, new.as_bytes()),
        delta: delta
            .as_ref()
            .map(|(name, from, bytes)| FeedDelta { from_version: *from, file: FeedFile::of(name, bytes) }),
    };
    let text = manifest.to_json();
    FeedManifest::parse(text.as_bytes()).map_err(|e| format!("cannot publish feed {}: {e}", o.feed))?;
    std::fs::create_dir_all(&o.out).map_err(|e| format!("cannot create {}: {e}", o.out.display()))?;
    let write = |name: &str, bytes: &[u8]| {
        let path = o.out.join(name);
        write_database_file(&path, bytes).map_err(|e| format!("cannot write {}: {e}", path.display()))
    };
    if let Some((name, _, bytes)) = &delta {
        write(name, bytes)?;
    }
    write(&db_name, new.as_bytes())?;
    // The manifest last: an app polling it never sees files that are not there yet.
    write("manifest.json", text.as_bytes())?;
    out.write_all(text.as_bytes()).map_err(|e| e.to_string())
}
