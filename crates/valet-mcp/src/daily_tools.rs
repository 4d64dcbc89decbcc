//! The day's tools: `valet_get_daily_context` reads a day (today joined with the todo list),
//! `valet_update_daily` edits it (tasks, journal entries, any section; all or none) and
//! `valet_new_day` starts one. They keep the legacy server's names and arguments and are the
//! canonical tools for their jobs; `get_day`, `get_today` and `edit_day` stay callable for older
//! prompts but are not listed.

use std::collections::BTreeMap;

use rmcp::handler::server::router::tool::ToolRouter;
use rmcp::model::JsonObject;
use rmcp::service::RequestContext;
use rmcp::{tool, tool_router, RoleServer};
use schemars::JsonSchema;
use serde::Serialize;
use valet_core::query::{DueFilter, StatusFilter};
use valet_core::{DayEdit, Priority, SectionUpdate, TodoQuery};

use crate::args::{parse, DailyContextArgs, NewDayArgs, UpdateDailyArgs};
use crate::confirm::confirmed_if_asked;
use crate::server::{fail, fail_as, input, invalid, output, reply, ToolResult, ValetMcp};
use crate::view::{
    lines, omitted_line, today_rows, CountsOut, DayOut, EntryOut, NewDayOut, PlanTaskOut,
    TodayRowOut, TodoItem,
};

