//! Insights and reviews through the facade: the range in the user's words and zone, read under the store's
//! read lock from the index in memory (no record file is read).

use valet_core::insights::{check_range, insights, Group, Insights, Sources};
use valet_core::review::{review, Period, Review};
use valet_core::{
    ArchivedDay, DayDate, DayEdit, DayFile, DayPlan, JournalDay, SectionOp, SectionUpdate, Todo,
};

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

impl Valet {
    /// The review of the week or month holding `at` (a date or words; default today).
    pub async fn review(&self, period: Period, at: Option<&str>) -> Result<Review> {
        let today = self.today().await;
        let at = match at {
            Some(a) => self.parse_due("date", a).await?.0,
            None => today.date,
        };
        Ok(self
            .store()
            .read(|r| {
                let todos: Vec<&Todo> = r.todos().collect();
                let plans: Vec<&DayPlan> = r.plans().collect();
                let journals: Vec<&JournalDay> = r.journals().collect();
                let archives: Vec<&ArchivedDay> = r.archives().collect();
                review(&todos, &plans, &journals, &archives, period, at, &today)
            })
            .await?)
    }

    /// Writes (replaces) the reflection of the week or month holding `at`: kept in the journal
    /// of the period's first day (see `valet_core::review`); empty text removes it.
    pub async fn write_review(
        &self,
        period: Period,
        at: Option<&str>,
        text: &str,
    ) -> Result<Review> {
        let today = self.today().await;
        let day = match at {
            Some(a) => self.parse_due("date", a).await?.0,
            None => today.date,
        };
        let (from, _) = period.bounds(day);
        let edit = DayEdit {
            sections: vec![(
                DayFile::Journal,
                SectionUpdate {
                    section: period.section().to_owned(),
                    operation: SectionOp::Replace,
                    content: text.to_owned(),
                },
            )],
            ..DayEdit::default()
        };
        self.edit_day(Some(DayDate::new(from)), edit).await?;
        self.review(period, Some(&from.to_string())).await
    }
}
