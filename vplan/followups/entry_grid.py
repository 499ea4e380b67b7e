"""The entry grid of a follow-up round: one row per activity, in the plan's reading order.

Loads the plan once (activities, their boards, places and parts) and the round's current
reports once, so the page runs the same number of queries for a small and a large plan.
"""

from dataclasses import dataclass

from vplan.followups.access import can_report_in_round
from vplan.followups.forms import StatusReportForm
from vplan.followups.models import FollowUpRound, Status, StatusReport
from vplan.followups.reporting import StatusConflict
from vplan.plans.models import Activity
from vplan.plans.outline import build_outline


@dataclass
class Row:
    activity: Activity
    report: StatusReport | None
    can_edit: bool
    is_part: bool = False
    form: StatusReportForm | None = None
    conflict: StatusConflict | None = None
    saved: bool = False
    refusal: str = ""

    @property
    def anchor(self) -> str:
        return f"activity-{self.activity.pk}"

    @property
    def form_id(self) -> str:
        return f"activity-{self.activity.pk}-form"

    @property
    def submitted(self) -> dict | None:
        """What the author sent (a refused save shows it, so nothing typed is lost)."""
        if self.form is None or not self.form.is_bound:
            return None
        value = str(self.form["status"].value() or "")
        status = self.form.statuses.get(int(value)) if value.isdigit() else None
        return {"status": status, "comment": self.form["comment"].value() or ""}

    @property
    def version(self) -> int:
        return self.report.version if self.report else 0


def offered_statuses(report: StatusReport | None = None) -> list[Status]:
    """The statuses an author may choose: the active ones (and the row's own, if retired)."""
    statuses = list(Status.objects.active())
    if report is not None and report.status and report.status not in statuses:
        statuses.append(report.status)
    return statuses


def empty_form(row: Row, statuses: list[Status]) -> StatusReportForm:
    report = row.report
    return StatusReportForm(
        prefix=f"a{row.activity.pk}",
        statuses=statuses,
        initial={
            "status": report.status_id if report else None,
            "comment": report.comment if report else "",
            "expected_version": row.version,
        },
    )


def make_row(*, user, round: FollowUpRound, activity: Activity, report, is_part=False) -> Row:
    return Row(
        activity=activity,
        report=report,
        can_edit=can_report_in_round(user, activity, round),
        is_part=is_part,
    )


def grid_rows(*, user, round: FollowUpRound, with_forms: bool = True) -> list[Row]:
    """The round's rows in the plan's reading order, parts after their activity; the page and
    the API's entries both read this (`with_forms=False`: no form per editable row)."""
    plan = round.plan
    activities = list(Activity.objects.in_plan(plan).top_level().with_plan_details().with_parts())
    reports = {
        report.activity_id: report
        for report in StatusReport.objects.in_round(round).current().with_details()
    }
    statuses = list(Status.objects.active())
    retired = {r.status for r in reports.values() if r.status and not r.status.is_active}
    statuses += sorted(retired, key=lambda status: (status.order, status.name))
    outline = build_outline(activities)
    ordered, seen = [], set()
    for section in outline.perspectives:
        for goal in section.goals:
            for group in goal.groups:
                for entry in group.entries:
                    if entry.activity.pk not in seen:
                        seen.add(entry.activity.pk)
                        ordered.append(entry.activity)
    ordered += [a for a in activities if a.pk not in seen]  # activities not yet placed
    rows = []
    for activity in ordered:
        rows.append(
            make_row(user=user, round=round, activity=activity, report=reports.get(activity.pk))
        )
        for part in activity.parts.all():
            part.plan = plan
            rows.append(
                make_row(
                    user=user, round=round, activity=part, report=reports.get(part.pk), is_part=True
                )
            )
    if with_forms:
        for row in rows:
            if row.can_edit:
                row.form = empty_form(row, statuses)
    return rows
