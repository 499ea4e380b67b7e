"""The entry grid of a follow-up round: one row per activity, in the plan's reading order.

A round of a large plan has thousands of rows, so nothing here builds them all: the filters
(board, goal, mine, missing, text) run in the database and give the ids of the rows shown, the
reading order comes from one light query of the plan's placements, and rows are built only for
the page shown (`GridRows`: a lazy sequence that the page's `paging.page_of` and the API's
limit/offset pagination both slice). The counts of the whole round are one aggregate query.
The page and the API's entries both read `read_grid` (a published round: `read_published_grid`).
"""

import copy
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Count, Q, QuerySet
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from vplan.followups.models import FollowUpRound, Status, StatusReport
from vplan.followups.reporting import StatusConflict
from vplan.followups.starting_point import previous_reports
from vplan.kept import KeptFrozen
from vplan.organisation.permissions import editable_board_ids
from vplan.plans.models import Activity, Placement
from vplan.plans.outline import in_reading_order

if TYPE_CHECKING:
    from vplan.followups.forms import StatusReportForm


@dataclass(frozen=True)
class GridFilter:
    """Which rows of a round the grid shows; every field narrows (empty: no narrowing)."""

    board_id: int | None = None
    municipal_goal_id: int | None = None
    board_goal_id: int | None = None
    mine: bool = False
    missing: bool = False
    text: str = ""


@dataclass(frozen=True)
class GridCounts:
    """The whole round's figures, whatever the filters: rows, rows the user may report on,
    rows without a status."""

    rows: int
    editable: int
    missing: int


class StatusOptions:
    """The <option>s of the status select, rendered once for a page of rows: each row reuses
    the string with its own status selected (a handful of variants, cached)."""

    def __init__(self, statuses: list[Status]):
        self.statuses = statuses
        self._html: dict[int | None, SafeString] = {}

    def html(self, selected: int | None) -> SafeString:
        if selected not in self._html:
            empty = format_html(
                '<option value=""{}>{}</option>',
                " selected" if selected is None else "",
                _("Choose a status"),
            )
            options = format_html_join(
                "",
                '<option value="{}"{}>{}</option>',
                ((s.pk, " selected" if s.pk == selected else "", s.name) for s in self.statuses),
            )
            self._html[selected] = empty + options
        return self._html[selected]


