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
}
