"""Record changes and soft-delete or restore objects, always leaving a trace.

Update operations everywhere take only the fields to change: a keyword left at `UNCHANGED` (their
default) is not touched, and None is a value like any other (it clears a field that may be empty).
"""

import datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
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


def record_change(
    *,
    obj: models.Model,
    by,
    action: str,
    changes: dict | None = None,
    at: datetime.datetime | None = None,
) -> ChangeRecord:
    """One change record, dated `at` (default: now) when the change is history written now."""
    return ChangeRecord.objects.create(
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
        object_id=str(obj.pk),
        object_repr=str(obj)[:300],
        action=action,
        changes={key: [_plain(old), _plain(new)] for key, (old, new) in (changes or {}).items()},
        changed_by=by if getattr(by, "is_authenticated", False) else None,
        changed_at=at if at is not None else timezone.now(),
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
