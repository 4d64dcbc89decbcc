//! The `valet` command-line binary: todos, days, search and maintenance over the one facade.
// The CLI's job is to print to stdout.
#![allow(clippy::print_stdout)]

mod bar;
mod config;
mod dayverbs;
mod examples;
mod insights;
mod list;
mod organize;
mod output;
mod planner;
mod projects;
mod review;
mod shell;
mod sync;
mod transfer;
mod words;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{ArgGroup, CommandFactory, Parser, Subcommand};
use valet_core::{
    DayDate, DayFile, NewTodo, Priority, SectionOp, SectionUpdate, Status, TodoPatch,
    ValidationError,
};
use valet_service::{Actor, AuditFilter, OpenOptions, ServiceError, Valet};

use crate::output::Out;
use crate::words::Words;

/// Valet: a global todo list, a daily planner and a journal, for people who plan with an AI.
#[derive(Parser, Debug)]
#[command(name = "valet", version, propagate_version = true)]
struct Cli {
    /// The data folder (default: $VALET_DATA_DIR, else the platform data dir).
    #[arg(long, global = true, value_name = "DIR")]
    data_dir: Option<PathBuf>,
    /// Print machine-readable JSON instead of text.
    #[arg(long, global = true)]
    json: bool,
    /// Colour: auto (on a terminal, unless NO_COLOR is set), always or never.
    #[arg(long, global = true, value_enum, default_value_t = shell::ColorWhen::Auto)]
    color: shell::ColorWhen,
    /// Less on stderr: no progress bars, errors only.
    #[arg(long, short, global = true)]
    quiet: bool,
    /// More on stderr: -v what happens, -vv details (VALET_LOG overrides).
    #[arg(long, short, global = true, action = clap::ArgAction::Count)]
    verbose: u8,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Add a todo from one line, read as the app's quick add reads it: "Call the bank tomorrow
    /// 9am !high #finance remind 30m before", "Water the plants every monday"; says what it
    /// understood.
    Add {
        #[arg(allow_hyphen_values = true, required = true, num_args = 1..)]
        words: Vec<String>,
    },
    /// The global todo list.
    #[command(subcommand)]
    Todo(Box<TodoCmd>),
    /// A day's planner and journal.
    #[command(subcommand)]
    Day(DayCmd),
    /// Start a day: archive the previous day and carry its open plan tasks over.
    NewDay {
        /// The day to start (YYYY-MM-DD; default: today in your time zone).
        date: Option<String>,
    },
    /// Search todos, plans, journals and the archive, ranked; one hit per day.
    Search(planner::SearchArgs),
    /// Today: overdue deadlines, deadlines today, scheduled todos, then the day's plan. The
    /// first use of a day starts it (archives yesterday, carries open tasks over).
    Today,
    /// The next days, each with its scheduled todos and deadlines.
    Upcoming {
        /// How many days, today first (1 to 92).
        #[arg(long, default_value_t = 14)]
        days: u32,
    },
    /// Schedule todos for a day ("tomorrow", "next friday", "in 2 weeks", YYYY-MM-DD;
    /// "none" unschedules).
    Schedule {
        /// Todo ids (the last 8 characters as listed are enough).
        #[arg(required = true, num_args = 1..)]
        ids: Vec<String>,
        /// The day.
        #[arg(long, short, allow_hyphen_values = true)]
        when: String,
    },
    /// Tick a row of Today: a todo id (the last 8 characters are enough), a plan task id, or
    /// a key as `valet today --json` lists it. A task planned from a todo completes it too.
    Check { id: String },
    /// Untick a row of Today (reopens a linked todo).
    Uncheck { id: String },
    /// A day's plan: `valet plan ID` plans a todo into it (ticking either completes both);
    /// `valet plan add|check|uncheck|move|remove` edit its tasks.
    Plan(dayverbs::PlanArgs),
    /// The day's journal: add an entry, set the mood, add a highlight, challenge or lesson.
    #[command(subcommand)]
    Journal(dayverbs::JournalCmd),
    /// The next reminders; with --take, the ones due now, marked shown on every device that
    /// syncs (for a script that notifies, e.g. from cron: `valet reminders --take --json`).
    Reminders {
        /// Print the reminders due now and mark them shown.
        #[arg(long)]
        take: bool,
        /// Most reminders to list.
        #[arg(long, default_value_t = 20)]
        limit: usize,
    },
    /// Projects and areas: list with progress, add, show, edit, complete, archive, remove.
    #[command(alias = "projects")]
    Project {
        #[command(subcommand)]
        cmd: Option<projects::ProjectCmd>,
    },
    /// Print a shell completion script: `valet completions bash > ~/.local/share/bash-completion/completions/valet`.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff), or write one page per command into --dir.
    Man {
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
    },
    /// Settings by name: `valet config`, `get KEY`, `set KEY VALUE`, `unset KEY`.
    Config(config::ConfigArgs),
    /// The tags in use, with counts; `valet tags rename OLD NEW` renames (or merges) one
    /// everywhere.
    Tags {
        #[command(subcommand)]
        cmd: Option<organize::TagsCmd>,
    },
    /// Take back the CLI's own last change (or the last N), per record: what changed since
    /// is kept and reported. --list shows what would be undone.
    Undo {
        #[arg(default_value_t = 1)]
        n: usize,
        #[arg(long)]
        list: bool,
    },
    /// Put back what `valet undo` took back (until the CLI changes something new).
    Redo,
    /// What got done, what slipped and how the days went: completions per day, week or
    /// month, the on-time rate, carry-overs, streaks and moods, over a range of days.
    Insights(insights::InsightsArgs),
    /// The week (or month) in review: done, slipped, lessons, due next, and your reflection.
    Review(review::ReviewArgs),
    /// Where the data is, what zone "today" is in, and how much there is.
    Status,
    /// Check every record file, quarantine unreadable ones, and report.
    Doctor,
    /// Who changed what, newest first (from the change log).
    Audit {
        /// Only changes at or after this time (RFC 3339, or YYYY-MM-DD in your time zone).
        #[arg(long)]
        since: Option<String>,
        /// Only changes to this record (a todo id or its last 8 characters, or a date).
        #[arg(long)]
        record: Option<String>,
        /// Only changes by app, cli, sync, import, mcp (any client) or mcp:<client>.
        #[arg(long)]
        by: Option<String>,
        /// Most changes to show.
        #[arg(long, default_value_t = 50)]
        limit: usize,
    },
    /// Sync with the S3/R2 remote now (one cycle), or show the sync status.
    Sync(sync::SyncArgs),
    /// Move the store to the S3/R2 bucket in settings, or back to local storage, verified.
    Migrate(sync::MigrateArgs),
    /// Texts kept from concurrent edits on two devices: list them, or settle one.
    Conflicts {
        #[command(subcommand)]
        cmd: Option<sync::ConflictsCmd>,
    },
    /// Import a legacy valet-data folder (todos, days, archive, settings, USER.md); re-runnable.
    ImportLegacy(transfer::ImportLegacyArgs),
    /// Take a restore point of all records, settings and profile.
    Backup,
    /// Go back to a restore point (itself undoable), or list them with --list.
    Restore(transfer::RestoreArgs),
    /// Export everything: one JSON file (`valet import` reads it back) or Markdown notes.
    Export(transfer::ExportArgs),
    /// Import a file written by `valet export` (merges: a newer record wins, a day's plan and
    /// journal keep the tasks and entries of both; no duplicates).
    Import(transfer::ImportArgs),
    /// Run the MCP server on stdin/stdout (what AI clients such as Claude Desktop launch).
    Mcp {
        /// Print the configuration to paste into CLIENT (claude-desktop, cursor or vscode)
        /// instead of serving.
        #[arg(long, value_name = "CLIENT")]
        print_config: Option<String>,
        /// Serve HTTP at ADDR/mcp instead (loopback; default 127.0.0.1:7077), token: $VALET_MCP_TOKEN.
        #[arg(long, value_name = "ADDR", num_args = 0..=1, default_missing_value = "127.0.0.1:7077")]
        http: Option<String>,
    },
}

