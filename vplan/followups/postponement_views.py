"""From the round's grid: moving an activity's end date (editors, with a reason), the round's list
of moves (controllers), and naming an activity's responsible people (controllers)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from vplan.followups.access import (
    access_activity_for_view,
    access_round_for_manage,
    access_round_for_view,
    can_report_in_round,
)
from vplan.followups.postponements import postpone, postponements_in
from vplan.paging import page_of
from vplan.plans.editing import update_activity
from vplan.plans.responsible_people import responsible_candidates


@login_required
@require_http_methods(["GET", "POST"])
def postpone_activity(request, round_id, activity_id):
    round = access_round_for_view(request.user, round_id)
    activity = access_activity_for_view(request.user, activity_id)
    back = reverse("followups:round", args=[round.pk]) + f"?activity={activity.pk}"
    if not can_report_in_round(request.user, activity, round):
        raise PermissionDenied
    errors = []
    if request.method == "POST":
        try:
            postpone(
                activity=activity,
                round=round,
                new_end=request.POST.get("new_end", ""),
                reason=request.POST.get("reason", ""),
                by=request.user,
            )
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(request, _("The end date was moved and the move recorded."))
            return redirect(back + f"#activity-{activity.pk}")
    context = {
        "round": round,
        "plan": round.plan,
        "activity": activity,
        "errors": errors,
        "new_end": request.POST.get("new_end", ""),
        "reason": request.POST.get("reason", ""),
        "back": back,
    }
    return render(request, "followups/postpone.html", context, status=400 if errors else 200)


@login_required
@require_GET
def round_postponements(request, round_id):
    round = access_round_for_manage(request.user, round_id)
    page = page_of(request, postponements_in(round))
    return render(
        request,
        "followups/postponements.html",
        {"round": round, "plan": round.plan, "page": page},
    )


@login_required
@require_http_methods(["GET", "POST"])
def responsible_people(request, round_id, activity_id):
    """A controller names an activity's responsible people from the round's grid (the same
    operation as the activity's editing page)."""
    round = access_round_for_manage(request.user, round_id)
    activity = access_activity_for_view(request.user, activity_id)
    if activity.plan_id != round.plan_id:
        raise PermissionDenied
    back = reverse("followups:round", args=[round.pk]) + f"?activity={activity.pk}"
    candidates = list(responsible_candidates(round.plan))
    errors = []
    if request.method == "POST":
        chosen = {int(pk) for pk in request.POST.getlist("person") if pk.isdigit()}
        try:
            update_activity(
                activity=activity,
                by=request.user,
                responsible_people=[person for person in candidates if person.pk in chosen],
            )
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(request, _("The responsible people were saved."))
            return redirect(back + f"#activity-{activity.pk}")
    current = set(activity.responsible_people.values_list("pk", flat=True))
    context = {
        "round": round,
        "plan": round.plan,
        "activity": activity,
        "people": [(person, person.pk in current) for person in candidates],
        "errors": errors,
        "back": back,
    }
    return render(
        request, "followups/responsible_people.html", context, status=400 if errors else 200
    )
