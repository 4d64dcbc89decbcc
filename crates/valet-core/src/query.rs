//! Filtering, sorting and paging the todo list, in memory and in one pass.

use std::cmp::Ordering;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::error::ValidationError;
use crate::time::Today;
use crate::todo::{Priority, Status, Todo};

/// Which statuses a query returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StatusFilter {
    /// Pending and in progress (what a todo list shows by default).
    #[default]
    Open,
    All,
    Pending,
    InProgress,
    Completed,
}

impl StatusFilter {
    pub fn matches(self, s: Status) -> bool {
        match self {
            StatusFilter::Open => s.is_open(),
            StatusFilter::All => true,
            StatusFilter::Pending => s == Status::Pending,
            StatusFilter::InProgress => s == Status::InProgress,
            StatusFilter::Completed => s == Status::Completed,
        }
    }

    /// The words [`StatusFilter::parse`] takes, for help and shell completion.
    pub const WORDS: [&'static str; 5] = ["open", "all", "pending", "in_progress", "completed"];

    pub fn parse(field: &str, s: &str) -> Result<Self, ValidationError> {
        match s.trim().to_ascii_lowercase().replace('-', "_").as_str() {
            "open" => Ok(StatusFilter::Open),
            "all" => Ok(StatusFilter::All),
            other => Status::parse(field, other)
                .map(|st| match st {
                    Status::Pending => StatusFilter::Pending,
                    Status::InProgress => StatusFilter::InProgress,
                    Status::Completed => StatusFilter::Completed,
                })
                .map_err(|_| {
                    ValidationError::new(
                        field,
                        format!(
                            "must be one of open, all, pending, in_progress, completed; got {s:?}"
                        ),
                    )
                }),
        }
    }
}

impl FromStr for StatusFilter {
    type Err = ValidationError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        StatusFilter::parse("status", s)
    }
}

/// Which due dates a query returns, relative to today in the user's zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DueFilter {
    #[default]
    All,
    /// Due today.
    Today,
    /// Due today or in the next six days. Overdue todos are not included.
    Week,
    /// Due before today and still open.
    Overdue,
    /// No due date.
    None,
}

impl DueFilter {
    pub fn matches(self, t: &Todo, today: &Today) -> bool {
        match self {
            DueFilter::All => true,
            DueFilter::Today => t.due == Some(today.date),
            DueFilter::Week => t
                .due
                .is_some_and(|d| d >= today.date && d <= today.week_end()),
            DueFilter::Overdue => t.status.is_open() && t.due.is_some_and(|d| d < today.date),
            DueFilter::None => t.due.is_none(),
        }
    }

    /// The words [`DueFilter::parse`] takes, for help and shell completion.
    pub const WORDS: [&'static str; 5] = ["today", "week", "overdue", "none", "all"];

    pub fn parse(field: &str, s: &str) -> Result<Self, ValidationError> {
        match s.trim().to_ascii_lowercase().as_str() {
            "all" => Ok(DueFilter::All),
            "today" => Ok(DueFilter::Today),
            "week" => Ok(DueFilter::Week),
            "overdue" => Ok(DueFilter::Overdue),
            "none" => Ok(DueFilter::None),
            _ => Err(ValidationError::new(
                field,
                format!("must be one of today, week, overdue, none, all; got {s:?}"),
            )),
        }
    }
}

impl FromStr for DueFilter {
    type Err = ValidationError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        DueFilter::parse("due", s)
    }
}

/// The order of a list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SortKey {
    /// Open first; then by due date (undated last), priority, and age.
    #[default]
    Smart,
    Due,
    Priority,
    Created,
    Updated,
    Content,
}

impl SortKey {
    /// The words [`SortKey::parse`] takes, for help and shell completion.
    pub const WORDS: [&'static str; 6] =
        ["smart", "due", "priority", "created", "updated", "content"];

    pub fn parse(field: &str, s: &str) -> Result<Self, ValidationError> {
        match s.trim().to_ascii_lowercase().as_str() {
            "smart" => Ok(SortKey::Smart),
            "due" => Ok(SortKey::Due),
            "priority" => Ok(SortKey::Priority),
            "created" => Ok(SortKey::Created),
            "updated" => Ok(SortKey::Updated),
            "content" => Ok(SortKey::Content),
            _ => Err(ValidationError::new(
                field,
                format!(
                    "must be one of smart, due, priority, created, updated, content; got {s:?}"
                ),
            )),
        }
    }
}

impl FromStr for SortKey {
    type Err = ValidationError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        SortKey::parse("sort", s)
    }
}

