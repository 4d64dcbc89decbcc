//! Full-text search across todos, plans, journals and archived days, in memory, ranked.
//!
//! Every word of the query must appear (without case) somewhere in a record. A todo is one hit;
//! a day is one hit too, whichever of its plan, journal or archived copy matched (the live
//! copy first: an archived day and its live copy are the same day). Hits are ranked by where
//! the words are (a todo's text over its notes, a whole phrase over scattered words, whole
//! words over parts), then open todos before done ones, then the newest first. The snippet is
//! centred on the first matched word and `highlights` says where each match is in it.

use chrono::NaiveDate;
use serde::Serialize;

use crate::day::{ArchivedDay, DayPlan, JournalDay};
use crate::ids::DayDate;
use crate::record::RecordKind;
use crate::todo::{Status, Todo};

/// Characters of context shown around a match.
const SNIPPET: usize = 140;

/// What to look for and where.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SearchQuery {
    pub text: String,
    pub limit: usize,
    /// Restrict to these kinds; empty means all.
    pub kinds: Vec<RecordKind>,
    /// Only days from this date, and todos with a date (created, completed, scheduled, deadline)
    /// from it.
    pub from: Option<NaiveDate>,
    /// Only days up to this date (inclusive), and todos with a date up to it.
    pub to: Option<NaiveDate>,
}

/// One record that matched.
#[derive(ts_rs::TS, Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SearchHit {
    pub kind: RecordKind,
    /// The todo id, or the day for plans, journals and archives.
    pub id: String,
    /// The todo's text, or the day written out ("Monday 30 November 2026").
    pub title: String,
    /// Which field or section matched best (`content`, `notes`, `tasks`, `journal.entries`...).
    pub field: String,
    /// The matching text, shortened around the first match, on one line.
    pub snippet: String,
    /// Where the query's words are in `snippet`, as `[start, end)` offsets in UTF-16 code units
    /// (what a JavaScript string indexes).
    pub highlights: Vec<[usize; 2]>,
    /// The day, for day hits; a todo's deadline, if it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub date: Option<NaiveDate>,
    /// Todos only.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub status: Option<Status>,
    /// Todos only: the last 8 characters of the id, as lists show it.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub short_id: Option<String>,
    /// Higher ranks first.
    pub score: u32,
}

/// What a search returns: the first `limit` hits and how many there were in all.
#[derive(ts_rs::TS)]
#[ts(rename = "SearchView")]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SearchResults {
    pub hits: Vec<SearchHit>,
    pub total: usize,
}

/// A query word, ready to find.
struct Word {
    lower: String,
    ascii: bool,
    /// The bytes a match can start with: the first byte of the first character, in both cases.
    first: (u8, u8),
}

impl Word {
    fn new(w: &str) -> Word {
        let lower = w.to_lowercase();
        let first_char = lower.chars().next().unwrap_or(' ');
        let upper: String = first_char.to_uppercase().collect();
        let lead = |s: &str| s.as_bytes().first().copied().unwrap_or(b' ');
        Word {
            ascii: lower.is_ascii(),
            first: (lead(&lower), lead(&upper)),
            lower,
        }
    }
}

/// Where `w` first matches in `text`, ignoring case: `(byte offset, byte length)`. No
/// allocation: candidates are found by their first byte (memchr), then compared character by
/// character in lowercase.
fn find(text: &str, w: &Word) -> Option<(usize, usize)> {
    let hay = text.as_bytes();
    let needle = w.lower.as_bytes();
    let mut at = 0;
    while at < hay.len() {
        let i = memchr::memchr2(w.first.0, w.first.1, &hay[at..])?;
        let start = at + i;
        if w.ascii {
            if hay.len() - start >= needle.len()
                && hay[start..start + needle.len()].eq_ignore_ascii_case(needle)
            {
                return Some((start, needle.len()));
            }
        } else if text.is_char_boundary(start) {
            if let Some(len) = matches_at(&text[start..], &w.lower) {
                return Some((start, len));
            }
        }
        at = start + 1;
    }
    None
}

