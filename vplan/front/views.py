"""The start page, the accessibility statement and the site's small pages: the CSRF failure page,
password reset (only with e-mail), the health check, the favicon and the benchmark's floor."""

import datetime

from django.conf import settings
from django.contrib.auth.views import PasswordResetView
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.db.models import F
from django.http import Http404, HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_safe

from vplan.followups.access import readable_plans, readable_rounds
from vplan.followups.progress import missing_report_counts
from vplan.mail_url import email_is_configured
from vplan.organisation.permissions import editable_board_ids, managed_administrations

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
    plans = list(readable_plans(request.user).order_by("-year", "administration__name"))
    managed = set(managed_administrations(request.user).values_list("pk", flat=True))
    links_to_last_year, carry_over = _plan_urls("lineage:plan"), _plan_urls("lineage:rollover")
    for plan in plans:
        if plan.administration_id in managed:
            plan.links_to_last_year_url = links_to_last_year(plan.pk)
            plan.carry_over_url = carry_over(plan.pk)
    context = {
        "plans": plans,
        "manages_a_plan": bool(managed),
        "open_rounds": open_rounds,
        "published_rounds": rounds.published().order_by("-as_of")[:12],
    }
    return render(request, "front/start.html", context)


def _plan_urls(name: str):
    """The URL of `name` for any plan id, reversed once for the page rather than per plan."""
    head, _marker, tail = reverse(name, args=[0]).rpartition("/0/")
    return lambda plan_id: f"{head}/{plan_id}/{tail}"


@require_GET
def accessibility(request):
    context = {
        "reviewed_on": STATEMENT_REVIEWED_ON,
        "organisation": settings.VPLAN_ORGANISATION_NAME,
        "contact_email": settings.VPLAN_ACCESSIBILITY_CONTACT_EMAIL,
    }
    return render(request, "front/accessibility.html", context)


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: the form was stale or came from elsewhere; reloading the page helps."""
    return render(request, "403_csrf.html", status=403)


def password_reset(request):
    """Django's password reset when Vplan can send e-mail; otherwise a page that says it cannot."""
    if not email_is_configured():
        context = {"title": _("Password reset")}
        return render(request, "registration/password_reset_unavailable.html", context)
    return reset_password_by_email(request)


reset_password_by_email = PasswordResetView.as_view()


@never_cache
@require_safe
def healthz(request):
    """For load balancers: 200 while the database answers a query, 503 when it does not."""
    try:
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "unavailable", "database": False}, status=503)
    return JsonResponse({"status": "ok", "database": True})


@require_safe
def favicon(request):
    """Browsers ask for /favicon.ico whatever the page says: the icon among the static files."""
    return HttpResponsePermanentRedirect(static("front/favicon.ico"))


@require_safe
def bench_floor(request):
    """The benchmark's floor (bench/run.py, docs/performance.md): the site's layout with nothing in
    it, through the same middleware and context processors as every page. Not found unless
    VPLAN_BENCH_FLOOR is true."""
    if not settings.VPLAN_BENCH_FLOOR:
        raise Http404
    return render(request, "front/floor.html")
