"""The shapes of the API's requests and responses (for validation and the OpenAPI document)."""

import datetime
from typing import Literal

from ninja import Schema
from pydantic import ConfigDict, Field


class StrictIn(Schema):
    """Request bodies: an unknown field is an error, so a typo does not pass silently."""

    model_config = ConfigDict(extra="forbid")


# --- errors -------------------------------------------------------------------------------


class ErrorOut(Schema):
    detail: str
    code: str
    errors: dict[str, list[str]] = {}


# --- organisation -------------------------------------------------------------------------


class BoardOut(Schema):
    id: int
    code: str
    display_code: str
    name: str
    administration_id: int | None
    order: int
    is_active: bool
    replaced_by_id: int | None = Field(description="The board it was merged into or renamed as.")


class BoardIn(StrictIn):
    display_code: str = Field(..., min_length=1, max_length=20)
    name: str = Field(..., min_length=1, max_length=200)
    order: int | None = Field(None, ge=0)


class BoardPatch(StrictIn):
    display_code: str | None = Field(None, min_length=1, max_length=20)
    name: str | None = Field(None, min_length=1, max_length=200)
    order: int | None = Field(None, ge=0)


class BoardRetireIn(StrictIn):
    replaced_by: int | None = Field(None, description="The board it was merged into, if any.")


class AdministrationOut(Schema):
    id: int
    name: str
    short_code: str
    municipality: str
    boards: list[BoardOut]


class MembershipOut(Schema):
    administration_id: int
    board: str | None
    role: str


class StatusOut(Schema):
    id: int
    name: str
    category: str
    order: int
    is_active: bool


# --- plans and their contents -------------------------------------------------------------


class AdministrationRef(Schema):
    id: int
    name: str
    short_code: str


class PlanOut(Schema):
    id: int
    administration: AdministrationRef
    year: int
    title: str
    state: str
    decided_on: datetime.date | None
    revised_on: datetime.date | None
    boards: list[str]


class RoundOut(Schema):
    id: int
    plan_id: int
    plan_year: int
    administration_id: int
    label: str
    as_of: datetime.date
    reporting_deadline: datetime.date | None
    state: str
    accepts_reports: bool
    introduction: str
    first_published_at: datetime.datetime | None = Field(
        description="When the round was first published; it stays public from then on."
    )


class PublishIn(StrictIn):
    correction_reason: str = Field(
        "",
        max_length=2000,
        description="Needed when the round was published before: what the new publication corrects.",
    )


class RoundWithMissingOut(RoundOut):
    missing_for_me: int = Field(description="Activities the caller may edit without a status.")


class MeOut(Schema):
    authenticated: bool
    username: str | None
    name: str | None
    is_superuser: bool
    memberships: list[MembershipOut]
    open_rounds: list[RoundWithMissingOut]


class ReportOut(Schema):
    round_id: int
    version: int
    status: StatusOut | None
    status_text: str
    display_status: str
    category: str | None
    comment: str
    author: str
    created_at: datetime.datetime


class ActivityNode(Schema):
    id: int
    text: str
    boards: list[str]
    decided_end: str | None
    current_end: str | None
    is_postponed: bool
    carried_over_year: int | None
    represents_assignment: bool
    parent_id: int | None
    order: int
    placement_id: int | None = Field(None, description="The placement this entry stands by.")
    status: ReportOut | None = Field(None, description="Current report in the chosen round.")
    parts: list["ActivityNode"] = []


class BoardGoalNode(Schema):
    id: int
    title: str
    description: str
    order: int
    activities: list[ActivityNode]


class AssignmentOut(Schema):
    id: int
    number: int | None
    label: str
    text: str
    scope: str
    boards: list[str]
    is_struck: bool
    order: int


class AssignmentNode(AssignmentOut):
    activities: list[ActivityNode]


class MunicipalGoalNode(Schema):
    id: int
    title: str
    order: int
    board_goals: list[BoardGoalNode]
    assignments: list[AssignmentNode]
    activities: list[ActivityNode]


class PerspectiveNode(Schema):
    id: int
    name: str
    municipal_goals: list[MunicipalGoalNode]
    board_goals: list[BoardGoalNode] = Field(description="Board goals without a municipal goal.")
    assignments: list[AssignmentNode] = Field(description="Placed under an assignment only.")
    activities: list[ActivityNode] = Field(description="Placed under the perspective only.")


class BoardGoalOut(Schema):
    id: int
    municipal_goal_id: int | None
    title: str
    description: str
    order: int


class MunicipalGoalOut(Schema):
    id: int
    perspective_id: int
    perspective: str
    title: str
    order: int


class PlanTreeOut(Schema):
    plan: PlanOut
    round: RoundOut | None
    activity_count: int
    perspectives: list[PerspectiveNode]
    assignments: list[AssignmentOut]
    board_goals: list[BoardGoalOut]