@dataclass
class Row:
    """One row of the live grid. The page renders 50 of them, so what a row shows is made here,
    once, as plain text (labels, board codes, end date, version line) and the template reads it
    (Django's template language spends most of a row's time resolving variables and tags)."""

    activity: Activity
    report: StatusReport | None
    can_edit: bool
    is_part: bool = False
    form: "StatusReportForm | None" = None  # a save's bound form: what was sent, its errors
    conflict: StatusConflict | None = None
    saved: bool = False
    refusal: str = ""
    options: StatusOptions | None = field(default=None, repr=False)
    activity_url: str = ""  # set by the page (followups.views.link_rows)
    save_url: str = ""
    postpone_url: str = ""
    responsible_url: str = ""
    # The previous round's report, offered as a starting point where the row has none yet.
    previous: StatusReport | None = None

    def __getitem__(self, name: str):
        """The template language looks `row.x` up as `row["x"]` first and only then as an
        attribute, after an exception; answering the first way saves that exception on each
        of the ~40 variables of a row."""
        return getattr(self, name)

    @property
    def anchor(self) -> str:
        return f"activity-{self.activity.pk}"

    @property
    def form_id(self) -> str:
        return f"activity-{self.activity.pk}-form"

    @property
    def prefix(self) -> str:
        return f"a{self.activity.pk}"

    @property
    def state_class(self) -> str:
        if self.saved:
            return "is-saved"
        if self.conflict or self.refusal:
            return "is-conflict"
        if self.status_errors or self.comment_errors:
            return "has-error"
        return ""

    # The activity's text cut for its link, its controls' labels and its button (cut once
    # here: Django's truncatechars costs more than the rest of a row).
    @property
    def title(self) -> str:
        return shorten(self.activity.text, 220)

    @property
    def label_text(self) -> str:
        return shorten(self.activity.text, 60)

    @property
    def button_text(self) -> str:
        return shorten(self.activity.text, 40)

    @property
    def status_label(self) -> str:
        return _("Status of “%(text)s”") % {"text": self.label_text}

    @property
    def comment_label(self) -> str:
        return _("Comment on “%(text)s”") % {"text": self.label_text}

    @property
    def board_codes(self) -> str:
        return ", ".join(board.display_code for board in self.activity.boards.all())

    # The end date as includes/end_date.html shows it: an asterisk and, for screen readers,
    # where it moved from (`end_note`) when the end date was moved.
    @property
    def end(self):
        return self.activity.current_end

    @property
    def end_note(self) -> str:
        activity = self.activity
        if not activity.is_postponed:
            return ""
        if activity.decided_end and activity.decided_end != activity.current_end:
            return _("moved from %(date)s") % {"date": activity.decided_end}
        return _("postponed")

    # The current report's version line: "Version 2, <author>, <when>".
    @property
    def version_label(self) -> str:
        if self.report is None:
            return ""
        if self.report.kept_from_id and self.report.version == 1:
            return _("Kept from the previous round")
        return _("Version %(version)s") % {"version": self.report.version}

    @property
    def suggestion(self) -> StatusReport | None:
        """The previous round's status, offered to one who may report and has not yet."""
        if not self.can_edit or self.report is not None or self.form is not None:
            return None
        return self.previous if self.previous and self.previous.status_id else None

    @property
    def author(self) -> str:
        return self.report.author_display if self.report else ""

    @property
    def changed_at(self) -> str:
        if self.report is None:
            return ""
        return date_format(localtime(self.report.created_at), "DATETIME_FORMAT")

    @property
    def submitted(self) -> dict | None:
        """What the author sent (a refused save shows it, so nothing typed is lost)."""
        if self.form is None or not self.form.is_bound:
            return None
        value = str(self.form["status"].value() or "")
        status = self.form.statuses.get(int(value)) if value.isdigit() else None
        return {"status": status, "comment": self.form["comment"].value() or ""}

    @property
    def version(self) -> int:
        return self.report.version if self.report else 0

    # What the row's controls show: what was sent (a refused save), else the current report.
    @property
    def expected_version(self) -> int | str:
        if self.form is not None and self.form.is_bound:
            return self.form["expected_version"].value()
        return self.version

    @property
    def comment_value(self) -> str:
        if self.form is not None and self.form.is_bound:
            return self.form["comment"].value() or ""
        return self.report.comment if self.report else ""

    @property
    def status_options(self) -> SafeString:
        selected = self.report.status_id if self.report else None
        if self.form is not None and self.form.is_bound:
            value = str(self.form["status"].value() or "")
            selected = int(value) if value.isdigit() else None
        options = self.options or StatusOptions(offered_statuses(self.report))
        return options.html(selected)

    @property
    def status_errors(self) -> list[str]:
        return list(self.form.errors.get("status", [])) if self.form is not None else []

    @property
    def comment_errors(self) -> list[str]:
        return list(self.form.errors.get("comment", [])) if self.form is not None else []

    @property
    def non_field_errors(self) -> list[str]:
        return list(self.form.non_field_errors()) if self.form is not None else []


def shorten(text: str, length: int) -> str:
    """`text` cut to `length` characters, the last an ellipsis (as truncatechars cuts)."""
    return text if len(text) <= length else text[: length - 1] + "…"


def offered_statuses(report: StatusReport | None = None) -> list[Status]:
    """The statuses an author may choose: the active ones (and the row's own, if retired)."""
    statuses = list(Status.objects.active())
    if report is not None and report.status and report.status not in statuses:
        statuses.append(report.status)
    return statuses


