"""Reading the audit log: every change record a reader may see, filtered, newest first.

The page (/audit/), its CSV export and `GET /api/audit` read through `read_change_records`; who
may read which administration's records is decided in vplan/organisation/permissions.py and
handed in as `administration_ids` (None: every record).
"""

import dataclasses
import datetime
from collections.abc import Iterator

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from vplan.audit.models import ChangeRecord

MAX_PAGE_SIZE = 100


@dataclasses.dataclass(frozen=True)
class LogFilter:
    """What the reader asked for; an empty field does not filter."""

    person: str = ""
    kind: ContentType | None = None
    action: str = ""
    since: datetime.date | None = None
    until: datetime.date | None = None
    text: str = ""
    administration_id: int | None = None


def read_change_records(*, administration_ids: set[int] | None, filters: LogFilter) -> QuerySet:
    """The change records of these administrations (None: every record) that match, newest
    first."""
    records = ChangeRecord.objects.of_administrations(administration_ids).for_log()
    if filters.administration_id is not None:
        records = records.filter(administration_id=filters.administration_id)
    if filters.person:
        records = records.filter(
            Q(changed_by__username__iexact=filters.person)
            | Q(changed_by__first_name__icontains=filters.person)
            | Q(changed_by__last_name__icontains=filters.person)
        )
    if filters.kind is not None:
        records = records.filter(content_type=filters.kind)
    if filters.action:
        records = records.filter(action=filters.action)
    if filters.since is not None:
        records = records.filter(changed_at__gte=_start_of(filters.since))
    if filters.until is not None:
        records = records.filter(changed_at__lt=_start_of(filters.until + datetime.timedelta(1)))
    if filters.text:
        text = Q(object_repr__icontains=filters.text)
        if filters.text.isdigit():
            text |= Q(object_id=filters.text)
        records = records.filter(text)
    return records


def _start_of(day: datetime.date) -> datetime.datetime:
    """Midnight at the start of a day in Vplan's time zone (a date range means local days)."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


def kinds_of_object(administration_ids: set[int] | None = None) -> list[ContentType]:
    """The kinds of object that have change records the reader may read (administration_ids as
    in read_change_records), for the filter's choices."""
    records = ChangeRecord.objects.of_administrations(administration_ids)
    used = records.values("content_type_id").distinct()
    return sorted(ContentType.objects.filter(pk__in=used), key=kind_label)


def kind_label(content_type: ContentType) -> str:
    model = content_type.model_class()
    if model is None:
        return content_type.model
    return str(model._meta.verbose_name).capitalize()


def field_label(content_type: ContentType, name: str) -> str:
    """A changed field's name as the interface calls it (its verbose name), or as stored."""
    model = content_type.model_class()
    try:
        field = model._meta.get_field(name) if model is not None else None
    except FieldDoesNotExist:
        field = None
    verbose_name = getattr(field, "verbose_name", None)
    return str(verbose_name) if verbose_name else name


def value_text(value) -> str:
    """A value before or after a change as text: empty as a dash, lists joined."""
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, list):
        return ", ".join(value_text(item) for item in value)
    return str(value)


@dataclasses.dataclass(frozen=True)
class FieldChange:
    field: str
    before: str
    after: str


def field_changes(record: ChangeRecord) -> list[FieldChange]:
    """Each field of a record with its value before and after, named as the interface names it."""
    changes = record.changes if isinstance(record.changes, dict) else {}
    result = []
    for name, pair in changes.items():
        before, after = pair if isinstance(pair, list) and len(pair) == 2 else (None, pair)
        result.append(
            FieldChange(
                field=field_label(record.content_type, name),
                before=value_text(before),
                after=value_text(after),
            )
        )
    return result


def person_of(record: ChangeRecord) -> str:
    by = record.changed_by
    if by is None:
        return _("(the system)")
    name = by.get_full_name()
    return f"{name} ({by.get_username()})" if name else by.get_username()


def export_rows(records: QuerySet) -> Iterator[list]:
    """The rows of the CSV export: a heading, then one row per changed field (a record without
    fields, such as a deletion, has one row), read in chunks so the export streams."""
    yield [
        _("Time"),
        _("Person"),
        pgettext("the administration (förvaltning) of a changed object", "Administration"),
        _("Kind of object"),
        _("Object id"),
        _("Object"),
        _("Action"),
        _("Field"),
        _("Before"),
        _("After"),
    ]
    for record in records.iterator(chunk_size=500):
        common = [
            timezone.localtime(record.changed_at).isoformat(timespec="seconds"),
            person_of(record),
            record.administration.name if record.administration else "",
            kind_label(record.content_type),
            record.object_id,
            record.object_repr,
            record.get_action_display(),
        ]
        changes = field_changes(record) or [FieldChange("", "", "")]
        for change in changes:
            yield [*common, change.field, change.before, change.after]
