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
import datetime as dt
import json
import os
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import urllib.request
import uuid

results = []
notes = []


def check(name, cond, detail=""):
    results.append((name, bool(cond)))
    d = "" if cond else f": {detail}"
    if len(d) > 2000:
        d = d[:2000] + " ..."
    print(("PASS " if cond else "FAIL ") + name + d, flush=True)
    return bool(cond)


def note(text):
    notes.append(text)
    print("NOTE " + text, flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def iso(t):
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"


def uuid4(rng):
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


# ---------------------------------------------------------------------------------------------
# moto


class Moto:
    def __init__(self, exe, workdir):
        self.exe, self.dir = exe, workdir
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc = None

    def start(self):
        os.makedirs(self.dir, exist_ok=True)
        self.log = open(os.path.join(self.dir, "moto.log"), "wb")
        self.proc = subprocess.Popen([self.exe, "-H", "127.0.0.1", "-p", str(self.port)], cwd=self.dir,
                                     stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.time() + 120
        while True:
            try:
                urllib.request.urlopen(self.url + "/moto-api/data.json", timeout=10).read()
                return
            except OSError:
                if self.proc.poll() is not None or time.time() > deadline:
                    raise RuntimeError(f"moto did not start (see {self.dir}/moto.log)")
                time.sleep(0.3)

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(15)
        if self.proc:
            self.log.close()

    def create_bucket(self, name):
        req = urllib.request.Request(f"{self.url}/{name}", data=b"", method="PUT")
        with urllib.request.urlopen(req, timeout=60) as r:
            assert r.status == 200, r.status

    def s3(self):
        if getattr(self, "_s3", None) is None:
            import boto3
            self._s3 = boto3.client("s3", endpoint_url=self.url, region_name="us-east-1",
                                    aws_access_key_id="kills", aws_secret_access_key="kills")
        return self._s3

    def keys(self, bucket, prefix):
        out = []
        for page in self.s3().get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix + "/"):
            out.extend(o["Key"] for o in page.get("Contents", []))
        return out

    def get_json(self, bucket, key):
        return json.loads(self.s3().get_object(Bucket=bucket, Key=key)["Body"].read())


# ---------------------------------------------------------------------------------------------
# running valet


class Res:
    def __init__(self, argv, rc, out, err, secs, killed=False, kill_sent=False, started_wall=0.0):
        self.argv, self.rc, self.out, self.err, self.secs = argv, rc, out, err, secs
        self.killed = killed          # died by SIGKILL
        self.kill_sent = kill_sent    # a SIGKILL was due (sent, or the process had already exited)
        self.started_wall = started_wall
        self.js = None
        if out.strip():
            try:
                self.js = json.loads(out)
            except ValueError:
                pass

    @property
    def ok(self):
        return self.rc == 0

    def brief(self):
        e = self.err.strip().splitlines()
        return f"exit {self.rc} after {self.secs:.2f}s: {e[-1][:300] if e else ''}"


KEY = "AKIAKILLSTEST0000001"
SECRET = "kills-test-secret-0000000000000000000000"


class Valet:
    def __init__(self, exe, root):
        # A private copy: a rebuild of target/debug/valet during the run must not pull the binary
        # from under it.
        os.makedirs(os.path.join(root, "bin"))
        self.exe = os.path.join(root, "bin", "valet")
        shutil.copy2(exe, self.exe)
        self.dir_env = {}
        self.home = os.path.join(root, "home")
        self.logs = os.path.join(root, "logs")
        os.makedirs(self.home)
        os.makedirs(self.logs)
        base = {k: v for k, v in os.environ.items()
                if not k.startswith(("VALET_", "CLOUDFLARE_", "AWS_", "XDG_")) and k not in ("RUST_LOG",)}
        base.pop("RUST_BACKTRACE", None)
        base.update({"HOME": self.home, "VALET_LOG_DIR": self.logs,
                     "CLOUDFLARE_R2_ACCESS_KEY_ID": KEY, "CLOUDFLARE_R2_SECRET_ACCESS_KEY": SECRET})
        self.env = base
        self.commands = 0
        self.time_by = collections.Counter()
        self.count_by = collections.Counter()

    def argv(self, d, args, json_out=True):
        return [self.exe, "--data-dir", d] + (["--json"] if json_out else []) + list(args)

    def run(self, d, *args, json_out=True, timeout=600):
        return self.run_killed(d, args, None, json_out=json_out, timeout=timeout)

    def must(self, d, *args, **kw):
        r = self.run(d, *args, **kw)
        if not r.ok:
            raise RuntimeError(f"valet {' '.join(args)} in {d}: {r.brief()}\n{r.err[-3000:]}")
        return r

    def run_killed(self, d, args, delay, json_out=True, timeout=600):
        """Runs valet; with `delay` (seconds), SIGKILLs it that long after the spawn unless it
        exited first. Output goes to temp files, so a full pipe never holds the process back."""
        argv = self.argv(d, args, json_out)
        self.commands += 1
        with tempfile.TemporaryFile() as fo, tempfile.TemporaryFile() as fe:
            wall = time.time()
            t0 = time.monotonic()
            env = {**self.env, **self.dir_env[d]} if d in self.dir_env else self.env
            p = subprocess.Popen(argv, stdout=fo, stderr=fe, env=env, stdin=subprocess.DEVNULL)
            kill_sent = False
            if delay is not None:
                due = t0 + delay
                while p.poll() is None:
                    left = due - time.monotonic()
                    if left <= 0:
                        break
                    time.sleep(min(left, 0.0005))
                kill_sent = True
                if p.poll() is None:
                    try:
                        p.send_signal(signal.SIGKILL)
                    except ProcessLookupError:
                        pass
            try:
                rc = p.wait(timeout)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait(60)
                rc = -999
            secs = time.monotonic() - t0
            fo.seek(0)
            fe.seek(0)
            out, err = fo.read(), fe.read()
        if rc == -999:
            err += f"\n[kills.py: timed out after {timeout} s]".encode()
        name = " ".join(a for a in args[:2] if not a.startswith("/") and not a[:1].isdigit())
        self.time_by[name] += secs
        self.count_by[name] += 1
        return Res(argv, rc, out.decode("utf-8", "replace"), err.decode("utf-8", "replace"), secs,
                   killed=(rc == -signal.SIGKILL), kill_sent=kill_sent, started_wall=wall)


# ---------------------------------------------------------------------------------------------
# what is on disk


RECORD_DIRS = {"todos": "todo", "plans": "plan", "journals": "journal", "archive": "archive"}
UUID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
DATE_RE = re.compile(r"^\d{4}-\d\d-\d\d$")


def inspect_records(d):
    """Every file in the record folders: (problems, {path: rev})."""
    problems, revs = [], {}
    for folder, kind in RECORD_DIRS.items():
        p = os.path.join(d, folder)
        if not os.path.isdir(p):
            continue
        for name in sorted(os.listdir(p)):
            fp = os.path.join(p, name)
            rel = f"{folder}/{name}"
            if not os.path.isfile(fp):
                problems.append(f"{rel}: not a regular file")
                continue
            stem = name[:-5] if name.endswith(".json") else None
            ok_name = stem is not None and (UUID_RE.match(stem) if kind == "todo" else DATE_RE.match(stem))
            if not ok_name:
                problems.append(f"{rel}: stray file in a record folder ({os.path.getsize(fp)} bytes)")
                continue
            with open(fp, "rb") as f:
                raw = f.read()
            try:
                env = json.loads(raw)
            except ValueError as e:
                problems.append(f"{rel}: torn or partial JSON ({len(raw)} bytes: {e})")
                continue
            bad = []
            if not isinstance(env, dict):
                bad.append("not an object")
            else:
                if env.get("format") != 1:
                    bad.append(f"format {env.get('format')!r}")
                if env.get("kind") != kind:
                    bad.append(f"kind {env.get('kind')!r}")
                if env.get("id") != stem:
                    bad.append(f"id {env.get('id')!r}")
                if not isinstance(env.get("rev"), int):
                    bad.append("no rev")
                if not isinstance(env.get("data"), dict) and env.get("deleted") is not True:
                    bad.append("neither data nor deleted")
            if bad:
                problems.append(f"{rel}: not a whole envelope ({', '.join(bad)})")
            else:
                revs[rel] = env["rev"]
    return problems, revs


def tmp_files(d):
    t = os.path.join(d, ".valet", "tmp")
    return sorted(os.listdir(t)) if os.path.isdir(t) else []


def stray_temp_files(d):
    """*.tmp files anywhere in the data dir except `.valet/tmp` (which the store cleans on load)."""
    out = []
    skip = os.path.join(d, ".valet", "tmp")
    for top, dirs, files in os.walk(d):
        if top == skip:
            dirs[:] = []
            continue
        out.extend(os.path.relpath(os.path.join(top, f), d) for f in files if f.endswith(".tmp"))
    return out


def log_path(d):
    return os.path.join(d, ".valet", "changes.log")


def log_files(d):
    """The change log's files, oldest first: changes.log.4 .. .1, then changes.log."""
    out = [f"{log_path(d)}.{n}" for n in range(4, 0, -1)] + [log_path(d)]
    return [p for p in out if os.path.exists(p)]


def log_mark(d):
    """Where the change log ends now: (inode of the current file, its size)."""
    try:
        st = os.stat(log_path(d))
        return st.st_ino, st.st_size
    except OSError:
        return None, 0


def log_check(d):
    """(torn tail of the current file?, unreadable lines in any kept file)."""
    torn, bad = False, []
    for p in log_files(d):
        with open(p, "rb") as f:
            raw = f.read()
        cur = p == log_path(d)
        lines = raw.split(b"\n")
        if cur and raw and not raw.endswith(b"\n"):
            torn = True
            lines = lines[:-1]
        for i, line in enumerate(lines):
            if not line:
                continue
            try:
                e = json.loads(line)
                ok = isinstance(e, dict) and ("key" in e or "logId" in e)
            except ValueError:
                ok = False
            if not ok:
                bad.append((os.path.basename(p), i + 1, line[:200]))
    return torn, bad


def rotation_state(d):
    """Traces of an interrupted rotation: changes.log.0 left, or .1 still the current file."""
    out = []
    if os.path.exists(log_path(d) + ".0"):
        out.append("changes.log.0 left")
    try:
        if os.stat(log_path(d) + ".1").st_ino == os.stat(log_path(d)).st_ino:
            out.append("changes.log.1 still the current file")
    except OSError:
        pass
    return out


def new_log_entries(d, since):
    """Entries appended after `since` (a log_mark), across a rotation."""
    ino, size = since
    seen, chunks = set(), []
    files = log_files(d)
    start = None
    for k, p in enumerate(files):
        try:
            if os.stat(p).st_ino == ino:
                start = k
                break
        except OSError:
            pass
    if start is None:  # no log before: everything is new
        start, size = 0, 0
    for k in range(start, len(files)):
        p = files[k]
        try:
            i = os.stat(p).st_ino
        except OSError:
            continue
        if i in seen:
            continue
        seen.add(i)
        with open(p, "rb") as f:
            if k == start:
                f.seek(size)
            chunks.append(f.read())
    out = []
    for raw in chunks:
        for line in raw.split(b"\n"):
            try:
                e = json.loads(line)
                if isinstance(e, dict) and "key" in e:
                    out.append(e)
            except ValueError:
                pass
    return out


def classify_kill(d, since):
    """Where a killed writer died, from the change log lines it appended and the files."""
    entries = new_log_entries(d, since)
    if not entries:
        return "before its commit", entries
    _, revs = inspect_records(d)
    for e in entries:
        have = revs.get(e["key"])
        if e.get("op") == "put" and (have is None or have < e["rev"]):
            return "inside its commit (log line written, record not yet renamed)", entries
        if e.get("op") == "delete" and (have is not None and have < e["rev"]):
            return "inside its commit (log line written, record not yet renamed)", entries
    return "after its commit (before exiting)", entries


def parse_at(s):
    """The change log's RFC 3339 time (nanoseconds) as a POSIX float."""
    m = re.match(r"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(\.\d+)?Z", s)
    t = dt.datetime.strptime(m.group(1), "%Y-%m-%dT%H:%M:%S").replace(tzinfo=dt.timezone.utc).timestamp()
    return t + (float("0" + m.group(2)) if m.group(2) else 0.0)


def write_settings(d, settings):
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "settings.json"), "w") as f:
        json.dump(settings, f, indent=2)


