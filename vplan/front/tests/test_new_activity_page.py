"""The activity page renders after every change the plan-editing pages record, for everyone.

Issue 14, case 1: a new activity's change record holds `placements` (a reverse relation), and
the page answered 500 for every signed-in user. Every change below is made through HTTP as a
controller; after each, the page is read as a controller, a board editor, a reader and signed out.
"""

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse
from django.utils import translation

from vplan.followups.models import FollowUpRound
from vplan.front.templatetags.vplan_ui import field_label
from vplan.plans.models import Activity, Placement
from vplan.testing.factories import (
    make_activity,
    make_assignment,
    make_board_goal,
    make_municipal_goal,
    make_round,
)

# Raw names a change record holds that must never reach the page as they are.
RAW_NAMES = (
    "placements",
    "placement",
    "decided_end",
    "current_end",
    "represents_assignment",
    "carried_over_from",
    "parent",
    "boards",
)


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def history_of_page(html: str) -> str:
    """The 'Changes' table of the activity page ('' when the page shows none)."""
    if 'id="history-heading"' not in html:
        return ""
    return html.split('id="history-heading"', 1)[1].split("</section>", 1)[0]


@pytest.fixture
def personas(controller, editor, reader):
    return {
        "controller": client_for(controller),
        "editor": client_for(editor),
        "reader": client_for(reader),
        "signed out": client_for(None),
    }


@pytest.fixture
def goal(plan):
    return make_board_goal(
        plan=plan, municipal_goal=make_municipal_goal(plan=plan), title="Maximalt lärande"
    )


@pytest.fixture
def published_round(plan):
    """A published round makes the plan readable when signed out."""
    return make_round(plan=plan, state=FollowUpRound.State.PUBLISHED)


def assert_page_renders_for_everyone(personas, activity, *, labels=()):
    url = reverse("plans:activity", args=[activity.pk])
    for persona, client in personas.items():
        response = client.get(url)
        assert response.status_code == 200, (persona, response.status_code)
        history = history_of_page(response.content.decode())
        if persona == "signed out":
            assert history == ""  # the public does not see who changed what
            continue
        for label in labels:
            assert label in history, (persona, label)
        for raw in RAW_NAMES:
            assert f"{raw} " not in history, (persona, raw)


