//! The precedence ladder: which of the things that know a number decides it. This is the one
//! definition; screening ([`Screener`](crate::Screener)) walks it call by call and the Call
//! Directory export ([`export`](crate::export)) ranks list entries with it.
//!
//! First match wins, from the strongest [`Tier`] down:
//! 1. [`UserAllow`](Tier::UserAllow): a user **allow** rule;
//! 2. [`Emergency`](Tier::Emergency): an **emergency** number (any notation), or any call
//!    inside the emergency call-back window (see [`emergency`](crate::number::emergency));
//! 3. [`UserRule`](Tier::UserRule): a user **block / silence / label** rule;
//! 4. [`ProvenSpoof`](Tier::ProvenSpoof): the caller ID is a brand's **inbound-only** number
//!    (it never places calls), so it is spoofed whoever the user takes it for: a contact or a
//!    recently dialled number still rings (action label, never block) with the brand's warning;
//!    anyone else is weighed as in the last tier, where the spoof blocks. No feed vouches for it;
//! 5. [`Trusted`](Tier::Trusted): a **contact**, or a number the user **recently dialled**;
//! 6. [`FeedAllow`](Tier::FeedAllow): an **allow** answer of the installed feeds;
//! 7. [`FeedEntry`](Tier::FeedEntry): the feeds' **block / silence / label** answer, the least
//!    the verdict does, weighed with the risk signals (heuristics, then the policy's switches).
//!
//! Inside one source (the user's rules, or one feed's database) a matching allow entry wins,
//! otherwise the most specific entry (fewest `#` wildcards) answers. Several feeds' answers
//! combine by [`combine_feeds`]: any allow wins, otherwise the strongest action (block >
//! silence > label), the earlier-installed feed on a tie.
//!
//! So emergency numbers are never blocked, allow rules beat block rules, and no feed entry or
//! risk signal touches a contact or a call-back; a contact calling from a number that provably
//! is not theirs rings with a warning.
//!
//! User rules may be scoped to a line and a schedule, and match by number pattern or regular
//! expression (a pattern is more specific than a regex); a scoped rule that does not apply to a
//! call is absent for it. The policy's controls (see [`Policy`](crate::Policy) and
//! docs/controls.md) act on the verdict a tier decided, never on which tier decides: while
//! **paused**, every tier below [`UserRule`](Tier::UserRule) answers allow; **quiet hours**
//! silence what the tiers below [`Trusted`](Tier::Trusted) (and user label rules) would let
//! ring; a **repeated call** rings instead of a silence from quiet hours, risk signals or
//! switches; the **protection schedule** gates the risk signals and switches of the last tier.
//! The safe tiers (user allow, emergency, trusted) are never touched.

use crate::verdict::{Action, Reason};

/// One rung of the precedence ladder, strongest first (the declaration order is the ladder).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Tier {
    /// A user rule allows the number.
    UserAllow,
    /// An emergency number, or a call inside the emergency call-back window.
    Emergency,
    /// A user rule blocks, silences or labels the number.
    UserRule,
    /// A brand's inbound-only number: spoofed (trusted callers ring, labelled).
    ProvenSpoof,
    /// A contact, or a number the user recently dialled.
    Trusted,
    /// A feed allows the number.
    FeedAllow,
    /// A feed blocks, silences or labels the number (weighed with the risk signals).
    FeedEntry,
}

/// Where a list entry comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Origin {
    /// The user's own rules.
    User,
    /// An installed feed (database).
    Feed,
}

/// Ranks per tier: room for every wildcard count of a pattern (at most 15).
const RANKS_PER_TIER: u16 = 32;

impl Tier {
    /// Every tier, strongest first: the order screening tries them in.
    pub const LADDER: [Tier; 7] = [
        Tier::UserAllow,
        Tier::Emergency,
        Tier::UserRule,
        Tier::ProvenSpoof,
        Tier::Trusted,
        Tier::FeedAllow,
        Tier::FeedEntry,
    ];

