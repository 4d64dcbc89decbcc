//! The architecture's rules, checked (as rust-analyzer's tidy tests do): every module starts
//! with a `//!` line, crate dependencies follow the layers of docs/ARCHITECTURE.md, valet-core
//! does no IO, every dependency is used, and product files stay small (the few named exceptions may not grow while they
//! wait for their split).

use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    for e in rd.flatten() {
        let p = e.path();
        let name = e.file_name().to_string_lossy().into_owned();
        if p.is_dir() {
            if !matches!(
                name.as_str(),
                "target" | "node_modules" | "gen" | "corpus" | "artifacts"
            ) {
                rust_files(&p, out);
            }
        } else if name.ends_with(".rs") {
            out.push(p);
        }
    }
}

fn all(dirs: &[&str]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for d in dirs {
        rust_files(&root().join(d), &mut out);
    }
    out.sort();
    out
}

fn rel(p: &Path) -> String {
    p.strip_prefix(root())
        .unwrap_or(p)
        .to_string_lossy()
        .into_owned()
}

#[test]
fn every_module_starts_with_a_doc_line() {
    let missing: Vec<String> = all(&[
        "crates",
        "src-tauri/src",
        "xtask/src",
        "tests",
        "fuzz/fuzz_targets",
        "bench",
    ])
    .into_iter()
    .filter(|p| {
        let text = std::fs::read_to_string(p).unwrap_or_default();
        !text.trim_start().starts_with("//!")
    })
    .map(|p| rel(&p))
    .collect();
    assert!(
        missing.is_empty(),
        "files without a `//!` first line: {missing:?}"
    );
}

/// The dependencies named in a manifest's sections that `section` accepts (by header).
fn deps_in(manifest: &Path, section: impl Fn(&str) -> bool) -> Vec<String> {
    let text = std::fs::read_to_string(manifest).unwrap_or_default();
    let mut in_deps = false;
    let mut out = Vec::new();
    for line in text.lines() {
        let t = line.trim();
        if t.starts_with('[') {
            in_deps = section(t);
            continue;
        }
        let name = t.split([' ', '=']).next().unwrap_or_default();
        if in_deps && !name.is_empty() && !name.starts_with('#') {
            out.push(name.to_owned());
        }
    }
    out.sort();
    out
}

/// The `valet-*` crates a manifest's `[dependencies]` names.
fn valet_deps(manifest: &Path) -> Vec<String> {
    deps_in(manifest, |h| h == "[dependencies]")
        .into_iter()
        .filter(|d| d.starts_with("valet-"))
        .collect()
}

/// Every dependency named in a manifest's `*dependencies` sections (workspace tables excluded).
fn all_deps(manifest: &Path) -> Vec<String> {
    deps_in(manifest, |h| {
        h.ends_with("dependencies]") && !h.starts_with("[workspace")
    })
}

/// Issue 14 item 8: a dependency nothing uses costs build time for nothing. A crate counts as
/// used when its name (as Rust spells it) appears in the package's Rust sources, as
/// cargo-machete decides it.
#[test]
fn every_dependency_is_used() {
    let packages: [(&str, &[&str]); 9] = [
        ("Cargo.toml", &["src-tauri"]),
        ("crates/valet-core/Cargo.toml", &["crates/valet-core"]),
        ("crates/valet-store/Cargo.toml", &["crates/valet-store"]),
        ("crates/valet-service/Cargo.toml", &["crates/valet-service"]),
        ("crates/valet-mcp/Cargo.toml", &["crates/valet-mcp"]),
        ("crates/valet-cli/Cargo.toml", &["crates/valet-cli"]),
        ("xtask/Cargo.toml", &["xtask"]),
        ("tests/Cargo.toml", &["tests"]),
        ("fuzz/Cargo.toml", &["fuzz"]),
    ];
    let mut unused = Vec::new();
    for (manifest, dirs) in packages {
        let text: String = all(dirs)
            .iter()
            .map(|p| std::fs::read_to_string(p).unwrap_or_default())
            .collect();
        for dep in all_deps(&root().join(manifest)) {
            if !text.contains(&dep.replace('-', "_")) {
                unused.push(format!("{manifest}: {dep}"));
            }
        }
    }
    assert!(unused.is_empty(), "unused dependencies: {unused:?}");
}

