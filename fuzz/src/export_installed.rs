//! Target `export_installed`: Call Directory exports over databases a screener loaded in O(1)
//! (`load_installed_database`: signature checked, structure not), as an app re-opens its files
//! at start-up; and exports given two versions of one feed.

use std::sync::Arc;

use ringfence_core::database::Database;
use ringfence_core::export::ExportSet;
use ringfence_core::{Language, Screener};

use crate::db::build_db;
use crate::{feed_key, key};

/// Items pulled from each export stream (a file of wide ranges could list 10^14 numbers).
const TAKE: usize = 20_000;

/// `[mode, …]`. Mode 0: the rest is a database file, resealed with the feed key (framing,
/// checksum, signature fixed up) and loaded without the structure check. Mode 1: the rest
/// generates two versions of one feed.
///
/// contract: exports never panic or hang; blocking and identification numbers strictly
/// ascend; of two versions of one feed only the newer exports.
pub fn export_installed(data: &[u8]) {
    let Some((&mode, rest)) = data.split_first() else { return };
    match mode % 2 {
        0 => {
            let mut file = rest.to_vec();
            feed_key().reseal(&mut file);
            let s = Screener::default();
            let Ok(feed) = Database::open_installed(file.clone(), &[key()]).map(|d| d.metadata().feed.clone()) else {
                return;
            };
            s.pin_feed(&feed, vec![key()]).expect("pin");
            if s.load_installed_database(file).is_ok() {
                check(&s.export_set());
            }
        }
        _ => {
            let items = |bytes: &[u8]| -> Vec<(u64, u8, u8)> {
                bytes
                    .chunks(4)
                    .take(256)
                    .map(|c| {
                        (
                            41_446_680_000 + u64::from(c[0]) * 13,
                            c.get(1).map_or(0, |w| w % 4),
                            c.get(2).copied().unwrap_or(0),
                        )
                    })
                    .collect()
            };
            let (a, b) = rest.split_at(rest.len() / 2);
            let open =
                |v, it: &[u8]| Database::open(build_db("fuzz-feed", v, &items(it)), &[key()], None).expect("opens");
            let (old, new) = (open(1, a), open(2, b));
            let both = ExportSet::from_rules_and_databases(Arc::default(), [old, new.clone()], Language::En);
            let alone = ExportSet::from_rules_and_databases(Arc::default(), [new], Language::En);
            check(&both);
            assert!(both.blocking().take(TAKE).eq(alone.blocking().take(TAKE)), "contract: the newer version alone");
            assert!(
                both.identification().take(TAKE).eq(alone.identification().take(TAKE)),
                "contract: the newer version alone"
            );
        }
    }
}

/// contract: numbers strictly ascend in both exports.
fn check(set: &ExportSet) {
    let mut last = None;
    for n in set.blocking().take(TAKE) {
        assert!(last < Some(n), "contract: blocking numbers ascend");
        last = Some(n);
    }
    let mut last = None;
    for (n, label) in set.identification().take(TAKE) {
        assert!(last < Some(n), "contract: identification numbers ascend");
        let _ = label.len();
        last = Some(n);
    }
}
