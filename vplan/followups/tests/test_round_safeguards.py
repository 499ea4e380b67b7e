"""The round's safeguards, on the pages and in the API: closing and publishing are confirmed on a
page that says what is missing; publishing before the as-of date needs an override with a reason;
one open round per plan unless the controller chooses to keep another open; a passed deadline
is said on the round page. Every override is recorded (who, when, why)."""

import datetime

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse

from vplan.audit.models import ChangeRecord
from vplan.followups.models import FollowUpRound, RoundOverride
from vplan.testing.factories import make_activity, make_round, report

State = FollowUpRound.State
# The round below is "per 31 mars 2024"; these are days before and after it.
BEFORE_AS_OF = datetime.datetime(2024, 3, 20, 9, tzinfo=datetime.UTC)
AFTER_AS_OF = datetime.datetime(2024, 4, 20, 9, tzinfo=datetime.UTC)


@pytest.fixture
def round(plan, board, other_board):
    """Per 31 mars 2024, deadline 12 April: BiN lacks two statuses, BoU one, one is reported."""
    round = make_round(plan=plan, label="Uppföljning per 31 mars")
    round.reporting_deadline = datetime.date(2024, 4, 12)
    round.save(update_fields=["reporting_deadline"])
    make_activity(plan=plan, text="Första", boards=[board])
    make_activity(plan=plan, text="Delad", boards=[board, other_board])
    done = make_activity(plan=plan, text="Klar", boards=[board])
    report(activity=done, round=round, status="Genomfört")
    return round


def move_url(round, action):
    return reverse("followups:change_state", args=[round.pk, action])


def closed(round):
    FollowUpRound.objects.filter(pk=round.pk).update(state=State.CLOSED)
    round.refresh_from_db()
    return round


