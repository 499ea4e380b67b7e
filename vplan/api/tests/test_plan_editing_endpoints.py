"""Every plan-editing endpoint: managers may, every other persona is refused and nothing changes."""

import pytest

from vplan.audit.models import ChangeRecord
from vplan.plans.models import Activity, Assignment, BoardGoal, MunicipalGoal, Placement, Plan
from vplan.testing.factories import make_plan

from .conftest import MANAGE_REFUSALS, MANAGERS

pytestmark = pytest.mark.django_db


def editing_calls(data):
    """(name, method, path, body, expected status for a manager)."""
    plan = data["plan"]
    shared = data["shared"]
    return [
        (
            "municipal goal",
            "post",
            f"/plans/{plan.pk}/municipal-goals",
            {"perspective": "Ekonomi", "title": "Sund ekonomi"},
            201,
        ),
        (
            "edit municipal goal",
            "patch",
            f"/municipal-goals/{data['goal'].pk}",
            {"title": "Nytt namn"},
            200,
        ),
        (
            "board goal",
            "post",
            f"/plans/{plan.pk}/board-goals",
            {"title": "Trygghet", "municipal_goal": data["goal"].pk},
            201,
        ),
        (
            "edit board goal",
            "patch",
            f"/board-goals/{data['board_goal'].pk}",
            {"description": "Alla"},
            200,
        ),
        (
            "assignment",
            "post",
            f"/plans/{plan.pk}/assignments",
            {"text": "Uppdrag", "scope": "board_specific", "number": 7, "boards": ["bin"]},
            201,
        ),
        (
            "strike assignment",
            "patch",
            f"/assignments/{data['assignment'].pk}",
            {"is_struck": True},
            200,
        ),
        (
            "activity",
            "post",
            f"/plans/{plan.pk}/activities",
            {
                "text": "Ny",
                "boards": ["BiN"],
                "decided_end": "Q4",
                "placements": [{"board_goal": data["board_goal"].pk}],
            },
            201,
        ),
        ("edit activity", "patch", f"/activities/{shared.pk}", {"text": "Ändrad"}, 200),
        (
            "end date",
            "post",
            f"/activities/{shared.pk}/end-date",
            {"end": "Förskjuts till 2025"},
            200,
        ),
        (
            "place",
            "post",
            f"/activities/{data['bin'].pk}/placements",
            {"assignment": data["assignment"].pk, "perspective": "Verksamhet"},
            201,
        ),
        (
            "remove place",
            "delete",
            f"/placements/{shared.placements.filter(assignment__isnull=False).get().pk}",
            None,
            204,
        ),
        (
            "reorder",
            "post",
            f"/plans/{plan.pk}/reorder",
            {"kind": "activities", "ids": [data["bou"].pk, data["bin"].pk, shared.pk]},
            200,
        ),
        ("delete", "delete", f"/activities/{data['bou'].pk}", None, 204),
        (
            "round",
            "post",
            f"/plans/{plan.pk}/rounds",
            {"label": "Per 31 augusti", "as_of": "2024-08-31", "keep_other_rounds_open": True},
            201,
        ),
        ("edit round", "patch", f"/rounds/{data['round'].pk}", {"introduction": "Fokus"}, 200),
        ("close round", "post", f"/rounds/{data['round'].pk}/close", {"confirm": True}, 200),
        ("revise plan", "post", f"/plans/{plan.pk}/revise", None, 200),
    ]


def call(api, method, path, body):
    if method in ("get", "delete"):
        return getattr(api, method)(path)
    return getattr(api, method)(path, body)


@pytest.mark.parametrize("persona", MANAGERS)
def test_managers_may_edit_the_plan(api_as, filled_plan, persona, admin_user, controller):
    api = api_as(persona)
    calls = editing_calls(filled_plan)
    for name, method, path, body, expected in calls:
        response = call(api, method, path, body)
        assert response.status_code == expected, (name, response.content)
    user = admin_user if persona == "admin_user" else controller
    assert ChangeRecord.objects.filter(changed_by=user).count() >= len(calls)


@pytest.mark.parametrize("persona, refusal", MANAGE_REFUSALS)
def test_others_are_refused_and_nothing_changes(
    api_as, filled_plan, persona, refusal, editor, reader, outsider
):
    api = api_as(persona)
    before = ChangeRecord.objects.count()
    for name, method, path, body, _expected in editing_calls(filled_plan):
        response = call(api, method, path, body)
        assert response.status_code == refusal, (name, response.content)
        assert response.json()["code"] in {"forbidden", "not_found", "unauthenticated"}
    assert ChangeRecord.objects.count() == before
    assert Activity.objects.count() == 3 and MunicipalGoal.objects.count() == 1


