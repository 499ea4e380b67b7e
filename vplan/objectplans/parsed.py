"""The parsed object plan: one model that every input (a document, an exchange file) produces
and the one loader takes. Plain dataclasses; amounts are Decimal.

`summary()` gives the compact structure of the ground-truth files (the keys of
`groundtruth/004.json`): long texts cut to 120 characters, amounts as JSON numbers.
`to_exchange()` / `from_exchange()` give the complete exchange format (docs/objectplans.md).
"""

import datetime
import json
from dataclasses import asdict, dataclass, field, fields
from decimal import Decimal

SUMMARY_TEXT_LENGTH = 120


@dataclass
class ParsedRole:
    kind: str  # "owner" or "leader"
    name: str
    title: str = ""
    username: str = ""


@dataclass
class ParsedVersion:
    version: str
    date: datetime.date | None
    comment: str
    state: str = ""
    approver_name: str = ""


@dataclass
class ParsedGoverningDocument:
    id: int
    document: str
    goal: str = ""
    impact: str = ""


@dataclass
class ParsedSubgoal:
    code: str
    text: str = ""


@dataclass
class ParsedGoal:
    id: int
    title: str
    description: str = ""
    subgoals: list[ParsedSubgoal] = field(default_factory=list)


@dataclass
class ParsedGoalArea:
    unit: str
    heading: str = ""
    text: str = ""
    goals: list[ParsedGoal] = field(default_factory=list)


@dataclass
class ParsedActivity:
    unit: str
    text: str
    activity_uid: str = ""  # the linked plan activity, in exchange files


@dataclass
class ParsedBudgetLine:
    board: str
    kind: str
    amount: Decimal
    system: str = ""
    description: str = ""
    shared_post: int | None = None  # index into shared_posts, in exchange files


@dataclass
class ParsedAllocationKey:
    boards: list[str]
    shares: list[Decimal]
    text: str = ""


@dataclass
class ParsedSharedPost:
    kind: str
    amount: Decimal
    key: int  # index into allocation_keys
    system: str = ""
    description: str = ""