/// A question about the todo list. The default returns every open todo, smart-sorted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TodoQuery {
    pub status: StatusFilter,
    /// Any of these priorities; empty means all.
    pub priorities: Vec<Priority>,
    /// Any of these categories, compared without case; empty means all.
    pub categories: Vec<String>,
    /// Todos with any of these tags (all of them with `all_tags`); empty means all.
    pub tags: Vec<String>,
    pub all_tags: bool,
    pub due: DueFilter,
    /// Every word must appear (without case) in the content, category or notes.
    pub text: Option<String>,
    pub sort: SortKey,
    pub descending: bool,
    pub offset: usize,
    /// Start after this mark (a previous page's `next_mark`); `offset` then counts from it.
    pub after: Option<PageMark>,
    pub limit: Option<usize>,
}

/// One page of a todo query.
#[derive(ts_rs::TS, Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TodoPage {
    pub items: Vec<Todo>,
    /// How many todos matched in all, across every page.
    pub total: usize,
    /// The offset of the next page, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub next_offset: Option<usize>,
    /// Where this page ended, when there is a next page (stable under concurrent edits).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub next_mark: Option<PageMark>,
}

impl TodoQuery {
    /// Runs the query over `todos` as of `today`.
    pub fn run<'a>(&self, todos: impl IntoIterator<Item = &'a Todo>, today: &Today) -> TodoPage {
        let words: Vec<String> = self
            .text
            .as_deref()
            .unwrap_or("")
            .split_whitespace()
            .map(str::to_lowercase)
            .collect();
        let cats: Vec<String> = self
            .categories
            .iter()
            .map(|c| c.trim().to_lowercase())
            .collect();
        // Each todo's sort key is made once: a comparison between two keys is then a few
        // integer compares (making them per comparison was half of a 50-todo page's time).
        let mut hits: Vec<(PageMark, &Todo)> = todos
            .into_iter()
            .filter(|t| self.status.matches(t.status))
            .filter(|t| self.priorities.is_empty() || self.priorities.contains(&t.priority))
            .filter(|t| cats.is_empty() || cats.iter().any(|c| t.category.to_lowercase() == *c))
            .filter(|t| self.tags_match(t))
            .filter(|t| self.due.matches(t, today))
            .filter(|t| words.is_empty() || matches_words(t, &words))
            .map(|t| (PageMark::of(t, self.sort), t))
            .collect();
        let order = |a: &(PageMark, &Todo), b: &(PageMark, &Todo)| {
            let o = compare_marks(self.sort, &a.0, &b.0);
            if self.descending {
                o.reverse()
            } else {
                o
            }
        };
        let all_matches = hits.len();
        if let Some(mark) = &self.after {
            hits.retain(|(m, _)| {
                let o = compare_marks(self.sort, m, mark);
                let o = if self.descending { o.reverse() } else { o };
                o == Ordering::Greater
            });
        }
        // A page of 50 out of 10,000 needs only the first offset + 50 in order: select them in
        // linear time, then sort just those.
        let wanted = self.limit.map(|l| self.offset.saturating_add(l));
        match wanted {
            Some(k) if k > 0 && k < hits.len() => {
                hits.select_nth_unstable_by(k - 1, order);
                hits[..k].sort_by(order);
            }
            _ => hits.sort_by(order),
        }
        let left = hits.len();
        let start = self.offset.min(left);
        let end = match self.limit {
            Some(l) => start.saturating_add(l).min(left),
            None => left,
        };
        let more = end < left;
        TodoPage {
            items: hits[start..end].iter().map(|(_, t)| (*t).clone()).collect(),
            total: all_matches,
            next_offset: (more && self.after.is_none()).then_some(end),
            next_mark: more
                .then(|| end.checked_sub(1).map(|i| hits[i].0.clone()))
                .flatten(),
        }
    }
}

