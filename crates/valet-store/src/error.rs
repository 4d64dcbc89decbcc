//! The store's error type; every variant keeps its cause.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("storage {op} of {path} failed: {}", plain(.source))]
    Backend {
        op: &'static str,
        path: String,
        #[source]
        source: Box<opendal::Error>,
    },
    #[error("could not set up the storage backend: {}", plain(.source))]
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

/// The deepest cause under an OpenDAL error ("Connection refused (os error 111)"), or `None`
/// when OpenDAL's own message is all there is.
pub fn root_cause(e: &opendal::Error) -> String {
    let mut cause: Option<&(dyn std::error::Error + 'static)> = std::error::Error::source(e);
    let mut last = None;
    while let Some(c) = cause {
        last = Some(c);
        cause = c.source();
    }
    match last {
        Some(c) => c.to_string(),
        None => e.kind().to_string(),
    }
}

/// An OpenDAL error in plain words: what happened and what to check, then the underlying cause
/// for network failures (never OpenDAL's context dump, a response body or a URL with a key).
pub fn plain(e: &opendal::Error) -> String {
    use opendal::ErrorKind as K;
    let network = std::error::Error::source(e).is_some();
    let what = match e.kind() {
        K::NotFound => "it does not exist",
        K::PermissionDenied => {
            "the storage server refused access; check the access keys and the bucket's permissions"
        }
        K::RateLimited => "the storage server asked to slow down; try again in a moment",
        K::ConditionNotMatch => "it was changed by someone else at the same time",
        K::ConfigInvalid => "the storage settings are not valid",
        K::IsADirectory | K::NotADirectory => "a file and a folder have the same name",
        K::Unsupported => "the storage server does not support this",
        _ if network => {
            "the storage server could not be reached, or the connection broke; Valet retried and \
             will try again later"
        }
        _ => "the storage server gave an unexpected answer",
    };
    if network && !matches!(e.kind(), K::NotFound | K::PermissionDenied) {
        format!("{what} ({})", root_cause(e))
    } else {
        what.to_owned()
    }
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
