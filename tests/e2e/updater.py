#!/usr/bin/env python3
"""Signed updates, end to end in the real app window (WebDriver under Xvfb).

A throwaway signing key pair is made here with the Tauri CLI (`tauri signer generate`), a fake
0.2.0 package is signed with it, and an update feed (`latest.json`) is served from 127.0.0.1. The
debug app is started with that key's public half in VALET_UPDATE_PUBKEY (release builds ignore the
variable and trust only the key in tauri.conf.json) and its update feed pointed at the server.

What it checks:
  1. the quiet check at start finds 0.2.0 and only shows the "Update 0.2.0" pill (no dialog);
  2. "Check for updates" shows 0.2.0; "Download" fetches the package and verifies its signature
     ("signature checked"), and only then is "Install and restart" offered;
  3. a feed whose package was changed after signing (one byte) is refused in plain words
     ("signature does not match"), and nothing is offered for install;
  4. a feed whose package was signed with another key is refused the same way;
  5. an older genuine release announced as 0.2.0 is refused (its signature binds it to 0.1.5;
     tauri.conf.json sets requireSignedVersion);
  6. the server really served each package (its request log).

With --release DIR (the output of `cargo xtask release`, whose URLs point at 127.0.0.1:--feed-port)
and --pubkey-file, it serves that folder instead and checks that the app (e.g. the installed
/usr/bin/valet-app) finds that release and verifies the real package's signature; with
--expect-mcp PATH, that Settings offers PATH as the MCP command.

Usage: updater.py --app target/debug/valet-app --screenshots DIR [--tauri-cli ui/node_modules/.bin/tauri]
Last line printed: "N passed, N failed".
"""

from __future__ import annotations

import argparse
import http.server
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import app_window as aw  # noqa: E402  (shared WebDriver, Xvfb and process helpers)

ROOT = Path(__file__).resolve().parents[2]


def parse_args() -> argparse.Namespace:
    env = os.environ.get
    target = Path(env("CARGO_TARGET_DIR", str(ROOT / "target")))
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--app", default=str(target / "debug" / "valet-app"))
    p.add_argument("--screenshots", default=str(ROOT / "tests" / "e2e" / "screenshots"))
    p.add_argument("--tauri-cli", default=str(ROOT / "ui" / "node_modules" / ".bin" / "tauri"))
    p.add_argument("--tauri-driver", default=env("TAURI_DRIVER"))
    p.add_argument("--native-driver", default=env("WEBKIT_WEBDRIVER", aw.shutil.which("WebKitWebDriver")))
    p.add_argument("--port", type=int, default=4544)
    p.add_argument("--venv", default=str(target / "tools" / "venv"))
    p.add_argument("--no-install", action="store_true")
    p.add_argument("--release", help="serve this `cargo xtask release` output instead of making packages")
    p.add_argument("--feed-port", type=int, default=0, help="port the --release URLs point at")
    p.add_argument("--pubkey-file", help="the public key that signed --release")
    p.add_argument("--expect-mcp", help="the command Settings must offer for `valet mcp`")
    return p.parse_args()


def keypair(cli: str, folder: Path, name: str) -> tuple[Path, str]:
    key = folder / f"{name}.key"
    subprocess.run([cli, "signer", "generate", "-w", str(key), "-p", "", "--ci", "-f"],
                   check=True, capture_output=True, timeout=120)
    return key, (folder / f"{name}.key.pub").read_text().strip()


def sign(cli: str, key: Path, file: Path, version: str = "0.2.0") -> str:
    subprocess.run([cli, "signer", "sign", "-f", str(key), "-p", "", "--app-version", version, str(file)],
                   check=True, capture_output=True, timeout=120)
    return Path(str(file) + ".sig").read_text().strip()


class Feed:
    """Serves a folder on 127.0.0.1 and remembers the paths asked for."""

    def __init__(self, folder: Path, port: int = 0) -> None:
        served: list[str] = []
        self.served = served

        class Handler(http.server.SimpleHTTPRequestHandler):
            def __init__(self, *a, **k) -> None:
                super().__init__(*a, directory=str(folder), **k)

            def do_GET(self) -> None:  # noqa: N802 - http.server's name
                served.append(self.path)
                super().do_GET()

            def log_message(self, *_a) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def url(self, name: str) -> str:
        return f"http://127.0.0.1:{self.port}/{name}"


def manifest(folder: Path, name: str, package_url: str, signature: str) -> None:
    entry = {"signature": signature, "url": package_url}
    (folder / name).write_text(json.dumps({
        "version": "0.2.0",
        "notes": "Valet 0.2.0: a test release.",
        "pub_date": "2026-11-27T10:00:00Z",
        "platforms": {"linux-x86_64": entry, "linux-x86_64-deb": entry, "linux-x86_64-appimage": entry},
    }))


