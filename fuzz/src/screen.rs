//! Target `screen`: a screener with rules, a feed and outgoing calls, screening call records.

use arbitrary::{Arbitrary, Unstructured};
use ringfence_core::number::{self, Pattern};
use ringfence_core::{
    Action, CallTime, Category, IncomingCall, Language, Policy, Presentation, ProtectionLevel, Reason, Rule, Screener,
    ScreenerConfig, Verification,
};

use crate::db::base_db_bytes;
use crate::{NOW, key, region_of};

/// Caller-ID text biased towards things that look like numbers.
#[derive(Debug, Arbitrary)]
enum NumberText {
    Raw(String),
    Digits { prefix: u8, digits: Vec<u8>, sep: u8 },
    Emergency { prefix: u8, which: u8 },
}

const PREFIXES: [&str; 12] = ["+", "00", "0", "+41", "+39", "+1", "tel:+", "", "011", "+44 ", "(0", "+٤١"];
const SEPARATORS: [&str; 6] = ["", " ", "-", ".", "\u{00a0}", "/"];
const EMERGENCY: [&str; 10] = ["112", "911", "999", "117", "118", "000", "110", "15", "100", "08"];

impl NumberText {
    fn text(&self) -> String {
        match self {
            Self::Raw(s) => s.clone(),
            Self::Digits { prefix, digits, sep } => {
                let sep = SEPARATORS[usize::from(*sep) % SEPARATORS.len()];
                let mut s = PREFIXES[usize::from(*prefix) % PREFIXES.len()].to_owned();
                for (i, d) in digits.iter().take(20).enumerate() {
                    if i > 0 && i % 3 == 0 {
                        s.push_str(sep);
                    }
                    s.push(char::from(b'0' + d % 10));
                }
                s
            }
            Self::Emergency { prefix, which } => {
                format!(
                    "{}{}",
                    ["", "+41", "+1", "tel:", " "][usize::from(*prefix) % 5],
                    EMERGENCY[usize::from(*which) % 10]
                )
            }
        }
    }
}

#[derive(Debug, Arbitrary)]
enum FuzzTime {
    Now,
    Near { delta_secs: i32, offset_minutes: i16 },
    Raw { epoch_seconds: i64, offset_minutes: i16 },
}

impl FuzzTime {
    fn get(&self) -> CallTime {
        match *self {
            Self::Now => CallTime { epoch_seconds: NOW, utc_offset_minutes: 60 },
            Self::Near { delta_secs, offset_minutes } => {
                CallTime { epoch_seconds: NOW + i64::from(delta_secs), utc_offset_minutes: offset_minutes }
            }
            Self::Raw { epoch_seconds, offset_minutes } => {
                CallTime { epoch_seconds, utc_offset_minutes: offset_minutes }
            }
        }
    }
}

/// A local mirror of [`IncomingCall`] with `Arbitrary`.
#[derive(Debug, Arbitrary)]
struct FuzzCall {
    number: Option<NumberText>,
    presentation: u8,
    verification: u8,
    region: (u8, u8),
    user_number: Option<NumberText>,
    in_contacts: bool,
    display_name: Option<String>,
    brand_name: Option<u8>,
    time: Option<FuzzTime>,
}

const BRAND_NAMES: [&str; 4] = ["Acme Bank", "ACME BANK AG", "Beta Telecom", "Posta"];

impl FuzzCall {
    fn to_call(&self) -> IncomingCall {
        let presentation = [
            Presentation::Allowed,
            Presentation::Restricted,
            Presentation::Unknown,
            Presentation::Payphone,
            Presentation::Unavailable,
        ][usize::from(self.presentation) % 5];
        let verification =
            [Verification::NotVerified, Verification::Passed, Verification::Failed][usize::from(self.verification) % 3];
        let display_name = match self.brand_name {
            Some(b) => Some(BRAND_NAMES[usize::from(b) % BRAND_NAMES.len()].to_owned()),
            None => self.display_name.clone(),
        };
        IncomingCall {
            number: self.number.as_ref().map(NumberText::text),
            presentation,
            verification,
            region: region_of(self.region.0, self.region.1),
            // The same bytes the other way round: roaming and home combinations without a new
            // field (the stored corpus keeps decoding as before).
            home_region: region_of(self.region.1, self.region.0),
            user_number: self.user_number.as_ref().map(NumberText::text),
            in_contacts: self.in_contacts,
            display_name,
            time: self.time.as_ref().map(FuzzTime::get),
            // A line from the presentation byte's top bit (no new field: the corpus decodes as before).
            line: (self.presentation & 0x80 != 0).then(|| "work".to_owned()),
        }
    }
}

#[derive(Debug, Arbitrary)]
struct FuzzOutgoing {
    number: NumberText,
    region: (u8, u8),
    time: Option<FuzzTime>,
}

