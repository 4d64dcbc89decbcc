//! Tests of the legacy format's readers (`legacy.rs`): day files, archives, todos, conflicts.

use super::*;
use rstest::rstest;
use serde_json::json;

fn t(s: &str) -> DateTime<Utc> {
    parse_time(s).unwrap()
}

#[rstest]
#[case(json!({"id": "793affc0-1a08-4123-abac-557f8b607981", "content": "A", "priority": "high", "category": "Work", "completed": true, "created": "2025-07-15T19:26:38.300Z", "due": "2025-07-20", "notes": [], "completed_at": "2025-07-15T19:26:38.311Z"}),
        Status::Completed, Priority::High, Some("2025-07-20"), Some("2025-07-15T19:26:38.311Z"), "2025-07-15T19:26:38.311Z", 0)]
#[case(json!({"id": "793affc0-1a08-4123-abac-557f8b607981", "content": "B", "completed": true, "created": "2025-07-15T19:26:38.300Z", "due": null, "notes": ["n1"]}),
        Status::Completed, Priority::Medium, None, None, "2025-07-15T19:26:38.300Z", 1)]
#[case(json!({"id": "793affc0-1a08-4123-abac-557f8b607981", "content": "C", "priority": "low", "completed": false, "created": "2025-07-15T19:26:38.300Z", "updated_at": "2025-07-18T10:00:00Z"}),
        Status::Pending, Priority::Low, None, None, "2025-07-18T10:00:00Z", 0)]
#[case(json!({"id": "793affc0-1a08-4123-abac-557f8b607981", "content": "D", "priority": "urgent", "completed": false, "created": "2025-07-15T19:26:38.300Z", "tags": ["x"]}),
        Status::Pending, Priority::Medium, None, None, "2025-07-15T19:26:38.300Z", 2)]
fn tasks_map_field_by_field(
    #[case] v: Value,
    #[case] status: Status,
    #[case] priority: Priority,
    #[case] due: Option<&str>,
    #[case] completed_at: Option<&str>,
    #[case] updated_at: &str,
    #[case] notes: usize,
) {
    let (todo, _) = map_task(0, &v, None).unwrap();
    assert_eq!(todo.id.to_string(), "793affc0-1a08-4123-abac-557f8b607981");
    assert_eq!(todo.status, status);
    assert_eq!(todo.priority, priority);
    assert_eq!(todo.due.map(|d| d.to_string()).as_deref(), due);
    assert_eq!(todo.completed_at, completed_at.map(t));
    assert_eq!(todo.created_at, t("2025-07-15T19:26:38.300Z"));
    assert_eq!(todo.updated_at, t(updated_at));
    assert_eq!(todo.notes.len(), notes, "{:?}", todo.notes);
    assert_eq!(todo.category, v["category"].as_str().unwrap_or("General"));
}

#[rstest]
#[case(json!({"content": "x", "created": "2025-07-15T19:26:38.300Z"}), "tasks[0].id")]
#[case(json!({"id": "nope", "content": "x"}), "tasks[0].id")]
#[case(json!({"id": "793affc0-1a08-4123-abac-557f8b607981", "content": " "}), "tasks[0].content")]
#[case(json!({"id": "793affc0-1a08-4123-abac-557f8b607981", "content": "x"}), "tasks[0].created")]
#[case(json!("just text"), "tasks[0]")]
fn bad_tasks_name_the_field(#[case] v: Value, #[case] field: &str) {
    assert_eq!(map_task(0, &v, None).unwrap_err().field, field);
}

#[rstest]
#[case("- [ ] a\n- [x] b", &[("a", false), ("b", true)], "")]
#[case("## Focus\n- plain bullet\n\n## Grid\n- [ ] a\n- [X] b\n\nwords", &[("a", false), ("b", true)], "## Focus\n- plain bullet\n\n## Grid\n\nwords")]
#[case("✅ done thing\n* [x] star", &[("star", true)], "✅ done thing")]
#[case("- [ ]   \n1. numbered", &[], "- [ ]   \n1. numbered")]
fn only_checklist_lines_become_tasks(
    #[case] input: &str,
    #[case] want: &[(&str, bool)],
    #[case] rest: &str,
) {
    let (items, r) = split_legacy_checklist(input);
    let got: Vec<(&str, bool)> = items.iter().map(|(t, d)| (t.as_str(), *d)).collect();
    assert_eq!(got, want);
    assert_eq!(r, rest);
}

