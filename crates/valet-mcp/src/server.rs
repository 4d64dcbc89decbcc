//! [`ValetMcp`]: the tools, resources and prompts, each a thin mapping onto the `Valet` facade.

use std::collections::BTreeMap;
use std::sync::Arc;

use rmcp::handler::server::common::{schema_for_input, schema_for_output};
use rmcp::handler::server::router::tool::ToolRouter;
use rmcp::model::{
    CallToolResult, ContentBlock, GetPromptRequestParams, GetPromptResponse, Implementation,
    JsonObject, ListPromptsResult, ListResourceTemplatesResult, ListResourcesResult,
    PaginatedRequestParams, Prompt, PromptArgument, ReadResourceRequestParams,
    ReadResourceResponse, ReadResourceResult, Resource, ResourceContents, ResourceTemplate,
    ServerCapabilities, ServerConfig,
};
use rmcp::service::RequestContext;
use rmcp::{tool, tool_handler, tool_router, ErrorData, RoleServer, ServerHandler};
use schemars::JsonSchema;
use serde::Serialize;
use valet_core::query::{DueFilter, StatusFilter};
use valet_core::todo::parse_time;
use valet_core::{
    DayDate, DayEdit, NewTodo, Priority, SectionUpdate, TodoPatch, TodoQuery, ValidationError,
};
use valet_service::{ServiceError, Valet};

use crate::args::*;
use crate::describe::reflowed;
use crate::resources::{STATUS_URI, TODAY_URI, TODOS_URI};
use crate::view::*;

pub(crate) type ToolResult = Result<CallToolResult, String>;

pub(crate) fn input<T: JsonSchema + 'static>() -> Arc<JsonObject> {
    // The types are ours and are plain structs: their schemas cannot fail to build.
    portable(&schema_for_input::<T>().unwrap_or_else(|_| Arc::new(JsonObject::new())))
}

pub(crate) fn output<T: JsonSchema + 'static>() -> Arc<JsonObject> {
    portable(&schema_for_output::<T>())
}

/// Rewrites a generated schema into the subset every client dialect understands: optional
/// fields are simply optional (no `["string", "null"]` type arrays, no `anyOf` with a null
/// branch; null is still accepted on input), and Rust's integer formats (`uint`, `int64`, ...)
/// become plain integers with a minimum.
fn portable(schema: &JsonObject) -> Arc<JsonObject> {
    fn walk(v: &mut serde_json::Value) {
        match v {
            serde_json::Value::Object(o) => {
                if let Some(serde_json::Value::Array(types)) = o.get("type") {
                    let non_null: Vec<serde_json::Value> =
                        types.iter().filter(|t| *t != "null").cloned().collect();
                    if non_null.len() == 1 {
                        o.insert("type".into(), non_null[0].clone());
                    }
                }
                if let Some(serde_json::Value::Array(branches)) = o.get("anyOf") {
                    let non_null: Vec<serde_json::Value> = branches
                        .iter()
                        .filter(|b| b.get("type") != Some(&serde_json::json!("null")))
                        .cloned()
                        .collect();
                    if non_null.len() == 1 && branches.len() == 2 {
                        o.remove("anyOf");
                        if let serde_json::Value::Object(inner) = &non_null[0] {
                            for (k, val) in inner {
                                o.entry(k.clone()).or_insert_with(|| val.clone());
                            }
                        }
                    }
                }
                if let Some(serde_json::Value::String(f)) = o.get("format") {
                    if f.starts_with("uint") || f.starts_with("int") {
                        if f.starts_with("uint") {
                            o.entry("minimum").or_insert(serde_json::json!(0));
                        }
                        o.remove("format");
                    }
                }
                for (_, child) in o.iter_mut() {
                    walk(child);
                }
            }
            serde_json::Value::Array(a) => a.iter_mut().for_each(walk),
            _ => {}
        }
    }
    let mut v = serde_json::Value::Object(schema.clone());
    walk(&mut v);
    match v {
        serde_json::Value::Object(o) => Arc::new(o),
        _ => Arc::new(schema.clone()),
    }
}

/// A successful result: `value` as structured content, `text` for clients that read text.
pub(crate) fn reply<T: Serialize>(value: &T, text: String) -> ToolResult {
    let v = serde_json::to_value(value)
        .map_err(|e| format!("internal error: could not encode the result: {e}"))?;
    let mut r = CallToolResult::structured(v);
    r.content = vec![ContentBlock::text(text)];
    Ok(r)
}

