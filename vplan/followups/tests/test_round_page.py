"""The round page: the entry grid for those who may report, statuses for those who read."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from vplan.followups.models import FollowUpRound
from vplan.front.tests.sized_plan import make_sized_plan
from vplan.testing.factories import make_activity, make_plan, make_round, report


def url(round, query=""):
    return reverse("followups:round", args=[round.pk]) + query


@pytest.fixture
def grid(plan, board, other_board, editor):
    mine = make_activity(plan=plan, text="Min aktivitet", boards=[board])
    theirs = make_activity(plan=plan, text="Deras aktivitet", boards=[other_board])
    round = make_round(plan=plan, label="Uppföljning per 31 mars")
    report(activity=theirs, round=round, status="Pågående", comment="På gång.", author=editor)
    return {"mine": mine, "theirs": theirs, "round": round}


def test_editor_gets_a_form_for_the_activities_of_their_board_only(client, editor, grid):
    client.force_login(editor)
    response = client.get(url(grid["round"]))
    assert response.status_code == 200
    rows = {row.activity.text: row for row in response.context["rows"]}
    assert rows["Min aktivitet"].can_edit and rows["Min aktivitet"].form is not None
    assert not rows["Deras aktivitet"].can_edit and rows["Deras aktivitet"].form is None
    html = response.content.decode()
    assert html.count('hx-post="') == 1
    assert f'form="activity-{grid["mine"].pk}-form"' in html
    assert 'name="a{}-expected_version" value="0"'.format(grid["mine"].pk) in html


def test_grid_rows_carry_the_version_the_user_saw(client, controller, grid):
    client.force_login(controller)
    html = client.get(url(grid["round"])).content.decode()
    assert 'name="a{}-expected_version" value="1"'.format(grid["theirs"].pk) in html


def test_grid_shows_who_changed_what_and_when(client, reader, grid):
    client.force_login(reader)
    html = client.get(url(grid["round"])).content.decode()
    assert "Version 1, editor" in html
    assert "Senaste ändringarna" in html


def test_reader_sees_statuses_but_no_form(client, reader, grid):
    client.force_login(reader)
    response = client.get(url(grid["round"]))
    assert response.status_code == 200
    assert "hx-post" not in response.content.decode()
    assert "På gång." in response.content.decode()


def test_controller_gets_a_form_for_every_activity_and_the_round_actions(client, controller, grid):
    client.force_login(controller)
    response = client.get(url(grid["round"]))
    assert all(row.can_edit for row in response.context["rows"])
    html = response.content.decode()
    assert reverse("followups:change_state", args=[grid["round"].pk, "close"]) in html
    assert reverse("followups:missing", args=[grid["round"].pk]) in html


def test_closed_round_has_no_forms(client, controller, grid):
    FollowUpRound.objects.filter(pk=grid["round"].pk).update(state=FollowUpRound.State.CLOSED)
    client.force_login(controller)
    response = client.get(url(grid["round"]))
    assert not any(row.can_edit for row in response.context["rows"])
    assert "hx-post" not in response.content.decode()
    assert "stängd" in response.content.decode()


def test_filters_mine_and_missing(client, editor, grid):
    client.force_login(editor)
    mine = client.get(url(grid["round"], "?mine=on")).context["rows"]
    assert [row.activity.text for row in mine] == ["Min aktivitet"]
    missing = client.get(url(grid["round"], "?missing=on")).context["rows"]
    assert [row.activity.text for row in missing] == ["Min aktivitet"]


def test_editor_does_not_see_other_boards_controls_on_the_manage_section(client, editor, grid):
    client.force_login(editor)
    html = client.get(url(grid["round"])).content.decode()
    assert reverse("followups:missing", args=[grid["round"].pk]) not in html


def test_outsider_may_not_know_an_unpublished_round(client, outsider, grid):
    client.force_login(outsider)
    assert client.get(url(grid["round"])).status_code == 404


def test_signed_out_visitor_may_not_know_an_unpublished_round(client, grid):
    assert client.get(url(grid["round"])).status_code == 404


def test_published_round_is_readable_without_signing_in_and_without_authors(client, grid):
    FollowUpRound.objects.filter(pk=grid["round"].pk).update(state=FollowUpRound.State.PUBLISHED)
    response = client.get(url(grid["round"]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "På gång." in html
    assert "editor" not in html
    assert "hx-post" not in html


def test_query_count_does_not_grow_with_the_plan(
    client, editor, administration, board, other_board
):
    def queries_for(size, year):
        plan = make_plan(administration=administration, year=year, boards=[board, other_board])
        round = make_sized_plan(plan=plan, size=size, author=editor)
        client.force_login(editor)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url(round))
        assert response.status_code == 200
        assert len(response.context["rows"]) == 2 * size
        assert any(row.can_edit for row in response.context["rows"])
        return len(queries)

    assert queries_for(2, 2030) == queries_for(40, 2040)
