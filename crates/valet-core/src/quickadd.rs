//! The quick-add line: `Call the bank tomorrow 9am !high #finance` read into a todo's fields.
//!
//! Shared by the app's quick-add window and anything else that takes one line of text. The
//! parser never fails: words it does not recognise stay in the content, in order. What it takes
//! out of the text:
//!
//! - **priority**: the first `!high`, `!medium`, `!low` (also `!h`/`!m`/`!l`, `!1`/`!2`/`!3`,
//!   `p1`/`p2`/`p3`), any case;
//! - **tags**: every `#word` (`#finance #calls`); a todo's category (its project-to-be) is not
//!   set from the line;
//! - **a date**: the longest run of words that [`crate::dates::parse_due`] understands
//!   ("tomorrow 9am", "next friday", "on dec 5", "in 3 days"), the later one on a tie; a leading
//!   `on`/`at` goes with it. A lone time (`5pm`, `at 14:30`) means today at that time, or sets
//!   the time of the date found elsewhere ("9am tomorrow").
//!
//! **Scheduled or deadline**: a date on its own schedules the todo (`when`: "Write report
//! tomorrow" is planned for tomorrow). It is a deadline (`due`) when `by`, `due` or `before`
//! leads it ("Pay rent by friday") or when it has a time of day ("Call the bank tomorrow 9am":
//! a time is a commitment, and reminders hang off the deadline's time).
//!
//! Words that are also names or ordinary words (`sun`, `sat`, `tom`, `mon`, ...) are not read as
//! dates on their own: "Watch the sun rise" stays as it is.

use chrono::{NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};

use crate::dates::{parse_due, parse_time_words};
use crate::todo::{hhmm, NewTodo, Priority};

/// The longest run of words tried as one date phrase ("the day after tomorrow at 9am").
const MAX_PHRASE_WORDS: usize = 6;

/// Single words that are a date to `parse_due` but usually something else in a todo.
const AMBIGUOUS: &[&str] = &[
    "tom",
    "tod",
    "mon",
    "tue",
    "tues",
    "wed",
    "thu",
    "thur",
    "thurs",
    "fri",
    "sat",
    "sun",
    "weekend",
    "tonight",
    "yesterday",
];

/// What a quick-add line was understood as. `content` may be empty (then there is nothing to
/// add yet); the other fields are `None` when the line did not set them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct QuickAdd {
    /// The text of the todo: every word that was not a date, priority or tag token.
    pub content: String,
    pub priority: Option<Priority>,
    /// Every `#tag`, in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// The day it is scheduled for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when: Option<NaiveDate>,
    /// The deadline.
    pub due: Option<NaiveDate>,
    #[serde(default, with = "hhmm")]
    pub due_time: Option<NaiveTime>,
    /// The words read as the date and time, as typed ("by friday", "tomorrow 9am").
    pub due_phrase: Option<String>,
    /// A repeat ("every monday", "every 3 days after done").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repeat: Option<crate::recurrence::RuleText>,
    /// The repeat in words, as the preview shows it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repeat_words: Option<String>,
    /// Reminders given with `remind ...` ("remind 30m before", "remind me at 9am").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reminders: Vec<crate::reminders::Reminder>,
    /// The reminders in words, as the preview shows them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reminder_words: Vec<String>,
}

impl QuickAdd {
    /// The todo this line creates (`content` is validated when the todo is built).
    pub fn to_new_todo(&self) -> NewTodo {
        NewTodo {
            content: self.content.clone(),
            priority: self.priority,
            tags: self.tags.clone(),
            when: self.when,
            due: self.due,
            due_time: self.due.and(self.due_time),
            repeat: self.repeat.clone(),
            reminders: (!self.reminders.is_empty()).then(|| self.reminders.clone()),
            ..NewTodo::default()
        }
    }

