"""A new round starts from the last status, not from blank.

- Finished activities (their status in the plan's previous round is done or stopped:
  "Genomfört", "Struket") keep that status in the new round without being reported again: when
  the round is made, each gets a report that keeps the previous one (`StatusReport.kept_from`),
  which anyone may replace with a normal report.
- Every other activity's previous status and comment are offered in the grid as a clearly marked
  suggestion that one click saves as the new round's report (`previous_reports`).

"The previous round" is the plan's round with the latest as-of date before this one's.
"""

import datetime

from django.db.models import QuerySet
from django.utils import timezone

from vplan.audit.models import ChangeRecord
from vplan.audit.trail import record_change
from vplan.followups.models import FollowUpRound, StatusCategory, StatusReport
from vplan.plans.models import Activity

FINISHED = (StatusCategory.DONE, StatusCategory.STOPPED)


def previous_round(round: FollowUpRound) -> FollowUpRound | None:
    return (
        FollowUpRound.objects.filter(plan_id=round.plan_id, as_of__lt=round.as_of)
        .order_by("-as_of", "-id")
        .first()
    )


def _current_in(round: FollowUpRound) -> QuerySet:
    return StatusReport.objects.filter(round=round).current()


def previous_reports(round: FollowUpRound, activity_ids: list[int]) -> dict[int, StatusReport]:
    """The current report of each of these activities in the previous round (one query)."""
    earlier = previous_round(round)
    if earlier is None or not activity_ids:
        return {}
    reports = _current_in(earlier).filter(activity_id__in=activity_ids).select_related("status")
    return {report.activity_id: report for report in reports.order_by()}


def keep_finished_statuses(*, round: FollowUpRound, by, at: datetime.datetime | None = None) -> int:
    """Give each finished activity (done or stopped in the previous round) a report in the new
    `round` that keeps its status and comment; returns how many. Recorded on the round."""
    earlier = previous_round(round)
    if earlier is None:
        return 0
    live = Activity.objects.filter(plan_id=round.plan_id).values("pk")
    finished = (
        _current_in(earlier)
        .filter(status__category__in=FINISHED, activity_id__in=live)
        .exclude(activity__reports__round=round)
        .select_related("status")
        .order_by("activity_id")
    )
    moment = at or timezone.now()
    kept = StatusReport.objects.bulk_create(
        [
            StatusReport(
                activity_id=report.activity_id,
                round=round,
                version=1,
                status=report.status,
                status_text=report.status_text,
                comment=report.comment,
                kept_from=report,
                created_at=moment,
            )
            for report in finished
        ],
        batch_size=500,
    )
    if kept:
        record_change(
            obj=round,
            by=by,
            action=ChangeRecord.Action.CHANGED,
            changes={"kept_finished_statuses": (None, f"{len(kept)} from {earlier.label}")},
        )
    return len(kept)
