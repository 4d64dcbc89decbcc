//! The planner for every face: the joined Today (started by itself at the first use of a
//! day), ticking and ordering its rows, planning a todo into the day, scheduling, Upcoming, the
//! History calendar, and what to do with a task carried too often. Each change is one mutation
//! under the store lock; the rules are `valet_core::planner`'s.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use valet_core::dates::DueText;
use valet_core::planner::{self, join_today, TodayItem, UpcomingDay};
use valet_core::{
    DayDate, DayPlan, JournalDay, NewTodo, PlanTask, Status as TodoStatus, Today, Todo, TodoId,
    TodoPatch, ValidationError,
};
use valet_store::{Change, Record, Records};

use crate::error::{Result, ServiceError};
use crate::valet::{element_ids, Valet};

/// Most days Upcoming shows at once.
pub const MAX_UPCOMING_DAYS: u32 = 92;

/// Today: the joined list, the rest of the day's plan and its journal.
#[derive(ts_rs::TS, Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TodayView {
    pub date: DayDate,
    pub items: Vec<TodayItem>,
    pub plan: Option<DayPlan>,
    pub journal: Option<JournalDay>,
    /// Only on the call that started the day.
    pub morning: Option<MorningSummary>,
    /// Tasks carried this many times or more are offered other homes.
    pub nudge_after: u32,
    pub counts: TodayCounts,
}

/// How many rows of each kind Today has.
#[derive(ts_rs::TS, Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TodayCounts {
    pub overdue: usize,
    pub due_today: usize,
    pub scheduled: usize,
    pub tasks: usize,
    pub done: usize,
}

/// What starting the day did, for the morning card.
#[derive(ts_rs::TS, Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MorningSummary {
    pub date: DayDate,
    pub previous: Option<DayDate>,
    pub archived: bool,
    pub carried: Vec<CarriedTask>,
    pub overdue: usize,
    pub due_today: usize,
    pub scheduled: usize,
}

/// A task carried into the day, and how many times it has been.
#[derive(ts_rs::TS)]
#[ts(rename = "MorningCarried")]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CarriedTask {
    pub text: String,
    pub carried: u32,
}

/// Upcoming: the next days, each with its scheduled todos and deadlines.
#[derive(ts_rs::TS, Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UpcomingView {
    pub today: DayDate,
    pub days: Vec<UpcomingDay>,
}

/// One month of History.
#[derive(ts_rs::TS, Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CalendarView {
    /// `YYYY-MM`.
    pub month: String,
    pub today: DayDate,
    /// Only days with at least one mark.
    pub days: Vec<CalendarDay>,
}

/// What a day of the calendar holds.
#[derive(ts_rs::TS, Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CalendarDay {
    pub date: DayDate,
    pub plan: bool,
    pub journal: bool,
    pub archived: bool,
    /// Todos completed that day, in the user's zone.
    pub completed: usize,
}

/// What to do with a task carried too often.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CarriedAction {
    /// Remove it from the day.
    Drop,
    /// Make it a todo on the list, linked to the task (it stays on the day).
    Todo,
    /// Make it a todo scheduled for a later day and take it off today.
    Later,
}

impl CarriedAction {
    pub fn parse(field: &str, s: &str) -> std::result::Result<Self, ValidationError> {
        match s.trim().to_ascii_lowercase().as_str() {
            "drop" => Ok(CarriedAction::Drop),
            "todo" => Ok(CarriedAction::Todo),
            "later" => Ok(CarriedAction::Later),
            _ => Err(ValidationError::new(
                field,
                format!("must be one of drop, todo, later; got {s:?}"),
            )),
        }
    }
}

fn today_counts(items: &[TodayItem]) -> TodayCounts {
    let mut c = TodayCounts::default();
    for it in items {
        if it.done() {
            c.done += 1;
            continue;
        }
        match it {
            TodayItem::Todo { reason, .. } => match reason {
                planner::Reason::Overdue => c.overdue += 1,
                planner::Reason::DueToday => c.due_today += 1,
                planner::Reason::Scheduled => c.scheduled += 1,
            },
            TodayItem::Task { .. } => c.tasks += 1,
        }
    }
    c
}

fn joined(r: &Records, date: DayDate, today: &Today) -> Vec<TodayItem> {
    join_today(r.plan(date), r.todos(), |id| r.todo(id), today)
}

pub(crate) fn plan_not_found(date: DayDate) -> ServiceError {
    ServiceError::NotFound {
        what: "plan",
        id: date.to_string(),
    }
}

fn task_not_found(id: &str, date: DayDate) -> ServiceError {
    ServiceError::NotFound {
        what: "plan task",
        id: format!("{id} on {date}"),
    }
}

