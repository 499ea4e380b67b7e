"""Rollover through the API: the proposal to review, choices named by field, parts that stay
with their activity or are promoted, and the carry-over itself, all or nothing; for the plan's
managers only."""

import pytest

from vplan.followups.models import FollowUpRound
from vplan.plans.editing import add_part
from vplan.plans.models import Activity, BoardGoal, Plan
from vplan.testing.factories import (
    make_activity,
    make_board_goal,
    make_plan,
    make_round,
    place,
    report,
)

from .conftest import MANAGE_REFUSALS, MANAGERS

pytestmark = pytest.mark.django_db


@pytest.fixture
def year(plan, board):
    """Plan 2024: an unfinished activity under a board goal, and a done one."""
    goal = make_board_goal(plan=plan, title="Maximalt lärande")
    unfinished = make_activity(
        plan=plan, text="Införa digitala närvarorutiner", board_goal=goal, boards=[board]
    )
    done = make_activity(plan=plan, text="Revidera lönekriterierna", boards=[board])
    round = make_round(plan=plan)
    report(activity=unfinished, round=round, status="Pågående")
    report(activity=done, round=round, status="Genomfört")
    return {"plan": plan, "goal": goal, "unfinished": unfinished, "done": done}


@pytest.mark.parametrize("persona", MANAGERS)
def test_the_proposal_says_what_would_happen_and_saves_nothing(api_as, year, persona):
    response = api_as(persona).get(f"/plans/{year['plan'].pk}/rollover")
    assert response.status_code == 200
    body = response.json()
    assert (body["from_year"], body["to_year"], body["target_plan"]) == (2024, 2025, None)
    assert [a["id"] for a in body["carried"]] == [year["unfinished"].pk]
    assert [(a["id"], a["category"]) for a in body["left_behind"]] == [(year["done"].pk, "done")]
    mapping = next(m for m in body["mappings"] if m["kind"] == "board_goal")
    assert mapping["key"] == f"board_goal:{year['goal'].pk}"
    assert (mapping["action"], mapping["choice"], mapping["used_by"]) == ("copy", "copy", 1)
    assert not Plan.objects.filter(year=2025).exists()


def test_the_proposal_maps_onto_next_years_goal_and_takes_choices(api_as, year, controller):
    next_year = make_plan(administration=year["plan"].administration, year=2025)
    same = make_board_goal(plan=next_year, title="Maximalt lärande")
    api = api_as("controller")
    mappings = api.get(f"/plans/{year['plan'].pk}/rollover").json()["mappings"]
    mapping = next(m for m in mappings if m["kind"] == "board_goal")
    assert (mapping["action"], mapping["target"]["id"]) == ("map", same.pk)
    reviewed = api.post(
        f"/plans/{year['plan'].pk}/rollover/proposal",
        {
            "to_year": 2025,
            "choices": {mapping["key"]: "copy"},
            "leave_out": [year["unfinished"].pk],
        },
    )
    assert reviewed.status_code == 200
    body = reviewed.json()
    assert body["target_plan"]["id"] == next_year.pk
    assert body["targets"]["board_goal"] == [{"id": same.pk, "text": str(same)}]
    assert {m["key"]: m["action"] for m in body["mappings"]}[mapping["key"]] == "copy"
    assert body["carried"] == [] and [a["id"] for a in body["left_out"]] == [year["unfinished"].pk]


def test_refused_choices_are_named_by_field(api_as, year, controller):
    api = api_as("controller")
    url = f"/plans/{year['plan'].pk}/rollover/proposal"
    key = f"board_goal:{year['goal'].pk}"
    cases = [
        ({"choices": {key: "skip"}}, f"choices.{key}"),
        ({"choices": {key: "12345"}}, f"choices.{key}"),
        ({"choices": {"municipal_goal:999999": "copy"}}, "choices.municipal_goal:999999"),
        ({"leave_out": [year["done"].pk]}, "leave_out"),
        ({"to_year": 2024}, "to_year"),
        ({"to_year": 1066}, "to_year"),
        ({"choice": {}}, "choice"),
    ]
    for body, field in cases:
        response = api.post(url, body)
        assert response.status_code == 400, body
        assert list(response.json()["errors"]) == [field], body
    assert api.get(f"/plans/{year['plan'].pk}/rollover", to_year=1066).status_code == 400


