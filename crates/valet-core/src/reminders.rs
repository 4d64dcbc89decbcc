//! Reminders: when a todo should notify, as text people write ("30m before", "9am",
//! "tomorrow 9am"), the instants they fire at in the user's zone, and which are due.
//!
//! A todo keeps its reminders as canonical strings (what [`Reminder`] prints), so the stored
//! form reads like the input and sync merges them as a set. Whether a reminder has fired is
//! one instant per todo, `remindedUntil`: every reminder at or before it has been shown (or
//! was in the past when it was set), on whichever device. Sync keeps the later of two such
//! instants (see `merge`), so a reminder shown or dismissed on one machine does not fire again
//! on another. `snoozedUntil` is one extra instant set by "Snooze".

use std::fmt;

use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::dates::{parse_due, parse_time_words};
use crate::error::ValidationError;
use crate::todo::Todo;

/// Most reminders on one todo.
pub const MAX_REMINDERS: usize = 10;
/// The longest "before the deadline" offset: four weeks, in minutes.
pub const MAX_BEFORE_MINUTES: u32 = 4 * 7 * 24 * 60;
/// A reminder noticed this much after its instant (the app was closed, the machine asleep)
/// counts as missed: shown once in a summary rather than as if it were on time.
pub const MISSED_AFTER: Duration = Duration::minutes(2);
/// Missed reminders older than this are not shown at all (a week away is not worth a list).
pub const MISSED_WINDOW: Duration = Duration::days(7);

/// One reminder of a todo.
#[derive(ts_rs::TS)]
#[ts(type = "string")]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Reminder {
    /// At the deadline's time (needs `dueTime`).
    AtDeadline,
    /// This many minutes before the deadline's time (needs `dueTime`).
    Before(u32),
    /// At this time on the scheduled day (`when`), else on the deadline's day.
    OnDay(NaiveTime),
    /// At this local date and time.
    At(NaiveDateTime),
}

impl Reminder {
    /// Reads one reminder: `at deadline`, `30m before`, `1 hour before`, `9am`, `at 14:30`,
    /// `tomorrow 9am`, `2026-12-01 09:00`. Dates are read against `today`.
    pub fn parse(field: &str, text: &str, today: NaiveDate) -> Result<Reminder, ValidationError> {
        let t = text.trim().to_ascii_lowercase();
        let bad = |why: &str| {
            ValidationError::new(
                field,
                format!("{why}; got {text:?} (write e.g. \"at deadline\", \"30m before\", \"9am\" or \"tomorrow 9am\")"),
            )
        };
        if t.is_empty() {
            return Err(bad("must not be empty"));
        }
        if matches!(
            t.as_str(),
            "deadline" | "at deadline" | "at the deadline" | "due" | "at due" | "on time"
        ) {
            return Ok(Reminder::AtDeadline);
        }
        if let Some(offset) = t.strip_suffix("before") {
            let minutes = parse_offset(offset.trim()).ok_or_else(|| {
                bad("must be an amount of minutes, hours, days or weeks before the deadline")
            })?;
            if minutes > MAX_BEFORE_MINUTES as i64 {
                return Err(bad("must be at most 4 weeks before the deadline"));
            }
            return Ok(match minutes {
                0 => Reminder::AtDeadline,
                m => Reminder::Before(m as u32),
            });
        }
        let bare = t.strip_prefix("at ").unwrap_or(&t);
        if let Some(time) = parse_time_words(bare) {
            return Ok(Reminder::OnDay(time));
        }
        if let Ok(dt) = NaiveDateTime::parse_from_str(&t, "%Y-%m-%d %H:%M") {
            return Ok(Reminder::At(dt));
        }
        match parse_due(field, &t, today) {
            Ok((d, Some(time))) => Ok(Reminder::At(d.and_time(time))),
            Ok((_, None)) => Err(bad("needs a time of day")),
            Err(_) => Err(bad("is not a reminder")),
        }
    }

