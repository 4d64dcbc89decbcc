//! Tests of the three-way merge (`merge.rs`).

use super::*;
use serde_json::json;

fn clock(ms: u64, node: &str) -> Hlc {
    Hlc {
        ms,
        counter: 0,
        node: node.into(),
    }
}

fn v(data: Value, ms: u64, node: &str) -> Version {
    Version {
        data: Some(data),
        clock: clock(ms, node),
        field_clocks: BTreeMap::new(),
        conflicts: vec![],
    }
}

fn b(data: Value) -> Version {
    v(data, 1, "base")
}

#[test]
fn edits_to_different_fields_both_survive() {
    let base = json!({"content": "Call bank", "priority": "medium", "status": "pending"});
    let l = v(
        json!({"content": "Call the bank", "priority": "medium", "status": "pending"}),
        10,
        "a",
    );
    let r = v(
        json!({"content": "Call bank", "priority": "high", "status": "completed"}),
        11,
        "b",
    );
    let m = merge(Some(&b(base.clone())), &l, &r);
    assert_eq!(
        m.data.unwrap(),
        json!({"content": "Call the bank", "priority": "high", "status": "completed"})
    );
    assert!(m.conflicts.is_empty());
}

#[test]
fn same_text_edited_on_both_keeps_the_newer_and_a_visible_conflict() {
    let base = json!({"content": "Call bank"});
    let l = v(json!({"content": "Call the bank at 9"}), 20, "a");
    let r = v(json!({"content": "Phone the bank"}), 10, "b");
    let m = merge(Some(&b(base.clone())), &l, &r);
    assert_eq!(m.data.unwrap()["content"], "Call the bank at 9");
    assert_eq!(
        m.conflicts,
        vec![Conflict {
            field: "content".into(),
            value: json!("Phone the bank"),
            clock: clock(10, "b")
        }]
    );
    // The same merge done the other way round gives the same result.
    let m2 = merge(Some(&b(base.clone())), &r, &l);
    assert_eq!(m2.data.unwrap()["content"], "Call the bank at 9");
}

#[test]
fn concurrent_appends_keep_both_additions() {
    let base = json!({"reflections": "Morning."});
    let l = v(
        json!({"reflections": "Morning.\n\nLunch with Sam."}),
        20,
        "a",
    );
    let r = v(json!({"reflections": "Morning.\n\nGym at 6."}), 10, "b");
    let m = merge(Some(&b(base.clone())), &l, &r);
    assert_eq!(
        m.data.unwrap()["reflections"],
        "Morning.\n\nGym at 6.\n\nLunch with Sam."
    );
    assert!(m.conflicts.is_empty());
}