def r2_settings(moto_url, bucket, prefix, provider="cloudflare-r2"):
    return {"user": {"timezone": "UTC"},
            "storage": {"provider": provider,
                        "cloudflare": {"endpoint": moto_url, "bucketName": bucket, "keyPrefix": prefix,
                                       "region": "auto"}}}


def export_file(path, todos):
    with open(path, "w") as f:
        json.dump({"format": "valet-export", "version": 1, "exportedAt": iso(dt.datetime.now(dt.timezone.utc)),
                   "appVersion": "0.1.0", "settings": {}, "profile": None, "todos": todos, "plans": [],
                   "journals": [], "archives": []}, f)


def batch_todos(rng, n, label):
    t = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc) + dt.timedelta(seconds=rng.randrange(10**7))
    return [{"id": uuid4(rng), "content": f"{label} #{k} {rng.randrange(10**6):06d}", "status": "pending",
             "priority": rng.choice(["high", "medium", "low"]), "category": "Batch", "due": None,
             "notes": [f"batch note {k}"] if k % 3 == 0 else [], "createdAt": iso(t), "updatedAt": iso(t)}
            for k in range(n)]


def todo_view(t):
    return {"content": t["content"], "status": t["status"], "notes": list(t.get("notes") or [])}


def list_todos(valet, d):
    r = valet.run(d, "todo", "list", "--status", "all", "--limit", "1000000")
    if not r.ok or not isinstance(r.js, dict):
        return r, None
    return r, r.js["items"]


def export_records(valet, d, path):
    """`valet export` as a dict without exportedAt, or (None, Res) when it failed."""
    r = valet.run(d, "export", path)
    if not r.ok:
        return None, r
    with open(path) as f:
        e = json.load(f)
    e.pop("exportedAt", None)
    return e, r


def doctor(valet, d):
    """None when clean, else a description."""
    r = valet.run(d, "doctor")
    if not r.ok or not isinstance(r.js, dict):
        return f"doctor failed: {r.brief()}"
    bad = []
    if r.js.get("problems"):
        bad.append(f"problems {r.js['problems']}")
    if r.js.get("staleInCache"):
        bad.append(f"{r.js['staleInCache']} record(s) stale in the index cache")
    left = tmp_files(d)
    if left:
        bad.append(f".valet/tmp still holds {left[:5]} after a load")
    return "; ".join(bad) or None


def first_diff(a, b, path="$"):
    """Where two JSON values first differ, in words."""
    if type(a) is not type(b):
        return f"{path}: {str(a)[:150]!r} vs {str(b)[:150]!r}"
    if isinstance(a, dict):
        for k in sorted(set(a) | set(b)):
            if k not in a or k not in b:
                return f"{path}.{k}: only in {'the first' if k in a else 'the second'}"
            d = first_diff(a[k], b[k], f"{path}.{k}")
            if d:
                return d
        return None
    if isinstance(a, list):
        if len(a) != len(b):
            return f"{path}: {len(a)} vs {len(b)} items"
        for i, (x, y) in enumerate(zip(a, b)):
            d = first_diff(x, y, f"{path}[{i}]")
            if d:
                return d
        return None
    return None if a == b else f"{path}: {str(a)[:150]!r} vs {str(b)[:150]!r}"


class Part:
    """Figures and failures of one scenario."""

    def __init__(self, name, verbose):
        self.name, self.verbose = name, verbose
        self.runs = 0
        self.spawned = 0
        self.killed = 0
        self.finished_first = 0
        self.not_killed = 0
        self.acked = 0
        self.lost = 0
        self.dupes = 0
        self.secs = 0.0
        self.bad = collections.defaultdict(list)
        self.where = collections.Counter()
        self.extra = collections.Counter()

    def count(self, r):
        self.spawned += 1
        if r.killed:
            self.killed += 1
        elif r.kill_sent:
            self.finished_first += 1
        else:
            self.not_killed += 1

    def fail(self, what, run, detail):
        self.bad[what].append(f"run {run}: {detail}")
        if len(self.bad[what]) <= 3 or self.verbose:
            print(f"  [{self.name} run {run}] {what}: {str(detail)[:1500]}", flush=True)

    def figures(self, extra=""):
        print(f"{self.name}: runs {self.runs}; processes started {self.spawned}: killed {self.killed} (died by "
              f"SIGKILL), finished first {self.finished_first}, not killed {self.not_killed}; acknowledged ops "
              f"{self.acked}; lost={self.lost}; duplicates={self.dupes}; {self.secs:.0f} s" + (f"; {extra}" if extra else ""),
              flush=True)
        if self.where:
            print(f"  kills landed: " + ", ".join(f"{k}: {v}" for k, v in self.where.most_common()), flush=True)

    def checks(self, names):
        for n in names:
            check(f"{self.name}: {n}", not self.bad.get(n), self.bad.get(n, [])[:5])
        other = [k for k in self.bad if k not in names]
        for n in other:
            check(f"{self.name}: {n}", False, self.bad[n][:5])


def pick_delay(rng, hi, never=0.1):
    if rng.random() < never:
        return None
    return rng.uniform(0, hi)


