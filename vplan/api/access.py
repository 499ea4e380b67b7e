"""The API's way into permissions.py: look an object up, then let permissions.py decide.

Each function returns the object or raises Http404 (not there, or not for this user to know)
or PermissionDenied (visible, but not for this user to change).
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from vplan.followups.access import (
    access_activity_for_view,
    access_plan_for_manage,
    access_plan_for_view,
)
from vplan.organisation import permissions
from vplan.plans.models import Activity


def user_of(request):
    """The caller: the token's user, the session's user, or AnonymousUser (reads only)."""
    return request.auth


def in_managed_plan(user, model, pk: int):
    """A goal, assignment or placement whose plan the user manages (controllers, admins)."""
    manager = model._base_manager
    obj = get_object_or_404(manager.select_related(*_plan_path(model)), pk=pk)
    access_plan_for_manage(user, _plan_id(obj))
    return obj


def _plan_path(model) -> list[str]:
    return ["activity"] if model.__name__ == "Placement" else []


def _plan_id(obj) -> int:
    return obj.activity.plan_id if hasattr(obj, "activity_id") else obj.plan_id


def activity_for_manage(user, pk: int, *, deleted_too: bool = False) -> Activity:
    """An activity of a plan the user manages; `deleted_too` finds soft-deleted ones (restore)."""
    if deleted_too:
        activity = get_object_or_404(Activity.all_objects, pk=pk)
    else:
        activity = access_activity_for_view(user, pk)
    access_plan_for_manage(user, activity.plan_id)
    return activity


def plan_for_history(user, plan_id: int):
    """History names who changed what: for members of the administration only."""
    plan = access_plan_for_view(user, plan_id)
    if not permissions.is_member(user, plan.administration):
        raise PermissionDenied(_("The change history is for members of the administration."))
    return plan
