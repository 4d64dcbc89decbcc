//! The MCP server in-process: an rmcp client over an in-memory duplex, every tool, resource and
//! prompt, the errors an assistant can make, and what the tool list costs a model in tokens.
// Tests stop at the first surprise; unwrap is the clearest way to say so.
#![allow(clippy::unwrap_used, clippy::expect_used)]
// The token count's table is a report (the MCP crate bans stdout in product code, not here).
#![allow(clippy::print_stdout)]

use rmcp::model::{
    CallToolRequestParams, CallToolResult, ClientConfig, GetPromptRequestParams, Implementation,
    ReadResourceRequestParams, Tool,
};
use rmcp::service::RunningService;
use rmcp::{ClientHandler, RoleClient, ServiceExt};
use serde_json::{json, Value};
use valet_service::{Actor, OpenOptions, Valet};

#[derive(Clone, Default)]
struct Client;

impl ClientHandler for Client {
    fn get_info(&self) -> ClientConfig {
        let mut c = ClientConfig::default();
        c.client_info = Implementation::new("protocol-test", "1.0");
        c
    }
}

struct Session {
    client: RunningService<RoleClient, Client>,
    _dir: tempfile::TempDir,
    dir: std::path::PathBuf,
}

async fn start() -> Session {
    start_with(r#"{"user": {"timezone": "Europe/Paris"}}"#).await
}

async fn start_with(settings: &str) -> Session {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("settings.json"), settings).unwrap();
    let valet = Valet::open(OpenOptions {
        data_dir: Some(dir.path().to_path_buf()),
        actor: Actor::App,
        ..OpenOptions::default()
    })
    .await
    .unwrap();
    let (server_io, client_io) = tokio::io::duplex(1 << 16);
    let (r, w) = tokio::io::split(server_io);
    tokio::spawn(async move { valet_mcp::serve(valet, r, w).await });
    let client = Client.serve(client_io).await.unwrap();
    Session {
        client,
        dir: dir.path().to_path_buf(),
        _dir: dir,
    }
}

impl Session {
    async fn call(&self, tool: &str, args: Value) -> CallToolResult {
        self.client
            .call_tool(
                CallToolRequestParams::new(tool.to_owned())
                    .with_arguments(args.as_object().unwrap().clone()),
            )
            .await
            .unwrap_or_else(|e| panic!("{tool} failed at the protocol level: {e}"))
    }

    async fn ok(&self, tool: &str, args: Value) -> Value {
        let r = self.call(tool, args).await;
        assert_ne!(r.is_error, Some(true), "{tool}: {:?}", r.content);
        r.structured_content
            .unwrap_or_else(|| panic!("{tool}: no structuredContent"))
    }

    async fn err(&self, tool: &str, args: Value) -> String {
        let r = self.call(tool, args).await;
        assert_eq!(
            r.is_error,
            Some(true),
            "{tool} should fail: {:?}",
            r.structured_content
        );
        r.content
            .iter()
            .filter_map(|c| c.as_text().map(|t| t.text.clone()))
            .collect::<Vec<_>>()
            .join("\n")
    }
}

#[tokio::test]
async fn every_tool_is_described_strictly() {
    let s = start().await;
    let tools = s.client.list_all_tools().await.unwrap();
    let names: Vec<&str> = tools.iter().map(|t| t.name.as_ref()).collect();
    for legacy in [
        "valet_get_daily_context",
        "valet_update_daily",
        "valet_todo_operations",
        "valet_todo_view",
    ] {
        assert!(names.contains(&legacy), "missing {legacy}");
    }
    // A day's first valet_get_daily_context starts it: valet_new_day is callable, not listed.
    assert!(!names.contains(&"valet_new_day"), "{names:?}");
    // The whole tool list (names, titles, descriptions, annotations, schemas) is pinned: any
    // change to what agents see is a reviewed snapshot diff.
    let mut sorted = tools.clone();
    sorted.sort_by(|a, b| a.name.cmp(&b.name));
    insta::assert_json_snapshot!("tool_list", sorted);
    for t in &tools {
        let a = t
            .annotations
            .as_ref()
            .unwrap_or_else(|| panic!("{} has no annotations", t.name));
        assert!(
            t.title.is_some() && a.title.is_some(),
            "{} has no title",
            t.name
        );
        assert_eq!(a.open_world_hint, Some(false), "{}", t.name);
        assert!(
            a.read_only_hint.is_some()
                && a.destructive_hint.is_some()
                && a.idempotent_hint.is_some(),
            "{}",
            t.name
        );
        assert!(t.output_schema.is_some(), "{} has no output schema", t.name);
        // The server refuses unknown keys itself (bad_arguments_...); the schema never says
        // it would take them.
        let schema = serde_json::to_string(&t.input_schema).unwrap();
        assert!(
            !schema.contains("\"additionalProperties\":true"),
            "{}: {schema}",
            t.name
        );
        assert_eq!(
            t.input_schema.get("type"),
            Some(&json!("object")),
            "{}",
            t.name
        );
    }
}

