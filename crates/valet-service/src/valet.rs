//! [`Valet`]: every operation on todos, days, search, settings and status, for every caller.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, NaiveTime, Utc};
use chrono_tz::Tz;
use serde::Serialize;
use tokio::sync::RwLock;
use valet_core::search::SearchResults;
use valet_core::time::{resolve_zone, ZoneSource};
use valet_core::{
    ArchivedDay, DayDate, DayPlan, JournalDay, NewTodo, RecordKind, SearchQuery, Settings,
    Status as TodoStatus, Today, Todo, TodoId, TodoPage, TodoPatch, TodoQuery, ValidationError,
};
use valet_store::{BackendInfo, Change, DoctorReport, Record, Store, StoreOptions};

use crate::counts::{counts, TodoCounts};

use crate::config::{read_settings, replica_dir, Actor, Clock, OpenOptions};
use crate::error::{Result, ServiceError};

/// Most todos one batch call may add or change.
pub const MAX_BATCH: usize = 500;

/// The facade. Cheap to clone; clones share the store and its index.
#[derive(Clone)]
pub struct Valet {
    inner: Arc<Inner>,
    /// Who this handle acts as, for the audit trail.
    actor: Arc<str>,
}

struct Inner {
    store: Store,
    settings_path: PathBuf,
    settings: RwLock<Settings>,
    zone: RwLock<(Tz, ZoneSource)>,
    clock: Clock,
    remote: Option<crate::sync::Remote>,
    /// Why sync cannot run in this process although settings ask for it.
    remote_unavailable: Option<String>,
}

/// A day: its plan, journal and archived copy, whichever exist.
#[derive(ts_rs::TS, Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DayView {
    pub date: DayDate,
    pub is_today: bool,
    pub plan: Option<DayPlan>,
    pub journal: Option<JournalDay>,
    pub archived: Option<ArchivedDay>,
    /// Every section with text, plan then journal (the live copy, else the archived one),
    /// custom and imported sections included: what a reader of the day should see.
    pub sections: Vec<crate::days::DaySection>,
}

/// What `new_day` did.
#[derive(ts_rs::TS, Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NewDayReport {
    pub date: DayDate,
    /// The most recent earlier day with a plan or journal, if any.
    pub previous: Option<DayDate>,
    /// True only when an archive record was written by this call.
    pub archived: bool,
    /// Why nothing was archived, when nothing was.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub archive_note: Option<String>,
    /// Open plan tasks copied from the previous day.
    pub carried_over: usize,
}

/// A day that has content, for calendars and lists.
#[derive(ts_rs::TS, Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DaySummary {
    pub date: DayDate,
    pub has_plan: bool,
    pub has_journal: bool,
    pub archived: bool,
    pub open_tasks: usize,
    pub done_tasks: usize,
    pub journal_entries: usize,
    /// Plan sections with text besides tasks (imported days often have only these).
    pub plan_sections: Vec<String>,
    /// Journal sections with text besides entries.
    pub journal_sections: Vec<String>,
}

/// Where the data is and how much of it there is.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Status {
    pub data_dir: String,
    pub backend: BackendInfo,
    pub device: String,
    pub time_zone: String,
    pub time_zone_source: ZoneSource,
    pub today: DayDate,
    pub todos: TodoCounts,
    pub days_with_plan: usize,
    pub days_with_journal: usize,
    pub archived_days: usize,
    /// Plan and journal records, empty ones included (imports bring blank templates).
    pub plans: usize,
    pub journals: usize,
    pub version: &'static str,
}

pub(crate) fn element_ids() -> impl FnMut() -> String {
    || uuid::Uuid::new_v4().simple().to_string()[..10].to_owned()
}

fn os_zone() -> Option<String> {
    iana_time_zone::get_timezone().ok()
}

/// Shortest id prefix accepted in place of a whole todo id.
pub const MIN_ID_PREFIX: usize = 6;

