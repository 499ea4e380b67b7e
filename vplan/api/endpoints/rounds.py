"""Follow-up rounds: list, create, open/close/publish, the entry grid and who has not reported."""

from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from ninja import Path, Query, Router, Status

from vplan.api.access import user_of
from vplan.api.endpoints.plans import patch_fields
from vplan.api.paging import paged
from vplan.api.schemas.common import ERRORS
from vplan.api.schemas.reporting import show_authors
from vplan.api.schemas.rounds import (
    CloseIn,
    EntryOut,
    KeepOpenIn,
    MissingActivityOut,
    MissingOut,
    MissingPersonOut,
    PublishedEntry,
    PublishIn,
    RoundIn,
    RoundOut,
    RoundPatch,
    entry_of,
)
from vplan.followups import round_lifecycle
from vplan.followups.access import (
    access_plan_for_manage,
    access_round_for_manage,
    access_round_for_view,
    readable_rounds,
)
from vplan.followups.entry_grid import (
    GridFilter,
    Mapped,
    kept_published_grid,
    published_grid_of,
    read_grid,
    read_published_grid,
)
from vplan.followups.models import FollowUpRound
from vplan.followups.progress import (
    missing_activities_of_person,
    missing_counts_by_person,
    missing_report_rows,
)
from vplan.reports import publication
from vplan.reports.publication import Viewer

router = Router(tags=["rounds"])


@router.get("/rounds", response=list[RoundOut])
@paged
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
    return rounds


@router.get("/rounds/{int:round_id}", response={200: RoundOut, **ERRORS})
def get_round(request, round_id: int):
    return access_round_for_view(user_of(request), round_id)


@router.post("/plans/{int:plan_id}/rounds", response={201: RoundOut, **ERRORS})
def create_round(request, plan_id: int, payload: RoundIn):
    """A new round of a decided plan, open for reports at once. While another round of the
    plan is open: 409 another_round_open, unless `keep_other_rounds_open`."""
    user = user_of(request)
    plan = access_plan_for_manage(user, plan_id)
    created = round_lifecycle.create_round(
        plan=plan,
        label=payload.label,
        as_of=payload.as_of,
        reporting_deadline=payload.reporting_deadline,
        introduction=payload.introduction,
        keep_other_rounds_open=_keep_open(payload),
        by=user,
    )
    return Status(201, created)


@router.patch("/rounds/{int:round_id}", response={200: RoundOut, **ERRORS})
def update_round(request, round_id: int, payload: RoundPatch):
    user = user_of(request)
    follow_up_round = access_round_for_manage(user, round_id)
    fields = patch_fields(payload, nullable={"reporting_deadline"})
    introduction = fields.pop("introduction", None)
    if fields:
        round_lifecycle.update_round(round=follow_up_round, by=user, **fields)
    if introduction is not None:
        round_lifecycle.update_round_introduction(
            round=follow_up_round, introduction=introduction, by=user
        )
    return follow_up_round


def _keep_open(payload: KeepOpenIn | None) -> round_lifecycle.Override:
    if payload is None:
        return round_lifecycle.NO_OVERRIDE
    return round_lifecycle.Override(
        chosen=payload.keep_other_rounds_open, reason=payload.keep_open_reason
    )


@router.post("/rounds/{int:round_id}/close", response={200: RoundOut, **ERRORS})
def close_round(request, round_id: int, payload: CloseIn | None = None):
    """Open -> closed: no more reports. Needs `confirm`: without it, 400 confirmation_required
    with what is missing."""
    user = user_of(request)
    follow_up_round = access_round_for_manage(user, round_id)
    confirmed = payload is not None and payload.confirm
    round_lifecycle.require_confirmation(round=follow_up_round, action="close", confirmed=confirmed)
    round_lifecycle.close_round(round=follow_up_round, by=user)
    return follow_up_round


@router.post("/rounds/{int:round_id}/open", response={200: RoundOut, **ERRORS})
def open_round(request, round_id: int, payload: KeepOpenIn | None = None):
    """Closed -> open: reports again (while another round of the plan is open, only with
    `keep_other_rounds_open`)."""
    user = user_of(request)
    follow_up_round = access_round_for_manage(user, round_id)
    round_lifecycle.open_round(
        round=follow_up_round, by=user, keep_other_rounds_open=_keep_open(payload)
    )
    return follow_up_round


@router.post("/rounds/{int:round_id}/publish", response={200: RoundOut, **ERRORS})
def publish_round(request, round_id: int, payload: PublishIn | None = None):
    """Closed -> published: readable without signing in, and frozen as it is now. Needs
    `confirm` (as closing); a round published before (reopened to correct it) needs
    `correction_reason`, shown in its report; before the round's as-of date, `before_as_of`
    with `before_as_of_reason`."""
    user = user_of(request)
    follow_up_round = access_round_for_manage(user, round_id)
    payload = payload or PublishIn()
    round_lifecycle.require_confirmation(
        round=follow_up_round, action="publish", confirmed=payload.confirm
    )
    publication.publish_round(
        round=follow_up_round,
        by=user,
        correction_reason=payload.correction_reason,
        before_as_of=round_lifecycle.Override(
            chosen=payload.before_as_of, reason=payload.before_as_of_reason
        ),
    )
    return follow_up_round


