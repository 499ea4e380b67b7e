"""The start page and the accessibility statement."""

import datetime

from django.conf import settings
from django.db.models import F
from django.shortcuts import render
from django.views.decorators.http import require_GET

from vplan.followups.access import readable_plans, readable_rounds
from vplan.followups.progress import missing_report_counts
from vplan.organisation.permissions import editable_board_ids

# When the accessibility statement was last reviewed against the service.
STATEMENT_REVIEWED_ON = datetime.date(2026, 11, 25)


@require_GET
def start(request):
    rounds = readable_rounds(request.user)
    open_rounds = []
    if request.user.is_authenticated:
        open_rounds = list(
            rounds.open().order_by(F("reporting_deadline").asc(nulls_last=True), "as_of")
        )
        missing = missing_report_counts(user=request.user, rounds=open_rounds)
        for round in open_rounds:
            may_report = editable_board_ids(request.user, round.plan.administration) != set()
            round.my_missing = missing[round.pk] if may_report else None
    context = {
        "plans": readable_plans(request.user).order_by("-year", "administration__name"),
        "open_rounds": open_rounds,
        "published_rounds": rounds.published().order_by("-as_of")[:12],
    }
    return render(request, "front/start.html", context)


@require_GET
def accessibility(request):
    context = {
        "reviewed_on": STATEMENT_REVIEWED_ON,
        "organisation": settings.VPLAN_ORGANISATION_NAME,
        "contact_email": settings.VPLAN_ACCESSIBILITY_CONTACT_EMAIL,
    }
    return render(request, "front/accessibility.html", context)
