//! The two todo tools an agent needs: `valet_todo_operations` changes todos (one or a batch,
//! all or none) and `valet_todo_view` reads the list. They keep the legacy server's names and
//! arguments and are the canonical tools for their jobs; `add_todos`, `update_todos`,
//! `delete_todos` and `find_todos` stay callable for older prompts but are not listed.

use rmcp::handler::server::router::tool::ToolRouter;
use rmcp::model::JsonObject;
use rmcp::service::RequestContext;
use rmcp::{tool, tool_router, RoleServer};
use schemars::JsonSchema;
use serde::Serialize;
use valet_core::query::StatusFilter;
use valet_core::TodoQuery;

use crate::args::{
    cursor, parse, FormatArg, LegacyFilterArg, NewTodoArg, StatusArg, TaskArg, TodoActionArg,
    TodoChangeArg, TodoOperationsArgs, TodoViewArgs,
};
use crate::confirm::confirmed;
use crate::server::{
    check_count, fail, fail_as, input, invalid, limit, output, reply, ToolResult, ValetMcp,
};
use crate::view::{lines, CountsOut, TodoItem};

#[derive(Debug, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct TodoOperationOut {
    /// added, updated, completed, reopened, removed or moved.
    pub action: String,
    /// The todo as it is now (removed: as it was); the first one of `tasks`.
    pub todo: TodoItem,
    /// Every todo of a `tasks` call, in order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub todos: Vec<TodoItem>,
}

#[derive(Debug, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct TodoViewOut {
    /// Empty in the summary format.
    pub todos: Vec<TodoItem>,
    /// How many todos match the filter.
    pub total: usize,
    pub counts: CountsOut,
    /// Pass as filter.cursor for the next page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_cursor: Option<String>,
    /// With `history`: the todo's changes, newest first.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub history: Vec<HistoryLine>,
}

/// One change in a todo's history.
#[derive(Debug, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct HistoryLine {
    /// RFC 3339.
    pub at: String,
    /// app, cli, mcp:<client>, sync or import.
    pub by: String,
    /// put or delete.
    pub op: String,
    /// What changed, e.g. "priority medium → high", "completed", "created".
    pub changes: Vec<String>,
}

impl HistoryLine {
    fn text(&self) -> String {
        let what = if self.changes.is_empty() {
            if self.op == "delete" {
                "deleted".to_owned()
            } else {
                "changed".to_owned()
            }
        } else {
            self.changes.join("; ")
        };
        format!("- {} by {}: {what}", self.at, self.by)
    }
}

/// Fields that only make sense when changing a todo, named for the error.
fn update_only(t: &TaskArg) -> Option<&'static str> {
    [
        (t.id.is_some(), "id"),
        (t.paused.is_some(), "paused"),
        (t.status.is_some(), "status"),
        (t.add_tags.is_some(), "addTags"),
        (t.remove_tags.is_some(), "removeTags"),
        (t.check_steps.is_some(), "checkSteps"),
        (t.remove_steps.is_some(), "removeSteps"),
    ]
    .into_iter()
    .find_map(|(set, name)| set.then_some(name))
}

fn to_new(at: &str, t: TaskArg) -> Result<NewTodoArg, String> {
    if let Some(name) = update_only(&t) {
        return Err(invalid(&format!("{at}.{name}"), "is not used by add"));
    }
    let content = t
        .content
        .ok_or_else(|| invalid(&format!("{at}.content"), "is required to add a todo"))?;
    Ok(NewTodoArg {
        content,
        priority: t.priority,
        category: t.category,
        project: t.project,
        when: t.when,
        due: t.due,
        repeat: t.repeat,
        due_time: t.due_time,
        reminders: t.reminders,
        notes: t.notes,
        tags: t.tags,
        steps: t.steps,
        body: t.body,
    })
}

