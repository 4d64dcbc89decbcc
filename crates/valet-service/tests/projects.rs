//! Projects and areas through the facade: progress, the area rules, renames that move todos,
//! completing, removing and undoing, and bad input that writes nothing.
// Tests stop at the first surprise; unwrap is the clearest way to say so.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use valet_core::{ListKind, NewTodo, ProjectPatch, TodoPatch};
use valet_service::{Actor, OpenOptions, Valet};

async fn open() -> (Valet, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let valet = Valet::open(OpenOptions {
        data_dir: Some(dir.path().to_path_buf()),
        actor: Actor::Cli,
        ..OpenOptions::default()
    })
    .await
    .unwrap();
    (valet, dir)
}

fn in_project(text: &str, project: &str) -> NewTodo {
    NewTodo {
        project: Some(project.into()),
        ..NewTodo::new(text)
    }
}

async fn progress(v: &Valet) -> Vec<(String, Option<String>, usize, usize)> {
    v.projects(true)
        .await
        .unwrap()
        .into_iter()
        .map(|s| (s.project.name, s.project.area, s.done, s.open))
        .collect()
}

async fn writes(v: &Valet) -> usize {
    v.audit(&Default::default()).await.unwrap().len()
}

#[tokio::test]
async fn projects_in_areas_count_their_todos_and_take_their_own_spelling() {
    let (v, _d) = open().await;
    v.add_project("Life", ListKind::Area, None).await.unwrap();
    v.add_project("Work", ListKind::Project, Some("life"))
        .await
        .unwrap();
    let t = v
        .add_todo(in_project("Write report", "WORK"))
        .await
        .unwrap();
    assert_eq!(t.category, "Work");
    let done = v
        .add_todo(in_project("Send invoice", "work"))
        .await
        .unwrap();
    v.complete_todo(&done.id.to_string()).await.unwrap();
    assert_eq!(
        progress(&v).await,
        vec![
            ("Life".into(), None, 0, 0),
            ("Work".into(), Some("Life".into()), 1, 1)
        ]
    );
    // The legacy way: a category creates its project.
    let c = v
        .add_todo(NewTodo {
            category: Some("Errands".into()),
            ..NewTodo::new("Buy milk")
        })
        .await
        .unwrap();
    assert_eq!(c.category, "Errands");
    assert!(v.project("errands").await.is_ok());
}

#[tokio::test]
async fn bad_project_input_names_the_field_and_writes_nothing() {
    let (v, _d) = open().await;
    v.add_project("Life", ListKind::Area, None).await.unwrap();
    v.add_project("Work", ListKind::Project, None)
        .await
        .unwrap();
    let before = writes(&v).await;
    let cases: Vec<(String, String)> = vec![
        (
            v.add_todo(in_project("x", "Nope"))
                .await
                .unwrap_err()
                .to_string(),
            "project: there is no project named \"Nope\"; create it first".into(),
        ),
        (
            v.add_todo(in_project("x", "Life"))
                .await
                .unwrap_err()
                .to_string(),
            "project: \"Life\" is an area; a todo goes in a project".into(),
        ),
        (
            v.add_project("work", ListKind::Area, None)
                .await
                .unwrap_err()
                .to_string(),
            "name: there is already a project named \"Work\"".into(),
        ),
        (
            v.add_project("Deep", ListKind::Area, Some("Life"))
                .await
                .unwrap_err()
                .to_string(),
            "area: an area cannot be inside another area (area > project > todo)".into(),
        ),
        (
            v.add_project("Side", ListKind::Project, Some("Work"))
                .await
                .unwrap_err()
                .to_string(),
            "area: \"Work\" is a project, not an area (a project can only be in an area)".into(),
        ),
        (
            v.add_project(&"x".repeat(65), ListKind::Project, None)
                .await
                .unwrap_err()
                .to_string(),
            "name: must be at most 64 characters; got 65".into(),
        ),
        (
            v.update_project(
                "Life",
                ProjectPatch {
                    area: Some(Some("Life".into())),
                    ..ProjectPatch::default()
                },
            )
            .await
            .unwrap_err()
            .to_string(),
            "area: an area cannot be inside another area (area > project > todo)".into(),
        ),
    ];
    for (got, want) in cases {
        assert_eq!(got, want);
    }
    assert_eq!(writes(&v).await, before, "a refused change wrote something");
}

