//! Caller-name folding: the form in which names, brand aliases and context words are compared.
//!
//! A name is capped at [`MAX_CALLER_NAME_CHARS`], then each character is folded:
//! compatibility decomposition (full-width letters, ligatures) and diacritics dropped
//! (`unicode-normalization`); digits and symbols used as letters read as letters
//! (`0`→o, `1`→i, `3`→e, `4`→a, `5`→s, `7`→t, `@`→a, `$`→s); Unicode confusables mapped to
//! their UTS #39 skeleton (`unicode-security`: Cyrillic `М` and `і` read as `m` and `i`);
//! case folded. The skeleton reads `m` as `rn` and `l`, `I`, `1` and `|` alike, so folded text
//! is for comparison only, never shown. Everything that is not a letter or digit separates
//! words; the words are kept as one joined string plus their boundaries, so spacing and
//! punctuation tricks (`T R E N D`, `Trend-Micro`, `TrendMicro`) fold to the same letters.

use std::sync::LazyLock;

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::{decompose_compatible, is_combining_mark};
use unicode_security::{RestrictionLevel, RestrictionLevelDetection, skeleton};

/// Longest caller name looked at, in characters; the rest is ignored.
pub const MAX_CALLER_NAME_CHARS: usize = 256;

/// A folded name: its letters joined, and the words they came from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Folded {
    /// The folded letters of every word, without separators.
    pub joined: String,
    /// Each word: its byte range in `joined` and how many source characters it came from.
    pub words: Vec<Word>,
}

/// One word of a [`Folded`] name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Word {
    /// Start byte in [`Folded::joined`].
    pub start: usize,
    /// End byte (exclusive).
    pub end: usize,
    /// Source characters it came from (1 for a lone letter of a spaced-out name).
    pub source_chars: usize,
}

impl Folded {
    /// Folds `text` (its first [`MAX_CALLER_NAME_CHARS`] characters).
    pub fn new(text: &str) -> Self {
        let mut out = Self { joined: String::with_capacity(text.len().min(MAX_CALLER_NAME_CHARS)), words: vec![] };
        let mut open: Option<Word> = None;
        let mut buf = String::new();
        for c in text.chars().take(MAX_CALLER_NAME_CHARS) {
            let folded = match ASCII.get(c as usize) {
                Some(f) => f.as_deref(),
                None => {
                    buf.clear();
                    fold_char(c, &mut buf);
                    Some(buf.as_str()).filter(|b| !b.is_empty())
                }
            };
            match folded {
                Some(letters) => {
                    let word = open.get_or_insert(Word { start: out.joined.len(), end: 0, source_chars: 0 });
                    word.source_chars += 1;
                    out.joined.push_str(letters);
                }
                None => out.close(&mut open),
            }
        }
        out.close(&mut open);
        out
    }

    fn close(&mut self, open: &mut Option<Word>) {
        if let Some(mut w) = open.take() {
            w.end = self.joined.len();
            self.words.push(w);
        }
    }

    /// The word holding byte `pos` of [`joined`](Self::joined) (`pos` < its length).
    pub fn word_at(&self, pos: usize) -> usize {
        self.words.partition_point(|w| w.end <= pos)
    }

    /// The folded text of one word.
    pub fn text(&self, w: &Word) -> &str {
        &self.joined[w.start..w.end]
    }
}

/// Folds one short text (an alias or a context word) into its joined letters.
pub(crate) fn fold_joined(text: &str) -> String {
    Folded::new(text).joined
}

/// The fold of each ASCII character (`None`: a separator), computed once with the same code
/// as every other character, so the fast path cannot drift from it.
static ASCII: LazyLock<Vec<Option<String>>> = LazyLock::new(|| {
    (0u8..128)
        .map(|b| {
            let mut s = String::new();
            fold_char(char::from(b), &mut s);
            Some(s).filter(|s| !s.is_empty())
        })
        .collect()
});

