"""Who am I, administrations, boards and the status vocabulary."""

from ninja import Router

from vplan.api import shapes
from vplan.api.access import user_of
from vplan.api.schemas import AdministrationOut, BoardOut, MeOut, StatusOut
from vplan.followups.models import Status
from vplan.followups.progress import missing_report_counts
from vplan.organisation import permissions
from vplan.organisation.models import Board, Membership

router = Router(tags=["organisation"])


@router.get("/me", response=MeOut, summary="The caller, their roles and open rounds")
def me(request):
    user = user_of(request)
    if not user.is_authenticated:
        return {
            "authenticated": False,
            "username": None,
            "name": None,
            "is_superuser": False,
            "memberships": [],
            "open_rounds": [],
        }
    memberships = Membership.objects.filter(user=user).select_related("board")
    rounds = list(
        permissions.readable_rounds(user).open().order_by("reporting_deadline", "as_of", "id")
    )
    missing = missing_report_counts(user=user, rounds=rounds)
    return {
        "authenticated": True,
        "username": user.get_username(),
        "name": user.get_full_name() or user.get_username(),
        "is_superuser": user.is_superuser,
        "memberships": [
            {
                "administration_id": m.administration_id,
                "board": m.board.display_code if m.board else None,
                "role": m.role,
            }
            for m in memberships
        ],
        "open_rounds": [
            {**shapes.round(round), "missing_for_me": missing[round.pk]} for round in rounds
        ],
    }


@router.get("/administrations", response=list[AdministrationOut])
def list_administrations(request):
    administrations = permissions.readable_administrations(user_of(request))
    return [shapes.administration(a) for a in administrations.prefetch_related("boards")]


@router.get("/administrations/{int:administration_id}", response=AdministrationOut)
def get_administration(request, administration_id: int):
    administration = permissions.access_administration_for_view(user_of(request), administration_id)
    return shapes.administration(administration)


@router.get("/boards", response=list[BoardOut])
def list_boards(request):
    administrations = permissions.readable_administrations(user_of(request))
    boards = Board.objects.filter(administration__in=administrations)
    return [shapes.board(board) for board in boards]


@router.get("/statuses", response=list[StatusOut], summary="The status vocabulary")
def list_statuses(request, all: bool = False):
    """The statuses offered for new reports; `all=true` adds those kept only for history."""
    statuses = Status.objects.all() if all else Status.objects.active()
    return [shapes.status(status) for status in statuses]
