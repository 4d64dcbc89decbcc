//! A virtual X server (Xvfb) for the app end-to-end test: free display, stopped on drop.

use std::fs::File;
use std::io::{BufRead as _, BufReader};
use std::path::Path;
use std::process::{Child, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use anyhow::{bail, Context as _, Result};

use crate::util::Ctx;

/// A running Xvfb; killed when dropped.
pub struct Xvfb {
    child: Child,
    display: u32,
}

impl Xvfb {
    /// Starts `Xvfb :N -screen 0 1280x800x24 -nolisten tcp` on the first free N from 99 and
    /// waits until it accepts connections (it writes N to `-displayfd` when ready).
    pub fn start(ctx: &Ctx, log: &Path) -> Result<Self> {
        let mut last_err = None;
        for display in (99..200).filter(|n| display_free(*n)).take(5) {
            match Self::try_start(ctx, display, log) {
                Ok(xvfb) => return Ok(xvfb),
                Err(err) => {
                    eprintln!("Xvfb :{display}: {err:#}");
                    last_err = Some(err);
                }
            }
        }
        Err(last_err.unwrap_or_else(|| anyhow::anyhow!("no free X display in :99..:199")))
    }

    fn try_start(ctx: &Ctx, display: u32, log: &Path) -> Result<Self> {
        let log_file = File::create(log).with_context(|| format!("creating {}", log.display()))?;
        let mut child = ctx
            .cmd("Xvfb")
            .arg(format!(":{display}"))
            .args([
                "-screen",
                "0",
                "1280x800x24",
                "-nolisten",
                "tcp",
                "-displayfd",
                "1",
            ])
            .stdout(Stdio::piped())
            .stderr(log_file)
            .spawn()
            .context("starting Xvfb (Debian: apt-get install xvfb)")?;
        let stdout = child.stdout.take();
        let xvfb = Self { child, display };
        let stdout = stdout.context("no stdout pipe from Xvfb")?;
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut line = String::new();
            let _ = BufReader::new(stdout).read_line(&mut line);
            let _ = tx.send(line);
        });
        match rx.recv_timeout(Duration::from_secs(30)) {
            Ok(line) if line.trim() == display.to_string() => {
                eprintln!("Xvfb ready on DISPLAY=:{display} (log: {})", log.display());
                Ok(xvfb)
            }
            Ok(line) => bail!(
                "Xvfb did not start (said {:?}); see {}",
                line.trim(),
                log.display()
            ),
            Err(_) => bail!(
                "Xvfb did not become ready within 30s; see {}",
                log.display()
            ),
        }
    }

    /// `:N`.
    pub fn display(&self) -> String {
        format!(":{}", self.display)
    }
}

impl Drop for Xvfb {
    fn drop(&mut self) {
        crate::util::terminate(&mut self.child);
        eprintln!("Xvfb :{} stopped", self.display);
    }
}

fn display_free(n: u32) -> bool {
    !Path::new(&format!("/tmp/.X{n}-lock")).exists()
        && !Path::new(&format!("/tmp/.X11-unix/X{n}")).exists()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Needs the `Xvfb` and `xdpyinfo` binaries: `cargo test -p xtask -- --ignored`.
    #[test]
    #[ignore = "starts a real Xvfb"]
    fn starts_answers_and_stops() -> Result<()> {
        let ctx = Ctx::new()?;
        let log = std::env::temp_dir().join(format!("xtask-xvfb-{}.log", std::process::id()));
        let xvfb = Xvfb::start(&ctx, &log)?;
        let display = xvfb.display();
        let info = crate::util::output(ctx.cmd("xdpyinfo").args(["-display", &display]))
            .context("xdpyinfo failed")?;
        assert!(info.contains("1280x800"), "{info}");
        let socket = format!("/tmp/.X11-unix/X{}", xvfb.display);
        drop(xvfb);
        assert!(!Path::new(&socket).exists(), "{socket} still there");
        let _ = std::fs::remove_file(log);
        Ok(())
    }
}
