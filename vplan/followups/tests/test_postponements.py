"""Editors propose postponements (issue 18, point 5): someone who reports on an activity moves its
current end date in the round, with a reason; it shows as postponed, the decided date stays, the
controller sees the move in the round; the same in the API."""

import json

import pytest
from django.test import Client
from django.urls import reverse

from vplan.audit.models import ChangeRecord
from vplan.followups.models import Postponement
from vplan.plans.models import Activity, Plan
from vplan.testing.factories import make_activity, make_round

pytestmark = pytest.mark.django_db


@pytest.fixture
def decided(plan):
    Plan.objects.filter(pk=plan.pk).update(state=Plan.State.DECIDED)
    plan.refresh_from_db()
    return plan


@pytest.fixture
def round(decided):
    return make_round(plan=decided)


@pytest.fixture
def activity(decided, board):
    return make_activity(plan=decided, text="Ny webbplats", boards=[board], decided_end="Juni")


def test_an_editor_moves_the_end_date_from_the_grid_with_a_reason(
    client, editor, controller, round, activity
):
    client.force_login(editor)
    grid = client.get(reverse("followups:round", args=[round.pk])).content.decode()
    url = reverse("followups:postpone", args=[round.pk, activity.pk])
    assert url in grid
    refused = client.post(url, {"new_end": "December", "reason": ""})
    assert refused.status_code == 400
    moved = client.post(url, {"new_end": "December", "reason": "Upphandlingen drog ut"})
    assert moved.status_code == 302
    activity.refresh_from_db()
    assert (str(activity.decided_end), str(activity.current_end)) == ("Juni", "December")
    assert activity.is_postponed
    [move] = Postponement.objects.all()
    assert (move.moved_from, move.moved_to, move.made_by) == ("Juni", "December", editor)
    assert ChangeRecord.objects.filter(changes__has_key="current_end").exists()

    client.force_login(controller)
    listed = client.get(reverse("followups:postponements", args=[round.pk])).content.decode()
    assert "Upphandlingen drog ut" in listed and "Ny webbplats" in listed


def test_an_editor_of_another_board_may_not(client, editor, round, decided, other_board):
    other = make_activity(plan=decided, text="Annan nämnd", boards=[other_board])
    client.force_login(editor)
    url = reverse("followups:postpone", args=[round.pk, other.pk])
    client.post(url, {"new_end": "December", "reason": "x"})
    assert not Postponement.objects.exists()
    assert str(Activity.objects.get(pk=other.pk).current_end) == "December"  # the factory's


def test_a_closed_round_moves_nothing(client, editor, controller, round, activity):
    round.state = "closed"
    round.save()
    client.force_login(editor)
    client.post(
        reverse("followups:postpone", args=[round.pk, activity.pk]),
        {"new_end": "December", "reason": "x"},
    )
    assert not Postponement.objects.exists()


def test_the_api_moves_and_lists(editor, controller, round, activity):
    api = Client()
    api.force_login(editor)
    made = api.post(
        f"/api/rounds/{round.pk}/activities/{activity.pk}/postpone",
        data=json.dumps({"new_end": "Q4", "reason": "Resursbrist"}),
        content_type="application/json",
    )
    assert made.status_code == 201, made.content
    assert made.json()["moved_to"] == "Q4"
    api.force_login(controller)
    listed = api.get(f"/api/rounds/{round.pk}/postponements").json()
    assert [item["reason"] for item in listed["items"]] == ["Resursbrist"]
    empty = api.get(f"/api/rounds/{round.pk}/postponements", {"limit": 1, "offset": 1}).json()
    assert empty == {"items": [], "count": 1}
    api.force_login(editor)
    assert api.get(f"/api/rounds/{round.pk}/postponements").status_code == 403
