"""Status reports: an activity's reports in a round, and submitting a new one."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Router, Status

from vplan.api import references
from vplan.api.access import user_of
from vplan.api.errors import error_body
from vplan.api.paging import paged
from vplan.api.schemas.common import ERRORS, Extended
from vplan.api.schemas.reporting import ConflictOut, ReportIn, StatusReportOut, show_authors
from vplan.followups.access import (
    access_activity_for_view,
    access_round_for_view,
    can_edit_activity,
    can_report_in_round,
)
from vplan.followups.models import StatusReport
from vplan.followups.reporting import (
    RoundNotOpen,
    StatusConflict,
    current_report,
    submit_status_report,
)
from vplan.organisation import permissions
from vplan.plans.models import Activity

router = Router(tags=["reporting"])


def activity_in_round(user, follow_up_round, activity_id: int) -> Activity:
    activity = access_activity_for_view(user, activity_id)
    if activity.plan_id != follow_up_round.plan_id:
        raise Http404
    return activity


@router.get(
    "/rounds/{int:round_id}/activities/{int:activity_id}/reports",
    response={200: list[StatusReportOut], **ERRORS},
)
@paged
def list_reports(request, round_id: int, activity_id: int):
    """Every report on the activity in the round, newest (the current one) first. The versions
    of one activity in one round are few: read in one query, filtered by what the caller sees."""
    user = user_of(request)
    follow_up_round = access_round_for_view(user, round_id)
    activity = activity_in_round(user, follow_up_round, activity_id)
    reports = StatusReport.objects.filter(activity=activity, round=follow_up_round).with_details()
    administration = follow_up_round.plan.administration
    is_member = permissions.is_member(user, administration)
    show_authors(request, administration)
    return [
        report
        for report in reports.order_by("-version")
        if follow_up_round.shows_report(report, is_member=is_member)
    ]


@router.post(
    "/rounds/{int:round_id}/activities/{int:activity_id}/reports",
    response={
        201: StatusReportOut,
        409: ConflictOut,
        **{k: v for k, v in ERRORS.items() if k != 409},
    },
)
def submit_report(request, round_id: int, activity_id: int, payload: ReportIn):
    """Report status and comment on top of `expected_version` (the version you saw; 0: none).

    409 `conflict` if someone else reported since: the body has their report (`current`) and
    yours, and nothing was saved; send again with `expected_version` = current.version.
    409 `round_not_open` if the round is closed; 403 if you may not edit the activity.
    """
    user = user_of(request)
    follow_up_round = access_round_for_view(user, round_id)
    activity = activity_in_round(user, follow_up_round, activity_id)
    if not can_edit_activity(user, activity):
        raise PermissionDenied(
            _("You may not report on this activity: it is not one of your boards'.")
        )
    if not can_report_in_round(user, activity, follow_up_round):
        raise RoundNotOpen(
            _("The round is %(state)s and takes no more reports.")
            % {"state": follow_up_round.get_state_display()}
        )
    show_authors(request, follow_up_round.plan.administration)
    seen = current_report(activity=activity, round=follow_up_round)
    status = references.status(payload.status, keeping=seen.status if seen else None)
    try:
        report = submit_status_report(
            activity=activity,
            round=follow_up_round,
            author=user,
            status=status,
            status_text=payload.status_text.strip(),
            comment=payload.comment,
            expected_version=payload.expected_version,
        )
    except StatusConflict as conflict:
        current = conflict.current
        body = error_body(
            _(
                "%(author)s reported on this activity after the version you saw "
                "(yours: %(expected)s, now: %(current)s). Nothing was saved: compare both and "
                "send again with expected_version %(current)s."
            )
            % {
                "author": current.author_display if current else "?",
                "expected": payload.expected_version,
                "current": current.version if current else 0,
            },
            "conflict",
            {"expected_version": [_("Someone else reported since this version.")]},
            expected_version=payload.expected_version,
            current=current,
            yours=Extended(payload, status=status.name if status else None),
        )
        return Status(409, body)
    return Status(201, report)