class Window:
    """The range kill delays are drawn from (uniform over [0, hi]), adapted to how long the command
    really runs on this machine right now: longer after a kill, shorter when the command finished
    before its signal, so about a quarter finish first and the kills spread over its whole life."""

    def __init__(self, hi, lo=0.01, top=30.0):
        self.hi, self.lo, self.top = hi, lo, top
        self.aims = collections.defaultdict(list)  # moment name -> seconds after spawn, measured
        self.aimed = False
        self.hits = collections.Counter()

    def aim(self, name, secs):
        if secs is not None and 0 < secs < self.top:
            self.aims[name].append(secs)

    def pick(self, rng, never=0.1, p_aim=0.4):
        """None (no kill), or a delay: uniform over the window, or (p_aim) aimed at one of the
        measured moments (gauss around their recent median)."""
        self.aimed = None
        if rng.random() < never:
            return None
        names = sorted(n for n, v in self.aims.items() if v)
        if names and rng.random() < p_aim:
            self.aimed = rng.choice(names)
            c = statistics.median(self.aims[self.aimed][-15:])
            return max(0.0, rng.gauss(c, max(0.004, c * 0.06)))
        return rng.uniform(0, self.hi)

    def learn(self, r):
        if self.aimed:
            self.hits[f"aimed at {self.aimed}: {'killed' if r.killed else 'finished first'}"] += 1
            return
        if r.killed:
            self.hi = min(self.top, self.hi * 1.04)
        elif r.kill_sent:
            self.hi = max(self.lo, self.hi * 0.89)


# ---------------------------------------------------------------------------------------------
# 1. writes


WRITE_OPS = [("add", 26), ("complete", 12), ("reopen", 5), ("update", 11), ("note", 9), ("remove", 5),
             ("day_task", 12), ("day_refl", 10), ("batch", 7)]
DAY_DATES = ["2026-03-02", "2026-03-03", "2026-03-04"]
ROTATE_BYTES = 1200


def audit_check(valet, d):
    """None when `valet audit` lists the kept change log without an entry twice, else why."""
    r = valet.run(d, "audit", "--limit", "1000000")
    if not r.ok or not isinstance(r.js, list):
        return f"valet audit failed: {r.brief()}"
    c = collections.Counter((e["at"], e["key"], e["rev"], e["op"]) for e in r.js)
    dup = [k for k, n in c.items() if n > 1]
    return f"{len(dup)} entries listed twice, e.g. {dup[:2]}" if dup else None


