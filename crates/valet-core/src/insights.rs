//! Insights over a range of days, from what Valet already keeps: completions per day, week or
//! month, the on-time rate against deadlines, time to complete, carry-overs and the tasks
//! carried longest, streaks of planned and journaled days, moods, by project and tag. Every
//! date is the user's local date. One rule for the CLI, MCP and the app.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::{Datelike, Duration, NaiveDate};
use serde::Serialize;

use crate::day::{ArchivedDay, DayPlan, JournalDay};
use crate::time::Today;
use crate::todo::{Todo, DEFAULT_CATEGORY};
use crate::ValidationError;

/// How completions are bucketed.
#[derive(ts_rs::TS)]
#[ts(rename = "InsightsGroup")]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Group {
    #[default]
    Day,
    Week,
    Month,
}

impl Group {
    pub fn parse(field: &str, s: &str) -> Result<Group, ValidationError> {
        match s.trim().to_ascii_lowercase().as_str() {
            "day" | "days" | "daily" => Ok(Group::Day),
            "week" | "weeks" | "weekly" => Ok(Group::Week),
            "month" | "months" | "monthly" => Ok(Group::Month),
            other => Err(ValidationError::new(
                field,
                format!("must be day, week or month; got {other:?}"),
            )),
        }
    }

    /// The first day of the bucket holding `d` (weeks start on Monday).
    fn start(self, d: NaiveDate) -> NaiveDate {
        match self {
            Group::Day => d,
            Group::Week => d - Duration::days(i64::from(d.weekday().num_days_from_monday())),
            Group::Month => d.with_day(1).unwrap_or(d),
        }
    }

    fn next(self, d: NaiveDate) -> NaiveDate {
        match self {
            Group::Day => d + Duration::days(1),
            Group::Week => d + Duration::days(7),
            Group::Month => d
                .checked_add_months(chrono::Months::new(1))
                .unwrap_or(d + Duration::days(31)),
        }
    }
}

/// The most days one query may cover (ten years).
pub const MAX_RANGE_DAYS: i64 = 3660;

/// Checks a range given as `from`..=`to`.
pub fn check_range(from: NaiveDate, to: NaiveDate) -> Result<(), ValidationError> {
    if from > to {
        return Err(ValidationError::new(
            "from",
            format!("must be on or before to ({to}); got {from}"),
        ));
    }
    if (to - from).num_days() >= MAX_RANGE_DAYS {
        return Err(ValidationError::new(
            "from",
            format!("the range may cover at most {MAX_RANGE_DAYS} days"),
        ));
    }
    Ok(())
}

#[derive(ts_rs::TS)]
#[ts(rename = "InsightsBucket")]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Bucket {
    /// The bucket's first day.
    pub start: NaiveDate,
    pub completed: usize,
    /// Of the todos completed in the bucket that had a deadline, the share done by it.
    pub on_time_rate: Option<f64>,
    /// The average mood score (1 to 5, one decimal) of the bucket's journaled days that have one.
    pub mood: Option<f64>,
}

#[derive(ts_rs::TS)]
#[ts(rename = "CarriedTask")]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Carried {
    pub text: String,
    /// How many times "new day" carried it over.
    pub carried: u32,
    /// The last day it was on a plan.
    pub date: NaiveDate,
}

#[derive(ts_rs::TS, Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Streaks {
    /// Days in a row up to today (or yesterday, while today has none yet).
    pub current: usize,
    /// The longest run that ended within the range.
    pub longest: usize,
}

#[derive(ts_rs::TS, Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Insights {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub group: Group,
    /// Todos completed in the range.
    pub completed: usize,
    /// Todos created in the range.
    pub created: usize,
    pub completions: Vec<Bucket>,
    /// Completed todos that had a deadline, and how many of those were done by it.
    pub with_deadline: usize,
    pub on_time: usize,
    /// `on_time / with_deadline`, when any had a deadline.
    pub on_time_rate: Option<f64>,
    /// Median days from creation to completion (one decimal).
    pub median_days_to_complete: Option<f64>,
    /// Open todos past their deadline today.
    pub overdue_now: usize,
    /// Completions by project (the todo's project; "No project" for none), most first.
    pub by_project: Vec<(String, usize)>,
    /// Completions by tag, most first.
    pub by_tag: Vec<(String, usize)>,
    /// Days in the range with a plan of at least one task, and with a journal.
    pub planned_days: usize,
    pub journaled_days: usize,
    /// Times a task was carried into a day of the range.
    pub carry_overs: usize,
    pub carried_longest: Vec<Carried>,
    pub plan_streak: Streaks,
    pub journal_streak: Streaks,
    /// The mood of each journaled day that has one.
    pub moods: Vec<(NaiveDate, String)>,
    /// The mood score (1 to 5) of each journaled day that has one.
    pub mood_scores: Vec<(NaiveDate, u8)>,
    /// Their average, one decimal.
    pub average_mood: Option<f64>,
    /// Every journaled day of the range (for a calendar heat-map).
    pub journaled_dates: Vec<NaiveDate>,
}

