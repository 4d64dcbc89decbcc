#!/usr/bin/env python3
"""The desktop app benchmark (issue 5): Valet beside a blank Tauri 2 app built the same way.

1. Start to first interactive view: wall time from spawning the binary to its log line
   "first view interactive" (Valet sends it when its first view shows its data, the blank app
   when its page has painted; both through one IPC call after a frame). Runs alternate between
   the two apps; medians are reported. The files are in the page cache (a process start, not a
   start after reboot).
2. Idle memory: 5 s after that line, the proportional set size (PSS, shared pages split between
   the processes that map them) summed over the app and every child process (WebKit's web and
   network processes), plus the plain RSS sum.
3. Typing to filter at 10,000 todos (Valet only, real window through WebDriver): a query typed
   one key at a time into the Todos search box, then erased (and, after it, ten switches from
   Todos to Today, timed until Today's joined list is shown); for each key, the time from the
   input event until the list shows that key's results in the DOM (the summary's data-query
   attribute equals the typed text: filter + render work), and until the next frame was painted
   (which also counts the compositor; the idle frame interval is reported beside it).

Prints a JSON object on stdout (the caller formats it); progress on stderr.
Usage: appbench.py --app A --blank B --data-dir D [--runs 10] [--rounds 3]
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent))
import app_window as aw  # noqa: E402

MARKER = "first view interactive"


def log(msg: str) -> None:
    print(f"[appbench] {msg}", file=sys.stderr, flush=True)


def start(binary: str, args: list[str], env: dict) -> tuple[subprocess.Popen, float]:
    """Spawns `binary` and returns it with the seconds until it logged MARKER."""
    t0 = time.perf_counter()
    proc = subprocess.Popen([binary, *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            env=env, start_new_session=True, text=True, errors="replace")
    assert proc.stderr is not None
    deadline = t0 + 90
    ready = None
    for line in proc.stderr:
        if MARKER in line:
            ready = time.perf_counter() - t0
            break
        if time.perf_counter() > deadline:
            break
    if ready is None:
        stop(proc)
        raise RuntimeError(f"{binary} never logged {MARKER!r}")
    # Keep draining stderr so the app never blocks on a full pipe.
    threading.Thread(target=lambda: [None for _ in proc.stderr], daemon=True).start()
    return proc, ready


def memory(pid: int) -> tuple[float, float, int]:
    """PSS and RSS in MiB summed over the process and its children, and the process count."""
    root = psutil.Process(pid)
    procs = [root, *root.children(recursive=True)]
    pss = rss = 0
    for p in procs:
        try:
            info = p.memory_full_info()
            pss += info.pss
            rss += info.rss
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            pass
    return pss / 1048576, rss / 1048576, len(procs)


def stop(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(10)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait(10)


def start_and_memory(args: argparse.Namespace, env: dict) -> dict:
    apps = {
        "valet": (args.app, ["--data-dir", args.data_dir]),
        "blank": (args.blank, []),
    }
    out: dict = {name: {"start_s": [], "pss_mib": [], "rss_mib": [], "processes": 0} for name in apps}
    for run in range(args.runs):
        for name, (binary, extra) in apps.items():
            proc, ready = start(binary, extra, env)
            time.sleep(args.idle)
            pss, rss, n = memory(proc.pid)
            stop(proc)
            out[name]["start_s"].append(ready)
            out[name]["pss_mib"].append(pss)
            out[name]["rss_mib"].append(rss)
            out[name]["processes"] = n
            log(f"run {run + 1}/{args.runs} {name}: start {ready * 1000:.0f} ms, PSS {pss:.1f} MiB, RSS {rss:.1f} MiB, {n} processes")
            time.sleep(0.5)
    return out


TYPE_JS = """
const done = arguments[arguments.length - 1];
const keys = arguments[0];
const input = document.querySelector("[data-testid='search']");
const summary = document.querySelector("[data-testid='todo-summary']");
const times = [];
let i = 0;
function next() {
  if (i >= keys.length) { done(times); return; }
  const want = keys[i];
  const t0 = performance.now();
  input.value = want;
  input.dispatchEvent(new Event('input', { bubbles: true }));
  // Svelte applies the change in a microtask queued by the input handler: look right after it,
  // then after the next frame (requestAnimationFrame, then a task: the frame was painted).
  const look = () => {
    if (summary.dataset.query === want) {
      const updated = performance.now() - t0;
      requestAnimationFrame(() => setTimeout(() => {
        times.push([updated, performance.now() - t0]); i += 1; setTimeout(next, 30);
      }, 0));
    } else if (performance.now() - t0 > 10000) {
      times.push([-1, -1]); i += 1; setTimeout(next, 30);
    } else {
      setTimeout(look, 0);
    }
  };
  queueMicrotask(look);
}
next();
"""


# The page's frame interval with nothing changing: the compositor's own pace on this display.
FRAME_JS = """
const done = arguments[arguments.length - 1];
const stamps = [];
function tick(t) { stamps.push(t); if (stamps.length < 31) requestAnimationFrame(tick); else {
  const d = stamps.slice(1).map((x, i) => x - stamps[i]).sort((a, b) => a - b); done(d[15]); } }
