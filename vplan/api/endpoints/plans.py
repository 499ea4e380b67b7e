"""Plans: the list, one plan as a tree, deciding and revising, goals, assignments and order."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from vplan.api import references
from vplan.api.access import in_managed_plan, user_of
from vplan.api.paging import API_MAX_LIMIT, API_PAGE_SIZE, paged
from vplan.api.plan_tree import read_plan_tree
from vplan.api.schemas.common import ERRORS
from vplan.api.schemas.plans import (
    AssignmentIn,
    AssignmentOut,
    AssignmentPatch,
    BoardGoalIn,
    BoardGoalOut,
    BoardGoalPatch,
    DateIn,
    MunicipalGoalIn,
    MunicipalGoalOut,
    MunicipalGoalPatch,
    PlanOut,
    PlanTreeOut,
    ReorderIn,
)
from vplan.followups.access import (
    access_plan_for_manage,
    access_plan_for_view,
    access_round_for_view,
    readable_plans,
)
from vplan.organisation import permissions
from vplan.organisation.models import Board
from vplan.plans import editing
from vplan.plans.models import Activity, Assignment, BoardGoal, MunicipalGoal, Placement

router = Router(tags=["plans"])


def patch_fields(payload, *, nullable: set[str] = frozenset()) -> dict:
    """The fields the caller sent; null only where null means something."""
    fields = payload.model_dump(exclude_unset=True)
    for name, value in fields.items():
        if value is None and name not in nullable:
            raise ValidationError({name: _("This field cannot be null.")})
    return fields


@router.get("/plans", response=list[PlanOut])
@paged
def list_plans(request, administration: int | None = None, year: int | None = None):
    plans = readable_plans(user_of(request)).prefetch_related("boards")
    if administration is not None:
        plans = plans.filter(administration_id=administration)
    if year is not None:
        plans = plans.filter(year=year)
    return plans


@router.get("/plans/{int:plan_id}", response={200: PlanTreeOut, **ERRORS})
def get_plan(
    request,
    plan_id: int,
    round_id: int | None = Query(None, alias="round"),
    board: str | None = None,
    goal: int | None = Query(
        None, description="Only the activities under this municipal goal (its id)."
    ),
    limit: int = Query(
        API_PAGE_SIZE,
        ge=1,
        le=API_MAX_LIMIT,
        description=f"How many activities in their places (1-{API_MAX_LIMIT}; default "
        f"{API_PAGE_SIZE}); `entry_count` says how many there are, `next` where the rest are.",
    ),
    offset: int = Query(0, ge=0, description="How many places to skip (default 0)."),
):
    """The plan as a tree, its activities paged in the plan's order. `round`: include each
    activity's current status in that round; `board`: only the activities of that board (code);
    `goal`: only those under that municipal goal."""
    user = user_of(request)
    plan = access_plan_for_view(user, plan_id)
    chosen_round = None
    if round_id is not None:
        chosen_round = access_round_for_view(user, round_id)
        if chosen_round.plan_id != plan.pk:
            raise ValidationError({"round": _("The round belongs to another plan.")})
    chosen_board = None
    if board is not None:
        chosen_board = Board.objects.by_code(board).first()
        if chosen_board is None:
            raise ValidationError({"board": _("No such board: %(code)s.") % {"code": board}})
    tree = read_plan_tree(
        plan=plan,
        is_member=permissions.is_member(user, plan.administration),
        chosen_round=chosen_round,
        board=chosen_board,
        goal=goal,
        limit=limit,
        offset=offset,
    )
    following = offset + limit
    tree["next"] = None
    if following < tree["entry_count"]:
        query = request.GET.copy()
        query["offset"] = str(following)
        query["limit"] = str(limit)
        tree["next"] = f"{request.path}?{query.urlencode()}"
    return tree


@router.post("/plans/{int:plan_id}/decide", response={200: PlanOut, **ERRORS})
def decide_plan(request, plan_id: int, payload: DateIn | None = None):
    """Draft -> decided: the current end dates become the decided ones."""
    user = user_of(request)
    plan = access_plan_for_manage(user, plan_id)
    editing.decide_plan(plan=plan, by=user, decided_on=payload.date if payload else None)
    return plan


@router.post("/plans/{int:plan_id}/revise", response={200: PlanOut, **ERRORS})
def revise_plan(request, plan_id: int, payload: DateIn | None = None):
    user = user_of(request)
    plan = access_plan_for_manage(user, plan_id)
    editing.revise_plan(plan=plan, by=user, revised_on=payload.date if payload else None)
    return plan


# --- municipal goals ----------------------------------------------------------------------


@router.post("/plans/{int:plan_id}/municipal-goals", response={201: MunicipalGoalOut, **ERRORS})
def create_municipal_goal(request, plan_id: int, payload: MunicipalGoalIn):
    user = user_of(request)
    plan = access_plan_for_manage(user, plan_id)
    goal = editing.create_municipal_goal(
        plan=plan,
        perspective=references.perspective(payload.perspective),
        title=payload.title,
        by=user,
    )
    return Status(201, goal)


@router.patch("/municipal-goals/{int:goal_id}", response={200: MunicipalGoalOut, **ERRORS})
def update_municipal_goal(request, goal_id: int, payload: MunicipalGoalPatch):
    user = user_of(request)
    goal = in_managed_plan(user, MunicipalGoal, goal_id)
    fields = patch_fields(payload)
    if "perspective" in fields:
        fields["perspective"] = references.perspective(fields["perspective"])
    editing.update_municipal_goal(goal=goal, by=user, **fields)
    return goal


# --- board goals --------------------------------------------------------------------------


@router.post("/plans/{int:plan_id}/board-goals", response={201: BoardGoalOut, **ERRORS})
def create_board_goal(request, plan_id: int, payload: BoardGoalIn):
    user = user_of(request)
    plan = access_plan_for_manage(user, plan_id)
    goal = editing.create_board_goal(
        plan=plan,
        title=payload.title,
        description=payload.description,
        municipal_goal=references.municipal_goal(payload.municipal_goal, plan=plan),
        by=user,
    )
    return Status(201, goal)


@router.patch("/board-goals/{int:goal_id}", response={200: BoardGoalOut, **ERRORS})
def update_board_goal(request, goal_id: int, payload: BoardGoalPatch):
    user = user_of(request)
    goal = in_managed_plan(user, BoardGoal, goal_id)
    fields = patch_fields(payload, nullable={"municipal_goal"})
    if "municipal_goal" in fields:
        fields["municipal_goal"] = references.municipal_goal(
            fields["municipal_goal"], plan=goal.plan
        )
    editing.update_board_goal(goal=goal, by=user, **fields)
    return goal


# --- assignments --------------------------------------------------------------------------


@router.post("/plans/{int:plan_id}/assignments", response={201: AssignmentOut, **ERRORS})
def create_assignment(request, plan_id: int, payload: AssignmentIn):
    user = user_of(request)
    plan = access_plan_for_manage(user, plan_id)
    assignment = editing.create_assignment(
        plan=plan,
        text=payload.text,
        scope=payload.scope,
        number=payload.number,
        boards=references.boards(payload.boards),
        is_struck=payload.is_struck,
        by=user,
    )
    return Status(201, assignment)


@router.patch("/assignments/{int:assignment_id}", response={200: AssignmentOut, **ERRORS})
def update_assignment(request, assignment_id: int, payload: AssignmentPatch):
    """Change an assignment; `{"is_struck": true}` strikes it ('Struket i IB')."""
    user = user_of(request)
    assignment = in_managed_plan(user, Assignment, assignment_id)
    fields = patch_fields(payload, nullable={"number"})
    if "boards" in fields:
        fields["boards"] = references.boards(fields["boards"])
    editing.update_assignment(assignment=assignment, by=user, **fields)
    return assignment


# --- order --------------------------------------------------------------------------------

REORDER_MODELS = {
    "activities": Activity,
    "municipal_goals": MunicipalGoal,
    "board_goals": BoardGoal,
    "assignments": Assignment,
    "placements": Placement,
}


@router.post("/plans/{int:plan_id}/reorder", response={200: dict[str, int], **ERRORS})
def reorder(request, plan_id: int, payload: ReorderIn):
    """Put activities, goals, assignments or one goal's placements in the order of `ids`."""
    user = user_of(request)
    plan = access_plan_for_manage(user, plan_id)
    model = REORDER_MODELS[payload.kind]
    in_plan = {"activity__plan": plan} if model is Placement else {"plan": plan}
    found = model._base_manager.filter(pk__in=payload.ids, **in_plan).in_bulk()
    unknown = [str(pk) for pk in payload.ids if pk not in found]
    if unknown:
        raise ValidationError(
            {"ids": _("Not in this plan: %(ids)s.") % {"ids": ", ".join(unknown)}}
        )
    moved = editing.reorder(items=[found[pk] for pk in payload.ids], by=user)
    return {"moved": moved}
