"""Load an exchange file: validate everything first, then write it all in one transaction.

The plans, goals, assignments, activities and places are written through the plan-editing
operations (vplan/plans/editing.py), the same ones the pages, the rollover and the demo use, so a
loaded plan obeys the same rules and every row it creates leaves a change record. The checks
below name each rule's place in the file before anything is written; should an operation still
refuse something, the refusal is reported with its place in the file too, and nothing is loaded.
"""

import datetime
import json
import uuid
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from vplan.audit.models import ChangeRecord
from vplan.audit.trail import record_change, soft_delete
from vplan.exchange.export import FORMAT_NAME, FORMAT_VERSION
from vplan.followups.models import FollowUpRound, Status, StatusCategory, StatusReport
from vplan.organisation.models import Administration, Board, canonical_board_code
from vplan.plans.editing import (
    Place,
    create_activity,
    create_assignment,
    create_board_goal,
    create_municipal_goal,
    create_plan,
)
from vplan.plans.models import Activity, Assignment, Perspective, Plan


class ExchangeFormatError(Exception):
    """The file is not a valid exchange file. The message says where and what is wrong."""

    def __init__(self, where: str, problem: str):
        self.where = where
        self.problem = problem
        super().__init__(f"{where}: {problem}" if where else problem)


# ---- validation: every check names the place in the file ------------------------------------


def _require(data: dict, key: str, kind, where: str, *, nullable: bool = False):
    if not isinstance(data, dict):
        raise ExchangeFormatError(where, "expected an object")
    if key not in data:
        raise ExchangeFormatError(f"{where}.{key}", "is missing")
    value = data[key]
    if value is None and nullable:
        return None
    if kind is int and isinstance(value, bool):
        raise ExchangeFormatError(f"{where}.{key}", "expected a whole number")
    if not isinstance(value, kind):
        names = {
            str: "a string",
            int: "a whole number",
            bool: "true or false",
            list: "a list",
            dict: "an object",
        }
        raise ExchangeFormatError(f"{where}.{key}", f"expected {names.get(kind, kind)}")
    return value


def _date(data: dict, key: str, where: str, *, nullable: bool = True):
    value = _require(data, key, str, where, nullable=nullable)
    if value is None:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as error:
        raise ExchangeFormatError(
            f"{where}.{key}", f"not a date (YYYY-MM-DD): {value!r}"
        ) from error


def _datetime(data: dict, key: str, where: str):
    value = _require(data, key, str, where)
    try:
        moment = datetime.datetime.fromisoformat(value)
    except ValueError as error:
        raise ExchangeFormatError(f"{where}.{key}", f"not a date and time: {value!r}") from error
    if moment.tzinfo is None:
        raise ExchangeFormatError(f"{where}.{key}", "needs a time zone, e.g. +00:00")
    return moment


def _choice(data: dict, key: str, choices, where: str) -> str:
    value = _require(data, key, str, where)
    if value not in choices:
        raise ExchangeFormatError(f"{where}.{key}", f"{value!r} is not one of {sorted(choices)}")
    return value


def _uid(value, where: str) -> uuid.UUID:
    try:
        return uuid.UUID(str(value))
    except ValueError as error:
        raise ExchangeFormatError(where, f"not an identifier (UUID): {value!r}") from error


def read_exchange_file(path: Path) -> dict:
    try:
        raw = Path(path).read_bytes()
    except OSError as error:
        raise ExchangeFormatError(str(path), f"cannot be read ({error.strerror})") from error
    if not raw.strip():
        raise ExchangeFormatError(str(path), "the file is empty")
    try:
        document = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as error:
        raise ExchangeFormatError(str(path), "is not UTF-8 text") from error
    except json.JSONDecodeError as error:
        raise ExchangeFormatError(
            str(path), f"is not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})"
        ) from error
    return document


def check_document(document) -> None:
    """Raise ExchangeFormatError at the first problem; return quietly if all is well."""
    if not isinstance(document, dict):
        raise ExchangeFormatError("(top level)", "expected an object")
    if document.get("format") != FORMAT_NAME:
        raise ExchangeFormatError("format", f"expected {FORMAT_NAME!r}")
    if document.get("version") != FORMAT_VERSION:
        raise ExchangeFormatError("version", f"this Vplan reads version {FORMAT_VERSION}")
    categories = set(StatusCategory.values)
    known_statuses = set(Status.objects.values_list("name", flat=True))
    for i, status in enumerate(_require(document, "statuses", list, "(top level)")):
        where = f"statuses[{i}]"
        _require(status, "name", str, where)
        _choice(status, "category", categories, where)
        known_statuses.add(status["name"])
    perspectives = set(Perspective.objects.values_list("name", flat=True))
    seen_uids: set[uuid.UUID] = set()
    plans = _require(document, "plans", list, "(top level)")
    seen_plans: set[tuple[str, int]] = set()
    for p, plan in enumerate(plans):
        _check_plan(plan, f"plans[{p}]", perspectives, known_statuses, seen_uids)
        identity = (plan["administration"]["short_code"], plan["year"])
        if identity in seen_plans:
            raise ExchangeFormatError(
                f"plans[{p}]", "the file has two plans of one administration and year"
            )
        seen_plans.add(identity)
    _check_cross_references(plans, seen_uids)


