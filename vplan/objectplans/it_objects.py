"""Setting up IT objects and their plans by hand (the import does the same from a document)."""

import datetime

from django.db import transaction

from vplan.audit.models import ChangeRecord
from vplan.audit.trail import record_change, soft_delete
from vplan.objectplans.models import (
    STANDARD_VERSION_NUMBERS,
    ITObject,
    ObjectPlan,
    ObjectPlanVersion,
    ObjectRole,
)
from vplan.organisation.models import Administration


def _created(obj, by):
    obj.full_clean()
    obj.save()
    record_change(obj=obj, by=by, action=ChangeRecord.Action.CREATED)
    return obj


def create_it_object(*, administration: Administration, short_name: str, name: str, by) -> ITObject:
    with transaction.atomic():
        return _created(
            ITObject(
                administration=administration, short_name=short_name.strip(), name=name.strip()
            ),
            by,
        )


def add_object_role(
    *, it_object: ITObject, kind: str, name: str, by, title: str = "", user=None
) -> ObjectRole:
    """An object owner (kind "owner") or object leader ("leader"), optionally a Vplan user."""
    with transaction.atomic():
        return _created(
            ObjectRole(
                it_object=it_object,
                kind=kind,
                name=name.strip(),
                title=title.strip(),
                user=user,
                order=it_object.roles.count(),
            ),
            by,
        )


def remove_object_role(*, role: ObjectRole, by) -> None:
    soft_delete(obj=role, by=by)


def create_object_plan(*, it_object: ITObject, year: int, by, title: str = "") -> ObjectPlan:
    """A plan for the calendar year with the standard version steps, none of them reached."""
    with transaction.atomic():
        plan = _created(
            ObjectPlan(
                it_object=it_object,
                year=year,
                title=title.strip(),
                period_start=datetime.date(year, 1, 1),
                period_end=datetime.date(year, 12, 31),
            ),
            by,
        )
        for state, number in STANDARD_VERSION_NUMBERS.items():
            _created(ObjectPlanVersion(object_plan=plan, number=number, state=state), by)
        return plan