def scenario_writes(ctx, n):
    """A generator: one run per next()."""
    part = Part("writes", ctx.verbose)
    yield part
    valet = ctx.valet
    d = os.path.join(ctx.root, "writes")
    write_settings(d, {"user": {"timezone": "UTC"}})
    # A small change log, so it rotates every ~8 changes and kills land in rotations too.
    valet.dir_env[d] = {"VALET_CHANGE_LOG_ROTATE_BYTES": str(ROTATE_BYTES)}
    model = {}       # id -> {content, status, notes}: the acknowledged (or since observed) state
    removed = set()  # ids whose removal was acknowledged (or observed)
    days = {(dd, k): [] for dd in DAY_DATES for k in ("tasks", "refl")}
    durations = collections.defaultdict(list)  # op -> seconds of unkilled runs
    commit_at = collections.defaultdict(list)  # op -> seconds from spawn to the change-log line
    rotate_at_secs = []  # seconds from spawn to a rotation's new log file
    for i in range(4):
        r = valet.must(d, "todo", "add", f"seed todo {i}")
        model[r.js["id"]] = todo_view(r.js)

    def day_state(date):
        r = valet.run(d, "day", "show", date)
        if not r.ok:
            return None, r
        js = r.js
        tasks = [t["text"] for t in ((js.get("plan") or {}).get("tasks") or [])]
        refl = (js.get("journal") or {}).get("reflections") or ""
        return {"tasks": tasks, "refl": [x for x in refl.split("\n\n") if x]}, r

    i = 0
    while i < n:
        i += 1
        t_run = time.monotonic()
        rng = random.Random(f"{ctx.seed}-writes-{i}")
        # One acknowledged write first (never killed), so later kills have more to lose; none
        # when it would rotate the change log, so the killed command is the one that rotates.
        pre = rng.choice(["add", "note", "complete", "day_task"])
        if log_mark(d)[1] + 160 > ROTATE_BYTES:
            pre = None
        live = sorted(model)
        pend = [t for t in live if model[t]["status"] == "pending"]
        if pre is None:
            rp = None
        elif pre == "add" or not pend:
            c = f"w{i} pre-add {rng.randrange(10**6):06d}"
            rp = valet.run(d, "todo", "add", c)
            if rp.ok:
                model[rp.js["id"]] = {"content": c, "status": "pending", "notes": []}
        elif pre == "note":
            tid, c = rng.choice(live), f"w{i} pre-note"
            rp = valet.run(d, "todo", "note", tid, c)
            if rp.ok:
                model[tid] = dict(model[tid], notes=model[tid]["notes"] + [c])
        elif pre == "complete":
            tid = rng.choice(pend)
            rp = valet.run(d, "todo", "complete", tid)
            if rp.ok:
                model[tid] = dict(model[tid], status="completed")
        else:
            dd, c = rng.choice(DAY_DATES), f"w{i} pre-task"
            rp = valet.run(d, "day", "update", dd, "--planner", "--section", "tasks", "--append", f"- [ ] {c}")
            if rp.ok:
                days[(dd, "tasks")].append(c)
        if rp is not None and rp.ok:
            part.acked += 1
        elif rp is not None:
            part.fail("every command that was not killed exited 0", i, f"{pre}: {rp.brief()}")
        live = sorted(model)
        pending = [t for t in live if model[t]["status"] == "pending"]
        done = [t for t in live if model[t]["status"] == "completed"]
        op = rng.choices([o for o, _ in WRITE_OPS], [w for _, w in WRITE_OPS])[0]
        if op == "complete" and not pending or op == "reopen" and not done or \
                op in ("update", "note", "remove") and len(live) < 3:
            op = "add"
        target, after, text, date, batch = None, None, None, None, None
        if op == "add":
            text = f"w{i} add {rng.randrange(10**6):06d}"
            args = ["todo", "add", text]
            nts = []
            if rng.random() < 0.3:
                nts = [f"w{i} first note"]
                args += ["-n", nts[0]]
            if rng.random() < 0.3:
                args += ["-p", rng.choice(["high", "low"])]
            after = {"content": text, "status": "pending", "notes": nts}
        elif op in ("complete", "reopen"):
            target = rng.choice(pending if op == "complete" else done)
            args = ["todo", op, target]
            after = dict(model[target], status="completed" if op == "complete" else "pending")
        elif op == "update":
            target = rng.choice(live)
            text = f"w{i} edited {rng.randrange(10**6):06d}"
            args = ["todo", "update", target, "--content", text]
            after = dict(model[target], content=text)
        elif op == "note":
            target = rng.choice(live)
            text = f"w{i} note {rng.randrange(10**6):06d}"
            args = ["todo", "note", target, text]
            after = dict(model[target], notes=model[target]["notes"] + [text])
        elif op == "remove":
            target = rng.choice(live)
            args = ["todo", "remove", target]
            after = None
        elif op == "day_task":
            date = rng.choice(DAY_DATES)
            text = f"w{i} plan task {rng.randrange(10**6):06d}"
            args = ["day", "update", date, "--planner", "--section", "tasks", "--append", f"- [ ] {text}"]
        elif op == "day_refl":
            date = rng.choice(DAY_DATES)
            text = f"w{i} reflection {rng.randrange(10**6):06d}"
            args = ["day", "update", date, "--journal", "--section", "reflections", "--append", text]
        else:  # batch: one `valet import` of 15-60 todos = one multi-record mutation
            batch = batch_todos(rng, rng.randint(15, 60), f"w{i} batch")
            path = os.path.join(ctx.root, f"writes-batch-{i}.json")
            export_file(path, batch)
            args = ["import", path]

        # When to kill: within 0-80 ms; half the kills aimed at the moment this kind of command
        # commits (from earlier runs' change-log timestamps), the rest anywhere in its life; when
        # this commit will rotate the change log, mostly aimed at the rotation (measured from the
        # new log file's mtime in earlier runs that rotated).
        before_len = log_mark(d)
        will_rotate = before_len[1] + 160 * (len(batch) if batch else 1) > ROTATE_BYTES
        life = statistics.median(durations[op][-15:]) if durations[op] else 0.03
        if rng.random() < 0.1:
            delay = None
        elif will_rotate and rotate_at_secs and rng.random() < 0.7:
            c = statistics.median(rotate_at_secs[-15:])
            delay = max(0.0, min(0.08, rng.gauss(c, max(0.001, c * 0.05))))
        elif commit_at[op] and rng.random() < 0.5:
            c = statistics.median(commit_at[op][-15:])
            delay = max(0.0, min(0.08, rng.gauss(c, max(0.0015, c * 0.08))))
        else:
            delay = rng.uniform(0, min(0.08, life * 1.3))
        r = valet.run_killed(d, args, delay)
        part.count(r)
        part.runs += 1
        if log_mark(d)[0] != before_len[0]:
            part.extra["runs whose command rotated the change log"] += 1
            if r.ok and before_len[0] is not None:
                rotate_at_secs.append(os.stat(log_path(d)).st_mtime - r.started_wall)
        if not r.killed:
            if r.rc != 0:
                part.fail("every command that was not killed exited 0", i, f"{' '.join(args)}: {r.brief()}")
            else:
                part.acked += 1
                durations[op].append(r.secs)
                ents = new_log_entries(d, before_len)
                if ents:
                    commit_at[op].append(max(0.0, parse_at(ents[0]["at"]) - r.started_wall))
        else:
            where, _ = classify_kill(d, before_len)
            traces = rotation_state(d)
            part.where[where if not traces else f"inside a change-log rotation ({', '.join(traces)})"] += 1
        acked = r.ok

        # 1. The files as the kill left them (nothing has opened the store since).
        problems, _ = inspect_records(d)
        if problems:
            part.fail("no torn record and no stray file in the record folders", i, problems[:5])
        torn, badlines = log_check(d)
        if torn:
            part.extra["change log left with a torn last line"] += 1
        if badlines:
            part.fail("the change log has no unreadable line", i, badlines[:3])
        if r.killed and tmp_files(d):
            part.extra["kills that left a temp file in .valet/tmp"] += 1

        # 2. A cold open lists every acknowledged todo once, in its acknowledged state.
        lr, items = list_todos(valet, d)
        if items is None:
            part.fail("the store opens after every run (todo list)", i, lr.brief())
            part.secs += time.monotonic() - t_run
            yield
            continue
        by_id = collections.defaultdict(list)
        for t in items:
            by_id[t["id"]].append(t)
        dup = [k for k, v in by_id.items() if len(v) > 1]
        if dup:
            part.dupes += len(dup)
            part.fail("every todo exactly once (no duplicate)", i, dup[:5])
        obs = {k: todo_view(v[0]) for k, v in by_id.items()}
        # Apply what is known about this run to the model.
        if op == "add":
            same = [k for k, v in obs.items() if v["content"] == text]
            if acked:
                tid = r.js["id"]
                model[tid] = after
                if len(same) != 1 or same[0] != tid:
                    part.fail("every todo exactly once (no duplicate)", i, f"acknowledged add {tid}: found {same}")
            elif r.killed:
                if len(same) > 1:
                    part.dupes += 1
                    part.fail("every todo exactly once (no duplicate)", i, f"killed add present {len(same)} times")
                elif same:
                    if obs[same[0]] != after:
                        part.fail("a killed command's target is in its old or its new state", i,
                                  f"killed add left {obs[same[0]]}, wanted {after}")
                    model[same[0]] = obs[same[0]]  # durable now: must never vanish
                    part.extra["killed adds found written (durable, not acknowledged)"] += 1
        elif op == "batch":
            ids = {t["id"]: todo_view(t) for t in batch}
            present = [k for k in ids if k in obs]
            if acked:
                part.acked += len(ids) - 1
                model.update(ids)
            elif r.killed:
                for k in present:
                    if obs[k] != ids[k]:
                        part.fail("a killed command's target is in its old or its new state", i,
                                  f"killed import left {k} as {obs[k]}")
                    model[k] = obs[k]
                if 0 < len(present) < len(ids):
                    part.extra["killed batches found partly written (each record whole)"] += 1
        elif target is not None:
            want_new = after
            if acked:
                if after is None:
                    model.pop(target, None)
                    removed.add(target)
                else:
                    model[target] = after
            elif r.killed:
                now = obs.get(target)
                old = model[target]
                if now != old and now != want_new:
                    part.fail("a killed command's target is in its old or its new state", i,
                              f"{op} {target}: {now} is neither {old} nor {want_new}")
                elif now is None:
                    model.pop(target, None)
                    removed.add(target)
                else:
                    model[target] = now
                # The interrupted work completes when it is run again (a note only if it was not
                # written: adding a note twice is two notes).
                if target in model and (op != "note" or now == old):
                    rr = valet.run(d, *args)
                    if not rr.ok:
                        part.fail("a killed command re-run completes", i, f"{' '.join(args)}: {rr.brief()}")
                    else:
                        part.extra["killed commands re-run to completion"] += 1
                        part.acked += 1
                        if after is None:
                            model.pop(target, None)
                            removed.add(target)
                            obs.pop(target, None)
                        else:
                            model[target] = after
                            obs[target] = after
        lost = [k for k in model if k not in obs]
        if lost:
            part.lost += len(lost)
            part.fail("nothing acknowledged is lost", i, lost[:5])
        wrong = [(k, obs[k], model[k]) for k in model if k in obs and obs[k] != model[k]]
        if wrong:
            part.fail("every todo in its acknowledged state", i, wrong[:3])
        back = [k for k in removed if k in obs]
        if back:
            part.fail("acknowledged removals stay removed", i, back[:5])
        ghosts = [k for k in obs if k not in model and k not in removed]
        if ghosts:
            part.fail("no todo that nobody added", i, [(k, obs[k]) for k in ghosts[:3]])

        # 3. Days: every acknowledged plan task / reflection exactly once, in order.
        check_dates = [date] if date else []
        if i % 25 == 0:
            check_dates = DAY_DATES
        for dd in check_dates:
            st, dr = day_state(dd)
            if st is None:
                part.fail("the store opens after every run (day show)", i, dr.brief())
                continue
            for k in ("tasks", "refl"):
                want = days[(dd, k)]
                got = st[k]
                maybe = text if (dd == date and op == ("day_task" if k == "tasks" else "day_refl")) else None
                if maybe is not None and acked:
                    want = want + [maybe]
                    days[(dd, k)] = want
                    maybe = None
                extra_items = [x for x in got if x not in want and x != maybe]
                counts = collections.Counter(got)
                dups = [x for x, c in counts.items() if c > 1]
                missing = [x for x in want if x not in got]
                if missing:
                    part.lost += len(missing)
                    part.fail("nothing acknowledged is lost", i, f"{dd} {k}: missing {missing[:3]}")
                if dups:
                    part.dupes += len(dups)
                    part.fail("every todo exactly once (no duplicate)", i, f"{dd} {k}: {dups[:3]} repeated")
                if extra_items:
                    part.fail("no todo that nobody added", i, f"{dd} {k}: unknown {extra_items[:3]}")
                if [x for x in got if x in want] != want:
                    part.fail("day edits keep their acknowledged order", i, f"{dd} {k}: {got} vs {want}")
                if maybe is not None and r.killed and maybe in got:
                    days[(dd, k)] = [x for x in got if x in want or x == maybe]
                    part.extra["killed day edits found written"] += 1

        # 4. Doctor after every kill (and every 20th run): clean, temp files gone.
        if r.killed or i % 20 == 0:
            bad = doctor(valet, d)
            if bad:
                part.fail("doctor clean after every kill", i, bad)
        if i % 10 == 0 or (r.killed and rotation_state(d)):
            bad = audit_check(valet, d)
            if bad:
                part.fail("valet audit reads the rotated change log, no entry twice", i, bad)
        part.secs += time.monotonic() - t_run
        yield

    t_end = time.monotonic()
    # The end: all days once more, doctor, stray temp files.
    for dd in DAY_DATES:
        st, dr = day_state(dd)
        for k in ("tasks", "refl"):
            if st is None or [x for x in st[k] if x in days[(dd, k)]] != days[(dd, k)]:
                part.fail("nothing acknowledged is lost", "end", f"{dd} {k}")
    bad = doctor(valet, d)
    if bad:
        part.fail("doctor clean after every kill", "end", bad)
    bad = audit_check(valet, d)
    if bad:
        part.fail("valet audit reads the rotated change log, no entry twice", "end", bad)
    ctx.strays("writes", d)
    part.secs += time.monotonic() - t_end
    part.figures(f"todos live {len(model)}, removed {len(removed)}, plan tasks "
                 f"{sum(len(v) for (dd, k), v in days.items() if k == 'tasks')}, reflections "
                 f"{sum(len(v) for (dd, k), v in days.items() if k == 'refl')}")
    for k, v in sorted(part.extra.items()):
        print(f"  {k}: {v}", flush=True)
    part.checks(["every command that was not killed exited 0", "no torn record and no stray file in the record folders",
                 "the change log has no unreadable line", "the store opens after every run (todo list)",
                 "nothing acknowledged is lost", "every todo exactly once (no duplicate)",
                 "every todo in its acknowledged state", "a killed command's target is in its old or its new state",
                 "acknowledged removals stay removed", "no todo that nobody added", "day edits keep their acknowledged order",
                 "a killed command re-run completes", "doctor clean after every kill",
                 "valet audit reads the rotated change log, no entry twice"])
    check("writes: kills landed before, inside and after commits (some inside)",
          part.killed < 20 or part.where.get("inside its commit (log line written, record not yet renamed)", 0) > 0
          or part.where.get("after its commit (before exiting)", 0) > 0, dict(part.where))


# ---------------------------------------------------------------------------------------------
# 2. import-legacy


WORDS = ("budget letter dentist garden invoice ladder ferry passport recipe report harbour review "
         "meeting draft fig tree spreadsheet van lamp kettle roof bike train slides notes").split()


def phrase(rng, k=4):
    return " ".join(rng.choice(WORDS) for _ in range(k))


