#!/usr/bin/env python3
"""Sync under network faults, prefix isolation from the S3 server's request log, and a whole-run
secret scan, all through the real `valet` binary against moto on 127.0.0.1.

1. faults: an asyncio TCP proxy in front of moto that, per connection and seeded-random, passes
   through, drops (at accept, or after forwarding part of the request), delays (0.2-2 s) or
   truncates the response (part of moto's answer, then close); every 5th round is an outage
   (every connection dropped). Two devices A and B (one bucket, one prefix, endpoint = the proxy)
   add, complete and edit todos with the CLI and run `valet sync` each round. A failed sync must
   say what went wrong in one paragraph (no panic, no backtrace, no XML). Then faults off, sync
   until quiet: identical todos on both, every acknowledged add exactly once, completes kept,
   every final text one that was acknowledged, doctor clean, no conflicts left unexplained.
2. prefix: moto's request recorder (MOTO_ENABLE_RECORDING) on while device alice (prefix
   users/alice, with neighbours users/bob, users/alice2 and users already in the bucket) adds,
   syncs, migrates and syncs again, and a direct-mode device carol (enableSync false, prefix
   users/carol) adds, lists, exports and runs doctor: every recorded request addresses a key
   under the device's own prefix + "/", and every bucket-level request is a listing with such a
   prefix.
3. secrets: random credentials (AKIA..., a 40-character secret) and a sync passphrase
   (end-to-end encryption on) through sync, a second device, a wrong passphrase, `valet mcp`
   (Python MCP SDK; its /proc/<pid>/cmdline), exports (json, markdown), backup, restore, doctor,
   audit, print-config, all at VALET_LOG=debug; then every file under the run's data dirs, HOME,
   VALET_LOG_DIR and the exports, every command's stdout/stderr, and the encrypted prefix in the
   bucket, are searched for each secret and its base64 / URL-encoded / hex forms. The secrets of
   parts 1 and 2 are in the list too, so with all parts the scan covers the whole run.

valet runs with RUST_BACKTRACE unset (as a user's shell has it) and the default log level, unless
--keep-backtrace-env. --strict-words also fails on library internals in error messages and on
log blocks printed around them (known gaps, reported as NOTE lines otherwise).

Usage: faults.py --valet target/debug/valet [--part faults|prefix|secrets ...] [--rounds 20]
                 [--seed N] [--keep]
Run with the project venv's Python (target/tools/venv/bin/python: moto, boto3, mcp, psutil).
Last line: "N passed, N failed"; exits 1 on any failure.
"""

import argparse
import asyncio
import base64
import collections
import concurrent.futures
import json
import os
import random
import re
import shutil
import socket
import string
import struct
import subprocess
import tempfile
import threading
import time
import urllib.parse
import urllib.request

from harness import Moto, Res, check, find_moto, finish, note

# ---------------------------------------------------------------------------------------------
# the fault proxy


class FaultProxy:
    """TCP proxy on 127.0.0.1 in front of `upstream`; one decision per accepted connection."""

    MODES = ["pass", "drop_accept", "drop_request", "delay", "truncate"]

    def __init__(self, upstream_port, seed, weights):
        self.upstream = upstream_port
        self.rng = random.Random(seed)
        self.weights = weights
        self.faults = False
        self.outage = False
        self.stats = collections.Counter()
        self.writers = set()

    def start(self):
        self.loop = asyncio.new_event_loop()
        ready = threading.Event()

        def run():
            asyncio.set_event_loop(self.loop)
            self.server = self.loop.run_until_complete(asyncio.start_server(self.handle, "127.0.0.1", 0))
            self.port = self.server.sockets[0].getsockname()[1]
            ready.set()
            self.loop.run_forever()

        self.thread = threading.Thread(target=run, daemon=True)
        self.thread.start()
        if not ready.wait(30):
            raise RuntimeError("proxy did not start")

    def stop(self):
        async def close():
            self.server.close()
            for w in list(self.writers):
                w.transport.abort()

        asyncio.run_coroutine_threadsafe(close(), self.loop).result(30)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(30)

    def decide(self):
        """Called on the loop thread only, so the seeded sequence is one stream."""
        r = self.rng
        mode = "pass"
        if self.faults:
            if self.outage:
                mode = r.choice(["drop_accept", "drop_request"])
            else:
                mode = r.choices(self.MODES, self.weights)[0]
        return mode, r.uniform(0.2, 2.0), r.choice(["request", "response"]), r.random(), r.random() < 0.5

    @staticmethod
    def _abort(w, rst):
        try:
            if rst:
                sock = w.get_extra_info("socket")
                if sock is not None:
                    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            w.close()
        except Exception:
            w.transport.abort()

    async def handle(self, cr, cw):
        self.stats["connections"] += 1
        if self.faults:
            self.stats["connections_while_faulty"] += 1
        mode, delay, where, frac, rst = self.decide()
        self.writers.add(cw)
        uw = None
        try:
            if mode == "drop_accept":
                self.stats["dropped_at_accept"] += 1
                self._abort(cw, rst)
                return
            if mode == "delay":
                self.stats["delayed"] += 1
                self.stats["delay_ms"] += int(delay * 1000)
            if mode == "delay" and where == "request":
                await asyncio.sleep(delay)
            try:
                ur, uw = await asyncio.wait_for(asyncio.open_connection("127.0.0.1", self.upstream), 30)
            except (OSError, asyncio.TimeoutError):
                self.stats["upstream_unreachable"] += 1
                self._abort(cw, True)
                return
            self.writers.add(uw)
            first_line, cut_at = [], []
            c2s = asyncio.ensure_future(self.pump(cr, uw, cut=frac if mode == "drop_request" else None,
                                                  seen=first_line, where=cut_at))
            s2c = asyncio.ensure_future(self.pump(ur, cw, cut=frac if mode == "truncate" else None, where=cut_at,
                                                  delay=delay if (mode == "delay" and where == "response") else 0))
            pending = {c2s, s2c}
            while pending:
                done, pending = await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
                if any(t.result() == "cut" for t in done if not t.cancelled() and t.exception() is None):
                    method = first_line[0].split(b" ", 1)[0].decode("ascii", "replace") if first_line else "?"
                    part = cut_at[0] if cut_at else "head"
                    if c2s in done and c2s.result() == "cut":
                        self.stats["dropped_mid_request"] += 1
                        self.stats[f"request_cut_in_{part}_{method}"] += 1
                    else:
                        self.stats["truncated"] += 1
                        self.stats["truncated_" + method] += 1
                        self.stats[f"response_cut_in_{part}"] += 1
                    for t in pending:
                        t.cancel()
                    self._abort(cw, rst)
                    self._abort(uw, rst)
                    return
                if any(t.exception() is not None for t in done if not t.cancelled()):
                    for t in pending:
                        t.cancel()
                    break
        except Exception as e:  # the proxy must never take the run down
            self.stats["proxy_errors"] += 1
            self.stats["proxy_error_" + type(e).__name__] += 1
        finally:
            for w in (cw, uw):
                if w is not None:
                    self.writers.discard(w)
                    try:
                        w.close()
                    except Exception:
                        pass

    @staticmethod
    async def pump(src, dst, cut=None, delay=0.0, seen=None, where=None):
        """Copies src to dst until EOF ("eof"); with `cut` (0 <= cut < 1), forwards that fraction of
        the first HTTP message (head + Content-Length body, so a cut may land in the body) and
        stops ("cut"). `seen` gets the first line; `where` gets "head" or "body" for a cut."""
        first, budget = True, None
        while True:
            data = await src.read(65536)
            if not data:
                try:
                    if dst.can_write_eof():
                        dst.write_eof()
                except OSError:
                    pass
                return "eof"
            if first:
                first = False
                if seen is not None:
                    seen.append(data.split(b"\r\n", 1)[0])
                if delay:
                    await asyncio.sleep(delay)
                if cut is not None:
                    total, head = len(data), data.find(b"\r\n\r\n")
                    if head >= 0:
                        m = re.search(rb"(?im)^content-length:[ \t]*(\d+)", data[:head])
                        if m:
                            total = head + 4 + int(m.group(1))
                    budget = int(total * cut)  # never the whole message
                    if where is not None:
                        where.append("body" if head >= 0 and budget > head + 4 else "head")
            if budget is not None and len(data) >= budget:
                if budget:
                    dst.write(data[:budget])
                    await dst.drain()
                return "cut"
            if budget is not None:
                budget -= len(data)
            dst.write(data)
            await dst.drain()


