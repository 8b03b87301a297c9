//! Criterion benchmarks of the hot path: parsing a caller ID and screening realistic calls
//! with every signal enabled (rules, brands, customer brands, user number, contact codes, night,
//! bursts, a caller name).
#![allow(missing_docs)] // criterion_group! generates an undocumented pub fn

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use ringfence_core::{
    CallTime, IncomingCall, Policy, ProtectionLevel, Screener, ScreenerConfig, Verification, parse_number,
};

fn screener() -> Screener {
    let policy = Policy { level: ProtectionLevel::Strict, night_mode: true, ..Policy::default() };
    let customer_brands = vec!["Trend Micro".into(), "Microsoft".into()];
    let s = Screener::new(ScreenerConfig {
        default_region: "IT".parse().ok(),
        policy,
        customer_brands,
        ..Default::default()
    });
    s.import_rules_csv("pattern,action,category,label\n+4121560####,block,spam,\n+41215601111,allow,,\n+39021234####,label,telemarketing,\n")
        .unwrap();
    s.set_contact_calling_codes(Some(vec![39, 41, 33])).unwrap();
    s
}

fn bench(c: &mut Criterion) {
    let region = "IT".parse().ok();
    c.bench_function("parse_number e164", |b| b.iter(|| parse_number(black_box("+41446681800"), region)));
    c.bench_function("parse_number national", |b| b.iter(|| parse_number(black_box("06 1234 5678"), region)));

    let s = screener();
    let night = CallTime::parse_rfc3339("2026-11-28T23:30:00+01:00");
    let base = IncomingCall {
        region,
        user_number: Some("+39 333 123 4567".into()),
        display_name: Some("Mario Rossi".into()),
        time: night,
        ..Default::default()
    };
    let unknown = IncomingCall { number: Some("+39 347 765 4321".into()), ..base.clone() };
    c.bench_function("screen unknown mobile, all signals", |b| b.iter(|| s.screen(black_box(&unknown))));
    let wangiri =
        IncomingCall { number: Some("+222 22 12 34 56".into()), verification: Verification::Failed, ..base.clone() };
    c.bench_function("screen wangiri at night, all signals", |b| b.iter(|| s.screen(black_box(&wangiri))));
    let listed = IncomingCall { number: Some("+41 21 560 12 34".into()), ..base.clone() };
    c.bench_function("screen listed number", |b| b.iter(|| s.screen(black_box(&listed))));
    let brand = IncomingCall {
        number: Some("+39 06 1234 5678".into()),
        display_name: Some("Trend Micro Support".into()),
        ..base.clone()
    };
    c.bench_function("screen brand impersonation", |b| b.iter(|| s.screen(black_box(&brand))));
    let disguised = IncomingCall {
        number: Some("+39 06 1234 5678".into()),
        display_name: Some("Міcrosoft Assistenza Tecnica".into()),
        ..base
    };
    c.bench_function("screen confusable brand name", |b| b.iter(|| s.screen(black_box(&disguised))));
}

criterion_group!(benches, bench);
criterion_main!(benches);
