"""The exchange document: the one model of a plan's data that readers produce and one loader writes.

`vplan export` writes it, `vplan load` reads it from a file, the demo builds it from its data and
the importer builds it from a follow-up report that starts a plan; `vplan.exchange.load.
load_document` writes it. The format is documented in docs/exchange-format.md.

The models hold the document's shape and the rules it can be checked against on its own: every
text and list has a bound, keys and references resolve within their plan, a part belongs to an
activity of its plan, a place agrees with its goals, an activity is carried over from an earlier
year. `read_document` validates data (as parsed from JSON) and raises ExchangeFormatError naming
the place in the document and what is wrong: `plans[0].activities[3].decided_end: expected a
string`. Unknown keys are refused, so that a misspelt key is not silently dropped. What only
the database can answer (known statuses, an earlier year's activity in Vplan, plans and
activities Vplan holds already) the loader checks; perspectives are checked by both.
"""

import datetime
import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    model_validator,
)
from pydantic_core import PydanticCustomError

from vplan.followups.models import FollowUpRound, StatusCategory
from vplan.organisation.models import canonical_board_code
from vplan.plans.models import Assignment, Perspective, Plan
from vplan.plans.responsible_people import MAX_RESPONSIBLE_PEOPLE
from vplan.upload_limits import UploadRefused, check_json_depth

FORMAT_NAME = "vplan-exchange"
FORMAT_VERSION = 1

# Bounds: far above a real municipality's plans, low enough to refuse a runaway file early.
MAX_PLANS = 1_000
MAX_STATUSES = 500
MAX_BOARDS = 200
MAX_ITEMS = 2_000  # municipal goals, board goals or assignments of one plan
MAX_ACTIVITIES = 20_000  # of one plan, parts included
MAX_PLACES = 100  # of one activity
MAX_ROUNDS = 100  # of one plan
MAX_REPORTS = 200_000  # of one round, every version
LONG_TEXT = 20_000  # an activity's or assignment's text, a description, a comment
MAX_SHOWN_PROBLEMS = 10
MAX_DEPTH = 32  # the format nests about eight levels deep

Location = tuple[str | int, ...]


# ---- errors: the place in the document and what is wrong ------------------------------------


def where_in_document(location: Location) -> str:
    """('plans', 0, 'activities', 3, 'id') -> 'plans[0].activities[3].id'."""
    where = ""
    for part in location:
        where += f"[{part}]" if isinstance(part, int) else (f".{part}" if where else part)
    return where or "(top level)"


@dataclass(frozen=True)
class Problem:
    location: Location
    problem: str

    @property
    def where(self) -> str:
        return where_in_document(self.location)

    def __str__(self) -> str:
        return f"{self.where}: {self.problem}"


class ExchangeFormatError(Exception):
    """The document is not one Vplan can load. `where` and `problem` are the first problem;
    `problems` every problem found in the same pass (at least the first)."""

    def __init__(
        self, where: str, problem: str, *, location: Location = (), more: Sequence[Problem] = ()
    ):
        self.where = where
        self.problem = problem
        self.location = tuple(location)
        self.problems = [Problem(self.location, problem), *more]
        message = f"{where}: {problem}" if where else problem
        shown = [str(other) for other in more[: MAX_SHOWN_PROBLEMS - 1]]
        if len(more) > len(shown):
            shown.append(f"and {len(more) - len(shown)} more problems")
        super().__init__("; ".join([message, *shown]))

    @classmethod
    def at(cls, location: Location, problem: str, *, more: Sequence[Problem] = ()):
        return cls(where_in_document(location), problem, location=location, more=more)


def _rule(problem: str, *at: str | int) -> PydanticCustomError:
    """A rule of the document broken at `at` (relative to the model that checks it)."""
    return PydanticCustomError("exchange_rule", "{problem}", {"problem": problem, "at": at})


_MESSAGES = {
    "missing": "is missing",
    "string_type": "expected a string",
    "int_type": "expected a whole number",
    "bool_type": "expected true or false",
    "list_type": "expected a list",
    "model_type": "expected an object",
    "model_attributes_type": "expected an object",
    "dict_type": "expected an object",
    "extra_forbidden": "is not a key of the exchange format",
    "string_too_long": "is longer than {max_length} characters",
    "too_long": "has more than {max_length} items",
    "greater_than_equal": "is less than {ge}",
}


