"""What a report would change in what Vplan holds: the import's memory of documents it has seen.

A report is identified by its content, not its bytes: the administration, the plan year, the
round's date and the activities. When Vplan holds a round of that plan at that date,
`report_difference` compares the report with it: activities added (in the report, not in the
plan), removed (reported in the round, or listed by an earlier import of it, and not in the
report), changed (end date, moved end date, boards, carried over from), newly listed places, and
statuses or comments that differ from each activity's newest report in the round (a row without
a status reports nothing, so it changes no status: the earlier report stands). The same report as text, Word or PDF differs in
nothing (see matching.py for what a rendering may lose). A report that reads as one imported
before into that round (its document is kept on the `DocumentImport`), or that differs from
Vplan in nothing, is the same report: importing it writes nothing, and changes made in Vplan
since stand. Reads, never writes.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from vplan.followups.models import FollowUpRound, StatusReport
from vplan.organisation.models import Administration
from vplan.plans.end_dates import EndDate
from vplan.plans.models import Activity, Placement, Plan

from .matching import placement_matches, same_comment, same_document, same_status
from .models import DocumentImport
from .normalise import as_of_date, text_key
from .parsed import ParsedActivity, ParsedDocument
from .registry import BoardInDocument

FIELD_LABELS = {
    "current_end": _("End date"),
    "postponed": _("End date moved"),
    "boards": _("Boards"),
    "carried_over_from_year": _("Carried over from"),
}


@dataclass
class ActivityChange:
    """An activity whose end date, boards or origin the report gives differently."""

    activity: Activity
    item: ParsedActivity
    fields: dict[str, tuple[str, str]]

    @property
    def rows(self) -> list[tuple[str, str, str]]:
        return [(str(FIELD_LABELS[name]), old, new) for name, (old, new) in self.fields.items()]


@dataclass
class StatusChange:
    """An activity whose status or comment in the round the report gives differently."""

    activity: Activity
    item: ParsedActivity
    before: StatusReport | None

    @property
    def status_before(self) -> str:
        return self.before.display_status if self.before else ""

    @property
    def comment_before(self) -> str:
        return self.before.comment if self.before else ""


@dataclass
class ReportDifference:
    """The report against the plan and round Vplan holds for the same year and date."""

    plan: Plan | None
    round: FollowUpRound | None
    record: DocumentImport | None = None
    imported_before: bool = False
    added: list[ParsedActivity] = field(default_factory=list)
    removed: list[Activity] = field(default_factory=list)
    changed: list[ActivityChange] = field(default_factory=list)
    statuses: list[StatusChange] = field(default_factory=list)
    places: list[ParsedActivity] = field(default_factory=list)

    @property
    def seen_before(self) -> bool:
        """Vplan holds a round of this plan at this date: the report is a version of it."""
        return self.round is not None

    @property
    def is_empty(self) -> bool:
        return not (self.added or self.removed or self.changed or self.statuses or self.places)

    @property
    def is_same_report(self) -> bool:
        """The report was imported before (as text, Word or PDF), or Vplan holds just what it
        says: importing it writes nothing. Changes made in Vplan since the import stand."""
        return self.seen_before and (self.imported_before or self.is_empty)

    @property
    def differs(self) -> bool:
        return self.seen_before and not self.is_same_report

    def digest(self) -> str:
        """A short fingerprint of the changes, so a confirmation applies what was shown."""
        summary = [
            sorted(text_key(item.text) for item in self.added),
            sorted(activity.pk for activity in self.removed),
            sorted((c.activity.pk, sorted(c.fields.items())) for c in self.changed),
            sorted(
                (c.activity.pk, c.before.pk if c.before else None, c.item.status, c.item.comment)
                for c in self.statuses
            ),
            sorted(text_key(item.text) for item in self.places),
        ]
        encoded = json.dumps(summary, ensure_ascii=False, default=str).encode()
        return hashlib.sha256(encoded).hexdigest()[:16]

    def to_json(self) -> dict:
        return {
            "seen_before": self.seen_before,
            "same_report": self.is_same_report,
            "plan_id": self.plan.pk if self.plan else None,
            "round_id": self.round.pk if self.round else None,
            "digest": self.digest(),
            "added": [item.text for item in self.added],
            "removed": [{"id": a.pk, "text": a.text} for a in self.removed],
            "changed": [
                {
                    "id": change.activity.pk,
                    "text": change.activity.text,
                    "fields": {name: [old, new] for name, (old, new) in change.fields.items()},
                }
                for change in self.changed
            ],
            "statuses": [
                {
                    "id": change.activity.pk,
                    "text": change.activity.text,
                    "status": [change.status_before, change.item.status],
                    "comment": [change.comment_before, change.item.comment],
                }
                for change in self.statuses
            ],
            "new_places": [item.text for item in self.places],
        }


def find_plan(parsed: ParsedDocument, administration: Administration | None) -> Plan | None:
    if administration is None or parsed.plan_year is None:
        return None
    return Plan.objects.filter(administration=administration, year=parsed.plan_year).first()


def find_round(parsed: ParsedDocument, plan: Plan | None) -> FollowUpRound | None:
    if plan is None:
        return None
    return FollowUpRound.objects.filter(
        plan=plan, as_of=as_of_date(parsed.as_of, plan.year)
    ).first()


def report_difference(
    *,
    parsed: ParsedDocument,
    administration: Administration | None,
    boards: list[BoardInDocument],
) -> ReportDifference:
    """How the report differs from the round Vplan holds for its plan and date (if any)."""
    plan = find_plan(parsed, administration)
    round = find_round(parsed, plan)
    difference = ReportDifference(plan=plan, round=round)
    if round is None:
        return difference
    imports = list(round.imports.order_by("-imported_at", "-id"))
    same = [record for record in imports if _same_as_imported(parsed, record)]
    difference.imported_before = bool(same)
    difference.record = same[0] if same else (imports[0] if imports else None)
    first_rows = _first_rows(parsed)
    activities = {
        text_key(activity.text): activity
        for activity in Activity.objects.filter(plan=plan)
        .select_related("carried_over_from__plan")
        .prefetch_related("boards", _placements())
    }
    reports = _newest_reports(round)
    board_codes = {entry.code: _code_in_vplan(entry) for entry in boards}
    for key, item in first_rows.items():
        activity = activities.get(key)
        if activity is None:
            difference.added.append(item)
            continue
        fields = _changed_fields(activity, item, board_codes)
        if fields:
            difference.changed.append(ActivityChange(activity=activity, item=item, fields=fields))
        before = reports.get(activity.pk)
        if item.status and (before is None or not _same_report(before, item)):
            difference.statuses.append(StatusChange(activity=activity, item=item, before=before))
    for item in parsed.activities:
        activity = activities.get(text_key(item.text))
        if activity is not None and item.perspective and not _is_placed(activity, item):
            difference.places.append(item)
    listed = _listed_before(imports)
    difference.removed = [
        activity
        for key, activity in activities.items()
        if key not in first_rows and (activity.pk in reports or key in listed)
    ]
    return difference


def _listed_before(imports: list[DocumentImport]) -> set[str]:
    """The activities the round's earlier imports listed, with a status or without one."""
    return {
        text_key(row["text"])
        for record in imports
        for row in (record.document or {}).get("activities", [])
    }


