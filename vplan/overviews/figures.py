"""The figures of the overview pages, counted in the database in a constant number of queries.

`load_rows` says which activities an overview looks at and in which rounds their statuses are
read (a `Selection`, lazy like a queryset); the functions below count it in SQL, each activity's
status joined from its current report (`seen_reports`), and read in Python only what is not
counted there:

- `status_table`: status categories per perspective, board, goal or assignment (two GROUP BYs);
- `done_share_by_year`: how much of each year's plan was done at its last follow-up (one);
- `chronic_activities`: carried over two or more times, or postponed two or more times: the
  activities in chains read as numbers and the chains followed in memory;
- `overdue_activities`: past their end date and not done: the end-date texts of the activities
  not done, each distinct end judged once.

The two lists are `RowList`s: their length and count per board are known at once, their rows
(text, boards, status) are read a slice at a time, so a page of 50 reads 50 rows.

A plan's status is the one at its latest follow-up round; a round's is that round's.
"""

import datetime
import functools
import operator
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models.functions import Cast, Coalesce
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from vplan.audit.models import ChangeRecord
from vplan.followups.access import readable_rounds
from vplan.followups.models import FollowUpRound, StatusCategory, StatusReport
from vplan.organisation import permissions
from vplan.plans.end_dates import EndDate, Kind
from vplan.plans.models import (
    Activity,
    Assignment,
    BoardGoal,
    MunicipalGoal,
    Perspective,
    Plan,
)

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
    """One activity of a page of an overview's list (Selection.read_rows). End dates are kept as
    their stored text and read when asked for."""

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


def seen_reports(rounds: list[FollowUpRound], *, user):
    """The status reports of `rounds` as `user` sees them, each activity's current one, as one
    queryset to join in SQL; None when `user` sees none of them. Members see the newest, the
    public the newest up to a reopened round's last publication (StatusReport.current_seen_by).
    "Newer" is looked for among the same rounds only, so the database never reads a report of
    another round (105,000 reports, 10 rounds: 25 ms instead of 53 ms on a busy machine)."""
    seen, everything = [], []
    for round in rounds:
        is_member = permissions.is_member(user, round.plan.administration)
        if round.shows_every_report_to(is_member=is_member):
            everything.append(round.pk)
        elif round.last_published_at is not None:
            seen.append(models.Q(round=round.pk, created_at__lte=round.last_published_at))
    if everything:
        seen.append(models.Q(round__in=everything))
    if not seen:
        return None
    visible = functools.reduce(operator.or_, seen)
    newer = StatusReport.objects.filter(
        visible,
        activity=models.OuterRef("activity"),
        round=models.OuterRef("round"),
        version__gt=models.OuterRef("version"),
    )
    return StatusReport.objects.filter(visible).exclude(models.Exists(newer)).order_by()


RAW_TEXT = models.CharField()

# The columns an ActivityRow is read from (Selection.read_rows).
ROW_COLUMNS = (
    "id",
    "plan_id",
    "plan__year",
    "text",
    "category",
    "decided_end_text",
    "current_end_text",
    "carried_over_from_id",
    "carried_over_from_year",
    "end_postponed",
    "parent_id",
)


