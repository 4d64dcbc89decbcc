//! The store's error type; every variant keeps its cause.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("storage {op} of {path} failed: {}", plain_at(.source, *.local))]
    Backend {
        op: &'static str,
        path: String,
        /// The records live in a local folder (words are then about the disk, not a server).
        local: bool,
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
    /// A record file on disk is not what the index holds (damaged or changed outside Valet):
    /// the commit wrote nothing, and the next open reads every file again.
    #[error(
        "{path} on disk is not the record Valet knows: {why}. Nothing was written. Run the \
         command again to work on the folder as it is now (a file Valet cannot read is then \
         moved to .valet/quarantine/, where `valet doctor` lists it)"
    )]
    ChangedOnDisk { path: String, why: String },
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
    plain_at(e, false)
}

/// The local I/O error under an OpenDAL error, if any.
fn io_cause(e: &opendal::Error) -> Option<&std::io::Error> {
    let mut cause: Option<&(dyn std::error::Error + 'static)> = std::error::Error::source(e);
    while let Some(c) = cause {
        if let Some(io) = c.downcast_ref::<std::io::Error>() {
            return Some(io);
        }
        cause = c.source();
    }
    None
}

/// Whether a remote call failed for want of a connection (refused, no such host, a broken
/// one), even after the retry layer gave up on it and marked it persistent.
pub fn is_unreachable(e: &opendal::Error) -> bool {
    e.is_temporary()
        || (e.kind() == opendal::ErrorKind::Unexpected && std::error::Error::source(e).is_some())
}

/// [`plain`], worded for where the data is: `local` for a folder on this computer (a full
/// disk, a permission on a folder), otherwise a storage server (keys, bucket, network).
pub fn plain_at(e: &opendal::Error, local: bool) -> String {
    use opendal::ErrorKind as K;
    if local {
        let io = io_cause(e);
        let what = match (e.kind(), io.map(std::io::Error::kind)) {
            (_, Some(std::io::ErrorKind::StorageFull)) => {
                "the disk is full; free some space, then try again".to_owned()
            }
            (_, Some(std::io::ErrorKind::ReadOnlyFilesystem)) => {
                "the folder is on a read-only disk".to_owned()
            }
            (K::PermissionDenied, _) | (_, Some(std::io::ErrorKind::PermissionDenied)) => {
                "permission denied on this computer; check who owns the data folder and its permissions".to_owned()
            }
            (K::NotFound, _) => "it does not exist".to_owned(),
            (K::IsADirectory | K::NotADirectory, _) => {
                "a file and a folder have the same name".to_owned()
            }
            _ => match io {
                Some(io) => format!("a file operation on this computer failed ({io})"),
                None => format!("a file operation on this computer failed ({})", e.kind()),
            },
        };
        return what;
    }
    let network = std::error::Error::source(e).is_some();
    let what = match e.kind() {
        K::NotFound => "it does not exist",
        K::PermissionDenied => {
            "the storage server refused access; check the access keys and the bucket's permissions"
        }
        K::RateLimited => "the storage server asked to slow down; try again in a moment",
        K::ConditionNotMatch => "it was changed by someone else at the same time",
        K::ConfigInvalid => {
            "the storage server refused the settings: check the endpoint and that the bucket exists"
        }
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
        local: bool,
    ) -> Self {
        StoreError::Backend {
            op,
            path: path.into(),
            local,
            source: Box::new(source),
        }
    }

    /// Whether this is a local write refused because the replica is read-only.
    pub fn is_read_only(&self) -> bool {
        matches!(self, StoreError::Local { source, .. } if crate::lock::is_read_only(source))
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

#[cfg(test)]
mod tests {
    use super::*;
    use opendal::ErrorKind as K;

    fn with_io(kind: K, io: std::io::ErrorKind) -> opendal::Error {
        opendal::Error::new(kind, "write").set_source(std::io::Error::from(io))
    }

    /// Issue 13 item 13: errors are worded by where the data is and what went wrong.
    #[test]
    fn local_errors_speak_of_the_disk_and_remote_ones_of_the_server() {
        let full = plain_at(
            &with_io(K::Unexpected, std::io::ErrorKind::StorageFull),
            true,
        );
        assert!(full.contains("disk is full"), "{full}");
        let perm = plain_at(
            &with_io(K::PermissionDenied, std::io::ErrorKind::PermissionDenied),
            true,
        );
        assert!(
            perm.contains("on this computer") && !perm.contains("access keys"),
            "{perm}"
        );
        let keys = plain_at(&opendal::Error::new(K::PermissionDenied, "403"), false);
        assert!(keys.contains("access keys"), "{keys}");
        let bucket = plain_at(
            &opendal::Error::new(K::ConfigInvalid, "NoSuchBucket"),
            false,
        );
        assert!(bucket.contains("bucket exists"), "{bucket}");
    }
}
