//! The record reader: any bytes as a stored record of each kind never panic, and whatever
//! decodes is the record its path names.
#![no_main]

use libfuzzer_sys::fuzz_target;
use valet_core::{ArchivedDay, DayPlan, Envelope, JournalDay, RecordKey, Todo};

fuzz_target!(|data: &[u8]| {
    let todo = RecordKey::from_path("todos/0193c2a4-7b1e-7c3d-9f00-1a2b3c4d5e6f.json");
    let plan = RecordKey::from_path("plans/2026-11-28.json");
    let journal = RecordKey::from_path("journals/2026-11-28.json");
    let archive = RecordKey::from_path("archive/2026-11-28.json");
    if let Some(k) = todo {
        if let Ok(e) = Envelope::<Todo>::decode(&k, data) {
            assert_eq!(e.id, k.id());
            if let Some(t) = &e.data {
                let _ = t.validate_stored();
                assert_eq!(t.id.to_string(), k.id());
            }
        }
    }
    if let Some(k) = plan {
        if let Ok(Some(p)) = Envelope::<DayPlan>::decode(&k, data).map(|e| e.data) {
            let _ = p.validate();
        }
    }
    if let Some(k) = journal {
        if let Ok(Some(j)) = Envelope::<JournalDay>::decode(&k, data).map(|e| e.data) {
            let _ = j.validate();
        }
    }
    if let Some(k) = archive {
        if let Ok(Some(a)) = Envelope::<ArchivedDay>::decode(&k, data).map(|e| e.data) {
            let _ = a.validate();
        }
    }
});
