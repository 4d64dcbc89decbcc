//! How the CLI prints results: readable text, or JSON with `--json`, and errors with exit codes.

use std::process::ExitCode;

use serde::Serialize;
use valet_core::day::day_markdown;
use valet_core::search::SearchResults;
use valet_core::{Priority, Status as TodoStatus, Today, Todo, TodoPage};
use valet_service::{
    AuditEntry, DaySummary, DayView, DoctorReport, MetricsReport, NewDayReport, ServiceError,
    Status, TodoCounts,
};

pub struct Out {
    pub json: bool,
    /// Progress bars on stderr (a terminal, not --quiet, not --json).
    pub progress: bool,
    /// --quiet: errors only on stderr.
    pub quiet: bool,
}

/// Prints `v` as pretty JSON on stdout (`--json` output of every command).
pub(crate) fn print_json<T: Serialize + ?Sized>(v: &T) {
    match serde_json::to_string_pretty(v) {
        Ok(s) => println!("{s}"),
        Err(e) => eprintln!("error: could not encode the result: {e}"),
    }
}

/// The last 8 characters: the random end of a UUID v7 (its start is a timestamp shared by
/// todos created close together).
pub(crate) fn short_id(id: &str) -> &str {
    &id[id.len().saturating_sub(8)..]
}

static TODAY: std::sync::OnceLock<Today> = std::sync::OnceLock::new();

/// Valet's today, once the store is open: dates in text output then read "today", "Fri".
pub(crate) fn set_today(t: Today) {
    let _ = TODAY.set(t);
}

/// A time as the user's clock shows it: "14:05" today, else "Fri 14:05" or the date.
pub(crate) fn local_time(at: chrono::DateTime<chrono::Utc>) -> String {
    match TODAY.get() {
        Some(td) => {
            let local = at.with_timezone(&td.zone);
            let day = local.date_naive();
            if day == td.date {
                local.format("%H:%M").to_string()
            } else {
                format!(
                    "{} {}",
                    valet_core::dates::relative_day(day, td.date),
                    local.format("%H:%M")
                )
            }
        }
        None => at.format("%Y-%m-%d %H:%M UTC").to_string(),
    }
}

/// Said after the dates of an open todo past its deadline.
const OVERDUE: &str = " (overdue)";

/// One todo's parts, plain (widths are measured before colour is added).
struct Cells {
    mark: &'static str,
    id: String,
    /// Content (one line), priority and labels.
    title: String,
    strong: String,
    labels: String,
    /// Scheduled day, deadline and "(overdue)".
    when: String,
    overdue: bool,
    /// Repeat, steps, reminder bell, notes.
    extra: String,
    done: bool,
}

fn cells(t: &Todo) -> Cells {
    let mark = match t.status {
        TodoStatus::Pending => "[ ]",
        TodoStatus::InProgress => "[~]",
        TodoStatus::Completed => "[x]",
    };
    let strong = match t.priority {
        Priority::High => " !high",
        Priority::Medium => "",
        Priority::Low => " !low",
    };
    // Relative to today ("today", "Fri"); ISO in --json.
    let today = TODAY.get();
    let day = |d: chrono::NaiveDate| match today {
        Some(td) => valet_core::dates::relative_day(d, td.date),
        None => d.to_string(),
    };
    let mut when = Vec::new();
    if let Some(w) = t.when {
        when.push(format!("scheduled {}", day(w)));
    }
    match (t.due, t.due_time) {
        (Some(d), Some(tm)) => when.push(format!("due {} {}", day(d), tm.format("%H:%M"))),
        (Some(d), None) => when.push(format!("due {}", day(d))),
        _ => {}
    }
    let overdue =
        matches!((today, t.due), (Some(td), Some(d)) if d < td.date && t.status.is_open());
    let mut extra = Vec::new();
    match &t.repeat {
        Some(r) if r.paused => extra.push(format!("↻ {} (paused)", r.words())),
        Some(r) => extra.push(format!("↻ {}", r.words())),
        None => {}
    }
    let (done, total) = valet_core::organize::progress(&t.steps);
    if total > 0 {
        extra.push(format!("{done}/{total}"));
    }
    if !t.reminders.is_empty() {
        extra.push("⏰".into());
    }
    if !t.notes.is_empty() {
        extra.push(format!("[{} note(s)]", t.notes.len()));
    }
    // Tags as typed in quick add (#tag); the category (the legacy grouping) only when set.
    let mut labels: Vec<String> = t.tags.iter().map(|x| format!("#{x}")).collect();
    if t.category != valet_core::todo::DEFAULT_CATEGORY {
        labels.insert(0, format!("[{}]", t.category));
    }
    Cells {
        mark,
        id: short_id(&t.id.to_string()).to_owned(),
        title: t.content.replace(['\n', '\r'], " "),
        strong: strong.to_owned(),
        labels: if labels.is_empty() {
            String::new()
        } else {
            format!(" {}", labels.join(" "))
        },
        when: when.join("  "),
        overdue,
        extra: extra.join("  "),
        done: !t.status.is_open(),
    }
}

