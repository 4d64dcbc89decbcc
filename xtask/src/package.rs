//! Packaging: `bundle` (the .deb and .rpm with `valet` as the Tauri sidecar), `release` (bundle,
//! sign with the key from `TAURI_SIGNING_PRIVATE_KEY`, write the updater's `latest.json`), and the
//! CI check that installs the .deb and runs it.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context as _, Result};

use crate::deps;
use crate::util::{run as run_cmd, Ctx, Steps};

/// Which cargo profile a bundle is built with. CI uses `Debug`: it reuses the test build's
/// artifacts and takes minutes instead of a ~16-minute release build on 2 cores.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Profile {
    Release,
    Debug,
}

impl Profile {
    fn dir(self) -> &'static str {
        match self {
            Profile::Release => "release",
            Profile::Debug => "debug",
        }
    }
}

/// The packages built: `.deb` and `.rpm` paths.
pub struct Packages {
    pub deb: PathBuf,
    pub rpm: Option<PathBuf>,
}

fn host_triple(ctx: &Ctx) -> Result<String> {
    crate::util::output(ctx.cmd("rustc").arg("-vV"))
        .and_then(|out| {
            out.lines()
                .find_map(|l| l.strip_prefix("host: ").map(str::to_owned))
        })
        .context("could not read the host triple from `rustc -vV`")
}

fn tauri_cli(ctx: &Ctx) -> PathBuf {
    ctx.root.join("ui/node_modules/.bin/tauri")
}

/// The app's version, from tauri.conf.json (what the updater compares).
pub fn app_version(ctx: &Ctx) -> Result<String> {
    let path = ctx.root.join("tauri.conf.json");
    let text = fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    let conf: serde_json::Value = serde_json::from_str(&text)?;
    conf["version"]
        .as_str()
        .map(str::to_owned)
        .context("tauri.conf.json has no \"version\"")
}

fn find(dir: &Path, ext: &str) -> Result<Option<PathBuf>> {
    if !dir.is_dir() {
        return Ok(None);
    }
    for e in fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))? {
        let p = e?.path();
        if p.extension().is_some_and(|x| x == ext) {
            return Ok(Some(p));
        }
    }
    Ok(None)
}

/// Builds the .deb and .rpm: the app plus `valet` (same profile) as the sidecar.
pub fn build(
    ctx: &mut Ctx,
    profile: Profile,
    version: Option<&str>,
    steps: &mut Steps,
) -> Result<Packages> {
    steps.step("system packages", || deps::ensure_apt(ctx, deps::APT_BUILD))?;
    steps.step("UI: npm ci (if needed)", || {
        deps::ensure_node(ctx)?;
        deps::ensure_ui_modules(ctx)
    })?;
    let ctx = &*ctx;
    let sidecar = ctx.target.join("sidecar").join("valet");
    steps.step(&format!("valet ({}) as the sidecar", profile.dir()), || {
        let mut cargo = ctx.cargo();
        cargo.arg("build");
        if profile == Profile::Release {
            cargo.arg("--release");
        }
        run_cmd(cargo.args(["-p", "valet-cli", "--bin", "valet"]))?;
        let dir = ctx.target.join("sidecar");
        fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
        let from = ctx.target.join(profile.dir()).join("valet");
        let to = dir.join(format!("valet-{}", host_triple(ctx)?));
        fs::copy(&from, &to)
            .with_context(|| format!("copying {} to {}", from.display(), to.display()))?;
        Ok(())
    })?;
    let bundle_dir = ctx.target.join(profile.dir()).join("bundle");
    steps.step("tauri build --bundles deb,rpm", || {
        // Old packages must not be mistaken for this build's.
        let _ = fs::remove_dir_all(&bundle_dir);
        let mut config = serde_json::json!({"bundle": {"externalBin": [sidecar]}});
        if let Some(v) = version {
            config["version"] = serde_json::json!(v);
        }
        let mut cmd = ctx.cmd(tauri_cli(ctx));
        cmd.arg("build");
        if profile == Profile::Debug {
            cmd.arg("--debug");
        }
        run_cmd(
            cmd.args(["--bundles", "deb,rpm", "--config"])
                .arg(config.to_string())
                // The app is not a default workspace member: name it for cargo.
                .args(["--", "-p", "valet-app"])
                .current_dir(&ctx.root),
        )
    })?;
    let deb = find(&bundle_dir.join("deb"), "deb")?
        .with_context(|| format!("no .deb under {}", bundle_dir.join("deb").display()))?;
    let rpm = find(&bundle_dir.join("rpm"), "rpm")?;
    for p in std::iter::once(&deb).chain(rpm.iter()) {
        let size = fs::metadata(p)?.len();
        eprintln!(
            "package: {} ({:.1} MiB)",
            ctx.rel(p).display(),
            size as f64 / 1_048_576.0
        );
    }
    Ok(Packages { deb, rpm })
}

