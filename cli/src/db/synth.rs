//! Synthetic but realistic phone-number sets for the lookup benchmark: mobile and fixed ranges
//! of eleven countries (North America, India, Brazil, Germany, the UK, France, Italy, Spain,
//! Turkey, Switzerland, Chile), weighted like a large international spam feed, with one number
//! in ten part of a run of consecutive numbers (spammers rent number blocks). Deterministic.

/// The deterministic generator (SplitMix64), shared with the report generator.
pub use ringfence_publisher::synth::Rng;

/// One numbering range: E.164 digits `lead` + a choice among `next` digit strings + `free`
/// random digits.
struct Plan {
    weight: u32,
    lead: u64,
    next: fn(&mut Rng) -> (u64, u32),
    free: u32,
}

fn nanp_area_exchange(r: &mut Rng) -> (u64, u32) {
    // NPA: [2-9][0-8][0-9] except N11; NXX: [2-9][0-9][0-9] except N11.
    let pick = |r: &mut Rng| loop {
        let v = r.range(200, 999);
        if v % 100 != 11 {
            return v;
        }
    };
    let npa = loop {
        let v = pick(r);
        if (v / 10) % 10 != 9 {
            break v;
        }
    };
    (npa * 1000 + pick(r), 6)
}

macro_rules! plan {
    ($w:expr, $lead:expr, $lo:expr, $hi:expr, $digits:expr, $free:expr) => {
        Plan { weight: $w, lead: $lead, next: |r| (r.range($lo, $hi), $digits), free: $free }
    };
}

fn plans() -> Vec<Plan> {
    vec![
        Plan { weight: 300, lead: 1, next: nanp_area_exchange, free: 4 }, // +1 NPA NXX XXXX
        plan!(60, 91, 6, 9, 1, 9),                                        // India mobile
        plan!(30, 91, 11, 99, 2, 8),                                      // India fixed
        plan!(80, 55, 11, 99, 2, 9),                                      // Brazil mobile (area + 9xxxx xxxx)
        plan!(20, 55, 11, 99, 2, 8),                                      // Brazil fixed
        plan!(50, 49, 150, 179, 3, 8),                                    // Germany mobile
        plan!(30, 49, 30, 89, 2, 8),                                      // Germany fixed
        plan!(60, 447, 100, 999, 3, 6),                                   // UK mobile
        plan!(20, 442, 0, 99, 2, 8),                                      // UK fixed
        plan!(50, 33, 6, 7, 1, 8),                                        // France mobile
        plan!(20, 33, 1, 5, 1, 8),                                        // France fixed
        plan!(50, 393, 20, 99, 2, 7),                                     // Italy mobile
        plan!(20, 390, 2, 99, 2, 7),                                      // Italy fixed
        plan!(35, 34, 600, 799, 3, 6),                                    // Spain mobile
        plan!(15, 34, 810, 989, 3, 6),                                    // Spain fixed
        plan!(40, 905, 0, 59, 2, 7),                                      // Turkey mobile
        plan!(10, 902, 12, 88, 2, 7),                                     // Turkey fixed
        plan!(20, 417, 5, 9, 1, 7),                                       // Switzerland mobile
        plan!(10, 41, 21, 62, 2, 7),                                      // Switzerland fixed
        plan!(40, 569, 1000, 9999, 4, 4),                                 // Chile mobile
        plan!(10, 562, 2000, 2999, 4, 4),                                 // Chile Santiago fixed
    ]
}

/// A random number from the plans (as E.164 digits, an integer).
fn one(r: &mut Rng, plans: &[Plan], total: u32) -> u64 {
    let mut pick = r.range(0, u64::from(total) - 1) as u32;
    let mut plan = &plans[0];
    for p in plans {
        if pick < p.weight {
            plan = p;
            break;
        }
        pick -= p.weight;
    }
    let (mid, mid_digits) = (plan.next)(r);
    let v = plan.lead * 10u64.pow(mid_digits) + mid;
    v * 10u64.pow(plan.free) + r.range(0, 10u64.pow(plan.free) - 1)
}

/// `n` distinct realistic numbers, ascending.
pub fn numbers(n: usize, seed: u64) -> Vec<u64> {
    let plans = plans();
    let total: u32 = plans.iter().map(|p| p.weight).sum();
    let mut r = Rng::new(seed);
    let mut out: Vec<u64> = Vec::with_capacity(n + n / 8);
    while out.len() < n {
        while out.len() < n + n / 50 + 16 {
            let v = one(&mut r, &plans, total);
            if r.range(0, 999) == 0 {
                let run = r.range(10, 190);
                out.extend(v..v + run);
            } else {
                out.push(v);
            }
        }
        out.sort_unstable();
        out.dedup();
    }
    // Drop random numbers down to exactly n.
    let mut drop = vec![false; out.len()];
    let mut excess = out.len() - n;
    while excess > 0 {
        let i = r.range(0, out.len() as u64 - 1) as usize;
        if !drop[i] {
            drop[i] = true;
            excess -= 1;
        }
    }
    let mut i = 0;
    out.retain(|_| {
        i += 1;
        !drop[i - 1]
    });
    out
}

/// `n` numbers from the same distribution that are not in `set` (ascending `set`).
pub fn misses(set: &[u64], n: usize, seed: u64) -> Vec<u64> {
    let plans = plans();
    let total: u32 = plans.iter().map(|p| p.weight).sum();
    let mut r = Rng::new(seed);
    std::iter::from_fn(|| Some(one(&mut r, &plans, total))).filter(|v| set.binary_search(v).is_err()).take(n).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distinct_sorted_realistic_and_deterministic() {
        let a = numbers(50_000, 7);
        assert_eq!(a.len(), 50_000);
        assert!(a.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(a, numbers(50_000, 7));
        for v in a.iter().step_by(997) {
            let digits = v.to_string().len();
            assert!((10..=13).contains(&digits), "{v}");
        }
        let countries = [1u64, 91, 55, 49, 44, 33, 39, 34, 90, 41, 56];
        for cc in countries {
            let p = cc.to_string();
            assert!(a.iter().any(|v| v.to_string().starts_with(&p)), "no numbers for +{cc}");
        }
        let m = misses(&a, 1000, 9);
        assert!(m.iter().all(|v| a.binary_search(v).is_err()));
    }
}
