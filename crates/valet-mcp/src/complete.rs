//! Completions (`completion/complete`): what a client offers while a person fills a prompt's
//! arguments or a resource template, from the data itself: the days that have something for a
//! date, the projects and tags for a focus.

use rmcp::model::{CompleteRequestParams, CompleteResult, CompletionInfo, Reference};
use rmcp::ErrorData;
use valet_core::project::ListKind;

use crate::server::{fail, ValetMcp};

/// Date words every date argument takes, offered before the days themselves.
const DATE_WORDS: [&str; 3] = ["today", "yesterday", "tomorrow"];
/// How far back the days offered for a date go.
const RECENT_DAYS: usize = 90;

/// Case-insensitive: `value` starts with what was typed, or one of its words does.
pub(crate) fn matches(value: &str, typed: &str) -> bool {
    let typed = typed.trim().to_lowercase();
    if typed.is_empty() {
        return true;
    }
    let value = value.to_lowercase();
    value.starts_with(&typed)
        || value
            .split(|c: char| c.is_whitespace() || c == '-' || c == '_' || c == '/')
            .any(|w| w.starts_with(&typed))
}

/// At most the protocol's 100 values, saying how many there were in all.
pub(crate) fn info(all: Vec<String>, typed: &str) -> Result<CompletionInfo, ErrorData> {
    let found: Vec<String> = all.into_iter().filter(|v| matches(v, typed)).collect();
    let total = found.len();
    let shown: Vec<String> = found.into_iter().take(CompletionInfo::MAX_VALUES).collect();
    let more = total > shown.len();
    CompletionInfo::with_pagination(shown, u32::try_from(total).ok(), more)
        .map_err(|e| ErrorData::internal_error(e, None))
}

fn error(e: valet_service::ServiceError) -> ErrorData {
    ErrorData::internal_error(fail(e), None)
}

impl ValetMcp {
    pub(crate) async fn completions(
        &self,
        request: CompleteRequestParams,
    ) -> Result<CompleteResult, ErrorData> {
        let typed = request.argument.value.as_str();
        let values = match (&request.r#ref, request.argument.name.as_str()) {
            (Reference::Prompt(p), "date") if p.name != "weekly_review" => {
                self.dates(false, true).await?
            }
            (Reference::Prompt(p), "focus") if p.name == "plan_my_day" => self.focuses().await?,
            (Reference::Resource(r), "date") if r.uri == "valet://day/{date}" => {
                self.dates(false, false).await?
            }
            (Reference::Resource(r), "date") if r.uri == "valet://archive/{date}" => {
                self.dates(true, false).await?
            }
            (_, name) => {
                return Err(ErrorData::invalid_params(
                    format!("argument.name: {name:?} has no completions here (prompts take date and focus; the day and archive templates take date)"),
                    None,
                ))
            }
        };
        Ok(CompleteResult::new(info(values, typed)?))
    }

    /// Days with something stored, newest first (only archived ones with `archived`), after the
    /// date words when `words`.
    async fn dates(&self, archived: bool, words: bool) -> Result<Vec<String>, ErrorData> {
        let days = self.valet.days(Some(RECENT_DAYS)).await.map_err(error)?;
        let mut out: Vec<String> = if words {
            DATE_WORDS.iter().map(|w| (*w).to_owned()).collect()
        } else {
            Vec::new()
        };
        out.extend(
            days.into_iter()
                .filter(|d| !archived || d.archived)
                .map(|d| d.date.to_string()),
        );
        Ok(out)
    }

    /// Open projects by name, then tags as `#tag`, most used first.
    async fn focuses(&self) -> Result<Vec<String>, ErrorData> {
        let mut out: Vec<String> = self
            .valet
            .projects(false)
            .await
            .map_err(error)?
            .into_iter()
            .filter(|p| p.project.kind == ListKind::Project)
            .map(|p| p.project.name)
            .collect();
        out.extend(
            self.valet
                .tags()
                .await
                .map_err(error)?
                .into_iter()
                .map(|(t, _)| format!("#{t}")),
        );
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_matches_by_its_start_or_a_word_ignoring_case() {
        assert!(matches("Kitchen renovation", "ren"));
        assert!(matches("Kitchen renovation", "KIT"));
        assert!(matches("2026-11-30", "2026-11"));
        assert!(matches("#finance", "#fin"));
        assert!(matches("anything", ""));
        assert!(!matches("Kitchen renovation", "ovation"));
    }

    #[test]
    fn at_most_a_hundred_values_and_the_total() {
        let all: Vec<String> = (0..150).map(|i| format!("day {i}")).collect();
        let i = info(all, "").unwrap();
        assert_eq!(i.values.len(), 100);
        assert_eq!(i.total, Some(150));
        assert_eq!(i.has_more, Some(true));
    }
}