pub(crate) fn fail(e: ServiceError) -> String {
    match e {
        ServiceError::Store(_)
        | ServiceError::Config(_)
        | ServiceError::Settings { .. }
        | ServiceError::Damaged(_)
        | ServiceError::Internal(_)
        | ServiceError::Io { .. } => {
            tracing::error!(error = %e, "a tool call failed");
            format!("storage error (nothing was changed): {e}")
        }
        other => other.to_string(),
    }
}

pub(crate) fn invalid(field: &str, rule: impl Into<String>) -> String {
    ValidationError::new(field, rule).to_string()
}

pub(crate) fn check_count(field: &str, n: usize) -> Result<(), String> {
    if n == 0 {
        return Err(invalid(field, "must contain at least one item"));
    }
    if n > MAX_ITEMS {
        return Err(invalid(
            field,
            format!("must contain at most {MAX_ITEMS} items; got {n}"),
        ));
    }
    Ok(())
}

pub(crate) fn limit(field: &str, v: Option<u32>, default: u32, max: u32) -> Result<usize, String> {
    match v {
        None => Ok(default as usize),
        Some(n) if (1..=max).contains(&n) => Ok(n as usize),
        Some(n) => Err(invalid(field, format!("must be from 1 to {max}; got {n}"))),
    }
}

/// The MCP server: every tool, resource and prompt over one `Valet`.
#[derive(Clone)]
pub struct ValetMcp {
    pub(crate) valet: Valet,
    tool_router: ToolRouter<ValetMcp>,
}

impl ValetMcp {
    pub fn new(valet: Valet) -> Self {
        ValetMcp {
            valet,
            tool_router: reflowed(
                Self::tool_router()
                    + Self::planner_tools()
                    + Self::project_tools()
                    + Self::find_tools()
                    + Self::insight_tools(),
            ),
        }
    }

    pub(crate) async fn date(
        &self,
        field: &str,
        s: Option<&str>,
    ) -> Result<Option<DayDate>, String> {
        match s.map(str::trim).filter(|s| !s.is_empty()) {
            None => Ok(None),
            Some(s) => {
                let (d, _) = self.valet.parse_due(field, s).await.map_err(fail)?;
                Ok(Some(DayDate::new(d)))
            }
        }
    }

    pub(crate) async fn due(
        &self,
        field: &str,
        due: Option<&str>,
        time: Option<&str>,
    ) -> Result<(Option<chrono::NaiveDate>, Option<chrono::NaiveTime>), String> {
        let (date, t) = match due {
            Some(d) => {
                let (d, t) = self.valet.parse_due(field, d).await.map_err(fail)?;
                (Some(d), t)
            }
            None => (None, None),
        };
        let time_field = field.replace("due", "dueTime");
        let t = match time {
            Some(s) => Some(parse_time(&time_field, s).map_err(|e| e.to_string())?),
            None => t,
        };
        Ok((date, t))
    }

    pub(crate) async fn items(&self, todos: &[valet_core::Todo]) -> Vec<TodoItem> {
        let today = self.valet.today().await;
        todos.iter().map(|t| TodoItem::from(t, &today)).collect()
    }
}

