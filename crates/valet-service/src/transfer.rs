//! Valet's own export (one versioned JSON file, or a Markdown folder for people and note apps)
//! and the import that reads the JSON back, merging without duplicates.
//!
//! The JSON format (`format: "valet-export"`, `version: 1`) is documented in
//! `docs/ARCHITECTURE.md` and pinned by a golden test. It holds the live records only: deleted
//! records (tombstones) are sync state, not a person's data, and an import never deletes.

use std::path::Path;
use std::time::Instant;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use valet_core::day::day_markdown;
use valet_core::merge::{merge, Version};
use valet_core::Hlc;
use valet_core::{
    ArchivedDay, DayDate, DayPlan, JournalDay, Settings, Status, Todo, ValidationError,
};
use valet_store::{Change, Record, Records};

use crate::error::{Result, ServiceError};
use crate::legacy::{ImportReport, ImportWarning, KindCounts, Skipped, PROFILE_FILE};
use crate::progress::{self, OnProgress};
use crate::restore::write_atomic;
use crate::valet::Valet;

/// The value of `format` in an export file.
pub const EXPORT_FORMAT: &str = "valet-export";
/// The export version this build writes; `import` reads this one and older.
pub const EXPORT_VERSION: u32 = 1;
const IMPORT_BATCH: usize = 500;

/// One export file: everything a person has in Valet.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Export {
    pub format: String,
    pub version: u32,
    pub exported_at: DateTime<Utc>,
    /// The Valet version that wrote it.
    pub app_version: String,
    /// `settings.json` without `storage` (where and how this machine stores data does not
    /// travel; it never holds secrets anyway).
    pub settings: Settings,
    /// The profile text (`profile.md`), if any.
    pub profile: Option<String>,
    /// Sorted by id.
    pub todos: Vec<Todo>,
    /// Sorted by date, like the two lists after it.
    pub plans: Vec<DayPlan>,
    pub journals: Vec<JournalDay>,
    pub archives: Vec<ArchivedDay>,
    /// Projects and areas, by name (empty in exports made before projects existed).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub projects: Vec<valet_core::Project>,
}

/// The shape an export is read in: records stay raw so one bad record does not stop the rest.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawExport {
    format: String,
    version: u32,
    #[serde(default)]
    settings: Option<Value>,
    #[serde(default)]
    profile: Option<String>,
    #[serde(default)]
    todos: Vec<Value>,
    #[serde(default)]
    plans: Vec<Value>,
    #[serde(default)]
    journals: Vec<Value>,
    #[serde(default)]
    archives: Vec<Value>,
    #[serde(default)]
    projects: Vec<Value>,
}

/// Which export to write.
#[derive(ts_rs::TS, Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum ExportFormat {
    #[default]
    Json,
    Markdown,
}

impl ExportFormat {
    pub fn parse(field: &str, s: &str) -> std::result::Result<Self, ValidationError> {
        match s.trim().to_ascii_lowercase().as_str() {
            "json" => Ok(ExportFormat::Json),
            "markdown" | "md" => Ok(ExportFormat::Markdown),
            _ => Err(ValidationError::new(
                field,
                format!("must be one of json, markdown; got {s:?}"),
            )),
        }
    }
}

/// What an export wrote.
#[derive(ts_rs::TS, Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ExportReport {
    pub path: String,
    pub format: ExportFormat,
    pub todos: usize,
    pub plans: usize,
    pub journals: usize,
    pub archives: usize,
    /// Projects and areas.
    pub projects: usize,
    /// Files written (1 for json).
    pub files: usize,
    #[ts(type = "number")]
    pub elapsed_ms: u64,
}

fn io(path: &Path, e: std::io::Error) -> ServiceError {
    ServiceError::Io {
        path: path.display().to_string(),
        source: e,
    }
}

fn elapsed(s: Instant) -> u64 {
    u64::try_from(s.elapsed().as_millis()).unwrap_or(u64::MAX)
}

