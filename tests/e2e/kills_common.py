"""What the kill campaign (kills.py) shares between its scenarios: the `valet` runner with
kill timing, what is on disk after a kill (records, temp files, the change log), settings and
exports, and the kill-window bookkeeping."""

import collections
import datetime as dt
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import tempfile
import time
import uuid

from harness import Res, check


def iso(t):
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"


def uuid4(rng):
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))




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
            print("  kills landed: " + ", ".join(f"{k}: {v}" for k, v in self.where.most_common()), flush=True)

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