/// The change an action makes to one todo, and the legacy `notes` past the first (appended
/// after it). Every action but add names the todo by id.
fn to_change(
    at: &str,
    action: TodoActionArg,
    t: TaskArg,
) -> Result<(TodoChangeArg, Vec<String>, Vec<&'static str>), String> {
    let mut notes = t.notes.unwrap_or_default().into_iter();
    let first_note = notes.next();
    let id =
        t.id.ok_or_else(|| invalid(&format!("{at}.id"), "is required for this action"))?;
    let mut c = TodoChangeArg {
        id,
        content: t.content,
        priority: t.priority,
        category: t.category,
        project: t.project,
        status: t.status,
        when: t.when,
        due: t.due,
        repeat: t.repeat,
        paused: t.paused,
        due_time: t.due_time,
        reminders: t.reminders,
        tags: t.tags,
        add_tags: t.add_tags,
        remove_tags: t.remove_tags,
        add_steps: t.steps,
        check_steps: t.check_steps,
        remove_steps: t.remove_steps,
        body: t.body,
        add_note: first_note,
    };
    let ignored = match action {
        TodoActionArg::Complete | TodoActionArg::Reopen | TodoActionArg::Move => {
            only_what_the_action_uses(&mut c, action == TodoActionArg::Move)
        }
        _ => Vec::new(),
    };
    match action {
        TodoActionArg::Complete => c.status = Some(StatusArg::Completed),
        TodoActionArg::Reopen => c.status = Some(StatusArg::Pending),
        TodoActionArg::Move if c.category.is_none() && c.project.is_none() => {
            return Err(invalid(
                &format!("{at}.category"),
                "is required to move a todo (or give project)",
            ))
        }
        _ => {}
    }
    Ok((c, notes.collect(), ignored))
}

/// Complete and reopen use the id and notes, move also category and project; the other fields
/// are cleared and named. Legacy clients send the whole task with `complete` (its content
/// identifies it to a person), and completing must not also rename it or clear its deadline.
fn only_what_the_action_uses(c: &mut TodoChangeArg, moving: bool) -> Vec<&'static str> {
    let mut ignored = Vec::new();
    let mut note = |name: &'static str, given: bool| {
        if given {
            ignored.push(name);
        }
    };
    note("content", c.content.take().is_some());
    note("priority", c.priority.take().is_some());
    if !moving {
        note("category", c.category.take().is_some());
        note("project", c.project.take().is_some());
    }
    note("status", c.status.take().is_some());
    note("when", c.when.take().is_some());
    note("due", c.due.take().is_some());
    note("dueTime", c.due_time.take().is_some());
    note("repeat", c.repeat.take().is_some());
    note("paused", c.paused.take().is_some());
    note("reminders", c.reminders.take().is_some());
    note("tags", c.tags.take().is_some());
    note("addTags", c.add_tags.take().is_some());
    note("removeTags", c.remove_tags.take().is_some());
    note("steps", c.add_steps.take().is_some());
    note("checkSteps", c.check_steps.take().is_some());
    note("removeSteps", c.remove_steps.take().is_some());
    note("body", c.body.take().is_some());
    ignored
}

