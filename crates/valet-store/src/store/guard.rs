//! On a local folder, record files the index does not account for are never written over: a
//! file damaged by hand, one copied back from a backup, or one hidden by a stale change log.
//! Before a commit each file about to be written is read and must be what the index holds;
//! at a cold open the folders are listed and must name the records the index holds.

use std::collections::BTreeSet;

use valet_core::{RecordKey, RecordKind};

use super::files::ReadFailure;
use super::Store;
use crate::error::{Result, StoreError};
use crate::records::Records;

impl Store {
    /// Fails with [`StoreError::ChangedOnDisk`] when a file in `keys` is not the version the
    /// index holds (or exists while the index has none). Exclusive lock held, nothing written
    /// yet. Read failures of the disk itself are left to the write, which reports them.
    pub(super) async fn check_on_disk(
        &self,
        records: &Records,
        keys: &BTreeSet<RecordKey>,
    ) -> Result<()> {
        for (k, read) in self.read_records(keys.iter().cloned()).await {
            let why = match read {
                Ok(None) | Err(ReadFailure::Backend(_)) => continue,
                Ok(Some(bytes)) => {
                    let mut scratch = Records::default();
                    match scratch.load(&k, &bytes) {
                        Err(e) => format!("it cannot be read: {e}"),
                        Ok(()) => {
                            let on_disk = scratch.meta(&k);
                            let known = records.meta(&k);
                            if on_disk == known {
                                continue;
                            }
                            if known.is_none() {
                                "Valet did not write it (copied in by hand or by another tool?)"
                                    .to_owned()
                            } else {
                                "it is not the version Valet last wrote (changed outside Valet)"
                                    .to_owned()
                            }
                        }
                    }
                }
                Err(ReadFailure::Odd(why)) => why,
            };
            tracing::warn!(record = %k, why, "refusing to write over a file the index does not hold");
            return Err(StoreError::ChangedOnDisk {
                path: k.path(),
                why,
            });
        }
        Ok(())
    }

    /// Whether the record files in the local folders differ from the records `records` holds
    /// (a file added by hand, or a change log older than the files): then a cold open scans.
    /// An unreadable folder is not a difference: the scan would not read it either.
    pub(super) async fn listing_differs(&self, records: &Records) -> bool {
        let mut on_disk = BTreeSet::new();
        for kind in RecordKind::ALL {
            let Ok(paths) = self.list_folder(&format!("{}/", kind.dir())).await else {
                continue;
            };
            on_disk.extend(paths.iter().filter_map(|p| RecordKey::from_path(p)));
        }
        let known: BTreeSet<RecordKey> = records.keys().into_iter().collect();
        let differs = on_disk != known;
        if differs {
            tracing::info!(
                on_disk = on_disk.len(),
                known = known.len(),
                "the record files differ from the index: reading them all"
            );
        }
        differs
    }
}