    /// One line for people: `"Call the bank" · due 2026-11-29 09:00 · high · #finance`.
    pub fn summary(&self) -> String {
        let mut parts = vec![format!("{:?}", self.content)];
        if let Some(when) = self.when {
            parts.push(format!("scheduled {when}"));
        }
        if let Some(due) = self.due {
            match self.due_time {
                Some(t) => parts.push(format!("deadline {due} {}", t.format("%H:%M"))),
                None => parts.push(format!("deadline {due}")),
            }
        }
        if let Some(r) = &self.repeat_words {
            parts.push(format!("repeats {r}"));
        }
        for r in &self.reminder_words {
            parts.push(format!("reminds {r}"));
        }
        if let Some(p) = self.priority {
            parts.push(p.as_str().to_owned());
        }
        for t in &self.tags {
            parts.push(format!("#{t}"));
        }
        parts.join(" · ")
    }
}

/// Reads a quick-add line, resolving dates against `today` (the user's today, in their zone).
pub fn parse(text: &str, today: NaiveDate) -> QuickAdd {
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut used = vec![false; words.len()];
    let mut out = QuickAdd::default();

    for (i, word) in words.iter().enumerate() {
        if out.priority.is_none() {
            if let Some(p) = priority_token(word) {
                out.priority = Some(p);
                used[i] = true;
                continue;
            }
        }
        if let Some(c) = tag_token(word) {
            if !out.tags.iter().any(|t| crate::organize::same_tag(t, c)) {
                out.tags.push(c.to_owned());
            }
            used[i] = true;
        }
    }

    // A repeat first: "every monday" is a rule, not a date.
    if let Some((start, end, rule)) = repeat_span(&words, &used) {
        out.repeat_words = Some(rule.words());
        out.repeat = Some(rule);
        for u in &mut used[start..end] {
            *u = true;
        }
    }

    // Reminders before dates: "remind tomorrow 9am" is a reminder, not a deadline.
    while let Some((start, end, r)) = remind_span(&words, &used, today) {
        out.reminder_words.push(r.describe());
        out.reminders.push(r);
        for u in &mut used[start..end] {
            *u = true;
        }
    }

    // Up to two dates: one that schedules and one deadline ("Draft it tomorrow by friday").
    let mut phrases: Vec<String> = Vec::new();
    for _ in 0..2 {
        let Some((start, end, date, time)) = best_date_span(&words, &used, today) else {
            break;
        };
        let lead = start
            .checked_sub(1)
            .filter(|&l| !used[l] && is_deadline_word(words[l]));
        // A deadline word or a time makes it a deadline; a plain date schedules.
        let deadline = lead.is_some() || time.is_some();
        if deadline && out.due.is_none() {
            out.due = Some(date);
            out.due_time = time;
        } else if !deadline && out.when.is_none() {
            out.when = Some(date);
        } else {
            break;
        }
        let from = lead.unwrap_or(start);
        phrases.push(words[from..end].join(" "));
        for u in &mut used[from..end] {
            *u = true;
        }
    }

    if out.due_time.is_none() {
        if let Some((start, end, time)) = lone_time(&words, &used) {
            // A time is a deadline: on the deadline's day, else the scheduled day, else today.
            out.due_time = Some(time);
            if out.due.is_none() {
                out.due = Some(out.when.take().unwrap_or(today));
            }
            phrases.push(words[start..end].join(" "));
            for u in &mut used[start..end] {
                *u = true;
            }
        }
    }
    if !phrases.is_empty() {
        out.due_phrase = Some(phrases.join(" "));
    }

    out.content = words
        .iter()
        .zip(&used)
        .filter(|(_, used)| !**used)
        .map(|(w, _)| *w)
        .collect::<Vec<_>>()
        .join(" ");
    out
}