# ---------------------------------------------------------------------------------------------
# running valet


class Device:
    def __init__(self, root, name, endpoint, bucket, prefix, key, secret, encrypt=False, sync=True, passphrase=None):
        self.name = name
        self.dir = os.path.join(root, "data", name)
        os.makedirs(self.dir)
        self.key, self.secret, self.passphrase = key, secret, passphrase
        cf = {"endpoint": endpoint, "bucketName": bucket, "keyPrefix": prefix, "region": "auto"}
        if encrypt:
            cf["encrypt"] = True
        if not sync:
            cf["enableSync"] = False
        self.prefix = prefix
        with open(os.path.join(self.dir, "settings.json"), "w") as f:
            json.dump({"user": {"timezone": "UTC"}, "storage": {"provider": "cloudflare-r2", "cloudflare": cf}}, f)

    def env(self):
        e = {"CLOUDFLARE_R2_ACCESS_KEY_ID": self.key, "CLOUDFLARE_R2_SECRET_ACCESS_KEY": self.secret}
        if self.passphrase is not None:
            e["VALET_SYNC_PASSPHRASE"] = self.passphrase
        return e


class Valet:
    """Runs the binary with a controlled environment and keeps every command's output."""

    def __init__(self, exe, root, keep_backtrace_env):
        self.exe = exe
        self.home = os.path.join(root, "home")
        self.logs = os.path.join(root, "logs")
        os.makedirs(self.home)
        os.makedirs(self.logs)
        base = {k: v for k, v in os.environ.items()
                if not k.startswith(("VALET_", "CLOUDFLARE_", "AWS_", "XDG_")) and k not in ("RUST_LOG",)}
        if not keep_backtrace_env:
            base.pop("RUST_BACKTRACE", None)
            base.pop("RUST_LIB_BACKTRACE", None)
        base.update({"HOME": self.home, "VALET_LOG_DIR": self.logs})
        self.base = base
        self.transcript = []  # (argv, stdout bytes, stderr bytes)
        self.lock = threading.Lock()

    def env_for(self, dev, extra=None):
        e = dict(self.base)
        if dev is not None:
            e.update(dev.env())
        e.update(extra or {})
        return e

    def run(self, dev, *args, json_out=True, extra_env=None, timeout=300):
        argv = [self.exe] + (["--data-dir", dev.dir] if dev else []) + (["--json"] if json_out else []) + list(args)
        t0 = time.monotonic()
        try:
            p = subprocess.run(argv, capture_output=True, env=self.env_for(dev, extra_env), timeout=timeout)
            rc, out, err = p.returncode, p.stdout, p.stderr
        except subprocess.TimeoutExpired as e:
            rc, out, err = -999, e.stdout or b"", (e.stderr or b"") + f"\n[faults.py: timed out after {timeout} s]".encode()
        with self.lock:
            self.transcript.append((argv, out, err))
        return Res(argv, rc, out.decode("utf-8", "replace"), err.decode("utf-8", "replace"), time.monotonic() - t0)

    def must(self, dev, *args, **kw):
        r = self.run(dev, *args, **kw)
        if not r.ok:
            raise RuntimeError(f"valet {' '.join(args)} on {dev.name if dev else '-'} exited {r.rc}: {r.err[-2000:]}")
        return r


