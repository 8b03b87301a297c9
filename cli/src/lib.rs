//! The `ringfence` command's building blocks, as a library so tests can drive them.
//!
//! Each subcommand lives in its own module and works on generic readers/writers.

pub mod args;
pub mod controls;
pub mod db;
pub mod demo;
pub mod export;
pub mod feed;
pub mod feeds;
pub mod jsonl;
pub mod lookup;
pub mod normalize;
pub mod output;
pub mod rules;
pub mod screen;
