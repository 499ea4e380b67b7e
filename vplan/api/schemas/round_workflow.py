"""Reminders and the boards' sign-off of a round, in the API."""

import datetime

from ninja import Schema
from pydantic import Field

from vplan.api.schemas.common import ErrorOut, PersonRef, StrictIn, TypedText
from vplan.api.schemas.organisation import BoardOut
from vplan.api.schemas.reporting import StatusReportOut


class RemindIn(StrictIn):
    people: list[int] | None = Field(
        None, description="User ids of the people to remind; null: everyone missing a status."
    )


class RemindOut(Schema):
    """What a reminder run did: who got a mail, who was reminded less than 24 hours ago (no new
    mail), who has no e-mail address."""

    sent: list[PersonRef]
    recently_reminded: list[PersonRef]
    without_address: list[PersonRef]

    @staticmethod
    def resolve_sent(outcome) -> list:
        return [reminder.person for reminder in outcome.sent]


class ReminderOut(Schema):
    id: int
    person: PersonRef
    address: str
    activity_count: int
    kind: str
    sent_by: PersonRef | None
    sent_at: datetime.datetime


class ReminderDaysIn(StrictIn):
    days: list[int] = Field(
        description="Days before the reporting deadline on which `vplan remind` reminds, e.g. "
        "[7, 2]; [] for none."
    )


class ReminderDaysOut(Schema):
    days: list[int]


class SignOffStepOut(Schema):
    id: int
    state: str = Field(description="ready, approved or returned")
    comment: str
    made_by: PersonRef | None
    made_at: datetime.datetime


# Reads a followups.readiness.BoardSignOff.
class BoardSignOffOut(Schema):
    board: BoardOut
    missing: int = Field(description="The board's activities without a status in the round.")
    state: str | None = Field(description="ready, approved, returned; null: not marked ready.")
    expected: int | None = Field(description="Send it back with the next step (the latest id).")
    history: list[SignOffStepOut] = Field(description="Oldest first; the last is the state.")


class SignOffStepIn(StrictIn):
    state: str = Field(
        description="ready (editors of the board), approved or returned (controllers)"
    )
    expected: int | None = Field(
        description="The board's latest step id as read (null: none yet); another gives 409."
    )
    comment: TypedText = Field("", max_length=5000, description="Required to return.")


class SignOffConflictOut(ErrorOut):
    current: int | None = Field(description="The board's latest step id now.")


class LateCorrectionIn(StrictIn):
    status: int | str = Field(description="A status id or name (see /statuses).")
    comment: TypedText = ""
    reason: TypedText = Field(max_length=2000, description="Why: shown in the report's note.")
    expected_version: int = Field(
        ge=0, description="The version you saw; a newer one gives 409 conflict."
    )


class PostponeIn(StrictIn):
    new_end: str = Field(max_length=60, description="As plans write end dates: 'Juni', 'Q4'.")
    reason: TypedText = Field(max_length=2000, description="Why the end date moves.")


class PostponementOut(Schema):
    id: int
    activity_id: int
    moved_from: str
    moved_to: str
    reason: str
    made_by: PersonRef | None
    made_at: datetime.datetime


# Reads a followups.late_corrections.LateCorrection.
class LateCorrectionOut(Schema):
    activity_id: int
    activity_text: str
    corrected_at: datetime.datetime
    report: StatusReportOut = Field(description="The correction: status, comment, reason.")
