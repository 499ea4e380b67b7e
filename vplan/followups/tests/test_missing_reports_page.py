"""'Who has not reported': per board, the activities without a status, for controllers."""

import pytest
from django.urls import reverse

from vplan.testing.factories import make_activity, make_round, report


@pytest.fixture
def round(plan, board, other_board):
    round = make_round(plan=plan)
    make_activity(plan=plan, text="Saknar status hos BiN", boards=[board])
    done = make_activity(plan=plan, text="Rapporterad hos BoU", boards=[other_board])
    report(activity=done, round=round, status="Genomfört")
    return round


def url(round):
    return reverse("followups:missing", args=[round.pk])


def test_controller_sees_the_missing_activities_per_board(
    client, controller, round, board, other_board
):
    client.force_login(controller)
    response = client.get(url(round))
    assert response.status_code == 200
    groups = {
        group["board"]: [a.text for a in group["rows"]] for group in response.context["groups"]
    }
    assert groups == {board: ["Saknar status hos BiN"]}
    counts = {row.board: row.count for row in response.context["boards"]}
    assert counts == {board: 1, other_board: 0}
    html = response.content.decode()
    assert "Saknar status hos BiN" in html
    assert "Rapporterad hos BoU" not in html
    assert "Alla nämndens aktiviteter har status." in html


def test_admin_sees_it_too(client, admin_user, round):
    client.force_login(admin_user)
    assert client.get(url(round)).status_code == 200


@pytest.mark.parametrize("persona", ["editor", "reader"])
def test_editors_and_readers_may_not(client, request, round, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(url(round)).status_code == 403


def test_outsider_may_not_know_the_round(client, outsider, round):
    client.force_login(outsider)
    assert client.get(url(round)).status_code == 404


def test_signed_out_visitor_signs_in_first(client, round):
    assert client.get(url(round))["Location"] == f"{reverse('login')}?next={url(round)}"
