#!/usr/bin/env python3
"""Crash consistency (issue 8): `kill -9` the writer at random points, then check that the store
opens, no record is torn, nothing acknowledged is lost or duplicated, and the next run completes
the interrupted work. Four scenarios, mixed (seeded) over --runs runs:

1. writes: one evolving replica. Each run makes one acknowledged write, then starts one of
   `valet todo add|complete|reopen|update|note|remove`, `valet day update` (plan tasks, journal
   reflections) or `valet import` of a 15-60 todo export (one multi-record batch) and SIGKILLs it
   after 0-80 ms (half the kills aimed at the moment that kind of command commits, measured from
   earlier runs' change-log timestamps; ~10% never killed). A command that exited 0 is
   acknowledged. After each run: every file in todos/ plans/ journals/ archive/ is a whole
   envelope with a canonical name (no *.tmp, no partial JSON); the change log has no unreadable
   line; `valet todo list` (a cold open: snapshot + log tail) shows every acknowledged todo
   exactly once in its acknowledged state, a killed command's target in its old or its new state,
   a killed add at most once; `valet day show` has every acknowledged plan task and reflection
   exactly once, in order. After a kill, `valet doctor --json` reports no problem and nothing
   stale in the index cache, and `.valet/tmp` (OpenDAL's temp files, removed on load) is empty;
   a killed complete/reopen/update/remove is re-run and must succeed. The replica's change log
   rotates every ~8 changes (VALET_CHANGE_LOG_ROTATE_BYTES=1200; the killed command is made the
   one that rotates, and kills are aimed at the rotation), and `valet audit` must read the kept
   files with no entry twice. Kills are classified from the change log: before the commit,
   inside it (log line written, record not yet renamed), after it, inside a rotation.
2. import: a synthetic legacy folder (420 todos with the legacy quirks, 50 days of planner and
   journal, 15 archives of which 5 conflict with days/, settings.json, USER.md: 535 records, two
   batches of 500) is imported with `valet import-legacy`, SIGKILLed once or twice at random
   points; after each kill the records present are whole and each equals the clean import's copy,
   doctor clean; then a run without kills must exit 0, and the store must equal a clean import
   into a fresh data dir: `valet export` (minus exportedAt, the only field that differs between
   two clean imports, which is checked) and `valet todo list --status all` identical (every todo
   once, nothing missing, nothing extra); doctor clean; every 5th run, one more import changes
   nothing.
3. migrate: a copy of a populated replica (a ~200-record legacy import plus CLI edits) with an
   S3 profile in settings (provider still local) runs `valet migrate --to s3`, SIGKILLed once or
   twice, then again without kills. After each kill: settings.json whole, provider either still
   `local` or `cloudflare-r2` and, if switched, a fresh replica syncing from the bucket already has
   every record (switched only after verification); local records unchanged; doctor clean. After
   the re-run: switched, verified = records, and a fresh replica that syncs from the bucket
   exports exactly the source's records (each once); nothing pending on the source; doctor clean.
4. sync: devices A and B on one bucket prefix (a new prefix every 10 runs). A gets acknowledged
   pending changes (1-4 adds and maybe a complete, or a `valet import` of 30-150 todos), then A's
   `valet sync` is SIGKILLed (half the kills aimed at the moment it pushes) while B adds, and
   sometimes syncs, and a second writer on A adds todos and appends to a journal day while A's
   sync pulls and merges. Right after the kill A's files are whole and A still lists
   every acknowledged todo it had; then A and B sync until a whole pass moves nothing: both
   replicas identical, every acknowledged todo exactly once in its acknowledged state (completes
   kept), every acknowledged journal append exactly once on both, nothing pending, no
   conflicts, doctor clean on both.

Per scenario it prints runs, killed (died by the signal) vs finished first (exited before the
signal was sent) vs not killed, acknowledged ops, lost, duplicates and the runtime.

--probe-torn-log adds a deterministic check of a gap no kill here reaches in practice: a change-log
append cut short (SIGKILL between two page chunks of one write, or a power cut) leaves a last line
without its newline; the next commit's line is glued to it and skipped by every reader.

Usage: kills.py --valet target/debug/valet [--runs 100] [--seed N] [--part writes|import|migrate|sync ...]
                [--probe-torn-log] [--keep] [--verbose]
--runs 1000 is the soak size. Run with the project venv's Python (target/tools/venv/bin/python:
moto, boto3). Last line: "N passed, N failed"; exits 1 on any failure.
"""