def random_credentials(rng):
    key = "AKIA" + "".join(rng.choice(string.ascii_uppercase + "234567") for _ in range(16))
    secret = "".join(rng.choice(string.ascii_letters + string.digits + "+/") for _ in range(40))
    return key, secret


# ---------------------------------------------------------------------------------------------
# what a failed command may print

LOG_START = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z\s+(TRACE|DEBUG|INFO|WARN|ERROR)\s")
BACKTRACE = re.compile(r"stack backtrace:|^Backtrace:|^\s+\d+: [\w<{].*(::|\{\{closure\}\})|^\s+at /\S+\.rs:\d+", re.M)
XML = re.compile(r"<\?xml|<Error>|</\w+>|<Code>")
INTERNALS = re.compile(r"context: \{|called: |reqwest|\(persistent\)|\(temporary\)| => |source: ")


class MessageAudit:
    def __init__(self, strict, debug_logs=False):
        self.strict = strict
        # Commands run at VALET_LOG=debug print log lines by request: not a fault.
        self.debug_logs = debug_logs
        self.failed = 0
        self.bad = []  # (why, argv, stderr)
        self.log_blocks = 0
        self.with_internals = 0
        self.samples = collections.Counter()

    def stderr_ok(self, r, where):
        """Any stderr (success or failure): no panic, no backtrace, no XML."""
        err = r.err
        if "panicked at" in err:
            self.bad.append((f"{where}: panic text on stderr", r.argv, err))
        if BACKTRACE.search(err):
            self.bad.append((f"{where}: backtrace on stderr", r.argv, err))
        if XML.search(err) or XML.search(r.out):
            self.bad.append((f"{where}: raw XML in the output", r.argv, err + r.out))

    def failure(self, r, where):
        """A non-zero exit: the message is the `error: ...` paragraph at the end of stderr."""
        self.failed += 1
        self.stderr_ok(r, where)
        lines = r.err.rstrip("\n").split("\n")
        starts = [i for i, l in enumerate(lines) if l.startswith("error: ")]
        if not starts:
            self.bad.append((f"{where}: no 'error: ...' message on stderr", r.argv, r.err))
            return
        msg_lines = lines[starts[-1]:]
        msg = "\n".join(msg_lines).strip()
        before = lines[:starts[-1]]
        blocks = sum(1 for l in before if LOG_START.match(l))
        self.log_blocks += blocks
        if any(not l.strip() for l in msg_lines) or len(msg) < 12:
            self.bad.append((f"{where}: the message is not one paragraph of words", r.argv, msg))
        other = [l for l in before if l.strip() and not LOG_START.match(l)]
        if blocks == 0 and other:
            self.bad.append((f"{where}: stray text on stderr before the message", r.argv, r.err))
        js = r.js if isinstance(r.js, dict) else None
        if r.argv and "--json" in r.argv:
            jm = js.get("error", {}).get("message") if js else None
            if not jm or msg != "error: " + jm:
                self.bad.append((f"{where}: --json error.message differs from stderr", r.argv, f"{r.out!r} vs {msg!r}"))
        text = msg[len("error: "):]
        self.samples[re.sub(r"\d+", "N", text)[:160]] += 1
        if INTERNALS.search(text):
            self.with_internals += 1
            if self.strict:
                self.bad.append((f"{where}: library internals in the message", r.argv, msg))
        if self.strict and blocks and not self.debug_logs:
            self.bad.append((f"{where}: {blocks} log block(s) on stderr besides the message", r.argv, r.err))


# ---------------------------------------------------------------------------------------------
# part 1: faults


