#!/usr/bin/env python3
"""End-to-end test of Valet's real app window, driven through WebDriver under Xvfb.

README: `python3 tests/e2e/app_window.py --app target/debug/valet-app --cli target/debug/valet
--data-dir DIR --expect "Call the bank" --screenshots tests/e2e/screenshots` (build ui/dist and the
app first). Needs Xvfb (started here when DISPLAY is unset), WebKitWebDriver (Debian package
webkit2gtk-driver) and tauri-driver (`cargo install tauri-driver --locked --version ^2`, done here
when missing unless --no-install); selenium comes from PyPI into a venv (default target/tools/venv)
that this script creates (or adds selenium to) and re-runs itself in. Every option also has an environment variable.

What it checks, in the window of the real binary (not a browser):
  1. the page loads (document title "Valet", the todo list renders, no error banner);
  2. each --expect todo, created with the CLI before the app started, is shown (without --expect,
     the script adds one with the CLI itself first);
  3. a todo added with `valet --data-dir DIR todo add ...` while the app runs appears within
     --live-timeout seconds (live refresh, no reload);
  4. a todo typed into the Todos view's add field (quick-add syntax) is found by the CLI with its
     parsed priority, tag, scheduled day ("tomorrow") and deadline ("by friday"); a tag added in
     its detail is stored, and Ctrl+Z takes it back;
  5. Settings → Data exports a JSON file, takes a restore point and restores it (the CLI sees
     the todo made after the point gone);
  6. todos and plan tasks written with the CLI (overdue, due today, scheduled, planned into the
     day) show up together in Today's one list;
  7. every view (Today, Upcoming, Todos, History, Settings, Sync) renders, light and dark: screenshots named
     view-<name>-<theme>.png (copy them to docs/screenshots/ for the README).
Screenshots (WebDriver's view of the page, and the whole X screen) and the driver's log (which
holds the app's stderr) go to --screenshots. Exit status 0 only when every check passed; the last
line printed is "N passed, N failed".
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Callable, Optional

ROOT = Path(__file__).resolve().parents[2]
SELENIUM_REQUIREMENT = "selenium>=4.20,<5"


# --------------------------------------------------------------------------------------------
# Setup: arguments, venv, binaries, Xvfb, tauri-driver
# --------------------------------------------------------------------------------------------


def parse_args() -> argparse.Namespace:
    env = os.environ.get
    target = Path(env("CARGO_TARGET_DIR", str(ROOT / "target")))
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--app", default=env("VALET_APP_BIN", str(target / "debug" / "valet-app")),
                   help="the desktop app binary (env VALET_APP_BIN; default target/debug/valet-app)")
    p.add_argument("--cli", default=env("VALET_CLI_BIN"),
                   help="the `valet` CLI binary (env VALET_CLI_BIN; default: `valet` next to --app)")
    p.add_argument("--data-dir", default=env("VALET_E2E_DATA_DIR", env("VALET_DATA_DIR")),
                   help="the store both the CLI and the app use (env VALET_E2E_DATA_DIR or "
                        "VALET_DATA_DIR; default: a new temporary folder)")
    p.add_argument("--expect", action="append", default=None,
                   help="content of a todo already in the store that the window must show "
                        "(repeatable; env VALET_E2E_EXPECT, one per line)")
    p.add_argument("--screenshots", default=env("VALET_E2E_SCREENSHOTS", str(ROOT / "tests" / "e2e" / "screenshots")),
                   help="folder for screenshots and logs (env VALET_E2E_SCREENSHOTS)")
    p.add_argument("--venv", default=env("VALET_E2E_VENV", str(target / "tools" / "venv")),
                   help="venv holding selenium, created when selenium is missing (env VALET_E2E_VENV)")
    p.add_argument("--tauri-driver", default=env("TAURI_DRIVER"),
                   help="tauri-driver binary (env TAURI_DRIVER; default: PATH or ~/.cargo/bin)")
    p.add_argument("--native-driver", default=env("WEBKIT_WEBDRIVER", shutil.which("WebKitWebDriver")),
                   help="WebKitWebDriver binary (env WEBKIT_WEBDRIVER)")
    p.add_argument("--port", type=int, default=int(env("VALET_E2E_PORT", "4444")),
                   help="tauri-driver's port; the native driver uses the next one (default 4444, "
                        "or the first free pair after it)")
    p.add_argument("--live-timeout", type=float, default=float(env("VALET_E2E_LIVE_TIMEOUT", "6")),
                   help="seconds a todo added by the CLI may take to appear (default 6)")
    p.add_argument("--no-install", action="store_true",
                   help="never install selenium or tauri-driver; fail instead")
    args = p.parse_args()
    if args.expect is None:
        args.expect = [line for line in env("VALET_E2E_EXPECT", "").splitlines() if line.strip()]
    return args


def ensure_selenium(args: argparse.Namespace) -> None:
    """Re-runs this script in a venv that has selenium, creating the venv when needed."""
    try:
        import selenium  # noqa: F401
        return
    except ImportError:
        pass
    venv = Path(args.venv).resolve()
    python = venv / "bin" / "python"
    if os.environ.get("VALET_E2E_IN_VENV") == "1":
        die(f"selenium is still missing inside {venv}")
    if not python.exists() or subprocess.run([str(python), "-c", "import selenium"],
                                             capture_output=True).returncode != 0:
        if args.no_install:
            die(f"selenium is not installed (and --no-install): pip install '{SELENIUM_REQUIREMENT}'")
        if not python.exists():
            log(f"creating the venv {venv}")
            subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        log(f"installing {SELENIUM_REQUIREMENT} into {venv}")
        subprocess.run([str(python), "-m", "pip", "install", "--quiet", SELENIUM_REQUIREMENT], check=True)
    env = dict(os.environ, VALET_E2E_IN_VENV="1")
    os.execve(str(python), [str(python), str(Path(__file__).resolve()), *sys.argv[1:]], env)


def find_tauri_driver(args: argparse.Namespace) -> str:
    candidates = [args.tauri_driver, shutil.which("tauri-driver"),
                  str(Path.home() / ".cargo" / "bin" / "tauri-driver")]
    for c in candidates:
        if c and Path(c).is_file() and os.access(c, os.X_OK):
            return c
    if args.no_install:
        die("tauri-driver not found: cargo install tauri-driver --locked --version ^2")
    log("installing tauri-driver (cargo install tauri-driver --locked --version ^2, ~1.5 min)")
    subprocess.run(["cargo", "install", "tauri-driver", "--locked", "--version", "^2"], check=True)
    path = Path.home() / ".cargo" / "bin" / "tauri-driver"
    if not path.is_file():
        die(f"tauri-driver was installed but is not at {path}")
    return str(path)


def port_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("127.0.0.1", port))
            return True
        except OSError:
            return False


def port_open(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.settimeout(0.2)
        return s.connect_ex(("127.0.0.1", port)) == 0


def pick_ports(first: int) -> tuple[int, int]:
    for port in range(first, first + 200, 2):
        if port_free(port) and port_free(port + 1):
            return port, port + 1
    die(f"no two free ports from {first} on")
    raise AssertionError  # unreachable


def start_xvfb(folder: Path) -> Optional[subprocess.Popen]:
    """Starts Xvfb on a free display when DISPLAY is unset; returns the process (or None)."""
    if os.environ.get("DISPLAY"):
        return None
    xvfb = shutil.which("Xvfb")
    if xvfb is None:
        die("DISPLAY is unset and Xvfb is missing (apt-get install xvfb)")
    for n in range(99, 140):
        if Path(f"/tmp/.X{n}-lock").exists() or Path(f"/tmp/.X11-unix/X{n}").exists():
            continue
        logf = open(folder / "xvfb.log", "wb")
        proc = subprocess.Popen([xvfb, f":{n}", "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
                                stdout=logf, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if Path(f"/tmp/.X11-unix/X{n}").exists():
                os.environ["DISPLAY"] = f":{n}"
                log(f"Xvfb on :{n}")
                return proc
            if proc.poll() is not None:
                break
            time.sleep(0.1)
        stop(proc)
    die("could not start Xvfb")
    return None


def stop(proc: Optional[subprocess.Popen], timeout: float = 5) -> None:
    """Ends a process this script started, and its process group (it was started in its own)."""
    if proc is None or proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    try:
        proc.wait(timeout)
    except subprocess.TimeoutExpired:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait(timeout)


def wait_until(predicate: Callable[[], bool], timeout: float, interval: float = 0.1) -> bool:
    deadline = time.monotonic() + timeout
    while True:
        try:
            if predicate():
                return True
        except Exception:  # noqa: BLE001 - the page may be mid-update; try again
            pass
        if time.monotonic() >= deadline:
            return False
        time.sleep(interval)


def click(driver, element, timeout: float = 10) -> None:
    """Clicks `element` the way a person would: scrolled to the middle of its scroller, and only
    once nothing covers its centre (a toast fading out, a list re-laying out after a change).
    Should something still cover it after `timeout` seconds, the error names what does."""
    from selenium.common.exceptions import ElementClickInterceptedException

    deadline = time.monotonic() + timeout
    while True:
        try:
            driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
            element.click()
            return
        except ElementClickInterceptedException:
            if time.monotonic() >= deadline:
                cover = driver.execute_script(
                    "const r = arguments[0].getBoundingClientRect();"
                    "const e = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);"
                    "return e ? e.outerHTML.slice(0, 300) : 'nothing';", element)
                raise RuntimeError(f"clicking {element.get_attribute('data-testid') or element.tag_name}: "
                                   f"covered for {timeout:g} s by {cover}") from None
            time.sleep(0.25)


def open_session(app: Path | str, data_dir: Path | str, port: int, native_port: int):
    """A WebDriver session on `app --data-dir DATA_DIR`, once tauri-driver listens on both ports."""
    from selenium.webdriver.common.options import ArgOptions

    if not wait_until(lambda: port_open(port) and port_open(native_port), 30, 0.2):
        die("tauri-driver did not start")
    options = ArgOptions()
    options.set_capability("browserName", "wry")
    options.set_capability("tauri:options", {"application": str(app), "args": ["--data-dir", str(data_dir)]})
    return remote(port, options)


def remote(port: int, options, timeout: float = 90):
    """A WebDriver session through tauri-driver on `port`; every request, the session's creation
    included, gives up after `timeout` seconds (an app that never shows a window then fails the
    test instead of hanging it)."""
    from selenium import webdriver
    from selenium.webdriver.remote.client_config import ClientConfig

    url = f"http://127.0.0.1:{port}"
    return webdriver.Remote(command_executor=url, options=options,
                            client_config=ClientConfig(remote_server_addr=url, timeout=timeout))


def end_session(driver, *procs: Optional[subprocess.Popen]) -> None:
    """Quits the WebDriver session (if any) and stops the helper processes."""
    if driver is not None:
        try:
            driver.quit()
        except Exception as e:  # noqa: BLE001 - cleaning up
            log(f"quitting the session failed: {e}")
    for p in procs:
        stop(p)


def log(msg: str) -> None:
    print(f"[app_window] {msg}", file=sys.stderr, flush=True)


def die(msg: str) -> None:
    log(f"error: {msg}")
    print("0 passed, 1 failed")
    sys.exit(2)


# --------------------------------------------------------------------------------------------
# The test
# --------------------------------------------------------------------------------------------


class Results:
    def __init__(self) -> None:
        self.passed = 0
        self.failed = 0

    def check(self, name: str, ok: bool, detail: str = "") -> bool:
        if ok:
            self.passed += 1
            print(f"PASS {name}", flush=True)
        else:
            self.failed += 1
            print(f"FAIL {name}{': ' + detail if detail else ''}", flush=True)
        return ok


def cli_add(cli: str, data_dir: Path, content: str) -> None:
    cmd = [cli, "--data-dir", str(data_dir), "todo", "add", content]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=60,
                          env=dict(os.environ, VALET_DATA_DIR=str(data_dir)))
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} exited {proc.returncode}: {proc.stderr.strip()}")


def cli_json(cli: str, data_dir: Path, *args: str) -> dict:
    import json

    cmd = [cli, "--data-dir", str(data_dir), "--json", *args]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} exited {proc.returncode}: {proc.stderr.strip()}")
    return json.loads(proc.stdout)


def seed_planner(cli: str, data_dir: Path) -> None:
    """A day as a person has it: something late, a deadline today, something scheduled, a todo
    planned into the day, the day's own tasks, the week ahead, a journal entry."""
    add = lambda *a: cli_json(cli, data_dir, "todo", "add", *a)  # noqa: E731
    add("Renew the passport", "--due", "yesterday", "--priority", "high")
    add("Dentist", "--due", "today 3pm")
    add("Draft the quarterly review", "--when", "today")
    bank = add("Call the bank about the mortgage", "--category", "Finance")
    cli_json(cli, data_dir, "plan", bank["id"])
    cli_json(cli, data_dir, "day", "update", "--planner", "--section", "tasks",
             "--append", "- [ ] Stretch for ten minutes\n- [x] Water the plants")
    add("Book flights to Lisbon", "--when", "in 3 days")
    add("Pay rent", "--due", "in 5 days")
    add("Send the invoice", "--when", "in 2 days", "--due", "in 6 days")
    cli_json(cli, data_dir, "day", "update", "--journal", "--section", "entries",
             "--append", "Good focus this morning; the review outline is done.")


