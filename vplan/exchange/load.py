"""The one loader: write an exchange document (vplan/exchange/document.py) into Vplan, all or nothing.

`vplan load` (a file), the demo (its data) and the importer (a follow-up report that starts a
plan) all hand an ExchangeDocument to `load_document`. The document has been validated on its
own when it was read; the loader checks what only the database can answer (known perspectives
and statuses, an earlier year's activity, plans and activities Vplan holds already), then
writes everything in one transaction through the plan-editing operations
(vplan/plans/editing.py), the same ones the pages and the rollover use. So a loaded plan obeys
the same rules, and every row the loader creates leaves a change record saying who (`by`) and
when (the plan's `created_at` when the document gives one, else the moment of loading); a status
report carries its own author and time. Should an operation still refuse something, the refusal
is reported with its place in the document, and nothing is loaded.
"""

import datetime
import itertools
import uuid
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, models, transaction

from vplan.audit.models import ChangeRecord
from vplan.audit.trail import record_change
from vplan.exchange.document import (
    ExchangeDocument,
    ExchangeFormatError,
    Location,
    PlanEntry,
    Problem,
    parse_document_json,
    read_document,
)
from vplan.followups.models import FollowUpRound, Status, StatusReport
from vplan.followups.round_lifecycle import check_round_dates
from vplan.organisation.boards import create_board
from vplan.organisation.models import Administration, Board, canonical_board_code
from vplan.plans.editing import (
    NewActivity,
    Place,
    RowRefused,
    create_activities,
    create_goals_and_assignments,
    create_plan,
)
from vplan.plans.models import (
    Activity,
    Assignment,
    BoardGoal,
    MunicipalGoal,
    Perspective,
    Placement,
    Plan,
)
from vplan.plans.responsible_people import find_people

__all__ = [
    "DocumentConflict",
    "ExchangeFormatError",
    "load_document",
    "read_exchange_file",
]


class DocumentConflict(ExchangeFormatError):
    """The document collided with a row written at the same moment (a unique constraint);
    nothing was loaded. Loading it again meets that row and says what it is."""


def read_exchange_file(path: Path | str) -> ExchangeDocument:
    """Read and validate an exchange file; ExchangeFormatError says what is wrong and where."""
    try:
        raw = Path(path).read_bytes()
    except OSError as error:
        raise ExchangeFormatError(str(path), f"cannot be read ({error.strerror})") from error
    if not raw.strip():
        raise ExchangeFormatError(str(path), "the file is empty")
    return read_document(parse_document_json(raw, where=str(path)))


# ---- what only the database can answer --------------------------------------------------------


def check_against_vplan(document: ExchangeDocument) -> None:
    """Raise ExchangeFormatError (every problem found) for what the document and Vplan disagree on."""
    problems = [*_unknown_words(document), *_missing_earlier_activities(document)]
    if not problems:
        problems = _already_in_vplan(document)
    if problems:
        first, *more = problems
        raise ExchangeFormatError.at(first.location, first.problem, more=more)


def _unknown_words(document: ExchangeDocument) -> list[Problem]:
    perspectives = set(Perspective.objects.values_list("name", flat=True))
    statuses = set(Status.objects.values_list("name", flat=True))
    statuses |= {status.name for status in document.statuses}
    problems = []
    for p, plan in enumerate(document.plans):
        for g, goal in enumerate(plan.municipal_goals):
            if goal.perspective not in perspectives:
                problems.append(
                    Problem(
                        ("plans", p, "municipal_goals", g, "perspective"),
                        f"unknown perspective {goal.perspective!r}",
                    )
                )
        for a, activity in enumerate(plan.activities):
            for q, placement in enumerate(activity.placements):
                if placement.perspective not in perspectives:
                    problems.append(
                        Problem(
                            ("plans", p, "activities", a, "placements", q, "perspective"),
                            f"unknown perspective {placement.perspective!r}",
                        )
                    )
        for r, round in enumerate(plan.rounds):
            for s, report in enumerate(round.reports):
                if report.status is not None and report.status not in statuses:
                    problems.append(
                        Problem(
                            ("plans", p, "rounds", r, "reports", s, "status"),
                            f"unknown status {report.status!r}",
                        )
                    )
    return problems