def part_faults(a, moto, root, valet, rng, all_secrets):
    print(f"== part 1: sync through a faulty TCP proxy ({a.rounds} rounds, seed {a.seed})", flush=True)
    t0 = time.monotonic()
    bucket = "valet-faults"
    moto.create_bucket(bucket)
    proxy = FaultProxy(moto.port, a.seed, [45, 12, 12, 16, 15])
    proxy.start()
    try:
        endpoint = f"http://127.0.0.1:{proxy.port}"
        key, secret = random_credentials(rng)
        all_secrets.update({"faults access key": key, "faults secret key": secret})
        devs = [Device(root, n, endpoint, bucket, "users/alice", key, secret) for n in ("A", "B")]
        audit = MessageAudit(a.strict_words)
        lock = threading.Lock()
        st = {"adds": {}, "versions": collections.defaultdict(set), "editors": collections.defaultdict(dict),
              "completed": set(), "ops": 0, "op_rc": collections.Counter(), "sync_ok": 0, "sync_failed": 0,
              "sent": 0, "received": 0, "merged": 0, "conflicts": 0, "requests": 0, "sync_secs": []}
        proxy.faults = True

        def op(dev, drng, r, k):
            with lock:
                ids = sorted(st["adds"])
            kind = drng.choices(["add", "complete", "edit"], [5, 2, 3])[0] if ids else "add"
            if kind == "add":
                content = f"{dev.name} r{r}.{k} {drng.randrange(10**6):06d}"
                res = valet.run(dev, "todo", "add", content)
                if res.ok:
                    with lock:
                        tid = res.js["id"]
                        st["adds"][tid] = {"by": dev.name, "content": content}
                        st["versions"][tid].add(content)
            elif kind == "complete":
                tid = drng.choice(ids)
                res = valet.run(dev, "todo", "complete", tid)
                if res.ok:
                    with lock:
                        st["completed"].add(tid)
            else:
                tid = drng.choice(ids)
                content = f"{dev.name} edit r{r}.{k} {drng.randrange(10**6):06d}"
                res = valet.run(dev, "todo", "update", tid, "--content", content)
                if res.ok:
                    with lock:
                        st["versions"][tid].add(content)
                        st["editors"][tid][dev.name] = content
            with lock:
                st["ops"] += 1
                st["op_rc"][f"{kind} exit {res.rc}"] += 1
            if not res.ok:
                if res.rc == 3:  # not on this device yet (the other one added it): a fair answer
                    audit.stderr_ok(res, f"{kind} on {dev.name}")
                else:
                    audit.failure(res, f"{kind} on {dev.name}")
            else:
                audit.stderr_ok(res, f"{kind} on {dev.name}")

        def sync(dev, where):
            res = valet.run(dev, "sync")
            with lock:
                st["sync_secs"].append(res.secs)
                if res.ok and isinstance(res.js, dict):
                    st["sync_ok"] += 1
                    for k in ("sent", "received", "merged", "conflicts", "requests"):
                        st[k] += int(res.js.get(k) or 0)
                else:
                    st["sync_failed"] += 1
            if res.ok:
                audit.stderr_ok(res, where)
            else:
                audit.failure(res, where)
            return res

        def device_round(dev, drng, r):
            for k in range(drng.randint(1, 3)):
                op(dev, drng, r, k)
            sync(dev, f"sync on {dev.name} (round {r})")

        drngs = {d.name: random.Random(f"{a.seed}-{d.name}") for d in devs}
        outage_rounds = 0
        with concurrent.futures.ThreadPoolExecutor(2) as ex:
            for r in range(a.rounds):
                proxy.outage = (r % 5 == 3)
                outage_rounds += proxy.outage
                futs = [ex.submit(device_round, d, drngs[d.name], r) for d in devs]
                for f in futs:
                    f.result()
        proxy.outage = False
        proxy.faults = False
        faulty_syncs = st["sync_ok"] + st["sync_failed"]
        faulty_ok, faulty_failed = st["sync_ok"], st["sync_failed"]

        # Faults off: sync A, B, A, B ... until one whole pass moves nothing.
        quiet, passes, converge_failed = False, 0, 0
        for passes in range(1, 13):
            moved = 0
            for d in devs:
                res = sync(d, f"sync on {d.name} after faults")
                if not res.ok:
                    converge_failed += 1
                    moved += 1
                else:
                    moved += int(res.js.get("sent") or 0) + int(res.js.get("received") or 0)
            if moved == 0:
                quiet = True
                break

        lists = {}
        for d in devs:
            res = valet.must(d, "todo", "list", "--status", "all", "--limit", "100000")
            lists[d.name] = res.js["items"]
        views = {n: {t["id"]: (t["content"], t["status"]) for t in items} for n, items in lists.items()}
        dup = {n: [i for i, c in collections.Counter(t["id"] for t in items).items() if c > 1] for n, items in lists.items()}
        lost = {n: [i for i in st["adds"] if i not in views[n]] for n in views}
        ghosts = {n: [i for i in views[n] if i not in st["adds"]] for n in views}
        va = views["A"]
        not_done = [i for i in st["completed"] if va.get(i, ("", ""))[1] != "completed"]
        foreign_text = [(i, va[i][0]) for i in va if i in st["versions"] and va[i][0] not in st["versions"][i]]
        single = {i: list(e.values())[0] for i, e in st["editors"].items() if len(e) == 1}
        stale = [(i, va.get(i, ("?",))[0], want) for i, want in single.items() if va.get(i, ("?",))[0] != want]
        conflicts = {d.name: valet.must(d, "conflicts").js for d in devs}
        doctors = {d.name: valet.must(d, "doctor").js for d in devs}
        status = {d.name: valet.must(d, "sync", "--status").js for d in devs}
        secs = time.monotonic() - t0
        s = proxy.stats
        dropped = s["dropped_at_accept"] + s["dropped_mid_request"]
        print(f"connections proxied {s['connections']} ({s['connections_while_faulty']} while faulty): "
              f"dropped {dropped} ({s['dropped_at_accept']} at accept, {s['dropped_mid_request']} mid-request), "
              f"delayed {s['delayed']} ({s['delay_ms'] / 1000:.1f} s in all), truncated {s['truncated']} "
              f"({', '.join(f'after a {k[10:]} {v}' for k, v in sorted(s.items()) if k.startswith('truncated_'))}; "
              f"{s['response_cut_in_body']} in the body); requests cut in the body: "
              f"{', '.join(f'{k[20:]} {v}' for k, v in sorted(s.items()) if k.startswith('request_cut_in_body_')) or '0'}; "
              f"outage rounds {outage_rounds}", flush=True)
        print(f"syncs under faults {faulty_syncs}: ok {faulty_ok}, failed {faulty_failed}; converged in {passes} "
              f"pass(es) of A+B; ops {st['ops']} ({dict(sorted(st['op_rc'].items()))}); acknowledged adds "
              f"{len(st['adds'])}, completes {len(st['completed'])}, content edits "
              f"{sum(len(e) for e in st['editors'].values())}; sent {st['sent']}, received {st['received']}, "
              f"merged {st['merged']}, conflicts {st['conflicts']}, requests {st['requests']}; "
              f"lost={len(lost['A']) + len(lost['B'])}; slowest sync {max(st['sync_secs']):.1f} s; {secs:.0f} s",
              flush=True)
        if audit.failed:
            print(f"failed commands {audit.failed}: messages with library internals {audit.with_internals}, "
                  f"log blocks printed before them {audit.log_blocks}; messages seen:", flush=True)
            for m, n in audit.samples.most_common(6):
                print(f"  {n} x error: {m}", flush=True)
        if s["proxy_errors"]:
            print(f"proxy errors (not failures): { {k: v for k, v in s.items() if k.startswith('proxy_error')} }")

        check("faults were injected (drops, delays, truncations)",
              dropped > 0 and s["truncated"] > 0 and s["delayed"] > 0 or a.rounds < 5, dict(s))
        check("an outage round made syncs fail, so error messages were checked", faulty_failed > 0 or a.rounds < 4,
              faulty_failed)
        for why, argv, err in audit.bad[:5]:
            e = err.strip()
            print(f"  {why}: {' '.join(argv[1:])}\n    " + (e if len(e) < 1500 else e[:900] + "\n    [...]\n" + e[-500:]),
                  flush=True)
        check(f"every failure said what went wrong in one paragraph, no panic, no backtrace, no XML "
              f"({audit.failed} failed commands)", not audit.bad, f"{len(audit.bad)} bad outputs (first ones above)")
        if audit.with_internals and not a.strict_words:
            note(f"{audit.with_internals}/{audit.failed} failure messages carry OpenDAL internals "
                 f"(context: {{...}}, called: reqwest::send, => ...), and {audit.log_blocks} WARN retry blocks "
                 f"were printed on stderr before them (--strict-words fails on these)")
        odd_rc = {k: v for k, v in st["op_rc"].items() if not k.endswith((" exit 0", " exit 3"))}
        check("local edits never failed (only 'not here yet' for the other device's new todos)", not odd_rc, odd_rc)
        check("faults off: A and B sync until a whole pass moves nothing", quiet and converge_failed == 0,
              f"quiet={quiet} passes={passes} failed={converge_failed}")
        check("both replicas list identical todos (id, content, status)", views["A"] == views["B"],
              {i: (views["A"].get(i), views["B"].get(i)) for i in set(views["A"]) ^ set(views["B"]) |
               {i for i in views["A"] if views["A"].get(i) != views["B"].get(i)}})
        check(f"every acknowledged add present (lost=0 of {len(st['adds'])})", not lost["A"] and not lost["B"], lost)
        check("every todo present exactly once", not dup["A"] and not dup["B"], dup)
        check("no todo nobody acknowledged adding", not ghosts["A"] and not ghosts["B"], ghosts)
        check(f"every acknowledged complete kept ({len(st['completed'])})", not not_done, not_done)
        check("every final text is one that was acknowledged", not foreign_text, foreign_text)
        check(f"todos edited on one device only show that device's last edit ({len(single)})", not stale, stale)
        key = lambda c: (c.get("record", ""), c.get("field", ""), str(c.get("other")))
        ca, cb = (sorted(conflicts[n], key=key) for n in ("A", "B"))
        for c in ca:
            c.pop("index", None)
        for c in cb:
            c.pop("index", None)
        check(f"both devices show the same conflicts ({len(ca)})", ca == cb, conflicts)
        odd = [c for c in ca if c.get("record", "").startswith("todo/") and c.get("field") == "content"
               and c.get("other") not in st["versions"].get(c["record"][5:], set())]
        check("every conflict's other text is one that was acknowledged", not odd, odd)
        lonely = [c for c in ca if c.get("record", "").startswith("todo/") and c.get("field") == "content"
                  and len(st["editors"].get(c["record"][5:], {})) < 2]
        check("content conflicts only on todos whose text both devices edited", not lonely,
              [(c, st["editors"].get(c["record"][5:])) for c in lonely])
        check("nothing pending on either device", all(v.get("pending") == 0 for v in status.values()), status)
        check("doctor clean on A and B", all(not d["problems"] for d in doctors.values()),
              {n: d["problems"] for n, d in doctors.items()})
    finally:
        proxy.stop()