impl TodoQuery {
    fn tags_match(&self, t: &Todo) -> bool {
        if self.tags.is_empty() {
            return true;
        }
        let has = |want: &String| {
            let want = want.trim_start_matches('#');
            t.tags.iter().any(|x| crate::organize::same_tag(x, want))
        };
        if self.all_tags {
            self.tags.iter().all(has)
        } else {
            self.tags.iter().any(has)
        }
    }
}

fn matches_words(t: &Todo, words: &[String]) -> bool {
    words.iter().all(|w| {
        contains_ci(&t.content, w)
            || contains_ci(&t.category, w)
            || t.notes.iter().any(|n| contains_ci(n, w))
            || t.tags.iter().any(|n| contains_ci(n, w))
            || t.steps.iter().any(|s| contains_ci(&s.text, w))
            || t.body.as_deref().is_some_and(|b| contains_ci(b, w))
    })
}

/// Whether `hay` contains `needle` (already lowercase), ignoring case. Allocation-free for
/// ASCII, which keeps a text filter over 10,000 todos well under a millisecond.
pub fn contains_ci(hay: &str, needle: &str) -> bool {
    if needle.is_empty() {
        return true;
    }
    if hay.is_ascii() && needle.is_ascii() {
        let (h, n) = (hay.as_bytes(), needle.as_bytes());
        return h.len() >= n.len() && h.windows(n.len()).any(|w| w.eq_ignore_ascii_case(n));
    }
    hay.to_lowercase().contains(needle)
}

/// Where a page ended: the fields of its last todo that the sort looks at. The next page is
/// every match after it in the same order, so todos completed or added while a client pages do
/// not shift what it sees (an offset would skip some). Opaque to clients: sent back as given.
#[derive(ts_rs::TS, Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[ts(type = "unknown")]
pub struct PageMark {
    #[serde(rename = "o")]
    open: bool,
    #[serde(rename = "d", default, skip_serializing_if = "Option::is_none")]
    due: Option<chrono::NaiveDate>,
    #[serde(rename = "t", default, skip_serializing_if = "Option::is_none")]
    due_time: Option<chrono::NaiveTime>,
    #[serde(rename = "p")]
    rank: u8,
    #[serde(rename = "c")]
    created: chrono::DateTime<chrono::Utc>,
    #[serde(rename = "u")]
    updated: chrono::DateTime<chrono::Utc>,
    /// Only for the content sort.
    #[serde(rename = "n", default, skip_serializing_if = "Option::is_none")]
    content: Option<String>,
    #[serde(rename = "i")]
    id: crate::ids::TodoId,
}

impl PageMark {
    pub fn of(t: &Todo, key: SortKey) -> PageMark {
        PageMark {
            open: t.status.is_open(),
            due: t.due,
            due_time: t.due_time,
            rank: t.priority.rank(),
            created: t.created_at,
            updated: t.updated_at,
            content: (key == SortKey::Content).then(|| t.content.to_lowercase()),
            id: t.id,
        }
    }

    /// The mark as an opaque cursor string (`k` + hex of compact JSON).
    pub fn encode(&self) -> String {
        let json = serde_json::to_vec(self).unwrap_or_default();
        let mut out = String::with_capacity(1 + json.len() * 2);
        out.push('k');
        for b in json {
            out.push_str(&format!("{b:02x}"));
        }
        out
    }

    /// Reads a cursor made by [`PageMark::encode`]; `field` names it in the error.
    pub fn decode(field: &str, s: &str) -> Result<PageMark, ValidationError> {
        let bad = || {
            ValidationError::new(
                field,
                format!("must be a nextCursor returned by a previous call; got {s:?}"),
            )
        };
        let hex = s.strip_prefix('k').ok_or_else(bad)?;
        if hex.len() % 2 != 0 || hex.len() > 20_000 {
            return Err(bad());
        }
        let bytes: Option<Vec<u8>> = (0..hex.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok())
            .collect();
        serde_json::from_slice(&bytes.ok_or_else(bad)?).map_err(|_| bad())
    }
}

