//! Organizing a todo: tags (any number; filtered with any/all; renamed or merged everywhere),
//! a checklist of steps inside it, and notes as editable Markdown text.
//!
//! Tags compare without case ("Work" and "work" are one tag, written as first typed). Steps
//! carry ids so sync merges a checklist item by item (see `merge`): two devices ticking and
//! adding steps offline keep both changes.

use serde::{Deserialize, Serialize};

use crate::error::{check_text, ValidationError};

/// Longest tag, in characters.
pub const MAX_TAG: usize = 40;
/// Most tags on one todo.
pub const MAX_TAGS: usize = 20;
/// Most steps in one todo's checklist.
pub const MAX_STEPS: usize = 100;
/// Longest step, in characters.
pub const MAX_STEP: usize = 500;
/// Longest Markdown notes, in characters.
pub const MAX_BODY: usize = 100_000;

/// Reads a tag (a leading `#` is dropped): one word of letters, digits, `-`, `_`, `/` or `.`.
pub fn check_tag(field: &str, tag: &str) -> Result<String, ValidationError> {
    let t = tag.trim();
    let t = t.strip_prefix('#').unwrap_or(t);
    if t.is_empty() {
        return Err(ValidationError::new(field, "must not be empty"));
    }
    let len = t.chars().count();
    if len > MAX_TAG {
        return Err(ValidationError::new(
            field,
            format!("must be at most {MAX_TAG} characters; got {len}"),
        ));
    }
    if !t
        .chars()
        .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '/' | '.'))
    {
        return Err(ValidationError::new(
            field,
            format!("must be one word of letters, digits, '-', '_', '/' or '.' (no spaces); got {tag:?}"),
        ));
    }
    Ok(t.to_owned())
}

/// Checks every tag and drops repeats (without case), keeping the first spelling.
pub fn clean_tags(field: &str, tags: &[String]) -> Result<Vec<String>, ValidationError> {
    let mut out: Vec<String> = Vec::with_capacity(tags.len());
    for (i, t) in tags.iter().enumerate() {
        let t = check_tag(&format!("{field}[{i}]"), t)?;
        if !out.iter().any(|x| same_tag(x, &t)) {
            out.push(t);
        }
    }
    if out.len() > MAX_TAGS {
        return Err(ValidationError::new(
            field,
            format!("must have at most {MAX_TAGS} tags; got {}", out.len()),
        ));
    }
    Ok(out)
}

/// Whether two tags are the same tag.
pub fn same_tag(a: &str, b: &str) -> bool {
    a.to_lowercase() == b.to_lowercase()
}

/// One step of a todo's checklist.
#[derive(ts_rs::TS, Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Step {
    /// Unique within the todo (random, so two devices adding steps never collide).
    pub id: String,
    pub text: String,
    #[serde(default)]
    pub done: bool,
}

/// A change to a checklist.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StepOp {
    /// Adds a step at the end, or at `at`. The id is filled in by the facade.
    Add {
        id: Option<String>,
        text: String,
        at: Option<usize>,
    },
    /// Ticks, unticks or rewords a step.
    Set {
        id: String,
        done: Option<bool>,
        text: Option<String>,
    },
    Remove {
        id: String,
    },
    /// Moves a step to position `to` (0 is first; past the end is last).
    Move {
        id: String,
        to: usize,
    },
}

/// Applies `ops` in order; the first bad one is an error naming it, and nothing is applied.
pub fn apply_steps(
    field: &str,
    steps: &[Step],
    ops: &[StepOp],
) -> Result<Vec<Step>, ValidationError> {
    let mut out = steps.to_vec();
    for (i, op) in ops.iter().enumerate() {
        let f = format!("{field}[{i}]");
        let find = |out: &[Step], id: &str| {
            out.iter().position(|s| s.id == id).ok_or_else(|| {
                ValidationError::new(f.clone(), format!("no step with id {id:?} in this todo"))
            })
        };
        match op {
            StepOp::Add { id, text, at } => {
                let id = id.clone().ok_or_else(|| {
                    ValidationError::new(f.clone(), "a new step needs an id (the facade sets it)")
                })?;
                let text = check_text(&format!("{f}.text"), text, true, MAX_STEP)?;
                if out.iter().any(|s| s.id == id) {
                    return Err(ValidationError::new(f, format!("step id {id:?} is taken")));
                }
                let at = at.unwrap_or(out.len()).min(out.len());
                out.insert(
                    at,
                    Step {
                        id,
                        text: one_line(&text),
                        done: false,
                    },
                );
            }
            StepOp::Set { id, done, text } => {
                let at = find(&out, id)?;
                if let Some(t) = text {
                    out[at].text = one_line(&check_text(&format!("{f}.text"), t, true, MAX_STEP)?);
                }
                if let Some(d) = done {
                    out[at].done = *d;
                }
            }
            StepOp::Remove { id } => {
                let at = find(&out, id)?;
                out.remove(at);
            }
            StepOp::Move { id, to } => {
                let at = find(&out, id)?;
                let s = out.remove(at);
                let to = (*to).min(out.len());
                out.insert(to, s);
            }
        }
    }
    if out.len() > MAX_STEPS {
        return Err(ValidationError::new(
            field,
            format!("must have at most {MAX_STEPS} steps; got {}", out.len()),
        ));
    }
    Ok(out)
}