#[tool_router]
impl ValetMcp {
    /// Add one or more todos to the global list. Due dates accept words ("tomorrow 9am", "next
    /// friday", "in 3 days") resolved in the user's time zone. All are added or none.
    #[tool(
        name = "add_todos",
        title = "Add todos",
        input_schema = input::<AddTodosArgs>(),
        output_schema = output::<TodosOut>(),
        annotations(title = "Add todos", read_only_hint = false, destructive_hint = false, idempotent_hint = false, open_world_hint = false)
    )]
    async fn add_todos(&self, args: JsonObject, ctx: RequestContext<RoleServer>) -> ToolResult {
        let a: AddTodosArgs = parse(args)?;
        check_count("todos", a.todos.len())?;
        let mut inputs = Vec::with_capacity(a.todos.len());
        for (i, t) in a.todos.into_iter().enumerate() {
            inputs.push(self.new_todo(i, t).await?);
        }
        let added = self
            .as_client(&ctx)
            .add_todos_once(inputs, a.request_id.as_deref())
            .await
            .map_err(fail)?;
        let out = TodosOut {
            todos: self.items(&added).await,
        };
        let text = format!("Added {}:\n{}", out.todos.len(), lines(&out.todos));
        reply(&out, text)
    }

    /// Change, complete (status completed), reopen (status pending) or annotate one or more
    /// todos by id. All changes are made or none.
    #[tool(
        name = "update_todos",
        title = "Update todos",
        input_schema = input::<UpdateTodosArgs>(),
        output_schema = output::<TodosOut>(),
        annotations(title = "Update todos", read_only_hint = false, destructive_hint = false, idempotent_hint = true, open_world_hint = false)
    )]
    async fn update_todos(&self, args: JsonObject, ctx: RequestContext<RoleServer>) -> ToolResult {
        let a: UpdateTodosArgs = parse(args)?;
        check_count("updates", a.updates.len())?;
        let mut patches = Vec::with_capacity(a.updates.len());
        for (i, u) in a.updates.into_iter().enumerate() {
            patches.push(self.todo_patch(i, u).await?);
        }
        let updated = self
            .as_client(&ctx)
            .update_todos(patches)
            .await
            .map_err(fail)?;
        let out = TodosOut {
            todos: self.items(&updated).await,
        };
        let text = format!("Updated {}:\n{}", out.todos.len(), lines(&out.todos));
        reply(&out, text)
    }

    /// Delete one or more todos by id (all or none). Returns them as they were, so they can be
    /// added again to undo.
    #[tool(
        name = "delete_todos",
        title = "Delete todos",
        input_schema = input::<DeleteTodosArgs>(),
        output_schema = output::<DeletedOut>(),
        annotations(title = "Delete todos", read_only_hint = false, destructive_hint = true, idempotent_hint = false, open_world_hint = false)
    )]
    async fn delete_todos(&self, args: JsonObject, ctx: RequestContext<RoleServer>) -> ToolResult {
        let a: DeleteTodosArgs = parse(args)?;
        check_count("ids", a.ids.len())?;
        let removed = self
            .as_client(&ctx)
            .remove_todos(a.ids)
            .await
            .map_err(fail)?;
        let out = DeletedOut {
            deleted: self.items(&removed).await,
        };
        let text = format!("Deleted {}:\n{}", out.deleted.len(), lines(&out.deleted));
        reply(&out, text)
    }

    /// Read a day: its plan (tasks with ids, reminders, summary, stash, reflections) and journal
    /// (entries, mood, highlights, challenges, lessons). Default today in the user's zone.
    #[tool(
        name = "get_day",
        title = "Get a day",
        input_schema = input::<DayArgs>(),
        output_schema = output::<DayOut>(),
        annotations(title = "Get a day", read_only_hint = true, destructive_hint = false, idempotent_hint = true, open_world_hint = false)
    )]
    async fn get_day(&self, args: JsonObject) -> ToolResult {
        let a: DayArgs = parse(args)?;
        let date = self.date("date", a.date.as_deref()).await?;
        let v = self.valet.day(date).await.map_err(fail)?;
        let t = match v.is_today {
            true => Some(self.valet.today_view(false).await.map_err(fail)?),
            false => None,
        };
        let out = DayOut::from(&v).with_today(t.as_ref());
        let text = out.text();
        reply(&out, text)
    }

    /// Edit a day in one call: add, check, uncheck or remove plan tasks; add, rewrite or remove
    /// journal entries; set the mood; add highlights, challenges, lessons; append reflections;
    /// or edit any section. All edits are made or none.
    #[tool(
        name = "edit_day",
        title = "Edit a day",
        input_schema = input::<EditDayArgs>(),
        output_schema = output::<DayOut>(),
        annotations(title = "Edit a day", read_only_hint = false, destructive_hint = false, idempotent_hint = false, open_world_hint = false)
    )]
    async fn edit_day(&self, args: JsonObject, ctx: RequestContext<RoleServer>) -> ToolResult {
        let a: EditDayArgs = parse(args)?;
        let date = self.date("date", a.date.as_deref()).await?;
        let edit = DayEdit {
            add_tasks: a.add_tasks.unwrap_or_default(),
            set_tasks: a
                .check_tasks
                .unwrap_or_default()
                .into_iter()
                .map(|c| (c.id, c.done))
                .collect(),
            remove_tasks: a.remove_tasks.unwrap_or_default(),
            journal_entry: a.journal_entry,
            edit_entries: entry_edits(a.edit_entries),
            remove_entries: a.remove_entries.unwrap_or_default(),
            mood: a.mood,
            highlights: a.highlights.unwrap_or_default(),
            challenges: a.challenges.unwrap_or_default(),
            lessons: a.lessons.unwrap_or_default(),
            reflections: a.reflections,
            sections: a
                .sections
                .unwrap_or_default()
                .into_iter()
                .map(|s| {
                    (
                        s.file.into(),
                        SectionUpdate {
                            section: s.section,
                            operation: s.operation.into(),
                            content: s.content,
                        },
                    )
                })
                .collect(),
        };
        let v = self
            .as_client(&ctx)
            .edit_day(date, edit)
            .await
            .map_err(fail)?;
        let out = DayOut::from(&v);
        let text = out.text();
        reply(&out, text)
    }

    /// Where the data is (folder or bucket), the time zone and today's date, and counts.
    #[tool(
        name = "status",
        title = "Valet status",
        input_schema = input::<NoArgs>(),
        output_schema = output::<StatusOut>(),
        annotations(title = "Valet status", read_only_hint = true, destructive_hint = false, idempotent_hint = true, open_world_hint = false)
    )]
    async fn status(&self, args: JsonObject) -> ToolResult {
        let _: NoArgs = parse(args)?;
        let s = self.valet.status().await.map_err(fail)?;
        let sync = self.valet.sync_status().await.map_err(fail)?;
        let out = StatusOut::from(&s, &sync);
        let sync_text = if out.sync.enabled {
            format!(
                "sync: last {} · {} pending · {} conflict(s){}",
                out.sync.last_sync.as_deref().unwrap_or("never"),
                out.sync.pending,
                out.sync.conflicts,
                out.sync
                    .last_error
                    .as_ref()
                    .map(|e| format!(" · error: {e}"))
                    .unwrap_or_default()
            )
        } else {
            format!("sync: off · {} conflict(s)", out.sync.conflicts)
        };
        let text = format!(
            "Valet {} · {} · zone {} · today {}\ntodos: {}\ndays: {} planned, {} journaled, {} archived\n{sync_text}",
            out.version, out.storage, out.time_zone, out.today, out.todos.text(), out.days_with_plan, out.days_with_journal, out.archived_days
        );
        reply(&out, text)
    }

    // ----- legacy tools (exact names and arguments of the JavaScript server) -----

    /// [Legacy] The day's planner and journal sections, with a bounded summary of the global
    /// todo list (counts, overdue, due today, in progress, top open) and optionally the previous day.
    #[tool(
        name = "valet_get_daily_context",
        title = "Daily context (legacy)",
        input_schema = input::<DailyContextArgs>(),
        output_schema = output::<DailyContextOut>(),
        annotations(title = "Daily context (legacy)", read_only_hint = true, destructive_hint = false, idempotent_hint = true, open_world_hint = false)
    )]
    async fn valet_get_daily_context(&self, args: JsonObject) -> ToolResult {
        let a: DailyContextArgs = parse(args)?;
        let date = self.date("date", a.date.as_deref()).await?;
        let v = self.valet.day(date).await.map_err(fail)?;
        let wanted = a.sections.unwrap_or_default();
        let pick = |secs: Vec<(String, String)>| -> BTreeMap<String, String> {
            secs.into_iter()
                .filter(|(n, _)| wanted.is_empty() || wanted.iter().any(|w| w == n))
                .collect()
        };
        let planner = v.plan.as_ref().map(|p| pick(p.sections_in_order()));
        let journal = v.journal.as_ref().map(|j| pick(j.sections_in_order()));
        let todos = if a.include_global_todo.unwrap_or(true) {
            Some(self.todo_summary().await?)
        } else {
            None
        };
        let previous_day = if a.include_previous_day.unwrap_or(false) {
            let prev = v
                .date
                .pred()
                .ok_or_else(|| invalid("date", "has no previous day"))?;
            let p = self.valet.day(Some(prev)).await.map_err(fail)?;
            Some(PreviousDayOut {
                date: prev.to_string(),
                planner: p.plan.as_ref().map(|x| pick(x.sections_in_order())),
                journal: p.journal.as_ref().map(|x| pick(x.sections_in_order())),
            })
        } else {
            None
        };
        let (zone, _) = self.valet.zone().await;
        let today = match v.is_today {
            true => Some(self.valet.today_view(false).await.map_err(fail)?),
            false => None,
        };
        let out = DailyContextOut {
            today: today.map(|t| t.items.iter().map(TodayRowOut::from).collect()),
            date: v.date.to_string(),
            is_today: v.is_today,
            time_zone: zone.name().to_owned(),
            planner,
            journal,
            todos,
            previous_day,
        };
        let text = out.text();
        reply(&out, text)
    }

    /// [Legacy] Append, prepend or replace sections of a day's planner or journal.
    #[tool(
        name = "valet_update_daily",
        title = "Update daily file (legacy)",
        input_schema = input::<UpdateDailyArgs>(),
        output_schema = output::<UpdateDailyOut>(),
        annotations(title = "Update daily file (legacy)", read_only_hint = false, destructive_hint = true, idempotent_hint = false, open_world_hint = false)
    )]
    async fn valet_update_daily(
        &self,
        args: JsonObject,
        ctx: RequestContext<RoleServer>,
    ) -> ToolResult {
        let a: UpdateDailyArgs = parse(args)?;
        let date = self.date("date", a.date.as_deref()).await?;
        let names: Vec<String> = a
            .updates
            .iter()
            .map(|u| u.section.trim().to_owned())
            .collect();
        let updates = a
            .updates
            .into_iter()
            .map(|u| SectionUpdate {
                section: u.section,
                operation: u.operation.into(),
                content: u.content,
            })
            .collect();
        let file: valet_core::DayFile = a.file_type.into();
        let v = self
            .as_client(&ctx)
            .update_day(date, file, updates, a.keywords.unwrap_or_default())
            .await
            .map_err(fail)?;
        let sections: BTreeMap<String, String> = names
            .iter()
            .map(|n| {
                let text = match file {
                    valet_core::DayFile::Planner => v.plan.as_ref().and_then(|p| p.section_text(n)),
                    valet_core::DayFile::Journal => {
                        v.journal.as_ref().and_then(|j| j.section_text(n))
                    }
                };
                (n.clone(), text.unwrap_or_default())
            })
            .collect();
        let out = UpdateDailyOut {
            date: v.date.to_string(),
            file_type: match file {
                valet_core::DayFile::Planner => "planner".into(),
                valet_core::DayFile::Journal => "journal".into(),
            },
            sections,
        };
        let mut text = format!("Updated the {} of {}:", out.file_type, out.date);
        for (n, t) in &out.sections {
            text.push_str(&format!("\n\n## {n}\n{t}"));
        }
        reply(&out, text)
    }

    /// [Legacy] Start a day: archive the most recent earlier day with content and carry its open
    /// plan tasks over. Says truthfully whether an archive was written.
    #[tool(
        name = "valet_new_day",
        title = "New day (legacy)",
        input_schema = input::<NewDayArgs>(),
        output_schema = output::<NewDayOut>(),
        annotations(title = "New day (legacy)", read_only_hint = false, destructive_hint = false, idempotent_hint = true, open_world_hint = false)
    )]
    async fn valet_new_day(&self, args: JsonObject, ctx: RequestContext<RoleServer>) -> ToolResult {
        let a: NewDayArgs = parse(args)?;
        let date = self.date("date", a.date.as_deref()).await?;
        let r = self.as_client(&ctx).new_day(date).await.map_err(fail)?;
        let out = NewDayOut::from(&r);
        let text = out.text();
        reply(&out, text)
    }

    /// [Legacy] One todo operation: add, complete, update, remove, or move (to another category).
    #[tool(
        name = "valet_todo_operations",
        title = "Todo operation (legacy)",
        input_schema = input::<TodoOperationsArgs>(),
        output_schema = output::<TodoOperationOut>(),
        annotations(title = "Todo operation (legacy)", read_only_hint = false, destructive_hint = true, idempotent_hint = false, open_world_hint = false)
    )]
    async fn valet_todo_operations(
        &self,
        args: JsonObject,
        ctx: RequestContext<RoleServer>,
    ) -> ToolResult {
        let a: TodoOperationsArgs = parse(args)?;
        let task = a.task.unwrap_or_default();
        let valet = self.as_client(&ctx);
        let need_id = || {
            task.id
                .clone()
                .ok_or_else(|| invalid("task.id", "is required for this action"))
        };
        let (todo, verb) = match a.action {
            TodoActionArg::Add => {
                let content = task
                    .content
                    .clone()
                    .ok_or_else(|| invalid("task.content", "is required to add a todo"))?;
                let (due, due_time) = self.due("task.due", task.due.as_deref(), None).await?;
                let t = valet
                    .add_todo(NewTodo {
                        content,
                        priority: task.priority.map(Into::into),
                        category: task.category.clone(),
                        due,
                        due_time,
                        notes: task.notes.clone().unwrap_or_default(),
                        ..NewTodo::default()
                    })
                    .await
                    .map_err(fail)?;
                (t, "Added")
            }
            TodoActionArg::Complete => (
                valet.complete_todo(&need_id()?).await.map_err(fail)?,
                "Completed",
            ),
            TodoActionArg::Remove => (
                valet.remove_todo(&need_id()?).await.map_err(fail)?,
                "Removed",
            ),
            TodoActionArg::Move => {
                let category = task
                    .category
                    .clone()
                    .ok_or_else(|| invalid("task.category", "is required to move a todo"))?;
                let patch = TodoPatch {
                    category: Some(category),
                    ..TodoPatch::default()
                };
                (
                    valet.update_todo(&need_id()?, patch).await.map_err(fail)?,
                    "Moved",
                )
            }
            TodoActionArg::Update => {
                let mut due_patch = TodoPatch::default();
                if let Some(d) = &task.due {
                    due_patch.set_due(self.valet.due_text("task.due", d).await.map_err(fail)?);
                }
                let patch = TodoPatch {
                    content: task.content.clone(),
                    priority: task.priority.map(Into::into),
                    category: task.category.clone(),
                    due: due_patch.due,
                    due_time: due_patch.due_time,
                    add_notes: task.notes.clone().unwrap_or_default(),
                    ..TodoPatch::default()
                };
                if patch.is_empty() {
                    return Err(invalid(
                        "task",
                        "must change at least one of content, category, priority, due, notes",
                    ));
                }
                (
                    valet.update_todo(&need_id()?, patch).await.map_err(fail)?,
                    "Updated",
                )
            }
        };
        let today = self.valet.today().await;
        let item = TodoItem::from(&todo, &today);
        let text = format!("{verb}: {}", item.line());
        let out = TodoOperationOut {
            action: verb.to_lowercase(),
            todo: item,
        };
        reply(&out, text)
    }

    /// [Legacy] View the todo list (open todos; default 50): filter by categories, priorities and
    /// due (today, week = next 7 days, overdue, all); format structured, markdown or summary.
    #[tool(
        name = "valet_todo_view",
        title = "View todos (legacy)",
        input_schema = input::<TodoViewArgs>(),
        output_schema = output::<TodoViewOut>(),
        annotations(title = "View todos (legacy)", read_only_hint = true, destructive_hint = false, idempotent_hint = true, open_world_hint = false)
    )]
    async fn valet_todo_view(&self, args: JsonObject) -> ToolResult {
        let a: TodoViewArgs = parse(args)?;
        let f = a.filter.unwrap_or_default();
        let format = a.format.unwrap_or_default();
        let q = TodoQuery {
            status: StatusFilter::Open,
            priorities: f
                .priorities
                .unwrap_or_default()
                .into_iter()
                .map(Into::into)
                .collect(),
            categories: f.categories.unwrap_or_default(),
            due: match f.due {
                Some(LegacyDueArg::Today) => DueFilter::Today,
                Some(LegacyDueArg::Week) => DueFilter::Week,
                Some(LegacyDueArg::Overdue) => DueFilter::Overdue,
                Some(LegacyDueArg::All) | None => DueFilter::All,
            },
            limit: Some(limit("filter.limit", f.limit, 50, 200)?),
            ..TodoQuery::default()
        };
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
                    "{} match. Todo list: {}. Categories: {cats}.",
                    out.total,
                    out.counts.text()
                )
            }
            FormatArg::Markdown | FormatArg::Structured => {
                let more = if out.total > out.todos.len() {
                    format!(
                        " (showing {}; raise filter.limit or use find_todos for more)",
                        out.todos.len()
                    )
                } else {
                    String::new()
                };
                format!("# Todos: {} match{more}\n{}", out.total, lines(&out.todos))
            }
        };
        reply(&out, text)
    }
}

