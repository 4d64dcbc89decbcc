//! Verbs for the day: `valet plan add|todo|check|uncheck|move|remove` and `valet journal
//! add|mood|highlight|challenge|lesson|reflect|show`, each answering with one line. Text is
//! the words given, `-` for standard input, or `$EDITOR` when none is given.

use clap::{Args, Subcommand};
use valet_core::{DayDate, DayEdit};
use valet_service::{DayView, ServiceError, Valet};

use crate::output::{print_json, Out};
use crate::shell::{paint, Style};

#[derive(Args, Debug)]
#[command(args_conflicts_with_subcommands = true)]
pub struct PlanArgs {
    /// A todo to plan into the day (the same as `valet plan todo ID`).
    id: Option<String>,
    /// The day (words or YYYY-MM-DD; default today).
    #[arg(long, global = true)]
    date: Option<String>,
    #[command(subcommand)]
    cmd: Option<PlanCmd>,
}

#[derive(Subcommand, Debug)]
pub enum PlanCmd {
    /// Add a task to the day's plan: `valet plan add Call the plumber`.
    Add {
        #[arg(allow_hyphen_values = true)]
        text: Vec<String>,
    },
    /// Plan a todo into the day: a task linked to it; ticking either completes both.
    Todo { id: String },
    /// Tick a task: its id, or its position in the plan (1 is first).
    Check { task: String },
    /// Untick a task.
    Uncheck { task: String },
    /// Move a task to position N (1 is first).
    Move {
        task: String,
        #[arg(long)]
        to: usize,
    },
    /// Remove a task from the plan.
    Remove { task: String },
}

#[derive(Subcommand, Debug)]
pub enum JournalCmd {
    /// Add a timestamped entry: `valet journal add Long walk, clear head` (`-`: standard
    /// input; nothing: $EDITOR).
    Add {
        #[arg(allow_hyphen_values = true)]
        text: Vec<String>,
        /// The day (words or YYYY-MM-DD; default today).
        #[arg(long)]
        date: Option<String>,
    },
    /// Set the day's mood: words, a score from 1 (bad) to 5 (great) with --score, or both.
    Mood {
        #[arg(required_unless_present = "score")]
        mood: Vec<String>,
        /// How the day felt, 1 (bad) to 5 (great); 0 clears the score.
        #[arg(long, short = 's')]
        score: Option<u8>,
        /// The day (words or YYYY-MM-DD; default today).
        #[arg(long)]
        date: Option<String>,
    },
    /// Add a highlight.
    Highlight {
        #[arg(required = true, allow_hyphen_values = true)]
        text: Vec<String>,
        /// The day (words or YYYY-MM-DD; default today).
        #[arg(long)]
        date: Option<String>,
    },
    /// Add a challenge.
    Challenge {
        #[arg(required = true, allow_hyphen_values = true)]
        text: Vec<String>,
        /// The day (words or YYYY-MM-DD; default today).
        #[arg(long)]
        date: Option<String>,
    },
    /// Add a lesson.
    Lesson {
        #[arg(required = true, allow_hyphen_values = true)]
        text: Vec<String>,
        /// The day (words or YYYY-MM-DD; default today).
        #[arg(long)]
        date: Option<String>,
    },
    /// The day's journal with its entries numbered (the numbers `edit` and `remove` take).
    Show {
        /// The day (words or YYYY-MM-DD; default today).
        #[arg(long)]
        date: Option<String>,
    },
    /// Rewrite one entry (its number as `valet journal show` lists it, or its id): the new
    /// text from --text, `-` for standard input, else in $EDITOR. With no entry, edit the
    /// day's reflections as a whole in $EDITOR.
    Edit {
        /// The entry's number (1 is the first) or id.
        entry: Option<String>,
        /// The new text (`-`: standard input).
        #[arg(long, allow_hyphen_values = true)]
        text: Option<String>,
        /// The day (words or YYYY-MM-DD; default today).
        #[arg(long)]
        date: Option<String>,
    },
    /// Remove one entry (its number or id).
    Remove {
        entry: String,
        /// The day (words or YYYY-MM-DD; default today).
        #[arg(long)]
        date: Option<String>,
    },
    /// Add to the day's reflections (`-`: standard input; nothing: $EDITOR).
    Reflect {
        #[arg(allow_hyphen_values = true)]
        text: Vec<String>,
        /// The day (words or YYYY-MM-DD; default today).
        #[arg(long)]
        date: Option<String>,
    },
}

