//! Recurrence expansion checked against an independent implementation of RFC 5545:
//! python-dateutil's `rrule` (the tests' venv; `VALET_TEST_PYTHON`, set by `cargo xtask test`,
//! else `python3`). 2,000 rules generated with proptest (fixed seed): every frequency,
//! intervals, weekdays, nth weekdays, month days (negative too), months, counts, and start days
//! over ten years. Each side expands the first 15 occurrences; any difference fails.
// Tests stop at the first surprise; unwrap is the clearest way to say so.
#![allow(clippy::unwrap_used, clippy::expect_used)]
// Reading fixtures and running the oracle is the tests' job, not the domain's (clippy.toml).
#![allow(clippy::disallowed_methods)]

use std::io::Write;
use std::process::{Command, Stdio};

use chrono::NaiveDate;
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::TestRunner;
use valet_core::recurrence::occurrences;

const RULES: usize = 2_000;
const N: u16 = 15;

const ORACLE: &str = r#"
import json, sys, itertools
from dateutil.rrule import rrulestr
out = []
for rule, start in json.load(sys.stdin):
    try:
        r = rrulestr("DTSTART:" + start.replace("-", "") + "\nRRULE:" + rule)
        out.append([d.strftime("%Y-%m-%d") for d in itertools.islice(r, 15)])
    except Exception as e:
        out.append("ERR " + str(e))
json.dump(out, sys.stdout)
"#;

fn python() -> Option<String> {
    let py = std::env::var("VALET_TEST_PYTHON").unwrap_or_else(|_| "python3".into());
    let ok = Command::new(&py)
        .args(["-c", "import dateutil"])
        .status()
        .is_ok_and(|s| s.success());
    ok.then_some(py)
}

const DAYS: [&str; 7] = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"];

fn rule() -> impl Strategy<Value = String> {
    let days = proptest::sample::subsequence(DAYS.to_vec(), 1..=3).prop_map(|d| d.join(","));
    let nth = (
        prop_oneof![Just(-1i32), Just(1), Just(2), Just(3), Just(4), Just(-2)],
        proptest::sample::select(DAYS.to_vec()),
    )
        .prop_map(|(n, d)| format!("{n}{d}"));
    let monthday = prop_oneof![Just(-1i32), 1..=31i32];
    let by = prop_oneof![
        Just(("DAILY", String::new())),
        Just(("WEEKLY", String::new())),
        days.clone().prop_map(|d| ("WEEKLY", format!(";BYDAY={d}"))),
        Just(("MONTHLY", String::new())),
        monthday
            .clone()
            .prop_map(|m| ("MONTHLY", format!(";BYMONTHDAY={m}"))),
        nth.clone().prop_map(|n| ("MONTHLY", format!(";BYDAY={n}"))),
        Just(("YEARLY", String::new())),
        (1..=12u32, 1..=31i32)
            .prop_map(|(m, d)| ("YEARLY", format!(";BYMONTH={m};BYMONTHDAY={d}"))),
        (1..=12u32, nth).prop_map(|(m, n)| ("YEARLY", format!(";BYMONTH={m};BYDAY={n}"))),
    ];
    (by, 1..=4u32, proptest::option::of(1..=12u32)).prop_map(|((freq, by), interval, count)| {
        let mut r = format!("FREQ={freq}");
        if interval > 1 {
            r.push_str(&format!(";INTERVAL={interval}"));
        }
        r.push_str(&by);
        if let Some(c) = count {
            r.push_str(&format!(";COUNT={c}"));
        }
        r
    })
}

#[test]
fn expansion_agrees_with_python_dateutil_on_2000_rules() {
    let Some(py) = python() else {
        assert!(
            std::env::var_os("VALET_TEST_PYTHON").is_none(),
            "VALET_TEST_PYTHON is set but has no dateutil"
        );
        eprintln!("skipped: no python with dateutil (cargo xtask test provides one)");
        return;
    };
    let mut runner = TestRunner::deterministic();
    let first = NaiveDate::from_ymd_opt(2020, 1, 1).unwrap();
    let cases: Vec<(String, NaiveDate)> = (0..RULES)
        .map(|_| {
            let r = rule().new_tree(&mut runner).unwrap().current();
            let offset = (0..3650u64).new_tree(&mut runner).unwrap().current();
            (r, first + chrono::Days::new(offset))
        })
        .collect();
    let input: Vec<(String, String)> = cases
        .iter()
        .map(|(r, s)| (r.clone(), s.to_string()))
        .collect();
    let mut child = Command::new(&py)
        .args(["-c", ORACLE])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(serde_json::to_string(&input).unwrap().as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "the oracle failed");
    let theirs: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    // Not a vacuous comparison: most rules have many occurrences.
    let full = theirs
        .iter()
        .filter(|o| o.as_array().is_some_and(|a| a.len() >= 5))
        .count();
    assert!(full > RULES / 2, "only {full} rules expanded to 5+ dates");
    let mut differ = Vec::new();
    for ((rule, start), oracle) in cases.iter().zip(&theirs) {
        let ours: Vec<String> = match occurrences(rule, *start, N) {
            Ok(d) => d.iter().map(ToString::to_string).collect(),
            Err(e) => vec![format!("ERR {e}")],
        };
        let oracle: Vec<String> = match oracle {
            serde_json::Value::Array(a) => {
                a.iter().map(|d| d.as_str().unwrap().to_owned()).collect()
            }
            other => vec![other.to_string()],
        };
        if ours != oracle {
            differ.push(format!(
                "{rule} from {start}:\n  valet  {ours:?}\n  oracle {oracle:?}"
            ));
        }
    }
    assert!(
        differ.is_empty(),
        "{} of {RULES} rules differ; the first:\n{}",
        differ.len(),
        differ
            .iter()
            .take(8)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}
