"""The deadline week's work around the entry grid, in the API: reminders by e-mail and the
boards' sign-off of a round. The same functions and rules as the pages
(vplan/followups/reminders.py, vplan/followups/readiness.py)."""

from django.conf import settings
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Router, Status

from vplan.api import references
from vplan.api.access import user_of
from vplan.api.errors import error_body
from vplan.api.paging import paged
from vplan.api.schemas.common import ERRORS, ErrorOut
from vplan.api.schemas.reporting import StatusReportOut, show_authors
from vplan.api.schemas.round_workflow import (
    BoardSignOffOut,
    LateCorrectionIn,
    LateCorrectionOut,
    PostponeIn,
    PostponementOut,
    ReminderDaysIn,
    ReminderDaysOut,
    ReminderOut,
    RemindIn,
    RemindOut,
    SignOffConflictOut,
    SignOffStepIn,
)
from vplan.followups.access import (
    access_activity_for_view,
    access_round_for_manage,
    access_round_for_members,
    access_round_for_view,
)
from vplan.followups.late_corrections import correct_late, corrections_since_publication
from vplan.followups.models import FollowUpRound, Reminder
from vplan.followups.postponements import postpone, postponements_in
from vplan.followups.readiness import SignOffConflict, sign_offs, take_step
from vplan.followups.reminders import send_reminders, set_reminder_days
from vplan.followups.reporting import StatusConflict
from vplan.mail_url import email_is_configured
from vplan.organisation.models import Board

router = Router(tags=["rounds"])


def _base_url(request) -> str:
    return settings.VPLAN_BASE_URL or request.build_absolute_uri("/")


@router.post("/rounds/{int:round_id}/reminders", response={200: RemindOut, 503: ErrorOut, **ERRORS})
def send_round_reminders(request, round_id: int, payload: RemindIn):
    """E-mail a reminder to each chosen responsible person (or everyone) who lacks a status in
    this open round: one mail each listing their activities with links. Nobody is reminded of
    the same round twice within 24 hours (they are listed as `recently_reminded`). 409 when the
    round is not open, or (`mail_not_set_up`) when e-mail is not set up (VPLAN_EMAIL_URL)."""
    user = user_of(request)
    follow_up_round = access_round_for_manage(user, round_id)
    if follow_up_round.state != FollowUpRound.State.OPEN:
        return Status(409, error_body(_("Only an open round's people can be reminded."), "state"))
    if not email_is_configured():
        return Status(
            409, error_body(_("E-mail is not set up here (VPLAN_EMAIL_URL)."), "mail_not_set_up")
        )
    return send_reminders(
        rounds=[follow_up_round],
        base_url=_base_url(request),
        kind=Reminder.Kind.CHOSEN,
        by=user,
        person_ids=payload.people,
    )


@router.get("/rounds/{int:round_id}/reminders", response={200: list[ReminderOut], **ERRORS})
@paged
def list_round_reminders(request, round_id: int):
    """Every reminder sent for this round, newest first: to whom, at which address, how many
    activities, by whom (null: by Vplan on a reminder day or `vplan remind`), how (controllers)."""
    follow_up_round = access_round_for_manage(user_of(request), round_id)
    return Reminder.objects.filter(round=follow_up_round).select_related("person", "sent_by")


@router.put("/rounds/{int:round_id}/reminder-days", response={200: ReminderDaysOut, **ERRORS})
def change_round_reminder_days(request, round_id: int, payload: ReminderDaysIn):
    """The days before the deadline on which `vplan remind` (run daily) reminds by itself."""
    user = user_of(request)
    follow_up_round = access_round_for_manage(user, round_id)
    return {"days": set_reminder_days(round=follow_up_round, days=payload.days, by=user)}


@router.get("/rounds/{int:round_id}/sign-off", response={200: list[BoardSignOffOut], **ERRORS})
@paged
def list_sign_offs(request, round_id: int):
    """Each board of the round's plan: its activities without a status, its sign-off state
    (ready, approved, returned; null: not marked ready) and every step with who and when
    (members of the administration)."""
    follow_up_round = access_round_for_members(user_of(request), round_id)
    return sign_offs(follow_up_round)


