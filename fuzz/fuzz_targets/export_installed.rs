//! Fuzz target `export_installed`: see [`ringfence_fuzz::export_installed`].
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| ringfence_fuzz::export_installed(data));
