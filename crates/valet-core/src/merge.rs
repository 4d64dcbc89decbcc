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
    let completed_by = completed_on_one_side(bo, lo, ro);
    for k in keys {
        let (lc, rc) = (local.field_clock(k), remote.field_clock(k));
        let b = bo.map(|b| b.get(k).cloned().unwrap_or(Value::Null));
        let lv = lo.get(k).cloned().unwrap_or(Value::Null);
        let rv = ro.get(k).cloned().unwrap_or(Value::Null);
        let (v, c) = match completed_by {
            Some(true) if OCCURRENCE.contains(&k.as_str()) => (lv, lc.clone()),
            Some(false) if OCCURRENCE.contains(&k.as_str()) => (rv, rc.clone()),
            _ => merge_value(k, b.as_ref(), &lv, &rv, lc, rc, &mut conflicts),
        };
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

/// A repeating todo's fields that say which occurrence it is and whether it is done: they move
/// together, or a skip on one device and a complete on another would leave one date both done
/// and open.
const OCCURRENCE: [&str; 6] = ["status", "when", "due", "dueTime", "completedAt", "repeat"];

/// `Some(true)` when only the local side completed a repeating todo that was open in the base,
/// `Some(false)` when only the remote side did. Completing wins over a concurrent skip or
/// reschedule: the completion happened, and it already made the next occurrence.
fn completed_on_one_side(
    base: Option<&Map<String, Value>>,
    local: &Map<String, Value>,
    remote: &Map<String, Value>,
) -> Option<bool> {
    let base = base?;
    let repeating = |o: &Map<String, Value>| o.get("repeat").is_some_and(|r| !r.is_null());
    if !(repeating(base) || repeating(local) || repeating(remote)) {
        return None;
    }
    let done =
        |o: &Map<String, Value>| o.get("status").and_then(Value::as_str) == Some("completed");
    match (done(base), done(local), done(remote)) {
        (false, true, false) => Some(true),
        (false, false, true) => Some(false),
        _ => None,
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
        // Each addition keeps the gap its writer left after the shared text (a tight Markdown
        // list stays tight, paragraphs stay paragraphs); the second starts on a line of its own.
        let trailing = |s: &str| s.len() - s.trim_end_matches('\n').len();
        let base_gap = trailing(base);
        let mut out = base.to_owned();
        for (i, add) in [first, second].into_iter().enumerate() {
            let text = add.trim_start_matches('\n');
            if text.is_empty() {
                continue;
            }
            let wanted = base_gap + (add.len() - text.len());
            let wanted = if i == 0 || out == base {
                wanted
            } else {
                wanted.max(1)
            };
            out.push_str(&"\n".repeat(wanted.saturating_sub(trailing(&out))));
            out.push_str(text);
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
    added_last_in_time_order(&mut out, base, r);
    // A reorder is an edit too: when only the remote side reordered the items both kept (or
    // both did and the remote is newer), the remote's order wins.
    let reordered =
        |side: &[Value]| shared_order(side, base, l, r) != shared_order(base, base, l, r);
    if reordered(r) && (!reordered(l) || !local_newer) {
        out = in_order_of(r, l, out);
    }
    out
}

/// Orders what both sides added after the last item they shared: what the other devices had
/// already published (`r`) before this side's own additions, and items with a time of day
/// (journal entries) by it. Entries three devices wrote in one minute then read in the order
/// they were synced, not reversed by each merge putting its own first.
fn added_last_in_time_order(out: &mut Vec<Value>, base: &[Value], r: &[Value]) {
    let held =
        |a: &[Value], e: &Value| id_of(e).is_some_and(|id| a.iter().any(|x| id_of(x) == Some(id)));
    let start = out.iter().rposition(|e| held(base, e)).map_or(0, |p| p + 1);
    let mut tail = out.split_off(start);
    tail.sort_by_key(|e| !held(r, e));
    fn time(e: &Value) -> Option<&str> {
        e.get("time").and_then(Value::as_str)
    }
    if tail.iter().all(|e| time(e).is_some()) {
        tail.sort_by(|a, b| time(a).cmp(&time(b)));
    }
    out.extend(tail);
}

/// The ids of `side` that `base`, `l` and `r` all hold, in `side`'s order.
fn shared_order<'a>(side: &'a [Value], base: &[Value], l: &[Value], r: &[Value]) -> Vec<&'a str> {
    let holds = |a: &[Value], id: &str| a.iter().any(|e| id_of(e) == Some(id));
    side.iter()
        .filter_map(id_of)
        .filter(|id| holds(base, id) && holds(l, id) && holds(r, id))
        .collect()
}

/// `items` in the order of `order` (by id). An item `order` lacks keeps its place in `local`:
/// last when nothing placed follows it there (an added task stays at the end), else after the
/// placed item before it (first when none is).
fn in_order_of(order: &[Value], local: &[Value], items: Vec<Value>) -> Vec<Value> {
    let same = |a: &Value, b: &Value| id_of(a).is_some() && id_of(a) == id_of(b);
    let mut out: Vec<Value> = order
        .iter()
        .filter_map(|o| items.iter().find(|i| same(i, o)))
        .cloned()
        .collect();
    for item in items {
        if out.iter().any(|o| same(o, &item)) {
            continue;
        }
        let at = local
            .iter()
            .position(|e| same(e, &item))
            .unwrap_or(local.len());
        let placed = |e: &Value| out.iter().position(|o| same(o, e));
        let followed = local.iter().skip(at + 1).any(|e| placed(e).is_some());
        let before = local[..at].iter().rev().find_map(placed);
        match (followed, before) {
            (false, _) => out.push(item),
            (true, Some(p)) => out.insert(p + 1, item),
            (true, None) => out.insert(0, item),
        }
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
#[path = "merge_tests.rs"]
mod tests;
