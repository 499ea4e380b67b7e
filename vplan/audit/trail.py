"""Record changes and soft-delete or restore objects, always leaving a trace.

Update operations everywhere take only the fields to change: a keyword left at `UNCHANGED` (their
default) is not touched, and None is a value like any other (it clears a field that may be empty).
"""

import datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models, transaction
from django.utils import timezone

from vplan.audit.models import ChangeRecord, SoftDeletable


class _Unchanged:
    """The default of an update operation's keyword: leave this field as it is."""

    def __repr__(self) -> str:
        return "UNCHANGED"


UNCHANGED: Any = _Unchanged()


def changed_fields(**fields) -> dict:
    """The fields an update operation was given, without those left UNCHANGED."""
    return {name: value for name, value in fields.items() if value is not UNCHANGED}


def _plain(value):
    if isinstance(value, models.Model):
        return value.pk
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)


# The relations followed, in this order, from an object to the administration it belongs to:
# an activity through its plan, a status report through its round, a budget line through its
# object plan and IT object, a membership or a board straight to its administration.
ADMINISTRATION_ROUTES = (
    "plan",
    "round",
    "activity",
    "object_plan",
    "it_object",
    "area",
    "key",
    "publication",
    "board",
)
ADMINISTRATION_MODEL = "organisation.administration"


def administration_id_of(obj: models.Model, *, depth: int = 4) -> int | None:
    """The administration whose administrators read the change records of `obj`, or None (shared
    reference data, people). Asked of the object itself: its `audit_administration_id()` when it
    has one, its own administration, or the administration of the object it belongs to. Audit is
    the bottom layer and knows no model above it, so it only follows relations by name."""
    asked = getattr(obj, "audit_administration_id", None)
    if callable(asked):
        return asked()
    if obj._meta.label_lower == ADMINISTRATION_MODEL:
        return obj.pk
    if getattr(obj, "administration_id", None) is not None:
        return obj.administration_id
    if depth == 0:
        return None
    for name in ADMINISTRATION_ROUTES:
        related = _related_object(obj, name)
        found = None if related is None else administration_id_of(related, depth=depth - 1)
        if found is not None:
            return found
    return None


def _related_object(obj: models.Model, name: str) -> models.Model | None:
    try:
        field = obj._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    if not field.concrete or not (field.many_to_one or field.one_to_one):
        return None
    if getattr(obj, field.attname) is None:
        return None
    return getattr(obj, name)


def record_change(
    *,
    obj: models.Model,
    by,
    action: str,
    changes: dict | None = None,
    at: datetime.datetime | None = None,
    administration=None,
) -> ChangeRecord:
    """One change record, dated `at` (default: now) when the change is history written now.

    The record belongs to the administration of `obj` (administration_id_of), or to the
    `administration` given (an Administration or its id) for an object that has none of its own,
    such as a person whose role in an administration changed."""
    if administration is None:
        administration_id = administration_id_of(obj)
    else:
        administration_id = getattr(administration, "pk", administration)
    return ChangeRecord.objects.create(
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
        object_id=str(obj.pk),
        object_repr=str(obj)[:300],
        action=action,
        changes={key: [_plain(old), _plain(new)] for key, (old, new) in (changes or {}).items()},
        changed_by=by if getattr(by, "is_authenticated", False) else None,
        changed_at=at if at is not None else timezone.now(),
        administration_id=administration_id,
    )


def update_with_trail(*, obj: models.Model, by, **fields) -> dict:
    """Set fields on obj, save only those, and record the old and new values; a field given as
    UNCHANGED is left as it is."""
    changes = {}
    for name, value in changed_fields(**fields).items():
        old = getattr(obj, name)
        if old != value:
            changes[name] = (old, value)
            setattr(obj, name, value)
    if changes:
        with transaction.atomic():
            obj.full_clean()
            obj.save(update_fields=list(changes))
            record_change(obj=obj, by=by, action=ChangeRecord.Action.CHANGED, changes=changes)
    return changes


def soft_delete(*, obj: SoftDeletable, by) -> None:
    with transaction.atomic():
        obj.deleted_at = timezone.now()
        obj.deleted_by = by if getattr(by, "is_authenticated", False) else None
        obj.save(update_fields=["deleted_at", "deleted_by"])
        record_change(obj=obj, by=by, action=ChangeRecord.Action.DELETED)


def restore(*, obj: SoftDeletable, by) -> None:
    with transaction.atomic():
        obj.deleted_at = None
        obj.deleted_by = None
        obj.save(update_fields=["deleted_at", "deleted_by"])
        record_change(obj=obj, by=by, action=ChangeRecord.Action.RESTORED)


def history_of(obj: models.Model):
    return ChangeRecord.objects.filter(
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
        object_id=str(obj.pk),
    ).select_related("changed_by")