impl Valet {
    /// Today's view. With `start`, the first call of a day starts it (archives the day before,
    /// carries its open tasks, marks the day started) and returns the morning summary; a
    /// replica that cannot be written (read-only) still gets the view.
    pub async fn today_view(&self, start: bool) -> Result<TodayView> {
        let morning = if start {
            match self.start_day_if_needed().await {
                Ok(m) => m,
                Err(e) if e.is_user_error() => return Err(e),
                Err(e) => {
                    tracing::warn!(code = e.code(), "could not start the day: {e}");
                    None
                }
            }
        } else {
            None
        };
        let today = self.today().await;
        let date = DayDate::new(today.date);
        let nudge_after = self.settings().await.nudge_after();
        let view = self
            .store()
            .read(|r| {
                let items = joined(r, date, &today);
                TodayView {
                    date,
                    counts: today_counts(&items),
                    items,
                    plan: r.plan(date).cloned(),
                    journal: r.journal(date).cloned(),
                    morning: None,
                    nudge_after,
                }
            })
            .await?;
        Ok(TodayView { morning, ..view })
    }

    /// Starts today if it has not been started (see [`Valet::today_view`]); `None` when it had.
    pub async fn start_day_if_needed(&self) -> Result<Option<MorningSummary>> {
        let today = self.today().await;
        let date = DayDate::new(today.date);
        if self
            .store()
            .read(|r| r.plan(date).is_some_and(|p| p.started))
            .await?
        {
            return Ok(None);
        }
        let now = self.now();
        self.store()
            .mutate(&self.actor_label(), |r| {
                if r.plan(date).is_some_and(|p| p.started) {
                    return Ok::<_, ServiceError>((vec![], None));
                }
                let (changes, report, carried) = crate::newday::decide(r, date, now);
                let mut overdue = 0;
                let mut due_today = 0;
                let mut scheduled = 0;
                for t in r.todos() {
                    match planner::reason(t, &today) {
                        Some(planner::Reason::Overdue) => overdue += 1,
                        Some(planner::Reason::DueToday) if t.status.is_open() => due_today += 1,
                        Some(planner::Reason::Scheduled) if t.status.is_open() => scheduled += 1,
                        _ => {}
                    }
                }
                // A first day ever, with nothing before it and nothing due, has no news.
                if report.previous.is_none() && overdue + due_today + scheduled == 0 {
                    return Ok((changes, None));
                }
                let summary = MorningSummary {
                    date,
                    previous: report.previous,
                    archived: report.archived,
                    carried: carried
                        .into_iter()
                        .map(|t| CarriedTask {
                            text: t.text,
                            carried: t.carried,
                        })
                        .collect(),
                    overdue,
                    due_today,
                    scheduled,
                };
                Ok((changes, Some(summary)))
            })
            .await
    }

    /// Ticks or unticks one row of Today by its key (`todo:<id>` or `task:<id>`). A task linked
    /// to a todo and the todo are one thing: either side completes or reopens both.
    pub async fn set_today_item(&self, key: &str, done: bool) -> Result<TodayView> {
        if let Some(id) = key.strip_prefix("todo:") {
            let status = if done {
                TodoStatus::Completed
            } else {
                TodoStatus::Pending
            };
            self.update_todo(id, TodoPatch::status(status)).await?;
        } else if let Some(id) = key.strip_prefix("task:") {
            self.set_plan_task(None, id, done).await?;
        } else {
            return Err(bad_key(key));
        }
        self.today_view(false).await
    }

    /// Reads a row of Today as a person types it: `todo:<id>` or `task:<id>` as listed, a
    /// plan task's id on today's plan, or a todo id (whole, or its last 8 characters).
    pub async fn today_key(&self, arg: &str) -> Result<String> {
        let arg = arg.trim();
        if arg.starts_with("todo:") || arg.starts_with("task:") {
            return Ok(arg.to_owned());
        }
        let date = DayDate::new(self.today().await.date);
        let is_task = self
            .store()
            .read(|r| {
                r.plan(date)
                    .is_some_and(|p| p.tasks.iter().any(|t| t.id == arg))
            })
            .await?;
        if is_task {
            return Ok(planner::task_key(arg));
        }
        Ok(planner::todo_key(self.resolve_id("id", arg).await?))
    }

