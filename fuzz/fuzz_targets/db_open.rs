//! Fuzz target `db_open`: see [`ringfence_fuzz::db_open`].
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| ringfence_fuzz::db_open(data));
