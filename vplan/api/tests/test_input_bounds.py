"""Typed text is bounded the same on every path: at most 5,000 characters, and no control
character but tab and line breaks (plans/editing.check_typed_text). The API answers a 400
naming the field and writes nothing; the pages do not break on NUL in their filters."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from vplan.followups.models import StatusReport
from vplan.plans import editing
from vplan.plans.editing import MAX_TEXT_LENGTH
from vplan.plans.models import Activity, BoardGoal

pytestmark = pytest.mark.django_db


def report_url(filled_plan, activity="bin"):
    return f"/rounds/{filled_plan['round'].pk}/activities/{filled_plan[activity].pk}/reports"


def test_a_comment_of_5000_characters_is_taken(api_as, filled_plan, editor):
    response = api_as("editor").post(
        report_url(filled_plan),
        {"status": "Pågående", "comment": "x" * MAX_TEXT_LENGTH, "expected_version": 0},
    )
    assert response.status_code == 201
    assert len(StatusReport.objects.get().comment) == MAX_TEXT_LENGTH


@pytest.mark.parametrize("length", [MAX_TEXT_LENGTH + 1, 1_000_000])
def test_a_longer_comment_is_a_400_naming_the_field_and_nothing_is_saved(
    api_as, filled_plan, editor, length
):
    response = api_as("editor").post(
        report_url(filled_plan),
        {"status": "Pågående", "comment": "x" * length, "expected_version": 0},
    )
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["comment"]
    assert not StatusReport.objects.exists()


@pytest.mark.parametrize("character", ["\x00", "\x01", "\x0b", "\x1b", "\x7f", "\x85"])
def test_a_control_character_in_a_comment_is_named_with_its_position(
    api_as, filled_plan, editor, character
):
    response = api_as("editor").post(
        report_url(filled_plan),
        {"status": "Pågående", "comment": f"Klart{character} i maj", "expected_version": 0},
    )
    assert response.status_code == 400
    assert response.json()["errors"]["comment"] == [
        f"Innehåller ett tecken som inte är tillåtet (U+{ord(character):04X}) på position 6."
    ]
    assert not StatusReport.objects.exists()


def test_tabs_and_line_breaks_are_typed_text(api_as, filled_plan, editor):
    response = api_as("editor").post(
        report_url(filled_plan),
        {"status": "Pågående", "comment": "Del 1:\tklar\r\nDel 2: pågår", "expected_version": 0},
    )
    assert response.status_code == 201


@pytest.mark.parametrize(
    "body, field",
    [
        ({"text": "x" * (MAX_TEXT_LENGTH + 1)}, "text"),
        ({"text": "Aktivitet\x0cmed sidbrytning"}, "text"),
    ],
)
def test_an_activity_text_is_bounded_through_the_api(api_as, filled_plan, controller, body, field):
    activity = filled_plan["bin"]
    response = api_as("controller").patch(f"/activities/{activity.pk}", body)
    assert response.status_code == 400
    assert list(response.json()["errors"]) == [field]
    activity.refresh_from_db()
    assert activity.text == "BiN-aktivitet"


def test_the_operations_themselves_refuse_it_whoever_calls_them(filled_plan, controller):
    """An import, a load and the pages call the same operations as the API."""
    plan = filled_plan["plan"]
    with pytest.raises(ValidationError) as refused:
        editing.create_activity(
            plan=plan,
            text="x" * (MAX_TEXT_LENGTH + 1),
            boards=[filled_plan["shared"].boards.first()],
            decided_end="December",
            placements=[editing.Place(municipal_goal=filled_plan["goal"])],
            by=controller,
        )
    assert list(refused.value.message_dict) == ["text"]
    with pytest.raises(ValidationError) as refused:
        editing.create_board_goal(
            plan=plan, title="Mål", description="Beskrivning\x00", by=controller
        )
    assert list(refused.value.message_dict) == ["description"]
    with pytest.raises(ValidationError) as refused:
        editing.change_end_date(activity=filled_plan["bin"], new_end="Dec\x07ember", by=controller)
    assert list(refused.value.message_dict) == ["current_end"]
    assert Activity.objects.count() == 3
    assert BoardGoal.objects.count() == 1


def test_a_round_introduction_is_bounded(api_as, filled_plan, controller):
    round_ = filled_plan["round"]
    response = api_as("controller").patch(
        f"/rounds/{round_.pk}", {"introduction": "x" * (MAX_TEXT_LENGTH + 1)}
    )
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["introduction"]


def test_the_openapi_document_says_how_long_a_text_may_be(client):
    document = client.get("/api/openapi.json").json()
    schemas = document["components"]["schemas"]
    assert schemas["ReportIn"]["properties"]["comment"]["maxLength"] == MAX_TEXT_LENGTH
    assert schemas["ActivityIn"]["properties"]["text"]["maxLength"] == MAX_TEXT_LENGTH
    assert schemas["BudgetLineIn"]["properties"]["system"]["maxLength"] == 200


def test_the_report_page_refuses_a_control_character_at_the_field(client, filled_plan, editor):
    client.force_login(editor)
    status = StatusReport._meta.get_field("status").related_model.objects.get(name="Pågående")
    response = client.post(
        reverse("followups:report", args=[filled_plan["round"].pk, filled_plan["bin"].pk]),
        {"status": status.pk, "comment": "Klart\x0b", "expected_version": 0},
    )
    assert response.status_code == 422
    assert not StatusReport.objects.exists()


@pytest.mark.parametrize("signed_in", [True, False])
def test_pages_with_filters_do_not_break_on_nul(client, demo, signed_in):
    """PostgreSQL refuses NUL in text: a filter or search term with one must not reach it."""
    from vplan.followups.models import FollowUpRound
    from vplan.organisation.models import Administration
    from vplan.plans.models import Plan

    plan = Plan.objects.order_by("-year").first()
    round_ = FollowUpRound.objects.filter(plan=plan).first()
    administration = Administration.objects.first()
    if signed_in:
        client.force_login(demo["users"]["admin"])
    for url in [
        "/search/?q=%00",
        "/search/?q=skola%00&year=%00&kind=%00",
        f"/plans/{plan.pk}/?board=%00&status=%00&q=%00&round=%00",
        f"/rounds/{round_.pk}/?board=%00&mine=%00&missing=%00",
        f"/overviews/{administration.pk}/status/?year=%00&board=B%00N&round=%00&by=%00",
        f"/overviews/{administration.pk}/chronic/?year=%00&board=%00&format=csv",
        f"/lineage/plans/{plan.pk}/?decision=%00",
        f"/reports/rounds/{round_.pk}/?as_of=%00&publication=%00",
        "/objectplans/?year=%00",
    ]:
        response = client.get(url)
        assert response.status_code < 500, url
