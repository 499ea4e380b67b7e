"""Editing a plan: goals, assignments, activities, where they stand, their order and end dates.

Every operation is keyword-only, runs in one transaction, validates with `full_clean()` and
leaves a ChangeRecord saying who changed what and when. Who may call them is decided by the
caller through vplan/organisation/permissions.py; nothing here checks roles.

Update operations take only the fields to change; a field left at `UNCHANGED` is not touched.
Bad input raises django.core.exceptions.ValidationError with the offending field names;
a change the plan's state does not allow raises PlanStateError (a ValidationError too).
"""

import datetime
import re
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from vplan.audit.models import ChangeRecord
from vplan.audit.trail import (
    UNCHANGED,
    _plain,
    administration_id_of,
    changed_fields,
    record_change,
    restore,
    soft_delete,
    update_with_trail,
)
from vplan.organisation.models import Administration, Board
from vplan.plans.end_dates import EndDate
from vplan.plans.models import (
    Activity,
    Assignment,
    BoardGoal,
    MunicipalGoal,
    Perspective,
    Placement,
    Plan,
)
from vplan.plans.responsible_people import checked_responsible_people, set_responsible_people


class PlanStateError(ValidationError):
    """The plan's state does not allow this change (e.g. deciding a plan twice)."""


@dataclass(frozen=True)
class Place:
    """Where an activity is to stand: under a municipal goal, a board goal and/or an assignment.

    The perspective follows from the municipal goal (or the board goal's municipal goal); give it
    only for a place directly under an assignment.
    """

    municipal_goal: MunicipalGoal | None = None
    board_goal: BoardGoal | None = None
    assignment: Assignment | None = None
    perspective: Perspective | None = None
    order: int | None = None  # its position in the list it stands in; None: after the others


# --- typed text: bounded, and only characters a person types ---------------------------------

# The longest text a person may give in one field (an activity, a comment, a description): what
# the pages' forms allow, so the pages, the API, an import and a load obey one bound.
MAX_TEXT_LENGTH = 5000
# Control characters (C0 but tab, line feed and carriage return; DEL; C1), lone surrogates and
# the non-characters U+FFFE and U+FFFF: nobody types them, databases (NUL in PostgreSQL) and
# report formats (XML) refuse them.
FORBIDDEN_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def typed_text_problem(text: str, *, max_length: int = MAX_TEXT_LENGTH) -> str | None:
    """What is wrong with a text a person typed (a character that is not allowed, with its
    position counted from 1, or its length), or None."""
    forbidden = FORBIDDEN_CHARACTERS.search(text)
    if forbidden:
        return _(
            "Contains a character that is not allowed (U+%(code)04X) at position %(position)s."
        ) % {"code": ord(forbidden.group()), "position": forbidden.start() + 1}
    if len(text) > max_length:
        return _("Too long: at most %(max)s characters, this has %(length)s.") % {
            "max": max_length,
            "length": len(text),
        }
    return None


def check_typed_text(text: str, *, field: str, max_length: int = MAX_TEXT_LENGTH) -> str:
    """The text, or a ValidationError naming the field and what is wrong (typed_text_problem)."""
    problem = typed_text_problem(text, max_length=max_length)
    if problem:
        raise ValidationError({field: problem})
    return text


# --- small shared steps -------------------------------------------------------------------


def _next_order(queryset: models.QuerySet) -> int:
    highest = queryset.aggregate(highest=Max("order"))["highest"]
    return 0 if highest is None else highest + 1


def _require_text(value: str, field: str) -> str:
    cleaned = check_typed_text((value or "").strip(), field=field)
    if not cleaned:
        raise ValidationError({field: _("This field cannot be blank.")})
    return cleaned


def _optional_text(value: str | None, field: str) -> str:
    return check_typed_text((value or "").strip(), field=field)


def _require_same_plan(obj: models.Model | None, plan: Plan, field: str) -> None:
    if obj is not None and obj.plan_id != plan.pk:
        raise ValidationError({field: _("It belongs to another plan.")})


def _plan_boards(
    plan: Plan, boards: Iterable[Board], field: str = "boards", allowed: set[int] | None = None
) -> list[Board]:
    """The boards, refused unless they are the plan's (`allowed`: its board ids, when known)."""
    boards = list(boards)
    if allowed is None:
        allowed = set(plan.boards.values_list("pk", flat=True))
    outside = [board for board in boards if board.pk not in allowed]
    if outside:
        raise ValidationError(
            {
                field: _("%(codes)s is not a board of this plan.")
                % {"codes": ", ".join(str(board) for board in outside)}
            }
        )
    return boards


def _set_boards(*, obj: models.Model, boards: list[Board], by) -> None:
    old = sorted(str(board) for board in obj.boards.all())
    new = sorted(str(board) for board in boards)
    if old != new:
        obj.boards.set(boards)
        record_change(
            obj=obj,
            by=by,
            action=ChangeRecord.Action.CHANGED,
            changes={"boards": (", ".join(old), ", ".join(new))},
        )


def _end_date(value: EndDate | str | None, field: str) -> EndDate | None:
    if value is None or isinstance(value, EndDate):
        return value or None
    end = EndDate(check_typed_text(str(value), field=field))
    if len(end.text) > Activity._meta.get_field(field).max_length:
        raise ValidationError({field: _("The end date is too long.")})
    return end or None