    /// Reads a list separated by commas or semicolons; empty, `none` or `clear` is no reminder.
    pub fn parse_list(
        field: &str,
        text: &str,
        today: NaiveDate,
    ) -> Result<Vec<Reminder>, ValidationError> {
        let t = text.trim();
        if t.is_empty() || ["none", "clear", "never"].contains(&t.to_ascii_lowercase().as_str()) {
            return Ok(Vec::new());
        }
        let items: Vec<&str> = t.split([',', ';']).collect();
        let mut out = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            let f = if items.len() == 1 {
                field.to_owned()
            } else {
                format!("{field}[{i}]")
            };
            out.push(Reminder::parse(&f, item, today)?);
        }
        check_list(field, &mut out)?;
        Ok(out)
    }

    /// The reminder in words: "at the deadline", "30 min before", "09:00 on the day",
    /// "Tue 1 Dec 09:00".
    pub fn describe(&self) -> String {
        match self {
            Reminder::AtDeadline => "at the deadline".to_owned(),
            Reminder::Before(m) => format!("{} before", duration_words(*m)),
            Reminder::OnDay(t) => format!("{} on the day", t.format("%H:%M")),
            Reminder::At(dt) => dt.format("%a %-d %b %H:%M").to_string(),
        }
    }

    /// The local wall-clock time it fires at for `todo`, if the todo has what it needs.
    fn local(&self, todo: &Todo) -> Option<NaiveDateTime> {
        let deadline = || Some(todo.due?.and_time(todo.due_time?));
        match self {
            Reminder::AtDeadline => deadline(),
            Reminder::Before(m) => Some(deadline()? - Duration::minutes(i64::from(*m))),
            Reminder::OnDay(t) => Some(todo.when.or(todo.due)?.and_time(*t)),
            Reminder::At(dt) => Some(*dt),
        }
    }

    /// The instant it fires for `todo` in `zone`, if the todo has what it needs (a deadline
    /// time for deadline reminders, a day for a time of day).
    pub fn fires_at(&self, todo: &Todo, zone: Tz) -> Option<DateTime<Utc>> {
        self.local(todo).map(|l| local_instant(l, zone))
    }

    /// Why this reminder cannot fire for `todo`, if it cannot.
    pub fn missing(&self, todo: &Todo) -> Option<&'static str> {
        match self {
            Reminder::AtDeadline | Reminder::Before(_) if todo.due_time.is_none() => {
                Some("needs a deadline with a time of day (due and dueTime)")
            }
            Reminder::OnDay(_) if todo.when.or(todo.due).is_none() => {
                Some("needs a scheduled day or a deadline (when or due)")
            }
            _ => None,
        }
    }
}

/// Orders and de-duplicates reminders and checks their number.
fn check_list(field: &str, list: &mut Vec<Reminder>) -> Result<(), ValidationError> {
    let mut seen = Vec::with_capacity(list.len());
    list.retain(|r| {
        let fresh = !seen.contains(r);
        seen.push(*r);
        fresh
    });
    check_count(field, list.len())
}

fn check_count(field: &str, n: usize) -> Result<(), ValidationError> {
    if n > MAX_REMINDERS {
        return Err(ValidationError::new(
            field,
            format!("must have at most {MAX_REMINDERS} reminders; got {n}"),
        ));
    }
    Ok(())
}

/// Checks reminders given for `todo`: each must be able to fire, and an exact date and time
/// must exist in `zone` (not fall in a DST gap).
pub fn check_for(
    field: &str,
    list: &[Reminder],
    todo: &Todo,
    zone: Tz,
) -> Result<(), ValidationError> {
    check_count(field, list.len())?;
    for (i, r) in list.iter().enumerate() {
        let f = if list.len() == 1 {
            field.to_owned()
        } else {
            format!("{field}[{i}]")
        };
        if let Some(why) = r.missing(todo) {
            return Err(ValidationError::new(
                f,
                format!("{:?} {why}", r.to_string()),
            ));
        }
        if let Reminder::At(dt) = r {
            if zone.from_local_datetime(dt).earliest().is_none() {
                return Err(ValidationError::new(
                    f,
                    format!(
                        "{} does not exist in {} (the clocks skip it for daylight saving time)",
                        dt.format("%Y-%m-%d %H:%M"),
                        zone.name()
                    ),
                ));
            }
        }
    }
    Ok(())
}

/// A local time to an instant: the earlier of a repeated hour; a time the clocks skip (a DST
/// gap) is read as the same wall time one hour later, as calendars do.
pub fn local_instant(l: NaiveDateTime, zone: Tz) -> DateTime<Utc> {
    match zone.from_local_datetime(&l).earliest() {
        Some(t) => t.with_timezone(&Utc),
        None => zone
            .from_local_datetime(&(l + Duration::hours(1)))
            .earliest()
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or_else(|| Utc.from_utc_datetime(&l)),
    }
}