#[tool_router(router = todo_router, vis = "pub(crate)")]
impl ValetMcp {
    /// Add, update, complete, reopen, remove or move todos. Dates: YYYY-MM-DD or words
    /// ("tomorrow 9am", "in 2 weeks"); "none" clears.
    #[tool(
        name = "valet_todo_operations",
        title = "Change todos",
        input_schema = input::<TodoOperationsArgs>(),
        output_schema = output::<TodoOperationOut>(),
        annotations(title = "Change todos", read_only_hint = false, destructive_hint = true, idempotent_hint = false, open_world_hint = false)
    )]
    async fn valet_todo_operations(
        &self,
        args: JsonObject,
        ctx: RequestContext<RoleServer>,
    ) -> ToolResult {
        let a: TodoOperationsArgs = parse(args)?;
        let (field, tasks): (&str, Vec<TaskArg>) = match (a.task, a.tasks) {
            (Some(t), None) => ("task", vec![t]),
            (None, Some(ts)) => ("tasks", ts),
            (Some(_), Some(_)) => return Err(invalid("task", "give task or tasks, not both")),
            // Name the field the action needs first, as the legacy server did.
            (None, None) => {
                return Err(match a.action {
                    TodoActionArg::Add => invalid("task.content", "is required to add a todo"),
                    _ => invalid("task.id", "is required for this action"),
                })
            }
        };
        check_count(field, tasks.len())?;
        let at = |i: usize| match field {
            "task" => "task".to_owned(),
            _ => format!("tasks[{i}]"),
        };
        if a.request_id.is_some() && a.action != TodoActionArg::Add {
            return Err(invalid("requestId", "is only used by add"));
        }
        let valet = self.as_client(&ctx);
        let mut ignored: Vec<String> = Vec::new();
        let (done, verb) = match a.action {
            TodoActionArg::Add => {
                let mut inputs = Vec::with_capacity(tasks.len());
                for (i, t) in tasks.into_iter().enumerate() {
                    inputs.push(self.new_todo(&at(i), to_new(&at(i), t)?).await?);
                }
                let n = inputs.len();
                let added = valet
                    .add_todos_once(inputs, a.request_id.as_deref())
                    .await
                    .map_err(|e| fail_as(e, &at, n, &[] as &[&str], ".id"))?;
                (added, "Added")
            }
            TodoActionArg::Remove => {
                let mut ids = Vec::with_capacity(tasks.len());
                for (i, t) in tasks.into_iter().enumerate() {
                    ids.push(t.id.ok_or_else(|| {
                        invalid(&format!("{}.id", at(i)), "is required to remove")
                    })?);
                }
                if ids.len() > 1 {
                    let what = format!("Delete {} todos", ids.len());
                    confirmed(&ctx, a.confirm, &what, "confirm").await?;
                }
                let given = ids.clone();
                let removed = valet
                    .remove_todos(ids)
                    .await
                    .map_err(|e| fail_as(e, &at, given.len(), &given, ".id"))?;
                (removed, "Removed")
            }
            action => {
                let mut patches = Vec::with_capacity(tasks.len());
                for (i, t) in tasks.into_iter().enumerate() {
                    let (change, more_notes, unused) = to_change(&at(i), action, t)?;
                    for name in unused {
                        let field = format!("{}.{name}", at(i));
                        if !ignored.contains(&field) {
                            ignored.push(field);
                        }
                    }
                    let (id, mut patch) = self.todo_patch(&at(i), change).await?;
                    patch.add_notes.extend(more_notes);
                    patches.push((id, patch));
                }
                let verb = match action {
                    TodoActionArg::Complete => "Completed",
                    TodoActionArg::Reopen => "Reopened",
                    TodoActionArg::Move => "Moved",
                    _ => "Updated",
                };
                let given: Vec<String> = patches.iter().map(|(id, _)| id.clone()).collect();
                let updated = valet
                    .update_todos(patches)
                    .await
                    .map_err(|e| fail_as(e, &at, given.len(), &given, ".id"))?;
                (updated, verb)
            }
        };
        let items = self.items(&done).await;
        let Some(first) = items.first() else {
            return Err("internal error: the change returned no todo".into());
        };
        let mut text = match items.len() {
            1 => format!("{verb}: {}", first.line()),
            n => format!("{verb} {n}:\n{}", lines(&items)),
        };
        if !ignored.is_empty() {
            text.push_str(&format!(
                "\nNot changed (only update changes them): {}",
                ignored.join(", ")
            ));
        }
        let out = TodoOperationOut {
            action: verb.to_lowercase(),
            todo: first.clone(),
            todos: if items.len() > 1 { items } else { Vec::new() },
        };
        reply(&out, text)
    }

    /// The todo list, filtered, sorted and paged; format summary: counts only.
    #[tool(
        name = "valet_todo_view",
        title = "View todos",
        input_schema = input::<TodoViewArgs>(),
        output_schema = output::<TodoViewOut>(),
        annotations(title = "View todos", read_only_hint = true, destructive_hint = false, idempotent_hint = true, open_world_hint = false)
    )]
    async fn valet_todo_view(&self, args: JsonObject) -> ToolResult {
        let a: TodoViewArgs = parse(args)?;
        if let Some(id) = a.history.as_deref() {
            return self.history(id).await;
        }
        let f = a.filter.unwrap_or_default();
        let format = a.format.unwrap_or_default();
        let asked_status = f.status.is_some();
        let q = query(f, "filter.")?;
        let page = self.valet.list_todos(&q).await.map_err(fail)?;
        let counts = self.valet.todo_counts().await.map_err(fail)?;
        let todos = if format == FormatArg::Summary {
            Vec::new()
        } else {
            self.items(&page.items).await
        };
        let out = TodoViewOut {
            todos,
            total: page.total,
            counts: CountsOut::from(&counts),
            next_cursor: page.next_mark.as_ref().map(|m| m.encode()),
            history: Vec::new(),
        };
        let text = match format {
            FormatArg::Summary => {
                let by_cat = self.valet.categories().await.map_err(fail)?;
                let cats = by_cat
                    .iter()
                    .take(10)
                    .map(|(c, n)| format!("{c} {n}"))
                    .collect::<Vec<_>>()
                    .join(", ");
                format!(
                    "{} match. Todo list: {}. Projects: {cats}.",
                    out.total,
                    out.counts.text()
                )
            }
            FormatArg::Markdown | FormatArg::Structured => {
                // Open todos are the default: say when completed ones match too, so an agent
                // does not read "0 match" as "there is no such todo".
                let hidden = match self.completed_too(&q, asked_status).await? {
                    0 => String::new(),
                    n => format!(" ({n} completed match too: filter.status \"all\" lists them)"),
                };
                let more = out
                    .next_cursor
                    .as_ref()
                    .map(|c| format!("; showing {}, more with filter.cursor {c}", out.todos.len()))
                    .unwrap_or_default();
                format!(
                    "# Todos: {} match{hidden}{more}\n{}",
                    out.total,
                    lines(&out.todos)
                )
            }
        };
        reply(&out, text)
    }
}