def _record(
    *, obj: models.Model, by, action: str, changes: dict | None = None, at: datetime.datetime | None
) -> ChangeRecord:
    """record_change, dated `at` when the change is history being written now (a load, the demo)."""
    return record_change(obj=obj, by=by, action=action, changes=changes, at=at)


def _created(
    obj: models.Model,
    by,
    *,
    at: datetime.datetime | None = None,
    trace: Mapping[str, Any] | None = None,
    **fields,
) -> None:
    changes = {name: (None, value) for name, value in {**fields, **(trace or {})}.items()}
    _record(obj=obj, by=by, action=ChangeRecord.Action.CREATED, changes=changes, at=at)


def _user_or_none(by):
    return by if getattr(by, "is_authenticated", False) else None


# --- plans --------------------------------------------------------------------------------


def create_plan(
    *,
    administration: Administration,
    year: int,
    by,
    boards: Iterable[Board] = (),
    state: str = Plan.State.DRAFT,
    decided_on: datetime.date | None = None,
    revised_on: datetime.date | None = None,
    at: datetime.datetime | None = None,
    trace: Mapping[str, Any] | None = None,
) -> Plan:
    """Start an administration's plan for a year, serving these boards.

    `at` dates a plan written as history (a load, the demo); `trace` adds facts to the change
    record, e.g. {"rolled_over_from": <plan id>}.
    """
    boards = list(boards)
    if Plan.objects.filter(administration=administration, year=year).exists():
        raise ValidationError(
            {
                "year": _("%(administration)s already has a plan for %(year)s.")
                % {"administration": administration, "year": year}
            }
        )
    with transaction.atomic():
        plan = Plan(
            administration=administration,
            year=year,
            state=state,
            decided_on=decided_on,
            revised_on=revised_on,
        )
        if at is not None:
            plan.created_at = at
        plan.full_clean()
        plan.save()
        plan.boards.set(boards)
        _created(
            plan,
            by,
            at=at,
            trace=trace,
            year=year,
            state=state,
            boards=", ".join(str(board) for board in boards),
        )
        return plan


# --- municipal goals ----------------------------------------------------------------------


def create_municipal_goal(
    *,
    plan: Plan,
    perspective: Perspective,
    title: str,
    by,
    order: int | None = None,
    at: datetime.datetime | None = None,
    trace: Mapping[str, Any] | None = None,
) -> MunicipalGoal:
    with transaction.atomic():
        goal = MunicipalGoal(
            plan=plan,
            perspective=perspective,
            title=_require_text(title, "title"),
            order=order
            if order is not None
            else _next_order(plan.municipal_goals.filter(perspective=perspective)),
        )
        goal.full_clean()
        goal.save()
        _created(goal, by, at=at, trace=trace, perspective=perspective.name, title=goal.title)
        return goal


def update_municipal_goal(
    *, goal: MunicipalGoal, by, title: str = UNCHANGED, perspective: Perspective = UNCHANGED
) -> dict:
    """Change a municipal goal. Moving it to another perspective moves the places under it."""
    fields = changed_fields(title=title, perspective=perspective)
    if "title" in fields:
        fields["title"] = _require_text(fields["title"], "title")
    with transaction.atomic():
        changes = update_with_trail(obj=goal, by=by, **fields)
        if "perspective" in changes:
            Placement.objects.filter(municipal_goal=goal).update(perspective=goal.perspective)
        return changes


# --- board goals --------------------------------------------------------------------------


def create_board_goal(
    *,
    plan: Plan,
    title: str,
    by,
    description: str = "",
    municipal_goal: MunicipalGoal | None = None,
    order: int | None = None,
    at: datetime.datetime | None = None,
    trace: Mapping[str, Any] | None = None,
) -> BoardGoal:
    _require_same_plan(municipal_goal, plan, "municipal_goal")
    with transaction.atomic():
        goal = BoardGoal(
            plan=plan,
            municipal_goal=municipal_goal,
            title=_require_text(title, "title"),
            description=_optional_text(description, "description"),
            order=order if order is not None else _next_order(plan.board_goals.all()),
        )
        goal.full_clean()
        goal.save()
        _created(goal, by, at=at, trace=trace, title=goal.title, municipal_goal=municipal_goal)
        return goal


def update_board_goal(
    *,
    goal: BoardGoal,
    by,
    title: str = UNCHANGED,
    description: str = UNCHANGED,
    municipal_goal: MunicipalGoal | None = UNCHANGED,
) -> dict:
    """Change a board goal. Under another municipal goal, its activities' places follow it."""
    fields = changed_fields(title=title, description=description, municipal_goal=municipal_goal)
    if "title" in fields:
        fields["title"] = _require_text(fields["title"], "title")
    if "description" in fields:
        fields["description"] = _optional_text(fields["description"], "description")
    if "municipal_goal" in fields:
        _require_same_plan(fields["municipal_goal"], goal.plan, "municipal_goal")
    with transaction.atomic():
        changes = update_with_trail(obj=goal, by=by, **fields)
        if "municipal_goal" in changes and goal.municipal_goal is not None:
            Placement.objects.filter(board_goal=goal).update(
                municipal_goal=goal.municipal_goal, perspective=goal.municipal_goal.perspective
            )
        return changes


# --- strategic assignments ----------------------------------------------------------------


def _check_assignment_boards(scope: str, boards: list[Board], as_recorded: bool = False) -> None:
    if not as_recorded and scope == Assignment.Scope.BOARD_SPECIFIC and not boards:
        raise ValidationError({"boards": _("A board-specific assignment names its boards.")})