/// A step is one line: newlines in it become spaces.
fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Steps done and in all ("2/5" in lists).
pub fn progress(steps: &[Step]) -> (usize, usize) {
    (steps.iter().filter(|s| s.done).count(), steps.len())
}

/// Checks Markdown notes; empty means none.
pub fn check_body(field: &str, body: &str) -> Result<Option<String>, ValidationError> {
    let t = check_text(field, body, false, MAX_BODY)?;
    Ok((!t.is_empty()).then_some(t))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use rstest::rstest;

    #[rstest]
    #[case("#work", Ok("work"))]
    #[case("  Home/Garden ", Ok("Home/Garden"))]
    #[case("café", Ok("café"))]
    #[case("two words", Err("tag: must be one word"))]
    #[case("", Err("tag: must not be empty"))]
    #[case("#", Err("tag: must not be empty"))]
    fn tags_are_one_word(#[case] input: &str, #[case] want: Result<&str, &str>) {
        match (check_tag("tag", input), want) {
            (Ok(t), Ok(w)) => assert_eq!(t, w),
            (Err(e), Err(w)) => assert!(e.to_string().starts_with(w), "{e}"),
            (got, want) => panic!("{input:?}: got {got:?}, want {want:?}"),
        }
    }

    #[test]
    fn a_long_tag_and_too_many_tags_are_refused_naming_the_field() {
        let e = check_tag("tags[0]", &"x".repeat(500)).unwrap_err();
        assert_eq!(e.field, "tags[0]");
        assert!(e.rule.contains("at most 40"), "{e}");
        let many: Vec<String> = (0..21).map(|i| format!("t{i}")).collect();
        assert_eq!(clean_tags("tags", &many).unwrap_err().field, "tags");
    }

    #[test]
    fn repeated_tags_are_one_tag_whatever_the_case() {
        let t = clean_tags(
            "tags",
            &["Work".into(), "work".into(), "#home".into(), "WORK".into()],
        )
        .unwrap();
        assert_eq!(t, ["Work", "home"]);
    }

    fn step(id: &str, text: &str, done: bool) -> Step {
        Step {
            id: id.into(),
            text: text.into(),
            done,
        }
    }

    #[test]
    fn checklist_ops_apply_in_order_or_not_at_all() {
        let steps = vec![step("a", "Buy paint", false), step("b", "Paint", false)];
        let out = apply_steps(
            "steps",
            &steps,
            &[
                StepOp::Add {
                    id: Some("c".into()),
                    text: "Tape\nthe edges".into(),
                    at: Some(1),
                },
                StepOp::Set {
                    id: "a".into(),
                    done: Some(true),
                    text: None,
                },
                StepOp::Move {
                    id: "b".into(),
                    to: 0,
                },
            ],
        )
        .unwrap();
        let ids: Vec<&str> = out.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(ids, ["b", "a", "c"]);
        assert_eq!(out[2].text, "Tape the edges");
        assert_eq!(progress(&out), (1, 3));
        let e = apply_steps(
            "steps",
            &steps,
            &[
                StepOp::Remove { id: "a".into() },
                StepOp::Remove { id: "zz".into() },
            ],
        )
        .unwrap_err();
        assert_eq!(e.field, "steps[1]");
    }

    proptest! {
        // Moving a step never loses or duplicates one.
        #[test]
        fn moves_keep_every_step_once(n in 1usize..12, moves in proptest::collection::vec((0usize..12, 0usize..14), 0..20)) {
            let steps: Vec<Step> = (0..n).map(|i| step(&format!("s{i}"), "x", false)).collect();
            let ops: Vec<StepOp> = moves.iter().map(|(i, to)| StepOp::Move { id: format!("s{}", i % n), to: *to }).collect();
            let out = apply_steps("steps", &steps, &ops).unwrap();
            let mut ids: Vec<String> = out.iter().map(|s| s.id.clone()).collect();
            ids.sort();
            let mut want: Vec<String> = steps.iter().map(|s| s.id.clone()).collect();
            want.sort();
            prop_assert_eq!(ids, want);
        }
    }
}