def make_legacy(root, rng, n_todos=420, n_days=50, n_archives=15):
    """A legacy valet-data folder (see docs/ARCHITECTURE.md, "Data in and out")."""
    os.makedirs(os.path.join(root, "days"))
    os.makedirs(os.path.join(root, "archive"))
    base = dt.datetime(2025, 2, 1, 8, 0, tzinfo=dt.timezone.utc)
    tasks = []
    for i in range(n_todos):
        created = base + dt.timedelta(minutes=rng.randrange(60 * 24 * 120))
        t = {"id": uuid4(rng), "content": f"Legacy task {i}: {phrase(rng)}",
             "priority": rng.choice(["high", "medium", "low", "medium", "urgent"]),
             "category": rng.choice(["Work", "Home", "Admin", "", "General"]),
             "completed": rng.random() < 0.4, "created": iso(created),
             "notes": [phrase(rng, 6) for _ in range(rng.choice([0, 0, 1, 2]))]}
        if rng.random() < 0.7:
            t["due"] = rng.choice([None, (created + dt.timedelta(days=rng.randrange(1, 40))).strftime("%Y-%m-%d")])
        if t["completed"] and rng.random() < 0.8:
            t["completed_at"] = iso(created + dt.timedelta(hours=rng.randrange(1, 500)))
        if rng.random() < 0.3:
            t["updated_at"] = iso(created + dt.timedelta(hours=rng.randrange(1, 300)))
        if rng.random() < 0.05:
            t["tags"] = [rng.choice(WORDS)]
        tasks.append(t)
    tasks.append({"content": "a task without an id", "priority": "high", "completed": False,
                  "created": iso(base)})
    with open(os.path.join(root, "_global_todo.json"), "w") as f:
        json.dump({"version": "1.0.0", "updated": iso(base + dt.timedelta(days=130)), "tasks": tasks}, f, indent=2)

    def day(date, kind, created, updated, variant=""):
        if kind == "planner":
            sections = {"tasks": f"## Morning\n- [ ] {phrase(rng)}\n- [x] {phrase(rng)}\n- plain bullet {variant}\n\n"
                                 f"## Afternoon\n* [ ] {phrase(rng)}\n+ [X] {phrase(rng)}",
                        "data_stash": f"stash {phrase(rng, 3)} {variant}", "ongoing_summary": phrase(rng, 8),
                        "personal_reminders": phrase(rng, 3), "meeting notes": f"**{phrase(rng, 2)}** {variant}"}
        else:
            sections = {"reflections": f"{phrase(rng, 12)} {variant}", "personal_reminders": "",
                        "tasks": f"✅ {phrase(rng)}\n✅ {phrase(rng)}", "data_stash": phrase(rng, 2),
                        "mood": "calm"}
        return {"date": date, "type": kind, "sections": sections,
                "metadata": {"keywords": ["daily", date], "created": iso(created), "updated": iso(updated)}}

    start = dt.date(2025, 4, 1)
    dates = [(start + dt.timedelta(days=k)).isoformat() for k in range(n_days)]
    for k, date in enumerate(dates):
        c = dt.datetime.fromisoformat(date).replace(tzinfo=dt.timezone.utc) + dt.timedelta(hours=7)
        for kind in ("planner", "journal"):
            with open(os.path.join(root, "days", f"{date}-{kind}.json"), "w") as f:
                json.dump(day(date, kind, c, c + dt.timedelta(hours=rng.randrange(1, 14))), f, indent=2)
    # Archives: most before the days (archive only), five of the days' dates (conflicts).
    arch = [(start - dt.timedelta(days=k + 1)).isoformat() for k in range(n_archives - 5)] + dates[10:15]
    for date in arch:
        c = dt.datetime.fromisoformat(date).replace(tzinfo=dt.timezone.utc) + dt.timedelta(hours=7)
        files = {}
        for kind in ("planner", "journal"):
            if rng.random() < 0.85:
                files[kind] = json.dumps(day(date, kind, c, c + dt.timedelta(hours=rng.randrange(1, 30)), "(archived)"))
        with open(os.path.join(root, "archive", f"{date}.json"), "w") as f:
            json.dump({"date": date, "archived_at": iso(c + dt.timedelta(days=1)), "files": files}, f, indent=2)
    with open(os.path.join(root, "days", "placeholder.txt"), "w") as f:
        f.write("keep this folder\n")
    with open(os.path.join(root, "settings.json"), "w") as f:
        json.dump({"version": "1.0.0", "user": {"name": "Sam"}, "mcp": {"cache_ttl": 300},
                   "daily_routine": {"morning_briefing": True, "auto_archive": True},
                   "preferences": {"timezone": "Europe/Lisbon", "date_format": "YYYY-MM-DD"}}, f, indent=2)
    with open(os.path.join(root, "USER.md"), "w") as f:
        f.write("# About Sam\n\nLikes early trains and short meetings.\n")
    return n_todos + 2 * n_days + len(arch)


def import_kill_point(d, since, total):
    """Where a killed import died: before its first batch, inside a batch, between batches, after."""
    entries = new_log_entries(d, since)
    if not entries:
        return "before writing (reading, restore point)"
    _, revs = inspect_records(d)
    renamed = sum(1 for e in entries if revs.get(e["key"], 0) >= e["rev"])
    if renamed < len(entries):
        return "inside a batch (log lines written, records not all renamed)"
    if len(entries) < total:
        return "between batches"
    return "after the last batch (settings, profile, exit)"


class LegacyRef:
    """The legacy folder and its clean import, made once and shared by import and migrate."""

    def __init__(self, ctx):
        self.ctx = ctx
        self.ready = False
        self.lock = threading.Lock()

    def get(self):
        if self.ready:
            return self
        ctx, valet = self.ctx, self.ctx.valet
        self.src = os.path.join(ctx.root, "legacy-src")
        make_legacy(self.src, random.Random(f"{ctx.seed}-legacy"))
        self.dir = os.path.join(ctx.root, "legacy-ref")
        write_settings(self.dir, {"user": {"timezone": "UTC"}})
        t0 = time.monotonic()
        r = valet.must(self.dir, "import-legacy", self.src)
        self.secs = time.monotonic() - t0
        self.report = r.js
        self.export, er = export_records(valet, self.dir, os.path.join(ctx.root, "legacy-ref.json"))
        if self.export is None:
            raise RuntimeError(f"export of the reference failed: {er.brief()}")
        self.records = sum(len(self.export[k]) for k in ("todos", "plans", "journals", "archives"))
        self.todos = {t["id"]: t for t in self.export["todos"]}
        self.days = {(k, x["date"]): x for k in ("plans", "journals", "archives") for x in self.export[k]}
        _, items = list_todos(valet, self.dir)
        self.listed = sorted(items, key=lambda t: t["id"])
        print(f"legacy folder: {self.records} records ({len(self.todos)} todos, {len(self.export['plans'])} plans, "
              f"{len(self.export['journals'])} journals, {len(self.export['archives'])} archives); "
              f"clean import {self.secs:.1f} s", flush=True)
        self.ready = True
        return self


