//! The settings a person can change by name (`valet config set user.timezone Europe/Paris`):
//! each key's type and meaning, read and written on `settings.json` as JSON, checked before
//! anything is saved. Storage keys are shown but changed only by a migration (it moves the data).

use serde_json::{Map, Value};

use crate::error::ValidationError;
use crate::settings::Settings;

/// What a key holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyType {
    Text,
    Bool,
    /// A whole number in a range.
    Number(i64, i64),
    /// One of these words.
    OneOf(&'static [&'static str]),
    /// Shown, not set here.
    ReadOnly(&'static str),
}

/// One known setting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub name: &'static str,
    pub kind: KeyType,
    pub about: &'static str,
}

const MIGRATE: &str = "change where data lives with `valet migrate --to local|s3` (it moves the data) or in the app's Settings";

/// Every key, in the order `valet config` lists them.
pub const KEYS: &[Key] = &[
    Key {
        name: "user.name",
        kind: KeyType::Text,
        about: "your name, as the assistant greets you",
    },
    Key {
        name: "user.timezone",
        kind: KeyType::Text,
        about: "IANA time zone (Europe/Paris); unset: the system's",
    },
    Key {
        name: "planner.dayStartsAt",
        kind: KeyType::Text,
        about: "HH:MM before which it is still the day before (default 04:00)",
    },
    Key {
        name: "planner.nudgeAfter",
        kind: KeyType::Number(1, 30),
        about: "carries after which a task is flagged (default 3)",
    },
    Key {
        name: "reminders.default",
        kind: KeyType::Text,
        about: "a todo's reminder when given a time: at deadline, 30m before, none",
    },
    Key {
        name: "app.theme",
        kind: KeyType::OneOf(&["system", "light", "dark"]),
        about: "the app's theme",
    },
    Key {
        name: "app.quickAddShortcut",
        kind: KeyType::Text,
        about: "the global quick-add shortcut (CommandOrControl+Shift+Space)",
    },
    Key {
        name: "app.keepRunning",
        kind: KeyType::Bool,
        about: "keep running in the tray when the window closes (reminders fire)",
    },
    Key {
        name: "app.checkUpdatesAtStart",
        kind: KeyType::Bool,
        about: "look for an update when the app starts",
    },
    Key {
        name: "app.updateChannel",
        kind: KeyType::OneOf(&["stable", "beta"]),
        about: "which releases to offer",
    },
    Key {
        name: "app.mcpHttp",
        kind: KeyType::Bool,
        about: "the app serves MCP over HTTP on 127.0.0.1 (VS Code, Cursor); off by default",
    },
    Key {
        name: "app.mcpHttpPort",
        kind: KeyType::Number(1024, 65535),
        about: "the port of the app's MCP endpoint (default 7077)",
    },
    Key {
        name: "mcp.legacyTools",
        kind: KeyType::Bool,
        about:
            "MCP also lists valet_new_day and Valet 0.1's tool names, for prompts that name them",
    },
    Key {
        name: "storage.provider",
        kind: KeyType::ReadOnly(MIGRATE),
        about: "local or cloudflare (S3-compatible)",
    },
    Key {
        name: "storage.cloudflare.endpoint",
        kind: KeyType::ReadOnly(MIGRATE),
        about: "the S3 endpoint",
    },
    Key {
        name: "storage.cloudflare.bucketName",
        kind: KeyType::ReadOnly(MIGRATE),
        about: "the bucket",
    },
    Key {
        name: "storage.cloudflare.keyPrefix",
        kind: KeyType::ReadOnly(MIGRATE),
        about: "this person's prefix in the bucket",
    },
];

fn key(name: &str) -> Result<&'static Key, ValidationError> {
    KEYS.iter()
        .find(|k| k.name.eq_ignore_ascii_case(name.trim()))
        .ok_or_else(|| {
            let known: Vec<&str> = KEYS.iter().map(|k| k.name).collect();
            ValidationError::new(
                "key",
                format!("unknown setting {name:?}; known: {}", known.join(", ")),
            )
        })
}

fn path(k: &Key) -> Vec<&'static str> {
    k.name.split('.').collect()
}

/// A key's value in `settings` (`None` when unset).
pub fn get(settings: &Settings, name: &str) -> Result<Option<Value>, ValidationError> {
    let k = key(name)?;
    let v = serde_json::to_value(settings).unwrap_or(Value::Null);
    let mut at = &v;
    for p in path(k) {
        match at.get(p) {
            Some(next) => at = next,
            None => return Ok(None),
        }
    }
    Ok((!at.is_null()).then(|| at.clone()))
}

/// Every key with its value (`None`: unset).
pub fn list(settings: &Settings) -> Vec<(&'static Key, Option<Value>)> {
    KEYS.iter()
        .map(|k| (k, get(settings, k.name).ok().flatten()))
        .collect()
}