@pytest.mark.parametrize("persona", MANAGERS)
def test_the_rollover_carries_the_unfinished_activity_once(api_as, year, persona):
    api = api_as(persona)
    response = api.post(f"/plans/{year['plan'].pk}/rollover", {"to_year": 2025})
    assert response.status_code == 201
    body = response.json()
    assert body["plan"]["year"] == 2025 and body["carried_over"] == 1
    carried = Activity.objects.get(plan_id=body["plan"]["id"])
    assert carried.carried_over_from == year["unfinished"]
    assert BoardGoal.objects.filter(plan_id=body["plan"]["id"], title="Maximalt lärande").exists()
    again = api.post(f"/plans/{year['plan'].pk}/rollover", {})
    assert again.status_code == 400 and list(again.json()["errors"]) == ["to_year"]
    assert Activity.objects.filter(plan_id=body["plan"]["id"]).count() == 1


def test_a_refused_rollover_saves_nothing(api_as, year, controller):
    response = api_as("controller").post(
        f"/plans/{year['plan'].pk}/rollover",
        {"choices": {f"board_goal:{year['goal'].pk}": "skip"}},
    )
    assert response.status_code == 400
    assert not Plan.objects.filter(year=2025).exists()


@pytest.mark.parametrize("persona, refusal", MANAGE_REFUSALS)
def test_only_managers_roll_over(api_as, year, persona, refusal, outsider):
    api = api_as(persona)
    assert api.post(f"/plans/{year['plan'].pk}/rollover", {}).status_code == refusal
    assert api.post(f"/plans/{year['plan'].pk}/rollover/proposal", {}).status_code == refusal
    preview = api.get(f"/plans/{year['plan'].pk}/rollover").status_code
    assert preview == (404 if persona == "anonymous" else refusal)
    assert not Plan.objects.filter(year=2025).exists()


def test_an_outsider_may_know_a_published_plan_but_not_roll_it_over(api_as, year, outsider):
    FollowUpRound.objects.filter(plan=year["plan"]).update(state="published")
    api = api_as("outsider")
    assert api.get(f"/plans/{year['plan'].pk}/rollover").status_code == 403
    assert api.post(f"/plans/{year['plan'].pk}/rollover", {}).status_code == 403
    assert not Plan.objects.filter(year=2025).exists()


@pytest.fixture
def parts(year, controller):
    """The done activity (under the board goal too) has a done part and an unfinished one, which
    stays behind with it unless promoted; the unfinished activity has an unfinished part, which
    goes with it."""
    done, unfinished = year["done"], year["unfinished"]
    place(activity=done, board_goal=year["goal"])
    finished = add_part(parent=done, text="Grundskola", decided_end="Juni", by=controller)
    staying = add_part(parent=done, text="Gymnasieskola", decided_end="Q4", by=controller)
    travelling = add_part(parent=unfinished, text="Förskola", decided_end="Juni", by=controller)
    round = FollowUpRound.objects.get(plan=year["plan"])
    report(activity=finished, round=round, status="Genomfört")
    report(activity=staying, round=round, status="Pågående")
    report(activity=travelling, round=round, status="Pågående")
    return {**year, "finished": finished, "staying": staying, "travelling": travelling}


def _pair(part, activity) -> dict:
    return {
        "part": {"id": part.pk, "text": part.text},
        "activity": {"id": activity.pk, "text": activity.text},
    }


@pytest.mark.parametrize("persona", MANAGERS)
def test_a_part_staying_with_its_done_activity_is_listed_and_promoted_when_asked(
    api_as, parts, persona
):
    api = api_as(persona)
    proposed = api.get(f"/plans/{parts['plan'].pk}/rollover").json()
    assert proposed["stays_with_activity"] == [_pair(parts["staying"], parts["done"])]
    assert proposed["promoted"] == []
    assert [a["id"] for a in proposed["carried"]] == [
        parts["unfinished"].pk,
        parts["travelling"].pk,
    ]

    reviewed = api.post(
        f"/plans/{parts['plan'].pk}/rollover/proposal", {"promote": [parts["staying"].pk]}
    )

    assert reviewed.status_code == 200
    body = reviewed.json()
    assert body["promoted"] == [_pair(parts["staying"], parts["done"])]
    assert body["stays_with_activity"] == []
    assert parts["staying"].pk in [a["id"] for a in body["carried"]]
    mapping = next(m for m in body["mappings"] if m["kind"] == "board_goal")
    assert mapping["used_by"] == 2  # the promoted part stands where its activity stood
    assert not Plan.objects.filter(year=2025).exists()


