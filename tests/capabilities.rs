//! The Tauri capability files grant each window exactly the commands its UI calls (issue 8,
//! isolation): read from `src-tauri/capabilities/`, `src-tauri/permissions/commands.toml`,
//! `src-tauri/src/main.rs` and the UI sources, with no build needed.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

fn read(rel: &str) -> String {
    std::fs::read_to_string(root().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// `export const name = (...) => call('command', ...)` in ui/src/lib/api.ts: name -> command.
fn api_commands() -> BTreeMap<String, String> {
    let api = read("ui/src/lib/api.ts");
    let mut out = BTreeMap::new();
    for chunk in api.split("export const ").skip(1) {
        let name: String = chunk
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        // The body runs to the next top-level declaration.
        let body = chunk.split("\nexport ").next().unwrap_or("");
        if let Some(rest) = body.split("call('").nth(1) {
            let cmd: String = rest.chars().take_while(|c| *c != '\'').collect();
            out.insert(name, cmd);
        }
    }
    assert!(
        out.len() > 30,
        "found only {} commands in api.ts: {out:?}",
        out.len()
    );
    out
}

fn ui_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            ui_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "svelte" || x == "ts")
            && !p.to_string_lossy().contains(".test.")
            && !p.ends_with("api.ts")
        {
            out.push(p);
        }
    }
}

/// The api.ts functions a source file imports from `lib/api`.
fn imported(source: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for stmt in source.split("import ").skip(1) {
        let Some((names, from)) = stmt.split_once(" from ") else {
            continue;
        };
        if !from.trim_start().starts_with("'./api'") && !from.contains("lib/api'") {
            continue;
        }
        if names.trim_start().starts_with("type ") {
            continue;
        }
        for n in names
            .trim()
            .trim_matches(|c| c == '{' || c == '}')
            .split(',')
        {
            let n = n.trim();
            // `diagnostics as loadDiagnostics`
            let n = n.split(" as ").next().unwrap_or(n).trim();
            if !n.is_empty() {
                out.insert(n.to_owned());
            }
        }
    }
    out
}

fn capability(rel: &str) -> (BTreeSet<String>, BTreeSet<String>) {
    let v: serde_json::Value = serde_json::from_str(&read(rel)).unwrap();
    let windows = v["windows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w.as_str().unwrap().to_owned())
        .collect();
    let perms = v["permissions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap().to_owned())
        .collect();
    (windows, perms)
}

fn allow(cmd: &str) -> String {
    format!("allow-{}", cmd.replace('_', "-"))
}

#[test]
fn capabilities_grant_each_window_only_what_its_ui_calls() {
    let api = api_commands();
    let mut files = Vec::new();
    ui_files(&root().join("ui/src"), &mut files);
    let mut main_uses = BTreeSet::new();
    let mut quick_uses = BTreeSet::new();
    let mut listens = false;
    for f in &files {
        let src = std::fs::read_to_string(f).unwrap();
        let names = imported(&src);
        let quick = f.ends_with("QuickAdd.svelte");
        for n in &names {
            if let Some(cmd) = api.get(n) {
                if quick {
                    quick_uses.insert(cmd.clone());
                } else {
                    main_uses.insert(cmd.clone());
                }
            } else if n.starts_with("on") && !quick {
                listens = true;
            }
        }
    }
    assert!(listens, "the main window listens to live events");

    let (main_windows, main_perms) = capability("src-tauri/capabilities/default.json");
    let (quick_windows, quick_perms) = capability("src-tauri/capabilities/quick-add.json");
    assert_eq!(main_windows, BTreeSet::from(["main".to_owned()]));
    assert_eq!(quick_windows, BTreeSet::from(["quick-add".to_owned()]));

    let events: BTreeSet<String> = ["core:event:allow-listen", "core:event:allow-unlisten"]
        .into_iter()
        .map(str::to_owned)
        .collect();
    let mut want_main: BTreeSet<String> = main_uses.iter().map(|c| allow(c)).collect();
    want_main.extend(events.iter().cloned());
    let want_quick: BTreeSet<String> = quick_uses.iter().map(|c| allow(c)).collect();

    let extra: Vec<_> = main_perms.difference(&want_main).collect();
    let missing: Vec<_> = want_main.difference(&main_perms).collect();
    assert!(
        extra.is_empty() && missing.is_empty(),
        "main window: granted but unused {extra:?}; used but not granted {missing:?}"
    );
    let extra: Vec<_> = quick_perms.difference(&want_quick).collect();
    let missing: Vec<_> = want_quick.difference(&quick_perms).collect();
    assert!(
        extra.is_empty() && missing.is_empty(),
        "quick-add window: granted but unused {extra:?}; used but not granted {missing:?}"
    );
    assert!(
        !quick_perms.iter().any(|p| p.starts_with("core:")),
        "the quick-add window needs no core permission: {quick_perms:?}"
    );
}

#[test]
fn every_registered_command_has_a_permission_and_nothing_else_does() {
    let main_rs = read("src-tauri/src/main.rs");
    let handler = main_rs
        .split("generate_handler![")
        .nth(1)
        .unwrap()
        .split(']')
        .next()
        .unwrap();
    let registered: BTreeSet<String> = handler
        .split(',')
        .map(|s| s.trim().rsplit("::").next().unwrap_or("").to_owned())
        .filter(|s| !s.is_empty())
        .collect();
    let toml = read("src-tauri/permissions/commands.toml");
    let declared: BTreeSet<String> = toml
        .lines()
        .filter_map(|l| l.strip_prefix("commands.allow = [\""))
        .map(|l| l.trim_end_matches("\"]").to_owned())
        .collect();
    assert_eq!(
        registered, declared,
        "commands registered in main.rs and allow- permissions in commands.toml differ"
    );
    // Every command the UI calls is registered (a typo would fail only at run time).
    let api: BTreeSet<String> = api_commands().into_values().collect();
    let unknown: Vec<_> = api.difference(&registered).collect();
    assert!(
        unknown.is_empty(),
        "api.ts calls unregistered commands: {unknown:?}"
    );
}

#[test]
fn the_content_security_policy_allows_no_remote_content() {
    let conf: serde_json::Value = serde_json::from_str(&read("tauri.conf.json")).unwrap();
    let csp = &conf["app"]["security"]["csp"];
    for (directive, value) in csp.as_object().unwrap() {
        let value = value.as_str().unwrap();
        for source in value.split_whitespace() {
            assert!(
                ["'self'", "'none'", "data:", "ipc:", "http://ipc.localhost"].contains(&source),
                "{directive} allows {source}: only the app itself and Tauri's IPC may be sources"
            );
        }
    }
    assert_eq!(csp["default-src"], "'self'");
    assert_eq!(csp["object-src"], "'none'");
}
