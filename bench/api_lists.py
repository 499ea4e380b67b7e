"""Time, bytes and queries of every API list at a larger data set (SQLite file, or DATABASE_URL).

Usage: .venv/bin/python bench/api_lists.py [--activities N] [--plans N] [--records N]
(default: a plan of 3,000 activities with one open round nobody has reported in, 39 plans of
4 administrations with 4 published rounds each, 20,000 change records in the audit log, 2,000 of them on the large plan).

Prints, per list URL (as an administrator signed in with a session, first page, the API's
default limit), the median of 5 calls in ms, the response's size in bytes, the query count and,
for a paged answer, `count` (how many items the whole list has).
"""

import argparse
import datetime
import os
import statistics
import sys
import tempfile
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vplan.settings")
os.environ.setdefault("VPLAN_DEBUG", "true")
if "DATABASE_URL" not in os.environ:
    os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"

import django  # noqa: E402

django.setup()

from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from vplan.audit.models import ChangeRecord  # noqa: E402
from vplan.followups.models import FollowUpRound  # noqa: E402
from vplan.organisation.models import Role  # noqa: E402
from vplan.plans.models import Activity, Placement, Plan  # noqa: E402
from vplan.testing import factories  # noqa: E402

parser = argparse.ArgumentParser()
parser.add_argument("--activities", type=int, default=3000)
parser.add_argument("--plans", type=int, default=40)
parser.add_argument("--records", type=int, default=20000)
args = parser.parse_args()

call_command("migrate", verbosity=0)


def build():
    administrations = [factories.make_administration() for _ in range(4)]
    administration = administrations[0]
    boards = [factories.make_board(administration=administration) for _ in range(10)]
    admin = factories.make_member(administration=administration, role=Role.ADMIN)
    large = factories.make_plan(administration=administration, year=2025, boards=boards)
    for number in range(args.plans - 1):
        owner = administrations[(number + 1) % 4]
        plan = factories.make_plan(
            administration=owner,
            year=2025 - (number + 1) // 4,
            boards=boards[:3] if owner == administration else [],
        )
        for month in (3, 6, 9, 12):
            factories.make_round(
                plan=plan,
                as_of=datetime.date(plan.year, month, 28),
                state=FollowUpRound.State.PUBLISHED,
            )
    round = factories.make_round(plan=large)
    goal = factories.make_municipal_goal(plan=large)
    activities = Activity.objects.bulk_create(
        Activity(plan=large, text=f"Aktivitet {i}") for i in range(args.activities)
    )
    through = Activity.boards.through
    through.objects.bulk_create(
        through(activity=a, board=boards[i % len(boards)]) for i, a in enumerate(activities)
    )
    Placement.objects.bulk_create(
        Placement(activity=a, perspective=goal.perspective, municipal_goal=goal) for a in activities
    )
    plan_type = ContentType.objects.get_for_model(Plan)
    activity_type = ContentType.objects.get_for_model(Activity)
    records = [
        ChangeRecord(
            content_type=plan_type if i % 10 == 0 else activity_type,
            object_id=str(large.pk if i % 10 == 0 else activities[i % len(activities)].pk),
            object_repr=f"Ändring {i}",
            action="changed",
            changes={"text": ["före", "efter"]},
            changed_by=admin,
            administration=administration,
        )
        for i in range(args.records)
    ]
    ChangeRecord.objects.bulk_create(records, batch_size=2000)
    return administration, large, round, admin, activities[0]


def measure(client: Client, url: str) -> tuple[int, float, int, object]:
    client.get(url)
    reset_queries()  # each request resets the log: start from an empty one
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code, response.content[:300])
    body = response.json()
    count = body.get("count") if isinstance(body, dict) else f"({len(body)} listed)"
    times = []
    for _ in range(5):
        started = time.perf_counter()
        client.get(url)
        times.append(time.perf_counter() - started)
    return len(queries), statistics.median(times) * 1000, len(response.content), count


started = time.perf_counter()
administration, plan, round, admin, activity = build()
print(f"built in {time.perf_counter() - started:.0f} s on {connection.vendor}", file=sys.stderr)
client = Client()
client.force_login(admin)
A, P, R = administration.pk, plan.pk, round.pk
urls = {
    "/api/plans": "/api/plans",
    "/api/rounds": "/api/rounds",
    "/api/administrations": "/api/administrations",
    "/api/boards": "/api/boards",
    "/api/administrations/{id}/boards": f"/api/administrations/{A}/boards",
    "/api/statuses": "/api/statuses",
    "/api/imports": "/api/imports",
    "/api/objectplans": "/api/objectplans",
    "/api/tokens": "/api/tokens",
    "/api/history/plans/{id}": f"/api/history/plans/{P}",
    "/api/rounds/{id}/missing": f"/api/rounds/{R}/missing",
    "/api/audit": "/api/audit",
    "/api/administrations/{id}/people": f"/api/administrations/{A}/people",
    "/api/administrations/{id}/sso-mappings": f"/api/administrations/{A}/sso-mappings",
    "/api/administrations/{id}/report-templates": f"/api/administrations/{A}/report-templates",
    "/api/rounds/{id}/activities/{id}/reports": f"/api/rounds/{R}/activities/{activity.pk}/reports",
    "/api/rounds/{id}/sent-reports": f"/api/rounds/{R}/sent-reports",
}
print(f"{'list':<44}{'median ms':>10}{'bytes':>10}{'queries':>9}  count")
for name, url in urls.items():
    queries, ms, size, count = measure(client, url)
    print(f"{name:<44}{ms:>10.1f}{size:>10}{queries:>9}  {count}")
