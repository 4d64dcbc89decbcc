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
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
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
    pub date: Option<NaiveDate>,
    /// Todos only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<Status>,
    /// Todos only: the last 8 characters of the id, as lists show it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub short_id: Option<String>,
    /// Higher ranks first.
    pub score: u32,
}

/// What a search returns: the first `limit` hits and how many there were in all.
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
}

/// Byte offset of `w` in `text`, ignoring case. ASCII words (nearly all) are found without
/// allocating; others compare lowercase forms.
fn find(text: &str, w: &Word) -> Option<usize> {
    if w.ascii {
        let needle = w.lower.as_bytes();
        let hay = text.as_bytes();
        let first = *needle.first()?;
        let upper = first.to_ascii_uppercase();
        let mut at = 0;
        while at + needle.len() <= hay.len() {
            let i = memchr::memchr2(first, upper, &hay[at..=hay.len() - needle.len()])?;
            let start = at + i;
            if hay[start..start + needle.len()].eq_ignore_ascii_case(needle) {
                return Some(start);
            }
            at = start + 1;
        }
        None
    } else {
        let lower = text.to_lowercase();
        let i = lower.find(&w.lower)?;
        // Map back to `text` by characters (lowercasing may change byte lengths).
        let n = lower[..i].chars().count();
        Some(text.char_indices().nth(n).map_or(text.len(), |(b, _)| b))
    }
}

/// The byte length in `text` of the match of `w` found at `at`.
fn match_len(text: &str, at: usize, w: &Word) -> usize {
    if w.ascii {
        w.lower.len()
    } else {
        text[at..]
            .char_indices()
            .nth(w.lower.chars().count())
            .map_or(text.len() - at, |(b, _)| b)
    }
}

fn is_word_char(c: Option<char>) -> bool {
    c.is_some_and(char::is_alphanumeric)
}

