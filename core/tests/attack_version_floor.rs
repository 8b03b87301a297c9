//! Attack: "restarts forget the version floor": a fresh screener loads an older genuine file
//! because it has nothing to compare with. With a feed store the floor persists: install and
//! load refuse older versions across restarts (`Downgrade`), and losing the floor file only
//! rebuilds it from the store's files.

mod support;

use ringfence_core::database::{DatabaseError, FLOOR_FILE, read_file};
use support::*;

#[test]
fn an_older_version_is_refused_after_a_restart() {
    let dir = scratch("floor-restart");
    let s = stored(&dir);
    let (v4, v5) = (feed("a", 4, &KEY_A, 1), feed("a", 5, &KEY_A, 2));
    s.install_database(v4.clone()).unwrap();
    s.install_database(v5).unwrap();
    drop(s);
    // Restart: the store loads version 5 and remembers the floor.
    let s = screener();
    let report = s.use_store(&dir, read_file).unwrap();
    assert_eq!(report.loaded.iter().map(|i| i.metadata.version).collect::<Vec<_>>(), [5]);
    assert!(report.refused.is_empty() && !report.floor_was_corrupt);
    let before = state(&s, "a", Some(&dir));
    let down = DatabaseError::Downgrade { installed: 5, offered: 4 };
    assert_eq!(refused(s.load_installed_database(v4.clone())), down);
    assert_eq!(refused(s.install_database(v4.clone())), down);
    assert_eq!(state(&s, "a", Some(&dir)), before);
    // Even when the feed is removed, the floor stays.
    assert!(s.remove_database("a"));
    assert_eq!(refused(s.install_database(v4.clone())), down);
    // A screener restarted without the installed file (e.g. it failed to load) keeps the floor.
    let s = screener();
    s.use_store(&dir, read_file).unwrap();
    assert!(s.databases().is_empty());
    assert_eq!(refused(s.load_installed_database(v4)), down);
    assert_eq!(s.version_floor("a").map(|f| f.version), Some(5));
}

#[test]
fn a_deleted_or_corrupt_floor_is_rebuilt_from_the_stored_files() {
    let dir = scratch("floor-rebuilt");
    let s = stored(&dir);
    s.install_database(feed("a", 7, &KEY_A, 1)).unwrap();
    std::fs::remove_file(dir.join(FLOOR_FILE)).unwrap();
    let s = screener();
    assert!(!s.use_store(&dir, read_file).unwrap().floor_was_corrupt);
    assert_eq!(s.version_floor("a").map(|f| f.version), Some(7), "rebuilt from the loaded file");
    assert!(dir.join(FLOOR_FILE).exists(), "and saved");
    std::fs::write(dir.join(FLOOR_FILE), "ringfence-version-floor 1\na\t9\tzz\n").unwrap();
    let s = screener();
    let report = s.use_store(&dir, read_file).unwrap();
    assert!(report.floor_was_corrupt);
    assert_eq!(s.version_floor("a").map(|f| f.version), Some(7));
    assert!(matches!(refused(s.install_database(feed("a", 6, &KEY_A, 0))), DatabaseError::Downgrade { .. }));
}

#[test]
fn when_the_floor_cannot_be_saved_nothing_changes_and_no_file_is_left() {
    let dir = scratch("floor-unsaved");
    let s = stored(&dir);
    s.install_database(feed("a", 1, &KEY_A, 1)).unwrap();
    // The floor's path becomes a directory: saving it (a rename over it) fails.
    std::fs::remove_file(dir.join(FLOOR_FILE)).unwrap();
    std::fs::create_dir(dir.join(FLOOR_FILE)).unwrap();
    let before = state(&s, "a", Some(&dir));
    let e = refused(s.install_database(feed("a", 2, &KEY_A, 1)));
    assert!(matches!(e, DatabaseError::Io(_)), "{e:?}");
    let delta = ringfence_core::database::diff(
        &open(&feed("a", 1, &KEY_A, 1), &KEY_A),
        &open(&feed("a", 2, &KEY_A, 1), &KEY_A),
        &KEY_A,
    )
    .unwrap();
    assert!(matches!(refused(s.install_delta("a", &delta)), DatabaseError::Io(_)));
    assert_eq!(state(&s, "a", Some(&dir)), before, "installed file, active feed and floor unchanged");
}
