"""Late corrections: a controller corrects a status in a closed or published round, with a
reason. The correction is a new version of the activity's report marked as a late correction
(never an overwrite); a published report keeps what it published and shows the correction in a
dated note (`corrections_since_publication`); the audit trail records it."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from vplan.audit.models import ChangeRecord
from vplan.audit.trail import record_change
from vplan.followups.models import FollowUpRound, Status, StatusReport
from vplan.followups.reporting import current_report, submit_status_report
from vplan.organisation import permissions
from vplan.plans.editing import check_typed_text
from vplan.plans.models import Activity

# A reason says why in a sentence or a paragraph, not a report of its own.
MAX_REASON_LENGTH = 2000


def may_correct_late(user, round: FollowUpRound) -> bool:
    return round.state != FollowUpRound.State.OPEN and permissions.can_manage_administration(
        user, round.plan.administration
    )


def correct_late(
    *,
    activity: Activity,
    round: FollowUpRound,
    by,
    status: Status,
    comment: str,
    reason: str,
    expected_version: int,
) -> StatusReport:
    """Add a late correction on top of `expected_version` (StatusConflict if someone else
    corrected it since). Only a controller, only in a closed or published round, only with a
    reason."""
    if not may_correct_late(by, round):
        if round.state == FollowUpRound.State.OPEN:
            raise ValidationError(_("The round is open: report the status in the round."))
        raise PermissionDenied
    reason = check_typed_text((reason or "").strip(), field="reason", max_length=MAX_REASON_LENGTH)
    if not reason:
        raise ValidationError({"reason": _("Say why the status is corrected after the close.")})
    with transaction.atomic():
        before = current_report(activity=activity, round=round)
        report = submit_status_report(
            activity=activity,
            round=round,
            author=by,
            status=status,
            comment=comment,
            expected_version=expected_version,
            allow_closed_round=True,
            late_correction_reason=reason,
        )
        record_change(
            obj=round,
            by=by,
            action=ChangeRecord.Action.CHANGED,
            changes={
                "late_correction": (
                    f"{activity.pk}: {before.display_status if before else ''}",
                    f"{activity.pk}: {report.display_status} ({reason})",
                )
            },
        )
    return report


@dataclass(frozen=True)
class LateCorrection:
    """A correction made after the round's last publication: the published report keeps what
    it showed and adds this as a dated note."""

    activity_id: int
    activity_text: str
    report: StatusReport

    @property
    def corrected_at(self):
        return self.report.created_at


def corrections_since_publication(round: FollowUpRound) -> list[LateCorrection]:
    """The late corrections made after the round was last published, oldest first (none for a
    round never published)."""
    if round.last_published_at is None:
        return []
    reports = (
        StatusReport.objects.filter(round=round, created_at__gt=round.last_published_at)
        .exclude(late_correction_reason="")
        .select_related("activity", "status", "author")
        .order_by("created_at", "id")
    )
    return [
        LateCorrection(activity_id=r.activity_id, activity_text=r.activity.text, report=r)
        for r in reports
    ]
