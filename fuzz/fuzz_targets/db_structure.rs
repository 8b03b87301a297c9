//! Fuzz target `db_structure`: see [`ringfence_fuzz::db_structure`].
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| ringfence_fuzz::db_structure(data));