/// Screener settings and call sequence.
#[derive(Debug, Arbitrary)]
struct FuzzScreen {
    level: u8,
    block_hidden: bool,
    silence_unknown: bool,
    block_foreign: bool,
    night_mode: bool,
    night_start_minute: u16,
    night_end_minute: u16,
    emergency_callback_minutes: u32,
    italian: bool,
    default_region: (u8, u8),
    contact_codes: Option<Vec<u16>>,
    with_feed: bool,
    outgoing: Vec<FuzzOutgoing>,
    calls: Vec<FuzzCall>,
}

const RULES_CSV: &str = "pattern,action,category,label\n\
    +41446681800,block,spam,Known spammer\n\
    +4144668####,silence,telemarketing,Call centre\n\
    +41446681801,allow,,\n\
    +3906#######,label,scam,Fake bank\n\
    +1900#######,block,premium_rate,\n\
    +44207946####,allow,,Office\n\
    +41112,block,spam,Misdialled\n";

/// A fresh screener (with rules, optionally the base feed) fed outgoing calls, then screening
/// each call. contract: screening never fails open because of a panic (`internal_error`);
/// an emergency number is never blocked; labels and advice never contain the caller's digits.
pub fn screen(data: &[u8]) {
    let mut u = Unstructured::new(data);
    let Ok(f) = FuzzScreen::arbitrary(&mut u) else { return };
    let level =
        [ProtectionLevel::Relaxed, ProtectionLevel::Standard, ProtectionLevel::Strict][usize::from(f.level % 3)];
    let policy = Policy {
        level,
        block_hidden: f.block_hidden,
        silence_unknown: f.silence_unknown,
        block_foreign: f.block_foreign,
        night_mode: f.night_mode,
        night_start_minute: f.night_start_minute % 1500,
        night_end_minute: f.night_end_minute % 1500,
        emergency_callback_minutes: f.emergency_callback_minutes % 2000,
        ..Policy::default()
    };
    let config = ScreenerConfig {
        language: if f.italian { Language::It } else { Language::En },
        default_region: region_of(f.default_region.0, f.default_region.1),
        home_region: None,
        policy,
        ..Default::default()
    };
    let s = Screener::new(config.clone());
    let _ = s.set_config(config);
    let _ = s.set_contact_calling_codes(f.contact_codes.clone());
    s.import_rules_csv(RULES_CSV).expect("fixed rules import");
    let pattern = |p: &str| Pattern::parse(p, None).expect("fixed pattern");
    s.add_rules(vec![
        Rule::new(pattern("+4121560####"), Action::Label, Category::Robocall, Some("Robo 0800 1234567"))
            .expect("fixed rule"),
    ])
    .expect("fixed rules");
    if f.with_feed {
        s.pin_feed("fuzz-feed", vec![key()]).expect("one key");
        s.install_database(base_db_bytes().to_vec()).expect("base feed installs");
    }
    for o in f.outgoing.iter().take(64) {
        s.record_outgoing(&o.number.text(), region_of(o.region.0, o.region.1), o.time.as_ref().map(FuzzTime::get));
    }
    let calls: Vec<IncomingCall> = f.calls.iter().take(64).map(FuzzCall::to_call).collect();
    for call in &calls {
        check_verdict(&s, call);
    }
    let batch = s.screen_batch(&calls[..calls.len().min(4)]);
    assert!(batch.iter().all(|v| !v.reasons.contains(&Reason::InternalError)));
    if calls.len() > 1 {
        s.remove_rule(&pattern("+4144668####"));
        check_verdict(&s, &calls[0]);
    }
}

/// Screens `call` and checks the verdict's contract.
pub(crate) fn check_verdict(s: &Screener, call: &IncomingCall) {
    let v = s.screen(call);
    assert!(!v.reasons.contains(&Reason::InternalError), "contract: screening panicked (failed open): {call:?}");
    assert!(v.risk <= 100, "risk {}", v.risk);
    let Some(raw) = call.number.as_deref() else { return };
    let region = call.region.or(s.config().default_region);
    if let Some(r) = region
        && number::is_emergency_number(raw.trim(), r)
    {
        assert_eq!(v.action, Action::Allow, "contract: emergency number {raw:?} in {r} is never blocked");
    }
    if number::parse_number(raw.trim(), region).is_ok_and(|n| number::is_emergency_e164(&n)) {
        assert_eq!(v.action, Action::Allow, "contract: emergency number {raw:?} (international) is never blocked");
    }
    let mut caller_digits = vec![number::digits_only(raw)];
    if let Some(e) = v.e164 {
        caller_digits.push(e.as_u64().to_string());
    }
    for text in [v.label.as_deref(), v.advice.as_deref()].into_iter().flatten() {
        for d in caller_digits.iter().filter(|d| d.len() >= 5) {
            assert!(!text.contains(d.as_str()), "contract: verdict text {text:?} contains the caller's digits");
        }
    }
}
