"""The figures of the overview pages, computed in a constant number of queries.

`load_rows` reads the activities of the chosen plans once (with their boards, places and status
category), and the functions below count over those rows in Python:

- `status_table`: status categories per perspective, board, goal or assignment;
- `done_share_by_year`: how much of each year's plan was done at its last follow-up;
- `chronic_activities`: carried over two or more times, or postponed two or more times;
- `overdue_activities`: past their end date and not done.

A plan's status is the one at its latest follow-up round; a round's is that round's.
"""

import datetime
import functools
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from vplan.audit.models import ChangeRecord
from vplan.followups.access import readable_rounds
from vplan.followups.models import FollowUpRound, StatusCategory, StatusReport
from vplan.organisation import permissions
from vplan.plans.end_dates import EndDate, Kind
from vplan.plans.models import Activity, Placement, Plan

NO_REPORT = "none"
CATEGORIES = [
    StatusCategory.DONE,
    StatusCategory.ONGOING,
    StatusCategory.NOT_STARTED,
    StatusCategory.STOPPED,
    NO_REPORT,
]
CATEGORY_LABELS = {
    **{category.value: category.label for category in StatusCategory},
    NO_REPORT: gettext_lazy("no status"),
}
GROUPINGS = {
    "perspective": gettext_lazy("perspective"),
    "board": gettext_lazy("board"),
    "municipal_goal": gettext_lazy("municipal goal"),
    "board_goal": gettext_lazy("board goal"),
    "assignment": gettext_lazy("strategic assignment"),
}


@functools.lru_cache(maxsize=4096)
def _end_date(text: str) -> EndDate | None:
    """An end date read from its stored text, once per distinct text (a plan writes a few
    dozen: "December", "Tertial 2", "2024-06-30" ...; EndDate is immutable)."""
    return EndDate(text) if text else None


@dataclass(slots=True)
class ActivityRow:
    """One activity as the overviews count it. End dates are kept as their stored text and read
    when asked for (most pages count without them)."""

    id: int
    plan_id: int
    year: int
    text: str
    category: str
    decided_end_text: str
    current_end_text: str
    carried_over_from_id: int | None
    carried_over_from_year: int | None
    is_postponed: bool = False  # Activity.is_postponed, read with the row
    parent_id: int | None = None
    boards: list[str] = field(default_factory=list)
    places: dict[str, list[tuple[int, str]]] | None = None

    @property
    def decided_end(self) -> EndDate | None:
        return _end_date(self.decided_end_text)

    @property
    def current_end(self) -> EndDate | None:
        return _end_date(self.current_end_text)

    @property
    def end(self) -> EndDate | None:
        return self.current_end or self.decided_end

    @property
    def is_done(self) -> bool:
        return self.category == StatusCategory.DONE

    @property
    def category_label(self) -> str:
        return str(CATEGORY_LABELS[self.category])


def latest_rounds(plans: list[Plan], *, user) -> dict[int, FollowUpRound]:
    """Each plan's latest follow-up round (by date) that `user` may read, in one query."""
    readable = readable_rounds(user).filter(plan__in=plans)
    return {round.plan_id: round for round in readable.latest_of_each_plan()}


def seen_reports(rounds: list[FollowUpRound], *, user) -> list:
    """The status reports of `rounds` as `user` sees them, each activity's current one: members
    the newest, the public the newest up to a reopened round's last publication
    (StatusReport.current_seen_by). Querysets without ordering, to count or read in SQL."""
    everything, published_part = [], []
    for round in rounds:
        is_member = permissions.is_member(user, round.plan.administration)
        if round.shows_every_report_to(is_member=is_member):
            everything.append(round)
        else:
            published_part.append(round)
    reports = [StatusReport.objects.filter(round__in=everything).current()]
    reports += [StatusReport.objects.current_seen_by(r, is_member=False) for r in published_part]
    return [queryset.order_by() for queryset in reports]