#[test]
fn list_items_merge_by_id_with_deletes() {
    let base = json!({"tasks": [{"id": "1", "text": "a", "done": false}, {"id": "2", "text": "b", "done": false}]});
    let l = v(
        json!({"tasks": [{"id": "1", "text": "a", "done": true}, {"id": "3", "text": "c", "done": false}]}),
        20,
        "a",
    );
    let r = v(
        json!({"tasks": [{"id": "1", "text": "a", "done": false}, {"id": "2", "text": "b", "done": false}, {"id": "4", "text": "d", "done": false}]}),
        10,
        "b",
    );
    let m = merge(Some(&b(base.clone())), &l, &r);
    let ids: Vec<&str> = m.data.as_ref().unwrap()["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_str().unwrap())
        .collect();
    // What the other devices published ("4") comes before this side's own addition ("3").
    assert_eq!(ids, ["1", "4", "3"]);
    assert_eq!(m.data.unwrap()["tasks"][0]["done"], true);
}

#[test]
fn a_newer_delete_wins_and_an_older_one_does_not() {
    let live = v(json!({"content": "x"}), 10, "a");
    let dead = Version {
        data: None,
        clock: clock(20, "b"),
        field_clocks: BTreeMap::new(),
        conflicts: vec![],
    };
    assert_eq!(merge(None, &live, &dead).data, None);
    assert_eq!(merge(None, &dead, &live).data, None);
    let undo = v(json!({"content": "x"}), 30, "b");
    assert!(merge(None, &dead, &undo).data.is_some());
}

#[test]
fn a_resolved_conflict_stays_resolved() {
    let c = Conflict {
        field: "content".into(),
        value: json!("old"),
        clock: clock(5, "b"),
    };
    let mut base = v(json!({"content": "x"}), 10, "a");
    base.conflicts = vec![c.clone()];
    let mut resolved = v(json!({"content": "x"}), 20, "a");
    resolved.conflicts = vec![];
    let mut other = v(json!({"content": "x", "priority": "high"}), 15, "b");
    other.conflicts = vec![c];
    assert!(merge(Some(&base), &resolved, &other).conflicts.is_empty());
    assert!(merge(Some(&base), &other, &resolved).conflicts.is_empty());
}

#[test]
fn an_interrupted_sync_reapplying_an_append_does_not_duplicate_it() {
    let base = b(json!({"reflections": "Morning."}));
    let local = v(json!({"reflections": "Morning.\n\nLunch."}), 20, "a");
    let remote = v(json!({"reflections": "Morning.\n\nGym."}), 10, "b");
    let once = merge(Some(&base), &local, &remote);
    // The merge was committed, then the sync stopped before recording the new base: the next
    // sync meets the same remote version against the old base.
    let twice = merge(Some(&base), &once, &remote);
    assert_eq!(twice.data, once.data);
    assert_eq!(
        twice.data.unwrap()["reflections"],
        "Morning.\n\nGym.\n\nLunch."
    );
    // And from the other side too.
    let twice = merge(Some(&base), &remote, &once);
    assert_eq!(twice.data, once.data);
}

/// Seen in a fresh-clone CI run: kill -9 during a pull left a base older than what both
/// sides already shared, and the shared lines were appended a second time.
#[test]
fn a_stale_base_does_not_duplicate_what_both_sides_already_share() {
    let base = b(json!({"reflections": "Morning."}));
    let l = v(
        json!({"reflections": "Morning.\n\nfrom a 0\n\nfrom a 1\n\nfrom a 2"}),
        20,
        "a",
    );
    let r = v(
        json!({"reflections": "Morning.\n\nfrom a 0\n\nfrom a 1\n\nfrom b 0"}),
        10,
        "b",
    );
    let m = merge(Some(&base), &l, &r);
    let text = m.data.unwrap()["reflections"].as_str().unwrap().to_owned();
    for line in ["from a 0", "from a 1", "from a 2", "from b 0"] {
        assert_eq!(text.matches(line).count(), 1, "{line:?} in {text:?}");
    }
    assert_eq!(common_lines("x\ny", "x\nz"), 2);
    assert_eq!(common_lines("x\ny", "x\ny\nz"), 3);
    assert_eq!(common_lines("x\nyy", "x\ny"), 2);
}

#[test]
fn a_reminder_shown_on_either_device_stays_shown() {
    // Device a showed the 09:00 reminder; b, with an older clock edit, had only 08:30.
    let base = b(json!({"content": "x", "remindedUntil": "2026-12-01T08:00:00Z"}));
    let l = v(
        json!({"content": "x", "remindedUntil": "2026-12-01T09:00:00Z"}),
        10,
        "a",
    );
    let r = v(
        json!({"content": "x", "remindedUntil": "2026-12-01T08:30:00.5Z"}),
        20,
        "b",
    );
    for (x, y) in [(&l, &r), (&r, &l)] {
        let m = merge(Some(&base), x, y);
        assert_eq!(m.data.unwrap()["remindedUntil"], "2026-12-01T09:00:00Z");
    }
}

#[test]
fn a_held_addition_must_be_whole_lines() {
    assert!(holds_block("\n\nok\nmore", "\n\nok"));
    assert!(!holds_block("\n\nokay", "ok"));
    assert!(holds_block("anything", "\n"));
}

fn dead(ms: u64, node: &str) -> Version {
    Version {
        data: None,
        clock: clock(ms, node),
        field_clocks: BTreeMap::new(),
        conflicts: vec![],
    }
}

#[test]
fn a_delete_racing_an_edit_keeps_the_edit_with_a_visible_conflict() {
    let base = b(json!({"content": "x", "notes": []}));
    let edited = v(json!({"content": "x", "notes": ["call first"]}), 10, "desk");
    // The delete is later by clock, but it never saw the note.
    let deleted = dead(20, "laptop");
    for m in [
        merge(Some(&base), &edited, &deleted),
        merge(Some(&base), &deleted, &edited),
    ] {
        assert_eq!(m.data, edited.data);
        assert_eq!(
            m.conflicts,
            vec![Conflict {
                field: DELETED.into(),
                value: Value::Null,
                clock: clock(20, "laptop")
            }]
        );
    }
}

#[test]
fn a_delete_of_an_unchanged_record_wins_whatever_the_clocks() {
    let base = b(json!({"content": "x"}));
    let same = v(json!({"content": "x"}), 50, "a");
    let deleted = dead(20, "b");
    assert_eq!(merge(Some(&base), &same, &deleted).data, None);
    assert_eq!(merge(Some(&base), &deleted, &same).data, None);
    // An undo of an agreed delete is a change on one side only: it wins.
    let agreed = dead(20, "b");
    let restored = v(json!({"content": "x"}), 30, "a");
    assert!(merge(Some(&agreed), &restored, &dead(20, "b"))
        .data
        .is_some());
}

proptest::proptest! {
    /// Applying the same remote version twice changes nothing the second time: the
    /// property that makes an interrupted sync safe to resume.
    #[test]
    fn merging_the_same_remote_twice_is_a_no_op(
        base in proptest::collection::vec("[a-z]{1,6}", 0..3),
        la in proptest::collection::vec("[a-z]{1,6}", 0..3),
        ra in proptest::collection::vec("[a-z]{1,6}", 0..3),
        lnotes in proptest::collection::vec("[a-z]{1,3}", 0..3),
        rnotes in proptest::collection::vec("[a-z]{1,3}", 0..3),
        lc in 2u64..50, rc in 2u64..50,
        ldel: bool, rdel: bool,
    ) {
        let text = |parts: &[String]| parts.join("\n\n");
        let join = |a: &[String], b: &[String]| {
            let mut all = a.to_vec();
            all.extend_from_slice(b);
            text(&all)
        };
        let bv = b(json!({"reflections": text(&base), "notes": ["n"]}));
        let mut l = v(json!({"reflections": join(&base, &la), "notes": lnotes}), lc, "a");
        let mut r = v(json!({"reflections": join(&base, &ra), "notes": rnotes}), rc, "b");
        if ldel { l.data = None; }
        if rdel { r.data = None; }
        let once = merge(Some(&bv), &l, &r);
        let twice = merge(Some(&bv), &once, &r);
        proptest::prop_assert_eq!(&twice.data, &once.data);
        proptest::prop_assert_eq!(&twice.conflicts, &once.conflicts);
    }
}

#[test]
fn replacing_text_is_an_overwrite_and_adding_to_it_is_not() {
    let old = json!({"content": "Call bank", "priority": "low", "reflections": "a"});
    assert!(overwrites_text(
        &old,
        &json!({"content": "x", "priority": "low", "reflections": "a"})
    ));
    assert!(!overwrites_text(
        &old,
        &json!({"content": "Call bank", "priority": "high", "reflections": "a\n\nb"})
    ));
}

#[test]
fn changed_fields_lists_top_level_differences() {
    assert_eq!(
        changed_fields(
            Some(&json!({"a": 1, "b": 2})),
            &json!({"a": 1, "b": 3, "c": 4})
        ),
        ["b", "c"]
    );
}

/// Audit, sync: tasks reordered on one device while another added one came back in the old
/// order on every device. The side that reordered gives the order; the added task keeps its
/// place after the task it followed.
#[test]
fn a_reorder_on_one_side_survives_an_add_on_the_other() {
    let task = |id: &str| json!({"id": id, "text": id, "done": false});
    let base = json!({"tasks": [task("a"), task("b"), task("c")]});
    let moved = v(json!({"tasks": [task("c"), task("a"), task("b")]}), 10, "a");
    let added = v(
        json!({"tasks": [task("a"), task("b"), task("c"), task("d")]}),
        20,
        "b",
    );
    let ids = |m: Version| -> Vec<String> {
        m.data.unwrap()["tasks"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["id"].as_str().unwrap().to_owned())
            .collect()
    };
    // Whichever side merges, and whichever is newer.
    assert_eq!(
        ids(merge(Some(&b(base.clone())), &added, &moved)),
        ["c", "a", "b", "d"]
    );
    assert_eq!(
        ids(merge(Some(&b(base.clone())), &moved, &added)),
        ["c", "a", "b", "d"]
    );
    // Both reordered: the newer order wins.
    let other = v(json!({"tasks": [task("b"), task("c"), task("a")]}), 30, "b");
    assert_eq!(
        ids(merge(Some(&b(base.clone())), &moved, &other)),
        ["b", "c", "a"]
    );
    assert_eq!(ids(merge(Some(&b(base)), &other, &moved)), ["b", "c", "a"]);
}

/// Audit C, 2: a skip on one device and a complete on another took `when` from the skip and
/// `status` from the complete, so the series held the skipped-to date both done and open.
#[test]
fn a_complete_on_one_device_wins_over_a_skip_on_another() {
    let repeat = json!({"rule": "FREQ=DAILY;INTERVAL=2", "start": "2026-12-01"});
    let base =
        json!({"content": "Gym", "status": "pending", "when": "2026-12-01", "repeat": repeat});
    let skipped = json!({"content": "Gym", "status": "pending", "when": "2026-12-03",
        "repeat": {"rule": "FREQ=DAILY;INTERVAL=2", "start": "2026-12-03"}});
    let completed = json!({"content": "Gym", "status": "completed", "when": "2026-12-01",
        "completedAt": "2026-12-01T18:00:00Z", "repeat": repeat});
    for (skip_ms, done_ms) in [(20, 10), (10, 20)] {
        let l = v(skipped.clone(), skip_ms, "a");
        let r = v(completed.clone(), done_ms, "b");
        for m in [
            merge(Some(&b(base.clone())), &l, &r),
            merge(Some(&b(base.clone())), &r, &l),
        ] {
            let d = m.data.unwrap();
            assert_eq!(
                (&d["status"], &d["when"], &d["repeat"]["start"]),
                (
                    &json!("completed"),
                    &json!("2026-12-01"),
                    &json!("2026-12-01")
                ),
                "{d}"
            );
            assert_eq!(d["completedAt"], "2026-12-01T18:00:00Z");
        }
    }
}

#[test]
fn a_todo_without_a_repeat_still_merges_field_by_field() {
    let base = json!({"content": "Tax", "status": "pending", "when": "2026-12-01"});
    let l = v(
        json!({"content": "Tax", "status": "pending", "when": "2026-12-05"}),
        10,
        "a",
    );
    let r = v(
        json!({"content": "Tax", "status": "completed", "when": "2026-12-01"}),
        20,
        "b",
    );
    let d = merge(Some(&b(base)), &l, &r).data.unwrap();
    assert_eq!(
        (&d["status"], &d["when"]),
        (&json!("completed"), &json!("2026-12-05"))
    );
}

/// Audit C, 7: two appends to a tight Markdown list came back as a loose list, each new item
/// after a blank line neither device wrote.
#[rstest::rstest]
#[case(
    "- item 1\n- item 2",
    "\n- item 3 (a)",
    "\n- item 4 (b)",
    "- item 1\n- item 2\n- item 4 (b)\n- item 3 (a)"
)]
#[case("line one", "\nd1 adds", "\nd2 adds", "line one\nd2 adds\nd1 adds")]
#[case("a\n", "b\n", "c", "a\nc\nb\n")]
#[case("p1", "\n\np2", "\n\np3", "p1\n\np3\n\np2")]
#[case("", "first", "second", "second\nfirst")]
fn concurrent_appends_keep_the_gap_each_writer_left(
    #[case] base: &str,
    #[case] newer: &str,
    #[case] older: &str,
    #[case] merged: &str,
) {
    let base_v = b(json!({ "body": base }));
    let l = v(json!({ "body": format!("{base}{newer}") }), 20, "a");
    let r = v(json!({ "body": format!("{base}{older}") }), 10, "b");
    assert_eq!(merge(Some(&base_v), &l, &r).data.unwrap()["body"], merged);
    assert_eq!(merge(Some(&base_v), &r, &l).data.unwrap()["body"], merged);
}

