//! Databases inside the Screener: precedence (the ladder of `ringfence_core::precedence`),
//! atomic install and swap, rejected files leaving the active set untouched, and
//! 8 threads screening while another thread swaps databases 1,000 times.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use ringfence_core::database::{DatabaseBuilder, DatabaseError, public_key};
use ringfence_core::{Action, Category, IncomingCall, Pattern, Reason, RingfenceError, Rule, Screener, ScreenerConfig};

const SECRET: [u8; 32] = [7; 32];
const OTHER: [u8; 32] = [8; 32];

const LISTED: &str = "+41446681234";
const RANGE_MEMBER: &str = "+41215600042";
const FEED_ALLOWED: &str = "+41215609999";
const LABELLED: &str = "+41315550000";

fn p(s: &str) -> Pattern {
    Pattern::parse(s, None).unwrap()
}

/// A signed feed: one blocked number, a blocked range with one allowed number in it, a label.
fn feed(name: &str, version: u64, secret: &[u8; 32], label: &str) -> Vec<u8> {
    let mut b = DatabaseBuilder::new(name, version).unwrap();
    let block = b.class(Action::Block, Category::Scam, Some(label)).unwrap();
    let tag = b.class(Action::Label, Category::Telemarketing, None).unwrap();
    let allow = b.class(Action::Allow, Category::None, None).unwrap();
    b.push(p(LISTED), block).unwrap();
    b.push(p("+4121560####"), block).unwrap();
    b.push(p(FEED_ALLOWED), allow).unwrap();
    b.push(p(LABELLED), tag).unwrap();
    b.build(secret).unwrap().bytes
}

fn screener() -> Screener {
    let s = Screener::new(ScreenerConfig { default_region: "CH".parse().ok(), ..Default::default() });
    for name in FEEDS {
        s.pin_feed(name, vec![public_key(&SECRET)]).unwrap();
    }
    (0..16).for_each(|i| s.pin_feed(&format!("feed-{i}"), vec![public_key(&SECRET)]).unwrap());
    s
}

/// The feed names these tests install, each pinned to the key `SECRET`.
const FEEDS: [&str; 6] = ["ch-scam", "a", "b", "swap", "hostile", "one-too-many"];

fn call(number: &str) -> IncomingCall {
    IncomingCall { number: Some(number.into()), ..Default::default() }
}

fn rule(pattern: &str, action: Action) -> Rule {
    Rule::new(p(pattern), action, Category::UserList, None).unwrap()
}

#[test]
fn feed_entries_screen_with_their_action_category_and_label() {
    let s = screener();
    assert_eq!(s.screen(&call(LISTED)).action, Action::Allow, "nothing installed yet");
    let info = s.install_database(feed("ch-scam", 3, &SECRET, "Fake bank")).unwrap();
    assert_eq!((info.metadata.feed.as_str(), info.metadata.version, info.exact_count), ("ch-scam", 3, 3));
    let v = s.screen(&call(LISTED));
    assert_eq!((v.action, v.category, v.reasons[0]), (Action::Block, Category::Scam, Reason::FeedListed));
    assert_eq!(v.label.as_deref(), Some("Fake bank"));
    assert!(v.advice.is_some());
    assert_eq!(s.screen(&call(RANGE_MEMBER)).action, Action::Block, "range entry");
    let allowed = s.screen(&call(FEED_ALLOWED));
    assert_eq!((allowed.action, allowed.reasons.clone()), (Action::Allow, vec![Reason::FeedAllow]));
    let labelled = s.screen(&call(LABELLED));
    assert_eq!((labelled.action, labelled.category), (Action::Label, Category::Telemarketing));
    assert_eq!(labelled.label.as_deref(), Some("Telemarketing"), "category label when the entry has none");
}

#[test]
fn precedence_user_allow_emergency_user_block_contacts_then_feeds() {
    let s = screener();
    s.install_database(feed("ch-scam", 1, &SECRET, "Scam")).unwrap();
    // User allow beats a feed block.
    s.add_rules(vec![rule(LISTED, Action::Allow)]).unwrap();
    assert_eq!(s.screen(&call(LISTED)).reasons, vec![Reason::UserAllow]);
    // A user block beats a feed allow.
    s.add_rules(vec![rule(FEED_ALLOWED, Action::Block)]).unwrap();
    assert_eq!(s.screen(&call(FEED_ALLOWED)).action, Action::Block);
    // A contact is never blocked by a feed.
    let contact = IncomingCall { in_contacts: true, ..call(RANGE_MEMBER) };
    assert_eq!(s.screen(&contact).action, Action::Allow);
    // Emergency numbers stay allowed even when a feed lists them.
    let mut b = DatabaseBuilder::new("hostile", 1).unwrap();
    let block = b.class(Action::Block, Category::Spam, None).unwrap();
    b.push(p("+41112"), block).unwrap();
    b.push(p("+41117"), block).unwrap();
    s.install_database(b.build(&SECRET).unwrap().bytes).unwrap();
    let v = s.screen(&call("112"));
    assert_eq!((v.action, v.reasons[0]), (Action::Allow, Reason::Emergency));
}