@router.post("/rounds/{int:round_id}/reopen", response={200: RoundOut, **ERRORS})
def reopen_round(request, round_id: int, payload: KeepOpenIn | None = None):
    """Closed or published -> open, to correct it. The public keeps seeing the last
    publication until the correction is published. While another round of the plan is open,
    only with `keep_other_rounds_open`."""
    user = user_of(request)
    follow_up_round = access_round_for_manage(user, round_id)
    round_lifecycle.reopen_round(
        round=follow_up_round, by=user, keep_other_rounds_open=_keep_open(payload)
    )
    return follow_up_round


@router.get("/rounds/{int:round_id}/entries", response={200: list[EntryOut], **ERRORS})
@paged
def round_entries(
    request,
    round_id: int,
    board: int | None = None,
    municipal_goal: int | None = None,
    board_goal: int | None = None,
    mine: bool = False,
    missing: bool = False,
    q: str = Query("", max_length=200, description="Words the activity's text contains."),
):
    """The entry grid as the round's page shows it, in the plan's reading order: each activity
    with its current status and version, and whether the caller may report on it. Filters, as
    on the page: `board`, `municipal_goal` or `board_goal` (activities standing under it),
    `mine` (only those the caller may report on), `missing` (only those without a status), `q`
    (words the text contains). A published round's entries are as published (`mine`: none)."""
    user = user_of(request)
    follow_up_round = access_round_for_view(user, round_id)
    show_authors(request, follow_up_round.plan.administration)
    filters = GridFilter(
        board_id=board,
        municipal_goal_id=municipal_goal,
        board_goal_id=board_goal,
        mine=mine,
        missing=missing,
        text=" ".join(q.split()),
    )
    viewer = Viewer.of(user, follow_up_round)
    shown = publication.shown_publication(viewer=viewer, round=follow_up_round)
    if shown is None:
        return Mapped(read_grid(user=user, round=follow_up_round, filters=filters), entry_of)
    published = kept_published_grid(
        (shown.pk, shown.published_at, get_language(), viewer.sees_personal_names),
        lambda: published_grid_of(
            publication.published_round(viewer=viewer, round=follow_up_round)
        ),
    )
    plan = follow_up_round.plan
    board_code = board_goal_title = ""
    if board is not None:
        board_code = plan.boards.filter(pk=board).values_list("display_code", flat=True).first()
    if board_goal is not None:
        board_goal_title = plan.board_goals.filter(pk=board_goal).values_list("title", flat=True)
        board_goal_title = board_goal_title.first()
    rows = read_published_grid(
        grid=published,
        filters=filters,
        board_code=None if board is None else board_code or "",
        board_goal_title=None if board_goal is None else board_goal_title or "",
    )
    return Mapped(rows, lambda row: PublishedEntry(row, round_id=round_id))


@router.get(
    "/rounds/{int:round_id}/missing/people", response={200: list[MissingPersonOut], **ERRORS}
)
@paged
def missing_reports_by_person(request, round_id: int, board: int | None = None):
    """Who has not reported, by person (controllers): each responsible person with how many of
    their activities lack a status in the round and those activities' boards, by name; last,
    `person: null` for the activities with nobody named. `board`: only that board's activities.
    A person's activities: `/rounds/{id}/missing/people/{person}`."""
    follow_up_round = access_round_for_manage(user_of(request), round_id)
    return missing_counts_by_person(round=follow_up_round, board_id=board)


@router.get(
    "/rounds/{int:round_id}/missing/people/{person}",
    response={200: list[MissingActivityOut], **ERRORS},
)
@paged
def missing_reports_of_person(
    request,
    round_id: int,
    person: str = Path(..., pattern=r"^([0-9]+|none)$"),
    board: int | None = None,
):
    """One responsible person's activities without a status in the round (`none`: the activities
    with nobody named), in the plan's order (controllers). `board`: only that board's."""
    follow_up_round = access_round_for_manage(user_of(request), round_id)
    return missing_activities_of_person(
        round=follow_up_round, person_id=None if person == "none" else int(person), board_id=board
    )


@router.get("/rounds/{int:round_id}/missing", response={200: list[MissingOut], **ERRORS})
@paged
def missing_reports(request, round_id: int, board: int | None = None):
    """Who has not reported (controllers): each board with each of its activities that has no
    status in the round, by board code, then in the plan's order. An activity shared by two
    boards is listed under both. `board`: one board's (its `count`: how many it lacks)."""
    follow_up_round = access_round_for_manage(user_of(request), round_id)
    return missing_report_rows(round=follow_up_round, board_id=board)
