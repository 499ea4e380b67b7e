"""'Who has not reported' pages its rows (50 a page, board by board) and links each board with
its count; the page and the API read the same rows; the query count does not grow."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from vplan.testing.factories import make_activity, make_round, report

pytestmark = pytest.mark.django_db


def url(round, **query):
    address = reverse("followups:missing", args=[round.pk])
    if query:
        address += "?" + "&".join(f"{key}={value}" for key, value in query.items())
    return address


def fill(plan, boards, count, *, start=0):
    return [
        make_activity(plan=plan, boards=boards, text=f"Aktivitet {start + number:03d}")
        for number in range(count)
    ]


def test_page_size_is_honoured_and_the_next_page_has_the_rest(
    client, controller, plan, board, other_board
):
    round = make_round(plan=plan)
    fill(plan, [board], 60)
    fill(plan, [other_board], 5, start=100)
    client.force_login(controller)
    first = client.get(url(round))
    rows = [a for group in first.context["groups"] for a in group["rows"]]
    assert len(rows) == 50
    assert first.context["page"].count == 65
    assert first.context["total"] == 65
    html = first.content.decode()
    assert 'aria-current="page"' in html
    assert "?page=2" in html
    second = client.get(url(round, page=2))
    rest = [a for group in second.context["groups"] for a in group["rows"]]
    assert len(rest) == 15
    assert not {a.pk for a in rows} & {a.pk for a in rest}


def test_one_board_at_a_time_with_every_board_counted(client, controller, plan, board, other_board):
    round = make_round(plan=plan)
    fill(plan, [board], 3)
    shared = make_activity(plan=plan, boards=[board, other_board], text="Gemensam")
    done = make_activity(plan=plan, boards=[other_board], text="Klar")
    report(activity=done, round=round)
    client.force_login(controller)
    response = client.get(url(round, board=other_board.pk))
    groups = response.context["groups"]
    assert [(g["board"], [a.pk for a in g["rows"]]) for g in groups] == [(other_board, [shared.pk])]
    counts = {row.board: row.count for row in response.context["boards"]}
    assert counts == {board: 4, other_board: 1}
    assert response.context["total"] == 4
    html = response.content.decode()
    assert f'href="?board={board.pk}"' in html
    assert f'href="?board={other_board.pk}" aria-current="page"' in html


def test_the_board_filter_is_kept_in_the_page_links(client, controller, plan, board):
    round = make_round(plan=plan)
    fill(plan, [board], 55)
    client.force_login(controller)
    html = client.get(url(round, board=board.pk)).content.decode()
    assert f"?board={board.pk}&amp;page=2" in html


def test_the_page_and_the_api_list_the_same_rows(client, controller, plan, board):
    round = make_round(plan=plan)
    fill(plan, [board], 7)
    client.force_login(controller)
    page = client.get(url(round))
    page_ids = [a.pk for group in page.context["groups"] for a in group["rows"]]
    body = client.get(f"/api/rounds/{round.pk}/missing").json()
    assert [row["activity"]["id"] for row in body["items"]] == page_ids


def test_queries_do_not_grow_with_the_plan(client, controller, plan, board, other_board):
    round = make_round(plan=plan)
    fill(plan, [board, other_board], 10)
    client.force_login(controller)

    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url(round)).status_code == 200
        return len(queries)

    small = count_queries()
    fill(plan, [board, other_board], 190, start=10)
    assert count_queries() == small


def test_a_missing_activity_links_to_the_grid_page_that_holds_it(client, controller, plan, board):
    """The grid pages too: the link names the activity, and the grid opens on its page."""
    round = make_round(plan=plan)
    activities = fill(plan, [board], 60)
    late = activities[55]
    client.force_login(controller)
    missing = client.get(url(round, page=2)).content.decode()
    link = f"?board={board.pk}&amp;activity={late.pk}#activity-{late.pk}"
    assert link in missing
    grid_url = reverse("followups:round", args=[round.pk])
    grid = client.get(f"{grid_url}?board={board.pk}&activity={late.pk}")
    assert grid.context["page"].number == 2
    assert f'id="activity-{late.pk}"' in grid.content.decode()
    explicit = client.get(f"{grid_url}?board={board.pk}&activity={late.pk}&page=1")
    assert explicit.context["page"].number == 1  # a page asked for wins
    unknown = client.get(f"{grid_url}?board={board.pk}&activity=nej")
    assert unknown.context["page"].number == 1
