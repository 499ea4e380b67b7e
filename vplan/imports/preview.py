"""What an import would create, shown before it is committed: the page and the API's dry run.

`preview_import(*, parsed, administration, sha256, board_choices)` reads the database but writes
nothing. It reports the plan the report goes into (new, or completed), its boards with the board
each code stands for (or a choice to make: map it to a board, with suggestions, or create one),
the activities per perspective and status category, every warning, what stops the import (no
plan year; the same report is already in Vplan, in whatever format it came), and, for a
different version of a report already imported, the difference that confirming would apply.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from vplan.followups.models import StatusCategory
from vplan.organisation.models import Administration
from vplan.plans.models import Plan

from .difference import ReportDifference, report_difference
from .load import missing_year_message, rows_without_perspective_message
from .models import DocumentImport
from .normalise import text_key
from .parsed import ParsedActivity, ParsedDocument, ParseWarning
from .registry import BoardChoices, BoardInDocument, boards_in

UNKNOWN = "unknown"
MISSING = "missing"
# The columns of the counts: the status categories, a status word Vplan does not know, none.
COLUMNS = [
    *StatusCategory.choices,
    (UNKNOWN, _("unknown status")),
    (MISSING, _("no status")),
]
# Designsystemet colours of the status tags; the tag always shows the status text as well.
CATEGORY_COLOURS = {
    "done": "success",
    "ongoing": "info",
    "not_started": "warning",
    "stopped": "danger",
}


# What each warning code means, for the page; the message says where.
WARNING_LABELS = {
    "conflicting_deadlines": _("Listed twice with different end dates"),
    "conflicting_statuses": _("Listed twice with different statuses"),
    "unknown_status": _("Unknown status"),
    "missing_status": _("No status"),
    "unknown_board": _("Unknown board code"),
    "inconsistent_boards": _("Board written in several ways"),
    "unreadable_boards": _("Boards not understood"),
    "skipped_table": _("Table skipped"),
}


def column_of(activity: ParsedActivity) -> str:
    if not activity.status:
        return MISSING
    return activity.status_category or UNKNOWN


@dataclass
class PerspectiveCounts:
    """One perspective's activity rows per column (see COLUMNS), in column order."""

    perspective: str | None
    counts: list[int]

    @property
    def total(self) -> int:
        return sum(self.counts)


@dataclass
class ActivityRow:
    """An activity row of the report as the preview table shows it."""

    activity: ParsedActivity
    column: str
    boards: list[str]

    @property
    def colour(self) -> str:
        return CATEGORY_COLOURS.get(self.column, "neutral")


@dataclass
class ImportPreview:
    parsed: ParsedDocument
    administration: Administration
    sha256: str
    existing_plan: Plan | None
    difference: ReportDifference
    boards: list[BoardInDocument]
    perspectives: list[PerspectiveCounts]
    statuses: list[tuple[str, str, int]]
    distinct_activities: int
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    columns = COLUMNS

    @property
    def is_same_report(self) -> bool:
        """Vplan holds this report already (as text, Word or PDF): importing writes nothing."""
        return self.difference.is_same_report

    @property
    def already_imported(self) -> DocumentImport | None:
        """The import of the same report, when it is the same report."""
        return self.difference.record if self.is_same_report else None

    @property
    def can_import(self) -> bool:
        return not self.is_same_report and not self.problems

    @property
    def boards_to_choose(self) -> list[BoardInDocument]:
        """The codes that are not boards of Vplan: each needs the user's choice."""
        return [board for board in self.boards if board.board is None or board.mapped]

    @property
    def unresolved_boards(self) -> list[BoardInDocument]:
        return [board for board in self.boards if not board.is_resolved]

    @property
    def totals(self) -> list[int]:
        return [sum(column) for column in zip(*(p.counts for p in self.perspectives), strict=True)]

    @property
    def total(self) -> int:
        return len(self.parsed.activities)

    @property
    def unknown_boards(self) -> list[BoardInDocument]:
        return [board for board in self.boards if not board.is_known]

    @property
    def rows(self) -> list[ActivityRow]:
        spelling = {board.code: board.display_code for board in self.boards}
        return [
            ActivityRow(
                activity=a,
                column=column_of(a),
                boards=[spelling.get(code, code) for code in a.boards],
            )
            for a in self.parsed.activities
        ]

    @property
    def warning_rows(self) -> list[tuple[str, ParseWarning]]:
        """Every warning with what its code means; none is left out."""
        return [
            (str(WARNING_LABELS.get(warning.code, warning.code)), warning)
            for warning in self.parsed.warnings
        ]

    def to_json(self) -> dict[str, Any]:
        keys = [key for key, _label in COLUMNS]
        return {
            "source": self.parsed.source,
            "format": self.parsed.format,
            "title": self.parsed.title,
            "organisation": self.parsed.organisation,
            "plan_year": self.parsed.plan_year,
            "as_of": self.parsed.as_of,
            "sha256": self.sha256,
            "administration": {
                "id": self.administration.pk,
                "name": self.administration.name,
                "short_code": self.administration.short_code,
            },
            "plan_id": self.existing_plan.pk if self.existing_plan else None,
            "already_imported": _record_json(self.already_imported),
            "same_report": self.is_same_report,
            "can_import": self.can_import,
            "difference": self.difference.to_json() if self.difference.seen_before else None,
            "problems": list(self.problems),
            "notes": list(self.notes),
            "boards": [board.to_json() for board in self.boards],
            "activity_rows": self.total,
            "distinct_activities": self.distinct_activities,
            "counts": [
                {"perspective": p.perspective, **dict(zip(keys, p.counts, strict=True))}
                | {"total": p.total}
                for p in self.perspectives
            ],
            "statuses": [
                {"status": status, "category": category, "count": count}
                for status, category, count in self.statuses
            ],
            "warnings": [warning.to_json() for warning in self.parsed.warnings],
            "document": self.parsed.to_schema_dict(),
        }


