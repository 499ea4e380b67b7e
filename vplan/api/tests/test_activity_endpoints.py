import datetime

import pytest

from vplan.followups.models import FollowUpRound
from vplan.testing.factories import make_activity, make_plan, make_round, report

pytestmark = pytest.mark.django_db


@pytest.fixture
def chain(administration, board):
    """An activity carried over 2022 -> 2023 -> 2024, with reports in two rounds of 2024."""
    plans = [
        make_plan(administration=administration, year=y, boards=[board]) for y in (2022, 2023, 2024)
    ]
    first = make_activity(plan=plans[0], boards=[board], text="Utveckla elevhälsan")
    second = make_activity(
        plan=plans[1], boards=[board], text="Utveckla elevhälsan", carried_over_from=first
    )
    third = make_activity(
        plan=plans[2], boards=[board], text="Utveckla elevhälsan", carried_over_from=second
    )
    march = make_round(
        plan=plans[2], as_of=datetime.date(2024, 3, 31), state=FollowUpRound.State.PUBLISHED
    )
    august = make_round(plan=plans[2], as_of=datetime.date(2024, 8, 31))
    report(activity=third, round=march, status="Kvarstår", comment="Ej påbörjad")
    report(activity=third, round=march, status="Pågående", comment="Startat")
    report(activity=third, round=august, status="Genomfört", comment="Klart")
    return {"first": first, "second": second, "third": third, "march": march, "august": august}


def test_activity_detail_has_every_report_and_the_chain(api_as, chain, reader):
    body = api_as("reader").get(f"/activities/{chain['second'].pk}").json()
    assert [link["year"] for link in body["carried_over_from"]] == [2022]
    assert [link["year"] for link in body["carried_over_to"]] == [2024]
    body = api_as("reader").get(f"/activities/{chain['third'].pk}").json()
    assert body["carried_over_year"] == 2023
    assert [link["year"] for link in body["carried_over_from"]] == [2022, 2023]
    rounds = body["rounds"]
    assert [r["round"]["id"] for r in rounds] == [chain["march"].pk, chain["august"].pk]
    assert [(r["version"], r["display_status"]) for r in rounds[0]["reports"]] == [
        (2, "Pågående"),
        (1, "Kvarstår"),
    ]
    assert rounds[1]["reports"][0]["comment"] == "Klart"


def test_anonymous_sees_only_published_rounds_reports(api_as, chain):
    body = api_as("anonymous").get(f"/activities/{chain['third'].pk}").json()
    assert [r["round"]["id"] for r in body["rounds"]] == [chain["march"].pk]


@pytest.mark.parametrize(
    "persona, expected",
    [
        ("admin_user", 200),
        ("controller", 200),
        ("editor", 200),
        ("reader", 200),
        ("outsider", 404),
        ("anonymous", 404),
    ],
)
def test_who_may_read_an_activity(
    api_as, filled_plan, persona, expected, admin_user, controller, editor, reader, outsider
):
    assert api_as(persona).get(f"/activities/{filled_plan['bin'].pk}").status_code == expected


def test_unknown_activity_is_a_json_404(api_as, reader):
    response = api_as("reader").get("/activities/424242")
    assert response.status_code == 404 and response.json()["code"] == "not_found"


def test_unknown_endpoint_is_a_json_404(api_as):
    response = api_as("anonymous").get("/no/such/thing")
    assert response.status_code == 404 and response.json()["code"] == "not_found"


def test_carry_over_link_must_be_readable(api_as, filled_plan, controller):
    foreign = make_activity(plan=make_plan(year=2023))
    response = api_as("controller").patch(
        f"/activities/{filled_plan['bin'].pk}", {"carried_over_from": foreign.pk}
    )
    assert response.status_code == 400 and "carried_over_from" in response.json()["errors"]
