import json

import pytest
from django.test import Client

from vplan.testing.factories import (
    make_activity,
    make_assignment,
    make_board_goal,
    make_municipal_goal,
    make_round,
)

# Every persona, and what a refusal looks like for each when the action is for managers.
MANAGE_REFUSALS = [
    ("editor", 403),
    ("reader", 403),
    ("outsider", 404),
    ("anonymous", 401),
]
MANAGERS = ["admin_user", "controller"]


class Api:
    """A test client speaking JSON to /api/, signed in as one persona (or anonymous)."""

    def __init__(self, client: Client):
        self.client = client

    def get(self, path, **params):
        return self.client.get(f"/api{path}", params)

    def _send(self, method, path, body):
        data = json.dumps(body) if body is not None else None
        return getattr(self.client, method)(
            f"/api{path}", data=data, content_type="application/json"
        )

    def post(self, path, body=None):
        return self._send("post", path, body)

    def patch(self, path, body=None):
        return self._send("patch", path, body)

    def delete(self, path):
        return self.client.delete(f"/api{path}")


@pytest.fixture
def api_as(request, db):
    """api_as("controller") -> an Api signed in as that persona fixture; "anonymous" -> none."""

    def make(persona: str) -> Api:
        client = Client()
        if persona != "anonymous":
            client.force_login(request.getfixturevalue(persona))
        return Api(client)

    return make


@pytest.fixture
def filled_plan(plan, board, other_board):
    """A plan with a goal, a board goal, an assignment, an open round and three activities;
    one of them stands in two places."""
    goal = make_municipal_goal(plan=plan, title="Ett attraktivt och tryggt Exempelkommun")
    board_goal = make_board_goal(plan=plan, municipal_goal=goal, title="Maximalt lärande")
    assignment = make_assignment(plan=plan, number=21)
    shared = make_activity(
        plan=plan, boards=[board], text="Gemensam aktivitet", board_goal=board_goal
    )
    from vplan.testing.factories import place

    place(activity=shared, assignment=assignment)
    return {
        "plan": plan,
        "goal": goal,
        "board_goal": board_goal,
        "assignment": assignment,
        "shared": shared,
        "bin": make_activity(plan=plan, boards=[board], text="BiN-aktivitet", municipal_goal=goal),
        "bou": make_activity(
            plan=plan, boards=[other_board], text="BoU-aktivitet", municipal_goal=goal
        ),
        "round": make_round(plan=plan),
    }
