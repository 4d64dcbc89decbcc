//! Reminders in the facade: which are due now (taken once, under the store lock, so a reminder
//! fires once whichever process or device looks), snoozing, and reminders given as text.
//!
//! The app's scheduler calls [`Valet::take_due_reminders`] when the instant it was told to
//! wake at ([`ReminderScan::next_at`]) arrives or the store changes; nothing polls.

use chrono::{DateTime, Duration, NaiveTime, Utc};
use serde::Serialize;
use valet_core::reminders::{self, DueReminder, Reminder};
use valet_core::{Todo, TodoPatch, ValidationError};
use valet_store::{Change, Record, UndoKind};

use crate::error::{Result, ServiceError};
use crate::valet::Valet;

/// What is due now and when to look again.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReminderScan {
    /// Due on time: each is shown as its own notification.
    pub due: Vec<DueReminder>,
    /// Noticed late (the app was closed, the machine asleep): shown once, together.
    pub missed: Vec<DueReminder>,
    /// The next instant a reminder is due, if any.
    pub next_at: Option<DateTime<Utc>>,
}

/// What "snooze" does to a reminder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Snooze {
    /// Comes back after this many minutes (1 to 1440).
    Minutes(u32),
    /// Moves the todo to tomorrow and reminds again tomorrow at the same time of day.
    Tomorrow,
}

impl Snooze {
    /// Reads `10m`, `1h`, `tomorrow`, or a number of minutes.
    pub fn parse(field: &str, text: &str) -> std::result::Result<Snooze, ValidationError> {
        let t = text.trim().to_ascii_lowercase();
        if t == "tomorrow" {
            return Ok(Snooze::Tomorrow);
        }
        let minutes = if let Some(h) = t.strip_suffix('h') {
            h.trim().parse::<u32>().ok().and_then(|h| h.checked_mul(60))
        } else {
            t.trim_end_matches("min")
                .trim_end_matches('m')
                .trim()
                .parse::<u32>()
                .ok()
        };
        match minutes {
            Some(m) if (1..=1440).contains(&m) => Ok(Snooze::Minutes(m)),
            _ => Err(ValidationError::new(
                field,
                format!("must be 1 to 1440 minutes (10m, 1h) or tomorrow; got {text:?}"),
            )),
        }
    }
}

impl Valet {
    /// Reads reminders given as text in the user's today (`30m before, 9am`; `none` clears).
    pub async fn reminder_text(&self, field: &str, text: &str) -> Result<Vec<Reminder>> {
        let today = self.today().await.date;
        Ok(Reminder::parse_list(field, text, today)?)
    }

    /// Reads reminders given one per string (as MCP passes them); an empty list is none.
    pub async fn reminder_list(&self, field: &str, items: &[String]) -> Result<Vec<Reminder>> {
        let today = self.today().await.date;
        let mut out = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            let r = Reminder::parse(&format!("{field}[{i}]"), item, today)?;
            if !out.contains(&r) {
                out.push(r);
            }
        }
        Ok(out)
    }

    /// The reminder a todo would get by default (`reminders.default` in settings).
    pub async fn default_reminders(&self) -> Vec<Reminder> {
        self.settings().await.default_reminders()
    }

    /// Looks without taking: what is due now and the next instant (for status and tests).
    pub async fn peek_reminders(&self) -> Result<ReminderScan> {
        let (zone, _) = self.zone().await;
        let now = self.now();
        Ok(self
            .store()
            .read(|r| scan_all(r.todos(), zone, now))
            .await?)
    }

    /// Takes the reminders due now: each is marked shown (`remindedUntil`) in one mutation
    /// before it is returned, so it is shown once even if two processes or devices look.
    /// Nothing is written when nothing is due.
    pub async fn take_due_reminders(&self) -> Result<ReminderScan> {
        let first = self.peek_reminders().await?;
        if first.due.is_empty() && first.missed.is_empty() {
            return Ok(first);
        }
        let (zone, _) = self.zone().await;
        let now = self.now();
        self.store()
            .mutate_as(&self.actor_label(), UndoKind::Bookkeeping, |r| {
                let scan = scan_all(r.todos(), zone, now);
                let mut changes = Vec::new();
                for d in scan.due.iter().chain(&scan.missed) {
                    let Some(t) = r.todo(d.todo) else { continue };
                    let mut t = t.clone();
                    t.reminded_until = Some(d.at.max(t.reminded_until.unwrap_or(d.at)));
                    if t.snoozed_until.is_some_and(|s| s <= d.at) {
                        t.snoozed_until = None;
                    }
                    changes.push(Change::Put(Record::Todo(t)));
                }
                Ok::<_, ServiceError>((changes, scan))
            })
            .await
    }

    /// Snoozes a todo's reminder: again in N minutes, or tomorrow (then the todo is scheduled
    /// tomorrow too, as "Tomorrow" in Todoist moves the task).
    pub async fn snooze_reminder(&self, id: &str, snooze: Snooze) -> Result<Todo> {
        let now = self.now();
        let today = self.today().await;
        let patch = match snooze {
            Snooze::Minutes(m) => TodoPatch {
                snoozed_until: Some(Some(now + Duration::minutes(i64::from(m)))),
                ..TodoPatch::default()
            },
            Snooze::Tomorrow => {
                let tomorrow = today.date.succ_opt().unwrap_or(today.date);
                let local = now.with_timezone(&today.zone).time();
                let at = tomorrow.and_time(
                    NaiveTime::from_hms_opt(
                        chrono::Timelike::hour(&local),
                        chrono::Timelike::minute(&local),
                        0,
                    )
                    .unwrap_or(NaiveTime::MIN),
                );
                TodoPatch {
                    when: Some(Some(tomorrow)),
                    snoozed_until: Some(Some(reminders::local_instant(at, today.zone))),
                    ..TodoPatch::default()
                }
            }
        };
        self.update_todo(id, patch).await
    }

    /// The next reminders after now, soonest first: (todo, instant).
    pub async fn upcoming_reminders(&self, limit: usize) -> Result<Vec<(Todo, DateTime<Utc>)>> {
        let (zone, _) = self.zone().await;
        let now = self.now();
        self.store()
            .read(|r| {
                let mut out: Vec<(Todo, DateTime<Utc>)> = r
                    .todos()
                    .filter(|t| t.status.is_open())
                    .flat_map(|t| {
                        reminders::instants(t, zone)
                            .into_iter()
                            .filter(|(at, _)| *at > now && t.reminded_until.is_none_or(|s| *at > s))
                            .map(|(at, _)| (t.clone(), at))
                            .collect::<Vec<_>>()
                    })
                    .collect();
                out.sort_by_key(|(t, at)| (*at, t.id));
                out.truncate(limit);
                out
            })
            .await
            .map_err(Into::into)
    }
}

/// Scans every todo: due ones split into on time and missed, and the soonest next instant.
fn scan_all<'a>(
    todos: impl Iterator<Item = &'a Todo>,
    zone: chrono_tz::Tz,
    now: DateTime<Utc>,
) -> ReminderScan {
    let mut out = ReminderScan::default();
    for t in todos {
        if t.reminders.is_empty() && t.snoozed_until.is_none() {
            continue;
        }
        let (due, next) = reminders::scan(t, zone, now);
        if let Some(d) = due {
            if d.missed {
                out.missed.push(d);
            } else {
                out.due.push(d);
            }
        }
        if let Some(n) = next {
            out.next_at = Some(out.next_at.map_or(n, |x| x.min(n)));
        }
    }
    out.due.sort_by_key(|d| (d.at, d.todo));
    out.missed.sort_by_key(|d| (d.at, d.todo));
    out
}
