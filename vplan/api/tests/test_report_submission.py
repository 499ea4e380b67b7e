import pytest

from vplan.followups.models import FollowUpRound, Status, StatusReport
from vplan.testing.factories import make_round, report

pytestmark = pytest.mark.django_db


def reports_url(round, activity):
    return f"/rounds/{round.pk}/activities/{activity.pk}/reports"


def test_editor_reports_on_an_activity_of_their_board(api_as, filled_plan, editor):
    data = filled_plan
    response = api_as("editor").post(
        reports_url(data["round"], data["bin"]),
        {"status": "pågående", "comment": "Arbetet har startat.", "expected_version": 0},
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["version"], body["display_status"], body["author"]) == (1, "Pågående", "editor")
    assert body["status"]["category"] == "ongoing"
    saved = StatusReport.objects.get()
    assert (saved.author, saved.comment) == (editor, "Arbetet har startat.")


def test_a_stale_version_is_a_conflict_and_nothing_is_lost(api_as, filled_plan, editor, controller):
    data = filled_plan
    url = reports_url(data["round"], data["bin"])
    first = api_as("controller").post(
        url, {"status": "Pågående", "comment": "Controllerns text", "expected_version": 0}
    )
    assert first.status_code == 201
    # The editor loaded the grid before the controller saved: they still think version 0.
    stale = api_as("editor").post(
        url, {"status": "Genomfört", "comment": "Redaktörens text", "expected_version": 0}
    )
    assert stale.status_code == 409
    conflict = stale.json()
    assert conflict["code"] == "conflict" and "expected_version" in conflict["errors"]
    assert (
        conflict["current"]["comment"] == "Controllerns text"
        and conflict["current"]["version"] == 1
    )
    assert conflict["yours"] == {
        "status": "Genomfört",
        "status_text": "",
        "comment": "Redaktörens text",
        "expected_version": 0,
    }
    assert StatusReport.objects.get().comment == "Controllerns text"  # not overwritten
    # The editor compares and saves on top of the version they have now seen: both are kept.
    again = api_as("editor").post(
        url, {**conflict["yours"], "expected_version": conflict["current"]["version"]}
    )
    assert again.status_code == 201
    history = api_as("reader" if False else "controller").get(url).json()["items"]
    assert [(r["version"], r["comment"]) for r in history] == [
        (2, "Redaktörens text"),
        (1, "Controllerns text"),
    ]


def test_closed_round_refuses_reports(api_as, filled_plan, editor):
    data = filled_plan
    round = data["round"]
    round.state = FollowUpRound.State.CLOSED
    round.save(update_fields=["state"])
    response = api_as("editor").post(
        reports_url(round, data["bin"]), {"status": "Pågående", "expected_version": 0}
    )
    assert response.status_code == 409
    assert response.json()["code"] == "round_not_open"
    assert not StatusReport.objects.exists()


@pytest.mark.parametrize(
    "persona, activity, expected",
    [
        ("editor", "bou", 403),  # another board's activity
        ("reader", "bin", 403),
        ("outsider", "bin", 404),
        ("anonymous", "bin", 401),
        ("controller", "bou", 201),
        ("admin_user", "bou", 201),
    ],
)
def test_who_may_report(
    api_as,
    filled_plan,
    persona,
    activity,
    expected,
    admin_user,
    controller,
    editor,
    reader,
    outsider,
):
    data = filled_plan
    response = api_as(persona).post(
        reports_url(data["round"], data[activity]), {"status": "Pågående", "expected_version": 0}
    )
    assert response.status_code == expected
    assert StatusReport.objects.count() == (1 if expected == 201 else 0)


def test_reader_is_refused_even_in_a_closed_round_with_403(api_as, filled_plan, reader):
    round = filled_plan["round"]
    round.state = FollowUpRound.State.CLOSED
    round.save(update_fields=["state"])
    response = api_as("reader").post(
        reports_url(round, filled_plan["bin"]), {"status": "Pågående", "expected_version": 0}
    )
    assert response.status_code == 403


def test_bad_reports_name_the_field(api_as, filled_plan, editor):
    url = reports_url(filled_plan["round"], filled_plan["bin"])
    api = api_as("editor")
    for body, field in [
        ({"status": "Superbra", "expected_version": 0}, "status"),
        ({"status": "Klart", "expected_version": 0}, "status"),  # kept for history only
        ({"status": "Pågående"}, "expected_version"),
        ({"status": "Pågående", "expected_version": -1}, "expected_version"),
        ({"comment": "utan status", "expected_version": 0}, "__all__"),
    ]:
        response = api.post(url, body)
        assert response.status_code == 400, (body, response.content)
        assert field in response.json()["errors"], (body, response.json())
    assert not StatusReport.objects.exists()


def test_a_retired_status_may_be_kept_with_a_new_comment(api_as, filled_plan, editor):
    retired = Status.objects.get(name="Klart")
    report(activity=filled_plan["bin"], round=filled_plan["round"], status="Klart")
    assert not retired.is_active
    response = api_as("editor").post(
        reports_url(filled_plan["round"], filled_plan["bin"]),
        {"status": retired.pk, "comment": "Ny kommentar", "expected_version": 1},
    )
    assert response.status_code == 201


def test_an_activity_of_another_plan_is_not_found_in_the_round(api_as, filled_plan, controller):
    from vplan.testing.factories import make_activity, make_plan

    elsewhere = make_activity(
        plan=make_plan(administration=filled_plan["plan"].administration, year=2023)
    )
    response = api_as("controller").post(
        reports_url(filled_plan["round"], elsewhere), {"status": "Pågående", "expected_version": 0}
    )
    assert response.status_code == 404


def test_published_round_reports_are_public(api_as, filled_plan):
    round = make_round(
        plan=filled_plan["plan"],
        as_of=filled_plan["round"].as_of.replace(month=12, day=31),
        state=FollowUpRound.State.PUBLISHED,
    )
    report(activity=filled_plan["bin"], round=round, status="Genomfört")
    response = api_as("anonymous").get(reports_url(round, filled_plan["bin"]))
    assert (
        response.status_code == 200 and response.json()["items"][0]["display_status"] == "Genomfört"
    )
    assert (
        api_as("anonymous").get(reports_url(filled_plan["round"], filled_plan["bin"])).status_code
        == 404
    )