@dataclass
class Selection:
    """The activities an overview looks at and the rounds their statuses are read in: lazy,
    like a queryset. The figures below count it in SQL; iterating it reads every row."""

    plans: list[Plan]
    rounds: list[FollowUpRound]
    user: object
    board: object = None

    def activities(self) -> models.QuerySet:
        """The live activities of the plans (of the board), unordered, without statuses."""
        activities = Activity.objects.filter(plan__in=self.plans)
        if self.board is not None:
            # a subquery, not a join: counting per board still sees each activity's every board
            of_board = Activity.boards.through.objects.filter(board=self.board)
            activities = activities.filter(pk__in=of_board.values("activity_id"))
        return activities.order_by()

    def with_category(self, activities: models.QuerySet | None = None) -> models.QuerySet:
        """`activities` (default: all of them) with `category`, the status category of each
        one's current report as the user sees it (NO_REPORT without one). A join, at most one
        report per activity: the rounds are one per plan."""
        activities = self.activities() if activities is None else activities
        reports = seen_reports(self.rounds, user=self.user)
        if reports is None:
            return activities.annotate(category=models.Value(NO_REPORT))
        in_rounds = models.Q(reports__round__in=[round.pk for round in self.rounds])
        current = models.Q(reports__in=models.Subquery(reports.values("pk")))
        return activities.annotate(
            seen_report=models.FilteredRelation("reports", condition=in_rounds & current),
            category=Coalesce("seen_report__status__category", models.Value(NO_REPORT)),
        )

    def done(self) -> models.Q:
        """The condition 'done': the activity's current report (as the user sees it) says done.
        Only the reports that say done are looked at (is each the current one?), not every
        report of the rounds as `with_category` must."""
        reports = seen_reports(self.rounds, user=self.user)
        if reports is None:
            return models.Q(pk__in=[])
        said_done = reports.filter(status__category=StatusCategory.DONE)
        return models.Q(pk__in=said_done.values("activity_id"))

    def read_rows(self, ids: list[int] | None = None) -> list[ActivityRow]:
        """The rows of `ids` in that order (default: every activity, in plan order) with their
        status and boards: two queries."""
        if ids is None:
            activities = self.activities().order_by("plan__year", "order", "pk")
        else:
            activities = Activity.objects.filter(pk__in=ids)
        values = (
            self.with_category(activities)
            .with_postponement()
            .annotate(
                decided_end_text=models.ExpressionWrapper(models.F("decided_end"), RAW_TEXT),
                current_end_text=models.ExpressionWrapper(models.F("current_end"), RAW_TEXT),
            )
            .values_list(*ROW_COLUMNS)
        )
        rows = {}
        for pk, plan_id, year, text, category, decided, current, *rest in values:
            from_id, from_year, postponed, parent_id = rest
            rows[pk] = ActivityRow(
                id=pk,
                plan_id=plan_id,
                year=year,
                text=text,
                category=category or NO_REPORT,
                decided_end_text=decided or "",
                current_end_text=current or "",
                carried_over_from_id=from_id,
                carried_over_from_year=from_year,
                is_postponed=postponed,
                parent_id=parent_id,
            )
        links = Activity.boards.through.objects.filter(activity_id__in=activities.values("pk"))
        for activity_id, code in links.order_by("board__display_code").values_list(
            "activity_id", "board__display_code"
        ):
            if activity_id in rows:
                rows[activity_id].boards.append(code)
        order = rows if ids is None else ids
        return [rows[pk] for pk in order if pk in rows]

    def __iter__(self):
        return iter(self.read_rows())


def load_rows(*, plans: list[Plan], user, round: FollowUpRound | None = None, board=None):
    """The live activities of `plans` (of `board`, if given), as a Selection to count.

    With `round`, statuses are that round's; otherwise each plan's latest round's that `user`
    may read, as `user` sees them. One query (the rounds); the figures read the rest.
    """
    plans = list(plans)
    rounds = [round] if round else list(latest_rounds(plans, user=user).values())
    return Selection(plans=plans, rounds=rounds, user=user, board=board)


class RowList:
    """A long list of activities whose length and count per board are known at once and whose
    rows are read a slice at a time: a page of 50 reads 50 rows (page_of and the API's
    limit/offset slice it); iterating it (a CSV) reads them all, a few thousand at a time."""

    def __init__(self, entries: list, *, read, per_board: list["BoardCount"]):
        self._entries = entries
        self._read = read
        self.per_board = per_board

    def __len__(self) -> int:
        return len(self._entries)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return self._read(self._entries[index])
        return self._read([self._entries[index]])[0]

    def __iter__(self):
        """Every row, read READ_AT_ONCE at a time (a query names each row it reads)."""
        for start in range(0, len(self._entries), READ_AT_ONCE):
            yield from self._read(self._entries[start : start + READ_AT_ONCE])


# How many rows of a RowList one query reads when the whole list is read (a CSV): well within
# the parameters a statement may have (SQLite: 32,766).
READ_AT_ONCE = 2000


