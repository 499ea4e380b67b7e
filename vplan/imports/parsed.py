"""The parsed-document model every report reader produces (read_docx, read_pdf, read_text, ...).

load.py hands it on: as an exchange document to the one loader (vplan/exchange/load.py) when the
report starts a plan, or matched to the plan Vplan holds when it is a further round of it.

Its JSON form (`ParsedDocument.to_schema_dict`) follows the ground-truth schema in
`shared/groundtruth/SCHEMA.md`: the schema's keys first and in its order, extra keys after.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ASSIGNMENT_PREFIX_LENGTH = 80


class ImportFormatError(Exception):
    """A document that cannot be imported: says which file and what is wrong with it."""

    def __init__(self, path: str | Path, message: str) -> None:
        self.path = str(path)
        self.message = message
        super().__init__(f"{self.path}: {message}")


@dataclass(frozen=True)
class ParseWarning:
    """Something the document contradicts itself on or leaves unclear; shown, never dropped."""

    code: str
    message: str

    def to_json(self) -> dict[str, str]:
        return {"code": self.code, "message": self.message}


@dataclass
class ParsedActivity:
    """One activity row of a follow-up report, with the context it is listed under."""

    text: str
    perspective: str | None = None
    municipal_goal: str | None = None
    board_goal: str | None = None
    board_goal_description: str = ""
    assignment_text: str | None = None
    assignment_number: int | None = None
    assignment_kind: str | None = None
    boards: list[str] = field(default_factory=list)
    deadline: str = ""
    postponed: bool = False
    carried_over_from: int | None = None
    status: str = ""
    status_category: str | None = None
    comment: str = ""

    @property
    def assignment(self) -> str | None:
        """The assignment as the schema has it: its first 80 characters."""
        if self.assignment_text is None:
            return None
        return self.assignment_text[:ASSIGNMENT_PREFIX_LENGTH]

    def to_schema_dict(self) -> dict[str, Any]:
        return {
            "perspective": self.perspective,
            "municipal_goal": self.municipal_goal,
            "board_goal": self.board_goal,
            "assignment": self.assignment,
            "assignment_number": self.assignment_number,
            "text": self.text,
            "boards": list(self.boards),
            "deadline": self.deadline,
            "postponed": self.postponed,
            "carried_over_from": self.carried_over_from,
            "status": self.status,
            "comment": self.comment,
            # Extra keys, allowed after the schema's own.
            "assignment_text": self.assignment_text,
            "assignment_kind": self.assignment_kind,
            "board_goal_description": self.board_goal_description,
            "status_category": self.status_category,
        }

    @classmethod
    def from_schema_dict(cls, data: dict[str, Any]) -> ParsedActivity:
        """Read `to_schema_dict()` back (the full assignment text when it is there)."""
        assignment_text = data.get("assignment_text", data.get("assignment"))
        return cls(
            text=data["text"],
            perspective=data.get("perspective"),
            municipal_goal=data.get("municipal_goal"),
            board_goal=data.get("board_goal"),
            board_goal_description=data.get("board_goal_description") or "",
            assignment_text=assignment_text,
            assignment_number=data.get("assignment_number"),
            assignment_kind=data.get("assignment_kind"),
            boards=list(data.get("boards") or []),
            deadline=data.get("deadline") or "",
            postponed=bool(data.get("postponed")),
            carried_over_from=data.get("carried_over_from"),
            status=data.get("status") or "",
            status_category=data.get("status_category"),
            comment=data.get("comment") or "",
        )


@dataclass
class ParsedDocument:
    """A whole follow-up report as read from one file."""

    source: str
    format: str
    kind: str = "followup"
    title: str | None = None
    organisation: str | None = None
    plan_year: int | None = None
    as_of: str | None = None
    activities: list[ParsedActivity] = field(default_factory=list)
    warnings: list[ParseWarning] = field(default_factory=list)

    def warn(self, code: str, message: str) -> None:
        self.warnings.append(ParseWarning(code=code, message=message))

    def to_schema_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "kind": self.kind,
            "title": self.title,
            "organisation": self.organisation,
            "plan_year": self.plan_year,
            "as_of": self.as_of,
            "activities": [activity.to_schema_dict() for activity in self.activities],
            "format": self.format,
            "warnings": [warning.to_json() for warning in self.warnings],
        }

    @classmethod
    def from_schema_dict(cls, data: dict[str, Any]) -> ParsedDocument:
        """Read `to_schema_dict()` back: what a preview showed is what is loaded."""
        return cls(
            source=data["source"],
            format=data.get("format") or "",
            kind=data.get("kind") or "followup",
            title=data.get("title"),
            organisation=data.get("organisation"),
            plan_year=data.get("plan_year"),
            as_of=data.get("as_of"),
            activities=[ParsedActivity.from_schema_dict(item) for item in data["activities"]],
            warnings=[
                ParseWarning(code=item["code"], message=item["message"])
                for item in data.get("warnings") or []
            ],
        )
