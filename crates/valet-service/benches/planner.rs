//! `cargo xtask bench -- --only planner`: the planner's reads at scale (10,000 todos and three
//! years of days: plan, journal and archived copy for each), through the facade on a real fs
//! replica. Today, Upcoming, the calendar, insights and reviews, and search, beside peers
//! measured in the same run: the naive search the first version did (lowercase every text,
//! then `contains`) and reading every record file. Prints medians and ratios against the
//! targets of issues 15 and 22; asserts nothing about time.
// A benchmark's job is to print its table.
#![allow(clippy::print_stdout, clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{Days, NaiveDate, TimeZone, Utc};
use valet_core::{
    ArchivedDay, DayDate, DayPlan, JournalDay, NewTodo, PlanTask, Priority, RecordKind,
    SearchQuery, Status, TodoId,
};
use valet_service::{Actor, OpenOptions, Valet};
use valet_store::{Change, Record};

const TODOS: usize = 10_000;
const TAGS: &[&str] = &[
    "work", "home", "calls", "errands", "deep", "quick", "waiting", "family", "money", "health",
    "reading", "someday",
];
const DAYS: u64 = 3 * 365;

const WORDS: &[&str] = &[
    "meeting",
    "report",
    "garden",
    "invoice",
    "call",
    "bank",
    "review",
    "draft",
    "email",
    "team",
    "lunch",
    "walk",
    "read",
    "chapter",
    "budget",
    "plan",
    "trip",
    "doctor",
    "gym",
    "groceries",
    "design",
    "deploy",
    "notes",
    "project",
    "client",
    "schedule",
    "café",
    "Zürich",
    "music",
    "river",
];

