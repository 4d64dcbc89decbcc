//! Where the replica lives (flag, `VALET_DATA_DIR`, or the platform data dir) and which backend
//! holds the records (settings.json's storage profile, with `CLOUDFLARE_R2_*` variables).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, Utc};
use valet_core::settings::{
    check_bucket, check_endpoint, check_key_prefix, Provider, DEFAULT_BUCKET, DEFAULT_REGION,
};
use valet_core::{Settings, ValidationError};
use valet_store::{Backend, S3Config, Secret};

use crate::error::{Result, ServiceError};

/// Who makes a change; recorded in the change log's audit trail.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Actor {
    App,
    #[default]
    Cli,
    /// An MCP client, by the name it gave when it connected.
    Mcp(String),
    Sync,
    Import,
}

impl Actor {
    pub fn label(&self) -> String {
        match self {
            Actor::App => "app".into(),
            Actor::Cli => "cli".into(),
            Actor::Mcp(c) => format!("mcp:{}", client_name(c)),
            Actor::Sync => "sync".into(),
            Actor::Import => "import".into(),
        }
    }
}

/// The environment variables that hold the S3/R2 access keys.
pub const ACCESS_KEY_VAR: &str = "CLOUDFLARE_R2_ACCESS_KEY_ID";
pub const SECRET_KEY_VAR: &str = "CLOUDFLARE_R2_SECRET_ACCESS_KEY";

/// The environment's access key pair, when both parts are set (and not empty).
pub fn env_keys(env: &dyn Fn(&str) -> Option<String>) -> Option<(String, String)> {
    let get = |k: &str| env(k).filter(|v| !v.is_empty());
    get(ACCESS_KEY_VAR).zip(get(SECRET_KEY_VAR))
}

/// The one precedence for access keys, for start-up and "Test connection" alike: the
/// environment's pair wins; else the keychain's (which only the app has).
pub fn choose_keys(
    env: Option<(String, String)>,
    keychain: Option<(String, String)>,
) -> Option<(String, String)> {
    env.or(keychain)
}

/// The longest client name kept in the audit trail.
pub const MAX_CLIENT_NAME: usize = 64;

/// An MCP client's self-given name as the audit trail records it: control and format
/// characters (newlines, bidi overrides) become spaces, runs of spaces one, at most
/// [`MAX_CLIENT_NAME`] characters; nothing left is `unknown`. A name cannot forge an audit
/// line or grow the change log.
pub fn client_name(raw: &str) -> String {
    let cleaned: String = raw
        .chars()
        .map(|c| {
            if c.is_control() || matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{feff}') {
                ' '
            } else {
                c
            }
        })
        .collect();
    let words: Vec<&str> = cleaned.split_whitespace().collect();
    let name: String = words.join(" ").chars().take(MAX_CLIENT_NAME).collect();
    let name = name.trim_end().to_owned();
    if name.is_empty() {
        "unknown".into()
    } else {
        name
    }
}

/// A source of the current time; tests pass a fixed one.
pub type Clock = Arc<dyn Fn() -> DateTime<Utc> + Send + Sync>;

/// How to open Valet.
#[derive(Clone, Default)]
pub struct OpenOptions {
    /// The data dir; `None` means `VALET_DATA_DIR`, else the platform data dir.
    pub data_dir: Option<PathBuf>,
    pub actor: Actor,
    /// Overrides settings and the environment (tests: `Backend::Memory`).
    pub backend: Option<Backend>,
    /// Overrides the sync remote (tests: a memory or fs operator shared by several replicas).
    pub remote: Option<Backend>,
    pub clock: Option<Clock>,
    /// The end-to-end encryption passphrase (the app reads it from the keychain); without it,
    /// `VALET_SYNC_PASSPHRASE` is used.
    pub sync_passphrase: Option<valet_store::Secret>,
    /// Why sync cannot run in this process although settings ask for it (no access keys):
    /// the local replica works, and `sync` says this.
    pub remote_unavailable: Option<String>,
}

