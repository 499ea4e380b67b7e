"""Follow-up rounds: list, create, open/close/publish, the entry grid and who has not reported."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Router, Status

from vplan.api import shapes
from vplan.api.access import user_of
from vplan.api.endpoints.plans import ERRORS, patch_fields
from vplan.api.schemas import GridOut, MissingBoardOut, RoundIn, RoundOut, RoundPatch
from vplan.followups import rounds as operations
from vplan.followups.models import FollowUpRound, StatusReport
from vplan.followups.progress import missing_reports_by_board
from vplan.organisation import permissions
from vplan.plans.models import Activity

router = Router(tags=["rounds"])


@router.get("/rounds", response=list[RoundOut])
def list_rounds(request, plan: int | None = None, state: str | None = None):
    """The rounds the caller may read (anonymous callers: the published ones)."""
    rounds = permissions.readable_rounds(user_of(request)).order_by("plan_id", "as_of", "id")
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
    return shapes.round(permissions.access_round_for_view(user_of(request), round_id))


@router.post("/plans/{int:plan_id}/rounds", response={201: RoundOut, **ERRORS})
def create_round(request, plan_id: int, payload: RoundIn):
    """A new round of a decided plan, open for reports at once."""
    user = user_of(request)
    plan = permissions.access_plan_for_manage(user, plan_id)
    round = operations.create_round(
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
    round = permissions.access_round_for_manage(user, round_id)
    fields = patch_fields(payload, nullable={"reporting_deadline"})
    introduction = fields.pop("introduction", None)
    if "reporting_deadline" in fields and fields["reporting_deadline"] is None:
        fields["clear_deadline"] = True
    if fields:
        operations.update_round(round=round, by=user, **fields)
    if introduction is not None:
        operations.update_round_introduction(round=round, introduction=introduction, by=user)
    return shapes.round(round)


def _move(request, round_id: int, move):
    user = user_of(request)
    round = permissions.access_round_for_manage(user, round_id)
    move(round=round, by=user)
    return shapes.round(round)


@router.post("/rounds/{int:round_id}/close", response={200: RoundOut, **ERRORS})
def close_round(request, round_id: int):
    """Open -> closed: no more reports."""
    return _move(request, round_id, operations.close_round)


@router.post("/rounds/{int:round_id}/open", response={200: RoundOut, **ERRORS})
def open_round(request, round_id: int):
    """Closed -> open: reports again."""
    return _move(request, round_id, operations.open_round)


@router.post("/rounds/{int:round_id}/publish", response={200: RoundOut, **ERRORS})
def publish_round(request, round_id: int):
    """Closed -> published: readable without signing in."""
    return _move(request, round_id, operations.publish_round)


@router.post("/rounds/{int:round_id}/reopen", response={200: RoundOut, **ERRORS})
def reopen_round(request, round_id: int):
    """Closed or published -> open (a published round stops being public)."""
    return _move(request, round_id, operations.reopen_round)


@router.get("/rounds/{int:round_id}/entries", response={200: GridOut, **ERRORS})
def round_entries(request, round_id: int, mine: bool = False):
    """The entry grid: every activity with its current status and version, and whether the
    caller may report on it. `mine=true`: only those."""
    user = user_of(request)
    round = permissions.access_round_for_view(user, round_id)
    current = StatusReport.objects.in_round(round).current().with_details()
    reports = {report.activity_id: report for report in current}
    activities = (
        Activity.objects.in_plan(round.plan)
        .select_related("plan__administration")
        .prefetch_related("boards")
    )
    entries = []
    for activity in activities:
        if mine and not permissions.can_edit_activity(user, activity):
            continue
        boards = activity.boards.all()
        report = reports.get(activity.pk)
        entries.append(
            {
                "activity_id": activity.pk,
                "text": activity.text,
                "boards": shapes.board_codes(boards),
                "current_end": shapes.text_or_none(activity.current_end),
                "is_postponed": activity.is_postponed,
                "parent_id": activity.parent_id,
                "can_edit": permissions.can_report_in_round(user, activity, round),
                "version": report.version if report else 0,
                "current": shapes.report(report),
            }
        )
    return {"round": shapes.round(round), "entries": entries}


@router.get("/rounds/{int:round_id}/missing", response={200: list[MissingBoardOut], **ERRORS})
def missing_reports(request, round_id: int):
    """Who has not reported: per board, the activities without a status (controllers)."""
    round = permissions.access_round_for_manage(user_of(request), round_id)
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
