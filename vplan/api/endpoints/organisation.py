"""Who am I, administrations, boards and the status vocabulary."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Router
from ninja import Status as HttpStatus

from vplan.api.access import user_of
from vplan.api.paging import paged
from vplan.api.schemas.common import ERRORS, Extended
from vplan.api.schemas.me import MeOut
from vplan.api.schemas.organisation import (
    AdministrationOut,
    BoardIn,
    BoardOut,
    BoardPatch,
    BoardRetireIn,
)
from vplan.api.schemas.reporting import StatusOut
from vplan.followups.access import (
    access_administration_for_view,
    readable_administrations,
    readable_rounds,
)
from vplan.followups.models import Status
from vplan.followups.progress import missing_report_counts
from vplan.organisation import boards, permissions
from vplan.organisation.models import Board, Membership

router = Router(tags=["organisation"])


@router.get("/me", response=MeOut, summary="The caller, their roles and open rounds")
def me(request):
    user = user_of(request)
    if not user.is_authenticated:
        return Extended(user, memberships=[], open_rounds=[])
    rounds = list(readable_rounds(user).open().order_by("reporting_deadline", "as_of", "id"))
    missing = missing_report_counts(user=user, rounds=rounds)
    return Extended(
        user,
        memberships=Membership.objects.current().filter(user=user).select_related("board"),
        open_rounds=[Extended(r, missing_for_me=missing[r.pk]) for r in rounds],
    )


@router.get("/administrations", response=list[AdministrationOut])
@paged
def list_administrations(request):
    administrations = readable_administrations(user_of(request))
    return administrations.prefetch_related("boards")


@router.get("/administrations/{int:administration_id}", response=AdministrationOut)
def get_administration(request, administration_id: int):
    administration = access_administration_for_view(user_of(request), administration_id)
    return administration


@router.get("/boards", response=list[BoardOut])
@paged
def list_boards(request):
    administrations = readable_administrations(user_of(request))
    return Board.objects.filter(administration__in=administrations)


@router.get(
    "/administrations/{int:administration_id}/boards", response={200: list[BoardOut], **ERRORS}
)
@paged
def administration_boards(request, administration_id: int):
    """The administration's boards in their order, retired ones too (with their replacement)."""
    user = user_of(request)
    administration = access_administration_for_view(user, administration_id)
    return Board.objects.filter(administration=administration)


@router.post("/administrations/{int:administration_id}/boards", response={201: BoardOut, **ERRORS})
def create_board(request, administration_id: int, payload: BoardIn):
    """A new board (controllers and administrators of the administration)."""
    user = user_of(request)
    administration = permissions.access_administration_for_manage(user, administration_id)
    board = boards.create_board(administration=administration, by=user, **payload.dict())
    return HttpStatus(201, board)


@router.patch("/boards/{int:board_id}", response={200: BoardOut, **ERRORS})
def update_board(request, board_id: int, payload: BoardPatch):
    """Rename, respell the code or reorder; the change is recorded, the history kept."""
    user = user_of(request)
    board = permissions.access_board_for_manage(user, board_id)
    boards.update_board(board=board, by=user, **payload.dict(exclude_none=True))
    return board


@router.post("/boards/{int:board_id}/retire", response={200: BoardOut, **ERRORS})
def retire_board(request, board_id: int, payload: BoardRetireIn | None = None):
    """No longer in use (never deleted); `replaced_by`: merged into or renamed as that board."""
    user = user_of(request)
    board = permissions.access_board_for_manage(user, board_id)
    replaced_by = None
    if payload is not None and payload.replaced_by is not None:
        replaced_by = Board.objects.filter(
            pk=payload.replaced_by, administration=board.administration
        ).first()
        if replaced_by is None:
            raise ValidationError(
                {"replaced_by": _("No board of the same administration has this id.")}
            )
    boards.retire_board(board=board, by=user, replaced_by=replaced_by)
    return board


@router.post("/boards/{int:board_id}/reactivate", response={200: BoardOut, **ERRORS})
def reactivate_board(request, board_id: int):
    user = user_of(request)
    board = permissions.access_board_for_manage(user, board_id)
    boards.reactivate_board(board=board, by=user)
    return board


@router.get("/statuses", response=list[StatusOut], summary="The status vocabulary")
@paged
def list_statuses(request, all: bool = False):
    """The statuses offered for new reports; `all=true` adds those kept only for history."""
    statuses = Status.objects.all() if all else Status.objects.active()
    return statuses