/// Audit C, 4: three entries written in the same minute on three devices came back reversed
/// (each merge put its own entry first).
#[test]
fn entries_written_in_one_minute_on_three_devices_keep_the_order_they_were_synced() {
    let e = |id: &str, time: &str| json!({"id": id, "time": time, "text": id});
    let base = b(json!({"entries": [e("e0", "08:00")]}));
    // d1 syncs first; d2 merges d1's push; d3 merges d2's.
    let d1 = v(
        json!({"entries": [e("e0", "08:00"), e("d1", "09:15")]}),
        10,
        "d1",
    );
    let d2 = v(
        json!({"entries": [e("e0", "08:00"), e("d2", "09:15")]}),
        11,
        "d2",
    );
    let after_d2 = merge(Some(&base), &d2, &d1);
    let d3 = v(
        json!({"entries": [e("e0", "08:00"), e("d3", "09:15")]}),
        12,
        "d3",
    );
    let after_d3 = merge(Some(&base), &d3, &after_d2);
    let ids: Vec<String> = after_d3.data.unwrap()["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(ids, ["e0", "d1", "d2", "d3"]);
    // An entry written earlier on the device that merges still goes first.
    let early = v(
        json!({"entries": [e("e0", "08:00"), e("x", "08:30")]}),
        13,
        "d4",
    );
    let m = merge(Some(&base), &early, &d1).data.unwrap();
    assert_eq!(m["entries"][1]["id"], "x");
}
