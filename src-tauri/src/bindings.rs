//! The shell's own views in TypeScript: the types below are generated into
//! `ui/src/lib/bindings/app.ts` (the facade's are in `facade.ts`, from tests/bindings.rs), and a
//! test fails when the committed file differs. Regenerate with
//! `VALET_UPDATE_BINDINGS=1 cargo test -p valet-app bindings`.

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;
    use std::path::Path;

    use ts_rs::{Config, Dependency, TS};

    use crate::commands::{claude, mcp_http, reminders, settings, sync, todos, updates};

    /// Declaration and the names it uses, for each exported type.
    fn each() -> Vec<(String, String, Vec<Dependency>)> {
        fn one<T: TS + 'static>(cfg: &Config) -> (String, String, Vec<Dependency>) {
            (T::name(cfg), T::decl(cfg), T::dependencies(cfg))
        }
        let cfg = Config::default();
        vec![
            one::<todos::ReminderView>(&cfg),
            one::<todos::TodoListView>(&cfg),
            one::<reminders::ReminderPrefs>(&cfg),
            one::<reminders::UpcomingReminder>(&cfg),
            one::<settings::StorageProfile>(&cfg),
            one::<crate::keychain::KeychainStatus>(&cfg),
            one::<settings::PlannerPrefs>(&cfg),
            one::<settings::SettingsView>(&cfg),
            one::<settings::ConnectionTest>(&cfg),
            one::<sync::SyncView>(&cfg),
            one::<mcp_http::McpHttpStatus>(&cfg),
            one::<claude::ClaudeChange>(&cfg),
            one::<updates::UpdatePrefs>(&cfg),
            one::<updates::UpdateView>(&cfg),
            one::<crate::live::Changed>(&cfg),
            one::<crate::StartPhases>(&cfg),
        ]
    }

    fn declarations() -> String {
        let all = each();
        let here: BTreeSet<&str> = all.iter().map(|(n, _, _)| n.as_str()).collect();
        let from_facade: BTreeSet<String> = all
            .iter()
            .flat_map(|(_, _, deps)| deps.iter().map(|d| d.ts_name.clone()))
            .filter(|n| !here.contains(n.as_str()))
            .collect();
        let mut out = String::from(
            "// Generated from the app shell's Rust types by ts-rs (src-tauri/src/bindings.rs): do not\n\
             // edit by hand. Regenerate: VALET_UPDATE_BINDINGS=1 cargo test -p valet-app bindings\n",
        );
        if !from_facade.is_empty() {
            let names: Vec<String> = from_facade.into_iter().collect();
            out.push_str(&format!(
                "import type {{ {} }} from './facade';\n",
                names.join(", ")
            ));
        }
        for (_, decl, _) in all {
            out.push_str("\nexport ");
            out.push_str(decl.trim());
            out.push('\n');
        }
        out
    }

    #[test]
    fn the_ui_bindings_match_the_shell_s_views() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("ui/src/lib/bindings/app.ts");
        let want = declarations();
        if std::env::var("VALET_UPDATE_BINDINGS").is_ok_and(|v| v == "1") {
            std::fs::write(&path, &want).unwrap();
        }
        let have = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            have == want,
            "{} is not what the shell's types say: run VALET_UPDATE_BINDINGS=1 cargo test -p valet-app bindings",
            path.display()
        );
    }
}
