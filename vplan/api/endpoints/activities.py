"""Activities: one in detail (reports in every round, the chain across years) and editing."""

from ninja import Router, Status

from vplan.api import references
from vplan.api.access import activity_for_manage, in_managed_plan, user_of
from vplan.api.endpoints.plans import patch_fields
from vplan.api.schemas.activities import (
    ActivityIn,
    ActivityOut,
    ActivityPatch,
    EndDateIn,
    PlaceIn,
    PlacementOut,
)
from vplan.api.schemas.common import ERRORS, Extended
from vplan.api.schemas.reporting import show_authors
from vplan.followups.access import access_plan_for_manage
from vplan.followups.activity_page import read_activity_page
from vplan.plans import editing
from vplan.plans.models import Placement

router = Router(tags=["activities"])


def activity_detail(request, pk: int) -> Extended:
    """The activity as the page shows it to the caller (the same read: read_activity_page)."""
    page = read_activity_page(user=user_of(request), activity_id=pk)
    show_authors(request, page.plan.administration)
    return Extended(page.activity, page=page)


@router.get("/activities/{int:activity_id}", response={200: ActivityOut, **ERRORS})
def get_activity(request, activity_id: int):
    """An activity with its places, every readable round's reports and its chain across years."""
    return activity_detail(request, activity_id)


@router.post("/plans/{int:plan_id}/activities", response={201: ActivityOut, **ERRORS})
def create_activity(request, plan_id: int, payload: ActivityIn):
    user = user_of(request)
    plan = access_plan_for_manage(user, plan_id)
    places = [
        editing.Place(
            municipal_goal=references.municipal_goal(place.municipal_goal, plan=plan),
            board_goal=references.board_goal(place.board_goal, plan=plan),
            assignment=references.assignment(place.assignment, plan=plan),
            perspective=references.perspective(place.perspective),
        )
        for place in payload.placements
    ]
    activity = editing.create_activity(
        plan=plan,
        text=payload.text,
        boards=references.boards(payload.boards),
        responsible_people=references.people(payload.responsible_people),
        decided_end=payload.decided_end,
        placements=places,
        parent=references.activity(payload.parent, plan=plan, field="parent"),
        carried_over_from=references.earlier_activity(payload.carried_over_from, user=user),
        represents_assignment=payload.represents_assignment,
        by=user,
    )
    return Status(201, activity_detail(request, activity.pk))


@router.patch("/activities/{int:activity_id}", response={200: ActivityOut, **ERRORS})
def update_activity(request, activity_id: int, payload: ActivityPatch):
    """Change text, boards, parent or links; end dates: POST .../end-date."""
    user = user_of(request)
    activity = activity_for_manage(user, activity_id)
    fields = patch_fields(payload, nullable={"parent", "carried_over_from"})
    if "boards" in fields:
        fields["boards"] = references.boards(fields["boards"])
    if "responsible_people" in fields:
        fields["responsible_people"] = references.people(fields["responsible_people"])
    if "parent" in fields:
        fields["parent"] = references.activity(fields["parent"], plan=activity.plan, field="parent")
    if "carried_over_from" in fields:
        fields["carried_over_from"] = references.earlier_activity(
            fields["carried_over_from"], user=user
        )
    editing.update_activity(activity=activity, by=user, **fields)
    return activity_detail(request, activity.pk)


@router.post("/activities/{int:activity_id}/end-date", response={200: ActivityOut, **ERRORS})
def change_end_date(request, activity_id: int, payload: EndDateIn):
    """Move the current end date; in a decided plan the decided one stays (postponed: 'December*')."""
    user = user_of(request)
    activity = activity_for_manage(user, activity_id)
    editing.change_end_date(activity=activity, new_end=payload.end, by=user)
    return activity_detail(request, activity.pk)


@router.post("/activities/{int:activity_id}/placements", response={201: PlacementOut, **ERRORS})
def place_activity(request, activity_id: int, payload: PlaceIn):
    """Let the activity also stand under this goal and/or assignment (still one activity)."""
    user = user_of(request)
    activity = activity_for_manage(user, activity_id)
    plan = activity.plan
    placement = editing.place_activity(
        activity=activity,
        municipal_goal=references.municipal_goal(payload.municipal_goal, plan=plan),
        board_goal=references.board_goal(payload.board_goal, plan=plan),
        assignment=references.assignment(payload.assignment, plan=plan),
        perspective=references.perspective(payload.perspective),
        by=user,
    )
    return Status(201, placement)


@router.delete("/placements/{int:placement_id}", response={204: None, **ERRORS})
def remove_placement(request, placement_id: int):
    """Take the activity away from one place; its only place cannot be removed."""
    user = user_of(request)
    placement = in_managed_plan(user, Placement, placement_id)
    editing.remove_placement(placement=placement, by=user)
    return Status(204, None)


@router.delete("/activities/{int:activity_id}", response={204: None, **ERRORS})
def delete_activity(request, activity_id: int):
    """Soft delete: the activity (and its parts) leave the plan but stay restorable."""
    user = user_of(request)
    activity = activity_for_manage(user, activity_id)
    editing.delete_activity(activity=activity, by=user)
    return Status(204, None)


@router.post("/activities/{int:activity_id}/restore", response={200: ActivityOut, **ERRORS})
def restore_activity(request, activity_id: int):
    user = user_of(request)
    activity = activity_for_manage(user, activity_id, deleted_too=True)
    editing.restore_activity(activity=activity, by=user)
    return activity_detail(request, activity.pk)
