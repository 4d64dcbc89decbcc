//! The desktop app's command line: `valet-app [--data-dir DIR]`.
//!
//! Parsing is lenient on purpose: launchers add flags of their own (`WebKitWebDriver` passes
//! `--automation`, desktop files may pass `%U`), so unknown arguments are logged and ignored.

use std::ffi::OsString;
use std::path::PathBuf;

/// What the command line asked for.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Args {
    /// `--data-dir DIR`: the store's folder; `None` lets the facade use `VALET_DATA_DIR` or the
    /// platform data dir.
    pub data_dir: Option<PathBuf>,
    /// `--help` / `-h`.
    pub help: bool,
    /// `--version` / `-V`.
    pub version: bool,
    /// `--hidden`: start in the tray without showing the window (how start at login runs it).
    pub hidden: bool,
    /// Arguments that were not understood (ignored).
    pub ignored: Vec<OsString>,
}

/// A command line that cannot be acted on.
#[derive(Debug, PartialEq, Eq)]
pub enum ArgsError {
    /// `--data-dir` without a value.
    MissingValue(&'static str),
}

impl std::fmt::Display for ArgsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::MissingValue(flag) => write!(f, "{flag} needs a value, e.g. {flag} ~/valet-data"),
        }
    }
}

impl std::error::Error for ArgsError {}

/// The text `--help` prints.
pub const USAGE: &str = "\
Valet: todos, a daily planner and a journal.

Usage: valet-app [--data-dir DIR] [--hidden]

Options:
  --data-dir DIR  Folder of the Valet store (default: $VALET_DATA_DIR, else the platform data dir)
  --hidden        Start in the tray, without the window (start at login uses it)
  -h, --help      Print this help
  -V, --version   Print the version

Environment:
  VALET_DATA_DIR  Folder of the Valet store, when --data-dir is not given
  VALET_LOG       Log filter for stderr (e.g. debug, valet_app=trace); default info";

impl Args {
    /// Parses the arguments after the program name.
    pub fn parse<I>(args: I) -> Result<Self, ArgsError>
    where
        I: IntoIterator<Item = OsString>,
    {
        let mut parsed = Self::default();
        let mut args = args.into_iter();
        while let Some(arg) = args.next() {
            let text = arg.to_string_lossy();
            if text == "--data-dir" {
                let value = args.next().ok_or(ArgsError::MissingValue("--data-dir"))?;
                parsed.data_dir = Some(non_empty(value)?);
            } else if let Some(value) = text.strip_prefix("--data-dir=") {
                parsed.data_dir = Some(non_empty(OsString::from(value))?);
            } else if text == "--help" || text == "-h" {
                parsed.help = true;
            } else if text == "--version" || text == "-V" {
                parsed.version = true;
            } else if text == "--hidden" {
                parsed.hidden = true;
            } else {
                parsed.ignored.push(arg);
            }
        }
        Ok(parsed)
    }
}

fn non_empty(value: OsString) -> Result<PathBuf, ArgsError> {
    if value.is_empty() {
        Err(ArgsError::MissingValue("--data-dir"))
    } else {
        Ok(PathBuf::from(value))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Args, ArgsError> {
        Args::parse(args.iter().map(OsString::from))
    }

    #[test]
    fn no_arguments_means_defaults() {
        assert_eq!(parse(&[]), Ok(Args::default()));
    }

    #[test]
    fn data_dir_as_two_arguments_or_one() {
        let expected = Some(PathBuf::from("/tmp/v"));
        assert_eq!(
            parse(&["--data-dir", "/tmp/v"]).map(|a| a.data_dir),
            Ok(expected.clone())
        );
        assert_eq!(
            parse(&["--data-dir=/tmp/v"]).map(|a| a.data_dir),
            Ok(expected)
        );
    }

    #[test]
    fn data_dir_needs_a_value() {
        assert_eq!(
            parse(&["--data-dir"]),
            Err(ArgsError::MissingValue("--data-dir"))
        );
        assert_eq!(
            parse(&["--data-dir="]),
            Err(ArgsError::MissingValue("--data-dir"))
        );
    }

    #[test]
    fn unknown_arguments_are_kept_aside() {
        let args = parse(&["--automation", "--data-dir", "d", "-h"]);
        assert_eq!(
            args,
            Ok(Args {
                data_dir: Some(PathBuf::from("d")),
                help: true,
                version: false,
                hidden: false,
                ignored: vec![OsString::from("--automation")],
            })
        );
    }
}
