"""Activities: one as its page shows it, and editing one."""

import datetime

from ninja import Schema
from pydantic import Field

from vplan.api.schemas.common import EndText, PersonRef, StrictIn, TypedText, text_or_none
from vplan.api.schemas.plans import ActivityFields, PlanOut
from vplan.api.schemas.reporting import StatusReportOut
from vplan.api.schemas.rounds import RoundOut


class PlacementOut(Schema):
    id: int
    perspective_id: int
    perspective: str = Field(validation_alias="perspective.name")
    municipal_goal_id: int | None
    municipal_goal: str | None
    board_goal_id: int | None
    board_goal: str | None
    assignment_id: int | None
    assignment: str | None
    order: int

    @staticmethod
    def resolve_municipal_goal(placement) -> str | None:
        return text_or_none(placement.municipal_goal)

    @staticmethod
    def resolve_board_goal(placement) -> str | None:
        return text_or_none(placement.board_goal)

    @staticmethod
    def resolve_assignment(placement) -> str | None:
        return placement.assignment.label if placement.assignment else None


# The same activity in another year's plan.
class ChainLink(Schema):
    id: int
    plan_id: int
    year: int = Field(validation_alias="plan.year")
    text: str
    current_end: EndText


class ActivityRef(Schema):
    id: int
    text: str


# Reads a followups.activity_page.RoundReports.
class RoundReportsOut(Schema):
    round: RoundOut
    reports: list[StatusReportOut] = Field(
        description="Newest first; the first is the current one."
    )


# An activity as its page shows it to the caller: the activity with its page added
# (followups.activity_page.ActivityPage), whose chain across years and rounds it reads.
class ActivityOut(ActivityFields):
    plan: PlanOut
    carried_over_from: list[ChainLink] = Field(
        validation_alias="page.chain_back", description="The chain back, oldest first."
    )
    carried_over_to: list[ChainLink] = Field(
        validation_alias="page.chain_forward", description="The chain forward, year by year."
    )
    responsible_people: list[PersonRef] = Field(
        validation_alias="page.responsible_people",
        description="Who reports on it besides its boards; empty for callers who may not see "
        "personal names.",
    )
    parent: ActivityRef | None
    parts: list[ActivityRef]
    placements: list[PlacementOut]
    rounds: list[RoundReportsOut]
    created_at: datetime.datetime
    deleted_at: datetime.datetime | None

    @staticmethod
    def resolve_rounds(activity) -> list:
        return [entry for entry in activity.page.rounds if entry.reports]


class PlaceIn(StrictIn):
    municipal_goal: int | None = None
    board_goal: int | None = None
    assignment: int | None = None
    perspective: int | str | None = Field(None, description="Only for a place under an assignment.")


class ActivityIn(StrictIn):
    text: TypedText
    boards: list[int | str] = Field(description="Board ids or codes, e.g. ['BiN'].")
    decided_end: str | None = Field(
        None, description="As the documents write it: 'December', 'Q4'."
    )
    placements: list[PlaceIn] = []
    responsible_people: list[int | str] = Field(
        [], description="User ids or user names of members of the plan's administration."
    )
    parent: int | None = None
    carried_over_from: int | None = None
    represents_assignment: bool = False


class ActivityPatch(StrictIn):
    text: TypedText | None = None
    boards: list[int | str] | None = None
    responsible_people: list[int | str] | None = Field(
        None, description="User ids or user names; [] removes every responsible person."
    )
    parent: int | None = None
    carried_over_from: int | None = None
    represents_assignment: bool | None = None


class EndDateIn(StrictIn):
    end: str | None = Field(description="The new current end date; the decided one stays.")
