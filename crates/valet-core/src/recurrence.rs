//! Repeating todos on the iCalendar model: a rule in words ("every 2 weeks on mon, thu",
//! "every last friday", "every 3 days after done") or as an RFC 5545 RRULE, read into an RRULE,
//! described back in words, and expanded by the `rrule` crate (no date arithmetic of our own).
//!
//! Occurrences are calendar days in the user's zone (DTSTART is that day at 00:00 in a zone
//! without DST, so a DST change never moves a day); a deadline's time of day stays wall-clock.
//! The next occurrence's todo id is derived from the series and its date
//! ([`next_occurrence_id`]), so two devices completing the same occurrence offline make the
//! same next todo and sync keeps one.

use chrono::{Datelike, NaiveDate, TimeZone, Weekday};
use serde::{Deserialize, Serialize};

use crate::error::ValidationError;
use crate::ids::TodoId;

/// How far ahead a rule must have an occurrence to be accepted ("every 31st february" has none).
const HORIZON_YEARS: i32 = 30;

/// A todo's repetition.
#[derive(ts_rs::TS, Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Repeat {
    /// The RFC 5545 rule without `RRULE:`, e.g. `FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH`.
    pub rule: String,
    /// The next occurrence counts from the day it was completed (Todoist's "every!").
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub after_done: bool,
    /// The series' first day (DTSTART).
    pub start: NaiveDate,
    /// The series: the id of its first todo.
    pub series: TodoId,
    /// Completing does not create the next occurrence while paused.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub paused: bool,
}

/// A rule as read from text, before it belongs to a series.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RuleText {
    pub rule: String,
    #[serde(default)]
    pub after_done: bool,
}

impl RuleText {
    /// The rule in words, as people read it back ("every 2 weeks on Mon, Thu").
    pub fn words(&self) -> String {
        describe(&self.rule, self.after_done)
    }
}

impl Repeat {
    /// The rule in words.
    pub fn words(&self) -> String {
        describe(&self.rule, self.after_done)
    }

    /// The first occurrence strictly after `day`. For `after_done` rules the series restarts
    /// on `day` (the day of completion): "every 3 days after done" is 3 days after it.
    pub fn next_after(&self, day: NaiveDate) -> Result<Option<NaiveDate>, ValidationError> {
        let start = if self.after_done { day } else { self.start };
        next_after(&self.rule, start, day)
    }
}

fn midnight(d: NaiveDate) -> chrono::DateTime<rrule::Tz> {
    // UTC has no DST: a calendar day at 00:00 there is never skipped or doubled.
    rrule::Tz::UTC.from_utc_datetime(&d.and_hms_opt(0, 0, 0).unwrap_or_default())
}

/// Rules parsed before, by text: a person has a handful of distinct rules across hundreds of
/// repeating todos, and parsing is most of the cost of finding a next occurrence.
const PARSED_CACHE: usize = 256;

thread_local! {
    static PARSED: std::cell::RefCell<std::collections::HashMap<String, rrule::RRule<rrule::Unvalidated>>> =
        std::cell::RefCell::new(std::collections::HashMap::new());
}

fn parse_cached(rule: &str) -> Result<rrule::RRule<rrule::Unvalidated>, rrule::RRuleError> {
    if let Some(hit) = PARSED.with(|c| c.borrow().get(rule).cloned()) {
        return Ok(hit);
    }
    let parsed: rrule::RRule<rrule::Unvalidated> = rule.parse()?;
    PARSED.with(|c| {
        let mut c = c.borrow_mut();
        if c.len() >= PARSED_CACHE {
            c.clear();
        }
        c.insert(rule.to_owned(), parsed.clone());
    });
    Ok(parsed)
}