/// Everything Insights reads.
pub struct Sources<'a, T, P, J, A>
where
    T: Iterator<Item = &'a Todo>,
    P: Iterator<Item = &'a DayPlan>,
    J: Iterator<Item = &'a JournalDay>,
    A: Iterator<Item = &'a ArchivedDay>,
{
    pub todos: T,
    pub plans: P,
    pub journals: J,
    pub archives: A,
}

fn top(m: HashMap<String, usize>, n: usize) -> Vec<(String, usize)> {
    let mut v: Vec<(String, usize)> = m.into_iter().collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    v.truncate(n);
    v
}

fn streaks(
    days: &BTreeSet<NaiveDate>,
    from: NaiveDate,
    to: NaiveDate,
    today: NaiveDate,
) -> Streaks {
    let mut current = 0;
    let mut d = if days.contains(&today) {
        today
    } else {
        today - Duration::days(1)
    };
    while days.contains(&d) {
        current += 1;
        d -= Duration::days(1);
    }
    let (mut longest, mut run, mut prev): (usize, usize, Option<NaiveDate>) = (0, 0, None);
    for &d in days.range(..=to) {
        run = match prev {
            Some(p) if d - p == Duration::days(1) => run + 1,
            _ => 1,
        };
        prev = Some(d);
        if d >= from {
            longest = longest.max(run);
        }
    }
    Streaks { current, longest }
}

