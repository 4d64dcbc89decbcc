//! Reminders in the desktop app: one task sleeps until the next reminder is due (or a change
//! lands in the store, from any process or device), takes what is due through the facade and
//! shows it as a desktop notification. Nothing polls: between reminders the task waits on a
//! timer, woken at least once a minute so a machine that slept notices what it missed.
//!
//! On Linux the notification goes to the freedesktop Notifications service (notify-rust, the
//! library inside tauri-plugin-notification, used directly for its actions): "Complete",
//! "Snooze 10 min", "Snooze 1 h", "Tomorrow", and a click opens the todo. Elsewhere the
//! notification plugin shows it without actions.

use std::time::Duration;

use chrono::{DateTime, Utc};
use tauri::{AppHandle, Emitter, Manager};
use valet_core::reminders::DueReminder;
use valet_service::{ReminderScan, Snooze, Valet};

use crate::state::AppState;

/// The longest the task sleeps: after a suspend the monotonic timer is late by the time asleep,
/// so it looks again at least this often (a read of the replica, no request).
pub const MAX_WAIT: Duration = Duration::from_secs(60);
/// Woken this much after the instant, so the reminder is surely due when the task looks.
const SLACK: Duration = Duration::from_millis(50);
/// More on-time reminders than this at once are shown as one summary.
const MAX_SEPARATE: usize = 3;
/// The event that asks the main window to show a todo (payload: its id).
pub const OPEN_TODO: &str = "valet://open-todo";

/// Notification actions: (id, label). The id is what the service sends back.
pub const ACTIONS: [(&str, &str); 4] = [
    ("complete", "Complete"),
    ("snooze-10", "Snooze 10 min"),
    ("snooze-60", "Snooze 1 h"),
    ("tomorrow", "Tomorrow"),
];

/// Runs until the app exits: waits for the store, then shows each reminder when it is due.
pub async fn run(app: AppHandle) {
    let valet = match app.state::<AppState>().valet().await {
        Ok(v) => v.clone(),
        Err(error) => {
            tracing::warn!(%error, "reminders are off: the store did not open");
            return;
        }
    };
    let mut feed = valet.subscribe();
    loop {
        let next = match valet.take_due_reminders().await {
            Ok(scan) => {
                show(&app, &valet, &scan).await;
                scan.next_at
            }
            Err(error) => {
                tracing::warn!(%error, "could not look for due reminders");
                None
            }
        };
        let wait = wait_for(next, valet.now());
        tracing::debug!(?next, ?wait, "reminders: sleeping");
        tokio::select! {
            _ = tokio::time::sleep(wait) => {}
            // Any change may move a reminder (our own "shown" marks come back here too):
            // looking again is one cheap read.
            event = feed.recv() => {
                if let Err(tokio::sync::broadcast::error::RecvError::Closed) = event {
                    return;
                }
            }
        }
    }
}

/// How long to sleep before looking again.
pub fn wait_for(next: Option<DateTime<Utc>>, now: DateTime<Utc>) -> Duration {
    match next {
        Some(at) => (at - now).to_std().map_or(Duration::ZERO, |d| d + SLACK),
        None => MAX_WAIT,
    }
    .min(MAX_WAIT)
}

/// What one notification says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    pub summary: String,
    pub body: String,
    /// The todo the actions act on (none for a summary of several).
    pub todo: Option<String>,
}

/// The notifications a scan shows: each on-time reminder on its own (a summary past three),
/// and everything missed together, once.
pub fn notes(scan: &ReminderScan, zone: chrono_tz::Tz) -> Vec<Note> {
    let time = |d: &DueReminder| d.at.with_timezone(&zone).format("%H:%M").to_string();
    let mut out = Vec::new();
    if scan.due.len() <= MAX_SEPARATE {
        for d in &scan.due {
            let what = if d.snoozed {
                "Snoozed reminder"
            } else {
                "Reminder"
            };
            out.push(Note {
                summary: d.content.clone(),
                body: format!("{what} · {}", time(d)),
                todo: Some(d.todo.to_string()),
            });
        }
    } else {
        out.push(summary(&scan.due, "reminders", &time));
    }
    match scan.missed.as_slice() {
        [] => {}
        [d] => out.push(Note {
            summary: d.content.clone(),
            body: format!(
                "Missed reminder · was due {}",
                d.at.with_timezone(&zone).format("%a %-d %b %H:%M")
            ),
            todo: Some(d.todo.to_string()),
        }),
        many => out.push(summary(many, "missed reminders", &time)),
    }
    out
}

fn summary(list: &[DueReminder], what: &str, time: &dyn Fn(&DueReminder) -> String) -> Note {
    let mut lines: Vec<String> = list
        .iter()
        .take(5)
        .map(|d| format!("{} {}", time(d), d.content))
        .collect();
    if list.len() > 5 {
        lines.push(format!("and {} more", list.len() - 5));
    }
    Note {
        summary: format!("{} {what}", list.len()),
        body: lines.join("\n"),
        todo: None,
    }
}

