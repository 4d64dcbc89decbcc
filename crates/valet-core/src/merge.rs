//! How two versions of one record become one when devices sync: a three-way merge against the
//! last version both sides agreed on (the base), field by field, with hybrid logical clocks to
//! break ties. Nothing a person wrote is lost: concurrent appends to a text are both kept, and a
//! text edited differently on two devices keeps the newer edit and records the other as a
//! visible [`Conflict`].

use std::collections::{BTreeMap, HashSet};

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::record::Hlc;

/// A losing version of a text field, kept so a person can look at it and choose.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Conflict {
    /// The field's path in the record data (`content`, `reflections`, `sections.ideas`).
    pub field: String,
    /// The text that lost.
    pub value: Value,
    /// When and on which device the losing text was written.
    pub clock: Hlc,
}

/// One side of a merge: the record's data (`None` for a tombstone) and its clocks.
#[derive(Debug, Clone, PartialEq)]
pub struct Version {
    pub data: Option<Value>,
    /// The clock of the last change to the record.
    pub clock: Hlc,
    /// The clock of the last change to each top-level field; a field without one takes `clock`.
    pub field_clocks: BTreeMap<String, Hlc>,
    pub conflicts: Vec<Conflict>,
}

impl Version {
    fn field_clock(&self, f: &str) -> &Hlc {
        self.field_clocks.get(f).unwrap_or(&self.clock)
    }
}

/// Which top-level fields differ between two data objects (for field clocks on a local write).
pub fn changed_fields(old: Option<&Value>, new: &Value) -> Vec<String> {
    let empty = Map::new();
    let o = old.and_then(Value::as_object).unwrap_or(&empty);
    let n = new.as_object().unwrap_or(&empty);
    let mut keys: Vec<&String> = o.keys().chain(n.keys()).collect();
    keys.sort();
    keys.dedup();
    keys.into_iter()
        .filter(|k| o.get(*k) != n.get(*k))
        .cloned()
        .collect()
}

/// Merges `local` and `remote` given the `base` version both started from (`None` when they
/// never agreed on one, e.g. both devices created the same day's plan offline).
pub fn merge(base: Option<&Version>, local: &Version, remote: &Version) -> Version {
    if local == remote {
        return local.clone();
    }
    let clock = std::cmp::max(&local.clock, &remote.clock).clone();
    // A conflict resolved (removed) on either side stays resolved; new ones from both are kept.
    let base_conflicts: &[Conflict] = base.map(|b| b.conflicts.as_slice()).unwrap_or(&[]);
    let mut conflicts: Vec<Conflict> = local
        .conflicts
        .iter()
        .filter(|c| !base_conflicts.contains(c) || remote.conflicts.contains(c))
        .cloned()
        .collect();
    for c in &remote.conflicts {
        if !conflicts.contains(c) && (!base_conflicts.contains(c) || local.conflicts.contains(c)) {
            conflicts.push(c.clone());
        }
    }
    let agreed = base;
    let base = base.and_then(|b| b.data.as_ref());
    let (l, r) = match (&local.data, &remote.data) {
        (Some(l), Some(r)) => (l, r),
        _ => return merge_delete(agreed, local, remote, clock, conflicts),
    };
    let empty = Map::new();
    let lo = l.as_object().unwrap_or(&empty);
    let ro = r.as_object().unwrap_or(&empty);
    let bo = base.and_then(Value::as_object);
    let mut keys: Vec<&String> = lo.keys().chain(ro.keys()).collect();
    keys.sort();
    keys.dedup();
    let mut data = Map::new();
    let mut field_clocks = BTreeMap::new();
    for k in keys {
        let (lc, rc) = (local.field_clock(k), remote.field_clock(k));
        let b = bo.map(|b| b.get(k).cloned().unwrap_or(Value::Null));
        let lv = lo.get(k).cloned().unwrap_or(Value::Null);
        let rv = ro.get(k).cloned().unwrap_or(Value::Null);
        let (v, c) = merge_value(k, b.as_ref(), &lv, &rv, lc, rc, &mut conflicts);
        if !v.is_null() || lo.contains_key(k.as_str()) || ro.contains_key(k.as_str()) {
            data.insert(k.clone(), v);
        }
        field_clocks.insert(k.clone(), c);
    }
    Version {
        data: Some(Value::Object(data)),
        clock,
        field_clocks,
        conflicts,
    }
}

