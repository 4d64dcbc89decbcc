//! The planner's tools: Today joined with the list, planning a todo into a day, and Upcoming.
//! Scheduling is `when` on add_todos / update_todos.

use rmcp::handler::server::router::tool::ToolRouter;
use rmcp::model::JsonObject;
use rmcp::service::RequestContext;
use rmcp::{tool, tool_router, RoleServer};
use schemars::JsonSchema;
use serde::Deserialize;

use crate::args::parse;
use crate::server::{fail, input, output, reply, ToolResult, ValetMcp};
use crate::view::{TodayOut, TodoItem, UpcomingDayOut, UpcomingOut};

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct GetTodayArgs {}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct PlanTodoArgs {
    /// The todo's id, or its last 8 characters as shown in lists.
    pub id: String,
    /// The day's plan to put it on: YYYY-MM-DD or words; default today.
    pub date: Option<String>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct UpcomingArgs {
    /// How many days from today, 1 to 92; default 14.
    pub days: Option<u32>,
}

#[tool_router(router = planner_router, vis = "pub(crate)")]
impl ValetMcp {
    /// Today as one list: overdue deadlines, deadlines today, todos scheduled today or
    /// earlier, then the day's own plan tasks (a task planned from a todo stands for it), in
    /// the user's order. The first call of a day starts it: yesterday is archived and its open
    /// tasks carried over. Tick a task with edit_day (setTasks) or a todo with update_todos:
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

    /// Plan a todo into a day (default today): adds a plan task linked to it, so ticking
    /// either completes both. Planning it twice does nothing.
    #[tool(
        name = "plan_todo",
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

    /// The next days (default 14, today first), each with the todos scheduled on it and the
    /// deadlines that fall on it. Reschedule with update_todos (when).
    #[tool(
        name = "get_upcoming",
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
}

impl ValetMcp {
    /// The planner's tools, added to the others in [`ValetMcp::new`].
    pub(crate) fn planner_tools() -> ToolRouter<ValetMcp> {
        Self::planner_router()
    }
}