impl ValetMcp {
    pub(crate) async fn todo_summary(&self) -> Result<TodoSummaryOut, String> {
        let counts = self.valet.todo_counts().await.map_err(fail)?;
        let find = |due: DueFilter, status: StatusFilter, limit: usize| TodoQuery {
            due,
            status,
            limit: Some(limit),
            ..TodoQuery::default()
        };
        let overdue = self
            .valet
            .list_todos(&find(DueFilter::Overdue, StatusFilter::Open, 10))
            .await
            .map_err(fail)?;
        let due_today = self
            .valet
            .list_todos(&find(DueFilter::Today, StatusFilter::Open, 10))
            .await
            .map_err(fail)?;
        let in_progress = self
            .valet
            .list_todos(&find(DueFilter::All, StatusFilter::InProgress, 10))
            .await
            .map_err(fail)?;
        let high = TodoQuery {
            priorities: vec![Priority::High],
            limit: Some(10),
            ..TodoQuery::default()
        };
        let high = self.valet.list_todos(&high).await.map_err(fail)?;
        Ok(TodoSummaryOut {
            counts: CountsOut::from(&counts),
            overdue: self.items(&overdue.items).await,
            due_today: self.items(&due_today.items).await,
            in_progress: self.items(&in_progress.items).await,
            high_priority: self.items(&high.items).await,
            note: "Each list shows at most 10; use find_todos for the rest.".into(),
        })
    }
}

