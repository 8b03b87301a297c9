//! The database subcommands: `keygen`, `build`, `inspect`, `verify`, `diff`, `patch`, and
//! `bench lookup`.

pub mod bench;
pub mod build;
pub mod inspect;
pub mod keys;
pub mod map;
pub mod one_per_feed;
pub mod peers;
pub mod synth;
