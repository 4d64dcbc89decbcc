//! A day's plan and journal: reading a day (every section, archived copy included), section
//! edits, structured edits, ticking and reordering plan tasks, and the list of days with
//! content. Each change is one mutation under the store lock.

use serde::Serialize;
use valet_core::{
    DayDate, DayEdit, DayFile, DayPlan, JournalDay, SectionUpdate, Status as TodoStatus, TodoPatch,
    ValidationError,
};
use valet_store::{Change, Record};

use crate::error::{Result, ServiceError};
use crate::valet::{check_batch, element_ids, DaySummary, DayView, Valet};

impl Valet {
    /// A day's plan, journal and archived copy (today when `date` is `None`).
    pub async fn day(&self, date: Option<DayDate>) -> Result<DayView> {
        let date = self.date_or_today(date).await;
        let today = DayDate::new(self.today().await.date);
        Ok(self
            .store()
            .read(|r| {
                let archived = r.archive(date);
                let plan = r
                    .plan(date)
                    .filter(|p| !p.is_empty())
                    .or(archived.and_then(|a| a.plan.as_ref()));
                let journal = r
                    .journal(date)
                    .filter(|j| !j.is_empty())
                    .or(archived.and_then(|a| a.journal.as_ref()));
                DayView {
                    date,
                    is_today: date == today,
                    sections: day_sections(plan, journal),
                    plan: r.plan(date).cloned(),
                    journal: r.journal(date).cloned(),
                    archived: archived.cloned(),
                }
            })
            .await?)
    }

    /// Applies section edits to a day's planner or journal; all succeed or nothing is written.
    pub async fn update_day(
        &self,
        date: Option<DayDate>,
        file: DayFile,
        updates: Vec<SectionUpdate>,
        keywords: Vec<String>,
    ) -> Result<DayView> {
        if updates.is_empty() && keywords.is_empty() {
            return Err(ValidationError::new("updates", "must contain at least one update").into());
        }
        check_batch("updates", updates.len())?;
        let date = self.date_or_today(date).await;
        let now = self.now();
        let local = self.local_time().await;
        let single = updates.len() == 1;
        let field = |i: usize, e: ValidationError| {
            if single {
                e
            } else {
                e.within(&format!("updates[{i}]"))
            }
        };
        self.store()
            .mutate(&self.actor_label(), |r| {
                let mut ids = element_ids();
                let change = match file {
                    DayFile::Planner => {
                        let mut p = r
                            .plan(date)
                            .cloned()
                            .unwrap_or_else(|| DayPlan::new(date, now));
                        for (i, u) in updates.iter().enumerate() {
                            p.apply(u, &mut ids).map_err(|e| field(i, e))?;
                        }
                        merge_keywords(&mut p.keywords, &keywords)?;
                        p.updated_at = now;
                        Change::Put(Record::Plan(p))
                    }
                    DayFile::Journal => {
                        let mut j = r
                            .journal(date)
                            .cloned()
                            .unwrap_or_else(|| JournalDay::new(date, now));
                        for (i, u) in updates.iter().enumerate() {
                            j.apply(u, local, &mut ids).map_err(|e| field(i, e))?;
                        }
                        merge_keywords(&mut j.keywords, &keywords)?;
                        j.updated_at = now;
                        Change::Put(Record::Journal(j))
                    }
                };
                Ok::<_, ServiceError>((vec![change], ()))
            })
            .await?;
        self.day(Some(date)).await
    }

