//! The longest string an emergency pattern matches, read from the pattern itself.
//!
//! The table's patterns are written in a small part of the regex syntax: digits, `\d`, classes
//! `[…]`, groups `(?:…)`, alternation `|` and the quantifiers `?`, `{n}` and `{n,m}`. Anything
//! else (an unbounded `*`, `+` or `{n,}`, another escape, an unbalanced bracket) gives
//! `usize::MAX`: nothing is ruled out. The tests check the result against regex-syntax's own
//! reading of every pattern in the table.

/// The most characters (digits) a string matching `pattern` has; `usize::MAX` when the pattern
/// is unbounded or outside the subset above.
pub(super) fn max_len(pattern: &str) -> usize {
    let mut parser = Parser { rest: pattern.as_bytes() };
    match parser.alternation() {
        Some(len) if parser.rest.is_empty() => len,
        _ => usize::MAX,
    }
}

/// A cursor over the pattern; each method reads one construct and gives its longest match
/// (`None`: unbounded or not understood).
struct Parser<'p> {
    rest: &'p [u8],
}

impl Parser<'_> {
    /// `sequence ('|' sequence)*`: the longest branch.
    fn alternation(&mut self) -> Option<usize> {
        let mut longest = self.sequence()?;
        while self.eat(b'|') {
            longest = longest.max(self.sequence()?);
        }
        Some(longest)
    }

    /// Quantified atoms up to `|`, `)` or the end: the sum of their longest matches.
    fn sequence(&mut self) -> Option<usize> {
        let mut total = 0usize;
        while let Some(&next) = self.rest.first() {
            if next == b'|' || next == b')' {
                break;
            }
            let atom = self.atom()?;
            total = total.checked_add(self.quantified(atom)?)?;
        }
        Some(total)
    }

    /// A digit, `\d`, a class or a non-capturing group.
    fn atom(&mut self) -> Option<usize> {
        let (&first, rest) = self.rest.split_first()?;
        self.rest = rest;
        match first {
            b'0'..=b'9' => Some(1),
            b'\\' => self.eat(b'd').then_some(1),
            b'[' => {
                let end = self.rest.iter().position(|&b| b == b']')?;
                self.rest = &self.rest[end + 1..];
                Some(1)
            }
            b'(' if self.eat(b'?') && self.eat(b':') => {
                let inner = self.alternation()?;
                self.eat(b')').then_some(inner)
            }
            _ => None,
        }
    }

    /// The quantifier after an atom of longest match `atom`, if any.
    fn quantified(&mut self, atom: usize) -> Option<usize> {
        if self.eat(b'?') {
            return Some(atom);
        }
        if !self.eat(b'{') {
            return (!matches!(self.rest.first(), Some(b'*' | b'+'))).then_some(atom);
        }
        let end = self.rest.iter().position(|&b| b == b'}')?;
        let counts = std::str::from_utf8(&self.rest[..end]).ok()?;
        self.rest = &self.rest[end + 1..];
        let most = match counts.split_once(',') {
            Some((least, most)) => {
                least.parse::<usize>().ok()?;
                most.parse::<usize>().ok()?
            }
            None => counts.parse::<usize>().ok()?,
        };
        atom.checked_mul(most)
    }

    /// Consumes `byte` if it comes next.
    fn eat(&mut self, byte: u8) -> bool {
        match self.rest.split_first() {
            Some((&b, rest)) if b == byte => {
                self.rest = rest;
                true
            }
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::number::emergency_table::EMERGENCY;

    /// regex-syntax's longest match of `pattern`, ASCII-only (`\d` is one byte), as the table
    /// was read before this module: the reference this reading must agree with.
    fn reference(pattern: &str) -> usize {
        let hir = regex_syntax::ParserBuilder::new().unicode(false).utf8(false).build().parse(pattern);
        hir.ok().and_then(|h| h.properties().maximum_len()).unwrap_or(usize::MAX)
    }

    #[test]
    fn agrees_with_regex_syntax_on_every_table_pattern() {
        for (&region, entry) in EMERGENCY.entries() {
            let len = max_len(entry.pattern);
            assert_eq!(len, reference(entry.pattern), "{region}: {}", entry.pattern);
            assert!(len < usize::MAX, "{region}: the table's patterns are bounded");
        }
    }

    #[test]
    fn reads_the_subset_and_refuses_the_rest() {
        for (pattern, len) in [
            ("112", 3),
            (r"1(?:12|5\d)", 3),
            (r"9(?:11?|2|39?|9[17])", 3),
            (r"0(?:11?|22?|33?)|1(?:0[1-3]|12)", 3),
            (r"1(?:1(?:22?|5)|[56])", 4),
            (r"1\d{2}", 3),
            (r"1\d{2,4}", 5),
            (r"(?:12){2}|9", 4),
            ("", 0),
        ] {
            assert_eq!(max_len(pattern), len, "{pattern}");
            assert_eq!(max_len(pattern), reference(pattern), "{pattern}");
        }
        for unbounded in [r"1\d+", "1*", r"\d{2,}", "(?:1|2)+"] {
            assert_eq!(max_len(unbounded), usize::MAX, "{unbounded}");
            assert_eq!(reference(unbounded), usize::MAX, "{unbounded}");
        }
        for unknown in ["(12", "12)", "[12", r"\w", "(12)", "a", "1{2", "1{x}", "1{,2}"] {
            assert_eq!(max_len(unknown), usize::MAX, "{unknown}");
        }
    }
}