/// `30m`, `1 h`, `2 hours`, `1 day`, `1 week` in minutes.
fn parse_offset(s: &str) -> Option<i64> {
    let s = s.trim();
    let split = s.find(|c: char| !c.is_ascii_digit())?;
    let (n, unit) = s.split_at(split);
    let n: i64 = n.parse().ok()?;
    let per = match unit.trim() {
        "m" | "min" | "mins" | "minute" | "minutes" => 1,
        "h" | "hr" | "hrs" | "hour" | "hours" => 60,
        "d" | "day" | "days" => 24 * 60,
        "w" | "week" | "weeks" => 7 * 24 * 60,
        _ => return None,
    };
    n.checked_mul(per)
}

fn duration_words(m: u32) -> String {
    if m.is_multiple_of(7 * 24 * 60) {
        plural(m / (7 * 24 * 60), "week")
    } else if m.is_multiple_of(24 * 60) {
        plural(m / (24 * 60), "day")
    } else if m.is_multiple_of(60) {
        plural(m / 60, "hour")
    } else {
        format!("{m} min")
    }
}

fn plural(n: u32, unit: &str) -> String {
    if n == 1 {
        format!("1 {unit}")
    } else {
        format!("{n} {unit}s")
    }
}

impl fmt::Display for Reminder {
    /// The canonical, stored form: `at deadline`, `30m before`, `09:00`, `2026-12-01 09:00`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Reminder::AtDeadline => f.write_str("at deadline"),
            Reminder::Before(m) if m.is_multiple_of(60) => write!(f, "{}h before", m / 60),
            Reminder::Before(m) => write!(f, "{m}m before"),
            Reminder::OnDay(t) => write!(f, "{}", t.format("%H:%M")),
            Reminder::At(dt) => write!(f, "{}", dt.format("%Y-%m-%d %H:%M")),
        }
    }
}

impl Serialize for Reminder {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Reminder {
    /// The canonical forms only (stored records, settings): never words relative to a day.
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Reminder::from_canonical(&s).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "reminders: must be \"at deadline\", \"<N>m before\", \"<N>h before\", \"HH:MM\" or \"YYYY-MM-DD HH:MM\"; got {s:?}"
            ))
        })
    }
}

impl Reminder {
    /// Reads what [`fmt::Display`] writes, and nothing else.
    pub fn from_canonical(s: &str) -> Option<Reminder> {
        if s == "at deadline" {
            return Some(Reminder::AtDeadline);
        }
        if let Some(n) = s.strip_suffix("m before") {
            let m: u32 = n.parse().ok()?;
            return (1..=MAX_BEFORE_MINUTES)
                .contains(&m)
                .then_some(Reminder::Before(m));
        }
        if let Some(n) = s.strip_suffix("h before") {
            let m = n.parse::<u32>().ok()?.checked_mul(60)?;
            return (1..=MAX_BEFORE_MINUTES)
                .contains(&m)
                .then_some(Reminder::Before(m));
        }
        if let Ok(t) = NaiveTime::parse_from_str(s, "%H:%M") {
            return Some(Reminder::OnDay(t));
        }
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M")
            .ok()
            .map(Reminder::At)
    }
}

/// One reminder instant of a todo that is due now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DueReminder {
    pub todo: crate::ids::TodoId,
    pub content: String,
    /// When it was meant to fire.
    pub at: DateTime<Utc>,
    /// Noticed more than [`MISSED_AFTER`] late (the app was closed or the machine asleep).
    pub missed: bool,
    /// It is a snooze coming back, not one of the todo's reminders.
    pub snoozed: bool,
}

/// Every instant `todo` reminds at: its reminders and its snooze, sorted (a snooze flagged).
pub fn instants(todo: &Todo, zone: Tz) -> Vec<(DateTime<Utc>, bool)> {
    let mut out: Vec<(DateTime<Utc>, bool)> = todo
        .reminders
        .iter()
        .filter_map(|r| r.fires_at(todo, zone).map(|t| (t, false)))
        .collect();
    if let Some(s) = todo.snoozed_until {
        out.push((s, true));
    }
    out.sort();
    out.dedup_by_key(|x| x.0);
    out
}

