"""Rollover: what carrying a plan over into next year would do, and doing it."""

from ninja import Schema
from pydantic import Field

from vplan.api.schemas.activities import ActivityRef
from vplan.api.schemas.common import Extended, StrictIn, text_or_none, tuple_item
from vplan.api.schemas.plans import PlanOut
from vplan.lineage.rollover import KINDS


class RolloverIn(StrictIn):
    to_year: int | None = Field(None, ge=1900, le=2999, description="Default: the next year.")
    choices: dict[str, str] = Field(
        {}, description='{"board_goal:12": "copy" | "skip" | "<id of next year\'s item>"}'
    )
    leave_out: list[int] = Field([], description="Unfinished activities not to carry over.")
    promote: list[int] = Field(
        [],
        description=(
            "Parts to carry as activities of their own, standing where their activity stood: "
            "ids from `stays_with_activity` (unfinished parts of an activity that is not "
            "carried over). Any other id is refused, named as `promote`."
        ),
    )


class ActivityBriefOut(Schema):
    id: int
    text: str
    current_end: str | None
    parent_id: int | None

    @staticmethod
    def resolve_current_end(activity) -> str | None:
        return text_or_none(activity.current_end or activity.decided_end)


class LeftBehindOut(ActivityBriefOut):
    category: str | None = Field(description="Its status category at the latest round.")


# A goal or an assignment, named as the plan names it.
class ItemOut(Schema):
    id: int
    text: str

    @staticmethod
    def resolve_text(item) -> str:
        return str(item)


# A (part, its activity) pair.
class PartOfOut(Schema):
    part: ActivityRef = Field(description="The unfinished part.")
    activity: ActivityRef = Field(description="The activity it is a part of, which is not carried.")

    resolve_part = tuple_item(0)
    resolve_activity = tuple_item(1)


# A lineage.rollover.ItemMapping.
class MappingOut(Schema):
    key: str = Field(description="'<kind>:<id>', the key of `choices`.")
    kind: str = Field(description="municipal_goal, board_goal or assignment")
    source: ItemOut
    action: str = Field(description="copy, skip or map")
    choice: str = Field(description="copy, skip or the id of next year's item")
    target: ItemOut | None = Field(description="Next year's item it is mapped onto.")
    used_by: int = Field(description="Carried activities standing under it.")


# A lineage.rollover.RolloverProposal.
class RolloverProposalOut(Schema):
    plan_id: int = Field(validation_alias="plan.pk")
    from_year: int = Field(validation_alias="plan.year")
    to_year: int
    target_plan: PlanOut | None = Field(description="Next year's plan, when it exists already.")
    carried: list[ActivityBriefOut] = Field(description="Would be carried over.")
    left_behind: list[LeftBehindOut] = Field(description="Done: stay behind.")
    left_out: list[ActivityBriefOut] = Field(description="Unfinished, but left out by choice.")
    stays_with_activity: list[PartOfOut] = Field(
        description=(
            "Unfinished parts that stay behind with their activity (done, or left out); "
            "name a part in `promote` to carry it as an activity of its own."
        )
    )
    promoted: list[PartOfOut] = Field(
        description=(
            "Parts named in `promote`: carried as activities of their own, standing where their "
            "activity stood. They are in `carried` too."
        )
    )
    mappings: list[MappingOut]
    targets: dict[str, list[ItemOut]] = Field(
        description="Per kind, next year's items a goal or assignment can be mapped onto."
    )

    @staticmethod
    def resolve_left_behind(proposal) -> list[Extended]:
        return [
            Extended(activity, category=category) for activity, category in proposal.left_behind
        ]

    @staticmethod
    def resolve_targets(proposal) -> dict[str, list]:
        return {kind: proposal.targets.get(kind, []) for kind in KINDS}


class RolloverResultOut(Schema):
    plan: PlanOut = Field(description="Next year's plan.")
    carried_over: int = Field(description="Activities carried over from this plan.")
