"""Updating a round in Excel through the API: GET the sheet, POST it for a preview (JSON),
POST the preview's confirmation to apply it; the same rules as the page."""

import io
import json

import pytest
from django.test import Client

from vplan.api.tokens import create_api_token
from vplan.followups.models import FollowUpRound, StatusReport
from vplan.followups.tests.test_round_sheet import edited, row_of
from vplan.testing.factories import make_activity, make_round, report


@pytest.fixture
def round(plan):
    return make_round(plan=plan)


@pytest.fixture
def reading(plan, board):
    return make_activity(plan=plan, text="Läsfrämjande insatser", boards=[board])


@pytest.fixture
def meals(plan, other_board):
    return make_activity(plan=plan, text="Skolmåltider", boards=[other_board])


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def get_sheet(client, round) -> bytes:
    response = client.get(f"/api/rounds/{round.pk}/sheet")
    assert response.status_code == 200, response.content[:300]
    assert "attachment" in response["Content-Disposition"]
    return response.content


def preview(client, round, content: bytes, **extra):
    file = io.BytesIO(content)
    file.name = "omgang.xlsx"
    return client.post(f"/api/rounds/{round.pk}/sheet/preview", {"file": file}, **extra)


def apply(client, round, confirmation: str, **extra):
    return client.post(
        f"/api/rounds/{round.pk}/sheet/apply",
        json.dumps({"confirmation": confirmation}),
        content_type="application/json",
        **extra,
    )


def test_the_round_trip_through_the_api_with_a_token(controller, round, reading, meals):
    token = create_api_token(user=controller, name="excel")[1]
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    content = edited(
        get_sheet(client, round), {reading: ("Genomfört", "Klart."), meals: ("Hoppsan", None)}
    )
    answer = preview(client, round, content)
    assert answer.status_code == 200
    body = answer.json()
    assert body["counts"] == {"unchanged": 0, "changed": 1, "refused": 1}
    refused = next(row for row in body["rows"] if row["outcome"] == "refused")
    assert refused["row"] == row_of(content, meals)
    assert refused["reason"].startswith("Okänd status ”Hoppsan”")
    assert not StatusReport.objects.exists()

    applied = apply(client, round, body["confirmation"])
    assert applied.status_code == 200, applied.content
    assert applied.json() == {
        "round_id": round.pk,
        "saved": 1,
        "reports": [
            {
                "row": row_of(content, reading),
                "activity_id": reading.pk,
                "version": 1,
                "status": "Genomfört",
            }
        ],
    }
    saved = StatusReport.objects.get()
    assert (saved.activity, saved.author, saved.comment) == (reading, controller, "Klart.")


def test_a_conflict_after_the_preview_is_409_and_saves_nothing(
    controller, editor, round, reading, meals
):
    client = signed_in(controller)
    content = edited(
        get_sheet(client, round), {reading: ("Pågående", "A"), meals: ("Pågående", "B")}
    )
    body = preview(client, round, content).json()
    report(activity=reading, round=round, status="Kvarstår", author=editor)
    answer = apply(client, round, body["confirmation"])
    assert answer.status_code == 409
    assert answer.json()["code"] == "conflict"
    assert answer.json()["row"] == row_of(content, reading)
    assert StatusReport.objects.count() == 1


def test_an_editor_is_refused_another_boards_row(editor, round, reading, meals):
    client = signed_in(editor)
    content = edited(get_sheet(client, round), {meals: ("Pågående", "Inte min.")})
    body = preview(client, round, content).json()
    assert body["counts"] == {"unchanged": 1, "changed": 0, "refused": 1}
    [refused] = body["rows"]
    assert refused["row"] == row_of(content, meals)
    assert "inte rapportera om den här aktiviteten" in refused["reason"]
    assert body["unchanged_rows"] == [row_of(content, reading)]
    assert body["confirmation"] == ""


def test_a_closed_round_is_409(controller, round):
    FollowUpRound.objects.filter(pk=round.pk).update(state=FollowUpRound.State.CLOSED)
    answer = signed_in(controller).get(f"/api/rounds/{round.pk}/sheet")
    assert answer.status_code == 409
    assert answer.json()["code"] == "round_not_open"


def test_a_file_that_is_not_a_round_sheet_is_400(controller, round):
    answer = preview(signed_in(controller), round, b"not excel")
    assert answer.status_code == 400
    assert "Excel" in answer.json()["errors"]["file"][0]


def test_a_damaged_confirmation_is_400(controller, round):
    answer = apply(signed_in(controller), round, "nonsense")
    assert answer.status_code == 400
    assert "confirmation" in answer.json()["errors"]


@pytest.mark.parametrize("persona, status", [("reader", 403), ("outsider", 404)])
def test_readers_and_outsiders_are_refused(request, round, persona, status):
    client = signed_in(request.getfixturevalue(persona))
    assert client.get(f"/api/rounds/{round.pk}/sheet").status_code == status


def test_anonymous_callers_are_refused(round):
    assert Client().get(f"/api/rounds/{round.pk}/sheet").status_code in (401, 404)


def test_many_changes_are_saved_by_a_worker_202(controller, plan, board, round, monkeypatch):
    from vplan.followups import round_sheet
    from vplan.jobs.running import run_next_job

    monkeypatch.setattr(round_sheet, "SAVED_BY_A_WORKER_ABOVE", 1)
    activities = [make_activity(plan=plan, boards=[board]) for _ in range(2)]
    client = signed_in(controller)
    content = edited(get_sheet(client, round), {a: ("Pågående", "") for a in activities})
    answer = apply(client, round, preview(client, round, content).json()["confirmation"])
    assert answer.status_code == 202
    job_url = answer["Location"]
    assert not StatusReport.objects.exists()
    run_next_job(worker="test")
    job = client.get(job_url).json()
    assert job["state"] == "done"
    assert job["result"]["saved"] == 2
    assert StatusReport.objects.count() == 2
