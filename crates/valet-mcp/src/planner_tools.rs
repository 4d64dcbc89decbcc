//! The planner's tools: Today joined with the list, planning a todo into a day, Upcoming, and
//! search across everything. Scheduling is `when` on valet_todo_operations.

use chrono::NaiveDate;
use rmcp::handler::server::router::tool::ToolRouter;
use rmcp::model::JsonObject;
use rmcp::service::RequestContext;
use rmcp::{tool, tool_router, RoleServer};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use valet_core::SearchQuery;

use crate::args::{parse, ListDaysArgs, SearchArgs};
use crate::server::{fail, input, limit, output, reply, ToolResult, ValetMcp};
use crate::view::{TodayOut, TodoItem, UpcomingDayOut, UpcomingOut};

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct GetTodayArgs {}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct PlanTodoArgs {
    pub id: String,
    pub date: Option<String>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct UpcomingArgs {
    #[schemars(range(min = 1, max = 92))]
    pub days: Option<u32>,
}

/// One record that matched.
#[derive(Debug, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct SearchHitOut {
    /// todo, plan, journal or archive.
    pub kind: String,
    /// The todo id, or the day (YYYY-MM-DD).
    pub id: String,
    /// The todo's text, or the day written out.
    pub title: String,
    /// Which field or section matched best.
    pub field: String,
    /// The text around the first match.
    pub snippet: String,
    /// Todos: pending, in_progress or completed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// Todos: the last 8 characters of the id, accepted by every tool.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub short_id: Option<String>,
}

#[derive(Debug, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct SearchOut {
    pub hits: Vec<SearchHitOut>,
    pub total: usize,
}

#[derive(Debug, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct DaySummaryOut {
    pub date: String,
    pub has_plan: bool,
    pub has_journal: bool,
    pub archived: bool,
    pub open_tasks: usize,
    pub done_tasks: usize,
    pub journal_entries: usize,
}

#[derive(Debug, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct DaysOut {
    pub days: Vec<DaySummaryOut>,
}

