"""Moving an activity up or down in its list under a goal or assignment, as the plan page shows it."""

import pytest
from django.urls import reverse

from vplan.audit.models import ChangeRecord
from vplan.plans.editing import delete_activity, move_placement
from vplan.plans.models import Placement
from vplan.testing.factories import (
    make_activity,
    make_assignment,
    make_board_goal,
    make_municipal_goal,
    place,
)


@pytest.fixture
def goal(plan):
    return make_board_goal(
        plan=plan, municipal_goal=make_municipal_goal(plan=plan), title="Maximalt lärande"
    )


def _placement(activity, **where) -> Placement:
    return activity.placements.get(**where)


def _move(client, placement, direction):
    return client.post(reverse("plans:move", args=["placement", placement.pk, direction]))


def _plan_page_order(client, plan, texts):
    html = client.get(reverse("plans:plan", args=[plan.pk])).content.decode()
    return sorted(texts, key=html.index)


def test_controller_moves_an_activity_up_and_the_plan_page_shows_the_new_order(
    client, controller, plan, goal
):
    first = make_activity(plan=plan, text="Läsfrämjande insatser", board_goal=goal)
    second = make_activity(plan=plan, text="Digital kompetens", board_goal=goal)
    third = make_activity(plan=plan, text="Trygghetsvandringar", board_goal=goal)
    texts = [first.text, second.text, third.text]
    client.force_login(controller)
    assert _plan_page_order(client, plan, texts) == texts

    response = _move(client, _placement(third), "up")

    assert response.status_code == 302
    assert response["Location"] == (
        reverse("plans:edit", args=[plan.pk]) + f"#placement-{_placement(third).pk}"
    )
    assert _plan_page_order(client, plan, texts) == [first.text, third.text, second.text]
    moved = ChangeRecord.objects.filter(object_id=str(third.pk), changes__has_key="order")
    assert moved.get().changed_by == controller


def test_moving_down_and_past_the_ends(client, controller, plan, goal):
    first = make_activity(plan=plan, text="Först", board_goal=goal)
    last = make_activity(plan=plan, text="Sist", board_goal=goal)
    texts = [first.text, last.text]
    client.force_login(controller)
    _move(client, _placement(first), "down")
    assert _plan_page_order(client, plan, texts) == [last.text, first.text]
    _move(client, _placement(first), "down")  # already last: nothing moves
    _move(client, _placement(last), "up")  # already first: nothing moves
    assert _plan_page_order(client, plan, texts) == [last.text, first.text]


def test_an_activity_in_two_places_moves_in_one_and_keeps_its_order_in_the_other(
    controller, plan, goal
):
    assignment = make_assignment(plan=plan, number=3, text="Utreda skolskjutsar")
    both = make_activity(plan=plan, text="På två ställen", board_goal=goal)
    place(activity=both, assignment=assignment)
    other = make_activity(plan=plan, text="Under målet", board_goal=goal)
    alone = make_activity(plan=plan, text="Under uppdraget", assignment=assignment)

    assert move_placement(placement=_placement(other), up=True, by=controller) == 1

    under_goal = Placement.objects.filter(board_goal=goal).order_by("order")
    assert [p.activity for p in under_goal] == [other, both]
    under_assignment = Placement.objects.filter(assignment=assignment, board_goal=None)
    assert [p.activity for p in under_assignment.order_by("order", "activity_id")] == [both, alone]


def test_deleted_activities_do_not_count_as_neighbours(controller, plan, goal):
    first = make_activity(plan=plan, text="Kvar", board_goal=goal)
    gone = make_activity(plan=plan, text="Borttagen", board_goal=goal)
    last = make_activity(plan=plan, text="Också kvar", board_goal=goal)
    delete_activity(activity=gone, by=controller)

    assert move_placement(placement=_placement(last), up=True, by=controller) == 1
    live = Placement.objects.filter(board_goal=goal, activity__deleted_at=None).order_by("order")
    assert [p.activity for p in live] == [last, first]


def test_the_editing_page_lists_each_group_with_move_buttons(client, controller, plan, goal):
    activity = make_activity(plan=plan, text="Läsfrämjande insatser", board_goal=goal)
    client.force_login(controller)
    html = client.get(reverse("plans:edit", args=[plan.pk])).content.decode()
    placement = _placement(activity)
    assert f'id="placement-{placement.pk}"' in html
    assert reverse("plans:move", args=["placement", placement.pk, "up"]) in html
    assert reverse("plans:move", args=["placement", placement.pk, "down"]) in html


@pytest.mark.parametrize("persona", ["editor", "reader"])
def test_editors_and_readers_may_not_reorder(client, request, plan, goal, persona):
    first = make_activity(plan=plan, text="Först", board_goal=goal)
    second = make_activity(plan=plan, text="Sedan", board_goal=goal)
    client.force_login(request.getfixturevalue(persona))
    assert _move(client, _placement(second), "up").status_code == 403
    assert list(Placement.objects.filter(board_goal=goal).values_list("order", flat=True)) == [
        0,
        0,
    ]
    assert not ChangeRecord.objects.filter(object_id__in=[str(first.pk), str(second.pk)]).filter(
        changes__has_key="order"
    )


def test_outsiders_may_not_know_the_plan_and_signed_out_visitors_sign_in_first(
    client, outsider, plan, goal
):
    activity = make_activity(plan=plan, board_goal=goal)
    assert _move(client, _placement(activity), "up")["Location"].startswith(reverse("login"))
    client.force_login(outsider)
    assert _move(client, _placement(activity), "up").status_code == 404


def test_moving_needs_a_post(client, controller, plan, goal):
    activity = make_activity(plan=plan, board_goal=goal)
    client.force_login(controller)
    url = reverse("plans:move", args=["placement", _placement(activity).pk, "up"])
    assert client.get(url).status_code == 405


def test_a_deleted_activity_cannot_be_moved(client, controller, plan, goal):
    gone = make_activity(plan=plan, text="Borttagen", board_goal=goal)
    make_activity(plan=plan, text="Kvar", board_goal=goal)
    delete_activity(activity=gone, by=controller)
    client.force_login(controller)
    response = client.post(
        reverse("plans:move", args=["placement", _placement(gone).pk, "down"]), follow=True
    )
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    assert set(Placement.objects.filter(board_goal=goal).values_list("order", flat=True)) == {0}
