//! The in-memory index of every record (tombstones included), and the changes a mutation asks for.

use std::collections::{BTreeMap, HashMap};

use valet_core::record::DecodeError;
use valet_core::{
    ArchivedDay, DayDate, DayPlan, Envelope, Hlc, JournalDay, RecordKey, RecordKind, Todo, TodoId,
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
}

impl Record {
    pub fn key(&self) -> RecordKey {
        match self {
            Record::Todo(t) => RecordKey::todo(t.id),
            Record::Plan(p) => RecordKey::day(RecordKind::Plan, p.date),
            Record::Journal(j) => RecordKey::day(RecordKind::Journal, j.date),
            Record::Archive(a) => RecordKey::day(RecordKind::Archive, a.date),
        }
    }
}

/// What a mutation does to one record.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    Put(Record),
    Delete(RecordKey),
}

impl Change {
    pub fn key(&self) -> RecordKey {
        match self {
            Change::Put(r) => r.key(),
            Change::Delete(k) => k.clone(),
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

    /// How many live records of each kind.
    pub fn counts(&self) -> [(RecordKind, usize); 4] {
        [
            (RecordKind::Todo, self.todos().count()),
            (RecordKind::Plan, self.plans().count()),
            (RecordKind::Journal, self.journals().count()),
            (RecordKind::Archive, self.archives().count()),
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
        t.chain(p).chain(j).chain(a).max()
    }

    /// Decodes stored bytes for `key`, validates the data and puts it in the index.
    pub fn load(&mut self, key: &RecordKey, bytes: &[u8]) -> Result<(), DecodeError> {
        match key.kind() {
            RecordKind::Todo => {
                let e: Envelope<Todo> = Envelope::decode(key, bytes)?;
                if let Some(t) = &e.data {
                    t.validate().map_err(DecodeError::Invalid)?;
                }
                let id = TodoId::parse("id", key.id()).map_err(DecodeError::Invalid)?;
                self.todos.insert(id, e);
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

    /// Builds the envelope a change produces (next revision, given clock) and stores it in the
    /// index. Returns the bytes to write.
    pub fn apply(
        &mut self,
        change: &Change,
        clock: Hlc,
    ) -> Result<(u64, Vec<u8>), serde_json::Error> {
        let key = change.key();
        let rev = self.meta(&key).map(|(r, _)| r + 1).unwrap_or(1);
        fn env<T>(key: &RecordKey, rev: u64, clock: Hlc, data: Option<T>) -> Envelope<T> {
            Envelope {
                format: valet_core::FORMAT_VERSION,
                kind: key.kind(),
                id: key.id().to_owned(),
                rev,
                clock,
                deleted: data.is_none(),
                data,
            }
        }
        let bytes = match change {
            Change::Put(Record::Todo(t)) => {
                let e = env(&key, rev, clock, Some(t.clone()));
                let b = e.encode()?;
                self.todos.insert(t.id, e);
                b
            }
            Change::Put(Record::Plan(p)) => {
                let e = env(&key, rev, clock, Some(p.clone()));
                let b = e.encode()?;
                self.plans.insert(p.date, e);
                b
            }
            Change::Put(Record::Journal(j)) => {
                let e = env(&key, rev, clock, Some(j.clone()));
                let b = e.encode()?;
                self.journals.insert(j.date, e);
                b
            }
            Change::Put(Record::Archive(a)) => {
                let e = env(&key, rev, clock, Some(a.clone()));
                let b = e.encode()?;
                self.archives.insert(a.date, e);
                b
            }
            Change::Delete(k) => match k.kind() {
                RecordKind::Todo => {
                    let e: Envelope<Todo> = env(k, rev, clock, None);
                    let b = e.encode()?;
                    if let Ok(id) = TodoId::parse("id", k.id()) {
                        self.todos.insert(id, e);
                    }
                    b
                }
                other => {
                    let d = DayDate::parse("date", k.id()).ok();
                    match (other, d) {
                        (RecordKind::Plan, Some(d)) => {
                            let e: Envelope<DayPlan> = env(k, rev, clock, None);
                            let b = e.encode()?;
                            self.plans.insert(d, e);
                            b
                        }
                        (RecordKind::Journal, Some(d)) => {
                            let e: Envelope<JournalDay> = env(k, rev, clock, None);
                            let b = e.encode()?;
                            self.journals.insert(d, e);
                            b
                        }
                        (_, d) => {
                            let e: Envelope<ArchivedDay> = env(k, rev, clock, None);
                            let b = e.encode()?;
                            if let Some(d) = d {
                                self.archives.insert(d, e);
                            }
                            b
                        }
                    }
                }
            },
        };
        Ok((rev, bytes))
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
