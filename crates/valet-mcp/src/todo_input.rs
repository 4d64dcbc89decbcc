//! Tool arguments about one todo read into the facade's inputs: words for dates, repeats and
//! reminders are read by the facade (one reading for every face); errors name the argument.

use valet_core::organize::StepOp;
use valet_core::{NewTodo, TodoPatch};

use crate::args::{NewTodoArg, TodoChangeArg};
use crate::server::{fail, invalid, ValetMcp};

impl ValetMcp {
    /// A todo to add, named `at` in errors (`todos[2]`, `task`).
    pub(crate) async fn new_todo(&self, at: &str, t: NewTodoArg) -> Result<NewTodo, String> {
        let f = |name: &str| format!("{at}.{name}");
        let (due, due_time) = self
            .due(&f("due"), t.due.as_deref(), t.due_time.as_deref())
            .await?;
        let when = match t.when.as_deref() {
            Some(w) => self.valet.when_text(&f("when"), w).await.map_err(fail)?,
            None => None,
        };
        let repeat = match t.repeat.as_deref() {
            Some(r) => self
                .valet
                .repeat_text(&f("repeat"), r)
                .await
                .map_err(fail)?,
            None => None,
        };
        let reminders = match &t.reminders {
            Some(r) => Some(
                self.valet
                    .reminder_list(&f("reminders"), r)
                    .await
                    .map_err(fail)?,
            ),
            None => None,
        };
        Ok(NewTodo {
            content: t.content,
            priority: t.priority.map(Into::into),
            category: t.category,
            project: t.project,
            reminders,
            repeat,
            when,
            due,
            due_time,
            notes: t.notes.unwrap_or_default(),
            status: None,
            tags: t.tags.unwrap_or_default(),
            steps: t.steps.unwrap_or_default(),
            body: t.body,
        })
    }

    /// A change to one todo as (id, patch), named `at` in errors (`updates[2]`, `task`).
    pub(crate) async fn todo_patch(
        &self,
        at: &str,
        u: TodoChangeArg,
    ) -> Result<(String, TodoPatch), String> {
        let f = |name: &str| format!("{at}.{name}");
        let mut patch = TodoPatch {
            content: u.content,
            priority: u.priority.map(Into::into),
            category: u.category,
            project: u.project.map(|p| valet_core::project::optional_name(&p)),
            status: u.status.map(Into::into),
            add_notes: u.add_note.into_iter().collect(),
            tags: u.tags,
            add_tags: u.add_tags.unwrap_or_default(),
            remove_tags: u.remove_tags.unwrap_or_default(),
            body: u.body.map(Some),
            ..TodoPatch::default()
        };
        // One reading of due text for every face: "tomorrow 9am" keeps its time, "" and
        // "none" clear; an explicit dueTime wins over a time in the words.
        if let Some(d) = &u.due {
            patch.set_due(self.valet.due_text(&f("due"), d).await.map_err(fail)?);
        }
        if let Some(w) = &u.when {
            patch.when = Some(self.valet.when_text(&f("when"), w).await.map_err(fail)?);
        }
        if let Some(r) = &u.repeat {
            patch.repeat = Some(
                self.valet
                    .repeat_text(&f("repeat"), r)
                    .await
                    .map_err(fail)?,
            );
        }
        patch.paused = u.paused;
        if let Some(r) = &u.reminders {
            patch.reminders = Some(
                self.valet
                    .reminder_list(&f("reminders"), r)
                    .await
                    .map_err(fail)?,
            );
        }
        if let Some(t) = &u.due_time {
            patch.due_time = Some(
                valet_core::dates::parse_time_text(&f("dueTime"), t).map_err(|e| e.to_string())?,
            );
        }
        for text in u.add_steps.unwrap_or_default() {
            patch.steps.push(StepOp::Add {
                id: None,
                text,
                at: None,
            });
        }
        for c in u.check_steps.unwrap_or_default() {
            patch.steps.push(StepOp::Set {
                id: c.id,
                done: Some(c.done),
                text: None,
            });
        }
        for id in u.remove_steps.unwrap_or_default() {
            patch.steps.push(StepOp::Remove { id });
        }
        if patch.is_empty() {
            return Err(invalid(at, "must change at least one field besides id"));
        }
        Ok((u.id, patch))
    }
}