#[derive(Debug, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct StatusOut {
    pub version: String,
    /// e.g. "local folder /home/me/.local/share/valet" or "s3 bucket NAME at ENDPOINT, prefix P".
    pub storage: String,
    pub data_dir: String,
    pub time_zone: String,
    pub today: String,
    pub todos: CountsOut,
    pub days_with_plan: usize,
    pub days_with_journal: usize,
    pub archived_days: usize,
    pub sync: SyncOut,
}

/// Sync with other devices through the S3/R2 bucket.
#[derive(Debug, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct SyncOut {
    pub enabled: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub remote: Option<String>,
    /// RFC 3339.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_sync: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_error: Option<String>,
    /// Records changed here and not yet sent.
    pub pending: usize,
    /// Texts kept from concurrent edits on two devices, waiting for the user to choose
    /// (`valet conflicts`).
    pub conflicts: usize,
}

impl StatusOut {
    pub(crate) fn from(s: &valet_service::Status, sync: &valet_service::SyncStatus) -> StatusOut {
        let storage = match &s.backend {
            valet_service::BackendInfo::Fs { root } => format!("local folder {root}"),
            valet_service::BackendInfo::S3 {
                endpoint,
                bucket,
                prefix,
                ..
            } => {
                format!("s3 bucket {bucket} at {endpoint}, prefix {prefix:?}")
            }
            valet_service::BackendInfo::Memory => "memory (tests)".into(),
        };
        StatusOut {
            version: s.version.to_owned(),
            storage,
            data_dir: s.data_dir.clone(),
            time_zone: s.time_zone.clone(),
            today: s.today.to_string(),
            todos: CountsOut::from(&s.todos),
            days_with_plan: s.days_with_plan,
            days_with_journal: s.days_with_journal,
            archived_days: s.archived_days,
            sync: SyncOut {
                enabled: sync.enabled,
                remote: sync.remote.clone(),
                last_sync: sync.last_sync.map(|t| t.to_rfc3339()),
                last_error: sync.last_error.clone(),
                pending: sync.pending,
                conflicts: sync.conflicts,
            },
        }
    }
}

