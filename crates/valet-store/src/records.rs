//! The in-memory index of every record (tombstones included), and the changes a mutation asks for.

use std::collections::{BTreeMap, HashMap};

use valet_core::changes::{self, FieldChange};
use valet_core::merge::{changed_fields, Version};

use valet_core::record::DecodeError;
use valet_core::{
    ArchivedDay, DayDate, DayPlan, Envelope, Hlc, JournalDay, Project, ProjectId, RecordKey,
    RecordKind, Todo, TodoId,
};

/// A record's data, of any kind.
// Records are built once and moved into the store; boxing them would only add indirection.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum Record {
    Todo(Todo),
    Plan(DayPlan),
    Journal(JournalDay),
    Archive(ArchivedDay),
    Project(Project),
}

impl Record {
    pub fn key(&self) -> RecordKey {
        match self {
            Record::Todo(t) => RecordKey::todo(t.id),
            Record::Plan(p) => RecordKey::day(RecordKind::Plan, p.date),
            Record::Journal(j) => RecordKey::day(RecordKind::Journal, j.date),
            Record::Archive(a) => RecordKey::day(RecordKind::Archive, a.date),
            Record::Project(p) => RecordKey::project(p.id),
        }
    }
}

/// What a mutation does to one record.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    Put(Record),
    Delete(RecordKey),
    /// The result of a sync merge, written as given (clocks, conflicts and all).
    Synced(RecordKey, Version),
}

impl Change {
    pub fn key(&self) -> RecordKey {
        match self {
            Change::Put(r) => r.key(),
            Change::Delete(k) | Change::Synced(k, _) => k.clone(),
        }
    }
}

/// Every record of a replica, by kind. Deleted records stay as tombstones (`data: None`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Records {
    pub todos: HashMap<TodoId, Envelope<Todo>>,
    pub plans: BTreeMap<DayDate, Envelope<DayPlan>>,
    pub journals: BTreeMap<DayDate, Envelope<JournalDay>>,
    pub archives: BTreeMap<DayDate, Envelope<ArchivedDay>>,
    pub projects: BTreeMap<ProjectId, Envelope<Project>>,
}

fn live<K, T>(m: impl IntoIterator<Item = (K, Envelope<T>)>) -> Vec<T> {
    m.into_iter().filter_map(|(_, e)| e.data).collect()
}

impl Records {
    /// Live todos, in no particular order.
    pub fn todos(&self) -> impl Iterator<Item = &Todo> {
        self.todos.values().filter_map(|e| e.data.as_ref())
    }

    pub fn todo(&self, id: TodoId) -> Option<&Todo> {
        self.todos.get(&id).and_then(|e| e.data.as_ref())
    }

    pub fn plans(&self) -> impl DoubleEndedIterator<Item = &DayPlan> {
        self.plans.values().filter_map(|e| e.data.as_ref())
    }

    pub fn plan(&self, d: DayDate) -> Option<&DayPlan> {
        self.plans.get(&d).and_then(|e| e.data.as_ref())
    }

    pub fn journals(&self) -> impl DoubleEndedIterator<Item = &JournalDay> {
        self.journals.values().filter_map(|e| e.data.as_ref())
    }

    pub fn journal(&self, d: DayDate) -> Option<&JournalDay> {
        self.journals.get(&d).and_then(|e| e.data.as_ref())
    }

    pub fn archives(&self) -> impl DoubleEndedIterator<Item = &ArchivedDay> {
        self.archives.values().filter_map(|e| e.data.as_ref())
    }

    pub fn archive(&self, d: DayDate) -> Option<&ArchivedDay> {
        self.archives.get(&d).and_then(|e| e.data.as_ref())
    }

    /// Live projects and areas, by id.
    pub fn projects(&self) -> impl DoubleEndedIterator<Item = &Project> {
        self.projects.values().filter_map(|e| e.data.as_ref())
    }

    pub fn project(&self, id: ProjectId) -> Option<&Project> {
        self.projects.get(&id).and_then(|e| e.data.as_ref())
    }

    /// How many live records of each kind.
    pub fn counts(&self) -> [(RecordKind, usize); 5] {
        [
            (RecordKind::Todo, self.todos().count()),
            (RecordKind::Plan, self.plans().count()),
            (RecordKind::Journal, self.journals().count()),
            (RecordKind::Archive, self.archives().count()),
            (RecordKind::Project, self.projects().count()),
        ]
    }

