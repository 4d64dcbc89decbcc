//! Project and area commands: the list with progress, create, change (rename, area, notes,
//! deadline, order, complete, archive) and remove. The rules are the facade's.

use serde::Deserialize;
use tauri::State;
use valet_core::project::ProjectSummary;
use valet_core::{ListKind, Project, ProjectPatch};
use valet_service::projects::ProjectChange;

use crate::error::CommandError;
use crate::state::AppState;

/// A change to a project as the UI sends it. Absent fields stay; `area: ""` takes a project
/// out of its area, `deadline: ""` clears the deadline (else words or `YYYY-MM-DD`).
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ProjectPatchInput {
    pub name: Option<String>,
    pub area: Option<String>,
    pub notes: Option<String>,
    pub deadline: Option<String>,
    pub order: Option<i64>,
    pub completed: Option<bool>,
    pub archived: Option<bool>,
}

/// Every project and area with done/open counts; completed and archived ones with `all`.
#[tauri::command]
pub async fn projects(
    state: State<'_, AppState>,
    all: Option<bool>,
) -> Result<Vec<ProjectSummary>, CommandError> {
    Ok(state.valet().await?.projects(all.unwrap_or(false)).await?)
}

/// Creates a project (in `area`, if given) or, with `isArea`, an area.
#[tauri::command]
pub async fn add_project(
    state: State<'_, AppState>,
    name: String,
    is_area: Option<bool>,
    area: Option<String>,
) -> Result<Project, CommandError> {
    let kind = if is_area.unwrap_or(false) {
        ListKind::Area
    } else {
        ListKind::Project
    };
    let area = area.filter(|a| !a.trim().is_empty());
    Ok(state
        .valet()
        .await?
        .add_project(&name, kind, area.as_deref())
        .await?)
}

/// Changes a project or area; a rename moves its todos with it.
#[tauri::command]
pub async fn update_project(
    state: State<'_, AppState>,
    name: String,
    patch: ProjectPatchInput,
) -> Result<ProjectChange, CommandError> {
    let valet = state.valet().await?;
    let mut p = ProjectPatch {
        name: patch.name,
        notes: patch.notes,
        order: patch.order,
        completed: patch.completed,
        archived: patch.archived,
        ..ProjectPatch::default()
    };
    if let Some(a) = patch.area {
        p.area = Some(Some(a).filter(|a| !a.trim().is_empty()));
    }
    if let Some(d) = patch.deadline {
        p.deadline = Some(match valet.due_text("deadline", &d).await? {
            valet_core::dates::DueText::Set(day, _) => Some(day),
            valet_core::dates::DueText::Clear => None,
        });
    }
    Ok(valet.update_project(&name, p).await?)
}

/// Removes a project and its todos (Ctrl+Z brings them back), or an area (its projects stay).
#[tauri::command]
pub async fn remove_project(
    state: State<'_, AppState>,
    name: String,
) -> Result<ProjectChange, CommandError> {
    Ok(state.valet().await?.remove_project(&name).await?)
}