# ---------------------------------------------------------------------------------------------
# part 2: prefix isolation


def part_prefix(a, moto, root, valet, rng, all_secrets):
    print("== part 2: prefix isolation from moto's request log", flush=True)
    bucket = "valet-prefix"
    moto.create_bucket(bucket)
    creds = {}
    for n in ("alice", "bob", "alice2", "parent", "carol"):
        creds[n] = random_credentials(rng)
        all_secrets.update({f"{n} access key": creds[n][0], f"{n} secret key": creds[n][1]})
    neighbours = {"bob": "users/bob", "alice2": "users/alice2", "parent": "users"}
    seeded = 0
    for n, prefix in neighbours.items():
        d = Device(root, f"p-{n}", moto.url, bucket, prefix, *creds[n])
        for i in range(3):
            valet.must(d, "todo", "add", f"{n} seed {i}")
        valet.must(d, "sync")
        seeded += 3
    alice = Device(root, "p-alice", moto.url, bucket, "users/alice", *creds["alice"])
    carol = Device(root, "p-carol", moto.url, bucket, "users/carol", *creds["carol"], sync=False)
    by_key = {creds["alice"][0]: alice, creds["carol"][0]: carol}

    moto.post("/moto-api/recorder/reset-recording")
    moto.post("/moto-api/recorder/start-recording")
    try:
        for i in range(3):
            valet.must(alice, "todo", "add", f"alice todo {i}")
        first = valet.must(alice, "sync").js
        mig = valet.must(alice, "migrate", "--to", "s3").js
        valet.must(alice, "todo", "add", "alice after migrate")
        valet.must(alice, "sync")
        valet.must(alice, "sync", "--status")
        valet.must(alice, "doctor")
        for i in range(2):
            valet.must(carol, "todo", "add", f"carol todo {i}")
        valet.must(carol, "todo", "list")
        valet.must(carol, "export", os.path.join(root, "exports", "carol.json"))
        valet.must(carol, "doctor")
    finally:
        moto.post("/moto-api/recorder/stop-recording")
    rec = moto.recording()

    bad, per = [], collections.Counter()
    for e in rec:
        auth = e["headers"].get("Authorization") or e["headers"].get("authorization") or ""
        m = re.search(r"Credential=([^/]+)/", auth)
        dev = by_key.get(m.group(1)) if m else None
        u = urllib.parse.urlsplit(e["url"])
        q = urllib.parse.parse_qs(u.query, keep_blank_values=True)
        path = urllib.parse.unquote(u.path)
        what = f"{e['method']} {e['url']}"
        if dev is None:
            bad.append(f"not signed by alice or carol: {what}")
            continue
        per[dev.name] += 1
        want = dev.prefix + "/"
        if u.netloc != f"127.0.0.1:{moto.port}":
            bad.append(f"{dev.name}: unexpected host (virtual-host style?): {what}")
        elif path == f"/{bucket}" or path == f"/{bucket}/":
            if e["method"] == "POST" and "delete" in q:
                body = base64.b64decode(e["body"]) if e.get("body_encoded") else (e.get("body") or "").encode()
                keys = re.findall(rb"<Key>([^<]*)</Key>", body)
                if not keys or any(not k.decode().startswith(want) for k in keys):
                    bad.append(f"{dev.name}: multi-delete outside {want}: {keys}")
            elif e["method"] != "GET" or not q.get("prefix") or not q["prefix"][0].startswith(want):
                bad.append(f"{dev.name}: bucket-level request without prefix {want}: {what}")
        elif path.startswith(f"/{bucket}/"):
            k = path[len(bucket) + 2:]
            if not k.startswith(want):
                bad.append(f"{dev.name}: key outside {want}: {what}")
            for h in ("x-amz-copy-source",):
                src = e["headers"].get(h)
                if src and not urllib.parse.unquote(src).lstrip("/").startswith(f"{bucket}/{want}"):
                    bad.append(f"{dev.name}: copies from outside {want}: {src}")
        else:
            bad.append(f"{dev.name}: another bucket: {what}")
    listings = sum(1 for e in rec if urllib.parse.urlsplit(e["url"]).path.rstrip("/") == f"/{bucket}")
    print(f"requests recorded {len(rec)} (alice {per['p-alice']}, carol {per['p-carol']}; bucket listings "
          f"{listings}); alice's first sync sent {first.get('sent')}, migrate verified {mig.get('verified')} "
          f"records; neighbours seeded {seeded} todos under users/bob, users/alice2, users", flush=True)
    check("the recorder saw alice's sync and migrate and carol's direct-mode requests",
          per["p-alice"] >= 5 and per["p-carol"] >= 3, dict(per))
    check(f"every one of {len(rec)} requests stays under the device's own prefix + '/'", not bad, bad[:10])
    check("direct mode listed only with its prefix (at least one listing checked)", listings >= 1, listings)
    names = {d: sorted(t["content"] for t in valet.must(d, "todo", "list", "--status", "all").js["items"])
             for d in (alice, carol)}
    check("alice sees only her own todos", names[alice] == sorted([f"alice todo {i}" for i in range(3)] + ["alice after migrate"]),
          names[alice])
    check("carol sees only her own todos", names[carol] == ["carol todo 0", "carol todo 1"], names[carol])