async fn day_arg(valet: &Valet, d: Option<&str>) -> Result<Option<DayDate>, ServiceError> {
    Ok(match d {
        Some(d) => Some(DayDate::new(valet.parse_due("--date", d).await?.0)),
        None => None,
    })
}

/// The words as one text; `-` reads standard input; none opens `$EDITOR` (then `$VISUAL`, then
/// `vi`) on an empty file.
fn text_of(field: &str, words: &[String]) -> Result<String, ServiceError> {
    let text = match words {
        [] => edit(field, "")?,
        [one] if one == "-" => crate::organize::text_arg("-")?,
        _ => words.join(" "),
    };
    if text.trim().is_empty() {
        return Err(valet_core::ValidationError::new(field, "must not be empty").into());
    }
    Ok(text.trim().to_owned())
}

pub(crate) fn edit(field: &str, start: &str) -> Result<String, ServiceError> {
    let bad = |rule: String| ServiceError::from(valet_core::ValidationError::new(field, rule));
    let editor = std::env::var("EDITOR")
        .or_else(|_| std::env::var("VISUAL"))
        .unwrap_or_else(|_| "vi".into());
    let file = tempfile::Builder::new()
        .prefix("valet-")
        .suffix(".md")
        .tempfile()
        .map_err(|e| bad(format!("could not make a file to edit: {e}")))?;
    std::fs::write(file.path(), start)
        .map_err(|e| bad(format!("could not make a file to edit: {e}")))?;
    // The editor may be a command with arguments ("code --wait").
    let mut parts = editor.split_whitespace();
    let program = parts.next().unwrap_or("vi");
    let status = std::process::Command::new(program)
        .args(parts)
        .arg(file.path())
        .status()
        .map_err(|e| bad(format!("could not start the editor {editor:?}: {e}")))?;
    if !status.success() {
        return Err(bad(format!(
            "the editor {editor:?} failed ({status}); nothing was written"
        )));
    }
    std::fs::read_to_string(file.path())
        .map_err(|e| bad(format!("could not read the text back: {e}")))
}

/// A task named by its id, or by its 1-based number in the plan.
fn task_id(v: &DayView, field: &str, task: &str) -> Result<String, ServiceError> {
    let tasks = v.plan.as_ref().map(|p| p.tasks.as_slice()).unwrap_or(&[]);
    let found = by_id_or_number(tasks, |t| &t.id, task)
        .ok_or_else(|| missing(field, "task", task, v, tasks.len()))?;
    Ok(found.id.clone())
}

/// The item named by its id, or by its number in `items` (1 is first), as the lists show it.
fn by_id_or_number<'a, T>(items: &'a [T], id: impl Fn(&T) -> &str, key: &str) -> Option<&'a T> {
    items
        .iter()
        .find(|t| id(t) == key)
        .or_else(|| items.get(key.parse::<usize>().ok()?.checked_sub(1)?))
}

fn missing(field: &str, what: &str, key: &str, v: &DayView, n: usize) -> ServiceError {
    valet_core::ValidationError::new(
        field,
        format!(
            "no {what} {key:?} on {} (give its id or its number, 1 to {n})",
            v.date
        ),
    )
    .into()
}

fn task_text(v: &DayView, id: &str) -> String {
    v.plan
        .as_ref()
        .and_then(|p| p.tasks.iter().find(|t| t.id == id))
        .map(|t| t.text.clone())
        .unwrap_or_default()
}