def test_the_activity_page_renders_after_every_change_the_editing_pages_record(
    personas, controller, plan, board, other_board, goal, published_round
):
    as_controller = personas["controller"]
    assignment = make_assignment(plan=plan, number=12)
    neighbour = make_activity(plan=plan, text="Stå före i listan", board_goal=goal)

    # Create: the record holds text, boards, end date, placements, parent and carried-over-from.
    response = as_controller.post(
        reverse("plans:activity_new", args=[plan.pk]),
        {
            "activity-text": "Införa läsfrämjande insatser",
            "activity-boards": [board.pk],
            "activity-end": "Oktober",
            "place-board_goal": goal.pk,
        },
    )
    activity = Activity.objects.get(text="Införa läsfrämjande insatser")
    assert response.status_code == 302
    assert response["Location"] == reverse("plans:activity", args=[activity.pk])
    assert_page_renders_for_everyone(
        personas, activity, labels=["text", "nämnder", "beslutat slutdatum", "placeringar"]
    )

    # Create a part: the record holds its parent.
    as_controller.post(
        reverse("plans:activity_new", args=[plan.pk]),
        {
            "activity-text": "Delaktivitet för förskolan",
            "activity-boards": [board.pk],
            "activity-parent": activity.pk,
        },
    )
    part = Activity.objects.get(text="Delaktivitet för förskolan")
    assert part.parent == activity
    assert_page_renders_for_everyone(personas, part, labels=["del av"])

    # Edit the text, the boards and 'reports the assignment itself'.
    as_controller.post(
        reverse("plans:activity_edit", args=[activity.pk]),
        {
            "text": "Införa fler läsfrämjande insatser",
            "boards": [board.pk, other_board.pk],
            "end": "Oktober",
            "represents_assignment": "on",
        },
    )
    activity.refresh_from_db()
    assert activity.represents_assignment
    assert_page_renders_for_everyone(
        personas, activity, labels=["nämnder", "rapporterar uppdraget direkt"]
    )

    # Move the end date (a postponement: the plan is decided).
    as_controller.post(
        reverse("plans:activity_edit", args=[activity.pk]),
        {"text": activity.text, "boards": [board.pk, other_board.pk], "end": "December"},
    )
    activity.refresh_from_db()
    assert activity.is_postponed
    assert_page_renders_for_everyone(personas, activity, labels=["aktuellt slutdatum"])

    # Add a place, then remove it.
    as_controller.post(
        reverse("plans:add_place", args=[activity.pk]),
        {
            "place-assignment": assignment.pk,
            "place-perspective": goal.municipal_goal.perspective_id,
        },
    )
    second = Placement.objects.get(activity=activity, assignment=assignment)
    assert_page_renders_for_everyone(personas, activity, labels=["plats i planen"])
    as_controller.post(reverse("plans:remove_place", args=[second.pk]))
    assert activity.placements.count() == 1
    assert_page_renders_for_everyone(personas, activity, labels=["plats i planen"])

    # Move it up in its list under the board goal, and among the plan's activities.
    under_goal = activity.placements.get()
    as_controller.post(reverse("plans:move", args=["placement", under_goal.pk, "up"]))
    neighbour_place = neighbour.placements.get()
    neighbour_place.refresh_from_db()
    under_goal.refresh_from_db()
    assert under_goal.order < neighbour_place.order
    assert_page_renders_for_everyone(personas, activity, labels=["ordning"])
    as_controller.post(reverse("plans:move", args=["activity", activity.pk, "up"]))
    assert_page_renders_for_everyone(personas, activity, labels=["ordning"])

    # Delete: nobody reads a deleted activity's page. Restore: everyone does again.
    as_controller.post(reverse("plans:activity_delete", args=[activity.pk]))
    url = reverse("plans:activity", args=[activity.pk])
    for persona, client in personas.items():
        assert client.get(url).status_code == 404, persona
    as_controller.post(reverse("plans:activity_restore", args=[activity.pk]))
    assert not Activity.all_objects.get(pk=activity.pk).is_deleted
    assert_page_renders_for_everyone(personas, activity, labels=["Borttagen", "Återställd"])


def test_a_new_activity_in_the_demo_plan_renders_for_every_demo_user(demo):
    plan = demo["plans"][max(demo["plans"])]
    placement = Placement.objects.filter(activity__plan=plan, board_goal__isnull=False).first()
    as_controller = client_for(demo["users"]["controller"])
    response = as_controller.post(
        reverse("plans:activity_new", args=[plan.pk]),
        {
            "activity-text": "Ny aktivitet i demoplanen",
            "activity-boards": [plan.boards.first().pk],
            "activity-end": "December",
            "place-board_goal": placement.board_goal_id,
        },
        follow=True,
    )
    assert response.status_code == 200
    activity = Activity.objects.get(text="Ny aktivitet i demoplanen")
    personas = {name: client_for(user) for name, user in demo["users"].items()}
    personas["signed out"] = client_for(None)
    assert_page_renders_for_everyone(personas, activity, labels=["placeringar"])


# --- the label itself, for every kind of name a change record can hold ----------------------


@pytest.mark.parametrize(
    "name, label",
    [
        ("text", "text"),
        ("current_end", "aktuellt slutdatum"),
        ("carried_over_from", "kvarstår från"),  # a foreign key
        ("boards", "nämnder"),  # a many-to-many field
        ("placements", "placeringar"),  # a reverse relation (one to many)
        ("reports", "statusrapporter"),
        ("placement", "plats i planen"),  # no field: the editing operations' own name
        ("carried over from", "kvarstår från"),  # no field, but words the catalogue knows
        ("no_such_field", "no such field"),
        ("", ""),
    ],
)
def test_field_label_names_every_kind_of_recorded_field_in_swedish(name, label):
    with translation.override("sv"):
        assert field_label(name, "plans.Activity") == label


def test_field_label_answers_for_every_field_of_every_model():
    with translation.override("sv"):
        for model in apps.get_models():
            for field in model._meta.get_fields(include_hidden=True):
                label = field_label(field.name, model._meta.label)
                assert isinstance(label, str) and label, (model._meta.label, field.name)
        assert field_label("text", "no_such.Model") == "text"
        assert field_label("text", "not a label") == "text"
