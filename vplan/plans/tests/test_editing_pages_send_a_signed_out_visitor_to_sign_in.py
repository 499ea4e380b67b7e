"""Plan editing needs a signed-in controller: a signed-out visitor is sent to the sign-in page
(and back afterwards), not refused with 403."""

import pytest
from django.urls import reverse

from vplan.testing.factories import (
    make_activity,
    make_assignment,
    make_board_goal,
    make_municipal_goal,
)

EDITING_PAGES = [
    ("plans:edit", "plan"),
    ("plans:change_state", "decide"),
    ("plans:municipal_goal_new", "plan"),
    ("plans:municipal_goal_edit", "municipal_goal"),
    ("plans:board_goal_new", "plan"),
    ("plans:board_goal_edit", "board_goal"),
    ("plans:assignment_new", "plan"),
    ("plans:assignment_edit", "assignment"),
    ("plans:activity_new", "plan"),
    ("plans:activity_edit", "activity"),
    ("plans:add_place", "activity"),
    ("plans:remove_place", "placement"),
    ("plans:activity_delete", "activity"),
    ("plans:activity_restore", "activity"),
    ("plans:move", "move"),
]


@pytest.fixture
def objects(plan):
    activity = make_activity(plan=plan)
    board_goal = make_board_goal(plan=plan)
    return {
        "plan": {"plan_id": plan.pk},
        "decide": {"plan_id": plan.pk, "action": "decide"},
        "municipal_goal": {"goal_id": make_municipal_goal(plan=plan).pk},
        "board_goal": {"goal_id": board_goal.pk},
        "assignment": {"assignment_id": make_assignment(plan=plan).pk},
        "activity": {"activity_id": activity.pk},
        "placement": {"placement_id": activity.placements.get().pk},
        "move": {"kind": "activity", "pk": activity.pk, "direction": "up"},
    }


@pytest.mark.parametrize(("name", "target"), EDITING_PAGES, ids=[n for n, _ in EDITING_PAGES])
def test_a_signed_out_visitor_is_sent_to_sign_in(client, objects, name, target):
    url = reverse(name, kwargs=objects[target])

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={url}"
