//! Hostile input for every parser that reads outside data (record files, settings, legacy
//! files, quick-add lines, dates, ids): arbitrary bytes and structured-but-wrong JSON never
//! panic, and anything accepted is valid. (Part of the reliability campaign; `cargo xtask test`
//! runs the default case counts, `PROPTEST_CASES=100000` goes further.)
// Tests stop at the first surprise; unwrap is the clearest way to say so.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::NaiveDate;
use proptest::prelude::*;
use serde_json::Value;
use valet_core::{DayDate, DayPlan, Envelope, JournalDay, RecordKey, Settings, Todo, TodoId};

fn key() -> RecordKey {
    RecordKey::from_path("todos/0193c2a4-7b1e-7c3d-9f00-1a2b3c4d5e6f.json").unwrap()
}

/// JSON values of any shape, a few levels deep, with awkward strings.
fn json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(Value::from),
        "\\PC{0,20}".prop_map(Value::String),
        Just(Value::String("../../etc/passwd".into())),
        Just(Value::String("2026-02-30".into())),
        Just(Value::String("\u{202e}\u{0}".into())),
    ];
    leaf.prop_recursive(4, 64, 8, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            proptest::collection::btree_map(
                prop_oneof![
                    Just("format".to_string()),
                    Just("kind".to_string()),
                    Just("id".to_string()),
                    Just("rev".to_string()),
                    Just("clock".to_string()),
                    Just("data".to_string()),
                    Just("deleted".to_string()),
                    Just("content".to_string()),
                    Just("status".to_string()),
                    Just("storage".to_string()),
                    Just("user".to_string()),
                    Just("sections".to_string()),
                    Just("tasks".to_string()),
                    Just("date".to_string()),
                    "\\PC{0,8}".prop_map(|s| s),
                ],
                inner,
                0..8,
            )
            .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn record_decoder_never_panics_on_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        let _ = Envelope::<Todo>::decode(&key(), &bytes);
        let _ = Envelope::<DayPlan>::decode(&key(), &bytes);
    }

    #[test]
    fn record_decoder_accepts_only_valid_todos(v in json()) {
        let bytes = serde_json::to_vec(&v).unwrap();
        let k = key();
        if let Ok(e) = Envelope::<Todo>::decode(&k, &bytes) {
            prop_assert_eq!(e.id.as_str(), k.id());
        }
        let _ = Envelope::<JournalDay>::decode(&key(), &bytes);
    }

    #[test]
    fn settings_loader_never_panics_and_accepted_settings_round_trip(v in json(), s in "\\PC{0,200}") {
        // What loads is valid, and writing it back loses nothing: it loads again the same
        // (unknown keys are kept verbatim).
        if let Ok(parsed) = Settings::from_json(&v.to_string()) {
            prop_assert!(parsed.validate().is_ok());
            let again = Settings::from_json(&serde_json::to_string(&parsed).unwrap());
            prop_assert_eq!(again.ok(), Some(parsed));
        }
        let _ = Settings::from_json(&s);
    }

    #[test]
    fn legacy_parsers_never_panic(v in json(), s in "\\PC{0,300}", idx in 0usize..100) {
        let text = v.to_string();
        let d = DayDate::parse("d", "2026-11-28").ok();
        let _ = valet_core::legacy::parse_day(&text, d);
        let _ = valet_core::legacy::parse_archive(&text, d);
        let _ = valet_core::legacy::parse_day(&s, None);
        if let Ok((t, _)) = valet_core::legacy::map_task(idx, &v, None) {
            prop_assert!(t.validate().is_ok());
        }
        let _ = valet_core::legacy::split_legacy_checklist(&s);
    }

    #[test]
    fn quick_add_dates_and_ids_never_panic(s in "\\PC{0,120}") {
        let today = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
        let q = valet_core::quickadd::parse(&s, today);
        let _ = q.summary();
        let _ = valet_core::dates::parse_due("due", &s, today);
        let _ = TodoId::parse("id", &s);
        let _ = DayDate::parse("date", &s);
        let _ = RecordKey::from_path(&s);
    }
}
