"""GET /api/rounds/{id}/report pages the report's table rows with limit/offset: the front
matter comes whole, the rows `limit` at a time under what they stand under, `row_count` and
`next` say how many there are and where the rest are; the query count does not grow with the
plan; a published round's pages stay as published."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from vplan.followups import round_lifecycle
from vplan.plans.models import Activity
from vplan.reports.publication import publish_round
from vplan.testing.factories import make_activity, report

pytestmark = pytest.mark.django_db


def rows_of(body) -> list[tuple]:
    """Each table row of the page: ('a', activity id) or ('s', assignment id)."""
    rows = []
    for perspective in body["perspectives"]:
        for section in perspective["sections"]:
            for group in section["groups"]:
                rows += [("a", line["activity_id"]) for line in group["activities"]]
                for block in group["assignments"]:
                    rows.append(("s", block["assignment_id"]))
                    rows += [("a", line["activity_id"]) for line in block["activities"]]
    return rows


def every_page(api, path, limit):
    """The rows of every page, following `next`; and the first body."""
    first = body = api.get(path, limit=limit).json()
    rows = rows_of(body)
    while body["next"]:
        body = api.client.get(body["next"]).json()
        rows += rows_of(body)
    return first, rows


def test_page_size_is_honoured_and_the_pages_add_up_to_the_whole(api_as, filled_plan):
    plan = filled_plan["plan"]
    for number in range(12):
        make_activity(plan=plan, text=f"Extra {number}", municipal_goal=filled_plan["goal"])
    api = api_as("reader")
    path = f"/rounds/{filled_plan['round'].pk}/report"
    whole = api.get(path, limit=500).json()
    assert whole["next"] is None
    assert len(rows_of(whole)) == whole["row_count"] > 10
    first, rows = every_page(api, path, 4)
    assert len(rows_of(first)) == 4
    assert (first["limit"], first["offset"], first["row_count"]) == (4, 0, whole["row_count"])
    assert "offset=4" in first["next"] and "limit=4" in first["next"]
    # Every page has the whole front matter; together the pages are the whole report's rows.
    assert first["summary"] == whole["summary"]
    assert first["introduction"] == whole["introduction"]
    assert rows == rows_of(whole)


def test_limit_is_bounded(api_as, filled_plan):
    api = api_as("reader")
    path = f"/rounds/{filled_plan['round'].pk}/report"
    assert api.get(path, limit=0).status_code in (400, 422)
    assert api.get(path, limit=100000).status_code in (400, 422)
    assert api.get(path, offset=-1).status_code in (400, 422)


def test_queries_do_not_grow_with_the_plan(api_as, filled_plan):
    api = api_as("reader")
    path = f"/rounds/{filled_plan['round'].pk}/report"

    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            assert api.get(path, limit=5).status_code == 200
        return len(queries)

    small = count_queries()
    for _number in range(40):
        activity = make_activity(plan=filled_plan["plan"], municipal_goal=filled_plan["goal"])
        report(activity=activity, round=filled_plan["round"], status="Pågående")
    assert count_queries() == small


def test_a_published_round_pages_stay_as_published(api_as, filled_plan, controller):
    round = filled_plan["round"]
    report(activity=filled_plan["bin"], round=round, status="Genomfört")
    round_lifecycle.close_round(round=round, by=controller)
    publish_round(round=round, by=controller)
    api = api_as("anonymous")
    path = f"/rounds/{round.pk}/report"
    before = [api.get(path, limit=2, offset=offset).json() for offset in (0, 2, 4)]
    Activity.objects.filter(pk=filled_plan["bin"].pk).update(text="Ändrad efter publicering")
    make_activity(plan=filled_plan["plan"], text="Ny efter", municipal_goal=filled_plan["goal"])
    after = [api.get(path, limit=2, offset=offset).json() for offset in (0, 2, 4)]
    assert after == before
    texts = [
        line["text"]
        for body in after
        for perspective in body["perspectives"]
        for section in perspective["sections"]
        for group in section["groups"]
        for line in group["activities"]
    ]
    assert "BiN-aktivitet" in texts and "Ändrad efter publicering" not in texts
