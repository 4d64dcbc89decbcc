//! `valet insights`: what got done, what slipped and how the days went, over a range.

use clap::Args;
use valet_core::insights::{Group, Insights};
use valet_service::{ServiceError, Valet};

use crate::output::{print_json, Out};

#[derive(Args, Debug)]
pub struct InsightsArgs {
    /// First day (YYYY-MM-DD or words: "yesterday", "last monday" is not known). Default: 29
    /// days before --to (30 days in all).
    #[arg(long, allow_hyphen_values = true)]
    from: Option<String>,
    /// Last day, included (default today).
    #[arg(long, allow_hyphen_values = true)]
    to: Option<String>,
    /// Completions per day, week or month (default week).
    #[arg(long, default_value = "week")]
    by: String,
}

pub async fn insights(valet: &Valet, a: InsightsArgs, out: &Out) -> Result<(), ServiceError> {
    let group = Group::parse("--by", &a.by)?;
    let i = valet
        .insights(a.from.as_deref(), a.to.as_deref(), group)
        .await?;
    if out.json {
        print_json(&i);
    } else {
        print(&i);
    }
    Ok(())
}

fn print(i: &Insights) {
    println!("Insights {} to {}", i.from, i.to);
    let rate = match i.on_time_rate {
        Some(r) => format!(
            "; {:.0}% on time ({} of {} with a deadline)",
            r * 100.0,
            i.on_time,
            i.with_deadline
        ),
        None => String::new(),
    };
    let median = i
        .median_days_to_complete
        .map(|m| format!("; {m} days from added to done (median)"))
        .unwrap_or_default();
    println!(
        "Completed {} (added {}){rate}{median}",
        i.completed, i.created
    );
    if i.overdue_now > 0 {
        println!("Overdue now: {}", i.overdue_now);
    }
    let most = i.completions.iter().map(|b| b.completed).max().unwrap_or(0);
    let per = match i.group {
        Group::Day => "day",
        Group::Week => "week (from Monday)",
        Group::Month => "month",
    };
    println!("Completed per {per}:");
    for b in &i.completions {
        // Bars of at most 30 cells, so the widest fits any terminal.
        let cells = if most == 0 {
            0
        } else {
            (b.completed * 30).div_ceil(most)
        };
        let mood = b.mood.map(|m| format!("  mood {m}")).unwrap_or_default();
        println!(
            "  {}  {:<30} {}{mood}",
            b.start,
            "█".repeat(cells),
            b.completed
        );
    }
    let join = |v: &[(String, usize)], prefix: &str| {
        v.iter()
            .map(|(k, n)| format!("{prefix}{k} {n}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    if !i.by_project.is_empty() {
        println!("By project: {}", join(&i.by_project, ""));
    }
    if !i.by_tag.is_empty() {
        println!("By tag: {}", join(&i.by_tag, "#"));
    }
    println!(
        "Planned days {} (streak {}, longest {}); journaled days {} (streak {}, longest {})",
        i.planned_days,
        i.plan_streak.current,
        i.plan_streak.longest,
        i.journaled_days,
        i.journal_streak.current,
        i.journal_streak.longest
    );
    if i.carry_overs > 0 {
        let longest: Vec<String> = i
            .carried_longest
            .iter()
            .map(|c| format!("{:?} ×{} (last {})", c.text, c.carried, c.date))
            .collect();
        println!(
            "Carried over {} times; longest: {}",
            i.carry_overs,
            longest.join(", ")
        );
    }
    if let Some(avg) = i.average_mood {
        println!(
            "Mood {avg} of 5 on average over {} scored days",
            i.mood_scores.len()
        );
    }
    if !i.moods.is_empty() {
        let moods: Vec<String> = i.moods.iter().map(|(d, m)| format!("{d} {m}")).collect();
        println!("Moods: {}", moods.join(" · "));
    }
}
