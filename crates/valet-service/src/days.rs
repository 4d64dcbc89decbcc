//! Day operations the app offers beyond section edits, each one mutation under the store lock:
//! reordering a day's plan tasks.

use valet_core::DayDate;
use valet_store::{Change, Record};

use crate::error::{Result, ServiceError};
use crate::valet::{DayView, Valet};

impl Valet {
    /// Reorders the plan tasks of `date` (default today): `ids` first, in that order, every
    /// other task after them (see `DayPlan::reorder_tasks`). Read and written under the lock,
    /// so a task another process adds meanwhile is kept.
    pub async fn reorder_plan_tasks(
        &self,
        date: Option<DayDate>,
        ids: &[String],
    ) -> Result<DayView> {
        let date = self.date_or_today(date).await;
        let now = self.now();
        self.store()
            .mutate(&self.actor_label(), |r| {
                let mut p = r.plan(date).cloned().ok_or(ServiceError::NotFound {
                    what: "plan",
                    id: date.to_string(),
                })?;
                if !p.reorder_tasks(ids)? {
                    return Ok((vec![], ()));
                }
                p.updated_at = now;
                Ok::<_, ServiceError>((vec![Change::Put(Record::Plan(p))], ()))
            })
            .await?;
        self.day(Some(date)).await
    }
}
