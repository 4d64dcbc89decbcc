//! The error a command returns to the UI: a stable machine-readable `code` and a readable message.

use serde::Serialize;
use valet_service::ServiceError;

/// Serialized as `{"code": "...", "message": "..."}` (see `ui/src/lib/api.ts`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CommandError {
    /// Stable identifier the UI can branch on: the facade's codes (`invalid`, `not_found`,
    /// `config`, `storage`) or `store_unavailable` when the store could not be opened.
    pub code: String,
    /// One sentence for people.
    pub message: String,
}

impl CommandError {
    /// An error with the given code and message.
    pub fn new(code: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            code: code.into(),
            message: message.into(),
        }
    }

    /// The store could not be opened.
    pub fn store_unavailable(error: &ServiceError) -> Self {
        Self::new(
            "store_unavailable",
            format!("The Valet store could not be opened: {error}"),
        )
    }
}

impl From<ServiceError> for CommandError {
    /// Keeps the facade's stable code (`invalid`, `not_found`, `config`, `storage`).
    fn from(error: ServiceError) -> Self {
        Self::new(error.code(), error.to_string())
    }
}

impl std::fmt::Display for CommandError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.code, self.message)
    }
}

impl std::error::Error for CommandError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_facade_code() {
        let error = CommandError::from(ServiceError::Config("no data dir".into()));
        assert_eq!(error.code, "config");
        assert_eq!(error.message, "configuration: no data dir");
    }

    #[test]
    fn serializes_as_code_and_message() {
        let json = serde_json::to_value(CommandError::new("service", "boom"));
        assert_eq!(
            json.ok(),
            Some(serde_json::json!({"code": "service", "message": "boom"}))
        );
    }
}
