"""Kill scenario 1, writes: one evolving replica, each run one acknowledged write and one killed
command (see kills.py)."""

import collections
import os
import random
import statistics
import time

from harness import check
from kills_common import Part, batch_todos, classify_kill, doctor, export_file, inspect_records, list_todos, log_check, log_mark, log_path, new_log_entries, parse_at, rotation_state, tmp_files, todo_view, write_settings


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