pub async fn plan(valet: &Valet, a: PlanArgs, out: &Out) -> Result<(), ServiceError> {
    let cmd = match (a.cmd, a.id) {
        (Some(c), _) => c,
        (None, Some(id)) => PlanCmd::Todo { id },
        (None, None) => {
            return Err(valet_core::ValidationError::new(
                "plan",
                "give a todo id, or one of add, todo, check, uncheck, move, remove",
            )
            .into())
        }
    };
    let date = day_arg(valet, a.date.as_deref()).await?;
    let current = valet.day(date).await?;
    let (view, line) = match cmd {
        PlanCmd::Add { text } => {
            let text = text_of("text", &text)?;
            let edit = DayEdit {
                add_tasks: vec![text.clone()],
                ..DayEdit::default()
            };
            (
                valet.edit_day(date, edit).await?,
                format!("Added to {}: {text}", current.date),
            )
        }
        PlanCmd::Check { task } => set(valet, date, &current, &task, true).await?,
        PlanCmd::Uncheck { task } => set(valet, date, &current, &task, false).await?,
        PlanCmd::Move { task, to } => {
            let id = task_id(&current, "task", &task)?;
            let mut order: Vec<String> = current
                .plan
                .as_ref()
                .map(|p| {
                    p.tasks
                        .iter()
                        .map(|t| t.id.clone())
                        .filter(|t| *t != id)
                        .collect()
                })
                .unwrap_or_default();
            let at = to.saturating_sub(1).min(order.len());
            order.insert(at, id.clone());
            let v = valet.reorder_plan_tasks(date, &order).await?;
            let line = format!("Moved to {}: {}", at + 1, task_text(&v, &id));
            (v, line)
        }
        PlanCmd::Remove { task } => {
            let id = task_id(&current, "task", &task)?;
            let text = task_text(&current, &id);
            let edit = DayEdit {
                remove_tasks: vec![id],
                ..DayEdit::default()
            };
            (
                valet.edit_day(date, edit).await?,
                format!("Removed: {text}"),
            )
        }
        PlanCmd::Todo { id } => {
            return crate::planner::plan(valet, &id, a.date.as_deref(), out).await;
        }
    };
    done(out, &view, &line);
    Ok(())
}

async fn set(
    valet: &Valet,
    date: Option<DayDate>,
    current: &DayView,
    task: &str,
    on: bool,
) -> Result<(DayView, String), ServiceError> {
    let id = task_id(current, "task", task)?;
    let edit = DayEdit {
        set_tasks: vec![(id.clone(), on)],
        ..DayEdit::default()
    };
    let v = valet.edit_day(date, edit).await?;
    let verb = if on { "Done" } else { "Not done" };
    let line = format!("{verb}: {}", task_text(&v, &id));
    Ok((v, line))
}

fn done(out: &Out, v: &DayView, line: &str) {
    if out.json {
        print_json(v);
    } else {
        println!("{line}");
    }
}

/// An entry named by its id, or by its 1-based number in the day's journal: (id, text).
fn entry_of(v: &DayView, entry: &str) -> Result<(String, String), ServiceError> {
    let entries = v
        .journal
        .as_ref()
        .map(|j| j.entries.as_slice())
        .unwrap_or(&[]);
    let found = by_id_or_number(entries, |e| &e.id, entry)
        .ok_or_else(|| missing("entry", "journal entry", entry, v, entries.len()))?;
    Ok((found.id.clone(), found.text.clone()))
}

fn show_journal(v: &DayView, out: &Out) {
    if out.json {
        print_json(&v.journal);
        return;
    }
    let Some(j) = v.journal.as_ref().filter(|j| !j.is_empty()) else {
        println!(
            "No journal on {} yet: `valet journal add TEXT` starts one.",
            v.date
        );
        return;
    };
    println!(
        "{}",
        paint(&format!("Journal of {}", v.date), Style::Strong)
    );
    match (j.mood_score, &j.mood) {
        (Some(n), Some(m)) => println!("Mood: {n}/5, {m}"),
        (Some(n), None) => println!("Mood: {n}/5"),
        (None, Some(m)) => println!("Mood: {m}"),
        (None, None) => {}
    }
    for (i, e) in j.entries.iter().enumerate() {
        let mut lines = e.text.lines();
        println!(
            "{:>3}. {}  {}",
            i + 1,
            paint(&e.time, Style::Dim),
            lines.next().unwrap_or_default()
        );
        for l in lines {
            println!("           {l}");
        }
    }
    for (what, list) in [
        ("Highlights", &j.highlights),
        ("Challenges", &j.challenges),
        ("Lessons", &j.lessons),
    ] {
        if !list.is_empty() {
            println!("{what}:");
            for item in list {
                println!("  - {item}");
            }
        }
    }
    if !j.reflections.trim().is_empty() {
        println!("Reflections:\n{}", j.reflections.trim_end());
    }
}