#[tool_router(router = daily_router, vis = "pub(crate)")]
impl ValetMcp {
    /// Start here: a day's plan tasks, journal entries (with ids) and sections; today also
    /// lists what is overdue, due, scheduled or planned and sums up the todos. Starts a new day.
    #[tool(
        name = "valet_get_daily_context",
        title = "Daily context",
        input_schema = input::<DailyContextArgs>(),
        output_schema = output::<DailyContextOut>(),
        annotations(title = "Daily context", read_only_hint = false, destructive_hint = false, idempotent_hint = true, open_world_hint = false)
    )]
    async fn valet_get_daily_context(
        &self,
        args: JsonObject,
        ctx: RequestContext<RoleServer>,
    ) -> ToolResult {
        let a: DailyContextArgs = parse(args)?;
        let date = self.date("date", a.date.as_deref()).await?;
        let today_date = self.valet.today().await.date;
        let is_today = date.is_none_or(|d| d.date() == today_date);
        // Today's first read starts the day (archive, carry-over) before the day is read.
        let today = match is_today {
            true => Some(self.as_client(&ctx).today_view(true).await.map_err(fail)?),
            false => None,
        };
        let v = self.valet.day(date).await.map_err(fail)?;
        let wanted = a.sections.unwrap_or_default();
        let pick = |secs: Vec<(String, String)>| -> Sections {
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
        let day = DayOut::from(&v);
        let (today, today_omitted) = match today {
            Some(t) => {
                let (rows, omitted) = today_rows(&t.items);
                (Some(rows), omitted)
            }
            None => (None, 0),
        };
        let out = DailyContextOut {
            tasks: day.plan.map(|p| p.tasks).unwrap_or_default(),
            entries: day.journal.map(|j| j.entries).unwrap_or_default(),
            archived: day.archived,
            today,
            today_omitted,
            date: v.date.to_string(),
            is_today: v.is_today,
            time_zone: zone.name().to_owned(),
            planner,
            journal,
            todos,
            previous_day,
        };
        let text = out.text(&today_date.to_string());
        reply(&out, text)
    }

    /// Edit a day, all or nothing: plan tasks, journal entries, mood, or sections (fileType +
    /// updates). Asks before replacing text.
    #[tool(
        name = "valet_update_daily",
        title = "Edit a day",
        input_schema = input::<UpdateDailyArgs>(),
        output_schema = output::<UpdateDailyOut>(),
        annotations(title = "Edit a day", read_only_hint = false, destructive_hint = true, idempotent_hint = false, open_world_hint = false)
    )]
    async fn valet_update_daily(
        &self,
        args: JsonObject,
        ctx: RequestContext<RoleServer>,
    ) -> ToolResult {
        let mut a: UpdateDailyArgs = parse(args)?;
        let date = self.date("date", a.date.as_deref()).await?;
        let edit = a.take_edit().into_edit();
        let updates = a.updates.unwrap_or_default();
        let file: Option<valet_core::DayFile> = a.file_type.map(Into::into);
        let file = match (file, updates.is_empty()) {
            (Some(f), _) => Some(f),
            (None, true) => None,
            (None, false) => {
                return Err(invalid(
                    "fileType",
                    "is required with updates (planner or journal)",
                ))
            }
        };
        let names: Vec<String> = updates
            .iter()
            .map(|u| u.section.trim().to_owned())
            .collect();
        let updates: Vec<SectionUpdate> = updates
            .into_iter()
            .map(|u| SectionUpdate {
                section: u.section,
                operation: u.operation.into(),
                content: u.content,
            })
            .collect();
        if let Some(f) = file {
            self.ask_before_replacing(&ctx, date, f, &updates, a.confirm)
                .await?;
        }
        let valet = self.as_client(&ctx);
        let keywords = a.keywords.unwrap_or_default();
        let structured = !edit.is_empty();
        let v = match (file, edit.is_empty()) {
            // The legacy call: sections of one file (and keywords), exactly as before.
            (Some(f), true) => valet
                .update_day(date, f, updates, keywords)
                .await
                .map_err(fail)?,
            (None, true) => {
                return Err(invalid(
                    "updates",
                    "nothing to change: give updates (with fileType) or a day edit such as addTasks or journalEntry",
                ))
            }
            (f, false) => {
                if !keywords.is_empty() {
                    return Err(invalid("keywords", "go with fileType and updates alone"));
                }
                let sections = f
                    .map(|f| updates.into_iter().map(|u| (f, u)).collect())
                    .unwrap_or_default();
                let planned = edit.plan_todos.clone();
                valet
                    .edit_day(date, DayEdit { sections, ..edit })
                    .await
                    .map_err(|e| fail_as(e, &|i| format!("planTodos[{i}]"), 0, &planned, ""))?
            }
        };
        let sections: BTreeMap<String, String> = match file {
            Some(f) => names
                .iter()
                .map(|n| {
                    let text = match f {
                        valet_core::DayFile::Planner => {
                            v.plan.as_ref().and_then(|p| p.section_text(n))
                        }
                        valet_core::DayFile::Journal => {
                            v.journal.as_ref().and_then(|j| j.section_text(n))
                        }
                    };
                    (n.clone(), text.unwrap_or_default())
                })
                .collect(),
            None => BTreeMap::new(),
        };
        // The legacy call answers as the legacy server did; a day edit gets the whole day.
        let day = structured.then(|| DayOut::from(&v));
        let out = UpdateDailyOut {
            date: v.date.to_string(),
            file_type: file.map(|f| match f {
                valet_core::DayFile::Planner => "planner".into(),
                valet_core::DayFile::Journal => "journal".into(),
            }),
            sections,
            day,
        };
        let mut text = match &out.file_type {
            Some(f) if !structured => format!("Updated the {f} of {}:", out.date),
            _ => format!("Updated {}:", out.date),
        };
        for (n, t) in &out.sections {
            text.push_str(&format!("\n\n## {n}\n{t}"));
        }
        if let Some(d) = &out.day {
            text.push_str(&format!("\n\n{}", d.text()));
        }
        reply(&out, text)
    }

    /// Start a day: archive the last one and carry its open tasks over (the day's first
    /// valet_get_daily_context does it too).
    #[tool(
        name = "valet_new_day",
        title = "New day",
        input_schema = input::<NewDayArgs>(),
        output_schema = output::<NewDayOut>(),
        annotations(title = "New day", read_only_hint = false, destructive_hint = false, idempotent_hint = true, open_world_hint = false)
    )]
    async fn valet_new_day(&self, args: JsonObject, ctx: RequestContext<RoleServer>) -> ToolResult {
        let a: NewDayArgs = parse(args)?;
        let date = self.date("date", a.date.as_deref()).await?;
        let r = self.as_client(&ctx).new_day(date).await.map_err(fail)?;
        let out = NewDayOut::from(&r);
        let text = out.text();
        reply(&out, text)
    }
}

