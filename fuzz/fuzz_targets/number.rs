//! Fuzz target `number`: see [`ringfence_fuzz::number`].
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| ringfence_fuzz::number(data));
