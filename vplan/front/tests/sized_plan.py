"""A plan of a chosen size for the page tests: the same shape, n times over.

Used to show that a page runs as many queries for a plan of 2 activities as for one of 40.
"""

from vplan.plans.perspectives import PERSPECTIVES
from vplan.testing.factories import (
    make_activity,
    make_assignment,
    make_board_goal,
    make_municipal_goal,
    make_round,
    place,
    report,
)


def make_sized_plan(*, plan, size: int, author=None, previous_plan=None):
    """`size` activities spread over goals and assignments, some postponed, some carried over,
    some in two places, some with parts, each with a report in an open round (returned)."""
    round = make_round(plan=plan)
    boards = list(plan.boards.all())
    previous = []
    if previous_plan is not None:
        previous = [make_activity(plan=previous_plan) for _ in range(2)]
    for n in range(size):
        goal = make_municipal_goal(plan=plan, perspective_name=PERSPECTIVES[n % 5])
        board_goal = make_board_goal(plan=plan, municipal_goal=goal, description="Beskrivning.")
        activity = make_activity(
            plan=plan,
            text=f"Aktivitet nummer {n}",
            boards=[boards[n % len(boards)]],
            board_goal=board_goal,
            current_end="Q4" if n % 3 == 0 else None,
            carried_over_from=previous[n % 2] if previous and n % 4 == 0 else None,
        )
        if n % 2 == 0:
            place(activity=activity, assignment=make_assignment(plan=plan))
        part = make_activity(plan=plan, text=f"Del av {n}", boards=[boards[n % len(boards)]])
        part.parent = activity
        part.save(update_fields=["parent"])
        report(activity=activity, round=round, status="Pågående", comment="Går bra.", author=author)
        report(activity=part, round=round, status="Genomfört", author=author)
    return round
