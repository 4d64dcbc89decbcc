//! Valet's MCP server: the tools, resources and prompts an AI assistant uses to read and change
//! the user's todos, plans and journal, over the one `Valet` facade.
//!
//! # Layout
//!
//! - [`args`]: tool arguments, with strict schemas and errors that name the argument and rule.
//! - [`view`]: compact structured results (with output schemas) and their text renderings.
//! - [`server`]: [`ValetMcp`] and most tools (the 5 legacy ones, add/update/delete/find
//!   todos, get/edit a day, status); `planner_tools` adds get_today, plan_todo, get_upcoming,
//!   search and list_days (plan_todo and list_days answer but are not listed). `catalog` decides which are listed: the legacy five (`daily_tools`,
//!   `todo_tools`) are the canonical tools of their jobs, every listed name has the `valet_`
//!   prefix, and Valet 0.1's names stay callable.
//! - `todo_input`: add/update arguments read into the facade's `NewTodo` / `TodoPatch`.
//! - [`resources`]: the resources and prompts.
//! - [`clients`]: the configuration snippets AI clients need to launch `valet mcp`.
//! - [`http`]: the same server over Streamable HTTP on 127.0.0.1, behind a bearer token.
//!
//! **Invariant:** only this crate knows MCP. It never writes to stdout except through the
//! transport; logs go to stderr through `tracing`.

pub mod args;
mod catalog;
pub mod clients;
mod complete;
mod confirm;
mod daily_tools;
mod describe;
mod find_tools;
pub mod http;
mod insight_tools;
mod live;
pub(crate) mod planner_tools;
pub(crate) mod project_tools;
pub mod resources;
mod schema;
pub mod server;
pub(crate) mod todo_input;
mod todo_tools;
pub mod view;

pub use server::ValetMcp;

use rmcp::ServiceExt;
use valet_service::Valet;

/// Why the server stopped abnormally.
#[derive(Debug, thiserror::Error)]
pub enum McpError {
    #[error("the MCP session could not start: {0}")]
    Start(String),
    #[error("the MCP session ended with an error: {0}")]
    Run(#[from] tokio::task::JoinError),
}

/// Serves MCP over any async byte stream pair until the client disconnects.
pub async fn serve<R, W>(valet: Valet, reader: R, writer: W) -> Result<(), McpError>
where
    R: tokio::io::AsyncRead + Send + Unpin + 'static,
    W: tokio::io::AsyncWrite + Send + Unpin + 'static,
{
    // Load the store while the client is still starting up, so its first call answers warm
    // (the load was 40-54 ms of the first call on 10,000 todos).
    let warm = valet.clone();
    tokio::spawn(async move {
        if let Err(e) = warm.todo_counts().await {
            tracing::warn!(code = e.code(), "could not load the store ahead: {e}");
        }
    });
    let service = ValetMcp::new(valet)
        .serve((reader, writer))
        .await
        .map_err(|e| McpError::Start(e.to_string()))?;
    let reason = service.waiting().await?;
    tracing::info!(?reason, "MCP session ended");
    Ok(())
}

/// Serves MCP on stdin/stdout (what AI clients launch).
pub async fn serve_stdio(valet: Valet) -> Result<(), McpError> {
    let (stdin, stdout) = rmcp::transport::stdio();
    serve(valet, stdin, stdout).await
}
