"""No list endpoint runs more queries as the plan grows: counted at a small and a large plan."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from vplan.plans.editing import create_activity
from vplan.testing.factories import (
    make_activity,
    make_assignment,
    make_board_goal,
    make_municipal_goal,
    make_round,
    place,
    report,
)

pytestmark = pytest.mark.django_db


def grow(plan, board, other_board, round, *, goals: int, per_goal: int, by):
    """Goals, board goals and assignments with activities in one or two places, parts,
    and reports in several versions."""
    for g in range(goals):
        goal = make_municipal_goal(
            plan=plan, perspective_name=["Samhälle", "Ekonomi", "Verksamhet"][g % 3]
        )
        board_goal = make_board_goal(plan=plan, municipal_goal=goal)
        assignment = make_assignment(plan=plan)
        assignment.boards.set([board])
        for i in range(per_goal):
            activity = make_activity(
                plan=plan, boards=[board, other_board][: 1 + i % 2], board_goal=board_goal
            )
            if i % 2:
                place(activity=activity, assignment=assignment)
                create_activity(
                    plan=plan,
                    text="Del",
                    boards=[board],
                    decided_end="Juni",
                    parent=activity,
                    by=by,
                )
            for _ in range(i % 3):
                report(activity=activity, round=round, status="Pågående")


def endpoints(plan, round, activity_id, *, managing: bool):
    managed = [f"/api/rounds/{round.pk}/missing"] if managing else []
    return managed + [
        "/api/me",
        "/api/administrations",
        "/api/boards",
        "/api/plans",
        f"/api/plans/{plan.pk}",
        f"/api/plans/{plan.pk}?round={round.pk}",
        "/api/rounds",
        f"/api/rounds/{round.pk}/entries",
        f"/api/activities/{activity_id}",
        f"/api/history/plans/{plan.pk}",
    ]


def count_queries(client, url) -> int:
    client.get(url)  # warm the per-process caches (content types), so both counts are alike
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, (url, response.content[:300])
    return len(queries)


@pytest.mark.parametrize("persona", ["controller", "editor"])
def test_list_endpoints_do_not_grow_with_the_plan(
    client, plan, board, other_board, controller, editor, persona
):
    user = {"controller": controller, "editor": editor}[persona]
    client.force_login(user)
    round = make_round(plan=plan)
    grow(plan, board, other_board, round, goals=1, per_goal=2, by=controller)
    watched = plan.activities.filter(parent__isnull=True).first()
    report(activity=watched, round=round)
    small = {
        url: count_queries(client, url)
        for url in endpoints(plan, round, watched.pk, managing=persona == "controller")
    }
    grow(plan, board, other_board, round, goals=6, per_goal=8, by=controller)
    large = {
        url: count_queries(client, url)
        for url in endpoints(plan, round, watched.pk, managing=persona == "controller")
    }
    assert plan.activities.count() > 60
    assert large == small
