"""How fast object plans are split, read, loaded and rendered.

Times `allocate` (shared posts split by a 4-board key), reading the shared object plan (if
../shared is present beside the repository, else a generated plan of the same shape), loading it into a fresh
temporary SQLite database, loading it again (idempotent: nothing changes), and rendering the
report as docx and PDF/A. Prints figures; asserts nothing.

    .venv/bin/python bench/objectplan_speed.py [--posts 100000] [--repeat 3]
"""

import argparse
import os
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

from vplan.imports.scoring import default_shared_dir

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

SEED = default_shared_dir() / "seeds" / "004_d5336372581ad1f2.txt"


def best_of(repeat: int, work) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(repeat):
        started = time.perf_counter()
        result = work()
        best = min(best, time.perf_counter() - started)
    return best, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3, help="Best of this many runs.")
    args = parser.parse_args()

    folder = tempfile.mkdtemp(prefix="vplan-bench-")
    os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vplan.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import translation

    from vplan.imports.read_objectplan import parse_object_plan, parse_object_plan_text
    from vplan.objectplans.allocate import allocate
    from vplan.objectplans.load import load_parsed_object_plan
    from vplan.objectplans.render_docx import render_docx
    from vplan.objectplans.render_pdf import render_pdf
    from vplan.objectplans.report import build_object_plan_report
    from vplan.organisation.models import Administration

    translation.activate("sv")
    call_command("migrate", verbosity=0)

    amounts = [Decimal(n * 7919 % 10**9) / 100 for n in range(args.posts)]
    seconds, _ = best_of(args.repeat, lambda: [allocate(a, [10, 20, 50, 20]) for a in amounts])
    print(
        f"allocate: {args.posts} posts by 10/20/50/20 in {seconds:.3f} s ({args.posts / seconds:,.0f} posts/s)"
    )

    if SEED.is_file():
        source = f"{SEED.name} (shared)"
        seconds, parsed = best_of(args.repeat, lambda: parse_object_plan(SEED))
    else:
        from vplan.imports.tests.test_read_objectplan import SMALL_PLAN

        source = "the test plan"
        seconds, parsed = best_of(args.repeat, lambda: parse_object_plan_text(SMALL_PLAN))
    print(
        f"read {source}: {seconds * 1000:.1f} ms ({len(parsed.budget_lines)} budget lines, {len(parsed.activities)} activities)"
    )

    administration = Administration.objects.create(name="Bench", short_code="BENCH")
    started = time.perf_counter()
    result = load_parsed_object_plan(parsed=parsed, by=None, administration=administration)
    print(f"first load: {time.perf_counter() - started:.3f} s ({result.created} rows created)")
    started = time.perf_counter()
    again = load_parsed_object_plan(parsed=parsed, by=None)
    print(
        f"second load: {time.perf_counter() - started:.3f} s ({again.created} created, {again.changed} changed)"
    )

    plan = result.object_plan
    seconds, report = best_of(args.repeat, lambda: build_object_plan_report(object_plan=plan))
    print(f"report model: {seconds * 1000:.1f} ms")
    seconds, docx = best_of(args.repeat, lambda: render_docx(report))
    print(f"docx: {seconds:.3f} s ({len(docx):,} bytes)")
    seconds, pdf = best_of(args.repeat, lambda: render_pdf(report))
    print(f"pdf/a: {seconds:.3f} s ({len(pdf):,} bytes)")


if __name__ == "__main__":
    main()
