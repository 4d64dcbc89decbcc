//! Projects and areas in the facade: listing with progress, creating, changing (a rename moves
//! every todo and project with it, completing a project completes what is left in it),
//! removing, the existence rules for a todo's project, and the sync rule for a todo added to a
//! project that another device deleted.

use std::collections::BTreeMap;

use serde::Serialize;
use valet_core::project::{self, summaries, ProjectSummary};
use valet_core::{
    ListKind, Project, ProjectId, ProjectPatch, RecordKey, Status, Todo, TodoPatch, ValidationError,
};
use valet_store::{Change, Record, Records};

use crate::error::{Result, ServiceError};
use crate::valet::Valet;

/// What a project change did besides the project itself.
#[derive(ts_rs::TS, Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ProjectChange {
    pub project: Project,
    /// Todos moved by a rename, completed with the project, or removed with it.
    pub todos: usize,
    /// Projects moved by an area's rename or taken out of a removed area.
    pub projects: usize,
}

/// The project or area called `name` as it is now: its record, or one only todos name.
fn find(r: &Records, name: &str) -> Option<Project> {
    let id = ProjectId::of_name(name);
    if let Some(p) = r.project(id) {
        return Some(p.clone());
    }
    let t = r
        .todos()
        .find(|t| !project::is_no_project(&t.category) && project::same_name(&t.category, name))?;
    Project::new(&t.category, ListKind::Project, t.created_at).ok()
}

fn not_found(name: &str) -> ServiceError {
    ServiceError::NotFound {
        what: "project",
        id: name.trim().to_owned(),
    }
}

fn lists(r: &Records) -> BTreeMap<ProjectId, Project> {
    r.projects().map(|p| (p.id, p.clone())).collect()
}

fn in_project<'a>(r: &'a Records, name: &'a str) -> impl Iterator<Item = &'a Todo> + 'a {
    r.todos()
        .filter(move |t| project::same_name(&t.category, name))
}

/// The projects in the area `from`, moved to the area `to` (or to none).
fn move_area(
    r: &Records,
    from: &str,
    to: Option<&str>,
    now: chrono::DateTime<chrono::Utc>,
) -> Vec<Change> {
    r.projects()
        .filter(|p| {
            p.area
                .as_deref()
                .is_some_and(|a| project::same_name(a, from))
        })
        .map(|p| {
            let mut p = p.clone();
            p.area = to.map(str::to_owned);
            p.updated_at = now;
            Change::Put(Record::Project(p))
        })
        .collect()
}

/// The changes that give every project a todo is put in a record: a todo's `category` (the
/// legacy way) creates its project, or brings back one deleted; `project` (the `&str` beside
/// each todo) must name one that exists. A todo named in a project's other spelling ("work")
/// takes the project's ("Work"). An error comes with the index of the todo it is about.
pub(crate) fn ensure_projects(
    r: &Records,
    todos: &mut [(&mut Todo, Option<&str>)],
    now: chrono::DateTime<chrono::Utc>,
) -> std::result::Result<Vec<Change>, (usize, ValidationError)> {
    let mut out: Vec<Change> = Vec::new();
    for (i, (t, strict)) in todos.iter_mut().enumerate() {
        if project::is_no_project(&t.category) {
            continue;
        }
        let field = if strict.is_some() {
            "project"
        } else {
            "category"
        };
        let id = ProjectId::of_name(&t.category);
        match r.project(id) {
            Some(p) if p.kind == ListKind::Area => {
                let rule = format!("{:?} is an area; a todo goes in a project", p.name);
                return Err((i, ValidationError::new(field, rule)));
            }
            Some(p) => {
                t.category = p.name.clone();
                continue;
            }
            None => {}
        }
        let named_by_todos = r
            .todos()
            .any(|o| o.id != t.id && project::same_name(&o.category, &t.category));
        if strict.is_some() && !named_by_todos {
            let rule = format!(
                "there is no project named {:?}; create it first",
                t.category
            );
            return Err((i, ValidationError::new(field, rule)));
        }
        if out.iter().any(|c| c.key() == RecordKey::project(id)) {
            continue;
        }
        let p = Project::new(&t.category, ListKind::Project, now).map_err(|e| (i, e))?;
        out.push(Change::Put(Record::Project(p)));
    }
    Ok(out)
}

impl Valet {
    /// Every project and area with its progress; completed and archived ones only with `all`.
    pub async fn projects(&self, all: bool) -> Result<Vec<ProjectSummary>> {
        let epoch = chrono::DateTime::<chrono::Utc>::UNIX_EPOCH;
        let mut v = self
            .store()
            .read(|r| summaries(r.projects(), r.todos(), epoch))
            .await?;
        if !all {
            v.retain(|s| s.project.is_open());
        }
        Ok(v)
    }

    /// One project or area by name (any case).
    pub async fn project(&self, name: &str) -> Result<Project> {
        self.store()
            .read(|r| find(r, name))
            .await?
            .ok_or_else(|| not_found(name))
    }

