//! Which brand a caller name claims, and whether the claim is a support claim.
//!
//! Every alias of every brand is folded (see [`fold`](super::fold)) into one Aho-Corasick
//! automaton when the registry loads, so a name is folded once and scanned once whatever the
//! registry's size. An alias found in the name must start and end on word boundaries, or be
//! glued only to support words (`MICROSOFTSUPPORT`). The name's other words then decide:
//! - a support word anywhere (in the name or the alias itself: `support`, `assistenza`…):
//!   a [`Support`](Claim::Support) claim;
//! - no other words (only neutral ones such as `Corp`, `S.p.A.`): the name *is* the brand's,
//!   a support claim if the registry lists the alias under `support_aliases`, else a bare
//!   [`Name`](Claim::Name);
//! - other words without a support word (`Microsoft Dental`, `Poste Street Garage`): another
//!   business's name, no claim.

use aho_corasick::{AhoCorasick, MatchKind};

use super::fold::Folded;
use super::words::{WordKind, kind};
use crate::error::RingfenceError;

/// How a caller name claims a brand, weakest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Claim {
    /// The name is the brand's name, with no support context: not proof of anything.
    Name,
    /// The name claims the brand's support or service: impersonation unless the number is the
    /// brand's own.
    Support,
}

/// One folded alias in the automaton.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Alias {
    /// Index of its brand in the registry.
    pub brand: u32,
    /// Listed under `support_aliases`: a support identity by itself.
    pub support_alias: bool,
    /// The alias itself holds a support word (`Windows Support`).
    pub support_word: bool,
}

/// Every alias of a registry, ready to scan names with.
#[derive(Debug, Clone, Default)]
pub(crate) struct NameIndex {
    automaton: Option<AhoCorasick>,
    aliases: Vec<Alias>,
}

impl NameIndex {
    /// Builds the index from folded aliases (non-empty).
    pub fn new(aliases: Vec<(String, Alias)>) -> Result<Self, RingfenceError> {
        if aliases.is_empty() {
            return Ok(Self::default());
        }
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .build(aliases.iter().map(|(folded, _)| folded))
            .map_err(|_| RingfenceError::InvalidBrands("too many aliases"))?;
        Ok(Self { automaton: Some(automaton), aliases: aliases.into_iter().map(|(_, a)| a).collect() })
    }

    /// The strongest claim `name` makes, with its brand's index (on a tie, the longest alias).
    pub fn claim(&self, name: &str) -> Option<(u32, Claim)> {
        let automaton = self.automaton.as_ref()?;
        let folded = Folded::new(name);
        let mut best: Option<(Claim, usize, u32)> = None;
        for m in automaton.find_overlapping_iter(&folded.joined) {
            let alias = self.aliases[m.pattern().as_usize()];
            if let Some(claim) = classify(&folded, m.start(), m.end(), alias)
                && best.is_none_or(|(c, len, _)| (claim, m.len()) > (c, len))
            {
                best = Some((claim, m.len(), alias.brand));
            }
        }
        best.map(|(claim, _, brand)| (brand, claim))
    }

    /// The brand one of whose aliases is the whole of `name`.
    pub fn exact(&self, name: &str) -> Option<u32> {
        let folded = Folded::new(name);
        let automaton = self.automaton.as_ref()?;
        automaton
            .find_overlapping_iter(&folded.joined)
            .find(|m| m.start() == 0 && m.end() == folded.joined.len())
            .map(|m| self.aliases[m.pattern().as_usize()].brand)
    }
}

/// The claim of an alias found at `start..end` of the folded name, if it is one.
fn classify(f: &Folded, start: usize, end: usize, alias: Alias) -> Option<Claim> {
    let (first, last) = (f.word_at(start), f.word_at(end - 1));
    let glued = [&f.joined[f.words[first].start..start], &f.joined[end..f.words[last].end]];
    let mut rest: Vec<WordKind> = Vec::new();
    for piece in glued.into_iter().filter(|p| !p.is_empty()) {
        match kind(piece) {
            WordKind::Other => return None, // the alias is part of another word (`Posteria`)
            k => rest.push(k),
        }
    }
    for side in [&f.words[..first], &f.words[last + 1..]] {
        rest.extend(side_kinds(f, side));
    }
    let support = alias.support_word || rest.contains(&WordKind::Support);
    match (support, rest.contains(&WordKind::Other)) {
        (true, _) => Some(Claim::Support),
        (false, false) if alias.support_alias => Some(Claim::Support),
        (false, false) => Some(Claim::Name),
        (false, true) => None,
    }
}

