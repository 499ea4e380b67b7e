"""Removing data for real (gallring), only under a recorded decision: `vplan purge`.

Nothing in the interface removes a row; this is the one way out, for what an archive decision
(gallringsbeslut) allows. `select_for_purge` finds the rows asked for and everything that cannot
exist without them (a plan's goals, activities, rounds, status reports, publications ...), by
following every relation that points at them, whatever the models are: audit is the bottom
layer and knows no model above it. A row outside the selection that only mentions a removed
row where the mention may be empty (next year's activity carried over from a removed one)
keeps its place and loses the mention, recorded as a change.

`purge` then, all or nothing: writes the PurgeDecision (reference, who, when, what, counts),
a change record "removed for real" for every removed row (the earlier change records stay:
together they are the trace), clears those mentions, removes the rows, and checks that no
reference is left dangling before the transaction ends.
"""

import dataclasses
import datetime
from collections.abc import Iterable

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vplan.audit.models import ChangeRecord, PurgeDecision, SoftDeletable
from vplan.audit.trail import administration_id_of

# Rows of these models are what the board and the public were told: removed only when the
# purge says so explicitly (--including-published). Rounds say it themselves (is_public).
PUBLISHED_MODELS = {"reports.publication", "reports.publishedfile", "reports.sentreport"}
# Never removed by a purge, whatever points at them: the trace itself.
NEVER_PURGED = {"audit.changerecord", "audit.purgedecision"}
BATCH = 500


@dataclasses.dataclass
class PurgeSelection:
    """The rows a purge would remove, by model, and the mentions of them it would clear."""

    rows: dict[type[models.Model], set] = dataclasses.field(default_factory=dict)
    # (model, field name) -> primary keys of rows outside the selection whose field is cleared
    cleared: dict[tuple[type[models.Model], str], set] = dataclasses.field(default_factory=dict)

    def counts(self) -> dict[str, int]:
        """Rows to remove per model (app_label.model), the automatic link tables left out."""
        return {
            model._meta.label_lower: len(pks)
            for model, pks in sorted(self.rows.items(), key=lambda item: item[0]._meta.label)
            if pks and not model._meta.auto_created
        }

    def cleared_counts(self) -> dict[str, int]:
        return {
            f"{model._meta.label_lower}.{field}": len(pks)
            for (model, field), pks in sorted(self.cleared.items(), key=lambda item: str(item[0]))
            if pks
        }

    def published_count(self) -> int:
        """Rows that are, or belong to, what was published."""
        count = 0
        for model, pks in self.rows.items():
            if model._meta.label_lower in PUBLISHED_MODELS:
                count += len(pks)
            elif isinstance(getattr(model, "is_public", None), property):
                count += sum(1 for obj in _objects(model, pks) if obj.is_public)
        return count

    def is_empty(self) -> bool:
        return not any(self.rows.values())


def _objects(model, pks) -> Iterable[models.Model]:
    pks = sorted(pks)
    for start in range(0, len(pks), BATCH):
        yield from model._base_manager.filter(pk__in=pks[start : start + BATCH])


def soft_deleted_before(day: datetime.date) -> list[models.QuerySet]:
    """Every row deleted (softly, by the interface) before the start of `day`, of every model."""
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time()))
    return [
        model._base_manager.filter(deleted_at__lt=moment)
        for model in apps.get_models()
        if issubclass(model, SoftDeletable)
    ]


def select_for_purge(*, roots: Iterable[models.QuerySet]) -> PurgeSelection:
    """The rows of `roots` and every row that cannot exist without them, followed through every
    relation that points at them; mentions that may be empty are cleared instead."""
    selection = PurgeSelection()
    pending: list[tuple[type[models.Model], set]] = []
    for queryset in roots:
        pks = set(queryset.values_list("pk", flat=True))
        if pks:
            pending.append((queryset.model, pks))
    while pending:
        model, pks = pending.pop()
        new = pks - selection.rows.setdefault(model, set())
        if not new:
            continue
        if model._meta.label_lower in NEVER_PURGED:
            raise ValidationError(_("A purge never removes change records or purge decisions."))
        selection.rows[model] |= new
        for relation in _relations_pointing_at(model):
            pending += _follow(selection, relation, new)
    for (related_model, field_name), pks in list(selection.cleared.items()):
        selection.cleared[(related_model, field_name)] = pks - selection.rows.get(
            related_model, set()
        )
    return selection