def seen_categories(rounds: list[FollowUpRound], *, user) -> dict[int, str]:
    """Each activity's status category in `rounds` as `user` sees it (seen_reports)."""
    categories = {}
    for queryset in seen_reports(rounds, user=user):
        categories.update(queryset.category_of_each_activity())
    return categories


RAW_TEXT = models.CharField()


def load_rows(
    *,
    plans: list[Plan],
    user,
    round: FollowUpRound | None = None,
    board=None,
    with_boards: bool = True,
    with_places: bool | str = True,
) -> list[ActivityRow]:
    """The live activities of `plans` (of `board`, if given) with status, boards and places.

    With `round`, statuses are that round's; otherwise each plan's latest round's that `user`
    may read, as `user` sees them. A part of an activity without places of its own counts where
    its activity stands. Five queries (one more per reopened round read by the public); a page
    that counts without boards or places leaves out their query (`with_boards`, `with_places`;
    `with_places` may name the one kind of place a page groups by, e.g. "assignment").
    """
    plans = list(plans)
    rounds = [round] if round else list(latest_rounds(plans, user=user).values())
    categories = seen_categories(rounds, user=user)
    activities = (
        Activity.objects.filter(plan__in=plans)
        .with_postponement()
        .annotate(
            decided_end_text=models.ExpressionWrapper(models.F("decided_end"), RAW_TEXT),
            current_end_text=models.ExpressionWrapper(models.F("current_end"), RAW_TEXT),
        )
        .order_by("plan__year", "order", "pk")
    )
    if board is not None:
        activities = activities.filter(boards=board).distinct()
    rows = {
        values[0]: ActivityRow(
            id=values[0],
            plan_id=values[1],
            year=values[2],
            text=values[3],
            category=categories.get(values[0]) or NO_REPORT,
            decided_end_text=values[4] or "",
            current_end_text=values[5] or "",
            carried_over_from_id=values[6],
            carried_over_from_year=values[7],
            is_postponed=values[8],
            parent_id=values[9],
        )
        for values in activities.values_list(
            "id",
            "plan_id",
            "plan__year",
            "text",
            "decided_end_text",
            "current_end_text",
            "carried_over_from_id",
            "carried_over_from_year",
            "end_postponed",
            "parent_id",
        )
    }
    if with_boards:
        board_links = Activity.boards.through.objects.filter(activity__plan__in=plans)
        for activity_id, code in board_links.order_by("board__display_code").values_list(
            "activity_id", "board__display_code"
        ):
            row = rows.get(activity_id)
            if row is not None:
                row.boards.append(code)
    if with_places:
        kinds = list(PLACE_COLUMNS) if with_places is True else [with_places]
        _read_places(rows, plans, kinds)
    return list(rows.values())


# Per kind of place: the columns of a placement that name the place, and how its label reads.
PLACE_COLUMNS = {
    "perspective": ("perspective_id", "perspective__name", None),
    "municipal_goal": ("municipal_goal_id", "municipal_goal__title", None),
    "board_goal": ("board_goal_id", "board_goal__title", None),
    "assignment": ("assignment_id", "assignment__text", "assignment__number"),
}


def _place_label(kind: str, label: str, number) -> str:
    if kind != "assignment":
        return label
    return f"{number}. {label[:120]}" if number is not None else label[:120]


def _read_places(rows: dict[int, ActivityRow], plans: list[Plan], kinds: list[str]) -> None:
    """Each row's places of `kinds` (perspective, goals, assignment); a part without places of
    its own stands where its activity stands. One query, of the columns those kinds need."""
    columns = [column for kind in kinds for column in PLACE_COLUMNS[kind] if column is not None]
    placements = Placement.objects.filter(activity__plan__in=plans).order_by(
        "perspective__order", "order", "pk"
    )
    for values in placements.values_list("activity_id", *columns):
        row = rows.get(values[0])
        if row is None:
            continue
        if row.places is None:
            row.places = defaultdict(list)
        index = 1
        for kind in kinds:
            number_column = PLACE_COLUMNS[kind][2]
            key, label = values[index], values[index + 1]
            number = values[index + 2] if number_column else None
            index += 3 if number_column else 2
            if key:
                row.places[kind].append((key, _place_label(kind, label, number)))
    for row in rows.values():  # a part without places of its own stands where its activity does
        parent = rows.get(row.parent_id)
        if row.places is None and parent is not None:
            row.places = parent.places


