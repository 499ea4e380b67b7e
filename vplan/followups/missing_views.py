"""'Who has not reported', by person: each responsible person with how many of their activities
lack a status in a round, their activities, and the whole list as CSV (controllers)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from vplan.followups.access import access_round_for_manage
from vplan.followups.progress import (
    activities_missing_report,
    missing_activities_of_person,
    missing_counts_by_person,
    missing_person_rows,
)
from vplan.overviews.exports import csv_response
from vplan.paging import page_of
from vplan.plans.responsible_people import person_label

NOBODY = "none"  # ?person=none: the activities with nobody named


def _chosen_board(request, round):
    board = request.GET.get("board", "")
    return next((b for b in round.plan.boards.all() if str(b.pk) == board), None)


@login_required
@require_GET
def missing_by_person(request, round_id):
    """The people and their counts; `?person=<id>` (or `none`) lists that person's activities,
    50 a page; `?board=<id>` keeps to one board's activities."""
    round = access_round_for_manage(request.user, round_id)
    board = _chosen_board(request, round)
    people = missing_counts_by_person(round=round, board_id=board and board.pk)
    wanted = request.GET.get("person")
    chosen = next(
        (
            row
            for row in people
            if (row.person is None and wanted == NOBODY)
            or (row.person is not None and str(row.person.pk) == wanted)
        ),
        None,
    )
    page = None
    if chosen is not None:
        activities = missing_activities_of_person(
            round=round,
            person_id=chosen.person and chosen.person.pk,
            board_id=board and board.pk,
        )
        page = page_of(request, activities)
    context = {
        "round": round,
        "plan": round.plan,
        "boards": round.plan.boards.all(),
        "board": board,
        "people": people,
        "chosen": chosen,
        "nobody": NOBODY,
        "page": page,
        "total": activities_missing_report(
            round=round, board_ids=None if board is None else [board.pk]
        ).count(),
    }
    return render(request, "followups/missing_people.html", context)


@login_required
@require_GET
def missing_by_person_csv(request, round_id):
    """Every (person, activity) row as CSV: person, user name, e-mail, boards, activity, link."""
    round = access_round_for_manage(request.user, round_id)
    board = _chosen_board(request, round)
    header = [
        _("Responsible person"),
        _("User name"),
        _("E-mail"),
        _("Boards"),
        _("Activity"),
        _("Link"),
    ]
    grid = reverse("followups:round", args=[round.pk])
    rows = [
        [
            person_label(person) if person else _("Nobody named"),
            person.get_username() if person else "",
            person.email if person else "",
            ", ".join(board.display_code for board in activity.boards.all()),
            activity.text,
            request.build_absolute_uri(f"{grid}?activity={activity.pk}#activity-{activity.pk}"),
        ]
        for person, activity in missing_person_rows(round=round, board_id=board and board.pk)
    ]
    filename = _("not reported %(round)s") % {"round": round.label}
    return csv_response(filename=filename, header=header, rows=rows)
