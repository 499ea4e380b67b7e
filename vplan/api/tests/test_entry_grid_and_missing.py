import pytest

from vplan.followups.models import FollowUpRound
from vplan.testing.factories import report

pytestmark = pytest.mark.django_db


def test_grid_has_every_activity_with_status_version_and_whether_the_caller_may_edit(
    api_as, filled_plan, editor
):
    data = filled_plan
    report(activity=data["bin"], round=data["round"], status="Pågående")
    report(activity=data["bin"], round=data["round"], status="Genomfört")
    body = api_as("editor").get(f"/rounds/{data['round'].pk}/entries").json()
    entries = {e["text"]: e for e in body["items"]}
    assert body["count"] == 3
    assert set(entries) == {"Gemensam aktivitet", "BiN-aktivitet", "BoU-aktivitet"}
    assert entries["BiN-aktivitet"]["version"] == 2
    assert entries["BiN-aktivitet"]["current"]["display_status"] == "Genomfört"
    assert entries["BoU-aktivitet"]["current"] is None and entries["BoU-aktivitet"]["version"] == 0
    assert (entries["BiN-aktivitet"]["can_edit"], entries["BoU-aktivitet"]["can_edit"]) == (
        True,
        False,
    )
    mine = api_as("editor").get(f"/rounds/{data['round'].pk}/entries", mine="true").json()
    assert {e["text"] for e in mine["items"]} == {"Gemensam aktivitet", "BiN-aktivitet"}


def test_nobody_may_edit_a_closed_round(api_as, filled_plan, controller):
    round = filled_plan["round"]
    round.state = FollowUpRound.State.CLOSED
    round.save(update_fields=["state"])
    body = api_as("controller").get(f"/rounds/{round.pk}/entries").json()
    assert not any(e["can_edit"] for e in body["items"])


@pytest.mark.parametrize(
    "persona, expected", [("reader", 200), ("outsider", 404), ("anonymous", 404)]
)
def test_who_may_see_the_grid(api_as, filled_plan, persona, expected, reader, outsider):
    response = api_as(persona).get(f"/rounds/{filled_plan['round'].pk}/entries")
    assert response.status_code == expected
    if expected == 200:
        assert not any(e["can_edit"] for e in response.json()["items"])


def test_who_has_not_reported_per_board(api_as, filled_plan, controller, other_board):
    data = filled_plan
    report(activity=data["shared"], round=data["round"])
    api = api_as("controller")
    body = api.get(f"/rounds/{data['round'].pk}/missing").json()
    missing = [(row["board"]["display_code"], row["activity"]["text"]) for row in body["items"]]
    assert missing == [("BiN", "BiN-aktivitet"), ("BoU", "BoU-aktivitet")]
    assert body["count"] == 2
    one_board = api.get(f"/rounds/{data['round'].pk}/missing", board=other_board.pk).json()
    assert [row["activity"]["text"] for row in one_board["items"]] == ["BoU-aktivitet"]
    assert one_board["count"] == 1


@pytest.mark.parametrize(
    "persona, expected",
    [
        ("admin_user", 200),
        ("controller", 200),
        ("editor", 403),
        ("reader", 403),
        ("outsider", 404),
        ("anonymous", 404),
    ],
)
def test_only_managers_see_who_has_not_reported(
    api_as, filled_plan, persona, expected, admin_user, controller, editor, reader, outsider
):
    assert api_as(persona).get(f"/rounds/{filled_plan['round'].pk}/missing").status_code == expected


def test_me_lists_open_rounds_with_my_missing_count(api_as, filled_plan, editor):
    body = api_as("editor").get("/me").json()
    assert body["memberships"] == [
        {
            "administration_id": filled_plan["plan"].administration_id,
            "board": "BiN",
            "role": "editor",
        }
    ]
    (round,) = body["open_rounds"]
    assert round["id"] == filled_plan["round"].pk and round["missing_for_me"] == 2