/// Issue 14 item 5: only the store touches storage, so only it may build OpenDAL operators.
#[test]
fn only_the_store_depends_on_opendal() {
    for manifest in [
        "crates/valet-core/Cargo.toml",
        "crates/valet-service/Cargo.toml",
        "crates/valet-mcp/Cargo.toml",
        "crates/valet-cli/Cargo.toml",
        "Cargo.toml",
    ] {
        let deps = all_deps(&root().join(manifest));
        assert!(
            !deps.iter().any(|d| d == "opendal"),
            "{manifest} depends on opendal: storage goes through valet-store"
        );
    }
}

#[test]
fn crate_dependencies_follow_the_layers() {
    // core <- store <- service <- {mcp, cli, app}: the faces reach storage only through the
    // facade.
    let layers: [(&str, &[&str]); 6] = [
        ("crates/valet-core/Cargo.toml", &[]),
        ("crates/valet-store/Cargo.toml", &["valet-core"]),
        (
            "crates/valet-service/Cargo.toml",
            &["valet-core", "valet-store"],
        ),
        (
            "crates/valet-mcp/Cargo.toml",
            &["valet-core", "valet-service"],
        ),
        (
            "crates/valet-cli/Cargo.toml",
            &["valet-core", "valet-mcp", "valet-service"],
        ),
        ("Cargo.toml", &["valet-core", "valet-mcp", "valet-service"]),
    ];
    for (manifest, allowed) in layers {
        let deps = valet_deps(&root().join(manifest));
        let wrong: Vec<&String> = deps
            .iter()
            .filter(|d| !allowed.contains(&d.as_str()))
            .collect();
        assert!(
            wrong.is_empty(),
            "{manifest} depends on {wrong:?}; allowed: {allowed:?}"
        );
    }
}

#[test]
fn valet_core_does_no_io() {
    // Time, zones, randomness and bytes come in as arguments (tests may do anything).
    const FORBIDDEN: [&str; 9] = [
        "std::fs",
        "std::net",
        "std::env",
        "std::process",
        "Utc::now",
        "Local::now",
        "SystemTime",
        "Instant::now",
        "tokio",
    ];
    let mut found = Vec::new();
    for p in all(&["crates/valet-core/src"]) {
        let text = std::fs::read_to_string(&p).unwrap_or_default();
        let product = text.split("#[cfg(test)]").next().unwrap_or_default();
        for f in FORBIDDEN {
            if product.contains(f) {
                found.push(format!("{}: {f}", rel(&p)));
            }
        }
    }
    assert!(found.is_empty(), "IO in valet-core: {found:?}");
}

#[test]
fn product_files_stay_small() {
    const LIMIT: usize = 800;
    // Files waiting for their split may be named here with a cap; each may shrink, none grow.
    const EXCEPTIONS: [(&str, usize); 0] = [];
    let mut over = Vec::new();
    for p in all(&["crates", "src-tauri/src", "xtask/src"]) {
        let r = rel(&p);
        if r.contains("/tests/") || r.contains("/benches/") {
            continue;
        }
        let n = std::fs::read_to_string(&p)
            .unwrap_or_default()
            .lines()
            .count();
        let cap = EXCEPTIONS
            .iter()
            .find(|(f, _)| *f == r)
            .map(|(_, c)| *c)
            .unwrap_or(LIMIT);
        if n > cap {
            over.push(format!("{r}: {n} lines (at most {cap})"));
        }
    }
    assert!(over.is_empty(), "split these along their seams: {over:?}");
}
