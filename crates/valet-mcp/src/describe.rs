//! Tool descriptions as a model reads them: the doc comments they come from are wrapped at
//! 100 columns, and a line break in the middle of a sentence costs tokens and reads as a
//! break, so lines are joined within a paragraph (a blank line still separates two).

use rmcp::handler::server::router::tool::ToolRouter;

/// The router with every description's lines joined within paragraphs.
pub(crate) fn reflowed<S>(mut router: ToolRouter<S>) -> ToolRouter<S> {
    for route in router.map.values_mut() {
        if let Some(d) = route.attr.description.as_mut() {
            *d = reflow(d).into();
        }
    }
    router
}

fn reflow(text: &str) -> String {
    text.split("\n\n")
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n")
}

#[cfg(test)]
mod tests {
    use super::reflow;

    #[test]
    fn lines_join_within_a_paragraph_and_paragraphs_stay() {
        assert_eq!(
            reflow("Edit a day in one call: add,\ncheck or remove.\n\nAll or none."),
            "Edit a day in one call: add, check or remove.\n\nAll or none."
        );
    }
}
