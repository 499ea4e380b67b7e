"""The object plan page reads a small and a large plan with the same number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from vplan.objectplans.tests.factories import make_budget_line, make_object_plan_activity
from vplan.testing.factories import make_activity, make_board, make_round, report


def fill(object_plan, plan, size):
    boards = [
        make_board(code=f"N{object_plan.pk}X{n}", administration=object_plan.administration)
        for n in range(size)
    ]
    round = plan.rounds.first() or make_round(plan=plan)
    for n in range(size):
        activity = make_activity(plan=plan, text=f"Aktivitet {n}")
        report(activity=activity, round=round)
        make_object_plan_activity(object_plan=object_plan, activity=activity, text=f"Objekt {n}")
        make_budget_line(object_plan=object_plan, board=boards[n], kind="VM", amount="10.00")
        make_budget_line(object_plan=object_plan, board=boards[n], kind="VU", amount="5.50")


def queries_for(client, object_plan) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/objectplans/{object_plan.pk}/")
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("persona", ["reader", "controller"])
def test_the_page_needs_as_many_queries_for_a_large_plan_as_for_a_small(
    client, request, persona, object_plan, plan
):
    client.force_login(request.getfixturevalue(persona))
    fill(object_plan, plan, 2)
    small = queries_for(client, object_plan)
    fill(object_plan, plan, 20)
    assert queries_for(client, object_plan) == small
    assert small <= 30
