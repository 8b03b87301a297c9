//! Apple XML property lists of number dicts (the Begone format): `<array>` of `<dict>` with
//! `number`/`pattern` and `title`/`label` strings (plus optional `action`, `category`). A small
//! purpose-built reader: it tracks line numbers and never recurses, whatever the input.

use super::{ImportOptions, RawRow, Rows};
use crate::error::RingfenceError;

const MALFORMED: RingfenceError = RingfenceError::InvalidList("malformed XML property list");

/// One XML token.
#[derive(Debug, PartialEq, Eq)]
enum Tok<'a> {
    Open(&'a str),
    Close(&'a str),
    Empty(&'a str),
    Text(&'a str),
}

/// A tokenizer over the subset of XML that plists use (no attributes are interpreted).
struct Lexer<'a> {
    s: &'a str,
    pos: usize,
    line: usize,
    /// The line the last token started on.
    tok_line: usize,
}

impl<'a> Lexer<'a> {
    fn advance(&mut self, n: usize) {
        let n = n.min(self.s.len() - self.pos);
        self.line += self.s.as_bytes()[self.pos..self.pos + n].iter().filter(|b| **b == b'\n').count();
        self.pos += n;
    }

    /// The next token, skipping comments, processing instructions and the doctype.
    fn next(&mut self) -> Result<Option<Tok<'a>>, RingfenceError> {
        loop {
            let rest = &self.s[self.pos..];
            if rest.is_empty() {
                return Ok(None);
            }
            self.tok_line = self.line;
            if !rest.starts_with('<') {
                let len = rest.find('<').unwrap_or(rest.len());
                self.advance(len);
                return Ok(Some(Tok::Text(&rest[..len])));
            }
            for (open, close) in [("<!--", "-->"), ("<?", "?>"), ("<![CDATA[", "]]>"), ("<!", ">")] {
                if rest.starts_with(open) {
                    let end = rest.find(close).ok_or(MALFORMED)? + close.len();
                    if open == "<![CDATA[" {
                        self.advance(end);
                        return Ok(Some(Tok::Text(&rest[..end])));
                    }
                    self.advance(end);
                    break;
                }
            }
            if self.s[self.pos..].as_ptr() != rest.as_ptr() {
                continue;
            }
            let end = rest.find('>').ok_or(MALFORMED)?;
            let inner = &rest[1..end];
            self.advance(end + 1);
            let name = |t: &'a str| t.split(|c: char| c.is_whitespace() || c == '/').next().unwrap_or("");
            return Ok(Some(if let Some(t) = inner.strip_prefix('/') {
                Tok::Close(name(t).trim())
            } else if inner.ends_with('/') {
                Tok::Empty(name(inner))
            } else {
                Tok::Open(name(inner))
            }));
        }
    }

    /// The next token that is not white space.
    fn next_significant(&mut self) -> Result<Option<Tok<'a>>, RingfenceError> {
        loop {
            match self.next()? {
                Some(Tok::Text(t)) if t.trim().is_empty() => continue,
                other => return Ok(other),
            }
        }
    }

    /// Skips to the end of an element whose open tag was just read.
    fn skip_element(&mut self) -> Result<(), RingfenceError> {
        let mut depth = 1usize;
        while depth > 0 {
            match self.next()?.ok_or(MALFORMED)? {
                Tok::Open(_) => depth += 1,
                Tok::Close(_) => depth -= 1,
                _ => {}
            }
        }
        Ok(())
    }

    /// The text of a simple element whose open tag `name` was just read, up to its close tag.
    fn text_of(&mut self, name: &str) -> Result<Option<String>, RingfenceError> {
        let mut text = String::new();
        let mut ok = true;
        loop {
            match self.next()?.ok_or(MALFORMED)? {
                Tok::Text(t) => match t.strip_prefix("<![CDATA[").and_then(|t| t.strip_suffix("]]>")) {
                    Some(cdata) => text.push_str(cdata),
                    None => ok &= decode_into(t, &mut text),
                },
                Tok::Close(n) if n == name => return Ok(ok.then_some(text)),
                Tok::Open(_) => {
                    self.skip_element()?;
                    ok = false;
                }
                _ => ok = false,
            }
        }
    }
}

/// Appends `raw` with XML entities decoded; `false` on an unknown entity.
fn decode_into(raw: &str, out: &mut String) -> bool {
    let mut rest = raw;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let Some(semi) = rest[amp..].find(';') else { return false };
        let entity = &rest[amp + 1..amp + semi];
        let c = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            e => e
                .strip_prefix("#x")
                .map(|h| u32::from_str_radix(h, 16))
                .or_else(|| e.strip_prefix('#').map(str::parse))
                .and_then(Result::ok)
                .and_then(char::from_u32),
        };
        match c {
            Some(c) => out.push(c),
            None => return false,
        }
        rest = &rest[amp + semi + 1..];
    }
    out.push_str(rest);
    true
}

