"""Several years at once: how long lineage, rollover, overviews and search take on a larger history.

Usage: .venv/bin/python bench/multi_year.py [ACTIVITIES_PER_YEAR] (default 300)
Runs on a fresh SQLite file, or on DATABASE_URL if set. Builds five yearly plans of one
administration from generated Swedish texts (each year rewording 40 % of last year's
activities), then prints times, query counts and the lineage's precision/recall on the
generated pairs. Figures only: nothing is asserted.
"""

import datetime
import os
import random
import sys
import tempfile
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vplan.settings")
if "DATABASE_URL" not in os.environ:
    os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from vplan.followups.models import Status, StatusReport  # noqa: E402
from vplan.lineage.proposals import propose_links  # noqa: E402
from vplan.lineage.rollover import carry_over  # noqa: E402
from vplan.overviews.figures import (  # noqa: E402
    chronic_activities,
    load_rows,
    status_table,
)
from vplan.plans.models import Activity, Placement  # noqa: E402
from vplan.search.engines import reindex_search  # noqa: E402
from vplan.search.results import search  # noqa: E402
from vplan.testing.factories import (  # noqa: E402
    make_administration,
    make_board,
    make_plan,
    make_round,
    perspective,
)

VERBS = ["Utveckla", "Genomföra", "Följa upp", "Utreda", "Implementera", "Säkerställa", "Revidera"]
OBJECTS = [
    "rutiner för närvaro",
    "stödet till rektorer",
    "samverkan med socialtjänsten",
    "lokalförsörjningsplanen",
    "uppföljningen av genomströmning",
    "kompetensutveckling i matematik",
    "introduktionen för nya lärare",
    "arbetet mot segregation",
    "det systematiska kvalitetsarbetet",
    "studie- och yrkesvägledningen",
]
PLACES = ["i förskolan", "i grundskolan", "inom gymnasieskolan", "inom vuxenutbildningen", "på SFI"]
AIMS = [
    "för ökad likvärdighet",
    "för bättre studiero",
    "för fler behöriga lärare",
    "i hela kommunen",
]
TOPICS = (
    "elevhälsa närvaro studiero trygghet likvärdighet behörighet lönespridning arbetsmiljö "
    "digitalisering lokaler skolskjuts kost modersmål fritidshem idrott läsförståelse språkutveckling "
    "bemanning rekrytering introduktion handledning mentorskap betygssättning bedömning nyanlända "
    "praktikplatser lärlingar feriearbete vårdnadshavare beredskap upphandling"
).split()
REWORDINGS = [("Utveckla", "Vidareutveckla"), ("Följa upp", "Fortsatt följa upp"), ("för", "kring")]


def new_text(rng: random.Random, n: int) -> str:
    first, second = rng.sample(TOPICS, 2)
    parts = [rng.choice(VERBS), rng.choice(OBJECTS), "med fokus på", first, "och", second]
    return " ".join([*parts, rng.choice(PLACES), rng.choice(AIMS)])


def reworded(rng: random.Random, text: str) -> str:
    old, new = rng.choice(REWORDINGS)
    text = text.replace(old, new, 1)
    return text + rng.choice(["", ".", " under året", " med fokus på uppföljning"])


def build_history(per_year: int):
    rng = random.Random(2024)
    administration = make_administration(name="Bänkförvaltningen", short_code="BF")
    boards = [make_board(code=code, administration=administration) for code in ("BXN", "BYU")]
    statuses = {s.name: s for s in Status.objects.all()}
    plans, truth, previous, serial = [], set(), [], 0
    for year in range(2020, 2025):
        plan = make_plan(administration=administration, year=year, boards=boards)
        round = make_round(plan=plan, as_of=datetime.date(year, 12, 31))
        current = []
        carried = rng.sample(previous, int(len(previous) * 0.4)) if previous else []
        for order in range(per_year):
            if order < len(carried):
                text, predecessor = reworded(rng, carried[order][1]), carried[order][0]
            else:
                serial += 1
                text, predecessor = new_text(rng, serial), None
            activity = Activity.objects.create(plan=plan, text=text, order=order)
            activity.boards.set([rng.choice(boards)])
            Placement.objects.create(activity=activity, perspective=perspective("Medborgare"))
            status = statuses[rng.choice(["Genomfört", "Pågående", "Kvarstår"])]
            StatusReport.objects.create(
                activity=activity, round=round, version=1, status=status, comment=text
            )
            if predecessor is not None:
                truth.add((predecessor, activity.pk))
            current.append((activity.pk, text))
        plans.append(plan)
        previous = current
    return plans, truth


def timed(label: str, function):
    connection.queries_log.clear()
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        result = function()
        elapsed = time.perf_counter() - started
    print(f"{label}: {elapsed * 1000:.0f} ms, {len(queries)} queries")
    return result


def main() -> None:
    per_year = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    call_command("migrate", verbosity=0)
    print(f"database: {connection.vendor}, {per_year} activities a year, 5 years")
    plans, truth = timed("build the history", lambda: build_history(per_year))

    links = timed("propose lineage links 2024 -> 2023", lambda: propose_links(plan=plans[-1]))
    expected = {pair for pair in truth if pair[1] in {a.pk for a in plans[-1].activities.all()}}
    proposed = {(link.predecessor_id, link.activity_id) for link in links}
    hits = len(proposed & expected)
    print(
        f"  {len(proposed)} proposed, {len(expected)} true (generated texts): precision "
        f"{hits / max(len(proposed), 1):.2f}, recall {hits / max(len(expected), 1):.2f}"
    )

    rows = timed("overview rows, all years", lambda: load_rows(plans=plans))
    timed("status per perspective", lambda: status_table(rows, by="perspective"))
    timed("chronic activities", lambda: chronic_activities(rows, history=rows))

    entries = timed("search: rebuild the index", reindex_search)
    print(f"  {entries} entries")
    search(query="segregation")  # the first reverse() imports every URLconf once
    timed("search: one query (reads only)", lambda: search(query="segregation"))
    started = time.perf_counter()
    for word in ["segregation", "rektorer", "närvaro", "lärare matematik", "studiero"]:
        found = search(query=word, limit=50)
    print(
        f"search: {(time.perf_counter() - started) / 5 * 1000:.1f} ms a query ({len(found)} hits)"
    )

    new_plan = timed(
        "rollover 2024 -> 2025", lambda: carry_over(plan=plans[-1], to_year=2025, by=None)
    )
    print(f"  {new_plan.activities.count()} activities carried over")


if __name__ == "__main__":
    main()