async fn show(app: &AppHandle, valet: &Valet, scan: &ReminderScan) {
    let (zone, _) = valet.zone().await;
    for note in notes(scan, zone) {
        tracing::info!(summary = %note.summary, todo = ?note.todo, "reminder");
        let (app, valet) = (app.clone(), valet.clone());
        // Showing talks to D-Bus and waiting for an action blocks: a blocking thread each.
        tauri::async_runtime::spawn_blocking(move || notify(&app, &valet, note));
    }
}

#[cfg(target_os = "linux")]
fn notify(app: &AppHandle, valet: &Valet, note: Note) {
    let mut n = notify_rust::Notification::new();
    n.appname("Valet")
        .summary(&note.summary)
        .body(&note.body)
        .icon("valet")
        .hint(notify_rust::Hint::Category("reminder".into()))
        .action("default", "Open");
    if note.todo.is_some() {
        for (id, label) in ACTIONS {
            n.action(id, label);
        }
    }
    match n.show() {
        Ok(handle) => handle.wait_for_action(|action| {
            let (app, valet, action) = (app.clone(), valet.clone(), action.to_owned());
            let todo = note.todo.clone();
            tauri::async_runtime::spawn(async move { act(&app, &valet, todo, &action).await });
        }),
        Err(error) => {
            tracing::warn!(%error, "could not show a reminder (no notification service?)")
        }
    }
}

#[cfg(not(target_os = "linux"))]
fn notify(app: &AppHandle, _valet: &Valet, note: Note) {
    use tauri_plugin_notification::NotificationExt;
    if let Err(error) = app
        .notification()
        .builder()
        .title(&note.summary)
        .body(&note.body)
        .show()
    {
        tracing::warn!(%error, "could not show a reminder");
    }
}

/// Does what a notification's action asks.
pub async fn act(app: &AppHandle, valet: &Valet, todo: Option<String>, action: &str) {
    tracing::info!(action, ?todo, "reminder action");
    let done = match (action, todo.as_deref()) {
        ("complete", Some(id)) => valet.complete_todo(id).await.map(drop),
        ("snooze-10", Some(id)) => valet
            .snooze_reminder(id, Snooze::Minutes(10))
            .await
            .map(drop),
        ("snooze-60", Some(id)) => valet
            .snooze_reminder(id, Snooze::Minutes(60))
            .await
            .map(drop),
        ("tomorrow", Some(id)) => valet.snooze_reminder(id, Snooze::Tomorrow).await.map(drop),
        ("default", _) => {
            crate::tray::show_main(app);
            if let Some(id) = todo {
                if let Err(error) = app.emit_to("main", OPEN_TODO, id) {
                    tracing::debug!(%error, "could not ask the window to open the todo");
                }
            }
            Ok(())
        }
        _ => Ok(()),
    };
    if let Err(error) = done {
        tracing::warn!(%error, action, "a reminder action failed");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use valet_core::TodoId;

    fn due(n: u8, content: &str, missed: bool) -> DueReminder {
        DueReminder {
            todo: TodoId::new_v7(u64::from(n), [n; 10]),
            content: content.into(),
            at: match format!("2026-12-01T08:0{n}:00Z").parse() {
                Ok(t) => t,
                Err(e) => panic!("{e}"),
            },
            missed,
            snoozed: false,
        }
    }

    #[test]
    fn missed_reminders_come_as_one_notice() {
        let scan = ReminderScan {
            due: vec![due(1, "Call the bank", false)],
            missed: vec![due(2, "Pay rent", true), due(3, "Water plants", true)],
            next_at: None,
        };
        let n = notes(&scan, chrono_tz::Europe::Paris);
        assert_eq!(n.len(), 2);
        assert_eq!(n[0].summary, "Call the bank");
        assert_eq!(n[0].body, "Reminder · 09:01");
        assert_eq!(n[1].summary, "2 missed reminders");
        assert_eq!(n[1].body, "09:02 Pay rent\n09:03 Water plants");
        assert_eq!(n[1].todo, None);
    }

    #[test]
    fn many_at_once_are_summarised() {
        let scan = ReminderScan {
            due: (1..=5).map(|i| due(i, "x", false)).collect(),
            ..ReminderScan::default()
        };
        let n = notes(&scan, chrono_tz::UTC);
        assert_eq!(n.len(), 1);
        assert_eq!(n[0].summary, "5 reminders");
    }

    #[test]
    fn the_timer_waits_for_the_next_reminder_but_never_long() {
        let now: DateTime<Utc> = match "2026-12-01T08:00:00Z".parse() {
            Ok(t) => t,
            Err(e) => panic!("{e}"),
        };
        let soon = now + chrono::Duration::seconds(20);
        assert_eq!(wait_for(Some(soon), now), Duration::from_secs(20) + SLACK);
        assert_eq!(
            wait_for(Some(now - chrono::Duration::seconds(5)), now),
            Duration::ZERO
        );
        assert_eq!(
            wait_for(Some(now + chrono::Duration::hours(5)), now),
            MAX_WAIT
        );
        assert_eq!(wait_for(None, now), MAX_WAIT);
    }
}
