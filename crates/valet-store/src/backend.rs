//! Builds the OpenDAL operator the records live on: local `fs` (default), S3/R2, or memory.

use std::path::Path;
use std::time::Duration;

use opendal::layers::{MetricsLayer, RetryEvent, RetryLayer, TimeoutLayer, TracingLayer};
use opendal::{services, Operator};
use serde::Serialize;

use crate::error::{Result, StoreError};
use crate::secret::Secret;

/// Where an S3-compatible bucket is and how to sign requests to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct S3Config {
    pub endpoint: String,
    pub bucket: String,
    pub region: String,
    /// Records live under this prefix, so users can share a bucket.
    pub key_prefix: String,
    pub access_key_id: Secret,
    pub secret_access_key: Secret,
}

/// Which operator holds the records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Backend {
    /// Files under the replica's data dir.
    Fs,
    /// An S3-compatible bucket (Cloudflare R2, moto, ...).
    S3(S3Config),
    /// In memory, for tests.
    Memory,
}

/// What the backend is, for status output. Never includes credentials.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum BackendInfo {
    Fs {
        root: String,
    },
    S3 {
        endpoint: String,
        bucket: String,
        prefix: String,
        region: String,
    },
    Memory,
}

impl Backend {
    pub fn info(&self, data_dir: &Path) -> BackendInfo {
        match self {
            Backend::Fs => BackendInfo::Fs {
                root: data_dir.display().to_string(),
            },
            Backend::S3(c) => BackendInfo::S3 {
                endpoint: c.endpoint.clone(),
                bucket: c.bucket.clone(),
                prefix: c.key_prefix.clone(),
                region: c.region.clone(),
            },
            Backend::Memory => BackendInfo::Memory,
        }
    }

    /// The operator of a sync remote (an S3 bucket under its key prefix, with retries and
    /// timeouts), or of any backend used as one in tests.
    pub fn remote_operator(&self, scratch: &Path) -> Result<Operator> {
        self.operator(scratch, scratch)
    }

    /// [`Backend::remote_operator`] whose HTTP answers also feed `clock` (the server's time
    /// from each `Date` header); backends without HTTP ignore it.
    pub fn remote_operator_with_clock(
        &self,
        scratch: &Path,
        clock: &crate::sync::ServerClock,
    ) -> Result<Operator> {
        let op = self.remote_operator(scratch)?;
        Ok(match self {
            Backend::S3(_) => op.with_context(
                opendal::OperationContext::new().with_http_transport(clock.transport()),
            ),
            _ => op,
        })
    }

    /// A stable name of where this backend points (never its credentials).
    pub fn remote_id(&self) -> String {
        match self {
            Backend::S3(c) => format!(
                "s3:{}/{}/{}",
                c.endpoint.trim_end_matches('/'),
                c.bucket,
                c.key_prefix.trim_matches('/')
            ),
            Backend::Fs => "fs".into(),
            Backend::Memory => "memory".into(),
        }
    }

    /// Builds the operator. `tmp_dir` is where fs writes its temporary files before the rename
    /// that makes a write atomic; it must be on the same file system as `data_dir`.
    pub(crate) fn operator(&self, data_dir: &Path, tmp_dir: &Path) -> Result<Operator> {
        let setup = |source| StoreError::Setup {
            source: Box::new(source),
        };
        let path_str = |p: &Path| {
            p.to_str().map(str::to_owned).ok_or_else(|| {
                StoreError::Config(format!("data dir {} is not valid UTF-8", p.display()))
            })
        };
        let op = match self {
            Backend::Fs => {
                let b = services::Fs::default()
                    .root(&path_str(data_dir)?)
                    .atomic_write_dir(&path_str(tmp_dir)?);
                Operator::new(b).map_err(setup)?
            }
            Backend::Memory => Operator::new(services::Memory::default()).map_err(setup)?,
            Backend::S3(c) => {
                install_http();
                let root = format!("/{}", c.key_prefix.trim_matches('/'));
                let b = services::S3::default()
                    .endpoint(&c.endpoint)
                    .bucket(&c.bucket)
                    .region(&c.region)
                    .root(&root)
                    .access_key_id(c.access_key_id.expose())
                    .secret_access_key(c.secret_access_key.expose())
                    .disable_config_load()
                    .disable_ec2_metadata();
                // Timeouts first, then retries around them, so a hung request is retried.
                Operator::new(b)
                    .map_err(setup)?
                    .layer(
                        // Ten seconds per attempt (big snapshots need some); sync bounds a whole
                        // small request, retries included, to REQUEST_TIMEOUT.
                        TimeoutLayer::new()
                            .with_timeout(Duration::from_secs(10))
                            .with_io_timeout(Duration::from_secs(10)),
                    )
                    .layer(
                        RetryLayer::new()
                            .with_jitter()
                            .with_max_times(2)
                            .with_min_delay(Duration::from_millis(100))
                            .with_max_delay(Duration::from_secs(5))
                            .with_notify(log_retry),
                    )
            }
        };
        // Metrics outermost: one observation per call the store makes (retries included in its
        // latency), read back by `valet_service::metrics`.
        Ok(op.layer(TracingLayer::new()).layer(MetricsLayer::default()))
    }
}

/// Makes OpenDAL's HTTP services usable in this process: its service registry, and reqwest over
/// rustls with the ring provider as the process-wide transport (OpenDAL's own transport feature
/// would bring aws-lc, a C library that was ~30 s of a cold build). Idempotent; any operator
/// talking HTTP needs it first.
pub fn install_http() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        if rustls::crypto::CryptoProvider::get_default().is_none() {
            // Another thread may win the race: either way a provider is installed.
            let _ = rustls::crypto::ring::default_provider().install_default();
        }
        opendal::init_default_registry();
        opendal::HttpTransporter::install_default(Reqwest);
    });
}

/// OpenDAL's reqwest transport, whose shared client is built on the first request.
struct Reqwest;

impl opendal::HttpTransport for Reqwest {
    async fn fetch(
        &self,
        req: http::Request<opendal::Buffer>,
    ) -> opendal::Result<http::Response<opendal::HttpBody>> {
        opendal_http_transport_reqwest::ReqwestTransport::default()
            .fetch(req)
            .await
    }
}

/// A retried request is routine (the retry layer exists for flaky networks): one debug line with
/// the cause in plain words, not OpenDAL's default warning with its context dump (and a backtrace
/// under `RUST_BACKTRACE`). A request that still fails reaches the caller as an error.
fn log_retry(event: RetryEvent<'_>) {
    tracing::debug!(
        op = ?event.op,
        attempt = event.attempt,
        after_ms = event.retry_after.as_millis() as u64,
        cause = %crate::error::root_cause(event.err),
        "retrying a storage request"
    );
}