class PlacementOut(Schema):
    id: int
    perspective_id: int
    perspective: str
    municipal_goal_id: int | None
    municipal_goal: str | None
    board_goal_id: int | None
    board_goal: str | None
    assignment_id: int | None
    assignment: str | None
    order: int


class ChainLink(Schema):
    id: int
    plan_id: int
    year: int
    text: str
    current_end: str | None


class ActivityRef(Schema):
    id: int
    text: str


class RoundReportsOut(Schema):
    round: RoundOut
    reports: list[ReportOut] = Field(description="Newest first; the first is the current one.")


class ActivityOut(Schema):
    id: int
    plan: PlanOut
    text: str
    boards: list[str]
    decided_end: str | None
    current_end: str | None
    is_postponed: bool
    represents_assignment: bool
    carried_over_year: int | None
    carried_over_from: list[ChainLink] = Field(description="The chain back, oldest first.")
    carried_over_to: list[ChainLink] = Field(description="The chain forward, year by year.")
    parent: ActivityRef | None
    parts: list[ActivityRef]
    placements: list[PlacementOut]
    rounds: list[RoundReportsOut]
    created_at: datetime.datetime
    deleted_at: datetime.datetime | None


# --- follow-up ----------------------------------------------------------------------------


class EntryOut(Schema):
    activity_id: int
    text: str
    boards: list[str]
    current_end: str | None
    is_postponed: bool
    parent_id: int | None
    can_edit: bool
    version: int = Field(description="Send this as expected_version when reporting.")
    current: ReportOut | None


class GridOut(Schema):
    round: RoundOut
    entries: list[EntryOut]


class MissingActivityOut(Schema):
    id: int
    text: str
    current_end: str | None


class MissingBoardOut(Schema):
    board: BoardOut
    count: int
    activities: list[MissingActivityOut]


class ReportIn(StrictIn):
    status: int | str | None = Field(None, description="A status id or name (see /statuses).")
    status_text: str = Field("", max_length=500, description="The status as written, if composite.")
    comment: str = ""
    expected_version: int = Field(
        ge=0, description="The version you saw (0: none); a newer one gives 409 conflict."
    )


class SubmittedReport(Schema):
    status: str | None
    status_text: str
    comment: str
    expected_version: int


class ConflictOut(ErrorOut):
    expected_version: int
    current: ReportOut | None
    yours: SubmittedReport


class RoundIn(StrictIn):
    label: str
    as_of: datetime.date
    reporting_deadline: datetime.date | None = None
    introduction: str = ""


class RoundPatch(StrictIn):
    label: str | None = None
    as_of: datetime.date | None = None
    reporting_deadline: datetime.date | None = Field(None, description="null removes it.")
    introduction: str | None = None


# --- plan editing -------------------------------------------------------------------------


class DateIn(StrictIn):
    date: datetime.date | None = Field(None, description="Default: today.")


class MunicipalGoalIn(StrictIn):
    perspective: int | str = Field(description="Perspective id or name.")
    title: str


class MunicipalGoalPatch(StrictIn):
    perspective: int | str | None = None
    title: str | None = None


class BoardGoalIn(StrictIn):
    title: str
    description: str = ""
    municipal_goal: int | None = None


class BoardGoalPatch(StrictIn):
    title: str | None = None
    description: str | None = None
    municipal_goal: int | None = None


Scope = Literal["common", "board_specific"]


class AssignmentIn(StrictIn):
    text: str
    scope: Scope
    number: int | None = None
    boards: list[int | str] = Field([], description="Board ids or codes.")
    is_struck: bool = False


class AssignmentPatch(StrictIn):
    text: str | None = None
    scope: Scope | None = None
    number: int | None = None
    boards: list[int | str] | None = None
    is_struck: bool | None = None


class PlaceIn(StrictIn):
    municipal_goal: int | None = None
    board_goal: int | None = None
    assignment: int | None = None
    perspective: int | str | None = Field(None, description="Only for a place under an assignment.")


class ActivityIn(StrictIn):
    text: str
    boards: list[int | str] = Field(description="Board ids or codes, e.g. ['BiN'].")
    decided_end: str | None = Field(
        None, description="As the documents write it: 'December', 'Q4'."
    )
    placements: list[PlaceIn] = []
    parent: int | None = None
    carried_over_from: int | None = None
    represents_assignment: bool = False


class ActivityPatch(StrictIn):
    text: str | None = None
    boards: list[int | str] | None = None
    parent: int | None = None
    carried_over_from: int | None = None
    represents_assignment: bool | None = None


class EndDateIn(StrictIn):
    end: str | None = Field(description="The new current end date; the decided one stays.")


class ReorderIn(StrictIn):
    kind: Literal["activities", "municipal_goals", "board_goals", "assignments", "placements"]
    ids: list[int] = Field(min_length=1, description="Every id to order, first first.")


class ChangeOut(Schema):
    id: int
    action: str
    object: str
    changes: dict
    changed_by: str | None
    changed_at: datetime.datetime


ActivityNode.model_rebuild()
