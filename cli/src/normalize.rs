//! `ringfence normalize`: `RAW<TAB>REGION` lines in, `E164<TAB>VALID<TAB>TYPE` lines out.
//!
//! One output line per input line, in order; a line that cannot be read (bad UTF-8, bad
//! region, not a number) yields `-<TAB>0<TAB>unknown` and the run goes on.

use std::io::{self, BufRead, Write};

use ringfence_core::{RegionCode, parse_number};

/// Normalizes one input line to its output line (without the newline).
pub fn line(input: &str) -> String {
    let (raw, region) = input.split_once('\t').unwrap_or((input, ""));
    let region = region.trim().parse::<RegionCode>().ok();
    match parse_number(raw, region) {
        Ok(n) => format!("{}\t{}\t{}", n.e164, u8::from(n.valid), n.number_type.code()),
        Err(_) => "-\t0\tunknown".to_owned(),
    }
}

/// Runs the command over all of `input`.
pub fn run(mut input: impl BufRead, out: &mut impl Write) -> io::Result<()> {
    let mut buf = Vec::new();
    loop {
        buf.clear();
        if input.read_until(b'\n', &mut buf)? == 0 {
            return Ok(());
        }
        let text = String::from_utf8_lossy(&buf);
        let text = text.strip_suffix('\n').unwrap_or(&text);
        writeln!(out, "{}", line(text.strip_suffix('\r').unwrap_or(text)))?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_line_out_per_line_in() {
        let input = b"+41446681800\tCH\n044 668 18 00\tCH\n\n\xff\xfe\tCH\nhello\tXX\n0900 123 456\tch\r\n".to_vec();
        let mut out = Vec::new();
        run(&input[..], &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines,
            [
                "+41446681800\t1\tfixed_line",
                "+41446681800\t1\tfixed_line",
                "-\t0\tunknown",
                "-\t0\tunknown",
                "-\t0\tunknown",
                "+41900123456\t1\tpremium_rate"
            ]
        );
    }
}
