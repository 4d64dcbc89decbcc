//! The planner's rules: the joined Today list (the day's plan and the todo list in one order),
//! Upcoming, and carrying a day's open tasks into the next.
//!
//! A todo has a scheduled day (`when`, the day you mean to do it) and a deadline (`due`, with
//! an optional time). Today shows, in this order: todos whose deadline has passed, deadlines
//! today, todos scheduled today or earlier and not done, then the plan's own tasks. A plan task
//! linked to a todo stands for it (the todo is not listed twice) and its done state is the
//! todo's. A person's reordering is kept in the plan as item keys and applied over this
//! default order, so an item that appears later (a todo that became due) takes its default
//! place instead of being pushed to the end.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use serde::Serialize;

use crate::day::{DayPlan, PlanTask};
use crate::ids::{DayDate, TodoId};
use crate::time::Today;
use crate::todo::{Status, Todo};

/// Why a todo is on Today.
#[derive(ts_rs::TS)]
#[ts(rename = "TodayReason")]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    /// Its deadline was before today.
    Overdue,
    /// Its deadline is today.
    DueToday,
    /// It is scheduled today, or was scheduled earlier and is not done.
    Scheduled,
}

/// One row of Today.
#[derive(ts_rs::TS, Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TodayItem {
    Todo {
        key: String,
        reason: Reason,
        todo: Todo,
        done: bool,
    },
    Task {
        key: String,
        task: PlanTask,
        /// The linked todo, when the task has one and it still exists.
        todo: Option<Todo>,
        done: bool,
    },
}

impl TodayItem {
    pub fn key(&self) -> &str {
        match self {
            TodayItem::Todo { key, .. } | TodayItem::Task { key, .. } => key,
        }
    }

    pub fn done(&self) -> bool {
        match self {
            TodayItem::Todo { done, .. } | TodayItem::Task { done, .. } => *done,
        }
    }

    /// The text a person reads for this row.
    pub fn text(&self) -> &str {
        match self {
            TodayItem::Todo { todo, .. } => &todo.content,
            TodayItem::Task { task, .. } => &task.text,
        }
    }
}

/// The key of a todo's row on Today.
pub fn todo_key(id: TodoId) -> String {
    format!("todo:{id}")
}

/// The key of a plan task's row on Today.
pub fn task_key(id: &str) -> String {
    format!("task:{id}")
}

/// Why `t` belongs on Today's list for `today`, if it does. A todo completed today stays on the
/// list (ticked) until the day ends, as a checked-off row rather than a vanished one.
pub fn reason(t: &Todo, today: &Today) -> Option<Reason> {
    let open = t.status.is_open();
    let done_today = t.status == Status::Completed
        && t.completed_at
            .is_some_and(|c| today.day_of(c) >= today.date);
    if !open && !done_today {
        return None;
    }
    match (t.due, t.when) {
        (Some(d), _) if d < today.date && open => Some(Reason::Overdue),
        (Some(d), _) if d == today.date => Some(Reason::DueToday),
        (_, Some(w)) if w <= today.date => Some(Reason::Scheduled),
        _ => None,
    }
}

/// Today's list: the todos that belong on it and the plan's tasks, ordered (see the module
/// doc). `todo` finds a linked todo by id.
pub fn join_today<'a>(
    plan: Option<&DayPlan>,
    todos: impl IntoIterator<Item = &'a Todo>,
    todo: impl Fn(TodoId) -> Option<&'a Todo>,
    today: &Today,
) -> Vec<TodayItem> {
    let linked: HashSet<TodoId> = plan
        .map(|p| p.tasks.iter().filter_map(|t| t.todo).collect())
        .unwrap_or_default();
    let mut listed: Vec<(Reason, &Todo)> = todos
        .into_iter()
        .filter(|t| !linked.contains(&t.id))
        .filter_map(|t| reason(t, today).map(|r| (r, t)))
        .collect();
    listed.sort_by(|(ra, a), (rb, b)| {
        ra.cmp(rb)
            .then_with(|| a.due.cmp(&b.due))
            .then_with(|| {
                // A deadline with a time comes before one without, earliest first.
                (a.due_time.is_none(), a.due_time).cmp(&(b.due_time.is_none(), b.due_time))
            })
            .then_with(|| a.when.cmp(&b.when))
            .then_with(|| a.priority.rank().cmp(&b.priority.rank()))
            .then_with(|| a.created_at.cmp(&b.created_at))
    });
    let mut items: Vec<TodayItem> = listed
        .into_iter()
        .map(|(r, t)| TodayItem::Todo {
            key: todo_key(t.id),
            reason: r,
            done: !t.status.is_open(),
            todo: t.clone(),
        })
        .collect();
    if let Some(p) = plan {
        for task in &p.tasks {
            let linked = task.todo.and_then(&todo).cloned();
            let done = linked
                .as_ref()
                .map_or(task.done, |t| t.status == Status::Completed);
            items.push(TodayItem::Task {
                key: task_key(&task.id),
                task: task.clone(),
                todo: linked,
                done,
            });
        }
    }
    if let Some(p) = plan {
        apply_order(&mut items, &p.order);
    }
    items
}

