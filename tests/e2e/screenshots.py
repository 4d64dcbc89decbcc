#!/usr/bin/env python3
"""The README's screenshots, from the real app window on a realistic demo data set, with axe-core
run in that same window on every view in both themes.

`cargo xtask screenshots` runs it (and builds what it needs); it writes
`docs/screenshots/view-<view>-<theme>.png` at 1280x800. Under Xvfb when there is no display.

  --check   run axe on every view and theme and fail on any WCAG 2.1 AA violation, writing the
            pictures to --out (the app end-to-end step runs it this way, into target/test-logs).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import app_window as aw  # noqa: E402 - shared helpers (Xvfb, tauri-driver, sessions)
import demo_data  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
# (view, the sidebar entry that opens it, an element that says it is shown)
VIEWS = [
    ("today", "nav-today", "day-title"),
    ("upcoming", "nav-upcoming", "upcoming-days"),
    ("todos", "nav-todos", "todo-list"),
    ("projects", "nav-projects", "project-list"),
    ("history", "nav-history", "calendar"),
    ("insights", "nav-insights", "insights"),
    ("review", "nav-review", "review"),
    ("settings", "nav-settings", "version"),
    ("sync", "sync-badge", "sync-state"),
]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def parse_args() -> argparse.Namespace:
    target = Path(os.environ.get("CARGO_TARGET_DIR", str(ROOT / "target")))
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--app", default=str(target / "debug" / "valet-app"))
    p.add_argument("--cli", default=None, help="the valet CLI (default: next to --app)")
    p.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    p.add_argument("--axe", default=str(ROOT / "ui" / "node_modules" / "axe-core" / "axe.min.js"))
    p.add_argument("--check", action="store_true", help="fail on axe violations")
    p.add_argument("--size", default="1280x800")
    p.add_argument("--port", type=int, default=4464)
    p.add_argument("--tauri-driver", default=os.environ.get("TAURI_DRIVER"))
    p.add_argument("--native-driver", default=os.environ.get("WEBKIT_WEBDRIVER") or "/usr/bin/WebKitWebDriver")
    p.add_argument("--venv", default=str(target / "tools" / "venv"))
    p.add_argument("--no-install", action="store_true")
    return p.parse_args()


def axe_violations(driver, axe_source: str) -> list[dict]:
    """axe-core's WCAG 2.1 A/AA violations on the page as it is now."""
    driver.execute_script(axe_source + "\n;window.__axeLoaded = true;")
    result = driver.execute_async_script(
        """const done = arguments[arguments.length - 1];
        axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}})
          .then(r => done(JSON.stringify(r.violations.map(v => ({id: v.id, impact: v.impact,
             nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))})))))
          .catch(e => done(JSON.stringify([{id: 'axe-error', impact: 'critical', nodes: [String(e)]}])));""",
        AXE_TAGS,
    )
    return json.loads(result)


def run(args: argparse.Namespace) -> int:
    from selenium.webdriver.common.by import By

    out = Path(args.out).resolve()
    out.mkdir(parents=True, exist_ok=True)
    app = Path(args.app).resolve()
    cli = Path(args.cli).resolve() if args.cli else app.with_name("valet")
    for binary in (app, cli):
        if not binary.is_file():
            aw.die(f"{binary} not found: `cargo build -p valet-app -p valet-cli` first")
    axe_source = Path(args.axe).read_text() if Path(args.axe).is_file() else None
    if axe_source is None:
        aw.die(f"axe-core not found at {args.axe}: run `npm ci` in ui/")
    width, height = (int(n) for n in args.size.split("x"))

    tmp = Path(tempfile.mkdtemp(prefix="valet-demo-"))
    data_dir = tmp / "data"
    aw.log("writing the demo data set with the CLI")
    demo_data.seed(str(cli), data_dir)

    logs = Path(tempfile.mkdtemp(prefix="valet-shots-logs-"))
    xvfb = aw.start_xvfb(logs) if not os.environ.get("DISPLAY") else None
    driver_bin = aw.find_tauri_driver(args)
    port, native_port = aw.pick_ports(args.port)
    driver_log = open(logs / "tauri-driver.log", "wb")
    tauri_driver = subprocess.Popen(
        [driver_bin, "--port", str(port), "--native-port", str(native_port), "--native-driver", args.native_driver],
        stdout=driver_log, stderr=subprocess.STDOUT, start_new_session=True,
        # WebKit's own rendering (accelerated compositing as it decides): WebKitWebDriver's page
        # snapshot, which these pictures are, sometimes never answers with it off, as the app
        # ships (src-tauri/src/render.rs). The axe checks below do not depend on it.
        env=dict(os.environ, VALET_DATA_DIR=str(data_dir), VALET_WEBVIEW_GPU="1"),
    )
    results = aw.Results()
    all_shown = True
    driver = None
    try:
        driver = aw.open_session(app, data_dir, port, native_port)
        try:
            driver.set_window_size(width, height)
        except Exception as e:  # noqa: BLE001 - the window keeps its configured size
            aw.log(f"could not resize the window: {e}")
        aw.wait_until(lambda: driver.find_elements(By.CSS_SELECTOR, "[data-testid='nav-today']"), 30)
        for theme in ("light", "dark"):
            driver.execute_script(f"document.documentElement.dataset.theme = '{theme}'")
            for view, nav, marker in VIEWS:
                aw.click(driver, driver.find_element(By.CSS_SELECTOR, f"[data-testid='{nav}']"))
                shown = aw.wait_until(lambda m=marker: driver.find_elements(
                    By.CSS_SELECTOR, f"[data-testid='{m}'], [data-testid='empty-state']"), 10)
                all_shown &= results.check(f"{view} view shows ({theme})", bool(shown), f"no [data-testid={marker}]")
                time.sleep(0.6)  # charts and lists settle
                driver.get_screenshot_as_file(str(out / f"view-{view}-{theme}.png"))
                violations = axe_violations(driver, axe_source)
                results.check(f"axe in the real window: {view}, {theme}: no WCAG 2.1 AA violation",
                              not violations, json.dumps(violations)[:800])
    except Exception as e:  # noqa: BLE001 - report, count, clean up
        results.check("WebDriver session", False, f"{type(e).__name__}: {e}")
    finally:
        aw.end_session(driver, tauri_driver, xvfb)
        driver_log.close()
    aw.log(f"screenshots in {out}; logs in {logs}")
    print(f"{results.passed} passed, {results.failed} failed")
    if args.check:
        return 0 if results.failed == 0 and results.passed > 0 else 1
    # Making pictures: a view that did not show is a failure, an axe finding is reported.
    return 0 if all_shown and results.passed > 0 else 1


def main() -> int:
    args = parse_args()
    aw.ensure_selenium(args)
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