impl std::fmt::Debug for OpenOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OpenOptions")
            .field("data_dir", &self.data_dir)
            .field("actor", &self.actor)
            .field("backend", &self.backend)
            .field("remote", &self.remote)
            .finish_non_exhaustive()
    }
}

/// The data dir when none is given: `VALET_DATA_DIR`, else the platform's data dir
/// (`~/.local/share/valet` on Linux, `~/Library/Application Support/dev.valet.Valet` on macOS).
pub fn default_data_dir() -> Result<PathBuf> {
    if let Some(d) = std::env::var_os("VALET_DATA_DIR").filter(|d| !d.is_empty()) {
        return Ok(PathBuf::from(d));
    }
    directories::ProjectDirs::from("dev", "valet", "Valet")
        .map(|p| p.data_dir().to_path_buf())
        .ok_or_else(|| {
            ServiceError::Config("no home directory: pass --data-dir or set VALET_DATA_DIR".into())
        })
}

/// Reads `settings.json` from the data dir; missing means defaults.
pub fn read_settings(path: &Path) -> Result<Settings> {
    match std::fs::read_to_string(path) {
        Ok(text) => Settings::from_json(&text).map_err(|source| ServiceError::Settings {
            path: path.display().to_string(),
            source,
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Settings::default()),
        Err(e) => Err(ServiceError::Config(format!(
            "could not read {}: {e}",
            path.display()
        ))),
    }
}

/// Where the records live: `storage.local.dataPath` when set (relative to the data dir), else
/// the data dir itself.
pub fn replica_dir(data_dir: &Path, settings: &Settings) -> PathBuf {
    let local = settings
        .storage
        .as_ref()
        .and_then(|s| s.local.as_ref())
        .and_then(|l| l.data_path.as_deref());
    match local.filter(|p| !p.trim().is_empty()) {
        Some(p) => data_dir.join(p),
        None => data_dir.to_path_buf(),
    }
}

/// Where the records live and, with local-first sync, the remote they sync with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placement {
    /// The replica's backend (the working copy).
    pub local: Backend,
    /// The sync remote, when `storage.provider` is `cloudflare-r2` and `enableSync` is not false.
    pub remote: Option<Backend>,
    /// Local-first sync was asked for but its remote could not be set up (missing keys, no
    /// endpoint): the replica still opens, and sync reports this.
    pub remote_unavailable: Option<String>,
}

