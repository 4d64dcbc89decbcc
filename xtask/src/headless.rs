//! `cargo xtask run` on a machine without a display: the app runs under a virtual X server
//! (Xvfb, in its own D-Bus session), and a screenshot of the first window is written to
//! `target/run/first-window.png` once the app says its first view is interactive. With
//! `--for SECS` (what CI runs) it stops after that long and fails unless the window came up
//! and the screenshot shows a rendered page rather than a blank screen.

use std::io::{BufRead as _, BufReader};
use std::path::{Path, PathBuf};
use std::process::{ExitCode, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use anyhow::{bail, Context as _, Result};

use crate::util::{terminate, Ctx};
use crate::xvfb::Xvfb;

/// What the app logs once its first view shows its data (src-tauri/src/main.rs).
const MARKER: &str = "first view interactive";

/// How long to wait for the first window before giving up.
const FIRST_WINDOW: Duration = Duration::from_secs(120);

/// Runs the built app under Xvfb; see the module doc.
pub fn run(ctx: &Ctx, app: &Path, app_args: &[String], seconds: Option<u64>) -> Result<ExitCode> {
    let dir = ctx.target.join("run");
    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    let xvfb = Xvfb::start(ctx, &dir.join("xvfb.log"))?;
    let shot = dir.join("first-window.png");
    let _ = std::fs::remove_file(&shot);
    let mut cmd = match ctx.which("dbus-run-session") {
        // The tray and the keychain talk D-Bus; a session of its own keeps them off the host's.
        Some(dbus) => {
            let mut c = ctx.cmd(dbus);
            c.arg("--").arg(app);
            c
        }
        None => ctx.cmd(app),
    };
    cmd.args(app_args)
        .env("DISPLAY", xvfb.display())
        .env_remove("WAYLAND_DISPLAY")
        .env("GDK_BACKEND", "x11")
        .env("NO_AT_BRIDGE", "1")
        .env(
            "VALET_LOG",
            std::env::var("VALET_LOG").unwrap_or_else(|_| "info".into()),
        )
        .stdin(Stdio::null())
        .stderr(Stdio::piped());
    let mut child = cmd
        .spawn()
        .with_context(|| format!("starting {}", app.display()))?;
    let stderr = child.stderr.take().context("no stderr pipe from the app")?;
    let (tx, rx) = mpsc::channel();
    // The app's log goes on to this terminal; the marker line is noticed on the way.
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            eprintln!("{line}");
            if line.contains(MARKER) {
                let _ = tx.send(());
            }
        }
    });
    eprintln!(
        "==> Valet is running on the virtual display {} (no display here); the first window's \
         screenshot will be {}",
        xvfb.display(),
        ctx.rel(&shot).display()
    );
    let started = Instant::now();
    let shown = rx.recv_timeout(FIRST_WINDOW).is_ok();
    let checked = if shown {
        // Let WebKit paint the frame the UI just built.
        std::thread::sleep(Duration::from_millis(800));
        let r = screenshot(ctx, &xvfb, &shot);
        match &r {
            Ok(spread) => eprintln!(
                "==> first window after {:.1} s: {} (pixel spread {spread:.3})",
                started.elapsed().as_secs_f64(),
                ctx.rel(&shot).display()
            ),
            Err(e) => eprintln!("==> could not take the screenshot: {e:#}"),
        }
        r.ok()
    } else {
        eprintln!(
            "==> the app did not report its first view within {} s",
            FIRST_WINDOW.as_secs()
        );
        None
    };
    let Some(limit) = seconds else {
        eprintln!("==> stop it with Ctrl-C");
        let status = child.wait().context("waiting for the app")?;
        return Ok(if status.success() {
            ExitCode::SUCCESS
        } else {
            ExitCode::FAILURE
        });
    };
    let rest = Duration::from_secs(limit).saturating_sub(started.elapsed());
    let deadline = Instant::now() + rest;
    while Instant::now() < deadline {
        if let Some(status) = child.try_wait().context("watching the app")? {
            bail!("the app exited early ({status}); its log is above");
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    terminate(&mut child);
    match checked {
        Some(spread) if spread > MIN_SPREAD => {
            eprintln!("==> ok: the window came up and rendered a page");
            Ok(ExitCode::SUCCESS)
        }
        Some(spread) => bail!(
            "the screenshot {} looks blank (pixel spread {spread:.4} <= {MIN_SPREAD})",
            shot.display()
        ),
        None => bail!("no first window within {} s", FIRST_WINDOW.as_secs()),
    }
}

/// A screen with a rendered page has text and borders; a blank one is one colour.
const MIN_SPREAD: f64 = 0.02;

/// Writes the whole virtual screen to `to` and returns the standard deviation of its pixels
/// (0 for a single colour), measured by ImageMagick.
fn screenshot(ctx: &Ctx, xvfb: &Xvfb, to: &PathBuf) -> Result<f64> {
    let status = ctx
        .cmd("import")
        .args(["-window", "root"])
        .arg(to)
        .env("DISPLAY", xvfb.display())
        .status()
        .context("running ImageMagick's import (Debian: apt-get install imagemagick)")?;
    if !status.success() {
        bail!("import -window root failed ({status})");
    }
    let out = ctx
        .cmd("convert")
        .arg(to)
        .args([
            "-colorspace",
            "Gray",
            "-format",
            "%[fx:standard_deviation]",
            "info:",
        ])
        .output()
        .context("running ImageMagick's convert")?;
    String::from_utf8_lossy(&out.stdout)
        .trim()
        .parse::<f64>()
        .with_context(|| {
            format!(
                "reading the screenshot's pixel spread: {:?}",
                String::from_utf8_lossy(&out.stderr)
            )
        })
}