def create_assignment(
    *,
    plan: Plan,
    text: str,
    scope: str,
    by,
    number: int | None = None,
    boards: Iterable[Board] = (),
    is_struck: bool = False,
    order: int | None = None,
    as_recorded: bool = False,
    at: datetime.datetime | None = None,
    trace: Mapping[str, Any] | None = None,
) -> Assignment:
    """Add a strategic assignment. A board-specific one names its boards, unless it is a copy of
    a record that does not name them (`as_recorded=True`, see create_activity)."""
    boards = _plan_boards(plan, boards)
    _check_assignment_boards(scope, boards, as_recorded=as_recorded)
    with transaction.atomic():
        assignment = Assignment(
            plan=plan,
            number=number,
            text=_require_text(text, "text"),
            scope=scope,
            is_struck=is_struck,
            order=order if order is not None else _next_order(plan.assignments.all()),
        )
        assignment.full_clean()
        assignment.save()
        assignment.boards.set(boards)
        _created(
            assignment,
            by,
            at=at,
            trace=trace,
            number=number,
            scope=scope,
            text=assignment.text,
            boards=", ".join(str(board) for board in boards),
            is_struck=is_struck,
        )
        return assignment


def update_assignment(
    *,
    assignment: Assignment,
    by,
    text: str = UNCHANGED,
    number: int | None = UNCHANGED,
    scope: str = UNCHANGED,
    boards: Iterable[Board] = UNCHANGED,
    is_struck: bool = UNCHANGED,
) -> dict:
    """Change an assignment; `is_struck=True` strikes it ('Struket i IB'), False restores it."""
    fields = changed_fields(text=text, number=number, scope=scope, is_struck=is_struck)
    if "text" in fields:
        fields["text"] = _require_text(fields["text"], "text")
    new_boards = (
        _plan_boards(assignment.plan, boards)
        if boards is not UNCHANGED
        else list(assignment.boards.all())
    )
    _check_assignment_boards(fields.get("scope", assignment.scope), new_boards)
    with transaction.atomic():
        changes = update_with_trail(obj=assignment, by=by, **fields)
        if boards is not UNCHANGED:
            _set_boards(obj=assignment, boards=new_boards, by=by)
        return changes


# --- activities ---------------------------------------------------------------------------


def _as_place(place: Place | dict) -> Place:
    return place if isinstance(place, Place) else Place(**place)


def _placement_for(
    *, activity: Activity, place: Place, as_recorded: bool = False, taken: set | None = None
) -> Placement:
    """A new, validated, unsaved Placement; refuses goals of other plans and duplicates.
    Directly under a perspective only for a record that says no more (`as_recorded`). `taken`:
    the places of a new activity not saved yet (create_activities), instead of asking the
    database."""
    plan = activity.plan
    _require_same_plan(place.municipal_goal, plan, "municipal_goal")
    _require_same_plan(place.board_goal, plan, "board_goal")
    _require_same_plan(place.assignment, plan, "assignment")
    municipal_goal = place.municipal_goal
    if place.board_goal is not None and place.board_goal.municipal_goal_id is not None:
        if municipal_goal is None:
            municipal_goal = place.board_goal.municipal_goal
        elif municipal_goal.pk != place.board_goal.municipal_goal_id:
            raise ValidationError(
                {"board_goal": _("The board goal stands under another municipal goal.")}
            )
    if (
        municipal_goal is None
        and place.board_goal is None
        and place.assignment is None
        and not as_recorded
    ):
        raise ValidationError(
            {"placements": _("Place the activity under a goal or an assignment.")}
        )
    perspective = municipal_goal.perspective if municipal_goal is not None else place.perspective
    if perspective is None:
        raise ValidationError(
            {"perspective": _("Choose the perspective the activity stands under.")}
        )
    if taken is not None:
        where = (municipal_goal, place.board_goal, place.assignment)
        duplicate = where in taken
        taken.add(where)
    else:
        duplicate = Placement.objects.filter(
            activity=activity,
            municipal_goal=municipal_goal,
            board_goal=place.board_goal,
            assignment=place.assignment,
        ).exists()
    if duplicate:
        raise ValidationError({"placements": _("The activity already stands there.")})
    order = place.order
    if order is None:
        order = _next_order(
            Placement.objects.filter(
                municipal_goal=municipal_goal,
                board_goal=place.board_goal,
                assignment=place.assignment,
            )
        )
    placement = Placement(
        activity=activity,
        perspective=perspective,
        municipal_goal=municipal_goal,
        board_goal=place.board_goal,
        assignment=place.assignment,
        order=order,
    )
    # The goals and the activity are rows of this plan, checked above, and the duplicate query
    # is the unique constraint's check: validating them again would only repeat those queries.
    placement.full_clean(exclude=_PLACE_FIELDS, validate_constraints=False)
    return placement


_PLACE_FIELDS = {"activity", "perspective", "municipal_goal", "board_goal", "assignment"}


def _describe_place(placement: Placement) -> str:
    parts = [placement.perspective.name]
    parts += [str(obj) for obj in (placement.municipal_goal, placement.board_goal) if obj]
    if placement.assignment is not None:
        parts.append(placement.assignment.label)
    return " / ".join(parts)


