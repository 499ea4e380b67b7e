"""Creating, editing, placing, deleting and restoring activities from the pages."""

import pytest
from django.urls import reverse

from vplan.audit.models import ChangeRecord
from vplan.plans.models import Activity, Placement
from vplan.testing.factories import (
    make_activity,
    make_assignment,
    make_board_goal,
    make_municipal_goal,
)


@pytest.fixture
def goal(plan):
    return make_board_goal(
        plan=plan, municipal_goal=make_municipal_goal(plan=plan), title="Maximalt lärande"
    )


def test_controller_creates_an_activity_under_a_board_goal(client, controller, plan, board, goal):
    client.force_login(controller)
    response = client.post(
        reverse("plans:activity_new", args=[plan.pk]),
        {
            "activity-text": "Införa läsfrämjande insatser",
            "activity-boards": [board.pk],
            "activity-end": "December",
            "place-board_goal": goal.pk,
        },
    )
    activity = Activity.objects.get(text="Införa läsfrämjande insatser")
    assert response.status_code == 302
    assert response["Location"] == reverse("plans:activity", args=[activity.pk])
    assert str(activity.decided_end) == "December"
    assert activity.placements.get().board_goal == goal
    assert activity.created_by == controller


def test_an_activity_needs_a_place_and_a_board(client, controller, plan):
    client.force_login(controller)
    response = client.post(
        reverse("plans:activity_new", args=[plan.pk]), {"activity-text": "Ingenstans"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["boards"]
    assert not Activity.objects.exists()
    response = client.post(
        reverse("plans:activity_new", args=[plan.pk]),
        {"activity-text": "Ingenstans", "activity-boards": [plan.boards.first().pk]},
    )
    assert response.context["form"].non_field_errors()  # place it under a goal or assignment
    assert not Activity.objects.exists()


def test_changing_the_end_date_of_a_decided_plan_records_a_postponement(
    client, controller, plan, goal
):
    activity = make_activity(
        plan=plan, text="Bygga förskola", board_goal=goal, decided_end="Oktober"
    )
    client.force_login(controller)
    response = client.post(
        reverse("plans:activity_edit", args=[activity.pk]),
        {
            "text": "Bygga förskola",
            "boards": [b.pk for b in activity.boards.all()],
            "end": "December",
        },
    )
    assert response.status_code == 302
    activity.refresh_from_db()
    assert (str(activity.decided_end), str(activity.current_end)) == ("Oktober", "December")
    assert activity.is_postponed
    change = ChangeRecord.objects.filter(
        object_id=str(activity.pk), changes__has_key="current_end"
    ).get()
    assert change.changed_by == controller


def test_editing_without_changing_the_end_date_records_no_postponement(
    client, controller, plan, goal
):
    activity = make_activity(plan=plan, text="Gammal text", board_goal=goal, decided_end="Q4")
    client.force_login(controller)
    client.post(
        reverse("plans:activity_edit", args=[activity.pk]),
        {"text": "Ny text", "boards": [b.pk for b in activity.boards.all()], "end": "Q4"},
    )
    activity.refresh_from_db()
    assert activity.text == "Ny text" and not activity.is_postponed


def test_controller_places_an_activity_under_a_second_goal_and_removes_it(
    client, controller, plan, goal
):
    activity = make_activity(plan=plan, board_goal=goal)
    assignment = make_assignment(plan=plan, number=12)
    client.force_login(controller)
    client.post(
        reverse("plans:add_place", args=[activity.pk]),
        {
            "place-assignment": assignment.pk,
            "place-perspective": goal.municipal_goal.perspective_id,
        },
    )
    assert activity.placements.count() == 2
    second = Placement.objects.get(activity=activity, assignment=assignment)
    client.post(reverse("plans:remove_place", args=[second.pk]))
    assert activity.placements.count() == 1
    only = activity.placements.get()
    response = client.post(reverse("plans:remove_place", args=[only.pk]), follow=True)
    assert activity.placements.count() == 1  # the last place stays
    assert any(m.level_tag == "error" for m in response.context["messages"])


def test_controller_deletes_and_restores_an_activity(client, controller, plan, goal):
    activity = make_activity(plan=plan, text="Tas bort och tillbaka", board_goal=goal)
    client.force_login(controller)
    client.post(reverse("plans:activity_delete", args=[activity.pk]))
    assert not Activity.objects.filter(pk=activity.pk).exists()
    assert Activity.all_objects.get(pk=activity.pk).is_deleted
    assert client.get(reverse("plans:activity", args=[activity.pk])).status_code == 404
    client.post(reverse("plans:activity_restore", args=[activity.pk]))
    assert Activity.objects.filter(pk=activity.pk).exists()


def test_controller_moves_an_activity_up(client, controller, plan, goal):
    first = make_activity(plan=plan, text="Första", board_goal=goal)
    second = make_activity(plan=plan, text="Andra", board_goal=goal)
    Activity.objects.filter(pk=first.pk).update(order=0)
    Activity.objects.filter(pk=second.pk).update(order=1)
    client.force_login(controller)
    response = client.post(reverse("plans:move", args=["activity", second.pk, "up"]))
    assert response["Location"].endswith(f"#activity-{second.pk}")
    order = list(
        Activity.objects.filter(plan=plan).order_by("order").values_list("text", flat=True)
    )
    assert order == ["Andra", "Första"]


@pytest.mark.parametrize("persona", ["editor", "reader"])
def test_editors_and_readers_may_not_change_activities(client, request, plan, goal, persona):
    activity = make_activity(plan=plan, text="Orörd", board_goal=goal)
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("plans:activity_new", args=[plan.pk])).status_code == 403
    assert client.get(reverse("plans:activity_edit", args=[activity.pk])).status_code == 403
    assert client.post(reverse("plans:activity_delete", args=[activity.pk])).status_code == 403
    assert (
        client.post(reverse("plans:move", args=["activity", activity.pk, "up"])).status_code == 403
    )
    assert Activity.objects.filter(pk=activity.pk, text="Orörd").exists()


def test_outsider_may_not_know_the_activity_and_a_signed_out_visitor_signs_in_first(
    client, outsider, plan, goal
):
    activity = make_activity(plan=plan, board_goal=goal)
    response = client.post(reverse("plans:activity_delete", args=[activity.pk]))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    client.force_login(outsider)
    assert client.get(reverse("plans:activity_edit", args=[activity.pk])).status_code == 404
    assert Activity.objects.filter(pk=activity.pk).exists()