def scenario_import(ctx, n):
    part = Part("import", ctx.verbose)
    yield part
    valet = ctx.valet
    t0 = time.monotonic()
    ref = ctx.legacy.get()
    # A second clean import must equal the first: what is compared is deterministic.
    d2 = os.path.join(ctx.root, "import-clean-2")
    write_settings(d2, {"user": {"timezone": "UTC"}})
    valet.must(d2, "import-legacy", ref.src)
    e2, _ = export_records(valet, d2, os.path.join(ctx.root, "import-clean-2.json"))
    diff = first_diff(ref.export, e2)
    check("import: two clean imports export the same (minus exportedAt), so they can be compared",
          diff is None, diff)
    shutil.rmtree(d2, ignore_errors=True)
    clean_secs = [ref.secs]
    window = Window(ref.secs * 1.2)
    part.secs += time.monotonic() - t0
    i = 0
    while i < n:
        i += 1
        t_run = time.monotonic()
        rng = random.Random(f"{ctx.seed}-import-{i}")
        d = os.path.join(ctx.root, f"import-{i}")
        write_settings(d, {"user": {"timezone": "UTC"}})
        part.runs += 1
        kills = 1 if rng.random() < 0.7 else 2
        for k in range(kills):
            before = log_mark(d)
            r = valet.run_killed(d, ["import-legacy", ref.src], window.pick(rng, never=0.08))
            part.count(r)
            window.learn(r)
            if not r.killed:
                if not r.ok:
                    part.fail("every run that was not killed exited 0", i, r.brief())
                else:
                    clean_secs.append(r.secs)
                    if k == 0:
                        # When it wrote settings.json (after the last batch): a moment to aim at.
                        window.aim("its settings write", os.path.getmtime(os.path.join(d, "settings.json"))
                                   - r.started_wall)
                continue
            part.where[import_kill_point(d, before, ref.records)] += 1
            # What the kill left: whole records, each one equal to the clean import's copy.
            problems, _ = inspect_records(d)
            if problems:
                part.fail("no torn record and no stray file in the record folders", i, problems[:5])
            torn, badlines = log_check(d)
            if badlines:
                part.fail("the change log has no unreadable line", i, badlines[:3])
            if torn:
                part.extra["change log left with a torn last line"] += 1
            e, er = export_records(valet, d, os.path.join(ctx.root, f"import-{i}-killed.json"))
            if e is None:
                part.fail("the store opens after every kill", i, er.brief())
                continue
            odd = [t["id"] for t in e["todos"] if ref.todos.get(t["id"]) != t]
            odd += [f"{kk}/{x['date']}" for kk in ("plans", "journals", "archives") for x in e[kk]
                    if ref.days.get((kk, x["date"])) != x]
            if odd:
                part.fail("every record a kill left equals the clean import's", i, odd[:5])
            ids = [t["id"] for t in e["todos"]]
            if len(ids) != len(set(ids)):
                part.dupes += len(ids) - len(set(ids))
                part.fail("nothing duplicated", i, "a todo twice after a kill")
            present = sum(len(e[kk]) for kk in ("todos", "plans", "journals", "archives"))
            part.extra["records present after a kill: " + ("none" if not present else "all" if present == ref.records
                                                             else "some")] += 1
            bad = doctor(valet, d)
            if bad:
                part.fail("doctor clean after every kill", i, bad)
        # The run that completes the work.
        r = valet.run(d, "import-legacy", ref.src)
        if not r.ok:
            part.fail("the re-run completes", i, r.brief())
            part.secs += time.monotonic() - t_run
            yield
            continue
        part.acked += 1
        rep = r.js
        for kk in ("todos", "plans", "journals", "archives"):
            c = rep[kk]
            if c["created"] + c["updated"] + c["unchanged"] + c["keptNewer"] != c["read"] or c["read"] != ref.report[kk]["read"]:
                part.fail("the re-run accounts for every record", i, f"{kk}: {c} (clean: {ref.report[kk]})")
        e, er = export_records(valet, d, os.path.join(ctx.root, f"import-{i}.json"))
        if e is None:
            part.fail("the re-run completes", i, f"export: {er.brief()}")
        else:
            diff = first_diff(ref.export, e)
            if diff:
                missing = [k for k in ref.todos if k not in {t["id"] for t in e["todos"]}]
                part.lost += len(missing)
                part.fail("the final store equals a clean import (export minus exportedAt)", i, diff)
        _, items = list_todos(valet, d)
        if items is None or sorted(items, key=lambda t: t["id"]) != ref.listed:
            got = [t["id"] for t in items or []]
            dup = len(got) - len(set(got))
            part.dupes += dup
            missing = set(ref.todos) - set(got)
            part.lost += len(missing)
            part.fail("todo list --status all equals a clean import's", i,
                      f"{len(got)} listed vs {len(ref.listed)}; {dup} duplicate(s), {len(missing)} missing, "
                      f"{len(set(got) - set(ref.todos))} extra")
        bad = doctor(valet, d)
        if bad:
            part.fail("doctor clean after the re-run", i, bad)
        ctx.strays("import", d)
        if i % 5 == 0:
            # Idempotent: one more run writes nothing.
            r3 = valet.run(d, "import-legacy", ref.src)
            if not r3.ok or any(r3.js[kk]["created"] + r3.js[kk]["updated"] for kk in ("todos", "plans", "journals", "archives")):
                part.fail("a further run changes nothing", i, r3.brief() if not r3.ok else {
                    kk: r3.js[kk] for kk in ("todos", "plans", "journals", "archives")})
        shutil.rmtree(d, ignore_errors=True)
        part.secs += time.monotonic() - t_run
        yield
    part.extra.update(window.hits)
    part.figures(f"records per import {ref.records}; clean import {statistics.median(clean_secs):.1f} s (median)")
    for k, v in sorted(part.extra.items()):
        print(f"  {k}: {v}", flush=True)
    part.checks(["every run that was not killed exited 0", "no torn record and no stray file in the record folders",
                 "the change log has no unreadable line", "the store opens after every kill",
                 "every record a kill left equals the clean import's", "nothing duplicated", "doctor clean after every kill",
                 "the re-run completes", "the re-run accounts for every record",
                 "the final store equals a clean import (export minus exportedAt)",
                 "todo list --status all equals a clean import's", "doctor clean after the re-run",
                 "a further run changes nothing"])


# ---------------------------------------------------------------------------------------------
# 3. migrate --to s3


BUCKET = "valet-kills"


def records_of(e):
    return {k: e[k] for k in ("todos", "plans", "journals", "archives")}