impl Valet {
    /// Opens the replica named by `opts` (records load on first use, so this is quick).
    pub async fn open(opts: OpenOptions) -> Result<Valet> {
        crate::metrics::install();
        let data_dir = match opts.data_dir {
            Some(d) => d,
            None => crate::config::default_data_dir()?,
        };
        let data_dir = std::path::absolute(&data_dir).unwrap_or(data_dir);
        let settings_path = data_dir.join("settings.json");
        let settings = read_settings(&settings_path)?;
        let placement = match opts.backend {
            Some(b) => crate::config::Placement {
                local: b,
                remote: opts.remote.clone(),
                remote_unavailable: opts.remote_unavailable.clone(),
            },
            None => {
                let mut p =
                    crate::config::resolve_placement(&settings, &|k| std::env::var(k).ok())?;
                if opts.remote.is_some() {
                    p.remote = opts.remote.clone();
                }
                p
            }
        };
        let backend = placement.local;
        let store = Store::open(StoreOptions {
            data_dir: replica_dir(&data_dir, &settings),
            backend,
        })?;
        let zone = resolve_zone(settings.timezone(), os_zone().as_deref());
        let remote = match placement.remote {
            Some(b) => Some(crate::sync::Remote::new(
                b,
                store.private_dir(),
                settings.sync_encrypted(),
                opts.sync_passphrase.clone(),
            )?),
            None => None,
        };
        Ok(Valet {
            inner: Arc::new(Inner {
                store,
                settings_path,
                settings: RwLock::new(settings),
                zone: RwLock::new(zone),
                clock: opts.clock.unwrap_or_else(|| Arc::new(Utc::now)),
                remote,
                remote_unavailable: placement.remote_unavailable,
            }),
            actor: opts.actor.label().into(),
        })
    }

    /// The same replica, acting as someone else (e.g. the MCP client that just connected).
    pub fn with_actor(&self, actor: Actor) -> Valet {
        Valet {
            inner: self.inner.clone(),
            actor: actor.label().into(),
        }
    }

    /// Every change committed from now on by any process on this replica (the app uses it to
    /// refresh its views live). Call within a tokio runtime.
    pub fn subscribe(&self) -> tokio::sync::broadcast::Receiver<valet_store::ChangeEvent> {
        self.inner.store.subscribe()
    }

    /// Who this handle acts as, for the audit trail.
    pub(crate) fn actor_label(&self) -> String {
        self.actor.to_string()
    }

    /// The sync remote, when sync is on.
    pub(crate) fn remote(&self) -> Option<&crate::sync::Remote> {
        self.inner.remote.as_ref()
    }

    /// Why settings ask for sync but this process cannot run it (no access keys), if so.
    pub(crate) fn remote_unavailable(&self) -> Option<&str> {
        self.inner.remote_unavailable.as_deref()
    }

    pub fn store(&self) -> &Store {
        &self.inner.store
    }

    pub fn data_dir(&self) -> &Path {
        self.inner.store.data_dir()
    }

    /// Where `settings.json` is (the data dir given at open, even when records live elsewhere).
    pub fn settings_path(&self) -> &Path {
        &self.inner.settings_path
    }

    pub fn now(&self) -> DateTime<Utc> {
        // Millisecond precision keeps stored timestamps short and stable.
        let n = (self.inner.clock)();
        DateTime::from_timestamp_millis(n.timestamp_millis()).unwrap_or(n)
    }

    /// Today, in the user's zone (settings, else the OS zone, else UTC), with the day starting
    /// at `planner.dayStartsAt` (default 04:00): at 01:30 it is still yesterday. Every face and
    /// every rule (overdue, "tomorrow", new day) uses this one reading.
    pub async fn today(&self) -> Today {
        let (zone, _) = *self.inner.zone.read().await;
        let start = self.inner.settings.read().await.day_starts_at();
        Today::at_day_start(self.now(), zone, start)
    }

    pub(crate) async fn local_time(&self) -> NaiveTime {
        let (zone, _) = *self.inner.zone.read().await;
        self.now().with_timezone(&zone).time()
    }

    pub(crate) async fn date_or_today(&self, date: Option<DayDate>) -> DayDate {
        match date {
            Some(d) => d,
            None => DayDate::new(self.today().await.date),
        }
    }

    pub(crate) fn new_todo_id(&self) -> TodoId {
        let now = self.now();
        // Not a v4's bytes 6 and 8 (version, variant): short ids are random from the first.
        let b = *uuid::Uuid::new_v4().as_bytes();
        let random: [u8; 10] = std::array::from_fn(|i| b[if i < 6 { i } else { i + 3 }]);
        TodoId::new_v7(u64::try_from(now.timestamp_millis()).unwrap_or(0), random)
    }

    // ----- todos -----

