//! Organizing in the facade: the tags in use, renaming or merging a tag everywhere in one
//! mutation, new step ids, and promoting a step of a checklist to its own todo.

use valet_core::organize::{self, StepOp};
use valet_core::{NewTodo, Todo, ValidationError};
use valet_store::{Change, Record};

use crate::error::{Result, ServiceError};
use crate::valet::Valet;

/// Gives new steps their ids: random, so two devices adding steps offline never collide.
pub(crate) fn fill_step_ids(ops: &mut [StepOp]) {
    for op in ops {
        if let StepOp::Add { id: id @ None, .. } = op {
            let r = uuid::Uuid::new_v4();
            *id = Some(format!("s{}", &r.simple().to_string()[..10]));
        }
    }
}

impl Valet {
    /// Every tag in use on open todos and done ones, with how many todos have it, by name
    /// (spelled as the oldest todo has it).
    pub async fn tags(&self) -> Result<Vec<(String, usize)>> {
        Ok(self
            .store()
            .read(|r| {
                let mut out: Vec<(String, usize)> = Vec::new();
                // Oldest first, so a tag is named as it was first written, whatever the order
                // of the index.
                let mut todos: Vec<&Todo> = r.todos().collect();
                todos.sort_by_key(|t| (t.created_at, t.id));
                for t in todos {
                    for tag in &t.tags {
                        match out.iter_mut().find(|(x, _)| organize::same_tag(x, tag)) {
                            Some((_, n)) => *n += 1,
                            None => out.push((tag.clone(), 1)),
                        }
                    }
                }
                out.sort_by_key(|(t, _)| t.to_lowercase());
                out
            })
            .await?)
    }

    /// Renames `from` to `to` on every todo in one mutation; when `to` exists already the two
    /// tags become one. Returns the todos changed.
    pub async fn rename_tag(&self, from: &str, to: &str) -> Result<Vec<Todo>> {
        let from = organize::check_tag("from", from)?;
        let to = organize::check_tag("to", to)?;
        let now = self.now();
        self.store()
            .mutate(&self.actor_label(), |r| {
                let mut changes = Vec::new();
                let mut out = Vec::new();
                for t in r.todos() {
                    if !t.tags.iter().any(|x| organize::same_tag(x, &from)) {
                        continue;
                    }
                    let mut next = t.clone();
                    let renamed: Vec<String> = t
                        .tags
                        .iter()
                        .map(|x| {
                            if organize::same_tag(x, &from) {
                                to.clone()
                            } else {
                                x.clone()
                            }
                        })
                        .collect();
                    next.tags = organize::clean_tags("tags", &renamed)?;
                    next.updated_at = now;
                    changes.push(Change::Put(Record::Todo(next.clone())));
                    out.push(next);
                }
                if out.is_empty() {
                    return Err(ServiceError::NotFound {
                        what: "tag",
                        id: from.clone(),
                    });
                }
                Ok((changes, out))
            })
            .await
    }

    /// Makes a step its own todo (with the todo's tags and category) and removes it from the
    /// checklist, in one mutation. Returns the new todo.
    pub async fn promote_step(&self, id: &str, step: &str) -> Result<Todo> {
        let id = self.resolve_id("id", id).await?;
        let new_id = self.new_todo_id();
        let now = self.now();
        self.store()
            .mutate(&self.actor_label(), |r| {
                let t = r.todo(id).ok_or_else(|| crate::valet::not_found_todo(id))?;
                let s = t.steps.iter().find(|s| s.id == step).ok_or_else(|| {
                    ValidationError::new("step", format!("no step with id {step:?} in this todo"))
                })?;
                let promoted = NewTodo {
                    category: Some(t.category.clone()),
                    tags: t.tags.clone(),
                    ..NewTodo::new(s.text.clone())
                }
                .into_todo(new_id, now)?;
                let mut from = t.clone();
                from.steps.retain(|x| x.id != step);
                from.updated_at = now;
                Ok::<_, ServiceError>((
                    vec![
                        Change::Put(Record::Todo(promoted.clone())),
                        Change::Put(Record::Todo(from)),
                    ],
                    promoted,
                ))
            })
            .await
    }
}