def grid_activities(round: FollowUpRound) -> QuerySet[Activity]:
    """Every activity that is a row of the round's grid: the plan's live activities, parts of a
    live activity included. (The live parents as a list of the plan's ids, not a join: a join
    on `parent` reads every activity of every plan.)"""
    live = Activity.objects.filter(plan_id=round.plan_id).values("pk")
    return Activity.objects.filter(plan_id=round.plan_id).filter(
        Q(parent__isnull=True) | Q(parent_id__in=live)
    )


# The rows with a report in the round, and the rows of some boards, as `pk IN (...)`: the
# database reads the round's reports (or the boards' activities) once into a set, rather than
# looking each row up on its own.
def _reported(round: FollowUpRound) -> Q:
    return Q(pk__in=StatusReport.objects.filter(round_id=round.pk).values("activity_id"))


def _on_boards(board_ids) -> Q:
    through = Activity.boards.through.objects.filter(board_id__in=board_ids)
    return Q(pk__in=through.values("activity_id"))


NO_ROW = Q(pk__in=[])


def _editable(round: FollowUpRound, board_ids: set[int] | None) -> Q | None:
    """The condition for the rows the user may report on; None: every row, NO_ROW: none."""
    if not round.accepts_reports:
        return NO_ROW
    if board_ids is None:
        return None
    return _on_boards(sorted(board_ids))


def grid_counts(*, user, round: FollowUpRound) -> GridCounts:
    """The figures of the whole round in one aggregate query."""
    editable = _editable(round, editable_board_ids(user, round.plan.administration))
    figures = grid_activities(round).aggregate(
        rows=Count("pk"),
        missing=Count("pk", filter=~_reported(round)),
        **({"editable": Count("pk", filter=editable)} if editable not in (None, NO_ROW) else {}),
    )
    if editable is None:
        figures["editable"] = figures["rows"]
    elif editable is NO_ROW:
        figures["editable"] = 0
    return GridCounts(**figures)


def grid_condition(*, user, round: FollowUpRound, filters: GridFilter) -> Q | None:
    """The filters as one condition on the round's rows (None: every row; NO_ROW: none)."""
    conditions = []
    if filters.board_id is not None:
        conditions.append(_on_boards([filters.board_id]))
    for goal_field, goal_id in (
        ("municipal_goal_id", filters.municipal_goal_id),
        ("board_goal_id", filters.board_goal_id),
    ):
        if goal_id is not None:  # a part stands where its activity stands
            placed = Placement.objects.filter(**{goal_field: goal_id}).values("activity_id")
            conditions.append(Q(pk__in=placed) | Q(parent_id__in=placed))
    if filters.mine:
        editable = _editable(round, editable_board_ids(user, round.plan.administration))
        if editable is NO_ROW:
            return NO_ROW
        if editable is not None:
            conditions.append(editable)
    if filters.missing:
        conditions.append(~_reported(round))
    conditions += [Q(text__icontains=word) for word in filters.text.split()]
    if not conditions:
        return None
    condition = conditions[0]
    for more in conditions[1:]:
        condition &= more
    return condition


# Up to this many activities (the rows shown and their parts' activities), the reading order
# sorts only their places; more, and sorting every place of the plan costs as little as naming
# them. (Measured on PostgreSQL, a plan of 3,000: 1,200 or 1,900 named cost 25-35 % less than
# the whole plan, 2,700 as much.)
FEW_ANCHORS = 2000


