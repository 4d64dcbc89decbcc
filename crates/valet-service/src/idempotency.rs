//! Request ids that make a retried batch a no-op: the random part of each new todo's UUID v7 is
//! a hash of (actor, request id, position), so the retry's todos have ids the first try's
//! todos already have (only the time part differs), and are recognised as added.

use std::collections::HashMap;

use sha2::{Digest, Sha256};
use valet_core::{NewTodo, Todo, TodoId, ValidationError};
use valet_store::{Change, Record, Records};

use crate::error::{Result, ServiceError};
use crate::valet::{check_batch, single_unwrap, Valet};

/// The 10 random bytes of the UUID of todo `index` of request `key` by `who`.
pub fn random_part(who: &str, key: &str, index: usize) -> [u8; 10] {
    let mut h = Sha256::new();
    for part in [
        who.as_bytes(),
        b"\0",
        key.as_bytes(),
        b"\0",
        index.to_string().as_bytes(),
    ] {
        h.update(part);
    }
    let digest = h.finalize();
    let mut out = [0u8; 10];
    out.copy_from_slice(&digest[..10]);
    out
}

/// Every todo id (tombstones included) by everything but the time part of its UUID (the first
/// 6 bytes): what a retry's ids are looked up by. Built once per batch.
fn by_random_part(r: &Records) -> HashMap<[u8; 10], TodoId> {
    r.keys()
        .into_iter()
        .filter_map(|k| TodoId::parse("id", k.id()).ok())
        .filter_map(|t| Some((t.as_uuid().as_bytes()[6..].try_into().ok()?, t)))
        .collect()
}

impl Valet {
    /// [`Valet::add_todos`] that a retry cannot apply twice: with a `request_id`, each todo's
    /// id carries a hash of (who, request id, position), so a retry after a lost answer finds
    /// the todos the first try added (live or since deleted) and adds nothing again.
    pub async fn add_todos_once(
        &self,
        inputs: Vec<NewTodo>,
        request_id: Option<&str>,
    ) -> Result<Vec<Todo>> {
        let Some(key) = request_id else {
            return self.add_todos(inputs).await;
        };
        let key = key.trim();
        if key.is_empty() || key.chars().count() > 100 {
            return Err(ValidationError::new("requestId", "must be 1-100 characters").into());
        }
        check_batch("todos", inputs.len())?;
        let now = self.now();
        let ms = u64::try_from(now.timestamp_millis()).unwrap_or(0);
        let who = self.actor_label();
        let ids: Vec<TodoId> = (0..inputs.len())
            .map(|i| TodoId::new_v7(ms, random_part(&who, key, i)))
            .collect();
        let todos = inputs
            .into_iter()
            .zip(&ids)
            .enumerate()
            .map(|(i, (t, id))| {
                t.into_todo(*id, now)
                    .map_err(|e| e.within(&format!("todos[{i}]")))
            })
            .collect::<std::result::Result<Vec<_>, _>>()
            .map_err(|e| single_unwrap(e, "todos[0]."))?;
        self.store()
            .mutate(&self.actor_label(), |r| {
                let known = by_random_part(r);
                let mut out = Vec::with_capacity(todos.len());
                let mut changes = Vec::new();
                for t in todos {
                    let earlier = <[u8; 10]>::try_from(&t.id.as_uuid().as_bytes()[6..])
                        .ok()
                        .and_then(|k| known.get(&k));
                    match earlier.map(|id| r.todo(*id).cloned()) {
                        // Added by the first try: answer with what it added (or, when it was
                        // deleted since, do not bring it back).
                        Some(Some(existing)) => out.push(existing),
                        Some(None) => out.push(t),
                        None => {
                            changes.push(Change::Put(Record::Todo(t.clone())));
                            out.push(t);
                        }
                    }
                }
                Ok::<_, ServiceError>((changes, out))
            })
            .await
    }
}