/// Appends the folded letters of `c` (nothing for a separator).
fn fold_char(c: char, out: &mut String) {
    decompose_compatible(c, |d| {
        if is_combining_mark(d) {
            return;
        }
        let d = as_letter(d);
        // The skeleton maps to prototypes that may be capitals (`М` → `M`) and lower-case
        // letters to other prototypes (`m` → `rn`): skeleton, lower-case, skeleton again.
        for e in skeleton(d.encode_utf8(&mut [0; 4])).flat_map(char::to_lowercase) {
            for f in skeleton(e.encode_utf8(&mut [0; 4])).flat_map(char::to_lowercase) {
                match f {
                    f if is_combining_mark(f) => {}
                    // The skeleton reads `I`, `1` and `|` as `l`; `i` looks alike too.
                    'l' => out.push('i'),
                    f if f.is_alphanumeric() => out.push(f),
                    _ => {}
                }
            }
        }
    });
}

/// Digits and symbols used as letters.
fn as_letter(c: char) -> char {
    match c {
        '0' => 'o',
        '1' => 'i',
        '3' => 'e',
        '4' | '@' => 'a',
        '5' | '$' => 's',
        '7' => 't',
        other => other,
    }
}

/// Whether a word of the name mixes scripts the way look-alike spoofs do: below UTS #39's
/// "moderately restrictive" level (e.g. Latin letters with Cyrillic or Greek look-alikes in one
/// word). Latin with Han, kana or Hangul (`LINEヤフー`, `KB국민은행`) and Latin with one other
/// script except Cyrillic and Greek are how real names are written, and are not flagged. Words
/// are split on white space and read after NFKC (full-width letters are Latin); characters that
/// are not letters or digits are ignored.
pub fn is_mixed_script(name: &str) -> bool {
    let name = match name.char_indices().nth(MAX_CALLER_NAME_CHARS) {
        Some((end, _)) => &name[..end],
        None => name,
    };
    !name.is_ascii()
        && name.split_whitespace().any(|word| {
            let letters: String = word.nfkc().filter(|c| c.is_alphanumeric()).collect();
            letters.as_str().detect_restriction_level() == RestrictionLevel::MinimallyRestrictive
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn evasions_fold_alike() {
        let target = fold_joined("Trend Micro");
        for evasion in
            ["T R E N D  M I C R O", "Trend-Micro", "TrendMicro", "TREND.MICRO", "tr3nd m1cr0", "Trênd Mîcro"]
        {
            assert_eq!(fold_joined(evasion), target, "{evasion}");
        }
        let microsoft = fold_joined("Microsoft");
        for evasion in
            ["Міcrosoft", "Μicrosoft", "MICROSOFT", "Ｍｉｃｒｏｓｏｆｔ", "M1cr0$0ft", "Micr0soft", "Mıcrosoft"]
        {
            assert_eq!(fold_joined(evasion), microsoft, "{evasion}");
        }
        assert_eq!(fold_joined("P0$t3"), fold_joined("poste"));
        assert_eq!(fold_joined("@ssistenza"), fold_joined("assistenza"));
        assert_ne!(fold_joined("Mario Rossi"), fold_joined("Mario Bianchi"));
    }

    #[test]
    fn words_and_boundaries() {
        let f = Folded::new("  Trend-Micro  s u p ");
        let words: Vec<&str> = f.words.iter().map(|w| f.text(w)).collect();
        assert_eq!(words, ["trend", "rnicro", "s", "u", "p"]);
        assert_eq!(f.words[2].source_chars, 1);
        assert_eq!(f.word_at(0), 0);
        assert_eq!(f.word_at(5), 1);
        assert_eq!(f.word_at(f.joined.len() - 1), 4);
        assert!(Folded::new(" -- ").words.is_empty());
    }

    #[test]
    fn names_are_capped() {
        let long = "a".repeat(10 * MAX_CALLER_NAME_CHARS);
        assert_eq!(Folded::new(&long).joined.len(), MAX_CALLER_NAME_CHARS);
        assert!(!is_mixed_script(&format!("{long}Міcrosoft")), "past the cap");
    }

    #[test]
    fn mixed_scripts_in_one_word() {
        assert!(is_mixed_script("Міcrosoft Support"));
        assert!(is_mixed_script("Pοste Italiane"), "Greek omicron");
        for fine in ["Microsoft", "Москва Café", "Ελληνικά 24", "東京タワー", "Idraulica Rossi", "Zoë's Bäckerei", ""]
        {
            assert!(!is_mixed_script(fine), "{fine}");
        }
    }
}