def scenario_migrate(ctx, n):
    part = Part("migrate", ctx.verbose)
    yield part
    valet, moto = ctx.valet, ctx.moto
    t0 = time.monotonic()
    # The template replica: a smaller legacy import (~200 records) plus some local edits.
    src = os.path.join(ctx.root, "migrate-legacy")
    make_legacy(src, random.Random(f"{ctx.seed}-migrate-legacy"), n_todos=150, n_days=20, n_archives=8)
    tpl = os.path.join(ctx.root, "migrate-template")
    write_settings(tpl, {"user": {"timezone": "UTC"}})
    valet.must(tpl, "import-legacy", src)
    _, items = list_todos(valet, tpl)
    ids = sorted(t["id"] for t in items)
    for k in range(6):
        valet.must(tpl, "todo", "add", f"migrate local todo {k}")
    valet.must(tpl, "todo", "complete", ids[0])
    valet.must(tpl, "todo", "remove", ids[1])
    valet.must(tpl, "day", "update", "2025-04-03", "--journal", "--section", "reflections", "--append", "added here")
    with open(os.path.join(tpl, "settings.json")) as f:
        tpl_settings = json.load(f)
    shutil.rmtree(os.path.join(tpl, ".valet", "restore"), ignore_errors=True)
    want, _ = export_records(valet, tpl, os.path.join(ctx.root, "migrate-template.json"))
    want_records = records_of(want)
    os.remove(os.path.join(tpl, ".valet", "device"))

    def prepare(name, prefix):
        d = os.path.join(ctx.root, name)
        shutil.copytree(tpl, d)
        s = dict(tpl_settings)
        s["storage"] = r2_settings(moto.url, BUCKET, prefix, provider="local")["storage"]
        write_settings(d, s)
        return d, s

    def fresh_replica(name, prefix):
        f = os.path.join(ctx.root, name)
        write_settings(f, r2_settings(moto.url, BUCKET, prefix))
        r = valet.run(f, "sync")
        if not r.ok:
            return None, f"sync of a fresh replica: {r.brief()}"
        e, er = export_records(valet, f, os.path.join(ctx.root, name + ".json"))
        if e is None:
            return None, f"export of a fresh replica: {er.brief()}"
        return e, f

    # Calibrate: one clean migrate.
    cd, _ = prepare("migrate-calibrate", "migrate/calibrate")
    tc = time.monotonic()
    valet.must(cd, "migrate", "--to", "s3")
    clean_secs = [time.monotonic() - tc]
    window = Window(clean_secs[0] * 1.2)

    def learn_moments(dd, pfx, res):
        """From an unkilled first migrate: when it pushed (its log object's `at`) and when it
        switched storage.provider (settings.json's mtime), both after the spawn."""
        try:
            if res.js.get("switched"):
                window.aim("the switch of storage.provider",
                           os.path.getmtime(os.path.join(dd, "settings.json")) - res.started_wall)
            obj = moto.get_json(BUCKET, f"{pfx}/log/{1:016d}.json")
            window.aim("its push", parse_at(obj["at"]) - res.started_wall)
        except Exception:
            pass

    tc = time.monotonic()
    cd2, _ = prepare("migrate-calibrate-2", "migrate/calibrate-2")
    r = valet.run(cd2, "migrate", "--to", "s3")
    if r.ok:
        clean_secs.append(time.monotonic() - tc)
        learn_moments(cd2, "migrate/calibrate-2", r)
    shutil.rmtree(cd2, ignore_errors=True)
    shutil.rmtree(cd, ignore_errors=True)
    print(f"migrate: {sum(len(v) for v in want_records.values())} live records per replica; clean migrate "
          f"{clean_secs[0]:.1f} s", flush=True)
    part.secs += time.monotonic() - t0
    i = 0
    objects = []
    while i < n:
        i += 1
        t_run = time.monotonic()
        rng = random.Random(f"{ctx.seed}-migrate-{i}")
        prefix = f"migrate/run-{i}"
        d, settings = prepare(f"migrate-{i}", prefix)
        part.runs += 1
        kills = 1 if rng.random() < 0.7 else 2
        for k in range(kills):
            r = valet.run_killed(d, ["migrate", "--to", "s3"], window.pick(rng, never=0.08, p_aim=0.5))
            part.count(r)
            window.learn(r)
            if not r.killed:
                if not r.ok:
                    part.fail("every run that was not killed exited 0", i, r.brief())
                else:
                    clean_secs.append(r.secs)
                    if k == 0:
                        learn_moments(d, prefix, r)
                continue
            try:
                with open(os.path.join(d, "settings.json")) as f:
                    s_now = json.load(f)
            except ValueError as ex:
                part.fail("settings.json stays whole", i, str(ex))
                continue
            prov = (s_now.get("storage") or {}).get("provider")
            if prov not in ("local", "cloudflare-r2") or \
                    (s_now.get("storage") or {}).get("cloudflare") != settings["storage"]["cloudflare"]:
                part.fail("settings.json stays whole", i, s_now.get("storage"))
            try:
                pushed = any("/log/" in k for k in moto.keys(BUCKET, prefix))
            except Exception:
                pushed = None
            part.where[("after switching storage.provider" if prov == "cloudflare-r2" else
                        "after its push (verifying), provider still local" if pushed else
                        "before its push was stored (restore point, pull, upload), provider still local"
                        if pushed is False else
                        f"provider {prov}")] += 1
            if prov == "cloudflare-r2":
                e, f = fresh_replica(f"migrate-{i}-early-{k}", prefix)
                if e is None or records_of(e) != want_records:
                    part.fail("provider switched only after verification", i,
                              f if e is None else first_diff(want_records, records_of(e)))
            problems, _ = inspect_records(d)
            if problems:
                part.fail("no torn record and no stray file in the record folders", i, problems[:5])
            e, er = export_records(valet, d, os.path.join(ctx.root, f"migrate-{i}-killed.json"))
            if e is None:
                part.fail("the store opens after every kill", i, er.brief())
            elif records_of(e) != want_records:
                part.fail("local records unchanged by a killed migrate", i, first_diff(want_records, records_of(e)))
            bad = doctor(valet, d)
            if bad:
                part.fail("doctor clean after every kill", i, bad)
        r = valet.run(d, "migrate", "--to", "s3")
        if not r.ok:
            part.fail("the re-run completes", i, r.brief())
            part.secs += time.monotonic() - t_run
            yield
            continue
        part.acked += 1
        js = r.js
        with open(os.path.join(d, "settings.json")) as f:
            s_now = json.load(f)
        if js.get("to") != "cloudflare-r2" or js.get("verified") != js.get("records") or \
                s_now["storage"]["provider"] != "cloudflare-r2" or \
                s_now["storage"]["cloudflare"] != settings["storage"]["cloudflare"] or \
                {k: v for k, v in s_now.items() if k != "storage"} != {k: v for k, v in settings.items() if k != "storage"}:
            part.fail("the re-run switched storage.provider after verifying every record", i,
                      {"report": js, "storage": s_now.get("storage")})
        part.extra[f"re-run reported switched={js.get('switched')}"] += 1
        e, f = fresh_replica(f"migrate-{i}-fresh", prefix)
        if e is None:
            part.fail("a fresh replica syncing from the bucket has every record once", i, f)
        else:
            diff = first_diff(want_records, records_of(e))
            got = [t["id"] for t in e["todos"]]
            if diff or len(got) != len(set(got)):
                missing = {t["id"] for t in want_records["todos"]} - set(got)
                part.lost += len(missing)
                part.dupes += len(got) - len(set(got))
                part.fail("a fresh replica syncing from the bucket has every record once", i, diff)
            if i % 3 == 1:
                bad = doctor(valet, f)
                if bad:
                    part.fail("doctor clean after the re-run", i, f"fresh replica: {bad}")
            shutil.rmtree(f, ignore_errors=True)
        s = valet.run(d, "sync", "--status")
        if not s.ok or s.js.get("pending") != 0 or not s.js.get("firstSyncDone"):
            part.fail("nothing pending on the source after the migrate", i, s.js if s.ok else s.brief())
        bad = doctor(valet, d)
        if bad:
            part.fail("doctor clean after the re-run", i, bad)
        try:
            objects.append(len([k for k in moto.keys(BUCKET, prefix) if "/log/" in k]))
        except Exception as ex:  # only a figure
            part.extra[f"bucket listing failed: {type(ex).__name__}"] += 1
        ctx.strays("migrate", d)
        shutil.rmtree(d, ignore_errors=True)
        part.secs += time.monotonic() - t_run
        yield
    part.extra.update(window.hits)
    part.figures(f"clean migrate {statistics.median(clean_secs):.1f} s (median); log objects per prefix "
                 f"{dict(sorted(collections.Counter(objects).items()))}")
    for k, v in sorted(part.extra.items()):
        print(f"  {k}: {v}", flush=True)
    part.checks(["every run that was not killed exited 0", "settings.json stays whole",
                 "provider switched only after verification", "no torn record and no stray file in the record folders",
                 "the store opens after every kill", "local records unchanged by a killed migrate",
                 "doctor clean after every kill", "the re-run completes",
                 "the re-run switched storage.provider after verifying every record",
                 "a fresh replica syncing from the bucket has every record once",
                 "nothing pending on the source after the migrate", "doctor clean after the re-run"])


# ---------------------------------------------------------------------------------------------
# 4. sync


def sync_kill_point(moto, prefix, d, keys_before, log_before):
    """Where a killed `valet sync` died: from the bucket's new log objects, the replica's sync
    state and its change log."""
    try:
        with open(os.path.join(d, ".valet", "device")) as f:
            device = f.read().strip()
        mine = []
        for k in sorted(set(moto.keys(BUCKET, prefix)) - keys_before):
            if "/log/" in k and moto.get_json(BUCKET, k).get("device") == device:
                mine.append(int(k.rsplit("/", 1)[1].split(".")[0]))
        try:
            with open(os.path.join(d, ".valet", "sync", "state.json")) as f:
                next_seq = json.load(f).get("nextSeq", 0)
        except (OSError, ValueError):
            next_seq = 0
    except Exception as e:  # only a figure
        return f"unknown ({type(e).__name__})"
    if mine:
        return "after its push, before saving its state" if next_seq <= max(mine) else "after its push and state"
    if any(e.get("by") == "sync" for e in new_log_entries(d, log_before)):
        return "after applying pulled records, before its push"
    return "before applying or pushing anything"


# The day the second writer on the pulling device appends to.
SYNC_DAY = "2026-11-28"


