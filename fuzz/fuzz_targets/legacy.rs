//! The legacy importer's parsers: any text as a legacy day or archive file never panics, and
//! what parses converts to records that validate.
#![no_main]

use chrono::{TimeZone, Utc};
use libfuzzer_sys::fuzz_target;
use valet_core::legacy::{map_task, parse_archive, parse_day, parse_time};
use valet_core::DayDate;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let name = DayDate::parse("date", "2026-11-28").ok();
    let fallback = Utc.with_ymd_and_hms(2026, 11, 28, 9, 0, 0).unwrap();
    if let Ok((day, _)) = parse_day(text, name) {
        let _ = day.to_plan(fallback);
        let _ = day.to_journal(fallback);
    }
    if let Ok((archive, _)) = parse_archive(text, name) {
        let _ = archive.to_archived();
    }
    let _ = parse_time(text);
    // The global todo file: each task maps to a valid todo or is refused with a reason.
    if let Ok(serde_json::Value::Object(o)) = serde_json::from_str::<serde_json::Value>(text) {
        if let Some(serde_json::Value::Array(tasks)) = o.get("tasks") {
            for (i, t) in tasks.iter().enumerate() {
                if let Ok((todo, _)) = map_task(i, t, Some(fallback)) {
                    assert!(todo.validate().is_ok(), "{todo:?}");
                }
            }
        }
    }
});
