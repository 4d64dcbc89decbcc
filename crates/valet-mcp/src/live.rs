//! Live resources: a change committed by anyone (the app, the CLI, another MCP session, sync)
//! reaches a subscribed client as `notifications/resources/updated` within about a second.
//!
//! The source is the store's change feed (`Valet::subscribe`), the one the app's live refresh
//! uses. Both ways of subscribing are served: `resources/subscribe` (clients of the 2025
//! protocols) and `subscriptions/listen` (2026-07-28).

use std::collections::BTreeSet;
use std::sync::{Arc, Mutex};

use chrono::NaiveDate;
use rmcp::model::{ResourceUpdatedNotificationParam, SubscriptionFilter};
use rmcp::service::{Peer, SubscriptionContext};
use rmcp::{ErrorData, RoleServer};
use tokio::sync::broadcast::error::RecvError;
use valet_core::{DayDate, RecordKey, RecordKind};
use valet_service::{ChangeEvent, Valet};

use crate::resources::{STATUS_URI, TODAY_URI, TODOS_URI};

/// The resources a batch of changes touches, as the URIs a client reads them by.
pub(crate) fn uris_of(event: &ChangeEvent, today: NaiveDate) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for e in &event.entries {
        let Some(key) = RecordKey::from_path(&e.key) else {
            continue;
        };
        out.insert(STATUS_URI.to_owned());
        match key.kind() {
            // Today joins the todo list (overdue, due, scheduled) with the plan.
            RecordKind::Todo | RecordKind::Project => {
                out.insert(TODOS_URI.to_owned());
                out.insert(TODAY_URI.to_owned());
            }
            RecordKind::Plan | RecordKind::Journal => {
                out.insert(format!("valet://day/{}", key.id()));
                if key.id() == today.to_string() {
                    out.insert(TODAY_URI.to_owned());
                }
            }
            RecordKind::Archive => {
                out.insert(format!("valet://archive/{}", key.id()));
            }
        }
    }
    out
}

/// Whether `uri` names one of the server's resources (a template filled with a real date).
pub(crate) fn is_resource(uri: &str) -> bool {
    if [TODAY_URI, TODOS_URI, STATUS_URI].contains(&uri) {
        return true;
    }
    ["valet://day/", "valet://archive/"]
        .iter()
        .filter_map(|p| uri.strip_prefix(p))
        .any(|date| DayDate::parse("uri", date).is_ok())
}

/// The `resources/subscribe` subscriptions of one session.
#[derive(Clone, Default)]
pub(crate) struct Subscriptions {
    uris: Arc<Mutex<BTreeSet<String>>>,
    /// Set once the forwarding task runs (it starts with the first subscription).
    started: Arc<std::sync::OnceLock<()>>,
}

impl Subscriptions {
    pub(crate) fn add(
        &self,
        valet: &Valet,
        peer: Peer<RoleServer>,
        uri: String,
    ) -> Result<(), ErrorData> {
        if !is_resource(&uri) {
            return Err(ErrorData::invalid_params(
                format!("uri: no such resource: {uri:?} (valet://today, valet://todos, valet://status, valet://day/YYYY-MM-DD, valet://archive/YYYY-MM-DD)"),
                None,
            ));
        }
        self.lock().insert(uri);
        self.started.get_or_init(|| {
            // Subscribed here, not in the task: changes from this moment on are not missed.
            let rx = valet.subscribe();
            tokio::spawn(forward(valet.clone(), rx, peer, self.clone()));
        });
        Ok(())
    }

    pub(crate) fn remove(&self, uri: &str) {
        self.lock().remove(uri);
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, BTreeSet<String>> {
        // A panic while holding it cannot leave the set half-changed: take it as it is.
        self.uris.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn wanted(&self, changed: &BTreeSet<String>) -> Vec<String> {
        self.lock().intersection(changed).cloned().collect()
    }
}

/// What a batch of changes means for a set of subscribed URIs (all of them when the feed lagged
/// and dropped changes); `None` once the feed is closed.
async fn next_updates(
    valet: &Valet,
    rx: &mut tokio::sync::broadcast::Receiver<ChangeEvent>,
) -> Option<Option<BTreeSet<String>>> {
    match rx.recv().await {
        Ok(event) => Some(Some(uris_of(&event, valet.today().await.date))),
        Err(RecvError::Lagged(_)) => Some(None),
        Err(RecvError::Closed) => None,
    }
}

async fn forward(
    valet: Valet,
    mut rx: tokio::sync::broadcast::Receiver<ChangeEvent>,
    peer: Peer<RoleServer>,
    subs: Subscriptions,
) {
    while let Some(changed) = next_updates(&valet, &mut rx).await {
        let uris = match changed {
            Some(changed) => subs.wanted(&changed),
            None => subs.lock().iter().cloned().collect(),
        };
        for uri in uris {
            if peer
                .notify_resource_updated(ResourceUpdatedNotificationParam::new(uri))
                .await
                .is_err()
            {
                // The client is gone.
                return;
            }
        }
    }
}

/// The part of a `subscriptions/listen` filter this server serves: its resources.
pub(crate) fn accepted(requested: &SubscriptionFilter) -> Option<SubscriptionFilter> {
    let uris: Vec<String> = requested
        .resource_subscriptions
        .iter()
        .flatten()
        .filter(|u| is_resource(u))
        .cloned()
        .collect();
    let mut filter = SubscriptionFilter::new();
    filter.resource_subscriptions = Some(uris);
    Some(filter)
}

/// Runs one `subscriptions/listen` until the client cancels it.
pub(crate) async fn listen(valet: &Valet, context: SubscriptionContext) -> Result<(), ErrorData> {
    let wanted: BTreeSet<String> = context
        .accepted()
        .resource_subscriptions
        .iter()
        .flatten()
        .cloned()
        .collect();
    let mut rx = valet.subscribe();
    loop {
        let changed = tokio::select! {
            _ = context.cancelled() => return Ok(()),
            changed = next_updates(valet, &mut rx) => changed,
        };
        let Some(changed) = changed else {
            return Ok(());
        };
        let uris: Vec<&String> = match &changed {
            Some(changed) => wanted.intersection(changed).collect(),
            None => wanted.iter().collect(),
        };
        for uri in uris {
            if context
                .sink()
                .notify_resource_updated(uri.clone())
                .await
                .is_err()
            {
                return Ok(());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resources_are_our_uris_with_real_dates() {
        assert!(is_resource("valet://today"));
        assert!(is_resource("valet://day/2026-11-30"));
        assert!(is_resource("valet://archive/2026-02-28"));
        assert!(!is_resource("valet://day/2026-02-30"));
        assert!(!is_resource("valet://day/../../etc"));
        assert!(!is_resource("file:///etc/passwd"));
    }
}
