"""Submitting status reports: append-only, with a conflict instead of a silent overwrite."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vplan.followups.models import FollowUpRound, Status, StatusReport
from vplan.plans.editing import check_typed_text
from vplan.plans.models import Activity


class StatusConflict(Exception):
    """Someone else reported on the activity after the version the author saw."""

    def __init__(self, current: StatusReport | None, expected_version: int):
        self.current = current
        self.expected_version = expected_version
        super().__init__(
            f"The activity has version {current.version if current else 0}, "
            f"the author saw {expected_version}"
        )


class RoundNotOpen(Exception):
    pass


def current_report(*, activity: Activity, round: FollowUpRound) -> StatusReport | None:
    return (
        StatusReport.objects.filter(activity=activity, round=round)
        .with_details()
        .order_by("-version")
        .first()
    )


# FOR SHARE: held by any number of saves at once, waited for by FOR UPDATE (a move of the round).
# Django's ORM has no FOR SHARE; the statement is fixed, its one parameter bound.
ROUND_FOR_SAVING = "SELECT id FROM followups_followupround WHERE id = %s FOR SHARE"


def round_locked_for_saving(pk: int) -> FollowUpRound:
    """The round, read under a lock that other saves share and a close or publish waits for
    (PostgreSQL). SQLite has one writer at a time anyway."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(ROUND_FOR_SAVING, [pk])
    return FollowUpRound.objects.get(pk=pk)


def submit_status_report(
    *,
    activity: Activity,
    round: FollowUpRound,
    author,
    status: Status | None,
    comment: str,
    expected_version: int,
    status_text: str = "",
    author_name: str = "",
    created_at=None,
    allow_closed_round: bool = False,
    late_correction_reason: str = "",
) -> StatusReport:
    """Add a new report on top of `expected_version` (0: the author saw no report).

    Raises StatusConflict if another report was added since (however close the race),
    RoundNotOpen if the round no longer takes reports. Nothing is ever overwritten: each call
    adds one row.

    The round's state is read under a lock on the round's row that saves share and that
    close_round and publish_round wait for before they move it (round_lifecycle, which locks it
    FOR UPDATE): a save and a move of its round take turns, so no report lands in a round after
    it was closed, and none carries a time after it. Saves do not wait for each other: in a
    deadline week fifty editors save in the same round at once.
    `round` may have been read long before; its state is not trusted.
    """
    if activity.plan_id != round.plan_id:
        raise ValidationError(_("The activity does not belong to the round's plan."))
    if status is None and not status_text:
        raise ValidationError(_("A status report needs a status."))
    comment = check_typed_text(comment.strip(), field="comment")
    check_typed_text(status_text, field="status_text")
    try:
        with transaction.atomic():
            locked = round_locked_for_saving(round.pk)
            round.state = locked.state  # the caller sees the state the save met
            if not allow_closed_round and not locked.accepts_reports:
                raise RoundNotOpen(
                    _("The round is %(state)s and takes no more reports.")
                    % {"state": locked.get_state_display()}
                )
            latest = current_report(activity=activity, round=locked)
            latest_version = latest.version if latest else 0
            if latest_version != expected_version:
                raise StatusConflict(latest, expected_version)
            report = StatusReport(
                activity=activity,
                round=locked,
                version=latest_version + 1,
                status=status,
                status_text=status_text,
                comment=comment,
                author=author if getattr(author, "is_authenticated", False) else None,
                author_name=author_name,
                created_at=created_at or timezone.now(),
                late_correction_reason=late_correction_reason,
            )
            # The version's uniqueness is the database's to keep: a duplicate is a race lost
            # (a StatusConflict below), not bad input ('finns redan'). The related rows are the
            # instances in hand (the round just locked): checking that each exists would cost
            # four queries while the round's lock is held.
            report.full_clean(exclude=["version", "activity", "round", "status", "author"])
            report.save()
            return report
    except IntegrityError as error:
        # Two saves raced past the version check: the unique version constraint caught it.
        latest = current_report(activity=activity, round=round)
        if latest is None or latest.version <= expected_version:
            raise  # not a newer report: some other constraint, not a conflict
        raise StatusConflict(latest, expected_version) from error
