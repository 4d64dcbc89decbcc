#!/usr/bin/env python3
"""The installed .deb: files in place, the bundled `valet` answers, and an MCP client (the official
Python SDK) works through the bundled `valet mcp` on a store the CLI then reads.

Run after `apt-get install ./Valet_*.deb` (cargo xtask test does it). The app window itself is
checked by updater.py --release, which drives /usr/bin/valet-app through WebDriver.

Usage: package.py [--prefix /usr]      Last line printed: "N passed, N failed".
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client


class Results:
    def __init__(self) -> None:
        self.passed = 0
        self.failed = 0

    def check(self, name: str, ok: bool, detail: str = "") -> bool:
        print(f"{'PASS' if ok else 'FAIL'} {name}{'' if ok or not detail else ': ' + detail}", flush=True)
        if ok:
            self.passed += 1
        else:
            self.failed += 1
        return ok


async def mcp_round_trip(valet: str, data_dir: str, results: Results) -> None:
    params = StdioServerParameters(command=valet, args=["--data-dir", data_dir, "mcp"],
                                   env={**os.environ, "VALET_LOG": "warn"})
    async with stdio_client(params) as (read, write):
        async with ClientSession(read, write) as s:
            init = await s.initialize()
            results.check("bundled valet mcp initializes", getattr(init, "server_info", None) is not None, str(init))
            tools = {t.name for t in (await s.list_tools()).tools}
            results.check("it lists the tools", {"valet_todo_operations", "valet_get_daily_context", "valet_todo_view"} <= tools,
                          str(sorted(tools)))
            r = await s.call_tool("valet_todo_operations", {"action": "add", "task": {
                "content": "Added through the packaged MCP server", "priority": "high"}})
            results.check("valet_todo_operations through the package succeeds", not r.is_error, str(r.content))


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--prefix", default="/usr")
    args = p.parse_args()
    prefix = Path(args.prefix)
    results = Results()

    app = prefix / "bin" / "valet-app"
    valet = prefix / "bin" / "valet"
    for path in (app, valet):
        results.check(f"{path} is installed and executable", path.is_file() and os.access(path, os.X_OK))
    desktop = list((prefix / "share" / "applications").glob("Valet*.desktop"))
    results.check("a desktop entry is installed", bool(desktop))
    if desktop:
        entry = desktop[0].read_text()
        results.check("the desktop entry starts valet-app", "Exec=valet-app" in entry, entry)
    icons = list((prefix / "share" / "icons" / "hicolor").glob("*/apps/valet-app.png"))
    results.check("icons are installed in several sizes", len(icons) >= 3, str(icons))
    status = subprocess.run(["dpkg-query", "-W", "-f=${Depends}", "valet"], capture_output=True, text=True)
    results.check("the package depends on WebKitGTK and the tray library",
                  "libwebkit2gtk-4.1-0" in status.stdout and "appindicator" in status.stdout, status.stdout)

    man = prefix / "share" / "man" / "man1"
    results.check("man pages are installed for valet and its commands",
                  (man / "valet.1").is_file() and (man / "valet-todo-add.1").is_file(), str(man))
    for completion in (prefix / "share" / "bash-completion" / "completions" / "valet",
                       prefix / "share" / "zsh" / "vendor-completions" / "_valet",
                       prefix / "share" / "fish" / "vendor_completions.d" / "valet.fish"):
        results.check(f"{completion} is installed", completion.is_file() and "journal" in completion.read_text())

    version = subprocess.run([str(valet), "--version"], capture_output=True, text=True, timeout=30)
    results.check("bundled valet --version answers", version.returncode == 0 and "valet" in version.stdout, version.stderr)

    with tempfile.TemporaryDirectory(prefix="valet-package-") as data_dir:
        try:
            asyncio.run(asyncio.wait_for(mcp_round_trip(str(valet), data_dir, results), 60))
        except Exception as e:  # noqa: BLE001 - report it as a failed check
            results.check("MCP session through the package", False, repr(e))
        listed = subprocess.run([str(valet), "--data-dir", data_dir, "--json", "todo", "list"],
                                capture_output=True, text=True, timeout=30)
        items = []
        if listed.returncode == 0:
            data = json.loads(listed.stdout)
            items = data["items"] if isinstance(data, dict) else data
        results.check("the CLI reads the todo the MCP client added",
                      any(t.get("content") == "Added through the packaged MCP server" and t.get("priority") == "high" for t in items),
                      listed.stderr or str(items))

    print(f"{results.passed} passed, {results.failed} failed")
    return 0 if results.failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
