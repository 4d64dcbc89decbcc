//! Which tools the server lists, and the older names it still answers to.
//!
//! One listed tool per job, every name with the `valet_` prefix (other servers in the same
//! client have their own `search` and `status`). Four of the legacy server's five names are the
//! canonical tools for their jobs; the fifth, `valet_new_day`, duplicates the first read of a
//! day. Tools whose jobs another does stay callable under their names, so prompts and scripts
//! that name them keep working, but are not listed: an agent sees one way to do each thing,
//! and the list stays within its token budget (tests/protocol.rs).

use rmcp::model::Tool;

/// Callable, not listed: each job has a listed tool (named after the arrow). The legacy
/// `valet_new_day` is here because a day's first `valet_get_daily_context` starts it; planning
/// a todo into a day is a day edit (`planTodos`); the days with a plan or journal are in the
/// insights (`journaledDates`, planned days). `mcp.legacyTools` lists them all again.
pub const UNLISTED: &[(&str, &str)] = &[
    ("add_todos", "valet_todo_operations"),
    ("update_todos", "valet_todo_operations"),
    ("delete_todos", "valet_todo_operations"),
    ("find_todos", "valet_todo_view"),
    ("get_day", "valet_get_daily_context"),
    ("get_today", "valet_get_daily_context"),
    ("edit_day", "valet_update_daily"),
    ("valet_new_day", "valet_get_daily_context"),
    ("valet_plan_todo", "valet_update_daily"),
    ("valet_list_days", "valet_get_insights"),
];

/// Valet 0.1's names of tools that were only renamed: a call is answered by the new name.
pub const RENAMED: &[(&str, &str)] = &[
    ("list_days", "valet_list_days"),
    ("plan_todo", "valet_plan_todo"),
    ("get_upcoming", "valet_get_upcoming"),
    ("search", "valet_search"),
    ("list_projects", "valet_list_projects"),
    ("edit_project", "valet_edit_project"),
    ("status", "valet_status"),
];

/// The name a call is routed by.
pub fn route(name: &str) -> &str {
    RENAMED
        .iter()
        .find(|(old, _)| *old == name)
        .map_or(name, |(_, new)| new)
}

/// The tools clients see; with `legacy` (the `mcp.legacyTools` setting), every callable one.
pub fn listed(all: Vec<Tool>, legacy: bool) -> Vec<Tool> {
    let mut tools: Vec<Tool> = all
        .into_iter()
        .filter(|t| legacy || !UNLISTED.iter().any(|(name, _)| *name == t.name))
        .collect();
    tools.sort_by(|a, b| a.name.cmp(&b.name));
    tools
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_old_name_points_at_a_listed_valet_name() {
        for (old, new) in UNLISTED {
            assert!(new.starts_with("valet_"), "{new}");
            assert!(UNLISTED.iter().all(|(o, _)| o != new), "{new} is unlisted");
            assert_ne!(old, new);
        }
        for (old, new) in RENAMED {
            assert!(!old.starts_with("valet_"), "{old}");
            assert!(new.starts_with("valet_"), "{new}");
        }
        assert_eq!(route("search"), "valet_search");
        assert_eq!(route("add_todos"), "add_todos");
        assert_eq!(route("valet_todo_view"), "valet_todo_view");
    }
}
