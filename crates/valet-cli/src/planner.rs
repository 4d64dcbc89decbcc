//! The planner's commands: `valet today`, `valet upcoming`, `valet schedule`, `valet plan`,
//! `valet check` / `uncheck`, `valet reminders`, and `valet search` with its filters. Rules are the facade's; this only converts and prints.

use clap::Args;
use valet_core::planner::{Reason, TodayItem};
use valet_core::{RecordKind, SearchQuery};
use valet_service::{ServiceError, TodayView, UpcomingView, Valet};

use crate::output::{print_json, short_id, todo_line, Out};

#[derive(Args, Debug)]
pub struct SearchArgs {
    /// Words that must all appear.
    pub text: String,
    /// Most results to show.
    #[arg(long, default_value_t = 20)]
    pub limit: usize,
    /// Only these kinds: todo, plan, journal, archive (repeatable).
    #[arg(long = "kind", short = 'k')]
    pub kinds: Vec<String>,
    /// Only from this day (YYYY-MM-DD or words: "last monday", "2 weeks ago" are not words
    /// Valet knows; "yesterday" and dates are).
    #[arg(long)]
    pub from: Option<String>,
    /// Only up to this day (inclusive).
    #[arg(long)]
    pub to: Option<String>,
}

pub async fn today(valet: &Valet, out: &Out) -> Result<(), ServiceError> {
    let v = valet.today_view(true).await?;
    if out.json {
        print_json(&v);
        return Ok(());
    }
    print_today(&v);
    Ok(())
}

fn print_today(v: &TodayView) {
    if let Some(m) = &v.morning {
        let archived = match (m.previous, m.archived) {
            (Some(p), true) => format!(" {p} archived;"),
            _ => String::new(),
        };
        let carried = match m.carried.len() {
            0 => String::new(),
            n => format!(" {n} task(s) carried over;"),
        };
        println!(
            "A new day has started:{archived}{carried} {} overdue, {} due today, {} scheduled.",
            m.overdue, m.due_today, m.scheduled
        );
    }
    println!("Today, {}", v.date);
    if v.items.is_empty() {
        println!("  Nothing planned, scheduled or due. Add with `valet plan ID` or `valet day update --planner --section tasks --append TEXT`.");
        return;
    }
    let mut rows = Vec::new();
    for it in &v.items {
        let mark = if it.done() { "[x]" } else { "[ ]" };
        let (tag, id) = match it {
            TodayItem::Todo { reason, todo, .. } => {
                let tag = match reason {
                    Reason::Overdue => match todo.due {
                        Some(d) => format!(
                            "overdue (due {})",
                            valet_core::dates::relative_day(d, v.date.date())
                        ),
                        None => "overdue".into(),
                    },
                    Reason::DueToday => match todo.due_time {
                        Some(t) => format!("due {}", t.format("%H:%M")),
                        None => "due today".into(),
                    },
                    Reason::Scheduled => "scheduled".into(),
                };
                (tag, short_id(&todo.id.to_string()).to_owned())
            }
            TodayItem::Task { task, todo, .. } => {
                let mut tag = String::from("plan");
                if task.carried >= v.nudge_after {
                    tag = format!("carried {}× (schedule it later or drop it?)", task.carried);
                } else if task.carried > 0 {
                    tag = format!("carried {}×", task.carried);
                }
                let id = match todo {
                    Some(t) => short_id(&t.id.to_string()).to_owned(),
                    None => format!("task {}", task.id),
                };
                (tag, id)
            }
        };
        rows.push((mark, id, it.text().replace(['\n', '\r'], " "), tag));
    }
    let id_w = rows.iter().map(|r| r.1.len()).max().unwrap_or(0);
    let text_w = rows
        .iter()
        .map(|r| crate::output::width(&r.2))
        .max()
        .unwrap_or(0);
    let text_w = match crate::shell::terminal_width() {
        Some(cols) => text_w.min(cols.saturating_sub(id_w + 30).max(20)),
        None => text_w,
    };
    for (mark, id, text, tag) in rows {
        let text = crate::output::fit(&text, text_w);
        let pad = " ".repeat(text_w.saturating_sub(crate::output::width(&text)));
        println!("{mark} {id:<id_w$}  {text}{pad}  ({tag})");
    }
    let c = &v.counts;
    let tasks = if c.tasks == 1 {
        "plan task"
    } else {
        "plan tasks"
    };
    println!(
        "{} open: {} overdue, {} due, {} scheduled, {} {tasks}; {} done",
        c.overdue + c.due_today + c.scheduled + c.tasks,
        c.overdue,
        c.due_today,
        c.scheduled,
        c.tasks,
        c.done
    );
}

pub async fn upcoming(valet: &Valet, days: u32, out: &Out) -> Result<(), ServiceError> {
    let v = valet.upcoming(days).await?;
    if out.json {
        print_json(&v);
        return Ok(());
    }
    print_upcoming(&v);
    Ok(())
}

