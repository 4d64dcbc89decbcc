//! How many todos are open, overdue, due today and on Today's list: the status line, the tray
//! and the app's sidebar read the same numbers.

use serde::Serialize;
use valet_core::{Status as TodoStatus, Today};
use valet_store::Records;

/// Counts of the todo list as of today.
#[derive(ts_rs::TS, Debug, Clone, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct TodoCounts {
    pub open: usize,
    pub in_progress: usize,
    pub completed: usize,
    pub overdue: usize,
    pub due_today: usize,
    /// Open todos on Today's list (overdue, due today, or scheduled on or before today), by
    /// the rule Today itself uses (`valet_core::planner::reason`); plan tasks not counted.
    pub today: usize,
}

pub(crate) fn counts(r: &Records, today: &Today) -> TodoCounts {
    let mut c = TodoCounts::default();
    for t in r.todos() {
        match t.status {
            TodoStatus::Completed => c.completed += 1,
            s => {
                c.open += 1;
                if s == TodoStatus::InProgress {
                    c.in_progress += 1;
                }
                match t.due {
                    Some(d) if d < today.date => c.overdue += 1,
                    Some(d) if d == today.date => c.due_today += 1,
                    _ => {}
                }
                if valet_core::planner::reason(t, today).is_some() {
                    c.today += 1;
                }
            }
        }
    }
    c
}
