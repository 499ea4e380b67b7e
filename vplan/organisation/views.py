"""The boards page: a controller or administrator of an administration keeps its boards (names,
codes, order) and retires a board that was merged or renamed; nothing is deleted, and every
change is in the trail. The operations are those of boards.py, which the API can call too."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from vplan.audit.trail import UNCHANGED, history_of
from vplan.organisation import permissions
from vplan.organisation.boards import create_board, reactivate_board, retire_board, update_board
from vplan.organisation.forms import BoardForm, RetireBoardForm
from vplan.organisation.models import Board


@login_required
@require_http_methods(["GET"])
def boards_index(request):
    """The boards of the administrations the user manages; straight there when it is one."""
    administrations = list(permissions.managed_administrations(request.user).order_by("name"))
    if not administrations:
        raise PermissionDenied
    if len(administrations) == 1:
        return redirect("organisation:boards", administrations[0].pk)
    return render(request, "organisation/boards_index.html", {"administrations": administrations})


@login_required
@require_http_methods(["GET", "POST"])
def boards(request, pk):
    administration = permissions.access_administration_for_manage(request.user, pk)
    form = BoardForm(request.POST or None)
    if form.is_valid():
        try:
            board = create_board(
                administration=administration, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_model_errors(error)
        else:
            messages.success(request, _("The board %(board)s is added.") % {"board": board.name})
            return redirect("organisation:boards", administration.pk)
    listed = (
        Board.objects.of_administration(administration)
        .select_related("replaced_by")
        .order_by("-is_active", "order", "display_code")
    )
    context = {"administration": administration, "boards": listed, "form": form}
    return render(request, "organisation/boards.html", context, status=422 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def board(request, pk):
    board = permissions.access_board_for_manage(request.user, pk)
    initial = {"display_code": board.display_code, "name": board.name, "order": board.order}
    form = BoardForm(request.POST or None, initial=initial)
    if form.is_valid():
        try:
            data = form.cleaned_data
            changes = update_board(
                board=board,
                by=request.user,
                name=data["name"],
                display_code=data["display_code"],
                order=UNCHANGED if data["order"] is None else data["order"],
            )
        except ValidationError as error:
            form.add_model_errors(error)
        else:
            if changes:
                messages.success(
                    request, _("The board %(board)s is saved.") % {"board": board.name}
                )
            return _back_to_list(board)
    return _board_page(request, board, form=form, status=422 if form.errors else 200)


@login_required
@require_POST
def retire(request, pk):
    board = permissions.access_board_for_manage(request.user, pk)
    form = RetireBoardForm(request.POST, board=board)
    if not form.is_valid():
        return _board_page(request, board, retire_form=form, status=422)
    retire_board(board=board, by=request.user, replaced_by=form.cleaned_data["replaced_by"])
    messages.success(request, _("The board %(board)s is inactive.") % {"board": board.name})
    return _back_to_list(board)


@login_required
@require_POST
def reactivate(request, pk):
    board = permissions.access_board_for_manage(request.user, pk)
    reactivate_board(board=board, by=request.user)
    messages.success(request, _("The board %(board)s is active again.") % {"board": board.name})
    return _back_to_list(board)


def _back_to_list(board: Board):
    if board.administration_id is None:
        return redirect("organisation:board", board.pk)
    return redirect("organisation:boards", board.administration_id)


def _board_page(request, board, *, form=None, retire_form=None, status=200):
    initial = {"display_code": board.display_code, "name": board.name, "order": board.order}
    context = {
        "board": board,
        "form": form or BoardForm(initial=initial),
        "retire_form": retire_form or RetireBoardForm(board=board),
        "history": _history(board),
    }
    return render(request, "organisation/board.html", context, status=status)


def _history(board: Board) -> list[tuple]:
    """The board's recorded changes, newest first, each field by its name in the page's language."""
    rows = []
    for change in history_of(board)[:50]:
        fields = [
            (_field_label(name), old, new) for name, (old, new) in (change.changes or {}).items()
        ]
        rows.append((change, fields))
    return rows


def _field_label(name: str) -> str:
    try:
        return str(Board._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:  # a field since removed: shown by its name
        return name