/// Reads the plist into `rows`.
pub(super) fn read(
    text: &str,
    opts: &ImportOptions,
    rows: &mut Rows,
    progress: &mut dyn FnMut(usize),
) -> Result<(), RingfenceError> {
    if text.starts_with("bplist") {
        return Err(RingfenceError::InvalidList("binary property list: convert it to XML (plutil -convert xml1)"));
    }
    let mut lx = Lexer { s: text, pos: 0, line: 1, tok_line: 1 };
    if lx.next_significant()? != Some(Tok::Open("plist")) || lx.next_significant()? != Some(Tok::Open("array")) {
        return Err(RingfenceError::InvalidList("a property list of number dicts must be an array"));
    }
    let mut n = 0usize;
    loop {
        let tok = lx.next_significant()?.ok_or(MALFORMED)?;
        let line = lx.tok_line;
        match tok {
            Tok::Close("array") => break,
            Tok::Open("dict") => read_dict(&mut lx, line, opts, rows)?,
            Tok::Open(_) => {
                lx.skip_element()?;
                rows.reject(line, "not a dict");
            }
            _ => rows.reject(line, "not a dict"),
        }
        n += 1;
        if n.is_multiple_of(4096) {
            progress(lx.pos);
        }
    }
    match (lx.next_significant()?, lx.next_significant()?) {
        (Some(Tok::Close("plist")), None) => Ok(()),
        _ => Err(MALFORMED),
    }
}

/// Reads one `<dict>` (its open tag already read) as a row.
fn read_dict(lx: &mut Lexer<'_>, line: usize, opts: &ImportOptions, rows: &mut Rows) -> Result<(), RingfenceError> {
    let (mut fields, mut bad) = ([None, None, None, None], false);
    loop {
        let key = match lx.next_significant()?.ok_or(MALFORMED)? {
            Tok::Close("dict") => break,
            Tok::Open("key") => lx.text_of("key")?.unwrap_or_default(),
            _ => return Err(MALFORMED),
        };
        let slot = match key.trim().to_ascii_lowercase().as_str() {
            "number" | "pattern" => Some(0),
            "action" => Some(1),
            "category" => Some(2),
            "title" | "label" => Some(3),
            _ => None,
        };
        let value = match lx.next_significant()?.ok_or(MALFORMED)? {
            Tok::Open(name @ ("string" | "integer" | "real" | "date")) => lx.text_of(name)?,
            Tok::Empty("string") => Some(String::new()),
            Tok::Empty(_) => None,
            Tok::Open(_) => {
                lx.skip_element()?;
                None
            }
            _ => return Err(MALFORMED),
        };
        match (slot, value) {
            (Some(2), Some(v)) if v.trim().bytes().all(|b| b.is_ascii_digit()) => {} // Begone's numeric category
            (Some(i), Some(v)) => fields[i] = Some(v),
            (Some(_), None) => bad = true,
            (None, _) => {}
        }
    }
    if bad {
        rows.reject(line, "fields must be strings");
        return Ok(());
    }
    let [pattern, action, category, label] = &fields;
    let row = RawRow {
        pattern: pattern.as_deref(),
        action: action.as_deref(),
        category: category.as_deref(),
        label: label.as_deref(),
    };
    rows.push(line, &row, opts);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<array>
	<dict>
		<key>addNational</key>
		<string>true</string>
		<key>category</key>
		<string>0</string>
		<key>number</key>
		<string>+4121560####</string>
		<key>title</key>
		<string>Spam &amp; more</string>
	</dict>
	<!-- a comment -->
	<dict><key>number</key><string>nope</string></dict>
	<dict><key>title</key><string>No number</string></dict>
	<string>stray</string>
	<dict><key>number</key><string>+41779159232</string><key>flag</key><true/></dict>
</array>
</plist>
"#;

    #[test]
    fn reads_begone_dicts_with_line_numbers() {
        let mut rows = Rows::default();
        read(SAMPLE, &ImportOptions::default(), &mut rows, &mut |_| {}).unwrap();
        assert_eq!(rows.report.accepted, 2);
        assert_eq!(rows.entries[0].0, 5);
        assert_eq!(rows.entries[0].1.pattern.to_string(), "+4121560####");
        assert_eq!(rows.entries[0].1.label.as_deref(), Some("Spam & more"));
        assert_eq!(rows.entries[1].0, 19);
        let rejected: Vec<(u32, &str)> = rows.report.rejected.iter().map(|r| (r.line, r.reason.as_str())).collect();
        assert_eq!(rejected, vec![(16, "invalid number or pattern"), (17, "missing number"), (18, "not a dict")]);
    }

    #[test]
    fn malformed_documents_are_errors() {
        for bad in
            ["", "bplist00", "<plist><dict></dict></plist>", "<plist><array><dict><key>a</key>", "<plist><array>"]
        {
            assert!(read(bad, &ImportOptions::default(), &mut Rows::default(), &mut |_| {}).is_err(), "{bad:?}");
        }
    }
}