fn set(field: &str, rule: &str, start: NaiveDate) -> Result<rrule::RRuleSet, ValidationError> {
    let parsed = parse_cached(rule)
        .map_err(|e| ValidationError::new(field, format!("is not an RFC 5545 rule: {e}")))?;
    if parsed.get_count() == Some(0) {
        return Err(ValidationError::new(field, "COUNT must be at least 1"));
    }
    if parsed.get_interval() == 0 {
        return Err(ValidationError::new(
            field,
            "the interval must be at least 1",
        ));
    }
    if !parsed.get_by_hour().is_empty()
        || !parsed.get_by_minute().is_empty()
        || !parsed.get_by_second().is_empty()
        || matches!(
            parsed.get_freq(),
            rrule::Frequency::Hourly | rrule::Frequency::Minutely | rrule::Frequency::Secondly
        )
    {
        return Err(ValidationError::new(
            field,
            "repeats by day at most often (a time belongs on the deadline)",
        ));
    }
    parsed
        .build(midnight(start))
        .map_err(|e| ValidationError::new(field, format!("is not a valid rule: {e}")))
}

/// The first occurrence of `rule` (from `start`) strictly after `day`.
pub fn next_after(
    rule: &str,
    start: NaiveDate,
    day: NaiveDate,
) -> Result<Option<NaiveDate>, ValidationError> {
    let from = day.succ_opt().unwrap_or(day);
    let r = set("repeat", rule, start)?.after(midnight(from)).all(1);
    Ok(r.dates.first().map(|d| d.date_naive()))
}

/// The first `n` occurrences of `rule` from `start` (for tests and previews).
pub fn occurrences(
    rule: &str,
    start: NaiveDate,
    n: u16,
) -> Result<Vec<NaiveDate>, ValidationError> {
    Ok(set("repeat", rule, start)?
        .all(n)
        .dates
        .iter()
        .map(|d| d.date_naive())
        .collect())
}

/// Checks that `rule` is valid and has an occurrence from `start` within the horizon.
pub fn check(field: &str, rule: &str, start: NaiveDate) -> Result<(), ValidationError> {
    let s = set(field, rule, start)?;
    let until = start
        .with_year(start.year() + HORIZON_YEARS)
        .unwrap_or(start);
    let r = s.before(midnight(until)).all(1);
    if r.dates.is_empty() {
        return Err(ValidationError::new(
            field,
            format!("never happens (no occurrence in {HORIZON_YEARS} years): {rule}"),
        ));
    }
    Ok(())
}

/// The id of the occurrence of `series` on `date`: the same on every device.
pub fn next_occurrence_id(series: TodoId, date: NaiveDate) -> TodoId {
    let name = format!("occurrence:{series}:{date}");
    let hash = uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_OID, name.as_bytes());
    let mut random = [0u8; 10];
    random.copy_from_slice(&hash.as_bytes()[..10]);
    let ms = date
        .and_hms_opt(0, 0, 0)
        .map_or(0, |d| d.and_utc().timestamp_millis());
    TodoId::new_v7(u64::try_from(ms).unwrap_or(0), random)
}

// ----- words -> RRULE -----

const DAYS: [(&str, &str); 7] = [
    ("mon", "MO"),
    ("tue", "TU"),
    ("wed", "WE"),
    ("thu", "TH"),
    ("fri", "FR"),
    ("sat", "SA"),
    ("sun", "SU"),
];

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

fn weekday(w: &str) -> Option<&'static str> {
    let w = w.trim_end_matches([',', '.']);
    if w.len() < 2 {
        return None;
    }
    DAYS.iter()
        .find(|(short, _)| {
            let full = match *short {
                "mon" => "monday",
                "tue" => "tuesday",
                "wed" => "wednesday",
                "thu" => "thursday",
                "fri" => "friday",
                "sat" => "saturday",
                _ => "sunday",
            };
            w.len() >= 3 && (full.starts_with(w) || w == format!("{full}s"))
        })
        .map(|(_, code)| *code)
}

fn month(w: &str) -> Option<u32> {
    let w = w.trim_end_matches([',', '.']);
    if w.len() < 3 {
        return None;
    }
    let names = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    names
        .iter()
        .position(|m| m.starts_with(w))
        .or_else(|| MONTHS.iter().position(|m| *m == w))
        .map(|i| i as u32 + 1)
}

/// `15th`, `15`, `1st`, `2nd`, `3rd`.
fn day_of_month(w: &str) -> Option<u32> {
    let w = w.trim_end_matches([',', '.']);
    let digits = w.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let suffix = &w[digits.len()..];
    if !matches!(suffix, "" | "st" | "nd" | "rd" | "th") {
        return None;
    }
    digits.parse().ok().filter(|d| (1..=31).contains(d))
}