const PLANNER: &str = r###"{"date": "2025-07-15", "type": "planner",
      "sections": {"tasks": "## Morning\n- [ ] call\n- [x] write", "data_stash": "", "ongoing_summary": "sum",
                   "personal_reminders": "", "my own": "custom **md**"},
      "metadata": {"keywords": ["daily"], "created": "2025-07-15T08:00:00Z", "updated": "2025-07-15T20:00:00Z"}}"###;

#[test]
fn planner_keeps_every_section_in_order() {
    let (d, w) = parse_day(PLANNER, None).unwrap();
    assert!(w.is_empty());
    let p = d.to_plan(t("2000-01-01T00:00:00Z"));
    assert_eq!(p.tasks.len(), 2);
    assert_eq!(
        (p.tasks[1].id.as_str(), p.tasks[1].done),
        ("20250715-t2", true)
    );
    assert_eq!(p.sections["tasks"], "## Morning");
    assert_eq!(p.sections["my own"], "custom **md**");
    assert_eq!(p.ongoing_summary, "sum");
    assert_eq!(p.updated_at, t("2025-07-15T20:00:00Z"));
    assert_eq!(
        p,
        d.to_plan(t("2000-01-01T00:00:00Z")),
        "mapping is deterministic"
    );
}

#[test]
fn journal_keeps_unknown_sections() {
    let text = r#"{"date": "2025-07-16", "type": "journal", "sections": {"reflections": "r", "tasks": "✅ x", "data_stash": "d", "mood": "ok", "personal_reminders": "p"}, "metadata": {}}"#;
    let (d, _) = parse_day(text, None).unwrap();
    let j = d.to_journal(t("2000-01-01T00:00:00Z"));
    assert_eq!(j.reflections, "r");
    assert_eq!(
        j.sections.keys().collect::<Vec<_>>(),
        ["tasks", "data_stash", "mood (legacy)"]
    );
    assert_eq!(j.created_at, t("2000-01-01T00:00:00Z"));
}

#[rstest]
#[case("{", "not valid JSON")]
#[case("[1]", "must be a JSON object")]
#[case(r#"{"sections": {}}"#, "date")]
#[case(r#"{"date": "2025-07-15", "sections": "x"}"#, "sections")]
fn bad_day_files_say_why(#[case] text: &str, #[case] reason: &str) {
    assert!(parse_day(text, None).unwrap_err().contains(reason));
}

#[test]
fn archives_decode_twice_either_half_missing() {
    let planner = serde_json::to_string(&serde_json::from_str::<Value>(PLANNER).unwrap()).unwrap();
    let only_planner = json!({"date": "2025-07-15", "archived_at": "2025-07-16T12:00:00Z", "files": {"planner": planner}});
    let (a, _) = parse_archive(&only_planner.to_string(), None).unwrap();
    let ad = a.to_archived().unwrap();
    assert!(ad.plan.is_some() && ad.journal.is_none());
    assert_eq!(ad.archived_at, t("2025-07-16T12:00:00Z"));
    let only_journal = json!({"date": "2025-07-15", "files": {"journal": "{\"date\":\"2025-07-15\",\"sections\":{\"reflections\":\"hi\"},\"metadata\":{\"updated\":\"2025-07-15T21:00:00Z\"}}"}});
    let (a, _) = parse_archive(&only_journal.to_string(), None).unwrap();
    let ad = a.to_archived().unwrap();
    assert_eq!(ad.journal.unwrap().reflections, "hi");
    assert_eq!(ad.archived_at, t("2025-07-15T21:00:00Z"));
    let broken = json!({"date": "2025-07-15", "files": {"journal": "{not json"}});
    assert!(parse_archive(&broken.to_string(), None)
        .unwrap_err()
        .contains("files.journal"));
    // Audit: one bad half dropped the good one too; now the good half imports.
    let half_bad =
        json!({"date": "2025-07-15", "files": {"planner": planner, "journal": "{not json"}});
    let (a, w) = parse_archive(&half_bad.to_string(), None).unwrap();
    assert!(a.planner.is_some() && a.journal.is_none());
    assert!(
        w.iter()
            .any(|w| w.starts_with("files.journal") && w.contains("not imported")),
        "{w:?}"
    );
}

#[test]
fn conflicts_keep_the_older_text_once() {
    let (d, _) = parse_day(PLANNER, None).unwrap();
    let older = d.to_plan(t("2000-01-01T00:00:00Z"));
    let mut newer = older.clone();
    newer.ongoing_summary = "rewritten".into();
    let added = keep_plan_conflicts(&mut newer, &older, "archive");
    assert_eq!(added, ["conflict: archive copy of ongoing_summary"]);
    assert_eq!(
        newer.sections["conflict: archive copy of ongoing_summary"],
        "sum"
    );
    let again = newer.clone();
    keep_plan_conflicts(&mut newer, &older, "archive");
    assert_eq!(newer, again, "idempotent");
}

