import pytest

from vplan.followups.models import FollowUpRound
from vplan.testing.factories import make_administration, make_plan, make_round, report

pytestmark = pytest.mark.django_db


def test_plan_list_shows_the_plans_a_persona_may_read(
    api_as, plan, admin_user, controller, editor, reader, outsider
):
    make_plan(administration=make_administration(), year=2024)  # someone else's plan
    for persona in ("admin_user", "controller", "editor", "reader"):
        plans = api_as(persona).get("/plans").json()["items"]
        assert [p["id"] for p in plans] == [plan.pk], persona
    assert api_as("outsider").get("/plans").json()["items"] == []
    assert api_as("anonymous").get("/plans").json()["items"] == []


def test_a_published_round_makes_the_plan_public(api_as, filled_plan):
    plan = filled_plan["plan"]
    make_round(
        plan=plan,
        as_of=filled_plan["round"].as_of.replace(month=8),
        state=FollowUpRound.State.PUBLISHED,
    )
    anonymous = api_as("anonymous")
    assert [p["id"] for p in anonymous.get("/plans").json()["items"]] == [plan.pk]
    assert anonymous.get(f"/plans/{plan.pk}").status_code == 200
    # ... but not its open round
    assert anonymous.get(f"/plans/{plan.pk}", round=filled_plan["round"].pk).status_code == 404


def test_plan_tree_shows_one_activity_in_both_of_its_places(api_as, filled_plan, reader):
    plan, shared = filled_plan["plan"], filled_plan["shared"]
    report(activity=shared, round=filled_plan["round"], status="Pågående", comment="På gång")
    response = api_as("reader").get(f"/plans/{plan.pk}", round=filled_plan["round"].pk)
    assert response.status_code == 200
    tree = response.json()
    assert tree["plan"]["boards"] == ["BiN", "BoU"]
    assert tree["activity_count"] == 3
    samhalle = next(p for p in tree["perspectives"] if p["name"] == "Samhälle")
    goal = samhalle["municipal_goals"][0]
    assert goal["title"] == "Ett attraktivt och tryggt Exempelkommun"
    under_board_goal = goal["board_goals"][0]["activities"]
    assert [a["text"] for a in under_board_goal] == ["Gemensam aktivitet"]
    assert under_board_goal[0]["status"]["display_status"] == "Pågående"
    assert [a["text"] for a in goal["activities"]] == ["BiN-aktivitet", "BoU-aktivitet"]
    under_assignment = samhalle["assignments"][0]
    assert under_assignment["number"] == 21
    assert [a["id"] for a in under_assignment["activities"]] == [shared.pk]


def test_plan_tree_can_show_one_board(api_as, filled_plan, reader):
    tree = api_as("reader").get(f"/plans/{filled_plan['plan'].pk}", board="bou").json()
    assert tree["activity_count"] == 1


def test_plan_tree_refusals(api_as, filled_plan, outsider, reader):
    plan = filled_plan["plan"]
    assert api_as("outsider").get(f"/plans/{plan.pk}").status_code == 404
    assert api_as("anonymous").get(f"/plans/{plan.pk}").status_code == 404
    assert api_as("reader").get("/plans/999999").status_code == 404
    other_round = make_round(plan=make_plan(administration=plan.administration, year=2023))
    response = api_as("reader").get(f"/plans/{plan.pk}", round=other_round.pk)
    assert response.status_code == 400
    assert "round" in response.json()["errors"]
    response = api_as("reader").get(f"/plans/{plan.pk}", board="XYZ")
    assert response.status_code == 400
    assert "board" in response.json()["errors"]
