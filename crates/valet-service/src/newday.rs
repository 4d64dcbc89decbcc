//! Starting a day: archive the most recent earlier day with a plan or journal and carry its
//! open plan tasks over. One function decides, so "Start a new day"'s preview and `new_day`
//! cannot disagree: the preview runs it over the records and writes nothing.

use chrono::{DateTime, Utc};
use serde::Serialize;
use valet_core::day::IdSource;
use valet_core::{ArchivedDay, DayDate, DayPlan};
use valet_store::{Change, Record, Records};

use crate::error::{Result, ServiceError};
use crate::valet::{element_ids, NewDayReport, Valet};

/// What starting `date` would do, without doing it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
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
fn plan(
    r: &Records,
    date: DayDate,
    now: DateTime<Utc>,
) -> (Vec<Change>, NewDayReport, Vec<String>) {
    let prev = r
        .plans()
        .rev()
        .map(|p| p.date)
        .find(|d| *d < date)
        .into_iter()
        .chain(r.journals().rev().map(|j| j.date).find(|d| *d < date))
        .max();
    let mut report = NewDayReport {
        date,
        previous: prev,
        archived: false,
        archive_note: None,
        carried_over: 0,
    };
    let mut changes = Vec::new();
    let mut carried = Vec::new();
    let Some(prev) = prev else {
        report.archive_note = Some("no earlier day has a plan or journal".into());
        return (changes, report, carried);
    };
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
        let mut today = r
            .plan(date)
            .cloned()
            .unwrap_or_else(|| DayPlan::new(date, now));
        let before = today.tasks.len();
        let mut ids = element_ids();
        let n = today.carry_over_from(from, &mut ids as &mut dyn IdSource);
        carried = today.tasks[before..]
            .iter()
            .map(|t| t.text.clone())
            .collect();
        if n > 0 {
            today.updated_at = now;
            changes.push(Change::Put(Record::Plan(today)));
        }
        report.carried_over = n;
    }
    (changes, report, carried)
}

impl Valet {
    /// Starts a day: archives the most recent earlier day that has content and carries its
    /// open plan tasks over. Safe to run twice: nothing is duplicated.
    pub async fn new_day(&self, date: Option<DayDate>) -> Result<NewDayReport> {
        let date = self.date_or_today(date).await;
        let now = self.now();
        self.store()
            .mutate(&self.actor_label(), |r| {
                let (changes, report, _) = plan(r, date, now);
                Ok::<_, ServiceError>((changes, report))
            })
            .await
    }

    /// What [`Valet::new_day`] would do on `date` (default today), computed the same way.
    pub async fn new_day_preview(&self, date: Option<DayDate>) -> Result<NewDayPreview> {
        let date = self.date_or_today(date).await;
        let now = self.now();
        let (_, report, carry_over) = self.store().read(|r| plan(r, date, now)).await?;
        Ok(NewDayPreview {
            date,
            previous: report.previous,
            would_archive: report.archived,
            carry_over,
        })
    }
}
