//! The UI's TypeScript declarations of the records and the planner's views are generated from
//! the Rust types (ts-rs derives in valet-core and valet-service) into `ui/src/lib/bindings/facade.ts`; this test fails when the
//! committed file differs from what the types say now. Regenerate with
//! `VALET_UPDATE_BINDINGS=1 cargo test -p valet-tests --test bindings`; `npm run check` then
//! shows every place in the UI the change reaches.
// Tests stop at the first surprise; unwrap is the clearest way to say so.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

use ts_rs::{Config, TS};
use valet_core::day::{ArchivedDay, DayFile, DayPlan, JournalDay, JournalEntry, PlanTask};
use valet_core::insights::{Bucket, Carried, Group, Insights, Streaks};
use valet_core::organize::Step;
use valet_core::planner::{Reason, TodayItem, UpcomingDay};
use valet_core::project::ProjectSummary;
use valet_core::query::{PageMark, TodoPage};
use valet_core::recurrence::Repeat;
use valet_core::reminders::Reminder;
use valet_core::review::{Dated, Period, Review, ReviewTodo, Slipped};
use valet_core::search::{SearchHit, SearchResults};
use valet_core::{
    DayDate, ListKind, Priority, Project, ProjectId, RecordKind, Status, Todo, TodoId,
};
use valet_service::audit::AuditEntry;
use valet_service::planner::{
    CalendarDay, CalendarView, CarriedTask, MorningSummary, TodayCounts, TodayView, UpcomingView,
};
use valet_service::{ConflictKept, ImportReport, ImportWarning, KindCounts, Skipped, TodoCounts};

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
        RecordKind::decl(&cfg),
        // Today, Upcoming, History's calendar and search.
        Reason::decl(&cfg),
        TodayItem::decl(&cfg),
        CarriedTask::decl(&cfg),
        MorningSummary::decl(&cfg),
        TodayCounts::decl(&cfg),
        TodayView::decl(&cfg),
        UpcomingDay::decl(&cfg),
        UpcomingView::decl(&cfg),
        CalendarDay::decl(&cfg),
        CalendarView::decl(&cfg),
        SearchHit::decl(&cfg),
        SearchResults::decl(&cfg),
        // Insights and the review.
        Group::decl(&cfg),
        Bucket::decl(&cfg),
        Carried::decl(&cfg),
        Streaks::decl(&cfg),
        Insights::decl(&cfg),
        Period::decl(&cfg),
        ReviewTodo::decl(&cfg),
        Slipped::decl(&cfg),
        Dated::decl(&cfg),
        Review::decl(&cfg),
        // Lists, history, undo, days, sync conflicts, data in and out, projects, diagnostics.
        PageMark::decl(&cfg),
        TodoPage::decl(&cfg),
        ProjectSummary::decl(&cfg),
        TodoCounts::decl(&cfg),
        AuditEntry::decl(&cfg),
        valet_service::undo::UndoReport::decl(&cfg),
        valet_service::valet::DayView::decl(&cfg),
        valet_service::days::DaySection::decl(&cfg),
        valet_service::valet::DaySummary::decl(&cfg),
        valet_service::newday::NewDayPreview::decl(&cfg),
        valet_service::valet::NewDayReport::decl(&cfg),
        valet_service::sync::ConflictView::decl(&cfg),
        valet_service::progress::Progress::decl(&cfg),
        KindCounts::decl(&cfg),
        Skipped::decl(&cfg),
        ConflictKept::decl(&cfg),
        ImportWarning::decl(&cfg),
        ImportReport::decl(&cfg),
        valet_service::transfer::ExportFormat::decl(&cfg),
        valet_service::transfer::ExportReport::decl(&cfg),
        valet_service::restore::RestorePoint::decl(&cfg),
        valet_service::restore::RestoreReport::decl(&cfg),
        valet_service::projects::ProjectChange::decl(&cfg),
        valet_service::metrics::OperationStats::decl(&cfg),
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
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/src/lib/bindings/facade.ts");
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
