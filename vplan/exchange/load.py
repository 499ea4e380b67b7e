"""Load an exchange file: validate everything first, then write it all in one transaction."""

import datetime
import json
import uuid
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction

from vplan.exchange.export import FORMAT_NAME, FORMAT_VERSION
from vplan.followups.models import FollowUpRound, Status, StatusCategory, StatusReport
from vplan.organisation.models import Administration, Board, canonical_board_code
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
    for g, goal in enumerate(_require(plan, "municipal_goals", list, where)):
        here = f"{where}.municipal_goals[{g}]"
        keys["municipal_goals"].add(_require(goal, "key", str, here))
        _require(goal, "title", str, here)
        if _require(goal, "perspective", str, here) not in perspectives:
            raise ExchangeFormatError(
                f"{here}.perspective", f"unknown perspective {goal['perspective']!r}"
            )
    for g, goal in enumerate(_require(plan, "board_goals", list, where)):
        here = f"{where}.board_goals[{g}]"
        keys["board_goals"].add(_require(goal, "key", str, here))
        _require(goal, "title", str, here)
        _require(goal, "description", str, here)
        _reference(goal, "municipal_goal", keys["municipal_goals"], here)
    for a, assignment in enumerate(_require(plan, "assignments", list, where)):
        here = f"{where}.assignments[{a}]"
        keys["assignments"].add(_require(assignment, "key", str, here))
        _require(assignment, "number", int, here, nullable=True)
        _require(assignment, "text", str, here)
        _choice(assignment, "scope", set(Assignment.Scope.values), here)
        _require(assignment, "is_struck", bool, here)
        _boards(assignment, board_codes, here)
    activity_uids = set()
    for a, activity in enumerate(_require(plan, "activities", list, where)):
        here = f"{where}.activities[{a}]"
        uid = _uid(_require(activity, "id", str, here), f"{here}.id")
        if uid in seen_uids:
            raise ExchangeFormatError(f"{here}.id", "the same activity id appears twice")
        seen_uids.add(uid)
        activity_uids.add(uid)
        if not _require(activity, "text", str, here).strip():
            raise ExchangeFormatError(f"{here}.text", "is empty")
        _boards(activity, board_codes, here)
        _require(activity, "decided_end", str, here)
        _require(activity, "current_end", str, here)
        _require(activity, "carried_over_from", str, here, nullable=True)
        _require(activity, "carried_over_from_year", int, here, nullable=True)
        if "postponed_from_unknown_date" in activity:
            _require(activity, "postponed_from_unknown_date", bool, here)
        _require(activity, "parent", str, here, nullable=True)
        _require(activity, "represents_assignment", bool, here)
        placements = _require(activity, "placements", list, here)
        if not placements:
            raise ExchangeFormatError(
                f"{here}.placements", "an activity stands in at least one place"
            )
        for q, placement in enumerate(placements):
            there = f"{here}.placements[{q}]"
            if _require(placement, "perspective", str, there) not in perspectives:
                raise ExchangeFormatError(
                    f"{there}.perspective", f"unknown perspective {placement['perspective']!r}"
                )
            _reference(placement, "municipal_goal", keys["municipal_goals"], there)
            _reference(placement, "board_goal", keys["board_goals"], there)
            _reference(placement, "assignment", keys["assignments"], there)
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
            status = _require(report, "status", str, there, nullable=True)
            if status is not None and status not in known_statuses:
                raise ExchangeFormatError(f"{there}.status", f"unknown status {status!r}")
            if status is None and not _require(report, "status_text", str, there):
                raise ExchangeFormatError(there, "a report needs a status or a status_text")
            _require(report, "status_text", str, there)
            _require(report, "comment", str, there)
            _require(report, "author", str, there)
            _datetime(report, "created_at", there)


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
    for p, plan in enumerate(plans):
        for a, activity in enumerate(plan["activities"]):
            here = f"plans[{p}].activities[{a}]"
            for key in ("carried_over_from", "parent"):
                if activity[key] is None:
                    continue
                uid = _uid(activity[key], f"{here}.{key}")
                if uid not in seen_uids and not Activity.all_objects.filter(uid=uid).exists():
                    raise ExchangeFormatError(
                        f"{here}.{key}",
                        "refers to an activity that is neither in the file nor in Vplan",
                    )


# ---- writing ---------------------------------------------------------------------------------


