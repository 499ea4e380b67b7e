"""How fast the object plan page, its link page, the four overviews and their API answers are.

Reads the database DATABASE_URL names (load the bench data set first:
`bench/dataset.py --scale large --out large.json` and `vplan load large.json`), picks the
administration with the most activities and the object plan of the year with the most
activities (one is added to the largest administration if the database has none), signs in a
controller of that administration (made if missing) and asks each page `--repeat` times in this
process through Django's test client, beside the floor view (/bench/floor/, VPLAN_BENCH_FLOOR).
Prints the median time, the page/floor ratio, the size and the query count; asserts nothing.

    VPLAN_SECRET_KEY=x VPLAN_BENCH_FLOOR=true DATABASE_URL=postgresql://.../db \\
        .venv/bin/python bench/objects_pages.py [--repeat 5] [--json FILE]
"""

import argparse
import datetime
import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def measure(client, url: str, repeat: int) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times = []
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(url)
            content = b"".join(response) if response.streaming else response.content
            times.append((time.perf_counter() - started) * 1000)
    return {
        "url": url,
        "status": response.status_code,
        "median_ms": round(statistics.median(times), 1),
        "bytes": len(content),
        "queries": len(queries),
    }


def subjects():
    """The administration with the most activities and the object plan to read."""
    from django.db.models import Count

    from vplan.objectplans.models import ITObject, ObjectPlan, ObjectPlanActivity
    from vplan.organisation.models import Administration
    from vplan.plans.models import Activity, Plan

    administration = Administration.objects.annotate(n=Count("plans__activities")).order_by("-n")[0]
    object_plan = ObjectPlan.objects.order_by("-year", "pk").first()
    if object_plan is None:  # the data set holds no object plan: one of the largest year's
        year = (
            Plan.objects.filter(administration=administration)
            .annotate(n=Count("activities"))
            .order_by("-n")[0]
            .year
        )
        it_object = ITObject.objects.create(
            administration=administration, short_name="BENCH", name="Bench object"
        )
        object_plan = ObjectPlan.objects.create(
            it_object=it_object,
            year=year,
            period_start=datetime.date(year, 1, 1),
            period_end=datetime.date(year, 12, 31),
        )
        activities = list(Activity.objects.filter(plan__year=year)[:40])
        ObjectPlanActivity.objects.bulk_create(
            ObjectPlanActivity(
                object_plan=object_plan,
                unit="UF",
                text=f"Prioriterad aktivitet {n}",
                activity=activities[n] if n % 2 and n < len(activities) else None,
                order=n,
            )
            for n in range(40)
        )
    return administration, object_plan


def controller_of(administration):
    from django.contrib.auth import get_user_model

    from vplan.organisation.models import Membership, Role

    user, _ = get_user_model().objects.get_or_create(username="bench-objects-controller")
    Membership.objects.get_or_create(
        user=user, administration=administration, board=None, role=Role.CONTROLLER
    )
    return user


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vplan.settings")
    import django

    django.setup()
    from django.test import Client

    administration, object_plan = subjects()
    client = Client()
    client.force_login(controller_of(administration))
    item = object_plan.activities.first()
    a = administration.pk
    pages = {
        "floor": "/bench/floor/",
        "object plan detail": f"/objectplans/{object_plan.pk}/",
        "object plan link page": f"/objectplans/{object_plan.pk}/activities/{item.pk}/link/",
        "API object plan detail": f"/api/objectplans/{object_plan.pk}",
        "overview status": f"/overviews/{a}/status/",
        "overview status by assignment": f"/overviews/{a}/status/?by=assignment",
        "overview done": f"/overviews/{a}/done/",
        "overview chronic": f"/overviews/{a}/chronic/",
        "overview overdue": f"/overviews/{a}/overdue/",
        "API overview status": f"/api/administrations/{a}/overviews/status",
        "API overview done": f"/api/administrations/{a}/overviews/done",
        "API overview chronic": f"/api/administrations/{a}/overviews/chronic",
        "API overview overdue": f"/api/administrations/{a}/overviews/overdue",
        "CSV overview chronic (download)": f"/overviews/{a}/chronic/?format=csv",
        "CSV overview overdue (download)": f"/overviews/{a}/overdue/?format=csv",
    }
    results = []
    floor = None
    print(f"{'page':40} {'median ms':>10} {'x floor':>8} {'bytes':>10} {'queries':>8} status")
    for name, url in pages.items():
        client.get(url)  # warm: templates, caches
        figures = {"name": name, **measure(client, url, args.repeat)}
        floor = floor or figures["median_ms"]
        figures["ratio"] = round(figures["median_ms"] / floor, 1)
        results.append(figures)
        print(
            f"{name:40} {figures['median_ms']:>10} {figures['ratio']:>8} "
            f"{figures['bytes']:>10} {figures['queries']:>8} {figures['status']}",
            flush=True,
        )
    if args.json:
        args.json.write_text(json.dumps({"pages": results}, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