/// The list query of a filter; `at` prefixes field names in errors ("filter.").
pub(crate) fn query(f: LegacyFilterArg, at: &str) -> Result<TodoQuery, String> {
    let (offset, after) = cursor(&format!("{at}cursor"), f.cursor.as_deref())?;
    Ok(TodoQuery {
        status: f.status.map(Into::into).unwrap_or_default(),
        priorities: f
            .priorities
            .unwrap_or_default()
            .into_iter()
            .map(Into::into)
            .collect(),
        categories: f.categories.unwrap_or_default(),
        tags: f.tags.unwrap_or_default(),
        all_tags: f.all_tags.unwrap_or(false),
        due: f.due.map(Into::into).unwrap_or_default(),
        text: f.text,
        sort: f.sort.map(Into::into).unwrap_or_default(),
        descending: f.descending.unwrap_or(false),
        offset,
        after,
        limit: Some(limit(&format!("{at}limit"), f.limit, 50, 200)?),
    })
}

impl ValetMcp {
    /// `valet_todo_view` with `history`: the todo (listed alone) and its changes.
    async fn history(&self, id: &str) -> ToolResult {
        let named = |e| fail_as(e, &|_| "history".to_owned(), 0, &[id], "");
        let history: Vec<HistoryLine> = self
            .valet
            .todo_history("history", id)
            .await
            .map_err(named)?
            .into_iter()
            .map(|e| HistoryLine {
                at: e.at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                by: e.by,
                op: e.op,
                changes: e.changes,
            })
            .collect();
        // An id that reads well but names no todo: said as such, not as an empty history.
        let todo = self.valet.get_todo(id).await.map_err(named)?;
        let counts = self.valet.todo_counts().await.map_err(fail)?;
        let out = TodoViewOut {
            todos: self.items(std::slice::from_ref(&todo)).await,
            total: 1,
            counts: CountsOut::from(&counts),
            next_cursor: None,
            history,
        };
        let text = format!(
            "# History of {}\n{}",
            todo.content,
            out.history
                .iter()
                .map(HistoryLine::text)
                .collect::<Vec<_>>()
                .join("\n")
        );
        reply(&out, text)
    }

    /// Completed todos that match `q` too while it lists open ones by default: said, so an
    /// agent does not read "0 match" as "there is no such todo".
    pub(crate) async fn completed_too(
        &self,
        q: &TodoQuery,
        asked_status: bool,
    ) -> Result<usize, String> {
        if q.status != StatusFilter::Open || asked_status {
            return Ok(0);
        }
        let done = TodoQuery {
            status: StatusFilter::Completed,
            limit: Some(0),
            offset: 0,
            after: None,
            ..q.clone()
        };
        Ok(self.valet.list_todos(&done).await.map_err(fail)?.total)
    }

    /// The todo tools, added to the others in [`ValetMcp::new`].
    pub(crate) fn todo_tools() -> ToolRouter<ValetMcp> {
        Self::todo_router()
    }
}
