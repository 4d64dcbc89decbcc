//! Starting a day: archive the most recent earlier day with a plan or journal and carry its
//! open plan tasks over. One function decides, so "Start a new day"'s preview and `new_day`
//! cannot disagree: the preview runs it over the records and writes nothing.

use chrono::{DateTime, Utc};
use serde::Serialize;
use valet_core::planner::carry_over;
use valet_core::{ArchivedDay, DayDate, DayPlan, PlanTask, ValidationError};
use valet_store::{Change, Record, Records};

use crate::error::{Result, ServiceError};
use crate::valet::{NewDayReport, Valet};

/// What starting `date` would do, without doing it.
#[derive(ts_rs::TS, Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NewDayPreview {
    pub date: DayDate,
    /// The day that would be archived (the most recent earlier day with a plan or journal).
    pub previous: Option<DayDate>,
    /// Whether an archive record would be written (not when it is already archived unchanged).
    pub would_archive: bool,
    /// Open tasks of that day not already on `date`'s plan: they would be carried over.
    pub carry_over: Vec<String>,
}

/// The changes and report of starting `date`, decided over `r`.
pub(crate) fn decide(
    r: &Records,
    date: DayDate,
    now: DateTime<Utc>,
) -> (Vec<Change>, NewDayReport, Vec<PlanTask>) {
    // Empty records (a day that was started and left blank) are not a previous day.
    let prev = r
        .plans()
        .rev()
        .filter(|p| !p.is_empty())
        .map(|p| p.date)
        .find(|d| *d < date)
        .into_iter()
        .chain(
            r.journals()
                .rev()
                .filter(|j| !j.is_empty())
                .map(|j| j.date)
                .find(|d| *d < date),
        )
        .max();
    let mut report = NewDayReport {
        date,
        previous: prev,
        archived: false,
        archive_note: None,
        carried_over: 0,
    };
    let mut changes = Vec::new();
    let mut today = r
        .plan(date)
        .cloned()
        .unwrap_or_else(|| DayPlan::new(date, now));
    let mut carried = Vec::new();
    if let Some(prev) = prev {
        let plan = r.plan(prev).cloned();
        let journal = r.journal(prev).cloned();
        let same = r
            .archive(prev)
            .is_some_and(|a| a.plan == plan && a.journal == journal);
        if same {
            report.archive_note = Some(format!(
                "{prev} was already archived and has not changed since"
            ));
        } else {
            changes.push(Change::Put(Record::Archive(ArchivedDay {
                date: prev,
                plan: plan.clone(),
                journal,
                archived_at: now,
            })));
            report.archived = true;
        }
        if let Some(from) = &plan {
            carried = carry_over(&mut today, from, |id| {
                r.todo(id).is_some_and(|t| t.status.is_open())
            });
            report.carried_over = carried.len();
        }
    } else {
        report.archive_note = Some("no earlier day has a plan or journal".into());
    }
    if !carried.is_empty() || !today.started {
        today.started = true;
        today.updated_at = now;
        changes.push(Change::Put(Record::Plan(today)));
    }
    (changes, report, carried)
}

impl Valet {
    /// Starts a day: archives the most recent earlier day that has content and carries its
    /// open plan tasks over. Safe to run twice: nothing is duplicated.
    pub async fn new_day(&self, date: Option<DayDate>) -> Result<NewDayReport> {
        let date = self.started_day(date).await?;
        let now = self.now();
        self.store()
            .mutate(&self.actor_label(), |r| {
                let (changes, report, _) = decide(r, date, now);
                Ok::<_, ServiceError>((changes, report))
            })
            .await
    }

    /// `date` (default today), refused when it is after today: starting a later day would
    /// archive today while it is still going on, and carry a stale copy of its plan.
    async fn started_day(&self, date: Option<DayDate>) -> Result<DayDate> {
        let today = self.date_or_today(None).await;
        let date = date.unwrap_or(today);
        if date > today {
            return Err(ValidationError::new(
                "date",
                format!("must be today ({today}) or earlier: a later day has not started yet"),
            )
            .into());
        }
        Ok(date)
    }

    /// What [`Valet::new_day`] would do on `date` (default today), computed the same way.
    pub async fn new_day_preview(&self, date: Option<DayDate>) -> Result<NewDayPreview> {
        let date = self.started_day(date).await?;
        let now = self.now();
        let (_, report, carried) = self.store().read(|r| decide(r, date, now)).await?;
        Ok(NewDayPreview {
            date,
            previous: report.previous,
            would_archive: report.archived,
            carry_over: carried.into_iter().map(|t| t.text).collect(),
        })
    }
}