def _places(activity) -> set[tuple]:
    return {
        (getattr(p.municipal_goal, "title", None), getattr(p.board_goal, "title", None))
        for p in activity.placements.all()
    }


@pytest.mark.parametrize("persona", MANAGERS)
def test_the_rollover_carries_a_promoted_part_as_an_activity_of_its_own(api_as, parts, persona):
    response = api_as(persona).post(
        f"/plans/{parts['plan'].pk}/rollover", {"promote": [parts["staying"].pk]}
    )

    assert response.status_code == 201
    body = response.json()
    assert body["carried_over"] == 3
    promoted = Activity.objects.get(plan_id=body["plan"]["id"], carried_over_from=parts["staying"])
    assert (promoted.text, promoted.parent) == ("Gymnasieskola", None)
    assert _places(promoted) == _places(parts["done"])  # in the copies of its activity's places
    assert (None, "Maximalt lärande") in _places(promoted)
    travelled = Activity.objects.get(
        plan_id=body["plan"]["id"], carried_over_from=parts["travelling"]
    )
    assert travelled.parent.carried_over_from == parts["unfinished"]


def test_without_promote_the_part_stays_behind_with_its_activity(api_as, parts, controller):
    response = api_as("controller").post(f"/plans/{parts['plan'].pk}/rollover", {})

    assert response.status_code == 201
    new_plan = response.json()["plan"]["id"]
    assert not Activity.objects.filter(plan_id=new_plan, carried_over_from=parts["staying"])
    assert Activity.objects.filter(plan_id=new_plan).count() == 2


def test_promoting_anything_but_a_part_staying_behind_is_refused_by_field(
    api_as, parts, controller
):
    api = api_as("controller")
    url = f"/plans/{parts['plan'].pk}/rollover/proposal"
    staying = parts["staying"].pk
    cases = [
        {"promote": [parts["finished"].pk]},  # done itself
        {"promote": [parts["travelling"].pk]},  # goes with its carried activity anyway
        {"promote": [parts["unfinished"].pk]},  # an activity, not a part
        {"promote": [999999]},
        {"promote": [staying], "leave_out": [staying]},  # left out: not carried at all
    ]
    for body in cases:
        response = api.post(url, body)
        assert response.status_code == 400, body
        assert list(response.json()["errors"]) == ["promote"], body
    not_an_id = api.post(url, {"promote": ["Gymnasieskola"]})
    assert not_an_id.status_code == 400 and list(not_an_id.json()["errors"]) == ["promote.0"]
    refused = api.post(url, {"promote": [999999, staying]}).json()["errors"]
    assert refused == {
        "promote": [
            "999999: ingen ej genomförd del som blir kvar med sin aktivitet; bara en sådan del "
            "kan föras över som egen aktivitet."
        ]
    }
    both = api.post(url, {"promote": [999999], "leave_out": [parts["done"].pk]}).json()
    assert set(both["errors"]) == {"leave_out", "promote"}

    response = api.post(f"/plans/{parts['plan'].pk}/rollover", {"promote": [999999]})
    assert response.status_code == 400 and list(response.json()["errors"]) == ["promote"]
    assert not Plan.objects.filter(year=2025).exists()


@pytest.mark.parametrize("persona, refusal", MANAGE_REFUSALS)
def test_only_managers_promote_parts(api_as, parts, persona, refusal, outsider):
    api = api_as(persona)
    body = {"promote": [parts["staying"].pk]}
    assert api.post(f"/plans/{parts['plan'].pk}/rollover/proposal", body).status_code == refusal
    assert api.post(f"/plans/{parts['plan'].pk}/rollover", body).status_code == refusal
    assert not Plan.objects.filter(year=2025).exists()


def test_the_openapi_document_describes_promote(client):
    schemas = client.get("/api/openapi.json").json()["components"]["schemas"]
    assert "stays_with_activity" in schemas["RolloverIn"]["properties"]["promote"]["description"]
    listed = schemas["RolloverProposalOut"]["properties"]
    assert "promote" in listed["stays_with_activity"]["description"]
    assert "promote" in listed["promoted"]["description"]
