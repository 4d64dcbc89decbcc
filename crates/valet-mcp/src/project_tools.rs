//! Projects and areas for an agent: `list_projects` (with progress) and `edit_project` (create,
//! change, complete, archive, remove). A todo goes in one with `project` on add_todos /
//! update_todos.

use rmcp::handler::server::router::tool::ToolRouter;
use rmcp::model::JsonObject;
use rmcp::service::RequestContext;
use rmcp::{tool, tool_router, RoleServer};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use valet_core::dates::DueText;
use valet_core::project::ProjectSummary;
use valet_core::{ListKind, ProjectPatch};

use crate::args::parse;
use crate::server::{fail, input, output, reply, ToolResult, ValetMcp};

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ListProjectsArgs {
    /// With completed and archived ones.
    pub all: Option<bool>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ProjectActionArg {
    Add,
    AddArea,
    Update,
    Complete,
    Reopen,
    Archive,
    Unarchive,
    /// a project with its todos, an area without its projects
    Remove,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct EditProjectArgs {
    pub name: String,
    pub action: ProjectActionArg,
    pub rename: Option<String>,
    pub area: Option<String>,
    pub notes: Option<String>,
    pub deadline: Option<String>,
    // Its place among its siblings (lower first): accepted, not advertised (the app orders by
    // dragging; an agent rarely does).
    #[schemars(skip)]
    pub order: Option<i64>,
    /// Removing one with todos: true once the user agreed.
    pub confirm: Option<bool>,
}

/// A project or area with its progress.
#[derive(Debug, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ProjectOut {
    pub name: String,
    /// project or area.
    pub kind: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub area: Option<String>,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub notes: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deadline: Option<String>,
    pub done: usize,
    pub open: usize,
    pub completed: bool,
    pub archived: bool,
}

impl From<&ProjectSummary> for ProjectOut {
    fn from(s: &ProjectSummary) -> Self {
        let p = &s.project;
        ProjectOut {
            name: p.name.clone(),
            kind: match p.kind {
                ListKind::Project => "project",
                ListKind::Area => "area",
            }
            .into(),
            area: p.area.clone(),
            notes: p.notes.clone(),
            deadline: p.deadline.map(|d| d.to_string()),
            done: s.done,
            open: s.open,
            completed: p.completed_at.is_some(),
            archived: p.archived_at.is_some(),
        }
    }
}

#[derive(Debug, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ProjectsOut {
    pub projects: Vec<ProjectOut>,
}

#[derive(Debug, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct EditProjectOut {
    pub project: String,
    /// Todos moved, completed or removed with it.
    pub todos: usize,
    /// Projects moved with an area.
    pub projects: usize,
}

fn line(p: &ProjectOut) -> String {
    let mut s = format!("- {} ({}) {}/{}", p.name, p.kind, p.done, p.done + p.open);
    if let Some(a) = &p.area {
        s.push_str(&format!(" in {a}"));
    }
    if let Some(d) = &p.deadline {
        s.push_str(&format!(" deadline {d}"));
    }
    if p.completed {
        s.push_str(" completed");
    }
    if p.archived {
        s.push_str(" archived");
    }
    s
}