/// The Markdown list of todos: open ones first, by category, then completed ones.
pub fn todos_markdown(todos: &[Todo]) -> String {
    let mut out = String::from("# Todos\n");
    let line = |t: &Todo| {
        let mut s = format!(
            "- [{}] {}",
            if t.status == Status::Completed {
                "x"
            } else {
                " "
            },
            t.content.replace('\n', " ")
        );
        let mut tags = vec![t.priority.as_str().to_owned()];
        if let Some(d) = t.due {
            tags.push(format!("due {d}"));
        }
        if t.status == Status::InProgress {
            tags.push("in progress".into());
        }
        s.push_str(&format!(" ({})", tags.join(", ")));
        for n in &t.notes {
            s.push_str(&format!("\n    - {}", n.replace('\n', "\n      ")));
        }
        s.push('\n');
        s
    };
    let mut open: Vec<&Todo> = todos.iter().filter(|t| t.status.is_open()).collect();
    open.sort_by(|a, b| {
        (&a.category, a.priority.rank(), a.due, a.created_at).cmp(&(
            &b.category,
            b.priority.rank(),
            b.due,
            b.created_at,
        ))
    });
    let mut cat: Option<&str> = None;
    if !open.is_empty() {
        out.push_str("\n## Open\n");
    }
    for t in open {
        if cat != Some(t.category.as_str()) {
            out.push_str(&format!("\n### {}\n\n", t.category));
            cat = Some(&t.category);
        }
        out.push_str(&line(t));
    }
    let mut done: Vec<&Todo> = todos.iter().filter(|t| !t.status.is_open()).collect();
    done.sort_by(|a, b| {
        b.completed_at
            .cmp(&a.completed_at)
            .then(a.content.cmp(&b.content))
    });
    if !done.is_empty() {
        out.push_str("\n## Completed\n\n");
        for t in done {
            out.push_str(&line(t));
        }
    }
    out
}

