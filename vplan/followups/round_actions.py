"""The round's lifecycle pages: open a new round, close, publish, open again (controllers)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from vplan.followups import round_lifecycle
from vplan.followups.access import access_plan_for_manage, access_round_for_manage
from vplan.followups.forms import RoundForm
from vplan.plans.editing_forms import add_operation_errors
from vplan.reports.publication import publish_round

TRANSITIONS = {
    "close": (round_lifecycle.close_round, gettext_lazy("The round is closed: no more reports.")),
    "open": (round_lifecycle.open_round, gettext_lazy("The round is open for reports again.")),
    "publish": (
        publish_round,
        gettext_lazy("The round is published: anyone can read it without signing in."),
    ),
    "reopen": (round_lifecycle.reopen_round, gettext_lazy("The round is open for reports again.")),
}


@login_required
@require_POST
def change_state(request, round_id, action):
    """Close, open, publish (or publish a correction) or reopen a round (controllers)."""
    round = access_round_for_manage(request.user, round_id)
    if action not in TRANSITIONS:
        raise Http404
    operation, done = TRANSITIONS[action]
    extra = {}
    if action == "publish":
        extra["correction_reason"] = request.POST.get("correction_reason", "")[:2000]
    try:
        operation(round=round, by=request.user, **extra)
        messages.success(request, done)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("followups:round", round.pk)


@login_required
@require_http_methods(["GET", "POST"])
def create_round(request, plan_id):
    """Open a new follow-up round of a decided plan (controllers)."""
    plan = access_plan_for_manage(request.user, plan_id)
    form = RoundForm(request.POST or None)
    if form.is_valid():
        try:
            round = round_lifecycle.create_round(plan=plan, by=request.user, **form.cleaned_data)
            messages.success(request, _("The round is open for reports."))
            return redirect("followups:round", round.pk)
        except ValidationError as error:
            add_operation_errors(form, error)
    return render(request, "followups/create_round.html", {"plan": plan, "form": form})