/// The byte length of the prefix of `text` equal to `lower` without case, if it is one.
fn matches_at(text: &str, lower: &str) -> Option<usize> {
    let mut want = lower.chars();
    let mut pending: Vec<char> = Vec::new();
    for (i, c) in text.char_indices() {
        pending.extend(c.to_lowercase());
        for got in pending.drain(..) {
            if want.next() != Some(got) {
                return None;
            }
        }
        if want.as_str().is_empty() {
            return Some(i + c.len_utf8());
        }
    }
    None
}

fn is_word_char(c: Option<char>) -> bool {
    c.is_some_and(char::is_alphanumeric)
}

/// How well one field matches: `None` unless every word is in it.
fn field_score(text: &str, words: &[Word], phrase: &Word) -> Option<u32> {
    let mut score = 0;
    for w in words {
        let (at, len) = find(text, w)?;
        let before = text[..at].chars().next_back();
        let after = text[at + len..].chars().next();
        score += if !is_word_char(before) && !is_word_char(after) {
            6
        } else if !is_word_char(before) {
            4
        } else {
            2
        };
    }
    if words.len() > 1 && find(text, phrase).is_some() {
        score += 10;
    }
    Some(score)
}

/// A record's score and the index of its best field, or `None` when a word is missing from it.
/// `fields` are borrowed, so records that do not match cost no allocation. The first field
/// (a todo's text) weighs more when `title_first`.
fn score(
    fields: &[(&str, &str)],
    words: &[Word],
    phrase: &Word,
    title_first: bool,
) -> Option<(u32, usize)> {
    // Cheap rejection first: every word must be somewhere.
    for w in words {
        if !fields.iter().any(|(_, t)| find(t, w).is_some()) {
            return None;
        }
    }
    let mut best: Option<(u32, usize)> = None;
    for (i, (_, text)) in fields.iter().enumerate() {
        if let Some(s) = field_score(text, words, phrase) {
            let s = s * if title_first && i == 0 { 3 } else { 2 };
            if best.is_none_or(|(b, _)| s > b) {
                best = Some((s, i));
            }
        }
    }
    // The words are spread over several fields: it matches, ranked low, shown at the first.
    best.or_else(|| {
        let i = fields
            .iter()
            .position(|(_, t)| find(t, &words[0]).is_some())?;
        Some((words.len() as u32, i))
    })
}

fn todo_fields(t: &Todo) -> Vec<(&str, &str)> {
    let mut f = Vec::with_capacity(2 + t.notes.len());
    f.push(("content", t.content.as_str()));
    f.push(("category", t.category.as_str()));
    f.extend(t.notes.iter().map(|n| ("notes", n.as_str())));
    f
}

/// A plan's text as it is stored, named by the section it shows in.
fn plan_fields<'p>(p: &'p DayPlan, out: &mut Vec<(&'p str, &'p str)>) {
    out.extend(p.tasks.iter().map(|t| ("tasks", t.text.as_str())));
    out.push(("personal_reminders", &p.personal_reminders));
    out.push(("ongoing_summary", &p.ongoing_summary));
    out.push(("data_stash", &p.data_stash));
    out.push(("reflections", &p.reflections));
    out.extend(p.sections.iter().map(|(n, t)| (n.as_str(), t.as_str())));
}

fn journal_fields<'j>(j: &'j JournalDay, out: &mut Vec<(&'j str, &'j str)>) {
    out.extend(j.entries.iter().map(|e| ("entries", e.text.as_str())));
    out.extend(j.mood.iter().map(|m| ("mood", m.as_str())));
    for (name, list) in [
        ("highlights", &j.highlights),
        ("challenges", &j.challenges),
        ("lessons", &j.lessons),
    ] {
        out.extend(list.iter().map(|i| (name, i.as_str())));
    }
    out.push(("reflections", &j.reflections));
    out.push(("personal_reminders", &j.personal_reminders));
    out.extend(j.sections.iter().map(|(n, t)| (n.as_str(), t.as_str())));
}