    /// The revision and clock a record has now, live or tombstone.
    pub fn meta(&self, key: &RecordKey) -> Option<(u64, &Hlc)> {
        fn m<T>(e: Option<&Envelope<T>>) -> Option<(u64, &Hlc)> {
            e.map(|e| (e.rev, &e.clock))
        }
        match key.kind() {
            RecordKind::Todo => TodoId::parse("id", key.id())
                .ok()
                .and_then(|id| m(self.todos.get(&id))),
            RecordKind::Project => ProjectId::parse("id", key.id())
                .ok()
                .and_then(|id| m(self.projects.get(&id))),
            k => {
                let d = DayDate::parse("date", key.id()).ok()?;
                match k {
                    RecordKind::Plan => m(self.plans.get(&d)),
                    RecordKind::Journal => m(self.journals.get(&d)),
                    _ => m(self.archives.get(&d)),
                }
            }
        }
    }

    /// The newest clock of any record, so new clocks never go back after a restart.
    pub fn max_clock(&self) -> Option<&Hlc> {
        let t = self.todos.values().map(|e| &e.clock);
        let p = self.plans.values().map(|e| &e.clock);
        let j = self.journals.values().map(|e| &e.clock);
        let a = self.archives.values().map(|e| &e.clock);
        let l = self.projects.values().map(|e| &e.clock);
        t.chain(p).chain(j).chain(a).chain(l).max()
    }

    /// Decodes stored bytes for `key`, validates the data and puts it in the index.
    pub fn load(&mut self, key: &RecordKey, bytes: &[u8]) -> Result<(), DecodeError> {
        match key.kind() {
            RecordKind::Todo => {
                let e: Envelope<Todo> = Envelope::decode(key, bytes)?;
                if let Some(t) = &e.data {
                    t.validate_stored().map_err(DecodeError::Invalid)?;
                }
                let id = TodoId::parse("id", key.id()).map_err(DecodeError::Invalid)?;
                self.todos.insert(id, e);
            }
            RecordKind::Project => {
                let e: Envelope<Project> = Envelope::decode(key, bytes)?;
                if let Some(p) = &e.data {
                    p.validate_stored().map_err(DecodeError::Invalid)?;
                }
                let id = ProjectId::parse("id", key.id()).map_err(DecodeError::Invalid)?;
                self.projects.insert(id, e);
            }
            k => {
                let d = DayDate::parse("date", key.id()).map_err(DecodeError::Invalid)?;
                match k {
                    RecordKind::Plan => {
                        self.plans.insert(d, Envelope::decode(key, bytes)?);
                    }
                    RecordKind::Journal => {
                        self.journals.insert(d, Envelope::decode(key, bytes)?);
                    }
                    _ => {
                        self.archives.insert(d, Envelope::decode(key, bytes)?);
                    }
                }
            }
        }
        Ok(())
    }

    /// Forgets a record whose file is gone.
    pub fn forget(&mut self, key: &RecordKey) {
        match key.kind() {
            RecordKind::Todo => {
                if let Ok(id) = TodoId::parse("id", key.id()) {
                    self.todos.remove(&id);
                }
            }
            RecordKind::Project => {
                if let Ok(id) = ProjectId::parse("id", key.id()) {
                    self.projects.remove(&id);
                }
            }
            k => {
                if let Ok(d) = DayDate::parse("date", key.id()) {
                    match k {
                        RecordKind::Plan => self.plans.remove(&d).map(|_| ()),
                        RecordKind::Journal => self.journals.remove(&d).map(|_| ()),
                        _ => self.archives.remove(&d).map(|_| ()),
                    };
                }
            }
        }
    }

