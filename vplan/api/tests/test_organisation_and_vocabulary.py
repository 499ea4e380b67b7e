import pytest

from vplan.followups.models import FollowUpRound, Status
from vplan.testing.factories import make_administration, make_board, make_plan, make_round

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "persona, visible",
    [
        ("admin_user", 1),
        ("controller", 1),
        ("editor", 1),
        ("reader", 1),
        ("outsider", 0),
        ("anonymous", 0),
    ],
)
def test_administrations_and_boards_a_persona_may_read(
    api_as,
    administration,
    board,
    other_board,
    persona,
    visible,
    admin_user,
    controller,
    editor,
    reader,
    outsider,
):
    make_board(code="KoF", administration=make_administration())
    api = api_as(persona)
    administrations = api.get("/administrations").json()["items"]
    assert len(administrations) == visible
    assert api.get(f"/administrations/{administration.pk}").status_code == (200 if visible else 404)
    assert len(api.get("/boards").json()["items"]) == 2 * visible
    if visible:
        assert [b["display_code"] for b in administrations[0]["boards"]] == ["BiN", "BoU"]


def test_a_published_round_makes_its_administration_public(api_as, administration, board):
    plan = make_plan(administration=administration, boards=[board])
    make_round(plan=plan, state=FollowUpRound.State.PUBLISHED)
    assert [a["id"] for a in api_as("anonymous").get("/administrations").json()["items"]] == [
        administration.pk
    ]


def test_status_vocabulary(api_as):
    offered = api_as("anonymous").get("/statuses").json()["items"]
    assert "Pågående" in [s["name"] for s in offered]
    assert "Klart" not in [s["name"] for s in offered]
    everything = api_as("anonymous").get("/statuses", all="true").json()["items"]
    assert len(everything) == Status.objects.count()
    assert {s["category"] for s in everything} == {"done", "ongoing", "not_started", "stopped"}
