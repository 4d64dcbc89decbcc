//! `import_legacy`: brings a legacy `valet-data` folder into the store, faithfully and
//! idempotently, and reports what it read, wrote, skipped and kept in conflict.
//!
//! The mapping of each file is pure (`valet_core::legacy`); this module finds and reads the
//! files (never writing to the source), decides per record against what the store holds, and
//! writes through `Store::mutate` in batches as the `import` actor.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::Instant;

use chrono::{DateTime, Utc};
use serde_json::Value;
use valet_core::legacy::{self, LegacyArchive, LegacyDay};
use valet_core::{ArchivedDay, DayDate, DayPlan, JournalDay, Settings, Todo, ValidationError};
use valet_store::{Change, Record, Records};

use crate::error::{Result, ServiceError};
use crate::import_report::Outcome;
pub use crate::import_report::{ConflictKept, ImportReport, ImportWarning, KindCounts, Skipped};
use crate::progress::{self, OnProgress};
use crate::valet::Valet;

/// Records written per `Store::mutate` call: bounds how long the lock is held at once.
pub const IMPORT_BATCH: usize = 500;
/// The file, beside `settings.json`, that keeps the user's profile text (legacy `USER.md`).
pub const PROFILE_FILE: &str = "profile.md";
/// Where a differing legacy `USER.md` goes when `profile.md` already holds other text.
pub const PROFILE_CONFLICT_FILE: &str = "profile.legacy.md";

/// Everything parsed from the source, before it meets the store.
#[derive(Default)]
struct Parsed {
    todos: Vec<Todo>,
    /// Plans and journals of `days/`, and archives; by date.
    plans: BTreeMap<DayDate, (DayPlan, String)>,
    journals: BTreeMap<DayDate, (JournalDay, String)>,
    archives: BTreeMap<DayDate, (ArchivedDay, String)>,
    settings: Option<Value>,
    profile: Option<String>,
}

fn rel(root: &Path, p: &Path) -> String {
    p.strip_prefix(root)
        .unwrap_or(p)
        .to_string_lossy()
        .replace('\\', "/")
}

fn canonical(p: &Path) -> PathBuf {
    std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf())
}

/// Every file under `dir`, depth first, sorted; hidden folders (`.git`, ...) are reported once
/// instead of being walked.
fn walk(dir: &Path, files: &mut Vec<PathBuf>, hidden: &mut Vec<PathBuf>) -> std::io::Result<()> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)?.collect::<std::io::Result<Vec<_>>>()?;
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let p = e.path();
        let ft = e.file_type()?;
        if ft.is_dir() {
            if e.file_name().to_string_lossy().starts_with('.') {
                hidden.push(p);
            } else {
                walk(&p, files, hidden)?;
            }
        } else if ft.is_file() {
            files.push(p);
        }
    }
    Ok(())
}

fn day_name(name: &str) -> Option<(DayDate, &'static str)> {
    let stem = name.strip_suffix(".json")?;
    let (d, kind) = stem.split_at_checked(10)?;
    let kind = match kind {
        "-planner" => "planner",
        "-journal" => "journal",
        _ => return None,
    };
    DayDate::parse("date", d).ok().map(|d| (d, kind))
}

/// What the old server kept in its folder: a folder with none of it is not one (an empty
/// folder, or Valet's own data folder, would otherwise "import" nothing and succeed).
const LEGACY_MARKS: [&str; 5] = [
    "_global_todo.json",
    "days",
    "archive",
    "USER.md",
    "settings.json",
];

fn check_legacy_folder(root: &Path) -> Result<()> {
    let not_legacy = |why: String| -> ServiceError {
        ValidationError::new(
            "path",
            format!(
                "must be a legacy valet-data folder; {} {why}",
                root.display()
            ),
        )
        .into()
    };
    if root.join(valet_store::store::PRIVATE_DIR).is_dir() {
        return Err(not_legacy(
            "is a Valet data folder (to copy one Valet's data into another, use `valet export` \
             then `valet import`)"
                .into(),
        ));
    }
    if !LEGACY_MARKS.iter().any(|m| root.join(m).exists()) {
        return Err(not_legacy(format!(
            "has none of {}",
            LEGACY_MARKS.join(", ")
        )));
    }
    Ok(())
}

fn archive_name(name: &str) -> Option<DayDate> {
    DayDate::parse("date", name.strip_suffix(".json")?).ok()
}