/// What matched, before the snippet is made (only the first `limit` get one).
enum Found<'a> {
    Todo(&'a Todo, &'a str),
    Day {
        date: DayDate,
        kind: RecordKind,
        plan: Option<&'a DayPlan>,
        journal: Option<&'a JournalDay>,
        /// `plan.<section>` or `journal.<section>`.
        file: &'static str,
        section: &'a str,
    },
}

impl SearchQuery {
    fn words(&self) -> Vec<Word> {
        self.text.split_whitespace().map(Word::new).collect()
    }

    fn wants(&self, k: RecordKind) -> bool {
        self.kinds.is_empty() || self.kinds.contains(&k)
    }

    fn in_range(&self, d: NaiveDate) -> bool {
        self.from.is_none_or(|f| d >= f) && self.to.is_none_or(|t| d <= t)
    }

    fn todo_in_range(&self, t: &Todo) -> bool {
        if self.from.is_none() && self.to.is_none() {
            return true;
        }
        [
            Some(t.created_at.date_naive()),
            t.completed_at.map(|c| c.date_naive()),
            t.when,
            t.due,
        ]
        .into_iter()
        .flatten()
        .any(|d| self.in_range(d))
    }

    /// Searches everything given and ranks it (see the module doc).
    pub fn run<'a>(
        &self,
        todos: impl IntoIterator<Item = &'a Todo>,
        plans: impl IntoIterator<Item = &'a DayPlan>,
        journals: impl IntoIterator<Item = &'a JournalDay>,
        archives: impl IntoIterator<Item = &'a ArchivedDay>,
    ) -> SearchResults {
        let words = self.words();
        if words.is_empty() {
            return SearchResults {
                hits: Vec::new(),
                total: 0,
            };
        }
        let joined = words
            .iter()
            .map(|w| w.lower.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        let phrase = Word::new(&joined);
        // (score, newest-first key, what matched)
        let mut found: Vec<(u32, i64, Found<'a>)> = Vec::new();
        if self.wants(RecordKind::Todo) {
            for t in todos.into_iter().filter(|t| self.todo_in_range(t)) {
                let fields = todo_fields(t);
                if let Some((s, i)) = score(&fields, &words, &phrase, true) {
                    let field = fields[i].0;
                    let s = s + if t.status.is_open() { 8 } else { 0 };
                    found.push((s, t.updated_at.timestamp(), Found::Todo(t, field)));
                }
            }
        }
        let mut days: std::collections::BTreeMap<DayDate, (Option<&DayPlan>, Option<&JournalDay>)> =
            Default::default();
        if self.wants(RecordKind::Plan) {
            for p in plans.into_iter().filter(|p| self.in_range(p.date.date())) {
                days.entry(p.date).or_default().0 = Some(p);
            }
        }
        if self.wants(RecordKind::Journal) {
            for j in journals
                .into_iter()
                .filter(|j| self.in_range(j.date.date()))
            {
                days.entry(j.date).or_default().1 = Some(j);
            }
        }
        let mut archived: std::collections::BTreeMap<DayDate, &ArchivedDay> = Default::default();
        if self.wants(RecordKind::Archive) {
            for a in archives
                .into_iter()
                .filter(|a| self.in_range(a.date.date()))
            {
                archived.insert(a.date, a);
            }
        }
        let mut fields: Vec<(&str, &str)> = Vec::new();
        let mut day_score = |plan: Option<&'a DayPlan>,
                             journal: Option<&'a JournalDay>|
         -> Option<(u32, &'static str, &'a str)> {
            fields.clear();
            if let Some(p) = plan {
                plan_fields(p, &mut fields);
            }
            let n_plan = fields.len();
            if let Some(j) = journal {
                journal_fields(j, &mut fields);
            }
            let (s, at) = score(&fields, &words, &phrase, false)?;
            Some((
                s,
                if at < n_plan { "plan" } else { "journal" },
                fields[at].0,
            ))
        };
        let mut dates: Vec<DayDate> = days.keys().chain(archived.keys()).copied().collect();
        dates.sort();
        dates.dedup();
        for date in dates {
            let (plan, journal) = days.get(&date).copied().unwrap_or_default();
            let key = date
                .date()
                .and_hms_opt(0, 0, 0)
                .map_or(0, |d| d.and_utc().timestamp());
            // The live copy is the day; the archived copy counts only when it alone matches.
            let hit = day_score(plan, journal)
                .map(|(s, file, section)| {
                    let kind = if file == "plan" {
                        RecordKind::Plan
                    } else {
                        RecordKind::Journal
                    };
                    (
                        s,
                        Found::Day {
                            date,
                            kind,
                            plan,
                            journal,
                            file,
                            section,
                        },
                    )
                })
                .or_else(|| {
                    let a = archived.get(&date)?;
                    let (s, file, section) = day_score(a.plan.as_ref(), a.journal.as_ref())?;
                    Some((
                        s,
                        Found::Day {
                            date,
                            kind: RecordKind::Archive,
                            plan: a.plan.as_ref(),
                            journal: a.journal.as_ref(),
                            file,
                            section,
                        },
                    ))
                });
            if let Some((s, f)) = hit {
                found.push((s, key, f));
            }
        }
        found.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.cmp(&a.1)));
        let total = found.len();
        let hits = found
            .into_iter()
            .take(self.limit)
            .map(|(s, _, f)| make_hit(f, s, &words))
            .collect();
        SearchResults { hits, total }
    }
}

