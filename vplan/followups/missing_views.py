"""'Who has not reported', by person: each responsible person with how many of their activities
lack a status in a round, their activities, the whole list as CSV, and reminders by e-mail to
the people chosen or to everyone, and the round's reminder days (controllers)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Max
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from vplan.followups.access import access_round_for_manage
from vplan.followups.models import FollowUpRound, Reminder
from vplan.followups.progress import (
    activities_missing_report,
    missing_activities_of_person,
    missing_counts_by_person,
    missing_person_rows,
)
from vplan.followups.reminders import parse_reminder_days, send_reminders, set_reminder_days
from vplan.mail_url import email_is_configured
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
    last_reminded = dict(
        Reminder.objects.filter(round=round)
        .order_by()
        .values("person_id")
        .annotate(last=Max("sent_at"))
        .values_list("person_id", "last")
    )
    context = {
        "round": round,
        "plan": round.plan,
        "people_rows": [(row, row.person and last_reminded.get(row.person.pk)) for row in people],
        "reminder_days": ", ".join(str(day) for day in round.reminder_days or []),
        "can_send": email_is_configured() and round.state == FollowUpRound.State.OPEN,
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


@login_required
@require_POST
def send_chosen_reminders(request, round_id):
    """Remind the chosen people (`person`, repeated) or everyone (`everyone`) by e-mail."""
    round = access_round_for_manage(request.user, round_id)
    back = redirect("followups:missing_people", round.pk)
    if round.state != FollowUpRound.State.OPEN:
        messages.error(request, _("Only an open round's people can be reminded."))
        return back
    if not email_is_configured():
        messages.error(request, _("E-mail is not set up here (VPLAN_EMAIL_URL)."))
        return back
    chosen = None
    if "everyone" not in request.POST:
        chosen = [int(pk) for pk in request.POST.getlist("person") if pk.isdigit()]
        if not chosen:
            messages.error(request, _("Choose the people to remind, or remind everyone."))
            return back
    outcome = send_reminders(
        rounds=[round],
        base_url=settings.VPLAN_BASE_URL or request.build_absolute_uri("/"),
        kind=Reminder.Kind.CHOSEN,
        by=request.user,
        person_ids=chosen,
    )
    messages.success(request, outcome.summary())
    return back


@login_required
@require_POST
def change_reminder_days(request, round_id):
    """The days before the deadline on which Vplan reminds by itself (`days`: '7, 2')."""
    round = access_round_for_manage(request.user, round_id)
    try:
        days = set_reminder_days(
            round=round, days=parse_reminder_days(request.POST.get("days", "")), by=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if days:
            messages.success(
                request,
                _("Vplan reminds %(days)s days before the deadline.")
                % {"days": ", ".join(str(day) for day in days)},
            )
        else:
            messages.success(request, _("Vplan sends no reminders by itself for this round."))
    return redirect("followups:missing_people", round.pk)
