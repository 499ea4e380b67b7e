"""Responsible people of an activity (issue 18, point 1): set on the editing page, through the
API and in an exchange file; recorded; kept by rollover while they are members; named only to
those who may see personal names."""

import json
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from vplan.audit.models import ChangeRecord
from vplan.exchange.document import ExchangeDocument
from vplan.exchange.export import export_plans
from vplan.exchange.load import load_document
from vplan.plans.editing import update_activity
from vplan.plans.models import Activity
from vplan.testing.factories import make_activity, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def activity(plan, board):
    return make_activity(plan=plan, text="Fortbildning i läsundervisning", boards=[board])


def test_a_controller_names_responsible_people_on_the_editing_page(
    client, controller, editor, activity
):
    client.force_login(controller)
    url = reverse("plans:activity_edit", args=[activity.pk])
    form = client.get(url)
    assert form.status_code == 200
    assert "Ansvariga personer" in form.content.decode()
    response = client.post(
        url,
        {
            "text": activity.text,
            "boards": [board.pk for board in activity.boards.all()],
            "responsible_people": [editor.pk],
            "end": "December",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert list(activity.responsible_people.all()) == [editor]
    record = ChangeRecord.objects.filter(changes__has_key="responsible_people").get()
    assert record.changes["responsible_people"] == ["", "editor"]
    assert record.changed_by == controller
    page = client.get(reverse("plans:activity", args=[activity.pk])).content.decode()
    assert "Ansvariga personer" in page


def test_only_members_of_the_administration_can_be_responsible(controller, outsider, activity):
    with pytest.raises(ValidationError) as refused:
        update_activity(activity=activity, responsible_people=[outsider], by=controller)
    assert "outsider" in str(refused.value)
    assert not activity.responsible_people.exists()


def test_the_api_sets_them_and_shows_them_to_members_only(controller, editor, activity):
    client = Client()
    client.force_login(controller)
    answer = client.patch(
        f"/api/activities/{activity.pk}",
        data=json.dumps({"responsible_people": ["editor"]}),
        content_type="application/json",
    )
    assert answer.status_code == 200, answer.content
    assert [p["username"] for p in answer.json()["responsible_people"]] == ["editor"]
    refused = client.patch(
        f"/api/activities/{activity.pk}",
        data=json.dumps({"responsible_people": ["nobody-such"]}),
        content_type="application/json",
    )
    assert refused.status_code in (400, 422)
    assert "nobody-such" in refused.content.decode()
    assert list(activity.responsible_people.all()) == [editor]


def test_a_signed_out_visitor_sees_no_responsible_person(client, controller, editor, activity):
    update_activity(activity=activity, responsible_people=[editor], by=controller)
    editor.first_name, editor.last_name = "Eva", "Ekström"
    editor.save()
    # The plan is not published: nothing to see for the public; its activity page and API
    # answer name nobody for anyone who may not see personal names.
    for answer in (
        client.get(reverse("plans:activity", args=[activity.pk])),
        client.get(f"/api/activities/{activity.pk}"),
    ):
        assert "Ekström" not in answer.content.decode()


def test_the_exchange_format_carries_them_by_user_name(controller, editor, plan, activity):
    update_activity(activity=activity, responsible_people=[editor], by=controller)
    document = export_plans([plan.pk])
    entry = next(a for a in document["plans"][0]["activities"] if a["text"] == activity.text)
    assert entry["responsible_people"] == ["editor"]
    # Loaded elsewhere (here: as another year's copy), the people come back.
    document["plans"][0]["year"] = plan.year + 5
    for item in document["plans"][0]["activities"]:
        item["id"] = str(uuid.uuid4())
        item["carried_over_from"] = None
    document["plans"][0]["rounds"] = []
    loaded = load_document(document=ExchangeDocument.model_validate(document), by=controller)
    copy = Activity.objects.get(plan=loaded[0], text=activity.text)
    assert list(copy.responsible_people.all()) == [editor]


def test_a_name_that_is_no_user_here_is_kept_as_written_and_exported_again(
    controller, plan, activity
):
    document = export_plans([plan.pk])
    document["plans"][0]["year"] = plan.year + 5
    for item in document["plans"][0]["activities"]:
        item["id"] = str(uuid.uuid4())
        item["carried_over_from"] = None
        item["responsible_people"] = ["okand.person"]
    document["plans"][0]["rounds"] = []
    [loaded] = load_document(document=ExchangeDocument.model_validate(document), by=controller)
    copy = Activity.objects.get(plan=loaded, text=activity.text)
    assert not copy.responsible_people.exists()
    assert copy.responsible_as_recorded == ["okand.person"]
    again = export_plans([loaded.pk])["plans"][0]["activities"]
    assert [entry["responsible_people"] for entry in again] == [["okand.person"]]


def test_rollover_keeps_the_people_who_are_still_members(controller, editor, plan, activity):
    from vplan.lineage.rollover import carry_over

    former = make_user(username="former")
    update_activity(activity=activity, responsible_people=[editor], by=controller)
    Activity.responsible_people.through.objects.create(activity=activity, user=former)
    new_plan = carry_over(plan=plan, to_year=plan.year + 1, by=controller)
    copy = Activity.objects.get(plan=new_plan, carried_over_from=activity)
    assert list(copy.responsible_people.all()) == [editor]


def test_a_controller_names_them_from_the_rounds_grid(client, controller, editor, plan, activity):
    from vplan.testing.factories import make_round

    round = make_round(plan=plan)
    client.force_login(controller)
    grid = client.get(reverse("followups:round", args=[round.pk])).content.decode()
    url = reverse("followups:responsible_people", args=[round.pk, activity.pk])
    assert url in grid
    assert client.get(url).status_code == 200
    assert client.post(url, {"person": [editor.pk]}).status_code == 302
    assert list(activity.responsible_people.all()) == [editor]
    client.force_login(editor)
    assert client.get(url).status_code == 403