/// Insights for `from..=to` (checked with [`check_range`] by the caller).
pub fn insights<'a, T, P, J, A>(
    src: Sources<'a, T, P, J, A>,
    from: NaiveDate,
    to: NaiveDate,
    group: Group,
    today: &Today,
) -> Insights
where
    T: Iterator<Item = &'a Todo>,
    P: Iterator<Item = &'a DayPlan>,
    J: Iterator<Item = &'a JournalDay>,
    A: Iterator<Item = &'a ArchivedDay>,
{
    let local = |t: chrono::DateTime<chrono::Utc>| today.day_of(t);
    let in_range = |d: NaiveDate| d >= from && d <= to;
    // Per bucket: completed, with a deadline, on time.
    let mut buckets: BTreeMap<NaiveDate, (usize, usize, usize)> = BTreeMap::new();
    let mut b = group.start(from);
    while b <= to {
        buckets.insert(b, (0, 0, 0));
        b = group.next(b);
    }
    let (mut completed, mut created, mut with_deadline, mut on_time, mut overdue_now) =
        (0, 0, 0, 0, 0);
    let mut durations: Vec<f64> = Vec::new();
    let (mut by_project, mut by_tag) = (HashMap::new(), HashMap::new());
    for t in src.todos {
        if in_range(local(t.created_at)) {
            created += 1;
        }
        if t.status.is_open() {
            if t.due.is_some_and(|d| d < today.date) {
                overdue_now += 1;
            }
            continue;
        }
        let Some(done_at) = t.completed_at else {
            continue;
        };
        let day = local(done_at);
        if !in_range(day) {
            continue;
        }
        completed += 1;
        let bucket = buckets.entry(group.start(day)).or_default();
        bucket.0 += 1;
        if let Some(due) = t.due {
            with_deadline += 1;
            bucket.1 += 1;
            if day <= due {
                on_time += 1;
                bucket.2 += 1;
            }
        }
        durations.push((done_at - t.created_at).num_minutes().max(0) as f64 / 1440.0);
        let project = if t.category == DEFAULT_CATEGORY {
            "No project".to_owned()
        } else {
            t.category.clone()
        };
        *by_project.entry(project).or_default() += 1;
        for tag in &t.tags {
            *by_tag.entry(tag.clone()).or_default() += 1;
        }
    }
    durations.sort_by(f64::total_cmp);
    let median = (!durations.is_empty()).then(|| {
        let m = durations.len() / 2;
        let v = if durations.len().is_multiple_of(2) {
            (durations[m - 1] + durations[m]) / 2.0
        } else {
            durations[m]
        };
        (v * 10.0).round() / 10.0
    });

    // A day's plan and journal are live, or archived once the day was started past them.
    let mut plans: BTreeMap<NaiveDate, &DayPlan> = BTreeMap::new();
    let mut journals: BTreeMap<NaiveDate, &JournalDay> = BTreeMap::new();
    for a in src.archives {
        if let Some(p) = &a.plan {
            plans.insert(a.date.date(), p);
        }
        if let Some(j) = &a.journal {
            journals.insert(a.date.date(), j);
        }
    }
    for p in src.plans {
        plans.insert(p.date.date(), p);
    }
    for j in src.journals {
        journals.insert(j.date.date(), j);
    }
    let planned: BTreeSet<NaiveDate> = plans
        .iter()
        .filter(|(_, p)| !p.tasks.is_empty())
        .map(|(d, _)| *d)
        .collect();
    let journaled: BTreeSet<NaiveDate> = journals
        .iter()
        .filter(|(_, j)| !j.is_empty())
        .map(|(d, _)| *d)
        .collect();
    let mut carry_overs = 0;
    let mut longest: HashMap<&str, Carried> = HashMap::new();
    for (d, p) in plans.range(from..=to) {
        for t in &p.tasks {
            if t.carried == 0 {
                continue;
            }
            carry_overs += 1;
            let e = longest.entry(t.text.as_str()).or_insert_with(|| Carried {
                text: t.text.clone(),
                carried: 0,
                date: *d,
            });
            if t.carried >= e.carried {
                e.carried = t.carried;
                e.date = *d;
            }
        }
    }
    let mut carried_longest: Vec<Carried> = longest.into_values().collect();
    carried_longest.sort_by(|a, b| b.carried.cmp(&a.carried).then(a.text.cmp(&b.text)));
    carried_longest.truncate(5);
    let moods = journals
        .range(from..=to)
        .filter_map(|(d, j)| j.mood.as_ref().map(|m| (*d, m.clone())))
        .collect();
    let mood_scores: Vec<(NaiveDate, u8)> = journals
        .range(from..=to)
        .filter_map(|(d, j)| j.mood_score.map(|m| (*d, m)))
        .collect();
    // (sum, count) over the range and per bucket; averaged to one decimal.
    let mean = |(sum, n): (u32, u32)| {
        (n > 0).then(|| (f64::from(sum) / f64::from(n) * 10.0).round() / 10.0)
    };
    let mut all = (0u32, 0u32);
    let mut mood_by_bucket: HashMap<NaiveDate, (u32, u32)> = HashMap::new();
    for (d, m) in &mood_scores {
        let e = mood_by_bucket.entry(group.start(*d)).or_default();
        for acc in [e, &mut all] {
            acc.0 += u32::from(*m);
            acc.1 += 1;
        }
    }
    let average_mood = mean(all);
    let rate = |with: usize, on: usize| (with > 0).then(|| on as f64 / with as f64);
    Insights {
        from,
        to,
        group,
        completed,
        created,
        completions: buckets
            .into_iter()
            .map(|(start, (completed, with, on))| Bucket {
                start,
                completed,
                on_time_rate: rate(with, on),
                mood: mood_by_bucket.get(&start).copied().and_then(mean),
            })
            .collect(),
        with_deadline,
        on_time,
        on_time_rate: rate(with_deadline, on_time),
        median_days_to_complete: median,
        overdue_now,
        by_project: top(by_project, 10),
        by_tag: top(by_tag, 10),
        planned_days: planned.range(from..=to).count(),
        journaled_days: journaled.range(from..=to).count(),
        journaled_dates: journaled.range(from..=to).copied().collect(),
        carry_overs,
        carried_longest,
        plan_streak: streaks(&planned, from, to, today.date),
        journal_streak: streaks(&journaled, from, to, today.date),
        moods,
        mood_scores,
        average_mood,
    }
}

#[cfg(test)]
#[path = "insights_tests.rs"]
mod tests;