    /// Saves the order of Today's rows: `keys` first, in that order (see
    /// `valet_core::planner::apply_order`); the plan's tasks are put in the same order.
    pub async fn reorder_today(&self, keys: &[String]) -> Result<TodayView> {
        if keys.len() > 2_000 {
            return Err(ValidationError::new("keys", "must list at most 2000 rows").into());
        }
        for k in keys {
            if !(k.starts_with("todo:") || k.starts_with("task:")) {
                return Err(bad_key(k));
            }
        }
        let date = DayDate::new(self.today().await.date);
        let now = self.now();
        self.store()
            .mutate(&self.actor_label(), |r| {
                let mut p = r
                    .plan(date)
                    .cloned()
                    .unwrap_or_else(|| DayPlan::new(date, now));
                let task_ids: Vec<String> = keys
                    .iter()
                    .filter_map(|k| k.strip_prefix("task:"))
                    .map(str::to_owned)
                    .collect();
                if !task_ids.is_empty() {
                    p.reorder_tasks(&task_ids)?;
                }
                if p.order == keys {
                    return Ok::<_, ServiceError>((vec![], ()));
                }
                p.order = keys.to_vec();
                p.updated_at = now;
                Ok((vec![Change::Put(Record::Plan(p))], ()))
            })
            .await?;
        self.today_view(false).await
    }

    /// Plans a todo into a day (default today): a plan task linked to it. Planning it twice
    /// does nothing; a completed todo cannot be planned.
    pub async fn plan_todo(&self, id: &str, date: Option<DayDate>) -> Result<DayPlan> {
        let id = self.resolve_id("id", id).await?;
        let date = self.date_or_today(date).await;
        let now = self.now();
        self.store()
            .mutate(&self.actor_label(), |r| {
                let mut p = r
                    .plan(date)
                    .cloned()
                    .unwrap_or_else(|| DayPlan::new(date, now));
                let mut ids = element_ids();
                if !plan_linked(r, &mut p, "id", id, &mut ids)? {
                    return Ok((vec![], p));
                }
                p.updated_at = now;
                Ok::<_, ServiceError>((vec![Change::Put(Record::Plan(p.clone()))], p))
            })
            .await
    }

    /// Schedules todos for a day given as text ("tomorrow", "next friday", `YYYY-MM-DD`;
    /// empty, `none` or `clear` unschedules). A time of day belongs on a deadline, so it is
    /// refused here.
    pub async fn schedule(&self, ids: Vec<String>, when: &str) -> Result<Vec<Todo>> {
        let when = self.when_text("when", when).await?;
        let patches = ids
            .into_iter()
            .map(|id| {
                (
                    id,
                    TodoPatch {
                        when: Some(when),
                        ..TodoPatch::default()
                    },
                )
            })
            .collect();
        self.update_todos(patches).await
    }

    /// Reads a scheduled day as text: `None` clears it.
    pub async fn when_text(&self, field: &str, text: &str) -> Result<Option<NaiveDate>> {
        match self.due_text(field, text).await? {
            DueText::Clear => Ok(None),
            DueText::Set(_, Some(_)) => Err(ValidationError::new(
                field,
                format!(
                    "is the day to do it and has no time; put a time on the deadline instead; got {text:?}"
                ),
            )
            .into()),
            DueText::Set(d, None) => Ok(Some(d)),
        }
    }

    /// The `days` days from today on, each with its scheduled todos and deadlines.
    pub async fn upcoming(&self, days: u32) -> Result<UpcomingView> {
        if !(1..=MAX_UPCOMING_DAYS).contains(&days) {
            return Err(ValidationError::new(
                "days",
                format!("must be from 1 to {MAX_UPCOMING_DAYS}; got {days}"),
            )
            .into());
        }
        let today = self.today().await;
        let list = self
            .store()
            .read(|r| planner::upcoming(r.todos(), today.date, days))
            .await?;
        Ok(UpcomingView {
            today: DayDate::new(today.date),
            days: list,
        })
    }

    /// The marks of one month of History (`YYYY-MM`).
    pub async fn calendar(&self, month: &str) -> Result<CalendarView> {
        let first = NaiveDate::parse_from_str(&format!("{}-01", month.trim()), "%Y-%m-%d")
            .map_err(|_| {
                ValidationError::new("month", format!("must be a month YYYY-MM; got {month:?}"))
            })?;
        let next = first
            .checked_add_months(chrono::Months::new(1))
            .ok_or_else(|| ValidationError::new("month", "is out of range"))?;
        let today = self.today().await;
        let days = self
            .store()
            .read(|r| {
                let in_month = |d: NaiveDate| d >= first && d < next;
                let mut out: std::collections::BTreeMap<NaiveDate, CalendarDay> =
                    Default::default();
                for p in r.plans().filter(|p| !p.is_empty()) {
                    let d = p.date.date();
                    if in_month(d) {
                        mark(&mut out, d).plan = true;
                    }
                }
                for j in r.journals().filter(|j| !j.is_empty()) {
                    let d = j.date.date();
                    if in_month(d) {
                        mark(&mut out, d).journal = true;
                    }
                }
                for a in r.archives() {
                    let d = a.date.date();
                    if in_month(d) {
                        let m = mark(&mut out, d);
                        m.archived = true;
                        m.plan |= a.plan.as_ref().is_some_and(|p| !p.is_empty());
                        m.journal |= a.journal.as_ref().is_some_and(|j| !j.is_empty());
                    }
                }
                for t in r.todos().filter(|t| t.status == TodoStatus::Completed) {
                    if let Some(c) = t.completed_at {
                        let d = today.day_of(c);
                        if in_month(d) {
                            mark(&mut out, d).completed += 1;
                        }
                    }
                }
                out.into_values().collect::<Vec<_>>()
            })
            .await?;
        Ok(CalendarView {
            month: format!("{:04}-{:02}", first.year(), first.month()),
            today: DayDate::new(today.date),
            days,
        })
    }

