//! The version floor: per feed, the highest version ever installed and the key that signed it,
//! so that a restart does not forget what a downgrade is and who may sign the feed.
//!
//! Kept in memory, and in a small file when a feed store is in use (`version-floor` in the
//! store's directory), replaced atomically (unique temporary file, fsync, rename). The file is
//! text with a SHA-256 line over the rest, which catches corruption (not a deliberate rewrite:
//! whoever can write the app's private storage can rewrite any of its files). A missing or
//! corrupt file counts as empty: the floor is then rebuilt from the files in the store as they
//! load, so what is lost is only the floor of feeds that have no file there any more.
//!
//! ```text
//! ringfence-version-floor 1
//! <feed>\t<version>\t<signer, 64 hex digits>      one line per feed, sorted by feed
//! sha256\t<64 hex digits: SHA-256 of every line above>
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::install::TempFile;
use super::{DatabaseError, key_from_hex, to_hex};

/// The floor file's name in a feed store's directory.
pub const FLOOR_FILE: &str = "version-floor";
const HEADER: &str = "ringfence-version-floor 1";
/// Largest floor file read (far above what [`MAX_PINNED_FEEDS`](super::MAX_PINNED_FEEDS) feeds need).
const MAX_FILE_BYTES: u64 = 1 << 20;

/// What the floor holds for one feed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FloorEntry {
    /// The highest version of the feed ever installed: older ones are refused (`Downgrade`).
    pub version: u64,
    /// The key that signs the feed: another one is refused (`SignerChanged`) until a rotation.
    pub signer: [u8; 32],
}

/// The version floor of every feed ever installed (see the module documentation).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct VersionFloor {
    path: Option<PathBuf>,
    feeds: BTreeMap<String, FloorEntry>,
}

impl VersionFloor {
    /// A floor kept in memory only (it is forgotten when the process ends).
    pub fn in_memory() -> Self {
        Self::default()
    }

    /// The floor kept in the file at `path`: read now (missing or corrupt counts as empty; the
    /// second value says whether it was corrupt), written by every change.
    pub fn open(path: &Path) -> Result<(Self, bool), DatabaseError> {
        let text = match std::fs::metadata(path) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => return Err(e.into()),
            Ok(m) if m.len() > MAX_FILE_BYTES => Some(String::new()),
            Ok(_) => Some(String::from_utf8(std::fs::read(path)?).unwrap_or_default()),
        };
        let parsed = text.as_deref().map(parse);
        let feeds = parsed.clone().flatten().unwrap_or_default();
        Ok((Self { path: Some(path.to_path_buf()), feeds }, matches!(parsed, Some(None))))
    }

    /// The floor of `feed`, if it was ever installed.
    pub fn get(&self, feed: &str) -> Option<FloorEntry> {
        self.feeds.get(feed).copied()
    }

    /// Every feed's floor, by feed name.
    pub fn entries(&self) -> impl Iterator<Item = (&str, FloorEntry)> {
        self.feeds.iter().map(|(f, e)| (f.as_str(), *e))
    }

    /// `Err(Downgrade)` when `version` is below the floor of `feed`, `Err(SignerChanged)` when
    /// the floor names another signer.
    pub fn check(&self, feed: &str, version: u64, signer: &[u8; 32]) -> Result<(), DatabaseError> {
        match self.get(feed) {
            Some(e) if e.signer != *signer => Err(DatabaseError::SignerChanged),
            Some(e) if version < e.version => Err(DatabaseError::Downgrade { installed: e.version, offered: version }),
            _ => Ok(()),
        }
    }

    /// This floor with `feed` raised to `version` (never lowered) and signed by `signer`.
    pub(crate) fn raised(&self, feed: &str, version: u64, signer: [u8; 32]) -> Self {
        let mut next = self.clone();
        let version = self.get(feed).map_or(version, |e| e.version.max(version));
        next.feeds.insert(feed.to_owned(), FloorEntry { version, signer });
        next
    }

    /// This floor with every entry of `other` merged in (the higher version of each feed; the
    /// signer of the entry with it).
    pub(crate) fn merged(&self, other: &VersionFloor) -> Self {
        other.entries().fold(self.clone(), |floor, (feed, e)| match floor.get(feed) {
            Some(mine) if mine.version >= e.version => floor,
            _ => floor.raised(feed, e.version, e.signer),
        })
    }

    /// Writes the floor to its file (atomically), if it has one.
    pub(crate) fn save(&self) -> Result<(), DatabaseError> {
        let Some(path) = &self.path else { return Ok(()) };
        let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
        TempFile::with_bytes(dir, self.to_text().as_bytes())?.persist(path)?;
        Ok(())
    }

    fn to_text(&self) -> String {
        let mut text = format!("{HEADER}\n");
        for (feed, e) in &self.feeds {
            text.push_str(&format!("{feed}\t{}\t{}\n", e.version, to_hex(&e.signer)));
        }
        let sum = to_hex(&Sha256::digest(text.as_bytes()));
        text.push_str(&format!("sha256\t{sum}\n"));
        text
    }
}

