//! Target `signed_delta`: deltas whose signed header the fuzzer controls (feed name, versions,
//! checksums, signer), applied by a screener that pins the fuzz key for the base feed and
//! another key for another feed.

use arbitrary::{Arbitrary, Unstructured};
use ringfence_core::Screener;
use ringfence_core::database::test_support::FeedKey;
use ringfence_core::database::{DeltaInfo, diff};

use crate::db::{base_db, build_db};
use crate::delta::bound_to;
use crate::{SECRET, key};

/// The other feed's key (pinned for `other-feed` only) and a key pinned for nothing.
const OTHER: [u8; 32] = [0x6b; 32];
const STRANGER: [u8; 32] = [0x77; 32];

/// What the fuzzer picks for one delta.
#[derive(Debug, Arbitrary)]
struct Header {
    /// 0: the base's feed; 1: the other feed; 2: `text`.
    feed: u8,
    text: String,
    base_version: Option<u64>,
    wrong_base_checksum: bool,
    result_version: Option<u64>,
    /// 0: the feed key; 1: the other feed's key; 2: a stranger.
    signer: u8,
    /// Use the payload of a genuine delta (to version 11) instead of `payload`.
    genuine: bool,
    payload: Vec<u8>,
    /// Flip one bit of the sealed delta at this offset.
    flip: Option<u32>,
}

/// contract: whatever the delta says, the screener's feed afterwards is the base feed, signed
/// by the feed key, at a version not below the base; a refusal changes nothing.
pub fn signed_delta(data: &[u8]) {
    let Ok(h) = Header::arbitrary(&mut Unstructured::new(data)) else { return };
    let base = base_db();
    let s = Screener::default();
    s.pin_feed("fuzz-feed", vec![key()]).expect("pin");
    s.pin_feed("other-feed", vec![FeedKey::new(&OTHER).public()]).expect("pin");
    s.install_database(base.as_bytes().to_vec()).expect("base installs");
    let genuine_new = build_db("fuzz-feed", 11, &[(41_446_681_800, 0, 1)]);
    let genuine_new = ringfence_core::Database::open(genuine_new, &[key()], None).expect("opens");
    let genuine = diff(base, &genuine_new, &SECRET).expect("diff");
    let mut info: DeltaInfo = bound_to(base, genuine_new.checksum());
    info.result_version = h.result_version.unwrap_or(11);
    match h.feed % 3 {
        0 => {}
        1 => info.feed = "other-feed".into(),
        _ => info.feed = h.text.chars().take(120).collect(),
    }
    info.base_version = h.base_version.unwrap_or(info.base_version);
    if h.wrong_base_checksum {
        info.base_checksum[0] ^= 1;
    }
    let secret = [SECRET, OTHER, STRANGER][usize::from(h.signer % 3)];
    let payload = if h.genuine { &genuine[genuine.len() - payload_len(&genuine)..] } else { &h.payload[..] };
    let mut delta = FeedKey::new(&secret).seal_delta(&info, payload);
    if let Some(at) = h.flip {
        let at = at as usize % (delta.len() * 8);
        delta[at / 8] ^= 1 << (at % 8);
    }
    let before = s.databases();
    match s.install_delta("fuzz-feed", &delta) {
        Ok(info) => {
            assert_eq!(info.metadata.feed, "fuzz-feed", "contract: a delta never yields another feed");
            assert!(info.metadata.version >= base.metadata().version, "contract: never a downgrade");
            let db = s.databases();
            assert_eq!(db.len(), 1);
        }
        Err(_) => assert_eq!(s.databases(), before, "contract: a refused delta changes nothing"),
    }
    let _ = s.apply_delta("other-feed", &delta);
}

/// The payload length a delta's header declares (the payload is the delta's last bytes).
pub fn payload_len(delta: &[u8]) -> usize {
    delta.get(16..24).and_then(|b| b.try_into().ok()).map_or(0, |b| u64::from_le_bytes(b) as usize).min(delta.len())
}
