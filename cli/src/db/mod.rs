//! The database subcommands: `keygen`, `build`, `inspect`, `verify`, `diff`, `patch`, and
//! `bench lookup`.

pub mod bench;
pub mod build;
pub mod inspect;
pub mod keys;
pub mod map;
pub mod peers;
pub mod synth;