#[derive(Subcommand, Debug)]
enum TodoCmd {
    /// Add a todo.
    Add {
        /// What to do.
        #[arg(allow_hyphen_values = true)]
        text: String,
        /// high, medium or low (default: medium).
        #[arg(long, short, value_parser = Words(&Priority::WORDS), hide_possible_values = true)]
        priority: Option<String>,
        /// A category (the older name of a project; created if there is none).
        #[arg(long, short)]
        category: Option<String>,
        /// The project (it must exist: `valet project add NAME`).
        #[arg(long)]
        project: Option<String>,
        /// The day to do it: YYYY-MM-DD or words ("tomorrow", "next friday", "in 2 weeks").
        #[arg(long, short)]
        when: Option<String>,
        /// Deadline: YYYY-MM-DD or words ("tomorrow 9am", "next friday", "in 3 days").
        #[arg(long, short)]
        due: Option<String>,
        /// Repeat: "every day", "every weekday", "every 2 weeks on mon, thu", "every last
        /// friday", "every 3 days after done", or an RRULE (FREQ=...).
        #[arg(long, short = 'r')]
        repeat: Option<String>,
        /// Due time: 14:30, 9am or noon (needs --due).
        #[arg(long)]
        time: Option<String>,
        /// Reminders, comma-separated: "at deadline", "30m before", "1 day before", "9am" (on
        /// the scheduled day), "tomorrow 8am"; "none" for none. Default: settings'
        /// reminders.default (at the deadline) when the todo has a deadline time.
        #[arg(long)]
        remind: Option<String>,
        /// A note (repeatable).
        #[arg(long = "note", short = 'n')]
        notes: Vec<String>,
        /// A tag (repeatable; a leading # is fine).
        #[arg(long = "tag", short = 't')]
        tags: Vec<String>,
        /// A step of the todo's checklist (repeatable, in order).
        #[arg(long = "step")]
        steps: Vec<String>,
        /// Notes as Markdown text ("-" reads standard input).
        #[arg(long)]
        body: Option<String>,
    },
    /// List todos (open ones by default), filtered and sorted.
    List(list::ListArgs),
    /// Show one todo. An id may be shortened to its last 8 characters (as listed), or any
    /// unique start or end of 6+ characters.
    Show { id: String },
    /// Change fields of a todo.
    Update {
        id: String,
        #[arg(long)]
        content: Option<String>,
        #[arg(long, short, value_parser = Words(&Priority::WORDS), hide_possible_values = true)]
        priority: Option<String>,
        #[arg(long, short)]
        category: Option<String>,
        /// Move it to this project (which must exist); "none" takes it out.
        #[arg(long)]
        project: Option<String>,
        /// The day to do it (words or YYYY-MM-DD); "none" unschedules.
        #[arg(long, short)]
        when: Option<String>,
        /// Deadline: YYYY-MM-DD or words ("friday 9am"); "none" clears the date and its time.
        #[arg(long, short)]
        due: Option<String>,
        /// A new repeat (words or an RRULE); "none" stops repeating.
        #[arg(long, short = 'r')]
        repeat: Option<String>,
        /// Pause a repeat (completing makes no next occurrence) or resume it.
        #[arg(long, value_name = "true|false")]
        paused: Option<bool>,
        /// 14:30, 9am or noon; "none" clears.
        #[arg(long)]
        time: Option<String>,
        /// Replaces the reminders ("30m before, 9am"); "none" removes them.
        #[arg(long)]
        remind: Option<String>,
        /// Adds a tag (repeatable).
        #[arg(long = "tag", short = 't')]
        tags: Vec<String>,
        /// Removes a tag (repeatable).
        #[arg(long = "untag")]
        untags: Vec<String>,
        /// Replaces the Markdown notes ("-" reads standard input; "" removes them).
        #[arg(long)]
        body: Option<String>,
        /// pending, in_progress or completed.
        #[arg(long, short, value_parser = Words(&Status::WORDS), hide_possible_values = true)]
        status: Option<String>,
    },
    /// Add a note to a todo.
    Note {
        id: String,
        #[arg(allow_hyphen_values = true)]
        text: String,
    },
    /// Mark a todo completed (a repeating todo's next occurrence is made).
    Complete {
        #[arg(required = true, num_args = 1..)]
        ids: Vec<String>,
    },
    /// Move a repeating todo to its next occurrence without completing it.
    Skip { id: String },
    /// Every occurrence of a repeating todo: the history of its completions and the next one.
    Series { id: String },
    /// A todo's checklist: add, check, uncheck, rename, move, remove or promote a step.
    Step {
        #[command(subcommand)]
        cmd: organize::StepCmd,
    },
    /// Snooze a todo's reminder: 10m, 1h, any minutes up to 1440, or "tomorrow" (schedules
    /// the todo tomorrow and reminds at this time of day).
    Snooze {
        id: String,
        #[arg(default_value = "10m")]
        until: String,
    },
    /// Mark a completed todo pending again.
    Reopen {
        #[arg(required = true, num_args = 1..)]
        ids: Vec<String>,
    },
    /// Delete a todo.
    Remove {
        #[arg(required = true, num_args = 1..)]
        ids: Vec<String>,
    },
}