/// Whether going from `old` to `new` replaces text a person wrote (a todo's content, a mood, a
/// journal's prose) rather than adding to it: what a mass-change guard counts.
pub fn overwrites_text(old: &Value, new: &Value) -> bool {
    let (Some(o), Some(n)) = (old.as_object(), new.as_object()) else {
        return false;
    };
    o.iter().any(|(k, ov)| {
        if text_kind(k) == TextKind::Label {
            return false;
        }
        match (ov.as_str(), n.get(k).and_then(Value::as_str)) {
            (Some(a), Some(b)) => !a.trim().is_empty() && a != b && !b.starts_with(a),
            (Some(a), None) => !a.trim().is_empty(),
            _ => false,
        }
    })
}

/// The [`Conflict::field`] that marks a record deleted on one device while another edited it.
pub const DELETED: &str = "deleted";

/// A delete on one side. A side that did not change since the base gives way to the one that
/// did (a delete, or an undo of a delete). When both changed since a live base, the delete and
/// the edit were concurrent: the edited record is kept with a visible [`DELETED`] conflict, so
/// no written text disappears without a way back. With no base at all, the later one (by HLC)
/// wins, so a stale device cannot bring a deleted record back.
fn merge_delete(
    base: Option<&Version>,
    local: &Version,
    remote: &Version,
    clock: Hlc,
    mut conflicts: Vec<Conflict>,
) -> Version {
    let take = |w: &Version, conflicts: Vec<Conflict>| Version {
        data: w.data.clone(),
        clock: clock.clone(),
        field_clocks: w.field_clocks.clone(),
        conflicts,
    };
    if let Some(b) = base {
        if local.data.is_some() != remote.data.is_some() {
            if local.data == b.data {
                return take(remote, conflicts);
            }
            if remote.data == b.data {
                return take(local, conflicts);
            }
            if b.data.is_some() {
                let (live, dead) = if local.data.is_some() {
                    (local, remote)
                } else {
                    (remote, local)
                };
                let c = Conflict {
                    field: DELETED.to_owned(),
                    value: Value::Null,
                    clock: dead.clock.clone(),
                };
                if !conflicts.contains(&c) {
                    conflicts.push(c);
                }
                return take(live, conflicts);
            }
        }
    }
    let winner = if local.clock >= remote.clock {
        local
    } else {
        remote
    };
    take(winner, conflicts)
}

fn merge_value(
    path: &str,
    base: Option<&Value>,
    l: &Value,
    r: &Value,
    lc: &Hlc,
    rc: &Hlc,
    conflicts: &mut Vec<Conflict>,
) -> (Value, Hlc) {
    let newest = std::cmp::max(lc, rc).clone();
    if l == r {
        return (l.clone(), newest);
    }
    if base == Some(l) {
        return (r.clone(), rc.clone());
    }
    if base == Some(r) {
        return (l.clone(), lc.clone());
    }
    let local_newer = lc >= rc;
    let v = match (l, r) {
        (Value::Array(la), Value::Array(ra)) if has_ids(la) && has_ids(ra) => {
            let ba = base
                .and_then(Value::as_array)
                .map(Vec::as_slice)
                .unwrap_or(&[]);
            Value::Array(merge_by_id(ba, la, ra, local_newer))
        }
        (Value::Array(la), Value::Array(ra)) => {
            let ba = base
                .and_then(Value::as_array)
                .map(Vec::as_slice)
                .unwrap_or(&[]);
            Value::Array(merge_set(ba, la, ra))
        }
        (Value::Object(lo), Value::Object(ro)) => {
            let bo = base.and_then(Value::as_object);
            let mut keys: Vec<&String> = lo.keys().chain(ro.keys()).collect();
            keys.sort();
            keys.dedup();
            let mut out = Map::new();
            for k in keys {
                let b = bo.map(|b| b.get(k).cloned().unwrap_or(Value::Null));
                let lv = lo.get(k).cloned().unwrap_or(Value::Null);
                let rv = ro.get(k).cloned().unwrap_or(Value::Null);
                let (v, _) = merge_value(
                    &format!("{path}.{k}"),
                    b.as_ref(),
                    &lv,
                    &rv,
                    lc,
                    rc,
                    conflicts,
                );
                if !v.is_null() {
                    out.insert(k.clone(), v);
                }
            }
            Value::Object(out)
        }
        (Value::String(ls), Value::String(rs)) if text_kind(path) != TextKind::Label => {
            let b = base.and_then(Value::as_str).unwrap_or("");
            merge_text(path, b, ls, rs, lc, rc, conflicts)
        }
        (Value::String(ls), Value::Null) | (Value::Null, Value::String(ls)) if base.is_none() => {
            Value::String(ls.clone())
        }
        (Value::String(ls), Value::String(rs)) if path == "remindedUntil" => {
            // How far reminders have fired only moves forward, on every device: a reminder
            // shown on one machine must not fire again on another after sync.
            Value::String(later_instant(ls, rs, local_newer).to_owned())
        }
        _ => {
            // Scalars (status, priority, due): the later edit wins; nothing textual is lost.
            if local_newer {
                l.clone()
            } else {
                r.clone()
            }
        }
    };
    (v, newest)
}