    /// Builds the envelope a change produces (next revision, given clock, field clocks of the
    /// fields that changed) and stores it in the index. Returns the revision and the bytes to write.
    pub fn apply(
        &mut self,
        change: &Change,
        clock: Hlc,
    ) -> Result<(u64, Vec<u8>, Vec<FieldChange>), serde_json::Error> {
        let key = change.key();
        let rev = match self.meta(&key) {
            Some((r, _)) => r.checked_add(1).ok_or_else(|| {
                serde::de::Error::custom(format!("{key}: rev {r} cannot go higher"))
            })?,
            None => 1,
        };
        let (bytes, fields) = match change {
            Change::Put(Record::Todo(t)) => {
                let (e, fields) = next(self.todos.get(&t.id), &key, rev, clock, Some(t.clone()))?;
                let b = e.encode()?;
                self.todos.insert(t.id, e);
                (b, fields)
            }
            Change::Put(Record::Plan(p)) => {
                let (e, fields) = next(self.plans.get(&p.date), &key, rev, clock, Some(p.clone()))?;
                let b = e.encode()?;
                self.plans.insert(p.date, e);
                (b, fields)
            }
            Change::Put(Record::Journal(j)) => {
                let (e, fields) = next(
                    self.journals.get(&j.date),
                    &key,
                    rev,
                    clock,
                    Some(j.clone()),
                )?;
                let b = e.encode()?;
                self.journals.insert(j.date, e);
                (b, fields)
            }
            Change::Put(Record::Archive(a)) => {
                let (e, fields) = next(
                    self.archives.get(&a.date),
                    &key,
                    rev,
                    clock,
                    Some(a.clone()),
                )?;
                let b = e.encode()?;
                self.archives.insert(a.date, e);
                (b, fields)
            }
            Change::Put(Record::Project(p)) => {
                let (e, fields) =
                    next(self.projects.get(&p.id), &key, rev, clock, Some(p.clone()))?;
                let b = e.encode()?;
                self.projects.insert(p.id, e);
                (b, fields)
            }
            Change::Delete(k) => (self.tombstone(k, rev, clock)?, Vec::new()),
            Change::Synced(k, v) => {
                // What the merge changed here, for the audit trail ("by sync: ...").
                let before = self.version(k).and_then(|o| o.data);
                let fields = changes::diff(before.as_ref(), v.data.as_ref());
                let env = Envelope {
                    format: valet_core::FORMAT_VERSION,
                    kind: k.kind(),
                    id: k.id().to_owned(),
                    rev,
                    clock: v.clock.clone(),
                    deleted: v.data.is_none(),
                    field_clocks: v
                        .field_clocks
                        .iter()
                        .filter(|(_, c)| **c != v.clock)
                        .map(|(f, c)| (f.clone(), c.clone()))
                        .collect(),
                    conflicts: v.conflicts.clone(),
                    data: v.data.clone(),
                };
                let b = env.encode()?;
                if let Err(e) = self.load(k, &b) {
                    return Err(serde::de::Error::custom(format!(
                        "merged {k} does not decode: {e}"
                    )));
                }
                (b, fields)
            }
        };
        Ok((rev, bytes, fields))
    }

    fn tombstone(
        &mut self,
        k: &RecordKey,
        rev: u64,
        clock: Hlc,
    ) -> Result<Vec<u8>, serde_json::Error> {
        Ok(match k.kind() {
            RecordKind::Todo => {
                let id = TodoId::parse("id", k.id()).map_err(serde::de::Error::custom)?;
                let (e, _) = next::<Todo>(self.todos.get(&id), k, rev, clock, None)?;
                let b = e.encode()?;
                self.todos.insert(id, e);
                b
            }
            RecordKind::Project => {
                let id = ProjectId::parse("id", k.id()).map_err(serde::de::Error::custom)?;
                let (e, _) = next::<Project>(self.projects.get(&id), k, rev, clock, None)?;
                let b = e.encode()?;
                self.projects.insert(id, e);
                b
            }
            kind => {
                let d = DayDate::parse("date", k.id()).map_err(serde::de::Error::custom)?;
                match kind {
                    RecordKind::Plan => {
                        let (e, _) = next::<DayPlan>(self.plans.get(&d), k, rev, clock, None)?;
                        let b = e.encode()?;
                        self.plans.insert(d, e);
                        b
                    }
                    RecordKind::Journal => {
                        let (e, _) =
                            next::<JournalDay>(self.journals.get(&d), k, rev, clock, None)?;
                        let b = e.encode()?;
                        self.journals.insert(d, e);
                        b
                    }
                    _ => {
                        let (e, _) =
                            next::<ArchivedDay>(self.archives.get(&d), k, rev, clock, None)?;
                        let b = e.encode()?;
                        self.archives.insert(d, e);
                        b
                    }
                }
            }
        })
    }