#[tokio::test]
async fn a_day_with_valet_through_mcp() {
    let s = start().await;
    // Morning: add todos with words for dates.
    let added = s
        .ok("add_todos", json!({"todos": [
            {"content": "Call the bank", "priority": "high", "category": "finance", "due": "tomorrow 9am"},
            {"content": "Buy milk"},
            {"content": "Renew passport", "due": "in 3 days", "notes": ["photos first"]}
        ]}))
        .await;
    let todos = added["todos"].as_array().unwrap();
    assert_eq!(todos.len(), 3);
    assert_eq!(todos[0]["dueTime"], "09:00");
    // Issue 14: updating with words keeps their time as adding does; "" clears date and time.
    let milk_id = todos[1]["id"].as_str().unwrap().to_owned();
    let u = s
        .ok(
            "update_todos",
            json!({"updates": [{"id": milk_id, "due": "tomorrow 9am"}]}),
        )
        .await;
    assert_eq!(u["todos"][0]["dueTime"], "09:00", "{u}");
    let u = s
        .ok(
            "update_todos",
            json!({"updates": [{"id": milk_id, "due": ""}]}),
        )
        .await;
    assert!(
        u["todos"][0].get("due").is_none() && u["todos"][0].get("dueTime").is_none(),
        "{u}"
    );
    let bank = todos[0]["id"].as_str().unwrap().to_owned();
    let milk = todos[1]["id"].as_str().unwrap().to_owned();

    let found = s
        .ok("find_todos", json!({"priorities": ["high"], "due": "week"}))
        .await;
    assert_eq!(found["total"], 1);
    assert_eq!(found["todos"][0]["content"], "Call the bank");

    // Paging with a cursor covers everything once.
    let p1 = s.ok("find_todos", json!({"limit": 2})).await;
    let p2 = s
        .ok(
            "find_todos",
            json!({"limit": 2, "cursor": p1["nextCursor"]}),
        )
        .await;
    assert_eq!(p1["total"], 3);
    assert_eq!(p2["todos"].as_array().unwrap().len(), 1);
    assert!(p2.get("nextCursor").is_none());
    // Issue 13 item 4: a retried batch with the same requestId (its answer was lost) adds
    // nothing twice and answers with what the first try added.
    let req = json!({"todos": [{"content": "Book the venue"}, {"content": "Send invites"}], "requestId": "plan-party-1"});
    let first = s.ok("add_todos", req.clone()).await;
    let retry = s.ok("add_todos", req).await;
    assert_eq!(first["todos"], retry["todos"]);
    let all = s.ok("find_todos", json!({"text": "venue"})).await;
    assert_eq!(all["total"], 1, "{all}");
    let gone = first["todos"][1]["id"].as_str().unwrap().to_owned();
    s.ok("delete_todos", json!({"ids": [gone]})).await;
    s.ok("add_todos", json!({"todos": [{"content": "Book the venue"}, {"content": "Send invites"}], "requestId": "plan-party-1"})).await;
    let invites = s.ok("find_todos", json!({"text": "invites"})).await;
    assert_eq!(
        invites["total"], 0,
        "a deleted todo is not brought back by a retry: {invites}"
    );
    for t in first["todos"].as_array().unwrap().iter().take(1) {
        s.ok("delete_todos", json!({"ids": [t["id"]]})).await;
    }

    // Issue 13 item 14: completing what a page showed does not make the next page skip any.
    let mut seen = Vec::new();
    let mut cur: Option<String> = None;
    loop {
        let mut args = json!({"limit": 1});
        if let Some(c) = &cur {
            args["cursor"] = json!(c);
        }
        let page = s.ok("find_todos", args).await;
        for t in page["todos"].as_array().unwrap() {
            seen.push(t["id"].as_str().unwrap().to_owned());
        }
        match page["nextCursor"].as_str() {
            Some(c) => cur = Some(c.to_owned()),
            None => break,
        }
        let id = seen.last().unwrap().clone();
        s.ok(
            "update_todos",
            json!({"updates": [{"id": id, "status": "completed"}]}),
        )
        .await;
    }
    assert_eq!(seen.len(), 3, "{seen:?}");
    s.ok(
        "update_todos",
        json!({"updates": [
        {"id": seen[0], "status": "pending"}, {"id": seen[1], "status": "pending"}]}),
    )
    .await;

    // Plan the day, check a task, journal in the evening.
    let day = s
        .ok("edit_day", json!({"addTasks": ["Write report", "Gym"]}))
        .await;
    let task = day["plan"]["tasks"][0]["id"].as_str().unwrap().to_owned();
    assert_eq!(day["isToday"], true);
    let day = s
        .ok("edit_day", json!({"checkTasks": [{"id": task, "done": true}], "journalEntry": "Long but good day", "mood": "calm", "highlights": ["shipped"], "lessons": ["start earlier"]}))
        .await;
    assert_eq!(day["plan"]["tasks"][0]["done"], true);
    assert_eq!(day["journal"]["mood"], "calm");
    assert_eq!(day["journal"]["entries"].as_array().unwrap().len(), 1);

    // Complete and delete by short id.
    let short = &milk[milk.len() - 8..];
    let done = s.ok("update_todos", json!({"updates": [{"id": short, "status": "completed"}, {"id": bank, "addNote": "ask for Anna"}]})).await;
    assert_eq!(done["todos"][0]["status"], "completed");
    assert_eq!(done["todos"][1]["notes"], json!(["ask for Anna"]));
    let del = s.ok("delete_todos", json!({"ids": [short]})).await;
    assert_eq!(del["deleted"][0]["content"], "Buy milk");

    let hits = s.ok("search", json!({"query": "report"})).await;
    assert_eq!(hits["hits"][0]["kind"], "plan");
    let days = s.ok("list_days", json!({})).await;
    assert_eq!(days["days"].as_array().unwrap().len(), 1);
    let status = s.ok("status", json!({})).await;
    assert_eq!(status["timeZone"], "Europe/Paris");
    assert_eq!(status["todos"]["open"], 2);

    // The audit trail names the client.
    let log = std::fs::read_to_string(s.dir.join(".valet/changes.log")).unwrap();
    assert!(log.contains("\"by\":\"mcp:protocol-test\""), "{log}");
}

