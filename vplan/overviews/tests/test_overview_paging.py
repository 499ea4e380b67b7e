"""The overviews' tables show 50 rows a page, the filters kept in the page links, while the charts
and totals count the whole list; the pages and the API read a long list with as many queries as a
short one, and the API pages its lists of activities with limit/offset."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from vplan.plans.models import Activity
from vplan.testing.factories import (
    make_activity,
    make_assignment,
    make_plan,
    make_round,
    report,
)

pytestmark = pytest.mark.django_db


def add_overdue(plan, count, *, start=0):
    """Activities that ended in March of their plan's year (gone by) and are not done."""
    round = plan.rounds.first() or make_round(plan=plan, as_of=datetime.date(plan.year, 12, 31))
    for n in range(start, start + count):
        activity = make_activity(plan=plan, text=f"Försenad {n:03}", decided_end="Mars")
        report(activity=activity, round=round, status="Pågående")


def add_chronic(administration, boards, count, *, start=0):
    """Chains 2023 -> 2024 whose 2023 activity was itself carried over from 2022: carried over
    twice, shown once (by its 2024 activity)."""
    last = administration.plans.filter(year=2023).first() or make_plan(
        administration=administration, year=2023, boards=boards
    )
    this = administration.plans.filter(year=2024).first() or make_plan(
        administration=administration, year=2024, boards=boards
    )
    for n in range(start, start + count):
        old = make_activity(plan=last, text=f"Kedja {n:03} i fjol")
        Activity.objects.filter(pk=old.pk).update(carried_over_from_year=2022)
        make_activity(plan=this, text=f"Kedja {n:03}", carried_over_from=old)


def html_of(client, url, **params) -> str:
    response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode()


def queries(client, url, **params) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url, params).status_code == 200
    return len(context.captured_queries)


@pytest.fixture
def signed_in(client, reader):
    client.force_login(reader)
    return client


def test_the_overdue_table_is_paged_and_the_chart_counts_all(signed_in, plan, board):
    add_overdue(plan, 55)
    url = f"/overviews/{plan.administration_id}/overdue/"
    first = html_of(signed_in, url, board=board.pk)
    assert first.count("Försenad ") == 50
    assert "55 aktiviteter" in first.split("<caption>")[1].split("</caption>")[0]
    assert f'href="?board={board.pk}&amp;page=2"' in first
    second = html_of(signed_in, url, board=board.pk, page=2)
    assert second.count("Försenad ") == 5
    assert "Försenad 054" in second and "Försenad 000" not in second
    assert 'aria-current="page"' in second
    # the chart's bar for the board counts the whole list, not the page
    chart = first.split("<svg")[1].split("</svg>")[0]
    assert 'dominant-baseline="middle">55</text>' in chart


def test_the_chronic_table_is_paged(signed_in, administration, board, other_board):
    add_chronic(administration, [board, other_board], 53)
    url = f"/overviews/{administration.pk}/chronic/"
    first = html_of(signed_in, url)
    assert first.count("Kedja ") == 50
    second = html_of(signed_in, url, page=2)
    assert second.count("Kedja ") == 3
    assert "i fjol" not in first + second  # each chain by its newest activity


def test_the_status_groups_are_paged_and_the_total_counts_all(signed_in, plan):
    round = make_round(plan=plan)
    for n in range(52):
        activity = make_activity(
            plan=plan, text=f"Uppdragsaktivitet {n}", assignment=make_assignment(plan=plan)
        )
        report(activity=activity, round=round, status="Pågående")
    url = f"/overviews/{plan.administration_id}/status/"
    first = html_of(signed_in, url, by="assignment", year=2024)
    body = first.split("<tbody>")[1].split("</tbody>")[0]
    assert body.count("<tr>") == 50
    assert "year=2024&amp;by=assignment&amp;page=2" in first or (
        "by=assignment&amp;year=2024&amp;page=2" in first
    )
    footer = first.split("<tfoot>")[1].split("</tfoot>")[0]
    assert '<td class="numeric">52</td>' in footer
    second = html_of(signed_in, url, by="assignment", year=2024, page=2)
    assert second.split("<tbody>")[1].split("</tbody>")[0].count("<tr>") == 2


