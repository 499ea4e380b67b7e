"""Load a parsed follow-up report into the database: one loader for every input format.

`load_parsed_document` creates (or completes) the plan of the report's year with its boards,
goals, assignments and activities, and a follow-up round holding each activity's status report,
all in one transaction. An activity listed twice in the document is one activity placed in both
places. A file is imported once: its SHA-256 is recorded, and a second import says so.
"""

from __future__ import annotations

import datetime
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.db import IntegrityError, transaction
from django.utils.translation import gettext

from vplan.audit.models import ChangeRecord
from vplan.audit.trail import record_change
from vplan.followups.models import FollowUpRound, Status, StatusReport
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

from .models import DocumentImport
from .normalise import MONTHS, text_key
from .parsed import ImportFormatError, ParsedActivity, ParsedDocument
from .registry import board_display_code

UNKNOWN_ADMINISTRATION = "Importerad förvaltning"


@dataclass
class LoadResult:
    """What an import did: the record, and whether this call created it."""

    record: DocumentImport
    created: bool
    activities_created: int = 0
    placements_created: int = 0
    reports_created: int = 0
    warnings: list[str] = field(default_factory=list)


def file_sha256(path: str | Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def load_parsed_document(
    *,
    parsed: ParsedDocument,
    by,
    sha256: str,
    administration: Administration | None = None,
) -> LoadResult:
    """Create the plan, its activities and a follow-up round from a parsed report.

    Returns the existing record, with `created` False, when the same file was imported before.
    The plan, the round and each new activity are recorded in the change trail as made by `by`.
    """
    existing = DocumentImport.objects.filter(sha256=sha256).first()
    if existing is not None:
        return LoadResult(record=existing, created=False)
    if parsed.plan_year is None:
        raise ImportFormatError(parsed.source, missing_year_message())
    try:
        with transaction.atomic():
            return _load(parsed, by, sha256, administration)
    except IntegrityError:
        # Someone imported the same file at the same moment: theirs stands, ours is rolled back.
        existing = DocumentImport.objects.filter(sha256=sha256).first()
        if existing is None:
            raise
        return LoadResult(record=existing, created=False)


def missing_year_message() -> str:
    return gettext("the report does not say which year's plan it is")


def _load(
    parsed: ParsedDocument, by, sha256: str, administration: Administration | None
) -> LoadResult:
    administration = administration or _administration(parsed.organisation)
    plan = Plan.objects.filter(administration=administration, year=parsed.plan_year).first()
    if plan is None:
        plan = Plan.objects.create(administration=administration, year=parsed.plan_year)
        record_change(obj=plan, by=by, action=ChangeRecord.Action.CREATED)
    boards = _boards(parsed, administration)
    plan.boards.add(*boards.values())
    round = _round(plan, parsed, by)
    result = LoadResult(record=None, created=True)  # type: ignore[arg-type]
    activities = {text_key(a.text): a for a in Activity.objects.filter(plan=plan)}
    reported: set[int] = set(
        StatusReport.objects.filter(round=round).values_list("activity_id", flat=True)
    )
    statuses = {status.name.casefold(): status for status in Status.objects.all()}
    for order, item in enumerate(parsed.activities):
        activity = activities.get(text_key(item.text))
        if activity is None:
            activity = _activity(plan, item, boards, order)
            record_change(obj=activity, by=by, action=ChangeRecord.Action.CREATED)
            activities[text_key(item.text)] = activity
            result.activities_created += 1
        if _place(plan, activity, item, order):
            result.placements_created += 1
        if activity.pk not in reported:
            StatusReport.objects.create(
                activity=activity,
                round=round,
                version=StatusReport.objects.filter(activity=activity, round=round).count() + 1,
                status=statuses.get(item.status.casefold()),
                status_text=item.status,
                comment=item.comment,
                author=by,
            )
            reported.add(activity.pk)
            result.reports_created += 1
    result.record = DocumentImport.objects.create(
        sha256=sha256,
        source_name=parsed.source[:300],
        format=parsed.format,
        plan=plan,
        round=round,
        activity_count=len(parsed.activities),
        warnings=[warning.to_json() for warning in parsed.warnings],
        imported_by=by,
    )
    return result


def _administration(name: str | None) -> Administration:
    name = name or UNKNOWN_ADMINISTRATION
    found = Administration.objects.filter(name=name).first()
    if found:
        return found
    base = re.sub(r"[^A-ZÅÄÖ]", "", name.upper())[:6] or "IMP"
    code, number = base, 1
    while Administration.objects.filter(short_code=code).exists():
        number += 1
        code = f"{base}{number}"
    return Administration.objects.create(name=name, short_code=code)


def _boards(parsed: ParsedDocument, administration: Administration) -> dict[str, Board]:
    boards = {}
    for code in sorted({code for item in parsed.activities for code in item.boards}):
        board, _ = Board.objects.get_or_create(
            code=code,
            defaults={
                "display_code": board_display_code(code),
                "name": code,
                "administration": administration,
            },
        )
        boards[code] = board
    return boards


def _round(plan: Plan, parsed: ParsedDocument, by) -> FollowUpRound:
    as_of = _as_of_date(parsed.as_of, plan.year)
    label = f"Uppföljning per {parsed.as_of or as_of.isoformat()}"
    round, created = FollowUpRound.objects.get_or_create(
        plan=plan,
        as_of=as_of,
        defaults={"label": label, "state": FollowUpRound.State.CLOSED},
    )
    if created:
        record_change(obj=round, by=by, action=ChangeRecord.Action.CREATED)
    return round


def _as_of_date(as_of: str | None, year: int) -> datetime.date:
    """'31 mars' in the plan's year; the year's end when the report does not say."""
    if as_of:
        day, _, month = as_of.partition(" ")
        if month in MONTHS and day.isdigit():
            return datetime.date(year, MONTHS.index(month) + 1, int(day))
    return datetime.date(year, 12, 31)


def _activity(plan: Plan, item: ParsedActivity, boards: dict[str, Board], order: int) -> Activity:
    end = EndDate(item.deadline) if item.deadline else None
    activity = Activity(
        plan=plan,
        text=item.text,
        decided_end=None if item.postponed else end,
        postponed_from_unknown_date=item.postponed,
        current_end=end,
        carried_over_from_year=item.carried_over_from,
        represents_assignment=item.text == item.assignment_text,
        order=order,
    )
    activity.full_clean()
    activity.save()
    activity.boards.set([boards[code] for code in item.boards])
    return activity


def _place(plan: Plan, activity: Activity, item: ParsedActivity, order: int) -> bool:
    if not item.perspective:
        return False
    perspective, _ = Perspective.objects.get_or_create(name=item.perspective)
    municipal_goal = None
    if item.municipal_goal:
        municipal_goal, _ = MunicipalGoal.objects.get_or_create(
            plan=plan, perspective=perspective, title=item.municipal_goal
        )
    board_goal = None
    if item.board_goal:
        board_goal, _ = BoardGoal.objects.get_or_create(
            plan=plan,
            municipal_goal=municipal_goal,
            title=item.board_goal,
            defaults={"description": item.board_goal_description},
        )
    assignment = None
    if item.assignment_text:
        scope = (
            Assignment.Scope.COMMON
            if item.assignment_kind == "municipal"
            else Assignment.Scope.BOARD_SPECIFIC
        )
        assignment, _ = Assignment.objects.get_or_create(
            plan=plan,
            number=item.assignment_number,
            text=item.assignment_text,
            defaults={"scope": scope, "is_struck": "struk" in item.status.casefold()},
        )
    _, created = Placement.objects.get_or_create(
        activity=activity,
        municipal_goal=municipal_goal,
        board_goal=board_goal,
        assignment=assignment,
        defaults={"perspective": perspective, "order": order},
    )
    return created