/// The later of two RFC 3339 instants (the newer edit's when either does not parse).
fn later_instant<'a>(l: &'a str, r: &'a str, local_newer: bool) -> &'a str {
    let parse = |s: &str| chrono::DateTime::parse_from_rfc3339(s).ok();
    match (parse(l), parse(r)) {
        (Some(a), Some(b)) => {
            if a >= b {
                l
            } else {
                r
            }
        }
        _ if local_newer => l,
        _ => r,
    }
}

/// What kind of string a field holds, which decides how concurrent edits combine.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TextKind {
    /// Prose people add to over the day: concurrent appends are both kept.
    Prose,
    /// A short text (a todo, a mood): the newer edit wins, the other is kept as a conflict.
    Line,
    /// A value from a fixed set, a date or a name (status, priority, due, category...): the
    /// newer edit wins.
    Label,
}

fn text_kind(path: &str) -> TextKind {
    // A project's `notes` (a todo's `notes` is a list, merged before text is looked at).
    const PROSE: [&str; 6] = [
        "body",
        "notes",
        "personalReminders",
        "ongoingSummary",
        "dataStash",
        "reflections",
    ];
    if PROSE.contains(&path) || path.starts_with("sections.") {
        TextKind::Prose
    } else if path == "content" || path == "mood" {
        TextKind::Line
    } else {
        TextKind::Label
    }
}

fn merge_text(
    path: &str,
    base: &str,
    l: &str,
    r: &str,
    lc: &Hlc,
    rc: &Hlc,
    conflicts: &mut Vec<Conflict>,
) -> Value {
    // Both sides only added text after what they shared: keep both additions, older first.
    let appended = (text_kind(path) == TextKind::Prose)
        .then(|| l.strip_prefix(base).zip(r.strip_prefix(base)))
        .flatten();
    if let Some((la, ra)) = appended {
        // A stale base (a pull interrupted after this side took part of the other's text)
        // makes both additions start with the same lines: they are shared, not added twice.
        let k = common_lines(la, ra);
        let k = if la[..k].trim().is_empty() { 0 } else { k };
        let base_owned = format!("{base}{}", &la[..k]);
        let base = base_owned.as_str();
        let (la, ra) = (&la[k..], &ra[k..]);
        // A batch applied a second time (a sync stopped after its merge, or a push whose answer
        // was lost) meets an addition this side already holds: keep it once.
        if holds_block(la, ra) {
            return Value::String(l.to_owned());
        }
        if holds_block(ra, la) {
            return Value::String(r.to_owned());
        }
        let (first, second) = if lc <= rc { (la, ra) } else { (ra, la) };
        let sep = |s: &str| {
            if s.is_empty() || s.starts_with('\n') {
                ""
            } else {
                "\n\n"
            }
        };
        let mut out = base.to_owned();
        for add in [first, second] {
            let add = add.trim_start_matches('\n');
            if !add.is_empty() {
                let joint = if out.is_empty() || out.ends_with('\n') {
                    ""
                } else {
                    sep(add)
                };
                out.push_str(joint);
                out.push_str(add);
            }
        }
        return Value::String(out);
    }
    let (win, lose, lose_clock) = if lc >= rc { (l, r, rc) } else { (r, l, lc) };
    let c = Conflict {
        field: path.to_owned(),
        value: Value::String(lose.to_owned()),
        clock: lose_clock.clone(),
    };
    if !conflicts.contains(&c) {
        conflicts.push(c);
    }
    Value::String(win.to_owned())
}

