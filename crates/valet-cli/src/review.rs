//! `valet review`: the week (or month) in review, and the reflection written for it.

use chrono::NaiveDate;
use clap::{ArgGroup, Args};
use valet_core::review::{Period, Review, ReviewTodo};
use valet_service::{ServiceError, Valet};

use crate::output::{print_json, Out};
use crate::shell::{paint, Style};

#[derive(Args, Debug)]
#[command(group(ArgGroup::new("length").args(["week", "month"])))]
#[command(group(ArgGroup::new("writing").args(["reflect", "edit"])))]
pub struct ReviewArgs {
    /// Review a week, Monday to Sunday (the default).
    #[arg(long)]
    week: bool,
    /// Review a calendar month.
    #[arg(long)]
    month: bool,
    /// A day in the period (words or YYYY-MM-DD; default today).
    #[arg(long, allow_hyphen_values = true)]
    date: Option<String>,
    /// The period before (last week, last month).
    #[arg(long)]
    last: bool,
    /// Write the period's reflection ("-" reads standard input; "" removes it).
    #[arg(long, allow_hyphen_values = true, value_name = "TEXT")]
    reflect: Option<String>,
    /// Write the period's reflection in $EDITOR, starting from what is there.
    #[arg(long)]
    edit: bool,
}

impl ReviewArgs {
    pub fn only_reads(&self) -> bool {
        self.reflect.is_none() && !self.edit
    }
}

pub async fn review(valet: &Valet, a: ReviewArgs, out: &Out) -> Result<(), ServiceError> {
    let period = if a.month { Period::Month } else { Period::Week };
    let mut at = match &a.date {
        Some(d) => valet.parse_due("--date", d).await?.0,
        None => valet.today().await.date,
    };
    if a.last {
        at = period.bounds(at).0 - chrono::Duration::days(1);
    }
    let day = Some(at.to_string());
    let r = if let Some(text) = &a.reflect {
        let text = crate::organize::text_arg(text)?;
        valet
            .write_review(period, day.as_deref(), text.trim())
            .await?
    } else if a.edit {
        let current = valet.review(period, day.as_deref()).await?.reflection;
        let text = crate::dayverbs::edit("--edit", &current)?;
        valet
            .write_review(period, day.as_deref(), text.trim())
            .await?
    } else {
        valet.review(period, day.as_deref()).await?
    };
    if out.json {
        print_json(&r);
    } else {
        print(&r);
    }
    Ok(())
}

fn day(d: NaiveDate) -> String {
    d.format("%a %d %b").to_string()
}

fn todo_line(t: &ReviewTodo, note: &str) -> String {
    let project = t
        .project
        .as_ref()
        .map(|p| paint(&format!("  [{p}]"), Style::Dim))
        .unwrap_or_default();
    format!(
        "  {}  {}{project}{note}",
        paint(&day(t.date), Style::Dim),
        t.content
    )
}

fn heading(title: &str, n: usize) {
    println!(
        "\n{} {}",
        paint(title, Style::Strong),
        paint(&format!("({n})"), Style::Dim)
    );
}

fn print(r: &Review) {
    let what = match r.period {
        Period::Week => "Week",
        Period::Month => "Month",
    };
    println!(
        "{}",
        paint(
            &format!(
                "{what} in review: {} – {}",
                day(r.from),
                r.to.format("%a %d %b %Y")
            ),
            Style::Strong
        )
    );
    let n = &r.numbers;
    let mut summary = vec![format!("{} completed", r.completed.len())];
    if let Some(rate) = n.on_time_rate {
        summary.push(format!("{:.0}% on time", rate * 100.0));
    }
    if !r.missed.is_empty() {
        summary.push(format!("{} missed deadline(s)", r.missed.len()));
    }
    summary.push(format!(
        "planned {} day(s), journaled {}",
        n.planned_days, n.journaled_days
    ));
    if let Some(m) = n.average_mood {
        summary.push(format!("mood {m}/5"));
    }
    println!("{}", summary.join(" · "));
    if !r.completed.is_empty() {
        heading("Completed", r.completed.len());
        for t in &r.completed {
            let late = match t.due {
                Some(due) if t.date > due => {
                    paint(&format!("  late: due {}", day(due)), Style::Alert)
                }
                _ => String::new(),
            };
            println!("{}", todo_line(t, &late));
        }
    }
    if !r.missed.is_empty() {
        heading("Missed deadlines, still open", r.missed.len());
        for t in &r.missed {
            println!("{}", todo_line(t, ""));
        }
    }
    if !r.slipped.is_empty() {
        heading("Slipped: carried from day to day", r.slipped.len());
        for s in &r.slipped {
            let end = if s.done { "done" } else { "still open" };
            println!("  {} ×{}  ({end} {})", s.text, s.carried, day(s.last));
        }
    }
    for (title, list) in [
        ("Highlights", &r.highlights),
        ("Challenges", &r.challenges),
        ("Lessons", &r.lessons),
    ] {
        if !list.is_empty() {
            heading(title, list.len());
            for x in list {
                println!("  {}  {}", paint(&day(x.date), Style::Dim), x.text);
            }
        }
    }
    if !r.moods.is_empty() {
        heading("Moods", r.moods.len());
        for (d, score, words) in &r.moods {
            let s = score.map(|n| format!("{n}/5 ")).unwrap_or_default();
            println!(
                "  {}  {s}{}",
                paint(&day(*d), Style::Dim),
                words.as_deref().unwrap_or("")
            );
        }
    }
    heading(
        &format!(
            "Next {}: {} – {}",
            what.to_lowercase(),
            day(r.next_from),
            day(r.next_to)
        ),
        r.due_next.len(),
    );
    if r.due_next.is_empty() {
        println!("  {}", paint("nothing due or scheduled", Style::Dim));
    }
    for t in &r.due_next {
        let kind = if t.due == Some(t.date) {
            "  deadline"
        } else {
            ""
        };
        println!("{}", todo_line(t, &paint(kind, Style::Alert)));
    }
    println!("\n{}", paint("Reflection", Style::Strong));
    if r.reflection.trim().is_empty() {
        let flag = match r.period {
            Period::Week => "",
            Period::Month => " --month",
        };
        println!(
            "  {}",
            paint(
                &format!("none yet: valet review{flag} --reflect \"…\" (or --edit)"),
                Style::Dim
            )
        );
    } else {
        for line in r.reflection.lines() {
            println!("  {line}");
        }
    }
}
