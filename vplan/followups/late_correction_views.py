"""A controller's late correction of a status, from the activity's page (see late_corrections)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vplan.followups.access import access_activity_for_view, access_round_for_manage
from vplan.followups.late_corrections import correct_late
from vplan.followups.models import Status
from vplan.followups.reporting import StatusConflict


@login_required
@require_POST
def late_correction(request, round_id, activity_id):
    round = access_round_for_manage(request.user, round_id)
    activity = access_activity_for_view(request.user, activity_id)
    chosen = request.POST.get("status", "")
    status = Status.objects.active().filter(pk=chosen).first() if chosen.isdigit() else None
    expected = request.POST.get("expected_version", "")
    try:
        if status is None:
            raise ValidationError(_("Choose a status."))
        correct_late(
            activity=activity,
            round=round,
            by=request.user,
            status=status,
            comment=request.POST.get("comment", ""),
            reason=request.POST.get("reason", ""),
            expected_version=int(expected) if expected.isdigit() else -1,
        )
    except StatusConflict:
        messages.error(request, _("Someone else corrected the status first: see the newest."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The correction was saved as a late correction."))
    return redirect("plans:activity", activity.pk)
