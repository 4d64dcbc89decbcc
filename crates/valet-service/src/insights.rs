//! Insights through the facade: the range in the user's words and zone, read under the store's
//! read lock from the index in memory (no record file is read).

use valet_core::insights::{check_range, insights, Group, Insights, Sources};

use crate::error::Result;
use crate::valet::Valet;

impl Valet {
    /// Insights for `from..=to` (YYYY-MM-DD or words; default the last 30 days, today
    /// included), completions bucketed by `group`.
    pub async fn insights(
        &self,
        from: Option<&str>,
        to: Option<&str>,
        group: Group,
    ) -> Result<Insights> {
        let today = self.today().await;
        let to = match to {
            Some(t) => self.parse_due("to", t).await?.0,
            None => today.date,
        };
        let from = match from {
            Some(f) => self.parse_due("from", f).await?.0,
            None => to - chrono::Duration::days(29),
        };
        check_range(from, to)?;
        Ok(self
            .store()
            .read(|r| {
                let src = Sources {
                    todos: r.todos(),
                    plans: r.plans(),
                    journals: r.journals(),
                    archives: r.archives(),
                };
                insights(src, from, to, group, &today)
            })
            .await?)
    }
}
