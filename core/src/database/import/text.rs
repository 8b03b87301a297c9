//! Plain lists: one number or `#` pattern per line; blank lines and `#` comment lines skipped.

use super::{ImportOptions, RawRow, Rows};

/// Reads every line of `text` (whole lines; `lines_before` lines of the file precede it) into
/// `rows`.
pub(super) fn read(
    text: &str,
    lines_before: usize,
    opts: &ImportOptions,
    rows: &mut Rows,
    progress: &mut dyn FnMut(usize),
) {
    for (idx, line) in text.lines().enumerate() {
        if idx % 4096 == 4095 {
            progress((line.as_ptr() as usize).saturating_sub(text.as_ptr() as usize));
        }
        let line = line.trim_start_matches('\u{FEFF}').trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        rows.push(lines_before + idx + 1, &RawRow { pattern: Some(line), ..RawRow::default() }, opts);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skips_blanks_and_comments_and_reports_bad_lines() {
        let mut rows = Rows::default();
        let text = "# Turkish spam\n\n+902127053327\n0212 705 53 28\n+90212705####\nnot a number\n";
        read(text, 0, &ImportOptions { region: "TR".parse().ok(), ..ImportOptions::default() }, &mut rows, &mut |_| {});
        assert_eq!(rows.report.accepted, 3);
        assert_eq!(rows.entries.iter().map(|e| e.0).collect::<Vec<_>>(), vec![3, 4, 5]);
        assert_eq!(rows.entries[1].1.pattern.to_string(), "+902127055328");
        assert_eq!(rows.report.rejected.len(), 1);
        assert_eq!(rows.report.rejected[0].line, 6);
    }
}
