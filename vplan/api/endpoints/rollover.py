"""Rollover: start next year's plan from this one, after a review of what it would do.

The same two steps as the rollover page (vplan/lineage/views.py) and `vplan rollover`:
`propose_rollover` reads only and says what would happen; `carry_over` saves it, all or
nothing. For the plan's controllers and administrators.

`choices` maps "<kind>:<id>" (kind: municipal_goal, board_goal, assignment) to "copy", "skip"
or the id of an item of next year's plan; `leave_out` names unfinished activities not to carry.
A refused choice is named in `errors` as "choices.<kind>:<id>".

Parts travel with their activity: an unfinished part of an activity that is not carried (done, or
left out) stays behind with it (`stays_with_activity`), unless `promote` names it; then it is
carried as an activity of its own, standing where its activity stood (`promoted`).
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from pydantic import Field

from vplan.api.access import user_of
from vplan.api.errors import field_errors
from vplan.api.schemas.common import ERRORS, StrictIn, text_or_none
from vplan.api.schemas.plans import PlanOut
from vplan.followups.access import access_plan_for_manage
from vplan.lineage.rollover import KINDS, RolloverProposal, carry_over, propose_rollover
from vplan.plans.models import Activity, Plan

router = Router(tags=["rollover"])


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


class LeftBehindOut(ActivityBriefOut):
    category: str | None = Field(description="Its status category at the latest round.")


class ItemOut(Schema):
    id: int
    text: str


class PartOfOut(Schema):
    part: ItemOut = Field(description="The unfinished part.")
    activity: ItemOut = Field(description="The activity it is a part of, which is not carried.")


class MappingOut(Schema):
    key: str = Field(description="'<kind>:<id>', the key of `choices`.")
    kind: str = Field(description="municipal_goal, board_goal or assignment")
    source: ItemOut
    action: str = Field(description="copy, skip or map")
    choice: str = Field(description="copy, skip or the id of next year's item")
    target: ItemOut | None = Field(description="Next year's item it is mapped onto.")
    used_by: int = Field(description="Carried activities standing under it.")


class RolloverProposalOut(Schema):
    plan_id: int
    from_year: int
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


class RolloverResultOut(Schema):
    plan: PlanOut = Field(description="Next year's plan.")
    carried_over: int = Field(description="Activities carried over from this plan.")


def _brief(activity: Activity) -> dict:
    return {
        "id": activity.pk,
        "text": activity.text,
        "current_end": text_or_none(activity.current_end or activity.decided_end),
        "parent_id": activity.parent_id,
    }


def _item(item) -> dict:
    return {"id": item.pk, "text": str(item)}


def _part_of(part: Activity, activity: Activity) -> dict:
    return {
        "part": {"id": part.pk, "text": part.text},
        "activity": {"id": activity.pk, "text": activity.text},
    }


def _proposal(proposal: RolloverProposal) -> dict:
    target = proposal.target_plan
    return {
        "plan_id": proposal.plan.pk,
        "from_year": proposal.plan.year,
        "to_year": proposal.to_year,
        "target_plan": target,
        "carried": [_brief(a) for a in proposal.carried],
        "left_behind": [{**_brief(a), "category": c} for a, c in proposal.left_behind],
        "left_out": [_brief(a) for a in proposal.left_out],
        "stays_with_activity": [_part_of(p, a) for p, a in proposal.stays_with_activity],
        "promoted": [_part_of(p, a) for p, a in proposal.promoted],
        "mappings": [
            {
                "key": m.key,
                "kind": m.kind,
                "source": _item(m.source),
                "action": m.action,
                "choice": m.choice,
                "target": _item(m.target) if m.target else None,
                "used_by": m.used_by,
            }
            for m in proposal.mappings
        ],
        "targets": {kind: [_item(t) for t in proposal.targets.get(kind, [])] for kind in KINDS},
    }


def _propose(plan: Plan, payload: RolloverIn) -> RolloverProposal:
    """The proposal, with a refused choice named as the request names it."""
    try:
        proposal = propose_rollover(
            plan=plan,
            to_year=payload.to_year or plan.year + 1,
            choices=payload.choices,
            leave_out=payload.leave_out,
            promote=payload.promote,
        )
    except ValidationError as error:
        raise ValidationError(
            {
                key if key in ("to_year", "__all__") else f"choices.{key}": messages
                for key, messages in field_errors(error).items()
            }
        ) from error
    errors = {}
    candidates = {a.pk for a in proposal.carried + proposal.left_out}
    unknown = [pk for pk in payload.leave_out if pk not in candidates]
    if unknown:
        errors["leave_out"] = _("%(ids)s: not an unfinished activity of this plan.") % {
            "ids": ", ".join(str(pk) for pk in unknown)
        }
    promoted = {part.pk for part, _activity in proposal.promoted}
    refused = [pk for pk in payload.promote if pk not in promoted]
    if refused:
        errors["promote"] = _(
            "%(ids)s: not an unfinished part staying with its activity; only such a part can be "
            "carried over as an activity of its own."
        ) % {"ids": ", ".join(str(pk) for pk in refused)}
    if errors:
        raise ValidationError(errors)
    return proposal


@router.get("/plans/{int:plan_id}/rollover", response={200: RolloverProposalOut, **ERRORS})
def preview_rollover(request, plan_id: int, to_year: int | None = Query(None, ge=1900, le=2999)):
    """What carrying the plan over into `to_year` (default: the next year) would do, as Vplan
    proposes it. Saves nothing."""
    plan = access_plan_for_manage(user_of(request), plan_id)
    return _proposal(_propose(plan, RolloverIn(to_year=to_year)))


@router.post(
    "/plans/{int:plan_id}/rollover/proposal", response={200: RolloverProposalOut, **ERRORS}
)
def review_rollover(request, plan_id: int, payload: RolloverIn):
    """The proposal with your choices, leave_out and promote applied; a refused choice is a 400
    naming it. Saves nothing."""
    plan = access_plan_for_manage(user_of(request), plan_id)
    return _proposal(_propose(plan, payload))


@router.post("/plans/{int:plan_id}/rollover", response={201: RolloverResultOut, **ERRORS})
def rollover(request, plan_id: int, payload: RolloverIn):
    """Carry the unfinished activities over into next year's plan (created when missing) and
    copy or map the goals and assignments they stand under, as reviewed; the parts named in
    `promote` are carried as activities of their own. All or nothing."""
    user = user_of(request)
    plan = access_plan_for_manage(user, plan_id)
    _propose(plan, payload)
    new_plan = carry_over(
        plan=plan,
        to_year=payload.to_year or plan.year + 1,
        by=user,
        choices=payload.choices,
        leave_out=payload.leave_out,
        promote=payload.promote,
    )
    new_plan = (
        Plan.objects.select_related("administration").prefetch_related("boards").get(pk=new_plan.pk)
    )
    carried = Activity.objects.in_plan(new_plan).filter(carried_over_from__plan=plan).count()
    return Status(201, {"plan": new_plan, "carried_over": carried})