/// The hit for what matched: its title, and the snippet from the section as it is shown.
fn make_hit(f: Found<'_>, score: u32, words: &[Word]) -> SearchHit {
    let (kind, id, title, field, text, date, status, short_id) = match f {
        Found::Todo(t, field) => {
            let text = todo_fields(t)
                .into_iter()
                .filter(|(n, _)| *n == field)
                .map(|(_, t)| t)
                .find(|t| words.iter().all(|w| find(t, w).is_some()))
                .or_else(|| {
                    todo_fields(t)
                        .into_iter()
                        .find(|(n, _)| *n == field)
                        .map(|(_, t)| t)
                })
                .unwrap_or(&t.content)
                .to_owned();
            let id = t.id.to_string();
            let short = id[id.len().saturating_sub(8)..].to_owned();
            (
                RecordKind::Todo,
                id,
                t.content.clone(),
                field.to_owned(),
                text,
                t.due,
                Some(t.status),
                Some(short),
            )
        }
        Found::Day {
            date,
            kind,
            plan,
            journal,
            file,
            section,
        } => {
            let text = if file == "plan" {
                plan.and_then(|p| p.section_text(section))
            } else {
                journal.and_then(|j| j.section_text(section))
            }
            .unwrap_or_default();
            let field = if kind == RecordKind::Archive {
                format!("{file}.{section}")
            } else {
                section.to_owned()
            };
            let title = date.date().format("%A %-d %B %Y").to_string();
            (
                kind,
                date.to_string(),
                title,
                field,
                text,
                Some(date.date()),
                None,
                None,
            )
        }
    };
    let at = words
        .iter()
        .filter_map(|w| find(&text, w).map(|(at, _)| at))
        .min()
        .unwrap_or(0);
    let snippet = snippet(&text, at);
    let highlights = highlights(&snippet, words);
    SearchHit {
        kind,
        id,
        title,
        field,
        snippet,
        highlights,
        date,
        status,
        short_id,
        score,
    }
}

/// About `SNIPPET` characters of `text` around byte offset `at`, on one line.
fn snippet(text: &str, at: usize) -> String {
    let char_at = text.get(..at).map_or(0, |p| p.chars().count());
    let total = text.chars().count();
    let start = char_at.saturating_sub(SNIPPET / 3);
    let end = (start + SNIPPET).min(total);
    let start = end.saturating_sub(SNIPPET).min(start);
    let mut s: String = text
        .chars()
        .skip(start)
        .take(end - start)
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    if start > 0 {
        s.insert(0, '…');
    }
    if end < total {
        s.push('…');
    }
    s
}

