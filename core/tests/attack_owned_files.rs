//! Attacks: "mapped files" (the app truncates or rewrites the path it installed from) and
//! "temporary files" (a fixed `<file>.tmp` name, followed links). The library installs from a
//! path by copying into a new, uniquely named file of its store, which it never modifies; the
//! app's path is only read. (The same with memory-mapped files, where a truncation would be a
//! SIGBUS: `cli/tests/owned_files.rs`.)

mod support;

use std::io::Write;

use ringfence_core::RingfenceError;
use ringfence_core::database::read_file;
use support::*;

#[test]
fn what_the_app_does_to_its_path_never_reaches_the_screener() {
    let dir = scratch("owned-store");
    let app = scratch("owned-app").join("download.rfdb");
    let v1 = feed("a", 1, &KEY_A, 100);
    std::fs::write(&app, &v1).unwrap();
    let s = stored(&dir);
    s.install_database_file(&app).unwrap();
    assert_eq!(std::fs::read(&app).unwrap(), v1, "the app's file is only read");
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let ino = std::fs::metadata(&app).unwrap().ino();
        let stored: Vec<u64> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().metadata().unwrap())
            .filter(|m| m.len() == v1.len() as u64)
            .map(|m| m.ino())
            .collect();
        assert_eq!(stored.len(), 1, "one copy in the store");
        assert_ne!(stored[0], ino, "a copy, not a link to the app's inode");
    }
    // Truncate, then rewrite in place with another (genuine) version.
    std::fs::OpenOptions::new().write(true).truncate(true).open(&app).unwrap();
    assert_eq!(answer(&s).as_deref(), Some("a v1"));
    std::fs::OpenOptions::new().write(true).open(&app).unwrap().write_all(&feed("a", 2, &KEY_A, 100)).unwrap();
    assert_eq!(answer(&s).as_deref(), Some("a v1"));
    std::fs::remove_file(&app).unwrap();
    // After a restart the store's own copy answers.
    let s = screener();
    s.use_store(&dir, read_file).unwrap();
    assert_eq!(answer(&s).as_deref(), Some("a v1"));
}

#[cfg(unix)]
#[test]
fn planted_links_and_concurrent_installs_do_not_disturb_an_install() {
    let dir = scratch("owned-links");
    let victim = scratch("owned-victim").join("victim");
    std::fs::write(&victim, b"keep me").unwrap();
    // Links where the old code wrote its temporary file, and at likely names.
    for name in ["feed.rfdb.tmp", "version-floor.tmp", ".rf-tmp-0000000000000000"] {
        std::os::unix::fs::symlink(&victim, dir.join(name)).unwrap();
    }
    let s = stored(&dir);
    let (v1, v2) = (feed("a", 1, &KEY_A, 5), feed("a", 2, &KEY_A, 9));
    s.install_database(v1.clone()).unwrap();
    let delta = ringfence_core::database::diff(&open(&v1, &KEY_A), &open(&v2, &KEY_A), &KEY_A).unwrap();
    // Two screeners on one store apply the same delta at once: one wins, the other gets a
    // typed refusal or the same result; never a clash on a temporary name.
    let t = stored(&dir);
    std::thread::scope(|scope| {
        let a = scope.spawn(|| s.install_delta("a", &delta));
        let b = scope.spawn(|| t.install_delta("a", &delta));
        for r in [a.join().unwrap(), b.join().unwrap()] {
            match r {
                Ok(info) => assert_eq!(info.metadata.version, 2),
                Err(RingfenceError::Database(e)) => panic!("concurrent install failed: {e:?}"),
                Err(e) => panic!("{e:?}"),
            }
        }
    });
    assert_eq!(std::fs::read(&victim).unwrap(), b"keep me");
    let temps: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".rf-tmp-") && n != ".rf-tmp-0000000000000000")
        .collect();
    assert!(temps.is_empty(), "left-over temporary files: {temps:?}");
    assert_eq!(answer(&s).as_deref(), Some("a v2"));
}

#[test]
fn without_a_store_files_are_read_into_memory_and_deltas_need_nothing_on_disk() {
    let app = scratch("owned-nostore").join("download.rfdb");
    std::fs::write(&app, feed("a", 1, &KEY_A, 3)).unwrap();
    let s = screener();
    s.install_database_file(&app).unwrap();
    std::fs::write(&app, b"").unwrap();
    assert_eq!(answer(&s).as_deref(), Some("a v1"));
    let delta = ringfence_core::database::diff(
        &open(&feed("a", 1, &KEY_A, 3), &KEY_A),
        &open(&feed("a", 2, &KEY_A, 4), &KEY_A),
        &KEY_A,
    )
    .unwrap();
    s.install_delta("a", &delta).unwrap();
    assert_eq!(answer(&s).as_deref(), Some("a v2"));
}
