"""Overviews across the years of one administration: statuses per group, the share done per year,
chronic activities and overdue ones; as JSON, or as the pages' CSV with `format=csv`.

The same figures as the overview pages (vplan/overviews/views.py): `load_rows`, then
`status_table`, `done_share_by_year`, `chronic_list` or `overdue_activities` (counted in the
database; a list's rows read a page at a time), and the CSV of `vplan/overviews/exports.py`. They count unpublished rounds too, so they are for members of
the administration only (everyone else: 404, as on the pages).

Filters, as on the pages: `year` (a plan year), `board` (code or id), and for statuses `round`
(id) and `by` (perspective, board, municipal_goal, board_goal, assignment).

The lists of activities (chronic, overdue) page with `limit`/`offset` as every list of the API
(vplan/api/paging.py): `count` is the length of the whole list, `per_board` counts the whole list
per board (the pages' chart); the CSV holds the whole list.
"""

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router

from vplan.api import references
from vplan.api.access import user_of
from vplan.api.downloads import file_responses
from vplan.api.paging import PageParams
from vplan.api.schemas.common import ERRORS, Extended
from vplan.api.schemas.overviews import (
    ChronicOverviewOut,
    DoneShareOut,
    OverdueOverviewOut,
    StatusOverviewOut,
)
from vplan.organisation import permissions
from vplan.organisation.models import Administration
from vplan.overviews import exports
from vplan.overviews.figures import (
    GROUPINGS,
    RowList,
    chronic_list,
    done_share_by_year,
    load_rows,
    overdue_activities,
    status_table,
)
from vplan.overviews.forms import OverviewFilterForm

router = Router(tags=["overviews"])

FORMATS = ("json", "csv")
CSV = file_responses("text/csv", description="The JSON answer's figures as CSV (JSON: default).")


def _administration_for_member(user, administration_id: int) -> Administration:
    """As the pages: overviews show unpublished rounds, so members only."""
    administration = get_object_or_404(Administration, pk=administration_id)
    if not permissions.is_member(user, administration):
        raise Http404
    return administration


def _filters(administration, *, format, with_round=False, **values) -> OverviewFilterForm:
    """The pages' filter form, bound to the query; a wrong filter is a 400 naming it."""
    if format not in FORMATS:
        raise ValidationError({"format": _("Choose json or csv.")})
    board = values.get("board")
    if board is not None and not board.isdigit():
        values["board"] = references.boards([board], field="board")[0].pk
    data = {name: value for name, value in values.items() if value is not None}
    filters = OverviewFilterForm(
        data, administration=administration, with_round=with_round, with_grouping=with_round
    )
    if not filters.is_valid():
        raise ValidationError(
            {
                name: [str(message) for message in messages]
                for name, messages in filters.errors.items()
            }
        )
    return filters


def _filename(administration, name: str, filters) -> str:
    """As the pages name the CSV: 'TF-statuses-2024-BiN'."""
    parts = [administration.short_code, name, str(filters.value("year") or _("all years"))]
    if filters.value("board"):
        parts.append(filters.value("board").display_code)
    return "-".join(parts)


def _csv(administration, name: str, filters, header_and_rows):
    header, rows = header_and_rows
    return exports.csv_response(
        filename=_filename(administration, name, filters), header=header, rows=rows
    )


def _overview(administration, filters, **figures) -> dict:
    return {"administration": administration, "filters": filters, **figures}


def _paged(found: RowList, page: PageParams) -> dict:
    """One page of a list of activities (only its rows are read), its length and its count
    per board."""
    return {
        "count": len(found),
        "limit": page.limit,
        "offset": page.offset,
        "per_board": found.per_board,
        "activities": found[page.offset : page.offset + page.limit],
    }


@router.get(
    "/administrations/{int:administration_id}/overviews/status",
    response={200: StatusOverviewOut, **ERRORS},
    openapi_extra=CSV,
)
def status_overview(
    request,
    administration_id: int,
    year: int | None = None,
    board: str | None = None,
    round_id: int | None = Query(None, alias="round"),
    by: str | None = None,
    format: str = "json",
):
    """Activities per status category and group. Statuses of `round`, or of each plan's latest
    round."""
    administration = _administration_for_member(user_of(request), administration_id)
    filters = _filters(
        administration,
        format=format,
        with_round=True,
        year=year,
        board=board,
        round=round_id,
        by=by,
    )
    rows = load_rows(
        user=user_of(request),
        plans=filters.chosen_plans,
        round=filters.value("round"),
        board=filters.value("board"),
    )
    table = status_table(rows, by=filters.grouping)
    grouping = str(GROUPINGS[filters.grouping])
    if format == "csv":
        return _csv(
            administration,
            _("statuses"),
            filters,
            exports.status_table_csv(table, grouping=grouping),
        )
    return Extended(table, administration=administration, filters=filters, grouping=grouping)


@router.get(
    "/administrations/{int:administration_id}/overviews/done",
    response={200: DoneShareOut, **ERRORS},
    openapi_extra=CSV,
)
def done_overview(
    request,
    administration_id: int,
    year: int | None = None,
    board: str | None = None,
    format: str = "json",
):
    """Per plan year: the activities done at the plan's latest follow-up, of all."""
    administration = _administration_for_member(user_of(request), administration_id)
    filters = _filters(administration, format=format, year=year, board=board)
    shares = done_share_by_year(
        user=user_of(request), plans=filters.chosen_plans, board=filters.value("board")
    )
    if format == "csv":
        return _csv(administration, _("done"), filters, exports.done_share_csv(shares))
    return _overview(administration, filters, years=shares)


@router.get(
    "/administrations/{int:administration_id}/overviews/chronic",
    response={200: ChronicOverviewOut, **ERRORS},
    openapi_extra=CSV,
)
def chronic_overview(
    request,
    administration_id: int,
    page: Query[PageParams],
    year: int | None = None,
    board: str | None = None,
    format: str = "json",
):
    """Activities carried over, or postponed, two or more times along their chain of years.
    Without `year`, each chain once (its newest activity). Paged by `limit`/`offset`."""
    administration = _administration_for_member(user_of(request), administration_id)
    filters = _filters(administration, format=format, year=year, board=board)
    found = chronic_list(  # as the page: without a year, the newest of each chain
        user=user_of(request),
        plans=filters.plans,
        chosen=filters.chosen_plans,
        year=filters.value("year"),
        board=filters.value("board"),
    )
    if format == "csv":
        return _csv(administration, _("chronic"), filters, exports.chronic_csv(found))
    return _overview(administration, filters, **_paged(found, page))


@router.get(
    "/administrations/{int:administration_id}/overviews/overdue",
    response={200: OverdueOverviewOut, **ERRORS},
    openapi_extra=CSV,
)
def overdue_overview(
    request,
    administration_id: int,
    page: Query[PageParams],
    year: int | None = None,
    board: str | None = None,
    format: str = "json",
):
    """Activities past their current end date and not done, the longest overdue first. Paged
    by `limit`/`offset`."""
    administration = _administration_for_member(user_of(request), administration_id)
    filters = _filters(administration, format=format, year=year, board=board)
    today = timezone.localdate()
    rows = load_rows(
        user=user_of(request), plans=filters.chosen_plans, board=filters.value("board")
    )
    found = overdue_activities(rows, today=today)
    if format == "csv":
        return _csv(administration, _("overdue"), filters, exports.overdue_csv(found))
    return _overview(administration, filters, today=today, **_paged(found, page))
