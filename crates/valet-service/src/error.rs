//! The facade's error: bad input (naming the field and rule), unknown records, storage failures.

use valet_core::ValidationError;
use valet_store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    #[error(transparent)]
    Invalid(#[from] ValidationError),
    #[error("{what} not found: {id}")]
    NotFound { what: &'static str, id: String },
    #[error("{path}: {}", settings_problem(.source))]
    Settings {
        path: String,
        #[source]
        source: ValidationError,
    },
    #[error("configuration: {0}")]
    Config(String),
    /// A local file Valet keeps (a restore point, its blobs) is damaged or from a newer Valet.
    #[error("damaged: {0}")]
    Damaged(String),
    /// Something that should not happen (an encoding failure, a lost task, a broken transport).
    #[error("internal error: {0}")]
    Internal(String),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Sync(#[from] valet_store::SyncError),
    #[error("file {path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
}

impl ServiceError {
    /// A stable code a UI or tool can act on: `invalid`, `not_found`, `config`, `storage`.
    pub fn code(&self) -> &'static str {
        match self {
            ServiceError::Invalid(_) => "invalid",
            ServiceError::NotFound { .. } => "not_found",
            ServiceError::Settings { .. } | ServiceError::Config(_) => "config",
            ServiceError::Damaged(_)
            | ServiceError::Store(valet_store::StoreError::ChangedOnDisk { .. }) => "damaged",
            ServiceError::Internal(_) => "internal",
            ServiceError::Store(_) | ServiceError::Io { .. } => "storage",
            ServiceError::Sync(e) => match e.code() {
                c @ ("confirm" | "busy" | "timeout" | "unreachable" | "denied") => c,
                _ => "sync",
            },
        }
    }

    /// True when the caller's input was at fault (bad argument, unknown id).
    pub fn is_user_error(&self) -> bool {
        matches!(
            self,
            ServiceError::Invalid(_) | ServiceError::NotFound { .. }
        )
    }
}

/// A settings error under the file's path: the key and rule, or the rule alone when it is about
/// the whole file (its field is the file's name, which the path already says).
fn settings_problem(e: &ValidationError) -> String {
    if e.field == "settings.json" {
        e.rule.clone()
    } else {
        e.to_string()
    }
}

pub type Result<T, E = ServiceError> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue 14: `Config` was a catch-all, so a full disk or a broken MCP transport exited the
    /// CLI with code 4 "configuration". Each cause has its own code now.
    #[test]
    fn only_configuration_is_a_configuration_error() {
        let full = ServiceError::Io {
            path: "x".into(),
            source: std::io::Error::from(std::io::ErrorKind::StorageFull),
        };
        assert_eq!(full.code(), "storage");
        assert_eq!(
            ServiceError::Internal("MCP transport: closed".into()).code(),
            "internal"
        );
        assert_eq!(ServiceError::Damaged("blob".into()).code(), "damaged");
        assert_eq!(
            ServiceError::Config("no home directory".into()).code(),
            "config"
        );
    }
}