    /// Creates a project (in `area`, if given) or an area.
    pub async fn add_project(
        &self,
        name: &str,
        kind: ListKind,
        area: Option<&str>,
    ) -> Result<Project> {
        let now = self.now();
        let mut p = Project::new(name, kind, now)?;
        self.store()
            .mutate(&self.actor_label(), |r| {
                if let Some(other) = r.project(p.id) {
                    return Err(project::taken("name", other).into());
                }
                let ls = lists(r);
                if let Some(a) = area {
                    p = ProjectPatch {
                        area: Some(Some(a.to_owned())),
                        ..ProjectPatch::default()
                    }
                    .apply(&p, &ls, now)?;
                }
                // Last among its siblings.
                p.order = ls
                    .values()
                    .filter(|o| o.kind == p.kind && o.area == p.area)
                    .map(|o| o.order + 1)
                    .max()
                    .unwrap_or(0);
                Ok::<_, ServiceError>((vec![Change::Put(Record::Project(p.clone()))], p))
            })
            .await
    }

    /// Changes a project or area. A rename moves its todos (or, for an area, its projects) in
    /// the same write; completing a project completes its open todos, as Things does.
    pub async fn update_project(&self, name: &str, patch: ProjectPatch) -> Result<ProjectChange> {
        let now = self.now();
        self.store()
            .mutate(&self.actor_label(), |r| {
                let cur = find(r, name).ok_or_else(|| not_found(name))?;
                let next = patch.apply(&cur, &lists(r), now)?;
                let mut changes = Vec::new();
                let (mut todos, mut projects) = (0, 0);
                let stored = r.project(cur.id).is_some();
                if next.id != cur.id {
                    if stored {
                        changes.push(Change::Delete(RecordKey::project(cur.id)));
                    }
                    for t in in_project(r, &cur.name) {
                        let mut t = t.clone();
                        t.category = next.name.clone();
                        t.updated_at = now;
                        changes.push(Change::Put(Record::Todo(t)));
                        todos += 1;
                    }
                    let moved = move_area(r, &cur.name, Some(&next.name), now);
                    projects += moved.len();
                    changes.extend(moved);
                }
                if next.completed_at.is_some() && cur.completed_at.is_none() {
                    for c in changes.iter_mut() {
                        if let Change::Put(Record::Todo(t)) = c {
                            if t.status.is_open() {
                                *t = TodoPatch::status(Status::Completed).apply(t, now)?.0;
                            }
                        }
                    }
                    if next.id == cur.id {
                        for t in in_project(r, &cur.name).filter(|t| t.status.is_open()) {
                            let (t, _) = TodoPatch::status(Status::Completed).apply(t, now)?;
                            changes.push(Change::Put(Record::Todo(t)));
                            todos += 1;
                        }
                    }
                }
                if next != cur || !stored {
                    changes.push(Change::Put(Record::Project(next.clone())));
                }
                Ok::<_, ServiceError>((
                    changes,
                    ProjectChange {
                        project: next,
                        todos,
                        projects,
                    },
                ))
            })
            .await
    }

    /// Removes a project and its todos (undo brings them back), or an area (its projects stay,
    /// in no area).
    pub async fn remove_project(&self, name: &str) -> Result<ProjectChange> {
        let now = self.now();
        self.store()
            .mutate(&self.actor_label(), |r| {
                let cur = find(r, name).ok_or_else(|| not_found(name))?;
                let mut changes = Vec::new();
                let (mut todos, mut projects) = (0, 0);
                if r.project(cur.id).is_some() {
                    changes.push(Change::Delete(RecordKey::project(cur.id)));
                }
                if cur.kind == ListKind::Project {
                    for t in in_project(r, &cur.name) {
                        changes.push(Change::Delete(RecordKey::todo(t.id)));
                        todos += 1;
                    }
                }
                let moved = move_area(r, &cur.name, None, now);
                projects += moved.len();
                changes.extend(moved);
                Ok::<_, ServiceError>((
                    changes,
                    ProjectChange {
                        project: cur,
                        todos,
                        projects,
                    },
                ))
            })
            .await
    }

    /// After a sync: a todo whose project was deleted (or renamed) on another device while it
    /// was added or moved there here stays visible, in no project, with a note saying why.
    /// Returns how many todos were moved.
    pub(crate) async fn rehome_orphans(&self) -> Result<usize> {
        let now = self.now();
        let orphaned = |r: &Records, t: &Todo| {
            !project::is_no_project(&t.category)
                && r.projects
                    .get(&ProjectId::of_name(&t.category))
                    .is_some_and(|e| e.data.is_none())
        };
        let any = self
            .store()
            .read(|r| r.todos().any(|t| orphaned(r, t)))
            .await?;
        if !any {
            return Ok(0);
        }
        self.store()
            .mutate("sync", |r| {
                let mut changes = Vec::new();
                for t in r.todos().filter(|t| orphaned(r, t)) {
                    let note = format!(
                        "Moved to no project: the project {:?} was deleted or renamed on another device.",
                        t.category
                    );
                    let (t, _) = TodoPatch {
                        project: Some(None),
                        add_notes: vec![note],
                        ..TodoPatch::default()
                    }
                    .apply(t, now)?;
                    changes.push(Change::Put(Record::Todo(t)));
                }
                let n = changes.len();
                Ok::<_, ServiceError>((changes, n))
            })
            .await
    }
}