/// The longest run of unused words from an `every` that reads as a repeat.
fn repeat_span(
    words: &[&str],
    used: &[bool],
) -> Option<(usize, usize, crate::recurrence::RuleText)> {
    for (i, w) in words.iter().enumerate() {
        if used[i] || !w.eq_ignore_ascii_case("every") {
            continue;
        }
        let last = (i + 9).min(words.len());
        for end in (i + 2..=last).rev() {
            if used[i..end].iter().any(|u| *u) {
                continue;
            }
            if let Some(r) = crate::recurrence::words_to_rule(&words[i..end].join(" ")) {
                return Some((i, end, r));
            }
        }
    }
    None
}

/// `remind [me] SPEC`: the longest run of up to four unused words after it that reads as a
/// reminder ("remind 30m before", "remind me at 9am", "remind tomorrow 9am").
fn remind_span(
    words: &[&str],
    used: &[bool],
    today: NaiveDate,
) -> Option<(usize, usize, crate::reminders::Reminder)> {
    for (i, w) in words.iter().enumerate() {
        if used[i] || !w.eq_ignore_ascii_case("remind") {
            continue;
        }
        let from = match words.get(i + 1) {
            Some(m) if m.eq_ignore_ascii_case("me") => i + 2,
            _ => i + 1,
        };
        let last = (from + 4).min(words.len());
        for end in (from + 1..=last).rev() {
            if used[i..end].iter().any(|u| *u) {
                continue;
            }
            let text = words[from..end].join(" ");
            if let Ok(r) = crate::reminders::Reminder::parse("remind", &text, today) {
                return Some((i, end, r));
            }
        }
    }
    None
}

fn priority_token(word: &str) -> Option<Priority> {
    let lower = word.to_ascii_lowercase();
    match lower.as_str() {
        "!high" | "!h" | "!1" | "p1" => Some(Priority::High),
        "!medium" | "!med" | "!m" | "!2" | "p2" => Some(Priority::Medium),
        "!low" | "!l" | "!3" | "p3" => Some(Priority::Low),
        _ => None,
    }
}

fn tag_token(word: &str) -> Option<&str> {
    let name = word.strip_prefix('#')?;
    let ok = !name.is_empty()
        && name.chars().count() <= crate::organize::MAX_TAG
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '_' || c == '/' || c == '.');
    ok.then_some(name)
}

fn is_deadline_word(word: &str) -> bool {
    matches!(
        word.to_ascii_lowercase().as_str(),
        "by" | "due" | "before" | "deadline"
    )
}

fn is_filler(word: &str) -> bool {
    matches!(word.to_ascii_lowercase().as_str(), "at" | "on")
}

/// The longest run of unused words that reads as a date, as `(start, end, date, time)`.
fn best_date_span(
    words: &[&str],
    used: &[bool],
    today: NaiveDate,
) -> Option<(usize, usize, NaiveDate, Option<NaiveTime>)> {
    let mut best: Option<(usize, usize, NaiveDate, Option<NaiveTime>)> = None;
    for start in 0..words.len() {
        for end in (start + 1)..=(start + MAX_PHRASE_WORDS).min(words.len()) {
            let span = &words[start..end];
            if used[start..end].iter().any(|u| *u) {
                break;
            }
            // A filler may lead the phrase ("on friday") but never end it.
            if span.last().is_some_and(|w| is_filler(w)) {
                continue;
            }
            let meaningful: Vec<String> = span
                .iter()
                .filter(|w| !is_filler(w))
                .map(|w| w.to_ascii_lowercase())
                .collect();
            if let [only] = meaningful.as_slice() {
                if AMBIGUOUS.contains(&only.as_str()) {
                    continue;
                }
            }
            // A lone time is handled by `lone_time`; a date phrase needs a date word.
            if meaningful.iter().all(|w| parse_time_words(w).is_some()) {
                continue;
            }
            // Past phrases ("last week", "2 days ago") are for looking back (--since, --from);
            // in a todo they are its subject: "Review last week".
            if meaningful.iter().any(|w| w == "ago" || w == "last") {
                continue;
            }
            let Ok((date, time)) = parse_due("due", &span.join(" "), today) else {
                continue;
            };
            let longer = best.is_none_or(|(s, e, _, _)| end - start >= e - s);
            if longer {
                best = Some((start, end, date, time));
            }
        }
    }
    best
}

