"""Closing, publishing and reopening a round from its page (controllers only)."""

import pytest
from django.urls import reverse

from vplan.followups.models import FollowUpRound
from vplan.testing.factories import make_round

State = FollowUpRound.State


@pytest.fixture
def round(plan):
    return make_round(plan=plan)


def post(client, round, action):
    """The move as the confirmation page sends it (closing and publishing are confirmed)."""
    data = {"confirm": "yes"} if action in ("close", "publish") else {}
    return client.post(reverse("followups:change_state", args=[round.pk, action]), data)


def test_controller_closes_publishes_and_reopens(client, controller, round):
    client.force_login(controller)
    for action, state in [
        ("close", State.CLOSED),
        ("publish", State.PUBLISHED),
        ("reopen", State.OPEN),
    ]:
        response = post(client, round, action)
        assert response.status_code == 302
        assert response["Location"] == reverse("followups:round", args=[round.pk])
        round.refresh_from_db()
        assert round.state == state


def test_closed_round_can_be_opened_again(client, controller, round):
    client.force_login(controller)
    post(client, round, "close")
    post(client, round, "open")
    round.refresh_from_db()
    assert round.state == State.OPEN


def test_a_move_the_state_does_not_allow_is_refused_with_a_message(client, controller, round):
    client.force_login(controller)
    response = post(client, round, "publish")
    round.refresh_from_db()
    assert round.state == State.OPEN
    page = client.get(response["Location"])
    assert any(m.level_tag == "error" for m in page.context["messages"])


def test_published_round_is_readable_signed_out(client, controller, round):
    client.force_login(controller)
    post(client, round, "close")
    post(client, round, "publish")
    client.logout()
    assert client.get(reverse("followups:round", args=[round.pk])).status_code == 200


@pytest.mark.parametrize("persona", ["editor", "reader"])
def test_editors_and_readers_may_not_change_the_state(client, request, round, persona):
    client.force_login(request.getfixturevalue(persona))
    assert post(client, round, "close").status_code == 403
    round.refresh_from_db()
    assert round.state == State.OPEN


def test_outsider_may_not_know_the_round(client, outsider, round):
    client.force_login(outsider)
    assert post(client, round, "close").status_code == 404


def test_signed_out_visitor_may_not(client, round):
    response = post(client, round, "close")
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    round.refresh_from_db()
    assert round.state == State.OPEN


def test_unknown_action_is_not_a_url(client, controller, round):
    client.force_login(controller)
    assert client.post(f"/rounds/{round.pk}/destroy/").status_code == 404


def test_get_shows_the_confirmation_page_and_changes_nothing(client, controller, round):
    client.force_login(controller)
    response = client.get(reverse("followups:change_state", args=[round.pk, "close"]))
    assert response.status_code == 200
    round.refresh_from_db()
    assert round.state == State.OPEN
