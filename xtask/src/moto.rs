//! A local S3 server (moto) for the store tests: started on a free port, stopped on drop.

use std::fs::File;
use std::io::{Read as _, Write as _};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::thread::sleep;
use std::time::{Duration, Instant};

use anyhow::{bail, Context as _, Result};

/// The bucket the tests use.
pub const BUCKET: &str = "valet-test";

/// A running `moto_server`; killed when dropped (also when a later step fails).
pub struct Moto {
    child: Child,
    addr: SocketAddr,
}

impl Moto {
    /// Starts `<venv>/bin/moto_server` on 127.0.0.1, logging to `log`, waits until it answers
    /// and creates [`BUCKET`].
    pub fn start(mut cmd: Command, log: &Path) -> Result<Self> {
        let port = crate::util::free_port()?;
        let addr = SocketAddr::from(([127, 0, 0, 1], port));
        let log_file = File::create(log).with_context(|| format!("creating {}", log.display()))?;
        let child = cmd
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            .stdin(Stdio::null())
            .stdout(log_file.try_clone()?)
            .stderr(log_file)
            .spawn()
            .context("starting moto_server")?;
        // From here on, Drop stops it whatever happens.
        let mut moto = Self { child, addr };
        eprintln!(
            "moto_server pid {} on {} (log: {})",
            moto.child.id(),
            moto.endpoint(),
            log.display()
        );
        moto.wait_ready(Duration::from_secs(60), log)?;
        let status = http(addr, "PUT", &format!("/{BUCKET}"))
            .with_context(|| format!("creating bucket {BUCKET}"))?;
        // 409 BucketAlreadyOwnedByYou is fine too.
        if !(status == 200 || status == 409) {
            bail!(
                "creating bucket {BUCKET}: HTTP {status} (see {})",
                log.display()
            );
        }
        eprintln!("bucket {BUCKET} ready at {}", moto.endpoint());
        Ok(moto)
    }

    /// `http://127.0.0.1:PORT`.
    pub fn endpoint(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The environment the tests get.
    pub fn env(&self) -> Vec<(&'static str, String)> {
        vec![
            ("VALET_TEST_S3_ENDPOINT", self.endpoint()),
            ("VALET_TEST_S3_BUCKET", BUCKET.to_string()),
            ("VALET_TEST_S3_REQUIRED", "1".to_string()),
            ("AWS_ACCESS_KEY_ID", "test".to_string()),
            ("AWS_SECRET_ACCESS_KEY", "test".to_string()),
            ("AWS_REGION", "us-east-1".to_string()),
        ]
    }

    fn wait_ready(&mut self, timeout: Duration, log: &Path) -> Result<()> {
        let t0 = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait()? {
                bail!("moto_server exited early ({status}); see {}", log.display());
            }
            if http(self.addr, "GET", "/").is_ok() {
                return Ok(());
            }
            if t0.elapsed() > timeout {
                bail!(
                    "moto_server did not answer on {} within {}s; see {}",
                    self.addr,
                    timeout.as_secs(),
                    log.display()
                );
            }
            sleep(Duration::from_millis(200));
        }
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        crate::util::terminate(&mut self.child);
        eprintln!("moto_server stopped");
    }
}

/// One unsigned HTTP/1.1 request with an empty body; returns the status code. moto does not
/// check signatures, so this is enough to probe it and create a bucket.
fn http(addr: SocketAddr, method: &str, path: &str) -> Result<u16> {
    let mut stream = TcpStream::connect_timeout(&addr, Duration::from_secs(2))?;
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    stream.set_write_timeout(Some(Duration::from_secs(10)))?;
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
    )?;
    let mut response = Vec::new();
    stream.read_to_end(&mut response)?;
    let text = String::from_utf8_lossy(&response);
    let status_line = text.lines().next().unwrap_or_default();
    status_line
        .split_whitespace()
        .nth(1)
        .and_then(|code| code.parse().ok())
        .with_context(|| format!("not an HTTP response: {status_line:?}"))
}