/// `cargo xtask bundle [--debug]`.
pub fn bundle(mut ctx: Ctx, profile: Profile) -> Result<()> {
    let mut steps = Steps::new(4);
    build(&mut ctx, profile, None, &mut steps)?;
    Ok(())
}

/// What `release` was asked for.
pub struct ReleaseArgs {
    pub profile: Profile,
    /// The signing key: its text, or the path of its file.
    pub key: String,
    /// Where the packages will be downloadable from (the URLs in latest.json).
    pub base_url: String,
    pub notes: String,
    pub out: Option<PathBuf>,
    /// Build as this version instead of tauri.conf.json's (a test release one version up).
    pub version: Option<String>,
}

/// `cargo xtask release`: bundle, sign each package with the key (`TAURI_SIGNING_PRIVATE_KEY`:
/// a key string or a key file; `TAURI_SIGNING_PRIVATE_KEY_PASSWORD` when it has one), and write
/// `latest.json` beside them. The key never touches the repo.
pub fn release(ctx: &mut Ctx, args: ReleaseArgs) -> Result<PathBuf> {
    let key = args.key;
    if key.trim().is_empty() {
        bail!("the signing key is empty (TAURI_SIGNING_PRIVATE_KEY)");
    }
    let base = url::Url::parse(&args.base_url)
        .with_context(|| format!("--base-url: must be a URL; got {:?}", args.base_url))?;
    if !matches!(base.scheme(), "https" | "http") {
        bail!(
            "--base-url: must be an https URL (http only for a local test); got {:?}",
            args.base_url
        );
    }
    let key_text = if Path::new(&key).is_file() {
        fs::read_to_string(&key).with_context(|| format!("reading the key file {key}"))?
    } else {
        key
    };
    let version = match args.version {
        Some(v) => v,
        None => app_version(ctx)?,
    };
    let out = args
        .out
        .unwrap_or_else(|| ctx.target.join("release-out").join(&version));
    let mut steps = Steps::new(6);
    let packages = build(ctx, args.profile, Some(&version), &mut steps)?;
    let ctx = &*ctx;
    steps.step("sign the packages", || {
        let _ = fs::remove_dir_all(&out);
        fs::create_dir_all(&out).with_context(|| format!("creating {}", out.display()))?;
        let mut platforms = serde_json::Map::new();
        for (kind, pkg) in [("deb", Some(&packages.deb)), ("rpm", packages.rpm.as_ref())] {
            let Some(pkg) = pkg else { continue };
            let name = pkg
                .file_name()
                .context("a package without a file name")?
                .to_string_lossy()
                .into_owned();
            let copy = out.join(&name);
            fs::copy(pkg, &copy).with_context(|| format!("copying {}", pkg.display()))?;
            run_cmd(
                ctx.cmd(tauri_cli(ctx))
                    .args(["signer", "sign", "--app-version", &version])
                    .arg(&copy)
                    .env("TAURI_SIGNING_PRIVATE_KEY", &key_text)
                    .env_remove("TAURI_SIGNING_PRIVATE_KEY_PATH"),
            )?;
            let sig_path = PathBuf::from(format!("{}.sig", copy.display()));
            let signature = fs::read_to_string(&sig_path)
                .with_context(|| format!("reading {}", sig_path.display()))?;
            let url = base
                .join(&name)
                .with_context(|| format!("joining {name} to the base URL"))?;
            let entry = serde_json::json!({"signature": signature.trim(), "url": url.as_str()});
            platforms.insert(format!("linux-x86_64-{kind}"), entry.clone());
            if kind == "deb" {
                platforms.insert("linux-x86_64".into(), entry);
            }
        }
        let latest = serde_json::json!({
            "version": version,
            "notes": args.notes,
            "pub_date": chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            "platforms": platforms,
        });
        let path = out.join("latest.json");
        fs::write(&path, serde_json::to_vec_pretty(&latest)?)
            .with_context(|| format!("writing {}", path.display()))?;
        eprintln!(
            "release {version}: upload {} to {base}",
            ctx.rel(&out).display()
        );
        Ok(())
    })?;
    Ok(out)
}

