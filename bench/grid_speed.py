"""How fast the entry grid of a large round renders, and how lean one save is.

Builds (once; reused with --db) a plan of N activities in a SQLite file with an open round and a
published round, an editor of one board and a controller, then renders the round page in-process
through the test client (all middleware) and prints, per view: median of --repeat runs, the
process's CPU time (steadier than the wall time on a shared machine; the database's time is
not in it), bytes, queries. Then profiles one htmx save of a row (queries, time). Prints
figures; asserts nothing.

    .venv/bin/python bench/grid_speed.py [--activities 3000] [--repeat 5] [--db grid.sqlite3]

Target (issue 17): the default view of the largest plan < 100 ms in-process and < 300 KB.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--activities", type=int, default=3000)
    parser.add_argument("--repeat", type=int, default=5, help="Median of this many runs.")
    parser.add_argument(
        "--db",
        default="",
        help="SQLite file to build once and reuse; or one (or a database URL) loaded with "
        "`vplan load` of bench/dataset.py --scale large (its largest plan is measured).",
    )
    args = parser.parse_args()

    if "://" in args.db:  # a database already loaded, e.g. postgresql://root@127.0.0.1/h_grid
        os.environ["DATABASE_URL"], fresh = args.db, False
    else:
        if args.db:
            path = Path(args.db)
        else:
            import tempfile

            path = Path(tempfile.mkdtemp(prefix="vplan-bench-")) / "grid.sqlite3"
        fresh = not path.exists()
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vplan.settings")
    os.environ.setdefault("VPLAN_DEBUG", "true")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.ALLOWED_HOSTS = ["*"]
    if fresh:
        call_command("migrate", verbosity=0)
        started = time.perf_counter()
        build(args.activities)
        print(f"data: {args.activities} activities in {time.perf_counter() - started:.1f} s")
    measure(args.repeat)


def build(count: int) -> None:
    from django.contrib.auth import get_user_model
    from report_speed import make_round_with_activities

    from vplan.followups.models import FollowUpRound, StatusReport
    from vplan.reports.publication import publish_round
    from vplan.testing.factories import make_round

    open_round = make_round_with_activities(count)
    plan = open_round.plan
    ensure_users(plan)
    controller = get_user_model().objects.get(username="controller")
    published = make_round(
        plan=plan, as_of=open_round.as_of.replace(month=6, day=30), label="Publicerad"
    )
    StatusReport.objects.bulk_create(
        StatusReport(
            activity_id=r.activity_id,
            round=published,
            version=1,
            status_id=r.status_id,
            comment=r.comment,
            created_at=r.created_at,
        )
        for r in StatusReport.objects.filter(round=open_round)
    )
    FollowUpRound.objects.filter(pk=published.pk).update(state=FollowUpRound.State.CLOSED)
    published.refresh_from_db()
    publish_round(round=published, by=controller)


def ensure_users(plan) -> None:
    """The editor (of the plan's last board), controller and reader the views are read by."""
    from django.contrib.auth import get_user_model

    from vplan.organisation.models import Role
    from vplan.testing.factories import make_member

    if get_user_model().objects.filter(username="editor").exists():
        return
    administration = plan.administration
    board = plan.boards.order_by("code").last()
    make_member(administration=administration, role=Role.EDITOR, board=board, username="editor")
    make_member(administration=administration, role=Role.CONTROLLER, username="controller")
    make_member(administration=administration, role=Role.READER, username="reader")


def measure(repeat: int) -> None:
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.db.models import Count
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from vplan.followups.models import FollowUpRound, Status, StatusReport

    open_round = (
        FollowUpRound.objects.open()
        .annotate(size=Count("plan__activities"))
        .order_by("-size", "pk")
        .first()
    )
    published = (
        FollowUpRound.objects.published().filter(plan=open_round.plan).order_by("-as_of").first()
    )
    ensure_users(open_round.plan)
    users = {u.username: u for u in get_user_model().objects.all()}
    size = open_round.plan.activities.count()
    print(f"plan {open_round.plan}: {size} activities; open round {open_round.label}")
    board = open_round.plan.boards.order_by("code").first()
    views = [
        ("open, editor, default", "editor", open_round, ""),
        ("open, controller, default", "controller", open_round, ""),
        ("open, reader, default", "reader", open_round, ""),
        ("open, controller, all boards", "controller", open_round, "?board="),
        ("open, controller, all, page 30", "controller", open_round, "?board=&page=30"),
        ("open, editor, missing", "editor", open_round, "?mine=on&missing=on"),
        (f"open, reader, board {board.code}", "reader", open_round, f"?board={board.pk}"),
        ("open, reader, text", "reader", open_round, "?board=&q=insats+nummer+12"),
        ("published, public, default", None, published, ""),
        ("published, public, all boards", None, published, "?board="),
        ("published, reader, default", "reader", published, ""),
        ("API entries, editor", "editor", open_round, "entries"),
        ("API entries, controller, offset 2000", "controller", open_round, "entries?offset=2000"),
    ]
    print(f"{'view':<34} {'median ms':>10} {'cpu ms':>7} {'bytes':>10} {'queries':>8}")
    for name, username, round, query in views:
        client = Client()
        if username:
            client.force_login(users[username])
        url = reverse("followups:round", args=[round.pk]) + query
        if query.startswith("entries"):  # GET /api/rounds/{id}/entries: the grid's rows
            url = f"/api/rounds/{round.pk}/{query}"
        response = client.get(url)  # warm: templates, translations
        assert response.status_code == 200, (url, response.status_code)
        times, cpu = [], []
        for _ in range(repeat):
            with CaptureQueriesContext(connection) as queries:
                started, cpu_started = time.perf_counter(), time.process_time()
                response = client.get(url)
                times.append((time.perf_counter() - started) * 1000)
                cpu.append((time.process_time() - cpu_started) * 1000)
        print(
            f"{name:<34} {statistics.median(times):>10.1f} {statistics.median(cpu):>7.1f} "
            f"{len(response.content):>10,} {len(queries):>8}"
        )

    # One save with htmx, as the grid sends it (editor, an activity of their board).
    client = Client()
    editor = users["editor"]
    client.force_login(editor)
    activity = open_round.plan.activities.filter(boards__memberships__user=editor).first()
    status = Status.objects.active().first()
    times, counts = [], []
    for _ in range(repeat):
        latest = StatusReport.objects.filter(activity=activity, round=open_round)
        version = max((r.version for r in latest), default=0)
        data = {
            f"a{activity.pk}-status": str(status.pk),
            f"a{activity.pk}-comment": "Mätning",
            f"a{activity.pk}-expected_version": str(version),
        }
        url = reverse("followups:report", args=[open_round.pk, activity.pk])
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.post(url, data, HTTP_HX_REQUEST="true")
            times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
        counts.append(len(queries))
    print(
        f"{'save one row (htmx)':<34} {statistics.median(times):>10.1f} "
        f"{len(response.content):>10,} {counts[-1]:>8}"
    )
    load = os.getloadavg()[0]
    print(f"cpus: {os.cpu_count()}, load average: {load:.2f} (wall times grow with load)")


if __name__ == "__main__":
    main()