fn mtime(p: &Path) -> Option<DateTime<Utc>> {
    let m = std::fs::metadata(p).ok()?.modified().ok()?;
    let d: DateTime<Utc> = m.into();
    DateTime::from_timestamp_millis(d.timestamp_millis())
}

/// The older of two copies of a day loses; its differing text is kept in `conflict:` sections
/// of the newer. Ties go to `days/`, the live file.
fn newer_first(a: &LegacyDay, b: &LegacyDay) -> bool {
    a.updated.or(a.created) >= b.updated.or(b.created)
}

impl Valet {
    /// Imports a legacy `valet-data` folder (see `docs/ARCHITECTURE.md`, "Data in and out"). With `dry_run`,
    /// decides everything the same way and reports the same numbers, but writes nothing.
    /// The source folder is only read.
    pub async fn import_legacy(&self, source: &Path, dry_run: bool) -> Result<ImportReport> {
        self.import_legacy_with_progress(source, dry_run, &crate::progress::quiet)
            .await
    }

    /// [`Valet::import_legacy`], reporting progress to `on` (reading, then each batch written).
    pub async fn import_legacy_with_progress(
        &self,
        source: &Path,
        dry_run: bool,
        on: OnProgress<'_>,
    ) -> Result<ImportReport> {
        const OP: &str = "import-legacy";
        let started = Instant::now();
        let meta = std::fs::metadata(source).map_err(|e| {
            ValidationError::new(
                "path",
                format!(
                    "must be a legacy valet-data folder; {}: {e}",
                    source.display()
                ),
            )
        })?;
        if !meta.is_dir() {
            return Err(ValidationError::new(
                "path",
                format!(
                    "must be a folder (the legacy valet-data folder); {} is a file",
                    source.display()
                ),
            )
            .into());
        }
        let root = canonical(source);
        check_legacy_folder(&root)?;
        let mut report = ImportReport {
            source: root.display().to_string(),
            dry_run,
            ..ImportReport::default()
        };
        progress::report(on, OP, "reading the folder", 0, 1);
        let parsed = read_source(&root, &mut report)?;
        progress::report(on, OP, "reading the folder", 1, 1);
        let mut desired: Vec<Record> = Vec::new();
        desired.extend(parsed.todos.iter().cloned().map(Record::Todo));
        desired.extend(parsed.plans.values().map(|(p, _)| Record::Plan(p.clone())));
        desired.extend(
            parsed
                .journals
                .values()
                .map(|(j, _)| Record::Journal(j.clone())),
        );
        desired.extend(
            parsed
                .archives
                .values()
                .map(|(a, _)| Record::Archive(a.clone())),
        );
        report.todos.read = parsed.todos.len();
        report.plans.read = parsed.plans.len();
        report.journals.read = parsed.journals.len();
        report.archives.read = parsed.archives.len();

        // Decide first without writing: a dry run stops here, a real run knows whether a
        // restore point is worth taking.
        let planned = self
            .store()
            .read(|r| desired.iter().map(|d| decide(r, d)).collect::<Vec<_>>())
            .await?;
        let current_settings = self.settings_now()?;
        let settings_plan = parsed
            .settings
            .as_ref()
            .map(|v| legacy::merge_settings(&current_settings, v));
        let profile_plan = parsed
            .profile
            .as_ref()
            .map(|t| self.plan_profile(t))
            .transpose()?;
        let any_write = planned
            .iter()
            .any(|(o, _, _)| matches!(o, Outcome::Created | Outcome::Updated))
            || settings_plan
                .as_ref()
                .is_some_and(|(s, _)| *s != current_settings)
            || profile_plan
                .as_ref()
                .is_some_and(|p| p.outcome != Outcome::Unchanged);

        if !dry_run && any_write {
            progress::report(on, OP, "taking a restore point", 0, 1);
            report.restore_point =
                Some(self.create_restore_point("before import-legacy").await?.id);
        }

        let outcomes: Vec<(Outcome, Option<Record>, Vec<String>)> = if dry_run {
            planned
        } else {
            let mut all = Vec::with_capacity(desired.len());
            for chunk in desired.chunks(IMPORT_BATCH) {
                progress::report(on, OP, "writing records", all.len(), desired.len());
                let res = self
                    .store()
                    .mutate(crate::config::Actor::Import.label().as_str(), |r| {
                        let decided: Vec<_> = chunk.iter().map(|d| decide(r, d)).collect();
                        let changes = decided
                            .iter()
                            .filter_map(|(_, rec, _)| rec.clone().map(Change::Put))
                            .collect();
                        Ok::<_, ServiceError>((changes, decided))
                    })
                    .await?;
                all.extend(res);
            }
            all
        };
        for (d, (o, _, conflicts)) in desired.iter().zip(&outcomes) {
            let (counts, kind, date) = match d {
                Record::Todo(_) => (&mut report.todos, "todo", String::new()),
                Record::Plan(p) => (&mut report.plans, "plan", p.date.to_string()),
                Record::Journal(j) => (&mut report.journals, "journal", j.date.to_string()),
                Record::Archive(a) => (&mut report.archives, "archive", a.date.to_string()),
                Record::Project(p) => (&mut report.projects, "project", p.name.clone()),
            };
            counts.add(*o);
            for c in conflicts {
                report.conflicts.push(ConflictKept {
                    date: date.clone(),
                    kind: kind.into(),
                    kept_as: c.clone(),
                    detail: "Valet's copy and the legacy copy differ; the newer is kept and the other's differing text is in this section".into(),
                });
            }
        }

        if let Some((next, notes)) = settings_plan {
            report.settings.read = 1;
            for n in notes {
                report.warnings.push(ImportWarning {
                    path: "settings.json".into(),
                    message: n,
                });
            }
            let current = self.settings_now()?;
            if next == current {
                report.settings.add(Outcome::Unchanged);
            } else {
                let existed = self.settings_path().exists();
                if !dry_run {
                    let v = parsed.settings.clone().unwrap_or(Value::Null);
                    self.update_settings(move |s| *s = legacy::merge_settings(s, &v).0)
                        .await?;
                }
                report.settings.add(if existed {
                    Outcome::Updated
                } else {
                    Outcome::Created
                });
            }
        }
        if let Some(p) = profile_plan {
            report.profile.read = 1;
            report.profile.add(p.outcome);
            if let Some(c) = &p.conflict {
                report.conflicts.push(c.clone());
            }
            if !dry_run {
                if let Some((path, text)) = &p.write {
                    crate::restore::write_atomic(path, text.as_bytes())?;
                }
            }
        }
        report.elapsed_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
        Ok(report)
    }