/// Puts the items named in `order` in that order, in the places such items hold by default;
/// items not named keep their default place.
pub fn apply_order(items: &mut [TodayItem], order: &[String]) {
    let rank: HashMap<&str, usize> = order
        .iter()
        .enumerate()
        .map(|(i, k)| (k.as_str(), i))
        .collect();
    let slots: Vec<usize> = items
        .iter()
        .enumerate()
        .filter(|(_, it)| rank.contains_key(it.key()))
        .map(|(i, _)| i)
        .collect();
    let mut named: Vec<TodayItem> = slots.iter().map(|&i| items[i].clone()).collect();
    named.sort_by_key(|it| rank.get(it.key()).copied().unwrap_or(usize::MAX));
    for (slot, item) in slots.into_iter().zip(named) {
        items[slot] = item;
    }
}

/// One day of Upcoming.
#[derive(ts_rs::TS, Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UpcomingDay {
    pub date: NaiveDate,
    /// Open todos scheduled on this day.
    pub scheduled: Vec<Todo>,
    /// Open todos whose deadline is this day.
    pub deadlines: Vec<Todo>,
}

/// The `days` days from `today` on (today first), each with its scheduled todos and deadlines;
/// every day is present, empty ones too.
pub fn upcoming<'a>(
    todos: impl IntoIterator<Item = &'a Todo>,
    today: NaiveDate,
    days: u32,
) -> Vec<UpcomingDay> {
    let mut out: Vec<UpcomingDay> = (0..days)
        .filter_map(|i| today.checked_add_days(chrono::Days::new(u64::from(i))))
        .map(|date| UpcomingDay {
            date,
            scheduled: Vec::new(),
            deadlines: Vec::new(),
        })
        .collect();
    let Some(last) = out.last().map(|d| d.date) else {
        return out;
    };
    let index = |d: NaiveDate| -> Option<usize> {
        (d >= today && d <= last)
            .then(|| usize::try_from((d - today).num_days()).ok())
            .flatten()
    };
    for t in todos.into_iter().filter(|t| t.status.is_open()) {
        if let Some(i) = t.when.and_then(index) {
            out[i].scheduled.push(t.clone());
        }
        if let Some(i) = t.due.and_then(index) {
            out[i].deadlines.push(t.clone());
        }
    }
    for d in &mut out {
        d.scheduled.sort_by(|a, b| {
            (a.priority.rank(), a.created_at).cmp(&(b.priority.rank(), b.created_at))
        });
        d.deadlines.sort_by(|a, b| {
            (
                a.due_time.is_none(),
                a.due_time,
                a.priority.rank(),
                a.created_at,
            )
                .cmp(&(
                    b.due_time.is_none(),
                    b.due_time,
                    b.priority.rank(),
                    b.created_at,
                ))
        });
    }
    out
}

/// The id of the copy of task `from` carried onto `date`: derived, so two devices starting the
/// same day offline make the same task and sync keeps one.
pub fn carried_task_id(from: &str, date: DayDate) -> String {
    let name = format!("carry:{from}:{date}");
    uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_OID, name.as_bytes())
        .simple()
        .to_string()[..10]
        .to_owned()
}

