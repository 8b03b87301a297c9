//! `ringfence lookup publish | query` (private online lookup, see docs/privacy.md) and
//! `ringfence bench lookup-publish`.

pub mod bench;
pub mod http;
pub mod publish;
pub mod query;

use clap::Subcommand;

/// The `lookup` subcommands.
#[derive(Debug, Clone, Subcommand)]
pub enum LookupCommand {
    /// Write a feed database as signed buckets (`DIR/b/<hex>.bkt`) and `DIR/manifest.json`.
    Publish(publish::PublishArgs),
    /// Look a number up by fetching only its bucket; prints one JSON object.
    Query(query::QueryArgs),
}

/// Runs a `lookup` subcommand.
pub fn run(command: &LookupCommand, out: &mut impl std::io::Write) -> Result<(), String> {
    match command {
        LookupCommand::Publish(a) => publish::run(a, out),
        LookupCommand::Query(a) => query::run(a, out),
    }
}
