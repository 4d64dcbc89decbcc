//! In-process metrics: a `metrics` recorder kept in memory, and [`Valet::metrics`], the report
//! that `valet doctor --json`, the MCP status resource and the app show.
//!
//! Sources, all through the `metrics` facade:
//! - OpenDAL's `MetricsLayer` on every operator (`opendal_operation_duration_seconds` and
//!   `opendal_operation_errors_total`, labelled by `scheme` (backend) and `operation`);
//! - the store (`valet_store_op_duration_seconds`, `valet_store_op_errors_total`, by `op`:
//!   `read`, `mutate`);
//! - sync (`valet_sync_cycles_total`, `valet_sync_requests_total`,
//!   `valet_sync_conflicts_total`, `valet_sync_errors_total`).
//!
//! The recorder is installed once per process by [`install`] (called by `Valet::open`); if the
//! process already has another recorder, that one is kept and the report shows no operations.
//! Latency percentiles come from the last [`WINDOW`] samples of each series.

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use chrono::{DateTime, Utc};
use metrics::{
    Counter, Gauge, Histogram, HistogramFn, Key, KeyName, Metadata, Recorder, SharedString, Unit,
};
use serde::Serialize;

use crate::error::Result;
use crate::valet::Valet;

/// Samples kept per latency series for the percentiles.
pub const WINDOW: usize = 2048;

#[derive(Default)]
struct Window {
    count: u64,
    recent: VecDeque<f64>,
}

#[derive(Default)]
struct Series(Mutex<Window>);

impl HistogramFn for Series {
    fn record(&self, value: f64) {
        let mut w = self.0.lock().unwrap_or_else(|p| p.into_inner());
        w.count += 1;
        if w.recent.len() == WINDOW {
            w.recent.pop_front();
        }
        w.recent.push_back(value);
    }
}

/// The in-memory recorder: counters and latency windows by key (name + labels).
#[derive(Default)]
struct Memory {
    counters: Mutex<HashMap<Key, Arc<AtomicU64>>>,
    histograms: Mutex<HashMap<Key, Arc<Series>>>,
}

impl Recorder for Memory {
    fn describe_counter(&self, _: KeyName, _: Option<Unit>, _: SharedString) {}
    fn describe_gauge(&self, _: KeyName, _: Option<Unit>, _: SharedString) {}
    fn describe_histogram(&self, _: KeyName, _: Option<Unit>, _: SharedString) {}

    fn register_counter(&self, key: &Key, _: &Metadata<'_>) -> Counter {
        let mut m = self.counters.lock().unwrap_or_else(|p| p.into_inner());
        Counter::from_arc(m.entry(key.clone()).or_default().clone())
    }

    fn register_gauge(&self, _: &Key, _: &Metadata<'_>) -> Gauge {
        Gauge::noop()
    }

    fn register_histogram(&self, key: &Key, _: &Metadata<'_>) -> Histogram {
        let mut m = self.histograms.lock().unwrap_or_else(|p| p.into_inner());
        Histogram::from_arc(m.entry(key.clone()).or_default().clone())
    }
}

struct Installed {
    memory: &'static Memory,
    since: DateTime<Utc>,
}

static INSTALLED: OnceLock<Option<Installed>> = OnceLock::new();

/// Installs the in-memory recorder for this process (once; later calls do nothing).
pub fn install() {
    INSTALLED.get_or_init(|| {
        let memory: &'static Memory = Box::leak(Box::default());
        match metrics::set_global_recorder(memory) {
            Ok(()) => Some(Installed {
                memory,
                since: Utc::now(),
            }),
            Err(_) => {
                tracing::info!(
                    "a metrics recorder was already installed; Valet's report stays empty"
                );
                None
            }
        }
    });
}

/// Calls and latency of one operation at one layer.
#[derive(ts_rs::TS, Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OperationStats {
    /// `store` (Valet's read / mutate), or the OpenDAL backend (`fs`, `s3`, `memory`).
    pub layer: String,
    pub operation: String,
    #[ts(type = "number")]
    pub calls: u64,
    #[ts(type = "number")]
    pub failures: u64,
    pub p50_ms: f64,
    pub p99_ms: f64,
}

/// Sync activity since the process started.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SyncStats {
    pub cycles: u64,
    pub requests: u64,
    pub conflicts: u64,
    pub failures: u64,
}

/// How the store is doing: in-process counts and latency since `since`, plus its size now.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MetricsReport {
    /// When this process started counting (`null` if another recorder was installed).
    pub since: Option<DateTime<Utc>>,
    pub operations: Vec<OperationStats>,
    pub sync: SyncStats,
    /// Bytes the replica uses on disk (and in the bucket, in direct mode).
    pub storage_bytes: u64,
    pub change_log_bytes: u64,
    /// Live records per collection: `todos`, `plans`, `journals`, `archive`.
    pub records: BTreeMap<String, usize>,
}

fn label<'a>(key: &'a Key, name: &str) -> Option<&'a str> {
    key.labels().find(|l| l.key() == name).map(|l| l.value())
}

fn percentile(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() - 1) as f64 * q).round() as usize;
    let ms = sorted[i.min(sorted.len() - 1)] * 1000.0;
    (ms * 1000.0).round() / 1000.0
}

