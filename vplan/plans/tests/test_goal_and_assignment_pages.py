"""Creating and editing municipal goals, board goals and assignments from the pages."""

import pytest
from django.urls import reverse

from vplan.audit.models import ChangeRecord
from vplan.plans.models import Assignment, BoardGoal, MunicipalGoal
from vplan.testing.factories import (
    make_assignment,
    make_board_goal,
    make_municipal_goal,
    perspective,
)


def test_controller_adds_a_municipal_goal(client, controller, plan):
    client.force_login(controller)
    response = client.post(
        reverse("plans:municipal_goal_new", args=[plan.pk]),
        {"perspective": perspective("Ekonomi").pk, "title": "En ekonomi i balans"},
    )
    goal = MunicipalGoal.objects.get(plan=plan, title="En ekonomi i balans")
    assert response.status_code == 302
    assert response["Location"].endswith(f"#municipal-goal-{goal.pk}")
    assert ChangeRecord.objects.filter(object_id=str(goal.pk), action="created").exists()


def test_blank_title_is_refused_at_the_field(client, controller, plan):
    client.force_login(controller)
    response = client.post(
        reverse("plans:municipal_goal_new", args=[plan.pk]),
        {"perspective": perspective("Ekonomi").pk, "title": ""},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["title"]
    assert 'aria-invalid="true"' in response.content.decode()
    assert not MunicipalGoal.objects.filter(plan=plan).exists()


def test_controller_edits_a_municipal_goal(client, controller, plan):
    goal = make_municipal_goal(plan=plan, title="Gammal titel")
    client.force_login(controller)
    page = client.get(reverse("plans:municipal_goal_edit", args=[goal.pk]))
    assert "Gammal titel" in page.content.decode()
    client.post(
        reverse("plans:municipal_goal_edit", args=[goal.pk]),
        {"perspective": goal.perspective_id, "title": "Ny titel"},
    )
    goal.refresh_from_db()
    assert goal.title == "Ny titel"


def test_controller_adds_and_edits_a_board_goal(client, controller, plan):
    municipal = make_municipal_goal(plan=plan)
    client.force_login(controller)
    client.post(
        reverse("plans:board_goal_new", args=[plan.pk]),
        {
            "title": "Maximalt lärande",
            "description": "Alla utmanas.",
            "municipal_goal": municipal.pk,
        },
    )
    goal = BoardGoal.objects.get(plan=plan)
    assert (goal.title, goal.municipal_goal) == ("Maximalt lärande", municipal)
    client.post(
        reverse("plans:board_goal_edit", args=[goal.pk]),
        {"title": "Maximalt lärande", "description": "Alla barn utmanas.", "municipal_goal": ""},
    )
    goal.refresh_from_db()
    assert goal.description == "Alla barn utmanas." and goal.municipal_goal is None


def test_board_goal_of_another_plans_goal_is_not_a_choice(
    client, controller, plan, administration, board
):
    from vplan.testing.factories import make_plan

    other = make_municipal_goal(
        plan=make_plan(administration=administration, year=2031, boards=[board])
    )
    client.force_login(controller)
    response = client.post(
        reverse("plans:board_goal_new", args=[plan.pk]), {"title": "X", "municipal_goal": other.pk}
    )
    assert response.context["form"].errors["municipal_goal"]
    assert not BoardGoal.objects.exists()


def test_controller_adds_a_board_specific_assignment_with_its_boards(
    client, controller, plan, board
):
    client.force_login(controller)
    client.post(
        reverse("plans:assignment_new", args=[plan.pk]),
        {
            "number": "21",
            "text": "Utveckla skolskjutsarna.",
            "scope": "board_specific",
            "boards": [board.pk],
        },
    )
    assignment = Assignment.objects.get(plan=plan)
    assert list(assignment.boards.all()) == [board]


def test_board_specific_assignment_without_boards_is_refused_at_the_field(client, controller, plan):
    client.force_login(controller)
    response = client.post(
        reverse("plans:assignment_new", args=[plan.pk]),
        {"number": "21", "text": "Utan nämnd.", "scope": "board_specific"},
    )
    assert response.context["form"].errors["boards"]
    assert not Assignment.objects.exists()


def test_controller_strikes_an_assignment(client, controller, plan):
    assignment = make_assignment(plan=plan, number=3, text="Ska strykas.")
    client.force_login(controller)
    client.post(
        reverse("plans:assignment_edit", args=[assignment.pk]),
        {"number": "3", "text": "Ska strykas.", "scope": "common", "is_struck": "on"},
    )
    assignment.refresh_from_db()
    assert assignment.is_struck


@pytest.mark.parametrize("persona", ["editor", "reader"])
def test_editors_and_readers_may_not_add_or_edit_goals(client, request, plan, persona):
    goal = make_board_goal(plan=plan, title="Orörd")
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("plans:board_goal_new", args=[plan.pk])).status_code == 403
    response = client.post(reverse("plans:board_goal_edit", args=[goal.pk]), {"title": "Ändrad"})
    assert response.status_code == 403
    goal.refresh_from_db()
    assert goal.title == "Orörd"


def test_outsider_may_not_know_the_goal(client, outsider, plan):
    goal = make_municipal_goal(plan=plan)
    client.force_login(outsider)
    assert client.get(reverse("plans:municipal_goal_edit", args=[goal.pk])).status_code == 404


def test_signed_out_visitor_may_not_add_assignments(client, plan):
    response = client.post(reverse("plans:assignment_new", args=[plan.pk]), {"text": "x"})
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert not Assignment.objects.exists()
