//! "Today" in the user's own time zone (the legacy server used the UTC date, which put a
//! late-evening entry west of UTC into tomorrow's file).

use chrono::{DateTime, Duration, NaiveDate, Utc};
use chrono_tz::Tz;

use crate::error::ValidationError;

/// Parses an IANA zone name (e.g. `Europe/Paris`) given for `field`.
pub fn parse_zone(field: &str, name: &str) -> Result<Tz, ValidationError> {
    name.trim().parse::<Tz>().map_err(|_| {
        ValidationError::new(
            field,
            format!(
                "must be an IANA time zone such as Europe/Paris or America/New_York; got {name:?}"
            ),
        )
    })
}

/// Where the zone in use came from, for status output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ZoneSource {
    Settings,
    Os,
    Fallback,
}

/// Picks the user's zone: the settings' zone when valid, else the OS zone, else UTC.
pub fn resolve_zone(settings: Option<&str>, os: Option<&str>) -> (Tz, ZoneSource) {
    if let Some(tz) = settings.and_then(|s| parse_zone("user.timezone", s).ok()) {
        return (tz, ZoneSource::Settings);
    }
    if let Some(tz) = os.and_then(|s| parse_zone("os", s).ok()) {
        return (tz, ZoneSource::Os);
    }
    (Tz::UTC, ZoneSource::Fallback)
}

/// The calendar facts a query needs, fixed at one instant in one zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Today {
    pub date: NaiveDate,
    pub zone: Tz,
}

impl Today {
    pub fn at(now: DateTime<Utc>, zone: Tz) -> Self {
        Today {
            date: now.with_timezone(&zone).date_naive(),
            zone,
        }
    }

    /// The last day of "this week" for due filters: the next seven days, today included
    /// (what Todoist calls "Next 7 days"; overdue todos are not part of it).
    pub fn week_end(&self) -> NaiveDate {
        self.date + Duration::days(6)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use rstest::rstest;

    #[rstest]
    // 03:30 UTC on the 29th is still the evening of the 28th in New York.
    #[case("America/New_York", 2026, 11, 29, 3, 30, "2026-11-28")]
    #[case("Europe/Paris", 2026, 11, 28, 23, 30, "2026-11-29")]
    #[case("Asia/Tokyo", 2026, 11, 28, 14, 59, "2026-11-28")]
    #[case("Asia/Tokyo", 2026, 11, 28, 15, 0, "2026-11-29")]
    #[case("UTC", 2026, 11, 28, 23, 59, "2026-11-28")]
    fn today_is_computed_in_the_users_zone(
        #[case] zone: &str,
        #[case] y: i32,
        #[case] m: u32,
        #[case] d: u32,
        #[case] h: u32,
        #[case] min: u32,
        #[case] want: &str,
    ) {
        let now = Utc.with_ymd_and_hms(y, m, d, h, min, 0).unwrap();
        let today = Today::at(now, parse_zone("tz", zone).unwrap());
        assert_eq!(today.date.to_string(), want);
    }

    #[test]
    fn zone_resolution_prefers_settings_then_os() {
        assert_eq!(
            resolve_zone(Some("Europe/Paris"), Some("Asia/Tokyo")).1,
            ZoneSource::Settings
        );
        assert_eq!(
            resolve_zone(Some("Mars/Olympus"), Some("Asia/Tokyo")).1,
            ZoneSource::Os
        );
        assert_eq!(resolve_zone(None, None), (Tz::UTC, ZoneSource::Fallback));
    }

    #[test]
    fn bad_zone_names_the_field() {
        let e = parse_zone("user.timezone", "Paris").unwrap_err();
        assert_eq!(e.field, "user.timezone");
    }
}