def _check_parent(parent: Activity | None, plan: Plan, activity: Activity | None = None) -> None:
    if parent is None:
        return
    _require_same_plan(parent, plan, "parent")
    if parent.is_deleted:
        raise ValidationError({"parent": _("The activity it would be part of is deleted.")})
    if parent.parent_id is not None:
        raise ValidationError({"parent": _("A part cannot have parts of its own.")})
    if activity is not None and parent.pk == activity.pk:
        raise ValidationError({"parent": _("An activity cannot be a part of itself.")})
    if activity is not None and activity.pk and activity.parts.exists():
        raise ValidationError({"parent": _("An activity with parts cannot become a part.")})


def _check_boards_and_places(
    boards: list[Board], placements: Sequence, *, is_part: bool, as_recorded: bool
) -> None:
    if not as_recorded and not boards:
        raise ValidationError({"boards": _("Name at least one responsible board.")})
    if not is_part and not placements:
        raise ValidationError(
            {"placements": _("Place the activity under at least one goal or assignment.")}
        )


def create_activity(
    *,
    plan: Plan,
    text: str,
    boards: Iterable[Board],
    decided_end: EndDate | str | None,
    by,
    placements: Sequence[Place | dict] = (),
    parent: Activity | None = None,
    carried_over_from: Activity | None = None,
    represents_assignment: bool = False,
    order: int | None = None,
    current_end: EndDate | str | None = None,
    postponed_from_unknown_date: bool = False,
    carried_over_from_year: int | None = None,
    uid: uuid.UUID | str | None = None,
    as_recorded: bool = False,
    at: datetime.datetime | None = None,
    trace: Mapping[str, Any] | None = None,
    responsible_people: Iterable = (),
) -> Activity:
    """Add an activity with its boards, its responsible people and the places it stands in.

    An activity stands in at least one place, unless it is a part of another activity: a part
    stands where its parent stands (see add_part). `current_end` is given only for history in
    which the end date has moved already (a load); otherwise it is the decided end date. `uid`
    keeps the identifier of an activity that comes from elsewhere (an exchange file, the demo),
    `at` dates history written now, and `trace` adds facts to the change record.

    A person names at least one responsible board and places the activity under a goal or an
    assignment. A follow-up report does not always say which board is responsible, or under
    which goal of a perspective a row stands; a copy of such a record (an import, a load, a
    rollover) passes `as_recorded=True`: no board is then required, and a place may be directly
    under a perspective. Every other rule holds for every caller: an activity stands somewhere
    (a part where its parent stands), parts are one level deep in one plan, and the change is
    recorded.
    """
    boards = _plan_boards(plan, boards)
    _check_boards_and_places(
        boards, placements, is_part=parent is not None, as_recorded=as_recorded
    )
    _check_parent(parent, plan)
    people = checked_responsible_people(plan, responsible_people)
    end = _end_date(decided_end, "decided_end")
    current = _end_date(current_end, "current_end") or end
    with transaction.atomic():
        activity = Activity(
            plan=plan,
            text=_require_text(text, "text"),
            decided_end=end,
            current_end=current,
            postponed_from_unknown_date=postponed_from_unknown_date,
            parent=parent,
            carried_over_from=carried_over_from,
            carried_over_from_year=carried_over_from_year,
            represents_assignment=represents_assignment,
            order=order
            if order is not None
            else _next_order(Activity.all_objects.filter(plan=plan, parent=parent)),
            created_by=_user_or_none(by),
        )
        if uid is not None:
            activity.uid = uid
        if at is not None:
            activity.created_at = at
        activity.full_clean()
        activity.save()
        activity.boards.set(boards)
        if people:
            activity.responsible_people.set(people)
        new_placements = []
        for place in placements:
            placement = _placement_for(
                activity=activity, place=_as_place(place), as_recorded=as_recorded
            )
            placement.save()
            new_placements.append(placement)
        _created(
            activity,
            by,
            at=at,
            trace=trace,
            text=activity.text,
            boards=", ".join(str(board) for board in boards),
            **(
                {"responsible_people": ", ".join(sorted(p.get_username() for p in people))}
                if people
                else {}
            ),
            decided_end=end,
            placements="; ".join(_describe_place(p) for p in new_placements),
            parent=parent,
            carried_over_from=carried_over_from,
        )
        return activity


# Rows per INSERT or UPDATE of the bulk operations: the queries grow with the batches, not rows.
BULK_BATCH = 500


def create_goals_and_assignments(
    *,
    plan: Plan,
    municipal_goals: Sequence[MunicipalGoal],
    board_goals: Sequence[BoardGoal],
    assignments: Sequence[tuple[Assignment, Sequence[Board]]],
    by,
    as_recorded: bool = False,
    at: datetime.datetime | None = None,
    batch_size: int = BULK_BATCH,
) -> None:
    """create_municipal_goal, create_board_goal and create_assignment for many new goals and
    assignments of one plan at once (a load), given as unsaved rows of the plan (a board goal's
    municipal goal one of `municipal_goals`; an assignment with its boards), each with its order:
    the same checks (RowRefused names the first row refused, with its kind), the same change
    records, in a number of queries that grows with the batches, not the rows."""
    allowed = set(plan.boards.values_list("pk", flat=True))
    changes: list[tuple[models.Model, dict]] = []
    kinds = (
        ("municipal_goals", municipal_goals),
        ("board_goals", board_goals),
        ("assignments", [assignment for assignment, _ in assignments]),
    )
    for kind, rows in kinds:
        for index, row in enumerate(rows):
            try:
                changes.append(
                    (row, _checked_item(plan, row, allowed, assignments, index, as_recorded))
                )
            except ValidationError as error:
                raise RowRefused(index, error, kind) from error
    with transaction.atomic():
        for model, (_kind, rows) in zip((MunicipalGoal, BoardGoal, Assignment), kinds, strict=True):
            model.objects.bulk_create(rows, batch_size=batch_size)
        Through = Assignment.boards.through
        Through.objects.bulk_create(
            [
                Through(assignment_id=assignment.pk, board_id=board.pk)
                for assignment, boards in assignments
                for board in boards
            ],
            batch_size=batch_size,
        )
        moment = at if at is not None else timezone.now()
        administration_id = administration_id_of(plan)
        ChangeRecord.objects.bulk_create(
            [
                _new_record(row, by, ChangeRecord.Action.CREATED, fields, moment, administration_id)
                for row, fields in changes
            ],
            batch_size=batch_size,
        )


