"""Overviews through the API: the pages' figures as JSON or CSV, the pages' filters named by field
when wrong, for members of the administration only."""

import datetime

import pytest
import time_machine
from django.test import Client

from vplan.organisation.models import Role
from vplan.plans.models import Activity
from vplan.testing.factories import (
    make_activity,
    make_administration,
    make_member,
    make_plan,
    make_round,
    report,
)

pytestmark = pytest.mark.django_db

OVERVIEWS = ["status", "done", "chronic", "overdue"]
MEMBERS = ["admin_user", "controller", "editor", "reader"]


@pytest.fixture
def history(administration, board, other_board):
    """2023: three activities (done, ongoing, none); 2024 continues the ongoing one, which was
    itself carried over from 2022 (so it is chronic), and adds one of BoU's, done."""
    last = make_plan(administration=administration, year=2023, boards=[board, other_board])
    year_end = make_round(plan=last, as_of=datetime.date(2023, 12, 31))
    done = make_activity(plan=last, text="Införa närvarorutiner", boards=[board])
    ongoing = make_activity(
        plan=last, text="Kartlägga lokalbehovet", boards=[board], decided_end="Mars"
    )
    Activity.objects.filter(pk=ongoing.pk).update(carried_over_from_year=2022)
    make_activity(plan=last, text="Följa upp IM-målen", boards=[other_board])
    report(activity=done, round=year_end, status="Genomfört")
    report(activity=ongoing, round=year_end, status="Pågående")

    this = make_plan(administration=administration, year=2024, boards=[board, other_board])
    march = make_round(plan=this, as_of=datetime.date(2024, 3, 31))
    continued = make_activity(
        plan=this,
        text="Kartlägga lokalbehovet",
        boards=[board],
        decided_end="Mars",
        carried_over_from=ongoing,
    )
    bou = make_activity(plan=this, text="Planera barnskötarutbildning", boards=[other_board])
    report(activity=continued, round=march, status="Pågående")
    report(activity=bou, round=march, status="Genomfört")
    return {"last": last, "this": this, "march": march, "continued": continued, "bou": bou}


def url(administration, overview):
    return f"/administrations/{administration.pk}/overviews/{overview}"


@pytest.mark.parametrize("overview", OVERVIEWS)
@pytest.mark.parametrize("persona", MEMBERS)
def test_members_read_every_overview(api_as, history, administration, overview, persona):
    response = api_as(persona).get(url(administration, overview))
    assert response.status_code == 200
    assert response.json()["administration"]["short_code"] == "TF"


@pytest.mark.parametrize("overview", OVERVIEWS)
@pytest.mark.parametrize("persona", ["outsider", "anonymous"])
def test_others_do_not_see_the_overviews(api_as, history, administration, overview, persona):
    response = api_as(persona).get(url(administration, overview))
    assert response.status_code == 404
    assert api_as(persona).get(url(administration, overview), format="csv").status_code == 404


def test_members_of_another_administration_do_not_see_them(api_as, history):
    other = make_administration()
    client = Client()
    client.force_login(
        make_member(administration=other, role=Role.CONTROLLER, username="elsewhere")
    )
    assert client.get(f"/api{url(history['this'].administration, 'status')}").status_code == 404


def test_statuses_per_perspective_board_and_round(api_as, history, administration, reader):
    api = api_as("reader")
    everything = api.get(url(administration, "status")).json()
    assert everything["filters"] == {
        "year": None,
        "board": None,
        "round": None,
        "by": "perspective",
    }
    assert everything["total"]["total"] == 5
    assert everything["total"]["counts"] == {
        "done": 2,
        "ongoing": 2,
        "not_started": 0,
        "stopped": 0,
        "none": 1,
    }
    assert [c["key"] for c in everything["categories"]] == [
        "done",
        "ongoing",
        "not_started",
        "stopped",
        "none",
    ]
    by_board = api.get(url(administration, "status"), year=2024, by="board").json()
    assert {g["label"]: g["total"] for g in by_board["groups"]} == {"BiN": 1, "BoU": 1}
    bin_only = api.get(url(administration, "status"), board="bin", year=2024).json()
    assert bin_only["filters"]["board"] == "BiN" and bin_only["total"]["total"] == 1
    in_round = api.get(url(administration, "status"), round=history["march"].pk).json()
    assert in_round["filters"]["round"] == history["march"].pk
    assert in_round["total"]["counts"]["done"] == 1


@pytest.mark.parametrize(
    "overview, params, field",
    [
        ("status", {"year": 1999}, "year"),
        ("done", {"board": "KoF"}, "board"),
        ("chronic", {"board": "999999"}, "board"),
        ("status", {"by": "colour"}, "by"),
        ("overdue", {"format": "xml"}, "format"),
        ("status", {"year": "förra"}, "year"),
    ],
)
def test_a_wrong_filter_is_named(api_as, history, administration, reader, overview, params, field):
    response = api_as("reader").get(url(administration, overview), **params)
    assert response.status_code == 400
    assert list(response.json()["errors"]) == [field]


def test_a_round_of_another_year_is_refused(api_as, history, administration, reader):
    response = api_as("reader").get(
        url(administration, "status"), round=history["march"].pk, year=2023
    )
    assert response.status_code == 400 and list(response.json()["errors"]) == ["round"]


def test_the_share_done_per_year(api_as, history, administration, reader):
    body = api_as("reader").get(url(administration, "done")).json()
    assert [(y["year"], y["done"], y["total"], y["percent"]) for y in body["years"]] == [
        (2023, 1, 3, 33),
        (2024, 1, 2, 50),
    ]


def test_chronic_activities_follow_the_chain(api_as, history, administration, reader):
    body = api_as("reader").get(url(administration, "chronic")).json()
    [chronic] = body["activities"]
    assert chronic["activity"]["id"] == history["continued"].pk
    assert (chronic["times_carried_over"], chronic["first_year"]) == (2, 2022)


def test_overdue_activities_as_of_today(api_as, history, administration, reader):
    with time_machine.travel(datetime.datetime(2024, 6, 1, 12, tzinfo=datetime.UTC)):
        body = api_as("reader").get(url(administration, "overdue"), year=2024).json()
    assert body["today"] == "2024-06-01"
    assert [a["id"] for a in body["activities"]] == [history["continued"].pk]
    assert body["activities"][0]["end"] == "Mars"


@pytest.mark.parametrize("overview", OVERVIEWS)
def test_each_overview_downloads_as_csv(api_as, history, administration, reader, overview):
    response = api_as("reader").get(url(administration, overview), format="csv", board="BiN")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    disposition = response["Content-Disposition"]
    assert disposition.startswith('attachment; filename="tf-') and disposition.endswith('-bin.csv"')
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff") and ";" in text.splitlines()[0]
