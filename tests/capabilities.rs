//! The Tauri capability files grant each window exactly the commands its UI calls (issue 8,
//! isolation): read from `src-tauri/capabilities/`, `src-tauri/permissions/commands.toml`,
//! `src-tauri/src/main.rs` and the UI sources, with no build needed; and the UI's command wrappers
//! send the arguments the commands take.
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

/// `call('command', { a, b: x })` in api.ts: command -> the argument names it sends (calls
/// that pass no object literal send none).
fn api_arguments() -> BTreeMap<String, BTreeSet<String>> {
    let api = read("ui/src/lib/api.ts");
    let mut out = BTreeMap::new();
    for rest in api.split("call('").skip(1) {
        let cmd: String = rest.chars().take_while(|c| *c != '\'').collect();
        let after = &rest[cmd.len() + 1..];
        let mut keys = BTreeSet::new();
        if let Some(obj) = after.trim_start().strip_prefix(',') {
            if let Some(body) = obj.trim_start().strip_prefix('{') {
                let body = body.split('}').next().unwrap_or("");
                for part in body.split(',') {
                    let key = part.split(':').next().unwrap_or("").trim();
                    if !key.is_empty() {
                        keys.insert(key.to_owned());
                    }
                }
            }
        }
        out.entry(cmd).or_insert_with(BTreeSet::new).extend(keys);
    }
    out
}

/// Every `#[tauri::command]` in src-tauri: command -> (argument names as the UI sends them,
/// camelCase, and whether each may be left out: an `Option`). Tauri's own injected arguments
/// (state, app handle, window) are not the UI's.
fn rust_arguments() -> BTreeMap<String, BTreeMap<String, bool>> {
    let mut files = Vec::new();
    let mut stack = vec![root().join("src-tauri/src")];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "rs") {
                files.push(p);
            }
        }
    }
    let camel = |s: &str| {
        let mut out = String::new();
        let mut up = false;
        for c in s.chars() {
            if c == '_' {
                up = true;
            } else if up {
                out.extend(c.to_uppercase());
                up = false;
            } else {
                out.push(c);
            }
        }
        out
    };
    let mut out = BTreeMap::new();
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        for chunk in text.split("#[tauri::command]").skip(1) {
            let Some(sig) = chunk.split_once("fn ").map(|(_, s)| s) else {
                continue;
            };
            let name: String = sig
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            let params = sig[name.len()..]
                .trim_start_matches('(')
                .split(") ->")
                .next()
                .unwrap_or("")
                .split(") {")
                .next()
                .unwrap_or("");
            let mut args = BTreeMap::new();
            // Split at top-level commas only (types such as State<'_, AppState> hold some).
            let (mut depth, mut cur, mut parts) = (0i32, String::new(), Vec::new());
            for c in params.chars() {
                match c {
                    '<' | '(' => depth += 1,
                    '>' | ')' => depth -= 1,
                    ',' if depth == 0 => {
                        parts.push(std::mem::take(&mut cur));
                        continue;
                    }
                    _ => {}
                }
                cur.push(c);
            }
            parts.push(cur);
            for p in parts {
                let Some((n, ty)) = p.split_once(':') else {
                    continue;
                };
                let (n, ty) = (n.trim().trim_start_matches("mut ").trim(), ty.trim());
                let injected = ["State<", "AppHandle", "Window", "WebviewWindow"]
                    .iter()
                    .any(|t| ty.contains(t));
                if !injected && !n.is_empty() {
                    args.insert(camel(n), ty.starts_with("Option<"));
                }
            }
            out.insert(name, args);
        }
    }
    assert!(out.len() > 30, "found only {} commands: {out:?}", out.len());
    out
}

/// Issue 14 item 4: the wrappers in api.ts are written by hand, so their argument names are
/// checked against the commands' Rust signatures: a renamed or added argument fails here
/// instead of at run time ("missing required key").
#[test]
fn every_api_wrapper_sends_the_arguments_its_command_takes() {
    let rust = rust_arguments();
    let mut wrong = Vec::new();
    for (cmd, sent) in api_arguments() {
        let Some(takes) = rust.get(&cmd) else {
            wrong.push(format!("{cmd}: no such command"));
            continue;
        };
        for k in &sent {
            if !takes.contains_key(k) {
                wrong.push(format!(
                    "{cmd}: sends {k:?}, which it does not take ({takes:?})"
                ));
            }
        }
        for (k, optional) in takes {
            if !optional && !sent.contains(k) {
                wrong.push(format!("{cmd}: does not send required {k:?}"));
            }
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
}