#[derive(Subcommand, Debug)]
enum DayCmd {
    /// Show a day's plan and journal (default: today).
    Show {
        /// YYYY-MM-DD (default: today in your time zone).
        date: Option<String>,
    },
    /// Edit one section of a day's planner or journal.
    #[command(group(ArgGroup::new("file").required(true).args(["planner", "journal"])))]
    #[command(group(ArgGroup::new("op").required(true).args(["append", "prepend", "replace"])))]
    Update {
        /// YYYY-MM-DD (default: today).
        date: Option<String>,
        /// Edit the planner.
        #[arg(long)]
        planner: bool,
        /// Edit the journal.
        #[arg(long)]
        journal: bool,
        /// Section: tasks, personal_reminders, ongoing_summary, data_stash, reflections; for
        /// journals also entries, mood, highlights, challenges, lessons; or any other name.
        #[arg(long)]
        section: String,
        #[arg(long, value_name = "TEXT", allow_hyphen_values = true)]
        append: Option<String>,
        #[arg(long, value_name = "TEXT", allow_hyphen_values = true)]
        prepend: Option<String>,
        #[arg(long, value_name = "TEXT", allow_hyphen_values = true)]
        replace: Option<String>,
    },
    /// Days that have content, newest first.
    List {
        #[arg(long, default_value_t = 30)]
        limit: usize,
    },
}

