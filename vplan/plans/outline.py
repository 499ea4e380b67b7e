"""The plan as it is read: perspective -> municipal goal -> board goal / assignment -> activities.

Built in Python from activities whose placements are already prefetched
(`Activity.objects.with_plan_details()`), so it adds no queries however large the plan is.
An activity standing in several places appears in each of them and gets one footnote that
names all its places, as the printed plans do.
"""

from dataclasses import dataclass, field

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


def build_outline(activities, *, perspective: Perspective | None = None) -> Outline:
    """Group activities (with prefetched placements) by where they stand in the plan."""
    perspectives: dict[int, PerspectiveSection] = {}
    goals: dict[tuple, GoalSection] = {}
    groups: dict[tuple, Group] = {}
    shown: list[tuple[Activity, list[Placement]]] = []
    for activity in activities:
        every_place = sorted(activity.placements.all(), key=_place_key)
        places = [
            p for p in every_place if perspective is None or p.perspective_id == perspective.pk
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