fn print_upcoming(v: &UpcomingView) {
    // One table over every day, so the dates line up from one day to the next.
    let rows: Vec<(&valet_core::Todo, &str)> = v
        .days
        .iter()
        .flat_map(|d| {
            let deadlines = d.deadlines.iter().map(|t| (t, "deadline "));
            deadlines.chain(d.scheduled.iter().map(|t| (t, "scheduled")))
        })
        .collect();
    let mut lines = crate::output::todo_table(rows.iter().map(|(t, _)| *t)).into_iter();
    let mut kinds = rows.iter().map(|(_, k)| *k);
    let mut any = false;
    for d in &v.days {
        if d.scheduled.is_empty() && d.deadlines.is_empty() {
            continue;
        }
        any = true;
        let label = if d.date == v.today.date() {
            "today".to_owned()
        } else {
            d.date.format("%a %-d %b").to_string()
        };
        println!("{} ({label})", d.date);
        for _ in 0..d.deadlines.len() + d.scheduled.len() {
            let (line, kind) = (
                lines.next().unwrap_or_default(),
                kinds.next().unwrap_or_default(),
            );
            println!("  {kind} {line}");
        }
    }
    if !any {
        println!(
            "Nothing scheduled or due in the next {} days.",
            v.days.len()
        );
    }
}

pub async fn reminders(
    valet: &Valet,
    take: bool,
    limit: usize,
    out: &Out,
) -> Result<(), ServiceError> {
    let zone = valet.zone().await.0;
    let local = |t: chrono::DateTime<chrono::Utc>| t.with_timezone(&zone).format("%a %-d %b %H:%M");
    if take {
        let scan = valet.take_due_reminders().await?;
        if out.json {
            print_json(&scan);
            return Ok(());
        }
        for d in scan.due.iter().chain(&scan.missed) {
            let late = if d.missed { " (missed)" } else { "" };
            let id = d.todo.to_string();
            println!("{}  {}  {}{late}", local(d.at), short_id(&id), d.content);
        }
        if scan.due.is_empty() && scan.missed.is_empty() {
            println!("No reminder is due.");
        }
        return Ok(());
    }
    let next = valet.upcoming_reminders(limit).await?;
    if out.json {
        let rows: Vec<_> = next
            .iter()
            .map(|(t, at)| serde_json::json!({"at": at, "todo": t}))
            .collect();
        print_json(&rows);
        return Ok(());
    }
    for (t, at) in &next {
        println!("{}  {}", local(*at), todo_line(t));
    }
    if next.is_empty() {
        println!("No reminder is coming up.");
    }
    Ok(())
}

pub async fn schedule(
    valet: &Valet,
    ids: Vec<String>,
    when: &str,
    out: &Out,
) -> Result<(), ServiceError> {
    let todos = valet.schedule(ids, when).await?;
    if out.json {
        print_json(&todos);
        return Ok(());
    }
    for t in &todos {
        let what = match t.when {
            Some(d) => format!("Scheduled for {d}"),
            None => "Unscheduled".to_owned(),
        };
        println!("{what}: {}", todo_line(t));
    }
    Ok(())
}

pub async fn plan(
    valet: &Valet,
    id: &str,
    date: Option<&str>,
    out: &Out,
) -> Result<(), ServiceError> {
    let date = match date {
        Some(d) => {
            let (d, _) = valet.parse_due("--date", d).await?;
            Some(valet_core::DayDate::new(d))
        }
        None => None,
    };
    let p = valet.plan_todo(id, date).await?;
    if out.json {
        print_json(&p);
        return Ok(());
    }
    let todo = valet.get_todo(id).await?;
    println!("Planned for {}: {}", p.date, todo.content);
    Ok(())
}

pub async fn check(valet: &Valet, id: &str, done: bool, out: &Out) -> Result<(), ServiceError> {
    let key = valet.today_key(id).await?;
    let v = valet.set_today_item(&key, done).await?;
    if out.json {
        print_json(&v);
        return Ok(());
    }
    let text = v
        .items
        .iter()
        .find(|i| i.key() == key)
        .map(|i| i.text().to_owned());
    let text = match text {
        Some(t) => t,
        None => match key.strip_prefix("todo:") {
            Some(todo) => valet.get_todo(todo).await?.content,
            None => key.clone(),
        },
    };
    println!("{}: {text}", if done { "Done" } else { "Not done" });
    Ok(())
}

pub async fn search(valet: &Valet, a: SearchArgs, out: &Out) -> Result<(), ServiceError> {
    let kinds = a
        .kinds
        .iter()
        .map(|k| RecordKind::parse_name("--kind", k))
        .collect::<Result<Vec<_>, _>>()?;
    let day = |field: &str, s: Option<&String>| {
        let valet = valet.clone();
        let field = field.to_owned();
        let s = s.cloned();
        async move {
            match s {
                Some(s) => valet.parse_due(&field, &s).await.map(|(d, _)| Some(d)),
                None => Ok(None),
            }
        }
    };
    let q = SearchQuery {
        text: a.text,
        limit: a.limit,
        kinds,
        from: day("--from", a.from.as_ref()).await?,
        to: day("--to", a.to.as_ref()).await?,
    };
    out.search(&valet.search_in(q).await?);
    Ok(())
}