    /// Gives a task carried too often a home (see [`CarriedAction`]). Returns today's view.
    pub async fn resolve_carried(
        &self,
        task_id: &str,
        action: CarriedAction,
        when: Option<&str>,
    ) -> Result<TodayView> {
        let date = DayDate::new(self.today().await.date);
        let later = match action {
            CarriedAction::Later => Some(
                self.when_text("when", when.unwrap_or("tomorrow"))
                    .await?
                    .ok_or_else(|| ValidationError::new("when", "must be a day"))?,
            ),
            _ => None,
        };
        let now = self.now();
        let new_id = self.new_todo_id();
        self.store()
            .mutate(&self.actor_label(), |r| {
                let mut p = r.plan(date).cloned().ok_or_else(|| plan_not_found(date))?;
                let i = p
                    .tasks
                    .iter()
                    .position(|t| t.id == task_id)
                    .ok_or_else(|| task_not_found(task_id, date))?;
                let mut changes = Vec::new();
                let make_todo = |when: Option<NaiveDate>| {
                    NewTodo {
                        when,
                        ..NewTodo::new(p.tasks[i].text.clone())
                    }
                    .into_todo(new_id, now)
                };
                match action {
                    CarriedAction::Drop => {
                        p.tasks.remove(i);
                    }
                    CarriedAction::Todo => {
                        if p.tasks[i].todo.is_none() {
                            let t = make_todo(None)?;
                            p.tasks[i].todo = Some(t.id);
                            changes.push(Change::Put(Record::Todo(t)));
                        }
                    }
                    CarriedAction::Later => {
                        match p.tasks[i].todo.and_then(|id| r.todo(id)) {
                            Some(t) => {
                                let (t, _) = TodoPatch {
                                    when: Some(later),
                                    ..TodoPatch::default()
                                }
                                .apply(t, now)?;
                                changes.push(Change::Put(Record::Todo(t)));
                            }
                            None => {
                                let t = make_todo(later)?;
                                changes.push(Change::Put(Record::Todo(t)));
                            }
                        }
                        p.tasks.remove(i);
                    }
                }
                p.updated_at = now;
                changes.push(Change::Put(Record::Plan(p)));
                Ok::<_, ServiceError>((changes, ()))
            })
            .await?;
        self.today_view(false).await
    }
}

fn mark(
    out: &mut std::collections::BTreeMap<NaiveDate, CalendarDay>,
    d: NaiveDate,
) -> &mut CalendarDay {
    out.entry(d).or_insert_with(|| CalendarDay {
        date: DayDate::new(d),
        plan: false,
        journal: false,
        archived: false,
        completed: 0,
    })
}

fn bad_key(key: &str) -> ServiceError {
    ValidationError::new(
        "key",
        format!("must be todo:<id> or task:<id> as Today lists them; got {key:?}"),
    )
    .into()
}

/// Adds a task linked to todo `id` to the plan `p` (ticking either completes both); false when
/// the todo is already on it. A completed todo is refused, naming `field`.
pub(crate) fn plan_linked(
    r: &Records,
    p: &mut DayPlan,
    field: &str,
    id: TodoId,
    ids: &mut impl FnMut() -> String,
) -> Result<bool> {
    let t = r.todo(id).ok_or_else(|| todo_not_found(id))?;
    if !t.status.is_open() {
        return Err(ValidationError::new(
            field,
            format!("todo {id} is completed; reopen it to plan it"),
        )
        .into());
    }
    if p.tasks.iter().any(|x| x.todo == Some(id)) {
        return Ok(false);
    }
    p.tasks.push(PlanTask {
        id: ids(),
        text: t.content.clone(),
        done: false,
        carried_from: None,
        todo: Some(id),
        carried: 0,
    });
    Ok(true)
}

fn todo_not_found(id: TodoId) -> ServiceError {
    ServiceError::NotFound {
        what: "todo",
        id: id.to_string(),
    }
}
