//! `valet todo list`: the filters as flags, read into the facade's query, a page of 50 as text
//! (with how to see the rest) and every match with `--json` unless `--limit` says otherwise.

use clap::Args;
use valet_core::query::{DueFilter, SortKey, StatusFilter};
use valet_core::{Priority, TodoQuery};
use valet_service::{ServiceError, Valet};

use crate::output::Out;
use crate::words::Words;

/// A page as text: enough to read, short enough to scroll.
const PAGE: usize = 50;

#[derive(Args, Debug)]
pub struct ListArgs {
    /// open (default), all, pending, in_progress or completed.
    #[arg(long, short, value_parser = Words(&StatusFilter::WORDS), hide_possible_values = true)]
    status: Option<String>,
    /// high, medium or low (repeatable).
    #[arg(long, short, value_parser = Words(&Priority::WORDS), hide_possible_values = true)]
    priority: Vec<String>,
    /// Project (repeatable, any case).
    #[arg(long, short, visible_alias = "project")]
    category: Vec<String>,
    /// Only todos with this tag (repeatable: any of them, or all with --all-tags).
    #[arg(long, short = 't')]
    tag: Vec<String>,
    /// With several --tag: only todos that have all of them.
    #[arg(long)]
    all_tags: bool,
    /// today, week (the next 7 days), overdue, none or all.
    #[arg(long, short, value_parser = Words(&DueFilter::WORDS), hide_possible_values = true)]
    due: Option<String>,
    /// Words that must all appear in the text, category or notes.
    #[arg(long)]
    search: Option<String>,
    /// smart (default), due, priority, created, updated or content.
    #[arg(long, value_parser = Words(&SortKey::WORDS), hide_possible_values = true)]
    sort: Option<String>,
    /// Reverse the order.
    #[arg(long)]
    desc: bool,
    /// Most todos to show (default 50 as text; every one with --json).
    #[arg(long)]
    limit: Option<usize>,
    /// Show every matching todo, not a page of 50.
    #[arg(long, conflicts_with = "limit")]
    all: bool,
    /// Skip this many (for paging).
    #[arg(long, default_value_t = 0)]
    offset: usize,
}

pub async fn list(valet: &Valet, a: ListArgs, out: &Out) -> Result<(), ServiceError> {
    let limit = match (a.limit, a.all, out.json) {
        (Some(n), _, _) => Some(n),
        (None, false, false) => Some(PAGE),
        _ => None,
    };
    let q = TodoQuery {
        status: a
            .status
            .map(|s| StatusFilter::parse("--status", &s))
            .transpose()?
            .unwrap_or_default(),
        priorities: a
            .priority
            .iter()
            .map(|p| Priority::parse("--priority", p))
            .collect::<Result<_, _>>()?,
        categories: a.category,
        tags: a.tag,
        all_tags: a.all_tags,
        due: a
            .due
            .map(|d| DueFilter::parse("--due", &d))
            .transpose()?
            .unwrap_or_default(),
        text: a.search,
        sort: a
            .sort
            .map(|s| SortKey::parse("--sort", &s))
            .transpose()?
            .unwrap_or_default(),
        descending: a.desc,
        offset: a.offset,
        after: None,
        limit,
    };
    let page = valet.list_todos(&q).await?;
    out.todo_page(&page, &valet.today().await, &valet.todo_counts().await?);
    Ok(())
}
