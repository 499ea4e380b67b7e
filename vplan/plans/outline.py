"""The plan as it is read: perspective -> municipal goal -> board goal / assignment -> activities.

Built in Python from activities whose placements are already prefetched
(`Activity.objects.with_plan_details()`), so it adds no queries however large the plan is.
An activity standing in several places appears in each of them and gets one footnote that
names all its places, as the printed plans do.
"""

from collections import Counter
from dataclasses import dataclass, field
from typing import NamedTuple

from django.db import models
from django.db.models.functions import Coalesce

from vplan.plans.models import (
    Activity,
    Assignment,
    BoardGoal,
    MunicipalGoal,
    Perspective,
    Placement,
)


@dataclass
class Entry:
    activity: Activity
    placement: Placement
    footnote: "Footnote | None" = None


@dataclass
class Group:
    """The activities under one board goal or assignment (both None: directly under the goal)."""

    board_goal: BoardGoal | None
    assignment: Assignment | None
    entries: list[Entry] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        if self.board_goal is not None:
            return f"board-goal-{self.board_goal.pk}"
        if self.assignment is not None:
            return f"assignment-{self.assignment.pk}"
        return ""

    def sort_key(self) -> tuple:
        if self.board_goal is not None:
            return (1, self.board_goal.order, self.board_goal.pk)
        if self.assignment is not None:
            a = self.assignment
            return (2, a.scope, a.number if a.number is not None else 10**6, a.order, a.pk)
        return (0,)


@dataclass
class GoalSection:
    municipal_goal: MunicipalGoal | None
    groups: list[Group] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return f"municipal-goal-{self.municipal_goal.pk}" if self.municipal_goal else ""

    def sort_key(self) -> tuple:
        goal = self.municipal_goal
        return (1, goal.order, goal.pk) if goal is not None else (2,)


@dataclass
class PerspectiveSection:
    perspective: Perspective
    goals: list[GoalSection] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return f"perspective-{self.perspective.pk}"


@dataclass
class Footnote:
    """'The activity stands in N places': the numbered note an activity in two places gets."""

    number: int
    activity: Activity
    places: list[Placement]


@dataclass
class Outline:
    perspectives: list[PerspectiveSection]
    footnotes: list[Footnote]

    def __bool__(self) -> bool:
        return bool(self.perspectives)


def describe_place(placement: Placement) -> str:
    """'Medborgare / En trygg kommun / Maximalt lärande', for a footnote."""
    parts = [placement.perspective.name]
    parts += [str(obj) for obj in (placement.municipal_goal, placement.board_goal) if obj]
    if placement.assignment is not None:
        parts.append(placement.assignment.label)
    return " / ".join(parts)


def _place_key(placement: Placement) -> tuple:
    return (placement.perspective.order, placement.order, placement.pk)


def build_outline(
    activities, *, perspective: Perspective | None = None, placement_ids: set[int] | None = None
) -> Outline:
    """Group activities (with prefetched placements) by where they stand in the plan; with
    `placement_ids`, only in those places (one page of a long plan)."""
    perspectives: dict[int, PerspectiveSection] = {}
    goals: dict[tuple, GoalSection] = {}
    groups: dict[tuple, Group] = {}
    shown: list[tuple[Activity, list[Placement]]] = []
    for activity in activities:
        every_place = sorted(activity.placements.all(), key=_place_key)
        places = [
            p
            for p in every_place
            if (perspective is None or p.perspective_id == perspective.pk)
            and (placement_ids is None or p.pk in placement_ids)
        ]
        if not places:
            continue
        shown.append((activity, every_place))  # the note names every place, shown or not
        for placement in places:
            section = perspectives.setdefault(
                placement.perspective_id, PerspectiveSection(placement.perspective)
            )
            goal_key = (placement.perspective_id, placement.municipal_goal_id)
            if goal_key not in goals:
                goals[goal_key] = GoalSection(placement.municipal_goal)
                section.goals.append(goals[goal_key])
            group_key = (*goal_key, placement.board_goal_id, placement.assignment_id)
            if placement.board_goal_id is not None:
                group_key = (*goal_key, placement.board_goal_id, None)
            if group_key not in groups:
                groups[group_key] = Group(
                    placement.board_goal,
                    None if placement.board_goal_id else placement.assignment,
                )
                goals[goal_key].groups.append(groups[group_key])
            groups[group_key].entries.append(Entry(activity, placement))

    ordered = sorted(perspectives.values(), key=lambda s: (s.perspective.order, s.perspective.pk))
    for section in ordered:
        section.goals.sort(key=GoalSection.sort_key)
        for goal in section.goals:
            goal.groups.sort(key=Group.sort_key)
            for group in goal.groups:
                group.entries.sort(
                    key=lambda e: (e.placement.order, e.activity.order, e.activity.pk)
                )
    footnotes = _number_footnotes(ordered, {a.pk: places for a, places in shown})
    return Outline(perspectives=ordered, footnotes=footnotes)


