//! The store's error type; every variant keeps its cause.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("storage {op} of {path} failed: {source}")]
    Backend {
        op: &'static str,
        path: String,
        #[source]
        source: Box<opendal::Error>,
    },
    #[error("could not set up the storage backend: {source}")]
    Setup {
        #[source]
        source: Box<opendal::Error>,
    },
    #[error("local file {path} could not be {action}: {source}")]
    Local {
        action: &'static str,
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("could not encode {what}: {source}")]
    Encode {
        what: String,
        #[source]
        source: serde_json::Error,
    },
    #[error("a background task failed: {0}")]
    Task(#[from] tokio::task::JoinError),
    #[error("{0}")]
    Config(String),
}

impl StoreError {
    pub(crate) fn backend(
        op: &'static str,
        path: impl Into<String>,
        source: opendal::Error,
    ) -> Self {
        StoreError::Backend {
            op,
            path: path.into(),
            source: Box::new(source),
        }
    }

    pub(crate) fn local(
        action: &'static str,
        path: impl Into<PathBuf>,
        source: std::io::Error,
    ) -> Self {
        StoreError::Local {
            action,
            path: path.into(),
            source,
        }
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;