/// `first`/`1st` .. `fourth`/`4th`, `last`, `second last`.
fn ordinal(w: &str) -> Option<i32> {
    match w {
        "first" | "1st" => Some(1),
        "second" | "2nd" => Some(2),
        "third" | "3rd" => Some(3),
        "fourth" | "4th" => Some(4),
        "fifth" | "5th" => Some(5),
        "last" => Some(-1),
        _ => None,
    }
}

fn number(w: &str) -> Option<u32> {
    match w {
        "other" => Some(2),
        "two" => Some(2),
        "three" => Some(3),
        "four" => Some(4),
        "five" => Some(5),
        "six" => Some(6),
        _ => w.parse().ok(),
    }
}

/// Reads a rule given as words (`every ...`, `daily`, `weekly`, ...) or as an RRULE
/// (`FREQ=...`, with or without `RRULE:`), for `field`. `start` is the day the series would
/// begin, used to check that the rule ever happens.
pub fn parse_rule(field: &str, text: &str, start: NaiveDate) -> Result<RuleText, ValidationError> {
    let t = text.trim();
    let upper = t.to_ascii_uppercase();
    let body = upper.strip_prefix("RRULE:").unwrap_or(&upper);
    let parsed = if body.starts_with("FREQ=") || body.contains(";FREQ=") {
        RuleText {
            rule: body.to_owned(),
            after_done: false,
        }
    } else {
        words_to_rule(t).ok_or_else(|| {
            ValidationError::new(
                field,
                format!(
                    "must be a repeat such as \"every day\", \"every weekday\", \"every 2 weeks on mon, thu\", \
                     \"every month on the 15th\", \"every last friday\", \"every year on 3 march\", \
                     \"every 3 days after done\", or an RRULE (FREQ=...); got {t:?}"
                ),
            )
        })?
    };
    check(field, &parsed.rule, start)?;
    Ok(parsed)
}

/// The words grammar; `None` when the text is not a repeat.
pub fn words_to_rule(text: &str) -> Option<RuleText> {
    let lower = text.to_lowercase().replace(" and ", ", ");
    let mut words: Vec<&str> = lower
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    let mut after_done = false;
    if let [.., a, b] = words.as_slice() {
        if *a == "after" && matches!(*b, "done" | "completion" | "completed" | "completing") {
            after_done = true;
            words.truncate(words.len() - 2);
        }
    }
    let rule = match words.as_slice() {
        ["daily"] | ["every", "day"] => "FREQ=DAILY".to_owned(),
        ["weekly"] | ["every", "week"] => "FREQ=WEEKLY".to_owned(),
        ["monthly"] | ["every", "month"] => "FREQ=MONTHLY".to_owned(),
        ["yearly"] | ["annually"] | ["every", "year"] => "FREQ=YEARLY".to_owned(),
        ["every", "weekday"] | ["every", "workday"] | ["weekdays"] => {
            "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR".to_owned()
        }
        ["every", "weekend"] => "FREQ=WEEKLY;BYDAY=SA,SU".to_owned(),
        ["every", n, unit, rest @ ..] if number(n).is_some() => {
            let n = number(n)?;
            if n == 0 {
                return None;
            }
            let freq = match unit.trim_end_matches('s') {
                "day" => "DAILY",
                "week" => "WEEKLY",
                "month" => "MONTHLY",
                "year" => "YEARLY",
                _ => return None,
            };
            let interval = if n > 1 {
                format!(";INTERVAL={n}")
            } else {
                String::new()
            };
            let tail = match rest {
                [] => String::new(),
                ["on", days @ ..] if freq == "WEEKLY" => format!(";BYDAY={}", weekdays(days)?),
                ["on", "the", d] | ["on", d] if freq == "MONTHLY" => {
                    format!(";BYMONTHDAY={}", day_of_month(d)?)
                }
                _ => return None,
            };
            format!("FREQ={freq}{interval}{tail}")
        }
        ["every", "month", "on", "the", "last", "day"]
        | ["every", "last", "day", "of", "the", "month"]
        | ["every", "last", "day"] => "FREQ=MONTHLY;BYMONTHDAY=-1".to_owned(),
        ["every", "month", "on", "the", d] | ["every", "month", "on", d] | ["every", d]
            if day_of_month(d).is_some() && !d.chars().all(|c| c.is_ascii_digit()) =>
        {
            format!("FREQ=MONTHLY;BYMONTHDAY={}", day_of_month(d)?)
        }
        ["every", "year", "on", a, b] | ["every", a, b] if year_day(a, b).is_some() => {
            let (m, d) = year_day(a, b)?;
            format!("FREQ=YEARLY;BYMONTH={m};BYMONTHDAY={d}")
        }
        ["every", ord, day] | ["every", "month", "on", "the", ord, day]
            if ordinal(ord).is_some() && weekday(day).is_some() =>
        {
            format!("FREQ=MONTHLY;BYDAY={}{}", ordinal(ord)?, weekday(day)?)
        }
        ["every", days @ ..] if !days.is_empty() => {
            format!("FREQ=WEEKLY;BYDAY={}", weekdays(days)?)
        }
        _ => return None,
    };
    Some(RuleText { rule, after_done })
}

