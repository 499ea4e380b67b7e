"""Time, bytes and queries of the round sheet ("Uppdatera i Excel") at the largest plan.

Usage: VPLAN_DATABASE_URL=postgresql://.../copy-of-large VPLAN_DEBUG=false .venv/bin/python \
    bench/round_sheet.py [--apply]
(a copy of a loaded large data set, migrated: it opens the largest plan's latest round if it is not open,
and --apply WRITES one status report per activity into it). Signed in as a superuser, through
the test client and the whole middleware: the download, the preview of the file as downloaded
(nothing changed), the preview of the file with every activity's status changed, and with
--apply, saving that (once: queued, then run by a worker here). Prints the median of 5 calls (1 for the save) in ms, sizes, and
query counts.
"""

import io
import os
import statistics
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vplan.settings")

import django  # noqa: E402

django.setup()

from django.test.utils import setup_test_environment  # noqa: E402

setup_test_environment()  # the test client keeps the preview's context

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from openpyxl import load_workbook  # noqa: E402

from vplan.followups.models import FollowUpRound  # noqa: E402
from vplan.followups.round_sheet import KEY_HEADER  # noqa: E402
from vplan.plans.models import Plan  # noqa: E402

plan = Plan.objects.annotate(n=Count("activities")).order_by("-n").first()
round = FollowUpRound.objects.filter(plan=plan).order_by("-as_of").first()
if not round.accepts_reports:
    FollowUpRound.objects.filter(pk=round.pk).update(state=FollowUpRound.State.OPEN)
user = get_user_model().objects.filter(is_superuser=True).first()
if user is None:
    user = get_user_model().objects.create_superuser("bench-sheet", "", "x")
client = Client(HTTP_HOST="localhost")
client.force_login(user)


def timed(call, times=5):
    results = []
    for _ in range(times):
        start = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            response = call()
        results.append((time.perf_counter() - start) * 1000)
    return statistics.median(results), response, len(queries)


def every_status_changed(content: bytes) -> bytes:
    workbook = load_workbook(io.BytesIO(content))
    sheet = workbook.worksheets[0]
    header = [cell.value for cell in sheet[1]]
    status = header.index("Status") + 1
    for row in range(2, sheet.max_row + 1):
        value = sheet.cell(row=row, column=status).value
        sheet.cell(row=row, column=status).value = (
            "Genomfört" if value != "Genomfört" else "Pågående"
        )
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def upload(content: bytes):
    file = io.BytesIO(content)
    file.name = "omgang.xlsx"
    return client.post(f"/rounds/{round.pk}/sheet/", {"file": file})


print(f"plan {plan.pk} ({plan.n} activities), round {round.pk}")
ms, response, queries = timed(lambda: client.get("/accounts/login/"), times=20)
print(
    f"floor (sign-in page) {response.status_code} {ms:7.0f} ms (load now: {os.getloadavg()[0]:.1f})"
)
ms, response, queries = timed(lambda: client.get(f"/rounds/{round.pk}/sheet/download/"))
sheet = response.content
print(
    f"download            {response.status_code} {ms:7.0f} ms {len(sheet):10,d} bytes {queries:3d} queries"
)
assert KEY_HEADER in [c.value for c in load_workbook(io.BytesIO(sheet)).worksheets[0][1]]
ms, response, queries = timed(lambda: upload(sheet))
counts = response.context["preview"].counts
print(
    f"preview, unchanged  {response.status_code} {ms:7.0f} ms {len(response.content):10,d} bytes {queries:3d} queries {counts}"
)
changed = every_status_changed(sheet)
ms, response, queries = timed(lambda: upload(changed))
preview = response.context["preview"]
print(
    f"preview, all changed {response.status_code} {ms:7.0f} ms {len(response.content):10,d} bytes {queries:3d} queries {preview.counts}"
)
if "--apply" in sys.argv:
    from vplan.jobs.running import run_next_job

    confirmation = preview.confirmation
    ms, response, queries = timed(
        lambda: client.post(f"/rounds/{round.pk}/sheet/apply/", {"confirmation": confirmation}),
        times=1,
    )
    print(f"apply: {len(preview.changes)} changes queued {response.status_code} {ms:7.0f} ms")
    start = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        run_next_job(worker="bench")
    ms = (time.perf_counter() - start) * 1000
    print(f"apply: the job      {ms:7.0f} ms {len(queries):5d} queries")
