"""Search results come a page at a time, on the page (?page=) and in the API (limit/offset),
with the number of matches of each kind, and the queries do not grow with the matches."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from vplan.search.views import PAGE_SIZE
from vplan.testing.factories import make_activity, make_board_goal, make_round, report


def _add(plan, round, count: int) -> None:
    for number in range(count):
        activity = make_activity(plan=plan, text=f"Rusta skolan nummer {number}")
        report(activity=activity, round=round, comment=f"Skolans tak är lagat ({number}).")


@pytest.fixture
def round(plan):
    return make_round(plan=plan, as_of=datetime.date(2024, 8, 31))


def _page(client, **params):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("search:search"), {"q": "skola", **params})
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def _shown(content: str) -> int:
    return content.count('class="search-result"')


def test_the_page_shows_a_page_of_results_and_counts_each_kind(client, plan, round, reader):
    _add(plan, round, 15)
    make_board_goal(plan=plan, title="Trygga skolor")
    client.force_login(reader)

    content, _queries = _page(client)
    assert _shown(content) == PAGE_SIZE
    assert 'aria-current="page"' in content  # the current page and "everything"
    assert "(31)" in content and "(15)" in content and "(1)" in content  # all, two kinds, goal
    last, _queries = _page(client, page=2)
    assert _shown(last) == 31 - PAGE_SIZE

    only_goals, _queries = _page(client, kind="board_goal")
    assert _shown(only_goals) == 1
    assert "(31)" in only_goals  # the other kinds stay counted, to switch to
    assert re.search(r'href="\?q=skola&amp;kind=activity"', only_goals)


def test_the_page_costs_the_same_queries_for_few_and_many_matches(client, plan, round, reader):
    client.force_login(reader)
    _add(plan, round, 3)
    few, few_queries = _page(client)
    _add(plan, round, 30)
    many, many_queries = _page(client, page=2)
    assert (_shown(few), _shown(many)) == (6, PAGE_SIZE)
    assert many_queries == few_queries


def test_the_api_pages_with_limit_and_offset(client, plan, round, reader):
    _add(plan, round, 12)
    client.force_login(reader)
    first = client.get("/api/search", {"q": "skolans", "limit": 10}).json()
    second = client.get("/api/search", {"q": "skolans", "limit": 10, "offset": 10}).json()
    assert (first["count"], len(first["items"]), len(second["items"])) == (24, 10, 10)
    seen = [(i["kind"], i["id"]) for i in first["items"] + second["items"]]
    assert len(set(seen)) == 20  # no row twice across pages

    with CaptureQueriesContext(connection) as few:
        client.get("/api/search", {"q": "skola", "kind": "activity", "limit": 5})
    _add(plan, round, 20)
    with CaptureQueriesContext(connection) as many:
        response = client.get(
            "/api/search", {"q": "skola", "kind": "activity", "limit": 5, "offset": 25}
        )
    assert len(response.json()["items"]) == 5
    assert len(many) == len(few)  # one more per kind on the page, at most five: not per row


def test_limit_and_offset_are_in_the_openapi_document(client):
    parameters = client.get("/api/openapi.json").json()["paths"]["/api/search"]["get"]["parameters"]
    assert {"limit", "offset", "q"} <= {parameter["name"] for parameter in parameters}


def test_a_kind_lists_its_newest_matches_up_to_the_count_limit(
    client, plan, round, reader, monkeypatch
):
    from vplan.search import engines, views

    monkeypatch.setattr(engines, "COUNT_LIMIT", 5)
    monkeypatch.setattr(views, "COUNT_LIMIT", 5)
    activities = [make_activity(plan=plan, text=f"Rusta skolan nummer {n}") for n in range(8)]
    client.force_login(reader)

    content, _queries = _page(client, kind="activity")
    assert _shown(content) == 5
    shown = [int(pk) for pk in re.findall(r'href="/activities/(\d+)/"', content)]
    assert shown == [activity.pk for activity in reversed(activities)][:5]  # newest first
    assert "fler än 5" in content

    response = client.get("/api/search", {"q": "skola", "limit": 3, "offset": 3}).json()
    assert response["count"] == 5
    assert [item["id"] for item in response["items"]] == [
        a.pk for a in activities[4:2:-1]
    ]  # the 4th and 5th newest