@router.post(
    "/rounds/{int:round_id}/sign-off/{int:board_id}",
    response={201: BoardSignOffOut, **ERRORS, 409: SignOffConflictOut},
)
def take_sign_off_step(request, round_id: int, board_id: int, payload: SignOffStepIn):
    """Mark a board ready (its editors), approve it or return it with a comment (controllers;
    a return e-mails the board's people). `expected` is the board's latest step id as read:
    409 conflict, with the board as it is now, when someone else acted first."""
    user = user_of(request)
    follow_up_round = access_round_for_members(user, round_id)
    board = get_object_or_404(Board, pk=board_id)
    try:
        take_step(
            round=follow_up_round,
            board=board,
            state=payload.state,
            by=user,
            expected=payload.expected,
            comment=payload.comment,
            base_url=_base_url(request),
        )
    except SignOffConflict as conflict:
        now = next(e for e in sign_offs(follow_up_round) if e.board.pk == board.pk)
        return Status(409, error_body(str(conflict), "conflict", current=now.expected))
    return Status(201, next(e for e in sign_offs(follow_up_round) if e.board.pk == board.pk))


@router.post(
    "/rounds/{int:round_id}/activities/{int:activity_id}/late-correction",
    response={201: StatusReportOut, **ERRORS},
)
def late_correction(request, round_id: int, activity_id: int, payload: LateCorrectionIn):
    """Correct a status after the round was closed or published (controllers), with a reason:
    a new version marked as a late correction; a published report keeps what it showed and adds
    the correction in a dated note. 409 when someone reported since `expected_version`."""
    user = user_of(request)
    follow_up_round = access_round_for_manage(user, round_id)
    activity = access_activity_for_view(user, activity_id)
    show_authors(request, follow_up_round.plan.administration)
    try:
        report = correct_late(
            activity=activity,
            round=follow_up_round,
            by=user,
            status=references.status(payload.status),
            comment=payload.comment,
            reason=payload.reason,
            expected_version=payload.expected_version,
        )
    except StatusConflict as conflict:
        current = conflict.current.version if conflict.current else 0
        return Status(
            409,
            error_body(
                _("Someone else corrected the status first (now version %(current)s).")
                % {"current": current},
                "conflict",
            ),
        )
    return Status(201, report)


@router.post(
    "/rounds/{int:round_id}/activities/{int:activity_id}/postpone",
    response={201: PostponementOut, **ERRORS},
)
def postpone_activity(request, round_id: int, activity_id: int, payload: PostponeIn):
    """Move an activity's current end date, with a reason (whoever reports on it in this open
    round): recorded as a postponement; the decided end date stays."""
    user = user_of(request)
    follow_up_round = access_round_for_view(user, round_id)
    activity = access_activity_for_view(user, activity_id)
    moved = postpone(
        activity=activity,
        round=follow_up_round,
        new_end=payload.new_end,
        reason=payload.reason,
        by=user,
    )
    return Status(201, moved)


@router.get("/rounds/{int:round_id}/postponements", response={200: list[PostponementOut], **ERRORS})
@paged
def list_postponements(request, round_id: int):
    """The end dates moved in this round, newest first, with reasons, who and when
    (controllers)."""
    follow_up_round = access_round_for_manage(user_of(request), round_id)
    return postponements_in(follow_up_round)


@router.get(
    "/rounds/{int:round_id}/late-corrections", response={200: list[LateCorrectionOut], **ERRORS}
)
@paged
def list_late_corrections(request, round_id: int):
    """The statuses corrected after the round's last publication, oldest first: the published
    report keeps what it showed and the report page lists these as dated notes (anyone who may
    read the round; authors only for those who may see personal names)."""
    follow_up_round = access_round_for_view(user_of(request), round_id)
    show_authors(request, follow_up_round.plan.administration)
    return corrections_since_publication(follow_up_round)