# Per kind of place: the model a group is and how its label reads.
PLACE_MODELS = {
    "perspective": (Perspective, lambda place: place.name),
    "municipal_goal": (MunicipalGoal, lambda place: place.title),
    "board_goal": (BoardGoal, lambda place: place.title),
    "assignment": (Assignment, lambda place: _place_label(place.text, place.number)),
}


def _place_label(text: str, number) -> str:
    return f"{number}. {text[:120]}" if number is not None else text[:120]


def _with_place(rows: Selection, activities: models.QuerySet, kind: str) -> models.QuerySet:
    """`activities` with `place`: each place of `kind` it stands in (one row per place; None if
    none). A part without places of its own stands where its activity stands, if that activity
    is among `rows` (a part is in its activity's plan: live and of the board is what is left)."""
    places = {
        "own_place": models.FilteredRelation(
            "placements", condition=models.Q(**{f"placements__{kind}__isnull": False})
        ),
        "parents_place": models.FilteredRelation(
            "parent__placements",
            condition=models.Q(**{f"parent__placements__{kind}__isnull": False}),
        ),
    }
    # Whether a part has places of its own, as a join rather than EXISTS (which the planner
    # prices per row: JIT compilation would cost more than the query). Every place has a
    # perspective, so for perspectives the own places are all of them.
    if kind == "perspective":
        has_places = models.Q(own_place__isnull=False)
    else:
        places["any_place"] = models.FilteredRelation(
            "placements", condition=models.Q(placements__perspective__isnull=False)
        )
        has_places = models.Q(any_place__isnull=False)
    parent_counted = models.Q(parent__deleted_at__isnull=True)
    if rows.board is not None:
        parent_counted &= models.Exists(
            Activity.boards.through.objects.filter(
                activity=models.OuterRef("parent"), board=rows.board
            )
        )
    return activities.annotate(
        **places,
        place=models.Case(
            models.When(parent__isnull=True, then=models.F(f"own_place__{kind}")),
            models.When(has_places, then=models.F(f"own_place__{kind}")),
            models.When(parent_counted, then=models.F(f"parents_place__{kind}")),
            default=None,
            output_field=models.BigIntegerField(),
        ),
    )


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


def status_table(rows: Selection, *, by: str = "perspective") -> StatusTable:
    """Status categories per group; an activity standing in two groups counts in both.

    The total counts each activity once. Counted in the database: one GROUP BY for the total,
    one for the groups, one query for the groups' labels (none per board).
    """
    if by not in GROUPINGS:
        raise ValueError(f"by must be one of {', '.join(GROUPINGS)}")
    activities = rows.with_category()
    totals = activities.values_list("category").annotate(activities=models.Count("pk"))
    total = StatusGroup(label=_("All activities"), counts=Counter(dict(totals)))
    if by == "board":
        keyed = activities.values_list("boards__display_code", "category")
    else:
        keyed = _with_place(rows, activities, by).values_list("place", "category")
    counts: dict[object, Counter] = defaultdict(Counter)
    for key, category, count in keyed.annotate(n=models.Count("pk", distinct=True)):
        counts[key][category] += count
    groups = [StatusGroup(label=label, counts=counts[key]) for key, label in _labels(by, counts)]
    if None in counts:
        groups.append(StatusGroup(label=_no_group(by), counts=counts[None]))
    return StatusTable(by=by, groups=groups, total=total)


def _labels(by: str, counts: dict) -> list[tuple[object, str]]:
    """(key, label) of each group but the one of activities in none, in the groups' order:
    boards by code, places in their own order (perspectives', goals', assignments')."""
    keys = [key for key in counts if key is not None]
    if by == "board":
        return [(code, code) for code in sorted(keys)]
    model, label_of = PLACE_MODELS[by]
    return [(place.pk, label_of(place)) for place in model.objects.filter(pk__in=keys)]


def _no_group(by: str) -> str:
    if by == "board":
        return _("no board")
    return _("not under any %(grouping)s") % {"grouping": GROUPINGS[by]}


