//! The publisher's errors: whole-file and whole-job failures. A bad row is not one of them
//! (see [`RowProblem`](crate::RowProblem)): it is counted and reported, and the job goes on.

use std::path::PathBuf;

/// Why a report file, an allow list or the job as a whole was refused.
#[derive(Debug, thiserror::Error)]
pub enum PublisherError {
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    /// The file's name says neither CSV nor Parquet.
    #[error("{0}: not a report file (name it .csv or .parquet)")]
    UnknownFormat(PathBuf),
    /// The file is not in the documented report format (no header, missing columns, not
    /// Parquet, columns of the wrong type).
    #[error("{path}: not a report file: {reason}")]
    NotReports {
        /// The file.
        path: PathBuf,
        /// What is wrong with it (column names only, never a row's content).
        reason: String,
    },
    /// An allow list could not be read.
    #[error("{path}: allow list refused: {reason}")]
    AllowList {
        /// The file.
        path: PathBuf,
        /// Why.
        reason: String,
    },
    /// A parameter is out of range.
    #[error("invalid parameter: {0}")]
    InvalidParameter(&'static str),
    /// The SQL engine failed (Arrow, Parquet or DataFusion error).
    #[error("engine: {0}")]
    Engine(String),
}

impl PublisherError {
    /// An I/O error on `path`.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Self::Io { path: path.into(), source }
    }

    /// `path` is not a report file, for `reason`.
    pub fn not_reports(path: impl Into<PathBuf>, reason: impl Into<String>) -> Self {
        Self::NotReports { path: path.into(), reason: reason.into() }
    }
}

impl From<datafusion::error::DataFusionError> for PublisherError {
    fn from(e: datafusion::error::DataFusionError) -> Self {
        Self::Engine(e.to_string())
    }
}

impl From<datafusion::arrow::error::ArrowError> for PublisherError {
    fn from(e: datafusion::arrow::error::ArrowError) -> Self {
        Self::Engine(e.to_string())
    }
}

impl From<datafusion::parquet::errors::ParquetError> for PublisherError {
    fn from(e: datafusion::parquet::errors::ParquetError) -> Self {
        Self::Engine(e.to_string())
    }
}
