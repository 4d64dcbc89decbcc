//! The audit trail: who changed which record, when, read from the replica's change log.
//!
//! Every change the store commits appends `{at, key, rev, op, by, changes}` to `.valet/changes.log`
//! (see `valet_store::changelog`); [`Valet::audit`] filters it by time, record and actor.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use valet_core::ValidationError;
use valet_store::changelog::{ChangeLog, LogOp};

use crate::error::Result;
use crate::valet::Valet;

/// Which changes to show. Empty means every change, newest first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditFilter {
    /// Only changes at or after this instant.
    pub since: Option<DateTime<Utc>>,
    /// Only changes to records whose key contains this text (a todo id or its last 8
    /// characters, a date, or a full key such as `todos/<id>.json`).
    pub record: Option<String>,
    /// Only changes by this actor: `app`, `cli`, `sync`, `import`, `mcp` (any client) or
    /// `mcp:<client>`. Case-insensitive.
    pub by: Option<String>,
    /// Most entries to return (the newest ones).
    pub limit: Option<usize>,
}

/// One change, as the audit trail shows it.
#[derive(ts_rs::TS, Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AuditEntry {
    pub at: DateTime<Utc>,
    /// The record's key relative to the store (`todos/<id>.json`, `plans/<date>.json`, ...).
    pub key: String,
    /// The record's kind (`todos`, `plans`, `journals`, `archive`) and id (uuid or date).
    pub kind: String,
    pub id: String,
    /// The record's revision after this change.
    #[ts(type = "number")]
    pub rev: u64,
    /// `put` or `delete`.
    pub op: String,
    /// Who: `app`, `cli`, `mcp:<client>`, `sync`, `import`.
    pub by: String,
    /// What changed, in words ("priority medium → high", "completed", "note added");
    /// "created" for a new record, empty for a delete or a change logged before Valet kept
    /// field changes.
    pub changes: Vec<String>,
}

impl AuditFilter {
    /// Reads `--since`: an RFC 3339 instant, or a day (a date or words such as "yesterday",
    /// "last monday", read against `today`): midnight of that day in `zone`.
    pub fn parse_since(
        field: &str,
        s: &str,
        zone: chrono_tz::Tz,
        today: NaiveDate,
    ) -> Result<DateTime<Utc>, ValidationError> {
        let s = s.trim();
        if let Ok(t) = DateTime::parse_from_rfc3339(s) {
            return Ok(t.with_timezone(&Utc));
        }
        let (date, _) = valet_core::dates::parse_due(field, s, today)?;
        date.and_hms_opt(0, 0, 0)
            .and_then(|m| m.and_local_timezone(zone).earliest())
            .map(|t| t.with_timezone(&Utc))
            .ok_or_else(|| ValidationError::new(field, format!("{date} has no midnight in {zone}")))
    }

    fn matches(&self, at: DateTime<Utc>, key: &str, by: &str) -> bool {
        if self.since.is_some_and(|s| at < s) {
            return false;
        }
        if let Some(r) = &self.record {
            if !key
                .to_ascii_lowercase()
                .contains(&r.trim().to_ascii_lowercase())
            {
                return false;
            }
        }
        if let Some(want) = &self.by {
            let want = want.trim().to_lowercase();
            let by = by.to_lowercase();
            if by != want && !by.starts_with(&format!("{want}:")) {
                return false;
            }
        }
        true
    }
}

fn split_key(key: &str) -> (String, String) {
    let (kind, file) = key.split_once('/').unwrap_or(("", key));
    let id = file.strip_suffix(".json").unwrap_or(file);
    (kind.to_owned(), id.to_owned())
}

impl Valet {
    /// The changes to this replica that match `filter`, newest first.
    pub async fn audit(&self, filter: &AuditFilter) -> Result<Vec<AuditEntry>> {
        let log = ChangeLog::new(self.store().change_log_path().to_path_buf());
        let (entries, _) = tokio::task::spawn_blocking(move || log.read_from(0))
            .await
            .map_err(|e| crate::ServiceError::Internal(format!("reading the change log: {e}")))??;
        let limit = filter.limit.unwrap_or(usize::MAX);
        Ok(entries
            .into_iter()
            .rev()
            .filter(|e| filter.matches(e.at, &e.key, &e.by))
            .take(limit)
            .map(|e| {
                let (kind, id) = split_key(&e.key);
                let changes = match e.op {
                    LogOp::Put if e.rev == 1 => vec!["created".to_owned()],
                    LogOp::Put => valet_core::changes::describe(&kind, &e.changes),
                    LogOp::Delete => Vec::new(),
                };
                AuditEntry {
                    changes,
                    at: e.at,
                    kind,
                    id,
                    key: e.key,
                    rev: e.rev,
                    op: match e.op {
                        LogOp::Put => "put".into(),
                        LogOp::Delete => "delete".into(),
                    },
                    by: e.by,
                }
            })
            .collect())
    }

    /// One record's history, newest first (`kind` is `todos`, `plans`, `journals` or
    /// `archive`; `id` the todo's full id or the day's date).
    pub async fn history(&self, kind: &str, id: &str) -> Result<Vec<AuditEntry>> {
        let key = format!("{kind}/{id}.json");
        let all = self
            .audit(&AuditFilter {
                record: Some(key.clone()),
                ..AuditFilter::default()
            })
            .await?;
        Ok(all.into_iter().filter(|e| e.key == key).collect())
    }

    /// A todo's history by its id or the start of it (`field` names the argument in errors),
    /// newest first.
    pub async fn todo_history(&self, field: &str, id: &str) -> Result<Vec<AuditEntry>> {
        let id = self.resolve_id(field, id).await?;
        self.history("todos", &id.to_string()).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn since_reads_an_instant_or_a_date_in_the_zone() {
        let paris = chrono_tz::Europe::Paris;
        let today = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
        assert_eq!(
            AuditFilter::parse_since("--since", "2026-11-28T14:00:00Z", paris, today).ok(),
            Some(Utc.with_ymd_and_hms(2026, 11, 28, 14, 0, 0).unwrap())
        );
        assert_eq!(
            AuditFilter::parse_since("--since", "2026-11-28", paris, today).ok(),
            Some(Utc.with_ymd_and_hms(2026, 11, 27, 23, 0, 0).unwrap())
        );
        assert_eq!(
            AuditFilter::parse_since("--since", "yesterday", paris, today).ok(),
            Some(Utc.with_ymd_and_hms(2026, 11, 28, 23, 0, 0).unwrap())
        );
        let err = AuditFilter::parse_since("--since", "whenever", paris, today).unwrap_err();
        assert!(err.to_string().contains("--since"), "{err}");
    }

    #[test]
    fn by_matches_an_actor_or_every_mcp_client() {
        let at = Utc.with_ymd_and_hms(2026, 11, 28, 14, 0, 0).unwrap();
        let f = |by: &str| AuditFilter {
            by: Some(by.into()),
            ..AuditFilter::default()
        };
        assert!(f("mcp").matches(at, "todos/a.json", "mcp:Claude"));
        assert!(f("mcp:claude").matches(at, "todos/a.json", "mcp:Claude"));
        assert!(!f("mcp:cursor").matches(at, "todos/a.json", "mcp:Claude"));
        assert!(!f("app").matches(at, "todos/a.json", "cli"));
        assert_eq!(split_key("todos/abc.json"), ("todos".into(), "abc".into()));
    }
}
