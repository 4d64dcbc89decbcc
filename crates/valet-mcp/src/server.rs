//! [`ValetMcp`]: the tools, resources and prompts, each a thin mapping onto the `Valet` facade.

use rmcp::handler::server::router::tool::ToolRouter;
use rmcp::model::{
    CallToolResult, ContentBlock, GetPromptRequestParams, GetPromptResponse, Implementation,
    JsonObject, ListPromptsResult, ListResourceTemplatesResult, ListResourcesResult,
    PaginatedRequestParams, Prompt, PromptArgument, ReadResourceRequestParams,
    ReadResourceResponse, ReadResourceResult, Resource, ResourceContents, ResourceTemplate,
    ServerCapabilities, ServerConfig,
};
use rmcp::service::RequestContext;
use rmcp::{tool, tool_router, ErrorData, RoleServer, ServerHandler};
use schemars::JsonSchema;
use serde::Serialize;
use valet_core::todo::parse_time;
use valet_core::{DayDate, ValidationError};
use valet_service::{ServiceError, Valet};

use crate::args::*;
use crate::describe::reflowed;
use crate::resources::{STATUS_URI, TODAY_URI, TODOS_URI};
use crate::view::*;

pub(crate) type ToolResult = Result<CallToolResult, String>;

pub(crate) use crate::schema::{input, output};

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

/// A facade error in the names of the arguments this tool was sent. The facade's batch calls
/// name their own lists (`todos[1]`, `updates[1]`) or, for one item, no item at all; an unknown
/// id names no item either. `at(i)` is the argument path of item `i` (`task`, `tasks[3]`,
/// `planTodos[2]`), `ids` the ids the items gave, in order, and `id_key` where an item holds
/// its id (`.id`, or `""` when the item is the id).
pub(crate) fn fail_as(
    e: ServiceError,
    at: &dyn Fn(usize) -> String,
    count: usize,
    ids: &[impl AsRef<str>],
    id_key: &str,
) -> String {
    match e {
        ServiceError::Invalid(mut v) => {
            v.field = item_field(&v.field, at, count);
            v.to_string()
        }
        ServiceError::NotFound { what, id } => {
            match ids.iter().position(|given| given.as_ref().trim() == id) {
                Some(i) => invalid(
                    &format!("{}{id_key}", at(i)),
                    format!("there is no {what} with id {id:?}"),
                ),
                None => fail(ServiceError::NotFound { what, id }),
            }
        }
        other => fail(other),
    }
}