fn main() -> ExitCode {
    let parsed = examples::attach(Cli::command())
        .try_get_matches()
        .and_then(|m| <Cli as clap::FromArgMatches>::from_arg_matches(&m));
    let cli = match parsed {
        Ok(c) => c,
        Err(e) => {
            // Scripts that asked for JSON get their usage error as JSON too (on stdout, as
            // every other error), besides clap's words on stderr.
            let json = std::env::args().any(|a| a == "--json");
            if json && e.use_stderr() {
                let message = e.to_string();
                let words: Vec<&str> = message
                    .lines()
                    .take_while(|l| !l.trim().is_empty())
                    .map(str::trim)
                    .collect();
                let joined = words.join(" ");
                let first = joined.strip_prefix("error: ").unwrap_or(&joined);
                output::print_json(
                    &serde_json::json!({"error": {"code": "usage", "message": first}}),
                );
            }
            e.exit()
        }
    };
    shell::set_color(cli.color);
    // `valet todo list | head` ends quietly, as any Unix tool (sockets send with MSG_NOSIGNAL);
    // the MCP server keeps Rust's default and handles a closed stdout itself.
    if !matches!(cli.command, Command::Mcp { .. }) {
        sigpipe::reset();
    }
    // Neither needs the store.
    match &cli.command {
        Command::Completions { shell } => return shell::completions(*shell, Cli::command()),
        Command::Man { dir } => {
            return shell::man(examples::attach(Cli::command()), dir.as_deref())
        }
        _ => {}
    }
    shell::init_logging(
        matches!(
            cli.command,
            Command::Mcp {
                print_config: None,
                ..
            }
        ),
        cli.quiet,
        cli.verbose,
    );
    let out = Out {
        json: cli.json,
        progress: !cli.quiet && !cli.json && std::io::IsTerminal::is_terminal(&std::io::stderr()),
        quiet: cli.quiet,
    };
    let rt = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: could not start: {e}");
            return ExitCode::from(1);
        }
    };
    match rt.block_on(run(cli, &out)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => out.error(&e),
    }
}

