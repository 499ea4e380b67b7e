"""What an import would create, shown before it is committed: the page and the API's dry run.

`preview_import(*, parsed, administration, sha256)` reads the database but writes nothing. It
reports the plan the report goes into (new, or completed), its boards with the codes Vplan does
not know flagged, the activities per perspective and status category, every warning, and what
stops the import (already imported, no plan year).
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

from .load import missing_year_message
from .models import DocumentImport
from .normalise import text_key
from .parsed import ParsedActivity, ParsedDocument, ParseWarning
from .registry import BoardInDocument, boards_in

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
    already_imported: DocumentImport | None
    boards: list[BoardInDocument]
    perspectives: list[PerspectiveCounts]
    statuses: list[tuple[str, str, int]]
    distinct_activities: int
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    columns = COLUMNS

    @property
    def can_import(self) -> bool:
        return self.already_imported is None and not self.problems

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
            "can_import": self.can_import,
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
    *, parsed: ParsedDocument, administration: Administration, sha256: str
) -> ImportPreview:
    """What loading `parsed` into `administration` would do; reads, never writes."""
    already = (
        DocumentImport.objects.select_related("plan__administration", "round", "imported_by")
        .filter(sha256=sha256)
        .first()
    )
    existing_plan = None
    if parsed.plan_year is not None:
        existing_plan = Plan.objects.filter(
            administration=administration, year=parsed.plan_year
        ).first()
    preview = ImportPreview(
        parsed=parsed,
        administration=administration,
        sha256=sha256,
        existing_plan=existing_plan,
        already_imported=already,
        boards=boards_in(parsed),
        perspectives=_perspective_counts(parsed),
        statuses=_statuses(parsed),
        distinct_activities=len({text_key(a.text) for a in parsed.activities}),
    )
    if parsed.plan_year is None:
        preview.problems.append(missing_year_message())
    if parsed.organisation and parsed.organisation != administration.name:
        preview.notes.append(
            gettext("The report names %(named)s; it will be imported into %(chosen)s.")
            % {"named": parsed.organisation, "chosen": administration.name}
        )
    return preview


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
