//! One call down the precedence ladder ([`Tier::LADDER`], defined in [`crate::precedence`]).

use super::controls::{self, Controls, Decided};
use super::incoming::{home_region, screened, user_number_region};
use super::{Screener, ScreenerConfig, brand, lock, read};
use crate::call::{CallTime, IncomingCall};
use crate::database::DbMatch;
use crate::error::RingfenceError;
use crate::heuristics::{self, BurstCounts, Context, Signal, is_hidden, signal};
use crate::i18n::{BrandNote, Language, describe, describe_brand, mask_numbers};
use crate::number::emergency::{EmergencyRegions, is_emergency_call};
use crate::number::{E164, ParsedNumber, parse_number};
use crate::policy::Policy;
use crate::precedence::{Origin, Tier, entry_reason};
use crate::rules::{RuleMatch, RuleQuery};
use crate::verdict::{Action, Category, Reason, Verdict};

pub(super) fn screen(s: &Screener, call: &IncomingCall) -> Verdict {
    #[cfg(feature = "fault-injection")]
    crate::fault::check(call.display_name.as_deref());
    // The settings are read in place (the customer brands would make a copy allocate).
    let config = s.config.read().unwrap_or_else(|e| e.into_inner());
    let call = &*screened(call, read(&s.limits).max_display_name_chars);
    let lang = config.language;
    let policy = config.policy_for(call.line.as_deref());
    let time = call.time.unwrap_or_else(CallTime::now_utc);
    let now = time.epoch_seconds;
    let region = call.region.or(config.default_region);
    let user = call.user_number.as_deref().and_then(|u| s.user_number(u, user_number_region(call, &config)));
    let home = home_region(call, &config, user.as_ref());
    let regions = EmergencyRegions { network: region, home };
    let raw = call.number.as_deref().map(str::trim).filter(|n| !n.is_empty());
    let parsed = raw.map(|r| parse_number(r, region));
    let readable = parsed.as_ref().and_then(|p| p.as_ref().ok());
    let e164 = readable.map(|p| p.e164);
    let name = call.display_name.as_deref();
    let query = RuleQuery { number: e164, name, line: call.line.as_deref(), time: Some(time) };
    let rule = read(&s.rules).lookup_call(&query);
    let feeds = read(&s.feeds);
    let controls = Controls::new(policy, time, controls::repeated(&mut lock(&s.recent), e164, now, policy), lang);
    // The feeds' answer, looked up once the tiers above it have passed.
    let mut listed = None;
    let trusted = || match call.in_contacts {
        true => Some(Reason::Contact),
        false => e164.is_some_and(|e| lock(&s.outgoing).recently_dialled(e, now)).then_some(Reason::RecentlyDialled),
    };
    let caller = Caller { call, parsed: parsed.as_ref(), home, user: user.as_ref() };
    let unknown = |listed| {
        let (verdict, breakable) = unknown_caller(s, &caller, &config, policy, &controls, time, listed);
        (verdict, Decided::Unknown { breakable })
    };
    for tier in Tier::LADDER {
        if controls.paused && tier > Tier::UserRule {
            return controls.finish(controls.paused_verdict(e164), Decided::Safe);
        }
        let safe = |reason, category| Some((safe_verdict(reason, category, e164, lang), Decided::Safe));
        let decided = match tier {
            Tier::UserAllow | Tier::UserRule => {
                rule.as_ref().filter(|m| Tier::of_entry(Origin::User, m.action) == tier).map(|m| {
                    (
                        rule_verdict(m, e164, lang),
                        if tier == Tier::UserAllow { Decided::Safe } else { Decided::UserRule },
                    )
                })
            }
            Tier::Emergency if raw.is_some_and(|r| is_emergency_call(r, regions, readable)) => {
                safe(Reason::Emergency, Category::Emergency)
            }
            Tier::Emergency if lock(&s.outgoing).emergency_callback_active(now, policy.emergency_callback()) => {
                safe(Reason::EmergencyCallback, Category::Emergency)
            }
            Tier::ProvenSpoof => {
                let brands = read(&s.brands);
                let spoofed = e164.and_then(|e| brands.inbound_only(e));
                spoofed.map(|b| match trusted() {
                    Some(reason) => (brand::trusted_spoof(b, reason, e164, lang), Decided::Safe),
                    None => unknown(e164.and_then(|e| feeds.lookup(e)).filter(|m| m.action != Action::Allow)),
                })
            }
            Tier::Trusted => trusted().and_then(|reason| safe(reason, Category::None)),
            Tier::FeedAllow => {
                listed = e164.and_then(|e| feeds.lookup(e));
                let allowed = listed.as_ref().filter(|m| Tier::of_entry(Origin::Feed, m.action) == tier);
                allowed.map(|m| {
                    let reason = entry_reason(Origin::Feed, m.action);
                    (safe_verdict(reason, Category::None, e164, lang), Decided::FeedAllow)
                })
            }
            Tier::FeedEntry => Some(unknown(listed.take())),
            Tier::Emergency => None,
        };
        if let Some((verdict, decided)) = decided {
            return controls.finish(verdict, decided);
        }
    }
    // Unreachable: the last tier always decides. Fail open, as screening does on any error.
    Verdict::allow(e164, vec![Reason::InternalError])
}