#[test]
fn feeds_combine_allow_first_then_strongest() {
    let s = screener();
    s.install_database(feed("a", 1, &SECRET, "A")).unwrap();
    let mut b = DatabaseBuilder::new("b", 1).unwrap();
    let silence = b.class(Action::Silence, Category::Spam, None).unwrap();
    let block = b.class(Action::Block, Category::Robocall, Some("Robot")).unwrap();
    b.push(p(FEED_ALLOWED), silence).unwrap(); // feed "a" allows it: allow wins
    b.push(p(LABELLED), block).unwrap(); // feed "a" only labels it: block is stronger
    s.install_database(b.build(&SECRET).unwrap().bytes).unwrap();
    assert_eq!(s.databases().len(), 2);
    assert_eq!(s.screen(&call(FEED_ALLOWED)).action, Action::Allow);
    let v = s.screen(&call(LABELLED));
    assert_eq!((v.action, v.category, v.label.as_deref()), (Action::Block, Category::Robocall, Some("Robot")));
    assert!(s.remove_database("b"));
    assert!(!s.remove_database("b"));
    assert_eq!(s.screen(&call(LABELLED)).action, Action::Label);
}

#[test]
fn rejected_files_leave_the_installed_database_untouched() {
    let s = screener();
    s.install_database(feed("ch-scam", 5, &SECRET, "Five")).unwrap();
    let good = feed("ch-scam", 6, &SECRET, "Six");
    let mut flipped = good.clone();
    let last = flipped.len() - 1;
    flipped[last] ^= 1;
    let mut padded = good.clone();
    padded.push(0);
    type Expect = fn(&DatabaseError) -> bool;
    let cases: Vec<(Vec<u8>, Expect)> = vec![
        (feed("ch-scam", 6, &OTHER, "Six"), |e| matches!(e, DatabaseError::UnknownKey)),
        (flipped, |e| matches!(e, DatabaseError::ChecksumMismatch)),
        (good[..good.len() / 2].to_vec(), |e| matches!(e, DatabaseError::Truncated)),
        (padded, |e| matches!(e, DatabaseError::TrailingBytes)),
        (b"not a database at all, just text".repeat(8), |e| matches!(e, DatabaseError::NotADatabase)),
        (feed("ch-scam", 4, &SECRET, "Four"), |e| matches!(e, DatabaseError::Downgrade { installed: 5, offered: 4 })),
    ];
    for (bytes, expected) in cases {
        match s.install_database(bytes) {
            Err(RingfenceError::Database(e)) => assert!(expected(&e), "unexpected rejection {e:?}"),
            other => panic!("expected a database rejection, got {other:?}"),
        }
        let v = s.screen(&call(LISTED));
        assert_eq!(v.label.as_deref(), Some("Five"), "the installed version still answers");
        assert_eq!(s.databases()[0].metadata.version, 5);
    }
    // The same O(1) reopen path refuses downgrades and unknown keys too.
    assert!(s.load_installed_database(feed("ch-scam", 4, &SECRET, "Four")).is_err());
    assert!(s.load_installed_database(feed("ch-scam", 7, &OTHER, "Seven")).is_err());
    s.load_installed_database(good).unwrap();
    assert_eq!(s.screen(&call(LISTED)).label.as_deref(), Some("Six"));
    // Distrusting the key uninstalls what it signed.
    s.pin_feed("ch-scam", vec![public_key(&OTHER)]).unwrap();
    assert!(s.databases().is_empty());
    assert_eq!(s.screen(&call(LISTED)).action, Action::Allow);
}

