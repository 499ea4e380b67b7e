"""Lineage: the links from this year's activities to last year's, proposed and decided."""

import datetime
from typing import Literal

from ninja import Schema
from pydantic import Field

from vplan.api.schemas.common import StrictIn, Username
from vplan.api.schemas.plans import PlanOut


class LinkSideOut(Schema):
    id: int
    plan_id: int
    plan_year: int = Field(validation_alias="plan.year")
    text: str


# A lineage.models.LineageLink.
class LinkOut(Schema):
    id: int
    activity: LinkSideOut = Field(description="The activity of this year's plan.")
    predecessor: LinkSideOut = Field(description="The same activity in last year's plan.")
    confidence: float = Field(ge=0, le=1)
    decision: str = Field(description="pending, confirmed or rejected")
    decided_by: Username
    decided_at: datetime.datetime | None
    reasons: dict = Field(description="What the confidence is made of.")
    reason_labels: list[str] = Field(description="The same, in words.")


class PlanLinksOut(Schema):
    plan: PlanOut
    previous_plan: PlanOut | None = Field(description="Last year's plan, if Vplan has it.")
    carried_over: int = Field(description="Activities already linked to last year's.")
    can_manage: bool = Field(description="Whether the caller may propose and decide.")
    link_count: int = Field(description="How many links there are (with `decision`).")
    links: list[LinkOut] = Field(
        description="Pending first, each group most confident first; `limit` of them from "
        "`offset` (see Paging in docs/api.md)."
    )


class DecisionIn(StrictIn):
    decision: Literal["confirmed", "rejected"]