    /// Reads a todo id given for `field`: a whole UUID, or a unique start or end of at least
    /// [`MIN_ID_PREFIX`] characters (lists show the last 8, the random part of a UUID v7).
    pub async fn resolve_id(&self, field: &str, id: &str) -> Result<TodoId> {
        let t = id.trim().to_ascii_lowercase();
        if let Ok(full) = TodoId::parse(field, &t) {
            return Ok(full);
        }
        if t.len() < MIN_ID_PREFIX
            || t.len() > 36
            || !t.chars().all(|c| c.is_ascii_hexdigit() || c == '-')
        {
            // Short ids work here, so the rule names them too (not only a whole UUID).
            return Err(ValidationError::new(
                field,
                format!(
                    "must be a todo id: the 8 characters a list shows (like 4d5e6f7a; at \
                     least {MIN_ID_PREFIX}), or the whole UUID; got {id:?}"
                ),
            )
            .into());
        }
        let matches: Vec<TodoId> = self
            .inner
            .store
            .read(|r| {
                r.todos()
                    .map(|x| x.id)
                    .filter(|x| {
                        let s = x.to_string();
                        s.starts_with(&t) || s.ends_with(&t)
                    })
                    .take(3)
                    .collect()
            })
            .await?;
        match matches.as_slice() {
            [one] => Ok(*one),
            [] => Err(ServiceError::NotFound {
                what: "todo",
                id: id.to_owned(),
            }),
            _ => Err(ValidationError::new(
                field,
                format!("{id:?} matches several todo ids; give more characters"),
            )
            .into()),
        }
    }

    /// Adds one todo.
    pub async fn add_todo(&self, input: NewTodo) -> Result<Todo> {
        let mut v = self.add_todos(vec![input]).await?;
        v.pop()
            .ok_or_else(|| ServiceError::Internal("no todo was added".into()))
    }

    /// Adds several todos at once: all are validated before any is written.
    pub async fn add_todos(&self, mut inputs: Vec<NewTodo>) -> Result<Vec<Todo>> {
        check_batch("todos", inputs.len())?;
        // A repeating todo with no date starts on the rule's first day from today.
        for t in &mut inputs {
            if let (Some(r), None, None) = (&t.repeat, t.when, t.due) {
                t.when = Some(self.first_occurrence(r).await?);
            }
        }
        let now = self.now();
        let default = self.default_reminders().await;
        let (zone, _) = self.zone().await;
        let strict: Vec<Option<String>> = inputs.iter().map(|t| t.project.clone()).collect();
        let todos = inputs
            .into_iter()
            .enumerate()
            .map(|(i, t)| {
                let explicit = t.reminders.is_some();
                let built = t.into_todo(self.new_todo_id(), now).and_then(|mut todo| {
                    if explicit {
                        let r = &todo.reminders;
                        valet_core::reminders::check_for("reminders", r, &todo, zone)?;
                    } else {
                        todo.adopt_default_reminders(None, &default);
                        todo.rearm_reminders(None, now);
                    }
                    Ok(todo)
                });
                built.map_err(|e| e.within(&format!("todos[{i}]")))
            })
            .collect::<std::result::Result<Vec<_>, _>>()
            .map_err(|e| single_unwrap(e, "todos[0]."))?;
        self.inner
            .store
            .mutate(&self.actor, |r| {
                let mut todos = todos;
                let mut named: Vec<_> = todos
                    .iter_mut()
                    .zip(strict.iter().map(Option::as_deref))
                    .collect();
                let mut changes =
                    crate::projects::ensure_projects(r, &mut named, now).map_err(|(i, e)| {
                        single_unwrap(e.within(&format!("todos[{i}]")), "todos[0].")
                    })?;
                changes.extend(todos.iter().cloned().map(|t| Change::Put(Record::Todo(t))));
                Ok::<_, ServiceError>((changes, todos))
            })
            .await
    }

    pub async fn get_todo(&self, id: &str) -> Result<Todo> {
        let id = self.resolve_id("id", id).await?;
        self.inner
            .store
            .read(|r| r.todo(id).cloned())
            .await?
            .ok_or_else(|| not_found_todo(id))
    }

    /// Changes one todo. Returns it as stored.
    pub async fn update_todo(&self, id: &str, patch: TodoPatch) -> Result<Todo> {
        let mut v = self.update_todos(vec![(id.to_owned(), patch)]).await?;
        v.pop()
            .ok_or_else(|| ServiceError::Internal("no todo was updated".into()))
    }