/// How well `text` matches: `None` unless every word is in it.
fn field_score(text: &str, words: &[Word], phrase: &Word) -> Option<(u32, usize)> {
    let mut score = 0;
    let mut first = usize::MAX;
    for w in words {
        let at = find(text, w)?;
        first = first.min(at);
        let before = text[..at].chars().next_back();
        let after = text[at + match_len(text, at, w)..].chars().next();
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
    Some((score, first))
}

/// The best field of a record where every word matched there, else the record as a whole.
struct Best {
    field: String,
    text: String,
    at: usize,
    score: u32,
}

/// Scores a record given as named fields, the first fields weighing most (`weights`).
fn best_field(fields: &[(String, &str)], words: &[Word], phrase: &Word) -> Option<Best> {
    let mut best: Option<Best> = None;
    for (i, (name, text)) in fields.iter().enumerate() {
        if let Some((s, at)) = field_score(text, words, phrase) {
            let weight = if i == 0 { 3 } else { 2 };
            let s = s * weight;
            if best.as_ref().is_none_or(|b| s > b.score) {
                best = Some(Best {
                    field: name.clone(),
                    text: (*text).to_owned(),
                    at,
                    score: s,
                });
            }
        }
    }
    if best.is_some() {
        return best;
    }
    // The words are spread over several fields: the record matches if each word is somewhere.
    let all_found = words
        .iter()
        .all(|w| fields.iter().any(|(_, t)| find(t, w).is_some()));
    if !all_found {
        return None;
    }
    let (name, text, at) = fields
        .iter()
        .find_map(|(n, t)| find(t, &words[0]).map(|at| (n.clone(), *t, at)))?;
    Some(Best {
        field: name,
        text: text.to_owned(),
        at,
        score: words.len() as u32,
    })
}

impl SearchQuery {
    fn words(&self) -> Vec<Word> {
        self.text
            .split_whitespace()
            .map(|w| {
                let lower = w.to_lowercase();
                Word {
                    ascii: lower.is_ascii(),
                    lower,
                }
            })
            .collect()
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
        let lower = words
            .iter()
            .map(|w| w.lower.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        let phrase = Word {
            ascii: lower.is_ascii(),
            lower,
        };
        // (score, newest-first key, hit)
        let mut hits: Vec<(u32, i64, SearchHit)> = Vec::new();
        if self.wants(RecordKind::Todo) {
            for t in todos.into_iter().filter(|t| self.todo_in_range(t)) {
                let mut fields: Vec<(String, &str)> = Vec::with_capacity(2 + t.notes.len());
                fields.push(("content".into(), &t.content));
                fields.push(("category".into(), &t.category));
                fields.extend(t.notes.iter().map(|n| ("notes".to_owned(), n.as_str())));
                let Some(b) = best_field(&fields, &words, &phrase) else {
                    continue;
                };
                let score = b.score + if t.status.is_open() { 8 } else { 0 };
                let id = t.id.to_string();
                let short = id[id.len().saturating_sub(8)..].to_owned();
                hits.push((
                    score,
                    t.updated_at.timestamp(),
                    hit(
                        RecordKind::Todo,
                        id,
                        t.content.clone(),
                        b,
                        &words,
                        t.due,
                        Some(t.status),
                        Some(short),
                    ),
                ));
            }
        }
        let mut days: std::collections::BTreeMap<DayDate, (Option<&DayPlan>, Option<&JournalDay>)> =
            Default::default();
        for p in plans.into_iter().filter(|p| self.in_range(p.date.date())) {
            days.entry(p.date).or_default().0 = Some(p);
        }
        for j in journals
            .into_iter()
            .filter(|j| self.in_range(j.date.date()))
        {
            days.entry(j.date).or_default().1 = Some(j);
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
        let mut dates: Vec<DayDate> = days.keys().chain(archived.keys()).copied().collect();
        dates.sort();
        dates.dedup();
        for date in dates {
            let (plan, journal) = days.get(&date).copied().unwrap_or_default();
            let live = self.day_hit(
                date,
                self.wants(RecordKind::Plan).then_some(plan).flatten(),
                self.wants(RecordKind::Journal).then_some(journal).flatten(),
                None,
                &words,
                &phrase,
            );
            // The live copy is the day; the archived copy is searched only when it alone matches.
            let found = live.or_else(|| {
                archived.get(&date).and_then(|a| {
                    self.day_hit(
                        date,
                        a.plan.as_ref(),
                        a.journal.as_ref(),
                        Some(RecordKind::Archive),
                        &words,
                        &phrase,
                    )
                })
            });
            if let Some(h) = found {
                let key = date
                    .date()
                    .and_hms_opt(0, 0, 0)
                    .map_or(0, |d| d.and_utc().timestamp());
                hits.push((h.score, key, h));
            }
        }
        hits.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.cmp(&a.1)));
        let total = hits.len();
        SearchResults {
            hits: hits
                .into_iter()
                .take(self.limit)
                .map(|(_, _, h)| h)
                .collect(),
            total,
        }
    }

    fn day_hit(
        &self,
        date: DayDate,
        plan: Option<&DayPlan>,
        journal: Option<&JournalDay>,
        kind: Option<RecordKind>,
        words: &[Word],
        phrase: &Word,
    ) -> Option<SearchHit> {
        let plan_secs = plan.map(DayPlan::sections_in_order).unwrap_or_default();
        let journal_secs = journal
            .map(JournalDay::sections_in_order)
            .unwrap_or_default();
        if plan_secs.is_empty() && journal_secs.is_empty() {
            return None;
        }
        let prefix = |file: &str, n: &str| {
            if kind.is_some() {
                format!("{file}.{n}")
            } else {
                n.to_owned()
            }
        };
        let mut fields: Vec<(String, &str)> = Vec::new();
        // A day has no title field: every section weighs the same (index 0 is a dummy).
        fields.push((String::new(), ""));
        let n_plan = plan_secs.len();
        fields.extend(
            plan_secs
                .iter()
                .map(|(n, t)| (prefix("plan", n), t.as_str())),
        );
        fields.extend(
            journal_secs
                .iter()
                .map(|(n, t)| (prefix("journal", n), t.as_str())),
        );
        let b = best_field(&fields, words, phrase)?;
        let in_plan = fields
            .iter()
            .position(|(n, _)| *n == b.field)
            .is_some_and(|i| i >= 1 && i <= n_plan);
        let kind = kind.unwrap_or(if in_plan {
            RecordKind::Plan
        } else {
            RecordKind::Journal
        });
        let title = date.date().format("%A %-d %B %Y").to_string();
        Some(hit(
            kind,
            date.to_string(),
            title,
            b,
            words,
            Some(date.date()),
            None,
            None,
        ))
    }
}

#[allow(clippy::too_many_arguments)]
fn hit(
    kind: RecordKind,
    id: String,
    title: String,
    b: Best,
    words: &[Word],
    date: Option<NaiveDate>,
    status: Option<Status>,
    short_id: Option<String>,
) -> SearchHit {
    let snippet = snippet(&b.text, b.at);
    let highlights = highlights(&snippet, words);
    SearchHit {
        kind,
        id,
        title,
        field: b.field,
        snippet,
        highlights,
        date,
        status,
        short_id,
        score: b.score,
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
            let Some(i) = find(&s[from..], w) else { break };
            let start = from + i;
            let len = match_len(s, start, w);
            spans.push((start, start + len));
            from = start + len.max(1);
            while !s.is_char_boundary(from) && from < s.len() {
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
    fn highlights_are_in_utf16_units_and_case_blind() {
        let t = todo(1, "Ça coûte 5€ — CAFÉ au lait, café noir", &[]);
        let r = q("café").run([&t], [], [], []);
        assert_eq!(marked(&r.hits[0]), ["CAFÉ", "café"]);
        let t = todo(2, "📅 Plan the week 📅 plan", &[]);
        let r = q("plan").run([&t], [], [], []);
        assert_eq!(marked(&r.hits[0]), ["Plan", "plan"]);
    }
}