# ---------------------------------------------------------------------------------------------
# part 3: secrets


def secret_forms(s):
    b = s.encode()
    forms = {s, urllib.parse.quote(s, safe=""), urllib.parse.quote(s), urllib.parse.quote_plus(s),
             s.replace("/", "\\/"), b.hex(), b.hex().upper()}
    for off in range(3):
        for enc in (base64.b64encode, base64.urlsafe_b64encode):
            e = enc(b"\0" * off + b).decode().rstrip("=")
            start, end = -(-8 * off // 6), (8 * off + 8 * len(b)) // 6
            forms.add(e[start:end])
    return sorted({f for f in forms if len(f) >= 12})


async def mcp_session(valet, dev, errlog):
    from mcp import ClientSession, StdioServerParameters
    from mcp.client.stdio import stdio_client
    import psutil

    params = StdioServerParameters(command=valet.exe, args=["--data-dir", dev.dir, "mcp"],
                                   env=valet.env_for(dev, {"VALET_LOG": "debug"}))
    out = {"calls": [], "cmdlines": []}
    async with stdio_client(params, errlog=errlog) as (read, write):
        async with ClientSession(read, write) as s:
            await s.initialize()
            for name, args in [("add_todos", {"todos": [{"content": "Secret scan: added over MCP", "due": "tomorrow"}]}),
                               ("find_todos", {"limit": 20}), ("status", {})]:
                r = await s.call_tool(name, args)
                out["calls"].append((name, r.is_error, json.dumps(r.structured_content), "\n".join(
                    getattr(c, "text", "") for c in r.content)))
            for p in psutil.Process(os.getpid()).children(recursive=True):
                try:
                    with open(f"/proc/{p.pid}/cmdline", "rb") as f:
                        cmd = f.read()
                except OSError:
                    continue
                if valet.exe.encode() in cmd and b"mcp" in cmd:
                    out["cmdlines"].append(cmd)
            await asyncio.sleep(3.5)  # the background sync runs 2 s after a local change
            r = await s.call_tool("status", {})
            out["calls"].append(("status", r.is_error, json.dumps(r.structured_content), ""))
    return out


def part_secrets(a, moto, root, valet, rng, all_secrets):
    print("== part 3: whole-run secret scan", flush=True)
    bucket = "valet-secrets"
    moto.create_bucket(bucket)
    key, secret = random_credentials(rng)
    passphrase = "valet-pass " + "".join(rng.choice(string.ascii_letters + string.digits + "+/=") for _ in range(24))
    wrong = "wrong-pass " + "".join(rng.choice(string.ascii_letters + string.digits) for _ in range(24))
    all_secrets.update({"access key": key, "secret key": secret, "sync passphrase": passphrase,
                        "wrong passphrase": wrong})
    prefix = "users/erin"
    e1 = Device(root, "s-e1", moto.url, bucket, prefix, key, secret, encrypt=True, passphrase=passphrase)
    e2 = Device(root, "s-e2", moto.url, bucket, prefix, key, secret, encrypt=True, passphrase=passphrase)
    e3 = Device(root, "s-wrong", moto.url, bucket, prefix, key, secret, encrypt=True, passphrase=wrong)
    e4 = Device(root, "s-none", moto.url, bucket, prefix, key, secret, encrypt=True)
    dbg = {"VALET_LOG": "debug"}
    exports = os.path.join(root, "exports")
    os.makedirs(exports, exist_ok=True)
    audit = MessageAudit(a.strict_words, debug_logs=True)
    plain = "Secret scan: renew the passport"

    def run(dev, *args, ok=True, **kw):
        r = valet.run(dev, *args, extra_env=dbg, **kw)
        if ok and not r.ok:
            raise RuntimeError(f"valet {' '.join(args)} on {dev.name} exited {r.rc}: {r.err[-2000:]}")
        return r

    ids = [run(e1, "todo", "add", f"{plain} {i}").js["id"] for i in range(3)]
    run(e1, "todo", "note", ids[0], "the office opens at 9")
    run(e1, "day", "update", "--journal", "--section", "reflections", "--append", "Secret scan journal line")
    first = run(e1, "sync").js
    got = run(e2, "sync").js
    listed = run(e2, "todo", "list", "--status", "all").js
    check("encryption on: a second device with the passphrase reads what the first sent",
          first.get("sent", 0) >= 4 and len(listed["items"]) == 3, (first, got, listed))
    bad_pass = run(e3, "sync", ok=False)
    no_pass = run(e4, "sync", ok=False)
    for r, what in ((bad_pass, "a wrong passphrase"), (no_pass, "no passphrase")):
        check(f"sync with {what} fails with a plain message: {r.err.strip().splitlines()[-1][:140] if r.err.strip() else ''!r}",
              r.rc != 0 and "error: " in r.err, (r.rc, r.err[-500:]))
        audit.failure(r, f"sync with {what}")
    check("those messages are one paragraph, no panic, no backtrace, no XML", not audit.bad, audit.bad)

    errlog_path = os.path.join(root, "captured", "mcp-stderr.txt")
    os.makedirs(os.path.dirname(errlog_path), exist_ok=True)
    with open(errlog_path, "w") as errlog:
        m = asyncio.run(asyncio.wait_for(mcp_session(valet, e1, errlog), 180))
    check("valet mcp answered add_todos, find_todos and status", len(m["calls"]) == 4 and not any(c[1] for c in m["calls"]),
          m["calls"])
    check("valet mcp's /proc/<pid>/cmdline was read", len(m["cmdlines"]) >= 1, m["cmdlines"])

    run(e1, "sync")
    run(e1, "sync", "--status")
    run(e1, "status")
    run(e1, "doctor")
    run(e1, "audit", "--limit", "50")
    run(e1, "conflicts")
    run(e1, "export", os.path.join(exports, "erin.json"))
    run(e1, "export", "--format", "markdown", os.path.join(exports, "erin-md"))
    run(e1, "export", os.path.join(exports, "erin-text.json"), json_out=False)
    point = run(e1, "backup").js
    run(e1, "todo", "add", "Secret scan: after the backup")
    points = run(e1, "restore", "--list").js
    pid = (point or {}).get("id") or (points[0]["id"] if isinstance(points, list) and points else None)
    restored = run(e1, "restore", pid) if pid else None
    run(e1, "sync")
    run(e2, "sync")
    run(e2, "doctor", json_out=False)
    run(e2, "sync", json_out=False)
    for client in ("claude-desktop", "cursor", "vscode"):
        run(e1, "mcp", "--print-config", client, json_out=False)
    check("backup, restore --list and restore ran", bool(pid) and restored is not None and restored.ok, (point, points))

    # The encrypted prefix in the bucket: ciphertext only.
    import boto3
    s3 = boto3.client("s3", endpoint_url=moto.url, region_name="us-east-1", aws_access_key_id="scan",
                      aws_secret_access_key="scan")
    objects = {}
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket):
        for o in page.get("Contents", []):
            objects[o["Key"]] = s3.get_object(Bucket=bucket, Key=o["Key"])["Body"].read()
    clear = [k for k, v in objects.items() if b"Secret scan" in v or b"passport" in v]
    check(f"the bucket holds only ciphertext under {prefix}/ ({len(objects)} objects, no record text)",
          objects and not clear, clear)

    # The scan: every file the run wrote outside moto's own folder, and everything captured.
    forms = {name: secret_forms(s) for name, s in all_secrets.items()}
    planted = [base64.b64encode(b"x" * n + secret.encode() + b"yz") for n in range(3)]
    planted += [urllib.parse.quote(f"k={secret}").encode(), json.dumps({"s": secret}).encode()]
    check("the scan finds the secret when planted base64-encoded at any alignment, URL-encoded or in JSON",
          all(any(f.encode() in blob for f in forms["secret key"]) for blob in planted))
    needles = [(name, f, f.encode()) for name, fs in forms.items() for f in fs]
    hits, files, nbytes = [], 0, 0
    server_dir = os.path.join(root, "server")
    settings_files = 0
    for top, dirs, fnames in os.walk(root):
        if os.path.abspath(top).startswith(os.path.abspath(server_dir)):
            continue
        for fn in fnames:
            p = os.path.join(top, fn)
            if os.path.islink(p) or not os.path.isfile(p):
                continue
            with open(p, "rb") as f:
                data = f.read()
            files += 1
            nbytes += len(data)
            if fn == "settings.json":
                settings_files += 1
            for name, form, nb in needles:
                if nb in data:
                    hits.append(f"{name} ({form[:6]}...) in {os.path.relpath(p, root)}")
    streams = 0
    for argv, out, err in valet.transcript:
        for what, data in (("argv", "\0".join(argv).encode()), ("stdout", out), ("stderr", err)):
            streams += 1
            nbytes += len(data)
            for name, form, nb in needles:
                if nb in data:
                    hits.append(f"{name} ({form[:6]}...) in the {what} of: {' '.join(argv[1:])[:120]}")
    for c in m["cmdlines"]:
        for name, form, nb in needles:
            if nb in c:
                hits.append(f"{name} in valet mcp's /proc/<pid>/cmdline")
    for call in m["calls"]:
        data = json.dumps(call).encode()
        nbytes += len(data)
        for name, form, nb in needles:
            if nb in data:
                hits.append(f"{name} in the MCP result of {call[0]}")
    for k, v in objects.items():
        for name, form, nb in needles:
            if nb in v or nb in k.encode():
                hits.append(f"{name} in bucket object {k}")
    logs = sorted(os.listdir(valet.logs))
    debug_stderr = sum(len(err) for argv, out, err in valet.transcript
                       if any(x in (e1.dir, e2.dir) for x in argv))
    check(f"part 3's commands logged at debug ({debug_stderr / 1024:.0f} KiB of stderr scanned)", debug_stderr > 10000)
    mcp_log = os.path.join(valet.logs, "mcp.log")
    print(f"scanned {files} files and {streams} captured streams ({len(valet.transcript)} commands), "
          f"{nbytes / 1024:.0f} KiB, plus {len(m['cmdlines'])} cmdline(s), {len(m['calls'])} MCP results and "
          f"{len(objects)} bucket objects, for {len(all_secrets)} secrets in {len(needles)} forms "
          f"(raw, base64 x3 alignments, base64url, URL-encoded, hex); logs: {logs}", flush=True)
    check("valet mcp wrote mcp.log (at debug) in VALET_LOG_DIR",
          os.path.exists(mcp_log) and os.path.getsize(mcp_log) > 0, logs)
    check(f"no secret in any file, output, command line or bucket object ({files} files, {nbytes} bytes)",
          not hits, hits[:20])
    check(f"no settings.json holds a secret ({settings_files} checked, each after every command too)",
          settings_files >= 4 and not valet.settings_hits, valet.settings_hits)


