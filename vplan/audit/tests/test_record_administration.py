"""A change record belongs to the administration of the object changed, found by asking the
object (its plan, round, object plan ... up to an administration); the migration fills it for
records written before."""

import importlib

from django.apps import apps

from vplan.audit.models import ChangeRecord
from vplan.audit.trail import history_of, record_change
from vplan.followups.models import Status
from vplan.objectplans.tests.factories import make_object_plan
from vplan.organisation.models import Membership
from vplan.testing.factories import (
    make_activity,
    make_administration,
    make_plan,
    make_round,
    report,
)

FILL = importlib.import_module("vplan.audit.migrations.0003_fill_change_record_administration")


def _record(obj, by=None, **extra):
    return record_change(obj=obj, by=by, action=ChangeRecord.Action.CHANGED, **extra)


def test_records_of_plan_objects_belong_to_the_plans_administration(plan, controller):
    activity = make_activity(plan=plan)
    round = make_round(plan=plan)
    status_report = report(activity=activity, round=round, author=controller)

    for obj in (plan, activity, round, status_report):
        assert _record(obj, controller).administration == plan.administration


def test_records_of_the_organisation_belong_to_that_administration(administration, board, reader):
    membership = Membership.objects.get(user=reader)

    for obj in (administration, board, membership):
        assert _record(obj).administration_id == administration.pk


def test_records_of_an_object_plan_belong_to_its_it_objects_administration(administration):
    object_plan = make_object_plan(administration=administration)

    assert _record(object_plan).administration_id == administration.pk


def test_shared_reference_data_belongs_to_no_administration(db):
    assert _record(Status.objects.first()).administration is None


def test_a_person_is_recorded_under_the_administration_given(administration, reader):
    record = _record(reader, administration=administration)

    assert record.administration == administration


def test_the_migration_fills_the_administration_of_earlier_records(plan, controller):
    activity = make_activity(plan=plan)
    other = make_activity(plan=make_plan(administration=make_administration(), year=2025))
    for obj in (activity, other, Status.objects.first()):
        _record(obj, controller)
    ChangeRecord.objects.update(administration=None)

    FILL.fill_administrations(apps, None)

    changed = ChangeRecord.Action.CHANGED
    assert history_of(activity).get(action=changed).administration_id == plan.administration_id
    assert history_of(other).get(action=changed).administration_id == other.plan.administration_id
    assert history_of(Status.objects.first()).get(action=changed).administration_id is None
