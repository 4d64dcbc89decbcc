//! Insight rules against hand-computed expectations, in a zone west of UTC.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use rstest::rstest;

use super::*;
use crate::day::PlanTask;
use crate::{DayDate, NewTodo, Status, TodoId};

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

fn zone() -> chrono_tz::Tz {
    chrono_tz::America::New_York
}

/// Created at `created`, completed at `done` (UTC instants), with a deadline and tags.
fn todo(
    n: u8,
    created: &str,
    done: Option<&str>,
    due: Option<&str>,
    project: &str,
    tags: &[&str],
) -> Todo {
    let mut t = NewTodo::new(format!("todo {n}"))
        .into_todo(TodoId::new_v7(u64::from(n), [n; 10]), at(created))
        .unwrap();
    if let Some(done) = done {
        t.status = Status::Completed;
        t.completed_at = Some(at(done));
    }
    t.due = due.map(d);
    if !project.is_empty() {
        t.category = project.into();
    }
    t.tags = tags.iter().map(|s| (*s).to_owned()).collect();
    t
}

fn plan(date: &str, tasks: &[(&str, u32)]) -> DayPlan {
    let mut p = DayPlan::new(DayDate::new(d(date)), at("2026-11-01T12:00:00Z"));
    p.tasks = tasks
        .iter()
        .enumerate()
        .map(|(i, (text, carried))| {
            let mut t = PlanTask::new(format!("t{i}"), (*text).into(), false);
            t.carried = *carried;
            t
        })
        .collect();
    p
}

fn journal(date: &str, mood: Option<&str>) -> JournalDay {
    let mut j = JournalDay::new(DayDate::new(d(date)), at("2026-11-01T12:00:00Z"));
    j.highlights = vec!["something".into()];
    j.mood = mood.map(str::to_owned);
    j
}

fn run(todos: &[Todo], plans: &[DayPlan], journals: &[JournalDay], group: Group) -> Insights {
    // Today is Monday 30 November 2026 in New York (15:00 UTC is 10:00 there).
    let today = Today::at(at("2026-11-30T15:00:00Z"), zone());
    insights(
        Sources {
            todos: todos.iter(),
            plans: plans.iter(),
            journals: journals.iter(),
            archives: std::iter::empty(),
        },
        d("2026-11-23"),
        d("2026-11-30"),
        group,
        &today,
    )
}

#[test]
fn completions_count_on_the_local_day_with_on_time_rate_and_median() {
    let todos = [
        // Done 01:30 UTC on the 24th: still the 23rd in New York; due the 23rd, so on time.
        todo(
            1,
            "2026-11-20T12:00:00Z",
            Some("2026-11-24T01:30:00Z"),
            Some("2026-11-23"),
            "Home",
            &["diy"],
        ),
        // Done the 26th, due the 25th: late.
        todo(
            2,
            "2026-11-25T12:00:00Z",
            Some("2026-11-26T15:00:00Z"),
            Some("2026-11-25"),
            "Home",
            &[],
        ),
        // No deadline; done the 30th.
        todo(
            3,
            "2026-11-29T15:00:00Z",
            Some("2026-11-30T15:00:00Z"),
            None,
            "",
            &["diy"],
        ),
        // Done before the range: not counted, but its creation is outside too.
        todo(
            4,
            "2026-11-01T12:00:00Z",
            Some("2026-11-10T12:00:00Z"),
            None,
            "",
            &[],
        ),
        // Open and overdue now.
        todo(5, "2026-11-24T12:00:00Z", None, Some("2026-11-27"), "", &[]),
    ];
    let i = run(&todos, &[], &[], Group::Day);
    assert_eq!((i.completed, i.created), (3, 3));
    let per_day: Vec<(String, usize)> = i
        .completions
        .iter()
        .map(|b| (b.start.to_string(), b.completed))
        .filter(|(_, n)| *n > 0)
        .collect();
    assert_eq!(
        per_day,
        [
            ("2026-11-23".into(), 1),
            ("2026-11-26".into(), 1),
            ("2026-11-30".into(), 1)
        ]
    );
    assert_eq!(
        i.completions.len(),
        8,
        "every day of the range, empty ones too"
    );
    assert_eq!((i.with_deadline, i.on_time), (2, 1));
    assert_eq!(i.on_time_rate, Some(0.5));
    // 3.6 days, 1.1 days, 1.0 day: the median is 1.1.
    assert_eq!(i.median_days_to_complete, Some(1.1));
    assert_eq!(i.overdue_now, 1);
    assert_eq!(
        i.by_project,
        [("Home".to_owned(), 2), ("No project".to_owned(), 1)]
    );
    assert_eq!(i.by_tag, [("diy".to_owned(), 2)]);
}

