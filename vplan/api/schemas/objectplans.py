"""IT object plans: a plan with its versions, goals, activities and budget, importing one,
and what controllers change (versions, activity links, budget lines, keys, shared posts).

Amounts are strings with two decimals in answers ("1107850.00"), so no reader turns them into
floats; in requests they are strings as the plan writes them or whole numbers.
"""

import datetime
from decimal import Decimal
from typing import Annotated, Literal

from ninja import Schema
from pydantic import BeforeValidator, Field

from vplan.api.schemas.activities import ChainLink
from vplan.api.schemas.common import (
    Extended,
    ShortText,
    StrictIn,
    TypedText,
    Username,
    tuple_item,
)


def money(amount: Decimal | None) -> str | None:
    return None if amount is None else f"{amount:.2f}"


Kind = Literal["VM", "VU"]  # BudgetKind's values
# An amount in an answer: kronor with two decimals, as text.
Money = Annotated[str, BeforeValidator(money)]
# An amount in a request: as text, or a whole number of kronor (never a float: money is exact).
Amount = Annotated[str, BeforeValidator(lambda v: str(v) if type(v) is int else v)]


class ITObjectOut(Schema):
    id: int
    short_name: str
    name: str
    administration_id: int


class VersionOut(Schema):
    id: int
    number: str
    state: str = Field(description="draft, preliminary, final, decided or revised")
    state_label: str = Field(validation_alias="get_state_display")
    date: datetime.date | None = Field(description="When it was reached (approved).")
    approver: str = Field(
        validation_alias="approver_display", description="Who approved, as the plan names them."
    )
    approved_by: Username = Field(description="The Vplan user who recorded the approval.")
    approved_at: datetime.datetime | None
    comment: str


class ObjectPlanOut(Schema):
    id: int
    it_object: ITObjectOut
    year: int
    title: str = Field(validation_alias="display_title")
    period_start: datetime.date
    period_end: datetime.date
    current_version: VersionOut | None

    @staticmethod
    def resolve_current_version(object_plan) -> object:
        return object_plan.current_version()


class RoleOut(Schema):
    kind: str = Field(description="owner or leader")
    name: str
    title: str


class GoverningDocumentOut(Schema):
    id: int
    number: int
    title: str
    goal: str
    impact: str


class GoalOut(Schema):
    id: int
    code: str = Field(description="'1' for a goal, '1:1' for a sub-goal.")
    title: str
    description: str
    parent_id: int | None


class GoalAreaOut(Schema):
    id: int
    unit: str
    heading: str
    text: str
    goals: list[GoalOut]


class ObjectPlanActivityOut(Schema):
    id: int
    unit: str
    text: str
    activity: ChainLink | None = Field(description="The same activity in a plan.")
    status: str = Field(
        validation_alias="status_display",
        description="The linked activity's current status, if any.",
    )


class FollowUpItemOut(Schema):
    id: int
    kind: str = Field(description="delay or overrun")
    text: str
    reason: str


# A row of BudgetSummary.board_rows(): (board, [(kind, amount) ...], total).
class BoardBudgetOut(Schema):
    board: str
    amounts: dict[str, Money] = Field(description="Per kind: VM, VU.")
    total: Money

    resolve_board = tuple_item(0)
    resolve_total = tuple_item(2)

    @staticmethod
    def resolve_amounts(row: tuple) -> dict:
        return dict(row[1])


# An objectplans.models.BudgetSummary with the plan's `forecast_explanation` (budget_of).
class BudgetOut(Schema):
    total: Money
    by_kind: dict[str, Money]
    by_board: list[BoardBudgetOut]
    forecast: Money | None = Field(description="Last year's forecast.")
    difference: Money | None = Field(description="This year's total minus the forecast.")
    forecast_explanation: list[str] = Field(description="Why, one reason per line.")

    @staticmethod
    def resolve_by_board(budget) -> list[tuple]:
        return budget.board_rows()


def budget_of(object_plan) -> Extended:
    """What BudgetOut reads: the plan's budget and why it differs from last year's forecast."""
    return Extended(object_plan.budget(), forecast_explanation=object_plan.forecast_reasons())