/// `settings` with `name` set to `text` (read by the key's type), or unset for `None`;
/// checked whole, so a bad value names the key and nothing is changed.
pub fn set(
    settings: &Settings,
    name: &str,
    text: Option<&str>,
) -> Result<Settings, ValidationError> {
    let k = key(name)?;
    let bad = |rule: String| ValidationError::new(k.name, rule);
    let value = match (k.kind, text) {
        (KeyType::ReadOnly(why), _) => return Err(bad(why.to_owned())),
        (_, None) => None,
        (KeyType::Text, Some(t)) => Some(Value::String(t.trim().to_owned())),
        (KeyType::Bool, Some(t)) => {
            Some(Value::Bool(match t.trim().to_ascii_lowercase().as_str() {
                "true" | "on" | "yes" | "1" => true,
                "false" | "off" | "no" | "0" => false,
                _ => return Err(bad(format!("must be true or false; got {t:?}"))),
            }))
        }
        (KeyType::Number(lo, hi), Some(t)) => match t.trim().parse::<i64>() {
            Ok(n) if (lo..=hi).contains(&n) => Some(Value::from(n)),
            _ => {
                return Err(bad(format!(
                    "must be a whole number from {lo} to {hi}; got {t:?}"
                )))
            }
        },
        (KeyType::OneOf(words), Some(t)) => {
            let w = t.trim().to_ascii_lowercase();
            match words.iter().find(|x| **x == w) {
                Some(x) => Some(Value::String((*x).to_owned())),
                None => {
                    return Err(bad(format!(
                        "must be one of {}; got {t:?}",
                        words.join(", ")
                    )))
                }
            }
        }
    };
    if let Some(Value::String(s)) = &value {
        if s.is_empty() {
            return Err(bad("must not be empty (use unset to remove it)".into()));
        }
    }
    let mut v = serde_json::to_value(settings).map_err(|e| bad(e.to_string()))?;
    let parts = path(k);
    let (last, parents) = parts
        .split_last()
        .ok_or_else(|| bad("is not a key".into()))?;
    let mut at = &mut v;
    for p in parents {
        let obj = match at {
            Value::Object(o) => o,
            other => {
                *other = Value::Object(Map::new());
                match other {
                    Value::Object(o) => o,
                    _ => return Err(bad("could not be set".into())),
                }
            }
        };
        at = obj
            .entry(p.to_string())
            .or_insert_with(|| Value::Object(Map::new()));
        if !at.is_object() {
            *at = Value::Object(Map::new());
        }
    }
    if let Value::Object(o) = at {
        match value {
            Some(x) => {
                o.insert(last.to_string(), x);
            }
            None => {
                o.remove(*last);
            }
        }
    }
    let next: Settings = serde_json::from_value(v).map_err(|e| bad(e.to_string()))?;
    next.validate()?;
    Ok(next)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case("user.timezone", "Europe/Paris", Ok(Value::from("Europe/Paris")))]
    #[case("USER.TIMEZONE", "Europe/Paris", Ok(Value::from("Europe/Paris")))]
    #[case("app.keepRunning", "on", Ok(Value::Bool(true)))]
    #[case("planner.nudgeAfter", "5", Ok(Value::from(5)))]
    #[case("app.theme", "Dark", Ok(Value::from("dark")))]
    #[case("user.timezone", "Mars/Olympus", Err("user.timezone:"))]
    #[case(
        "planner.nudgeAfter",
        "99",
        Err("planner.nudgeAfter: must be a whole number from 1 to 30; got \"99\"")
    )]
    #[case(
        "app.theme",
        "pink",
        Err("app.theme: must be one of system, light, dark; got \"pink\"")
    )]
    #[case(
        "app.keepRunning",
        "maybe",
        Err("app.keepRunning: must be true or false")
    )]
    #[case("reminders.default", "5 weeks before", Err("reminders.default:"))]
    #[case(
        "storage.provider",
        "local",
        Err("storage.provider: change where data lives")
    )]
    #[case("colour", "red", Err("key: unknown setting \"colour\""))]
    fn set_reads_by_type_and_names_the_key(
        #[case] name: &str,
        #[case] text: &str,
        #[case] want: Result<Value, &str>,
    ) {
        let got = set(&Settings::default(), name, Some(text));
        match (got, want) {
            (Ok(s), Ok(v)) => assert_eq!(get(&s, name).unwrap(), Some(v)),
            (Err(e), Err(w)) => assert!(e.to_string().starts_with(w), "{e}"),
            (got, want) => panic!("{got:?} vs {want:?}"),
        }
    }

    #[test]
    fn unset_removes_and_keeps_other_keys() {
        let s = set(&Settings::default(), "app.theme", Some("dark")).unwrap();
        let s = set(&s, "app.keepRunning", Some("true")).unwrap();
        let s = set(&s, "app.theme", None).unwrap();
        assert_eq!(get(&s, "app.theme").unwrap(), None);
        assert_eq!(get(&s, "app.keepRunning").unwrap(), Some(Value::Bool(true)));
        assert_eq!(list(&s).len(), KEYS.len());
    }
}