    /// Applies structured edits to a day's plan and journal together: all or nothing.
    pub async fn edit_day(&self, date: Option<DayDate>, edit: DayEdit) -> Result<DayView> {
        if edit.is_empty() {
            return Err(ValidationError::new("edit", "must change at least one thing").into());
        }
        let date = self.date_or_today(date).await;
        let now = self.now();
        let local = self.local_time().await;
        let mut planned = Vec::with_capacity(edit.plan_todos.len());
        for (i, id) in edit.plan_todos.iter().enumerate() {
            planned.push(self.resolve_id(&format!("planTodos[{i}]"), id).await?);
        }
        self.store()
            .mutate(&self.actor_label(), |r| {
                let mut ids = element_ids();
                let mut changes = Vec::new();
                if edit.touches_plan() {
                    let mut p = r
                        .plan(date)
                        .cloned()
                        .unwrap_or_else(|| DayPlan::new(date, now));
                    let before: std::collections::HashMap<String, bool> =
                        p.tasks.iter().map(|t| (t.id.clone(), t.done)).collect();
                    edit.apply_plan(&mut p, &mut ids)?;
                    for (i, id) in planned.iter().enumerate() {
                        crate::planner::plan_linked(
                            r,
                            &mut p,
                            &format!("planTodos[{i}]"),
                            *id,
                            &mut ids,
                        )?;
                    }
                    // Ticking a task planned from the list completes (or reopens) the todo.
                    for t in &p.tasks {
                        let ticked = before.get(&t.id).is_some_and(|was| *was != t.done);
                        if let Some(todo) = t.todo.and_then(|id| r.todo(id)).filter(|_| ticked) {
                            let status = if t.done {
                                TodoStatus::Completed
                            } else {
                                TodoStatus::Pending
                            };
                            let (next, changed) = TodoPatch::status(status).apply(todo, now)?;
                            if changed {
                                changes.push(Change::Put(Record::Todo(next)));
                            }
                        }
                    }
                    p.updated_at = now;
                    changes.push(Change::Put(Record::Plan(p)));
                }
                if edit.touches_journal() {
                    let mut j = r
                        .journal(date)
                        .cloned()
                        .unwrap_or_else(|| JournalDay::new(date, now));
                    edit.apply_journal(&mut j, local, &mut ids)?;
                    j.updated_at = now;
                    changes.push(Change::Put(Record::Journal(j)));
                }
                Ok::<_, ServiceError>((changes, ()))
            })
            .await?;
        self.day(Some(date)).await
    }

    /// Sets a plan task's done state by its id.
    pub async fn set_plan_task(
        &self,
        date: Option<DayDate>,
        task_id: &str,
        done: bool,
    ) -> Result<DayView> {
        let date = self.date_or_today(date).await;
        let now = self.now();
        self.store()
            .mutate(&self.actor_label(), |r| {
                let mut p = r
                    .plan(date)
                    .cloned()
                    .ok_or_else(|| crate::planner::plan_not_found(date))?;
                let t = p
                    .tasks
                    .iter_mut()
                    .find(|t| t.id == task_id)
                    .ok_or_else(|| ServiceError::NotFound {
                        what: "plan task",
                        id: format!("{task_id} on {date}"),
                    })?;
                let mut changes = Vec::new();
                // Ticking a task planned from the list completes (or reopens) the todo too.
                if let Some(todo) = t.todo.and_then(|id| r.todo(id)) {
                    let status = if done {
                        TodoStatus::Completed
                    } else {
                        TodoStatus::Pending
                    };
                    if (todo.status == TodoStatus::Completed) != done {
                        let (next, _) = TodoPatch::status(status).apply(todo, now)?;
                        changes.push(Change::Put(Record::Todo(next)));
                    }
                }
                if t.done != done {
                    t.done = done;
                    p.updated_at = now;
                    changes.push(Change::Put(Record::Plan(p)));
                }
                Ok::<_, ServiceError>((changes, ()))
            })
            .await?;
        self.day(Some(date)).await
    }

    /// Days that have a plan, a journal or an archive, newest first.
    pub async fn days(&self, limit: Option<usize>) -> Result<Vec<DaySummary>> {
        Ok(self
            .store()
            .read(|r| {
                let mut dates: std::collections::BTreeSet<DayDate> =
                    std::collections::BTreeSet::new();
                dates.extend(r.plans().filter(|p| !p.is_empty()).map(|p| p.date));
                dates.extend(r.journals().filter(|j| !j.is_empty()).map(|j| j.date));
                dates.extend(r.archives().map(|a| a.date));
                dates
                    .into_iter()
                    .rev()
                    .take(limit.unwrap_or(usize::MAX))
                    .map(|d| {
                        let p = r.plan(d);
                        let j = r.journal(d);
                        DaySummary {
                            date: d,
                            has_plan: p.is_some_and(|p| !p.is_empty()),
                            has_journal: j.is_some_and(|j| !j.is_empty()),
                            archived: r.archive(d).is_some(),
                            open_tasks: p
                                .map(|p| p.tasks.iter().filter(|t| !t.done).count())
                                .unwrap_or(0),
                            done_tasks: p
                                .map(|p| p.tasks.iter().filter(|t| t.done).count())
                                .unwrap_or(0),
                            journal_entries: j.map(|j| j.entries.len()).unwrap_or(0),
                            plan_sections: p
                                .map(|p| {
                                    let skip = if p.tasks.is_empty() { "" } else { "tasks" };
                                    section_names(p.sections_in_order(), skip)
                                })
                                .unwrap_or_default(),
                            journal_sections: j
                                .map(|j| section_names(j.sections_in_order(), "entries"))
                                .unwrap_or_default(),
                        }
                    })
                    .collect()
            })
            .await?)
    }

