//! Projects and areas, on Things' model: a todo is in at most one project, a project in at most
//! one area. A todo names its project in `category` (the legacy field: "General" is no
//! project), so the legacy tools keep working; a project's record holds what a list has beyond
//! its name (notes, area, order, deadline, completed, archived).
//!
//! A record's id is derived from its name (case folded), so two devices that create "Work"
//! offline create one record, which sync merges; a rename is a new id.

use std::collections::BTreeMap;
use std::fmt;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use uuid::Uuid;

use crate::error::{check_text, ValidationError};
use crate::todo::{Todo, DEFAULT_CATEGORY, MAX_CATEGORY};

/// Longest project notes, in characters.
pub const MAX_PROJECT_NOTES: usize = 20_000;

/// Namespace of the name-derived ids (a fixed random UUID).
const NAMESPACE: Uuid = Uuid::from_u128(0x6f1c_2a8e_53b4_4d0e_9c7a_0e5b_d4f1_8a23);

/// The id of a project or area: a UUID derived from its case-folded name.
#[derive(ts_rs::TS)]
#[ts(type = "string")]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ProjectId(Uuid);

impl ProjectId {
    /// The id of the project or area called `name` (any case, surrounding spaces ignored).
    pub fn of_name(name: &str) -> Self {
        ProjectId(Uuid::new_v5(&NAMESPACE, fold(name).as_bytes()))
    }

    /// Parses an id read from a path or a file.
    pub fn parse(field: &str, s: &str) -> Result<Self, ValidationError> {
        let t = s.trim();
        match Uuid::try_parse(t) {
            Ok(u) if t.len() == 36 => Ok(ProjectId(u)),
            _ => Err(ValidationError::new(
                field,
                format!("must be a project id (a UUID); got {s:?}"),
            )),
        }
    }
}

impl fmt::Display for ProjectId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.hyphenated().fmt(f)
    }
}

impl Serialize for ProjectId {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for ProjectId {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        ProjectId::parse("id", &s).map_err(serde::de::Error::custom)
    }
}

fn fold(name: &str) -> String {
    name.trim().to_lowercase()
}

/// Whether two project names are the same project.
pub fn same_name(a: &str, b: &str) -> bool {
    fold(a) == fold(b)
}

/// Whether a todo's `category` means "no project".
pub fn is_no_project(category: &str) -> bool {
    same_name(category, DEFAULT_CATEGORY)
}

/// A project or area name typed where "none" is allowed (`--project`, `--area`, MCP `area`):
/// empty or `none` (any case) is none. One reading for every face.
pub fn optional_name(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty() && !t.eq_ignore_ascii_case("none")).then(|| s.to_owned())
}

/// A project, or an area that groups projects.
#[derive(ts_rs::TS)]
#[ts(rename = "ProjectKind")]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ListKind {
    #[default]
    Project,
    Area,
}

/// A project or an area, as stored in `projects/<id>.json`.
#[derive(ts_rs::TS, Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Project {
    pub id: ProjectId,
    pub name: String,
    #[serde(default)]
    pub kind: ListKind,
    /// The area a project is in (its name); areas are in none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub area: Option<String>,
    /// Markdown notes.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub notes: String,
    /// Position among its siblings (lower first; ties by name).
    #[serde(default)]
    #[ts(type = "number")]
    pub order: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub deadline: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub completed_at: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub archived_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// Checks a project or area name given for `field`.
pub fn check_name(field: &str, name: &str) -> Result<String, ValidationError> {
    let n = check_text(field, name, true, MAX_CATEGORY)?;
    if n.contains('\n') || n.contains('\t') || n.contains('\r') {
        return Err(ValidationError::new(field, "must be one line"));
    }
    if is_no_project(&n) || n.eq_ignore_ascii_case("none") {
        return Err(ValidationError::new(
            field,
            format!("{n:?} means no project; choose another name"),
        ));
    }
    Ok(n)
}

impl Project {
    /// A new project (or area) called `name`.
    pub fn new(name: &str, kind: ListKind, now: DateTime<Utc>) -> Result<Project, ValidationError> {
        let name = check_name("name", name)?;
        Ok(Project {
            id: ProjectId::of_name(&name),
            name,
            kind,
            area: None,
            notes: String::new(),
            order: 0,
            deadline: None,
            completed_at: None,
            archived_at: None,
            created_at: now,
            updated_at: now,
        })
    }

    /// Checks what a stored record holds (a file edited by hand, a sync from a newer build).
    pub fn validate_stored(&self) -> Result<(), ValidationError> {
        check_name("name", &self.name)?;
        if self.id != ProjectId::of_name(&self.name) {
            return Err(ValidationError::new(
                "id",
                format!("is not the id of the name {:?}", self.name),
            ));
        }
        check_text("notes", &self.notes, false, MAX_PROJECT_NOTES)?;
        if let Some(a) = &self.area {
            check_name("area", a)?;
            self.check_area_shape()?;
        }
        Ok(())
    }

