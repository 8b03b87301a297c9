//! `ringfence export calldirectory`: the entries an iOS Call Directory extension would send,
//! as lines, in the order it would send them:
//! full load: `block NUMBER` lines, then `identify NUMBER<TAB>LABEL`;
//! incremental (`--since`): `remove-block`, `block`, `remove-identify`, `identify` lines.
//! Numbers are E.164 digits without `+` (CallKit's form). Entries are pulled in `--chunk`-sized
//! chunks, as the extension does, so memory stays O(chunk).

use std::io::Write;

use ringfence_core::export::{ExportSet, chunk};

/// Writes every item of `it` with `line`, pulling `chunk_size` at a time.
fn drain<T>(
    out: &mut impl Write,
    mut it: impl Iterator<Item = T>,
    chunk_size: usize,
    mut line: impl FnMut(&mut dyn Write, T) -> std::io::Result<()>,
) -> std::io::Result<u64> {
    let mut count = 0;
    loop {
        let batch = chunk(&mut it, chunk_size.max(1));
        if batch.is_empty() {
            return Ok(count);
        }
        count += batch.len() as u64;
        for item in batch {
            line(out, item)?;
        }
    }
}

/// Writes the export of `new` (incremental from `old` when given); returns the line count.
pub fn write(
    out: &mut impl Write,
    new: &ExportSet,
    old: Option<&ExportSet>,
    chunk_size: usize,
) -> std::io::Result<u64> {
    let block = |o: &mut dyn Write, n: u64| writeln!(o, "block {n}");
    let identify = |o: &mut dyn Write, (n, label): (u64, std::sync::Arc<str>)| {
        writeln!(o, "identify {n}\t{}", label.replace(['\t', '\n', '\r'], " "))
    };
    Ok(match old {
        None => {
            drain(out, new.blocking(), chunk_size, block)? + drain(out, new.identification(), chunk_size, identify)?
        }
        Some(old) => {
            drain(out, new.blocking_removals_since(old), chunk_size, |o, n| writeln!(o, "remove-block {n}"))?
                + drain(out, new.blocking_additions_since(old), chunk_size, block)?
                + drain(out, new.identification_removals_since(old), chunk_size, |o, n| {
                    writeln!(o, "remove-identify {n}")
                })?
                + drain(out, new.identification_additions_since(old), chunk_size, identify)?
        }
    })
}
