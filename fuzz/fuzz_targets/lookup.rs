//! Fuzz target `lookup`: see [`ringfence_fuzz::lookup`].
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| ringfence_fuzz::lookup(data));
