"""Overview pages: charts that read at a glance, the numbers as tables, each as CSV too."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from vplan.organisation import permissions
from vplan.organisation.models import Administration
from vplan.overviews import charts, exports
from vplan.overviews.figures import (
    CATEGORIES,
    CATEGORY_LABELS,
    GROUPINGS,
    chronic_list,
    done_share_by_year,
    load_rows,
    overdue_activities,
    status_table,
)
from vplan.overviews.forms import OverviewFilterForm
from vplan.paging import page_of

CATEGORY_CHOICES = [(category, CATEGORY_LABELS[category]) for category in CATEGORIES]


def _administration_for_member(user, administration_id) -> Administration:
    """Overviews show unpublished rounds too: members of the administration only."""
    administration = get_object_or_404(Administration, pk=administration_id)
    if not permissions.is_member(user, administration):
        raise Http404
    return administration


def _wants_csv(request) -> bool:
    return request.GET.get("format") == "csv"


def _csv_url(request) -> str:
    query = request.GET.copy()
    query["format"] = "csv"
    return f"{request.path}?{query.urlencode()}"


def _nav_query(request) -> str:
    """The filters every page shares, kept when moving between the overview pages."""
    query = request.GET.copy()
    for name in list(query):
        if name not in ("year", "board"):
            del query[name]
    return query.urlencode()


def _page(request, template, administration, filters, **context):
    context.update(
        {
            "administration": administration,
            "filters": filters,
            "csv_url": _csv_url(request),
            "nav_query": _nav_query(request),
        }
    )
    return render(request, f"overviews/{template}", context)


def _filename(administration, name, filters) -> str:
    parts = [administration.short_code, name, str(filters.value("year") or _("all years"))]
    if filters.value("board"):
        parts.append(filters.value("board").display_code)
    return "-".join(parts)


@login_required
@require_GET
def index(request):
    if request.user.is_superuser:
        administrations = Administration.objects.all()
    else:
        administrations = Administration.objects.filter(
            pk__in=permissions.member_administration_ids(request.user)
        )
    administrations = list(administrations)
    if len(administrations) == 1:
        return redirect("overviews:status", administrations[0].pk)
    return render(request, "overviews/index.html", {"administrations": administrations})


@login_required
@require_GET
def status(request, administration_id):
    administration = _administration_for_member(request.user, administration_id)
    filters = OverviewFilterForm(
        request.GET or None, administration=administration, with_round=True, with_grouping=True
    )
    rows = load_rows(
        user=request.user,
        plans=filters.chosen_plans,
        round=filters.value("round"),
        board=filters.value("board"),
    )
    table = status_table(rows, by=filters.grouping)
    grouping = str(GROUPINGS[filters.grouping])
    if _wants_csv(request):
        header, csv_rows = exports.status_table_csv(table, grouping=grouping)
        return exports.csv_response(
            filename=_filename(administration, _("statuses"), filters), header=header, rows=csv_rows
        )
    groups = page_of(request, table.groups)
    chart = charts.stacked_bars(
        chart_id="status-chart",
        title=_("Status per %(grouping)s") % {"grouping": grouping},
        description=_(
            "Each bar is one %(grouping)s, split into the share of its activities per status "
            "category. The numbers are in the table below."
        )
        % {"grouping": grouping},
        groups=[(group.label, group.counts) for group in [*groups.items, table.total]],
        categories=CATEGORY_CHOICES,
    )
    return _page(
        request,
        "status.html",
        administration,
        filters,
        table=table,
        groups=groups,
        chart=chart,
        grouping=grouping,
        categories=CATEGORY_CHOICES,
        scope=_scope_text(filters),
    )


def _scope_text(filters) -> str:
    round = filters.value("round")
    if round is not None:
        return _("Statuses of %(round)s, plan for %(year)s.") % {
            "round": round.label,
            "year": round.plan.year,
        }
    if filters.value("year"):
        return _("Statuses at the latest follow-up of the plan for %(year)s.") % {
            "year": filters.value("year")
        }
    return _("Statuses at the latest follow-up of each year's plan, all years together.")


@login_required
@require_GET
def done_share(request, administration_id):
    administration = _administration_for_member(request.user, administration_id)
    filters = OverviewFilterForm(request.GET or None, administration=administration)
    shares = done_share_by_year(
        user=request.user, plans=filters.chosen_plans, board=filters.value("board")
    )
    if _wants_csv(request):
        header, csv_rows = exports.done_share_csv(shares)
        return exports.csv_response(
            filename=_filename(administration, _("done"), filters), header=header, rows=csv_rows
        )
    chart = charts.percent_columns(
        chart_id="done-chart",
        title=_("Share of activities done, per year"),
        description=_(
            "One column per plan year: the share of the plan's activities that were done at its "
            "latest follow-up. The numbers are in the table below."
        ),
        values=[
            (
                share.year,
                share.percent,
                _("%(done)s of %(total)s") % {"done": share.done, "total": share.total},
            )
            for share in shares
        ],
    )
    return _page(request, "done_share.html", administration, filters, shares=shares, chart=chart)


def _per_board(found) -> list[tuple[str, int]]:
    return [(counted.board, counted.count) for counted in found.per_board]


@login_required
@require_GET
def chronic(request, administration_id):
    administration = _administration_for_member(request.user, administration_id)
    filters = OverviewFilterForm(request.GET or None, administration=administration)
    found = chronic_list(
        user=request.user,
        plans=filters.plans,
        chosen=filters.chosen_plans,
        year=filters.value("year"),
        board=filters.value("board"),
    )
    if _wants_csv(request):
        header, csv_rows = exports.chronic_csv(found)
        return exports.csv_response(
            filename=_filename(administration, _("chronic"), filters), header=header, rows=csv_rows
        )
    chart = charts.count_bars(
        chart_id="chronic-chart",
        title=_("Chronic activities per board"),
        description=_(
            "Activities carried over, or postponed, two or more times, counted per board. "
            "They are listed in the table below."
        ),
        groups=_per_board(found),
        key="chronic",
    )
    return _page(
        request,
        "chronic.html",
        administration,
        filters,
        chronic=page_of(request, found),
        chart=chart,
    )


@login_required
@require_GET
def overdue(request, administration_id):
    administration = _administration_for_member(request.user, administration_id)
    filters = OverviewFilterForm(request.GET or None, administration=administration)
    today = timezone.localdate()
    rows = load_rows(user=request.user, plans=filters.chosen_plans, board=filters.value("board"))
    found = overdue_activities(rows, today=today)
    if _wants_csv(request):
        header, csv_rows = exports.overdue_csv(found)
        return exports.csv_response(
            filename=_filename(administration, _("overdue"), filters), header=header, rows=csv_rows
        )
    chart = charts.count_bars(
        chart_id="overdue-chart",
        title=_("Activities past their end date and not done, per board"),
        description=_(
            "How many activities are past their current end date without being done, counted "
            "per board. They are listed in the table below."
        ),
        groups=_per_board(found),
        key="overdue",
    )
    return _page(
        request,
        "overdue.html",
        administration,
        filters,
        overdue=page_of(request, found),
        chart=chart,
        today=today,
    )