/// Carries the open tasks of `from` onto `to`; returns the tasks added. A task is not carried
/// when `to` already has one with the same text or the same linked todo, or when its linked
/// todo is done or gone (`todo_open` says whether a todo is still open).
pub fn carry_over(
    to: &mut DayPlan,
    from: &DayPlan,
    todo_open: impl Fn(TodoId) -> bool,
) -> Vec<PlanTask> {
    let mut added = Vec::new();
    for t in from.tasks.iter().filter(|t| !t.done) {
        if t.todo.is_some_and(|id| !todo_open(id)) {
            continue;
        }
        let present = to.tasks.iter().any(|x| {
            x.text.eq_ignore_ascii_case(&t.text) || (t.todo.is_some() && x.todo == t.todo)
        });
        if present {
            continue;
        }
        let task = PlanTask {
            id: carried_task_id(&t.id, to.date),
            text: t.text.clone(),
            done: false,
            carried_from: Some(t.carried_from.unwrap_or(from.date)),
            todo: t.todo,
            carried: t.carried.saturating_add(1),
        };
        to.tasks.push(task.clone());
        added.push(task);
    }
    added
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::todo::NewTodo;
    use chrono::{DateTime, TimeZone, Utc};
    use rstest::rstest;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 30, 12, 0, 0).unwrap()
    }

    fn today() -> Today {
        Today::at(now(), chrono_tz::UTC)
    }

    fn todo(n: u8, content: &str, when: Option<&str>, due: Option<&str>) -> Todo {
        NewTodo {
            when: when.map(d),
            due: due.map(d),
            ..NewTodo::new(content)
        }
        .into_todo(TodoId::new_v7(u64::from(n), [n; 10]), now())
        .unwrap()
    }

    fn task(id: &str, text: &str, link: Option<TodoId>) -> PlanTask {
        PlanTask {
            id: id.into(),
            text: text.into(),
            done: false,
            carried_from: None,
            todo: link,
            carried: 0,
        }
    }

    fn plan(tasks: Vec<PlanTask>) -> DayPlan {
        let mut p = DayPlan::new(DayDate::new(today().date), now());
        p.tasks = tasks;
        p
    }

    fn texts(items: &[TodayItem]) -> Vec<&str> {
        items.iter().map(TodayItem::text).collect()
    }

    #[rstest]
    #[case(None, Some("2026-11-29"), Some(Reason::Overdue))]
    #[case(None, Some("2026-11-30"), Some(Reason::DueToday))]
    #[case(Some("2026-11-30"), None, Some(Reason::Scheduled))]
    #[case(Some("2026-11-20"), None, Some(Reason::Scheduled))]
    #[case(Some("2026-12-01"), None, None)]
    #[case(None, Some("2026-12-01"), None)]
    #[case(Some("2026-12-01"), Some("2026-11-30"), Some(Reason::DueToday))]
    #[case(Some("2026-11-30"), Some("2026-12-05"), Some(Reason::Scheduled))]
    #[case(None, None, None)]
    fn a_todo_is_on_today_for_one_reason(
        #[case] when: Option<&str>,
        #[case] due: Option<&str>,
        #[case] want: Option<Reason>,
    ) {
        assert_eq!(reason(&todo(1, "x", when, due), &today()), want);
    }

    #[test]
    fn a_todo_completed_today_stays_ticked_and_one_completed_before_goes() {
        let mut t = todo(1, "x", Some("2026-11-30"), None);
        t.status = Status::Completed;
        t.completed_at = Some(now());
        assert_eq!(reason(&t, &today()), Some(Reason::Scheduled));
        t.completed_at = Some(now() - chrono::Duration::days(1));
        assert_eq!(reason(&t, &today()), None);
        // An overdue todo completed today is no longer "overdue".
        let mut late = todo(2, "late", None, Some("2026-11-20"));
        late.status = Status::Completed;
        late.completed_at = Some(now());
        assert_eq!(reason(&late, &today()), None);
    }

    #[test]
    fn today_orders_overdue_then_due_then_scheduled_then_the_plan() {
        let todos = [
            todo(1, "scheduled", Some("2026-11-30"), None),
            todo(2, "due today", None, Some("2026-11-30")),
            todo(3, "overdue", None, Some("2026-11-28")),
            todo(4, "later", Some("2026-12-03"), None),
            todo(5, "older overdue", None, Some("2026-11-01")),
        ];
        let p = plan(vec![task("a", "plan task", None)]);
        let items = join_today(Some(&p), &todos, |_| None, &today());
        assert_eq!(
            texts(&items),
            [
                "older overdue",
                "overdue",
                "due today",
                "scheduled",
                "plan task"
            ]
        );
    }

    #[test]
    fn a_linked_task_stands_for_its_todo_and_shows_its_done_state() {
        let mut t = todo(1, "Call the bank", Some("2026-11-30"), None);
        t.status = Status::Completed;
        t.completed_at = Some(now());
        let p = plan(vec![task("a", "Call the bank", Some(t.id))]);
        let todos = [t.clone()];
        let items = join_today(
            Some(&p),
            &todos,
            |id| todos.iter().find(|x| x.id == id),
            &today(),
        );
        assert_eq!(items.len(), 1);
        assert!(
            items[0].done(),
            "the todo is completed, so the task is done"
        );
        assert_eq!(items[0].key(), "task:a");
    }

    #[test]
    fn a_saved_order_is_kept_and_new_items_take_their_default_place() {
        let todos = [
            todo(1, "overdue", None, Some("2026-11-28")),
            todo(2, "scheduled", Some("2026-11-30"), None),
        ];
        let mut p = plan(vec![
            task("a", "first task", None),
            task("b", "second task", None),
        ]);
        p.order = vec![
            "task:b".into(),
            todo_key(todos[1].id),
            "task:a".into(),
            "task:gone".into(),
        ];
        let items = join_today(Some(&p), &todos, |_| None, &today());
        // "overdue" was not in the saved order: it keeps its first place.
        assert_eq!(
            texts(&items),
            ["overdue", "second task", "scheduled", "first task"]
        );
    }

    #[test]
    fn upcoming_lists_every_day_with_its_scheduled_todos_and_deadlines() {
        let todos = [
            todo(1, "plan", Some("2026-12-01"), None),
            todo(2, "deadline", None, Some("2026-12-01")),
            todo(3, "far", Some("2026-12-30"), None),
            todo(4, "past", Some("2026-11-01"), None),
        ];
        let days = upcoming(&todos, today().date, 14);
        assert_eq!(days.len(), 14);
        assert_eq!(days[0].date, d("2026-11-30"));
        assert_eq!(days[13].date, d("2026-12-13"));
        assert_eq!(days[1].scheduled[0].content, "plan");
        assert_eq!(days[1].deadlines[0].content, "deadline");
        let total: usize = days
            .iter()
            .map(|d| d.scheduled.len() + d.deadlines.len())
            .sum();
        assert_eq!(total, 2);
    }

    #[test]
    fn carrying_counts_keeps_the_link_and_skips_done_todos() {
        let done = TodoId::new_v7(9, [9; 10]);
        let open = TodoId::new_v7(8, [8; 10]);
        let mut from = plan(vec![
            task("a", "write report", None),
            task("b", "call bank", Some(open)),
            task("c", "pay rent", Some(done)),
        ]);
        from.date = DayDate::parse("d", "2026-11-29").unwrap();
        from.tasks[0].carried = 2;
        from.tasks[0].carried_from = Some(DayDate::parse("d", "2026-11-27").unwrap());
        let mut to = plan(vec![]);
        let added = carry_over(&mut to, &from, |id| id == open);
        assert_eq!(added.len(), 2);
        assert_eq!(to.tasks[0].carried, 3);
        assert_eq!(to.tasks[0].carried_from.unwrap().to_string(), "2026-11-27");
        assert_eq!(to.tasks[1].todo, Some(open));
        assert_eq!(to.tasks[1].carried, 1);
        // Twice is once.
        assert!(carry_over(&mut to, &from, |id| id == open).is_empty());
    }

    #[test]
    fn two_devices_carrying_the_same_task_make_the_same_id() {
        let date = DayDate::parse("d", "2026-11-30").unwrap();
        assert_eq!(carried_task_id("a1", date), carried_task_id("a1", date));
        assert_ne!(carried_task_id("a1", date), carried_task_id("a2", date));
        assert_eq!(carried_task_id("a1", date).len(), 10);
    }
}