def _checked_item(plan, row, allowed, assignments, index, as_recorded) -> dict:
    """Check a new goal or assignment as its create_ operation does; the fields its change
    record names."""
    if isinstance(row, MunicipalGoal):
        row.title = _require_text(row.title, "title")
        fields = {"perspective": row.perspective.name, "title": row.title}
    elif isinstance(row, BoardGoal):
        _require_same_plan(row.municipal_goal, plan, "municipal_goal")
        row.title = _require_text(row.title, "title")
        row.description = _optional_text(row.description, "description")
        fields = {"title": row.title, "municipal_goal": row.municipal_goal}
    else:
        boards = _plan_boards(plan, assignments[index][1], allowed=allowed)
        _check_assignment_boards(row.scope, boards, as_recorded=as_recorded)
        row.text = _require_text(row.text, "text")
        fields = {
            "number": row.number,
            "scope": row.scope,
            "text": row.text,
            "boards": ", ".join(str(board) for board in boards),
            "is_struck": row.is_struck,
        }
    # The plan, perspective and municipal goal are rows of this plan, checked above.
    row.full_clean(exclude=_BULK_UNCHECKED, validate_unique=False, validate_constraints=False)
    return fields


@dataclass(frozen=True)
class NewActivity:
    """One activity for create_activities: create_activity's arguments, with `parent` the
    position in the same list of the activity it is a part of (listed before it), and
    `deleted_at` for an activity that comes back deleted (history being loaded)."""

    text: str
    boards: Sequence[Board]
    decided_end: EndDate | str | None
    order: int
    placements: Sequence[Place] = ()
    parent: int | None = None
    carried_over_from: Activity | None = None
    represents_assignment: bool = False
    current_end: EndDate | str | None = None
    postponed_from_unknown_date: bool = False
    carried_over_from_year: int | None = None
    uid: uuid.UUID | str | None = None
    deleted_at: datetime.datetime | None = None


class RowRefused(Exception):
    """A bulk operation (create_activities, create_goals_and_assignments) refused the row at
    `index` of its list of `kind`; `error` says why (the ValidationError the operation for one
    row raises for it)."""

    def __init__(self, index: int, error: ValidationError, kind: str = "activities"):
        super().__init__(index, error)
        self.index = index
        self.error = error
        self.kind = kind


def create_activities(
    *,
    plan: Plan,
    activities: Sequence[NewActivity],
    by,
    as_recorded: bool = False,
    at: datetime.datetime | None = None,
    batch_size: int = BULK_BATCH,
) -> list[Activity]:
    """create_activity for many activities of one plan at once (a load): the same rules, the
    same change records, in a number of queries that grows with the batches, not the rows.

    Each activity is checked as create_activity checks it (RowRefused names the first one
    refused, with create_activity's ValidationError), then the activities, their boards and
    places, their parts' links and their change records are written in bulk, in the order of
    the list. An activity with `deleted_at` is then deleted as soft_delete deletes it, dated
    then (its change record: now). `carried_over_from` activities come with their plan
    (select_related("plan")). The goals and assignments of the places are this plan's objects,
    municipal goals with their perspective."""
    allowed = set(plan.boards.values_list("pk", flat=True))
    built: list[tuple[Activity, list[Board], list[Placement], int | None]] = []
    for index, item in enumerate(activities):
        try:
            built.append(_new_activity(plan, item, index, built, allowed, by, as_recorded, at))
        except ValidationError as error:
            raise RowRefused(index, error) from error
    new = [activity for activity, *_ in built]
    with transaction.atomic():
        Activity.all_objects.bulk_create(new, batch_size=batch_size)
        Through = Activity.boards.through
        Through.objects.bulk_create(
            [
                Through(activity_id=activity.pk, board_id=board.pk)
                for activity, boards, *_ in built
                for board in boards
            ],
            batch_size=batch_size,
        )
        parts = []
        for activity, _boards, _places, parent in built:
            if parent is not None:
                activity.parent = new[parent]
                parts.append(activity)
        Activity.all_objects.bulk_update(parts, ["parent"], batch_size=batch_size)
        Placement.objects.bulk_create(
            [placement for *_, placements, _parent in built for placement in placements],
            batch_size=batch_size,
        )
        moment = at if at is not None else timezone.now()
        administration_id = administration_id_of(plan)
        records = []
        for activity, boards, placements, _parent in built:
            changes = {
                "text": activity.text,
                "boards": ", ".join(str(board) for board in boards),
                "decided_end": activity.decided_end,
                "placements": "; ".join(_describe_place(p) for p in placements),
                "parent": activity.parent,
                "carried_over_from": activity.carried_over_from,
            }
            records.append(
                _new_record(
                    activity, by, ChangeRecord.Action.CREATED, changes, moment, administration_id
                )
            )
        deleted = [
            (activity, item.deleted_at)
            for activity, item in zip(new, activities, strict=True)
            if item.deleted_at is not None
        ]
        now = timezone.now()
        for activity, deleted_at in deleted:
            activity.deleted_at = deleted_at
            activity.deleted_by = _user_or_none(by)
            records.append(
                _new_record(activity, by, ChangeRecord.Action.DELETED, {}, now, administration_id)
            )
        Activity.all_objects.bulk_update(
            [activity for activity, _ in deleted],
            ["deleted_at", "deleted_by"],
            batch_size=batch_size,
        )
        ChangeRecord.objects.bulk_create(records, batch_size=batch_size)
    return new


