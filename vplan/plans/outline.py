"""The plan as it is read: perspective -> municipal goal -> board goal / assignment -> activities.

Built in Python from activities whose placements are already prefetched
(`Activity.objects.with_plan_details()`), so it adds no queries however large the plan is.
An activity standing in several places appears in each of them and gets one footnote that
names all its places, as the printed plans do.
"""

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


# --- a long plan: its contents with counts, and its places in reading order ---------------


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
    rows,
    *,
    perspectives,
    goals: dict,
    board_goals: dict,
    categories: dict[int, str] | None,
    category_labels: list[tuple[str, str]],
) -> list[ContentsEntry]:
    """The contents of a plan: perspective -> municipal goal -> board goal, each with the number
    of activities standing there and their statuses.

    `rows`: (activity id, perspective id, municipal goal id, board goal id) of each placement;
    `categories`: each reported activity's status category (None: no round to count from)."""
    by_perspective: dict[int, ContentsEntry] = {}
    by_goal: dict[int, ContentsEntry] = {}
    by_board_goal: dict[tuple, ContentsEntry] = {}
    for activity_id, perspective_id, goal_id, board_goal_id in rows:
        if perspective_id not in by_perspective:
            by_perspective[perspective_id] = ContentsEntry(
                "perspective", perspective_id, perspectives[perspective_id].name
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

    entries = sorted(
        by_perspective.values(),
        key=lambda e: (perspectives[e.pk].order, e.pk),
    )
    for entry in entries:
        entry.children.sort(key=lambda e: (goals[e.pk].order, e.pk))
        for goal in entry.children:
            goal.children.sort(key=lambda e: (board_goals[e.pk].order, e.pk))
    for entry in _every_entry(entries):
        _count_statuses(entry.tally, categories, category_labels)
    return entries


def _every_entry(entries):
    for entry in entries:
        yield entry
        yield from _every_entry(entry.children)


def _count_statuses(tally: Tally, categories, category_labels) -> None:
    if categories is None:
        return
    found = [categories.get(pk) for pk in tally.activity_ids]
    tally.categories = [
        (label, found.count(value)) for value, label in category_labels if value in found
    ]
    tally.missing = found.count(None)


class PlaceRow(NamedTuple):
    """A placement as the plan's page reads it (values of one query)."""

    pk: int
    activity_id: int
    perspective_id: int
    municipal_goal_id: int | None
    board_goal_id: int | None
    assignment_id: int | None
    order: int
    activity_order: int


def reading_key(row: PlaceRow, *, perspectives, goals, board_goals, assignments) -> tuple:
    """The place's position in the plan as build_outline shows it (in_reading_order, in
    Python): perspective, municipal goal (none last), directly under the goal, then board
    goals, then assignments, then the place's own order."""
    perspective = perspectives[row.perspective_id]
    goal = goals.get(row.municipal_goal_id)
    goal_key = (1, 0, 0) if goal is None else (0, goal.order, goal.pk)
    if row.board_goal_id is not None:
        board_goal = board_goals.get(row.board_goal_id)
        group = (1, board_goal.order if board_goal else 0, row.board_goal_id, "", 0, 0, 0)
    elif row.assignment_id is not None:
        a = assignments.get(row.assignment_id)
        number = a.number if a is not None and a.number is not None else 10**6
        scope, order = (a.scope, a.order) if a is not None else ("", 0)
        group = (2, 0, 0, scope, number, order, row.assignment_id)
    else:
        group = (0, 0, 0, "", 0, 0, 0)
    return (
        perspective.order,
        perspective.pk,
        *goal_key,
        *group,
        row.order,
        row.activity_order,
        row.activity_id,
        row.pk,
    )


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
