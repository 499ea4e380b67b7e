"""The grid's rows stand in the plan's reading order, whichever way the order is worked out:
from the places of the rows shown (few rows) or from every place of the plan (many)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from vplan.followups import entry_grid
from vplan.followups.entry_grid import GridFilter, read_grid
from vplan.plans.models import Activity, Placement
from vplan.testing.factories import (
    make_activity,
    make_assignment,
    make_board_goal,
    make_municipal_goal,
    make_round,
    place,
    report,
)


@pytest.fixture
def plan_in_many_places(plan, board, other_board):
    """Activities under two goals, board goals and assignments, one in two places, one in no
    place, parts (one of an activity of the other board, one of a deleted activity's part)."""
    first = make_municipal_goal(plan=plan, perspective_name="Samhälle", title="Första målet")
    second = make_municipal_goal(plan=plan, perspective_name="Medborgare", title="Andra målet")
    board_goal = make_board_goal(plan=plan, municipal_goal=second, title="Nämndmålet")
    assignment = make_assignment(plan=plan, number=3)
    late = make_activity(plan=plan, text="Under nämndmålet", boards=[board], board_goal=board_goal)
    early = make_activity(plan=plan, text="Under första målet", boards=[other_board])
    Placement.objects.filter(activity=early).update(
        municipal_goal=first, perspective=first.perspective
    )
    twice = make_activity(plan=plan, text="På två ställen", boards=[board], assignment=assignment)
    place(activity=twice, municipal_goal=first)
    unplaced = make_activity(plan=plan, text="Utan plats", boards=[board])
    Placement.objects.filter(activity=unplaced).delete()
    for parent, text, boards in (
        (early, "Del av första", [board]),
        (late, "Del av nämndmålet", [board]),
        (unplaced, "Del utan plats", [other_board]),
    ):
        part = make_activity(plan=plan, text=text, boards=boards)
        Placement.objects.filter(activity=part).delete()
        part.parent = parent
        part.save(update_fields=["parent"])
    round = make_round(plan=plan)
    report(activity=late, round=round, comment="Klar snart.")
    return round


def texts(user, round, filters: GridFilter) -> list[str]:
    grid = read_grid(user=user, round=round, filters=filters)
    return [row.activity.text for row in grid[0 : len(grid)]]


FILTERS = [
    GridFilter(),
    GridFilter(mine=True),
    GridFilter(missing=True),
    GridFilter(text="del"),
]


@pytest.mark.parametrize("filters", FILTERS, ids=["all", "mine", "missing", "text"])
def test_the_order_is_the_same_from_the_rows_places_as_from_every_place(
    plan_in_many_places, editor, filters, monkeypatch
):
    from_rows = texts(editor, plan_in_many_places, filters)
    monkeypatch.setattr(entry_grid, "FEW_ANCHORS", 0)
    assert texts(editor, plan_in_many_places, filters) == from_rows


def test_rows_stand_where_the_plan_reads_them(plan_in_many_places, controller):
    assert texts(controller, plan_in_many_places, GridFilter()) == [
        "Under första målet",
        "Del av första",
        "På två ställen",  # under the first goal too: where it first stands
        "Under nämndmålet",
        "Del av nämndmålet",
        "Utan plats",
        "Del utan plats",
    ]
    # a part shown without its activity stands where its activity would
    assert texts(controller, plan_in_many_places, GridFilter(text="del")) == [
        "Del av första",
        "Del av nämndmålet",
        "Del utan plats",
    ]


def test_a_part_of_a_deleted_activity_is_no_row(plan_in_many_places, controller, client):
    Activity.objects.filter(text="Under nämndmålet").update(deleted_at=timezone.now())
    shown = texts(controller, plan_in_many_places, GridFilter())
    assert "Under nämndmålet" not in shown and "Del av nämndmålet" not in shown
    client.force_login(controller)
    response = client.get(reverse("followups:round", args=[plan_in_many_places.pk]) + "?board=")
    assert response.context["row_count"] == len(shown) == 5