#[tokio::test]
async fn legacy_tools_answer_with_their_old_arguments() {
    let s = start().await;
    let added = s.ok("valet_todo_operations", json!({"action": "add", "task": {"content": "Pay rent", "priority": "high", "due": "2020-01-01"}})).await;
    let id = added["todo"]["id"].as_str().unwrap().to_owned();
    s.ok(
        "valet_todo_operations",
        json!({"action": "add", "task": {"content": "Someday maybe"}}),
    )
    .await;
    // Overdue todos are not in `week`, and undated todos are visible without `all`.
    let week = s
        .ok("valet_todo_view", json!({"filter": {"due": "week"}}))
        .await;
    assert_eq!(week["total"], 0);
    let overdue = s
        .ok("valet_todo_view", json!({"filter": {"due": "overdue"}}))
        .await;
    assert_eq!(overdue["todos"][0]["overdue"], true);
    let all = s.ok("valet_todo_view", json!({})).await;
    assert_eq!(all["total"], 2);
    let summary = s
        .call("valet_todo_view", json!({"format": "summary"}))
        .await;
    assert!(summary.content[0]
        .as_text()
        .unwrap()
        .text
        .contains("2 open"));

    s.ok(
        "valet_todo_operations",
        json!({"action": "move", "task": {"id": id, "category": "home"}}),
    )
    .await;
    let done = s
        .ok(
            "valet_todo_operations",
            json!({"action": "complete", "task": {"id": id}}),
        )
        .await;
    assert_eq!(
        (
            done["todo"]["status"].as_str(),
            done["todo"]["category"].as_str()
        ),
        (Some("completed"), Some("home"))
    );

    s.ok(
        "valet_update_daily",
        json!({"date": "2026-11-27", "fileType": "planner", "updates": [
        {"section": "tasks", "operation": "append", "content": "- [ ] carry me\n- [x] done"},
        {"section": "ongoing_summary", "operation": "replace", "content": "Q4 report"}
    ], "keywords": ["work"]}),
    )
    .await;
    let ctx = s
        .ok(
            "valet_get_daily_context",
            json!({"date": "2026-11-28", "includePreviousDay": true}),
        )
        .await;
    assert_eq!(
        ctx["previousDay"]["planner"]["ongoing_summary"],
        "Q4 report"
    );
    assert_eq!(ctx["todos"]["counts"]["open"], 1);
    let nd = s
        .ok(
            "valet_new_day",
            json!({"date": "2026-11-28", "skipEmbeddings": true}),
        )
        .await;
    assert_eq!(
        (nd["archived"].as_bool(), nd["carriedOver"].as_u64()),
        (Some(true), Some(1))
    );
    let again = s.ok("valet_new_day", json!({"date": "2026-11-28"})).await;
    assert_eq!(again["archived"], false, "no false 'archive created'");
}

