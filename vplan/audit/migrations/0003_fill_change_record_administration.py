"""Fill the administration of the change records written before records knew it.

The same walk as vplan.audit.trail.administration_id_of, written out here because migrations
import no app code: from the changed object through its plan, round, activity, object plan, IT
object ... to an administration. Records of objects that no longer exist, or that belong to no
administration (statuses, perspectives, people), keep it empty: superusers read those.
"""

from django.core.exceptions import FieldDoesNotExist
from django.db import migrations

ROUTES = ("plan", "round", "activity", "object_plan", "it_object", "area", "key", "publication", "board")


def _administration_id(obj, depth=4):
    if obj._meta.label_lower == "organisation.administration":
        return obj.pk
    if getattr(obj, "administration_id", None) is not None:
        return obj.administration_id
    if depth == 0:
        return None
    for name in ROUTES:
        try:
            field = obj._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        if not field.concrete or not (field.many_to_one or field.one_to_one):
            continue
        if getattr(obj, field.attname) is None:
            continue
        found = _administration_id(getattr(obj, name), depth - 1)
        if found is not None:
            return found
    return None


def fill_administrations(apps, schema_editor):
    ChangeRecord = apps.get_model("audit", "ChangeRecord")
    ContentType = apps.get_model("contenttypes", "ContentType")
    unfilled = ChangeRecord.objects.filter(administration__isnull=True)
    for content_type in ContentType.objects.filter(
        pk__in=unfilled.values("content_type_id").distinct()
    ):
        try:
            model = apps.get_model(content_type.app_label, content_type.model)
        except LookupError:
            continue
        records = unfilled.filter(content_type=content_type)
        object_ids = set(records.values_list("object_id", flat=True))
        by_administration = {}
        for pk in object_ids:
            try:
                obj = model._base_manager.get(pk=pk)
            except (model.DoesNotExist, ValueError):
                continue
            administration_id = _administration_id(obj)
            if administration_id is not None:
                by_administration.setdefault(administration_id, []).append(pk)
        for administration_id, pks in by_administration.items():
            records.filter(object_id__in=[str(pk) for pk in pks]).update(
                administration_id=administration_id
            )


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0002_change_record_administration_and_purge_decision"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("organisation", "0002_board_order_and_replacement"),
        ("plans", "0004_activity_postponed_from_unknown_date"),
        ("followups", "0004_published_rounds_are_public_from_now"),
        ("objectplans", "0001_it_objects_object_plans_and_budget"),
        ("reports", "0002_publications_freeze_what_a_round_showed"),
        ("lineage", "0001_lineage_links"),
        ("imports", "0004_import_record_keeps_the_document"),
    ]

    operations = [migrations.RunPython(fill_administrations, migrations.RunPython.noop)]