pub async fn journal(valet: &Valet, cmd: JournalCmd, out: &Out) -> Result<(), ServiceError> {
    let (date, edit, line) = match cmd {
        JournalCmd::Show { date } => {
            let day = day_arg(valet, date.as_deref()).await?;
            show_journal(&valet.day(day).await?, out);
            return Ok(());
        }
        JournalCmd::Remove { entry, date } => {
            let day = day_arg(valet, date.as_deref()).await?;
            let (id, text) = entry_of(&valet.day(day).await?, &entry)?;
            let e = DayEdit {
                remove_entries: vec![id],
                ..DayEdit::default()
            };
            (date, e, format!("Entry removed: {}", first_line(&text)))
        }
        JournalCmd::Edit {
            entry: Some(entry),
            text,
            date,
        } => {
            let day = day_arg(valet, date.as_deref()).await?;
            let (id, before) = entry_of(&valet.day(day).await?, &entry)?;
            let after = match text.as_deref() {
                Some(t) => text_of("text", &[t.to_owned()])?,
                None => edit("text", &before)?.trim().to_owned(),
            };
            if after == before.trim() {
                println!("Entry unchanged.");
                return Ok(());
            }
            let e = DayEdit {
                edit_entries: vec![(id, after.clone())],
                ..DayEdit::default()
            };
            (date, e, format!("Entry saved: {}", first_line(&after)))
        }
        JournalCmd::Edit {
            entry: None, date, ..
        } => {
            let day = day_arg(valet, date.as_deref()).await?;
            let cur = valet.day(day).await?;
            let before = cur
                .journal
                .as_ref()
                .map(|j| j.reflections.clone())
                .unwrap_or_default();
            let after = edit("reflections", &before)?;
            if after.trim() == before.trim() {
                println!("Reflections unchanged.");
                return Ok(());
            }
            let e = DayEdit {
                sections: vec![(
                    valet_core::DayFile::Journal,
                    valet_core::SectionUpdate {
                        section: "reflections".into(),
                        operation: valet_core::SectionOp::Replace,
                        content: after.trim_end().to_owned(),
                    },
                )],
                ..DayEdit::default()
            };
            (date, e, "Reflections saved.".to_owned())
        }
        JournalCmd::Add { text, date } => {
            let t = text_of("text", &text)?;
            let e = DayEdit {
                journal_entry: Some(t.clone()),
                ..DayEdit::default()
            };
            (date, e, format!("Entry added: {}", first_line(&t)))
        }
        JournalCmd::Mood { mood, score, date } => {
            let m = mood.join(" ");
            let said = match (score, m.is_empty()) {
                (Some(0), true) => "Mood score cleared".to_owned(),
                (Some(n), true) => format!("Mood: {n}/5"),
                (Some(n), false) if n > 0 => format!("Mood: {n}/5, {m}"),
                _ => format!("Mood: {m}"),
            };
            let e = DayEdit {
                mood: (!m.is_empty()).then_some(m),
                mood_score: score,
                ..DayEdit::default()
            };
            (date, e, said)
        }
        JournalCmd::Highlight { text, date } => {
            item(date, &text, "Highlight", |e, t| e.highlights = vec![t])?
        }
        JournalCmd::Challenge { text, date } => {
            item(date, &text, "Challenge", |e, t| e.challenges = vec![t])?
        }
        JournalCmd::Lesson { text, date } => {
            item(date, &text, "Lesson", |e, t| e.lessons = vec![t])?
        }
        JournalCmd::Reflect { text, date } => {
            let t = text_of("text", &text)?;
            let e = DayEdit {
                reflections: Some(t.clone()),
                ..DayEdit::default()
            };
            (date, e, format!("Reflection added: {}", first_line(&t)))
        }
    };
    let date = day_arg(valet, date.as_deref()).await?;
    let v = valet.edit_day(date, edit).await?;
    done(out, &v, &line);
    Ok(())
}

/// A journal list item (a highlight, a challenge, a lesson) as an edit and its answer.
fn item(
    date: Option<String>,
    words: &[String],
    what: &str,
    put: fn(&mut DayEdit, String),
) -> Result<(Option<String>, DayEdit, String), ServiceError> {
    let t = text_of("text", words)?;
    let mut e = DayEdit::default();
    let line = format!("{what} added: {t}");
    put(&mut e, t);
    Ok((date, e, line))
}

fn first_line(t: &str) -> String {
    let mut lines = t.lines();
    let first = lines.next().unwrap_or_default().to_owned();
    if lines.next().is_some() {
        format!("{first} …")
    } else {
        first
    }
}
