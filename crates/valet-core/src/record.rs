//! The on-disk envelope of every record: format version, kind, id, revision, hybrid logical
//! clock and tombstone around the record's data. Also where each record lives (its key).

use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

use crate::error::ValidationError;
use crate::ids::{DayDate, TodoId};
use crate::merge::Conflict;

/// The version of the record format this build writes. Readers accept this and older ones.
pub const FORMAT_VERSION: u32 = 1;

/// The kinds of record the store keeps, one folder each.
#[derive(
    ts_rs::TS, Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum RecordKind {
    Todo,
    Plan,
    Journal,
    Archive,
    /// A project or an area.
    Project,
}

impl RecordKind {
    pub const ALL: [RecordKind; 5] = [
        RecordKind::Todo,
        RecordKind::Plan,
        RecordKind::Journal,
        RecordKind::Archive,
        RecordKind::Project,
    ];

    /// The folder that holds this kind, relative to the store root.
    pub fn dir(self) -> &'static str {
        match self {
            RecordKind::Todo => "todos",
            RecordKind::Plan => "plans",
            RecordKind::Journal => "journals",
            RecordKind::Archive => "archive",
            RecordKind::Project => "projects",
        }
    }

    /// Reads a kind's name (`todo`, `plan`, `journal`, `archive`; plurals too) given for `field`.
    pub fn parse_name(field: &str, s: &str) -> Result<RecordKind, crate::ValidationError> {
        let lower = s.trim().to_ascii_lowercase();
        RecordKind::ALL
            .into_iter()
            .find(|k| k.as_str() == lower || k.dir() == lower)
            .ok_or_else(|| {
                crate::ValidationError::new(
                    field,
                    format!("must be one of todo, plan, journal, archive, project; got {s:?}"),
                )
            })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            RecordKind::Todo => "todo",
            RecordKind::Plan => "plan",
            RecordKind::Journal => "journal",
            RecordKind::Archive => "archive",
            RecordKind::Project => "project",
        }
    }
}

impl fmt::Display for RecordKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Which record: its kind and id. Only built from validated ids, so its path is always safe.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RecordKey {
    kind: RecordKind,
    id: String,
}

impl RecordKey {
    pub fn todo(id: TodoId) -> Self {
        RecordKey {
            kind: RecordKind::Todo,
            id: id.to_string(),
        }
    }

    pub fn project(id: crate::ProjectId) -> Self {
        RecordKey {
            kind: RecordKind::Project,
            id: id.to_string(),
        }
    }

    pub fn day(kind: RecordKind, date: DayDate) -> Self {
        debug_assert!(kind != RecordKind::Todo && kind != RecordKind::Project);
        RecordKey {
            kind,
            id: date.to_string(),
        }
    }

    pub fn kind(&self) -> RecordKind {
        self.kind
    }

    pub fn id(&self) -> &str {
        &self.id
    }

    /// The record's path relative to the store root, e.g. `todos/<uuid>.json`.
    pub fn path(&self) -> String {
        format!("{}/{}.json", self.kind.dir(), self.id)
    }

    /// Reads a key back from a path relative to the store root; `None` for anything that is
    /// not exactly a record path (foreign files, temp files, `../` tricks).
    pub fn from_path(path: &str) -> Option<RecordKey> {
        let (dir, file) = path.split_once('/')?;
        let stem = file.strip_suffix(".json")?;
        let kind = RecordKind::ALL.into_iter().find(|k| k.dir() == dir)?;
        let key = match kind {
            RecordKind::Todo => RecordKey::todo(TodoId::parse("id", stem).ok()?),
            RecordKind::Project => RecordKey::project(crate::ProjectId::parse("id", stem).ok()?),
            _ => RecordKey::day(kind, DayDate::parse("date", stem).ok()?),
        };
        // Only the canonical spelling counts, so one record never has two files.
        (key.path() == path).then_some(key)
    }
}

impl fmt::Display for RecordKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.kind, self.id)
    }
}

/// A hybrid logical clock reading: wall time in ms, a counter for events in the same ms, and
/// the device that made it. Orders changes across devices even when their clocks disagree.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Hlc {
    pub ms: u64,
    pub counter: u32,
    pub node: String,
}

