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
from ninja import Query, Router, Status

from vplan.api.access import user_of
from vplan.api.errors import field_errors
from vplan.api.schemas.common import ERRORS
from vplan.api.schemas.rollover import RolloverIn, RolloverProposalOut, RolloverResultOut
from vplan.followups.access import access_plan_for_manage
from vplan.lineage.rollover import RolloverProposal, carry_over, propose_rollover
from vplan.plans.models import Activity, Plan

router = Router(tags=["rollover"])


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
    return _propose(plan, RolloverIn(to_year=to_year))


@router.post(
    "/plans/{int:plan_id}/rollover/proposal", response={200: RolloverProposalOut, **ERRORS}
)
def review_rollover(request, plan_id: int, payload: RolloverIn):
    """The proposal with your choices, leave_out and promote applied; a refused choice is a 400
    naming it. Saves nothing."""
    plan = access_plan_for_manage(user_of(request), plan_id)
    return _propose(plan, payload)


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
