//! Progress bars (indicatif) for the long operations (imports, export, restore, migrate, a first
//! sync): on a terminal
//! only, never with --quiet or --json, cleared when the operation ends so the answer stands
//! alone.

use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};
use valet_service::progress::Progress;

use crate::output::Out;

/// One operation's bar, or nothing where bars are not wanted.
pub struct Bar(Option<ProgressBar>);

impl Bar {
    pub fn new(out: &Out) -> Bar {
        if !out.progress {
            return Bar(None);
        }
        let pb = ProgressBar::new(1);
        // A template that cannot fail to parse falls back to the default style.
        let style =
            ProgressStyle::with_template("{spinner} {msg:<28} [{bar:30}] {pos}/{len} {elapsed}")
                .map(|s| s.progress_chars("=> "))
                .unwrap_or_else(|_| ProgressStyle::default_bar());
        pb.set_style(style);
        pb.enable_steady_tick(Duration::from_millis(120));
        Bar(Some(pb))
    }

    /// The callback the facade reports to.
    pub fn on(&self) -> impl Fn(Progress) + Send + Sync + 'static {
        let pb = self.0.clone();
        move |p: Progress| {
            if let Some(pb) = &pb {
                pb.set_message(format!("{}: {}", p.operation, p.step));
                pb.set_length(p.total.max(1));
                pb.set_position(p.done.min(p.total.max(1)));
            }
        }
    }

    /// Moves the bar to `done` of `total` (0: unknown, a counter) with `msg`.
    pub fn set(&self, msg: String, done: u64, total: u64) {
        if let Some(pb) = &self.0 {
            pb.set_message(msg);
            pb.set_length(total.max(done).max(1));
            pb.set_position(done);
        }
    }

    /// A sync's reports (a step and a count) as the bar's message.
    pub fn on_sync(&self) -> Option<valet_service::SyncProgress> {
        let pb = self.0.clone()?;
        Some(std::sync::Arc::new(move |step: &'static str, n: u64| {
            pb.set_message(format!("sync: {step} ({n})"));
            pb.tick();
        }))
    }

    /// Clears the bar, then passes the operation's result on.
    pub fn done<T, E>(&self, r: Result<T, E>) -> Result<T, E> {
        if let Some(pb) = &self.0 {
            pb.finish_and_clear();
        }
        r
    }
}