/// The entries of a floor file; `None` when it is corrupt.
fn parse(text: &str) -> Option<BTreeMap<String, FloorEntry>> {
    let body_end = text.trim_end_matches('\n').rfind('\n')? + 1;
    let (body, sum) = text.split_at(body_end);
    if sum.trim_end() != format!("sha256\t{}", to_hex(&Sha256::digest(body.as_bytes()))) {
        return None;
    }
    let mut lines = body.lines();
    (lines.next()? == HEADER).then_some(())?;
    lines
        .map(|line| {
            let mut fields = line.split('\t');
            let (feed, version, signer) = (fields.next()?, fields.next()?, fields.next()?);
            let entry = FloorEntry { version: version.parse().ok()?, signer: key_from_hex(signer)? };
            fields.next().is_none().then(|| (feed.to_owned(), entry))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::database::install::unique_name;

    #[test]
    fn survives_a_reopen_and_never_lowers() {
        let dir = std::env::temp_dir().join(unique_name("ringfence-floor-", ""));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(FLOOR_FILE);
        let (floor, corrupt) = VersionFloor::open(&path).unwrap();
        assert!(!corrupt && floor.get("a").is_none());
        let floor = floor.raised("a", 7, [1; 32]).raised("a", 3, [1; 32]).raised("b c", 2, [2; 32]);
        floor.save().unwrap();
        let (again, corrupt) = VersionFloor::open(&path).unwrap();
        assert!(!corrupt);
        assert_eq!(again.get("a"), Some(FloorEntry { version: 7, signer: [1; 32] }));
        assert_eq!(again.check("a", 6, &[1; 32]), Err(DatabaseError::Downgrade { installed: 7, offered: 6 }));
        assert_eq!(again.check("a", 7, &[2; 32]), Err(DatabaseError::SignerChanged));
        assert_eq!(again.check("b c", 2, &[2; 32]), Ok(()));
        // One changed digit is a corrupt file: read as empty, and said so.
        let text = std::fs::read_to_string(&path).unwrap().replace("\t7\t", "\t9\t");
        std::fs::write(&path, text).unwrap();
        let (empty, corrupt) = VersionFloor::open(&path).unwrap();
        assert!(corrupt && empty.get("a").is_none());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn merging_keeps_the_higher_version() {
        let a = VersionFloor::in_memory().raised("f", 5, [1; 32]).raised("g", 1, [1; 32]);
        let b = VersionFloor::in_memory().raised("f", 3, [2; 32]).raised("h", 4, [2; 32]);
        let m = a.merged(&b);
        assert_eq!(m.get("f"), Some(FloorEntry { version: 5, signer: [1; 32] }));
        assert_eq!(m.get("h").map(|e| e.version), Some(4));
        assert_eq!(m.entries().count(), 3);
    }
}
