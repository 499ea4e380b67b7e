"""GET /api/plans/{id}: the tree of goals whole, its activities paged by limit/offset."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from vplan.api.paging import API_MAX_LIMIT, API_PAGE_SIZE
from vplan.front.tests.sized_plan import make_sized_plan
from vplan.testing.factories import (
    make_activity,
    make_board_goal,
    make_municipal_goal,
    make_plan,
    make_round,
    report,
)


def placed_activities(tree) -> list[tuple[int, int]]:
    """(activity id, placement id) of every activity node in the tree, parts left out."""
    found = []

    def take(node):
        found.extend((a["id"], a["placement_id"]) for a in node["activities"])
        for child in node.get("board_goals", []) + node.get("assignments", []):
            take(child)

    for perspective in tree["perspectives"]:
        take(perspective)
        for goal in perspective["municipal_goals"]:
            take(goal)
    return found


@pytest.fixture
def long_plan(plan, board, other_board):
    school = make_municipal_goal(plan=plan, perspective_name="Medborgare", title="Skolan")
    care = make_municipal_goal(plan=plan, perspective_name="Ekonomi", title="Omsorgen")
    learning = make_board_goal(plan=plan, municipal_goal=school, title="Lärande")
    round = make_round(plan=plan)
    activities = []
    for n in range(40):
        activity = make_activity(plan=plan, boards=[board], board_goal=learning)
        report(activity=activity, round=round, status="Genomfört", comment=f"Klart {n}.")
        activities.append(activity)
    for _n in range(20):
        activities.append(make_activity(plan=plan, boards=[other_board], municipal_goal=care))
    return {"activities": activities, "school": school, "care": care, "round": round}


def test_the_tree_pages_its_activities(api_as, plan, long_plan):
    api = api_as("controller")
    round = long_plan["round"].pk
    tree = api.get(f"/plans/{plan.pk}", round=round, limit=25).json()
    assert (tree["entry_count"], tree["limit"], tree["offset"]) == (60, 25, 0)
    assert tree["activity_count"] == 60
    assert len(placed_activities(tree)) == 25
    assert tree["next"] == f"/api/plans/{plan.pk}?round={round}&limit=25&offset=25"
    goals = [g["title"] for p in tree["perspectives"] for g in p["municipal_goals"]]
    assert goals == ["Skolan", "Omsorgen"]  # the tree of goals is whole on every page
    school = next(
        g for p in tree["perspectives"] for g in p["municipal_goals"] if g["title"] == "Skolan"
    )
    first = school["board_goals"][0]["activities"][0]
    assert first["status"]["comment"] == "Klart 0."  # each activity keeps its fields


def test_following_next_reaches_every_activity_once(api_as, plan, long_plan):
    api = api_as("reader")
    seen = []
    address = f"/api/plans/{plan.pk}?limit=7"
    while address:
        tree = api.client.get(address).json()
        seen += placed_activities(tree)
        address = tree["next"]
    assert len(seen) == len(set(seen)) == 60
    assert sorted(a for a, _p in seen) == sorted(a.pk for a in long_plan["activities"])


def test_default_page_size_and_goal_filter(api_as, plan, long_plan):
    api = api_as("reader")
    tree = api.get(f"/plans/{plan.pk}").json()
    assert tree["limit"] == API_PAGE_SIZE and tree["next"] is None
    tree = api.get(f"/plans/{plan.pk}", goal=long_plan["care"].pk, limit=15).json()
    assert tree["entry_count"] == 20
    assert len(placed_activities(tree)) == 15
    assert "goal=" in tree["next"] and "offset=15" in tree["next"]
    assert [g["title"] for p in tree["perspectives"] for g in p["municipal_goals"]] == ["Omsorgen"]


@pytest.mark.parametrize("query", [{"limit": API_MAX_LIMIT + 1}, {"limit": 0}, {"offset": -1}])
def test_a_limit_out_of_bounds_is_refused(api_as, plan, long_plan, query):
    response = api_as("reader").get(f"/plans/{plan.pk}", **query)
    assert response.status_code == 400
    assert next(iter(query)) in response.content.decode()


def test_limit_and_offset_are_documented(api_as):
    document = api_as("anonymous").get("/openapi.json").json()
    parameters = document["paths"]["/api/plans/{plan_id}"]["get"]["parameters"]
    names = {parameter["name"] for parameter in parameters}
    assert {"limit", "offset", "goal", "round", "board"} <= names
    schema = document["components"]["schemas"]["PlanTreeOut"]["properties"]
    assert {"entry_count", "limit", "offset", "next"} <= set(schema)


def test_query_count_is_the_same_for_10_and_200_activities(
    api_as, controller, administration, board, other_board
):
    api = api_as("controller")

    def measure(size, year):
        plan = make_plan(administration=administration, year=year, boards=[board, other_board])
        round = make_sized_plan(plan=plan, size=size, author=controller)
        with CaptureQueriesContext(connection) as queries:
            response = api.get(f"/plans/{plan.pk}", round=round.pk, limit=50)
        assert response.status_code == 200
        tree = response.json()
        assert tree["activity_count"] == 2 * size  # each has a part
        return len(queries), len(placed_activities(tree))

    small_queries, small_shown = measure(10, 2030)
    large_queries, large_shown = measure(200, 2040)
    assert small_queries == large_queries
    # 5 of the 10 stand in two places, and each part stands in a place of its own too
    assert (small_shown, large_shown) == (25, 50)