def load_exchange_document(*, document: dict, progress=None) -> list[Plan]:
    """Validate, then create every plan of the document; all or nothing."""
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
        return _write_document(document, progress)
    except IntegrityError as error:
        raise ExchangeFormatError("", f"the file conflicts with data in Vplan ({error})") from error


def _write_document(document: dict, progress) -> list[Plan]:
    with transaction.atomic():
        for status in document["statuses"]:
            Status.objects.get_or_create(
                name=status["name"], defaults={"category": status["category"]}
            )
        loaded = []
        pending_links: list[tuple[Activity, str | None, str | None]] = []
        for plan_data in document["plans"]:
            plan, links = _create_plan(plan_data)
            loaded.append(plan)
            pending_links.extend(links)
            if progress:
                progress(plan)
        by_uid = {
            str(a.uid): a
            for a in Activity.all_objects.filter(
                uid__in=[u for _, c, p in pending_links for u in (c, p) if u]
            )
        }
        for activity, carried_over_from, parent in pending_links:
            activity.carried_over_from = (
                by_uid.get(carried_over_from) if carried_over_from else None
            )
            activity.parent = by_uid.get(parent) if parent else None
            activity.save(update_fields=["carried_over_from", "parent"])
    return loaded


def _create_plan(data: dict) -> tuple[Plan, list]:
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
    plan = Plan.objects.create(
        administration=administration,
        year=data["year"],
        state=data["state"],
        decided_on=_optional_date(data["decided_on"]),
        revised_on=_optional_date(data["revised_on"]),
    )
    plan.boards.set(boards.values())
    perspectives = {p.name: p for p in Perspective.objects.all()}
    goals = {}
    for goal in data["municipal_goals"]:
        goals[goal["key"]] = MunicipalGoal.objects.create(
            plan=plan,
            perspective=perspectives[goal["perspective"]],
            title=goal["title"],
            order=goal.get("order", 0),
        )
    board_goals = {}
    for goal in data["board_goals"]:
        board_goals[goal["key"]] = BoardGoal.objects.create(
            plan=plan,
            municipal_goal=goals.get(goal["municipal_goal"]),
            title=goal["title"],
            description=goal["description"],
            order=goal.get("order", 0),
        )
    assignments = {}
    for item in data["assignments"]:
        assignment = Assignment.objects.create(
            plan=plan,
            number=item["number"],
            text=item["text"],
            scope=item["scope"],
            is_struck=item["is_struck"],
            order=item.get("order", 0),
        )
        assignment.boards.set([boards[canonical_board_code(c)] for c in item["boards"]])
        assignments[item["key"]] = assignment
    activities = {}
    links = []
    for item in data["activities"]:
        activity = Activity.objects.create(
            uid=item["id"],
            plan=plan,
            text=item["text"],
            decided_end=EndDate(item["decided_end"]) if item["decided_end"] else None,
            current_end=EndDate(item["current_end"]) if item["current_end"] else None,
            carried_over_from_year=None
            if item["carried_over_from"]
            else item["carried_over_from_year"],
            represents_assignment=item["represents_assignment"],
            postponed_from_unknown_date=item.get("postponed_from_unknown_date", False),
            order=item.get("order", 0),
        )
        activity.boards.set([boards[canonical_board_code(c)] for c in item["boards"]])
        Placement.objects.bulk_create(
            Placement(
                activity=activity,
                perspective=perspectives[place["perspective"]],
                municipal_goal=goals.get(place["municipal_goal"]),
                board_goal=board_goals.get(place["board_goal"]),
                assignment=assignments.get(place["assignment"]),
                order=place.get("order", 0),
            )
            for place in item["placements"]
        )
        activities[item["id"]] = activity
        if item["carried_over_from"] or item["parent"]:
            links.append((activity, item["carried_over_from"], item["parent"]))
    statuses = {s.name: s for s in Status.objects.all()}
    users = {u.get_username(): u for u in get_user_model().objects.all()}
    for round_data in data["rounds"]:
        round = FollowUpRound.objects.create(
            plan=plan,
            label=round_data["label"],
            as_of=_optional_date(round_data["as_of"]),
            reporting_deadline=_optional_date(round_data["reporting_deadline"]),
            state=round_data["state"],
            introduction=round_data["introduction"],
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
    return plan, links


def _optional_date(value):
    return datetime.date.fromisoformat(value) if value else None
