"""Queries and time per API list endpoint as the plan grows (SQLite file, or DATABASE_URL if set).

Usage: .venv/bin/python bench/api_queries.py [SIZES ...]   (default: 10 100 500 activities)
Prints, per plan size, each endpoint's query count and median time of 5 calls, as a controller
signed in with a session. Query counts should be equal in every column.
"""

import os
import statistics
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
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from tqdm import tqdm  # noqa: E402

from vplan.organisation.models import Role  # noqa: E402
from vplan.testing import factories  # noqa: E402

call_command("migrate", verbosity=0)
sizes = [int(arg) for arg in sys.argv[1:]] or [10, 100, 500]


def build(size: int):
    administration = factories.make_administration()
    bin_ = factories.make_board(administration=administration)
    bou = factories.make_board(administration=administration)
    plan = factories.make_plan(administration=administration, boards=[bin_, bou])
    round = factories.make_round(plan=plan)
    controller = factories.make_member(administration=administration, role=Role.CONTROLLER)
    goals = [factories.make_municipal_goal(plan=plan) for _ in range(max(1, size // 20))]
    board_goals = [factories.make_board_goal(plan=plan, municipal_goal=g) for g in goals]
    assignment = factories.make_assignment(plan=plan)
    for i in tqdm(range(size), desc=f"plan of {size}", leave=False):
        activity = factories.make_activity(
            plan=plan, boards=[bin_, bou][: 1 + i % 2], board_goal=board_goals[i % len(goals)]
        )
        if i % 3 == 0:
            factories.place(activity=activity, assignment=assignment)
        for _ in range(i % 3):
            factories.report(activity=activity, round=round)
    return plan, round, controller, activity


def measure(client: Client, url: str) -> tuple[int, float]:
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    count = len(queries)  # now: later requests reset the connection's query log
    times = []
    for _ in range(5):
        started = time.perf_counter()
        client.get(url)
        times.append(time.perf_counter() - started)
    return count, statistics.median(times) * 1000


results: dict[str, dict[int, tuple[int, float]]] = {}
for size in sizes:
    plan, round, controller, activity = build(size)
    client = Client()
    client.force_login(controller)
    urls = {
        "/api/me": "/api/me",
        "/api/plans": "/api/plans",
        "/api/plans/{id}": f"/api/plans/{plan.pk}",
        "/api/plans/{id}?round=": f"/api/plans/{plan.pk}?round={round.pk}",
        "/api/rounds": "/api/rounds",
        "/api/rounds/{id}/entries": f"/api/rounds/{round.pk}/entries",
        "/api/rounds/{id}/missing": f"/api/rounds/{round.pk}/missing",
        "/api/activities/{id}": f"/api/activities/{activity.pk}",
    }
    for name, url in urls.items():
        results.setdefault(name, {})[size] = measure(client, url)

header = "endpoint".ljust(28) + "".join(f"{size:>22}" for size in sizes)
print(header)
print("".ljust(28) + "".join(f"{'queries   median ms':>22}" for _ in sizes))
for name, by_size in results.items():
    cells = "".join(f"{by_size[s][0]:>11} {by_size[s][1]:>10.1f}" for s in sizes)
    print(name.ljust(28) + cells)
