"""Kill scenario 2, import-legacy: a synthetic legacy folder imported under kills, then
compared with a clean import (see kills.py)."""

import datetime as dt
import json
import os
import random
import shutil
import statistics
import threading
import time

from harness import check
from kills_common import Part, Window, doctor, export_records, first_diff, inspect_records, iso, list_todos, log_check, log_mark, new_log_entries, uuid4, write_settings


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