#[tokio::test]
async fn bad_arguments_are_tool_errors_naming_the_argument_and_write_nothing() {
    let s = start().await;
    let cases = [
        (
            "add_todos",
            json!({"todos": [{"content": "x", "priority": "urgent"}]}),
            "todos[0].priority: unknown variant `urgent`",
        ),
        (
            "add_todos",
            json!({"todos": [{"content": "ok"}, {"content": "  "}]}),
            "todos[1].content: must not be empty",
        ),
        (
            "add_todos",
            json!({"todos": [{"content": "ok", "due": "someday"}]}),
            "todos[0].due: could not understand",
        ),
        (
            "add_todos",
            json!({"todos": []}),
            "todos: must contain at least one item",
        ),
        (
            "add_todos",
            json!({"todos": [{"content": "x", "colour": "red"}]}),
            "unknown field `colour`",
        ),
        (
            "update_todos",
            json!({"updates": [{"id": "0193c2a4-7b1e-7c3d-9f00-1a2b3c4d5e6f", "status": "completed"}]}),
            "todo not found",
        ),
        (
            "update_todos",
            json!({"updates": [{"id": "../../etc/passwd", "status": "completed"}]}),
            "id: must be a todo id",
        ),
        (
            "get_day",
            json!({"date": "2026-02-30"}),
            "date: must be a date in the form YYYY-MM-DD",
        ),
        (
            "edit_day",
            json!({"checkTasks": [{"id": "nope", "done": true}]}),
            "checkTasks[0].id: no plan task",
        ),
        (
            "find_todos",
            json!({"limit": 0}),
            "limit: must be from 1 to 200",
        ),
        (
            "find_todos",
            json!({"cursor": "abc"}),
            "cursor: must be a nextCursor",
        ),
        (
            "valet_todo_operations",
            json!({"action": "complete", "task": {}}),
            "task.id: is required",
        ),
        (
            "valet_update_daily",
            json!({"fileType": "diary", "updates": []}),
            "fileType: unknown variant `diary`",
        ),
        ("search", json!({"query": " "}), "query: must not be empty"),
    ];
    for (tool, args, msg) in cases {
        let text = s.err(tool, args.clone()).await;
        assert!(text.contains(msg), "{tool} {args}: {text}");
    }
    let status = s.ok("status", json!({})).await;
    assert_eq!(status["todos"]["open"], 0, "a failed call wrote nothing");
    assert_eq!(s.ok("list_days", json!({})).await["days"], json!([]));
}

#[tokio::test]
async fn resources_and_prompts_pull_the_data_in() {
    let s = start().await;
    s.ok(
        "add_todos",
        json!({"todos": [{"content": "Call the bank", "due": "today"}]}),
    )
    .await;
    s.ok(
        "edit_day",
        json!({"date": "2026-11-20", "addTasks": ["Old task"]}),
    )
    .await;
    let resources = s.client.list_all_resources().await.unwrap();
    let uris: Vec<&str> = resources.iter().map(|r| r.uri.as_str()).collect();
    assert_eq!(uris, ["valet://today", "valet://todos", "valet://status"]);
    let templates = s.client.list_all_resource_templates().await.unwrap();
    assert_eq!(templates.len(), 2);
    let read = |uri: &'static str| s.client.read_resource(ReadResourceRequestParams::new(uri));
    let todos = read("valet://todos").await.unwrap();
    let text = serde_json::to_string(&todos.contents).unwrap();
    assert!(text.contains("Call the bank"), "{text}");
    let day =
        serde_json::to_string(&read("valet://day/2026-11-20").await.unwrap().contents).unwrap();
    assert!(day.contains("Old task"));
    assert!(read("valet://day/../../x").await.is_err());
    // The status resource carries the server's in-process metrics.
    let status = serde_json::to_value(&read("valet://status").await.unwrap().contents).unwrap();
    let status: Value = serde_json::from_str(status[0]["text"].as_str().unwrap()).unwrap();
    let metrics = &status["metrics"];
    assert_eq!(metrics["records"]["todos"], 1, "{metrics}");
    assert!(metrics["storageBytes"].as_u64().unwrap() > 0, "{metrics}");
    let ops = metrics["operations"].as_array().unwrap();
    let mutate = ops
        .iter()
        .find(|o| o["layer"] == "store" && o["operation"] == "mutate")
        .unwrap_or_else(|| panic!("no store mutate in {metrics}"));
    assert!(mutate["calls"].as_u64().unwrap() >= 2, "{mutate}");
    assert!(mutate["p99Ms"].as_f64().unwrap() >= mutate["p50Ms"].as_f64().unwrap());
    assert!(
        ops.iter()
            .any(|o| o["layer"] == "fs" && o["operation"] == "write"),
        "OpenDAL's metrics layer is observed: {metrics}"
    );
    assert!(
        read("valet://archive/2026-11-20").await.is_err(),
        "not archived yet"
    );

    let prompts = s.client.list_all_prompts().await.unwrap();
    assert_eq!(prompts.len(), 3);
    for name in ["plan_my_day", "end_of_day_review", "weekly_review"] {
        let p = s
            .client
            .get_prompt(GetPromptRequestParams::new(name))
            .await
            .unwrap();
        let text = serde_json::to_string(&p.messages).unwrap();
        assert!(
            text.contains("Call the bank"),
            "{name} lacks the todo list: {text}"
        );
    }
}

