import pytest
from django.core.exceptions import ValidationError

from vplan.audit.models import ChangeRecord
from vplan.audit.trail import history_of
from vplan.plans.editing import (
    Place,
    create_activity,
    delete_activity,
    place_activity,
    remove_placement,
    reorder,
    restore_activity,
    update_activity,
)
from vplan.plans.end_dates import EndDate
from vplan.plans.models import Activity
from vplan.testing.factories import (
    make_activity,
    make_assignment,
    make_board,
    make_board_goal,
    make_municipal_goal,
    make_plan,
    perspective,
)

pytestmark = pytest.mark.django_db


def test_activity_under_two_goals_is_one_activity(plan, board, controller):
    goal = make_municipal_goal(plan=plan)
    board_goal = make_board_goal(plan=plan, municipal_goal=goal)
    assignment = make_assignment(plan=plan)
    activity = create_activity(
        plan=plan,
        text="Utveckla det systematiska kvalitetsarbetet",
        boards=[board],
        decided_end="December",
        placements=[
            Place(board_goal=board_goal),
            {"assignment": assignment, "perspective": perspective("Verksamhet")},
        ],
        by=controller,
    )
    assert Activity.objects.count() == 1
    places = list(activity.placements.order_by("id"))
    assert places[0].municipal_goal == goal  # follows from the board goal
    assert places[1].assignment == assignment and places[1].perspective.name == "Verksamhet"
    assert activity.decided_end == activity.current_end == EndDate("December")
    assert activity.created_by == controller
    assert history_of(activity).get().action == ChangeRecord.Action.CREATED


def test_activity_without_place_or_board_is_refused(plan, board, controller):
    with pytest.raises(ValidationError) as error:
        create_activity(plan=plan, text="X", boards=[board], decided_end="Q4", by=controller)
    assert "placements" in error.value.message_dict
    goal = make_municipal_goal(plan=plan)
    with pytest.raises(ValidationError) as error:
        create_activity(
            plan=plan,
            text="X",
            boards=[],
            decided_end="Q4",
            placements=[Place(municipal_goal=goal)],
            by=controller,
        )
    assert "boards" in error.value.message_dict
    assert not Activity.all_objects.exists()


def test_place_of_another_plan_is_refused_and_nothing_is_written(plan, board, controller):
    foreign_goal = make_municipal_goal(plan=make_plan(year=2031))
    with pytest.raises(ValidationError) as error:
        create_activity(
            plan=plan,
            text="X",
            boards=[board],
            decided_end="Q4",
            placements=[Place(municipal_goal=foreign_goal)],
            by=controller,
        )
    assert "municipal_goal" in error.value.message_dict
    assert not Activity.all_objects.filter(plan=plan).exists()


def test_part_stands_where_its_parent_stands(plan, board, controller):
    parent = make_activity(plan=plan, boards=[board])
    part = create_activity(
        plan=plan, text="Förskola", boards=[board], decided_end="Juni", parent=parent, by=controller
    )
    assert part.parent == parent and not part.placements.exists()
    with pytest.raises(ValidationError) as error:
        create_activity(
            plan=plan,
            text="Del av del",
            boards=[board],
            decided_end="Juni",
            parent=part,
            by=controller,
        )
    assert "parent" in error.value.message_dict


def test_update_changes_text_and_boards_with_trail(plan, board, other_board, controller):
    activity = make_activity(plan=plan, boards=[board])
    changes = update_activity(
        activity=activity, text="Ny text", boards=[board, other_board], by=controller
    )
    activity.refresh_from_db()
    assert activity.text == "Ny text" and set(activity.boards.all()) == {board, other_board}
    assert "text" in changes
    recorded = [r.changes for r in history_of(activity)]
    assert {"boards": ["BiN", "BiN, BoU"]} in recorded
    assert {"text": [changes["text"][0], "Ny text"]} in recorded


def test_update_refuses_board_outside_the_plan(plan, board, controller):
    activity = make_activity(plan=plan, boards=[board])
    with pytest.raises(ValidationError) as error:
        update_activity(activity=activity, boards=[make_board(code="AN")], by=controller)
    assert "boards" in error.value.message_dict


def test_placing_under_a_second_goal_and_removing_it(plan, controller):
    activity = make_activity(plan=plan)
    board_goal = make_board_goal(plan=plan, municipal_goal=make_municipal_goal(plan=plan))
    placement = place_activity(activity=activity, board_goal=board_goal, by=controller)
    assert activity.placements.count() == 2
    with pytest.raises(ValidationError):
        place_activity(activity=activity, board_goal=board_goal, by=controller)
    remove_placement(placement=placement, by=controller)
    assert activity.placements.count() == 1
    with pytest.raises(ValidationError) as error:
        remove_placement(placement=activity.placements.get(), by=controller)
    assert "placement" in error.value.message_dict
    changes = [r.changes for r in history_of(activity).filter(action=ChangeRecord.Action.CHANGED)]
    assert len(changes) == 2


def test_board_goal_under_another_municipal_goal_is_refused(plan, controller):
    activity = make_activity(plan=plan)
    board_goal = make_board_goal(plan=plan, municipal_goal=make_municipal_goal(plan=plan))
    with pytest.raises(ValidationError) as error:
        place_activity(
            activity=activity,
            municipal_goal=make_municipal_goal(plan=plan),
            board_goal=board_goal,
            by=controller,
        )
    assert "board_goal" in error.value.message_dict


def test_reorder_sets_the_given_order_and_records_moves(plan, controller):
    first, second, third = (make_activity(plan=plan) for _ in range(3))
    moved = reorder(items=[third, first, second], by=controller)
    assert moved == 2  # the third was already at position 0
    assert list(Activity.objects.filter(plan=plan)) == [third, first, second]
    assert reorder(items=[third, first, second], by=controller) == 0


def test_reorder_refuses_mixed_kinds_and_plans(plan, controller):
    activity = make_activity(plan=plan)
    with pytest.raises(ValidationError):
        reorder(items=[activity, make_municipal_goal(plan=plan)], by=controller)
    with pytest.raises(ValidationError):
        reorder(items=[activity, make_activity(plan=make_plan(year=2032))], by=controller)


def test_delete_and_restore_keep_the_activity_and_its_parts(plan, board, controller):
    activity = make_activity(plan=plan, boards=[board])
    part = create_activity(
        plan=plan, text="Del", boards=[board], decided_end="Juni", parent=activity, by=controller
    )
    delete_activity(activity=activity, by=controller)
    assert not Activity.objects.filter(plan=plan).exists()
    assert Activity.all_objects.filter(plan=plan).count() == 2
    with pytest.raises(ValidationError):
        restore_activity(activity=Activity.all_objects.get(pk=part.pk), by=controller)
    restore_activity(activity=Activity.all_objects.get(pk=activity.pk), by=controller)
    assert set(Activity.objects.filter(plan=plan)) == {activity, part}
    actions = [r.action for r in history_of(activity)]
    assert ChangeRecord.Action.DELETED in actions and ChangeRecord.Action.RESTORED in actions
