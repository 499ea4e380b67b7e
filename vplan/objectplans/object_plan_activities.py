"""The year's prioritised activities of an object plan, and their links to plan activities."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from vplan.audit.models import ChangeRecord
from vplan.audit.trail import record_change, soft_delete, update_with_trail
from vplan.objectplans.models import ObjectPlan, ObjectPlanActivity
from vplan.plans.models import Activity


def _check_link(object_plan: ObjectPlan, activity: Activity | None) -> None:
    if activity is not None and activity.plan.year != object_plan.year:
        raise ValidationError(
            _("Link an activity of a %(year)s plan: the object plan is for %(year)s.")
            % {"year": object_plan.year}
        )


def add_object_plan_activity(
    *, object_plan: ObjectPlan, unit: str, text: str, by, activity: Activity | None = None
) -> ObjectPlanActivity:
    _check_link(object_plan, activity)
    with transaction.atomic():
        item = ObjectPlanActivity(
            object_plan=object_plan,
            unit=unit.strip(),
            text=text.strip(),
            activity=activity,
            order=object_plan.activities.count(),
        )
        item.full_clean()
        item.save()
        record_change(obj=item, by=by, action=ChangeRecord.Action.CREATED)
        return item


def link_object_plan_activity(
    *, item: ObjectPlanActivity, activity: Activity | None, by
) -> ObjectPlanActivity:
    """Make the object plan's activity the same as a plan's activity (None: unlink), so the
    status reported on the plan's activity is the status of both."""
    _check_link(item.object_plan, activity)
    update_with_trail(obj=item, by=by, activity=activity)
    return item


def remove_object_plan_activity(*, item: ObjectPlanActivity, by) -> None:
    soft_delete(obj=item, by=by)