#[derive(Debug, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct TodoSummaryOut {
    pub counts: CountsOut,
    pub overdue: Vec<TodoItem>,
    pub due_today: Vec<TodoItem>,
    pub in_progress: Vec<TodoItem>,
    pub high_priority: Vec<TodoItem>,
    pub note: String,
}

#[derive(Debug, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct PreviousDayOut {
    pub date: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub planner: Option<BTreeMap<String, String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub journal: Option<BTreeMap<String, String>>,
}

#[derive(Debug, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct DailyContextOut {
    pub date: String,
    pub is_today: bool,
    pub time_zone: String,
    /// Non-empty planner sections by name, as markdown.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub planner: Option<BTreeMap<String, String>>,
    /// Non-empty journal sections by name, as markdown.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub journal: Option<BTreeMap<String, String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub todos: Option<TodoSummaryOut>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub previous_day: Option<PreviousDayOut>,
    /// For today: the plan joined with overdue, due and scheduled todos, in order.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub today: Option<Vec<TodayRowOut>>,
}

fn sections_text(title: &str, s: &Option<BTreeMap<String, String>>) -> String {
    match s {
        Some(m) if !m.is_empty() => {
            let mut out = format!("\n## {title}\n");
            for (n, t) in m {
                out.push_str(&format!("\n### {n}\n{}\n", t.trim_end()));
            }
            out
        }
        _ => format!("\n## {title}\n(empty)\n"),
    }
}

