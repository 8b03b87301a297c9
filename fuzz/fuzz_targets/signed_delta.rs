//! Fuzz target `signed_delta`: see [`ringfence_fuzz::signed_delta`].
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| ringfence_fuzz::signed_delta(data));
