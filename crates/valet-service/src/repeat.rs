//! Repeating todos in the facade: completing an occurrence creates the next (with an id derived
//! from the series and its date, so two devices doing it offline make one), skipping moves an
//! occurrence to the next date, and a repeat given as text is read in the user's today.

use chrono::{DateTime, NaiveDate, Utc};
use valet_core::recurrence::{self, RuleText};
use valet_core::{Status as TodoStatus, Todo, TodoPatch, ValidationError};
use valet_store::{Change, Record, Records};

use crate::error::{Result, ServiceError};
use crate::valet::Valet;

/// The todo for the occurrence after `done` (just completed on `today`), if the series goes on
/// and no device has made it yet.
pub(crate) fn next_occurrence(
    r: &Records,
    done: &Todo,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> std::result::Result<Option<Todo>, ValidationError> {
    let Some(rep) = done.repeat.as_ref().filter(|x| !x.paused) else {
        return Ok(None);
    };
    let this = done.when.or(done.due).unwrap_or(today);
    let base = if rep.after_done { today } else { this };
    let Some(next) = rep.next_after(base)? else {
        return Ok(None);
    };
    let id = recurrence::next_occurrence_id(rep.series, next);
    if r.todo(id).is_some() {
        return Ok(None);
    }
    // The deadline keeps its distance from the scheduled day ("do it Monday, due Wednesday").
    let shift = next - this;
    let mut t = done.clone();
    t.id = id;
    t.status = TodoStatus::Pending;
    t.completed_at = None;
    t.created_at = now;
    t.updated_at = now;
    t.when = done.when.map(|w| w + shift);
    t.due = done.due.map(|d| d + shift);
    // The next occurrence keeps the reminders, not their fired state or a snooze.
    t.reminded_until = None;
    t.snoozed_until = None;
    t.rearm_reminders(None, now);
    reanchor(&mut t, next);
    Ok(Some(t))
}

/// Moves the series' DTSTART to `occurrence` (itself an occurrence, so intervals keep their
/// phase), so the next expansion starts there instead of at the series' first day. A rule
/// with COUNT keeps its first day: the count runs from there.
fn reanchor(t: &mut Todo, occurrence: NaiveDate) {
    if let Some(r) = t.repeat.as_mut() {
        if !r.rule.contains("COUNT=") && !r.after_done {
            r.start = occurrence;
        }
    }
}

impl Valet {
    /// Reads a repeat given as text (words or an RRULE) in the user's today; empty, `none` or
    /// `never` stop repeating.
    pub async fn repeat_text(&self, field: &str, text: &str) -> Result<Option<RuleText>> {
        let t = text.trim();
        if t.is_empty()
            || ["none", "never", "clear", "stop"].contains(&t.to_ascii_lowercase().as_str())
        {
            return Ok(None);
        }
        let today = self.today().await.date;
        Ok(Some(recurrence::parse_rule(field, t, today)?))
    }

    /// The first day of `rule` from today on: where a new repeating todo with no date starts.
    pub(crate) async fn first_occurrence(&self, rule: &RuleText) -> Result<NaiveDate> {
        let today = self.today().await.date;
        let yesterday = today.pred_opt().unwrap_or(today);
        recurrence::next_after(&rule.rule, today, yesterday)?.ok_or_else(|| {
            ValidationError::new(
                "repeat",
                format!("never happens from {today}: {}", rule.rule),
            )
            .into()
        })
    }

    /// Moves a repeating todo to its next occurrence without completing it.
    pub async fn skip_occurrence(&self, id: &str) -> Result<Todo> {
        let id = self.resolve_id("id", id).await?;
        let today = self.today().await.date;
        let now = self.now();
        self.store()
            .mutate(&self.actor_label(), |r| {
                let t = r.todo(id).ok_or(ServiceError::NotFound {
                    what: "todo",
                    id: id.to_string(),
                })?;
                let rep = t.repeat.as_ref().ok_or_else(|| {
                    ValidationError::new("id", format!("todo {id} does not repeat"))
                })?;
                let this = t.when.or(t.due).unwrap_or(today);
                let next = rep.next_after(this)?.ok_or_else(|| {
                    ValidationError::new("id", "the series has no occurrence after this one")
                })?;
                let shift = next - this;
                let patch = TodoPatch {
                    when: t.when.map(|w| Some(w + shift)),
                    due: t.due.map(|d| Some(d + shift)),
                    ..TodoPatch::default()
                };
                let (mut moved, _) = patch.apply(t, now)?;
                reanchor(&mut moved, next);
                Ok::<_, ServiceError>((vec![Change::Put(Record::Todo(moved.clone()))], moved))
            })
            .await
    }

    /// Every occurrence of the series `id` belongs to, completed ones first by date: the
    /// history of a repeating todo.
    pub async fn series(&self, id: &str) -> Result<Vec<Todo>> {
        let id = self.resolve_id("id", id).await?;
        let found = self
            .store()
            .read(|r| {
                let series = r.todo(id).and_then(|t| t.repeat.as_ref()).map(|x| x.series);
                let mut all: Vec<Todo> = match series {
                    Some(s) => r
                        .todos()
                        .filter(|t| t.repeat.as_ref().is_some_and(|x| x.series == s))
                        .cloned()
                        .collect(),
                    None => r.todo(id).cloned().into_iter().collect(),
                };
                all.sort_by_key(|t| (t.when.or(t.due), t.created_at));
                all
            })
            .await?;
        if found.is_empty() {
            return Err(ServiceError::NotFound {
                what: "todo",
                id: id.to_string(),
            });
        }
        Ok(found)
    }
}