impl ValetMcp {
    /// Asks the user before `updates` replace a section that has other text. Clients that
    /// cannot ask keep the legacy server's behaviour (the edit is in the undo journal).
    async fn ask_before_replacing(
        &self,
        ctx: &RequestContext<RoleServer>,
        date: Option<valet_core::DayDate>,
        file: valet_core::DayFile,
        updates: &[SectionUpdate],
        confirm: Option<bool>,
    ) -> Result<(), String> {
        if confirm == Some(true) {
            return Ok(());
        }
        let replaced: Vec<&SectionUpdate> = updates
            .iter()
            .filter(|u| u.operation == valet_core::SectionOp::Replace)
            .collect();
        if replaced.is_empty() {
            return Ok(());
        }
        let v = self.valet.day(date).await.map_err(fail)?;
        let lost: Vec<&str> = replaced
            .iter()
            .filter(|u| {
                let now = match file {
                    valet_core::DayFile::Planner => {
                        v.plan.as_ref().and_then(|p| p.section_text(&u.section))
                    }
                    valet_core::DayFile::Journal => {
                        v.journal.as_ref().and_then(|j| j.section_text(&u.section))
                    }
                };
                now.is_some_and(|t| !t.trim().is_empty() && t.trim() != u.content.trim())
            })
            .map(|u| u.section.trim())
            .collect();
        if lost.is_empty() {
            return Ok(());
        }
        let what = format!("Replace the text of {} on {}", lost.join(", "), v.date);
        confirmed_if_asked(ctx, &what).await
    }

    /// The day's tools, added to the others in [`ValetMcp::new`].
    pub(crate) fn daily_tools() -> ToolRouter<ValetMcp> {
        Self::daily_router()
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
            note: "Each list shows at most 10; use valet_todo_view for the rest.".into(),
        })
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

/// A day's sections by name, in the order the day keeps them (legacy days keep theirs).
pub type Sections = indexmap::IndexMap<String, String>;

#[derive(Debug, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct PreviousDayOut {
    pub date: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<BTreeMap<String, String>>")]
    pub planner: Option<Sections>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<BTreeMap<String, String>>")]
    pub journal: Option<Sections>,
}

#[derive(Debug, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct DailyContextOut {
    pub date: String,
    pub is_today: bool,
    pub time_zone: String,
    /// The plan's tasks with their ids (tick with valet_update_daily checkTasks).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tasks: Vec<PlanTaskOut>,
    /// The journal's entries with their ids (editEntries, removeEntries).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub entries: Vec<EntryOut>,
    /// Whether an archived copy of this day exists (the valet://archive/{date} resource).
    pub archived: bool,
    /// Non-empty planner sections by name, as markdown.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<BTreeMap<String, String>>")]
    pub planner: Option<Sections>,
    /// Non-empty journal sections by name, as markdown.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<BTreeMap<String, String>>")]
    pub journal: Option<Sections>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub todos: Option<TodoSummaryOut>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub previous_day: Option<PreviousDayOut>,
    /// For today: the plan joined with overdue, due and scheduled todos, in order.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub today: Option<Vec<TodayRowOut>>,
    /// Todos left out of `today` (at most 50 rows; valet_todo_view has them all).
    #[serde(skip_serializing_if = "crate::view::is_zero")]
    pub today_omitted: usize,
}

fn sections_text(title: &str, s: &Option<Sections>) -> String {
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
    /// `today` is the real today: the todo list is always as of now, and for another day it says
    /// so, or "Due today" would read as the day asked for.
    fn text(&self, today: &str) -> String {
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
            if self.today_omitted > 0 {
                out.push_str(&format!("{}\n", omitted_line(self.today_omitted)));
            }
        }
        out.push_str(&sections_text("Planner", &self.planner));
        out.push_str(&sections_text("Journal", &self.journal));
        if let Some(t) = &self.todos {
            let as_of = match self.is_today {
                true => String::new(),
                false => format!(" (as of today, {today}, not {})", self.date),
            };
            out.push_str(&format!("\n## Todo list{as_of}\n{}\n", t.counts.text()));
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
    /// planner or journal, when `updates` edited one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file_type: Option<String>,
    /// The sections `updates` edited, as they are now, as markdown.
    pub sections: BTreeMap<String, String>,
    /// The whole day after the edit.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub day: Option<DayOut>,
}
