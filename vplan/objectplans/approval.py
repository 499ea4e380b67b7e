"""Approving an object plan version: preliminary and final by the object owners, decided by the
board, revised later. Who approved and when is kept on the version and in the change trail."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vplan.audit.models import ChangeRecord
from vplan.audit.trail import record_change, update_with_trail
from vplan.objectplans.models import (
    STANDARD_VERSION_NUMBERS,
    VERSION_ORDER,
    ObjectPlan,
    ObjectPlanVersion,
    VersionState,
)


class ApprovalRefused(ValidationError):
    """The version cannot be approved now; the message says why."""


def approve_object_plan_version(
    *,
    object_plan: ObjectPlan,
    state: str,
    by,
    approved_on: datetime.date | None = None,
    approver_name: str = "",
    comment: str | None = None,
) -> ObjectPlanVersion:
    """Mark the version of `state` as reached on `approved_on` (today if not given) by `by`.

    A plan moves forward: a state cannot be approved once a later state is reached. Each
    state is approved once, except revisions: every new revision gets the next number (2.0,
    2.1 ...). The draft is where a plan starts and is not approved.
    """
    if state not in VERSION_ORDER or state == VersionState.DRAFT:
        raise ApprovalRefused(
            _("Choose a state to approve: preliminary, final, decided or revised.")
        )
    with transaction.atomic():
        object_plan = ObjectPlan.objects.select_for_update().get(pk=object_plan.pk)
        versions = list(object_plan.versions.order_by("id"))
        reached = [v for v in versions if v.is_reached]
        furthest = max((VERSION_ORDER[v.state] for v in reached), default=0)
        if VERSION_ORDER[state] < furthest:
            raise ApprovalRefused(
                _("The plan has already reached a later state than %(state)s.")
                % {"state": VersionState(state).label}
            )
        version = next((v for v in versions if v.state == state and not v.is_reached), None)
        if version is None and any(v.state == state for v in reached):
            if state != VersionState.REVISED:
                done = next(v for v in reached if v.state == state)
                raise ApprovalRefused(
                    _("Version %(number)s was already approved on %(date)s.")
                    % {"number": done.number, "date": done.date.isoformat()}
                )
        if version is None:
            version = ObjectPlanVersion(
                object_plan=object_plan,
                number=_next_number(versions, state),
                state=state,
                comment=comment or "",
            )
            version.full_clean()
            version.save()
            record_change(obj=version, by=by, action=ChangeRecord.Action.CREATED)
        changes = {
            "date": approved_on or timezone.localdate(),
            "approved_by": by if getattr(by, "is_authenticated", False) else None,
            "approved_at": timezone.now(),
            "approver_name": approver_name.strip(),
        }
        if comment is not None:
            changes["comment"] = comment.strip()
        update_with_trail(obj=version, by=by, **changes)
        return version


def _next_number(versions: list[ObjectPlanVersion], state: str) -> str:
    taken = {v.number for v in versions}
    number = STANDARD_VERSION_NUMBERS[state]
    if number not in taken:
        return number
    major, minor = max(v.number_key for v in versions if v.state == state)
    while f"{major}.{minor}" in taken:
        minor += 1
    return f"{major}.{minor}"
