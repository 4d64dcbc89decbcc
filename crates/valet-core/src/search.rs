//! Full-text search across todos, plans, journals and archived days, in memory.

use serde::Serialize;

use crate::day::{ArchivedDay, DayPlan, JournalDay};
use crate::ids::DayDate;
use crate::record::RecordKind;
use crate::todo::Todo;

/// Characters of context shown around a match.
const SNIPPET: usize = 140;

/// What to look for: every word must appear (without case) in one field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchQuery {
    pub text: String,
    pub limit: usize,
    /// Restrict to these kinds; empty means all.
    pub kinds: Vec<RecordKind>,
}

/// One field that matched.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SearchHit {
    pub kind: RecordKind,
    /// The todo id, or the day for plans, journals and archives.
    pub id: String,
    /// Which field or section matched (`content`, `notes`, `tasks`, `reflections`, ...).
    pub field: String,
    /// The matching text, shortened around the first match.
    pub snippet: String,
}

/// What a search returns: the first `limit` hits and how many there were in all.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SearchResults {
    pub hits: Vec<SearchHit>,
    pub total: usize,
}

impl SearchQuery {
    fn words(&self) -> Vec<String> {
        self.text
            .split_whitespace()
            .map(str::to_lowercase)
            .collect()
    }

    fn wants(&self, k: RecordKind) -> bool {
        self.kinds.is_empty() || self.kinds.contains(&k)
    }

    /// Searches everything given. Todos come first (open before done), then days, newest first.
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
        let mut todo_hits: Vec<(&Todo, SearchHit)> = Vec::new();
        if self.wants(RecordKind::Todo) {
            for t in todos {
                let fields = std::iter::once(("content".to_owned(), t.content.clone()))
                    .chain(std::iter::once(("category".to_owned(), t.category.clone())))
                    .chain(t.notes.iter().map(|n| ("notes".to_owned(), n.clone())));
                if let Some(h) = first_hit(RecordKind::Todo, &t.id.to_string(), fields, &words) {
                    todo_hits.push((t, h));
                }
            }
        }
        todo_hits.sort_by(|(a, _), (b, _)| {
            (!a.status.is_open(), std::cmp::Reverse(a.updated_at))
                .cmp(&(!b.status.is_open(), std::cmp::Reverse(b.updated_at)))
        });
        let mut day_hits: Vec<(DayDate, u8, SearchHit)> = Vec::new();
        if self.wants(RecordKind::Plan) {
            for p in plans {
                day_hits.extend(
                    all_hits(RecordKind::Plan, p.date, p.sections_in_order(), &words)
                        .map(|h| (p.date, 0, h)),
                );
            }
        }
        if self.wants(RecordKind::Journal) {
            for j in journals {
                day_hits.extend(
                    all_hits(RecordKind::Journal, j.date, j.sections_in_order(), &words)
                        .map(|h| (j.date, 1, h)),
                );
            }
        }
        if self.wants(RecordKind::Archive) {
            for a in archives {
                let secs = a
                    .plan
                    .iter()
                    .flat_map(|p| {
                        p.sections_in_order()
                            .into_iter()
                            .map(|(n, t)| (format!("plan.{n}"), t))
                    })
                    .chain(a.journal.iter().flat_map(|j| {
                        j.sections_in_order()
                            .into_iter()
                            .map(|(n, t)| (format!("journal.{n}"), t))
                    }))
                    .collect::<Vec<_>>();
                day_hits.extend(
                    all_hits(RecordKind::Archive, a.date, secs, &words).map(|h| (a.date, 2, h)),
                );
            }
        }
        day_hits.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        let total = todo_hits.len() + day_hits.len();
        let hits = todo_hits
            .into_iter()
            .map(|(_, h)| h)
            .chain(day_hits.into_iter().map(|(_, _, h)| h))
            .take(self.limit)
            .collect();
        SearchResults { hits, total }
    }
}

fn matches(text: &str, words: &[String]) -> Option<usize> {
    let lower = text.to_lowercase();
    if words.iter().all(|w| lower.contains(w.as_str())) {
        words.first().and_then(|w| lower.find(w.as_str()))
    } else {
        None
    }
}

fn first_hit(
    kind: RecordKind,
    id: &str,
    fields: impl Iterator<Item = (String, String)>,
    words: &[String],
) -> Option<SearchHit> {
    // One hit per todo: its best field is enough to find it.
    for (field, text) in fields {
        if let Some(at) = matches(&text, words) {
            return Some(SearchHit {
                kind,
                id: id.to_owned(),
                field,
                snippet: snippet(&text, at),
            });
        }
    }
    None
}

fn all_hits(
    kind: RecordKind,
    date: DayDate,
    sections: Vec<(String, String)>,
    words: &[String],
) -> impl Iterator<Item = SearchHit> + '_ {
    sections.into_iter().filter_map(move |(field, text)| {
        matches(&text, words).map(|at| SearchHit {
            kind,
            id: date.to_string(),
            field,
            snippet: snippet(&text, at),
        })
    })
}

/// About `SNIPPET` characters of `text` around byte offset `at` of its lowercase form, on one line.
fn snippet(text: &str, at: usize) -> String {
    let chars: Vec<char> = text.chars().collect();
    // Lowercasing can change byte lengths; map the offset through the char count approximately.
    let lower_prefix = text.to_lowercase();
    let char_at = lower_prefix
        .get(..at)
        .map(|p| p.chars().count())
        .unwrap_or(0)
        .min(chars.len());
    let start = char_at.saturating_sub(SNIPPET / 3);
    let end = (start + SNIPPET).min(chars.len());
    let mut s: String = chars[start..end]
        .iter()
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    if start > 0 {
        s.insert(0, '…');
    }
    if end < chars.len() {
        s.push('…');
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::day::{SectionOp, SectionUpdate};
    use crate::ids::TodoId;
    use crate::todo::NewTodo;
    use chrono::{TimeZone, Utc};

    #[test]
    fn finds_words_in_todos_and_days_and_shortens_snippets() {
        let now = Utc.with_ymd_and_hms(2026, 11, 28, 9, 0, 0).unwrap();
        let t = NewTodo {
            notes: vec!["ask about the mortgage rate".into()],
            ..NewTodo::new("Call the bank")
        }
        .into_todo(TodoId::new_v7(1, [0; 10]), now)
        .unwrap();
        let date = DayDate::parse("d", "2026-11-27").unwrap();
        let mut p = DayPlan::new(date, now);
        let long = format!(
            "{} the MORTGAGE papers {}",
            "x ".repeat(200),
            "y ".repeat(200)
        );
        p.apply(
            &SectionUpdate {
                section: "data_stash".into(),
                operation: SectionOp::Append,
                content: long,
            },
            &mut || "i".to_string(),
        )
        .unwrap();
        let q = SearchQuery {
            text: "mortgage".into(),
            limit: 10,
            kinds: vec![],
        };
        let r = q.run([&t], [&p], [], []);
        assert_eq!(r.total, 2);
        assert_eq!(
            (r.hits[0].kind, r.hits[0].field.as_str()),
            (RecordKind::Todo, "notes")
        );
        assert_eq!(
            (r.hits[1].kind, r.hits[1].id.as_str()),
            (RecordKind::Plan, "2026-11-27")
        );
        assert!(r.hits[1].snippet.contains("MORTGAGE"));
        assert!(r.hits[1].snippet.chars().count() <= SNIPPET + 2);
        let none = SearchQuery {
            text: "mortgage bank".into(),
            limit: 10,
            kinds: vec![RecordKind::Plan],
        };
        assert_eq!(none.run([&t], [&p], [], []).total, 0);
    }
}