@pytest.mark.parametrize(
    "page, params",
    [
        ("overdue", {}),
        ("chronic", {}),
        ("status", {"by": "assignment"}),
        ("status", {"by": "board"}),
        ("done", {}),
    ],
)
def test_a_long_list_costs_as_many_queries_as_a_short_one(
    signed_in, administration, board, other_board, page, params
):
    plan = make_plan(administration=administration, year=2024, boards=[board, other_board])
    add_overdue(plan, 3)
    add_chronic(administration, [board, other_board], 3)
    url = f"/overviews/{administration.pk}/{page}/"
    signed_in.get(url, params)  # warm the caches every request shares (content types)
    small = queries(signed_in, url, **params)
    add_overdue(plan, 60, start=3)
    add_chronic(administration, [board, other_board], 60, start=3)
    assert queries(signed_in, url, **{**params, "page": 2}) == small


# --- the API ---------------------------------------------------------------------------------


def api(client, path, **params):
    return client.get(f"/api{path}", params)


def test_the_api_pages_the_overdue_activities(signed_in, plan):
    add_overdue(plan, 55)
    path = f"/administrations/{plan.administration_id}/overviews/overdue"
    body = api(signed_in, path, limit=20, offset=40).json()
    assert body["count"] == 55 and (body["limit"], body["offset"]) == (20, 40)
    assert len(body["activities"]) == 15
    assert body["activities"][-1]["text"] == "Försenad 054"
    assert sum(board["count"] for board in body["per_board"]) == 55 * 2  # two boards each
    assert len(api(signed_in, path).json()["activities"]) == 55  # default limit 100
    assert api(signed_in, path, limit=501).status_code == 400
    assert api(signed_in, path, offset=-1).status_code == 400
    csv = api(signed_in, path, format="csv", limit=1).content.decode("utf-8-sig")
    assert len(csv.splitlines()) == 1 + 55  # the download holds the whole list


def test_the_api_pages_the_chronic_activities(signed_in, administration, board, other_board):
    add_chronic(administration, [board, other_board], 12)
    path = f"/administrations/{administration.pk}/overviews/chronic"
    body = api(signed_in, path, limit=5, offset=10).json()
    assert body["count"] == 12 and len(body["activities"]) == 2


def test_the_api_documents_limit_and_offset(signed_in):
    spec = signed_in.get("/api/openapi.json").json()
    for name in ("chronic", "overdue"):
        operation = spec["paths"][f"/api/administrations/{{administration_id}}/overviews/{name}"]
        parameters = {p["name"] for p in operation["get"]["parameters"]}
        assert {"limit", "offset"} <= parameters


@pytest.mark.parametrize("name", ["status", "done", "chronic", "overdue"])
def test_the_api_reads_a_long_list_with_as_many_queries(
    signed_in, administration, board, other_board, name
):
    plan = make_plan(administration=administration, year=2024, boards=[board, other_board])
    add_overdue(plan, 3)
    add_chronic(administration, [board, other_board], 3)
    path = f"/api/administrations/{administration.pk}/overviews/{name}"
    signed_in.get(path)
    small = queries(signed_in, path)
    add_overdue(plan, 60, start=3)
    add_chronic(administration, [board, other_board], 60, start=3)
    assert queries(signed_in, path, limit=10, offset=50) == small


def test_the_share_done_of_a_plan_without_rounds_is_none_of_its_activities(signed_in, plan):
    for n in range(3):
        make_activity(plan=plan, text=f"Ouppföljd {n}")
    path = f"/api/administrations/{plan.administration_id}/overviews/done"
    years = signed_in.get(path).json()["years"]
    assert [(y["year"], y["done"], y["total"]) for y in years] == [(2024, 0, 3)]
