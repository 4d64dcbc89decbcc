//! `valet config [list] | get KEY | set KEY VALUE | unset KEY`: settings by name, without
//! editing JSON. The keys and their rules are valet-core's (`config_keys`); the file is
//! `settings.json` in the data folder, beside the data it describes.

use clap::{Args, Subcommand};
use serde_json::Value;
use valet_core::config_keys;
use valet_service::{ServiceError, Valet};

use crate::output::{print_json, Out};

#[derive(Args, Debug)]
pub struct ConfigArgs {
    #[command(subcommand)]
    cmd: Option<ConfigCmd>,
}

#[derive(Subcommand, Debug)]
enum ConfigCmd {
    /// Every setting, its value and what it does.
    List,
    /// One setting's value (nothing when unset).
    Get { key: String },
    /// Change a setting: `valet config set user.timezone Europe/Paris`.
    Set {
        key: String,
        #[arg(allow_hyphen_values = true)]
        value: String,
    },
    /// Go back to a setting's default.
    Unset { key: String },
}

impl ConfigArgs {
    pub fn only_reads(&self) -> bool {
        matches!(
            self.cmd,
            None | Some(ConfigCmd::List | ConfigCmd::Get { .. })
        )
    }
}

fn shown(v: &Option<Value>) -> String {
    match v {
        None => "(unset)".into(),
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    }
}

pub async fn config(valet: &Valet, a: ConfigArgs, out: &Out) -> Result<(), ServiceError> {
    match a.cmd.unwrap_or(ConfigCmd::List) {
        ConfigCmd::List => {
            let s = valet.settings().await;
            let all = config_keys::list(&s);
            if out.json {
                let m: serde_json::Map<String, Value> = all
                    .iter()
                    .map(|(k, v)| (k.name.to_owned(), v.clone().unwrap_or(Value::Null)))
                    .collect();
                print_json(&m);
            } else {
                println!("# {}", valet.settings_path().display());
                let width = all.iter().map(|(k, _)| k.name.len()).max().unwrap_or(0);
                for (k, v) in all {
                    println!("{:width$}  {:<24}  {}", k.name, shown(&v), k.about);
                }
            }
        }
        ConfigCmd::Get { key } => {
            let v = config_keys::get(&valet.settings().await, &key)?;
            if out.json {
                print_json(&v);
            } else if let Some(v) = &v {
                println!("{}", shown(&Some(v.clone())));
            }
        }
        ConfigCmd::Set { key, value } => {
            let s = valet
                .try_update_settings(|s| {
                    *s = config_keys::set(s, &key, Some(&value))?;
                    Ok(())
                })
                .await?;
            answer(out, &s, &key, "Set")?;
        }
        ConfigCmd::Unset { key } => {
            let s = valet
                .try_update_settings(|s| {
                    *s = config_keys::set(s, &key, None)?;
                    Ok(())
                })
                .await?;
            answer(out, &s, &key, "Unset")?;
        }
    }
    Ok(())
}

fn answer(out: &Out, s: &valet_core::Settings, key: &str, verb: &str) -> Result<(), ServiceError> {
    let v = config_keys::get(s, key)?;
    if out.json {
        print_json(&serde_json::json!({ "key": key, "value": v }));
    } else if v.is_none() {
        // The default is in the key's description ("... (default 04:00)").
        println!("{verb} {key}: the default applies");
    } else {
        println!("{verb} {key} = {}", shown(&v));
    }
    Ok(())
}