fn text(seed: usize, words: usize) -> String {
    (0..words)
        .map(|i| WORDS[(seed * 31 + i * 17 + i * i) % WORDS.len()])
        .collect::<Vec<_>>()
        .join(" ")
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

async fn time<F, Fut>(runs: usize, mut f: F) -> Duration
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    let mut v = Vec::with_capacity(runs);
    for _ in 0..runs {
        let s = Instant::now();
        f().await;
        v.push(s.elapsed());
    }
    median(v)
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let runs = if quick { 11 } else { 51 };
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("settings.json"),
        r#"{"user": {"timezone": "Europe/Paris"}}"#,
    )
    .unwrap();
    let now = Utc.with_ymd_and_hms(2026, 11, 30, 12, 0, 0).unwrap();
    let valet = Valet::open(OpenOptions {
        data_dir: Some(dir.path().to_path_buf()),
        actor: Actor::Cli,
        clock: Some(Arc::new(move || now)),
        ..OpenOptions::default()
    })
    .await
    .unwrap();
    let today = now.date_naive();
    let first = today.checked_sub_days(Days::new(DAYS)).unwrap();

    // 10,000 todos: a fifth completed, a third with a deadline around today, a quarter scheduled.
    let mut changes = Vec::new();
    for i in 0..TODOS {
        let near = |k: usize| today.checked_add_days(Days::new((i % k) as u64)).unwrap();
        let t = NewTodo {
            priority: Some([Priority::High, Priority::Medium, Priority::Low][i % 3]),
            due: (i % 3 == 0).then(|| near(40) - chrono::Duration::days(10)),
            when: (i % 4 == 0).then(|| near(20)),
            notes: if i % 10 == 0 {
                vec![text(i + 7, 20)]
            } else {
                vec![]
            },
            status: Some(if i % 5 == 0 {
                Status::Completed
            } else {
                Status::Pending
            }),
            // A dozen tags in use, one to three per todo (issue 17's filter).
            tags: (0..1 + i % 3)
                .map(|k| TAGS[(i * 7 + k * 5) % TAGS.len()].to_owned())
                .collect(),
            category: Some(["Work", "Home", "Errands", "Health"][i % 4].to_owned()),
            ..NewTodo::new(text(i, 8))
        }
        .into_todo(
            TodoId::new_v7(1_780_000_000_000 + i as u64, [(i % 251) as u8; 10]),
            now,
        )
        .unwrap();
        changes.push(Change::Put(Record::Todo(t)));
    }
    // Three years of days: a plan with 6 tasks and prose, a journal, and the archived copy.
    for n in 0..DAYS {
        let date: NaiveDate = first.checked_add_days(Days::new(n)).unwrap();
        let d = DayDate::new(date);
        let mut p = DayPlan::new(d, now);
        p.tasks = (0..6)
            .map(|k| PlanTask::new(format!("t{n}-{k}"), text(n as usize + k, 5), k % 2 == 0))
            .collect();
        p.ongoing_summary = text(n as usize * 3, 120);
        p.personal_reminders = text(n as usize * 5, 30);
        let mut j = JournalDay::new(d, now);
        j.reflections = text(n as usize * 7, 150);
        j.highlights = vec![text(n as usize, 10)];
        j.mood_score = Some(1 + (n % 5) as u8);
        changes.push(Change::Put(Record::Archive(ArchivedDay {
            date: d,
            plan: Some(p.clone()),
            journal: Some(j.clone()),
            archived_at: now,
        })));
        changes.push(Change::Put(Record::Plan(p)));
        changes.push(Change::Put(Record::Journal(j)));
    }
    let records = changes.len();
    let started = Instant::now();
    for chunk in changes.chunks(2_000) {
        let batch = chunk.to_vec();
        valet
            .store()
            .mutate("bench", move |_| {
                Ok::<_, valet_store::StoreError>((batch, ()))
            })
            .await
            .unwrap();
    }
    println!(
        "planner bench: {TODOS} todos and {DAYS} days (plan, journal, archive each): {records} records written in {:.1} s; {runs} runs per figure (medians)",
        started.elapsed().as_secs_f64()
    );

    let today_ms = ms(time(runs, || async {
        std::hint::black_box(valet.today_view(false).await.unwrap());
    })
    .await);
    let upcoming_ms = ms(time(runs, || async {
        std::hint::black_box(valet.upcoming(14).await.unwrap());
    })
    .await);
    let calendar_ms = ms(time(runs, || async {
        std::hint::black_box(valet.calendar("2026-11").await.unwrap());
    })
    .await);
    println!("\n| read | p50 ms | target ms | p50 / target |");
    println!("|---|---:|---:|---:|");
    println!(
        "| Today (joined, 10,000 todos) | {today_ms:.2} | 5 | {:.2} |",
        today_ms / 5.0
    );
    println!("| Upcoming, 14 days | {upcoming_ms:.2} | - | - |");
    // Issue 17: the list filtered by two tags (all of them) and a project (a todo's category),
    // through the facade, first page of 50.
    let tagged = valet_core::TodoQuery {
        tags: vec!["calls".into(), "quick".into()],
        all_tags: true,
        categories: vec!["Work".into()],
        limit: Some(50),
        ..valet_core::TodoQuery::default()
    };
    let tags_ms = ms(time(runs, || async {
        std::hint::black_box(valet.list_todos(&tagged).await.unwrap());
    })
    .await);
    println!(
        "| 10,000 todos filtered by two tags and a project | {tags_ms:.2} | 2 | {:.2} |",
        tags_ms / 2.0
    );
    // Issue 17: undo (and redo) of a change at 10,000 todos: the journal read, the inverse,
    // one write under the lock.
    let first_todo = valet
        .list_todos(&valet_core::TodoQuery::default())
        .await
        .unwrap()
        .items[0]
        .id
        .to_string();
    valet.complete_todo(&first_todo).await.unwrap();
    let undo_ms = ms(time(runs, || async {
        std::hint::black_box(valet.undo().await.unwrap());
        std::hint::black_box(valet.redo().await.unwrap());
    })
    .await)
        / 2.0;
    println!(
        "| undo (or redo) of a change, 10,000 todos | {undo_ms:.2} | 10 | {:.2} |",
        undo_ms / 10.0
    );
    println!("| calendar, one month | {calendar_ms:.2} | - | - |");

    // Insights and reviews (issue 22: < 50 ms at p50 over 3 years and 10,000 todos), beside a
    // peer: reading every record file from disk, which the index in memory avoids.
    let years = (today - first).num_days();
    let from = first.to_string();
    let insights_ms = ms(time(runs, || async {
        std::hint::black_box(
            valet
                .insights(Some(&from), None, valet_core::insights::Group::Week)
                .await
                .unwrap(),
        );
    })
    .await);
    let review_ms = ms(time(runs, || async {
        std::hint::black_box(
            valet
                .review(valet_core::review::Period::Month, None)
                .await
                .unwrap(),
        );
    })
    .await);
    let root = dir.path().to_path_buf();
    let peer_ms = ms(time(runs.min(11), || async {
        let mut bytes = 0usize;
        for kind in ["todos", "plans", "journals", "archive"] {
            if let Ok(rd) = std::fs::read_dir(root.join(kind)) {
                for e in rd.flatten() {
                    bytes += std::fs::read(e.path()).map(|b| b.len()).unwrap_or(0);
                }
            }
        }
        std::hint::black_box(bytes);
    })
    .await);
    println!(
        "| insights, {years} days by week, 10,000 todos | {insights_ms:.2} | 50 | {:.2} |",
        insights_ms / 50.0
    );
    println!(
        "| month review (with its insights) | {review_ms:.2} | 50 | {:.2} |",
        review_ms / 50.0
    );
    println!(
        "| peer: reading every record file (what insights avoid) | {peer_ms:.2} | - | valet is {:.0}x faster |",
        peer_ms / insights_ms.max(0.001)
    );

    // Recurrence: the next occurrence of 10,000 repeating todos (target < 50 ms for all).
    let rules = [
        "FREQ=DAILY",
        "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR",
        "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH",
        "FREQ=MONTHLY;BYMONTHDAY=15",
        "FREQ=MONTHLY;BYDAY=-1FR",
        "FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=3",
    ];
    let series: Vec<valet_core::recurrence::Repeat> = (0..TODOS)
        .map(|i| valet_core::recurrence::Repeat {
            rule: rules[i % rules.len()].into(),
            after_done: i % 7 == 0,
            start: first.checked_add_days(Days::new((i % 900) as u64)).unwrap(),
            series: TodoId::new_v7(i as u64, [1; 10]),
            paused: false,
        })
        .collect();
    // As Valet keeps a series: DTSTART moves to each occurrence as it is completed.
    let anchored_ms = ms(time(runs.min(21), || async {
        for r in &series {
            std::hint::black_box(r.next_after(r.start).unwrap());
        }
    })
    .await);
    // A series never completed since its first day, up to 900 days back.
    let far_ms = ms(time(runs.min(11), || async {
        for r in &series {
            std::hint::black_box(r.next_after(today).unwrap());
        }
    })
    .await);
    println!(
        "| next occurrence of 10,000 repeating todos (anchored at the occurrence) | {anchored_ms:.2} | 50 | {:.2} |",
        anchored_ms / 50.0
    );
    println!("| the same, first day up to 900 days back | {far_ms:.2} | - | - |");

    // The peer: every text lowercased, then `contains` (the first version's search).
    let snapshot = valet
        .store()
        .read(|r| {
            let mut texts: Vec<String> = r
                .todos()
                .flat_map(|t| std::iter::once(t.content.clone()).chain(t.notes.clone()))
                .collect();
            for p in r.plans() {
                texts.extend(p.sections_in_order().into_iter().map(|(_, t)| t));
            }
            for j in r.journals() {
                texts.extend(j.sections_in_order().into_iter().map(|(_, t)| t));
            }
            for a in r.archives() {
                if let Some(p) = &a.plan {
                    texts.extend(p.sections_in_order().into_iter().map(|(_, t)| t));
                }
                if let Some(j) = &a.journal {
                    texts.extend(j.sections_in_order().into_iter().map(|(_, t)| t));
                }
            }
            texts
        })
        .await
        .unwrap();
    let mb = snapshot.iter().map(String::len).sum::<usize>() as f64 / 1e6;
    println!("\nsearch over {mb:.1} MB of text (todos, plans, journals, archives):\n");
    println!(
        "| query | hits | p50 ms | naive peer p50 ms | peer / valet | target 30 ms: p50 / target |"
    );
    println!("|---|---:|---:|---:|---:|---:|");
    for (label, q) in [
        ("one common word", "meeting"),
        ("two words", "garden invoice"),
        ("a rare word", "Zürich"),
        ("no match", "xylophone"),
        ("todos only, one word", "deploy"),
    ] {
        let kinds = if label.starts_with("todos") {
            vec![RecordKind::Todo]
        } else {
            vec![]
        };
        let query = SearchQuery {
            text: q.into(),
            limit: 20,
            kinds,
            ..SearchQuery::default()
        };
        let hits = valet.search_in(query.clone()).await.unwrap().total;
        let p50 = ms(time(runs, || async {
            std::hint::black_box(valet.search_in(query.clone()).await.unwrap());
        })
        .await);
        let words: Vec<String> = q.split_whitespace().map(str::to_lowercase).collect();
        let peer = ms(time(runs.min(21), || async {
            let n = snapshot
                .iter()
                .filter(|t| {
                    let l = t.to_lowercase();
                    words.iter().all(|w| l.contains(w.as_str()))
                })
                .count();
            std::hint::black_box(n);
        })
        .await);
        println!(
            "| {label} ({q}) | {hits} | {p50:.2} | {peer:.2} | {:.1}× | {:.2} |",
            peer / p50,
            p50 / 30.0
        );
    }
}
