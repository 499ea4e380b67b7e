"""bench/run.py (docs/performance.md) talks to the pages as a person does: the rows it finds on the
entry grid are those the editor may save, and its save (the htmx row POST with the version the
page offered) is the grid's own; its JSON holds every key issue 17 names; and what fails a run
(a page not answering 200, a lost save, an error) does, while a slow figure does not."""

import importlib.util
import sys
from pathlib import Path

import pytest

from vplan.followups.models import StatusReport
from vplan.followups.reporting import current_report
from vplan.testing.factories import make_activity, make_round, report

RUN_PY = Path(__file__).resolve().parents[2] / "bench" / "run.py"


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("bench_run", RUN_PY)
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_run"] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_the_rows_found_on_the_grid_are_the_editors_and_save_as_the_page_does(
    bench, client, plan, board, other_board, editor
):
    round = make_round(plan=plan)
    mine = [make_activity(plan=plan, boards=[board]) for _ in range(3)]
    theirs = make_activity(plan=plan, boards=[other_board])
    report(activity=mine[0], round=round, status="Pågående", comment="first")
    client.force_login(editor)
    page = client.get(f"/rounds/{round.pk}/")
    assert page.status_code == 200

    rows = bench.editable_rows(page.content.decode())

    assert set(rows) == {activity.pk for activity in mine}
    assert theirs.pk not in rows
    assert rows[mine[0].pk] == 1 and rows[mine[1].pk] == 0
    status = bench.offered_status_ids()[0]
    token = bench.CSRF_INPUT.search(page.content.decode())
    assert token is not None
    saved = client.post(
        f"/rounds/{round.pk}/activities/{mine[0].pk}/report/",
        bench.save_fields(activity=mine[0].pk, status=status, comment="bench", version=1),
        HTTP_HX_REQUEST="true",
    )
    assert saved.status_code == 200
    assert current_report(activity=mine[0], round=round).version == 2
    assert bench.editable_rows(saved.content.decode()) == {mine[0].pk: 2}
    stale = client.post(
        f"/rounds/{round.pk}/activities/{mine[0].pk}/report/",
        bench.save_fields(activity=mine[0].pk, status=status, comment="late", version=1),
        HTTP_HX_REQUEST="true",
    )
    assert stale.status_code == 409
    assert bench.editable_rows(stale.content.decode()) == {mine[0].pk: 2}
    assert bench.lost_saves(["bench", "never saved"]) == 1
    assert StatusReport.objects.filter(comment="late").count() == 0


def sample_result(**changes) -> dict:
    page = {
        "name": "plan page",
        "url": "/plans/1/",
        "median_ms": 900.0,
        "floor_ms": 20.0,
        "ratio": 45.0,
        "bytes": 2_500_000,
        "statuses": [200],
        "queries_small": 12,
        "queries_large": 12,
    }
    result = {
        "scale": "small",
        "pages": [page],
        "load": {
            "p95_ms": 4000.0,
            "errors": 0,
            "timeouts": 3,
            "lost": 0,
            "saves": 40,
            "saturation": [{"clients": 1, "errors": 0}],
            "one_activity": {"winners": 1, "conflicts": 49, "rows": 1, "other": []},
        },
        "reports": [{"format": "pdf", "activities": 100, "seconds": 30.0, "peak_mb": 900.0}],
        "search_ms": 1000.0,
        "load_s": 400.0,
    }
    result.update(changes)
    return result


def test_the_json_holds_every_key_of_the_issue(bench):
    assert bench.missing_keys(sample_result()) == []
    incomplete = sample_result()
    del incomplete["pages"][0]["queries_large"]
    del incomplete["load"]["lost"]
    assert bench.missing_keys(incomplete) == ["load.lost", "pages[0].queries_large"]


def test_slow_figures_do_not_fail_a_run_but_errors_and_lost_saves_do(bench):
    assert bench.failures(sample_result()) == []
    broken = sample_result()
    broken["pages"][0]["statuses"] = [200, 500]
    broken["load"]["lost"] = 2
    broken["load"]["errors"] = 1
    broken["load"]["error_kinds"] = ["save: 500"]
    broken["load"]["one_activity"]["winners"] = 2
    problems = bench.failures(broken)
    assert len(problems) == 4
    assert any("plan page" in problem for problem in problems)
    assert any("lost" in problem for problem in problems)