fn date_arg(field: &str, d: Option<&str>) -> Result<Option<DayDate>, ValidationError> {
    d.map(|s| DayDate::parse(field, s)).transpose()
}
async fn run(cli: Cli, out: &Out) -> Result<(), ServiceError> {
    if let Command::Mcp {
        print_config: Some(client),
        ..
    } = &cli.command
    {
        // The folder this shell uses, so the client's server opens the same store.
        let dir = (cli.data_dir.clone())
            .or_else(|| std::env::var_os("VALET_DATA_DIR").map(PathBuf::from));
        return shell::print_mcp_config(client, dir.as_deref());
    }
    // A dry run of an import into a folder that holds no Valet data yet must not create one:
    // it runs against an empty scratch folder instead (the same answer, nothing written).
    let dry_run = matches!(&cli.command, Command::ImportLegacy(a) if a.dry_run)
        || matches!(&cli.command, Command::Import(a) if a.dry_run);
    let data_dir = match cli.data_dir.clone() {
        Some(d) => d,
        None => valet_service::default_data_dir()?,
    };
    let explicit = cli.data_dir.is_some() || std::env::var_os("VALET_DATA_DIR").is_some();
    if explicit && !dry_run && !data_dir.exists() && shell::only_reads(&cli.command) {
        let rule = format!(
            "{} does not exist, so there is nothing to read (a command that writes creates it)",
            data_dir.display()
        );
        return Err(ValidationError::new("--data-dir", rule).into());
    }
    let scratch = if dry_run && !data_dir.join(".valet").exists() {
        Some(tempfile::tempdir().map_err(|e| ServiceError::Io {
            path: "a scratch folder for the dry run".into(),
            source: e,
        })?)
    } else {
        None
    };
    let clock = shell::frozen_clock(&data_dir)?;
    let valet = Valet::open(OpenOptions {
        data_dir: Some(
            scratch
                .as_ref()
                .map_or(data_dir, |s| s.path().to_path_buf()),
        ),
        actor: Actor::Cli,
        clock,
        ..OpenOptions::default()
    })
    .await?;
    output::set_today(valet.today().await);
    // Doctor reports them itself; an MCP session's stderr is a log nobody reads.
    let warn_unread = !matches!(cli.command, Command::Doctor | Command::Mcp { .. });
    let result = match cli.command {
        // Answered in main, before the store is opened.
        Command::Completions { .. } | Command::Man { .. } => Ok(()),
        Command::Todo(cmd) => todo(&valet, *cmd, out).await,
        Command::Day(cmd) => day(&valet, cmd, out).await,
        Command::NewDay { date } => {
            let r = valet.new_day(date_arg("date", date.as_deref())?).await?;
            out.new_day(&r);
            Ok(())
        }
        Command::Search(a) => planner::search(&valet, a, out).await,
        Command::Today => planner::today(&valet, out).await,
        Command::Upcoming { days } => planner::upcoming(&valet, days, out).await,
        Command::Schedule { ids, when } => planner::schedule(&valet, ids, &when, out).await,
        Command::Plan(a) => dayverbs::plan(&valet, a, out).await,
        Command::Journal(cmd) => dayverbs::journal(&valet, cmd, out).await,
        Command::Check { id } => planner::check(&valet, &id, true, out).await,
        Command::Reminders { take, limit } => planner::reminders(&valet, take, limit, out).await,
        Command::Tags { cmd } => organize::tags(&valet, cmd, out).await,
        Command::Config(a) => config::config(&valet, a, out).await,
        Command::Project { cmd } => {
            let cmd = cmd.unwrap_or(projects::ProjectCmd::List { all: false });
            projects::project(&valet, cmd, out).await
        }
        Command::Add { words } => {
            let line = words.join(" ");
            let understood = valet.quick_add_preview(&line).await;
            let t = valet.quick_add(&line).await?;
            out.todo("Added", &t);
            if !out.json {
                println!("  understood: {}", understood.summary());
            }
            Ok(())
        }
        Command::Undo { n, list } => organize::undo(&valet, n, list, out).await,
        Command::Redo => organize::redo(&valet, out).await,
        Command::Uncheck { id } => planner::check(&valet, &id, false, out).await,
        Command::Insights(a) => insights::insights(&valet, a, out).await,
        Command::Review(a) => review::review(&valet, a, out).await,
        Command::Status => {
            out.status(&valet.status().await?);
            Ok(())
        }
        Command::Doctor => {
            let report = valet.doctor().await?;
            out.doctor(&report, &valet.metrics().await?);
            Ok(())
        }
        Command::Audit {
            since,
            record,
            by,
            limit,
        } => {
            let (zone, _) = valet.zone().await;
            let today = valet.today().await.date;
            let filter = AuditFilter {
                since: since
                    .map(|s| AuditFilter::parse_since("--since", &s, zone, today))
                    .transpose()?,
                record,
                by,
                limit: Some(limit),
            };
            out.audit(&valet.audit(&filter).await?, zone);
            Ok(())
        }
        Command::ImportLegacy(a) => transfer::import_legacy(&valet, a, out).await,
        Command::Backup => transfer::backup(&valet, out).await,
        Command::Restore(a) => transfer::restore(&valet, a, out).await,
        Command::Export(a) => transfer::export(&valet, a, out).await,
        Command::Import(a) => transfer::import(&valet, a, out).await,
        Command::Sync(a) => sync::sync(&valet, a, out).await,
        Command::Migrate(a) => sync::migrate(&valet, a, out).await,
        Command::Conflicts { cmd } => sync::conflicts(&valet, cmd, out).await,
        Command::Mcp { http, .. } => {
            // A long-running MCP session syncs in the background (when sync is on).
            let _sync = valet.spawn_sync_loop();
            match http {
                Some(addr) => shell::serve_http(&valet, &addr).await,
                None => valet_mcp::serve_stdio(valet.clone())
                    .await
                    .map_err(|e| ServiceError::Internal(format!("MCP transport: {e}"))),
            }
        }
    };
    // The process ends here: freeing every record one by one cost ~7% of a command on
    // 10,000 todos (callgrind). Nothing is pending: each write was durable when it returned.
    if warn_unread && !out.quiet {
        for p in valet.store().problems().await {
            out.warn_unread(&p);
        }
    }
    std::mem::forget(valet);
    result
}

