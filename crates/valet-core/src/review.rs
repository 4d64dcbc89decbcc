//! The weekly (or monthly) review: what was completed, what slipped and how often, the
//! journal's highlights, challenges and lessons, what is due next, the period's numbers, and
//! the reflection written for it. One rule for the CLI (`valet review`), MCP (the
//! `weekly_review` prompt) and the app's Review view.
//!
//! The reflection is kept in the journal of the period's first day (Monday, or the 1st), as
//! the section [`Period::section`]: synced, searchable and shown in History like any journal
//! text, with no new kind of record.

use std::collections::{BTreeMap, HashMap};

use chrono::{Datelike, Duration, NaiveDate};
use serde::Serialize;

use crate::day::{ArchivedDay, DayPlan, JournalDay};
use crate::insights::{insights, Group, Insights, Sources};
use crate::time::Today;
use crate::todo::{Todo, DEFAULT_CATEGORY};
use crate::ValidationError;

/// The length of a review.
#[derive(ts_rs::TS)]
#[ts(rename = "ReviewPeriod")]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Period {
    #[default]
    Week,
    Month,
}

impl Period {
    pub fn parse(field: &str, s: &str) -> Result<Period, ValidationError> {
        match s.trim().to_ascii_lowercase().as_str() {
            "week" | "weekly" | "w" => Ok(Period::Week),
            "month" | "monthly" | "m" => Ok(Period::Month),
            other => Err(ValidationError::new(
                field,
                format!("must be week or month; got {other:?}"),
            )),
        }
    }

    /// The period holding `d`: Monday to Sunday, or the 1st to the month's last day.
    pub fn bounds(self, d: NaiveDate) -> (NaiveDate, NaiveDate) {
        match self {
            Period::Week => {
                let from = d - Duration::days(i64::from(d.weekday().num_days_from_monday()));
                (from, from + Duration::days(6))
            }
            Period::Month => {
                let from = d.with_day(1).unwrap_or(d);
                let next = from
                    .checked_add_months(chrono::Months::new(1))
                    .unwrap_or(from + Duration::days(31));
                (from, next - Duration::days(1))
            }
        }
    }

    /// The journal section that holds the period's reflection.
    pub fn section(self) -> &'static str {
        match self {
            Period::Week => "Week review",
            Period::Month => "Month review",
        }
    }

    fn group(self) -> Group {
        match self {
            Period::Week => Group::Day,
            Period::Month => Group::Week,
        }
    }
}

/// A todo as the review lists it.
#[derive(ts_rs::TS, Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReviewTodo {
    pub id: String,
    pub content: String,
    /// None for no project.
    pub project: Option<String>,
    /// Completed: the local day it was done; due next: its deadline or scheduled day.
    pub date: NaiveDate,
    /// The deadline, when it has one.
    pub due: Option<NaiveDate>,
}

/// A plan task carried from day to day within the period.
#[derive(ts_rs::TS)]
#[ts(rename = "SlippedTask")]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Slipped {
    pub text: String,
    /// How many times it was carried over, at most.
    pub carried: u32,
    /// The last day of the period it was on a plan.
    pub last: NaiveDate,
    /// Whether it was done that day.
    pub done: bool,
}

/// A line from a day's journal.
#[derive(ts_rs::TS)]
#[ts(rename = "DatedNote")]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Dated {
    pub date: NaiveDate,
    pub text: String,
}

#[derive(ts_rs::TS, Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Review {
    pub period: Period,
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// Todos completed in the period, oldest first.
    pub completed: Vec<ReviewTodo>,
    /// Of those, done after their deadline.
    pub late: Vec<ReviewTodo>,
    /// Open todos whose deadline fell in the period and has passed.
    pub missed: Vec<ReviewTodo>,
    /// Plan tasks carried over within the period, most carried first.
    pub slipped: Vec<Slipped>,
    pub highlights: Vec<Dated>,
    pub challenges: Vec<Dated>,
    pub lessons: Vec<Dated>,
    /// Each journaled day's mood, with its score when it has one.
    pub moods: Vec<(NaiveDate, Option<u8>, Option<String>)>,
    /// Open todos due or scheduled in the next period, soonest first.
    pub due_next: Vec<ReviewTodo>,
    pub next_from: NaiveDate,
    pub next_to: NaiveDate,
    /// The period's numbers (per day for a week, per week for a month).
    pub numbers: Insights,
    /// The reflection written for the period (empty: none yet).
    pub reflection: String,
}

