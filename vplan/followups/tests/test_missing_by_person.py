"""'Who has not reported', by person (issue 18, point 1): each responsible person with their
count, boards and activities, filterable by board, as CSV and in the API, for controllers."""

import csv
import io

import pytest
from django.urls import reverse

from vplan.organisation.models import Role
from vplan.plans.editing import update_activity
from vplan.testing.factories import make_activity, make_member, make_round, report

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(administration, board):
    anna = make_member(
        administration=administration, role=Role.EDITOR, board=board, username="anna"
    )
    anna.first_name, anna.last_name, anna.email = "Anna", "Ahlström", "anna@example.org"
    anna.save()
    bo = make_member(administration=administration, role=Role.EDITOR, board=board, username="bo")
    bo.first_name, bo.last_name = "Bo", "Berg"
    bo.save()
    return {"anna": anna, "bo": bo}


@pytest.fixture
def round(plan, board, other_board, controller, people):
    round = make_round(plan=plan)
    anna, bo = people["anna"], people["bo"]
    one = make_activity(plan=plan, text="Annas första", boards=[board])
    two = make_activity(plan=plan, text="Annas och Bos", boards=[board, other_board])
    done = make_activity(plan=plan, text="Bos rapporterade", boards=[board])
    make_activity(plan=plan, text="Ingens", boards=[other_board])
    update_activity(activity=one, responsible_people=[anna], by=controller)
    update_activity(activity=two, responsible_people=[anna, bo], by=controller)
    update_activity(activity=done, responsible_people=[bo], by=controller)
    report(activity=done, round=round, status="Genomfört")
    return round


def url(round, suffix=""):
    return reverse("followups:missing_people", args=[round.pk]) + suffix


def test_the_controller_sees_each_person_with_count_and_boards(client, controller, round):
    client.force_login(controller)
    response = client.get(url(round))
    assert response.status_code == 200
    rows = [
        (row.person and row.person.username, row.count, [b.display_code for b in row.boards])
        for row in response.context["people"]
    ]
    assert rows == [("anna", 2, ["BiN", "BoU"]), ("bo", 1, ["BiN", "BoU"]), (None, 1, ["BoU"])]
    html = response.content.decode()
    assert "Anna Ahlström" in html and "Ingen namngiven" in html
    assert "Bos rapporterade" not in html


def test_choosing_a_person_lists_their_activities(client, controller, round, people):
    client.force_login(controller)
    html = client.get(url(round, f"?person={people['anna'].pk}")).content.decode()
    assert "Annas första" in html and "Annas och Bos" in html and "Ingens" not in html
    nobody = client.get(url(round, "?person=none")).content.decode()
    assert "Ingens" in nobody.split('id="chosen-person"')[1]


def test_a_board_filter_keeps_to_that_boards_activities(client, controller, round, other_board):
    client.force_login(controller)
    response = client.get(url(round, f"?board={other_board.pk}"))
    rows = [(row.person and row.person.username, row.count) for row in response.context["people"]]
    assert rows == [("anna", 1), ("bo", 1), (None, 1)]


def test_the_list_downloads_as_csv_with_people_and_activities(client, controller, round):
    client.force_login(controller)
    response = client.get(reverse("followups:missing_people_csv", args=[round.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert lines[0][:3] == ["Ansvarig person", "Användarnamn", "E-post"]
    body = [(line[1], line[4]) for line in lines[1:]]
    assert body == [
        ("anna", "Annas första"),
        ("anna", "Annas och Bos"),
        ("bo", "Annas och Bos"),
        ("", "Ingens"),
    ]
    assert lines[1][2] == "anna@example.org"
    assert lines[1][5].startswith("http://testserver/rounds/")


def test_the_api_gives_the_same_people_and_activities(client, controller, round, people):
    client.force_login(controller)
    answer = client.get(f"/api/rounds/{round.pk}/missing/people").json()
    assert [(i["person"] and i["person"]["username"], i["count"]) for i in answer["items"]] == [
        ("anna", 2),
        ("bo", 1),
        (None, 1),
    ]
    assert answer["items"][0]["person"]["name"] == "Anna Ahlström"
    mine = client.get(f"/api/rounds/{round.pk}/missing/people/{people['anna'].pk}").json()
    assert [item["text"] for item in mine["items"]] == ["Annas första", "Annas och Bos"]
    nobody = client.get(f"/api/rounds/{round.pk}/missing/people/none").json()
    assert [item["text"] for item in nobody["items"]] == ["Ingens"]


def test_the_api_lists_page(client, controller, round, people):
    client.force_login(controller)
    first = client.get(f"/api/rounds/{round.pk}/missing/people", {"limit": 1}).json()
    second = client.get(f"/api/rounds/{round.pk}/missing/people", {"limit": 1, "offset": 1})
    assert first["count"] == 3 and len(first["items"]) == 1
    assert second.json()["items"][0]["person"]["username"] == "bo"
    path = f"/api/rounds/{round.pk}/missing/people/{people['anna'].pk}"
    one = client.get(path, {"limit": 1, "offset": 1}).json()
    assert one["count"] == 2 and [item["text"] for item in one["items"]] == ["Annas och Bos"]


@pytest.mark.parametrize("persona,status", [("editor", 403), ("reader", 403), ("outsider", 404)])
def test_only_controllers_may(client, request, round, persona, status):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(url(round)).status_code == status
    csv_url = reverse("followups:missing_people_csv", args=[round.pk])
    assert client.get(csv_url).status_code == status
    assert client.get(f"/api/rounds/{round.pk}/missing/people").status_code == status


def test_signed_out_visitors_sign_in_first(client, round):
    assert client.get(url(round)).status_code == 302
    # The API, as for /missing: an unpublished round is not known to a signed-out caller.
    assert client.get(f"/api/rounds/{round.pk}/missing/people").status_code == 404


def test_the_page_reads_in_the_same_number_of_queries_for_more_people(
    client, controller, round, plan, board, administration, django_assert_max_num_queries
):
    client.force_login(controller)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(url(round))
    for number in range(10):
        person = make_member(
            administration=administration, role=Role.EDITOR, board=board, username=f"p{number}"
        )
        activity = make_activity(plan=plan, text=f"Fler {number}", boards=[board])
        update_activity(activity=activity, responsible_people=[person], by=controller)
    with django_assert_max_num_queries(len(few)):
        response = client.get(url(round))
    assert len(response.context["people"]) == 13
