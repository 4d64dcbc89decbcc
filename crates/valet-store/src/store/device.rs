//! This replica's own files under `.valet/`: its device id (made once, race-safe) and the clock
//! offset sync measured against the storage server.

use std::path::Path;

use crate::error::{Result, StoreError};

/// Where `set_clock_offset` keeps the offset, under `.valet/`.
pub(super) const CLOCK_OFFSET_FILE: &str = "clock-offset";

pub(super) fn read_clock_offset(private: &Path) -> i64 {
    std::fs::read_to_string(private.join(CLOCK_OFFSET_FILE))
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .unwrap_or(0)
}

pub(super) fn mkdir(p: &Path) -> Result<()> {
    std::fs::create_dir_all(p).map_err(|e| StoreError::local("created", p, e))
}

pub(super) fn device_id(private: &Path) -> Result<String> {
    let p = private.join("device");
    match std::fs::read_to_string(&p) {
        Ok(s) if !s.trim().is_empty() => return Ok(s.trim().to_owned()),
        Ok(_) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(StoreError::local("read", &p, e)),
    }
    let id = uuid::Uuid::new_v4().simple().to_string()[..12].to_owned();
    // create_new: when two processes race, the loser reads the winner's id.
    match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&p)
    {
        Ok(mut f) => {
            use std::io::Write;
            f.write_all(id.as_bytes())
                .map_err(|e| StoreError::local("written", &p, e))?;
            Ok(id)
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            // The winner may not have written yet; its id is short, so retrying once is enough.
            std::thread::sleep(std::time::Duration::from_millis(20));
            std::fs::read_to_string(&p)
                .map(|s| s.trim().to_owned())
                .map_err(|e| StoreError::local("read", &p, e))
        }
        Err(e) => Err(StoreError::local("created", &p, e)),
    }
}
