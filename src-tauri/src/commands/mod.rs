//! The Tauri commands the UI calls, one thin module per area; each is granted to a window by a
//! capability in `src-tauri/capabilities/` (and declared in `src-tauri/permissions/`).

pub mod claude;
pub mod days;
pub mod insights;
pub mod mcp_http;
pub mod planner;
pub mod projects;
pub mod quick;
pub mod reminders;
pub mod settings;
pub mod sync;
pub mod todos;
pub mod transfer;
pub mod updates;

use crate::error::CommandError;
use valet_core::DayDate;

/// Reads an optional `YYYY-MM-DD` date sent by the UI (`None` or `""` means today).
pub fn parse_date(field: &str, date: Option<&str>) -> Result<Option<DayDate>, CommandError> {
    match date.map(str::trim).filter(|d| !d.is_empty()) {
        None => Ok(None),
        Some(d) => DayDate::parse(field, d)
            .map(Some)
            .map_err(|e| CommandError::new("invalid", e.to_string())),
    }
}