def _missing_earlier_activities(document: ExchangeDocument) -> list[Problem]:
    """An activity carried over from one that is not in the document: it is in Vplan, of an
    earlier year."""
    in_document = document.activity_ids()
    wanted = {
        activity.carried_over_from
        for plan in document.plans
        for activity in plan.activities
        if activity.carried_over_from is not None
    } - in_document
    year_of = dict(Activity.all_objects.filter(uid__in=wanted).values_list("uid", "plan__year"))
    problems = []
    for p, plan in enumerate(document.plans):
        for a, activity in enumerate(plan.activities):
            earlier = activity.carried_over_from
            if earlier is None or earlier in in_document:
                continue
            at: Location = ("plans", p, "activities", a, "carried_over_from")
            if earlier not in year_of:
                problems.append(
                    Problem(at, "refers to an activity that is neither in the file nor in Vplan")
                )
            elif year_of[earlier] >= plan.year:
                problems.append(
                    Problem(
                        at,
                        "an activity is carried over from an earlier year, "
                        f"not from {year_of[earlier]}",
                    )
                )
    return problems


def _already_in_vplan(document: ExchangeDocument) -> list[Problem]:
    problems = []
    for p, plan in enumerate(document.plans):
        administration = plan.administration
        if Plan.objects.filter(
            administration__short_code=administration.short_code, year=plan.year
        ).exists():
            problems.append(
                Problem(
                    ("plans", p),
                    f"{administration.name} already has a plan for {plan.year}; nothing was loaded",
                )
            )
    there = set(
        Activity.all_objects.filter(uid__in=document.activity_ids()).values_list("uid", flat=True)
    )
    for p, plan in enumerate(document.plans):
        for a, activity in enumerate(plan.activities):
            if activity.id in there:
                problems.append(
                    Problem(
                        ("plans", p, "activities", a, "id"),
                        "this activity is already in Vplan; nothing was loaded",
                    )
                )
    return problems


# ---- writing -----------------------------------------------------------------------------------


def load_document(
    *,
    document: ExchangeDocument,
    by: AbstractBaseUser | None,
    progress: Callable[[Plan], object] | None = None,
) -> list[Plan]:
    """Create every plan of the document with its goals, assignments, activities, rounds and
    status reports; all or nothing.

    `by` is recorded as having made every change (None: the system, e.g. a command without a
    user). `progress(plan)` is called as each plan is written. Returns the plans in the order of
    the document. Raises ExchangeFormatError, naming the place in the document, for anything
    Vplan cannot take; DocumentConflict when a row written at the same moment collided.
    """
    check_against_vplan(document)
    try:
        with transaction.atomic():
            _write_statuses(document, by)
            # Earlier years first: an activity is carried over from one that exists already.
            in_year_order = sorted(enumerate(document.plans), key=lambda numbered: numbered[1].year)
            loaded: dict[int, Plan] = {}
            for p, entry in in_year_order:
                loaded[p] = _PlanWriter(entry=entry, at=("plans", p), by=by).write()
                if progress:
                    progress(loaded[p])
            return [loaded[p] for p in range(len(document.plans))]
    except _Refused as refused:
        raise ExchangeFormatError.at(refused.location, refused.reason) from refused.error
    except IntegrityError as error:
        raise DocumentConflict("", f"the file conflicts with data in Vplan ({error})") from error


class _Refused(Exception):
    """An operation refused a row: where in the document, and the operation's ValidationError."""

    def __init__(self, location: Location, error: ValidationError):
        self.location = location
        self.error = error
        if hasattr(error, "message_dict"):
            self.reason = "; ".join(
                f"{field}: {' '.join(messages)}" for field, messages in error.message_dict.items()
            )
        else:
            self.reason = " ".join(error.messages)


def _written(location: Location, operation, **arguments):
    """Call a plan-editing operation; a refusal names the place in the document."""
    try:
        return operation(**arguments)
    except ValidationError as error:
        raise _Refused(location, error) from error