#[tool_router(router = project_router, vis = "pub(crate)")]
impl ValetMcp {
    /// Projects and areas (area > project > todo) with done/total counts.
    #[tool(
        name = "valet_list_projects",
        title = "List projects",
        input_schema = input::<ListProjectsArgs>(),
        output_schema = output::<ProjectsOut>(),
        annotations(title = "List projects", read_only_hint = true, destructive_hint = false, idempotent_hint = true, open_world_hint = false)
    )]
    async fn list_projects(&self, args: JsonObject) -> ToolResult {
        let a: ListProjectsArgs = parse(args)?;
        let all = self
            .valet
            .projects(a.all.unwrap_or(false))
            .await
            .map_err(fail)?;
        let out = ProjectsOut {
            projects: all.iter().map(ProjectOut::from).collect(),
        };
        let mut text = format!("{} projects and areas", out.projects.len());
        for p in &out.projects {
            text.push('\n');
            text.push_str(&line(p));
        }
        reply(&out, text)
    }

    /// Create, change, complete, archive or remove a project or area.
    #[tool(
        name = "valet_edit_project",
        title = "Edit a project",
        input_schema = input::<EditProjectArgs>(),
        output_schema = output::<EditProjectOut>(),
        annotations(title = "Edit a project", read_only_hint = false, destructive_hint = true, idempotent_hint = false, open_world_hint = false)
    )]
    async fn edit_project(&self, args: JsonObject, ctx: RequestContext<RoleServer>) -> ToolResult {
        let a: EditProjectArgs = parse(args)?;
        let valet = self.as_client(&ctx);
        let flag = |f: fn(&mut ProjectPatch)| {
            let mut p = ProjectPatch::default();
            f(&mut p);
            p
        };
        let change = match a.action {
            ProjectActionArg::Add | ProjectActionArg::AddArea => {
                let kind = if a.action == ProjectActionArg::Add {
                    ListKind::Project
                } else {
                    ListKind::Area
                };
                let p = valet
                    .add_project(&a.name, kind, a.area.as_deref())
                    .await
                    .map_err(fail)?;
                EditProjectOut {
                    project: p.name,
                    todos: 0,
                    projects: 0,
                }
            }
            ProjectActionArg::Remove => {
                let todos = self
                    .valet
                    .projects(true)
                    .await
                    .map_err(fail)?
                    .iter()
                    .find(|s| valet_core::project::same_name(&s.project.name, &a.name))
                    .filter(|s| s.project.kind == ListKind::Project)
                    .map_or(0, |s| s.open + s.done);
                if todos > 0 {
                    let what = format!(
                        "Remove the project {} and its {todos} todo(s)",
                        a.name.trim()
                    );
                    crate::confirm::confirmed(&ctx, a.confirm, &what, "confirm").await?;
                }
                let c = valet.remove_project(&a.name).await.map_err(fail)?;
                EditProjectOut {
                    project: c.project.name,
                    todos: c.todos,
                    projects: c.projects,
                }
            }
            action => {
                let patch = match action {
                    ProjectActionArg::Complete => flag(|p| p.completed = Some(true)),
                    ProjectActionArg::Reopen => flag(|p| p.completed = Some(false)),
                    ProjectActionArg::Archive => flag(|p| p.archived = Some(true)),
                    ProjectActionArg::Unarchive => flag(|p| p.archived = Some(false)),
                    _ => self.project_patch(&a).await?,
                };
                let c = valet.update_project(&a.name, patch).await.map_err(fail)?;
                EditProjectOut {
                    project: c.project.name,
                    todos: c.todos,
                    projects: c.projects,
                }
            }
        };
        let text = format!(
            "{:?} {}: {} todo(s), {} project(s) with it",
            a.action, change.project, change.todos, change.projects
        );
        reply(&change, text)
    }
}

impl ValetMcp {
    async fn project_patch(&self, a: &EditProjectArgs) -> Result<ProjectPatch, String> {
        let mut p = ProjectPatch {
            name: a.rename.clone(),
            notes: a.notes.clone(),
            order: a.order,
            ..ProjectPatch::default()
        };
        p.area = a.area.as_deref().map(valet_core::project::optional_name);
        if let Some(d) = &a.deadline {
            p.deadline = Some(
                match self.valet.due_text("deadline", d).await.map_err(fail)? {
                    DueText::Set(day, _) => Some(day),
                    DueText::Clear => None,
                },
            );
        }
        if p == ProjectPatch::default() {
            return Err(crate::server::invalid(
                "action",
                "update needs at least one of rename, area, notes, deadline, order",
            ));
        }
        Ok(p)
    }

    /// The project tools, added to the others in [`ValetMcp::new`].
    pub(crate) fn project_tools() -> ToolRouter<ValetMcp> {
        Self::project_router()
    }
}