impl DailyContextOut {
    fn text(&self) -> String {
        let mut out = format!(
            "# {}{} ({})\n",
            self.date,
            if self.is_today { ", today" } else { "" },
            self.time_zone
        );
        if let Some(rows) = self.today.as_ref().filter(|r| !r.is_empty()) {
            out.push_str("\n## Today\n");
            for r in rows {
                out.push_str(&format!("{}\n", r.line()));
            }
        }
        out.push_str(&sections_text("Planner", &self.planner));
        out.push_str(&sections_text("Journal", &self.journal));
        if let Some(t) = &self.todos {
            out.push_str(&format!("\n## Todo list\n{}\n", t.counts.text()));
            for (name, list) in [
                ("Overdue", &t.overdue),
                ("Due today", &t.due_today),
                ("In progress", &t.in_progress),
                ("High priority", &t.high_priority),
            ] {
                if !list.is_empty() {
                    out.push_str(&format!("\n### {name}\n{}\n", lines(list)));
                }
            }
        }
        if let Some(p) = &self.previous_day {
            out.push_str(&format!("\n# Previous day {}\n", p.date));
            out.push_str(&sections_text("Planner", &p.planner));
            out.push_str(&sections_text("Journal", &p.journal));
        }
        out
    }
}

#[derive(Debug, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct UpdateDailyOut {
    pub date: String,
    /// planner or journal.
    pub file_type: String,
    /// The updated sections as they are now, as markdown.
    pub sections: BTreeMap<String, String>,
}