def shown_contents(driver) -> list[str]:
    from selenium.webdriver.common.by import By

    return [(e.get_attribute("textContent") or "").strip() for e in driver.find_elements(By.CSS_SELECTOR, "[data-testid='todo-content']")]


def error_text(driver) -> str:
    from selenium.webdriver.common.by import By

    return " ".join(e.text for e in driver.find_elements(By.CSS_SELECTOR, "[data-testid='error']"))


def cli_todos(cli: str, data_dir: Path) -> list[dict]:
    import json

    cmd = [cli, "--data-dir", str(data_dir), "todo", "list", "--status", "all", "--json"]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} exited {proc.returncode}: {proc.stderr.strip()}")
    data = json.loads(proc.stdout)
    return data["items"] if isinstance(data, dict) and "items" in data else data


def screenshot(driver, folder: Path, name: str) -> None:
    """The virtual screen as evidence (ImageMagick's `import`). Not WebDriver's page snapshot: with
    the app's accelerated compositing off (src-tauri/src/render.rs), WebKitWebDriver's snapshot
    sometimes never answers (90 s each), while the screen itself is painted."""
    del driver  # kept in the signature: callers pass the session they are driving
    time.sleep(0.5)  # let WebKit paint the last DOM change
    importer = shutil.which("import")
    if importer is None:
        log(f"no screenshot {name}: ImageMagick's import is not installed")
        return
    proc = subprocess.run([importer, "-window", "root", str(folder / f"{name}.png")],
                          capture_output=True, timeout=30)
    if proc.returncode != 0:  # a screenshot is evidence, not a check
        log(f"screenshot {name} failed: {proc.stderr.decode(errors='replace').strip()}")