fn decide<T: PartialEq + Clone>(
    have: Option<&T>,
    want: &T,
    stamp: impl Fn(&T) -> DateTime<Utc>,
) -> (KindOutcome, bool) {
    match have {
        None => (KindOutcome::Created, true),
        Some(h) if h == want => (KindOutcome::Unchanged, false),
        // Newer wins; on a tie Valet's own copy stays.
        Some(h) if stamp(want) > stamp(h) => (KindOutcome::Updated, true),
        Some(_) => (KindOutcome::KeptNewer, false),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum KindOutcome {
    Created,
    Updated,
    Unchanged,
    KeptNewer,
}

fn count(c: &mut KindCounts, o: KindOutcome) {
    match o {
        KindOutcome::Created => c.created += 1,
        KindOutcome::Updated => c.updated += 1,
        KindOutcome::Unchanged => c.unchanged += 1,
        KindOutcome::KeptNewer => c.kept_newer += 1,
    }
}

fn decide_record(r: &Records, want: &Record) -> (KindOutcome, bool) {
    match want {
        Record::Todo(t) => decide(r.todo(t.id), t, |x| x.updated_at),
        Record::Plan(p) => decide(r.plan(p.date), p, |x| x.updated_at),
        Record::Journal(j) => decide(r.journal(j.date), j, |x| x.updated_at),
        Record::Archive(a) => decide(r.archive(a.date), a, |x| x.archived_at),
        Record::Project(p) => decide(r.project(p.id), p, |x| x.updated_at),
    }
}

/// An imported plan or journal beside a live local one of the same day: sync's merge with no
/// common base (tasks and entries by id from both; a text both wrote keeps the newer and keeps
/// the other as a visible conflict), so a day written on two devices loses nothing. `None` when
/// the merge adds nothing to the local day, or the record is not a day's plan or journal.
fn merged_day(r: &Records, want: &Record) -> Option<Change> {
    let (stamp, data) = match want {
        Record::Plan(p) => (p.updated_at, serde_json::to_value(p)),
        Record::Journal(j) => (j.updated_at, serde_json::to_value(j)),
        _ => return None,
    };
    let key = want.key();
    let local = r.version(&key).filter(|v| v.data.is_some())?;
    let incoming = Version {
        data: Some(data.ok()?),
        clock: Hlc {
            ms: u64::try_from(stamp.timestamp_millis()).unwrap_or(0),
            counter: 0,
            node: "import".into(),
        },
        field_clocks: Default::default(),
        conflicts: Vec::new(),
    };
    let merged = merge(None, &local, &incoming);
    (merged.data != local.data || merged.conflicts != local.conflicts)
        .then_some(Change::Synced(key, merged))
}

/// What importing `want` does: its outcome and the change to write, if any. A day's plan or
/// journal that exists on both sides is merged, never replaced whole.
fn decide_change(r: &Records, want: &Record) -> (KindOutcome, Option<Change>) {
    let (outcome, write) = decide_record(r, want);
    let is_day = matches!(want, Record::Plan(_) | Record::Journal(_));
    if is_day && matches!(outcome, KindOutcome::Updated | KindOutcome::KeptNewer) {
        return match merged_day(r, want) {
            Some(c) => (KindOutcome::Updated, Some(c)),
            None if outcome == KindOutcome::KeptNewer => (KindOutcome::KeptNewer, None),
            None => (KindOutcome::Unchanged, None),
        };
    }
    (outcome, write.then(|| Change::Put(want.clone())))
}

/// Fills what `current` lacks from `incoming` (never overwrites; never touches `storage`).
fn merge_settings(current: &Settings, incoming: &Settings) -> Settings {
    let mut next = current.clone();
    if let Some(iu) = &incoming.user {
        let u = next.user.get_or_insert_with(Default::default);
        if u.name.is_none() {
            u.name = iu.name.clone();
        }
        if u.timezone.is_none() {
            u.timezone = iu.timezone.clone();
        }
        for (k, v) in &iu.extra {
            u.extra.entry(k.clone()).or_insert_with(|| v.clone());
        }
    }
    for (k, v) in &incoming.extra {
        next.extra.entry(k.clone()).or_insert_with(|| v.clone());
    }
    next
}

impl Valet {
    /// Everything, as one [`Export`] (live records, settings without `storage`, the profile).
    pub async fn export_data(&self) -> Result<Export> {
        let ((mut todos, plans, journals, archives), mut projects) = self
            .store()
            .read(|r| {
                (
                    (
                        r.todos().cloned().collect::<Vec<_>>(),
                        r.plans().cloned().collect::<Vec<_>>(),
                        r.journals().cloned().collect::<Vec<_>>(),
                        r.archives().cloned().collect::<Vec<_>>(),
                    ),
                    r.projects().cloned().collect::<Vec<_>>(),
                )
            })
            .await?;
        projects.sort_by(|a, b| a.name.cmp(&b.name));
        todos.sort_by_key(|t| t.id);
        let mut settings = crate::config::read_settings(self.settings_path())?;
        settings.storage = None;
        Ok(Export {
            format: EXPORT_FORMAT.into(),
            version: EXPORT_VERSION,
            exported_at: self.now(),
            app_version: env!("CARGO_PKG_VERSION").into(),
            settings,
            profile: self.profile()?,
            todos,
            plans,
            journals,
            archives,
            projects,
        })
    }

    /// Writes an export to `path`: a JSON file, or a folder of Markdown notes.
    pub async fn export(&self, path: &Path, format: ExportFormat) -> Result<ExportReport> {
        self.export_with_progress(path, format, &progress::quiet)
            .await
    }

    /// [`Valet::export`], reporting progress to `on` (reading, then files written).
    pub async fn export_with_progress(
        &self,
        path: &Path,
        format: ExportFormat,
        on: OnProgress<'_>,
    ) -> Result<ExportReport> {
        const OP: &str = "export";
        let started = Instant::now();
        progress::report(on, OP, "reading the store", 0, 1);
        let e = self.export_data().await?;
        let mut report = ExportReport {
            path: path.display().to_string(),
            format,
            todos: e.todos.len(),
            plans: e.plans.len(),
            journals: e.journals.len(),
            projects: e.projects.len(),
            archives: e.archives.len(),
            files: 0,
            elapsed_ms: 0,
        };
        match format {
            ExportFormat::Json => {
                progress::report(on, OP, "writing the file", 0, 1);
                let mut bytes = serde_json::to_vec_pretty(&e).map_err(|err| {
                    ServiceError::Internal(format!("could not encode the export: {err}"))
                })?;
                bytes.push(b'\n');
                write_atomic(path, &bytes)?;
                report.files = 1;
            }
            ExportFormat::Markdown => {
                std::fs::create_dir_all(path).map_err(|err| io(path, err))?;
                let mut dates: std::collections::BTreeSet<DayDate> =
                    std::collections::BTreeSet::new();
                dates.extend(e.plans.iter().filter(|p| !p.is_empty()).map(|p| p.date));
                dates.extend(e.journals.iter().filter(|j| !j.is_empty()).map(|j| j.date));
                dates.extend(e.archives.iter().map(|a| a.date));
                let total = dates.len() + 1;
                for d in dates {
                    if report.files.is_multiple_of(50) {
                        progress::report(on, OP, "writing notes", report.files, total);
                    }
                    let plan = e.plans.iter().find(|p| p.date == d);
                    let journal = e.journals.iter().find(|j| j.date == d);
                    let archived = e.archives.iter().find(|a| a.date == d);
                    let mut md = if plan.is_some() || journal.is_some() {
                        day_markdown(d, plan, journal)
                    } else {
                        day_markdown(
                            d,
                            archived.and_then(|a| a.plan.as_ref()),
                            archived.and_then(|a| a.journal.as_ref()),
                        )
                    };
                    if let Some(a) = archived
                        .filter(|a| a.plan.as_ref() != plan || a.journal.as_ref() != journal)
                    {
                        if plan.is_some() || journal.is_some() {
                            // The archived copy differs from the live day: show it too.
                            let body = day_markdown(d, a.plan.as_ref(), a.journal.as_ref());
                            let body = body.split_once('\n').map(|(_, b)| b).unwrap_or("");
                            md.push_str(&format!(
                                "\n## Archived copy ({})\n{}",
                                a.archived_at.format("%Y-%m-%d %H:%M UTC"),
                                body.replace("\n## ", "\n### ").replace("\n### ", "\n#### ")
                            ));
                        }
                    }
                    let p = path.join(format!("{d}.md"));
                    write_atomic(&p, md.as_bytes())?;
                    report.files += 1;
                }
                let p = path.join("Todos.md");
                write_atomic(&p, todos_markdown(&e.todos).as_bytes())?;
                report.files += 1;
                if let Some(profile) = &e.profile {
                    write_atomic(&path.join("Profile.md"), profile.as_bytes())?;
                    report.files += 1;
                }
            }
        }
        report.elapsed_ms = elapsed(started);
        progress::report(on, OP, "done", 1, 1);
        Ok(report)
    }

    /// Reads a Valet JSON export and merges it: records are matched by id / date, the newer
    /// `updatedAt` (`archivedAt` for archives) wins, nothing is duplicated or deleted; a day's
    /// plan or journal on both sides is merged as sync merges it (tasks and entries from both,
    /// a text both wrote kept newer-first with the other as a conflict). Settings
    /// and profile only fill what is missing. A restore point is taken before writing.
    pub async fn import_export(&self, path: &Path, dry_run: bool) -> Result<ImportReport> {
        self.import_export_with_progress(path, dry_run, &progress::quiet)
            .await
    }

    /// [`Valet::import_export`], reporting progress to `on` (reading, then each batch written).
    pub async fn import_export_with_progress(
        &self,
        path: &Path,
        dry_run: bool,
        on: OnProgress<'_>,
    ) -> Result<ImportReport> {
        const OP: &str = "import";
        progress::report(on, OP, "reading the file", 0, 1);
        let started = Instant::now();
        let bytes = std::fs::read(path).map_err(|e| {
            ValidationError::new(
                "path",
                format!("must be a Valet export file; {}: {e}", path.display()),
            )
        })?;
        let raw: RawExport = serde_json::from_slice(&bytes).map_err(|e| {
            ValidationError::new(
                "path",
                format!(
                    "{} is not a Valet export (JSON with format, version, todos, ...): {e}",
                    path.display()
                ),
            )
        })?;
        if raw.format != EXPORT_FORMAT {
            return Err(ValidationError::new(
                "format",
                format!("must be {EXPORT_FORMAT:?}; got {:?}", raw.format),
            )
            .into());
        }
        if raw.version > EXPORT_VERSION {
            return Err(ValidationError::new("version", format!("must be at most {EXPORT_VERSION} (this Valet is older than the one that exported); got {}", raw.version)).into());
        }
        let mut report = ImportReport {
            source: path.display().to_string(),
            dry_run,
            files_read: 1,
            ..ImportReport::default()
        };
        let mut wanted: Vec<Record> = Vec::new();
        fn take<T: serde::de::DeserializeOwned>(
            list: &[Value],
            name: &str,
            report: &mut ImportReport,
            check: impl Fn(&T) -> std::result::Result<(), ValidationError>,
            wrap: impl Fn(T) -> Record,
            out: &mut Vec<Record>,
        ) -> usize {
            let mut n = 0;
            for (i, v) in list.iter().enumerate() {
                let parsed = serde_json::from_value::<T>(v.clone())
                    .map_err(|e| e.to_string())
                    .and_then(|t| check(&t).map(|_| t).map_err(|e| e.to_string()));
                match parsed {
                    Ok(t) => {
                        out.push(wrap(t));
                        n += 1;
                    }
                    Err(e) => report.skipped.push(Skipped {
                        path: format!("{name}[{i}]"),
                        reason: e,
                    }),
                }
            }
            n
        }
        report.todos.read = take(
            &raw.todos,
            "todos",
            &mut report,
            |t: &Todo| t.validate(),
            Record::Todo,
            &mut wanted,
        );
        report.plans.read = take(
            &raw.plans,
            "plans",
            &mut report,
            |d: &DayPlan| d.validate(),
            Record::Plan,
            &mut wanted,
        );
        report.journals.read = take(
            &raw.journals,
            "journals",
            &mut report,
            |d: &JournalDay| d.validate(),
            Record::Journal,
            &mut wanted,
        );
        report.archives.read = take(
            &raw.archives,
            "archives",
            &mut report,
            |d: &ArchivedDay| d.validate(),
            Record::Archive,
            &mut wanted,
        );
        report.projects.read = take(
            &raw.projects,
            "projects",
            &mut report,
            |p: &valet_core::Project| p.validate_stored(),
            Record::Project,
            &mut wanted,
        );

        let incoming_settings = match raw.settings {
            // Checked whole before anything is written (a bad time zone is reported, and the
            // settings skipped, before the first record).
            Some(v) => match serde_json::from_value::<Settings>(v)
                .map_err(|e| e.to_string())
                .and_then(|mut s| {
                    s.storage = None;
                    s.validate().map(|_| s).map_err(|e| e.to_string())
                }) {
                Ok(s) => Some(s),
                Err(e) => {
                    report.skipped.push(Skipped {
                        path: "settings".into(),
                        reason: e,
                    });
                    None
                }
            },
            None => None,
        };
        let current = crate::config::read_settings(self.settings_path())?;
        let next_settings = incoming_settings
            .as_ref()
            .map(|s| merge_settings(&current, s));
        let planned = self
            .store()
            .read(|r| {
                wanted
                    .iter()
                    .map(|w| {
                        let (o, c) = decide_change(r, w);
                        (o, c.is_some())
                    })
                    .collect::<Vec<_>>()
            })
            .await?;
        let profile_now = self.profile()?;
        let profile_write = match (&raw.profile, &profile_now) {
            (Some(p), None) => Some(p.clone()),
            _ => None,
        };
        let any = planned.iter().any(|(_, w)| *w)
            || next_settings.as_ref().is_some_and(|s| *s != current)
            || profile_write.is_some();
        if any && !dry_run {
            progress::report(on, OP, "taking a restore point", 0, 1);
            report.restore_point = Some(self.create_restore_point("before import").await?.id);
        }
        let outcomes = if dry_run {
            planned
        } else {
            let mut all = Vec::with_capacity(wanted.len());
            for chunk in wanted.chunks(IMPORT_BATCH) {
                progress::report(on, OP, "writing records", all.len(), wanted.len());
                let res = self
                    .store()
                    .mutate(crate::config::Actor::Import.label().as_str(), |r| {
                        let mut changes = Vec::new();
                        let mut d = Vec::with_capacity(chunk.len());
                        for w in chunk {
                            let (o, c) = decide_change(r, w);
                            d.push((o, c.is_some()));
                            changes.extend(c);
                        }
                        Ok::<_, ServiceError>((changes, d))
                    })
                    .await?;
                all.extend(res);
            }
            all
        };
        for (w, (o, _)) in wanted.iter().zip(outcomes) {
            let c = match w {
                Record::Todo(_) => &mut report.todos,
                Record::Plan(_) => &mut report.plans,
                Record::Journal(_) => &mut report.journals,
                Record::Archive(_) => &mut report.archives,
                Record::Project(_) => &mut report.projects,
            };
            count(c, o);
        }
        if let Some(next) = next_settings {
            report.settings.read = 1;
            if next == current {
                count(&mut report.settings, KindOutcome::Unchanged);
            } else {
                if !dry_run {
                    let inc = incoming_settings.clone().unwrap_or_default();
                    self.update_settings(move |s| *s = merge_settings(s, &inc))
                        .await?;
                }
                count(&mut report.settings, KindOutcome::Updated);
            }
        }
        if let Some(p) = &raw.profile {
            report.profile.read = 1;
            match (&profile_write, &profile_now) {
                (Some(text), _) => {
                    if !dry_run {
                        let dest = self
                            .settings_path()
                            .parent()
                            .unwrap_or(Path::new("."))
                            .join(PROFILE_FILE);
                        write_atomic(&dest, text.as_bytes())?;
                    }
                    count(&mut report.profile, KindOutcome::Created);
                }
                (None, Some(have)) if have == p => {
                    count(&mut report.profile, KindOutcome::Unchanged)
                }
                _ => {
                    count(&mut report.profile, KindOutcome::KeptNewer);
                    report.warnings.push(ImportWarning {
                        path: "profile".into(),
                        message: format!("{PROFILE_FILE} already holds different text; kept it"),
                    });
                }
            }
        }
        report.elapsed_ms = elapsed(started);
        Ok(report)
    }
}
