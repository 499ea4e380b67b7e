"""How long the plan page, the report page and the plan tree API take for one large plan.

Builds (once, into the SQLite file given by --db, reused on later runs) a plan of --activities
activities with a published round and an open round, then asks each page through Django's test
client as a controller of the administration (in-process: no server, no gunicorn) and prints
the median time, the CPU time per request, the response size and the query count. Asserts
nothing.

    .venv/bin/python bench/plan_pages.py [--activities 3000] [--db plan-bench.sqlite3]
        [--repeat 7] [--url /plans/1/ ...] [--username bench-editor-01]

With DATABASE_URL set (e.g. a PostgreSQL database loaded by `vplan load`, or a copy of the one
bench/run.py builds), --db is ignored and the largest plan of that database is measured, as
--username (an existing user) or a new controller of the plan's administration.

On a machine shared with other work the wall times swing with its load; the CPU column (this
process, plus its PostgreSQL backend's when the database is on this machine) does much less, so
compare before and after by it, in the same minute.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--activities", type=int, default=3000)
    parser.add_argument(
        "--db", default=str(Path(tempfile.gettempdir()) / "vplan-plan-bench.sqlite3")
    )
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--url", action="append", default=[], help="Extra paths to time.")
    parser.add_argument("--username", help="Measure as this existing user.")
    args = parser.parse_args()

    os.environ.setdefault("VPLAN_DEBUG", "true")
    given_database = bool(os.environ.get("DATABASE_URL"))
    if not given_database:
        os.environ["DATABASE_URL"] = f"sqlite:///{args.db}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vplan.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", verbosity=0)
    plan, rounds, user = _plan_to_measure(args.activities, args.username)
    client = Client()
    client.force_login(user)
    paths = [
        ("plan page", f"/plans/{plan.pk}/"),
        *[(f"report page ({r.state})", f"/reports/rounds/{r.pk}/") for r in rounds],
        *[(f"api tree ?round ({r.state})", f"/api/plans/{plan.pk}?round={r.pk}") for r in rounds],
        ("api tree", f"/api/plans/{plan.pk}"),
        *[(path, path) for path in args.url],
    ]
    activities = plan.activities.filter(deleted_at__isnull=True).count()
    print(f"plan {plan.pk}: {activities} activities, database {connection.vendor}")
    print(
        f"{'page':<30} {'median ms':>10} {'cpu ms':>8} {'bytes':>10} {'queries':>8} {'status':>6}"
    )
    for name, path in paths:
        client.get(path)  # warm
        times = []
        cpu_before = _cpu_seconds(connection)
        for _ in range(args.repeat):
            started = time.perf_counter()
            response = client.get(path)
            times.append((time.perf_counter() - started) * 1000)
        cpu = (_cpu_seconds(connection) - cpu_before) * 1000 / args.repeat
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        print(
            f"{name:<30} {statistics.median(times):>10.1f} {cpu:>8.1f} "
            f"{len(response.content):>10,} {len(queries):>8} {response.status_code:>6}"
        )
    load = os.getloadavg()[0]
    print(f"cpus: {os.cpu_count()}, load average: {load:.2f} (wall times grow with load)")


def _cpu_seconds(connection) -> float:
    """CPU seconds spent by this process and, where it runs on this machine (PostgreSQL, found
    in /proc), by the database backend serving it."""
    import resource

    usage = resource.getrusage(resource.RUSAGE_SELF)
    spent = usage.ru_utime + usage.ru_stime
    if connection.vendor != "postgresql":
        return spent
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        backend = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{backend}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:  # the database runs elsewhere: this process only
        return spent
    return spent + (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _plan_to_measure(count: int, username: str | None = None):
    from django.contrib.auth import get_user_model

    from vplan.followups.models import FollowUpRound
    from vplan.organisation.models import Role
    from vplan.testing.factories import make_member

    plan = _largest_plan()
    if plan is None:
        started = time.perf_counter()
        plan = _build_plan(count)
        print(f"built {count} activities in {time.perf_counter() - started:.1f} s")
    rounds = list(FollowUpRound.objects.filter(plan=plan).order_by("as_of"))
    if username:
        return plan, rounds, get_user_model().objects.get(username=username)
    user = make_member(
        administration=plan.administration,
        role=Role.CONTROLLER,
        username=f"plan-bench-{time.time_ns()}",
    )
    return plan, rounds, user


def _largest_plan():
    from django.db.models import Count, Q

    from vplan.plans.models import Plan

    return (
        Plan.objects.filter(deleted_at__isnull=True)
        .annotate(size=Count("activities", filter=Q(activities__deleted_at__isnull=True)))
        .order_by("-size")
        .first()
    )


def _build_plan(count: int):
    """Five perspectives, four municipal goals each, five board goals each, an assignment per
    municipal goal; every tenth activity postponed, every seventh carried over, every
    thirteenth also placed a second time, every eleventh with two parts; a published round
    and an open one, statuses cycling through the vocabulary."""
    import datetime

    from django.db import transaction

    from vplan.followups.models import FollowUpRound
    from vplan.organisation.models import Role
    from vplan.plans.models import Activity, Assignment, Perspective
    from vplan.reports.publication import publish_round
    from vplan.testing.factories import (
        make_activity,
        make_administration,
        make_assignment,
        make_board,
        make_board_goal,
        make_member,
        make_municipal_goal,
        make_plan,
        make_round,
        place,
        report,
    )

    with transaction.atomic():
        administration = make_administration(name="Utbildningsförvaltningen", short_code="UTB")
        boards = [
            make_board(code="BiN", name="Bildningsnämnden", administration=administration),
            make_board(code="BoU", name="Barn- och ungdomsnämnden", administration=administration),
        ]
        plan = make_plan(administration=administration, year=2024, boards=boards)
        plan.decided_on = datetime.date(2023, 10, 12)
        plan.save(update_fields=["decided_on"])
        published = make_round(plan=plan, as_of=datetime.date(2024, 4, 30), label="Tertial 1")
        open_round = make_round(plan=plan, as_of=datetime.date(2024, 8, 31), label="Delår")
        statuses = ["Genomfört", "Pågående", "Pågående", "Kvarstår", "Ej genomfört"]
        places = []
        for perspective in Perspective.objects.all():
            for g in range(4):
                goal = make_municipal_goal(
                    plan=plan,
                    perspective_name=perspective.name,
                    title=f"{perspective.name}: mål {g}",
                )
                assignment = make_assignment(
                    plan=plan,
                    text=f"Samtliga nämnder ska arbeta med uppdrag {perspective.order}.{g}.",
                    scope=Assignment.Scope.COMMON
                    if g % 2 == 0
                    else Assignment.Scope.BOARD_SPECIFIC,
                )
                for b in range(5):
                    board_goal = make_board_goal(
                        plan=plan,
                        municipal_goal=goal,
                        title=f"Nämndmål {perspective.order}.{g}.{b}",
                        description="Alla barn och elever utmanas utifrån sina förutsättningar.",
                    )
                    places.append((goal, board_goal, assignment if b == 4 else None))
        months = ["Mars", "Juni", "September", "December"]
        for n in range(count):
            goal, board_goal, assignment = places[n % len(places)]
            decided = months[n % len(months)]
            activity = make_activity(
                plan=plan,
                text=f"Genomföra insats nummer {n} för ökad måluppfyllelse i förskola och skola, "
                "med uppföljning av resultaten per enhet.",
                boards=boards if n % 3 else boards[:1],
                decided_end=decided,
                current_end="December" if n % 10 == 0 and decided != "December" else decided,
                board_goal=board_goal,
                municipal_goal=goal,
                assignment=assignment,
            )
            if n % 7 == 0:
                activity.carried_over_from_year = 2023
                activity.save(update_fields=["carried_over_from_year"])
            if n % 13 == 0:
                other_goal, other_board_goal, _ = places[(n + 1) % len(places)]
                place(activity=activity, municipal_goal=other_goal, board_goal=other_board_goal)
            if n % 11 == 0:
                for p in range(2):
                    Activity.objects.create(
                        plan=plan, parent=activity, text=f"Del {p} av insats {n}", order=p
                    ).boards.set(boards[:1])
            for round in (published, open_round):
                report(
                    activity=activity,
                    round=round,
                    status=statuses[(n + round.pk) % len(statuses)],
                    comment="Arbetet pågår enligt plan; uppföljning sker i nästa delrapport."
                    if n % 2
                    else "",
                )
        manager = make_member(administration=administration, role=Role.CONTROLLER)
        published.state = FollowUpRound.State.CLOSED
        published.save(update_fields=["state"])
    publish_round(round=published, by=manager)
    return plan


if __name__ == "__main__":
    main()
