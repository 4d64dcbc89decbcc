#!/usr/bin/env python3
"""Concurrency load: 4 `valet mcp` processes (official Python SDK clients) and the CLI hammer one
replica at once with mixed adds, edits, completes and day edits; with --app, the desktop app
(the real window, driven through WebDriver: needs DISPLAY and tauri-driver) adds todos through
its add field at the same time, as a long-lived writer with its own open store. Afterwards every
acknowledged write is present exactly once and `valet doctor` is clean. Prints ops/s and lost.

Usage: load.py --valet target/debug/valet [--ops 50] [--app target/debug/valet-app]
(ops per MCP session)
Last line: "N passed, N failed".
"""

import argparse
import asyncio
import json
import os
import subprocess
import sys
import tempfile
import time

from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client


async def session_worker(valet, data_dir, n, ops, acked):
    params = StdioServerParameters(command=valet, args=["--data-dir", data_dir, "mcp"], env={**os.environ, "VALET_LOG": "warn"})
    async with stdio_client(params) as (read, write):
        async with ClientSession(read, write) as s:
            await s.initialize()
            mine = []
            for i in range(ops):
                kind = i % 5
                if kind in (0, 1):
                    r = await s.call_tool("add_todos", {"todos": [{"content": f"w{n} item {i}", "due": "tomorrow"}]})
                    if not r.is_error:
                        tid = r.structured_content["todos"][0]["id"]
                        mine.append(tid)
                        acked["todos"][tid] = f"w{n} item {i}"
                elif kind == 2 and mine:
                    tid = mine[-1]
                    r = await s.call_tool("update_todos", {"updates": [{"id": tid, "content": f"w{n} item {i} edited"}]})
                    if not r.is_error:
                        acked["todos"][tid] = f"w{n} item {i} edited"
                elif kind == 3 and mine:
                    r = await s.call_tool("update_todos", {"updates": [{"id": mine[0], "status": "completed"}]})
                    if not r.is_error:
                        acked["completed"].add(mine[0])
                else:
                    r = await s.call_tool("edit_day", {"date": "2026-11-28", "addTasks": [f"w{n} task {i}"]})
                    if not r.is_error:
                        acked["tasks"].append(f"w{n} task {i}")
                acked["ops"] += 1


def cli_worker(valet, data_dir, ops, acked):
    for i in range(ops):
        out = subprocess.run([valet, "--data-dir", data_dir, "--json", "todo", "add", f"cli item {i}"], capture_output=True)
        if out.returncode == 0:
            t = json.loads(out.stdout)
            acked["todos"][t["id"]] = f"cli item {i}"
        acked["ops"] += 1


