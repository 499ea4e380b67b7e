"""Plans: a plan, its goals and assignments, the plan as one tree, and editing them."""

import datetime
from typing import Literal

from ninja import Schema
from pydantic import Field

from vplan.api.schemas.common import BoardCodes, EndText, StrictIn, TypedText
from vplan.api.schemas.organisation import AdministrationRef
from vplan.api.schemas.reporting import StatusReportOut
from vplan.api.schemas.rounds import RoundOut


class PlanOut(Schema):
    id: int
    administration: AdministrationRef
    year: int
    title: str
    state: str
    decided_on: datetime.date | None
    revised_on: datetime.date | None
    boards: BoardCodes


class AssignmentOut(Schema):
    id: int
    number: int | None
    label: str
    text: str
    scope: str
    boards: BoardCodes
    is_struck: bool
    order: int


class BoardGoalOut(Schema):
    id: int
    municipal_goal_id: int | None
    title: str
    description: str
    order: int


class MunicipalGoalOut(Schema):
    id: int
    perspective_id: int
    perspective: str = Field(validation_alias="perspective.name")
    title: str
    order: int


# --- the plan as one tree (vplan/api/plan_tree.py) ---------------------------------------


# An activity's own fields, in every shape of an activity (the tree's nodes, GET /activities/{id}).
class ActivityFields(Schema):
    id: int
    text: str
    boards: BoardCodes
    decided_end: EndText
    current_end: EndText
    is_postponed: bool
    carried_over_year: int | None
    represents_assignment: bool


# An activity where it stands in the tree: plan_tree adds `placement_id`, its `status` in the
# chosen round and its `parts`.
class ActivityNode(ActivityFields):
    parent_id: int | None
    order: int
    placement_id: int | None = Field(None, description="The placement this entry stands by.")
    status: StatusReportOut | None = Field(None, description="Current report in the chosen round.")
    parts: list["ActivityNode"] = []


class BoardGoalNode(Schema):
    id: int
    title: str
    description: str
    order: int
    activities: list[ActivityNode]


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


class PlanTreeOut(Schema):
    plan: PlanOut
    round: RoundOut | None
    activity_count: int = Field(
        description="How many activities the plan has (parts included; of `board` if given)."
    )
    entry_count: int = Field(
        description="How many places activities stand in (one in two places counts twice; "
        "under `goal` if given): the length of the paged list of activities."
    )
    limit: int = Field(description="At most this many activities in their places this page.")
    offset: int = Field(description="Places skipped before this page, in the plan's order.")
    next: str | None = Field(
        description="The address of the next page (same filters, the next `offset`); "
        "null on the last page."
    )
    perspectives: list[PerspectiveNode]
    assignments: list[AssignmentOut]
    board_goals: list[BoardGoalOut]


ActivityNode.model_rebuild()


# --- editing ------------------------------------------------------------------------------


class DateIn(StrictIn):
    date: datetime.date | None = Field(None, description="Default: today.")


class MunicipalGoalIn(StrictIn):
    perspective: int | str = Field(description="Perspective id or name.")
    title: TypedText


class MunicipalGoalPatch(StrictIn):
    perspective: int | str | None = None
    title: TypedText | None = None


class BoardGoalIn(StrictIn):
    title: TypedText
    description: TypedText = ""
    municipal_goal: int | None = None


class BoardGoalPatch(StrictIn):
    title: TypedText | None = None
    description: TypedText | None = None
    municipal_goal: int | None = None


Scope = Literal["common", "board_specific"]


class AssignmentIn(StrictIn):
    text: TypedText
    scope: Scope
    number: int | None = None
    boards: list[int | str] = Field([], description="Board ids or codes.")
    is_struck: bool = False


class AssignmentPatch(StrictIn):
    text: TypedText | None = None
    scope: Scope | None = None
    number: int | None = None
    boards: list[int | str] | None = None
    is_struck: bool | None = None


class ReorderIn(StrictIn):
    kind: Literal["activities", "municipal_goals", "board_goals", "assignments", "placements"]
    ids: list[int] = Field(min_length=1, description="Every id to order, first first.")
