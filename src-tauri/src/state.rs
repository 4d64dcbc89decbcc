//! The shell's managed state: the facade, opened once and shared by every command.
//!
//! With an S3/R2 profile, the access keys come from the `CLOUDFLARE_R2_*` environment variables
//! when set, else from the OS keychain (where Settings stores them): the facade only reads the
//! environment, so the shell resolves the placement itself and hands it over.

use std::path::PathBuf;

use tokio::sync::OnceCell;
use valet_core::settings::Provider;
use valet_service::config::{default_data_dir, read_settings, resolve_placement};
use valet_service::{Actor, OpenOptions, ServiceError, Valet};

use crate::error::CommandError;

/// Holds the open store. Opening is retried on the next command if it failed (e.g. the data dir
/// was on a drive that was not mounted yet), so the window can show an error and then recover.
pub struct AppState {
    data_dir: Option<PathBuf>,
    valet: OnceCell<Valet>,
}

impl AppState {
    /// State for the store at `data_dir` (`None`: `VALET_DATA_DIR` or the platform data dir).
    pub fn new(data_dir: Option<PathBuf>) -> Self {
        Self {
            data_dir,
            valet: OnceCell::new(),
        }
    }

    /// The facade, opening the store on first use.
    pub async fn valet(&self) -> Result<&Valet, CommandError> {
        self.valet
            .get_or_try_init(|| async {
                match open(self.data_dir.clone()).await {
                    Ok(valet) => {
                        tracing::info!("store opened");
                        Ok(valet)
                    }
                    Err(error) => {
                        tracing::error!(%error, "could not open the store");
                        Err(CommandError::store_unavailable(&error))
                    }
                }
            })
            .await
    }
}

use valet_service::config::{choose_keys, env_keys, ACCESS_KEY_VAR, SECRET_KEY_VAR};

/// Opens the store, with the keychain's access keys standing in for missing environment ones.
async fn open(data_dir: Option<PathBuf>) -> Result<Valet, ServiceError> {
    let data_dir = match data_dir {
        Some(d) => d,
        None => default_data_dir()?,
    };
    let settings = read_settings(&data_dir.join("settings.json"))?;
    let env = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
    let from_env = env_keys(&env);
    let keychain = if settings.provider() == Provider::Local || from_env.is_some() {
        None
    } else {
        match tauri::async_runtime::spawn_blocking(crate::keychain::keys).await {
            Ok(Ok(keys)) => keys,
            Ok(Err(error)) => {
                tracing::warn!(%error, "no access keys from the keychain");
                None
            }
            Err(error) => {
                tracing::warn!(%error, "the keychain read stopped");
                None
            }
        }
    };
    // One precedence (valet_service::config::choose_keys): the environment's pair, else the
    // keychain's.
    let keys = choose_keys(from_env, keychain);
    let lookup = |k: &str| match (k, &keys) {
        (ACCESS_KEY_VAR, Some((id, _))) => Some(id.clone()),
        (SECRET_KEY_VAR, Some((_, secret))) => Some(secret.clone()),
        _ => env(k),
    };
    let placement = resolve_placement(&settings, &lookup)?;
    let encrypt = settings.sync_encrypted();
    // The environment's passphrase wins (the facade reads it); else the keychain's.
    let sync_passphrase =
        if placement.remote.is_some() && encrypt && env("VALET_SYNC_PASSPHRASE").is_none() {
            match tauri::async_runtime::spawn_blocking(crate::keychain::passphrase).await {
                Ok(Ok(p)) => p.map(valet_service::Secret::new),
                Ok(Err(error)) => {
                    tracing::warn!(%error, "no sync passphrase from the keychain");
                    None
                }
                Err(error) => {
                    tracing::warn!(%error, "the keychain read stopped");
                    None
                }
            }
        } else {
            None
        };
    Valet::open(OpenOptions {
        data_dir: Some(data_dir),
        actor: Actor::App,
        backend: Some(placement.local),
        remote: placement.remote,
        remote_unavailable: placement.remote_unavailable,
        sync_passphrase,
        ..OpenOptions::default()
    })
    .await
}