/// `3 march`, `march 3`, `3rd of march` read as (month, day).
fn year_day(a: &str, b: &str) -> Option<(u32, u32)> {
    match (day_of_month(a), month(b), month(a), day_of_month(b)) {
        (Some(d), Some(m), _, _) | (_, _, Some(m), Some(d)) => Some((m, d)),
        _ => None,
    }
}

fn weekdays(words: &[&str]) -> Option<String> {
    let mut codes: Vec<&str> = Vec::new();
    for w in words {
        let code = weekday(w)?;
        if !codes.contains(&code) {
            codes.push(code);
        }
    }
    if codes.is_empty() {
        return None;
    }
    // RFC order, so the same days give the same rule however they were typed.
    codes.sort_by_key(|c| DAYS.iter().position(|(_, d)| d == c));
    Some(codes.join(","))
}

// ----- RRULE -> words -----

fn day_name(code: &str) -> &'static str {
    match code {
        "MO" => "Mon",
        "TU" => "Tue",
        "WE" => "Wed",
        "TH" => "Thu",
        "FR" => "Fri",
        "SA" => "Sat",
        _ => "Sun",
    }
}

fn ordinal_word(n: i32) -> String {
    match n {
        -1 => "last".into(),
        -2 => "second last".into(),
        1 => "first".into(),
        2 => "second".into(),
        3 => "third".into(),
        4 => "fourth".into(),
        5 => "fifth".into(),
        n => format!("{n}th"),
    }
}

