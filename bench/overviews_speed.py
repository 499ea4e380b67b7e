"""Time, bytes and queries of the four overviews (status, done, chronic, overdue), page and API,
on a loaded data set, beside the floor view measured in the same run.

Usage: VPLAN_DATABASE_URL=postgresql://.../copy-of-large .venv/bin/python bench/overviews_speed.py
    [--requests 20] [--user bench-admin]
(a copy of a loaded large data set: bench/run.py --scale large leaves one; the script changes
nothing but Django's session table). Picks the administration of the plan with the most
activities and signs in as `--user` (default bench-admin, else a superuser).
Prints, per URL, the median of `--requests` calls in ms alternating with the floor, the ratio,
the response's size in bytes and its query count.
"""

import argparse
import os
import statistics
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vplan.settings")
os.environ.setdefault("VPLAN_DEBUG", "false")
os.environ.setdefault("VPLAN_BENCH_FLOOR", "true")
os.environ.setdefault("VPLAN_SECRET_KEY", "bench-overviews-not-a-secret")
os.environ.setdefault("VPLAN_ALLOWED_HOSTS", "localhost")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.signals import request_finished, request_started  # noqa: E402
from django.db import close_old_connections, connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402

from vplan.plans.models import Plan  # noqa: E402

parser = argparse.ArgumentParser()
parser.add_argument("--requests", type=int, default=20)
parser.add_argument("--user", default="bench-admin")
parser.add_argument("--only", default="", help="run only URLs containing this text")
args = parser.parse_args()

plan = Plan.objects.annotate(n=Count("activities")).order_by("-n").first()
administration = plan.administration_id
User = get_user_model()
user = (
    User.objects.filter(username=args.user).first()
    or User.objects.filter(is_superuser=True).first()
)
# one connection for the whole run, as the test client keeps it, so queries can be counted
request_started.disconnect(close_old_connections)
request_finished.disconnect(close_old_connections)
client = Client(HTTP_HOST="localhost")
client.force_login(user)

FLOOR = "/bench/floor/"
urls = [f"/overviews/{administration}/{name}/" for name in ("status", "done", "chronic", "overdue")]
urls += [
    f"/api/administrations/{administration}/overviews/{name}"
    for name in ("status", "done", "chronic", "overdue")
]
urls = [url for url in urls if args.only in url]


class QueryCounter(list):
    """Counts the SQL statements run inside `connection.execute_wrapper`."""

    def __call__(self, execute, sql, params, many, context):
        self.append(sql)
        return execute(sql, params, many, context)


def timed(url) -> tuple[float, object]:
    start = time.perf_counter()
    response = client.get(url)
    return (time.perf_counter() - start) * 1000, response


print(f"plan {plan.pk} ({plan.n} activities), administration {administration}, user {user}")
for url in urls:
    timed(url)
    queries = QueryCounter()
    with connection.execute_wrapper(queries):
        _, response = timed(url)
    page_ms, floor_ms = [], []
    for _ in range(args.requests):
        floor_ms.append(timed(FLOOR)[0])
        page_ms.append(timed(url)[0])
    page, floor = statistics.median(page_ms), statistics.median(floor_ms)
    print(
        f"{url:52} {response.status_code} median {page:7.1f} ms floor {floor:5.1f} "
        f"x{page / floor:5.1f} {len(response.content):9,d} bytes {len(queries):3d} queries"
    )