def reading_order(round: FollowUpRound, *, condition: Q | None = None) -> list[int]:
    """The ids of the round's rows that meet `condition`, in the plan's reading order (as
    build_outline reads the plan): each activity where it first stands, activities not yet
    placed after them, each activity's parts right after it (a part that meets the condition
    stands there even when its activity does not). Two queries of plain ids: the database
    sorts the placements (plans.outline.in_reading_order, the plan page's order)."""
    shown = grid_activities(round)
    if condition is not None:
        shown = shown.filter(condition)
    top, parts = [], {}
    for activity_id, parent_id in shown.order_by("order", "pk").values_list("pk", "parent_id"):
        if parent_id is None:
            top.append(activity_id)
        else:
            parts.setdefault(parent_id, []).append(activity_id)
    if not top and not parts:
        return []
    places = Placement.objects.filter(
        activity__plan_id=round.plan_id,
        activity__parent__isnull=True,
        activity__deleted_at__isnull=True,
    )
    anchors = {*top, *parts}  # the activities whose places order the rows shown
    if len(anchors) <= FEW_ANCHORS:
        places = places.filter(activity_id__in=anchors)
    places = in_reading_order(places)
    placed = dict.fromkeys(places.values_list("activity_id", flat=True))  # first place wins
    shown_top = set(top)
    ordered = []
    for activity_id in [*placed, *(a for a in top if a not in placed)]:
        if activity_id in shown_top:
            ordered.append(activity_id)
        ordered += parts.pop(activity_id, ())
    for rest in parts.values():  # parts of an activity neither placed nor shown
        ordered += rest
    return ordered


class GridRows(Sequence):
    """The rows of a live round that pass the filters, in reading order; a row is built only
    when a slice of the sequence is read (a page), with a fixed number of queries per slice."""

    def __init__(self, *, user, round: FollowUpRound, ids: list[int]):
        self.user, self.round, self.ids = user, round, ids
        self._board_ids = editable_board_ids(user, round.plan.administration)

    def __len__(self) -> int:
        return len(self.ids)

    def position_of(self, activity_id: str | None) -> int | None:
        """Where the activity stands among the rows (`?activity=`: a link to one row), if it
        passed the filters."""
        if activity_id is None or not str(activity_id).isdigit():
            return None
        try:
            return self.ids.index(int(activity_id))
        except ValueError:
            return None

    def __getitem__(self, index):
        if isinstance(index, slice):
            return self.rows_of(self.ids[index])
        return self.rows_of([self.ids[index]])[0]

    def rows_of(self, ids: list[int]) -> list[Row]:
        if not ids:
            return []
        activities = Activity.objects.filter(pk__in=ids).prefetch_related("boards").in_bulk()
        reports = {
            report.activity_id: report
            for report in StatusReport.objects.in_round(self.round)
            .filter(activity_id__in=ids)
            .current()
            .with_details()
            .order_by()  # one per activity: no sort (the default one joins the plan)
        }
        unreported = [pk for pk in ids if pk not in reports]
        previous = previous_reports(self.round, unreported) if self.round.accepts_reports else {}
        statuses = list(Status.objects.active())
        retired = {r.status for r in reports.values() if r.status and not r.status.is_active}
        options = StatusOptions(statuses + sorted(retired, key=lambda s: (s.order, s.name)))
        rows = []
        for activity_id in ids:
            activity = activities[activity_id]
            activity.plan = self.round.plan
            rows.append(
                Row(
                    activity=activity,
                    report=reports.get(activity_id),
                    can_edit=self._can_edit(activity),
                    is_part=activity.parent_id is not None,
                    options=options,
                    previous=previous.get(activity_id),
                )
            )
        return rows

    def _can_edit(self, activity: Activity) -> bool:
        if not self.round.accepts_reports:
            return False
        if self._board_ids is None:
            return True
        return any(board.pk in self._board_ids for board in activity.boards.all())


class Mapped(Sequence):
    """A sequence read through `function` item by item, slices still lazy (the API reads
    GridRows as its schemas' objects)."""

    def __init__(self, items: Sequence, function):
        self.items, self.function = items, function

    def __len__(self) -> int:
        return len(self.items)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self.function(item) for item in self.items[index]]
        return self.function(self.items[index])