/// The CI check of packaging (issue 7): build the .deb (debug profile), install it with apt,
/// check the installed files and the bundled `valet mcp` (tests/e2e/package.py), then make a
/// signed release one version up with a key generated here, serve it on 127.0.0.1 and let the
/// installed app find it and verify its signature (tests/e2e/updater.py --release). Removes the
/// package at the end.
pub fn ci_check(ctx: &mut Ctx, venv: &Path, logs: &Path) -> Result<()> {
    if !crate::util::is_root() {
        bail!("installing the .deb needs root (CI runs as root); run `cargo xtask bundle --debug` and `sudo apt-get install ./target/debug/bundle/deb/*.deb` by hand");
    }
    // Never replace (and then remove) a Valet that a person installed: only one this test
    // installed itself, as its marker says.
    let marker = ctx.target.join("tools").join("package-test-installed");
    if let Some(version) = installed_valet(ctx) {
        if !marker.exists() {
            bail!(
                "a `valet` package ({version}) is installed on this machine and this test did not \
                 install it: the package test would replace it and then remove it. Remove it \
                 yourself (`apt-get remove valet`), or run `cargo xtask test --no-e2e`."
            );
        }
    }
    let mut steps = Steps::new(4);
    let packages = build(ctx, Profile::Debug, None, &mut steps)?;
    fs::create_dir_all(ctx.target.join("tools"))?;
    fs::write(&marker, "the package test installed the valet package\n")
        .with_context(|| format!("writing {}", marker.display()))?;
    run_cmd(
        ctx.cmd("apt-get")
            .args(["install", "-y", "--reinstall", "--no-install-recommends"])
            .arg(&packages.deb)
            .env("DEBIAN_FRONTEND", "noninteractive"),
    )?;
    let result = (|| {
        let python = venv.join("bin").join("python");
        run_cmd(ctx.cmd(&python).arg(ctx.root.join("tests/e2e/package.py")))?;

        // A release one version up, signed with a key made now (the real key stays offline).
        let keys = logs.join("release-key");
        let _ = fs::remove_dir_all(&keys);
        fs::create_dir_all(&keys)?;
        let key = keys.join("test.key");
        run_cmd(
            ctx.cmd(tauri_cli(ctx))
                .args(["signer", "generate", "--ci", "-p", "", "-f", "-w"])
                .arg(&key),
        )?;
        let port = crate::util::free_port()?;
        let out = logs.join("release");
        let next = next_patch(&app_version(ctx)?)?;
        release(
            ctx,
            ReleaseArgs {
                profile: Profile::Debug,
                key: key.display().to_string(),
                base_url: format!("http://127.0.0.1:{port}/"),
                notes: "CI test release".into(),
                out: Some(out.clone()),
                version: Some(next),
            },
        )?;
        let driver = deps::ensure_tauri_driver(ctx)?;
        let xvfb = crate::xvfb::Xvfb::start(ctx, &logs.join("xvfb-package.log"))?;
        let mut cmd = ctx.cmd(&python);
        crate::tasks::window_env(&mut cmd, &xvfb, &driver);
        run_cmd(
            cmd.arg(ctx.root.join("tests/e2e/updater.py"))
                .args(["--app", "/usr/bin/valet-app", "--release"])
                .arg(&out)
                .args(["--feed-port", &port.to_string(), "--pubkey-file"])
                .arg(keys.join("test.key.pub"))
                .args(["--expect-mcp", "/usr/bin/valet", "--tauri-cli"])
                .arg(tauri_cli(ctx))
                .arg("--screenshots")
                .arg(logs.join("screenshots")),
        )
    })();
    // Leave the machine as it was: the package this test installed goes.
    let removed = run_cmd(
        ctx.cmd("apt-get")
            .args(["remove", "-y", "valet"])
            .env("DEBIAN_FRONTEND", "noninteractive"),
    );
    if removed.is_ok() {
        let _ = fs::remove_file(&marker);
    }
    result.and(removed)
}

/// The installed `valet` package's version, if one is installed.
fn installed_valet(ctx: &Ctx) -> Option<String> {
    let out = ctx
        .cmd("dpkg-query")
        .args(["-W", "-f", "${Status} ${Version}", "valet"])
        .output()
        .ok()?;
    let text = String::from_utf8_lossy(&out.stdout);
    let mut words = text.split_whitespace();
    let status: Vec<&str> = words.by_ref().take(3).collect();
    (out.status.success() && status.last() == Some(&"installed"))
        .then(|| words.next().unwrap_or("?").to_owned())
}

/// `0.1.0` → `0.1.1`.
fn next_patch(version: &str) -> Result<String> {
    let mut parts: Vec<u64> = version
        .split('.')
        .map(str::parse)
        .collect::<std::result::Result<_, _>>()
        .with_context(|| format!("tauri.conf.json version {version:?} is not x.y.z"))?;
    if parts.len() != 3 {
        bail!("tauri.conf.json version {version:?} is not x.y.z");
    }
    parts[2] += 1;
    Ok(parts
        .iter()
        .map(u64::to_string)
        .collect::<Vec<_>>()
        .join("."))
}