@dataclass
class StatusGroup:
    label: str
    counts: Counter

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def count(self, category: str) -> int:
        return self.counts.get(category, 0)

    @property
    def cells(self) -> list[int]:
        """The counts in the order of CATEGORIES, for tables."""
        return [self.count(category) for category in CATEGORIES]


@dataclass
class StatusTable:
    by: str
    groups: list[StatusGroup]
    total: StatusGroup


def _groups_of(row: ActivityRow, by: str) -> list[tuple[object, str]]:
    if by == "board":
        return [(code, code) for code in row.boards] or [("", _("no board"))]
    places = (row.places or {}).get(by, [])
    if not places:
        return [("", _("not under any %(grouping)s") % {"grouping": GROUPINGS[by]})]
    seen, groups = set(), []
    for key, label in places:
        if key not in seen:
            seen.add(key)
            groups.append((key, label))
    return groups


def status_table(rows: list[ActivityRow], *, by: str = "perspective") -> StatusTable:
    """Status categories per group; an activity standing in two groups counts in both.

    The total counts each activity once.
    """
    if by not in GROUPINGS:
        raise ValueError(f"by must be one of {', '.join(GROUPINGS)}")
    groups: dict[object, StatusGroup] = {}
    total = StatusGroup(label=_("All activities"), counts=Counter())
    for row in rows:
        total.counts[row.category] += 1
        for key, label in _groups_of(row, by):
            group = groups.setdefault(key, StatusGroup(label=label, counts=Counter()))
            group.counts[row.category] += 1
    ordered = [group for key, group in groups.items() if key != ""]
    ordered += [group for key, group in groups.items() if key == ""]
    return StatusTable(by=by, groups=ordered, total=total)


@dataclass(frozen=True)
class BoardCount:
    board: str
    count: int


def per_board(rows: list[ActivityRow]) -> list[BoardCount]:
    """How many of `rows` each board has (an activity of two boards counts in both), by code."""
    counts: Counter = Counter()
    for row in rows:
        for code in row.boards or [_("no board")]:
            counts[code] += 1
    return [BoardCount(code, count) for code, count in sorted(counts.items())]


@dataclass
class YearShare:
    year: int
    done: int
    total: int

    @property
    def share(self) -> float:
        return self.done / self.total if self.total else 0.0

    @property
    def percent(self) -> int:
        return round(self.share * 100)


def done_share_by_year(*, plans: list[Plan], user, board=None) -> list[YearShare]:
    """Per plan year: activities done at the plan's latest follow-up that `user` may read (as
    load_rows counts them), out of all its activities; counted in one query."""
    plans = list(plans)
    rounds = list(latest_rounds(plans, user=user).values())
    done = models.Q(pk__in=[])
    for reports in seen_reports(rounds, user=user):
        done |= models.Q(
            pk__in=reports.filter(status__category=StatusCategory.DONE).values("activity_id")
        )
    activities = Activity.objects.filter(plan__in=plans)
    if board is not None:
        activities = activities.filter(boards=board)
    counts = (
        activities.order_by()
        .values("plan__year")
        .annotate(
            total=models.Count("pk", distinct=True),
            done=models.Count("pk", distinct=True, filter=done),
        )
        .order_by("plan__year")
    )
    return [YearShare(year=c["plan__year"], done=c["done"], total=c["total"]) for c in counts]