def app_worker(app, data_dir, ops, acked, ready):
    """The desktop app as a writer: types `ops` todos into the Todos view's add field. A todo
    is acknowledged when the field empties (the UI clears it only after the shell stored the
    todo; on an error it keeps the text and shows the error)."""
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import app_window as aw
    from selenium.webdriver.common.by import By

    port, native_port = aw.pick_ports(4844)
    drv = subprocess.Popen([os.environ.get("TAURI_DRIVER", "tauri-driver"), "--port", str(port), "--native-port",
                            str(native_port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                           start_new_session=True)
    driver = None
    try:
        driver = aw.open_session(app, data_dir, port, native_port)
        aw.wait_until(lambda: driver.find_elements(By.CSS_SELECTOR, "[data-testid='nav-todos']"), 30)
        aw.click(driver, driver.find_element(By.CSS_SELECTOR, "[data-testid='nav-todos']"))
        aw.wait_until(lambda: driver.find_elements(By.CSS_SELECTOR, "[data-testid='new-todo']"), 30)
        ready.set()
        for i in range(ops):
            text = f"app item {i}"
            box = driver.find_element(By.CSS_SELECTOR, "[data-testid='new-todo']")
            box.send_keys(text + "\ue007")
            stored = aw.wait_until(lambda: box.get_attribute("value") == "", 20, 0.05)
            if stored:
                acked["app"].append(text)
            acked["ops"] += 1
    finally:
        ready.set()
        aw.end_session(driver, drv)


async def main_async(valet, data_dir, ops, app=None):
    import threading

    acked = {"todos": {}, "completed": set(), "tasks": [], "app": [], "ops": 0}
    loop = asyncio.get_running_loop()
    app_job = None
    if app:
        # The window first, so the app is writing while the others start.
        ready = threading.Event()
        app_job = loop.run_in_executor(None, app_worker, app, data_dir, ops, acked, ready)
        await loop.run_in_executor(None, ready.wait, 120)
    start = time.perf_counter()
    cli = loop.run_in_executor(None, cli_worker, valet, data_dir, max(ops // 2, 5), acked)
    await asyncio.gather(*(session_worker(valet, data_dir, n, ops, acked) for n in range(4)))
    await cli
    if app_job is not None:
        await app_job
    return acked, time.perf_counter() - start


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--valet", required=True)
    ap.add_argument("--ops", type=int, default=50)
    ap.add_argument("--app", help="the desktop app binary: also write through its window")
    a = ap.parse_args()
    valet = os.path.abspath(a.valet)
    results = []
    with tempfile.TemporaryDirectory() as d:
        with open(os.path.join(d, "settings.json"), "w") as f:
            json.dump({"user": {"timezone": "UTC"}}, f)
        acked, secs = asyncio.run(main_async(valet, d, a.ops, a.app and os.path.abspath(a.app)))
        listed = json.loads(subprocess.run([valet, "--data-dir", d, "--json", "todo", "list", "--status", "all", "--limit", "100000"], capture_output=True, check=True).stdout)
        by_id = {}
        for t in listed["items"]:
            by_id.setdefault(t["id"], []).append(t)
        lost = [tid for tid in acked["todos"] if tid not in by_id]
        dupes = [tid for tid, ts in by_id.items() if len(ts) > 1]
        wrong = [tid for tid, c in acked["todos"].items() if tid in by_id and by_id[tid][0]["content"] != c]
        not_done = [tid for tid in acked["completed"] if tid in by_id and by_id[tid][0]["status"] != "completed"]
        day = json.loads(subprocess.run([valet, "--data-dir", d, "--json", "day", "show", "2026-11-28"], capture_output=True, check=True).stdout)
        texts = [t["text"] for t in (day.get("plan") or {}).get("tasks", [])]
        lost_tasks = [t for t in acked["tasks"] if t not in texts]
        contents = [t["content"] for t in listed["items"]]
        lost_app = [c for c in acked["app"] if contents.count(c) != 1]
        doctor = json.loads(subprocess.run([valet, "--data-dir", d, "--json", "doctor"], capture_output=True, check=True).stdout)
        ops_s = acked["ops"] / secs
        writers = "4 MCP sessions + the CLI" + (f" + the app ({len(acked['app'])} adds through its window)" if a.app else "")
        print(f"{acked['ops']} operations in {secs:.1f} s ({ops_s:.0f} ops/s) by {writers}; "
              f"lost todos {len(lost)}, app adds not present exactly once {len(lost_app)}, lost plan tasks {len(lost_tasks)}, duplicates {len(dupes)}, "
              f"stale contents {len(wrong)}, completes missing {len(not_done)}, doctor problems {len(doctor['problems'])}")
        checks = [("no acknowledged todo lost", not lost), ("no plan task lost", not lost_tasks), ("no duplicates", not dupes),
                         ("last acknowledged edit wins", not wrong), ("completes kept", not not_done),
                         ("doctor clean", not doctor["problems"])]
        if a.app:
            checks += [("the app wrote through its window", len(acked["app"]) > 0),
                       ("every app add present exactly once", not lost_app)]
        for name, ok in checks:
            results.append(ok)
            print(("PASS " if ok else "FAIL ") + name)
    passed = sum(results)
    print(f"{passed} passed, {len(results) - passed} failed")
    sys.exit(0 if all(results) else 1)


if __name__ == "__main__":
    main()
