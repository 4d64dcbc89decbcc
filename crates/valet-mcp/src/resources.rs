//! The MCP resources (today, the open todos, status, a day, an archived day) and prompts
//! (plan my day, end-of-day review, weekly review), over the same facade as the tools.

use rmcp::model::{GetPromptResult, JsonObject, PromptMessage, Role};
use rmcp::ErrorData;

use valet_core::query::DueFilter;
use valet_core::{DayDate, TodoQuery};

use crate::server::{fail, ValetMcp};
use crate::view::*;

pub(crate) const TODAY_URI: &str = "valet://today";
pub(crate) const TODOS_URI: &str = "valet://todos";
pub(crate) const STATUS_URI: &str = "valet://status";

fn resource_error(e: String) -> ErrorData {
    ErrorData::invalid_params(e, None)
}

impl ValetMcp {
    pub(crate) async fn read(&self, uri: &str) -> Result<(String, &'static str), ErrorData> {
        let day_text = |v: valet_service::DayView| DayOut::from(&v).text();
        if uri == TODAY_URI {
            let v = self
                .valet
                .day(None)
                .await
                .map_err(|e| resource_error(fail(e)))?;
            return Ok((day_text(v), "text/markdown"));
        }
        if uri == TODOS_URI {
            let page = self
                .valet
                .list_todos(&TodoQuery {
                    limit: Some(200),
                    ..TodoQuery::default()
                })
                .await
                .map_err(|e| resource_error(fail(e)))?;
            let items = self.items(&page.items).await;
            let more = if page.total > items.len() {
                format!(" (first {}; use valet_todo_view for the rest)", items.len())
            } else {
                String::new()
            };
            return Ok((
                format!("# Open todos: {}{more}\n{}\n", page.total, lines(&items)),
                "text/markdown",
            ));
        }
        if uri == STATUS_URI {
            let s = self
                .valet
                .status()
                .await
                .map_err(|e| resource_error(fail(e)))?;
            let sync = self
                .valet
                .sync_status()
                .await
                .map_err(|e| resource_error(fail(e)))?;
            let metrics = self
                .valet
                .metrics()
                .await
                .map_err(|e| resource_error(fail(e)))?;
            // The status tool's fields, plus this server's in-process metrics.
            let mut v = serde_json::to_value(crate::server::StatusOut::from(&s, &sync))
                .map_err(|e| ErrorData::internal_error(e.to_string(), None))?;
            if let Some(o) = v.as_object_mut() {
                o.insert(
                    "metrics".into(),
                    serde_json::to_value(&metrics)
                        .map_err(|e| ErrorData::internal_error(e.to_string(), None))?,
                );
            }
            let text = serde_json::to_string_pretty(&v)
                .map_err(|e| ErrorData::internal_error(e.to_string(), None))?;
            return Ok((text, "application/json"));
        }
        if let Some(d) = uri.strip_prefix("valet://day/") {
            let date = DayDate::parse("date", d).map_err(|e| resource_error(e.to_string()))?;
            let v = self
                .valet
                .day(Some(date))
                .await
                .map_err(|e| resource_error(fail(e)))?;
            return Ok((day_text(v), "text/markdown"));
        }
        if let Some(d) = uri.strip_prefix("valet://archive/") {
            let date = DayDate::parse("date", d).map_err(|e| resource_error(e.to_string()))?;
            let v = self
                .valet
                .day(Some(date))
                .await
                .map_err(|e| resource_error(fail(e)))?;
            let a = v.archived.ok_or_else(|| {
                ErrorData::resource_not_found(format!("no archived day {date}"), None)
            })?;
            let text = valet_core::day::day_markdown(a.date, a.plan.as_ref(), a.journal.as_ref());
            return Ok((
                format!(
                    "{text}\n(archived {})\n",
                    a.archived_at.format("%Y-%m-%d %H:%M UTC")
                ),
                "text/markdown",
            ));
        }
        Err(ErrorData::resource_not_found(
            format!("unknown resource {uri:?}; see resources/list and resources/templates/list"),
            None,
        ))
    }

    /// The part of plan_my_day about a project or `#tag` the day is given to: its open todos.
    async fn focus_text(&self, focus: &str) -> Result<String, ErrorData> {
        let q = match focus.strip_prefix('#') {
            Some(tag) => TodoQuery {
                tags: vec![tag.to_owned()],
                limit: Some(30),
                ..TodoQuery::default()
            },
            None => TodoQuery {
                categories: vec![focus.to_owned()],
                limit: Some(30),
                ..TodoQuery::default()
            },
        };
        let page = self
            .valet
            .list_todos(&q)
            .await
            .map_err(|e| resource_error(fail(e)))?;
        if page.total == 0 {
            return Err(resource_error(format!(
                "focus: no open todos in {focus:?} (a project name, or a #tag)"
            )));
        }
        Ok(format!(
            " Give the day to {focus}: put its most important open todos first ({} open):\n{}",
            page.total,
            lines(&self.items(&page.items).await)
        ))
    }

