//! Fuzz target `screen`: see [`ringfence_fuzz::screen`].
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| ringfence_fuzz::screen(data));