    fn check_area_shape(&self) -> Result<(), ValidationError> {
        match (&self.area, self.kind) {
            (Some(_), ListKind::Area) => Err(ValidationError::new(
                "area",
                "an area cannot be inside another area (area > project > todo)",
            )),
            (Some(a), _) if same_name(a, &self.name) => Err(ValidationError::new(
                "area",
                "a project cannot be its own area",
            )),
            _ => Ok(()),
        }
    }

    pub fn is_open(&self) -> bool {
        self.completed_at.is_none() && self.archived_at.is_none()
    }
}

/// A change to a project or area; `None` leaves a field as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct ProjectPatch {
    pub name: Option<String>,
    /// `Some(None)` takes a project out of its area.
    pub area: Option<Option<String>>,
    pub notes: Option<String>,
    pub order: Option<i64>,
    pub deadline: Option<Option<NaiveDate>>,
    pub completed: Option<bool>,
    pub archived: Option<bool>,
}

impl ProjectPatch {
    /// The project after the patch (its id follows a new name), checked against the other
    /// lists `lists` (by id) for the area rules.
    pub fn apply(
        &self,
        cur: &Project,
        lists: &BTreeMap<ProjectId, Project>,
        now: DateTime<Utc>,
    ) -> Result<Project, ValidationError> {
        let mut p = cur.clone();
        if let Some(n) = &self.name {
            p.name = check_name("name", n)?;
            p.id = ProjectId::of_name(&p.name);
            if p.id != cur.id {
                if let Some(other) = lists.get(&p.id) {
                    return Err(taken("name", other));
                }
            }
        }
        if let Some(a) = &self.area {
            p.area = match a {
                Some(a) => Some(check_area(a, lists)?),
                None => None,
            };
        }
        if let Some(n) = &self.notes {
            p.notes = check_text("notes", n, false, MAX_PROJECT_NOTES)?;
        }
        if let Some(o) = self.order {
            p.order = o;
        }
        if let Some(d) = self.deadline {
            if d.is_some() && p.kind == ListKind::Area {
                return Err(ValidationError::new("deadline", "areas have no deadline"));
            }
            p.deadline = d;
        }
        if let Some(c) = self.completed {
            if c && p.kind == ListKind::Area {
                return Err(ValidationError::new(
                    "completed",
                    "areas are never completed (archive the projects in it)",
                ));
            }
            p.completed_at = if c {
                cur.completed_at.or(Some(now))
            } else {
                None
            };
        }
        if let Some(a) = self.archived {
            p.archived_at = if a {
                cur.archived_at.or(Some(now))
            } else {
                None
            };
        }
        p.check_area_shape()?;
        if p != *cur {
            p.updated_at = now;
        }
        Ok(p)
    }
}

/// The error for a name another list already has.
pub fn taken(field: &str, other: &Project) -> ValidationError {
    let what = match other.kind {
        ListKind::Project => "project",
        ListKind::Area => "area",
    };
    ValidationError::new(
        field,
        format!(
            "there is already a{} {what} named {:?}",
            if what == "area" { "n" } else { "" },
            other.name
        ),
    )
}

/// Checks that `name` is an existing area among `lists`; returns its stored spelling.
pub fn check_area(
    name: &str,
    lists: &BTreeMap<ProjectId, Project>,
) -> Result<String, ValidationError> {
    let n = check_name("area", name)?;
    match lists.get(&ProjectId::of_name(&n)) {
        Some(a) if a.kind == ListKind::Area => Ok(a.name.clone()),
        Some(p) => Err(ValidationError::new(
            "area",
            format!(
                "{:?} is a project, not an area (a project can only be in an area)",
                p.name
            ),
        )),
        None => Err(ValidationError::new(
            "area",
            format!("there is no area named {n:?}; create it first"),
        )),
    }
}

/// A project with its progress, for lists ("Work 3/8").
#[derive(ts_rs::TS, Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ProjectSummary {
    #[serde(flatten)]
    pub project: Project,
    /// Whether it has a record (`false`: only todos name it, as after a legacy import).
    pub stored: bool,
    pub open: usize,
    pub done: usize,
}