/// The operations and sync counters recorded so far in this process.
fn collect(memory: &Memory) -> (Vec<OperationStats>, SyncStats) {
    let mut sync = SyncStats::default();
    let mut failures: HashMap<(String, String), u64> = HashMap::new();
    {
        let counters = memory.counters.lock().unwrap_or_else(|p| p.into_inner());
        for (key, c) in counters.iter() {
            let v = c.load(Ordering::Relaxed);
            match key.name() {
                "valet_sync_cycles_total" => sync.cycles += v,
                "valet_sync_requests_total" => sync.requests += v,
                "valet_sync_conflicts_total" => sync.conflicts += v,
                "valet_sync_errors_total" => sync.failures += v,
                "valet_store_op_errors_total" => {
                    let op = label(key, "op").unwrap_or("?").to_owned();
                    *failures.entry(("store".into(), op)).or_default() += v;
                }
                "opendal_operation_errors_total" => {
                    let layer = label(key, "scheme").unwrap_or("?").to_owned();
                    let op = label(key, "operation").unwrap_or("?").to_owned();
                    *failures.entry((layer, op)).or_default() += v;
                }
                _ => {}
            }
        }
    }
    // Series with the same layer and operation (e.g. several roots) are merged.
    let mut merged: BTreeMap<(String, String), (u64, Vec<f64>)> = BTreeMap::new();
    {
        let hists = memory.histograms.lock().unwrap_or_else(|p| p.into_inner());
        for (key, series) in hists.iter() {
            let id = match key.name() {
                "valet_store_op_duration_seconds" => (
                    "store".to_owned(),
                    label(key, "op").unwrap_or("?").to_owned(),
                ),
                "opendal_operation_duration_seconds" => (
                    label(key, "scheme").unwrap_or("?").to_owned(),
                    label(key, "operation").unwrap_or("?").to_owned(),
                ),
                _ => continue,
            };
            let w = series.0.lock().unwrap_or_else(|p| p.into_inner());
            let slot = merged.entry(id).or_default();
            slot.0 += w.count;
            slot.1.extend(w.recent.iter().copied());
        }
    }
    let mut ops: Vec<OperationStats> = merged
        .into_iter()
        .map(|((layer, operation), (calls, mut samples))| {
            samples.sort_by(f64::total_cmp);
            let failed = failures
                .remove(&(layer.clone(), operation.clone()))
                .unwrap_or(0);
            OperationStats {
                p50_ms: percentile(&samples, 0.5),
                p99_ms: percentile(&samples, 0.99),
                layer,
                operation,
                calls,
                failures: failed,
            }
        })
        .collect();
    // Failures of operations that never recorded a latency.
    for ((layer, operation), failed) in failures {
        ops.push(OperationStats {
            layer,
            operation,
            calls: failed,
            failures: failed,
            p50_ms: 0.0,
            p99_ms: 0.0,
        });
    }
    ops.sort_by(|a, b| (&a.layer, &a.operation).cmp(&(&b.layer, &b.operation)));
    (ops, sync)
}

/// Counts one sync cycle's outcome (called by `Valet::sync`).
pub(crate) fn record_sync(report: Option<&valet_store::SyncReport>) {
    match report {
        Some(r) => {
            metrics::counter!("valet_sync_cycles_total").increment(1);
            metrics::counter!("valet_sync_requests_total").increment(r.requests as u64);
            metrics::counter!("valet_sync_conflicts_total").increment(r.conflicts as u64);
        }
        None => metrics::counter!("valet_sync_errors_total").increment(1),
    }
}

impl Valet {
    /// This process's operation counts and latency, sync activity, and the store's size now.
    pub async fn metrics(&self) -> Result<MetricsReport> {
        let (operations, sync, since) = match INSTALLED.get().and_then(Option::as_ref) {
            Some(i) => {
                let (ops, sync) = collect(i.memory);
                (ops, sync, Some(i.since))
            }
            None => (Vec::new(), SyncStats::default(), None),
        };
        let store = self.store();
        let records = store
            .read(|r| {
                r.counts()
                    .iter()
                    .map(|(kind, n)| (kind.dir().trim_end_matches('/').to_owned(), *n))
                    .collect::<BTreeMap<_, _>>()
            })
            .await?;
        Ok(MetricsReport {
            since,
            operations,
            sync,
            // Walking every file of a large replica takes long; a minute-old figure is fine.
            storage_bytes: store
                .storage_bytes_recent(std::time::Duration::from_secs(60))
                .await?,
            change_log_bytes: std::fs::metadata(store.change_log_path())
                .map(|m| m.len())
                .unwrap_or(0),
            records,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_and_failures_per_layer_and_operation() {
        let memory = Memory::default();
        metrics::with_local_recorder(&memory, || {
            for ms in 1..=100 {
                metrics::histogram!("valet_store_op_duration_seconds", "op" => "mutate")
                    .record(f64::from(ms) / 1000.0);
            }
            metrics::counter!("valet_store_op_errors_total", "op" => "mutate").increment(2);
            metrics::counter!("opendal_operation_errors_total", "scheme" => "s3", "operation" => "write")
                .increment(1);
            metrics::counter!("valet_sync_requests_total").increment(7);
        });
        let (ops, sync) = collect(&memory);
        assert_eq!(sync.requests, 7);
        let mutate = ops.iter().find(|o| o.operation == "mutate").unwrap();
        assert_eq!((mutate.calls, mutate.failures), (100, 2));
        assert_eq!(mutate.p50_ms, 51.0);
        assert_eq!(mutate.p99_ms, 99.0);
        let write = ops.iter().find(|o| o.layer == "s3").unwrap();
        assert_eq!((write.operation.as_str(), write.failures), ("write", 1));
    }
}
