//! `valet project ...`: projects and areas (list with progress, add, show, edit, complete,
//! archive, remove). The rules are the facade's; this converts and prints.

use clap::Subcommand;
use valet_core::project::ProjectSummary;
use valet_core::query::StatusFilter;
use valet_core::{ListKind, ProjectPatch, TodoQuery};
use valet_service::projects::ProjectChange;
use valet_service::{ServiceError, Valet};

use crate::output::{print_json, Out};

#[derive(Subcommand, Debug)]
pub enum ProjectCmd {
    /// Projects and areas with their progress (--all: completed and archived too).
    List {
        #[arg(long)]
        all: bool,
    },
    /// Create a project (in --area) or, with --is-area, an area.
    Add {
        name: String,
        /// The area it goes in (an existing area).
        #[arg(long)]
        area: Option<String>,
        /// Create an area (it groups projects) instead of a project.
        #[arg(long = "is-area", conflicts_with = "area")]
        is_area: bool,
    },
    /// A project's details and its open todos.
    Show { name: String },
    /// Change a project or area: --rename moves its todos with it.
    Edit {
        name: String,
        #[arg(long)]
        rename: Option<String>,
        /// Its area ("none" takes it out).
        #[arg(long)]
        area: Option<String>,
        /// Markdown notes ("-" reads standard input).
        #[arg(long)]
        notes: Option<String>,
        /// A deadline: YYYY-MM-DD or words ("end of month"); "none" clears it.
        #[arg(long)]
        deadline: Option<String>,
        /// Position among its siblings (lower first).
        #[arg(long, allow_hyphen_values = true)]
        order: Option<i64>,
    },
    /// Complete a project and the todos still open in it.
    Complete { name: String },
    /// Open a completed project again (its todos stay as they are).
    Reopen { name: String },
    /// Archive (hide from lists) or, with --undo, bring back.
    Archive {
        name: String,
        #[arg(long)]
        undo: bool,
    },
    /// Remove a project and its todos (valet undo brings them back), or an area (its projects
    /// stay).
    Remove { name: String },
}

pub async fn project(valet: &Valet, cmd: ProjectCmd, out: &Out) -> Result<(), ServiceError> {
    let patch = |f: fn(&mut ProjectPatch)| {
        let mut p = ProjectPatch::default();
        f(&mut p);
        p
    };
    match cmd {
        ProjectCmd::List { all } => list(&valet.projects(all).await?, out),
        ProjectCmd::Add {
            name,
            area,
            is_area,
        } => {
            let kind = if is_area {
                ListKind::Area
            } else {
                ListKind::Project
            };
            let p = valet.add_project(&name, kind, area.as_deref()).await?;
            if out.json {
                print_json(&p);
            } else {
                let what = if is_area { "area" } else { "project" };
                let within = p.area.map(|a| format!(" in {a}")).unwrap_or_default();
                println!("Added {what} {}{within}", p.name);
            }
        }
        ProjectCmd::Show { name } => show(valet, &name, out).await?,
        ProjectCmd::Edit {
            name,
            rename,
            area,
            notes,
            deadline,
            order,
        } => {
            let mut p = ProjectPatch {
                name: rename,
                order,
                notes: notes.map(|n| crate::organize::text_arg(&n)).transpose()?,
                ..ProjectPatch::default()
            };
            p.area = area.map(|a| valet_core::project::optional_name(&a));
            if let Some(d) = &deadline {
                p.deadline = Some(match valet.due_text("--deadline", d).await? {
                    valet_core::dates::DueText::Set(day, _) => Some(day),
                    valet_core::dates::DueText::Clear => None,
                });
            }
            changed(out, "Changed", &valet.update_project(&name, p).await?);
        }
        ProjectCmd::Complete { name } => {
            let p = patch(|p| p.completed = Some(true));
            changed(out, "Completed", &valet.update_project(&name, p).await?);
        }
        ProjectCmd::Reopen { name } => {
            let p = patch(|p| p.completed = Some(false));
            changed(out, "Reopened", &valet.update_project(&name, p).await?);
        }
        ProjectCmd::Archive { name, undo } => {
            let p = if undo {
                patch(|p| p.archived = Some(false))
            } else {
                patch(|p| p.archived = Some(true))
            };
            let verb = if undo { "Unarchived" } else { "Archived" };
            changed(out, verb, &valet.update_project(&name, p).await?);
        }
        ProjectCmd::Remove { name } => {
            changed(out, "Removed", &valet.remove_project(&name).await?);
        }
    }
    Ok(())
}

fn changed(out: &Out, verb: &str, c: &ProjectChange) {
    if out.json {
        return print_json(c);
    }
    let mut also = Vec::new();
    if c.todos > 0 {
        also.push(format!("{} todo(s)", c.todos));
    }
    if c.projects > 0 {
        also.push(format!("{} project(s)", c.projects));
    }
    let also = if also.is_empty() {
        String::new()
    } else {
        format!(" (with {})", also.join(", "))
    };
    println!("{verb} {}{also}", c.project.name);
}

fn progress(s: &ProjectSummary) -> String {
    let state = if s.project.archived_at.is_some() {
        "  archived"
    } else if s.project.completed_at.is_some() {
        "  completed"
    } else {
        ""
    };
    let deadline = s
        .project
        .deadline
        .map(|d| format!("  deadline {d}"))
        .unwrap_or_default();
    format!("{}/{}{deadline}{state}", s.done, s.done + s.open)
}

fn list(all: &[ProjectSummary], out: &Out) {
    if out.json {
        return print_json(all);
    }
    if all.is_empty() {
        println!(
            "No projects yet: `valet project add NAME`, then `valet todo add TEXT --project NAME`."
        );
        return;
    }
    fn in_area<'a>(
        all: &'a [ProjectSummary],
        a: Option<&'a str>,
    ) -> impl Iterator<Item = &'a ProjectSummary> + 'a {
        all.iter().filter(move |s| {
            s.project.kind == ListKind::Project
                && s.project.area.as_deref().map(str::to_lowercase) == a.map(str::to_lowercase)
        })
    }
    for area in all.iter().filter(|s| s.project.kind == ListKind::Area) {
        println!("{}", area.project.name);
        for s in in_area(all, Some(area.project.name.as_str())) {
            println!("  {}  {}", s.project.name, progress(s));
        }
    }
    for s in in_area(all, None) {
        println!("{}  {}", s.project.name, progress(s));
    }
}

async fn show(valet: &Valet, name: &str, out: &Out) -> Result<(), ServiceError> {
    let p = valet.project(name).await?;
    let q = TodoQuery {
        categories: vec![p.name.clone()],
        status: StatusFilter::All,
        ..TodoQuery::default()
    };
    let page = valet.list_todos(&q).await?;
    if out.json {
        print_json(&serde_json::json!({ "project": p, "todos": page.items }));
        return Ok(());
    }
    let what = match p.kind {
        ListKind::Area => "area",
        ListKind::Project => "project",
    };
    println!("{} ({what})", p.name);
    if let Some(a) = &p.area {
        println!("  area      {a}");
    }
    if let Some(d) = p.deadline {
        println!("  deadline  {d}");
    }
    if !p.notes.is_empty() {
        println!("  notes     {}", p.notes.replace('\n', "\n            "));
    }
    let done = page.items.iter().filter(|t| !t.status.is_open()).count();
    println!("  progress  {done}/{}", page.items.len());
    for t in &page.items {
        println!("  {}", crate::output::todo_line(t));
    }
    Ok(())
}