    pub(crate) async fn prompt(
        &self,
        name: &str,
        args: &JsonObject,
    ) -> Result<GetPromptResult, ErrorData> {
        let arg = |k: &str| args.get(k).and_then(|v| v.as_str()).map(str::to_owned);
        let date = match arg("date") {
            Some(d) => Some(
                self.date("date", Some(&d))
                    .await
                    .map_err(resource_error)?
                    .ok_or_else(|| resource_error("date: must not be empty".into()))?,
            ),
            None => None,
        };
        let day = self
            .valet
            .day(date)
            .await
            .map_err(|e| resource_error(fail(e)))?;
        let day_text = DayOut::from(&day).text();
        let summary = self.todo_summary().await.map_err(resource_error)?;
        let todo_text = {
            let mut t = format!("Todo list: {}\n", summary.counts.text());
            for (n, l) in [
                ("Overdue", &summary.overdue),
                ("Due today", &summary.due_today),
                ("In progress", &summary.in_progress),
                ("High priority", &summary.high_priority),
            ] {
                if !l.is_empty() {
                    t.push_str(&format!("\n{n}:\n{}\n", lines(l)));
                }
            }
            t
        };
        let (description, text) = match name {
            "plan_my_day" => {
                let week = self
                    .valet
                    .list_todos(&TodoQuery { due: DueFilter::Week, limit: Some(20), ..TodoQuery::default() })
                    .await
                    .map_err(|e| resource_error(fail(e)))?;
                let week = lines(&self.items(&week.items).await);
                let focus = match arg("focus").map(|f| f.trim().to_owned()).filter(|f| !f.is_empty()) {
                    Some(f) => self.focus_text(&f).await?,
                    None => String::new(),
                };
                (
                    "Plan the day with my todos and yesterday's unfinished tasks",
                    format!(
                        "Help me plan {}. Look at what is already planned, my overdue and due todos, and what is coming this week. \
                         Propose a realistic plan (at most 3 priorities, time for breaks), ask me what to change, then record it with \
                         valet_update_daily (planTodos for todos from the list, addTasks for anything else) and adjust todos with \
                         valet_todo_operations.{focus}\n\n{day_text}\n{todo_text}\nDue in the next 7 days:\n{week}\n",
                        day.date
                    ),
                )
            }
            "end_of_day_review" => (
                "Review the day: what got done, journal, and carry-over",
                format!(
                    "Let's close {}. Go through the plan's tasks with me: check off what is done (valet_update_daily checkTasks), complete \
                     finished todos (valet_todo_operations complete), and ask me how the day went. Then write the journal with valet_update_daily: one entry, \
                     the mood, highlights, challenges and lessons in my words. Finish by listing what carries over to tomorrow.\n\n{day_text}\n{todo_text}",
                    day.date
                ),
            ),
            "weekly_review" => {
                let r = self
                    .valet
                    .review(valet_core::review::Period::Week, None)
                    .await
                    .map_err(|e| resource_error(fail(e)))?;
                let mut review = serde_json::to_value(&r).unwrap_or_default();
                if let Some(o) = review.as_object_mut() {
                    let numbers = crate::insight_tools::InsightsOut::from(&r.numbers);
                    o.insert("numbers".into(), serde_json::to_value(numbers).unwrap_or_default());
                }
                (
                    "Review the week: what got done, what slipped, lessons, and next week",
                    format!(
                        "Let's do my weekly review of {from} to {to}. From the review below (the same as `valet review`), summarise what \
                         I achieved, what slipped and why (missed deadlines, tasks carried from day to day), and the lessons in my \
                         journal. Then look at what is due next week and my todo list: suggest what to drop, delegate or reschedule \
                         (valet_todo_operations update) and the 3 most important outcomes for next week. Ask me for my reflection on \
                         the week and save it with valet_update_daily {{\"date\": \"{from}\", \"fileType\": \"journal\", \"updates\": \
                         [{{\"section\": \"{section}\", \"operation\": \"replace\", \"content\": ...}}]}} (the week's reflection lives \
                         in the journal of its Monday).\n\nThe week in review: {review}\n\n{todo_text}",
                        from = r.from,
                        to = r.to,
                        section = valet_core::review::Period::Week.section(),
                    ),
                )
            }
            other => {
                return Err(ErrorData::invalid_params(
                    format!("unknown prompt {other:?}; one of plan_my_day, end_of_day_review, weekly_review"),
                    None,
                ))
            }
        };
        Ok(
            GetPromptResult::new(vec![PromptMessage::new_text(Role::User, text)])
                .with_description(description),
        )
    }
}