# ---------------------------------------------------------------------------------------------


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--valet", required=True)
    ap.add_argument("--moto", help="moto_server (default: the one next to this Python, else target/tools/venv)")
    ap.add_argument("--part", action="append", choices=["faults", "prefix", "secrets"],
                    help="run only this part (repeatable; default: all)")
    ap.add_argument("--rounds", type=int, default=20, help="rounds of ops + sync per device under faults")
    ap.add_argument("--seed", type=int, default=None, help="the proxy's and the devices' seed (default: random)")
    ap.add_argument("--strict-words", action="store_true",
                    help="also fail on library internals in error messages and log blocks around them")
    ap.add_argument("--keep-backtrace-env", action="store_true", help="pass RUST_BACKTRACE through to valet")
    ap.add_argument("--keep", action="store_true", help="keep the temporary folder")
    a = ap.parse_args()
    a.seed = a.seed if a.seed is not None else random.SystemRandom().randrange(10**6)
    parts = a.part or ["faults", "prefix", "secrets"]
    exe = os.path.abspath(a.valet)
    moto_exe = find_moto(a.moto)
    print(f"valet {exe}; moto {moto_exe}; parts {', '.join(parts)}; seed {a.seed} (--seed {a.seed} to repeat)", flush=True)
    rng = random.Random(a.seed)
    all_secrets = {}
    started = time.monotonic()
    root = tempfile.mkdtemp(prefix="valet-faults-")
    moto = Moto(moto_exe, os.path.join(root, "server"), record=True)
    try:
        moto.start()
        valet = Valet(exe, root, a.keep_backtrace_env)
        watch_settings(valet, all_secrets)
        for part, fn in (("faults", part_faults), ("prefix", part_prefix), ("secrets", part_secrets)):
            if part in parts:
                try:
                    fn(a, moto, root, valet, rng, all_secrets)
                except Exception as e:
                    import traceback
                    traceback.print_exc()
                    check(f"part {part} ran to the end", False, repr(e))
    finally:
        moto.stop()
        if a.keep:
            print(f"kept {root}")
        else:
            shutil.rmtree(root, ignore_errors=True)
    finish(f"{time.monotonic() - started:.0f} s in all; seed {a.seed}")


def watch_settings(valet, all_secrets):
    """After every command, every settings.json under the run's data dirs must hold no secret."""
    valet.settings_hits = []
    inner = valet.run

    def run(dev, *args, **kw):
        r = inner(dev, *args, **kw)
        data_root = os.path.join(os.path.dirname(valet.home), "data")
        for name in os.listdir(data_root) if os.path.isdir(data_root) else []:
            p = os.path.join(data_root, name, "settings.json")
            try:
                with open(p, "rb") as f:
                    text = f.read()
            except OSError:
                continue
            for sname, s in list(all_secrets.items()):
                if s.encode() in text:
                    valet.settings_hits.append(f"{sname} in {name}/settings.json after {' '.join(args)}")
        return r

    valet.run = run


if __name__ == "__main__":
    main()
