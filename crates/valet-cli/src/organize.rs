//! `valet todo step ...` (a todo's checklist), `valet tags [rename OLD NEW]`, and `valet undo`
//! / `valet redo`. The rules are the facade's; this converts and prints.

use clap::Subcommand;
use valet_core::organize::StepOp;
use valet_core::{TodoPatch, ValidationError};
use valet_service::{ServiceError, Valet};

use crate::output::{print_json, Out};

#[derive(Subcommand, Debug)]
pub enum StepCmd {
    /// Add a step at the end (or at --at, 1 is first).
    Add {
        id: String,
        #[arg(allow_hyphen_values = true)]
        text: String,
        #[arg(long)]
        at: Option<usize>,
    },
    /// Tick a step (its id as `valet todo show` lists it).
    Check { id: String, step: String },
    /// Untick a step.
    Uncheck { id: String, step: String },
    /// Reword a step.
    Rename {
        id: String,
        step: String,
        #[arg(allow_hyphen_values = true)]
        text: String,
    },
    /// Move a step to position N (1 is first).
    Move {
        id: String,
        step: String,
        #[arg(long)]
        to: usize,
    },
    /// Remove a step.
    Remove { id: String, step: String },
    /// Make a step its own todo (it leaves the checklist).
    Promote { id: String, step: String },
}

#[derive(Subcommand, Debug)]
pub enum TagsCmd {
    /// Rename a tag on every todo; if NEW exists already the two become one.
    Rename { old: String, new: String },
}

/// A text argument, or standard input for "-".
pub fn text_arg(value: &str) -> Result<String, ServiceError> {
    if value != "-" {
        return Ok(value.to_owned());
    }
    std::io::read_to_string(std::io::stdin()).map_err(|e| {
        ValidationError::new("--body", format!("could not read standard input: {e}")).into()
    })
}

/// Positions are 1-based on the command line, 0-based in the facade.
fn position(field: &str, n: usize) -> Result<usize, ServiceError> {
    n.checked_sub(1)
        .ok_or_else(|| ValidationError::new(field, "must be 1 or more (1 is first)").into())
}

pub async fn step(valet: &Valet, cmd: StepCmd, out: &Out) -> Result<(), ServiceError> {
    let (id, op, verb) = match cmd {
        StepCmd::Add { id, text, at } => {
            let at = at.map(|n| position("--at", n)).transpose()?;
            (id, StepOp::Add { id: None, text, at }, "Step added")
        }
        StepCmd::Check { id, step } => (id, set(step, Some(true), None), "Step checked"),
        StepCmd::Uncheck { id, step } => (id, set(step, Some(false), None), "Step unchecked"),
        StepCmd::Rename { id, step, text } => (id, set(step, None, Some(text)), "Step renamed"),
        StepCmd::Move { id, step, to } => {
            let to = position("--to", to)?;
            (id, StepOp::Move { id: step, to }, "Step moved")
        }
        StepCmd::Remove { id, step } => (id, StepOp::Remove { id: step }, "Step removed"),
        StepCmd::Promote { id, step } => {
            let t = valet.promote_step(&id, &step).await?;
            out.todo("Promoted to a todo", &t);
            return Ok(());
        }
    };
    let patch = TodoPatch {
        steps: vec![op],
        ..TodoPatch::default()
    };
    let t = valet.update_todo(&id, patch).await?;
    out.todo(verb, &t);
    Ok(())
}

fn set(step: String, done: Option<bool>, text: Option<String>) -> StepOp {
    StepOp::Set {
        id: step,
        done,
        text,
    }
}