def _check_plan(plan, where, perspectives, known_statuses, seen_uids) -> None:
    administration = _require(plan, "administration", dict, where)
    _require(administration, "name", str, f"{where}.administration")
    _require(administration, "short_code", str, f"{where}.administration")
    year = _require(plan, "year", int, where)
    if not 1900 <= year <= 2200:
        raise ExchangeFormatError(f"{where}.year", f"{year} is not a plausible year")
    _choice(plan, "state", set(Plan.State.values), where)
    _date(plan, "decided_on", where)
    _date(plan, "revised_on", where)
    board_codes = set()
    for b, board in enumerate(_require(plan, "boards", list, where)):
        board_codes.add(canonical_board_code(_require(board, "code", str, f"{where}.boards[{b}]")))
        _require(board, "name", str, f"{where}.boards[{b}]")
    keys = {"municipal_goals": set(), "board_goals": set(), "assignments": set()}
    perspective_of: dict[str, str] = {}  # municipal goal key -> perspective
    goal_of: dict[str, str | None] = {}  # board goal key -> municipal goal key
    for g, goal in enumerate(_require(plan, "municipal_goals", list, where)):
        here = f"{where}.municipal_goals[{g}]"
        key = _new_key(goal, keys["municipal_goals"], here)
        _text(goal, "title", here)
        if _require(goal, "perspective", str, here) not in perspectives:
            raise ExchangeFormatError(
                f"{here}.perspective", f"unknown perspective {goal['perspective']!r}"
            )
        perspective_of[key] = goal["perspective"]
    for g, goal in enumerate(_require(plan, "board_goals", list, where)):
        here = f"{where}.board_goals[{g}]"
        key = _new_key(goal, keys["board_goals"], here)
        _text(goal, "title", here)
        _require(goal, "description", str, here)
        _reference(goal, "municipal_goal", keys["municipal_goals"], here)
        goal_of[key] = goal["municipal_goal"]
    for a, assignment in enumerate(_require(plan, "assignments", list, where)):
        here = f"{where}.assignments[{a}]"
        _new_key(assignment, keys["assignments"], here)
        _require(assignment, "number", int, here, nullable=True)
        _text(assignment, "text", here)
        _choice(assignment, "scope", set(Assignment.Scope.values), here)
        _require(assignment, "is_struck", bool, here)
        _boards(assignment, board_codes, here)
    activity_uids = set()
    activities = _require(plan, "activities", list, where)
    for a, activity in enumerate(activities):
        here = f"{where}.activities[{a}]"
        uid = _uid(_require(activity, "id", str, here), f"{here}.id")
        if uid in seen_uids:
            raise ExchangeFormatError(f"{here}.id", "the same activity id appears twice")
        seen_uids.add(uid)
        activity_uids.add(uid)
        _text(activity, "text", here)
        _boards(activity, board_codes, here)
        _require(activity, "decided_end", str, here)
        _require(activity, "current_end", str, here)
        _require(activity, "carried_over_from", str, here, nullable=True)
        _require(activity, "carried_over_from_year", int, here, nullable=True)
        if "postponed_from_unknown_date" in activity:
            _require(activity, "postponed_from_unknown_date", bool, here)
        parent = _require(activity, "parent", str, here, nullable=True)
        _require(activity, "represents_assignment", bool, here)
        if activity.get("deleted_at") is not None:
            _datetime(activity, "deleted_at", here)
        placements = _require(activity, "placements", list, here)
        if not placements and parent is None:
            raise ExchangeFormatError(
                f"{here}.placements",
                "an activity stands in at least one place (only a part may have none: it "
                "stands where the activity it is part of stands)",
            )
        places = set()
        for q, placement in enumerate(placements):
            there = f"{here}.placements[{q}]"
            if _require(placement, "perspective", str, there) not in perspectives:
                raise ExchangeFormatError(
                    f"{there}.perspective", f"unknown perspective {placement['perspective']!r}"
                )
            _reference(placement, "municipal_goal", keys["municipal_goals"], there)
            _reference(placement, "board_goal", keys["board_goals"], there)
            _reference(placement, "assignment", keys["assignments"], there)
            place = (placement["municipal_goal"], placement["board_goal"], placement["assignment"])
            _check_place(placement, place, perspective_of, goal_of, there)
            if place in places:
                raise ExchangeFormatError(there, "the activity stands in this place twice")
            places.add(place)
    _check_parts(activities, where)
    dates = set()
    for r, round in enumerate(_require(plan, "rounds", list, where)):
        here = f"{where}.rounds[{r}]"
        _require(round, "label", str, here)
        as_of = _date(round, "as_of", here, nullable=False)
        if as_of in dates:
            raise ExchangeFormatError(f"{here}.as_of", "two rounds of a plan share a date")
        dates.add(as_of)
        _date(round, "reporting_deadline", here)
        _choice(round, "state", set(FollowUpRound.State.values), here)
        _require(round, "introduction", str, here)
        versions = set()
        for s, report in enumerate(_require(round, "reports", list, here)):
            there = f"{here}.reports[{s}]"
            activity_uid = _uid(_require(report, "activity", str, there), f"{there}.activity")
            if activity_uid not in activity_uids:
                raise ExchangeFormatError(f"{there}.activity", "no such activity in this plan")
            version = _require(report, "version", int, there)
            if version < 1 or (activity_uid, version) in versions:
                raise ExchangeFormatError(f"{there}.version", "versions are 1, 2, ... once each")
            versions.add((activity_uid, version))
            # A report without a status (null, with an empty status_text) is history as it was
            # recorded: an imported row that gave none. It is kept as it is, never invented.
            status = _require(report, "status", str, there, nullable=True)
            if status is not None and status not in known_statuses:
                raise ExchangeFormatError(f"{there}.status", f"unknown status {status!r}")
            _require(report, "status_text", str, there)
            _require(report, "comment", str, there)
            _require(report, "author", str, there)
            _datetime(report, "created_at", there)