/// An unknown call as screening has read it.
struct Caller<'a> {
    call: &'a IncomingCall,
    parsed: Option<&'a Result<ParsedNumber, RingfenceError>>,
    home: Option<crate::number::RegionCode>,
    user: Option<&'a ParsedNumber>,
}

/// An unknown caller (tier [`FeedEntry`](Tier::FeedEntry)): the feeds' answer, if any, weighed
/// with the risk signals; the feed's action is the least the verdict does. Outside the
/// protection schedule no risk signal or switch acts, but a provable spoof still does. Also
/// says whether a repeated call may lift a silence (see [`Decided::Unknown`]).
fn unknown_caller(
    s: &Screener,
    caller: &Caller<'_>,
    config: &ScreenerConfig,
    policy: &Policy,
    controls: &Controls,
    time: CallTime,
    listed: Option<DbMatch<'_>>,
) -> (Verdict, bool) {
    let (lang, now, call) = (config.language, time.epoch_seconds, caller.call);
    let readable = caller.parsed.and_then(|p| p.as_ref().ok());
    let e164 = readable.map(|p| p.e164);
    let listed = listed.map(Listed::feed).or_else(|| Listed::lookup(s, e164?, u64::try_from(now).unwrap_or(0)));
    let contact_codes = read(&s.contact_codes);
    let mut ctx = Context {
        call,
        parsed: caller.parsed,
        home: caller.home,
        user: caller.user,
        night: policy.is_night(time.local_minute_of_day()),
        contact_codes: contact_codes.as_deref(),
        burst: BurstCounts::default(),
    };
    let foreign = ctx.is_foreign();
    if let Some(n) = readable {
        let mut incoming = lock(&s.incoming);
        ctx.burst = incoming.counts(n.e164, n.country_code, foreign, now);
        incoming.record(n.e164, n.country_code, foreign, now);
    }
    let mut found = if controls.protected { heuristics::collect(&ctx) } else { Vec::new() };
    if let Some(m) = &listed {
        found.insert(0, signal(m.reason, feed_weight(m.action), m.category));
    }
    let brands = read(&s.brands);
    let mut brand_signals = Vec::new();
    let brand = brands
        .check(e164, call.display_name.as_deref())
        .map(|hit| brand::outcome(hit, &mut brand_signals))
        .filter(|b| controls.protected || b.decisive);
    if brand.is_some() {
        found.splice(0..0, brand_signals);
    }
    let claim = brand.filter(|b| !b.name_only).map(|b| b.note);
    let switch = policy_switch(policy, &ctx, foreign).filter(|_| controls.protected);
    let mut verdict = risk_verdict(policy, switch, found, claim, e164, lang);
    if let Some(m) = &listed {
        apply_feed_floor(&mut verdict, m, lang);
    }
    let decisive = brand.is_some_and(|b| b.decisive);
    match brand {
        // A do-not-originate number calling, or a brand that never calls: spoofed whatever else.
        Some(b) if b.decisive => (verdict.action, verdict.risk) = (Action::Block, 100),
        Some(b) if b.name_only => brand::name_floor(&mut verdict, b.note, policy.level.thresholds(), lang),
        _ => {}
    }
    if verdict.action != Action::Block {
        verdict.reminder = lock(&s.reminders).take(now, config.reminder_interval_hours, lang);
    }
    let burst = verdict.reasons.iter().any(|r| matches!(r, Reason::BurstNumberBlock | Reason::BurstCountry));
    let listed_silence = listed.as_ref().is_some_and(|m| m.action >= Action::Silence);
    let breakable = verdict.action <= Action::Silence && !listed_silence && !decisive && !burst;
    (verdict, breakable)
}

/// Risk a feed entry adds: enough on its own for its action at the default level.
fn feed_weight(action: Action) -> i16 {
    match action {
        Action::Block => 100,
        Action::Silence => 80,
        _ => 50,
    }
}

