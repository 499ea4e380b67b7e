"""Follow-up rounds: a round, its entry grid, who has not reported, and managing rounds."""

import datetime

from ninja import Schema
from pydantic import Field

from vplan.api.schemas.common import (
    BoardCodes,
    EndText,
    Extended,
    PersonRef,
    StrictIn,
    TypedText,
)
from vplan.api.schemas.organisation import BoardOut
from vplan.api.schemas.reporting import StatusReportOut
from vplan.followups.entry_grid import Row
from vplan.followups.models import StatusCategory
from vplan.reports.publication import PublishedRow


class RoundOut(Schema):
    id: int
    plan_id: int
    plan_year: int = Field(validation_alias="plan.year")
    administration_id: int = Field(validation_alias="plan.administration_id")
    label: str
    as_of: datetime.date
    reporting_deadline: datetime.date | None
    state: str
    accepts_reports: bool
    introduction: str
    first_published_at: datetime.datetime | None = Field(
        description="When the round was first published; it stays public from then on."
    )


# A round with `missing_for_me` added (followups.progress.missing_report_counts).
class RoundWithMissingOut(RoundOut):
    missing_for_me: int = Field(description="Activities the caller may edit without a status.")


# A row of the entry grid: its activity, with whether the caller may report on it, the version
# and the current report added (entry_of; a published round's rows: PublishedEntry).
class EntryOut(Schema):
    activity_id: int = Field(validation_alias="pk")
    text: str
    boards: BoardCodes
    current_end: EndText
    is_postponed: bool
    parent_id: int | None
    can_edit: bool
    version: int = Field(description="Send this as expected_version when reporting.")
    current: StatusReportOut | None


def entry_of(row: Row) -> Extended:
    """A row of the live grid (followups.entry_grid.read_grid) as EntryOut reads it."""
    return Extended(row.activity, can_edit=row.can_edit, version=row.version, current=row.report)


class PublishedReport:
    """A published row's status, read as StatusReportOut reads a status report: the status as
    published is text only, and its author is already left out for whoever may not see names
    (publication.published_round asks the same rule)."""

    status = None

    def __init__(self, row: PublishedRow, *, round_id: int):
        self.round_id = round_id
        self.version = row.version
        self.status_text = self.display_status = row.status
        self.category = row.category if row.category in StatusCategory.values else None
        self.comment = row.comment
        self.author_display = row.changed_by
        self.created_at = row.changed_at


class PublishedEntry:
    """A row of a published round, read as EntryOut reads a live row: what was published, never
    the activity as it is now; nobody reports on a published round."""

    can_edit = False

    def __init__(self, row: PublishedRow, *, round_id: int):
        self.pk = row.activity_id
        self.text = row.text
        self.boards = row.boards
        self.current_end = row.current_end
        self.is_postponed = row.postponed
        self.parent_id = row.parent_id
        self.version = row.version
        self.current = PublishedReport(row, round_id=round_id) if row.has_status else None


class MissingActivityOut(Schema):
    id: int
    text: str
    current_end: EndText


# Reads a row of Activity.boards.through: a board and one of its activities without a status.
class MissingOut(Schema):
    board: BoardOut
    activity: MissingActivityOut


class MissingPersonOut(Schema):
    """One responsible person (null: the activities with nobody named) and how many of their
    activities lack a status in the round, with those activities' boards."""

    person: PersonRef | None
    count: int
    boards: list[BoardOut]


class CloseIn(StrictIn):
    confirm: bool = Field(
        False,
        description="True: close the round. Without it the answer is 400 confirmation_required "
        "with `missing`: how many activities lack a status, in all and per board.",
    )


class PublishIn(StrictIn):
    confirm: bool = Field(
        False,
        description="True: publish the round. Without it the answer is 400 "
        "confirmation_required with `missing`, as for closing.",
    )
    correction_reason: TypedText = Field(
        "",
        max_length=2000,
        description="Needed when the round was published before: what the new publication corrects.",
    )
    before_as_of: bool = Field(
        False,
        description="True: publish before the round's as-of date (else 409 before_as_of); "
        "needs before_as_of_reason. Recorded with who and when.",
    )
    before_as_of_reason: TypedText = Field(
        "", max_length=2000, description="Why the round is published before its as-of date."
    )


class KeepOpenIn(StrictIn):
    keep_other_rounds_open: bool = Field(
        False,
        description="True: open this round although another round of the plan is open (else "
        "409 another_round_open with `open_rounds`). Recorded with who and when.",
    )
    keep_open_reason: TypedText = Field(
        "", max_length=2000, description="Why both are kept open (optional)."
    )


class RoundIn(KeepOpenIn):
    label: TypedText
    as_of: datetime.date
    reporting_deadline: datetime.date | None = None
    introduction: TypedText = ""


class RoundPatch(StrictIn):
    label: TypedText | None = None
    as_of: datetime.date | None = None
    reporting_deadline: datetime.date | None = Field(None, description="null removes it.")
    introduction: TypedText | None = None
