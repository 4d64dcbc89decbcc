//! Moving the store between backends: `valet migrate --to s3` copies the local replica up to the
//! S3/R2 bucket in settings, `--to local` brings everything down; both verify every record by
//! content hash against an independent copy read back from the bucket before switching
//! `storage.provider`. Re-running after an interruption is safe: records are keyed, so a
//! second run copies what is missing and duplicates nothing.

use serde::Serialize;
use valet_core::Settings;
use valet_store::{Backend, Store, StoreOptions, Syncer};

use crate::config::resolve_backend;
use crate::error::{Result, ServiceError};
use crate::valet::Valet;

/// Where to move.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MigrateTarget {
    S3,
    Local,
}

/// What a migration did.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MigrateReport {
    pub to: String,
    /// Records (tombstones included) in the replica after the copy.
    pub records: usize,
    /// Records whose content hash matched the copy read back from the bucket.
    pub verified: usize,
    pub sent: usize,
    pub received: usize,
    pub requests: usize,
    pub restore_point: String,
    /// Whether `storage.provider` was changed.
    pub switched: bool,
}

/// A content hash of every record (data and kept conflicts), by path.
async fn digest(s: &Store) -> Result<std::collections::BTreeMap<String, String>> {
    Ok(s.read(|r| {
        r.keys()
            .into_iter()
            .map(|k| {
                let v = r.version(&k);
                let canon =
                    serde_json::to_string(&v.map(|v| (v.data, v.conflicts))).unwrap_or_default();
                (
                    k.path(),
                    format!("{:x}", sha2::Sha256::digest(canon.as_bytes())),
                )
            })
            .collect()
    })
    .await?)
}

use sha2::Digest as _;

impl Valet {
    /// Copies the store to (or from) the bucket in settings, verifies it, then switches.
    pub async fn migrate(
        &self,
        to: MigrateTarget,
        progress: &(dyn Fn(&str) + Sync),
    ) -> Result<MigrateReport> {
        let mut with_r2: Settings = self.settings().await;
        let storage = with_r2.storage.get_or_insert_with(Default::default);
        storage.provider = Some("cloudflare-r2".into());
        let bucket = resolve_backend(&with_r2, &|k| std::env::var(k).ok())?;
        if !matches!(bucket, Backend::S3(_)) {
            return Err(ServiceError::Config("migrate needs an S3/R2 profile: storage.cloudflare.endpoint (or CLOUDFLARE_R2_ENDPOINT) and credentials".into()));
        }
        progress("taking a restore point");
        let point = self.create_restore_point("before migrate").await?;
        let scratch = self.store().private_dir().join("tmp");
        let remote = bucket.remote_operator(&scratch)?;
        let remote_id = bucket.remote_id();
        let encrypt = with_r2.sync_encrypted();
        let given = self.remote().and_then(|r| r.given_passphrase());
        let pass =
            crate::sync::Remote::new(bucket.clone(), self.store().private_dir(), encrypt, given)?
                .passphrase()?;
        progress(match to {
            MigrateTarget::S3 => "copying every record to the bucket",
            MigrateTarget::Local => "copying every record from the bucket",
        });
        let report = Syncer::new(self.store(), &remote, &remote_id)
            .with_passphrase(pass.clone())
            .run(false)
            .await?;

        progress("verifying: reading everything back from the bucket into a scratch replica");
        let check_dir = tempfile::tempdir()
            .map_err(|e| ServiceError::Config(format!("no scratch folder: {e}")))?;
        let check = Store::open(StoreOptions {
            data_dir: check_dir.path().to_path_buf(),
            backend: Backend::Memory,
        })?;
        Syncer::new(&check, &remote, &remote_id)
            .with_passphrase(pass)
            .run(true)
            .await?;
        let (mine, theirs) = (digest(self.store()).await?, digest(&check).await?);
        let missing: Vec<&String> = mine
            .iter()
            .filter(|(k, h)| theirs.get(*k) != Some(h))
            .map(|(k, _)| k)
            .collect();
        if !missing.is_empty() {
            return Err(ServiceError::Config(format!(
                "verification failed: {} record(s) differ between this device and the bucket (first: {}); storage.provider was not changed",
                missing.len(),
                missing[0]
            )));
        }
        progress("switching storage.provider");
        let provider = match to {
            MigrateTarget::S3 => "cloudflare-r2",
            MigrateTarget::Local => "local",
        };
        let before = self.settings().await.storage.and_then(|s| s.provider);
        self.update_settings(|s| {
            s.storage.get_or_insert_with(Default::default).provider = Some(provider.into());
        })
        .await?;
        Ok(MigrateReport {
            to: provider.into(),
            records: mine.len(),
            verified: mine.len(),
            sent: report.sent,
            received: report.received,
            requests: report.requests,
            restore_point: point.id,
            switched: before.as_deref() != Some(provider),
        })
    }
}
