"""Follow-up reports: a round's report as data, the versions sent to the board, and the
administration's Word template."""

import datetime

from ninja import Schema
from pydantic import Field

from vplan.api.schemas.common import Extended, StrictIn, Username
from vplan.api.schemas.reporting import CategoryOut, CountsOut
from vplan.api.schemas.rounds import RoundOut
from vplan.reports.formats import FORMATS
from vplan.reports.models import ReportFormat


class FootnoteOut(Schema):
    number: int
    text: str


class ReportLineOut(Schema):
    """One activity in one place of the report (a table row)."""

    activity_id: int
    text: str
    carried_over_year: int | None
    carried_over_label: str = Field(description="'Kvarstår från 2021', or empty.")
    boards: list[str]
    decided_end: str
    current_end: str
    end_display: str = Field(description="As the report writes it: 'December*' when moved.")
    postponed: bool
    status: str
    status_category: str = Field(description="done, ongoing, not_started, stopped, other, missing")
    status_category_label: str
    comment: str
    changed_by: str
    changed_at: datetime.datetime | None
    is_part: bool
    part_of: str
    footnote: FootnoteOut | None


class ReportAssignmentOut(Schema):
    assignment_id: int
    text: str
    label: str
    number: int | None
    scope_label: str
    is_struck: bool
    status: str
    direct: ReportLineOut | None = Field(description="The assignment reported directly.")
    activities: list[ReportLineOut]


class GoalGroupOut(Schema):
    board_goal_title: str
    board_goal_description: str
    activities: list[ReportLineOut]
    assignments: list[ReportAssignmentOut]


class MunicipalGoalSectionOut(Schema):
    anchor: str
    title: str
    heading: str
    groups: list[GoalGroupOut]
    footnotes: list[FootnoteOut]


class PerspectiveSectionOut(Schema):
    anchor: str
    name: str
    sections: list[MunicipalGoalSectionOut]


class SummaryOut(Schema):
    categories: list[CategoryOut]
    by_perspective: list[CountsOut]
    by_board: list[CountsOut]
    total: CountsOut

    @staticmethod
    def resolve_by_perspective(summary) -> list[Extended]:
        return [_counted(row, summary) for row in summary.by_perspective]

    @staticmethod
    def resolve_by_board(summary) -> list[Extended]:
        return [_counted(row, summary) for row in summary.by_board]

    @staticmethod
    def resolve_total(summary) -> Extended:
        return _counted(summary.total, summary)


def _counted(row, summary) -> Extended:
    """A summary row, its counts (in the order of the summary's categories) by category key."""
    keys = [key for key, _label in summary.categories]
    return Extended(row, counts=dict(zip(keys, row.counts, strict=True)))


class AssignmentItemOut(Schema):
    number: int | None
    text: str
    boards: str
    struck_label: str


class CorrectionOut(Schema):
    published_at: datetime.datetime
    date_text: str
    reason: str
    by: str = Field(description="Who published the correction; empty for the public.")
    text: str


# A round's follow-up report (reports.document.Report, as publication.round_report gives it to
# the caller), with its round added.
class FollowUpReportOut(Schema):
    round: RoundOut
    language: str
    title: str
    subtitle: str
    administration: str
    municipality: str
    plan_year: int
    round_label: str
    as_of_date: datetime.date
    known_at: datetime.datetime | None = Field(description="The as_of asked for, if any.")
    boards: list[str]
    introduction: list[str]
    legend: str
    summary: SummaryOut
    common_assignments: list[AssignmentItemOut]
    board_assignments: list[AssignmentItemOut]
    row_count: int = Field(
        description="How many table rows `perspectives` has in all (an activity in a place, an "
        "assignment, an activity under an assignment): the length of the paged list."
    )
    limit: int = Field(description="At most this many table rows this page.")
    offset: int = Field(description="Table rows skipped before this page, in the report's order.")
    next: str | None = Field(
        description="The address of the next page (same parameters, the next `offset`); "
        "null on the last page."
    )
    perspectives: list[PerspectiveSectionOut] = Field(
        description="This page's table rows under their perspectives, goals and assignments."
    )
    corrections: list[CorrectionOut] = Field(
        description="Corrections published after the round's first publication, oldest first."
    )
    formats: list[str] = Field(description="The formats of GET .../report/{format}.")

    @staticmethod
    def resolve_formats(report) -> list[str]:
        return list(FORMATS)


class SentReportOut(Schema):
    id: int
    round_id: int
    format: str
    filename: str
    content_type: str
    sha256: str
    size: int
    as_of: datetime.datetime
    sent_by: Username
    sent_at: datetime.datetime


class SendIn(StrictIn):
    format: ReportFormat = Field(description="docx, pdf, html, xlsx or csv.")
    as_of: str | None = Field(
        None, description="Send the report as known then (ISO date or date and time); default now."
    )


class ReportTemplateOut(Schema):
    id: int
    administration_id: int
    filename: str
    sha256: str
    uploaded_by: Username
    uploaded_at: datetime.datetime
    is_active: bool


class DefaultTemplateOut(Schema):
    deactivated: int = Field(description="How many uploaded templates stopped being used.")
