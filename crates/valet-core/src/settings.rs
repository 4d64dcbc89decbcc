//! `settings.json`: the storage profile (never secrets), the user's name and zone, routine flags
//! and preferences. Keys this version does not know are kept verbatim, at every level.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::error::ValidationError;
use crate::time::parse_zone;

/// The bucket name used when neither settings nor `CLOUDFLARE_R2_BUCKET_NAME` give one.
pub const DEFAULT_BUCKET: &str = "mcp-server-valet-storage";
/// The region used when neither settings nor `CLOUDFLARE_R2_REGION` give one.
pub const DEFAULT_REGION: &str = "auto";

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Settings {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub storage: Option<StorageSettings>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user: Option<UserSettings>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub planner: Option<PlannerSettings>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reminders: Option<ReminderSettings>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// How reminders behave.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReminderSettings {
    /// The reminder a todo gets when it is given a deadline time and has none of its own:
    /// `at deadline` (the default), `<N>m before`, `<N>h before`, or `none`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<String>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// How the day planner behaves.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PlannerSettings {
    /// `HH:MM`: before this local time it is still the day before (a late night is not a new
    /// day); default 04:00.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub day_starts_at: Option<String>,
    /// A task carried over this many times is offered "schedule later / drop / make a todo".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nudge_after: Option<u32>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// When a day starts if settings do not say.
pub const DEFAULT_DAY_START: (u32, u32) = (4, 0);
/// Carries after which a task is offered other homes, if settings do not say.
pub const DEFAULT_NUDGE_AFTER: u32 = 3;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StorageSettings {
    /// `local` (the default) or `cloudflare-r2` (any S3-compatible service).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cloudflare: Option<CloudflareSettings>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub local: Option<LocalSettings>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CloudflareSettings {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub endpoint: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bucket_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_prefix: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enable_sync: Option<bool>,
    /// Seconds between sync polls.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sync_interval: Option<u64>,
    /// Encrypt everything sync writes to the bucket (passphrase from `VALET_SYNC_PASSPHRASE`
    /// or the app's keychain; never stored in settings).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encrypt: Option<bool>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LocalSettings {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_path: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enable_backup: Option<bool>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UserSettings {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// An IANA zone; "today" is computed in it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timezone: Option<String>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Which backend the settings ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Provider {
    Local,
    CloudflareR2,
}

impl Settings {
    /// Parses settings text, naming the field of any type error (`storage.cloudflare.syncInterval`).
    pub fn from_json(text: &str) -> Result<Settings, ValidationError> {
        let value: Value = serde_json::from_str(text).map_err(|e| {
            // Nothing can run on guessed settings (they say where the data is and how it
            // syncs), so the message says how to get going again.
            ValidationError::new(
                "settings.json",
                format!(
                    "must be valid JSON ({e}); nothing was read or changed: fix it in a text \
                     editor, or move it away to start from the default settings"
                ),
            )
        })?;
        if !value.is_object() {
            return Err(ValidationError::new(
                "settings.json",
                "must be a JSON object",
            ));
        }
        // The key path of a wrong value (`user.timezone`), so the message says what to fix.
        let s: Settings = serde_path_to_error::deserialize(value).map_err(|e| {
            let path = e.path().to_string();
            let field = if path.is_empty() || path == "." {
                "settings.json".to_owned()
            } else {
                path
            };
            ValidationError::new(
                field,
                format!(
                    "has the wrong type: {}",
                    crate::error::plain_serde_message(&e.inner().to_string())
                ),
            )
        })?;
        s.validate()?;
        Ok(s)
    }

    pub fn provider(&self) -> Provider {
        match self.storage.as_ref().and_then(|s| s.provider.as_deref()) {
            Some("cloudflare-r2") | Some("s3") | Some("r2") => Provider::CloudflareR2,
            _ => Provider::Local,
        }
    }

    /// The local time a new day starts (`planner.dayStartsAt`, default 04:00).
    pub fn day_starts_at(&self) -> chrono::NaiveTime {
        let (h, m) = DEFAULT_DAY_START;
        let default = chrono::NaiveTime::from_hms_opt(h, m, 0).unwrap_or(chrono::NaiveTime::MIN);
        self.planner
            .as_ref()
            .and_then(|p| p.day_starts_at.as_deref())
            .and_then(|t| crate::todo::parse_time("planner.dayStartsAt", t).ok())
            .unwrap_or(default)
    }

    /// `planner.nudgeAfter`, default 3.
    pub fn nudge_after(&self) -> u32 {
        self.planner
            .as_ref()
            .and_then(|p| p.nudge_after)
            .unwrap_or(DEFAULT_NUDGE_AFTER)
    }

    /// The reminders a newly timed todo gets (`reminders.default`, default "at deadline").
    pub fn default_reminders(&self) -> Vec<crate::reminders::Reminder> {
        use crate::reminders::Reminder;
        match self.reminders.as_ref().and_then(|r| r.default.as_deref()) {
            None => vec![Reminder::AtDeadline],
            Some(t) => parse_default_reminder(t).unwrap_or_default(),
        }
    }

    /// `mcp.legacyTools`: the MCP server also lists the tools whose jobs others do (the legacy
    /// `valet_new_day`, Valet 0.1's names), for prompts that name them; default false.
    pub fn mcp_legacy_tools(&self) -> bool {
        self.extra
            .get("mcp")
            .and_then(|m| m.get("legacyTools"))
            .and_then(Value::as_bool)
            .unwrap_or(false)
    }

    pub fn timezone(&self) -> Option<&str> {
        self.user.as_ref().and_then(|u| u.timezone.as_deref())
    }

    /// Whether sync encrypts what it writes to the bucket (`storage.cloudflare.encrypt`).
    pub fn sync_encrypted(&self) -> bool {
        self.storage
            .as_ref()
            .and_then(|s| s.cloudflare.as_ref())
            .and_then(|c| c.encrypt)
            .unwrap_or(false)
    }

    /// Checks every value with a meaning; errors name the field and the rule.
    pub fn validate(&self) -> Result<(), ValidationError> {
        if let Some(tz) = self.timezone() {
            parse_zone("user.timezone", tz)?;
        }
        if let Some(p) = &self.planner {
            if let Some(t) = p.day_starts_at.as_deref() {
                let at = crate::todo::parse_time("planner.dayStartsAt", t)?;
                if at > chrono::NaiveTime::from_hms_opt(12, 0, 0).unwrap_or(chrono::NaiveTime::MIN)
                {
                    return Err(ValidationError::new(
                        "planner.dayStartsAt",
                        format!("must be a time from 00:00 to 12:00; got {t:?}"),
                    ));
                }
            }
            if let Some(n) = p.nudge_after {
                if !(1..=30).contains(&n) {
                    return Err(ValidationError::new(
                        "planner.nudgeAfter",
                        format!("must be a number of carries from 1 to 30; got {n}"),
                    ));
                }
            }
        }
        if let Some(t) = self.reminders.as_ref().and_then(|r| r.default.as_deref()) {
            parse_default_reminder(t)?;
        }
        let Some(st) = &self.storage else {
            return Ok(());
        };
        if let Some(p) = st.provider.as_deref() {
            if !matches!(p, "local" | "cloudflare-r2" | "s3" | "r2") {
                return Err(ValidationError::new(
                    "storage.provider",
                    format!("must be one of local, cloudflare-r2; got {p:?}"),
                ));
            }
        }
        if let Some(cf) = &st.cloudflare {
            if let Some(e) = cf.endpoint.as_deref() {
                check_endpoint("storage.cloudflare.endpoint", e)?;
            }
            if let Some(b) = cf.bucket_name.as_deref() {
                check_bucket("storage.cloudflare.bucketName", b)?;
            }
            if let Some(p) = cf.key_prefix.as_deref() {
                check_key_prefix("storage.cloudflare.keyPrefix", p)?;
            }
            if let Some(i) = cf.sync_interval {
                if !(5..=86_400).contains(&i) {
                    return Err(ValidationError::new(
                        "storage.cloudflare.syncInterval",
                        format!("must be a number of seconds from 5 to 86400; got {i}"),
                    ));
                }
            }
        }
        Ok(())
    }
}

/// `reminders.default`: none, or a reminder relative to the deadline.
fn parse_default_reminder(t: &str) -> Result<Vec<crate::reminders::Reminder>, ValidationError> {
    use crate::reminders::Reminder;
    const FIELD: &str = "reminders.default";
    if ["none", ""].contains(&t.trim()) {
        return Ok(Vec::new());
    }
    let anchor = chrono::NaiveDate::from_ymd_opt(2000, 1, 1).unwrap_or(chrono::NaiveDate::MIN);
    match Reminder::parse(FIELD, t, anchor)? {
        r @ (Reminder::AtDeadline | Reminder::Before(_)) => Ok(vec![r]),
        _ => Err(ValidationError::new(
            FIELD,
            format!("must be none, \"at deadline\" or a time before the deadline such as \"30m before\"; got {t:?}"),
        )),
    }
}

/// Checks an S3 endpoint URL (`https://<account>.r2.cloudflarestorage.com`, or http for a local server).
pub fn check_endpoint(field: &str, e: &str) -> Result<(), ValidationError> {
    let ok = (e.starts_with("https://") || e.starts_with("http://"))
        && e.len() > 8
        && !e.chars().any(char::is_whitespace);
    if ok {
        Ok(())
    } else {
        Err(ValidationError::new(
            field,
            format!("must be an http(s) URL such as https://ACCOUNT.r2.cloudflarestorage.com; got {e:?}"),
        ))
    }
}

/// Checks a bucket name by the S3 rules: 3-63 lowercase letters, digits, dots and hyphens.
pub fn check_bucket(field: &str, b: &str) -> Result<(), ValidationError> {
    let ok = (3..=63).contains(&b.len())
        && b.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '.')
        && b.starts_with(|c: char| c.is_ascii_alphanumeric())
        && b.ends_with(|c: char| c.is_ascii_alphanumeric());
    if ok {
        Ok(())
    } else {
        Err(ValidationError::new(
            field,
            format!("must be 3-63 lowercase letters, digits, '.' or '-', starting and ending with a letter or digit; got {b:?}"),
        ))
    }
}