    /// The tier of a list entry with `action` from `origin`.
    pub const fn of_entry(origin: Origin, action: Action) -> Self {
        match (origin, action) {
            (Origin::User, Action::Allow) => Self::UserAllow,
            (Origin::User, _) => Self::UserRule,
            (Origin::Feed, Action::Allow) => Self::FeedAllow,
            (Origin::Feed, _) => Self::FeedEntry,
        }
    }

    /// The precedence rank of an entry of this tier with `wildcards` `#`s: lower wins, so
    /// ranks order entries by tier, then most specific first.
    pub const fn rank(self, wildcards: u8) -> u16 {
        self as u16 * RANKS_PER_TIER + wildcards as u16
    }

    /// The tier a [`rank`](Self::rank) belongs to (the weakest for out-of-range ranks).
    pub const fn of_rank(rank: u16) -> Self {
        let i = (rank / RANKS_PER_TIER) as usize;
        if i < Self::LADDER.len() { Self::LADDER[i] } else { Self::FeedEntry }
    }

    /// Whether the tier holds the user's own rules.
    pub const fn is_user(self) -> bool {
        matches!(self, Self::UserAllow | Self::UserRule)
    }
}

/// The precedence rank of a list entry (lower wins): its [`Tier`], then fewest wildcards.
pub const fn entry_rank(origin: Origin, action: Action, wildcards: u8) -> u16 {
    Tier::of_entry(origin, action).rank(wildcards)
}

/// The reason a verdict gives when a list entry with `action` from `origin` decides it.
pub const fn entry_reason(origin: Origin, action: Action) -> Reason {
    match (origin, action) {
        (Origin::User, Action::Allow) => Reason::UserAllow,
        (Origin::User, Action::Block) => Reason::UserBlock,
        (Origin::User, Action::Silence) => Reason::UserSilence,
        (Origin::User, Action::Label) => Reason::UserLabel,
        (Origin::Feed, Action::Allow) => Reason::FeedAllow,
        (Origin::Feed, _) => Reason::FeedListed,
    }
}

/// The feeds' combined answer for one number, from each feed's own answer: any allow wins,
/// otherwise the strongest action (block > silence > label); on a tie the feed installed
/// first. `answer` gives each answer's feed position (installation order) and action.
pub fn combine_feeds<T>(answers: impl IntoIterator<Item = T>, answer: impl Fn(&T) -> (usize, Action)) -> Option<T> {
    answers.into_iter().min_by_key(|a| {
        let (feed, action) = answer(a);
        (action != Action::Allow, std::cmp::Reverse(action), feed)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ladder_is_the_declaration_order_and_ranks_follow_it() {
        assert!(Tier::LADDER.windows(2).all(|w| w[0] < w[1]));
        let ranks: Vec<u16> = Tier::LADDER.iter().map(|t| t.rank(0)).collect();
        assert!(ranks.windows(2).all(|w| w[0] < w[1]));
        for t in Tier::LADDER {
            assert_eq!(Tier::of_rank(t.rank(0)), t);
            assert_eq!(Tier::of_rank(t.rank(15)), t, "a less specific entry stays in its tier");
            assert!(t.rank(15) < t.rank(0) + RANKS_PER_TIER);
        }
        assert!(Tier::of_entry(Origin::User, Action::Allow) < Tier::of_entry(Origin::User, Action::Block));
        assert!(Tier::of_entry(Origin::User, Action::Label) < Tier::of_entry(Origin::Feed, Action::Allow));
        assert!(Tier::of_entry(Origin::Feed, Action::Allow) < Tier::of_entry(Origin::Feed, Action::Block));
    }

    #[test]
    fn feeds_combine_allow_first_then_strongest_then_earliest() {
        let combine = |answers: &[Action]| combine_feeds(answers.iter().copied().enumerate(), |a| *a);
        assert_eq!(combine(&[]), None);
        assert_eq!(combine(&[Action::Block, Action::Allow, Action::Allow]), Some((1, Action::Allow)));
        assert_eq!(combine(&[Action::Label, Action::Block, Action::Silence]), Some((1, Action::Block)));
        assert_eq!(combine(&[Action::Silence, Action::Label, Action::Silence]), Some((0, Action::Silence)));
    }
}