/// Every project and area: the stored ones, plus any project only todos name, with progress
/// counts; areas first, then by order and name.
pub fn summaries<'a>(
    lists: impl IntoIterator<Item = &'a Project>,
    todos: impl IntoIterator<Item = &'a Todo>,
    epoch: DateTime<Utc>,
) -> Vec<ProjectSummary> {
    let mut out: BTreeMap<ProjectId, ProjectSummary> = lists
        .into_iter()
        .map(|p| {
            (
                p.id,
                ProjectSummary {
                    project: p.clone(),
                    stored: true,
                    open: 0,
                    done: 0,
                },
            )
        })
        .collect();
    // A project's id is a hash of its name: worked out once per spelling, not once per todo
    // (10,000 todos share a handful of names).
    let mut ids: std::collections::HashMap<&str, Option<ProjectId>> =
        std::collections::HashMap::new();
    for t in todos {
        let id = *ids.entry(t.category.as_str()).or_insert_with(|| {
            (!is_no_project(&t.category)).then(|| ProjectId::of_name(&t.category))
        });
        let Some(id) = id else { continue };
        let s = out.entry(id).or_insert_with(|| ProjectSummary {
            project: Project {
                id,
                name: t.category.trim().to_owned(),
                kind: ListKind::Project,
                area: None,
                notes: String::new(),
                order: 0,
                deadline: None,
                completed_at: None,
                archived_at: None,
                created_at: epoch,
                updated_at: epoch,
            },
            stored: false,
            open: 0,
            done: 0,
        });
        if t.status.is_open() {
            s.open += 1;
        } else {
            s.done += 1;
        }
    }
    let mut v: Vec<ProjectSummary> = out.into_values().collect();
    v.sort_by(|a, b| {
        let (a, b) = (&a.project, &b.project);
        (b.kind == ListKind::Area)
            .cmp(&(a.kind == ListKind::Area))
            .then(a.order.cmp(&b.order))
            .then_with(|| fold(&a.name).cmp(&fold(&b.name)))
    });
    v
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    fn at() -> DateTime<Utc> {
        "2026-11-30T08:00:00Z".parse().unwrap_or_default()
    }

    fn lists(ps: &[Project]) -> BTreeMap<ProjectId, Project> {
        ps.iter().map(|p| (p.id, p.clone())).collect()
    }

    #[test]
    fn ids_follow_the_name_in_any_case() {
        assert_eq!(ProjectId::of_name("Work"), ProjectId::of_name(" work "));
        assert_ne!(ProjectId::of_name("Work"), ProjectId::of_name("Home"));
        let id = ProjectId::of_name("Work");
        assert_eq!(ProjectId::parse("id", &id.to_string()).ok(), Some(id));
    }

    #[rstest]
    #[case("", "name: must not be empty")]
    #[case("general", "name: \"general\" means no project; choose another name")]
    #[case("two\nlines", "name: must be one line")]
    fn bad_names_name_the_field(#[case] name: &str, #[case] want: &str) {
        let e = Project::new(name, ListKind::Project, at())
            .err()
            .map(|e| e.to_string());
        assert_eq!(e.as_deref(), Some(want));
    }

    #[test]
    fn area_rules_refuse_cycles_and_projects_as_areas() {
        let area = Project::new("Life", ListKind::Area, at()).unwrap();
        let work = Project::new("Work", ListKind::Project, at()).unwrap();
        let ls = lists(&[area.clone(), work.clone()]);
        let put = |p: &Project, a: &str| {
            ProjectPatch {
                area: Some(Some(a.into())),
                ..ProjectPatch::default()
            }
            .apply(p, &ls, at())
            .map_err(|e| e.to_string())
        };
        assert_eq!(put(&work, "life").unwrap().area.as_deref(), Some("Life"));
        assert!(put(&area, "Life")
            .unwrap_err()
            .contains("cannot be inside another area"));
        assert!(put(&work, "Work")
            .unwrap_err()
            .contains("is a project, not an area"));
        assert!(put(&work, "Nope").unwrap_err().contains("no area named"));
    }

    #[test]
    fn a_rename_onto_another_list_is_refused() {
        let work = Project::new("Work", ListKind::Project, at()).unwrap();
        let home = Project::new("Home", ListKind::Area, at()).unwrap();
        let ls = lists(&[work.clone(), home]);
        let e = ProjectPatch {
            name: Some("HOME".into()),
            ..ProjectPatch::default()
        }
        .apply(&work, &ls, at())
        .unwrap_err();
        assert_eq!(
            e.to_string(),
            "name: there is already an area named \"Home\""
        );
    }

    #[test]
    fn summaries_count_progress_and_include_projects_only_todos_name() {
        let work = Project::new("Work", ListKind::Project, at()).unwrap();
        let mk = |c: &str, done: bool| {
            let mut t = Todo::blank(crate::TodoId::new_v7(1, [0; 10]), "x".into(), at());
            t.category = c.into();
            if done {
                t.status = crate::Status::Completed;
            }
            t
        };
        let todos = [
            mk("work", false),
            mk("Work", true),
            mk("Errands", false),
            mk("General", false),
        ];
        let s = summaries([&work], todos.iter(), at());
        let got: Vec<(&str, bool, usize, usize)> = s
            .iter()
            .map(|s| (s.project.name.as_str(), s.stored, s.open, s.done))
            .collect();
        assert_eq!(got, vec![("Errands", false, 1, 0), ("Work", true, 1, 1)]);
    }
}
