//! Natural-language due dates ("tomorrow", "next friday", "in 3 days", "dec 5", "2026-12-01"),
//! resolved against a given "today" so the caller decides the zone.

use chrono::{Datelike, Duration, Months, NaiveDate, NaiveTime, Weekday};

use crate::error::ValidationError;

const HELP: &str = "use YYYY-MM-DD or words such as today, tomorrow, friday, next monday, in 3 days, next week, dec 5; a time may follow (9am, 14:30)";

fn weekday(s: &str) -> Option<Weekday> {
    Some(match s {
        "mon" | "monday" => Weekday::Mon,
        "tue" | "tues" | "tuesday" => Weekday::Tue,
        "wed" | "wednesday" => Weekday::Wed,
        "thu" | "thur" | "thurs" | "thursday" => Weekday::Thu,
        "fri" | "friday" => Weekday::Fri,
        "sat" | "saturday" => Weekday::Sat,
        "sun" | "sunday" => Weekday::Sun,
        _ => return None,
    })
}

fn month(s: &str) -> Option<u32> {
    let names = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let s = if s == "sept" { "sep" } else { s };
    names
        .iter()
        .position(|m| {
            s.len() >= 3 && (s.starts_with(m) && (s.len() == 3 || full_month(m).starts_with(s)))
        })
        .map(|i| i as u32 + 1)
}

fn full_month(m: &str) -> &'static str {
    match m {
        "jan" => "january",
        "feb" => "february",
        "mar" => "march",
        "apr" => "april",
        "may" => "may",
        "jun" => "june",
        "jul" => "july",
        "aug" => "august",
        "sep" => "september",
        "oct" => "october",
        "nov" => "november",
        _ => "december",
    }
}

/// The next `wd` on or after `from`.
fn on_or_after(from: NaiveDate, wd: Weekday) -> NaiveDate {
    let ahead =
        (7 + wd.num_days_from_monday() as i64 - from.weekday().num_days_from_monday() as i64) % 7;
    from + Duration::days(ahead)
}

/// Parses a time of day: `9am`, `9:30pm`, `14:30`, `noon`, `midnight`.
pub fn parse_time_words(s: &str) -> Option<NaiveTime> {
    let s = s.trim().to_ascii_lowercase();
    match s.as_str() {
        "noon" => return NaiveTime::from_hms_opt(12, 0, 0),
        "midnight" => return NaiveTime::from_hms_opt(0, 0, 0),
        _ => {}
    }
    let (body, pm) = if let Some(b) = s.strip_suffix("am") {
        (b, Some(false))
    } else if let Some(b) = s.strip_suffix("pm") {
        (b, Some(true))
    } else {
        (s.as_str(), None)
    };
    let (h, m) = match body.split_once(':') {
        Some((h, m)) => (h.parse::<u32>().ok()?, m.parse::<u32>().ok()?),
        None if pm.is_some() => (body.parse::<u32>().ok()?, 0),
        None => return None,
    };
    let h = match pm {
        Some(_) if !(1..=12).contains(&h) => return None,
        Some(true) => h % 12 + 12,
        Some(false) => h % 12,
        None => h,
    };
    NaiveTime::from_hms_opt(h, m, 0)
}

/// A due date written as text, read the same way by the app, the CLI and MCP: empty, `none`
/// or `clear` clear the date (and its time); anything else is a date phrase, maybe with a time
/// ("tomorrow 9am", "next friday", "2026-12-05").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DueText {
    Clear,
    Set(NaiveDate, Option<NaiveTime>),
}

fn clears(t: &str) -> bool {
    t.is_empty() || t.eq_ignore_ascii_case("none") || t.eq_ignore_ascii_case("clear")
}

/// Reads a due-date change (see [`DueText`]).
pub fn parse_due_text(
    field: &str,
    input: &str,
    today: NaiveDate,
) -> Result<DueText, ValidationError> {
    let t = input.trim();
    if clears(t) {
        return Ok(DueText::Clear);
    }
    let (d, time) = parse_due(field, t, today)?;
    Ok(DueText::Set(d, time))
}