import argparse
import collections
import os
import random
import shutil
import tempfile
import time
import traceback

from harness import Moto, check, find_moto, finish, note
from kills_common import Valet, list_todos, log_path, r2_settings, stray_temp_files, write_settings
from kills_writes import scenario_writes
from kills_import import LegacyRef, scenario_import
from kills_sync import BUCKET, scenario_migrate, scenario_sync


# ---------------------------------------------------------------------------------------------


def probe_torn_log(ctx):
    """--probe-torn-log: what a short write of the change log leaves (SIGKILL between two page
    chunks of one append, or a power cut) is a last line without its newline. The next commit's
    first line is then appended to it, becomes unreadable and is skipped: checks that the
    acknowledged write after it is still seen by a cold open and reaches another device."""
    valet, moto = ctx.valet, ctx.moto
    print("== probe: a torn last line in the change log", flush=True)
    A, B = os.path.join(ctx.root, "probe-A"), os.path.join(ctx.root, "probe-B")
    for dd in (A, B):
        write_settings(dd, r2_settings(moto.url, BUCKET, "probe-torn-log"))
    valet.must(A, "todo", "add", "before the torn line")
    valet.must(A, "sync")
    with open(log_path(A), "ab") as f:
        f.write(b'{"at":"2026-11-28T21:14:17.198707083Z","key":"todos/01a2')  # no newline
    tid = valet.must(A, "todo", "add", "acknowledged after the torn line").js["id"]
    _, items = list_todos(valet, A)
    check("probe: a cold open after a torn change-log line shows the next acknowledged add",
          tid in {t["id"] for t in items or []}, f"todo list shows {[t['content'] for t in items or []]}")
    valet.must(A, "doctor")
    valet.must(A, "sync")
    valet.must(B, "sync")
    _, items = list_todos(valet, B)
    check("probe: that add reaches another device by sync (after doctor on A)",
          tid in {t["id"] for t in items or []}, f"B lists {[t['content'] for t in items or []]}")


SCENARIOS = {"writes": (scenario_writes, 0.62), "import": (scenario_import, 0.07),
             "migrate": (scenario_migrate, 0.06), "sync": (scenario_sync, 0.25)}


STRAY_FATE = [
    (".valet/restore/objects/", "a restore-point blob's temp file; removed only when the retention policy "
                                "next prunes a point (every file no kept point names is deleted then)"),
    (".valet/restore/", "a restore-point manifest's temp file; nothing removes it (prune reads only *.json)"),
    (".valet/cache/", "the index snapshot's temp file; nothing removes it (the store cleans only .valet/tmp)"),
    (".valet/sync/", "sync state's temp file (state.json.tmp, one fixed name, overwritten by the next sync)"),
    ("settings.json.", "a settings write's temp file beside settings.json; nothing removes it"),
    ("profile.", "a profile write's temp file beside profile.md; nothing removes it"),
]


class Ctx:
    def __init__(self):
        self.stray_seen = collections.Counter()
        self.stray_example = {}

    def strays(self, part, d):
        """Counts *.tmp files a killed process left outside .valet/tmp (not record files: a NOTE)."""
        for x in stray_temp_files(d):
            kind = next((k for k, _ in STRAY_FATE if x.startswith(k)), x)
            self.stray_seen[(part, kind)] += 1
            self.stray_example.setdefault((part, kind), x)

    def report_strays(self):
        for (part, kind), n in sorted(self.stray_seen.items()):
            fate = dict(STRAY_FATE).get(kind, "unexpected")
            note(f"{part}: {n} temp file(s) left by killed processes, e.g. {self.stray_example[(part, kind)]} ({fate})")


