"""The round's sign-off page: each board's state (marked ready, approved, returned), its history
and the steps the user may take; each step a small POST that names the step it follows."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from vplan.followups.access import access_round_for_members
from vplan.followups.models import BoardReadiness, FollowUpRound
from vplan.followups.readiness import (
    SignOffConflict,
    may_decide,
    may_mark_ready,
    sign_offs,
    take_step,
)
from vplan.organisation.models import Board


@login_required
@require_GET
def readiness(request, round_id):
    round = access_round_for_members(request.user, round_id)
    is_open = round.state == FollowUpRound.State.OPEN
    entries = [
        {
            "entry": entry,
            "may_mark_ready": is_open
            and entry.state in (None, BoardReadiness.State.RETURNED)
            and may_mark_ready(request.user, round, entry.board),
            "may_decide": is_open and may_decide(request.user, round),
        }
        for entry in sign_offs(round)
    ]
    context = {
        "round": round,
        "plan": round.plan,
        "entries": entries,
        "State": BoardReadiness.State,
    }
    return render(request, "followups/readiness.html", context)


@login_required
@require_POST
def take_readiness_step(request, round_id, board_id):
    round = access_round_for_members(request.user, round_id)
    board = get_object_or_404(Board, pk=board_id)
    expected = request.POST.get("expected", "")
    try:
        take_step(
            round=round,
            board=board,
            state=request.POST.get("state", ""),
            by=request.user,
            expected=int(expected) if expected.isdigit() else None,
            comment=request.POST.get("comment", ""),
            base_url=settings.VPLAN_BASE_URL or request.build_absolute_uri("/"),
        )
    except SignOffConflict as conflict:
        messages.error(request, str(conflict) + " " + _("The page shows it as it is now."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Saved."))
    return redirect("followups:readiness", round.pk)