fn nth(d: i64) -> String {
    let suffix = match (d % 10, d % 100) {
        (1, 11) | (2, 12) | (3, 13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{d}{suffix}")
}

/// The rule in words: "every 2 weeks on Mon, Thu", "every month on the last Fri"; rules
/// outside the words grammar are shown as their RRULE.
pub fn describe(rule: &str, after_done: bool) -> String {
    let mut freq = "";
    let mut interval = 1i64;
    let mut byday: Vec<String> = Vec::new();
    let mut bymonthday: Vec<i64> = Vec::new();
    let mut bymonth: Vec<i64> = Vec::new();
    let mut other = false;
    for part in rule.split(';') {
        let (k, v) = part.split_once('=').unwrap_or((part, ""));
        match k {
            "FREQ" => freq = v,
            "INTERVAL" => interval = v.parse().unwrap_or(1),
            "BYDAY" => byday = v.split(',').map(str::to_owned).collect(),
            "BYMONTHDAY" => bymonthday = v.split(',').filter_map(|x| x.parse().ok()).collect(),
            "BYMONTH" => bymonth = v.split(',').filter_map(|x| x.parse().ok()).collect(),
            "WKST" => {}
            _ => other = true,
        }
    }
    let unit = match freq {
        "DAILY" => "day",
        "WEEKLY" => "week",
        "MONTHLY" => "month",
        "YEARLY" => "year",
        _ => "",
    };
    let base = if unit.is_empty() || other {
        None
    } else {
        let every = if interval > 1 {
            format!("every {interval} {unit}s")
        } else {
            format!("every {unit}")
        };
        let days = |b: &[String]| {
            b.iter()
                .map(|d| {
                    let code =
                        d.trim_start_matches(|c: char| c == '-' || c == '+' || c.is_ascii_digit());
                    let n: i32 = d[..d.len() - code.len()].parse().unwrap_or(0);
                    if n == 0 {
                        day_name(code).to_owned()
                    } else {
                        format!("{} {}", ordinal_word(n), day_name(code))
                    }
                })
                .collect::<Vec<_>>()
                .join(", ")
        };
        match (
            freq,
            byday.as_slice(),
            bymonthday.as_slice(),
            bymonth.as_slice(),
        ) {
            ("WEEKLY", [], [], [])
            | ("DAILY", [], [], [])
            | ("MONTHLY", [], [], [])
            | ("YEARLY", [], [], []) => Some(every),
            ("WEEKLY", d, [], [])
                if interval == 1 && d.len() == 5 && !d.iter().any(|x| x == "SA" || x == "SU") =>
            {
                Some("every weekday".into())
            }
            ("WEEKLY", d, [], []) => Some(format!("{every} on {}", days(d))),
            ("MONTHLY", [], [-1], []) => Some(format!("{every} on the last day")),
            ("MONTHLY", [], md, []) => Some(format!(
                "{every} on the {}",
                md.iter().map(|d| nth(*d)).collect::<Vec<_>>().join(", ")
            )),
            ("MONTHLY", d, [], []) => Some(format!("{every} on the {}", days(d))),
            ("YEARLY", [], [d], [m]) => {
                let name = MONTHS
                    .get(usize::try_from(*m - 1).unwrap_or(0))
                    .map(|s| {
                        let mut c = s.chars();
                        c.next()
                            .map(|f| f.to_uppercase().chain(c).collect::<String>())
                            .unwrap_or_default()
                    })
                    .unwrap_or_default();
                Some(format!("{every} on {d} {name}"))
            }
            _ => None,
        }
    };
    let mut words = base.unwrap_or_else(|| format!("RRULE {rule}"));
    if after_done {
        words.push_str(" after done");
    }
    words
}

/// The weekday a date falls on, as an RRULE code (for tests and the UI).
pub fn weekday_code(d: NaiveDate) -> &'static str {
    match d.weekday() {
        Weekday::Mon => "MO",
        Weekday::Tue => "TU",
        Weekday::Wed => "WE",
        Weekday::Thu => "TH",
        Weekday::Fri => "FR",
        Weekday::Sat => "SA",
        Weekday::Sun => "SU",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[rstest]
    #[case("every day", "FREQ=DAILY", false, "every day")]
    #[case("daily", "FREQ=DAILY", false, "every day")]
    #[case(
        "every weekday",
        "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR",
        false,
        "every weekday"
    )]
    #[case(
        "every 2 weeks on mon, thu",
        "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH",
        false,
        "every 2 weeks on Mon, Thu"
    )]
    #[case(
        "every thursday and monday",
        "FREQ=WEEKLY;BYDAY=MO,TH",
        false,
        "every week on Mon, Thu"
    )]
    #[case(
        "every month on the 15th",
        "FREQ=MONTHLY;BYMONTHDAY=15",
        false,
        "every month on the 15th"
    )]
    #[case(
        "every 15th",
        "FREQ=MONTHLY;BYMONTHDAY=15",
        false,
        "every month on the 15th"
    )]
    #[case(
        "every last friday",
        "FREQ=MONTHLY;BYDAY=-1FR",
        false,
        "every month on the last Fri"
    )]
    #[case(
        "every first monday",
        "FREQ=MONTHLY;BYDAY=1MO",
        false,
        "every month on the first Mon"
    )]
    #[case(
        "every year on 3 march",
        "FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=3",
        false,
        "every year on 3 Mar"
    )]
    #[case(
        "every march 3",
        "FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=3",
        false,
        "every year on 3 Mar"
    )]
    #[case(
        "every 3 days after done",
        "FREQ=DAILY;INTERVAL=3",
        true,
        "every 3 days after done"
    )]
    #[case("every other week", "FREQ=WEEKLY;INTERVAL=2", false, "every 2 weeks")]
    #[case(
        "every last day of the month",
        "FREQ=MONTHLY;BYMONTHDAY=-1",
        false,
        "every month on the last day"
    )]
    #[case("Every Monday", "FREQ=WEEKLY;BYDAY=MO", false, "every week on Mon")]
    fn words_read_into_a_rule_and_back(
        #[case] words: &str,
        #[case] rule: &str,
        #[case] after_done: bool,
        #[case] back: &str,
    ) {
        let r = parse_rule("repeat", words, d("2026-11-30")).unwrap();
        assert_eq!(
            (r.rule.as_str(), r.after_done),
            (rule, after_done),
            "{words}"
        );
        assert_eq!(r.words(), back);
    }

    #[rstest]
    #[case("every 31st february", "repeat")]
    #[case("every year on 31 february", "never happens")]
    #[case("every 0 days", "must be a repeat")]
    #[case("FREQ=DAILY;COUNT=0", "COUNT must be at least 1")]
    #[case("FREQ=DAILY;INTERVAL=0", "interval")]
    #[case("FREQ=HOURLY", "by day at most")]
    #[case("FREQ=SOMETIMES", "RFC 5545")]
    #[case("every so often", "must be a repeat")]
    fn bad_rules_are_refused_naming_the_field(#[case] text: &str, #[case] want: &str) {
        let e = parse_rule("repeat", text, d("2026-11-30")).unwrap_err();
        assert_eq!(e.field, "repeat");
        assert!(e.to_string().contains(want), "{text}: {e}");
    }

    #[rstest]
    // Monday 30 November 2026.
    #[case("FREQ=DAILY", "2026-11-30", "2026-11-30", false, Some("2026-12-01"))]
    #[case(
        "FREQ=WEEKLY;BYDAY=MO,TH",
        "2026-11-30",
        "2026-11-30",
        false,
        Some("2026-12-03")
    )]
    #[case(
        "FREQ=MONTHLY;BYDAY=-1FR",
        "2026-11-27",
        "2026-11-27",
        false,
        Some("2026-12-25")
    )]
    #[case(
        "FREQ=MONTHLY;BYMONTHDAY=31",
        "2026-12-31",
        "2026-12-31",
        false,
        Some("2027-01-31")
    )]
    #[case(
        "FREQ=MONTHLY;BYMONTHDAY=31",
        "2027-01-31",
        "2027-01-31",
        false,
        Some("2027-03-31")
    )]
    #[case(
        "FREQ=DAILY;INTERVAL=3",
        "2026-11-01",
        "2026-11-30",
        true,
        Some("2026-12-03")
    )]
    #[case("FREQ=DAILY;COUNT=2", "2026-11-30", "2026-12-01", false, None)]
    // Across the spring DST change in Europe (29 March 2026): still one day apart.
    #[case("FREQ=DAILY", "2026-03-28", "2026-03-29", false, Some("2026-03-30"))]
    fn the_next_occurrence(
        #[case] rule: &str,
        #[case] start: &str,
        #[case] done_on: &str,
        #[case] after_done: bool,
        #[case] want: Option<&str>,
    ) {
        let r = Repeat {
            rule: rule.into(),
            after_done,
            start: d(start),
            series: TodoId::new_v7(1, [1; 10]),
            paused: false,
        };
        assert_eq!(r.next_after(d(done_on)).unwrap(), want.map(d));
    }

    #[test]
    fn the_next_occurrence_has_the_same_id_on_every_device() {
        let s = TodoId::new_v7(1, [1; 10]);
        let a = next_occurrence_id(s, d("2026-12-01"));
        assert_eq!(a, next_occurrence_id(s, d("2026-12-01")));
        assert_ne!(a, next_occurrence_id(s, d("2026-12-02")));
        assert_ne!(
            a,
            next_occurrence_id(TodoId::new_v7(2, [2; 10]), d("2026-12-01"))
        );
    }
}