def read_grid(*, user, round: FollowUpRound, filters: GridFilter) -> GridRows:
    """The rows of a live round the user asked for (page them: `paging.page_of`, or the API's
    limit/offset); the round page and `GET /api/rounds/{id}/entries` both read this."""
    condition = grid_condition(user=user, round=round, filters=filters)
    ids = [] if condition is NO_ROW else reading_order(round, condition=condition)
    return GridRows(user=user, round=round, ids=ids)


@dataclass(frozen=True)
class PublishedGrid:
    """What the grid reads of a published round, taken once from its frozen report: the rows
    as published, the goals as published and which rows stand under each."""

    publication: object
    corrections: list
    rows: list
    municipal_goals: list[tuple[int, str]]  # (id, title as published)
    board_goal_titles: list[str]
    under_goal: dict[tuple[str, object], frozenset[int]]  # ("m", id) or ("b", title) -> ids

    @property
    def missing_count(self) -> int:
        return sum(1 for row in self.rows if not row.has_status)


def published_grid_of(published) -> PublishedGrid:
    """The grid's part of a reports.publication.PublishedRound."""
    municipal, board_goals, under = {}, {}, {}
    for perspective in published.report.perspectives:
        for section in perspective.sections:
            goal_id = section.anchor.rsplit("-goal-", 1)[-1]
            goal_key = ("m", int(goal_id)) if section.title and goal_id.isdigit() else None
            if goal_key is not None:
                municipal.setdefault(goal_key[1], section.title)
            for group in section.groups:
                group_key = ("b", group.board_goal_title) if group.board_goal_title else None
                if group_key is not None:
                    board_goals.setdefault(group.board_goal_title, None)
                for row in group.rows:
                    line = row.direct if row.is_assignment else row
                    if line is None:
                        continue
                    for key in (goal_key, group_key):
                        if key is not None:
                            under.setdefault(key, set()).add(line.activity_id)
    publication = copy.copy(published.publication)
    publication.reports = {}  # the frozen report itself: kept here it would weigh ~20 MB
    return PublishedGrid(
        publication=publication,
        corrections=published.report.corrections,
        rows=published.rows,
        municipal_goals=list(municipal.items()),
        board_goal_titles=list(board_goals),
        under_goal={key: frozenset(ids) for key, ids in under.items()},
    )


# A publication never changes, so what the grid reads of it is kept for the next request
# (decoding a large round's frozen report costs more than everything else on the page). The
# caller names it by publication (its id and time: a test database may give a rolled-back id
# again), language and whether names are shown.
KEPT_PUBLISHED_GRIDS = 4
_kept_grids: KeptFrozen[PublishedGrid] = KeptFrozen(KEPT_PUBLISHED_GRIDS)


def kept_published_grid(key: tuple, make) -> PublishedGrid:
    """The published grid named `key`, made by `make()` when it is not kept yet."""
    return _kept_grids.get(key, make)


def read_published_grid(
    *,
    grid: PublishedGrid,
    filters: GridFilter,
    board_code: str | None,
    board_goal_title: str | None,
) -> list:
    """The rows of a published round (exactly as published) that pass the filters, in the
    report's reading order. Nobody reports on a published round: "mine" keeps no row."""
    rows = grid.rows
    if filters.mine:
        return []
    if board_code is not None:
        rows = [row for row in rows if board_code in row.boards]
    for key in (
        ("m", filters.municipal_goal_id) if filters.municipal_goal_id is not None else None,
        ("b", board_goal_title) if board_goal_title is not None else None,
    ):
        if key is not None:
            ids = grid.under_goal.get(key, frozenset())
            rows = [row for row in rows if row.activity_id in ids or row.parent_id in ids]
    if filters.missing:
        rows = [row for row in rows if not row.has_status]
    if filters.text:
        words = [word.casefold() for word in filters.text.split()]
        rows = [row for row in rows if all(word in row.text.casefold() for word in words)]
    return rows