def _new_activity(plan, item: NewActivity, index, built, allowed, by, as_recorded, at):
    """One unsaved activity of create_activities, checked as create_activity checks it:
    (activity, boards, unsaved placements, position of its parent)."""
    boards = _plan_boards(plan, item.boards, allowed=allowed)
    _check_boards_and_places(
        boards, item.placements, is_part=item.parent is not None, as_recorded=as_recorded
    )
    if item.parent is not None:
        if not 0 <= item.parent < index:
            raise ValidationError({"parent": _("A part belongs to an activity of the same plan.")})
        if built[item.parent][3] is not None:
            raise ValidationError({"parent": _("A part cannot have parts of its own.")})
    end = _end_date(item.decided_end, "decided_end")
    current = _end_date(item.current_end, "current_end") or end
    activity = Activity(
        plan=plan,
        text=_require_text(item.text, "text"),
        decided_end=end,
        current_end=current,
        postponed_from_unknown_date=item.postponed_from_unknown_date,
        carried_over_from=item.carried_over_from,
        carried_over_from_year=item.carried_over_from_year,
        represents_assignment=item.represents_assignment,
        order=item.order,
        created_by=_user_or_none(by),
    )
    if item.uid is not None:
        activity.uid = item.uid
    if at is not None:
        activity.created_at = at
    # The relations are rows of this plan (or an earlier one, checked by clean()) and the uid's
    # uniqueness is the database's: asking for each row would be a query per row.
    activity.full_clean(exclude=_BULK_UNCHECKED, validate_unique=False, validate_constraints=False)
    taken: set = set()
    placements = [
        _placement_for(
            activity=activity, place=_as_place(place), as_recorded=as_recorded, taken=taken
        )
        for place in item.placements
    ]
    return activity, boards, placements, item.parent


_BULK_UNCHECKED = {
    "plan",
    "parent",
    "carried_over_from",
    "created_by",
    "deleted_by",
    "perspective",
    "municipal_goal",
}


def _new_record(obj, by, action, changes, at, administration_id) -> ChangeRecord:
    """The unsaved ChangeRecord record_change would write for obj (create_activities)."""
    return ChangeRecord(
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
        object_id=str(obj.pk),
        object_repr=str(obj)[:300],
        action=action,
        changes={key: [None, _plain(value)] for key, value in changes.items()},
        changed_by=_user_or_none(by),
        changed_at=at,
        administration_id=administration_id,
    )


def add_part(
    *,
    parent: Activity,
    text: str,
    decided_end: EndDate | str | None,
    by,
    boards: Iterable[Board] | None = None,
    order: int | None = None,
    current_end: EndDate | str | None = None,
    carried_over_from: Activity | None = None,
    uid: uuid.UUID | str | None = None,
    as_recorded: bool = False,
    at: datetime.datetime | None = None,
    trace: Mapping[str, Any] | None = None,
) -> Activity:
    """Add a part to an activity (one part per school form, a stage ...). The part stands where
    its parent stands and is reported on its own; its boards are the parent's unless given."""
    return create_activity(
        plan=parent.plan,
        text=text,
        boards=parent.boards.all() if boards is None else boards,
        decided_end=decided_end,
        by=by,
        parent=parent,
        order=order,
        current_end=current_end,
        carried_over_from=carried_over_from,
        uid=uid,
        as_recorded=as_recorded,
        at=at,
        trace=trace,
    )


def places_of(activity: Activity) -> list[Place]:
    """Where the activity stands, as places to give another activity (a promoted part, a copy):
    its own placements, or its parent's when it is a part standing where its parent stands."""
    placements = list(
        activity.placements.select_related("perspective", "municipal_goal", "board_goal")
    )
    if not placements and activity.parent_id is not None:
        return places_of(activity.parent)
    return [
        Place(
            municipal_goal=p.municipal_goal,
            board_goal=p.board_goal,
            assignment=p.assignment,
            perspective=p.perspective,
        )
        for p in placements
    ]


