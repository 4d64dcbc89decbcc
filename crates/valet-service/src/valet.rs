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
    ArchivedDay, DayDate, DayEdit, DayFile, DayPlan, JournalDay, NewTodo, RecordKind, SearchQuery,
    SectionUpdate, Settings, Status as TodoStatus, Today, Todo, TodoId, TodoPage, TodoPatch,
    TodoQuery, ValidationError,
};
use valet_store::{BackendInfo, Change, DoctorReport, Record, Records, Store, StoreOptions};

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
}

/// A day: its plan, journal and archived copy, whichever exist.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DayView {
    pub date: DayDate,
    pub is_today: bool,
    pub plan: Option<DayPlan>,
    pub journal: Option<JournalDay>,
    pub archived: Option<ArchivedDay>,
}

/// What `new_day` did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NewDayReport {
    pub date: DayDate,
    /// The most recent earlier day with a plan or journal, if any.
    pub previous: Option<DayDate>,
    /// True only when an archive record was written by this call.
    pub archived: bool,
    /// Why nothing was archived, when nothing was.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub archive_note: Option<String>,
    /// Open plan tasks copied from the previous day.
    pub carried_over: usize,
}

/// A day that has content, for calendars and lists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DaySummary {
    pub date: DayDate,
    pub has_plan: bool,
    pub has_journal: bool,
    pub archived: bool,
    pub open_tasks: usize,
    pub done_tasks: usize,
    pub journal_entries: usize,
}

