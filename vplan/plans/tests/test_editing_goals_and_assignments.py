import pytest
from django.core.exceptions import ValidationError

from vplan.audit.models import ChangeRecord
from vplan.audit.trail import history_of
from vplan.plans.editing import (
    create_assignment,
    create_board_goal,
    create_municipal_goal,
    update_assignment,
    update_board_goal,
    update_municipal_goal,
)
from vplan.plans.models import Assignment
from vplan.testing.factories import make_plan, perspective

pytestmark = pytest.mark.django_db


def test_municipal_goal_is_created_in_order_and_recorded(plan, controller):
    first = create_municipal_goal(
        plan=plan,
        perspective=perspective("Samhälle"),
        title="Ett tryggt Exempelkommun",
        by=controller,
    )
    second = create_municipal_goal(
        plan=plan, perspective=perspective("Samhälle"), title="  Ett hållbart  ", by=controller
    )
    assert (first.order, second.order) == (0, 1)
    assert second.title == "Ett hållbart"
    record = history_of(first).get()
    assert record.action == ChangeRecord.Action.CREATED
    assert record.changed_by == controller


def test_blank_title_is_refused_naming_the_field(plan, controller):
    with pytest.raises(ValidationError) as error:
        create_municipal_goal(plan=plan, perspective=perspective(), title="  ", by=controller)
    assert "title" in error.value.message_dict


def test_moving_a_municipal_goal_moves_its_places(plan, controller):
    from vplan.testing.factories import make_activity

    goal = create_municipal_goal(
        plan=plan, perspective=perspective("Samhälle"), title="M", by=controller
    )
    activity = make_activity(plan=plan, municipal_goal=goal)
    changes = update_municipal_goal(goal=goal, perspective=perspective("Ekonomi"), by=controller)
    assert "perspective" in changes
    assert activity.placements.get().perspective.name == "Ekonomi"
    assert history_of(goal).filter(action=ChangeRecord.Action.CHANGED).exists()


def test_board_goal_under_a_goal_of_another_plan_is_refused(plan, controller):
    other = make_plan(year=2030)
    foreign = create_municipal_goal(plan=other, perspective=perspective(), title="X", by=controller)
    with pytest.raises(ValidationError) as error:
        create_board_goal(
            plan=plan, title="Maximalt lärande", municipal_goal=foreign, by=controller
        )
    assert "municipal_goal" in error.value.message_dict


def test_board_goal_update_changes_only_given_fields(plan, controller):
    goal = create_board_goal(plan=plan, title="Maximalt lärande", description="Alla", by=controller)
    changes = update_board_goal(goal=goal, description="Alla barn utmanas", by=controller)
    goal.refresh_from_db()
    assert set(changes) == {"description"}
    assert (goal.title, goal.description) == ("Maximalt lärande", "Alla barn utmanas")


def test_board_specific_assignment_needs_boards_of_the_plan(plan, board, controller):
    from vplan.testing.factories import make_board

    with pytest.raises(ValidationError) as error:
        create_assignment(
            plan=plan, text="Uppdrag", scope=Assignment.Scope.BOARD_SPECIFIC, by=controller
        )
    assert "boards" in error.value.message_dict
    stranger = make_board(code="KoF")
    with pytest.raises(ValidationError) as error:
        create_assignment(
            plan=plan,
            text="Uppdrag",
            scope=Assignment.Scope.BOARD_SPECIFIC,
            boards=[stranger],
            by=controller,
        )
    assert "KoF" in error.value.message_dict["boards"][0]
    assignment = create_assignment(
        plan=plan,
        number=21,
        text="Uppdrag",
        scope=Assignment.Scope.BOARD_SPECIFIC,
        boards=[board],
        by=controller,
    )
    assert list(assignment.boards.all()) == [board]


def test_striking_an_assignment_is_recorded(plan, controller):
    assignment = create_assignment(
        plan=plan, number=2, text="Uppdrag", scope=Assignment.Scope.COMMON, by=controller
    )
    update_assignment(assignment=assignment, is_struck=True, by=controller)
    assignment.refresh_from_db()
    assert assignment.is_struck
    record = history_of(assignment).filter(action=ChangeRecord.Action.CHANGED).get()
    assert record.changes == {"is_struck": [False, True]}


def test_changing_assignment_boards_is_recorded(plan, board, other_board, controller):
    assignment = create_assignment(
        plan=plan,
        text="Uppdrag",
        scope=Assignment.Scope.BOARD_SPECIFIC,
        boards=[board],
        by=controller,
    )
    update_assignment(assignment=assignment, boards=[board, other_board], by=controller)
    assert set(assignment.boards.all()) == {board, other_board}
    record = history_of(assignment).filter(action=ChangeRecord.Action.CHANGED).get()
    assert record.changes["boards"] == ["BiN", "BiN, BoU"]
