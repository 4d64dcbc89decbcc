//! `valet_get_insights` for an agent: what got done, what slipped and how the days went over
//! a range, compact (the facade computes it; this only converts).

use rmcp::handler::server::router::tool::ToolRouter;
use rmcp::model::JsonObject;
use rmcp::{tool, tool_router};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use valet_core::insights::{Group, Insights};

use crate::args::parse;
use crate::server::{fail, input, output, reply, ToolResult, ValetMcp};

#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct InsightsArgs {
    pub from: Option<String>,
    pub to: Option<String>,
    pub group_by: Option<GroupArg>,
}

#[derive(Debug, Clone, Copy, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum GroupArg {
    Day,
    Week,
    Month,
}

#[derive(Debug, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct CountOut {
    pub name: String,
    pub count: usize,
}

#[derive(Debug, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct InsightsOut {
    pub from: String,
    pub to: String,
    pub completed: usize,
    pub created: usize,
    /// [bucket start day, completions], in order.
    pub completions: Vec<(String, usize)>,
    /// Share of completed todos with a deadline done by it (0 to 1).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub on_time_rate: Option<f64>,
    pub with_deadline: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub median_days_to_complete: Option<f64>,
    pub overdue_now: usize,
    pub by_project: Vec<CountOut>,
    pub by_tag: Vec<CountOut>,
    pub planned_days: usize,
    pub journaled_days: usize,
    /// The days with a journal, oldest first (pass one to valet_get_daily_context).
    pub journaled_dates: Vec<String>,
    pub plan_streak: usize,
    pub journal_streak: usize,
    pub carry_overs: usize,
    /// Tasks carried over the most: "text ×N".
    pub carried_longest: Vec<String>,
    /// [day, mood].
    pub moods: Vec<(String, String)>,
    /// [day, mood score 1 to 5].
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub mood_scores: Vec<(String, u8)>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub average_mood: Option<f64>,
}

fn counts(v: &[(String, usize)]) -> Vec<CountOut> {
    v.iter()
        .map(|(name, count)| CountOut {
            name: name.clone(),
            count: *count,
        })
        .collect()
}

impl From<&Insights> for InsightsOut {
    fn from(i: &Insights) -> Self {
        InsightsOut {
            from: i.from.to_string(),
            to: i.to.to_string(),
            completed: i.completed,
            created: i.created,
            completions: i
                .completions
                .iter()
                .map(|b| (b.start.to_string(), b.completed))
                .collect(),
            on_time_rate: i.on_time_rate.map(|r| (r * 100.0).round() / 100.0),
            with_deadline: i.with_deadline,
            median_days_to_complete: i.median_days_to_complete,
            overdue_now: i.overdue_now,
            by_project: counts(&i.by_project),
            by_tag: counts(&i.by_tag),
            planned_days: i.planned_days,
            journaled_days: i.journaled_days,
            journaled_dates: i.journaled_dates.iter().map(|d| d.to_string()).collect(),
            plan_streak: i.plan_streak.current,
            journal_streak: i.journal_streak.current,
            carry_overs: i.carry_overs,
            carried_longest: i
                .carried_longest
                .iter()
                .map(|c| format!("{} ×{}", c.text, c.carried))
                .collect(),
            moods: i
                .moods
                .iter()
                .map(|(d, m)| (d.to_string(), m.clone()))
                .collect(),
            mood_scores: i
                .mood_scores
                .iter()
                .map(|(d, m)| (d.to_string(), *m))
                .collect(),
            average_mood: i.average_mood,
        }
    }
}

#[tool_router(router = insight_router, vis = "pub(crate)")]
impl ValetMcp {
    /// For reviews: completions, on-time rate, overdue, streaks, carry-overs and moods over a
    /// range (default 30 days).
    #[tool(
        name = "valet_get_insights",
        title = "Insights",
        input_schema = input::<InsightsArgs>(),
        output_schema = output::<InsightsOut>(),
        annotations(title = "Insights", read_only_hint = true, destructive_hint = false, idempotent_hint = true, open_world_hint = false)
    )]
    async fn valet_get_insights(&self, args: JsonObject) -> ToolResult {
        let a: InsightsArgs = parse(args)?;
        let group = match a.group_by.unwrap_or(GroupArg::Week) {
            GroupArg::Day => Group::Day,
            GroupArg::Week => Group::Week,
            GroupArg::Month => Group::Month,
        };
        let i = self
            .valet
            .insights(a.from.as_deref(), a.to.as_deref(), group)
            .await
            .map_err(fail)?;
        let out = InsightsOut::from(&i);
        let rate = out
            .on_time_rate
            .map(|r| format!(", {:.0}% on time", r * 100.0))
            .unwrap_or_default();
        let text = format!(
            "{} to {}: {} completed, {} added{rate}; {} overdue now; {} planned and {} journaled days; {} carry-overs",
            out.from,
            out.to,
            out.completed,
            out.created,
            out.overdue_now,
            out.planned_days,
            out.journaled_days,
            out.carry_overs
        );
        reply(&out, text)
    }
}

impl ValetMcp {
    /// The insight tool, added to the others in [`ValetMcp::new`].
    pub(crate) fn insight_tools() -> ToolRouter<ValetMcp> {
        Self::insight_router()
    }
}
