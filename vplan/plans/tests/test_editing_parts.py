"""Parts: added to an activity they stand where it stands; promoted they get its places."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from vplan.audit.models import ChangeRecord
from vplan.audit.trail import history_of
from vplan.plans.editing import (
    Place,
    add_part,
    create_activity,
    create_plan,
    places_of,
    promote_part,
    update_activity,
)
from vplan.plans.models import Activity, Plan
from vplan.testing.factories import (
    make_activity,
    make_assignment,
    make_board_goal,
    make_municipal_goal,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def activity(plan):
    goal = make_municipal_goal(plan=plan, perspective_name="Medborgare")
    activity = make_activity(
        plan=plan,
        text="Sambedöma proven",
        board_goal=make_board_goal(plan=plan, municipal_goal=goal),
    )
    activity.placements.create(
        perspective=goal.perspective, municipal_goal=goal, assignment=make_assignment(plan=plan)
    )
    return activity


def _places(activity) -> set[tuple]:
    return {
        (p.perspective_id, p.municipal_goal_id, p.board_goal_id, p.assignment_id)
        for p in activity.placements.all()
    }


def test_a_part_stands_where_its_activity_stands_with_its_boards(activity, board, controller):
    part = add_part(parent=activity, text="Grundskola", decided_end="Juni", by=controller)

    assert part.parent == activity and part.plan == activity.plan
    assert not part.placements.exists()
    assert {_places_key(place) for place in places_of(part)} == {
        (p[1], p[2], p[3]) for p in _places(activity)
    }
    assert set(part.boards.all()) == set(activity.boards.all())
    assert history_of(part).get().action == ChangeRecord.Action.CREATED


def _places_key(place: Place) -> tuple:
    return (
        getattr(place.municipal_goal, "pk", None),
        getattr(place.board_goal, "pk", None),
        getattr(place.assignment, "pk", None),
    )


def test_a_part_of_a_part_is_refused(activity, controller):
    part = add_part(parent=activity, text="Grundskola", decided_end="Juni", by=controller)

    with pytest.raises(ValidationError) as error:
        add_part(parent=part, text="Årskurs 6", decided_end="Juni", by=controller)

    assert "parent" in error.value.message_dict
    assert Activity.objects.count() == 2


def test_a_promoted_part_gets_its_activitys_places_and_the_change_is_recorded(activity, controller):
    part = add_part(parent=activity, text="Grundskola", decided_end="Juni", by=controller)

    promote_part(part=part, by=controller)

    part.refresh_from_db()
    assert part.parent is None
    assert _places(part) == _places(activity)
    assert part.order > activity.order
    change = history_of(part).filter(action=ChangeRecord.Action.CHANGED).get()
    assert change.changed_by == controller
    assert change.changes["parent"] == [activity.pk, None]


def test_taking_a_part_out_of_its_activity_promotes_it(activity, controller):
    part = add_part(parent=activity, text="Grundskola", decided_end="Juni", by=controller)

    update_activity(activity=part, parent=None, by=controller)

    part.refresh_from_db()
    assert part.parent is None
    assert _places(part) == _places(activity)


def test_only_a_part_is_promoted(activity, controller):
    with pytest.raises(ValidationError) as error:
        promote_part(part=activity, by=controller)
    assert "parent" in error.value.message_dict


def test_history_written_now_keeps_its_own_time_and_identifier(plan, board, controller):
    moment = datetime.datetime(2023, 9, 1, 9, 0, tzinfo=ZoneInfo("Europe/Stockholm"))
    goal = make_municipal_goal(plan=plan)

    activity = create_activity(
        plan=plan,
        text="Kartlägga läsförmågan",
        boards=[board],
        decided_end="Juni",
        current_end="December",
        placements=[Place(municipal_goal=goal, order=7)],
        uid="0b6f5c1e-0000-4000-8000-000000000001",
        at=moment,
        by=controller,
    )

    assert str(activity.uid) == "0b6f5c1e-0000-4000-8000-000000000001"
    assert activity.created_at == moment
    assert activity.is_postponed
    assert activity.placements.get().order == 7
    assert history_of(activity).get().changed_at == moment


def test_a_second_plan_for_the_same_year_is_refused(plan, controller):
    with pytest.raises(ValidationError) as error:
        create_plan(administration=plan.administration, year=plan.year, by=controller)
    assert "year" in error.value.message_dict
    assert Plan.objects.count() == 1