def _text(data, key, where: str) -> str:
    value = _require(data, key, str, where)
    if not value.strip():
        raise ExchangeFormatError(f"{where}.{key}", "is empty")
    return value


def _new_key(data, known: set[str], where: str) -> str:
    key = _require(data, "key", str, where)
    if key in known:
        raise ExchangeFormatError(f"{where}.key", f"{key!r} is used twice in the plan")
    known.add(key)
    return key


def _check_place(placement, place, perspective_of, goal_of, where: str) -> None:
    municipal_goal, board_goal, _ = place  # none of them: directly under the perspective
    if board_goal is not None and goal_of[board_goal] != municipal_goal:
        if goal_of[board_goal] is not None:
            raise ExchangeFormatError(
                f"{where}.municipal_goal",
                f"the board goal {board_goal!r} stands under {goal_of[board_goal]!r}",
            )
    if municipal_goal is not None and placement["perspective"] != perspective_of[municipal_goal]:
        raise ExchangeFormatError(
            f"{where}.perspective",
            f"the municipal goal {municipal_goal!r} stands under "
            f"{perspective_of[municipal_goal]!r}",
        )


def _check_parts(activities: list, where: str) -> None:
    """A part is part of an activity of the same plan that is not a part itself."""
    parent_of = {activity["id"]: activity["parent"] for activity in activities}
    for a, activity in enumerate(activities):
        parent = activity["parent"]
        if parent is None:
            continue
        here = f"{where}.activities[{a}].parent"
        if parent not in parent_of:
            raise ExchangeFormatError(here, "a part belongs to an activity of the same plan")
        if parent == activity["id"]:
            raise ExchangeFormatError(here, "an activity cannot be a part of itself")
        if parent_of[parent] is not None:
            raise ExchangeFormatError(here, "a part cannot have parts of its own")


def _reference(data, key, known: set[str], where: str) -> None:
    value = _require(data, key, str, where, nullable=True)
    if value is not None and value not in known:
        raise ExchangeFormatError(
            f"{where}.{key}", f"refers to {value!r}, which is not in the plan"
        )


def _boards(data, board_codes: set[str], where: str) -> None:
    for code in _require(data, "boards", list, where):
        if not isinstance(code, str) or canonical_board_code(code) not in board_codes:
            raise ExchangeFormatError(
                f"{where}.boards", f"{code!r} is not one of the plan's boards"
            )