    /// Reorders the plan tasks of `date` (default today): `ids` first, in that order, every
    /// other task after them (see `DayPlan::reorder_tasks`). Read and written under the lock,
    /// so a task another process adds meanwhile is kept.
    pub async fn reorder_plan_tasks(
        &self,
        date: Option<DayDate>,
        ids: &[String],
    ) -> Result<DayView> {
        let date = self.date_or_today(date).await;
        let now = self.now();
        self.store()
            .mutate(&self.actor_label(), |r| {
                let mut p = r
                    .plan(date)
                    .cloned()
                    .ok_or_else(|| crate::planner::plan_not_found(date))?;
                if !p.reorder_tasks(ids)? {
                    return Ok((vec![], ()));
                }
                p.updated_at = now;
                Ok::<_, ServiceError>((vec![Change::Put(Record::Plan(p))], ()))
            })
            .await?;
        self.day(Some(date)).await
    }
}

/// One section of a day with text, as Markdown.
#[derive(ts_rs::TS, Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DaySection {
    /// `plan` or `journal`.
    pub file: &'static str,
    pub name: String,
    pub title: String,
    pub text: String,
}

/// "personal_reminders" -> "Personal reminders"; a custom name keeps its own spelling.
pub fn section_title(name: &str) -> String {
    let spaced = name.replace('_', " ");
    let mut c = spaced.chars();
    match c.next() {
        Some(first) => first.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

fn day_sections(plan: Option<&DayPlan>, journal: Option<&JournalDay>) -> Vec<DaySection> {
    let of = |file: &'static str, list: Vec<(String, String)>| {
        list.into_iter().map(move |(name, text)| DaySection {
            file,
            title: section_title(&name),
            name,
            text,
        })
    };
    plan.map(|p| of("plan", p.sections_in_order()))
        .into_iter()
        .flatten()
        .chain(
            journal
                .map(|j| of("journal", j.sections_in_order()))
                .into_iter()
                .flatten(),
        )
        .collect()
}

fn merge_keywords(
    have: &mut Vec<String>,
    add: &[String],
) -> std::result::Result<(), ValidationError> {
    for (i, k) in add.iter().enumerate() {
        let k = valet_core::error::check_text(&format!("keywords[{i}]"), k, true, 100)?;
        if !have.iter().any(|h| h.eq_ignore_ascii_case(&k)) {
            have.push(k);
        }
    }
    Ok(())
}

fn section_names(secs: Vec<(String, String)>, except: &str) -> Vec<String> {
    secs.into_iter()
        .map(|(n, _)| n)
        .filter(|n| n != except)
        .collect()
}

impl Valet {
    /// Copies an archived day back, under one lock: onto its own day (prose sections replaced
    /// by the archived text, tasks and journal entries that are missing added back with their
    /// state), or, with `as_today`, onto today's plan (its open tasks, marked as carried from
    /// that day, and its prose sections where today's are empty). Returns the day written.
    pub async fn restore_archived_day(&self, date: DayDate, as_today: bool) -> Result<DayView> {
        let target = if as_today {
            DayDate::new(self.today().await.date)
        } else {
            date
        };
        let now = self.now();
        self.store()
            .mutate(&self.actor_label(), |r| {
                let a = r.archive(date).ok_or_else(|| ServiceError::NotFound {
                    what: "archived day",
                    id: date.to_string(),
                })?;
                let mut changes = Vec::new();
                if let Some(from) = &a.plan {
                    let mut p = r
                        .plan(target)
                        .cloned()
                        .unwrap_or_else(|| DayPlan::new(target, now));
                    crate::restore_day::restore_plan(&mut p, from, as_today);
                    p.updated_at = now;
                    changes.push(Change::Put(Record::Plan(p)));
                }
                if let (Some(from), false) = (&a.journal, as_today) {
                    let mut j = r
                        .journal(target)
                        .cloned()
                        .unwrap_or_else(|| JournalDay::new(target, now));
                    crate::restore_day::restore_journal(&mut j, from);
                    j.updated_at = now;
                    changes.push(Change::Put(Record::Journal(j)));
                }
                Ok::<_, ServiceError>((changes, ()))
            })
            .await?;
        self.day(Some(target)).await
    }
}