/// Local-first by default: an S3/R2 profile means a local replica plus sync with the bucket;
/// `enableSync: false` uses the bucket directly instead (no offline work).
pub fn resolve_placement(
    settings: &Settings,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<Placement> {
    let sync = settings
        .storage
        .as_ref()
        .and_then(|s| s.cloudflare.as_ref())
        .and_then(|c| c.enable_sync)
        .unwrap_or(true);
    let bucket = match resolve_backend(settings, env) {
        Ok(b) => b,
        // The working copy is local: a process started without the bucket's keys (an AI
        // client launching `valet mcp`) still reads and writes it; only sync waits for them.
        Err(e) if sync => {
            let why = match e {
                ServiceError::Config(m) => m,
                other => other.to_string(),
            };
            return Ok(Placement {
                local: Backend::Fs,
                remote: None,
                remote_unavailable: Some(why),
            });
        }
        Err(e) => return Err(e),
    };
    if bucket == Backend::Fs {
        return Ok(Placement {
            local: Backend::Fs,
            remote: None,
            remote_unavailable: None,
        });
    }
    if let Backend::S3(c) = &bucket {
        // Direct mode reads every object under the prefix as a record folder: at the bucket's
        // root that is everyone else's objects too (sync only ever touches its own keys).
        if !sync && c.key_prefix.trim_matches('/').is_empty() {
            return Err(ValidationError::new(
                "storage.cloudflare.keyPrefix",
                "must not be empty when enableSync is false: Valet would use the bucket's root, beside whatever else is stored there; set a prefix such as \"valet\"",
            )
            .into());
        }
    }
    Ok(if sync {
        Placement {
            local: Backend::Fs,
            remote: Some(bucket),
            remote_unavailable: None,
        }
    } else {
        Placement {
            local: bucket,
            remote: None,
            remote_unavailable: None,
        }
    })
}

/// Picks the backend from settings and the environment (`env` looks a variable up).
pub fn resolve_backend(
    settings: &Settings,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<Backend> {
    if settings.provider() == Provider::Local {
        return Ok(Backend::Fs);
    }
    let cf = settings
        .storage
        .as_ref()
        .and_then(|s| s.cloudflare.clone())
        .unwrap_or_default();
    let get = |v: Option<String>, var: &str| {
        v.filter(|s| !s.is_empty())
            .or_else(|| env(var).filter(|s| !s.is_empty()))
    };
    let endpoint = get(cf.endpoint, "CLOUDFLARE_R2_ENDPOINT").ok_or_else(|| {
        ValidationError::new(
            "storage.cloudflare.endpoint",
            "is required for provider cloudflare-r2 (or set CLOUDFLARE_R2_ENDPOINT)",
        )
    })?;
    check_endpoint("CLOUDFLARE_R2_ENDPOINT", &endpoint)?;
    let bucket =
        get(cf.bucket_name, "CLOUDFLARE_R2_BUCKET_NAME").unwrap_or_else(|| DEFAULT_BUCKET.into());
    check_bucket("CLOUDFLARE_R2_BUCKET_NAME", &bucket)?;
    let region = get(cf.region, "CLOUDFLARE_R2_REGION").unwrap_or_else(|| DEFAULT_REGION.into());
    let key_prefix = cf.key_prefix.unwrap_or_default();
    check_key_prefix("storage.cloudflare.keyPrefix", &key_prefix)?;
    let access = env("CLOUDFLARE_R2_ACCESS_KEY_ID")
        .filter(|s| !s.is_empty())
        .ok_or_else(|| {
            ServiceError::Config(
                "CLOUDFLARE_R2_ACCESS_KEY_ID is not set; provider cloudflare-r2 needs credentials"
                    .into(),
            )
        })?;
    let secret = env("CLOUDFLARE_R2_SECRET_ACCESS_KEY").filter(|s| !s.is_empty()).ok_or_else(|| {
        ServiceError::Config("CLOUDFLARE_R2_SECRET_ACCESS_KEY is not set; provider cloudflare-r2 needs credentials".into())
    })?;
    Ok(Backend::S3(S3Config {
        endpoint,
        bucket,
        region,
        key_prefix,
        access_key_id: Secret::new(access),
        secret_access_key: Secret::new(secret),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;
    use std::collections::HashMap;

    #[rstest]
    #[case("Claude Desktop", "Claude Desktop")]
    #[case(
        "evil\n2026-01-01 mcp:admin deleted everything",
        "evil 2026-01-01 mcp:admin deleted everything"
    )]
    #[case("\u{202e}txt.exe", "txt.exe")]
    #[case("   ", "unknown")]
    fn client_names_are_one_short_printable_line(#[case] raw: &str, #[case] want: &str) {
        assert_eq!(client_name(raw), want);
    }

    /// Issue 13 item 2: direct mode at a bucket's root would treat other people's objects as
    /// its own; an empty prefix is refused there (sync mode keeps to its own keys).
    #[test]
    fn direct_mode_needs_a_key_prefix() {
        let settings = |sync: bool, prefix: &str| {
            Settings::from_json(
                &serde_json::json!({"storage": {"provider": "cloudflare-r2", "cloudflare": {
                    "endpoint": "http://127.0.0.1:9", "keyPrefix": prefix, "enableSync": sync}}})
                .to_string(),
            )
            .unwrap()
        };
        let env = |k: &str| k.contains("_KEY").then(|| "x".to_owned());
        let e = resolve_placement(&settings(false, ""), &env).unwrap_err();
        assert!(
            e.to_string()
                .starts_with("storage.cloudflare.keyPrefix: must not be empty"),
            "{e}"
        );
        assert!(resolve_placement(&settings(false, "valet"), &env).is_ok());
        assert!(resolve_placement(&settings(true, ""), &env).is_ok());
    }

    /// Issue 14: start-up and "Test connection" looked keys up in opposite orders.
    #[test]
    fn the_environment_s_keys_win_over_the_keychain_s_everywhere() {
        let kc = Some(("kc-id".to_owned(), "kc-secret".to_owned()));
        let both = |k: &str| Some(format!("env-{k}"));
        let half = |k: &str| (k == ACCESS_KEY_VAR).then(|| "env-id".to_owned());
        assert_eq!(
            choose_keys(env_keys(&both), kc.clone()).unwrap().0,
            format!("env-{ACCESS_KEY_VAR}")
        );
        assert_eq!(choose_keys(env_keys(&half), kc.clone()), kc);
        assert_eq!(choose_keys(env_keys(&|_: &str| None), None), None);
    }

    #[test]
    fn a_huge_client_name_is_bounded() {
        assert_eq!(
            client_name(&"x".repeat(400_000)).chars().count(),
            MAX_CLIENT_NAME
        );
    }

    fn env(vars: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let m: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |k| m.get(k).cloned()
    }

    #[test]
    fn local_is_the_default() {
        assert_eq!(
            resolve_backend(&Settings::default(), &env(&[])).unwrap(),
            Backend::Fs
        );
    }

    #[test]
    fn r2_takes_settings_then_env_then_defaults() {
        let s = Settings::from_json(
            r#"{"storage": {"provider": "cloudflare-r2", "cloudflare": {"keyPrefix": "alice"}}}"#,
        )
        .unwrap();
        let e = env(&[
            ("CLOUDFLARE_R2_ENDPOINT", "http://127.0.0.1:9000"),
            ("CLOUDFLARE_R2_ACCESS_KEY_ID", "id"),
            ("CLOUDFLARE_R2_SECRET_ACCESS_KEY", "secret"),
        ]);
        let Backend::S3(c) = resolve_backend(&s, &e).unwrap() else {
            panic!("not s3")
        };
        assert_eq!(
            (c.bucket.as_str(), c.region.as_str(), c.key_prefix.as_str()),
            (DEFAULT_BUCKET, "auto", "alice")
        );
        assert_eq!(c.endpoint, "http://127.0.0.1:9000");
    }

    #[test]
    fn r2_without_endpoint_or_keys_says_what_is_missing() {
        let s = Settings::from_json(r#"{"storage": {"provider": "cloudflare-r2"}}"#).unwrap();
        let err = resolve_backend(&s, &env(&[])).unwrap_err().to_string();
        assert!(err.contains("storage.cloudflare.endpoint"), "{err}");
        let err = resolve_backend(&s, &env(&[("CLOUDFLARE_R2_ENDPOINT", "https://x.example")]))
            .unwrap_err()
            .to_string();
        assert!(err.contains("CLOUDFLARE_R2_ACCESS_KEY_ID"), "{err}");
    }

    /// Audit, sync: with an R2 profile, `todo list` (and `valet mcp` launched by an AI client
    /// without the keys) stopped with exit 4. Local-first means the local copy works; only a
    /// direct (no local copy) profile still needs the keys to open.
    #[test]
    fn without_keys_a_local_first_profile_opens_its_local_copy() {
        let e = env(&[("CLOUDFLARE_R2_ENDPOINT", "https://x.example")]);
        let s = Settings::from_json(r#"{"storage": {"provider": "cloudflare-r2"}}"#).unwrap();
        let p = resolve_placement(&s, &e).unwrap();
        assert_eq!((p.local, p.remote), (Backend::Fs, None));
        let why = p.remote_unavailable.unwrap();
        assert!(why.contains("CLOUDFLARE_R2_ACCESS_KEY_ID"), "{why}");
        let direct = Settings::from_json(
            r#"{"storage": {"provider": "cloudflare-r2", "cloudflare": {"enableSync": false, "keyPrefix": "v"}}}"#,
        )
        .unwrap();
        let err = resolve_placement(&direct, &e).unwrap_err().to_string();
        assert!(err.contains("CLOUDFLARE_R2_ACCESS_KEY_ID"), "{err}");
    }
}
