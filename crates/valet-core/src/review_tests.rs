//! The review's rules against a hand-built week, in a zone west of UTC.

use chrono::{DateTime, NaiveDate, Utc};
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

#[rstest]
#[case::monday(Period::Week, "2026-11-30", "2026-11-30", "2026-12-06")]
#[case::sunday(Period::Week, "2026-12-06", "2026-11-30", "2026-12-06")]
#[case::across_the_year(Period::Week, "2026-12-31", "2026-12-28", "2027-01-03")]
#[case::february(Period::Month, "2028-02-14", "2028-02-01", "2028-02-29")]
#[case::december(Period::Month, "2026-12-31", "2026-12-01", "2026-12-31")]
fn a_period_runs_monday_to_sunday_or_over_the_month(
    #[case] p: Period,
    #[case] day: &str,
    #[case] from: &str,
    #[case] to: &str,
) {
    assert_eq!(p.bounds(d(day)), (d(from), d(to)));
}

#[test]
fn a_period_is_named_in_words_or_refused_naming_the_field() {
    assert_eq!(Period::parse("period", "Monthly").unwrap(), Period::Month);
    let e = Period::parse("period", "year").unwrap_err();
    assert!(
        e.to_string().starts_with("period: must be week or month"),
        "{e}"
    );
}

fn todo(n: u8, content: &str, done: Option<&str>, due: Option<&str>, when: Option<&str>) -> Todo {
    let mut t = NewTodo::new(content)
        .into_todo(
            TodoId::new_v7(u64::from(n), [n; 10]),
            at("2026-11-20T15:00:00Z"),
        )
        .unwrap();
    if let Some(done) = done {
        t.status = Status::Completed;
        t.completed_at = Some(at(done));
    }
    t.due = due.map(d);
    t.when = when.map(d);
    t
}

#[test]
fn the_week_in_review() {
    // Today is Saturday 5 December 2026, 10:00 in New York; the week is 30 Nov to 6 Dec.
    let today = Today::at(at("2026-12-05T15:00:00Z"), chrono_tz::America::New_York);
    let todos = [
        // Done 02:00 UTC on 1 Dec: still 30 Nov in New York, on time.
        todo(
            1,
            "Pay rent",
            Some("2026-12-01T02:00:00Z"),
            Some("2026-11-30"),
            None,
        ),
        // Done after its deadline: completed and late.
        todo(
            2,
            "Send slides",
            Some("2026-12-03T15:00:00Z"),
            Some("2026-12-02"),
            None,
        ),
        // Done last week: not in this review.
        todo(3, "Old thing", Some("2026-11-27T15:00:00Z"), None, None),
        // Open, deadline passed this week: missed. Open, deadline next week: due next.
        todo(4, "Renew passport", None, Some("2026-12-04"), None),
        todo(5, "Dentist", None, Some("2026-12-09"), None),
        // Scheduled next week, no deadline: due next too; the week after: not.
        todo(6, "Plant tulips", None, None, Some("2026-12-07")),
        todo(7, "Far away", None, Some("2026-12-20"), None),
    ];
    let mut mon = DayPlan::new(DayDate::new(d("2026-11-30")), at("2026-11-30T12:00:00Z"));
    mon.tasks = vec![PlanTask::new("a".into(), "Call the plumber".into(), false)];
    let mut tue = DayPlan::new(DayDate::new(d("2026-12-01")), at("2026-12-01T12:00:00Z"));
    let mut carried = PlanTask::new("b".into(), "Call the plumber".into(), false);
    carried.carried = 1;
    tue.tasks = vec![carried.clone()];
    let mut wed = DayPlan::new(DayDate::new(d("2026-12-02")), at("2026-12-02T12:00:00Z"));
    carried.carried = 2;
    carried.done = true;
    wed.tasks = vec![carried];
    let mut jmon = JournalDay::new(DayDate::new(d("2026-11-30")), at("2026-11-30T12:00:00Z"));
    jmon.highlights = vec!["Rent paid early".into()];
    jmon.mood_score = Some(4);
    jmon.sections
        .insert("Week review".into(), "A steady week.".into());
    let mut jthu = JournalDay::new(DayDate::new(d("2026-12-03")), at("2026-12-03T12:00:00Z"));
    jthu.lessons = vec!["Send slides the day before".into()];
    jthu.mood = Some("rushed".into());
    let todos: Vec<&Todo> = todos.iter().collect();
    let r = review(
        &todos,
        &[&mon, &tue, &wed],
        &[&jmon, &jthu],
        &[],
        Period::Week,
        d("2026-12-05"),
        &today,
    );

    let names = |v: &[ReviewTodo]| v.iter().map(|t| t.content.clone()).collect::<Vec<_>>();
    assert_eq!((r.from, r.to), (d("2026-11-30"), d("2026-12-06")));
    assert_eq!(names(&r.completed), ["Pay rent", "Send slides"]);
    assert_eq!(
        r.completed[0].date,
        d("2026-11-30"),
        "the local day it was done"
    );
    assert_eq!(names(&r.late), ["Send slides"]);
    assert_eq!(names(&r.missed), ["Renew passport"]);
    assert_eq!(names(&r.due_next), ["Plant tulips", "Dentist"]);
    assert_eq!((r.next_from, r.next_to), (d("2026-12-07"), d("2026-12-13")));
    assert_eq!(
        r.slipped,
        [Slipped {
            text: "Call the plumber".into(),
            carried: 2,
            last: d("2026-12-02"),
            done: true
        }]
    );
    assert_eq!(
        r.highlights,
        [Dated {
            date: d("2026-11-30"),
            text: "Rent paid early".into()
        }]
    );
    assert_eq!(r.lessons[0].text, "Send slides the day before");
    assert_eq!(
        r.moods,
        [
            (d("2026-11-30"), Some(4), None),
            (d("2026-12-03"), None, Some("rushed".into()))
        ]
    );
    assert_eq!(r.reflection, "A steady week.");
    assert_eq!(r.numbers.completed, 2);
    assert_eq!(
        r.numbers.completions.len(),
        7,
        "a week's numbers are per day"
    );
}