def _promote(*, part: Activity, by, at: datetime.datetime | None = None) -> Activity:
    parent = part.parent
    have = {(p.municipal_goal_id, p.board_goal_id, p.assignment_id) for p in part.placements.all()}
    inherited = [
        place
        for place in places_of(parent)
        if (
            getattr(place.municipal_goal, "pk", None),
            getattr(place.board_goal, "pk", None),
            getattr(place.assignment, "pk", None),
        )
        not in have
    ]
    if not have and not inherited:
        raise ValidationError(
            {"parent": _("The activity it is part of stands nowhere in the plan: place it first.")}
        )
    old_order = part.order
    part.parent = None
    part.order = _next_order(Activity.all_objects.filter(plan_id=part.plan_id, parent=None))
    part.full_clean()
    part.save(update_fields=["parent", "order"])
    new_placements = []
    for place in inherited:
        # A copy of places the plan has already (as they were recorded).
        placement = _placement_for(activity=part, place=place, as_recorded=True)
        placement.save()
        new_placements.append(placement)
    _record(
        obj=part,
        by=by,
        action=ChangeRecord.Action.CHANGED,
        changes={
            "parent": (parent, None),
            "order": (old_order, part.order),
            "placement": (None, "; ".join(_describe_place(p) for p in new_placements)),
        },
        at=at,
    )
    return part


def promote_part(*, part: Activity, by, at: datetime.datetime | None = None) -> Activity:
    """Make a part an activity of its own. It stood where its parent stands, so it gets its
    parent's places (those it does not stand in already) and goes last among the activities."""
    if part.parent_id is None:
        raise ValidationError({"parent": _("The activity is not a part of another activity.")})
    with transaction.atomic():
        return _promote(part=part, by=by, at=at)


def update_activity(
    *,
    activity: Activity,
    by,
    text: str = UNCHANGED,
    boards: Iterable[Board] = UNCHANGED,
    parent: Activity | None = UNCHANGED,
    represents_assignment: bool = UNCHANGED,
    carried_over_from: Activity | None = UNCHANGED,
    responsible_people: Iterable = UNCHANGED,
) -> dict:
    """Change an activity's text, boards, responsible people, parent and links. End dates: see
    change_end_date.

    `parent=None` for a part promotes it (promote_part): it gets its parent's places."""
    fields = changed_fields(
        text=text,
        parent=parent,
        represents_assignment=represents_assignment,
        carried_over_from=carried_over_from,
    )
    if "text" in fields:
        fields["text"] = _require_text(fields["text"], "text")
    promote = "parent" in fields and fields["parent"] is None and activity.parent_id is not None
    if promote:
        del fields["parent"]
    if "parent" in fields:
        _check_parent(fields["parent"], activity.plan, activity)
    new_boards = None
    if boards is not UNCHANGED:
        new_boards = _plan_boards(activity.plan, boards)
        if not new_boards:
            raise ValidationError({"boards": _("Name at least one responsible board.")})
    with transaction.atomic():
        changes = update_with_trail(obj=activity, by=by, **fields)
        if promote:
            old_parent = activity.parent
            _promote(part=activity, by=by)
            changes["parent"] = (old_parent, None)
        if new_boards is not None:
            _set_boards(obj=activity, boards=new_boards, by=by)
        if responsible_people is not UNCHANGED:
            set_responsible_people(activity=activity, people=responsible_people, by=by)
        return changes


def change_end_date(*, activity: Activity, new_end: EndDate | str | None, by) -> dict:
    """Move an activity's end date.

    Once the plan is decided, only the current end date moves: the decided one stays, so the
    activity shows as postponed ('December*') and the ChangeRecord keeps the old and new date.
    Moving it back to the decided date ends the postponement. While the plan is a draft there is
    nothing to postpone from: both dates move together.
    """
    end = _end_date(new_end, "current_end")
    with transaction.atomic():
        if activity.plan.state == Plan.State.DRAFT:
            return update_with_trail(obj=activity, by=by, decided_end=end, current_end=end)
        return update_with_trail(obj=activity, by=by, current_end=end)


def place_activity(
    *,
    activity: Activity,
    by,
    municipal_goal: MunicipalGoal | None = None,
    board_goal: BoardGoal | None = None,
    assignment: Assignment | None = None,
    perspective: Perspective | None = None,
    order: int | None = None,
    as_recorded: bool = False,
    at: datetime.datetime | None = None,
) -> Placement:
    """Let the activity also stand under this goal and/or assignment. It stays one activity.
    `as_recorded`: see create_activity."""
    place = Place(
        municipal_goal=municipal_goal,
        board_goal=board_goal,
        assignment=assignment,
        perspective=perspective,
        order=order,
    )
    with transaction.atomic():
        placement = _placement_for(activity=activity, place=place, as_recorded=as_recorded)
        placement.save()
        _record(
            obj=activity,
            by=by,
            action=ChangeRecord.Action.CHANGED,
            changes={"placement": (None, _describe_place(placement))},
            at=at,
        )
        return placement


def remove_placement(*, placement: Placement, by) -> None:
    """Take the activity away from one of its places; its last place cannot be removed."""
    activity = placement.activity
    with transaction.atomic():
        if activity.parent_id is None and activity.placements.count() <= 1:
            raise ValidationError(
                {"placement": _("This is the activity's only place in the plan.")}
            )
        description = _describe_place(placement)
        placement.delete()
        record_change(
            obj=activity,
            by=by,
            action=ChangeRecord.Action.CHANGED,
            changes={"placement": (description, None)},
        )


REORDERABLE = (Activity, MunicipalGoal, BoardGoal, Assignment, Placement)


def _plan_id_of(item: models.Model) -> int:
    return item.activity.plan_id if isinstance(item, Placement) else item.plan_id