pub(crate) fn width(s: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(s)
}

/// `s` cut to `max` columns, with "…" when cut.
pub(crate) fn fit(s: &str, max: usize) -> String {
    if width(s) <= max {
        return s.to_owned();
    }
    let mut out = String::new();
    for c in s.chars() {
        if width(&out) + unicode_width::UnicodeWidthChar::width(c).unwrap_or(0) + 1 > max {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
}

impl Cells {
    /// The line, its title part padded to `title_w` columns (0: not padded), and cut to fit
    /// when `cut` (on a terminal; a pipe gets every word).
    fn render(&self, title_w: usize, when_w: usize, cut: bool) -> String {
        use crate::shell::{paint, Style};
        let plain_title = format!("{}{}{}", self.title, self.strong, self.labels);
        let (title, strong, labels) = if cut && title_w > 0 && width(&plain_title) > title_w {
            // Cut the content first; priority and labels are short and say the most.
            let tail = width(&self.strong) + width(&self.labels);
            if tail + 8 <= title_w {
                (
                    fit(&self.title, title_w - tail),
                    self.strong.clone(),
                    self.labels.clone(),
                )
            } else {
                (fit(&plain_title, title_w), String::new(), String::new())
            }
        } else {
            (self.title.clone(), self.strong.clone(), self.labels.clone())
        };
        let used = width(&title) + width(&strong) + width(&labels);
        let pad = " ".repeat(title_w.saturating_sub(used));
        let title = if self.done {
            paint(&title, Style::Dim)
        } else {
            title
        };
        let mut line = format!(
            "{} {}  {title}{}{labels}",
            self.mark,
            paint(&self.id, Style::Dim),
            paint(&strong, Style::Strong)
        );
        let overdue = if self.overdue { OVERDUE } else { "" };
        let when_plain = format!("{}{overdue}", self.when);
        if !when_plain.is_empty() || (!self.extra.is_empty() && when_w > 0) {
            let w_pad = " ".repeat(when_w.saturating_sub(width(&when_plain)));
            line.push_str(&format!(
                "{pad}  {}{}{w_pad}",
                self.when,
                paint(overdue, Style::Alert)
            ));
        } else if !self.extra.is_empty() {
            line.push_str(&pad);
        }
        if !self.extra.is_empty() {
            line.push_str(&format!("  {}", self.extra));
        }
        line.trim_end().to_owned()
    }
}

/// One todo on one line (a single todo; lists use [`todo_table`]).
pub(crate) fn todo_line(t: &Todo) -> String {
    cells(t).render(0, 0, false)
}

/// Todos one per line, the dates and the rest in aligned columns; on a terminal, titles are
/// cut so each line fits its width.
pub(crate) fn todo_table<'a>(todos: impl IntoIterator<Item = &'a Todo>) -> Vec<String> {
    let rows: Vec<Cells> = todos.into_iter().map(cells).collect();
    let titles: Vec<usize> = rows
        .iter()
        .map(|c| width(&c.title) + width(&c.strong) + width(&c.labels))
        .collect();
    let widest = titles.iter().copied().max().unwrap_or(0);
    let when_w = rows
        .iter()
        .map(|c| width(&c.when) + if c.overdue { width(OVERDUE) } else { 0 })
        .max()
        .unwrap_or(0);
    let extra_w = rows.iter().map(|c| width(&c.extra)).max().unwrap_or(0);
    // "[ ] 12345678  " + title + "  " + when + "  " + extra
    let fixed =
        14 + if when_w > 0 { 2 + when_w } else { 0 } + if extra_w > 0 { 2 + extra_w } else { 0 };
    // In a pipe a very long title pushes its own line out rather than padding every other.
    let (title_w, cut) = match crate::shell::terminal_width() {
        Some(cols) => (widest.min(cols.saturating_sub(fixed).max(24)), true),
        None => {
            let usual = titles.iter().copied().filter(|w| *w <= 60).max();
            (usual.unwrap_or(60), false)
        }
    };
    rows.iter()
        .map(|c| c.render(title_w, when_w, cut))
        .collect()
}

impl Out {
    /// Several todos, one line each after `verb` (JSON: the array).
    pub fn todos(&self, verb: &str, list: &[Todo]) {
        if self.json {
            return print_json(list);
        }
        for t in list {
            println!("{verb}: {}", todo_line(t));
        }
    }

    pub fn todo(&self, verb: &str, t: &Todo) {
        if self.json {
            return print_json(t);
        }
        println!("{verb}: {}", todo_line(t));
    }

    /// `todo show`: every field, times in the user's zone (`zone`).
    pub fn todo_details(&self, t: &Todo, zone: chrono_tz::Tz) {
        if self.json {
            return print_json(t);
        }
        let at = |x: chrono::DateTime<chrono::Utc>| {
            x.with_timezone(&zone)
                .format("%Y-%m-%d %H:%M:%S %:z")
                .to_string()
        };
        println!("{}", t.content);
        println!("  id        {}", t.id);
        println!("  status    {}", t.status);
        println!("  priority  {}", t.priority);
        println!("  category  {}", t.category);
        if let Some(w) = t.when {
            println!("  when      {w}");
        }
        if let Some(d) = t.due {
            let tm = t
                .due_time
                .map(|x| format!(" {}", x.format("%H:%M")))
                .unwrap_or_default();
            println!("  due       {d}{tm}");
        }
        if let Some(r) = &t.repeat {
            println!("  repeats   {}", r.words());
        }
        if !t.tags.is_empty() {
            let tags: Vec<String> = t.tags.iter().map(|x| format!("#{x}")).collect();
            println!("  tags      {}", tags.join(" "));
        }
        for s in &t.steps {
            let mark = if s.done { "[x]" } else { "[ ]" };
            println!("  step      {mark} {}  ({})", s.text, s.id);
        }
        if let Some(b) = &t.body {
            for (i, line) in b.lines().enumerate() {
                println!("  {}  {line}", if i == 0 { "notes   " } else { "        " });
            }
        }
        for r in &t.reminders {
            let why = r.missing(t).map(|w| format!(" ({w})")).unwrap_or_default();
            println!("  reminder  {}{why}", r.describe());
        }
        if let Some(s) = t.snoozed_until {
            println!("  snoozed   until {}", at(s));
        }
        println!("  created   {}", at(t.created_at));
        println!("  updated   {}", at(t.updated_at));
        if let Some(c) = t.completed_at {
            println!("  completed {}", at(c));
        }
        for n in &t.notes {
            println!("  note      {n}");
        }
    }

    /// A repeating todo's occurrences, oldest first.
    pub fn series(&self, todos: &[Todo]) {
        if self.json {
            return print_json(todos);
        }
        if let Some(r) = todos.first().and_then(|t| t.repeat.as_ref()) {
            println!("Repeats {} (since {})", r.words(), r.start);
        }
        for t in todos {
            println!("{}", todo_line(t));
        }
    }

    pub fn todo_page(&self, p: &TodoPage, today: &Today, all: &TodoCounts) {
        if self.json {
            return print_json(p);
        }
        if p.items.is_empty() {
            println!(
                "No todos match. Add one: valet todo add \"Call the bank\" --due {}",
                today.date
            );
            return;
        }
        for line in todo_table(&p.items) {
            println!("{line}");
        }
        let more = p
            .next_offset
            .map(|n| {
                let left = p.total.saturating_sub(n);
                format!("; {left} more: --offset {n} for the next page, --all for every one")
            })
            .unwrap_or_default();
        let everything = all.open + all.completed;
        let rest = if p.total < everything {
            format!(
                "; {everything} todos in all, {} open and {} completed: --status all shows every one",
                all.open, all.completed
            )
        } else {
            String::new()
        };
        println!(
            "({} shown of {} matching{rest}{more})",
            p.items.len(),
            p.total
        );
    }

    pub fn day(&self, v: &DayView) {
        if self.json {
            return print_json(v);
        }
        let md = day_markdown(v.date, v.plan.as_ref(), v.journal.as_ref());
        print!("{md}");
        if v.plan.is_none() && v.journal.is_none() {
            println!("\nNothing planned or journaled for {}.", v.date);
        }
        if v.archived.is_some() {
            println!("\n(An archived copy of this day exists.)");
        }
    }

    pub fn days(&self, days: &[DaySummary]) {
        if self.json {
            return print_json(days);
        }
        if days.is_empty() {
            println!("No days with content yet.");
        }
        for d in days {
            let mut parts = Vec::new();
            let named = |n: &[String]| {
                if n.is_empty() {
                    String::new()
                } else {
                    format!(" + {}", n.join(", ").replace('_', " "))
                }
            };
            if d.has_plan {
                let tasks = d.open_tasks + d.done_tasks;
                let head = if tasks > 0 {
                    format!("plan {}/{tasks} tasks done", d.done_tasks)
                } else {
                    "plan".to_owned()
                };
                parts.push(format!("{head}{}", named(&d.plan_sections)));
            }
            if d.has_journal {
                let head = match d.journal_entries {
                    0 => "journal".to_owned(),
                    1 => "journal 1 entry".to_owned(),
                    n => format!("journal {n} entries"),
                };
                parts.push(format!("{head}{}", named(&d.journal_sections)));
            }
            if d.archived {
                parts.push("archived".into());
            }
            println!("{}  {}", d.date, parts.join(", "));
        }
    }

    pub fn new_day(&self, r: &NewDayReport) {
        if self.json {
            return print_json(r);
        }
        println!("Started {}.", r.date);
        match (r.previous, r.archived) {
            (Some(p), true) => println!("Archived {p}."),
            _ => println!(
                "Nothing archived: {}.",
                r.archive_note.as_deref().unwrap_or("nothing to archive")
            ),
        }
        println!("Carried over {} open task(s).", r.carried_over);
    }

    pub fn search(&self, r: &SearchResults) {
        if self.json {
            return print_json(r);
        }
        if r.hits.is_empty() {
            println!("Nothing found.");
        }
        for h in &r.hits {
            let id = h.short_id.as_deref().unwrap_or(h.id.as_str());
            let status = h.status.map(|s| format!(" [{s}]")).unwrap_or_default();
            println!("{} {id}{status}  {}", h.kind, h.title);
            if h.field != "content" {
                println!("    {}: {}", h.field.replace('_', " "), h.snippet);
            }
        }
        if r.total > r.hits.len() {
            println!("({} of {} shown; use --limit)", r.hits.len(), r.total);
        }
    }

    pub fn status(&self, s: &Status) {
        if self.json {
            return print_json(s);
        }
        println!("Valet {}", s.version);
        println!("data dir   {}", s.data_dir);
        println!(
            "backend    {}",
            serde_json::to_string(&s.backend).unwrap_or_default()
        );
        let source = serde_json::to_value(s.time_zone_source)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default();
        println!(
            "time zone  {} (from {source}); today is {}",
            s.time_zone, s.today
        );
        println!(
            "todos      {} open ({} in progress, {} overdue, {} due today), {} completed",
            s.todos.open,
            s.todos.in_progress,
            s.todos.overdue,
            s.todos.due_today,
            s.todos.completed
        );
        let blank = |all: usize, with: usize| match all - with.min(all) {
            0 => String::new(),
            n => format!(" ({n} blank)"),
        };
        println!(
            "days       {} plans{}, {} journals{}, {} archived days",
            s.plans,
            blank(s.plans, s.days_with_plan),
            s.journals,
            blank(s.journals, s.days_with_journal),
            s.archived_days
        );
    }

    pub fn audit(&self, entries: &[AuditEntry], zone: chrono_tz::Tz) {
        if self.json {
            return print_json(entries);
        }
        if entries.is_empty() {
            println!("No changes found.");
        }
        for e in entries {
            let at = e.at.with_timezone(&zone).format("%Y-%m-%d %H:%M:%S");
            let id = if e.kind == "todos" {
                short_id(&e.id)
            } else {
                &e.id
            };
            let what = if e.changes.is_empty() {
                String::new()
            } else {
                format!("  {}", e.changes.join("; "))
            };
            println!(
                "{at}  {:<6} {:<8} {id:<10} rev {:<3} by {:<8}{what}",
                e.op, e.kind, e.rev, e.by
            );
        }
    }

    pub fn doctor(&self, r: &DoctorReport, m: &MetricsReport) {
        if self.json {
            #[derive(Serialize)]
            struct WithMetrics<'a> {
                #[serde(flatten)]
                report: &'a DoctorReport,
                metrics: &'a MetricsReport,
            }
            return print_json(&WithMetrics {
                report: r,
                metrics: m,
            });
        }
        println!("data dir   {}", r.data_dir);
        println!(
            "records    {} todos, {} plans, {} journals, {} archived days, {} projects and areas, {} tombstones",
            r.todos, r.plans, r.journals, r.archives, r.projects, r.tombstones
        );
        println!("change log {} bytes", r.change_log_bytes);
        println!("storage    {} bytes", m.storage_bytes);
        for o in &m.operations {
            println!(
                "op         {:<6} {:<8} {} calls, {} failed, p50 {} ms, p99 {} ms",
                o.layer, o.operation, o.calls, o.failures, o.p50_ms, o.p99_ms
            );
        }
        if r.stale_in_cache > 0 {
            println!(
                "cache      {} record(s) differed from their files; the cache was rebuilt",
                r.stale_in_cache
            );
        }
        if r.problems.is_empty() {
            println!("No problems found.");
        }
        for p in &r.problems {
            match &p.quarantined_to {
                Some(to) => println!("quarantined {}: {} -> {to}", p.path, p.reason),
                None => println!("problem {}: {}", p.path, p.reason),
            }
        }
    }

    /// Says on stderr that a record file could not be read (so what the command showed lacks
    /// it), where it went, and what to run.
    pub fn warn_unread(&self, p: &valet_service::Problem) {
        match &p.quarantined_to {
            Some(to) => eprintln!(
                "warning: {} could not be read ({}); it was moved to {to} (`valet doctor` lists it)",
                p.path, p.reason
            ),
            None => eprintln!("warning: {} could not be read: {}", p.path, p.reason),
        }
    }

    /// Prints an error and picks the exit code: 2 bad input, 3 not found, 4 configuration, 1 other.
    pub fn error(&self, e: &ServiceError) -> ExitCode {
        if self.json {
            print_json(&serde_json::json!({"error": {"code": e.code(), "message": e.to_string()}}));
        }
        eprintln!("error: {e}");
        ExitCode::from(match e.code() {
            "invalid" => 2,
            "not_found" => 3,
            "config" => 4,
            _ => 1,
        })
    }
}
