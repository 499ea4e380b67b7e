"""Follow-up rounds: list, create, open/close/publish, the entry grid and who has not reported."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Router, Status

from vplan.api import shapes
from vplan.api.access import user_of
from vplan.api.endpoints.plans import ERRORS, patch_fields
from vplan.api.schemas import GridOut, MissingBoardOut, PublishIn, RoundIn, RoundOut, RoundPatch
from vplan.followups import round_lifecycle
from vplan.followups.access import (
    access_plan_for_manage,
    access_round_for_manage,
    access_round_for_view,
    readable_rounds,
)
from vplan.followups.entry_grid import grid_rows
from vplan.followups.models import FollowUpRound, StatusCategory
from vplan.followups.progress import missing_reports_by_board
from vplan.organisation import permissions
from vplan.reports import publication
from vplan.reports.publication import Viewer

router = Router(tags=["rounds"])


@router.get("/rounds", response=list[RoundOut])
def list_rounds(request, plan: int | None = None, state: str | None = None):
    """The rounds the caller may read (anonymous callers: the published ones)."""
    rounds = readable_rounds(user_of(request)).order_by("plan_id", "as_of", "id")
    if plan is not None:
        rounds = rounds.filter(plan_id=plan)
    if state is not None:
        if state not in FollowUpRound.State.values:
            raise ValidationError(
                {
                    "state": _("Choose one of: %(states)s.")
                    % {"states": ", ".join(FollowUpRound.State.values)}
                }
            )
        rounds = rounds.filter(state=state)
    return [shapes.round(round) for round in rounds]


@router.get("/rounds/{int:round_id}", response={200: RoundOut, **ERRORS})
def get_round(request, round_id: int):
    return shapes.round(access_round_for_view(user_of(request), round_id))


@router.post("/plans/{int:plan_id}/rounds", response={201: RoundOut, **ERRORS})
def create_round(request, plan_id: int, payload: RoundIn):
    """A new round of a decided plan, open for reports at once."""
    user = user_of(request)
    plan = access_plan_for_manage(user, plan_id)
    round = round_lifecycle.create_round(
        plan=plan,
        label=payload.label,
        as_of=payload.as_of,
        reporting_deadline=payload.reporting_deadline,
        introduction=payload.introduction,
        by=user,
    )
    return Status(201, shapes.round(round))


@router.patch("/rounds/{int:round_id}", response={200: RoundOut, **ERRORS})
def update_round(request, round_id: int, payload: RoundPatch):
    user = user_of(request)
    round = access_round_for_manage(user, round_id)
    fields = patch_fields(payload, nullable={"reporting_deadline"})
    introduction = fields.pop("introduction", None)
    if fields:
        round_lifecycle.update_round(round=round, by=user, **fields)
    if introduction is not None:
        round_lifecycle.update_round_introduction(round=round, introduction=introduction, by=user)
    return shapes.round(round)


def _move(request, round_id: int, move):
    user = user_of(request)
    round = access_round_for_manage(user, round_id)
    move(round=round, by=user)
    return shapes.round(round)


@router.post("/rounds/{int:round_id}/close", response={200: RoundOut, **ERRORS})
def close_round(request, round_id: int):
    """Open -> closed: no more reports."""
    return _move(request, round_id, round_lifecycle.close_round)


@router.post("/rounds/{int:round_id}/open", response={200: RoundOut, **ERRORS})
def open_round(request, round_id: int):
    """Closed -> open: reports again."""
    return _move(request, round_id, round_lifecycle.open_round)


@router.post("/rounds/{int:round_id}/publish", response={200: RoundOut, **ERRORS})
def publish_round(request, round_id: int, payload: PublishIn | None = None):
    """Closed -> published: readable without signing in, and frozen as it is now. A round
    published before (reopened to correct it) needs `correction_reason`, shown in its report."""
    user = user_of(request)
    round = access_round_for_manage(user, round_id)
    reason = payload.correction_reason if payload else ""
    publication.publish_round(round=round, by=user, correction_reason=reason)
    return shapes.round(round)


@router.post("/rounds/{int:round_id}/reopen", response={200: RoundOut, **ERRORS})
def reopen_round(request, round_id: int):
    """Closed or published -> open, to correct it. The public keeps seeing the last
    publication until the correction is published."""
    return _move(request, round_id, round_lifecycle.reopen_round)


@router.get("/rounds/{int:round_id}/entries", response={200: GridOut, **ERRORS})
def round_entries(request, round_id: int, mine: bool = False):
    """The entry grid as the round's page shows it: every activity with its current status and
    version, and whether the caller may report on it (`mine=true`: only those). A published
    round's entries are as published."""
    user = user_of(request)
    round = access_round_for_view(user, round_id)
    published = publication.published_round(viewer=Viewer.of(user, round), round=round)
    if published is not None:
        entries = [] if mine else [_published_entry(row, round) for row in published.rows]
        return {"round": shapes.round(round), "entries": entries}
    show_author = permissions.sees_personal_names(user, round.plan.administration)
    entries = [
        {
            "activity_id": row.activity.pk,
            "text": row.activity.text,
            "boards": shapes.board_codes(row.activity.boards.all()),
            "current_end": shapes.text_or_none(row.activity.current_end),
            "is_postponed": row.activity.is_postponed,
            "parent_id": row.activity.parent_id,
            "can_edit": row.can_edit,
            "version": row.version,
            "current": shapes.report(row.report, show_author=show_author),
        }
        for row in grid_rows(user=user, round=round, with_forms=False)
        if row.can_edit or not mine
    ]
    return {"round": shapes.round(round), "entries": entries}


def _published_entry(row, round) -> dict:
    current = None
    if row.has_status:
        current = {
            "round_id": round.pk,
            "version": row.version,
            "status": None,
            "status_text": row.status,
            "display_status": row.status,
            "category": row.category if row.category in StatusCategory.values else None,
            "comment": row.comment,
            "author": row.changed_by,
            "created_at": row.changed_at,
        }
    return {
        "activity_id": row.activity_id,
        "text": row.text,
        "boards": list(row.boards),
        "current_end": row.current_end or None,
        "is_postponed": row.postponed,
        "parent_id": row.parent_id,
        "can_edit": False,
        "version": row.version,
        "current": current,
    }


@router.get("/rounds/{int:round_id}/missing", response={200: list[MissingBoardOut], **ERRORS})
def missing_reports(request, round_id: int):
    """Who has not reported: per board, the activities without a status (controllers)."""
    round = access_round_for_manage(user_of(request), round_id)
    return [
        {
            "board": shapes.board(group.board),
            "count": group.count,
            "activities": [
                {"id": a.pk, "text": a.text, "current_end": shapes.text_or_none(a.current_end)}
                for a in group.activities
            ],
        }
        for group in missing_reports_by_board(round=round)
    ]
