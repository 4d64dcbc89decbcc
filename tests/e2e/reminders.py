#!/usr/bin/env python3
"""End-to-end test of reminders: the real app under Xvfb, started in the tray (`--hidden`, as
start at login runs it) with a real notification daemon on the test's own D-Bus session.

README: `python3 tests/e2e/reminders.py --app target/debug/valet-app --cli target/debug/valet
--screenshots DIR` (build ui/dist and the app first). Needs what app_window.py needs (Xvfb,
WebKitWebDriver, tauri-driver, selenium in target/tools/venv) plus dbus-run-session (dbus) and
the system python3 with python3-dbus and python3-gi (for notifyd.py, a freedesktop
Notifications server that records every notification it receives and can press its buttons).
It re-runs itself inside `dbus-run-session` with a temporary HOME.

  1. Before the app starts, two reminders came due while it was not running (imported from a
     `valet export` file whose todos have reminders 20 and 50 minutes ago): the app shows them
     once, together ("2 missed reminders"), not as a burst, and never again.
  2. Three todos added by the CLI and snoozed one minute (`valet todo snooze ID 1`) fire while
     the window is hidden: each once, named after the todo, with the actions Complete,
     Snooze 10 min, Snooze 1 h, Tomorrow and a default (click) action.
  3. Pressing "Snooze 10 min" snoozes the todo in the store (CLI); "Complete" completes it;
     clicking a notification shows the window and opens that todo.
  4. Settings: the default reminder is saved to settings.json; "Start Valet at login" writes an
     XDG autostart entry that starts Valet with --hidden, and switching it off removes it.
  5. The idle app's CPU while it waits for the next reminder is reported (a timer, not a poll).
Exit status 0 only when every check passed; the last line printed is "N passed, N failed".
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import app_window as aw  # noqa: E402 - the shared helpers (Xvfb, tauri-driver, CLI, results)

NOTIFYD = Path(__file__).resolve().parent / "notifyd.py"
ACTIONS = {"complete", "snooze-10", "snooze-60", "tomorrow", "default"}


def parse_args() -> argparse.Namespace:
    env = os.environ.get
    target = Path(env("CARGO_TARGET_DIR", str(aw.ROOT / "target")))
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--app", default=env("VALET_APP_BIN", str(target / "debug" / "valet-app")))
    p.add_argument("--cli", default=env("VALET_CLI_BIN"))
    p.add_argument("--screenshots", default=env("VALET_E2E_SCREENSHOTS", str(aw.ROOT / "tests" / "e2e" / "screenshots")))
    p.add_argument("--venv", default=env("VALET_E2E_VENV", str(target / "tools" / "venv")))
    p.add_argument("--tauri-driver", default=env("TAURI_DRIVER"))
    p.add_argument("--native-driver", default=env("WEBKIT_WEBDRIVER", shutil.which("WebKitWebDriver")))
    p.add_argument("--port", type=int, default=int(env("VALET_E2E_PORT", "4470")))
    p.add_argument("--no-install", action="store_true")
    return p.parse_args()


def log(msg: str) -> None:
    print(f"[reminders] {msg}", file=sys.stderr, flush=True)


def in_session() -> None:
    """Re-runs this script inside dbus-run-session with a fresh temporary HOME (once)."""
    if os.environ.get("VALET_E2E_IN_DBUS") == "1":
        return
    runner = shutil.which("dbus-run-session")
    if runner is None:
        aw.die("dbus-run-session is missing (apt-get install dbus)")
    home = tempfile.mkdtemp(prefix="valet-e2e-remind-")
    env = dict(os.environ, VALET_E2E_IN_DBUS="1", HOME=home, XDG_DATA_HOME=f"{home}/.local/share",
               XDG_CONFIG_HOME=f"{home}/.config", XDG_CACHE_HOME=f"{home}/.cache",
               XDG_RUNTIME_DIR=home, NO_AT_BRIDGE="1", TZ="UTC")
    env.pop("DBUS_SESSION_BUS_ADDRESS", None)
    proc = subprocess.run([runner, "--", sys.executable, str(Path(__file__).resolve()), *sys.argv[1:]], env=env)
    shutil.rmtree(home, ignore_errors=True)
    sys.exit(proc.returncode)


class Valet:
    def __init__(self, cli: Path, data_dir: Path) -> None:
        self.cli, self.data_dir = cli, data_dir

    def json(self, *args: str):
        return aw.cli_json(str(self.cli), self.data_dir, *args)


def received(path: Path) -> list[dict]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def invoke(nid: int, action: str) -> subprocess.CompletedProcess:
    return subprocess.run(["/usr/bin/python3", str(NOTIFYD), "invoke", str(nid), action],
                          capture_output=True, text=True, timeout=30)


def missed_export(now: dt.datetime) -> dict:
    """A `valet export` file with two todos whose reminders passed while nothing ran."""
    def todo(n: int, content: str, minutes_ago: int) -> dict:
        at = now - dt.timedelta(minutes=minutes_ago)
        stamp = (now - dt.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M:%S.000Z")
        return {
            "id": f"019ad000-0000-7000-8000-00000000000{n}", "content": content, "status": "pending",
            "priority": "medium", "category": "General", "due": at.strftime("%Y-%m-%d"),
            "dueTime": at.strftime("%H:%M"), "notes": [], "createdAt": stamp, "updatedAt": stamp,
            "reminders": ["at deadline"],
        }
    return {"format": "valet-export", "version": 1, "exportedAt": now.strftime("%Y-%m-%dT%H:%M:%S.000Z"),
            "appVersion": "0.1.0", "settings": {}, "profile": None,
            "todos": [todo(1, "Renew the passport", 20), todo(2, "Send the invoice", 50)],
            "plans": [], "journals": [], "archives": []}


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def app_pid(app: Path) -> int | None:
    proc = subprocess.run(["pgrep", "-n", "-f", f"^{app}"], capture_output=True, text=True)
    return int(proc.stdout.split()[0]) if proc.returncode == 0 and proc.stdout.strip() else None


def run(args: argparse.Namespace) -> int:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.options import ArgOptions
    from selenium.webdriver.support.ui import Select

    results = aw.Results()
    folder = Path(args.screenshots).resolve()
    folder.mkdir(parents=True, exist_ok=True)
    app = Path(args.app).resolve()
    cli = Path(args.cli).resolve() if args.cli else app.with_name("valet")
    for binary in (app, cli):
        if not binary.is_file():
            aw.die(f"{binary} not found: build it first (cargo build -p valet-app -p valet-cli)")
    home = Path(os.environ["HOME"])
    data_dir = home / "valet-data"
    data_dir.mkdir(parents=True)
    (data_dir / "settings.json").write_text(json.dumps({"user": {"timezone": "UTC"}}))
    valet = Valet(cli, data_dir)

    # 1-2. Reminders missed while nothing ran, and three that come due a minute from now.
    now = dt.datetime.now(dt.timezone.utc)
    export = home / "missed.json"
    export.write_text(json.dumps(missed_export(now)))
    valet.json("import", str(export))
    soon = {}
    for content in ("Call the bank", "Water the plants", "Pay the rent"):
        t = valet.json("todo", "add", content, "--due", "tomorrow 9am")
        valet.json("todo", "snooze", t["id"], "1")
        soon[content] = t["id"]
    due_at = time.monotonic() + 60

    log_path = home / "notifications.jsonl"
    daemon_log = open(folder / "notifyd.log", "wb")
    daemon = subprocess.Popen(["/usr/bin/python3", str(NOTIFYD), "serve", str(log_path)],
                              stdout=daemon_log, stderr=subprocess.STDOUT, start_new_session=True)
    xvfb = aw.start_xvfb(folder)
    driver_bin = aw.find_tauri_driver(args)
    port, native_port = aw.pick_ports(args.port)
    driver_log = open(folder / "reminders-tauri-driver.log", "wb")
    tauri_driver = subprocess.Popen(
        [driver_bin, "--port", str(port), "--native-port", str(native_port), "--native-driver", args.native_driver],
        stdout=driver_log, stderr=subprocess.STDOUT, start_new_session=True,
        env=dict(os.environ, VALET_DATA_DIR=str(data_dir), VALET_LOG="info,valet_app=debug"),
    )
    driver = None
    try:
        if not aw.wait_until(lambda: aw.port_open(port) and aw.port_open(native_port), 30, 0.2):
            aw.die("tauri-driver did not listen")
        options = ArgOptions()
        options.set_capability("browserName", "wry")
        options.set_capability("tauri:options", {"application": str(app),
                                                 "args": ["--data-dir", str(data_dir), "--hidden"]})
        driver = aw.remote(port, options)

        def by_summary(summary: str) -> list[dict]:
            return [n for n in received(log_path) if n["summary"] == summary]

        results.check("the reminders missed while the app was not running come as one notice",
                      aw.wait_until(lambda: by_summary("2 missed reminders"), 30, 0.5),
                      json.dumps(received(log_path))[:500])
        missed = by_summary("2 missed reminders")
        results.check("the notice names both missed todos",
                      bool(missed) and "Renew the passport" in missed[0]["body"]
                      and "Send the invoice" in missed[0]["body"], json.dumps(missed)[:300])
        results.check("the window stays hidden when started with --hidden",
                      driver.execute_script("return document.visibilityState") == "hidden",
                      driver.execute_script("return document.visibilityState"))

        remaining = max(0.0, due_at - time.monotonic())
        fired = aw.wait_until(lambda: all(by_summary(c) for c in soon), remaining + 30, 0.5)
        results.check("the three snoozed reminders fire while the window is hidden", fired,
                      json.dumps([n["summary"] for n in received(log_path)]))
        time.sleep(3)
        for content in soon:
            shown = by_summary(content)
            results.check(f"{content!r} is notified once, with its actions",
                          len(shown) == 1 and ACTIONS <= set(shown[0]["actions"])
                          and shown[0]["app"] == "Valet" and shown[0]["body"].startswith("Snoozed reminder"),
                          json.dumps(shown)[:400])
        results.check("the missed notice is not repeated", len(by_summary("2 missed reminders")) == 1)

        # 3. The buttons act on the store; a click opens the todo.
        ids = {c: (by_summary(c) or [{"id": 0}])[0]["id"] for c in soon}
        pressed_at = dt.datetime.now(dt.timezone.utc)
        results.check("Snooze 10 min is pressed", invoke(ids["Call the bank"], "snooze-10").returncode == 0)
        results.check("Complete is pressed", invoke(ids["Water the plants"], "complete").returncode == 0)

        def snoozed_ten() -> bool:
            t = valet.json("todo", "show", soon["Call the bank"])
            until = dt.datetime.fromisoformat(t.get("snoozedUntil", "1970-01-01T00:00:00Z").replace("Z", "+00:00"))
            return dt.timedelta(minutes=9) < until - pressed_at < dt.timedelta(minutes=11)

        results.check("“Snooze 10 min” snoozes the todo ten minutes (CLI)", aw.wait_until(snoozed_ten, 15, 0.3),
                      json.dumps(valet.json("todo", "show", soon["Call the bank"]))[:300])
        results.check("“Complete” completes the todo (CLI)",
                      aw.wait_until(lambda: valet.json("todo", "show", soon["Water the plants"])["status"] == "completed", 15, 0.3))
        results.check("clicking a notification is pressed", invoke(ids["Pay the rent"], "default").returncode == 0)
        results.check("a click shows the window",
                      aw.wait_until(lambda: driver.execute_script("return document.visibilityState") == "visible", 15, 0.3),
                      driver.execute_script("return document.visibilityState"))

        def detail_open() -> bool:
            detail = driver.find_elements(By.CSS_SELECTOR, "[data-testid='todo-detail']")
            text = detail[0].get_attribute("textContent") if detail else ""
            return "Pay the rent" in (text or "") and bool(
                driver.find_elements(By.CSS_SELECTOR, "[data-testid='todo-reminders-input']"))

        results.check("a click opens that todo", aw.wait_until(detail_open, 15, 0.3))
        aw.screenshot(driver, folder, "reminders-open-todo")

        # 4. Settings: the default reminder, start at login.
        aw.click(driver, driver.find_element(By.CSS_SELECTOR, "[data-testid='nav-settings']"))
        aw.wait_until(lambda: driver.find_elements(By.CSS_SELECTOR, "[data-testid='reminder-default']"), 15)
        Select(driver.find_element(By.CSS_SELECTOR, "[data-testid='reminder-default']")).select_by_value("30m before")

        def default_saved() -> bool:
            s = json.loads((data_dir / "settings.json").read_text())
            return s.get("reminders", {}).get("default") == "30m before"

        results.check("the default reminder is saved to settings.json", aw.wait_until(default_saved, 10, 0.3))
        entries = lambda: list((home / ".config" / "autostart").glob("*.desktop"))  # noqa: E731
        results.check("start at login is off by default", not entries())
        aw.click(driver, driver.find_element(By.CSS_SELECTOR, "[data-testid='autostart']"))
        on = aw.wait_until(lambda: bool(entries()), 10, 0.3)
        text = entries()[0].read_text() if on else ""
        results.check("start at login writes an XDG autostart entry that starts Valet hidden",
                      on and "--hidden" in text and str(app.name) in text, text[:400])
        aw.screenshot(driver, folder, "reminders-settings")
        aw.click(driver, driver.find_element(By.CSS_SELECTOR, "[data-testid='autostart']"))
        results.check("switching start at login off removes the entry", aw.wait_until(lambda: not entries(), 10, 0.3))

        # 5. Idle: nothing is due for hours (the snooze ten minutes on); measure, do not time.
        pid = app_pid(app)
        if pid:
            before, t0 = cpu_seconds(pid), time.monotonic()
            time.sleep(20)
            share = (cpu_seconds(pid) - before) / (time.monotonic() - t0)
            log(f"idle app CPU while waiting for the next reminder: {share * 100:.2f}% of one core")
            (folder / "reminders-idle-cpu.txt").write_text(f"{share * 100:.3f}\n")
            results.check("the idle app is not busy while waiting (a timer, not a poll)", share < 0.25,
                          f"{share * 100:.1f}% of one core")
    finally:
        if driver is not None:
            try:
                driver.quit()
            except Exception as e:  # noqa: BLE001 - cleaning up
                log(f"quitting the session failed: {e}")
        aw.stop(tauri_driver)
        aw.stop(xvfb)
        aw.stop(daemon)
        driver_log.close()
        daemon_log.close()
    print(f"{results.passed} passed, {results.failed} failed")
    return 0 if results.failed == 0 and results.passed > 0 else 1


def main() -> int:
    args = parse_args()
    aw.ensure_selenium(args)
    in_session()
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