def _problem(error: dict) -> Problem:
    context = error.get("ctx") or {}
    location = tuple(error["loc"]) + tuple(context.get("at", ()))
    kind = error["type"]
    if kind == "too_long" and isinstance(error.get("input"), str):
        kind = "string_too_long"  # a bound on a text with a validator of its own
    template = _MESSAGES.get(kind)
    return Problem(location, template.format(**context) if template else error["msg"])


def problems_of(error: ValidationError) -> list[Problem]:
    return [_problem(detail) for detail in error.errors()]


# ---- field types -----------------------------------------------------------------------------


def _bounded(max_length: int) -> Any:
    return Field(max_length=max_length)


def _not_blank(value: str) -> str:
    if not value.strip():
        raise PydanticCustomError("exchange_rule", "is empty")
    return value


def _one_of(values) -> AfterValidator:
    choices = sorted(values)

    def check(value: str) -> str:
        if value not in choices:
            raise PydanticCustomError(
                "exchange_rule",
                "{value} is not one of {choices}",
                {"value": repr(value), "choices": str(choices)},
            )
        return value

    return AfterValidator(check)


def _text_typed(value: Any) -> Any:
    if not isinstance(value, str):
        raise PydanticCustomError("string_type", "expected a string")
    return value


def _iso_date(value: Any) -> Any:
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return value
    _text_typed(value)
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise PydanticCustomError(
            "exchange_rule", "not a date (YYYY-MM-DD): {text}", {"text": repr(value)}
        ) from None


def _aware_moment(value: Any) -> Any:
    if not isinstance(value, datetime.datetime):
        _text_typed(value)
        try:
            value = datetime.datetime.fromisoformat(value)
        except ValueError:
            raise PydanticCustomError(
                "exchange_rule", "not a date and time: {text}", {"text": repr(value)}
            ) from None
    if value.tzinfo is None:
        raise PydanticCustomError("exchange_rule", "needs a time zone, e.g. +00:00")
    return value


def _identifier(value: Any) -> Any:
    if isinstance(value, uuid.UUID):
        return value
    _text_typed(value)
    try:
        return uuid.UUID(value)
    except ValueError:
        raise PydanticCustomError(
            "exchange_rule", "not an identifier (UUID): {text}", {"text": repr(value)}
        ) from None


def _plausible_year(year: int) -> int:
    if not 1900 <= year <= 2200:
        raise PydanticCustomError("exchange_rule", "{year} is not a plausible year", {"year": year})
    return year


def _known_perspective(value: str, info: ValidationInfo) -> str:
    """A perspective Vplan knows, when reading names them (read_document); the loader checks a
    document built in Python."""
    known = (info.context or {}).get("perspectives")
    if known is not None and value not in known:
        raise PydanticCustomError(
            "exchange_rule", "unknown perspective {name}", {"name": repr(value)}
        )
    return value


def _board_code(value: str) -> str:
    if not canonical_board_code(value):
        raise PydanticCustomError("exchange_rule", "is empty")
    return value


Text = Annotated[str, AfterValidator(_not_blank)]
Date = Annotated[datetime.date, BeforeValidator(_iso_date)]
Moment = Annotated[datetime.datetime, BeforeValidator(_aware_moment)]
Identifier = Annotated[uuid.UUID, BeforeValidator(_identifier)]
Year = Annotated[int, AfterValidator(_plausible_year)]
Order = Annotated[int, Field(ge=0)]
Key = Annotated[str, Field(max_length=100), AfterValidator(_not_blank)]
BoardCode = Annotated[str, Field(max_length=20), AfterValidator(_board_code)]
BoardCodes = Annotated[list[BoardCode], Field(max_length=MAX_BOARDS)]
# A person by user name (the responsible people of an activity).
Username = Annotated[str, Field(max_length=150), AfterValidator(_not_blank)]
EndDateText = Annotated[str, Field(max_length=60)]
PerspectiveName = Annotated[str, Field(max_length=100), AfterValidator(_known_perspective)]