    /// Changes several todos at once; if any id is unknown or any change invalid, none is written.
    pub async fn update_todos(&self, patches: Vec<(String, TodoPatch)>) -> Result<Vec<Todo>> {
        check_batch("updates", patches.len())?;
        let single = patches.len() == 1;
        let mut parsed = Vec::with_capacity(patches.len());
        for (i, (id, p)) in patches.into_iter().enumerate() {
            let field = if single {
                "id".to_owned()
            } else {
                format!("updates[{i}].id")
            };
            let mut p = p;
            crate::organize::fill_step_ids(&mut p.steps);
            parsed.push((self.resolve_id(&field, &id).await?, p));
        }
        let now = self.now();
        let today = DayDate::new(self.today().await.date);
        let default = self.default_reminders().await;
        let (zone, _) = self.zone().await;
        self.inner
            .store
            .mutate(&self.actor, |r| {
                let mut changes = Vec::new();
                let mut out = Vec::new();
                // Today's plan is copied only when a linked task has to follow a todo.
                let mut plan: Option<DayPlan> = None;
                let mut plan_changed = false;
                for (i, (id, patch)) in parsed.iter().enumerate() {
                    let cur = r.todo(*id).ok_or_else(|| not_found_todo(*id))?;
                    let within = |e: ValidationError| {
                        if single {
                            e
                        } else {
                            e.within(&format!("updates[{i}]"))
                        }
                    };
                    let (mut next, mut changed) = patch.apply(cur, now).map_err(within)?;
                    if patch.reminders.is_some() {
                        let r = &next.reminders;
                        valet_core::reminders::check_for("reminders", r, &next, zone)
                            .map_err(within)?;
                    } else {
                        next.adopt_default_reminders(Some(cur), &default);
                        next.rearm_reminders(Some(cur), now);
                        changed = next != *cur;
                    }
                    if changed {
                        // A plan task linked to this todo is the same thing: tick it too.
                        let done = next.status == TodoStatus::Completed;
                        let behind = |p: &DayPlan| {
                            p.tasks
                                .iter()
                                .any(|t| t.todo == Some(*id) && t.done != done)
                        };
                        if plan.is_none() && r.plan(today).is_some_and(behind) {
                            plan = r.plan(today).cloned();
                        }
                        if let Some(p) = plan.as_mut() {
                            for t in p.tasks.iter_mut().filter(|t| t.todo == Some(*id)) {
                                if t.done != done {
                                    t.done = done;
                                    plan_changed = true;
                                }
                            }
                        }
                        // Completing an occurrence of a repeating todo makes the next one.
                        if next.status == TodoStatus::Completed && cur.status.is_open() {
                            let nt = crate::repeat::next_occurrence(r, &next, today.date(), now)
                                .map_err(|e| e.within(&format!("updates[{i}].repeat")))?;
                            let key = nt.as_ref().map(|nt| valet_core::RecordKey::todo(nt.id));
                            if let Some(nt) = nt
                                .filter(|_| !changes.iter().any(|c: &Change| Some(c.key()) == key))
                            {
                                changes.push(Change::Put(Record::Todo(nt)));
                            }
                        }
                        changes.push(Change::Put(Record::Todo(next.clone())));
                    }
                    out.push(next);
                }
                if let (Some(mut p), true) = (plan, plan_changed) {
                    p.updated_at = now;
                    changes.push(Change::Put(Record::Plan(p)));
                }
                // A todo moved to a project: the project's record and spelling.
                let (idx, mut moved): (Vec<usize>, Vec<_>) = parsed
                    .iter()
                    .zip(out.iter_mut())
                    .enumerate()
                    .filter(|(_, ((id, _), t))| {
                        r.todo(*id).is_some_and(|c| c.category != t.category)
                    })
                    .map(|(i, ((_, p), t))| (i, (t, p.project.as_ref().and_then(|p| p.as_deref()))))
                    .unzip();
                let extra =
                    crate::projects::ensure_projects(r, &mut moved, now).map_err(|(i, e)| {
                        if single {
                            e
                        } else {
                            e.within(&format!("updates[{}]", idx[i]))
                        }
                    })?;
                for c in changes.iter_mut() {
                    if let Change::Put(Record::Todo(t)) = c {
                        if let Some(n) = out.iter().find(|o| o.id == t.id) {
                            t.category.clone_from(&n.category);
                        }
                    }
                }
                changes.extend(extra);
                Ok::<_, ServiceError>((changes, out))
            })
            .await
    }

    pub async fn complete_todo(&self, id: &str) -> Result<Todo> {
        self.update_todo(id, TodoPatch::status(TodoStatus::Completed))
            .await
    }

    pub async fn reopen_todo(&self, id: &str) -> Result<Todo> {
        self.update_todo(id, TodoPatch::status(TodoStatus::Pending))
            .await
    }