class BudgetLineOut(Schema):
    id: int
    board: str = Field(validation_alias="board.display_code")
    board_id: int
    kind: str
    amount: Money
    system: str
    description: str
    shared_post_id: int | None = Field(description="Set when the line is a share of a post.")


class ShareOut(Schema):
    board: str = Field(validation_alias="board.display_code")
    board_id: int
    weight: str

    @staticmethod
    def resolve_weight(share) -> str:
        return f"{share.weight.normalize():f}"


class AllocationKeyOut(Schema):
    id: int
    label: str = Field(description="'BoU/BiN 70/30'")
    text: str
    shares: list[ShareOut]


class SharedPostOut(Schema):
    id: int
    key_id: int
    key: str = Field(validation_alias="key.label")
    kind: str
    amount: Money
    system: str
    description: str
    lines: list[BudgetLineOut] = Field(description="Its shares, one line per board, exact.")


# The plan as its page shows it: the endpoint adds `can_manage` and what it reads for the
# caller (activities with their linked status, goal areas, budget lines, keys, shared posts).
class ObjectPlanDetailOut(ObjectPlanOut):
    can_manage: bool
    purpose: str
    background: str
    follow_up_reasons: str
    direction: str
    maintenance_definition: str
    development_definition: str
    financing_principles: list[str]
    roles: list[RoleOut]
    versions: list[VersionOut]
    governing_documents: list[GoverningDocumentOut]
    goal_areas: list[GoalAreaOut]
    activities: list[ObjectPlanActivityOut]
    follow_up_items: list[FollowUpItemOut]
    budget: BudgetOut
    budget_lines: list[BudgetLineOut]
    allocation_keys: list[AllocationKeyOut]
    shared_posts: list[SharedPostOut]

    @staticmethod
    def resolve_financing_principles(object_plan) -> list[str]:
        return object_plan.financing_principle_list()

    @staticmethod
    def resolve_roles(object_plan) -> list:
        return [role for role in object_plan.it_object.roles.all() if not role.is_deleted]

    @staticmethod
    def resolve_versions(object_plan) -> list:
        return sorted(object_plan.versions.all(), key=lambda version: version.number_key)

    @staticmethod
    def resolve_budget(object_plan) -> Extended:
        return budget_of(object_plan)


# What import_object_plan_upload did, with the plan it imported.
class ObjectPlanImportOut(Schema):
    object_plan: ObjectPlanOut
    created: int
    changed: int
    deleted: int
    linked: int


class ApproveIn(StrictIn):
    state: Literal["preliminary", "final", "decided", "revised"]
    approved_on: datetime.date | None = Field(None, description="Default: today.")
    approver_name: str = Field("", max_length=300, description="E.g. 'Objektägarna (OÄ)'.")
    comment: TypedText | None = None


class LinkIn(StrictIn):
    activity: int | None = Field(description="A plan activity of the same year; null unlinks.")


class BudgetLineIn(StrictIn):
    board: int | str = Field(description="Board id or code.")
    kind: Kind
    amount: Amount = Field(description="'1 234 567,50', '1234567.50' or a whole number.")
    system: ShortText = Field("", max_length=200)
    description: ShortText = Field("", max_length=500)


class ShareIn(StrictIn):
    board: int | str = Field(description="Board id or code.")
    weight: Decimal = Field(ge=0)


class AllocationKeyIn(StrictIn):
    shares: list[ShareIn] = Field(description="[{board: 'BoU', weight: 70}, ...], in order.")
    text: ShortText = Field("", max_length=500, description="As written in the plan.")


class SharedPostIn(StrictIn):
    key: int = Field(description="An allocation key of this plan.")
    kind: Kind
    amount: Amount
    system: ShortText = Field("", max_length=200)
    description: ShortText = Field("", max_length=500)


class ForecastIn(StrictIn):
    forecast: Amount | None = Field(description="Last year's forecast; null: none.")
    explanation: TypedText = Field("", description="Why this year differs, one reason per line.")