/// The audit trail names the MCP client that made a change (by the name it gave at connect).
#[tokio::test]
async fn the_audit_trail_records_an_mcp_change_with_the_clients_name() {
    let s = start().await;
    let added = s
        .ok("add_todos", json!({"todos": [{"content": "Audit me"}]}))
        .await;
    let id = added["todos"][0]["id"].as_str().unwrap().to_owned();
    s.ok(
        "update_todos",
        json!({"updates": [{"id": id, "status": "completed"}]}),
    )
    .await;

    // Another process (here, another handle) reads the trail from the change log.
    let reader = Valet::open(OpenOptions {
        data_dir: Some(s.dir.clone()),
        actor: Actor::Cli,
        ..OpenOptions::default()
    })
    .await
    .unwrap();
    let history = reader.history("todos", &id).await.unwrap();
    let seen: Vec<(u64, &str, &str)> = history
        .iter()
        .map(|e| (e.rev, e.op.as_str(), e.by.as_str()))
        .collect();
    assert_eq!(
        seen,
        vec![
            (2, "put", "mcp:protocol-test"),
            (1, "put", "mcp:protocol-test")
        ]
    );
    let by_mcp = reader
        .audit(&valet_service::AuditFilter {
            by: Some("mcp".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(by_mcp.len(), 2);
    let by_app = reader
        .audit(&valet_service::AuditFilter {
            by: Some("app".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert!(by_app.is_empty(), "{by_app:?}");
}

/// Issue 15: an agent schedules, plans a todo into the day, reads Today joined with the list
/// and Upcoming, and ticks the planned task: the todo is completed with it.
#[tokio::test]
async fn the_planner_through_mcp_today_plan_todo_and_upcoming() {
    let s = start().await;
    let added = s
        .ok(
            "add_todos",
            json!({"todos": [
                {"content": "Write the report", "when": "today"},
                {"content": "Pay rent", "due": "yesterday"},
                {"content": "Book flights", "when": "in 3 days", "due": "in 5 days"},
                {"content": "Call the bank"}
            ]}),
        )
        .await;
    let todos = added["todos"].as_array().unwrap();
    assert!(todos[0]["when"].is_string(), "{added}");
    let bank = todos[3]["id"].as_str().unwrap().to_owned();
    let err = s
        .err(
            "add_todos",
            json!({"todos": [{"content": "x", "when": "tomorrow 9am"}]}),
        )
        .await;
    assert!(err.contains("todos[0].when"), "{err}");

    let planned = s
        .ok("plan_todo", json!({"id": &bank[bank.len() - 8..]}))
        .await;
    let rows = planned["rows"].as_array().unwrap();
    let texts: Vec<&str> = rows.iter().map(|r| r["text"].as_str().unwrap()).collect();
    assert_eq!(
        texts,
        ["Pay rent", "Write the report", "Call the bank"],
        "{planned}"
    );
    assert_eq!(rows[0]["reason"], "overdue");
    assert_eq!(rows[2]["todoId"], bank.as_str());
    let task_key = rows[2]["key"].as_str().unwrap().to_owned();

    // get_today is the same list; get_day (today) carries it too.
    let today = s.ok("get_today", json!({})).await;
    assert_eq!(today["rows"].as_array().unwrap().len(), 3);
    let day = s.ok("get_day", json!({})).await;
    assert_eq!(day["today"].as_array().unwrap().len(), 3, "{day}");

    // Ticking the planned task with edit_day completes the todo.
    let task_id = task_key.trim_start_matches("task:");
    s.ok(
        "edit_day",
        json!({"checkTasks": [{"id": task_id, "done": true}]}),
    )
    .await;
    let found = s
        .ok("find_todos", json!({"status": "completed", "text": "bank"}))
        .await;
    assert_eq!(found["total"], 1, "{found}");

    let up = s.ok("get_upcoming", json!({"days": 7})).await;
    let days = up["days"].as_array().unwrap();
    assert_eq!(days.len(), 7);
    let flights: Vec<&Value> = days
        .iter()
        .filter(|d| {
            d.get("scheduled")
                .is_some_and(|l| l.to_string().contains("Book flights"))
        })
        .collect();
    assert_eq!(flights.len(), 1, "{up}");
    let err = s.err("get_upcoming", json!({"days": 0})).await;
    assert!(err.contains("days"), "{err}");
}

#[tokio::test]
async fn plan_todos_in_a_day_edit_are_linked_and_all_or_nothing() {
    let s = start().await;
    let added = s
        .ok(
            "valet_todo_operations",
            json!({"action": "add", "tasks": [{"content": "Call the bank"}, {"content": "Renew passport"}, {"content": "Old chore"}]}),
        )
        .await;
    let ids: Vec<String> = added["todos"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_str().unwrap().to_owned())
        .collect();
    let short = &ids[0][ids[0].len() - 8..];
    let day = s
        .ok(
            "valet_update_daily",
            json!({"planTodos": [short, &ids[1]], "journalEntry": "Planned the errands"}),
        )
        .await;
    let tasks = day["day"]["plan"]["tasks"].as_array().unwrap();
    assert_eq!(tasks.len(), 2, "{day}");
    assert_eq!(tasks[0]["todoId"], ids[0].as_str(), "{day}");
    // Planning one again adds nothing; ticking its task completes the todo.
    let again = s
        .ok("valet_update_daily", json!({"planTodos": [&ids[0]]}))
        .await;
    assert_eq!(again["day"]["plan"]["tasks"].as_array().unwrap().len(), 2);
    let task = tasks[0]["id"].as_str().unwrap();
    s.ok(
        "valet_update_daily",
        json!({"checkTasks": [{"id": task, "done": true}]}),
    )
    .await;
    let done = s
        .ok(
            "valet_todo_view",
            json!({"filter": {"status": "completed"}}),
        )
        .await;
    assert_eq!(done["total"], 1, "{done}");

    // A completed todo cannot be planned: the error names it, and nothing of the call is kept.
    s.ok(
        "valet_todo_operations",
        json!({"action": "complete", "task": {"id": &ids[2]}}),
    )
    .await;
    let err = s
        .err(
            "valet_update_daily",
            json!({"planTodos": [&ids[1], &ids[2]], "journalEntry": "Should not stay"}),
        )
        .await;
    assert!(err.contains("planTodos[1]"), "{err}");
    let ctx = s.ok("valet_get_daily_context", json!({})).await;
    assert!(!ctx.to_string().contains("Should not stay"), "{ctx}");
    let err = s
        .err("valet_update_daily", json!({"planTodos": ["nope"]}))
        .await;
    assert!(err.contains("planTodos[0]"), "{err}");
}

#[tokio::test]
async fn today_in_the_daily_context_is_bounded_and_says_what_it_left_out() {
    let s = start().await;
    let many: Vec<Value> = (0..60)
        .map(|i| json!({"content": format!("Late chore {i}"), "due": "yesterday"}))
        .collect();
    s.ok(
        "valet_todo_operations",
        json!({"action": "add", "tasks": many}),
    )
    .await;
    s.ok(
        "valet_update_daily",
        json!({"addTasks": ["Write the plan"]}),
    )
    .await;
    let r = s.call("valet_get_daily_context", json!({})).await;
    let ctx = r.structured_content.unwrap();
    let rows = ctx["today"].as_array().unwrap();
    assert_eq!(rows.len(), 50, "{ctx}");
    // The plan's own task is always there; 49 of the 60 todos fill the rest.
    assert!(rows.iter().any(|r| r["text"] == "Write the plan"), "{ctx}");
    assert_eq!(ctx["todayOmitted"], 11, "{ctx}");
    let text = r.content[0].as_text().unwrap().text.clone();
    assert!(text.contains("… and 11 more"), "{text}");
    let today = s.ok("get_today", json!({})).await;
    assert_eq!(today["omitted"], 11);
}

#[tokio::test]
async fn the_legacy_tools_setting_lists_every_callable_tool() {
    async fn names(s: Session) -> Vec<String> {
        let tools = s.client.list_all_tools().await.unwrap();
        tools.iter().map(|t| t.name.to_string()).collect()
    }
    let lean = names(start().await).await;
    let all = names(start_with(r#"{"mcp": {"legacyTools": true}}"#).await).await;
    for name in [
        "valet_new_day",
        "valet_plan_todo",
        "valet_list_days",
        "add_todos",
        "get_day",
    ] {
        assert!(!lean.contains(&name.to_owned()), "{name} in {lean:?}");
        assert!(all.contains(&name.to_owned()), "{name} not in {all:?}");
    }
    assert!(lean.iter().all(|n| all.contains(n)));
}

/// Issue 16: a repeat in words or as an RRULE, echoed back in both; completing makes the
/// next occurrence; a bad rule is a tool error naming the argument.
#[tokio::test]
async fn repeating_todos_through_mcp() {
    let s = start().await;
    let added = s
        .ok("add_todos", json!({"todos": [
            {"content": "Water the plants", "repeat": "every monday and thursday"},
            {"content": "Team review", "repeat": "RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=FR", "when": "friday"}
        ]}))
        .await;
    let t = &added["todos"][0];
    assert_eq!(t["repeat"]["words"], "every week on Mon, Thu", "{added}");
    assert_eq!(t["repeat"]["rrule"], "FREQ=WEEKLY;BYDAY=MO,TH");
    assert!(
        t["when"].is_string(),
        "a repeat with no date starts on its first day: {t}"
    );
    assert_eq!(added["todos"][1]["repeat"]["words"], "every 2 weeks on Fri");
    let id = t["id"].as_str().unwrap().to_owned();
    s.ok(
        "update_todos",
        json!({"updates": [{"id": id, "status": "completed"}]}),
    )
    .await;
    let open = s.ok("find_todos", json!({"text": "water"})).await;
    assert_eq!(open["total"], 1, "the next occurrence is open: {open}");
    assert_ne!(open["todos"][0]["id"], id.as_str());
    let err = s
        .err(
            "add_todos",
            json!({"todos": [{"content": "x", "repeat": "every 31st february"}]}),
        )
        .await;
    assert!(err.contains("todos[0].repeat"), "{err}");
    let err = s
        .err(
            "update_todos",
            json!({"updates": [{"id": id, "repeat": "FREQ=DAILY;COUNT=0"}]}),
        )
        .await;
    assert!(err.contains("repeat") && err.contains("COUNT"), "{err}");
}

/// Issue 16: reminders in words on add and update, echoed with when each fires; a todo with a
/// deadline time gets the default; bad input is a tool error naming the argument, nothing written.
#[tokio::test]
async fn reminders_through_mcp() {
    let s = start().await;
    let added = s
        .ok("add_todos", json!({"todos": [
            {"content": "Call the bank", "due": "tomorrow 9am", "reminders": ["30m before", "at deadline"]},
            {"content": "Dentist", "due": "tomorrow 3pm"},
            {"content": "Read", "due": "tomorrow 5pm", "reminders": []}
        ]}))
        .await;
    let bank = &added["todos"][0];
    let words: Vec<&str> = bank["reminders"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["words"].as_str().unwrap())
        .collect();
    assert_eq!(words, ["30 min before", "at the deadline"], "{added}");
    assert!(
        bank["reminders"][0]["at"]
            .as_str()
            .unwrap()
            .contains("T08:30"),
        "{bank}"
    );
    assert_eq!(added["todos"][1]["reminders"][0]["text"], "at deadline");
    assert!(added["todos"][2].get("reminders").is_none(), "{added}");
    let id = bank["id"].as_str().unwrap().to_owned();
    let updated = s
        .ok(
            "update_todos",
            json!({"updates": [{"id": id, "reminders": ["1 day before"]}]}),
        )
        .await;
    assert_eq!(updated["todos"][0]["reminders"][0]["text"], "24h before");
    let err = s
        .err(
            "add_todos",
            json!({"todos": [{"content": "x", "reminders": ["30m before"]}]}),
        )
        .await;
    assert!(
        err.contains("reminders") && err.contains("needs a deadline"),
        "{err}"
    );
    let err = s
        .err(
            "update_todos",
            json!({"updates": [{"id": id, "reminders": ["whenever"]}]}),
        )
        .await;
    assert!(err.contains("reminders[0]"), "{err}");
    let found = s.ok("find_todos", json!({"text": "x"})).await;
    assert_eq!(found["total"], 0, "nothing was written: {found}");
}

/// Issue 17: tags, a checklist and Markdown notes through MCP; find by tags (any / all); bad
/// tags are tool errors naming the argument.
#[tokio::test]
async fn tags_steps_and_notes_through_mcp() {
    let s = start().await;
    let added = s
        .ok("add_todos", json!({"todos": [
            {"content": "Paint the hall", "tags": ["home", "#diy"], "steps": ["Buy paint", "Tape"], "body": "Colour: **sage**"},
            {"content": "Fix the bike", "tags": ["diy"]}
        ]}))
        .await;
    let t = &added["todos"][0];
    assert_eq!(t["tags"], json!(["home", "diy"]), "{added}");
    assert_eq!(t["steps"][1]["text"], "Tape");
    assert_eq!(t["body"], "Colour: **sage**");
    let id = t["id"].as_str().unwrap().to_owned();
    let step = t["steps"][0]["id"].as_str().unwrap().to_owned();
    let updated = s
        .ok(
            "update_todos",
            json!({"updates": [{"id": id, "checkSteps": [{"id": step, "done": true}], "addSteps": ["Paint"], "removeTags": ["home"], "addTags": ["weekend"]}]}),
        )
        .await;
    let u = &updated["todos"][0];
    assert_eq!(u["steps"][0]["done"], true, "{updated}");
    assert_eq!(u["steps"].as_array().unwrap().len(), 3);
    assert_eq!(u["tags"], json!(["diy", "weekend"]));
    let any = s
        .ok("find_todos", json!({"tags": ["weekend", "diy"]}))
        .await;
    assert_eq!(any["total"], 2, "{any}");
    let all = s
        .ok(
            "find_todos",
            json!({"tags": ["weekend", "diy"], "allTags": true}),
        )
        .await;
    assert_eq!(all["total"], 1, "{all}");
    let err = s
        .err(
            "update_todos",
            json!({"updates": [{"id": id, "addTags": ["two words"]}]}),
        )
        .await;
    assert!(err.contains("tags[") && err.contains("one word"), "{err}");
}

#[tokio::test]
async fn find_todos_says_when_completed_todos_match_too() {
    let s = start().await;
    let added = s
        .ok(
            "add_todos",
            json!({"todos": [{"content": "Call the dentist"}]}),
        )
        .await;
    let id = added["todos"][0]["id"].as_str().unwrap().to_owned();
    s.ok(
        "update_todos",
        json!({"updates": [{"id": id, "status": "completed"}]}),
    )
    .await;
    let r = s.call("find_todos", json!({"text": "dentist"})).await;
    let text = r.content[0].as_text().unwrap().text.clone();
    assert!(
        text.starts_with("0 of 0 open todos (1 completed match too"),
        "{text}"
    );
    let all = s
        .ok("find_todos", json!({"text": "dentist", "status": "all"}))
        .await;
    assert_eq!(all["total"], 1);
}

/// The legacy JavaScript server's tool list, model-visible tokens (baselines.md).
const LEGACY_TOKENS: usize = 1_300;

/// The text a client sends the model for one tool: what the Anthropic and OpenAI tool formats
/// carry (name, description, parameters as compact JSON). Titles, annotations and output
/// schemas stay in the client.
fn model_visible(t: &Tool) -> String {
    serde_json::to_string(&json!({
        "name": t.name,
        "description": t.description,
        "input_schema": t.input_schema,
    }))
    .unwrap()
}

#[tokio::test]
async fn the_tool_list_costs_at_most_one_point_two_times_the_legacy_tokens() {
    let tools = start().await.client.list_all_tools().await.unwrap();
    let o200k = bpe_openai::o200k_base();
    let cl100k = bpe_openai::cl100k_base();
    let mut total = (0, 0, 0);
    let mut rows = Vec::new();
    for t in &tools {
        let text = model_visible(t);
        let (a, b) = (o200k.count(&text), cl100k.count(&text));
        total = (total.0 + a, total.1 + b, total.2 + text.len());
        rows.push(format!("{:<26} {a:>5} {b:>6} {:>6}", t.name, text.len()));
    }
    // The bench prints these lines (cargo xtask bench -- --only mcp).
    println!("tool list, model-visible: tool, o200k tokens, cl100k tokens, bytes");
    for r in &rows {
        println!("{r}");
    }
    println!(
        "{:<26} {:>5} {:>6} {:>6}  ({} tools; legacy ≈ {LEGACY_TOKENS}; o200k ratio {:.2}x)",
        "total",
        total.0,
        total.1,
        total.2,
        tools.len(),
        total.0 as f64 / LEGACY_TOKENS as f64
    );
    let budget = LEGACY_TOKENS * 12 / 10;
    assert!(
        total.0 <= budget && total.1 <= budget,
        "the tool list costs {} (o200k) / {} (cl100k) tokens, over the budget of {budget}",
        total.0,
        total.1
    );
}

/// Audit B, finding 5 and 10: errors from the facade named its own lists (`todos[1]`,
/// `updates[1]`) or no item at all, unknown ids named no argument, and serde spoke Rust
/// (`expected u8`, `expected struct LegacyFilterArg`).
#[tokio::test]
async fn errors_name_the_argument_the_tool_was_sent_in_json_words() {
    let s = start().await;
    let added = s
        .ok("add_todos", json!({"todos": [{"content": "Pay rent"}]}))
        .await;
    let id = added["todos"][0]["id"].as_str().unwrap().to_owned();
    let unknown = "0193c2a4-7b1e-7c3d-9f00-1a2b3c4d5e6f";
    let cases = [
        (
            "valet_todo_operations",
            json!({"action": "add", "task": {"content": "x", "tags": ["has space"]}}),
            "task.tags[0]",
        ),
        (
            "valet_todo_operations",
            json!({"action": "add", "tasks": [{"content": "ok"}, {"content": "x", "tags": ["a b"]}]}),
            "tasks[1].tags[0]",
        ),
        (
            "valet_todo_operations",
            json!({"action": "update", "tasks": [{"id": id, "content": "fine"}, {"id": id, "content": " "}]}),
            "tasks[1].content: must not be empty",
        ),
        (
            "valet_todo_operations",
            json!({"action": "complete", "task": {"id": unknown}}),
            "task.id: there is no todo with id",
        ),
        (
            "valet_todo_operations",
            json!({"action": "complete", "tasks": [{"id": id}, {"id": unknown}]}),
            "tasks[1].id: there is no todo with id",
        ),
        (
            "valet_todo_view",
            json!({"history": unknown}),
            "history: there is no todo with id",
        ),
        (
            "valet_update_daily",
            json!({"planTodos": [id, unknown]}),
            "planTodos[1]: there is no todo with id",
        ),
        (
            "valet_update_daily",
            json!({"moodScore": -1}),
            "moodScore: invalid value: integer `-1`, expected a whole number, 0 or more",
        ),
        (
            "valet_todo_view",
            json!({"filter": "open"}),
            "filter: invalid type: string \"open\", expected an object",
        ),
    ];
    for (tool, args, msg) in cases {
        let text = s.err(tool, args.clone()).await;
        assert!(text.contains(msg), "{tool} {args}: {text}");
    }
    let todo = s.ok("find_todos", json!({})).await;
    assert_eq!(
        todo["todos"][0]["content"], "Pay rent",
        "nothing was written"
    );
}

/// Audit B, finding 9: `complete` with the whole task (as legacy clients send it) also renamed
/// it, changed its priority and cleared its deadline.
#[tokio::test]
async fn complete_changes_the_status_and_notes_only_and_says_what_it_left() {
    let s = start().await;
    let added = s
        .ok(
            "add_todos",
            json!({"todos": [{"content": "Pay rent", "priority": "high", "due": "2030-01-05"}]}),
        )
        .await;
    let id = added["todos"][0]["id"].as_str().unwrap().to_owned();
    let r = s
        .call(
            "valet_todo_operations",
            json!({"action": "complete", "task": {"id": id, "content": "Paid rent", "priority": "low", "due": "none", "notes": ["paid by card"]}}),
        )
        .await;
    assert_ne!(r.is_error, Some(true), "{:?}", r.content);
    let text = r.content[0].as_text().unwrap().text.clone();
    assert!(
        text.contains(
            "Not changed (only update changes them): task.content, task.priority, task.due"
        ),
        "{text}"
    );
    let todo = &r.structured_content.unwrap()["todo"];
    assert_eq!(todo["content"], "Pay rent");
    assert_eq!(todo["priority"], "high");
    assert_eq!(todo["status"], "completed");
    assert!(
        todo["due"]
            .as_str()
            .unwrap_or_default()
            .starts_with("2030-01-05"),
        "{todo}"
    );
    assert_eq!(todo["notes"], json!(["paid by card"]));
}