/// Checks a key prefix: path segments of letters, digits, `-`, `_`, `.`; no `..`, no leading `/`.
pub fn check_key_prefix(field: &str, p: &str) -> Result<(), ValidationError> {
    let trimmed = p.trim_end_matches('/');
    let ok = !p.starts_with('/')
        && trimmed.split('/').all(|seg| {
            !seg.is_empty()
                && seg != "."
                && seg != ".."
                && seg
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        });
    if ok || p.is_empty() {
        Ok(())
    } else {
        Err(ValidationError::new(
            field,
            format!("must be path segments of letters, digits, '-', '_' or '.' separated by '/', without '..' or a leading '/'; got {p:?}"),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[test]
    fn original_plan_schema_is_accepted_and_unknown_keys_kept() {
        let text = r#"{
          "storage": {"provider": "cloudflare-r2",
            "cloudflare": {"endpoint": "https://acc.r2.cloudflarestorage.com", "bucketName": "my-bucket",
                           "keyPrefix": "users/alice", "enableSync": true, "syncInterval": 30, "future": 1},
            "local": {"dataPath": "/tmp/x", "enableBackup": true}},
          "user": {"name": "Alice", "timezone": "Europe/Paris", "pronouns": "she"},
          "daily_routine": {"morning_briefing": true}
        }"#;
        let s = Settings::from_json(text).unwrap();
        assert_eq!(s.provider(), Provider::CloudflareR2);
        assert_eq!(s.timezone(), Some("Europe/Paris"));
        let back = serde_json::to_value(&s).unwrap();
        assert_eq!(back["storage"]["cloudflare"]["future"], 1);
        assert_eq!(back["user"]["pronouns"], "she");
        assert_eq!(back["daily_routine"]["morning_briefing"], true);
    }

    #[rstest]
    #[case(r#"{"storage": {"provider": "dropbox"}}"#, "storage.provider")]
    #[case(
        r#"{"storage": {"cloudflare": {"bucketName": "Bad_Bucket"}}}"#,
        "storage.cloudflare.bucketName"
    )]
    #[case(
        r#"{"storage": {"cloudflare": {"keyPrefix": "../other"}}}"#,
        "storage.cloudflare.keyPrefix"
    )]
    #[case(
        r#"{"storage": {"cloudflare": {"endpoint": "ftp://x"}}}"#,
        "storage.cloudflare.endpoint"
    )]
    #[case(
        r#"{"storage": {"cloudflare": {"syncInterval": 1}}}"#,
        "storage.cloudflare.syncInterval"
    )]
    #[case(r#"{"user": {"timezone": "Mars/Base"}}"#, "user.timezone")]
    #[case(r#"{"reminders": {"default": "9am"}}"#, "reminders.default")]
    #[case(r#"{"reminders": {"default": "whenever"}}"#, "reminders.default")]
    // Audit: a value of the wrong type named only settings.json.
    #[case(r#"{"user": {"timezone": 5}}"#, "user.timezone")]
    #[case(r#"{"reminders": {"default": 7}}"#, "reminders.default")]
    #[case(r#"[1]"#, "settings.json")]
    #[case(r#"{"#, "settings.json")]
    fn bad_settings_name_the_field(#[case] text: &str, #[case] field: &str) {
        assert_eq!(Settings::from_json(text).unwrap_err().field, field);
    }
}