#[test]
fn settings_carry_over_and_keep_unknown_keys() {
    let legacy = json!({"version": "1.0.0", "user": {"name": "Steve"},
            "daily_routine": {"morning_briefing": true}, "preferences": {"timezone": "America/Chicago", "date_format": "YYYY-MM-DD"},
            "mcp": {"cache_ttl": 300}});
    let cur = Settings::default();
    let (s, notes) = merge_settings(&cur, &legacy);
    assert!(notes.is_empty(), "{notes:?}");
    assert_eq!(s.timezone(), Some("America/Chicago"));
    assert_eq!(s.user.as_ref().unwrap().name.as_deref(), Some("Steve"));
    assert_eq!(s.extra["daily_routine"]["morning_briefing"], true);
    assert_eq!(s.extra["preferences"]["date_format"], "YYYY-MM-DD");
    assert_eq!(s.extra["mcp"]["cache_ttl"], 300);
    let (again, _) = merge_settings(&s, &legacy);
    assert_eq!(again, s, "idempotent");
    let bad = json!({"user": {"timezone": "Mars/Base"}});
    let (s2, notes) = merge_settings(&cur, &bad);
    assert_eq!(s2.timezone(), None);
    assert!(notes[0].contains("user.timezone"));
}

#[test]
fn file_paths_relocate_days_and_archive() {
    let s = json!({"file_paths": {"days_directory": "./data/d", "archive_directory": ""}});
    assert_eq!(legacy_dirs(Some(&s)), ("./data/d".into(), "archive".into()));
    assert_eq!(legacy_dirs(None), ("days".into(), "archive".into()));
}

#[rstest]
#[case(r#"{"version":"1.0.0","tasks":[{"id":"a"},{"id":"b"},{"id":"#, 2)]
#[case(r#"{"tasks" : [ {"id":"a"} , {"id":"b"}"#, 2)]
#[case(r#"{"tasks":[{"id":"a"},{"id":"b"}], "updated": "2025-"#, 2)]
#[case(r#"{"tasks":[{"id":"a"},{"id""#, 1)]
#[case(r#"{"tasks":["#, 0)]
#[case(r#"{"tasks":[{"id":"a"}, oops, {"id":"c"}]}"#, 1)]
fn a_cut_short_todo_list_keeps_the_whole_tasks_before_the_cut(
    #[case] text: &str,
    #[case] kept: usize,
) {
    let tasks = salvage_tasks(text).unwrap();
    assert_eq!(tasks.len(), kept, "{text}");
    assert_eq!(
        tasks.first().map(|t| t["id"].clone()),
        (kept > 0).then(|| json!("a"))
    );
}

#[rstest]
#[case("")]
#[case(r#"{"version":"1.0.0","upd"#)]
#[case(r#"{"tasks": {"a": 1}}"#)]
fn a_todo_list_without_a_tasks_array_salvages_nothing(#[case] text: &str) {
    assert!(salvage_tasks(text).is_none());
}

proptest::proptest! {
    /// Whatever byte a file is cut at, the tasks kept are exactly those whose text ends before it.
    #[test]
    fn salvage_keeps_exactly_the_tasks_that_end_before_the_cut(
        titles in proptest::collection::vec("[a-z \"\\\\{}\\[\\],é]{0,12}", 0..6),
        cut_at in 0.0f64..1.0,
    ) {
        let tasks: Vec<Value> = titles.iter().enumerate()
            .map(|(i, t)| json!({"id": i.to_string(), "content": t, "notes": [t]}))
            .collect();
        const HEAD: &str = "{\"version\":\"1.0.0\",\"tasks\":[";
        let mut text = String::from(HEAD);
        let mut ends = Vec::new();
        for (i, t) in tasks.iter().enumerate() {
            if i > 0 { text.push_str(", "); }
            text.push_str(&t.to_string());
            ends.push(text.len());
        }
        text.push_str("],\"updated\":\"2025-07-15T19:26:38.300Z\"}");
        let mut cut = ((text.len() as f64) * cut_at) as usize;
        while !text.is_char_boundary(cut) { cut -= 1; }
        let short = &text[..cut];
        let expected = ends.iter().filter(|&&e| e <= cut).count();
        match salvage_tasks(short) {
            Some(kept) => proptest::prop_assert_eq!(&kept[..], &tasks[..expected]),
            None => proptest::prop_assert!(cut < HEAD.len(), "nothing salvaged at {}", cut),
        }
    }
}