def test_created_activity_comes_back_in_full(api_as, filled_plan, controller):
    data = filled_plan
    response = api_as("controller").post(
        f"/plans/{data['plan'].pk}/activities",
        {
            "text": "Digitalisera elevhälsan",
            "boards": ["BiN", "bou"],
            "decided_end": "December",
            "placements": [
                {"board_goal": data["board_goal"].pk},
                {"assignment": data["assignment"].pk, "perspective": "Verksamhet"},
            ],
        },
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["boards"] == ["BiN", "BoU"]
    assert {p["board_goal"] for p in body["placements"]} == {"Maximalt lärande", None}
    assert body["decided_end"] == body["current_end"] == "December"


def test_end_date_change_postpones_and_keeps_the_decided_date(api_as, filled_plan, controller):
    shared = filled_plan["shared"]
    body = api_as("controller").post(f"/activities/{shared.pk}/end-date", {"end": "Q2 2025"}).json()
    assert (body["decided_end"], body["current_end"], body["is_postponed"]) == (
        "December",
        "Q2 2025",
        True,
    )


def test_delete_then_restore(api_as, filled_plan, controller):
    api = api_as("controller")
    activity = filled_plan["bin"]
    assert api.delete(f"/activities/{activity.pk}").status_code == 204
    assert api.get(f"/activities/{activity.pk}").status_code == 404
    assert Activity.all_objects.filter(pk=activity.pk).exists()
    restored = api.post(f"/activities/{activity.pk}/restore")
    assert restored.status_code == 200 and restored.json()["deleted_at"] is None
    again = api.post(f"/activities/{activity.pk}/restore")
    assert again.status_code == 400 and "activity" in again.json()["errors"]


def test_restore_is_refused_to_an_editor(api_as, filled_plan, controller, editor):
    activity = filled_plan["bin"]
    api_as("controller").delete(f"/activities/{activity.pk}")
    assert api_as("editor").post(f"/activities/{activity.pk}/restore").status_code == 403


def test_decide_a_draft_plan_then_refuse_a_second_decision(
    api_as, administration, board, controller
):
    draft = make_plan(
        administration=administration, year=2025, boards=[board], state=Plan.State.DRAFT
    )
    api = api_as("controller")
    response = api.post(f"/plans/{draft.pk}/decide", {"date": "2024-11-20"})
    assert response.status_code == 200
    assert (response.json()["state"], response.json()["decided_on"]) == ("decided", "2024-11-20")
    again = api.post(f"/plans/{draft.pk}/decide")
    assert again.status_code == 409
    assert again.json()["code"] == "state" and "state" in again.json()["errors"]


def test_bad_input_names_the_field(api_as, filled_plan, controller):
    api = api_as("controller")
    plan = filled_plan["plan"]
    cases = [
        (
            {
                "text": "X",
                "boards": ["KoF"],
                "placements": [{"board_goal": filled_plan["board_goal"].pk}],
            },
            "boards",
        ),
        ({"text": "X", "boards": ["BiN"]}, "placements"),
        (
            {
                "text": "",
                "boards": ["BiN"],
                "placements": [{"board_goal": filled_plan["board_goal"].pk}],
            },
            "text",
        ),
        ({"text": "X", "boards": ["BiN"], "placements": [{"board_goal": 999999}]}, "board_goal"),
        ({"boards": ["BiN"]}, "text"),
        ({"text": "X", "boards": ["BiN"], "decided_end": "Q4", "colour": "red"}, "colour"),
        ({"text": "X", "boards": "BiN"}, "boards"),
    ]
    for body, field in cases:
        response = api.post(f"/plans/{plan.pk}/activities", body)
        assert response.status_code == 400, (body, response.content)
        error = response.json()
        assert error["code"] == "invalid"
        assert any(key.split(".")[0] == field for key in error["errors"]), (field, error)
        assert field in error["detail"]
    assert Activity.objects.count() == 3


def test_null_where_null_means_nothing_is_refused(api_as, filled_plan, controller):
    response = api_as("controller").patch(f"/activities/{filled_plan['bin'].pk}", {"text": None})
    assert response.status_code == 400 and "text" in response.json()["errors"]


def test_reorder_refuses_ids_of_other_plans(api_as, filled_plan, controller):
    other = make_plan(administration=filled_plan["plan"].administration, year=2023)
    from vplan.testing.factories import make_activity

    stranger = make_activity(plan=other)
    response = api_as("controller").post(
        f"/plans/{filled_plan['plan'].pk}/reorder", {"kind": "activities", "ids": [stranger.pk]}
    )
    assert response.status_code == 400 and "ids" in response.json()["errors"]


def test_only_the_last_place_cannot_be_removed(api_as, filled_plan, controller):
    only = filled_plan["bin"].placements.get()
    response = api_as("controller").delete(f"/placements/{only.pk}")
    assert response.status_code == 400 and "placement" in response.json()["errors"]
    assert Placement.objects.filter(pk=only.pk).exists()


def test_struck_assignment_and_goal_edits_are_visible(api_as, filled_plan, controller):
    api = api_as("controller")
    assignment = filled_plan["assignment"]
    assert (
        api.patch(f"/assignments/{assignment.pk}", {"is_struck": True}).json()["is_struck"] is True
    )
    assert Assignment.objects.get(pk=assignment.pk).is_struck
    goal = filled_plan["board_goal"]
    body = api.patch(f"/board-goals/{goal.pk}", {"municipal_goal": None}).json()
    assert body["municipal_goal_id"] is None
    assert BoardGoal.objects.get(pk=goal.pk).municipal_goal is None