#[rstest]
#[case(Group::Week, &[("2026-11-23", 3), ("2026-11-30", 1)])]
#[case(Group::Month, &[("2026-11-01", 4)])]
fn completions_group_by_week_from_monday_and_by_month(
    #[case] group: Group,
    #[case] expected: &[(&str, usize)],
) {
    let todos: Vec<Todo> = [
        "2026-11-23T15:00:00Z",
        "2026-11-25T15:00:00Z",
        "2026-11-29T20:00:00Z",
        "2026-11-30T15:00:00Z",
    ]
    .iter()
    .enumerate()
    .map(|(n, done)| {
        todo(
            n as u8 + 1,
            "2026-11-22T15:00:00Z",
            Some(done),
            None,
            "",
            &[],
        )
    })
    .collect();
    let i = run(&todos, &[], &[], group);
    let got: Vec<(String, usize)> = i
        .completions
        .iter()
        .map(|b| (b.start.to_string(), b.completed))
        .collect();
    let want: Vec<(String, usize)> = expected
        .iter()
        .map(|(s, n)| ((*s).to_owned(), *n))
        .collect();
    assert_eq!(got, want);
}

#[test]
fn streaks_carry_overs_and_moods() {
    let plans = [
        plan("2026-11-26", &[("Call the plumber", 1)]),
        plan("2026-11-27", &[("Call the plumber", 2), ("Write notes", 0)]),
        plan("2026-11-28", &[("Call the plumber", 3)]),
        plan("2026-11-29", &[]),
        plan("2026-11-30", &[("Fresh", 0)]),
    ];
    let journals = [
        journal("2026-11-24", Some("tired")),
        journal("2026-11-25", None),
        journal("2026-11-26", Some("calm")),
        journal("2026-11-28", None),
        journal("2026-11-29", Some("happy")),
    ];
    let i = run(&[], &plans, &journals, Group::Day);
    assert_eq!(
        i.planned_days, 4,
        "a plan with no task is not a planned day"
    );
    assert_eq!(i.journaled_days, 5);
    assert_eq!(i.carry_overs, 3);
    assert_eq!(
        i.carried_longest,
        [Carried {
            text: "Call the plumber".into(),
            carried: 3,
            date: d("2026-11-28")
        }]
    );
    // Plans: 26, 27, 28 then a gap (29 has no task), then 30 (today).
    assert_eq!((i.plan_streak.current, i.plan_streak.longest), (1, 3));
    // Journals: 28 and 29 up to yesterday (today has none yet); 24-26 is the longest.
    assert_eq!((i.journal_streak.current, i.journal_streak.longest), (2, 3));
    assert_eq!(
        i.moods,
        [
            (d("2026-11-24"), "tired".to_owned()),
            (d("2026-11-26"), "calm".to_owned()),
            (d("2026-11-29"), "happy".to_owned())
        ]
    );
}

#[rstest]
#[case("2026-11-30", "2026-11-23", "from")]
#[case("2016-01-01", "2026-11-30", "from")]
fn a_bad_range_names_the_field(#[case] from: &str, #[case] to: &str, #[case] field: &str) {
    assert_eq!(check_range(d(from), d(to)).unwrap_err().field, field);
}

