import datetime

import pytest
from django.core.exceptions import ValidationError

from vplan.audit.trail import history_of
from vplan.objectplans.approval import approve_object_plan_version


def test_approving_records_who_and_when(object_plan, controller):
    version = approve_object_plan_version(
        object_plan=object_plan,
        state="preliminary",
        by=controller,
        approved_on=datetime.date(2023, 9, 29),
        approver_name="Objektägarna (OÄ)",
    )
    version.refresh_from_db()
    assert version.number == "0.8"
    assert version.date == datetime.date(2023, 9, 29)
    assert version.approved_by == controller
    assert version.approved_at is not None
    assert version.approver_display == "Objektägarna (OÄ)"
    assert object_plan.current_version() == version
    assert history_of(version).first().changed_by == controller


def test_without_a_date_the_approval_is_today(object_plan, controller, settings):
    import time_machine

    with time_machine.travel(datetime.datetime(2024, 3, 1, 12, tzinfo=datetime.UTC)):
        version = approve_object_plan_version(object_plan=object_plan, state="final", by=controller)
    assert version.date == datetime.date(2024, 3, 1)


def test_a_state_already_passed_cannot_be_approved(object_plan, controller):
    approve_object_plan_version(object_plan=object_plan, state="decided", by=controller)
    with pytest.raises(ValidationError, match="later state"):
        approve_object_plan_version(object_plan=object_plan, state="final", by=controller)


def test_a_state_is_approved_once(object_plan, controller):
    approve_object_plan_version(object_plan=object_plan, state="final", by=controller)
    with pytest.raises(ValidationError, match="already approved"):
        approve_object_plan_version(object_plan=object_plan, state="final", by=controller)


def test_each_revision_gets_the_next_number(object_plan, controller):
    approve_object_plan_version(object_plan=object_plan, state="decided", by=controller)
    first = approve_object_plan_version(object_plan=object_plan, state="revised", by=controller)
    second = approve_object_plan_version(object_plan=object_plan, state="revised", by=controller)
    assert (first.number, second.number) == ("2.0", "2.1")
    assert object_plan.current_version() == second


def test_the_draft_is_not_approved(object_plan, controller):
    with pytest.raises(ValidationError, match="Choose a state"):
        approve_object_plan_version(object_plan=object_plan, state="draft", by=controller)
