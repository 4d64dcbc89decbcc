//! `find_todos`: the todo list filtered, sorted and paged for an agent; says when the default
//! (open todos) hides completed ones that match.

use rmcp::handler::server::router::tool::ToolRouter;
use rmcp::model::JsonObject;
use rmcp::tool;
use rmcp::tool_router;
use valet_core::query::StatusFilter;

use crate::args::{parse, FindTodosArgs, LegacyFilterArg};
use crate::server::{fail, input, output, reply, ToolResult, ValetMcp};
use crate::todo_tools::query;
use crate::view::{lines, FindOut};

#[tool_router(router = find_router, vis = "pub(crate)")]
impl ValetMcp {
    /// Find todos: filter by status (default open), priorities, categories, due (today, week =
    /// next 7 days, overdue, none, all) and text; sort; page with limit and cursor.
    #[tool(
        name = "find_todos",
        title = "Find todos",
        input_schema = input::<FindTodosArgs>(),
        output_schema = output::<FindOut>(),
        annotations(title = "Find todos", read_only_hint = true, destructive_hint = false, idempotent_hint = true, open_world_hint = false)
    )]
    async fn find_todos(&self, args: JsonObject) -> ToolResult {
        let a: FindTodosArgs = parse(args)?;
        let asked_status = a.status.is_some();
        let q = query(
            LegacyFilterArg {
                status: a.status,
                categories: a.categories,
                priorities: a.priorities,
                tags: a.tags,
                all_tags: a.all_tags,
                due: a.due,
                text: a.text,
                sort: a.sort,
                descending: a.descending,
                limit: a.limit,
                cursor: a.cursor,
            },
            "",
        )?;
        let page = self.valet.list_todos(&q).await.map_err(fail)?;
        let status = match q.status {
            StatusFilter::Open => "open ",
            StatusFilter::Completed => "completed ",
            _ => "",
        };
        let hidden = match self.completed_too(&q, asked_status).await? {
            0 => String::new(),
            n => format!(" ({n} completed match too: status \"completed\" or \"all\" lists them)"),
        };
        let out = FindOut {
            todos: self.items(&page.items).await,
            total: page.total,
            next_cursor: page.next_mark.as_ref().map(|m| m.encode()),
        };
        let more = out
            .next_cursor
            .as_ref()
            .map(|c| format!("; more with cursor {c}"))
            .unwrap_or_default();
        let text = format!(
            "{} of {} {status}todos{hidden}{more}\n{}",
            out.todos.len(),
            out.total,
            lines(&out.todos)
        );
        reply(&out, text)
    }
}

impl ValetMcp {
    /// The find tool, added to the others in [`ValetMcp::new`].
    pub(crate) fn find_tools() -> ToolRouter<ValetMcp> {
        Self::find_router()
    }
}
