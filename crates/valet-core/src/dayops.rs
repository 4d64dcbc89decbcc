//! Whole-list operations on a day's plan that the app offers (reordering its tasks), as pure
//! functions the facade runs under the store lock.

use std::collections::HashSet;

use crate::day::DayPlan;
use crate::error::ValidationError;

impl DayPlan {
    /// Puts the tasks named by `ids` first, in that order, and keeps every other task after
    /// them in its current order: a task added elsewhere since the list was shown is never
    /// dropped, and an id that is gone is skipped. Every task keeps its id, text, state and
    /// "carried from" label; text under the tasks section that is not a task is untouched.
    /// Returns whether the order changed.
    pub fn reorder_tasks(&mut self, ids: &[String]) -> Result<bool, ValidationError> {
        let mut seen = HashSet::new();
        for (i, id) in ids.iter().enumerate() {
            if !seen.insert(id.as_str()) {
                return Err(ValidationError::new(
                    format!("ids[{i}]"),
                    format!("must name each task once; {id:?} appears twice"),
                ));
            }
        }
        let before: Vec<String> = self.tasks.iter().map(|t| t.id.clone()).collect();
        let mut rest = std::mem::take(&mut self.tasks);
        let mut ordered = Vec::with_capacity(rest.len());
        for id in ids {
            if let Some(pos) = rest.iter().position(|t| &t.id == id) {
                ordered.push(rest.remove(pos));
            }
        }
        ordered.extend(rest);
        self.tasks = ordered;
        Ok(self.tasks.iter().map(|t| &t.id).ne(before.iter()))
    }
}

#[cfg(test)]
mod tests {
    use crate::day::{DayPlan, PlanTask};
    use crate::ids::DayDate;
    use chrono::{TimeZone, Utc};

    fn task(id: &str, carried: Option<&str>) -> PlanTask {
        PlanTask {
            id: id.into(),
            text: format!("task {id}"),
            done: id == "b",
            carried_from: carried.map(|d| DayDate::parse("d", d).unwrap()),
            todo: None,
            carried: 0,
        }
    }

    /// Issue 14: reordering keeps ids, labels, other text, and tasks added meanwhile.
    #[test]
    fn reordering_plan_tasks_keeps_ids_labels_text_and_new_tasks() {
        let mut p = DayPlan::new(
            DayDate::parse("d", "2026-11-29").unwrap(),
            Utc.with_ymd_and_hms(2026, 11, 29, 8, 0, 0).unwrap(),
        );
        p.tasks = vec![
            task("a", None),
            task("b", Some("2026-11-28")),
            task("c", None),
        ];
        p.sections
            .insert("tasks".into(), "## Notes under the tasks".into());
        let before = p.tasks.clone();
        // The app saw a, b and showed c, b, a; meanwhile an AI client added d.
        p.tasks.push(task("d", None));
        assert!(p
            .reorder_tasks(&["c".into(), "b".into(), "a".into()])
            .unwrap());
        let ids: Vec<&str> = p.tasks.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(ids, ["c", "b", "a", "d"]);
        assert_eq!(p.tasks[1], before[1], "carried-from label and state kept");
        assert_eq!(p.sections["tasks"], "## Notes under the tasks");
        assert!(p
            .reorder_tasks(&["x".into(), "a".into(), "a".into()])
            .is_err());
        assert!(!p.reorder_tasks(&["c".into()]).unwrap());
    }
}
