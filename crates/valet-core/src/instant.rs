//! Reading stored instants fast: the RFC 3339 form Valet writes ("2026-11-30T09:00:00Z",
//! "...00.123Z") is read directly, anything else by chrono's own (relaxed) parser. chrono's
//! general parser took a fifth of a cold CLI start on 10,000 todos (callgrind, issue 18).

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime, TimeZone, Utc};
use serde::de::{self, Deserializer, Visitor};

/// Parses an instant as chrono's `FromStr` for `DateTime<FixedOffset>` would, in UTC.
pub fn parse(s: &str) -> Result<DateTime<Utc>, chrono::ParseError> {
    match canonical(s) {
        Some(t) => Ok(t),
        None => s
            .parse::<DateTime<FixedOffset>>()
            .map(|d| d.with_timezone(&Utc)),
    }
}

/// `YYYY-MM-DDTHH:MM:SS[.f{1,9}]Z` only; `None` sends the text to chrono.
fn canonical(s: &str) -> Option<DateTime<Utc>> {
    let b = s.as_bytes();
    if b.len() < 20 || b.last() != Some(&b'Z') {
        return None;
    }
    let seps = [(4, b'-'), (7, b'-'), (10, b'T'), (13, b':'), (16, b':')];
    if seps.iter().any(|&(i, c)| b[i] != c) {
        return None;
    }
    let num = |from: usize, to: usize| -> Option<u32> {
        b[from..to].iter().try_fold(0u32, |n, &c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    let frac = &b[19..b.len() - 1];
    let nanos = match frac {
        [] => 0,
        [b'.', digits @ ..] if (1..=9).contains(&digits.len()) => {
            let n = num(20, b.len() - 1)?;
            n * 10u32.pow(9 - digits.len() as u32)
        }
        _ => return None,
    };
    let year = i32::try_from(num(0, 4)?).ok()?;
    let date = NaiveDate::from_ymd_opt(year, num(5, 7)?, num(8, 10)?)?;
    // A leap second (":60") is left to chrono.
    let time = NaiveTime::from_hms_nano_opt(num(11, 13)?, num(14, 16)?, num(17, 19)?, nanos)?;
    Some(Utc.from_utc_datetime(&date.and_time(time)))
}

struct InstantVisitor;

impl Visitor<'_> for InstantVisitor {
    type Value = DateTime<Utc>;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("an RFC 3339 date and time")
    }

    fn visit_str<E: de::Error>(self, s: &str) -> Result<Self::Value, E> {
        parse(s).map_err(E::custom)
    }
}

/// `#[serde(deserialize_with = "instant::de")]` for a `DateTime<Utc>`.
pub fn de<'de, D: Deserializer<'de>>(d: D) -> Result<DateTime<Utc>, D::Error> {
    d.deserialize_str(InstantVisitor)
}

/// The same for an `Option<DateTime<Utc>>` (with `#[serde(default)]`).
pub fn de_option<'de, D: Deserializer<'de>>(d: D) -> Result<Option<DateTime<Utc>>, D::Error> {
    struct OptionVisitor;
    impl<'de> Visitor<'de> for OptionVisitor {
        type Value = Option<DateTime<Utc>>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("null or an RFC 3339 date and time")
        }
        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            de(d).map(Some)
        }
    }
    d.deserialize_option(OptionVisitor)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use rstest::rstest;

    #[rstest]
    #[case("2026-11-30T09:00:00Z")]
    #[case("2026-11-30T09:00:00.123Z")]
    #[case("2026-11-30T09:00:00.000000001Z")]
    #[case("2026-11-30T09:00:00+02:00")]
    #[case("2026-11-30t09:00:00z")]
    #[case("2026-11-30 09:00:00Z")]
    #[case("2016-12-31T23:59:60Z")]
    #[case("2026-02-30T09:00:00Z")]
    #[case("2026-11-30T24:00:00Z")]
    #[case("2026-11-30T09:00:00.Z")]
    #[case("2026-11-30T09:00:00.1234567890Z")]
    #[case("+2026-11-30T09:00:00Z")]
    #[case("")]
    fn reads_every_text_as_chrono_does(#[case] s: &str) {
        let chrono = s
            .parse::<DateTime<FixedOffset>>()
            .map(|d| d.with_timezone(&Utc));
        assert_eq!(parse(s).ok(), chrono.ok(), "{s:?}");
    }

    proptest! {
        #[test]
        fn what_valet_writes_reads_back_the_same(ms in 0i64..8_000_000_000_000, nanos in 0u32..1_000_000_000) {
            let t = DateTime::from_timestamp_millis(ms).unwrap();
            let t = t.with_timezone(&Utc) + chrono::Duration::nanoseconds(i64::from(nanos % 1_000_000));
            let written = serde_json::to_string(&t).unwrap();
            let mut d = serde_json::Deserializer::from_str(&written);
            prop_assert_eq!(de(&mut d).unwrap(), t);
        }

        #[test]
        fn any_text_reads_as_chrono_reads_it(s in "[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{0,10})?(Z|z|[+-][0-9]{2}:[0-9]{2})") {
            let chrono = s.parse::<DateTime<FixedOffset>>().map(|d| d.with_timezone(&Utc));
            prop_assert_eq!(parse(&s).ok(), chrono.ok());
        }
    }
}
