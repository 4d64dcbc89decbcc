//! The todo list's text filter against the case table the UI's Vitest reads too
//! (`tests/cases/text_filter.json`), so the Rust query and the app's as-you-type filter keep
//! one rule.
// Tests stop at the first surprise; unwrap is the clearest way to say so.
#![allow(clippy::unwrap_used, clippy::expect_used)]
// Reading fixtures and running the oracle is the tests' job, not the domain's (clippy.toml).
#![allow(clippy::disallowed_methods)]

use chrono::{TimeZone, Utc};
use serde::Deserialize;
use valet_core::query::StatusFilter;
use valet_core::{NewTodo, Today, TodoId, TodoQuery};

#[derive(Deserialize)]
struct Table {
    todos: Vec<Row>,
    cases: Vec<Case>,
}

#[derive(Deserialize)]
struct Row {
    content: String,
    category: String,
    notes: Vec<String>,
}

#[derive(Deserialize)]
struct Case {
    text: String,
    want: Vec<String>,
}

#[test]
fn the_text_filter_follows_the_shared_case_table() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/cases/text_filter.json");
    let table: Table = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let now = Utc.with_ymd_and_hms(2026, 11, 29, 9, 0, 0).unwrap();
    let todos: Vec<_> = table
        .todos
        .iter()
        .enumerate()
        .map(|(i, r)| {
            NewTodo {
                content: r.content.clone(),
                category: Some(r.category.clone()),
                notes: r.notes.clone(),
                ..NewTodo::default()
            }
            .into_todo(
                TodoId::new_v7(1_700_000_000_000 + i as u64, [i as u8; 10]),
                now,
            )
            .unwrap()
        })
        .collect();
    let today = Today::at(now, chrono_tz::UTC);
    for c in &table.cases {
        let q = TodoQuery {
            status: StatusFilter::All,
            text: Some(c.text.clone()),
            ..TodoQuery::default()
        };
        let mut got: Vec<String> = q
            .run(&todos, &today)
            .items
            .into_iter()
            .map(|t| t.content)
            .collect();
        got.sort();
        assert_eq!(got, c.want, "text {:?}", c.text);
    }
}
