//! Criterion benchmarks of the hot path: parsing a caller ID and screening a realistic call.
#![allow(missing_docs)] // criterion_group! generates an undocumented pub fn

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use ringfence_core::{IncomingCall, Screener, ScreenerConfig, Verification, parse_number};

fn bench(c: &mut Criterion) {
    let region = "CH".parse().ok();
    c.bench_function("parse_number e164", |b| b.iter(|| parse_number(black_box("+41446681800"), region)));
    c.bench_function("parse_number national", |b| b.iter(|| parse_number(black_box("044 668 18 00"), region)));

    let screener = Screener::new(ScreenerConfig { default_region: region, ..Default::default() });
    screener
        .import_rules_csv("pattern,action,category,label\n+4121560####,block,spam,\n+41215601111,allow,,\n")
        .unwrap();
    let call = IncomingCall {
        number: Some("+41 21 560 12 34".into()),
        verification: Verification::Failed,
        region,
        ..Default::default()
    };
    c.bench_function("screen listed call", |b| b.iter(|| screener.screen(black_box(&call))));
    let unknown = IncomingCall { number: Some("+41791234567".into()), ..call.clone() };
    c.bench_function("screen unknown call", |b| b.iter(|| screener.screen(black_box(&unknown))));
}

criterion_group!(benches, bench);
criterion_main!(benches);
