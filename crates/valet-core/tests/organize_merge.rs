//! Sync merges a todo's tags as a set and its checklist step by step: two devices changing
//! them offline keep both sides' changes (proptest against a simple model of what must hold).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::{BTreeMap, BTreeSet};

use proptest::prelude::*;
use serde_json::{json, Value};
use valet_core::merge::{merge, Version};
use valet_core::Hlc;

fn version(data: Value, ms: u64, node: &str) -> Version {
    Version {
        data: Some(data),
        clock: Hlc {
            ms,
            counter: 0,
            node: node.into(),
        },
        field_clocks: BTreeMap::new(),
        conflicts: vec![],
    }
}

/// One device's offline edits: steps ticked, steps added, tags added and removed.
#[derive(Debug, Clone)]
struct Edits {
    tick: BTreeSet<usize>,
    add_steps: usize,
    add_tags: BTreeSet<usize>,
    remove_tags: BTreeSet<usize>,
}

fn edits() -> impl Strategy<Value = Edits> {
    (
        proptest::collection::btree_set(0usize..6, 0..4),
        0usize..3,
        proptest::collection::btree_set(0usize..8, 0..3),
        proptest::collection::btree_set(0usize..4, 0..3),
    )
        .prop_map(|(tick, add_steps, add_tags, remove_tags)| Edits {
            tick,
            add_steps,
            add_tags,
            remove_tags,
        })
}

fn apply(base: &Value, e: &Edits, side: &str) -> Value {
    let mut v = base.clone();
    let steps = v["steps"].as_array_mut().unwrap();
    for i in &e.tick {
        steps[*i]["done"] = json!(true);
    }
    for n in 0..e.add_steps {
        steps.push(
            json!({"id": format!("{side}{n}"), "text": format!("{side} step {n}"), "done": false}),
        );
    }
    let tags = v["tags"].as_array_mut().unwrap();
    tags.retain(|t| !e.remove_tags.iter().any(|r| *t == json!(format!("t{r}"))));
    for a in &e.add_tags {
        let t = json!(format!("{side}tag{a}"));
        if !tags.contains(&t) {
            tags.push(t);
        }
    }
    v
}

proptest! {
    #[test]
    fn both_devices_checklist_and_tag_changes_survive_a_merge(l in edits(), r in edits(), local_newer in any::<bool>()) {
        let base = json!({
            "content": "Paint the hall",
            "steps": (0..6).map(|i| json!({"id": format!("s{i}"), "text": format!("step {i}"), "done": false})).collect::<Vec<_>>(),
            "tags": (0..4).map(|i| json!(format!("t{i}"))).collect::<Vec<_>>(),
        });
        let (lms, rms) = if local_newer { (20, 10) } else { (10, 20) };
        let merged = merge(
            Some(&version(base.clone(), 1, "base")),
            &version(apply(&base, &l, "l"), lms, "a"),
            &version(apply(&base, &r, "r"), rms, "b"),
        );
        let data = merged.data.unwrap();
        let steps = data["steps"].as_array().unwrap();
        let ids: Vec<&str> = steps.iter().map(|s| s["id"].as_str().unwrap()).collect();
        let unique: BTreeSet<&str> = ids.iter().copied().collect();
        prop_assert_eq!(unique.len(), ids.len(), "a step twice: {:?}", ids);
        prop_assert_eq!(ids.len(), 6 + l.add_steps + r.add_steps);
        for s in steps {
            let id = s["id"].as_str().unwrap();
            if let Some(i) = id.strip_prefix('s').and_then(|n| n.parse::<usize>().ok()) {
                let want = l.tick.contains(&i) || r.tick.contains(&i);
                prop_assert_eq!(s["done"].as_bool().unwrap(), want, "step {}", id);
            }
        }
        let tags: BTreeSet<String> = data["tags"].as_array().unwrap().iter().map(|t| t.as_str().unwrap().to_owned()).collect();
        let mut want: BTreeSet<String> = (0..4)
            .filter(|i| !l.remove_tags.contains(i) && !r.remove_tags.contains(i))
            .map(|i| format!("t{i}"))
            .collect();
        want.extend(l.add_tags.iter().map(|a| format!("ltag{a}")));
        want.extend(r.add_tags.iter().map(|a| format!("rtag{a}")));
        prop_assert_eq!(tags, want);
    }
}