class _Part(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


# ---- the document ----------------------------------------------------------------------------


class StatusWord(_Part):
    name: Annotated[Text, Field(max_length=100)]
    category: Annotated[str, _one_of(StatusCategory.values)]


class AdministrationEntry(_Part):
    name: Annotated[Text, Field(max_length=200)]
    short_code: Annotated[Text, Field(max_length=20)]
    municipality: Annotated[str, Field(max_length=200)] = ""


class BoardEntry(_Part):
    code: BoardCode
    name: Annotated[Text, Field(max_length=200)]


class MunicipalGoalEntry(_Part):
    key: Key
    perspective: PerspectiveName
    title: Annotated[Text, Field(max_length=500)]
    order: Order = 0


class BoardGoalEntry(_Part):
    key: Key
    municipal_goal: Key | None
    title: Annotated[Text, Field(max_length=300)]
    description: Annotated[str, Field(max_length=LONG_TEXT)]
    order: Order = 0


class AssignmentEntry(_Part):
    key: Key
    number: Annotated[int, Field(ge=0)] | None
    text: Annotated[Text, Field(max_length=LONG_TEXT)]
    scope: Annotated[str, _one_of(Assignment.Scope.values)]
    boards: BoardCodes
    is_struck: bool
    order: Order = 0


class PlacementEntry(_Part):
    """A place the activity stands in; no goal and no assignment: directly under the perspective
    (imported history)."""

    perspective: PerspectiveName
    municipal_goal: Key | None
    board_goal: Key | None
    assignment: Key | None
    order: Order = 0

    @property
    def place(self) -> tuple[str | None, str | None, str | None]:
        return (self.municipal_goal, self.board_goal, self.assignment)


class ActivityEntry(_Part):
    id: Identifier
    text: Annotated[Text, Field(max_length=LONG_TEXT)]
    boards: BoardCodes
    responsible_people: Annotated[list[Username], Field(max_length=MAX_RESPONSIBLE_PEOPLE)] = []
    decided_end: EndDateText
    current_end: EndDateText
    postponed_from_unknown_date: bool = False
    carried_over_from: Identifier | None
    carried_over_from_year: Year | None
    parent: Identifier | None
    represents_assignment: bool
    order: Order = 0
    deleted_at: Moment | None = None
    placements: Annotated[list[PlacementEntry], Field(max_length=MAX_PLACES)]


class ReportEntry(_Part):
    """One version of an activity's status report in a round. `status` null with an empty
    `status_text` is imported history of a row that gave no status; it stays as it was."""

    activity: Identifier
    version: int
    status: Annotated[str, Field(max_length=100)] | None
    status_text: Annotated[str, Field(max_length=500)]
    comment: Annotated[str, Field(max_length=LONG_TEXT)]
    author: Annotated[str, Field(max_length=200)]
    created_at: Moment
    late_correction_reason: Annotated[str, Field(max_length=LONG_TEXT)] = ""

    @model_validator(mode="after")
    def _counts_from_one(self):
        if self.version < 1:
            raise _rule("versions are 1, 2, ... once each", "version")
        return self


class RoundEntry(_Part):
    label: Annotated[Text, Field(max_length=200)]
    as_of: Date
    reporting_deadline: Date | None
    state: Annotated[str, _one_of(FollowUpRound.State.values)]
    introduction: Annotated[str, Field(max_length=LONG_TEXT)]
    # Optional on load: when the round was set up (the demo's fixed history); default: now.
    created_at: Moment | None = None
    reports: Annotated[list[ReportEntry], Field(max_length=MAX_REPORTS)]


class PlanEntry(_Part):
    administration: AdministrationEntry
    year: Year
    state: Annotated[str, _one_of(Plan.State.values)]
    decided_on: Date | None
    revised_on: Date | None
    # Optional on load: when the plan was made; what the load creates for it is dated then in
    # the change history (the demo's fixed history). Default: the moment of loading.
    created_at: Moment | None = None
    boards: Annotated[list[BoardEntry], Field(max_length=MAX_BOARDS)]
    municipal_goals: Annotated[list[MunicipalGoalEntry], Field(max_length=MAX_ITEMS)]
    board_goals: Annotated[list[BoardGoalEntry], Field(max_length=MAX_ITEMS)]
    assignments: Annotated[list[AssignmentEntry], Field(max_length=MAX_ITEMS)]
    activities: Annotated[list[ActivityEntry], Field(max_length=MAX_ACTIVITIES)]
    rounds: Annotated[list[RoundEntry], Field(max_length=MAX_ROUNDS)]

    @model_validator(mode="after")
    def _keeps_the_plan_rules(self):
        self._check_keys()
        self._check_boards()
        self._check_places()
        self._check_parts()
        self._check_rounds()
        return self

    def _check_keys(self) -> None:
        for kind in ("municipal_goals", "board_goals", "assignments"):
            seen: set[str] = set()
            for index, item in enumerate(getattr(self, kind)):
                if item.key in seen:
                    raise _rule(f"{item.key!r} is used twice in the plan", kind, index, "key")
                seen.add(item.key)
        goals = {goal.key for goal in self.municipal_goals}
        for index, goal in enumerate(self.board_goals):
            if goal.municipal_goal is not None and goal.municipal_goal not in goals:
                raise _rule(
                    f"refers to {goal.municipal_goal!r}, which is not in the plan",
                    "board_goals",
                    index,
                    "municipal_goal",
                )

    def _check_boards(self) -> None:
        codes = {canonical_board_code(board.code) for board in self.boards}
        for kind in ("assignments", "activities"):
            for index, item in enumerate(getattr(self, kind)):
                for code in item.boards:
                    if canonical_board_code(code) not in codes:
                        raise _rule(
                            f"{code!r} is not one of the plan's boards", kind, index, "boards"
                        )

    def _check_places(self) -> None:
        perspective_of = {goal.key: goal.perspective for goal in self.municipal_goals}
        goal_of = {goal.key: goal.municipal_goal for goal in self.board_goals}
        assignments = {assignment.key for assignment in self.assignments}
        for a, activity in enumerate(self.activities):
            if not activity.placements and activity.parent is None:
                raise _rule(
                    "an activity stands in at least one place (only a part may have none: it "
                    "stands where the activity it is part of stands)",
                    "activities",
                    a,
                    "placements",
                )
            places = set()
            for q, placement in enumerate(activity.placements):
                at = ("activities", a, "placements", q)
                for key, known in (
                    ("municipal_goal", perspective_of),
                    ("board_goal", goal_of),
                    ("assignment", assignments),
                ):
                    value = getattr(placement, key)
                    if value is not None and value not in known:
                        raise _rule(f"refers to {value!r}, which is not in the plan", *at, key)
                municipal_goal, board_goal, _ = placement.place
                if board_goal is not None and goal_of[board_goal] not in (None, municipal_goal):
                    raise _rule(
                        f"the board goal {board_goal!r} stands under {goal_of[board_goal]!r}",
                        *at,
                        "municipal_goal",
                    )
                if (
                    municipal_goal is not None
                    and placement.perspective != perspective_of[municipal_goal]
                ):
                    raise _rule(
                        f"the municipal goal {municipal_goal!r} stands under "
                        f"{perspective_of[municipal_goal]!r}",
                        *at,
                        "perspective",
                    )
                if placement.place in places:
                    raise _rule("the activity stands in this place twice", *at)
                places.add(placement.place)

    def _check_parts(self) -> None:
        """A part is part of an activity of the same plan that is not a part itself."""
        parent_of = {activity.id: activity.parent for activity in self.activities}
        for a, activity in enumerate(self.activities):
            parent = activity.parent
            if parent is None:
                continue
            if parent not in parent_of:
                raise _rule(
                    "a part belongs to an activity of the same plan", "activities", a, "parent"
                )
            if parent == activity.id:
                raise _rule("an activity cannot be a part of itself", "activities", a, "parent")
            if parent_of[parent] is not None:
                raise _rule("a part cannot have parts of its own", "activities", a, "parent")

    def _check_rounds(self) -> None:
        activities = {activity.id for activity in self.activities}
        dates = set()
        for r, round in enumerate(self.rounds):
            if round.as_of in dates:
                raise _rule("two rounds of a plan share a date", "rounds", r, "as_of")
            dates.add(round.as_of)
            versions = set()
            for s, report in enumerate(round.reports):
                at = ("rounds", r, "reports", s)
                if report.activity not in activities:
                    raise _rule("no such activity in this plan", *at, "activity")
                if (report.activity, report.version) in versions:
                    raise _rule("versions are 1, 2, ... once each", *at, "version")
                versions.add((report.activity, report.version))


class ExchangeDocument(_Part):
    """A whole exchange document: the status words it uses and whole plans."""

    format: Literal["vplan-exchange"] = FORMAT_NAME
    version: Literal[1] = FORMAT_VERSION
    statuses: Annotated[list[StatusWord], Field(max_length=MAX_STATUSES)]
    plans: Annotated[list[PlanEntry], Field(max_length=MAX_PLANS)]

    @model_validator(mode="after")
    def _one_of_each(self):
        seen_plans: set[tuple[str, int]] = set()
        year_of: dict[uuid.UUID, int] = {}
        for p, plan in enumerate(self.plans):
            identity = (plan.administration.short_code, plan.year)
            if identity in seen_plans:
                raise _rule("the file has two plans of one administration and year", "plans", p)
            seen_plans.add(identity)
            for a, activity in enumerate(plan.activities):
                if activity.id in year_of:
                    raise _rule(
                        "the same activity id appears twice", "plans", p, "activities", a, "id"
                    )
                year_of[activity.id] = plan.year
        for p, plan in enumerate(self.plans):
            for a, activity in enumerate(plan.activities):
                year = year_of.get(activity.carried_over_from)
                if year is not None and year >= plan.year:
                    raise _rule(
                        f"an activity is carried over from an earlier year, not from {year}",
                        *("plans", p, "activities", a, "carried_over_from"),
                    )
        return self

    def activity_ids(self) -> set[uuid.UUID]:
        return {activity.id for plan in self.plans for activity in plan.activities}


def parse_document_json(raw: bytes, *, where: str) -> Any:
    """The JSON of an exchange file, refused when it nests deeper than any exchange document (a
    deep file exhausts the parser's recursion). Its size is not bounded: `vplan load` reads the
    operator's own files, backups of every plan included.

    The depth is counted on what was parsed (fast); the bytes are scanned, for the offset of the
    first bracket too deep, only when a file is too deep or cannot be parsed (the depth is
    reported first, as before)."""
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as error:
        _check_depth(raw, where)
        if isinstance(error, UnicodeDecodeError):
            raise ExchangeFormatError(where, "is not UTF-8 text") from error
        if isinstance(error, RecursionError):  # not reached within MAX_DEPTH; a safeguard
            raise ExchangeFormatError(where, f"is nested deeper than {MAX_DEPTH} levels") from None
        raise ExchangeFormatError(
            where, f"is not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})"
        ) from error
    if _depth_of(data) > MAX_DEPTH:
        _check_depth(raw, where)
    return data


def _check_depth(raw: bytes, where: str) -> None:
    try:
        check_json_depth(raw, limit=MAX_DEPTH)
    except UploadRefused as refusal:
        raise ExchangeFormatError(
            where,
            f"is nested deeper than {MAX_DEPTH} levels (at byte {refusal.details['offset']}), "
            "which no exchange file is",
        ) from refusal


def _depth_of(data: Any) -> int:
    """How deep lists and objects nest in parsed JSON: a bracket of the text per level."""
    deepest = 0
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict):
            value = value.values()
        elif not isinstance(value, list):
            continue
        deepest = max(deepest, depth)
        stack.extend((item, depth + 1) for item in value if isinstance(item, (dict, list)))
    return deepest


def read_document(data: Any) -> ExchangeDocument:
    """Validate data as parsed from JSON (or built in Python) as an exchange document; its
    perspectives are those Vplan knows.

    A document of another format or version is refused before anything else is read; otherwise
    ExchangeFormatError lists every problem found, the first one first."""
    if isinstance(data, dict):
        if data.get("format") != FORMAT_NAME:
            raise ExchangeFormatError.at(("format",), f"expected {FORMAT_NAME!r}")
        if data.get("version") != FORMAT_VERSION:
            raise ExchangeFormatError.at(("version",), f"this Vplan reads version {FORMAT_VERSION}")
    try:
        return ExchangeDocument.model_validate(
            data, context={"perspectives": set(Perspective.objects.values_list("name", flat=True))}
        )
    except ValidationError as error:
        first, *more = problems_of(error)
        raise ExchangeFormatError.at(first.location, first.problem, more=more) from None