def api(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def api_post(client, path, body=None):
    return client.post(f"/api{path}", body or {}, content_type="application/json")


# --- closing ---------------------------------------------------------------------------------


def test_the_close_page_says_how_many_lack_a_status_per_board_with_links(
    client, controller, round, board, other_board
):
    client.force_login(controller)
    response = client.get(move_url(round, "close"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "2 aktiviteter saknar fortfarande status." in html
    missing = reverse("followups:missing", args=[round.pk])
    assert f'href="{missing}?board={board.pk}"' in html
    assert f'href="{missing}?board={other_board.pk}"' in html
    assert "Bildningsnämnden (BiN)</a>: 2 utan status" in html
    assert "Barn- och ungdomsnämnden (BoU)</a>: 1 utan status" in html
    assert f'href="{missing}"' in html
    round.refresh_from_db()
    assert round.state == State.OPEN


def test_the_round_page_links_to_the_confirmation_page_instead_of_closing(
    client, controller, round
):
    client.force_login(controller)
    html = client.get(reverse("followups:round", args=[round.pk])).content.decode()
    assert f'href="{move_url(round, "close")}"' in html
    assert f'action="{move_url(round, "close")}"' not in html


def test_closing_without_the_confirmation_is_refused_and_says_what_is_missing(
    client, controller, round
):
    client.force_login(controller)
    response = client.post(move_url(round, "close"))
    assert response.status_code == 400
    assert "Bekräfta att uppföljningen ska stängas. 2 aktiviteter saknar status." in (
        response.content.decode()
    )
    round.refresh_from_db()
    assert round.state == State.OPEN


def test_the_confirmed_close_closes(client, controller, round):
    client.force_login(controller)
    response = client.post(move_url(round, "close"), {"confirm": "yes"})
    assert response["Location"] == reverse("followups:round", args=[round.pk])
    round.refresh_from_db()
    assert round.state == State.CLOSED


@pytest.mark.parametrize("persona, refusal", [("editor", 403), ("reader", 403), ("outsider", 404)])
def test_only_controllers_see_the_confirmation_pages(client, request, round, persona, refusal):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(move_url(round, "close")).status_code == refusal
    assert client.get(move_url(closed(round), "publish")).status_code == refusal


def test_a_step_the_state_does_not_allow_sends_back_to_the_round(client, controller, round):
    client.force_login(controller)
    response = client.get(move_url(round, "publish"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("followups:round", args=[round.pk])
    assert "Uppföljningen är öppen." in response.content.decode()


# --- publishing --------------------------------------------------------------------------------


def test_publishing_before_the_as_of_date_needs_the_override(client, controller, round):
    closed(round)
    client.force_login(controller)
    with time_machine.travel(BEFORE_AS_OF):
        page = client.get(move_url(round, "publish")).content.decode()
        refused = client.post(move_url(round, "publish"), {"confirm": "yes"})
    assert 'name="before_as_of"' in page and 'name="before_as_of_reason"' in page
    assert "i dag är det 20 mars 2024" in page
    assert refused.status_code == 409
    assert "den dagen har inte kommit än" in refused.content.decode()
    round.refresh_from_db()
    assert round.state == State.CLOSED
    assert not RoundOverride.objects.exists()


def test_the_override_without_a_reason_is_refused(client, controller, round):
    closed(round)
    client.force_login(controller)
    with time_machine.travel(BEFORE_AS_OF):
        response = client.post(move_url(round, "publish"), {"confirm": "yes", "before_as_of": "on"})
    assert response.status_code == 400
    assert "Ange varför uppföljningen publiceras före per-datumet" in response.content.decode()
    round.refresh_from_db()
    assert round.state == State.CLOSED


def test_the_override_with_a_reason_publishes_and_is_recorded(client, controller, round):
    closed(round)
    client.force_login(controller)
    with time_machine.travel(BEFORE_AS_OF, tick=False):
        response = client.post(
            move_url(round, "publish"),
            {
                "confirm": "yes",
                "before_as_of": "on",
                "before_as_of_reason": "Nämnden sammanträder före månadsskiftet.",
            },
        )
    assert response.status_code == 302
    round.refresh_from_db()
    assert round.state == State.PUBLISHED
    [override] = RoundOverride.objects.filter(round=round)
    assert override.kind == RoundOverride.Kind.PUBLISHED_BEFORE_AS_OF
    assert override.reason == "Nämnden sammanträder före månadsskiftet."
    assert override.made_by == controller
    assert override.made_at == BEFORE_AS_OF
    record = ChangeRecord.objects.get(
        content_type=ContentType.objects.get_for_model(RoundOverride), object_id=str(override.pk)
    )
    assert record.changed_by == controller
    assert record.changes["reason"][1] == "Nämnden sammanträder före månadsskiftet."


def test_after_the_as_of_date_no_override_is_asked(client, controller, round):
    closed(round)
    client.force_login(controller)
    with time_machine.travel(AFTER_AS_OF):
        page = client.get(move_url(round, "publish")).content.decode()
        response = client.post(move_url(round, "publish"), {"confirm": "yes"})
    assert 'name="before_as_of"' not in page
    assert "2 aktiviteter saknar fortfarande status." in page
    assert response.status_code == 302
    round.refresh_from_db()
    assert round.state == State.PUBLISHED
    assert not RoundOverride.objects.exists()


def test_publishing_without_the_confirmation_is_refused(client, controller, round):
    closed(round)
    client.force_login(controller)
    with time_machine.travel(AFTER_AS_OF):
        response = client.post(move_url(round, "publish"))
    assert response.status_code == 400
    round.refresh_from_db()
    assert round.state == State.CLOSED


# --- one open round per plan ---------------------------------------------------------------------


NEW_ROUND = {"label": "Delårsrapport per 31 augusti", "as_of": "2024-08-31"}


def test_a_second_open_round_needs_the_choice_on_the_new_round_page(client, controller, round):
    client.force_login(controller)
    url = reverse("followups:create_round", args=[round.plan.pk])
    page = client.get(url).content.decode()
    assert 'name="keep_other_rounds_open"' in page and "Uppföljning per 31 mars" in page
    refused = client.post(url, NEW_ROUND)
    assert refused.status_code == 200
    assert "Planens uppföljning ”Uppföljning per 31 mars” är öppen." in refused.content.decode()
    assert FollowUpRound.objects.filter(plan=round.plan).count() == 1

    response = client.post(
        url, {**NEW_ROUND, "keep_other_rounds_open": "on", "keep_open_reason": "Två tempon."}
    )
    created = FollowUpRound.objects.get(plan=round.plan, as_of=datetime.date(2024, 8, 31))
    assert response["Location"] == reverse("followups:round", args=[created.pk])
    [override] = RoundOverride.objects.filter(round=created)
    assert (override.kind, override.reason, override.made_by) == (
        RoundOverride.Kind.ANOTHER_ROUND_OPEN,
        "Två tempon.",
        controller,
    )


def test_without_another_open_round_nothing_is_asked(client, controller, round):
    closed(round)
    client.force_login(controller)
    url = reverse("followups:create_round", args=[round.plan.pk])
    assert 'name="keep_other_rounds_open"' not in client.get(url).content.decode()
    assert client.post(url, NEW_ROUND).status_code == 302
    assert not RoundOverride.objects.exists()


def test_opening_a_closed_round_beside_an_open_one_asks_for_the_choice(
    client, controller, round, plan
):
    august = make_round(plan=plan, as_of=datetime.date(2024, 8, 31), state=State.CLOSED)
    client.force_login(controller)
    refused = client.post(move_url(august, "open"))
    assert refused.status_code == 409
    html = refused.content.decode()
    assert 'name="keep_other_rounds_open"' in html
    assert reverse("followups:round", args=[round.pk]) in html
    august.refresh_from_db()
    assert august.state == State.CLOSED

    client.post(move_url(august, "open"), {"keep_other_rounds_open": "on"})
    august.refresh_from_db()
    assert august.state == State.OPEN
    assert RoundOverride.objects.get(round=august).reason == ""


def test_reopening_a_published_round_beside_an_open_one_asks_too(client, controller, round, plan):
    august = make_round(plan=plan, as_of=datetime.date(2024, 8, 31), state=State.PUBLISHED)
    client.force_login(controller)
    assert client.post(move_url(august, "reopen")).status_code == 409
    client.post(move_url(august, "reopen"), {"keep_other_rounds_open": "on"})
    august.refresh_from_db()
    assert august.state == State.OPEN


# --- the deadline --------------------------------------------------------------------------------


def test_the_round_page_says_when_the_deadline_has_passed(client, editor, round):
    client.force_login(editor)
    url = reverse("followups:round", args=[round.pk])
    with time_machine.travel(datetime.datetime(2024, 4, 12, 15, tzinfo=datetime.UTC)):
        on_the_day = client.get(url).content.decode()
    with time_machine.travel(datetime.datetime(2024, 4, 13, 9, tzinfo=datetime.UTC)):
        after = client.get(url).content.decode()
    assert "Rapportera senast 12 april 2024." in on_the_day
    assert "Sista dag för rapportering var" not in on_the_day
    assert "Sista dag för rapportering var 12 april 2024." in after


# --- the API ---------------------------------------------------------------------------------------


def test_api_close_without_confirm_is_a_400_that_says_what_is_missing(
    controller, round, board, other_board
):
    response = api_post(api(controller), f"/rounds/{round.pk}/close")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "confirmation_required" and "confirm" in body["errors"]
    assert body["missing"]["total"] == 2
    assert [(b["board_id"], b["count"]) for b in body["missing"]["boards"]] == [
        (board.pk, 2),
        (other_board.pk, 1),
    ]
    assert body["missing"]["list"] == f"/api/rounds/{round.pk}/missing"
    round.refresh_from_db()
    assert round.state == State.OPEN
    confirmed = api_post(api(controller), f"/rounds/{round.pk}/close", {"confirm": True})
    assert confirmed.status_code == 200 and confirmed.json()["state"] == "closed"


def test_api_publish_before_the_as_of_date(controller, round):
    closed(round)
    client = api(controller)
    path = f"/rounds/{round.pk}/publish"
    with time_machine.travel(BEFORE_AS_OF):
        unconfirmed = api_post(client, path)
        early = api_post(client, path, {"confirm": True})
        no_reason = api_post(client, path, {"confirm": True, "before_as_of": True})
        round.refresh_from_db()
        assert round.state == State.CLOSED
        published = api_post(
            client,
            path,
            {"confirm": True, "before_as_of": True, "before_as_of_reason": "Beslut i förväg."},
        )
    assert (unconfirmed.status_code, unconfirmed.json()["code"]) == (400, "confirmation_required")
    assert (early.status_code, early.json()["code"]) == (409, "before_as_of")
    assert "before_as_of" in early.json()["errors"]
    assert (no_reason.status_code, no_reason.json()["code"]) == (400, "invalid")
    assert "before_as_of_reason" in no_reason.json()["errors"]
    assert published.status_code == 200 and published.json()["state"] == "published"
    assert RoundOverride.objects.get(round=round).reason == "Beslut i förväg."


def test_api_a_second_open_round_is_a_409_unless_chosen(controller, round, plan):
    client = api(controller)
    body = {"label": "Per 31 augusti", "as_of": "2024-08-31"}
    refused = api_post(client, f"/plans/{plan.pk}/rounds", body)
    assert refused.status_code == 409
    assert refused.json()["code"] == "another_round_open"
    assert refused.json()["open_rounds"] == [{"id": round.pk, "label": round.label}]
    created = api_post(client, f"/plans/{plan.pk}/rounds", {**body, "keep_other_rounds_open": True})
    assert created.status_code == 201
    august = FollowUpRound.objects.get(pk=created.json()["id"])
    assert RoundOverride.objects.get(round=august).made_by == controller

    closed(august)
    reopened = api_post(client, f"/rounds/{august.pk}/open")
    assert (reopened.status_code, reopened.json()["code"]) == (409, "another_round_open")
    chosen = api_post(client, f"/rounds/{august.pk}/open", {"keep_other_rounds_open": True})
    assert chosen.status_code == 200 and chosen.json()["state"] == "open"


def test_the_confirmation_page_reads_as_many_queries_for_3_or_30_missing(
    client, controller, round, plan, board, other_board
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(controller)

    def queries_of_the_close_page() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(move_url(round, "close")).status_code == 200
        return len(queries)

    few = queries_of_the_close_page()
    for number in range(27):
        make_activity(plan=plan, text=f"Fler {number}", boards=[board, other_board])
    assert queries_of_the_close_page() == few