/// Reads a time-of-day change: empty, `none` or `clear` clear it; else `14:30`, `9am`, `noon`.
pub fn parse_time_text(field: &str, input: &str) -> Result<Option<NaiveTime>, ValidationError> {
    let t = input.trim();
    if clears(t) {
        return Ok(None);
    }
    parse_time_words(t).map(Some).ok_or_else(|| {
        ValidationError::new(
            field,
            format!("must be a time of day such as 14:30, 9am or noon (or none to clear); got {input:?}"),
        )
    })
}

/// Parses a date phrase relative to `today`. A trailing time (`tomorrow 9am`) is returned too.
pub fn parse_due(
    field: &str,
    input: &str,
    today: NaiveDate,
) -> Result<(NaiveDate, Option<NaiveTime>), ValidationError> {
    let bad = || {
        ValidationError::new(
            field,
            format!("could not understand {input:?} as a date; {HELP}"),
        )
    };
    let lower = input.trim().to_ascii_lowercase();
    let mut words: Vec<&str> = lower
        .split_whitespace()
        .filter(|w| *w != "at" && *w != "on")
        .collect();
    let mut time = None;
    if let Some(last) = words.last() {
        if let Some(t) = parse_time_words(last) {
            time = Some(t);
            words.pop();
        }
    }
    if words.is_empty() {
        return Err(bad());
    }
    let date = match words.as_slice() {
        [d] if d.len() == 10 && d.as_bytes()[4] == b'-' => {
            crate::ids::DayDate::parse(field, d)?.date()
        }
        ["today" | "tod" | "eod"] => today,
        ["tonight"] => {
            time = time.or(NaiveTime::from_hms_opt(20, 0, 0));
            today
        }
        ["tomorrow" | "tmr" | "tom"] => today + Duration::days(1),
        ["yesterday"] => today - Duration::days(1),
        ["day", "after", "tomorrow"] | ["the", "day", "after", "tomorrow"] => {
            today + Duration::days(2)
        }
        // On a Saturday or a Sunday, this weekend is today.
        ["this", "weekend"] | ["weekend"] => match today.weekday() {
            Weekday::Sat | Weekday::Sun => today,
            _ => on_or_after(today, Weekday::Sat),
        },
        ["next", "weekend"] => {
            on_or_after(today + Duration::days(1), Weekday::Mon) + Duration::days(5)
        }
        ["next", "week"] => on_or_after(today + Duration::days(1), Weekday::Mon),
        ["next", "month"] => {
            let first = today.with_day(1).ok_or_else(bad)?;
            first.checked_add_months(Months::new(1)).ok_or_else(bad)?
        }
        ["end", "of", "week"] | ["end", "of", "the", "week"] | ["eow"] => {
            on_or_after(today, Weekday::Fri)
        }
        ["end", "of", "month"] | ["end", "of", "the", "month"] | ["eom"] => {
            let first = today.with_day(1).ok_or_else(bad)?;
            first.checked_add_months(Months::new(1)).ok_or_else(bad)? - Duration::days(1)
        }
        [w] | ["this", w] if weekday(w).is_some() => {
            on_or_after(today, weekday(w).ok_or_else(bad)?)
        }
        ["next", w] if weekday(w).is_some() => {
            // The one in next week (weeks start on Monday), as people usually mean it.
            let next_monday = on_or_after(today + Duration::days(1), Weekday::Mon);
            on_or_after(next_monday, weekday(w).ok_or_else(bad)?)
        }
        ["in", n, unit] => shift(today, count(n).ok_or_else(bad)?, unit, false).ok_or_else(bad)?,
        ["in", "a", "couple", "of", unit] => shift(today, 2, unit, false).ok_or_else(bad)?,
        [n, unit, "ago"] => shift(today, count(n).ok_or_else(bad)?, unit, true).ok_or_else(bad)?,
        // The Monday of the week before this one.
        ["last", "week"] => {
            today - Duration::days(i64::from(today.weekday().num_days_from_monday()) + 7)
        }
        [a, b] => {
            // "dec 5" or "5 dec": the next such day on or after today.
            let (m, d) = match (month(a), month(b)) {
                (Some(m), None) => (
                    m,
                    b.trim_end_matches(|c: char| c.is_ascii_alphabetic())
                        .parse::<u32>()
                        .map_err(|_| bad())?,
                ),
                (None, Some(m)) => (
                    m,
                    a.trim_end_matches(|c: char| c.is_ascii_alphabetic())
                        .parse::<u32>()
                        .map_err(|_| bad())?,
                ),
                _ => return Err(bad()),
            };
            let this_year = NaiveDate::from_ymd_opt(today.year(), m, d).ok_or_else(bad)?;
            if this_year >= today {
                this_year
            } else {
                NaiveDate::from_ymd_opt(today.year() + 1, m, d).ok_or_else(bad)?
            }
        }
        _ => return Err(bad()),
    };
    Ok((date, time))
}