impl Hlc {
    /// The next reading after `prev` (if any) on `node` at wall time `now_ms`: never earlier than
    /// `prev`, even when the wall clock went back.
    pub fn tick(prev: Option<&Hlc>, now_ms: u64, node: &str) -> Hlc {
        match prev {
            Some(p) if p.ms >= now_ms => Hlc {
                ms: p.ms,
                counter: p.counter.saturating_add(1),
                node: node.to_owned(),
            },
            _ => Hlc {
                ms: now_ms,
                counter: 0,
                node: node.to_owned(),
            },
        }
    }
}

impl Ord for Hlc {
    fn cmp(&self, other: &Self) -> Ordering {
        (self.ms, self.counter, &self.node).cmp(&(other.ms, other.counter, &other.node))
    }
}

impl PartialOrd for Hlc {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for Hlc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:015}-{:08x}-{}", self.ms, self.counter, self.node)
    }
}

impl FromStr for Hlc {
    type Err = ValidationError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || {
            ValidationError::new(
                "clock",
                format!("must look like 001764349200123-00000000-node; got {s:?}"),
            )
        };
        let mut parts = s.splitn(3, '-');
        let ms = parts.next().and_then(|p| p.parse().ok()).ok_or_else(bad)?;
        let counter = parts
            .next()
            .and_then(|p| u32::from_str_radix(p, 16).ok())
            .ok_or_else(bad)?;
        let node = parts.next().filter(|n| !n.is_empty()).ok_or_else(bad)?;
        Ok(Hlc {
            ms,
            counter,
            node: node.to_owned(),
        })
    }
}

impl Serialize for Hlc {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Hlc {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d)?
            .parse()
            .map_err(serde::de::Error::custom)
    }
}

/// A stored record: metadata that sync needs around the record's data. A deleted record keeps
/// its envelope (a tombstone, `deleted: true`, no data) so the delete can travel to other devices.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Envelope<T> {
    pub format: u32,
    pub kind: RecordKind,
    pub id: String,
    /// Starts at 1 and grows by one with every write of this record.
    pub rev: u64,
    pub clock: Hlc,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub deleted: bool,
    /// The clock of the last change to each top-level field of `data`, where it differs from
    /// `clock` (sync merges field by field with them).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub field_clocks: BTreeMap<String, Hlc>,
    /// Versions of text that lost a concurrent edit on another device, kept for a person to see.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conflicts: Vec<Conflict>,
    #[serde(default = "Option::default", skip_serializing_if = "Option::is_none")]
    pub data: Option<T>,
}

