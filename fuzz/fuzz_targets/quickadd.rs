//! The quick-add line, due-date words and search (a query over a todo and a plan made of the
//! same bytes): any text never panics.
#![no_main]

use chrono::NaiveDate;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Some(today) = NaiveDate::from_ymd_opt(2026, 11, 29) else {
        return;
    };
    let _ = valet_core::quickadd::parse(text, today);
    let _ = valet_core::dates::parse_due("due", text, today);
    let _ = valet_core::dates::parse_time_words(text);
    // Search: the first line is the query, the rest the text searched (highlights must land
    // on character boundaries whatever the case mapping does).
    let (query, hay) = text.split_once('\n').unwrap_or((text, text));
    let now = chrono::DateTime::from_timestamp(1_790_000_000, 0).unwrap_or_default();
    let id = valet_core::TodoId::new_v7(1, [7; 10]);
    let todo = valet_core::NewTodo::new(hay).into_todo(id, now).ok();
    let mut plan = valet_core::DayPlan::new(valet_core::DayDate::new(today), now);
    plan.reflections = hay.to_owned();
    let q = valet_core::SearchQuery {
        text: query.to_owned(),
        limit: 5,
        ..valet_core::SearchQuery::default()
    };
    let r = q.run(todo.iter(), [&plan], [], []);
    for h in r.hits {
        let units = h.snippet.encode_utf16().count();
        assert!(h.highlights.iter().all(|[a, b]| a < b && *b <= units));
    }
});