def _record_json(record: DocumentImport | None) -> dict[str, Any] | None:
    if record is None:
        return None
    return {
        "id": record.pk,
        "source": record.source_name,
        "imported_at": record.imported_at.isoformat(),
        "plan_id": record.plan_id,
        "round_id": record.round_id,
    }


def preview_import(
    *,
    parsed: ParsedDocument,
    administration: Administration,
    sha256: str,
    board_choices: BoardChoices | None = None,
) -> ImportPreview:
    """What loading `parsed` into `administration` would do; reads, never writes."""
    existing_plan = None
    if parsed.plan_year is not None:
        existing_plan = Plan.objects.filter(
            administration=administration, year=parsed.plan_year
        ).first()
    boards = boards_in(parsed, administration=administration, choices=board_choices)
    difference = report_difference(parsed=parsed, administration=administration, boards=boards)
    preview = ImportPreview(
        parsed=parsed,
        administration=administration,
        sha256=sha256,
        existing_plan=existing_plan,
        difference=difference,
        boards=boards,
        perspectives=_perspective_counts(parsed),
        statuses=_statuses(parsed),
        distinct_activities=len({text_key(a.text) for a in parsed.activities}),
    )
    if parsed.plan_year is None:
        preview.problems.append(missing_year_message())
    unplaced = rows_without_perspective_message(parsed)
    if unplaced:
        preview.problems.append(unplaced)
    if parsed.organisation and parsed.organisation != administration.name:
        preview.notes.append(
            gettext("The report names %(named)s; it will be imported into %(chosen)s.")
            % {"named": parsed.organisation, "chosen": administration.name}
        )
    preview.notes.extend(_difference_notes(difference))
    if preview.unresolved_boards and preview.can_import:
        preview.notes.append(
            gettext(
                "The board codes %(codes)s are not boards of Vplan: map each to a board or "
                "choose to create it."
            )
            % {"codes": ", ".join(board.code for board in preview.unresolved_boards)}
        )
    return preview


def _difference_notes(difference: ReportDifference) -> list[str]:
    if difference.is_same_report:
        return [
            gettext(
                "Vplan already holds this report (%(round)s of %(plan)s), whatever format it "
                "came in: importing it again changes nothing."
            )
            % {"round": difference.round.label, "plan": difference.plan.title}
        ]
    if not difference.differs:
        return []
    return [
        gettext(
            "Vplan holds another version of this report (%(round)s of %(plan)s). This one "
            "differs: %(added)s activities added, %(removed)s removed, %(changed)s changed, "
            "%(statuses)s statuses or comments changed, %(places)s new places. The "
            "differences are applied only when you confirm."
        )
        % {
            "round": difference.round.label,
            "plan": difference.plan.title,
            "added": len(difference.added),
            "removed": len(difference.removed),
            "changed": len(difference.changed),
            "statuses": len(difference.statuses),
            "places": len(difference.places),
        }
    ]


def _perspective_counts(parsed: ParsedDocument) -> list[PerspectiveCounts]:
    keys = [key for key, _label in COLUMNS]
    counts: dict[str | None, Counter] = {}
    for activity in parsed.activities:
        counts.setdefault(activity.perspective, Counter())[column_of(activity)] += 1
    return [
        PerspectiveCounts(perspective=name, counts=[counter[key] for key in keys])
        for name, counter in counts.items()
    ]


def _statuses(parsed: ParsedDocument) -> list[tuple[str, str, int]]:
    """Each status as written, its column and how many rows have it; most used first."""
    counter = Counter((a.status, column_of(a)) for a in parsed.activities)
    return [(status, column, n) for (status, column), n in counter.most_common()]
