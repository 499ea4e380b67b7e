"""How long the follow-up report takes, and how much memory, for a round of N activities.

Builds a plan in a fresh temporary SQLite database (migrated from scratch) with the test
factories, or reads the largest plan's newest round of an existing database (`--database`, e.g.
one loaded with `bench/dataset.py --scale large` and `vplan load`: the plan of 3,000 activities of
issue 17). Then times building the report model and rendering each format, each in a subprocess
of its own (best of --repeat runs), and prints wall and CPU seconds, the child's peak RSS
(ru_maxrss) and the size, with the goals of issue 17 beside them (for 3,000 activities: Excel
< 2 s, Word < 3 s, PDF/A < 20 s and < 400 MB). It also times what a second download of an
unchanged round costs: the data fingerprint (vplan.reports.stored). Asserts nothing.

    .venv/bin/python bench/report_speed.py [--activities 3000] [--repeat 1] [--json FILE]
    DATABASE_URL=sqlite:///large.sqlite3 .venv/bin/python bench/report_speed.py --database
"""

import argparse
import json
import os
import pickle
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

FORMATS = ("xlsx", "docx", "pdf", "html", "csv")
GOALS = {"xlsx": (2.0, None), "docx": (3.0, None), "pdf": (20.0, 400)}  # seconds, MB


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--activities", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=1, help="Best of this many runs.")
    parser.add_argument(
        "--database",
        action="store_true",
        help="Use DATABASE_URL as it is: the largest plan's newest round (no data is built).",
    )
    parser.add_argument("--formats", default=",".join(FORMATS))
    parser.add_argument("--json", help="Also write the figures to this file.")
    parser.add_argument("--child", nargs=2, metavar=("FORMAT", "PICKLE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child(*args.child)

    if not args.database:
        folder = tempfile.mkdtemp(prefix="vplan-bench-")
        os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vplan.settings")
    os.environ.setdefault("VPLAN_SECRET_KEY", "bench")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import translation

    translation.activate("sv")
    if args.database:
        round = largest_round()
    else:
        call_command("migrate", verbosity=0)
        started = time.perf_counter()
        round = make_round_with_activities(args.activities)
        print(f"data: {args.activities} activities in {time.perf_counter() - started:.2f} s")

    from vplan.plans.models import Activity
    from vplan.reports.document import build_report
    from vplan.reports.stored import data_fingerprint

    activities = Activity.objects.filter(plan_id=round.plan_id).count()
    with CaptureQueriesContext(connection) as queries:
        report = build_report(round=round)
    rows = sum(
        group.row_count
        for perspective in report.perspectives
        for section in perspective.sections
        for group in section.groups
    )
    print(
        f"round {round.pk} ({round}): {activities} activities, {rows} table rows, "
        f"{len(report.records)} placements, {len(queries)} queries for the model"
    )
    best_model = min(_time(lambda: build_report(round=round)) for _ in range(args.repeat))
    with CaptureQueriesContext(connection) as queries:
        fingerprint = min(
            _time(lambda: data_fingerprint(round=round, format="pdf"))
            for _ in range(max(3, args.repeat))
        )
    print(
        f"a stored file's check (fingerprint): {fingerprint[0] * 1000:.0f} ms, "
        f"{len(queries) // max(3, args.repeat)} queries"
    )
    saved = Path(tempfile.mkdtemp(prefix="vplan-report-")) / "report.pickle"
    saved.write_bytes(pickle.dumps(report))

    print(f"{'step':<8} {'wall s':>8} {'cpu s':>8} {'peak MB':>8} {'size':>11}  goal")
    print(f"{'model':<8} {best_model[0]:>8.2f} {best_model[1]:>8.2f}")
    figures = []
    for name in args.formats.split(","):
        runs = [_child_run(name, saved) for _ in range(args.repeat)]
        best = min(runs, key=lambda run: run["seconds"])
        best["peak_mb"] = max(run["peak_mb"] for run in runs)
        goal_s, goal_mb = GOALS.get(name, (None, None))
        goal = ""
        if goal_s is not None:
            goal = f"< {goal_s:g} s" + (f", < {goal_mb} MB" if goal_mb else "")
            goal += " (at 3,000 activities)"
        print(
            f"{name:<8} {best['seconds']:>8.2f} {best['cpu_seconds']:>8.2f} "
            f"{best['peak_mb']:>8.0f} {best['bytes']:>11,}  {goal}"
        )
        figures.append({"format": name, "activities": activities, **best})
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"cpus: {os.cpu_count()}, load average: {load:.2f} (wall times grow with load)")
    if args.json:
        Path(args.json).write_text(
            json.dumps(
                {
                    "activities": activities,
                    "model_s": round_(best_model[0]),
                    "fingerprint_ms": round_(fingerprint[0] * 1000),
                    "reports": figures,
                    "load_average": load,
                },
                indent=2,
            )
        )


def round_(value: float) -> float:
    return round(value, 3)


def largest_round():
    """The newest round of the plan with the most activities (the open one of the large data
    set's Bildningsförvaltningen 2025)."""
    from django.db.models import Count

    from vplan.followups.models import FollowUpRound
    from vplan.plans.models import Plan

    plan = Plan.objects.annotate(size=Count("activities")).order_by("-size", "pk").first()
    return FollowUpRound.objects.filter(plan=plan).order_by("-as_of", "-pk").first()


def _child_run(format: str, saved: Path) -> dict:
    """Render one format in a process of its own: its wall and CPU time, its peak RSS."""
    command = [sys.executable, __file__, "--child", format, str(saved)]
    process = subprocess.run(command, capture_output=True, text=True, env=os.environ.copy())
    if process.returncode != 0:
        raise SystemExit(process.stderr[-3000:])
    return json.loads(process.stdout.strip().splitlines()[-1])


def child(format: str, saved: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vplan.settings")
    os.environ.setdefault("VPLAN_SECRET_KEY", "bench")
    import django

    django.setup()
    from django.utils import translation

    from vplan.reports.formats import render_report

    translation.activate("sv")
    report = pickle.loads(Path(saved).read_bytes())
    started, started_cpu = time.perf_counter(), time.process_time()
    size = len(render_report(report, format).content)
    seconds, cpu = time.perf_counter() - started, time.process_time() - started_cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        json.dumps(
            {
                "seconds": round(seconds, 3),
                "cpu_seconds": round(cpu, 3),
                "peak_mb": round(peak, 1),
                "bytes": size,
            }
        )
    )


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