    pub async fn add_note(&self, id: &str, note: &str) -> Result<Todo> {
        let patch = TodoPatch {
            add_notes: vec![note.to_owned()],
            ..TodoPatch::default()
        };
        self.update_todo(id, patch).await
    }

    /// Deletes a todo (a tombstone stays so the delete can sync). Returns what was deleted.
    pub async fn remove_todo(&self, id: &str) -> Result<Todo> {
        let id = self.resolve_id("id", id).await?;
        self.inner
            .store
            .mutate(&self.actor, |r| {
                let cur = r.todo(id).cloned().ok_or_else(|| not_found_todo(id))?;
                Ok::<_, ServiceError>((vec![Change::Delete(valet_core::RecordKey::todo(id))], cur))
            })
            .await
    }

    /// Deletes several todos at once; if any id is unknown, none is deleted.
    pub async fn remove_todos(&self, ids: Vec<String>) -> Result<Vec<Todo>> {
        check_batch("ids", ids.len())?;
        let mut parsed = Vec::with_capacity(ids.len());
        for (i, id) in ids.iter().enumerate() {
            let field = if ids.len() == 1 {
                "id".to_owned()
            } else {
                format!("ids[{i}]")
            };
            parsed.push(self.resolve_id(&field, id).await?);
        }
        self.inner
            .store
            .mutate(&self.actor, |r| {
                let mut out = Vec::with_capacity(parsed.len());
                let mut changes = Vec::with_capacity(parsed.len());
                for id in &parsed {
                    let cur = r.todo(*id).cloned().ok_or_else(|| not_found_todo(*id))?;
                    if !out.iter().any(|t: &Todo| t.id == *id) {
                        changes.push(Change::Delete(valet_core::RecordKey::todo(*id)));
                        out.push(cur);
                    }
                }
                Ok::<_, ServiceError>((changes, out))
            })
            .await
    }

    /// Puts a deleted todo back exactly as it was (undo of `remove_todo`).
    pub async fn restore_todo(&self, todo: Todo) -> Result<Todo> {
        todo.validate()?;
        let t = todo.clone();
        self.inner
            .store
            .mutate(&self.actor, |r| {
                if r.todo(t.id).is_some() {
                    return Err(ServiceError::Invalid(ValidationError::new(
                        "id",
                        format!("a todo with id {} exists already", t.id),
                    )));
                }
                Ok((vec![Change::Put(Record::Todo(t))], ()))
            })
            .await?;
        Ok(todo)
    }

    /// Filters, sorts and pages the todo list, in memory.
    pub async fn list_todos(&self, query: &TodoQuery) -> Result<TodoPage> {
        let today = self.today().await;
        Ok(self
            .inner
            .store
            .read(|r| query.run(r.todos(), &today))
            .await?)
    }

    pub async fn todo_counts(&self) -> Result<TodoCounts> {
        let today = self.today().await;
        Ok(self.inner.store.read(|r| counts(r, &today)).await?)
    }

    /// Every category in use by an open todo, most used first.
    pub async fn categories(&self) -> Result<Vec<(String, usize)>> {
        self.inner
            .store
            .read(|r| {
                let mut m: std::collections::HashMap<&str, usize> =
                    std::collections::HashMap::new();
                for t in r.todos().filter(|t| t.status.is_open()) {
                    *m.entry(t.category.as_str()).or_default() += 1;
                }
                let mut v: Vec<(String, usize)> =
                    m.into_iter().map(|(k, n)| (k.to_owned(), n)).collect();
                v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
                v
            })
            .await
            .map_err(Into::into)
    }

    /// The user's zone and where it came from.
    pub async fn zone(&self) -> (Tz, ZoneSource) {
        *self.inner.zone.read().await
    }

    /// Parses a due phrase ("tomorrow 9am", "next friday", "2026-12-01") in the user's zone.
    /// A due-date change as text, against today in the user's zone (see `DueText`): the one
    /// reading of due text for the app, the CLI and MCP.
    pub async fn due_text(&self, field: &str, text: &str) -> Result<valet_core::dates::DueText> {
        let today = self.today().await;
        Ok(valet_core::dates::parse_due_text(field, text, today.date)?)
    }

    pub async fn parse_due(
        &self,
        field: &str,
        text: &str,
    ) -> Result<(chrono::NaiveDate, Option<NaiveTime>)> {
        let today = self.today().await;
        Ok(valet_core::dates::parse_due(field, text, today.date)?)
    }

    // ----- search, settings, status -----