requestAnimationFrame(tick);
"""


# Switching to Today with 10,000 todos: the time from the click until Today's list (joined with
# the todo list through the shell) is in the DOM, ten times, after a switch away each time.
SWITCH_JS = """
const done = arguments[arguments.length - 1];
const nav = (id) => document.querySelector(`[data-testid='nav-${id}']`).click();
const shown = (sel, t0) => new Promise((ok) => {
  const look = () => document.querySelector(sel) ? ok(performance.now() - t0) : requestAnimationFrame(look);
  look();
});
(async () => {
  const out = [];
  for (let i = 0; i < 11; i++) {
    nav('todos');
    await shown("[data-testid='todo-list']", performance.now());
    const t0 = performance.now();
    nav('today');
    out.push(await shown("[data-testid='today-counts'], [data-testid='plan-empty']", t0));
  }
  done(out.slice(1));
})();
"""


def typing(args: argparse.Namespace) -> dict:
    """Per-keystroke latency in the real Valet window, driven through tauri-driver."""
    from selenium.webdriver.common.by import By

    ns = argparse.Namespace(tauri_driver=os.environ.get("TAURI_DRIVER"), no_install=True)
    driver_bin = aw.find_tauri_driver(ns)
    port, native_port = aw.pick_ports(4644)
    drv = subprocess.Popen([driver_bin, "--port", str(port), "--native-port", str(native_port),
                            "--native-driver", args.native_driver],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    driver = None
    try:
        driver = aw.open_session(args.app, args.data_dir, port, native_port)
        driver.set_script_timeout(600)
        aw.wait_until(lambda: driver.find_elements(By.CSS_SELECTOR, "[data-testid='nav-todos']"), 30)
        aw.click(driver, driver.find_element(By.CSS_SELECTOR, "[data-testid='nav-todos']"))
        aw.wait_until(lambda: "matching" in (driver.find_element(By.CSS_SELECTOR, "[data-testid='todo-summary']").text or ""), 60)
        total = driver.find_element(By.CSS_SELECTOR, "[data-testid='todo-summary']").text
        query = args.query
        keys = [query[: i + 1] for i in range(len(query))] + [query[:i] for i in range(len(query) - 1, -1, -1)]
        # One warm-up pass (first IPC calls, JIT), then the measured rounds.
        driver.execute_async_script(TYPE_JS, keys)
        times: list[float] = []
        for _ in range(args.rounds):
            times.extend(driver.execute_async_script(TYPE_JS, keys))
        per_key = list(zip(keys * args.rounds, times))
        slow = [(k, round(t[0], 1)) for k, t in per_key if t[0] > 16]
        log(f"keystrokes over 16 ms to update: {slow if slow else 'none'}")
        failed = sum(1 for t in times if t[0] < 0)
        updated = sorted(t[0] for t in times if t[0] >= 0)
        painted = sorted(t[1] for t in times if t[1] >= 0)

        def pct(xs: list[float], q: float) -> float | None:
            return xs[min(len(xs) - 1, int(len(xs) * q))] if xs else None

        idle = driver.execute_async_script(FRAME_JS)
        switches = sorted(driver.execute_async_script(SWITCH_JS))
        return {
            "today_switch_median_ms": statistics.median(switches) if switches else None,
            "today_switch_max_ms": switches[-1] if switches else None,
            "list": total,
            "query": query,
            "keystrokes": len(times),
            "timeouts": failed,
            "update_median_ms": statistics.median(updated) if updated else None,
            "update_p95_ms": pct(updated, 0.95),
            "update_max_ms": updated[-1] if updated else None,
            "painted_median_ms": statistics.median(painted) if painted else None,
            "painted_p95_ms": pct(painted, 0.95),
            "idle_frame_ms": idle,
        }
    finally:
        aw.end_session(driver, drv)


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--app", required=True)
    p.add_argument("--blank", required=True)
    p.add_argument("--data-dir", required=True)
    p.add_argument("--runs", type=int, default=10)
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--idle", type=float, default=5.0, help="seconds idle before memory is read")
    p.add_argument("--query", default="number 12")
    p.add_argument("--native-driver", default=os.environ.get("WEBKIT_WEBDRIVER") or aw.shutil.which("WebKitWebDriver"))
    args = p.parse_args()
    env = dict(os.environ, VALET_LOG="info", VALET_LOG_DIR=str(Path(args.data_dir) / ".bench-logs"))
    result = {"start_memory": start_and_memory(args, env), "typing": typing(args)}
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
