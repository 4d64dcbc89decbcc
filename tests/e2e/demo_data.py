"""A realistic demo data set, written through the real `valet` CLI: three weeks of days (plans
ticked or carried over, journal entries, moods, highlights), todos completed along the way, areas
and projects, tags, repeats and reminders, and a today with something late, something due and
something planned. Used by `cargo xtask screenshots` (the README's pictures) so they show what a
person's Valet looks like, not test strings.

Past days are written with the CLI's frozen clock (`VALET_TEST_NOW`), so every record carries the
day it would have been written on.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
from pathlib import Path

# How each mood word scores on the 1 (bad) to 5 (great) scale.
SCORES = {"tired": 2, "steady": 3, "calm": 4, "good": 4, "focused": 4, "rested": 4, "satisfied": 4, "energised": 5}

# (plan tasks, how many get ticked, journal entry, mood, highlight or None, todos done that day)
DAYS = [
    (["Outline the Q4 report", "Reply to Ana about the offsite", "Stretch"], 2,
     "Slow start, but the outline finally has a shape.", "steady", None, ["Send the September invoice"]),
    (["Draft the budget section", "Call the plumber"], 1,
     "The plumber can only come next week. Budget numbers look better than expected.", "good",
     "Budget section drafted", ["Order printer ink"]),
    (["Review Ana's pull request", "Gym", "Plan the weekend"], 3,
     "Long review, good conversation about the API shape.", "focused", "Merged the sync fix", []),
    (["Prepare interview questions", "Groceries"], 1,
     "Tired. Skipped the groceries.", "tired", None, ["Renew the library books"]),
    (["Interview: backend candidate", "Groceries", "Write up interview notes"], 3,
     "Strong candidate; notes written the same evening.", "energised", "A great interview", ["Book the car service"]),
    (["Weekly review", "Clean the desk"], 2,
     "Week closed out. Three things slipped, all small.", "calm", None, ["Pay the electricity bill"]),
    (["Walk by the river"], 1, "Rest day.", "rested", None, []),
    (["Finish the Q4 report draft", "Send slides to Marta", "Stretch"], 2,
     "Report draft done; slides went out late.", "good", "Report draft finished", ["Submit the expense report"]),
    (["Fix the flaky upload test", "Dentist: book a check-up"], 1,
     "The flaky test was a timezone bug. Of course it was.", "satisfied", "Found the timezone bug", ["Buy a birthday gift for Leo"]),
    (["1:1 with Marta", "Pick tiles for the kitchen", "Gym"], 2,
     "Good 1:1; agreed to move the launch by a week.", "steady", None, ["Return the parcel"]),
    (["Write the launch checklist", "Call mum"], 2,
     "Checklist is long but honest.", "good", None, ["Renew the domain"]),
    (["Interview: frontend candidate", "Groceries", "Stretch"], 2,
     "Second interview of the week. Hiring is tiring.", "tired", None, []),
    (["Weekly review", "Plan the holidays"], 2,
     "Lisbon in January looks possible.", "hopeful", "Holiday plan started", ["Pay the water bill"]),
    (["Read", "Long walk"], 2, "Quiet Sunday.", "calm", None, []),
    (["Polish the Q4 report", "Review Ana's pull request", "Stretch"], 2,
     "Report is in good shape.", "focused", "Report sent for review", ["Order new running shoes"]),
    (["Fix the reminder bug", "Kitchen: measure the wall"], 1,
     "The reminder bug needs a second look tomorrow.", "frustrated", None, []),
    (["Fix the reminder bug", "Team lunch"], 2,
     "Fixed it. Lunch was lovely.", "happy", "Reminder bug fixed", ["Send the October invoice"]),
    (["Prepare the demo", "Gym"], 1, "Demo prep took all afternoon.", "busy", None, []),
    (["Demo to the team", "Write the follow-ups"], 2,
     "The demo went well; lots of good questions.", "proud", "The demo went well", ["Back up the laptop"]),
    (["Weekly review", "Groceries"], 2, "Calm end to a busy week.", "calm", None, ["Cancel the old gym plan"]),
    (["Read", "Call the grandparents"], 2, "Slow morning, long call.", "content", None, []),
]


# Where the todos done along the way belonged.
PLACES = [["--project", "Q4 report"], ["--tag", "finance"], ["--project", "Hiring"], ["--tag", "errands"],
          ["--project", "Health"], ["--project", "Kitchen renovation"], ["--tag", "finance", "--tag", "admin"]]


class Cli:
    def __init__(self, cli: str, data_dir: Path) -> None:
        self.cli = cli
        self.data_dir = data_dir
        self.now: str | None = None

    def __call__(self, *args: str) -> dict:
        env = dict(os.environ)
        env.pop("VALET_TEST_NOW", None)
        if self.now:
            env["VALET_TEST_NOW"] = self.now
        proc = subprocess.run([self.cli, "--data-dir", str(self.data_dir), "--json", "-q", *args],
                              capture_output=True, text=True, env=env)
        if proc.returncode != 0:
            raise RuntimeError(f"valet {' '.join(args)} exited {proc.returncode}: {proc.stderr.strip()}")
        return json.loads(proc.stdout) if proc.stdout.strip() else {}


def seed(cli_path: str, data_dir: Path, today: dt.date | None = None) -> None:
    """Writes the demo data into `data_dir` (which should be empty)."""
    today = today or dt.date.today()
    data_dir.mkdir(parents=True, exist_ok=True)
    cli = Cli(cli_path, data_dir)
    start = today - dt.timedelta(days=len(DAYS))

    # The structure first, on the first day.
    cli.now = f"{start.isoformat()}T07:30:00Z"
    cli("project", "add", "Work", "--is-area")
    cli("project", "add", "Home", "--is-area")
    cli("project", "add", "Q4 report", "--area", "Work")
    cli("project", "add", "Hiring", "--area", "Work")
    cli("project", "add", "Kitchen renovation", "--area", "Home")
    cli("project", "add", "Health")

    for i, (tasks, ticked, entry, mood, highlight, done) in enumerate(DAYS):
        day = start + dt.timedelta(days=i)
        cli.now = f"{day.isoformat()}T08:10:00Z"
        cli("today")  # starts the day: yesterday archived, open tasks carried over
        before = {t["id"] for t in cli("day", "show").get("plan", {}).get("tasks", [])}
        for t in tasks:
            cli("plan", "add", t)
        plan = cli("day", "show").get("plan", {}).get("tasks", [])
        carried = [t for t in plan if t["id"] in before and not t.get("done")]
        fresh = [t for t in plan if t["id"] not in before]
        # Most of what was carried gets done the next day; now and then one lingers.
        for t in carried[: max(0, len(carried) - (1 if i % 4 == 0 else 0))]:
            cli("plan", "check", t["id"])
        for t in fresh[:ticked]:
            cli("plan", "check", t["id"])
        cli.now = f"{day.isoformat()}T18:40:00Z"
        cli("journal", "add", entry)
        cli("journal", "mood", "--score", str(SCORES.get(mood, 3)), mood)
        if highlight:
            cli("journal", "highlight", highlight)
        for k, text in enumerate(done):
            # Added a few days earlier, in a project or with a tag, done today.
            cli.now = f"{(day - dt.timedelta(days=(i + k) % 5)).isoformat()}T09:15:00Z"
            extra = PLACES[(i + k) % len(PLACES)]
            added = cli("todo", "add", text, *extra)
            cli.now = f"{day.isoformat()}T17:{10 + k:02d}:00Z"
            cli("todo", "complete", added["id"])

    # Today, as a person finds it in the morning.
    cli.now = None
    add = lambda *a: cli("todo", "add", *a)  # noqa: E731
    add("Renew the passport", "--due", "yesterday", "--priority", "high", "--tag", "errands")
    add("Dentist check-up", "--due", "today 3pm", "--project", "Health", "--remind", "1h before")
    add("Finish the Q4 report", "--when", "today", "--project", "Q4 report", "--priority", "high",
        "--step", "Numbers for November", "--step", "Executive summary", "--step", "Send to Marta")
    bank = add("Call the bank about the mortgage", "--tag", "finance")
    cli("plan", bank["id"])
    cli("plan", "add", "Stretch for ten minutes")
    add("Review Ana's pull request", "--due", "tomorrow", "--tag", "work")
    add("Interview: frontend candidate", "--due", "in 2 days 10am", "--project", "Hiring")
    add("Book flights to Lisbon", "--when", "in 3 days", "--tag", "travel")
    add("Pay rent", "--due", "in 5 days", "--repeat", "every month", "--tag", "finance")
    add("Water the plants", "--when", "tomorrow", "--repeat", "every 3 days")
    add("Pick tiles for the kitchen", "--when", "next saturday", "--project", "Kitchen renovation")
    add("Weekly review", "--when", "friday", "--repeat", "every friday")
    add("Read 'The Pragmatic Programmer'", "--priority", "low", "--tag", "reading")
    cli("journal", "add", "Good focus this morning; the report outline is done.")
    (data_dir / ".test-clock").unlink(missing_ok=True)