/// Why stored bytes are not a usable record.
#[derive(Debug, thiserror::Error)]
pub enum DecodeError {
    #[error("not valid JSON: {0}")]
    Json(#[source] serde_json::Error),
    #[error("written by a newer Valet (format {0}, this one reads up to {FORMAT_VERSION})")]
    NewerFormat(u32),
    #[error("the envelope says {found} but the file is {expected}")]
    WrongKey { expected: String, found: String },
    #[error("the record data does not fit: {0}")]
    Data(#[source] serde_json::Error),
    #[error("the record data breaks a rule: {0}")]
    Invalid(#[source] ValidationError),
    #[error("the envelope has no data and is not a tombstone")]
    Empty,
}

impl<T: Serialize + DeserializeOwned> Envelope<T> {
    /// Decodes bytes stored under `key`, checking the format version and that the envelope is
    /// the record its path says it is.
    pub fn decode(key: &RecordKey, bytes: &[u8]) -> Result<Envelope<T>, DecodeError> {
        let raw: Envelope<Value> = serde_json::from_slice(bytes).map_err(DecodeError::Json)?;
        if raw.format > FORMAT_VERSION {
            return Err(DecodeError::NewerFormat(raw.format));
        }
        if raw.kind != key.kind() || raw.id != key.id() {
            return Err(DecodeError::WrongKey {
                expected: key.to_string(),
                found: format!("{}/{}", raw.kind, raw.id),
            });
        }
        if raw.rev == u64::MAX {
            // The next write could not number itself.
            return Err(DecodeError::Invalid(ValidationError::new(
                "rev",
                format!("must be less than {}; got {}", u64::MAX, raw.rev),
            )));
        }
        let data = match raw.data {
            Some(v) if !raw.deleted => {
                // The data must be the record its path names too, or an edit of "this id"
                // would write another record.
                let field = if key.kind() == RecordKind::Todo {
                    "id"
                } else {
                    "date"
                };
                if let Some(inner) = v.get(field).and_then(Value::as_str) {
                    if inner != key.id() {
                        return Err(DecodeError::Invalid(ValidationError::new(
                            format!("data.{field}"),
                            format!("must be {:?} (the file name); got {inner:?}", key.id()),
                        )));
                    }
                }
                Some(serde_json::from_value(v).map_err(DecodeError::Data)?)
            }
            None if !raw.deleted => return Err(DecodeError::Empty),
            _ => None,
        };
        Ok(Envelope {
            format: raw.format,
            kind: raw.kind,
            id: raw.id,
            rev: raw.rev,
            clock: raw.clock,
            deleted: raw.deleted,
            field_clocks: raw.field_clocks,
            conflicts: raw.conflicts,
            data,
        })
    }

    /// The bytes to store: pretty JSON with a final newline, readable and diffable by a person.
    pub fn encode(&self) -> Result<Vec<u8>, serde_json::Error> {
        let mut v = serde_json::to_vec_pretty(self)?;
        v.push(b'\n');
        Ok(v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use rstest::rstest;

    #[rstest]
    #[case("todos/0193c2a4-7b1e-7c3d-9f00-1a2b3c4d5e6f.json", true)]
    #[case("plans/2026-11-28.json", true)]
    #[case("archive/2026-11-28.json", true)]
    #[case("todos/0193C2A4-7B1E-7C3D-9F00-1A2B3C4D5E6F.json", false)]
    #[case("plans/../settings.json", false)]
    #[case("plans/2026-11-28.json.tmp", false)]
    #[case("notes/2026-11-28.json", false)]
    #[case("plans/sub/2026-11-28.json", false)]
    fn only_canonical_record_paths_are_keys(#[case] path: &str, #[case] ok: bool) {
        assert_eq!(RecordKey::from_path(path).is_some(), ok, "{path}");
    }

    #[test]
    fn hlc_never_goes_back_when_the_wall_clock_does() {
        let a = Hlc::tick(None, 1_000, "a");
        let b = Hlc::tick(Some(&a), 900, "a");
        assert!(b > a);
        assert_eq!((b.ms, b.counter), (1_000, 1));
        let c = Hlc::tick(Some(&b), 2_000, "a");
        assert_eq!((c.ms, c.counter), (2_000, 0));
    }

    #[test]
    fn decode_refuses_a_newer_format_and_a_moved_record() {
        let key = RecordKey::from_path("plans/2026-11-28.json").unwrap();
        let newer = br#"{"format": 99, "kind": "plan", "id": "2026-11-28", "rev": 1, "clock": "000000000000001-00000000-x", "data": {}}"#;
        assert!(matches!(
            Envelope::<Value>::decode(&key, newer),
            Err(DecodeError::NewerFormat(99))
        ));
        let moved = br#"{"format": 1, "kind": "plan", "id": "2026-11-27", "rev": 1, "clock": "000000000000001-00000000-x", "data": {}}"#;
        assert!(matches!(
            Envelope::<Value>::decode(&key, moved),
            Err(DecodeError::WrongKey { .. })
        ));
    }

    proptest! {
        #[test]
        fn hlc_text_round_trips_and_keeps_order(a in 0u64..1u64<<48, b in 0u64..1u64<<48, ca in 0u32..9999, cb in 0u32..9999) {
            let x = Hlc { ms: a, counter: ca, node: "n1".into() };
            let y = Hlc { ms: b, counter: cb, node: "n1".into() };
            prop_assert_eq!(x.to_string().parse::<Hlc>().unwrap(), x.clone());
            prop_assert_eq!(x.cmp(&y), x.to_string().cmp(&y.to_string()));
        }
    }
}
