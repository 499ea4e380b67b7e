"""Time, bytes and queries of the round safeguards' pages at scale: the close and publish
confirmation pages (what is missing, per board), the new-round page beside an open round, the
start page and the round page, beside the floor (the layout with nothing in it).

Usage: DATABASE_URL=postgresql://.../copy-of-large VPLAN_BENCH_FLOOR=true \
    .venv/bin/python bench/round_safeguards.py
Reads only (Django's session table gets a row). Picks the plan with the most activities, its
open round and, if it has one, a closed round. Prints, per URL (signed in as a superuser), the
median of 20 calls in ms, the response's size in bytes and its query count.
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

CALLS = 20

plan = Plan.objects.annotate(n=Count("activities")).order_by("-n").first()
rounds = FollowUpRound.objects.filter(plan=plan).order_by("-as_of")
open_round = rounds.filter(state=FollowUpRound.State.OPEN).first()
closed_round = rounds.filter(state=FollowUpRound.State.CLOSED).first()
user = get_user_model().objects.filter(is_superuser=True).first()
if user is None:
    user = get_user_model().objects.create_superuser("bench-safeguards", "", "x")
client = Client(HTTP_HOST="localhost")
client.force_login(user)

urls = ["/bench/floor/", "/"]
if open_round is not None:
    urls += [
        f"/rounds/{open_round.pk}/close/",
        f"/rounds/{open_round.pk}/",
        f"/plans/{plan.pk}/rounds/new/",
    ]
if closed_round is not None:
    urls.append(f"/rounds/{closed_round.pk}/publish/")
print(f"plan {plan.pk} ({plan.n} activities), open round {open_round and open_round.pk}")
for url in urls:
    times = []
    for _ in range(CALLS):
        start = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
    print(
        f"{url:32} {response.status_code} median {statistics.median(times):6.1f} ms "
        f"{len(response.content):8,d} bytes {len(queries):3d} queries"
    )