#[derive(Debug, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct TodoOperationOut {
    /// added, completed, updated, removed or moved.
    pub action: String,
    pub todo: TodoItem,
}

#[derive(Debug, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct TodoViewOut {
    /// Empty in the summary format.
    pub todos: Vec<TodoItem>,
    /// How many open todos match the filter.
    pub total: usize,
    pub counts: CountsOut,
}

#[tool_handler(router = self.tool_router)]
impl ServerHandler for ValetMcp {
    fn get_info(&self) -> ServerConfig {
        ServerConfig::new(ServerCapabilities::builder().enable_tools().enable_resources().enable_prompts().build())
            .with_server_info(Implementation::new("valet", env!("CARGO_PKG_VERSION")).with_title("Valet"))
            .with_instructions(
                "Valet keeps the user's global todo list, daily plan and journal. Dates are in the user's time zone \
                 (see status). Start with get_today (today's plan joined with overdue, due and scheduled todos; it starts a new day by itself); \
                 `when` schedules a todo for a day, `due` is its deadline; plan_todo puts a todo on a day's plan; get_upcoming shows \
                 the next days; find_todos pages through todos; ids can be \
                 shortened to the last 8 characters shown in lists. Batch tools (add_todos, update_todos, delete_todos, \
                 edit_day) apply everything or nothing.",
            )
    }

    async fn list_resources(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> Result<ListResourcesResult, ErrorData> {
        Ok(ListResourcesResult::with_all_items(vec![
            Resource::new(TODAY_URI, "today")
                .with_title("Today's plan and journal")
                .with_mime_type("text/markdown"),
            Resource::new(TODOS_URI, "todos")
                .with_title("Open todos")
                .with_description("The open todos, most urgent first (at most 200)")
                .with_mime_type("text/markdown"),
            Resource::new(STATUS_URI, "status")
                .with_title("Valet status")
                .with_mime_type("application/json"),
        ]))
    }

    async fn list_resource_templates(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> Result<ListResourceTemplatesResult, ErrorData> {
        Ok(ListResourceTemplatesResult::with_all_items(vec![
            ResourceTemplate::new("valet://day/{date}", "day")
                .with_title("A day's plan and journal")
                .with_description("date is YYYY-MM-DD")
                .with_mime_type("text/markdown"),
            ResourceTemplate::new("valet://archive/{date}", "archived-day")
                .with_title("An archived day")
                .with_description("date is YYYY-MM-DD")
                .with_mime_type("text/markdown"),
        ]))
    }

    async fn read_resource(
        &self,
        request: ReadResourceRequestParams,
        _context: RequestContext<RoleServer>,
    ) -> Result<ReadResourceResponse, ErrorData> {
        let (text, mime) = self.read(&request.uri).await?;
        Ok(ReadResourceResult::new(vec![
            ResourceContents::text(text, request.uri.clone()).with_mime_type(mime)
        ])
        .into())
    }

    async fn list_prompts(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> Result<ListPromptsResult, ErrorData> {
        let date = || {
            vec![PromptArgument::new("date")
                .with_description("YYYY-MM-DD or words such as today or yesterday; default today")
                .with_required(false)]
        };
        Ok(ListPromptsResult::with_all_items(vec![
            Prompt::new(
                "plan_my_day",
                Some("Plan the day from my todos and yesterday's unfinished tasks"),
                Some(date()),
            )
            .with_title("Plan my day"),
            Prompt::new(
                "end_of_day_review",
                Some("Review the day, journal it, and see what carries over"),
                Some(date()),
            )
            .with_title("End-of-day review"),
            Prompt::new(
                "weekly_review",
                Some("Review the past week's plans, journals and todos"),
                None::<Vec<PromptArgument>>,
            )
            .with_title("Weekly review"),
        ]))
    }

    async fn get_prompt(
        &self,
        request: GetPromptRequestParams,
        _context: RequestContext<RoleServer>,
    ) -> Result<GetPromptResponse, ErrorData> {
        let args = request.arguments.clone().unwrap_or_default();
        Ok(self.prompt(&request.name, &args).await?.into())
    }
}
