//! Validation errors that name the field and the rule, so a person or an AI can fix the input.

use std::fmt;

/// A value that broke a rule. Displays as `field: rule`, e.g.
/// `priority: must be one of high, medium, low; got "urgent"`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct ValidationError {
    /// The field (or argument path, e.g. `updates[2].section`) that is wrong.
    pub field: String,
    /// The rule it broke, phrased so the sentence reads `field: rule`.
    pub rule: String,
}

impl ValidationError {
    pub fn new(field: impl Into<String>, rule: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            rule: rule.into(),
        }
    }

    /// The same error, reported under a longer path (`tasks[3]` + `content` -> `tasks[3].content`).
    pub fn within(mut self, parent: &str) -> Self {
        self.field = if self.field.is_empty() {
            parent.to_owned()
        } else {
            format!("{parent}.{}", self.field)
        };
        self
    }
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.rule)
    }
}

/// Checks a free-text field: trimmed, non-empty when `required`, at most `max` characters, and
/// free of control characters other than newlines and tabs.
pub fn check_text(
    field: &str,
    value: &str,
    required: bool,
    max: usize,
) -> Result<String, ValidationError> {
    let trimmed = value.trim();
    if required && trimmed.is_empty() {
        return Err(ValidationError::new(field, "must not be empty"));
    }
    let len = trimmed.chars().count();
    if len > max {
        return Err(ValidationError::new(
            field,
            format!("must be at most {max} characters; got {len}"),
        ));
    }
    if let Some(c) = trimmed
        .chars()
        .find(|c| c.is_control() && *c != '\n' && *c != '\t' && *c != '\r')
    {
        return Err(ValidationError::new(
            field,
            format!(
                "must not contain control characters; found U+{:04X}",
                c as u32
            ),
        ));
    }
    Ok(trimmed.to_owned())
}

/// A serde message in the words of the JSON it was given: `expected u8` or `expected struct
/// LegacyFilterArg` names a Rust type, which a person or a model writing JSON cannot act on.
pub fn plain_serde_message(msg: &str) -> String {
    let mut out = String::with_capacity(msg.len());
    let mut rest = msg;
    while let Some(at) = rest.find("expected ") {
        let (head, tail) = rest.split_at(at + "expected ".len());
        out.push_str(head);
        let word_end = tail
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(tail.len());
        let (word, after) = tail.split_at(word_end);
        let plain = match word {
            "u8" | "u16" | "u32" | "u64" | "u128" | "usize" => Some("a whole number, 0 or more"),
            "i8" | "i16" | "i32" | "i64" | "i128" | "isize" => Some("a whole number"),
            "f32" | "f64" => Some("a number"),
            "struct" | "map" => Some("an object"),
            "enum" => Some("one of its words, as a string"),
            _ => None,
        };
        match plain {
            Some(p) => {
                out.push_str(p);
                // `struct LegacyFilterArg`, `enum PriorityArg`: drop the type's name.
                rest = if matches!(word, "struct" | "enum") {
                    let name = after.trim_start();
                    let end = name
                        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                        .unwrap_or(name.len());
                    &name[end..]
                } else {
                    after
                };
            }
            None => {
                out.push_str(word);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out.replace("expected a sequence", "expected an array")
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case("  hi ", true, 10, Ok("hi"))]
    #[case("   ", true, 10, Err("x: must not be empty"))]
    #[case("", false, 10, Ok(""))]
    #[case("abcdef", true, 5, Err("x: must be at most 5 characters; got 6"))]
    #[case(
        "a\u{7}b",
        true,
        5,
        Err("x: must not contain control characters; found U+0007")
    )]
    #[case("line\nline", true, 20, Ok("line\nline"))]
    fn check_text_names_field_and_rule(
        #[case] input: &str,
        #[case] required: bool,
        #[case] max: usize,
        #[case] expected: Result<&str, &str>,
    ) {
        let got = check_text("x", input, required, max).map_err(|e| e.to_string());
        assert_eq!(got.as_deref().map_err(String::as_str), expected);
    }

    #[rstest]
    #[case(
        "invalid value: integer `-1`, expected u8",
        "invalid value: integer `-1`, expected a whole number, 0 or more"
    )]
    #[case(
        "invalid type: string \"7\", expected u32",
        "invalid type: string \"7\", expected a whole number, 0 or more"
    )]
    #[case(
        "invalid type: string \"open\", expected struct LegacyFilterArg",
        "invalid type: string \"open\", expected an object"
    )]
    #[case(
        "invalid type: integer `5`, expected enum PriorityArg",
        "invalid type: integer `5`, expected one of its words, as a string"
    )]
    #[case(
        "invalid type: string \"x\", expected a sequence",
        "invalid type: string \"x\", expected an array"
    )]
    #[case(
        "invalid type: integer `5`, expected f64",
        "invalid type: integer `5`, expected a number"
    )]
    #[case(
        "unknown variant `urgent`, expected one of `high`, `medium`, `low`",
        "unknown variant `urgent`, expected one of `high`, `medium`, `low`"
    )]
    #[case("missing field `id`", "missing field `id`")]
    fn serde_messages_name_json_not_rust_types(#[case] raw: &str, #[case] plain: &str) {
        assert_eq!(plain_serde_message(raw), plain);
    }
}