def allocate(runs, parts):
    w = {p: SCENARIOS[p][1] for p in parts}
    total = sum(w.values())
    alloc = {p: int(runs * w[p] / total) for p in parts}
    for p in sorted(parts, key=lambda p: -w[p]):
        if sum(alloc.values()) >= runs:
            break
        alloc[p] += 1
    return alloc


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--valet", required=True)
    ap.add_argument("--moto", help="moto_server (default: the one next to this Python, else target/tools/venv)")
    ap.add_argument("--runs", type=int, default=100, help="runs in all, mixed over the parts (1000 = the soak)")
    ap.add_argument("--part", action="append", choices=list(SCENARIOS), help="only this part (repeatable)")
    ap.add_argument("--seed", type=int, default=None)
    ap.add_argument("--probe-torn-log", action="store_true",
                    help="also check what a torn last change-log line does to the next write (a known gap)")
    ap.add_argument("--keep", action="store_true", help="keep the temporary folder")
    ap.add_argument("--verbose", action="store_true", help="print every failing run, not the first 3 per check")
    a = ap.parse_args()
    a.seed = a.seed if a.seed is not None else random.SystemRandom().randrange(10**6)
    parts = a.part or list(SCENARIOS)
    exe = os.path.abspath(a.valet)
    moto_exe = find_moto(a.moto)
    alloc = allocate(a.runs, parts)
    print(f"valet {exe}; parts {', '.join(f'{p} {alloc[p]}' for p in parts)} ({a.runs} runs); "
          f"seed {a.seed} (--seed {a.seed} to repeat)", flush=True)
    started = time.monotonic()
    root = tempfile.mkdtemp(prefix="valet-kills-")
    ctx = Ctx()
    ctx.seed, ctx.root, ctx.verbose = a.seed, root, a.verbose
    ctx.valet = Valet(exe, root)
    ctx.moto = None
    ctx.legacy = LegacyRef(ctx)
    try:
        if a.probe_torn_log or any(p in parts for p in ("migrate", "sync")):
            ctx.moto = Moto(moto_exe, os.path.join(root, "server"))
            ctx.moto.start()
            ctx.moto.create_bucket(BUCKET)
        if a.probe_torn_log:
            try:
                probe_torn_log(ctx)
            except Exception as e:
                traceback.print_exc()
                check("probe: ran to the end", False, repr(e))
        gens = {}
        figures = {}
        for p in parts:
            g = SCENARIOS[p][0](ctx, alloc[p])
            figures[p] = next(g)
            gens[p] = g
        schedule = [p for p in parts for _ in range(alloc[p])]
        random.Random(f"{a.seed}-schedule").shuffle(schedule)
        done = collections.Counter()
        last_report = time.monotonic()
        for p in schedule:
            if p not in gens:
                continue
            try:
                next(gens[p])
                done[p] += 1
            except StopIteration:
                gens.pop(p)
            except Exception as e:
                traceback.print_exc()
                check(f"{p}: the scenario ran to the end", False, repr(e))
                gens.pop(p)
            if time.monotonic() - last_report > 30:
                last_report = time.monotonic()
                print(f"... {sum(done.values())}/{len(schedule)} runs ({', '.join(f'{k} {v}' for k, v in done.items())}), "
                      f"{time.monotonic() - started:.0f} s", flush=True)
        for p in parts:
            if p not in gens:
                continue
            print(f"== {p}", flush=True)
            try:
                next(gens[p])
            except StopIteration:
                pass
            except Exception as e:
                traceback.print_exc()
                check(f"{p}: the scenario ran to the end", False, repr(e))
        ctx.report_strays()
        print("== summary", flush=True)
        for p in parts:
            f = figures[p]
            print(f"{p:8} runs {f.runs:4}  killed {f.killed:4}  finished first {f.finished_first:4}  not killed "
                  f"{f.not_killed:3}  acknowledged ops {f.acked:6}  lost={f.lost}  duplicates={f.dupes}  {f.secs:6.0f} s",
                  flush=True)
    finally:
        if ctx.moto:
            ctx.moto.stop()
        if a.keep:
            print(f"kept {root}")
        else:
            shutil.rmtree(root, ignore_errors=True)
    if a.verbose:
        for k, v in ctx.valet.time_by.most_common():
            print(f"  valet {k}: {ctx.valet.count_by[k]} x, {v:.1f} s ({v / ctx.valet.count_by[k]:.2f} s each)")
    finish(f"{time.monotonic() - started:.0f} s in all ({ctx.valet.commands} valet commands); seed {a.seed}")


if __name__ == "__main__":
    main()
