"""Load a parsed follow-up report into the database, whatever format it was read from.

`load_parsed_document` creates (or completes) the plan of the report's year with its goals,
assignments and activities, and a follow-up round holding each activity's status report, all in
one transaction. An activity listed twice in the document is one activity placed in both places.
A row under no perspective is refused (the report does not say where it stands); a row without a
status gets no status report, and a comment on such a row is not imported but named in a warning
(`LoadResult.warnings`, kept on the `DocumentImport`).

A report of a year Vplan has no plan for becomes one exchange document
(`exchange_document_of`, vplan/exchange/document.py) and is written by the one loader
(`vplan.exchange.load.load_document`), the one `vplan load` and the demo use. A report of a
further round of a plan Vplan holds completes that plan: its rows are matched to the plan's
activities, goals and assignments (matching.py) and what is new is written through the
operations of vplan/plans/editing.py. Either way the plan is written as a copy of a record
(`as_recorded=True`) and the rules of every other write path hold (an activity stands
somewhere, each creation and change is in the trail).

A report is known by its content, not its file: when Vplan already holds a round of the plan at
the report's date, the report is compared with it (difference.py). The same report, as text,
Word or PDF, writes nothing and says so; a different version of it is applied only when asked
(`apply_changes`): all or nothing, statuses as new versions, removed activities deleted
(soft, with their parts: `delete_activity`), each change in the trail. Board codes that are not
boards of Vplan are created or mapped only as the user chose (`board_choices`).
"""

from __future__ import annotations

import hashlib
import re
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from vplan.audit.models import ChangeRecord
from vplan.audit.trail import record_change, update_with_trail
from vplan.exchange.document import (
    FORMAT_NAME,
    FORMAT_VERSION,
    ExchangeDocument,
    ExchangeFormatError,
    read_document,
    where_in_document,
)
from vplan.exchange.load import DocumentConflict, load_document
from vplan.followups.models import FollowUpRound, Status, StatusReport
from vplan.organisation.boards import create_board, usual_board_name
from vplan.organisation.models import Administration, Board
from vplan.plans.editing import (
    Place,
    create_activity,
    create_assignment,
    create_board_goal,
    create_municipal_goal,
    delete_activity,
    place_activity,
)
from vplan.plans.end_dates import EndDate
from vplan.plans.models import (
    Activity,
    Assignment,
    BoardGoal,
    MunicipalGoal,
    Perspective,
    Plan,
)
from vplan.plans.perspectives import PERSPECTIVES

from .difference import ActivityChange, ReportDifference, report_difference
from .matching import assignment_scope, find_assignment, placement_matches, same_comment
from .models import DocumentImport
from .normalise import as_of_date, text_key
from .parsed import ImportFormatError, ParsedActivity, ParsedDocument, ParseWarning
from .registry import BoardChoices, BoardInDocument, board_display_code, boards_in

UNKNOWN_ADMINISTRATION = "Importerad förvaltning"
# The name of a board a script's import creates for a code without a usual name (the command,
# the page and the API have the user name it).
UNNAMED_BOARD = "Importerad nämnd {code}"


class Outcome:
    IMPORTED = "imported"  # a new plan or round
    UPDATED = "updated"  # a different version of a report already in Vplan, applied
    UNCHANGED = "unchanged"  # the same report: nothing written
    DIFFERS = "differs"  # a different version, not applied (nothing written)


@dataclass
class LoadResult:
    """What an import did: its record, and whether anything was written (`created`)."""

    record: DocumentImport | None
    created: bool
    outcome: str = Outcome.IMPORTED
    difference: ReportDifference | None = None
    plan: Plan | None = None
    round: FollowUpRound | None = None
    activities_created: int = 0
    placements_created: int = 0
    reports_created: int = 0
    activities_changed: int = 0
    activities_removed: int = 0
    boards_created: int = 0
    # What loading the report left out, said (the document's own warnings are on `parsed`).
    warnings: list[ParseWarning] = field(default_factory=list)


class DifferenceChanged(ImportFormatError):
    """What Vplan holds changed between the preview and the confirmation."""


