import pytest
from django.core.exceptions import ValidationError

from vplan.audit.trail import history_of
from vplan.plans.editing import PlanStateError, change_end_date, decide_plan, revise_plan
from vplan.plans.end_dates import EndDate
from vplan.plans.models import Activity, Plan
from vplan.testing.factories import make_activity, make_plan

pytestmark = pytest.mark.django_db


def test_moving_the_end_date_of_a_decided_plan_postpones(plan, controller):
    activity = make_activity(plan=plan, decided_end="Oktober")
    change_end_date(activity=activity, new_end="December", by=controller)
    activity.refresh_from_db()
    assert activity.decided_end == EndDate("Oktober")
    assert activity.current_end == EndDate("December")
    assert activity.is_postponed
    assert Activity.objects.postponed().get() == activity
    assert history_of(activity).get().changes == {"current_end": ["Oktober", "December"]}


def test_moving_it_back_ends_the_postponement(plan, controller):
    activity = make_activity(plan=plan, decided_end="Oktober", current_end="December")
    change_end_date(activity=activity, new_end="Oktober", by=controller)
    activity.refresh_from_db()
    assert not activity.is_postponed


def test_in_a_draft_both_dates_move(controller):
    plan = make_plan(state=Plan.State.DRAFT)
    activity = make_activity(plan=plan, decided_end="Oktober")
    change_end_date(activity=activity, new_end="Q4", by=controller)
    activity.refresh_from_db()
    assert activity.decided_end == activity.current_end == EndDate("Q4")


def test_too_long_end_date_is_refused(plan, controller):
    activity = make_activity(plan=plan)
    with pytest.raises(ValidationError) as error:
        change_end_date(activity=activity, new_end="x" * 100, by=controller)
    assert "current_end" in error.value.message_dict


def test_deciding_fixes_the_decided_end_dates(controller):
    plan = make_plan(state=Plan.State.DRAFT)
    activity = make_activity(plan=plan, decided_end="Oktober", current_end="December")
    decide_plan(plan=plan, by=controller)
    plan.refresh_from_db()
    activity.refresh_from_db()
    assert plan.state == Plan.State.DECIDED and plan.decided_on is not None
    assert activity.decided_end == EndDate("December") and not activity.is_postponed
    assert history_of(plan).get().changes["state"] == ["draft", "decided"]
    # After the decision, a move is a postponement measured against the decided date.
    change_end_date(activity=activity, new_end="Förskjuts till 2025", by=controller)
    activity.refresh_from_db()
    assert activity.is_postponed


def test_a_plan_is_decided_once(plan, controller):
    with pytest.raises(PlanStateError) as error:
        decide_plan(plan=plan, by=controller)
    assert "state" in error.value.message_dict


def test_revising_keeps_the_decided_end_dates(plan, controller):
    activity = make_activity(plan=plan, decided_end="Oktober", current_end="December")
    revise_plan(plan=plan, by=controller)
    plan.refresh_from_db()
    activity.refresh_from_db()
    assert plan.state == Plan.State.REVISED and plan.revised_on is not None
    assert activity.decided_end == EndDate("Oktober")


def test_a_draft_cannot_be_revised(controller):
    with pytest.raises(PlanStateError):
        revise_plan(plan=make_plan(state=Plan.State.DRAFT), by=controller)
