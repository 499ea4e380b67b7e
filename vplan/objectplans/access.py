"""Who may read and change IT object plans: the members of the object's administration read,
its administrators and controllers manage (roles: vplan/organisation/permissions.py)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from vplan.objectplans.models import ObjectPlan
from vplan.organisation.permissions import (
    can_manage_administration,
    is_member,
    is_signed_in,
    is_superuser,
    member_administration_ids,
    object_or_404,
)


def can_read_object_plan(user, object_plan) -> bool:
    return is_member(user, object_plan.it_object.administration)


def access_object_plan_for_view(user, pk):
    object_plan = object_or_404(ObjectPlan, pk)
    if not can_read_object_plan(user, object_plan):
        raise Http404
    return object_plan


def access_object_plan_for_manage(user, pk):
    object_plan = access_object_plan_for_view(user, pk)
    if not can_manage_administration(user, object_plan.it_object.administration):
        raise PermissionDenied
    return object_plan


def readable_object_plans(user):
    """The live IT object plans a user may read: those of their administrations' objects."""
    plans = ObjectPlan.objects.with_object()
    if is_superuser(user):
        return plans
    if not is_signed_in(user):
        return plans.none()
    return plans.filter(it_object__administration_id__in=member_administration_ids(user))