def _number_footnotes(sections, places_of: dict[int, list[Placement]]) -> list[Footnote]:
    """Number the activities that stand in several places, in reading order."""
    footnotes: dict[int, Footnote] = {}
    for section in sections:
        for goal in section.goals:
            for group in goal.groups:
                for entry in group.entries:
                    places = places_of[entry.activity.pk]
                    if len(places) < 2:
                        continue
                    if entry.activity.pk not in footnotes:
                        footnotes[entry.activity.pk] = Footnote(
                            len(footnotes) + 1, entry.activity, places
                        )
                    entry.footnote = footnotes[entry.activity.pk]
    return list(footnotes.values())


# --- a long plan: its places in reading order, and its contents with counts ----------------


class PlaceRow(NamedTuple):
    """A placement as a long plan's page and the API read it: values, not objects."""

    pk: int
    activity_id: int
    perspective_id: int
    municipal_goal_id: int | None
    board_goal_id: int | None
    assignment_id: int | None
    order: int
    activity_order: int


# PlaceRow's fields, as values_list() names them from a Placement queryset.
PLACE_FIELDS = (
    "pk",
    "activity_id",
    "perspective_id",
    "municipal_goal_id",
    "board_goal_id",
    "assignment_id",
    "order",
    "activity__order",
)


def read_places(placements) -> list[PlaceRow]:
    """The placements as PlaceRows, in no order (one query, no objects)."""
    return [PlaceRow(*row) for row in placements.values_list(*PLACE_FIELDS).order_by()]


@dataclass
class PlanParts:
    """The parts of a plan that places stand under, by id: its perspectives, municipal goals,
    board goals and assignments (read once; a plan has tens of them, not thousands)."""

    perspectives: dict[int, Perspective]
    goals: dict[int, MunicipalGoal]
    board_goals: dict[int, BoardGoal]
    assignments: dict[int, Assignment]

    @classmethod
    def of(cls, plan, *, goals=None, board_goals=None, assignments=None) -> "PlanParts":
        """The plan's parts (four small queries; pass what the caller has read already)."""
        return cls(
            perspectives={p.pk: p for p in Perspective.objects.all()},
            goals={g.pk: g for g in (plan.municipal_goals.all() if goals is None else goals)},
            board_goals={
                g.pk: g for g in (plan.board_goals.all() if board_goals is None else board_goals)
            },
            assignments={
                a.pk: a for a in (plan.assignments.all() if assignments is None else assignments)
            },
        )

    def fill_in(self, placement: Placement) -> None:
        """Give the placement its perspective, goals and assignment from these, not a query."""
        for name, known in (
            ("perspective", self.perspectives),
            ("municipal_goal", self.goals),
            ("board_goal", self.board_goals),
            ("assignment", self.assignments),
        ):
            pk = getattr(placement, f"{name}_id")
            if pk in known:  # else (None, or not this plan's) the field reads as it would
                setattr(placement, name, known[pk])

    def reading_key(self):
        """A sort key that puts PlaceRows in the order in_reading_order puts placements:
        perspective, municipal goal (none last), directly under the goal, then board goals,
        then assignments, then the place's own order. Each part's rank is worked out once,
        so the key is a few lookups however long the plan is."""
        unknown = 10**9  # a part of another plan: last (placements never point there)
        perspectives = _ranks(self.perspectives.values(), lambda p: (p.order, p.pk))
        goals = _ranks(self.goals.values(), lambda g: (g.order, g.pk))
        board_goals = _ranks(self.board_goals.values(), lambda g: (g.order, g.pk))
        assignments = _ranks(
            self.assignments.values(),
            lambda a: (a.scope, a.number if a.number is not None else 10**6, a.order, a.pk),
        )

        def locate(perspective_id, goal_id, board_goal_id, assignment_id) -> tuple:
            if board_goal_id is not None:
                group = (1, board_goals.get(board_goal_id, unknown))
            elif assignment_id is not None:
                group = (2, assignments.get(assignment_id, unknown))
            else:
                group = (0, 0)
            goal = (1, 0) if goal_id is None else (0, goals.get(goal_id, unknown))
            return (perspectives.get(perspective_id, unknown), *goal, *group)

        located: dict[tuple, tuple] = {}  # a plan has a few hundred places, not thousands

        def key(place: PlaceRow) -> tuple:
            where = place[2:6]  # perspective, municipal goal, board goal, assignment
            if where not in located:
                located[where] = locate(*where)
            return (located[where], place.order, place.activity_order, place.activity_id, place.pk)

        return key