#[tokio::test]
async fn a_rename_moves_todos_and_projects_and_undo_takes_it_back() {
    let (v, _d) = open().await;
    v.add_project("Home", ListKind::Area, None).await.unwrap();
    v.add_project("Garden", ListKind::Project, Some("Home"))
        .await
        .unwrap();
    let t = v.add_todo(in_project("Mow", "Garden")).await.unwrap();
    let c = v
        .update_project(
            "garden",
            ProjectPatch {
                name: Some("Yard".into()),
                ..ProjectPatch::default()
            },
        )
        .await
        .unwrap();
    assert_eq!((c.project.name.as_str(), c.todos), ("Yard", 1));
    assert_eq!(
        v.get_todo(&t.id.to_string()).await.unwrap().category,
        "Yard"
    );
    let c = v
        .update_project(
            "Home",
            ProjectPatch {
                name: Some("House".into()),
                ..ProjectPatch::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(c.projects, 1);
    assert_eq!(
        v.project("yard").await.unwrap().area.as_deref(),
        Some("House")
    );
    v.undo().await.unwrap();
    v.undo().await.unwrap();
    assert_eq!(
        v.get_todo(&t.id.to_string()).await.unwrap().category,
        "Garden"
    );
    assert_eq!(
        v.project("Garden").await.unwrap().area.as_deref(),
        Some("Home")
    );
    assert!(v.project("Yard").await.is_err());
}

#[tokio::test]
async fn completing_a_project_completes_its_open_todos_and_removing_it_can_be_undone() {
    let (v, _d) = open().await;
    v.add_project("Move", ListKind::Project, None)
        .await
        .unwrap();
    let a = v.add_todo(in_project("Pack", "Move")).await.unwrap();
    let b = v.add_todo(in_project("Clean", "Move")).await.unwrap();
    let other = v.add_todo(NewTodo::new("Unrelated")).await.unwrap();
    let c = v
        .update_project(
            "Move",
            ProjectPatch {
                completed: Some(true),
                ..ProjectPatch::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(c.todos, 2);
    assert!(c.project.completed_at.is_some());
    assert!(
        v.projects(false).await.unwrap().is_empty(),
        "completed hides it"
    );
    let removed = v.remove_project("move").await.unwrap();
    assert_eq!(removed.todos, 2);
    assert!(v.get_todo(&a.id.to_string()).await.is_err());
    assert!(v.get_todo(&other.id.to_string()).await.is_ok());
    v.undo().await.unwrap();
    assert!(v.get_todo(&b.id.to_string()).await.is_ok());
    assert_eq!(progress(&v).await, vec![("Move".into(), None, 2, 0)]);
    // Moving a todo out of its project.
    let out = v
        .update_todo(
            &a.id.to_string(),
            TodoPatch {
                project: Some(None),
                ..TodoPatch::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(out.category, "General");
}

#[tokio::test]
async fn projects_travel_in_an_export_and_come_back_with_an_import() {
    let (v, d) = open().await;
    v.add_project("Home", ListKind::Area, None).await.unwrap();
    v.add_project("Garden", ListKind::Project, Some("Home"))
        .await
        .unwrap();
    v.update_project(
        "Garden",
        ProjectPatch {
            notes: Some("Tulips by the fence".into()),
            ..ProjectPatch::default()
        },
    )
    .await
    .unwrap();
    v.add_todo(in_project("Plant tulips", "Garden"))
        .await
        .unwrap();
    let file = d.path().join("export.json");
    v.export(&file, valet_service::ExportFormat::Json)
        .await
        .unwrap();
    let (w, _d2) = open().await;
    let report = w.import_export(&file, false).await.unwrap();
    assert_eq!((report.projects.read, report.projects.created), (2, 2));
    assert_eq!(progress(&w).await, progress(&v).await);
    assert_eq!(
        w.project("garden").await.unwrap().notes,
        "Tulips by the fence"
    );
}

#[tokio::test]
async fn a_restore_point_brings_back_a_removed_project_and_its_todos() {
    let (v, _d) = open().await;
    v.add_project("Move", ListKind::Project, None)
        .await
        .unwrap();
    v.add_todo(in_project("Pack", "Move")).await.unwrap();
    let point = v.create_restore_point("before removing").await.unwrap();
    v.remove_project("Move").await.unwrap();
    assert!(v.projects(true).await.unwrap().is_empty());
    v.restore(&point.id).await.unwrap();
    assert_eq!(progress(&v).await, vec![("Move".into(), None, 0, 1)]);
    assert!(v.project("move").await.unwrap().notes.is_empty());
}