@dataclass(frozen=True)
class BoardCount:
    board: str
    count: int


def per_board(codes_of_each: list[list[str]]) -> list[BoardCount]:
    """How many of the activities (each given by its boards' codes) each board has (an activity
    of two boards counts in both; one of none under 'no board'), by code."""
    counts: Counter = Counter()
    for codes in codes_of_each:
        for code in codes or [_("no board")]:
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
    rows = load_rows(plans=plans, user=user, board=board)
    counts = (
        rows.activities()
        .values("plan__year")
        .annotate(total=models.Count("pk"), done=models.Count("pk", filter=rows.done()))
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


@functools.lru_cache(maxsize=65536)
def _overdue_key(current_text: str, decided_text: str, plan_year: int, today: datetime.date):
    """The sort key of an activity's end (the current one, the decided one if none) if it has
    gone by, else None: once per distinct end, plan year and day."""
    end = _end_date(current_text) or _end_date(decided_text)
    return end.sort_key(plan_year) if is_past(end, plan_year, today) else None


def overdue_activities(rows: Selection, *, today: datetime.date) -> RowList:
    """Activities past their (current) end date and not done, the longest overdue first.

    One query reads the activities not done as numbers and end-date texts (each distinct end
    judged once) with their boards' codes; the list's rows are read a page at a time."""
    not_done = rows.activities().exclude(rows.done())
    values = not_done.annotate(
        decided_end_text=models.ExpressionWrapper(models.F("decided_end"), RAW_TEXT),
        current_end_text=models.ExpressionWrapper(models.F("current_end"), RAW_TEXT),
    ).values_list(
        "pk", "plan__year", "current_end_text", "decided_end_text", "boards__display_code"
    )
    overdue: dict[int, tuple] = {}
    boards: dict[int, list[str]] = defaultdict(list)
    for pk, year, current, decided, code in values:
        if pk not in overdue:
            key = _overdue_key(current or "", decided or "", year, today)
            if key is None:
                continue
            overdue[pk] = (key, pk)
        if code is not None:
            boards[pk].append(code)
    ids = sorted(overdue, key=overdue.__getitem__)
    return RowList(ids, read=rows.read_rows, per_board=per_board([boards[pk] for pk in ids]))


@dataclass
class ChronicRow:
    row: ActivityRow
    times_carried_over: int
    times_postponed: int
    first_year: int


def _postponements(activities: models.QuerySet) -> Counter:
    """How often each of `activities`' current end date was moved after the plan was decided
    (recorded changes of the current end date alone: changing both is re-planning a draft),
    counted in the database."""
    keys = activities.annotate(key=Cast("pk", models.CharField())).values("key")
    records = (
        ChangeRecord.objects.filter(
            content_type=ContentType.objects.get_for_model(Activity),
            object_id__in=keys,
            action=ChangeRecord.Action.CHANGED,
            changes__has_key="current_end",
        )
        .exclude(changes__has_key="decided_end")
        .order_by()
        .values_list("object_id")
        .annotate(moves=models.Count("pk"))
    )
    return Counter({int(object_id): moves for object_id, moves in records})


@dataclass(slots=True)
class ChainLink:
    """An activity as a chain across years is followed: numbers only."""

    carried_over_from_id: int | None
    carried_over_from_year: int | None
    year: int
    is_postponed: bool
    boards: list[str]


def _chain_links(activities: models.QuerySet) -> dict[int, ChainLink]:
    """`activities` as ChainLinks, with their boards' codes: one query."""
    links: dict[int, ChainLink] = {}
    values = activities.with_postponement().values_list(
        "pk",
        "carried_over_from_id",
        "carried_over_from_year",
        "plan__year",
        "end_postponed",
        "boards__display_code",
    )
    for pk, from_id, from_year, year, postponed, code in values:
        link = links.get(pk)
        if link is None:
            link = links[pk] = ChainLink(from_id, from_year, year, postponed, [])
        if code is not None:
            link.boards.append(code)
    return links


def _in_chains(activities: models.QuerySet, moved: Counter, minimum: int) -> models.QuerySet:
    """Of `activities`, those that may be chronic or lead to one that is: links of a chain
    (carried over, or continued in a later year) and those moved `minimum` times on their own.
    An activity in no chain is carried over at most once (imported history) and postponed
    once unless its moves were recorded: with `minimum` 1 every activity may be."""
    if minimum <= 1:
        return activities
    continued = Activity.objects.filter(carried_over_from__isnull=False)
    return activities.filter(
        models.Q(carried_over_from__isnull=False)
        | models.Q(carried_over_from_year__isnull=False)
        | models.Q(pk__in=continued.values("carried_over_from"))
        | models.Q(pk__in=[pk for pk, moves in moved.items() if moves >= minimum])
    )


def _follow_chains(links: dict[int, ChainLink], moved: Counter) -> dict[int, tuple]:
    """For each link: (links before it in its chain, moves along the chain up to it, the chain's
    oldest link's id), each chain walked once however many of its links are asked for. A
    recorded move counts each time; a move seen only in the dates counts once."""
    followed: dict[int, tuple] = {}
    for start in links:
        path, pk = [], start
        while pk not in followed and pk in links and len(path) <= len(links):
            path.append(pk)
            pk = links[pk].carried_over_from_id
        before = followed.get(pk)
        for pk in reversed(path):
            moves = moved[pk] or int(links[pk].is_postponed)
            if before is None:
                before = followed[pk] = (0, moves, pk)
            else:
                before = followed[pk] = (before[0] + 1, before[1] + moves, before[2])
    return followed


def chronic_activities(
    rows: Selection,
    *,
    history: Selection,
    minimum: int = 2,
    newest_of_each_chain: bool = False,
) -> RowList:
    """Of `rows`, those carried over or postponed at least `minimum` times along their chain,
    the most often first; with `newest_of_each_chain`, a row a later year's activity continues
    is left out, so each chain is counted once.

    `history` holds every activity that may be in a chain (the administration's, all years):
    its links are read as numbers and followed in memory; one more query counts the end-date
    changes. The list's rows are read a page at a time.
    """
    moved = _postponements(history.activities())
    links = _chain_links(_in_chains(history.activities(), moved, minimum))
    if rows is history:
        ids = list(links)
    else:
        outside = rows.activities().exclude(plan__in=history.plans)
        links.update(_chain_links(_in_chains(outside, moved, minimum)))
        ids = [pk for pk in rows.activities().values_list("pk", flat=True) if pk in links]
    if newest_of_each_chain:
        continued = {link.carried_over_from_id for link in links.values()}
        ids = [pk for pk in ids if pk not in continued]
    followed = _follow_chains(links, moved)
    found = []
    for pk in ids:
        carried, postponed, oldest_id = followed[pk]
        oldest = links[oldest_id]
        if oldest.carried_over_from_year:
            carried += 1
        if carried >= minimum or postponed >= minimum:
            first_year = oldest.carried_over_from_year or oldest.year
            found.append((pk, carried, postponed, first_year))
    found.sort(key=lambda entry: (-max(entry[1], entry[2]), entry[0]))

    def read(entries) -> list[ChronicRow]:
        read_rows = {row.id: row for row in rows.read_rows([entry[0] for entry in entries])}
        return [ChronicRow(read_rows[pk], *numbers) for pk, *numbers in entries]

    return RowList(found, read=read, per_board=per_board([links[e[0]].boards for e in found]))


def chronic_list(
    *, user, plans: list[Plan], chosen: list[Plan], year: int | None, board=None
) -> RowList:
    """The chronic overview: of the activities of the `chosen` plans (of `board`), the chronic
    ones, their chains followed through every year of `plans`; without a `year`, each chain by
    its newest activity."""
    history = load_rows(user=user, plans=plans)
    if {p.pk for p in chosen} == {p.pk for p in plans} and board is None:
        rows = history
    else:
        rows = load_rows(user=user, plans=chosen, board=board)
    return chronic_activities(rows, history=history, newest_of_each_chain=not year)
