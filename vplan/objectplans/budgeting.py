"""Changing an object plan's budget: lines per board and kind, shared posts split by allocation
keys (see allocate.py for the rounding rule), and last year's forecast. Every change is traced."""

from collections.abc import Sequence
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from vplan.audit.models import ChangeRecord
from vplan.audit.trail import UNCHANGED, record_change, soft_delete, update_with_trail
from vplan.objectplans.allocate import AllocationError, allocate
from vplan.objectplans.models import (
    AllocationKey,
    AllocationShare,
    BudgetKind,
    BudgetLine,
    ObjectPlan,
    SharedBudgetPost,
)
from vplan.organisation.models import Board
from vplan.plans.editing import check_typed_text


def _created(obj, by, **values):
    """Save a new object and record it with the values it was created with."""
    obj.full_clean()
    obj.save()
    changes = {name: (None, value) for name, value in values.items()}
    record_change(obj=obj, by=by, action=ChangeRecord.Action.CREATED, changes=changes)
    return obj


def _require_own_board(object_plan: ObjectPlan, board: Board, field: str = "board") -> Board:
    """A budget is split between the boards of the object plan's own administration."""
    if board.administration_id != object_plan.administration.pk:
        raise ValidationError(
            {
                field: _("%(board)s is not a board of %(administration)s.")
                % {"board": board, "administration": object_plan.administration}
            }
        )
    return board


def _text(value: str, field: str) -> str:
    return check_typed_text((value or "").strip(), field=field)


def add_budget_line(
    *,
    object_plan: ObjectPlan,
    board: Board,
    kind: str,
    amount: Decimal,
    by,
    system: str = "",
    description: str = "",
) -> BudgetLine:
    if kind not in BudgetKind.values:
        raise ValidationError({"kind": _("The kind is VM or VU.")})
    _require_own_board(object_plan, board)
    system, description = _text(system, "system"), _text(description, "description")
    with transaction.atomic():
        return _created(
            BudgetLine(
                object_plan=object_plan,
                board=board,
                kind=kind,
                amount=amount,
                system=system,
                description=description,
                order=object_plan.budget_lines.count(),
            ),
            by,
            board=str(board),
            kind=kind,
            amount=amount,
            system=system,
            description=description,
        )


def change_budget_line(
    *,
    line: BudgetLine,
    by,
    amount: Decimal = UNCHANGED,
    kind: str = UNCHANGED,
    system: str = UNCHANGED,
    description: str = UNCHANGED,
    board: Board = UNCHANGED,
) -> dict:
    """Change amount, kind, system, description or board of a line that is not a share of a post."""
    if line.shared_post_id:
        raise ValidationError(_("This line is a share of a shared post: change the post instead."))
    if board is not UNCHANGED:
        _require_own_board(line.object_plan, board)
    if system is not UNCHANGED:
        system = _text(system, "system")
    if description is not UNCHANGED:
        description = _text(description, "description")
    return update_with_trail(
        obj=line,
        by=by,
        amount=amount,
        kind=kind,
        system=system,
        description=description,
        board=board,
    )


def remove_budget_line(*, line: BudgetLine, by) -> None:
    if line.shared_post_id:
        raise ValidationError(_("This line is a share of a shared post: remove the post instead."))
    soft_delete(obj=line, by=by)


def add_allocation_key(
    *,
    object_plan: ObjectPlan,
    shares: Sequence[tuple[Board, Decimal | int]],
    by,
    text: str = "",
) -> AllocationKey:
    """A key such as [(BoU, 70), (BiN, 30)]; its order breaks rounding ties."""
    for board, _weight in shares:
        _require_own_board(object_plan, board, "shares")
    text = _text(text, "text")
    boards = [board.pk for board, _weight in shares]
    if len(shares) < 2:
        raise ValidationError(_("An allocation key splits between at least two boards."))
    if len(set(boards)) != len(boards):
        raise ValidationError(_("A board may appear only once in an allocation key."))
    try:
        allocate(Decimal("1.00"), [Decimal(weight) for _board, weight in shares])
    except AllocationError as error:
        raise ValidationError(str(error)) from error
    with transaction.atomic():
        key = _created(
            AllocationKey(
                object_plan=object_plan,
                text=text,
                order=object_plan.allocation_keys.count(),
            ),
            by,
            text=text,
            shares=", ".join(f"{board} {weight}" for board, weight in shares),
        )
        for order, (board, weight) in enumerate(shares):
            share = AllocationShare(key=key, board=board, weight=Decimal(weight), order=order)
            share.full_clean()
            share.save()
        return key


def add_shared_budget_post(
    *,
    object_plan: ObjectPlan,
    key: AllocationKey,
    kind: str,
    amount: Decimal,
    by,
    system: str = "",
    description: str = "",
) -> SharedBudgetPost:
    """Record a shared cost and split it into one budget line per board of the key, exactly."""
    if key.object_plan_id != object_plan.pk:
        raise ValidationError(_("The allocation key belongs to another object plan."))
    if kind not in BudgetKind.values:
        raise ValidationError({"kind": _("The kind is VM or VU.")})
    system, description = _text(system, "system"), _text(description, "description")
    shares = list(key.shares.select_related("board"))
    try:
        amounts = allocate(amount, [share.weight for share in shares])
    except AllocationError as error:
        raise ValidationError(str(error)) from error
    with transaction.atomic():
        post = _created(
            SharedBudgetPost(
                object_plan=object_plan,
                key=key,
                kind=kind,
                amount=amount,
                system=system,
                description=description,
            ),
            by,
            key=key.label,
            kind=kind,
            amount=amount,
            system=system,
            description=description,
        )
        order = object_plan.budget_lines.count()
        for offset, (share, share_amount) in enumerate(zip(shares, amounts, strict=True)):
            _created(
                BudgetLine(
                    object_plan=object_plan,
                    board=share.board,
                    kind=kind,
                    amount=share_amount,
                    system=post.system,
                    description=post.description,
                    shared_post=post,
                    order=order + offset,
                ),
                by,
                board=str(share.board),
                kind=kind,
                amount=share_amount,
                shared_post=post,
            )
        return post


def remove_shared_budget_post(*, post: SharedBudgetPost, by) -> None:
    with transaction.atomic():
        for line in post.lines.all():
            soft_delete(obj=line, by=by)
        soft_delete(obj=post, by=by)


def set_budget_forecast(
    *, object_plan: ObjectPlan, forecast: Decimal | None, explanation: str, by
) -> dict:
    """Last year's forecast and why this year's budget differs (one reason per line)."""
    check_typed_text(explanation, field="explanation")
    lines = [line.strip() for line in explanation.splitlines() if line.strip()]
    return update_with_trail(
        obj=object_plan,
        by=by,
        previous_year_forecast=forecast,
        forecast_difference_explanation="\n".join(lines),
    )
