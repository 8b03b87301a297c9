//! Fuzz target `delta`: see [`ringfence_fuzz::delta`].
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| ringfence_fuzz::delta(data));
