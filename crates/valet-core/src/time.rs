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
    /// When a day starts, local time (midnight unless set): an instant before it belongs to
    /// the day before, for "today" and for every count by day.
    pub day_start: chrono::NaiveTime,
}

impl Today {
    pub fn at(now: DateTime<Utc>, zone: Tz) -> Self {
        Self::at_day_start(now, zone, chrono::NaiveTime::MIN)
    }

    /// Today where a day starts at `start` local time rather than midnight: at 01:30 with a
    /// 04:00 start it is still yesterday. Wall-clock arithmetic, so a DST change does not move
    /// the boundary.
    pub fn at_day_start(now: DateTime<Utc>, zone: Tz, start: chrono::NaiveTime) -> Self {
        let mut today = Today {
            date: NaiveDate::MIN,
            zone,
            day_start: start,
        };
        today.date = today.day_of(now);
        today
    }

    /// The day instant `t` belongs to, by the same rule as today: with a 04:00 start, a todo
    /// completed at 01:30 counts on the day before.
    pub fn day_of(&self, t: DateTime<Utc>) -> NaiveDate {
        let since_midnight = self.day_start - chrono::NaiveTime::MIN;
        (t.with_timezone(&self.zone).naive_local() - since_midnight).date()
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

    #[rstest]
    // A 04:00 start: 03:59 local is still the day before, 04:00 is the new day.
    #[case("Europe/Paris", "2026-11-29T02:59:00Z", "04:00", "2026-11-28")]
    #[case("Europe/Paris", "2026-11-29T03:00:00Z", "04:00", "2026-11-29")]
    #[case("America/New_York", "2026-11-29T08:30:00Z", "04:00", "2026-11-28")]
    #[case("America/New_York", "2026-11-29T08:30:00Z", "00:00", "2026-11-29")]
    // Spring forward in New York (8 March 2026, 02:00 -> 03:00): 03:30 EDT is before 04:00.
    #[case("America/New_York", "2026-03-08T07:30:00Z", "04:00", "2026-03-07")]
    #[case("America/New_York", "2026-03-08T08:00:00Z", "04:00", "2026-03-08")]
    // Fall back (1 November 2026): the repeated 01:30 hour is still the day before.
    #[case("America/New_York", "2026-11-01T06:30:00Z", "04:00", "2026-10-31")]
    #[case("America/New_York", "2026-11-01T09:00:00Z", "04:00", "2026-11-01")]
    #[case("Asia/Kolkata", "2026-11-28T22:00:00Z", "04:00", "2026-11-28")]
    #[case("Asia/Kolkata", "2026-11-28T22:30:00Z", "04:00", "2026-11-29")]
    #[case("Pacific/Auckland", "2026-11-28T14:30:00Z", "04:00", "2026-11-28")]
    #[case("Pacific/Auckland", "2026-11-28T15:00:00Z", "04:00", "2026-11-29")]
    fn the_day_starts_at_the_set_local_hour(
        #[case] zone: &str,
        #[case] now: &str,
        #[case] start: &str,
        #[case] want: &str,
    ) {
        let now: DateTime<Utc> = now.parse().unwrap();
        let start = chrono::NaiveTime::parse_from_str(start, "%H:%M").unwrap();
        let t = Today::at_day_start(now, parse_zone("tz", zone).unwrap(), start);
        assert_eq!(t.date.to_string(), want);
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
