"""What a user may see of one activity: the one read behind its page and its API endpoint.

The page renders an `ActivityPage`; GET /api/activities/{id} serialises the same object. What
the page hides (authors for the public, activities of plans the user may not read, statuses
reported after a round's last publication, the change history) is therefore never in the API.
"""

from dataclasses import dataclass, field

from django.db.models import Prefetch

from vplan.audit.models import ChangeRecord
from vplan.audit.trail import history_of
from vplan.followups.access import (
    access_activity_for_view,
    can_read_plan,
    can_report_in_round,
    readable_rounds,
)
from vplan.followups.late_corrections import may_correct_late
from vplan.followups.models import FollowUpRound, Status, StatusReport
from vplan.organisation import permissions
from vplan.plans.models import Activity, Plan


@dataclass
class RoundReports:
    round: FollowUpRound
    reports: list[StatusReport]  # newest first
    can_report: bool
    can_correct: bool = False  # a controller's late correction of a closed or published round


@dataclass
class ActivityPage:
    activity: Activity
    plan: Plan
    rounds: list[RoundReports]
    chain_back: list[Activity]
    chain_forward: list[Activity]
    show_authors: bool
    can_manage: bool
    history: list[ChangeRecord] = field(default_factory=list)
    # Empty unless the user sees personal names (the one redaction rule).
    responsible_people: list = field(default_factory=list)
    # The statuses a late correction may choose (empty unless the user may correct a round).
    late_statuses: list = field(default_factory=list)

    @property
    def parts(self) -> list[Activity]:
        return list(self.activity.parts.all())


def read_activity_page(*, user, activity_id) -> ActivityPage:
    """The activity as `user` may see it; raises Http404 if they may not read it."""
    found = access_activity_for_view(user, activity_id)
    activity = (
        Activity.objects.with_plan_details()
        .select_related("parent")
        .prefetch_related(
            "plan__boards",
            Prefetch("parts", queryset=Activity.objects.prefetch_related("boards")),
        )
        .get(pk=found.pk)
    )
    plan = activity.plan
    is_member = permissions.is_member(user, plan.administration)
    rounds = list(readable_rounds(user).filter(plan=plan).order_by("as_of", "id"))
    grouped = {round.pk: [] for round in rounds}
    by_pk = {round.pk: round for round in rounds}
    reports = StatusReport.objects.filter(activity=activity, round__in=rounds).with_details()
    for report in reports.order_by("-version"):
        if by_pk[report.round_id].shows_report(report, is_member=is_member):
            grouped[report.round_id].append(report)
    show_authors = permissions.sees_personal_names(user, plan.administration)
    entries = [
        RoundReports(
            round=round,
            reports=grouped[round.pk],
            can_report=can_report_in_round(user, activity, round),
            can_correct=may_correct_late(user, round),
        )
        for round in rounds
    ]
    return ActivityPage(
        activity=activity,
        plan=plan,
        rounds=entries,
        chain_back=_readable(user, activity.chain_back()),
        chain_forward=_readable(user, activity.chain_forward()),
        show_authors=show_authors,
        can_manage=permissions.can_manage_administration(user, plan.administration),
        history=list(history_of(activity)[:50]) if is_member else [],
        responsible_people=list(activity.responsible_people.order_by("first_name", "last_name"))
        if show_authors
        else [],
        late_statuses=list(Status.objects.filter(is_active=True).order_by("order", "name"))
        if any(entry.can_correct for entry in entries)
        else [],
    )


def _readable(user, activities: list[Activity]) -> list[Activity]:
    return [a for a in activities if can_read_plan(user, a.plan)]
