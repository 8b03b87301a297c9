//! The command-line arguments several subcommands share, each defined once as a clap argument
//! group that the subcommands flatten (`#[command(flatten)]`), with the parsing of its values.

use std::path::PathBuf;

use clap::Args;
use ringfence_core::{Language, RegionCode};

/// `--lang`: the language of labels and advice.
#[derive(Debug, Clone, Args)]
pub struct LangArg {
    /// Language of labels and advice.
    #[arg(id = "lang", long = "lang", value_name = "LANG", default_value = "en", value_parser = ["en", "it"])]
    pub code: String,
}

impl Default for LangArg {
    fn default() -> Self {
        Self { code: "en".into() }
    }
}

impl LangArg {
    /// The language.
    pub fn language(&self) -> Result<Language, String> {
        Language::from_code(&self.code).ok_or_else(|| "unsupported language".to_owned())
    }
}

/// `--region`: the region national-format numbers are read in.
#[derive(Debug, Clone, Default, Args)]
pub struct RegionArg {
    /// Region (ISO alpha-2, e.g. CH) for national-format numbers: the phone's, or the lists'.
    #[arg(id = "region", long = "region", value_name = "XX")]
    pub code: Option<String>,
}

impl RegionArg {
    /// The region, if given.
    pub fn region(&self) -> Result<Option<RegionCode>, String> {
        self.code.as_deref().map(str::parse::<RegionCode>).transpose().map_err(|e| e.to_string())
    }
}

/// `--db` and `--pubkey`: compiled databases (feeds) and the keys they must be signed with.
#[derive(Debug, Clone, Default, Args)]
pub struct DatabaseArgs {
    /// A compiled database (feed) to consult; repeatable. Verified against --pubkey.
    #[arg(long = "db", value_name = "FILE")]
    pub dbs: Vec<PathBuf>,
    /// A public key file the databases must be signed with; repeatable.
    #[arg(long = "pubkey", value_name = "PUBLIC_FILE")]
    pub pubkeys: Vec<PathBuf>,
}

/// What decides numbers: the user's rule lists (`--list`), the feeds (`--db`, `--pubkey`),
/// and how to read them (`--lang`, `--region`).
#[derive(Debug, Clone, Default, Args)]
pub struct Sources {
    /// A CSV rule list (`pattern,action,category,label`); repeatable.
    #[arg(long = "list", value_name = "FILE")]
    pub lists: Vec<PathBuf>,
    /// `--db` and `--pubkey`.
    #[command(flatten)]
    pub databases: DatabaseArgs,
    /// `--lang`.
    #[command(flatten)]
    pub lang: LangArg,
    /// `--region`.
    #[command(flatten)]
    pub region: RegionArg,
}