def start_driver(args: argparse.Namespace, folder: Path, data_dir: Path, pubkey: str, work: Path):
    """Xvfb (when DISPLAY is unset) and tauri-driver, with the app's environment."""
    driver_bin = aw.find_tauri_driver(args)
    xvfb = aw.start_xvfb(folder)
    port, native_port = aw.pick_ports(args.port)
    driver_log = open(folder / "updater-tauri-driver.log", "ab")
    tauri_driver = subprocess.Popen(
        [driver_bin, "--port", str(port), "--native-port", str(native_port), "--native-driver", args.native_driver],
        stdout=driver_log, stderr=subprocess.STDOUT, start_new_session=True,
        env=dict(os.environ, VALET_DATA_DIR=str(data_dir), VALET_UPDATE_PUBKEY=pubkey,
                 VALET_LOG_DIR=str(work / "logs")),
    )
    return xvfb, tauri_driver, port, native_port


def by_testid(driver, name: str) -> list:
    from selenium.webdriver.common.by import By

    return driver.find_elements(By.CSS_SELECTOR, f"[data-testid='{name}']")


def text_of(driver, name: str) -> str:
    return " ".join((e.get_attribute("textContent") or "") for e in by_testid(driver, name))


def run_release(args: argparse.Namespace, folder: Path, app: Path, work: Path) -> int:
    """The release mode: the app finds a `cargo xtask release` output and verifies its package."""
    site = Path(args.release).resolve()
    latest = json.loads((site / "latest.json").read_text())
    version = latest["version"]
    package = Path(latest["platforms"]["linux-x86_64-deb"]["url"]).name
    pubkey = Path(args.pubkey_file).read_text().strip()
    feed = Feed(site, args.feed_port)
    data_dir = work / "data"
    data_dir.mkdir()
    (data_dir / "settings.json").write_text(json.dumps(
        {"app": {"updateFeed": feed.url("latest.json"), "checkUpdatesAtStart": True}}))
    results = aw.Results()
    xvfb, tauri_driver, port, native_port = start_driver(args, folder, data_dir, pubkey, work)
    driver = None
    try:
        driver = aw.open_session(app, data_dir, port, native_port)
        results.check(f"the app finds release {version} at start",
                      aw.wait_until(lambda: version in text_of(driver, "update-pill"), 30),
                      f"pill: {text_of(driver, 'update-pill')!r}; requests: {feed.served}")
        aw.click(driver, by_testid(driver, "update-pill")[0])
        aw.wait_until(lambda: by_testid(driver, "update-check"), 10)
        aw.click(driver, by_testid(driver, "update-check")[0])
        aw.wait_until(lambda: by_testid(driver, "update-download"), 20)
        aw.click(driver, by_testid(driver, "update-download")[0])
        results.check("the released package's signature verifies",
                      aw.wait_until(lambda: "signature checked" in text_of(driver, "update-note"), 60),
                      text_of(driver, "update-error") or text_of(driver, "update-note"))
        results.check("the released package was downloaded", f"/{package}" in feed.served, str(feed.served))
        if args.expect_mcp:
            results.check(f"Settings offers {args.expect_mcp} as the MCP command",
                          aw.wait_until(lambda: f'"{args.expect_mcp}"' in text_of(driver, "mcp-config"), 10),
                          text_of(driver, "mcp-config"))
        aw.screenshot(driver, folder, "updater-release")
    except Exception as e:  # noqa: BLE001 - report, then clean up
        results.check("release scenario ran", False, repr(e))
    finally:
        aw.end_session(driver, tauri_driver, xvfb)
        feed.server.shutdown()
    print(f"{results.passed} passed, {results.failed} failed")
    return 0 if results.failed == 0 else 1


