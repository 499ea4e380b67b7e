"""A plan as one tree: perspective -> municipal goal -> board goal / assignment -> activities.

An activity standing in two places appears in both (same id, one activity). Parts are nested
under their activity. A fixed number of queries, whatever the plan's size.
"""

from collections import defaultdict

from django.db.models import Q

from vplan.api.schemas.common import Extended
from vplan.followups.models import FollowUpRound, StatusReport
from vplan.organisation.models import Board
from vplan.plans.models import Activity, Placement, Plan
from vplan.plans.outline import PlanParts, read_places

BOARD_GOAL = "board_goal"
ASSIGNMENT = "assignment"


def read_plan_tree(
    *,
    plan: Plan,
    is_member: bool,
    chosen_round: FollowUpRound | None = None,
    board: Board | None = None,
    goal: int | None = None,
    limit: int = 100,
    offset: int = 0,
) -> dict:
    """What schemas.plans.PlanTreeOut reads: the plan, `chosen_round`, the perspectives with
    what stands under them, the plan's assignments and board goals.

    Every goal and assignment with something placed under it is in the tree; the activities
    are paged: the `limit` places from `offset` on, in the plan's reading order (the plan
    page's: vplan.plans.outline.in_reading_order, here PlanParts.reading_key), only under the
    municipal goal `goal` if given. `entry_count` says how many places there are in all.

    `is_member` (permissions.is_member): the reader sees statuses not yet published. Like the
    plan page, the tree names nobody (it never calls schemas.reporting.show_authors): who
    reported is on the activity and the round."""
    municipal_goals = list(plan.municipal_goals.select_related("perspective"))
    board_goals = list(plan.board_goals.all())
    assignments = list(plan.assignments.prefetch_related("boards"))
    plan_parts = PlanParts.of(
        plan, goals=municipal_goals, board_goals=board_goals, assignments=assignments
    )
    if goal is not None:
        municipal_goals = [g for g in municipal_goals if g.pk == goal]
    activities = Activity.objects.in_plan(plan)
    if board is not None:
        activities = activities.for_board(board)
    placements = Placement.objects.filter(activity__in=activities)
    if goal is not None:
        placements = placements.filter(municipal_goal_id=goal)
    activities_counted = activities.count()
    # Every place in one query of values, put in the plan page's order here (the ranks of the
    # plan's few parts), rather than a COUNT, a DISTINCT and an ordered slice joining every goal.
    places = sorted(read_places(placements), key=plan_parts.reading_key())
    occupied = {_place_key(*where) for where in {place[2:6] for place in places}}
    window = places[offset : offset + limit]
    shown_ids = {place.activity_id for place in window}
    # The page's activities, their parts and the parts' parts (with the board filter).
    parts_of_shown = Activity.all_objects.filter(parent_id__in=shown_ids).values("pk")
    activities = list(
        activities.filter(
            Q(pk__in=shown_ids) | Q(parent_id__in=shown_ids) | Q(parent_id__in=parts_of_shown)
        )
        .select_related("carried_over_from__plan")
        .prefetch_related("boards")
    )
    reports = {}
    if chosen_round is not None:
        current = StatusReport.objects.current_seen_by(chosen_round, is_member=is_member)
        current = current.with_details().filter(activity__in=[a.pk for a in activities])
        reports = {report.activity_id: report for report in current.order_by()}

    by_id = {activity.pk: activity for activity in activities}
    parts = defaultdict(list)
    for activity in activities:
        if activity.parent_id is not None:
            parts[activity.parent_id].append(activity)

    # (perspective, municipal goal, kind, id) -> the activities standing there, in order
    places_at = defaultdict(list)
    for place in window:
        node = activity_node(
            by_id[place.activity_id], reports=reports, parts=parts, placement_id=place.pk
        )
        places_at[_place_key(*place[2:6])].append(node)

    def activities_at(*key) -> list[Extended]:
        return places_at.get(key, [])

    def board_goal_nodes(perspective_id, municipal_goal_id) -> list[Extended]:
        placed = {
            key[3] for key in occupied if key[:3] == (perspective_id, municipal_goal_id, BOARD_GOAL)
        }
        return [
            Extended(
                goal,
                activities=activities_at(perspective_id, municipal_goal_id, BOARD_GOAL, goal.pk),
            )
            for goal in board_goals
            if goal.pk in placed
            or (municipal_goal_id is not None and goal.municipal_goal_id == municipal_goal_id)
        ]

    def assignment_nodes(perspective_id, municipal_goal_id) -> list[Extended]:
        return [
            Extended(
                assignment,
                activities=activities_at(
                    perspective_id, municipal_goal_id, ASSIGNMENT, assignment.pk
                ),
            )
            for assignment in assignments
            if (perspective_id, municipal_goal_id, ASSIGNMENT, assignment.pk) in occupied
        ]

    perspectives = []
    for perspective in plan_parts.perspectives.values():
        goals = [goal for goal in municipal_goals if goal.perspective_id == perspective.pk]
        perspectives.append(
            Extended(
                perspective,
                municipal_goals=[
                    Extended(
                        goal,
                        board_goals=board_goal_nodes(perspective.pk, goal.pk),
                        assignments=assignment_nodes(perspective.pk, goal.pk),
                        activities=activities_at(perspective.pk, goal.pk, None, None),
                    )
                    for goal in goals
                ],
                board_goals=board_goal_nodes(perspective.pk, None),
                assignments=assignment_nodes(perspective.pk, None),
                activities=activities_at(perspective.pk, None, None, None),
            )
        )
    return {
        "plan": plan,
        "round": chosen_round,
        "activity_count": activities_counted,
        "entry_count": len(places),
        "limit": limit,
        "offset": offset,
        "perspectives": perspectives,
        "assignments": assignments,
        "board_goals": board_goals,
    }


def _place_key(perspective_id, municipal_goal_id, board_goal_id, assignment_id) -> tuple:
    """Where a placement stands in the tree: under a board goal, else an assignment, else
    directly under the goal (or the perspective)."""
    if board_goal_id is not None:
        leaf = (BOARD_GOAL, board_goal_id)
    elif assignment_id is not None:
        leaf = (ASSIGNMENT, assignment_id)
    else:
        leaf = (None, None)
    return (perspective_id, municipal_goal_id, *leaf)


def activity_node(activity, *, reports, parts, placement_id=None) -> Extended:
    """The activity where it stands, with its status in the round and its parts."""
    return Extended(
        activity,
        placement_id=placement_id,
        status=reports.get(activity.pk),
        parts=[
            activity_node(part, reports=reports, parts=parts) for part in parts.get(activity.pk, [])
        ],
    )
