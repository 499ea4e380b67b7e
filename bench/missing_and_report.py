"""Time, bytes and queries of the missing-reports page and the API's JSON report of a round.

Usage: DATABASE_URL=sqlite:////path/to/copy-of-large.sqlite3 .venv/bin/python \
    bench/missing_and_report.py
(a copy of a loaded large data set: bench/run.py --scale large leaves one; the script writes a
status report nowhere, but Django's session table gets a row). Picks the open round of the plan
with the most activities and, for a published round, the newest published round of that plan.
Prints, per URL (signed in as a superuser), the median of 5 calls in ms, the response's size in
bytes and its query count.
"""

import os
import statistics
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vplan.settings")
os.environ.setdefault("VPLAN_DEBUG", "true")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from vplan.followups.models import FollowUpRound  # noqa: E402
from vplan.plans.models import Plan  # noqa: E402

plan = Plan.objects.annotate(n=Count("activities")).order_by("-n").first()
rounds = FollowUpRound.objects.filter(plan=plan).order_by("-as_of")
open_round = rounds.exclude(state=FollowUpRound.State.PUBLISHED).first() or rounds.first()
published = rounds.filter(state=FollowUpRound.State.PUBLISHED).first()
user = get_user_model().objects.filter(is_superuser=True).first()
if user is None:
    user = get_user_model().objects.create_superuser("bench-missing", "", "x")
client = Client(HTTP_HOST="localhost")
client.force_login(user)

urls = [f"/rounds/{open_round.pk}/missing/", f"/api/rounds/{open_round.pk}/report"]
if published is not None:
    urls.append(f"/api/rounds/{published.pk}/report")
print(
    f"plan {plan.pk} ({plan.n} activities), round {open_round.pk}, published {published and published.pk}"
)
for url in urls:
    times = []
    for _ in range(5):
        start = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
    print(
        f"{url:40} {response.status_code} median {statistics.median(times):7.0f} ms "
        f"{len(response.content):9,d} bytes {len(queries):3d} queries"
    )