async fn todo(valet: &Valet, cmd: TodoCmd, out: &Out) -> Result<(), ServiceError> {
    match cmd {
        TodoCmd::Add {
            text,
            priority,
            category,
            project,
            when,
            due,
            repeat,
            time,
            remind,
            notes,
            tags,
            steps,
            body,
        } => {
            let when = match &when {
                Some(w) => valet.when_text("--when", w).await?,
                None => None,
            };
            let input = NewTodo {
                content: text,
                priority: priority
                    .map(|p| Priority::parse("--priority", &p))
                    .transpose()?,
                category,
                project,
                when,
                repeat: match &repeat {
                    Some(r) => valet.repeat_text("--repeat", r).await?,
                    None => None,
                },
                due: None,
                due_time: time
                    .map(|t| valet_core::dates::parse_time_text("--time", &t))
                    .transpose()?
                    .flatten(),
                notes,
                status: None,
                reminders: match &remind {
                    Some(r) => Some(valet.reminder_text("--remind", r).await?),
                    None => None,
                },
                tags,
                steps,
                body: body.map(|b| organize::text_arg(&b)).transpose()?,
            };
            let mut input = input;
            if let Some(d) = &due {
                if let valet_core::dates::DueText::Set(date, t) = valet.due_text("--due", d).await?
                {
                    input.due = Some(date);
                    if input.due_time.is_none() {
                        input.due_time = t;
                    }
                }
            }
            let t = valet.add_todo(input).await?;
            out.todo("Added", &t);
        }
        TodoCmd::List(a) => list::list(valet, a, out).await?,
        TodoCmd::Show { id } => out.todo_details(&valet.get_todo(&id).await?, valet.zone().await.0),
        TodoCmd::Update {
            id,
            content,
            priority,
            category,
            project,
            when,
            due,
            repeat,
            paused,
            time,
            remind,
            tags,
            untags,
            body,
            status,
        } => {
            let mut patch = TodoPatch {
                content,
                priority: priority
                    .map(|p| Priority::parse("--priority", &p))
                    .transpose()?,
                category,
                project: project.map(|p| valet_core::project::optional_name(&p)),
                status: status.map(|s| Status::parse("--status", &s)).transpose()?,
                ..TodoPatch::default()
            };
            // The same reading of due text as the app and MCP ("friday 9am", "none").
            if let Some(d) = &due {
                patch.set_due(valet.due_text("--due", d).await?);
            }
            if let Some(w) = &when {
                patch.when = Some(valet.when_text("--when", w).await?);
            }
            if let Some(r) = &repeat {
                patch.repeat = Some(valet.repeat_text("--repeat", r).await?);
            }
            patch.paused = paused;
            if let Some(r) = &remind {
                patch.reminders = Some(valet.reminder_text("--remind", r).await?);
            }
            patch.add_tags = tags;
            patch.remove_tags = untags;
            if let Some(b) = &body {
                patch.body = Some(Some(organize::text_arg(b)?));
            }
            if let Some(t) = &time {
                patch.due_time = Some(valet_core::dates::parse_time_text("--time", t)?);
            }
            if patch.is_empty() {
                return Err(ValidationError::new(
                    "update",
                    "needs at least one of --content, --priority, --category, --project, --when, --due, --repeat, --paused, --time, --remind, --tag, --untag, --body, --status",
                )
                .into());
            }
            out.todo("Updated", &valet.update_todo(&id, patch).await?);
        }
        TodoCmd::Note { id, text } => out.todo("Noted", &valet.add_note(&id, &text).await?),
        TodoCmd::Complete { ids } => organize::set_status(valet, ids, true, out).await?,
        TodoCmd::Reopen { ids } => organize::set_status(valet, ids, false, out).await?,
        TodoCmd::Skip { id } => out.todo("Skipped to", &valet.skip_occurrence(&id).await?),
        TodoCmd::Series { id } => out.series(&valet.series(&id).await?),
        TodoCmd::Step { cmd } => organize::step(valet, cmd, out).await?,
        TodoCmd::Snooze { id, until } => {
            let s = valet_service::Snooze::parse("until", &until)?;
            out.todo("Snoozed", &valet.snooze_reminder(&id, s).await?)
        }
        TodoCmd::Remove { ids } => match valet.remove_todos(ids).await?.as_slice() {
            [one] => out.todo("Removed", one),
            many => out.todos("Removed", many),
        },
    }
    Ok(())
}

async fn day(valet: &Valet, cmd: DayCmd, out: &Out) -> Result<(), ServiceError> {
    match cmd {
        DayCmd::Show { date } => out.day(&valet.day(date_arg("date", date.as_deref())?).await?),
        DayCmd::Update {
            date,
            planner,
            journal: _,
            section,
            append,
            prepend,
            replace,
        } => {
            let (operation, content) = match (append, prepend, replace) {
                (Some(c), _, _) => (SectionOp::Append, c),
                (_, Some(c), _) => (SectionOp::Prepend, c),
                (_, _, Some(c)) => (SectionOp::Replace, c),
                _ => {
                    return Err(ValidationError::new(
                        "operation",
                        "needs one of --append, --prepend, --replace",
                    )
                    .into())
                }
            };
            let file = if planner {
                DayFile::Planner
            } else {
                DayFile::Journal
            };
            let v = valet
                .update_day(
                    date_arg("date", date.as_deref())?,
                    file,
                    vec![SectionUpdate {
                        section,
                        operation,
                        content,
                    }],
                    vec![],
                )
                .await?;
            out.day(&v);
        }
        DayCmd::List { limit } => out.days(&valet.days(Some(limit)).await?),
    }
    Ok(())
}