/// The byte length of the longest prefix `a` and `b` share that ends at a line break (or is the
/// whole of one of them, ending where the other has a line break).
fn common_lines(a: &str, b: &str) -> usize {
    let mut end = 0;
    let mut same = 0;
    for ((i, ca), cb) in a.char_indices().zip(b.chars()) {
        if ca != cb {
            return end;
        }
        same = i + ca.len_utf8();
        if ca == '\n' {
            end = same;
        }
    }
    // One is a prefix of the other: whole lines only.
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if same == short.len() && (long.len() == same || long[same..].starts_with('\n')) {
        same
    } else {
        end
    }
}

/// Whether `addition` (trimmed) appears in `text` as whole lines: "ok" is held by "a\nok" but
/// not by "okay".
fn holds_block(text: &str, addition: &str) -> bool {
    let needle = addition.trim_matches('\n');
    if needle.is_empty() {
        return true;
    }
    text.match_indices(needle).any(|(i, m)| {
        let before = text[..i].chars().next_back();
        let after = text[i + m.len()..].chars().next();
        before.is_none_or(|c| c == '\n') && after.is_none_or(|c| c == '\n')
    })
}

fn id_of(v: &Value) -> Option<&str> {
    v.get("id").and_then(Value::as_str)
}

fn has_ids(a: &[Value]) -> bool {
    !a.is_empty() && a.iter().all(|e| id_of(e).is_some())
}

fn merge_by_id(base: &[Value], l: &[Value], r: &[Value], local_newer: bool) -> Vec<Value> {
    let find = |a: &[Value], id: &str| a.iter().find(|e| id_of(e) == Some(id)).cloned();
    let mut out = Vec::new();
    for el in l {
        let Some(id) = id_of(el) else { continue };
        let eb = find(base, id);
        match find(r, id) {
            Some(er) => {
                let v = if *el == er || eb.as_ref() == Some(&er) {
                    el.clone()
                } else if eb.as_ref() == Some(el) {
                    er
                } else if local_newer {
                    el.clone()
                } else {
                    er
                };
                out.push(v);
            }
            // Gone remotely: drop it, unless this side changed it since (an edit beats a delete).
            None if eb.is_some() && eb.as_ref() == Some(el) => {}
            None => out.push(el.clone()),
        }
    }
    for er in r {
        let Some(id) = id_of(er) else { continue };
        if l.iter().any(|e| id_of(e) == Some(id)) {
            continue;
        }
        let eb = find(base, id);
        if eb.is_some() && eb.as_ref() == Some(er) {
            continue; // deleted locally, unchanged remotely
        }
        out.push(er.clone());
    }
    out
}

fn merge_set(base: &[Value], l: &[Value], r: &[Value]) -> Vec<Value> {
    let removed_remotely: HashSet<String> = base
        .iter()
        .filter(|b| !r.contains(b))
        .map(Value::to_string)
        .collect();
    let removed_locally: HashSet<String> = base
        .iter()
        .filter(|b| !l.contains(b))
        .map(Value::to_string)
        .collect();
    let mut out: Vec<Value> = l
        .iter()
        .filter(|e| !removed_remotely.contains(&e.to_string()))
        .cloned()
        .collect();
    for e in r {
        if !out.contains(e) && !removed_locally.contains(&e.to_string()) {
            out.push(e.clone());
        }
    }
    out
}

#[cfg(test)]
mod tests {
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
        assert_eq!(ids, ["1", "3", "4"]);
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
}