@functools.lru_cache(maxsize=65536)
def is_past(end: EndDate | None, plan_year: int, today: datetime.date) -> bool:
    """Has the end date gone by? A month ends with its last day; a year-end report with December."""
    if not end:
        return False
    key = end.sort_key(plan_year)
    year, month = key[0], key[1]
    if end.kind == Kind.DATE:
        return datetime.date(year, month, int(key[2])) < today
    return (year, min(month, 12)) < (today.year, today.month)


def overdue_activities(rows: list[ActivityRow], *, today: datetime.date) -> list[ActivityRow]:
    """Activities past their (current) end date and not done, the longest overdue first."""
    overdue = [row for row in rows if not row.is_done and is_past(row.end, row.year, today)]
    return sorted(overdue, key=lambda row: (row.end.sort_key(row.year), row.id))


@dataclass
class ChronicRow:
    row: ActivityRow
    times_carried_over: int
    times_postponed: int
    first_year: int


def _postponements(activity_ids: list[int]) -> Counter:
    """How often each activity's current end date was moved after the plan was decided."""
    activity_type = ContentType.objects.get_for_model(Activity)
    records = ChangeRecord.objects.filter(
        content_type=activity_type,
        object_id__in=[str(pk) for pk in activity_ids],
        action=ChangeRecord.Action.CHANGED,
        changes__has_key="current_end",
    ).values_list("object_id", "changes")
    moved = Counter()
    for object_id, changes in records:
        if "decided_end" not in changes:  # changing both is re-planning a draft, not postponing
            moved[int(object_id)] += 1
    return moved


def newest_of_each_chain(
    rows: list[ActivityRow], *, history: list[ActivityRow]
) -> list[ActivityRow]:
    """Drop the rows a later year's activity continues, so each chain is counted once."""
    continued = {row.carried_over_from_id for row in history}
    return [row for row in rows if row.id not in continued]


def chronic_rows(
    *, user, plans: list[Plan], chosen: list[Plan], year: int | None, board=None
) -> tuple[list[ActivityRow], list[ActivityRow]]:
    """The history every chain is followed in (the activities of `plans`, every year) and the
    rows the chronic overview looks at: those of the `chosen` plans (of `board`), or without a
    `year` the newest activity of each chain. The history is read once when it is the rows."""
    history = load_rows(user=user, plans=plans, with_places=False)
    if year is None and board is None and {p.pk for p in chosen} == {p.pk for p in plans}:
        rows = history
    else:
        rows = load_rows(user=user, plans=chosen, board=board, with_places=False)
    if not year:
        rows = newest_of_each_chain(rows, history=history)
    return history, rows


def chronic_activities(
    rows: list[ActivityRow], *, history: list[ActivityRow], minimum: int = 2
) -> list[ChronicRow]:
    """Of `rows`, those carried over or postponed at least `minimum` times along their chain.

    `history` holds every activity that may be in a chain (the administration's, all years), so
    the chain is followed in memory; one more query reads the end-date changes.
    """
    by_id = {row.id: row for row in history}
    for row in rows:
        by_id.setdefault(row.id, row)
    moved = _postponements(list(by_id))
    chronic = []
    for row in rows:
        chain = [row]
        while chain[-1].carried_over_from_id in by_id and len(chain) <= len(by_id):
            chain.append(by_id[chain[-1].carried_over_from_id])
        oldest = chain[-1]
        carried = len(chain) - 1 + (1 if oldest.carried_over_from_year else 0)
        postponed = 0
        for link in chain:
            # a recorded move counts each time; a move seen only in the dates counts once
            postponed += moved[link.id] or int(link.is_postponed)
        if carried >= minimum or postponed >= minimum:
            first_year = oldest.carried_over_from_year or oldest.year
            chronic.append(ChronicRow(row, carried, postponed, first_year))
    return sorted(chronic, key=lambda c: (-max(c.times_carried_over, c.times_postponed), c.row.id))