fn item_field(field: &str, at: &dyn Fn(usize) -> String, count: usize) -> String {
    for list in ["todos[", "updates["] {
        let indexed = field.strip_prefix(list).and_then(|rest| {
            let (n, tail) = rest.split_once(']')?;
            Some((n.parse::<usize>().ok()?, tail))
        });
        if let Some((i, tail)) = indexed {
            return format!("{}{tail}", at(i));
        }
    }
    match (count, field) {
        (1, "") => at(0),
        (1, f) => format!("{}.{f}", at(0)),
        _ => field.to_owned(),
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
    subscriptions: crate::live::Subscriptions,
}

impl ValetMcp {
    pub fn new(valet: Valet) -> Self {
        ValetMcp {
            valet,
            subscriptions: crate::live::Subscriptions::default(),
            tool_router: reflowed(
                Self::tool_router()
                    + Self::daily_tools()
                    + Self::todo_tools()
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
            inputs.push(self.new_todo(&format!("todos[{i}]"), t).await?);
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
            patches.push(self.todo_patch(&format!("updates[{i}]"), u).await?);
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
        // The same rule as valet_todo_operations' remove: several at once need a yes.
        if a.ids.len() > 1 {
            let what = format!("Delete {} todos", a.ids.len());
            crate::confirm::confirmed(&ctx, a.confirm, &what, "confirm").await?;
        }
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
        let edit = a.into_edit();
        let v = self
            .as_client(&ctx)
            .edit_day(date, edit)
            .await
            .map_err(fail)?;
        let out = DayOut::from(&v);
        let text = out.text();
        reply(&out, text)
    }

    /// Where the data is, the time zone, today's date and counts.
    #[tool(
        name = "valet_status",
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

impl ServerHandler for ValetMcp {
    async fn call_tool(
        &self,
        mut request: rmcp::model::CallToolRequestParams,
        context: RequestContext<RoleServer>,
    ) -> Result<rmcp::model::CallToolResponse, ErrorData> {
        let routed = crate::catalog::route(&request.name);
        if routed != request.name {
            request.name = routed.to_owned().into();
        }
        let tcc = rmcp::handler::server::tool::ToolCallContext::new(self, request, context);
        self.tool_router.call(tcc).await
    }

    async fn list_tools(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> Result<rmcp::model::ListToolsResult, ErrorData> {
        let legacy = self.valet.settings().await.mcp_legacy_tools();
        Ok(rmcp::model::ListToolsResult::with_all_items(
            crate::catalog::listed(self.tool_router.list_all(), legacy),
        ))
    }

    fn get_tool(&self, name: &str) -> Option<rmcp::model::Tool> {
        self.tool_router.get(crate::catalog::route(name)).cloned()
    }

    // Clients of the 2025 protocols subscribe this way (Claude Desktop, the Inspector).
    #[allow(deprecated)]
    async fn subscribe(
        &self,
        request: rmcp::model::SubscribeRequestParams,
        context: RequestContext<RoleServer>,
    ) -> Result<(), ErrorData> {
        self.subscriptions
            .add(&self.valet, context.peer.clone(), request.uri)
    }

    #[allow(deprecated)]
    async fn unsubscribe(
        &self,
        request: rmcp::model::UnsubscribeRequestParams,
        _context: RequestContext<RoleServer>,
    ) -> Result<(), ErrorData> {
        self.subscriptions.remove(&request.uri);
        Ok(())
    }

    async fn complete(
        &self,
        request: rmcp::model::CompleteRequestParams,
        _context: RequestContext<RoleServer>,
    ) -> Result<rmcp::model::CompleteResult, ErrorData> {
        self.completions(request).await
    }

    fn accepted_subscription_filter(
        &self,
        requested: &rmcp::model::SubscriptionFilter,
    ) -> Option<rmcp::model::SubscriptionFilter> {
        crate::live::accepted(requested)
    }

    async fn listen(&self, context: rmcp::service::SubscriptionContext) -> Result<(), ErrorData> {
        crate::live::listen(&self.valet, context).await
    }

    fn get_info(&self) -> ServerConfig {
        ServerConfig::new(ServerCapabilities::builder().enable_tools().enable_resources().enable_resources_subscribe().enable_prompts().enable_completions().build())
            .with_server_info(Implementation::new("valet", env!("CARGO_PKG_VERSION")).with_title("Valet"))
            .with_instructions(
                "Valet keeps the user's global todo list, daily plan and journal. Dates are in the user's time zone \
                 (valet_status). The day's workflow: 1. valet_get_daily_context: today's list (overdue, due, scheduled, \
                 the plan) and journal; a new day starts by itself. 2. valet_todo_operations adds, changes, completes or removes \
                 todos (`when` = the day to do it, `due` = the deadline; words such as \"tomorrow 9am\" work). 3. \
                 valet_update_daily plans todos into the day (planTodos), ticks plan tasks and writes the journal. Look \
                 around with valet_todo_view, valet_get_upcoming, valet_search and valet_get_insights. Ids can be shortened \
                 to the last 8 characters shown in lists; a call with several items (`tasks`) applies all or none; removing \
                 several todos or a project with todos needs the user's agreement (`confirm: true` where the client \
                 cannot ask); replacing journal or plan text is asked where the client can ask, and stays undoable.",
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
                Some({
                    let mut args = date();
                    args.push(
                        PromptArgument::new("focus")
                            .with_description("A project or a #tag to give the day to (optional)")
                            .with_required(false),
                    );
                    args
                }),
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