def run(args: argparse.Namespace) -> int:
    from selenium.webdriver.common.keys import Keys

    folder = Path(args.screenshots).resolve()
    folder.mkdir(parents=True, exist_ok=True)
    app = Path(args.app).resolve()
    if not app.is_file():
        aw.die(f"app binary {app} not found")
    if not Path(args.tauri_cli).is_file():
        aw.die(f"the Tauri CLI {args.tauri_cli} is missing (npm ci in ui/)")
    if not args.native_driver:
        aw.die("WebKitWebDriver not found (apt-get install webkit2gtk-driver)")

    work = Path(tempfile.mkdtemp(prefix="valet-updater-"))
    if args.release:
        return run_release(args, folder, app, work)
    site = work / "site"
    site.mkdir()
    key_a, pub_a = keypair(args.tauri_cli, work, "trusted")
    key_b, _ = keypair(args.tauri_cli, work, "other")
    package = site / "valet_0.2.0_amd64.deb"
    package.write_bytes(os.urandom(256 * 1024))
    good_sig = sign(args.tauri_cli, key_a, package)
    tampered = site / "valet_0.2.0_amd64-tampered.deb"
    data = bytearray(package.read_bytes())
    data[len(data) // 2] ^= 0x01
    tampered.write_bytes(bytes(data))
    other = site / "valet_0.2.0_amd64-other.deb"
    other.write_bytes(package.read_bytes())
    other_sig = sign(args.tauri_cli, key_b, other)
    replayed = site / "valet_0.1.5_amd64.deb"
    replayed.write_bytes(os.urandom(64 * 1024))
    replayed_sig = sign(args.tauri_cli, key_a, replayed, "0.1.5")
    feed = Feed(site)
    manifest(site, "latest.json", feed.url(package.name), good_sig)
    manifest(site, "tampered.json", feed.url(tampered.name), good_sig)
    manifest(site, "other-key.json", feed.url(other.name), other_sig)
    # An older genuine release announced as 0.2.0: its signature binds it to 0.1.5.
    manifest(site, "replayed.json", feed.url(replayed.name), replayed_sig)

    data_dir = work / "data"
    data_dir.mkdir()
    (data_dir / "settings.json").write_text(json.dumps(
        {"app": {"updateFeed": feed.url("latest.json"), "updateChannel": "stable", "checkUpdatesAtStart": True}}))

    results = aw.Results()
    xvfb, tauri_driver, port, native_port = start_driver(args, folder, data_dir, pub_a, work)
    driver = None

    def tid(name: str) -> list:
        return by_testid(driver, name)

    def text(name: str) -> str:
        return text_of(driver, name)

    def use_feed(name: str) -> None:
        box = tid("update-feed")[0]
        box.clear()
        box.send_keys(feed.url(name))
        box.send_keys(Keys.ENTER)
        aw.wait_until(lambda: "saved" in text("update-note"), 10)

    def refused(name: str, label: str, expect: str = "signature does not match") -> None:
        use_feed(name)
        aw.click(driver, tid("update-check")[0])
        if not aw.wait_until(lambda: tid("update-download"), 20):
            results.check(f"{label}: the update is offered", False, text("update-error") or "no download button")
            return
        aw.click(driver, tid("update-download")[0])
        aw.wait_until(lambda: text("update-error"), 30)
        message = text("update-error")
        results.check(f"{label}: refused in plain words", expect in message, message or "no error shown")
        results.check(f"{label}: nothing offered for install", not tid("update-install"))

    try:
        driver = aw.open_session(app, data_dir, port, native_port)

        # 1. The quiet check at start: a pill, no dialog.
        results.check("quiet check at start shows the update pill",
                      aw.wait_until(lambda: "0.2.0" in text("update-pill"), 30),
                      f"pill: {text('update-pill')!r}; feed requests: {feed.served}")
        results.check("the start check downloaded nothing", package.name not in " ".join(feed.served), str(feed.served))

        # 2. Check, download (verified), then install is offered.
        aw.click(driver, tid("update-pill")[0])
        aw.wait_until(lambda: tid("update-check"), 10)
        aw.click(driver, tid("update-check")[0])
        results.check("check for updates finds 0.2.0",
                      aw.wait_until(lambda: "Valet 0.2.0 is available" in text("update-found"), 20),
                      text("update-error") or text("update-found"))
        results.check("install is not offered before download", not tid("update-install"))
        aw.wait_until(lambda: tid("update-download"), 10)
        aw.click(driver, tid("update-download")[0])
        results.check("download verifies the signature",
                      aw.wait_until(lambda: "signature checked" in text("update-note"), 30),
                      text("update-error") or text("update-note"))
        results.check("install and restart is offered after verification", bool(tid("update-install")))
        results.check("the package was served", f"/{package.name}" in feed.served, str(feed.served))
        aw.screenshot(driver, folder, "updater-verified")

        # 3 and 4. Tampered package, package signed with another key.
        refused("tampered.json", "tampered package")
        results.check("the tampered package was served", f"/{tampered.name}" in feed.served, str(feed.served))
        refused("other-key.json", "package signed with another key")
        refused("replayed.json", "older release announced as newer", "not for the version the feed announced")
        aw.screenshot(driver, folder, "updater-refused")
    except Exception as e:  # noqa: BLE001 - report, then clean up
        results.check("updater scenario ran", False, repr(e))
    finally:
        aw.end_session(driver, tauri_driver, xvfb)
        feed.server.shutdown()
    print(f"{results.passed} passed, {results.failed} failed")
    return 0 if results.failed == 0 else 1


def main() -> int:
    args = parse_args()
    try:
        import selenium  # noqa: F401
    except ImportError:
        aw.die("selenium is missing: run with target/tools/venv/bin/python (cargo xtask test makes it)")
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
