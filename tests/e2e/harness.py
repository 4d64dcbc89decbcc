"""The shared harness of the end-to-end campaigns (kills.py, faults.py): checks and notes with
the summary line, free ports, a moto S3 server on 127.0.0.1, and a finished `valet` command."""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request

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


def finish(summary):
    """Prints `summary` (time, seed, notes) and the last line, "N passed, N failed"; exits 1 on
    any failure or when nothing was checked."""
    passed = sum(ok for _, ok in results)
    print(summary + (f"; {len(notes)} note(s)" if notes else ""))
    print(f"{passed} passed, {len(results) - passed} failed")
    sys.exit(0 if passed == len(results) and results else 1)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def find_moto(given):
    """moto_server: `given`, else the one next to this Python, else the project venv's."""
    here = os.path.dirname(os.path.abspath(__file__))
    return given or next((p for p in (os.path.join(os.path.dirname(sys.executable), "moto_server"),
                                      os.path.join(here, "..", "..", "target", "tools", "venv", "bin", "moto_server"))
                          if os.path.exists(p)), "moto_server")


# ---------------------------------------------------------------------------------------------
# moto


class Moto:
    """A moto S3 server on a free port of 127.0.0.1. With `record`, it can record the requests
    it serves (recording starts stopped)."""

    def __init__(self, exe, workdir, record=False):
        self.exe, self.dir, self.record = exe, workdir, record
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc = None

    def start(self):
        os.makedirs(self.dir, exist_ok=True)
        env = dict(os.environ)
        if self.record:
            env.update({"MOTO_ENABLE_RECORDING": "True",
                        "MOTO_RECORDER_FILEPATH": os.path.join(self.dir, "recording.jsonl")})
        self.log = open(os.path.join(self.dir, "moto.log"), "wb")
        self.proc = subprocess.Popen([self.exe, "-H", "127.0.0.1", "-p", str(self.port)], cwd=self.dir, env=env,
                                     stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.time() + 120
        while True:
            try:
                self._req("GET", "/moto-api/data.json")
                break
            except OSError:
                if self.proc.poll() is not None or time.time() > deadline:
                    raise RuntimeError(f"moto did not start (see {self.dir}/moto.log)")
                time.sleep(0.3)
        if self.record:
            self.post("/moto-api/recorder/stop-recording")

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

    def _req(self, method, path, data=None):
        req = urllib.request.Request(self.url + path, data=data, method=method)
        with urllib.request.urlopen(req, timeout=60) as r:
            return r.status, r.read()

    def post(self, path):
        return self._req("POST", path, b"")

    def create_bucket(self, name):
        status, _ = self._req("PUT", "/" + name, b"")
        assert status == 200, status

    def recording(self):
        _, body = self._req("GET", "/moto-api/recorder/download-recording")
        return [json.loads(l) for l in body.decode().splitlines() if l.strip()]

    def s3(self):
        if getattr(self, "_s3", None) is None:
            import boto3
            self._s3 = boto3.client("s3", endpoint_url=self.url, region_name="us-east-1",
                                    aws_access_key_id="harness", aws_secret_access_key="harness")
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