def run(args: argparse.Namespace) -> int:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.options import ArgOptions

    folder = Path(args.screenshots).resolve()
    folder.mkdir(parents=True, exist_ok=True)
    app = Path(args.app).resolve()
    if not app.is_file():
        die(f"app binary {app} not found: build it with `cargo build -p valet-app` (after `npm run build` in ui/)")
    cli = Path(args.cli).resolve() if args.cli else app.with_name("valet")
    if not cli.is_file():
        die(f"CLI binary {cli} not found: build it (cargo build -p valet-cli) or pass --cli")
    if not args.native_driver:
        die("WebKitWebDriver not found (apt-get install webkit2gtk-driver)")
    tmp = None
    if args.data_dir:
        data_dir = Path(args.data_dir).resolve()
    else:
        tmp = tempfile.mkdtemp(prefix="valet-e2e-")
        data_dir = Path(tmp)
    data_dir.mkdir(parents=True, exist_ok=True)

    results = Results()
    tag = uuid.uuid4().hex[:8]
    expected = list(args.expect)
    if not expected:
        seeded = f"E2E seeded todo {tag}"
        cli_add(str(cli), data_dir, seeded)
        expected = [seeded]
        log(f"seeded {seeded!r} with the CLI")

    driver_bin = find_tauri_driver(args)
    xvfb = start_xvfb(folder)
    port, native_port = pick_ports(args.port)
    driver_log = open(folder / "tauri-driver.log", "wb")
    tauri_driver = subprocess.Popen(
        [driver_bin, "--port", str(port), "--native-port", str(native_port),
         "--native-driver", args.native_driver],
        stdout=driver_log, stderr=subprocess.STDOUT, start_new_session=True,
        env=dict(os.environ, VALET_DATA_DIR=str(data_dir)),
    )
    driver = None
    try:
        # tauri-driver opens its port before WebKitWebDriver listens on the native one.
        if not wait_until(lambda: port_open(port) and port_open(native_port), 30, 0.2):
            die(f"tauri-driver did not listen on {port} and {native_port} (see {folder / 'tauri-driver.log'})")

        options = ArgOptions()
        options.set_capability("browserName", "wry")
        options.set_capability("tauri:options", {
            "application": str(app),
            "args": ["--data-dir", str(data_dir)],
        })
        started = time.monotonic()
        driver = remote(port, options)
        driver.set_page_load_timeout(30)
        log(f"session started in {time.monotonic() - started:.1f}s")

        # 1. The page loads; the Todos view lists the store.
        results.check("window title is Valet",
                      wait_until(lambda: driver.title == "Valet", 15),
                      f"title is {driver.title!r}")
        wait_until(lambda: driver.find_elements(By.CSS_SELECTOR, "[data-testid='nav-todos']"), 15)
        click(driver, driver.find_element(By.CSS_SELECTOR, "[data-testid='nav-todos']"))
        listed = wait_until(
            lambda: driver.find_elements(By.CSS_SELECTOR, "[data-testid='todo-list']")
            or driver.find_elements(By.CSS_SELECTOR, "[data-testid='error']"), 20)
        results.check("todo list renders", listed and not error_text(driver),
                      error_text(driver) or "no [data-testid=todo-list] within 20 s")

        # 2. Todos created before the app started are shown.
        for content in expected:
            results.check(f"shows existing todo {content!r}",
                          wait_until(lambda c=content: c in shown_contents(driver), 10),
                          f"shown: {shown_contents(driver)}")
        screenshot(driver, folder, "app_window-initial")

        # 3. A todo added by the CLI while the app runs appears without a restart.
        live = f"Added by the CLI while the app runs {tag}"
        try:
            cli_add(str(cli), data_dir, live)
            added_at = time.monotonic()
            appeared = wait_until(lambda: live in shown_contents(driver), args.live_timeout)
            waited = time.monotonic() - added_at
            results.check(f"todo added by the CLI appears within {args.live_timeout:g} s", appeared,
                          f"not shown after {waited:.1f} s; shown: {shown_contents(driver)}")
            if appeared:
                log(f"live todo appeared after {waited:.1f}s")
        except (RuntimeError, subprocess.TimeoutExpired) as e:
            results.check("todo added by the CLI appears", False, str(e))
        screenshot(driver, folder, "app_window-after-cli-add")

        # 4. A todo typed in the UI (quick-add syntax) is stored: the CLI finds it, parsed.
        typed = f"Typed in the app {tag}"
        box = driver.find_element(By.CSS_SELECTOR, "[data-testid='new-todo']")
        # "tomorrow" schedules the todo; "by friday" would set its deadline.
        box.send_keys(f"{typed} tomorrow by friday !high #e2e")
        box.send_keys("\ue007")  # Enter
        found = []
        def stored() -> bool:
            found[:] = [t for t in cli_todos(str(cli), data_dir) if t.get("content") == typed]
            return bool(found)
        ok = wait_until(stored, 10, 0.3)
        results.check("todo added in the UI is listed by the CLI", ok, "not in `valet todo list --json`")
        if ok:
            t = found[0]
            results.check("UI todo has the parsed priority, tag, scheduled day and deadline",
                          t.get("priority") == "high" and t.get("tags") == ["e2e"]
                          and bool(t.get("when")) and bool(t.get("due")), str(t))
        results.check("UI todo is shown in the list",
                      wait_until(lambda: typed in shown_contents(driver), 5),
                      f"shown: {shown_contents(driver)}")

        # 4b. Organize and undo in the real window: a tag added in the todo's detail is stored;
        #     Ctrl+Z (outside any text field) takes it back (the CLI agrees both times).
        def typed_tags() -> list:
            return next((t.get("tags", []) for t in cli_todos(str(cli), data_dir) if t.get("content") == typed), [])

        try:
            row = next(e for e in driver.find_elements(By.CSS_SELECTOR, "[data-testid='todo-content']")
                       if (e.get_attribute("textContent") or "").strip() == typed)
            click(driver, row)
            wait_until(lambda: driver.find_elements(By.CSS_SELECTOR, "[data-testid='tag-input']"), 10)
            tag_box = driver.find_element(By.CSS_SELECTOR, "[data-testid='tag-input']")
            tag_box.send_keys("weekend")
            tag_box.send_keys("\ue007")
            results.check("a tag added in the detail is stored (CLI)",
                          wait_until(lambda: "weekend" in typed_tags(), 10, 0.3), str(typed_tags()))
            driver.execute_script("document.activeElement && document.activeElement.blur()")
            from selenium.webdriver.common.action_chains import ActionChains
            from selenium.webdriver.common.keys import Keys
            ActionChains(driver).key_down(Keys.CONTROL).send_keys("z").key_up(Keys.CONTROL).perform()
            results.check("Ctrl+Z takes the tag back (CLI)",
                          wait_until(lambda: "weekend" not in typed_tags(), 10, 0.3), str(typed_tags()))
            screenshot(driver, folder, "app_window-undo")
        except StopIteration:
            results.check("the typed todo's row is found", False, str(shown_contents(driver)))

        # 5. Settings → Data in the real window: export, take a restore point, add a todo with
        #    the CLI, restore the point: the later todo is gone, the earlier one stays.
        def tid(name: str) -> list:
            return driver.find_elements(By.CSS_SELECTOR, f"[data-testid='{name}']")

        def tid_text(name: str) -> str:
            return " ".join((e.get_attribute("textContent") or "") for e in tid(name))

        click(driver, driver.find_element(By.CSS_SELECTOR, "[data-testid='nav-settings']"))
        wait_until(lambda: tid("export-path"), 10)
        export_file = Path(tempfile.mkdtemp(prefix="valet-e2e-export-")) / "export.json"
        tid("export-path")[0].send_keys(str(export_file))
        click(driver, tid("export")[0])
        exported = wait_until(lambda: "Exported" in tid_text("data-result"), 20)
        results.check("Settings exports to a JSON file", exported and export_file.is_file()
                      and typed in export_file.read_text(errors="replace"),
                      tid_text("data-error") or tid_text("data-result"))
        click(driver, tid("backup-now")[0])
        results.check("Settings takes a restore point and lists it",
                      wait_until(lambda: "Restore point" in tid_text("data-result") and tid("restore-point"), 20),
                      tid_text("data-error") or tid_text("data-result"))
        after_point = f"Made after the restore point {tag}"
        cli_add(str(cli), data_dir, after_point)
        click(driver, tid("restore")[0])
        wait_until(lambda: tid("restore-confirm"), 5)
        click(driver, tid("restore-confirm")[0])
        restored = wait_until(lambda: "Undo with restore point" in tid_text("data-result"), 30)
        contents = [t.get("content") for t in cli_todos(str(cli), data_dir)]
        results.check("restoring from Settings puts the store back (the CLI agrees)",
                      restored and after_point not in contents and typed in contents,
                      tid_text("data-error") or f"{tid_text('data-result')}; CLI: {contents}")

        # 6. Today joins the list with the plan: seeded with the CLI while the app runs.
        seed_planner(str(cli), data_dir)
        click(driver, driver.find_element(By.CSS_SELECTOR, "[data-testid='nav-today']"))
        joined = wait_until(lambda: "Call the bank about the mortgage" in tid_text("today-list")
                            and "Dentist" in tid_text("today-list")
                            and "Renew the passport" in tid_text("today-list"), 10)
        results.check("Today shows overdue, due and scheduled todos beside the plan's tasks",
                      joined, tid_text("today-list") or error_text(driver))

        # 6b. Projects and areas (issue 17): seeded by the CLI while the app runs, shown with
        # their area and progress; a project created in the window is seen by the CLI.
        cli_json(str(cli), data_dir, "project", "add", "Home", "--is-area")
        cli_json(str(cli), data_dir, "project", "add", "Garden", "--area", "Home")
        cli_json(str(cli), data_dir, "todo", "add", "Plant tulips", "--project", "Garden")
        done = cli_json(str(cli), data_dir, "todo", "add", "Buy bulbs", "--project", "garden")
        cli_json(str(cli), data_dir, "todo", "complete", done["id"])
        click(driver, driver.find_element(By.CSS_SELECTOR, "[data-testid='nav-projects']"))
        listed = wait_until(lambda: "Garden" in tid_text("project-list") and "Home" in tid_text("project-list")
                            and "1/2" in tid_text("project-list"), 10)
        results.check("Projects lists the CLI's area and project with its progress (1/2)", listed,
                      tid_text("project-list") or error_text(driver))
        click(driver, tid("new-project")[0])
        wait_until(lambda: tid("new-project-name"), 5)
        tid("new-project-name")[0].send_keys("Window project")
        click(driver, tid("new-project-create")[0])
        seen = wait_until(lambda: any(p["name"] == "Window project"
                                      for p in cli_json(str(cli), data_dir, "project", "list")), 10)
        results.check("a project created in the window is there for the CLI", seen,
                      tid_text("project-list") or error_text(driver))

        # 7. Every view, light and dark.
        for theme in ("light", "dark"):
            driver.execute_script(f"document.documentElement.dataset.theme = '{theme}'")
            for view, marker in (("today", "day-title"), ("upcoming", "upcoming-days"),
                                 ("todos", "todo-list"), ("projects", "project-list"),
                                 ("history", "calendar"), ("insights", "insights"), ("review", "review"),
                                 ("settings", "version"), ("sync", "sync-state")):
                # The Sync view is reached through the sync badge.
                nav = "sync-badge" if view == "sync" else f"nav-{view}"
                click(driver, driver.find_element(By.CSS_SELECTOR, f"[data-testid='{nav}']"))
                shown = wait_until(lambda m=marker: driver.find_elements(
                    By.CSS_SELECTOR, f"[data-testid='{m}'], [data-testid='empty-state']"), 10)
                results.check(f"{view} view renders ({theme})", shown and not error_text(driver),
                              error_text(driver) or f"no [data-testid={marker}]")
                screenshot(driver, folder, f"view-{view}-{theme}")
        results.check("no error banner", not error_text(driver), error_text(driver))
    except Exception as e:  # noqa: BLE001 - report, count, and clean up
        results.check("WebDriver session", False, f"{type(e).__name__}: {e}")
    finally:
        if driver is not None:
            try:
                driver.quit()
            except Exception as e:  # noqa: BLE001
                log(f"quitting the session failed: {e}")
        stop(tauri_driver)
        driver_log.close()
        stop(xvfb)
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)

    if results.failed:
        log_path = folder / "tauri-driver.log"
        tail = log_path.read_text(errors="replace").splitlines()[-40:] if log_path.exists() else []
        log("last lines of tauri-driver.log (the app's stderr is in it):\n" + "\n".join(tail))
    log(f"screenshots and logs in {folder}")
    print(f"{results.passed} passed, {results.failed} failed")
    return 0 if results.failed == 0 and results.passed > 0 else 1


def main() -> int:
    args = parse_args()
    ensure_selenium(args)
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