def _write_statuses(document: ExchangeDocument, by) -> None:
    """Status words Vplan lacks join the vocabulary, each recorded."""
    known = set(Status.objects.values_list("name", flat=True))
    for s, word in enumerate(document.statuses):
        if word.name in known:
            continue
        status = Status(name=word.name, category=word.category)
        try:
            status.full_clean()
        except ValidationError as error:
            raise _Refused(("statuses", s), error) from error
        status.save()
        known.add(word.name)
        record_change(
            obj=status,
            by=by,
            action=ChangeRecord.Action.CREATED,
            changes={"name": (None, status.name), "category": (None, status.category)},
        )


class _PlanWriter:
    """Writes one plan of the document: the rows in document order, so that they get their ids
    in the order the document lists them (an export reads back byte for byte)."""

    def __init__(self, *, entry: PlanEntry, at: Location, by) -> None:
        self.entry = entry
        self.at = at
        self.by = by
        self.moment: datetime.datetime | None = entry.created_at
        self.perspectives = {p.name: p for p in Perspective.objects.all()}

    def write(self) -> Plan:
        self.administration = self._administration()
        self.boards = self._boards()
        entry = self.entry
        self.plan = _written(
            self.at,
            create_plan,
            administration=self.administration,
            year=entry.year,
            boards=list(dict.fromkeys(self.boards.values())),
            state=entry.state,
            decided_on=entry.decided_on,
            revised_on=entry.revised_on,
            by=self.by,
            at=self.moment,
        )
        self._goals_and_assignments()
        self._activities()
        self._responsible_people()
        self._rounds()
        return self.plan

    def _administration(self) -> Administration:
        data = self.entry.administration
        found = Administration.objects.filter(short_code=data.short_code).first()
        if found is not None:
            return found
        administration = Administration(
            name=data.name, short_code=data.short_code, municipality=data.municipality
        )
        try:
            administration.full_clean()
        except ValidationError as error:
            raise _Refused((*self.at, "administration"), error) from error
        administration.save()
        record_change(
            obj=administration,
            by=self.by,
            action=ChangeRecord.Action.CREATED,
            changes={"name": (None, data.name), "short_code": (None, data.short_code)},
            at=self.moment,
        )
        return administration

    def _boards(self) -> dict[str, Board]:
        """The plan's boards by canonical code: found by code, or created (and recorded)."""
        boards = {}
        for b, data in enumerate(self.entry.boards):
            code = canonical_board_code(data.code)
            board = Board.objects.filter(code=code).first()
            if board is None:
                board = _written(
                    (*self.at, "boards", b),
                    create_board,
                    administration=self.administration,
                    display_code=data.code,
                    name=data.name,
                    by=self.by,
                )
            boards[code] = board
        return boards

    def _boards_of(self, codes: list[str]) -> list[Board]:
        return [self.boards[canonical_board_code(code)] for code in codes]

    def _goals_and_assignments(self) -> None:
        entry, at = self.entry, self.at
        self.goals = {
            goal.key: MunicipalGoal(
                plan=self.plan,
                perspective=self.perspectives[goal.perspective],
                title=goal.title,
                order=goal.order,
            )
            for goal in entry.municipal_goals
        }
        self.board_goals = {
            goal.key: BoardGoal(
                plan=self.plan,
                municipal_goal=self.goals.get(goal.municipal_goal),
                title=goal.title,
                description=goal.description,
                order=goal.order,
            )
            for goal in entry.board_goals
        }
        self.assignments = {
            item.key: Assignment(
                plan=self.plan,
                number=item.number,
                text=item.text,
                scope=item.scope,
                is_struck=item.is_struck,
                order=item.order,
            )
            for item in entry.assignments
        }
        try:
            create_goals_and_assignments(
                plan=self.plan,
                municipal_goals=list(self.goals.values()),
                board_goals=list(self.board_goals.values()),
                assignments=[
                    (self.assignments[item.key], self._boards_of(item.boards))
                    for item in entry.assignments
                ],
                by=self.by,
                as_recorded=True,
                at=self.moment,
            )
        except RowRefused as refused:
            raise _Refused((*at, refused.kind, refused.index), refused.error) from refused.error

    def _activities(self) -> None:
        """Every activity of the plan in bulk (create_activities), in document order but for a
        part listed before its activity (documents of other systems), which follows it."""
        entries = self.entry.activities
        earlier = {
            activity.uid: activity
            for activity in Activity.all_objects.select_related("plan").filter(
                uid__in=[a.carried_over_from for a in entries if a.carried_over_from]
            )
        }
        in_order: list[int] = []  # document positions, in the order of writing
        position: dict[uuid.UUID, int] = {}  # an activity's position in that order
        waiting_for_parent: dict[uuid.UUID, list[int]] = {}

        def place(a: int) -> None:
            position[entries[a].id] = len(in_order)
            in_order.append(a)
            for waiting in waiting_for_parent.pop(entries[a].id, []):
                place(waiting)

        for a, item in enumerate(entries):
            if item.parent and item.parent not in position:
                waiting_for_parent.setdefault(item.parent, []).append(a)
            else:
                place(a)
        new = [self._new_activity(entries[a], position, earlier) for a in in_order]
        try:
            created = create_activities(
                plan=self.plan, activities=new, by=self.by, as_recorded=True, at=self.moment
            )
        except RowRefused as refused:
            raise _Refused(
                (*self.at, "activities", in_order[refused.index]), refused.error
            ) from refused.error
        self.activities: dict[uuid.UUID, Activity] = {
            entries[a].id: activity for a, activity in zip(in_order, created, strict=True)
        }

    def _responsible_people(self) -> None:
        """The activities' responsible people, by user name: a user of this Vplan is linked; a
        name that is no user here (a restore into a new installation) is kept as written
        (`responsible_as_recorded`), so the plan exports as it was loaded. Recorded per
        activity."""
        entries = self.entry.activities
        named = {name for item in entries for name in item.responsible_people}
        if not named:
            return
        people = find_people(named)
        links, unknown = [], []
        for item in entries:
            chosen = list(dict.fromkeys(item.responsible_people))
            if not chosen:
                continue
            activity = self.activities[item.id]
            links.extend(
                Activity.responsible_people.through(activity=activity, user=people[name])
                for name in chosen
                if name in people
            )
            recorded = sorted(name for name in chosen if name not in people)
            if recorded:
                activity.responsible_as_recorded = recorded
                unknown.append(activity)
            record_change(
                obj=activity,
                by=self.by,
                action=ChangeRecord.Action.CHANGED,
                changes={"responsible_people": (None, ", ".join(sorted(chosen)))},
                at=self.moment,
            )
        Activity.responsible_people.through.objects.bulk_create(links, batch_size=500)
        Activity.all_objects.bulk_update(unknown, ["responsible_as_recorded"], batch_size=500)

    def _new_activity(self, item, position, earlier) -> NewActivity:
        return NewActivity(
            uid=item.id,
            text=item.text,
            boards=self._boards_of(item.boards),
            decided_end=item.decided_end or None,
            current_end=item.current_end or None,
            placements=[
                Place(
                    perspective=self.perspectives[place.perspective],
                    municipal_goal=self.goals.get(place.municipal_goal),
                    board_goal=self.board_goals.get(place.board_goal),
                    assignment=self.assignments.get(place.assignment),
                    order=place.order,
                )
                for place in item.placements
            ],
            parent=position[item.parent] if item.parent else None,
            carried_over_from=earlier.get(item.carried_over_from),
            carried_over_from_year=None if item.carried_over_from else item.carried_over_from_year,
            represents_assignment=item.represents_assignment,
            postponed_from_unknown_date=item.postponed_from_unknown_date,
            order=item.order,
            deleted_at=item.deleted_at,
        )

    def _rounds(self) -> None:
        statuses = {status.name: status for status in Status.objects.all()}
        authors = {report.author for round in self.entry.rounds for report in round.reports}
        users = {
            user.get_username(): user
            for user in get_user_model().objects.filter(
                **{f"{get_user_model().USERNAME_FIELD}__in": authors}
            )
        }
        reports: list[tuple] = []
        for r, data in enumerate(self.entry.rounds):
            round = FollowUpRound(
                plan=self.plan,
                label=data.label,
                as_of=data.as_of,
                reporting_deadline=data.reporting_deadline,
                state=data.state,
                introduction=data.introduction,
            )
            moment = data.created_at or self.moment
            if moment is not None:
                round.created_at = moment
            try:
                round.full_clean()
                check_round_dates(
                    plan=self.plan, as_of=data.as_of, reporting_deadline=data.reporting_deadline
                )
            except ValidationError as error:
                raise _Refused((*self.at, "rounds", r), error) from error
            round.save()
            record_change(
                obj=round,
                by=self.by,
                action=ChangeRecord.Action.CREATED,
                changes={
                    "label": (None, round.label),
                    "as_of": (None, round.as_of),
                    "state": (None, round.state),
                },
                at=moment,
            )
            reports.extend(
                (
                    self.activities[report.activity].pk,
                    round.pk,
                    report.version,
                    statuses[report.status].pk if report.status in statuses else None,
                    report.status_text,
                    report.comment,
                    users[report.author].pk if report.author in users else None,
                    "" if report.author in users else report.author,
                    report.created_at,
                    "",  # late_correction_reason: a loaded status is no late correction
                )
                for report in data.reports
            )
        insert_rows(StatusReport, _REPORT_FIELDS, reports)


