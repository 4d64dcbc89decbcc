//! The UI's TypeScript declarations of the records are generated from the Rust types (ts-rs
//! derives in valet-core) into `ui/src/lib/bindings/core.ts`; this test fails when the
//! committed file differs from what the types say now. Regenerate with
//! `VALET_UPDATE_BINDINGS=1 cargo test -p valet-tests --test bindings`; `npm run check` then
//! shows every place in the UI the change reaches.
// Tests stop at the first surprise; unwrap is the clearest way to say so.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

use ts_rs::{Config, TS};
use valet_core::day::{ArchivedDay, DayFile, DayPlan, JournalDay, JournalEntry, PlanTask};
use valet_core::organize::Step;
use valet_core::recurrence::Repeat;
use valet_core::reminders::Reminder;
use valet_core::{DayDate, ListKind, Priority, Project, ProjectId, Status, Todo, TodoId};

fn declarations() -> String {
    let cfg = Config::default();
    let decls = [
        TodoId::decl(&cfg),
        ProjectId::decl(&cfg),
        DayDate::decl(&cfg),
        Status::decl(&cfg),
        Priority::decl(&cfg),
        Reminder::decl(&cfg),
        Repeat::decl(&cfg),
        Step::decl(&cfg),
        Todo::decl(&cfg),
        ListKind::decl(&cfg),
        Project::decl(&cfg),
        PlanTask::decl(&cfg),
        DayPlan::decl(&cfg),
        JournalEntry::decl(&cfg),
        JournalDay::decl(&cfg),
        ArchivedDay::decl(&cfg),
        DayFile::decl(&cfg),
    ];
    let mut out = String::from(
        "// Generated from the Rust records by ts-rs (tests/bindings.rs): do not edit by hand.\n\
         // Regenerate: VALET_UPDATE_BINDINGS=1 cargo test -p valet-tests --test bindings\n",
    );
    for d in decls {
        out.push('\n');
        out.push_str("export ");
        out.push_str(d.trim());
        out.push('\n');
    }
    out
}

#[test]
fn the_ui_bindings_match_the_rust_records() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/src/lib/bindings/core.ts");
    let want = declarations();
    if std::env::var("VALET_UPDATE_BINDINGS").is_ok_and(|v| v == "1") {
        std::fs::write(&path, &want).unwrap();
    }
    let have = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        have == want,
        "{} is not what the Rust records say: run VALET_UPDATE_BINDINGS=1 cargo test -p valet-tests --test bindings",
        path.display()
    );
}
