"""What keeping the SQLite search index current costs a write, and what a search costs.

Usage: .venv/bin/python bench/search_index.py [ACTIVITIES] (default 3000)
Runs on a fresh SQLite file (PostgreSQL keeps no index: it searches the tables themselves).
Builds five yearly plans with ACTIVITIES generated Swedish activity texts in all and one or two
status reports each, then prints:
- per write through the operations (update_activity with a new text, a status report, a new
  activity): the CPU time with the index triggers and without them (dropped inside a transaction
  that is rolled back), the same writes in the same order, each run rolled back;
- a full rebuild (`vplan search --reindex`), which is what the first search after any change
  used to pay inside the GET before the triggers;
- one search, which now only reads.
Figures only: nothing is asserted.
"""

import datetime
import os
import random
import sys
import tempfile
import time

os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vplan.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from vplan.followups.models import Status, StatusReport  # noqa: E402
from vplan.followups.reporting import submit_status_report  # noqa: E402
from vplan.plans import editing  # noqa: E402
from vplan.plans.models import Activity  # noqa: E402
from vplan.search.documents import KINDS  # noqa: E402
from vplan.search.engines import index_table, reindex_search  # noqa: E402
from vplan.search.results import search  # noqa: E402
from vplan.testing.factories import (  # noqa: E402
    make_administration,
    make_board,
    make_board_goal,
    make_municipal_goal,
    make_plan,
    make_round,
    make_user,
)

VERBS = ["Utveckla", "Genomföra", "Följa upp", "Utreda", "Införa", "Säkerställa", "Revidera"]
OBJECTS = [
    "rutiner för närvaro i grundskolan",
    "stödet till rektorer och förskolechefer",
    "samverkan med socialtjänsten kring barn i behov av stöd",
    "lokalförsörjningsplanen för förskolor och skolor",
    "arbetet mot segregation i bostadsområdena",
    "det systematiska kvalitetsarbetet på alla enheter",
    "studie- och yrkesvägledningen för nyanlända elever",
]
COMMENTS = [
    "Arbetet pågår enligt plan och en första rapport lämnas till nämnden i höst.",
    "Förseningar på grund av vakanser; arbetet återupptas efter sommaren.",
    "Genomfört. Rutinerna är införda och följs upp i kvalitetsdialogerna.",
]
WRITES = 200
ROUNDS = 3  # alternating runs with and without the triggers; the fastest of each is printed


class Rollback(Exception):
    pass


def text(rng: random.Random) -> str:
    return f"{rng.choice(VERBS)} {rng.choice(OBJECTS)} ({rng.randrange(1000)})"


def build(activities: int) -> dict:
    rng = random.Random(15)
    administration = make_administration(name="Utbildningsförvaltningen", short_code="UF")
    board = make_board(code="BiN", name="Bildningsnämnden", administration=administration)
    status = Status.objects.get(name="Pågående")
    plans, rounds = [], []
    for year in range(2020, 2025):
        plan = make_plan(administration=administration, year=year, boards=[board])
        plans.append(plan)
        rounds.append(make_round(plan=plan, as_of=datetime.date(year, 8, 31)))
        rows = Activity.objects.bulk_create(
            Activity(plan=plan, text=text(rng)) for _ in range(activities // 5)
        )
        StatusReport.objects.bulk_create(
            StatusReport(
                activity=row,
                round=rounds[-1],
                version=version,
                status=status,
                comment=rng.choice(COMMENTS),
            )
            for row in rows
            for version in range(1, rng.choice([2, 3]))
        )
    return {
        "plan": plans[-1],
        "round": rounds[-1],
        "board": board,
        "goal": make_board_goal(
            plan=plans[-1],
            municipal_goal=make_municipal_goal(plan=plans[-1]),
            title="Maximalt lärande",
        ),
        "status": status,
        "by": make_user(username="controller"),
    }


def triggers() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'search_fts_%'"
        )
        return [name for (name,) in cursor.fetchall()]


def timed(world: dict, write, *, with_triggers: bool) -> float:
    """CPU ms per write of WRITES writes (SQLite works in this process, so this holds its work
    and is less disturbed by a busy machine than the clock), rolled back afterwards (the
    triggers dropped inside, if asked)."""
    rng = random.Random(42)
    activities = list(Activity.objects.filter(plan=world["plan"]).order_by("pk")[:WRITES])
    try:
        with transaction.atomic():
            if not with_triggers:
                with connection.cursor() as cursor:
                    for name in triggers():
                        cursor.execute(f"DROP TRIGGER {name}")
            started = time.process_time()
            for activity in activities:
                write(world, activity, rng)
            elapsed = time.process_time() - started
            raise Rollback
    except Rollback:
        pass
    return elapsed / len(activities) * 1000


def new_text(world, activity, rng):
    editing.update_activity(activity=activity, text=text(rng), by=world["by"])


def status_report(world, activity, rng):
    latest = activity.reports.filter(round=world["round"]).order_by("-version").first()
    submit_status_report(
        activity=activity,
        round=world["round"],
        author=world["by"],
        status=world["status"],
        comment=rng.choice(COMMENTS),
        expected_version=latest.version if latest else 0,
    )


def new_activity(world, activity, rng):
    editing.create_activity(
        plan=world["plan"],
        text=text(rng),
        boards=[world["board"]],
        decided_end="December",
        placements=[{"board_goal": world["goal"]}],
        by=world["by"],
    )


def main() -> None:
    activities = int(sys.argv[1]) if len(sys.argv) > 1 else 3000
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    world = build(activities)
    entries = sum(
        connection.cursor().execute(f"SELECT count(*) FROM {index_table(k)}").fetchone()[0]
        for k in KINDS.values()
    )
    print(
        f"built {activities} activities and their reports in "
        f"{time.perf_counter() - started:.1f} s; {entries} index entries (kept by the triggers)"
    )
    print(
        f"CPU time per write, mean of {WRITES} writes, fastest of {ROUNDS} runs, "
        "with / without the index triggers:"
    )
    for label, write in [
        ("update_activity (new text)", new_text),
        ("submit_status_report", status_report),
        ("create_activity", new_activity),
    ]:
        timed(world, write, with_triggers=True)  # warm the caches once
        runs = {True: [], False: []}
        for _ in range(ROUNDS):
            for with_triggers in (True, False):
                runs[with_triggers].append(timed(world, write, with_triggers=with_triggers))
        with_index, without = min(runs[True]), min(runs[False])
        print(
            f"  {label:<28} {with_index:6.2f} ms / {without:6.2f} ms "
            f"({(with_index - without) * 1000:+.0f} µs)"
        )

    started = time.perf_counter()
    count = reindex_search()
    print(
        f"full rebuild ({count} entries): {(time.perf_counter() - started) * 1000:.0f} ms "
        "(before: paid by the first search after any change, inside the GET)"
    )
    search(query="segregation")  # the first reverse() imports every URLconf once
    for query in ("segregation", "rutiner närvaro", "förskolor"):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            found = search(query=query, limit=50)
            elapsed = time.perf_counter() - started
        print(
            f"search {query!r}: {elapsed * 1000:.1f} ms, {len(queries)} queries, "
            f"{len(found)} results, writes: "
            f"{sum(q['sql'].lstrip().upper().startswith(('INSERT', 'UPDATE', 'DELETE')) for q in queries)}"
        )


if __name__ == "__main__":
    main()