def scenario_sync(ctx, n):
    part = Part("sync", ctx.verbose)
    yield part
    valet, moto = ctx.valet, ctx.moto
    epoch_len = 10
    st = {}

    def new_epoch(e):
        prefix = f"sync/epoch-{e}"
        A = os.path.join(ctx.root, f"sync-{e}-A")
        B = os.path.join(ctx.root, f"sync-{e}-B")
        for dd in (A, B):
            write_settings(dd, r2_settings(moto.url, BUCKET, prefix))
        acked = {}
        for dd, who in ((A, "A"), (B, "B")):
            for k in range(2):
                r = valet.must(dd, "todo", "add", f"{who} e{e} seed {k}")
                acked[r.js["id"]] = todo_view(r.js)
        for dd in (A, B, A):
            valet.must(dd, "sync")
        st.update(prefix=prefix, A=A, B=B, acked=acked, epoch=e, journal=[])

    push_secs = {"small": [], "big": []}
    windows = {"small": Window(0.15), "big": Window(0.4)}
    aims = {"small": [], "big": []}

    def learn_push(size, dd, res):
        """When an unkilled sync pushed, how long after its spawn (the log object's `at`)."""
        try:
            if not int(res.js.get("sent") or 0):
                return
            seq = int(res.js["nextSeq"]) - 1
            obj = moto.get_json(BUCKET, f"{st['prefix']}/log/{seq:016d}.json")
            aims[size].append(max(0.0, parse_at(obj["at"]) - res.started_wall))
        except Exception:
            pass
    i = 0
    while i < n:
        i += 1
        t_run = time.monotonic()
        rng = random.Random(f"{ctx.seed}-sync-{i}")
        if (i - 1) % epoch_len == 0:
            new_epoch((i - 1) // epoch_len)
        A, B, acked = st["A"], st["B"], st["acked"]
        part.runs += 1
        # A's pending changes, all acknowledged before the sync starts.
        if rng.random() < 0.3:
            batch = batch_todos(rng, rng.randint(30, 150), f"A s{i} import")
            path = os.path.join(ctx.root, f"sync-batch-{i}.json")
            export_file(path, batch)
            r = valet.run(A, "import", path)
            if r.ok:
                part.acked += len(batch)
                acked.update({t["id"]: todo_view(t) for t in batch})
            else:
                part.fail("every command that was not killed exited 0", i, f"import on A: {r.brief()}")
            pending_kind = f"import of {len(batch)}"
        else:
            k = rng.randint(1, 4)
            for j in range(k):
                r = valet.run(A, "todo", "add", f"A s{i}.{j} {rng.randrange(10**6):06d}")
                if r.ok:
                    part.acked += 1
                    acked[r.js["id"]] = todo_view(r.js)
                else:
                    part.fail("every command that was not killed exited 0", i, f"add on A: {r.brief()}")
            _, items = list_todos(valet, A)
            mine = [t["id"] for t in items or [] if t["status"] == "pending" and t["id"] in acked]
            if mine and rng.random() < 0.6:
                tid = rng.choice(mine)
                r = valet.run(A, "todo", "complete", tid)
                if r.ok:
                    part.acked += 1
                    acked[tid] = dict(acked[tid], status="completed")
            pending_kind = f"{k} add(s)"
        # B adds (and sometimes syncs) while A's sync is killed.
        b_res = []

        def b_work(seed=f"{ctx.seed}-syncB-{i}"):
            brng = random.Random(seed)
            for j in range(brng.randint(1, 3)):
                rb = valet.run(B, "todo", "add", f"B s{i}.{j} {brng.randrange(10**6):06d}")
                b_res.append(("add", rb))
            if brng.random() < 0.5:
                b_res.append(("sync", valet.run(B, "sync")))

        # A second writer on A (the device whose sync pulls and is killed): adds and journal
        # appends that land while the sync merges (issue 12: none may be lost or doubled).
        a2_res = []

        def a2_work(seed=f"{ctx.seed}-syncA2-{i}"):
            arng = random.Random(seed)
            time.sleep(arng.uniform(0.0, 0.15))
            for j in range(arng.randint(1, 2)):
                a2_res.append(("add", valet.run(A, "todo", "add", f"A2 s{i}.{j} {arng.randrange(10**6):06d}")))
            text = f"A2 journal s{i} {arng.randrange(10**6):06d}"
            a2_res.append(("journal", text, valet.run(A, "day", "update", SYNC_DAY, "--journal", "--section",
                                                     "reflections", "--append", text)))

        size = "big" if pending_kind.startswith("import") else "small"
        before = log_mark(A)
        keys_before = set(moto.keys(BUCKET, st["prefix"]))
        th = threading.Thread(target=b_work)
        th.start()
        th2 = threading.Thread(target=a2_work)
        th2.start()
        # Half the kills anywhere in the sync's life, half aimed at the moment it pushes (from
        # earlier unkilled syncs: the pushed log object's time against the spawn time).
        if aims[size] and rng.random() < 0.5:
            c = statistics.median(aims[size][-15:])
            delay = max(0.0, rng.gauss(c, max(0.003, c * 0.1)))
            aimed = True
        else:
            delay = windows[size].pick(rng, never=0.1)
            aimed = False
        r = valet.run_killed(A, ["sync"], delay)
        part.count(r)
        if not aimed:
            windows[size].learn(r)
        if r.ok:
            learn_push(size, A, r)
        th.join()
        th2.join()
        for res in a2_res:
            if res[0] == "add":
                if res[1].ok:
                    part.acked += 1
                    acked[res[1].js["id"]] = todo_view(res[1].js)
                else:
                    part.fail("every command that was not killed exited 0", i, f"add on A (2nd writer): {res[1].brief()}")
            elif res[2].ok:
                part.acked += 1
                st["journal"].append(res[1])
            else:
                part.fail("every command that was not killed exited 0", i, f"journal on A (2nd writer): {res[2].brief()}")
        if not r.killed:
            if r.ok:
                if int(r.js.get("sent") or 0):
                    push_secs[size].append(r.secs)
            else:
                part.fail("every command that was not killed exited 0", i, f"sync on A: {r.brief()}")
        else:
            part.where[sync_kill_point(moto, st["prefix"], A, keys_before, before)] += 1
        for what, rb in b_res:
            if what == "add":
                if rb.ok:
                    part.acked += 1
                    acked[rb.js["id"]] = todo_view(rb.js)
                else:
                    part.fail("every command that was not killed exited 0", i, f"add on B: {rb.brief()}")
            elif not rb.ok:
                part.fail("every command that was not killed exited 0", i, f"sync on B: {rb.brief()}")
        # A right after the kill: whole files, every acknowledged local write still there.
        problems, _ = inspect_records(A)
        if problems:
            part.fail("no torn record and no stray file in the record folders", i, problems[:5])
        torn, badlines = log_check(A)
        if badlines:
            part.fail("the change log has no unreadable line", i, badlines[:3])
        _, items = list_todos(valet, A)
        if items is None:
            part.fail("the store opens after every kill", i, "todo list on A failed")
        else:
            have = {t["id"] for t in items}
            gone = [k for k in acked if k not in have]
            # Todos B added in this run may not have reached A yet; every other one has.
            gone = [k for k in gone if k not in {rb.js["id"] for w, rb in b_res if w == "add" and rb.ok}]
            if gone:
                part.lost += len(gone)
                part.fail("nothing acknowledged is lost", i, f"A after the kill lacks {gone[:5]}")
        # Sync until a whole pass moves nothing.
        quiet = False
        for p in range(12):
            moved = 0
            for dd, who in ((A, "A"), (B, "B")):
                rs = valet.run(dd, "sync")
                if not rs.ok:
                    part.fail("syncs without kills complete", i, f"{who}: {rs.brief()}")
                    moved += 1
                    continue
                moved += int(rs.js.get("sent") or 0) + int(rs.js.get("received") or 0)
                if who == "A" and p == 0:
                    learn_push(size, A, rs)
            if moved == 0:
                quiet = True
                break
        part.extra[f"passes until quiet: {p + 1}"] += 1
        if not quiet:
            part.fail("A and B sync until a whole pass moves nothing", i, f"{p + 1} passes")
        views = {}
        for dd, who in ((A, "A"), (B, "B")):
            _, items = list_todos(valet, dd)
            if items is None:
                part.fail("the store opens after every kill", i, f"todo list on {who}")
                continue
            cnt = collections.Counter(t["id"] for t in items)
            dup = [k for k, c in cnt.items() if c > 1]
            if dup:
                part.dupes += len(dup)
                part.fail("every acknowledged add exactly once", i, f"{who}: {dup[:5]} repeated")
            views[who] = {t["id"]: todo_view(t) for t in items}
            missing = [k for k in acked if k not in views[who]]
            if missing:
                part.lost += len(missing)
                part.fail("nothing acknowledged is lost", i, f"{who} lacks {missing[:5]}")
            wrong = [(k, views[who][k], acked[k]) for k in acked if k in views[who] and views[who][k] != acked[k]]
            if wrong:
                part.fail("every todo in its acknowledged state", i, f"{who}: {wrong[:3]}")
            js = valet.run(dd, "day", "show", SYNC_DAY)
            refl = ((js.js or {}).get("journal") or {}).get("reflections") or "" if js.ok else ""
            for text in st["journal"]:
                c = refl.count(text)
                if c != 1:
                    if c == 0:
                        part.lost += 1
                    else:
                        part.dupes += 1
                    part.fail("every acknowledged journal append exactly once", i, f"{who}: {text!r} {c} times")
            ghosts = [k for k in views[who] if k not in acked]
            if ghosts:
                part.fail("no todo that nobody added", i, f"{who}: {ghosts[:5]}")
        if len(views) == 2 and views["A"] != views["B"]:
            part.fail("both replicas identical", i, first_diff(views["A"], views["B"]))
        for dd, who in ((A, "A"), (B, "B")):
            s = valet.run(dd, "sync", "--status")
            if not s.ok or s.js.get("pending") != 0 or s.js.get("conflicts") != 0:
                part.fail("nothing pending and no conflict after the syncs", i, f"{who}: {s.js if s.ok else s.brief()}")
            bad = doctor(valet, dd)
            if bad:
                part.fail("doctor clean on both replicas", i, f"{who}: {bad}")
        part.secs += time.monotonic() - t_run
        yield
    for dd in sorted(x for x in os.listdir(ctx.root) if x.startswith("sync-")):
        if os.path.isdir(os.path.join(ctx.root, dd)):
            ctx.strays("sync", os.path.join(ctx.root, dd))
    part.figures(f"todos on the last pair {len(st.get('acked', {}))}; unkilled sync of A that pushed: "
                 + ", ".join(f"{k} {statistics.median(v):.2f} s" for k, v in push_secs.items() if v) + " (median)")
    for k, v in sorted(part.extra.items()):
        print(f"  {k}: {v}", flush=True)
    part.checks(["every command that was not killed exited 0", "no torn record and no stray file in the record folders",
                 "the change log has no unreadable line", "the store opens after every kill", "nothing acknowledged is lost",
                 "syncs without kills complete",
                 "A and B sync until a whole pass moves nothing", "every acknowledged add exactly once",
                 "every acknowledged journal append exactly once",
                 "every todo in its acknowledged state", "no todo that nobody added", "both replicas identical",
                 "nothing pending and no conflict after the syncs", "doctor clean on both replicas"])


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
    here = os.path.dirname(os.path.abspath(__file__))
    moto_exe = a.moto or next((p for p in (os.path.join(os.path.dirname(sys.executable), "moto_server"),
                                           os.path.join(here, "..", "..", "target", "tools", "venv", "bin", "moto_server"))
                               if os.path.exists(p)), "moto_server")
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
    passed = sum(ok for _, ok in results)
    print(f"{time.monotonic() - started:.0f} s in all ({ctx.valet.commands} valet commands); seed {a.seed}"
          + (f"; {len(notes)} note(s)" if notes else ""))
    print(f"{passed} passed, {len(results) - passed} failed")
    sys.exit(0 if passed == len(results) and results else 1)


if __name__ == "__main__":
    main()