/// Counts of the todo list as of today.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct TodoCounts {
    pub open: usize,
    pub in_progress: usize,
    pub completed: usize,
    pub overdue: usize,
    pub due_today: usize,
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

    /// Today, in the user's zone (settings, else the OS zone, else UTC).
    pub async fn today(&self) -> Today {
        let (zone, _) = *self.inner.zone.read().await;
        Today::at(self.now(), zone)
    }

    async fn local_time(&self) -> NaiveTime {
        let (zone, _) = *self.inner.zone.read().await;
        self.now().with_timezone(&zone).time()
    }

    pub(crate) async fn date_or_today(&self, date: Option<DayDate>) -> DayDate {
        match date {
            Some(d) => d,
            None => DayDate::new(self.today().await.date),
        }
    }

    fn new_todo_id(&self) -> TodoId {
        let now = self.now();
        let mut random = [0u8; 10];
        random.copy_from_slice(&uuid::Uuid::new_v4().as_bytes()[..10]);
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
            return Err(TodoId::parse(field, id)
                .err()
                .map(Into::into)
                .unwrap_or_else(|| {
                    ValidationError::new(field, format!("must be a todo id; got {id:?}")).into()
                }));
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
    pub async fn add_todos(&self, inputs: Vec<NewTodo>) -> Result<Vec<Todo>> {
        check_batch("todos", inputs.len())?;
        let now = self.now();
        let todos = inputs
            .into_iter()
            .enumerate()
            .map(|(i, t)| {
                t.into_todo(self.new_todo_id(), now)
                    .map_err(|e| e.within(&format!("todos[{i}]")))
            })
            .collect::<std::result::Result<Vec<_>, _>>()
            .map_err(|e| single_unwrap(e, "todos[0]."))?;
        let changes = todos
            .iter()
            .cloned()
            .map(|t| Change::Put(Record::Todo(t)))
            .collect();
        self.inner
            .store
            .mutate(&self.actor, |_| Ok::<_, ServiceError>((changes, ())))
            .await?;
        Ok(todos)
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
            parsed.push((self.resolve_id(&field, &id).await?, p));
        }
        let now = self.now();
        self.inner
            .store
            .mutate(&self.actor, |r| {
                let mut changes = Vec::new();
                let mut out = Vec::new();
                for (i, (id, patch)) in parsed.iter().enumerate() {
                    let cur = r.todo(*id).ok_or_else(|| not_found_todo(*id))?;
                    let (next, changed) = patch.apply(cur, now).map_err(|e| {
                        if single {
                            e
                        } else {
                            e.within(&format!("updates[{i}]"))
                        }
                    })?;
                    if changed {
                        changes.push(Change::Put(Record::Todo(next.clone())));
                    }
                    out.push(next);
                }
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

    // ----- days -----

    /// A day's plan, journal and archived copy (today when `date` is `None`).
    pub async fn day(&self, date: Option<DayDate>) -> Result<DayView> {
        let date = self.date_or_today(date).await;
        let today = DayDate::new(self.today().await.date);
        Ok(self
            .inner
            .store
            .read(|r| DayView {
                date,
                is_today: date == today,
                plan: r.plan(date).cloned(),
                journal: r.journal(date).cloned(),
                archived: r.archive(date).cloned(),
            })
            .await?)
    }

    /// Applies section edits to a day's planner or journal; all succeed or nothing is written.
    pub async fn update_day(
        &self,
        date: Option<DayDate>,
        file: DayFile,
        updates: Vec<SectionUpdate>,
        keywords: Vec<String>,
    ) -> Result<DayView> {
        if updates.is_empty() && keywords.is_empty() {
            return Err(ValidationError::new("updates", "must contain at least one update").into());
        }
        check_batch("updates", updates.len())?;
        let date = self.date_or_today(date).await;
        let now = self.now();
        let local = self.local_time().await;
        let single = updates.len() == 1;
        let field = |i: usize, e: ValidationError| {
            if single {
                e
            } else {
                e.within(&format!("updates[{i}]"))
            }
        };
        self.inner
            .store
            .mutate(&self.actor, |r| {
                let mut ids = element_ids();
                let change = match file {
                    DayFile::Planner => {
                        let mut p = r
                            .plan(date)
                            .cloned()
                            .unwrap_or_else(|| DayPlan::new(date, now));
                        for (i, u) in updates.iter().enumerate() {
                            p.apply(u, &mut ids).map_err(|e| field(i, e))?;
                        }
                        merge_keywords(&mut p.keywords, &keywords)?;
                        p.updated_at = now;
                        Change::Put(Record::Plan(p))
                    }
                    DayFile::Journal => {
                        let mut j = r
                            .journal(date)
                            .cloned()
                            .unwrap_or_else(|| JournalDay::new(date, now));
                        for (i, u) in updates.iter().enumerate() {
                            j.apply(u, local, &mut ids).map_err(|e| field(i, e))?;
                        }
                        merge_keywords(&mut j.keywords, &keywords)?;
                        j.updated_at = now;
                        Change::Put(Record::Journal(j))
                    }
                };
                Ok::<_, ServiceError>((vec![change], ()))
            })
            .await?;
        self.day(Some(date)).await
    }

    /// Applies structured edits to a day's plan and journal together: all or nothing.
    pub async fn edit_day(&self, date: Option<DayDate>, edit: DayEdit) -> Result<DayView> {
        if edit.is_empty() {
            return Err(ValidationError::new("edit", "must change at least one thing").into());
        }
        let date = self.date_or_today(date).await;
        let now = self.now();
        let local = self.local_time().await;
        self.inner
            .store
            .mutate(&self.actor, |r| {
                let mut ids = element_ids();
                let mut changes = Vec::new();
                if edit.touches_plan() {
                    let mut p = r
                        .plan(date)
                        .cloned()
                        .unwrap_or_else(|| DayPlan::new(date, now));
                    edit.apply_plan(&mut p, &mut ids)?;
                    p.updated_at = now;
                    changes.push(Change::Put(Record::Plan(p)));
                }
                if edit.touches_journal() {
                    let mut j = r
                        .journal(date)
                        .cloned()
                        .unwrap_or_else(|| JournalDay::new(date, now));
                    edit.apply_journal(&mut j, local, &mut ids)?;
                    j.updated_at = now;
                    changes.push(Change::Put(Record::Journal(j)));
                }
                Ok::<_, ServiceError>((changes, ()))
            })
            .await?;
        self.day(Some(date)).await
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

    /// Sets a plan task's done state by its id.
    pub async fn set_plan_task(
        &self,
        date: Option<DayDate>,
        task_id: &str,
        done: bool,
    ) -> Result<DayView> {
        let date = self.date_or_today(date).await;
        let now = self.now();
        self.inner
            .store
            .mutate(&self.actor, |r| {
                let mut p = r.plan(date).cloned().ok_or(ServiceError::NotFound {
                    what: "plan",
                    id: date.to_string(),
                })?;
                let t = p
                    .tasks
                    .iter_mut()
                    .find(|t| t.id == task_id)
                    .ok_or_else(|| ServiceError::NotFound {
                        what: "plan task",
                        id: format!("{task_id} on {date}"),
                    })?;
                if t.done == done {
                    return Ok((vec![], ()));
                }
                t.done = done;
                p.updated_at = now;
                Ok::<_, ServiceError>((vec![Change::Put(Record::Plan(p))], ()))
            })
            .await?;
        self.day(Some(date)).await
    }

    /// Days that have a plan, a journal or an archive, newest first.
    pub async fn days(&self, limit: Option<usize>) -> Result<Vec<DaySummary>> {
        Ok(self
            .inner
            .store
            .read(|r| {
                let mut dates: std::collections::BTreeSet<DayDate> =
                    std::collections::BTreeSet::new();
                dates.extend(r.plans().filter(|p| !p.is_empty()).map(|p| p.date));
                dates.extend(r.journals().filter(|j| !j.is_empty()).map(|j| j.date));
                dates.extend(r.archives().map(|a| a.date));
                dates
                    .into_iter()
                    .rev()
                    .take(limit.unwrap_or(usize::MAX))
                    .map(|d| {
                        let p = r.plan(d);
                        let j = r.journal(d);
                        DaySummary {
                            date: d,
                            has_plan: p.is_some_and(|p| !p.is_empty()),
                            has_journal: j.is_some_and(|j| !j.is_empty()),
                            archived: r.archive(d).is_some(),
                            open_tasks: p
                                .map(|p| p.tasks.iter().filter(|t| !t.done).count())
                                .unwrap_or(0),
                            done_tasks: p
                                .map(|p| p.tasks.iter().filter(|t| t.done).count())
                                .unwrap_or(0),
                            journal_entries: j.map(|j| j.entries.len()).unwrap_or(0),
                        }
                    })
                    .collect()
            })
            .await?)
    }

    // ----- search, settings, status -----

    /// Searches todos, plans, journals and archived days.
    pub async fn search(
        &self,
        text: &str,
        limit: usize,
        kinds: Vec<RecordKind>,
    ) -> Result<SearchResults> {
        let text = valet_core::error::check_text("query", text, true, 500)?;
        let q = SearchQuery { text, limit, kinds };
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
        let mut s = self.inner.settings.write().await;
        // Start from the file, so edits made by another process are not undone.
        let mut next = read_settings(&self.inner.settings_path)?;
        f(&mut next);
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
        let (todos, plans, journals, archives) = store
            .read(|r| {
                (
                    counts(r, &today),
                    r.plans().filter(|p| !p.is_empty()).count(),
                    r.journals().filter(|j| !j.is_empty()).count(),
                    r.archives().count(),
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
            version: env!("CARGO_PKG_VERSION"),
        })
    }

    /// Re-scans every record, quarantines unreadable files and reports.
    pub async fn doctor(&self) -> Result<DoctorReport> {
        Ok(self.inner.store.doctor().await?)
    }
}

fn counts(r: &Records, today: &Today) -> TodoCounts {
    let mut c = TodoCounts::default();
    for t in r.todos() {
        match t.status {
            TodoStatus::Completed => c.completed += 1,
            s => {
                c.open += 1;
                if s == TodoStatus::InProgress {
                    c.in_progress += 1;
                }
                match t.due {
                    Some(d) if d < today.date => c.overdue += 1,
                    Some(d) if d == today.date => c.due_today += 1,
                    _ => {}
                }
            }
        }
    }
    c
}

fn not_found_todo(id: TodoId) -> ServiceError {
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

fn merge_keywords(
    have: &mut Vec<String>,
    add: &[String],
) -> std::result::Result<(), ValidationError> {
    for (i, k) in add.iter().enumerate() {
        let k = valet_core::error::check_text(&format!("keywords[{i}]"), k, true, 100)?;
        if !have.iter().any(|h| h.eq_ignore_ascii_case(&k)) {
            have.push(k);
        }
    }
    Ok(())
}

/// Writes a local file atomically: temp file, flush to disk, rename.
fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    use std::io::Write;
    let io = |e: std::io::Error| ServiceError::Io {
        path: path.display().to_string(),
        source: e,
    };
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(io)?;
    }
    let tmp = path.with_extension(format!("json.{}.tmp", std::process::id()));
    let mut f = std::fs::File::create(&tmp).map_err(io)?;
    f.write_all(bytes).map_err(io)?;
    f.write_all(b"\n").map_err(io)?;
    f.sync_all().map_err(io)?;
    std::fs::rename(&tmp, path).map_err(io)?;
    Ok(())
}