def reorder(*, items: Sequence[models.Model], by) -> int:
    """Put the items (all of one kind, all of one plan) in the given order; returns how many
    moved. Activities, goals, assignments, or placements (an activity's order under one goal)."""
    items = list(items)
    if not items:
        return 0
    kinds = {type(item) for item in items}
    if len(kinds) != 1 or not issubclass(kinds.pop(), REORDERABLE):
        raise ValidationError(
            {"items": _("Order activities, goals, assignments or placements, one kind at once.")}
        )
    if len({_plan_id_of(item) for item in items}) != 1:
        raise ValidationError({"items": _("All items must belong to the same plan.")})
    if len({item.pk for item in items}) != len(items):
        raise ValidationError({"items": _("An item is listed twice.")})
    moved = 0
    with transaction.atomic():
        for position, item in enumerate(items):
            if item.order != position:
                type(item)._base_manager.filter(pk=item.pk).update(order=position)
                record_change(
                    obj=item.activity if isinstance(item, Placement) else item,
                    by=by,
                    action=ChangeRecord.Action.CHANGED,
                    changes={"order": (item.order, position)},
                )
                item.order = position
                moved += 1
    return moved


def placements_in_group(placement: Placement) -> models.QuerySet:
    """The live activities' placements that stand in the same list on the plan page as this one
    (under the same board goal, or the same assignment, or directly under the same municipal
    goal, in the same perspective), in the order the plan page shows them."""
    siblings = Placement.objects.filter(
        activity__plan_id=placement.activity.plan_id,
        activity__deleted_at__isnull=True,
        activity__parent__isnull=True,
        perspective_id=placement.perspective_id,
        municipal_goal_id=placement.municipal_goal_id,
    )
    if placement.board_goal_id is not None:
        siblings = siblings.filter(board_goal_id=placement.board_goal_id)
    else:
        siblings = siblings.filter(board_goal__isnull=True, assignment_id=placement.assignment_id)
    return siblings.select_related("activity").order_by("order", "activity__order", "activity_id")


def move_placement(*, placement: Placement, up: bool, by) -> int:
    """Move an activity one step up (or down) in the list it stands in on the plan page, under
    one board goal or assignment. Its other places keep their order. Returns how many moved
    (0 when it is already first or last); each move is recorded on the activity."""
    with transaction.atomic():
        siblings = list(placements_in_group(placement).select_for_update(of=("self",)))
        positions = [other.pk for other in siblings]
        if placement.pk not in positions:
            raise ValidationError(
                {"placement": _("Only a live, top-level activity has an order in the plan.")}
            )
        index = positions.index(placement.pk)
        swap_with = index - 1 if up else index + 1
        if not 0 <= swap_with < len(siblings):
            return 0
        siblings[index], siblings[swap_with] = siblings[swap_with], siblings[index]
        return reorder(items=siblings, by=by)


def delete_activity(*, activity: Activity, by) -> None:
    """Soft-delete the activity and its live parts. Its status reports stay."""
    if activity.is_deleted:
        raise ValidationError({"activity": _("The activity is already deleted.")})
    with transaction.atomic():
        live_parts = list(activity.parts.filter(deleted_at__isnull=True))
        # The parent first: restore_activity brings back the parts deleted at or after it.
        soft_delete(obj=activity, by=by)
        for part in live_parts:
            soft_delete(obj=part, by=by)


def restore_activity(*, activity: Activity, by) -> None:
    """Undo delete_activity: the activity and the parts deleted with it come back."""
    if not activity.is_deleted:
        raise ValidationError({"activity": _("The activity is not deleted.")})
    if activity.parent_id is not None and activity.parent.is_deleted:
        raise ValidationError(
            {"parent": _("Restore the activity it is part of first: it is deleted.")}
        )
    deleted_at = activity.deleted_at
    with transaction.atomic():
        restore(obj=activity, by=by)
        for part in Activity.all_objects.filter(parent=activity, deleted_at__gte=deleted_at):
            restore(obj=part, by=by)


# --- the plan's state ---------------------------------------------------------------------


def decide_plan(*, plan: Plan, by, decided_on: datetime.date | None = None) -> Plan:
    """The board decides the plan: draft -> decided.

    The end dates in the plan as decided are the ones every later postponement is measured
    against, so each activity's decided end date becomes its current end date now.
    """
    if plan.state != Plan.State.DRAFT:
        raise PlanStateError(
            {
                "state": _("Only a draft plan can be decided; this plan is %(state)s.")
                % {"state": plan.get_state_display()}
            }
        )
    with transaction.atomic():
        differing = Activity.all_objects.filter(plan=plan).exclude(decided_end=F("current_end"))
        for activity in differing:
            record_change(
                obj=activity,
                by=by,
                action=ChangeRecord.Action.CHANGED,
                changes={"decided_end": (activity.decided_end, activity.current_end)},
            )
        differing.update(decided_end=F("current_end"))
        update_with_trail(
            obj=plan,
            by=by,
            state=Plan.State.DECIDED,
            decided_on=decided_on or timezone.localdate(),
        )
        return plan


def revise_plan(*, plan: Plan, by, revised_on: datetime.date | None = None) -> Plan:
    """The board revises a decided plan: decided (or revised) -> revised.

    The decided end dates stay those of the plan as first decided.
    """
    if plan.state == Plan.State.DRAFT:
        raise PlanStateError({"state": _("A draft plan is decided before it can be revised.")})
    with transaction.atomic():
        update_with_trail(
            obj=plan,
            by=by,
            state=Plan.State.REVISED,
            revised_on=revised_on or timezone.localdate(),
        )
        return plan