    /// Searches todos, plans, journals and archived days.
    pub async fn search(
        &self,
        text: &str,
        limit: usize,
        kinds: Vec<RecordKind>,
    ) -> Result<SearchResults> {
        self.search_in(SearchQuery {
            text: text.to_owned(),
            limit,
            kinds,
            ..SearchQuery::default()
        })
        .await
    }

    /// Searches with every filter (kinds, date range); see `valet_core::search`.
    pub async fn search_in(&self, mut q: SearchQuery) -> Result<SearchResults> {
        q.text = valet_core::error::check_text("query", &q.text, true, 500)?;
        if let (Some(f), Some(t)) = (q.from, q.to) {
            if f > t {
                return Err(ValidationError::new(
                    "from",
                    format!("must not be after `to`; got {f} > {t}"),
                )
                .into());
            }
        }
        Ok(self
            .inner
            .store
            .read(|r| q.run(r.todos(), r.plans(), r.journals(), r.archives()))
            .await?)
    }

    pub async fn settings(&self) -> Settings {
        self.inner.settings.read().await.clone()
    }

    /// Changes settings with `f`, validates them and writes `settings.json` atomically.
    pub async fn update_settings(&self, f: impl FnOnce(&mut Settings)) -> Result<Settings> {
        self.try_update_settings(|s| {
            f(s);
            Ok(())
        })
        .await
    }

    /// [`Valet::update_settings`] with a change that can be refused: nothing is written then.
    pub async fn try_update_settings(
        &self,
        f: impl FnOnce(&mut Settings) -> std::result::Result<(), ValidationError>,
    ) -> Result<Settings> {
        let mut s = self.inner.settings.write().await;
        // Start from the file, so edits made by another process are not undone.
        let mut next = read_settings(&self.inner.settings_path)?;
        f(&mut next)?;
        next.validate()?;
        let bytes = serde_json::to_vec_pretty(&next)
            .map_err(|e| ServiceError::Internal(format!("could not encode settings: {e}")))?;
        write_atomic(&self.inner.settings_path, &bytes)?;
        *self.inner.zone.write().await = resolve_zone(next.timezone(), os_zone().as_deref());
        *s = next.clone();
        Ok(next)
    }

    pub async fn status(&self) -> Result<Status> {
        let today = self.today().await;
        let (zone, source) = *self.inner.zone.read().await;
        let store = &self.inner.store;
        let (todos, plans, journals, archives, all_plans, all_journals) = store
            .read(|r| {
                (
                    counts(r, &today),
                    r.plans().filter(|p| !p.is_empty()).count(),
                    r.journals().filter(|j| !j.is_empty()).count(),
                    r.archives().count(),
                    r.plans().count(),
                    r.journals().count(),
                )
            })
            .await?;
        Ok(Status {
            data_dir: store.data_dir().display().to_string(),
            backend: store.backend(),
            device: store.device().to_owned(),
            time_zone: zone.name().to_owned(),
            time_zone_source: source,
            today: DayDate::new(today.date),
            todos,
            days_with_plan: plans,
            days_with_journal: journals,
            archived_days: archives,
            plans: all_plans,
            journals: all_journals,
            version: env!("CARGO_PKG_VERSION"),
        })
    }

    /// Re-scans every record, quarantines unreadable files and reports.
    pub async fn doctor(&self) -> Result<DoctorReport> {
        Ok(self.inner.store.doctor().await?)
    }
}

pub(crate) fn not_found_todo(id: TodoId) -> ServiceError {
    ServiceError::NotFound {
        what: "todo",
        id: id.to_string(),
    }
}

pub(crate) fn check_batch(field: &str, n: usize) -> Result<()> {
    if n == 0 {
        return Err(ValidationError::new(field, "must contain at least one item").into());
    }
    if n > MAX_BATCH {
        return Err(ValidationError::new(
            field,
            format!("must contain at most {MAX_BATCH} items; got {n}"),
        )
        .into());
    }
    Ok(())
}

/// For a batch of one, report `content` rather than `todos[0].content`.
pub(crate) fn single_unwrap(mut e: ValidationError, prefix: &str) -> ValidationError {
    if let Some(rest) = e.field.strip_prefix(prefix) {
        e.field = rest.to_owned();
    }
    e
}

/// Writes a settings file atomically, ending in a newline (the store's temp-fsync-rename).
fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut text = Vec::with_capacity(bytes.len() + 1);
    text.extend_from_slice(bytes);
    text.push(b'\n');
    Ok(valet_store::write_atomic(path, &text)?)
}
