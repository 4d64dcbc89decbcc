#!/usr/bin/env python3
"""End-to-end test of the tray's quick add, the keychain and "Add to Claude Desktop", on the
real app under Xvfb.

README: `python3 tests/e2e/tray_keychain.py --app target/debug/valet-app --cli target/debug/valet
--screenshots DIR` (build ui/dist and the app first). Needs what app_window.py needs (Xvfb,
WebKitWebDriver, tauri-driver, selenium in target/tools/venv) plus dbus-run-session (dbus),
gnome-keyring, libsecret-tools (secret-tool) and the system python3 with python3-dbus and
python3-gi (for sni.py). It re-runs itself inside `dbus-run-session` with a temporary HOME, so
the login keyring it creates is fresh and nothing touches the real one.

Inside that session it:
  1. unlocks a new gnome-keyring (`echo -n pw | gnome-keyring-daemon --unlock
     --components=secrets`) and starts a StatusNotifierWatcher (sni.py watch), as a desktop would;
  2. starts the app through tauri-driver; its tray item registers with the watcher, and the menu
     has "Quick add…", "Open Valet", the open-todo count and "Quit";
  3. clicks "Quick add…" through com.canonical.dbusmenu.Event, types
     `Call the bank tomorrow 9am !high #finance` + Enter into the quick-add window (WebDriver),
     and finds the todo with the CLI, parsed (due date and time, priority, tag);
  4. in Settings, saves access keys; the view says they are in the keychain, `secret-tool`
     finds them in the Secret Service, and the secret's text is in no file under the data dir
     (settings.json included), in no other file under HOME (the keyring file is encrypted), and
     not in the app's log;
  5. "Add to Claude Desktop" in Settings shows the change to the temporary HOME's
     claude_desktop_config.json, writes it only on confirmation, keeps the other servers and
     settings, and backs the old file up;
  6. with VALET_TEST_S3_ENDPOINT / VALET_TEST_S3_BUCKET (a moto server): restarts the app on the
     saved S3 profile (syncInterval 5 s, the shortest allowed), with no keys in the environment: it syncs with the
     keychain's keys, the badge says "Synced HH:MM", and the tray offers "Sync now".
Exit status 0 only when every check passed; the last line printed is "N passed, N failed".
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import app_window as aw  # noqa: E402 - the shared helpers (Xvfb, tauri-driver, CLI, results)

HERE = Path(__file__).resolve().parent
SNI = HERE / "sni.py"
QUICK_LINE = "Call the bank tomorrow 9am !high #finance"
# A real S3 server (moto, started by `cargo xtask test`) when given: then the app is restarted
# with that profile and must sync with the keychain's keys. Else an endpoint nothing answers.
S3_ENDPOINT = os.environ.get("VALET_TEST_S3_ENDPOINT", "")
S3_BUCKET = os.environ.get("VALET_TEST_S3_BUCKET", "valet-e2e")
ENDPOINT = S3_ENDPOINT or "http://127.0.0.1:9/valet-e2e-endpoint"


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
    p.add_argument("--port", type=int, default=int(env("VALET_E2E_PORT", "4460")))
    p.add_argument("--no-install", action="store_true")
    return p.parse_args()


def log(msg: str) -> None:
    print(f"[tray_keychain] {msg}", file=sys.stderr, flush=True)


def in_session(args: argparse.Namespace) -> None:
    """Re-runs this script inside dbus-run-session with a fresh temporary HOME (once)."""
    if os.environ.get("VALET_E2E_IN_DBUS") == "1":
        return
    runner = shutil.which("dbus-run-session")
    if runner is None:
        aw.die("dbus-run-session is missing (apt-get install dbus)")
    home = tempfile.mkdtemp(prefix="valet-e2e-home-")
    env = dict(os.environ, VALET_E2E_IN_DBUS="1", HOME=home, XDG_DATA_HOME=f"{home}/.local/share",
               XDG_CONFIG_HOME=f"{home}/.config", XDG_CACHE_HOME=f"{home}/.cache",
               XDG_RUNTIME_DIR=home, VALET_E2E_HOME=home, NO_AT_BRIDGE="1")
    env.pop("DBUS_SESSION_BUS_ADDRESS", None)
    # The app must take the keys from the keychain, not from the environment.
    for var in ("CLOUDFLARE_R2_ACCESS_KEY_ID", "CLOUDFLARE_R2_SECRET_ACCESS_KEY", "AWS_ACCESS_KEY_ID",
                "AWS_SECRET_ACCESS_KEY"):
        env.pop(var, None)
    proc = subprocess.run([runner, "--", sys.executable, str(Path(__file__).resolve()), *sys.argv[1:]], env=env)
    shutil.rmtree(home, ignore_errors=True)
    sys.exit(proc.returncode)


def unlock_keyring() -> dict[str, str]:
    proc = subprocess.run(["gnome-keyring-daemon", "--unlock", "--components=secrets"],
                          input=b"pw", capture_output=True, timeout=30)
    if proc.returncode != 0:
        aw.die(f"gnome-keyring-daemon failed: {proc.stderr.decode(errors='replace')}")
    found = {}
    for line in proc.stdout.decode().splitlines():
        key, _, value = line.partition("=")
        if key and value:
            found[key] = value
    return found


def sni(*argv: str) -> subprocess.CompletedProcess:
    return subprocess.run(["/usr/bin/python3", str(SNI), *argv], capture_output=True, text=True, timeout=30)


def files_containing(root: Path, needle: bytes, skip: Path | None = None) -> list[str]:
    hits = []
    for path in root.rglob("*"):
        if not path.is_file() or path.is_symlink():
            continue
        if skip is not None and skip in path.parents:
            continue
        try:
            if needle in path.read_bytes():
                hits.append(str(path))
        except OSError:
            continue
    return hits


def run(args: argparse.Namespace) -> int:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.options import ArgOptions

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
    tag = uuid.uuid4().hex[:8]
    key_id = f"AKIAE2E{tag.upper()}"
    secret = f"e2e-secret-{tag}-never-on-disk"

    os.environ.update(unlock_keyring())
    watcher_log = open(folder / "sni-watcher.log", "wb")
    watcher = subprocess.Popen(["/usr/bin/python3", str(SNI), "watch"], stdout=watcher_log,
                               stderr=subprocess.STDOUT, start_new_session=True)
    xvfb = aw.start_xvfb(folder)
    driver_bin = aw.find_tauri_driver(args)
    port, native_port = aw.pick_ports(args.port)
    driver_log_path = folder / "tray-tauri-driver.log"
    driver_log = open(driver_log_path, "wb")
    tauri_driver = subprocess.Popen(
        [driver_bin, "--port", str(port), "--native-port", str(native_port), "--native-driver", args.native_driver],
        stdout=driver_log, stderr=subprocess.STDOUT, start_new_session=True,
        env=dict(os.environ, VALET_DATA_DIR=str(data_dir)),
    )
    driver = None
    try:
        if not aw.wait_until(lambda: aw.port_open(port) and aw.port_open(native_port), 30, 0.2):
            aw.die("tauri-driver did not listen")
        options = ArgOptions()
        options.set_capability("browserName", "wry")
        options.set_capability("tauri:options", {"application": str(app), "args": ["--data-dir", str(data_dir)]})
        driver = aw.remote(port, options)
        main = driver.current_window_handle
        aw.wait_until(lambda: driver.find_elements(By.CSS_SELECTOR, "[data-testid='nav-todos']"), 20)

        # 2. The tray item registers; its menu has the expected entries.
        labels: list[str] = []

        def menu_ready() -> bool:
            proc = sni("labels")
            if proc.returncode != 0:
                return False
            labels[:] = json.loads(proc.stdout)
            return "Quick add…" in labels and any(l.startswith("Open todos: ") and "…" not in l for l in labels)

        results.check("tray item registers with the StatusNotifierWatcher and shows its menu",
                      aw.wait_until(menu_ready, 20, 0.5), f"labels: {labels}")
        results.check("tray menu has Quick add…, Open Valet, the count and Quit",
                      {"Quick add…", "Open Valet", "Quit"} <= set(labels), f"labels: {labels}")
        results.check("no Sync now in the tray while sync is off", "Sync now" not in labels, f"labels: {labels}")

        # 3. Quick add from the tray menu.
        clicked = sni("click", "Quick add…")
        results.check("Quick add… clicked through com.canonical.dbusmenu.Event", clicked.returncode == 0,
                      clicked.stdout + clicked.stderr)
        handles: list[str] = []

        def quick_window() -> bool:
            handles[:] = [h for h in driver.window_handles if h != main]
            return bool(handles)

        opened = aw.wait_until(quick_window, 10, 0.3)
        results.check("the quick-add window opens", opened, f"windows: {driver.window_handles}")
        if opened:
            driver.switch_to.window(handles[0])
            aw.wait_until(lambda: driver.find_elements(By.CSS_SELECTOR, "[data-testid='quick-input']"), 10)
            box = driver.find_element(By.CSS_SELECTOR, "[data-testid='quick-input']")
            box.send_keys(QUICK_LINE)
            aw.wait_until(lambda: "finance" in (driver.find_element(By.CSS_SELECTOR, "[data-testid='quick-preview']").text), 5)
            aw.screenshot(driver, folder, "quick-add-window")
            box.send_keys("\ue007")
            found: list[dict] = []

            def stored() -> bool:
                found[:] = [t for t in aw.cli_todos(str(cli), data_dir) if t.get("content") == "Call the bank"]
                return bool(found)

            ok = aw.wait_until(stored, 10, 0.3)
            results.check("the quick-added todo is in the store (CLI)", ok, "not in `valet todo list --json`")
            if ok:
                t = found[0]
                results.check("quick add parsed due date and time, priority and tag",
                              t.get("priority") == "high" and t.get("tags") == ["finance"]
                              and bool(t.get("due")) and t.get("dueTime") == "09:00", str(t))
            driver.switch_to.window(main)

        # 4. Keychain round trip from Settings.
        aw.click(driver, driver.find_element(By.CSS_SELECTOR, "[data-testid='nav-settings']"))
        aw.wait_until(lambda: driver.find_elements(By.CSS_SELECTOR, "[data-testid='access-key-id'], [data-testid='keychain-message']"), 15)
        unavailable = driver.find_elements(By.CSS_SELECTOR, "[data-testid='keychain-message']")
        results.check("the Settings view finds the keychain", not unavailable,
                      unavailable[0].text if unavailable else "")
        if not unavailable:
            # The profile goes to settings.json (the keys must not).
            from selenium.webdriver.support.ui import Select
            Select(driver.find_element(By.CSS_SELECTOR, "[data-testid='provider']")).select_by_value("cloudflare-r2")
            aw.wait_until(lambda: driver.find_elements(By.CSS_SELECTOR, "[data-testid='endpoint']"), 5)
            driver.find_element(By.CSS_SELECTOR, "[data-testid='endpoint']").send_keys(ENDPOINT)
            driver.find_element(By.CSS_SELECTOR, "[data-testid='bucket']").send_keys(S3_BUCKET)
            driver.find_element(By.XPATH, "//input[@placeholder='(optional) e.g. alice/']").send_keys(f"e2e-{tag}/")
            aw.click(driver, driver.find_element(By.XPATH, "//button[normalize-space()='Save profile']"))
            aw.wait_until(lambda: "Storage profile saved" in
                          driver.find_element(By.CSS_SELECTOR, "[data-testid='saved']").text, 10)
            driver.find_element(By.CSS_SELECTOR, "[data-testid='access-key-id']").send_keys(key_id)
            driver.find_element(By.CSS_SELECTOR, "[data-testid='secret-access-key']").send_keys(secret)
            aw.click(driver, driver.find_element(By.CSS_SELECTOR, "[data-testid='save-keys']"))
            said = aw.wait_until(lambda: "Keys are stored in the OS keychain" in
                                 driver.find_element(By.CSS_SELECTOR, "[data-testid='keychain-status']").text, 10)
            results.check("the view says the keys are in the keychain", said)
            aw.screenshot(driver, folder, "settings-keys-saved")
            lookup = subprocess.run(["secret-tool", "search", "--all", "--unlock", "service", "dev.valet.desktop"],
                                    capture_output=True, text=True, timeout=30)
            results.check("secret-tool finds both keys in the Secret Service",
                          key_id in lookup.stdout and secret in lookup.stdout,
                          f"secret-tool exited {lookup.returncode}: {lookup.stderr.strip()[:300]}")

        # 5. "Add to Claude Desktop": shows the change, writes it on confirmation, keeps others.
        claude = home / ".config" / "Claude" / "claude_desktop_config.json"
        claude.parent.mkdir(parents=True, exist_ok=True)
        claude.write_text(json.dumps({"theme": "dark", "mcpServers": {"files": {"command": "npx", "args": ["fs"]}}}))
        aw.click(driver, driver.find_element(By.CSS_SELECTOR, "[data-testid='claude-add']"))
        shown = aw.wait_until(lambda: driver.find_elements(By.CSS_SELECTOR, "[data-testid='claude-after']"), 10)
        after = driver.find_element(By.CSS_SELECTOR, "[data-testid='claude-after']").text if shown else ""
        results.check("Add to Claude Desktop shows the change before writing",
                      shown and '"valet"' in after and '"files"' in after
                      and "valet" not in json.loads(claude.read_text())["mcpServers"], after[:300])
        aw.screenshot(driver, folder, "settings-claude-change")
        if shown:
            aw.click(driver, driver.find_element(By.CSS_SELECTOR, "[data-testid='claude-apply']"))
            aw.wait_until(lambda: driver.find_elements(By.CSS_SELECTOR, "[data-testid='claude-done']"), 10)
            written = json.loads(claude.read_text())
            valet_entry = written.get("mcpServers", {}).get("valet", {})
            results.check("claude_desktop_config.json gets valet and keeps the rest",
                          written.get("theme") == "dark" and "files" in written.get("mcpServers", {})
                          and valet_entry.get("args", [])[-1:] == ["mcp"]
                          and str(data_dir) in valet_entry.get("args", []), json.dumps(written)[:400])
            results.check("the old Claude Desktop config is backed up",
                          claude.with_suffix(".json.valet-backup").is_file())

        # 5b. Settings → Serve MCP over HTTP: the running app answers MCP on 127.0.0.1 with the
        #     token it keeps in the keychain; a todo added by an HTTP client shows in the window.
        import socket as _socket
        with _socket.socket() as s_:
            s_.bind(("127.0.0.1", 0))
            http_port = s_.getsockname()[1]
        port_box = driver.find_element(By.CSS_SELECTOR, "[data-testid='mcp-http-port']")
        port_box.clear()
        port_box.send_keys(str(http_port))
        aw.click(driver, driver.find_element(By.CSS_SELECTOR, "[data-testid='mcp-http-enabled']"))
        listening = aw.wait_until(lambda: driver.find_elements(By.CSS_SELECTOR, "[data-testid='mcp-http-token']"), 15)
        err = driver.find_elements(By.CSS_SELECTOR, "[data-testid='mcp-http-error']")
        results.check("Settings turns the app's MCP endpoint on and shows its token", listening,
                      err[0].text if err else "no token shown")
        if listening:
            token = driver.find_element(By.CSS_SELECTOR, "[data-testid='mcp-http-token']").text.strip()
            url = driver.find_element(By.CSS_SELECTOR, "[data-testid='mcp-http-url']").text.strip()
            aw.screenshot(driver, folder, "settings-mcp-http")
            kept = subprocess.run(["secret-tool", "search", "--all", "--unlock", "service", "dev.valet.desktop"],
                                  capture_output=True, text=True, timeout=30)
            results.check("the endpoint's token is kept in the keychain", token in kept.stdout, kept.stderr[:200])

            async def over_http() -> tuple[int, int, bool]:
                import httpx2
                from mcp import ClientSession
                from mcp.client.streamable_http import streamable_http_client
                async with httpx2.AsyncClient(timeout=10) as bare:
                    refused = (await bare.post(url, json={}, headers={"Accept": "application/json, text/event-stream"})).status_code
                async with httpx2.AsyncClient(headers={"Authorization": f"Bearer {token}"}, timeout=30) as c:
                    async with streamable_http_client(url, http_client=c) as (read, write):
                        async with ClientSession(read, write) as session:
                            await session.initialize()
                            tools = len((await session.list_tools()).tools)
                            added = await session.call_tool("valet_todo_operations", {
                                "action": "add", "task": {"content": f"Added over the app's endpoint {tag}"}})
                            return refused, tools, not added.is_error

            import asyncio
            refused, tools, added = asyncio.run(over_http())
            results.check("the app's endpoint refuses a request without the token (401)", refused == 401, refused)
            results.check("an HTTP client lists the 10 tools and adds a todo", tools == 10 and added, str((tools, added)))
            aw.click(driver, driver.find_element(By.CSS_SELECTOR, "[data-testid='nav-todos']"))
            results.check("the window shows the todo the HTTP client added (one live store)",
                          aw.wait_until(lambda: f"Added over the app's endpoint {tag}" in aw.shown_contents(driver), 10),
                          str(aw.shown_contents(driver)))
            aw.click(driver, driver.find_element(By.CSS_SELECTOR, "[data-testid='nav-settings']"))
            aw.wait_until(lambda: driver.find_elements(By.CSS_SELECTOR, "[data-testid='mcp-http-enabled']"), 10)
            aw.click(driver, driver.find_element(By.CSS_SELECTOR, "[data-testid='mcp-http-enabled']"))
            def closed() -> bool:
                with _socket.socket() as probe:
                    return probe.connect_ex(("127.0.0.1", http_port)) != 0

            results.check("switched off, the endpoint stops listening", aw.wait_until(closed, 10))

        # 6. With a real S3 server: restart on the saved profile; sync runs with the keychain's
        #    keys (none in the environment), the badge says when, the tray offers "Sync now".
        if S3_ENDPOINT:
            driver.quit()
            driver = None
            # The app holds its single-instance name until it has exited: a new one started
            # before then forwards to the old one, gets no reply, and stops.
            results.check("the app exits when its session ends",
                          aw.wait_until(lambda: not app_running(str(app)), 20, 0.2))
            settings_path = data_dir / "settings.json"
            stored_settings = json.loads(settings_path.read_text())
            stored_settings["storage"]["cloudflare"]["syncInterval"] = 5
            settings_path.write_text(json.dumps(stored_settings, indent=2))
            driver = aw.remote(port, options)
            badge_text = [""]

            def badge_says_synced() -> bool:
                badge_text[0] = driver.find_element(By.CSS_SELECTOR, "[data-testid='sync-badge']").text
                return badge_text[0].startswith("Synced ")

            results.check("after a restart on the S3 profile, the badge says “Synced HH:MM”",
                          aw.wait_until(badge_says_synced, 30, 0.5), f"badge: {badge_text[0]!r}")
            results.check("the tray offers Sync now once sync is on",
                          aw.wait_until(lambda: "Sync now" in json.loads(sni("labels").stdout or "[]"), 15, 0.5))
            results.check("Sync now from the tray", sni("click", "Sync now").returncode == 0)
            aw.click(driver, driver.find_element(By.CSS_SELECTOR, "[data-testid='sync-badge']"))
            aw.wait_until(lambda: driver.find_elements(By.CSS_SELECTOR, "[data-testid='sync-state']"), 10)
            aw.screenshot(driver, folder, "view-sync-light")
            results.check("the Sync view shows no error",
                          not driver.find_elements(By.CSS_SELECTOR, "[data-testid='sync-error']"))
    except Exception as e:  # noqa: BLE001 - report, count, and clean up
        results.check("WebDriver session", False, f"{type(e).__name__}: {e}")
    finally:
        if driver is not None:
            try:
                driver.quit()
            except Exception as e:  # noqa: BLE001
                log(f"quitting the session failed: {e}")
        aw.stop(tauri_driver)
        driver_log.close()
        aw.stop(watcher)
        watcher_log.close()
        aw.stop(xvfb)

    # Nothing secret on disk: not under the data dir (settings.json included), not anywhere else
    # in HOME (the keyring file is encrypted with the login password), not in the app's log.
    needle = secret.encode()
    settings = data_dir / "settings.json"
    text = settings.read_bytes() if settings.is_file() else b""
    results.check("settings.json holds the storage profile", ENDPOINT.encode() in text,
                  text.decode(errors="replace")[:400] or "settings.json is missing")
    results.check("settings.json holds neither key", needle not in text and key_id.encode() not in text,
                  "a key is in settings.json")
    results.check("no file under the data dir holds the secret", not files_containing(data_dir, needle),
                  str(files_containing(data_dir, needle)))
    results.check("no file under HOME holds the secret in clear", not files_containing(home, needle),
                  str(files_containing(home, needle)))
    results.check("the app's log does not hold the secret", needle not in driver_log_path.read_bytes())
    log(f"screenshots and logs in {folder}")
    print(f"{results.passed} passed, {results.failed} failed")
    return 0 if results.failed == 0 and results.passed > 0 else 1


def app_running(app: str) -> bool:
    """True while a process runs the app's binary (read from /proc)."""
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            if os.readlink(f"/proc/{pid}/exe") == app:
                return True
        except OSError:
            continue
    return False


def main() -> int:
    args = parse_args()
    aw.ensure_selenium(args)
    in_session(args)
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
