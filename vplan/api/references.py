"""Turning the ids and names in a request body into objects, with an error naming the field.

A reference to something of another plan is refused just like one to nothing at all.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _

from vplan.followups.access import access_activity_for_view
from vplan.followups.models import Status
from vplan.organisation.models import Board, canonical_board_code
from vplan.plans.models import Activity, Assignment, BoardGoal, MunicipalGoal, Perspective, Plan


def _missing(field: str, value) -> ValidationError:
    return ValidationError({field: _("%(value)s: no such item in this plan.") % {"value": value}})


def in_plan(model, pk: int | None, *, plan: Plan, field: str):
    """The object of `model` with this id in `plan` (None stays None)."""
    if pk is None:
        return None
    manager = model._base_manager if model is Activity else model.objects
    found = manager.filter(pk=pk, plan=plan).first()
    if found is None or getattr(found, "is_deleted", False):
        raise _missing(field, pk)
    return found


def municipal_goal(pk, *, plan, field="municipal_goal") -> MunicipalGoal | None:
    return in_plan(MunicipalGoal, pk, plan=plan, field=field)


def board_goal(pk, *, plan, field="board_goal") -> BoardGoal | None:
    return in_plan(BoardGoal, pk, plan=plan, field=field)


def assignment(pk, *, plan, field="assignment") -> Assignment | None:
    return in_plan(Assignment, pk, plan=plan, field=field)


def activity(pk, *, plan, field="activity") -> Activity | None:
    return in_plan(Activity, pk, plan=plan, field=field)


def earlier_activity(pk: int | None, *, user, field: str = "carried_over_from"):
    """The activity (of an earlier plan) this one continues; the user must be able to read it."""
    if pk is None:
        return None
    try:
        return access_activity_for_view(user, pk)
    except Http404:
        raise ValidationError(
            {field: _("%(value)s: no such activity you may read.") % {"value": pk}}
        ) from None


def perspective(value: int | str | None, *, field: str = "perspective") -> Perspective | None:
    if value is None:
        return None
    found = (
        Perspective.objects.filter(pk=value).first()
        if isinstance(value, int)
        else Perspective.objects.filter(name__iexact=value.strip()).first()
    )
    if found is None:
        raise ValidationError({field: _("%(value)s: no such perspective.") % {"value": value}})
    return found


def boards(values: list[int | str], *, field: str = "boards") -> list[Board]:
    """Boards by id or code (BiN, BIN and Bin are the same board)."""
    ids = {value for value in values if isinstance(value, int)}
    codes = {canonical_board_code(value) for value in values if isinstance(value, str)}
    found = list(Board.objects.filter(pk__in=ids)) + list(Board.objects.filter(code__in=codes))
    unknown = [
        str(value)
        for value in values
        if (isinstance(value, int) and value not in {b.pk for b in found})
        or (isinstance(value, str) and canonical_board_code(value) not in {b.code for b in found})
    ]
    if unknown:
        raise ValidationError(
            {field: _("No such board: %(values)s.") % {"values": ", ".join(unknown)}}
        )
    unique = {board.pk: board for board in found}
    return list(unique.values())


def people(values: list[int | str], *, field: str = "responsible_people") -> list:
    """Users by id or user name; the domain decides who may be named (responsible_people)."""
    users = get_user_model().objects
    ids = {value for value in values if isinstance(value, int)}
    names = {value for value in values if isinstance(value, str)}
    found = list(users.filter(pk__in=ids)) + list(users.filter(username__in=names))
    known = {user.pk for user in found} | {user.get_username() for user in found}
    unknown = [str(value) for value in values if value not in known]
    if unknown:
        raise ValidationError(
            {field: _("No such person: %(values)s.") % {"values": ", ".join(unknown)}}
        )
    return list({user.pk: user for user in found}.values())


def status(
    value: int | str | None, *, field: str = "status", keeping: Status | None = None
) -> Status | None:
    """A status of the vocabulary that is offered for new reports, by id or name (or the one
    the activity has now, `keeping`, even if it is no longer offered)."""
    if value is None:
        return None
    found = (
        Status.objects.filter(pk=value).first()
        if isinstance(value, int)
        else Status.objects.by_name(value).first()
    )
    if found is None:
        raise ValidationError({field: _("%(value)s: no such status.") % {"value": value}})
    if not found.is_active and found != keeping:
        raise ValidationError(
            {field: _("%(value)s is not offered for new reports.") % {"value": found.name}}
        )
    return found