#[tool_router(router = planner_router, vis = "pub(crate)")]
impl ValetMcp {
    /// Days with a plan, journal or archive, newest first, with counts.
    #[tool(
        name = "valet_list_days",
        title = "List days",
        input_schema = input::<ListDaysArgs>(),
        output_schema = output::<DaysOut>(),
        annotations(title = "List days", read_only_hint = true, destructive_hint = false, idempotent_hint = true, open_world_hint = false)
    )]
    async fn list_days(&self, args: JsonObject) -> ToolResult {
        let a: ListDaysArgs = parse(args)?;
        let n = limit("limit", a.limit, 30, 366)?;
        let days = self.valet.days(Some(n)).await.map_err(fail)?;
        let out = DaysOut {
            days: days
                .iter()
                .map(|d| DaySummaryOut {
                    date: d.date.to_string(),
                    has_plan: d.has_plan,
                    has_journal: d.has_journal,
                    archived: d.archived,
                    open_tasks: d.open_tasks,
                    done_tasks: d.done_tasks,
                    journal_entries: d.journal_entries,
                })
                .collect(),
        };
        let text = if out.days.is_empty() {
            "No days with content yet.".to_owned()
        } else {
            out.days
                .iter()
                .map(|d| {
                    format!(
                        "- {}: {} open / {} done tasks, {} journal entries{}",
                        d.date,
                        d.open_tasks,
                        d.done_tasks,
                        d.journal_entries,
                        if d.archived { ", archived" } else { "" }
                    )
                })
                .collect::<Vec<_>>()
                .join("\n")
        };
        reply(&out, text)
    }

    /// Today as one list: overdue deadlines, deadlines today, todos scheduled today or
    /// earlier, then the day's own plan tasks (a task planned from a todo stands for it), in
    /// the user's order. The first call of a day starts it: yesterday is archived and its open
    /// tasks carried over. Tick a task with edit_day (checkTasks) or a todo with update_todos:
    /// a linked pair completes together.
    #[tool(
        name = "get_today",
        title = "Today",
        input_schema = input::<GetTodayArgs>(),
        output_schema = output::<TodayOut>(),
        annotations(title = "Today", read_only_hint = false, destructive_hint = false, idempotent_hint = true, open_world_hint = false)
    )]
    async fn get_today(&self, args: JsonObject, ctx: RequestContext<RoleServer>) -> ToolResult {
        let _: GetTodayArgs = parse(args)?;
        let v = self.as_client(&ctx).today_view(true).await.map_err(fail)?;
        let out = TodayOut::from(&v);
        let text = out.text();
        reply(&out, text)
    }

    /// Put a todo on a day's plan as a linked task: ticking either completes both.
    #[tool(
        name = "valet_plan_todo",
        title = "Plan a todo into a day",
        input_schema = input::<PlanTodoArgs>(),
        output_schema = output::<TodayOut>(),
        annotations(title = "Plan a todo into a day", read_only_hint = false, destructive_hint = false, idempotent_hint = true, open_world_hint = false)
    )]
    async fn plan_todo(&self, args: JsonObject, ctx: RequestContext<RoleServer>) -> ToolResult {
        let a: PlanTodoArgs = parse(args)?;
        let date = self.date("date", a.date.as_deref()).await?;
        let valet = self.as_client(&ctx);
        valet.plan_todo(&a.id, date).await.map_err(fail)?;
        let v = valet.today_view(false).await.map_err(fail)?;
        let out = TodayOut::from(&v);
        let text = out.text();
        reply(&out, text)
    }

    /// The next days (default 14): the todos scheduled and the deadlines on each.
    #[tool(
        name = "valet_get_upcoming",
        title = "Upcoming",
        input_schema = input::<UpcomingArgs>(),
        output_schema = output::<UpcomingOut>(),
        annotations(title = "Upcoming", read_only_hint = true, destructive_hint = false, idempotent_hint = true, open_world_hint = false)
    )]
    async fn get_upcoming(&self, args: JsonObject) -> ToolResult {
        let a: UpcomingArgs = parse(args)?;
        let v = self
            .valet
            .upcoming(a.days.unwrap_or(14))
            .await
            .map_err(fail)?;
        let today = self.valet.today().await;
        let out = UpcomingOut {
            days: v
                .days
                .iter()
                .map(|d| UpcomingDayOut {
                    date: d.date.to_string(),
                    scheduled: d
                        .scheduled
                        .iter()
                        .map(|t| TodoItem::from(t, &today))
                        .collect(),
                    deadlines: d
                        .deadlines
                        .iter()
                        .map(|t| TodoItem::from(t, &today))
                        .collect(),
                })
                .collect(),
        };
        let text = out.text();
        reply(&out, text)
    }

    /// Search todos, plans, journals and archives: all words must match; one hit per day.
    #[tool(
        name = "valet_search",
        title = "Search everything",
        input_schema = input::<SearchArgs>(),
        output_schema = output::<SearchOut>(),
        annotations(title = "Search everything", read_only_hint = true, destructive_hint = false, idempotent_hint = true, open_world_hint = false)
    )]
    async fn search(&self, args: JsonObject) -> ToolResult {
        let a: SearchArgs = parse(args)?;
        let q = SearchQuery {
            text: a.query.clone(),
            limit: limit("limit", a.limit, 20, 100)?,
            kinds: a
                .kinds
                .unwrap_or_default()
                .into_iter()
                .map(Into::into)
                .collect(),
            from: self.search_day("from", a.from.as_deref()).await?,
            to: self.search_day("to", a.to.as_deref()).await?,
        };
        let r = self.valet.search_in(q).await.map_err(fail)?;
        let out = SearchOut {
            hits: r
                .hits
                .iter()
                .map(|h| SearchHitOut {
                    kind: h.kind.as_str().to_owned(),
                    id: h.id.clone(),
                    title: h.title.clone(),
                    field: h.field.clone(),
                    snippet: h.snippet.clone(),
                    status: h.status.map(|s| s.as_str().to_owned()),
                    short_id: h.short_id.clone(),
                })
                .collect(),
            total: r.total,
        };
        let mut text = format!("{} of {} matches", out.hits.len(), out.total);
        for h in &out.hits {
            let status = h
                .status
                .as_deref()
                .map(|s| format!(" [{s}]"))
                .unwrap_or_default();
            let id = h.short_id.as_deref().unwrap_or(&h.id);
            text.push_str(&format!(
                "\n- {} {id}{status} {}: {} ({})",
                h.kind, h.title, h.snippet, h.field
            ));
        }
        reply(&out, text)
    }
}

impl ValetMcp {
    async fn search_day(&self, field: &str, s: Option<&str>) -> Result<Option<NaiveDate>, String> {
        Ok(self.date(field, s).await?.map(|d| d.date()))
    }

    /// The planner's tools, added to the others in [`ValetMcp::new`].
    pub(crate) fn planner_tools() -> ToolRouter<ValetMcp> {
        Self::planner_router()
    }
}