def file_sha256(path: str | Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def load_parsed_document(
    *,
    parsed: ParsedDocument,
    by,
    sha256: str,
    administration: Administration | None = None,
    board_choices: BoardChoices | None = None,
    apply_changes: bool = False,
    expected_difference: str | None = None,
) -> LoadResult:
    """Import a parsed report, all or nothing; see the module's description.

    `board_choices` None (scripts and tests loading a parsed document directly) creates a
    board for each code Vplan lacks, under its usual name; the command, the page and the API
    pass the user's choices and create nothing unchosen. `expected_difference` is the digest of the difference the user
    confirmed: if Vplan changed since, DifferenceChanged is raised and nothing is written.
    """
    if parsed.plan_year is None:
        raise ImportFormatError(parsed.source, missing_year_message())
    options = {
        "parsed": parsed,
        "by": by,
        "sha256": sha256,
        "administration": administration,
        "board_choices": board_choices,
        "apply_changes": apply_changes,
        "expected_difference": expected_difference,
    }
    try:
        with transaction.atomic():
            return _load_or_update(**options)
    except (IntegrityError, DocumentConflict):
        # Someone imported the same report at the same moment: theirs stands, ours is rolled
        # back and compared again with what they wrote.
        with transaction.atomic():
            return _load_or_update(**options)


def missing_year_message() -> str:
    return gettext("the report does not say which year's plan it is")


def unresolved_boards_message(codes: list[str]) -> str:
    return gettext(
        "the board codes %(codes)s are not boards of Vplan: map each to a board or choose to "
        "create it"
    ) % {"codes": ", ".join(codes)}


def _load_or_update(
    *,
    parsed: ParsedDocument,
    by,
    sha256: str,
    administration: Administration | None,
    board_choices: BoardChoices | None,
    apply_changes: bool,
    expected_difference: str | None,
) -> LoadResult:
    administration = administration or _administration(parsed.organisation, by)
    entries = boards_in(
        parsed,
        administration=administration,
        choices=board_choices if board_choices is not None else _usual_boards(parsed),
    )
    difference = report_difference(parsed=parsed, administration=administration, boards=entries)
    if difference.is_same_report or (difference.differs and not apply_changes):
        unchanged = LoadResult(
            record=difference.record,
            created=False,
            outcome=Outcome.UNCHANGED if difference.is_same_report else Outcome.DIFFERS,
            difference=difference,
            plan=difference.plan,
            round=difference.round,
        )
        # Written or not, a comment on a row without a status is not in Vplan: say so.
        activities = {text_key(a.text): a for a in Activity.objects.filter(plan=difference.plan)}
        _warn_of_comments_without_status(parsed, activities, difference.round, unchanged)
        return unchanged
    if expected_difference is not None and expected_difference != difference.digest():
        raise DifferenceChanged(
            parsed.source,
            gettext("what Vplan holds changed since the preview; look at the differences again"),
        )
    unresolved = [entry.code for entry in entries if not entry.is_resolved]
    if unresolved:
        raise ImportFormatError(parsed.source, unresolved_boards_message(unresolved))
    unplaced = rows_without_perspective_message(parsed)
    if unplaced:
        raise ImportFormatError(parsed.source, unplaced)
    result = LoadResult(record=None, created=True, difference=difference)
    boards = _boards(entries, administration, by, result)
    if difference.seen_before:
        result.outcome = Outcome.UPDATED
        _apply(parsed, difference, boards, by, result)
    else:
        _load(parsed, administration, boards, by, result)
    result.record = DocumentImport.objects.create(
        sha256=sha256,
        source_name=parsed.source[:300],
        format=parsed.format,
        plan=result.plan,
        round=result.round,
        activity_count=len(parsed.activities),
        warnings=[warning.to_json() for warning in [*parsed.warnings, *result.warnings]],
        document=parsed.to_schema_dict(),
        imported_by=by,
    )
    return result


def _usual_boards(parsed: ParsedDocument) -> BoardChoices:
    """For scripts without the user's choices: a board for each code Vplan lacks, under its
    usual name ('Bildningsnämnden'), or 'Importerad nämnd XYZ' for a code without one."""
    codes = {code for item in parsed.activities for code in item.boards}
    return BoardChoices(
        create={
            code: usual_board_name(code) or UNNAMED_BOARD.format(code=board_display_code(code))
            for code in codes
        }
    )


def _boards(
    entries: list[BoardInDocument], administration: Administration, by, result: LoadResult
) -> dict[str, Board]:
    """The board of each code: the existing or mapped one, or the one the user chose to create."""
    boards = {}
    for entry in entries:
        board = entry.board
        if board is None:
            board = create_board(
                administration=administration,
                display_code=board_display_code(entry.code),
                name=entry.create_name,
                by=by,
            )
            result.boards_created += 1
        boards[entry.code] = board
    return boards


def _load(
    parsed: ParsedDocument,
    administration: Administration,
    boards: dict[str, Board],
    by,
    result: LoadResult,
) -> None:
    """A report of a round Vplan does not hold: create (or complete) the plan, and the round.

    A report of a year Vplan has no plan for is one exchange document, written by the one
    loader (`_load_new_plan`); a further round of a plan Vplan holds completes that plan here,
    matching the rows to its activities, goals and assignments (matching.py)."""
    plan = Plan.objects.filter(administration=administration, year=parsed.plan_year).first()
    if plan is None:
        _load_new_plan(parsed, administration, boards, by, result)
        return
    _add_plan_boards(plan, boards, by)
    round = _round(plan, parsed, by)
    result.plan, result.round = plan, round
    activities = {text_key(a.text): a for a in Activity.objects.filter(plan=plan)}
    reported: set[int] = set(
        StatusReport.objects.filter(round=round).values_list("activity_id", flat=True)
    )
    statuses = _statuses()
    places = _Places(plan, by)
    for order, item in enumerate(parsed.activities):
        activity = activities.get(text_key(item.text))
        if activity is None:
            activity = _create_activity(parsed, item, order, places, boards, by)
            activities[text_key(item.text)] = activity
            result.activities_created += 1
            result.placements_created += 1
        elif _place(parsed, activity, item, order, places, by):
            result.placements_created += 1
        if item.status and activity.pk not in reported:
            _add_report(activity, round, item, by, statuses)
            reported.add(activity.pk)
            result.reports_created += 1
    _warn_of_comments_without_status(parsed, activities, round, result)


def _load_new_plan(
    parsed: ParsedDocument,
    administration: Administration,
    boards: dict[str, Board],
    by,
    result: LoadResult,
) -> None:
    """A report of a year Vplan has no plan for: its plan, goals, assignments, activities, round
    and statuses as one exchange document, written by the one loader (vplan/exchange/load.py)."""
    document, rows = exchange_document_of(
        parsed=parsed, administration=administration, boards=boards, by=by
    )
    try:
        (plan,) = load_document(document=document, by=by)
    except DocumentConflict:
        raise
    except ExchangeFormatError as error:
        raise _refused_row(parsed, error, rows) from error
    (entry,) = document.plans
    round = plan.rounds.get()
    result.plan, result.round = plan, round
    result.activities_created = len(entry.activities)
    result.placements_created = sum(len(item.placements) for item in entry.activities)
    result.reports_created = len(entry.rounds[0].reports)
    activities = {text_key(a.text): a for a in Activity.objects.filter(plan=plan)}
    _warn_of_comments_without_status(parsed, activities, round, result)


def exchange_document_of(
    *,
    parsed: ParsedDocument,
    administration: Administration,
    boards: dict[str, Board],
    by,
) -> tuple[ExchangeDocument, dict[tuple, ParsedActivity]]:
    """The report as an exchange document that starts the plan of its year, validated as a file
    is, and the report's row behind each activity, goal, assignment and status report of the
    document (by its place in the plan: ("activities", 3), the row that first lists it).

    The rows are read as the import reads them into a plan it completes (_load): an activity is
    its text (`text_key`), listed twice it is one activity in both places unless it stands
    there already (`placement_matches`); goals are found by title, assignments by number and
    text (a rendering cuts them); a row without a status reports nothing, and an activity
    reports once in the round."""
    year = parsed.plan_year
    as_of = as_of_date(parsed.as_of, year)
    statuses = _statuses()
    author = by.get_username() if getattr(by, "is_authenticated", False) else ""
    now = timezone.now().isoformat()
    places = _DocumentPlaces()
    activities: dict[str, dict] = {}
    rows = places.rows
    reports: list[dict] = []
    reported: set[str] = set()
    for order, item in enumerate(parsed.activities):
        key = text_key(item.text)
        activity = activities.get(key)
        if activity is None:
            _check_end_date(parsed, item)
            activity = activities[key] = {
                "id": str(uuid.uuid4()),
                "text": item.text,
                "boards": list(dict.fromkeys(boards[code].display_code for code in item.boards)),
                "decided_end": "" if item.postponed else item.deadline,
                "current_end": item.deadline,
                "postponed_from_unknown_date": item.postponed,
                "carried_over_from": None,
                "carried_over_from_year": item.carried_over_from,
                "parent": None,
                "represents_assignment": item.text == item.assignment_text,
                "order": order,
                "placements": [places.place_of(item, order)],
            }
            rows[("activities", len(activities) - 1)] = item
        elif not places.stands_there(activity["placements"], item):
            place = places.place_of(item, order)
            if not any(_same_keys(place, other) for other in activity["placements"]):
                activity["placements"].append(place)
        if item.status and activity["id"] not in reported:
            reported.add(activity["id"])
            rows[("rounds", 0, "reports", len(reports))] = item
            status = statuses.get(item.status.casefold())
            reports.append(
                {
                    "activity": activity["id"],
                    "version": 1,
                    "status": status.name if status is not None else None,
                    "status_text": item.status,
                    "comment": item.comment,
                    "author": author,
                    "created_at": now,
                }
            )
    plan = {
        "administration": {
            "name": administration.name,
            "short_code": administration.short_code,
            "municipality": administration.municipality,
        },
        "year": year,
        "state": Plan.State.DRAFT.value,
        "decided_on": None,
        "revised_on": None,
        "boards": [
            {"code": board.display_code, "name": board.name}
            for board in dict.fromkeys(boards.values())
        ],
        "municipal_goals": places.municipal_goals,
        "board_goals": places.board_goals,
        "assignments": places.assignments,
        "activities": list(activities.values()),
        "rounds": [
            {
                "label": f"Uppföljning per {parsed.as_of or as_of.isoformat()}",
                "as_of": as_of.isoformat(),
                "reporting_deadline": None,
                "state": FollowUpRound.State.CLOSED.value,
                "introduction": "",
                "reports": reports,
            }
        ],
    }
    try:
        document = read_document(
            {"format": FORMAT_NAME, "version": FORMAT_VERSION, "statuses": [], "plans": [plan]}
        )
    except ExchangeFormatError as error:
        raise _refused_row(parsed, error, rows) from error
    return document, rows


def _same_keys(place: dict, other: dict) -> bool:
    keys = ("municipal_goal", "board_goal", "assignment")
    return all(place[key] == other[key] for key in keys)


class _DocumentPlaces:
    """The goals and assignments of a plan the document starts, named by keys as the rows list
    them: a municipal goal by perspective and title, a board goal by its municipal goal and
    title, an assignment by number and text (`find_assignment`), each once."""

    def __init__(self) -> None:
        self.municipal_goals: list[dict] = []
        self.board_goals: list[dict] = []
        self.assignments: list[dict] = []
        self._assignments: list[SimpleNamespace] = []  # key, number, text: for find_assignment
        self.rows: dict[tuple, ParsedActivity] = {}  # the row that first lists each

    def place_of(self, item: ParsedActivity, order: int) -> dict:
        municipal_goal = self._municipal_goal(item) if item.municipal_goal else None
        return {
            "perspective": item.perspective,
            "municipal_goal": municipal_goal,
            "board_goal": self._board_goal(municipal_goal, item) if item.board_goal else None,
            "assignment": self._assignment(item) if item.assignment_text else None,
            "order": order,
        }

    def stands_there(self, placements: list[dict], item: ParsedActivity) -> bool:
        """`placement_matches` on the document's places: the same perspective and goals, and
        the same assignment number where both give one."""
        titles = {goal["key"]: goal["title"] for goal in self.municipal_goals + self.board_goals}
        numbers = {a.key: a.number for a in self._assignments}
        theirs = item.assignment_number if item.assignment_text else None
        for place in placements:
            if (
                place["perspective"],
                titles.get(place["municipal_goal"]),
                titles.get(place["board_goal"]),
            ) != (item.perspective, item.municipal_goal, item.board_goal):
                continue
            ours = numbers.get(place["assignment"])
            if ours is None or theirs is None or ours == theirs:
                return True
        return False

    def _municipal_goal(self, item: ParsedActivity) -> str:
        for goal in self.municipal_goals:
            if (goal["perspective"], goal["title"]) == (item.perspective, item.municipal_goal):
                return goal["key"]
        in_perspective = [g for g in self.municipal_goals if g["perspective"] == item.perspective]
        key = f"mg{len(self.municipal_goals) + 1}"
        self.rows[("municipal_goals", len(self.municipal_goals))] = item
        self.municipal_goals.append(
            {
                "key": key,
                "perspective": item.perspective,
                "title": item.municipal_goal,
                "order": len(in_perspective),
            }
        )
        return key

    def _board_goal(self, municipal_goal: str | None, item: ParsedActivity) -> str:
        for goal in self.board_goals:
            if (goal["municipal_goal"], goal["title"]) == (municipal_goal, item.board_goal):
                return goal["key"]
        key = f"bg{len(self.board_goals) + 1}"
        self.rows[("board_goals", len(self.board_goals))] = item
        self.board_goals.append(
            {
                "key": key,
                "municipal_goal": municipal_goal,
                "title": item.board_goal,
                "description": item.board_goal_description,
                "order": len(self.board_goals),
            }
        )
        return key

    def _assignment(self, item: ParsedActivity) -> str:
        found = find_assignment(
            self._assignments, number=item.assignment_number, text=item.assignment_text
        )
        if found is not None:
            return found.key
        key = f"as{len(self.assignments) + 1}"
        self.rows[("assignments", len(self.assignments))] = item
        self._assignments.append(
            SimpleNamespace(key=key, number=item.assignment_number, text=item.assignment_text)
        )
        self.assignments.append(
            {
                "key": key,
                "number": item.assignment_number,
                "text": item.assignment_text,
                "scope": assignment_scope(item),
                "boards": [],
                "is_struck": "struk" in item.status.casefold(),
                "order": len(self.assignments),
            }
        )
        return key


def _check_end_date(parsed: ParsedDocument, item: ParsedActivity) -> None:
    if len(item.deadline) > Activity._meta.get_field("current_end").max_length:
        raise ImportFormatError(
            parsed.source,
            gettext("row %(number)s, '%(activity)s': %(reason)s")
            % {
                "number": parsed.activities.index(item) + 1,
                "activity": _label(item),
                "reason": gettext("The end date is too long."),
            },
        )


def _refused_row(
    parsed: ParsedDocument, error: ExchangeFormatError, rows: dict[tuple, ParsedActivity]
) -> ImportFormatError:
    """The loader's refusal as the import says it: the row behind what was refused, its number
    and what is wrong; else (the plan itself) the place in the document."""
    location = error.location[2:]  # within ("plans", 0)
    for length in (4, 2):
        item = rows.get(location[:length])
        if item is None:
            continue
        inner = location[2:] if location[0] == "activities" else location
        return ImportFormatError(
            parsed.source,
            gettext("row %(number)s, '%(activity)s': %(reason)s")
            % {
                "number": parsed.activities.index(item) + 1,
                "activity": _label(item),
                "reason": f"{where_in_document(inner)}: {error.problem}"
                if inner
                else error.problem,
            },
        )
    return ImportFormatError(parsed.source, str(error))


def _apply(
    parsed: ParsedDocument,
    difference: ReportDifference,
    boards: dict[str, Board],
    by,
    result: LoadResult,
) -> None:
    """A different version of a report Vplan holds: statuses and comments as new versions,
    changed activities updated, removed ones soft-deleted, new ones created; each recorded."""
    plan, round = difference.plan, difference.round
    result.plan, result.round = plan, round
    _add_plan_boards(plan, boards, by)
    statuses = _statuses()
    for change in difference.statuses:
        report = _add_report(change.activity, round, change.item, by, statuses)
        record_change(obj=report, by=by, action=ChangeRecord.Action.CREATED)
        result.reports_created += 1
    for change in difference.changed:
        _update_activity(change, boards, by)
        result.activities_changed += 1
    for activity in difference.removed:
        delete_activity(activity=activity, by=by)
        result.activities_removed += 1
    activities = {text_key(a.text): a for a in Activity.objects.filter(plan=plan)}
    order = Activity.all_objects.filter(plan=plan).count()
    places = _Places(plan, by)
    for item in difference.added:
        activity = _create_activity(parsed, item, order, places, boards, by)
        activities[text_key(item.text)] = activity
        result.activities_created += 1
        result.placements_created += 1
        if item.status:
            _add_report(activity, round, item, by, statuses)
            result.reports_created += 1
        order += 1
    for position, item in enumerate(parsed.activities):
        if _place(parsed, activities[text_key(item.text)], item, position, places, by):
            result.placements_created += 1
    _warn_of_comments_without_status(parsed, activities, round, result)


def _add_plan_boards(plan: Plan, boards: dict[str, Board], by) -> None:
    """The report's boards serve the plan too: added to an existing plan, and recorded."""
    have = set(plan.boards.values_list("pk", flat=True))
    new = [board for board in boards.values() if board.pk not in have]
    if not new:
        return
    old = sorted(str(board) for board in plan.boards.all())
    plan.boards.add(*new)
    record_change(
        obj=plan,
        by=by,
        action=ChangeRecord.Action.CHANGED,
        changes={"boards": (", ".join(old), ", ".join(sorted(old + [str(b) for b in new])))},
    )


def _statuses() -> dict[str, Status]:
    return {status.name.casefold(): status for status in Status.objects.all()}


def _add_report(
    activity: Activity, round: FollowUpRound, item: ParsedActivity, by, statuses
) -> StatusReport:
    """A new version of the activity's report in the round; earlier versions stay. Only for a
    row with a status: a row without one reports nothing."""
    assert item.status, "a row without a status reports nothing"
    latest = (
        StatusReport.objects.filter(activity=activity, round=round)
        .order_by("-version")
        .values_list("version", flat=True)
        .first()
    )
    return StatusReport.objects.create(
        activity=activity,
        round=round,
        version=(latest or 0) + 1,
        status=statuses.get(item.status.casefold()),
        status_text=item.status,
        comment=item.comment,
        author=by if getattr(by, "is_authenticated", False) else None,
    )


def _warn_of_comments_without_status(
    parsed: ParsedDocument, activities: dict[str, Activity], round: FollowUpRound, result
) -> None:
    """A comment on a row without a status is not imported (a status report needs a status):
    said in a warning, unless the activity's report in the round has that comment already."""
    newest = {
        report.activity_id: report for report in StatusReport.objects.filter(round=round).current()
    }
    for number, item in enumerate(parsed.activities, start=1):
        if item.status or not item.comment:
            continue
        activity = activities.get(text_key(item.text))
        report = newest.get(activity.pk) if activity is not None else None
        if report is not None and same_comment(report.comment, item.comment):
            continue
        result.warnings.append(
            ParseWarning(
                code="comment_without_status",
                message=gettext(
                    "row %(number)s, '%(activity)s': the comment was not imported because the "
                    "row has no status"
                )
                % {"number": number, "activity": _label(item)},
            )
        )


def _update_activity(change: ActivityChange, boards: dict[str, Board], by) -> None:
    activity, item = change.activity, change.item
    fields: dict = {}
    if "current_end" in change.fields or "postponed" in change.fields:
        end = EndDate(item.deadline) if item.deadline else None
        moved_from_decided = bool(activity.decided_end) and activity.decided_end != end
        fields["current_end"] = end
        fields["postponed_from_unknown_date"] = item.postponed and not moved_from_decided
        if not item.postponed and moved_from_decided:
            fields["decided_end"] = end
    if "carried_over_from_year" in change.fields and activity.carried_over_from_id is None:
        fields["carried_over_from_year"] = item.carried_over_from
    update_with_trail(obj=activity, by=by, **fields)
    if "boards" in change.fields:
        activity.boards.set([boards[code] for code in item.boards])
        old, new = change.fields["boards"]
        record_change(
            obj=activity,
            by=by,
            action=ChangeRecord.Action.CHANGED,
            changes={"boards": (old, new)},
        )


def _administration(name: str | None, by) -> Administration:
    name = name or UNKNOWN_ADMINISTRATION
    found = Administration.objects.filter(name=name).first()
    if found:
        return found
    base = re.sub(r"[^A-ZÅÄÖ]", "", name.upper())[:6] or "IMP"
    code, number = base, 1
    while Administration.objects.filter(short_code=code).exists():
        number += 1
        code = f"{base}{number}"
    administration = Administration.objects.create(name=name, short_code=code)
    record_change(
        obj=administration,
        by=by,
        action=ChangeRecord.Action.CREATED,
        changes={"name": (None, name), "short_code": (None, code)},
    )
    return administration


def _round(plan: Plan, parsed: ParsedDocument, by) -> FollowUpRound:
    as_of = as_of_date(parsed.as_of, plan.year)
    label = f"Uppföljning per {parsed.as_of or as_of.isoformat()}"
    round, created = FollowUpRound.objects.get_or_create(
        plan=plan,
        as_of=as_of,
        defaults={"label": label, "state": FollowUpRound.State.CLOSED},
    )
    if created:
        record_change(obj=round, by=by, action=ChangeRecord.Action.CREATED)
    return round


class _Places:
    """The places of one plan the rows are listed in: its goals and assignments, found or
    created (each created through plans.editing, so each is recorded)."""

    def __init__(self, plan: Plan, by) -> None:
        self.plan = plan
        self.by = by
        self.assignments = list(Assignment.objects.filter(plan=plan))

    def of(self, item: ParsedActivity, order: int) -> Place:
        perspective, _ = Perspective.objects.get_or_create(name=item.perspective)
        municipal_goal = None
        if item.municipal_goal:
            municipal_goal = self.municipal_goal(perspective, item.municipal_goal)
        board_goal = None
        if item.board_goal:
            board_goal = self.board_goal(municipal_goal, item)
        assignment = None
        if item.assignment_text:
            assignment = self.assignment(item)
        return Place(
            municipal_goal=municipal_goal,
            board_goal=board_goal,
            assignment=assignment,
            perspective=perspective,
            order=order,
        )

    def municipal_goal(self, perspective: Perspective, title: str) -> MunicipalGoal:
        found = MunicipalGoal.objects.filter(
            plan=self.plan, perspective=perspective, title=title
        ).first()
        return found or create_municipal_goal(
            plan=self.plan, perspective=perspective, title=title, by=self.by
        )

    def board_goal(self, municipal_goal: MunicipalGoal | None, item: ParsedActivity) -> BoardGoal:
        found = BoardGoal.objects.filter(
            plan=self.plan, municipal_goal=municipal_goal, title=item.board_goal
        ).first()
        return found or create_board_goal(
            plan=self.plan,
            title=item.board_goal,
            description=item.board_goal_description,
            municipal_goal=municipal_goal,
            by=self.by,
        )

    def assignment(self, item: ParsedActivity) -> Assignment:
        """The plan's assignment the row is listed under: the same number, and a text that
        begins the other (a rendering cuts it); a new one only when there is none."""
        found = find_assignment(
            self.assignments, number=item.assignment_number, text=item.assignment_text
        )
        if found is not None:
            return found
        assignment = create_assignment(
            plan=self.plan,
            number=item.assignment_number,
            text=item.assignment_text,
            scope=assignment_scope(item),
            is_struck="struk" in item.status.casefold(),
            as_recorded=True,
            by=self.by,
        )
        self.assignments.append(assignment)
        return assignment


def _create_activity(
    parsed: ParsedDocument,
    item: ParsedActivity,
    order: int,
    places: _Places,
    boards: dict[str, Board],
    by,
) -> Activity:
    """A new activity, standing where its row lists it."""
    end = EndDate(item.deadline) if item.deadline else None
    with _row_errors(parsed, item):
        return create_activity(
            plan=places.plan,
            text=item.text,
            boards=[boards[code] for code in item.boards],
            decided_end=None if item.postponed else end,
            current_end=end,
            postponed_from_unknown_date=item.postponed,
            carried_over_from_year=item.carried_over_from,
            represents_assignment=item.text == item.assignment_text,
            placements=[places.of(item, order)],
            order=order,
            as_recorded=True,
            by=by,
        )


def _place(
    parsed: ParsedDocument,
    activity: Activity,
    item: ParsedActivity,
    order: int,
    places: _Places,
    by,
) -> bool:
    """Place the activity also where this row lists it, unless it stands there already."""
    placements = activity.placements.select_related(
        "perspective", "municipal_goal", "board_goal", "assignment"
    )
    if any(placement_matches(placement, item) for placement in placements):
        return False
    with _row_errors(parsed, item):
        place = places.of(item, order)
        if _stands_in(activity, place):
            return False
        place_activity(
            activity=activity,
            municipal_goal=place.municipal_goal,
            board_goal=place.board_goal,
            assignment=place.assignment,
            perspective=place.perspective,
            order=order,
            as_recorded=True,
            by=by,
        )
    return True


def _stands_in(activity: Activity, place: Place) -> bool:
    municipal_goal = place.municipal_goal
    if municipal_goal is None and place.board_goal is not None:
        municipal_goal = place.board_goal.municipal_goal
    return activity.placements.filter(
        municipal_goal=municipal_goal, board_goal=place.board_goal, assignment=place.assignment
    ).exists()


@contextmanager
def _row_errors(parsed: ParsedDocument, item: ParsedActivity):
    """A row the plan's rules refuse stops the import, with the row and the reason named."""
    try:
        yield
    except ValidationError as error:
        number = parsed.activities.index(item) + 1
        raise ImportFormatError(
            parsed.source,
            gettext("row %(number)s, '%(activity)s': %(reason)s")
            % {"number": number, "activity": _label(item), "reason": "; ".join(error.messages)},
        ) from error


def _label(item: ParsedActivity) -> str:
    return item.text if len(item.text) <= 60 else item.text[:57] + "..."


def rows_without_perspective_message(parsed: ParsedDocument) -> str | None:
    """Why the report cannot be imported when rows stand under no perspective, else None.

    Every activity stands somewhere in the plan, and a place is at least a perspective; the
    report does not say which, and guessing would show the activity under the wrong heading."""
    rows = [
        (number, item)
        for number, item in enumerate(parsed.activities, start=1)
        if not item.perspective
    ]
    if not rows:
        return None
    named = ", ".join(f"{number} '{_label(item)}'" for number, item in rows[:5])
    if len(rows) > 5:
        named += ", ..."
    return ngettext(
        "row %(rows)s stands under no perspective heading: every activity stands under a "
        "perspective (%(perspectives)s); add the heading to the report and import it again",
        "%(count)s rows (%(rows)s) stand under no perspective heading: every activity stands "
        "under a perspective (%(perspectives)s); add the headings to the report and import it "
        "again",
        len(rows),
    ) % {"count": len(rows), "rows": named, "perspectives": ", ".join(PERSPECTIVES)}