/// The kinds of the words on one side of an alias. Runs of lone letters (`s u p p o r t`)
/// are read as one word, and two other words in a row may make one phrase (`customer care`).
fn side_kinds(f: &Folded, words: &[super::fold::Word]) -> Vec<WordKind> {
    let mut texts: Vec<String> = Vec::new();
    let mut run = String::new();
    for w in words {
        if w.source_chars == 1 {
            run.push_str(f.text(w));
            continue;
        }
        if !run.is_empty() {
            texts.push(std::mem::take(&mut run));
        }
        texts.push(f.text(w).to_owned());
    }
    if !run.is_empty() {
        texts.push(run);
    }
    let mut kinds: Vec<WordKind> = texts.iter().map(|t| kind(t)).collect();
    for i in 1..texts.len() {
        if kinds[i - 1] == WordKind::Other && kinds[i] == WordKind::Other {
            let phrase = kind(&format!("{}{}", texts[i - 1], texts[i]));
            if phrase != WordKind::Other {
                (kinds[i - 1], kinds[i]) = (phrase, phrase);
            }
        }
    }
    kinds
}

#[cfg(test)]
mod tests {
    use super::super::fold::fold_joined;
    use super::*;

    fn index() -> NameIndex {
        let alias = |text: &str, brand, support_alias| {
            let folded = fold_joined(text);
            let support_word = text.contains("Support");
            (folded, Alias { brand, support_alias, support_word })
        };
        NameIndex::new(vec![
            alias("Trend Micro", 0, true),
            alias("Microsoft", 1, false),
            alias("Windows Support", 1, true),
            alias("Poste", 2, false),
            alias("Poste Italiane", 2, false),
        ])
        .unwrap()
    }

    #[test]
    fn claims() {
        let ix = index();
        let claim = |name: &str| ix.claim(name);
        use Claim::*;
        assert_eq!(claim("Microsoft"), Some((1, Name)));
        assert_eq!(claim("MICROSOFT CORP."), Some((1, Name)));
        assert_eq!(claim("Microsoft Support"), Some((1, Support)));
        assert_eq!(claim("MICROSOFTSUPPORT"), Some((1, Support)));
        assert_eq!(claim("M I C R O S O F T  S U P P O R T"), Some((1, Support)));
        assert_eq!(claim("Міcrosoft Тechnical"), Some((1, Support)));
        assert_eq!(claim("Windows Support Center"), Some((1, Support)), "a support alias with any words");
        assert_eq!(claim("Microsoft Customer Care"), Some((1, Support)), "a phrase of two words");
        assert_eq!(claim("Microsoft Dental"), None);
        assert_eq!(claim("Microsoft Street Garage"), None);
        assert_eq!(claim("Microsoft Dental Billing"), Some((1, Support)));
        assert_eq!(claim("TrendMicro"), Some((0, Support)), "support alias");
        assert_eq!(claim("Trend Micro Dental"), None, "support alias inside another business's name");
        assert_eq!(claim("Trend-Micro Assistenza"), Some((0, Support)));
        assert_eq!(claim("Poste Italiane S.p.A."), Some((2, Name)));
        assert_eq!(claim("P0ste Ital1ane Rimborsi"), Some((2, Support)));
        assert_eq!(claim("PosteAssistenza"), Some((2, Support)));
        assert_eq!(claim("Posteria da Mario"), None);
        assert_eq!(claim("Mario Rossi"), None);
        assert_eq!(claim(""), None);
    }

    #[test]
    fn exact_names() {
        let ix = index();
        assert_eq!(ix.exact("trend micro"), Some(0));
        assert_eq!(ix.exact("POSTE ITALIANE"), Some(2));
        assert_eq!(ix.exact("Trend Micro Dental"), None);
        assert_eq!(NameIndex::default().claim("Microsoft"), None);
    }
}