/// A time on its own (`5pm`, `noon`, `at 14:30`), with a leading `at` when there is one.
fn lone_time(words: &[&str], used: &[bool]) -> Option<(usize, usize, NaiveTime)> {
    for (i, word) in words.iter().enumerate() {
        if used[i] {
            continue;
        }
        let lower = word.to_ascii_lowercase();
        let after_at = i > 0 && !used[i - 1] && words.get(i - 1).is_some_and(|w| is_filler(w));
        // "14:30" alone could be a verse or a score; it is a time after "at".
        let clear = lower.ends_with("am") || lower.ends_with("pm") || after_at;
        if !clear {
            continue;
        }
        if let Some(t) = parse_time_words(&lower) {
            let start = if after_at { i - 1 } else { i };
            return Some((start, i + 1, t));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use rstest::rstest;

    // 2026-11-28 is a Saturday.
    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 28).unwrap()
    }

    #[rstest]
    #[case(
        "Call the bank tomorrow 9am !high #finance",
        "Call the bank",
        Some("2026-11-29"),
        Some("09:00"),
        Some(Priority::High),
        Some("finance")
    )]
    #[case("Call the bank", "Call the bank", None, None, None, None)]
    #[case(
        "Pay rent on dec 1 p1",
        "Pay rent",
        Some("2026-12-01"),
        None,
        Some(Priority::High),
        None
    )]
    #[case(
        "#home fix the sink !low",
        "fix the sink",
        None,
        None,
        Some(Priority::Low),
        Some("home")
    )]
    #[case(
        "Dentist next friday at 2pm",
        "Dentist",
        Some("2026-12-04"),
        Some("14:00"),
        None,
        None
    )]
    #[case(
        "Standup at 9:30",
        "Standup",
        Some("2026-11-28"),
        Some("09:30"),
        None,
        None
    )]
    #[case(
        "Call mom 5pm",
        "Call mom",
        Some("2026-11-28"),
        Some("17:00"),
        None,
        None
    )]
    #[case(
        "9am tomorrow gym",
        "gym",
        Some("2026-11-29"),
        Some("09:00"),
        None,
        None
    )]
    #[case(
        "Submit report in 3 days !2",
        "Submit report",
        Some("2026-12-01"),
        None,
        Some(Priority::Medium),
        None
    )]
    #[case("Watch the sun rise", "Watch the sun rise", None, None, None, None)]
    #[case(
        "Call Tom about the wed plans",
        "Call Tom about the wed plans",
        None,
        None,
        None,
        None
    )]
    #[case("Read John 3:16", "Read John 3:16", None, None, None, None)]
    #[case("Meet at home", "Meet at home", None, None, None, None)]
    #[case("Review last week", "Review last week", None, None, None, None)]
    #[case(
        "Notes from 2 days ago",
        "Notes from 2 days ago",
        None,
        None,
        None,
        None
    )]
    #[case(
        "Send invoice 2026-12-24 #work #urgent",
        "Send invoice",
        Some("2026-12-24"),
        None,
        None,
        Some("work")
    )]
    #[case("!HIGH !low both", "!low both", None, None, Some(Priority::High), None)]
    #[case("tomorrow", "", Some("2026-11-29"), None, None, None)]
    #[case(
        "Plan trip on saturday",
        "Plan trip",
        Some("2026-11-28"),
        None,
        None,
        None
    )]
    #[case("# alone", "# alone", None, None, None, None)]
    #[case("", "", None, None, None, None)]
    fn reads_the_line(
        #[case] input: &str,
        #[case] content: &str,
        #[case] due: Option<&str>,
        #[case] time: Option<&str>,
        #[case] priority: Option<Priority>,
        #[case] tag: Option<&str>,
    ) {
        let q = parse(input, today());
        assert_eq!(q.content, content, "{input}");
        // Scheduled or deadline is checked by `a_plain_date_schedules_and_by_or_a_time_is_a_deadline`.
        assert_eq!(
            q.due.or(q.when).map(|d| d.to_string()).as_deref(),
            due,
            "{input}"
        );
        assert_eq!(
            q.due_time.map(|t| t.format("%H:%M").to_string()).as_deref(),
            time,
            "{input}"
        );
        assert_eq!(q.priority, priority, "{input}");
        assert_eq!(q.tags.first().map(String::as_str), tag, "{input}");
    }

    #[test]
    fn keeps_the_phrase_and_summarises() {
        let q = parse("Call the bank tomorrow 9am !high #finance", today());
        assert_eq!(q.due_phrase.as_deref(), Some("tomorrow 9am"));
        assert_eq!(
            q.summary(),
            "\"Call the bank\" · deadline 2026-11-29 09:00 · high · #finance"
        );
        let new = q.to_new_todo();
        assert_eq!(new.content, "Call the bank");
        assert_eq!(new.tags, ["finance"]);
        let two = parse("Call #bank about #mortgage #Bank", today());
        assert_eq!(
            (two.content.as_str(), two.tags.clone()),
            ("Call about", vec!["bank".to_owned(), "mortgage".to_owned()])
        );
    }

    #[rstest]
    #[case("Write report tomorrow", "Write report", Some("2026-11-29"), None)]
    #[case("Pay rent by friday", "Pay rent", None, Some("2026-12-04"))]
    #[case("Pay rent due dec 1", "Pay rent", None, Some("2026-12-01"))]
    #[case("Submit before next monday", "Submit", None, Some("2026-11-30"))]
    #[case(
        "Call the bank tomorrow 9am",
        "Call the bank",
        None,
        Some("2026-11-29")
    )]
    #[case("Stand by me on friday", "Stand by me", Some("2026-12-04"), None)]
    #[case("Call mom 5pm", "Call mom", None, Some("2026-11-28"))]
    #[case(
        "Draft it tomorrow by friday",
        "Draft it",
        Some("2026-11-29"),
        Some("2026-12-04")
    )]
    #[case(
        "Draft it by friday tomorrow",
        "Draft it",
        Some("2026-11-29"),
        Some("2026-12-04")
    )]
    // Two plain dates: the later one schedules (as on a tie), the other stays in the text.
    #[case("Gym tomorrow friday", "Gym tomorrow", Some("2026-12-04"), None)]
    fn a_plain_date_schedules_and_by_or_a_time_is_a_deadline(
        #[case] input: &str,
        #[case] content: &str,
        #[case] when: Option<&str>,
        #[case] due: Option<&str>,
    ) {
        let q = parse(input, today());
        assert_eq!(q.content, content, "{input}");
        assert_eq!(q.when.map(|d| d.to_string()).as_deref(), when, "{input}");
        assert_eq!(q.due.map(|d| d.to_string()).as_deref(), due, "{input}");
        let new = q.to_new_todo();
        assert_eq!((new.when, new.due), (q.when, q.due));
    }

    #[rstest]
    #[case(
        "Water the plants every monday",
        "Water the plants",
        "FREQ=WEEKLY;BYDAY=MO",
        None
    )]
    #[case(
        "Pay rent every month on the 1st !high",
        "Pay rent",
        "FREQ=MONTHLY;BYMONTHDAY=1",
        None
    )]
    #[case("Stretch every day at 7am", "Stretch", "FREQ=DAILY", Some("07:00"))]
    #[case(
        "Review every 2 weeks on mon, thu",
        "Review",
        "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH",
        None
    )]
    #[case(
        "Change filter every 3 months after done",
        "Change filter",
        "FREQ=MONTHLY;INTERVAL=3",
        None
    )]
    fn a_repeat_in_the_line_is_read_as_a_rule(
        #[case] input: &str,
        #[case] content: &str,
        #[case] rule: &str,
        #[case] time: Option<&str>,
    ) {
        let q = parse(input, today());
        assert_eq!(q.content, content, "{input}");
        assert_eq!(
            q.repeat.as_ref().map(|r| r.rule.as_str()),
            Some(rule),
            "{input}"
        );
        assert_eq!(
            q.due_time.map(|t| t.format("%H:%M").to_string()).as_deref(),
            time
        );
        assert!(q.summary().contains("repeats every"), "{}", q.summary());
    }

    #[rstest]
    #[case("Call the bank tomorrow 9am remind 30m before", "Call the bank", &["30m before"], Some("09:00"))]
    #[case("Pay rent by friday remind me at 8am", "Pay rent", &["08:00"], None)]
    #[case("Send the card remind tomorrow 9am", "Send the card", &["2026-11-29 09:00"], None)]
    #[case("Remind Bob about lunch", "Remind Bob about lunch", &[], None)]
    #[case("Standup 10am remind 10 min before remind at deadline", "Standup", &["10m before", "at deadline"], Some("10:00"))]
    fn remind_in_the_line_adds_reminders(
        #[case] input: &str,
        #[case] content: &str,
        #[case] reminders: &[&str],
        #[case] time: Option<&str>,
    ) {
        let q = parse(input, today());
        assert_eq!(q.content, content, "{input}");
        let got: Vec<String> = q.reminders.iter().map(ToString::to_string).collect();
        assert_eq!(got, reminders, "{input}");
        assert_eq!(
            q.due_time.map(|t| t.format("%H:%M").to_string()).as_deref(),
            time,
            "{input}"
        );
        assert_eq!(q.reminder_words.len(), reminders.len());
    }

    #[test]
    fn serializes_for_the_preview() {
        let q = parse("Call the bank tomorrow 9am !high #finance", today());
        let json = serde_json::to_value(&q).unwrap();
        assert_eq!(
            json,
            serde_json::json!({
                "content": "Call the bank", "priority": "high", "tags": ["finance"],
                "due": "2026-11-29", "dueTime": "09:00", "duePhrase": "tomorrow 9am"
            })
        );
    }

    /// Words that are never a date, priority or tag token.
    const PLAIN: &[&str] = &[
        "call", "the", "bank", "buy", "milk", "Bob", "report", "ship", "it", "x", "forty", "café",
        "über", "#", "!", "p4", "!urgent", "meet", "home",
    ];
    /// Tokens the parser may take out.
    const TOKENS: &[&str] = &[
        "tomorrow",
        "9am",
        "!high",
        "#finance",
        "next",
        "friday",
        "on",
        "at",
        "in",
        "3",
        "days",
        "dec",
        "5",
        "p2",
        "noon",
        "14:30",
        "2026-12-24",
        "sun",
        "today",
        "#a/b",
    ];

    proptest! {
        #[test]
        fn never_panics(text in "\\PC{0,80}") {
            let q = parse(&text, today());
            prop_assert!(q.content.len() <= text.len());
        }

        #[test]
        fn never_loses_plain_words(
            picks in proptest::collection::vec((any::<bool>(), 0usize..20), 0..14)
        ) {
            let words: Vec<&str> = picks
                .iter()
                .map(|(plain, i)| if *plain { PLAIN[i % PLAIN.len()] } else { TOKENS[i % TOKENS.len()] })
                .collect();
            let line = words.join(" ");
            let q = parse(&line, today());
            let kept: Vec<&str> = q.content.split_whitespace().collect();
            // Every plain word is still there, in order (a subsequence of what is kept).
            let mut rest = kept.iter();
            for w in words.iter().filter(|w| PLAIN.contains(w)) {
                prop_assert!(rest.any(|k| k == w), "{w:?} lost from {line:?}: {:?}", q.content);
            }
            // Nothing is invented: what is kept is a subsequence of the input.
            let mut input = words.iter();
            for k in &kept {
                prop_assert!(input.any(|w| w == k), "{k:?} invented from {line:?}");
            }
        }
    }
}
