//! The rules a whole day record (a plan, a journal, an archived day) must keep when it comes
//! from outside in one piece (an export file): limits on every text, task and entry ids present
//! and unique. Section edits are checked as they are made (`day.rs`).

use std::collections::HashSet;

use crate::day::{ArchivedDay, DayPlan, JournalDay, MAX_ENTRY, MAX_ITEM, MAX_SECTION};
use crate::error::ValidationError;

/// Longest section name kept from outside (legacy files carry free-form headings).
const MAX_SECTION_NAME: usize = 200;

fn text(field: &str, s: &str, max: usize) -> Result<(), ValidationError> {
    let n = s.chars().count();
    if n > max {
        return Err(ValidationError::new(
            field,
            format!("must be at most {max} characters; got {n}"),
        ));
    }
    Ok(())
}

fn sections<'a>(
    field: &str,
    all: impl Iterator<Item = (&'a String, &'a String)>,
) -> Result<(), ValidationError> {
    for (name, body) in all {
        let n = name.chars().count();
        if name.trim().is_empty() || n > MAX_SECTION_NAME || name.chars().any(char::is_control) {
            return Err(ValidationError::new(
                format!("{field}.sections"),
                format!(
                    "section names must be 1-{MAX_SECTION_NAME} characters without control characters; got one of {n}"
                ),
            ));
        }
        text(&format!("{field}.sections.{name}"), body, MAX_SECTION)?;
    }
    Ok(())
}

fn ids<'a>(field: &str, all: impl Iterator<Item = &'a str>) -> Result<(), ValidationError> {
    let mut seen = HashSet::new();
    for (i, id) in all.enumerate() {
        if id.trim().is_empty() {
            return Err(ValidationError::new(
                format!("{field}[{i}].id"),
                "must not be empty",
            ));
        }
        if !seen.insert(id) {
            return Err(ValidationError::new(
                format!("{field}[{i}].id"),
                format!("must be unique; {id:?} appears twice"),
            ));
        }
    }
    Ok(())
}

impl DayPlan {
    /// Checks a whole plan from outside.
    pub fn validate(&self) -> Result<(), ValidationError> {
        ids("tasks", self.tasks.iter().map(|t| t.id.as_str()))?;
        for (i, t) in self.tasks.iter().enumerate() {
            text(&format!("tasks[{i}].text"), &t.text, MAX_ITEM)?;
        }
        for (f, s) in [
            ("personalReminders", &self.personal_reminders),
            ("ongoingSummary", &self.ongoing_summary),
            ("dataStash", &self.data_stash),
            ("reflections", &self.reflections),
        ] {
            text(f, s, MAX_SECTION)?;
        }
        sections("plan", self.sections.iter())
    }
}

impl JournalDay {
    /// Checks a whole journal from outside.
    pub fn validate(&self) -> Result<(), ValidationError> {
        ids("entries", self.entries.iter().map(|e| e.id.as_str()))?;
        for (i, e) in self.entries.iter().enumerate() {
            text(&format!("entries[{i}].text"), &e.text, MAX_ENTRY)?;
        }
        if let Some(m) = &self.mood {
            text("mood", m, MAX_ITEM)?;
        }
        if let Some(n) = self.mood_score {
            check_mood_score("moodScore", n, false)?;
        }
        for (f, list) in [
            ("highlights", &self.highlights),
            ("challenges", &self.challenges),
            ("lessons", &self.lessons),
        ] {
            for (i, s) in list.iter().enumerate() {
                text(&format!("{f}[{i}]"), s, MAX_ITEM)?;
            }
        }
        text("reflections", &self.reflections, MAX_SECTION)?;
        text("personalReminders", &self.personal_reminders, MAX_SECTION)?;
        sections("journal", self.sections.iter())
    }
}

impl ArchivedDay {
    /// Checks a whole archived day from outside: its plan and journal, for its own date.
    pub fn validate(&self) -> Result<(), ValidationError> {
        if let Some(p) = &self.plan {
            if p.date != self.date {
                return Err(ValidationError::new(
                    "plan.date",
                    "must be the archived day's date",
                ));
            }
            p.validate()?;
        }
        if let Some(j) = &self.journal {
            if j.date != self.date {
                return Err(ValidationError::new(
                    "journal.date",
                    "must be the archived day's date",
                ));
            }
            j.validate()?;
        }
        Ok(())
    }
}

/// The mood scale: 1 (bad) to 5 (great); 0 too where it means "clear".
pub const MOOD_SCALE: std::ops::RangeInclusive<u8> = 1..=5;

/// Checks a mood score for `field`.
pub fn check_mood_score(field: &str, n: u8, zero_clears: bool) -> Result<(), ValidationError> {
    if MOOD_SCALE.contains(&n) || (zero_clears && n == 0) {
        return Ok(());
    }
    let rule = if zero_clears {
        "must be 1 (bad) to 5 (great), or 0 to clear it"
    } else {
        "must be 1 (bad) to 5 (great)"
    };
    Err(ValidationError::new(field, format!("{rule}; got {n}")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::day::PlanTask;
    use crate::ids::DayDate;
    use chrono::{TimeZone, Utc};

    fn plan() -> DayPlan {
        DayPlan::new(
            DayDate::parse("d", "2026-11-28").unwrap(),
            Utc.with_ymd_and_hms(2026, 11, 28, 8, 0, 0).unwrap(),
        )
    }

    fn task(id: &str, text: &str) -> PlanTask {
        PlanTask {
            id: id.into(),
            text: text.into(),
            done: false,
            carried_from: None,
            todo: None,
            carried: 0,
        }
    }

    #[test]
    fn whole_days_from_outside_keep_the_limits() {
        let mut p = plan();
        p.tasks = vec![task("a", "ok"), task("b", "fine")];
        assert!(p.validate().is_ok());
        p.tasks = vec![task("a", &"x".repeat(300_000))];
        assert!(p
            .validate()
            .unwrap_err()
            .to_string()
            .starts_with("tasks[0].text"));
        p.tasks = vec![task("a", "x"), task("a", "y")];
        assert!(p.validate().unwrap_err().to_string().contains("unique"));
        p.tasks = vec![task(" ", "x")];
        assert!(p.validate().unwrap_err().to_string().contains("empty"));
        p.tasks.clear();
        p.sections.insert("n".repeat(5_000), "text".into());
        assert!(p
            .validate()
            .unwrap_err()
            .to_string()
            .contains("section names"));
    }
}
