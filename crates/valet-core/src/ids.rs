//! Record identifiers that come from outside (CLI, MCP, files) and end up in storage paths.
//!
//! Both types can only hold values that are safe as a path segment: a canonical UUID, or a
//! `YYYY-MM-DD` date. Parsing is the only way in, so `../` never reaches the store.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use uuid::Uuid;

use crate::error::ValidationError;

/// The id of a todo: a UUID (v7 for new todos; legacy todos keep their v4 ids).
#[derive(ts_rs::TS)]
#[ts(type = "string")]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TodoId(Uuid);

impl TodoId {
    /// A new time-ordered id (UUID v7) for the given Unix time in milliseconds.
    pub fn new_v7(unix_ms: u64, random: [u8; 10]) -> Self {
        // Time and randomness come in as arguments so this crate stays free of IO.
        let uuid = uuid::Builder::from_unix_timestamp_millis(unix_ms, &random).into_uuid();
        TodoId(uuid)
    }

    pub fn from_uuid(uuid: Uuid) -> Self {
        TodoId(uuid)
    }

    pub fn as_uuid(&self) -> &Uuid {
        &self.0
    }

    /// Parses an id given for `field`, accepting any UUID in its hyphenated form.
    pub fn parse(field: &str, s: &str) -> Result<Self, ValidationError> {
        let t = s.trim();
        if t.len() != 36 {
            return Err(ValidationError::new(
                field,
                format!("must be a todo id (a UUID like 0193c2a4-7b1e-7c3d-9f00-1a2b3c4d5e6f); got {s:?}"),
            ));
        }
        Uuid::try_parse(t).map(TodoId).map_err(|_| {
            ValidationError::new(
                field,
                format!("must be a todo id (a UUID like 0193c2a4-7b1e-7c3d-9f00-1a2b3c4d5e6f); got {s:?}"),
            )
        })
    }
}

impl fmt::Display for TodoId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.hyphenated().fmt(f)
    }
}

impl FromStr for TodoId {
    type Err = ValidationError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        TodoId::parse("id", s)
    }
}

impl Serialize for TodoId {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for TodoId {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        TodoId::parse("id", &s).map_err(serde::de::Error::custom)
    }
}

/// A calendar day, the id of plans, journals and archived days. Always `YYYY-MM-DD`.
#[derive(ts_rs::TS)]
#[ts(type = "string")]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DayDate(NaiveDate);

impl DayDate {
    pub fn new(date: NaiveDate) -> Self {
        DayDate(date)
    }

    pub fn date(&self) -> NaiveDate {
        self.0
    }

    /// Parses a strict `YYYY-MM-DD` date (years 1900-9999) given for `field`.
    pub fn parse(field: &str, s: &str) -> Result<Self, ValidationError> {
        let t = s.trim();
        let bad = || {
            ValidationError::new(
                field,
                format!("must be a date in the form YYYY-MM-DD (e.g. 2026-11-28); got {s:?}"),
            )
        };
        let b = t.as_bytes();
        if b.len() != 10
            || b[4] != b'-'
            || b[7] != b'-'
            || !t.chars().all(|c| c.is_ascii_digit() || c == '-')
        {
            return Err(bad());
        }
        let d = NaiveDate::parse_from_str(t, "%Y-%m-%d").map_err(|_| bad())?;
        if !(1900..=9999).contains(&d.year()) {
            return Err(ValidationError::new(
                field,
                format!("must be a year between 1900 and 9999; got {s:?}"),
            ));
        }
        Ok(DayDate(d))
    }

    pub fn pred(&self) -> Option<DayDate> {
        self.0.pred_opt().map(DayDate)
    }

    pub fn succ(&self) -> Option<DayDate> {
        self.0.succ_opt().map(DayDate)
    }
}

impl From<NaiveDate> for DayDate {
    fn from(d: NaiveDate) -> Self {
        DayDate(d)
    }
}

impl fmt::Display for DayDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.format("%Y-%m-%d"))
    }
}

impl FromStr for DayDate {
    type Err = ValidationError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        DayDate::parse("date", s)
    }
}

impl Serialize for DayDate {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for DayDate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        DayDate::parse("date", &s).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use rstest::rstest;

    #[rstest]
    #[case("2026-11-28", true)]
    #[case(" 2026-11-28 ", true)]
    #[case("2026-02-30", false)]
    #[case("2026-1-28", false)]
    #[case("../etc/pwd", false)]
    #[case("2026-11-28/..", false)]
    #[case("1899-12-31", false)]
    #[case("", false)]
    fn day_date_accepts_only_real_dates(#[case] input: &str, #[case] ok: bool) {
        assert_eq!(DayDate::parse("date", input).is_ok(), ok, "{input}");
    }

    #[test]
    fn todo_id_rejects_path_tricks_and_names_field() {
        let err = TodoId::parse("task.id", "../../x").unwrap_err();
        assert_eq!(err.field, "task.id");
        assert!(err.rule.contains("UUID"));
        assert!(TodoId::parse("id", "0193c2a4-7b1e-7c3d-9f00-1a2b3c4d5e6f").is_ok());
        assert!(TodoId::parse("id", "0193c2a47b1e7c3d9f001a2b3c4d5e6f").is_err());
    }

    #[test]
    fn new_v7_ids_sort_by_time() {
        let a = TodoId::new_v7(1_000, [9; 10]);
        let b = TodoId::new_v7(2_000, [0; 10]);
        assert!(a < b);
        assert_eq!(a.as_uuid().get_version_num(), 7);
    }

    proptest! {
        #[test]
        fn day_date_round_trips(days in 0i64..2_900_000) {
            let base = NaiveDate::from_ymd_opt(1900, 1, 1).unwrap();
            let d = DayDate(base + chrono::Duration::days(days % 2_900_000));
            if d.0.year() <= 9999 {
                prop_assert_eq!(DayDate::parse("date", &d.to_string()).unwrap(), d);
            }
        }

        #[test]
        fn parsed_ids_are_path_safe(s in "\\PC{0,40}") {
            if let Ok(id) = TodoId::parse("id", &s) {
                let text = id.to_string();
                prop_assert!(text.chars().all(|c| c.is_ascii_hexdigit() || c == '-'));
            }
            if let Ok(d) = DayDate::parse("date", &s) {
                prop_assert!(d.to_string().chars().all(|c| c.is_ascii_digit() || c == '-'));
            }
        }
    }
}