    fn settings_now(&self) -> Result<Settings> {
        crate::config::read_settings(self.settings_path())
    }

    /// The user's profile text (legacy `USER.md`), kept as `profile.md` beside settings.json.
    pub fn profile(&self) -> Result<Option<String>> {
        let p = self.profile_path();
        match std::fs::read_to_string(&p) {
            Ok(s) => Ok(Some(s)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(ServiceError::Io {
                path: p.display().to_string(),
                source: e,
            }),
        }
    }

    fn profile_path(&self) -> PathBuf {
        self.settings_path()
            .parent()
            .unwrap_or(Path::new("."))
            .join(PROFILE_FILE)
    }

    fn plan_profile(&self, text: &str) -> Result<ProfilePlan> {
        let main = self.profile_path();
        match self.profile()? {
            None => Ok(ProfilePlan {
                outcome: Outcome::Created,
                write: Some((main, text.to_owned())),
                conflict: None,
            }),
            Some(have) if have == text => Ok(ProfilePlan {
                outcome: Outcome::Unchanged,
                write: None,
                conflict: None,
            }),
            Some(_) => {
                // The profile in Valet is the user's own now; the legacy text goes beside it.
                let side = main.with_file_name(PROFILE_CONFLICT_FILE);
                let same = std::fs::read_to_string(&side).is_ok_and(|s| s == text);
                Ok(ProfilePlan {
                    outcome: if same {
                        Outcome::Unchanged
                    } else {
                        Outcome::KeptNewer
                    },
                    write: (!same).then(|| (side, text.to_owned())),
                    conflict: Some(ConflictKept {
                        date: "profile".into(),
                        kind: "profile".into(),
                        kept_as: PROFILE_CONFLICT_FILE.into(),
                        detail: format!(
                            "{PROFILE_FILE} already holds different text; the legacy USER.md is kept as {PROFILE_CONFLICT_FILE}"
                        ),
                    }),
                })
            }
        }
    }
}

struct ProfilePlan {
    outcome: Outcome,
    write: Option<(PathBuf, String)>,
    conflict: Option<ConflictKept>,
}

/// Reads and maps every file of the source. Malformed files go to `report.skipped`; only an
/// unreadable source folder is an error.
fn read_source(root: &Path, report: &mut ImportReport) -> Result<Parsed> {
    let io = |p: &Path, e: std::io::Error| ServiceError::Io {
        path: p.display().to_string(),
        source: e,
    };
    let mut parsed = Parsed::default();
    let warn = |report: &mut ImportReport, path: &str, ws: Vec<String>| {
        for w in ws {
            report.warnings.push(ImportWarning {
                path: path.to_owned(),
                message: w,
            });
        }
    };
    let skip = |report: &mut ImportReport, path: String, reason: String| {
        report.skipped.push(Skipped { path, reason });
    };

    let settings_path = root.join("settings.json");
    let mut legacy_settings = None;
    if settings_path.is_file() {
        report.files_read += 1;
        let text = std::fs::read_to_string(&settings_path).map_err(|e| io(&settings_path, e))?;
        match serde_json::from_str::<Value>(&text) {
            Ok(v) if v.is_object() => legacy_settings = Some(v),
            Ok(_) => skip(
                report,
                "settings.json".into(),
                "must be a JSON object; file_paths and settings not used".into(),
            ),
            Err(e) => skip(
                report,
                "settings.json".into(),
                format!("not valid JSON: {e}; default days/ and archive/ folders used"),
            ),
        }
    }
    let (days_rel, archive_rel) = legacy::legacy_dirs(legacy_settings.as_ref());
    let days_dir = canonical(&root.join(&days_rel));
    let archive_dir = canonical(&root.join(&archive_rel));
    parsed.settings = legacy_settings;

    let mut files = Vec::new();
    let mut hidden = Vec::new();
    walk(root, &mut files, &mut hidden).map_err(|e| io(root, e))?;
    // Folders that settings relocate outside the source are read too.
    for d in [&days_dir, &archive_dir] {
        if !d.starts_with(root) && d.is_dir() {
            walk(d, &mut files, &mut hidden).map_err(|e| io(d, e))?;
        }
    }
    for h in hidden {
        skip(
            report,
            rel(root, &h) + "/",
            "hidden folder; not read".into(),
        );
    }
    let mut seen: HashSet<PathBuf> = HashSet::new();
    let mut days: BTreeMap<(DayDate, &'static str), (LegacyDay, String)> = BTreeMap::new();
    let mut archives: BTreeMap<DayDate, (LegacyArchive, String)> = BTreeMap::new();
    let mut todo_fallback = None;

    for f in files {
        let f = canonical(&f);
        if !seen.insert(f.clone()) {
            continue;
        }
        let path = rel(root, &f);
        let name = f
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let parent = f.parent().map(Path::to_path_buf).unwrap_or_default();
        if f == settings_path.as_path() || f == canonical(&settings_path) {
            continue;
        }
        if parent == root && name == "_global_todo.json" {
            report.files_read += 1;
            let text = match std::fs::read_to_string(&f) {
                Ok(t) => t,
                Err(e) => {
                    skip(report, path, format!("could not be read: {e}"));
                    continue;
                }
            };
            let file: legacy::TodoFile = match serde_json::from_str(&text) {
                Ok(v) => v,
                Err(e) => match legacy::salvage_tasks(&text) {
                    // Cut short or damaged part way: the whole tasks before the damage still
                    // count, and the report says where the rest was lost.
                    Some(tasks) if e.is_eof() || e.is_syntax() => {
                        skip(
                            report,
                            path.clone(),
                            format!(
                                "damaged at line {}, column {} ({e}): the {} whole task(s) \
                                 before that point are imported, anything after it is not",
                                e.line(),
                                e.column(),
                                tasks.len()
                            ),
                        );
                        legacy::TodoFile {
                            updated: None,
                            tasks,
                        }
                    }
                    _ => {
                        skip(
                            report,
                            path,
                            format!("not a legacy todo list ({{\"tasks\": [...]}}): {e}"),
                        );
                        continue;
                    }
                },
            };
            todo_fallback = file
                .updated
                .as_deref()
                .and_then(legacy::parse_time)
                .or_else(|| mtime(&f));
            let mut ids = HashSet::new();
            for (i, t) in file.tasks.iter().enumerate() {
                match legacy::map_task(i, t, todo_fallback) {
                    Ok((todo, ws)) => {
                        warn(report, &path, ws);
                        if ids.insert(todo.id) {
                            parsed.todos.push(todo);
                        } else {
                            skip(
                                report,
                                format!("{path}#tasks[{i}]"),
                                format!("duplicate id {} (the first one is imported)", todo.id),
                            );
                        }
                    }
                    Err(e) => skip(report, format!("{path}#tasks[{i}]"), e.to_string()),
                }
            }
            continue;
        }
        if parent == root && name == "USER.md" {
            report.files_read += 1;
            match std::fs::read(&f).map(String::from_utf8) {
                Ok(Ok(t)) => parsed.profile = Some(t),
                // One bad byte (a Latin-1 editor, a cut copy) must not cost the whole profile.
                Ok(Err(e)) => {
                    let at = e.utf8_error().valid_up_to();
                    parsed.profile = Some(String::from_utf8_lossy(e.as_bytes()).into_owned());
                    warn(
                        report,
                        &path,
                        vec![format!(
                            "not valid UTF-8 from byte {at}: imported with each bad byte \
                             replaced by U+FFFD"
                        )],
                    );
                }
                Err(e) => skip(report, path, format!("could not be read: {e}")),
            }
            continue;
        }
        if parent == days_dir {
            if let Some((date, kind)) = day_name(&name) {
                report.files_read += 1;
                let text = match std::fs::read_to_string(&f) {
                    Ok(t) => t,
                    Err(e) => {
                        skip(report, path, format!("could not be read: {e}"));
                        continue;
                    }
                };
                match legacy::parse_day(&text, Some(date)) {
                    Ok((mut d, ws)) => {
                        warn(report, &path, ws);
                        if d.created.is_none() && d.updated.is_none() {
                            d.created = mtime(&f);
                        }
                        days.insert((date, kind), (d, path));
                    }
                    Err(e) => skip(report, path, e),
                }
                continue;
            }
        }
        if parent == archive_dir {
            if let Some(date) = archive_name(&name) {
                report.files_read += 1;
                let text = match std::fs::read_to_string(&f) {
                    Ok(t) => t,
                    Err(e) => {
                        skip(report, path, format!("could not be read: {e}"));
                        continue;
                    }
                };
                match legacy::parse_archive(&text, Some(date)) {
                    Ok((mut a, ws)) => {
                        warn(report, &path, ws);
                        if a.archived_at.is_none() && a.planner.is_none() && a.journal.is_none() {
                            skip(report, path, "has neither a planner nor a journal".into());
                            continue;
                        }
                        if a.archived_at.is_none() {
                            a.archived_at = a
                                .planner
                                .iter()
                                .chain(&a.journal)
                                .filter_map(|d| d.updated.or(d.created))
                                .max()
                                .or_else(|| mtime(&f));
                        }
                        archives.insert(date, (a, path));
                    }
                    Err(e) => skip(report, path, e),
                }
                continue;
            }
        }
        let reason = if parent == days_dir {
            "not a day file (days/YYYY-MM-DD-planner.json or days/YYYY-MM-DD-journal.json); not imported"
        } else if parent == archive_dir {
            "not an archive file (archive/YYYY-MM-DD.json); not imported"
        } else {
            "not part of the legacy format (_global_todo.json, settings.json, USER.md, days/, archive/); not imported"
        };
        skip(report, path, reason.into());
    }

    // A day in both days/ and archive/: the newer copy is the day's record; the other's
    // differing text is kept in `conflict: ... copy of <section>` sections of it.
    let fallback = todo_fallback.unwrap_or(DateTime::<Utc>::UNIX_EPOCH);
    for ((date, kind), (day, path)) in &days {
        let from_archive = archives.get(date).and_then(|(a, apath)| {
            let half = if *kind == "planner" {
                &a.planner
            } else {
                &a.journal
            };
            half.as_ref().map(|h| (h, apath, a.archived_at))
        });
        let fb = from_archive.and_then(|(_, _, at)| at).unwrap_or(fallback);
        let differs = from_archive.filter(|(h, _, _)| h.sections != day.sections);
        let (newer, older, older_label, older_path) = match differs {
            Some((h, _, _)) if !newer_first(day, h) => (h, Some(day), "days", path.as_str()),
            Some((h, apath, _)) => (day, Some(h), "archive", apath.as_str()),
            None => (day, None, "", ""),
        };
        let mut added = Vec::new();
        if *kind == "planner" {
            let mut p = newer.to_plan(fb);
            if let Some(o) = older {
                added = legacy::keep_plan_conflicts(&mut p, &o.to_plan(fb), older_label);
            }
            parsed.plans.insert(*date, (p, path.clone()));
        } else {
            let mut j = newer.to_journal(fb);
            if let Some(o) = older {
                added = legacy::keep_journal_conflicts(&mut j, &o.to_journal(fb), older_label);
            }
            parsed.journals.insert(*date, (j, path.clone()));
        }
        for a in added {
            report.conflicts.push(ConflictKept {
                date: date.to_string(),
                kind: if *kind == "planner" { "plan" } else { "journal" }.into(),
                kept_as: a,
                detail: format!(
                    "{path} and the archive differ; the newer (by metadata.updated) is the day's record, the older ({older_path}) differing text is kept in this section"
                ),
            });
        }
    }
    for (date, (a, path)) in &archives {
        match a.to_archived() {
            Some(ad) => {
                parsed.archives.insert(*date, (ad, path.clone()));
            }
            None => skip(
                report,
                path.clone(),
                "has no time to date it by and no content".into(),
            ),
        }
    }
    Ok(parsed)
}

/// What to do with one legacy record given the store: the outcome, the record to write (if
/// any) and the conflict sections it gained.
fn decide(r: &Records, want: &Record) -> (Outcome, Option<Record>, Vec<String>) {
    match want {
        Record::Todo(t) => match r.todo(t.id) {
            None => (Outcome::Created, Some(want.clone()), vec![]),
            Some(have) if have == t => (Outcome::Unchanged, None, vec![]),
            Some(have) if have.updated_at > t.updated_at => (Outcome::KeptNewer, None, vec![]),
            Some(_) => (Outcome::Updated, Some(want.clone()), vec![]),
        },
        Record::Project(p) => match r.project(p.id) {
            None => (Outcome::Created, Some(want.clone()), vec![]),
            Some(have) if have == p => (Outcome::Unchanged, None, vec![]),
            Some(_) => (Outcome::KeptNewer, None, vec![]),
        },
        Record::Plan(p) => merge_day(
            r.plan(p.date),
            p,
            |x| (x.created_at, x.updated_at),
            legacy::keep_plan_conflicts,
            Record::Plan,
        ),
        Record::Journal(j) => merge_day(
            r.journal(j.date),
            j,
            |x| (x.created_at, x.updated_at),
            legacy::keep_journal_conflicts,
            Record::Journal,
        ),
        Record::Archive(a) => {
            let Some(have) = r.archive(a.date) else {
                return (Outcome::Created, Some(want.clone()), vec![]);
            };
            if have == a {
                return (Outcome::Unchanged, None, vec![]);
            }
            // Both are archives of the same day: keep the newer, with the other's differing text.
            let (mut next, older, label) = if have.archived_at >= a.archived_at {
                (have.clone(), a, "legacy")
            } else {
                (a.clone(), have, "valet")
            };
            let mut added = Vec::new();
            match (&mut next.plan, &older.plan) {
                (Some(n), Some(o)) => added.extend(legacy::keep_plan_conflicts(n, o, label)),
                (n @ None, Some(o)) => *n = Some(o.clone()),
                _ => {}
            }
            match (&mut next.journal, &older.journal) {
                (Some(n), Some(o)) => added.extend(legacy::keep_journal_conflicts(n, o, label)),
                (n @ None, Some(o)) => *n = Some(o.clone()),
                _ => {}
            }
            if &next == have {
                (Outcome::KeptNewer, None, vec![])
            } else {
                (Outcome::Updated, Some(Record::Archive(next)), added)
            }
        }
    }
}

type Times = (DateTime<Utc>, DateTime<Utc>);

fn merge_day<T: Clone + PartialEq>(
    have: Option<&T>,
    want: &T,
    times: impl Fn(&T) -> Times,
    keep: impl Fn(&mut T, &T, &str) -> Vec<String>,
    wrap: impl Fn(T) -> Record,
) -> (Outcome, Option<Record>, Vec<String>) {
    let Some(have) = have else {
        return (Outcome::Created, Some(wrap(want.clone())), vec![]);
    };
    if have == want {
        return (Outcome::Unchanged, None, vec![]);
    }
    let (hc, hu) = times(have);
    let (wc, wu) = times(want);
    if hu >= wu {
        if hc == wc {
            // Imported from this same legacy day and edited in Valet since: Valet's is newer.
            return (Outcome::KeptNewer, None, vec![]);
        }
        let mut next = have.clone();
        let added = keep(&mut next, want, "legacy");
        if &next == have {
            (Outcome::KeptNewer, None, vec![])
        } else {
            (Outcome::Updated, Some(wrap(next)), added)
        }
    } else {
        let mut next = want.clone();
        let added = keep(&mut next, have, "valet");
        (Outcome::Updated, Some(wrap(next)), added)
    }
}