def _ranks(parts, sort_key) -> dict[int, int]:
    return {part.pk: rank for rank, part in enumerate(sorted(parts, key=sort_key))}


@dataclass
class Tally:
    """How many activities stand in one part of the plan, and their statuses."""

    activity_ids: set[int] = field(default_factory=set)
    categories: list[tuple[str, int]] = field(default_factory=list)  # (label, count), non-zero
    missing: int = 0

    @property
    def total(self) -> int:
        return len(self.activity_ids)


@dataclass
class ContentsEntry:
    """A perspective, municipal goal or board goal in the plan's contents, with its link."""

    parameter: str  # "perspective", "goal" or "board_goal": the URL parameter that shows it
    pk: int
    title: str
    tally: Tally = field(default_factory=Tally)
    children: list["ContentsEntry"] = field(default_factory=list)
    url: str = ""
    is_current: bool = False


def build_contents(
    places: list[PlaceRow],
    *,
    parts: PlanParts,
    categories: dict[int, str | None] | None,
    category_labels: list[tuple[str, str]],
) -> list[ContentsEntry]:
    """The contents of a plan: perspective -> municipal goal -> board goal, each with the number
    of activities standing there and their statuses.

    `places`: where the activities stand; `categories`: each activity's status category
    (None: no status; the whole argument None: no round to count statuses from)."""
    by_perspective: dict[int, ContentsEntry] = {}
    by_goal: dict[int, ContentsEntry] = {}
    by_board_goal: dict[tuple, ContentsEntry] = {}
    goals, board_goals = parts.goals, parts.board_goals
    for place in places:
        activity_id, perspective_id = place.activity_id, place.perspective_id
        goal_id, board_goal_id = place.municipal_goal_id, place.board_goal_id
        if perspective_id not in by_perspective:
            by_perspective[perspective_id] = ContentsEntry(
                "perspective", perspective_id, parts.perspectives[perspective_id].name
            )
        by_perspective[perspective_id].tally.activity_ids.add(activity_id)
        if goal_id is None or goal_id not in goals:
            continue
        if goal_id not in by_goal:
            by_goal[goal_id] = ContentsEntry("goal", goal_id, goals[goal_id].title)
            by_perspective[perspective_id].children.append(by_goal[goal_id])
        by_goal[goal_id].tally.activity_ids.add(activity_id)
        if board_goal_id is None or board_goal_id not in board_goals:
            continue
        key = (goal_id, board_goal_id)
        if key not in by_board_goal:
            by_board_goal[key] = ContentsEntry(
                "board_goal", board_goal_id, board_goals[board_goal_id].title
            )
            by_goal[goal_id].children.append(by_board_goal[key])
        by_board_goal[key].tally.activity_ids.add(activity_id)

    entries = sorted(by_perspective.values(), key=lambda e: (parts.perspectives[e.pk].order, e.pk))
    for entry in entries:
        entry.children.sort(key=lambda e: (goals[e.pk].order, e.pk))
        for goal in entry.children:
            goal.children.sort(key=lambda e: (board_goals[e.pk].order, e.pk))
    if categories is not None:
        for entry in _every_entry(entries):
            _count_statuses(entry.tally, categories, category_labels)
    return entries


def _every_entry(entries):
    for entry in entries:
        yield entry
        yield from _every_entry(entry.children)


def _count_statuses(tally: Tally, categories: dict, category_labels) -> None:
    found = Counter(categories.get(pk) for pk in tally.activity_ids)
    tally.categories = [(label, found[value]) for value, label in category_labels if found[value]]
    tally.missing = found[None]


def in_reading_order(placements):
    """Placements ordered as build_outline shows them: perspective, municipal goal (none last),
    directly under the goal, then board goals, then assignments, then each place's order.
    Paging a long plan pages this order, so each page continues where the last one ended."""
    in_assignment = models.Q(board_goal__isnull=True, assignment__isnull=False)
    return placements.order_by(
        "perspective__order",
        "perspective_id",
        models.Case(models.When(municipal_goal__isnull=True, then=1), default=0),
        "municipal_goal__order",
        "municipal_goal_id",
        models.Case(
            models.When(board_goal__isnull=False, then=1),
            models.When(assignment__isnull=False, then=2),
            default=0,
        ),
        "board_goal__order",
        "board_goal_id",
        models.Case(models.When(in_assignment, then="assignment__scope")),
        models.Case(
            models.When(in_assignment, then=Coalesce("assignment__number", models.Value(10**6))),
        ),
        models.Case(models.When(in_assignment, then="assignment__order")),
        models.Case(models.When(in_assignment, then="assignment_id")),
        "order",
        "activity__order",
        "activity_id",
        "pk",
    )
