"""Editors propose postponements: someone who reports on an activity in an open round moves its
current end date, with a reason. It is recorded as a postponement (the activity shows as
`December*`, the change is in the audit trail) and the round's controller sees it in the round.
The decided end date stays a controller's (plan editing)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from vplan.followups.access import can_report_in_round
from vplan.followups.models import FollowUpRound, Postponement
from vplan.plans.editing import change_end_date, check_typed_text
from vplan.plans.models import Activity, Plan

MAX_REASON_LENGTH = 2000


def postpone(
    *, activity: Activity, round: FollowUpRound, new_end: str, reason: str, by
) -> Postponement:
    """Move the activity's current end date to `new_end` (as the plan writes dates: 'Juni',
    'Q4', 'Förskjuts till 2027'), with a reason. Only for someone who may report on it in this
    open round, and only in a decided plan (a draft's dates are the controller's to edit)."""
    if not can_report_in_round(by, activity, round):
        raise PermissionDenied
    if round.state != FollowUpRound.State.OPEN:
        raise ValidationError(_("End dates are moved in an open round."))
    if activity.plan.state == Plan.State.DRAFT:
        raise ValidationError(_("The plan is not decided yet: its controller edits the end dates."))
    reason = check_typed_text((reason or "").strip(), field="reason", max_length=MAX_REASON_LENGTH)
    if not reason:
        raise ValidationError({"reason": _("Say why the end date moves.")})
    new_end = (new_end or "").strip()
    if not new_end:
        raise ValidationError({"new_end": _("Give the new end date.")})
    before = str(activity.current_end or activity.decided_end or "")
    with transaction.atomic():
        locked = Activity.objects.select_for_update().get(pk=activity.pk)
        change_end_date(activity=locked, new_end=new_end, by=by)
        return Postponement.objects.create(
            round=round,
            activity=locked,
            moved_from=before,
            moved_to=str(locked.current_end or ""),
            reason=reason,
            made_by=by,
        )


def postponements_in(round: FollowUpRound):
    """The round's postponements, newest first, with their activities and who made them."""
    return Postponement.objects.filter(round=round).select_related("activity", "made_by")