/// `n` days, weeks, months or years after `today` (`ago`: before it).
fn shift(today: NaiveDate, n: i64, unit: &str, ago: bool) -> Option<NaiveDate> {
    if !(0..=3650).contains(&n) {
        return None;
    }
    let (days, months) = match unit.trim_end_matches('s') {
        "day" => (n, 0),
        "week" => (7 * n, 0),
        "month" => (0, n),
        "year" => (0, 12 * n),
        _ => return None,
    };
    let months = Months::new(u32::try_from(months).ok()?);
    if ago {
        today
            .checked_sub_months(months)?
            .checked_sub_signed(Duration::days(days))
    } else {
        today
            .checked_add_months(months)?
            .checked_add_signed(Duration::days(days))
    }
}

/// A count as a number or in words ("a week", "two weeks", "a couple of days").
fn count(w: &str) -> Option<i64> {
    const WORDS: [&str; 13] = [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
        "eleven", "twelve",
    ];
    match w {
        "a" | "an" => Some(1),
        _ => w
            .parse()
            .ok()
            .or_else(|| WORDS.iter().position(|x| *x == w).map(|i| i as i64)),
    }
}

/// A day as a person says it relative to `today`: "today", "tomorrow", "yesterday", the
/// weekday within the coming week ("Fri"), else the date (ISO, never ambiguous).
pub fn relative_day(d: NaiveDate, today: NaiveDate) -> String {
    match (d - today).num_days() {
        0 => "today".into(),
        1 => "tomorrow".into(),
        -1 => "yesterday".into(),
        2..=6 => d.format("%a").to_string(),
        _ => d.to_string(),
    }
}

#[cfg(test)]
mod tests {
    #[rstest::rstest]
    #[case("2026-11-30", "today")]
    #[case("2026-12-01", "tomorrow")]
    #[case("2026-11-29", "yesterday")]
    #[case("2026-12-04", "Fri")]
    #[case("2026-12-07", "2026-12-07")]
    #[case("2026-11-20", "2026-11-20")]
    fn relative_days_read_as_people_say_them(#[case] d: &str, #[case] want: &str) {
        let today = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
        assert_eq!(relative_day(d.parse().unwrap(), today), want);
    }

    use super::*;
    use rstest::rstest;

