//! The OS keychain (Secret Service on Linux, through `keyring-core` and
//! `zbus-secret-service-keyring-store`): where the S3/R2 access keys live. Never settings.json.
//!
//! Every call blocks on D-Bus, so callers run these on a blocking thread. When no Secret
//! Service is reachable, [`status`] says so in words and the app offers the environment
//! variables instead; nothing is ever written in plain text as a fallback.

use std::sync::OnceLock;

use serde::Serialize;

/// The keychain "service" name of every Valet entry.
pub const SERVICE: &str = "dev.valet.desktop";
/// Entry names of the storage profile's access keys.
pub const ACCESS_KEY_ID: &str = "storage.accessKeyId";
pub const SECRET_ACCESS_KEY: &str = "storage.secretAccessKey";
/// Entry name of the end-to-end encryption passphrase for sync.
pub const SYNC_PASSPHRASE: &str = "sync.passphrase";
/// The bearer token of the app's MCP endpoint.
pub const MCP_TOKEN: &str = "mcp.httpToken";

/// What the Settings view shows about the keychain.
#[derive(ts_rs::TS, Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct KeychainStatus {
    /// A Secret Service answered.
    pub available: bool,
    /// Both access keys are stored.
    pub has_keys: bool,
    /// The sync encryption passphrase is stored.
    pub has_passphrase: bool,
    /// Why the keychain cannot be used, and what to do instead, when it cannot.
    pub message: Option<String>,
}

static STORE: OnceLock<Result<(), String>> = OnceLock::new();

fn init() -> Result<(), String> {
    STORE
        .get_or_init(|| match zbus_secret_service_keyring_store::Store::new() {
            Ok(store) => {
                keyring_core::set_default_store(store);
                Ok(())
            }
            Err(error) => Err(format!(
                "No keychain is available (Secret Service: {error}). Start a keyring such as \
                 gnome-keyring, or set CLOUDFLARE_R2_ACCESS_KEY_ID and \
                 CLOUDFLARE_R2_SECRET_ACCESS_KEY in the environment instead."
            )),
        })
        .clone()
}

fn entry(name: &str) -> Result<keyring_core::Entry, String> {
    init()?;
    keyring_core::Entry::new(SERVICE, name).map_err(|e| format!("keychain entry {name}: {e}"))
}

fn read(name: &str) -> Result<Option<String>, String> {
    match entry(name)?.get_password() {
        Ok(value) => Ok(Some(value)),
        Err(keyring_core::Error::NoEntry) => Ok(None),
        Err(e) => Err(format!("keychain entry {name}: {e}")),
    }
}

/// Whether the keychain works and holds the access keys.
pub fn status() -> KeychainStatus {
    match (
        read(ACCESS_KEY_ID),
        read(SECRET_ACCESS_KEY),
        read(SYNC_PASSPHRASE),
    ) {
        (Ok(id), Ok(secret), Ok(pass)) => KeychainStatus {
            available: true,
            has_keys: id.is_some() && secret.is_some(),
            has_passphrase: pass.is_some(),
            message: None,
        },
        (Err(message), _, _) | (_, Err(message), _) | (_, _, Err(message)) => KeychainStatus {
            available: false,
            has_keys: false,
            has_passphrase: false,
            message: Some(message),
        },
    }
}

/// Stores both access keys (each must be non-empty).
pub fn store_keys(access_key_id: &str, secret_access_key: &str) -> Result<(), String> {
    for (field, value) in [
        ("accessKeyId", access_key_id),
        ("secretAccessKey", secret_access_key),
    ] {
        if value.trim().is_empty() {
            return Err(format!("{field}: must not be empty"));
        }
    }
    entry(ACCESS_KEY_ID)?
        .set_password(access_key_id.trim())
        .map_err(|e| format!("keychain: could not store the access key id: {e}"))?;
    entry(SECRET_ACCESS_KEY)?
        .set_password(secret_access_key.trim())
        .map_err(|e| format!("keychain: could not store the secret access key: {e}"))?;
    Ok(())
}

/// Removes both access keys (missing ones are fine).
pub fn forget_keys() -> Result<(), String> {
    for name in [ACCESS_KEY_ID, SECRET_ACCESS_KEY] {
        match entry(name)?.delete_credential() {
            Ok(()) | Err(keyring_core::Error::NoEntry) => {}
            Err(e) => return Err(format!("keychain entry {name}: {e}")),
        }
    }
    Ok(())
}

/// The stored access keys `(id, secret)`, if both are there.
pub fn keys() -> Result<Option<(String, String)>, String> {
    Ok(match (read(ACCESS_KEY_ID)?, read(SECRET_ACCESS_KEY)?) {
        (Some(id), Some(secret)) => Some((id, secret)),
        _ => None,
    })
}

/// Stores the sync encryption passphrase (at least 8 characters: it guards every synced record).
pub fn store_passphrase(passphrase: &str) -> Result<(), String> {
    if passphrase.chars().count() < 8 {
        return Err("passphrase: must be at least 8 characters".into());
    }
    entry(SYNC_PASSPHRASE)?
        .set_password(passphrase)
        .map_err(|e| format!("keychain: could not store the sync passphrase: {e}"))
}

/// Removes the sync passphrase (a missing one is fine).
pub fn forget_passphrase() -> Result<(), String> {
    match entry(SYNC_PASSPHRASE)?.delete_credential() {
        Ok(()) | Err(keyring_core::Error::NoEntry) => Ok(()),
        Err(e) => Err(format!("keychain entry {SYNC_PASSPHRASE}: {e}")),
    }
}

/// The stored sync passphrase, if any.
pub fn passphrase() -> Result<Option<String>, String> {
    read(SYNC_PASSPHRASE)
}

/// The MCP endpoint's bearer token, if one was made.
pub fn mcp_token() -> Result<Option<String>, String> {
    read(MCP_TOKEN)
}

/// Keeps the MCP endpoint's bearer token.
pub fn store_mcp_token(token: &str) -> Result<(), String> {
    entry(MCP_TOKEN)?
        .set_password(token)
        .map_err(|e| format!("keychain: could not store the MCP token: {e}"))
}