fn compare_marks(key: SortKey, a: &PageMark, b: &PageMark) -> Ordering {
    // Undated todos sort after dated ones; ties fall back to creation, then id, so the order is
    // total and pages never overlap.
    let due = |t: &PageMark| (t.due.is_none(), t.due, t.due_time);
    let tail = |a: &PageMark, b: &PageMark| a.created.cmp(&b.created).then(a.id.cmp(&b.id));
    match key {
        SortKey::Smart => (!a.open)
            .cmp(&!b.open)
            .then(due(a).cmp(&due(b)))
            .then(a.rank.cmp(&b.rank))
            .then_with(|| tail(a, b)),
        SortKey::Due => due(a).cmp(&due(b)).then_with(|| tail(a, b)),
        SortKey::Priority => a
            .rank
            .cmp(&b.rank)
            .then(due(a).cmp(&due(b)))
            .then_with(|| tail(a, b)),
        SortKey::Created => tail(a, b),
        SortKey::Updated => a.updated.cmp(&b.updated).then_with(|| tail(a, b)),
        SortKey::Content => a.content.cmp(&b.content).then_with(|| tail(a, b)),
    }
}

#[cfg(test)]
mod words_tests {
    use super::*;

    /// The completion words are the parsers' own: each parses, and each rejected word is not one.
    #[test]
    fn every_completion_word_parses() {
        for w in StatusFilter::WORDS {
            assert!(StatusFilter::parse("s", w).is_ok(), "{w}");
        }
        for w in DueFilter::WORDS {
            assert!(DueFilter::parse("d", w).is_ok(), "{w}");
        }
        for w in SortKey::WORDS {
            assert!(SortKey::parse("s", w).is_ok(), "{w}");
        }
        assert_eq!(Priority::WORDS, Priority::ALL.map(Priority::as_str));
        assert_eq!(Status::WORDS, Status::ALL.map(Status::as_str));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::TodoId;
    use crate::todo::NewTodo;
    use chrono::{NaiveDate, TimeZone, Utc};
    use chrono_tz::Tz;
    use proptest::prelude::*;
    use rstest::rstest;

    fn today() -> Today {
        Today {
            date: NaiveDate::from_ymd_opt(2026, 11, 28).unwrap(),
            zone: Tz::UTC,
            day_start: chrono::NaiveTime::MIN,
        }
    }

    fn todo(n: u64, content: &str, due: Option<&str>, status: Status, priority: Priority) -> Todo {
        let now = Utc.timestamp_opt(1_700_000_000 + n as i64, 0).unwrap();
        NewTodo {
            content: content.into(),
            due: due.map(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap()),
            status: Some(status),
            priority: Some(priority),
            category: Some(if n.is_multiple_of(2) { "Work" } else { "Home" }.into()),
            ..NewTodo::default()
        }
        .into_todo(TodoId::new_v7(n, [n as u8; 10]), now)
        .unwrap()
    }

    fn sample() -> Vec<Todo> {
        vec![
            todo(
                1,
                "past due",
                Some("2026-11-20"),
                Status::Pending,
                Priority::Low,
            ),
            todo(
                2,
                "due today",
                Some("2026-11-28"),
                Status::InProgress,
                Priority::High,
            ),
            todo(
                3,
                "due in six days",
                Some("2026-12-04"),
                Status::Pending,
                Priority::Medium,
            ),
            todo(
                4,
                "due in seven days",
                Some("2026-12-05"),
                Status::Pending,
                Priority::Medium,
            ),
            todo(5, "no due date", None, Status::Pending, Priority::High),
            todo(
                6,
                "done and past",
                Some("2026-11-01"),
                Status::Completed,
                Priority::Medium,
            ),
        ]
    }

    fn contents(q: &TodoQuery) -> Vec<String> {
        q.run(&sample(), &today())
            .items
            .into_iter()
            .map(|t| t.content)
            .collect()
    }

    #[rstest]
    #[case(DueFilter::Today, StatusFilter::All, &["due today"])]
    // The legacy `week` filter also returned overdue todos: not here.
    #[case(DueFilter::Week, StatusFilter::All, &["due today", "due in six days"])]
    #[case(DueFilter::Overdue, StatusFilter::All, &["past due"])]
    // Undated todos were only visible under `all` in the legacy server.
    #[case(DueFilter::None, StatusFilter::Open, &["no due date"])]
    #[case(DueFilter::All, StatusFilter::Completed, &["done and past"])]
    #[case(DueFilter::All, StatusFilter::Open, &["past due", "due today", "due in six days", "due in seven days", "no due date"])]
    fn due_and_status_filters(
        #[case] due: DueFilter,
        #[case] status: StatusFilter,
        #[case] want: &[&str],
    ) {
        let q = TodoQuery {
            due,
            status,
            ..TodoQuery::default()
        };
        assert_eq!(contents(&q), want);
    }

    #[test]
    fn text_search_needs_every_word_in_any_field() {
        let q = TodoQuery {
            text: Some("DUE work".into()),
            status: StatusFilter::All,
            ..TodoQuery::default()
        };
        assert_eq!(contents(&q), ["due today", "due in seven days"]);
    }

    #[rstest]
    #[case("Call the BANK", "bank", true)]
    #[case("Café Ünïcode", "ünï", true)]
    #[case("short", "longer needle", false)]
    #[case("anything", "", true)]
    fn contains_ignores_case(#[case] hay: &str, #[case] needle: &str, #[case] want: bool) {
        assert_eq!(contains_ci(hay, needle), want);
    }

    #[test]
    fn priority_sort_puts_high_first() {
        let q = TodoQuery {
            sort: SortKey::Priority,
            ..TodoQuery::default()
        };
        assert_eq!(contents(&q)[..2], ["due today", "no due date"]);
    }

    #[rstest]
    #[case(
        "soon",
        "due: must be one of today, week, overdue, none, all; got \"soon\""
    )]
    fn bad_due_filter_names_the_rule(#[case] input: &str, #[case] msg: &str) {
        assert_eq!(DueFilter::parse("due", input).unwrap_err().to_string(), msg);
    }

    proptest! {
        #[test]
        fn pages_cover_every_match_exactly_once(limit in 1usize..7, sort in 0usize..6) {
            let sort = [SortKey::Smart, SortKey::Due, SortKey::Priority, SortKey::Created, SortKey::Updated, SortKey::Content][sort];
            let all = sample();
            let mut seen = Vec::new();
            let mut offset = 0;
            loop {
                let q = TodoQuery { status: StatusFilter::All, sort, offset, limit: Some(limit), ..TodoQuery::default() };
                let page = q.run(&all, &today());
                prop_assert_eq!(page.total, all.len());
                seen.extend(page.items.iter().map(|t| t.id));
                match page.next_offset { Some(n) => offset = n, None => break }
            }
            seen.sort();
            let mut want: Vec<_> = all.iter().map(|t| t.id).collect();
            want.sort();
            prop_assert_eq!(seen, want);
        }

        /// Issue 13 item 14: a client that completes what each page showed (so it leaves the
        /// open list) still sees every open todo once when it pages by mark.
        #[test]
        fn paging_by_mark_while_completing_misses_nothing(limit in 1usize..5, sort in 0usize..6, desc: bool) {
            let sort = [SortKey::Smart, SortKey::Due, SortKey::Priority, SortKey::Created, SortKey::Updated, SortKey::Content][sort];
            let mut all = sample();
            let open: Vec<_> = all.iter().filter(|t| t.status.is_open()).map(|t| t.id).collect();
            let mut seen = Vec::new();
            let mut after = None;
            loop {
                let q = TodoQuery { sort, descending: desc, after: after.clone(), limit: Some(limit), ..TodoQuery::default() };
                let page = q.run(&all, &today());
                for t in &page.items {
                    seen.push(t.id);
                    if let Some(x) = all.iter_mut().find(|x| x.id == t.id) {
                        x.status = Status::Completed;
                    }
                }
                match page.next_mark {
                    Some(m) => {
                        prop_assert_eq!(PageMark::decode("cursor", &m.encode()).unwrap(), m.clone());
                        after = Some(m);
                    }
                    None => break,
                }
            }
            seen.sort();
            let mut want = open;
            want.sort();
            prop_assert_eq!(seen, want);
        }
    }
}