def _check_cross_references(plans, seen_uids) -> None:
    year_of = {
        _uid(activity["id"], ""): plan["year"] for plan in plans for activity in plan["activities"]
    }
    for p, plan in enumerate(plans):
        for a, activity in enumerate(plan["activities"]):
            here = f"plans[{p}].activities[{a}].carried_over_from"
            if activity["carried_over_from"] is None:
                continue
            uid = _uid(activity["carried_over_from"], here)
            year = year_of.get(uid)
            if year is None:
                earlier = Activity.all_objects.filter(uid=uid).select_related("plan").first()
                if earlier is None:
                    raise ExchangeFormatError(
                        here, "refers to an activity that is neither in the file nor in Vplan"
                    )
                year = earlier.plan.year
            if year >= plan["year"]:
                raise ExchangeFormatError(
                    here, f"an activity is carried over from an earlier year, not from {year}"
                )


# ---- writing ---------------------------------------------------------------------------------


def load_exchange_document(*, document: dict, by=None, progress=None) -> list[Plan]:
    """Validate, then create every plan of the document; all or nothing.

    `by` is recorded as having made every change (None: the system, e.g. a command without a
    user). Returns the plans in the order of the file.
    """
    check_document(document)
    for p, plan in enumerate(document["plans"]):
        administration = plan["administration"]
        if Plan.objects.filter(
            administration__short_code=administration["short_code"], year=plan["year"]
        ).exists():
            raise ExchangeFormatError(
                f"plans[{p}]",
                f"{administration['name']} already has a plan for {plan['year']}; nothing was loaded",
            )
    for p, plan in enumerate(document["plans"]):
        for a, activity in enumerate(plan["activities"]):
            if Activity.all_objects.filter(uid=activity["id"]).exists():
                raise ExchangeFormatError(
                    f"plans[{p}].activities[{a}].id",
                    "this activity is already in Vplan; nothing was loaded",
                )
    try:
        return _write_document(document, by, progress)
    except IntegrityError as error:
        raise ExchangeFormatError("", f"the file conflicts with data in Vplan ({error})") from error


class _Refused(Exception):
    """An operation refused a row: where in the file, and the operation's ValidationError."""

    def __init__(self, where: str, error: ValidationError):
        self.where = where
        self.error = error


def _refusal(error: ValidationError) -> str:
    if hasattr(error, "message_dict"):
        return "; ".join(
            f"{field}: {' '.join(messages)}" for field, messages in error.message_dict.items()
        )
    return " ".join(error.messages)


def _write_document(document: dict, by, progress) -> list[Plan]:
    try:
        with transaction.atomic():
            for status in document["statuses"]:
                Status.objects.get_or_create(
                    name=status["name"], defaults={"category": status["category"]}
                )
            # Earlier years first: an activity is carried over from one that exists already.
            in_year_order = sorted(
                enumerate(document["plans"]), key=lambda numbered: numbered[1]["year"]
            )
            loaded = {}
            for p, plan_data in in_year_order:
                loaded[p] = _create_plan(plan_data, f"plans[{p}]", by)
                if progress:
                    progress(loaded[p])
            return [loaded[p] for p in range(len(document["plans"]))]
    except _Refused as refused:
        raise ExchangeFormatError(refused.where, _refusal(refused.error)) from refused.error


def _written(where: str, operation, **arguments):
    """Call a plan-editing operation; a refusal names the place in the file."""
    try:
        return operation(**arguments)
    except ValidationError as error:
        raise _Refused(where, error) from error


