//! The change feed: every change any process commits to the replica, read from the change log.

use std::sync::Arc;

use super::Store;
use crate::changelog::LogEntry;
use valet_core::RecordKind;

/// How often the change feed looks at the change log. A `stat` is cheap, works on every file
/// system (network shares included, where inotify does not), and keeps "another process
/// changed something" under a second.
const FEED_POLL: std::time::Duration = std::time::Duration::from_millis(200);

/// Changes committed to the replica by any process (this one included), in log order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangeEvent {
    pub entries: Vec<LogEntry>,
}

impl ChangeEvent {
    /// Whether any change is to a record of `kind`.
    pub fn touches(&self, kind: RecordKind) -> bool {
        self.entries.iter().any(|e| e.key.starts_with(kind.dir()))
    }
}

impl Store {
    /// The change feed: every change committed to this replica from now on, by any process.
    /// Must be called within a tokio runtime (it starts one watcher task per store).
    pub fn subscribe(&self) -> tokio::sync::broadcast::Receiver<ChangeEvent> {
        let tx = self.inner.feed.get_or_init(|| {
            let (tx, _) = tokio::sync::broadcast::channel(64);
            let weak = Arc::downgrade(&self.inner);
            let log = self.inner.log.clone();
            let sender = tx.clone();
            // Where "from now on" starts is read here, not in the task: a change committed
            // between this call and the task's first turn (a busy machine) is still reported.
            let start = log.end().unwrap_or(0);
            tokio::spawn(async move {
                let mut pos = start;
                loop {
                    tokio::time::sleep(FEED_POLL).await;
                    // Stop when the store is gone.
                    if weak.upgrade().is_none() {
                        break;
                    }
                    let len = match log.end() {
                        Ok(l) => l,
                        Err(e) => {
                            tracing::warn!(error = %e, "change feed: cannot read the change log");
                            continue;
                        }
                    };
                    if len == pos {
                        continue;
                    }
                    if len < pos {
                        pos = 0;
                    }
                    let from = pos;
                    let l = log.clone();
                    match tokio::task::spawn_blocking(move || l.read_from(from)).await {
                        Ok(Ok((entries, next))) => {
                            pos = next;
                            if !entries.is_empty() {
                                // No receivers is fine: the feed runs for whoever listens next.
                                let _ = sender.send(ChangeEvent { entries });
                            }
                        }
                        Ok(Err(e)) => {
                            tracing::warn!(error = %e, "change feed: cannot read the change log")
                        }
                        Err(e) => tracing::warn!(error = %e, "change feed task failed"),
                    }
                }
            });
            tx
        });
        tx.subscribe()
    }
}
