//! Quick add on the facade: one line of text (`Call the bank tomorrow 9am !high #finance`)
//! previewed and added as a todo, with dates resolved in the user's zone.

use valet_core::quickadd::{self, QuickAdd};
use valet_core::{Todo, ValidationError};

use crate::error::Result;
use crate::valet::Valet;

impl Valet {
    /// What `text` would add, without writing anything (for the "understood as ..." preview).
    pub async fn quick_add_preview(&self, text: &str) -> QuickAdd {
        let today = self.today().await;
        quickadd::parse(text, today.date)
    }

    /// Adds the todo `text` describes. Fails (writing nothing) when no content is left once the
    /// date, priority and category are taken out.
    pub async fn quick_add(&self, text: &str) -> Result<Todo> {
        let parsed = self.quick_add_preview(text).await;
        if parsed.content.trim().is_empty() {
            return Err(ValidationError::new(
                "text",
                "must say what to do besides the date, priority and tags (e.g. \"Call the bank tomorrow !high\")",
            )
            .into());
        }
        self.add_todo(parsed.to_new_todo()).await
    }
}

#[cfg(test)]
mod tests {
    use crate::{Actor, OpenOptions, Valet};
    use valet_core::{Priority, TodoQuery};

    async fn open(dir: &std::path::Path) -> Valet {
        Valet::open(OpenOptions {
            data_dir: Some(dir.to_path_buf()),
            actor: Actor::App,
            ..OpenOptions::default()
        })
        .await
        .unwrap()
    }

    #[tokio::test]
    async fn adds_the_parsed_todo() {
        let dir = tempfile::tempdir().unwrap();
        let valet = open(dir.path()).await;
        let preview = valet
            .quick_add_preview("Call the bank tomorrow 9am !high #finance")
            .await;
        let tomorrow = valet.today().await.date.succ_opt().unwrap();
        assert_eq!(preview.due, Some(tomorrow));
        assert!(valet
            .list_todos(&TodoQuery::default())
            .await
            .unwrap()
            .items
            .is_empty());

        let todo = valet
            .quick_add("Call the bank tomorrow 9am !high #finance")
            .await
            .unwrap();
        assert_eq!(todo.content, "Call the bank");
        assert_eq!(todo.priority, Priority::High);
        assert_eq!(todo.tags, ["finance"]);
        assert_eq!(todo.due, Some(tomorrow));
        assert_eq!(
            todo.due_time.map(|t| t.to_string()).as_deref(),
            Some("09:00:00")
        );
    }

    #[tokio::test]
    async fn refuses_a_line_with_nothing_to_do() {
        let dir = tempfile::tempdir().unwrap();
        let valet = open(dir.path()).await;
        let err = valet.quick_add("tomorrow !high #x").await.unwrap_err();
        assert_eq!(err.code(), "invalid");
        assert!(
            err.to_string().starts_with("text: must say what to do"),
            "{err}"
        );
        assert!(valet
            .list_todos(&TodoQuery::default())
            .await
            .unwrap()
            .items
            .is_empty());
    }
}
