"""The follow-up pages: a round's entry grid, saving one row, who has not reported, round states."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from vplan import htmx
from vplan.followups import round_lifecycle
from vplan.followups.access import (
    access_activity_for_edit,
    access_plan_for_manage,
    access_round_for_manage,
    access_round_for_view,
)
from vplan.followups.entry_grid import Row, empty_form, grid_rows, offered_statuses
from vplan.followups.forms import GridFilterForm, RoundForm, StatusReportForm
from vplan.followups.models import StatusReport
from vplan.followups.progress import missing_reports_by_board
from vplan.followups.reporting import (
    RoundNotOpen,
    StatusConflict,
    current_report,
    submit_status_report,
)
from vplan.organisation import permissions
from vplan.plans.editing_forms import add_operation_errors
from vplan.reports.publication import Viewer, publish_round, published_round


@require_GET
def round_detail(request, round_id):
    round = access_round_for_view(request.user, round_id)
    return _render_round(request, round)


def _render_round(request, round, *, changed_row: Row | None = None, status=200):
    """The whole round page; `changed_row` replaces its row (a refused save without htmx)."""
    published = published_round(viewer=Viewer.of(request.user, round), round=round)
    if published is not None and changed_row is None:
        return _render_published_round(request, round, published)
    rows = grid_rows(user=request.user, round=round)
    if changed_row is not None:
        rows = [changed_row if row.activity.pk == changed_row.activity.pk else row for row in rows]
    filters = GridFilterForm(request.GET, boards=list(round.plan.boards.all()))
    shown = [row for row in rows if row is changed_row or filters.keeps(row)]
    administration = round.plan.administration
    context = {
        "round": round,
        "plan": round.plan,
        "rows": shown,
        "row_count": len(rows),
        "editable_count": sum(1 for row in rows if row.can_edit),
        "missing_count": sum(1 for row in rows if row.report is None),
        "filters": filters,
        "recent": StatusReport.objects.in_round(round)
        .with_details()
        .select_related("activity")
        .order_by("-created_at", "-id")[:10],
        "can_manage": permissions.can_manage_administration(request.user, administration),
        "show_authors": permissions.is_member(request.user, administration),
    }
    return render(request, "followups/round.html", context, status=status)


def _render_published_round(request, round, published):
    """A published round shows what was published, whatever happened to the plan since."""
    filters = GridFilterForm(request.GET, boards=list(round.plan.boards.all()))
    rows = published.rows
    context = {
        "round": round,
        "plan": round.plan,
        "publication": published.publication,
        "corrections": published.report.corrections,
        "published_rows": [row for row in rows if filters.keeps_published(row)],
        "row_count": len(rows),
        "missing_count": sum(1 for row in rows if not row.has_status),
        "filters": filters,
        "can_manage": permissions.can_manage_administration(
            request.user, round.plan.administration
        ),
        "show_authors": permissions.sees_personal_names(request.user, round.plan.administration),
    }
    return render(request, "followups/round.html", context)


@login_required
@require_POST
def report(request, round_id, activity_id):
    """Save one row of the grid: the row fragment for htmx, else a redirect (or the page)."""
    round = access_round_for_view(request.user, round_id)
    activity = access_activity_for_edit(request.user, activity_id)
    if activity.plan_id != round.plan_id:
        raise Http404
    latest = current_report(activity=activity, round=round)
    row = Row(activity=activity, report=latest, can_edit=True)
    form = StatusReportForm(
        request.POST, prefix=f"a{activity.pk}", statuses=offered_statuses(latest)
    )
    status = 200
    if not form.is_valid():
        row.form, status = form, 422
    else:
        try:
            row.report = submit_status_report(
                activity=activity,
                round=round,
                author=request.user,
                status=form.cleaned_data["status"],
                comment=form.cleaned_data["comment"],
                expected_version=form.cleaned_data["expected_version"],
            )
            row.saved = True
        except StatusConflict as conflict:
            row.conflict, row.report, status = conflict, conflict.current, 409
            row.form = _resubmit_form(form, version=row.version)
        except RoundNotOpen:
            row.can_edit, status = False, 409
            row.refusal = _("Not saved: the round no longer takes reports.")
            row.form = form
        except ValidationError as error:
            form.add_error(None, error)
            row.form, status = form, 422
    if row.saved and row.form is None:
        row.form = empty_form(row, offered_statuses(row.report))
    if htmx.is_htmx(request):
        return _render_row(request, round, row, status)
    if status == 200:
        messages.success(request, _("Saved: %(text)s") % {"text": activity.text[:80]})
        return redirect(f"{reverse('followups:round', args=[round.pk])}#{row.anchor}")
    return _render_round(request, round, changed_row=row, status=status)


def _resubmit_form(form, *, version: int) -> StatusReportForm:
    """The author's own text again, now on top of the newer version: saving it is a choice."""
    data = form.data.copy()
    data[form.add_prefix("expected_version")] = str(version)
    return StatusReportForm(data, prefix=form.prefix, statuses=list(form.statuses.values()))


def _render_row(request, round, row, status):
    response = render(
        request,
        "followups/round.html#row",
        {"round": round, "row": row, "show_authors": True},
        status=status,
    )
    if row.saved:
        htmx.announce(response, _("Saved: %(text)s") % {"text": row.activity.text[:80]})
    elif row.conflict:
        htmx.announce(response, _("Not saved: someone else changed the status first."))
    elif row.refusal:
        htmx.announce(response, row.refusal)
    return response


@login_required
@require_GET
def missing(request, round_id):
    """'Who has not reported': per board, the activities without a status in the round."""
    round = access_round_for_manage(request.user, round_id)
    groups = missing_reports_by_board(round=round)
    context = {
        "round": round,
        "plan": round.plan,
        "groups": groups,
        "total": len({a.pk for group in groups for a in group.activities}),
    }
    return render(request, "followups/missing.html", context)


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
