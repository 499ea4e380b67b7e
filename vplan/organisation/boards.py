"""Boards as reference data: create, rename, reorder, retire (merged into another) and reactivate.

A board is never deleted: activities, assignments and plans of earlier years keep pointing at
it. A board that is merged into another, or renamed with a new code, is retired with
`replaced_by` pointing at the board that carries on. Every operation records its change in the
trail (`vplan.audit.trail`), so the page, the API and the import share one history.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from vplan.audit.models import ChangeRecord
from vplan.audit.trail import UNCHANGED, changed_fields, record_change, update_with_trail
from vplan.organisation.models import Administration, Board, canonical_board_code

# The boards follow-up reports commonly name, with their usual names: an import that
# creates one of these (on the user's explicit choice) names it properly, not by its code.
USUAL_BOARD_NAMES = {
    "BOU": "Barn- och ungdomsnämnden",
    "BIN": "Bildningsnämnden",
    "AN": "Arbetsmarknadsnämnden",
    "KOF": "Kultur- och fritidsnämnden",
    "SON": "Social- och omsorgsnämnden",
    "ÄVN": "Äldre- och vårdnämnden",
    "SBN": "Samhällsbyggnadsnämnden",
    "BMN": "Bygg- och miljönämnden",
    "KS": "Kommunstyrelsen",
}
# How the reports write the usual codes that are not all capitals.
USUAL_DISPLAY_CODES = {"BOU": "BoU", "BIN": "BiN", "KOF": "KoF"}


def usual_board_name(code: str) -> str:
    """The usual name of a board code ('Bildningsnämnden' for BiN), or '' when there is none."""
    return USUAL_BOARD_NAMES.get(canonical_board_code(code), "")


def usual_display_code(code: str) -> str:
    """How the reports write a code: 'BiN' for BIN, else the code as given."""
    return USUAL_DISPLAY_CODES.get(canonical_board_code(code), code.strip())


def next_board_order(administration: Administration | None) -> int:
    last = (
        Board.objects.filter(administration=administration)
        .order_by("-order")
        .values_list("order", flat=True)
        .first()
    )
    return 0 if last is None else last + 1


def create_board(
    *,
    administration: Administration,
    display_code: str,
    name: str,
    by,
    order: int | None = None,
) -> Board:
    """A new board of the administration; its code is the display code in capitals."""
    board = Board(
        administration=administration,
        code=canonical_board_code(display_code),
        display_code=display_code.strip(),
        name=name.strip(),
        order=next_board_order(administration) if order is None else order,
    )
    with transaction.atomic():
        board.full_clean()
        board.save()
        record_change(obj=board, by=by, action=ChangeRecord.Action.CREATED)
    return board


def update_board(
    *,
    board: Board,
    by,
    name: str = UNCHANGED,
    display_code: str = UNCHANGED,
    order: int = UNCHANGED,
) -> dict:
    """Rename, respell or reorder a board; returns what changed (old and new), as recorded."""
    fields = changed_fields(name=name, display_code=display_code, order=order)
    if "name" in fields:
        fields["name"] = name.strip()
    if "display_code" in fields:
        fields["display_code"] = display_code.strip()
        fields["code"] = canonical_board_code(display_code)
    return update_with_trail(obj=board, by=by, **fields)


def retire_board(*, board: Board, by, replaced_by: Board | None = None) -> dict:
    """Mark a board inactive, merged into (or renamed as) `replaced_by` when given.

    The board and everything that points at it stay; new plans and imports use the replacement.
    """
    if replaced_by is not None and replaced_by.pk == board.pk:
        raise ValidationError({"replaced_by": _("A board cannot replace itself.")})
    return update_with_trail(obj=board, by=by, is_active=False, replaced_by=replaced_by)


def merge_boards(*, board: Board, into: Board, by) -> dict:
    """Two boards became one: `board` is retired as replaced by `into`; its history stays."""
    return retire_board(board=board, by=by, replaced_by=into)


def reactivate_board(*, board: Board, by) -> dict:
    """Undo a retirement: the board is active again and replaced by none."""
    return update_with_trail(obj=board, by=by, is_active=True, replaced_by=None)


def boards_like(code: str, boards) -> list[Board]:
    """The boards whose code is a near miss of `code`: one letter added, dropped or changed,
    or one code the start of the other ('BOUN' and 'BOU'), in any case; closest first."""
    wanted = canonical_board_code(code)
    scored = []
    for board in boards:
        distance = _code_distance(wanted, board.code)
        if distance is not None:
            scored.append((distance, board.order, board.code, board))
    return [board for *_key, board in sorted(scored, key=lambda item: item[:3])]


def _code_distance(one: str, other: str) -> int | None:
    """0 for the same code, 1 for one edit or a prefix, None when the codes are not alike."""
    if one == other:
        return 0
    if min(len(one), len(other)) >= 2 and (one.startswith(other) or other.startswith(one)):
        return 1
    if abs(len(one) - len(other)) > 1:
        return None
    return 1 if _one_edit_apart(one, other) else None


def _one_edit_apart(one: str, other: str) -> bool:
    if len(one) == len(other):
        return sum(a != b for a, b in zip(one, other, strict=True)) == 1
    shorter, longer = sorted((one, other), key=len)
    return any(longer[:i] + longer[i + 1 :] == shorter for i in range(len(longer)))
