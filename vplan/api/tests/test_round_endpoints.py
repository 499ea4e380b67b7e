import pytest

from vplan.audit.trail import history_of
from vplan.followups.models import FollowUpRound
from vplan.testing.factories import make_round

from .conftest import MANAGE_REFUSALS

pytestmark = pytest.mark.django_db
State = FollowUpRound.State


def test_round_lifecycle_through_the_api(api_as, plan, controller):
    api = api_as("controller")
    created = api.post(
        f"/plans/{plan.pk}/rounds",
        {
            "label": "Uppföljning per 31 mars",
            "as_of": "2024-03-31",
            "reporting_deadline": "2024-04-12",
        },
    )
    assert created.status_code == 201
    round_id = created.json()["id"]
    assert created.json()["state"] == "open" and created.json()["accepts_reports"]
    confirmed = {"confirm": True}
    assert api.post(f"/rounds/{round_id}/close", confirmed).json()["state"] == "closed"
    assert api.post(f"/rounds/{round_id}/open").json()["state"] == "open"
    assert api.post(f"/rounds/{round_id}/close", confirmed).json()["state"] == "closed"
    assert api.post(f"/rounds/{round_id}/publish", confirmed).json()["state"] == "published"
    assert api.post(f"/rounds/{round_id}/reopen").json()["state"] == "open"
    round = FollowUpRound.objects.get(pk=round_id)
    assert history_of(round).count() == 6


def test_a_move_the_state_does_not_allow_is_a_409(api_as, plan, controller):
    round = make_round(plan=plan)
    response = api_as("controller").post(f"/rounds/{round.pk}/publish", {"confirm": True})
    assert response.status_code == 409
    assert response.json()["code"] == "state" and "state" in response.json()["errors"]


@pytest.mark.parametrize("persona, refusal", MANAGE_REFUSALS)
@pytest.mark.parametrize("move", ["close", "open", "publish", "reopen"])
def test_only_managers_move_rounds(api_as, plan, persona, refusal, move, editor, reader, outsider):
    round = make_round(plan=plan, state=State.CLOSED if move != "close" else State.OPEN)
    response = api_as(persona).post(f"/rounds/{round.pk}/{move}")
    assert response.status_code == refusal
    assert FollowUpRound.objects.get(pk=round.pk).state == round.state


def test_round_edits_and_clearing_the_deadline(api_as, plan, controller):
    round = make_round(plan=plan)
    api = api_as("controller")
    body = api.patch(
        f"/rounds/{round.pk}", {"label": "Delårsrapport", "reporting_deadline": "2024-04-20"}
    ).json()
    assert (body["label"], body["reporting_deadline"]) == ("Delårsrapport", "2024-04-20")
    body = api.patch(
        f"/rounds/{round.pk}", {"reporting_deadline": None, "introduction": "Fokus på..."}
    ).json()
    assert body["reporting_deadline"] is None and body["introduction"] == "Fokus på..."
    bad = api.patch(f"/rounds/{round.pk}", {"reporting_deadline": "2023-01-01"})
    assert bad.status_code == 400 and "reporting_deadline" in bad.json()["errors"]


def test_a_second_round_on_the_same_date_names_the_field(api_as, plan, controller):
    make_round(plan=plan)
    response = api_as("controller").post(
        f"/plans/{plan.pk}/rounds", {"label": "Igen", "as_of": "2024-03-31"}
    )
    assert response.status_code == 400 and "as_of" in response.json()["errors"]


@pytest.mark.parametrize(
    "persona, visible",
    [
        ("admin_user", 2),
        ("controller", 2),
        ("editor", 2),
        ("reader", 2),
        ("outsider", 1),
        ("anonymous", 1),
    ],
)
def test_who_sees_which_rounds(
    api_as, plan, persona, visible, admin_user, controller, editor, reader, outsider
):
    make_round(plan=plan)
    published = make_round(
        plan=plan, as_of=plan.rounds.get().as_of.replace(month=8), state=State.PUBLISHED
    )
    api = api_as(persona)
    assert len(api.get("/rounds").json()["items"]) == visible
    assert api.get(f"/rounds/{published.pk}").status_code == 200
    assert [r["id"] for r in api.get("/rounds", state="published").json()["items"]] == [
        published.pk
    ]


def test_unknown_state_filter_names_the_field(api_as, reader):
    response = api_as("reader").get("/rounds", state="finished")
    assert response.status_code == 400 and "state" in response.json()["errors"]