def _same_as_imported(parsed: ParsedDocument, record: DocumentImport) -> bool:
    if not record.document:
        return False
    return same_document(parsed, ParsedDocument.from_schema_dict(record.document))


def _first_rows(parsed: ParsedDocument) -> dict[str, ParsedActivity]:
    """Each distinct activity's first row: the one the loader takes its fields from."""
    rows: dict[str, ParsedActivity] = {}
    for item in parsed.activities:
        rows.setdefault(text_key(item.text), item)
    return rows


def _placements() -> Prefetch:
    return Prefetch(
        "placements",
        queryset=Placement.objects.select_related(
            "perspective", "municipal_goal", "board_goal", "assignment"
        ),
    )


def _newest_reports(round: FollowUpRound) -> dict[int, StatusReport]:
    return {
        report.activity_id: report
        for report in StatusReport.objects.filter(round=round).current().with_details()
    }


def _code_in_vplan(entry: BoardInDocument) -> str:
    return entry.board.code if entry.board is not None else entry.code


def _changed_fields(
    activity: Activity, item: ParsedActivity, board_codes: dict[str, str]
) -> dict[str, tuple[str, str]]:
    fields: dict[str, tuple[str, str]] = {}
    end_now = str(activity.current_end or "")
    end_then = str(EndDate(item.deadline)) if item.deadline else ""
    if end_now != end_then:
        fields["current_end"] = (end_now, end_then)
    if activity.is_postponed != item.postponed:
        fields["postponed"] = (_yes_no(activity.is_postponed), _yes_no(item.postponed))
    boards_now = sorted(board.code for board in activity.boards.all())
    boards_then = sorted({board_codes.get(code, code) for code in item.boards})
    if boards_now != boards_then:
        fields["boards"] = (", ".join(boards_now), ", ".join(boards_then))
    if activity.carried_over_year != item.carried_over_from:
        fields["carried_over_from_year"] = (
            str(activity.carried_over_year or ""),
            str(item.carried_over_from or ""),
        )
    return fields


def _yes_no(value: bool) -> str:
    return gettext("yes") if value else gettext("no")


def _same_report(report: StatusReport, item: ParsedActivity) -> bool:
    return same_status(report.display_status, item.status) and same_comment(
        report.comment, item.comment
    )


def _is_placed(activity: Activity, item: ParsedActivity) -> bool:
    return any(placement_matches(placement, item) for placement in activity.placements.all())