/// Every occurrence of every word in `s`, merged, as UTF-16 offsets.
fn highlights(s: &str, words: &[Word]) -> Vec<[usize; 2]> {
    let mut spans: Vec<(usize, usize)> = Vec::new();
    for w in words {
        let mut from = 0;
        while from < s.len() {
            let Some((i, len)) = find(&s[from..], w) else {
                break;
            };
            let start = from + i;
            spans.push((start, start + len));
            from = start + len.max(1);
            while from < s.len() && !s.is_char_boundary(from) {
                from += 1;
            }
        }
    }
    spans.sort();
    let mut merged: Vec<(usize, usize)> = Vec::new();
    for (a, b) in spans {
        match merged.last_mut() {
            Some(last) if a <= last.1 => last.1 = last.1.max(b),
            _ => merged.push((a, b)),
        }
    }
    let utf16 = |byte: usize| s[..byte].encode_utf16().count();
    merged
        .into_iter()
        .map(|(a, b)| [utf16(a), utf16(b)])
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::day::{SectionOp, SectionUpdate};
    use crate::ids::TodoId;
    use crate::todo::NewTodo;
    use chrono::{TimeZone, Utc};

    fn now() -> chrono::DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 28, 9, 0, 0).unwrap()
    }

    fn todo(n: u8, content: &str, notes: &[&str]) -> Todo {
        NewTodo {
            notes: notes.iter().map(|s| s.to_string()).collect(),
            ..NewTodo::new(content)
        }
        .into_todo(TodoId::new_v7(u64::from(n), [n; 10]), now())
        .unwrap()
    }

    fn plan(date: &str, section: &str, text: &str) -> DayPlan {
        let mut p = DayPlan::new(DayDate::parse("d", date).unwrap(), now());
        p.apply(
            &SectionUpdate {
                section: section.into(),
                operation: SectionOp::Append,
                content: text.into(),
            },
            &mut || "i".to_string(),
        )
        .unwrap();
        p
    }

    fn q(text: &str) -> SearchQuery {
        SearchQuery {
            text: text.into(),
            limit: 10,
            ..SearchQuery::default()
        }
    }

    fn marked(h: &SearchHit) -> Vec<String> {
        let u: Vec<u16> = h.snippet.encode_utf16().collect();
        h.highlights
            .iter()
            .map(|[a, b]| String::from_utf16(&u[*a..*b]).unwrap())
            .collect()
    }

    #[test]
    fn finds_words_in_todos_and_days_and_centres_the_snippet() {
        let t = todo(1, "Call the bank", &["ask about the mortgage rate"]);
        let long = format!(
            "{} the MORTGAGE papers {}",
            "x ".repeat(200),
            "y ".repeat(200)
        );
        let p = plan("2026-11-27", "data_stash", &long);
        let r = q("mortgage").run([&t], [&p], [], []);
        assert_eq!(r.total, 2);
        let day = r.hits.iter().find(|h| h.kind == RecordKind::Plan).unwrap();
        assert_eq!(day.id, "2026-11-27");
        assert_eq!(day.title, "Friday 27 November 2026");
        assert!(day.snippet.starts_with('…') && day.snippet.ends_with('…'));
        assert!(day.snippet.chars().count() <= SNIPPET + 2);
        assert_eq!(marked(day), ["MORTGAGE"]);
        let todo = r.hits.iter().find(|h| h.kind == RecordKind::Todo).unwrap();
        assert_eq!(todo.field, "notes");
        assert_eq!(todo.short_id.as_deref().map(str::len), Some(8));
        let mut plans_only = q("mortgage bank");
        plans_only.kinds = vec![RecordKind::Plan];
        assert_eq!(plans_only.run([&t], [&p], [], []).total, 0);
    }

    #[test]
    fn a_todos_text_ranks_above_a_note_and_a_phrase_above_scattered_words() {
        let in_note = todo(1, "Errands", &["call the bank"]);
        let in_text = todo(2, "Call the bank", &[]);
        let scattered = todo(3, "Bank holiday: call mum", &[]);
        let r = q("call bank").run([&in_note, &in_text, &scattered], [], [], []);
        assert_eq!(r.hits[0].title, "Call the bank");
        let r = q("the bank").run([&in_note, &in_text, &scattered], [], [], []);
        assert_eq!(r.hits[0].title, "Call the bank");
        assert_eq!(r.total, 2, "\"the\" is not in the third todo");
    }

    #[test]
    fn a_day_is_one_hit_even_when_archived_and_live() {
        let p = plan("2026-11-27", "reflections", "a quiet day at the lake");
        let mut j = JournalDay::new(p.date, now());
        j.reflections = "walked around the lake".into();
        let a = ArchivedDay {
            date: p.date,
            plan: Some(p.clone()),
            journal: Some(j.clone()),
            archived_at: now(),
        };
        let r = q("lake").run([], [&p], [&j], [&a]);
        assert_eq!(r.total, 1);
        assert_eq!(r.hits[0].kind, RecordKind::Plan);
        // Only the archive is left: it is found as the archive.
        let r = q("lake").run([], [], [], [&a]);
        assert_eq!((r.total, r.hits[0].kind), (1, RecordKind::Archive));
        assert!(r.hits[0].field.starts_with("plan."));
    }

    #[test]
    fn a_date_range_limits_days_and_todos() {
        let old = plan("2025-01-10", "reflections", "lake trip");
        let new = plan("2026-11-27", "reflections", "lake trip");
        let mut range = q("lake");
        range.from = NaiveDate::from_ymd_opt(2026, 1, 1);
        let r = range.run([], [&old, &new], [], []);
        assert_eq!(r.total, 1);
        assert_eq!(r.hits[0].id, "2026-11-27");
        range.to = NaiveDate::from_ymd_opt(2026, 6, 1);
        assert_eq!(range.run([], [&old, &new], [], []).total, 0);
    }

    #[test]
    fn a_journal_section_that_shares_a_name_with_a_plan_section_is_named_right() {
        let p = plan("2026-11-27", "reflections", "nothing here");
        let mut j = JournalDay::new(p.date, now());
        j.reflections = "the lake at dawn".into();
        let r = q("lake").run([], [&p], [&j], []);
        assert_eq!(
            (r.hits[0].kind, r.hits[0].field.as_str()),
            (RecordKind::Journal, "reflections")
        );
        assert_eq!(marked(&r.hits[0]), ["lake"]);
    }

    proptest::proptest! {
        /// `find` (first byte, then character by character) agrees with the plain reading:
        /// lowercase both, then `contains`.
        #[test]
        fn find_agrees_with_lowercase_contains(
            hay in "[aAéÉzZüÜ ]{0,24}",
            needle in "[aAéÉzZüÜ]{1,4}",
        ) {
            let w = Word::new(&needle);
            let found = find(&hay, &w);
            proptest::prop_assert_eq!(
                found.is_some(),
                hay.to_lowercase().contains(&needle.to_lowercase())
            );
            if let Some((at, len)) = found {
                proptest::prop_assert_eq!(hay[at..at + len].to_lowercase(), needle.to_lowercase());
            }
        }
    }

    #[test]
    fn highlights_are_in_utf16_units_and_case_blind() {
        let t = todo(1, "Ça coûte 5€ — CAFÉ au lait, café noir", &[]);
        let r = q("café").run([&t], [], [], []);
        assert_eq!(marked(&r.hits[0]), ["CAFÉ", "café"]);
        let t = todo(2, "📅 Plan the week 📅 plan", &[]);
        let r = q("plan").run([&t], [], [], []);
        assert_eq!(marked(&r.hits[0]), ["Plan", "plan"]);
    }
}