/// A list's answer for an unknown caller: an installed feed's (reason `feed_listed`), else a
/// cached online lookup's (`lookup_listed`; its allow entries are not used).
struct Listed {
    reason: Reason,
    action: Action,
    category: Category,
    label: Option<String>,
}

impl Listed {
    fn feed(m: DbMatch<'_>) -> Self {
        let reason = entry_reason(Origin::Feed, m.action);
        Self { reason, action: m.action, category: m.category, label: m.label.map(str::to_owned) }
    }

    fn lookup(s: &Screener, e164: E164, now: u64) -> Option<Self> {
        let entry = read(&s.lookup)?.cached_answer(e164, now)?.listed?;
        (entry.action != Action::Allow).then_some(Self {
            reason: Reason::LookupListed,
            action: entry.action,
            category: entry.category,
            label: entry.label,
        })
    }
}

/// A list's action is the least the verdict does; when the list leads, its label is shown.
fn apply_feed_floor(verdict: &mut Verdict, m: &Listed, lang: Language) {
    if m.action > verdict.action {
        verdict.action = m.action;
        if verdict.reasons.first() != Some(&m.reason) {
            verdict.reasons.retain(|r| *r != m.reason);
            verdict.reasons.insert(0, m.reason);
        }
        verdict.category = m.category;
        (verdict.label, verdict.advice) = describe(m.reason, m.category, lang);
    }
    if verdict.reasons.first() == Some(&m.reason)
        && let Some(label) = &m.label
    {
        verdict.label = Some(mask_numbers(label));
    }
}

fn safe_verdict(reason: Reason, category: Category, e164: Option<E164>, lang: Language) -> Verdict {
    let (label, advice) = describe(reason, category, lang);
    Verdict { category, label, advice, ..Verdict::allow(e164, vec![reason]) }
}

/// A verdict decided by a user rule.
fn rule_verdict(m: &RuleMatch, e164: Option<E164>, lang: Language) -> Verdict {
    let reason = entry_reason(Origin::User, m.action);
    let (default_label, advice) = describe(reason, m.category, lang);
    let risk = match m.action {
        Action::Allow => 0,
        Action::Label => 50,
        Action::Silence => 80,
        Action::Block => 100,
    };
    let category = if m.action == Action::Allow { Category::None } else { m.category };
    let label = m.label.as_deref().map(mask_numbers).or(default_label);
    Verdict { action: m.action, risk, category, reasons: vec![reason], label, advice, e164, reminder: None }
}

/// The policy switch that applies to an unknown caller, if any, with the action it forces.
fn policy_switch(policy: &Policy, ctx: &Context<'_>, foreign: bool) -> Option<(Reason, Action)> {
    if policy.block_hidden && is_hidden(ctx.call) {
        Some((Reason::PolicyHidden, Action::Block))
    } else if policy.block_foreign && foreign {
        Some((Reason::PolicyForeign, Action::Block))
    } else if policy.night_mode && ctx.night {
        Some((Reason::PolicyNight, Action::Silence))
    } else if policy.silence_unknown {
        Some((Reason::PolicyUnknown, Action::Silence))
    } else {
        None
    }
}

fn risk_verdict(
    policy: &Policy,
    switch: Option<(Reason, Action)>,
    found: Vec<Signal>,
    brand: Option<BrandNote<'_>>,
    e164: Option<E164>,
    lang: Language,
) -> Verdict {
    let risk = heuristics::total_risk(&found);
    let t = policy.level.thresholds();
    let by_risk = match risk {
        r if r >= t.block => Action::Block,
        r if r >= t.silence => Action::Silence,
        r if r >= t.label => Action::Label,
        _ => Action::Allow,
    };
    let mut reasons: Vec<Reason> = found.iter().map(|s| s.reason).collect();
    let lead = found.first().filter(|_| by_risk != Action::Allow);
    let mut category = lead.map_or(Category::None, |s| s.category);
    let (mut action, mut lead_reason) = (by_risk, lead.map(|s| s.reason));
    if let Some((reason, forced)) = switch.filter(|(_, a)| *a > by_risk) {
        action = forced;
        lead_reason = Some(reason);
        reasons.insert(0, reason);
        if category == Category::None {
            category = Category::UserList;
        }
    }
    let (label, advice) = lead_reason.map_or((None, None), |r| describe_brand(r, category, lang, brand));
    Verdict { action, risk, category, reasons, label, advice, e164, reminder: None }
}