def _relations_pointing_at(model) -> list:
    return [
        field
        for field in model._meta.get_fields(include_hidden=True)
        if field.auto_created and not field.concrete and (field.one_to_many or field.one_to_one)
    ]


def _follow(selection, relation, pks) -> list:
    related_model, field = relation.related_model, relation.field
    found = set()
    ordered = sorted(pks)
    for start in range(0, len(ordered), BATCH):
        batch = ordered[start : start + BATCH]
        found |= set(
            related_model._base_manager.filter(**{f"{field.name}__in": batch}).values_list(
                "pk", flat=True
            )
        )
    if not found:
        return []
    if field.null:
        selection.cleared.setdefault((related_model, field.name), set()).update(found)
        return []
    return [(related_model, found)]


def purge(
    *,
    selection: PurgeSelection,
    reference: str,
    by,
    scope: dict,
    including_published: bool = False,
) -> PurgeDecision:
    """Remove the selected rows for real under the decision `reference`; all or nothing."""
    reference = reference.strip()
    if not reference:
        raise ValidationError(
            {"reference": _("A purge needs the reference of the decision that allows it.")}
        )
    if not getattr(by, "is_authenticated", False):
        raise ValidationError({"by": _("A purge is made by a person: name who.")})
    published = selection.published_count()
    if published and not including_published:
        raise ValidationError(
            _(
                "The selection holds %(count)s published rows (rounds, publications, sent "
                "reports): say so explicitly to remove them too."
            )
            % {"count": published}
        )
    with transaction.atomic():
        decision = PurgeDecision.objects.create(
            reference=reference,
            executed_by=by,
            scope=scope,
            counts={"removed": selection.counts(), "cleared": selection.cleared_counts()},
        )
        _record_removals(selection, decision, by)
        _clear_mentions(selection, decision, by)
        for model, pks in selection.rows.items():
            ordered = sorted(pks)
            for start in range(0, len(ordered), BATCH):
                model._base_manager.filter(pk__in=ordered[start : start + BATCH])._raw_delete(
                    connection.alias
                )
        # Every foreign key is checked at the end of the transaction; check now, so that a
        # reference left dangling undoes the purge here with a clear error.
        connection.check_constraints()
    return decision


def _record_removals(selection, decision, by) -> None:
    now = timezone.now()
    records = []
    for model, pks in selection.rows.items():
        if model._meta.auto_created:
            continue
        content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
        for obj in _objects(model, pks):
            records.append(
                ChangeRecord(
                    content_type=content_type,
                    object_id=str(obj.pk),
                    object_repr=str(obj)[:300],
                    action=ChangeRecord.Action.REMOVED,
                    changes={"purge_decision": [None, decision.reference]},
                    changed_by=by,
                    changed_at=now,
                    administration_id=administration_id_of(obj),
                )
            )
    ChangeRecord.objects.bulk_create(records, batch_size=BATCH)


def _clear_mentions(selection, decision, by) -> None:
    now = timezone.now()
    records = []
    for (model, field_name), pks in selection.cleared.items():
        attname = model._meta.get_field(field_name).attname
        content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
        for obj in _objects(model, pks):
            records.append(
                ChangeRecord(
                    content_type=content_type,
                    object_id=str(obj.pk),
                    object_repr=str(obj)[:300],
                    action=ChangeRecord.Action.CHANGED,
                    changes={
                        field_name: [getattr(obj, attname), None],
                        "purge_decision": [None, decision.reference],
                    },
                    changed_by=by,
                    changed_at=now,
                    administration_id=administration_id_of(obj),
                )
            )
        ordered = sorted(pks)
        for start in range(0, len(ordered), BATCH):
            model._base_manager.filter(pk__in=ordered[start : start + BATCH]).update(
                **{attname: None}
            )
    ChangeRecord.objects.bulk_create(records, batch_size=BATCH)
