//! The quick-add line and due-date words: any text never panics.
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
});