def _create_plan(data: dict, where: str, by) -> Plan:
    admin_data = data["administration"]
    administration, _ = Administration.objects.get_or_create(
        short_code=admin_data["short_code"],
        defaults={"name": admin_data["name"], "municipality": admin_data.get("municipality", "")},
    )
    boards = {}
    for board_data in data["boards"]:
        board, _ = Board.objects.get_or_create(
            code=canonical_board_code(board_data["code"]),
            defaults={
                "display_code": board_data["code"],
                "name": board_data["name"],
                "administration": administration,
            },
        )
        boards[board.code] = board
    plan = _written(
        where,
        create_plan,
        administration=administration,
        year=data["year"],
        boards=boards.values(),
        state=data["state"],
        decided_on=_optional_date(data["decided_on"]),
        revised_on=_optional_date(data["revised_on"]),
        by=by,
    )
    perspectives = {p.name: p for p in Perspective.objects.all()}
    goals = {}
    for g, goal in enumerate(data["municipal_goals"]):
        goals[goal["key"]] = _written(
            f"{where}.municipal_goals[{g}]",
            create_municipal_goal,
            plan=plan,
            perspective=perspectives[goal["perspective"]],
            title=goal["title"],
            order=goal.get("order", 0),
            by=by,
        )
    board_goals = {}
    for g, goal in enumerate(data["board_goals"]):
        board_goals[goal["key"]] = _written(
            f"{where}.board_goals[{g}]",
            create_board_goal,
            plan=plan,
            municipal_goal=goals.get(goal["municipal_goal"]),
            title=goal["title"],
            description=goal["description"],
            order=goal.get("order", 0),
            by=by,
        )
    assignments = {}
    for a, item in enumerate(data["assignments"]):
        assignments[item["key"]] = _written(
            f"{where}.assignments[{a}]",
            create_assignment,
            plan=plan,
            number=item["number"],
            text=item["text"],
            scope=item["scope"],
            boards=[boards[canonical_board_code(code)] for code in item["boards"]],
            is_struck=item["is_struck"],
            order=item.get("order", 0),
            as_recorded=True,
            by=by,
        )

    def places(item) -> list[Place]:
        return [
            Place(
                perspective=perspectives[place["perspective"]],
                municipal_goal=goals.get(place["municipal_goal"]),
                board_goal=board_goals.get(place["board_goal"]),
                assignment=assignments.get(place["assignment"]),
                order=place.get("order", 0),
            )
            for place in item["placements"]
        ]

    activities: dict[str, Activity] = {}
    waiting_for_parent: dict[str, list[tuple[int, dict]]] = {}

    def create(a: int, item: dict) -> None:
        earlier = item["carried_over_from"]
        activities[item["id"]] = _written(
            f"{where}.activities[{a}]",
            create_activity,
            uid=item["id"],
            plan=plan,
            text=item["text"],
            boards=[boards[canonical_board_code(code)] for code in item["boards"]],
            decided_end=item["decided_end"] or None,
            current_end=item["current_end"] or None,
            placements=places(item),
            parent=activities[item["parent"]] if item["parent"] else None,
            carried_over_from=Activity.all_objects.get(uid=earlier) if earlier else None,
            carried_over_from_year=None if earlier else item["carried_over_from_year"],
            represents_assignment=item["represents_assignment"],
            postponed_from_unknown_date=item.get("postponed_from_unknown_date", False),
            order=item.get("order", 0),
            as_recorded=True,
            by=by,
        )
        for waiting in waiting_for_parent.pop(item["id"], []):
            create(*waiting)

    # In file order, so that the rows get their ids in the order the file lists them; a part
    # listed before its activity (files written by other systems) waits for it.
    for a, item in enumerate(data["activities"]):
        if item["parent"] and item["parent"] not in activities:
            waiting_for_parent.setdefault(item["parent"], []).append((a, item))
        else:
            create(a, item)
    for item in data["activities"]:  # once all are there: a part of a deleted one is kept
        if item.get("deleted_at"):
            _delete(activities[item["id"]], item["deleted_at"], by)

    statuses = {s.name: s for s in Status.objects.all()}
    users = {u.get_username(): u for u in get_user_model().objects.all()}
    for r, round_data in enumerate(data["rounds"]):
        round = FollowUpRound(
            plan=plan,
            label=round_data["label"],
            as_of=_optional_date(round_data["as_of"]),
            reporting_deadline=_optional_date(round_data["reporting_deadline"]),
            state=round_data["state"],
            introduction=round_data["introduction"],
        )
        try:
            round.full_clean()
        except ValidationError as error:
            raise _Refused(f"{where}.rounds[{r}]", error) from error
        round.save()
        record_change(
            obj=round,
            by=by,
            action=ChangeRecord.Action.CREATED,
            changes={"label": (None, round.label), "as_of": (None, round.as_of)},
        )
        StatusReport.objects.bulk_create(
            StatusReport(
                activity=activities[report["activity"]],
                round=round,
                version=report["version"],
                status=statuses.get(report["status"]) if report["status"] else None,
                status_text=report["status_text"],
                comment=report["comment"],
                author=users.get(report["author"]),
                author_name="" if report["author"] in users else report["author"],
                created_at=datetime.datetime.fromisoformat(report["created_at"]),
            )
            for report in round_data["reports"]
        )
    return plan


def _delete(activity: Activity, deleted_at: str, by) -> None:
    """A deleted activity comes back deleted, at the time it was deleted (the change record
    says when it was loaded)."""
    soft_delete(obj=activity, by=by)
    activity.deleted_at = datetime.datetime.fromisoformat(deleted_at)
    Activity.all_objects.filter(pk=activity.pk).update(deleted_at=activity.deleted_at)


def _optional_date(value):
    return datetime.date.fromisoformat(value) if value else None