/// Completes or reopens several todos in one change (one undo), saying which were already so.
/// `--json`: the todo for one id (as before), an array for several, in the order given.
pub async fn set_status(
    valet: &Valet,
    ids: Vec<String>,
    done: bool,
    out: &Out,
) -> Result<(), ServiceError> {
    use valet_core::Status;
    let want = if done {
        Status::Completed
    } else {
        Status::Pending
    };
    let mut current = Vec::with_capacity(ids.len());
    for id in &ids {
        current.push(valet.get_todo(id).await?);
    }
    let patches: Vec<(String, TodoPatch)> = current
        .iter()
        .filter(|t| (t.status == Status::Completed) != done)
        .map(|t| (t.id.to_string(), TodoPatch::status(want)))
        .collect();
    let changed = if patches.is_empty() {
        Vec::new()
    } else {
        valet.update_todos(patches).await?
    };
    let result: Vec<(valet_core::Todo, bool)> = current
        .into_iter()
        .map(|t| match changed.iter().find(|c| c.id == t.id) {
            Some(c) => (c.clone(), true),
            None => (t, false),
        })
        .collect();
    if out.json {
        let todos: Vec<&valet_core::Todo> = result.iter().map(|(t, _)| t).collect();
        match todos.as_slice() {
            [one] => print_json(one),
            many => print_json(many),
        }
        return Ok(());
    }
    let (verb, already) = if done {
        ("Completed", "Already completed")
    } else {
        ("Reopened", "Already open")
    };
    for (t, moved) in &result {
        let v = if *moved { verb } else { already };
        println!("{v}: {}", crate::output::todo_line(t));
    }
    Ok(())
}

pub async fn undo(valet: &Valet, n: usize, list: bool, out: &Out) -> Result<(), ServiceError> {
    if list {
        let stack = valet.undo_stack(n.max(10)).await;
        if out.json {
            print_json(&stack);
        } else if stack.is_empty() {
            println!("Nothing to undo.");
        } else {
            for u in stack {
                println!(
                    "{}  {}",
                    u.at.format("%Y-%m-%d %H:%M:%S"),
                    u.records.join(", ")
                );
            }
        }
        return Ok(());
    }
    let mut reports = Vec::new();
    for _ in 0..n.max(1) {
        match valet.undo().await {
            Ok(r) => reports.push(r),
            // Fewer changes than asked: undo what there was.
            Err(e) if !reports.is_empty() && e.code() == "invalid" => break,
            Err(e) => return Err(e),
        }
    }
    print_undo(out, "Undone", &reports);
    Ok(())
}

pub async fn redo(valet: &Valet, out: &Out) -> Result<(), ServiceError> {
    let r = valet.redo().await?;
    print_undo(out, "Redone", &[r]);
    Ok(())
}

fn print_undo(out: &Out, verb: &str, reports: &[valet_service::UndoReport]) {
    if out.json {
        return print_json(&reports);
    }
    for r in reports {
        let what: Vec<String> = r.records.iter().map(|p| record_words(p)).collect();
        let at = crate::output::local_time(r.at);
        println!("{verb}: {} (changed {at})", what.join(", "));
        for k in &r.kept {
            println!("  kept, changed since: {}", record_words(k));
        }
    }
}

/// A record's path as words: `todos/<uuid>.json` → "todo 1b63e74c", `plans/<date>.json` →
/// "plan of <date>".
fn record_words(path: &str) -> String {
    let (path, rest) = path.split_once(": ").map_or((path, ""), |(p, r)| (p, r));
    let (dir, file) = path.split_once('/').unwrap_or(("", path));
    let stem = file.strip_suffix(".json").unwrap_or(file);
    let words = match dir {
        "todos" => format!("todo {}", crate::output::short_id(stem)),
        "plans" => format!("plan of {stem}"),
        "journals" => format!("journal of {stem}"),
        "archive" => format!("archived day {stem}"),
        "projects" => format!("project {}", crate::output::short_id(stem)),
        _ => path.to_owned(),
    };
    if rest.is_empty() {
        words
    } else {
        format!("{words}: {rest}")
    }
}

pub async fn tags(valet: &Valet, cmd: Option<TagsCmd>, out: &Out) -> Result<(), ServiceError> {
    match cmd {
        None => {
            let tags = valet.tags().await?;
            if out.json {
                let rows: Vec<_> = tags
                    .iter()
                    .map(|(t, n)| serde_json::json!({"tag": t, "todos": n}))
                    .collect();
                print_json(&rows);
            } else if tags.is_empty() {
                println!("No tags yet: add one with `valet todo update ID --tag NAME`.");
            } else {
                for (t, n) in tags {
                    println!("#{t}  {n}");
                }
            }
        }
        Some(TagsCmd::Rename { old, new }) => {
            let changed = valet.rename_tag(&old, &new).await?;
            if out.json {
                print_json(&changed);
            } else {
                println!("Renamed #{old} to #{new} on {} todo(s).", changed.len());
            }
        }
    }
    Ok(())
}
