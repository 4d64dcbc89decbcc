"""Kill scenarios 3 and 4: `valet migrate --to s3` and `valet sync` killed while another
device and a second writer work (see kills.py)."""

import collections
import json
import os
import random
import shutil
import statistics
import threading
import time

from kills_common import Part, Window, batch_todos, doctor, export_file, export_records, first_diff, inspect_records, list_todos, log_check, log_mark, new_log_entries, parse_at, r2_settings, todo_view, write_settings
from kills_import import make_legacy


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
