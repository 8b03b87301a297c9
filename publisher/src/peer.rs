//! The benchmark's peer: the per-number rules as a naive Rust aggregation (HashMaps) over the
//! normalised rows, to measure what the SQL engine costs against hand-written code.

use std::collections::HashMap;

use datafusion::arrow::array::{Array, Int32Array, Int64Array};

use crate::{Params, Reports};

/// The peer: per number, each reporter's latest vote, decayed, summed, with the minimum of
/// reporters and the label threshold (no ranges, no allow list): how many numbers it lists.
pub fn naive_listed(reports: &Reports, p: &Params) -> usize {
    let mut latest: HashMap<(i64, i64), (i64, bool)> = HashMap::new();
    for b in &reports.batches {
        let col = |i| b.column(i).as_any();
        let (Some(n), Some(r), Some(s), Some(t)) = (
            col(0).downcast_ref::<Int64Array>(),
            col(1).downcast_ref::<Int64Array>(),
            col(3).downcast_ref::<Int32Array>(),
            col(4).downcast_ref::<Int64Array>(),
        ) else {
            continue;
        };
        for i in 0..b.num_rows() {
            let slot = latest.entry((n.value(i), r.value(i))).or_insert((i64::MIN, true));
            if (t.value(i), s.value(i) == 0) > (slot.0, !slot.1) {
                *slot = (t.value(i), s.value(i) == 1);
            }
        }
    }
    let half_life = p.half_life_days * 86_400.0;
    let mut numbers: HashMap<i64, (u32, f64)> = HashMap::new();
    for ((number, _), (t, spam)) in latest {
        let w = (-((p.now - t).max(0) as f64) / half_life).exp2();
        let slot = numbers.entry(number).or_default();
        *slot = if spam { (slot.0 + 1, slot.1 + w) } else { (slot.0, slot.1 - w) };
    }
    numbers.values().filter(|(n, s)| *n >= p.min_reporters && *s >= p.label).count()
}