    // 2026-11-28 is a Saturday.
    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 28).unwrap()
    }

    /// The one reading of due text every face uses (issue 14).
    #[rstest]
    #[case("", DueText::Clear)]
    #[case(" none ", DueText::Clear)]
    #[case("CLEAR", DueText::Clear)]
    #[case("tomorrow 9am", DueText::Set(NaiveDate::from_ymd_opt(2026, 11, 29).unwrap(), NaiveTime::from_hms_opt(9, 0, 0)))]
    #[case("2026-12-05", DueText::Set(NaiveDate::from_ymd_opt(2026, 12, 5).unwrap(), None))]
    fn due_text_is_read_one_way(#[case] input: &str, #[case] want: DueText) {
        assert_eq!(parse_due_text("due", input, today()).unwrap(), want);
    }

    #[test]
    fn a_bad_time_names_the_field() {
        assert_eq!(parse_time_text("dueTime", "none").unwrap(), None);
        assert!(parse_time_text("dueTime", "25:99")
            .unwrap_err()
            .to_string()
            .starts_with("dueTime: must be a time of day"));
    }

    #[rstest]
    #[case("today", "2026-11-28", None)]
    #[case("Tomorrow", "2026-11-29", None)]
    #[case("tomorrow 9am", "2026-11-29", Some("09:00"))]
    #[case("friday at 5pm", "2026-12-04", Some("17:00"))]
    #[case("saturday", "2026-11-28", None)]
    #[case("next friday", "2026-12-04", None)]
    #[case("next monday", "2026-11-30", None)]
    #[case("next week", "2026-11-30", None)]
    #[case("in 3 days", "2026-12-01", None)]
    #[case("in 2 weeks", "2026-12-12", None)]
    #[case("next month", "2026-12-01", None)]
    #[case("end of month", "2026-11-30", None)]
    #[case("dec 5", "2026-12-05", None)]
    #[case("5 december 14:30", "2026-12-05", Some("14:30"))]
    #[case("jan 2", "2027-01-02", None)]
    #[case("2026-12-24", "2026-12-24", None)]
    #[case("tonight", "2026-11-28", Some("20:00"))]
    #[case("this weekend", "2026-11-28", None)]
    #[case("next weekend", "2026-12-05", None)]
    #[case("in two weeks", "2026-12-12", None)]
    #[case("in a week", "2026-12-05", None)]
    #[case("in a couple of days", "2026-11-30", None)]
    #[case("end of the month", "2026-11-30", None)]
    #[case("eod", "2026-11-28", None)]
    #[case("3 days ago", "2026-11-25", None)]
    #[case("a week ago", "2026-11-21", None)]
    #[case("2 months ago", "2026-09-28", None)]
    #[case("last week", "2026-11-16", None)]
    #[case("the day after tomorrow", "2026-11-30", None)]
    fn due_phrases(#[case] input: &str, #[case] date: &str, #[case] time: Option<&str>) {
        let (d, t) = parse_due("due", input, today()).unwrap();
        assert_eq!(d.to_string(), date, "{input}");
        assert_eq!(
            t.map(|t| t.format("%H:%M").to_string()).as_deref(),
            time,
            "{input}"
        );
    }

    #[rstest]
    #[case("2026-11-30", "2026-11-23")] // a Monday
    #[case("2026-11-29", "2026-11-16")] // a Sunday
    fn last_week_is_the_monday_of_the_week_before(#[case] today: &str, #[case] expected: &str) {
        let today = NaiveDate::parse_from_str(today, "%Y-%m-%d").unwrap();
        let (d, _) = parse_due("from", "last week", today).unwrap();
        assert_eq!(d.to_string(), expected);
    }

    #[rstest]
    #[case("2026-11-27", "2026-11-28")] // Friday: the coming Saturday
    #[case("2026-11-29", "2026-11-29")] // Sunday: today, not next Saturday
    #[case("2026-11-30", "2026-12-05")]
    fn this_weekend_on_a_sunday_is_today(#[case] today: &str, #[case] expected: &str) {
        let today = NaiveDate::parse_from_str(today, "%Y-%m-%d").unwrap();
        let (d, _) = parse_due("due", "this weekend", today).unwrap();
        assert_eq!(d.to_string(), expected);
    }

    #[rstest]
    #[case("someday")]
    #[case("")]
    #[case("feb 30")]
    #[case("in many days")]
    #[case("13pm")]
    fn nonsense_is_refused_with_help(#[case] input: &str) {
        let e = parse_due("todos[0].due", input, today()).unwrap_err();
        assert_eq!(e.field, "todos[0].due");
        assert!(e.rule.contains("YYYY-MM-DD"), "{e}");
    }
}
