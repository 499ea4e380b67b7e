"""GET /api/rounds/{id}/entries: the round page's rows and filters, paged by limit/offset."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from vplan.followups import round_lifecycle
from vplan.followups.models import FollowUpRound
from vplan.front.tests.sized_plan import make_sized_plan
from vplan.reports.publication import publish_round
from vplan.testing.factories import make_plan, report

pytestmark = pytest.mark.django_db


def test_entries_are_paged_by_limit_and_offset_in_reading_order(
    api_as, controller, administration, board, other_board
):
    plan = make_plan(administration=administration, year=2035, boards=[board, other_board])
    round = make_sized_plan(plan=plan, size=30, author=controller)  # 60 rows
    api = api_as("controller")
    first = api.get(f"/rounds/{round.pk}/entries", limit=25).json()
    assert (len(first["items"]), first["count"]) == (25, 60)
    assert [e["text"] for e in first["items"][:2]] == ["Aktivitet nummer 0", "Del av 0"]
    rest = api.get(f"/rounds/{round.pk}/entries", limit=25, offset=50).json()
    assert (len(rest["items"]), rest["count"]) == (10, 60)
    seen = [
        e["activity_id"]
        for offset in (0, 25, 50)
        for e in api.get(f"/rounds/{round.pk}/entries", limit=25, offset=offset).json()["items"]
    ]
    assert len(seen) == len(set(seen)) == 60
    assert api.get(f"/rounds/{round.pk}/entries", limit=100_000).status_code == 400


def test_entries_filter_as_the_page_does(api_as, filled_plan, board, editor):
    data, api = filled_plan, api_as("editor")
    report(activity=data["bin"], round=data["round"])
    url = f"/rounds/{data['round'].pk}/entries"

    def texts(**filters):
        body = api.get(url, **filters).json()
        assert body["count"] == len(body["items"])
        return [e["text"] for e in body["items"]]

    assert set(texts(board=board.pk)) == {"Gemensam aktivitet", "BiN-aktivitet"}
    assert texts(board_goal=data["board_goal"].pk) == ["Gemensam aktivitet"]
    assert set(texts(municipal_goal=data["goal"].pk)) == {
        "Gemensam aktivitet",
        "BiN-aktivitet",
        "BoU-aktivitet",
    }
    assert texts(mine="true", missing="true") == ["Gemensam aktivitet"]
    assert texts(q="bou AKTIVITET") == ["BoU-aktivitet"]


def test_published_entries_are_paged_and_filtered_as_published(
    api_as, controller, administration, board, other_board
):
    plan = make_plan(administration=administration, year=2037, boards=[board, other_board])
    round = make_sized_plan(plan=plan, size=30, author=controller)
    FollowUpRound.objects.filter(pk=round.pk).update(state=FollowUpRound.State.CLOSED)
    round.refresh_from_db()
    early = round_lifecycle.Override(chosen=True, reason="A plan of a later year, in a test")
    publish_round(round=round, by=controller, before_as_of=early)
    plan.activities.filter(text="Aktivitet nummer 0").update(text="Ändrad efter publiceringen")
    api = api_as("anonymous")
    body = api.get(f"/rounds/{round.pk}/entries", limit=10).json()
    assert (len(body["items"]), body["count"]) == (10, 60)
    assert body["items"][0]["text"] == "Aktivitet nummer 0"
    assert api.get(f"/rounds/{round.pk}/entries", board=board.pk).json()["count"] == 30
    assert api.get(f"/rounds/{round.pk}/entries", q="del av").json()["count"] == 30
    assert api.get(f"/rounds/{round.pk}/entries", mine="true").json()["count"] == 0


def test_entries_query_count_does_not_grow_with_the_plan(
    api_as, editor, administration, board, other_board
):
    def queries_for(size, year):
        plan = make_plan(administration=administration, year=year, boards=[board, other_board])
        round = make_sized_plan(plan=plan, size=size, author=editor)
        api = api_as("editor")
        counts = []
        for filters in ({}, {"mine": "true", "missing": "true", "q": "nummer"}, {"offset": 5}):
            with CaptureQueriesContext(connection) as queries:
                response = api.get(f"/rounds/{round.pk}/entries", limit=10, **filters)
            assert response.status_code == 200
            counts.append(len(queries))
        return counts

    assert queries_for(10, 2030) == queries_for(200, 2040)


def test_entries_are_described_with_their_filters_and_paging_in_openapi(client):
    document = client.get("/api/openapi.json").json()
    operation = document["paths"]["/api/rounds/{round_id}/entries"]["get"]
    names = {parameter["name"] for parameter in operation["parameters"]}
    assert {"board", "municipal_goal", "board_goal", "mine", "missing", "q"} <= names
    assert {"limit", "offset"} <= names
    answer = operation["responses"]["200"]["content"]["application/json"]["schema"]
    page = document["components"]["schemas"][answer["$ref"].rsplit("/", 1)[-1]]
    assert set(page["properties"]) == {"items", "count"}


def test_a_text_filter_longer_than_200_characters_is_refused(api_as, filled_plan):
    response = api_as("editor").get(f"/rounds/{filled_plan['round'].pk}/entries", q="ord " * 60)
    assert response.status_code in (400, 422)
    assert "q" in response.content.decode()