fn item(t: &Todo, date: NaiveDate) -> ReviewTodo {
    ReviewTodo {
        id: t.id.to_string(),
        content: t.content.clone(),
        project: (t.category != DEFAULT_CATEGORY).then(|| t.category.clone()),
        date,
        due: t.due,
    }
}

/// The review of the `period` holding `at`.
pub fn review<'a>(
    todos: &[&'a Todo],
    plans: &[&'a DayPlan],
    journals: &[&'a JournalDay],
    archives: &[&'a ArchivedDay],
    period: Period,
    at: NaiveDate,
    today: &Today,
) -> Review {
    let (from, to) = period.bounds(at);
    let (next_from, next_to) = period.bounds(to + Duration::days(1));
    let local = |t: chrono::DateTime<chrono::Utc>| today.day_of(t);
    let (mut completed, mut late, mut missed, mut due_next) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for t in todos {
        if t.status.is_open() {
            if let Some(due) = t.due.filter(|d| *d >= from && *d <= to && *d < today.date) {
                missed.push(item(t, due));
            }
            let next = [t.due, t.when]
                .into_iter()
                .flatten()
                .filter(|d| *d >= next_from && *d <= next_to)
                .min();
            if let Some(d) = next {
                due_next.push(item(t, d));
            }
            continue;
        }
        let Some(day) = t.completed_at.map(local) else {
            continue;
        };
        if day < from || day > to {
            continue;
        }
        if t.due.is_some_and(|due| day > due) {
            late.push(item(t, day));
        }
        completed.push(item(t, day));
    }
    let by_date =
        |a: &ReviewTodo, b: &ReviewTodo| a.date.cmp(&b.date).then(a.content.cmp(&b.content));
    for v in [&mut completed, &mut late, &mut missed, &mut due_next] {
        v.sort_by(by_date);
    }

    // Live days win over their archived copies (as in History).
    let mut day_plans: BTreeMap<NaiveDate, &DayPlan> = BTreeMap::new();
    let mut day_journals: BTreeMap<NaiveDate, &JournalDay> = BTreeMap::new();
    for a in archives {
        if let Some(p) = &a.plan {
            day_plans.insert(a.date.date(), p);
        }
        if let Some(j) = &a.journal {
            day_journals.insert(a.date.date(), j);
        }
    }
    for p in plans {
        if !p.is_empty() || !day_plans.contains_key(&p.date.date()) {
            day_plans.insert(p.date.date(), p);
        }
    }
    for j in journals {
        if !j.is_empty() || !day_journals.contains_key(&j.date.date()) {
            day_journals.insert(j.date.date(), j);
        }
    }
    let mut slipped: HashMap<&str, Slipped> = HashMap::new();
    for (d, p) in day_plans.range(from..=to) {
        for t in p.tasks.iter().filter(|t| t.carried > 0) {
            let e = slipped.entry(t.text.as_str()).or_insert_with(|| Slipped {
                text: t.text.clone(),
                carried: 0,
                last: *d,
                done: false,
            });
            e.carried = e.carried.max(t.carried);
            if *d >= e.last {
                e.last = *d;
                e.done = t.done;
            }
        }
    }
    let mut slipped: Vec<Slipped> = slipped.into_values().collect();
    slipped.sort_by(|a, b| b.carried.cmp(&a.carried).then(a.text.cmp(&b.text)));

    let (mut highlights, mut challenges, mut lessons, mut moods) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for (d, j) in day_journals.range(from..=to) {
        for (out, list) in [
            (&mut highlights, &j.highlights),
            (&mut challenges, &j.challenges),
            (&mut lessons, &j.lessons),
        ] {
            out.extend(list.iter().map(|text| Dated {
                date: *d,
                text: text.clone(),
            }));
        }
        if j.mood.is_some() || j.mood_score.is_some() {
            moods.push((*d, j.mood_score, j.mood.clone()));
        }
    }
    // The live journal of the first day holds the reflection.
    let reflection = journals
        .iter()
        .find(|j| j.date.date() == from)
        .and_then(|j| j.sections.get(period.section()))
        .cloned()
        .unwrap_or_default();
    let numbers = insights(
        Sources {
            todos: todos.iter().copied(),
            plans: plans.iter().copied(),
            journals: journals.iter().copied(),
            archives: archives.iter().copied(),
        },
        from,
        to,
        period.group(),
        today,
    );
    Review {
        period,
        from,
        to,
        completed,
        late,
        missed,
        slipped,
        highlights,
        challenges,
        lessons,
        moods,
        due_next,
        next_from,
        next_to,
        numbers,
        reflection,
    }
}

#[cfg(test)]
#[path = "review_tests.rs"]
mod tests;
