"""The change history of an object: who changed what and when (members only)."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Router

from vplan.api.access import plan_for_history, user_of
from vplan.api.paging import paged
from vplan.api.schemas.common import ERRORS
from vplan.api.schemas.history import ChangeOut
from vplan.audit.trail import history_of
from vplan.followups.models import FollowUpRound
from vplan.plans.models import Activity, Assignment, BoardGoal, MunicipalGoal, Plan

router = Router(tags=["history"])

KINDS = {
    "plans": Plan,
    "activities": Activity,
    "municipal-goals": MunicipalGoal,
    "board-goals": BoardGoal,
    "assignments": Assignment,
    "rounds": FollowUpRound,
}


@router.get("/history/{kind}/{int:object_id}", response={200: list[ChangeOut], **ERRORS})
@paged
def object_history(request, kind: str, object_id: int):
    """Newest first. kind: plans, activities, municipal-goals, board-goals, assignments, rounds."""
    model = KINDS.get(kind)
    if model is None:
        raise Http404
    obj = get_object_or_404(model._base_manager, pk=object_id)
    plan_for_history(user_of(request), obj.pk if model is Plan else obj.plan_id)
    return history_of(obj)