/// What a todo has left to remind at after `now`, and what is due at `now`: instants after
/// `remindedUntil` and at or before `now` (at most one per todo: the latest, so a todo whose
/// three reminders were all missed notifies once).
pub fn scan(
    todo: &Todo,
    zone: Tz,
    now: DateTime<Utc>,
) -> (Option<DueReminder>, Option<DateTime<Utc>>) {
    if !todo.status.is_open() {
        return (None, None);
    }
    let seen = todo.reminded_until;
    let mut due = None;
    let mut next = None;
    for (at, snoozed) in instants(todo, zone) {
        if seen.is_some_and(|s| at <= s) {
            continue;
        }
        if at <= now {
            if now - at <= MISSED_WINDOW {
                due = Some(DueReminder {
                    todo: todo.id,
                    content: todo.content.clone(),
                    at,
                    missed: now - at > MISSED_AFTER,
                    snoozed,
                });
            }
        } else if next.is_none() {
            next = Some(at);
        }
    }
    (due, next)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::TodoId;
    use crate::todo::NewTodo;
    use rstest::rstest;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn tm(s: &str) -> NaiveTime {
        NaiveTime::parse_from_str(s, "%H:%M").unwrap()
    }

    fn todo(when: Option<&str>, due: Option<&str>, time: Option<&str>) -> Todo {
        let mut t = NewTodo::new("Call the bank")
            .into_todo(
                TodoId::new_v7(1, [1; 10]),
                "2026-11-01T00:00:00Z".parse().unwrap(),
            )
            .unwrap();
        t.when = when.map(day);
        t.due = due.map(day);
        t.due_time = time.map(tm);
        t
    }

    #[rstest]
    #[case("at deadline", Reminder::AtDeadline)]
    #[case("Deadline", Reminder::AtDeadline)]
    #[case("30m before", Reminder::Before(30))]
    #[case("30 min before", Reminder::Before(30))]
    #[case("1 hour before", Reminder::Before(60))]
    #[case("2h before", Reminder::Before(120))]
    #[case("1 day before", Reminder::Before(1440))]
    #[case("0m before", Reminder::AtDeadline)]
    #[case("9am", Reminder::OnDay(tm("09:00")))]
    #[case("at 14:30", Reminder::OnDay(tm("14:30")))]
    #[case("tomorrow 9am", Reminder::At(day("2026-11-30").and_time(tm("09:00"))))]
    #[case("2026-12-01 09:00", Reminder::At(day("2026-12-01").and_time(tm("09:00"))))]
    fn reminders_read_as_people_write_them(#[case] text: &str, #[case] want: Reminder) {
        assert_eq!(
            Reminder::parse("remind", text, day("2026-11-29")).unwrap(),
            want
        );
    }

    #[rstest]
    #[case("", "remind: must not be empty")]
    #[case("soon", "remind: is not a reminder")]
    #[case("tomorrow", "remind: needs a time of day")]
    #[case("5 weeks before", "remind: must be at most 4 weeks")]
    #[case("3 fortnights before", "remind: must be an amount")]
    #[case("25:00", "remind: is not a reminder")]
    fn bad_reminders_name_the_field_and_rule(#[case] text: &str, #[case] start: &str) {
        let e = Reminder::parse("remind", text, day("2026-11-29")).unwrap_err();
        assert!(e.to_string().starts_with(start), "{e}");
    }

    #[test]
    fn the_canonical_form_reads_back_to_the_same_reminder() {
        for bad in ["\"tomorrow 9am\"", "\"0m before\"", "\"soon\"", "5"] {
            assert!(serde_json::from_str::<Reminder>(bad).is_err(), "{bad}");
        }
        for r in [
            Reminder::AtDeadline,
            Reminder::Before(45),
            Reminder::Before(120),
            Reminder::OnDay(tm("07:15")),
            Reminder::At(day("2027-01-02").and_time(tm("23:59"))),
        ] {
            let json = serde_json::to_string(&r).unwrap();
            assert_eq!(
                serde_json::from_str::<Reminder>(&json).unwrap(),
                r,
                "{json}"
            );
        }
    }

    #[test]
    fn a_list_is_split_deduplicated_and_named_by_index() {
        let l = Reminder::parse_list(
            "remind",
            "30m before, 9am, 30 min before",
            day("2026-11-29"),
        )
        .unwrap();
        assert_eq!(l, vec![Reminder::Before(30), Reminder::OnDay(tm("09:00"))]);
        let e = Reminder::parse_list("remind", "9am; soon", day("2026-11-29")).unwrap_err();
        assert_eq!(e.field, "remind[1]");
        assert!(Reminder::parse_list("remind", "none", day("2026-11-29"))
            .unwrap()
            .is_empty());
    }

    #[rstest]
    // Paris in winter is UTC+1.
    #[case(
        Reminder::AtDeadline,
        None,
        Some("2026-12-01"),
        Some("09:00"),
        "Europe/Paris",
        Some("2026-12-01T08:00:00Z")
    )]
    #[case(
        Reminder::Before(30),
        None,
        Some("2026-12-01"),
        Some("09:00"),
        "Europe/Paris",
        Some("2026-12-01T07:30:00Z")
    )]
    #[case(
        Reminder::Before(30),
        None,
        Some("2026-12-01"),
        None,
        "Europe/Paris",
        None
    )]
    #[case(
        Reminder::OnDay(tm("08:00")),
        Some("2026-11-30"),
        Some("2026-12-01"),
        None,
        "UTC",
        Some("2026-11-30T08:00:00Z")
    )]
    #[case(
        Reminder::OnDay(tm("08:00")),
        None,
        Some("2026-12-01"),
        None,
        "UTC",
        Some("2026-12-01T08:00:00Z")
    )]
    #[case(Reminder::OnDay(tm("08:00")), None, None, None, "UTC", None)]
    // New York springs forward on 8 March 2026: 02:30 does not exist and fires at 03:30 EDT.
    #[case(
        Reminder::OnDay(tm("02:30")),
        Some("2026-03-08"),
        None,
        None,
        "America/New_York",
        Some("2026-03-08T07:30:00Z")
    )]
    // ...and falls back on 1 November: 01:30 happens twice, the first one counts.
    #[case(
        Reminder::OnDay(tm("01:30")),
        Some("2026-11-01"),
        None,
        None,
        "America/New_York",
        Some("2026-11-01T05:30:00Z")
    )]
    fn instants_follow_the_users_zone(
        #[case] r: Reminder,
        #[case] when: Option<&str>,
        #[case] due: Option<&str>,
        #[case] time: Option<&str>,
        #[case] zone: &str,
        #[case] want: Option<&str>,
    ) {
        let t = todo(when, due, time);
        let zone: Tz = zone.parse().unwrap();
        assert_eq!(
            r.fires_at(&t, zone)
                .map(|x| x.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)),
            want.map(str::to_owned)
        );
    }

    #[test]
    fn a_time_in_a_dst_gap_is_refused_when_set() {
        let t = todo(None, None, None);
        let gap = Reminder::At(day("2026-03-08").and_time(tm("02:30")));
        let e = check_for("remind", &[gap], &t, "America/New_York".parse().unwrap()).unwrap_err();
        assert_eq!(e.field, "remind");
        assert!(e.rule.contains("does not exist"), "{e}");
        let e = check_for("remind", &[Reminder::Before(10)], &t, Tz::UTC).unwrap_err();
        assert!(e.rule.contains("needs a deadline with a time"), "{e}");
    }

    #[test]
    fn scan_reports_one_due_instant_and_the_next() {
        let mut t = todo(None, Some("2026-12-01"), Some("09:00"));
        t.reminders = vec![Reminder::Before(60), Reminder::AtDeadline];
        let at = |s: &str| s.parse::<DateTime<Utc>>().unwrap();
        let (due, next) = scan(&t, Tz::UTC, at("2026-12-01T07:00:00Z"));
        assert_eq!((due, next), (None, Some(at("2026-12-01T08:00:00Z"))));
        let (due, next) = scan(&t, Tz::UTC, at("2026-12-01T08:00:30Z"));
        let due = due.unwrap();
        assert_eq!((due.at, due.missed), (at("2026-12-01T08:00:00Z"), false));
        assert_eq!(next, Some(at("2026-12-01T09:00:00Z")));
        // Shown: nothing is due until the next one.
        t.reminded_until = Some(due.at);
        assert_eq!(scan(&t, Tz::UTC, at("2026-12-01T08:30:00Z")).0, None);
        // Both passed while the app was closed: one missed notice, for the latest.
        t.reminded_until = None;
        let (due, next) = scan(&t, Tz::UTC, at("2026-12-01T12:00:00Z"));
        let due = due.unwrap();
        assert_eq!(
            (due.at, due.missed, next),
            (at("2026-12-01T09:00:00Z"), true, None)
        );
        // Done todos never remind; a snooze comes back once.
        t.reminded_until = Some(at("2026-12-01T09:00:00Z"));
        t.snoozed_until = Some(at("2026-12-01T09:10:00Z"));
        let (due, _) = scan(&t, Tz::UTC, at("2026-12-01T09:10:00Z"));
        assert!(due.unwrap().snoozed);
        t.status = crate::todo::Status::Completed;
        assert_eq!(scan(&t, Tz::UTC, at("2026-12-01T09:10:00Z")), (None, None));
    }
}