/// Versions alternate what they say about two numbers; every verdict must come from one
/// whole database, and a thread never sees an older version after a newer one.
#[test]
fn eight_threads_screen_consistently_while_databases_swap_1000_times() {
    fn version_db(v: u64) -> Vec<u8> {
        let mut b = DatabaseBuilder::new("swap", v).unwrap();
        let label = format!("v{v}");
        let (action, other) =
            if v.is_multiple_of(2) { (Action::Block, Action::Silence) } else { (Action::Silence, Action::Block) };
        let a = b.class(action, Category::Spam, Some(&label)).unwrap();
        let c = b.class(other, Category::Scam, Some(&label)).unwrap();
        b.push(p(LISTED), a).unwrap();
        b.push(p("+4121560####"), c).unwrap();
        b.build(&SECRET).unwrap().bytes
    }
    let files: Vec<Vec<u8>> = (1..=1000).map(version_db).collect();
    let s = Arc::new(screener());
    s.install_database(version_db(0)).unwrap();
    let done = Arc::new(AtomicBool::new(false));
    let readers: Vec<_> = (0..8)
        .map(|t| {
            let (s, done) = (Arc::clone(&s), Arc::clone(&done));
            std::thread::spawn(move || {
                let (mut last, mut calls) = (0u64, 0u64);
                let number = if t % 2 == 0 { LISTED } else { RANGE_MEMBER };
                while !done.load(Ordering::Relaxed) || calls < 100 {
                    let v = s.screen(&call(number));
                    let label = v.label.expect("every version labels the number");
                    let version: u64 = label.trim_start_matches('v').parse().expect("a version label");
                    let even = version.is_multiple_of(2);
                    let expected = if (number == LISTED) == even { Action::Block } else { Action::Silence };
                    assert_eq!(v.action, expected, "verdict of version {version} mixed with another");
                    assert!(version >= last, "saw version {version} after {last}");
                    last = version;
                    calls += 1;
                }
                calls
            })
        })
        .collect();
    for bytes in files {
        s.install_database(bytes).unwrap();
    }
    done.store(true, Ordering::Relaxed);
    let total: u64 = readers.into_iter().map(|r| r.join().expect("no reader panicked")).sum();
    assert!(total >= 800);
    assert_eq!(s.databases()[0].metadata.version, 1000);
}

#[test]
fn limits_on_keys_and_databases() {
    let s = screener();
    assert!(s.pin_feed("ch-scam", (1..=17u8).map(|i| public_key(&[i; 32])).collect()).is_err());
    for i in 0..16 {
        s.install_database(feed(&format!("feed-{i}"), 1, &SECRET, "x")).unwrap();
    }
    let e = s.install_database(feed("one-too-many", 1, &SECRET, "x")).unwrap_err();
    assert!(matches!(e, RingfenceError::Database(DatabaseError::LimitExceeded { .. })), "{e:?}");
    assert_eq!(s.databases().len(), 16);
}

#[test]
fn deltas_update_the_installed_feed_and_bad_ones_change_nothing() {
    use ringfence_core::database::{Database, diff};
    let s = screener();
    let (v1, v2) = (feed("ch-scam", 1, &SECRET, "One"), feed("ch-scam", 2, &SECRET, "Two"));
    let keys = [public_key(&SECRET)];
    let open = |b: &Vec<u8>| Database::open(b.clone(), &keys, None).unwrap();
    let delta = diff(&open(&v1), &open(&v2), &SECRET).unwrap();
    assert!(delta.len() < v2.len());
    let bad_base = |e: RingfenceError| matches!(e, RingfenceError::Database(DatabaseError::DeltaBaseMismatch));
    assert!(bad_base(s.apply_delta("ch-scam", &delta).unwrap_err()), "nothing installed to apply it to");
    s.install_database(v1).unwrap();
    let mut corrupt = delta.clone();
    let last = corrupt.len() - 1;
    corrupt[last] ^= 1;
    assert!(s.apply_delta("ch-scam", &corrupt).is_err());
    assert_eq!(s.screen(&call(LISTED)).label.as_deref(), Some("One"));
    let rebuilt = s.apply_delta("ch-scam", &delta).unwrap();
    assert_eq!(rebuilt, v2, "the delta rebuilds the signed file exactly");
    assert_eq!(s.screen(&call(LISTED)).label.as_deref(), Some("One"), "applying does not install");
    s.install_database(rebuilt).unwrap();
    assert_eq!(s.screen(&call(LISTED)).label.as_deref(), Some("Two"));
}

#[test]
fn call_directory_export_includes_installed_feeds_with_screening_precedence() {
    let s = screener();
    s.install_database(feed("ch-scam", 1, &SECRET, "Scam")).unwrap();
    s.add_rules(vec![rule("+41215600007", Action::Allow)]).unwrap();
    let set = s.export_set();
    let blocking: Vec<u64> = set.blocking().collect();
    assert!(blocking.windows(2).all(|w| w[0] < w[1]), "strictly ascending");
    assert_eq!(blocking.len(), 1 + 10_000 - 2, "the number and the range, minus the feed's and the user's allow");
    for n in &blocking {
        let v = s.screen(&call(&format!("+{n}")));
        assert_eq!(v.action, Action::Block, "+{n} is exported as blocked: screening must agree");
    }
    assert!(!blocking.contains(&41_215_609_999) && !blocking.contains(&41_215_600_007));
    let labelled: Vec<(u64, String)> = set.identification().map(|(n, l)| (n, l.to_string())).collect();
    assert_eq!(labelled, vec![(41_315_550_000, "Telemarketing".to_owned())]);
}
