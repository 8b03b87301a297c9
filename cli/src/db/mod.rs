//! The database subcommands: `keygen`, `build`, `inspect`, `verify`, `diff`, `patch`, and
//! `bench lookup`.

pub mod bench;
pub mod bench_build;
pub mod bench_first;
pub mod build;
pub mod inspect;
pub mod keys;
pub mod map;
pub mod peers;
pub mod stream;
pub mod synth;