_REPORT_FIELDS = (
    "activity",
    "round",
    "version",
    "status",
    "status_text",
    "comment",
    "author",
    "author_name",
    "created_at",
    "late_correction_reason",
)
# Fields whose values go to the database as they are (no conversion by the field).
_AS_IS = {
    "AutoField",
    "BigAutoField",
    "BooleanField",
    "CharField",
    "ForeignKey",
    "IntegerField",
    "PositiveIntegerField",
    "PositiveSmallIntegerField",
    "TextField",
}
INSERT_BATCH = 2_000


# The tables a load fills. A bulk load can multiply their size in a minute, before autovacuum
# has sampled them: until then PostgreSQL's planner guesses their sizes (a nested loop over
# 3,000 placements where a hash join was due: 94 ms against 45 ms for the entry grid's order).
LOADED_MODELS = (
    Plan,
    MunicipalGoal,
    BoardGoal,
    Assignment,
    Activity,
    Placement,
    FollowUpRound,
    StatusReport,
    ChangeRecord,
)


def refresh_planner_statistics() -> None:
    """ANALYZE the tables a load filled (PostgreSQL; SQLite plans without statistics)."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for model in LOADED_MODELS:
            cursor.execute("ANALYZE " + connection.ops.quote_name(model._meta.db_table))


def insert_rows(
    model: type[models.Model],
    fields: Sequence[str],
    rows: Iterable[tuple],
    *,
    batch_size: int = INSERT_BATCH,
) -> None:
    """INSERT rows of `model` (tuples of the values of `fields`, foreign keys as ids) with one
    executemany per batch: bulk_create without a model instance per row, for the append-only
    status reports (a hundred thousand in a big file). Values are prepared by their fields as
    bulk_create prepares them (a time zone-aware moment for SQLite, JSON ...); nothing is
    validated here: the document was."""
    columns = [model._meta.get_field(name) for name in fields]
    prepared = [
        (index, field)
        for index, field in enumerate(columns)
        if field.get_internal_type() not in _AS_IS
    ]
    quote = connection.ops.quote_name
    # Only the model's own table and column names, quoted, go into the statement; every value
    # is a parameter.
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # nosec B608
        quote(model._meta.db_table),
        ", ".join(quote(field.column) for field in columns),
        ", ".join(["%s"] * len(columns)),
    )
    rows = iter(rows)
    with connection.cursor() as cursor:
        while batch := list(itertools.islice(rows, batch_size)):
            if prepared:
                batch = [_prepare(row, prepared) for row in batch]
            cursor.executemany(sql, batch)


def _prepare(row: tuple, prepared: list) -> tuple:
    values = list(row)
    for index, field in prepared:
        values[index] = field.get_db_prep_save(values[index], connection)
    return tuple(values)