@dataclass
class ParsedObjectPlan:
    source: str
    title: str
    object: str
    object_short: str
    year: int
    period_start: datetime.date
    period_end: datetime.date
    versions: list[ParsedVersion] = field(default_factory=list)
    roles: list[ParsedRole] = field(default_factory=list)
    purpose: str = ""
    background: str = ""
    delays: list[str] = field(default_factory=list)
    over_budget: list[str] = field(default_factory=list)
    follow_up_reasons: str = ""
    direction: str = ""
    governing_documents: list[ParsedGoverningDocument] = field(default_factory=list)
    goal_areas: list[ParsedGoalArea] = field(default_factory=list)
    activities: list[ParsedActivity] = field(default_factory=list)
    kind_definitions: dict[str, str] = field(default_factory=dict)
    budget_lines: list[ParsedBudgetLine] = field(default_factory=list)
    previous_year_forecast: Decimal | None = None
    forecast_explanation: list[str] = field(default_factory=list)
    financing_principles: list[str] = field(default_factory=list)
    allocation_keys: list[ParsedAllocationKey] = field(default_factory=list)
    shared_posts: list[ParsedSharedPost] = field(default_factory=list)

    # Totals, added up from the lines as Decimals.
    def totals_by_kind(self) -> dict[str, Decimal]:
        totals: dict[str, Decimal] = {}
        for line in self.budget_lines:
            totals[line.kind] = totals.get(line.kind, Decimal("0.00")) + line.amount
        return totals

    def totals_by_board(self) -> dict[str, Decimal]:
        totals: dict[str, Decimal] = {}
        for line in self.budget_lines:
            totals[line.board] = totals.get(line.board, Decimal("0.00")) + line.amount
        return totals

    def total(self) -> Decimal:
        return sum((line.amount for line in self.budget_lines), Decimal("0.00"))

    def summary(self) -> dict:
        """The compact structure of the ground-truth files (same keys, same order)."""
        return {
            "source": self.source,
            "kind": "objektplan",
            "title": self.title,
            "object": self.object,
            "object_short": self.object_short,
            "year": self.year,
            "period": {
                "start": self.period_start.isoformat(),
                "end": self.period_end.isoformat(),
            },
            "versions": [
                {
                    "version": version.version,
                    "date": version.date.isoformat() if version.date else None,
                    "comment": version.comment,
                }
                for version in self.versions
            ],
            "governing_documents": [
                {
                    "id": document.id,
                    "document": document.document,
                    "goal": _short(document.goal),
                    "impact": _short(document.impact),
                }
                for document in self.governing_documents
            ],
            "long_term_goals": [
                {
                    "unit": area.unit,
                    "id": goal.id,
                    "title": goal.title,
                    "subgoals": [subgoal.code for subgoal in goal.subgoals],
                }
                for area in self.goal_areas
                for goal in area.goals
            ],
            "budget": {
                "lines": [
                    {"board": line.board, "kind": line.kind, "amount": line.amount}
                    for line in self.budget_lines
                ],
                "totals_by_kind": self.totals_by_kind(),
                "total": self.total(),
                "previous_year_forecast": self.previous_year_forecast,
                "totals_by_board": self.totals_by_board(),
            },
            "allocation_keys": [
                {
                    "boards": key.boards,
                    "shares": [_whole_if_whole(share) for share in key.shares],
                    "text": key.text,
                }
                for key in self.allocation_keys
            ],
            "kind_definitions": self.kind_definitions,
            "delays": self.delays,
            "over_budget": self.over_budget,
        }

    def to_schema_dict(self) -> dict:
        """`summary()` as plain JSON values, for `json.dumps` in the generic `vplan import`.

        Amounts become JSON numbers read back by the json module (floats, exact for 14 digits):
        use it to print, never to compute; `dumps_exact(summary())` prints without floats.
        """
        return json.loads(dumps_exact(self.summary()))

    def to_exchange(self) -> dict:
        """Everything, JSON-ready: dates ISO, amounts and weights as exact strings."""
        data = asdict(self)
        return _to_json_ready(data)

    @classmethod
    def from_exchange(cls, data: dict) -> "ParsedObjectPlan":
        """Read `to_exchange()` output back. Raises ValueError/KeyError/TypeError on bad input."""
        plan = dict(data)
        plan["period_start"] = datetime.date.fromisoformat(plan["period_start"])
        plan["period_end"] = datetime.date.fromisoformat(plan["period_end"])
        plan["previous_year_forecast"] = _decimal_or_none(plan.get("previous_year_forecast"))
        plan["versions"] = [
            ParsedVersion(
                **{**v, "date": datetime.date.fromisoformat(v["date"]) if v.get("date") else None}
            )
            for v in plan.get("versions", [])
        ]
        plan["roles"] = [ParsedRole(**role) for role in plan.get("roles", [])]
        plan["governing_documents"] = [
            ParsedGoverningDocument(**document) for document in plan.get("governing_documents", [])
        ]
        plan["goal_areas"] = [
            ParsedGoalArea(
                **{
                    **area,
                    "goals": [
                        ParsedGoal(
                            **{
                                **goal,
                                "subgoals": [ParsedSubgoal(**s) for s in goal.get("subgoals", [])],
                            }
                        )
                        for goal in area.get("goals", [])
                    ],
                }
            )
            for area in plan.get("goal_areas", [])
        ]
        plan["activities"] = [ParsedActivity(**a) for a in plan.get("activities", [])]
        plan["budget_lines"] = [
            ParsedBudgetLine(**{**line, "amount": Decimal(line["amount"])})
            for line in plan.get("budget_lines", [])
        ]
        plan["allocation_keys"] = [
            ParsedAllocationKey(**{**key, "shares": [Decimal(str(s)) for s in key["shares"]]})
            for key in plan.get("allocation_keys", [])
        ]
        plan["shared_posts"] = [
            ParsedSharedPost(**{**post, "amount": Decimal(post["amount"])})
            for post in plan.get("shared_posts", [])
        ]
        known = {f.name for f in fields(cls)}
        unknown = set(plan) - known
        if unknown:
            raise ValueError(f"Unknown fields in the object plan: {', '.join(sorted(unknown))}")
        return cls(**plan)


def _short(text: str) -> str:
    return " ".join(text.split())[:SUMMARY_TEXT_LENGTH]


def _whole_if_whole(value: Decimal) -> int | Decimal:
    return int(value) if value == value.to_integral_value() else value


def _decimal_or_none(value) -> Decimal | None:
    if value is None or value == "":
        return None
    if isinstance(value, float):
        raise TypeError('Amounts in an exchange file are strings like "1234.50", not floats.')
    return Decimal(str(value))


def _to_json_ready(value):
    if isinstance(value, dict):
        return {key: _to_json_ready(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_to_json_ready(item) for item in value]
    if isinstance(value, Decimal):
        return f"{value:f}"
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def dumps_exact(value, *, indent: int | None = 2) -> str:
    """JSON text in which Decimals are written as exact JSON numbers (no float on the way).

    `json.loads(text, parse_float=Decimal)` reads them back exactly.
    """
    return _dump(value, indent, 0)


def _dump(value, indent: int | None, level: int) -> str:
    newline = "\n" + " " * (indent * (level + 1)) if indent is not None else ""
    closing = "\n" + " " * (indent * level) if indent is not None else ""
    separator = "," + newline if indent is not None else ", "
    if isinstance(value, Decimal):
        return f"{value:f}"
    if isinstance(value, dict):
        if not value:
            return "{}"
        items = [
            f"{json.dumps(str(key), ensure_ascii=False)}: {_dump(item, indent, level + 1)}"
            for key, item in value.items()
        ]
        return "{" + newline + separator.join(items) + closing + "}"
    if isinstance(value, list | tuple):
        if not value:
            return "[]"
        items = [_dump(item, indent, level + 1) for item in value]
        return "[" + newline + separator.join(items) + closing + "]"
    if isinstance(value, float):
        raise TypeError("dumps_exact refuses floats: use Decimal")
    return json.dumps(value, ensure_ascii=False)