    /// A record's envelope as sync sees it (data as JSON), live or tombstone.
    pub fn version(&self, key: &RecordKey) -> Option<Version> {
        fn v<T: serde::Serialize>(e: Option<&Envelope<T>>) -> Option<Version> {
            let e = e?;
            Some(Version {
                data: e.data.as_ref().and_then(|d| serde_json::to_value(d).ok()),
                clock: e.clock.clone(),
                field_clocks: e.field_clocks.clone(),
                conflicts: e.conflicts.clone(),
            })
        }
        match key.kind() {
            RecordKind::Todo => v(self.todos.get(&TodoId::parse("id", key.id()).ok()?)),
            RecordKind::Project => v(self.projects.get(&ProjectId::parse("id", key.id()).ok()?)),
            k => {
                let d = DayDate::parse("date", key.id()).ok()?;
                match k {
                    RecordKind::Plan => v(self.plans.get(&d)),
                    RecordKind::Journal => v(self.journals.get(&d)),
                    _ => v(self.archives.get(&d)),
                }
            }
        }
    }

    /// Every record's key, tombstones included.
    pub fn keys(&self) -> Vec<RecordKey> {
        let mut out: Vec<RecordKey> = self.todos.keys().map(|id| RecordKey::todo(*id)).collect();
        out.extend(
            self.plans
                .keys()
                .map(|d| RecordKey::day(RecordKind::Plan, *d)),
        );
        out.extend(
            self.journals
                .keys()
                .map(|d| RecordKey::day(RecordKind::Journal, *d)),
        );
        out.extend(
            self.archives
                .keys()
                .map(|d| RecordKey::day(RecordKind::Archive, *d)),
        );
        out.extend(self.projects.keys().map(|id| RecordKey::project(*id)));
        out
    }

    /// The keys of records that keep sync conflicts: a scan of the envelopes, without
    /// serializing any record (the status call reads it on every request).
    pub fn conflicted_keys(&self) -> Vec<RecordKey> {
        fn with<'a, K: Copy + 'a, T: 'a>(
            out: &mut Vec<RecordKey>,
            m: impl IntoIterator<Item = (&'a K, &'a Envelope<T>)>,
            key: impl Fn(K) -> RecordKey,
        ) {
            out.extend(
                m.into_iter()
                    .filter(|(_, e)| !e.conflicts.is_empty())
                    .map(|(k, _)| key(*k)),
            );
        }
        let mut out = Vec::new();
        with(&mut out, &self.todos, RecordKey::todo);
        with(&mut out, &self.plans, |d| {
            RecordKey::day(RecordKind::Plan, d)
        });
        with(&mut out, &self.journals, |d| {
            RecordKey::day(RecordKind::Journal, d)
        });
        with(&mut out, &self.archives, |d| {
            RecordKey::day(RecordKind::Archive, d)
        });
        with(&mut out, &self.projects, RecordKey::project);
        out
    }

    /// Consumes the index into its live records, for export-like callers.
    pub fn into_live(self) -> (Vec<Todo>, Vec<DayPlan>, Vec<JournalDay>, Vec<ArchivedDay>) {
        (
            live(self.todos),
            live(self.plans),
            live(self.journals),
            live(self.archives),
        )
    }
}

/// The envelope after a local write: field clocks move only for the fields that changed, and
/// only clocks that differ from the envelope's own are kept (so most files carry none).
fn next<T: serde::Serialize + Clone>(
    old: Option<&Envelope<T>>,
    key: &RecordKey,
    rev: u64,
    clock: Hlc,
    data: Option<T>,
) -> Result<(Envelope<T>, Vec<FieldChange>), serde_json::Error> {
    let mut fc = BTreeMap::new();
    let mut fields = Vec::new();
    if let (Some(o), Some(d)) = (old, &data) {
        let old_v = o.data.as_ref().map(serde_json::to_value).transpose()?;
        let new_v = serde_json::to_value(d)?;
        if let Some(ov) = old_v.as_ref().and_then(serde_json::Value::as_object) {
            for k in ov.keys() {
                fc.insert(k.clone(), o.field_clocks.get(k).unwrap_or(&o.clock).clone());
            }
        }
        for f in changed_fields(old_v.as_ref(), &new_v) {
            fc.insert(f, clock.clone());
        }
        // The audit trail's words come from the same two values (nothing serialized twice).
        fields = changes::diff(old_v.as_ref(), Some(&new_v));
    }
    fc.retain(|_, c| *c != clock);
    let envelope = Envelope {
        format: valet_core::FORMAT_VERSION,
        kind: key.kind(),
        id: key.id().to_owned(),
        rev,
        clock,
        deleted: data.is_none(),
        field_clocks: fc,
        conflicts: old.map(|o| o.conflicts.clone()).unwrap_or_default(),
        data,
    };
    Ok((envelope, fields))
}