#[test]
fn a_day_after_a_dst_change_is_still_one_day() {
    // New York leaves DST on 1 November 2026: a completion at 04:30 UTC on the 2nd is 23:30
    // on the 1st there.
    let t = todo(
        1,
        "2026-10-30T12:00:00Z",
        Some("2026-11-02T04:30:00Z"),
        Some("2026-11-01"),
        "",
        &[],
    );
    let today = Today::at(
        Utc.with_ymd_and_hms(2026, 11, 30, 15, 0, 0).unwrap(),
        zone(),
    );
    let i = insights(
        Sources {
            todos: [t].iter(),
            plans: std::iter::empty(),
            journals: std::iter::empty(),
            archives: std::iter::empty(),
        },
        d("2026-11-01"),
        d("2026-11-02"),
        Group::Day,
        &today,
    );
    assert_eq!(i.completions[0].completed, 1);
    assert_eq!(i.on_time, 1);
}

fn scored(date: &str, score: u8) -> JournalDay {
    let mut j = journal(date, None);
    j.mood_score = Some(score);
    j
}

#[test]
fn mood_scores_average_per_week_and_over_the_range() {
    // Weeks from Monday: 23-29 Nov has 4, 4 and 5 (4.3); 30 Nov has 2.
    let journals = [
        scored("2026-11-23", 4),
        journal("2026-11-24", Some("no score that day")),
        scored("2026-11-25", 4),
        scored("2026-11-29", 5),
        scored("2026-11-30", 2),
    ];
    let i = run(&[], &[], &journals, Group::Week);
    let weekly: Vec<(NaiveDate, Option<f64>)> =
        i.completions.iter().map(|b| (b.start, b.mood)).collect();
    assert_eq!(
        weekly,
        [(d("2026-11-23"), Some(4.3)), (d("2026-11-30"), Some(2.0))]
    );
    assert_eq!(i.mood_scores.len(), 4);
    assert_eq!(i.average_mood, Some(3.8), "15 / 4 = 3.75");
    assert_eq!(i.journaled_dates.len(), 5);
}

#[test]
fn on_time_rate_per_bucket() {
    // Week of 23 Nov: done the 24th by its deadline the 25th, done the 26th after it (0.5);
    // 30 Nov: done on its deadline day (1.0); a todo with no deadline counts in neither.
    let todos = [
        todo(
            1,
            "2026-11-18T15:00:00Z",
            Some("2026-11-24T15:00:00Z"),
            Some("2026-11-25"),
            "",
            &[],
        ),
        todo(
            2,
            "2026-11-18T15:00:00Z",
            Some("2026-11-26T15:00:00Z"),
            Some("2026-11-25"),
            "",
            &[],
        ),
        todo(
            3,
            "2026-11-18T15:00:00Z",
            Some("2026-11-27T15:00:00Z"),
            None,
            "",
            &[],
        ),
        todo(
            4,
            "2026-11-18T15:00:00Z",
            Some("2026-11-30T14:00:00Z"),
            Some("2026-11-30"),
            "",
            &[],
        ),
    ];
    let i = run(&todos, &[], &[], Group::Week);
    let rates: Vec<Option<f64>> = i.completions.iter().map(|b| b.on_time_rate).collect();
    assert_eq!(rates, [Some(0.5), Some(1.0)]);
}

/// With a 04:00 day start, a todo done at 00:30 local belongs to the day before, the day that
/// is still "today" then: insights asked at that moment count it (they missed it before).
#[test]
fn a_completion_before_the_day_start_counts_on_the_day_before() {
    // 05:30 UTC on 1 December is 00:30 in New York: still 30 November with a 04:00 start.
    let now = at("2026-12-01T05:30:00Z");
    let start = chrono::NaiveTime::from_hms_opt(4, 0, 0).unwrap();
    let today = Today::at_day_start(now, zone(), start);
    assert_eq!(today.date, d("2026-11-30"));
    let todos = [todo(
        1,
        "2026-11-30T15:00:00Z",
        Some("2026-12-01T05:30:00Z"),
        None,
        "",
        &[],
    )];
    let i = insights(
        Sources {
            todos: todos.iter(),
            plans: std::iter::empty(),
            journals: std::iter::empty(),
            archives: std::iter::empty(),
        },
        d("2026-11-01"),
        today.date,
        Group::Day,
        &today,
    );
    assert_eq!(i.completed, 1);
    assert_eq!(i.completions.last().map(|b| b.completed), Some(1));
}
