"""The boards' sign-off of a round (issue 18, point 3): an editor marks their board ready, the
controller approves it or returns it with a comment (which e-mails the board's people); each
step with who and when; two steps at once give a conflict; the same in the API."""

import json

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from vplan.followups.models import BoardReadiness
from vplan.followups.readiness import SignOffConflict, approved_boards, take_step
from vplan.mail_url import email_settings_from_url
from vplan.testing.factories import make_activity, make_round
from vplan.testing.smtp import running_smtp_server

pytestmark = pytest.mark.django_db


@pytest.fixture
def round(plan, board, other_board):
    round = make_round(plan=plan)
    make_activity(plan=plan, text="Utan status", boards=[board])
    return round


def step(client, round, board, state, expected=None, comment=""):
    return client.post(
        reverse("followups:readiness_step", args=[round.pk, board.pk]),
        {"state": state, "expected": "" if expected is None else expected, "comment": comment},
    )


def latest(round, board):
    return BoardReadiness.objects.filter(round=round, board=board).order_by("id").last()


def test_editor_marks_ready_and_controller_approves(client, editor, controller, round, board):
    client.force_login(editor)
    page = client.get(reverse("followups:readiness", args=[round.pk])).content.decode()
    assert "Klarmarkera" in page and "Godkänn" not in page
    step(client, round, board, "ready")
    ready = latest(round, board)
    assert (ready.state, ready.made_by) == ("ready", editor)

    client.force_login(controller)
    page = client.get(reverse("followups:readiness", args=[round.pk])).content.decode()
    assert "Klarmarkerad" in page and "Godkänn" in page
    step(client, round, board, "approved", expected=ready.pk)
    approved = latest(round, board)
    assert (approved.state, approved.made_by) == ("approved", controller)
    assert approved_boards(round) == [board]
    assert BoardReadiness.objects.filter(round=round, board=board).count() == 2  # history kept


def test_an_editor_may_not_mark_another_board_nor_approve(
    client, editor, round, board, other_board
):
    client.force_login(editor)
    assert step(client, round, other_board, "ready").status_code == 403
    step(client, round, board, "ready")
    assert (
        step(client, round, board, "approved", expected=latest(round, board).pk).status_code == 403
    )
    assert latest(round, board).state == "ready"


def test_two_steps_on_the_same_state_give_a_conflict_not_an_overwrite(
    editor, controller, round, board
):
    ready = take_step(round=round, board=board, state="ready", by=editor, expected=None)
    take_step(round=round, board=board, state="approved", by=controller, expected=ready.pk)
    with pytest.raises(SignOffConflict):
        take_step(
            round=round,
            board=board,
            state="returned",
            by=controller,
            expected=ready.pk,
            comment="Fel omgång",
        )
    assert latest(round, board).state == "approved"


def test_returning_needs_a_comment_and_mails_the_boards_people(
    client, editor, controller, round, board
):
    editor.email = "editor@kommun.se"
    editor.save()
    ready = take_step(round=round, board=board, state="ready", by=editor, expected=None)
    client.force_login(controller)
    step(client, round, board, "returned", expected=ready.pk, comment="")
    assert latest(round, board).state == "ready"
    with running_smtp_server() as (collector, port):
        with override_settings(
            **email_settings_from_url(f"smtp://127.0.0.1:{port}/", sender="vplan@kommun.se"),
            VPLAN_BASE_URL="https://vplan.example",
        ):
            step(client, round, board, "returned", expected=ready.pk, comment="Komplettera BiN")
    returned = latest(round, board)
    assert (returned.state, returned.comment) == ("returned", "Komplettera BiN")
    [mail] = collector.messages
    assert mail["To"] == "editor@kommun.se"
    assert str(mail["Subject"]).strip().startswith("Återsänd: BiN")
    text = mail.get_body(preferencelist=("plain",)).get_content()
    assert "Komplettera BiN" in text
    assert f"https://vplan.example/rounds/{round.pk}/sign-off/" in text
    # The editor marks it ready again.
    take_step(round=round, board=board, state="ready", by=editor, expected=returned.pk)
    assert latest(round, board).state == "ready"


def test_a_closed_round_takes_no_step(editor, round, board):
    round.state = "closed"
    round.save()
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        take_step(round=round, board=board, state="ready", by=editor, expected=None)


def test_the_api_lists_and_takes_steps(editor, controller, round, board, other_board):
    api = Client()
    api.force_login(editor)
    listed = api.get(f"/api/rounds/{round.pk}/sign-off").json()
    assert [(i["board"]["display_code"], i["missing"], i["state"]) for i in listed["items"]] == [
        ("BiN", 1, None),
        ("BoU", 0, None),
    ]
    second = api.get(f"/api/rounds/{round.pk}/sign-off", {"limit": 1, "offset": 1}).json()
    assert second["count"] == 2 and second["items"][0]["board"]["display_code"] == "BoU"
    made = api.post(
        f"/api/rounds/{round.pk}/sign-off/{board.pk}",
        data=json.dumps({"state": "ready", "expected": None}),
        content_type="application/json",
    )
    assert made.status_code == 201, made.content
    assert made.json()["state"] == "ready"
    again = api.post(
        f"/api/rounds/{round.pk}/sign-off/{board.pk}",
        data=json.dumps({"state": "ready", "expected": None}),
        content_type="application/json",
    )
    assert again.status_code == 409
    assert again.json()["current"] == made.json()["expected"]


def test_signed_out_and_outsiders_see_nothing(client, outsider, round):
    assert client.get(reverse("followups:readiness", args=[round.pk])).status_code == 302
    client.force_login(outsider)
    assert client.get(reverse("followups:readiness", args=[round.pk])).status_code == 404


def test_closing_warns_of_boards_not_ready_and_who_has_not_reported_shows_the_state(
    client, editor, controller, round, board, other_board
):
    take_step(round=round, board=board, state="ready", by=editor, expected=None)
    client.force_login(controller)
    close = client.get(reverse("followups:change_state", args=[round.pk, "close"])).content
    warning = close.decode().split("Nämnder som inte är klarmarkerade eller godkända:")[1]
    assert "(BoU)" in warning.split("</p>")[0] and "(BiN)" not in warning.split("</p>")[0]
    missing = client.get(reverse("followups:missing", args=[round.pk])).content.decode()
    assert "Klarmarkerad" in missing or "klarmarkerad" in missing


def test_the_publication_states_which_boards_had_approved(client, editor, controller, round, board):
    from vplan.followups.round_lifecycle import close_round
    from vplan.reports.models import Publication
    from vplan.reports.publication import publish_round

    ready = take_step(round=round, board=board, state="ready", by=editor, expected=None)
    take_step(round=round, board=board, state="approved", by=controller, expected=ready.pk)
    close_round(round=round, by=controller)
    publish_round(round=round, by=controller)
    assert Publication.objects.get(round=round).approved_boards == ["Bildningsnämnden (BiN)"]
    page = client.get(reverse("reports:page", args=[round.pk])).content.decode()
    assert "Godkänd av: Bildningsnämnden (BiN)" in page
