//! `find_todos`: the todo list filtered, sorted and paged for an agent; says when the default
//! (open todos) hides completed ones that match.

use rmcp::handler::server::router::tool::ToolRouter;
use rmcp::model::JsonObject;
use rmcp::tool;
use rmcp::tool_router;
use valet_core::query::StatusFilter;
use valet_core::TodoQuery;

use crate::args::{parse, FindTodosArgs};
use crate::server::{fail, input, limit, output, reply, ToolResult, ValetMcp};
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
        let (offset, after) = crate::args::cursor(a.cursor.as_deref())?;
        let q = TodoQuery {
            status: a.status.map(Into::into).unwrap_or_default(),
            priorities: a
                .priorities
                .unwrap_or_default()
                .into_iter()
                .map(Into::into)
                .collect(),
            categories: a.categories.unwrap_or_default(),
            tags: a.tags.unwrap_or_default(),
            all_tags: a.all_tags.unwrap_or(false),
            due: a.due.map(Into::into).unwrap_or_default(),
            text: a.text,
            sort: a.sort.map(Into::into).unwrap_or_default(),
            descending: a.descending.unwrap_or(false),
            offset,
            after,
            limit: Some(limit("limit", a.limit, 50, 200)?),
        };
        let page = self.valet.list_todos(&q).await.map_err(fail)?;
        // Open todos are the default: say so, and say when completed ones match too, so an
        // agent does not read "0 of 0" as "there is no such todo".
        let status = match q.status {
            StatusFilter::Open => "open ",
            StatusFilter::Completed => "completed ",
            _ => "",
        };
        let hidden = if q.status == StatusFilter::Open && a.status.is_none() {
            let done = TodoQuery {
                status: StatusFilter::Completed,
                limit: Some(0),
                offset: 0,
                after: None,
                ..q.clone()
            };
            let n = self.valet.list_todos(&done).await.map_err(fail)?.total;
            if n > 0 {
                format!(" ({n} completed match too: status \"completed\" or \"all\" lists them)")
            } else {
                String::new()
            }
        } else {
            String::new()
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
