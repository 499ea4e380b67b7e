"""How long the follow-up report takes for a round of 300 activities.

Builds a plan in a fresh temporary SQLite database (migrated from scratch), then times building the
report model and rendering it as docx, pdf, xlsx (and html, csv). Targets on a 2-core machine:
docx and xlsx under 1 s, pdf under 3 s. Prints figures; asserts nothing.

    .venv/bin/python bench/report_speed.py [--activities 300] [--repeat 3]
"""

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--activities", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=3, help="Best of this many runs.")
    args = parser.parse_args()

    folder = tempfile.mkdtemp(prefix="vplan-bench-")
    os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vplan.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import translation

    translation.activate("sv")
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    round = make_round_with_activities(args.activities)
    print(f"data: {args.activities} activities in {time.perf_counter() - started:.2f} s")

    from vplan.reports.document import build_report
    from vplan.reports.formats import render_report

    with CaptureQueriesContext(connection) as queries:
        report = build_report(round=round)
    rows = sum(
        group.row_count
        for perspective in report.perspectives
        for section in perspective.sections
        for group in section.groups
    )
    print(f"model: {rows} table rows, {len(report.records)} placements, {len(queries)} queries")
    print(f"{'step':<8} {'best s':>8} {'cpu s':>8} {'size':>10}")
    best_model = min(_time(lambda: build_report(round=round)) for _ in range(args.repeat))
    print(f"{'model':<8} {best_model[0]:>8.3f} {best_model[1]:>8.3f}")
    for name in ("docx", "pdf", "xlsx", "html", "csv"):
        runs = []
        for _ in range(args.repeat):
            started_at, started_cpu = time.perf_counter(), time.process_time()
            size = len(render_report(report, name).content)
            runs.append((time.perf_counter() - started_at, time.process_time() - started_cpu))
        wall, cpu = min(runs)
        print(f"{name:<8} {wall:>8.3f} {cpu:>8.3f} {size:>10,}")
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"cpus: {os.cpu_count()}, load average: {load:.2f} (wall times grow with load)")


def _time(function) -> tuple[float, float]:
    """(wall seconds, this process's CPU seconds)."""
    start, start_cpu = time.perf_counter(), time.process_time()
    function()
    return time.perf_counter() - start, time.process_time() - start_cpu


def make_round_with_activities(count: int):
    """Five perspectives, two municipal goals each, three board goals each, an assignment per
    municipal goal; every tenth activity postponed, every seventh carried over, every
    thirteenth also placed a second time; statuses cycling through the vocabulary."""
    import datetime

    from vplan.plans.models import Assignment, Perspective
    from vplan.testing.factories import (
        make_activity,
        make_administration,
        make_assignment,
        make_board,
        make_board_goal,
        make_municipal_goal,
        make_plan,
        make_round,
        place,
        report,
    )

    administration = make_administration(name="Utbildningsförvaltningen", short_code="UTB")
    boards = [
        make_board(code="BiN", name="Bildningsnämnden", administration=administration),
        make_board(code="BoU", name="Barn- och ungdomsnämnden", administration=administration),
    ]
    plan = make_plan(administration=administration, year=2024, boards=boards)
    plan.decided_on = datetime.date(2023, 10, 12)
    plan.save(update_fields=["decided_on"])
    round = make_round(plan=plan, as_of=datetime.date(2024, 8, 31), label="Delårsrapport")
    statuses = ["Genomfört", "Pågående", "Pågående", "Kvarstår", "Ej genomfört"]
    places = []
    for perspective in Perspective.objects.all():
        for g in range(2):
            goal = make_municipal_goal(
                plan=plan, perspective_name=perspective.name, title=f"{perspective.name}: mål {g}"
            )
            assignment = make_assignment(
                plan=plan,
                text=f"Samtliga nämnder ska arbeta med uppdrag {perspective.order}.{g}.",
                scope=Assignment.Scope.COMMON if g == 0 else Assignment.Scope.BOARD_SPECIFIC,
            )
            for b in range(3):
                board_goal = make_board_goal(
                    plan=plan,
                    municipal_goal=goal,
                    title=f"Nämndmål {perspective.order}.{g}.{b}",
                    description="Alla barn och elever utmanas utifrån sina förutsättningar.",
                )
                places.append((goal, board_goal, assignment if b == 2 else None))
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
        report(
            activity=activity,
            round=round,
            status=statuses[n % len(statuses)],
            comment="Arbetet pågår enligt plan; uppföljning sker i nästa delrapport."
            if n % 2
            else "",
        )
    return round


if __name__ == "__main__":
    main()
