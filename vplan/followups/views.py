"""The follow-up pages: a round's entry grid, saving one row, who has not reported (the round's
lifecycle pages: round_action_views.py)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from vplan import htmx
from vplan.followups.access import (
    access_activity_for_edit,
    access_round_for_manage,
    access_round_for_view,
)
from vplan.followups.entry_grid import (
    PublishedGrid,
    Row,
    StatusOptions,
    grid_counts,
    kept_published_grid,
    offered_statuses,
    published_grid_of,
    read_grid,
    read_published_grid,
)
from vplan.followups.forms import GridFilterForm, StatusReportForm
from vplan.followups.models import StatusReport
from vplan.followups.progress import (
    activities_missing_report,
    missing_counts_by_board,
    missing_report_rows,
)
from vplan.followups.readiness import sign_offs
from vplan.followups.reporting import (
    RoundNotOpen,
    StatusConflict,
    current_report,
    submit_status_report,
)
from vplan.organisation import permissions
from vplan.paging import page_of
from vplan.reports.publication import Viewer, published_round, shown_publication


@require_GET
def round_detail(request, round_id):
    round = access_round_for_view(request.user, round_id)
    return _render_round(request, round)


def _filter_form(request, round, *, editable: int, goals=None) -> GridFilterForm:
    """The grid's filters from the URL; without any, what the person can act on: the rows they
    may report on, else the rows of the plan's first board. `goals`: (municipal goals, board
    goals) as (key, title) pairs; by default the plan's."""
    plan = round.plan
    boards = list(plan.boards.all())
    if goals is None:
        goals = (
            plan.municipal_goals.values_list("pk", "title"),
            plan.board_goals.values_list("pk", "title"),
        )
    default = {"mine": "on"} if editable else {"board": str(boards[0].pk)} if boards else None
    return GridFilterForm(
        request.GET,
        boards=boards,
        municipal_goals=list(goals[0]),
        board_goals=list(goals[1]),
        default=default,
    )


def _render_round(request, round, *, changed_row: Row | None = None, status=200):
    """The round page, one page of rows; `changed_row` replaces its row (a refused save
    without htmx), or comes first when it is not on the page."""
    if changed_row is None:
        published = _published_grid(request.user, round)
        if published is not None:
            return _render_published_round(request, round, published)
    counts = grid_counts(user=request.user, round=round)
    filters = _filter_form(request, round, editable=counts.editable)
    grid = read_grid(user=request.user, round=round, filters=filters.grid_filter())
    page = page_of(request, grid, holding=grid.position_of(request.GET.get("activity")))
    rows = link_rows(page.items, round)
    if changed_row is not None:
        link_rows([changed_row], round)
        others = [row for row in rows if row.activity.pk != changed_row.activity.pk]
        rows = [changed_row if row.activity.pk == changed_row.activity.pk else row for row in rows]
        if len(others) == len(rows):
            rows = [changed_row, *rows]
    administration = round.plan.administration
    context = {
        "round": round,
        "plan": round.plan,
        "rows": rows,
        "page": page,
        "row_count": counts.rows,
        "editable_count": counts.editable,
        "missing_count": counts.missing,
        "filters": filters,
        "recent": _latest_reports(round),
        "can_manage": permissions.can_manage_administration(request.user, administration),
        "show_authors": permissions.is_member(request.user, administration),
    }
    return render(request, "followups/round.html", context, status=status)


def link_rows(rows: list[Row], round) -> list[Row]:
    """Give each row its links, the URLs reversed once for the page rather than per row."""
    marker = "0"
    activity = reverse("plans:activity", args=[marker])
    save = reverse("followups:report", args=[round.pk, marker])
    postpone = reverse("followups:postpone", args=[round.pk, marker])
    responsible = reverse("followups:responsible_people", args=[round.pk, marker])
    for row in rows:
        key = str(row.activity.pk)
        row.activity_url = _with_last(activity, marker, key)
        row.save_url = _with_last(save, marker, key)
        row.postpone_url = _with_last(postpone, marker, key)
        row.responsible_url = _with_last(responsible, marker, key)
    return rows


def _with_last(url: str, marker: str, value: str) -> str:
    """`url` with its last `marker` path segment replaced by `value`."""
    head, _, tail = url.rpartition(f"/{marker}/")
    return f"{head}/{value}/{tail}"


def _latest_reports(round, count=10):
    """The round's latest reports; the newest ids first, then their details (no join over
    every report of the round)."""
    newest = StatusReport.objects.in_round(round).order_by("-created_at", "-id")
    return (
        StatusReport.objects.filter(pk__in=list(newest.values_list("pk", flat=True)[:count]))
        .with_details()
        .select_related("activity")
        .order_by("-created_at", "-id")
    )


def _published_grid(user, round) -> PublishedGrid | None:
    """What the grid shows of the round as published for this user; None: the round as it is."""
    viewer = Viewer.of(user, round)
    publication = shown_publication(viewer=viewer, round=round)
    if publication is None:
        return None
    key = (publication.pk, publication.published_at, get_language(), viewer.sees_personal_names)
    return kept_published_grid(
        key, lambda: published_grid_of(published_round(viewer=viewer, round=round))
    )


def _render_published_round(request, round, published: PublishedGrid):
    """A published round shows what was published, whatever happened to the plan since;
    filtered and paged as the live grid is."""
    titles = published.board_goal_titles
    filters = _filter_form(
        request, round, editable=0, goals=(published.municipal_goals, enumerate(titles))
    )
    board, board_goal = filters.chosen_board, filters.chosen_board_goal
    shown = read_published_grid(
        grid=published,
        filters=filters.grid_filter(),
        board_code=board.display_code if board else None,
        board_goal_title=titles[board_goal]
        if board_goal is not None and board_goal < len(titles)
        else None,
    )
    context = {
        "round": round,
        "plan": round.plan,
        "publication": published.publication,
        "corrections": published.corrections,
        "page": page_of(request, shown),
        "row_count": len(published.rows),
        "missing_count": published.missing_count,
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
    statuses = offered_statuses(latest)
    row = Row(activity=activity, report=latest, can_edit=True)
    form = StatusReportForm(request.POST, prefix=row.prefix, statuses=statuses)
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
    if row.report is not None and row.report.status and row.report.status not in statuses:
        statuses.append(row.report.status)  # a retired status the row still has
    row.options = StatusOptions(statuses)
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
    link_rows([row], round)
    response = render(
        request,
        "followups/includes/grid_row.html",
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
    """'Who has not reported': per board, the activities without a status in the round, 50
    rows a page in board order (or one board's, `?board=`), each board linked with its count."""
    round = access_round_for_manage(request.user, round_id)
    boards = missing_counts_by_board(round=round)
    chosen = next((row for row in boards if str(row.board.pk) == request.GET.get("board")), None)
    rows = missing_report_rows(round=round, board_id=chosen and chosen.board.pk)
    page = page_of(request, rows)
    counts = {row.board.pk: row.count for row in boards}
    groups = []
    for row in page.items:
        if not groups or groups[-1]["board"].pk != row.board_id:
            groups.append({"board": row.board, "count": counts.get(row.board_id, 0), "rows": []})
        groups[-1]["rows"].append(row.activity)
    states = {entry.board.pk: entry for entry in sign_offs(round)}
    context = {
        "round": round,
        "plan": round.plan,
        "boards": boards,
        "board_rows": [(row, states.get(row.board.pk)) for row in boards],
        "chosen": chosen,
        "page": page,
        "groups": groups,
        "total": activities_missing_report(round=round).count(),
    }
    return render(request, "followups/missing.html", context)
