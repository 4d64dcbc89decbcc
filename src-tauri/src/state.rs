//! The shell's managed state: the facade, opened once and shared by every command.

use std::path::PathBuf;

use tokio::sync::OnceCell;
use valet_service::{Actor, OpenOptions, Valet};

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
                let options = OpenOptions {
                    data_dir: self.data_dir.clone(),
                    actor: Actor::App,
                    ..OpenOptions::default()
                };
                match Valet::open(options).await {
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
